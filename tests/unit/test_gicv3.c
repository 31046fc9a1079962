/*
 * GICv3: distributor/redistributor registers, the WAKER handshake, the CPU
 * interface's acknowledge/priority/EOI flows, SGI and SPI routing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "cpu/arm64/arm64.h"
#include "dev/gicv2.h"
#include "dev/gicv3.h"
#include "dev/gicv3_its.h"
#include "dev/pl011.h"
#include "tests/unit/dev_test.h"
#include "tests/unit/test_req.h"

#define DIST 0x08000000ull
#define REDIST 0x080a0000ull
#define NCPU 3
#define NSPI 256

enum { GICD_CTLR = 0x0, GICD_TYPER = 0x4, GICD_IIDR = 0x8, IGROUPR = 0x80, ISENABLER = 0x100,
       ICENABLER = 0x180, ISPENDR = 0x200, ICPENDR = 0x280, ISACTIVER = 0x300,
       ICACTIVER = 0x380, IPRIORITYR = 0x400, ICFGR = 0xc00, IROUTER = 0x6000, PIDR2 = 0xffe8 };
enum { GICR_CTLR = 0x0, GICR_TYPER = 0x8, GICR_WAKER = 0x14, SGI_BASE = 0x10000 };

#define IAR1 A64_SYSREG(3, 0, 12, 12, 0)
#define EOIR1 A64_SYSREG(3, 0, 12, 12, 1)
#define HPPIR1 A64_SYSREG(3, 0, 12, 12, 2)
#define BPR1 A64_SYSREG(3, 0, 12, 12, 3)
#define CTLR A64_SYSREG(3, 0, 12, 12, 4)
#define SRE A64_SYSREG(3, 0, 12, 12, 5)
#define IGRPEN0 A64_SYSREG(3, 0, 12, 12, 6)
#define IGRPEN1 A64_SYSREG(3, 0, 12, 12, 7)
#define PMR A64_SYSREG(3, 0, 4, 6, 0)
#define IAR0 A64_SYSREG(3, 0, 12, 8, 0)
#define BPR0 A64_SYSREG(3, 0, 12, 8, 3)
#define AP1R0 A64_SYSREG(3, 0, 12, 9, 0)
#define DIR A64_SYSREG(3, 0, 12, 11, 1)
#define RPR A64_SYSREG(3, 0, 12, 11, 3)
#define SGI1R A64_SYSREG(3, 0, 12, 11, 5)
#define SRE_EL2 A64_SYSREG(3, 4, 12, 9, 5)

struct fixture {
	struct mem_space mem;
	struct gicv3 *gic;
	bool irq[NCPU];
	int calls;
};

static void set_cpu_irq(void *opaque, int cpu, bool level)
{
	struct fixture *f = opaque;
	assert_true(cpu >= 0 && cpu < NCPU);
	assert_true(f->irq[cpu] != level);   /* called on changes only */
	f->irq[cpu] = level;
	f->calls++;
}

static uint32_t dr(struct fixture *f, uint64_t off)
{
	return (uint32_t)mmio_rd(&f->mem, DIST + off, 4);
}

static void dw(struct fixture *f, uint64_t off, uint32_t v)
{
	mmio_wr(&f->mem, DIST + off, 4, v);
}

static uint64_t rr(struct fixture *f, int cpu, uint64_t off, unsigned size)
{
	return mmio_rd(&f->mem, REDIST + (uint64_t)cpu * GICV3_REDIST_STRIDE + off, size);
}

static void rw(struct fixture *f, int cpu, uint64_t off, uint32_t v)
{
	mmio_wr(&f->mem, REDIST + (uint64_t)cpu * GICV3_REDIST_STRIDE + off, 4, v);
}

static uint64_t icc_rd(struct fixture *f, int cpu, uint32_t enc)
{
	return gicv3_icc_read(f->gic, cpu, enc);
}

static void icc_wr(struct fixture *f, int cpu, uint32_t enc, uint64_t v)
{
	gicv3_icc_write(f->gic, cpu, enc, v);
}

static int setup_raw(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	f->gic = gicv3_new(&f->mem, DIST, REDIST, NCPU, NSPI, set_cpu_irq, f);
	assert_non_null(f->gic);
	*state = f;
	return 0;
}

/* What Linux's GICv3 driver does before taking interrupts. */
static void linux_init(struct fixture *f)
{
	dw(f, GICD_CTLR, 0);
	for (int i = 32; i < 32 + NSPI; i += 32) {
		dw(f, IGROUPR + i / 8, ~0u);
		dw(f, ICENABLER + i / 8, ~0u);
		dw(f, ICACTIVER + i / 8, ~0u);
	}
	for (int i = 32; i < 32 + NSPI; i += 4)
		dw(f, IPRIORITYR + i, 0xa0a0a0a0);
	dw(f, GICD_CTLR, 0x13);               /* ARE_NS | EnableGrp1A | EnableGrp1 */
	for (int i = 32; i < 32 + NSPI; i++)
		mmio_wr(&f->mem, DIST + IROUTER + 8 * i, 8, 0);
	for (int cpu = 0; cpu < NCPU; cpu++) {
		uint32_t w = (uint32_t)rr(f, cpu, GICR_WAKER, 4);
		rw(f, cpu, GICR_WAKER, w & ~2u);
		assert_int_equal(rr(f, cpu, GICR_WAKER, 4) & 4, 0);
		rw(f, cpu, SGI_BASE + IGROUPR, ~0u);
		rw(f, cpu, SGI_BASE + ICACTIVER, ~0u);
		rw(f, cpu, SGI_BASE + ICENABLER, 0xffff0000);
		rw(f, cpu, SGI_BASE + ISENABLER, 0x0000ffff);
		for (int i = 0; i < 32; i += 4)
			rw(f, cpu, SGI_BASE + IPRIORITYR + i, 0xa0a0a0a0);
		assert_int_equal(icc_rd(f, cpu, SRE) & 1, 1);
		icc_wr(f, cpu, PMR, 0xf0);
		icc_wr(f, cpu, BPR1, 0);
		icc_wr(f, cpu, CTLR, 0);
		icc_wr(f, cpu, AP1R0, 0);
		icc_wr(f, cpu, IGRPEN1, 1);
	}
}

static int setup(void **state)
{
	setup_raw(state);
	linux_init(*state);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	gicv3_free(f->gic);
	mem_space_free(&f->mem);
	free(f);
	return 0;
}

/* Enable SPI `id` at `prio`, routed to `cpu`, level-sensitive. */
static void spi_config(struct fixture *f, int id, uint8_t prio, int cpu)
{
	mmio_wr(&f->mem, DIST + IPRIORITYR + id, 1, prio);
	mmio_wr(&f->mem, DIST + IROUTER + 8 * id, 8, gicv3_affinity(f->gic, cpu));
	dw(f, ISENABLER + id / 32 * 4, 1u << (id % 32));
}

static void test_id_registers(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(dr(f, PIDR2) & 0xf0, 0x30);
	assert_int_equal(dr(f, GICD_TYPER) & 0x1f, (32 + NSPI) / 32 - 1);
	assert_int_equal((dr(f, GICD_TYPER) >> 17) & 1, 1);        /* LPIs */
	assert_int_equal(dr(f, GICD_CTLR) & 0x50, 0x50);            /* ARE, DS */
	assert_int_equal(dr(f, GICD_IIDR), 0x48000000);
	assert_int_equal(dr(f, 0xfff0), 0x0d);
	for (int cpu = 0; cpu < NCPU; cpu++) {
		assert_int_equal(rr(f, cpu, PIDR2, 4) & 0xf0, 0x30);
		uint64_t typer = rr(f, cpu, GICR_TYPER, 8);
		assert_int_equal(typer >> 32, (uint64_t)cpu);       /* Aff0 = cpu */
		assert_int_equal((typer >> 8) & 0xffff, cpu);
		assert_int_equal((typer >> 4) & 1, cpu == NCPU - 1); /* Last */
		assert_int_equal(rr(f, cpu, GICR_TYPER + 4, 4), typer >> 32);
		assert_int_equal(rr(f, cpu, GICR_CTLR, 4), 0);             /* LPIs off */
		assert_int_equal(typer & 1, 1);                            /* PLPIS */
	}
	/* the redistributor region ends after the last frame */
	uint64_t v;
	assert_false(mem_guest_io(&f->mem, &test_cpu0, REDIST + NCPU * GICV3_REDIST_STRIDE, 4, false, &v));
	uint64_t ctlr = icc_rd(f, 0, CTLR);
	assert_int_equal((ctlr >> 8) & 7, 4);                       /* PRIbits: 5 bits */
	assert_true(ctlr & (1 << 15));                              /* A3V */
	assert_int_equal(icc_rd(f, 0, SRE), 7);
	assert_int_equal(icc_rd(f, 0, SRE_EL2) & 9, 9);
	icc_wr(f, 0, SRE, 0);
	assert_int_equal(icc_rd(f, 0, SRE) & 1, 1);                 /* SRE fixed */
}

/*
 * GICR_WAKER keeps the handshake's bits (ProcessorSleep, ChildrenAsleep
 * following it) but, as in QEMU's and KVM's virtual GICs, never gates
 * delivery: a guest written for a VM never clears ProcessorSleep.
 */
static void test_waker_handshake(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(rr(f, 1, GICR_WAKER, 4), 6);               /* asleep */
	dw(f, GICD_CTLR, 0x12);
	rw(f, 1, SGI_BASE + ISENABLER, 1u << 27);
	icc_wr(f, 1, PMR, 0xf0);
	icc_wr(f, 1, IGRPEN1, 1);
	gicv3_set_ppi(f->gic, 1, 27, true);
	assert_true(f->irq[1]);                                     /* forwarded all the same */
	rw(f, 1, GICR_WAKER, 0);
	assert_int_equal(rr(f, 1, GICR_WAKER, 4), 0);
	assert_true(f->irq[1]);
	rw(f, 1, GICR_WAKER, 2);
	assert_int_equal(rr(f, 1, GICR_WAKER, 4), 6);
	assert_true(f->irq[1]);
	assert_int_equal(icc_rd(f, 1, IAR1), 27);
	/* an SGI and a 1-of-N SPI reach a CPU that never woke its redistributor */
	icc_wr(f, 2, PMR, 0xf0);
	icc_wr(f, 2, IGRPEN1, 1);
	rw(f, 2, SGI_BASE + ISENABLER, 1u << 3);
	icc_wr(f, 0, SGI1R, 3ull << 24 | 1u << 2);
	assert_true(f->irq[2]);
	assert_int_equal(icc_rd(f, 2, IAR1), 3);
	mmio_wr(&f->mem, DIST + IROUTER + 8 * 40, 8, 1ull << 31);
	dw(f, ISENABLER + 4, 1u << 8);
	gicv3_set_spi(f->gic, 40, true);
	assert_int_equal(icc_rd(f, 1, HPPIR1), 40);
}

static void test_spi_level_flow(void **state)
{
	struct fixture *f = *state;
	spi_config(f, 33, 0xa0, 0);
	gicv3_set_spi(f->gic, 33, true);
	assert_true(f->irq[0]);
	assert_false(f->irq[1]);
	assert_int_equal(icc_rd(f, 0, HPPIR1), 33);
	assert_int_equal(icc_rd(f, 0, IAR1), 33);
	assert_false(f->irq[0]);                                    /* active: not re-signalled */
	assert_int_equal(icc_rd(f, 0, RPR), 0xa0);
	assert_true(dr(f, ISACTIVER + 4) & 2);
	assert_true(dr(f, ISPENDR + 4) & 2);                        /* line still high */
	assert_int_equal(icc_rd(f, 0, IAR1), GICV3_SPURIOUS);
	icc_wr(f, 0, EOIR1, 33);
	assert_int_equal(icc_rd(f, 0, RPR), 0xff);
	assert_false(dr(f, ISACTIVER + 4) & 2);
	assert_true(f->irq[0]);                                     /* still asserted */
	gicv3_set_spi(f->gic, 33, false);
	assert_false(f->irq[0]);
	assert_int_equal(icc_rd(f, 0, HPPIR1), GICV3_SPURIOUS);
	/* ISPENDR latches a level-sensitive interrupt until ICPENDR or ack */
	dw(f, ISPENDR + 4, 2);
	assert_true(f->irq[0]);
	dw(f, ICPENDR + 4, 2);
	assert_false(f->irq[0]);
	/* disabled: pending but not forwarded */
	dw(f, ICENABLER + 4, 2);
	gicv3_set_spi(f->gic, 33, true);
	assert_false(f->irq[0]);
	assert_true(dr(f, ISPENDR + 4) & 2);
	assert_int_equal(dr(f, ISENABLER + 4) & 2, 0);
}

static void test_spi_edge_flow(void **state)
{
	struct fixture *f = *state;
	spi_config(f, 40, 0x80, 0);
	dw(f, ICFGR + 40 / 16 * 4, 2u << (2 * (40 % 16)));
	assert_int_equal(dr(f, ICFGR + 8), 2u << 16);
	gicv3_set_spi(f->gic, 40, true);
	gicv3_set_spi(f->gic, 40, false);
	assert_true(f->irq[0]);                                     /* latched */
	assert_int_equal(icc_rd(f, 0, IAR1), 40);
	assert_false(dr(f, ISPENDR + 4) & (1 << 8));
	gicv3_set_spi(f->gic, 40, true);                            /* again while active */
	assert_true(dr(f, ISPENDR + 4) & (1 << 8));
	assert_false(f->irq[0]);
	icc_wr(f, 0, EOIR1, 40);
	assert_true(f->irq[0]);
	assert_int_equal(icc_rd(f, 0, IAR1), 40);
	icc_wr(f, 0, EOIR1, 40);
	assert_false(f->irq[0]);
	gicv3_set_spi(f->gic, 40, true);                            /* no edge: nothing */
	assert_false(f->irq[0]);
}

static void test_priority_order_and_preemption(void **state)
{
	struct fixture *f = *state;
	spi_config(f, 50, 0x80, 0);
	spi_config(f, 51, 0x40, 0);
	spi_config(f, 52, 0x40, 0);
	gicv3_set_spi(f->gic, 50, true);
	gicv3_set_spi(f->gic, 52, true);
	gicv3_set_spi(f->gic, 51, true);
	assert_int_equal(icc_rd(f, 0, IAR1), 51);                   /* 0x40, lowest INTID */
	assert_int_equal(icc_rd(f, 0, RPR), 0x40);
	assert_int_equal(icc_rd(f, 0, AP1R0), 1u << (0x40 >> 3));
	assert_false(f->irq[0]);                                    /* equal/lower can't preempt */
	icc_wr(f, 0, EOIR1, 51);
	gicv3_set_spi(f->gic, 51, false);
	assert_int_equal(icc_rd(f, 0, IAR1), 52);
	icc_wr(f, 0, EOIR1, 52);
	gicv3_set_spi(f->gic, 52, false);
	assert_int_equal(icc_rd(f, 0, IAR1), 50);
	assert_int_equal(icc_rd(f, 0, RPR), 0x80);
	/* a higher priority interrupt preempts the active one */
	gicv3_set_spi(f->gic, 51, true);
	assert_true(f->irq[0]);
	assert_int_equal(icc_rd(f, 0, IAR1), 51);
	assert_int_equal(icc_rd(f, 0, RPR), 0x40);
	assert_int_equal(icc_rd(f, 0, AP1R0), (1u << 8) | (1u << 16));
	icc_wr(f, 0, EOIR1, 51);                                    /* drops 0x40 */
	assert_int_equal(icc_rd(f, 0, RPR), 0x80);
	icc_wr(f, 0, EOIR1, 50);
	assert_int_equal(icc_rd(f, 0, RPR), 0xff);
	assert_int_equal(icc_rd(f, 0, AP1R0), 0);
}

static void test_priority_mask(void **state)
{
	struct fixture *f = *state;
	icc_wr(f, 0, PMR, 0xff);
	assert_int_equal(icc_rd(f, 0, PMR), 0xf8);                  /* 5 bits implemented */
	mmio_wr(&f->mem, DIST + IPRIORITYR + 60, 1, 0xff);
	assert_int_equal(mmio_rd(&f->mem, DIST + IPRIORITYR + 60, 1), 0xf8);
	spi_config(f, 60, 0x80, 0);
	icc_wr(f, 0, PMR, 0x80);
	gicv3_set_spi(f->gic, 60, true);
	assert_false(f->irq[0]);                                    /* not strictly above */
	assert_int_equal(icc_rd(f, 0, HPPIR1), 60);                 /* still visible */
	assert_int_equal(icc_rd(f, 0, IAR1), GICV3_SPURIOUS);
	icc_wr(f, 0, PMR, 0x88);
	assert_true(f->irq[0]);
	icc_wr(f, 0, IGRPEN1, 0);
	assert_false(f->irq[0]);
	icc_wr(f, 0, IGRPEN1, 1);
	dw(f, GICD_CTLR, 0x10);                                     /* Group 1 disabled */
	assert_false(f->irq[0]);
	assert_int_equal(icc_rd(f, 0, HPPIR1), GICV3_SPURIOUS);
	dw(f, GICD_CTLR, 0x12);
	assert_true(f->irq[0]);
	/* Group 0 is never signalled (no FIQ) */
	dw(f, IGROUPR + 4, ~(1u << (60 - 32)));
	assert_false(f->irq[0]);
	assert_int_equal(icc_rd(f, 0, IAR0), GICV3_SPURIOUS);
	icc_wr(f, 0, IGRPEN0, 1);
	assert_int_equal(icc_rd(f, 0, IGRPEN0), 0);
}

static void test_binary_point(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(icc_rd(f, 0, BPR1), 3);                    /* Linux wrote 0: clamped */
	icc_wr(f, 0, BPR0, 0);
	assert_int_equal(icc_rd(f, 0, BPR0), 2);
	icc_wr(f, 0, BPR1, 5);                                      /* group priority [7:5] */
	spi_config(f, 70, 0x40, 0);
	spi_config(f, 71, 0x50, 0);
	spi_config(f, 72, 0x30, 0);
	gicv3_set_spi(f->gic, 70, true);
	assert_int_equal(icc_rd(f, 0, IAR1), 70);
	assert_int_equal(icc_rd(f, 0, RPR), 0x40);
	gicv3_set_spi(f->gic, 71, true);
	assert_false(f->irq[0]);                                    /* same group 0x40 */
	gicv3_set_spi(f->gic, 72, true);                            /* group 0x20: preempts */
	assert_true(f->irq[0]);
	assert_int_equal(icc_rd(f, 0, IAR1), 72);
	assert_int_equal(icc_rd(f, 0, RPR), 0x20);
	icc_wr(f, 0, EOIR1, 72);
	icc_wr(f, 0, EOIR1, 70);
	/* CBPR: BPR1 reads BPR0 + 1 and ignores writes */
	icc_wr(f, 0, BPR0, 4);
	icc_wr(f, 0, CTLR, 1);
	assert_int_equal(icc_rd(f, 0, BPR1), 5);
	icc_wr(f, 0, BPR1, 7);
	assert_int_equal(icc_rd(f, 0, BPR1), 5);
	icc_wr(f, 0, CTLR, 0);
	assert_int_equal(icc_rd(f, 0, BPR1), 5);
}

static void test_eoimode_split(void **state)
{
	struct fixture *f = *state;
	icc_wr(f, 0, CTLR, 2);                                      /* EOImode 1 */
	assert_int_equal(icc_rd(f, 0, CTLR) & 2, 2);
	spi_config(f, 80, 0xa0, 0);
	gicv3_set_spi(f->gic, 80, true);
	assert_int_equal(icc_rd(f, 0, IAR1), 80);
	icc_wr(f, 0, EOIR1, 80);                                    /* priority drop only */
	assert_int_equal(icc_rd(f, 0, RPR), 0xff);
	assert_true(dr(f, ISACTIVER + 8) & (1u << 16));
	assert_false(f->irq[0]);                                    /* still active */
	icc_wr(f, 0, DIR, 80);
	assert_false(dr(f, ISACTIVER + 8) & (1u << 16));
	assert_true(f->irq[0]);                                     /* line still high */
	/* EOImode 0: DIR is ignored; special INTIDs ignored by EOIR */
	icc_wr(f, 0, CTLR, 0);
	assert_int_equal(icc_rd(f, 0, IAR1), 80);
	icc_wr(f, 0, DIR, 80);
	assert_true(dr(f, ISACTIVER + 8) & (1u << 16));
	icc_wr(f, 0, EOIR1, 1023);
	assert_int_equal(icc_rd(f, 0, RPR), 0xa0);
	icc_wr(f, 0, EOIR1, 80);
	assert_false(dr(f, ISACTIVER + 8) & (1u << 16));
}

static uint64_t sgi1r(unsigned intid, unsigned aff1, uint16_t targets)
{
	return (uint64_t)intid << 24 | (uint64_t)aff1 << 16 | targets;
}

static void test_sgi_routing(void **state)
{
	struct fixture *f = *state;
	icc_wr(f, 0, SGI1R, sgi1r(3, 0, 1u << 1));                  /* to CPU 1 */
	assert_false(f->irq[0]);
	assert_true(f->irq[1]);
	assert_false(f->irq[2]);
	assert_int_equal(rr(f, 1, SGI_BASE + ISPENDR, 4), 1u << 3);
	assert_int_equal(rr(f, 0, SGI_BASE + ISPENDR, 4), 0);
	assert_int_equal(icc_rd(f, 1, IAR1), 3);
	icc_wr(f, 1, EOIR1, 3);
	assert_false(f->irq[1]);
	/* several targets */
	icc_wr(f, 1, SGI1R, sgi1r(5, 0, 0x5));
	assert_true(f->irq[0]);
	assert_false(f->irq[1]);
	assert_true(f->irq[2]);
	assert_int_equal(icc_rd(f, 0, IAR1), 5);
	assert_int_equal(icc_rd(f, 2, IAR1), 5);
	icc_wr(f, 0, EOIR1, 5);
	icc_wr(f, 2, EOIR1, 5);
	/* IRM: everyone but the sender */
	icc_wr(f, 2, SGI1R, sgi1r(7, 0, 0) | 1ull << 40);
	assert_true(f->irq[0]);
	assert_true(f->irq[1]);
	assert_false(f->irq[2]);
	assert_int_equal(icc_rd(f, 0, IAR1), 7);
	assert_int_equal(icc_rd(f, 1, IAR1), 7);
	icc_wr(f, 0, EOIR1, 7);
	icc_wr(f, 1, EOIR1, 7);
	/* another cluster: nobody; a Group 0 SGI at the target: not forwarded */
	icc_wr(f, 0, SGI1R, sgi1r(2, 1, 0xffff));
	rw(f, 1, SGI_BASE + IGROUPR, ~(1u << 4));
	icc_wr(f, 0, SGI1R, sgi1r(4, 0, 1u << 1));
	for (int cpu = 0; cpu < NCPU; cpu++) {
		assert_false(f->irq[cpu]);
		assert_int_equal(rr(f, cpu, SGI_BASE + ISPENDR, 4), 0);
	}
	/* SGIs are always edge: ICFGR0 is read-only */
	rw(f, 0, SGI_BASE + ICFGR, 0);
	assert_int_equal(rr(f, 0, SGI_BASE + ICFGR, 4), 0xaaaaaaaa);
}

static void test_ppi(void **state)
{
	struct fixture *f = *state;
	rw(f, 1, SGI_BASE + ISENABLER, 1u << 30);
	mmio_wr(&f->mem, REDIST + GICV3_REDIST_STRIDE + SGI_BASE + IPRIORITYR + 30, 1, 0x20);
	gicv3_set_ppi(f->gic, 1, 30, true);
	assert_false(f->irq[0]);
	assert_true(f->irq[1]);
	assert_int_equal(icc_rd(f, 1, IAR1), 30);
	icc_wr(f, 1, EOIR1, 30);
	assert_true(f->irq[1]);                                     /* level still high */
	gicv3_set_ppi(f->gic, 1, 30, false);
	assert_false(f->irq[1]);
	/* the distributor's view of INTIDs 0-31 is RAZ/WI with ARE */
	dw(f, ISENABLER, ~0u);
	assert_int_equal(dr(f, ISENABLER), 0);
	assert_int_equal(rr(f, 0, SGI_BASE + ISENABLER, 4), 0xffff);
	/* PPI configuration is writable */
	rw(f, 1, SGI_BASE + ICFGR + 4, 2u << 28);
	assert_int_equal(rr(f, 1, SGI_BASE + ICFGR + 4, 4), 2u << 28);
	/* bad inputs are ignored */
	gicv3_set_ppi(f->gic, NCPU, 30, true);
	gicv3_set_ppi(f->gic, -1, 30, true);
	gicv3_set_ppi(f->gic, 0, 32, true);
	gicv3_set_ppi(f->gic, 0, 5, true);
	gicv3_set_ppi(NULL, 0, 30, true);
	for (int cpu = 0; cpu < NCPU; cpu++)
		assert_false(f->irq[cpu]);
}

static void test_spi_routing(void **state)
{
	struct fixture *f = *state;
	spi_config(f, 90, 0xa0, 2);
	assert_int_equal(mmio_rd(&f->mem, DIST + IROUTER + 8 * 90, 8), 2);
	gicv3_set_spi(f->gic, 90, true);
	assert_false(f->irq[0]);
	assert_true(f->irq[2]);
	/* 32-bit halves: Aff1 = 1 matches no CPU */
	dw(f, IROUTER + 8 * 90, 0x100);
	assert_false(f->irq[2]);
	dw(f, IROUTER + 8 * 90 + 4, 0);
	assert_int_equal(mmio_rd(&f->mem, DIST + IROUTER + 8 * 90, 8), 0x100);
	/* IRM = 1: one participating CPU takes it */
	dw(f, IROUTER + 8 * 90, 1u << 31);
	assert_true(f->irq[0]);
	assert_false(f->irq[1]);
	icc_wr(f, 0, IGRPEN1, 0);
	assert_false(f->irq[0]);
	assert_true(f->irq[1]);
	assert_int_equal(icc_rd(f, 1, IAR1), 90);
	assert_false(f->irq[1]);
	icc_wr(f, 1, EOIR1, 90);
	gicv3_set_spi(f->gic, 90, false);
	/* RES0 bits of IROUTER read as zero */
	mmio_wr(&f->mem, DIST + IROUTER + 8 * 91, 8, ~0ull);
	assert_int_equal(mmio_rd(&f->mem, DIST + IROUTER + 8 * 91, 8), 0xff80ffffffull);
	/* affinity changes re-route */
	gicv3_set_affinity(f->gic, 1, 0x0100000203ull);
	assert_int_equal(gicv3_affinity(f->gic, 1), 0x0100000203ull);
	assert_int_equal(rr(f, 1, GICR_TYPER + 4, 4), 0x01000203);
	spi_config(f, 92, 0xa0, 1);
	gicv3_set_spi(f->gic, 92, true);
	assert_true(f->irq[1]);
	assert_int_equal(icc_rd(f, 1, IAR1), 92);
	/* out-of-range SPIs are ignored */
	gicv3_set_spi(f->gic, 32 + NSPI, true);
	gicv3_set_spi(f->gic, 31, true);
	gicv3_set_spi(f->gic, -5, true);
	gicv3_set_spi(NULL, 40, true);
}

static void test_dev_irq_line(void **state)
{
	struct fixture *f = *state;
	spi_config(f, 33, 0xa0, 0);
	struct dev_irq line = gicv3_spi_irq(f->gic, 33);
	dev_irq_set(&line, true);
	assert_true(f->irq[0]);
	dev_irq_set(&line, false);
	assert_false(f->irq[0]);
}

static void test_byte_and_odd_accesses(void **state)
{
	struct fixture *f = *state;
	mmio_wr(&f->mem, DIST + IPRIORITYR + 33, 1, 0x48);
	assert_int_equal(dr(f, IPRIORITYR + 32), 0xa0a048a0);
	mmio_wr(&f->mem, DIST + IPRIORITYR + 34, 2, 0x1020);
	assert_int_equal(dr(f, IPRIORITYR + 32), 0x102048a0);
	/* a byte write to ISENABLER sets only that byte's bits */
	mmio_wr(&f->mem, DIST + ISENABLER + 5, 1, 0x01);
	assert_int_equal(dr(f, ISENABLER + 4), 0x100);
	/* a 64-bit access spanning two registers */
	mmio_wr(&f->mem, DIST + ISENABLER + 4, 8, 0x0000000300000000ull);
	assert_int_equal(dr(f, ISENABLER + 8), 3);
	/* bytes 6-7 of ISENABLER1 (0x0100: bit 8 is in byte 5) and 0-1 of ISENABLER2 */
	assert_int_equal(mmio_rd(&f->mem, DIST + ISENABLER + 6, 4), 0x00030000);
	assert_int_equal(mmio_rd(&f->mem, DIST + ISENABLER + 5, 4), 0x03000001);
	/* an unaligned read of GICR_TYPER (0x00000002_00000210): bytes 2-5 */
	assert_int_equal(rr(f, 2, GICR_TYPER + 2, 4), 0x00020000);
}

/* A UART's line through the GIC to a CPU, serviced as Linux's handlers do. */
static void test_pl011_through_gic(void **state)
{
	struct fixture *f = *state;
	const uint64_t uart_base = 0x09000000;
	struct pl011 *u = pl011_new(&f->mem, uart_base, gicv3_spi_irq(f->gic, 33), NULL, NULL);
	assert_non_null(u);
	spi_config(f, 33, 0xa0, 0);
	mmio_wr(&f->mem, uart_base + 0x2c, 4, 0x70);              /* LCR_H: FEN, 8 bits */
	mmio_wr(&f->mem, uart_base + 0x38, 4, 0x50);              /* IMSC: RX, RT */
	const char *msg = "ls\r";
	for (const char *p = msg; *p; p++)
		assert_true(pl011_input(u, (uint8_t)*p));
	assert_true(f->irq[0]);
	unsigned id = (unsigned)icc_rd(f, 0, IAR1);
	assert_int_equal(id, 33);
	char got[8] = { 0 };
	int n = 0;
	while (!(mmio_rd(&f->mem, uart_base + 0x18, 4) & 0x10))  /* until RXFE */
		got[n++] = (char)mmio_rd(&f->mem, uart_base, 4);
	assert_string_equal(got, msg);
	icc_wr(f, 0, EOIR1, id);
	assert_false(f->irq[0]);                                  /* UART line dropped */
	assert_int_equal(icc_rd(f, 0, HPPIR1), GICV3_SPURIOUS);
	pl011_free(u);
}

static void test_reset_keeps_input_levels(void **state)
{
	struct fixture *f = *state;
	spi_config(f, 100, 0xa0, 0);
	gicv3_set_spi(f->gic, 100, true);
	gicv3_set_ppi(f->gic, 0, 27, true);
	assert_true(f->irq[0]);
	gicv3_reset(f->gic);
	assert_false(f->irq[0]);
	linux_init(f);
	spi_config(f, 100, 0xa0, 0);
	assert_true(f->irq[0]);                                   /* the line is still high */
	assert_int_equal(icc_rd(f, 0, IAR1), 100);
	rw(f, 0, SGI_BASE + ISENABLER, 1u << 27);
	icc_wr(f, 0, EOIR1, 100);
	assert_int_equal(icc_rd(f, 0, IAR1), 27);
}

/* Hostile guest: random accesses everywhere, random ICC traffic. */
static void test_hostile_accesses(void **state)
{
	struct fixture *f = *state;
	uint64_t seed = 0x2545f4914f6cdd1dull, v;
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	static const uint32_t encs[] = { IAR1, EOIR1, HPPIR1, BPR1, CTLR, PMR, IAR0, BPR0, AP1R0,
					 DIR, RPR, SGI1R, IGRPEN1, IGRPEN0, 0, 0xffffffff };
	uint64_t redist_size = NCPU * GICV3_REDIST_STRIDE;
	for (int i = 0; i < 200000; i++) {
		uint64_t r = test_rand(&seed);
		unsigned size = sizes[r & 3];
		bool write = (r >> 2) & 1;
		v = test_rand(&seed);
		if ((r >> 3) & 1) {
			uint64_t off = (r >> 8) % (GICV3_DIST_SIZE - size + 1);
			if ((r >> 5) & 1)   /* favour the populated low part */
				off &= 0x7fff;
			assert_true(mem_guest_io(&f->mem, &test_cpu0, DIST + off, size, write, &v));
		} else {
			uint64_t off = (r >> 8) % (redist_size - size + 1);
			assert_true(mem_guest_io(&f->mem, &test_cpu0, REDIST + off, size, write, &v));
		}
		if (i % 7 == 0) {
			int cpu = (int)((r >> 40) % (NCPU + 2)) - 1;  /* includes bad CPUs */
			uint32_t enc = encs[(r >> 48) % (sizeof(encs) / sizeof(encs[0]))];
			if ((r >> 60) & 1)
				icc_wr(f, cpu, enc, test_rand(&seed));
			else
				icc_rd(f, cpu, enc);
		}
		if (i % 13 == 0)
			gicv3_set_spi(f->gic, (int)((r >> 20) % 1100) - 10, (r >> 30) & 1);
		if (i % 17 == 0)
			gicv3_set_ppi(f->gic, (int)((r >> 20) % (NCPU + 2)) - 1,
				      (unsigned)(r >> 33) % 40, (r >> 31) & 1);
	}
	/* whatever happened, a reset brings back a sane, quiet GIC */
	gicv3_reset(f->gic);
	for (int cpu = 0; cpu < NCPU; cpu++)
		assert_int_equal(rr(f, cpu, GICR_WAKER, 4), 6);
	assert_int_equal(dr(f, GICD_CTLR) & 3, 0);
}

static void test_new_rejects_bad_arguments(void **state)
{
	struct fixture *f = *state;
	int regions = f->mem.n_regions;
	assert_null(gicv3_new(&f->mem, 0x10000000, 0x10100000, 0, 32, NULL, NULL));
	assert_null(gicv3_new(&f->mem, 0x10000000, 0x10100000, GICV3_MAX_CPUS + 1, 32, NULL, NULL));
	assert_null(gicv3_new(&f->mem, 0x10000000, 0x10100000, 1, GICV3_MAX_SPIS + 1, NULL, NULL));
	assert_null(gicv3_new(&f->mem, 0x10000000, 0x10100000, 1, -1, NULL, NULL));
	/* overlaps the existing distributor / redistributors / each other */
	assert_null(gicv3_new(&f->mem, 0x10000000, REDIST, 1, 32, NULL, NULL));
	assert_null(gicv3_new(&f->mem, DIST + 0x8000, 0x10000000, 1, 32, NULL, NULL));
	assert_null(gicv3_new(&f->mem, 0x10000000, 0x10000000, 1, 32, NULL, NULL));
	assert_int_equal(f->mem.n_regions, regions);
	/* a second GIC in the same process is independent; zero SPIs is legal */
	struct gicv3 *g2 = gicv3_new(&f->mem, 0x10000000, 0x10100000, 1, 0, NULL, NULL);
	assert_non_null(g2);
	assert_int_equal(mmio_rd(&f->mem, 0x10000000 + GICD_TYPER, 4) & 0x1f, 0);
	gicv3_set_spi(g2, 32, true);
	mmio_wr(&f->mem, 0x10000000 + ISENABLER + 4, 4, ~0u);
	assert_int_equal(mmio_rd(&f->mem, 0x10000000 + ISENABLER + 4, 4), 0);
	gicv3_free(g2);
}

/* ---------------------------------------------------------------- ITS, LPIs */

#define ITS 0x08080000ull
#define RAM 0x40000000ull
enum { GITS_CTLR = 0x0, GITS_TYPER = 0x8, GITS_CBASER = 0x80, GITS_CWRITER = 0x88,
       GITS_CREADR = 0x90, GITS_BASER = 0x100, GITS_TRANSLATER = 0x10040,
       GICR_PROPBASER = 0x70 };
#define PROP (RAM + 0x00000)       /* LPI configuration table (IDbits 15) */
#define DEVT (RAM + 0x10000)       /* device table, one page */
#define COLT (RAM + 0x11000)       /* collection table, one page */
#define CMDQ (RAM + 0x12000)       /* command queue, one page: 128 commands */
#define ITT0 (RAM + 0x13000)
#define LPI 8197

static void put64(struct fixture *f, uint64_t gpa, uint64_t v)
{
	uint8_t b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	assert_true(mem_host_write(&f->mem, gpa, b, 8));
}

/* Queue one command and move GITS_CWRITER past it: the ITS runs it at once. */
static void its_cmd(struct fixture *f, uint64_t dw0, uint64_t dw1, uint64_t dw2)
{
	uint64_t w = mmio_rd(&f->mem, ITS + GITS_CWRITER, 8);
	put64(f, CMDQ + w, dw0);
	put64(f, CMDQ + w + 8, dw1);
	put64(f, CMDQ + w + 16, dw2);
	put64(f, CMDQ + w + 24, 0);
	mmio_wr(&f->mem, ITS + GITS_CWRITER, 8, (w + 32) % 4096);
	assert_int_equal(mmio_rd(&f->mem, ITS + GITS_CREADR, 8), (w + 32) % 4096);
}

static void lpi_cfg(struct fixture *f, unsigned intid, uint8_t cfg)
{
	assert_true(mem_host_write(&f->mem, PROP + intid - 8192, &cfg, 1));
}

/*
 * Linux's order: LPI tables and EnableLPIs per redistributor, the ITS's
 * tables and queue, MAPD, MAPC, MAPTI, then an MSI through GITS_TRANSLATER
 * (IHI 0069 5.2); INT, CLEAR, MOVI, DISCARD on the way.
 */
static void test_its_lpi(void **state)
{
	struct fixture *f = *state;
	assert_true(mem_add_ram(&f->mem, "ram", RAM, 1 << 20, MEM_SHARED));
	struct gicv3_its *its = gicv3_its_new(&f->mem, ITS, f->gic);
	assert_non_null(its);
	assert_int_equal(mmio_rd(&f->mem, ITS + 0xffe8, 4) & 0xf0, 0x30);
	uint64_t typer = mmio_rd(&f->mem, ITS + GITS_TYPER, 8);
	assert_int_equal(typer & 1, 1);                           /* Physical */
	assert_int_equal((typer >> 4) & 0xf, 7);                  /* 8-byte ITT entries */
	assert_int_equal(mmio_rd(&f->mem, ITS + GITS_BASER, 8) >> 56 & 7, 1);      /* Devices */
	assert_int_equal(mmio_rd(&f->mem, ITS + GITS_BASER + 8, 8) >> 56 & 7, 4);  /* Collections */
	for (int cpu = 0; cpu < NCPU; cpu++) {
		mmio_wr(&f->mem, REDIST + (uint64_t)cpu * GICV3_REDIST_STRIDE + GICR_PROPBASER, 8,
			PROP | 15);
		rw(f, cpu, GICR_CTLR, 1);
		assert_int_equal(rr(f, cpu, GICR_CTLR, 4), 1);
	}
	lpi_cfg(f, LPI, 0xa0 | 1);
	mmio_wr(&f->mem, ITS + GITS_BASER, 8, (1ull << 63) | DEVT);
	mmio_wr(&f->mem, ITS + GITS_BASER + 8, 8, (1ull << 63) | COLT);
	mmio_wr(&f->mem, ITS + GITS_CBASER, 8, (1ull << 63) | CMDQ);
	assert_int_equal(mmio_rd(&f->mem, ITS + GITS_CBASER, 8), (1ull << 63) | CMDQ);
	mmio_wr(&f->mem, ITS + GITS_CTLR, 4, 1);
	its_cmd(f, 0x08 | 7ull << 32, 4, (1ull << 63) | ITT0);          /* MAPD dev 7, 32 events */
	its_cmd(f, 0x09, 0, (1ull << 63) | 1ull << 16 | 2);            /* MAPC icid 2 -> CPU 1 */
	its_cmd(f, 0x09, 0, (1ull << 63) | 2ull << 16 | 3);            /* MAPC icid 3 -> CPU 2 */
	its_cmd(f, 0x0a | 7ull << 32, 3 | (uint64_t)LPI << 32, 2);     /* MAPTI 7/3 -> LPI, icid 2 */
	its_cmd(f, 0x05, 0, 1ull << 16);                               /* SYNC */
	gicv3_its_msi(its, 7, 3);
	assert_true(f->irq[1]);
	assert_false(f->irq[0] || f->irq[2]);
	assert_int_equal(icc_rd(f, 1, HPPIR1), LPI);
	assert_int_equal(icc_rd(f, 1, IAR1), LPI);
	assert_false(f->irq[1]);                                       /* no active state... */
	gicv3_its_msi(its, 7, 3);
	assert_false(f->irq[1]);                                       /* ...but running priority */
	icc_wr(f, 1, EOIR1, LPI);
	assert_true(f->irq[1]);
	assert_int_equal(icc_rd(f, 1, IAR1), LPI);
	icc_wr(f, 1, EOIR1, LPI);
	assert_false(f->irq[1]);
	/* events out of range, unmapped devices and a disabled ITS translate to nothing */
	gicv3_its_msi(its, 7, 32);
	gicv3_its_msi(its, 8, 3);
	mmio_wr(&f->mem, ITS + GITS_TRANSLATER, 4, 3);                 /* a CPU: DeviceID 0 */
	assert_false(f->irq[1]);
	/* INT and CLEAR */
	its_cmd(f, 0x03 | 7ull << 32, 3, 0);
	assert_true(f->irq[1]);
	its_cmd(f, 0x04 | 7ull << 32, 3, 0);
	assert_false(f->irq[1]);
	/* a disabled LPI is not signalled; INV has nothing to refresh */
	lpi_cfg(f, LPI, 0xa0);
	its_cmd(f, 0x03 | 7ull << 32, 3, 0);
	assert_false(f->irq[1]);
	lpi_cfg(f, LPI, 0xa0 | 1);
	its_cmd(f, 0x0c | 7ull << 32, 3, 0);                           /* INV */
	assert_true(f->irq[1]);
	/* MOVI takes the pending LPI to the new collection's CPU */
	its_cmd(f, 0x01 | 7ull << 32, 3, 3);
	assert_false(f->irq[1]);
	assert_true(f->irq[2]);
	assert_int_equal(icc_rd(f, 2, IAR1), LPI);
	icc_wr(f, 2, EOIR1, LPI);
	/* DISCARD: the mapping is gone */
	its_cmd(f, 0x0f | 7ull << 32, 3, 0);
	gicv3_its_msi(its, 7, 3);
	assert_false(f->irq[1] || f->irq[2]);
	/* LPIs off drops what was pending */
	its_cmd(f, 0x0b | 7ull << 32, 5, 2);                           /* MAPI 7/5 -> LPI 5: invalid */
	its_cmd(f, 0x0a | 7ull << 32, 5 | (uint64_t)LPI << 32, 3);
	gicv3_its_msi(its, 7, 5);
	assert_true(f->irq[2]);
	rw(f, 2, GICR_CTLR, 0);
	assert_false(f->irq[2]);
	gicv3_its_free(its);
}

/* ---------------------------------------------------------------- GICv2 */

#define V2_CPU 0x08010000ull
enum { GICD_ITARGETSR = 0x800, GICD_SGIR = 0xf00 };
enum { GICC_CTLR = 0x0, GICC_PMR = 0x4, GICC_IAR = 0xc, GICC_EOIR = 0x10, GICC_HPPIR = 0x18,
       GICC_IIDR = 0xfc };

static int setup_v2(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	f->gic = gicv2_new(&f->mem, DIST, V2_CPU, NCPU, NSPI, set_cpu_irq, f);
	assert_non_null(f->gic);
	*state = f;
	return 0;
}

/* A 32-bit access by CPU `cpu`: the banked registers answer it. */
static uint32_t v2_rd(struct fixture *f, int cpu, uint64_t addr)
{
	struct mem_req who = { .kind = MEM_BY_GUEST, .vcpu = (int16_t)cpu };
	uint64_t v = 0;
	assert_true(mem_guest_io(&f->mem, &who, addr, 4, false, &v));
	return (uint32_t)v;
}

static void v2_wr(struct fixture *f, int cpu, uint64_t addr, uint32_t v)
{
	struct mem_req who = { .kind = MEM_BY_GUEST, .vcpu = (int16_t)cpu };
	uint64_t val = v;
	assert_true(mem_guest_io(&f->mem, &who, addr, 4, true, &val));
}

/* What Linux's GICv2 driver does: everything Group 0, both levels enabled. */
static void v2_up(struct fixture *f)
{
	v2_wr(f, 0, DIST + GICD_CTLR, 1);
	for (int cpu = 0; cpu < NCPU; cpu++) {
		v2_wr(f, cpu, DIST + ISENABLER, 0xffff);
		v2_wr(f, cpu, V2_CPU + GICC_PMR, 0xf0);
		v2_wr(f, cpu, V2_CPU + GICC_CTLR, 1);
	}
}

static void test_v2_registers(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(v2_rd(f, 0, DIST + GICD_TYPER), ((32 + NSPI) / 32 - 1) | (NCPU - 1) << 5);
	assert_int_equal(v2_rd(f, 0, DIST + 0xfe8) & 0xf0, 0x20);            /* ArchRev 2 */
	assert_int_equal((v2_rd(f, 0, V2_CPU + GICC_IIDR) >> 16) & 0xf, 2);
	assert_int_equal(v2_rd(f, 1, DIST + IGROUPR + 4), 0);                /* Group 0 */
	/* ITARGETSR of the private interrupts: each CPU reads its own bit */
	assert_int_equal(v2_rd(f, 2, DIST + GICD_ITARGETSR + 28), 0x04040404);
	v2_wr(f, 0, DIST + GICD_ITARGETSR + 40, 0xff);                        /* masked to 3 CPUs */
	assert_int_equal(v2_rd(f, 0, DIST + GICD_ITARGETSR + 40), 0x07);
	/* the host (no CPU) reads nothing and writes nothing */
	uint64_t v = 1;
	assert_true(mem_guest_io(&f->mem, &mem_host, DIST + GICD_TYPER, 4, false, &v));
	assert_int_equal(v, 0);
	v2_up(f);
	assert_int_equal(v2_rd(f, 0, V2_CPU + GICC_IAR), GICV3_SPURIOUS);
	/* no ICC_* on a GICv2 board's CPU interface: that is the board's to refuse */
}

/* GICD_SGIR: target list, all but self, self; GICC_IAR names the source. */
static void test_v2_sgi(void **state)
{
	struct fixture *f = *state;
	v2_up(f);
	v2_wr(f, 0, DIST + GICD_SGIR, 0u << 24 | 0x6u << 16 | 3);   /* CPUs 1 and 2 */
	assert_false(f->irq[0]);
	assert_true(f->irq[1] && f->irq[2]);
	assert_int_equal(v2_rd(f, 1, V2_CPU + GICC_HPPIR), 3);
	uint32_t iar = v2_rd(f, 1, V2_CPU + GICC_IAR);
	assert_int_equal(iar, 3 | 0 << 10);
	v2_wr(f, 1, V2_CPU + GICC_EOIR, iar);
	assert_false(f->irq[1]);
	/* the same SGI from two sources is taken twice, each with its source */
	v2_wr(f, 1, DIST + GICD_SGIR, 1u << 24 | 7);                 /* all but CPU 1 */
	assert_int_equal(v2_rd(f, 2, V2_CPU + GICC_IAR), 3 | 0 << 10);  /* CPU 0's first */
	v2_wr(f, 2, V2_CPU + GICC_EOIR, 3);
	assert_int_equal(v2_rd(f, 2, V2_CPU + GICC_IAR), 7 | 1 << 10);
	v2_wr(f, 2, V2_CPU + GICC_EOIR, 7 | 1 << 10);
	assert_int_equal(v2_rd(f, 0, V2_CPU + GICC_IAR), 7 | 1 << 10);
	v2_wr(f, 0, V2_CPU + GICC_EOIR, 7);
	v2_wr(f, 2, DIST + GICD_SGIR, 2u << 24 | 9);                 /* self */
	assert_int_equal(v2_rd(f, 2, V2_CPU + GICC_IAR), 9 | 2 << 10);
	v2_wr(f, 2, DIST + GICD_SGIR, 3u << 24 | 9);                 /* reserved filter */
	assert_int_equal(v2_rd(f, 2, V2_CPU + GICC_HPPIR), GICV3_SPURIOUS);
}

/* GICD_ITARGETSR: an SPI goes to its targets; retargeting a pending one moves it. */
static void test_v2_spi_targets(void **state)
{
	struct fixture *f = *state;
	v2_up(f);
	v2_wr(f, 0, DIST + ISENABLER + 4, 1u << 8);                  /* INTID 40 */
	gicv3_set_spi(f->gic, 40, true);
	assert_false(f->irq[0] || f->irq[1] || f->irq[2]);          /* no target yet */
	v2_wr(f, 0, DIST + GICD_ITARGETSR + 40, 0x02);
	assert_true(f->irq[1]);
	assert_false(f->irq[0]);
	v2_wr(f, 0, DIST + GICD_ITARGETSR + 40, 0x05);
	assert_false(f->irq[1]);
	assert_true(f->irq[0] && f->irq[2]);
	assert_int_equal(v2_rd(f, 2, V2_CPU + GICC_IAR), 40);       /* the first to take it */
	assert_false(f->irq[0]);                                    /* active now */
	gicv3_set_spi(f->gic, 40, false);
	v2_wr(f, 2, V2_CPU + GICC_EOIR, 40);
	assert_false(f->irq[0] || f->irq[2]);
	/* Group 1 needs EnableGrp1 in the distributor and the CPU interface */
	v2_wr(f, 0, DIST + IGROUPR + 4, 1u << 8);
	gicv3_set_spi(f->gic, 40, true);
	assert_false(f->irq[0]);
	v2_wr(f, 0, DIST + GICD_CTLR, 3);
	assert_false(f->irq[0]);
	v2_wr(f, 0, V2_CPU + GICC_CTLR, 3);
	assert_true(f->irq[0]);
}

/* One CPU: ITARGETSR is RAZ/WI and every interrupt targets it (IHI 0048B 4.3.12). */
static void test_v2_uniprocessor(void **state)
{
	struct fixture *f = *state;
	struct gicv3 *g = gicv2_new(&f->mem, 0x10000000, 0x10010000, 1, 32, NULL, NULL);
	assert_non_null(g);
	assert_null(gicv2_new(&f->mem, 0x20000000, 0x20010000, GICV2_MAX_CPUS + 1, 32, NULL, NULL));
	v2_wr(f, 0, 0x10000000 + GICD_ITARGETSR + 32, 0x01);
	assert_int_equal(v2_rd(f, 0, 0x10000000 + GICD_ITARGETSR + 32), 0);
	assert_int_equal(v2_rd(f, 0, 0x10000000 + GICD_ITARGETSR), 0);
	v2_wr(f, 0, 0x10000000 + GICD_CTLR, 1);
	v2_wr(f, 0, 0x10000000 + ISENABLER + 4, 1);
	v2_wr(f, 0, 0x10010000 + GICC_PMR, 0xf0);
	v2_wr(f, 0, 0x10010000 + GICC_CTLR, 1);
	gicv3_set_spi(g, 32, true);
	assert_int_equal(v2_rd(f, 0, 0x10010000 + GICC_IAR), 32);
	gicv3_free(g);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_id_registers),
		cmocka_unit_test_setup_teardown(test_waker_handshake, setup_raw, teardown),
		T(test_spi_level_flow),
		T(test_spi_edge_flow),
		T(test_priority_order_and_preemption),
		T(test_priority_mask),
		T(test_binary_point),
		T(test_eoimode_split),
		T(test_sgi_routing),
		T(test_ppi),
		T(test_spi_routing),
		T(test_dev_irq_line),
		T(test_byte_and_odd_accesses),
		T(test_pl011_through_gic),
		T(test_reset_keeps_input_levels),
		T(test_hostile_accesses),
		T(test_new_rejects_bad_arguments),
		T(test_its_lpi),
		cmocka_unit_test_setup_teardown(test_v2_registers, setup_v2, teardown),
		cmocka_unit_test_setup_teardown(test_v2_sgi, setup_v2, teardown),
		cmocka_unit_test_setup_teardown(test_v2_spi_targets, setup_v2, teardown),
		cmocka_unit_test_setup_teardown(test_v2_uniprocessor, setup_v2, teardown),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
