/*
 * The LoongArch vCPU: creation, reset, the decode mode and soft-TLB regime
 * that follow from CRMD and EUEN, and the callbacks the engine calls.
 */
#include <stdlib.h>

#include "cpu/loongarch/loongarch.h"
#include "cpu/core/snap.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "LoongArch is little-endian, as the host must be");

/*
 * The soft TLB's regimes: one per PLV in mapped address mode (a page's
 * permissions differ by privilege level), and one for direct address mode,
 * which translates alike at every PLV. Entering and leaving the TLB refill
 * handler (DA=1) then switches tables instead of flushing them.
 */
enum { REGIME_DIRECT = 4, N_REGIMES = 5 };

/* What the privileged resource configuration registers say of this core (LA RM 7.4.13-15). */
#define PRCFG1 (8u | (unsigned)(LA_TIMER_BITS - 1) << 4 | 7u << 12)  /* SAVE0-7, the timer's bits - 1, VSMax 7 */
#define PRCFG2 0x3ffff000ull                                          /* page sizes 4 KiB-512 MiB (mmu.c) */
#define PRCFG3 (2u | (LA_MTLB - 1u) << 4 | (LA_STLB_WAYS - 1u) << 12 | 8u << 20) /* STLB + MTLB, 256 sets */
_Static_assert(LA_STLB_SETS == 1 << 8, "PRCFG3.STLBSets is log2 of the sets");
#define ASIDBITS 10

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
	.tlb_regimes = N_REGIMES,
	/* A store into the running block takes effect after the guest's IBAR (LA RM 2.2.8.2). */
	.precise_smc = false,
	.conduits = conduits,
	.fetch_translate = la_fetch_translate,
	.decode = la_decode,
	.interrupt = la_take_irq,
	.hcall_args = hcall_args,
	.hcall_results = hcall_results,
};

/*
 * CRMD.DA selects direct address mode (LA RM 5.2; DA=1 with PG=1 is
 * undefined, and taken as direct here), else CRMD.PLV the mapped regime.
 */
void la_update_mode(struct la_cpu *c)
{
	unsigned plv = la_plv(c);
	bool direct = (c->csr.crmd & LA_CRMD_DA) != 0;
	c->fp_enabled = (c->csr.euen & LA_EUEN_FPE) != 0;
	c->sx_enabled = (c->csr.euen & LA_EUEN_SXE) != 0;
	c->core.mode = LA_MODE(plv, c->fp_enabled, c->sx_enabled);
	c->core.tlb = &c->core.tlbs[direct ? REGIME_DIRECT : plv];
	c->core.req.level = (uint8_t)plv;
	/* Interrupts may have become deliverable (IE, PLV after ERTN). */
	if (c->core.irq_pending)
		core_vcpu_kick(&c->core);
}

void la_cpu_init(struct la_cpu *c, const struct core_timing *timing, struct core_cache *cache,
		 struct mem_space *mem, struct core_events *events, int index,
		 const struct la_platform *plat)
{
	core_vcpu_init(&c->core, &loongarch_isa, timing, cache, mem, index);
	c->plat = *plat;
	/* TLBFILL's replacement sequence, different per vCPU, the same every run. */
	c->tlb_rand = 0x9e3779b9u ^ (uint32_t)index;
	la_timer_init(c, events);
	la_cpu_reset(c, 0);
}

void la_cpu_reset(struct la_cpu *c, uint64_t pc)
{
	memset(c->r, 0, sizeof(c->r));
	memset(c->vr, 0, sizeof(c->vr));
	memset(c->fcc, 0, sizeof(c->fcc));
	memset(c->tlb, 0, sizeof(c->tlb));
	c->mtlb_present = 0;
	c->huge_level = 0;
	c->fcsr = 0;
	c->llbit = false;
	la_timer_write_tcfg(c, 0);
	c->timer_tval = 0;
	memset(&c->csr, 0, sizeof(c->csr));
	/*
	 * LA RM 6.4 "Reset": PLV0, DA = 1, PG = 0, IE = 0, EUEN, ECFG, the
	 * software interrupts, TCFG.En, KLO, IsTLBR and the DMWs' PLV bits 0;
	 * the TLB is emptied (implementation choice). CPUID and TID are the
	 * vCPU index (7.6.1: "can reset it to the same value as CoreID").
	 */
	c->csr.crmd = LA_CRMD_DA;
	c->csr.cpuid = (uint64_t)c->core.index;
	c->csr.tid = (uint64_t)c->core.index;
	c->csr.prcfg1 = PRCFG1;
	c->csr.prcfg2 = PRCFG2;
	c->csr.prcfg3 = PRCFG3;
	c->csr.asid = (uint64_t)ASIDBITS << 16;
	c->csr.stlbps = 14;   /* undefined at reset; Linux writes its page size */
	c->core.pc = pc;
	c->core.halted = false;
	la_irq_update(c);
	la_update_mode(c);
	la_tlb_flush_soft(c);
}

void la_cpu_snapshot(struct la_cpu *c, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct la_cpu, r), SNAP_FIELD(struct la_cpu, vr),
		SNAP_FIELD(struct la_cpu, fcc), SNAP_FIELD(struct la_cpu, fcsr),
		SNAP_FIELD(struct la_cpu, csr), SNAP_FIELD(struct la_cpu, fp_enabled),
		SNAP_FIELD(struct la_cpu, sx_enabled), SNAP_FIELD(struct la_cpu, llbit),
		SNAP_FIELD(struct la_cpu, ll_addr), SNAP_FIELD(struct la_cpu, ll_val),
		SNAP_FIELD(struct la_cpu, ll_size), SNAP_FIELD(struct la_cpu, tlb),
		SNAP_FIELD(struct la_cpu, tlb_rand), SNAP_FIELD(struct la_cpu, mtlb_present),
		SNAP_FIELD(struct la_cpu, huge_level), SNAP_FIELD(struct la_cpu, timer_deadline),
		SNAP_FIELD(struct la_cpu, timer_tval), SNAP_FIELD(struct la_cpu, cpucfg_rd),
		SNAP_FIELD(struct la_cpu, cpucfg_leaf),
	};
	snap_section(s, "la-cpu");
	snap_core_vcpu(s, &c->core);
	snap_fields(s, c, f, SNAP_N(f));
	snap_check(s, c->ll_size, 9, "LL size");
	snap_check(s, c->cpucfg_rd, LA_NREGS, "CPUCFG destination");
	snap_event(s, c->events, &c->timer_ev);
}
