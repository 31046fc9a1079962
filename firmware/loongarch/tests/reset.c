/*
 * reset: a machine reset as a LoongArch guest asks for it, through the
 * GED's reset register (0x42 to its third byte: the "syscon-reboot" node
 * of QEMU's virt device tree). RAM outside the loaded image keeps its
 * contents across the reset (the images are loaded again, RAM is not
 * cleared), so a word 64 MiB into RAM tells the first boot from the
 * second. Before the reset the program moves registers of the CPU and of
 * each device away from their reset values; after it, it prints them
 * again: the 16550's IER, the PCH-PIC's INT_MASK (all ones at reset), the
 * IPI enable word and the timer's TCFG.En (the RTC is left out: QEMU 11
 * read back 0 from the match and trim registers this program wrote;
 * tests/unit's test_ls7a_rtc covers hvsim's RTC reset). With
 * -no-reboot the run ends at the reset, after the first two lines.
 */
#include "fw.h"

#define MARK_ADDR 0x4000000ul                      /* past the image, inside -m 128M */
#define MARK 0x7265736574746564ull                 /* "detteser" */
#define GED_RESET 2
#define GED_RESET_VALUE 0x42
#define UART_IER 1
#define PCH_PIC_INT_MASK 0x10000020ul              /* QEMU virt's PCH-PIC at 0x10000000 */
#define IOCSR_IPI_EN 0x1004
#define TCFG_EN 1ul
#define TCFG_PERIODIC 2ul

static void show(const char *when)
{
	printf("reset: %s: IER 0x%x, INT_MASK 0x%lx, IPI_EN 0x%x, TCFG.En %lu\n",
	       when, mmio_read8(BOARD_UART_BASE + UART_IER),
	       *(volatile uint64_t *)PCH_PIC_INT_MASK, iocsr_read32(IOCSR_IPI_EN),
	       csr_read(CSR_TCFG) & TCFG_EN);
}

int main(void)
{
	volatile uint64_t *mark = (volatile uint64_t *)MARK_ADDR;
	if (*mark != MARK) {
		*mark = MARK;
		/* Receive-data interrupt only: nothing arrives, so the line stays low. */
		mmio_write8(BOARD_UART_BASE + UART_IER, 1);
		*(volatile uint64_t *)PCH_PIC_INT_MASK = 0xffffffff00000000ul;
		iocsr_write32(IOCSR_IPI_EN, 0xff);
		/*
		 * Periodic, so En stays set whenever it expires (QEMU clears a
		 * one-shot's En at expiry, on host time); no interrupt is enabled.
		 */
		csr_write(CSR_TCFG, TCFG_EN | TCFG_PERIODIC | 0x10000000ul);
		show("first boot");
		printf("reset: writing the GED reset register\n");
		mmio_write8(BOARD_GED_BASE + GED_RESET, GED_RESET_VALUE);
		/* The reset comes at the end of the vCPU's quantum (on QEMU: soon after): wait. */
		for (;;)
			__asm__ volatile("idle 0");
	}
	*mark = 0;
	show("second boot");
	return 0;
}
