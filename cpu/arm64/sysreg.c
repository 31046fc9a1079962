/*
 * The AArch64 system registers: one table row per register, naming it,
 * saying where it lives, who may access it, what traps it and what a
 * write changes. MRS/MSR (insn_system.c), the gdb stub and the ONE_REG API
 * all use it. ID register values describe a cortex-a57-like CPU with the
 * Armv8.1 features hvsim implements (FEAT_VHE, FEAT_PAN, 16-bit VMIDs) and
 * advertise only what works (Arm ARM D19.2 "General system control
 * registers", D19.3 debug, D19.8 generic timer, the PMU and GIC chapters;
 * Cortex-A57 TRM for reset and ID values).
 */
#include <pthread.h>
#include <stddef.h>

#include "cpu/arm64/sysreg.h"

#define SR(field) offsetof(struct arm64_cpu, sr.field)
#define R(op0, op1, crn, crm, op2) A64_SYSREG(op0, op1, crn, crm, op2)

/* ------------------------------------------------------------ ID values */

/*
 * MIDR_EL1: Arm Cortex-A57 r1p0 when hvsim owns EL2. When the guest owns
 * EL2, this CPU has FEAT_VHE, which no Cortex-A57 has, and Linux's A57
 * errata handling assumes that (its Spectre-v3a vector hardening BUGs under
 * VHE): the implementer is then 0x00, "reserved for software use", with
 * the A57's other fields, so no vendor's errata apply.
 */
#define MIDR_A57 0x411fd070ull
#define MIDR_VHE 0x001fd070ull
static uint64_t midr(const struct arm64_cpu *c)
{
	return c->el2_present ? MIDR_VHE : MIDR_A57;
}
/*
 * ID_AA64PFR0_EL1: EL0/EL1 AArch64 only, EL2 if the guest owns it, FP and
 * AdvSIMD implemented (0), GIC system registers (GIC=1, with a GICv3), and CSV2 = 1,
 * CSV3 = 1: an interpreter without speculation leaks nothing through
 * branch predictors or faulting loads (Spectre-v2, Meltdown).
 */
static uint64_t id_pfr0(struct arm64_cpu *c)
{
	return 0x1 | (0x1 << 4) | ((uint64_t)c->el2_present << 8) | ((uint64_t)!!c->plat.icc_read << 24) |
	       (0x1ull << 56) | (0x1ull << 60);
}
/* ID_AA64ISAR0_EL1: CRC32 (bits 19:16 = 1) and LSE atomics (23:20 = 2). */
#define ISAR0 ((1ull << 16) | (2ull << 20))
/*
 * ID_AA64MMFR0_EL1: PARange 44 bits, 16-bit ASIDs, SNSMem, no mixed
 * endian; the 4, 16 and 64 KiB granules at stage 1 (TGran4 = 0, TGran16 =
 * 1, TGran64 = 0) and, as TGranX_2 = 0 says, at stage 2.
 */
#define MMFR0 (0x4ull | (0x2ull << 4) | (0x1ull << 12) | (0x1ull << 20))
/*
 * ID_AA64MMFR1_EL1: PAN (23:20 = 1: PSTATE.PAN, SCTLR_ELx.SPAN); with EL2,
 * VH (11:8 = 1: FEAT_VHE) and 16-bit VMIDs (VMIDBits, 7:4 = 2). No
 * hardware Access flag or dirty state updates, no HPDS, no LORegions.
 */
static uint64_t id_mmfr1(struct arm64_cpu *c)
{
	uint64_t el2 = c->el2_present ? (0x1ull << 8) | (0x2ull << 4) : 0;
	return (0x1ull << 20) | el2;
}
/*
 * ID_AA64DFR0_EL1: Debug v8, PMUv3 (PMUVer 11:8 = 1; pmu.c: the cycle
 * counter, no event counters), and selfdebug.c's A64_N_BRP breakpoints,
 * A64_N_WRP watchpoints, the last A64_N_CTX breakpoints context-aware
 * (BRPs, WRPs, CTX_CMPs hold the counts minus one).
 */
#define DFR0 (0x6ull | (1ull << 8) | ((A64_N_BRP - 1ull) << 12) | ((A64_N_WRP - 1ull) << 20) | \
	      ((A64_N_CTX - 1ull) << 28))
/* CTR_EL0 of the Cortex-A57: 64-byte lines, PIPT I-cache. */
#define CTR_A57 0x8444c004ull
/* CLIDR_EL1: L1 separate I+D, L2 unified, LoUIS 1, LoC 2 (Cortex-A57 TRM). */
#define CLIDR_A57 0x0a200023ull
/* PMCR_EL0 read-only fields: IMP 0x41 (Arm), IDCODE 0x01 (Cortex-A57 TRM), N (15:11). */
#define PMCR_RESET (0x41010000ull | ((uint64_t)A64_PMU_N << 11))
/*
 * PMCEID0_EL0 and PMCEID1_EL0: exactly the common events pmu.c counts. Bit
 * n of PMCEID0 is event n (0x00-0x1f), bit n of PMCEID1 event 0x20 + n:
 * SW_INCR (0x00), INST_RETIRED (0x08), EXC_TAKEN (0x09), EXC_RETURN
 * (0x0a), CPU_CYCLES (0x11), MEM_ACCESS (0x13), CHAIN (0x1e); BR_RETIRED
 * (0x21).
 */
#define PMCEID0 ((1ull << 0x00) | (1ull << 0x08) | (1ull << 0x09) | (1ull << 0x0a) | \
		 (1ull << 0x11) | (1ull << 0x13) | (1ull << 0x1e))
#define PMCEID1 (1ull << (0x21 - 0x20))
/*
 * ICH_VTR_EL2 (Arm IHI 0069, "ICH_VTR_EL2"): 4 list registers, 5 priority and
 * preemption bits, 16-bit virtual INTIDs, A3V, no direct vLPI injection
 * (nV4). The virtual CPU interface's registers are kept but no virtual
 * interrupt is delivered: the device tree advertises no maintenance
 * interrupt, so Linux (KVM) does not use it.
 */
#define ICH_VTR ((4ull << 29) | (4ull << 26) | (1ull << 21) | (1ull << 20) | 3ull)

/* CCSIDR_EL1 for a CSSELR_EL1 value (32K 2-way L1D, 48K 3-way L1I, 2M 16-way L2); 0: no such cache. */
uint64_t a64_ccsidr(uint64_t csselr)
{
	switch (csselr & 0xf) {
	case 0: return (255ull << 13) | (1 << 3) | 2;
	case 1: return (255ull << 13) | (2 << 3) | 2;
	case 2: return (2047ull << 13) | (15 << 3) | 2;
	default: return 0;
	}
}

static uint64_t rd_ccsidr(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	return a64_ccsidr(c->sr.csselr_el1);
}

static uint64_t rd_const(struct arm64_cpu *c, const struct a64_sysreg *r) { return r->value; }
static uint64_t rd_pfr0(struct arm64_cpu *c, const struct a64_sysreg *r) { return id_pfr0(c); }
static uint64_t rd_mmfr1(struct arm64_cpu *c, const struct a64_sysreg *r) { return id_mmfr1(c); }
static uint64_t rd_mpidr(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	/* An EL1 read under an EL2 the guest owns returns VMPIDR_EL2 (D19.2.85). */
	if (c->el == 1 && c->el2_present)
		return c->sr.vmpidr_el2;
	return c->sr.mpidr_el1;
}
static uint64_t rd_midr(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	if (c->el == 1 && c->el2_present)
		return c->sr.vpidr_el2;
	return midr(c);
}
/* DCZID_EL0.DZP (bit 4): DC ZVA is prohibited at EL0 unless SCTLR.DZE (block size 64 bytes). */
static uint64_t rd_dczid(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	bool prohibited = c->el == 0 && !(a64_sctlr(c) & SCTLR_DZE);
	return 4 | (prohibited ? 0x10 : 0);
}

/* -------------------------------------------------------- PSTATE fields */

static uint64_t rd_nzcv(struct arm64_cpu *c, const struct a64_sysreg *r) { return a64_nzcv(c); }
static void wr_nzcv(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v) { a64_set_nzcv(c, (uint32_t)v); }
static uint64_t rd_daif(struct arm64_cpu *c, const struct a64_sysreg *r) { return c->daif; }
static void wr_daif(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	c->daif = v & 0x3c0;
	a64_irq_unmask_check(c);
}
static uint64_t rd_currentel(struct arm64_cpu *c, const struct a64_sysreg *r) { return c->el << 2; }
static uint64_t rd_spsel(struct arm64_cpu *c, const struct a64_sysreg *r) { return c->spsel; }
static void wr_spsel(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	a64_pstate_write(c, (a64_pstate_read(c) & ~1ull) | (v & 1));
}
/* PAN (C5.2 "Special-purpose registers", FEAT_PAN): PSTATE.PAN in bit 22; it selects the TLB regime. */
static uint64_t rd_pan(struct arm64_cpu *c, const struct a64_sysreg *r) { return (uint64_t)c->pan << 22; }
static void wr_pan(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	c->pan = (v >> 22) & 1;
	a64_update_mode(c);
}
static uint64_t rd_fpcr(struct arm64_cpu *c, const struct a64_sysreg *r) { return c->fpcr; }
static void wr_fpcr(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	/* AHP, DN, FZ, RMode, and the trap enables as RAZ (no trapped FP exceptions) */
	c->fpcr = (uint32_t)v & 0x07c00000u;
}
static uint64_t rd_fpsr(struct arm64_cpu *c, const struct a64_sysreg *r) { return c->fpsr; }
static void wr_fpsr(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	c->fpsr = (uint32_t)v & 0xf800009fu;
}

/* SP_EL0 / SP_EL1: the banked copy, or x[31] when it is the current SP. */
static uint64_t *banked_sp(struct arm64_cpu *c, unsigned n)
{
	unsigned cur = c->spsel ? c->el : 0;
	return n == cur ? &c->x[A64_SP] : &c->sp_el[n];
}
static uint64_t rd_sp_el(struct arm64_cpu *c, const struct a64_sysreg *r) { return *banked_sp(c, (unsigned)r->value); }
static void wr_sp_el(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v) { *banked_sp(c, (unsigned)r->value) = v; }

/* ------------------------------------------------ plain and side effects */

static uint64_t *field(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	return (uint64_t *)((char *)c + r->offset);
}
static uint64_t rd_field(struct arm64_cpu *c, const struct a64_sysreg *r) { return *field(c, r); }
static void wr_field(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	*field(c, r) = v & ~r->value;   /* value holds the RES0 mask for plain registers */
}
/* Registers that change translation: flush this vCPU's TLBs. */
static void wr_translation(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	wr_field(c, r, v);
	a64_tlbi_all(c);
	a64_update_mode(c);
}
/* Registers that change FP trapping or routing: recompute the decode mode. */
static void wr_mode(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	wr_field(c, r, v);
	a64_update_mode(c);
}
/*
 * HCR_EL2: RW is RAO/WI (EL1 is AArch64-only); the bits of features after
 * Armv8.1 (35 and up) are RES0. E2H, TGE, VM and DC change the regimes,
 * IMO/FMO the routing of interrupts.
 */
static void wr_hcr(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	wr_translation(c, r, v | HCR_RW);
}
static void wr_ignore(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v) {}

/* Generic timer (D11): counter and the four timers' CTL/CVAL/TVAL. */
static uint64_t rd_cntpct(struct arm64_cpu *c, const struct a64_sysreg *r) { return a64_counter(c); }
static uint64_t rd_cntvct(struct arm64_cpu *c, const struct a64_sysreg *r) { return a64_virtual_count(c); }
static uint64_t rd_timer(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	return a64_timer_read(c, (enum a64_timer)(r->value >> 4), r->value & 0xf);
}
static void wr_timer(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	a64_timer_write(c, (enum a64_timer)(r->value >> 4), r->value & 0xf, v);
}
static void wr_cntvoff(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	c->sr.cntvoff_el2 = v;
	a64_timer_update_all(c);
}
#define TIMER(t, reg) (((uint64_t)(t) << 4) | (reg))

/* GICv3 CPU interface: forwarded to the interrupt controller model. */
static uint64_t rd_icc(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	return c->plat.icc_read ? c->plat.icc_read(c->plat.gic, c->core.index, r->enc) : 0;
}
static void wr_icc(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	if (c->plat.icc_write)
		c->plat.icc_write(c->plat.gic, c->core.index, r->enc, v);
}
/* ICH_ELRSR_EL2: bit n set when list register n holds no interrupt (State = 0b00). */
static uint64_t rd_ich_elrsr(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < 4; i++)
		if (!((c->sr.ich_lr_el2[i] >> 62) & 3))
			v |= 1u << i;
	return v;
}

/* OSLAR_EL1 writes OSLSR_EL1.OSLK (D19.3.24); the lock gates debug exceptions. */
static void wr_oslar(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	c->sr.oslsr_el1 = (c->sr.oslsr_el1 & ~2ull) | ((v & 1) << 1);
	a64_debug_update(c);
}
/* MDSCR_EL1, OSDLR_EL1 and the breakpoint and watchpoint registers: re-arm (selfdebug.c). */
static void wr_debug(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	wr_field(c, r, v);
	a64_debug_update(c);
}

/* ------------------------------------------------------------------ PMU */

/* The cycle counter's bit and the event counters' in PMCNTEN, PMINTEN, PMOVS. */
#define PMU_C (1ull << 31)
#define PMU_ALL (PMU_C | ((1ull << A64_PMU_N) - 1))

static uint64_t rd_pmccntr(struct arm64_cpu *c, const struct a64_sysreg *r) { return a64_pmu_ccnt(c); }
/* PMOVSSET/CLR_EL0: bring the count (and the overflow flag it may set) up to date first. */
static uint64_t rd_pmovs(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	a64_pmu_ccnt(c);
	return c->sr.pmovsset_el0;
}
static void wr_pmccntr(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v) { a64_pmu_set_ccnt(c, v); }
static void wr_pmcr(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v) { a64_pmu_write_pmcr(c, v); }
/* The SET/CLR pairs (PMCNTEN, PMINTEN, PMOVS): write-one-to-set or -clear, read the state. */
static void wr_pmu_set(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	*field(c, r) |= v & PMU_ALL;
	a64_pmu_update(c);
}
static void wr_pmu_clr(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	*field(c, r) &= ~(v & PMU_ALL);
	a64_pmu_update(c);
}
/* PMCCFILTR_EL0: P, U, NSK, NSU, NSH (bits 31:27). */
static void wr_pmu_field(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	wr_field(c, r, v);
	a64_pmu_update(c);
}
/* PMEVCNTR<n>_EL0 and PMEVTYPER<n>_EL0 (r->value = n). */
static uint64_t rd_pmevcntr(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	return a64_pmu_evcnt(c, (unsigned)r->value);
}
static void wr_pmevcntr(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	a64_pmu_set_evcnt(c, (unsigned)r->value, v);
}
static uint64_t rd_pmevtyper(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	return c->pmu.evtyper[r->value];
}
static void wr_pmevtyper(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	a64_pmu_set_evtyper(c, (unsigned)r->value, v);
}
static void wr_pmswinc(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	a64_pmu_swinc(c, v);
}
/*
 * PMXEVTYPER_EL0 and PMXEVCNTR_EL0 reach the counter PMSELR_EL0.SEL
 * selects: PMCCFILTR_EL0 for PMXEVTYPER when SEL is 31; RAZ/WI for a
 * counter that does not exist (CONSTRAINED UNPREDICTABLE).
 */
static unsigned pmsel(const struct arm64_cpu *c)
{
	return c->sr.pmselr_el0 & 0x1f;
}
static uint64_t rd_pmxevtyper(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	unsigned n = pmsel(c);
	return n == 31 ? c->sr.pmccfiltr_el0 : n < A64_PMU_N ? c->pmu.evtyper[n] : 0;
}
static void wr_pmxevtyper(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	unsigned n = pmsel(c);
	if (n == 31) {
		c->sr.pmccfiltr_el0 = v & 0xf8000000ull;
		a64_pmu_update(c);
	} else if (n < A64_PMU_N) {
		a64_pmu_set_evtyper(c, n, v);
	}
}
static uint64_t rd_pmxevcntr(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	return pmsel(c) < A64_PMU_N ? a64_pmu_evcnt(c, pmsel(c)) : 0;
}
static void wr_pmxevcntr(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	if (pmsel(c) < A64_PMU_N)
		a64_pmu_set_evcnt(c, pmsel(c), v);
}

/* ---------------------------------------------------- trap controls */

/* CNTKCTL_EL1 (and CNTHCTL_EL2 under E2H) EL0 enables (D19.8.7). */
#define EL0PCTEN (1ull << 0)
#define EL0VCTEN (1ull << 1)
#define EL0VTEN (1ull << 8)
#define EL0PTEN (1ull << 9)
/* PMUSERENR_EL0 */
#define PMUSERENR_EN (1ull << 0)
#define PMUSERENR_SW (1ull << 1)
#define PMUSERENR_CR (1ull << 2)
#define PMUSERENR_ER (1ull << 3)
/* MDCR_EL2 */
#define MDCR_TPMCR (1ull << 5)
#define MDCR_TPM (1ull << 6)
#define MDCR_TDE (1ull << 8)
#define MDCR_TDA (1ull << 9)
#define MDCR_TDOSA (1ull << 10)
#define MDCR_TDRA (1ull << 11)
#define HCR_TACR (1ull << 21)
#define CPTR_TCPAC (1ull << 31)

/*
 * CNTHCTL_EL2.EL1PCTEN / EL1PCEN: bits 0 and 1, or 10 and 11 when E2H is
 * 1 (D19.8, CNTHCTL_EL2). Clear, they trap EL1&0 accesses to the physical counter and
 * timer to EL2.
 */
static bool cnthctl_traps(const struct arm64_cpu *c, unsigned bit)
{
	return !((c->sr.cnthctl_el2 >> (bit + (a64_e2h(c) ? 10 : 0))) & 1);
}

unsigned a64_sysreg_trap(const struct arm64_cpu *c, const struct a64_sysreg *r, bool is_read)
{
	if (c->el == 2)
		return 0;
	bool el0 = c->el == 0, host = a64_host(c);
	/* EL0's own enables trap to EL1, or to EL2 under HCR_EL2.TGE. */
	unsigned el0_to = a64_sync_target(c);
	uint64_t sctlr = a64_sctlr(c);
	uint64_t kctl = host ? c->sr.cnthctl_el2 : c->sr.cntkctl_el1;
	uint64_t pmu = c->sr.pmuserenr_el0;
	/* EL2's traps of the EL1&0 regime; a host's EL0 has its enables above. */
	bool el2 = c->el2_present && !host;
	uint64_t mdcr = c->sr.mdcr_el2;
	if ((mdcr & MDCR_TDE) || (c->sr.hcr_el2 & HCR_TGE))
		mdcr |= MDCR_TDA | MDCR_TDOSA | MDCR_TDRA;

	switch (r->gate) {
	case A64_GATE_UMA:
		if (el0 && !(sctlr & SCTLR_UMA))
			return el0_to;
		break;
	case A64_GATE_UCT:
		if (el0 && !(sctlr & SCTLR_UCT))
			return el0_to;
		break;
	case A64_GATE_CNTFRQ:
		if (el0 && !(kctl & (EL0PCTEN | EL0VCTEN)))
			return el0_to;
		break;
	case A64_GATE_CNTPCT:
		if (el0 && !(kctl & EL0PCTEN))
			return el0_to;
		if (el2 && cnthctl_traps(c, 0))
			return 2;
		break;
	case A64_GATE_CNTVCT:
		if (el0 && !(kctl & EL0VCTEN))
			return el0_to;
		break;
	case A64_GATE_CNTP:
		if (el0 && !(kctl & EL0PTEN))
			return el0_to;
		if (el2 && cnthctl_traps(c, 1))
			return 2;
		break;
	case A64_GATE_CNTV:
		if (el0 && !(kctl & EL0VTEN))
			return el0_to;
		break;
	case A64_GATE_PMU:
	case A64_GATE_PMCR:
	case A64_GATE_PMCCNTR:
	case A64_GATE_PMEVCNTR:
	case A64_GATE_PMSWINC: {
		/* PMUSERENR_EL0: EN opens everything; CR, ER, SW open reads of
		 * PMCCNTR, reads of the event counters and PMSELR, PMSWINC. */
		uint64_t open = PMUSERENR_EN;
		if (r->gate == A64_GATE_PMCCNTR && is_read)
			open |= PMUSERENR_CR;
		if (r->gate == A64_GATE_PMEVCNTR && (is_read || r->enc == R(3, 3, 9, 12, 5)))
			open |= PMUSERENR_ER;
		if (r->gate == A64_GATE_PMSWINC)
			open |= PMUSERENR_SW;
		if (el0 && !(pmu & open))
			return el0_to;
		/* MDCR_EL2.TPM traps every PMU access */
		__attribute__((fallthrough));
	}
	case A64_GATE_PMUSERENR:
		if (c->el2_present && ((mdcr & MDCR_TPM) ||
				       (r->gate == A64_GATE_PMCR && (mdcr & MDCR_TPMCR))))
			return 2;
		break;
	case A64_GATE_DEBUG:
		if (c->el2_present && (mdcr & MDCR_TDA))
			return 2;
		break;
	case A64_GATE_OSLOCK:
		if (c->el2_present && (mdcr & MDCR_TDOSA))
			return 2;
		break;
	case A64_GATE_DBGROM:
		if (c->el2_present && (mdcr & MDCR_TDRA))
			return 2;
		break;
	case A64_GATE_ACTLR:
		if (el2 && (c->sr.hcr_el2 & HCR_TACR))
			return 2;
		break;
	case A64_GATE_CPACR:
		if (el2 && (c->sr.cptr_el2 & CPTR_TCPAC))
			return 2;
		break;
	}
	/* HCR_EL2.TVM/TRVM (writes/reads of the VM controls) and TID3, from EL1. */
	if (el2 && c->el == 1) {
		uint64_t hcr = c->sr.hcr_el2;
		if ((r->flags & A64_SR_VM) && (hcr & (is_read ? HCR_TRVM : HCR_TVM)))
			return 2;
		if ((r->flags & A64_SR_ID3) && (hcr & HCR_TID3))
			return 2;
	}
	return 0;
}

/* ------------------------------------------------------------- the table */

#define ROW(n, e, off, rd, wr, v, lvl, gate, fl, e2h) { e, n, off, rd, wr, v, lvl, gate, fl, e2h }
#define PLAIN(n, e, f, lvl, res0) ROW(n, e, SR(f), rd_field, wr_field, res0, lvl, 0, 0, 0)
#define SIDE(n, e, f, lvl, wr) ROW(n, e, SR(f), rd_field, wr, 0, lvl, 0, 0, 0)
#define CONST(n, e, v, lvl) ROW(n, e, 0, rd_const, NULL, v, lvl, 0, A64_SR_RO, 0)
#define FN(n, e, rd, wr, v, lvl, fl) ROW(n, e, 0, rd, wr, v, lvl, 0, fl, 0)
/* An EL0-accessible register whose EL0 access a control bit enables. */
#define GATED(n, e, rd, wr, v, fl, gate) ROW(n, e, 0, rd, wr, v, 0, gate, fl, 0)
/* An ID group 3 register (HCR_EL2.TID3). */
#define ID3(n, e, rd, v) ROW(n, e, 0, rd, NULL, v, 1, 0, A64_SR_RO | A64_SR_ID3, 0)
/*
 * An EL1 register that E2H redirects to `e2` at EL2, and its *_EL12 alias
 * `e12` that reaches it from EL2 when E2H is 1 (flags: A64_SR_VM for the
 * controls HCR_EL2.TVM/TRVM trap).
 */
#define EL1(n, e, f, wr, res0, fl, e2) ROW(n, e, SR(f), rd_field, wr, res0, 1, 0, fl, e2)
#define EL12(n, e12, f, wr, res0) ROW(n, e12, SR(f), rd_field, wr, res0, 2, 0, A64_SR_E2H, 0)
/* EL0 timer registers, redirected to the EL2 timer `e2` under E2H, and their *_EL02 aliases. */
#define TIMER0(n, e, t, reg, gate, e2) \
	ROW(n, e, 0, rd_timer, wr_timer, TIMER(t, reg), 0, gate, 0, e2)
#define TIMER2(n, e, t, reg, fl) ROW(n, e, 0, rd_timer, wr_timer, TIMER(t, reg), 2, 0, fl, 0)
#define PMU(n, e, rd, wr, f, res0, lvl, gate, fl) ROW(n, e, SR(f), rd, wr, res0, lvl, gate, fl, 0)
/* Event counter i: PMEVCNTR<i>_EL0 (CRm 0b10:i<4:3>, op2 i<2:0>) and PMEVTYPER<i>_EL0 (CRm 0b11:...). */
#define PMEV(i) \
	ROW("pmevcntr" #i "_el0", R(3, 3, 14, 8 | ((i) >> 3), (i) & 7), 0, rd_pmevcntr, wr_pmevcntr, \
	    i, 0, A64_GATE_PMEVCNTR, 0, 0), \
	ROW("pmevtyper" #i "_el0", R(3, 3, 14, 12 | ((i) >> 3), (i) & 7), 0, rd_pmevtyper, \
	    wr_pmevtyper, i, 0, A64_GATE_PMU, 0, 0)
#define DBG(n, e, rd, wr, off, v, gate, fl) ROW(n, e, off, rd, wr, v, 1, gate, fl, 0)
/* Breakpoint i's value and control, watchpoint i's (D19.3), with their RES0 bits. */
#define DBGREG(n, e, f, res0) \
	ROW(n, e, offsetof(struct arm64_cpu, f), rd_field, wr_debug, res0, 1, A64_GATE_DEBUG, 0, 0)
#define BRP(i) DBGREG("dbgbvr" #i "_el1", R(2, 0, 0, i, 4), dbg.bvr[i], 3), \
	       DBGREG("dbgbcr" #i "_el1", R(2, 0, 0, i, 5), dbg.bcr[i], ~0xffffe7ull)
#define WRP(i) DBGREG("dbgwvr" #i "_el1", R(2, 0, 0, i, 6), dbg.wvr[i], 3), \
	       DBGREG("dbgwcr" #i "_el1", R(2, 0, 0, i, 7), dbg.wcr[i], ~0x1f1fffffull)

/* The EL2 registers that E2H redirects EL1 names to. */
#define SCTLR_EL2 R(3, 4, 1, 0, 0)
#define CPTR_EL2 R(3, 4, 1, 1, 2)
#define TTBR0_EL2 R(3, 4, 2, 0, 0)
#define TTBR1_EL2 R(3, 4, 2, 0, 1)
#define TCR_EL2 R(3, 4, 2, 0, 2)
#define ELR_EL2 R(3, 4, 4, 0, 1)
#define SPSR_EL2 R(3, 4, 4, 0, 0)
#define AFSR0_EL2 R(3, 4, 5, 1, 0)
#define AFSR1_EL2 R(3, 4, 5, 1, 1)
#define ESR_EL2 R(3, 4, 5, 2, 0)
#define FAR_EL2 R(3, 4, 6, 0, 0)
#define MAIR_EL2 R(3, 4, 10, 2, 0)
#define AMAIR_EL2 R(3, 4, 10, 3, 0)
#define VBAR_EL2 R(3, 4, 12, 0, 0)
#define CONTEXTIDR_EL2 R(3, 4, 13, 0, 1)
#define CNTHCTL_EL2 R(3, 4, 14, 1, 0)
#define CNTHP_TVAL_EL2 R(3, 4, 14, 2, 0)
#define CNTHP_CTL_EL2 R(3, 4, 14, 2, 1)
#define CNTHP_CVAL_EL2 R(3, 4, 14, 2, 2)
#define CNTHV_TVAL_EL2 R(3, 4, 14, 3, 0)
#define CNTHV_CTL_EL2 R(3, 4, 14, 3, 1)
#define CNTHV_CVAL_EL2 R(3, 4, 14, 3, 2)

_Static_assert(A64_N_BRP == 6 && A64_N_WRP == 4, "the table lists BRP(0-5) and WRP(0-3)");
_Static_assert(A64_PMU_N == 6, "the table lists PMEV(0-5)");

static const struct a64_sysreg table[] = {
	/* Identification (D19.2): EL1 read-only. */
	FN("midr_el1", R(3, 0, 0, 0, 0), rd_midr, NULL, 0, 1, A64_SR_RO),
	FN("mpidr_el1", R(3, 0, 0, 0, 5), rd_mpidr, NULL, 0, 1, A64_SR_RO),
	CONST("revidr_el1", R(3, 0, 0, 0, 6), 0, 1),
	ID3("id_aa64pfr0_el1", R(3, 0, 0, 4, 0), rd_pfr0, 0),
	ID3("id_aa64pfr1_el1", R(3, 0, 0, 4, 1), rd_const, 0),
	ID3("id_aa64dfr0_el1", R(3, 0, 0, 5, 0), rd_const, DFR0),
	ID3("id_aa64dfr1_el1", R(3, 0, 0, 5, 1), rd_const, 0),
	ID3("id_aa64afr0_el1", R(3, 0, 0, 5, 4), rd_const, 0),
	ID3("id_aa64afr1_el1", R(3, 0, 0, 5, 5), rd_const, 0),
	ID3("id_aa64isar0_el1", R(3, 0, 0, 6, 0), rd_const, ISAR0),
	ID3("id_aa64isar1_el1", R(3, 0, 0, 6, 1), rd_const, 0),
	ID3("id_aa64mmfr0_el1", R(3, 0, 0, 7, 0), rd_const, MMFR0),
	ID3("id_aa64mmfr1_el1", R(3, 0, 0, 7, 1), rd_mmfr1, 0),
	ID3("id_aa64mmfr2_el1", R(3, 0, 0, 7, 2), rd_const, 0),
	GATED("ctr_el0", R(3, 3, 0, 0, 1), rd_const, NULL, CTR_A57, A64_SR_RO, A64_GATE_UCT),
	FN("dczid_el0", R(3, 3, 0, 0, 7), rd_dczid, NULL, 0, 0, A64_SR_RO),
	CONST("clidr_el1", R(3, 1, 0, 0, 1), CLIDR_A57, 1),
	FN("ccsidr_el1", R(3, 1, 0, 0, 0), rd_ccsidr, NULL, 0, 1, A64_SR_RO),
	PLAIN("csselr_el1", R(3, 2, 0, 0, 0), csselr_el1, 1, ~0xfull),
	CONST("aidr_el1", R(3, 1, 0, 0, 7), 0, 1),
	PLAIN("vpidr_el2", R(3, 4, 0, 0, 0), vpidr_el2, 2, 0),
	PLAIN("vmpidr_el2", R(3, 4, 0, 0, 5), vmpidr_el2, 2, 0),

	/* PSTATE and special-purpose registers (C5.2). */
	FN("nzcv", R(3, 3, 4, 2, 0), rd_nzcv, wr_nzcv, 0, 0, 0),
	GATED("daif", R(3, 3, 4, 2, 1), rd_daif, wr_daif, 0, 0, A64_GATE_UMA),
	FN("currentel", R(3, 0, 4, 2, 2), rd_currentel, NULL, 0, 1, A64_SR_RO),
	FN("spsel", R(3, 0, 4, 2, 0), rd_spsel, wr_spsel, 0, 1, 0),
	FN("pan", R(3, 0, 4, 2, 3), rd_pan, wr_pan, 0, 1, 0),
	FN("fpcr", R(3, 3, 4, 4, 0), rd_fpcr, wr_fpcr, 0, 0, A64_SR_FP),
	FN("fpsr", R(3, 3, 4, 4, 1), rd_fpsr, wr_fpsr, 0, 0, A64_SR_FP),
	FN("sp_el0", R(3, 0, 4, 1, 0), rd_sp_el, wr_sp_el, 0, 1, A64_SR_NOT_CUR_SP),
	FN("sp_el1", R(3, 4, 4, 1, 0), rd_sp_el, wr_sp_el, 1, 2, 0),
	EL1("elr_el1", R(3, 0, 4, 0, 1), elr_el1, wr_field, 0, 0, ELR_EL2),
	EL12("elr_el12", R(3, 5, 4, 0, 1), elr_el1, wr_field, 0),
	EL1("spsr_el1", R(3, 0, 4, 0, 0), spsr_el1, wr_field, 0xffffffff00000000ull, 0, SPSR_EL2),
	EL12("spsr_el12", R(3, 5, 4, 0, 0), spsr_el1, wr_field, 0xffffffff00000000ull),
	PLAIN("elr_el2", ELR_EL2, elr_el2, 2, 0),
	PLAIN("spsr_el2", SPSR_EL2, spsr_el2, 2, 0xffffffff00000000ull),
	PLAIN("spsr_irq", R(3, 4, 4, 3, 0), spsr_irq, 2, 0),
	PLAIN("spsr_abt", R(3, 4, 4, 3, 1), spsr_abt, 2, 0),
	PLAIN("spsr_und", R(3, 4, 4, 3, 2), spsr_und, 2, 0),
	PLAIN("spsr_fiq", R(3, 4, 4, 3, 3), spsr_fiq, 2, 0),

	/* Memory system and EL1 controls (D19.2), with their E2H redirections and aliases. */
	EL1("sctlr_el1", R(3, 0, 1, 0, 0), sctlr_el1, wr_translation, 0, A64_SR_VM, SCTLR_EL2),
	EL12("sctlr_el12", R(3, 5, 1, 0, 0), sctlr_el1, wr_translation, 0),
	ROW("actlr_el1", R(3, 0, 1, 0, 1), SR(actlr_el1), rd_field, wr_field, 0, 1, A64_GATE_ACTLR, 0, 0),
	ROW("cpacr_el1", R(3, 0, 1, 0, 2), SR(cpacr_el1), rd_field, wr_mode, 0, 1, A64_GATE_CPACR, 0, CPTR_EL2),
	EL12("cpacr_el12", R(3, 5, 1, 0, 2), cpacr_el1, wr_mode, 0),
	EL1("ttbr0_el1", R(3, 0, 2, 0, 0), ttbr0_el1, wr_translation, 0, A64_SR_VM, TTBR0_EL2),
	EL12("ttbr0_el12", R(3, 5, 2, 0, 0), ttbr0_el1, wr_translation, 0),
	EL1("ttbr1_el1", R(3, 0, 2, 0, 1), ttbr1_el1, wr_translation, 0, A64_SR_VM, TTBR1_EL2),
	EL12("ttbr1_el12", R(3, 5, 2, 0, 1), ttbr1_el1, wr_translation, 0),
	EL1("tcr_el1", R(3, 0, 2, 0, 2), tcr_el1, wr_translation, 0, A64_SR_VM, TCR_EL2),
	EL12("tcr_el12", R(3, 5, 2, 0, 2), tcr_el1, wr_translation, 0),
	EL1("afsr0_el1", R(3, 0, 5, 1, 0), afsr0_el1, wr_field, 0, A64_SR_VM, AFSR0_EL2),
	EL12("afsr0_el12", R(3, 5, 5, 1, 0), afsr0_el1, wr_field, 0),
	EL1("afsr1_el1", R(3, 0, 5, 1, 1), afsr1_el1, wr_field, 0, A64_SR_VM, AFSR1_EL2),
	EL12("afsr1_el12", R(3, 5, 5, 1, 1), afsr1_el1, wr_field, 0),
	EL1("esr_el1", R(3, 0, 5, 2, 0), esr_el1, wr_field, 0, A64_SR_VM, ESR_EL2),
	EL12("esr_el12", R(3, 5, 5, 2, 0), esr_el1, wr_field, 0),
	EL1("far_el1", R(3, 0, 6, 0, 0), far_el1, wr_field, 0, A64_SR_VM, FAR_EL2),
	EL12("far_el12", R(3, 5, 6, 0, 0), far_el1, wr_field, 0),
	EL1("mair_el1", R(3, 0, 10, 2, 0), mair_el1, wr_field, 0, A64_SR_VM, MAIR_EL2),
	EL12("mair_el12", R(3, 5, 10, 2, 0), mair_el1, wr_field, 0),
	EL1("amair_el1", R(3, 0, 10, 3, 0), amair_el1, wr_field, 0, A64_SR_VM, AMAIR_EL2),
	EL12("amair_el12", R(3, 5, 10, 3, 0), amair_el1, wr_field, 0),
	EL1("vbar_el1", R(3, 0, 12, 0, 0), vbar_el1, wr_field, 0x7ff, 0, VBAR_EL2),
	EL12("vbar_el12", R(3, 5, 12, 0, 0), vbar_el1, wr_field, 0x7ff),
	EL1("contextidr_el1", R(3, 0, 13, 0, 1), contextidr_el1, wr_field, 0, A64_SR_VM, CONTEXTIDR_EL2),
	EL12("contextidr_el12", R(3, 5, 13, 0, 1), contextidr_el1, wr_field, 0),
	PLAIN("par_el1", R(3, 0, 7, 4, 0), par_el1, 1, 0),
	PLAIN("disr_el1", R(3, 0, 12, 1, 1), disr_el1, 1, 0),
	PLAIN("tpidr_el1", R(3, 0, 13, 0, 4), tpidr_el1, 1, 0),
	PLAIN("tpidr_el0", R(3, 3, 13, 0, 2), tpidr_el0, 0, 0),
	ROW("tpidrro_el0", R(3, 3, 13, 0, 3), SR(tpidrro_el0), rd_field, wr_field, 0, 0, 0, A64_SR_EL0_RO, 0),

	/* EL2 controls (D19.2). */
	SIDE("sctlr_el2", SCTLR_EL2, sctlr_el2, 2, wr_translation),
	PLAIN("actlr_el2", R(3, 4, 1, 0, 1), actlr_el2, 2, 0),
	ROW("hcr_el2", R(3, 4, 1, 1, 0), SR(hcr_el2), rd_field, wr_hcr, ~((1ull << 35) - 1), 2, 0, 0, 0),
	PLAIN("mdcr_el2", R(3, 4, 1, 1, 1), mdcr_el2, 2, 0),
	SIDE("cptr_el2", CPTR_EL2, cptr_el2, 2, wr_mode),
	PLAIN("hstr_el2", R(3, 4, 1, 1, 3), hstr_el2, 2, 0),
	PLAIN("hacr_el2", R(3, 4, 1, 1, 7), hacr_el2, 2, 0),
	SIDE("ttbr0_el2", TTBR0_EL2, ttbr0_el2, 2, wr_translation),
	SIDE("ttbr1_el2", TTBR1_EL2, ttbr1_el2, 2, wr_translation),
	SIDE("tcr_el2", TCR_EL2, tcr_el2, 2, wr_translation),
	SIDE("vttbr_el2", R(3, 4, 2, 1, 0), vttbr_el2, 2, wr_translation),
	SIDE("vtcr_el2", R(3, 4, 2, 1, 2), vtcr_el2, 2, wr_translation),
	PLAIN("mair_el2", MAIR_EL2, mair_el2, 2, 0),
	PLAIN("amair_el2", AMAIR_EL2, amair_el2, 2, 0),
	PLAIN("vbar_el2", VBAR_EL2, vbar_el2, 2, 0x7ff),
	PLAIN("esr_el2", ESR_EL2, esr_el2, 2, 0),
	PLAIN("afsr0_el2", AFSR0_EL2, afsr0_el2, 2, 0),
	PLAIN("afsr1_el2", AFSR1_EL2, afsr1_el2, 2, 0),
	PLAIN("far_el2", FAR_EL2, far_el2, 2, 0),
	PLAIN("hpfar_el2", R(3, 4, 6, 0, 4), hpfar_el2, 2, 0),
	PLAIN("contextidr_el2", CONTEXTIDR_EL2, contextidr_el2, 2, 0),
	PLAIN("tpidr_el2", R(3, 4, 13, 0, 2), tpidr_el2, 2, 0),

	/*
	 * Generic timer (D19.8). EL0 access is gated by CNTKCTL_EL1 (D19.8.7),
	 * EL1&0 access to the physical counter and timer by CNTHCTL_EL2. Under
	 * E2H, CNTKCTL_EL1 is CNTHCTL_EL2 and the EL0 timers are EL2's.
	 */
	GATED("cntfrq_el0", R(3, 3, 14, 0, 0), rd_const, NULL, A64_CNTFRQ, A64_SR_RO, A64_GATE_CNTFRQ),
	GATED("cntpct_el0", R(3, 3, 14, 0, 1), rd_cntpct, NULL, 0, A64_SR_RO, A64_GATE_CNTPCT),
	GATED("cntvct_el0", R(3, 3, 14, 0, 2), rd_cntvct, NULL, 0, A64_SR_RO, A64_GATE_CNTVCT),
	TIMER0("cntp_tval_el0", R(3, 3, 14, 2, 0), A64_TIMER_PHYS, A64_TIMER_TVAL, A64_GATE_CNTP, CNTHP_TVAL_EL2),
	TIMER0("cntp_ctl_el0", R(3, 3, 14, 2, 1), A64_TIMER_PHYS, A64_TIMER_CTL, A64_GATE_CNTP, CNTHP_CTL_EL2),
	TIMER0("cntp_cval_el0", R(3, 3, 14, 2, 2), A64_TIMER_PHYS, A64_TIMER_CVAL, A64_GATE_CNTP, CNTHP_CVAL_EL2),
	TIMER0("cntv_tval_el0", R(3, 3, 14, 3, 0), A64_TIMER_VIRT, A64_TIMER_TVAL, A64_GATE_CNTV, CNTHV_TVAL_EL2),
	TIMER0("cntv_ctl_el0", R(3, 3, 14, 3, 1), A64_TIMER_VIRT, A64_TIMER_CTL, A64_GATE_CNTV, CNTHV_CTL_EL2),
	TIMER0("cntv_cval_el0", R(3, 3, 14, 3, 2), A64_TIMER_VIRT, A64_TIMER_CVAL, A64_GATE_CNTV, CNTHV_CVAL_EL2),
	TIMER2("cntp_tval_el02", R(3, 5, 14, 2, 0), A64_TIMER_PHYS, A64_TIMER_TVAL, A64_SR_E2H),
	TIMER2("cntp_ctl_el02", R(3, 5, 14, 2, 1), A64_TIMER_PHYS, A64_TIMER_CTL, A64_SR_E2H),
	TIMER2("cntp_cval_el02", R(3, 5, 14, 2, 2), A64_TIMER_PHYS, A64_TIMER_CVAL, A64_SR_E2H),
	TIMER2("cntv_tval_el02", R(3, 5, 14, 3, 0), A64_TIMER_VIRT, A64_TIMER_TVAL, A64_SR_E2H),
	TIMER2("cntv_ctl_el02", R(3, 5, 14, 3, 1), A64_TIMER_VIRT, A64_TIMER_CTL, A64_SR_E2H),
	TIMER2("cntv_cval_el02", R(3, 5, 14, 3, 2), A64_TIMER_VIRT, A64_TIMER_CVAL, A64_SR_E2H),
	EL1("cntkctl_el1", R(3, 0, 14, 1, 0), cntkctl_el1, wr_field, 0, 0, CNTHCTL_EL2),
	EL12("cntkctl_el12", R(3, 5, 14, 1, 0), cntkctl_el1, wr_field, 0),
	PLAIN("cnthctl_el2", CNTHCTL_EL2, cnthctl_el2, 2, 0),
	SIDE("cntvoff_el2", R(3, 4, 14, 0, 3), cntvoff_el2, 2, wr_cntvoff),
	TIMER2("cnthp_tval_el2", CNTHP_TVAL_EL2, A64_TIMER_HYP, A64_TIMER_TVAL, 0),
	TIMER2("cnthp_ctl_el2", CNTHP_CTL_EL2, A64_TIMER_HYP, A64_TIMER_CTL, 0),
	TIMER2("cnthp_cval_el2", CNTHP_CVAL_EL2, A64_TIMER_HYP, A64_TIMER_CVAL, 0),
	TIMER2("cnthv_tval_el2", CNTHV_TVAL_EL2, A64_TIMER_HYPVIRT, A64_TIMER_TVAL, 0),
	TIMER2("cnthv_ctl_el2", CNTHV_CTL_EL2, A64_TIMER_HYPVIRT, A64_TIMER_CTL, 0),
	TIMER2("cnthv_cval_el2", CNTHV_CVAL_EL2, A64_TIMER_HYPVIRT, A64_TIMER_CVAL, 0),

	/*
	 * Performance monitors: PMUv3, the cycle counter and A64_PMU_N event counters (pmu.c).
	 * PMUSERENR_EL0 opens EL0 access, MDCR_EL2.TPM/TPMCR trap to EL2.
	 */
	PMU("pmcr_el0", R(3, 3, 9, 12, 0), rd_field, wr_pmcr, pmcr_el0, 0, 0, A64_GATE_PMCR, 0),
	PMU("pmcntenset_el0", R(3, 3, 9, 12, 1), rd_field, wr_pmu_set, pmcntenset_el0, 0, 0, A64_GATE_PMU, 0),
	PMU("pmcntenclr_el0", R(3, 3, 9, 12, 2), rd_field, wr_pmu_clr, pmcntenset_el0, 0, 0, A64_GATE_PMU, 0),
	PMU("pmovsclr_el0", R(3, 3, 9, 12, 3), rd_pmovs, wr_pmu_clr, pmovsset_el0, 0, 0, A64_GATE_PMU, 0),
	PMU("pmswinc_el0", R(3, 3, 9, 12, 4), NULL, wr_pmswinc, pmcr_el0, 0, 0, A64_GATE_PMSWINC, A64_SR_WO),
	PMU("pmselr_el0", R(3, 3, 9, 12, 5), rd_field, wr_field, pmselr_el0, ~0x1full, 0, A64_GATE_PMEVCNTR, 0),
	ROW("pmceid0_el0", R(3, 3, 9, 12, 6), 0, rd_const, NULL, PMCEID0, 0, A64_GATE_PMU, A64_SR_RO, 0),
	ROW("pmceid1_el0", R(3, 3, 9, 12, 7), 0, rd_const, NULL, PMCEID1, 0, A64_GATE_PMU, A64_SR_RO, 0),
	PMU("pmccntr_el0", R(3, 3, 9, 13, 0), rd_pmccntr, wr_pmccntr, pmcr_el0, 0, 0, A64_GATE_PMCCNTR, 0),
	PMU("pmxevtyper_el0", R(3, 3, 9, 13, 1), rd_pmxevtyper, wr_pmxevtyper, pmcr_el0, 0, 0, A64_GATE_PMU, 0),
	ROW("pmxevcntr_el0", R(3, 3, 9, 13, 2), 0, rd_pmxevcntr, wr_pmxevcntr, 0, 0, A64_GATE_PMEVCNTR, 0, 0),
	PMEV(0), PMEV(1), PMEV(2), PMEV(3), PMEV(4), PMEV(5),
	PMU("pmuserenr_el0", R(3, 3, 9, 14, 0), rd_field, wr_field, pmuserenr_el0, ~0xfull, 0, A64_GATE_PMUSERENR, A64_SR_EL0_RO),
	PMU("pmintenset_el1", R(3, 0, 9, 14, 1), rd_field, wr_pmu_set, pmintenset_el1, 0, 1, A64_GATE_PMU, 0),
	PMU("pmintenclr_el1", R(3, 0, 9, 14, 2), rd_field, wr_pmu_clr, pmintenset_el1, 0, 1, A64_GATE_PMU, 0),
	PMU("pmovsset_el0", R(3, 3, 9, 14, 3), rd_pmovs, wr_pmu_set, pmovsset_el0, 0, 0, A64_GATE_PMU, 0),
	PMU("pmccfiltr_el0", R(3, 3, 14, 15, 7), rd_field, wr_pmu_field, pmccfiltr_el0, ~0xf8000000ull, 0, A64_GATE_PMU, 0),

	/*
	 * Debug (D19.3): the OS lock, the monitor controls, and the
	 * breakpoints and watchpoints of selfdebug.c. MDCR_EL2.TDA, TDOSA and
	 * TDRA trap EL1 accesses to EL2.
	 */
	DBG("mdscr_el1", R(2, 0, 0, 2, 2), rd_field, wr_debug, SR(mdscr_el1), 0, A64_GATE_DEBUG, 0),
	DBG("oslar_el1", R(2, 0, 1, 0, 4), NULL, wr_oslar, 0, 0, A64_GATE_OSLOCK, A64_SR_WO),
	DBG("oslsr_el1", R(2, 0, 1, 1, 4), rd_field, NULL, SR(oslsr_el1), 0, A64_GATE_OSLOCK, A64_SR_RO),
	DBG("osdlr_el1", R(2, 0, 1, 3, 4), rd_field, wr_debug, SR(osdlr_el1), ~1ull, A64_GATE_OSLOCK, 0),
	BRP(0), BRP(1), BRP(2), BRP(3), BRP(4), BRP(5),
	WRP(0), WRP(1), WRP(2), WRP(3),
	DBG("mdrar_el1", R(2, 0, 1, 0, 0), rd_const, NULL, 0, 0, A64_GATE_DBGROM, A64_SR_RO),
	DBG("mdccint_el1", R(2, 0, 0, 2, 0), rd_const, wr_ignore, 0, 0, A64_GATE_DEBUG, 0),
	DBG("dbgclaimset_el1", R(2, 0, 7, 8, 6), rd_const, wr_ignore, 0, 0, A64_GATE_DEBUG, 0),
	DBG("dbgclaimclr_el1", R(2, 0, 7, 9, 6), rd_const, wr_ignore, 0, 0, A64_GATE_DEBUG, 0),

	/* GICv3 CPU interface (Arm IHI 0069, 12.2). */
	FN("icc_pmr_el1", R(3, 0, 4, 6, 0), rd_icc, wr_icc, 0, 1, 0),
	FN("icc_iar0_el1", R(3, 0, 12, 8, 0), rd_icc, NULL, 0, 1, A64_SR_RO),
	FN("icc_eoir0_el1", R(3, 0, 12, 8, 1), NULL, wr_icc, 0, 1, A64_SR_WO),
	FN("icc_hppir0_el1", R(3, 0, 12, 8, 2), rd_icc, NULL, 0, 1, A64_SR_RO),
	FN("icc_bpr0_el1", R(3, 0, 12, 8, 3), rd_icc, wr_icc, 0, 1, 0),
	FN("icc_ap0r0_el1", R(3, 0, 12, 8, 4), rd_icc, wr_icc, 0, 1, 0),
	FN("icc_ap1r0_el1", R(3, 0, 12, 9, 0), rd_icc, wr_icc, 0, 1, 0),
	FN("icc_dir_el1", R(3, 0, 12, 11, 1), NULL, wr_icc, 0, 1, A64_SR_WO),
	FN("icc_rpr_el1", R(3, 0, 12, 11, 3), rd_icc, NULL, 0, 1, A64_SR_RO),
	FN("icc_sgi1r_el1", R(3, 0, 12, 11, 5), NULL, wr_icc, 0, 1, A64_SR_WO),
	FN("icc_asgi1r_el1", R(3, 0, 12, 11, 6), NULL, wr_icc, 0, 1, A64_SR_WO),
	FN("icc_sgi0r_el1", R(3, 0, 12, 11, 7), NULL, wr_icc, 0, 1, A64_SR_WO),
	FN("icc_iar1_el1", R(3, 0, 12, 12, 0), rd_icc, NULL, 0, 1, A64_SR_RO),
	FN("icc_eoir1_el1", R(3, 0, 12, 12, 1), NULL, wr_icc, 0, 1, A64_SR_WO),
	FN("icc_hppir1_el1", R(3, 0, 12, 12, 2), rd_icc, NULL, 0, 1, A64_SR_RO),
	FN("icc_bpr1_el1", R(3, 0, 12, 12, 3), rd_icc, wr_icc, 0, 1, 0),
	FN("icc_ctlr_el1", R(3, 0, 12, 12, 4), rd_icc, wr_icc, 0, 1, 0),
	FN("icc_sre_el1", R(3, 0, 12, 12, 5), rd_icc, wr_icc, 0, 1, 0),
	FN("icc_igrpen0_el1", R(3, 0, 12, 12, 6), rd_icc, wr_icc, 0, 1, 0),
	FN("icc_igrpen1_el1", R(3, 0, 12, 12, 7), rd_icc, wr_icc, 0, 1, 0),
	FN("icc_sre_el2", R(3, 4, 12, 9, 5), rd_icc, wr_icc, 0, 2, 0),

	/* GICv3 virtual CPU interface (IHI 0069, 12.4): the registers, no virtual interrupts. */
	PLAIN("ich_ap0r0_el2", R(3, 4, 12, 8, 0), ich_ap0r0_el2, 2, ~0xffffffffull),
	PLAIN("ich_ap1r0_el2", R(3, 4, 12, 9, 0), ich_ap1r0_el2, 2, ~0xffffffffull),
	PLAIN("ich_hcr_el2", R(3, 4, 12, 11, 0), ich_hcr_el2, 2, ~0xf8007cffull),
	CONST("ich_vtr_el2", R(3, 4, 12, 11, 1), ICH_VTR, 2),
	CONST("ich_misr_el2", R(3, 4, 12, 11, 2), 0, 2),
	CONST("ich_eisr_el2", R(3, 4, 12, 11, 3), 0, 2),
	FN("ich_elrsr_el2", R(3, 4, 12, 11, 5), rd_ich_elrsr, NULL, 0, 2, A64_SR_RO),
	PLAIN("ich_vmcr_el2", R(3, 4, 12, 11, 7), ich_vmcr_el2, 2, 0),
	PLAIN("ich_lr0_el2", R(3, 4, 12, 12, 0), ich_lr_el2[0], 2, 0),
	PLAIN("ich_lr1_el2", R(3, 4, 12, 12, 1), ich_lr_el2[1], 2, 0),
	PLAIN("ich_lr2_el2", R(3, 4, 12, 12, 2), ich_lr_el2[2], 2, 0),
	PLAIN("ich_lr3_el2", R(3, 4, 12, 12, 3), ich_lr_el2[3], 2, 0),
};

#define N_TABLE (sizeof(table) / sizeof(table[0]))

const struct a64_sysreg *a64_sysreg_find(uint32_t enc)
{
	for (size_t i = 0; i < N_TABLE; i++)
		if (table[i].enc == enc)
			return &table[i];
	/*
	 * The unallocated parts of the ID space (op0=3, op1=0, CRn=0, CRm 1-7)
	 * read as zero (D19.2.x "Reserved ID registers"), as do the AArch32 ID
	 * registers of a CPU without AArch32; all are ID group 3.
	 */
	static const struct a64_sysreg raz_id = ID3("id_raz", 0, rd_const, 0);
	if ((enc >> 7) == (R(3, 0, 0, 0, 0) >> 7) && ((enc >> 3) & 0xf) >= 1)
		return &raz_id;
	return NULL;
}

/* E2H redirection targets, indexed like table[] (built once). */
static const struct a64_sysreg *redirect[N_TABLE];
static pthread_once_t redirect_once = PTHREAD_ONCE_INIT;

static void build_redirect(void)
{
	for (size_t i = 0; i < N_TABLE; i++)
		redirect[i] = table[i].e2h_enc ? a64_sysreg_find(table[i].e2h_enc) : &table[i];
}

const struct a64_sysreg *a64_sysreg_target(const struct arm64_cpu *c, const struct a64_sysreg *r)
{
	if (!r->e2h_enc || c->el == 1 || !a64_e2h(c) || (c->el == 0 && !a64_host(c)))
		return r;
	pthread_once(&redirect_once, build_redirect);
	return redirect[r - table];
}

size_t a64_sysreg_count(void)
{
	return N_TABLE;
}

const struct a64_sysreg *a64_sysreg_at(size_t i)
{
	return i < N_TABLE ? &table[i] : NULL;
}

void a64_sysreg_reset(struct arm64_cpu *c)
{
	/* SCTLR RES1 bits as a Cortex-A57 resets them; MMU and caches off. */
	c->sr.sctlr_el1 = 0x30d00800ull;
	c->sr.sctlr_el2 = 0x30c50830ull;
	c->sr.mpidr_el1 = (1ull << 31) | (uint64_t)c->core.index;
	c->sr.vmpidr_el2 = c->sr.mpidr_el1;
	c->sr.vpidr_el2 = midr(c);
	c->sr.oslsr_el1 = 0xa;  /* OSLM: OS lock implemented; OSLK: locked, as a cold reset leaves it */
	c->sr.hcr_el2 = HCR_RW;  /* RAO: EL1 is AArch64 */
	/* With EL2 owned by hvsim, EL1 may use the physical counter and timer. */
	c->sr.cnthctl_el2 = 3;   /* EL1PCTEN, EL1PCEN */
	c->sr.pmcr_el0 = PMCR_RESET;
}

int a64_sysreg_access(struct arm64_cpu *c, uint32_t enc, void *val, bool set)
{
	const struct a64_sysreg *r = a64_sysreg_find(enc);
	if (!r)
		return -1;
	uint64_t v;
	if (set) {
		if (!r->write)
			return -1;
		memcpy(&v, val, 8);
		r->write(c, r, v);
	} else {
		if (!r->read)
			return -1;
		v = r->read(c, r);
		memcpy(val, &v, 8);
	}
	return 0;
}
