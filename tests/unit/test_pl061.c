/*
 * PL061 GPIO: identification and reset values, address-masked GPIODATA,
 * inputs and outputs, edge (one edge, both edges) and level interrupts,
 * masking and clearing, reset, and hostile accesses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dev/pl061.h"
#include "tests/unit/dev_test.h"

#define BASE 0x09030000ull
enum { DIR = 0x400, IS = 0x404, IBE = 0x408, IEV = 0x40c, IE = 0x410, RIS = 0x414, MIS = 0x418,
       IC = 0x41c, AFSEL = 0x420 };
#define ALL_PINS (0xffu << 2)      /* GPIODATA with every pin selected */

struct fixture {
	struct mem_space mem;
	struct pl061 *gpio;
	struct test_line irq;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 0x1234);
	f->gpio = pl061_new(&f->mem, BASE, (struct dev_irq){ .set = test_line_set, .opaque = &f->irq,
							     .line = 39 });
	assert_non_null(f->gpio);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pl061_free(f->gpio);
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
	static const uint8_t ids[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	assert_int_equal(primecell_id_mismatch(&f->mem, BASE, ids), -1);
	for (uint64_t off = DIR; off <= AFSEL; off += 4)
		assert_int_equal(rd(f, off), 0);
	assert_int_equal(rd(f, ALL_PINS), 0);
	assert_int_equal(f->irq.changes, 0);
}

/* Address bits [9:2] select the pins a GPIODATA access sees or changes. */
static void test_data_masked_by_address(void **state)
{
	struct fixture *f = *state;
	wr(f, DIR, 0x0f);                  /* pins 0-3 out, 4-7 in */
	wr(f, ALL_PINS, 0xff);
	assert_int_equal(rd(f, ALL_PINS), 0x0f);   /* inputs read the outside: low */
	wr(f, 0x02 << 2, 0x00);             /* only pin 1 selected: cleared */
	assert_int_equal(rd(f, ALL_PINS), 0x0d);
	assert_int_equal(rd(f, 0x0c << 2), 0x0c);  /* only pins 2 and 3 read */
	assert_int_equal(rd(f, 0), 0);             /* nothing selected */
	pl061_set_input(f->gpio, 5, true);
	pl061_set_input(f->gpio, 1, true);         /* an output: the outside does not show */
	assert_int_equal(rd(f, ALL_PINS), 0x2d);
	wr(f, DIR, 0x00);                           /* all inputs: the outside shows */
	assert_int_equal(rd(f, ALL_PINS), 0x22);
	assert_int_equal(rd(f, DIR), 0x00);
}

/* Pin 3 edge-sensitive on the rising edge (GPIOIEV 1), as a key that presses high. */
static void test_rising_edge(void **state)
{
	struct fixture *f = *state;
	wr(f, IEV, 1 << 3);
	wr(f, IE, 1 << 3);
	pl061_set_input(f->gpio, 3, true);
	assert_int_equal(rd(f, RIS), 1 << 3);
	assert_int_equal(rd(f, MIS), 1 << 3);
	assert_true(f->irq.level);
	assert_int_equal(f->irq.line, 39);
	pl061_set_input(f->gpio, 3, false);         /* the falling edge: still latched */
	assert_true(f->irq.level);
	wr(f, IC, 1 << 3);
	assert_false(f->irq.level);
	assert_int_equal(rd(f, RIS), 0);
	pl061_set_input(f->gpio, 3, false);          /* no change, no edge */
	assert_int_equal(rd(f, RIS), 0);
	/* Falling edge only (GPIOIEV 0). */
	wr(f, IEV, 0);
	pl061_set_input(f->gpio, 3, true);
	assert_int_equal(rd(f, RIS), 0);
	pl061_set_input(f->gpio, 3, false);
	assert_int_equal(rd(f, RIS), 1 << 3);
	assert_int_equal(f->irq.changes, 3);
}

/* GPIOIBE: both edges, as Linux's gpio-keys asks for a key's press and release. */
static void test_both_edges_and_masking(void **state)
{
	struct fixture *f = *state;
	wr(f, IBE, 1 << 3);
	pl061_set_input(f->gpio, 3, true);
	assert_int_equal(rd(f, RIS), 1 << 3);
	assert_int_equal(rd(f, MIS), 0);            /* masked: no interrupt */
	assert_false(f->irq.level);
	wr(f, IE, 1 << 3);                          /* unmasking a latched edge interrupts */
	assert_true(f->irq.level);
	wr(f, IC, 1 << 3);
	assert_false(f->irq.level);
	pl061_set_input(f->gpio, 3, false);
	assert_true(f->irq.level);
	wr(f, IC, 0xff);
	assert_false(f->irq.level);
	pl061_set_input(f->gpio, 8, true);           /* no pin 8: nothing */
	assert_int_equal(rd(f, ALL_PINS), 0);
}

/* Level-sensitive: GPIORIS follows the level; GPIOIC does not clear it. */
static void test_level(void **state)
{
	struct fixture *f = *state;
	wr(f, IS, 1 << 6);
	wr(f, IE, 1 << 6);
	assert_true(f->irq.level);                  /* low level, GPIOIEV 0: active now */
	wr(f, IEV, 1 << 6);
	assert_false(f->irq.level);
	pl061_set_input(f->gpio, 6, true);
	assert_true(f->irq.level);
	wr(f, IC, 1 << 6);
	assert_true(f->irq.level);
	assert_int_equal(rd(f, RIS), 1 << 6);
	pl061_set_input(f->gpio, 6, false);
	assert_false(f->irq.level);
	/* An output pin interrupts on what it drives. */
	wr(f, DIR, 1 << 6);
	wr(f, ALL_PINS, 1 << 6);
	assert_true(f->irq.level);
}

static void test_reset(void **state)
{
	struct fixture *f = *state;
	wr(f, IBE, 0xff);
	wr(f, IE, 0xff);
	wr(f, AFSEL, 0x81);
	pl061_set_input(f->gpio, 0, true);
	assert_true(f->irq.level);
	pl061_reset(f->gpio);
	assert_false(f->irq.level);
	for (uint64_t off = DIR; off <= AFSEL; off += 4)
		assert_int_equal(rd(f, off), 0);
	assert_int_equal(rd(f, ALL_PINS), 1);         /* the outside still drives pin 0 */
}

/* Odd sizes and offsets, reserved registers: no crash, only the low byte counts. */
static void test_hostile_accesses(void **state)
{
	struct fixture *f = *state;
	uint64_t seed = 61;
	for (int i = 0; i < 20000; i++) {
		unsigned size = 1u << (test_rand(&seed) % 4);
		uint64_t off = test_rand(&seed) % (PL061_MMIO_SIZE - size + 1);
		if (test_rand(&seed) & 1)
			mmio_wr(&f->mem, BASE + off, size, test_rand(&seed));
		else
			(void)mmio_rd(&f->mem, BASE + off, size);
	}
	wr(f, DIR, 0xffffff00);                      /* only bits 7:0 exist */
	assert_int_equal(rd(f, DIR), 0);
	mmio_wr(&f->mem, BASE + DIR + 1, 1, 0xff);     /* the second byte: no pins there */
	assert_int_equal(rd(f, DIR), 0);
	assert_int_equal(rd(f, 0x424), 0);
	for (int i = 0; i < 8; i++)
		assert_int_equal(rd(f, 0xfe0 + 4 * i) >> 8, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ids_and_reset_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_masked_by_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rising_edge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_both_edges_and_masking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_accesses, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
