/*
 * The LoongArch interrupt path below the CPU: PCH-PIC inputs (level and
 * edge, polarity, masking, HT message enable, vector mapping) into the
 * EIOINTC (latching, enables, per-core delivery through COREMAP, pins
 * through IPMAP, each core's COREISR), programmed as Linux's drivers
 * program them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dev/loongarch_eiointc.h"
#include "dev/loongarch_pch_pic.h"
#include "tests/unit/dev_test.h"

#define CPUS 4
#define PIC 0x10000000ull
enum { INT_ID = 0x0, MASK = 0x20, HTMSI_EN = 0x40, EDGE = 0x60, CLR = 0x80, ROUTE = 0x100,
       HTVEC = 0x200, IRR = 0x380, ISR_PCH = 0x3a0, POL = 0x3e0 };
/* EIOINTC IOCSR addresses (Linux EIOINTC_REG_*). */
enum { NODEMAP = 0x14a0, IPMAP = 0x14c0, ENABLE = 0x1600, BOUNCE = 0x1680, ISR = 0x1700,
       COREISR = 0x1800, COREMAP = 0x1c00 };

struct fixture {
	struct mem_space mem, iocsr;
	struct pch_pic *pic;
	struct eiointc *eio;
	uint8_t pins[CPUS];          /* bit n: pin n asserted */
	int changes;
};

static void cpu_pin(void *opaque, int cpu, int ip, bool level)
{
	struct fixture *f = opaque;
	assert_true(cpu >= 0 && cpu < CPUS && ip >= 0 && ip < 4);
	assert_int_not_equal((f->pins[cpu] >> ip) & 1, level);   /* changes only */
	f->pins[cpu] ^= (uint8_t)(1u << ip);
	f->changes++;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	mem_space_init(&f->iocsr, MEM_SPACE_IOCSR, 1);
	f->eio = eiointc_new(&f->iocsr, CPUS, cpu_pin, f);
	assert_non_null(f->eio);
	f->pic = pch_pic_new(&f->mem, PIC, (struct dev_irq){ .set = eiointc_set_irq, .opaque = f->eio });
	assert_non_null(f->pic);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pch_pic_free(f->pic);
	eiointc_free(f->eio);
	mem_space_free(&f->mem);
	mem_space_free(&f->iocsr);
	free(f);
	return 0;
}

static uint64_t pic_rd(struct fixture *f, uint64_t off, unsigned size)
{
	return mmio_rd(&f->mem, PIC + off, size);
}

static void pic_wr(struct fixture *f, uint64_t off, unsigned size, uint64_t v)
{
	mmio_wr(&f->mem, PIC + off, size, v);
}

static uint64_t io_rd(struct fixture *f, int cpu, uint64_t addr, unsigned size)
{
	struct mem_req who = { .kind = MEM_BY_GUEST, .vcpu = (int16_t)cpu };
	uint64_t v = 0xdeadbeef;
	assert_true(mem_guest_io(&f->iocsr, &who, addr, size, false, &v));
	return v;
}

static void io_wr(struct fixture *f, int cpu, uint64_t addr, unsigned size, uint64_t v)
{
	struct mem_req who = { .kind = MEM_BY_GUEST, .vcpu = (int16_t)cpu };
	assert_true(mem_guest_io(&f->iocsr, &who, addr, size, true, &v));
}

/*
 * eiointc_router_init with a hypervisor (EIOINTC_ROUTE_MULT_IP): vectors
 * 0-63 to HWI0, 64-127 to HWI1 and so on, every vector to core 0, all
 * enabled.
 */
static void linux_eiointc_init(struct fixture *f)
{
	for (int i = 0; i < 8; i++)
		io_wr(f, 0, NODEMAP + 4 * i, 4, ((1u << (i * 2 + 1)) << 16) | (1u << (i * 2)));
	for (int i = 0; i < 2; i++) {
		uint32_t lo = 1u << (2 * i), hi = 1u << (2 * i + 1);
		io_wr(f, 0, IPMAP + 4 * i, 4, lo | lo << 8 | hi << 16 | hi << 24);
	}
	for (int i = 0; i < 64; i++)
		io_wr(f, 0, COREMAP + 4 * i, 4, 0x01010101);
	for (int i = 0; i < 8; i++) {
		io_wr(f, 0, ENABLE + 4 * i, 4, ~0u);
		io_wr(f, 0, BOUNCE + 4 * i, 4, ~0u);
	}
}

/* pch_pic_reset and pch_pic_alloc for input `pin` as vector `vec`, type set, unmasked. */
static void linux_pch_pic_setup(struct fixture *f, int pin, int vec, bool edge, bool low)
{
	for (int i = 0; i < 64; i++)
		pic_wr(f, ROUTE + (uint64_t)i, 1, 1);
	for (int i = 0; i < 2; i++) {
		pic_wr(f, MASK + 4 * (uint64_t)i, 4, ~0u);
		pic_wr(f, CLR + 4 * (uint64_t)i, 4, ~0u);
		pic_wr(f, HTMSI_EN + 4 * (uint64_t)i, 4, ~0u);
	}
	pic_wr(f, HTVEC + (uint64_t)pin, 1, (uint64_t)vec);
	uint64_t reg = 4 * (uint64_t)(pin / 32), bit = 1ull << (pin % 32);
	pic_wr(f, EDGE + reg, 4, edge ? bit : 0);
	pic_wr(f, POL + reg, 4, low ? bit : 0);
	pic_wr(f, MASK + reg, 4, ~bit & 0xffffffff);
}

/* The ID words: Linux sizes its domain from bits 23:16 of the high word. */
static void test_pch_pic_id_and_reset(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(((pic_rd(f, INT_ID + 4, 4) >> 16) & 0xff) + 1, PCH_PIC_INPUTS);
	assert_int_equal(pic_rd(f, INT_ID, 4) >> 24, 7);
	assert_int_equal(pic_rd(f, MASK, 8), ~0ull);   /* everything masked at reset */
	pic_wr(f, POL, 8, 0x8000000000000001ull);
	assert_int_equal(pic_rd(f, POL + 4, 4), 0x80000000);
	pic_wr(f, HTVEC + 4, 4, 0x44332211);
	assert_int_equal(pic_rd(f, HTVEC + 5, 1), 0x22);
	assert_int_equal(pic_rd(f, HTVEC + 4, 4), 0x44332211);
	pic_wr(f, CLR, 4, ~0u);
	assert_int_equal(pic_rd(f, CLR, 4), 0);        /* write-only */
}

/*
 * A level input (the UART's) through both controllers to core 0's HWI0,
 * and Linux's handling: COREISR read and cleared, then the level irq's
 * mask / unmask at the PCH-PIC, which sends it again while the device
 * still asserts it.
 */
static void test_level_input_to_cpu(void **state)
{
	struct fixture *f = *state;
	linux_eiointc_init(f);
	linux_pch_pic_setup(f, 2, 2, false, false);
	pch_pic_set_irq(f->pic, 2, true);
	assert_int_equal(f->pins[0], 1);               /* HWI0 */
	assert_int_equal(pic_rd(f, IRR, 8), 1u << 2);
	assert_int_equal(pic_rd(f, ISR_PCH, 8), 1u << 2);
	assert_int_equal(io_rd(f, 0, ISR, 8), 1u << 2);
	assert_int_equal(io_rd(f, 0, COREISR, 8), 1u << 2);
	assert_int_equal(io_rd(f, 1, COREISR, 8), 0);  /* core 1's own view */
	/* eiointc_irq_dispatch: read and clear COREISR. */
	io_wr(f, 0, COREISR, 8, io_rd(f, 0, COREISR, 8));
	assert_int_equal(f->pins[0], 0);
	assert_int_equal(io_rd(f, 0, ISR, 8), 0);
	/* handle_level_irq: mask; the device is still asserting; unmask sends it again. */
	pic_wr(f, MASK, 4, ~0u);
	assert_int_equal(f->pins[0], 0);
	pic_wr(f, CLR, 4, 1u << 2);                    /* pch_pic_unmask_irq */
	pic_wr(f, MASK, 4, ~(1u << 2));
	assert_int_equal(f->pins[0], 1);
	io_wr(f, 0, COREISR, 4, 1u << 2);
	/* The device deasserts: nothing pending anywhere. */
	pch_pic_set_irq(f->pic, 2, false);
	assert_int_equal(pic_rd(f, IRR, 8), 0);
	assert_int_equal(f->pins[0], 0);
}

/* An active-low level input, and HTMSI_EN: without it nothing is sent. */
static void test_polarity_and_htmsi_enable(void **state)
{
	struct fixture *f = *state;
	linux_eiointc_init(f);
	linux_pch_pic_setup(f, 40, 40, false, true);
	/* Low-active: the line at 0 (its reset state) is a request. */
	assert_int_equal(pic_rd(f, IRR + 4, 4), 1u << 8);
	assert_int_equal(f->pins[0], 1);
	io_wr(f, 0, COREISR, 8, 1ull << 40);
	pch_pic_set_irq(f->pic, 40, true);             /* inactive */
	assert_int_equal(pic_rd(f, IRR + 4, 4), 0);
	pic_wr(f, HTMSI_EN + 4, 4, 0);
	pch_pic_set_irq(f->pic, 40, false);            /* a request, not sent */
	assert_int_equal(pic_rd(f, IRR + 4, 4), 1u << 8);
	assert_int_equal(pic_rd(f, ISR_PCH + 4, 4), 0);
	assert_int_equal(f->pins[0], 0);
	pic_wr(f, HTMSI_EN + 4, 4, ~0u);
	assert_int_equal(f->pins[0], 1);
}

/* An edge input latches on the edge INT_POL selects and holds until INT_CLEAR. */
static void test_edge_input(void **state)
{
	struct fixture *f = *state;
	linux_eiointc_init(f);
	linux_pch_pic_setup(f, 5, 9, true, false);
	pch_pic_set_irq(f->pic, 5, true);
	pch_pic_set_irq(f->pic, 5, false);
	assert_int_equal(pic_rd(f, IRR, 4), 1u << 5);  /* still latched */
	assert_int_equal(io_rd(f, 0, COREISR, 4), 1u << 9);
	assert_int_equal(f->pins[0], 1);
	io_wr(f, 0, COREISR, 4, 1u << 9);
	pic_wr(f, CLR, 4, 1u << 5);                    /* pch_pic_ack_irq */
	assert_int_equal(pic_rd(f, IRR, 4), 0);
	/* A falling edge with INT_POL set. */
	pic_wr(f, POL, 4, 1u << 5);
	pch_pic_set_irq(f->pic, 5, true);
	assert_int_equal(pic_rd(f, IRR, 4), 0);
	pch_pic_set_irq(f->pic, 5, false);
	assert_int_equal(pic_rd(f, IRR, 4), 1u << 5);
	/* Turned level-triggered: the latch is gone, the level decides (low, active low). */
	pic_wr(f, EDGE, 4, 0);
	assert_int_equal(pic_rd(f, IRR, 4), 1u << 5);
	pic_wr(f, POL, 4, 0);
	assert_int_equal(pic_rd(f, IRR, 4), 0);
	/* INT_CLEAR does nothing to a level input. */
	pch_pic_set_irq(f->pic, 5, true);
	pic_wr(f, CLR, 4, 1u << 5);
	assert_int_equal(pic_rd(f, IRR, 4), 1u << 5);
}

/* Two inputs on one vector: it stays asserted until both are gone; HTMSI_VEC moves an input. */
static void test_vector_mapping(void **state)
{
	struct fixture *f = *state;
	linux_eiointc_init(f);
	linux_pch_pic_setup(f, 1, 70, false, false);
	pic_wr(f, HTVEC + 3, 1, 70);
	pic_wr(f, MASK, 4, ~0xau & 0xffffffff);
	pch_pic_set_irq(f->pic, 1, true);
	pch_pic_set_irq(f->pic, 3, true);
	assert_int_equal(f->pins[0], 2);               /* vector 70: HWI1 */
	io_wr(f, 0, COREISR + 8, 8, 1ull << 6);
	pch_pic_set_irq(f->pic, 1, false);
	pch_pic_set_irq(f->pic, 1, true);              /* the vector never went low: no new edge */
	assert_int_equal(io_rd(f, 0, COREISR + 8, 8), 0);
	/* Move input 3 to vector 200, which rises; input 1 alone holds vector 70... */
	pic_wr(f, HTVEC + 3, 1, 200);
	assert_int_equal(io_rd(f, 0, COREISR + 24, 8), 1ull << 8);   /* 200 = 3 * 64 + 8 */
	assert_int_equal(f->pins[0], 8);               /* HWI3 */
	/* ...and its next edge is latched again. */
	pch_pic_set_irq(f->pic, 1, false);
	pch_pic_set_irq(f->pic, 1, true);
	assert_int_equal(io_rd(f, 0, COREISR + 8, 8), 1ull << 6);
}

/*
 * EIOINTC routing: COREMAP names the core, ENABLE gates delivery, and a
 * vector masked while its route changes goes to the new core when
 * enabled again (eiointc_set_irq_affinity).
 */
static void test_eiointc_routing_and_enable(void **state)
{
	struct fixture *f = *state;
	linux_eiointc_init(f);
	io_wr(f, 0, COREMAP + 33, 1, 0x04);            /* vector 33 to core 2 */
	eiointc_set_irq(f->eio, 33, true);
	assert_int_equal(f->pins[2], 1);               /* group 1 -> IP0 */
	assert_int_equal(io_rd(f, 2, COREISR, 8), 1ull << 33);
	assert_int_equal(io_rd(f, 0, COREISR, 8), 0);
	/* Mask, re-route to core 3, unmask: the request follows. */
	io_wr(f, 0, ENABLE + 4, 4, ~(1u << 1));        /* the second word holds 32-63 */
	assert_int_equal(f->pins[2], 0);
	assert_int_equal(io_rd(f, 0, ISR, 8), 1ull << 33);   /* still latched */
	io_wr(f, 0, COREMAP + 33, 1, 0x08);
	io_wr(f, 0, ENABLE + 4, 4, ~0u);
	assert_int_equal(f->pins[3], 1);
	assert_int_equal(io_rd(f, 3, COREISR, 8), 1ull << 33);
	/* Only the core holding it can clear it (each writes its own COREISR). */
	io_wr(f, 1, COREISR, 8, ~0ull);
	assert_int_equal(f->pins[3], 1);
	assert_int_equal(io_rd(f, 1, ISR, 8), 1ull << 33);
	io_wr(f, 3, COREISR, 8, 1ull << 33);
	assert_int_equal(f->pins[3], 0);
	assert_int_equal(io_rd(f, 3, ISR, 8), 0);
	/* A disabled vector's edge is latched and delivered when enabled. */
	io_wr(f, 0, ENABLE + 0x1c, 4, 0);
	eiointc_set_irq(f->eio, 255, true);
	assert_int_equal(f->pins[0], 0);
	io_wr(f, 0, ENABLE + 0x1c, 4, 1u << 31);
	assert_int_equal(f->pins[0], 8);               /* vectors 192-255: HWI3 */
	/* A core past the last, or none named: latched, not delivered. */
	io_wr(f, 0, COREMAP + 100, 1, 0x00);
	eiointc_set_irq(f->eio, 100, true);
	assert_int_equal(io_rd(f, 0, ISR + 8, 8), 1ull << 36);
	assert_int_equal(io_rd(f, 0, COREISR + 8, 8), 0);
	io_wr(f, 0, COREMAP + 100, 1, 0x01);
	assert_int_equal(io_rd(f, 0, COREISR + 8, 8), 1ull << 36);
}

/* IPMAP: a group of 32 vectors on the lowest pin its byte selects (none: IP0); storage registers. */
static void test_eiointc_ipmap_and_storage(void **state)
{
	struct fixture *f = *state;
	io_wr(f, 0, ENABLE, 8, ~0ull);
	io_wr(f, 0, COREMAP, 1, 0x01);
	eiointc_set_irq(f->eio, 0, true);
	assert_int_equal(f->pins[0], 1);               /* IPMAP 0: IP0 */
	io_wr(f, 0, IPMAP, 1, 0x0c);                   /* IP2 and IP3 named: IP2 */
	assert_int_equal(f->pins[0], 4);
	io_wr(f, 0, IPMAP, 8, 0x0807060504030201ull);
	assert_int_equal(io_rd(f, 1, IPMAP, 8), 0x0807060504030201ull);
	assert_int_equal(io_rd(f, 1, IPMAP + 4, 4), 0x08070605);
	assert_int_equal(f->pins[0], 1);
	io_wr(f, 0, BOUNCE + 8, 8, 0x1234);
	io_wr(f, 0, NODEMAP + 2, 2, 0xbeef);
	assert_int_equal(io_rd(f, 0, BOUNCE + 8, 8), 0x1234);
	assert_int_equal(io_rd(f, 0, NODEMAP, 4), 0xbeef0000);
	io_wr(f, 0, ISR, 8, ~0ull);                    /* ISR is read-only */
	assert_int_equal(io_rd(f, 0, ISR, 8), 1);
	eiointc_reset(f->eio);
	assert_int_equal(f->pins[0], 0);
	assert_int_equal(io_rd(f, 0, ISR, 8), 0);
	assert_null(eiointc_new(&f->iocsr, EIOINTC_MAX_CPUS + 1, cpu_pin, f));
	assert_null(eiointc_new(&f->iocsr, 0, cpu_pin, f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pch_pic_id_and_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_level_input_to_cpu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polarity_and_htmsi_enable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edge_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vector_mapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eiointc_routing_and_enable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eiointc_ipmap_and_storage, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
