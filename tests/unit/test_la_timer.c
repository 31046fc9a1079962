/*
 * The stable counter and the constant timer (LA RM 2.2.10.4, 7.6) on
 * virtual time: the harness's core clock is 1 GHz, the counter 100 MHz, so
 * a tick is 10 cycles. One-shot and periodic timers fire at exact counter
 * values, a disabled timer holds its count, an expired one-shot reads all
 * ones, TICLR clears the line; and guest code idling until the timer wakes
 * at the tick it was due.
 *
 * Instruction words from llvm-mc-16 -triple=loongarch64 -mattr=+d, the
 * assembly beside each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/la_sys_test.h"

#define EN 1ull
#define PERIODIC 2ull
#define ALL_ONES ((1ull << LA_TIMER_BITS) - 1)
#define TI (1ull << LA_IRQ_TIMER)

/* Cycles per counter tick, and the counter a given cycle reads. */
static uint64_t ratio(void)
{
	return c->core.timing->hz / c->plat.stable_hz;
}

/* Let virtual time reach `cycle`, firing what is due on the way. */
static void advance(uint64_t cycle)
{
	c->core.cycles = cycle;
	core_events_run(c->events, cycle);
}

/*
 * Written at counter 100 with InitVal 40, the timer reaches 0 at counter
 * 140: the event sits at cycle
 * 1400, TVAL counts down to it, then the line rises and TVAL reads all
 * ones; En stays set. TICLR clears the line (LA RM 7.6.5).
 */
static void test_oneshot(void **state)
{
	const uint64_t r = ratio();
	advance(100 * r + 5);
	assert_int_equal(la_stable_counter(c), 100);
	csr_set(LA_CSR_TCFG, 40 | EN);
	assert_int_equal(core_events_next(c->events), 140 * r);
	assert_int_equal(csr_get(LA_CSR_TVAL), 40);
	advance(140 * r - 1);
	assert_int_equal(csr_get(LA_CSR_TVAL), 1);
	assert_int_equal(c->csr.estat & TI, 0);
	advance(140 * r);
	assert_int_equal(c->csr.estat & TI, TI);
	assert_int_equal(csr_get(LA_CSR_TVAL), ALL_ONES);
	assert_int_equal(csr_get(LA_CSR_TCFG), 40 | EN);
	assert_int_equal(core_events_next(c->events), UINT64_MAX);
	csr_set(LA_CSR_TCFG, 0);            /* a TCFG write leaves the line alone */
	assert_int_equal(c->csr.estat & TI, TI);
	assert_int_equal(csr_get(LA_CSR_TICLR), 0);
	csr_set(LA_CSR_TICLR, 1);
	assert_int_equal(c->csr.estat & TI, 0);
}

/* Periodic: reloaded at each zero, the next one InitVal ticks later, whenever the event runs. */
static void test_periodic(void **state)
{
	const uint64_t r = ratio();
	csr_set(LA_CSR_TCFG, 100 | EN | PERIODIC);
	for (uint64_t k = 1; k <= 3; k++) {
		assert_int_equal(core_events_next(c->events), 100 * k * r);
		advance(100 * k * r + 3);   /* a little late: the period does not drift */
		assert_int_equal(c->csr.estat & TI, TI);
		assert_int_equal(csr_get(LA_CSR_TVAL), 100);
		csr_set(LA_CSR_TICLR, 1);
	}
	advance(350 * r);
	assert_int_equal(csr_get(LA_CSR_TVAL), 50);
}

/* En cleared: the count holds where it was; set again, it restarts from InitVal. */
static void test_disabled(void **state)
{
	const uint64_t r = ratio();
	csr_set(LA_CSR_TCFG, 1000 | EN);
	advance(300 * r);
	csr_set(LA_CSR_TCFG, 1000);
	assert_int_equal(core_events_next(c->events), UINT64_MAX);
	advance(5000 * r);
	assert_int_equal(csr_get(LA_CSR_TVAL), 700);
	assert_int_equal(c->csr.estat & TI, 0);
	csr_set(LA_CSR_TCFG, 1000 | EN);
	assert_int_equal(csr_get(LA_CSR_TVAL), 1000);
	assert_int_equal(core_events_next(c->events), 6000 * r);
}

/*
 * IDLE until the timer (LA RM 4.2.6): with IE clear the waking interrupt
 * is not taken and the code goes on. The vCPU sleeps to the cycle the
 * counter reaches the deadline, so the RDTIME right after reads the
 * deadline plus its own cost, to the tick.
 */
static void test_idle_until_timer(void **state)
{
	static const uint32_t prog[] = {
		0x04010424,   /* csrwr $a0, 0x41    (TCFG) */
		0x00006805,   /* rdtime.d $a1, $zero */
		0x06488000,   /* idle 0 */
		0x00006806,   /* rdtime.d $a2, $zero */
		0x04001407,   /* csrrd $a3, 0x5     (ESTAT) */
		0x04010808,   /* csrrd $a4, 0x42    (TVAL) */
	};
	csr_set(LA_CSR_ECFG, TI);
	c->r[4] = 5000 | EN;
	la_harness_run(h, prog, 6);
	assert_true(c->core.halted);
	assert_int_equal(run_on(), LA_HARNESS_STOP);
	uint64_t deadline = c->timer_deadline;
	assert_true(c->r[5] < deadline && deadline - c->r[5] <= 5000);
	assert_int_equal(c->r[6], (deadline * ratio() + c->core.timing->cost[CORE_CLASS_SYS]) / ratio());
	assert_int_equal(c->r[7] & TI, TI);
	assert_int_equal(c->r[8], ALL_ONES);
	assert_int_equal(la_plv(c), 0);
}

/*
 * A periodic timer's interrupts, taken from IDLE: a handler at EENTRY
 * reads the counter first thing, clears the line and counts. Each reading
 * is its deadline plus the exception entry's and the RDTIME's cost:
 * exactly one period apart.
 */
static void test_periodic_interrupts(void **state)
{
	static const uint32_t handler[] = {
		0x0000680d,   /* rdtime.d $t1, $zero */
		0x29c001cd,   /* st.d $t1, $t2, 0 */
		0x02c021ce,   /* addi.d $t2, $t2, 8 */
		0x02c0040c,   /* addi.d $t0, $zero, 1 */
		0x0401102c,   /* csrwr $t0, 0x44     (TICLR) */
		0x02c006f7,   /* addi.d $s0, $s0, 1 */
		0x06483800,   /* ertn */
	};
	static const uint32_t prog[] = {
		0x04010424,   /* csrwr $a0, 0x41      (TCFG) */
		0x040000a7,   /* csrxchg $a3, $a1, 0x0 (IE on) */
		0x06488000,   /* idle 0 */
		0x5ffffee6,   /* bne $s0, $a2, -4 */
		0x040000a0,   /* csrxchg $zero, $a1, 0x0 (IE off) */
	};
	const uint64_t period = 1000, seen = 0x8000;
	mem_load(la_harness_mem(h), LA_HARNESS_EENTRY, handler, sizeof(handler));
	csr_set(LA_CSR_ECFG, TI);
	c->r[4] = period | EN | PERIODIC;
	c->r[5] = c->r[7] = LA_CRMD_IE;
	c->r[6] = 3;
	c->r[14] = seen;
	la_harness_run(h, prog, 5);
	assert_int_equal(run_on(), LA_HARNESS_STOP);
	assert_int_equal(c->r[23], 3);
	uint64_t first = c->timer_deadline - 3 * period;
	uint64_t late = (c->core.timing->exception + c->core.timing->cost[CORE_CLASS_SYS]) / ratio();
	uint64_t got[3];
	memcpy(got, la_harness_ram(h, seen), sizeof(got));
	for (int k = 0; k < 3; k++)
		assert_int_equal(got[k], first + k * period + late);
	assert_int_equal(c->csr.estat & TI, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_oneshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_periodic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_until_timer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_periodic_interrupts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
