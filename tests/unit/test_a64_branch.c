/*
 * A64 branches and condition codes (cpu/arm64/insn_branch.c), run through
 * the harness. Fixed encodings were assembled with llvm-mc-16 (the comment
 * is the source); sweeps hand-encode fields per Arm ARM DDI 0487 C4.1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu/arm64/arm64.h"
#include "tests/unit/a64_test.h"

#define CODE HARNESS_RAM
#define MOVZ_X0_1 0xd2800020 /* movz x0, #1 */


/* Run code that ends at the sentinel; return the instructions retired. */
static uint64_t run_code(const uint32_t *insns, size_t n)
{
	uint64_t retired = a64_harness_run(h, insns, n);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);
	return retired;
}

#define RUN(...)                                                              \
	({                                                                    \
		const uint32_t prog_[] = { __VA_ARGS__ };                     \
		run_code(prog_, sizeof(prog_) / sizeof(prog_[0]));            \
	})

static void test_cond_table(void **state)
{
	for (unsigned cond = 0; cond < 16; cond++)
		for (unsigned nzcv = 0; nzcv < 16; nzcv++)
			assert_int_equal(a64_cond_holds(nzcv << 28, cond), a64_ref_cond(cond, nzcv));
}

/* B.cond #8 over "movz x0, #1", for every condition and NZCV value. */
static void test_b_cond(void **state)
{
	for (unsigned cond = 0; cond < 16; cond++)
		for (unsigned nzcv = 0; nzcv < 16; nzcv++) {
			bool taken = a64_ref_cond(cond, nzcv);
			c->x[0] = 0;
			a64_set_nzcv(c, nzcv << 28);
			assert_int_equal(RUN(0x54000040 | cond, MOVZ_X0_1), taken ? 1 : 2);
			assert_int_equal(c->x[0], taken ? 0 : 1);
			assert_int_equal(a64_nzcv(c), nzcv << 28);
		}
}

/* A taken branch costs timing->taken_branch more than a not-taken one to the same place. */
static void test_taken_cycles(void **state)
{
	a64_set_nzcv(c, A64_Z);
	uint64_t t0 = c->core.cycles;
	RUN(0x54000020 /* b.eq #4 */);
	uint64_t taken = c->core.cycles - t0;
	t0 = c->core.cycles;
	RUN(0x54000021 /* b.ne #4 */);
	uint64_t not_taken = c->core.cycles - t0;
	assert_int_equal(taken - not_taken, c->core.timing->taken_branch);
}

static void test_b_bl_ret(void **state)
{
	/* forward B skips one instruction */
	c->x[0] = 0;
	assert_int_equal(RUN(0x14000002 /* b #8 */, MOVZ_X0_1, 0xd2800041 /* movz x1, #2 */), 2);
	assert_int_equal(c->x[0], 0);
	assert_int_equal(c->x[1], 2);

	/* a backward loop: three SUBS/B.NE rounds */
	assert_int_equal(RUN(0xd2800060 /* movz x0, #3 */, 0xf1000400 /* subs x0, x0, #1 */, 0x54ffffe1 /* b.ne #-4 */, 0xd28000e1 /* movz x1, #7 */), 8);
	assert_int_equal(c->x[0], 0);
	assert_int_equal(c->x[1], 7);

	/* BL to a subroutine that returns with RET */
	c->x[1] = c->x[2] = 0;
	assert_int_equal(RUN(0x94000003 /* bl #12 */, MOVZ_X0_1, 0x14000003 /* b #12 */, 0xd2800042 /* movz x2, #2 */, 0xd65f03c0 /* ret */), 5);
	assert_int_equal(c->x[0], 1);
	assert_int_equal(c->x[2], 2);
	assert_int_equal(c->x[30], CODE + 4);

	/* BL to the next instruction still links */
	RUN(0x94000001 /* bl #4 */);
	assert_int_equal(c->x[30], CODE + 4);
}

static void test_register_branches(void **state)
{
	/* BLR X30 jumps to the old X30 and then links */
	c->x[0] = c->x[1] = 0;
	assert_int_equal(RUN(0x1000007e /* adr x30, #12 */, 0xd63f03c0 /* blr x30 */, MOVZ_X0_1, 0xd28000a1 /* movz x1, #5 */), 3);
	assert_int_equal(c->x[0], 0);
	assert_int_equal(c->x[1], 5);
	assert_int_equal(c->x[30], CODE + 8);

	/* BR and BLR with other registers, RET with Rn */
	c->x[0] = 0;
	c->x[3] = CODE + 12;
	c->x[4] = CODE + 16;
	c->x[5] = CODE + 24;
	assert_int_equal(RUN(0xd61f0060 /* br x3 */, MOVZ_X0_1, MOVZ_X0_1, 0xd63f0080 /* blr x4 */, 0xd65f00a0 /* ret x5 */, MOVZ_X0_1), 3);
	assert_int_equal(c->x[0], 0);
	assert_int_equal(c->x[30], CODE + 16);

	c->x[5] = CODE + 20;
	c->x[30] = 0;
	assert_int_equal(RUN(0xd65f00a0 /* ret x5 */, MOVZ_X0_1, MOVZ_X0_1, MOVZ_X0_1, MOVZ_X0_1, 0xd2800120 /* movz x0, #9 */), 2);
	assert_int_equal(c->x[0], 9);
}

/* CBZ/CBNZ: the W forms test the low 32 bits only. */
static void test_cbz(void **state)
{
	static const struct {
		uint32_t insn;
		uint64_t val;
		bool taken;
	} cases[] = {
		{ 0xb4000042 /* cbz x2, #8 */, 0, true },
		{ 0xb4000042 /* cbz x2, #8 */, 0x100000000ull, false },
		{ 0x34000042 /* cbz w2, #8 */, 0x100000000ull, true },
		{ 0x34000042 /* cbz w2, #8 */, 0x80000000ull, false },
		{ 0xb5000042 /* cbnz x2, #8 */, 0x100000000ull, true },
		{ 0xb5000042 /* cbnz x2, #8 */, 0, false },
		{ 0x35000042 /* cbnz w2, #8 */, 0x100000000ull, false },
		{ 0x35000042 /* cbnz w2, #8 */, 1, true },
		{ 0xb400005f /* cbz xzr, #8 */, 5, true },
		{ 0x3500005f /* cbnz wzr, #8 */, 5, false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c->x[0] = 0;
		c->x[2] = cases[i].val;
		assert_int_equal(RUN(cases[i].insn, MOVZ_X0_1), cases[i].taken ? 1 : 2);
		assert_int_equal(c->x[0], cases[i].taken ? 0 : 1);
	}
}

/* TBZ/TBNZ on every bit, with only that bit set and with only that bit clear. */
static void test_tbz(void **state)
{
	for (unsigned bit = 0; bit < 64; bit++)
		for (unsigned op = 0; op < 2; op++)
			for (unsigned set = 0; set < 2; set++) {
				/* b5 op b40 imm14 = 2 (#8) Rt = x3 */
				uint32_t insn = (bit >> 5) << 31 | 0x36000000 | op << 24 | (bit & 31) << 19 | 2 << 5 | 3;
				bool taken = op == set;
				c->x[0] = 0;
				c->x[3] = set ? 1ull << bit : ~(1ull << bit);
				assert_int_equal(RUN(insn, MOVZ_X0_1), taken ? 1 : 2);
				assert_int_equal(c->x[0], taken ? 0 : 1);
			}
	c->x[3] = 0x8000000000000000ull;
	c->x[0] = 0;
	assert_int_equal(RUN(0xb7f80043 /* tbnz x3, #63, #8 */, MOVZ_X0_1), 1);
	assert_int_equal(RUN(0xb6f80043 /* tbz x3, #63, #8 */, MOVZ_X0_1), 2);
	assert_int_equal(RUN(0x36f80043 /* tbz w3, #31, #8 */, MOVZ_X0_1), 1);
}

/*
 * Far offsets in both directions: a B at CODE jumps to the branch under
 * test at MID, whose target holds "movz x5, #7" and the stop sentinel.
 */
#define MID (CODE + 0x2000000)

static void load(uint64_t gpa, const uint32_t *insns, size_t n)
{
	assert_true(mem_load(a64_harness_mem(h), gpa, insns, n * 4));
}

static void test_far_offsets(void **state)
{
	static const struct {
		uint32_t insn;
		int64_t off;
	} cases[] = {
		{ 0x147ffffc /* b #0x1fffff0 */, 0x1fffff0 },
		{ 0x17800004 /* b #-0x1fffff0 */, -0x1fffff0 },
		{ 0x947ffffc /* bl #0x1fffff0 */, 0x1fffff0 },
		{ 0x97800004 /* bl #-0x1fffff0 */, -0x1fffff0 },
		{ 0x547fffe0 /* b.eq #0xffffc */, 0xffffc },
		{ 0x54800000 /* b.eq #-0x100000 */, -0x100000 },
		{ 0xb47fffe6 /* cbz x6, #0xffffc */, 0xffffc },
		{ 0x34800006 /* cbz w6, #-0x100000 */, -0x100000 },
		{ 0xb6fbffe6 /* tbz x6, #63, #0x7ffc */, 0x7ffc },
		{ 0x37040007 /* tbnz x7, #0, #-0x8000 */, -0x8000 },
	};
	const uint32_t stub[2] = { 0xd28000e5 /* movz x5, #7 */, 0xd4000002u | HARNESS_HVC_STOP << 5 };
	const uint32_t to_mid = 0x14000000u | ((MID - CODE) >> 2);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		load(MID, &cases[i].insn, 1);
		load(MID + cases[i].off, stub, 2);
		c->x[5] = 0;
		c->x[6] = 0;
		c->x[7] = 1;
		c->x[30] = 0;
		a64_set_nzcv(c, A64_Z);
		assert_int_equal(run_code(&to_mid, 1), 3);
		assert_int_equal(c->x[5], 7);
		bool link = (cases[i].insn >> 26) == 0x25;
		assert_int_equal(c->x[30], link ? MID + 4 : 0);
	}
}

/* Base mnemonics of every row. */
static void test_names(void **state)
{
	/* Unconditional branches end their block; conditional ones fall through. */
	static const struct {
		uint32_t insn;
		const char *name;
		bool ends;
	} cases[] = {
		{ 0x17ffffff /* b #-4 */, "b", true },           { 0x94000040 /* bl #0x100 */, "bl", true },
		{ 0x54000040 /* b.eq #8 */, "b.cond", false },    { 0x5400004f /* b.nv #8 */, "b.cond", false },
		{ 0x34000041 /* cbz w1, #8 */, "cbz", false },    { 0xb5ffffc1 /* cbnz x1, #-8 */, "cbnz", false },
		{ 0x36180041 /* tbz w1, #3, #8 */, "tbz", false }, { 0xb7400041 /* tbnz x1, #40, #8 */, "tbnz", false },
		{ 0xd61f0020 /* br x1 */, "br", true },          { 0xd63f0040 /* blr x2 */, "blr", true },
		{ 0xd65f03c0 /* ret */, "ret", true },           { 0xd65f0060 /* ret x3 */, "ret", true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct a64_insn *r = a64_lookup(cases[i].insn);
		assert_non_null(r);
		assert_string_equal(r->name, cases[i].name);
		assert_int_equal(!!(r->flags & A64_F_END), cases[i].ends);
		assert_int_equal(r->cls, CORE_CLASS_BRANCH);
	}
}

/* Pointer authentication (FEAT_PAuth) and other encodings this ARMv8.0 CPU leaves unallocated. */
static void test_unallocated(void **state)
{
	static const uint32_t insns[] = {
		0xd71f0801 /* braa x0, x1 */, 0xd71f0c01 /* brab x0, x1 */, 0xd61f081f /* braaz x0 */, 0xd73f0801 /* blraa x0, x1 */, 0xd63f081f /* blraaz x0 */,
		0xd65f0bff /* retaa */, 0xd65f0fff /* retab */,
		0x54000010, /* B.cond with o0 = 1 (BC.cond, FEAT_HBC) */
		0x55000000, /* conditional branch o1 = 1 */
		0xd61f0001, /* BR with op4 != 0 */
		0xd61e0000, /* BR with op2 != 11111 */
		0xd61f0400, /* BR with op3 = 000001 */
	};
	for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++)
		if (a64_lookup(insns[i]))
			fail_msg("0x%08x decodes as %s", insns[i], a64_lookup(insns[i])->name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_cond_table),
		T(test_b_cond),
		T(test_taken_cycles),
		T(test_b_bl_ret),
		T(test_register_branches),
		T(test_cbz),
		T(test_tbz),
		T(test_far_offsets),
		T(test_names),
		T(test_unallocated),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
