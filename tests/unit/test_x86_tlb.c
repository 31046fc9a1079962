/*
 * INVLPG against the soft TLB, which holds a 2 MiB page as 4 KiB pieces
 * (cpu/x86-coco/mmu.c x86_tlb_flush_page, cpu/core core_tlb_invalidate_va):
 * INVLPG of one address in a large page drops the entries of the whole
 * page (SDM 2 "INVLPG"), so a changed PDE is seen through every piece; an
 * address outside every large page drops its own page only. MOV to CR3
 * keeps the entries of global pages (G, CR4.PGE: SDM 3:4.10.2.4) and
 * drops the others; a CR4 write drops all. The harness maps its RAM by
 * 2 MiB pages; the tests change PDEs without a flush and load, each page
 * holding its own address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/x86_harness.h"

#define h x86_harness_current()
#define cpu x86_harness_cpu(h)

#define MB2 (2ull << 20)
#define OLD (8 * MB2)      /* a 2 MiB page, identity-mapped */
#define NEW (10 * MB2)     /* where its PDE is pointed */
#define A 0x20000          /* two pieces, in TLB slots of their own */
#define B 0x21000

/* code; mov rsi, a; mov rdi, b; mov rax, [rsi]; mov rbx, [rdi] */
static void load2(const char *code, uint64_t a, uint64_t b)
{
	char hex[160];
	snprintf(hex, sizeof(hex), "%s 48be%016llx 48bf%016llx 488b06 488b1f", code,
		 (unsigned long long)__builtin_bswap64(a), (unsigned long long)__builtin_bswap64(b));
	x86_harness_run_hex(h, hex);
	assert_int_equal(x86_harness_vector(h), -1);
}

/* [invlpg [OLD + A];] load OLD + A and OLD + B */
static void load_two(bool invlpg)
{
	char code[32] = "";
	if (invlpg)   /* mov rsi, OLD + A; invlpg [rsi] */
		snprintf(code, sizeof(code), "48be%016llx 0f013e", (unsigned long long)__builtin_bswap64(OLD + A));
	load2(code, OLD + A, OLD + B);
}

static void test_invlpg_drops_large_page(void **state)
{
	(void)state;
	for (uint64_t pa = OLD; pa < NEW + MB2; pa += 4096)
		x86_harness_poke64(h, pa, pa);
	load_two(false);
	assert_int_equal(cpu->s.r[X86_RAX], OLD + A);
	assert_int_equal(cpu->s.r[X86_RBX], OLD + B);
	/* Point the PDE at NEW, no flush: both pieces stay cached. */
	uint64_t pde = X86_HARNESS_PD + (OLD >> 21) * 8;
	x86_harness_poke64(h, pde, (x86_harness_peek64(h, pde) & ~0x000fffffffe00000ull) | NEW);
	load_two(false);
	assert_int_equal(cpu->s.r[X86_RBX], OLD + B);
	/* INVLPG of piece A: piece B goes with it. */
	load_two(true);
	assert_int_equal(cpu->s.r[X86_RAX], NEW + A);
	assert_int_equal(cpu->s.r[X86_RBX], NEW + B);
}

#define GLOBAL (8 * MB2)   /* a global 2 MiB page */
#define LOCAL (12 * MB2)   /* a non-global one */
#define LOCAL_NEW (14 * MB2)
#define C 0x30000

static void point_pde(uint64_t va, uint64_t pa, uint64_t set)
{
	uint64_t pde = X86_HARNESS_PD + (va >> 21) * 8;
	x86_harness_poke64(h, pde, ((x86_harness_peek64(h, pde) & ~0x000fffffffe00000ull) | pa | set));
}

/* code; load GLOBAL + A and LOCAL + C */
static void load_gl(const char *code)
{
	load2(code, GLOBAL + A, LOCAL + C);
}

static void test_cr3_keeps_global_pages(void **state)
{
	(void)state;
	for (uint64_t pa = GLOBAL; pa < LOCAL_NEW + MB2; pa += 4096)
		x86_harness_poke64(h, pa, pa);
	cpu->s.cr4 |= X86_CR4_PGE;
	point_pde(GLOBAL, GLOBAL, 1u << 8);   /* G */
	x86_tlb_flush(cpu, true);
	load_gl("");
	assert_int_equal(cpu->s.r[X86_RAX], GLOBAL + A);
	assert_int_equal(cpu->s.r[X86_RBX], LOCAL + C);
	point_pde(GLOBAL, NEW, 1u << 8);
	point_pde(LOCAL, LOCAL_NEW, 0);
	/* mov rax, cr3; mov cr3, rax: the global page's entry stays, the other goes. */
	load_gl("0f20d8 0f22d8");
	assert_int_equal(cpu->s.r[X86_RAX], GLOBAL + A);
	assert_int_equal(cpu->s.r[X86_RBX], LOCAL_NEW + C);
	/* Again, with both entries listed once more: still only the global one stays. */
	point_pde(LOCAL, LOCAL, 0);
	load_gl("0f20d8 0f22d8");
	assert_int_equal(cpu->s.r[X86_RAX], GLOBAL + A);
	assert_int_equal(cpu->s.r[X86_RBX], LOCAL + C);
	/* mov rax, cr4; mov cr4, rax: a CR4 write flushes everything, global entries too. */
	load_gl("0f20e0 0f22e0");
	assert_int_equal(cpu->s.r[X86_RAX], NEW + A);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_invlpg_drops_large_page, x86_harness_setup,
						x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_cr3_keeps_global_pages, x86_harness_setup,
						x86_harness_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
