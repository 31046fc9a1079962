/*
 * Self-hosted debug (cpu/arm64/selfdebug.c, Arm ARM D2): hardware
 * breakpoints, watchpoints with byte masks, their enables, and software
 * step over an instruction, a load-exclusive and an SVC, run through the
 * harness (EL1, MMU off). Encodings from llvm-mc-16 (comments).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu/arm64/arm64.h"
#include "cpu/arm64/sysreg.h"
#include "tests/unit/a64_test.h"

#define CODE HARNESS_RAM
#define DATA (HARNESS_RAM + 0x200000)
#define ADD_X20_1 0x91000694   /* add x20, x20, #1 */
#define ERET 0xd69f03e0        /* eret */
#define SVC_0 0xd4000001       /* svc #0 */
#define STRB_W2_X1_2 0x39000822 /* strb w2, [x1, #2] */
#define STUR_X2_X1_4 0xf8004022 /* stur x2, [x1, #4] */
#define LDR_X3_X1 0xf9400023   /* ldr x3, [x1] */
#define LDXR_X3_X1 0xc85f7c23  /* ldxr x3, [x1] */

#define MDSCR_SS (1ull << 0)
#define MDSCR_KDE (1ull << 13)
#define MDSCR_MDE (1ull << 15)
#define CTL_E 1ull
#define PMC_EL1 (1ull << 1)
#define PMC_EL0 (2ull << 1)
#define BAS_A64 (0xfull << 5)
#define LSC_STORE (2ull << 3)
#define LSC_LOAD (1ull << 3)
#define SPSR_EL0T_SS 0x200000ull   /* EL0t, SS set, DAIF clear */

static unsigned esr_ec(void) { return (unsigned)(c->sr.esr_el1 >> 26); }

/* Write a debug register or control through MSR's path (it re-arms). */
static void set(uint32_t enc, uint64_t v)
{
	assert_int_equal(a64_sysreg_access(c, enc, &v, true), 0);
}

#define DBGBVR(n) A64_SYSREG(2, 0, 0, n, 4)
#define DBGBCR(n) A64_SYSREG(2, 0, 0, n, 5)
#define DBGWVR(n) A64_SYSREG(2, 0, 0, n, 6)
#define DBGWCR(n) A64_SYSREG(2, 0, 0, n, 7)
#define MDSCR A64_SYSREG(2, 0, 0, 2, 2)
#define OSLAR A64_SYSREG(2, 0, 1, 0, 4)

/* The OS lock is locked at reset (OSLSR_EL1.OSLK): unlock it, as Linux does at boot. */
static int setup_unlocked(void **state)
{
	int r = setup(state);
	set(OSLAR, 0);
	return r;
}

static uint64_t run(const uint32_t *p, size_t n)
{
	c->x[20] = 0;
	c->sr.esr_el1 = 0;
	c->daif = 0;   /* PSTATE.D clear: debug exceptions at EL1 need it and KDE */
	return a64_harness_run(h, p, n);
}

static const uint32_t four_adds[] = { ADD_X20_1, ADD_X20_1, ADD_X20_1, ADD_X20_1 };

/* An address breakpoint at EL1 stops before the third instruction, once KDE allows it at EL1. */
static void test_breakpoint_el1(void **state)
{
	assert_int_equal(c->sr.oslsr_el1, 0x8);   /* setup_unlocked cleared OSLK */
	set(DBGBVR(3), CODE + 8);
	set(DBGBCR(3), CTL_E | PMC_EL1 | BAS_A64);
	set(MDSCR, MDSCR_MDE);
	run(four_adds, 4);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);   /* EL1 = EL_D without KDE */
	assert_int_equal(c->x[20], 4);
	set(MDSCR, MDSCR_MDE | MDSCR_KDE);
	run(four_adds, 4);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_VECTOR);
	assert_int_equal(esr_ec(), EC_BREAKPOINT_SAME);
	assert_int_equal(c->sr.esr_el1 & 0x3f, 0x22);
	assert_int_equal(c->sr.elr_el1, CODE + 8);
	assert_int_equal(c->x[20], 2);
	/* The OS lock disables it; a breakpoint for EL0 only does not match at EL1. */
	set(OSLAR, 1);
	run(four_adds, 4);
	assert_int_equal(c->x[20], 4);
	set(OSLAR, 0);
	set(DBGBCR(3), CTL_E | PMC_EL0 | BAS_A64);
	run(four_adds, 4);
	assert_int_equal(c->x[20], 4);
}

/* At reset the OS lock is locked (D2.5): an armed breakpoint does not fire until OSLAR_EL1 = 0. */
static void test_os_lock_reset(void **state)
{
	assert_int_equal(c->sr.oslsr_el1, 0xa);
	set(DBGBVR(0), CODE + 4);
	set(DBGBCR(0), CTL_E | PMC_EL1 | BAS_A64);
	set(MDSCR, MDSCR_MDE | MDSCR_KDE);
	run(four_adds, 4);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);
	set(OSLAR, 0);
	run(four_adds, 4);
	assert_int_equal(esr_ec(), EC_BREAKPOINT_SAME);
	assert_int_equal(c->sr.elr_el1, CODE + 4);
}

/* A watchpoint on bytes 0-3 of a doubleword, stores only, at EL1. */
static void test_watchpoint_bas(void **state)
{
	static const uint32_t prog[] = { LDR_X3_X1, STUR_X2_X1_4, STRB_W2_X1_2, ADD_X20_1 };
	a64_harness_normal_memory(h);   /* the unaligned STUR is to Normal memory */
	memset(a64_harness_ram(h, DATA), 0, 16);
	set(DBGWVR(1), DATA);
	set(DBGWCR(1), CTL_E | PMC_EL1 | LSC_STORE | (0x0full << 5));
	set(MDSCR, MDSCR_MDE | MDSCR_KDE);
	c->x[1] = DATA;
	c->x[2] = 0x1122334455667788ull;
	run(prog, 4);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_VECTOR);
	assert_int_equal(esr_ec(), EC_WATCHPOINT_SAME);
	assert_int_equal(c->sr.esr_el1 & 0x3f, 0x22);
	assert_true(c->sr.esr_el1 & (1u << 6));   /* WnR */
	assert_int_equal(c->sr.far_el1, DATA + 2);
	assert_int_equal(c->sr.elr_el1, CODE + 8);
	assert_int_equal(*a64_harness_ram(h, DATA + 2), 0);   /* the store did not happen */
	assert_int_equal(*a64_harness_ram(h, DATA + 4), 0x88);  /* the unwatched one did */
	/* Loads only: the load of the doubleword hits. */
	set(DBGWCR(1), CTL_E | PMC_EL1 | LSC_LOAD | (0x0full << 5));
	run(prog, 4);
	assert_int_equal(esr_ec(), EC_WATCHPOINT_SAME);
	assert_int_equal(c->sr.elr_el1, CODE);
	/* Disabled: everything runs. */
	set(DBGWCR(1), 0);
	run(prog, 4);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);
}

/*
 * Software step of EL0 from EL1: ERET with SPSR.SS = 1 runs one EL0
 * instruction, then the step exception (EC 0x32, ISV = 1, EX as the
 * instruction was a load-exclusive) returns to the next one.
 */
static void test_step(void **state)
{
	static const uint32_t prog[] = { ERET, ADD_X20_1, ADD_X20_1, LDXR_X3_X1, ADD_X20_1 };
	set(MDSCR, MDSCR_SS);
	c->x[1] = DATA;
	c->sr.spsr_el1 = SPSR_EL0T_SS;
	c->sr.elr_el1 = CODE + 4;
	run(prog, 5);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_VECTOR);
	assert_int_equal(esr_ec(), EC_SOFTSTEP_LOWER);
	assert_int_equal(c->sr.esr_el1 & 0x1ffffff, (1u << 24) | 0x22);
	assert_int_equal(c->sr.elr_el1, CODE + 8);
	assert_int_equal(c->x[20], 1);
	assert_false(c->sr.spsr_el1 & SPSR_EL0T_SS);
	/* Step the load-exclusive: EX = 1. */
	c->sr.spsr_el1 = SPSR_EL0T_SS;
	c->sr.elr_el1 = CODE + 12;
	run(prog, 5);
	assert_int_equal(esr_ec(), EC_SOFTSTEP_LOWER);
	assert_int_equal(c->sr.esr_el1 & 0x1ffffff, (1u << 24) | (1u << 6) | 0x22);
	assert_int_equal(c->sr.elr_el1, CODE + 16);
	/* MDSCR_EL1.SS clear: no step, EL0 runs on (to the sentinel HVC, UNDEFINED at EL0). */
	set(MDSCR, 0);
	c->sr.spsr_el1 = SPSR_EL0T_SS;
	c->sr.elr_el1 = CODE + 4;
	run(prog, 5);
	assert_int_equal(esr_ec(), EC_UNKNOWN);
	assert_int_equal(c->x[20], 3);
}

/*
 * Step over an SVC: the SVC completes the step (SPSR.SS = 0), so the
 * return from its handler takes the step exception at once, before the
 * next instruction, with ISV = 0.
 */
static void test_step_over_svc(void **state)
{
	static const uint32_t prog[] = { ERET, SVC_0, ADD_X20_1 };
	set(MDSCR, MDSCR_SS);
	c->sr.spsr_el1 = SPSR_EL0T_SS;
	c->sr.elr_el1 = CODE + 4;
	run(prog, 3);
	assert_int_equal(esr_ec(), EC_SVC64);
	assert_false(c->sr.spsr_el1 & SPSR_EL0T_SS);
	assert_int_equal(c->sr.elr_el1, CODE + 8);
	/* The handler returns (SPSR and ELR as the SVC left them). */
	run(prog, 1);
	assert_int_equal(esr_ec(), EC_SOFTSTEP_LOWER);
	assert_int_equal(c->sr.esr_el1 & 0x1ffffff, 0x22);
	assert_int_equal(c->sr.elr_el1, CODE + 8);
	assert_int_equal(c->x[20], 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_unlocked, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_os_lock_reset, setup, teardown),
		T(test_breakpoint_el1),
		T(test_watchpoint_bas),
		T(test_step),
		T(test_step_over_svc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
