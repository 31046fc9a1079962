/*
 * A64 scalar floating point (cpu/arm64/insn_fp.c, cpu/arm64/fpu.c) through
 * the harness: FPCR rounding modes, FZ, DN, AHP, NaN propagation
 * (FPProcessNaNs), cumulative FPSR flags, FCMP NZCV, conversions with
 * saturation, half precision, fused multiply-add, FRINT*, FMOV.
 * Encodings were assembled with llvm-mc-16 (the comment is the source);
 * expected values follow the Arm ARM DDI 0487 pseudo-code (J1 shared/float).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/arm64/arm64.h"
#include "tests/unit/a64_test.h"


#define RUN(...)                                                              \
	do {                                                                  \
		const uint32_t prog_[] = { __VA_ARGS__ };                     \
		size_t n_ = sizeof(prog_) / sizeof(prog_[0]);                 \
		assert_int_equal(a64_harness_run(h, prog_, n_), n_);          \
		assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);      \
	} while (0)

#define FPCR_RP (1u << 22)
#define FPCR_RM (2u << 22)
#define FPCR_RZ (3u << 22)
#define FPCR_FZ (1u << 24)
#define FPCR_DN (1u << 25)
#define FPCR_AHP (1u << 26)

#define IOC A64_FPSR_IOC
#define DZC A64_FPSR_DZC
#define OFC A64_FPSR_OFC
#define UFC A64_FPSR_UFC
#define IXC A64_FPSR_IXC
#define IDC A64_FPSR_IDC

static uint64_t bd(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static uint32_t bs(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

/* Fresh FP state; upper halves of the sources hold garbage that results must not keep. */
static void fp_reset(uint32_t fpcr)
{
	c->fpcr = fpcr;
	c->fpsr = 0;
	for (int i = 0; i < 32; i++) {
		c->v[i].d[0] = 0x5555555555555555ull;
		c->v[i].d[1] = 0xaaaaaaaaaaaaaaaaull;
	}
}

static void setd(int r, uint64_t bits) { c->v[r].d[0] = bits; }
static void sets(int r, uint32_t bits) { c->v[r].s[0] = bits; }

/* Vd holds exactly `bits` (zero-extended to 128 bits). */
static void check_v(int r, uint64_t bits)
{
	assert_int_equal(c->v[r].d[0], bits);
	assert_int_equal(c->v[r].d[1], 0);
}

/* One binary double op on (a, b) under fpcr: the result and the flags. */
static void dop(uint32_t insn, uint32_t fpcr, uint64_t a, uint64_t b, uint64_t res, uint32_t flags)
{
	fp_reset(fpcr);
	setd(1, a);
	setd(2, b);
	RUN(insn);
	check_v(0, res);
	assert_int_equal(c->fpsr, flags);
}

static void sop(uint32_t insn, uint32_t fpcr, uint32_t a, uint32_t b, uint32_t res, uint32_t flags)
{
	fp_reset(fpcr);
	sets(1, a);
	sets(2, b);
	RUN(insn);
	check_v(0, res);
	assert_int_equal(c->fpsr, flags);
}

#define FADD_D 0x1e622820 /* fadd d0, d1, d2 */
#define FSUB_D 0x1e623820 /* fsub d0, d1, d2 */
#define FMUL_D 0x1e620820 /* fmul d0, d1, d2 */
#define FDIV_D 0x1e621820 /* fdiv d0, d1, d2 */
#define FADD_S 0x1e222820 /* fadd s0, s1, s2 */
#define FDIV_S 0x1e221820 /* fdiv s0, s1, s2 */

static void test_arith(void **state)
{
	dop(FADD_D, 0, bd(1.5), bd(2.25), bd(3.75), 0);
	dop(FSUB_D, 0, bd(1.5), bd(2.25), bd(-0.75), 0);
	dop(FMUL_D, 0, bd(1.5), bd(-2.0), bd(-3.0), 0);
	dop(FDIV_D, 0, bd(1.0), bd(4.0), bd(0.25), 0);
	dop(FDIV_D, 0, bd(1.0), bd(3.0), bd(1.0 / 3.0), IXC);
	sop(FADD_S, 0, bs(1.5f), bs(2.25f), bs(3.75f), 0);
	dop(0x1e61c020 /* fsqrt d0, d1 */, 0, bd(2.0), 0, bd(1.4142135623730951), IXC);
	sop(0x1e21c020 /* fsqrt s0, s1 */, 0, bs(16.0f), 0, bs(4.0f), 0);
	dop(0x1e60c020 /* fabs d0, d1 */, 0, bd(-2.0), 0, bd(2.0), 0);
	dop(0x1e614020 /* fneg d0, d1 */, 0, bd(2.0), 0, bd(-2.0), 0);
	dop(0x1e628820 /* fnmul d0, d1, d2 */, 0, bd(3.0), bd(2.0), bd(-6.0), 0);
	sop(0x1e204020 /* fmov s0, s1 */, 0, 0x12345678, 0, 0x12345678, 0);
	/* FNMUL negates a NaN result too. */
	dop(0x1e628820 /* fnmul d0, d1, d2 */, 0, 0x7ff8000000000001ull, bd(2.0), 0xfff8000000000001ull, 0);
}

/* FPCR.RMode: nearest, +inf, -inf, zero. */
static void test_rounding_modes(void **state)
{
	const uint64_t tiny = bd(0x1p-60);
	dop(FADD_D, 0, bd(1.0), tiny, bd(1.0), IXC);
	dop(FADD_D, FPCR_RP, bd(1.0), tiny, 0x3ff0000000000001ull, IXC);
	dop(FADD_D, FPCR_RM, bd(1.0), tiny, bd(1.0), IXC);
	dop(FADD_D, FPCR_RZ, bd(1.0), tiny, bd(1.0), IXC);
	dop(FSUB_D, FPCR_RM, bd(-1.0), tiny, 0xbff0000000000001ull, IXC);
	dop(FSUB_D, FPCR_RZ, bd(-1.0), tiny, bd(-1.0), IXC);
	dop(FSUB_D, FPCR_RP, bd(-1.0), tiny, bd(-1.0), IXC);
	sop(FDIV_S, FPCR_RZ, bs(1.0f), bs(3.0f), 0x3eaaaaaa, IXC);
	sop(FDIV_S, FPCR_RP, bs(1.0f), bs(3.0f), 0x3eaaaaab, IXC);
	/* x - x is -0 only when rounding toward -infinity. */
	dop(FSUB_D, FPCR_RM, bd(1.0), bd(1.0), bd(-0.0), 0);
	dop(FSUB_D, 0, bd(1.0), bd(1.0), 0, 0);
	/* Back to nearest after a directed mode. */
	dop(FADD_D, 0, bd(1.0), tiny, bd(1.0), IXC);
}

static void test_flags(void **state)
{
	const uint64_t max = 0x7fefffffffffffffull, inf = 0x7ff0000000000000ull;
	dop(FDIV_D, 0, bd(1.0), 0, inf, DZC);
	dop(FDIV_D, 0, bd(-1.0), 0, inf | 1ull << 63, DZC);
	dop(FMUL_D, 0, max, bd(2.0), inf, OFC | IXC);
	dop(FMUL_D, FPCR_RZ, max, bd(2.0), max, OFC | IXC);
	dop(FMUL_D, FPCR_RM, max, bd(2.0), max, OFC | IXC);
	dop(FMUL_D, FPCR_RM, max, bd(-2.0), inf | 1ull << 63, OFC | IXC);
	/* Invalid operations give the positive default NaN. */
	dop(FDIV_D, 0, 0, 0, 0x7ff8000000000000ull, IOC);
	dop(FSUB_D, 0, inf, inf, 0x7ff8000000000000ull, IOC);
	dop(0x1e61c020 /* fsqrt d0, d1 */, 0, bd(-1.0), 0, 0x7ff8000000000000ull, IOC);
	sop(FDIV_S, 0, 0, 0, 0x7fc00000, IOC);
	/* Underflow: a denormal inexact result, an exact denormal result. */
	dop(FMUL_D, 0, bd(0x1p-1000), bd(0x1.8p-60), bd(0x1.8p-1060), 0);
	dop(FMUL_D, 0, bd(0x1p-1000), bd(0x1.0000000000001p-60), 0x0000000000004000ull,
	    UFC | IXC);
	/*
	 * Tiny before rounding, normal after: (1 - 2^-52)(1 + 2^-52) 2^-1022
	 * rounds to the smallest normal. Arm detects underflow before rounding.
	 */
	dop(FMUL_D, 0, 0x3fefffffffffffffull - 1, 0x0010000000000001ull, 0x0010000000000000ull,
	    UFC | IXC);
	/* Flags accumulate. */
	fp_reset(0);
	setd(1, bd(1.0));
	setd(2, 0);
	setd(3, bd(3.0));
	RUN(0x1e621820 /* fdiv d0, d1, d2 */, 0x1e631824 /* fdiv d4, d1, d3 */, 0x1e612825 /* fadd d5, d1, d1 */);
	assert_int_equal(c->fpsr, DZC | IXC);
	/* A guest that clears FPSR sees only new flags. */
	c->fpsr = 0;
	RUN(0x1e612825 /* fadd d5, d1, d1 */);
	assert_int_equal(c->fpsr, 0);
	RUN(0x1e631824 /* fdiv d4, d1, d3 */);
	assert_int_equal(c->fpsr, IXC);
}

/* FPCR.FZ: denormal inputs flushed (IDC), tiny results flushed (UFC, no IXC). */
static void test_flush_to_zero(void **state)
{
	dop(FADD_D, FPCR_FZ, 1, bd(1.0), bd(1.0), IDC);
	dop(FADD_D, FPCR_FZ, 0x8000000000000001ull, 0, 0, IDC);
	dop(FMUL_D, FPCR_FZ, bd(0x1p-1000), bd(0x1p-30), 0, UFC);
	dop(FMUL_D, FPCR_FZ, bd(-0x1p-1000), bd(0x1p-30), 1ull << 63, UFC);
	dop(FMUL_D, FPCR_FZ, 0x3fefffffffffffffull - 1, 0x0010000000000001ull, 0, UFC);
	dop(FMUL_D, FPCR_FZ, bd(0x1p-1000), bd(0x1p-22), bd(0x1p-1022), 0);
	sop(FADD_S, FPCR_FZ, 0x00000001, bs(2.0f), bs(2.0f), IDC);
	/* Comparisons and min/max see flushed inputs too. */
	fp_reset(FPCR_FZ);
	setd(1, 1);
	setd(2, 0);
	RUN(0x1e622020 /* fcmp d1, d2 */);
	assert_int_equal(a64_nzcv(c), A64_Z | A64_C);
	assert_int_equal(c->fpsr, IDC);
	/* Without FZ a denormal is a number. */
	dop(FADD_D, 0, 1, 1, 2, 0);
}

#define QNAN1 0x7ff8000000000001ull
#define QNAN2 0x7ff8000000000002ull
#define SNAN2 0x7ff0000000000002ull
#define SNAN3 0x7ff0000000000003ull
#define DNAN 0x7ff8000000000000ull

/* FPProcessNaNs: the first signalling NaN, quieted, else the first quiet NaN. */
static void test_nan_propagation(void **state)
{
	const uint64_t inf = 0x7ff0000000000000ull;
	dop(FADD_D, 0, QNAN1, bd(1.0), QNAN1, 0);
	dop(FADD_D, 0, bd(1.0), QNAN2, QNAN2, 0);
	dop(FADD_D, 0, QNAN1, QNAN2, QNAN1, 0);
	dop(FADD_D, 0, QNAN1, SNAN2, QNAN2, IOC);
	dop(FMUL_D, 0, SNAN3, SNAN2, 0x7ff8000000000003ull, IOC);
	dop(FSUB_D, 0, QNAN1 | 1ull << 63, bd(1.0), QNAN1 | 1ull << 63, 0);
	sop(FADD_S, 0, 0x7fc00001, 0x7f800002, 0x7fc00002, IOC);
	/* FPCR.DN: every NaN result is the default NaN. */
	dop(FADD_D, FPCR_DN, QNAN1, bd(1.0), DNAN, 0);
	dop(FADD_D, FPCR_DN, QNAN1, SNAN2, DNAN, IOC);
	sop(FADD_S, FPCR_DN, 0xffc00001, 0, 0x7fc00000, 0);
	/* FPMulAdd: addend first; a quiet addend with 0 * inf is invalid. */
	fp_reset(0);
	setd(1, 0);
	setd(2, inf);
	setd(3, QNAN1);
	RUN(0x1f420c20 /* fmadd d0, d1, d2, d3 */);
	check_v(0, DNAN);
	assert_int_equal(c->fpsr, IOC);
	fp_reset(0);
	setd(1, QNAN2);
	setd(2, bd(1.0));
	setd(3, SNAN3);
	RUN(0x1f420c20 /* fmadd d0, d1, d2, d3 */);
	check_v(0, 0x7ff8000000000003ull);
	assert_int_equal(c->fpsr, IOC);
	fp_reset(0);
	setd(1, SNAN2);
	setd(2, bd(1.0));
	setd(3, QNAN1);
	RUN(0x1f420c20 /* fmadd d0, d1, d2, d3 */);
	check_v(0, QNAN2);
	assert_int_equal(c->fpsr, IOC);
}

static void test_minmax(void **state)
{
	dop(0x1e624820 /* fmax d0, d1, d2 */, 0, 0, 1ull << 63, 0, 0);
	dop(0x1e625820 /* fmin d0, d1, d2 */, 0, 0, 1ull << 63, 1ull << 63, 0);
	dop(0x1e624820 /* fmax d0, d1, d2 */, 0, bd(-3.0), bd(2.0), bd(2.0), 0);
	dop(0x1e625820 /* fmin d0, d1, d2 */, 0, bd(-3.0), bd(2.0), bd(-3.0), 0);
	dop(0x1e624820 /* fmax d0, d1, d2 */, 0, QNAN1, bd(1.0), QNAN1, 0);
	dop(0x1e626820 /* fmaxnm d0, d1, d2 */, 0, QNAN1, bd(1.0), bd(1.0), 0);
	dop(0x1e627820 /* fminnm d0, d1, d2 */, 0, bd(1.0), QNAN1, bd(1.0), 0);
	dop(0x1e627820 /* fminnm d0, d1, d2 */, 0, bd(1.0), SNAN2, QNAN2, IOC);
	dop(0x1e626820 /* fmaxnm d0, d1, d2 */, 0, QNAN1, QNAN2, QNAN1, 0);
	sop(0x1e225820 /* fmin s0, s1, s2 */, 0, bs(-1.0f), bs(-2.0f), bs(-2.0f), 0);
}

/* FCMP/FCMPE NZCV: less 1000, equal 0110, greater 0010, unordered 0011. */
static void cmp(uint32_t insn, uint64_t a, uint64_t b, uint32_t nzcv, uint32_t flags)
{
	fp_reset(0);
	setd(1, a);
	setd(2, b);
	a64_set_nzcv(c, 0);
	RUN(insn);
	assert_int_equal(a64_nzcv(c), nzcv);
	assert_int_equal(c->fpsr, flags);
}

static void test_compare(void **state)
{
	const uint32_t fcmp = 0x1e622020 /* fcmp d1, d2 */, fcmpe = 0x1e622030 /* fcmpe d1, d2 */;
	cmp(fcmp, bd(1.0), bd(2.0), A64_N, 0);
	cmp(fcmp, bd(2.0), bd(1.0), A64_C, 0);
	cmp(fcmp, bd(2.0), bd(2.0), A64_Z | A64_C, 0);
	cmp(fcmp, 0, 1ull << 63, A64_Z | A64_C, 0);
	cmp(fcmp, QNAN1, bd(1.0), A64_C | A64_V, 0);
	cmp(fcmp, SNAN2, bd(1.0), A64_C | A64_V, IOC);
	cmp(fcmpe, QNAN1, bd(1.0), A64_C | A64_V, IOC);
	cmp(fcmpe, bd(-1.0), bd(1.0), A64_N, 0);
	cmp(0x1e602028 /* fcmp d1, #0.0 */, bd(-1.0), 0, A64_N, 0);
	cmp(0x1e222020 /* fcmp s1, s2 */, bs(1.0f), bs(1.0f), A64_Z | A64_C, 0);
	/* FCCMP: compare when the condition holds, else NZCV = #imm. */
	fp_reset(0);
	setd(1, bd(1.0));
	setd(2, bd(2.0));
	a64_set_nzcv(c, A64_Z);
	RUN(0x1e62042f /* fccmp d1, d2, #0xf, eq */);
	assert_int_equal(a64_nzcv(c), A64_N);
	a64_set_nzcv(c, 0);
	RUN(0x1e620425 /* fccmp d1, d2, #0x5, eq */);
	assert_int_equal(a64_nzcv(c), A64_Z | A64_V);
	/* FCSEL. */
	a64_set_nzcv(c, A64_Z);
	RUN(0x1e620c20 /* fcsel d0, d1, d2, eq */, 0x1e221c23 /* fcsel s3, s1, s2, ne */);
	check_v(0, bd(1.0));
	check_v(3, (uint32_t)bd(2.0));
}

/* FCVT[NPMZA][SU], SCVTF, UCVTF: saturation with IOC, inexact with IXC. */
static void cvt_to_int(uint32_t insn, uint32_t fpcr, uint64_t a, uint64_t res, uint32_t flags)
{
	fp_reset(fpcr);
	setd(1, a);
	c->x[0] = 0x1234567812345678ull;
	RUN(insn);
	assert_int_equal(c->x[0], res);
	assert_int_equal(c->fpsr, flags);
}

static void test_convert_int(void **state)
{
	const uint32_t zs_w = 0x1e780020 /* fcvtzs w0, d1 */, zs_x = 0x9e780020 /* fcvtzs x0, d1 */;
	cvt_to_int(zs_w, 0, bd(1e20), 0x7fffffff, IOC);
	cvt_to_int(zs_w, 0, bd(-1e20), 0x80000000, IOC);
	cvt_to_int(zs_w, 0, QNAN1, 0, IOC);
	cvt_to_int(zs_w, 0, bd(-2147483648.0), 0x80000000, 0);
	cvt_to_int(zs_w, 0, bd(2147483647.5), 0x7fffffff, IXC);
	cvt_to_int(zs_x, 0, bd(-1.5), ~0ull, IXC);
	cvt_to_int(zs_x, 0, bd(0x1p63), 0x7fffffffffffffffull, IOC);
	cvt_to_int(zs_x, 0, bd(-0x1p63), 0x8000000000000000ull, 0);
	cvt_to_int(0x9e700020 /* fcvtms x0, d1 */, 0, bd(-1.5), (uint64_t)-2, IXC);
	cvt_to_int(0x9e680020 /* fcvtps x0, d1 */, 0, bd(-1.5), ~0ull, IXC);
	cvt_to_int(0x9e640020 /* fcvtas x0, d1 */, 0, bd(-1.5), (uint64_t)-2, IXC);
	cvt_to_int(0x9e600020 /* fcvtns x0, d1 */, 0, bd(-1.5), (uint64_t)-2, IXC);
	cvt_to_int(0x9e600020 /* fcvtns x0, d1 */, 0, bd(2.5), 2, IXC);
	cvt_to_int(0x1e640020 /* fcvtas w0, d1 */, 0, bd(2.5), 3, IXC);
	cvt_to_int(0x1e790020 /* fcvtzu w0, d1 */, 0, bd(-1.0), 0, IOC);
	cvt_to_int(0x1e790020 /* fcvtzu w0, d1 */, 0, bd(-0.5), 0, IXC);
	cvt_to_int(0x1e790020 /* fcvtzu w0, d1 */, 0, bd(4294967295.0), 0xffffffff, 0);
	cvt_to_int(0x9e790020 /* fcvtzu x0, d1 */, 0, bd(0x1p64), ~0ull, IOC);
	cvt_to_int(0x9e790020 /* fcvtzu x0, d1 */, 0, 0x7ff0000000000000ull, ~0ull, IOC);
	cvt_to_int(0x1e380020 /* fcvtzs w0, s1 */, 0, bs(2147483648.0f), 0x7fffffff, IOC);
	cvt_to_int(0x1e58e020 /* fcvtzs w0, d1, #8 */, 0, bd(1.5), 384, 0);
	cvt_to_int(0x9e58fc20 /* fcvtzs x0, d1, #1 */, 0, bd(-0.25), 0, IXC);
	cvt_to_int(0x9e58f820 /* fcvtzs x0, d1, #2 */, 0, bd(-0.25), ~0ull, 0);
	/* FPCR.RMode does not matter to FCVTZS. */
	cvt_to_int(zs_x, FPCR_RP, bd(1.5), 1, IXC);

	fp_reset(0);
	c->x[1] = (uint64_t)-3;
	c->x[2] = ~0ull;
	c->x[3] = 16777217;
	c->x[4] = 0x18000;
	RUN(0x9e620020 /* scvtf d0, x1 */, 0x9e630045 /* ucvtf d5, x2 */, 0x1e220066 /* scvtf s6, w3 */, 0x1e42c087 /* scvtf d7, w4, #16 */,
	    0x1e230028 /* ucvtf s8, w1 */, 0x1e620029 /* scvtf d9, w1 */);
	check_v(0, bd(-3.0));
	check_v(5, bd(0x1p64));
	check_v(6, bs(16777216.0f));
	check_v(7, bd(1.5));
	check_v(8, bs(4294967293.0f));
	check_v(9, bd(-3.0));
	assert_int_equal(c->fpsr, IXC);
	c->fpcr = FPCR_RP;
	RUN(0x1e220066 /* scvtf s6, w3 */);
	check_v(6, bs(16777218.0f));
}

/* FCVT between half, single and double (half precision done in C). */
static void cvt(uint32_t insn, uint32_t fpcr, uint64_t a, uint64_t res, uint32_t flags)
{
	fp_reset(fpcr);
	c->v[1].d[0] = a;
	RUN(insn);
	check_v(0, res);
	assert_int_equal(c->fpsr, flags);
}

static void test_convert_fp(void **state)
{
	const uint32_t s_to_h = 0x1e23c020 /* fcvt h0, s1 */, h_to_s = 0x1ee24020 /* fcvt s0, h1 */;
	const uint32_t d_to_h = 0x1e63c020 /* fcvt h0, d1 */, d_to_s = 0x1e624020 /* fcvt s0, d1 */;
	cvt(d_to_s, 0, bd(0.1), 0x3dcccccd, IXC);
	cvt(d_to_s, FPCR_RZ, bd(0.1), 0x3dcccccc, IXC);
	cvt(d_to_s, 0, bd(1e300), 0x7f800000, OFC | IXC);
	cvt(d_to_s, 0, SNAN2, 0x7fc00000, IOC);
	cvt(d_to_s, 0, 0xfff8000000000000ull | (1ull << 40), 0xffc00000 | (1u << 11), 0);
	cvt(d_to_s, FPCR_FZ, bd(0x1p-140), 0, UFC);
	cvt(0x1e22c020 /* fcvt d0, s1 */, 0, bs(0.1f), bd((double)0.1f), 0);
	cvt(0x1e22c020 /* fcvt d0, s1 */, 0, 0x7f800001, 0x7ff8000020000000ull, IOC);
	cvt(s_to_h, 0, bs(1.0f), 0x3c00, 0);
	cvt(s_to_h, 0, bs(-2.5f), 0xc100, 0);
	cvt(s_to_h, 0, bs(65504.0f), 0x7bff, 0);
	cvt(s_to_h, 0, bs(65520.0f), 0x7c00, OFC | IXC);
	cvt(s_to_h, FPCR_RZ, bs(65520.0f), 0x7bff, IXC);
	cvt(s_to_h, FPCR_RZ, bs(65536.0f), 0x7bff, OFC | IXC);
	cvt(s_to_h, 0, bs(0x1p-24f), 0x0001, 0);
	cvt(s_to_h, 0, bs(0x1.8p-26f), 0x0000, UFC | IXC);
	cvt(s_to_h, 0, bs(0x1.8p-25f), 0x0001, UFC | IXC);
	cvt(s_to_h, 0, bs(0x1.8p-24f), 0x0002, UFC | IXC);
	cvt(s_to_h, 0, 0x7fc00000 | (0x155u << 13), 0x7e00 | 0x155, 0);
	cvt(s_to_h, FPCR_DN, 0x7fc12345, 0x7e00, 0);
	/* Alternative half precision: no infinities or NaNs, exponent 31 is a number. */
	cvt(s_to_h, FPCR_AHP, bs(65520.0f), 0x7c00, IXC);
	cvt(s_to_h, FPCR_AHP, bs(1e10f), 0x7fff, IOC);
	cvt(s_to_h, FPCR_AHP, 0x7fc00000, 0x0000, IOC);
	cvt(s_to_h, FPCR_AHP, 0xff800000, 0xffff, IOC);
	cvt(h_to_s, 0, 0x3c00, bs(1.0f), 0);
	cvt(h_to_s, 0, 0x0001, bs(0x1p-24f), 0);
	cvt(h_to_s, FPCR_FZ, 0x0001, bs(0x1p-24f), 0);
	cvt(h_to_s, 0, 0xfc00, 0xff800000, 0);
	cvt(h_to_s, 0, 0x7d00, 0x7fe00000, IOC);
	cvt(h_to_s, FPCR_AHP, 0x7c00, bs(65536.0f), 0);
	cvt(d_to_h, 0, bd(1.0), 0x3c00, 0);
	cvt(d_to_h, 0, bd(0x1p-25), 0x0000, UFC | IXC);
	cvt(d_to_h, FPCR_FZ, 1, 0x0000, IDC);
	cvt(0x1ee2c020 /* fcvt d0, h1 */, 0, 0x3555, bd(0x1.554p-2), 0);
}

/* FMADD and friends round once. */
static void test_fma(void **state)
{
	fp_reset(0);
	setd(1, bd(1.0 + 0x1p-30));
	setd(2, bd(1.0 - 0x1p-30));
	setd(3, bd(-1.0));
	RUN(0x1f420c20 /* fmadd d0, d1, d2, d3 */, 0x1f428c24 /* fmsub d4, d1, d2, d3 */, 0x1f620c25 /* fnmadd d5, d1, d2, d3 */,
	    0x1f628c26 /* fnmsub d6, d1, d2, d3 */);
	check_v(0, bd(-0x1p-60));
	check_v(4, bd(-2.0));
	check_v(5, bd(0x1p-60));
	check_v(6, bd(2.0));
	assert_int_equal(c->fpsr, IXC);
	fp_reset(0);
	sets(1, bs(1.0f + 0x1p-12f));
	sets(2, bs(1.0f - 0x1p-12f));
	sets(3, bs(-1.0f));
	RUN(0x1f020c20 /* fmadd s0, s1, s2, s3 */);
	check_v(0, bs(-0x1p-24f));
	assert_int_equal(c->fpsr, 0);
}

static void test_frint(void **state)
{
	dop(0x1e644020 /* frintn d0, d1 */, 0, bd(2.5), 0, bd(2.0), 0);
	dop(0x1e664020 /* frinta d0, d1 */, 0, bd(2.5), 0, bd(3.0), 0);
	dop(0x1e64c020 /* frintp d0, d1 */, 0, bd(2.5), 0, bd(3.0), 0);
	dop(0x1e654020 /* frintm d0, d1 */, 0, bd(2.5), 0, bd(2.0), 0);
	dop(0x1e65c020 /* frintz d0, d1 */, 0, bd(2.5), 0, bd(2.0), 0);
	dop(0x1e674020 /* frintx d0, d1 */, 0, bd(2.5), 0, bd(2.0), IXC);
	dop(0x1e674020 /* frintx d0, d1 */, 0, bd(2.0), 0, bd(2.0), 0);
	dop(0x1e67c020 /* frinti d0, d1 */, FPCR_RP, bd(2.5), 0, bd(3.0), 0);
	dop(0x1e654020 /* frintm d0, d1 */, 0, bd(-0.5), 0, bd(-1.0), 0);
	dop(0x1e65c020 /* frintz d0, d1 */, 0, bd(-0.5), 0, bd(-0.0), 0);
	dop(0x1e664020 /* frinta d0, d1 */, 0, bd(-0.5), 0, bd(-1.0), 0);
	dop(0x1e644020 /* frintn d0, d1 */, 0, bd(-0.5), 0, bd(-0.0), 0);
	dop(0x1e644020 /* frintn d0, d1 */, 0, bd(0x1p60 + 0x1p8), 0, bd(0x1p60 + 0x1p8), 0);
	dop(0x1e644020 /* frintn d0, d1 */, 0, SNAN2, 0, QNAN2, IOC);
	sop(0x1e24c020 /* frintp s0, s1 */, 0, bs(-1.25f), 0, bs(-1.0f), 0);
	sop(0x1e244020 /* frintn s0, s1 */, 0, bs(8388607.5f), 0, bs(8388608.0f), 0);
}

static void test_fmov(void **state)
{
	fp_reset(0);
	c->x[1] = 0x0123456789abcdefull;
	c->v[2].d[0] = 0x1111111122222222ull;
	c->v[2].d[1] = 0x3333333344444444ull;
	RUN(0x1e6e1000 /* fmov d0, #1.0 */, 0x1e381003 /* fmov s3, #-0.125 */, 0x1e27f004 /* fmov s4, #31.0 */, 0x1e7ff005 /* fmov d5, #-1.9375 */,
	    0x9e660046 /* fmov x6, d2 */, 0x1e260047 /* fmov w7, s2 */, 0x9eae0048 /* fmov x8, v2.d[1] */, 0x9e670029 /* fmov d9, x1 */,
	    0x1e27002a /* fmov s10, w1 */, 0x9eaf0022 /* fmov v2.d[1], x1 */);
	check_v(0, 0x3ff0000000000000ull);
	check_v(3, 0xbe000000);
	check_v(4, 0x41f80000);
	check_v(5, 0xbfff000000000000ull);
	assert_int_equal(c->x[6], 0x1111111122222222ull);
	assert_int_equal(c->x[7], 0x22222222);
	assert_int_equal(c->x[8], 0x3333333344444444ull);
	check_v(9, 0x0123456789abcdefull);
	check_v(10, 0x89abcdef);
	assert_int_equal(c->v[2].d[0], 0x1111111122222222ull);
	assert_int_equal(c->v[2].d[1], 0x0123456789abcdefull);
}

/* FP disabled by CPACR_EL1.FPEN traps every row (A64_F_FP). */
static void test_fp_disabled(void **state)
{
	const uint32_t prog[] = { 0x1e622820 /* fadd d0, d1, d2 */ };
	c->sr.cpacr_el1 = 0;
	a64_update_mode(c);
	a64_harness_run(h, prog, 1);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_VECTOR);
	assert_int_equal(c->sr.esr_el1 >> 26, EC_FP_ACCESS);
	c->sr.cpacr_el1 = 3u << 20;
	a64_update_mode(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arith),
		cmocka_unit_test(test_rounding_modes),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_flush_to_zero),
		cmocka_unit_test(test_nan_propagation),
		cmocka_unit_test(test_minmax),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_convert_int),
		cmocka_unit_test(test_convert_fp),
		cmocka_unit_test(test_fma),
		cmocka_unit_test(test_frint),
		cmocka_unit_test(test_fmov),
		cmocka_unit_test(test_fp_disabled),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
