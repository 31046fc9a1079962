/*
 * LA64 loads, stores, bound-checked accesses, atomics and LL/SC through the
 * harness (LA RM 2.2.5-2.2.7): every size's extension, the three addressing
 * forms, unaligned and page-crossing ordinary accesses, r0 as a load's
 * destination and a store's source, LDGT...STLE's BCE and ALE with BADV,
 * LL/SC success and failure (memory changed between them, as another CPU
 * would), AM* results, ALE and the unallocated register overlaps, and
 * prefetches that never fault.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/la_harness.h"

enum { ZERO = 0, A0 = 4, A1 = 5, A2 = 6, A3 = 7 };
enum {
	/* 2RI12, bits 31:22 */
	LD_B = 0xa0, LD_H, LD_W, LD_D, ST_B, ST_H, ST_W, ST_D, LD_BU, LD_HU, LD_WU, PRELD,
	ADDI_W = 0xa,
	/* 2RI14, bits 31:24 */
	LL_W = 0x20, SC_W, LL_D, SC_D, LDPTR_W, STPTR_W, LDPTR_D, STPTR_D,
	/* 3R, bits 31:15 */
	LDX_B = 0x7000, LDX_H = 0x7008, LDX_W = 0x7010, LDX_D = 0x7018, STX_B = 0x7020,
	STX_H = 0x7028, STX_W = 0x7030, STX_D = 0x7038, LDX_BU = 0x7040, LDX_HU = 0x7048,
	LDX_WU = 0x7050, PRELDX = 0x7058,
	AMSWAP_W = 0x70c0, AMSWAP_D, AMADD_W, AMADD_D, AMAND_W, AMAND_D, AMOR_W, AMOR_D,
	AMXOR_W, AMXOR_D, AMMAX_W, AMMAX_D, AMMIN_W, AMMIN_D, AMMAX_WU, AMMAX_DU, AMMIN_WU,
	AMMIN_DU, AMSWAP_DB_W, AMADD_DB_D = AMSWAP_DB_W + 3, AMMIN_DB_DU = 0x70e3,
	LDGT_B = 0x70f0, LDGT_H, LDGT_W, LDGT_D, LDLE_B, LDLE_H, LDLE_W, LDLE_D,
	STGT_B, STGT_H, STGT_W, STGT_D, STLE_B, STLE_H, STLE_W, STLE_D,
};

#define REGS(rd, rj, rk) ((uint32_t)(rk) << 10 | (uint32_t)(rj) << 5 | (uint32_t)(rd))
#define I12(op, rd, rj, si) ((uint32_t)(op) << 22 | ((uint32_t)(si) & 0xfff) << 10 | REGS(rd, rj, 0))
#define I14(op, rd, rj, off) ((uint32_t)(op) << 24 | ((uint32_t)((off) / 4) & 0x3fff) << 10 | REGS(rd, rj, 0))
#define X3(op, rd, rj, rk) ((uint32_t)(op) << 15 | REGS(rd, rj, rk))
/* AM* rd, rk, rj */
#define AMO(op, rd, rk, rj) X3(op, rd, rj, rk)

#define DATA 0x40000ull
#define NEG(x) ((uint64_t)(int64_t)(x))
#define ECODE(c) (((c)->csr.estat >> LA_ESTAT_ECODE_SHIFT) & 0x3f)

static const uint8_t pattern[8] = { 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };

static uint64_t peek(struct la_harness *h, uint64_t gpa)
{
	uint64_t v;
	memcpy(&v, la_harness_ram(h, gpa), 8);
	return v;
}

static void poke(struct la_harness *h, uint64_t gpa, uint64_t v)
{
	memcpy(la_harness_ram(h, gpa), &v, 8);
}

/* Run one instruction; it must retire (or, with ecode, take that exception). */
static void run1(struct la_harness *h, uint32_t insn, int ecode)
{
	struct la_cpu *c = la_harness_cpu(h);
	la_harness_run(h, &insn, 1);
	if (ecode < 0) {
		if (la_harness_stop(h) != LA_HARNESS_STOP)
			fail_msg("%08x: exception %llu", insn, (unsigned long long)ECODE(c));
		return;
	}
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(ECODE(c), ecode);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE);
}

/* Each load's width and extension, through rj + si12, rj + rk and rj + si14 << 2. */
static void test_loads(void **state)
{
	static const struct {
		uint32_t insn;
		uint64_t want;
	} cases[] = {
		{ I12(LD_B, A0, A1, 8), NEG(-0x78) },
		{ I12(LD_BU, A0, A1, 8), 0x88 },
		{ I12(LD_H, A0, A1, 8), NEG((int16_t)0x9988) },
		{ I12(LD_HU, A0, A1, 8), 0x9988 },
		{ I12(LD_W, A0, A1, 8), NEG((int32_t)0xbbaa9988) },
		{ I12(LD_WU, A0, A1, 8), 0xbbaa9988 },
		{ I12(LD_D, A0, A1, 8), 0xffeeddccbbaa9988 },
		{ I12(LD_W, A0, A2, -8), NEG((int32_t)0xbbaa9988) },
		{ X3(LDX_B, A0, A1, A3), NEG(-0x78) },
		{ X3(LDX_BU, A0, A1, A3), 0x88 },
		{ X3(LDX_H, A0, A1, A3), NEG((int16_t)0x9988) },
		{ X3(LDX_HU, A0, A1, A3), 0x9988 },
		{ X3(LDX_W, A0, A1, A3), NEG((int32_t)0xbbaa9988) },
		{ X3(LDX_WU, A0, A1, A3), 0xbbaa9988 },
		{ X3(LDX_D, A0, A1, A3), 0xffeeddccbbaa9988 },
		{ X3(LDX_D, A0, A2, A3), 0 },
		{ I14(LDPTR_W, A0, A1, 8), NEG((int32_t)0xbbaa9988) },
		{ I14(LDPTR_D, A0, A2, -8), 0xffeeddccbbaa9988 },
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	memcpy(la_harness_ram(h, DATA + 8), pattern, 8);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c->r[A1] = DATA;
		c->r[A2] = DATA + 16;
		c->r[A3] = 8;
		run1(h, cases[i].insn, -1);
		if (c->r[A0] != cases[i].want)
			fail_msg("%08x: %#llx, want %#llx", cases[i].insn, (unsigned long long)c->r[A0],
				 (unsigned long long)cases[i].want);
	}
	la_harness_free(h);
}

/* Each store writes its width of rd and nothing around it. */
static void test_stores(void **state)
{
	static const struct {
		uint32_t insn;
		uint64_t want;
	} cases[] = {
		{ I12(ST_B, A0, A1, 8), 0x1111111111111188 },
		{ I12(ST_H, A0, A1, 8), 0x1111111111119988 },
		{ I12(ST_W, A0, A1, 8), 0x11111111bbaa9988 },
		{ I12(ST_D, A0, A1, 8), 0xffeeddccbbaa9988 },
		{ I12(ST_D, A0, A2, -8), 0xffeeddccbbaa9988 },
		{ X3(STX_B, A0, A1, A3), 0x1111111111111188 },
		{ X3(STX_H, A0, A1, A3), 0x1111111111119988 },
		{ X3(STX_W, A0, A1, A3), 0x11111111bbaa9988 },
		{ X3(STX_D, A0, A1, A3), 0xffeeddccbbaa9988 },
		{ I14(STPTR_W, A0, A1, 8), 0x11111111bbaa9988 },
		{ I14(STPTR_D, A0, A2, -8), 0xffeeddccbbaa9988 },
		{ I12(ST_D, ZERO, A1, 8), 0 },
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		poke(h, DATA, 0x2222222222222222);
		poke(h, DATA + 8, 0x1111111111111111);
		poke(h, DATA + 16, 0x3333333333333333);
		c->r[A0] = 0xffeeddccbbaa9988;
		c->r[A1] = DATA;
		c->r[A2] = DATA + 16;
		c->r[A3] = 8;
		run1(h, cases[i].insn, -1);
		assert_int_equal(peek(h, DATA + 8), cases[i].want);
		assert_int_equal(peek(h, DATA), 0x2222222222222222);
		assert_int_equal(peek(h, DATA + 16), 0x3333333333333333);
	}
	la_harness_free(h);
}

/* Ordinary accesses may be unaligned (CPUCFG.1.UAL), across a page boundary too. */
static void test_unaligned(void **state)
{
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	uint64_t edge = DATA + 0x1000 - 3;   /* 3 bytes in one page, 5 in the next */
	c->r[A0] = 0x0102030405060708;
	c->r[A1] = edge;
	run1(h, I12(ST_D, A0, A1, 0), -1);
	run1(h, I12(LD_D, A2, A1, 0), -1);
	assert_int_equal(c->r[A2], 0x0102030405060708);
	assert_int_equal(*la_harness_ram(h, edge), 0x08);
	assert_int_equal(*la_harness_ram(h, edge + 7), 0x01);
	run1(h, I12(LD_W, A2, A1, 1), -1);
	assert_int_equal(c->r[A2], 0x04050607);
	run1(h, I12(LD_HU, A2, A1, 2), -1);
	assert_int_equal(c->r[A2], 0x0506);
	la_harness_free(h);
}

/* A load into r0 is discarded; a store from r0 stores zero (test_stores). */
static void test_load_r0(void **state)
{
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	poke(h, DATA, 0x1234);
	c->r[A1] = DATA;
	run1(h, I12(LD_D, ZERO, A1, 0), -1);
	run1(h, X3(LDX_D, ZERO, A1, ZERO), -1);
	assert_int_equal(c->r[0], 0);
	la_harness_free(h);
}

/*
 * LDGT/STGT need rj > rk, LDLE/STLE rj <= rk (signed); the address is rj,
 * naturally aligned. A failure is BCE, a misaligned rj ALE, both with
 * BADV = rj, and leaves rd or memory alone.
 */
static void test_bounded(void **state)
{
	static const struct {
		uint32_t op;
		uint64_t addr, bound;
		int ecode;   /* -1: the access happens */
	} cases[] = {
		{ LDGT_D, DATA, DATA - 1, -1 },
		{ LDGT_D, DATA, DATA, LA_EXC_BCE },
		{ LDGT_W, DATA, NEG(-1), -1 },
		{ LDGT_B, DATA + 1, DATA, -1 },
		{ LDGT_H, DATA + 1, DATA, LA_EXC_ALE },
		{ LDLE_D, DATA, DATA, -1 },
		{ LDLE_W, DATA + 4, DATA, LA_EXC_BCE },
		{ LDLE_H, DATA + 2, DATA + 2, -1 },
		{ LDLE_B, DATA, 0, LA_EXC_BCE },
		{ LDLE_D, DATA + 4, DATA + 8, LA_EXC_ALE },
		{ STGT_D, DATA, 0, -1 },
		{ STGT_W, DATA, DATA + 4, LA_EXC_BCE },
		{ STGT_H, DATA + 2, DATA, -1 },
		{ STGT_B, DATA, DATA, LA_EXC_BCE },
		{ STLE_D, DATA, DATA, -1 },
		{ STLE_W, DATA + 8, DATA, LA_EXC_BCE },
		{ STLE_H, DATA + 1, DATA + 8, LA_EXC_ALE },
		{ STLE_B, DATA, NEG(-1), LA_EXC_BCE },
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool store = cases[i].op >= STGT_B;
		poke(h, DATA, 0x5555555555555555);
		poke(h, DATA + 8, 0x5555555555555555);
		c->r[A0] = store ? 0xaaaaaaaaaaaaaaaa : 7;
		c->r[A1] = cases[i].addr;
		c->r[A2] = cases[i].bound;
		c->csr.badv = 0;
		run1(h, X3(cases[i].op, A0, A1, A2), cases[i].ecode);
		bool done = cases[i].ecode < 0;
		if (!done)
			assert_int_equal(c->csr.badv, cases[i].addr);
		if (store)
			assert_int_equal(peek(h, cases[i].addr & ~7ull) != 0x5555555555555555, done);
		else
			assert_int_equal(c->r[A0] == 0x5555555555555555 ||
					 c->r[A0] == 0x55555555 || c->r[A0] == 0x5555 || c->r[A0] == 0x55, done);
	}
	la_harness_free(h);
}

/* LL, then SC: success when nothing stored there in between. */
static void test_ll_sc(void **state)
{
	static const uint32_t inc_w[] = {
		I14(LL_W, A0, A1, 4), I12(ADDI_W, A0, A0, 1), I14(SC_W, A0, A1, 4),
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	c->r[A1] = DATA;
	poke(h, DATA, 0x7fffffff00000000);
	assert_int_equal(la_harness_run(h, inc_w, 3), 3);
	assert_int_equal(c->r[A0], 1);
	assert_int_equal(peek(h, DATA), 0x8000000000000000);
	assert_false(c->llbit);
	/* LL.W sign-extends */
	run1(h, I14(LL_W, A0, A1, 4), -1);
	assert_int_equal(c->r[A0], 0xffffffff80000000);
	/* LL.D, SC.D */
	c->r[A0] = 0;
	run1(h, I14(LL_D, A2, A1, 0), -1);
	c->r[A0] = 0x1234;
	run1(h, I14(SC_D, A0, A1, 0), -1);
	assert_int_equal(c->r[A0], 1);
	assert_int_equal(peek(h, DATA), 0x1234);
	la_harness_free(h);
}

/* SC fails (rd = 0, memory untouched) when LLbit is clear, or another size or address, or memory changed. */
static void test_sc_fails(void **state)
{
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	c->r[A1] = DATA;
	poke(h, DATA, 5);

	/* memory changed between LL and SC, as a store by another CPU would */
	run1(h, I14(LL_D, A0, A1, 0), -1);
	poke(h, DATA, 6);
	c->r[A0] = 99;
	run1(h, I14(SC_D, A0, A1, 0), -1);
	assert_int_equal(c->r[A0], 0);
	assert_int_equal(peek(h, DATA), 6);

	/* no LL since the last SC */
	c->r[A0] = 99;
	run1(h, I14(SC_D, A0, A1, 0), -1);
	assert_int_equal(c->r[A0], 0);
	assert_int_equal(peek(h, DATA), 6);

	/* another address, another size */
	run1(h, I14(LL_D, A0, A1, 0), -1);
	c->r[A0] = 99;
	run1(h, I14(SC_D, A0, A1, 8), -1);
	assert_int_equal(c->r[A0], 0);
	run1(h, I14(LL_D, A0, A1, 0), -1);
	c->r[A0] = 99;
	run1(h, I14(SC_W, A0, A1, 0), -1);
	assert_int_equal(c->r[A0], 0);
	assert_int_equal(peek(h, DATA), 6);
	assert_int_equal(peek(h, DATA + 8), 0);
	la_harness_free(h);
}

/* LL and SC must be naturally aligned: ALE with BADV. */
static void test_ll_sc_align(void **state)
{
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	c->r[A1] = DATA + 2;
	run1(h, I14(LL_W, A0, A1, 0), LA_EXC_ALE);
	assert_int_equal(c->csr.badv, DATA + 2);
	run1(h, I14(LL_D, A0, A1, 4), LA_EXC_ALE);
	assert_int_equal(c->csr.badv, DATA + 6);
	run1(h, I14(SC_W, A0, A1, 0), LA_EXC_ALE);
	run1(h, I14(SC_D, A0, A1, 8), LA_EXC_ALE);
	assert_int_equal(c->csr.badv, DATA + 10);
	la_harness_free(h);
}

/* AM*: rd = the old value (a word sign-extended, .WU too), memory = old op rk. */
static void test_am(void **state)
{
	static const struct {
		uint32_t op;
		uint64_t mem, rk, want_mem;
	} cases[] = {
		{ AMSWAP_W, 0x1111111180000000, 5, 0x1111111100000005 },
		{ AMSWAP_D, 0x8000000000000000, 5, 5 },
		{ AMADD_W, 0x11111111ffffffff, 2, 0x1111111100000001 },
		{ AMADD_D, ~0ull, 2, 1 },
		{ AMAND_W, 0x11111111f0f0f0f0, 0xff00ff00, 0x11111111f000f000 },
		{ AMAND_D, 0xf0f0f0f0f0f0f0f0, 0xff, 0xf0 },
		{ AMOR_W, 0x1111111180000000, 1, 0x1111111180000001 },
		{ AMOR_D, 0x8000000000000000, 1, 0x8000000000000001 },
		{ AMXOR_W, 0x11111111ffffffff, 0xf, 0x11111111fffffff0 },
		{ AMXOR_D, ~0ull, 0xf, ~0xfull },
		{ AMMAX_W, 0x11111111ffffffff, 1, 0x1111111100000001 },
		{ AMMAX_D, NEG(-5), NEG(-7), NEG(-5) },
		{ AMMIN_W, 0x1111111100000001, NEG(-1), 0x11111111ffffffff },
		{ AMMIN_D, 3, NEG(-7), NEG(-7) },
		{ AMMAX_WU, 0x11111111ffffffff, 1, 0x11111111ffffffff },
		{ AMMAX_DU, 1, NEG(-1), NEG(-1) },
		{ AMMIN_WU, 0x11111111ffffffff, 1, 0x1111111100000001 },
		{ AMMIN_DU, NEG(-1), 7, 7 },
		{ AMADD_DB_D, 40, 2, 42 },
		{ AMMIN_DB_DU, 9, 7, 7 },
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool word = (cases[i].op & 1) == 0 && cases[i].op <= AMMIN_DU;
		poke(h, DATA, cases[i].mem);
		c->r[A1] = DATA;
		c->r[A2] = cases[i].rk;
		run1(h, AMO(cases[i].op, A0, A2, A1), -1);
		uint64_t old = word ? NEG((int32_t)cases[i].mem) : cases[i].mem;
		if (c->r[A0] != old || peek(h, DATA) != cases[i].want_mem)
			fail_msg("%#x: rd %#llx memory %#llx", cases[i].op, (unsigned long long)c->r[A0],
				 (unsigned long long)peek(h, DATA));
	}
	/* rd = r0 discards the old value; the memory is still updated */
	poke(h, DATA, 1);
	run1(h, AMO(AMADD_D, ZERO, A2, A1), -1);
	assert_int_equal(peek(h, DATA), 1 + 7);
	assert_int_equal(c->r[0], 0);
	la_harness_free(h);
}

/* AM* at a misaligned address is ALE with BADV, memory untouched; rd = rj or rk (not r0) is INE. */
static void test_am_faults(void **state)
{
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	poke(h, DATA, 0);
	poke(h, DATA + 8, 0);
	c->r[A1] = DATA + 4;
	c->r[A2] = 1;
	run1(h, AMO(AMADD_D, A0, A2, A1), LA_EXC_ALE);
	assert_int_equal(c->csr.badv, DATA + 4);
	c->r[A1] = DATA + 2;
	run1(h, AMO(AMSWAP_W, A0, A2, A1), LA_EXC_ALE);
	assert_int_equal(c->csr.badv, DATA + 2);
	assert_int_equal(peek(h, DATA), 0);
	c->r[A1] = DATA;
	run1(h, AMO(AMSWAP_W, A1, A2, A1), LA_EXC_INE);
	run1(h, AMO(AMADD_D, A2, A2, A1), LA_EXC_INE);
	assert_int_equal(peek(h, DATA), 0);
	la_harness_free(h);
}

/* PRELD and PRELDX are hints: no exception even at an address nothing is at. */
static void test_prefetch(void **state)
{
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	c->r[A1] = 0x7ffffffffff1;
	c->r[A2] = 3;
	run1(h, I12(PRELD, 0, A1, -2048), -1);
	run1(h, X3(PRELDX, 8, A1, A2), -1);
	run1(h, I12(LD_D, A0, A1, 0), LA_EXC_ADE);
	la_harness_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads),
		cmocka_unit_test(test_stores),
		cmocka_unit_test(test_unaligned),
		cmocka_unit_test(test_load_r0),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_ll_sc),
		cmocka_unit_test(test_sc_fails),
		cmocka_unit_test(test_ll_sc_align),
		cmocka_unit_test(test_am),
		cmocka_unit_test(test_am_faults),
		cmocka_unit_test(test_prefetch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
