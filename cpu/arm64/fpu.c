/*
 * AArch64 floating point in C: Arm's rules for the engine's IEEE 754 unit
 * (cpu/core/ieee.c) and the operations that are Arm's. The pseudo-code
 * functions named in comments are those of the Arm ARM (DDI 0487) chapter
 * J1 "shared/functions/float".
 */
#include "cpu/arm64/fpu.h"

/* Arm's choices where IEEE 754 leaves them open, and what FPCR.FZ raises. */
static const struct ieee_rules fpu_rules = {
	/* FPDefaultNaN: positive, quiet, zero payload. */
	.default_nan = { [IEEE_H] = 0x7e00, [IEEE_S] = 0x7fc00000, [IEEE_D] = 0x7ff8000000000000 },
	.nan_rule = IEEE_NAN_SIGNALLING_FIRST,  /* FPProcessNaNs, FPProcessNaNs3 */
	.tiny_before_rounding = true,           /* FPRoundBase tests the unrounded exponent */
	.flush_in_flags = IEEE_DENORMAL,        /* FPUnpackBase: IDC */
	.flush_out_flags = IEEE_UNDERFLOW,      /* FPRoundBase: UFC, and no IXC */
};

/*
 * FPCR as the engine's environment: RMode, DN, and FZ for both inputs and
 * results (half precision is the callers' concern: see fpu_convert).
 */
static struct ieee_env fpu_env(const struct arm64_cpu *c)
{
	bool fz = c->fpcr & A64_FPCR_FZ;
	return (struct ieee_env){
		.rules = &fpu_rules,
		.mode = fpu_rmode(c),
		.flush_in = fz,
		.flush_out = fz,
		.default_nan = (c->fpcr & A64_FPCR_DN) != 0,
	};
}

/* The flags an op raised, added to FPSR (IEEE_DENORMAL is IDC); passes its result through. */
static uint64_t fpu_done(struct arm64_cpu *c, const struct ieee_env *env, uint64_t r)
{
	c->fpsr |= (env->flags & IEEE_754_FLAGS) | (env->flags & IEEE_DENORMAL ? A64_FPSR_IDC : 0);
	return r;
}

/* ------------------------------------------------------------ arithmetic */

/* The host computation of an fpu_op, for ieee_host_arith. */
IEEE_HOST_FN(fpu_host, enum fpu_op, fpu_host_float, fpu_host_double)

/* The value 2.0 or 1.5 of format f: FPTwo, FPOnePointFive. */
static uint64_t fpu_const(enum ieee_fmt f, bool sign, unsigned exp_add, uint64_t frac_top)
{
	return ieee_pack(f, sign, (uint64_t)ieee_formats[f].bias + exp_add,
			 frac_top << (ieee_formats[f].fbits - 1));
}

/*
 * One op with every Arm rule: FZ on inputs and outputs, NaN propagation
 * (FPProcessNaNs, FPMulAdd's invalid 0*inf+qNaN), the special cases of
 * FPMulX/FPRecipStepFused/FPRSqrtStepFused, underflow before rounding.
 */
static uint64_t fpu_arith(struct arm64_cpu *c, enum ieee_fmt f, enum fpu_op op, uint64_t a,
			  uint64_t b, uint64_t acc)
{
	struct ieee_env env = fpu_env(c);
	const uint64_t sign = ieee_sign_bit(f);
	uint64_t r;

	a = ieee_flush_in(&env, f, a);
	if (op != FPU_SQRT)
		b = ieee_flush_in(&env, f, b);
	if (op == FPU_FMA)
		acc = ieee_flush_in(&env, f, acc);
	if (op == FPU_RECPS || op == FPU_RSQRTS)
		a ^= sign; /* the step functions negate op1 before looking at NaNs */

	uint64_t ops[3] = { op == FPU_FMA ? acc : a, op == FPU_FMA ? a : b, b };
	int n = op == FPU_SQRT ? 1 : op == FPU_FMA ? 3 : 2;
	bool inf_times_zero = (ieee_is_inf(f, a) && ieee_is_zero(f, b)) ||
			      (ieee_is_zero(f, a) && ieee_is_inf(f, b));
	if (ieee_process_nans(&env, f, ops, n, &r)) {
		if (op == FPU_FMA && inf_times_zero && !ieee_is_snan(f, acc)) {
			/* FPMulAdd: 0 * inf + qNaN is invalid (IEEE 754-2008 7.2(c) leaves it open). */
			env.flags |= IEEE_INVALID;
			r = ieee_default_nan(&env, f);
		}
	} else if (inf_times_zero && (op == FPU_MULX || op == FPU_RECPS || op == FPU_RSQRTS)) {
		r = op == FPU_MULX    ? fpu_const(f, ((a ^ b) & sign) != 0, 1, 0)
		    : op == FPU_RECPS ? fpu_const(f, false, 1, 0)
				      : fpu_const(f, false, 0, 1);
	} else {
		if (op == FPU_RECPS || op == FPU_RSQRTS)
			a ^= sign; /* the host formula negates it itself */
		r = ieee_host_arith(&env, f, fpu_host, op, a, b, acc);
	}
	if (op == FPU_ABD)
		r &= ~sign;
	return fpu_done(c, &env, r);
}

uint32_t fpu_arith32(struct arm64_cpu *c, enum fpu_op op, uint32_t a, uint32_t b, uint32_t acc)
{
	return (uint32_t)fpu_arith(c, IEEE_S, op, a, b, acc);
}

uint64_t fpu_arith64(struct arm64_cpu *c, enum fpu_op op, uint64_t a, uint64_t b, uint64_t acc)
{
	return fpu_arith(c, IEEE_D, op, a, b, acc);
}

/* ------------------------------------------ compare, min/max, conversions */

uint64_t fpu_minmax(struct arm64_cpu *c, enum ieee_fmt f, enum ieee_minmax kind, uint64_t a,
		    uint64_t b)
{
	struct ieee_env env = fpu_env(c);
	return fpu_done(c, &env, ieee_minmax(&env, f, kind, a, b));
}

/* FPCompare: an unordered pair is C and V. */
uint32_t fpu_compare(struct arm64_cpu *c, enum ieee_fmt f, uint64_t a, uint64_t b,
		     bool signal_qnan)
{
	static const uint32_t nzcv[] = {
		[IEEE_LT] = A64_N, [IEEE_EQ] = A64_Z | A64_C, [IEEE_GT] = A64_C, [IEEE_UN] = A64_C | A64_V,
	};
	struct ieee_env env = fpu_env(c);
	return (uint32_t)fpu_done(c, &env, nzcv[ieee_compare(&env, f, a, b, signal_qnan)]);
}

/* FPCompareEQ signals only for signalling NaNs, FPCompareGE/GT for all. */
bool fpu_compare_cond(struct arm64_cpu *c, enum ieee_fmt f, enum fpu_cmp cond, uint64_t a,
		      uint64_t b)
{
	struct ieee_env env = fpu_env(c);
	enum ieee_rel rel = ieee_compare(&env, f, a, b, cond != FPU_EQ);
	fpu_done(c, &env, 0);
	switch (cond) {
	case FPU_EQ: return rel == IEEE_EQ;
	case FPU_GE: return rel == IEEE_EQ || rel == IEEE_GT;
	default: return rel == IEEE_GT;
	}
}

/* The half-precision alternative format (FPCR.AHP) has no infinities or NaNs. */
static inline bool fpu_ahp(const struct arm64_cpu *c, enum ieee_fmt f)
{
	return f == IEEE_H && (c->fpcr & A64_FPCR_AHP);
}

/*
 * FPRoundBase into the alternative half-precision format: the all-ones
 * exponent is one more binade of numbers, and a value beyond it saturates
 * with IOC alone instead of overflowing.
 */
static uint64_t fpu_round_ahp(struct ieee_env *env, bool sign, int exp, uint64_t mant,
			      enum ieee_rounding rm)
{
	int biased;
	bool inexact;
	uint64_t m = ieee_round_sig(env, IEEE_H, sign, exp, mant, rm, &biased, &inexact);

	if (biased > (int)ieee_exp_max(IEEE_H)) {
		env->flags |= IEEE_INVALID;
		return ieee_pack(IEEE_H, sign, ieee_exp_max(IEEE_H), ieee_frac_mask(IEEE_H));
	}
	if (inexact)
		env->flags |= IEEE_INEXACT;
	return ieee_pack(IEEE_H, sign, (uint64_t)biased, m & ieee_frac_mask(IEEE_H));
}

/* FPConvert from or to the alternative half-precision format. */
static uint64_t fpu_convert_ahp(struct ieee_env *env, enum ieee_fmt from, enum ieee_fmt to,
				uint64_t a, enum ieee_rounding rm)
{
	struct ieee_val v;

	if (from == IEEE_H) {
		/* An all-ones exponent unpacks as the binade below, scaled back: exact in S and D. */
		bool top = ieee_exp(from, a) == ieee_exp_max(from);
		if (ieee_unpack(env, from, top ? a - ieee_min_normal(from) : a, &v) == IEEE_ZERO)
			return ieee_pack(to, v.sign, 0, 0);
		return ieee_round(env, to, v.sign, v.exp + top, v.mant, rm);
	}
	switch (ieee_unpack(env, from, a, &v)) {
	case IEEE_QNAN:
	case IEEE_SNAN:
		env->flags |= IEEE_INVALID;
		return ieee_pack(to, v.sign, 0, 0);
	case IEEE_INF:
		env->flags |= IEEE_INVALID;
		return ieee_pack(to, v.sign, ieee_exp_max(to), ieee_frac_mask(to));
	case IEEE_ZERO:
		return ieee_pack(to, v.sign, 0, 0);
	default:
		return fpu_round_ahp(env, v.sign, v.exp, v.mant, rm);
	}
}

/*
 * FPConvert. FZ applies to single and double on either side, never to
 * half (FPUnpackCV, FPRoundCV: FZ16 is not for conversions).
 */
uint64_t fpu_convert(struct arm64_cpu *c, enum ieee_fmt from, enum ieee_fmt to, uint64_t a,
		     enum ieee_rounding rm)
{
	struct ieee_env env = fpu_env(c);
	env.flush_in &= from != IEEE_H;
	env.flush_out &= to != IEEE_H;
	if (fpu_ahp(c, from) || fpu_ahp(c, to))
		return fpu_done(c, &env, fpu_convert_ahp(&env, from, to, a, rm));
	return fpu_done(c, &env, ieee_convert(&env, from, to, a, rm));
}

/* FPRoundInt. */
uint64_t fpu_round_int(struct arm64_cpu *c, enum ieee_fmt f, uint64_t a, enum ieee_rounding rm,
		       bool exact)
{
	struct ieee_env env = fpu_env(c);
	return fpu_done(c, &env, ieee_round_int(&env, f, a, rm, exact));
}

/* FPToFixed. */
uint64_t fpu_to_fixed(struct arm64_cpu *c, enum ieee_fmt f, uint64_t a, unsigned fbits,
		      bool is_unsigned, unsigned bits, enum ieee_rounding rm)
{
	struct ieee_env env = fpu_env(c);
	return fpu_done(c, &env, ieee_to_int(&env, f, a, fbits, is_unsigned, bits, rm));
}

/* FixedToFP redone in C: out of line, so that the fast path needs no stack frame. */
static __attribute__((noinline)) uint64_t fpu_from_fixed_redo(struct arm64_cpu *c,
							      enum ieee_fmt f, uint64_t a,
							      unsigned fbits, bool is_unsigned)
{
	struct ieee_env env = fpu_env(c);
	return fpu_done(c, &env, ieee_from_int(&env, f, a, fbits, is_unsigned));
}

/* FixedToFP on the host, redone with MXCSR set afresh when it cannot stand. */
uint64_t fpu_from_fixed(struct arm64_cpu *c, enum ieee_fmt f, uint64_t a, unsigned fbits,
			bool is_unsigned)
{
	uint64_t res = ieee_host_from_int(f, a, fbits, is_unsigned);
	if (likely(fpu_host_ok(c)))
		return res;
	return fpu_from_fixed_redo(c, f, a, fbits, is_unsigned);
}

/* ------------------------------------------------------------- estimates */

/* RecipEstimate: a in 256..511 (0.5 <= x < 1.0), result 256..511 (1.0 <= r < 2.0). */
static unsigned recip_estimate(unsigned a)
{
	a = a * 2 + 1;
	unsigned b = (1u << 19) / a;
	return (b + 1) / 2;
}

/* RecipSqrtEstimate: a in 128..511 (0.25 <= x < 1.0), result 256..511. */
static unsigned recip_sqrt_estimate(unsigned a)
{
	if (a < 256)
		a = a * 2 + 1;
	else
		a = ((a >> 1) << 1) * 2 + 2;
	unsigned b = 512;
	while ((uint64_t)a * (b + 1) * (b + 1) < (1ull << 28))
		b++;
	return (b + 1) / 2;
}

/* The fraction of a finite non-zero operand as 52 bits. */
static uint64_t frac52(enum ieee_fmt f, uint64_t a)
{
	return (a & ieee_frac_mask(f)) << (52 - ieee_formats[f].fbits);
}

/* FPRecipEstimate. */
static uint64_t recip_estimate_fp(struct ieee_env *env, enum ieee_fmt f, uint64_t a)
{
	const struct ieee_format *ff = &ieee_formats[f];
	struct ieee_val v;
	switch (ieee_unpack(env, f, a, &v)) {
	case IEEE_QNAN:
	case IEEE_SNAN:
		return ieee_process_nan(env, f, a);
	case IEEE_INF:
		return ieee_pack(f, v.sign, 0, 0);
	case IEEE_ZERO:
		env->flags |= IEEE_DIVZERO;
		return ieee_pack(f, v.sign, ieee_exp_max(f), 0);
	default:
		break;
	}
	if (v.exp < -ff->bias - 1) /* |x| < 2^-(bias+1): the reciprocal overflows */
		return ieee_overflow(env, f, v.sign, env->mode);
	if (env->flush_out && v.exp >= ff->bias - 1) { /* the reciprocal is tiny */
		env->flags |= IEEE_UNDERFLOW;
		return ieee_pack(f, v.sign, 0, 0);
	}
	uint64_t frac = frac52(f, a);
	int exp = (int)ieee_exp(f, a);
	if (exp == 0) {
		if (!(frac >> 51)) {
			exp = -1;
			frac = (frac << 2) & ((1ull << 52) - 1);
		} else {
			frac = (frac << 1) & ((1ull << 52) - 1);
		}
	}
	int result_exp = 2 * ff->bias - 1 - exp;
	uint64_t est = recip_estimate(256 | (unsigned)(frac >> 44));
	frac = (est & 0xff) << 44;
	if (result_exp == 0) {
		frac = (1ull << 51) | (frac >> 1);
	} else if (result_exp == -1) {
		frac = (1ull << 50) | (frac >> 2);
		result_exp = 0;
	}
	return ieee_pack(f, v.sign, (uint64_t)result_exp, frac >> (52 - ff->fbits));
}

uint64_t fpu_recip_estimate(struct arm64_cpu *c, enum ieee_fmt f, uint64_t a)
{
	struct ieee_env env = fpu_env(c);
	return fpu_done(c, &env, recip_estimate_fp(&env, f, a));
}

/* FPRSqrtEstimate. */
static uint64_t rsqrt_estimate_fp(struct ieee_env *env, enum ieee_fmt f, uint64_t a)
{
	const struct ieee_format *ff = &ieee_formats[f];
	struct ieee_val v;
	switch (ieee_unpack(env, f, a, &v)) {
	case IEEE_QNAN:
	case IEEE_SNAN:
		return ieee_process_nan(env, f, a);
	case IEEE_ZERO:
		env->flags |= IEEE_DIVZERO;
		return ieee_pack(f, v.sign, ieee_exp_max(f), 0);
	default:
		break;
	}
	if (v.sign) {
		env->flags |= IEEE_INVALID;
		return ieee_default_nan(env, f);
	}
	if (v.cls == IEEE_INF)
		return 0;
	uint64_t frac = frac52(f, a);
	int exp = (int)ieee_exp(f, a);
	if (exp == 0) {
		while (!(frac >> 51)) {
			frac <<= 1;
			exp--;
		}
		frac = (frac << 1) & ((1ull << 52) - 1);
	}
	unsigned scaled = (exp & 1) ? 128 | (unsigned)(frac >> 45) : 256 | (unsigned)(frac >> 44);
	int result_exp = (3 * ff->bias - 1 - exp) / 2;
	uint64_t est = recip_sqrt_estimate(scaled);
	return ieee_pack(f, false, (uint64_t)result_exp, (est & 0xff) << (ff->fbits - 8));
}

uint64_t fpu_rsqrt_estimate(struct arm64_cpu *c, enum ieee_fmt f, uint64_t a)
{
	struct ieee_env env = fpu_env(c);
	return fpu_done(c, &env, rsqrt_estimate_fp(&env, f, a));
}

/* FPRecpX: the exponent inverted, the fraction zero. */
uint64_t fpu_recpx(struct arm64_cpu *c, enum ieee_fmt f, uint64_t a)
{
	struct ieee_env env = fpu_env(c);
	struct ieee_val v;
	enum ieee_class cls = ieee_unpack(&env, f, a, &v);
	unsigned exp = ieee_exp(f, a);
	uint64_t r;
	if (cls == IEEE_QNAN || cls == IEEE_SNAN)
		r = ieee_process_nan(&env, f, a);
	else if (exp == 0)
		r = ieee_pack(f, v.sign, ieee_exp_max(f) - 1, 0);
	else
		r = ieee_pack(f, v.sign, ~exp & ieee_exp_max(f), 0);
	return fpu_done(c, &env, r);
}

/* UnsignedRecipEstimate. */
uint32_t fpu_urecpe(uint32_t a)
{
	if (!(a >> 31))
		return 0xffffffffu;
	return recip_estimate(a >> 23) << 23;
}

/* UnsignedRSqrtEstimate. */
uint32_t fpu_ursqrte(uint32_t a)
{
	if (!(a >> 30))
		return 0xffffffffu;
	return recip_sqrt_estimate(a >> 23) << 23;
}

/* VFPExpandImm: sign, NOT(b):Replicate(b):cd exponent, efgh fraction. */
uint64_t fpu_expand_imm(enum ieee_fmt f, uint8_t imm8)
{
	const struct ieee_format *ff = &ieee_formats[f];
	unsigned b6 = (imm8 >> 6) & 1;
	uint64_t exp = ((uint64_t)(!b6) << (ff->ebits - 1)) |
		       ((b6 ? (1ull << (ff->ebits - 3)) - 1 : 0) << 2) | ((imm8 >> 4) & 3);
	return ieee_pack(f, imm8 >> 7, exp, (uint64_t)(imm8 & 15) << (ff->fbits - 4));
}
