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
 * Each lane is the scalar instruction's element operation (fpu.h: the
 * arithmetic, min/max, logb, class, compare, which FADD ... FCMP use too)
 * or the engine's (cpu/core/ieee.h: conversions, rounding to integral).
 *
 * Operand slots: r[0] vd, r[1] vj, r[2] vk, r[3] va; imm the operation
 * (enum la_fop, la_fminmax), the rounding mode or VFCMP's condition; f[0]
 * the first lane of vj a widening reads.
 */
#include "cpu/loongarch/fpu.h"
#include "cpu/loongarch/la_print.h"

#define INLINE static inline __attribute__((always_inline))
#define HANDLER(name) CORE_HANDLER(name)

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

/* ------------------------------------------- the element operations */

/* The arithmetic (imm: enum la_fop): VFADD ... VFDIV, VFSQRT, VFRECIP, VFRSQRT, the fused forms. */
VFP_SD(h_vfarith, la_fpu_arith(&env, from, (enum la_fop)op->imm, x, b, acc))
/* VFMAX, VFMIN, VFMAXA, VFMINA (imm: enum la_fminmax). */
VFP_SD(h_vfminmax, la_fpu_minmax(&env, from, (enum la_fminmax)op->imm, x, b))
VFP_SD(h_vflogb, la_fpu_logb(&env, from, x))

/* VFCLASS (as FCLASS) raises nothing and, as in QEMU, leaves FCSR0 alone. */
#define VFCLASS(NAME, F)                                                      \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr, r;                                   \
		for (unsigned i = 0; i < 16u >> (F); i++)                     \
			set_lane(&r, F, i, la_fpu_class(F, lane(&vr[op->r[1]], F, i))); \
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

/* VFCMP.cond (as FCMP.cond, imm): all ones where it holds. */
VFP_SD(h_vfcmp, la_fpu_compare(&env, from, (unsigned)op->imm, x, b) ? ~0ull : 0)

#include "cpu/loongarch/la_vfp_decode.inc"

const struct la_table la_table_vfp = {
	la_vfp_rows, sizeof(la_vfp_rows) / sizeof(la_vfp_rows[0]), la_vfp_disasm,
};
