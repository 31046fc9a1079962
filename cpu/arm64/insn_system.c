/*
 * A64 exception generation and system instructions (Arm ARM C4.1.3
 * "Branches, Exception Generating and System instructions"): SVC, HVC, SMC,
 * BRK, HLT, DCPS, ERET, hints (WFI, WFE, SEV...), barriers, CLREX, MSR
 * (immediate), MSR/MRS (register), and SYS: DC, IC, AT, TLBI.
 */
#include "cpu/arm64/sysreg.h"

#define HCR_TIDCP (1ull << 20)
#define HCR_TSW (1ull << 22)

static uint64_t next_pc(struct core_vcpu *v, const struct core_op *op)
{
	return core_op_pc(v, op) + 4;
}

/* ISS of a trapped MSR/MRS/SYS (D17.2.37, EC 0x18). */
static uint32_t sysreg_iss(uint32_t insn)
{
	uint32_t op0 = a64_bits(insn, 19, 2), op1 = a64_bits(insn, 16, 3);
	uint32_t crn = a64_bits(insn, 12, 4), crm = a64_bits(insn, 8, 4);
	uint32_t op2 = a64_bits(insn, 5, 3), rt = a64_bits(insn, 0, 5);
	uint32_t read = a64_bits(insn, 21, 1);
	return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | read;
}

/* A trapped MSR/MRS/SYS to `target` (1, or 2). */
static int trap_sysreg(struct arm64_cpu *c, const struct core_op *op, unsigned target)
{
	return a64_sync_exception_to(c, target, core_op_pc(&c->core, op), EC_SYSREG,
				     sysreg_iss(op->insn), 0, false);
}

/* A trap of EL0's own enables: to EL1, or to EL2 under HCR_EL2.TGE. */
static int trap_sysreg_el0(struct arm64_cpu *c, const struct core_op *op)
{
	return trap_sysreg(c, op, a64_sync_target(c));
}

/* --------------------------------------------- exception generation */

/* SVC (C6.2.316): to EL1 (EL2 from EL2 or under TGE), preferred return = next. */
CORE_HANDLER(op_svc)
{
	return a64_sync_exception(a64(v), next_pc(v, op), EC_SVC64, (uint32_t)op->imm, 0, true);
}

/* Hand a call to hvsim's hypervisor: the vCPU exits with HYPERCALL. */
static int exit_hypercall(struct core_vcpu *v, const struct core_op *op, bool is_smc)
{
	v->exit_info = (struct core_exit_info){
		.pc = core_op_pc(v, op),
		.conduit = is_smc ? A64_CONDUIT_SMC : A64_CONDUIT_HVC,
		.immediate = (uint32_t)op->imm,
	};
	v->pc = next_pc(v, op);
	v->exit = CORE_EXIT_HYPERCALL;
	return CORE_EXIT;
}

/*
 * HVC (C6.2.101): UNDEFINED at EL0 or when HCR_EL2.HCD disables it; to the
 * guest's EL2 when it owns EL2, otherwise answered by hvsim.
 */
CORE_HANDLER(op_hvc)
{
	struct arm64_cpu *c = a64(v);
	if (c->el == 0)
		return a64_undef(c, op);
	if (!c->el2_present)
		return exit_hypercall(v, op, false);
	if (c->sr.hcr_el2 & HCR_HCD)
		return a64_undef(c, op);
	return a64_sync_exception_to(c, 2, next_pc(v, op), EC_HVC64, (uint32_t)op->imm, 0, true);
}

/*
 * SMC (C6.2.238): UNDEFINED at EL0; trapped to EL2 by HCR_EL2.TSC (return
 * address = the SMC itself); otherwise the firmware (hvsim's EL3 model) answers.
 */
CORE_HANDLER(op_smc)
{
	struct arm64_cpu *c = a64(v);
	if (c->el == 0)
		return a64_undef(c, op);
	if (c->el2_present && c->el == 1 && (c->sr.hcr_el2 & HCR_TSC))
		return a64_sync_exception_to(c, 2, core_op_pc(v, op), EC_SMC64, (uint32_t)op->imm, 0, false);
	return exit_hypercall(v, op, true);
}

/* BRK (C6.2.38): EC 0x3c, ISS = imm16, return address = the BRK. */
CORE_HANDLER(op_brk)
{
	return a64_sync_exception(a64(v), core_op_pc(v, op), EC_BRK64, (uint32_t)op->imm, 0, false);
}

static bool dec_imm16(uint32_t insn, struct core_op *op)
{
	op->imm = a64_bits(insn, 5, 16);
	return true;
}

/* ERET (C6.2.93): UNDEFINED at EL0. */
CORE_HANDLER(op_eret)
{
	struct arm64_cpu *c = a64(v);
	if (c->el == 0)
		return a64_undef(c, op);
	return a64_eret(c);
}

/* ------------------------------------------------------------- hints */

CORE_HANDLER(op_nop)
{
	return CORE_OK;
}

/*
 * WFI/WFE trap checks (D1.16.3): SCTLR_ELx.nTWx at EL0 (SCTLR_EL2 for a
 * host's EL0, to EL2), then HCR_EL2.TWx at EL0/EL1 of the EL1&0 regime.
 */
static int wfx_trap(struct arm64_cpu *c, const struct core_op *op, bool wfe)
{
	/* ISS: CV=1, COND=0b1110, TI = 1 for WFE (D17.2.37 EC 0x01). */
	uint32_t iss = A64_ISS_CV_AL | (wfe ? 1 : 0);
	uint64_t pc = core_op_pc(&c->core, op);
	if (c->el == 0 && !(a64_sctlr(c) & (wfe ? SCTLR_NTWE : SCTLR_NTWI)))
		return a64_sync_exception(c, pc, EC_WFX, iss, 0, false);
	if (c->el < 2 && c->el2_present && !a64_host(c) &&
	    (c->sr.hcr_el2 & (wfe ? HCR_TWE : HCR_TWI)))
		return a64_sync_exception_to(c, 2, pc, EC_WFX, iss, 0, false);
	return 0;
}

/* WFI (C6.2.353): sleep until an interrupt is pending. */
CORE_HANDLER(op_wfi)
{
	int st = wfx_trap(a64(v), op, false);
	if (st)
		return st;
	v->pc = next_pc(v, op);
	if (!v->irq_pending) {
		v->halted = true;
		v->halt_kind = CORE_HALT_IRQ;
		core_vcpu_kick(v);
	}
	return CORE_BRANCH;
}

/*
 * WFE (C6.2.352): consume the event register if set; otherwise sleep until
 * an event. Linux waits in WFE for another CPU's store to a lock it holds
 * exclusively (the global monitor's event, D1.16.2), which this model does
 * not track; wake-ups may be spurious, so the machine ends a WFE sleep at
 * the end of the vCPU's quantum, after the other vCPUs had their turn.
 */
CORE_HANDLER(op_wfe)
{
	struct arm64_cpu *c = a64(v);
	int st = wfx_trap(c, op, true);
	if (st)
		return st;
	v->pc = next_pc(v, op);
	if (c->event_reg) {
		c->event_reg = false;
		return CORE_BRANCH;
	}
	if (!v->irq_pending) {
		v->halted = true;
		v->halt_kind = CORE_HALT_QUANTUM;
		core_vcpu_kick(v);
	}
	return CORE_BRANCH;
}

/* SEV (C6.2.229): signal an event to every PE. */
CORE_HANDLER(op_sev)
{
	struct core_cache *cc = v->cache;
	for (int i = 0; i < cc->n_vcpus; i++) {
		a64(cc->vcpus[i])->event_reg = true;
		if (cc->vcpus[i] != v)
			cc->vcpus[i]->halted = false;
	}
	return CORE_OK;
}

CORE_HANDLER(op_sevl)
{
	a64(v)->event_reg = true;
	return CORE_OK;
}

/* HINT (C6.2.102): CRm:op2 picks the hint; unallocated hints execute as NOP. */
static bool dec_hint(uint32_t insn, struct core_op *op)
{
	switch (a64_bits(insn, 5, 7)) {
	case 2: op->fn = op_wfe; break;
	case 3: op->fn = op_wfi; break;
	case 4: op->fn = op_sev; break;
	case 5: op->fn = op_sevl; break;
	default: op->fn = op_nop; break;
	}
	return true;
}

/* ---------------------------------------------------------- barriers */

CORE_HANDLER(op_clrex)
{
	a64_monitor_clear(a64(v));
	return CORE_OK;
}

/* ----------------------------------------------------- MSR immediate */

/* MSR (immediate) (C6.2.196): SPSel, DAIFSet, DAIFClr, PAN. */
CORE_HANDLER(op_msr_spsel)
{
	struct arm64_cpu *c = a64(v);
	if (c->el == 0)
		return a64_undef(c, op);
	a64_pstate_write(c, (a64_pstate_read(c) & ~1ull) | (op->imm & 1));
	return CORE_OK;
}

CORE_HANDLER(op_msr_daif)
{
	struct arm64_cpu *c = a64(v);
	if (c->el == 0 && !(a64_sctlr(c) & SCTLR_UMA))
		return trap_sysreg_el0(c, op);
	uint32_t bits = (uint32_t)(op->imm & 0xf) << 6;
	if (op->f[0]) {
		c->daif |= bits;
	} else {
		c->daif &= ~bits;
		a64_irq_unmask_check(c);
	}
	return CORE_OK;
}

/* MSR PAN, #imm (FEAT_PAN): UNDEFINED at EL0; PAN picks the TLB regime. */
CORE_HANDLER(op_msr_pan)
{
	struct arm64_cpu *c = a64(v);
	if (c->el == 0)
		return a64_undef(c, op);
	c->pan = op->imm & 1;
	a64_update_mode(c);
	return CORE_OK;
}

static bool dec_msr_imm(uint32_t insn, struct core_op *op)
{
	uint32_t op1 = a64_bits(insn, 16, 3), op2 = a64_bits(insn, 5, 3);
	op->imm = a64_bits(insn, 8, 4);
	if (op1 == 0 && op2 == 5) {
		op->fn = op_msr_spsel;
	} else if (op1 == 0 && op2 == 4) {
		op->fn = op_msr_pan;
	} else if (op1 == 3 && (op2 == 6 || op2 == 7)) {
		op->fn = op_msr_daif;
		op->f[0] = op2 == 6;  /* set */
	} else {
		/* Other PSTATE fields (UAO, SSBS, DIT...) are not implemented nor advertised. */
		return false;
	}
	return true;
}

/* ------------------------------------------------ MRS / MSR register */

/*
 * An unknown register at EL1: the IMPLEMENTATION DEFINED space (op0 = 3,
 * CRn = 11 or 15) traps to EL2 under HCR_EL2.TIDCP; anything else is
 * UNDEFINED.
 */
static int unknown_sysreg(struct arm64_cpu *c, const struct core_op *op)
{
	uint32_t crn = a64_bits(op->insn, 12, 4);
	if (c->el == 1 && c->el2_present && (c->sr.hcr_el2 & HCR_TIDCP) &&
	    a64_bits(op->insn, 19, 2) == 3 && (crn == 11 || crn == 15))
		return trap_sysreg(c, op, 2);
	return a64_undef(c, op);
}

/* 0 if the access is allowed at the current EL, else the exception taken. */
static int sysreg_check(struct arm64_cpu *c, const struct core_op *op,
			const struct a64_sysreg *r, bool is_read)
{
	if (!r)
		return unknown_sysreg(c, op);
	if (c->el < r->min_el || (r->min_el == 2 && !c->el2_present) ||
	    ((r->flags & A64_SR_E2H) && !a64_e2h(c)) ||
	    (is_read && (r->flags & A64_SR_WO)) || (!is_read && (r->flags & A64_SR_RO)) ||
	    (!is_read && c->el == 0 && (r->flags & A64_SR_EL0_RO)) ||
	    ((r->flags & A64_SR_NOT_CUR_SP) && c->spsel == 0))
		return a64_undef(c, op);
	if ((r->flags & A64_SR_FP) && !c->fp_enabled)
		return a64_sync_exception_to(c, a64_fp_trap_el(c), core_op_pc(&c->core, op),
					     EC_FP_ACCESS, A64_ISS_CV_AL, 0, false);
	unsigned target = a64_sysreg_trap(c, r, is_read);
	return target ? trap_sysreg(c, op, target) : 0;
}

CORE_HANDLER(op_mrs)
{
	struct arm64_cpu *c = a64(v);
	const struct a64_sysreg *r = (const struct a64_sysreg *)(uintptr_t)op->imm;
	int st = sysreg_check(c, op, r, true);
	if (st)
		return st;
	r = a64_sysreg_target(c, r);
	c->x[op->r[0]] = r->read(c, r);
	return CORE_OK;
}

/*
 * MRS of a time source: the PMU (CRn 9, and its event counters in CRn 14)
 * and the generic timer (CRn 14). The op ends its block (see the table), so
 * settling its own precharge makes the read see exactly the cycles and
 * instructions retired before it (core_op_settle): two back-to-back reads
 * of PMCCNTR_EL0 differ by the first one's cost.
 */
CORE_HANDLER(op_mrs_time)
{
	core_op_settle(v, op);
	int st = op_mrs_body(v, op);
	core_op_charge(v, op);
	return st;
}

/* MSR always ends its block: a write to a counter or a timer takes effect exactly at the op. */
CORE_HANDLER(op_msr)
{
	struct arm64_cpu *c = a64(v);
	const struct a64_sysreg *r = (const struct a64_sysreg *)(uintptr_t)op->imm;
	core_op_settle(v, op);
	int st = sysreg_check(c, op, r, false);
	if (!st) {
		r = a64_sysreg_target(c, r);
		r->write(c, r, c->x[op->r[0]]);
	}
	core_op_charge(v, op);
	return st ? st : CORE_OK;
}

static bool dec_sysreg(uint32_t insn, struct core_op *op)
{
	bool is_read = a64_bits(insn, 21, 1);
	op->imm = (uintptr_t)a64_sysreg_find(a64_bits(insn, 5, 16));
	op->r[0] = is_read ? a64_dst_zr(a64_bits(insn, 0, 5)) : a64_reg_zr(a64_bits(insn, 0, 5));
	return true;
}

/* ----------------------------------------------------------------- SYS */

/* DC ZVA (C5.3.x): zero the 64-byte block (DCZID_EL0.BS = 4). */
CORE_HANDLER(op_dc_zva)
{
	struct arm64_cpu *c = a64(v);
	if (c->el == 0 && !(a64_sctlr(c) & SCTLR_DZE))
		return trap_sysreg_el0(c, op);
	static const uint8_t zero[64];
	return a64_write_bytes(c, op, c->x[op->r[0]] & ~63ull, zero, 64);
}

/*
 * Cache maintenance by VA to the point of unification or coherency: the
 * model has no caches, and decoded code is invalidated on write, so these
 * only check that EL0 may issue them (SCTLR_ELx.UCI).
 */
CORE_HANDLER(op_cache_el0_uci)
{
	struct arm64_cpu *c = a64(v);
	if (c->el == 0 && !(a64_sctlr(c) & SCTLR_UCI))
		return trap_sysreg_el0(c, op);
	return CORE_OK;
}

/* Maintenance that EL0 may never issue (DC IVAC, set/way, IC IALLU...). */
CORE_HANDLER(op_cache_el1)
{
	if (a64(v)->el == 0)
		return a64_undef(a64(v), op);
	return CORE_OK;
}

/* DC ISW/CSW/CISW: as op_cache_el1, and trapped from EL1 by HCR_EL2.TSW. */
CORE_HANDLER(op_cache_setway)
{
	struct arm64_cpu *c = a64(v);
	if (c->el == 1 && c->el2_present && (c->sr.hcr_el2 & HCR_TSW))
		return trap_sysreg(c, op, 2);
	return op_cache_el1_body(v, op);
}

/*
 * AT (C5.5): f[0] = EL of the translation, f[1] = write, f[2] = EL
 * needed, f[3] = both stages. At EL2 in a host (E2H and TGE), the S1E1
 * forms translate in the EL2&0 regime at EL2.
 */
CORE_HANDLER(op_at)
{
	struct arm64_cpu *c = a64(v);
	if (c->el < op->f[2] || (op->f[2] == 2 && !c->el2_present))
		return a64_undef(c, op);
	unsigned el = op->f[0] == 1 && c->el == 2 && a64_host(c) ? 2 : op->f[0];
	return a64_at(c, op, el, op->f[3], op->f[1], c->x[op->r[0]]);
}

/* TLBI (C5.5.x): f[0] = by VA, f[1] = EL needed, f[2] = inner-shareable broadcast. */
CORE_HANDLER(op_tlbi)
{
	struct arm64_cpu *c = a64(v);
	if (c->el < op->f[1] || (op->f[1] == 2 && !c->el2_present))
		return a64_undef(c, op);
	/* Xt[43:0] holds VA[55:12]; VA[63:56] are copies of bit 55. */
	uint64_t va = (uint64_t)((int64_t)(c->x[op->r[0]] << 20) >> 8);
	struct core_cache *cc = v->cache;
	for (int i = 0; i < cc->n_vcpus; i++) {
		struct arm64_cpu *t = a64(cc->vcpus[i]);
		if (t != c && !op->f[2])
			continue;
		if (op->f[0])
			a64_tlbi_va(t, va);
		else
			a64_tlbi_all(t);
	}
	return CORE_OK;
}

static bool dec_sys(uint32_t insn, struct core_op *op)
{
	uint32_t op1 = a64_bits(insn, 16, 3), crn = a64_bits(insn, 12, 4);
	uint32_t crm = a64_bits(insn, 8, 4), op2 = a64_bits(insn, 5, 3);
	op->r[0] = a64_reg_zr(a64_bits(insn, 0, 5));
	op->fn = a64_op_undef;   /* unallocated SYS encodings are UNDEFINED */
	if (crn == 7) {
		if (op1 == 3 && crm == 4 && op2 == 1)
			op->fn = op_dc_zva;
		else if (op1 == 3 && op2 == 1 && (crm == 5 || crm == 10 || crm == 11 || crm == 14))
			op->fn = op_cache_el0_uci;   /* IC IVAU, DC CVAC, DC CVAU, DC CIVAC */
		else if (op1 == 0 && ((crm == 1 && op2 == 0) || (crm == 5 && op2 == 0) ||
				      (crm == 6 && op2 == 1)))
			op->fn = op_cache_el1;       /* IC IALLUIS/IALLU, DC IVAC */
		else if (op1 == 0 && op2 == 2 && (crm == 6 || crm == 10 || crm == 14))
			op->fn = op_cache_setway;    /* DC ISW/CSW/CISW */
		else if (crm == 8 && op1 == 0 && op2 < 4) {
			op->fn = op_at;              /* AT S1E1R/W, S1E0R/W */
			op->f[0] = op2 >= 2 ? 0 : 1;
			op->f[1] = op2 & 1;
			op->f[2] = 1;
		} else if (crm == 8 && op1 == 4 && (op2 < 2 || op2 >= 4)) {
			op->fn = op_at;              /* AT S1E2R/W, S12E1R/W, S12E0R/W */
			op->f[0] = op2 < 2 ? 2 : (op2 < 6 ? 1 : 0);
			op->f[1] = op2 & 1;
			op->f[2] = 2;
			op->f[3] = op2 >= 4;
		}
	} else if (crn == 8 && (op1 == 0 || op1 == 4)) {
		op->fn = op_tlbi;
		/* by-VA forms: op2 1, 3, 5, 7 in CRm 3/7 (EL1) and op2 1, 5 (EL2). */
		op->f[0] = (crm == 3 || crm == 7) && (op2 & 1) && (op1 == 0 || op2 == 1 || op2 == 5);
		op->f[1] = op1 == 4 ? 2 : 1;
		op->f[2] = crm == 3 || crm == 0;
	}
	return true;
}

/* --------------------------------------------------------- the table */

static const struct a64_insn rows[] = {
	{ 0xffe0001f, 0xd4000001, "svc", dec_imm16, op_svc, CORE_CLASS_SYS, A64_F_END },
	{ 0xffe0001f, 0xd4000002, "hvc", dec_imm16, op_hvc, CORE_CLASS_SYS, A64_F_END },
	{ 0xffe0001f, 0xd4000003, "smc", dec_imm16, op_smc, CORE_CLASS_SYS, A64_F_END },
	{ 0xffe0001f, 0xd4200000, "brk", dec_imm16, op_brk, CORE_CLASS_SYS, A64_F_END },
	/* HLT and DCPSn are UNDEFINED outside Debug state (C6.2.100, C6.2.80). */
	{ 0xffe0001f, 0xd4400000, "hlt", NULL, a64_op_undef, CORE_CLASS_SYS, A64_F_END },
	{ 0xffe0001f, 0xd4a00001, "dcps1", NULL, a64_op_undef, CORE_CLASS_SYS, A64_F_END },
	{ 0xffe0001f, 0xd4a00002, "dcps2", NULL, a64_op_undef, CORE_CLASS_SYS, A64_F_END },
	{ 0xffe0001f, 0xd4a00003, "dcps3", NULL, a64_op_undef, CORE_CLASS_SYS, A64_F_END },
	{ 0xffffffff, 0xd69f03e0, "eret", NULL, op_eret, CORE_CLASS_SYS, A64_F_END },
	/* DRPS is UNDEFINED outside Debug state (C6.2.89). */
	{ 0xffffffff, 0xd6bf03e0, "drps", NULL, a64_op_undef, CORE_CLASS_SYS, A64_F_END },
	{ 0xfffff01f, 0xd503201f, "hint", dec_hint, op_nop, CORE_CLASS_ALU, A64_F_END },
	{ 0xfffff0ff, 0xd503305f, "clrex", NULL, op_clrex, CORE_CLASS_SYS, 0 },
	{ 0xfffff0ff, 0xd503309f, "dsb", NULL, op_nop, CORE_CLASS_SYS, 0 },
	{ 0xfffff0ff, 0xd50330bf, "dmb", NULL, op_nop, CORE_CLASS_SYS, 0 },
	/* ISB ends the block so that code changed before it is fetched anew. */
	{ 0xfffff0ff, 0xd50330df, "isb", NULL, op_nop, CORE_CLASS_SYS, A64_F_END },
	{ 0xfff8f01f, 0xd500401f, "msr", dec_msr_imm, op_nop, CORE_CLASS_SYS, A64_F_END },
	{ 0xfff80000, 0xd5080000, "sys", dec_sys, a64_op_undef, CORE_CLASS_SYS, A64_F_END },
	{ 0xfff80000, 0xd5280000, "sysl", NULL, a64_op_undef, CORE_CLASS_SYS, A64_F_END },
	{ 0xfff00000, 0xd5100000, "msr", dec_sysreg, op_msr, CORE_CLASS_SYS, A64_F_END },
	/* MRS of the PMU (CRn 9) and timer (CRn 14) registers ends the block: op_mrs_time. */
	{ 0xfff0f000, 0xd5309000, "mrs", dec_sysreg, op_mrs_time, CORE_CLASS_SYS, A64_F_END },
	{ 0xfff0f000, 0xd530e000, "mrs", dec_sysreg, op_mrs_time, CORE_CLASS_SYS, A64_F_END },
	{ 0xfff00000, 0xd5300000, "mrs", dec_sysreg, op_mrs, CORE_CLASS_SYS, 0 },
};

const struct a64_table a64_table_system = { rows, sizeof(rows) / sizeof(rows[0]) };
