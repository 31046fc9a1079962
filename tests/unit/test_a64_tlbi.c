/*
 * TLBI by VA against the soft TLB, which holds every mapping as 4 KiB
 * pieces (cpu/arm64/mmu.c a64_tlbi_va, cpu/core core_tlb_invalidate_va). The tests change
 * descriptors in memory without a TLBI, so a load shows whether its piece
 * was still cached (the old data) or walked again (the new):
 * - a TLBI by VA of a page outside every cached block flushes that page
 *   alone (the other pieces stay: the Linux boot's TLBIs for user and
 *   vmalloc pages used to flush everything while the kernel's blocks were
 *   cached);
 * - a TLBI by VA anywhere in a cached 2 MiB block flushes all its pieces
 *   (the block is one TLB entry for the architecture, D8.16 "TLB maintenance");
 * - with more blocks cached than the list holds, every TLBI by VA flushes all;
 * - under TBI a TLBI by VA drops what tagged pointers filled: translation
 *   ignores VA[63:56], so the TLBI's address (VA[55:12]) names every tag.
 * Tables: TTBR0, 4 KiB granule, T0SZ 32 (a level 1 table of four entries),
 * the RAM's gigabyte through a level 2 table of 2 MiB blocks, one of them
 * (PAGES) through a level 3 table of pages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/a64_test.h"

#define MB2 (2ull << 20)
#define L1 (HARNESS_RAM + 0x3f00000)
#define L2 (L1 + 0x1000)
#define L3 (L1 + 0x2000)
#define BLOCK (HARNESS_RAM + 2 * MB2)     /* a 2 MiB block, VA = PA at first */
#define BLOCK_NEW (HARNESS_RAM + 4 * MB2) /* where it is moved to */
#define PAGES (HARNESS_RAM + 6 * MB2)     /* 2 MiB in pages, VA = PA at first */
#define PAGES_NEW (HARNESS_RAM + 8 * MB2) /* where its pages A and B are moved to */
#define AF (1ull << 10)
/*
 * The pages loaded: offsets A and B in BLOCK, C and D in PAGES. The soft
 * TLB is direct-mapped by VA[20:12], so they and the code's page (index 0)
 * each have a slot of their own and nothing is evicted but by a TLBI.
 */
#define A 0x20000
#define B 0x21000
#define C 0x30000
#define D 0x31000

/* LDR Xt, [Xn] (C6.2.166, unsigned offset 0). */
static uint32_t ldr(unsigned t, unsigned n)
{
	return 0xf9400000u | n << 5 | t;
}

/* TLBI VAE1, Xt (C5.5.x: SYS #0, C8, C7, #1, Xt). */
static uint32_t tlbi_vae1(unsigned t)
{
	return 0xd5088720u | t;
}

static void put64(uint64_t pa, uint64_t val)
{
	memcpy(a64_harness_ram(h, pa), &val, 8);
}

/* The level 2 entry of the 2 MiB at va. */
static void set_l2(uint64_t va, uint64_t desc)
{
	put64(L2 + ((va >> 21) & 511) * 8, desc);
}

/* The tables above, the data, and the MMU on. */
static void map(void)
{
	/* Level 1: the RAM's gigabyte through L2; the others unmapped. */
	put64(L1 + ((HARNESS_RAM >> 30) & 3) * 8, L2 | 3);
	/* Level 2: identity blocks (Normal, EL1 read/write), PAGES through L3. */
	for (uint64_t va = HARNESS_RAM; va < HARNESS_RAM + (64ull << 20); va += MB2)
		set_l2(va, va | AF | 1);
	set_l2(PAGES, L3 | 3);
	for (uint64_t i = 0; i < 512; i++)
		put64(L3 + i * 8, (PAGES + i * 4096) | AF | 3);
	/* The data each page holds: its own address, so a load says which page it read. */
	for (uint64_t pa = HARNESS_RAM + 2 * MB2; pa < HARNESS_RAM + 16 * MB2; pa += 4096)
		put64(pa, pa);
	c->sr.mair_el1 = 0x00ff;
	c->sr.tcr_el1 = 32 | (1ull << 23);   /* T0SZ 32, 4 KiB granule, EPD1 */
	c->sr.ttbr0_el1 = L1;
	c->sr.sctlr_el1 |= SCTLR_M;
	a64_tlbi_all(c);
	a64_update_mode(c);
}

/* Load the four test addresses (pages A and B of BLOCK, C and D of PAGES) into x2..x5, after `pre`. */
static void load_four(uint32_t pre)
{
	c->x[10] = BLOCK + A;
	c->x[11] = BLOCK + B;
	c->x[12] = PAGES + C;
	c->x[13] = PAGES + D;
	const uint32_t prog[] = { pre, ldr(2, 10), ldr(3, 11), ldr(4, 12), ldr(5, 13) };
	const uint32_t *p = pre ? prog : prog + 1;
	a64_harness_run(h, p, pre ? 5 : 4);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);
}

/* Move BLOCK, and PAGES' pages C and D, elsewhere without a TLBI. */
static void move_all(void)
{
	set_l2(BLOCK, BLOCK_NEW | AF | 1);
	put64(L3 + (C >> 12) * 8, (PAGES_NEW + C) | AF | 3);
	put64(L3 + (D >> 12) * 8, (PAGES_NEW + D) | AF | 3);
}

static void test_tlbi_page_outside_blocks(void **state)
{
	(void)state;
	map();
	load_four(0);
	assert_int_equal(c->x[2], BLOCK + A);
	assert_int_equal(c->x[5], PAGES + D);
	move_all();
	/* TLBI of PAGES' page C: it alone is walked again. */
	c->x[6] = (PAGES + C) >> 12;
	load_four(tlbi_vae1(6));
	assert_int_equal(c->x[4], PAGES_NEW + C);
	assert_int_equal(c->x[5], PAGES + D);   /* still cached */
	assert_int_equal(c->x[2], BLOCK + A);   /* still cached */
	assert_int_equal(c->x[3], BLOCK + B);
}

static void test_tlbi_in_block_flushes_block(void **state)
{
	(void)state;
	map();
	load_four(0);
	move_all();
	/* TLBI of the block's page A: its piece B goes too. */
	c->x[6] = (BLOCK + A) >> 12;
	load_four(tlbi_vae1(6));
	assert_int_equal(c->x[2], BLOCK_NEW + A);
	assert_int_equal(c->x[3], BLOCK_NEW + B);
}

/* More blocks cached than the list holds: a TLBI by VA in any of them flushes it. */
static void test_tlbi_block_list_overflow(void **state)
{
	(void)state;
	map();
	/*
	 * Touch a page in each of CORE_TLB_LARGE + 1 blocks (the code's block
	 * is one more), page i + 1 of block i, each in a TLB slot of its own.
	 */
	uint64_t first = HARNESS_RAM + 10 * MB2;
	uint32_t prog[CORE_TLB_LARGE + 1];
	for (unsigned i = 0; i <= CORE_TLB_LARGE; i++) {
		c->x[i] = first + i * MB2 + (i + 1) * 0x1000;
		prog[i] = ldr(i, i);
	}
	assert_true(first + (CORE_TLB_LARGE + 1) * MB2 <= L1);
	a64_harness_run(h, prog, CORE_TLB_LARGE + 1);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);
	/* Move the last block touched and flush another page of it: the touched one goes too. */
	uint64_t last = first + CORE_TLB_LARGE * MB2, off = (CORE_TLB_LARGE + 1) * 0x1000;
	set_l2(last, BLOCK_NEW | AF | 1);
	c->x[20] = (last + off + 0x1000) >> 12;
	c->x[21] = last + off;
	const uint32_t again[] = { tlbi_vae1(20), ldr(22, 21) };
	a64_harness_run(h, again, 2);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);
	assert_int_equal(c->x[22], BLOCK_NEW + off);
}

/*
 * TCR_EL1.TBI0 (D8.8 "Address tagging"): loads through pointers tagged
 * 0x5a fill the soft TLB; a TLBI by VA (which carries no tag) of page C
 * and of the block's page A must drop them, as the entries they filled
 * are the same translations as the untagged ones.
 */
static void test_tlbi_drops_tagged_entries(void **state)
{
	(void)state;
	const uint64_t tag = 0x5aull << 56;
	map();
	c->sr.tcr_el1 |= 1ull << 37;   /* TBI0 */
	a64_tlbi_all(c);
	c->x[10] = (BLOCK + A) | tag;
	c->x[11] = (BLOCK + B) | tag;
	c->x[12] = (PAGES + C) | tag;
	const uint32_t fill[] = { ldr(2, 10), ldr(3, 11), ldr(4, 12) };
	a64_harness_run(h, fill, 3);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);
	assert_int_equal(c->x[4], PAGES + C);
	move_all();
	c->x[6] = (PAGES + C) >> 12;
	c->x[7] = (BLOCK + A) >> 12;
	const uint32_t again[] = { tlbi_vae1(6), tlbi_vae1(7), ldr(2, 10), ldr(3, 11), ldr(4, 12) };
	a64_harness_run(h, again, 5);
	assert_int_equal(a64_harness_stop(h), HARNESS_HVC_STOP);
	assert_int_equal(c->x[4], PAGES_NEW + C);
	assert_int_equal(c->x[2], BLOCK_NEW + A);
	assert_int_equal(c->x[3], BLOCK_NEW + B);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tlbi_page_outside_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlbi_in_block_flushes_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlbi_block_list_overflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlbi_drops_tagged_entries, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
