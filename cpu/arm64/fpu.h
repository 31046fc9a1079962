/*
 * AArch64 floating point: FPCR/FPSR on top of the engine's IEEE 754 unit
 * (cpu/core/ieee.h), which holds formats, rounding, NaN rules and the host
 * FPU environment; this file says what is Arm's:
 *
 *  - FPCR as an ieee_env (RMode, FZ, DN), FPSR's flags as IEEE_* flags,
 *    and Arm's IEEE choices (fpu.c: default NaN, FPProcessNaNs order,
 *    tininess before rounding, what FZ raises);
 *  - the operations that are Arm's: the fused steps FRECPS and FRSQRTS,
 *    FMULX, FABD, the estimates (FRECPE, FRSQRTE, FRECPX, URECPE,
 *    URSQRTE), VFPExpandImm, and the alternative half-precision format
 *    (FPCR.AHP);
 *  - the inline fast paths of arithmetic: run on the host, judged by one
 *    MXCSR read (ieee_host_ok), else redone through fpu_arith32/64.
 *    FPCR.FZ sends every op to the C path.
 *
 * FPCR.FZ16 is not modelled: it is RES0 without FEAT_FP16's half-precision
 * arithmetic, which hvsim lacks (MSR FPCR drops it), and conversions ignore
 * it (FPUnpackCV, FPRoundCV).
 */
#ifndef HVSIM_ARM64_FPU_H
#define HVSIM_ARM64_FPU_H

#include "cpu/arm64/arm64.h"
#include "cpu/core/ieee.h"

/* FPCR fields (Arm ARM D17.2.x FPCR). */
#define A64_FPCR_AHP (1u << 26)
#define A64_FPCR_DN (1u << 25)
#define A64_FPCR_FZ (1u << 24)
#define A64_FPCR_RMODE_SHIFT 22

/* Operations the C path (fpu_arith) knows; the host does the arithmetic. */
enum fpu_op {
	FPU_ADD, FPU_SUB, FPU_MUL, FPU_DIV, FPU_MULX, FPU_SQRT,
	FPU_FMA,    /* acc + a * b, one rounding (FPMulAdd) */
	FPU_RECPS,  /* 2 - a * b (FPRecipStepFused) */
	FPU_RSQRTS, /* (3 - a * b) / 2 (FPRSqrtStepFused) */
	FPU_ABD,    /* |a - b| (FABD) */
};

/* FPCR.RMode: RN, RP, RM, RZ, the order of enum ieee_rounding. */
static inline enum ieee_rounding fpu_rmode(const struct arm64_cpu *c)
{
	return (enum ieee_rounding)((c->fpcr >> A64_FPCR_RMODE_SHIFT) & 3);
}

/* Only FZ forces the C path; rounding mode and DN are handled on the fast one. */
static inline bool fpu_fast(const struct arm64_cpu *c)
{
	return !(c->fpcr & A64_FPCR_FZ);
}

/*
 * FPSR's cumulative flags IOC, DZC, OFC, UFC, IXC (bits 4:0) are in IEEE
 * 754's order, as the engine's IEEE_* flags; IDC (bit 7) is IEEE_DENORMAL.
 */
_Static_assert((int)A64_FPSR_IOC == IEEE_INVALID && (int)A64_FPSR_DZC == IEEE_DIVZERO &&
		       (int)A64_FPSR_OFC == IEEE_OVERFLOW && (int)A64_FPSR_UFC == IEEE_UNDERFLOW &&
		       (int)A64_FPSR_IXC == IEEE_INEXACT,
	       "FPSR's IEEE flags are the engine's");

/*
 * After host arithmetic: may its result and flags stand (ieee_host_ok)?
 * ieee_host_ok reads only IEEE_754_FLAGS, FPSR's bits 4:0 as they are.
 */
static inline bool fpu_host_ok(const struct arm64_cpu *c)
{
	return ieee_host_ok(ieee_host_ctrl(fpu_rmode(c)), c->fpsr);
}

/*
 * Write a scalar result to V[rd]: a write to a B/H/S/D register clears the
 * rest of the 128-bit register (callers pass the value zero-extended).
 */
static inline void fpu_vset(struct arm64_cpu *c, unsigned rd, uint64_t bits)
{
	c->v[rd].d[0] = bits;
	c->v[rd].d[1] = 0;
}

/* ------------------------------------------------------------- C paths */

/* One lane of an arithmetic op with full Arm semantics (FZ, NaNs, flags). */
uint32_t fpu_arith32(struct arm64_cpu *c, enum fpu_op op, uint32_t a, uint32_t b, uint32_t acc);
uint64_t fpu_arith64(struct arm64_cpu *c, enum fpu_op op, uint64_t a, uint64_t b, uint64_t acc);

/*
 * The host computation of each op, shared by the fast paths and the C path.
 * FPU_ABD's sign is fixed by the caller's NaN/abs handling.
 */
#define FPU_HOST_OPS(T, FMA, SQRT, FABS, MIN4)                                           \
	static inline T fpu_host_##T(enum fpu_op op, T a, T b, T acc)          \
	{                                                                      \
		switch (op) {                                                  \
		case FPU_ADD: return a + b;                                    \
		case FPU_SUB: return a - b;                                    \
		case FPU_ABD: return a - b;                                    \
		case FPU_MUL: return a * b;                                    \
		case FPU_MULX: return a * b;                                   \
		case FPU_DIV: return a / b;                                    \
		case FPU_SQRT: return SQRT(a);                                 \
		case FPU_FMA: return FMA(a, b, acc);                           \
		case FPU_RECPS: return FMA(-a, b, (T)2);                       \
		case FPU_RSQRTS: /* halve first unless that loses a's bits */  \
			return FABS(a) >= MIN4 ? FMA(-(a / 2), b, (T)1.5)      \
					       : FMA(-a, b, (T)3) / 2;         \
		}                                                              \
		return a;                                                      \
	}
FPU_HOST_OPS(float, __builtin_fmaf, __builtin_sqrtf, __builtin_fabsf, 0x1p-124f)
FPU_HOST_OPS(double, __builtin_fma, __builtin_sqrt, __builtin_fabs, 0x1p-1020)
#undef FPU_HOST_OPS

/*
 * Scalar entry points: the fast path inline, everything unusual in C.
 * `op` is a compile-time constant at every call site, so the switch folds.
 */
static inline uint32_t fpu_op32(struct arm64_cpu *c, enum fpu_op op, uint32_t a, uint32_t b,
				uint32_t acc)
{
	if (likely(fpu_fast(c))) {
		float x = ieee_f32(a), y = ieee_f32(b), z = ieee_f32(acc), r;
		IEEE_HOST_BARRIER(x); IEEE_HOST_BARRIER(y); IEEE_HOST_BARRIER(z);
		r = fpu_host_float(op, x, y, z);
		IEEE_HOST_BARRIER(r);
		if (likely(!ieee_host_recheck32(r) && fpu_host_ok(c))) {
			return op == FPU_ABD ? ieee_b32(r) & 0x7fffffffu : ieee_b32(r);
		}
	}
	return fpu_arith32(c, op, a, b, acc);
}

static inline uint64_t fpu_op64(struct arm64_cpu *c, enum fpu_op op, uint64_t a, uint64_t b,
				uint64_t acc)
{
	if (likely(fpu_fast(c))) {
		double x = ieee_f64(a), y = ieee_f64(b), z = ieee_f64(acc), r;
		IEEE_HOST_BARRIER(x); IEEE_HOST_BARRIER(y); IEEE_HOST_BARRIER(z);
		r = fpu_host_double(op, x, y, z);
		IEEE_HOST_BARRIER(r);
		if (likely(!ieee_host_recheck64(r) && fpu_host_ok(c))) {
			return op == FPU_ABD ? ieee_b64(r) & ~(1ull << 63) : ieee_b64(r);
		}
	}
	return fpu_arith64(c, op, a, b, acc);
}

/* FMIN, FMAX, FMINNM, FMAXNM (FPMin/FPMax/FPMinNum/FPMaxNum). */
uint64_t fpu_minmax(struct arm64_cpu *c, enum ieee_fmt fmt, enum ieee_minmax kind,
		    uint64_t a, uint64_t b);

/* FPCompare: NZCV (bits 31:28). `signal_qnan` for FCMPE. */
uint32_t fpu_compare(struct arm64_cpu *c, enum ieee_fmt fmt, uint64_t a, uint64_t b,
		     bool signal_qnan);
/* FPCompareEQ/GE/GT for the vector compares: true/false. `abs` for FACGE/FACGT. */
enum fpu_cmp { FPU_EQ, FPU_GE, FPU_GT };
bool fpu_compare_cond(struct arm64_cpu *c, enum ieee_fmt fmt, enum fpu_cmp cond,
		      uint64_t a, uint64_t b);

/* FCVT between formats (FPConvert), honouring AHP, DN, FZ. */
uint64_t fpu_convert(struct arm64_cpu *c, enum ieee_fmt from, enum ieee_fmt to, uint64_t a,
		     enum ieee_rounding rm);

/* FRINT*: round to integral in floating point; `exact` raises IXC (FRINTX). */
uint64_t fpu_round_int(struct arm64_cpu *c, enum ieee_fmt fmt, uint64_t a,
		       enum ieee_rounding rm, bool exact);

/*
 * FPToFixed: FCVT[NPMZA][SU] with `fbits` fraction bits into a `bits`-wide
 * integer (32 or 64), saturating with IOC.
 */
uint64_t fpu_to_fixed(struct arm64_cpu *c, enum ieee_fmt fmt, uint64_t a, unsigned fbits,
		      bool is_unsigned, unsigned bits, enum ieee_rounding rm);

/* FixedToFP: SCVTF/UCVTF of a 64-bit (sign- or zero-extended) value. */
uint64_t fpu_from_fixed(struct arm64_cpu *c, enum ieee_fmt fmt, uint64_t a, unsigned fbits,
			bool is_unsigned);

/* FRECPE, FRSQRTE, FRECPX; URECPE, URSQRTE. */
uint64_t fpu_recip_estimate(struct arm64_cpu *c, enum ieee_fmt fmt, uint64_t a);
uint64_t fpu_rsqrt_estimate(struct arm64_cpu *c, enum ieee_fmt fmt, uint64_t a);
uint64_t fpu_recpx(struct arm64_cpu *c, enum ieee_fmt fmt, uint64_t a);
uint32_t fpu_urecpe(uint32_t a);
uint32_t fpu_ursqrte(uint32_t a);

/* VFPExpandImm: the 8-bit FMOV immediate as a value of `fmt`. */
uint64_t fpu_expand_imm(enum ieee_fmt fmt, uint8_t imm8);

#endif
