/*
 * GICv3 ITS and LPIs (Arm IHI 0069 chapter 5): LPI configuration and
 * pending tables for this CPU's redistributor, the ITS's device and
 * collection tables and command queue sized from what GITS_TYPER and
 * GITS_BASER<n> ask for, then MAPD, MAPC, MAPTI and an MSI written to
 * GITS_TRANSLATER (a CPU's write: DeviceID 0), which arrives as the LPI;
 * INT raises it again, DISCARD unmaps it. Only what the architecture fixes
 * is printed, so the table layouts, each emulator's own, do not matter.
 */
#include "gic.h"

#define GITS 0x08080000ul
enum {
	GITS_CTLR = 0x0, GITS_TYPER = 0x8, GITS_CBASER = 0x80, GITS_CWRITER = 0x88,
	GITS_CREADR = 0x90, GITS_BASER = 0x100, GITS_TRANSLATER = 0x10040,
};
enum { GICR_CTLR = 0x0, GICR_TYPER = 0x8, GICR_PROPBASER = 0x70, GICR_PENDBASER = 0x78 };
#define VALID (1ul << 63)
#define LPI_BITS 14                 /* INTIDs below 16384: LPIs 8192-16383 */
#define LPI 8202
#define EVENT 5

static uint8_t prop_table[1u << LPI_BITS >> 1] __attribute__((aligned(4096)));
static uint8_t pend_table[1u << LPI_BITS >> 3] __attribute__((aligned(65536)));
static uint8_t its_tables[2][65536] __attribute__((aligned(65536)));
static uint64_t cmdq[4096 / 8] __attribute__((aligned(65536)));
static uint8_t itt[4096] __attribute__((aligned(256)));

static volatile unsigned taken, last;

void fw_irq(struct exc_frame *f)
{
	(void)f;
	unsigned id = gic_ack();
	if (id == 1023)
		return;
	last = id;
	taken++;
	gic_eoi(id);
}

static void its_cmd(uint64_t dw0, uint64_t dw1, uint64_t dw2)
{
	uint64_t w = mmio_read64(GITS + GITS_CWRITER);
	uint64_t *c = &cmdq[w / 8];
	c[0] = dw0;
	c[1] = dw1;
	c[2] = dw2;
	c[3] = 0;
	dsb(sy);
	mmio_write64(GITS + GITS_CWRITER, (w + 32) % sizeof(cmdq));
	while (mmio_read64(GITS + GITS_CREADR) != (w + 32) % sizeof(cmdq))
		;
}

static unsigned wait_taken(unsigned before)
{
	for (unsigned i = 0; i < 100000 && taken == before; i++)
		isb();
	return taken - before;
}

int main(void)
{
	gic_init();
	uintptr_t rd = gic_rdbase();
	printf("gic_its: GICD_TYPER.LPIS=%u GICR_TYPER.PLPIS=%u\n",
	       (mmio_read32(BOARD_GICD_BASE + 4) >> 17) & 1, (unsigned)mmio_read64(rd + GICR_TYPER) & 1);

	/* LPI configuration (priority, enable) and pending tables (IHI 0069 5.1). */
	prop_table[LPI - 8192] = 0xa0 | 1;
	dsb(sy);
	mmio_write64(rd + GICR_PROPBASER, (uintptr_t)prop_table | (LPI_BITS - 1));
	mmio_write64(rd + GICR_PENDBASER, (uintptr_t)pend_table | 1ul << 62);   /* PTZ */
	mmio_write32(rd + GICR_CTLR, 1);                                      /* EnableLPIs */
	printf("  GICR_CTLR.EnableLPIs=%u\n", mmio_read32(rd + GICR_CTLR) & 1);

	uint64_t typer = mmio_read64(GITS + GITS_TYPER);
	bool pta = (typer >> 19) & 1;
	printf("  GITS_TYPER.Physical=%u\n", (unsigned)typer & 1);
	unsigned tables = 0;
	for (unsigned n = 0; n < 8; n++) {
		uint64_t b = mmio_read64(GITS + GITS_BASER + 8 * n);
		unsigned type = (b >> 56) & 7;
		if (type != 1 && type != 4)      /* Devices, Collections */
			continue;
		/* flat, 4 KiB pages, 16 of them */
		uint64_t v = VALID | (b & (0x1ful << 48 | 7ul << 56)) | (uintptr_t)its_tables[type == 4] | 15;
		mmio_write64(GITS + GITS_BASER + 8 * n, v);
		tables |= 1u << type;
	}
	printf("  GITS_BASER asks for: devices %s, collections %s\n", tables & 2 ? "yes" : "no",
	       tables & 16 ? "yes" : "no");
	mmio_write64(GITS + GITS_CBASER, VALID | (uintptr_t)cmdq);   /* one 4 KiB page */
	mmio_write64(GITS + GITS_CWRITER, 0);
	mmio_write32(GITS + GITS_CTLR, 1);
	printf("  GITS_CTLR.Enabled=%u\n", mmio_read32(GITS + GITS_CTLR) & 1);

	/* Collection 0 targets this CPU: by address or processor number (PTA). */
	uint64_t target = pta ? rd : (mmio_read64(rd + GICR_TYPER) >> 8 & 0xffff) << 16;
	/* 32 events of at most 16 bytes each (GITS_TYPER.ITT_entry_size) fit in itt[] */
	its_cmd(0x08, 4, VALID | (uintptr_t)itt);                /* MAPD dev 0, 32 events */
	its_cmd(0x09, 0, VALID | target);                        /* MAPC icid 0 */
	its_cmd(0x0a, EVENT | (uint64_t)LPI << 32, 0);          /* MAPTI dev 0/5 -> LPI */
	its_cmd(0x05, 0, target);                                /* SYNC */
	printf("  commands done: CREADR == CWRITER\n");

	irq_enable();
	mmio_write32(GITS + GITS_TRANSLATER, EVENT);
	unsigned n = wait_taken(0);
	printf("  MSI (event %u) through GITS_TRANSLATER: taken %u, INTID %u\n", EVENT, n, last);
	its_cmd(0x03, EVENT, 0);                                 /* INT */
	n = wait_taken(1);
	printf("  INT: taken %u, INTID %u\n", n, last);
	its_cmd(0x0f, EVENT, 0);                                 /* DISCARD */
	mmio_write32(GITS + GITS_TRANSLATER, EVENT);
	n = wait_taken(2);
	printf("  after DISCARD, the MSI: taken %u\n", n);
	return 0;
}
