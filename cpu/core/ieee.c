/*
 * IEEE 754-2008 binary floating point in C: what the host FPU cannot do
 * the ISA's way. Section numbers are IEEE 754-2008's; pseudo-code names the
 * Arm ARM's (DDI 0487, J1 "shared/functions/float"), whose algorithms these
 * are with the ISA's choices taken from `struct ieee_rules`.
 */
#include "cpu/core/ieee.h"

const struct ieee_format ieee_formats[4] = {
	[IEEE_H] = { 5, 10, 15 },
	[IEEE_S] = { 8, 23, 127 },
	[IEEE_D] = { 11, 52, 1023 },
};

static enum ieee_rounding resolve(const struct ieee_env *env, enum ieee_rounding rm)
{
	return rm == IEEE_RDYN ? env->mode : rm;
}

/* ------------------------------------------------------------- unpacking */

enum ieee_class ieee_unpack(struct ieee_env *env, enum ieee_fmt f, uint64_t a, struct ieee_val *v)
{
	const struct ieee_format *ff = &ieee_formats[f];
	unsigned e = ieee_exp(f, a);
	uint64_t frac = a & ieee_frac_mask(f);

	v->sign = (a & ieee_sign_bit(f)) != 0;
	v->exp = 0;
	v->mant = 0;
	if (e == 0) {
		if (frac == 0 || env->flush_in) {
			if (frac)
				env->flags |= env->rules->flush_in_flags;
			return v->cls = IEEE_ZERO;
		}
		int lz = __builtin_clzll(frac);
		v->mant = frac << lz;
		v->exp = 1 - ff->bias - (lz - (63 - ff->fbits));
		return v->cls = IEEE_NUM;
	}
	if (e == ieee_exp_max(f)) {
		if (frac == 0)
			return v->cls = IEEE_INF;
		return v->cls = (frac & ieee_quiet_bit(f)) ? IEEE_QNAN : IEEE_SNAN;
	}
	v->mant = (ieee_min_normal(f) | frac) << (63 - ff->fbits);
	v->exp = (int)e - ff->bias;
	return v->cls = IEEE_NUM;
}

uint64_t ieee_flush_in(struct ieee_env *env, enum ieee_fmt f, uint64_t a)
{
	if (env->flush_in && ieee_exp(f, a) == 0 && (a & ieee_frac_mask(f))) {
		env->flags |= env->rules->flush_in_flags;
		return a & ieee_sign_bit(f);
	}
	return a;
}

/* ------------------------------------------------------------------ NaNs */

uint64_t ieee_process_nan(struct ieee_env *env, enum ieee_fmt f, uint64_t a)
{
	if (ieee_is_snan(f, a))
		env->flags |= IEEE_INVALID;
	if (env->default_nan)
		return ieee_default_nan(env, f);
	return a | ieee_quiet_bit(f);
}

bool ieee_process_nans(struct ieee_env *env, enum ieee_fmt f, const uint64_t *ops, int n,
		       uint64_t *res)
{
	int first = -1, first_snan = -1;

	for (int i = 0; i < n; i++) {
		if (first < 0 && ieee_is_nan(f, ops[i]))
			first = i;
		if (first_snan < 0 && ieee_is_snan(f, ops[i]))
			first_snan = i;
	}
	if (first < 0)
		return false;
	if (first_snan >= 0)
		env->flags |= IEEE_INVALID;
	if (env->rules->nan_rule == IEEE_NAN_SIGNALLING_FIRST && first_snan >= 0)
		first = first_snan;
	*res = ieee_process_nan(env, f, ops[first]);
	return true;
}

/* -------------------------------------------------------------- rounding */

/*
 * m >> shift rounded by `rm` for a value of sign `sign` (any shift). Sets
 * *inexact. IEEE_RO truncates here; the caller sets the last bit.
 */
static uint64_t shift_round(uint64_t m, unsigned shift, bool sign, enum ieee_rounding rm,
			    bool *inexact)
{
	uint64_t q;
	int cmp; /* the discarded part against one half: -1 below, 0 equal, 1 above */

	if (shift == 0) {
		*inexact = false;
		return m;
	}
	if (shift >= 64) {
		q = 0;
		cmp = shift > 64 ? -1 : m > (1ull << 63) ? 1 : m == (1ull << 63) ? 0 : -1;
		*inexact = m != 0;
	} else {
		uint64_t rem = m & ((1ull << shift) - 1), half = 1ull << (shift - 1);
		q = m >> shift;
		cmp = rem > half ? 1 : rem == half ? 0 : -1;
		*inexact = rem != 0;
	}
	if (!*inexact)
		return q;
	bool up;
	switch (rm) {
	case IEEE_RN: up = cmp > 0 || (cmp == 0 && (q & 1)); break;
	case IEEE_RA: up = cmp >= 0; break;
	case IEEE_RP: up = !sign; break;
	case IEEE_RM: up = sign; break;
	default: up = false; break;
	}
	return q + up;
}

/*
 * 7.5 tininess of an exact value below the normal range (biased exponent
 * < 1) when detected after rounding: the value is tiny unless rounding it
 * to f's precision with an unbounded exponent carries it up to the smallest
 * normal, which only a value in the binade just below can.
 */
static bool tiny_after_rounding(enum ieee_fmt f, int biased, uint64_t mant, bool sign,
				enum ieee_rounding rm)
{
	unsigned fbits = ieee_formats[f].fbits;
	bool inexact;
	return biased < 0 || !(shift_round(mant, 63 - fbits, sign, rm, &inexact) >> (fbits + 1));
}

uint64_t ieee_round_sig(struct ieee_env *env, enum ieee_fmt f, bool sign, int exp,
			uint64_t mant, enum ieee_rounding rm, int *biased, bool *inexact)
{
	const struct ieee_format *ff = &ieee_formats[f];
	int b = exp + ff->bias;
	unsigned shift = 63 - ff->fbits;
	bool tiny = false;

	rm = resolve(env, rm);
	if (b < 1) {
		tiny = env->rules->tiny_before_rounding || tiny_after_rounding(f, b, mant, sign, rm);
		if (tiny && env->flush_out) {
			env->flags |= env->rules->flush_out_flags;
			*biased = 0;
			*inexact = false;
			return 0;
		}
		shift += 1 - b;
		b = 0;
	}
	uint64_t m = shift_round(mant, shift > 127 ? 127 : shift, sign, rm, inexact);
	if (rm == IEEE_RO && *inexact)
		m |= 1;
	if (b == 0) {
		if (tiny && *inexact)
			env->flags |= IEEE_UNDERFLOW;
		b = (int)(m >> ff->fbits); /* 1 if rounded up to the smallest normal */
	} else if (m >> (ff->fbits + 1)) {
		m >>= 1;
		b++;
	}
	*biased = b;
	return m;
}

uint64_t ieee_overflow(struct ieee_env *env, enum ieee_fmt f, bool sign, enum ieee_rounding rm)
{
	rm = resolve(env, rm);
	bool to_inf = rm == IEEE_RN || rm == IEEE_RA || (rm == IEEE_RP && !sign) ||
		      (rm == IEEE_RM && sign);
	env->flags |= IEEE_OVERFLOW | IEEE_INEXACT;
	return to_inf ? ieee_pack(f, sign, ieee_exp_max(f), 0)
		      : ieee_pack(f, sign, ieee_exp_max(f) - 1, ieee_frac_mask(f));
}

uint64_t ieee_round(struct ieee_env *env, enum ieee_fmt f, bool sign, int exp, uint64_t mant,
		    enum ieee_rounding rm)
{
	int biased;
	bool inexact;
	uint64_t m = ieee_round_sig(env, f, sign, exp, mant, rm, &biased, &inexact);

	if (biased >= (int)ieee_exp_max(f))
		return ieee_overflow(env, f, sign, rm);
	if (inexact)
		env->flags |= IEEE_INEXACT;
	return ieee_pack(f, sign, (uint64_t)biased, m & ieee_frac_mask(f));
}

/* ------------------------------------------------------ compare, min/max */

/* Order of two unpacked non-NaN operands: -1, 0 (equal, incl. +0 == -0), 1. */
static int order(const struct ieee_val *x, const struct ieee_val *y)
{
	if (x->cls == IEEE_ZERO && y->cls == IEEE_ZERO)
		return 0;
	if (x->sign != y->sign)
		return x->sign ? -1 : 1;
	int mag; /* |x| against |y| */
	if (x->cls != y->cls)
		mag = x->cls == IEEE_ZERO || y->cls == IEEE_INF ? -1 : 1;
	else if (x->cls != IEEE_NUM)
		mag = 0;
	else if (x->exp != y->exp)
		mag = x->exp < y->exp ? -1 : 1;
	else
		mag = x->mant < y->mant ? -1 : x->mant > y->mant;
	return x->sign ? -mag : mag;
}

enum ieee_rel ieee_compare(struct ieee_env *env, enum ieee_fmt f, uint64_t a, uint64_t b,
			   bool signal_qnan)
{
	struct ieee_val va, vb;
	ieee_unpack(env, f, a, &va);
	ieee_unpack(env, f, b, &vb);
	if (va.cls >= IEEE_QNAN || vb.cls >= IEEE_QNAN) {
		if (signal_qnan || va.cls == IEEE_SNAN || vb.cls == IEEE_SNAN)
			env->flags |= IEEE_INVALID;
		return IEEE_UN;
	}
	int ord = order(&va, &vb);
	return ord < 0 ? IEEE_LT : ord == 0 ? IEEE_EQ : IEEE_GT;
}

uint64_t ieee_minmax(struct ieee_env *env, enum ieee_fmt f, enum ieee_minmax kind, uint64_t a,
		     uint64_t b)
{
	const uint64_t sign = ieee_sign_bit(f);
	bool is_max = kind == IEEE_MAX || kind == IEEE_MAXNUM;

	if (kind == IEEE_MAXNUM || kind == IEEE_MINNUM) {
		/* A lone quiet NaN loses to any number: make it the infinity that does. */
		uint64_t inf = ieee_pack(f, is_max, ieee_exp_max(f), 0);
		bool qa = ieee_is_nan(f, a) && !ieee_is_snan(f, a);
		bool qb = ieee_is_nan(f, b) && !ieee_is_snan(f, b);
		if (qa && !qb)
			a = inf;
		else if (qb && !qa)
			b = inf;
	}
	struct ieee_val va, vb;
	ieee_unpack(env, f, a, &va);
	ieee_unpack(env, f, b, &vb);
	uint64_t ops[2] = { a, b }, r;
	if (ieee_process_nans(env, f, ops, 2, &r))
		return r;
	if (va.cls == IEEE_ZERO && vb.cls == IEEE_ZERO) /* +0 beats -0 for max */
		return (is_max ? va.sign && vb.sign : va.sign || vb.sign) ? sign : 0;
	int ord = order(&va, &vb);
	bool take_a = is_max ? ord > 0 : ord < 0;
	/* A flushed denormal is returned as the zero it was taken for. */
	return take_a ? (va.cls == IEEE_ZERO ? a & sign : a) : (vb.cls == IEEE_ZERO ? b & sign : b);
}

/* ----------------------------------------------------------- conversions */

uint64_t ieee_convert(struct ieee_env *env, enum ieee_fmt from, enum ieee_fmt to, uint64_t a,
		      enum ieee_rounding rm)
{
	struct ieee_val v;

	switch (ieee_unpack(env, from, a, &v)) {
	case IEEE_QNAN:
	case IEEE_SNAN: {
		if (v.cls == IEEE_SNAN)
			env->flags |= IEEE_INVALID;
		if (env->default_nan)
			return ieee_default_nan(env, to);
		/* FPConvertNaN: keep the sign and the top of the payload (6.2.3). */
		int d = ieee_formats[to].fbits - ieee_formats[from].fbits;
		uint64_t frac = a & ieee_frac_mask(from);
		frac = d >= 0 ? frac << d : frac >> -d;
		return ieee_pack(to, v.sign, ieee_exp_max(to), frac | ieee_quiet_bit(to));
	}
	case IEEE_INF:
		return ieee_pack(to, v.sign, ieee_exp_max(to), 0);
	case IEEE_ZERO:
		return ieee_pack(to, v.sign, 0, 0);
	default:
		return ieee_round(env, to, v.sign, v.exp, v.mant, rm);
	}
}

/* A non-zero integer q < 2^(fbits + 1) as format f: exact. */
static uint64_t from_small_int(struct ieee_env *env, enum ieee_fmt f, bool sign, uint64_t q)
{
	int lz = __builtin_clzll(q);
	return ieee_round(env, f, sign, 63 - lz, q << lz, IEEE_RZ);
}

uint64_t ieee_round_int(struct ieee_env *env, enum ieee_fmt f, uint64_t a, enum ieee_rounding rm,
			bool exact)
{
	struct ieee_val v;
	switch (ieee_unpack(env, f, a, &v)) {
	case IEEE_QNAN:
	case IEEE_SNAN:
		return ieee_process_nan(env, f, a);
	case IEEE_ZERO:
		return a & ieee_sign_bit(f);
	case IEEE_INF:
		return a;
	default:
		break;
	}
	if (v.exp >= ieee_formats[f].fbits)
		return a; /* already integral */
	bool inexact;
	uint64_t q = shift_round(v.mant, v.exp < 0 ? 64 + (v.exp < -1) : (unsigned)(63 - v.exp),
				 v.sign, resolve(env, rm), &inexact);
	if (exact && inexact)
		env->flags |= IEEE_INEXACT;
	if (q == 0)
		return a & ieee_sign_bit(f);
	return from_small_int(env, f, v.sign, q);
}

uint64_t ieee_to_int(struct ieee_env *env, enum ieee_fmt f, uint64_t a, unsigned fbits,
		     bool is_unsigned, unsigned bits, enum ieee_rounding rm)
{
	struct ieee_val v;
	uint64_t max = is_unsigned ? ~0ull >> (64 - bits) : (1ull << (bits - 1)) - 1;
	uint64_t min = is_unsigned ? 0 : 1ull << (bits - 1); /* magnitude of the minimum */
	uint64_t mask = ~0ull >> (64 - bits);
	uint64_t q = 0;
	bool inexact = false, overflow = false;

	switch (ieee_unpack(env, f, a, &v)) {
	case IEEE_QNAN:
	case IEEE_SNAN:
		env->flags |= IEEE_INVALID;
		return 0;
	case IEEE_ZERO:
		return 0;
	case IEEE_INF:
		overflow = true;
		break;
	default: {
		int e = v.exp + (int)fbits;
		if (e >= 64) {
			overflow = true;
			break;
		}
		q = shift_round(v.mant, e < 0 ? 64 + (e < -1) : (unsigned)(63 - e), v.sign,
				resolve(env, rm), &inexact);
		break;
	}
	}
	if (overflow || (v.sign ? q > min : q > max)) {
		env->flags |= IEEE_INVALID;
		return (v.sign ? (is_unsigned ? 0 : -min) : max) & mask;
	}
	if (inexact)
		env->flags |= IEEE_INEXACT;
	return (v.sign ? -q : q) & mask;
}

/* -------------------------------------------------------- the host FPU */

/* `fn` alone in rounding mode `mode`, its flags in *flags. */
static uint64_t host_run(enum ieee_fmt f, ieee_host_fn *fn, unsigned op, uint64_t a, uint64_t b,
			 uint64_t c, enum ieee_rounding mode, unsigned *flags)
{
	ieee_host_csr_write(ieee_host_ctrl(mode));
	uint64_t r = fn(f, op, a, b, c);
	*flags = ieee_host_flags(ieee_host_csr_read());
	return r;
}

uint64_t ieee_host_arith(struct ieee_env *env, enum ieee_fmt f, ieee_host_fn *fn, unsigned op,
			 uint64_t a, uint64_t b, uint64_t c)
{
	const uint64_t sign = ieee_sign_bit(f), min_normal = ieee_min_normal(f);
	unsigned flags;
	uint64_t r = host_run(f, fn, op, a, b, c, env->mode, &flags);

	if (ieee_is_nan(f, r)) {
		env->flags |= flags;
		return ieee_default_nan(env, f);
	}
	uint64_t mag = r & ~sign;
	bool tiny;
	if (env->rules->tiny_before_rounding) {
		/*
		 * The host detects tininess after rounding (its UE is right
		 * for x86). Before rounding, an exact result below the normal
		 * range is tiny even when it rounds up to +-min normal: the op
		 * rounded toward zero tells.
		 */
		tiny = mag < min_normal && (mag != 0 || (flags & IEEE_INEXACT));
		if (mag == min_normal && (flags & IEEE_INEXACT)) {
			unsigned rz_flags;
			tiny = (host_run(f, fn, op, a, b, c, IEEE_RZ, &rz_flags) & ~sign) < min_normal;
		}
		if (tiny && (flags & IEEE_INEXACT))
			flags |= IEEE_UNDERFLOW;
	} else {
		tiny = (flags & IEEE_UNDERFLOW) || (mag != 0 && mag < min_normal);
	}
	if (tiny && env->flush_out) {
		r &= sign;
		flags = env->rules->flush_out_flags;
	}
	env->flags |= flags;
	return r;
}

/* ieee_host_from_int as an ieee_host_fn: a the integer, b the fraction bits. */
static uint64_t host_from_int(enum ieee_fmt f, unsigned is_unsigned, uint64_t a, uint64_t fbits,
			      uint64_t unused)
{
	return ieee_host_from_int(f, a, (unsigned)fbits, is_unsigned);
}

uint64_t ieee_from_int(struct ieee_env *env, enum ieee_fmt f, uint64_t a, unsigned fbits,
		       bool is_unsigned)
{
	return ieee_host_arith(env, f, host_from_int, is_unsigned, a, fbits, 0);
}
