/*
 * The LoongArch vCPU: creation, reset, and the callbacks the engine calls.
 */
#include <stdlib.h>

#include "cpu/loongarch/loongarch.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "LoongArch is little-endian, as the host must be");

static const char *const conduits[] = { [LA_CONDUIT_HVCL] = "hvcl", [LA_CONDUIT_CPUCFG] = "cpucfg" };

/*
 * A hypercall's registers (Documentation/virt/kvm/loongarch/hypercalls.rst):
 * HVCL passes the function in a0 and arguments in a1-a5 and returns in a0;
 * CPUCFG of a hypervisor leaf reads its leaf from rj and answers in rd.
 */
static void hcall_args(struct core_vcpu *v, uint64_t *a, unsigned n)
{
	struct la_cpu *c = la(v);
	if (v->exit_info.conduit == LA_CONDUIT_CPUCFG) {
		if (n)
			a[0] = c->cpucfg_leaf;
		return;
	}
	for (unsigned i = 0; i < n && i < 8; i++)
		a[i] = c->r[LA_A0 + i];
}

static void hcall_results(struct core_vcpu *v, const uint64_t *r, unsigned n)
{
	struct la_cpu *c = la(v);
	if (!n)
		return;
	if (v->exit_info.conduit == LA_CONDUIT_CPUCFG)
		c->r[c->cpucfg_rd] = r[0];
	else
		c->r[LA_A0] = r[0];
	c->r[0] = 0;
}

static const struct core_isa loongarch_isa = {
	.name = "loongarch",
	/* One soft TLB per PLV: a page's permissions differ by privilege level. */
	.tlb_regimes = 4,
	/* A store into the running block takes effect after the guest's IBAR (LA RM 2.2.8.2). */
	.precise_smc = false,
	.conduits = conduits,
	.fetch_translate = la_fetch_translate,
	.decode = la_decode,
	.interrupt = la_take_irq,
	.hcall_args = hcall_args,
	.hcall_results = hcall_results,
};

void la_cpu_init(struct la_cpu *c, const struct core_timing *timing, struct core_cache *cache,
		 struct mem_space *mem, struct core_events *events, int index,
		 const struct la_platform *plat)
{
	core_vcpu_init(&c->core, &loongarch_isa, timing, cache, mem, index);
	c->plat = *plat;
	c->tlb_rand = 0x1234567u + (uint32_t)index;
	la_timer_init(c, events);
	la_cpu_reset(c, 0);
}

void la_cpu_reset(struct la_cpu *c, uint64_t pc)
{
	memset(c->r, 0, sizeof(c->r));
	memset(c->f, 0, sizeof(c->f));
	memset(c->fcc, 0, sizeof(c->fcc));
	memset(c->tlb, 0, sizeof(c->tlb));
	c->fcsr = 0;
	c->llbit = false;
	memset(&c->csr, 0, sizeof(c->csr));
	/* LA RM 7.2.1 "Reset": PLV0, DA = 1, PG = 0, IE = 0. */
	c->csr.crmd = LA_CRMD_DA;
	c->csr.cpuid = (uint64_t)c->core.index;
	c->csr.stlbps = 14;   /* 16 KiB, the page size Linux uses; it writes its own */
	c->csr.asid = 10ull << 16;   /* ASIDBITS = 10 */
	c->core.pc = pc;
	c->core.halted = false;
	la_update_mode(c);
	la_tlb_flush_soft(c);
}
