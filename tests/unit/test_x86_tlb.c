/*
 * INVLPG against the soft TLB, which holds a 2 MiB page as 4 KiB pieces
 * (cpu/x86-coco/mmu.c x86_tlb_flush_page, cpu/core core_tlb_invalidate_va):
 * INVLPG of one address in a large page drops the entries of the whole
 * page (SDM 2 "INVLPG"), so a changed PDE is seen through every piece; an
 * address outside every large page drops its own page only. The harness
 * maps its RAM by 2 MiB pages; the test changes a PDE without a flush and
 * loads two pieces, each page holding its own address.
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

/* mov rsi, OLD + A; mov rdi, OLD + B; [invlpg [rsi];] mov rax, [rsi]; mov rbx, [rdi] */
static void load_two(bool invlpg)
{
	char hex[128];
	snprintf(hex, sizeof(hex), "48be%016llx 48bf%016llx %s 488b06 488b1f",
		 (unsigned long long)__builtin_bswap64(OLD + A),
		 (unsigned long long)__builtin_bswap64(OLD + B), invlpg ? "0f013e" : "");
	x86_harness_run_hex(h, hex);
	assert_int_equal(x86_harness_vector(h), -1);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_invlpg_drops_large_page, x86_harness_setup,
						x86_harness_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
