/*
 * oops_loop: a guest that reports what Linux reports when it oopses while
 * a task is already dying of an oops (kernel/exit.c make_task_dead: the
 * "Fixing recursive fault but reboot is needed!" line, then the task is
 * parked and the kernel runs on), and then keeps retiring instructions, as
 * the idle kernel's ticks do, so that no no-progress rule would end it.
 * hvsim must end the run with status 3 at that line (tests/cli/oops-loop).
 */
#include "fw.h"

int main(void)
{
	uart_puts("Oops: invalid opcode: 0000 [#1] SMP NOPTI\n");
	uart_puts("Oops: Oops: 0002 [#2] SMP NOPTI\n");
	uart_puts("Fixing recursive fault but reboot is needed!\n");
	for (volatile unsigned long n = 0;; n++)
		;
	return 0;
}
