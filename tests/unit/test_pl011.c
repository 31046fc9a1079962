/*
 * PL011 UART: registers, TX to the output callback, the RX FIFO, interrupts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dev/pl011.h"
#include "tests/unit/dev_test.h"
#include "tests/unit/test_req.h"

#define BASE 0x09000000ull
enum { DR = 0x00, RSR = 0x04, FR = 0x18, IBRD = 0x24, FBRD = 0x28, LCR_H = 0x2c, CR = 0x30,
       IFLS = 0x34, IMSC = 0x38, RIS = 0x3c, MIS = 0x40, ICR = 0x44, DMACR = 0x48 };
enum { FR_BUSY = 1 << 3, FR_RXFE = 1 << 4, FR_TXFF = 1 << 5, FR_RXFF = 1 << 6, FR_TXFE = 1 << 7 };
enum { RXIS = 1 << 4, TXIS = 1 << 5, RTIS = 1 << 6, OEIS = 1 << 10 };
enum { FEN = 1 << 4, LBE = 1 << 7 };

struct fixture {
	struct mem_space mem;
	struct pl011 *uart;
	uint8_t out[256];
	unsigned n_out;
	bool irq;
	int irq_changes;
	int irq_line;
};

static void out_byte(void *opaque, uint8_t b)
{
	struct fixture *f = opaque;
	if (f->n_out < sizeof(f->out))
		f->out[f->n_out++] = b;
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
	struct dev_irq irq = { .set = irq_set, .opaque = f, .line = 33 };
	f->uart = pl011_new(&f->mem, BASE, irq, out_byte, f);
	assert_non_null(f->uart);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pl011_free(f->uart);
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
	static const uint8_t ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	assert_int_equal(primecell_id_mismatch(&f->mem, BASE, ids), -1);
	assert_int_equal(rd(f, FR), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(f, CR), 0x300);
	assert_int_equal(rd(f, IFLS), 0x12);
	assert_int_equal(rd(f, RIS), 0);
	assert_int_equal(rd(f, IMSC), 0);
	assert_false(f->irq);
}

static void test_register_storage(void **state)
{
	struct fixture *f = *state;
	wr(f, IBRD, 0x12345678);
	wr(f, FBRD, 0xff);
	wr(f, LCR_H, 0x1ff);
	wr(f, CR, 0xffffffff);
	wr(f, IFLS, 0xff);
	wr(f, DMACR, 0xff);
	assert_int_equal(rd(f, IBRD), 0x5678);
	assert_int_equal(rd(f, FBRD), 0x3f);
	assert_int_equal(rd(f, LCR_H), 0xff);
	assert_int_equal(rd(f, CR), 0xff87);
	assert_int_equal(rd(f, IFLS), 0x3f);
	assert_int_equal(rd(f, DMACR), 0x7);
	/* 16-bit writes (Linux's default accessors) and byte writes merge */
	mmio_wr(&f->mem, BASE + CR, 2, 0x0301);
	assert_int_equal(rd(f, CR), 0x0301);
	mmio_wr(&f->mem, BASE + CR + 1, 1, 0x02);
	assert_int_equal(rd(f, CR), 0x0201);
	assert_int_equal(mmio_rd(&f->mem, BASE + CR + 1, 1), 0x02);
}

static void test_tx_and_tx_interrupt(void **state)
{
	struct fixture *f = *state;
	/* TXIS is raised by the FIFO draining, not at reset */
	wr(f, IMSC, TXIS);
	assert_false(f->irq);
	wr(f, DR, 'h');
	mmio_wr(&f->mem, BASE + DR, 1, 'i');   /* byte access */
	assert_int_equal(f->n_out, 2);
	assert_memory_equal(f->out, "hi", 2);
	assert_int_equal(rd(f, FR) & (FR_TXFE | FR_TXFF | FR_BUSY), FR_TXFE);
	assert_true(rd(f, RIS) & TXIS);
	assert_int_equal(rd(f, MIS), TXIS);
	assert_true(f->irq);
	assert_int_equal(f->irq_line, 33);
	wr(f, ICR, TXIS);
	assert_false(f->irq);
	assert_int_equal(rd(f, RIS) & TXIS, 0);
	/* masked: RIS set, MIS and the line clear */
	wr(f, IMSC, 0);
	wr(f, DR, '!');
	assert_true(rd(f, RIS) & TXIS);
	assert_int_equal(rd(f, MIS), 0);
	assert_false(f->irq);
}

static void test_rx_holding_register_without_fifo(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(pl011_rx_room(f->uart), 1);
	assert_true(pl011_input(f->uart, 'a'));
	assert_int_equal(rd(f, FR) & (FR_RXFE | FR_RXFF), FR_RXFF);
	assert_false(pl011_input(f->uart, 'b'));     /* overrun: dropped */
	assert_true(rd(f, RSR) & 0x8);
	assert_true(rd(f, RIS) & OEIS);
	assert_int_equal(rd(f, DR), 'a');
	assert_int_equal(rd(f, FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
	assert_int_equal(rd(f, DR), 0);              /* empty FIFO reads 0 */
	wr(f, RSR, 0);                               /* UARTECR */
	assert_int_equal(rd(f, RSR), 0);
	wr(f, ICR, OEIS);
	assert_int_equal(rd(f, RIS) & OEIS, 0);
}

static void test_rx_fifo_order_and_depth(void **state)
{
	struct fixture *f = *state;
	wr(f, LCR_H, FEN | 0x60);
	assert_int_equal(pl011_rx_room(f->uart), PL011_FIFO_DEPTH);
	for (int i = 0; i < PL011_FIFO_DEPTH; i++)
		assert_true(pl011_input(f->uart, (uint8_t)('A' + i)));
	assert_int_equal(pl011_rx_room(f->uart), 0);
	assert_true(rd(f, FR) & FR_RXFF);
	assert_false(pl011_input(f->uart, 'z'));
	for (int i = 0; i < PL011_FIFO_DEPTH; i++) {
		assert_false(rd(f, FR) & FR_RXFE);
		assert_int_equal(rd(f, DR), 'A' + i);
	}
	assert_true(rd(f, FR) & FR_RXFE);
	/* wrap around the ring */
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 10; i++)
			assert_true(pl011_input(f->uart, (uint8_t)(round * 10 + i)));
		for (int i = 0; i < 10; i++)
			assert_int_equal(rd(f, DR), round * 10 + i);
	}
}

static void test_rx_interrupts(void **state)
{
	struct fixture *f = *state;
	wr(f, LCR_H, FEN);
	wr(f, IFLS, 2 << 3);                         /* RX trigger at 1/2: 8 bytes */
	wr(f, IMSC, RXIS);
	for (int i = 0; i < 7; i++)
		pl011_input(f->uart, (uint8_t)i);
	assert_int_equal(rd(f, RIS) & (RXIS | RTIS), RTIS);
	assert_false(f->irq);                        /* RTIS masked */
	pl011_input(f->uart, 7);
	assert_true(rd(f, RIS) & RXIS);
	assert_true(f->irq);
	rd(f, DR);                                   /* 7 left: below trigger */
	assert_int_equal(rd(f, RIS) & RXIS, 0);
	assert_false(f->irq);
	wr(f, IMSC, RXIS | RTIS);                    /* timeout: data waiting */
	assert_true(f->irq);
	for (int i = 0; i < 7; i++)
		rd(f, DR);
	assert_int_equal(rd(f, RIS) & (RXIS | RTIS), 0);
	assert_false(f->irq);
	/* ICR clears RTIS while data remains; the next byte re-arms it */
	pl011_input(f->uart, 1);
	assert_true(f->irq);
	wr(f, ICR, RTIS | RXIS);
	assert_false(f->irq);
	pl011_input(f->uart, 2);
	assert_true(f->irq);
	int changes = f->irq_changes;
	pl011_input(f->uart, 3);                     /* level unchanged: no call */
	assert_int_equal(f->irq_changes, changes);
}

static void test_loopback(void **state)
{
	struct fixture *f = *state;
	wr(f, LCR_H, FEN);
	wr(f, CR, 0x301 | LBE);
	wr(f, DR, 'x');
	assert_int_equal(f->n_out, 0);
	assert_int_equal(rd(f, DR), 'x');
	wr(f, CR, 0x301);
	wr(f, DR, 'y');
	assert_int_equal(f->n_out, 1);
	assert_true(rd(f, FR) & FR_RXFE);
}

static void test_reset(void **state)
{
	struct fixture *f = *state;
	wr(f, IMSC, RXIS | RTIS);
	pl011_input(f->uart, 'q');
	assert_true(f->irq);
	pl011_reset(f->uart);
	assert_false(f->irq);
	assert_int_equal(rd(f, FR), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(f, IMSC), 0);
}

/* Hostile accesses: every offset and size, aligned or not, must be harmless. */
static void test_hostile_accesses(void **state)
{
	struct fixture *f = *state;
	uint64_t seed = 0x9e3779b97f4a7c15ull, v;
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	for (int i = 0; i < 20000; i++) {
		uint64_t r = test_rand(&seed);
		unsigned size = sizes[r & 3];
		uint64_t off = (r >> 8) % (PL011_MMIO_SIZE - size + 1);
		v = test_rand(&seed);
		assert_true(mem_guest_io(&f->mem, &test_cpu0, BASE + off, size, (r >> 4) & 1, &v));
		if (i % 97 == 0)
			pl011_input(f->uart, (uint8_t)r);
	}
	/* past the end of the region, or straddling it: no device there */
	assert_false(mem_guest_io(&f->mem, &test_cpu0, BASE + PL011_MMIO_SIZE, 4, false, &v));
	assert_false(mem_guest_io(&f->mem, &test_cpu0, BASE + PL011_MMIO_SIZE - 2, 4, false, &v));
	/* reserved offsets read as zero */
	assert_int_equal(rd(f, 0x08), 0);
	assert_int_equal(rd(f, 0x800), 0);
	assert_int_equal(rd(f, ICR), 0);
}

static void test_two_uarts_are_independent(void **state)
{
	struct fixture *f = *state;
	struct fixture g = { 0 };
	struct pl011 *u2 = pl011_new(&f->mem, BASE + 0x1000, (struct dev_irq){ 0 }, out_byte, &g);
	assert_non_null(u2);
	assert_null(pl011_new(&f->mem, BASE, (struct dev_irq){ 0 }, NULL, NULL)); /* overlap */
	mmio_wr(&f->mem, BASE + 0x1000 + DR, 4, 'B');
	wr(f, DR, 'A');
	assert_int_equal(g.n_out, 1);
	assert_int_equal(g.out[0], 'B');
	assert_int_equal(f->n_out, 1);
	assert_int_equal(f->out[0], 'A');
	pl011_input(u2, 'z');                        /* unwired IRQ line is fine */
	assert_true(rd(f, FR) & FR_RXFE);
	assert_int_equal(mmio_rd(&f->mem, BASE + 0x1000 + DR, 4), 'z');
	pl011_free(u2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ids_and_reset_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_storage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_and_tx_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_holding_register_without_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_fifo_order_and_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_interrupts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loopback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_accesses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_uarts_are_independent, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
