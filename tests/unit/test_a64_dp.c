/*
 * A64 integer data processing (cpu/arm64/insn_dp.c), run through the
 * harness. Fixed encodings were assembled with llvm-mc-16 (the comment is
 * the source); the sweeps hand-encode fields per Arm ARM DDI 0487 C4.1 and
 * check against reference models written from the C6.2 pseudocode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu/arm64/arm64.h"
#include "tests/unit/a64_test.h"

#define CODE HARNESS_RAM


/* Straight-line code: every instruction retires and the run ends at the sentinel. */
static void run_code(const uint32_t *insns, size_t n)
{
	assert_int_equal(a64_harness_run(h, insns, n), n);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);
}

#define RUN(...)                                                              \
	do {                                                                  \
		const uint32_t prog_[] = { __VA_ARGS__ };                     \
		run_code(prog_, sizeof(prog_) / sizeof(prog_[0]));            \
	} while (0)

static uint64_t ones(unsigned n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static uint64_t sext(uint64_t x, unsigned bits)
{
	return bits >= 64 ? x : (x & (1ull << (bits - 1))) ? x | ~ones(bits) : x & ones(bits);
}

/* Rotate right within `size` bits, bit by bit, as ROR() in the pseudocode. */
static uint64_t ref_ror(uint64_t x, unsigned r, unsigned size)
{
	uint64_t out = 0;
	for (unsigned j = 0; j < size; j++)
		out |= ((x >> ((j + r) % size)) & 1) << j;
	return out;
}

#define NZCV(n, z, c_, v) ((uint32_t)(n) << 31 | (uint32_t)(z) << 30 | (uint32_t)(c_) << 29 | (uint32_t)(v) << 28)

/* Interesting operands: zero, ones, sign boundaries of both sizes, dirty upper halves. */
static const uint64_t vals[] = {
	0, 1, 2, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x123456789abcdef0ull,
	0xfffffffe80000001ull, 0x00000001fffffffeull,
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

/* ------------------------------------------------------------ add/sub */

static void test_addsub_imm(void **state)
{
	c->x[1] = 0xffffffff00000005ull;
	c->x[31] = 0x40001000;
	RUN(0x91000420 /* add x0, x1, #1 */, 0x91400422 /* add x2, x1, #1, lsl #12 */, 0x51001823 /* sub w3, w1, #6 */,
	    0x11000024 /* add w4, w1, #0 */, 0x910003e5 /* mov x5, sp */, 0x910043ff /* add sp, sp, #16 */, 0xd10083e6 /* sub x6, sp, #0x20 */,
	    0x117ffc27 /* add w7, w1, #4095, lsl #12 */, 0xf100143f /* cmp x1, #5 */);
	assert_int_equal(c->x[0], 0xffffffff00000006ull);
	assert_int_equal(c->x[2], 0xffffffff00001005ull);
	assert_int_equal(c->x[3], 0xffffffffull);
	assert_int_equal(c->x[4], 5);
	assert_int_equal(c->x[5], 0x40001000);
	assert_int_equal(c->x[31], 0x40001010);
	assert_int_equal(c->x[6], 0x40000ff0);
	assert_int_equal(c->x[7], 0xfff005);
	/* 0xffffffff00000005 - 5: negative, no borrow, no signed overflow */
	assert_int_equal(a64_nzcv(c), NZCV(1, 0, 1, 0));
	assert_int_equal(c->x[A64_ZR], 0);

	/* CMN/CMP write XZR; ADD/SUB (immediate) Rd = 31 is SP, not XZR */
	c->x[1] = 0x7fffffff;
	RUN(0x3100043f /* cmn w1, #1 */, 0x1100003f /* mov wsp, w1 */);
	assert_int_equal(a64_nzcv(c), NZCV(1, 0, 0, 1));
	assert_int_equal(c->x[31], 0x7fffffff);
}

/* AddWithCarry() by its definition: compare the unsigned and signed sums with the result. */
static uint64_t ref_add_with_carry(uint64_t a, uint64_t b, unsigned cin, unsigned size, uint32_t *nzcv)
{
	uint64_t m = ones(size);
	unsigned __int128 usum = (unsigned __int128)(a & m) + (b & m) + cin;
	__int128 ssum = (__int128)(int64_t)sext(a, size) + (int64_t)sext(b, size) + cin;
	uint64_t r = (uint64_t)usum & m;
	*nzcv = NZCV((r >> (size - 1)) & 1, r == 0, usum != r, ssum != (int64_t)sext(r, size));
	return r;
}

/* ADDS/SUBS/ADCS/SBCS and the non-flag forms over all operand pairs and both carries. */
static void test_addsub_flags(void **state)
{
	static const struct {
		uint32_t insn;
		unsigned size;
		bool sub, use_carry, setflags;
		uint64_t imm; /* the immediate forms' operand, else 0 (Rm = x2) */
	} ops[] = {
		{ 0xab020020 /* adds x0, x1, x2 */, 64, false, false, true, 0 },
		{ 0xeb020020 /* subs x0, x1, x2 */, 64, true, false, true, 0 },
		{ 0x2b020020 /* adds w0, w1, w2 */, 32, false, false, true, 0 },
		{ 0x6b020020 /* subs w0, w1, w2 */, 32, true, false, true, 0 },
		{ 0xba020020 /* adcs x0, x1, x2 */, 64, false, true, true, 0 },
		{ 0xfa020020 /* sbcs x0, x1, x2 */, 64, true, true, true, 0 },
		{ 0x3a020020 /* adcs w0, w1, w2 */, 32, false, true, true, 0 },
		{ 0x7a020020 /* sbcs w0, w1, w2 */, 32, true, true, true, 0 },
		{ 0x9a020020 /* adc x0, x1, x2 */, 64, false, true, false, 0 },
		{ 0xda020020 /* sbc x0, x1, x2 */, 64, true, true, false, 0 },
		{ 0x1a020020 /* adc w0, w1, w2 */, 32, false, true, false, 0 },
		{ 0x5a020020 /* sbc w0, w1, w2 */, 32, true, true, false, 0 },
		{ 0x8b020020 /* add x0, x1, x2 */, 64, false, false, false, 0 },
		{ 0x4b020020 /* sub w0, w1, w2 */, 32, true, false, false, 0 },
		{ 0xb1048c20 /* adds x0, x1, #0x123 */, 64, false, false, true, 0x123 },
		{ 0x71448c20 /* subs w0, w1, #0x123, lsl #12 */, 32, true, false, true, 0x123000 },
	};

	for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++)
		for (size_t i = 0; i < NVALS; i++)
			for (size_t j = 0; j < NVALS; j++)
				for (unsigned carry = 0; carry < 2; carry++) {
					uint64_t a = vals[i], b = ops[o].imm ? ops[o].imm : vals[j];
					uint32_t in_flags = carry ? NZCV(1, 0, 1, 0) : NZCV(0, 1, 0, 1), exp_flags;
					unsigned cin = ops[o].use_carry ? carry : ops[o].sub;
					uint64_t exp = ref_add_with_carry(a, ops[o].sub ? ~b : b, cin, ops[o].size,
									  &exp_flags);
					c->x[0] = 0xdead;
					c->x[1] = a;
					c->x[2] = vals[j];
					a64_set_nzcv(c, in_flags);
					RUN(ops[o].insn);
					assert_int_equal(c->x[0], exp);
					assert_int_equal(a64_nzcv(c), ops[o].setflags ? exp_flags : in_flags);
				}
}

/* Hand encodings for the sweeps (C4.1 field layouts). */
static uint32_t enc_addsub_shift(unsigned sf, unsigned opS, unsigned shift, unsigned rm, unsigned imm6,
				 unsigned rn, unsigned rd)
{
	return sf << 31 | opS << 29 | 0x0b000000 | shift << 22 | rm << 16 | imm6 << 10 | rn << 5 | rd;
}

static uint32_t enc_addsub_ext(unsigned sf, unsigned opS, unsigned rm, unsigned option, unsigned imm3,
			       unsigned rn, unsigned rd)
{
	return sf << 31 | opS << 29 | 0x0b200000 | rm << 16 | option << 13 | imm3 << 10 | rn << 5 | rd;
}

static uint32_t enc_logic_shift(unsigned sf, unsigned opc, unsigned shift, unsigned n, unsigned rm,
				unsigned imm6, unsigned rn, unsigned rd)
{
	return sf << 31 | opc << 29 | 0x0a000000 | shift << 22 | n << 21 | rm << 16 | imm6 << 10 | rn << 5 | rd;
}

/* ShiftReg() with type 0 LSL, 1 LSR, 2 ASR, 3 ROR on a `size`-bit value. */
static uint64_t ref_shift(uint64_t x, unsigned type, unsigned amt, unsigned size)
{
	x &= ones(size);
	switch (type) {
	case 0: return amt >= size ? 0 : (x << amt) & ones(size);
	case 1: return amt >= size ? 0 : x >> amt;
	case 2: return (uint64_t)((int64_t)sext(x, size) >> (amt >= size ? size - 1 : amt)) & ones(size);
	default: return ref_ror(x, amt % size, size);
	}
}

/* ADD/SUB (shifted register): every shift type and amount, both sizes. */
static void test_addsub_shifted(void **state)
{
	uint64_t a = 0x0123456789abcdefull, b = 0xfedcba9876543210ull;

	for (unsigned sf = 0; sf < 2; sf++)
		for (unsigned shift = 0; shift < 3; shift++)
			for (unsigned imm6 = 0; imm6 < (sf ? 64u : 32u); imm6++) {
				unsigned size = sf ? 64 : 32;
				uint32_t prog[4];
				for (unsigned opS = 0; opS < 4; opS++)
					prog[opS] = enc_addsub_shift(sf, opS, shift, 2, imm6, 1, 3 + opS);
				c->x[1] = a;
				c->x[2] = b;
				run_code(prog, 4);
				uint64_t op2 = ref_shift(b, shift, imm6, size);
				uint32_t fl;
				assert_int_equal(c->x[3], (a + op2) & ones(size));
				assert_int_equal(c->x[5], (a - op2) & ones(size));
				assert_int_equal(c->x[4], ref_add_with_carry(a, op2, 0, size, &fl));
				assert_int_equal(c->x[6], ref_add_with_carry(a, ~op2, 1, size, &fl));
				assert_int_equal(a64_nzcv(c), fl);
			}
}

/* ExtendReg(): option<2> signed, width 8 << option<1:0>, then LSL imm3. */
static uint64_t ref_extend(uint64_t x, unsigned option, unsigned imm3)
{
	unsigned width = 8u << (option & 3);
	uint64_t e = option & 4 ? sext(x & ones(width), width) : x & ones(width);
	return e << imm3;
}

/* ADD/SUB (extended register): every option and shift, both sizes, SP operands. */
static void test_addsub_extended(void **state)
{
	uint64_t a = 0x40001000, b = 0x89abcdef87654321ull;

	for (unsigned sf = 0; sf < 2; sf++)
		for (unsigned option = 0; option < 8; option++)
			for (unsigned imm3 = 0; imm3 <= 4; imm3++) {
				unsigned size = sf ? 64 : 32;
				uint32_t prog[4];
				/* register 31: SP for ADD/SUB and as Rn, XZR as the ADDS/SUBS destination */
				prog[0] = enc_addsub_ext(sf, 0, 2, option, imm3, 31, 31);
				prog[1] = enc_addsub_ext(sf, 1, 2, option, imm3, 31, 4);
				prog[2] = enc_addsub_ext(sf, 2, 2, option, imm3, 1, 5);
				prog[3] = enc_addsub_ext(sf, 3, 2, option, imm3, 1, 31);
				c->x[31] = a;
				c->x[1] = a;
				c->x[2] = b;
				run_code(prog, 4);
				uint64_t op2 = ref_extend(b, option, imm3);
				uint64_t sp = (a + op2) & ones(size);
				uint32_t fl;
				assert_int_equal(c->x[31], sp);
				assert_int_equal(c->x[4], ref_add_with_carry(sp, op2, 0, size, &fl));
				assert_int_equal(c->x[5], (a - op2) & ones(size));
				ref_add_with_carry(a, ~op2, 1, size, &fl);
				assert_int_equal(a64_nzcv(c), fl);
			}
	/* The common spellings, as the assembler encodes them. */
	c->x[31] = 0x40002000;
	c->x[1] = 0x10;
	c->x[2] = 0xffffffff00000003ull;
	RUN(0x8b224be0 /* add x0, sp, w2, uxtw #2 */, 0xcb2163ff /* sub sp, sp, x1 */, 0x0b22a023 /* add w3, w1, w2, sxth */,
	    0xeb22003f /* cmp x1, w2, uxtb */);
	assert_int_equal(c->x[0], 0x4000200c);
	assert_int_equal(c->x[31], 0x40001ff0);
	assert_int_equal(c->x[3], 0x13);
	assert_int_equal(a64_nzcv(c), NZCV(0, 0, 1, 0));
}

/* --------------------------------------------------------------- logical */

/* DecodeBitMasks(immediate = TRUE) by definition: bit j of an element is set if ROR'd index <= S. */
static bool ref_bitmask(unsigned n, unsigned immr, unsigned imms, unsigned size, uint64_t *out)
{
	unsigned v = n << 6 | (~imms & 63);
	int len = -1;
	for (int i = 6; i >= 0; i--)
		if ((v >> i) & 1) {
			len = i;
			break;
		}
	if (len < 1 || (size == 32 && n))
		return false;
	unsigned esize = 1u << len, levels = esize - 1, s = imms & levels, r = immr & levels;
	if (s == levels)
		return false;
	*out = 0;
	for (unsigned bit = 0; bit < size; bit++)
		if ((bit % esize + r) % esize <= s)
			*out |= 1ull << bit;
	return true;
}

/*
 * Sweeps batch up to BATCH instructions writing x0, x1, ... in turn: preset
 * those registers, run, and compare each with its expected value.
 */
#define BATCH 27

static void run_batch(const uint32_t *prog, const uint64_t *exp, size_t n, uint64_t preset)
{
	if (!n)
		return;
	for (size_t k = 0; k < n; k++)
		c->x[k] = preset;
	run_code(prog, n);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(c->x[k], exp[k]);
}

/* Every N:immr:imms for both sizes: ORR Xd, XZR, #imm yields the mask, reserved ones are unallocated. */
static void test_logical_imm_bitmasks(void **state)
{
	for (unsigned sf = 0; sf < 2; sf++) {
		uint32_t prog[BATCH];
		uint64_t exp[BATCH];
		size_t n = 0;
		for (unsigned bits = 0; bits < (1u << 13); bits++) {
			unsigned nbit = bits >> 12, immr = (bits >> 6) & 63, imms = bits & 63;
			uint32_t insn = sf << 31 | 0x32000000 | nbit << 22 | immr << 16 | imms << 10 | 31 << 5 | (uint32_t)n;
			uint64_t mask;
			if (!ref_bitmask(nbit, immr, imms, sf ? 64 : 32, &mask)) {
				assert_null(a64_lookup(insn));
				continue;
			}
			prog[n] = insn;
			exp[n++] = mask;
			if (n == BATCH) {
				run_batch(prog, exp, n, 0xdeadbeefdeadbeefull);
				n = 0;
			}
		}
		run_batch(prog, exp, n, 0xdeadbeefdeadbeefull);
	}
}

static void test_logical_imm_ops(void **state)
{
	c->x[1] = 0xffffffff800000f1ull;
	c->x[31] = 0;
	RUN(0x92401c20 /* and x0, x1, #0xff */, 0x52010422 /* eor w2, w1, #0x80000001 */, 0xf2410023 /* ands x3, x1, #0x8000000000000000 */);
	assert_int_equal(c->x[0], 0xf1);
	assert_int_equal(c->x[2], 0xf0);
	assert_int_equal(c->x[3], 0x8000000000000000ull);
	assert_int_equal(a64_nzcv(c), NZCV(1, 0, 0, 0));

	/* TST sets Z and clears C and V; AND/ORR with Rd = 31 write SP */
	a64_set_nzcv(c, NZCV(1, 0, 1, 1));
	RUN(0x721f003f /* tst w1, #0x2 */, 0x927cec3f /* and sp, x1, #0xfffffffffffffff0 */);
	assert_int_equal(a64_nzcv(c), NZCV(0, 1, 0, 0));
	assert_int_equal(c->x[31], 0xffffffff800000f0ull);
	RUN(0x32001fff /* orr wsp, wzr, #0xff */, 0x72010024 /* ands w4, w1, #0x80000000 */);
	assert_int_equal(c->x[31], 0xff);
	assert_int_equal(c->x[4], 0x80000000);
	assert_int_equal(a64_nzcv(c), NZCV(1, 0, 0, 0));
}

/* Logical (shifted register): all eight operations, four shifts, every amount, both sizes. */
static void test_logical_shifted(void **state)
{
	uint64_t a = 0xf0f0ff00123489abull, b = 0x80000001c0ffee01ull;

	for (unsigned sf = 0; sf < 2; sf++)
		for (unsigned shift = 0; shift < 4; shift++)
			for (unsigned imm6 = 0; imm6 < (sf ? 64u : 32u); imm6++) {
				unsigned size = sf ? 64 : 32;
				uint32_t prog[8];
				for (unsigned k = 0; k < 8; k++)
					prog[k] = enc_logic_shift(sf, k >> 1, shift, k & 1, 2, imm6, 1, 3 + k);
				c->x[1] = a;
				c->x[2] = b;
				a64_set_nzcv(c, NZCV(0, 0, 1, 1));
				run_code(prog, 8);
				uint64_t m = ones(size), op2 = ref_shift(b, shift, imm6, size);
				uint64_t exp[8] = { a & op2, a & ~op2, a | op2, a | ~op2,
						    a ^ op2, a ^ ~op2, a & op2, a & ~op2 };
				for (unsigned k = 0; k < 8; k++)
					assert_int_equal(c->x[3 + k], exp[k] & m);
				uint64_t r = exp[7] & m;
				assert_int_equal(a64_nzcv(c), NZCV((r >> (size - 1)) & 1, r == 0, 0, 0));
			}
	/* Aliases: MOV (register), MVN, TST (shifted register) */
	c->x[1] = 0xffffffff80000000ull;
	RUN(0xaa0103e0 /* mov x0, x1 */, 0x2a0103e2 /* mov w2, w1 */, 0x2a2103e3 /* mvn w3, w1 */, 0x2a8113e4 /* orr w4, wzr, w1, asr #4 */,
	    0xea01043f /* tst x1, x1, lsl #1 */);
	assert_int_equal(c->x[0], 0xffffffff80000000ull);
	assert_int_equal(c->x[2], 0x80000000);
	assert_int_equal(c->x[3], 0x7fffffff);
	assert_int_equal(c->x[4], 0xf8000000);
	assert_int_equal(a64_nzcv(c), NZCV(1, 0, 0, 0));
}

/* ------------------------------------------------------------- move wide */

static void test_move_wide(void **state)
{
	c->x[3] = 0x1111222233334444ull;
	c->x[4] = 0xffffffff00005678ull;
	RUN(0xd2e24680 /* movz x0, #0x1234, lsl #48 */, 0x92800001 /* movn x1, #0 */, 0x12824682 /* movn w2, #0x1234 */,
	    0xf2b7dde3 /* movk x3, #0xbeef, lsl #16 */, 0x72a00024 /* movk w4, #0x1, lsl #16 */, 0x52bfffe5 /* movz w5, #0xffff, lsl #16 */,
	    0x92d00006 /* movn x6, #0x8000, lsl #32 */, 0xf2ffffe7 /* movk x7, #0xffff, lsl #48 */);
	assert_int_equal(c->x[0], 0x1234000000000000ull);
	assert_int_equal(c->x[1], ~0ull);
	assert_int_equal(c->x[2], 0xffffedcb);
	assert_int_equal(c->x[3], 0x11112222beef4444ull);
	assert_int_equal(c->x[4], 0x15678);
	assert_int_equal(c->x[5], 0xffff0000);
	assert_int_equal(c->x[6], 0xffff7fffffffffffull);
	assert_int_equal(c->x[7] >> 48, 0xffff);
}

/* -------------------------------------------------------------- bitfield */

/* SBFM (opc 0), BFM (1), UBFM (2) per the pseudocode with DecodeBitMasks(immediate = FALSE). */
static uint64_t ref_bitfield(unsigned opc, unsigned size, unsigned immr, unsigned imms, uint64_t dst, uint64_t src)
{
	uint64_t wmask = 0, tmask = 0, m = ones(size);
	unsigned d = (imms - immr) & (size - 1);
	for (unsigned bit = 0; bit < size; bit++) {
		if ((bit + immr) % size <= imms)
			wmask |= 1ull << bit;
		if (bit <= d)
			tmask |= 1ull << bit;
	}
	uint64_t rot = ref_ror(src, immr, size);
	uint64_t bot = (opc == 1 ? dst & ~wmask : 0) | (rot & wmask);
	uint64_t top = opc == 0 ? ((src >> imms) & 1) * m : opc == 1 ? dst : 0;
	return ((top & ~tmask) | (bot & tmask)) & m;
}

/* Every immr/imms of SBFM, BFM and UBFM in both sizes, two sources (both sign bits). */
static void test_bitfield_sweep(void **state)
{
	static const uint64_t srcs[2] = { 0x8badf00d5eed1234ull, ~0x8badf00d5eed1234ull };
	const uint64_t dst = 0x0123456789abcdefull;

	for (unsigned s_i = 0; s_i < 2; s_i++)
		for (unsigned sf = 0; sf < 2; sf++)
			for (unsigned opc = 0; opc < 3; opc++) {
				unsigned size = sf ? 64 : 32, total = size * size;
				uint32_t prog[BATCH];
				uint64_t exp[BATCH];
				size_t n = 0;
				c->x[28] = srcs[s_i];
				for (unsigned k = 0; k < total; k++) {
					unsigned immr = k / size, imms = k % size;
					prog[n] = sf << 31 | opc << 29 | 0x13000000 | sf << 22 | immr << 16 |
						  imms << 10 | 28 << 5 | (uint32_t)n;
					exp[n++] = ref_bitfield(opc, size, immr, imms, dst, srcs[s_i]);
					if (n == BATCH || k == total - 1) {
						run_batch(prog, exp, n, dst);
						n = 0;
					}
				}
			}
}

/* The aliases the assembler produces, with dirty upper halves for the W forms. */
static void test_bitfield_aliases(void **state)
{
	c->x[1] = 0xfedcba9876543210ull;
	for (int r = 10; r < 20; r++)
		c->x[r] = 0xffffffffffffffffull;
	RUN(0xd37cec20 /* lsl x0, x1, #4 */, 0xd344fc22 /* lsr x2, x1, #4 */, 0x9344fc23 /* asr x3, x1, #4 */, 0xd3484c24 /* ubfx x4, x1, #8, #12 */,
	    0x937cfc25 /* sbfx x5, x1, #60, #4 */, 0x937c1c26 /* sbfiz x6, x1, #4, #8 */, 0xd3481c27 /* ubfiz x7, x1, #56, #8 */,
	    0x93401c28 /* sxtb x8, w1 */, 0x93407c29 /* sxtw x9, w1 */, 0x5301002a /* lsl w10, w1, #31 */, 0x13087c2b /* asr w11, w1, #8 */,
	    0x531f7c2c /* lsr w12, w1, #31 */, 0xb3782c2d /* bfi x13, x1, #8, #12 */, 0x331c7c2e /* bfxil w14, w1, #28, #4 */,
	    0x53001c2f /* uxtb w15, w1 */, 0x13003c30 /* sxth w16, w1 */, 0x33007c31 /* bfi w17, w1, #0, #32 */);
	assert_int_equal(c->x[0], 0xedcba98765432100ull);
	assert_int_equal(c->x[2], 0x0fedcba987654321ull);
	assert_int_equal(c->x[3], 0xffedcba987654321ull);
	assert_int_equal(c->x[4], 0x432);
	assert_int_equal(c->x[5], ~0ull);
	assert_int_equal(c->x[6], 0x100);
	assert_int_equal(c->x[7], 0x1000000000000000ull);
	assert_int_equal(c->x[8], 0x10);
	assert_int_equal(c->x[9], 0x76543210);
	assert_int_equal(c->x[10], 0);
	assert_int_equal(c->x[11], 0x00765432);
	assert_int_equal(c->x[12], 0);
	assert_int_equal(c->x[13], 0xfffffffffff210ffull);
	assert_int_equal(c->x[14], 0xfffffff7);
	assert_int_equal(c->x[15], 0x10);
	assert_int_equal(c->x[16], 0x3210);
	assert_int_equal(c->x[17], 0x76543210);
}

/* EXTR: every lsb of both sizes; ROR (immediate) is EXTR with Rn = Rm. */
static void test_extr(void **state)
{
	uint64_t hi = 0x0123456789abcdefull, lo = 0xfedcba9876543210ull;

	for (unsigned sf = 0; sf < 2; sf++)
		for (unsigned lsb = 0; lsb < (sf ? 64u : 32u); lsb++) {
			unsigned size = sf ? 64 : 32;
			uint32_t insn = sf << 31 | 0x13800000 | sf << 22 | 2 << 16 | lsb << 10 | 1 << 5 | 0;
			uint64_t exp = 0;
			for (unsigned j = 0; j < size; j++) {
				unsigned b = j + lsb;
				exp |= (b < size ? (lo >> b) & 1 : (hi >> (b - size)) & 1) << j;
			}
			c->x[1] = hi;
			c->x[2] = lo;
			RUN(insn);
			assert_int_equal(c->x[0], exp);
		}
	c->x[1] = 0x8000000000000001ull;
	RUN(0x93c10422 /* ror x2, x1, #1 */, 0x13810423 /* ror w3, w1, #1 */);
	assert_int_equal(c->x[2], 0xc000000000000000ull);
	assert_int_equal(c->x[3], 0x80000000);
}

/* ------------------------------------------------- conditional operations */

/* CCMP/CCMN, register and immediate, both sizes, all conditions and input flags. */
static void test_ccmp(void **state)
{
	const uint64_t a = 0x80000000ull, b = 0xffffffff00000001ull;

	for (unsigned cond = 0; cond < 16; cond++)
		for (unsigned in = 0; in < 16; in++)
			for (unsigned k = 0; k < 8; k++) {
				unsigned sf = k & 1, op = (k >> 1) & 1, is_imm = k >> 2, size = sf ? 64 : 32;
				unsigned nzcv = (in * 7 + 3) & 15;
				uint32_t insn = sf << 31 | op << 30 | 0x3a400000 | (is_imm ? 5u : 2u) << 16 |
						cond << 12 | is_imm << 11 | 1 << 5 | nzcv;
				uint64_t op2 = is_imm ? 5 : b;
				uint32_t fl;
				ref_add_with_carry(a, op ? ~op2 : op2, op, size, &fl);
				c->x[1] = a;
				c->x[2] = b;
				a64_set_nzcv(c, in << 28);
				RUN(insn);
				assert_int_equal(a64_nzcv(c), a64_cond_holds(in << 28, cond) ? fl : nzcv << 28);
			}
	/* the assembler's spelling */
	c->x[1] = 3;
	c->x[2] = 3;
	a64_set_nzcv(c, NZCV(0, 1, 0, 0));
	RUN(0xfa420022 /* ccmp x1, x2, #0b0010, eq */);
	assert_int_equal(a64_nzcv(c), NZCV(0, 1, 1, 0));
	RUN(0x3a431829 /* ccmn w1, #3, #0b1001, ne */);
	assert_int_equal(a64_nzcv(c), NZCV(1, 0, 0, 1));
}

/* CSEL, CSINC, CSINV, CSNEG in both sizes for all conditions and flags. */
static void test_csel(void **state)
{
	const uint64_t a = 0xffffffff12345678ull, b = 0x00000001ffffffffull;

	for (unsigned cond = 0; cond < 16; cond++)
		for (unsigned in = 0; in < 16; in++) {
			uint32_t prog[8];
			for (unsigned k = 0; k < 8; k++)
				prog[k] = (k & 1) << 31 | (k >> 2) << 30 | 0x1a800000 | 2 << 16 | cond << 12 |
					  ((k >> 1) & 1) << 10 | 1 << 5 | (3 + k);
			c->x[1] = a;
			c->x[2] = b;
			a64_set_nzcv(c, in << 28);
			run_code(prog, 8);
			bool holds = a64_cond_holds(in << 28, cond);
			uint64_t alt[4] = { b, b + 1, ~b, 0 - b };
			for (unsigned k = 0; k < 8; k++)
				assert_int_equal(c->x[3 + k], (holds ? a : alt[k >> 1]) & ones(k & 1 ? 64 : 32));
			assert_int_equal(a64_nzcv(c), in << 28);
		}
	a64_set_nzcv(c, NZCV(0, 1, 0, 0));
	c->x[1] = 5;
	RUN(0x9a9f17e0 /* cset x0, eq */, 0x5a9f13e2 /* csetm w2, eq */, 0xda811423 /* cneg x3, x1, eq */, 0x1a810424 /* cinc w4, w1, ne */,
	    0x5a811425 /* csneg w5, w1, w1, ne */);
	assert_int_equal(c->x[0], 1);
	assert_int_equal(c->x[2], 0xffffffff);
	assert_int_equal(c->x[3], (uint64_t)-5);
	assert_int_equal(c->x[4], 5);
	assert_int_equal(c->x[5], 0xfffffffb);
}

/* ------------------------------------------------------------- 1 source */

static uint64_t ref_clz(uint64_t x, unsigned size)
{
	unsigned n = 0;
	while (n < size && !((x >> (size - 1 - n)) & 1))
		n++;
	return n;
}

static uint64_t ref_bytes_reversed(uint64_t x, unsigned chunk_bytes, unsigned size)
{
	uint64_t out = 0;
	for (unsigned byte = 0; byte < size / 8; byte++) {
		unsigned base = byte / chunk_bytes * chunk_bytes, pos = byte % chunk_bytes;
		out |= ((x >> (8 * byte)) & 0xff) << (8 * (base + chunk_bytes - 1 - pos));
	}
	return out;
}

/* RBIT, REV16, REV32, REV, CLZ, CLS of both sizes against bit-by-bit models. */
static void test_dp_1src(void **state)
{
	static const uint64_t xs[] = { 0, 1, ~0ull, 0x8000000000000000ull, 0x0000000080000000ull,
				       0x0123456789abcdefull, 0xffffffff7fffffffull, 0x00000000ffffffffull,
				       0x3fffffffffffffffull, 0xc000000000000000ull };
	for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
		uint64_t x = xs[i], w = x & 0xffffffff;
		c->x[20] = x;
		RUN(0xdac00280 /* rbit x0, x20 */, 0x5ac00281 /* rbit w1, w20 */, 0xdac00682 /* rev16 x2, x20 */, 0x5ac00683 /* rev16 w3, w20 */,
		    0xdac00a84 /* rev32 x4, x20 */, 0xdac00e85 /* rev x5, x20 */, 0x5ac00a86 /* rev w6, w20 */, 0xdac01287 /* clz x7, x20 */, 0x5ac01288 /* clz w8, w20 */,
		    0xdac01689 /* cls x9, x20 */, 0x5ac0168a /* cls w10, w20 */);
		uint64_t rb = 0;
		for (unsigned j = 0; j < 64; j++)
			rb |= ((x >> j) & 1) << (63 - j);
		assert_int_equal(c->x[0], rb);
		assert_int_equal(c->x[1], rb >> 32);
		assert_int_equal(c->x[2], ref_bytes_reversed(x, 2, 64));
		assert_int_equal(c->x[3], ref_bytes_reversed(w, 2, 32));
		assert_int_equal(c->x[4], ref_bytes_reversed(x, 4, 64));
		assert_int_equal(c->x[5], ref_bytes_reversed(x, 8, 64));
		assert_int_equal(c->x[6], ref_bytes_reversed(w, 4, 32));
		assert_int_equal(c->x[7], ref_clz(x, 64));
		assert_int_equal(c->x[8], ref_clz(w, 32));
		/* CLS: leading bits equal to the sign bit, not counting it */
		assert_int_equal(c->x[9], ref_clz((x >> 63) ? ~x : x, 64) - 1);
		assert_int_equal(c->x[10], ref_clz(((w >> 31) ? ~w : w) & 0xffffffff, 32) - 1);
	}
}

/* ------------------------------------------------------------- 2 source */

/* UDIV/SDIV: x / 0 = 0, INT_MIN / -1 = INT_MIN, rounding toward zero; W forms use the low halves. */
static void test_div(void **state)
{
	for (size_t i = 0; i < NVALS; i++)
		for (size_t j = 0; j < NVALS; j++) {
			uint64_t a = vals[i], b = vals[j];
			c->x[1] = a;
			c->x[2] = b;
			RUN(0x9ac20823 /* udiv x3, x1, x2 */, 0x9ac20c24 /* sdiv x4, x1, x2 */, 0x1ac20825 /* udiv w5, w1, w2 */, 0x1ac20c26 /* sdiv w6, w1, w2 */);
			uint32_t wa = (uint32_t)a, wb = (uint32_t)b;
			int64_t sa = (int64_t)a, sb = (int64_t)b;
			int32_t swa = (int32_t)wa, swb = (int32_t)wb;
			assert_int_equal(c->x[3], b ? a / b : 0);
			assert_int_equal(c->x[4], !b ? 0 : (sa == INT64_MIN && sb == -1) ? a : (uint64_t)(sa / sb));
			assert_int_equal(c->x[5], wb ? wa / wb : 0);
			assert_int_equal(c->x[6], !wb ? 0 : (swa == INT32_MIN && swb == -1) ? 0x80000000u
								: (uint32_t)(swa / swb));
		}
	c->x[1] = (uint64_t)-7;
	c->x[2] = 2;
	RUN(0x9ac20c20 /* sdiv x0, x1, x2 */);
	assert_int_equal(c->x[0], (uint64_t)-3);
}

/* LSLV/LSRV/ASRV/RORV: the amount is Rm modulo the size. */
static void test_shift_reg(void **state)
{
	static const uint64_t amts[] = { 0, 1, 4, 31, 32, 33, 63, 64, 65, 127, ~0ull };
	for (size_t i = 0; i < NVALS; i++)
		for (size_t j = 0; j < sizeof(amts) / sizeof(amts[0]); j++) {
			uint64_t x = vals[i];
			c->x[1] = x;
			c->x[2] = amts[j];
			RUN(0x9ac22023 /* lsl x3, x1, x2 */, 0x9ac22424 /* lsr x4, x1, x2 */, 0x9ac22825 /* asr x5, x1, x2 */, 0x9ac22c26 /* ror x6, x1, x2 */,
			    0x1ac22027 /* lsl w7, w1, w2 */, 0x1ac22428 /* lsr w8, w1, w2 */, 0x1ac22829 /* asr w9, w1, w2 */, 0x1ac22c2a /* ror w10, w1, w2 */);
			for (unsigned t = 0; t < 4; t++) {
				assert_int_equal(c->x[3 + t], ref_shift(x, t, amts[j] % 64, 64));
				assert_int_equal(c->x[7 + t], ref_shift(x, t, amts[j] % 32, 32));
			}
		}
}

/* CRC32/CRC32C of "123456789" in every access size: the standard check values. */
static void test_crc32(void **state)
{
	c->x[1] = 0x3837363534333231ull; /* "12345678" */
	c->x[2] = 0x39;                  /* "9" */
	c->x[3] = 0x34333231;            /* "1234" */
	c->x[4] = 0xffffffff00003635ull; /* "56", dirty upper bits ignored */
	c->x[5] = 0x3837;                /* "78" */
	RUN(0x12800000 /* mov w0, #-1 */, 0x9ac14c00 /* crc32x w0, w0, x1 */, 0x1ac24000 /* crc32b w0, w0, w2 */, 0x2a2003e0 /* mvn w0, w0 */,
	    0x12800006 /* mov w6, #-1 */, 0x9ac15cc6 /* crc32cx w6, w6, x1 */, 0x1ac250c6 /* crc32cb w6, w6, w2 */, 0x2a2603e6 /* mvn w6, w6 */,
	    0x12800007 /* mov w7, #-1 */, 0x1ac348e7 /* crc32w w7, w7, w3 */, 0x1ac444e7 /* crc32h w7, w7, w4 */, 0x1ac544e7 /* crc32h w7, w7, w5 */,
	    0x1ac240e7 /* crc32b w7, w7, w2 */, 0x2a2703e7 /* mvn w7, w7 */,
	    0x12800008 /* mov w8, #-1 */, 0x1ac35908 /* crc32cw w8, w8, w3 */, 0x1ac45508 /* crc32ch w8, w8, w4 */, 0x1ac55508 /* crc32ch w8, w8, w5 */,
	    0x1ac25108 /* crc32cb w8, w8, w2 */, 0x2a2803e8 /* mvn w8, w8 */);
	assert_int_equal(c->x[0], 0xcbf43926);
	assert_int_equal(c->x[6], 0xe3069283);
	assert_int_equal(c->x[7], 0xcbf43926);
	assert_int_equal(c->x[8], 0xe3069283);
}

/* ------------------------------------------------------------- 3 source */

static void test_dp_3src(void **state)
{
	for (size_t i = 0; i < NVALS; i++)
		for (size_t j = 0; j < NVALS; j++) {
			uint64_t n = vals[i], m = vals[j], a = 0x0f0f0f0f0f0f0f0full;
			c->x[1] = n;
			c->x[2] = m;
			c->x[3] = a;
			RUN(0x9b020c24 /* madd x4, x1, x2, x3 */, 0x9b028c25 /* msub x5, x1, x2, x3 */, 0x9b027c26 /* mul x6, x1, x2 */,
			    0x1b020c27 /* madd w7, w1, w2, w3 */, 0x1b028c28 /* msub w8, w1, w2, w3 */, 0x1b02fc29 /* mneg w9, w1, w2 */,
			    0x9b220c2a /* smaddl x10, w1, w2, x3 */, 0x9b228c2b /* smsubl x11, w1, w2, x3 */, 0x9ba20c2c /* umaddl x12, w1, w2, x3 */,
			    0x9ba28c2d /* umsubl x13, w1, w2, x3 */, 0x9b427c2e /* smulh x14, x1, x2 */, 0x9bc27c2f /* umulh x15, x1, x2 */,
			    0x9b227c30 /* smull x16, w1, w2 */, 0x9ba27c31 /* umull x17, w1, w2 */);
			int64_t sprod = (int64_t)(int32_t)n * (int32_t)m;
			uint64_t uprod = (uint64_t)(uint32_t)n * (uint32_t)m;
			assert_int_equal(c->x[4], a + n * m);
			assert_int_equal(c->x[5], a - n * m);
			assert_int_equal(c->x[6], n * m);
			assert_int_equal(c->x[7], (uint32_t)(a + n * m));
			assert_int_equal(c->x[8], (uint32_t)(a - n * m));
			assert_int_equal(c->x[9], (uint32_t)(0 - n * m));
			assert_int_equal(c->x[10], a + (uint64_t)sprod);
			assert_int_equal(c->x[11], a - (uint64_t)sprod);
			assert_int_equal(c->x[12], a + uprod);
			assert_int_equal(c->x[13], a - uprod);
			assert_int_equal(c->x[14], (uint64_t)(((__int128)(int64_t)n * (int64_t)m) >> 64));
			assert_int_equal(c->x[15], (uint64_t)(((unsigned __int128)n * m) >> 64));
			assert_int_equal(c->x[16], (uint64_t)sprod);
			assert_int_equal(c->x[17], uprod);
		}
	c->x[1] = 0x8000000000000000ull;
	c->x[2] = ~0ull;
	RUN(0x9b417c20 /* smulh x0, x1, x1 */, 0x9bc27c43 /* umulh x3, x2, x2 */, 0x9b417c44 /* smulh x4, x2, x1 */);
	assert_int_equal(c->x[0], 0x4000000000000000ull);
	assert_int_equal(c->x[3], 0xfffffffffffffffeull);
	assert_int_equal(c->x[4], 0);
}

/* ------------------------------------------------------------- PC-relative */

static void test_adr(void **state)
{
	RUN(0xd2800009 /* movz x9, #0 */, 0x10000040 /* adr x0, #8 */, 0xb0000002 /* adrp x2, #4096 */, 0x10ffffe1 /* adr x1, #-4 */,
	    0xf0ffffe3 /* adrp x3, #-4096 */, 0x707fffe4 /* adr x4, #1048575 */);
	assert_int_equal(c->x[0], CODE + 4 + 8);
	assert_int_equal(c->x[2], CODE + 0x1000);
	assert_int_equal(c->x[1], CODE + 12 - 4);
	assert_int_equal(c->x[3], CODE - 0x1000);
	assert_int_equal(c->x[4], CODE + 20 + 1048575);
}

/* ------------------------------------------------------------- decode */

/* Base mnemonics (aliases resolve to the instruction they alias). */
static void test_names(void **state)
{
	static const struct {
		uint32_t insn;
		const char *name;
	} cases[] = {
		{ 0x910003e0 /* mov x0, sp */, "add" },       { 0xf100143f /* cmp x1, #5 */, "subs" },
		{ 0x2b02003f /* cmn w1, w2 */, "adds" },      { 0xcb0103e0 /* neg x0, x1 */, "sub" },
		{ 0x8b22c020 /* add x0, x1, w2, sxtw */, "add" }, { 0xeb0103e0 /* negs x0, x1 */, "subs" },
		{ 0xb200f3e0 /* mov x0, #0x5555555555555555 */, "orr" }, { 0xf240003f /* tst x1, #1 */, "ands" },
		{ 0xd2400020 /* eor x0, x1, #1 */, "eor" },   { 0x12000020 /* and w0, w1, #1 */, "and" },
		{ 0x92800020 /* mov x0, #-2 */, "movn" },     { 0xd2a00020 /* mov x0, #0x10000 */, "movz" },
		{ 0x72800020 /* movk w0, #1 */, "movk" },     { 0xd37df020 /* lsl x0, x1, #3 */, "ubfm" },
		{ 0x13037c20 /* asr w0, w1, #3 */, "sbfm" },  { 0xb37d0c20 /* bfi x0, x1, #3, #4 */, "bfm" },
		{ 0x93c10c20 /* ror x0, x1, #3 */, "extr" },  { 0xaa0103e0 /* mov x0, x1 */, "orr" },
		{ 0xaa2103e0 /* mvn x0, x1 */, "orn" },       { 0x8a220020 /* bic x0, x1, x2 */, "bic" },
		{ 0xca220020 /* eon x0, x1, x2 */, "eon" },   { 0x6a220020 /* bics w0, w1, w2 */, "bics" },
		{ 0xda0103e0 /* ngc x0, x1 */, "sbc" },       { 0x3a020020 /* adcs w0, w1, w2 */, "adcs" },
		{ 0xfa411800 /* ccmp x0, #1, #0, ne */, "ccmp" }, { 0x3a411000 /* ccmn w0, w1, #0, ne */, "ccmn" },
		{ 0x1a9f17e0 /* cset w0, eq */, "csinc" },    { 0xda9f13e0 /* csetm x0, eq */, "csinv" },
		{ 0xda811420 /* cneg x0, x1, eq */, "csneg" }, { 0x9a82b020 /* csel x0, x1, x2, lt */, "csel" },
		{ 0x5ac00020 /* rbit w0, w1 */, "rbit" },     { 0x5ac00820 /* rev w0, w1 */, "rev" },
		{ 0xdac00c20 /* rev x0, x1 */, "rev" },       { 0xdac00820 /* rev32 x0, x1 */, "rev32" },
		{ 0xdac00420 /* rev16 x0, x1 */, "rev16" },   { 0xdac01020 /* clz x0, x1 */, "clz" },
		{ 0x5ac01420 /* cls w0, w1 */, "cls" },       { 0x1ac20820 /* udiv w0, w1, w2 */, "udiv" },
		{ 0x9ac20c20 /* sdiv x0, x1, x2 */, "sdiv" }, { 0x9ac22020 /* lsl x0, x1, x2 */, "lslv" },
		{ 0x1ac22420 /* lsr w0, w1, w2 */, "lsrv" },  { 0x9ac22820 /* asr x0, x1, x2 */, "asrv" },
		{ 0x1ac22c20 /* ror w0, w1, w2 */, "rorv" },  { 0x9ac25c20 /* crc32cx w0, w1, x2 */, "crc32cx" },
		{ 0x1ac24420 /* crc32h w0, w1, w2 */, "crc32h" }, { 0x9b027c20 /* mul x0, x1, x2 */, "madd" },
		{ 0x1b02fc20 /* mneg w0, w1, w2 */, "msub" }, { 0x9b227c20 /* smull x0, w1, w2 */, "smaddl" },
		{ 0x9ba2fc20 /* umnegl x0, w1, w2 */, "umsubl" }, { 0x9b427c20 /* smulh x0, x1, x2 */, "smulh" },
		{ 0x9bc27c20 /* umulh x0, x1, x2 */, "umulh" }, { 0x90000000 /* adrp x0, #0 */, "adrp" },
		{ 0x10000000 /* adr x0, #0 */, "adr" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct a64_insn *r = a64_lookup(cases[i].insn);
		assert_non_null(r);
		assert_string_equal(r->name, cases[i].name);
	}
}

/* Encodings inside the groups' patterns that the Arm ARM leaves unallocated. */
static void test_unallocated(void **state)
{
	static const uint32_t insns[] = {
		0x12400000, /* AND (immediate) sf=0 N=1 */
		0x92000000 | 0x3f << 10, /* AND (immediate) imms all ones, N=0: reserved bitmask */
		0xb240fc00, /* ORR (immediate) N=1 imms=111111: all-ones element, reserved */
		0x52c00000, /* MOVZ W hw=2 */
		0x32800000, /* move wide opc=01 */
		0x73000000, /* bitfield opc=11 */
		0x13400000, /* SBFM sf=0 N=1 */
		0x93000000, /* SBFM sf=1 N=0 */
		0x53000000 | 32 << 16, /* UBFM W immr=32 */
		0x53000000 | 32 << 10, /* UBFM W imms=32 */
		0x13800000 | 32 << 10, /* EXTR W imms=32 */
		0x93800000, /* EXTR sf=1 N=0 */
		0x13c00000, /* EXTR sf=0 N=1 */
		0x13a00000, /* EXTR o0=1 */
		0x0a000000 | 32 << 10, /* AND (shifted register) W imm6=32 */
		0x8bc00000, /* ADD (shifted register) shift=ROR */
		0x0b000000 | 32 << 10, /* ADD (shifted register) W imm6=32 */
		0x8b201400, /* ADD (extended register) imm3=5 */
		0x8b600000, /* add/sub extended opt=01 */
		0x3a400000 | 1 << 10, /* CCMN o2=1 */
		0x7a400010, /* CCMP o3=1 */
		0x1a400000, /* conditional compare S=0 */
		0x1a800800, /* conditional select op2=10 */
		0x3a800000, /* conditional select S=1 */
		0x5ac00c00, /* REV with sf=0 opcode=000011 */
		0x5ac01800, /* data-processing 1 source opcode=000110 */
		0x5ac10000, /* data-processing 1 source opcode2=00001 */
		0x9ac04000, /* CRC32B with sf=1 */
		0x1ac04c00, /* CRC32X with sf=0 */
		0x1ac00000, /* data-processing 2 source opcode=000000 */
		0x1ac03000, /* data-processing 2 source opcode=001100 (PACGA etc. not in v8.0) */
		0x1b200000, /* SMADDL with sf=0 */
		0x9b408000, /* SMULH with o0=1 */
		0x9b600000, /* 3 source op31=011 */
		0x3b000000, /* 3 source op54=01 */
		0x91800000, /* add/sub immediate with tags (bits 28:23 = 100011) */
	};
	for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		if (a64_lookup(insns[i]))
			fail_msg("0x%08x decodes as %s", insns[i], a64_lookup(insns[i])->name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_addsub_imm),
		T(test_addsub_flags),
		T(test_addsub_shifted),
		T(test_addsub_extended),
		T(test_logical_imm_bitmasks),
		T(test_logical_imm_ops),
		T(test_logical_shifted),
		T(test_move_wide),
		T(test_bitfield_sweep),
		T(test_bitfield_aliases),
		T(test_extr),
		T(test_ccmp),
		T(test_csel),
		T(test_dp_1src),
		T(test_div),
		T(test_shift_reg),
		T(test_crc32),
		T(test_dp_3src),
		T(test_adr),
		T(test_names),
		T(test_unallocated),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
