/*
 * GICv2 (Arm IHI 0048B) on `-M virt,gic-version=2`: the memory-mapped CPU
 * interface at 0x0801_0000, SGIs through GICD_SGIR (self, target list) with
 * the source CPU in GICC_IAR, priority order, and SPI routing by
 * GICD_ITARGETSR (an SPI with no target stays pending until one is given).
 * All interrupts are Group 0, signalled as IRQ (FIQEn 0), as Linux uses it.
 */
#include "fw.h"

#define GICD 0x08000000ul
#define GICC 0x08010000ul
enum {
	GICD_CTLR = 0x000, GICD_TYPER = 0x004, GICD_ISENABLER = 0x100, GICD_ISPENDR = 0x200, GICD_ICPENDR = 0x280,
	GICD_IPRIORITYR = 0x400, GICD_ITARGETSR = 0x800, GICD_SGIR = 0xf00,
};
enum { GICC_CTLR = 0x00, GICC_PMR = 0x04, GICC_IAR = 0x0c, GICC_EOIR = 0x10 };
#define SPI 40                     /* INTID 40: SPI 8, no device behind it */
#define SPURIOUS 1023

static volatile unsigned taken[8], n_taken;

void fw_irq(struct exc_frame *f)
{
	(void)f;
	uint32_t iar = mmio_read32(GICC + GICC_IAR);
	unsigned id = iar & 0x3ff;
	if (id == SPURIOUS)
		return;
	if (n_taken < 8)
		taken[n_taken++] = iar;
	mmio_write32(GICC + GICC_EOIR, iar);
}

static void enable(unsigned id, uint8_t prio)
{
	*(volatile uint8_t *)(GICD + GICD_IPRIORITYR + id) = prio;
	mmio_write32(GICD + GICD_ISENABLER + 4 * (id / 32), 1u << (id % 32));
}

static void show(const char *what)
{
	printf("  %s:", what);
	for (unsigned i = 0; i < n_taken; i++)
		printf(" %u(cpu%u)", taken[i] & 0x3ff, (taken[i] >> 10) & 7);
	printf("%s\n", n_taken ? "" : " none");
	n_taken = 0;
}

static void settle(void)
{
	for (unsigned i = 0; i < 10000; i++)
		isb();
}

int main(void)
{
	uint32_t typer = mmio_read32(GICD + GICD_TYPER);
	printf("gicv2: GICD_TYPER ITLinesNumber=%u CPUNumber=%u\n", typer & 0x1f, (typer >> 5) & 7);
	mmio_write32(GICD + GICD_CTLR, 1);             /* EnableGrp0 */
	mmio_write32(GICC + GICC_PMR, 0xf0);
	mmio_write32(GICC + GICC_CTLR, 1);             /* EnableGrp0, EOImode 0 */
	printf("  GICC_IAR with nothing pending: %u\n", mmio_read32(GICC + GICC_IAR) & 0x3ff);
	printf("  ITARGETSR of SGIs 0-3 (this CPU): 0x%08x\n",
	       mmio_read32(GICD + GICD_ITARGETSR));

	enable(3, 0xa0);
	enable(5, 0x40);
	irq_enable();
	mmio_write32(GICD + GICD_SGIR, 2u << 24 | 3);            /* to self */
	settle();
	show("SGI 3 to self");
	mmio_write32(GICD + GICD_SGIR, 0u << 24 | 1u << 16 | 5);  /* target list: CPU 0 */
	settle();
	show("SGI 5 by target list");
	irq_disable();
	mmio_write32(GICD + GICD_SGIR, 2u << 24 | 3);
	mmio_write32(GICD + GICD_SGIR, 2u << 24 | 5);
	irq_enable();
	settle();
	show("SGIs 3 and 5 pending together, by priority");
	mmio_write32(GICD + GICD_SGIR, 1u << 24 | 3);            /* all but self: nobody */
	settle();
	show("SGI 3 to all but self");

	/*
	 * Targets first, then the pending write: QEMU records an SPI pending
	 * on its targets of that moment (the spec has later target changes
	 * apply to a pending interrupt too), so each case starts afresh.
	 */
	enable(SPI, 0x80);
	static const struct { uint8_t targets; const char *what; } cases[] = {
		{ 0, "SPI 40 with no target" },
		{ 2, "SPI 40 targeted at CPU 1 (off)" },
		{ 1, "SPI 40 targeted at CPU 0" },
		{ 3, "SPI 40 targeted at CPUs 0 and 1" },
	};
	for (unsigned i = 0; i < 4; i++) {
		*(volatile uint8_t *)(GICD + GICD_ITARGETSR + SPI) = cases[i].targets;
		mmio_write32(GICD + GICD_ISPENDR + 4 * (SPI / 32), 1u << (SPI % 32));
		settle();
		show(cases[i].what);
		mmio_write32(GICD + GICD_ICPENDR + 4 * (SPI / 32), 1u << (SPI % 32));
	}
	printf("  ITARGETSR of SPI 40 reads 0x%02x\n",
	       *(volatile uint8_t *)(GICD + GICD_ITARGETSR + SPI));
	return 0;
}
