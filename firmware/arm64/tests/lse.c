/*
 * Armv8.1 Large System Extensions (FEAT_LSE, Arm ARM C3.2.12 "Atomic
 * instructions"): LDADD and friends (return the old value), ST<op> aliases,
 * SWP, CAS and CASP, at several sizes and orderings. Needs a CPU with LSE
 * (QEMU -cpu max); reported and skipped otherwise.
 */
#include "mmu.h"

static uint64_t m64;
static uint32_t m32;
static uint16_t m16;
static uint8_t m8;
static uint64_t mpair[2] __attribute__((aligned(16)));

static unsigned failures;

/*
 * Run one LD<op>/SWP: print the old value returned and the memory after,
 * and check both against `expect`, computed from the old value in C.
 */
#define LDOP(name, insn, reg, p, val, expect) do { \
	__typeof__(*(p)) v = (val), before = *(p), o; \
	__asm__ volatile(insn " %" reg "2, %" reg "0, [%1]" : "=r"(o) : "r"(p), "r"(v) : "memory"); \
	__typeof__(*(p)) want = (__typeof__(*(p)))(expect); \
	report(name, o, *(p), o == before && *(p) == want); \
} while (0)

static void report(const char *what, uint64_t old, uint64_t now, bool ok)
{
	printf("  %-10s old 0x%016lx now 0x%016lx %s\n", what, (unsigned long)old,
	       (unsigned long)now, ok ? "ok" : "FAIL");
	failures += !ok;
}

#define SMAX(a, b) ((a) > (b) ? (a) : (b))
#define SMIN(a, b) ((a) < (b) ? (a) : (b))

int main(void)
{
	mmu_identity_on();
	unsigned atomic = (read_sysreg(id_aa64isar0_el1) >> 20) & 0xf;
	printf("lse: ID_AA64ISAR0_EL1.Atomic = %u\n", atomic);
	if (atomic < 2) {
		printf("lse: no FEAT_LSE, skipped\n");
		return 0;
	}

	m64 = 0x00ff00ff00ff00fful;
	LDOP("ldadd", "ldadd", "x", &m64, 0x0101010101010101ul, before + v);
	LDOP("ldaddal", "ldaddal", "x", &m64, 1, before + v);
	LDOP("ldclr", "ldclr", "x", &m64, 0x0f000000000000fful, before & ~v);
	LDOP("ldeorl", "ldeorl", "x", &m64, 0xfffffffffffffffful, before ^ v);
	LDOP("ldseta", "ldseta", "x", &m64, 0x0000020000000200ul, before | v);
	LDOP("ldsmax", "ldsmax", "x", &m64, 5, SMAX((int64_t)before, (int64_t)v));
	LDOP("ldsmin", "ldsmin", "x", &m64, -3l, SMIN((int64_t)before, (int64_t)v));
	LDOP("ldumax", "ldumax", "x", &m64, 0x7000000000000000ul, SMAX(before, v));
	LDOP("ldumin", "ldumin", "x", &m64, 0x42, SMIN(before, v));
	LDOP("swp", "swp", "x", &m64, 0x1234567890abcdeful, v);
	uint64_t b64 = m64;
	__asm__ volatile("stadd %0, [%1]" : : "r"(0x10ul), "r"(&m64) : "memory");
	report("stadd", b64, m64, m64 == b64 + 0x10);

	m32 = 0xfffffffeu;
	LDOP("ldadd w", "ldadd", "w", &m32, 3u, before + v);
	LDOP("ldsmax w", "ldsmax", "w", &m32, 0x80000000u, SMAX((int32_t)before, (int32_t)v));
	LDOP("ldumax w", "ldumaxl", "w", &m32, 0x80000000u, SMAX(before, v));
	m16 = 0x8000;
	LDOP("ldaddh", "ldaddh", "w", &m16, 0x8001, before + v);
	LDOP("ldsminh", "ldsminh", "w", &m16, 0x8000, SMIN((int16_t)before, (int16_t)v));
	LDOP("ldeorh", "ldeorah", "w", &m16, 0xffff, before ^ v);
	m8 = 0x7f;
	LDOP("ldaddb", "ldaddb", "w", &m8, 1, before + v);
	LDOP("ldsmaxb", "ldsmaxb", "w", &m8, 0x01, SMAX((int8_t)before, (int8_t)v));
	LDOP("swpalb", "swpalb", "w", &m8, 0xa5, v);

	/* CAS: Rs is the compare value in and the old value out. */
	m64 = 100;
	uint64_t cmp = 100;
	__asm__ volatile("casal %0, %2, [%1]" : "+r"(cmp) : "r"(&m64), "r"(200ul) : "memory");
	report("casal hit", cmp, m64, cmp == 100 && m64 == 200);
	cmp = 100;
	__asm__ volatile("casa %0, %2, [%1]" : "+r"(cmp) : "r"(&m64), "r"(300ul) : "memory");
	report("casa miss", cmp, m64, cmp == 200 && m64 == 200);
	m16 = 0xbeef;
	uint32_t cmp32 = 0xbeef;
	__asm__ volatile("cash %w0, %w2, [%1]" : "+r"(cmp32) : "r"(&m16), "r"(0xcafe) : "memory");
	report("cash hit", cmp32, m16, cmp32 == 0xbeef && m16 == 0xcafe);

	/* CASP: even/odd register pairs, compared and swapped as 128 bits. */
	mpair[0] = 1;
	mpair[1] = 2;
	register uint64_t c0 __asm__("x4") = 1, c1 __asm__("x5") = 2;
	register uint64_t n0 __asm__("x6") = 0x33, n1 __asm__("x7") = 0x44;
	__asm__ volatile("caspal x4, x5, x6, x7, [%2]"
			 : "+r"(c0), "+r"(c1) : "r"(mpair), "r"(n0), "r"(n1) : "memory");
	printf("  caspal hit old %lu,%lu now 0x%lx,0x%lx %s\n", (unsigned long)c0,
	       (unsigned long)c1, (unsigned long)mpair[0], (unsigned long)mpair[1],
	       c0 == 1 && c1 == 2 && mpair[0] == 0x33 && mpair[1] == 0x44 ? "ok" : "FAIL");
	c0 = 1;
	c1 = 2;
	__asm__ volatile("casp x4, x5, x6, x7, [%2]"
			 : "+r"(c0), "+r"(c1) : "r"(mpair), "r"(n0), "r"(n1) : "memory");
	printf("  casp miss  old 0x%lx,0x%lx now 0x%lx,0x%lx %s\n", (unsigned long)c0,
	       (unsigned long)c1, (unsigned long)mpair[0], (unsigned long)mpair[1],
	       c0 == 0x33 && c1 == 0x44 && mpair[0] == 0x33 && mpair[1] == 0x44 ? "ok" : "FAIL");
	printf("lse: %u failures\n", failures);
	return 0;
}
