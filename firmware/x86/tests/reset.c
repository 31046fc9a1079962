/*
 * reset: a machine reset as an x86 guest asks for it. The default build
 * writes the reset value to the FADT's reset register (x86-virt's: 0x42
 * to port 0x602, dev/acpi_ged.h); built with -DTRIPLE_FAULT it takes a
 * triple fault instead (INT3 with an IDT limit of 0: #GP, then #DF, then
 * shutdown), which a PC answers with a reset. RAM outside the loaded
 * image keeps its contents across the reset (the images are loaded again,
 * RAM is not cleared), so a word 64 MiB into RAM tells the first boot from
 * the second; the second says so and powers off. With -no-reboot the run
 * ends at the reset, after the first line.
 */
#include "fw.h"

#define MARK_ADDR 0x4000000ul                      /* past the image, inside -m 128M */
#define MARK 0x7265736574746564ull                 /* "detteser" */
#define ACPI_RESET_PORT 0x602
#define ACPI_RESET_VALUE 0x42

int main(void)
{
	volatile uint64_t *mark = (volatile uint64_t *)MARK_ADDR;
	if (*mark != MARK) {
		*mark = MARK;
#ifdef TRIPLE_FAULT
		printf("reset: first boot, taking a triple fault\n");
		static const struct __attribute__((packed)) { uint16_t limit; uint64_t base; } none = { 0, 0 };
		__asm__ volatile("lidt %0; int3" :: "m"(none));
#else
		printf("reset: first boot, writing the ACPI reset register\n");
		outb(ACPI_RESET_PORT, ACPI_RESET_VALUE);
		/* The reset comes at the end of the vCPU's quantum: wait for it. */
		for (;;)
			__asm__ volatile("hlt");
#endif
	}
	*mark = 0;
	printf("reset: second boot, after the reset\n");
	return 0;
}
