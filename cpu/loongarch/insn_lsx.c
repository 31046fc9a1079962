/*
 * LoongArch LSX, the 128-bit SIMD extension ("LoongArch Reference Manual,
 * Volume 2: Advanced SIMD", cited as LSX with the instruction's name), but
 * its floating point (insn_vfp.c): the handlers; the rows come from
 * la_lsx.decode, which picks one handler per operation and lane size and
 * computes at decode whatever can be computed there (immediates broadcast
 * or replicated, VLDI's constant, VSAT's bounds, shuffle selectors).
 *
 * Operand slots: r[0] vd (rd for VPICKVE2GR), r[1] vj (rj), r[2] vk (rk),
 * r[3] va; imm the immediate as used; f[0..3] lane indices. Lanes are
 * little-endian: lane i of a register is bytes [i * size, (i + 1) * size).
 *
 * Where the manual leaves a result undefined (a zero divisor, VSHUF's
 * index bits above the register pair), hvsim gives what QEMU gives, so
 * that differential runs against it agree.
 *
 * Three kinds of handlers: whole-register operations on the host's vector
 * types (VOP: the common arithmetic, logic, compares, shifts), lane loops
 * (LANES, WIDE, NARROW, ...: widening, narrowing, 128-bit lanes, division)
 * and the permutes, moves, loads and stores, one by one.
 */
#include "cpu/core/simd.h"
#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

#define INLINE static inline __attribute__((always_inline))
#define HANDLER(name) CORE_HANDLER(name)

/* Lane types by width: I signed, U unsigned (token-pasted by the generators below). */
#define I8 int8_t
#define I16 int16_t
#define I32 int32_t
#define I64 int64_t
#define I128 s128
#define U8 uint8_t
#define U16 uint16_t
#define U32 uint32_t
#define U64 uint64_t
#define U128 u128

/* Lane i of register r viewed as an array of T (any T, 128-bit lanes too). */
#define GET(T, r, i)                                                          \
	({                                                                    \
		T x_;                                                         \
		memcpy(&x_, (const uint8_t *)&(r) + (size_t)(i) * sizeof(T), sizeof(T)); \
		x_;                                                           \
	})
#define PUT(T, r, i, x)                                                       \
	do {                                                                  \
		T y_ = (T)(x);                                                \
		memcpy((uint8_t *)&(r) + (size_t)(i) * sizeof(T), &y_, sizeof(T)); \
	} while (0)

/* Decode-time helpers the description names. */
static inline int64_t lsx_times2(int64_t x)
{
	return x * 2;
}

static inline int64_t lsx_times8(int64_t x)
{
	return x * 8;
}

/* x's low lane replicated over 64 bits (the byte, halfword or word immediates). */
static inline uint64_t lsx_rep8(uint64_t x)
{
	return (uint8_t)x * 0x0101010101010101ull;
}

static inline uint64_t lsx_rep16(uint64_t x)
{
	return (uint16_t)x * 0x0001000100010001ull;
}

static inline uint64_t lsx_rep32(uint64_t x)
{
	return (uint32_t)x * 0x0000000100000001ull;
}

/* --------------------------------------------- whole-register operations */

/* x in both halves: an immediate decode replicated over 64 bits, in every lane. */
INLINE vu64 dup64(uint64_t x)
{
	return (vu64){ x, x };
}

/*
 * vd = EXPR, lane by lane on the host's vector types: a, b, d (vj, the
 * second operand, vd; unsigned, type VU), sa, sb (signed, VS), wmask (the
 * lane width - 1), n (the immediate as a scalar: a shift count). B loads
 * b: VK_ (vk), IMM_ (the immediate, which decode replicated over 64 bits)
 * or NONE_ (zero).
 */
#define VOP(NAME, BITS, B, EXPR)                                              \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr;                                      \
		typedef vu##BITS VU;                                          \
		typedef vs##BITS VS;                                          \
		typedef U##BITS UT;                                           \
		const UT wmask = (UT)(BITS - 1);                              \
		const unsigned n = (unsigned)op->imm;                         \
		VU a, b, d, r;                                                \
		memcpy(&a, &vr[op->r[1]], 16);                                \
		B;                                                            \
		memcpy(&d, &vr[op->r[0]], 16);                                \
		VS sa = (VS)a, sb = (VS)b;                                    \
		(void)wmask;                                                  \
		(void)n;                                                      \
		(void)d;                                                      \
		(void)sa;                                                     \
		(void)sb;                                                     \
		r = (VU)(EXPR);                                               \
		memcpy(&vr[op->r[0]], &r, 16);                                \
		return CORE_OK;                                               \
	}
#define VK_ memcpy(&b, &vr[op->r[2]], 16)
#define IMM_ b = (VU)dup64(op->imm)
#define NONE_ b = (VU){ 0 }
/* The four lane sizes: NAME_b, _h, _w, _d, with suffix S ("u" or nothing). */
#define VOP4(NAME, S, B, EXPR)                                                \
	VOP(NAME##_b##S, 8, B, EXPR)                                          \
	VOP(NAME##_h##S, 16, B, EXPR)                                         \
	VOP(NAME##_w##S, 32, B, EXPR)                                         \
	VOP(NAME##_d##S, 64, B, EXPR)
/* A register form and its immediate form, sharing EXPR. */
#define VOP4_RI(NAME, INAME, S, EXPR) VOP4(NAME, S, VK_, EXPR) VOP4(INAME, S, IMM_, EXPR)

/* All ones in lanes where c holds. */
#define M(c) ((VU)(c))
/* The shift amount: b modulo the lane width. */
#define SH (b & wmask)

/* VADD, VSUB; VADDI (VSUBI too, its ui5 negated at decode); VNEG. */
VOP4(h_vadd, , VK_, a + b)
VOP4(h_vaddi, , IMM_, a + b)
VOP4(h_vsub, , VK_, a - b)
VOP4(h_vneg, , NONE_, -a)

/*
 * VSADD, VSSUB: a signed result overflows when the operands' signs (add)
 * or the minuend's and the subtrahend's (sub) say it cannot have the sign
 * it has; it then saturates toward a's sign. Unsigned: carry or borrow.
 */
#define SMAX ((VU){ 0 } + (UT)((UT)~(UT)0 >> 1))
#define SAT_TOWARD_A ((VU)(sa >> wmask) ^ SMAX)
VOP4(h_vsadd, , VK_, VSEL(M((VS)((a ^ (a + b)) & (b ^ (a + b))) < 0), SAT_TOWARD_A, a + b))
VOP4(h_vssub, , VK_, VSEL(M((VS)((a ^ b) & (a ^ (a - b))) < 0), SAT_TOWARD_A, a - b))
VOP4(h_vsadd, u, VK_, (a + b) | M(a + b < a))
VOP4(h_vssub, u, VK_, (a - b) & M(a >= b))

/* VAVG, VAVGR: halves summed, plus the carry of the low bits (rounded: either set). */
VOP4(h_vavg, , VK_, (VU)((sa >> 1) + (sb >> 1)) + (a & b & 1))
VOP4(h_vavg, u, VK_, (a >> 1) + (b >> 1) + (a & b & 1))
VOP4(h_vavgr, , VK_, (VU)((sa >> 1) + (sb >> 1)) + ((a | b) & 1))
VOP4(h_vavgr, u, VK_, (a >> 1) + (b >> 1) + ((a | b) & 1))

/* VABSD; VADDA (|vj| + |vk|, wrapping: |INT_MIN| is INT_MIN). */
VOP4(h_vabsd, , VK_, VSEL(M(sa > sb), a - b, b - a))
VOP4(h_vabsd, u, VK_, VSEL(M(a > b), a - b, b - a))
VOP4(h_vadda, , VK_, VSEL(M(sa < 0), -a, a) + VSEL(M(sb < 0), -b, b))

/* VMAX, VMIN and their immediate forms (si5, or ui5 for the unsigned ones). */
VOP4_RI(h_vmax, h_vmaxi, , VSEL(M(sa > sb), a, b))
VOP4_RI(h_vmax, h_vmaxi, u, VSEL(M(a > b), a, b))
VOP4_RI(h_vmin, h_vmini, , VSEL(M(sa < sb), a, b))
VOP4_RI(h_vmin, h_vmini, u, VSEL(M(a < b), a, b))

/* VMUL, VMADD, VMSUB: the low half of the product. */
VOP4(h_vmul, , VK_, a * b)
VOP4(h_vmadd, , VK_, d + a * b)
VOP4(h_vmsub, , VK_, d - a * b)

/* VSAT: imm is the bound (decode): signed [~imm, imm], unsigned [0, imm]. */
VOP4(h_vsat, , IMM_, VSEL(M(sa > sb), b, VSEL(M(sa < ~sb), ~b, a)))
VOP4(h_vsat, u, IMM_, VSEL(M(a > b), b, a))

/* VSIGNCOV: vk, negated where vj is negative, zero where vj is zero. */
VOP4(h_vsigncov, , VK_, VSEL(M(sa == 0), (VU){ 0 }, VSEL(M(sa < 0), -b, b)))

/* VSEQ, VSLE, VSLT and their immediate forms. */
VOP4_RI(h_vseq, h_vseqi, , M(a == b))
VOP4_RI(h_vsle, h_vslei, , M(sa <= sb))
VOP4_RI(h_vsle, h_vslei, u, M(a <= b))
VOP4_RI(h_vslt, h_vslti, , M(sa < sb))
VOP4_RI(h_vslt, h_vslti, u, M(a < b))

/*
 * VSLL, VSRL, VSRA, VROTR: by vk modulo the width, lane by lane. VSLLI...:
 * by the immediate (below the width), one count for every lane, which the
 * host shifts by at once.
 */
VOP4(h_vsll, , VK_, a << SH)
VOP4(h_vsrl, , VK_, a >> SH)
VOP4(h_vsra, , VK_, sa >> (VS)SH)
VOP4(h_vrotr, , VK_, (a >> SH) | (a << (-b & wmask)))
VOP4(h_vslli, , NONE_, a << n)
VOP4(h_vsrli, , NONE_, a >> n)
VOP4(h_vsrai, , NONE_, sa >> n)
VOP4(h_vrotri, , NONE_, (a >> n) | (a << ((0u - n) & wmask)))

/*
 * VSRLR, VSRAR (+I): shifted right, plus the last bit shifted out (none
 * for a shift by 0).
 */
VOP4(h_vsrlr, , VK_, (a >> SH) + ((a >> ((b - 1) & wmask)) & M(SH != 0) & 1))
VOP4(h_vsrar, , VK_, (VU)((sa >> (VS)SH) + ((sa >> (VS)((b - 1) & wmask)) & (VS)M(SH != 0) & 1)))
VOP4(h_vsrlri, , NONE_, n ? (a >> n) + ((a >> (n - 1)) & 1) : a)
VOP4(h_vsrari, , NONE_, n ? (VU)((sa >> n) + ((sa >> (n - 1)) & 1)) : a)

/* VBITCLR, VBITSET, VBITREV: bit vk modulo the width (the immediate forms are VANDI...). */
VOP4(h_vbitclr, , VK_, a & ~(((VU){ 0 } + 1) << SH))
VOP4(h_vbitset, , VK_, a | (((VU){ 0 } + 1) << SH))
VOP4(h_vbitrev, , VK_, a ^ (((VU){ 0 } + 1) << SH))

/*
 * VAND.V, VOR.V, VXOR.V, VNOR.V, VANDN.V (~vj & vk), VORN.V (vj | ~vk) on
 * 64-bit lanes; VANDI.B... with the byte replicated at decode (and
 * VBITCLRI/VBITSETI/VBITREVI as VANDI/VORI/VXORI with the replicated bit).
 */
VOP(h_vand_v, 64, VK_, a & b)
VOP(h_vor_v, 64, VK_, a | b)
VOP(h_vxor_v, 64, VK_, a ^ b)
VOP(h_vnor_v, 64, VK_, ~(a | b))
VOP(h_vandn_v, 64, VK_, ~a & b)
VOP(h_vorn_v, 64, VK_, a | ~b)
VOP(h_vandi, 64, IMM_, a & b)
VOP(h_vori, 64, IMM_, a | b)
VOP(h_vxori, 64, IMM_, a ^ b)
VOP(h_vnori, 64, IMM_, ~(a | b))
/* VBITSELI.B: vd's bits select the immediate (1) or vj (0). */
VOP(h_vbitseli, 64, IMM_, VSEL(d, b, a))

/* VBITSEL.V: va's bits select vk (1) or vj (0). */
HANDLER(h_vbitsel_v)
{
	la_vreg *vr = la(v)->vr;
	vu64 j, k, m, r;
	memcpy(&j, &vr[op->r[1]], 16);
	memcpy(&k, &vr[op->r[2]], 16);
	memcpy(&m, &vr[op->r[3]], 16);
	r = VSEL(m, k, j);
	memcpy(&vr[op->r[0]], &r, 16);
	return CORE_OK;
}

/* VADD.Q, VSUB.Q: the registers as 128-bit integers. */
HANDLER(h_vadd_q)
{
	la_vreg *vr = la(v)->vr;
	PUT(u128, vr[op->r[0]], 0, GET(u128, vr[op->r[1]], 0) + GET(u128, vr[op->r[2]], 0));
	return CORE_OK;
}

HANDLER(h_vsub_q)
{
	la_vreg *vr = la(v)->vr;
	PUT(u128, vr[op->r[0]], 0, GET(u128, vr[op->r[1]], 0) - GET(u128, vr[op->r[2]], 0));
	return CORE_OK;
}

/* ------------------------------------------------------------ lane loops */

/* vd = EXPR lane by lane, a and b vj's and vk's lanes of type T (LT in EXPR), bits its width. */
#define LANES(NAME, T, EXPR)                                                  \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr, r;                                   \
		typedef T LT __attribute__((unused));                         \
		const unsigned bits = 8 * sizeof(T);                          \
		(void)bits;                                                   \
		for (unsigned i = 0; i < 16 / sizeof(T); i++) {               \
			T a = GET(T, vr[op->r[1]], i), b = GET(T, vr[op->r[2]], i); \
			(void)b;                                              \
			PUT(T, r, i, EXPR);                                   \
		}                                                             \
		vr[op->r[0]] = r;                                             \
		return CORE_OK;                                               \
	}
/* The four sizes; P is I (signed lanes) or U. */
#define LANES4(NAME, S, P, EXPR)                                              \
	LANES(NAME##_b##S, P##8, EXPR)                                        \
	LANES(NAME##_h##S, P##16, EXPR)                                       \
	LANES(NAME##_w##S, P##32, EXPR)                                       \
	LANES(NAME##_d##S, P##64, EXPR)

/*
 * VDIV, VMOD: a zero divisor gives 0 (QEMU's choice for what the manual
 * leaves undefined); -1 divides by negation, so INT_MIN / -1 wraps to
 * INT_MIN and its remainder is 0.
 */
LANES4(h_vdiv, , I, b == 0 ? 0 : b == -1 ? (LT)(0 - (uint64_t)a) : a / b)
LANES4(h_vmod, , I, b == 0 || b == -1 ? 0 : a % b)
LANES4(h_vdiv, u, U, b == 0 ? 0 : a / b)
LANES4(h_vmod, u, U, b == 0 ? 0 : a % b)

/* VMUH: the high half of the full product, in twice the width. */
#define MULH(T2) ((T2)a * (T2)b >> bits)
LANES(h_vmuh_b, int8_t, MULH(int16_t))
LANES(h_vmuh_h, int16_t, MULH(int32_t))
LANES(h_vmuh_w, int32_t, MULH(int64_t))
LANES(h_vmuh_d, int64_t, MULH(s128))
LANES(h_vmuh_bu, uint8_t, MULH(uint16_t))
LANES(h_vmuh_hu, uint16_t, MULH(uint32_t))
LANES(h_vmuh_wu, uint32_t, MULH(uint64_t))
LANES(h_vmuh_du, uint64_t, MULH(u128))

/* VCLO, VCLZ, VPCNT. */
INLINE unsigned clz_lane(uint64_t x, unsigned bits)
{
	return x ? (unsigned)__builtin_clzll(x) - (64 - bits) : bits;
}
LANES4(h_vclo, , U, clz_lane((LT)~a, bits))
LANES4(h_vclz, , U, clz_lane(a, bits))
LANES4(h_vpcnt, , U, __builtin_popcountll(a))

/*
 * Widening: vd's lanes i (type TD) = EXPR of a = vj's narrow lane 2i + JO
 * (type TJ), b = vk's 2i + KO (type TK) and d = vd's lane i. They compute
 * in CT, unsigned and at least 32 bits wide, from the lanes sign- or
 * zero-extended as their types say: arithmetic modulo 2^width gives the
 * exact sum, difference or product of the extended lanes, and wraps an
 * accumulation as the lane does.
 */
#define WIDE(NAME, TD, CT, TJ, TK, JO, KO, EXPR)                              \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr, r;                                   \
		for (unsigned i = 0; i < 16 / sizeof(TD); i++) {              \
			CT a = (CT)GET(TJ, vr[op->r[1]], 2 * i + JO);         \
			CT b = (CT)GET(TK, vr[op->r[2]], 2 * i + KO);         \
			CT d = (CT)GET(TD, vr[op->r[0]], i);                  \
			(void)d;                                              \
			PUT(TD, r, i, EXPR);                                  \
		}                                                             \
		vr[op->r[0]] = r;                                             \
		return CORE_OK;                                               \
	}
/* The four result sizes NAME_h ... NAME_q from lanes of half their size; J, K: I or U. */
#define WIDE4(NAME, J, K, JO, KO, EXPR)                                       \
	WIDE(NAME##_h, uint16_t, uint32_t, J##8, K##8, JO, KO, EXPR)          \
	WIDE(NAME##_w, uint32_t, uint32_t, J##16, K##16, JO, KO, EXPR)        \
	WIDE(NAME##_d, uint64_t, uint64_t, J##32, K##32, JO, KO, EXPR)        \
	WIDE(NAME##_q, u128, u128, J##64, K##64, JO, KO, EXPR)
/* Signed (ss), unsigned (uu) and, where the op has them, mixed (us: vj unsigned, vk signed). */
#define WIDE4_SU(NAME, JO, KO, EXPR)                                          \
	WIDE4(NAME##_ss, I, I, JO, KO, EXPR)                                  \
	WIDE4(NAME##_uu, U, U, JO, KO, EXPR)
#define WIDE4_SUM(NAME, JO, KO, EXPR) WIDE4_SU(NAME, JO, KO, EXPR) WIDE4(NAME##_us, U, I, JO, KO, EXPR)

/* VHADDW, VHSUBW: vj's odd lane with vk's even lane. */
WIDE4_SU(h_vhaddw, 1, 0, a + b)
WIDE4_SU(h_vhsubw, 1, 0, a - b)
/* VADDWEV/OD, VSUBWEV/OD, VMULWEV/OD, VMADDWEV/OD. */
WIDE4_SUM(h_vaddwev, 0, 0, a + b)
WIDE4_SUM(h_vaddwod, 1, 1, a + b)
WIDE4_SU(h_vsubwev, 0, 0, a - b)
WIDE4_SU(h_vsubwod, 1, 1, a - b)
WIDE4_SUM(h_vmulwev, 0, 0, a * b)
WIDE4_SUM(h_vmulwod, 1, 1, a * b)
WIDE4_SUM(h_vmaddwev, 0, 0, d + a * b)
WIDE4_SUM(h_vmaddwod, 1, 1, d + a * b)

/*
 * One source widened: vd's lanes i = vj's narrow lane OFF + i (type TS),
 * extended as TS says, shifted left by imm (VSLLWIL; VEXTL and VEXTH have
 * imm 0). OFF is 0 (the low half) or the lane count of a half (VEXTH).
 */
#define WIDEN(NAME, TD, CT, TS, OFF)                                          \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr, r;                                   \
		for (unsigned i = 0; i < 16 / sizeof(TD); i++)                \
			PUT(TD, r, i, (CT)GET(TS, vr[op->r[1]], (OFF) + i) << op->imm); \
		vr[op->r[0]] = r;                                             \
		return CORE_OK;                                               \
	}
#define WIDEN4(NAME, P, HALF)                                                 \
	WIDEN(NAME##_h, uint16_t, uint32_t, P##8, 8 * HALF)                   \
	WIDEN(NAME##_w, uint32_t, uint32_t, P##16, 4 * HALF)                  \
	WIDEN(NAME##_d, uint64_t, uint64_t, P##32, 2 * HALF)                  \
	WIDEN(NAME##_q, u128, u128, P##64, 1 * HALF)

WIDEN4(h_vsllwil_s, I, 0)
WIDEN4(h_vsllwil_u, U, 0)
WIDEN4(h_vexth_s, I, 1)
WIDEN4(h_vexth_u, U, 1)

/*
 * Narrowing: each wide lane x of vj (type TW, extended to 128 bits as its
 * type says, XT) shifted right by s and made narrow (type TN) by EXPR of
 * x, s and nb (the narrow width), into vd's low half. The three-register
 * forms take s from vk's lane (modulo the wide width) and clear the high
 * half; the ...NI forms (NI 1) shift by imm and narrow vd's old lanes into
 * the high half.
 */
#define NARROW(NAME, TN, TW, XT, NI, EXPR)                                    \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr, r = { .d = { 0, 0 } };               \
		const unsigned nb = 8 * sizeof(TN), n = 8 / sizeof(TN);       \
		(void)nb;                                                     \
		for (unsigned i = 0; i < n; i++) {                            \
			unsigned s = NI ? (unsigned)op->imm                   \
					: (unsigned)GET(TW, vr[op->r[2]], i) & (2 * nb - 1); \
			XT x = (XT)GET(TW, vr[op->r[1]], i);                  \
			PUT(TN, r, i, EXPR);                                  \
			if (NI) {                                             \
				x = (XT)GET(TW, vr[op->r[0]], i);             \
				PUT(TN, r, n + i, EXPR);                      \
			}                                                     \
		}                                                             \
		vr[op->r[0]] = r;                                             \
		return CORE_OK;                                               \
	}
/*
 * The sizes: .B.H, .H.W, .W.D, and for the NI forms .D.Q; S is "u" for the
 * unsigned-result forms; the wide lanes are extended as P (I or U) and
 * computed in XT.
 */
#define NARROW3(NAME, S, P, XT, EXPR)                                         \
	NARROW(NAME##_b##S##_h, uint8_t, P##16, XT, 0, EXPR)                  \
	NARROW(NAME##_h##S##_w, uint16_t, P##32, XT, 0, EXPR)                 \
	NARROW(NAME##_w##S##_d, uint32_t, P##64, XT, 0, EXPR)
#define NARROWI4(NAME, S, P, XT, EXPR)                                        \
	NARROW(NAME##_b##S##_h, uint8_t, P##16, XT, 1, EXPR)                  \
	NARROW(NAME##_h##S##_w, uint16_t, P##32, XT, 1, EXPR)                 \
	NARROW(NAME##_w##S##_d, uint32_t, P##64, XT, 1, EXPR)                 \
	NARROW(NAME##_d##S##_q, uint64_t, P##128, XT, 1, EXPR)
#define NARROW_BOTH(NAME, S, P, XT, EXPR)                                     \
	NARROW3(NAME, S, P, XT, EXPR) NARROWI4(NAME##i, S, P, XT, EXPR)

/* Shifted right, rounding: plus the last bit shifted out. */
INLINE u128 rnd_u(u128 x, unsigned s)
{
	return s ? (x >> s) + ((x >> (s - 1)) & 1) : x;
}

INLINE s128 rnd_s(s128 x, unsigned s)
{
	return s ? (x >> s) + ((x >> (s - 1)) & 1) : x;
}

/* Saturated to `bits` bits, unsigned (logical shifts' results are never negative) or signed. */
INLINE u128 clamp_u(u128 x, unsigned bits)
{
	u128 max = ((u128)1 << bits) - 1;
	return x > max ? max : x;
}

INLINE s128 clamp_s(s128 x, unsigned bits)
{
	bool sat = false;
	return simd_sat_s(x, bits, &sat);
}

/* VSRLN, VSRAN, VSRLRN, VSRARN and their NI forms. */
NARROW_BOTH(h_vsrln, , U, u128, x >> s)
NARROW_BOTH(h_vsran, , I, s128, x >> s)
NARROW_BOTH(h_vsrlrn, , U, u128, rnd_u(x, s))
NARROW_BOTH(h_vsrarn, , I, s128, rnd_s(x, s))
/*
 * VSSRLN, VSSRLRN: a logical shift, saturated as unsigned to the narrow
 * type's maximum (2^(nb-1) - 1 for the signed results). VSSRAN, VSSRARN:
 * an arithmetic shift, clamped to the signed range, or for the unsigned
 * results to [0, 2^nb - 1] (a negative lane gives 0).
 */
NARROW_BOTH(h_vssrln, , U, u128, clamp_u(x >> s, nb - 1))
NARROW_BOTH(h_vssrln, u, U, u128, clamp_u(x >> s, nb))
NARROW_BOTH(h_vssrlrn, , U, u128, clamp_u(rnd_u(x, s), nb - 1))
NARROW_BOTH(h_vssrlrn, u, U, u128, clamp_u(rnd_u(x, s), nb))
NARROW_BOTH(h_vssran, , I, s128, clamp_s(x >> s, nb))
NARROW_BOTH(h_vssran, u, I, s128, x < 0 ? 0 : clamp_u((u128)(x >> s), nb))
NARROW_BOTH(h_vssrarn, , I, s128, clamp_s(rnd_s(x, s), nb))
NARROW_BOTH(h_vssrarn, u, I, s128, x < 0 ? 0 : clamp_u((u128)rnd_s(x, s), nb))

/* ------------------------------------------------------------ lane masks */

/* The sign bits of the bytes of x, packed: bit i is byte i's bit 7. */
INLINE unsigned msb8(uint64_t x)
{
	return (unsigned)(((x & 0x8080808080808080ull) * 0x0002040810204081ull) >> 56);
}

/* VMSKLTZ.B: bit i of vd = vj's byte i is negative; the rest of vd cleared. */
INLINE uint64_t mskltz_b(const la_vreg *j)
{
	return msb8(j->d[0]) | msb8(j->d[1]) << 8;
}

/* Bytes of x that are not zero, as their bit 7. */
INLINE uint64_t nonzero8(uint64_t x)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
	return ((x & low7) + low7) | x;
}

HANDLER(h_vmskltz_b)
{
	la_vreg *vr = la(v)->vr;
	uint64_t m = mskltz_b(&vr[op->r[1]]);
	vr[op->r[0]].d[0] = m;
	vr[op->r[0]].d[1] = 0;
	return CORE_OK;
}

/* VMSKGEZ.B: the complement, within the 16 bits. */
HANDLER(h_vmskgez_b)
{
	la_vreg *vr = la(v)->vr;
	uint64_t m = ~mskltz_b(&vr[op->r[1]]) & 0xffff;
	vr[op->r[0]].d[0] = m;
	vr[op->r[0]].d[1] = 0;
	return CORE_OK;
}

/* VMSKNZ.B: bit i = vj's byte i is not zero. */
HANDLER(h_vmsknz_b)
{
	la_vreg *vr = la(v)->vr;
	const la_vreg *j = &vr[op->r[1]];
	uint64_t m = msb8(nonzero8(j->d[0])) | msb8(nonzero8(j->d[1])) << 8;
	vr[op->r[0]].d[0] = m;
	vr[op->r[0]].d[1] = 0;
	return CORE_OK;
}

/* VMSKLTZ.H, .W, .D: one bit per lane. */
#define MSKLTZ(NAME, T)                                                       \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr;                                      \
		uint64_t m = 0;                                               \
		for (unsigned i = 0; i < 16 / sizeof(T); i++)                 \
			m |= (uint64_t)(GET(T, vr[op->r[1]], i) < 0) << i;    \
		vr[op->r[0]].d[0] = m;                                        \
		vr[op->r[0]].d[1] = 0;                                        \
		return CORE_OK;                                               \
	}
MSKLTZ(h_vmskltz_h, int16_t)
MSKLTZ(h_vmskltz_w, int32_t)
MSKLTZ(h_vmskltz_d, int64_t)

/*
 * VSETEQZ.V, VSETNEZ.V: FCC cd = the register is (not) all zero;
 * VSETANYEQZ, VSETALLNEZ: some lane is zero / no lane is.
 */
HANDLER(h_vseteqz_v)
{
	const la_vreg *j = &la(v)->vr[op->r[1]];
	la(v)->fcc[op->f[0]] = (j->d[0] | j->d[1]) == 0;
	return CORE_OK;
}

HANDLER(h_vsetnez_v)
{
	const la_vreg *j = &la(v)->vr[op->r[1]];
	la(v)->fcc[op->f[0]] = (j->d[0] | j->d[1]) != 0;
	return CORE_OK;
}

INLINE bool any_zero_lane(const la_vreg *j, unsigned size)
{
	for (unsigned i = 0; i < 16; i += size) {
		uint64_t x = 0;
		memcpy(&x, j->b + i, size);
		if (x == 0)
			return true;
	}
	return false;
}

/* Bytes: a zero byte is one whose bit 7 stays clear in nonzero8. */
INLINE bool any_zero_byte(const la_vreg *j)
{
	return (nonzero8(j->d[0]) & nonzero8(j->d[1]) & 0x8080808080808080ull) !=
	       0x8080808080808080ull;
}

#define VSETANY(SIZE, ANY)                                                    \
	HANDLER(h_vsetanyeqz_##SIZE)                                          \
	{                                                                     \
		la(v)->fcc[op->f[0]] = ANY;                                   \
		return CORE_OK;                                               \
	}                                                                     \
	HANDLER(h_vsetallnez_##SIZE)                                          \
	{                                                                     \
		la(v)->fcc[op->f[0]] = !(ANY);                                \
		return CORE_OK;                                               \
	}
VSETANY(b, any_zero_byte(&la(v)->vr[op->r[1]]))
VSETANY(h, any_zero_lane(&la(v)->vr[op->r[1]], 2))
VSETANY(w, any_zero_lane(&la(v)->vr[op->r[1]], 4))
VSETANY(d, any_zero_lane(&la(v)->vr[op->r[1]], 8))

/*
 * VFRSTP, VFRSTPI: the index of vj's first negative lane (the lane count
 * if none) into vd's lane m: vk's lane 0 modulo the lane count, or imm.
 */
#define FRSTP(NAME, T, M)                                                     \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr;                                      \
		const unsigned n = 16 / sizeof(T);                            \
		unsigned i = 0;                                               \
		while (i < n && GET(T, vr[op->r[1]], i) >= 0)                 \
			i++;                                                  \
		PUT(T, vr[op->r[0]], (M), i);                                 \
		return CORE_OK;                                               \
	}
FRSTP(h_vfrstp_b, int8_t, GET(uint8_t, vr[op->r[2]], 0) & (n - 1))
FRSTP(h_vfrstp_h, int16_t, GET(uint16_t, vr[op->r[2]], 0) & (n - 1))
FRSTP(h_vfrstpi_b, int8_t, op->imm)
FRSTP(h_vfrstpi_h, int16_t, op->imm)

/* ------------------------------------------------ moves and replication */

/* Every lane of vd = x (type T). */
#define FILL(T, x)                                                            \
	do {                                                                  \
		la_vreg *d_ = &la(v)->vr[op->r[0]];                           \
		T fill_ = (T)(x);                                             \
		for (unsigned i_ = 0; i_ < 16 / sizeof(T); i_++)              \
			PUT(T, *d_, i_, fill_);                               \
	} while (0)

/*
 * VREPLGR2VR: rj's low lane everywhere; VREPLVE: vj's lane rk (modulo the
 * lane count); VREPLVEI: vj's lane imm; VINSGR2VR: rj into lane imm;
 * VPICKVE2GR: lane imm into rd, sign- or zero-extended.
 */
#define MOVES(S, T, TS)                                                       \
	HANDLER(h_vreplgr2vr_##S)                                             \
	{                                                                     \
		FILL(T, la(v)->r[op->r[1]]);                                  \
		return CORE_OK;                                               \
	}                                                                     \
	HANDLER(h_vreplve_##S)                                                \
	{                                                                     \
		const la_vreg *j = &la(v)->vr[op->r[1]];                      \
		FILL(T, GET(T, *j, la(v)->r[op->r[2]] & (16 / sizeof(T) - 1))); \
		return CORE_OK;                                               \
	}                                                                     \
	HANDLER(h_vreplvei_##S)                                               \
	{                                                                     \
		const la_vreg *j = &la(v)->vr[op->r[1]];                      \
		FILL(T, GET(T, *j, op->imm));                                 \
		return CORE_OK;                                               \
	}                                                                     \
	HANDLER(h_vinsgr2vr_##S)                                              \
	{                                                                     \
		PUT(T, la(v)->vr[op->r[0]], op->imm, la(v)->r[op->r[1]]);     \
		return CORE_OK;                                               \
	}                                                                     \
	HANDLER(h_vpickve2gr_##S)                                             \
	{                                                                     \
		la(v)->r[op->r[0]] = (uint64_t)(int64_t)GET(TS, la(v)->vr[op->r[1]], op->imm); \
		return CORE_OK;                                               \
	}                                                                     \
	HANDLER(h_vpickve2gr_##S##u)                                          \
	{                                                                     \
		la(v)->r[op->r[0]] = GET(T, la(v)->vr[op->r[1]], op->imm);    \
		return CORE_OK;                                               \
	}
MOVES(b, uint8_t, int8_t)
MOVES(h, uint16_t, int16_t)
MOVES(w, uint32_t, int32_t)
MOVES(d, uint64_t, int64_t)

/* VLDI: the 64-bit constant made at decode (lsx_vldi), in both halves. */
HANDLER(h_vldi)
{
	la_vreg *d = &la(v)->vr[op->r[0]];
	d->d[0] = d->d[1] = op->imm;
	return CORE_OK;
}

/* A byte of all ones for each set bit of x (VLDI mode 9). */
static uint64_t bytes_of_bits(unsigned x)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 8; i++)
		r |= (uint64_t)(x >> i & 1) * 0xff << (8 * i);
	return r;
}

/*
 * VLDI's immediate (LSX VLDI; QEMU's vldi_get_value for the modes): with
 * bit 12 clear, imm[9:0] sign-extended to lanes of imm[11:10]'s size; with
 * it set, mode imm[11:8] places the byte t = imm[7:0]: 0-3 in each word at
 * byte 0-3, 4-5 in each halfword at byte 0-1, 6-7 in each word above 8 or
 * 16 set bits, 8 in every byte, 9 each of its bits as a byte; 10-12 make
 * floating-point constants: a single (in both words, or the low one) or a
 * double whose sign is t[7], exponent ~t[6] then t[6] repeated, and
 * fraction t[5:0] on top. Modes 13-15 are INE.
 */
static bool lsx_vldi(uint32_t insn, struct core_op *op)
{
	unsigned imm = (insn >> 5) & 0x1fff, mode = (imm >> 8) & 0xf;
	uint64_t t = imm & 0xff;
	if (!(imm & 0x1000)) {
		int64_t x = (int64_t)((uint64_t)imm << 54) >> 54;
		static uint64_t (*const rep[4])(uint64_t) = { lsx_rep8, lsx_rep16, lsx_rep32, NULL };
		unsigned size = (imm >> 10) & 3;
		op->imm = rep[size] ? rep[size]((uint64_t)x) : (uint64_t)x;
		return true;
	}
	uint64_t s7 = t >> 7, b6 = (t >> 6) & 1, frac = t & 0x3f;
	/* Single: sign, ~b6, b6 x5, frac[5:0], then 19 zero bits. */
	uint64_t single = (s7 << 31 | (b6 ^ 1) << 30 | (b6 ? 0x1full : 0) << 25 | frac << 19);
	switch (mode) {
	case 0: case 1: case 2: case 3:
		op->imm = lsx_rep32(t << (8 * mode));
		return true;
	case 4: case 5:
		op->imm = lsx_rep16(t << (8 * (mode - 4)));
		return true;
	case 6:
		op->imm = lsx_rep32(t << 8 | 0xff);
		return true;
	case 7:
		op->imm = lsx_rep32(t << 16 | 0xffff);
		return true;
	case 8:
		op->imm = lsx_rep8(t);
		return true;
	case 9:
		op->imm = bytes_of_bits((unsigned)t);
		return true;
	case 10:
		op->imm = lsx_rep32(single);
		return true;
	case 11:
		op->imm = single;
		return true;
	case 12:
		/* Double: sign, ~b6, b6 x8, frac[5:0], then 48 zero bits. */
		op->imm = s7 << 63 | (b6 ^ 1) << 62 | (b6 ? 0xffull : 0) << 54 | frac << 48;
		return true;
	}
	return false;
}

/* VBSLL.V, VBSRL.V: the register shifted by imm bits (whole bytes, decode). */
HANDLER(h_vbsll)
{
	la_vreg *vr = la(v)->vr;
	PUT(u128, vr[op->r[0]], 0, GET(u128, vr[op->r[1]], 0) << op->imm);
	return CORE_OK;
}

HANDLER(h_vbsrl)
{
	la_vreg *vr = la(v)->vr;
	PUT(u128, vr[op->r[0]], 0, GET(u128, vr[op->r[1]], 0) >> op->imm);
	return CORE_OK;
}

/* -------------------------------------------------------------- permutes */

/*
 * vd's lane i = (SRC ? vj : vk)'s lane IDX, of type T, over the n lanes;
 * SRC and IDX are expressions of i and n.
 */
#define PERM(NAME, T, SRC, IDX)                                               \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr, r;                                   \
		const unsigned n = 16 / sizeof(T);                            \
		for (unsigned i = 0; i < n; i++)                              \
			PUT(T, r, i, GET(T, vr[op->r[(SRC) ? 1 : 2]], IDX));  \
		vr[op->r[0]] = r;                                             \
		(void)n;                                                      \
		return CORE_OK;                                               \
	}
#define PERM4(NAME, SRC, IDX)                                                 \
	PERM(NAME##_b, uint8_t, SRC, IDX)                                     \
	PERM(NAME##_h, uint16_t, SRC, IDX)                                    \
	PERM(NAME##_w, uint32_t, SRC, IDX)                                    \
	PERM(NAME##_d, uint64_t, SRC, IDX)

/*
 * VPACKEV/OD: even lanes from vk, odd from vj, each its even (odd) lane of
 * the pair; VPICKEV/OD: vk's even (odd) lanes in the low half, vj's in the
 * high; VILVL/H: the low (high) halves of vk and vj interleaved.
 */
PERM4(h_vpackev, i & 1, i & ~1u)
PERM4(h_vpackod, i & 1, i | 1)
PERM4(h_vpickev, i >= n / 2, (2 * i) & (n - 1))
PERM4(h_vpickod, i >= n / 2, ((2 * i) & (n - 1)) | 1)
PERM4(h_vilvl, i & 1, i / 2)
PERM4(h_vilvh, i & 1, n / 2 + i / 2)

/*
 * VSHUF.B: byte i = the byte va[i] modulo 32 of vk:vj (vk below); VSHUF.H,
 * .W, .D: the same with the indices in vd's lanes, modulo twice the lane
 * count (the manual leaves larger indices undefined; QEMU takes the modulo).
 */
HANDLER(h_vshuf_b)
{
	la_vreg *vr = la(v)->vr, r;
	uint8_t t[32];
	memcpy(t, &vr[op->r[2]], 16);
	memcpy(t + 16, &vr[op->r[1]], 16);
	for (unsigned i = 0; i < 16; i++)
		r.b[i] = t[vr[op->r[3]].b[i] & 31];
	vr[op->r[0]] = r;
	return CORE_OK;
}

#define VSHUF(NAME, T)                                                        \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr, r;                                   \
		const unsigned n = 16 / sizeof(T);                            \
		T t[2 * 16 / sizeof(T)];                                      \
		memcpy(t, &vr[op->r[2]], 16);                                 \
		memcpy(t + n, &vr[op->r[1]], 16);                             \
		for (unsigned i = 0; i < n; i++)                              \
			PUT(T, r, i, t[GET(T, vr[op->r[0]], i) % (2 * n)]);   \
		vr[op->r[0]] = r;                                             \
		return CORE_OK;                                               \
	}
VSHUF(h_vshuf_h, uint16_t)
VSHUF(h_vshuf_w, uint32_t)
VSHUF(h_vshuf_d, uint64_t)

/*
 * VSHUF4I.B/H/W: within each group of four lanes, lane k = vj's lane
 * f[k] of the group. VSHUF4I.D: lanes f0 and f1 of vd:vj (vd below).
 * VPERMI.W: words f0, f1 of vj, then f2, f3 of vd.
 */
#define SHUF4I(NAME, T)                                                       \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr, r;                                   \
		for (unsigned i = 0; i < 16 / sizeof(T); i++)                 \
			PUT(T, r, i, GET(T, vr[op->r[1]], (i & ~3u) | op->f[i & 3])); \
		vr[op->r[0]] = r;                                             \
		return CORE_OK;                                               \
	}
SHUF4I(h_vshuf4i_b, uint8_t)
SHUF4I(h_vshuf4i_h, uint16_t)
SHUF4I(h_vshuf4i_w, uint32_t)

HANDLER(h_vshuf4i_d)
{
	la_vreg *vr = la(v)->vr;
	uint64_t t[4] = { vr[op->r[0]].d[0], vr[op->r[0]].d[1], vr[op->r[1]].d[0], vr[op->r[1]].d[1] };
	vr[op->r[0]].d[0] = t[op->f[0]];
	vr[op->r[0]].d[1] = t[op->f[1]];
	return CORE_OK;
}

HANDLER(h_vpermi_w)
{
	la_vreg *vr = la(v)->vr, r;
	const la_vreg *j = &vr[op->r[1]], *d = &vr[op->r[0]];
	r.w[0] = j->w[op->f[0]];
	r.w[1] = j->w[op->f[1]];
	r.w[2] = d->w[op->f[2]];
	r.w[3] = d->w[op->f[3]];
	vr[op->r[0]] = r;
	return CORE_OK;
}

/* VEXTRINS: vd's lane f0 = vj's lane f1 (decode split the immediate). */
#define EXTRINS(NAME, T)                                                      \
	HANDLER(NAME)                                                         \
	{                                                                     \
		la_vreg *vr = la(v)->vr;                                      \
		PUT(T, vr[op->r[0]], op->f[0], GET(T, vr[op->r[1]], op->f[1])); \
		return CORE_OK;                                               \
	}
EXTRINS(h_vextrins_b, uint8_t)
EXTRINS(h_vextrins_h, uint16_t)
EXTRINS(h_vextrins_w, uint32_t)
EXTRINS(h_vextrins_d, uint64_t)

/* ----------------------------------------------------- loads and stores */

#define RJ (la(v)->r[op->r[1]])
#define RK (la(v)->r[op->r[2]])

/*
 * VLD, VLDX, VST, VSTX: 16 bytes, any alignment (CPUCFG.1.UAL; LSX VLD:
 * "no alignment requirement" when UAL is set). An access split at a page
 * boundary faults before touching memory if either page would.
 */
INLINE int vload(struct core_vcpu *v, const struct core_op *op, uint64_t addr)
{
	la_vreg x;
	int st = la_read_bytes(la(v), op, addr, &x, 16);
	if (unlikely(st))
		return st;
	la(v)->vr[op->r[0]] = x;
	return CORE_OK;
}

INLINE int vstore(struct core_vcpu *v, const struct core_op *op, uint64_t addr)
{
	return la_write_bytes(la(v), op, addr, &la(v)->vr[op->r[0]], 16);
}

HANDLER(h_vld) { return vload(v, op, RJ + op->imm); }
HANDLER(h_vldx) { return vload(v, op, RJ + RK); }
HANDLER(h_vst) { return vstore(v, op, RJ + op->imm); }
HANDLER(h_vstx) { return vstore(v, op, RJ + RK); }

/* VLDREPL: one lane loaded, everywhere; VSTELM: lane f0 stored. */
#define ELEM(S, T)                                                            \
	HANDLER(h_vldrepl_##S)                                                \
	{                                                                     \
		uint64_t x;                                                   \
		int st = la_read(la(v), op, RJ + op->imm, sizeof(T), &x);     \
		if (unlikely(st))                                             \
			return st;                                            \
		FILL(T, x);                                                   \
		return CORE_OK;                                               \
	}                                                                     \
	HANDLER(h_vstelm_##S)                                                 \
	{                                                                     \
		return la_write(la(v), op, RJ + op->imm, sizeof(T),           \
				GET(T, la(v)->vr[op->r[0]], op->f[0]));       \
	}
ELEM(b, uint8_t)
ELEM(h, uint16_t)
ELEM(w, uint32_t)
ELEM(d, uint64_t)

#include "cpu/loongarch/la_lsx_decode.inc"

const struct la_table la_table_lsx = {
	la_lsx_rows, sizeof(la_lsx_rows) / sizeof(la_lsx_rows[0]), la_lsx_disasm,
};
