/*
 * PL031 RTC: identification and reset values, the counter on virtual time,
 * RTCLR loads, the match interrupt (ticks, jumps, wrap-around, masking,
 * clearing), reset, and hostile accesses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dev/pl031.h"
#include "tests/unit/dev_test.h"
#include "tests/unit/test_req.h"

#define BASE 0x09010000ull
#define EPOCH 1767225600ull        /* 2026-01-01T00:00:00Z */
#define SEC 1000000000ull
enum { DR = 0x00, MR = 0x04, LR = 0x08, CR = 0x0c, IMSC = 0x10, RIS = 0x14, MIS = 0x18,
       ICR = 0x1c };

struct fixture {
	struct mem_space mem;
	struct pl031 *rtc;
	uint64_t now;              /* virtual nanoseconds */
	bool irq;
	int irq_changes;
	int irq_line;
};

static uint64_t clock_ns(void *opaque)
{
	return ((struct fixture *)opaque)->now;
}

static void irq_set(void *opaque, int line, bool level)
{
	struct fixture *f = opaque;
	f->irq = level;
	f->irq_line = line;
	f->irq_changes++;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 0x1234);
	struct dev_irq irq = { .set = irq_set, .opaque = f, .line = 34 };
	f->rtc = pl031_new(&f->mem, BASE, irq, clock_ns, f, EPOCH);
	assert_non_null(f->rtc);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pl031_free(f->rtc);
	mem_space_free(&f->mem);
	free(f);
	return 0;
}

static uint32_t rd(struct fixture *f, uint64_t off)
{
	return (uint32_t)mmio_rd(&f->mem, BASE + off, 4);
}

static void wr(struct fixture *f, uint64_t off, uint32_t v)
{
	mmio_wr(&f->mem, BASE + off, 4, v);
}

static void test_ids_and_reset_values(void **state)
{
	struct fixture *f = *state;
	static const uint8_t ids[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	assert_int_equal(primecell_id_mismatch(&f->mem, BASE, ids), -1);
	assert_int_equal(rd(f, DR), (uint32_t)EPOCH);
	assert_int_equal(rd(f, MR), 0);
	assert_int_equal(rd(f, LR), 0);
	assert_int_equal(rd(f, CR), 1);            /* running */
	assert_int_equal(rd(f, IMSC), 0);
	assert_int_equal(rd(f, RIS), 0);
	assert_int_equal(rd(f, MIS), 0);
	assert_int_equal(rd(f, ICR), 0);           /* write-only: RAZ */
	assert_int_equal(rd(f, 0x20), 0);          /* reserved */
	assert_false(f->irq);
	assert_null(pl031_new(&f->mem, BASE + 0x1000, (struct dev_irq){ 0 }, NULL, f, 0));
}

static void test_counter_follows_virtual_time(void **state)
{
	struct fixture *f = *state;
	f->now = SEC - 1;
	assert_int_equal(rd(f, DR), (uint32_t)EPOCH);
	f->now = SEC;
	assert_int_equal(rd(f, DR), (uint32_t)EPOCH + 1);
	f->now = 3600 * SEC + SEC / 2;
	assert_int_equal(rd(f, DR), (uint32_t)EPOCH + 3600);
	/* RTCDR, RTCCR and RTCRIS ignore writes */
	wr(f, DR, 5);
	wr(f, CR, 0);
	wr(f, RIS, 1);
	assert_int_equal(rd(f, DR), (uint32_t)EPOCH + 3600);
	assert_int_equal(rd(f, CR), 1);
	assert_int_equal(rd(f, RIS), 0);
	/* two clocks on the same time read the same */
	struct pl031 *r2 = pl031_new(&f->mem, BASE + 0x1000, (struct dev_irq){ 0 }, clock_ns, f, EPOCH);
	assert_non_null(r2);
	assert_int_equal(mmio_rd(&f->mem, BASE + 0x1000 + DR, 4), rd(f, DR));
	pl031_free(r2);
}

static void test_load(void **state)
{
	struct fixture *f = *state;
	f->now = 10 * SEC + 700000000;
	wr(f, LR, 1000);
	assert_int_equal(rd(f, LR), 1000);
	assert_int_equal(rd(f, DR), 1000);
	/* the next tick comes on the next virtual second */
	f->now = 11 * SEC - 1;
	assert_int_equal(rd(f, DR), 1000);
	f->now = 11 * SEC;
	assert_int_equal(rd(f, DR), 1001);
	f->now = 20 * SEC;
	assert_int_equal(rd(f, DR), 1010);
	/* byte writes merge into RTCLR (and load the merged value) */
	mmio_wr(&f->mem, BASE + LR + 1, 1, 0x01);
	assert_int_equal(rd(f, LR), 0x1e8);        /* 1000 = 0x3e8 */
	assert_int_equal(rd(f, DR), 0x1e8);
	/* an 8-byte read covers RTCDR and RTCMR */
	wr(f, MR, 0xabcd);
	assert_int_equal(mmio_rd(&f->mem, BASE + DR, 8), 0xabcdull << 32 | 0x1e8);
}

static void test_match_interrupt(void **state)
{
	struct fixture *f = *state;
	wr(f, IMSC, 1);
	assert_int_equal(rd(f, IMSC), 1);
	wr(f, MR, (uint32_t)EPOCH + 3);
	f->now = 2 * SEC;
	pl031_update(f->rtc);
	assert_false(f->irq);
	assert_int_equal(rd(f, RIS), 0);
	f->now = 3 * SEC;
	pl031_update(f->rtc);                      /* no register access needed */
	assert_true(f->irq);
	assert_int_equal(f->irq_line, 34);
	assert_int_equal(rd(f, RIS), 1);
	assert_int_equal(rd(f, MIS), 1);
	/* RIS is latched: still set after the counter moved past */
	f->now = 5 * SEC;
	assert_int_equal(rd(f, RIS), 1);
	wr(f, ICR, 1);
	assert_false(f->irq);
	assert_int_equal(rd(f, RIS), 0);
	/* no second match until the counter comes round again */
	f->now = 100 * SEC;
	pl031_update(f->rtc);
	assert_false(f->irq);
}

static void test_match_while_masked_and_jumps(void **state)
{
	struct fixture *f = *state;
	/* a big jump of virtual time still passes through the match value */
	wr(f, MR, (uint32_t)EPOCH + 50);
	f->now = 1000 * SEC;
	assert_int_equal(rd(f, RIS), 1);
	assert_int_equal(rd(f, MIS), 0);           /* masked: line low */
	assert_false(f->irq);
	wr(f, IMSC, 1);                            /* unmasking a pending match raises it */
	assert_true(f->irq);
	wr(f, IMSC, 0);
	assert_false(f->irq);
	wr(f, ICR, 1);
	/* setting RTCMR to the current value matches at once */
	wr(f, MR, rd(f, DR));
	assert_int_equal(rd(f, RIS), 1);
	wr(f, ICR, 1);
	/* and so does loading the counter with RTCMR's value */
	wr(f, LR, rd(f, MR));
	assert_int_equal(rd(f, RIS), 1);
}

static void test_match_across_wraparound(void **state)
{
	struct fixture *f = *state;
	wr(f, LR, 0xfffffffe);
	wr(f, MR, 1);
	wr(f, IMSC, 1);
	f->now = 2 * SEC;
	assert_int_equal(rd(f, DR), 0);
	assert_false(f->irq);
	f->now = 3 * SEC;
	pl031_update(f->rtc);
	assert_int_equal(rd(f, DR), 1);
	assert_true(f->irq);
}

static void test_reset(void **state)
{
	struct fixture *f = *state;
	f->now = 7 * SEC;
	wr(f, MR, (uint32_t)EPOCH + 7);
	wr(f, IMSC, 1);
	assert_true(f->irq);
	pl031_reset(f->rtc);
	assert_false(f->irq);
	assert_int_equal(rd(f, IMSC), 0);
	assert_int_equal(rd(f, RIS), 0);
	assert_int_equal(rd(f, MR), 0);
	assert_int_equal(rd(f, DR), (uint32_t)EPOCH + 7);  /* the time survives */
}

/* Hostile accesses: every offset and size, aligned or not, must be harmless. */
static void test_hostile_accesses(void **state)
{
	struct fixture *f = *state;
	uint64_t seed = 0x31031031031ull, v;
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	for (int i = 0; i < 20000; i++) {
		uint64_t r = test_rand(&seed);
		unsigned size = sizes[r & 3];
		uint64_t off = (r >> 8) % (PL031_MMIO_SIZE - size + 1);
		v = test_rand(&seed);
		f->now += (r >> 40) * 1000;
		assert_true(mem_guest_io(&f->mem, &test_cpu0, BASE + off, size, (r >> 4) & 1, &v));
		if (i % 89 == 0)
			pl031_update(f->rtc);
	}
	assert_false(mem_guest_io(&f->mem, &test_cpu0, BASE + PL031_MMIO_SIZE, 4, false, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ids_and_reset_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counter_follows_virtual_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_while_masked_and_jumps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_across_wraparound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_accesses, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
