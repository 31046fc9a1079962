/*
 * reset: a machine reset as a guest sees it. RAM outside the loaded image
 * keeps its contents across a reset (QEMU reloads its images and resets
 * the CPUs and devices; it does not clear RAM), so a word 64 MiB into RAM
 * tells the first boot from the second. The first asks for PSCI
 * SYSTEM_RESET; the second, entered again at the ELF's entry, says so and
 * powers off. With -no-reboot the reset ends the run after the first line.
 * tests/cli/monitor runs it on QEMU and on hvsim and compares.
 */
#include "fw.h"

#define MARK_ADDR (BOARD_RAM_BASE + 0x4000000ul)   /* past the image, inside -m 128M */
#define MARK 0x7265736574746564ull                 /* "detteser" */

int main(void)
{
	volatile uint64_t *mark = (volatile uint64_t *)MARK_ADDR;
	if (*mark != MARK) {
		*mark = MARK;
		printf("reset: first boot, asking for SYSTEM_RESET\n");
		smccc_call(PSCI_SYSTEM_RESET, 0, 0, 0);
		printf("reset: SYSTEM_RESET returned\n");
		return 0;
	}
	*mark = 0;
	printf("reset: second boot, after the reset\n");
	return 0;
}
