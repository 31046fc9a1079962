/*
 * Triggers for exc_strict.c: SP alignment checking (SCTLR_EL1.SA, SA0;
 * Arm ARM D1.8.2 "SP alignment checking") and MSR DAIFSet at EL0 with
 * SCTLR_EL1.UMA = 0 (trapped with EC 0x18).
 */
	.text

/*
 * EL1: misalign SP_EL0 and use it at EL1t, so the handler (on SP_EL1) is
 * not itself faulting on every push.
 */
	.global	t_spalign, t_spalign_ldr
t_spalign:
	mov	x1, sp
	msr	spsel, #0
	mov	x2, sp
	sub	x0, x1, #2048 + 8        /* 8-byte aligned, not 16 */
	mov	sp, x0
t_spalign_ldr:
	ldr	x3, [sp]
	mov	sp, x2
	msr	spsel, #1
	ret

/* Address arithmetic on a misaligned SP is fine; only the access faults. */
	.global	el0_strict_seq, e_sp_ldr, e_sp_stp, e_daifset
el0_strict_seq:
	stp	x29, x30, [sp, #-16]!
	mov	x2, sp
	sub	sp, sp, #8
e_sp_ldr:
	ldr	x1, [sp]
	sub	sp, sp, #4
e_sp_stp:
	stp	x1, x2, [sp, #-16]!      /* no writeback: the access faults first */
	mov	sp, x2
e_daifset:
	msr	daifset, #2
	ldp	x29, x30, [sp], #16
	mov	x0, #0
	ret
