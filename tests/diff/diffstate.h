/*
 * The architectural state the differential test compares, as laid out in
 * memory by the guest harness (harness_<isa>.S saves and loads it) and by
 * the generator (each block's initial state). Plain #defines so that the
 * assembler, the guest C code and the host tool share one definition.
 *
 * Every ISA uses one layout: ST_NWORDS 8-byte words (the general registers
 * and the ISA's own words), 32 vector registers of 16 bytes (x86: 16 used), the scratch
 * buffer.
 */
#ifndef DIFFSTATE_H
#define DIFFSTATE_H

#define ST_X        0       /* general registers, 8 bytes each (arm64 X0-X30, LoongArch r0-r31) */
#define ST_V        288     /* V0-V31 / vr0-vr31, 16 bytes each, 16-aligned */
#define ST_MEM      800     /* a copy of the scratch buffer */
#define ST_SIZE     1312

#define ST_NWORDS   36      /* 8-byte words before ST_V */

/* arm64's words: X0-X30, SP, NZCV, FPCR, FPSR, pad. */
#define ST_SP       248     /* SP_EL0: the generated code runs at EL1t or EL0t */
#define ST_NZCV     256     /* as MRS NZCV reads it (bits 31:28) */
#define ST_FPCR     264
#define ST_FPSR     272

/* LoongArch's words: r0-r31, FCSR0, FCC0-FCC7 (one byte each, FCC0 lowest), pad. */
#define ST_LA_FCSR  256
#define ST_LA_FCC   264

/*
 * x86-64's words: RAX..R15 in encoding order (RSP's word is 0: it is the
 * harness's stack and no generated instruction names it), RFLAGS (the
 * arithmetic flags and DF), MXCSR, then the x87 state as FNSAVE's 108-byte
 * image in its 32-bit form (SDM 1:8.1.10: FCW, FSW, the full tag word, the
 * pointers, ST(0)-ST(7) in 10 bytes each) in words 18-31, the rest pad.
 * XMM0-XMM15 are V0-V15.
 */
#define ST_X86_FLAGS 128
#define ST_X86_MXCSR 136
#define ST_X86_X87   144
/*
 * What of the x87 image is compared (harness_x86.c x87_kept): FCW, FSW
 * but C1 and DE, the tag word and the registers. Not FIP, FOP, FDP and
 * their selectors, nor the reserved halves of the 32-bit fields (QEMU 7.2
 * records the pointers differently); C1 as "rounded up" and DE QEMU 7.2
 * never sets (README.md).
 */
#define X86_FSW_KEPT 0xfdfd
#define X86_FLAGS_KEPT 0xcd5    /* CF PF AF ZF SF DF OF (SDM 1:3.4.3) */
#define X86_MXCSR_KEPT 0xfffd   /* all but DE, which QEMU 7.2 never sets (README.md) */

/*
 * The scratch buffer every generated load and store stays inside. A
 * register is reserved as its base (arm64 X28, LoongArch r21), pointing at
 * the middle, so that signed offsets reach both halves.
 */
#define SCRATCH_SIZE    512
#define SCRATCH_BIAS    256     /* base = diff_scratch + SCRATCH_BIAS */
#define BASE_REG_ARM64  28
#define BASE_REG_LA     21
#define BASE_REG_X86    15      /* R15 */

/*
 * SPSR_EL1 values the arm64 harness enters a block with (NZCV comes from
 * the state): EL1t (M = 0b0100) or EL0t (M = 0b0000), D, A, I, F masked.
 * In both, "SP" in the generated instructions is SP_EL0.
 */
#define SPSR_EL1T_MASKED 0x3c4
#define SPSR_EL0T_MASKED 0x3c0
/*
 * The x86 harness enters a block by IRETQ with CS in bits 15:0 and SS in
 * bits 31:16 of the mode: CPL 0 (the boot GDT's 0x10 and 0x18) or CPL 3
 * (harness_x86.c's user data 0x20 and 64-bit code 0x28, RPL 3).
 */
#define X86_MODE_CPL0 0x180010
#define X86_MODE_CPL3 0x23002b
/* PRMD values the LoongArch harness enters a block with (LA RM 7.4.2): PPLV 0 or 3, PIE 0. */
#define PRMD_PLV0 0
#define PRMD_PLV3 3

/*
 * A checkpoint is a system call with code DIFF_CHECKPOINT (arm64 "SVC
 * #imm16", C6.2 SVC; LoongArch "SYSCALL code", LA RM 2.2.8.1; x86 UD2
 * followed by the code as a 16-bit word), the end of a block one with
 * DIFF_END; CP_INSNS instructions (slots) each.
 */
#define DIFF_CHECKPOINT 0xdf0
#define DIFF_END        0xdf1
#define CP_INSNS        1

#endif
