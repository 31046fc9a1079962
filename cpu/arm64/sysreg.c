/*
 * The AArch64 system registers: one table row per register, naming it,
 * saying where it lives, who may access it and what a write changes.
 * MRS/MSR (insn_system.c), the gdb stub and the ONE_REG API all use it.
 * ID register values describe a cortex-a57-like ARMv8.0 CPU and advertise
 * only what hvsim implements (Arm ARM D19.2 "General system control
 * registers", D19.3 debug, D19.8 generic timer; Cortex-A57 TRM for reset
 * and ID values).
 */
#include <stddef.h>

#include "cpu/arm64/sysreg.h"

#define SR(field) offsetof(struct arm64_cpu, sr.field)
#define R(op0, op1, crn, crm, op2) A64_SYSREG(op0, op1, crn, crm, op2)

/* ------------------------------------------------------------ ID values */

/* MIDR_EL1: Arm Cortex-A57 r1p0. */
#define MIDR_A57 0x411fd070ull
/* ID_AA64PFR0_EL1: EL0/EL1 AArch64 only, EL2 if the guest owns it, FP and
 * AdvSIMD implemented (0), GIC system registers (GIC=1). */
static uint64_t id_pfr0(struct arm64_cpu *c)
{
	return 0x1 | (0x1 << 4) | ((uint64_t)c->el2_present << 8) | (0x1ull << 24);
}
/* ID_AA64ISAR0_EL1: CRC32 (bits 19:16 = 1) and LSE atomics (23:20 = 2). */
#define ISAR0 ((1ull << 16) | (2ull << 20))
/* ID_AA64MMFR0_EL1: PARange 44 bits, 16-bit ASIDs, mixed-endian not
 * supported, 4 KiB granule only (TGran16 = 0, TGran64 = 0xf). */
#define MMFR0 (0x4ull | (0x2ull << 4) | (0x1ull << 12) | (0xfull << 24))
/* ID_AA64DFR0_EL1: Debug v8, 6 breakpoints, 4 watchpoints, 2 context-aware; no PMU yet. */
#define DFR0 (0x6ull | (5ull << 12) | (3ull << 20) | (1ull << 28))
/* CTR_EL0 of the Cortex-A57: 64-byte lines, PIPT I-cache. */
#define CTR_A57 0x8444c004ull
/* CLIDR_EL1: L1 separate I+D, L2 unified, LoUIS 1, LoC 2 (Cortex-A57 TRM). */
#define CLIDR_A57 0x0a200023ull

/* CCSIDR_EL1 for the cache CSSELR_EL1 selects (32K 2-way L1D, 48K 3-way L1I, 2M 16-way L2). */
static uint64_t rd_ccsidr(struct arm64_cpu *c, const struct a64_sysreg *r)
{
	switch (c->sr.csselr_el1 & 0xf) {
	case 0: return (255ull << 13) | (1 << 3) | 2;
	case 1: return (255ull << 13) | (2 << 3) | 2;
	case 2: return (2047ull << 13) | (15 << 3) | 2;
	default: return 0;
	}
}

static uint64_t rd_const(struct arm64_cpu *c, const struct a64_sysreg *r) { return r->value; }
static uint64_t rd_pfr0(struct arm64_cpu *c, const struct a64_sysreg *r) { return id_pfr0(c); }
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
	return MIDR_A57;
}

/* -------------------------------------------------------- PSTATE fields */

static uint64_t rd_nzcv(struct arm64_cpu *c, const struct a64_sysreg *r) { return c->nzcv; }
static void wr_nzcv(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v) { c->nzcv = v & 0xf0000000u; }
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
static void wr_ignore(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v) {}

/* Generic timer (D11): counter and the four timers' CTL/CVAL/TVAL. */
static uint64_t rd_cntpct(struct arm64_cpu *c, const struct a64_sysreg *r) { return a64_counter(c); }
static uint64_t rd_cntvct(struct arm64_cpu *c, const struct a64_sysreg *r) { return a64_counter(c) - c->sr.cntvoff_el2; }
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

/* OSLAR_EL1 writes OSLSR_EL1.OSLK (D19.3.24). */
static void wr_oslar(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v)
{
	c->sr.oslsr_el1 = (c->sr.oslsr_el1 & ~2ull) | ((v & 1) << 1);
}

/* ------------------------------------------------------------- the table */

#define PLAIN(n, e, f, lvl, res0) { e, n, SR(f), rd_field, wr_field, res0, lvl, 0, 0 }
#define SIDE(n, e, f, lvl, wr) { e, n, SR(f), rd_field, wr, 0, lvl, 0, 0 }
#define CONST(n, e, v, lvl) { e, n, 0, rd_const, NULL, v, lvl, A64_SR_RO, 0 }
#define FN(n, e, rd, wr, v, lvl, fl) { e, n, 0, rd, wr, v, lvl, fl, 0 }
/* An EL0-accessible register whose EL0 access a control bit enables. */
#define GATED(n, e, rd, wr, v, fl, gate) { e, n, 0, rd, wr, v, 0, fl, gate }

/* SCTLR_EL1 and CNTKCTL_EL1 bits that open EL0 access (D19.2.118, D19.8.7). */
#define UMA A64_GATE_SCTLR(1u << 9)
#define UCT A64_GATE_SCTLR(1u << 15)
#define EL0PCTEN A64_GATE_CNTKCTL(1u << 0)
#define EL0VCTEN A64_GATE_CNTKCTL(1u << 1)
#define EL0VTEN A64_GATE_CNTKCTL(1u << 8)
#define EL0PTEN A64_GATE_CNTKCTL(1u << 9)

static const struct a64_sysreg table[] = {
	/* Identification (D19.2): EL1 read-only. */
	FN("midr_el1", R(3, 0, 0, 0, 0), rd_midr, NULL, 0, 1, A64_SR_RO),
	FN("mpidr_el1", R(3, 0, 0, 0, 5), rd_mpidr, NULL, 0, 1, A64_SR_RO),
	CONST("revidr_el1", R(3, 0, 0, 0, 6), 0, 1),
	FN("id_aa64pfr0_el1", R(3, 0, 0, 4, 0), rd_pfr0, NULL, 0, 1, A64_SR_RO),
	CONST("id_aa64pfr1_el1", R(3, 0, 0, 4, 1), 0, 1),
	CONST("id_aa64dfr0_el1", R(3, 0, 0, 5, 0), DFR0, 1),
	CONST("id_aa64dfr1_el1", R(3, 0, 0, 5, 1), 0, 1),
	CONST("id_aa64afr0_el1", R(3, 0, 0, 5, 4), 0, 1),
	CONST("id_aa64afr1_el1", R(3, 0, 0, 5, 5), 0, 1),
	CONST("id_aa64isar0_el1", R(3, 0, 0, 6, 0), ISAR0, 1),
	CONST("id_aa64isar1_el1", R(3, 0, 0, 6, 1), 0, 1),
	CONST("id_aa64mmfr0_el1", R(3, 0, 0, 7, 0), MMFR0, 1),
	CONST("id_aa64mmfr1_el1", R(3, 0, 0, 7, 1), 0, 1),
	CONST("id_aa64mmfr2_el1", R(3, 0, 0, 7, 2), 0, 1),
	GATED("ctr_el0", R(3, 3, 0, 0, 1), rd_const, NULL, CTR_A57, A64_SR_RO, UCT),
	CONST("dczid_el0", R(3, 3, 0, 0, 7), 4, 0),   /* DC ZVA block: 64 bytes */
	CONST("clidr_el1", R(3, 1, 0, 0, 1), CLIDR_A57, 1),
	FN("ccsidr_el1", R(3, 1, 0, 0, 0), rd_ccsidr, NULL, 0, 1, A64_SR_RO),
	PLAIN("csselr_el1", R(3, 2, 0, 0, 0), csselr_el1, 1, ~0xfull),
	CONST("aidr_el1", R(3, 1, 0, 0, 7), 0, 1),
	PLAIN("vpidr_el2", R(3, 4, 0, 0, 0), vpidr_el2, 2, 0),
	PLAIN("vmpidr_el2", R(3, 4, 0, 0, 5), vmpidr_el2, 2, 0),

	/* PSTATE and special-purpose registers (C5.2). */
	FN("nzcv", R(3, 3, 4, 2, 0), rd_nzcv, wr_nzcv, 0, 0, 0),
	GATED("daif", R(3, 3, 4, 2, 1), rd_daif, wr_daif, 0, 0, UMA),
	FN("currentel", R(3, 0, 4, 2, 2), rd_currentel, NULL, 0, 1, A64_SR_RO),
	FN("spsel", R(3, 0, 4, 2, 0), rd_spsel, wr_spsel, 0, 1, 0),
	FN("fpcr", R(3, 3, 4, 4, 0), rd_fpcr, wr_fpcr, 0, 0, A64_SR_FP),
	FN("fpsr", R(3, 3, 4, 4, 1), rd_fpsr, wr_fpsr, 0, 0, A64_SR_FP),
	FN("sp_el0", R(3, 0, 4, 1, 0), rd_sp_el, wr_sp_el, 0, 1, A64_SR_NOT_CUR_SP),
	FN("sp_el1", R(3, 4, 4, 1, 0), rd_sp_el, wr_sp_el, 1, 2, 0),
	PLAIN("elr_el1", R(3, 0, 4, 0, 1), elr_el1, 1, 0),
	PLAIN("spsr_el1", R(3, 0, 4, 0, 0), spsr_el1, 1, 0xffffffff00000000ull),
	PLAIN("elr_el2", R(3, 4, 4, 0, 1), elr_el2, 2, 0),
	PLAIN("spsr_el2", R(3, 4, 4, 0, 0), spsr_el2, 2, 0xffffffff00000000ull),
	PLAIN("spsr_irq", R(3, 4, 4, 3, 0), spsr_irq, 2, 0),
	PLAIN("spsr_abt", R(3, 4, 4, 3, 1), spsr_abt, 2, 0),
	PLAIN("spsr_und", R(3, 4, 4, 3, 2), spsr_und, 2, 0),
	PLAIN("spsr_fiq", R(3, 4, 4, 3, 3), spsr_fiq, 2, 0),

	/* Memory system (D19.2). */
	SIDE("sctlr_el1", R(3, 0, 1, 0, 0), sctlr_el1, 1, wr_translation),
	SIDE("sctlr_el2", R(3, 4, 1, 0, 0), sctlr_el2, 2, wr_translation),
	PLAIN("actlr_el1", R(3, 0, 1, 0, 1), actlr_el1, 1, 0),
	PLAIN("actlr_el2", R(3, 4, 1, 0, 1), actlr_el2, 2, 0),
	SIDE("cpacr_el1", R(3, 0, 1, 0, 2), cpacr_el1, 1, wr_mode),
	SIDE("hcr_el2", R(3, 4, 1, 1, 0), hcr_el2, 2, wr_translation),
	PLAIN("mdcr_el2", R(3, 4, 1, 1, 1), mdcr_el2, 2, 0),
	SIDE("cptr_el2", R(3, 4, 1, 1, 2), cptr_el2, 2, wr_mode),
	PLAIN("hstr_el2", R(3, 4, 1, 1, 3), hstr_el2, 2, 0),
	PLAIN("hacr_el2", R(3, 4, 1, 1, 7), hacr_el2, 2, 0),
	SIDE("ttbr0_el1", R(3, 0, 2, 0, 0), ttbr0_el1, 1, wr_translation),
	SIDE("ttbr1_el1", R(3, 0, 2, 0, 1), ttbr1_el1, 1, wr_translation),
	SIDE("tcr_el1", R(3, 0, 2, 0, 2), tcr_el1, 1, wr_translation),
	SIDE("ttbr0_el2", R(3, 4, 2, 0, 0), ttbr0_el2, 2, wr_translation),
	SIDE("tcr_el2", R(3, 4, 2, 0, 2), tcr_el2, 2, wr_translation),
	SIDE("vttbr_el2", R(3, 4, 2, 1, 0), vttbr_el2, 2, wr_translation),
	SIDE("vtcr_el2", R(3, 4, 2, 1, 2), vtcr_el2, 2, wr_translation),
	PLAIN("mair_el1", R(3, 0, 10, 2, 0), mair_el1, 1, 0),
	PLAIN("amair_el1", R(3, 0, 10, 3, 0), amair_el1, 1, 0),
	PLAIN("mair_el2", R(3, 4, 10, 2, 0), mair_el2, 2, 0),
	PLAIN("amair_el2", R(3, 4, 10, 3, 0), amair_el2, 2, 0),
	PLAIN("vbar_el1", R(3, 0, 12, 0, 0), vbar_el1, 1, 0x7ff),
	PLAIN("vbar_el2", R(3, 4, 12, 0, 0), vbar_el2, 2, 0x7ff),
	PLAIN("esr_el1", R(3, 0, 5, 2, 0), esr_el1, 1, 0),
	PLAIN("esr_el2", R(3, 4, 5, 2, 0), esr_el2, 2, 0),
	PLAIN("afsr0_el1", R(3, 0, 5, 1, 0), afsr0_el1, 1, 0),
	PLAIN("afsr1_el1", R(3, 0, 5, 1, 1), afsr1_el1, 1, 0),
	PLAIN("afsr0_el2", R(3, 4, 5, 1, 0), afsr0_el2, 2, 0),
	PLAIN("afsr1_el2", R(3, 4, 5, 1, 1), afsr1_el2, 2, 0),
	PLAIN("far_el1", R(3, 0, 6, 0, 0), far_el1, 1, 0),
	PLAIN("far_el2", R(3, 4, 6, 0, 0), far_el2, 2, 0),
	PLAIN("hpfar_el2", R(3, 4, 6, 0, 4), hpfar_el2, 2, 0),
	PLAIN("par_el1", R(3, 0, 7, 4, 0), par_el1, 1, 0),
	PLAIN("disr_el1", R(3, 0, 12, 1, 1), disr_el1, 1, 0),
	PLAIN("contextidr_el1", R(3, 0, 13, 0, 1), contextidr_el1, 1, 0),
	PLAIN("tpidr_el1", R(3, 0, 13, 0, 4), tpidr_el1, 1, 0),
	PLAIN("tpidr_el0", R(3, 3, 13, 0, 2), tpidr_el0, 0, 0),
	{ R(3, 3, 13, 0, 3), "tpidrro_el0", SR(tpidrro_el0), rd_field, wr_field, 0, 0, A64_SR_EL0_RO, 0 },
	PLAIN("tpidr_el2", R(3, 4, 13, 0, 2), tpidr_el2, 2, 0),

	/* Generic timer (D19.8). EL0 access is gated by CNTKCTL_EL1 (D19.8.7). */
	GATED("cntfrq_el0", R(3, 3, 14, 0, 0), rd_const, NULL, A64_CNTFRQ, A64_SR_RO, EL0PCTEN | EL0VCTEN),
	GATED("cntpct_el0", R(3, 3, 14, 0, 1), rd_cntpct, NULL, 0, A64_SR_RO, EL0PCTEN),
	GATED("cntvct_el0", R(3, 3, 14, 0, 2), rd_cntvct, NULL, 0, A64_SR_RO, EL0VCTEN),
	GATED("cntp_tval_el0", R(3, 3, 14, 2, 0), rd_timer, wr_timer, TIMER(A64_TIMER_PHYS, A64_TIMER_TVAL), 0, EL0PTEN),
	GATED("cntp_ctl_el0", R(3, 3, 14, 2, 1), rd_timer, wr_timer, TIMER(A64_TIMER_PHYS, A64_TIMER_CTL), 0, EL0PTEN),
	GATED("cntp_cval_el0", R(3, 3, 14, 2, 2), rd_timer, wr_timer, TIMER(A64_TIMER_PHYS, A64_TIMER_CVAL), 0, EL0PTEN),
	GATED("cntv_tval_el0", R(3, 3, 14, 3, 0), rd_timer, wr_timer, TIMER(A64_TIMER_VIRT, A64_TIMER_TVAL), 0, EL0VTEN),
	GATED("cntv_ctl_el0", R(3, 3, 14, 3, 1), rd_timer, wr_timer, TIMER(A64_TIMER_VIRT, A64_TIMER_CTL), 0, EL0VTEN),
	GATED("cntv_cval_el0", R(3, 3, 14, 3, 2), rd_timer, wr_timer, TIMER(A64_TIMER_VIRT, A64_TIMER_CVAL), 0, EL0VTEN),
	PLAIN("cntkctl_el1", R(3, 0, 14, 1, 0), cntkctl_el1, 1, 0),
	PLAIN("cnthctl_el2", R(3, 4, 14, 1, 0), cnthctl_el2, 2, 0),
	SIDE("cntvoff_el2", R(3, 4, 14, 0, 3), cntvoff_el2, 2, wr_cntvoff),
	FN("cnthp_tval_el2", R(3, 4, 14, 2, 0), rd_timer, wr_timer, TIMER(A64_TIMER_HYP, A64_TIMER_TVAL), 2, 0),
	FN("cnthp_ctl_el2", R(3, 4, 14, 2, 1), rd_timer, wr_timer, TIMER(A64_TIMER_HYP, A64_TIMER_CTL), 2, 0),
	FN("cnthp_cval_el2", R(3, 4, 14, 2, 2), rd_timer, wr_timer, TIMER(A64_TIMER_HYP, A64_TIMER_CVAL), 2, 0),

	/* Debug (D19.3): the OS lock and the monitor controls; breakpoints RAZ/WI. */
	PLAIN("mdscr_el1", R(2, 0, 0, 2, 2), mdscr_el1, 1, 0),
	FN("oslar_el1", R(2, 0, 1, 0, 4), NULL, wr_oslar, 0, 1, A64_SR_WO),
	{ R(2, 0, 1, 1, 4), "oslsr_el1", SR(oslsr_el1), rd_field, NULL, 0, 1, A64_SR_RO, 0 },
	PLAIN("osdlr_el1", R(2, 0, 1, 3, 4), osdlr_el1, 1, ~1ull),
	CONST("mdrar_el1", R(2, 0, 1, 0, 0), 0, 1),
	FN("mdccint_el1", R(2, 0, 0, 2, 0), rd_const, wr_ignore, 0, 1, 0),
	FN("dbgclaimset_el1", R(2, 0, 7, 8, 6), rd_const, wr_ignore, 0, 1, 0),
	FN("dbgclaimclr_el1", R(2, 0, 7, 9, 6), rd_const, wr_ignore, 0, 1, 0),

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
};

const struct a64_sysreg *a64_sysreg_find(uint32_t enc)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].enc == enc)
			return &table[i];
	/*
	 * The unallocated parts of the ID space (op0=3, op1=0, CRn=0, CRm 1-7)
	 * read as zero (D19.2.x "Reserved ID registers"), as do the AArch32 ID
	 * registers of a CPU without AArch32.
	 */
	static const struct a64_sysreg raz_id = { 0, "id_raz", 0, rd_const, NULL, 0, 1, A64_SR_RO, 0 };
	if ((enc >> 7) == (R(3, 0, 0, 0, 0) >> 7) && ((enc >> 3) & 0xf) >= 1)
		return &raz_id;
	/* Debug breakpoint/watchpoint value and control registers: RAZ/WI. */
	static const struct a64_sysreg raz_dbg = { 0, "dbg_raz", 0, rd_const, wr_ignore, 0, 1, 0, 0 };
	if ((enc >> 7) == (R(2, 0, 0, 0, 0) >> 7) && (enc & 7) >= 4)
		return &raz_dbg;
	return NULL;
}

bool a64_sysreg_el0_allowed(const struct arm64_cpu *c, const struct a64_sysreg *r)
{
	return !r->el0_gate || (c->sr.sctlr_el1 & (r->el0_gate & 0xffff)) ||
	       (c->sr.cntkctl_el1 & (r->el0_gate >> 16));
}

size_t a64_sysreg_count(void)
{
	return sizeof(table) / sizeof(table[0]);
}

const struct a64_sysreg *a64_sysreg_at(size_t i)
{
	return i < sizeof(table) / sizeof(table[0]) ? &table[i] : NULL;
}

void a64_sysreg_reset(struct arm64_cpu *c)
{
	/* SCTLR RES1 bits as a Cortex-A57 resets them; MMU and caches off. */
	c->sr.sctlr_el1 = 0x30d00800ull;
	c->sr.sctlr_el2 = 0x30c50830ull;
	c->sr.mpidr_el1 = (1ull << 31) | (uint64_t)c->core.index;
	c->sr.vmpidr_el2 = c->sr.mpidr_el1;
	c->sr.vpidr_el2 = MIDR_A57;
	c->sr.oslsr_el1 = 0x8;  /* OSLM: OS lock implemented, unlocked */
	/* With EL2 owned by the guest, EL1 starts with the hypervisor's defaults. */
	c->sr.hcr_el2 = c->el2_present ? 0 : (1ull << 31);  /* RW: EL1 is AArch64 */
	c->sr.cnthctl_el2 = 3;   /* EL1PCTEN, EL1PCEN */
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
