/*
 * AArch64 floating point: FPCR/FPSR semantics on top of the host FPU.
 *
 * Arithmetic (add, sub, mul, div, sqrt, fused multiply-add) runs on the host
 * SSE unit, which is IEEE 754 like Arm. What differs is handled here:
 *
 *  - rounding mode and flags: MXCSR itself is the cache. The fast path runs
 *    the op and reads MXCSR once (fpu_host_ok): with FPCR's rounding mode and
 *    no sticky flag that FPSR lacks, the result and FPSR are already right.
 *    Anything else is redone in C with MXCSR written (LDMXCSR) and the op's
 *    flags isolated; that leaves MXCSR's flags a subset of FPSR again, so in
 *    steady state no op writes MXCSR or FPSR.
 *  - NaN results: Arm propagates NaNs by FPProcessNaNs() order and has a
 *    positive default NaN; x86 differs. Any NaN result is recomputed in C.
 *  - tininess: Arm detects underflow before rounding, x86 after. They differ
 *    only when the rounded result is exactly the smallest normal, which is
 *    also recomputed in C (the op is redone rounding toward zero).
 *  - FPCR.FZ (flush-to-zero) runs every op through the C path: inputs are
 *    flushed with IDC, tiny results flushed with UFC only.
 *
 * Conversions, rounding to integral, comparisons, min/max and the estimates
 * are done in C with the Arm ARM pseudo-code's rounding (FPRoundBase).
 */
#ifndef HVSIM_ARM64_FPU_H
#define HVSIM_ARM64_FPU_H

#include <math.h>

#include "cpu/arm64/arm64.h"

/* FPCR fields (Arm ARM D17.2.x FPCR). */
#define A64_FPCR_AHP (1u << 26)
#define A64_FPCR_DN (1u << 25)
#define A64_FPCR_FZ (1u << 24)
#define A64_FPCR_RMODE_SHIFT 22
#define A64_FPCR_FZ16 (1u << 19)

/* Rounding modes: the first four are FPCR.RMode encodings (FPRounding). */
enum fpu_rounding {
	FPU_RN = 0, /* to nearest, ties to even */
	FPU_RP = 1, /* toward +infinity */
	FPU_RM = 2, /* toward -infinity */
	FPU_RZ = 3, /* toward zero */
	FPU_RA = 4, /* to nearest, ties away from zero (FCVTA*, FRINTA) */
	FPU_RO = 5, /* to odd (FCVTXN) */
	FPU_RFPCR = 6, /* "use FPCR.RMode", resolved at execution */
};

/* Formats. The value is log2 of the size in bytes, as in the size fields. */
enum fpu_fmt { FPU_H = 1, FPU_S = 2, FPU_D = 3 };

/* Operations the C path (fpu_arith) knows; the host does the arithmetic. */
enum fpu_op {
	FPU_ADD, FPU_SUB, FPU_MUL, FPU_DIV, FPU_MULX, FPU_SQRT,
	FPU_FMA,    /* acc + a * b, one rounding (FPMulAdd) */
	FPU_RECPS,  /* 2 - a * b (FPRecipStepFused) */
	FPU_RSQRTS, /* (3 - a * b) / 2 (FPRSqrtStepFused) */
	FPU_ABD,    /* |a - b| (FABD) */
};

enum fpu_minmax { FPU_MAX, FPU_MIN, FPU_MAXNM, FPU_MINNM };

/* FPCR.RMode. */
static inline unsigned fpu_rmode(const struct arm64_cpu *c)
{
	return (c->fpcr >> A64_FPCR_RMODE_SHIFT) & 3;
}

/* Only FZ forces the C path; rounding mode and DN are handled on the fast one. */
static inline bool fpu_fast(const struct arm64_cpu *c)
{
	return !(c->fpcr & A64_FPCR_FZ);
}

/* ------------------------------------------------------ host environment */

#if !defined(__x86_64__) || !defined(__SSE2__)
#error "fpu.h drives the host FPU through MXCSR: an x86-64 host is required"
#endif

/* MXCSR: flags 5:0 (IE DE ZE OE UE PE), masks 12:7, RC 14:13, FTZ 15, DAZ 6. */
#define FPU_CSR_CTRL 0xffc0u
#define FPU_CSR_MASKS 0x1f80u

static inline uint32_t fpu_csr_read(void)
{
	uint32_t csr;
	__asm__ volatile("stmxcsr %0" : "=m"(csr));
	return csr;
}

static inline void fpu_csr_write(uint32_t csr)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(csr));
}

/* MXCSR flags as FPSR bits: IE->IOC, ZE->DZC, OE->OFC, UE->UFC, PE->IXC (DE dropped). */
static inline uint32_t fpu_csr_flags(uint32_t csr)
{
	return (csr & 1) | ((csr >> 1) & 0x1e);
}

/* MXCSR control word for FPCR.RMode: Arm RP=1, RM=2 are x86 RC 2 and 1. */
static inline uint32_t fpu_csr_ctrl(unsigned rmode)
{
	static const uint16_t rc[4] = { 0 << 13, 2 << 13, 1 << 13, 3 << 13 };
	return FPU_CSR_MASKS | rc[rmode];
}

/*
 * After host arithmetic: may its result and flags stand? Only if MXCSR had
 * FPCR's rounding mode and holds no flag that FPSR lacks: then whatever the
 * op raised is already in FPSR. Otherwise (a first new flag, a flag left by
 * other code or another vCPU, a guest that cleared FPSR, another rounding
 * mode) the caller redoes the op through the C path, which computes it with
 * MXCSR set afresh and its own flags isolated. One STMXCSR per op.
 */
static inline bool fpu_host_ok(const struct arm64_cpu *c)
{
	uint32_t csr = fpu_csr_read();
	return (csr & FPU_CSR_CTRL) == fpu_csr_ctrl(fpu_rmode(c)) &&
	       !(fpu_csr_flags(csr) & ~c->fpsr);
}

/*
 * Keep host FP arithmetic before the MXCSR read that judges it (and after
 * the write that sets it up on the C path): the compiler does not know that
 * MXCSR affects it, so values pass through empty volatile asm statements,
 * which are never reordered against the MXCSR accesses.
 */
#define FPU_BARRIER(x) __asm__ volatile("" : "+x"(x))

static inline float fpu_f32(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline double fpu_f64(uint64_t b) { double f; memcpy(&f, &b, 8); return f; }
static inline uint32_t fpu_b32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static inline uint64_t fpu_b64(double f) { uint64_t b; memcpy(&b, &f, 8); return b; }

/* A host result the fast path may not keep: NaN, or exactly +-min normal. */
static inline bool fpu_fixup32(float r)
{
	return isnan(r) || fabsf(r) == 0x1p-126f;
}
static inline bool fpu_fixup64(double r)
{
	return isnan(r) || fabs(r) == 0x1p-1022;
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
		float x = fpu_f32(a), y = fpu_f32(b), z = fpu_f32(acc), r;
		FPU_BARRIER(x); FPU_BARRIER(y); FPU_BARRIER(z);
		r = fpu_host_float(op, x, y, z);
		FPU_BARRIER(r);
		if (likely(!fpu_fixup32(r) && fpu_host_ok(c))) {
			return op == FPU_ABD ? fpu_b32(r) & 0x7fffffffu : fpu_b32(r);
		}
	}
	return fpu_arith32(c, op, a, b, acc);
}

static inline uint64_t fpu_op64(struct arm64_cpu *c, enum fpu_op op, uint64_t a, uint64_t b,
				uint64_t acc)
{
	if (likely(fpu_fast(c))) {
		double x = fpu_f64(a), y = fpu_f64(b), z = fpu_f64(acc), r;
		FPU_BARRIER(x); FPU_BARRIER(y); FPU_BARRIER(z);
		r = fpu_host_double(op, x, y, z);
		FPU_BARRIER(r);
		if (likely(!fpu_fixup64(r) && fpu_host_ok(c))) {
			return op == FPU_ABD ? fpu_b64(r) & ~(1ull << 63) : fpu_b64(r);
		}
	}
	return fpu_arith64(c, op, a, b, acc);
}

/* FMIN, FMAX, FMINNM, FMAXNM (FPMin/FPMax/FPMinNum/FPMaxNum). */
uint64_t fpu_minmax(struct arm64_cpu *c, enum fpu_fmt fmt, enum fpu_minmax kind,
		    uint64_t a, uint64_t b);

/* FPCompare: NZCV (bits 31:28). `signal_qnan` for FCMPE. */
uint32_t fpu_compare(struct arm64_cpu *c, enum fpu_fmt fmt, uint64_t a, uint64_t b,
		     bool signal_qnan);
/* FPCompareEQ/GE/GT for the vector compares: true/false. `abs` for FACGE/FACGT. */
enum fpu_cmp { FPU_EQ, FPU_GE, FPU_GT };
bool fpu_compare_cond(struct arm64_cpu *c, enum fpu_fmt fmt, enum fpu_cmp cond,
		      uint64_t a, uint64_t b);

/* FCVT between formats (FPConvert), honouring AHP, DN, FZ. */
uint64_t fpu_convert(struct arm64_cpu *c, enum fpu_fmt from, enum fpu_fmt to, uint64_t a,
		     enum fpu_rounding rm);

/* FRINT*: round to integral in floating point; `exact` raises IXC (FRINTX). */
uint64_t fpu_round_int(struct arm64_cpu *c, enum fpu_fmt fmt, uint64_t a,
		       enum fpu_rounding rm, bool exact);

/*
 * FPToFixed: FCVT[NPMZA][SU] with `fbits` fraction bits into a `bits`-wide
 * integer (32 or 64), saturating with IOC.
 */
uint64_t fpu_to_fixed(struct arm64_cpu *c, enum fpu_fmt fmt, uint64_t a, unsigned fbits,
		      bool is_unsigned, unsigned bits, enum fpu_rounding rm);

/* FixedToFP: SCVTF/UCVTF of a 64-bit (sign- or zero-extended) value. */
uint64_t fpu_from_fixed(struct arm64_cpu *c, enum fpu_fmt fmt, uint64_t a, unsigned fbits,
			bool is_unsigned);

/* FRECPE, FRSQRTE, FRECPX; URECPE, URSQRTE. */
uint64_t fpu_recip_estimate(struct arm64_cpu *c, enum fpu_fmt fmt, uint64_t a);
uint64_t fpu_rsqrt_estimate(struct arm64_cpu *c, enum fpu_fmt fmt, uint64_t a);
uint64_t fpu_recpx(struct arm64_cpu *c, enum fpu_fmt fmt, uint64_t a);
uint32_t fpu_urecpe(uint32_t a);
uint32_t fpu_ursqrte(uint32_t a);

/* VFPExpandImm: the 8-bit FMOV immediate as a value of `fmt`. */
uint64_t fpu_expand_imm(enum fpu_fmt fmt, uint8_t imm8);

#endif
