/*
 * A64 Advanced SIMD (Arm ARM C4.1.6 "Data Processing -- Scalar
 * Floating-Point and Advanced SIMD", the "Advanced SIMD" groups, and C4.1.4
 * "Advanced SIMD load/store multiple/single structures").
 *
 * Rows carry the element size: one handler per size, picked by the pattern
 * (size bits in the mask), so no handler branches on it. Operand fields for
 * the data-processing handlers:
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

typedef unsigned __int128 u128;
typedef __int128 s128;

typedef uint8_t vu8 __attribute__((vector_size(16)));
typedef int8_t vs8 __attribute__((vector_size(16)));
typedef uint16_t vu16 __attribute__((vector_size(16)));
typedef int16_t vs16 __attribute__((vector_size(16)));
typedef uint32_t vu32 __attribute__((vector_size(16)));
typedef int32_t vs32 __attribute__((vector_size(16)));
typedef uint64_t vu64 __attribute__((vector_size(16)));
typedef int64_t vs64 __attribute__((vector_size(16)));

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

/* SignedSatQ / UnsignedSatQ to `bits` (QC on saturation). */
static inline int64_t sat_s(s128 v, unsigned bits, bool *qc)
{
	s128 max = ((s128)1 << (bits - 1)) - 1, min = -max - 1;
	if (v > max) {
		*qc = true;
		return (int64_t)max;
	}
	if (v < min) {
		*qc = true;
		return (int64_t)min;
	}
	return (int64_t)v;
}

static inline uint64_t sat_u(s128 v, unsigned bits, bool *qc)
{
	s128 max = ((s128)1 << bits) - 1;
	if (v > max) {
		*qc = true;
		return (uint64_t)max;
	}
	if (v < 0) {
		*qc = true;
		return 0;
	}
	return (uint64_t)v;
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
		return sgn ? (uint64_t)sat_s(r, bits, qc) : sat_u(r, bits, qc);
	}
	int rs = -sh;
	if (rs > (int)bits + 1)
		rs = bits + 1;
	r = v;
	if (round)
		r += (s128)1 << (rs - 1);
	r >>= rs;
	return sgn && sat ? (uint64_t)sat_s(r, bits, qc) : sat ? sat_u(r, bits, qc) : (uint64_t)r;
}

/* Lanes of Vm: lane i for vector forms, a fixed element for by-element forms. */
#define MLANE(op, i) (((i) & (op)->f[0]) | (op)->f[1])

/*
 * A lane-by-lane op. In EXPR: a, b, d (Vn, Vm, Vd lanes, unsigned), sa, sb
 * (signed), UT/ST (the lane types), bits, fmt (FP format of the lane size),
 * qc (set on saturation), c and op.
 */
#define LANES3(NAME, BITS, EXPR)                                                    \
	static int NAME##BITS(struct core_vcpu *v, const struct core_op *op)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]], *vm = &c->v[op->r[2]];        \
		const a64_vreg *vd = &c->v[op->r[0]];                               \
		a64_vreg r = { .q = 0 };                                            \
		bool qc = false;                                                    \
		typedef UT##BITS UT __attribute__((unused));                                              \
		typedef ST##BITS ST __attribute__((unused));                                              \
		const unsigned bits = BITS;                                         \
		const enum ieee_fmt fmt = BITS == 64 ? IEEE_D : IEEE_S;             \
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
	static int NAME##BITS(struct core_vcpu *v, const struct core_op *op)        \
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

/* Select by a lane mask m (all ones / zero): m ? x : y. */
#define VSEL(m, x, y) (((x) & (m)) | ((y) & ~(m)))

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
LANES3_ALL(h_sqadd, sat_s((s128)sa + sb, bits, &qc))
LANES3_ALL(h_uqadd, sat_u((s128)a + b, bits, &qc))
LANES3_ALL(h_sqsub, sat_s((s128)sa - sb, bits, &qc))
LANES3_ALL(h_uqsub, sat_u((s128)a - b, bits, &qc))
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
LANES3(h_sqdmulh, 16, sat_s(((s128)2 * sa * sb) >> bits, bits, &qc))
LANES3(h_sqdmulh, 32, sat_s(((s128)2 * sa * sb) >> bits, bits, &qc))
LANES3(h_sqrdmulh, 16, sat_s(((s128)2 * sa * sb + ((s128)1 << (bits - 1))) >> bits, bits, &qc))
LANES3(h_sqrdmulh, 32, sat_s(((s128)2 * sa * sb + ((s128)1 << (bits - 1))) >> bits, bits, &qc))

/*
 * Pairwise ops (ADDP, SMAXP, SMINP, UMAXP, UMINP, vector and scalar ADDP):
 * the lanes of Vn then of Vm, taken two by two. EXPR on a, b / sa, sb.
 */
#define PAIR3(NAME, BITS, EXPR)                                                     \
	static int NAME##BITS(struct core_vcpu *v, const struct core_op *op)        \
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
	static int h_rev##BITS(struct core_vcpu *v, const struct core_op *op)       \
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
LANES3_ALL(h_sqabs, sat_s(sa < 0 ? -(s128)sa : (s128)sa, bits, &qc))
LANES3_ALL(h_sqneg, sat_s(-(s128)sa, bits, &qc))
/* C7.2 SUQADD (signed += unsigned Vn), USQADD (unsigned += signed Vn). */
LANES3_ALL(h_suqadd, sat_s((s128)(ST)d + a, bits, &qc))
LANES3_ALL(h_usqadd, sat_u((s128)d + sa, bits, &qc))

/*
 * Pairwise long adds: SADDLP, UADDLP, SADALP, UADALP. BITS is the source
 * element size; f[2] counts the (wide) result lanes.
 */
#define PAIRL(NAME, BITS, SIGNED, ACC)                                              \
	static int NAME##BITS(struct core_vcpu *v, const struct core_op *op)        \
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
	static int NAME##BITS(struct core_vcpu *v, const struct core_op *op)        \
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
NARROW_BHS(h_sqxtn, sat_s(swn, bits, &qc))
NARROW_BHS(h_uqxtn, sat_u(wn, bits, &qc))
NARROW_BHS(h_sqxtun, sat_u(swn, bits, &qc))
NARROW_BHS(h_shrn, wn >> sh)
NARROW_BHS(h_rshrn, ((s128)wn + RND(sh)) >> sh)
NARROW_BHS(h_sqshrn, sat_s((s128)swn >> sh, bits, &qc))
NARROW_BHS(h_sqrshrn, sat_s(((s128)swn + RND(sh)) >> sh, bits, &qc))
NARROW_BHS(h_uqshrn, sat_u((s128)wn >> sh, bits, &qc))
NARROW_BHS(h_uqrshrn, sat_u(((s128)wn + RND(sh)) >> sh, bits, &qc))
NARROW_BHS(h_sqshrun, sat_u((s128)swn >> sh, bits, &qc))
NARROW_BHS(h_sqrshrun, sat_u(((s128)swn + RND(sh)) >> sh, bits, &qc))
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
	static int NAME##BITS(struct core_vcpu *v, const struct core_op *op)        \
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
LONG_HS(h_sqdmull, sat_s((s128)2 * sa * sb, wbits, &qc))
LONG_HS(h_sqdmlal, sat_s((s128)sd + sat_s((s128)2 * sa * sb, wbits, &qc), wbits, &qc))
LONG_HS(h_sqdmlsl, sat_s((s128)sd - sat_s((s128)2 * sa * sb, wbits, &qc), wbits, &qc))
LONG_BHS(h_sshll, (uint64_t)sa << sh)
LONG_BHS(h_ushll, a << sh)
LONG_BHS(h_shll, a << (wbits / 2))

/* ------------------------------------------------ across lanes (integer) */

/* ADDV, SADDLV, UADDLV, SMAXV, SMINV, UMAXV, UMINV: a scalar from f[2] lanes. */
#define ACROSS(NAME, BITS, OUTBITS, INIT, STEP)                                     \
	static int NAME##BITS(struct core_vcpu *v, const struct core_op *op)        \
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
LANES3_ALL(h_sqshli, sat_s((s128)sa << SH, bits, &qc))
LANES3_ALL(h_uqshli, sat_u((s128)a << SH, bits, &qc))
LANES3_ALL(h_sqshlu, sat_u((s128)sa << SH, bits, &qc))

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
	static int NAME##32(struct core_vcpu *v, const struct core_op *op)          \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		a64_vreg r = { .q = 0 };                                            \
		farith32(c, op, FOP, &c->v[op->r[1]], &c->v[op->r[2]], &r);         \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}                                                                           \
	static int NAME##64(struct core_vcpu *v, const struct core_op *op)          \
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
static int h_faddp32(struct core_vcpu *v, const struct core_op *op)
{
	struct arm64_cpu *c = a64(v);
	a64_vreg x, y, r = { .q = 0 };
	fpairs(c, op, 4, &x, &y);
	farith32(c, op, FPU_ADD, &x, &y, &r);
	c->v[op->r[0]] = r;
	return CORE_OK;
}

static int h_faddp64(struct core_vcpu *v, const struct core_op *op)
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
		const enum ieee_fmt fmt = BITS == 64 ? IEEE_D : IEEE_S;             \
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
	static int NAME##BITS(struct core_vcpu *v, const struct core_op *op)        \
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
	static int NAME##32(struct core_vcpu *v, const struct core_op *op)          \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		a64_vreg x, y, r = { .q = 0 };                                      \
		fpairs(c, op, 4, &x, &y);                                           \
		BASE##32_lanes(c, op, &x, &y, &r);                                  \
		c->v[op->r[0]] = r;                                                 \
		return CORE_OK;                                                     \
	}                                                                           \
	static int NAME##64(struct core_vcpu *v, const struct core_op *op)          \
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
	static int NAME##BITS(struct core_vcpu *v, const struct core_op *op)        \
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
	static int h_fcvtl##BITS(struct core_vcpu *v, const struct core_op *op)     \
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
	static int NAME(struct core_vcpu *v, const struct core_op *op)              \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		const a64_vreg *vn = &c->v[op->r[1]];                               \
		uint64_t lo = fpu_minmax(c, IEEE_S, KIND, vn->s[0], vn->s[1]);      \
		uint64_t hi = fpu_minmax(c, IEEE_S, KIND, vn->s[2], vn->s[3]);      \
		fpu_vset(c, op->r[0], fpu_minmax(c, IEEE_S, KIND, lo, hi));         \
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
	static int h_dup_gen##BITS(struct core_vcpu *v, const struct core_op *op)   \
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
	static int h_ins_gen##BITS(struct core_vcpu *v, const struct core_op *op)   \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		c->v[op->r[0]].EU##BITS[op->f[1]] = (UT##BITS)c->x[op->r[1]];       \
		return CORE_OK;                                                     \
	}
/* C7.2 INS (element): lane f[1] of Vd from lane f[0] of Vn. */
#define INS_ELEM(BITS)                                                              \
	static int h_ins_elem##BITS(struct core_vcpu *v, const struct core_op *op)  \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		c->v[op->r[0]].EU##BITS[op->f[1]] = c->v[op->r[1]].EU##BITS[op->f[0]]; \
		return CORE_OK;                                                     \
	}
/* C7.2 UMOV, SMOV (to W: sign-extended to 32 bits, then zero-extended), DUP (scalar). */
#define UMOV(BITS)                                                                  \
	static int h_umov##BITS(struct core_vcpu *v, const struct core_op *op)      \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		c->x[op->r[0]] = c->v[op->r[1]].EU##BITS[op->f[1]];                 \
		return CORE_OK;                                                     \
	}                                                                           \
	static int h_dup_scalar##BITS(struct core_vcpu *v, const struct core_op *op) \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		fpu_vset(c, op->r[0], c->v[op->r[1]].EU##BITS[op->f[1]]);           \
		return CORE_OK;                                                     \
	}
#define SMOV(BITS, W, T)                                                            \
	static int h_smov##W##BITS(struct core_vcpu *v, const struct core_op *op)   \
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
	static int h_zip##BITS(struct core_vcpu *v, const struct core_op *op)       \
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
	static int h_uzp##BITS(struct core_vcpu *v, const struct core_op *op)       \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		a64_vreg even, odd;                                                 \
		unzip(BITS / 8, op->f[2], &c->v[op->r[1]], &c->v[op->r[2]], &even, &odd); \
		c->v[op->r[0]] = op->f[1] ? odd : even;                             \
		return CORE_OK;                                                     \
	}                                                                           \
	static int h_trn##BITS(struct core_vcpu *v, const struct core_op *op)       \
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
static int h_ext(struct core_vcpu *v, const struct core_op *op)
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

static int h_tbl(struct core_vcpu *v, const struct core_op *op)
{
	table_lookup(a64(v), op, false);
	return CORE_OK;
}

static int h_tbx(struct core_vcpu *v, const struct core_op *op)
{
	table_lookup(a64(v), op, true);
	return CORE_OK;
}

/* ------------------------------------------------ modified immediate */

/* C7.2 MOVI, MVNI, FMOV (vector, immediate): the 64-bit pattern was expanded at decode. */
static int h_movi(struct core_vcpu *v, const struct core_op *op)
{
	struct arm64_cpu *c = a64(v);
	a64_vreg r = { .d = { op->imm, op->imm } };
	vstore(c, op, &r);
	return CORE_OK;
}

/* C7.2 ORR (vector, immediate). */
static int h_orri(struct core_vcpu *v, const struct core_op *op)
{
	struct arm64_cpu *c = a64(v);
	const a64_vreg *d = &c->v[op->r[0]];
	a64_vreg r = { .d = { d->d[0] | op->imm, d->d[1] | op->imm } };
	vstore(c, op, &r);
	return CORE_OK;
}

/* C7.2 BIC (vector, immediate): imm holds the inverted pattern. */
static int h_andi(struct core_vcpu *v, const struct core_op *op)
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
	static int NAME(struct core_vcpu *v, const struct core_op *op)              \
	{                                                                           \
		return BODY(a64(v), op);                                            \
	}                                                                           \
	static int NAME##_wbi(struct core_vcpu *v, const struct core_op *op)        \
	{                                                                           \
		struct arm64_cpu *c = a64(v);                                       \
		int rc = BODY(c, op);                                               \
		if (rc)                                                             \
			return rc;                                                  \
		c->x[op->r[1]] += op->imm;                                          \
		return CORE_OK;                                                     \
	}                                                                           \
	static int NAME##_wbr(struct core_vcpu *v, const struct core_op *op)        \
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

/* The writeback variants of each transfer, for the decoder to pick from. */
static const core_handler_fn ls_variants[][3] = {
	{ h_ld1m, h_ld1m_wbi, h_ld1m_wbr }, { h_st1m, h_st1m_wbi, h_st1m_wbr },
	{ h_ldnm, h_ldnm_wbi, h_ldnm_wbr }, { h_stnm, h_stnm_wbi, h_stnm_wbr },
	{ h_lds, h_lds_wbi, h_lds_wbr },    { h_sts, h_sts_wbi, h_sts_wbr },
	{ h_ldr, h_ldr_wbi, h_ldr_wbr },
};

/* Bit 23 marks the post-indexed forms; Rm = 31 is the immediate one. */
static void ls_pick(uint32_t insn, struct core_op *op, unsigned family, unsigned total)
{
	unsigned rm = a64_bits(insn, 16, 5);
	op->r[0] = (uint8_t)a64_bits(insn, 0, 5);
	op->r[1] = a64_reg_sp(a64_bits(insn, 5, 5));
	op->r[2] = (uint8_t)rm;
	op->imm = total;
	op->fn = ls_variants[family][!a64_bits(insn, 23, 1) ? 0 : rm == 31 ? 1 : 2];
}

/* C4.1.4 Advanced SIMD load/store multiple structures (opcode bits 15:12). */
static bool dec_ldst_multi(uint32_t insn, struct core_op *op)
{
	static const uint8_t rpt[16] = { [0] = 1, [2] = 4, [4] = 1, [6] = 3, [7] = 1, [8] = 1, [10] = 2 };
	static const uint8_t sel[16] = { [0] = 4, [2] = 1, [4] = 3, [6] = 1, [7] = 1, [8] = 2, [10] = 1 };
	unsigned opc = a64_bits(insn, 12, 4), size = a64_bits(insn, 10, 2);
	unsigned q = a64_bits(insn, 30, 1), load = a64_bits(insn, 22, 1);
	unsigned selem = sel[opc];
	if (!selem || (size == 3 && !q && selem > 1))
		return false;
	op->f[0] = (uint8_t)size;
	op->f[1] = (uint8_t)selem;
	op->f[2] = (uint8_t)(rpt[opc] * selem);
	op->f[3] = (uint8_t)q;
	ls_pick(insn, op, (selem > 1) * 2 + !load, op->f[2] * (8u << q));
	return true;
}

/* C4.1.4 Advanced SIMD load/store single structure (opcode bits 15:13, S, size). */
static bool dec_ldst_single(uint32_t insn, struct core_op *op)
{
	unsigned opc = a64_bits(insn, 13, 3), s = a64_bits(insn, 12, 1), size = a64_bits(insn, 10, 2);
	unsigned q = a64_bits(insn, 30, 1), load = a64_bits(insn, 22, 1);
	unsigned scale = opc >> 1, selem = ((opc & 1) << 1 | a64_bits(insn, 21, 1)) + 1, index = 0;
	switch (scale) {
	case 0:
		index = q << 3 | s << 2 | size;
		break;
	case 1:
		if (size & 1)
			return false;
		index = q << 2 | s << 1 | size >> 1;
		break;
	case 2:
		if (size & 2)
			return false;
		if (size & 1) {
			if (s)
				return false;
			scale = 3;
			index = q;
		} else {
			index = q << 1 | s;
		}
		break;
	default: /* replicate */
		if (!load || s)
			return false;
		scale = size;
		break;
	}
	op->f[0] = (uint8_t)scale;
	op->f[1] = (uint8_t)selem;
	op->f[2] = (uint8_t)index;
	op->f[3] = (uint8_t)q;
	ls_pick(insn, op, opc >= 6 ? 6 : 4 + !load, selem << scale);
	return true;
}

/* ------------------------------------------------------------ decoders */

static void dec_regs(uint32_t insn, struct core_op *op)
{
	op->r[0] = (uint8_t)a64_bits(insn, 0, 5);
	op->r[1] = (uint8_t)a64_bits(insn, 5, 5);
	op->r[2] = (uint8_t)a64_bits(insn, 16, 5);
	op->r[3] = 0;
	op->f[0] = 0xff;
	op->f[1] = 0;
	op->imm = 0;
}

static inline unsigned q_bit(uint32_t insn)
{
	return a64_bits(insn, 30, 1);
}

/* Vector, element size in bits 23:22: size 11 needs Q=1 (no 1D arrangement). */
static bool dec_vec(uint32_t insn, struct core_op *op)
{
	unsigned size = a64_bits(insn, 22, 2), q = q_bit(insn);
	dec_regs(insn, op);
	op->f[2] = (uint8_t)((8u << q) >> size);
	op->f[3] = (uint8_t)q;
	return size != 3 || q;
}

/* Scalar: one lane, the rest of Vd cleared. */
static bool dec_scalar(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	op->f[2] = 1;
	op->f[3] = 0;
	return true;
}

/* Vector FP, sz in bit 22: 2D needs Q=1. */
static bool dec_vec_fp(uint32_t insn, struct core_op *op)
{
	unsigned sz = a64_bits(insn, 22, 1), q = q_bit(insn);
	dec_regs(insn, op);
	op->f[2] = (uint8_t)((8u << q) >> (2 + sz));
	op->f[3] = (uint8_t)q;
	return !sz || q;
}

/* The sign bit of an FP lane, to negate the first multiplicand (FMLS). */
static uint64_t fp_sign(uint32_t insn)
{
	return a64_bits(insn, 22, 1) ? 1ull << 63 : 1ull << 31;
}

static bool dec_vec_fmls(uint32_t insn, struct core_op *op)
{
	bool ok = dec_vec_fp(insn, op);
	op->imm = fp_sign(insn);
	return ok;
}

/* Pairwise over one register (scalar ADDP: two lanes, the upper half cleared). */
static bool dec_pair_scalar(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	op->r[2] = op->r[1];
	op->f[2] = 2;
	op->f[3] = 0;
	return true;
}

/* Scalar FP pairwise (FADDP, FMAXP...): one result lane from Vn's first two. */
static bool dec_pair_scalar_fp(uint32_t insn, struct core_op *op)
{
	dec_pair_scalar(insn, op);
	op->f[2] = 1;
	return true;
}

/* REV16/32/64: the container is 8 >> (U + 2 * opcode<0>) bytes. */
static bool dec_rev(uint32_t insn, struct core_op *op)
{
	unsigned container = 8u >> (a64_bits(insn, 29, 1) + 2 * a64_bits(insn, 12, 1));
	unsigned per = container >> a64_bits(insn, 22, 2);
	dec_vec(insn, op);
	op->f[1] = (uint8_t)(per - 1);
	return per >= 2;
}

/* Pairwise long (SADDLP...): f[2] wide result lanes. */
static bool dec_pairl(uint32_t insn, struct core_op *op)
{
	unsigned size = a64_bits(insn, 22, 2), q = q_bit(insn);
	dec_regs(insn, op);
	op->f[2] = (uint8_t)((8u << q) >> (size + 1));
	op->f[3] = (uint8_t)q;
	return size != 3;
}

/* Narrowing (size = result element) and lengthening (size = source element): half Q. */
static bool dec_half(uint32_t insn, struct core_op *op)
{
	unsigned size = a64_bits(insn, 22, 2);
	dec_regs(insn, op);
	op->f[2] = (uint8_t)(8u >> size);
	op->f[3] = (uint8_t)q_bit(insn);
	return size != 3;
}

static bool dec_half_scalar(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	op->f[2] = 1;
	op->f[3] = 0;
	return a64_bits(insn, 22, 2) != 3;
}

/* FCVTN/FCVTXN/FCVTL: sz 0 is single <-> half, 1 double <-> single. */
static bool dec_fcvt_half(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	op->f[2] = (uint8_t)(4u >> a64_bits(insn, 22, 1));
	op->f[3] = (uint8_t)q_bit(insn);
	return true;
}

/* Across lanes: 4S at most (size 10 needs Q=1). */
static bool dec_across(uint32_t insn, struct core_op *op)
{
	unsigned size = a64_bits(insn, 22, 2), q = q_bit(insn);
	dec_regs(insn, op);
	op->f[2] = (uint8_t)((8u << q) >> size);
	return size < 2 || (size == 2 && q);
}

static bool dec_across_fp(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	return q_bit(insn);
}

/* FRINT<r> (vector, scalar): rounding from U:o2:o1, FRINTX exact. */
static bool dec_frint(uint32_t insn, struct core_op *op)
{
	static const uint8_t rm[8] = { IEEE_RN, IEEE_RM, IEEE_RP, IEEE_RZ, IEEE_RA, IEEE_RDYN, 0, IEEE_RDYN };
	unsigned k = a64_bits(insn, 29, 1) << 2 | a64_bits(insn, 23, 1) << 1 | a64_bits(insn, 12, 1);
	bool ok = dec_vec_fp(insn, op);
	op->imm = rm[k] | (k == 5 ? 0x100 : 0);
	return ok && k != 6;
}

/* FCVT<r>{S,U} (vector): N, M, P, Z from o2:o1, A for opcode 11100. */
static unsigned cvt_rounding(uint32_t insn)
{
	static const uint8_t rm[4] = { IEEE_RN, IEEE_RM, IEEE_RP, IEEE_RZ };
	if (a64_bits(insn, 12, 5) == 0x1c)
		return IEEE_RA;
	return rm[a64_bits(insn, 23, 1) << 1 | a64_bits(insn, 12, 1)];
}

static bool dec_fcvt_int(uint32_t insn, struct core_op *op)
{
	bool ok = dec_vec_fp(insn, op);
	op->imm = cvt_rounding(insn) << 8;
	return ok;
}

static bool dec_fcvt_int_scalar(uint32_t insn, struct core_op *op)
{
	dec_scalar(insn, op);
	op->imm = cvt_rounding(insn) << 8;
	return true;
}

/* ---- by element */

/* Index and Vm for the integer by-element forms: H:L:M with Vm<16 for 16-bit lanes. */
static bool dec_index_int(uint32_t insn, struct core_op *op)
{
	unsigned size = a64_bits(insn, 22, 2), h = a64_bits(insn, 11, 1);
	unsigned l = a64_bits(insn, 21, 1), m = a64_bits(insn, 20, 1);
	if (size == 1) {
		op->r[2] = (uint8_t)a64_bits(insn, 16, 4);
		op->f[1] = (uint8_t)(h << 2 | l << 1 | m);
	} else {
		op->f[1] = (uint8_t)(h << 1 | l);
	}
	op->f[0] = 0;
	return size == 1 || size == 2;
}

static bool dec_idx(uint32_t insn, struct core_op *op)
{
	dec_vec(insn, op);
	return dec_index_int(insn, op);
}

static bool dec_idx_long(uint32_t insn, struct core_op *op)
{
	dec_half(insn, op);
	return dec_index_int(insn, op);
}

static bool dec_idx_scalar(uint32_t insn, struct core_op *op)
{
	dec_scalar(insn, op);
	return dec_index_int(insn, op);
}

/* FP by element: index H:L for single, H for double (L must be 0). */
static bool dec_index_fp(uint32_t insn, struct core_op *op)
{
	unsigned h = a64_bits(insn, 11, 1), l = a64_bits(insn, 21, 1);
	bool dbl = a64_bits(insn, 22, 1);
	op->f[0] = 0;
	op->f[1] = (uint8_t)(dbl ? h : h << 1 | l);
	return !(dbl && l);
}

static bool dec_idx_fp(uint32_t insn, struct core_op *op)
{
	bool ok = dec_vec_fp(insn, op);
	return dec_index_fp(insn, op) && ok;
}

static bool dec_idx_fmls(uint32_t insn, struct core_op *op)
{
	bool ok = dec_idx_fp(insn, op);
	op->imm = fp_sign(insn);
	return ok;
}

static bool dec_idx_fp_scalar(uint32_t insn, struct core_op *op)
{
	dec_scalar(insn, op);
	return dec_index_fp(insn, op);
}

static bool dec_idx_fmls_scalar(uint32_t insn, struct core_op *op)
{
	bool ok = dec_idx_fp_scalar(insn, op);
	op->imm = fp_sign(insn);
	return ok;
}

/* ---- shift by immediate: the element size is the highest set bit of immh */

static unsigned immh_log(uint32_t insn)
{
	return 31 - (unsigned)__builtin_clz(a64_bits(insn, 19, 4));
}

/* Right shifts: 2 * esize - immh:immb, 1..esize. */
static unsigned shr_amount(uint32_t insn)
{
	return (16u << immh_log(insn)) - a64_bits(insn, 16, 7);
}

/* Left shifts: immh:immb - esize, 0..esize-1. */
static unsigned shl_amount(uint32_t insn)
{
	return a64_bits(insn, 16, 7) - (8u << immh_log(insn));
}

static bool dec_shift_vec(uint32_t insn, struct core_op *op, unsigned amount)
{
	unsigned hb = immh_log(insn), q = q_bit(insn);
	dec_regs(insn, op);
	op->f[2] = (uint8_t)((8u << q) >> hb);
	op->f[3] = (uint8_t)q;
	op->imm = amount;
	return hb != 3 || q;
}

static bool dec_shr(uint32_t insn, struct core_op *op)
{
	return dec_shift_vec(insn, op, shr_amount(insn));
}

static bool dec_shl(uint32_t insn, struct core_op *op)
{
	return dec_shift_vec(insn, op, shl_amount(insn));
}

static bool dec_shr_scalar(uint32_t insn, struct core_op *op)
{
	dec_scalar(insn, op);
	op->imm = shr_amount(insn);
	return true;
}

static bool dec_shl_scalar(uint32_t insn, struct core_op *op)
{
	dec_scalar(insn, op);
	op->imm = shl_amount(insn);
	return true;
}

/* Narrowing right shifts and SSHLL/USHLL: half Q, no 64-bit element. */
static bool dec_shr_narrow(uint32_t insn, struct core_op *op)
{
	unsigned hb = immh_log(insn);
	dec_regs(insn, op);
	op->f[2] = (uint8_t)(8u >> hb);
	op->f[3] = (uint8_t)q_bit(insn);
	op->imm = shr_amount(insn);
	return hb != 3;
}

static bool dec_shr_narrow_scalar(uint32_t insn, struct core_op *op)
{
	dec_scalar(insn, op);
	op->imm = shr_amount(insn);
	return immh_log(insn) != 3;
}

static bool dec_shll(uint32_t insn, struct core_op *op)
{
	bool ok = dec_shr_narrow(insn, op);
	op->imm = shl_amount(insn);
	return ok;
}

/* SCVTF/UCVTF/FCVTZS/FCVTZU (fixed-point): imm = fbits | rounding << 8. */
static bool dec_shift_fixed(uint32_t insn, struct core_op *op)
{
	bool ok = dec_shr(insn, op);
	op->imm |= IEEE_RZ << 8;
	return ok && immh_log(insn) >= 2;
}

static bool dec_shift_fixed_scalar(uint32_t insn, struct core_op *op)
{
	dec_shr_scalar(insn, op);
	op->imm |= IEEE_RZ << 8;
	return immh_log(insn) >= 2;
}

/* ---- copy: imm5's lowest set bit is the element size */

static unsigned imm5_size(uint32_t insn)
{
	return (unsigned)__builtin_ctz(a64_bits(insn, 16, 5));
}

static unsigned imm5_index(uint32_t insn)
{
	return a64_bits(insn, 16, 5) >> (imm5_size(insn) + 1);
}

static bool dec_dup_elem(uint32_t insn, struct core_op *op)
{
	unsigned size = imm5_size(insn), q = q_bit(insn);
	dec_regs(insn, op);
	op->r[2] = op->r[1];
	op->f[0] = 0;
	op->f[1] = (uint8_t)imm5_index(insn);
	op->f[2] = (uint8_t)((8u << q) >> size);
	op->f[3] = (uint8_t)q;
	return size != 3 || q;
}

static bool dec_dup_gen(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	op->r[1] = a64_reg_zr(a64_bits(insn, 5, 5));
	op->f[3] = (uint8_t)q_bit(insn);
	return imm5_size(insn) != 3 || q_bit(insn);
}

static bool dec_ins_gen(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	op->r[1] = a64_reg_zr(a64_bits(insn, 5, 5));
	op->f[1] = (uint8_t)imm5_index(insn);
	return true;
}

static bool dec_ins_elem(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	op->f[1] = (uint8_t)imm5_index(insn);
	op->f[0] = (uint8_t)(a64_bits(insn, 11, 4) >> imm5_size(insn));
	return true;
}

/* UMOV, SMOV, DUP (scalar): to Xd/Wd (XZR for 31) or to a scalar register. */
static bool dec_mov_out(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	op->r[0] = a64_dst_zr(a64_bits(insn, 0, 5));
	op->f[1] = (uint8_t)imm5_index(insn);
	return true;
}

static bool dec_dup_scalar(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	op->f[1] = (uint8_t)imm5_index(insn);
	return true;
}

/* ---- permute, extract, table */

static bool dec_perm(uint32_t insn, struct core_op *op)
{
	bool ok = dec_vec(insn, op);
	op->f[1] = (uint8_t)a64_bits(insn, 14, 1);
	return ok;
}

static bool dec_ext(uint32_t insn, struct core_op *op)
{
	unsigned q = q_bit(insn), imm4 = a64_bits(insn, 11, 4);
	dec_regs(insn, op);
	op->f[2] = (uint8_t)(8u << q);
	op->imm = imm4;
	return q || imm4 < 8;
}

static bool dec_tbl(uint32_t insn, struct core_op *op)
{
	dec_regs(insn, op);
	op->f[1] = (uint8_t)(a64_bits(insn, 13, 2) + 1);
	op->f[2] = (uint8_t)(8u << q_bit(insn));
	return true;
}

/* ---- modified immediate (C7.2 MOVI: AdvSIMDExpandImm) */

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

/* MVNI and BIC (op=1 except cmode 111x) take the inverted pattern. */
static bool dec_movi(uint32_t insn, struct core_op *op)
{
	unsigned opb = a64_bits(insn, 29, 1), cmode = a64_bits(insn, 12, 4);
	unsigned imm8 = a64_bits(insn, 16, 3) << 5 | a64_bits(insn, 5, 5);
	uint64_t imm = simd_expand_imm(opb, cmode, imm8);
	dec_regs(insn, op);
	op->f[3] = (uint8_t)q_bit(insn);
	op->imm = opb && cmode < 14 ? ~imm : imm;
	return !(opb && cmode == 15 && !q_bit(insn));
}

static bool dec_logic(uint32_t insn, struct core_op *op) /* size bits are opcode */
{
	dec_regs(insn, op);
	op->f[2] = (uint8_t)(8u << q_bit(insn));
	op->f[3] = (uint8_t)q_bit(insn);
	return true;
}

/* --------------------------------------------------------------- table */

#define ROW_(mask, match, name, dec, fn, cls) { mask, match, name, dec, fn, cls, A64_F_FP }
#define ROW(...) ROW_(__VA_ARGS__)
#define SZ(s) ((uint32_t)(s) << 22)
/* Rows per element size (bits 23:22 in the pattern). */
#define RB_(m, v, name, dec, fn, cls) ROW_((m) | SZ(3), (v) | SZ(0), name, dec, fn##8, cls)
#define RH_(m, v, name, dec, fn, cls) ROW_((m) | SZ(3), (v) | SZ(1), name, dec, fn##16, cls)
#define RS_(m, v, name, dec, fn, cls) ROW_((m) | SZ(3), (v) | SZ(2), name, dec, fn##32, cls)
#define RD_(m, v, name, dec, fn, cls) ROW_((m) | SZ(3), (v) | SZ(3), name, dec, fn##64, cls)
#define RB(...) RB_(__VA_ARGS__)
#define RH(...) RH_(__VA_ARGS__)
#define RS(...) RS_(__VA_ARGS__)
#define RD(...) RD_(__VA_ARGS__)
#define RHS(...) RH_(__VA_ARGS__), RS_(__VA_ARGS__)
#define RBHS(...) RB_(__VA_ARGS__), RH_(__VA_ARGS__), RS_(__VA_ARGS__)
#define RALL(...) RBHS(__VA_ARGS__), RD_(__VA_ARGS__)
/* FP rows: sz (bit 22) selects single or double. */
#define RF_(m, v, name, dec, fn, cls) ROW_((m) | SZ(1), (v), name, dec, fn##32, cls), \
	ROW_((m) | SZ(1), (v) | SZ(1), name, dec, fn##64, cls)
#define RF(...) RF_(__VA_ARGS__)
/* One row with a given size (2-bit, bits 23:22) or sz (bit 22) value. */
#define ROWSZ_(m, v, s, name, dec, fn, cls) ROW_((m) | SZ(3), (v) | SZ(s), name, dec, fn, cls)
#define ROWSZ(...) ROWSZ_(__VA_ARGS__)
#define ROWSZ1_(m, v, s, name, dec, fn, cls) ROW_((m) | SZ(1), (v) | SZ(s), name, dec, fn, cls)
#define ROWSZ1(...) ROWSZ1_(__VA_ARGS__)
#define RF32_(m, v, name, dec, fn, cls) ROW_((m) | SZ(1), (v), name, dec, fn##32, cls)
#define RF32(...) RF32_(__VA_ARGS__)
/* Shift by immediate: immh's highest set bit. */
#define SHB_(m, v, name, dec, fn, cls) ROW_((m) | 0x00780000, (v) | 0x00080000, name, dec, fn##8, cls)
#define SHH_(m, v, name, dec, fn, cls) ROW_((m) | 0x00700000, (v) | 0x00100000, name, dec, fn##16, cls)
#define SHS_(m, v, name, dec, fn, cls) ROW_((m) | 0x00600000, (v) | 0x00200000, name, dec, fn##32, cls)
#define SHD_(m, v, name, dec, fn, cls) ROW_((m) | 0x00400000, (v) | 0x00400000, name, dec, fn##64, cls)
#define SHD(...) SHD_(__VA_ARGS__)
#define SHSD(...) SHS_(__VA_ARGS__), SHD_(__VA_ARGS__)
#define SHBHS(...) SHB_(__VA_ARGS__), SHH_(__VA_ARGS__), SHS_(__VA_ARGS__)
#define SHALL(...) SHBHS(__VA_ARGS__), SHD_(__VA_ARGS__)
/* Copy: imm5's lowest set bit. */
#define CPB_(m, v, name, dec, fn, cls) ROW_((m) | 0x00010000, (v) | 0x00010000, name, dec, fn##8, cls)
#define CPH_(m, v, name, dec, fn, cls) ROW_((m) | 0x00030000, (v) | 0x00020000, name, dec, fn##16, cls)
#define CPS_(m, v, name, dec, fn, cls) ROW_((m) | 0x00070000, (v) | 0x00040000, name, dec, fn##32, cls)
#define CPD_(m, v, name, dec, fn, cls) ROW_((m) | 0x000f0000, (v) | 0x00080000, name, dec, fn##64, cls)
#define CPD(...) CPD_(__VA_ARGS__)
#define CPBH(...) CPB_(__VA_ARGS__), CPH_(__VA_ARGS__)
#define CPBHS(...) CPBH(__VA_ARGS__), CPS_(__VA_ARGS__)
#define CPALL(...) CPBHS(__VA_ARGS__), CPD_(__VA_ARGS__)

/* Group patterns (mask, match) without the size bits. */
#define V3(u, opc) 0xbf20fc00, 0x0e200400 | (u) << 29 | (opc) << 11          /* three same */
#define V3F(u, o2, opc) 0xbfa0fc00, 0x0e200400 | (u) << 29 | (o2) << 23 | (opc) << 11
#define S3(u, opc) 0xff20fc00, 0x5e200400 | (u) << 29 | (opc) << 11
#define S3F(u, o2, opc) 0xffa0fc00, 0x5e200400 | (u) << 29 | (o2) << 23 | (opc) << 11
#define V2(u, opc) 0xbf3ffc00, 0x0e200800 | (u) << 29 | (opc) << 12          /* two-reg misc */
#define V2F(u, o2, opc) 0xbfbffc00, 0x0e200800 | (u) << 29 | (o2) << 23 | (opc) << 12
#define S2(u, opc) 0xff3ffc00, 0x5e200800 | (u) << 29 | (opc) << 12
#define S2F(u, o2, opc) 0xffbffc00, 0x5e200800 | (u) << 29 | (o2) << 23 | (opc) << 12
#define AC(u, opc) 0xbf3ffc00, 0x0e300800 | (u) << 29 | (opc) << 12          /* across lanes */
#define ACF(o2, opc) 0xbffffc00, 0x2e300800 | (o2) << 23 | (opc) << 12
#define SP(u, opc) 0xff3ffc00, 0x5e300800 | (u) << 29 | (opc) << 12          /* scalar pairwise */
#define SPF(o2, opc) 0xffbffc00, 0x7e300800 | (o2) << 23 | (opc) << 12
#define V3D(u, opc) 0xbf20fc00, 0x0e200000 | (u) << 29 | (opc) << 12         /* three different */
#define S3D(u, opc) 0xff20fc00, 0x5e200000 | (u) << 29 | (opc) << 12
#define VX(u, opc) 0xbf00f400, 0x0f000000 | (u) << 29 | (opc) << 12          /* by element */
#define VXF(u, opc) 0xbf80f400, 0x0f800000 | (u) << 29 | (opc) << 12
#define SX(u, opc) 0xff00f400, 0x5f000000 | (u) << 29 | (opc) << 12
#define SXF(u, opc) 0xff80f400, 0x5f800000 | (u) << 29 | (opc) << 12
#define VSH(u, opc) 0xbf80fc00, 0x0f000400 | (u) << 29 | (opc) << 11         /* shift by immediate */
#define SSH(u, opc) 0xff80fc00, 0x5f000400 | (u) << 29 | (opc) << 11
#define CP(opc, imm4) 0xbfe0fc00, 0x0e000400 | (opc) << 29 | (imm4) << 11    /* copy */
#define CPQ(q, opc, imm4) 0xffe0fc00, 0x0e000400 | (q) << 30 | (opc) << 29 | (imm4) << 11
#define PERM(opc) 0xbf20fc00, 0x0e000800 | (opc) << 12
#define MI(op, cmode, name, fn) ROW(0xbff8fc00, 0x0f000400 | (op) << 29 | (cmode) << 12, name, \
				    dec_movi, fn, CORE_CLASS_SIMD)
/* Load/store structures, without and with post-index. */
#define LSM(l, opc, name, fn)                                                        \
	ROW(0xbffff000, 0x0c000000 | (l) << 22 | (opc) << 12, name, dec_ldst_multi, fn, \
	    (l) ? CORE_CLASS_LOAD : CORE_CLASS_STORE),                               \
	ROW(0xbfe0f000, 0x0c800000 | (l) << 22 | (opc) << 12, name, dec_ldst_multi, fn, \
	    (l) ? CORE_CLASS_LOAD : CORE_CLASS_STORE)
#define LSS(l, r, opc, name, fn)                                                     \
	ROW(0xbfffe000, 0x0d000000 | (l) << 22 | (r) << 21 | (opc) << 13, name, dec_ldst_single, \
	    fn, (l) ? CORE_CLASS_LOAD : CORE_CLASS_STORE),                           \
	ROW(0xbfe0e000, 0x0d800000 | (l) << 22 | (r) << 21 | (opc) << 13, name, dec_ldst_single, \
	    fn, (l) ? CORE_CLASS_LOAD : CORE_CLASS_STORE)
#define LSS3(l, r, name1, name3, fn)                                                 \
	LSS(l, r, 0, name1, fn), LSS(l, r, 2, name1, fn), LSS(l, r, 4, name1, fn),   \
	LSS(l, r, 1, name3, fn), LSS(l, r, 3, name3, fn), LSS(l, r, 5, name3, fn)

#define SIMD CORE_CLASS_SIMD
#define FDIV CORE_CLASS_FDIV

static const struct a64_insn simd_rows[] = {
	/* Advanced SIMD three same */
	RBHS(V3(0, 0x00), "shadd", dec_vec, h_shadd, SIMD),
	RALL(V3(0, 0x01), "sqadd", dec_vec, h_sqadd, SIMD),
	RBHS(V3(0, 0x02), "srhadd", dec_vec, h_srhadd, SIMD),
	ROWSZ(V3(0, 0x03), 0, "and", dec_logic, h_and64, SIMD),
	ROWSZ(V3(0, 0x03), 1, "bic", dec_logic, h_bic64, SIMD),
	ROWSZ(V3(0, 0x03), 2, "orr", dec_logic, h_orr64, SIMD),
	ROWSZ(V3(0, 0x03), 3, "orn", dec_logic, h_orn64, SIMD),
	RBHS(V3(0, 0x04), "shsub", dec_vec, h_shsub, SIMD),
	RALL(V3(0, 0x05), "sqsub", dec_vec, h_sqsub, SIMD),
	RALL(V3(0, 0x06), "cmgt", dec_vec, h_cmgt, SIMD),
	RALL(V3(0, 0x07), "cmge", dec_vec, h_cmge, SIMD),
	RALL(V3(0, 0x08), "sshl", dec_vec, h_sshl, SIMD),
	RALL(V3(0, 0x09), "sqshl", dec_vec, h_sqshl, SIMD),
	RALL(V3(0, 0x0a), "srshl", dec_vec, h_srshl, SIMD),
	RALL(V3(0, 0x0b), "sqrshl", dec_vec, h_sqrshl, SIMD),
	RBHS(V3(0, 0x0c), "smax", dec_vec, h_smax, SIMD),
	RBHS(V3(0, 0x0d), "smin", dec_vec, h_smin, SIMD),
	RBHS(V3(0, 0x0e), "sabd", dec_vec, h_sabd, SIMD),
	RBHS(V3(0, 0x0f), "saba", dec_vec, h_saba, SIMD),
	RALL(V3(0, 0x10), "add", dec_vec, h_add, SIMD),
	RALL(V3(0, 0x11), "cmtst", dec_vec, h_cmtst, SIMD),
	RBHS(V3(0, 0x12), "mla", dec_vec, h_mla, SIMD),
	RBHS(V3(0, 0x13), "mul", dec_vec, h_mul, SIMD),
	RBHS(V3(0, 0x14), "smaxp", dec_vec, h_smaxp, SIMD),
	RBHS(V3(0, 0x15), "sminp", dec_vec, h_sminp, SIMD),
	RHS(V3(0, 0x16), "sqdmulh", dec_vec, h_sqdmulh, SIMD),
	RALL(V3(0, 0x17), "addp", dec_vec, h_addp, SIMD),
	RBHS(V3(1, 0x00), "uhadd", dec_vec, h_uhadd, SIMD),
	RALL(V3(1, 0x01), "uqadd", dec_vec, h_uqadd, SIMD),
	RBHS(V3(1, 0x02), "urhadd", dec_vec, h_urhadd, SIMD),
	ROWSZ(V3(1, 0x03), 0, "eor", dec_logic, h_eor64, SIMD),
	ROWSZ(V3(1, 0x03), 1, "bsl", dec_logic, h_bsl64, SIMD),
	ROWSZ(V3(1, 0x03), 2, "bit", dec_logic, h_bit64, SIMD),
	ROWSZ(V3(1, 0x03), 3, "bif", dec_logic, h_bif64, SIMD),
	RBHS(V3(1, 0x04), "uhsub", dec_vec, h_uhsub, SIMD),
	RALL(V3(1, 0x05), "uqsub", dec_vec, h_uqsub, SIMD),
	RALL(V3(1, 0x06), "cmhi", dec_vec, h_cmhi, SIMD),
	RALL(V3(1, 0x07), "cmhs", dec_vec, h_cmhs, SIMD),
	RALL(V3(1, 0x08), "ushl", dec_vec, h_ushl, SIMD),
	RALL(V3(1, 0x09), "uqshl", dec_vec, h_uqshl, SIMD),
	RALL(V3(1, 0x0a), "urshl", dec_vec, h_urshl, SIMD),
	RALL(V3(1, 0x0b), "uqrshl", dec_vec, h_uqrshl, SIMD),
	RBHS(V3(1, 0x0c), "umax", dec_vec, h_umax, SIMD),
	RBHS(V3(1, 0x0d), "umin", dec_vec, h_umin, SIMD),
	RBHS(V3(1, 0x0e), "uabd", dec_vec, h_uabd, SIMD),
	RBHS(V3(1, 0x0f), "uaba", dec_vec, h_uaba, SIMD),
	RALL(V3(1, 0x10), "sub", dec_vec, h_sub, SIMD),
	RALL(V3(1, 0x11), "cmeq", dec_vec, h_cmeq, SIMD),
	RBHS(V3(1, 0x12), "mls", dec_vec, h_mls, SIMD),
	RB(V3(1, 0x13), "pmul", dec_vec, h_pmul, SIMD),
	RBHS(V3(1, 0x14), "umaxp", dec_vec, h_umaxp, SIMD),
	RBHS(V3(1, 0x15), "uminp", dec_vec, h_uminp, SIMD),
	RHS(V3(1, 0x16), "sqrdmulh", dec_vec, h_sqrdmulh, SIMD),
	RF(V3F(0, 0, 0x18), "fmaxnm", dec_vec_fp, h_fmaxnm, SIMD),
	RF(V3F(0, 1, 0x18), "fminnm", dec_vec_fp, h_fminnm, SIMD),
	RF(V3F(0, 0, 0x19), "fmla", dec_vec_fp, h_fmla, SIMD),
	RF(V3F(0, 1, 0x19), "fmls", dec_vec_fmls, h_fmla, SIMD),
	RF(V3F(0, 0, 0x1a), "fadd", dec_vec_fp, h_fadd, SIMD),
	RF(V3F(0, 1, 0x1a), "fsub", dec_vec_fp, h_fsub, SIMD),
	RF(V3F(0, 0, 0x1b), "fmulx", dec_vec_fp, h_fmulx, SIMD),
	RF(V3F(0, 0, 0x1c), "fcmeq", dec_vec_fp, h_fcmeq, SIMD),
	RF(V3F(0, 0, 0x1e), "fmax", dec_vec_fp, h_fmax, SIMD),
	RF(V3F(0, 1, 0x1e), "fmin", dec_vec_fp, h_fmin, SIMD),
	RF(V3F(0, 0, 0x1f), "frecps", dec_vec_fp, h_frecps, SIMD),
	RF(V3F(0, 1, 0x1f), "frsqrts", dec_vec_fp, h_frsqrts, SIMD),
	RF(V3F(1, 0, 0x18), "fmaxnmp", dec_vec_fp, h_fmaxnmp, SIMD),
	RF(V3F(1, 1, 0x18), "fminnmp", dec_vec_fp, h_fminnmp, SIMD),
	RF(V3F(1, 0, 0x1a), "faddp", dec_vec_fp, h_faddp, SIMD),
	RF(V3F(1, 1, 0x1a), "fabd", dec_vec_fp, h_fabd, SIMD),
	RF(V3F(1, 0, 0x1b), "fmul", dec_vec_fp, h_fmul, SIMD),
	RF(V3F(1, 0, 0x1c), "fcmge", dec_vec_fp, h_fcmge, SIMD),
	RF(V3F(1, 1, 0x1c), "fcmgt", dec_vec_fp, h_fcmgt, SIMD),
	RF(V3F(1, 0, 0x1d), "facge", dec_vec_fp, h_facge, SIMD),
	RF(V3F(1, 1, 0x1d), "facgt", dec_vec_fp, h_facgt, SIMD),
	RF(V3F(1, 0, 0x1e), "fmaxp", dec_vec_fp, h_fmaxp, SIMD),
	RF(V3F(1, 1, 0x1e), "fminp", dec_vec_fp, h_fminp, SIMD),
	RF(V3F(1, 0, 0x1f), "fdiv", dec_vec_fp, h_fdiv, FDIV),

	/* Advanced SIMD scalar three same */
	RALL(S3(0, 0x01), "sqadd", dec_scalar, h_sqadd, SIMD),
	RALL(S3(0, 0x05), "sqsub", dec_scalar, h_sqsub, SIMD),
	RD(S3(0, 0x06), "cmgt", dec_scalar, h_cmgt, SIMD),
	RD(S3(0, 0x07), "cmge", dec_scalar, h_cmge, SIMD),
	RD(S3(0, 0x08), "sshl", dec_scalar, h_sshl, SIMD),
	RALL(S3(0, 0x09), "sqshl", dec_scalar, h_sqshl, SIMD),
	RD(S3(0, 0x0a), "srshl", dec_scalar, h_srshl, SIMD),
	RALL(S3(0, 0x0b), "sqrshl", dec_scalar, h_sqrshl, SIMD),
	RD(S3(0, 0x10), "add", dec_scalar, h_add, SIMD),
	RD(S3(0, 0x11), "cmtst", dec_scalar, h_cmtst, SIMD),
	RHS(S3(0, 0x16), "sqdmulh", dec_scalar, h_sqdmulh, SIMD),
	RALL(S3(1, 0x01), "uqadd", dec_scalar, h_uqadd, SIMD),
	RALL(S3(1, 0x05), "uqsub", dec_scalar, h_uqsub, SIMD),
	RD(S3(1, 0x06), "cmhi", dec_scalar, h_cmhi, SIMD),
	RD(S3(1, 0x07), "cmhs", dec_scalar, h_cmhs, SIMD),
	RD(S3(1, 0x08), "ushl", dec_scalar, h_ushl, SIMD),
	RALL(S3(1, 0x09), "uqshl", dec_scalar, h_uqshl, SIMD),
	RD(S3(1, 0x0a), "urshl", dec_scalar, h_urshl, SIMD),
	RALL(S3(1, 0x0b), "uqrshl", dec_scalar, h_uqrshl, SIMD),
	RD(S3(1, 0x10), "sub", dec_scalar, h_sub, SIMD),
	RD(S3(1, 0x11), "cmeq", dec_scalar, h_cmeq, SIMD),
	RHS(S3(1, 0x16), "sqrdmulh", dec_scalar, h_sqrdmulh, SIMD),
	RF(S3F(0, 0, 0x1b), "fmulx", dec_scalar, h_fmulx, SIMD),
	RF(S3F(0, 0, 0x1c), "fcmeq", dec_scalar, h_fcmeq, SIMD),
	RF(S3F(0, 0, 0x1f), "frecps", dec_scalar, h_frecps, SIMD),
	RF(S3F(0, 1, 0x1f), "frsqrts", dec_scalar, h_frsqrts, SIMD),
	RF(S3F(1, 0, 0x1c), "fcmge", dec_scalar, h_fcmge, SIMD),
	RF(S3F(1, 0, 0x1d), "facge", dec_scalar, h_facge, SIMD),
	RF(S3F(1, 1, 0x1a), "fabd", dec_scalar, h_fabd, SIMD),
	RF(S3F(1, 1, 0x1c), "fcmgt", dec_scalar, h_fcmgt, SIMD),
	RF(S3F(1, 1, 0x1d), "facgt", dec_scalar, h_facgt, SIMD),

	/* Advanced SIMD two-register miscellaneous */
	RBHS(V2(0, 0x00), "rev64", dec_rev, h_rev, SIMD),
	RB(V2(0, 0x01), "rev16", dec_rev, h_rev, SIMD),
	RBHS(V2(0, 0x02), "saddlp", dec_pairl, h_saddlp, SIMD),
	RALL(V2(0, 0x03), "suqadd", dec_vec, h_suqadd, SIMD),
	RBHS(V2(0, 0x04), "cls", dec_vec, h_cls, SIMD),
	RB(V2(0, 0x05), "cnt", dec_vec, h_cnt, SIMD),
	RBHS(V2(0, 0x06), "sadalp", dec_pairl, h_sadalp, SIMD),
	RALL(V2(0, 0x07), "sqabs", dec_vec, h_sqabs, SIMD),
	RALL(V2(0, 0x08), "cmgt", dec_vec, h_cmgt0, SIMD),
	RALL(V2(0, 0x09), "cmeq", dec_vec, h_cmeq0, SIMD),
	RALL(V2(0, 0x0a), "cmlt", dec_vec, h_cmlt0, SIMD),
	RALL(V2(0, 0x0b), "abs", dec_vec, h_abs, SIMD),
	RBHS(V2(0, 0x12), "xtn", dec_half, h_xtn, SIMD),
	RBHS(V2(0, 0x14), "sqxtn", dec_half, h_sqxtn, SIMD),
	RB(V2(1, 0x00), "rev32", dec_rev, h_rev, SIMD),
	RH(V2(1, 0x00), "rev32", dec_rev, h_rev, SIMD),
	RBHS(V2(1, 0x02), "uaddlp", dec_pairl, h_uaddlp, SIMD),
	RALL(V2(1, 0x03), "usqadd", dec_vec, h_usqadd, SIMD),
	RBHS(V2(1, 0x04), "clz", dec_vec, h_clz, SIMD),
	ROWSZ(V2(1, 0x05), 0, "not", dec_logic, h_not64, SIMD),
	ROWSZ(V2(1, 0x05), 1, "rbit", dec_logic, h_rbit8, SIMD),
	RBHS(V2(1, 0x06), "uadalp", dec_pairl, h_uadalp, SIMD),
	RALL(V2(1, 0x07), "sqneg", dec_vec, h_sqneg, SIMD),
	RALL(V2(1, 0x08), "cmge", dec_vec, h_cmge0, SIMD),
	RALL(V2(1, 0x09), "cmle", dec_vec, h_cmle0, SIMD),
	RALL(V2(1, 0x0b), "neg", dec_vec, h_neg, SIMD),
	RBHS(V2(1, 0x12), "sqxtun", dec_half, h_sqxtun, SIMD),
	RBHS(V2(1, 0x13), "shll", dec_half, h_shll, SIMD),
	RBHS(V2(1, 0x14), "uqxtn", dec_half, h_uqxtn, SIMD),
	ROWSZ1(V2F(0, 0, 0x16), 0, "fcvtn", dec_fcvt_half, h_fcvtn16, SIMD),
	ROWSZ1(V2F(0, 0, 0x16), 1, "fcvtn", dec_fcvt_half, h_fcvtn32, SIMD),
	ROWSZ1(V2F(0, 0, 0x17), 0, "fcvtl", dec_fcvt_half, h_fcvtl16, SIMD),
	ROWSZ1(V2F(0, 0, 0x17), 1, "fcvtl", dec_fcvt_half, h_fcvtl32, SIMD),
	ROWSZ1(V2F(1, 0, 0x16), 1, "fcvtxn", dec_fcvt_half, h_fcvtxn32, SIMD),
	RF(V2F(0, 0, 0x18), "frintn", dec_frint, h_frint, SIMD),
	RF(V2F(0, 1, 0x18), "frintp", dec_frint, h_frint, SIMD),
	RF(V2F(0, 0, 0x19), "frintm", dec_frint, h_frint, SIMD),
	RF(V2F(0, 1, 0x19), "frintz", dec_frint, h_frint, SIMD),
	RF(V2F(1, 0, 0x18), "frinta", dec_frint, h_frint, SIMD),
	RF(V2F(1, 0, 0x19), "frintx", dec_frint, h_frint, SIMD),
	RF(V2F(1, 1, 0x19), "frinti", dec_frint, h_frint, SIMD),
	RF(V2F(0, 0, 0x1a), "fcvtns", dec_fcvt_int, h_fcvts, SIMD),
	RF(V2F(0, 1, 0x1a), "fcvtps", dec_fcvt_int, h_fcvts, SIMD),
	RF(V2F(0, 0, 0x1b), "fcvtms", dec_fcvt_int, h_fcvts, SIMD),
	RF(V2F(0, 1, 0x1b), "fcvtzs", dec_fcvt_int, h_fcvts, SIMD),
	RF(V2F(0, 0, 0x1c), "fcvtas", dec_fcvt_int, h_fcvts, SIMD),
	RF(V2F(1, 0, 0x1a), "fcvtnu", dec_fcvt_int, h_fcvtu, SIMD),
	RF(V2F(1, 1, 0x1a), "fcvtpu", dec_fcvt_int, h_fcvtu, SIMD),
	RF(V2F(1, 0, 0x1b), "fcvtmu", dec_fcvt_int, h_fcvtu, SIMD),
	RF(V2F(1, 1, 0x1b), "fcvtzu", dec_fcvt_int, h_fcvtu, SIMD),
	RF(V2F(1, 0, 0x1c), "fcvtau", dec_fcvt_int, h_fcvtu, SIMD),
	RF(V2F(0, 0, 0x1d), "scvtf", dec_vec_fp, h_scvtf, SIMD),
	RF(V2F(1, 0, 0x1d), "ucvtf", dec_vec_fp, h_ucvtf, SIMD),
	RF(V2F(0, 1, 0x0c), "fcmgt", dec_vec_fp, h_fcmgt0, SIMD),
	RF(V2F(0, 1, 0x0d), "fcmeq", dec_vec_fp, h_fcmeq0, SIMD),
	RF(V2F(0, 1, 0x0e), "fcmlt", dec_vec_fp, h_fcmlt0, SIMD),
	RF(V2F(1, 1, 0x0c), "fcmge", dec_vec_fp, h_fcmge0, SIMD),
	RF(V2F(1, 1, 0x0d), "fcmle", dec_vec_fp, h_fcmle0, SIMD),
	RF(V2F(0, 1, 0x0f), "fabs", dec_vec_fp, h_fabs, SIMD),
	RF(V2F(1, 1, 0x0f), "fneg", dec_vec_fp, h_fneg, SIMD),
	RF(V2F(1, 1, 0x1f), "fsqrt", dec_vec_fp, h_fsqrt, FDIV),
	RF32(V2F(0, 1, 0x1c), "urecpe", dec_vec_fp, h_urecpe, SIMD),
	RF32(V2F(1, 1, 0x1c), "ursqrte", dec_vec_fp, h_ursqrte, SIMD),
	RF(V2F(0, 1, 0x1d), "frecpe", dec_vec_fp, h_frecpe, SIMD),
	RF(V2F(1, 1, 0x1d), "frsqrte", dec_vec_fp, h_frsqrte, SIMD),

	/* Advanced SIMD scalar two-register miscellaneous */
	RALL(S2(0, 0x03), "suqadd", dec_scalar, h_suqadd, SIMD),
	RALL(S2(0, 0x07), "sqabs", dec_scalar, h_sqabs, SIMD),
	RD(S2(0, 0x08), "cmgt", dec_scalar, h_cmgt0, SIMD),
	RD(S2(0, 0x09), "cmeq", dec_scalar, h_cmeq0, SIMD),
	RD(S2(0, 0x0a), "cmlt", dec_scalar, h_cmlt0, SIMD),
	RD(S2(0, 0x0b), "abs", dec_scalar, h_abs, SIMD),
	RBHS(S2(0, 0x14), "sqxtn", dec_half_scalar, h_sqxtn, SIMD),
	RALL(S2(1, 0x03), "usqadd", dec_scalar, h_usqadd, SIMD),
	RALL(S2(1, 0x07), "sqneg", dec_scalar, h_sqneg, SIMD),
	RD(S2(1, 0x08), "cmge", dec_scalar, h_cmge0, SIMD),
	RD(S2(1, 0x09), "cmle", dec_scalar, h_cmle0, SIMD),
	RD(S2(1, 0x0b), "neg", dec_scalar, h_neg, SIMD),
	RBHS(S2(1, 0x12), "sqxtun", dec_half_scalar, h_sqxtun, SIMD),
	RBHS(S2(1, 0x14), "uqxtn", dec_half_scalar, h_uqxtn, SIMD),
	ROWSZ1(S2F(1, 0, 0x16), 1, "fcvtxn", dec_half_scalar, h_fcvtxn32, SIMD),
	RF(S2F(0, 0, 0x1a), "fcvtns", dec_fcvt_int_scalar, h_fcvts, SIMD),
	RF(S2F(0, 1, 0x1a), "fcvtps", dec_fcvt_int_scalar, h_fcvts, SIMD),
	RF(S2F(0, 0, 0x1b), "fcvtms", dec_fcvt_int_scalar, h_fcvts, SIMD),
	RF(S2F(0, 1, 0x1b), "fcvtzs", dec_fcvt_int_scalar, h_fcvts, SIMD),
	RF(S2F(0, 0, 0x1c), "fcvtas", dec_fcvt_int_scalar, h_fcvts, SIMD),
	RF(S2F(1, 0, 0x1a), "fcvtnu", dec_fcvt_int_scalar, h_fcvtu, SIMD),
	RF(S2F(1, 1, 0x1a), "fcvtpu", dec_fcvt_int_scalar, h_fcvtu, SIMD),
	RF(S2F(1, 0, 0x1b), "fcvtmu", dec_fcvt_int_scalar, h_fcvtu, SIMD),
	RF(S2F(1, 1, 0x1b), "fcvtzu", dec_fcvt_int_scalar, h_fcvtu, SIMD),
	RF(S2F(1, 0, 0x1c), "fcvtau", dec_fcvt_int_scalar, h_fcvtu, SIMD),
	RF(S2F(0, 0, 0x1d), "scvtf", dec_scalar, h_scvtf, SIMD),
	RF(S2F(1, 0, 0x1d), "ucvtf", dec_scalar, h_ucvtf, SIMD),
	RF(S2F(0, 1, 0x0c), "fcmgt", dec_scalar, h_fcmgt0, SIMD),
	RF(S2F(0, 1, 0x0d), "fcmeq", dec_scalar, h_fcmeq0, SIMD),
	RF(S2F(0, 1, 0x0e), "fcmlt", dec_scalar, h_fcmlt0, SIMD),
	RF(S2F(1, 1, 0x0c), "fcmge", dec_scalar, h_fcmge0, SIMD),
	RF(S2F(1, 1, 0x0d), "fcmle", dec_scalar, h_fcmle0, SIMD),
	RF(S2F(0, 1, 0x1d), "frecpe", dec_scalar, h_frecpe, SIMD),
	RF(S2F(0, 1, 0x1f), "frecpx", dec_scalar, h_frecpx, SIMD),
	RF(S2F(1, 1, 0x1d), "frsqrte", dec_scalar, h_frsqrte, SIMD),

	/* Advanced SIMD across lanes, scalar pairwise */
	RBHS(AC(0, 0x03), "saddlv", dec_across, h_saddlv, SIMD),
	RBHS(AC(0, 0x0a), "smaxv", dec_across, h_smaxv, SIMD),
	RBHS(AC(0, 0x1a), "sminv", dec_across, h_sminv, SIMD),
	RBHS(AC(0, 0x1b), "addv", dec_across, h_addv, SIMD),
	RBHS(AC(1, 0x03), "uaddlv", dec_across, h_uaddlv, SIMD),
	RBHS(AC(1, 0x0a), "umaxv", dec_across, h_umaxv, SIMD),
	RBHS(AC(1, 0x1a), "uminv", dec_across, h_uminv, SIMD),
	ROW(ACF(0, 0x0c), "fmaxnmv", dec_across_fp, h_fmaxnmv, SIMD),
	ROW(ACF(1, 0x0c), "fminnmv", dec_across_fp, h_fminnmv, SIMD),
	ROW(ACF(0, 0x0f), "fmaxv", dec_across_fp, h_fmaxv, SIMD),
	ROW(ACF(1, 0x0f), "fminv", dec_across_fp, h_fminv, SIMD),
	RD(SP(0, 0x1b), "addp", dec_pair_scalar, h_addp, SIMD),
	RF(SPF(0, 0x0c), "fmaxnmp", dec_pair_scalar_fp, h_fmaxnmp, SIMD),
	RF(SPF(0, 0x0d), "faddp", dec_pair_scalar_fp, h_faddp, SIMD),
	RF(SPF(0, 0x0f), "fmaxp", dec_pair_scalar_fp, h_fmaxp, SIMD),
	RF(SPF(1, 0x0c), "fminnmp", dec_pair_scalar_fp, h_fminnmp, SIMD),
	RF(SPF(1, 0x0f), "fminp", dec_pair_scalar_fp, h_fminp, SIMD),

	/* Advanced SIMD three different */
	RBHS(V3D(0, 0x0), "saddl", dec_half, h_saddl, SIMD),
	RBHS(V3D(0, 0x1), "saddw", dec_half, h_saddw, SIMD),
	RBHS(V3D(0, 0x2), "ssubl", dec_half, h_ssubl, SIMD),
	RBHS(V3D(0, 0x3), "ssubw", dec_half, h_ssubw, SIMD),
	RBHS(V3D(0, 0x4), "addhn", dec_half, h_addhn, SIMD),
	RBHS(V3D(0, 0x5), "sabal", dec_half, h_sabal, SIMD),
	RBHS(V3D(0, 0x6), "subhn", dec_half, h_subhn, SIMD),
	RBHS(V3D(0, 0x7), "sabdl", dec_half, h_sabdl, SIMD),
	RBHS(V3D(0, 0x8), "smlal", dec_half, h_smlal, SIMD),
	RHS(V3D(0, 0x9), "sqdmlal", dec_half, h_sqdmlal, SIMD),
	RBHS(V3D(0, 0xa), "smlsl", dec_half, h_smlsl, SIMD),
	RHS(V3D(0, 0xb), "sqdmlsl", dec_half, h_sqdmlsl, SIMD),
	RBHS(V3D(0, 0xc), "smull", dec_half, h_smull, SIMD),
	RHS(V3D(0, 0xd), "sqdmull", dec_half, h_sqdmull, SIMD),
	RB(V3D(0, 0xe), "pmull", dec_half, h_pmull, SIMD),
	RBHS(V3D(1, 0x0), "uaddl", dec_half, h_uaddl, SIMD),
	RBHS(V3D(1, 0x1), "uaddw", dec_half, h_uaddw, SIMD),
	RBHS(V3D(1, 0x2), "usubl", dec_half, h_usubl, SIMD),
	RBHS(V3D(1, 0x3), "usubw", dec_half, h_usubw, SIMD),
	RBHS(V3D(1, 0x4), "raddhn", dec_half, h_raddhn, SIMD),
	RBHS(V3D(1, 0x5), "uabal", dec_half, h_uabal, SIMD),
	RBHS(V3D(1, 0x6), "rsubhn", dec_half, h_rsubhn, SIMD),
	RBHS(V3D(1, 0x7), "uabdl", dec_half, h_uabdl, SIMD),
	RBHS(V3D(1, 0x8), "umlal", dec_half, h_umlal, SIMD),
	RBHS(V3D(1, 0xa), "umlsl", dec_half, h_umlsl, SIMD),
	RBHS(V3D(1, 0xc), "umull", dec_half, h_umull, SIMD),
	RHS(S3D(0, 0x9), "sqdmlal", dec_half_scalar, h_sqdmlal, SIMD),
	RHS(S3D(0, 0xb), "sqdmlsl", dec_half_scalar, h_sqdmlsl, SIMD),
	RHS(S3D(0, 0xd), "sqdmull", dec_half_scalar, h_sqdmull, SIMD),

	/* Advanced SIMD vector x indexed element, scalar x indexed element */
	RF(VXF(0, 0x1), "fmla", dec_idx_fp, h_fmla, SIMD),
	RF(VXF(0, 0x5), "fmls", dec_idx_fmls, h_fmla, SIMD),
	RF(VXF(0, 0x9), "fmul", dec_idx_fp, h_fmul, SIMD),
	RF(VXF(1, 0x9), "fmulx", dec_idx_fp, h_fmulx, SIMD),
	RHS(VX(0, 0x2), "smlal", dec_idx_long, h_smlal, SIMD),
	RHS(VX(0, 0x3), "sqdmlal", dec_idx_long, h_sqdmlal, SIMD),
	RHS(VX(0, 0x6), "smlsl", dec_idx_long, h_smlsl, SIMD),
	RHS(VX(0, 0x7), "sqdmlsl", dec_idx_long, h_sqdmlsl, SIMD),
	RHS(VX(0, 0x8), "mul", dec_idx, h_mul, SIMD),
	RHS(VX(0, 0xa), "smull", dec_idx_long, h_smull, SIMD),
	RHS(VX(0, 0xb), "sqdmull", dec_idx_long, h_sqdmull, SIMD),
	RHS(VX(0, 0xc), "sqdmulh", dec_idx, h_sqdmulh, SIMD),
	RHS(VX(0, 0xd), "sqrdmulh", dec_idx, h_sqrdmulh, SIMD),
	RHS(VX(1, 0x0), "mla", dec_idx, h_mla, SIMD),
	RHS(VX(1, 0x4), "mls", dec_idx, h_mls, SIMD),
	RHS(VX(1, 0x2), "umlal", dec_idx_long, h_umlal, SIMD),
	RHS(VX(1, 0x6), "umlsl", dec_idx_long, h_umlsl, SIMD),
	RHS(VX(1, 0xa), "umull", dec_idx_long, h_umull, SIMD),
	RF(SXF(0, 0x1), "fmla", dec_idx_fp_scalar, h_fmla, SIMD),
	RF(SXF(0, 0x5), "fmls", dec_idx_fmls_scalar, h_fmla, SIMD),
	RF(SXF(0, 0x9), "fmul", dec_idx_fp_scalar, h_fmul, SIMD),
	RF(SXF(1, 0x9), "fmulx", dec_idx_fp_scalar, h_fmulx, SIMD),
	RHS(SX(0, 0x3), "sqdmlal", dec_idx_scalar, h_sqdmlal, SIMD),
	RHS(SX(0, 0x7), "sqdmlsl", dec_idx_scalar, h_sqdmlsl, SIMD),
	RHS(SX(0, 0xb), "sqdmull", dec_idx_scalar, h_sqdmull, SIMD),
	RHS(SX(0, 0xc), "sqdmulh", dec_idx_scalar, h_sqdmulh, SIMD),
	RHS(SX(0, 0xd), "sqrdmulh", dec_idx_scalar, h_sqrdmulh, SIMD),

	/* Advanced SIMD shift by immediate */
	SHALL(VSH(0, 0x00), "sshr", dec_shr, h_sshr, SIMD),
	SHALL(VSH(0, 0x02), "ssra", dec_shr, h_ssra, SIMD),
	SHALL(VSH(0, 0x04), "srshr", dec_shr, h_srshr, SIMD),
	SHALL(VSH(0, 0x06), "srsra", dec_shr, h_srsra, SIMD),
	SHALL(VSH(0, 0x0a), "shl", dec_shl, h_shl, SIMD),
	SHALL(VSH(0, 0x0e), "sqshl", dec_shl, h_sqshli, SIMD),
	SHBHS(VSH(0, 0x10), "shrn", dec_shr_narrow, h_shrn, SIMD),
	SHBHS(VSH(0, 0x11), "rshrn", dec_shr_narrow, h_rshrn, SIMD),
	SHBHS(VSH(0, 0x12), "sqshrn", dec_shr_narrow, h_sqshrn, SIMD),
	SHBHS(VSH(0, 0x13), "sqrshrn", dec_shr_narrow, h_sqrshrn, SIMD),
	SHBHS(VSH(0, 0x14), "sshll", dec_shll, h_sshll, SIMD),
	SHSD(VSH(0, 0x1c), "scvtf", dec_shift_fixed, h_scvtf, SIMD),
	SHSD(VSH(0, 0x1f), "fcvtzs", dec_shift_fixed, h_fcvts, SIMD),
	SHALL(VSH(1, 0x00), "ushr", dec_shr, h_ushr, SIMD),
	SHALL(VSH(1, 0x02), "usra", dec_shr, h_usra, SIMD),
	SHALL(VSH(1, 0x04), "urshr", dec_shr, h_urshr, SIMD),
	SHALL(VSH(1, 0x06), "ursra", dec_shr, h_ursra, SIMD),
	SHALL(VSH(1, 0x08), "sri", dec_shr, h_sri, SIMD),
	SHALL(VSH(1, 0x0a), "sli", dec_shl, h_sli, SIMD),
	SHALL(VSH(1, 0x0c), "sqshlu", dec_shl, h_sqshlu, SIMD),
	SHALL(VSH(1, 0x0e), "uqshl", dec_shl, h_uqshli, SIMD),
	SHBHS(VSH(1, 0x10), "sqshrun", dec_shr_narrow, h_sqshrun, SIMD),
	SHBHS(VSH(1, 0x11), "sqrshrun", dec_shr_narrow, h_sqrshrun, SIMD),
	SHBHS(VSH(1, 0x12), "uqshrn", dec_shr_narrow, h_uqshrn, SIMD),
	SHBHS(VSH(1, 0x13), "uqrshrn", dec_shr_narrow, h_uqrshrn, SIMD),
	SHBHS(VSH(1, 0x14), "ushll", dec_shll, h_ushll, SIMD),
	SHSD(VSH(1, 0x1c), "ucvtf", dec_shift_fixed, h_ucvtf, SIMD),
	SHSD(VSH(1, 0x1f), "fcvtzu", dec_shift_fixed, h_fcvtu, SIMD),
	/* Advanced SIMD scalar shift by immediate */
	SHD(SSH(0, 0x00), "sshr", dec_shr_scalar, h_sshr, SIMD),
	SHD(SSH(0, 0x02), "ssra", dec_shr_scalar, h_ssra, SIMD),
	SHD(SSH(0, 0x04), "srshr", dec_shr_scalar, h_srshr, SIMD),
	SHD(SSH(0, 0x06), "srsra", dec_shr_scalar, h_srsra, SIMD),
	SHD(SSH(0, 0x0a), "shl", dec_shl_scalar, h_shl, SIMD),
	SHALL(SSH(0, 0x0e), "sqshl", dec_shl_scalar, h_sqshli, SIMD),
	SHBHS(SSH(0, 0x12), "sqshrn", dec_shr_narrow_scalar, h_sqshrn, SIMD),
	SHBHS(SSH(0, 0x13), "sqrshrn", dec_shr_narrow_scalar, h_sqrshrn, SIMD),
	SHSD(SSH(0, 0x1c), "scvtf", dec_shift_fixed_scalar, h_scvtf, SIMD),
	SHSD(SSH(0, 0x1f), "fcvtzs", dec_shift_fixed_scalar, h_fcvts, SIMD),
	SHD(SSH(1, 0x00), "ushr", dec_shr_scalar, h_ushr, SIMD),
	SHD(SSH(1, 0x02), "usra", dec_shr_scalar, h_usra, SIMD),
	SHD(SSH(1, 0x04), "urshr", dec_shr_scalar, h_urshr, SIMD),
	SHD(SSH(1, 0x06), "ursra", dec_shr_scalar, h_ursra, SIMD),
	SHD(SSH(1, 0x08), "sri", dec_shr_scalar, h_sri, SIMD),
	SHD(SSH(1, 0x0a), "sli", dec_shl_scalar, h_sli, SIMD),
	SHALL(SSH(1, 0x0c), "sqshlu", dec_shl_scalar, h_sqshlu, SIMD),
	SHALL(SSH(1, 0x0e), "uqshl", dec_shl_scalar, h_uqshli, SIMD),
	SHBHS(SSH(1, 0x10), "sqshrun", dec_shr_narrow_scalar, h_sqshrun, SIMD),
	SHBHS(SSH(1, 0x11), "sqrshrun", dec_shr_narrow_scalar, h_sqrshrun, SIMD),
	SHBHS(SSH(1, 0x12), "uqshrn", dec_shr_narrow_scalar, h_uqshrn, SIMD),
	SHBHS(SSH(1, 0x13), "uqrshrn", dec_shr_narrow_scalar, h_uqrshrn, SIMD),
	SHSD(SSH(1, 0x1c), "ucvtf", dec_shift_fixed_scalar, h_ucvtf, SIMD),
	SHSD(SSH(1, 0x1f), "fcvtzu", dec_shift_fixed_scalar, h_fcvtu, SIMD),

	/* Advanced SIMD copy, scalar copy */
	CPALL(CP(0, 0x0), "dup", dec_dup_elem, h_dup_elem, SIMD),
	CPALL(CP(0, 0x1), "dup", dec_dup_gen, h_dup_gen, SIMD),
	CPBH(CPQ(0, 0, 0x5), "smov", dec_mov_out, h_smovw, SIMD),
	CPBHS(CPQ(1, 0, 0x5), "smov", dec_mov_out, h_smovx, SIMD),
	CPBHS(CPQ(0, 0, 0x7), "umov", dec_mov_out, h_umov, SIMD),
	CPD(CPQ(1, 0, 0x7), "umov", dec_mov_out, h_umov, SIMD),
	CPALL(CPQ(1, 0, 0x3), "ins", dec_ins_gen, h_ins_gen, SIMD),
	CPALL(0xffe08400, 0x6e000400, "ins", dec_ins_elem, h_ins_elem, SIMD),
	CPALL(0xffe0fc00, 0x5e000400, "dup", dec_dup_scalar, h_dup_scalar, SIMD),

	/* Advanced SIMD permute, extract, table lookup */
	RALL(PERM(1), "uzp1", dec_perm, h_uzp, SIMD),
	RALL(PERM(2), "trn1", dec_perm, h_trn, SIMD),
	RALL(PERM(3), "zip1", dec_perm, h_zip, SIMD),
	RALL(PERM(5), "uzp2", dec_perm, h_uzp, SIMD),
	RALL(PERM(6), "trn2", dec_perm, h_trn, SIMD),
	RALL(PERM(7), "zip2", dec_perm, h_zip, SIMD),
	ROW(0xbfe08400, 0x2e000000, "ext", dec_ext, h_ext, SIMD),
	ROW(0xbfe09c00, 0x0e000000, "tbl", dec_tbl, h_tbl, SIMD),
	ROW(0xbfe09c00, 0x0e001000, "tbx", dec_tbl, h_tbx, SIMD),

	/* Advanced SIMD modified immediate */
	MI(0, 0x0, "movi", h_movi), MI(0, 0x2, "movi", h_movi), MI(0, 0x4, "movi", h_movi),
	MI(0, 0x6, "movi", h_movi), MI(0, 0x8, "movi", h_movi), MI(0, 0xa, "movi", h_movi),
	MI(0, 0xc, "movi", h_movi), MI(0, 0xd, "movi", h_movi), MI(0, 0xe, "movi", h_movi),
	MI(0, 0x1, "orr", h_orri), MI(0, 0x3, "orr", h_orri), MI(0, 0x5, "orr", h_orri),
	MI(0, 0x7, "orr", h_orri), MI(0, 0x9, "orr", h_orri), MI(0, 0xb, "orr", h_orri),
	MI(0, 0xf, "fmov", h_movi),
	MI(1, 0x0, "mvni", h_movi), MI(1, 0x2, "mvni", h_movi), MI(1, 0x4, "mvni", h_movi),
	MI(1, 0x6, "mvni", h_movi), MI(1, 0x8, "mvni", h_movi), MI(1, 0xa, "mvni", h_movi),
	MI(1, 0xc, "mvni", h_movi), MI(1, 0xd, "mvni", h_movi),
	MI(1, 0x1, "bic", h_andi), MI(1, 0x3, "bic", h_andi), MI(1, 0x5, "bic", h_andi),
	MI(1, 0x7, "bic", h_andi), MI(1, 0x9, "bic", h_andi), MI(1, 0xb, "bic", h_andi),
	MI(1, 0xe, "movi", h_movi), MI(1, 0xf, "fmov", h_movi),

	/* Advanced SIMD load/store multiple structures (and post-indexed) */
	LSM(1, 0x0, "ld4", h_ldnm), LSM(1, 0x2, "ld1", h_ld1m), LSM(1, 0x4, "ld3", h_ldnm),
	LSM(1, 0x6, "ld1", h_ld1m), LSM(1, 0x7, "ld1", h_ld1m), LSM(1, 0x8, "ld2", h_ldnm),
	LSM(1, 0xa, "ld1", h_ld1m),
	LSM(0, 0x0, "st4", h_stnm), LSM(0, 0x2, "st1", h_st1m), LSM(0, 0x4, "st3", h_stnm),
	LSM(0, 0x6, "st1", h_st1m), LSM(0, 0x7, "st1", h_st1m), LSM(0, 0x8, "st2", h_stnm),
	LSM(0, 0xa, "st1", h_st1m),
	/* Advanced SIMD load/store single structure (and post-indexed) */
	LSS3(1, 0, "ld1", "ld3", h_lds), LSS3(1, 1, "ld2", "ld4", h_lds),
	LSS3(0, 0, "st1", "st3", h_sts), LSS3(0, 1, "st2", "st4", h_sts),
	LSS(1, 0, 6, "ld1r", h_ldr), LSS(1, 0, 7, "ld3r", h_ldr),
	LSS(1, 1, 6, "ld2r", h_ldr), LSS(1, 1, 7, "ld4r", h_ldr),
};

const struct a64_table a64_table_simd = { simd_rows, sizeof(simd_rows) / sizeof(simd_rows[0]) };
