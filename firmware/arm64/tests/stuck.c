/*
 * stuck: a guest caught in an exception loop. VBAR_EL1 points at a hole in
 * the physical map (MMU off), so fetching the vector for the undefined
 * instruction aborts, and that abort's vector aborts again, forever,
 * without retiring an instruction. hvsim must say the guest stopped making
 * progress and exit with status 4 (tests/cli/bad-input), not hang.
 */
#include "fw.h"

int main(void)
{
	uart_puts("stuck: entering an exception loop\n");
	__asm__ volatile("msr vbar_el1, %0\n\tisb\n\tudf #0" : : "r"(0x0b000000ull));
	return 0;
}
