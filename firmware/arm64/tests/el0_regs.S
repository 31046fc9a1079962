/*
 * EL0 half of el.c: give every general register a known value, SVC to EL1,
 * and check afterwards that x1-x30 and SP survived the round trip and that
 * x0 holds the handler's reply. A second SVC reports the mismatch count.
 *
 * pattern(n) = 0x0101010101010101 * n + 0xa5
 */
#define PATTERN_K 0x0101010101010101
#define REPLY 0x5ec0de

	.text
	.global	el0_regs
el0_regs:
	stp	x29, x30, [sp, #-16]!
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
	ldr	x\n, =(PATTERN_K * \n + 0xa5)
	.endr
	svc	#0x42
	.global	el0_regs_after_svc
el0_regs_after_svc:
	/* Spill everything, then compare with x0-x5 as scratch. */
	sub	sp, sp, #256
	stp	x0, x1, [sp]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mov	x0, #0                   /* mismatches */
	ldr	x1, [sp]
	ldr	x2, =REPLY
	cmp	x1, x2
	cinc	x0, x0, ne
	ldr	x3, =PATTERN_K
	mov	x4, #1                   /* n */
1:	ldr	x1, [sp, x4, lsl #3]
	mov	x2, #0xa5
	madd	x2, x3, x4, x2
	cmp	x1, x2
	cinc	x0, x0, ne
	add	x4, x4, #1
	cmp	x4, #31
	b.ne	1b
	add	sp, sp, #256
	svc	#0x43                    /* x0 = mismatches */
	ldp	x29, x30, [sp], #16
	ret
