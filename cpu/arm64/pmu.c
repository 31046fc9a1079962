/*
 * The Performance Monitors Extension, PMUv3 (Arm ARM chapter "The Performance
 * Monitors Extension"), with the cycle counter and A64_PMU_N 32-bit event
 * counters (PMCR_EL0.N). Everything counts virtual time and retired
 * instructions, so a run's counts are as deterministic as the run.
 * Filtering by EL follows PMCCFILTR_EL0 and PMEVTYPER<n>_EL0; the overflow
 * flags and interrupt (PPI 23 on the virt board) follow PMCR_EL0.LC,
 * PMOVSSET_EL0 and PMINTENSET_EL1.
 *
 * Events (PMCEID0_EL0 lists exactly these): SW_INCR, INST_RETIRED,
 * EXC_TAKEN, EXC_RETURN, CPU_CYCLES, MEM_ACCESS, BR_RETIRED, CHAIN.
 * Cycles, instructions, branches and memory accesses are folded from the
 * vCPU's counts whenever the PMU is looked at or its state changes (no
 * work per instruction); MRS/MSR settle their block's precharge, so reads
 * are exact. Branches and memory accesses are counted per block by the
 * engine (known per op at decode: a64_pmu_op_events) only while an enabled
 * counter counts one of them (core_vcpu.count_ev). Nothing runs while no
 * event counter counts. BR_MIS_PRED is not offered: the timing model
 * predicts no branch (a taken branch costs the same every time).
 */
#include "cpu/arm64/arm64.h"

#define PMCR_E (1ull << 0)
#define PMCR_D (1ull << 3)    /* count every 64th cycle */
#define PMCR_LC (1ull << 6)   /* overflow at bit 63 instead of bit 31 */
#define PMU_C (1ull << 31)    /* the cycle counter's bit in PMCNTEN, PMINTEN, PMOVS */
#define PMCCFILTR_P (1ull << 31)   /* do not count at EL1 */
#define PMCCFILTR_U (1ull << 30)   /* do not count at EL0 */
#define PMCCFILTR_NSH (1ull << 27) /* count at EL2 */
#define PMCR_P (1ull << 1)    /* reset the event counters */
#define EV_MASK ((1u << A64_PMU_N) - 1)

enum {
	EV_SW_INCR = 0x00, EV_INST_RETIRED = 0x08, EV_CPU_CYCLES = 0x11, EV_MEM_ACCESS = 0x13,
	EV_BR_RETIRED = 0x21, EV_CHAIN = 0x1e,
};

/*
 * What an op counts for BR_RETIRED and MEM_ACCESS (Arm ARM DDI 0487,
 * D11.11 "PMU events and event numbers", the common architectural events),
 * decided from its decode-table row:
 *
 * BR_RETIRED (0x21): the branch instructions, taken or not: B, BL, B.cond,
 * CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET. Exception generation (SVC, HVC, SMC,
 * BRK) and ERET are not branches here; EXC_TAKEN and EXC_RETURN count them.
 *
 * MEM_ACCESS (0x13): the data memory-read and memory-write operations an
 * instruction makes, counted per instruction and direction, not per
 * register or per byte: a load (LDR, LDP, LDNP, LDTR, LDAR, LDXR, LDXP,
 * literal loads, every SIMD&FP load incl. LD1-LD4 and LD1R-LD4R) one read;
 * a store (STR, STP, STNP, STTR, STLR, STXR/STXP whether or not the
 * exclusive succeeds, every SIMD&FP store incl. ST1-ST4) one write; an
 * atomic (LD<op>, ST<op>, SWP, CAS, CASP, whether or not CAS compares
 * equal) a read and a write, two; DC ZVA one write (it writes a block of
 * zeros as a store does); PRFM/PRFUM and the other cache maintenance
 * instructions none (no data access). An instruction that takes an
 * exception instead (a fault) retires nothing and counts nothing.
 */
void a64_pmu_op_events(const struct core_op *op, uint8_t ev[CORE_N_EV])
{
	const struct a64_insn *r = a64_lookup(op->insn);
	if (!r)
		return;
	if (r->cls == CORE_CLASS_BRANCH)
		ev[A64_ISA_EV_BR] = 1;
	else if ((r->cls == CORE_CLASS_LOAD || r->cls == CORE_CLASS_STORE) && !(r->flags & A64_F_HINT))
		ev[A64_ISA_EV_MEM] = 1;
	else if (r->cls == CORE_CLASS_ATOMIC)
		ev[A64_ISA_EV_MEM] = 2;
	else if ((op->insn & 0xffffffe0u) == 0xd50b7420u)   /* DC ZVA, Xt (SYS #3, C7, C4, #1) */
		ev[A64_ISA_EV_MEM] = 1;
}

/* The engine's count (core_vcpu.ev[]) an event number folds from, or -1. */
static int isa_ev_of(unsigned ev)
{
	return ev == EV_BR_RETIRED ? A64_ISA_EV_BR : ev == EV_MEM_ACCESS ? A64_ISA_EV_MEM : -1;
}

/* The EL filter of PMCCFILTR_EL0 and PMEVTYPER<n>_EL0 (the same bits 31:27). */
static bool filter_passes(uint64_t f, unsigned el)
{
	switch (el) {
	case 0: return !(f & PMCCFILTR_U);
	case 1: return !(f & PMCCFILTR_P);
	default: return (f & PMCCFILTR_NSH) != 0;
	}
}

/* Whether the cycle counter counts now: PMCR_EL0.E, PMCNTENSET_EL0.C and PMCCFILTR_EL0. */
static bool counts_now(const struct arm64_cpu *c)
{
	if (!(c->sr.pmcr_el0 & PMCR_E) || !(c->sr.pmcntenset_el0 & PMU_C))
		return false;
	return filter_passes(c->sr.pmccfiltr_el0, c->el);
}

/* The event counters that count now (bit n), each as PMCNTENSET_EL0 and its filter say. */
static uint32_t events_now(const struct arm64_cpu *c)
{
	uint32_t m = 0;
	if (!(c->sr.pmcr_el0 & PMCR_E))
		return 0;
	for (unsigned n = 0; n < A64_PMU_N; n++)
		if (((c->sr.pmcntenset_el0 >> n) & 1) && filter_passes(c->pmu.evtyper[n], c->el))
			m |= 1u << n;
	return m;
}

static unsigned event_of(const struct arm64_cpu *c, unsigned n)
{
	return c->pmu.evtyper[n] & 0xffff;
}

/*
 * Add k to event counter n (32 bits): a carry sets its overflow flag and,
 * for an even n whose odd neighbour counts CHAIN, counts there (the pair
 * is then one 64-bit counter).
 */
static void ev_add(struct arm64_cpu *c, unsigned n, uint64_t k)
{
	uint64_t sum = c->pmu.evcnt[n] + k;
	c->pmu.evcnt[n] = sum & 0xffffffffu;
	if (!(sum >> 32))
		return;
	c->sr.pmovsset_el0 |= 1ull << n;
	if (!(n & 1) && n + 1 < A64_PMU_N && ((c->pmu.ev_counting >> (n + 1)) & 1) &&
	    event_of(c, n + 1) == EV_CHAIN)
		ev_add(c, n + 1, sum >> 32);
}

static uint64_t since(uint64_t now, uint64_t then)
{
	return now > then ? now - then : 0;
}

/* Bring the event counters of counted quantities up to the vCPU's counts. */
static void fold_events(struct arm64_cpu *c)
{
	struct a64_pmu *p = &c->pmu;
	uint64_t dc = since(c->core.cycles, p->ev_cycles);
	uint64_t di = since(c->core.insns, p->ev_insns);
	uint64_t de[CORE_N_EV];
	for (unsigned e = 0; e < CORE_N_EV; e++) {
		de[e] = since(c->core.ev[e], p->ev_isa[e]);
		p->ev_isa[e] = c->core.ev[e];
	}
	p->ev_cycles = c->core.cycles;
	p->ev_insns = c->core.insns;
	for (unsigned n = 0; n < A64_PMU_N && p->ev_counting; n++) {
		if (!((p->ev_counting >> n) & 1))
			continue;
		unsigned ev = event_of(c, n);
		int e = isa_ev_of(ev);
		if (ev == EV_CPU_CYCLES)
			ev_add(c, n, dc);
		else if (ev == EV_INST_RETIRED)
			ev_add(c, n, di);
		else if (e >= 0)
			ev_add(c, n, de[e]);
	}
}

/*
 * Whether the engine must count branches and memory accesses: an enabled
 * counter counts BR_RETIRED or MEM_ACCESS, at any EL (the EL filter is
 * applied when folding, so an exception entry or return does not change
 * the engine's way of counting). A change kicks the vCPU: the loop takes
 * its other way of counting before the next block.
 */
static void set_count_ev(struct arm64_cpu *c)
{
	bool want = false;
	if (c->sr.pmcr_el0 & PMCR_E)
		for (unsigned n = 0; n < A64_PMU_N; n++)
			if (((c->sr.pmcntenset_el0 >> n) & 1) && isa_ev_of(event_of(c, n)) >= 0)
				want = true;
	if (want != c->core.count_ev) {
		c->core.count_ev = want;
		core_vcpu_kick(&c->core);
	}
}

static unsigned prescale_shift(const struct arm64_cpu *c)
{
	return (c->sr.pmcr_el0 & PMCR_D) ? 6 : 0;
}

/*
 * Bring ccnt up to cycle `now`, setting the overflow flag when the count
 * carries out of bit 31 (LC = 0) or bit 63 (LC = 1).
 */
static void fold(struct arm64_cpu *c, uint64_t now)
{
	struct a64_pmu *p = &c->pmu;
	if (now <= p->since)
		return;
	if (!p->counting) {
		p->since = now;
		return;
	}
	unsigned sh = prescale_shift(c);
	uint64_t inc = (now - p->since) >> sh;
	p->since += inc << sh;   /* a partial prescaler period carries over */
	uint64_t old = p->ccnt, new = old + inc;
	bool ovf = (c->sr.pmcr_el0 & PMCR_LC) ? new < old : (old >> 32) != (new >> 32);
	if (ovf)
		c->sr.pmovsset_el0 |= PMU_C;
	p->ccnt = new;
}

static void set_irq(struct arm64_cpu *c)
{
	bool level = (c->sr.pmcr_el0 & PMCR_E) &&
		     (c->sr.pmintenset_el1 & c->sr.pmovsset_el0 & (PMU_C | EV_MASK));
	if (level != c->pmu.irq_level) {
		c->pmu.irq_level = level;
		if (c->plat.ppi)
			c->plat.ppi(c->plat.gic, c->core.index, A64_PMU_PPI, level);
	}
}

/*
 * Arm the overflow event for the first counter, with its interrupt
 * enabled, that can carry: the cycle counter, and event counters of
 * cycles, instructions, branches or memory accesses (an instruction costs
 * at least a cycle and counts at most one branch or two accesses, so the
 * cycle by which one could carry is a safe time to look; if it has not
 * carried by then, the event is armed again).
 */
static void arm_overflow(struct arm64_cpu *c)
{
	struct a64_pmu *p = &c->pmu;
	if (!c->events)
		return;
	uint64_t when = UINT64_MAX;
	if (p->counting && (c->sr.pmintenset_el1 & PMU_C)) {
		/* Increments left before the carry out of bit 31 (or 63). */
		uint64_t left = (c->sr.pmcr_el0 & PMCR_LC) ? -p->ccnt : (1ull << 32) - (uint32_t)p->ccnt;
		unsigned sh = prescale_shift(c);
		when = left > (UINT64_MAX - p->since) >> sh ? UINT64_MAX : p->since + (left << sh);
	}
	for (unsigned n = 0; n < A64_PMU_N; n++) {
		unsigned ev = event_of(c, n);
		if (!((p->ev_counting & c->sr.pmintenset_el1) >> n & 1))
			continue;
		/* Events per cycle at most: an op costs a cycle or more and counts up to 2 accesses. */
		unsigned per_cycle;
		if (ev == EV_CPU_CYCLES || ev == EV_INST_RETIRED || ev == EV_BR_RETIRED)
			per_cycle = 1;
		else if (ev == EV_MEM_ACCESS)
			per_cycle = 2;
		else
			continue;
		uint64_t left = (1ull << 32) - p->evcnt[n];
		uint64_t at = p->ev_cycles + (left + per_cycle - 1) / per_cycle;
		if (at < when)
			when = at;
	}
	if (when == UINT64_MAX) {
		core_event_cancel(c->events, &p->ev);
		return;
	}
	core_event_arm(c->events, &p->ev, when);
	core_vcpu_kick_at(&c->core, when);
}

static void overflow_fire(void *opaque, uint64_t now)
{
	struct arm64_cpu *c = opaque;
	if (c->pmu.refold) {
		c->pmu.refold = false;
		a64_pmu_update(c);   /* the old EL's filters up to now, the new EL's from now */
		return;
	}
	fold(c, now);
	fold_events(c);
	set_irq(c);
	arm_overflow(c);
}

void a64_pmu_init(struct arm64_cpu *c)
{
	c->pmu.ev.fn = overflow_fire;
	c->pmu.ev.opaque = c;
	c->pmu.ev.heap_index = -1;
}

/* Reset: the counter and controls are UNKNOWN at reset; zero them. Nothing counts. */
void a64_pmu_reset(struct arm64_cpu *c)
{
	c->pmu.ccnt = 0;
	c->pmu.since = c->core.cycles;
	c->pmu.counting = false;
	c->pmu.refold = false;
	c->pmu.ev_counting = 0;
	memset(c->pmu.evcnt, 0, sizeof(c->pmu.evcnt));
	memset(c->pmu.evtyper, 0, sizeof(c->pmu.evtyper));
	c->pmu.ev_cycles = c->core.cycles;
	c->pmu.ev_insns = c->core.insns;
	memcpy(c->pmu.ev_isa, c->core.ev, sizeof(c->pmu.ev_isa));
	set_count_ev(c);
	if (c->events)
		core_event_cancel(c->events, &c->pmu.ev);
	set_irq(c);
}

/*
 * An exception is being taken. One taken inside a block (a fault) comes
 * while the block's ops after it are still charged: the engine takes them
 * back only when the handler has returned to it. So the fold that changes
 * the counters' EL filters waits for the next block boundary, where the
 * counts are those retired: the PMU's event is armed for then (time 0 is
 * past, the vCPU leaves its loop before its next block).
 */
void a64_pmu_exception_entry(struct arm64_cpu *c)
{
	if (!(c->sr.pmcr_el0 & PMCR_E) || !c->events)
		return;
	c->pmu.refold = true;
	core_event_arm(c->events, &c->pmu.ev, 0);
	core_vcpu_kick_at(&c->core, 0);
}

void a64_pmu_update(struct arm64_cpu *c)
{
	fold(c, c->core.cycles);
	fold_events(c);
	c->pmu.counting = counts_now(c);
	c->pmu.ev_counting = events_now(c);
	set_count_ev(c);
	set_irq(c);
	arm_overflow(c);
}

uint64_t a64_pmu_ccnt(struct arm64_cpu *c)
{
	fold(c, c->core.cycles);
	fold_events(c);
	set_irq(c);
	return c->pmu.ccnt;
}

void a64_pmu_set_ccnt(struct arm64_cpu *c, uint64_t v)
{
	fold(c, c->core.cycles);
	c->pmu.ccnt = v;
	a64_pmu_update(c);
}

/*
 * PMCR_EL0: E, D, X, DP, LC are writable; P (reset the event counters)
 * and C (reset the cycle counter) act and read as zero; N, IDCODE and IMP
 * are read-only.
 */
void a64_pmu_write_pmcr(struct arm64_cpu *c, uint64_t v)
{
	fold(c, c->core.cycles);
	fold_events(c);
	if (v & (1u << 2))
		c->pmu.ccnt = 0;
	if (v & PMCR_P)
		memset(c->pmu.evcnt, 0, sizeof(c->pmu.evcnt));
	c->sr.pmcr_el0 = (c->sr.pmcr_el0 & ~0x79ull) | (v & 0x79);
	a64_pmu_update(c);
}

uint64_t a64_pmu_evcnt(struct arm64_cpu *c, unsigned n)
{
	a64_pmu_ccnt(c);   /* fold, and raise what the fold overflowed */
	return c->pmu.evcnt[n];
}

void a64_pmu_set_evcnt(struct arm64_cpu *c, unsigned n, uint64_t v)
{
	a64_pmu_update(c);
	c->pmu.evcnt[n] = v & 0xffffffffu;
	a64_pmu_update(c);
}

/* PMEVTYPER<n>_EL0: the filter bits 31:27 and the event number 15:0. */
void a64_pmu_set_evtyper(struct arm64_cpu *c, unsigned n, uint64_t v)
{
	a64_pmu_update(c);
	c->pmu.evtyper[n] = v & 0xf800ffffull;
	a64_pmu_update(c);
}

/* PMSWINC_EL0: each enabled counter of SW_INCR whose bit is written counts one. */
void a64_pmu_swinc(struct arm64_cpu *c, uint64_t v)
{
	a64_pmu_update(c);
	for (unsigned n = 0; n < A64_PMU_N; n++)
		if (((v & c->sr.pmcntenset_el0) >> n & 1) && (c->sr.pmcr_el0 & PMCR_E) &&
		    event_of(c, n) == EV_SW_INCR)
			ev_add(c, n, 1);
	a64_pmu_update(c);
}

void a64_pmu_count_slow(struct arm64_cpu *c, unsigned event)
{
	for (unsigned n = 0; n < A64_PMU_N; n++)
		if ((c->pmu.ev_counting >> n & 1) && event_of(c, n) == event)
			ev_add(c, n, 1);
	set_irq(c);
}
