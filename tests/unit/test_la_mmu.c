/*
 * LoongArch address translation and the TLB (LA RM 5, 4.2.4, 4.2.5)
 * through the harness: direct address mode; the DMWs with their PLV bits
 * and DMW2-3 for data only; TLBWR, TLBRD, TLBSRCH and TLBFILL's placement;
 * every TLB permission check; INVTLB's seven ops, TLBCLR and TLBFLUSH;
 * the soft TLB never outliving what the TLB allows; CACOP; and Linux's TLB
 * refill handler walking page tables in RAM with LDDIR and LDPTE, huge
 * pages included.
 *
 * Instruction words from llvm-mc-16 -triple=loongarch64 -mattr=+d, the
 * assembly beside each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/la_sys_test.h"

/* TLBELO and PTE bits (LA RM 7.5.3, 5.4.5). */
#define V 0x1ull
#define D 0x2ull
#define PLV3 0xcull
#define MAT_CC 0x10ull
#define G 0x40ull
#define NR (1ull << 61)
#define NX (1ull << 62)
#define RPLV (1ull << 63)
#define PTE_P 0x80ull
#define PTE_W 0x100ull
#define PTE_HUGE 0x40ull
#define PTE_HGLOBAL 0x1000ull

#define HIGH 0xffff800000000000ull   /* the upper half of the address space: no DMW maps it */
#define PS_16K 14
#define PS_16M 24
#define STOP_HVCL (0x002b8000u | LA_HARNESS_STOP)

enum { LOAD, STORE, FETCH };
#define OK (-1)

static void paging(void)
{
	csr_set(LA_CSR_STLBPS, PS_16K);
	csr_set(LA_CSR_TLBREHI, PS_16K);
}

/*
 * TLBWR at `index`, or TLBFILL when index < 0, at PLV0 in direct address
 * mode: va's page pair, its halves, page size, ASID.
 */
static void tlb_entry(int index, uint64_t va, uint64_t lo0, uint64_t lo1, unsigned ps, unsigned asid)
{
	static const uint32_t wr[] = { 0x06483000 };     /* tlbwr */
	static const uint32_t fill[] = { 0x06483400 };   /* tlbfill */
	csr_set(LA_CSR_CRMD, LA_CRMD_DA);
	c->csr.tlbrera = 0;   /* not inside a refill: TLBWR and TLBFILL take TLBEHI and TLBELO0/1 */
	csr_set(LA_CSR_TLBEHI, va);
	csr_set(LA_CSR_TLBELO0, lo0);
	csr_set(LA_CSR_TLBELO1, lo1);
	csr_set(LA_CSR_TLBIDX, (uint64_t)(index < 0 ? 0 : index) | (uint64_t)ps << 24);
	csr_set(LA_CSR_ASID, asid);
	assert_int_equal(la_harness_run(h, index < 0 ? fill : wr, 1), 1);
}

/*
 * A load, store or fetch at va from PLV plv in mapped mode. Returns OK, or
 * the exception taken: its Ecode, LA_EXC_TLBR for a refill. The fetch's
 * target holds the stop sentinel.
 */
static int access_at(uint64_t va, int kind, unsigned plv)
{
	static const uint32_t progs[][1] = {
		{ 0x28c00085 },   /* ld.d $a1, $a0, 0 */
		{ 0x29c00085 },   /* st.d $a1, $a0, 0 */
		{ 0x4c000080 },   /* jirl $zero, $a0, 0 */
	};
	mapped_mode(plv, true);
	c->csr.tlbrera = 0;
	c->csr.estat &= LA_ESTAT_IS;
	c->r[4] = va;
	la_harness_run(h, progs[kind], 1);
	if (la_harness_stop(h) == LA_HARNESS_STOP)
		return OK;
	return (c->csr.tlbrera & 1) ? LA_EXC_TLBR : (int)ecode();
}

static uint64_t ram64(uint64_t pa)
{
	uint64_t v;
	memcpy(&v, la_harness_ram(h, pa), 8);
	return v;
}

static void ram64_set(uint64_t pa, uint64_t v)
{
	memcpy(la_harness_ram(h, pa), &v, 8);
}

/* Direct address mode (LA RM 5.2): every address, PA = VA[PALEN-1:0]. */
static void test_direct(void **state)
{
	ram64_set(0x100, 0xabcd);
	assert_int_equal(access_at(0, LOAD, 0), OK);   /* mapped mode ... */
	csr_set(LA_CSR_CRMD, LA_CRMD_DA);              /* ... and back */
	static const uint32_t prog[] = { 0x28c00085 };  /* ld.d $a1, $a0, 0 */
	c->r[4] = 0xffff000000000100ull;
	assert_int_equal(la_harness_run(h, prog, 1), 1);
	assert_int_equal(c->r[5], 0xabcd);
}

/*
 * The DMWs (LA RM 5.2.1): VA[63:60] = VSEG at an enabled PLV; DMW2-3 map
 * data only. A DMW write takes its old window out of the soft TLB.
 */
static void test_dmw(void **state)
{
	ram64_set(0x200, 0x42);
	csr_set(LA_CSR_DMW0 + 1, 0x9000000000000011ull);   /* PLV0, cached */
	assert_int_equal(access_at(0x9000000000000200ull, LOAD, 0), OK);
	assert_int_equal(c->r[5], 0x42);
	assert_int_equal(access_at(0x9000000000000200ull, LOAD, 3), LA_EXC_ADE);
	csr_set(LA_CSR_DMW0 + 1, 0x9000000000000019ull);   /* PLV0 and PLV3 */
	assert_int_equal(access_at(0x9000000000000200ull, LOAD, 3), OK);
	/* DMW2 serves loads and stores, not fetches. */
	csr_set(LA_CSR_DMW0 + 2, 0xa000000000000021ull);
	assert_int_equal(access_at(0xa000000000000200ull, LOAD, 0), OK);
	mem_load(la_harness_mem(h), 0x30000, &(uint32_t){ STOP_HVCL }, 4);
	assert_int_equal(access_at(0xa000000000030000ull, FETCH, 0), LA_EXC_ADE);
	assert_int_equal(esubcode(), LA_ADE_FETCH);
	csr_set(LA_CSR_DMW0 + 1, 0x9000000000000011ull);
	assert_int_equal(access_at(0x9000000000030000ull, FETCH, 0), OK);
	/* Moved to another segment, the old one is gone at once. */
	assert_int_equal(access_at(0x9000000000000200ull, LOAD, 0), OK);
	csr_set(LA_CSR_DMW0 + 1, 0xb000000000000011ull);
	assert_int_equal(access_at(0x9000000000000200ull, LOAD, 0), LA_EXC_ADE);
	assert_int_equal(c->csr.badv, 0x9000000000000200ull);
}

/*
 * TLBWR at an index, TLBSRCH finding it, TLBRD reading it back (G in both
 * halves, PS, the entry's ASID into CSR.ASID), an empty index and a miss
 * (LA RM 4.2.4.1-3).
 */
static void test_tlbwr_tlbrd_tlbsrch(void **state)
{
	static const uint32_t srch[] = { 0x06482800 };   /* tlbsrch */
	static const uint32_t rd[] = { 0x06482c00 };     /* tlbrd */
	const uint64_t va = HIGH | 5ull << 15;   /* STLB set 5 */
	paging();
	tlb_entry(2 * 256 + 5, va, 0x100000 | V | D | G, 0x104000 | V | G, PS_16K, 7);
	csr_set(LA_CSR_TLBIDX, 0);
	csr_set(LA_CSR_TLBEHI, va + 0x4000);
	csr_set(LA_CSR_ASID, 3);   /* global: any ASID finds it */
	la_harness_run(h, srch, 1);
	assert_int_equal(csr_get(LA_CSR_TLBIDX), 2 * 256 + 5);
	csr_set(LA_CSR_TLBEHI, 0);
	la_harness_run(h, rd, 1);
	assert_int_equal(csr_get(LA_CSR_TLBEHI), va);
	assert_int_equal(csr_get(LA_CSR_TLBELO0), 0x100000 | V | D | G);
	assert_int_equal(csr_get(LA_CSR_TLBELO1), 0x104000 | V | G);
	assert_int_equal(csr_get(LA_CSR_TLBIDX), (uint64_t)PS_16K << 24 | (2 * 256 + 5));
	assert_int_equal(csr_get(LA_CSR_ASID) & 0x3ff, 7);
	/* An empty entry. */
	csr_set(LA_CSR_TLBIDX, 3 | (uint64_t)PS_16K << 24);
	la_harness_run(h, rd, 1);
	assert_int_equal(csr_get(LA_CSR_TLBIDX), 0xffffffff80000003ull);
	assert_int_equal(csr_get(LA_CSR_TLBEHI) | csr_get(LA_CSR_TLBELO0) | csr_get(LA_CSR_TLBELO1), 0);
	/* A miss: NE, the index unchanged. */
	csr_set(LA_CSR_TLBIDX, 9);
	csr_set(LA_CSR_TLBEHI, va + 0x8000);
	la_harness_run(h, srch, 1);
	assert_int_equal(csr_get(LA_CSR_TLBIDX), 0xffffffff80000009ull);
	/* TLBWR with NE empties the entry. */
	csr_set(LA_CSR_TLBIDX, (2 * 256 + 5) | 1ull << 31);
	static const uint32_t wr[] = { 0x06483000 };   /* tlbwr */
	la_harness_run(h, wr, 1);
	assert_false(c->tlb[2 * 256 + 5].e);
}

/*
 * TLBFILL (LA RM 4.2.4.4): STLBPS-sized entries go to the STLB set of their
 * VA, others to the MTLB; a full set loses one way; an unsupported page
 * size (PRCFG2) writes nothing.
 */
static void test_tlbfill(void **state)
{
	static const uint32_t srch[] = { 0x06482800 };   /* tlbsrch */
	paging();
	for (unsigned k = 0; k < 9; k++)
		tlb_entry(-1, HIGH | 7ull << 15 | (uint64_t)k << 23, 0x100000 | V, 0, PS_16K, 1);
	unsigned in_set = 0;
	for (unsigned w = 0; w < LA_STLB_WAYS; w++)
		in_set += c->tlb[w * LA_STLB_SETS + 7].e;
	assert_int_equal(in_set, 8);
	csr_set(LA_CSR_TLBEHI, HIGH | 7ull << 15 | 8ull << 23);
	la_harness_run(h, srch, 1);
	uint64_t idx = csr_get(LA_CSR_TLBIDX);
	assert_false(idx & 1ull << 31);
	assert_int_equal(idx & 0xfff & (LA_STLB_SETS - 1), 7);
	tlb_entry(-1, HIGH | 1ull << 30, 0x2000000 | V, 0x3000000 | V, PS_16M, 1);
	la_harness_run(h, srch, 1);
	assert_int_equal(csr_get(LA_CSR_TLBIDX) & 0x80000fffull, LA_STLB_SETS * LA_STLB_WAYS);
	assert_int_equal(c->mtlb_present, 1);
	tlb_entry(-1, HIGH | 2ull << 30, 0x2000000 | V, 0, 31, 1);
	assert_int_equal(c->mtlb_present, 1);
}

/*
 * A page pair through the TLB: even and odd halves, loads and stores, and
 * each check of LA RM 5.4.4 in its order: V, NX, PLV/RPLV, NR, D (and
 * MISC.DWPL0 turning that off). BADV and TLBEHI.VPPN get the address.
 */
static void test_permissions(void **state)
{
	static const struct {
		uint64_t elo;
		int kind;
		unsigned plv;
		int expect;
	} cases[] = {
		{ V | D | MAT_CC, LOAD, 0, OK },
		{ V | D | MAT_CC, STORE, 0, OK },
		{ V | D | MAT_CC, FETCH, 0, OK },
		{ D, LOAD, 0, LA_EXC_PIL },
		{ D, STORE, 0, LA_EXC_PIS },
		{ D, FETCH, 0, LA_EXC_PIF },
		{ V, STORE, 0, LA_EXC_PME },
		{ V | D | NR, LOAD, 0, LA_EXC_PNR },
		{ V | D | NR, STORE, 0, OK },
		{ V | D | NX, FETCH, 0, LA_EXC_PNX },
		{ V | D | NX, LOAD, 0, OK },
		{ V | D, LOAD, 3, LA_EXC_PPI },          /* a PLV0 page */
		{ V | D | PLV3, LOAD, 0, OK },           /* a PLV3 page at PLV0 */
		{ V | D | PLV3 | RPLV, LOAD, 0, LA_EXC_PPI },
		{ V | D | PLV3 | RPLV, LOAD, 3, OK },
		{ V | NX, FETCH, 3, LA_EXC_PNX },        /* NX before the PLV check ... */
		{ V | NR, LOAD, 3, LA_EXC_PPI },         /* ... PLV before NR */
		{ V | NR, STORE, 3, LA_EXC_PPI },        /* ... and before D */
	};
	const uint64_t va = HIGH | 0x40000ull;   /* STLB set 8; even page: 0x100000, odd: 0x104000 */
	paging();
	ram64_set(0x104008, 0x1111);
	mem_load(la_harness_mem(h), 0x100010, &(uint32_t){ STOP_HVCL }, 4);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tlb_entry(8, va, 0x100000 | cases[i].elo, 0x104000 | V | D, PS_16K, 1);
		int got = access_at(va + 0x10, cases[i].kind, cases[i].plv);
		if (got != cases[i].expect)
			fail_msg("case %zu: %d, not %d", i, got, cases[i].expect);
		if (got != OK) {
			assert_int_equal(c->csr.badv, va + 0x10);
			assert_int_equal(c->csr.tlbehi, va & LA_VPPN_MASK);
			assert_int_equal(c->csr.era, cases[i].kind == FETCH ? va + 0x10 : LA_HARNESS_CODE);
		}
	}
	assert_int_equal(access_at(va + 0x4008, LOAD, 0), OK);   /* the odd page */
	assert_int_equal(c->r[5], 0x1111);
	c->r[5] = 0x2222;
	assert_int_equal(access_at(va + 0x4000, STORE, 0), OK);
	assert_int_equal(ram64(0x104000), 0x2222);
	/* MISC.DWPL0: no PME at PLV0; DWPL2 does not cover PLV3. */
	tlb_entry(8, va, 0x100000 | V | PLV3, 0, PS_16K, 1);
	c->csr.misc = 1 << 16 | 1 << 18;
	la_tlb_flush_soft(c);
	assert_int_equal(access_at(va, STORE, 0), OK);
	assert_int_equal(access_at(va, STORE, 3), LA_EXC_PME);
}

/*
 * The soft TLB never keeps what the TLB took away: after INVTLB, a TLBWR
 * over the entry, an ASID change; a page cached for reading still faults
 * on a write it may not do.
 */
static void test_soft_tlb_coherence(void **state)
{
	static const uint32_t inv5[] = { 0x064990c5 };   /* invtlb 5, $a2, $a0 */
	const uint64_t va = HIGH | 0x80000ull;   /* STLB set 16 */
	paging();
	tlb_entry(16, va, 0x100000 | V | MAT_CC, 0, PS_16K, 1);
	assert_int_equal(access_at(va, LOAD, 0), OK);
	assert_int_equal(access_at(va, STORE, 0), LA_EXC_PME);
	tlb_entry(16, va, 0x100000 | V | D, 0, PS_16K, 1);
	assert_int_equal(access_at(va, STORE, 0), OK);
	/* The ASID: another one does not see the entry, the first still does. */
	csr_set(LA_CSR_ASID, 2);
	assert_int_equal(access_at(va, LOAD, 0), LA_EXC_TLBR);
	csr_set(LA_CSR_ASID, 1);
	assert_int_equal(access_at(va, LOAD, 0), OK);
	/* INVTLB by address. */
	c->r[6] = 1;
	c->r[4] = va;
	mapped_mode(0, false);
	la_harness_run(h, inv5, 1);
	assert_int_equal(access_at(va, LOAD, 0), LA_EXC_TLBR);
	/* A TLBWR that makes the page invalid. */
	tlb_entry(256 + 16, va, 0x100000 | V | D, 0, PS_16K, 1);
	assert_int_equal(access_at(va, LOAD, 0), OK);
	tlb_entry(256 + 16, va, 0x100000, 0, PS_16K, 1);
	assert_int_equal(access_at(va, LOAD, 0), LA_EXC_PIL);
	/* A huge entry leaves the soft TLB whole. */
	tlb_entry(LA_STLB_SETS * LA_STLB_WAYS + 3, HIGH, 0x2000000 | V | D, 0x3000000 | V | D, PS_16M, 1);
	assert_int_equal(access_at(HIGH + 0x800000, LOAD, 0), OK);
	c->r[4] = HIGH + 0x10000;
	la_harness_run(h, inv5, 1);
	assert_int_equal(access_at(HIGH + 0x800000, LOAD, 0), LA_EXC_TLBR);
}

/* INVTLB's ops (LA RM 4.2.4.7), each on the same four entries. */
static void test_invtlb(void **state)
{
	static const uint32_t ops[7][1] = {
		{ 0x064990c0 }, { 0x064990c1 }, { 0x064990c2 }, { 0x064990c3 },   /* invtlb 0-3, $a2, $a0 */
		{ 0x064990c4 }, { 0x064990c5 }, { 0x064990c6 },                   /* invtlb 4-6, $a2, $a0 */
	};
	/* A: G=0 ASID 1; B: G=0 ASID 2; C: G=1; M: a 32 MiB pair, G=0 ASID 1, in the MTLB. */
	const uint64_t va_a = HIGH | 1ull << 15, va_b = HIGH | 2ull << 15, va_c = HIGH | 3ull << 15;
	const uint64_t va_m = HIGH | 1ull << 32;
	const size_t ia = 1, ib = 2, ic = 3, im = LA_STLB_SETS * LA_STLB_WAYS;
	static const struct {
		unsigned op, asid;
		int va;   /* 0 A, 1 B, 2 C, 3 within M */
		const char *left;
	} rows[] = {
		{ 0, 0, 0, "" }, { 1, 0, 0, "" }, { 2, 0, 0, "ABM" }, { 3, 0, 0, "C" },
		{ 4, 1, 0, "BC" }, { 4, 2, 0, "ACM" },
		{ 5, 1, 0, "BCM" }, { 5, 2, 0, "ABCM" }, { 5, 1, 2, "ABCM" }, { 5, 1, 3, "ABC" },
		{ 6, 2, 2, "ABM" }, { 6, 2, 1, "ACM" }, { 6, 2, 0, "ABCM" }, { 6, 1, 3, "ABC" },
	};
	paging();
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		tlb_entry((int)ia, va_a, V, V, PS_16K, 1);
		tlb_entry((int)ib, va_b, V, V, PS_16K, 2);
		tlb_entry((int)ic, va_c, V | G, V | G, PS_16K, 5);
		tlb_entry((int)im, va_m, V, V, 25, 1);
		const uint64_t vas[] = { va_a, va_b, va_c, va_m + 0x1234000 };
		c->r[6] = rows[i].asid;
		c->r[4] = vas[rows[i].va];
		la_harness_run(h, ops[rows[i].op], 1);
		char left[5] = "";
		size_t n = 0;
		if (c->tlb[ia].e) left[n++] = 'A';
		if (c->tlb[ib].e) left[n++] = 'B';
		if (c->tlb[ic].e) left[n++] = 'C';
		if (c->tlb[im].e) left[n++] = 'M';
		if (strcmp(left, rows[i].left))
			fail_msg("row %zu: left %s, not %s", i, left, rows[i].left);
	}
}

/*
 * TLBCLR and TLBFLUSH (LA RM 4.2.4.5-6): an STLB index clears its set (the
 * G=0 entries of CSR.ASID, or all), an MTLB index the MTLB.
 */
static void test_tlbclr_tlbflush(void **state)
{
	static const uint32_t clr[] = { 0x06482000 };     /* tlbclr */
	static const uint32_t flush[] = { 0x06482400 };   /* tlbflush */
	const size_t mtlb = LA_STLB_SETS * LA_STLB_WAYS;
	paging();
	tlb_entry(9, HIGH | 9ull << 15, V, 0, PS_16K, 1);
	tlb_entry(256 + 9, HIGH | 9ull << 15 | 1ull << 24, V, 0, PS_16K, 2);
	tlb_entry(512 + 9, HIGH | 9ull << 15 | 2ull << 24, V | G, V | G, PS_16K, 1);
	tlb_entry(10, HIGH | 10ull << 15, V, 0, PS_16K, 1);
	tlb_entry((int)mtlb, HIGH | 1ull << 33, V, 0, PS_16M, 1);
	tlb_entry((int)mtlb + 1, HIGH | 2ull << 33, V | G, V | G, PS_16M, 1);
	csr_set(LA_CSR_ASID, 1);
	csr_set(LA_CSR_TLBIDX, 3 * 256 + 9);   /* any way of set 9 */
	la_harness_run(h, clr, 1);
	assert_false(c->tlb[9].e);
	assert_true(c->tlb[256 + 9].e && c->tlb[512 + 9].e && c->tlb[10].e);
	la_harness_run(h, flush, 1);
	assert_false(c->tlb[256 + 9].e || c->tlb[512 + 9].e);
	assert_true(c->tlb[10].e);
	csr_set(LA_CSR_TLBIDX, mtlb + 5);
	la_harness_run(h, clr, 1);
	assert_false(c->tlb[mtlb].e);
	assert_true(c->tlb[mtlb + 1].e);
	la_harness_run(h, flush, 1);
	assert_int_equal(c->mtlb_present, 0);
	assert_true(c->tlb[10].e);
}

/* CACOP (LA RM 4.2.3): index operations change nothing; a hit operation looks its address up. */
static void test_cacop(void **state)
{
	static const uint32_t prog[] = {
		0x06000089,   /* cacop 0x9, $a0, 0 */
		0x06000091,   /* cacop 0x11, $a0, 0 */
	};
	mapped_mode(0, false);
	c->r[4] = HIGH;
	assert_int_equal(la_harness_run(h, prog, 1), 1);
	la_harness_run(h, prog, 2);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(c->csr.tlbrera, (LA_HARNESS_CODE + 4) | 1);
	assert_int_equal(c->csr.tlbrbadv, HIGH);
}

/*
 * Linux's TLB refill handler (arch/loongarch/mm/tlbex.S, handle_tlb_refill
 * for three levels of 16 KiB pages), assembled with llvm-mc-16.
 */
static const uint32_t refill_handler[] = {
	0x04022c2c,   /* csrwr $t0, 0x8b     (TLBRSAVE) */
	0x04006c0c,   /* csrrd $t0, 0x1b     (PGD) */
	0x06400d8c,   /* lddir $t0, $t0, 3 */
	0x0640058c,   /* lddir $t0, $t0, 1 */
	0x06440180,   /* ldpte $t0, 0 */
	0x06440580,   /* ldpte $t0, 1 */
	0x06483400,   /* tlbfill */
	0x04022c0c,   /* csrrd $t0, 0x8b */
	0x06483800,   /* ertn */
};
#define REFILL_PA 0x30000
#define PGD_PA 0x100000
#define PMD_PA 0x104000
#define PTE_PA 0x108000
#define KVA(pa) (0x9000000000000000ull | (pa))   /* Linux's tables hold DMW addresses */

/*
 * Linux's layout (mm/tlb.c setup_ptwalker): 16 KiB pages, 11 index bits a
 * level, the PTE at bit 14, the PMD at 25, the PGD at 36 (PWCH's Dir3);
 * the kernel's tables under PGDH. Then pages: PMD entry 3 is a table, 4 a
 * huge 32 MiB page at 0x2000000, global.
 */
static void page_tables(void)
{
	paging();
	csr_set(LA_CSR_PWCL, 14 | 11 << 5 | 25 << 10 | 11 << 15);
	csr_set(LA_CSR_PWCH, 36 | 11 << 6);
	csr_set(LA_CSR_PGDH, KVA(PGD_PA));
	csr_set(LA_CSR_TLBRENTRY, REFILL_PA);
	csr_set(LA_CSR_TLBIDX, (uint64_t)PS_16K << 24);
	mem_load(la_harness_mem(h), REFILL_PA, refill_handler, sizeof(refill_handler));
	ram64_set(PGD_PA, KVA(PMD_PA));
	ram64_set(PMD_PA + 3 * 8, KVA(PTE_PA));
	ram64_set(PMD_PA + 4 * 8, 0x2000000 | PTE_HUGE | PTE_HGLOBAL | PTE_P | PTE_W | V | D | MAT_CC);
	ram64_set(PTE_PA + 4 * 8, 0x200000 | PTE_P | PTE_W | V | D | MAT_CC);    /* kernel, writable */
	ram64_set(PTE_PA + 5 * 8, 0x204000 | PTE_P | V | MAT_CC | PLV3);         /* user, read-only */
	/* PTEs 6 and 7: not present. */
}

#define VA(pmd, pte) (HIGH | (uint64_t)(pmd) << 25 | (uint64_t)(pte) << 14)

/*
 * A miss walks the tables (LDDIR from PGD, then the PMD; LDPTE the pair),
 * TLBFILL fills the STLB without the PTE's software bits, ERTN retries; the
 * access then meets the page's own checks.
 */
static void test_refill_walk(void **state)
{
	static const uint32_t load[] = { 0x28c00085 };   /* ld.d $a1, $a0, 0 */
	page_tables();
	ram64_set(0x204000 + 0x120, 0xfeed);
	mapped_mode(0, false);
	c->r[4] = VA(3, 5) + 0x120;
	assert_int_equal(la_harness_run(h, load, 1), 1 + 9);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	assert_int_equal(c->r[5], 0xfeed);
	assert_int_equal(c->r[12], 0);   /* t0, saved in TLBRSAVE, restored */
	csr_set(LA_CSR_TLBEHI, VA(3, 4));
	csr_set(LA_CSR_TLBIDX, 0);
	static const uint32_t srch_rd[] = {
		0x06482800,   /* tlbsrch */
		0x06482c00,   /* tlbrd */
	};
	la_harness_run(h, srch_rd, 2);
	assert_true((csr_get(LA_CSR_TLBIDX) & 0x80000fffull) < LA_STLB_SETS * LA_STLB_WAYS);
	assert_int_equal(csr_get(LA_CSR_TLBELO0), 0x200000 | V | D | MAT_CC);
	assert_int_equal(csr_get(LA_CSR_TLBELO1), 0x204000 | V | MAT_CC | PLV3);
	assert_int_equal(csr_get(LA_CSR_TLBREHI) & 0x3f, PS_16K);
	/* The same pair's checks: read-only user page, kernel page; a pair not present. */
	assert_int_equal(access_at(VA(3, 5), STORE, 0), LA_EXC_PME);
	assert_int_equal(access_at(VA(3, 5), LOAD, 3), OK);
	assert_int_equal(access_at(VA(3, 4), LOAD, 3), LA_EXC_PPI);
	assert_int_equal(access_at(VA(3, 6), LOAD, 0), LA_EXC_PIL);   /* after the refill */
	assert_int_equal(c->csr.badv, VA(3, 6));
}

/*
 * A huge page's PMD entry: LDDIR passes it on, LDPTE splits it into two
 * 16 MiB halves (G from bit 12) and sets TLBREHI.PS, TLBFILL puts the pair
 * in the MTLB. The next ordinary walk sets PS back.
 */
static void test_refill_huge(void **state)
{
	static const uint32_t load[] = { 0x28c00085 };   /* ld.d $a1, $a0, 0 */
	page_tables();
	ram64_set(0x3000000 + 0x88, 0xbeef);
	mapped_mode(0, false);
	c->r[4] = VA(4, 0) + (1ull << PS_16M) + 0x88;
	assert_int_equal(la_harness_run(h, load, 1), 1 + 9);
	assert_int_equal(c->r[5], 0xbeef);
	assert_int_equal(c->mtlb_present, 1);
	const struct la_tlb_entry *e = &c->tlb[LA_STLB_SETS * LA_STLB_WAYS];
	assert_int_equal(e->ps, PS_16M);
	assert_true(e->g);
	assert_int_equal(e->elo[0], 0x2000000 | V | D | MAT_CC);
	assert_int_equal(e->elo[1], 0x3000000 | V | D | MAT_CC);
	assert_int_equal(c->csr.tlbrehi & 0x3f, PS_16M);
	ram64_set(0x2000000 + 0x40, 0xcafe);
	assert_int_equal(access_at(VA(4, 0) + 0x40, LOAD, 0), OK);   /* the even half, no refill */
	assert_int_equal(c->r[5], 0xcafe);
	c->r[4] = VA(3, 4);
	assert_int_equal(la_harness_run(h, load, 1), 1 + 9);
	assert_int_equal(c->csr.tlbrehi & 0x3f, PS_16K);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_direct, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dmw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlbwr_tlbrd_tlbsrch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlbfill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_tlb_coherence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invtlb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlbclr_tlbflush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cacop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refill_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refill_huge, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
