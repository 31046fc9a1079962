/*
 * The gdb stub's test target (tests/debug/gdb-stub-test): a function to
 * break in and step through, a global to watch, a string to read. The
 * debugger changes nothing: the output is the same with or without it.
 */
#include "fw.h"

volatile uint64_t counter;
const char greeting[] = "hvsim gdb stub test pattern";
/* The debugger sets hold to keep the guest running until it interrupts it and sets release. */
volatile uint32_t hold, release;

__attribute__((noinline)) uint64_t accumulate(uint64_t n)
{
	uint64_t sum = 0;
	for (uint64_t i = 1; i <= n; i++) {
		sum += i * i;
		counter = counter + 1;
	}
	return sum;
}

int main(void)
{
	printf("debugee: %s\n", greeting);
	while (hold && !release)
		;
	uint64_t sum = accumulate(10);
	printf("debugee: sum %lu, counter %lu\n", (unsigned long)sum, (unsigned long)counter);
	return 0;
}
