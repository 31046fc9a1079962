/*
 * LoongArch LSX floating point ("LoongArch Reference Manual, Volume 2:
 * Advanced SIMD", LSX v1.00, cited as LSX with the instruction's name):
 * the handlers; the rows come from la_vfp.decode.
 *
 * A vector instruction is its scalar operation on every lane under FCSR0
 * (fpu.h): one environment for all lanes, whose flags accumulate, so
 * Cause is what any lane raised; the result is built aside and written
 * only if no enabled exception traps (FPE with EsubCode VFPE), so a
 * trapping instruction leaves vd as it was. Every lane is computed before
 * the trap is decided, as the manual's per-instruction operation is.
 *
 * The IEEE 754 arithmetic is the engine's (cpu/core/ieee.h), with
 * LoongArch's rules: sums, products, quotients, square roots and fused
 * multiply-adds on the host through ieee_host_arith, NaN operands first
 * (ieee_process_nans, fa before fj and fk in the fused forms). Where the
 * manual says less than an implementation must decide, hvsim does what
 * QEMU does, so differential runs agree: VFRSQRT rounds the square root
 * and then its reciprocal, VFLOGB is log2 rounded down (a negative operand
 * is invalid), a fused multiply-add of 0 * inf and a quiet NaN is invalid
 * and returns that NaN, the negated fused forms negate before rounding
 * (and not a NaN), VFCLASS leaves FCSR0 alone.
 *
 * Operand slots: r[0] vd, r[1] vj, r[2] vk, r[3] va; imm the rounding
 * mode, the negations, the min/max kind or VFCMP's condition; f[0] the
 * first lane of vj a widening reads.
 */
#include "cpu/loongarch/fpu.h"
#include "cpu/loongarch/la_print.h"

#define INLINE static inline __attribute__((always_inline))
#define HANDLER(name) static int name(struct core_vcpu *v, const struct core_op *op)

/* VFMADD's handler, imm: what VFMSUB, VFNMADD and VFNMSUB negate. */
enum { LA_FMA_NEG_ADDEND = 1, LA_FMA_NEG_RESULT = 2 };
/* The min/max handler's kinds, imm: enum ieee_minmax's, and by magnitude. */
enum { LA_MAXA = IEEE_MINNUM + 1, LA_MINA };

/* ---------------------------------------------------------------- lanes */

/* Lane i of r, lanes of 2^f bytes (enum ieee_fmt is log2 of the size: H, S, D; W, L too). */
INLINE uint64_t lane(const la_vreg *r, enum ieee_fmt f, unsigned i)
{
	return f == IEEE_D ? r->d[i] : f == IEEE_S ? r->w[i] : r->h[i];
}

INLINE void set_lane(la_vreg *r, enum ieee_fmt f, unsigned i, uint64_t x)
{
	if (f == IEEE_D)
		r->d[i] = x;
	else if (f == IEEE_S)
		r->w[i] = (uint32_t)x;
	else
		r->h[i] = (uint16_t)x;
}

/*
 * The source of result lane i when lanes change width: a widening reads
 * half of vj from lane f0; a narrowing takes vk's lanes into the low half
 * of the result and vj's into the high half.
 */
INLINE uint64_t source_lane(const struct la_cpu *c, const struct core_op *op, enum ieee_fmt from,
			    enum ieee_fmt to, unsigned i)
{
	unsigned half = (16u >> to) / 2;
	if (from < to)
		return lane(&c->vr[op->r[1]], from, op->f[0] + i);
	if (from > to)
		return i < half ? lane(&c->vr[op->r[2]], from, i) : lane(&c->vr[op->r[1]], from, i - half);
	return lane(&c->vr[op->r[1]], from, i);
}

/* The end of an instruction: Cause, Flags, the trap; vd = r if it does not trap. */
static int vfp_finish(struct la_cpu *c, const struct core_op *op, const struct ieee_env *env,
		      const la_vreg *r)
{
	int status = la_fpu_finish(c, op, env, LA_FPE_VECTOR);
	if (status == CORE_OK)
		c->vr[op->r[0]] = *r;
	return status;
}

/*
 * vd = EXPR lane by lane, lanes of format FROM in, TO out, on one
 * environment `env`: from and to the formats, x the source lane
 * (source_lane), and when the widths agree b and acc vk's and va's lanes.
 */
#define VFP(NAME, FROM, TO, EXPR)                                             \
	HANDLER(NAME)                                                         \
	{                                                                     \
		struct la_cpu *c = la(v);                                     \
		const enum ieee_fmt from = FROM, to = TO;                     \
		struct ieee_env env = la_fpu_env(c);                          \
		la_vreg r;                                                    \
		(void)from;                                                   \
		(void)to;                                                     \
		for (unsigned i = 0; i < 16u >> (TO); i++) {                  \
			uint64_t x = source_lane(c, op, FROM, TO, i);         \
			uint64_t b = FROM == TO ? lane(&c->vr[op->r[2]], FROM, i) : 0; \
			uint64_t acc = FROM == TO ? lane(&c->vr[op->r[3]], FROM, i) : 0; \
			(void)b;                                              \
			(void)acc;                                            \
			set_lane(&r, TO, i, (EXPR));                          \
		}                                                             \
		return vfp_finish(c, op, &env, &r);                           \
	}
/* The single- and double-precision forms. */
#define VFP_SD(NAME, EXPR)                                                    \
	VFP(NAME##_s, IEEE_S, IEEE_S, EXPR)                                   \
	VFP(NAME##_d, IEEE_D, IEEE_D, EXPR)

/* ----------------------------------------------------------- arithmetic */

/* The operations computed on the host (ieee_host_arith). */
enum vfp_op { VFP_ADD, VFP_SUB, VFP_MUL, VFP_DIV, VFP_SQRT, VFP_RECIP, VFP_RSQRT, VFP_FMA };

/*
 * The host's computation of `op` in MXCSR's mode. The fused forms get
 * their negations in `neg` (LA_FMA_*): the result's is applied before
 * rounding, -(vj * vk + va) rounded, by negating the product and the
 * addend, except for an exact zero, which is the zero of vj * vk + va
 * negated (+0 + -0 is +0, and its negation -0, in every mode but RM).
 */
#define VFP_HOST(T, FMA, SQRT)                                                \
	INLINE T vfp_host_##T(enum vfp_op op, unsigned neg, T a, T b, T acc)  \
	{                                                                     \
		switch (op) {                                                 \
		case VFP_ADD: return a + b;                                   \
		case VFP_SUB: return a - b;                                   \
		case VFP_MUL: return a * b;                                   \
		case VFP_DIV: return a / b;                                   \
		case VFP_SQRT: return SQRT(a);                                \
		case VFP_RECIP: return 1 / a;                                 \
		case VFP_RSQRT: {                                             \
			T s = SQRT(a);                                        \
			IEEE_HOST_BARRIER(s);                                 \
			return 1 / s;                                         \
		}                                                             \
		case VFP_FMA:                                                 \
			break;                                                \
		}                                                             \
		if (neg & LA_FMA_NEG_ADDEND)                                  \
			acc = -acc;                                           \
		if (!(neg & LA_FMA_NEG_RESULT))                               \
			return FMA(a, b, acc);                                \
		T r = FMA(-a, b, -acc);                                       \
		IEEE_HOST_BARRIER(r);                                         \
		return r != 0 ? r : -FMA(a, b, acc);                          \
	}
VFP_HOST(float, __builtin_fmaf, __builtin_sqrtf)
VFP_HOST(double, __builtin_fma, __builtin_sqrt)
#undef VFP_HOST

/* vfp_host_float/double as an ieee_host_fn: `op` carries the negations above bit 3. */
static uint64_t vfp_host(enum ieee_fmt f, unsigned op, uint64_t a, uint64_t b, uint64_t acc)
{
	enum vfp_op o = (enum vfp_op)(op & 7);
	if (f == IEEE_S) {
		float x = ieee_f32((uint32_t)a), y = ieee_f32((uint32_t)b), z = ieee_f32((uint32_t)acc);
		IEEE_HOST_BARRIER(x); IEEE_HOST_BARRIER(y); IEEE_HOST_BARRIER(z);
		float r = vfp_host_float(o, op >> 3, x, y, z);
		IEEE_HOST_BARRIER(r);
		return ieee_b32(r);
	}
	double x = ieee_f64(a), y = ieee_f64(b), z = ieee_f64(acc);
	IEEE_HOST_BARRIER(x); IEEE_HOST_BARRIER(y); IEEE_HOST_BARRIER(z);
	double r = vfp_host_double(o, op >> 3, x, y, z);
	IEEE_HOST_BARRIER(r);
	return ieee_b64(r);
}

/*
 * One lane of an arithmetic operation: NaN operands give a NaN by the
 * rules (the fused forms look at fa first, as QEMU's LoongArch does), the
 * rest is the host's. 0 * inf + a quiet NaN is invalid and returns the NaN.
 */
static uint64_t vfp_arith(struct ieee_env *env, enum ieee_fmt f, enum vfp_op op, unsigned neg,
			  uint64_t a, uint64_t b, uint64_t acc)
{
	uint64_t ops[3] = { a, b }, r;
	int n = op == VFP_SQRT || op == VFP_RECIP || op == VFP_RSQRT ? 1 : 2;

	if (op == VFP_FMA) {
		ops[0] = acc, ops[1] = a, ops[2] = b, n = 3;
		if ((ieee_is_inf(f, a) && ieee_is_zero(f, b)) || (ieee_is_zero(f, a) && ieee_is_inf(f, b)))
			env->flags |= IEEE_INVALID;
	}
	if (ieee_process_nans(env, f, ops, n, &r))
		return r;
	return ieee_host_arith(env, f, vfp_host, op | neg << 3, a, b, acc);
}

VFP_SD(h_vfadd, vfp_arith(&env, from, VFP_ADD, 0, x, b, 0))
VFP_SD(h_vfsub, vfp_arith(&env, from, VFP_SUB, 0, x, b, 0))
VFP_SD(h_vfmul, vfp_arith(&env, from, VFP_MUL, 0, x, b, 0))
VFP_SD(h_vfdiv, vfp_arith(&env, from, VFP_DIV, 0, x, b, 0))
VFP_SD(h_vfsqrt, vfp_arith(&env, from, VFP_SQRT, 0, x, 0, 0))
VFP_SD(h_vfrecip, vfp_arith(&env, from, VFP_RECIP, 0, x, 0, 0))
VFP_SD(h_vfrsqrt, vfp_arith(&env, from, VFP_RSQRT, 0, x, 0, 0))
VFP_SD(h_vfmadd, vfp_arith(&env, from, VFP_FMA, (unsigned)op->imm, x, b, acc))

/* ----------------------------------------------- min, max, logb, class */

/*
 * VFMAX, VFMIN: maxNum, minNum (IEEE 754-2008 5.3.1); VFMAXA, VFMINA: the
 * operand of the larger or smaller magnitude, and between equal
 * magnitudes maxNum's or minNum's choice (+x over -x for VFMAXA).
 */
static uint64_t vfp_minmax(struct ieee_env *env, enum ieee_fmt f, unsigned kind, uint64_t a,
			   uint64_t b)
{
	if (kind >= LA_MAXA) {
		uint64_t ma = a & ~ieee_sign_bit(f), mb = b & ~ieee_sign_bit(f);
		bool max = kind == LA_MAXA;
		if (!ieee_is_nan(f, a) && !ieee_is_nan(f, b) && ma != mb)
			return (ma > mb) == max ? a : b;
		kind = max ? IEEE_MAXNUM : IEEE_MINNUM;
	}
	return ieee_minmax(env, f, (enum ieee_minmax)kind, a, b);
}

VFP_SD(h_vfminmax, vfp_minmax(&env, from, (unsigned)op->imm, x, b))

/*
 * VFLOGB: the exponent of vj as a floating-point integer, log2(vj) rounded
 * down: +-0 gives -inf (division by zero), +inf +inf, a NaN itself, and a
 * negative number is invalid.
 */
static uint64_t vfp_logb(struct ieee_env *env, enum ieee_fmt f, uint64_t a)
{
	struct ieee_val v;
	if (ieee_is_nan(f, a))
		return ieee_process_nan(env, f, a);
	if (ieee_is_zero(f, a)) {
		env->flags |= IEEE_DIVZERO;
		return ieee_pack(f, true, ieee_exp_max(f), 0);
	}
	if (a & ieee_sign_bit(f)) {
		env->flags |= IEEE_INVALID;
		return ieee_default_nan(env, f);
	}
	if (ieee_unpack(env, f, a, &v) == IEEE_INF)
		return a;
	/* |exp| < 2^11: exact in S and D. */
	return ieee_from_int(env, f, (uint64_t)(int64_t)v.exp, 0, false);
}

VFP_SD(h_vflogb, vfp_logb(&env, from, x))

/*
 * VFCLASS (as FCLASS): one bit of the lane's class: sNaN, qNaN, then -inf,
 * -normal, -subnormal, -0, and the same for + from bit 6. It raises
 * nothing and, as in QEMU, leaves FCSR0 alone.
 */
static uint64_t vfp_class(enum ieee_fmt f, uint64_t a)
{
	if (ieee_is_nan(f, a))
		return ieee_is_snan(f, a) ? 1 : 2;
	unsigned base = a & ieee_sign_bit(f) ? 2 : 6;
	if (ieee_is_inf(f, a))
		return 1u << base;
	if (ieee_is_zero(f, a))
		return 1u << (base + 3);
	return 1u << (base + (ieee_exp(f, a) == 0 ? 2 : 1));
}

#define VFCLASS(NAME, F)                                                      \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr, r;                                   \
		for (unsigned i = 0; i < 16u >> (F); i++)                     \
			set_lane(&r, F, i, vfp_class(F, lane(&vr[op->r[1]], F, i))); \
		vr[op->r[0]] = r;                                             \
		return CORE_OK;                                               \
	}
VFCLASS(h_vfclass_s, IEEE_S)
VFCLASS(h_vfclass_d, IEEE_D)

/* ---------------------------------------------------------- conversions */

/* VFCVTL/H (widening, f0: the half), VFCVT.H.S, VFCVT.S.D (narrowing): FCSR0's rounding. */
VFP(h_vfcvt_s_h, IEEE_H, IEEE_S, ieee_convert(&env, IEEE_H, IEEE_S, x, IEEE_RDYN))
VFP(h_vfcvt_d_s, IEEE_S, IEEE_D, ieee_convert(&env, IEEE_S, IEEE_D, x, IEEE_RDYN))
VFP(h_vfcvt_h_s, IEEE_S, IEEE_H, ieee_convert(&env, IEEE_S, IEEE_H, x, IEEE_RDYN))
VFP(h_vfcvt_s_d, IEEE_D, IEEE_S, ieee_convert(&env, IEEE_D, IEEE_S, x, IEEE_RDYN))

/* VFRINT*: roundToIntegralExact in the row's mode (imm), inexact when it rounds. */
VFP_SD(h_vfrint, ieee_round_int(&env, from, x, (enum ieee_rounding)op->imm, true))

/*
 * VFTINT*: convertToInteger in the row's mode (imm), of the lane's width
 * (W, L), half of it (W.D) or twice (L.S): out of range saturates and a
 * NaN gives 0, both invalid.
 */
#define TO_INT(U) ieee_to_int(&env, from, x, 0, U, 8u << to, (enum ieee_rounding)op->imm)
VFP(h_vftint_w_s, IEEE_S, IEEE_S, TO_INT(false))
VFP(h_vftint_l_d, IEEE_D, IEEE_D, TO_INT(false))
VFP(h_vftint_wu_s, IEEE_S, IEEE_S, TO_INT(true))
VFP(h_vftint_lu_d, IEEE_D, IEEE_D, TO_INT(true))
VFP(h_vftint_w_d, IEEE_D, IEEE_S, TO_INT(false))
VFP(h_vftint_l_s, IEEE_S, IEEE_D, TO_INT(false))
#undef TO_INT

/* VFFINT*: convertFromInt in FCSR0's mode, signed lanes sign-extended. */
#define SEXT32(x) ((uint64_t)(int64_t)(int32_t)(x))
VFP(h_vffint_s_w, IEEE_S, IEEE_S, ieee_from_int(&env, IEEE_S, SEXT32(x), 0, false))
VFP(h_vffint_s_wu, IEEE_S, IEEE_S, ieee_from_int(&env, IEEE_S, x, 0, true))
VFP(h_vffint_d_l, IEEE_D, IEEE_D, ieee_from_int(&env, IEEE_D, x, 0, false))
VFP(h_vffint_d_lu, IEEE_D, IEEE_D, ieee_from_int(&env, IEEE_D, x, 0, true))
VFP(h_vffint_d_w, IEEE_S, IEEE_D, ieee_from_int(&env, IEEE_D, SEXT32(x), 0, false))
VFP(h_vffint_s_l, IEEE_D, IEEE_S, ieee_from_int(&env, IEEE_S, x, 0, false))
#undef SEXT32

/* ------------------------------------------------------------- compares */

/*
 * VFCMP.cond (as FCMP.cond): cond bit 0 makes a quiet NaN signal too;
 * bits 4:1 are the relations that make it true: LT, EQ, UN, and LT or GT.
 */
static uint64_t vfp_cmp(struct ieee_env *env, enum ieee_fmt f, unsigned cond, uint64_t a,
			uint64_t b)
{
	static const uint8_t holds[4] = {
		[IEEE_LT] = 1 << 1 | 1 << 4, [IEEE_EQ] = 1 << 2, [IEEE_UN] = 1 << 3, [IEEE_GT] = 1 << 4,
	};
	return cond & holds[ieee_compare(env, f, a, b, cond & 1)] ? ~0ull : 0;
}

VFP_SD(h_vfcmp, vfp_cmp(&env, from, (unsigned)op->imm, x, b))

#include "cpu/loongarch/la_vfp_decode.inc"

const struct la_table la_table_vfp = {
	la_vfp_rows, sizeof(la_vfp_rows) / sizeof(la_vfp_rows[0]), la_vfp_disasm,
};
