/*
 * The LoongArch board's smoke test: the common library's printf over the
 * 16550, arithmetic the compiler turns into LA64's integer instructions,
 * the CPU's identity from CPUCFG, and the power-off through the GED.
 * Prints facts only, so hvsim and QEMU give the same output.
 */
#include "fw.h"

static uint64_t fib(unsigned n)
{
	uint64_t a = 0, b = 1;
	while (n--) {
		uint64_t t = a + b;
		a = b;
		b = t;
	}
	return a;
}

static char buf[16];

int main(void)
{
	printf("loongarch smoke: hello from the 16550\n");
	unsigned sum = 0;
	for (unsigned i = 1; i <= 100; i++)
		sum += i;
	printf("sum 1..100 = %u, fib(90) = %lu\n", sum, (unsigned long)fib(90));
	printf("division: %ld / 7 = %ld rem %ld\n", -1000000007l, -1000000007l / 7,
	       -1000000007l % 7);
	printf("hex: %x %08X %lx\n", 0xdeadbeefu, 0xabcu, 0x0123456789abcdeful);
	printf("strings: [%s] [%-6s] [%6s] [%c]\n", "la64", "left", "right", '!');
	memset(buf, 'z', sizeof(buf) - 1);
	memcpy(buf, "copied", 6);
	printf("memcpy/memset: %s (%zu)\n", buf, strlen(buf));
	/* CPUCFG word 1: ARCH (bits 1:0) = 2 for LA64; word 2: FP present (bit 0). */
	uint32_t cfg1 = cpucfg(1);
	printf("cpucfg: LA64 %s, paging %s\n", (cfg1 & 3) == 2 ? "yes" : "no",
	       (cfg1 & 4) ? "yes" : "no");
	printf("powering off\n");
	return 0;
}
