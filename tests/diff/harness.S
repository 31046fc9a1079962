/*
 * Guest side of the differential test: enter a generated block with a given
 * architectural state, save the state at each checkpoint, and leave.
 *
 * A block runs at EL1t (PSTATE.SP = 0), so the generated instructions that
 * name SP read and write SP_EL0 while the harness keeps its stack in SP_EL1.
 * Every register is part of the random state, so entering a block and
 * resuming after a checkpoint go through ERET (Arm ARM D1.11 "Exception
 * return"), which sets PC and PSTATE (NZCV, SPSel) without a general
 * register. A checkpoint in generated code is
 *
 *	msr	spsel, #1		// SP_EL1: the harness stack; NZCV untouched
 *	str	x30, [sp, #-16]!
 *	bl	diff_checkpoint		// save all state to the next slot, reload it, ERET back
 *
 * and the end of a block is a checkpoint followed by "b diff_leave".
 */
#include "diffstate.h"

	.text
	.balign	4

/*
 * uint64_t diff_enter(const void *state, const void *code, void *slots):
 * run the block at `code` from `state`, saving checkpoints from `slots` on.
 * Returns 0 at the end of the block, 1 if an exception aborted it.
 */
	.global	diff_enter
diff_enter:
	adrp	x3, diff_ctx
	add	x3, x3, :lo12:diff_ctx
	stp	x19, x20, [x3, #0]
	stp	x21, x22, [x3, #16]
	stp	x23, x24, [x3, #32]
	stp	x25, x26, [x3, #48]
	stp	x27, x28, [x3, #64]
	stp	x29, x30, [x3, #80]
	mov	x4, sp
	str	x4, [x3, #96]
	adrp	x4, diff_slot
	str	x2, [x4, :lo12:diff_slot]
	b	diff_restore

/* diff_restore(x0 = state, x1 = pc): load the whole state and ERET to pc at EL1t. */
diff_restore:
	msr	elr_el1, x1
	ldr	x2, [x0, #ST_NZCV]
	mov	x3, #SPSR_EL1T_MASKED
	orr	x2, x2, x3
	msr	spsr_el1, x2
	ldr	x2, [x0, #ST_SP]
	msr	sp_el0, x2
	ldr	x2, [x0, #ST_FPCR]
	msr	fpcr, x2
	ldr	x2, [x0, #ST_FPSR]
	msr	fpsr, x2
	ldp	q0, q1, [x0, #ST_V + 0]
	ldp	q2, q3, [x0, #ST_V + 32]
	ldp	q4, q5, [x0, #ST_V + 64]
	ldp	q6, q7, [x0, #ST_V + 96]
	ldp	q8, q9, [x0, #ST_V + 128]
	ldp	q10, q11, [x0, #ST_V + 160]
	ldp	q12, q13, [x0, #ST_V + 192]
	ldp	q14, q15, [x0, #ST_V + 224]
	ldp	q16, q17, [x0, #ST_V + 256]
	ldp	q18, q19, [x0, #ST_V + 288]
	ldp	q20, q21, [x0, #ST_V + 320]
	ldp	q22, q23, [x0, #ST_V + 352]
	ldp	q24, q25, [x0, #ST_V + 384]
	ldp	q26, q27, [x0, #ST_V + 416]
	ldp	q28, q29, [x0, #ST_V + 448]
	ldp	q30, q31, [x0, #ST_V + 480]
	mov	x30, x0
	ldp	x0, x1, [x30, #0]
	ldp	x2, x3, [x30, #16]
	ldp	x4, x5, [x30, #32]
	ldp	x6, x7, [x30, #48]
	ldp	x8, x9, [x30, #64]
	ldp	x10, x11, [x30, #80]
	ldp	x12, x13, [x30, #96]
	ldp	x14, x15, [x30, #112]
	ldp	x16, x17, [x30, #128]
	ldp	x18, x19, [x30, #144]
	ldp	x20, x21, [x30, #160]
	ldp	x22, x23, [x30, #176]
	ldp	x24, x25, [x30, #192]
	ldp	x26, x27, [x30, #208]
	ldp	x28, x29, [x30, #224]
	ldr	x30, [x30, #240]
	eret

/*
 * Reached by "bl" from a checkpoint with SP = SP_EL1, the block's X30 at
 * [sp] and every other register as the block left it. Saves the state to
 * the slot diff_slot points at, advances diff_slot, and resumes the block
 * with the state just saved.
 */
	.global	diff_checkpoint
diff_checkpoint:
	stp	x0, x1, [sp, #-16]!
	mrs	x1, nzcv
	adrp	x0, diff_slot
	ldr	x0, [x0, :lo12:diff_slot]
	str	x1, [x0, #ST_NZCV]
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	ldp	x2, x3, [sp]
	stp	x2, x3, [x0, #0]
	ldr	x2, [sp, #16]
	str	x2, [x0, #240]
	mrs	x2, sp_el0
	str	x2, [x0, #ST_SP]
	mrs	x2, fpcr
	str	x2, [x0, #ST_FPCR]
	mrs	x2, fpsr
	str	x2, [x0, #ST_FPSR]
	str	xzr, [x0, #ST_FPSR + 8]
	stp	q0, q1, [x0, #ST_V + 0]
	stp	q2, q3, [x0, #ST_V + 32]
	stp	q4, q5, [x0, #ST_V + 64]
	stp	q6, q7, [x0, #ST_V + 96]
	stp	q8, q9, [x0, #ST_V + 128]
	stp	q10, q11, [x0, #ST_V + 160]
	stp	q12, q13, [x0, #ST_V + 192]
	stp	q14, q15, [x0, #ST_V + 224]
	stp	q16, q17, [x0, #ST_V + 256]
	stp	q18, q19, [x0, #ST_V + 288]
	stp	q20, q21, [x0, #ST_V + 320]
	stp	q22, q23, [x0, #ST_V + 352]
	stp	q24, q25, [x0, #ST_V + 384]
	stp	q26, q27, [x0, #ST_V + 416]
	stp	q28, q29, [x0, #ST_V + 448]
	stp	q30, q31, [x0, #ST_V + 480]
	adrp	x2, diff_scratch
	add	x2, x2, :lo12:diff_scratch
	add	x3, x0, #ST_MEM
	mov	x4, #SCRATCH_SIZE
1:	ldp	x5, x6, [x2], #16
	stp	x5, x6, [x3], #16
	subs	x4, x4, #16
	b.ne	1b
	add	x3, x0, #ST_SIZE
	adrp	x4, diff_slot
	str	x3, [x4, :lo12:diff_slot]
	add	sp, sp, #32
	mov	x1, x30
	b	diff_restore

/* The end of a block (entered at EL1t): back to diff_enter's caller with 0. */
	.global	diff_leave
diff_leave:
	mov	x0, #0
	b	1f
/* After an exception in a block (fw_sync ERETs here at EL1h): return 1. */
	.global	diff_abort
diff_abort:
	mov	x0, #1
1:	msr	spsel, #1
	adrp	x3, diff_ctx
	add	x3, x3, :lo12:diff_ctx
	ldp	x19, x20, [x3, #0]
	ldp	x21, x22, [x3, #16]
	ldp	x23, x24, [x3, #32]
	ldp	x25, x26, [x3, #48]
	ldp	x27, x28, [x3, #64]
	ldp	x29, x30, [x3, #80]
	ldr	x4, [x3, #96]
	mov	sp, x4
	ret

	.data
	.balign	8
	.global	diff_slot
diff_slot:
	.quad	0
diff_ctx:
	.space	104

/*
 * The scratch buffer, in the EL0-accessible .user section so that LDTR and
 * STTR (which access with EL0 permissions at EL1) reach it.
 */
	.section .bss.user, "aw", %nobits
	.balign	64
	.global	diff_scratch
diff_scratch:
	.space	SCRATCH_SIZE
