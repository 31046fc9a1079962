/*
 * HVCL leaves every register but a0 as it was (KVM writes only a0:
 * hypercalls.rst), FP registers included, and returns to the instruction
 * after it. Each routine loads known values, makes the call, and stores
 * what it finds.
 */
#define HVCL_SERVICE	0x002b8100	/* hvcl 0x100 */
#define T0	12

/*
 * uint64_t gprs_across_hvcl(uint64_t out[32], uint64_t fn): r5-r20 and
 * r23-r31 hold 0x1000 + n; r31 (s8) gets 1 added by the instruction after
 * the HVCL. Returns a0 (the call's result); out[n] = rn afterwards.
 */
	.text
	.global	gprs_across_hvcl
gprs_across_hvcl:
	addi.d	$sp, $sp, -96
	st.d	$ra, $sp, 0
	.irp	n, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	st.d	$r\n, $sp, (\n - 21) * 8
	.endr
	move	$r21, $a0
	move	$a0, $a1
	.irp	n, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 28, 29, 30, 31
	li.d	$r\n, 0x1000 + \n
	.endr
	.word	HVCL_SERVICE
	addi.d	$r31, $r31, 1
	.irp	n, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 28, 29, 30, 31
	st.d	$r\n, $r21, \n * 8
	.endr
	ld.d	$ra, $sp, 0
	.irp	n, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld.d	$r\n, $sp, (\n - 21) * 8
	.endr
	addi.d	$sp, $sp, 96
	ret

/*
 * uint64_t fprs_across_hvcl(uint64_t seed, uint64_t out[32], uint64_t fn):
 * f0-f31 hold seed + n (movgr2fr.d, as words: clang-16 assembles no FP
 * for the lp64s firmware), HVCL 0x100 with a0 = fn, then out[n] = fn.
 * EUEN.FPE must be set. Returns the call's a0.
 */
	.global	fprs_across_hvcl
fprs_across_hvcl:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	addi.d	$t0, $a0, \n
	.word	0x0114a800 | (T0 << 5) | \n	/* movgr2fr.d $f\n, $t0 */
	.endr
	move	$t1, $a1
	move	$a0, $a2
	.word	HVCL_SERVICE
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.word	0x0114b800 | (\n << 5) | T0	/* movfr2gr.d $t0, $f\n */
	st.d	$t0, $t1, \n * 8
	.endr
	ret
