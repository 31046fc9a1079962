/*
 * A64 Advanced SIMD (Arm ARM C4.1.6 "Data Processing -- Scalar
 * Floating-Point and Advanced SIMD", the "Advanced SIMD" groups, and C4.1.4
 * "Advanced SIMD load/store multiple/single structures").
 *
 * The handlers; the decode table is data, simd.decode, from which
 * tools/decodetree.py generates simd_rows[] at build time. Rows carry the
 * element size: one handler per size, picked by the pattern (size bits in
 * the mask), so no handler branches on it. Operand fields for the
 * data-processing handlers:
 *   r[0] Vd, r[1] Vn, r[2] Vm, r[3] spare
 *   f[0] lane mask for Vm (0xff: lane i; 0: the indexed element f[1])
 *   f[1] Vm element index (by-element forms), or an op parameter
 *   f[2] number of lanes processed (Q and size at decode; 1 for scalars)
 *   f[3] Q: 1 keeps the upper 64 bits of the result, 0 clears them
 *   imm  shift amount, immediate, or FP sign mask
 * Lanes not processed are zero, so 64-bit (Q=0) and scalar results clear
 * the rest of the register as the architecture requires.
 */
#include "cpu/arm64/fpu.h"
#include "cpu/core/simd.h"

/* ------------------------------------------------------- lane plumbing */

#define UT8 uint8_t
#define UT16 uint16_t
#define UT32 uint32_t
#define UT64 uint64_t
#define ST8 int8_t
#define ST16 int16_t
#define ST32 int32_t
#define ST64 int64_t
#define EU8 b
#define EU16 h
#define EU32 s
#define EU64 d
#define DBL8 16
#define DBL16 32
#define DBL32 64
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

/* The result of a vector op: Q=0 clears the upper half. */
static inline void vstore(struct arm64_cpu *c, const struct core_op *op, const a64_vreg *r)
{
	a64_vreg *d = &c->v[op->r[0]];
	d->d[0] = r->d[0];
	d->d[1] = r->d[1] & -(uint64_t)op->f[3];
}

static inline void set_qc(struct arm64_cpu *c, bool qc)
{
	if (qc)
		c->fpsr |= A64_FPSR_QC;
}

/*
 * Shift by a signed register amount (SSHL, USHL, SRSHL, URSHL, SQSHL,
 * UQSHL, SQRSHL, UQRSHL): left for positive, right (optionally rounding)
 * for negative; the saturating forms saturate left shifts.
 */
static inline uint64_t shl_reg(uint64_t x, int8_t sh, unsigned bits, bool sgn, bool round,
			       bool sat, bool *qc)
{
	s128 v = sgn ? (s128)(int64_t)(x << (64 - bits)) >> (64 - bits) : (s128)x;
	s128 r;
	if (sh >= 0) {
		if (!sat)
			return sh >= (int)bits ? 0 : x << sh;
		if (v == 0)
			return 0;
		r = sh >= (int)bits ? (v < 0 ? -((s128)1 << 100) : (s128)1 << 100) : v << sh;
		return sgn ? (uint64_t)simd_sat_s(r, bits, qc) : simd_sat_u(r, bits, qc);
	}
	int rs = -sh;
	if (rs > (int)bits + 1)
		rs = bits + 1;
	r = v;
	if (round)
		r += (s128)1 << (rs - 1);
	r >>= rs;
	return sgn && sat ? (uint64_t)simd_sat_s(r, bits, qc) : sat ? simd_sat_u(r, bits, qc) : (uint64_t)r;
}

/* Lanes of Vm: lane i for vector forms, a fixed element for by-element forms. */
#define MLANE(op, i) (((i) & (op)->f[0]) | (op)->f[1])

/*
 * A lane-by-lane op. In EXPR: a, b, d (Vn, Vm, Vd lanes, unsigned), sa, sb
 * (signed), UT/ST (the lane types), bits, fmt (FP format of the lane size),
 * qc (set on saturation), c and op.
 */
#define LANES3(NAME, BITS, EXPR)                                                    \
	CORE_HANDLER(NAME##BITS)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]], *vm = &c->v[op->r[2]];        \
		const a64_vreg *vd = &c->v[op->r[0]];                               \
		a64_vreg r = { .q = 0 };                                            \
		bool qc = false;                                                    \
		typedef UT##BITS UT __attribute__((unused));                                              \
		typedef ST##BITS ST __attribute__((unused));                                              \
		const unsigned bits = BITS;                                         \
		const enum ieee_fmt fmt = BITS == 64 ? IEEE_D : IEEE_S;                \
		for (unsigned i = 0, n = op->f[2]; i < n; i++) {                    \
			UT##BITS a = vn->EU##BITS[i], b = vm->EU##BITS[MLANE(op, i)]; \
			UT##BITS d = vd->EU##BITS[i];                               \
			ST##BITS sa = (ST##BITS)a, sb = (ST##BITS)b;                \
			(void)d; (void)sa; (void)sb; (void)bits; (void)fmt;         \
			r.EU##BITS[i] = (UT##BITS)(EXPR);                           \
		}                                                                   \
		set_qc(c, qc);                                                      \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}
#define LANES3_BHS(NAME, EXPR) LANES3(NAME, 8, EXPR) LANES3(NAME, 16, EXPR) LANES3(NAME, 32, EXPR)
#define LANES3_ALL(NAME, EXPR) LANES3_BHS(NAME, EXPR) LANES3(NAME, 64, EXPR)

/*
 * A whole-register integer op on GCC vectors (the hot ones: logic, add,
 * compare, min/max). In EXPR: a, b, d (unsigned vectors, type VU), sa, sb
 * (signed).
 */
#define VEC3(NAME, BITS, EXPR)                                                      \
	CORE_HANDLER(NAME##BITS)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		vu##BITS a, b, d, r;                                                \
		memcpy(&a, &c->v[op->r[1]], 16);                                    \
		memcpy(&b, &c->v[op->r[2]], 16);                                    \
		memcpy(&d, &c->v[op->r[0]], 16);                                    \
		typedef vu##BITS VU;                                                \
		vs##BITS sa = (vs##BITS)a, sb = (vs##BITS)b;                        \
		(void)d; (void)sa; (void)sb;                                        \
		r = (VU)(EXPR);                                               \
		a64_vreg out;                                                       \
		memcpy(&out, &r, 16);                                               \
		vstore(c, op, &out);                                                \
		return CORE_OK;                                                     \
	}
#define VEC3_BHS(NAME, EXPR) VEC3(NAME, 8, EXPR) VEC3(NAME, 16, EXPR) VEC3(NAME, 32, EXPR)
#define VEC3_ALL(NAME, EXPR) VEC3_BHS(NAME, EXPR) VEC3(NAME, 64, EXPR)

/* --------------------------------------------- three same (integer) */

/* C7.2 ADD, SUB, CMEQ, CMTST, CMGT, CMGE, CMHI, CMHS (vector and scalar D). */
VEC3_ALL(h_add, a + b)
VEC3_ALL(h_sub, a - b)
VEC3_ALL(h_cmeq, a == b)
VEC3_ALL(h_cmtst, (a & b) != 0)
VEC3_ALL(h_cmgt, sa > sb)
VEC3_ALL(h_cmge, sa >= sb)
VEC3_ALL(h_cmhi, a > b)
VEC3_ALL(h_cmhs, a >= b)
/* C7.2 SMAX, SMIN, UMAX, UMIN, SABD, UABD, SABA, UABA. */
VEC3_BHS(h_smax, VSEL((VU)(sa > sb), a, b))
VEC3_BHS(h_smin, VSEL((VU)(sa < sb), a, b))
VEC3_BHS(h_umax, VSEL((VU)(a > b), a, b))
VEC3_BHS(h_umin, VSEL((VU)(a < b), a, b))
VEC3_BHS(h_sabd, VSEL((VU)(sa > sb), a - b, b - a))
VEC3_BHS(h_uabd, VSEL((VU)(a > b), a - b, b - a))
VEC3_BHS(h_saba, d + VSEL((VU)(sa > sb), a - b, b - a))
VEC3_BHS(h_uaba, d + VSEL((VU)(a > b), a - b, b - a))
/* C7.2 AND, BIC, ORR, ORN, EOR, BSL, BIT, BIF (vector, register). */
VEC3(h_and, 64, a & b)
VEC3(h_bic, 64, a & ~b)
VEC3(h_orr, 64, a | b)
VEC3(h_orn, 64, a | ~b)
VEC3(h_eor, 64, a ^ b)
VEC3(h_bsl, 64, (a & d) | (b & ~d))
VEC3(h_bit, 64, (a & b) | (d & ~b))
VEC3(h_bif, 64, (a & ~b) | (d & b))

/* C7.2 SHADD, UHADD, SRHADD, URHADD, SHSUB, UHSUB. */
LANES3_BHS(h_shadd, ((int64_t)sa + sb) >> 1)
LANES3_BHS(h_uhadd, ((uint64_t)a + b) >> 1)
LANES3_BHS(h_srhadd, ((int64_t)sa + sb + 1) >> 1)
LANES3_BHS(h_urhadd, ((uint64_t)a + b + 1) >> 1)
LANES3_BHS(h_shsub, ((int64_t)sa - sb) >> 1)
LANES3_BHS(h_uhsub, ((int64_t)a - b) >> 1)
/* C7.2 SQADD, UQADD, SQSUB, UQSUB (vector and scalar). */
LANES3_ALL(h_sqadd, simd_sat_s((s128)sa + sb, bits, &qc))
LANES3_ALL(h_uqadd, simd_sat_u((s128)a + b, bits, &qc))
LANES3_ALL(h_sqsub, simd_sat_s((s128)sa - sb, bits, &qc))
LANES3_ALL(h_uqsub, simd_sat_u((s128)a - b, bits, &qc))
/* C7.2 SSHL, USHL, SRSHL, URSHL, SQSHL, UQSHL, SQRSHL, UQRSHL (register). */
LANES3_ALL(h_sshl, shl_reg(a, (int8_t)b, bits, true, false, false, &qc))
LANES3_ALL(h_ushl, shl_reg(a, (int8_t)b, bits, false, false, false, &qc))
LANES3_ALL(h_srshl, shl_reg(a, (int8_t)b, bits, true, true, false, &qc))
LANES3_ALL(h_urshl, shl_reg(a, (int8_t)b, bits, false, true, false, &qc))
LANES3_ALL(h_sqshl, shl_reg(a, (int8_t)b, bits, true, false, true, &qc))
LANES3_ALL(h_uqshl, shl_reg(a, (int8_t)b, bits, false, false, true, &qc))
LANES3_ALL(h_sqrshl, shl_reg(a, (int8_t)b, bits, true, true, true, &qc))
LANES3_ALL(h_uqrshl, shl_reg(a, (int8_t)b, bits, false, true, true, &qc))
/* C7.2 MUL, MLA, MLS (vector and by element), PMUL. */
LANES3_BHS(h_mul, a * b)
LANES3_BHS(h_mla, d + a * b)
LANES3_BHS(h_mls, d - a * b)

/* Polynomial (carry-less) multiply over {0,1}: the low `bits` of the product. */
static inline uint64_t pmul(uint64_t a, uint64_t b, unsigned bits)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < bits; i++)
		if ((b >> i) & 1)
			r ^= a << i;
	return r;
}
LANES3(h_pmul, 8, pmul(a, b, 8))
/* C7.2 SQDMULH, SQRDMULH (vector, scalar, by element). */
LANES3(h_sqdmulh, 16, simd_sat_s(((s128)2 * sa * sb) >> bits, bits, &qc))
LANES3(h_sqdmulh, 32, simd_sat_s(((s128)2 * sa * sb) >> bits, bits, &qc))
LANES3(h_sqrdmulh, 16, simd_sat_s(((s128)2 * sa * sb + ((s128)1 << (bits - 1))) >> bits, bits, &qc))
LANES3(h_sqrdmulh, 32, simd_sat_s(((s128)2 * sa * sb + ((s128)1 << (bits - 1))) >> bits, bits, &qc))

/*
 * Pairwise ops (ADDP, SMAXP, SMINP, UMAXP, UMINP, vector and scalar ADDP):
 * the lanes of Vn then of Vm, taken two by two. EXPR on a, b / sa, sb.
 */
#define PAIR3(NAME, BITS, EXPR)                                                     \
	CORE_HANDLER(NAME##BITS)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *src[2] = { &c->v[op->r[1]], &c->v[op->r[2]] };     \
		a64_vreg r = { .q = 0 };                                            \
		unsigned half = op->f[2] / 2;                                       \
		for (unsigned k = 0; k < 2; k++)                                    \
			for (unsigned i = 0; i < half; i++) {                       \
				UT##BITS a = src[k]->EU##BITS[(2 * i) % (128 / BITS)]; \
				UT##BITS b = src[k]->EU##BITS[(2 * i + 1) % (128 / BITS)]; \
				ST##BITS sa = (ST##BITS)a, sb = (ST##BITS)b;        \
				(void)sa; (void)sb;                                 \
				r.EU##BITS[k * half + i] = (UT##BITS)(EXPR);        \
			}                                                           \
		vstore(c, op, &r);                                                  \
		return CORE_OK;                                                     \
	}
#define PAIR3_BHS(NAME, EXPR) PAIR3(NAME, 8, EXPR) PAIR3(NAME, 16, EXPR) PAIR3(NAME, 32, EXPR)
PAIR3_BHS(h_addp, a + b)
PAIR3(h_addp, 64, a + b)
PAIR3_BHS(h_smaxp, sa > sb ? a : b)
PAIR3_BHS(h_sminp, sa < sb ? a : b)
PAIR3_BHS(h_umaxp, a > b ? a : b)
PAIR3_BHS(h_uminp, a < b ? a : b)

/* ------------------------------------------ two-register misc (integer) */

/* C7.2 REV16, REV32, REV64: element k takes element k ^ f[1] of its container. */
#define REV(BITS)                                                                   \
	CORE_HANDLER(h_rev##BITS)       \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]];                               \
		a64_vreg r;                                                         \
		for (unsigned k = 0; k < 128 / BITS; k++)                           \
			r.EU##BITS[k] = vn->EU##BITS[k ^ op->f[1]];                 \
		vstore(c, op, &r);                                                  \
		return CORE_OK;                                                     \
	}
REV(8)
REV(16)
REV(32)

static inline uint8_t rbit8(uint8_t x)
{
	x = (uint8_t)((x & 0xf0) >> 4 | (x & 0x0f) << 4);
	x = (uint8_t)((x & 0xcc) >> 2 | (x & 0x33) << 2);
	return (uint8_t)((x & 0xaa) >> 1 | (x & 0x55) << 1);
}

/* C7.2 CLS, CLZ, CNT, NOT, RBIT, ABS, NEG, SQABS, SQNEG, CM<cc> #0. */
LANES3_BHS(h_cls, __builtin_clrsbll((int64_t)sa) - (64 - bits))
LANES3_BHS(h_clz, a ? __builtin_clzll(a) - (64 - bits) : bits)
LANES3(h_cnt, 8, __builtin_popcount(a))
LANES3(h_rbit, 8, rbit8(a))
VEC3(h_not, 64, ~a)
VEC3_ALL(h_abs, VSEL((VU)(sa < 0), -a, a))
VEC3_ALL(h_neg, -a)
VEC3_ALL(h_cmgt0, sa > 0)
VEC3_ALL(h_cmge0, sa >= 0)
VEC3_ALL(h_cmeq0, a == 0)
VEC3_ALL(h_cmle0, sa <= 0)
VEC3_ALL(h_cmlt0, sa < 0)
LANES3_ALL(h_sqabs, simd_sat_s(sa < 0 ? -(s128)sa : (s128)sa, bits, &qc))
LANES3_ALL(h_sqneg, simd_sat_s(-(s128)sa, bits, &qc))
/* C7.2 SUQADD (signed += unsigned Vn), USQADD (unsigned += signed Vn). */
LANES3_ALL(h_suqadd, simd_sat_s((s128)(ST)d + a, bits, &qc))
LANES3_ALL(h_usqadd, simd_sat_u((s128)d + sa, bits, &qc))

/*
 * Pairwise long adds: SADDLP, UADDLP, SADALP, UADALP. BITS is the source
 * element size; f[2] counts the (wide) result lanes.
 */
#define PAIRL(NAME, BITS, SIGNED, ACC)                                              \
	CORE_HANDLER(NAME##BITS)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]], *vd = &c->v[op->r[0]];        \
		a64_vreg r = { .q = 0 };                                            \
		for (unsigned i = 0; i < op->f[2]; i++) {                           \
			int64_t x = SIGNED ? (int64_t)(ST##BITS)vn->EU##BITS[2 * i]  \
					   : (int64_t)vn->EU##BITS[2 * i];          \
			int64_t y = SIGNED ? (int64_t)(ST##BITS)vn->EU##BITS[2 * i + 1] \
					   : (int64_t)vn->EU##BITS[2 * i + 1];      \
			r.CAT(EU, DBL##BITS)[i] = (CAT(UT, DBL##BITS))(             \
				x + y + (ACC ? (int64_t)vd->CAT(EU, DBL##BITS)[i] : 0)); \
		}                                                                   \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}
#define PAIRL_BHS(NAME, SIGNED, ACC) PAIRL(NAME, 8, SIGNED, ACC) PAIRL(NAME, 16, SIGNED, ACC) \
	PAIRL(NAME, 32, SIGNED, ACC)
PAIRL_BHS(h_saddlp, true, false)
PAIRL_BHS(h_uaddlp, false, false)
PAIRL_BHS(h_sadalp, true, true)
PAIRL_BHS(h_uadalp, false, true)

/*
 * Narrowing ops (XTN, SQXTN, UQXTN, SQXTUN, SHRN, RSHRN, SQSHRN, SQRSHRN,
 * UQSHRN, UQRSHRN, SQSHRUN, SQRSHRUN, ADDHN, RADDHN, SUBHN, RSUBHN): BITS is
 * the result element size; wide lanes of Vn (and Vm) give f[2] narrow lanes
 * written to half f[3] of Vd ("2" forms keep the lower half). In EXPR: wn,
 * wm (wide unsigned), swn, swm (wide signed), sh (op->imm), qc.
 */
#define NARROW(NAME, BITS, EXPR)                                                    \
	CORE_HANDLER(NAME##BITS)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]], *vm = &c->v[op->r[2]];        \
		a64_vreg r;                                                         \
		unsigned n = op->f[2], part = op->f[3], sh = (unsigned)op->imm;     \
		const unsigned bits = BITS;                                         \
		bool qc = false;                                                    \
		r.d[0] = c->v[op->r[0]].d[0] & -(uint64_t)part;                     \
		r.d[1] = 0;                                                         \
		for (unsigned i = 0; i < n; i++) {                                  \
			CAT(UT, DBL##BITS) wn = vn->CAT(EU, DBL##BITS)[i];          \
			CAT(UT, DBL##BITS) wm = vm->CAT(EU, DBL##BITS)[i];          \
			CAT(ST, DBL##BITS) swn = (CAT(ST, DBL##BITS))wn;            \
			CAT(ST, DBL##BITS) swm = (CAT(ST, DBL##BITS))wm;            \
			(void)wm; (void)swn; (void)swm; (void)sh; (void)bits;       \
			r.EU##BITS[part * n + i] = (UT##BITS)(EXPR);                \
		}                                                                   \
		set_qc(c, qc);                                                      \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}
#define NARROW_BHS(NAME, EXPR) NARROW(NAME, 8, EXPR) NARROW(NAME, 16, EXPR) NARROW(NAME, 32, EXPR)
#define RND(sh) ((s128)1 << (sh) >> 1) /* rounding constant for a right shift by sh */
NARROW_BHS(h_xtn, wn)
NARROW_BHS(h_sqxtn, simd_sat_s(swn, bits, &qc))
NARROW_BHS(h_uqxtn, simd_sat_u(wn, bits, &qc))
NARROW_BHS(h_sqxtun, simd_sat_u(swn, bits, &qc))
NARROW_BHS(h_shrn, wn >> sh)
NARROW_BHS(h_rshrn, ((s128)wn + RND(sh)) >> sh)
NARROW_BHS(h_sqshrn, simd_sat_s((s128)swn >> sh, bits, &qc))
NARROW_BHS(h_sqrshrn, simd_sat_s(((s128)swn + RND(sh)) >> sh, bits, &qc))
NARROW_BHS(h_uqshrn, simd_sat_u((s128)wn >> sh, bits, &qc))
NARROW_BHS(h_uqrshrn, simd_sat_u(((s128)wn + RND(sh)) >> sh, bits, &qc))
NARROW_BHS(h_sqshrun, simd_sat_u((s128)swn >> sh, bits, &qc))
NARROW_BHS(h_sqrshrun, simd_sat_u(((s128)swn + RND(sh)) >> sh, bits, &qc))
NARROW_BHS(h_addhn, ((s128)wn + wm) >> bits)
NARROW_BHS(h_raddhn, ((s128)wn + wm + RND(bits)) >> bits)
NARROW_BHS(h_subhn, ((s128)wn - wm) >> bits)
NARROW_BHS(h_rsubhn, ((s128)wn - wm + RND(bits)) >> bits)

/*
 * Lengthening ops (SADDL..., SMULL, SQDMULL, SSHLL, SHLL, by-element long
 * multiplies): BITS is the source element size; f[2] source lanes from half
 * f[3] of Vn (and Vm, or the indexed element), wide results fill Vd. In
 * EXPR: a, b (narrow unsigned), sa, sb (narrow signed, promoted to int64_t),
 * wn (wide Vn lane for the W forms), d / sd (wide Vd lane), sh, qc.
 */
#define LONG(NAME, BITS, EXPR)                                                      \
	CORE_HANDLER(NAME##BITS)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]], *vm = &c->v[op->r[2]];        \
		const a64_vreg *vd = &c->v[op->r[0]];                               \
		a64_vreg r = { .q = 0 };                                            \
		unsigned n = op->f[2], base = op->f[3] * n, sh = (unsigned)op->imm; \
		const unsigned wbits = 2 * BITS;                                    \
		bool qc = false;                                                    \
		for (unsigned i = 0; i < n; i++) {                                  \
			uint64_t a = vn->EU##BITS[base + i];                        \
			uint64_t b = vm->EU##BITS[MLANE(op, base + i)];             \
			int64_t sa = (ST##BITS)a, sb = (ST##BITS)b;                 \
			uint64_t wn = vn->CAT(EU, DBL##BITS)[i];                    \
			uint64_t d = vd->CAT(EU, DBL##BITS)[i];                     \
			int64_t sd = (CAT(ST, DBL##BITS))d;                         \
			(void)sa; (void)sb; (void)wn; (void)sd; (void)sh;           \
			(void)wbits;                                                \
			r.CAT(EU, DBL##BITS)[i] = (CAT(UT, DBL##BITS))(EXPR);       \
		}                                                                   \
		set_qc(c, qc);                                                      \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}
#define LONG_BHS(NAME, EXPR) LONG(NAME, 8, EXPR) LONG(NAME, 16, EXPR) LONG(NAME, 32, EXPR)
#define LONG_HS(NAME, EXPR) LONG(NAME, 16, EXPR) LONG(NAME, 32, EXPR)
#define ABSDIFF(x, y) ((x) > (y) ? (x) - (y) : (y) - (x))
LONG_BHS(h_saddl, sa + sb)
LONG_BHS(h_uaddl, a + b)
LONG_BHS(h_ssubl, sa - sb)
LONG_BHS(h_usubl, a - b)
LONG_BHS(h_saddw, (int64_t)wn + sb)
LONG_BHS(h_uaddw, wn + b)
LONG_BHS(h_ssubw, (int64_t)wn - sb)
LONG_BHS(h_usubw, wn - b)
LONG_BHS(h_sabal, d + ABSDIFF(sa, sb))
LONG_BHS(h_uabal, d + ABSDIFF(a, b))
LONG_BHS(h_sabdl, ABSDIFF(sa, sb))
LONG_BHS(h_uabdl, ABSDIFF(a, b))
LONG_BHS(h_smlal, d + sa * sb)
LONG_BHS(h_umlal, d + a * b)
LONG_BHS(h_smlsl, d - sa * sb)
LONG_BHS(h_umlsl, d - a * b)
LONG_BHS(h_smull, sa * sb)
LONG_BHS(h_umull, a * b)
LONG(h_pmull, 8, pmul(a, b, 8) & 0xffff)
LONG_HS(h_sqdmull, simd_sat_s((s128)2 * sa * sb, wbits, &qc))
LONG_HS(h_sqdmlal, simd_sat_s((s128)sd + simd_sat_s((s128)2 * sa * sb, wbits, &qc), wbits, &qc))
LONG_HS(h_sqdmlsl, simd_sat_s((s128)sd - simd_sat_s((s128)2 * sa * sb, wbits, &qc), wbits, &qc))
LONG_BHS(h_sshll, (uint64_t)sa << sh)
LONG_BHS(h_ushll, a << sh)
LONG_BHS(h_shll, a << (wbits / 2))

/* ------------------------------------------------ across lanes (integer) */

/* ADDV, SADDLV, UADDLV, SMAXV, SMINV, UMAXV, UMINV: a scalar from f[2] lanes. */
#define ACROSS(NAME, BITS, OUTBITS, INIT, STEP)                                     \
	CORE_HANDLER(NAME##BITS)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]];                               \
		int64_t acc = INIT;                                                 \
		for (unsigned i = 0; i < op->f[2]; i++) {                           \
			uint64_t a = vn->EU##BITS[i];                               \
			int64_t sa = (ST##BITS)a;                                   \
			(void)sa;                                                   \
			acc = STEP;                                                 \
		}                                                                   \
		fpu_vset(c, op->r[0], (uint64_t)acc & (~0ull >> (64 - (OUTBITS))));  \
		return CORE_OK;                                                     \
	}
#define ACROSS_BHS(NAME, WIDE, INIT, STEP) ACROSS(NAME, 8, (WIDE) ? 16 : 8, INIT, STEP) \
	ACROSS(NAME, 16, (WIDE) ? 32 : 16, INIT, STEP) ACROSS(NAME, 32, (WIDE) ? 64 : 32, INIT, STEP)
ACROSS_BHS(h_addv, false, 0, acc + (int64_t)a)
ACROSS_BHS(h_saddlv, true, 0, acc + sa)
ACROSS_BHS(h_uaddlv, true, 0, acc + (int64_t)a)
ACROSS_BHS(h_smaxv, false, INT64_MIN, sa > acc ? sa : acc)
ACROSS_BHS(h_sminv, false, INT64_MAX, sa < acc ? sa : acc)
ACROSS_BHS(h_umaxv, false, 0, (int64_t)a > acc ? (int64_t)a : acc)
ACROSS_BHS(h_uminv, false, INT64_MAX, (int64_t)a < acc ? (int64_t)a : acc)

/* ------------------------------------------------ shift by immediate */

#define SH ((unsigned)op->imm)
/* C7.2 SSHR, USHR, SSRA, USRA, SRSHR, URSHR, SRSRA, URSRA (shift 1..esize). */
LANES3_ALL(h_sshr, (s128)sa >> SH)
LANES3_ALL(h_ushr, (u128)a >> SH)
LANES3_ALL(h_ssra, d + ((s128)sa >> SH))
LANES3_ALL(h_usra, d + ((u128)a >> SH))
LANES3_ALL(h_srshr, ((s128)sa + RND(SH)) >> SH)
LANES3_ALL(h_urshr, ((s128)a + RND(SH)) >> SH)
LANES3_ALL(h_srsra, d + (((s128)sa + RND(SH)) >> SH))
LANES3_ALL(h_ursra, d + (((s128)a + RND(SH)) >> SH))
/* C7.2 SRI (right 1..esize), SLI and SHL (left 0..esize-1): insert keeps Vd's other bits. */
LANES3_ALL(h_sri, (d & ~(UT)((u128)(UT)~0 >> SH)) | (UT)((u128)a >> SH))
LANES3_ALL(h_sli, (d & ~(UT)((u128)(UT)~0 << SH)) | (UT)((u128)a << SH))
LANES3_ALL(h_shl, (u128)a << SH)
/* C7.2 SQSHL, UQSHL, SQSHLU (immediate). */
LANES3_ALL(h_sqshli, simd_sat_s((s128)sa << SH, bits, &qc))
LANES3_ALL(h_uqshli, simd_sat_u((s128)a << SH, bits, &qc))
LANES3_ALL(h_sqshlu, simd_sat_u((s128)sa << SH, bits, &qc))

/* ------------------------------------------------- floating point */

/*
 * FP arithmetic over f[2] lanes of x and y (y's lane by MLANE), Vd as the
 * accumulator, x's sign flipped by op->imm (FMLS): one host pass judged by
 * one fpu_host_ok(), or, when FZ is set, a lane needs the Arm NaN or
 * underflow rules or MXCSR cannot stand, every lane again through the C path.
 */
#define FARITH(BITS, T, L, HOST, FIXUP, ARITH, ABS)                                 \
	static inline __attribute__((always_inline)) void farith##BITS(              \
		struct arm64_cpu *c, const struct core_op *op, enum fpu_op fop,     \
		const a64_vreg *x, const a64_vreg *y, a64_vreg *r)                  \
	{                                                                           \
		const a64_vreg *d = &c->v[op->r[0]];                                \
		unsigned n = op->f[2];                                              \
		UT##BITS neg = (UT##BITS)op->imm;                                   \
		if (likely(fpu_fast(c))) {                                          \
			bool bad = false;                                           \
			for (unsigned i = 0; i < n; i++) {                          \
				a64_vreg t;                                         \
				t.EU##BITS[0] = x->EU##BITS[i] ^ neg;               \
				T p = t.L[0], q = y->L[MLANE(op, i)], z = d->L[i];  \
				IEEE_HOST_BARRIER(p); IEEE_HOST_BARRIER(q);         \
				IEEE_HOST_BARRIER(z);                               \
				T res = HOST(fop, p, q, z);                         \
				IEEE_HOST_BARRIER(res);                             \
				bad |= FIXUP(res);                                  \
				r->L[i] = fop == FPU_ABD ? ABS(res) : res;          \
			}                                                           \
			if (likely(!bad && fpu_host_ok(c)))                         \
				return;                                             \
		}                                                                   \
		for (unsigned i = 0; i < n; i++)                                    \
			r->EU##BITS[i] = ARITH(c, fop, x->EU##BITS[i] ^ neg,         \
					       y->EU##BITS[MLANE(op, i)], d->EU##BITS[i]); \
	}
FARITH(32, float, f32, fpu_host_float, ieee_host_recheck32, fpu_arith32, fabsf)
FARITH(64, double, f64, fpu_host_double, ieee_host_recheck64, fpu_arith64, fabs)

/* FADD, FSUB, FMUL, FDIV, FMULX, FMLA, FMLS, FABD, FRECPS, FRSQRTS, FSQRT. */
#define FP3(NAME, FOP)                                                              \
	CORE_HANDLER(NAME##32)          \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		a64_vreg r = { .q = 0 };                                            \
		farith32(c, op, FOP, &c->v[op->r[1]], &c->v[op->r[2]], &r);         \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}                                                                           \
	CORE_HANDLER(NAME##64)          \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		a64_vreg r = { .q = 0 };                                            \
		farith64(c, op, FOP, &c->v[op->r[1]], &c->v[op->r[2]], &r);         \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}
FP3(h_fadd, FPU_ADD)
FP3(h_fsub, FPU_SUB)
FP3(h_fmul, FPU_MUL)
FP3(h_fdiv, FPU_DIV)
FP3(h_fmulx, FPU_MULX)
FP3(h_fmla, FPU_FMA)
FP3(h_fabd, FPU_ABD)
FP3(h_frecps, FPU_RECPS)
FP3(h_frsqrts, FPU_RSQRTS)
FP3(h_fsqrt, FPU_SQRT)

/* Even and odd elements of the f[2]-lane concatenation Vn:Vm (UZP1/UZP2, pairwise). */
static void unzip(unsigned esize, unsigned lanes, const a64_vreg *n, const a64_vreg *m,
		  a64_vreg *even, a64_vreg *odd)
{
	uint8_t cat[32];
	unsigned len = lanes * esize;
	memcpy(cat, n->b, len);
	memcpy(cat + len, m->b, len);
	even->q = odd->q = 0;
	for (unsigned i = 0; i < lanes; i++) {
		memcpy(&even->b[i * esize], &cat[2 * i * esize], esize);
		memcpy(&odd->b[i * esize], &cat[(2 * i + 1) * esize], esize);
	}
}

/* The pairs of a pairwise op: two lanes for the scalar forms (f[2] = 1). */
static inline void fpairs(const struct arm64_cpu *c, const struct core_op *op, unsigned esize,
			  a64_vreg *even, a64_vreg *odd)
{
	unzip(esize, op->f[2] < 2 ? 2 : op->f[2], &c->v[op->r[1]], &c->v[op->r[2]], even, odd);
}

/* C7.2 FADDP (vector and scalar). */
CORE_HANDLER(h_faddp32)
{
	struct arm64_cpu *c = a64(v);
	a64_vreg x, y, r = { .q = 0 };
	fpairs(c, op, 4, &x, &y);
	farith32(c, op, FPU_ADD, &x, &y, &r);
	c->v[op->r[0]] = r;
	return CORE_OK;
}

CORE_HANDLER(h_faddp64)
{
	struct arm64_cpu *c = a64(v);
	a64_vreg x, y, r = { .q = 0 };
	fpairs(c, op, 8, &x, &y);
	farith64(c, op, FPU_ADD, &x, &y, &r);
	c->v[op->r[0]] = r;
	return CORE_OK;
}

/*
 * Lane-by-lane FP ops done in C (min/max, compares, conversions, rounding,
 * estimates): EXPR on x (Vn lane bits), y (Vm lane), with c, op, fmt, bits.
 */
#define FLANES(NAME, BITS, EXPR)                                                    \
	static void NAME##BITS##_lanes(struct arm64_cpu *c, const struct core_op *op, \
				       const a64_vreg *vx, const a64_vreg *vy, a64_vreg *r) \
	{                                                                           \
		const enum ieee_fmt fmt = BITS == 64 ? IEEE_D : IEEE_S;                \
		const unsigned bits = BITS;                                         \
		const UT##BITS sign = (UT##BITS)1 << (BITS - 1);                    \
		typedef UT##BITS UT __attribute__((unused));                        \
		typedef ST##BITS ST __attribute__((unused));                        \
		(void)fmt; (void)bits; (void)sign;                                  \
		for (unsigned i = 0; i < op->f[2]; i++) {                           \
			UT##BITS x = vx->EU##BITS[i], y = vy->EU##BITS[MLANE(op, i)]; \
			(void)y;                                                    \
			r->EU##BITS[i] = (UT##BITS)(EXPR);                          \
		}                                                                   \
	}                                                                           \
	CORE_HANDLER(NAME##BITS)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		a64_vreg r = { .q = 0 };                                            \
		NAME##BITS##_lanes(c, op, &c->v[op->r[1]], &c->v[op->r[2]], &r);    \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}
#define FLANES_SD(NAME, EXPR) FLANES(NAME, 32, EXPR) FLANES(NAME, 64, EXPR)
/* The pairwise form of a FLANES op. */
#define FPAIR(NAME, BASE)                                                           \
	CORE_HANDLER(NAME##32)          \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		a64_vreg x, y, r = { .q = 0 };                                      \
		fpairs(c, op, 4, &x, &y);                                           \
		BASE##32_lanes(c, op, &x, &y, &r);                                  \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}                                                                           \
	CORE_HANDLER(NAME##64)          \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		a64_vreg x, y, r = { .q = 0 };                                      \
		fpairs(c, op, 8, &x, &y);                                           \
		BASE##64_lanes(c, op, &x, &y, &r);                                  \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}

/* C7.2 FMAX, FMIN, FMAXNM, FMINNM and their pairwise forms (vector). */
FLANES_SD(h_fmax, fpu_minmax(c, fmt, IEEE_MAX, x, y))
FLANES_SD(h_fmin, fpu_minmax(c, fmt, IEEE_MIN, x, y))
FLANES_SD(h_fmaxnm, fpu_minmax(c, fmt, IEEE_MAXNUM, x, y))
FLANES_SD(h_fminnm, fpu_minmax(c, fmt, IEEE_MINNUM, x, y))
FPAIR(h_fmaxp, h_fmax)
FPAIR(h_fminp, h_fmin)
FPAIR(h_fmaxnmp, h_fmaxnm)
FPAIR(h_fminnmp, h_fminnm)
/* C7.2 FCMEQ, FCMGE, FCMGT, FACGE, FACGT (register) and the compares with zero. */
FLANES_SD(h_fcmeq, -(UT)fpu_compare_cond(c, fmt, FPU_EQ, x, y))
FLANES_SD(h_fcmge, -(UT)fpu_compare_cond(c, fmt, FPU_GE, x, y))
FLANES_SD(h_fcmgt, -(UT)fpu_compare_cond(c, fmt, FPU_GT, x, y))
FLANES_SD(h_facge, -(UT)fpu_compare_cond(c, fmt, FPU_GE, x & ~sign, y & ~sign))
FLANES_SD(h_facgt, -(UT)fpu_compare_cond(c, fmt, FPU_GT, x & ~sign, y & ~sign))
FLANES_SD(h_fcmeq0, -(UT)fpu_compare_cond(c, fmt, FPU_EQ, x, 0))
FLANES_SD(h_fcmge0, -(UT)fpu_compare_cond(c, fmt, FPU_GE, x, 0))
FLANES_SD(h_fcmgt0, -(UT)fpu_compare_cond(c, fmt, FPU_GT, x, 0))
FLANES_SD(h_fcmle0, -(UT)fpu_compare_cond(c, fmt, FPU_GE, 0, x))
FLANES_SD(h_fcmlt0, -(UT)fpu_compare_cond(c, fmt, FPU_GT, 0, x))
/* C7.2 FABS, FNEG (vector): sign bit only. */
FLANES_SD(h_fabs, x & ~sign)
FLANES_SD(h_fneg, x ^ sign)
/* C7.2 FRINT<r> (vector): f[1] is not an index here, so the mode is in imm. */
FLANES_SD(h_frint, fpu_round_int(c, fmt, x, (enum ieee_rounding)(op->imm & 0xff), op->imm >> 8))
/* C7.2 FCVT<r>S, FCVT<r>U, SCVTF, UCVTF (vector, scalar; integer and fixed): imm = fbits | rm << 8. */
FLANES_SD(h_fcvts, fpu_to_fixed(c, fmt, x, op->imm & 0xff, false, bits,
				 (enum ieee_rounding)(op->imm >> 8)))
FLANES_SD(h_fcvtu, fpu_to_fixed(c, fmt, x, op->imm & 0xff, true, bits,
				 (enum ieee_rounding)(op->imm >> 8)))
FLANES_SD(h_scvtf, fpu_from_fixed(c, fmt, (uint64_t)(int64_t)(ST)x, op->imm & 0xff, false))
FLANES_SD(h_ucvtf, fpu_from_fixed(c, fmt, x, op->imm & 0xff, true))
/* C7.2 FRECPE, FRSQRTE, FRECPX, URECPE, URSQRTE. */
FLANES_SD(h_frecpe, fpu_recip_estimate(c, fmt, x))
FLANES_SD(h_frsqrte, fpu_rsqrt_estimate(c, fmt, x))
FLANES_SD(h_frecpx, fpu_recpx(c, fmt, x))
FLANES(h_urecpe, 32, fpu_urecpe(x))
FLANES(h_ursqrte, 32, fpu_ursqrte(x))

/*
 * C7.2 FCVTN, FCVTXN (narrow into half f[3] of Vd) and FCVTL (widen from
 * half f[3] of Vn). BITS is the narrow element size.
 */
#define FCVT_NARROW(NAME, BITS, FROM, TO, RM)                                       \
	CORE_HANDLER(NAME##BITS)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]];                               \
		unsigned n = op->f[2], part = op->f[3];                             \
		a64_vreg r;                                                         \
		r.d[0] = c->v[op->r[0]].d[0] & -(uint64_t)part;                     \
		r.d[1] = 0;                                                         \
		for (unsigned i = 0; i < n; i++)                                    \
			r.EU##BITS[part * n + i] = (UT##BITS)fpu_convert(           \
				c, FROM, TO, vn->CAT(EU, DBL##BITS)[i], RM);        \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}
FCVT_NARROW(h_fcvtn, 16, IEEE_S, IEEE_H, IEEE_RDYN)
FCVT_NARROW(h_fcvtn, 32, IEEE_D, IEEE_S, IEEE_RDYN)
FCVT_NARROW(h_fcvtxn, 32, IEEE_D, IEEE_S, IEEE_RO)

#define FCVT_LONG(BITS, FROM, TO)                                                   \
	CORE_HANDLER(h_fcvtl##BITS)     \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]];                               \
		unsigned n = op->f[2], base = op->f[3] * n;                         \
		a64_vreg r;                                                         \
		for (unsigned i = 0; i < n; i++)                                    \
			r.CAT(EU, DBL##BITS)[i] = (CAT(UT, DBL##BITS))fpu_convert(  \
				c, FROM, TO, vn->EU##BITS[base + i], IEEE_RDYN);    \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}
FCVT_LONG(16, IEEE_H, IEEE_S)
FCVT_LONG(32, IEEE_S, IEEE_D)

/*
 * C7.2 FMAXV, FMINV, FMAXNMV, FMINNMV (4S): Reduce() halves recursively,
 * so the order is op(op(e0, e1), op(e2, e3)).
 */
#define FACROSS(NAME, KIND)                                                         \
	CORE_HANDLER(NAME)              \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]];                               \
		uint64_t lo = fpu_minmax(c, IEEE_S, KIND, vn->s[0], vn->s[1]);       \
		uint64_t hi = fpu_minmax(c, IEEE_S, KIND, vn->s[2], vn->s[3]);       \
		fpu_vset(c, op->r[0], fpu_minmax(c, IEEE_S, KIND, lo, hi));          \
		return CORE_OK;                                                     \
	}
FACROSS(h_fmaxv, IEEE_MAX)
FACROSS(h_fminv, IEEE_MIN)
FACROSS(h_fmaxnmv, IEEE_MAXNUM)
FACROSS(h_fminnmv, IEEE_MINNUM)

/* ------------------------------------------------------------- copy */

/* C7.2 DUP (element): LANES3 with Vm = Vn and the element index (f[0] = 0). */
LANES3_ALL(h_dup_elem, b)

/* C7.2 DUP (general): every lane from Xn. */
#define DUP_GEN(BITS)                                                               \
	CORE_HANDLER(h_dup_gen##BITS)   \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		a64_vreg r;                                                         \
		for (unsigned i = 0; i < 128 / BITS; i++)                           \
			r.EU##BITS[i] = (UT##BITS)c->x[op->r[1]];                   \
		vstore(c, op, &r);                                                  \
		return CORE_OK;                                                     \
	}
/* C7.2 INS (general): one lane from Xn, the others kept. */
#define INS_GEN(BITS)                                                               \
	CORE_HANDLER(h_ins_gen##BITS)   \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		c->v[op->r[0]].EU##BITS[op->f[1]] = (UT##BITS)c->x[op->r[1]];       \
		return CORE_OK;                                                     \
	}
/* C7.2 INS (element): lane f[1] of Vd from lane f[0] of Vn. */
#define INS_ELEM(BITS)                                                              \
	CORE_HANDLER(h_ins_elem##BITS)  \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		c->v[op->r[0]].EU##BITS[op->f[1]] = c->v[op->r[1]].EU##BITS[op->f[0]]; \
		return CORE_OK;                                                     \
	}
/* C7.2 UMOV, SMOV (to W: sign-extended to 32 bits, then zero-extended), DUP (scalar). */
#define UMOV(BITS)                                                                  \
	CORE_HANDLER(h_umov##BITS)      \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		c->x[op->r[0]] = c->v[op->r[1]].EU##BITS[op->f[1]];                 \
		return CORE_OK;                                                     \
	}                                                                           \
	CORE_HANDLER(h_dup_scalar##BITS) \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		fpu_vset(c, op->r[0], c->v[op->r[1]].EU##BITS[op->f[1]]);           \
		return CORE_OK;                                                     \
	}
#define SMOV(BITS, W, T)                                                            \
	CORE_HANDLER(h_smov##W##BITS)   \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		c->x[op->r[0]] = (T)(ST##BITS)c->v[op->r[1]].EU##BITS[op->f[1]];   \
		return CORE_OK;                                                     \
	}
SMOV(8, w, uint32_t)
SMOV(16, w, uint32_t)
SMOV(8, x, uint64_t)
SMOV(16, x, uint64_t)
SMOV(32, x, uint64_t)
#define COPY_ALL(BITS) DUP_GEN(BITS) INS_GEN(BITS) INS_ELEM(BITS) UMOV(BITS)
COPY_ALL(8)
COPY_ALL(16)
COPY_ALL(32)
COPY_ALL(64)

/* ---------------------------------------------------------- permute */

/* C7.2 ZIP1/ZIP2, UZP1/UZP2, TRN1/TRN2: f[2] lanes, f[1] the part (1 or 2). */
#define PERMUTE(BITS)                                                               \
	CORE_HANDLER(h_zip##BITS)       \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]], *vm = &c->v[op->r[2]];        \
		a64_vreg r = { .q = 0 };                                            \
		unsigned half = op->f[2] / 2, base = op->f[1] * half;               \
		for (unsigned i = 0; i < half; i++) {                               \
			r.EU##BITS[2 * i] = vn->EU##BITS[base + i];                 \
			r.EU##BITS[2 * i + 1] = vm->EU##BITS[base + i];             \
		}                                                                   \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}                                                                           \
	CORE_HANDLER(h_uzp##BITS)       \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		a64_vreg even, odd;                                                 \
		unzip(BITS / 8, op->f[2], &c->v[op->r[1]], &c->v[op->r[2]], &even, &odd); \
		c->v[op->r[0]] = op->f[1] ? odd : even;                             \
		return CORE_OK;                                                     \
	}                                                                           \
	CORE_HANDLER(h_trn##BITS)       \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]], *vm = &c->v[op->r[2]];        \
		a64_vreg r = { .q = 0 };                                            \
		unsigned p = op->f[1];                                              \
		for (unsigned i = 0; i < op->f[2] / 2; i++) {                       \
			r.EU##BITS[2 * i] = vn->EU##BITS[2 * i + p];                \
			r.EU##BITS[2 * i + 1] = vm->EU##BITS[2 * i + p];            \
		}                                                                   \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}
PERMUTE(8)
PERMUTE(16)
PERMUTE(32)
PERMUTE(64)

/* C7.2 EXT: bytes imm.. of Vn:Vm (the low halves when Q=0); f[2] = 8 or 16 bytes. */
CORE_HANDLER(h_ext)
{
	struct arm64_cpu *c = a64(v);
	uint8_t cat[32];
	unsigned len = op->f[2];
	a64_vreg r = { .q = 0 };
	memcpy(cat, c->v[op->r[1]].b, len);
	memcpy(cat + len, c->v[op->r[2]].b, len);
	memcpy(r.b, cat + op->imm, len);
	c->v[op->r[0]] = r;
	return CORE_OK;
}

/*
 * C7.2 TBL, TBX: f[1] table registers from Vn (wrapping at V31), f[2]
 * result bytes. Out-of-range indices give 0 (TBL) or keep Vd (TBX).
 */
static inline void table_lookup(struct arm64_cpu *c, const struct core_op *op, bool tbx)
{
	uint8_t table[64];
	unsigned regs = op->f[1];
	const a64_vreg *idx = &c->v[op->r[2]], *vd = &c->v[op->r[0]];
	a64_vreg r = { .q = 0 };
	for (unsigned i = 0; i < regs; i++)
		memcpy(table + 16 * i, c->v[(op->r[1] + i) & 31].b, 16);
	for (unsigned j = 0; j < op->f[2]; j++) {
		unsigned k = idx->b[j];
		r.b[j] = k < 16 * regs ? table[k] : tbx ? vd->b[j] : 0;
	}
	c->v[op->r[0]] = r;
}

CORE_HANDLER(h_tbl)
{
	table_lookup(a64(v), op, false);
	return CORE_OK;
}

CORE_HANDLER(h_tbx)
{
	table_lookup(a64(v), op, true);
	return CORE_OK;
}

/* ------------------------------------------------ modified immediate */

/* C7.2 MOVI, MVNI, FMOV (vector, immediate): the 64-bit pattern was expanded at decode. */
CORE_HANDLER(h_movi)
{
	struct arm64_cpu *c = a64(v);
	a64_vreg r = { .d = { op->imm, op->imm } };
	vstore(c, op, &r);
	return CORE_OK;
}

/* C7.2 ORR (vector, immediate). */
CORE_HANDLER(h_orri)
{
	struct arm64_cpu *c = a64(v);
	const a64_vreg *d = &c->v[op->r[0]];
	a64_vreg r = { .d = { d->d[0] | op->imm, d->d[1] | op->imm } };
	vstore(c, op, &r);
	return CORE_OK;
}

/* C7.2 BIC (vector, immediate): imm holds the inverted pattern. */
CORE_HANDLER(h_andi)
{
	struct arm64_cpu *c = a64(v);
	const a64_vreg *d = &c->v[op->r[0]];
	a64_vreg r = { .d = { d->d[0] & op->imm, d->d[1] & op->imm } };
	vstore(c, op, &r);
	return CORE_OK;
}

/* ------------------------------------------------ load/store structures */

/*
 * r[0] Vt, r[1] Xn|SP, r[2] Xm (post-index register); f[0] log2 element
 * bytes, f[1] structure elements (selem), f[2] registers (multiple) or lane
 * index (single), f[3] Q; imm the post-index immediate. A fault leaves the
 * registers and the base untouched: data is staged in a buffer.
 */

/* The host address of [va, va+size) when one TLB entry maps it all, else NULL. */
static inline uint8_t *ls_host(struct arm64_cpu *c, uint64_t va, unsigned size, bool write)
{
	struct core_tlb_entry *e = core_tlb_slot(c->core.tlb, va);
	uint64_t tag = write ? e->tag_w : e->tag_r;
	if (likely(tag == (va & CORE_PAGE_MASK) &&
		   (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size))
		return (uint8_t *)(uintptr_t)(va + e->addend);
	return NULL;
}

static inline int ls_read(struct arm64_cpu *c, const struct core_op *op, uint64_t va, void *buf,
			  unsigned size)
{
	const uint8_t *p = ls_host(c, va, size, false);
	if (likely(p)) {
		memcpy(buf, p, size);
		return 0;
	}
	return a64_read_bytes(c, op, va, buf, size);
}

static inline int ls_write(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			   const void *buf, unsigned size)
{
	uint8_t *p = ls_host(c, va, size, true);
	if (likely(p)) {
		memcpy(p, buf, size);
		return 0;
	}
	return a64_write_bytes(c, op, va, buf, size);
}

/* C7.2 LD1/ST1 (multiple structures, 1-4 registers): consecutive registers. */
static inline int ld1_multi(struct arm64_cpu *c, const struct core_op *op)
{
	unsigned bytes = 8u << op->f[3], nregs = op->f[2];
	uint8_t buf[64];
	int rc = ls_read(c, op, c->x[op->r[1]], buf, nregs * bytes);
	if (rc)
		return rc;
	for (unsigned k = 0; k < nregs; k++) {
		a64_vreg *d = &c->v[(op->r[0] + k) & 31];
		memcpy(d->b, buf + k * bytes, 16);
		d->d[1] &= -(uint64_t)op->f[3];
	}
	return 0;
}

static inline int st1_multi(struct arm64_cpu *c, const struct core_op *op)
{
	unsigned bytes = 8u << op->f[3], nregs = op->f[2];
	uint8_t buf[64];
	for (unsigned k = 0; k < nregs; k++)
		memcpy(buf + k * bytes, c->v[(op->r[0] + k) & 31].b, bytes);
	return ls_write(c, op, c->x[op->r[1]], buf, nregs * bytes);
}

/* C7.2 LD2/LD3/LD4, ST2/ST3/ST4 (multiple structures): element e of register s at (e * selem + s). */
static inline int ldn_multi(struct arm64_cpu *c, const struct core_op *op)
{
	unsigned eb = 1u << op->f[0], selem = op->f[1], bytes = 8u << op->f[3];
	uint8_t buf[64];
	a64_vreg t[4] = { { .q = 0 } };
	int rc = ls_read(c, op, c->x[op->r[1]], buf, selem * bytes);
	if (rc)
		return rc;
	for (unsigned e = 0; e < bytes / eb; e++)
		for (unsigned s = 0; s < selem; s++)
			memcpy(&t[s].b[e * eb], &buf[(e * selem + s) * eb], eb);
	for (unsigned s = 0; s < selem; s++)
		c->v[(op->r[0] + s) & 31] = t[s];
	return 0;
}

static inline int stn_multi(struct arm64_cpu *c, const struct core_op *op)
{
	unsigned eb = 1u << op->f[0], selem = op->f[1], bytes = 8u << op->f[3];
	uint8_t buf[64];
	for (unsigned e = 0; e < bytes / eb; e++)
		for (unsigned s = 0; s < selem; s++)
			memcpy(&buf[(e * selem + s) * eb], &c->v[(op->r[0] + s) & 31].b[e * eb], eb);
	return ls_write(c, op, c->x[op->r[1]], buf, selem * bytes);
}

/* C7.2 LD1-LD4, ST1-ST4 (single structure): lane f[2] of selem registers. */
static inline int ld_single(struct arm64_cpu *c, const struct core_op *op)
{
	unsigned eb = 1u << op->f[0], selem = op->f[1];
	uint8_t buf[32];
	int rc = ls_read(c, op, c->x[op->r[1]], buf, selem * eb);
	if (rc)
		return rc;
	for (unsigned s = 0; s < selem; s++)
		memcpy(&c->v[(op->r[0] + s) & 31].b[op->f[2] * eb], buf + s * eb, eb);
	return 0;
}

static inline int st_single(struct arm64_cpu *c, const struct core_op *op)
{
	unsigned eb = 1u << op->f[0], selem = op->f[1];
	uint8_t buf[32];
	for (unsigned s = 0; s < selem; s++)
		memcpy(buf + s * eb, &c->v[(op->r[0] + s) & 31].b[op->f[2] * eb], eb);
	return ls_write(c, op, c->x[op->r[1]], buf, selem * eb);
}

/* C7.2 LD1R-LD4R: one structure replicated to every lane. */
static inline int ld_replicate(struct arm64_cpu *c, const struct core_op *op)
{
	unsigned eb = 1u << op->f[0], selem = op->f[1];
	uint8_t buf[32];
	int rc = ls_read(c, op, c->x[op->r[1]], buf, selem * eb);
	if (rc)
		return rc;
	for (unsigned s = 0; s < selem; s++) {
		a64_vreg r;
		for (unsigned e = 0; e < 16 / eb; e++)
			memcpy(&r.b[e * eb], buf + s * eb, eb);
		r.d[1] &= -(uint64_t)op->f[3];
		c->v[(op->r[0] + s) & 31] = r;
	}
	return 0;
}

/* Each transfer without writeback, with post-index immediate, with post-index register. */
#define LS_HANDLERS(NAME, BODY)                                                     \
	CORE_HANDLER(NAME)              \
	{                                                                           \
		return BODY(a64(v), op);                                            \
	}                                                                           \
	CORE_HANDLER(NAME##_wbi)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		int rc = BODY(c, op);                                               \
		if (rc)                                                             \
			return rc;                                                  \
		c->x[op->r[1]] += op->imm;                                          \
		return CORE_OK;                                                     \
	}                                                                           \
	CORE_HANDLER(NAME##_wbr)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		int rc = BODY(c, op);                                               \
		if (rc)                                                             \
			return rc;                                                  \
		c->x[op->r[1]] += c->x[op->r[2]];                                   \
		return CORE_OK;                                                     \
	}
LS_HANDLERS(h_ld1m, ld1_multi)
LS_HANDLERS(h_st1m, st1_multi)
LS_HANDLERS(h_ldnm, ldn_multi)
LS_HANDLERS(h_stnm, stn_multi)
LS_HANDLERS(h_lds, ld_single)
LS_HANDLERS(h_sts, st_single)
LS_HANDLERS(h_ldr, ld_replicate)

/* ------------------------------------------------------------- decode */

/*
 * The decode table is data: simd.decode, which tools/decodetree.py turns
 * into simd_rows[] and the operand extraction at build time. Below are the
 * transforms and the check the description names.
 */

/* C4.1.6 shift by immediate: log2 of the element bytes, immh's highest set bit. */
static int64_t immh_esize(int64_t immh)
{
	return 31 - __builtin_clz((uint32_t)immh);
}

/* Right shifts by 2 * esize - immh:immb (1..esize). */
static int64_t shift_right(int64_t immhb)
{
	return (16 << immh_esize(immhb >> 3)) - immhb;
}

/* Left shifts by immh:immb - esize (0..esize-1). */
static int64_t shift_left(int64_t immhb)
{
	return immhb - (8 << immh_esize(immhb >> 3));
}

/* C4.1.6 copy: imm5's lowest set bit is the element size, the bits above it the index. */
static int64_t imm5_size(int64_t imm5)
{
	return __builtin_ctz((uint32_t)imm5);
}

static int64_t imm5_index(int64_t imm5)
{
	return imm5 >> (imm5_size(imm5) + 1);
}

/* C7.2 MOVI: AdvSIMDExpandImm(op, cmode, imm8). */
static uint64_t rep32(uint64_t x) { return x | x << 32; }

static uint64_t simd_expand_imm(unsigned op, unsigned cmode, unsigned imm8)
{
	uint64_t i = imm8, r = 0;
	switch (cmode >> 1) {
	case 0: return rep32(i);
	case 1: return rep32(i << 8);
	case 2: return rep32(i << 16);
	case 3: return rep32(i << 24);
	case 4: return i * 0x0001000100010001ull;
	case 5: return (i << 8) * 0x0001000100010001ull;
	case 6: return cmode & 1 ? rep32(i << 16 | 0xffff) : rep32(i << 8 | 0xff);
	default:
		if (!(cmode & 1)) {
			if (!op)
				return i * 0x0101010101010101ull;
			for (unsigned b = 0; b < 8; b++)
				if ((imm8 >> b) & 1)
					r |= 0xffull << (8 * b);
			return r;
		}
		return op ? fpu_expand_imm(IEEE_D, (uint8_t)imm8)
			  : rep32(fpu_expand_imm(IEEE_S, (uint8_t)imm8));
	}
}

/*
 * MOVI, MVNI, ORR, BIC, FMOV (vector, immediate) from op:cmode:abcdefgh;
 * MVNI and BIC (op = 1, cmode below 1110) take the inverted pattern.
 */
static int64_t movi_imm(int64_t op_cmode_imm8)
{
	unsigned op = (unsigned)op_cmode_imm8 >> 12, cmode = ((unsigned)op_cmode_imm8 >> 8) & 15;
	uint64_t imm = simd_expand_imm(op, cmode, (unsigned)op_cmode_imm8 & 0xff);
	return (int64_t)(op && cmode < 14 ? ~imm : imm);
}

/* C4.1.4 LD2-LD4, ST2-ST4 (multiple structures) have no 1D arrangement: size 11 needs Q. */
static bool no_1d(uint32_t insn, struct core_op *op)
{
	return op->f[0] != 3 || op->f[3];
}

#include "cpu/arm64/simd_decode.inc"

const struct a64_table a64_table_simd = { simd_rows, sizeof(simd_rows) / sizeof(simd_rows[0]) };
