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
#define MRS_X6_PMEVCNTR1 0xd53be826   /* mrs x6, pmevcntr1_el0 */
#define MRS_X8_PMEVCNTR0 0xd53be808   /* mrs x8, pmevcntr0_el0 */
#define MRS_X9_PMEVCNTR1 0xd53be829   /* mrs x9, pmevcntr1_el0 */
#define LDR_X1_X10 0xf9400141         /* ldr x1, [x10] */
#define LDR_X7_X10 0xf9400147         /* ldr x7, [x10] */
#define STR_X1_X10_8 0xf9000541       /* str x1, [x10, #8] */
#define LDP_X2_X3_X10 0xa9400d42      /* ldp x2, x3, [x10] */
#define STP_X2_X3_X10_16 0xa9010d42   /* stp x2, x3, [x10, #16] */
#define PRFM_X10 0xf9800140           /* prfm pldl1keep, [x10] */
#define LDADD_X4_X5_X10 0xf8240145    /* ldadd x4, x5, [x10] */
#define CASAL_X4_X5_X10 0xc8e4fd45    /* casal x4, x5, [x10] */
#define LD1_2REGS_X10 0x4c40a140      /* ld1 {v0.16b, v1.16b}, [x10] */
#define ST1_X10 0x4c007140            /* st1 {v0.16b}, [x10] */
#define LDXR_X4_X10 0xc85f7d44        /* ldxr x4, [x10] */
#define STXR_W5_X4_X10 0xc8057d44     /* stxr w5, x4, [x10] */
#define DC_ZVA_X11 0xd50b742b         /* dc zva, x11 */
#define CBNZ_XZR_8 0xb500005f         /* cbnz xzr, .+8 (never taken) */
#define CBZ_XZR_8 0xb400005f          /* cbz xzr, .+8 (always taken) */
#define B_8 0x14000002                /* b .+8 */
#define DATA (HARNESS_RAM + 0x200000)

#define PMCR_E 1u
#define PMU_C (1ull << 31)
#define PMEVTYPER(n) A64_SYSREG(3, 3, 14, 12, n)
#define PMEVCNTR(n) A64_SYSREG(3, 3, 14, 8, n)
#define PMCNTENSET A64_SYSREG(3, 3, 9, 12, 1)
#define PMCR A64_SYSREG(3, 3, 9, 12, 0)
#define PMCEID0 A64_SYSREG(3, 3, 9, 12, 6)
#define PMCEID1 A64_SYSREG(3, 3, 9, 12, 7)
#define PMINTENSET A64_SYSREG(3, 0, 9, 14, 1)
#define PMOVSSET A64_SYSREG(3, 3, 9, 14, 3)
enum { SW_INCR = 0x00, INST_RETIRED = 0x08, EXC_TAKEN = 0x09, CPU_CYCLES = 0x11,
       MEM_ACCESS = 0x13, CHAIN = 0x1e, BR_RETIRED = 0x21 };
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

/* PMCR_EL0.N and PMCEID0/1_EL0 say what is there, exactly. */
static void test_pmu_ids(void **state)
{
	assert_int_equal((sr_read(PMCR) >> 11) & 0x1f, A64_PMU_N);
	assert_int_equal(sr_read(PMCEID0), (1ull << SW_INCR) | (1ull << INST_RETIRED) |
			 (1ull << EXC_TAKEN) | (1ull << 0x0a) | (1ull << CPU_CYCLES) |
			 (1ull << MEM_ACCESS) | (1ull << CHAIN));
	assert_int_equal(sr_read(PMCEID1), 1ull << (BR_RETIRED - 0x20));
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

/* Counters of events[] from zero over Normal memory, x10 pointing at scratch data. */
static void mem_events_start(const uint64_t *types, unsigned count)
{
	a64_harness_normal_memory(h);
	events_start(types, count);
	c->x[10] = DATA;
}

/*
 * BR_RETIRED and MEM_ACCESS read exactly mid-stream: a not-taken CBNZ
 * inside a block counts, PRFM does not, an atomic counts a read and a
 * write, DC ZVA a write, and the load a taken B skips counts nothing.
 */
static void test_event_br_mem(void **state)
{
	static const uint64_t types[] = { BR_RETIRED, MEM_ACCESS };
	mem_events_start(types, 2);
	c->x[11] = DATA + 64;
	uint32_t prog[] = { LDR_X1_X10, STR_X1_X10_8, LDP_X2_X3_X10, CBNZ_XZR_8, STP_X2_X3_X10_16,
			    PRFM_X10, LDADD_X4_X5_X10, MRS_X0_PMEVCNTR0, MRS_X6_PMEVCNTR1,
			    DC_ZVA_X11, B_8, LDR_X7_X10, MRS_X8_PMEVCNTR0, MRS_X9_PMEVCNTR1 };
	run(prog, sizeof(prog) / sizeof(prog[0]));
	assert_int_equal(c->x[0], 1);
	assert_int_equal(c->x[6], 6);
	assert_int_equal(c->x[8], 2);
	assert_int_equal(c->x[9], 7);
}

/* SIMD structure loads and stores, CAS and the exclusives: one access per direction. */
static void test_event_mem_kinds(void **state)
{
	static const uint64_t types[] = { MEM_ACCESS };
	mem_events_start(types, 1);
	uint32_t prog[] = { LD1_2REGS_X10, ST1_X10, CASAL_X4_X5_X10, LDXR_X4_X10, STXR_W5_X4_X10,
			    MRS_X0_PMEVCNTR0 };
	run(prog, sizeof(prog) / sizeof(prog[0]));
	assert_int_equal(c->x[0], 1 + 1 + 2 + 1 + 1);
}

/*
 * A conditional branch taken inside a block leaves it: what the block's
 * start precharged after the branch is taken back.
 */
static void test_event_taken_mid_block(void **state)
{
	static const uint64_t types[] = { BR_RETIRED, MEM_ACCESS };
	mem_events_start(types, 2);
	uint32_t prog[] = { LDR_X1_X10, CBZ_XZR_8, LDR_X7_X10, STR_X1_X10_8, MRS_X0_PMEVCNTR0,
			    MRS_X6_PMEVCNTR1 };
	run(prog, sizeof(prog) / sizeof(prog[0]));
	assert_int_equal(c->x[0], 1);
	assert_int_equal(c->x[6], 2);
}

/*
 * Nothing counts branches or accesses: the engine does not count them
 * (its fast loop has no work for them), and starting to count takes the
 * vCPU's count from then on.
 */
static void test_event_isa_off(void **state)
{
	static const uint64_t types[] = { INST_RETIRED };
	mem_events_start(types, 1);
	uint32_t prog[] = { LDR_X1_X10, STR_X1_X10_8, CBNZ_XZR_8, LDR_X1_X10 };
	run(prog, 4);
	assert_false(c->core.count_ev);
	assert_int_equal(c->core.ev[A64_ISA_EV_BR], 0);
	assert_int_equal(c->core.ev[A64_ISA_EV_MEM], 0);
	sr_write(PMEVTYPER(1), MEM_ACCESS);
	sr_write(PMCNTENSET, 3);
	assert_true(c->core.count_ev);
	uint32_t prog2[] = { LDR_X1_X10, STR_X1_X10_8, MRS_X6_PMEVCNTR1 };
	run(prog2, 3);
	assert_int_equal(c->x[6], 2);
}

/* MEM_ACCESS and BR_RETIRED wrap: their overflow flags are set when the carry happens. */
static void test_event_overflow(void **state)
{
	static const uint64_t types[] = { MEM_ACCESS, BR_RETIRED };
	mem_events_start(types, 2);
	sr_write(PMEVCNTR(0), 0xfffffffeu);
	sr_write(PMEVCNTR(1), 0xffffffffu);
	sr_write(PMINTENSET, 3);
	uint32_t prog[] = { LDR_X1_X10, MRS_X0_PMEVCNTR0, MRS_X6_PMOVSSET, STR_X1_X10_8,
			    CBNZ_XZR_8, MRS_X8_PMEVCNTR0, MRS_X9_PMEVCNTR1 };
	run(prog, sizeof(prog) / sizeof(prog[0]));
	assert_int_equal(c->x[0], 0xffffffffu);
	assert_int_equal(c->x[6], 0);
	assert_int_equal(c->x[8], 0);
	assert_int_equal(c->x[9], 0);
	assert_int_equal(sr_read(PMOVSSET), 3);
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
		T(test_event_br_mem),
		T(test_event_mem_kinds),
		T(test_event_taken_mid_block),
		T(test_event_isa_off),
		T(test_event_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
