/*
 * LoongArch floating point: FCSR on top of the engine's IEEE 754 unit
 * (cpu/core/ieee.h), which holds formats, rounding, NaN rules and the host
 * FPU; this file says what is LoongArch's (LA RM chapter 3, "Basic
 * Floating-Point Instructions": its overview of the registers and
 * exceptions, then the instructions, 3.2):
 *
 *  - FCSR0's fields and its views FCSR1-3;
 *  - LoongArch's IEEE choices (fpu.c): the default NaN, which NaN operand
 *    a result carries, tininess;
 *  - FCSR0 as an ieee_env for one instruction, and the end of an
 *    instruction (la_fpu_finish): Cause is what the instruction raised,
 *    Flags accumulate it, and an enabled exception traps (FPE) before the
 *    destination is written.
 *
 * A scalar instruction makes one env, runs one operation on it and
 * finishes; a vector one (LSX) runs its elements on one env, whose flags
 * accumulate, and finishes once with EsubCode VFPE. There is no
 * flush-to-zero: LoongArch has no such mode.
 */
#ifndef HVSIM_LOONGARCH_FPU_H
#define HVSIM_LOONGARCH_FPU_H

#include "cpu/core/ieee.h"
#include "cpu/loongarch/loongarch.h"

/*
 * FCSR0 (LA RM ch. 3, "Floating-point Control and Status Register"):
 * Enables[4:0], RM[9:8], Flags[20:16], Cause[28:24], the rest reserved (Linux asm/loongarch.h FPU_CSR_*). In
 * Enables, Flags and Cause bit 4 is V (invalid), 3 Z (division by zero),
 * 2 O (overflow), 1 U (underflow), 0 I (inexact): IEEE's order reversed.
 */
#define LA_FCSR_ENABLES 0x1fu
#define LA_FCSR_RM_SHIFT 8
#define LA_FCSR_RM (3u << LA_FCSR_RM_SHIFT)
#define LA_FCSR_FLAGS_SHIFT 16
#define LA_FCSR_FLAGS (0x1fu << LA_FCSR_FLAGS_SHIFT)
#define LA_FCSR_CAUSE_SHIFT 24
#define LA_FCSR_CAUSE (0x1fu << LA_FCSR_CAUSE_SHIFT)
#define LA_FCSR_WRITABLE (LA_FCSR_ENABLES | LA_FCSR_RM | LA_FCSR_FLAGS | LA_FCSR_CAUSE)
/* One exception's bit in Enables (and, shifted, in Flags and Cause). */
enum { LA_FP_I = 1 << 0, LA_FP_U = 1 << 1, LA_FP_O = 1 << 2, LA_FP_Z = 1 << 3, LA_FP_V = 1 << 4 };

/*
 * FCSR1-3 are views of FCSR0 (the same section): FCSR1 its Enables, FCSR2 its
 * Flags and Cause, FCSR3 its RM, at the same bit positions; reading one
 * gives 0 elsewhere, writing one changes only its field.
 */
uint32_t la_fcsr_view_mask(unsigned fcsr);

/* ESTAT.EsubCode of FPE (Linux EXSUBCODE_FPE, EXSUBCODE_VFPE). */
enum { LA_FPE_SCALAR = 0, LA_FPE_VECTOR = 1 };

/* LoongArch's choices where IEEE 754 leaves them open (fpu.c). */
extern const struct ieee_rules la_fpu_rules;

/* FCSR0.RM: 0 RNE, 1 RZ, 2 RP (toward +inf), 3 RM (toward -inf). */
static inline enum ieee_rounding la_fpu_rmode(const struct la_cpu *c)
{
	static const enum ieee_rounding modes[4] = { IEEE_RN, IEEE_RZ, IEEE_RP, IEEE_RM };
	return modes[(c->fcsr & LA_FCSR_RM) >> LA_FCSR_RM_SHIFT];
}

/* FCSR0 as the engine's environment for one instruction: its rounding mode, no flags yet. */
static inline struct ieee_env la_fpu_env(const struct la_cpu *c)
{
	return (struct ieee_env){ .rules = &la_fpu_rules, .mode = la_fpu_rmode(c) };
}

/* The engine's IEEE_* flags as an Enables/Flags/Cause field (bit 4 V ... bit 0 I). */
static inline uint32_t la_fpu_bits(unsigned ieee_flags)
{
	return ((ieee_flags & IEEE_INVALID) ? LA_FP_V : 0) |
	       ((ieee_flags & IEEE_DIVZERO) ? LA_FP_Z : 0) |
	       ((ieee_flags & IEEE_OVERFLOW) ? LA_FP_O : 0) |
	       ((ieee_flags & IEEE_UNDERFLOW) ? LA_FP_U : 0) |
	       ((ieee_flags & IEEE_INEXACT) ? LA_FP_I : 0);
}

/*
 * The end of an FP instruction that reports exceptions (LA RM ch. 3,
 * "Floating-point Exceptions"; 6.2.1 FPE): Cause
 * becomes exactly what it raised (env->flags). If an enabled exception is
 * among them, the instruction traps with FPE (ESTAT.Ecode 0x12, EsubCode
 * `subcode`: LA_FPE_SCALAR or LA_FPE_VECTOR), leaving Flags and its
 * destination alone; the caller returns the status, non-zero. Otherwise
 * Flags accumulate Cause and the caller writes its destination. (QEMU
 * does the same; Linux's FPE handler reads Cause to tell SIGFPE's code.)
 */
int la_fpu_finish(struct la_cpu *c, const struct core_op *op, const struct ieee_env *env,
		  unsigned subcode);

/* ------------------------------------------------- element operations */

/*
 * One element of an instruction, on S or D operands (the low 32 or 64
 * bits), with LoongArch's rules; flags go to env->flags. Scalar and LSX
 * handlers share them.
 */
enum la_fop {
	LA_FADD, LA_FSUB, LA_FMUL, LA_FDIV,
	LA_FSQRT, LA_FRECIP, LA_FRSQRT,   /* of a alone */
	LA_FMADD,    /* a * b + c, one rounding */
	LA_FMSUB,    /* a * b - c */
	LA_FNMADD,   /* -(a * b + c) */
	LA_FNMSUB,   /* -(a * b - c) */
};
uint64_t la_fpu_arith(struct ieee_env *env, enum ieee_fmt f, enum la_fop op, uint64_t a,
		      uint64_t b, uint64_t c);

/* FMAX, FMIN (754-2008 maxNum, minNum); FMAXA, FMINA (maxNumMag, minNumMag). */
enum la_fminmax { LA_FMAX, LA_FMIN, LA_FMAXA, LA_FMINA };
uint64_t la_fpu_minmax(struct ieee_env *env, enum ieee_fmt f, enum la_fminmax kind, uint64_t a,
		       uint64_t b);

/* FSCALEB: a * 2^n (754-2008 scaleB), rounded by FCSR0.RM. */
uint64_t la_fpu_scaleb(struct ieee_env *env, enum ieee_fmt f, uint64_t a, int64_t n);
/* FLOGB: 754-2008 logB(a) as a floating-point value. */
uint64_t la_fpu_logb(struct ieee_env *env, enum ieee_fmt f, uint64_t a);
/* FCLASS: the class mask (bit 0 sNaN, 1 qNaN, then -inf, -normal, -subnormal, -0, +inf ... +0). */
uint64_t la_fpu_class(enum ieee_fmt f, uint64_t a);

/*
 * FCMP's condition `cond` (the instruction's bits 19:15): bit 0 signals
 * invalid on a quiet NaN too; bits 1-4 make it true when a < b, a == b,
 * unordered, a != b (ordered).
 */
bool la_fpu_compare(struct ieee_env *env, enum ieee_fmt f, unsigned cond, uint64_t a, uint64_t b);

#endif
