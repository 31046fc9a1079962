/*
 * NS16550A UART: registers, the divisor latch, THR to the output callback,
 * the receive FIFO and its trigger levels, LSR, IIR priorities and the
 * interrupt line, loopback and MSR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dev/ns16550.h"
#include "tests/unit/dev_test.h"

#define BASE 0x1fe001e0ull
enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5,
       MSR = 6, SCR = 7 };
enum { ERBFI = 1, ETBEI = 2, ELSI = 4, EDSSI = 8 };
enum { DR = 1, OE = 2, THRE = 0x20, TEMT = 0x40 };
enum { IIR_NONE = 1, IIR_THRE = 2, IIR_RDA = 4, IIR_RLS = 6, IIR_TIMEOUT = 0xc, IIR_MODEM = 0,
       FIFOS = 0xc0 };
enum { FIFO_EN = 1, CLEAR_RX = 2, DLAB = 0x80, LOOP = 0x10 };

struct fixture {
	struct mem_space mem;
	struct ns16550 *uart;
	struct test_sink out;
	struct test_line intr;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 0x1234);
	f->uart = ns16550_new(&f->mem, BASE, (struct dev_irq){ test_line_set, &f->intr, 2 },
			      test_sink_put, &f->out);
	assert_non_null(f->uart);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ns16550_free(f->uart);
	mem_space_free(&f->mem);
	free(f);
	return 0;
}

static uint8_t rd(struct fixture *f, uint64_t reg)
{
	return (uint8_t)mmio_rd(&f->mem, BASE + reg, 1);
}

static void wr(struct fixture *f, uint64_t reg, uint8_t v)
{
	mmio_wr(&f->mem, BASE + reg, 1, v);
}

/* The data sheet's reset values: no interrupt, THR and transmitter empty, a connected line. */
static void test_reset_values(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(rd(f, IER), 0);
	assert_int_equal(rd(f, IIR), IIR_NONE);
	assert_int_equal(rd(f, LCR), 0);
	assert_int_equal(rd(f, MCR), 0);
	assert_int_equal(rd(f, LSR), THRE | TEMT);
	assert_int_equal(rd(f, MSR), 0xb0);          /* DCD, DSR, CTS; no deltas */
	assert_false(f->intr.level);
	assert_int_equal(ns16550_rx_room(f->uart), 1);
	/* Past the eight registers: nothing there. */
	assert_false(mem_guest_io(&f->mem, &test_cpu0, BASE + NS16550_MMIO_SIZE, 1, false,
				  &(uint64_t){ 0 }));
}

/* DLAB switches offsets 0 and 1 to the divisor latch; SCR and LCR are storage. */
static void test_divisor_latch_and_scratch(void **state)
{
	struct fixture *f = *state;
	wr(f, LCR, DLAB | 0x03);
	wr(f, DLL, 0x36);
	wr(f, DLM, 0x01);
	assert_int_equal(rd(f, DLL), 0x36);
	assert_int_equal(rd(f, DLM), 0x01);
	assert_int_equal(f->out.n, 0);               /* a divisor write is not a THR write */
	wr(f, LCR, 0x03);
	assert_int_equal(rd(f, IER), 0);
	assert_int_equal(rd(f, LCR), 0x03);
	wr(f, SCR, 0x5a);
	assert_int_equal(rd(f, SCR), 0x5a);
	wr(f, LCR, DLAB);
	assert_int_equal(rd(f, DLL), 0x36);          /* kept across DLAB changes */
}

/* THR goes out at once; LSR always says THR and transmitter empty. */
static void test_transmit(void **state)
{
	struct fixture *f = *state;
	wr(f, THR, 'o');
	wr(f, THR, 'k');
	assert_int_equal(f->out.n, 2);
	assert_memory_equal(f->out.bytes, "ok", 2);
	assert_int_equal(rd(f, LSR) & (THRE | TEMT), THRE | TEMT);
	/* A 16-bit access is two byte accesses: THR, then IER. */
	mmio_wr(&f->mem, BASE + THR, 2, 'x' | (ERBFI << 8));
	assert_int_equal(f->out.n, 3);
	assert_int_equal(rd(f, IER), ERBFI);
}

/*
 * The THR-empty interrupt: raised by enabling ETBEI with THR empty and by
 * each THR write; cleared by reading IIR when it is the one reported (the
 * sequence Linux's serial8250_do_startup checks for UART_BUG_THRE).
 */
static void test_thre_interrupt(void **state)
{
	struct fixture *f = *state;
	wr(f, IER, ETBEI);
	assert_true(f->intr.level);
	assert_int_equal(f->intr.line, 2);
	assert_int_equal(rd(f, IIR), IIR_THRE);
	assert_false(f->intr.level);
	assert_int_equal(rd(f, IIR), IIR_NONE);
	wr(f, IER, 0);
	wr(f, IER, ETBEI);                           /* re-enabled while idle: asserted again */
	assert_true(f->intr.level);
	assert_int_equal(rd(f, IIR), IIR_THRE);
	wr(f, THR, 'a');                             /* THR empty again after the byte */
	assert_true(f->intr.level);
	wr(f, IER, 0);                               /* masked */
	assert_false(f->intr.level);
}

/* FCR: FIFO mode in IIR bits 7:6, the trigger levels, and the clears. */
static void test_fifo_and_trigger_levels(void **state)
{
	struct fixture *f = *state;
	wr(f, FCR, FIFO_EN | 0x80);                  /* trigger level 8 */
	assert_int_equal(rd(f, IIR), FIFOS | IIR_NONE);
	assert_int_equal(ns16550_rx_room(f->uart), NS16550_FIFO_DEPTH);
	wr(f, IER, ERBFI);
	for (int i = 0; i < 7; i++)
		assert_true(ns16550_input(f->uart, (uint8_t)('a' + i)));
	/* Below the trigger: the character timeout indication. */
	assert_int_equal(rd(f, IIR), FIFOS | IIR_TIMEOUT);
	assert_true(ns16550_input(f->uart, 'h'));
	assert_int_equal(rd(f, IIR), FIFOS | IIR_RDA);
	assert_true(f->intr.level);
	for (int i = 0; i < 8; i++) {
		assert_true(rd(f, LSR) & DR);
		assert_int_equal(rd(f, RBR), 'a' + i);
	}
	assert_false(rd(f, LSR) & DR);
	assert_int_equal(rd(f, RBR), 0);             /* empty FIFO reads 0 */
	assert_false(f->intr.level);
	/* FCR bit 1 empties the receiver and clears itself. */
	ns16550_input(f->uart, 'z');
	wr(f, FCR, FIFO_EN | CLEAR_RX | 0xc0);
	assert_false(rd(f, LSR) & DR);
	assert_false(f->intr.level);
	/* Leaving FIFO mode empties it too; the holding register holds one byte. */
	ns16550_input(f->uart, 'y');
	wr(f, FCR, 0);
	assert_false(rd(f, LSR) & DR);
	assert_int_equal(rd(f, IIR), IIR_NONE);
	assert_int_equal(ns16550_rx_room(f->uart), 1);
}

/* A full receiver drops the byte and flags OE; reading LSR clears it. */
static void test_overrun_and_line_status_priority(void **state)
{
	struct fixture *f = *state;
	wr(f, IER, ERBFI | ELSI | ETBEI);
	rd(f, IIR);                                  /* take the THR-empty interrupt */
	assert_true(ns16550_input(f->uart, '1'));
	assert_false(ns16550_input(f->uart, '2'));
	assert_int_equal(ns16550_rx_room(f->uart), 0);
	/* Receiver line status outranks received data. */
	assert_int_equal(rd(f, IIR), IIR_RLS);
	assert_int_equal(rd(f, LSR) & (OE | DR), OE | DR);
	assert_int_equal(rd(f, LSR) & OE, 0);
	assert_int_equal(rd(f, IIR), IIR_RDA);
	assert_int_equal(rd(f, RBR), '1');
	assert_int_equal(rd(f, IIR), IIR_NONE);
	assert_false(f->intr.level);
}

/* Loopback: THR into the receiver; MCR's outputs read back through MSR with their deltas. */
static void test_loopback_and_modem_status(void **state)
{
	struct fixture *f = *state;
	wr(f, IER, EDSSI);
	wr(f, MCR, LOOP);
	/* The lines drop (CTS, DSR, DCD follow RTS, DTR, OUT2, all 0): deltas and the interrupt. */
	assert_true(f->intr.level);
	assert_int_equal(rd(f, IIR), IIR_MODEM);
	assert_int_equal(rd(f, MSR), 0x0b);          /* DCTS, DDSR, DDCD */
	assert_int_equal(rd(f, MSR), 0x00);          /* reading cleared the deltas */
	assert_false(f->intr.level);
	wr(f, MCR, LOOP | 0x0f);                     /* DTR, RTS, OUT1, OUT2 */
	assert_int_equal(rd(f, MSR), 0xf0 | 0x0b);
	wr(f, MCR, LOOP | 0x0b);                     /* OUT1 off: RI's trailing edge */
	assert_int_equal(rd(f, MSR), 0xb0 | 0x04);
	wr(f, THR, 'L');
	assert_int_equal(f->out.n, 0);
	assert_int_equal(rd(f, RBR), 'L');
	wr(f, MCR, 0);
	wr(f, THR, 'T');
	assert_int_equal(f->out.n, 1);
	assert_int_equal(rd(f, MCR), 0);
	wr(f, MCR, 0xff);
	assert_int_equal(rd(f, MCR), 0x1f);          /* bits 7:5 read 0 */
}

/* The line follows the state: no call when the level does not change. */
static void test_level_changes_only(void **state)
{
	struct fixture *f = *state;
	wr(f, IER, ERBFI);
	ns16550_input(f->uart, 1);
	int changes = f->intr.changes;
	assert_true(f->intr.level);
	wr(f, SCR, 1);
	rd(f, LSR);
	assert_int_equal(f->intr.changes, changes);
	ns16550_reset(f->uart);
	assert_false(f->intr.level);
	assert_false(rd(f, LSR) & DR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_divisor_latch_and_scratch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transmit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thre_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_and_trigger_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overrun_and_line_status_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loopback_and_modem_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_level_changes_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
