/*
 * panic: a guest that reports a kernel panic the way Linux does (the
 * "Kernel panic - not syncing: " line, then spinning) with a reason that
 * is hostile to anything quoting it: quotes, a backslash, a tab and a
 * control character. hvsim must end the run with status 3 naming the
 * reason, and --stats must still be valid JSON (tests/cli/stats-json).
 */
#include "fw.h"

int main(void)
{
	uart_puts("Kernel panic - not syncing: \"quoted\" \\ back\tslash \x01 end\n");
	for (;;)
		__asm__ volatile("wfi");
	return 0;
}
