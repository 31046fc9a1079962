/*
 * LA64 branches through the harness (LA RM 2.2.4): each conditional branch
 * taken and not taken (signed against unsigned), forward and backward, B
 * and BL with the link, JIRL with rd == rj and as RET, the largest offsets
 * each form encodes, and which branches end their block.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/la_harness.h"

enum { ZERO = 0, RA = 1, A0 = 4, A1 = 5, A2 = 6 };
/* Opcodes, bits 31:26. */
enum { BEQZ = 0x10, BNEZ, JIRL = 0x13, B, BL, BEQ, BNE, BLT, BGE, BLTU, BGEU };

/* Offsets in bytes, encoded in instructions. */
#define OFFS16(op, rj, rd, off) \
	((uint32_t)(op) << 26 | ((uint32_t)((off) / 4) & 0xffff) << 10 | (uint32_t)(rj) << 5 | (uint32_t)(rd))
#define OFFS21(op, rj, off)                                                      \
	((uint32_t)(op) << 26 | ((uint32_t)((off) / 4) & 0xffff) << 10 | (uint32_t)(rj) << 5 | \
	 (((uint32_t)((off) / 4) >> 16) & 31))
#define OFFS26(op, off) \
	((uint32_t)(op) << 26 | ((uint32_t)((off) / 4) & 0xffff) << 10 | (((uint32_t)((off) / 4) >> 16) & 0x3ff))
#define ADDI_D(rd, rj, si) (0xbu << 22 | ((uint32_t)(si) & 0xfff) << 10 | (uint32_t)(rj) << 5 | (uint32_t)(rd))

#define NEG(x) ((uint64_t)(int64_t)(x))

/*
 * [0] the branch, forward by 8 when taken; [1] a1 = 1, run only when not
 * taken. For BEQZ/BNEZ rd is not a register: the compared value is a0.
 */
static void test_conditional(void **state)
{
	static const struct {
		const char *what;
		uint32_t insn;
		uint64_t a0, a2;
		bool taken;
	} cases[] = {
		{ "beq equal", OFFS16(BEQ, A0, A2, 8), 5, 5, true },
		{ "beq unequal", OFFS16(BEQ, A0, A2, 8), 5, 6, false },
		{ "bne unequal", OFFS16(BNE, A0, A2, 8), 5, 6, true },
		{ "bne equal", OFFS16(BNE, A0, A2, 8), 5, 5, false },
		{ "blt signed", OFFS16(BLT, A0, A2, 8), NEG(-1), 0, true },
		{ "blt equal", OFFS16(BLT, A0, A2, 8), 3, 3, false },
		{ "bge equal", OFFS16(BGE, A0, A2, 8), 3, 3, true },
		{ "bge signed", OFFS16(BGE, A0, A2, 8), NEG(-1), 0, false },
		{ "bltu unsigned", OFFS16(BLTU, A0, A2, 8), 0, NEG(-1), true },
		{ "bltu -1 < 0 is false", OFFS16(BLTU, A0, A2, 8), NEG(-1), 0, false },
		{ "bgeu unsigned", OFFS16(BGEU, A0, A2, 8), NEG(-1), 0, true },
		{ "bgeu", OFFS16(BGEU, A0, A2, 8), 0, 1, false },
		{ "beq r0, r0", OFFS16(BEQ, ZERO, ZERO, 8), 1, 2, true },
		{ "beqz zero", OFFS21(BEQZ, A0, 8), 0, 0, true },
		{ "beqz nonzero", OFFS21(BEQZ, A0, 8), 1ull << 63, 0, false },
		{ "bnez nonzero", OFFS21(BNEZ, A0, 8), 1ull << 32, 0, true },
		{ "bnez zero", OFFS21(BNEZ, A0, 8), 0, 0, false },
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t prog[] = { cases[i].insn, ADDI_D(A1, ZERO, 1) };
		c->r[A0] = cases[i].a0;
		c->r[A2] = cases[i].a2;
		c->r[A1] = 0;
		uint64_t retired = la_harness_run(h, prog, 2);
		if (la_harness_stop(h) != LA_HARNESS_STOP || c->r[A1] != !cases[i].taken ||
		    retired != (cases[i].taken ? 1u : 2u))
			fail_msg("%s: a1 = %llu, %llu retired", cases[i].what,
				 (unsigned long long)c->r[A1], (unsigned long long)retired);
	}
	la_harness_free(h);
}

/* Counting loops: a backward branch taken until the count runs out. */
static void test_backward(void **state)
{
	static const uint32_t bnez_loop[] = {
		ADDI_D(A0, ZERO, 5),
		ADDI_D(A1, A1, 3),
		ADDI_D(A0, A0, -1),
		OFFS21(BNEZ, A0, -8),
	};
	static const uint32_t blt_loop[] = {
		ADDI_D(A0, A0, 1),
		OFFS16(BLT, A0, A2, -4),
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	c->r[A1] = 0;
	assert_int_equal(la_harness_run(h, bnez_loop, 4), 1 + 5 * 3);
	assert_int_equal(c->r[A1], 15);
	c->r[A0] = NEG(-3);
	c->r[A2] = 2;
	assert_int_equal(la_harness_run(h, blt_loop, 2), 2 * 5);
	assert_int_equal(c->r[A0], 2);
	la_harness_free(h);
}

/*
 * A call and its return: [0] BL to [3]; [3] a2 = 9; [4] RET to [1];
 * [1] a1 = 7; [2] B forward to the stop sentinel at [5].
 */
static void test_call_return(void **state)
{
	static const uint32_t prog[] = {
		OFFS26(BL, 12),
		ADDI_D(A1, ZERO, 7),
		OFFS26(B, 12),
		ADDI_D(A2, ZERO, 9),
		OFFS16(JIRL, RA, ZERO, 0),
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	assert_int_equal(la_harness_run(h, prog, 5), 5);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	assert_int_equal(c->r[RA], LA_HARNESS_CODE + 4);
	assert_int_equal(c->r[A1], 7);
	assert_int_equal(c->r[A2], 9);
	la_harness_free(h);
}

/* B backward: [0] B to [2]; [1] B to the sentinel at [3]; [2] B back to [1]. */
static void test_b_backward(void **state)
{
	static const uint32_t prog[] = { OFFS26(B, 8), OFFS26(B, 8), OFFS26(B, -4) };
	struct la_harness *h = la_harness_new();
	assert_int_equal(la_harness_run(h, prog, 3), 3);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	la_harness_free(h);
}

/* JIRL reads rj before it writes rd: rd == rj jumps to the old rj + offset. */
static void test_jirl(void **state)
{
	static const uint32_t same[] = { OFFS16(JIRL, A0, A0, 8), ADDI_D(A1, ZERO, 1) };
	static const uint32_t back[] = { OFFS26(B, 8), OFFS26(B, 8), OFFS16(JIRL, A0, A2, -4) };
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	c->r[A0] = LA_HARNESS_CODE;
	c->r[A1] = 0;
	assert_int_equal(la_harness_run(h, same, 2), 1);
	assert_int_equal(c->r[A0], LA_HARNESS_CODE + 4);
	assert_int_equal(c->r[A1], 0);
	/* [0] B to [2]; [2] JIRL a2, a0, -4 with a0 = [2]'s address: to [1], a B to the sentinel */
	c->r[A0] = LA_HARNESS_CODE + 8;
	assert_int_equal(la_harness_run(h, back, 3), 3);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	assert_int_equal(c->r[A2], LA_HARNESS_CODE + 12);
	/* rd = r0: nothing linked, r0 still zero */
	static const uint32_t jr[] = { OFFS16(JIRL, A0, ZERO, 0), ADDI_D(A1, ZERO, 1) };
	c->r[A0] = LA_HARNESS_CODE + 8;
	assert_int_equal(la_harness_run(h, jr, 2), 1);
	assert_int_equal(c->r[0], 0);
	assert_int_equal(c->r[A1], 0);
	la_harness_free(h);
}

/* The offsets each form encodes, both ways, as the decoder scales them. */
static void test_offsets(void **state)
{
	static const struct {
		uint32_t insn;
		int64_t imm;
	} cases[] = {
		{ OFFS26(B, -(1 << 27)), -(1 << 27) },
		{ OFFS26(BL, (1 << 27) - 4), (1 << 27) - 4 },
		{ OFFS26(B, -4), -4 },
		{ OFFS21(BEQZ, A0, -(1 << 22)), -(1 << 22) },
		{ OFFS21(BNEZ, A0, (1 << 22) - 4), (1 << 22) - 4 },
		{ OFFS21(BNEZ, A0, 0x10000), 0x10000 },
		{ OFFS16(BEQ, A0, A1, -(1 << 17)), -(1 << 17) },
		{ OFFS16(BGEU, A0, A1, (1 << 17) - 4), (1 << 17) - 4 },
		{ OFFS16(JIRL, A0, A1, -(1 << 17)), -(1 << 17) },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct core_op op;
		assert_non_null(la_decode_op(cases[i].insn, &op));
		assert_int_equal((int64_t)op.imm, cases[i].imm);
	}
}

/* B, BL and JIRL end their block; a conditional branch does not (not taken, the block goes on). */
static void test_block_ends(void **state)
{
	static const struct {
		uint32_t insn;
		bool ends;
	} cases[] = {
		{ OFFS26(B, 8), true }, { OFFS26(BL, 8), true }, { OFFS16(JIRL, RA, ZERO, 0), true },
		{ OFFS16(BEQ, A0, A1, 8), false }, { OFFS21(BNEZ, A0, 8), false },
	};
	struct la_harness *h = la_harness_new();
	struct core_vcpu *v = &la_harness_cpu(h)->core;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct core_op op;
		bool ends = false;
		assert_int_equal(la_decode(v, (const uint8_t *)&cases[i].insn, 4, &op, &ends), 4);
		assert_int_equal(ends, cases[i].ends);
	}
	la_harness_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conditional),
		cmocka_unit_test(test_backward),
		cmocka_unit_test(test_call_return),
		cmocka_unit_test(test_b_backward),
		cmocka_unit_test(test_jirl),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_block_ends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
