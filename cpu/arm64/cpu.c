/*
 * The AArch64 vCPU: creation, reset, and the callbacks the engine calls.
 */
#include "cpu/arm64/sysreg.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the A64 accessors assume a little-endian host");

static const struct core_isa arm64_isa = {
	.name = "arm64",
	.fetch_translate = a64_fetch_translate,
	.decode = a64_decode,
	.interrupt = a64_take_irq,
};

void arm64_cpu_init(struct arm64_cpu *c, const struct core_timing *timing,
		    struct core_cache *cache, struct mem_space *mem, struct core_events *events,
		    int index, bool el2_present)
{
	core_vcpu_init(&c->core, &arm64_isa, timing, cache, mem, index);
	c->el2_present = el2_present;
	a64_timer_init(c, events);
	a64_pmu_init(c);
	arm64_cpu_reset(c, 0);
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
	c->fpcr = c->fpsr = 0;
	c->nzcv = 0;
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
