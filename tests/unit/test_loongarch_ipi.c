/*
 * LoongArch IPI registers in IOCSR space: each core's own STATUS, ENABLE,
 * SET, CLEAR and mailboxes through its requester; IPI_SEND, MAIL_SEND and
 * ANY_SEND to another core, as Linux's smp.c and eiointc driver use them;
 * the IPI line per core.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dev/loongarch_eiointc.h"
#include "dev/loongarch_ipi.h"
#include "tests/unit/dev_test.h"

#define CPUS 4
/* Linux's send encodings (asm/loongarch.h): BLOCKING bit 31, the CPU in bits 25:16. */
#define BLOCKING (1u << 31)
#define TO(cpu) ((uint64_t)(cpu) << 16)

struct fixture {
	struct mem_space iocsr;
	struct loongarch_ipi *ipi;
	struct eiointc *eio;
	bool line[CPUS];
	int changes;
};

static void ipi_line(void *opaque, int cpu, bool level)
{
	struct fixture *f = opaque;
	assert_true(cpu >= 0 && cpu < CPUS);
	f->line[cpu] = level;
	f->changes++;
}

static void eio_pin(void *opaque, int cpu, int ip, bool level)
{
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->iocsr, MEM_SPACE_IOCSR, 1);
	f->ipi = loongarch_ipi_new(&f->iocsr, CPUS, ipi_line, f);
	f->eio = eiointc_new(&f->iocsr, CPUS, eio_pin, f);
	assert_non_null(f->ipi);
	assert_non_null(f->eio);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	loongarch_ipi_free(f->ipi);
	eiointc_free(f->eio);
	mem_space_free(&f->iocsr);
	free(f);
	return 0;
}

static uint64_t rd(struct fixture *f, int cpu, uint64_t addr, unsigned size)
{
	struct mem_req who = { .kind = MEM_BY_GUEST, .vcpu = (int16_t)cpu };
	uint64_t v = 0xdeadbeef;
	assert_true(mem_guest_io(&f->iocsr, &who, addr, size, false, &v));
	return v;
}

static void wr(struct fixture *f, int cpu, uint64_t addr, unsigned size, uint64_t v)
{
	struct mem_req who = { .kind = MEM_BY_GUEST, .vcpu = (int16_t)cpu };
	assert_true(mem_guest_io(&f->iocsr, &who, addr, size, true, &v));
}

/* Each core sees its own registers at the same addresses. */
static void test_per_core_registers(void **state)
{
	struct fixture *f = *state;
	for (int c = 0; c < CPUS; c++)
		wr(f, c, LOONGARCH_IPI_EN, 4, 0x100u << c);
	for (int c = 0; c < CPUS; c++) {
		assert_int_equal(rd(f, c, LOONGARCH_IPI_EN, 4), 0x100u << c);
		assert_int_equal(rd(f, c, LOONGARCH_IPI_STATUS, 4), 0);
	}
	wr(f, 1, LOONGARCH_IPI_MBUF0 + 8, 8, 0x1122334455667788ull);
	assert_int_equal(rd(f, 1, LOONGARCH_IPI_MBUF0 + 8, 8), 0x1122334455667788ull);
	assert_int_equal(rd(f, 1, LOONGARCH_IPI_MBUF0 + 12, 4), 0x11223344);
	assert_int_equal(rd(f, 0, LOONGARCH_IPI_MBUF0 + 8, 8), 0);
	/* STATUS is read-only; the host and unknown cores see nothing. */
	wr(f, 2, LOONGARCH_IPI_STATUS, 4, ~0u);
	assert_int_equal(rd(f, 2, LOONGARCH_IPI_STATUS, 4), 0);
	uint64_t v = 7;
	assert_true(mem_guest_io(&f->iocsr, &mem_host, LOONGARCH_IPI_EN, 4, false, &v));
	assert_int_equal(v, 0);
	assert_int_equal(rd(f, CPUS, LOONGARCH_IPI_EN, 4), 0);
	/* One 64-bit read: STATUS low, ENABLE high. */
	assert_int_equal(rd(f, 3, LOONGARCH_IPI_STATUS, 8), (uint64_t)0x800 << 32);
}

/* SET and CLEAR act on STATUS; the line follows STATUS & ENABLE. */
static void test_set_clear_enable(void **state)
{
	struct fixture *f = *state;
	wr(f, 0, LOONGARCH_IPI_SET, 4, 0x5);
	assert_int_equal(rd(f, 0, LOONGARCH_IPI_STATUS, 4), 0x5);
	assert_false(f->line[0]);                    /* not enabled */
	wr(f, 0, LOONGARCH_IPI_EN, 4, 0x4);
	assert_true(f->line[0]);
	wr(f, 0, LOONGARCH_IPI_CLEAR, 4, 0x4);
	assert_int_equal(rd(f, 0, LOONGARCH_IPI_STATUS, 4), 0x1);
	assert_false(f->line[0]);
	wr(f, 0, LOONGARCH_IPI_EN, 4, ~0u);
	assert_true(f->line[0]);
	wr(f, 0, LOONGARCH_IPI_CLEAR, 4, ~0u);
	assert_false(f->line[0]);
	assert_int_equal(f->changes, 4);
	/* SET and CLEAR read as 0. */
	assert_int_equal(rd(f, 0, LOONGARCH_IPI_SET, 4), 0);
}

/* A machine reset: every core's STATUS, ENABLE and mailboxes 0, raised lines low. */
static void test_reset(void **state)
{
	struct fixture *f = *state;
	for (int c = 0; c < CPUS; c++) {
		wr(f, c, LOONGARCH_IPI_EN, 4, ~0u);
		wr(f, c, LOONGARCH_IPI_SET, 4, 1u << c);
		wr(f, c, LOONGARCH_IPI_MBUF0, 8, 0x9000000000200000ull + (uint64_t)c);
		assert_true(f->line[c]);
	}
	loongarch_ipi_reset(f->ipi);
	for (int c = 0; c < CPUS; c++) {
		assert_false(f->line[c]);
		assert_int_equal(rd(f, c, LOONGARCH_IPI_STATUS, 8), 0);
		for (int m = 0; m < 4; m++)
			assert_int_equal(rd(f, c, LOONGARCH_IPI_MBUF0 + 8 * (uint64_t)m, 8), 0);
	}
}

/* IPI_SEND (ipi_write_action): bit `action` in the target's STATUS; its line only. */
static void test_ipi_send(void **state)
{
	struct fixture *f = *state;
	wr(f, 2, LOONGARCH_IPI_EN, 4, ~0u);
	wr(f, 0, LOONGARCH_IPI_SEND, 4, BLOCKING | TO(2) | 1);   /* ACTION_RESCHEDULE */
	wr(f, 1, LOONGARCH_IPI_SEND, 4, BLOCKING | TO(2) | 3);
	assert_int_equal(rd(f, 2, LOONGARCH_IPI_STATUS, 4), 0xa);
	assert_true(f->line[2]);
	assert_false(f->line[0] || f->line[1] || f->line[3]);
	/* Linux's ipi_read_clear. */
	uint32_t action = (uint32_t)rd(f, 2, LOONGARCH_IPI_STATUS, 4);
	wr(f, 2, LOONGARCH_IPI_CLEAR, 4, action);
	assert_false(f->line[2]);
	/* Vector 31 is the top; a CPU past the last is ignored. */
	wr(f, 0, LOONGARCH_IPI_SEND, 4, TO(3) | 31);
	assert_int_equal(rd(f, 3, LOONGARCH_IPI_STATUS, 4), 1u << 31);
	wr(f, 0, LOONGARCH_IPI_SEND, 4, TO(CPUS) | 1);
	wr(f, 0, LOONGARCH_IPI_SEND, 4, TO(0x3ff) | 1);
	for (int c = 0; c < 3; c++)
		assert_int_equal(rd(f, c, LOONGARCH_IPI_STATUS, 4), 0);
	/* The send registers read as 0. */
	assert_int_equal(rd(f, 0, LOONGARCH_IPI_SEND, 8), 0);
}

/* MAIL_SEND (csr_mail_send): the high half, then the low half, of a mailbox of the target. */
static void test_mail_send(void **state)
{
	struct fixture *f = *state;
	uint64_t entry = 0x9000000001234560ull;
	for (int box = 0; box < 4; box++) {
		uint64_t data = entry + (uint64_t)box;
		wr(f, 0, LOONGARCH_MAIL_SEND, 8, BLOCKING | ((uint64_t)(box * 2 + 1) << 2) | TO(3) |
			 (data & 0xffffffff00000000ull));
		wr(f, 0, LOONGARCH_MAIL_SEND, 8, BLOCKING | ((uint64_t)(box * 2) << 2) | TO(3) |
			 (data << 32));
		assert_int_equal(rd(f, 3, LOONGARCH_IPI_MBUF0 + 8 * (uint64_t)box, 8), data);
	}
	assert_int_equal(rd(f, 0, LOONGARCH_IPI_MBUF0, 8), 0);
	assert_false(f->line[3]);                    /* mail alone raises nothing */
	/* Linux clears the mailboxes with csr_mail_send(0, cpu, 0). */
	wr(f, 1, LOONGARCH_MAIL_SEND, 8, BLOCKING | (1 << 2) | TO(3));
	wr(f, 1, LOONGARCH_MAIL_SEND, 8, BLOCKING | TO(3));
	assert_int_equal(rd(f, 3, LOONGARCH_IPI_MBUF0, 8), 0);
}

/*
 * ANY_SEND (csr_any_send) writes an IOCSR register as the target core
 * would, leaving the masked bytes: Linux's eiointc_set_irq_route writes one
 * vector's COREMAP byte this way.
 */
static void test_any_send(void **state)
{
	struct fixture *f = *state;
	uint64_t route = EIOINTC_IOCSR_BASE + 0x800 + 8;   /* COREMAP of vectors 8-11 */
	wr(f, 0, route, 4, 0x01010101);
	/* Byte 2 (vector 10) to core 3; the mask keeps bytes 0, 1 and 3. */
	uint64_t keep = ~(1u << 2) & 0xf;
	wr(f, 1, LOONGARCH_ANY_SEND, 8, BLOCKING | route | TO(0) | (keep << 27) |
		 ((uint64_t)(0x08u << 16) << 32));
	assert_int_equal(rd(f, 2, route, 4), 0x01080101);
	/* No mask: the whole word. */
	wr(f, 1, LOONGARCH_ANY_SEND, 8, BLOCKING | route | TO(0) | (0x02020202ull << 32));
	assert_int_equal(rd(f, 0, route, 4), 0x02020202);
	/* It writes as the target: the target's own IPI ENABLE. */
	wr(f, 0, LOONGARCH_ANY_SEND, 8, LOONGARCH_IPI_EN | TO(2) | (0x30ull << 32));
	assert_int_equal(rd(f, 2, LOONGARCH_IPI_EN, 4), 0x30);
	assert_int_equal(rd(f, 0, LOONGARCH_IPI_EN, 4), 0);
	/* A target past the last CPU, or an address where nothing is: nothing happens. */
	wr(f, 0, LOONGARCH_ANY_SEND, 8, LOONGARCH_IPI_EN | TO(CPUS) | (1ull << 32));
	wr(f, 0, LOONGARCH_ANY_SEND, 8, 0x7000 | TO(1) | (1ull << 32));
	assert_int_equal(rd(f, 1, LOONGARCH_IPI_EN, 4), 0);
}

static void test_bad_arguments(void **state)
{
	struct mem_space s;
	mem_space_init(&s, MEM_SPACE_IOCSR, 1);
	assert_null(loongarch_ipi_new(&s, 0, ipi_line, NULL));
	assert_null(loongarch_ipi_new(&s, LOONGARCH_IPI_MAX_CPUS + 1, ipi_line, NULL));
	assert_null(loongarch_ipi_new(&s, 1, NULL, NULL));
	mem_space_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_per_core_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_clear_enable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipi_send, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_send, setup, teardown),
		cmocka_unit_test_setup_teardown(test_any_send, setup, teardown),
		cmocka_unit_test(test_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
