/*
 * LoongArch LSX floating point through the harness: each operation on
 * lanes that hold its edge values (NaNs signalling and quiet, infinities,
 * zeros of both signs, denormals, values that overflow, underflow or
 * round), FCSR0's Cause and Flags after it (what any lane raised), the
 * rounding modes, the lane order of the widening and narrowing forms, an
 * enabled exception trapping with FPE/VFPE and vd untouched, and SXD with
 * EUEN.SXE clear. Expected values are worked out by hand from IEEE 754 and
 * the rules insn_vfp.c states (QEMU's where the manual is silent).
 *
 * Operands: vd = vr1, vj = vr2, vk = vr3, va = vr4. Opcodes from
 * llvm-mc-19 -triple=loongarch64 -mattr=+lsx.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu/loongarch/fpu.h"
#include "tests/unit/la_sys_test.h"

enum { VD = 1, VJ = 2, VK = 3, VA = 4 };

enum {
	VFADD_S = 0x71308000, VFADD_D = 0x71310000, VFSUB_D = 0x71330000, VFMUL_S = 0x71388000,
	VFDIV_S = 0x713a8000, VFMADD_S = 0x09100000, VFMADD_D = 0x09200000, VFMSUB_S = 0x09500000,
	VFNMADD_S = 0x09900000, VFNMSUB_D = 0x09e00000,
	VFMAX_S = 0x713c8000, VFMIN_D = 0x713f0000, VFMAXA_S = 0x71408000, VFMINA_S = 0x71428000,
	VFLOGB_S = 0x729cc400, VFLOGB_D = 0x729cc800, VFCLASS_S = 0x729cd400, VFCLASS_D = 0x729cd800,
	VFSQRT_D = 0x729ce800, VFRECIP_S = 0x729cf400, VFRSQRT_S = 0x729d0400,
	VFCVTL_S_H = 0x729de800, VFCVTH_S_H = 0x729dec00, VFCVTH_D_S = 0x729df400,
	VFCVT_H_S = 0x71460000, VFCVT_S_D = 0x71468000,
	VFRINT_S = 0x729d3400, VFRINTRM_S = 0x729d4400, VFRINTRP_S = 0x729d5400,
	VFRINTRZ_S = 0x729d6400, VFRINTRNE_S = 0x729d7400, VFRINTRNE_D = 0x729d7800,
	VFTINT_W_S = 0x729e3000, VFTINTRZ_L_D = 0x729e4c00, VFTINTRZ_WU_S = 0x729e7000,
	VFTINT_LU_D = 0x729e5c00, VFTINTRM_W_D = 0x714a0000, VFTINTL_L_S = 0x729e8000,
	VFTINTRPH_L_S = 0x729e9400,
	VFFINT_S_W = 0x729e0000, VFFINT_S_WU = 0x729e0400, VFFINT_D_L = 0x729e0800,
	VFFINT_D_LU = 0x729e0c00, VFFINTH_D_W = 0x729e1400, VFFINT_S_L = 0x71480000,
	VFCMP_S = 0x0c500000, VFCMP_D = 0x0c600000,   /* cond in bits 19:15 */
};

#define VVV(op) ((uint32_t)(op) | VK << 10 | VJ << 5 | VD)
#define VV(op) ((uint32_t)(op) | VJ << 5 | VD)
#define VVVV(op) ((uint32_t)(op) | VA << 15 | VK << 10 | VJ << 5 | VD)
#define VFCMP(op, cond) (VVV(op) | (uint32_t)(cond) << 15)

#define V(lo, hi) ((la_vreg){ .d = { (lo), (hi) } })
#define W4(a, b, c, d) ((la_vreg){ .w = { (a), (b), (c), (d) } })
#define H8(h0, h1, h2, h3, h4, h5, h6, h7) ((la_vreg){ .h = { h0, h1, h2, h3, h4, h5, h6, h7 } })

/* Single and double encodings. */
enum {
	S_ONE = 0x3f800000, S_TWO = 0x40000000, S_THREE = 0x40400000, S_FOUR = 0x40800000,
	S_HALF = 0x3f000000, S_MAX = 0x7f7fffff, S_INF = 0x7f800000, S_NINF = 0xff800000,
	S_QNAN = 0x7fc00000, S_SNAN = 0x7f800001, S_NZERO = 0x80000000, S_MIN = 0x00800000,
	S_DENORM = 0x00000001, S_NTWO = 0xc0000000, S_NTHREE = 0xc0400000,
};
#define D_ONE 0x3ff0000000000000ull
#define D_TWO 0x4000000000000000ull
#define D_FOUR 0x4010000000000000ull
#define D_NONE 0xbff0000000000000ull
#define D_INF 0x7ff0000000000000ull
#define D_NINF 0xfff0000000000000ull
#define D_QNAN 0x7ff8000000000000ull
#define D_SNAN 0x7ff0000000000001ull

/* FCSR0's Cause and Flags fields. */
#define CAUSE(x) ((uint32_t)(x) << LA_FCSR_CAUSE_SHIFT)
#define FLAGS(x) ((uint32_t)(x) << LA_FCSR_FLAGS_SHIFT)
#define RM(x) ((uint32_t)(x) << LA_FCSR_RM_SHIFT)
enum { RNE = 0, RZ = 1, RP = 2, RMI = 3 };

struct vcase {
	const char *what;
	uint32_t insn;
	uint32_t fcsr;     /* before */
	la_vreg j, k, a;
	la_vreg want;
	uint32_t want_fcsr;
};

static int setup_lsx(void **state)
{
	setup(state);
	c->csr.euen = LA_EUEN_FPE | LA_EUEN_SXE;
	la_update_mode(c);
	return 0;
}

/* Run one instruction on vj, vk, va (vd starts as a marker); false if it did not retire. */
static bool vrun(uint32_t insn, uint32_t fcsr, la_vreg j, la_vreg k, la_vreg a)
{
	c->vr[VD] = V(0x5a5a5a5a5a5a5a5aull, 0xa5a5a5a5a5a5a5a5ull);
	c->vr[VJ] = j;
	c->vr[VK] = k;
	c->vr[VA] = a;
	c->fcsr = fcsr;
	return la_harness_run(h, &insn, 1) == 1 && la_harness_stop(h) == LA_HARNESS_STOP;
}

static void run_cases(const struct vcase *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct vcase *k = &cases[i];
		if (!vrun(k->insn, k->fcsr, k->j, k->k, k->a))
			fail_msg("%s: did not retire (ecode %#x)", k->what, ecode());
		if (c->vr[VD].d[0] != k->want.d[0] || c->vr[VD].d[1] != k->want.d[1])
			fail_msg("%s: vd = %016llx:%016llx, want %016llx:%016llx", k->what,
				 (unsigned long long)c->vr[VD].d[1], (unsigned long long)c->vr[VD].d[0],
				 (unsigned long long)k->want.d[1], (unsigned long long)k->want.d[0]);
		if (c->fcsr != k->want_fcsr)
			fail_msg("%s: fcsr = %#x, want %#x", k->what, c->fcsr, k->want_fcsr);
	}
}
#define RUN(cases) run_cases(cases, sizeof(cases) / sizeof(cases[0]))

#define NONE V(0, 0)

/* Add, subtract, multiply, divide: per-lane results, Cause and Flags as the OR of the lanes. */
static void test_arith(void **state)
{
	static const struct vcase cases[] = {
		{ "vfadd.s: exact, invalid, overflow, inexact", VVV(VFADD_S), 0,
		  W4(S_ONE, S_INF, S_MAX, S_ONE), W4(S_TWO, S_NINF, S_MAX, 0x30800000), NONE,
		  W4(S_THREE, S_QNAN, S_INF, S_ONE),
		  CAUSE(LA_FP_V | LA_FP_O | LA_FP_I) | FLAGS(LA_FP_V | LA_FP_O | LA_FP_I) },
		{ "vfadd.s: flags accumulate over older ones, Cause replaced", VVV(VFADD_S),
		  FLAGS(LA_FP_Z) | CAUSE(LA_FP_V),
		  W4(S_ONE, S_ONE, S_ONE, S_ONE), W4(S_ONE, S_ONE, S_ONE, 0x30800000), NONE,
		  W4(S_TWO, S_TWO, S_TWO, S_ONE), FLAGS(LA_FP_Z | LA_FP_I) | CAUSE(LA_FP_I) },
		{ "vfadd.s: RP rounds up", VVV(VFADD_S), RM(RP),
		  W4(S_ONE, 0, 0, 0), W4(0x30800000, 0, 0, 0), NONE, W4(0x3f800001, 0, 0, 0),
		  RM(RP) | CAUSE(LA_FP_I) | FLAGS(LA_FP_I) },
		/* NaNs: the first signalling one quietened, else the first quiet one; vj before vk. */
		{ "vfadd.d: sNaN in vk beats qNaN in vj", VVV(VFADD_D), 0,
		  V(D_QNAN | 5, D_QNAN | 1), V(D_SNAN | 6, D_QNAN | 2), NONE,
		  V(D_QNAN | 7, D_QNAN | 1), CAUSE(LA_FP_V) | FLAGS(LA_FP_V) },
		{ "vfsub.d: inf - inf invalid, 1 - 1 is +0 (RNE), -0 (RM)", VVV(VFSUB_D), RM(RMI),
		  V(D_INF, D_ONE), V(D_INF, D_ONE), NONE, V(D_QNAN, 1ull << 63),
		  RM(RMI) | CAUSE(LA_FP_V) | FLAGS(LA_FP_V) },
		{ "vfmul.s: exact denormals (no underflow), -0, 2^-200 to 0", VVV(VFMUL_S), 0,
		  W4(S_MIN, S_MIN, S_NZERO, 0x0d800000), W4(0x3f400000, S_HALF, S_ONE, 0x0d800000), NONE,
		  W4(0x00600000, 0x00400000, S_NZERO, 0),
		  CAUSE(LA_FP_U | LA_FP_I) | FLAGS(LA_FP_U | LA_FP_I) },
		{ "vfdiv.s: 1/0, 0/0, -1/+0, 1/3", VVV(VFDIV_S), 0,
		  W4(S_ONE, 0, 0xbf800000, S_ONE), W4(0, 0, 0, S_THREE), NONE,
		  W4(S_INF, S_QNAN, S_NINF, 0x3eaaaaab),
		  CAUSE(LA_FP_V | LA_FP_Z | LA_FP_I) | FLAGS(LA_FP_V | LA_FP_Z | LA_FP_I) },
	};
	RUN(cases);
}

/* The fused multiply-adds: one rounding, NaN order fa first, the negations. */
static void test_fma(void **state)
{
	static const struct vcase cases[] = {
		/* (1 + 2^-23)(1 - 2^-24) - 1 = 2^-24 - 2^-47 exactly, which separate steps round to 0. */
		{ "vfmadd.s: one rounding; 0 * inf + qNaN invalid, the qNaN", VVVV(VFMADD_S), 0,
		  W4(0x3f800001, 0, S_ONE, S_TWO), W4(0x3f7fffff, S_INF, S_ONE, S_THREE),
		  W4(0xbf800000, S_QNAN | 3, S_QNAN | 4, S_ONE),
		  W4(0x337ffffe, S_QNAN | 3, S_QNAN | 4, 0x40e00000),
		  CAUSE(LA_FP_V) | FLAGS(LA_FP_V) },
		{ "vfmadd.s: NaN order: sNaN first, then va, vj, vk", VVVV(VFMADD_S), 0,
		  W4(S_QNAN | 1, S_SNAN | 1, S_QNAN | 1, 0), W4(S_QNAN | 2, 0, S_QNAN | 2, S_QNAN | 2),
		  W4(S_QNAN | 3, S_QNAN | 3, 0, 0),
		  W4(S_QNAN | 3, S_QNAN | 1, S_QNAN | 1, S_QNAN | 2),
		  CAUSE(LA_FP_V) | FLAGS(LA_FP_V) },
		{ "vfmadd.d: 0 * inf + 1 is the default NaN", VVVV(VFMADD_D), 0,
		  V(0, D_TWO), V(D_INF, D_TWO), V(D_ONE, D_ONE), V(D_QNAN, 0x4014000000000000ull),
		  CAUSE(LA_FP_V) | FLAGS(LA_FP_V) },
		{ "vfmsub.s: vj * vk - va; a NaN va keeps its sign", VVVV(VFMSUB_S), 0,
		  W4(S_TWO, S_ONE, S_ONE, 0), W4(S_THREE, S_ONE, S_ONE, 0),
		  W4(S_ONE, S_ONE, 0xffc00001, 0), W4(0x40a00000, 0, 0xffc00001, 0), 0 },
		/* -(1 * 1 + -1): the zero of the sum, +0, negated. */
		{ "vfnmadd.s: -(vj * vk + va); exact zero is -0; NaN not negated", VVVV(VFNMADD_S), 0,
		  W4(S_ONE, S_TWO, S_QNAN, 0), W4(S_ONE, S_THREE, S_ONE, 0),
		  W4(0xbf800000, S_ONE, S_ONE, 0), W4(S_NZERO, 0xc0e00000, S_QNAN, S_NZERO), 0 },
		/* In RP, 1 + 2^-30 rounds up to 1 + 2^-23, then negated (QEMU 11's reading). */
		{ "vfnmadd.s: negated after rounding (RP)", VVVV(VFNMADD_S), RM(RP),
		  W4(S_ONE, 0, 0, 0), W4(S_ONE, 0, 0, 0), W4(0x30800000, 0, 0, 0),
		  W4(0xbf800001, S_NZERO, S_NZERO, S_NZERO), RM(RP) | CAUSE(LA_FP_I) | FLAGS(LA_FP_I) },
		{ "vfnmsub.d: -(vj * vk - va); exact zero in RM is +0", VVVV(VFNMSUB_D), RM(RMI),
		  V(D_ONE, D_TWO), V(D_ONE, D_TWO), V(D_ONE, D_ONE), V(0, 0xc008000000000000ull),
		  RM(RMI) },
	};
	RUN(cases);
}

/* VFMAX/VFMIN (maxNum/minNum), VFMAXA/VFMINA (by magnitude). */
static void test_minmax(void **state)
{
	static const struct vcase cases[] = {
		{ "vfmax.s: qNaN loses, +0 over -0, sNaN invalid", VVV(VFMAX_S), 0,
		  W4(S_QNAN, S_NZERO, S_SNAN, S_NTWO), W4(S_NTWO, 0, S_ONE, S_ONE), NONE,
		  W4(S_NTWO, 0, S_QNAN | 1, S_ONE), CAUSE(LA_FP_V) | FLAGS(LA_FP_V) },
		{ "vfmin.d: -0 under +0, two qNaNs give the first", VVV(VFMIN_D), 0,
		  V(0, D_QNAN | 1), V(1ull << 63, D_QNAN | 2), NONE, V(1ull << 63, D_QNAN | 1), 0 },
		{ "vfmaxa.s: by magnitude, equal magnitudes the positive", VVV(VFMAXA_S), 0,
		  W4(S_NTHREE, S_TWO, S_NTWO, S_QNAN), W4(S_TWO, S_NTHREE, S_TWO, S_NTWO), NONE,
		  W4(S_NTHREE, S_NTHREE, S_TWO, S_NTWO), 0 },
		{ "vfmina.s: by magnitude, equal magnitudes the negative", VVV(VFMINA_S), 0,
		  W4(S_NTHREE, S_TWO, S_NTWO, S_QNAN), W4(S_TWO, S_NTHREE, S_TWO, S_NTWO), NONE,
		  W4(S_TWO, S_TWO, S_NTWO, S_NTWO), 0 },
	};
	RUN(cases);
}

/* VFLOGB, VFSQRT, VFRECIP, VFRSQRT. */
static void test_unary(void **state)
{
	static const struct vcase cases[] = {
		{ "vflogb.s: 8, 0.75, +0, -8", VV(VFLOGB_S), 0,
		  W4(0x41000000, 0x3f400000, 0, 0xc1000000), NONE, NONE,
		  W4(0x40400000, 0xbf800000, S_NINF, S_QNAN),
		  CAUSE(LA_FP_V | LA_FP_Z) | FLAGS(LA_FP_V | LA_FP_Z) },
		{ "vflogb.s: smallest denormal, inf, -0, qNaN", VV(VFLOGB_S), 0,
		  W4(S_DENORM, S_INF, S_NZERO, S_QNAN | 9), NONE, NONE,
		  W4(0xc3150000, S_INF, S_NINF, S_QNAN | 9), CAUSE(LA_FP_Z) | FLAGS(LA_FP_Z) },
		{ "vflogb.d: 2^1023, 1", VV(VFLOGB_D), 0, V(0x7fe0000000000000ull, D_ONE), NONE, NONE,
		  V(0x408ff80000000000ull, 0), 0 },
		{ "vfsqrt.d: 4, -1", VV(VFSQRT_D), 0, V(D_FOUR, D_NONE), NONE, NONE, V(D_TWO, D_QNAN),
		  CAUSE(LA_FP_V) | FLAGS(LA_FP_V) },
		{ "vfrecip.s: 4, +0, -inf, 3", VV(VFRECIP_S), 0, W4(S_FOUR, 0, S_NINF, S_THREE), NONE,
		  NONE, W4(0x3e800000, S_INF, S_NZERO, 0x3eaaaaab),
		  CAUSE(LA_FP_Z | LA_FP_I) | FLAGS(LA_FP_Z | LA_FP_I) },
		{ "vfrsqrt.s: 4, +0, -1, inf", VV(VFRSQRT_S), 0, W4(S_FOUR, 0, 0xbf800000, S_INF),
		  NONE, NONE, W4(S_HALF, S_INF, S_QNAN, 0),
		  CAUSE(LA_FP_V | LA_FP_Z) | FLAGS(LA_FP_V | LA_FP_Z) },
		/* 1 / sqrt(1 + 2^-23): the root rounds to 1, so 1; in one rounding 1 - 2^-24. */
		{ "vfrsqrt.s: rounds twice", VV(VFRSQRT_S), 0, W4(0x3f800001, 0, 0, 0), NONE, NONE,
		  W4(S_ONE, S_INF, S_INF, S_INF),
		  CAUSE(LA_FP_Z | LA_FP_I) | FLAGS(LA_FP_Z | LA_FP_I) },
	};
	RUN(cases);
}

/* VFCLASS: one class bit per lane; FCSR0 untouched, Cause included. */
static void test_class(void **state)
{
	static const struct vcase cases[] = {
		{ "vfclass.s: sNaN, qNaN, -inf, -normal", VV(VFCLASS_S), CAUSE(LA_FP_I),
		  W4(S_SNAN, S_QNAN, S_NINF, S_NTWO), NONE, NONE, W4(1, 2, 4, 8), CAUSE(LA_FP_I) },
		{ "vfclass.s: -denormal, -0, +inf, +normal", VV(VFCLASS_S), 0,
		  W4(0x80000001, S_NZERO, S_INF, S_ONE), NONE, NONE, W4(0x10, 0x20, 0x40, 0x80), 0 },
		{ "vfclass.d: +denormal, +0", VV(VFCLASS_D), 0, V(1, 0), NONE, NONE, V(0x100, 0x200), 0 },
	};
	RUN(cases);
}

/* Conversions between formats: which lanes, NaNs, overflow. */
static void test_convert(void **state)
{
	static const struct vcase cases[] = {
		{ "vfcvtl.s.h: the low four halves", VV(VFCVTL_S_H), 0,
		  H8(0x3c00, 0xc000, 0x7c00, 0x0001, 0x3800, 0, 0, 0), NONE, NONE,
		  W4(S_ONE, S_NTWO, S_INF, 0x33800000), 0 },
		{ "vfcvth.s.h: the high four halves; sNaN quietened", VV(VFCVTH_S_H), 0,
		  H8(0x3c00, 0, 0, 0, 0x3800, 0x7d00, 0x8000, 0x7bff), NONE, NONE,
		  W4(S_HALF, 0x7fe00000, S_NZERO, 0x477fe000), CAUSE(LA_FP_V) | FLAGS(LA_FP_V) },
		{ "vfcvth.d.s: the high two singles", VV(VFCVTH_D_S), 0,
		  W4(S_ONE, S_ONE, S_TWO, S_NINF), NONE, NONE, V(D_TWO, D_NINF), 0 },
		{ "vfcvt.h.s: vk into the low half, vj the high; overflow", VVV(VFCVT_H_S), 0,
		  W4(S_ONE, S_TWO, S_THREE, S_FOUR), W4(S_HALF, 0x47800000, S_QNAN, S_NZERO), NONE,
		  H8(0x3800, 0x7c00, 0x7e00, 0x8000, 0x3c00, 0x4000, 0x4200, 0x4400),
		  CAUSE(LA_FP_O | LA_FP_I) | FLAGS(LA_FP_O | LA_FP_I) },
		{ "vfcvt.s.d: vk low, vj high; inexact", VVV(VFCVT_S_D), 0,
		  V(D_ONE, D_NINF), V(0x3ff0000000000001ull, D_TWO), NONE,
		  W4(S_ONE, S_TWO, S_ONE, S_NINF), CAUSE(LA_FP_I) | FLAGS(LA_FP_I) },
	};
	RUN(cases);
}

/* VFRINT*: the row's mode or FCSR0's; inexact when it rounds. */
static void test_rint(void **state)
{
	const la_vreg in = W4(0x40200000, 0xc0200000, 0x3f000000, 0x4b800001); /* 2.5 -2.5 0.5 2^24+2 */
	static const struct {
		uint32_t insn, fcsr;
		uint32_t want[4];
	} cases[] = {
		{ VV(VFRINTRNE_S), RM(RP), { S_TWO, S_NTWO, 0, 0x4b800001 } },
		{ VV(VFRINTRZ_S), 0, { S_TWO, S_NTWO, 0, 0x4b800001 } },
		{ VV(VFRINTRP_S), 0, { S_THREE, S_NTWO, S_ONE, 0x4b800001 } },
		{ VV(VFRINTRM_S), 0, { S_TWO, S_NTHREE, 0, 0x4b800001 } },
		{ VV(VFRINT_S), RM(RP), { S_THREE, S_NTWO, S_ONE, 0x4b800001 } },
		{ VV(VFRINT_S), RM(RMI), { S_TWO, S_NTHREE, 0, 0x4b800001 } },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(vrun(cases[i].insn, cases[i].fcsr, in, NONE, NONE));
		for (unsigned l = 0; l < 4; l++)
			assert_int_equal(c->vr[VD].w[l], cases[i].want[l]);
		assert_int_equal(c->fcsr, cases[i].fcsr | CAUSE(LA_FP_I) | FLAGS(LA_FP_I));
	}
	/* -0.5 toward +inf is -0; a NaN is quietened, invalid if signalling. */
	static const struct vcase more[] = {
		{ "vfrintrne.d: sNaN, -0.5 (RP via FCSR is ignored)", VV(VFRINTRNE_D), RM(RP),
		  V(D_SNAN, 0xbfe0000000000000ull), NONE, NONE, V(D_QNAN | 1, 1ull << 63),
		  RM(RP) | CAUSE(LA_FP_V | LA_FP_I) | FLAGS(LA_FP_V | LA_FP_I) },
	};
	RUN(more);
}

/* VFTINT*: modes, saturation, NaN, unsigned, lane order. */
static void test_ftint(void **state)
{
	static const struct vcase cases[] = {
		{ "vftint.w.s: 2.5 (RNE), NaN, 3e9, -3e9", VV(VFTINT_W_S), 0,
		  W4(0x40200000, S_QNAN, 0x4f32d05e, 0xcf32d05e), NONE, NONE,
		  W4(2, 0, 0x7fffffff, 0x80000000), CAUSE(LA_FP_V | LA_FP_I) | FLAGS(LA_FP_V | LA_FP_I) },
		{ "vftint.w.s: FCSR0's mode RM: 2.5, -2.5, -2^31 exact", VV(VFTINT_W_S), RM(RMI),
		  W4(0x40200000, 0xc0200000, 0xcf000000, S_NZERO), NONE, NONE,
		  W4(2, 0xfffffffd, 0x80000000, 0), RM(RMI) | CAUSE(LA_FP_I) | FLAGS(LA_FP_I) },
		{ "vftintrz.wu.s: -0.5, -1, 4e9, 2^32", VV(VFTINTRZ_WU_S), 0,
		  W4(0xbf000000, 0xbf800000, 0x4f6e6b28, 0x4f800000), NONE, NONE,
		  W4(0, 0, 4000000000u, 0xffffffff), CAUSE(LA_FP_V | LA_FP_I) | FLAGS(LA_FP_V | LA_FP_I) },
		{ "vftintrz.l.d: -1.5, -inf", VV(VFTINTRZ_L_D), 0, V(0xbff8000000000000ull, D_NINF),
		  NONE, NONE, V(~0ull, 1ull << 63), CAUSE(LA_FP_V | LA_FP_I) | FLAGS(LA_FP_V | LA_FP_I) },
		{ "vftint.lu.d: 2^64 - 2^11, inf", VV(VFTINT_LU_D), 0, V(0x43efffffffffffffull, D_INF),
		  NONE, NONE, V(0xfffffffffffff800ull, ~0ull), CAUSE(LA_FP_V) | FLAGS(LA_FP_V) },
		{ "vftintrm.w.d: vk into the low half, vj the high", VVV(VFTINTRM_W_D), 0,
		  V(0xc004000000000000ull, D_QNAN), V(0x3ff8000000000000ull, 0x41f0000000000000ull),
		  NONE, W4(1, 0x7fffffff, 0xfffffffd, 0), CAUSE(LA_FP_V | LA_FP_I) | FLAGS(LA_FP_V | LA_FP_I) },
		{ "vftintl.l.s: the low two singles, to 64 bits", VV(VFTINTL_L_S), 0,
		  W4(0x4f32d05e, S_NTWO, S_ONE, S_ONE), NONE, NONE, V(3000000000ull, (uint64_t)-2), 0 },
		{ "vftintrph.l.s: the high two singles, RP", VV(VFTINTRPH_L_S), 0,
		  W4(S_ONE, S_ONE, 0x3fc00000, 0xdf000000), NONE, NONE, V(2, 1ull << 63),
		  CAUSE(LA_FP_I) | FLAGS(LA_FP_I) },
	};
	RUN(cases);
}

/* VFFINT*: signed and unsigned, widening and narrowing lanes. */
static void test_ffint(void **state)
{
	static const struct vcase cases[] = {
		{ "vffint.s.w: -1, INT_MIN, 2^24 + 1 (RNE)", VV(VFFINT_S_W), 0,
		  W4(0xffffffff, 0x80000000, 0x01000001, 0), NONE, NONE,
		  W4(0xbf800000, 0xcf000000, 0x4b800000, 0), CAUSE(LA_FP_I) | FLAGS(LA_FP_I) },
		{ "vffint.s.wu: UINT_MAX (RZ)", VV(VFFINT_S_WU), RM(RZ), W4(0xffffffff, 1, 0, 0), NONE,
		  NONE, W4(0x4f7fffff, S_ONE, 0, 0), RM(RZ) | CAUSE(LA_FP_I) | FLAGS(LA_FP_I) },
		{ "vffint.d.l: -1, INT64_MIN", VV(VFFINT_D_L), 0, V(~0ull, 1ull << 63), NONE, NONE,
		  V(D_NONE, 0xc3e0000000000000ull), 0 },
		{ "vffint.d.lu: UINT64_MAX", VV(VFFINT_D_LU), 0, V(~0ull, 0), NONE, NONE,
		  V(0x43f0000000000000ull, 0), CAUSE(LA_FP_I) | FLAGS(LA_FP_I) },
		{ "vffinth.d.w: the high two words", VV(VFFINTH_D_W), 0, W4(1, 1, 0xfffffffe, 4), NONE,
		  NONE, V(0xc000000000000000ull, D_FOUR), 0 },
		{ "vffint.s.l: vk low, vj high", VVV(VFFINT_S_L), 0, V(1, 2), V(~0ull, 4), NONE,
		  W4(0xbf800000, S_FOUR, S_ONE, S_TWO), 0 },
	};
	RUN(cases);
}

/*
 * VFCMP.cond, every condition, on lanes that are less, equal, greater and
 * unordered (a quiet NaN): which lanes hold, and whether it signals.
 */
static void test_cmp(void **state)
{
	static const struct {
		unsigned cond;
		uint8_t lanes; /* bit 0 LT, 1 EQ, 2 GT, 3 UN */
	} conds[] = {
		{ 0x0, 0x0 }, { 0x2, 0x1 }, { 0x4, 0x2 }, { 0x6, 0x3 }, { 0x8, 0x8 }, { 0xa, 0x9 },
		{ 0xc, 0xa }, { 0xe, 0xb }, { 0x10, 0x5 }, { 0x14, 0x7 }, { 0x18, 0xd },
	};
	const la_vreg j = W4(S_ONE, S_TWO, S_THREE, S_QNAN), k = W4(S_TWO, S_TWO, S_TWO, S_ONE);
	for (size_t i = 0; i < sizeof(conds) / sizeof(conds[0]); i++)
		for (unsigned s = 0; s < 2; s++) {
			assert_true(vrun(VFCMP(VFCMP_S, conds[i].cond | s), 0, j, k, NONE));
			for (unsigned l = 0; l < 4; l++)
				assert_int_equal(c->vr[VD].w[l], conds[i].lanes >> l & 1 ? 0xffffffffu : 0);
			/* The s forms signal on a quiet NaN, the c forms do not. */
			assert_int_equal(c->fcsr, s ? CAUSE(LA_FP_V) | FLAGS(LA_FP_V) : 0);
		}
	/* An sNaN signals for every form; doubles. */
	assert_true(vrun(VFCMP(VFCMP_D, 0x8), 0, V(D_SNAN, D_ONE), V(D_ONE, D_TWO), NONE));
	assert_int_equal(c->vr[VD].d[0], ~0ull);
	assert_int_equal(c->vr[VD].d[1], 0);
	assert_int_equal(c->fcsr, CAUSE(LA_FP_V) | FLAGS(LA_FP_V));
}

/*
 * An enabled exception that any lane raises traps: FPE with EsubCode
 * VFPE, vd and Flags untouched, Cause what the lanes raised (all of them);
 * one that is not enabled does not.
 */
static void test_trap(void **state)
{
	uint32_t insn = VVV(VFDIV_S);
	uint32_t fcsr = LA_FP_Z | FLAGS(LA_FP_O);
	assert_false(vrun(insn, fcsr, W4(S_ONE, S_ONE, S_ONE, S_ONE), W4(S_THREE, S_TWO, S_ONE, 0),
			  NONE));
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(ecode(), LA_EXC_FPE);
	assert_int_equal(esubcode(), LA_FPE_VECTOR);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE);
	assert_int_equal(c->csr.badi, insn);
	assert_int_equal(c->vr[VD].d[0], 0x5a5a5a5a5a5a5a5aull);
	assert_int_equal(c->vr[VD].d[1], 0xa5a5a5a5a5a5a5a5ull);
	assert_int_equal(c->fcsr, fcsr | CAUSE(LA_FP_Z | LA_FP_I));

	/* Inexact enabled, but no lane inexact: no trap. */
	assert_true(vrun(insn, LA_FP_I, W4(S_TWO, 0, 0, 0), W4(S_TWO, S_ONE, S_ONE, S_ONE), NONE));
	assert_int_equal(c->vr[VD].w[0], S_ONE);
}

/*
 * EUEN.SXE, written as CSRWR writes it: clear, SXD whatever EUEN.FPE says;
 * set, SXE alone is enough.
 */
static void test_sxd(void **state)
{
	uint32_t insn = VVV(VFADD_S);
	csr_set(LA_CSR_EUEN, LA_EUEN_FPE);
	assert_false(vrun(insn, 0, W4(S_ONE, 0, 0, 0), W4(S_ONE, 0, 0, 0), NONE));
	assert_int_equal(ecode(), LA_EXC_SXD);
	assert_int_equal(c->vr[VD].d[0], 0x5a5a5a5a5a5a5a5aull);

	csr_set(LA_CSR_EUEN, LA_EUEN_SXE);
	assert_true(vrun(insn, 0, W4(S_ONE, 0, 0, 0), W4(S_ONE, 0, 0, 0), NONE));
	assert_int_equal(c->vr[VD].w[0], S_TWO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_arith, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_fma, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_minmax, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_unary, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_class, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_convert, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_rint, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_ftint, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_ffint, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_cmp, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_trap, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_sxd, setup_lsx, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
