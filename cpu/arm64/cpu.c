/*
 * The AArch64 vCPU: creation, reset, and the callbacks the engine calls.
 */
#include <stdlib.h>

#include "cpu/arm64/sysreg.h"
#include "cpu/core/snap.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the A64 accessors assume a little-endian host");

static const char *const conduits[] = { [A64_CONDUIT_HVC] = "hvc", [A64_CONDUIT_SMC] = "smc" };

/*
 * SMCCC (Arm DEN0028 2.6, v1.2): arguments in x0-x17 (x0 the function id),
 * results in x0-x17; the ABI says how many it uses.
 */
static void hcall_args(struct core_vcpu *v, uint64_t *a, unsigned n)
{
	for (unsigned i = 0; i < n && i < 18; i++)
		a[i] = a64(v)->x[i];
}

static void hcall_results(struct core_vcpu *v, const uint64_t *r, unsigned n)
{
	for (unsigned i = 0; i < n && i < 18; i++)
		a64(v)->x[i] = r[i];
}

static const struct core_isa arm64_isa = {
	.name = "arm64",
	.tlb_regimes = A64_TLB_COUNT,
	.precise_smc = false,   /* a block runs on after a store into it, until IC IVAU + ISB (B2.4.4) */
	.conduits = conduits,
	.fetch_translate = a64_fetch_translate,
	.decode = a64_decode,
	.op_events = a64_pmu_op_events,
	.interrupt = a64_take_irq,
	.boundary = a64_debug_boundary,
	.before = a64_debug_before,
	.hcall_args = hcall_args,
	.hcall_results = hcall_results,
};

void arm64_cpu_init(struct arm64_cpu *c, const struct core_timing *timing,
		    struct core_cache *cache, struct mem_space *mem, struct core_events *events,
		    int index, bool el2_present)
{
	core_vcpu_init(&c->core, &arm64_isa, timing, cache, mem, index);
	c->el2_present = el2_present;
	/* The counter ticks every 2^cnt_shift cycles: the core clock must be CNTFRQ times a power of two. */
	uint64_t ratio = timing->hz / A64_CNTFRQ;
	if (timing->hz % A64_CNTFRQ || (ratio & (ratio - 1)))
		abort();   /* a timing model with an unusable clock: a bug in timing.c */
	c->cnt_shift = (uint8_t)__builtin_ctzll(ratio);
	a64_timer_init(c, events);
	a64_pmu_init(c);
	arm64_cpu_reset(c, 0);
}

void arm64_cpu_snapshot(struct arm64_cpu *c, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct arm64_cpu, x), SNAP_FIELD(struct arm64_cpu, flags_.nzcv),
		SNAP_FIELD(struct arm64_cpu, el), SNAP_FIELD(struct arm64_cpu, spsel),
		SNAP_FIELD(struct arm64_cpu, daif), SNAP_FIELD(struct arm64_cpu, pan),
		SNAP_FIELD(struct arm64_cpu, ss_il), SNAP_FIELD(struct arm64_cpu, sp_el),
		SNAP_FIELD(struct arm64_cpu, v), SNAP_FIELD(struct arm64_cpu, fpcr),
		SNAP_FIELD(struct arm64_cpu, fpsr), SNAP_FIELD(struct arm64_cpu, excl_addr),
		SNAP_FIELD(struct arm64_cpu, excl_val), SNAP_FIELD(struct arm64_cpu, excl_size),
		SNAP_FIELD(struct arm64_cpu, sr), SNAP_FIELD(struct arm64_cpu, fp_enabled),
		SNAP_FIELD(struct arm64_cpu, dbg), SNAP_FIELD(struct arm64_cpu, timer_level),
		SNAP_FIELD(struct arm64_cpu, event_reg), SNAP_FIELD(struct arm64_cpu, sp_align_check),
		SNAP_FIELD(struct arm64_cpu, cnt_shift),
		SNAP_FIELD(struct arm64_cpu, pmu.ccnt), SNAP_FIELD(struct arm64_cpu, pmu.since),
		SNAP_FIELD(struct arm64_cpu, pmu.counting), SNAP_FIELD(struct arm64_cpu, pmu.ev_counting),
		SNAP_FIELD(struct arm64_cpu, pmu.evcnt), SNAP_FIELD(struct arm64_cpu, pmu.evtyper),
		SNAP_FIELD(struct arm64_cpu, pmu.ev_cycles), SNAP_FIELD(struct arm64_cpu, pmu.ev_insns),
		SNAP_FIELD(struct arm64_cpu, pmu.ev_isa), SNAP_FIELD(struct arm64_cpu, pmu.irq_level),
		SNAP_FIELD(struct arm64_cpu, pmu.refold),
	};
	/* The file holds NZCV packed (as before lazy flags): saving packs them,
	 * and a load then overwrites the packed value. */
	a64_set_nzcv(c, a64_nzcv(c));
	snap_section(s, "arm64-cpu");
	snap_core_vcpu(s, &c->core);
	snap_fields(s, c, f, SNAP_N(f));
	snap_check(s, c->excl_size, 17, "exclusive monitor size");
	snap_check(s, c->el, 3, "exception level");
	for (int t = 0; t < 4; t++)
		snap_event(s, c->events, &c->timer_ev[t]);
	snap_event(s, c->events, &c->pmu.ev);
}

/*
 * Reset to the state a boot loader hands over (Linux arm64 booting.rst):
 * at EL2 if the guest owns it, else EL1; MMU and caches off; all
 * interrupts masked; general registers zero.
 */
void arm64_cpu_reset(struct arm64_cpu *c, uint64_t pc)
{
	memset(c->x, 0, sizeof(c->x));
	memset(c->v, 0, sizeof(c->v));
	memset(c->sp_el, 0, sizeof(c->sp_el));
	memset(&c->sr, 0, sizeof(c->sr));
	memset(&c->dbg, 0, sizeof(c->dbg));
	c->fpcr = c->fpsr = 0;
	a64_set_nzcv(c, 0);
	c->pan = 0;
	c->ss_il = 0;
	c->excl_size = 0;
	c->event_reg = false;
	c->el = c->el2_present ? 2 : 1;
	c->spsel = 1;
	c->daif = A64_DAIF_D | A64_DAIF_A | A64_DAIF_I | A64_DAIF_F;
	a64_sysreg_reset(c);
	a64_pmu_reset(c);
	c->core.pc = pc;
	c->core.halted = false;
	a64_tlbi_all(c);
	a64_update_mode(c);
	a64_timer_update_all(c);
}
