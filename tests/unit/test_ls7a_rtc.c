/*
 * The LS7A RTC (dev/ls7a_rtc.c) as Linux's rtc-loongson uses it: the time
 * in broken-down fields on virtual time, setting it, the RTC counter, and
 * the alarm through TOY_MATCH0 and PM1_EN/PM1_STS.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/dev_test.h"
#include "dev/ls7a_rtc.h"

#define PM 0x100d0000ull
#define RTC (PM + LS7A_RTC_OFFSET)
#define EPOCH_2026 1767225600ull   /* 2026-01-01T00:00:00Z */

struct fixture {
	struct mem_space mem;
	struct ls7a_rtc *rtc;
	uint64_t now;
	int level;
};

static uint64_t now_ns(void *opaque)
{
	return ((struct fixture *)opaque)->now;
}

static void set_irq(void *opaque, int line, bool level)
{
	((struct fixture *)opaque)->level = level;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	f->rtc = ls7a_rtc_new(&f->mem, PM, (struct dev_irq){ .set = set_irq, .opaque = f }, now_ns, f,
			      EPOCH_2026);
	assert_non_null(f->rtc);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ls7a_rtc_free(f->rtc);
	mem_space_free(&f->mem);
	test_free(f);
	return 0;
}

static uint32_t rd(struct fixture *f, uint64_t off)
{
	uint64_t v = 0;
	assert_true(mem_guest_io(&f->mem, &test_cpu0, RTC + off, 4, false, &v));
	return (uint32_t)v;
}

static void wr(struct fixture *f, uint64_t addr, uint32_t v)
{
	uint64_t x = v;
	assert_true(mem_guest_io(&f->mem, &test_cpu0, addr, 4, true, &x));
}

#define FIELDS(mon, day, h, m, s) ((uint32_t)(mon) << 26 | (day) << 21 | (h) << 16 | (m) << 10 | (s) << 4)

static void test_time(void **state)
{
	struct fixture *f = *state;
	/* Enabled from reset (TOY_ENABLE | OSC_ENABLE), or Linux would not read it. */
	assert_int_equal(rd(f, 0x40) & 0x900, 0x900);
	assert_int_equal(rd(f, 0x2c), FIELDS(1, 1, 0, 0, 0));
	assert_int_equal(rd(f, 0x30), 126);
	/* 61.25 days, 3 h, 4 min, 5.7 s later: 2026-03-03 03:04:05, tenths 7. */
	f->now = ((61ull * 86400 + 3 * 3600 + 4 * 60 + 5) * 1000000000ull) + 700000000ull;
	assert_int_equal(rd(f, 0x2c), FIELDS(3, 3, 3, 4, 5) | 7);
	/* Set 2000-02-29 23:59:58 (as Linux writes: WRITE0, then WRITE1 = tm_year). */
	wr(f, RTC + 0x24, FIELDS(2, 29, 23, 59, 58));
	wr(f, RTC + 0x28, 100);
	assert_int_equal(rd(f, 0x2c) & ~0xfu, FIELDS(2, 29, 23, 59, 58));
	f->now += 2000000000ull;
	assert_int_equal(rd(f, 0x2c) & ~0xfu, FIELDS(3, 1, 0, 0, 0));
	assert_int_equal(rd(f, 0x30), 100);
	/* Not a date: the clock keeps its time. */
	wr(f, RTC + 0x24, FIELDS(13, 1, 0, 0, 0));
	wr(f, RTC + 0x28, 100);
	assert_int_equal(rd(f, 0x2c) & ~0xfu, FIELDS(3, 1, 0, 0, 0));
}

static void test_rtc_counter(void **state)
{
	struct fixture *f = *state;
	wr(f, RTC + 0x64, 1000);
	f->now += 500000000ull;
	assert_int_equal(rd(f, 0x68), 1000 + 16384);
}

/* TOY_MATCH0 layout: year%64 31:26, mon 25:22, day 21:17, hour 16:12, min 11:6, sec 5:0. */
static void test_alarm(void **state)
{
	struct fixture *f = *state;
	uint32_t match = 126u % 64 << 26 | 1u << 22 | 1u << 17 | 0u << 12 | 0u << 6 | 3u;
	wr(f, RTC + 0x34, match);
	f->now = 2000000000ull;
	ls7a_rtc_update(f->rtc);
	assert_int_equal(f->level, 0);
	wr(f, PM + 0x10, 1u << 10);            /* PM1_EN.RTC_EN */
	f->now = 3100000000ull;
	ls7a_rtc_update(f->rtc);
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(f, (uint64_t)-0x100 + 0x0c) & (1u << 10), 1u << 10);
	/* Linux's handler writes TOY_MATCH0 = 0: the alarm ends. */
	wr(f, RTC + 0x34, 0);
	assert_int_equal(f->level, 0);
	f->now = 10000000000ull;
	ls7a_rtc_update(f->rtc);
	assert_int_equal(f->level, 0);
}

/* A machine reset: the alarm and registers as at creation, the line low, the time kept. */
static void test_reset(void **state)
{
	struct fixture *f = *state;
	uint32_t match = 126u % 64 << 26 | 1u << 22 | 1u << 17 | 3u;   /* 2026-01-01 00:00:03 */
	wr(f, RTC + 0x34, match);
	wr(f, PM + 0x10, 1u << 10);
	wr(f, RTC + 0x20, 0x1234);               /* TOY_TRIM */
	wr(f, RTC + 0x40, 0x2900);               /* RTC_CTRL: and RTC_EN */
	f->now = 3100000000ull;
	ls7a_rtc_update(f->rtc);
	assert_int_equal(f->level, 1);
	f->now = 3600000000ull;
	ls7a_rtc_reset(f->rtc);
	assert_int_equal(f->level, 0);
	assert_int_equal(rd(f, 0x34), 0);
	assert_int_equal(rd(f, 0x20), 0);
	assert_int_equal(rd(f, 0x40), 0x900);
	assert_int_equal(rd(f, (uint64_t)-0x100 + 0x0c), 0);
	assert_int_equal(rd(f, (uint64_t)-0x100 + 0x10), 0);
	assert_int_equal(rd(f, 0x2c), FIELDS(1, 1, 0, 0, 3) | 6);
	assert_int_equal(rd(f, 0x30), 126);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rtc_counter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alarm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
