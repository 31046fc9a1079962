/*
 * Guest side of the differential test, LoongArch's parts that need
 * assembly: entering a generated block with every register loaded, the
 * exception entry that takes its checkpoints, saving the FP state, and
 * leaving.
 *
 * A block runs at PLV0 or PLV3 in direct address mode and is entered by
 * ERTN (LA RM 4.2.4.5: PLV and IE from PRMD, PC from ERA), so that every
 * general register can hold the random state. A checkpoint is one SYSCALL:
 * the exception entry (EENTRY, LA RM 6.2.1; every exception and interrupt
 * goes there with ECFG.VS = 0) frees t0 through the SAVE0 scratch CSR,
 * saves r1-r31 in diff_frame, calls diff_exception (harness_loongarch.c)
 * on the harness's stack, restores r1-r31 and returns by ERTN. Nothing on
 * that path touches the FP and vector registers, FCSR0 or the FCCs (the C
 * code is built for the soft-float ABI).
 *
 * clang-16 assembles no LSX, so VLD and VST (LA RM vol. 2: 0010110000 and
 * 0010110001, si12 in 21:10, rj in 9:5, vd in 4:0) are words here; their
 * base is always a0 (r4).
 */
#include "diffstate.h"

#define VLD_A0(vd, off)	.word 0x2c000000 | ((off) & 0xfff) << 10 | 4 << 5 | (vd)
#define VST_A0(vd, off)	.word 0x2c400000 | ((off) & 0xfff) << 10 | 4 << 5 | (vd)

/* CSR numbers (LA RM 7.1). */
#define CSR_PRMD	0x1
#define CSR_ERA		0x6
#define CSR_SAVE0	0x30

/* diff_ctx's slot of a register diff_enter keeps (r1-r3, r21-r31), by number. */
#define CTX(n)		(8 * (n))

	.text
	.balign	4

/*
 * uint64_t diff_enter(const void *state, const void *code, uint64_t prmd):
 * run the block at `code` from `state` at the PLV in prmd. Returns 0 at
 * the end of the block (diff_exception sends the last checkpoint to
 * diff_leave), 1 if an exception aborted it (diff_abort). Saves every
 * register the C code may rely on (callee-saved, ra, sp, tp, r21).
 */
	.global	diff_enter
diff_enter:
	la.pcrel	$t0, diff_ctx
	.irp	n, 1, 2, 3, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	st.d	$r\n, $t0, CTX(\n)
	.endr
	csrwr	$a1, CSR_ERA
	csrwr	$a2, CSR_PRMD
	/* FCSR0, FCC0-7, vr0-vr31. */
	ld.d	$t1, $a0, ST_LA_FCSR
	movgr2fcsr	$fcsr0, $t1
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7
	ld.bu	$t1, $a0, ST_LA_FCC + \n
	movgr2cf	$fcc\n, $t1
	.endr
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	VLD_A0(\n, ST_V + 16 * \n)
	.endr
	/* r4 (a0) holds the state: load it last. */
	.irp	n, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 4
	ld.d	$r\n, $a0, 8 * \n
	.endr
	ertn

/* void diff_save_fp(void *state): FCSR0, FCC0-7 and vr0-vr31 into a state. */
	.global	diff_save_fp
diff_save_fp:
	movfcsr2gr	$t1, $fcsr0
	st.d	$t1, $a0, ST_LA_FCSR
	st.d	$zero, $a0, ST_LA_FCC
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7
	movcf2gr	$t1, $fcc\n
	st.b	$t1, $a0, ST_LA_FCC + \n
	.endr
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	VST_A0(\n, ST_V + 16 * \n)
	.endr
	ret

/* The exception entry: EENTRY's low 12 bits are 0 (LA RM 7.4.11). */
	.balign	4096
	.global	diff_exc
diff_exc:
	csrwr	$t0, CSR_SAVE0
	la.pcrel	$t0, diff_frame
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	st.d	$r\n, $t0, 8 * \n
	.endr
	csrrd	$t1, CSR_SAVE0
	st.d	$t1, $t0, 96
	st.d	$zero, $t0, 0
	la.pcrel	$t1, diff_ctx
	ld.d	$sp, $t1, CTX(3)
	move	$a0, $t0
	bl	diff_exception
	la.pcrel	$t0, diff_frame
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld.d	$r\n, $t0, 8 * \n
	.endr
	ld.d	$t0, $t0, 96
	ertn

/* The end of a block (diff_exception ERTNs here at PLV0): back to diff_enter's caller with 0. */
	.global	diff_leave
diff_leave:
	li.w	$a0, 0
	b	1f
/* After an exception in a block (likewise): return 1. */
	.global	diff_abort
diff_abort:
	li.w	$a0, 1
1:	la.pcrel	$t0, diff_ctx
	.irp	n, 1, 2, 3, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld.d	$r\n, $t0, CTX(\n)
	.endr
	ret

	.data
	.balign	8
diff_ctx:
	.space	8 * 32
	.global	diff_frame
diff_frame:
	.space	256

/*
 * The scratch buffer: like arm64's, it straddles a page boundary at its
 * base register (diff_scratch + SCRATCH_BIAS).
 */
	.bss
	.balign	4096
	.space	4096 - SCRATCH_BIAS
	.global	diff_scratch
diff_scratch:
	.space	SCRATCH_SIZE
