/*
 * Guest side of the differential test, arm64's parts that need assembly:
 * entering a generated block with every register loaded, saving the
 * SIMD&FP state at a checkpoint, and leaving.
 *
 * A block runs at EL1t or EL0t (PSTATE.SP = 0 either way), so the
 * generated instructions that name SP use SP_EL0 while the harness keeps
 * its stack in SP_EL1. Every register is part of the random state, so a
 * block is entered by ERET (Arm ARM D1.11 "Exception return"), which sets
 * PC and PSTATE without a general register. A checkpoint is one SVC
 * (harness_arm64.c, fw_sync): the firmware's exception entry saves X0-X30, SP_EL0,
 * ELR and SPSR in a frame and its exit restores them, and nothing on that
 * path touches the SIMD&FP registers, FPCR or FPSR (the library and the
 * harness C code are built with -mgeneral-regs-only).
 */
#include "diffstate.h"

	.text
	.balign	4

/*
 * uint64_t diff_enter(const void *state, const void *code, uint64_t spsr):
 * run the block at `code` from `state` with PSTATE.M and DAIF from `spsr`
 * (EL1t or EL0t). Returns 0 at the end of the block (harness_arm64.c sends the
 * last checkpoint to diff_leave), 1 if an exception aborted it (diff_abort).
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
	msr	elr_el1, x1
	ldr	x3, [x0, #ST_NZCV]
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

/* void diff_save_fp(void *state): V0-V31, FPCR and FPSR into a state. */
	.global	diff_save_fp
diff_save_fp:
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
	mrs	x1, fpcr
	str	x1, [x0, #ST_FPCR]
	mrs	x1, fpsr
	str	x1, [x0, #ST_FPSR]
	ret

/* The end of a block (fw_sync ERETs here at EL1h): back to diff_enter's caller with 0. */
	.global	diff_leave
diff_leave:
	mov	x0, #0
	b	1f
/* After an exception in a block (likewise): return 1. */
	.global	diff_abort
diff_abort:
	mov	x0, #1
1:	adrp	x3, diff_ctx
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
diff_ctx:
	.space	104

/*
 * The scratch buffer, in the EL0-accessible .user section so that EL0
 * blocks and LDTR/STTR (EL0 permissions at EL1) reach it. It straddles a
 * page boundary at X28 (diff_scratch + SCRATCH_BIAS), so that accesses
 * near the base cross pages.
 */
	.section .bss.user, "aw", %nobits
	.balign	4096
	.space	4096 - SCRATCH_BIAS
	.global	diff_scratch
diff_scratch:
	.space	SCRATCH_SIZE
