/*
 * The architectural state the differential test compares, as laid out in
 * memory by the guest harness (harness.S saves and loads it) and by the
 * generator (each block's initial state). Plain #defines so that the
 * assembler, the guest C code and the host tool share one definition.
 */
#ifndef DIFFSTATE_H
#define DIFFSTATE_H

#define ST_X        0       /* X0-X30, 8 bytes each */
#define ST_SP       248     /* SP_EL0: the generated code runs at EL1t */
#define ST_NZCV     256     /* as MRS NZCV reads it (bits 31:28) */
#define ST_FPCR     264
#define ST_FPSR     272
#define ST_V        288     /* V0-V31, 16 bytes each, 16-aligned for LDP/STP Q */
#define ST_MEM      800     /* a copy of the scratch buffer */
#define ST_SIZE     1312

#define ST_NWORDS   36      /* 8-byte words before ST_V: X0-X30, SP, NZCV, FPCR, FPSR, pad */

/*
 * The scratch buffer every generated load and store stays inside. X28 is
 * reserved as its base, pointing at the middle, so that signed offsets
 * reach both halves.
 */
#define SCRATCH_SIZE    512
#define SCRATCH_BIAS    256     /* X28 = diff_scratch + SCRATCH_BIAS */
#define BASE_REG        28

/*
 * SPSR_EL1 values the harness enters a block with (NZCV comes from the
 * state): EL1t (M = 0b0100) or EL0t (M = 0b0000), D, A, I, F masked. In
 * both, "SP" in the generated instructions is SP_EL0.
 */
#define SPSR_EL1T_MASKED 0x3c4
#define SPSR_EL0T_MASKED 0x3c0

/*
 * A checkpoint is "SVC #DIFF_SVC_CHECKPOINT" (C6.2 SVC, 0xd4000001 |
 * imm16 << 5); the end of a block "SVC #DIFF_SVC_END".
 */
#define DIFF_SVC_CHECKPOINT 0xdf0
#define DIFF_SVC_END        0xdf1
#define CP_INSNS            1

#endif
