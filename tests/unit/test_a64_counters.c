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
#include "cpu/arm64/sysreg.h"
#include "tests/unit/a64_test.h"

#define ADD_X20_1 0x91000694          /* add x20, x20, #1 */
#define MRS_X0_PMCCNTR 0xd53b9d00     /* mrs x0, pmccntr_el0 */
#define MRS_X1_PMCCNTR 0xd53b9d01     /* mrs x1, pmccntr_el0 */
#define MRS_X0_CNTVCT 0xd53be040      /* mrs x0, cntvct_el0 */
#define MRS_X0_CNTPCT 0xd53be020      /* mrs x0, cntpct_el0 */

#define MRS_X0_PMEVCNTR0 0xd53be800   /* mrs x0, pmevcntr0_el0 */
#define MRS_X1_PMEVCNTR1 0xd53be821   /* mrs x1, pmevcntr1_el0 */
#define MSR_PMSWINC_X2 0xd51b9c82     /* msr pmswinc_el0, x2 */
#define MRS_X3_PMEVCNTR2 0xd53be843   /* mrs x3, pmevcntr2_el0 */
#define MRS_X4_PMEVCNTR4 0xd53be884   /* mrs x4, pmevcntr4_el0 */
#define MRS_X5_PMEVCNTR5 0xd53be8a5   /* mrs x5, pmevcntr5_el0 */
#define MRS_X6_PMOVSSET 0xd53b9e66    /* mrs x6, pmovsset_el0 */
#define SVC_0 0xd4000001              /* svc #0 */

#define PMCR_E 1u
#define PMU_C (1ull << 31)
#define PMEVTYPER(n) A64_SYSREG(3, 3, 14, 12, n)
#define PMEVCNTR(n) A64_SYSREG(3, 3, 14, 8, n)
#define PMCNTENSET A64_SYSREG(3, 3, 9, 12, 1)
#define PMCR A64_SYSREG(3, 3, 9, 12, 0)
#define PMCEID0 A64_SYSREG(3, 3, 9, 12, 6)
enum { SW_INCR = 0x00, INST_RETIRED = 0x08, EXC_TAKEN = 0x09, CPU_CYCLES = 0x11, CHAIN = 0x1e };
#define FILTER_P (1ull << 31)   /* PMEVTYPER: do not count at EL1 */

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

static void sr_write(uint32_t enc, uint64_t v)
{
	assert_int_equal(a64_sysreg_access(c, enc, &v, true), 0);
}

static uint64_t sr_read(uint32_t enc)
{
	uint64_t v;
	assert_int_equal(a64_sysreg_access(c, enc, &v, false), 0);
	return v;
}

/* Event counters n = 0.. counting events[n] from zero, PMCR_EL0.E set. */
static void events_start(const uint64_t *types, unsigned count)
{
	for (unsigned n = 0; n < count; n++) {
		sr_write(PMEVTYPER(n), types[n]);
		sr_write(PMEVCNTR(n), 0);
	}
	sr_write(PMCR, PMCR_E);
	sr_write(PMCNTENSET, (1u << count) - 1);
}

/* PMCR_EL0.N and PMCEID0_EL0 say what is there, exactly. */
static void test_pmu_ids(void **state)
{
	assert_int_equal((sr_read(PMCR) >> 11) & 0x1f, A64_PMU_N);
	assert_int_equal(sr_read(PMCEID0), (1ull << SW_INCR) | (1ull << INST_RETIRED) |
			 (1ull << EXC_TAKEN) | (1ull << 0x0a) | (1ull << CPU_CYCLES) | (1ull << CHAIN));
}

/*
 * INST_RETIRED and CPU_CYCLES read exactly mid-block; SW_INCR counts each
 * PMSWINC_EL0 write to its bit.
 */
static void test_event_counts(void **state)
{
	const struct core_timing *t = c->core.timing;
	static const uint64_t types[] = { INST_RETIRED, CPU_CYCLES, SW_INCR };
	events_start(types, 3);
	uint32_t prog[] = { ADD_X20_1, ADD_X20_1, ADD_X20_1, ADD_X20_1, ADD_X20_1,
			    MRS_X0_PMEVCNTR0, MRS_X1_PMEVCNTR1, MSR_PMSWINC_X2, MSR_PMSWINC_X2,
			    MRS_X3_PMEVCNTR2 };
	c->x[2] = 1u << 2;
	run(prog, sizeof(prog) / sizeof(prog[0]));
	assert_int_equal(c->x[0], 5);
	assert_int_equal(c->x[1], 5 * t->cost[CORE_CLASS_ALU] + t->cost[CORE_CLASS_SYS]);
	assert_int_equal(c->x[3], 2);
}

/* PMEVTYPER.P: nothing counted at EL1. */
static void test_event_filter(void **state)
{
	static const uint64_t types[] = { INST_RETIRED | FILTER_P };
	events_start(types, 1);
	uint32_t prog[] = { ADD_X20_1, ADD_X20_1, MRS_X0_PMEVCNTR0 };
	run(prog, 3);
	assert_int_equal(c->x[0], 0);
}

/* A carry out of counter 4 sets PMOVSSET_EL0 bit 4 and counts in counter 5 (CHAIN). */
static void test_event_chain(void **state)
{
	static const uint64_t types[] = { SW_INCR, SW_INCR, SW_INCR, SW_INCR, INST_RETIRED, CHAIN };
	events_start(types, 6);
	sr_write(PMEVCNTR(4), 0xfffffffeu);
	uint32_t prog[] = { ADD_X20_1, ADD_X20_1, ADD_X20_1, MRS_X4_PMEVCNTR4, MRS_X5_PMEVCNTR5,
			    MRS_X6_PMOVSSET };
	run(prog, 6);
	assert_int_equal(c->x[4], 1);
	assert_int_equal(c->x[5], 1);
	assert_int_equal(c->x[6], 1u << 4);
}

/* EXC_TAKEN counts an exception entry (an SVC here). */
static void test_event_exception(void **state)
{
	static const uint64_t types[] = { EXC_TAKEN };
	events_start(types, 1);
	uint32_t prog[] = { SVC_0 };
	a64_harness_run(h, prog, 1);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_VECTOR);
	assert_int_equal(sr_read(PMEVCNTR(0)), 1);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_pmccntr_back_to_back),
		T(test_pmccntr_monotonic),
		T(test_counter_exact),
		T(test_pmu_ids),
		T(test_event_counts),
		T(test_event_filter),
		T(test_event_chain),
		T(test_event_exception),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
