/*
 * idle: the monitor's and QMP's target (tests/cli/monitor). It prints where
 * a known word lives, then waits for interrupts forever with none enabled,
 * so the machine stays up, its state fixed, until the monitor ends the run.
 * The same ELF runs on QEMU's virt board, which the test compares with.
 */
#include "fw.h"

volatile uint32_t idle_marker[4] = { 0x600dcafe, 0x12345678, 0xdeadbeef, 0x0badf00d };

int main(void)
{
	printf("idle: marker at 0x%lx\n", (unsigned long)(uintptr_t)idle_marker);
	for (;;)
		wfi();
	return 0;
}
