/*
 * The x86 local APICs and the IO-APIC (dev/x86_lapic, dev/x86_ioapic)
 * against a fake board: acceptance by priority (TPR, PPR, ISR, EOI), the
 * timer in its three modes on a clock the test moves, IPIs with physical,
 * logical and shorthand destinations, NMI/INIT/SIPI, the x2APIC MSRs and
 * IA32_APIC_BASE's transitions, the xAPIC page selected by the requester,
 * and the IO-APIC's edge and level pins with remote IRR and EOI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/x86-coco/x86.h"
#include "dev/x86_ioapic.h"
#include "dev/x86_lapic.h"
#include "tests/unit/dev_test.h"

#define CPUS 4
#define TSC_HZ 2000000000ull   /* two TSC ticks a nanosecond: the conversion shows */

struct fixture {
	struct mem_space mem;
	struct x86_lapics *l;
	struct x86_ioapic *io;
	uint64_t now;              /* ns, every CPU's */
	bool intr[CPUS];
	int nmis[CPUS], inits[CPUS], sipis[CPUS];
	uint8_t sipi_vector[CPUS];
	uint64_t armed[CPUS];
	int eois;
	uint8_t eoi_vector;
};

static void h_intr(void *o, int cpu, bool level) { ((struct fixture *)o)->intr[cpu] = level; }
static void h_nmi(void *o, int cpu) { ((struct fixture *)o)->nmis[cpu]++; }
static void h_init(void *o, int cpu) { ((struct fixture *)o)->inits[cpu]++; }
static void h_sipi(void *o, int cpu, uint8_t v)
{
	struct fixture *f = o;
	f->sipis[cpu]++;
	f->sipi_vector[cpu] = v;
}
static void h_eoi(void *o, uint8_t v)
{
	struct fixture *f = o;
	f->eois++;
	f->eoi_vector = v;
	x86_ioapic_eoi(f->io, v);
}
static uint64_t h_now(void *o, int cpu) { (void)cpu; return ((struct fixture *)o)->now; }
static uint64_t h_tsc(void *o, int cpu) { (void)cpu; return ((struct fixture *)o)->now * 2; }
static void h_arm(void *o, int cpu, uint64_t ns) { ((struct fixture *)o)->armed[cpu] = ns; }

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	const struct x86_lapic_host host = {
		.opaque = f, .intr = h_intr, .nmi = h_nmi, .init = h_init, .sipi = h_sipi,
		.eoi = h_eoi, .now_ns = h_now, .tsc = h_tsc, .timer_arm = h_arm, .tsc_hz = TSC_HZ,
	};
	f->l = x86_lapics_new(CPUS, &host);
	assert_non_null(f->l);
	assert_true(x86_lapics_map(f->l, &f->mem, X86_LAPIC_BASE));
	f->io = x86_ioapic_new(&f->mem, X86_IOAPIC_BASE, 0, f->l);
	assert_non_null(f->io);
	for (int i = 0; i < CPUS; i++) {
		f->armed[i] = UINT64_MAX;
		x86_lapic_write(x86_lapic_cpu(f->l, i), 0xf0, 0x1ff);   /* SVR: enabled, spurious 0xff */
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	x86_ioapic_free(f->io);
	x86_lapics_free(f->l);
	mem_space_free(&f->mem);
	free(f);
	return 0;
}

static struct x86_lapic *apic(struct fixture *f, int i)
{
	return x86_lapic_cpu(f->l, i);
}

static uint32_t rd(struct fixture *f, int i, uint32_t off)
{
	return x86_lapic_read(apic(f, i), off);
}

static void wr(struct fixture *f, int i, uint32_t off, uint32_t v)
{
	x86_lapic_write(apic(f, i), off, v);
}

static int ack(struct fixture *f, int i)
{
	return x86_lapic_ack(apic(f, i));
}

static bool msr(struct fixture *f, int i, uint32_t index, uint64_t *v, bool write)
{
	return x86_lapic_msr(apic(f, i), index, v, write);
}

/* An xAPIC IPI: ICR high then low (SDM 3:11.6.1). */
static void ipi(struct fixture *f, int from, uint32_t dest, uint32_t lo)
{
	wr(f, from, 0x310, dest << 24);
	wr(f, from, 0x300, lo);
}

static void test_reset_values(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(rd(f, 2, 0x20), 2u << 24);
	assert_int_equal(rd(f, 0, 0x30), 0x50014);
	assert_int_equal(rd(f, 0, 0xe0), 0xffffffff);
	for (uint32_t off = 0x320; off <= 0x370; off += 0x10)
		assert_int_equal(rd(f, 1, off), 1u << 16);
	uint64_t base;
	assert_true(msr(f, 0, 0x1b, &base, false));
	assert_int_equal(base, 0xfee00000 | 1 << 11 | 1 << 8);   /* enabled, BSP */
	assert_true(msr(f, 1, 0x1b, &base, false));
	assert_int_equal(base, 0xfee00000 | 1 << 11);
}

/* Priority: one interrupt per class in service, higher classes preempt, EOI the highest. */
static void test_priority_and_eoi(void **state)
{
	struct fixture *f = *state;
	ipi(f, 0, 0, 0x45 | 1 << 18);              /* fixed, self */
	assert_true(f->intr[0]);
	assert_int_equal(ack(f, 0), 0x45);
	assert_false(f->intr[0]);
	assert_int_equal(rd(f, 0, 0xa0), 0x40);     /* PPR: the in-service class */
	assert_int_equal(rd(f, 0, 0x100 + 0x20), 1u << 5);   /* ISR bit 0x45 */
	ipi(f, 0, 0, 0x41 | 1 << 18);
	assert_false(f->intr[0]);                   /* same class: waits */
	ipi(f, 0, 0, 0x61 | 1 << 18);
	assert_true(f->intr[0]);
	assert_int_equal(ack(f, 0), 0x61);
	assert_int_equal(rd(f, 0, 0xa0), 0x60);
	wr(f, 0, 0xb0, 0);                          /* EOI 0x61 */
	assert_int_equal(rd(f, 0, 0xa0), 0x40);
	assert_false(f->intr[0]);
	wr(f, 0, 0xb0, 0);                          /* EOI 0x45: 0x41 may come */
	assert_true(f->intr[0]);
	assert_int_equal(ack(f, 0), 0x41);
	assert_int_equal(f->eois, 0);               /* edge: no EOI broadcast */
}

/* TPR (and CR8, its upper nibble) holds back classes at or below it. */
static void test_tpr_masking(void **state)
{
	struct fixture *f = *state;
	wr(f, 1, 0x80, 0x50);
	ipi(f, 0, 1, 0x55);
	assert_false(f->intr[1]);
	assert_int_equal(ack(f, 1), -1);
	assert_int_equal(rd(f, 1, 0xa0), 0x50);
	x86_lapic_set_tpr(apic(f, 1), 4);
	assert_int_equal(rd(f, 1, 0x80), 0x40);
	assert_int_equal(x86_lapic_get_tpr(apic(f, 1)), 4);
	assert_true(f->intr[1]);
	assert_int_equal(ack(f, 1), 0x55);
}

static void test_timer_oneshot(void **state)
{
	struct fixture *f = *state;
	f->now = 100;
	wr(f, 0, 0x3e0, 0xb);                       /* divide by 1 */
	wr(f, 0, 0x320, 0x30);                      /* one-shot, vector 0x30 */
	wr(f, 0, 0x380, 1000);
	assert_int_equal(f->armed[0], 1100);
	f->now = 600;
	assert_int_equal(rd(f, 0, 0x390), 500);
	wr(f, 0, 0x3e0, 0x1);                       /* divide by 4: 500 ticks left take 2000 ns */
	assert_int_equal(f->armed[0], 2600);
	f->now = 2600;
	x86_lapic_timer_fire(f->l, 0);
	assert_int_equal(rd(f, 0, 0x390), 0);
	assert_true(f->intr[0]);
	assert_int_equal(ack(f, 0), 0x30);
	wr(f, 0, 0x380, 0);                         /* a zero count stops it */
	assert_int_equal(f->armed[0], UINT64_MAX);
}

/* Periodic: the next period starts at the last deadline; masked, it counts without interrupts. */
static void test_timer_periodic(void **state)
{
	struct fixture *f = *state;
	f->now = 10;
	wr(f, 2, 0x3e0, 0x0);                       /* divide by 2 */
	wr(f, 2, 0x320, 0x31 | 1 << 17);
	wr(f, 2, 0x380, 50);
	assert_int_equal(f->armed[2], 110);
	f->now = 115;                               /* fired late: the period still starts at 110 */
	x86_lapic_timer_fire(f->l, 2);
	assert_int_equal(f->armed[2], 210);
	assert_int_equal(rd(f, 2, 0x390), 48);
	assert_int_equal(ack(f, 2), 0x31);
	wr(f, 2, 0xb0, 0);
	wr(f, 2, 0x320, 0x31 | 1 << 17 | 1 << 16);  /* masked, same mode: keeps counting */
	f->now = 210;
	x86_lapic_timer_fire(f->l, 2);
	assert_false(f->intr[2]);
	assert_int_equal(f->armed[2], 310);
	wr(f, 2, 0x320, 0x31);                      /* to one-shot: this period still ends, no reload */
	assert_int_equal(f->armed[2], 310);
	f->now = 310;
	x86_lapic_timer_fire(f->l, 2);
	assert_int_equal(ack(f, 2), 0x31);
	assert_int_equal(rd(f, 2, 0x390), 0);
	assert_int_equal(f->armed[2], 310);         /* not armed again */
	wr(f, 2, 0x320, 0x31 | 2 << 17);            /* into TSC-deadline mode: disarmed */
	wr(f, 2, 0x380, 0);
	assert_int_equal(rd(f, 2, 0x380), 0);
}

static void test_timer_tsc_deadline(void **state)
{
	struct fixture *f = *state;
	uint64_t v = 5000;
	f->now = 1000;                              /* TSC 2000 */
	assert_true(msr(f, 0, 0x6e0, &v, true));    /* not deadline mode: ignored */
	assert_true(msr(f, 0, 0x6e0, &v, false));
	assert_int_equal(v, 0);
	wr(f, 0, 0x320, 0x40 | 2 << 17);
	v = 5001;
	assert_true(msr(f, 0, 0x6e0, &v, true));
	assert_int_equal(f->armed[0], 1000 + 1501);  /* 3001 TSC ticks: rounded up to whole ns */
	wr(f, 0, 0x380, 77);                        /* initial count: ignored */
	assert_int_equal(rd(f, 0, 0x380), 0);
	assert_true(msr(f, 0, 0x6e0, &v, false));
	assert_int_equal(v, 5001);
	f->now = 2501;
	x86_lapic_timer_fire(f->l, 0);
	assert_true(msr(f, 0, 0x6e0, &v, false));
	assert_int_equal(v, 0);
	assert_int_equal(ack(f, 0), 0x40);
	v = 100;                                    /* in the past: at once */
	assert_true(msr(f, 0, 0x6e0, &v, true));
	assert_int_equal(f->armed[0], 2501);
	v = 0;                                      /* disarm */
	assert_true(msr(f, 0, 0x6e0, &v, true));
	assert_int_equal(f->armed[0], UINT64_MAX);
	v = 9000;                                   /* out of TSC-deadline mode: disarmed, MSR reads 0 */
	assert_true(msr(f, 0, 0x6e0, &v, true));
	wr(f, 0, 0x320, 0x40);
	assert_int_equal(f->armed[0], UINT64_MAX);
	assert_true(msr(f, 0, 0x6e0, &v, false));
	assert_int_equal(v, 0);
}

/* Physical, logical flat and cluster destinations, shorthands, lowest priority to one. */
static void test_ipi_destinations(void **state)
{
	struct fixture *f = *state;
	ipi(f, 0, 3, 0x50);
	assert_true(f->intr[3] && !f->intr[1] && !f->intr[2]);
	assert_int_equal(ack(f, 3), 0x50);
	wr(f, 3, 0xb0, 0);
	for (int i = 0; i < CPUS; i++)
		wr(f, i, 0xd0, (1u << i) << 24);        /* flat: one bit each */
	ipi(f, 0, 0x6, 0x51 | 1 << 11);             /* logical 1 and 2 */
	assert_true(!f->intr[0] && f->intr[1] && f->intr[2] && !f->intr[3]);
	assert_int_equal(ack(f, 1), 0x51);
	assert_int_equal(ack(f, 2), 0x51);
	wr(f, 1, 0xb0, 0);
	wr(f, 2, 0xb0, 0);
	ipi(f, 0, 0xe, 0x52 | 1 << 11 | 1 << 8);    /* lowest priority among 1-3: one only */
	assert_true(f->intr[1] && !f->intr[2] && !f->intr[3]);
	assert_int_equal(ack(f, 1), 0x52);
	wr(f, 1, 0xb0, 0);
	for (int i = 0; i < CPUS; i++) {
		wr(f, i, 0xe0, 0x0fffffff);             /* cluster model: cluster i/2, member bit */
		wr(f, i, 0xd0, ((uint32_t)(i / 2) << 4 | 1u << (i % 2)) << 24);
	}
	ipi(f, 0, 0x12, 0x53 | 1 << 11);            /* cluster 1, member 1: CPU 3 */
	assert_true(f->intr[3] && !f->intr[2]);
	assert_int_equal(ack(f, 3), 0x53);
	wr(f, 3, 0xb0, 0);
	ipi(f, 1, 0, 0x54 | 3 << 18);               /* all but self */
	assert_true(f->intr[0] && !f->intr[1] && f->intr[2] && f->intr[3]);
	ipi(f, 1, 0, 0x54 | 2 << 18);               /* all */
	assert_true(f->intr[1]);
	ipi(f, 0, 0xff, 0x08);                      /* vector below 16: not sent, ESR says so */
	wr(f, 0, 0x280, 0);
	assert_int_equal(rd(f, 0, 0x280), 1u << 5);
}

static void test_nmi_init_sipi(void **state)
{
	struct fixture *f = *state;
	wr(f, 2, 0x80, 0x70);
	ipi(f, 0, 2, 4u << 8);                      /* NMI */
	assert_int_equal(f->nmis[2], 1);
	ipi(f, 0, 2, 5u << 8 | 1 << 14 | 1 << 15);  /* INIT assert */
	assert_int_equal(f->inits[2], 1);
	assert_int_equal(rd(f, 2, 0x80), 0);        /* the APIC was reset */
	assert_int_equal(rd(f, 2, 0xf0), 0xff);
	ipi(f, 0, 2, 5u << 8 | 1 << 15);            /* INIT de-assert: nothing */
	assert_int_equal(f->inits[2], 1);
	ipi(f, 0, 2, 6u << 8 | 0x9a);               /* SIPI */
	assert_int_equal(f->sipis[2], 1);
	assert_int_equal(f->sipi_vector[2], 0x9a);
	ipi(f, 0, 0, 5u << 8 | 1 << 14 | 3 << 18);  /* INIT to all others */
	assert_int_equal(f->inits[0], 0);
	assert_int_equal(f->inits[1] + f->inits[2] + f->inits[3], 1 + 2 + 1);
}

/* IA32_APIC_BASE's transitions and the x2APIC MSRs. */
static void test_x2apic(void **state)
{
	struct fixture *f = *state;
	uint64_t v;
	assert_false(msr(f, 1, 0x802, &v, false));  /* xAPIC mode: no x2APIC MSRs */
	v = 0xfee00000 | 1 << 10;                   /* x2APIC without EN: #GP */
	assert_false(msr(f, 1, 0x1b, &v, true));
	v = 0xfee00000 | 3 << 10;
	assert_true(msr(f, 1, 0x1b, &v, true));
	assert_true(msr(f, 1, 0x802, &v, false));
	assert_int_equal(v, 1);
	assert_true(msr(f, 1, 0x80d, &v, false));
	assert_int_equal(v, 1u << 1);               /* LDR: cluster 0, bit 1 */
	assert_false(msr(f, 1, 0x80d, &v, true));   /* read-only */
	assert_false(msr(f, 1, 0x80e, &v, false));  /* no DFR */
	assert_false(msr(f, 1, 0x80b, &v, false));  /* EOI: write-only */
	v = 1;
	assert_false(msr(f, 1, 0x80b, &v, true));   /* EOI: only 0 */
	assert_int_equal(rd(f, 1, 0x20), 1);
	/* x2APIC to xAPIC directly: #GP; through disabled: fine. */
	v = 0xfee00000 | 1 << 11;
	assert_false(msr(f, 1, 0x1b, &v, true));
	/* The ICR as one MSR: 32-bit destination; SELF IPI. */
	v = 0x3ull << 32 | 0x66;
	assert_true(msr(f, 1, 0x830, &v, true));
	assert_true(f->intr[3]);
	v = 0x67;
	assert_true(msr(f, 1, 0x83f, &v, true));
	assert_true(f->intr[1]);
	assert_int_equal(ack(f, 1), 0x67);
	v = 0;
	assert_true(msr(f, 1, 0x80b, &v, true));
	/* The xAPIC page is not there in x2APIC mode. */
	struct mem_req cpu1 = test_cpu0;
	cpu1.vcpu = 1;
	uint64_t x = 1;
	assert_true(mem_guest_io(&f->mem, &cpu1, X86_LAPIC_BASE + 0x30, 4, false, &x));
	assert_int_equal(x, 0);
	v = 0xfee00000;                             /* disable (resets), then xAPIC */
	assert_true(msr(f, 1, 0x1b, &v, true));
	v = 0xfee00000 | 1 << 11;
	assert_true(msr(f, 1, 0x1b, &v, true));
	v = 0xfee00000 | 3 << 10;                   /* disabled straight to x2APIC: #GP */
	uint64_t off = 0xfee00000;
	assert_true(msr(f, 2, 0x1b, &off, true));
	assert_false(msr(f, 2, 0x1b, &v, true));
}

/* The page at 0xfee00000: each vCPU reaches its own APIC. */
static void test_mmio_by_requester(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < CPUS; i++) {
		struct mem_req who = test_cpu0;
		who.vcpu = (int16_t)i;
		uint64_t x = 0;
		assert_true(mem_guest_io(&f->mem, &who, X86_LAPIC_BASE + 0x20, 4, false, &x));
		assert_int_equal(x, (uint64_t)i << 24);
		x = 0x20 + (uint64_t)i;
		assert_true(mem_guest_io(&f->mem, &who, X86_LAPIC_BASE + 0x80, 4, true, &x));
	}
	for (int i = 0; i < CPUS; i++)
		assert_int_equal(rd(f, i, 0x80), 0x20 + (uint32_t)i);
}

static void ioapic_rte(struct fixture *f, int pin, uint64_t e)
{
	/* The destination first: the low half unmasks. */
	mmio_wr(&f->mem, X86_IOAPIC_BASE, 4, 0x11 + 2 * (uint64_t)pin);
	mmio_wr(&f->mem, X86_IOAPIC_BASE + 0x10, 4, e >> 32);
	mmio_wr(&f->mem, X86_IOAPIC_BASE, 4, 0x10 + 2 * (uint64_t)pin);
	mmio_wr(&f->mem, X86_IOAPIC_BASE + 0x10, 4, (uint32_t)e);
}

static uint32_t ioapic_reg(struct fixture *f, unsigned r)
{
	mmio_wr(&f->mem, X86_IOAPIC_BASE, 4, r);
	return (uint32_t)mmio_rd(&f->mem, X86_IOAPIC_BASE + 0x10, 4);
}

/*
 * Saved and loaded into new APICs: every register of every local APIC
 * (x2APIC mode, the timer's count and due time, IRR/ISR/TMR, a TSC
 * deadline), and the IO-APIC's redirection entries with remote IRR.
 */
static void test_snapshot(void **state)
{
	struct fixture *f = *state;
	ioapic_rte(f, 5, 0x0100000000008041ull);   /* level, to APIC 1, vector 0x41 */
	x86_ioapic_set_irq(f->io, 5, true);        /* sent: remote IRR */
	uint64_t x2 = X86_LAPIC_BASE | 0xc00;        /* enabled, x2APIC */
	assert_true(x86_lapic_msr(x86_lapic_cpu(f->l, 2), 0x1b, &x2, true));
	wr(f, 0, 0x320, 0x20030);                  /* periodic, vector 0x30 */
	wr(f, 0, 0x3e0, 0xb);
	wr(f, 0, 0x380, 1000);
	f->now = 300;
	wr(f, 3, 0x80, 0x40);
	wr(f, 3, 0x320, 0x40031);                  /* TSC-deadline, vector 0x31 */
	uint64_t deadline = 123456;
	assert_true(x86_lapic_msr(x86_lapic_cpu(f->l, 3), 0x6e0, &deadline, true));
	struct test_snap *b = calloc(1, sizeof(*b));
	test_snap_start(b, false);
	x86_lapics_snapshot(f->l, &b->s);
	x86_ioapic_snapshot(f->io, &b->s);
	assert_false(b->s.failed);

	void *fresh;
	setup(&fresh);
	struct fixture *g = fresh;
	g->now = f->now;
	test_snap_start(b, true);
	x86_lapics_snapshot(g->l, &b->s);
	x86_ioapic_snapshot(g->io, &b->s);
	assert_false(b->s.failed);
	assert_int_equal(b->at, b->len);
	for (int i = 0; i < CPUS; i++) {
		uint64_t b0 = 0, b1 = 0;
		x86_lapic_msr(x86_lapic_cpu(f->l, i), 0x1b, &b0, false);
		x86_lapic_msr(x86_lapic_cpu(g->l, i), 0x1b, &b1, false);
		assert_int_equal(b0, b1);
		for (uint32_t off = 0x20; off < 0x400; off += 0x10)
			assert_int_equal(x86_lapic_read(x86_lapic_cpu(g->l, i), off),
					 x86_lapic_read(x86_lapic_cpu(f->l, i), off));
	}
	uint64_t d = 0;
	assert_true(x86_lapic_msr(x86_lapic_cpu(g->l, 3), 0x6e0, &d, false));
	assert_int_equal(d, deadline);
	for (unsigned r = 0; r < 0x40; r++)
		assert_int_equal(ioapic_reg(g, r), ioapic_reg(f, r));
	/* The loaded IO-APIC still waits for the EOI of what it sent. */
	assert_int_equal(ioapic_reg(g, 0x1a) & (1u << 14), 1u << 14);
	free(b);
	teardown(&fresh);
}

/* An edge pin: one message per rising edge; masked, edges are lost. */
static void test_ioapic_edge(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(ioapic_reg(f, 1), 0x170020);
	assert_int_equal(ioapic_reg(f, 0x18), 1u << 16);   /* pin 4 masked at reset */
	x86_ioapic_set_irq(f->io, 4, true);
	assert_false(f->intr[0]);
	x86_ioapic_set_irq(f->io, 4, false);
	ioapic_rte(f, 4, 0x24 | 2ull << 56);               /* edge, high, CPU 2 */
	x86_ioapic_set_irq(f->io, 4, true);
	assert_true(f->intr[2]);
	assert_int_equal(ack(f, 2), 0x24);
	x86_ioapic_set_irq(f->io, 4, true);                /* no new edge */
	assert_false(f->intr[2]);
	wr(f, 2, 0xb0, 0);
	assert_int_equal(f->eois, 0);
}

/* A level pin: remote IRR until EOI, then again if still asserted; active low. */
static void test_ioapic_level(void **state)
{
	struct fixture *f = *state;
	x86_ioapic_set_irq(f->io, 9, true);                /* high: inactive */
	ioapic_rte(f, 9, 0x39 | 1 << 15 | 1 << 13 | 1ull << 56);   /* level, active low, CPU 1 */
	assert_false(f->intr[1]);
	x86_ioapic_set_irq(f->io, 9, false);
	assert_true(f->intr[1]);
	assert_int_equal(ioapic_reg(f, 0x10 + 18) & (1u << 14), 1u << 14);
	assert_int_equal(ack(f, 1), 0x39);
	assert_int_equal(rd(f, 1, 0x180 + 0x10), 1u << 25);  /* TMR bit 0x39 */
	wr(f, 1, 0xb0, 0);                                 /* EOI: broadcast, line still low: again */
	assert_int_equal(f->eois, 1);
	assert_int_equal(f->eoi_vector, 0x39);
	assert_true(f->intr[1]);
	assert_int_equal(ack(f, 1), 0x39);
	x86_ioapic_set_irq(f->io, 9, true);                /* deasserted */
	wr(f, 1, 0xb0, 0);
	assert_false(f->intr[1]);
	assert_int_equal(ioapic_reg(f, 0x10 + 18) & (1u << 14), 0);
	/* The EOI register (version 0x20) clears remote IRR too. */
	x86_ioapic_set_irq(f->io, 9, false);
	assert_int_equal(ack(f, 1), 0x39);
	x86_ioapic_set_irq(f->io, 9, true);
	mmio_wr(&f->mem, X86_IOAPIC_BASE + 0x40, 4, 0x39);
	assert_int_equal(ioapic_reg(f, 0x10 + 18) & (1u << 14), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_priority_and_eoi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tpr_masking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timer_oneshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timer_periodic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timer_tsc_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipi_destinations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nmi_init_sipi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_x2apic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmio_by_requester, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ioapic_edge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ioapic_level, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
