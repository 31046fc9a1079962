/*
 * A64 scalar floating point (Arm ARM C4.1.6, "Data Processing -- Scalar
 * Floating-Point and Advanced SIMD": the floating-point data-processing,
 * compare, conditional, immediate and conversion groups).
 *
 * Single and double precision handlers are separate rows (the ftype field
 * is part of each pattern); ftype 10 and the half-precision arithmetic of
 * FEAT_FP16 match no row and are UNDEFINED. Half precision exists only as a
 * conversion format (FCVT).
 *
 * Operand fields: r[0] Rd, r[1] Rn, r[2] Rm, r[3] Ra; f[0] condition or
 * format, f[1] rounding mode / flags, f[2] fraction bits.
 */
#include "cpu/arm64/fpu.h"

/* ------------------------------------------------------------ decoders */

static bool dec_dnm(uint32_t insn, struct core_op *op)
{
	op->r[0] = (uint8_t)a64_bits(insn, 0, 5);
	op->r[1] = (uint8_t)a64_bits(insn, 5, 5);
	op->r[2] = (uint8_t)a64_bits(insn, 16, 5);
	op->r[3] = (uint8_t)a64_bits(insn, 10, 5);
	op->f[0] = (uint8_t)a64_bits(insn, 12, 4); /* cond for FCCMP/FCSEL */
	op->f[1] = (uint8_t)a64_bits(insn, 0, 4);  /* nzcv for FCCMP */
	return true;
}

/* FRINT*: the rounding mode from opcode<2:0> (C7.2 FRINT<r>). */
static bool dec_frint(uint32_t insn, struct core_op *op)
{
	static const uint8_t rm[8] = { IEEE_RN, IEEE_RP, IEEE_RM, IEEE_RZ, IEEE_RA, 0, IEEE_RDYN,
				       IEEE_RDYN };
	unsigned o = a64_bits(insn, 15, 3);
	dec_dnm(insn, op);
	op->f[1] = rm[o];
	op->f[2] = o == 6; /* FRINTX signals inexact */
	return true;
}

/* FCVT (between precisions): from ftype, to opc. */
static bool dec_fcvt(uint32_t insn, struct core_op *op)
{
	static const uint8_t fmt[4] = { IEEE_S, IEEE_D, 0, IEEE_H };
	dec_dnm(insn, op);
	op->f[0] = fmt[a64_bits(insn, 22, 2)];
	op->f[1] = fmt[a64_bits(insn, 15, 2)];
	return true;
}

static bool dec_fmov_imm(uint32_t insn, struct core_op *op)
{
	op->r[0] = (uint8_t)a64_bits(insn, 0, 5);
	op->imm = fpu_expand_imm(a64_bits(insn, 22, 2) ? IEEE_D : IEEE_S,
				 (uint8_t)a64_bits(insn, 13, 8));
	return true;
}

/*
 * FP <-> integer: rounding from rmode (or ties-away for FCVTA*), the
 * general register as XZR for 31, fraction bits for the fixed-point forms.
 */
static bool dec_cvt_common(uint32_t insn, struct core_op *op, bool to_int)
{
	static const uint8_t rmode[4] = { IEEE_RN, IEEE_RP, IEEE_RM, IEEE_RZ };
	op->r[0] = to_int ? a64_dst_zr(a64_bits(insn, 0, 5)) : (uint8_t)a64_bits(insn, 0, 5);
	op->r[1] = to_int ? (uint8_t)a64_bits(insn, 5, 5) : a64_reg_zr(a64_bits(insn, 5, 5));
	op->f[0] = a64_bits(insn, 22, 2) ? IEEE_D : IEEE_S;
	op->f[1] = a64_bits(insn, 18, 1) ? IEEE_RA : rmode[a64_bits(insn, 19, 2)];
	op->f[2] = 0;
	op->f[3] = (uint8_t)(a64_bits(insn, 16, 1) | (a64_bits(insn, 31, 1) << 1)); /* U, sf */
	return true;
}

static bool dec_cvt_to_int(uint32_t insn, struct core_op *op)
{
	return dec_cvt_common(insn, op, true);
}

static bool dec_cvt_from_int(uint32_t insn, struct core_op *op)
{
	return dec_cvt_common(insn, op, false);
}

/* Fixed point: fbits = 64 - scale; a 32-bit integer allows at most 32. */
static bool dec_fixed_to_int(uint32_t insn, struct core_op *op)
{
	dec_cvt_common(insn, op, true);
	op->f[2] = (uint8_t)(64 - a64_bits(insn, 10, 6));
	return a64_bits(insn, 31, 1) || a64_bits(insn, 15, 1);
}

static bool dec_fixed_from_int(uint32_t insn, struct core_op *op)
{
	dec_cvt_common(insn, op, false);
	op->f[2] = (uint8_t)(64 - a64_bits(insn, 10, 6));
	return a64_bits(insn, 31, 1) || a64_bits(insn, 15, 1);
}

static bool dec_fmov_gen_to(uint32_t insn, struct core_op *op) /* FMOV Wd/Xd, Vn */
{
	op->r[0] = a64_dst_zr(a64_bits(insn, 0, 5));
	op->r[1] = (uint8_t)a64_bits(insn, 5, 5);
	return true;
}

static bool dec_fmov_gen_from(uint32_t insn, struct core_op *op) /* FMOV Vd, Wn/Xn */
{
	op->r[0] = (uint8_t)a64_bits(insn, 0, 5);
	op->r[1] = a64_reg_zr(a64_bits(insn, 5, 5));
	return true;
}

/* ------------------------------------------------------------ handlers */

#define VS(c, r) ((c)->v[r].s[0])
#define VD(c, r) ((c)->v[r].d[0])

/* C7.2 FADD, FSUB, FMUL, FDIV, FSQRT (scalar): the fpu fast path. */
#define FP_ARITH(NAME, OP)                                                           \
	CORE_HANDLER(NAME##_s)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		fpu_vset(c, op->r[0], fpu_op32(c, OP, VS(c, op->r[1]), VS(c, op->r[2]), 0)); \
		return CORE_OK;                                                      \
	}                                                                            \
	CORE_HANDLER(NAME##_d)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		fpu_vset(c, op->r[0], fpu_op64(c, OP, VD(c, op->r[1]), VD(c, op->r[2]), 0)); \
		return CORE_OK;                                                      \
	}
FP_ARITH(h_fadd, FPU_ADD)
FP_ARITH(h_fsub, FPU_SUB)
FP_ARITH(h_fmul, FPU_MUL)
FP_ARITH(h_fdiv, FPU_DIV)
FP_ARITH(h_fsqrt, FPU_SQRT)
#undef FP_ARITH

/* C7.2 FNMUL: FPNeg(FPMul()), a NaN result negated too. */
CORE_HANDLER(h_fnmul_s)
{
	struct arm64_cpu *c = a64(v);
	uint32_t r = fpu_op32(c, FPU_MUL, VS(c, op->r[1]), VS(c, op->r[2]), 0);
	fpu_vset(c, op->r[0], r ^ 0x80000000u);
	return CORE_OK;
}

CORE_HANDLER(h_fnmul_d)
{
	struct arm64_cpu *c = a64(v);
	uint64_t r = fpu_op64(c, FPU_MUL, VD(c, op->r[1]), VD(c, op->r[2]), 0);
	fpu_vset(c, op->r[0], r ^ (1ull << 63));
	return CORE_OK;
}

/*
 * C7.2 FMADD, FMSUB, FNMADD, FNMSUB: FPMulAdd with the addend and/or the
 * first multiplicand negated first (NaN operands' signs included).
 */
#define FP_FMA(NAME, NEG_A, NEG_N)                                                   \
	CORE_HANDLER(NAME##_s)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		uint32_t n = VS(c, op->r[1]) ^ (NEG_N ? 0x80000000u : 0);            \
		uint32_t a = VS(c, op->r[3]) ^ (NEG_A ? 0x80000000u : 0);            \
		fpu_vset(c, op->r[0], fpu_op32(c, FPU_FMA, n, VS(c, op->r[2]), a));  \
		return CORE_OK;                                                      \
	}                                                                            \
	CORE_HANDLER(NAME##_d)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		uint64_t n = VD(c, op->r[1]) ^ (NEG_N ? 1ull << 63 : 0);             \
		uint64_t a = VD(c, op->r[3]) ^ (NEG_A ? 1ull << 63 : 0);             \
		fpu_vset(c, op->r[0], fpu_op64(c, FPU_FMA, n, VD(c, op->r[2]), a));  \
		return CORE_OK;                                                      \
	}
FP_FMA(h_fmadd, 0, 0)
FP_FMA(h_fmsub, 0, 1)
FP_FMA(h_fnmadd, 1, 1)
FP_FMA(h_fnmsub, 1, 0)
#undef FP_FMA

/* C7.2 FMAX, FMIN, FMAXNM, FMINNM (scalar). */
#define FP_MINMAX(NAME, KIND)                                                        \
	CORE_HANDLER(NAME##_s)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		fpu_vset(c, op->r[0], fpu_minmax(c, IEEE_S, KIND, VS(c, op->r[1]), VS(c, op->r[2]))); \
		return CORE_OK;                                                      \
	}                                                                            \
	CORE_HANDLER(NAME##_d)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		fpu_vset(c, op->r[0], fpu_minmax(c, IEEE_D, KIND, VD(c, op->r[1]), VD(c, op->r[2]))); \
		return CORE_OK;                                                      \
	}
FP_MINMAX(h_fmax, IEEE_MAX)
FP_MINMAX(h_fmin, IEEE_MIN)
FP_MINMAX(h_fmaxnm, IEEE_MAXNUM)
FP_MINMAX(h_fminnm, IEEE_MINNUM)
#undef FP_MINMAX

/* C7.2 FMOV (register), FABS, FNEG (scalar): bit operations, no exceptions. */
#define FP_BITOP(NAME, EXPR_S, EXPR_D)                                               \
	CORE_HANDLER(NAME##_s)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		uint32_t x = VS(c, op->r[1]);                                        \
		fpu_vset(c, op->r[0], EXPR_S);                                       \
		return CORE_OK;                                                      \
	}                                                                            \
	CORE_HANDLER(NAME##_d)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		uint64_t x = VD(c, op->r[1]);                                        \
		fpu_vset(c, op->r[0], EXPR_D);                                       \
		return CORE_OK;                                                      \
	}
FP_BITOP(h_fmov, x, x)
FP_BITOP(h_fabs, x & 0x7fffffffu, x & ~(1ull << 63))
FP_BITOP(h_fneg, x ^ 0x80000000u, x ^ (1ull << 63))
#undef FP_BITOP

/* C7.2 FRINT<r> (scalar). */
CORE_HANDLER(h_frint_s)
{
	struct arm64_cpu *c = a64(v);
	fpu_vset(c, op->r[0], fpu_round_int(c, IEEE_S, VS(c, op->r[1]), op->f[1], op->f[2]));
	return CORE_OK;
}

CORE_HANDLER(h_frint_d)
{
	struct arm64_cpu *c = a64(v);
	fpu_vset(c, op->r[0], fpu_round_int(c, IEEE_D, VD(c, op->r[1]), op->f[1], op->f[2]));
	return CORE_OK;
}

/*
 * C7.2 FCVT. Single <-> double run on the host when nothing is unusual
 * (not FZ, not a NaN, not a result at the bottom of the normal range);
 * everything else, and half precision, goes through fpu_convert().
 */
CORE_HANDLER(h_fcvt_ds) /* Sd = Dn */
{
	struct arm64_cpu *c = a64(v);
	uint64_t a = VD(c, op->r[1]);
	if (likely(fpu_fast(c))) {
		double x = ieee_f64(a);
		IEEE_HOST_BARRIER(x);
		float r = (float)x;
		IEEE_HOST_BARRIER(r);
		if (likely(!ieee_host_recheck32(r) && fpu_host_ok(c))) {
			fpu_vset(c, op->r[0], ieee_b32(r));
			return CORE_OK;
		}
	}
	fpu_vset(c, op->r[0], fpu_convert(c, IEEE_D, IEEE_S, a, IEEE_RDYN));
	return CORE_OK;
}

CORE_HANDLER(h_fcvt_sd) /* Dd = Sn: exact */
{
	struct arm64_cpu *c = a64(v);
	uint32_t a = VS(c, op->r[1]);
	float x = ieee_f32(a);
	if (likely(fpu_fast(c) && !isnan(x)))
		fpu_vset(c, op->r[0], ieee_b64((double)x));
	else
		fpu_vset(c, op->r[0], fpu_convert(c, IEEE_S, IEEE_D, a, IEEE_RDYN));
	return CORE_OK;
}

CORE_HANDLER(h_fcvt) /* anything with half */
{
	struct arm64_cpu *c = a64(v);
	uint64_t a = c->v[op->r[1]].d[0];
	a &= ~0ull >> (64 - (8 << op->f[0]));
	fpu_vset(c, op->r[0], fpu_convert(c, op->f[0], op->f[1], a, IEEE_RDYN));
	return CORE_OK;
}

/* C7.2 FCMP, FCMPE: NZCV from FPCompare (unordered = 0011). */
#define FP_CMP(NAME, M_S, M_D, SIGNAL)                                               \
	CORE_HANDLER(NAME##_s)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		a64_set_nzcv(c, fpu_compare(c, IEEE_S, VS(c, op->r[1]), M_S, SIGNAL));     \
		return CORE_OK;                                                      \
	}                                                                            \
	CORE_HANDLER(NAME##_d)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		a64_set_nzcv(c, fpu_compare(c, IEEE_D, VD(c, op->r[1]), M_D, SIGNAL));     \
		return CORE_OK;                                                      \
	}
FP_CMP(h_fcmp, VS(c, op->r[2]), VD(c, op->r[2]), false)
FP_CMP(h_fcmpe, VS(c, op->r[2]), VD(c, op->r[2]), true)
FP_CMP(h_fcmp0, 0, 0, false)
FP_CMP(h_fcmpe0, 0, 0, true)
#undef FP_CMP

/* C7.2 FCCMP, FCCMPE: compare if the condition holds, else NZCV = #nzcv. */
#define FP_CCMP(NAME, SIGNAL)                                                        \
	CORE_HANDLER(NAME##_s)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		a64_set_nzcv(c, a64_cond(c, op->f[0])                                \
				? fpu_compare(c, IEEE_S, VS(c, op->r[1]), VS(c, op->r[2]), SIGNAL) \
				: (uint32_t)op->f[1] << 28);                          \
		return CORE_OK;                                                      \
	}                                                                            \
	CORE_HANDLER(NAME##_d)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		a64_set_nzcv(c, a64_cond(c, op->f[0])                                \
				? fpu_compare(c, IEEE_D, VD(c, op->r[1]), VD(c, op->r[2]), SIGNAL) \
				: (uint32_t)op->f[1] << 28);                          \
		return CORE_OK;                                                      \
	}
FP_CCMP(h_fccmp, false)
FP_CCMP(h_fccmpe, true)
#undef FP_CCMP

/* C7.2 FCSEL. */
CORE_HANDLER(h_fcsel_s)
{
	struct arm64_cpu *c = a64(v);
	fpu_vset(c, op->r[0], a64_cond(c, op->f[0]) ? VS(c, op->r[1]) : VS(c, op->r[2]));
	return CORE_OK;
}

CORE_HANDLER(h_fcsel_d)
{
	struct arm64_cpu *c = a64(v);
	fpu_vset(c, op->r[0], a64_cond(c, op->f[0]) ? VD(c, op->r[1]) : VD(c, op->r[2]));
	return CORE_OK;
}

/* C7.2 FMOV (scalar, immediate): the value was expanded at decode. */
CORE_HANDLER(h_fmov_imm)
{
	fpu_vset(a64(v), op->r[0], op->imm);
	return CORE_OK;
}

/* C7.2 FMOV (general). */
CORE_HANDLER(h_fmov_ws)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = VS(c, op->r[1]);
	return CORE_OK;
}

CORE_HANDLER(h_fmov_xd)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = VD(c, op->r[1]);
	return CORE_OK;
}

CORE_HANDLER(h_fmov_xv1) /* Xd = Vn.D[1] */
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = c->v[op->r[1]].d[1];
	return CORE_OK;
}

CORE_HANDLER(h_fmov_sw)
{
	struct arm64_cpu *c = a64(v);
	fpu_vset(c, op->r[0], (uint32_t)c->x[op->r[1]]);
	return CORE_OK;
}

CORE_HANDLER(h_fmov_dx)
{
	struct arm64_cpu *c = a64(v);
	fpu_vset(c, op->r[0], c->x[op->r[1]]);
	return CORE_OK;
}

CORE_HANDLER(h_fmov_v1x) /* Vd.D[1] = Xn, D[0] kept */
{
	struct arm64_cpu *c = a64(v);
	c->v[op->r[0]].d[1] = c->x[op->r[1]];
	return CORE_OK;
}

/* C7.2 FCVT[NPMZA][SU] (scalar, integer and fixed-point): f[3] = U | sf << 1. */
CORE_HANDLER(h_fcvt_to_int_s)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = fpu_to_fixed(c, IEEE_S, VS(c, op->r[1]), op->f[2], op->f[3] & 1,
				      op->f[3] & 2 ? 64 : 32, op->f[1]);
	return CORE_OK;
}

CORE_HANDLER(h_fcvt_to_int_d)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = fpu_to_fixed(c, IEEE_D, VD(c, op->r[1]), op->f[2], op->f[3] & 1,
				      op->f[3] & 2 ? 64 : 32, op->f[1]);
	return CORE_OK;
}

/* C7.2 SCVTF, UCVTF (scalar, integer and fixed-point): one handler per source width. */
#define FP_FROM_INT(NAME, EXT, UNS)                                                  \
	CORE_HANDLER(NAME##_s)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		fpu_vset(c, op->r[0], fpu_from_fixed(c, IEEE_S, (uint64_t)(EXT)c->x[op->r[1]], \
						     op->f[2], UNS));                 \
		return CORE_OK;                                                      \
	}                                                                            \
	CORE_HANDLER(NAME##_d)           \
	{                                                                            \
		struct arm64_cpu *c = a64(v);                                        \
		fpu_vset(c, op->r[0], fpu_from_fixed(c, IEEE_D, (uint64_t)(EXT)c->x[op->r[1]], \
						     op->f[2], UNS));                 \
		return CORE_OK;                                                      \
	}
FP_FROM_INT(h_scvtf_w, int32_t, false)
FP_FROM_INT(h_scvtf_x, int64_t, false)
FP_FROM_INT(h_ucvtf_w, uint32_t, true)
FP_FROM_INT(h_ucvtf_x, uint64_t, true)
#undef FP_FROM_INT

/* --------------------------------------------------------------- table */

#define FTYPE(t) ((uint32_t)(t) << 22)
#define ROW(mask, match, name, dec, fn, cls) { mask, match, name, dec, fn, cls, A64_F_FP }
/* One row per precision: ftype 00 single, 01 double. */
#define ROWS_SD(mask, match, name, dec, fn, cls)                                     \
	ROW((mask) | FTYPE(3), (match) | FTYPE(0), name, dec, fn##_s, cls),          \
	ROW((mask) | FTYPE(3), (match) | FTYPE(1), name, dec, fn##_d, cls)

/* Floating-point data-processing (1 source): opcode bits 20:15. */
#define DP1(opc, name, dec, fn, cls) ROWS_SD(0xff3ffc00, 0x1e204000 | (opc) << 15, name, dec, fn, cls)
/* Floating-point data-processing (2 source): opcode bits 15:12. */
#define DP2(opc, name, fn, cls) ROWS_SD(0xff20fc00, 0x1e200800 | (opc) << 12, name, dec_dnm, fn, cls)
/* Floating-point data-processing (3 source): o1 bit 21, o0 bit 15. */
#define DP3(o1, o0, name, fn) \
	ROWS_SD(0xff208000, 0x1f000000 | (o1) << 21 | (o0) << 15, name, dec_dnm, fn, CORE_CLASS_FP)
/* Floating-point compare: opc bits 4:3. */
#define CMP(opc, name, fn) ROWS_SD(0xff20fc1f, 0x1e202000 | (opc) << 3, name, dec_dnm, fn, CORE_CLASS_FP)
/* Conversion between floating-point and integer: sf, ftype, rmode, opcode. */
#define CVT(sf, t, rmode, opc, name, dec, fn)                                        \
	ROW(0xfffffc00, (sf) << 31 | 0x1e200000 | FTYPE(t) | (rmode) << 19 | (opc) << 16, name, dec, \
	    fn, CORE_CLASS_FP)
/* Conversion between floating-point and fixed-point. */
#define FIX(sf, t, rmode, opc, name, dec, fn)                                        \
	ROW(0xffff0000, (sf) << 31 | 0x1e000000 | FTYPE(t) | (rmode) << 19 | (opc) << 16, name, dec, \
	    fn, CORE_CLASS_FP)
/* FCVT<r>{S,U}: both widths, both precisions; fixed-point FCVTZ* likewise. */
#define CVT_TO_INT(rmode, opc, name)                                                 \
	CVT(0, 0, rmode, opc, name, dec_cvt_to_int, h_fcvt_to_int_s),                \
	CVT(0, 1, rmode, opc, name, dec_cvt_to_int, h_fcvt_to_int_d),                \
	CVT(1, 0, rmode, opc, name, dec_cvt_to_int, h_fcvt_to_int_s),                \
	CVT(1, 1, rmode, opc, name, dec_cvt_to_int, h_fcvt_to_int_d)
#define CVT_FROM_INT(opc, name, fn)                                                  \
	CVT(0, 0, 0, opc, name, dec_cvt_from_int, fn##_w_s),                          \
	CVT(0, 1, 0, opc, name, dec_cvt_from_int, fn##_w_d),                          \
	CVT(1, 0, 0, opc, name, dec_cvt_from_int, fn##_x_s),                          \
	CVT(1, 1, 0, opc, name, dec_cvt_from_int, fn##_x_d),                          \
	FIX(0, 0, 0, opc, name, dec_fixed_from_int, fn##_w_s),                        \
	FIX(0, 1, 0, opc, name, dec_fixed_from_int, fn##_w_d),                        \
	FIX(1, 0, 0, opc, name, dec_fixed_from_int, fn##_x_s),                        \
	FIX(1, 1, 0, opc, name, dec_fixed_from_int, fn##_x_d)
#define FIX_TO_INT(opc, name)                                                        \
	FIX(0, 0, 3, opc, name, dec_fixed_to_int, h_fcvt_to_int_s),                  \
	FIX(0, 1, 3, opc, name, dec_fixed_to_int, h_fcvt_to_int_d),                  \
	FIX(1, 0, 3, opc, name, dec_fixed_to_int, h_fcvt_to_int_s),                  \
	FIX(1, 1, 3, opc, name, dec_fixed_to_int, h_fcvt_to_int_d)

static const struct a64_insn fp_rows[] = {
	/* C4.1.6 Floating-point data-processing (1 source) */
	DP1(0x00, "fmov", dec_dnm, h_fmov, CORE_CLASS_FP),
	DP1(0x01, "fabs", dec_dnm, h_fabs, CORE_CLASS_FP),
	DP1(0x02, "fneg", dec_dnm, h_fneg, CORE_CLASS_FP),
	DP1(0x03, "fsqrt", dec_dnm, h_fsqrt, CORE_CLASS_FDIV),
	DP1(0x08, "frintn", dec_frint, h_frint, CORE_CLASS_FP),
	DP1(0x09, "frintp", dec_frint, h_frint, CORE_CLASS_FP),
	DP1(0x0a, "frintm", dec_frint, h_frint, CORE_CLASS_FP),
	DP1(0x0b, "frintz", dec_frint, h_frint, CORE_CLASS_FP),
	DP1(0x0c, "frinta", dec_frint, h_frint, CORE_CLASS_FP),
	DP1(0x0e, "frintx", dec_frint, h_frint, CORE_CLASS_FP),
	DP1(0x0f, "frinti", dec_frint, h_frint, CORE_CLASS_FP),
	/* FCVT: ftype is the source, opc (bits 16:15) the destination */
	ROW(0xfffffc00, 0x1e204000 | FTYPE(0) | 0x05 << 15, "fcvt", dec_dnm, h_fcvt_sd, CORE_CLASS_FP),
	ROW(0xfffffc00, 0x1e204000 | FTYPE(1) | 0x04 << 15, "fcvt", dec_dnm, h_fcvt_ds, CORE_CLASS_FP),
	ROW(0xfffffc00, 0x1e204000 | FTYPE(0) | 0x07 << 15, "fcvt", dec_fcvt, h_fcvt, CORE_CLASS_FP),
	ROW(0xfffffc00, 0x1e204000 | FTYPE(1) | 0x07 << 15, "fcvt", dec_fcvt, h_fcvt, CORE_CLASS_FP),
	ROW(0xfffffc00, 0x1e204000 | FTYPE(3) | 0x04 << 15, "fcvt", dec_fcvt, h_fcvt, CORE_CLASS_FP),
	ROW(0xfffffc00, 0x1e204000 | FTYPE(3) | 0x05 << 15, "fcvt", dec_fcvt, h_fcvt, CORE_CLASS_FP),
	/* Floating-point data-processing (2 source) */
	DP2(0x0, "fmul", h_fmul, CORE_CLASS_FP),
	DP2(0x1, "fdiv", h_fdiv, CORE_CLASS_FDIV),
	DP2(0x2, "fadd", h_fadd, CORE_CLASS_FP),
	DP2(0x3, "fsub", h_fsub, CORE_CLASS_FP),
	DP2(0x4, "fmax", h_fmax, CORE_CLASS_FP),
	DP2(0x5, "fmin", h_fmin, CORE_CLASS_FP),
	DP2(0x6, "fmaxnm", h_fmaxnm, CORE_CLASS_FP),
	DP2(0x7, "fminnm", h_fminnm, CORE_CLASS_FP),
	DP2(0x8, "fnmul", h_fnmul, CORE_CLASS_FP),
	/* Floating-point data-processing (3 source) */
	DP3(0, 0, "fmadd", h_fmadd),
	DP3(0, 1, "fmsub", h_fmsub),
	DP3(1, 0, "fnmadd", h_fnmadd),
	DP3(1, 1, "fnmsub", h_fnmsub),
	/* Floating-point compare */
	CMP(0, "fcmp", h_fcmp),
	CMP(1, "fcmp", h_fcmp0),
	CMP(2, "fcmpe", h_fcmpe),
	CMP(3, "fcmpe", h_fcmpe0),
	/* Floating-point conditional compare, conditional select, immediate */
	ROWS_SD(0xff200c10, 0x1e200400, "fccmp", dec_dnm, h_fccmp, CORE_CLASS_FP),
	ROWS_SD(0xff200c10, 0x1e200410, "fccmpe", dec_dnm, h_fccmpe, CORE_CLASS_FP),
	ROWS_SD(0xff200c00, 0x1e200c00, "fcsel", dec_dnm, h_fcsel, CORE_CLASS_FP),
	ROW(0xffe01fe0, 0x1e201000 | FTYPE(0), "fmov", dec_fmov_imm, h_fmov_imm, CORE_CLASS_FP),
	ROW(0xffe01fe0, 0x1e201000 | FTYPE(1), "fmov", dec_fmov_imm, h_fmov_imm, CORE_CLASS_FP),
	/* Conversion between floating-point and integer */
	CVT_TO_INT(0, 0, "fcvtns"), CVT_TO_INT(0, 1, "fcvtnu"),
	CVT_TO_INT(0, 4, "fcvtas"), CVT_TO_INT(0, 5, "fcvtau"),
	CVT_TO_INT(1, 0, "fcvtps"), CVT_TO_INT(1, 1, "fcvtpu"),
	CVT_TO_INT(2, 0, "fcvtms"), CVT_TO_INT(2, 1, "fcvtmu"),
	CVT_TO_INT(3, 0, "fcvtzs"), CVT_TO_INT(3, 1, "fcvtzu"),
	CVT_FROM_INT(2, "scvtf", h_scvtf),
	CVT_FROM_INT(3, "ucvtf", h_ucvtf),
	CVT(0, 0, 0, 6, "fmov", dec_fmov_gen_to, h_fmov_ws),
	CVT(0, 0, 0, 7, "fmov", dec_fmov_gen_from, h_fmov_sw),
	CVT(1, 1, 0, 6, "fmov", dec_fmov_gen_to, h_fmov_xd),
	CVT(1, 1, 0, 7, "fmov", dec_fmov_gen_from, h_fmov_dx),
	CVT(1, 2, 1, 6, "fmov", dec_fmov_gen_to, h_fmov_xv1),
	CVT(1, 2, 1, 7, "fmov", dec_fmov_gen_from, h_fmov_v1x),
	/* Conversion between floating-point and fixed-point */
	FIX_TO_INT(0, "fcvtzs"), FIX_TO_INT(1, "fcvtzu"),
};

const struct a64_table a64_table_fp = { fp_rows, sizeof(fp_rows) / sizeof(fp_rows[0]) };
