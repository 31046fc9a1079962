/*
 * Power-off through the ACPI GED's sleep control register (ACPI 6.5
 * 4.8.3.7): SLP_EN with sleep type 5, the S5 value QEMU's GED acts on.
 * QEMU ends the run a little after the write, so the CPU waits there.
 */
#include "fw.h"

#define GED_SLEEP_CTL 0
#define SLP_EN (1u << 5)
#define SLP_TYP_S5 (5u << 2)

void fw_exit(void)
{
	mmio_write8(BOARD_GED_BASE + GED_SLEEP_CTL, SLP_EN | SLP_TYP_S5);
	for (;;)
		__asm__ volatile("idle 0");
}
