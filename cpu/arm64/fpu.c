/*
 * AArch64 floating point in C: what the host FPU cannot do the Arm way.
 * The pseudo-code functions named in comments are those of the Arm ARM
 * (DDI 0487) chapter J1 "shared/functions/float".
 */
#include "cpu/arm64/fpu.h"

/* IEEE formats: total bits, exponent bits, fraction bits. */
struct fpu_format {
	uint8_t ebits, fbits;
	int16_t bias;
};

static const struct fpu_format fpu_formats[4] = {
	[FPU_H] = { 5, 10, 15 },
	[FPU_S] = { 8, 23, 127 },
	[FPU_D] = { 11, 52, 1023 },
};

static inline uint64_t fmt_sign(enum fpu_fmt f)
{
	return 1ull << (fpu_formats[f].ebits + fpu_formats[f].fbits);
}
static inline uint64_t fmt_frac_mask(enum fpu_fmt f)
{
	return (1ull << fpu_formats[f].fbits) - 1;
}
static inline unsigned fmt_exp_max(enum fpu_fmt f)
{
	return (1u << fpu_formats[f].ebits) - 1;
}
static inline unsigned fmt_exp(enum fpu_fmt f, uint64_t a)
{
	return (a >> fpu_formats[f].fbits) & fmt_exp_max(f);
}
static inline uint64_t fmt_quiet_bit(enum fpu_fmt f)
{
	return 1ull << (fpu_formats[f].fbits - 1);
}
static inline uint64_t fmt_pack(enum fpu_fmt f, bool sign, uint64_t exp, uint64_t frac)
{
	return (sign ? fmt_sign(f) : 0) | (exp << fpu_formats[f].fbits) | frac;
}

/* ------------------------------------------------------------- unpacking */

enum fpu_class { FPC_ZERO, FPC_NUM, FPC_INF, FPC_QNAN, FPC_SNAN };

/* An unpacked number: value = mant * 2^(exp - 63), mant normalised (bit 63 set). */
struct fpu_val {
	enum fpu_class cls;
	bool sign;
	int exp;
	uint64_t mant;
};

/* The half-precision alternative format (FPCR.AHP) has no infinities or NaNs. */
static inline bool fpu_ahp(const struct arm64_cpu *c, enum fpu_fmt f)
{
	return f == FPU_H && (c->fpcr & A64_FPCR_AHP);
}

/*
 * FPUnpackBase. Single and double denormals are flushed to zero when
 * FPCR.FZ is set (IDC); half precision is only converted, never flushed
 * (FPUnpackCV: FZ16 does not apply to conversions).
 */
static enum fpu_class fpu_unpack(struct arm64_cpu *c, enum fpu_fmt f, uint64_t a,
				 struct fpu_val *v)
{
	const struct fpu_format *ff = &fpu_formats[f];
	unsigned e = fmt_exp(f, a);
	uint64_t frac = a & fmt_frac_mask(f);

	v->sign = (a & fmt_sign(f)) != 0;
	v->exp = 0;
	v->mant = 0;
	if (e == 0) {
		if (frac == 0 || (f != FPU_H && (c->fpcr & A64_FPCR_FZ))) {
			if (frac)
				c->fpsr |= A64_FPSR_IDC;
			return v->cls = FPC_ZERO;
		}
		int lz = __builtin_clzll(frac);
		v->mant = frac << lz;
		v->exp = 1 - ff->bias - (lz - (63 - ff->fbits));
		return v->cls = FPC_NUM;
	}
	if (e == fmt_exp_max(f) && !fpu_ahp(c, f)) {
		if (frac == 0)
			return v->cls = FPC_INF;
		return v->cls = (frac & fmt_quiet_bit(f)) ? FPC_QNAN : FPC_SNAN;
	}
	v->mant = ((1ull << ff->fbits) | frac) << (63 - ff->fbits);
	v->exp = (int)e - ff->bias;
	return v->cls = FPC_NUM;
}

/* A denormal input under FPCR.FZ as a signed zero (IDC); others unchanged. */
static uint64_t fpu_flush_in(struct arm64_cpu *c, enum fpu_fmt f, uint64_t a)
{
	if ((c->fpcr & A64_FPCR_FZ) && fmt_exp(f, a) == 0 && (a & fmt_frac_mask(f))) {
		c->fpsr |= A64_FPSR_IDC;
		return a & fmt_sign(f);
	}
	return a;
}

static inline bool is_nan(enum fpu_fmt f, uint64_t a)
{
	return fmt_exp(f, a) == fmt_exp_max(f) && (a & fmt_frac_mask(f));
}
static inline bool is_snan(enum fpu_fmt f, uint64_t a)
{
	return is_nan(f, a) && !(a & fmt_quiet_bit(f));
}
static inline bool is_inf(enum fpu_fmt f, uint64_t a)
{
	return (a & ~fmt_sign(f)) == (uint64_t)fmt_exp_max(f) << fpu_formats[f].fbits;
}
static inline bool is_zero(enum fpu_fmt f, uint64_t a)
{
	return (a & ~fmt_sign(f)) == 0;
}

/* FPDefaultNaN: positive, quiet, zero payload. */
static inline uint64_t fpu_default_nan(enum fpu_fmt f)
{
	return fmt_pack(f, false, fmt_exp_max(f), fmt_quiet_bit(f));
}

/* FPProcessNaN: quiet a signalling NaN (IOC); FPCR.DN gives the default NaN. */
static uint64_t fpu_process_nan(struct arm64_cpu *c, enum fpu_fmt f, uint64_t a)
{
	if (is_snan(f, a))
		c->fpsr |= A64_FPSR_IOC;
	if (c->fpcr & A64_FPCR_DN)
		return fpu_default_nan(f);
	return a | fmt_quiet_bit(f);
}

/*
 * FPProcessNaNs/FPProcessNaNs3: the first signalling NaN in operand order,
 * else the first quiet NaN. Returns false when no operand is a NaN.
 */
static bool fpu_process_nans(struct arm64_cpu *c, enum fpu_fmt f, const uint64_t *ops, int n,
			     uint64_t *res)
{
	for (int i = 0; i < n; i++)
		if (is_snan(f, ops[i])) {
			*res = fpu_process_nan(c, f, ops[i]);
			return true;
		}
	for (int i = 0; i < n; i++)
		if (is_nan(f, ops[i])) {
			*res = fpu_process_nan(c, f, ops[i]);
			return true;
		}
	return false;
}

/* -------------------------------------------------------------- rounding */

static enum fpu_rounding fpu_resolve(const struct arm64_cpu *c, enum fpu_rounding rm)
{
	return rm == FPU_RFPCR ? (enum fpu_rounding)fpu_rmode(c) : rm;
}

/*
 * m >> shift rounded by `rm` for a value of sign `sign` (any shift). Sets
 * *inexact. FPU_RO is left to the caller (it only needs *inexact).
 */
static uint64_t fpu_shift_round(uint64_t m, unsigned shift, bool sign, enum fpu_rounding rm,
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
	case FPU_RN: up = cmp > 0 || (cmp == 0 && (q & 1)); break;
	case FPU_RA: up = cmp >= 0; break;
	case FPU_RP: up = !sign; break;
	case FPU_RM: up = sign; break;
	default: up = false; break;
	}
	return q + up;
}

/*
 * FPRoundBase: round sign * mant * 2^(exp - 63) (mant normalised, exact) to
 * format f. Underflow is detected before rounding, as Arm does; with `fz`
 * tiny results become zero with UFC alone.
 */
static uint64_t fpu_round(struct arm64_cpu *c, enum fpu_fmt f, bool sign, int exp, uint64_t mant,
			  enum fpu_rounding rm, bool fz)
{
	const struct fpu_format *ff = &fpu_formats[f];
	int biased = exp + ff->bias;
	unsigned shift = 63 - ff->fbits;
	bool inexact, ahp = fpu_ahp(c, f);

	if (biased < 1) {
		if (fz) {
			c->fpsr |= A64_FPSR_UFC;
			return fmt_pack(f, sign, 0, 0);
		}
		shift += 1 - biased;
		biased = 0;
	}
	uint64_t m = fpu_shift_round(mant, shift > 127 ? 127 : shift, sign, rm, &inexact);
	if (rm == FPU_RO && inexact)
		m |= 1;
	if (biased == 0) {
		if (inexact)
			c->fpsr |= A64_FPSR_UFC;
		biased = (int)(m >> ff->fbits); /* rounded up to the smallest normal */
	} else if (m >> (ff->fbits + 1)) {
		m >>= 1;
		biased++;
	}
	if (ahp) {
		if (biased > (int)fmt_exp_max(f)) {
			c->fpsr |= A64_FPSR_IOC;
			return fmt_pack(f, sign, fmt_exp_max(f), fmt_frac_mask(f));
		}
	} else if (biased >= (int)fmt_exp_max(f)) {
		bool to_inf = rm == FPU_RN || rm == FPU_RA || (rm == FPU_RP && !sign) ||
			      (rm == FPU_RM && sign);
		c->fpsr |= A64_FPSR_OFC | A64_FPSR_IXC;
		return to_inf ? fmt_pack(f, sign, fmt_exp_max(f), 0)
			      : fmt_pack(f, sign, fmt_exp_max(f) - 1, fmt_frac_mask(f));
	}
	if (inexact)
		c->fpsr |= A64_FPSR_IXC;
	return fmt_pack(f, sign, (uint64_t)biased, m & fmt_frac_mask(f));
}

/* ------------------------------------------------------------ arithmetic */

/* The host op alone, in rounding mode rm, its flags in *flags (as FPSR bits). */
static uint64_t fpu_host(enum fpu_fmt f, enum fpu_op op, uint64_t a, uint64_t b, uint64_t acc,
			 unsigned rm, uint32_t *flags)
{
	uint64_t res;
	fpu_csr_write(fpu_csr_ctrl(rm));
	if (f == FPU_S) {
		float x = fpu_f32((uint32_t)a), y = fpu_f32((uint32_t)b), z = fpu_f32((uint32_t)acc);
		FPU_BARRIER(x); FPU_BARRIER(y); FPU_BARRIER(z);
		float r = fpu_host_float(op, x, y, z);
		FPU_BARRIER(r);
		res = fpu_b32(r);
	} else {
		double x = fpu_f64(a), y = fpu_f64(b), z = fpu_f64(acc);
		FPU_BARRIER(x); FPU_BARRIER(y); FPU_BARRIER(z);
		double r = fpu_host_double(op, x, y, z);
		FPU_BARRIER(r);
		res = fpu_b64(r);
	}
	*flags = fpu_csr_flags(fpu_csr_read());
	return res;
}

/* The value 2.0 or 1.5 of format f: FPTwo, FPOnePointFive. */
static uint64_t fpu_const(enum fpu_fmt f, bool sign, unsigned exp_add, uint64_t frac_top)
{
	return fmt_pack(f, sign, (uint64_t)fpu_formats[f].bias + exp_add,
			frac_top << (fpu_formats[f].fbits - 1));
}

/*
 * One op with every Arm rule: FZ on inputs and outputs, NaN propagation
 * (FPProcessNaNs, FPMulAdd's invalid 0*inf+qNaN), the special cases of
 * FPMulX/FPRecipStepFused/FPRSqrtStepFused, underflow before rounding.
 */
static uint64_t fpu_arith(struct arm64_cpu *c, enum fpu_fmt f, enum fpu_op op, uint64_t a,
			  uint64_t b, uint64_t acc)
{
	const uint64_t sign = fmt_sign(f);
	const uint64_t min_normal = 1ull << fpu_formats[f].fbits;
	bool fz = c->fpcr & A64_FPCR_FZ;
	uint64_t r;

	a = fpu_flush_in(c, f, a);
	if (op != FPU_SQRT)
		b = fpu_flush_in(c, f, b);
	if (op == FPU_FMA)
		acc = fpu_flush_in(c, f, acc);
	if (op == FPU_RECPS || op == FPU_RSQRTS)
		a ^= sign; /* the step functions negate op1 before looking at NaNs */

	uint64_t ops[3] = { op == FPU_FMA ? acc : a, op == FPU_FMA ? a : b, b };
	int n = op == FPU_SQRT ? 1 : op == FPU_FMA ? 3 : 2;
	bool inf_times_zero = (is_inf(f, a) && is_zero(f, b)) || (is_zero(f, a) && is_inf(f, b));
	if (fpu_process_nans(c, f, ops, n, &r)) {
		if (op == FPU_FMA && inf_times_zero && !is_snan(f, acc)) {
			c->fpsr |= A64_FPSR_IOC;
			return fpu_default_nan(f);
		}
		return op == FPU_ABD ? r & ~sign : r;
	}
	if (inf_times_zero) {
		switch (op) {
		case FPU_MULX: return fpu_const(f, ((a ^ b) & sign) != 0, 1, 0);
		case FPU_RECPS: return fpu_const(f, false, 1, 0);
		case FPU_RSQRTS: return fpu_const(f, false, 0, 1);
		default: break;
		}
	}
	if (op == FPU_RECPS || op == FPU_RSQRTS)
		a ^= sign; /* the host formula negates it itself */

	uint32_t flags;
	unsigned rm = fpu_rmode(c);
	r = fpu_host(f, op, a, b, acc, rm, &flags);
	if (is_nan(f, r)) {
		c->fpsr |= flags;
		return fpu_default_nan(f); /* an invalid operation */
	}
	uint64_t mag = r & ~sign;
	bool tiny = mag < min_normal && (mag != 0 || (flags & A64_FPSR_IXC));
	if (mag == min_normal && (flags & A64_FPSR_IXC)) {
		uint32_t rz_flags;
		tiny = (fpu_host(f, op, a, b, acc, FPU_RZ, &rz_flags) & ~sign) < min_normal;
	}
	if (fz && tiny) {
		r &= sign;
		flags = A64_FPSR_UFC;
	} else if (tiny && (flags & A64_FPSR_IXC)) {
		flags |= A64_FPSR_UFC;
	}
	c->fpsr |= flags;
	return op == FPU_ABD ? r & ~sign : r;
}

uint32_t fpu_arith32(struct arm64_cpu *c, enum fpu_op op, uint32_t a, uint32_t b, uint32_t acc)
{
	return (uint32_t)fpu_arith(c, FPU_S, op, a, b, acc);
}

uint64_t fpu_arith64(struct arm64_cpu *c, enum fpu_op op, uint64_t a, uint64_t b, uint64_t acc)
{
	return fpu_arith(c, FPU_D, op, a, b, acc);
}

/* ------------------------------------------------------ compare, min/max */

/* Order of two unpacked non-NaN operands: -1, 0 (equal, incl. +0 == -0), 1. */
static int fpu_order(const struct fpu_val *x, const struct fpu_val *y)
{
	if (x->cls == FPC_ZERO && y->cls == FPC_ZERO)
		return 0;
	if (x->sign != y->sign)
		return x->sign ? -1 : 1;
	int mag; /* |x| against |y| */
	if (x->cls != y->cls)
		mag = x->cls == FPC_ZERO || y->cls == FPC_INF ? -1 : 1;
	else if (x->cls != FPC_NUM)
		mag = 0;
	else if (x->exp != y->exp)
		mag = x->exp < y->exp ? -1 : 1;
	else
		mag = x->mant < y->mant ? -1 : x->mant > y->mant;
	return x->sign ? -mag : mag;
}

uint64_t fpu_minmax(struct arm64_cpu *c, enum fpu_fmt f, enum fpu_minmax kind, uint64_t a,
		    uint64_t b)
{
	const uint64_t sign = fmt_sign(f);
	bool is_max = kind == FPU_MAX || kind == FPU_MAXNM;

	if (kind == FPU_MAXNM || kind == FPU_MINNM) {
		/* FPMaxNum/FPMinNum: a lone quiet NaN loses to a number. */
		uint64_t inf = fmt_pack(f, is_max, fmt_exp_max(f), 0);
		bool qa = is_nan(f, a) && !is_snan(f, a), qb = is_nan(f, b) && !is_snan(f, b);
		if (qa && !qb)
			a = inf;
		else if (qb && !qa)
			b = inf;
	}
	struct fpu_val va, vb;
	fpu_unpack(c, f, a, &va);
	fpu_unpack(c, f, b, &vb);
	uint64_t ops[2] = { a, b }, r;
	if (fpu_process_nans(c, f, ops, 2, &r))
		return r;
	if (va.cls == FPC_ZERO && vb.cls == FPC_ZERO) /* +0 beats -0 for max */
		return (is_max ? va.sign && vb.sign : va.sign || vb.sign) ? sign : 0;
	int ord = fpu_order(&va, &vb);
	bool take_a = is_max ? ord > 0 : ord < 0;
	/* A flushed denormal is returned as the zero it was taken for. */
	return take_a ? (va.cls == FPC_ZERO ? a & sign : a) : (vb.cls == FPC_ZERO ? b & sign : b);
}

uint32_t fpu_compare(struct arm64_cpu *c, enum fpu_fmt f, uint64_t a, uint64_t b,
		     bool signal_qnan)
{
	struct fpu_val va, vb;
	fpu_unpack(c, f, a, &va);
	fpu_unpack(c, f, b, &vb);
	if (va.cls >= FPC_QNAN || vb.cls >= FPC_QNAN) {
		if (signal_qnan || va.cls == FPC_SNAN || vb.cls == FPC_SNAN)
			c->fpsr |= A64_FPSR_IOC;
		return A64_C | A64_V;
	}
	int ord = fpu_order(&va, &vb);
	if (ord == 0)
		return A64_Z | A64_C;
	return ord < 0 ? A64_N : A64_C;
}

bool fpu_compare_cond(struct arm64_cpu *c, enum fpu_fmt f, enum fpu_cmp cond, uint64_t a,
		      uint64_t b)
{
	struct fpu_val va, vb;
	fpu_unpack(c, f, a, &va);
	fpu_unpack(c, f, b, &vb);
	if (va.cls >= FPC_QNAN || vb.cls >= FPC_QNAN) {
		/* FPCompareEQ signals only for signalling NaNs, GE/GT for all. */
		if (cond != FPU_EQ || va.cls == FPC_SNAN || vb.cls == FPC_SNAN)
			c->fpsr |= A64_FPSR_IOC;
		return false;
	}
	int ord = fpu_order(&va, &vb);
	switch (cond) {
	case FPU_EQ: return ord == 0;
	case FPU_GE: return ord >= 0;
	default: return ord > 0;
	}
}

/* ----------------------------------------------------------- conversions */

uint64_t fpu_convert(struct arm64_cpu *c, enum fpu_fmt from, enum fpu_fmt to, uint64_t a,
		     enum fpu_rounding rm)
{
	struct fpu_val v;
	bool alt_hp = fpu_ahp(c, to);

	switch (fpu_unpack(c, from, a, &v)) {
	case FPC_QNAN:
	case FPC_SNAN:
		if (v.cls == FPC_SNAN || alt_hp)
			c->fpsr |= A64_FPSR_IOC;
		if (alt_hp)
			return fmt_pack(to, v.sign, 0, 0);
		if (c->fpcr & A64_FPCR_DN)
			return fpu_default_nan(to);
		{
			/* FPConvertNaN: keep the sign and the top of the payload. */
			int d = fpu_formats[to].fbits - fpu_formats[from].fbits;
			uint64_t frac = a & fmt_frac_mask(from);
			frac = d >= 0 ? frac << d : frac >> -d;
			return fmt_pack(to, v.sign, fmt_exp_max(to), frac | fmt_quiet_bit(to));
		}
	case FPC_INF:
		if (alt_hp) {
			c->fpsr |= A64_FPSR_IOC;
			return fmt_pack(to, v.sign, fmt_exp_max(to), fmt_frac_mask(to));
		}
		return fmt_pack(to, v.sign, fmt_exp_max(to), 0);
	case FPC_ZERO:
		return fmt_pack(to, v.sign, 0, 0);
	default:
		/* FPRoundCV: FZ applies to single/double results, never to half. */
		return fpu_round(c, to, v.sign, v.exp, v.mant, fpu_resolve(c, rm),
				 to != FPU_H && (c->fpcr & A64_FPCR_FZ));
	}
}

/* A non-zero integer below 2^63 as format f (exact: callers keep it small enough). */
static uint64_t fpu_from_int_exact(struct arm64_cpu *c, enum fpu_fmt f, bool sign, uint64_t q)
{
	int lz = __builtin_clzll(q);
	return fpu_round(c, f, sign, 63 - lz, q << lz, FPU_RZ, false);
}

/* FPRoundInt. */
uint64_t fpu_round_int(struct arm64_cpu *c, enum fpu_fmt f, uint64_t a, enum fpu_rounding rm,
		       bool exact)
{
	struct fpu_val v;
	switch (fpu_unpack(c, f, a, &v)) {
	case FPC_QNAN:
	case FPC_SNAN:
		return fpu_process_nan(c, f, a);
	case FPC_ZERO:
		return a & fmt_sign(f);
	case FPC_INF:
		return a;
	default:
		break;
	}
	if (v.exp >= fpu_formats[f].fbits)
		return a; /* already integral */
	bool inexact;
	uint64_t q = fpu_shift_round(v.mant, v.exp < 0 ? 64 + (v.exp < -1) : (unsigned)(63 - v.exp),
				     v.sign, fpu_resolve(c, rm), &inexact);
	if (exact && inexact)
		c->fpsr |= A64_FPSR_IXC;
	if (q == 0)
		return a & fmt_sign(f);
	return fpu_from_int_exact(c, f, v.sign, q);
}

/* FPToFixed. */
uint64_t fpu_to_fixed(struct arm64_cpu *c, enum fpu_fmt f, uint64_t a, unsigned fbits,
		      bool is_unsigned, unsigned bits, enum fpu_rounding rm)
{
	struct fpu_val v;
	uint64_t max = is_unsigned ? ~0ull >> (64 - bits) : (1ull << (bits - 1)) - 1;
	uint64_t min = is_unsigned ? 0 : 1ull << (bits - 1); /* magnitude of the minimum */
	uint64_t mask = ~0ull >> (64 - bits);
	uint64_t q = 0;
	bool inexact = false, overflow = false;

	switch (fpu_unpack(c, f, a, &v)) {
	case FPC_QNAN:
	case FPC_SNAN:
		c->fpsr |= A64_FPSR_IOC;
		return 0;
	case FPC_ZERO:
		return 0;
	case FPC_INF:
		overflow = true;
		break;
	default: {
		int e = v.exp + (int)fbits;
		if (e >= 64) {
			overflow = true;
			break;
		}
		q = fpu_shift_round(v.mant, e < 0 ? 64 + (e < -1) : (unsigned)(63 - e), v.sign,
				    fpu_resolve(c, rm), &inexact);
		break;
	}
	}
	if (overflow || (v.sign ? q > min : q > max)) {
		c->fpsr |= A64_FPSR_IOC;
		return (v.sign ? (is_unsigned ? 0 : -min) : max) & mask;
	}
	if (inexact)
		c->fpsr |= A64_FPSR_IXC;
	return (v.sign ? -q : q) & mask;
}

/* int64/uint64 -> FP rounds once, and the scaling by 2^-fbits is exact. */
static inline uint64_t fpu_host_from_int(enum fpu_fmt f, uint64_t a, unsigned fbits,
					 bool is_unsigned)
{
	__asm__ volatile("" : "+r"(a));
	if (f == FPU_S) {
		float r = is_unsigned ? (float)a : (float)(int64_t)a;
		r *= fpu_f32((127u - fbits) << 23);
		FPU_BARRIER(r);
		return fpu_b32(r);
	}
	double r = is_unsigned ? (double)a : (double)(int64_t)a;
	r *= fpu_f64((uint64_t)(1023u - fbits) << 52);
	FPU_BARRIER(r);
	return fpu_b64(r);
}

/* FixedToFP on the host, redone with MXCSR set afresh when it cannot stand. */
uint64_t fpu_from_fixed(struct arm64_cpu *c, enum fpu_fmt f, uint64_t a, unsigned fbits,
			bool is_unsigned)
{
	uint64_t res = fpu_host_from_int(f, a, fbits, is_unsigned);
	if (likely(fpu_host_ok(c)))
		return res;
	fpu_csr_write(fpu_csr_ctrl(fpu_rmode(c)));
	res = fpu_host_from_int(f, a, fbits, is_unsigned);
	c->fpsr |= fpu_csr_flags(fpu_csr_read());
	return res;
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

/* The fraction of a finite non-zero operand as 52 bits, and its biased exponent. */
static uint64_t frac52(enum fpu_fmt f, uint64_t a)
{
	return (a & fmt_frac_mask(f)) << (52 - fpu_formats[f].fbits);
}

/* FPRecipEstimate. */
uint64_t fpu_recip_estimate(struct arm64_cpu *c, enum fpu_fmt f, uint64_t a)
{
	const struct fpu_format *ff = &fpu_formats[f];
	struct fpu_val v;
	switch (fpu_unpack(c, f, a, &v)) {
	case FPC_QNAN:
	case FPC_SNAN:
		return fpu_process_nan(c, f, a);
	case FPC_INF:
		return fmt_pack(f, v.sign, 0, 0);
	case FPC_ZERO:
		c->fpsr |= A64_FPSR_DZC;
		return fmt_pack(f, v.sign, fmt_exp_max(f), 0);
	default:
		break;
	}
	if (v.exp < -ff->bias - 1) { /* |x| < 2^-(bias+1): the reciprocal overflows */
		unsigned rm = fpu_rmode(c);
		bool to_inf = rm == FPU_RN || (rm == FPU_RP && !v.sign) || (rm == FPU_RM && v.sign);
		c->fpsr |= A64_FPSR_OFC | A64_FPSR_IXC;
		return to_inf ? fmt_pack(f, v.sign, fmt_exp_max(f), 0)
			      : fmt_pack(f, v.sign, fmt_exp_max(f) - 1, fmt_frac_mask(f));
	}
	if ((c->fpcr & A64_FPCR_FZ) && v.exp >= ff->bias - 1) {
		c->fpsr |= A64_FPSR_UFC;
		return fmt_pack(f, v.sign, 0, 0);
	}
	uint64_t frac = frac52(f, a);
	int exp = (int)fmt_exp(f, a);
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
	return fmt_pack(f, v.sign, (uint64_t)result_exp, frac >> (52 - ff->fbits));
}

/* FPRSqrtEstimate. */
uint64_t fpu_rsqrt_estimate(struct arm64_cpu *c, enum fpu_fmt f, uint64_t a)
{
	const struct fpu_format *ff = &fpu_formats[f];
	struct fpu_val v;
	switch (fpu_unpack(c, f, a, &v)) {
	case FPC_QNAN:
	case FPC_SNAN:
		return fpu_process_nan(c, f, a);
	case FPC_ZERO:
		c->fpsr |= A64_FPSR_DZC;
		return fmt_pack(f, v.sign, fmt_exp_max(f), 0);
	default:
		break;
	}
	if (v.sign) {
		c->fpsr |= A64_FPSR_IOC;
		return fpu_default_nan(f);
	}
	if (v.cls == FPC_INF)
		return 0;
	uint64_t frac = frac52(f, a);
	int exp = (int)fmt_exp(f, a);
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
	return fmt_pack(f, false, (uint64_t)result_exp, (est & 0xff) << (ff->fbits - 8));
}

/* FPRecpX. */
uint64_t fpu_recpx(struct arm64_cpu *c, enum fpu_fmt f, uint64_t a)
{
	struct fpu_val v;
	enum fpu_class cls = fpu_unpack(c, f, a, &v);
	if (cls == FPC_QNAN || cls == FPC_SNAN)
		return fpu_process_nan(c, f, a);
	unsigned exp = fmt_exp(f, a);
	if (exp == 0)
		return fmt_pack(f, v.sign, fmt_exp_max(f) - 1, 0);
	return fmt_pack(f, v.sign, ~exp & fmt_exp_max(f), 0);
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
uint64_t fpu_expand_imm(enum fpu_fmt f, uint8_t imm8)
{
	const struct fpu_format *ff = &fpu_formats[f];
	unsigned b6 = (imm8 >> 6) & 1;
	uint64_t exp = ((uint64_t)(!b6) << (ff->ebits - 1)) |
		       ((b6 ? (1ull << (ff->ebits - 3)) - 1 : 0) << 2) | ((imm8 >> 4) & 3);
	return fmt_pack(f, imm8 >> 7, exp, (uint64_t)(imm8 & 15) << (ff->fbits - 4));
}
