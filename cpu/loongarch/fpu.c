/*
 * LoongArch floating point in C: LoongArch's rules for the engine's IEEE
 * 754 unit (cpu/core/ieee.c), the FCSR views and the end of an FP
 * instruction (fpu.h).
 */
#include "cpu/loongarch/fpu.h"

/*
 * LoongArch's choices where IEEE 754 leaves them open (LA RM ch. 3; QEMU
 * TCG, the reference hvsim is checked against, agrees):
 *  - the default NaN, the result of an invalid operation, is positive and
 *    quiet with a zero payload (0x7fc00000, 0x7ff8000000000000);
 *  - an operation on NaNs returns the first signalling NaN operand
 *    quietened, else the first quiet one, in operand order (fj, fk, fa);
 *  - tininess is detected after rounding.
 * No flush-to-zero mode exists, so the flush fields are never used.
 */
const struct ieee_rules la_fpu_rules = {
	.default_nan = { [IEEE_H] = 0x7e00, [IEEE_S] = 0x7fc00000, [IEEE_D] = 0x7ff8000000000000 },
	.nan_rule = IEEE_NAN_SIGNALLING_FIRST,
	.tiny_before_rounding = false,
};

uint32_t la_fcsr_view_mask(unsigned fcsr)
{
	static const uint32_t masks[4] = {
		LA_FCSR_WRITABLE, LA_FCSR_ENABLES, LA_FCSR_FLAGS | LA_FCSR_CAUSE, LA_FCSR_RM,
	};
	return masks[fcsr & 3];
}

int la_fpu_finish(struct la_cpu *c, const struct core_op *op, const struct ieee_env *env,
		  unsigned subcode)
{
	uint32_t cause = la_fpu_bits(env->flags);
	c->fcsr = (c->fcsr & ~LA_FCSR_CAUSE) | cause << LA_FCSR_CAUSE_SHIFT;
	if (unlikely(cause & c->fcsr & LA_FCSR_ENABLES))
		return la_exception(c, core_op_pc(&c->core, op), LA_EXC_FPE, subcode, 0, op->insn,
				    false);
	c->fcsr |= cause << LA_FCSR_FLAGS_SHIFT;
	return CORE_OK;
}

/* ------------------------------------------------- element operations */

/* The host's part of an la_fop: the arithmetic, in whatever mode MXCSR holds. */
#define LA_HOST_OPS(T, FMA, SQRT)                                              \
	static T host_##T(enum la_fop op, T a, T b, T c)                       \
	{                                                                      \
		switch (op) {                                                  \
		case LA_FADD: return a + b;                                    \
		case LA_FSUB: return a - b;                                    \
		case LA_FMUL: return a * b;                                    \
		case LA_FDIV: return a / b;                                    \
		case LA_FSQRT: return SQRT(a);                                 \
		case LA_FRECIP: return 1 / a;                                  \
		default: return FMA(a, b, c); /* signs prepared by the caller */ \
		}                                                              \
	}
LA_HOST_OPS(float, __builtin_fmaf, __builtin_sqrtf)
LA_HOST_OPS(double, __builtin_fma, __builtin_sqrt)
#undef LA_HOST_OPS

IEEE_HOST_FN(host_fn, enum la_fop, host_float, host_double)

/*
 * The fused forms as fma(a, b, +-c) on the host (LA RM 3.2.2.3); FNMADD
 * and FNMSUB negate the rounded result, a NaN aside, as QEMU does
 * (tests/diff: an overflow rounded toward -inf becomes +inf).
 */
static uint64_t fused(struct ieee_env *env, enum ieee_fmt f, enum la_fop op, uint64_t a,
		      uint64_t b, uint64_t c)
{
	const uint64_t sign = ieee_sign_bit(f);
	if (op == LA_FMSUB || op == LA_FNMSUB)
		c ^= sign;
	uint64_t r = ieee_host_arith(env, f, host_fn, LA_FMADD, a, b, c);
	if ((op == LA_FNMADD || op == LA_FNMSUB) && !ieee_is_nan(f, r))
		r ^= sign;
	return r;
}

uint64_t la_fpu_arith(struct ieee_env *env, enum ieee_fmt f, enum la_fop op, uint64_t a,
		      uint64_t b, uint64_t c)
{
	/* The fused forms look for a NaN in fa, fj, fk, as QEMU (the manual names no order). */
	const uint64_t ops[3] = { a, b, c }, fused_ops[3] = { c, a, b };
	int n = op <= LA_FDIV ? 2 : op <= LA_FRSQRT ? 1 : 3;
	uint64_t r;

	if (ieee_process_nans(env, f, n == 3 ? fused_ops : ops, n, &r)) {
		/* 0 * inf + qNaN is invalid too; the NaN stands (754-2008 7.2(c) leaves it open). */
		if (n == 3 && ((ieee_is_inf(f, a) && ieee_is_zero(f, b)) ||
			       (ieee_is_zero(f, a) && ieee_is_inf(f, b))))
			env->flags |= IEEE_INVALID;
		return r;
	}
	switch (op) {
	case LA_FMADD: case LA_FMSUB: case LA_FNMADD: case LA_FNMSUB:
		return fused(env, f, op, a, b, c);
	case LA_FRSQRT:
		/* 1 / sqrt(a), each step rounded, as QEMU computes it. */
		r = ieee_host_arith(env, f, host_fn, LA_FSQRT, a, 0, 0);
		return ieee_is_nan(f, r) ? r : ieee_host_arith(env, f, host_fn, LA_FRECIP, r, 0, 0);
	default:
		return ieee_host_arith(env, f, host_fn, op, a, b, c);
	}
}

uint64_t la_fpu_minmax(struct ieee_env *env, enum ieee_fmt f, enum la_fminmax kind, uint64_t a,
		       uint64_t b)
{
	bool is_max = kind == LA_FMAX || kind == LA_FMAXA;
	if ((kind == LA_FMAXA || kind == LA_FMINA) && !ieee_is_nan(f, a) && !ieee_is_nan(f, b)) {
		/* By magnitude; equal magnitudes fall back to maxNum/minNum (maxNumMag). */
		uint64_t ma = a & ~ieee_sign_bit(f), mb = b & ~ieee_sign_bit(f);
		if (ma != mb)
			return (ma > mb) == is_max ? a : b;
	}
	return ieee_minmax(env, f, is_max ? IEEE_MAXNUM : IEEE_MINNUM, a, b);
}

uint64_t la_fpu_scaleb(struct ieee_env *env, enum ieee_fmt f, uint64_t a, int64_t n)
{
	/* Beyond twice the exponent range every result has over- or underflowed. */
	const int64_t lim = 4 * ieee_formats[f].bias;
	struct ieee_val v;
	switch (ieee_unpack(env, f, a, &v)) {
	case IEEE_QNAN:
	case IEEE_SNAN:
		return ieee_process_nan(env, f, a);
	case IEEE_NUM:
		n = n > lim ? lim : n < -lim ? -lim : n;
		return ieee_round(env, f, v.sign, v.exp + (int)n, v.mant, IEEE_RDYN);
	default:
		return a;
	}
}

uint64_t la_fpu_logb(struct ieee_env *env, enum ieee_fmt f, uint64_t a)
{
	struct ieee_val v;
	switch (ieee_unpack(env, f, a, &v)) {
	case IEEE_QNAN:
	case IEEE_SNAN:
		return ieee_process_nan(env, f, a);
	case IEEE_INF:
		return ieee_pack(f, false, ieee_exp_max(f), 0);
	case IEEE_ZERO:
		env->flags |= IEEE_DIVZERO;
		return ieee_pack(f, true, ieee_exp_max(f), 0);
	default: {
		/* The exponent, an integer well inside the format: exact. */
		uint64_t q = (uint64_t)(v.exp < 0 ? -(int64_t)v.exp : v.exp);
		if (q == 0)
			return 0;
		int lz = __builtin_clzll(q);
		return ieee_round(env, f, v.exp < 0, 63 - lz, q << lz, IEEE_RZ);
	}
	}
}

uint64_t la_fpu_class(enum ieee_fmt f, uint64_t a)
{
	/* Bits 2-5 for negative numbers, 6-9 for positive: infinity, normal, subnormal, zero. */
	unsigned side = (a & ieee_sign_bit(f)) ? 2 : 6;
	if (ieee_is_nan(f, a))
		return ieee_is_snan(f, a) ? 1 << 0 : 1 << 1;
	if (ieee_is_inf(f, a))
		return 1u << side;
	if (ieee_is_zero(f, a))
		return 1u << (side + 3);
	return 1u << (side + (ieee_exp(f, a) == 0 ? 2 : 1));
}

bool la_fpu_compare(struct ieee_env *env, enum ieee_fmt f, unsigned cond, uint64_t a, uint64_t b)
{
	static const uint8_t when[] = {
		[IEEE_LT] = 1 << 1 | 1 << 4, [IEEE_EQ] = 1 << 2, [IEEE_GT] = 1 << 4,
		[IEEE_UN] = 1 << 3,
	};
	return (cond & when[ieee_compare(env, f, a, b, cond & 1)]) != 0;
}
