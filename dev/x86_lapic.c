/*
 * The x86 local APICs (x86_lapic.h; SDM 3:11). Register offsets are the
 * xAPIC page's (SDM 3:11.4.1 Table 11-1); the x2APIC MSR of offset `off`
 * is 0x800 + off / 16 (SDM 3:11.12.1.2 Table 11-6), with ICR one 64-bit
 * MSR, SELF IPI only there, DFR absent and LDR derived from the ID.
 *
 * Choices where the SDM leaves room: the version is 0x14 with six LVT
 * entries (timer, thermal, performance, LINT0, LINT1, error; no CMCI) and
 * no EOI-broadcast suppression; IA32_APIC_BASE keeps its base (relocating
 * the page is not modelled: other base bits are ignored); a lowest-priority
 * message goes to the lowest-numbered APIC it names (SDM 3:11.6.2.4 lets
 * the chipset pick); ICR's delivery status is always idle (a message is
 * delivered when written); LINT0/LINT1 are not wired (no 8259).
 */
#include <stdlib.h>
#include <string.h>

#include "dev/x86_lapic.h"
#include "mem/snap.h"

/* Register offsets (SDM 3:11.4.1 Table 11-1). */
enum {
	R_ID = 0x20, R_VERSION = 0x30, R_TPR = 0x80, R_APR = 0x90, R_PPR = 0xa0, R_EOI = 0xb0,
	R_RRD = 0xc0, R_LDR = 0xd0, R_DFR = 0xe0, R_SVR = 0xf0, R_ISR = 0x100, R_TMR = 0x180,
	R_IRR = 0x200, R_ESR = 0x280, R_ICR_LO = 0x300, R_ICR_HI = 0x310, R_LVT_TIMER = 0x320,
	R_LVT_THERMAL = 0x330, R_LVT_PERF = 0x340, R_LVT_LINT0 = 0x350, R_LVT_LINT1 = 0x360,
	R_LVT_ERROR = 0x370, R_TIMER_INIT = 0x380, R_TIMER_CUR = 0x390, R_TIMER_DIV = 0x3e0,
	R_SELF_IPI = 0x3f0,        /* x2APIC only */
};
#define N_LVT 6
#define LVT_INDEX(off) (((off) - R_LVT_TIMER) >> 4)
enum { LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR };

#define VERSION (0x14u | (N_LVT - 1u) << 16)
#define LVT_MASKED (1u << 16)
#define TIMER_MODE(lvt) (((lvt) >> 17) & 3)
enum { TIMER_ONESHOT, TIMER_PERIODIC, TIMER_DEADLINE };
/* The bits software may write in each LVT entry (SDM 3:11.5.1 Figure 11-8). */
static const uint32_t lvt_writable[N_LVT] = {
	[LVT_TIMER] = 0x700ff, [LVT_THERMAL] = 0x107ff, [LVT_PERF] = 0x107ff,
	[LVT_LINT0] = 0x1a7ff, [LVT_LINT1] = 0x1a7ff, [LVT_ERROR] = 0x100ff,
};
#define SVR_ENABLE (1u << 8)
#define SVR_WRITABLE 0x3ffu        /* vector, APIC enable, focus checking */
/* ESR bits (SDM 3:11.5.3): illegal vector sent / received, illegal register address. */
enum { ESR_SEND_ILLEGAL = 1u << 5, ESR_RECV_ILLEGAL = 1u << 6, ESR_ILLEGAL_REG = 1u << 7 };
/* IA32_APIC_BASE (SDM 3:11.4.4). */
enum { BASE_BSP = 1u << 8, BASE_EXTD = 1u << 10, BASE_EN = 1u << 11 };
#define MSR_APIC_BASE 0x1b
#define MSR_TSC_DEADLINE 0x6e0
#define MSR_X2APIC 0x800

struct x86_lapic {
	struct x86_lapics *sys;
	int index;
	uint32_t id;
	uint64_t base;             /* IA32_APIC_BASE */
	uint32_t tpr, ldr, dfr, svr, esr, esr_pending, icr_hi;
	uint32_t irr[8], isr[8], tmr[8];
	uint32_t lvt[N_LVT];
	uint32_t timer_init, timer_div;
	uint64_t timer_due;        /* ns: the timer fires (UINT64_MAX: stopped) */
	uint64_t tsc_deadline;
	bool intr;                 /* the INTR line as last told to the CPU */
};

struct x86_lapics {
	int n;
	struct x86_lapic_host host;
	struct x86_lapic cpu[X86_LAPIC_MAX_CPUS];
};

static bool x2(const struct x86_lapic *a)
{
	return a->base & BASE_EXTD;
}

static bool enabled(const struct x86_lapic *a)
{
	return (a->base & BASE_EN) && (a->svr & SVR_ENABLE);
}

/* The highest vector set in a 256-bit register, or -1. */
static int highest(const uint32_t *r)
{
	for (int i = 7; i >= 0; i--)
		if (r[i])
			return i * 32 + 31 - __builtin_clz(r[i]);
	return -1;
}

static bool test_bit(const uint32_t *r, unsigned v)
{
	return r[v / 32] >> (v % 32) & 1;
}

static void set_bit(uint32_t *r, unsigned v, bool on)
{
	if (on)
		r[v / 32] |= 1u << (v % 32);
	else
		r[v / 32] &= ~(1u << (v % 32));
}

/* PPR (SDM 3:11.8.3.1): the TPR, or the in-service class if that is higher. */
static uint32_t ppr(const struct x86_lapic *a)
{
	int isrv = highest(a->isr);
	uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;
	return (a->tpr & 0xf0) >= isr_class ? a->tpr & 0xff : isr_class;
}

/* The highest requested vector if its class is above the PPR's, or -1. */
static int deliverable(const struct x86_lapic *a)
{
	int v = highest(a->irr);
	return v >= 0 && ((uint32_t)v & 0xf0) > (ppr(a) & 0xf0) ? v : -1;
}

/* Tell the CPU whether an interrupt waits for it. */
static void update(struct x86_lapic *a)
{
	bool level = deliverable(a) >= 0;
	if (level != a->intr) {
		a->intr = level;
		a->sys->host.intr(a->sys->host.opaque, a->index, level);
	}
}

/* A fixed interrupt into the IRR (SDM 3:11.8.3); vectors 0-15 are illegal (11.5.3). */
static void accept(struct x86_lapic *a, uint8_t vector, bool level)
{
	if (!enabled(a))
		return;        /* a software-disabled APIC takes no fixed interrupts (SDM 3:11.4.7.2) */
	if (vector < 16) {
		a->esr_pending |= ESR_RECV_ILLEGAL;
		return;
	}
	set_bit(a->irr, vector, true);
	set_bit(a->tmr, vector, level);
	update(a);
}

/* ---------------------------------------------------------------- timer */

static unsigned divisor(const struct x86_lapic *a)
{
	/* SDM 3:11.5.4 Figure 11-10: bits 3, 1:0; 111b is divide by 1. */
	unsigned v = ((a->timer_div >> 1) & 4) | (a->timer_div & 3);
	return 1u << ((v + 1) & 7);
}

static uint64_t period_ns(const struct x86_lapic *a)
{
	return (uint64_t)a->timer_init * divisor(a);
}

static uint64_t now(const struct x86_lapic *a)
{
	return a->sys->host.now_ns(a->sys->host.opaque, a->index);
}

static void arm(struct x86_lapic *a, uint64_t due)
{
	a->timer_due = due;
	a->sys->host.timer_arm(a->sys->host.opaque, a->index, due);
}

/* One-shot and periodic: a new count from `start` (0 stops the timer, SDM 3:11.5.4). */
static void timer_start(struct x86_lapic *a, uint64_t start)
{
	arm(a, a->timer_init ? start + period_ns(a) : UINT64_MAX);
}

/* TSC-deadline: fire when the TSC reaches the deadline (SDM 3:11.5.4.1); 0 disarms. */
static void deadline_arm(struct x86_lapic *a)
{
	if (!a->tsc_deadline) {
		arm(a, UINT64_MAX);
		return;
	}
	const struct x86_lapic_host *h = &a->sys->host;
	uint64_t tsc = h->tsc(h->opaque, a->index), t = now(a);
	uint64_t left = a->tsc_deadline > tsc ? a->tsc_deadline - tsc : 0;
	unsigned __int128 ns = ((unsigned __int128)left * 1000000000u + h->tsc_hz - 1) / h->tsc_hz;
	arm(a, t + (uint64_t)ns);
}

static uint32_t timer_current(const struct x86_lapic *a)
{
	if (TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_DEADLINE || a->timer_due == UINT64_MAX)
		return 0;
	uint64_t t = now(a);
	if (t >= a->timer_due)
		return 0;
	return (uint32_t)((a->timer_due - t + divisor(a) - 1) / divisor(a));
}

void x86_lapic_timer_fire(struct x86_lapics *l, int cpu)
{
	struct x86_lapic *a = &l->cpu[cpu];
	uint32_t lvt = a->lvt[LVT_TIMER];
	uint64_t due = a->timer_due;
	a->timer_due = UINT64_MAX;
	if (TIMER_MODE(lvt) == TIMER_DEADLINE)
		a->tsc_deadline = 0;
	else if (TIMER_MODE(lvt) == TIMER_PERIODIC && a->timer_init)
		timer_start(a, due);   /* the next period counts from this one's end, not from now */
	if (!(lvt & LVT_MASKED))
		accept(a, (uint8_t)lvt, false);
}

/* ----------------------------------------------------------- messages */

/* Does the message's destination name APIC a (SDM 3:11.6.2, 11.12.9)? */
static bool names(const struct x86_lapic *a, const struct x86_apic_msg *m)
{
	uint32_t bcast = m->x2 ? 0xffffffffu : 0xffu;
	if (m->dest == bcast)
		return true;
	if (!m->logical)
		return m->dest == a->id;
	if (m->x2)
		return (m->dest >> 16) == (a->ldr >> 16) && (m->dest & a->ldr & 0xffff);
	uint32_t ldr = a->ldr >> 24;
	if ((a->dfr >> 28) == 0xf)   /* flat model: a bit per APIC */
		return (ldr & m->dest) != 0;
	return (ldr >> 4) == (m->dest >> 4) && (ldr & m->dest & 0xf);   /* cluster model */
}

static bool targets(const struct x86_lapics *l, const struct x86_apic_msg *m, int i)
{
	switch (m->shorthand) {
	case X86_SH_SELF: return i == m->src;
	case X86_SH_ALL: return true;
	case X86_SH_OTHERS: return i != m->src;
	default: return names(&l->cpu[i], m);
	}
}

static void lapic_reset(struct x86_lapic *a);

static void deliver_one(struct x86_lapics *l, int i, const struct x86_apic_msg *m)
{
	struct x86_lapic *a = &l->cpu[i];
	if (!(a->base & BASE_EN))
		return;        /* a hardware-disabled APIC takes nothing */
	switch (m->mode) {
	case X86_DM_FIXED:
	case X86_DM_LOWEST:
		accept(a, m->vector, m->level);
		break;
	case X86_DM_NMI:
		l->host.nmi(l->host.opaque, i);
		break;
	case X86_DM_INIT:
		/* INIT resets the APIC but its ID and IA32_APIC_BASE (SDM 3:11.4.7.3). */
		lapic_reset(a);
		l->host.init(l->host.opaque, i);
		break;
	case X86_DM_SIPI:
		l->host.sipi(l->host.opaque, i, m->vector);
		break;
	default:
		break;         /* SMI and ExtINT: nothing models them */
	}
}

void x86_lapics_deliver(struct x86_lapics *l, const struct x86_apic_msg *m)
{
	for (int i = 0; i < l->n; i++) {
		if (!targets(l, m, i))
			continue;
		deliver_one(l, i, m);
		if (m->mode == X86_DM_LOWEST && m->shorthand == X86_SH_NONE)
			break;     /* to one APIC: the lowest-numbered (the header's choice) */
	}
}

/* Send the IPI ICR describes (SDM 3:11.6.1). */
static void send_ipi(struct x86_lapic *a, uint32_t lo, uint32_t dest)
{
	struct x86_apic_msg m = {
		.dest = dest, .vector = (uint8_t)lo, .mode = (lo >> 8) & 7, .logical = lo >> 11 & 1,
		.level = lo >> 15 & 1, .shorthand = (lo >> 18) & 3, .x2 = x2(a), .src = a->index,
	};
	/* INIT level de-assert (level 0, level-triggered) only synchronises arbitration IDs. */
	if (m.mode == X86_DM_INIT && !(lo >> 14 & 1) && m.level)
		return;
	m.level = m.mode == X86_DM_FIXED && m.level;
	if ((m.mode == X86_DM_FIXED || m.mode == X86_DM_LOWEST) && m.vector < 16) {
		a->esr_pending |= ESR_SEND_ILLEGAL;
		return;
	}
	x86_lapics_deliver(a->sys, &m);
}

/* ----------------------------------------------------------- registers */

static void eoi(struct x86_lapic *a)
{
	int v = highest(a->isr);
	if (v < 0)
		return;
	set_bit(a->isr, (unsigned)v, false);
	if (test_bit(a->tmr, (unsigned)v)) {
		set_bit(a->tmr, (unsigned)v, false);
		a->sys->host.eoi(a->sys->host.opaque, (uint8_t)v);
	}
	update(a);
}

static uint32_t x2_ldr(uint32_t id)
{
	/* SDM 3:11.12.10.2: cluster ID in 31:16, one bit of 16 in 15:0. */
	return (id >> 4) << 16 | 1u << (id & 0xf);
}

static void lapic_reset(struct x86_lapic *a)
{
	memset(a->irr, 0, sizeof(a->irr));
	memset(a->isr, 0, sizeof(a->isr));
	memset(a->tmr, 0, sizeof(a->tmr));
	a->tpr = a->esr = a->esr_pending = a->icr_hi = 0;
	a->ldr = x2(a) ? x2_ldr(a->id) : 0;
	a->dfr = 0xffffffffu;
	a->svr = 0xff;
	for (int i = 0; i < N_LVT; i++)
		a->lvt[i] = LVT_MASKED;
	a->timer_init = a->timer_div = 0;
	a->tsc_deadline = 0;
	if (a->timer_due != UINT64_MAX)
		arm(a, UINT64_MAX);
	if (a->intr) {
		a->intr = false;
		a->sys->host.intr(a->sys->host.opaque, a->index, false);
	}
}

uint32_t x86_lapic_read(struct x86_lapic *a, uint32_t off)
{
	switch (off) {
	case R_ID: return x2(a) ? a->id : a->id << 24;
	case R_VERSION: return VERSION;
	case R_TPR: return a->tpr;
	case R_APR: return 0;
	case R_PPR: return ppr(a);
	case R_LDR: return a->ldr;
	case R_DFR: return a->dfr;
	case R_SVR: return a->svr;
	case R_ESR: return a->esr;
	case R_ICR_LO: return 0;   /* the last command's fields are not kept: delivery status idle */
	case R_ICR_HI: return a->icr_hi;
	case R_TIMER_INIT: return a->timer_init;
	case R_TIMER_CUR: return timer_current(a);
	case R_TIMER_DIV: return a->timer_div;
	default:
		break;
	}
	if (off >= R_ISR && off < R_ISR + 0x80)
		return a->isr[(off - R_ISR) >> 4];
	if (off >= R_TMR && off < R_TMR + 0x80)
		return a->tmr[(off - R_TMR) >> 4];
	if (off >= R_IRR && off < R_IRR + 0x80)
		return a->irr[(off - R_IRR) >> 4];
	if (off >= R_LVT_TIMER && off <= R_LVT_ERROR)
		return a->lvt[LVT_INDEX(off)];
	return 0;
}

static void write_lvt(struct x86_lapic *a, unsigned i, uint32_t val)
{
	uint32_t old = a->lvt[i];
	val &= lvt_writable[i];
	if (!(a->svr & SVR_ENABLE))
		val |= LVT_MASKED;     /* software-disabled: every LVT stays masked (SDM 3:11.4.7.2) */
	a->lvt[i] = val;
	if (i == LVT_TIMER &&
	    (TIMER_MODE(old) == TIMER_DEADLINE) != (TIMER_MODE(val) == TIMER_DEADLINE)) {
		/*
		 * Into or out of TSC-deadline mode disarms the timer (SDM
		 * 3:11.5.4.1); between one-shot and periodic the count goes on,
		 * and the mode at its end decides whether it reloads.
		 */
		a->tsc_deadline = 0;
		a->timer_init = 0;
		arm(a, UINT64_MAX);
	}
}

void x86_lapic_write(struct x86_lapic *a, uint32_t off, uint32_t val)
{
	switch (off) {
	case R_TPR:
		a->tpr = val & 0xff;
		update(a);
		return;
	case R_EOI:
		eoi(a);
		return;
	case R_LDR:
		if (!x2(a))
			a->ldr = val & 0xff000000u;
		return;
	case R_DFR:
		if (!x2(a))
			a->dfr = val | 0x0fffffffu;
		return;
	case R_SVR:
		a->svr = val & SVR_WRITABLE;
		if (!(val & SVR_ENABLE))
			for (int i = 0; i < N_LVT; i++)
				a->lvt[i] |= LVT_MASKED;
		update(a);
		return;
	case R_ESR:
		/* A write latches the errors since the last one (SDM 3:11.5.3). */
		a->esr = a->esr_pending;
		a->esr_pending = 0;
		return;
	case R_ICR_HI:
		a->icr_hi = val & 0xff000000u;
		return;
	case R_ICR_LO:
		send_ipi(a, val, a->icr_hi >> 24);
		return;
	case R_TIMER_INIT:
		if (TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_DEADLINE)
			return;    /* ignored in TSC-deadline mode (SDM 3:11.5.4.1) */
		a->timer_init = val;
		timer_start(a, now(a));
		return;
	case R_TIMER_DIV: {
		/* The divider applies from now: the count left keeps its ticks. */
		uint32_t left = timer_current(a);
		a->timer_div = val & 0xb;
		if (left && TIMER_MODE(a->lvt[LVT_TIMER]) != TIMER_DEADLINE) {
			arm(a, now(a) + (uint64_t)left * divisor(a));
		}
		return;
	}
	case R_SELF_IPI:
		accept(a, (uint8_t)val, false);
		return;
	default:
		break;
	}
	if (off >= R_LVT_TIMER && off <= R_LVT_ERROR)
		write_lvt(a, LVT_INDEX(off), val);
	/* Read-only and reserved offsets: ignored. */
}

/* --------------------------------------------------- xAPIC page (MMIO) */

/* The 32-bit register at a 16-byte boundary; other bytes read 0 and ignore writes. */
static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct x86_lapics *l = opaque;
	if (who->vcpu < 0 || who->vcpu >= l->n)
		return 0;
	struct x86_lapic *a = &l->cpu[who->vcpu];
	/* Not there in x2APIC mode nor when hardware-disabled (SDM 3:11.12.1.2, 11.4.3). */
	if (x2(a) || !(a->base & BASE_EN) || (off & 0xf) + size > 4 || off == R_SELF_IPI)
		return 0;
	return x86_lapic_read(a, (uint32_t)(off & ~0xfull)) >> (8 * (off & 3)) &
	       (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1);
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		       uint64_t val)
{
	struct x86_lapics *l = opaque;
	if (who->vcpu < 0 || who->vcpu >= l->n)
		return;
	struct x86_lapic *a = &l->cpu[who->vcpu];
	if (x2(a) || !(a->base & BASE_EN) || (off & 0xf) != 0 || size != 4 || off == R_SELF_IPI)
		return;
	x86_lapic_write(a, (uint32_t)off, (uint32_t)val);
}

static const struct mem_mmio_ops mmio_ops = { mmio_read, mmio_write };

/* --------------------------------------------------- the CPU's side */

/* IA32_APIC_BASE (SDM 3:11.12.5 Figure 11-27): the legal mode transitions. */
static bool write_base(struct x86_lapic *a, uint64_t val)
{
	uint64_t reserved = 0xff | 1u << 9 | ~((1ull << 40) - 1);
	if (val & reserved)
		return false;
	bool en = val & BASE_EN, ext = val & BASE_EXTD;
	bool was_en = a->base & BASE_EN, was_ext = x2(a);
	if ((ext && !en) || (was_ext && en && !ext) || (!was_en && ext))
		return false;
	a->base = (a->base & ~(uint64_t)(BASE_EN | BASE_EXTD)) | (val & (BASE_EN | BASE_EXTD));
	if (!en && was_en)
		lapic_reset(a);
	if (ext)
		a->ldr = x2_ldr(a->id);
	return true;
}

/* The x2APIC offsets software may read, and those it may write (SDM 3:11.12.1.2 Table 11-6). */
static bool x2_readable(uint32_t off)
{
	return off == R_ID || off == R_VERSION || off == R_TPR || off == R_PPR || off == R_LDR ||
	       off == R_SVR || off == R_ESR || off == R_ICR_LO ||
	       (off >= R_ISR && off < R_IRR + 0x80) ||
	       (off >= R_LVT_TIMER && off <= R_TIMER_CUR) || off == R_TIMER_DIV;
}

static bool x2_writable(uint32_t off)
{
	return off == R_TPR || off == R_EOI || off == R_SVR || off == R_ESR || off == R_ICR_LO ||
	       (off >= R_LVT_TIMER && off <= R_TIMER_INIT) || off == R_TIMER_DIV || off == R_SELF_IPI;
}

bool x86_lapic_msr(void *apic, uint32_t index, uint64_t *val, bool write)
{
	struct x86_lapic *a = apic;
	if (index == MSR_APIC_BASE) {
		if (write)
			return write_base(a, *val);
		*val = a->base;
		return true;
	}
	if (index == MSR_TSC_DEADLINE) {
		/* Reads 0 and ignores writes outside TSC-deadline mode (SDM 3:11.5.4.1). */
		bool on = TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_DEADLINE && (a->base & BASE_EN);
		if (!write) {
			*val = on ? a->tsc_deadline : 0;
		} else if (on) {
			a->tsc_deadline = *val;
			deadline_arm(a);
		}
		return true;
	}
	uint32_t off = (index - MSR_X2APIC) << 4;
	if (index < MSR_X2APIC || index > MSR_X2APIC + 0xff || !x2(a))
		return false;
	if (!write) {
		if (!x2_readable(off))
			return false;
		*val = off == R_ICR_LO ? (uint64_t)a->icr_hi << 32 : x86_lapic_read(a, off);
		return true;
	}
	/* Writable, no reserved bit of 63:32 but ICR's destination, EOI and ESR only zero. */
	if (!x2_writable(off) || (off != R_ICR_LO && *val >> 32) ||
	    ((off == R_EOI || off == R_ESR) && *val) || (off == R_SELF_IPI && *val >> 8))
		return false;
	if (off == R_ICR_LO) {
		a->icr_hi = (uint32_t)(*val >> 32);
		send_ipi(a, (uint32_t)*val, a->icr_hi);
	} else {
		x86_lapic_write(a, off, (uint32_t)*val);
	}
	return true;
}

int x86_lapic_ack(void *apic)
{
	struct x86_lapic *a = apic;
	int v = deliverable(a);
	if (v < 0)
		return -1;
	set_bit(a->irr, (unsigned)v, false);
	set_bit(a->isr, (unsigned)v, true);
	update(a);
	return v;
}

/* CR8 is TPR[7:4] (SDM 3:11.8.6). */
void x86_lapic_set_tpr(void *apic, unsigned cr8)
{
	x86_lapic_write(apic, R_TPR, cr8 << 4);
}

unsigned x86_lapic_get_tpr(void *apic)
{
	return ((struct x86_lapic *)apic)->tpr >> 4;
}

/* ------------------------------------------------------------- create */

struct x86_lapics *x86_lapics_new(int n_cpus, const struct x86_lapic_host *host)
{
	if (n_cpus < 1 || n_cpus > X86_LAPIC_MAX_CPUS || !host->tsc_hz)
		return NULL;
	struct x86_lapics *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->n = n_cpus;
	l->host = *host;
	for (int i = 0; i < n_cpus; i++) {
		struct x86_lapic *a = &l->cpu[i];
		a->sys = l;
		a->index = i;
		a->timer_due = UINT64_MAX;
	}
	x86_lapics_reset(l);
	return l;
}

void x86_lapics_reset(struct x86_lapics *l)
{
	for (int i = 0; i < l->n; i++) {
		struct x86_lapic *a = &l->cpu[i];
		a->id = (uint32_t)i;
		a->base = X86_LAPIC_BASE | BASE_EN | (i == 0 ? BASE_BSP : 0);
		lapic_reset(a);
	}
}

void x86_lapics_free(struct x86_lapics *l)
{
	free(l);
}

bool x86_lapics_map(struct x86_lapics *l, struct mem_space *mem, uint64_t base)
{
	return mem_add_mmio(mem, "lapic", base, 0x1000, &mmio_ops, l) != NULL;
}

struct x86_lapic *x86_lapic_cpu(struct x86_lapics *l, int cpu)
{
	return &l->cpu[cpu];
}

/*
 * Each APIC's registers, its timer's due time and the INTR level last told
 * to the CPU (the CPU's own copy is in its snapshot). The timer's event is
 * on the host's queue and saved by the host.
 */
void x86_lapics_snapshot(struct x86_lapics *l, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct x86_lapic, id), SNAP_FIELD(struct x86_lapic, base),
		SNAP_FIELD(struct x86_lapic, tpr), SNAP_FIELD(struct x86_lapic, ldr),
		SNAP_FIELD(struct x86_lapic, dfr), SNAP_FIELD(struct x86_lapic, svr),
		SNAP_FIELD(struct x86_lapic, esr), SNAP_FIELD(struct x86_lapic, esr_pending),
		SNAP_FIELD(struct x86_lapic, icr_hi), SNAP_FIELD(struct x86_lapic, irr),
		SNAP_FIELD(struct x86_lapic, isr), SNAP_FIELD(struct x86_lapic, tmr),
		SNAP_FIELD(struct x86_lapic, lvt), SNAP_FIELD(struct x86_lapic, timer_init),
		SNAP_FIELD(struct x86_lapic, timer_div), SNAP_FIELD(struct x86_lapic, timer_due),
		SNAP_FIELD(struct x86_lapic, tsc_deadline), SNAP_FIELD(struct x86_lapic, intr),
	};
	snap_section(s, "x86-lapic");
	for (int i = 0; i < l->n; i++)
		snap_fields(s, &l->cpu[i], f, SNAP_N(f));
}
