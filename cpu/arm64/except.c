/*
 * The AArch64 exception model at EL0-EL2: PSTATE and SPSR, stack pointer
 * banking, synchronous exception entry and routing, IRQ delivery, ERET.
 * References: Arm ARM DDI 0487, D1.3 "Exceptions", D1.10 "Exception entry",
 * D1.11 "Exception return", D17.2.37 ESR_ELx; the routing controls of
 * HCR_EL2 (TGE, IMO, E2H) when the guest owns EL2.
 */
#include "cpu/arm64/arm64.h"
#include "cpu/arm64/debug.h"

/* Which banked SP PSTATE selects: SP_EL0 when SPSel is 0 or at EL0. */
static unsigned sp_bank(unsigned el, unsigned spsel)
{
	return spsel ? el : 0;
}

/* Move to exception level `el` with SPSel `spsel`, swapping x[31]. */
static void set_el_sp(struct arm64_cpu *c, unsigned el, unsigned spsel)
{
	c->sp_el[sp_bank(c->el, c->spsel)] = c->x[A64_SP];
	c->el = el;
	c->spsel = el ? spsel : 0;
	c->x[A64_SP] = c->sp_el[sp_bank(c->el, c->spsel)];
}

/* SPSR layout for AArch64 (C5.2.18): NZCV 31:28, PAN 22, SS 21, IL 20, DAIF 9:6, M 3:0. */
uint64_t a64_pstate_read(const struct arm64_cpu *c)
{
	return a64_nzcv(c) | ((uint64_t)c->pan << 22) | c->ss_il | c->daif |
	       (c->el << 2) | c->spsel;
}

void a64_pstate_write(struct arm64_cpu *c, uint64_t spsr)
{
	a64_set_nzcv(c, (uint32_t)spsr);
	c->pan = (spsr >> 22) & 1;
	c->ss_il = (uint32_t)spsr & ((1u << 21) | (1u << 20));
	c->daif = (uint32_t)spsr & 0x3c0;
	set_el_sp(c, (spsr >> 2) & 3, spsr & 1);
	a64_irq_unmask_check(c);
}

void a64_update_mode(struct arm64_cpu *c)
{
	bool fp = a64_fp_trap_el(c) == 0;
	c->fp_enabled = fp;
	/* SCTLR_ELx.SA, or SA0 at EL0 (D1.8.2). */
	c->sp_align_check = (a64_sctlr(c) & (c->el == 0 ? SCTLR_SA0 : SCTLR_SA)) != 0;

	/*
	 * The soft TLB of the regime the current EL translates in: EL2 alone,
	 * or EL2&0 under E2H (a host's EL0 too), where PSTATE.PAN applies at
	 * EL2 as it does at EL1 in the EL1&0 regime.
	 */
	unsigned regime;
	if (c->el == 2)
		regime = !a64_e2h(c) ? A64_TLB_EL2 : c->pan ? A64_TLB_EL20_KERN_PAN : A64_TLB_EL20_KERN;
	else if (c->el == 1)
		regime = c->pan ? A64_TLB_EL10_KERN_PAN : A64_TLB_EL10_KERN;
	else
		regime = a64_host(c) ? A64_TLB_EL20_USER : A64_TLB_EL10_USER;
	c->core.tlb = &c->core.tlbs[regime];
	c->core.req.level = (uint8_t)c->el;
	bool il = (c->ss_il >> 20) & 1;
	c->core.mode = c->el | (fp << 2) | (il << 3);
	/* The counters filter by EL: fold them at the change (an exception entry's: pmu.c). */
	if ((c->sr.pmcr_el0 & 1) && !c->pmu.refold)
		a64_pmu_update(c);
	/* EL, routing (HCR_EL2) and masks may now let a pending interrupt in. */
	a64_irq_unmask_check(c);
}

/* The EL a synchronous exception from the current EL goes to (D1.12). */
unsigned a64_sync_target(const struct arm64_cpu *c)
{
	if (c->el == 2)
		return 2;
	if (c->el == 0 && c->el2_present && (c->sr.hcr_el2 & HCR_TGE))
		return 2;
	return 1;
}

/* Enter `target` at vector offset `kind` (0 sync, 0x80 IRQ, 0x100 FIQ, 0x180 SError). */
static void enter(struct arm64_cpu *c, unsigned target, uint64_t ret_pc, unsigned kind)
{
	uint64_t spsr = a64_pstate_read(c);
	uint64_t vbar = target == 2 ? c->sr.vbar_el2 : c->sr.vbar_el1;
	a64_pmu_count(c, A64_EV_EXC_TAKEN);
	a64_pmu_exception_entry(c);
	uint64_t off = c->el == target ? (c->spsel ? 0x200 : 0x000) : 0x400;
	if (target == 2) {
		c->sr.spsr_el2 = spsr;
		c->sr.elr_el2 = ret_pc;
	} else {
		c->sr.spsr_el1 = spsr;
		c->sr.elr_el1 = ret_pc;
	}
	c->daif = A64_DAIF_D | A64_DAIF_A | A64_DAIF_I | A64_DAIF_F;
	c->ss_il = 0;
	/*
	 * FEAT_PAN: PSTATE.PAN is set on entry to EL1 when SCTLR_EL1.SPAN is 0,
	 * and on entry to EL2 in a host (E2H and TGE) when SCTLR_EL2.SPAN is 0.
	 */
	if ((target == 1 && !(c->sr.sctlr_el1 & SCTLR_SPAN)) ||
	    (target == 2 && a64_host(c) && !(c->sr.sctlr_el2 & SCTLR_SPAN)))
		c->pan = 1;
	set_el_sp(c, target, 1);
	c->excl_size = 0; /* exception entry clears the local monitor (B2.9.5) */
	c->core.pc = (vbar & ~0x7ffull) + off + kind;
	c->core.cycles += c->core.timing->exception;
	a64_update_mode(c);
	if (core_hooked(&c->core))
		a64_trace_exception(c, spsr, target, ret_pc, kind);
}

int a64_sync_exception_to(struct arm64_cpu *c, unsigned target, uint64_t pc, unsigned ec,
			  uint32_t iss, uint64_t far, bool retired)
{
	/* IL (bit 25) is 1: every A64 instruction is 32 bits. */
	uint64_t esr = ((uint64_t)ec << 26) | (1u << 25) | (iss & 0x1ffffff);
	/*
	 * An exception taken after its instruction retired (SVC, HVC, SMC)
	 * completes a software step: SPSR.SS = 0, so the return takes the
	 * step exception at once (D2.12.5). Faults leave SS for a retry.
	 */
	if (retired)
		c->ss_il &= ~A64_PSTATE_SS;
	if (target == 2) {
		c->sr.esr_el2 = esr;
		c->sr.far_el2 = far;
	} else {
		c->sr.esr_el1 = esr;
		c->sr.far_el1 = far;
	}
	enter(c, target, pc, 0);
	return retired ? CORE_TRAP_DONE : CORE_EXCEPTION;
}

int a64_sync_exception(struct arm64_cpu *c, uint64_t pc, unsigned ec, uint32_t iss,
		       uint64_t far, bool retired)
{
	return a64_sync_exception_to(c, a64_sync_target(c), pc, ec, iss, far, retired);
}

int a64_sp_align_fault(struct arm64_cpu *c, const struct core_op *op)
{
	return a64_sync_exception(c, core_op_pc(&c->core, op), EC_SP_ALIGN, 0, 0, false);
}

int a64_undef(struct arm64_cpu *c, const struct core_op *op)
{
	return a64_sync_exception(c, core_op_pc(&c->core, op), EC_UNKNOWN, 0, 0, false);
}

CORE_HANDLER_EXTERN(a64_op_undef)
{
	return a64_undef(a64(v), op);
}

/*
 * IRQ delivery (D1.16.1, "Routing of physical interrupts"): to EL2 when the
 * guest owns EL2 and HCR_EL2.IMO or TGE is set, else to EL1. An interrupt
 * for a lower EL stays pending (an EL1 IRQ is never taken at EL2); one for
 * the current EL is masked by PSTATE.I, and so is one for EL2 at a host's
 * EL0 (E2H and TGE); one for a higher EL is otherwise always taken.
 */
bool a64_take_irq(struct core_vcpu *v)
{
	struct arm64_cpu *c = a64(v);
	/* A pending interrupt ends WFI even while masked (D1.16.2): the wake rule. */
	v->halted = false;
	unsigned target = c->el2_present && (c->sr.hcr_el2 & (HCR_IMO | HCR_TGE)) ? 2 : 1;
	if (target < c->el)
		return false;
	bool maskable = target == c->el || (c->el == 0 && a64_host(c));
	if (maskable && (c->daif & A64_DAIF_I))
		return false;
	enter(c, target, v->pc, 0x80);
	v->n_exceptions++;
	return true;
}

void a64_set_irq(struct arm64_cpu *c, bool level)
{
	c->core.irq_pending = level;
	if (level) {
		c->core.halted = false;
		core_vcpu_kick(&c->core);
	}
}

/*
 * ERET (C6.2.93, D1.11): restore PSTATE from SPSR_ELx and branch to ELR_ELx.
 * An illegal return (to a higher EL, to EL2 without EL2, to EL1 while
 * HCR_EL2.TGE is 1, AArch32) sets PSTATE.IL and stays at the current EL, so
 * the next instruction takes an Illegal Execution State exception (D1.11.4).
 */
int a64_eret(struct arm64_cpu *c)
{
	uint64_t spsr = c->el == 2 ? c->sr.spsr_el2 : c->sr.spsr_el1;
	uint64_t elr = c->el == 2 ? c->sr.elr_el2 : c->sr.elr_el1;
	unsigned tel = (spsr >> 2) & 3;
	a64_pmu_count(c, A64_EV_EXC_RETURN);
	bool illegal = (spsr & (1u << 4)) || tel > c->el || (tel == 2 && !c->el2_present) ||
		       (tel == 0 && (spsr & 1)) || tel == 3 ||
		       (tel == 1 && c->el2_present && (c->sr.hcr_el2 & HCR_TGE));
	if (illegal) {
		a64_set_nzcv(c, (uint32_t)spsr);
		c->daif = (uint32_t)spsr & 0x3c0;
		c->ss_il = 1u << 20;
		a64_irq_unmask_check(c);
	} else {
		a64_pstate_write(c, spsr);
	}
	c->excl_size = 0;
	c->core.pc = elr;
	a64_update_mode(c);
	return a64_debug_eret(c);
}
