/*
 * The Performance Monitors Extension, PMUv3 (Arm ARM chapter "The Performance
 * Monitors Extension"), with the cycle counter and no event counters
 * (PMCR_EL0.N = 0). The cycle counter counts virtual time, so a run's
 * counts are as deterministic as the run. Filtering by EL follows
 * PMCCFILTR_EL0; the overflow flag and interrupt (PPI 23 on the virt
 * board) follow PMCR_EL0.LC, PMOVSSET_EL0 and PMINTENSET_EL1.
 */
#include "cpu/arm64/arm64.h"

#define PMCR_E (1ull << 0)
#define PMCR_D (1ull << 3)    /* count every 64th cycle */
#define PMCR_LC (1ull << 6)   /* overflow at bit 63 instead of bit 31 */
#define PMU_C (1ull << 31)    /* the cycle counter's bit in PMCNTEN, PMINTEN, PMOVS */
#define PMCCFILTR_P (1ull << 31)   /* do not count at EL1 */
#define PMCCFILTR_U (1ull << 30)   /* do not count at EL0 */
#define PMCCFILTR_NSH (1ull << 27) /* count at EL2 */

/* Whether the cycle counter counts now: PMCR_EL0.E, PMCNTENSET_EL0.C and PMCCFILTR_EL0. */
static bool counts_now(const struct arm64_cpu *c)
{
	if (!(c->sr.pmcr_el0 & PMCR_E) || !(c->sr.pmcntenset_el0 & PMU_C))
		return false;
	uint64_t f = c->sr.pmccfiltr_el0;
	switch (c->el) {
	case 0: return !(f & PMCCFILTR_U);
	case 1: return !(f & PMCCFILTR_P);
	default: return (f & PMCCFILTR_NSH) != 0;
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
	bool level = (c->sr.pmcr_el0 & PMCR_E) && (c->sr.pmintenset_el1 & PMU_C) &&
		     (c->sr.pmovsset_el0 & PMU_C);
	if (level != c->pmu.irq_level) {
		c->pmu.irq_level = level;
		if (c->plat.ppi)
			c->plat.ppi(c->plat.gic, c->core.index, A64_PMU_PPI, level);
	}
}

/* Arm the overflow event while counting with the interrupt enabled. */
static void arm_overflow(struct arm64_cpu *c)
{
	struct a64_pmu *p = &c->pmu;
	if (!c->events)
		return;
	if (!p->counting || !(c->sr.pmintenset_el1 & PMU_C)) {
		core_event_cancel(c->events, &p->ev);
		return;
	}
	/* Increments left before the carry out of bit 31 (or 63). */
	uint64_t left = (c->sr.pmcr_el0 & PMCR_LC) ? -p->ccnt : (1ull << 32) - (uint32_t)p->ccnt;
	unsigned sh = prescale_shift(c);
	uint64_t when = left > (UINT64_MAX - p->since) >> sh ? UINT64_MAX : p->since + (left << sh);
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
	fold(c, now);
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
	if (c->events)
		core_event_cancel(c->events, &c->pmu.ev);
	set_irq(c);
}

void a64_pmu_update(struct arm64_cpu *c)
{
	fold(c, c->core.cycles);
	c->pmu.counting = counts_now(c);
	set_irq(c);
	arm_overflow(c);
}

uint64_t a64_pmu_ccnt(struct arm64_cpu *c)
{
	fold(c, c->core.cycles);
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
 * PMCR_EL0: E, D, X, DP, LC are writable; P (reset the event
 * counters, of which there are none) and C (reset the cycle counter) act
 * and read as zero; N, IDCODE and IMP are read-only.
 */
void a64_pmu_write_pmcr(struct arm64_cpu *c, uint64_t v)
{
	fold(c, c->core.cycles);
	if (v & (1u << 2))
		c->pmu.ccnt = 0;
	c->sr.pmcr_el0 = (c->sr.pmcr_el0 & ~0x79ull) | (v & 0x79);
	a64_pmu_update(c);
}
