/*
 * Instructions that trap, for exceptions.c. Each trapping instruction has a
 * global label so the handler can check ELR_EL1. The handler resumes at the
 * next instruction, or at x30 after a faulting branch target.
 */
#define UNMAPPED_VA 0x1000000000     /* TTBR0 range, no level 1 entry */

	.text

/* EL1 triggers, called from C. */
	.global	t_udf, t_svc, t_brk, t_load, t_store, t_sysreg, t_call
t_udf:	udf	#0x1234
	ret
t_svc:	svc	#0x77
	ret
t_brk:	brk	#0x99
	ret
t_load:	ldr	x1, [x0]                 /* x0 = address */
	ret
t_store: str	x1, [x0]
	ret
t_sysreg:
	mrs	x0, sctlr_el2            /* EL2 register at EL1: UNDEFINED */
	ret
t_call:	stp	x29, x30, [sp, #-16]!    /* x0 = branch target that faults */
	blr	x0
	ldp	x29, x30, [sp], #16
	ret

/*
 * Illegal exception return (D1.11.4): ERET from EL1 to EL2 is illegal, so
 * PSTATE.IL is set and the first instruction at the target takes an
 * Illegal Execution State exception. The handler clears SPSR.IL and retries.
 */
	.global	t_illegal, t_illegal_target
t_illegal:
	mrs	x2, daif
	mov	x1, #0x9                 /* M = EL2h */
	orr	x1, x1, x2
	msr	spsr_el1, x1
	adr	x1, t_illegal_target
	msr	elr_el1, x1
	eret
t_illegal_target:
	ret

/* The EL0 sequence, entered through el0_call: one exception per step. */
	.global	el0_seq
	.global	e_udf, e_svc, e_brk, e_hvc, e_smc, e_ld_unmapped, e_ld_kernel, e_st_text
	.global	e_call_unmapped, e_call_xn, e_call_odd, e_mrs_el1, e_mrs_ctr, e_dc_zva
	.global	e_mrs_cntvct
el0_seq:
	stp	x29, x30, [sp, #-16]!
e_udf:	udf	#1
e_svc:	svc	#0x77
e_brk:	brk	#0x99
e_hvc:	hvc	#0                       /* UNDEFINED at EL0 */
e_smc:	smc	#0                       /* UNDEFINED at EL0 */
	ldr	x0, =UNMAPPED_VA
e_ld_unmapped:
	ldr	x1, [x0]
	ldr	x0, =exc_kernel_data     /* EL1-only page */
e_ld_kernel:
	ldr	x1, [x0]
	ldr	x0, =e_udf               /* read-only text */
e_st_text:
	str	x1, [x0]
	ldr	x0, =UNMAPPED_VA
e_call_unmapped:
	blr	x0
	ldr	x0, =el0_stack           /* EL0 data: UXN */
e_call_xn:
	blr	x0
	ldr	x0, =e_udf + 2
e_call_odd:
	blr	x0
e_mrs_el1:
	mrs	x0, sctlr_el1            /* EL1 register at EL0: UNDEFINED */
e_mrs_ctr:
	mrs	x0, ctr_el0              /* trapped by SCTLR_EL1.UCT = 0 */
	mov	x3, sp
	sub	x3, x3, #256
e_dc_zva:
	dc	zva, x3                  /* trapped by SCTLR_EL1.DZE = 0 */
e_mrs_cntvct:
	mrs	x0, cntvct_el0           /* trapped by CNTKCTL_EL1.EL0VCTEN = 0 */
	ldp	x29, x30, [sp], #16
	mov	x0, #0
	ret
	.ltorg
