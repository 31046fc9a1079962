/*
 * The counters a guest reads (cpu/arm64/pmu.c, timer.c): exact to the
 * instruction inside a block, run through the harness with the "simple"
 * timing model (ALU ops cost 1 cycle, system register accesses 10).
 * Encodings assembled with llvm-mc-16 (the comment is the source).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu/arm64/arm64.h"
#include "tests/unit/a64_test.h"

#define ADD_X20_1 0x91000694          /* add x20, x20, #1 */
#define MRS_X0_PMCCNTR 0xd53b9d00     /* mrs x0, pmccntr_el0 */
#define MRS_X1_PMCCNTR 0xd53b9d01     /* mrs x1, pmccntr_el0 */
#define MRS_X0_CNTVCT 0xd53be040      /* mrs x0, cntvct_el0 */
#define MRS_X0_CNTPCT 0xd53be020      /* mrs x0, cntpct_el0 */

#define PMCR_E 1u
#define PMU_C (1ull << 31)

static uint64_t run(const uint32_t *insns, size_t n)
{
	uint64_t retired = a64_harness_run(h, insns, n);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);
	return retired;
}

/* The cycle counter enabled at EL1, reading zero now. */
static void ccnt_start(void)
{
	c->sr.pmcr_el0 |= PMCR_E;
	c->sr.pmcntenset_el0 = PMU_C;
	a64_pmu_update(c);
	a64_pmu_set_ccnt(c, 0);
}

/*
 * Two back-to-back reads of PMCCNTR_EL0 after three ALU ops: the first sees
 * the three ops (3 cycles), the second also the first read (10 cycles).
 * Charged per block, both read the whole block's cost.
 */
static void test_pmccntr_back_to_back(void **state)
{
	const struct core_timing *t = c->core.timing;
	ccnt_start();
	uint32_t prog[] = { ADD_X20_1, ADD_X20_1, ADD_X20_1, MRS_X0_PMCCNTR, MRS_X1_PMCCNTR,
			    ADD_X20_1, ADD_X20_1 };
	run(prog, sizeof(prog) / sizeof(prog[0]));
	assert_int_equal(c->x[0], 3 * t->cost[CORE_CLASS_ALU]);
	assert_int_equal(c->x[1] - c->x[0], t->cost[CORE_CLASS_SYS]);
}

/* Monotonic and exact over a run of reads with work between them. */
static void test_pmccntr_monotonic(void **state)
{
	const struct core_timing *t = c->core.timing;
	ccnt_start();
	uint32_t prog[40];
	size_t n = 0;
	for (unsigned i = 0; i < 8; i++) {
		for (unsigned k = 0; k < i; k++)
			prog[n++] = ADD_X20_1;
		prog[n++] = MRS_X0_PMCCNTR | i;   /* mrs x<i>, pmccntr_el0 */
	}
	run(prog, n);
	uint64_t expect = 0;
	for (unsigned i = 0; i < 8; i++) {
		expect += i * t->cost[CORE_CLASS_ALU];
		assert_int_equal(c->x[i], expect);
		expect += t->cost[CORE_CLASS_SYS];
	}
}

/*
 * CNTVCT_EL0 and CNTPCT_EL0 tick every 2^cnt_shift cycles: read after 32
 * ALU ops and before 64 more, each reflects the cycles up to the read only.
 */
static void test_counter_exact(void **state)
{
	static const uint32_t reads[] = { MRS_X0_CNTVCT, MRS_X0_CNTPCT };
	const struct core_timing *t = c->core.timing;
	for (unsigned r = 0; r < 2; r++) {
		uint32_t prog[97];
		size_t n = 0;
		for (unsigned k = 0; k < 32; k++)
			prog[n++] = ADD_X20_1;
		prog[n++] = reads[r];
		for (unsigned k = 0; k < 64; k++)
			prog[n++] = ADD_X20_1;
		uint64_t t0 = c->core.cycles;
		run(prog, n);
		assert_int_equal(c->x[0], (t0 + 32 * t->cost[CORE_CLASS_ALU]) >> c->cnt_shift);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_pmccntr_back_to_back),
		T(test_pmccntr_monotonic),
		T(test_counter_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
