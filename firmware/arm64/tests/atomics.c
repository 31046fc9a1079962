/*
 * Armv8.0 exclusives (Arm ARM B2.9 "Synchronization and semaphores"), on
 * Normal memory with the MMU on: LDXR/STXR and LDAXR/STLXR retry loops at
 * every size, LDXP/STXP pairs, a compare-and-swap built from them, and the
 * cases where STXR must fail: after CLREX, and with no reservation at all.
 */
#include "mmu.h"

static uint64_t word64;
static uint32_t word32;
static uint16_t half;
static uint8_t bytes[8];
static uint64_t pair[2] __attribute__((aligned(16)));

/* Exclusive add at each size; returns the old value. Retries on failure. */
#define XADD(name, type, ld, st, reg) \
static type name(type *p, type v) \
{ \
	type old, tmp; \
	uint32_t fail; \
	__asm__ volatile("1: " ld " %" reg "0, [%3]\n" \
			 "   add %" reg "1, %" reg "0, %" reg "4\n" \
			 "   " st " %w2, %" reg "1, [%3]\n" \
			 "   cbnz %w2, 1b" \
			 : "=&r"(old), "=&r"(tmp), "=&r"(fail) : "r"(p), "r"(v) : "memory"); \
	return old; \
}
XADD(xadd64, uint64_t, "ldxr", "stxr", "x")
XADD(xadd32, uint32_t, "ldxr", "stxr", "w")
XADD(xadd16, uint16_t, "ldxrh", "stxrh", "w")
XADD(xadd8, uint8_t, "ldxrb", "stxrb", "w")
XADD(xadd64_acqrel, uint64_t, "ldaxr", "stlxr", "x")

/* CAS from exclusives: returns the value seen; stores only if it was `expect`. */
static uint64_t xcas(uint64_t *p, uint64_t expect, uint64_t v)
{
	uint64_t seen;
	uint32_t fail;
	__asm__ volatile("1: ldaxr %0, [%2]\n"
			 "   cmp %0, %3\n"
			 "   b.ne 2f\n"
			 "   stlxr %w1, %4, [%2]\n"
			 "   cbnz %w1, 1b\n"
			 "   b 3f\n"
			 "2: clrex\n"
			 "3:"
			 : "=&r"(seen), "=&r"(fail) : "r"(p), "r"(expect), "r"(v) : "memory", "cc");
	return seen;
}

/* Swap the two halves of a 16-byte pair with LDXP/STXP. */
static void xswap_pair(uint64_t *p)
{
	uint64_t a, b;
	uint32_t fail;
	__asm__ volatile("1: ldxp %0, %1, [%3]\n"
			 "   stxp %w2, %1, %0, [%3]\n"
			 "   cbnz %w2, 1b"
			 : "=&r"(a), "=&r"(b), "=&r"(fail) : "r"(p) : "memory");
}

/* LDXR, CLREX, STXR: the monitor is open, so the store must fail (status 1). */
static uint32_t stxr_after_clrex(uint64_t *p, uint64_t v)
{
	uint64_t old;
	uint32_t status;
	__asm__ volatile("ldxr %0, [%2]\n"
			 "clrex\n"
			 "stxr %w1, %3, [%2]"
			 : "=&r"(old), "=&r"(status) : "r"(p), "r"(v) : "memory");
	return status;
}

/* STXR with no LDXR since the last STXR (which opened the monitor): fails. */
static uint32_t stxr_unreserved(uint64_t *p, uint64_t v)
{
	uint32_t status;
	__asm__ volatile("stxr %w0, %2, [%1]" : "=&r"(status) : "r"(p), "r"(v) : "memory");
	return status;
}

int main(void)
{
	mmu_identity_on();
	printf("atomics: Armv8.0 exclusives on Normal memory\n");

	for (unsigned i = 0; i < 1000; i++)
		xadd64(&word64, 3);
	printf("  ldxr/stxr 64-bit: 1000 x +3 = %lu\n", (unsigned long)word64);
	for (unsigned i = 0; i < 1000; i++)
		xadd64_acqrel(&word64, 1);
	printf("  ldaxr/stlxr 64-bit: 1000 x +1 -> %lu\n", (unsigned long)word64);

	word32 = 0xfffffff0u;
	uint32_t o32 = xadd32(&word32, 0x20);
	printf("  ldxr/stxr 32-bit: old 0x%08x new 0x%08x (wraps)\n", o32, word32);
	half = 0xfffe;
	uint16_t o16 = xadd16(&half, 3);
	printf("  ldxrh/stxrh: old 0x%04x new 0x%04x\n", o16, half);
	for (unsigned i = 0; i < 8; i++)
		bytes[i] = (uint8_t)(0x10 * i);
	uint8_t o8 = xadd8(&bytes[3], 0xff);
	printf("  ldxrb/stxrb on byte 3: old 0x%02x new 0x%02x, neighbours 0x%02x 0x%02x\n",
	       o8, bytes[3], bytes[2], bytes[4]);

	pair[0] = 0x1111111111111111ul;
	pair[1] = 0x2222222222222222ul;
	xswap_pair(pair);
	printf("  ldxp/stxp swap: 0x%lx 0x%lx\n", (unsigned long)pair[0], (unsigned long)pair[1]);

	word64 = 100;
	uint64_t seen = xcas(&word64, 100, 200);
	printf("  cas(100->200) on 100: saw %lu, now %lu\n", (unsigned long)seen,
	       (unsigned long)word64);
	seen = xcas(&word64, 100, 300);
	printf("  cas(100->300) on 200: saw %lu, now %lu\n", (unsigned long)seen,
	       (unsigned long)word64);

	word64 = 7;
	uint32_t st = stxr_after_clrex(&word64, 8);
	printf("  stxr after clrex: status %u, memory %lu\n", st, (unsigned long)word64);
	xadd64(&word64, 1);                 /* a successful stxr opens the monitor */
	st = stxr_unreserved(&word64, 99);
	printf("  stxr without ldxr: status %u, memory %lu\n", st, (unsigned long)word64);
	printf("atomics: done\n");
	return 0;
}
