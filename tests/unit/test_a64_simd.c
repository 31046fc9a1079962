/*
 * A64 Advanced SIMD (cpu/arm64/insn_simd.c) through the harness: a sample
 * of every group (three same, two-register misc, across lanes, copy,
 * permute, extract, table lookup, modified immediate, shift by immediate,
 * three different, by element, scalar forms, FP vector) and the load/store
 * structure instructions. Encodings were assembled with llvm-mc-16 (the
 * comment is the source); expected values follow the Arm ARM DDI 0487
 * C7.2 pseudo-code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/arm64/arm64.h"
#include "tests/unit/a64_test.h"

#define DATA (HARNESS_RAM + 0x200000)


#define RUN(...)                                                              \
	do {                                                                  \
		const uint32_t prog_[] = { __VA_ARGS__ };                     \
		size_t n_ = sizeof(prog_) / sizeof(prog_[0]);                 \
		assert_int_equal(a64_harness_run(h, prog_, n_), n_);          \
		assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);      \
	} while (0)

static uint64_t bd(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static uint32_t bs(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

static void reset(void)
{
	c->fpcr = 0;
	c->fpsr = 0;
	for (int i = 0; i < 32; i++) {
		c->v[i].d[0] = 0x5555555555555555ull;
		c->v[i].d[1] = 0xaaaaaaaaaaaaaaaaull;
	}
}

static void setv(int r, uint64_t lo, uint64_t hi)
{
	c->v[r].d[0] = lo;
	c->v[r].d[1] = hi;
}

static void bytes(int r, uint8_t first, int step)
{
	for (int i = 0; i < 16; i++)
		c->v[r].b[i] = (uint8_t)(first + i * step);
}

static void check(int r, uint64_t lo, uint64_t hi)
{
	assert_int_equal(c->v[r].d[0], lo);
	assert_int_equal(c->v[r].d[1], hi);
}

static void test_three_same(void **state)
{
	reset();
	bytes(1, 0, 1);         /* 00 01 02 .. 0f */
	bytes(2, 0xf0, 1);      /* f0 f1 .. ff */
	RUN(0x4e228420 /* add v0.16b, v1.16b, v2.16b */, 0x0e228423 /* add v3.8b, v1.8b, v2.8b */,
	    0x6ea28424 /* sub v4.4s, v1.4s, v2.4s */, 0x4e619c25 /* mul v5.8h, v1.8h, v1.8h */,
	    0x6e218c26 /* cmeq v6.16b, v1.16b, v1.16b */, 0x6ee13447 /* cmhi v7.2d, v2.2d, v1.2d */,
	    0x4e223428 /* cmgt v8.16b, v1.16b, v2.16b */, 0x6e226c29 /* umin v9.16b, v1.16b, v2.16b */,
	    0x4e22642a /* smax v10.16b, v1.16b, v2.16b */, 0x2e22742b /* uabd v11.8b, v1.8b, v2.8b */);
	check(0, 0xfefcfaf8f6f4f2f0ull, 0x0e0c0a0806040200ull);
	check(3, 0xfefcfaf8f6f4f2f0ull, 0);
	check(4, 0x0f0f0f100f0f0f10ull, 0x0f0f0f100f0f0f10ull);
	check(6, ~0ull, ~0ull);
	check(7, ~0ull, ~0ull);
	check(8, ~0ull, ~0ull);
	check(9, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
	check(10, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
	check(11, 0xf0f0f0f0f0f0f0f0ull, 0);
	assert_int_equal(c->v[5].h[1], (uint16_t)(0x0302 * 0x0302));
}

static void test_logic(void **state)
{
	reset();
	setv(1, 0xff00ff00f0f0f0f0ull, 0x0123456789abcdefull);
	setv(2, 0x0ff00ff00ff00ff0ull, 0xffffffff00000000ull);
	setv(3, 0x00000000ffffffffull, 0xffff0000ffff0000ull);
	setv(4, 0x00000000ffffffffull, 0xffff0000ffff0000ull);
	setv(5, 0x00000000ffffffffull, 0xffff0000ffff0000ull);
	RUN(0x4e221c20 /* and v0.16b, v1.16b, v2.16b */, 0x0ea21c26 /* orr v6.8b, v1.8b, v2.8b */,
	    0x4e621c27 /* bic v7.16b, v1.16b, v2.16b */, 0x4ee21c28 /* orn v8.16b, v1.16b, v2.16b */,
	    0x6e221c29 /* eor v9.16b, v1.16b, v2.16b */, 0x6e621c23 /* bsl v3.16b, v1.16b, v2.16b */,
	    0x6ea21c24 /* bit v4.16b, v1.16b, v2.16b */, 0x6ee21c25 /* bif v5.16b, v1.16b, v2.16b */,
	    0x4ea11c2a /* mov v10.16b, v1.16b */, 0x6e20582b /* mvn v11.16b, v1.16b */);
	check(0, 0x0f000f0000f000f0ull, 0x0123456700000000ull);
	check(6, 0xfff0fff0fff0fff0ull, 0);
	check(7, 0xf000f000f000f000ull, 0x0000000089abcdefull);
	check(8, ~0x0ff00ff00ff00ff0ull | 0xff00ff00f0f0f0f0ull, 0x01234567ffffffffull);
	check(9, 0xf0f0f0f0ff00ff00ull, 0xfedcba9889abcdefull);
	/* BSL: Vd selects Vn (1) or Vm (0). */
	check(3, 0x0ff00ff0f0f0f0f0ull, 0x0123ffff89ab0000ull);
	/* BIT: Vm selects Vn into Vd. */
	check(4, 0x0f000f00f0fff0ffull, 0x01234567ffff0000ull);
	/* BIF: where Vm is clear, Vn goes into Vd. */
	check(5, 0xf000f000fff0fff0ull, 0xffff000089abcdefull);
	check(10, 0xff00ff00f0f0f0f0ull, 0x0123456789abcdefull);
	check(11, 0x00ff00ff0f0f0f0full, 0xfedcba9876543210ull);
}

static void test_saturating(void **state)
{
	reset();
	setv(1, 0x7f7f800001ff7f00ull, 0x8000000000007fffull);
	setv(2, 0x0180ff0001017f00ull, 0x8000000000000001ull);
	RUN(0x4e220c20 /* sqadd v0.16b, v1.16b, v2.16b */);
	check(0, 0x7fff800002007f00ull, 0x8000000000007f00ull);
	assert_int_equal(c->fpsr, A64_FPSR_QC);
	c->fpsr = 0;
	RUN(0x6e612c43 /* uqsub v3.8h, v2.8h, v1.8h */, 0x7ee20c24 /* uqadd d4, d1, d2 */, 0x5e620c25 /* sqadd h5, h1, h2 */);
	check(3, 0x00007f0000000000ull, 0);
	check(4, 0x81007f000300fe00ull, 0);
	check(5, 0x7fff, 0);
	assert_int_equal(c->fpsr, A64_FPSR_QC);
	/* Saturating shifts and doubling multiplies. */
	c->fpsr = 0;
	setv(6, 0x0000000040000000ull, 0);
	setv(7, 0x0000000040000000ull, 0);
	RUN(0x5ea7b4c8 /* sqdmulh s8, s6, s7 */, 0x4ea7b4c9 /* sqdmulh v9.4s, v6.4s, v7.4s */);
	check(8, 0x20000000, 0);
	assert_int_equal(c->fpsr, 0);
	setv(6, 0x80000000, 0);
	setv(7, 0x80000000, 0);
	RUN(0x5ea7b4c8 /* sqdmulh s8, s6, s7 */);
	check(8, 0x7fffffff, 0);
	assert_int_equal(c->fpsr, A64_FPSR_QC);
}

static void test_shift_reg(void **state)
{
	reset();
	setv(1, 0x80000000000000f0ull, 0x0000000000000003ull);
	setv(2, 0x00000000000000fcull, 0x0000000000000002ull); /* -4, +2 */
	RUN(0x4ee24420 /* sshl v0.2d, v1.2d, v2.2d */, 0x6ee24423 /* ushl v3.2d, v1.2d, v2.2d */,
	    0x5ee25424 /* srshl d4, d1, d2 */, 0x6ee24c25 /* uqshl v5.2d, v1.2d, v2.2d */);
	check(0, 0xf80000000000000full, 12);
	check(3, 0x080000000000000full, 12);
	check(4, 0xf80000000000000full, 0);
	check(5, 0x080000000000000full, 12);
}

/* The idioms of glibc's string routines (strlen, memchr). */
static void test_string_idioms(void **state)
{
	reset();
	memcpy(c->v[0].b, "hello, world\0abc", 16);
	c->x[2] = 'o';
	RUN(0x4e209801 /* cmeq v1.16b, v0.16b, #0 */, 0x0f0c8422 /* shrn v2.8b, v1.8h, #4 */, 0x9e660043 /* fmov x3, d2 */,
	    0x6e21a424 /* umaxp v4.16b, v1.16b, v1.16b */, 0x9e660084 /* fmov x4, d4 */, 0x4e010c45 /* dup v5.16b, w2 */,
	    0x6e258c06 /* cmeq v6.16b, v0.16b, v5.16b */, 0x4ee6bcc7 /* addp v7.2d, v6.2d, v6.2d */,
	    0x6e31a8c8 /* uminv b8, v6.16b */, 0x6e30a8c9 /* umaxv b9, v6.16b */, 0x5ef1b8ca /* addp d10, v6.2d */);
	check(1, 0, 0x000000ff00000000ull);
	assert_int_equal(__builtin_ctzll(c->x[3]) / 4, 12);
	assert_int_not_equal(c->x[4], 0);
	check(5, 0x6f6f6f6f6f6f6f6full, 0x6f6f6f6f6f6f6f6full);
	check(6, 0x000000ff00000000ull, 0xff);
	check(7, 0x000000ff000000ffull, 0x000000ff000000ffull);
	check(8, 0, 0);
	check(9, 0xff, 0);
}

static void test_two_reg_misc(void **state)
{
	reset();
	bytes(1, 0, 1);
	setv(2, 0x0000000100008000ull, 0xffffffff7fffffffull);
	RUN(0x4e200820 /* rev64 v0.16b, v1.16b */, 0x0e201823 /* rev16 v3.8b, v1.8b */, 0x6e600824 /* rev32 v4.8h, v1.8h */,
	    0x4e205825 /* cnt v5.16b, v1.16b */, 0x6ea04846 /* clz v6.4s, v2.4s */, 0x4ea04847 /* cls v7.4s, v2.4s */,
	    0x4ea0b848 /* abs v8.4s, v2.4s */, 0x6ee0b849 /* neg v9.2d, v2.2d */, 0x4ea0a84a /* cmlt v10.4s, v2.4s, #0 */,
	    0x0e61284b /* xtn v11.4h, v2.4s */, 0x4ea11c2c /* mov v12.16b, v1.16b */, 0x4e61284c /* xtn2 v12.8h, v2.4s */,
	    0x4ea0284d /* saddlp v13.2d, v2.4s */, 0x2e60582e /* rbit v14.8b, v1.8b */);
	check(0, 0x0001020304050607ull, 0x08090a0b0c0d0e0full);
	check(3, 0x0607040502030001ull, 0);
	check(4, 0x0504070601000302ull, 0x0d0c0f0e09080b0aull);
	check(5, 0x0302020102010100ull, 0x0403030203020201ull);
	check(6, 0x0000001f00000010ull, 0x0000000000000001ull);
	check(7, 0x0000001e0000000full, 0x0000001f00000000ull);
	check(8, 0x0000000100008000ull, 0x000000017fffffffull);
	check(9, 0xfffffffeffff8000ull, 0x0000000080000001ull);
	check(10, 0, 0xffffffff00000000ull);
	check(11, 0xffffffff00018000ull, 0);
	check(12, 0x0706050403020100ull, 0xffffffff00018000ull);
	check(13, 0x0000000000008001ull, 0x000000007ffffffeull);
	check(14, 0xe060a020c0408000ull, 0);
	/* Narrowing with saturation. */
	c->fpsr = 0;
	RUN(0x0e61484f /* sqxtn v15.4h, v2.4s */, 0x2e614850 /* uqxtn v16.4h, v2.4s */, 0x2e612851 /* sqxtun v17.4h, v2.4s */);
	check(15, 0xffff7fff00017fffull, 0);
	check(16, 0xffffffff00018000ull, 0);
	check(17, 0x0000ffff00018000ull, 0);
	assert_int_equal(c->fpsr, A64_FPSR_QC);
}

static void test_across(void **state)
{
	reset();
	bytes(1, 0xf8, 1);       /* f8..ff 00..07 */
	setv(2, bs(1.0f) | (uint64_t)bs(-3.0f) << 32, bs(7.5f) | (uint64_t)bs(2.0f) << 32);
	RUN(0x4e31b820 /* addv b0, v1.16b */, 0x6e30a823 /* umaxv b3, v1.16b */, 0x2e31a824 /* uminv b4, v1.8b */,
	    0x4e30a825 /* smaxv b5, v1.16b */, 0x4e71a826 /* sminv h6, v1.8h */, 0x4e303827 /* saddlv h7, v1.16b */,
	    0x6eb03828 /* uaddlv d8, v1.4s */, 0x6e30f849 /* fmaxv s9, v2.4s */, 0x6eb0c84a /* fminnmv s10, v2.4s */,
	    0x4eb1b82b /* addv s11, v1.4s */);
	check(0, 0xf8, 0);
	check(3, 0xff, 0);
	check(4, 0xf8, 0);
	check(5, 0x07, 0);
	check(6, 0xf9f8, 0);
	check(7, 0xfff8, 0);
	check(8, 0x20601fdf8ull, 0);
	check(9, bs(7.5f), 0);
	check(10, bs(-3.0f), 0);
	check(11, 0x0601fdf8, 0);
}

static void test_copy(void **state)
{
	reset();
	bytes(1, 0x10, 1);
	c->x[2] = 0x8899aabbccddeeffull;
	RUN(0x4e010c40 /* dup v0.16b, w2 */, 0x4e140423 /* dup v3.4s, v1.s[2] */, 0x4e080c44 /* dup v4.2d, x2 */, 0x0e1e0425 /* dup v5.4h, v1.h[7] */,
	    0x4e0c1c41 /* mov v1.s[1], w2 */, 0x6e1f0421 /* mov v1.b[15], v1.b[0] */, 0x0e1d3c26 /* umov w6, v1.b[14] */,
	    0x4e183c27 /* mov x7, v1.d[1] */, 0x4e1f2c28 /* smov x8, v1.b[15] */, 0x0e1e2c29 /* smov w9, v1.h[7] */,
	    0x5e07042a /* mov b10, v1.b[3] */, 0x5e18042b /* mov d11, v1.d[1] */);
	check(0, 0xffffffffffffffffull, 0xffffffffffffffffull);
	check(3, 0x1b1a19181b1a1918ull, 0x1b1a19181b1a1918ull);
	check(4, 0x8899aabbccddeeffull, 0x8899aabbccddeeffull);
	check(5, 0x1f1e1f1e1f1e1f1eull, 0);
	check(1, 0xccddeeff13121110ull, 0x101e1d1c1b1a1918ull);
	assert_int_equal(c->x[6], 0x1e);
	assert_int_equal(c->x[7], 0x101e1d1c1b1a1918ull);
	assert_int_equal(c->x[8], 0x10);
	assert_int_equal(c->x[9], 0x0000101eull);
	check(10, 0x13, 0);
	check(11, 0x101e1d1c1b1a1918ull, 0);
	c->v[12].b[0] = 0x80;
	RUN(0x0e012d8d /* smov w13, v12.b[0] */, 0x4e022d8e /* smov x14, v12.h[0] */);
	assert_int_equal(c->x[13], 0xffffff80ull);
	assert_int_equal(c->x[14], (uint64_t)(int16_t)c->v[12].h[0]);
}

static void test_permute(void **state)
{
	reset();
	bytes(1, 0x00, 1);
	bytes(2, 0x10, 1);
	RUN(0x4e023820 /* zip1 v0.16b, v1.16b, v2.16b */, 0x4e427823 /* zip2 v3.8h, v1.8h, v2.8h */,
	    0x4e821824 /* uzp1 v4.4s, v1.4s, v2.4s */, 0x0e025825 /* uzp2 v5.8b, v1.8b, v2.8b */,
	    0x4e422826 /* trn1 v6.8h, v1.8h, v2.8h */, 0x4ec26827 /* trn2 v7.2d, v1.2d, v2.2d */,
	    0x6e021828 /* ext v8.16b, v1.16b, v2.16b, #3 */, 0x2e023029 /* ext v9.8b, v1.8b, v2.8b, #6 */,
	    0x0e82382a /* zip1 v10.2s, v1.2s, v2.2s */);
	check(0, 0x1303120211011000ull, 0x1707160615051404ull);
	check(3, 0x1b1a0b0a19180908ull, 0x1f1e0f0e1d1c0d0cull);
	check(4, 0x0b0a090803020100ull, 0x1b1a191813121110ull);
	check(5, 0x1715131107050301ull, 0);
	check(6, 0x1514050411100100ull, 0x1d1c0d0c19180908ull);
	check(7, 0x0f0e0d0c0b0a0908ull, 0x1f1e1d1c1b1a1918ull);
	check(8, 0x0a09080706050403ull, 0x1211100f0e0d0c0bull);
	check(9, 0x1514131211100706ull, 0);
	check(10, 0x1312111003020100ull, 0);
}

/* TBL/TBX: out-of-range indices give 0 or keep Vd; tables wrap at V31. */
static void test_table(void **state)
{
	reset();
	bytes(31, 0x40, 1);
	bytes(0, 0x50, 1);
	setv(1, 0x1f10ff200f050100ull, 0x8040302111100908ull);
	setv(3, 0x1111111111111111ull, 0x2222222222222222ull);
	RUN(0x4e0103e2 /* tbl v2.16b, {v31.16b}, v1.16b */, 0x4e0113e3 /* tbx v3.16b, {v31.16b}, v1.16b */,
	    0x4e0123e4 /* tbl v4.16b, {v31.16b, v0.16b}, v1.16b */, 0x0e0103e5 /* tbl v5.8b, {v31.16b}, v1.8b */);
	check(2, 0x000000004f454140ull, 0x0000000000004948ull);
	check(3, 0x111111114f454140ull, 0x2222222222224948ull);
	check(4, 0x5f5000004f454140ull, 0x0000000051504948ull);
	check(5, 0x000000004f454140ull, 0);
}

static void test_modified_imm(void **state)
{
	reset();
	RUN(0x4f05e560 /* movi v0.16b, #0xab */, 0x4f002641 /* movi v1.4s, #0x12, lsl #8 */, 0x6f018682 /* mvni v2.8h, #0x34 */,
	    0x2f05e4a3 /* movi d3, #0xff00ff0000ff00ff */, 0x6f06e464 /* movi v4.2d, #0xffff00000000ffff */,
	    0x4f03f605 /* fmov v5.4s, #1.0 */, 0x6f04f406 /* fmov v6.2d, #-2.0 */, 0x0f03c7e7 /* movi v7.2s, #0x7f, msl #8 */,
	    0x4f07e7e8 /* movi v8.16b, #0xff */, 0x6f079608 /* bic v8.8h, #0xf0 */, 0x4f000409 /* movi v9.4s, #0 */,
	    0x4f047409 /* orr v9.4s, #0x80, lsl #24 */);
	check(0, 0xababababababababull, 0xababababababababull);
	check(1, 0x0000120000001200ull, 0x0000120000001200ull);
	check(2, 0xffcbffcbffcbffcbull, 0xffcbffcbffcbffcbull);
	check(3, 0xff00ff0000ff00ffull, 0);
	check(4, 0xffff00000000ffffull, 0xffff00000000ffffull);
	check(5, 0x3f8000003f800000ull, 0x3f8000003f800000ull);
	check(6, 0xc000000000000000ull, 0xc000000000000000ull);
	check(7, 0x00007fff00007fffull, 0);
	check(8, 0xff0fff0fff0fff0full, 0xff0fff0fff0fff0full);
	check(9, 0x8000000080000000ull, 0x8000000080000000ull);
}

static void test_shift_imm(void **state)
{
	reset();
	setv(1, 0x80000000ffffffffull, 0x12345678fedcba98ull);
	setv(2, 0x1111111111111111ull, 0x1111111111111111ull);
	setv(3, 0x1111111111111111ull, 0x1111111111111111ull);
	setv(13, 1, 2);
	RUN(0x4f210420 /* sshr v0.4s, v1.4s, #31 */, 0x6f240424 /* ushr v4.4s, v1.4s, #28 */, 0x4f445425 /* shl v5.2d, v1.2d, #4 */,
	    0x6f384422 /* sri v2.4s, v1.4s, #8 */, 0x6f285423 /* sli v3.4s, v1.4s, #8 */, 0x4f3c2426 /* srshr v6.4s, v1.4s, #4 */,
	    0x7f400427 /* ushr d7, d1, #64 */, 0x5f400428 /* sshr d8, d1, #64 */, 0x0f108429 /* shrn v9.4h, v1.4s, #16 */,
	    0x0f20a42a /* sxtl v10.2d, v1.2s */, 0x6f20a42b /* uxtl2 v11.2d, v1.4s */, 0x2f0ba42c /* ushll v12.8h, v1.8b, #3 */,
	    0x6f41142d /* usra v13.2d, v1.2d, #63 */, 0x4f108c29 /* rshrn2 v9.8h, v1.4s, #16 */);
	check(0, 0xffffffffffffffffull, 0x00000000ffffffffull);
	check(4, 0x000000080000000full, 0x000000010000000full);
	check(5, 0x0000000ffffffff0ull, 0x2345678fedcba980ull);
	check(2, 0x1180000011ffffffull, 0x1112345611fedcbaull);
	check(3, 0x00000011ffffff11ull, 0x34567811dcba9811ull);
	check(6, 0xf800000000000000ull, 0x01234568ffedcbaaull);
	check(7, 0, 0);
	check(8, ~0ull, 0);
	check(9, 0x1234fedc8000ffffull, 0x1234fedd80000000ull);
	check(10, 0xffffffffffffffffull, 0xffffffff80000000ull);
	check(11, 0xfedcba98ull, 0x12345678ull);
	check(12, 0x07f807f807f807f8ull, 0x0400000000000000ull);
	check(13, 2, 2);
	/* Saturating narrowing: QC. */
	c->fpsr = 0;
	RUN(0x0f18942e /* sqshrn v14.4h, v1.4s, #8 */, 0x7f1c942f /* uqshrn h15, s1, #4 */);
	check(14, 0x7fff80008000ffffull, 0);
	check(15, 0xffff, 0);
	assert_int_equal(c->fpsr, A64_FPSR_QC);
}

static void test_three_different(void **state)
{
	reset();
	bytes(1, 0xf0, 1);
	bytes(2, 0x01, 1);
	setv(3, 0x0000000100000002ull, 0x0000000300000004ull);
	RUN(0x0e220020 /* saddl v0.8h, v1.8b, v2.8b */, 0x6ea21063 /* uaddw2 v3.2d, v3.2d, v2.4s */,
	    0x2e22c024 /* umull v4.8h, v1.8b, v2.8b */, 0x4e62c025 /* smull2 v5.4s, v1.8h, v2.8h */,
	    0x0e22e026 /* pmull v6.8h, v1.8b, v2.8b */, 0x0e224027 /* addhn v7.8b, v1.8h, v2.8h */,
	    0x6e224027 /* raddhn2 v7.16b, v1.8h, v2.8h */, 0x2e612048 /* usubl v8.4s, v2.4h, v1.4h */,
	    0x0ea27029 /* sabdl v9.2d, v1.2s, v2.2s */);
	check(0, 0xfff7fff5fff3fff1ull, 0xfffffffdfffbfff9ull);
	check(3, 0x000000010c0b0a0bull, 0x00000003100f0e11ull);
	check(4, 0x03cc02d601e200f0ull, 0x07b806ba05be04c4ull);
	check(5, 0xffcf8bbeffc379b8ull, 0xffffdfe2ffe3adccull);
	check(6, 0x03cc011601e200f0ull, 0x07b802c2023e0324ull);
	check(7, 0x100c0804fffbf7f3ull, 0x100c080400fcf8f4ull);
	check(8, 0xffff1011ffff1011ull, 0xffff1011ffff1011ull);
	check(9, 0x10101011ull, 0x10101011ull);
	/* SQDMULL saturates the one case 2 * (-2^15)^2. */
	c->fpsr = 0;
	setv(10, 0x8000, 0);
	RUN(0x0e6ad14b /* sqdmull v11.4s, v10.4h, v10.4h */);
	check(11, 0x7fffffff, 0);
	assert_int_equal(c->fpsr, A64_FPSR_QC);
}

static void test_by_element(void **state)
{
	reset();
	setv(1, 0x0000000300000002ull, 0x0000000500000004ull);
	setv(2, 0x0000000700000006ull, 0x0000000900000008ull);
	setv(3, 0x0004000300020001ull, 0x0008000700060005ull);
	setv(4, 1, 1);
	setv(5, bs(1.0f) | (uint64_t)bs(2.0f) << 32, bs(3.0f) | (uint64_t)bs(4.0f) << 32);
	setv(6, bs(0.5f) | (uint64_t)bs(0.25f) << 32, bs(-1.0f) | (uint64_t)bs(8.0f) << 32);
	setv(7, 0, 0);
	RUN(0x4f828820 /* mul v0.4s, v1.4s, v2.s[2] */, 0x6f530864 /* mla v4.8h, v3.8h, v3.h[5] */,
	    0x4fa618a7 /* fmla v7.4s, v5.4s, v6.s[3] */, 0x0fa2a828 /* smull v8.2d, v1.2s, v2.s[3] */,
	    0x5fa690a9 /* fmul s9, s5, v6.s[1] */, 0x6f43a06a /* umull2 v10.4s, v3.8h, v3.h[0] */);
	check(0, 0x0000001800000010ull, 0x0000002800000020ull);
	check(4, 0x00180012000c0007ull, 0x0030002a0024001full);
	check(7, bs(8.0f) | (uint64_t)bs(16.0f) << 32, bs(24.0f) | (uint64_t)bs(32.0f) << 32);
	check(8, 18, 27);
	check(9, bs(0.25f), 0);
	check(10, 0x0000000600000005ull, 0x0000000800000007ull);
}

static void test_fp_vector(void **state)
{
	reset();
	setv(1, bs(1.0f) | (uint64_t)bs(2.0f) << 32, bs(3.0f) | (uint64_t)bs(-4.0f) << 32);
	setv(2, bs(0.5f) | (uint64_t)bs(0.25f) << 32, bs(8.0f) | (uint64_t)bs(-1.0f) << 32);
	setv(3, bd(1.5), bd(-2.5));
	setv(4, bd(2.0), bd(4.0));
	setv(5, bs(1.0f) | (uint64_t)bs(1.0f) << 32, bs(1.0f) | (uint64_t)bs(1.0f) << 32);
	RUN(0x4e22d420 /* fadd v0.4s, v1.4s, v2.4s */, 0x6e64dc66 /* fmul v6.2d, v3.2d, v4.2d */,
	    0x4ea2cc25 /* fmls v5.4s, v1.4s, v2.4s */, 0x6e64fc67 /* fdiv v7.2d, v3.2d, v4.2d */,
	    0x6ea2d428 /* fabd v8.4s, v1.4s, v2.4s */, 0x6e22d429 /* faddp v9.4s, v1.4s, v2.4s */, 0x7e70d86a /* faddp d10, v3.2d */,
	    0x2e22f42b /* fmaxp v11.2s, v1.2s, v2.2s */, 0x6ea2e42c /* fcmgt v12.4s, v1.4s, v2.4s */,
	    0x4ee0e86d /* fcmlt v13.2d, v3.2d, #0.0 */, 0x6ee0f86e /* fneg v14.2d, v3.2d */, 0x6ea1f84f /* fsqrt v15.4s, v2.4s */,
	    0x0ea2d430 /* fsub v16.2s, v1.2s, v2.2s */);
	check(0, bs(1.5f) | (uint64_t)bs(2.25f) << 32, bs(11.0f) | (uint64_t)bs(-5.0f) << 32);
	check(6, bd(3.0), bd(-10.0));
	check(5, bs(0.5f) | (uint64_t)bs(0.5f) << 32, bs(-23.0f) | (uint64_t)bs(-3.0f) << 32);
	check(7, bd(0.75), bd(-0.625));
	check(8, bs(0.5f) | (uint64_t)bs(1.75f) << 32, bs(5.0f) | (uint64_t)bs(3.0f) << 32);
	check(9, bs(3.0f) | (uint64_t)bs(-1.0f) << 32, bs(0.75f) | (uint64_t)bs(7.0f) << 32);
	check(10, bd(-1.0), 0);
	check(11, bs(2.0f) | (uint64_t)bs(0.5f) << 32, 0);
	check(12, ~0ull, 0);
	check(13, 0, ~0ull);
	check(14, bd(-1.5), bd(2.5));
	check(15, bs(0.70710677f) | (uint64_t)bs(0.5f) << 32, bs(2.828427f) | (uint64_t)0x7fc00000 << 32);
	check(16, bs(0.5f) | (uint64_t)bs(1.75f) << 32, 0);
	assert_int_equal(c->fpsr, A64_FPSR_IOC | A64_FPSR_IXC);
	/* A 2S op ignores the upper lanes (a signalling NaN there raises nothing). */
	reset();
	setv(1, bs(1.0f) | (uint64_t)bs(2.0f) << 32, 0x7f8000017f800001ull);
	RUN(0x0e21d420 /* fadd v0.2s, v1.2s, v1.2s */);
	check(0, bs(2.0f) | (uint64_t)bs(4.0f) << 32, 0);
	assert_int_equal(c->fpsr, 0);
	/* Conversions and estimates. */
	reset();
	setv(1, bs(1.5f) | (uint64_t)bs(-2.5f) << 32, bs(3e9f) | (uint64_t)bs(-0.75f) << 32);
	setv(2, bd(1.0), bd(0x1p-1030));
	setv(3, (uint64_t)-5, 7);
	setv(4, bs(1.0f) | (uint64_t)bs(4.0f) << 32, 0x80000000ull | (uint64_t)0x40000000 << 32);
	RUN(0x4ea1b820 /* fcvtzs v0.4s, v1.4s */, 0x4e21a825 /* fcvtns v5.4s, v1.4s */, 0x6f3ffc26 /* fcvtzu v6.4s, v1.4s, #1 */,
	    0x4e61d867 /* scvtf v7.2d, v3.2d */, 0x0e616848 /* fcvtn v8.2s, v2.2d */, 0x4e617829 /* fcvtl2 v9.2d, v1.4s */,
	    0x0e21682a /* fcvtn v10.4h, v1.4s */, 0x0e21794b /* fcvtl v11.4s, v10.4h */, 0x4ea1d88c /* frecpe v12.4s, v4.4s */,
	    0x2ea1d88d /* frsqrte v13.2s, v4.2s */, 0x4ea1c88e /* urecpe v14.4s, v4.4s */, 0x4e21882f /* frintn v15.4s, v1.4s */);
	check(0, 1 | (uint64_t)0xfffffffeu << 32, 0x7fffffffull | (uint64_t)0 << 32);
	check(5, 2 | (uint64_t)0xfffffffeu << 32, 0x7fffffffull | (uint64_t)0xffffffffu << 32);
	check(6, 3, 0xffffffffull);
	check(7, bd(-5.0), bd(7.0));
	check(8, bs(1.0f) | (uint64_t)0 << 32, 0);
	check(9, bd((double)3e9f), bd(-0.75));
	check(10, 0x3e00u | (uint64_t)0xc100u << 16 | (uint64_t)0x7c00u << 32 | (uint64_t)0xba00u << 48, 0);
	check(11, bs(1.5f) | (uint64_t)bs(-2.5f) << 32, 0x7f800000ull | (uint64_t)bs(-0.75f) << 32);
	check(12, 0x3f7f8000ull | (uint64_t)0x3e7f8000 << 32, 0xff800000ull | (uint64_t)0x3eff8000 << 32);
	check(13, 0x3f7f8000ull | (uint64_t)0x3eff8000 << 32, 0);
	check(15, bs(2.0f) | (uint64_t)bs(-2.0f) << 32, bs(3e9f) | (uint64_t)bs(-1.0f) << 32);
}

/* Loads and stores of structures; data at DATA. */
static void test_ldst(void **state)
{
	uint8_t *mem = a64_harness_ram(h, DATA);
	for (int i = 0; i < 512; i++)
		mem[i] = (uint8_t)i;
	reset();
	c->x[0] = DATA;
	c->x[1] = DATA + 0x100;
	c->x[2] = 8;
	c->x[3] = DATA;
	RUN(0x4cdf2000 /* ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64 */,
	    0x0cc2a004 /* ld1 {v4.8b, v5.8b}, [x0], x2 */, 0x4c408466 /* ld2 {v6.8h, v7.8h}, [x3] */,
	    0x4c404868 /* ld3 {v8.4s, v9.4s, v10.4s}, [x3] */, 0x0ddf906b /* ld1 {v11.s}[1], [x3], #4 */,
	    0x4d40c86c /* ld1r {v12.4s}, [x3] */, 0x0d60e06d /* ld4r {v13.8b, v14.8b, v15.8b, v16.8b}, [x3] */,
	    0x4c408c3f /* ld2 {v31.2d, v0.2d}, [x1] */);
	assert_int_equal(c->x[0], DATA + 72);
	assert_int_equal(c->x[3], DATA + 4);
	check(1, 0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull);
	check(3, 0x3736353433323130ull, 0x3f3e3d3c3b3a3938ull);
	check(4, 0x4746454443424140ull, 0);
	check(5, 0x4f4e4d4c4b4a4948ull, 0);
	check(6, 0x0d0c090805040100ull, 0x1d1c191815141110ull);
	check(7, 0x0f0e0b0a07060302ull, 0x1f1e1b1a17161312ull);
	check(8, 0x0f0e0d0c03020100ull, 0x272625241b1a1918ull);
	check(10, 0x171615140b0a0908ull, 0x2f2e2d2c23222120ull);
	check(11, 0x0302010055555555ull, 0xaaaaaaaaaaaaaaaaull);
	check(12, 0x0706050407060504ull, 0x0706050407060504ull);
	check(13, 0x0404040404040404ull, 0);
	check(16, 0x0707070707070707ull, 0);
	check(31, 0x0706050403020100ull, 0x1716151413121110ull);
	check(0, 0x0f0e0d0c0b0a0908ull, 0x1f1e1d1c1b1a1918ull);
	/* Stores interleave; post-index by register. */
	memset(mem + 0x100, 0, 64);
	c->v[22].s[3] = 0x2c2c2c2c;
	c->v[23].s[3] = 0x3c3c3c3c;
	setv(20, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
	setv(21, 0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull);
	c->x[1] = DATA + 0x100;
	c->x[2] = 32;
	RUN(0x4c828034 /* st2 {v20.16b, v21.16b}, [x1], x2 */, 0x4d9f8434 /* st1 {v20.d}[1], [x1], #8 */,
	    0x4d20b034 /* st4 {v20.s, v21.s, v22.s, v23.s}[3], [x1] */);
	assert_int_equal(c->x[1], DATA + 0x128);
	for (int i = 0; i < 16; i++) {
		assert_int_equal(mem[0x100 + 2 * i], i);
		assert_int_equal(mem[0x100 + 2 * i + 1], 0x10 + i);
	}
	assert_int_equal(mem[0x120], 0x08);
	assert_int_equal(mem[0x127], 0x0f);
	assert_int_equal(mem[0x128], 0x0c);
	assert_int_equal(mem[0x12c], 0x1c);
	assert_int_equal(mem[0x130], 0x2c);
	assert_int_equal(mem[0x137], 0x3c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_same),
		cmocka_unit_test(test_logic),
		cmocka_unit_test(test_saturating),
		cmocka_unit_test(test_shift_reg),
		cmocka_unit_test(test_string_idioms),
		cmocka_unit_test(test_two_reg_misc),
		cmocka_unit_test(test_across),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_permute),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_modified_imm),
		cmocka_unit_test(test_shift_imm),
		cmocka_unit_test(test_three_different),
		cmocka_unit_test(test_by_element),
		cmocka_unit_test(test_fp_vector),
		cmocka_unit_test(test_ldst),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
