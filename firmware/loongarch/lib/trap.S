/*
 * Exception and TLB refill entries for the test programs (LA RM 6.3):
 * both save every general register in a struct trap_frame on the current
 * stack, call the C handler (trap.c) and restore them, changes included,
 * before ERTN. EENTRY and TLBRENTRY take 4 KiB-aligned addresses
 * (7.4.6, 7.5.11). The programs run with identity translation (direct
 * address mode, or an identity map at every PLV), so the stack is the
 * same memory inside a refill, which runs in direct address mode.
 */
#define FRAME 272	/* 32 registers, rounded up to 16 bytes */

	.macro SAVE_REGS
	addi.d	$sp, $sp, -FRAME
	.irp	n, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	st.d	$r\n, $sp, \n * 8
	.endr
	addi.d	$t0, $sp, FRAME
	st.d	$t0, $sp, 3 * 8
	move	$a0, $sp
	.endm

	.macro RESTORE_REGS
	.irp	n, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld.d	$r\n, $sp, \n * 8
	.endr
	addi.d	$sp, $sp, FRAME
	ertn
	.endm

	.text
	.balign	4096
	.global	trap_entry
trap_entry:
	SAVE_REGS
	bl	trap_handle
	RESTORE_REGS

	.balign	4096
	.global	tlbr_entry
tlbr_entry:
	SAVE_REGS
	bl	tlbr_handle
	RESTORE_REGS

/*
 * uint64_t plv3_call(fn, arg): ERTN into fn(arg) at PLV3 (PRMD.PPLV = 3,
 * PIE = 0), then SYSCALL at plv3_return, which trap.c turns into a
 * return to PLV0 after it.
 */
	.global	plv3_call
	.global	plv3_return
plv3_call:
	addi.d	$sp, $sp, -16
	st.d	$ra, $sp, 0
	move	$t2, $a0
	move	$a0, $a1
	li.d	$t0, 3
	csrwr	$t0, 0x1	/* PRMD: PPLV 3, PIE 0 */
	la.pcrel	$t1, 1f
	csrwr	$t1, 0x6	/* ERA */
	ertn
1:	jirl	$ra, $t2, 0
plv3_return:
	syscall	0
	ld.d	$ra, $sp, 0
	addi.d	$sp, $sp, 16
	ret
