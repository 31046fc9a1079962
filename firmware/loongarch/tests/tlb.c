/*
 * Mapped address translation (LA RM 5.4): an MTLB entry of 256 MiB pages
 * maps the first 512 MiB of physical memory onto itself (program, stack,
 * devices), and the test pages above 1 GiB go through TLB refills
 * (6.3.4: TLBRBADV, TLBREHI, TLBFILL) from a small table, then through
 * each page fault of 5.4.4 with its code in ESTAT and the address in BADV.
 */
#include "fw.h"

/* TLBELO (7.5.3). */
#define ELO_V (1ul << 0)
#define ELO_D (1ul << 1)
#define ELO_PLV(n) ((uint64_t)(n) << 2)
#define ELO_MAT_CC (1ul << 4)
#define ELO_G (1ul << 6)
#define ELO_NR (1ul << 61)
#define ELO_NX (1ul << 62)
#define ELO_RPLV (1ul << 63)
#define TLBIDX_PS(ps) ((uint64_t)(ps) << 24)
#define MTLB_FIRST 2048            /* TLBIDX numbers the STLB's 2048 entries first */

#define VA_BASE 0x40000000ul       /* the test pages, 4 KiB each */
enum { PG_DATA, PG_INVALID, PG_RO, PG_KERNEL, PG_NR, PG_NX, PG_CODE, PG_RPLV0, PG_COUNT };

static uint8_t frames[PG_COUNT][4096] __attribute__((aligned(4096)));
static const uint64_t flags[PG_COUNT] = {
	[PG_DATA] = ELO_V | ELO_D | ELO_PLV(3),
	[PG_INVALID] = ELO_D | ELO_PLV(3),
	[PG_RO] = ELO_V | ELO_PLV(3),
	[PG_KERNEL] = ELO_V | ELO_D | ELO_PLV(0),
	[PG_NR] = ELO_V | ELO_D | ELO_PLV(3) | ELO_NR,
	[PG_NX] = ELO_V | ELO_D | ELO_PLV(3) | ELO_NX,
	[PG_CODE] = ELO_V | ELO_D | ELO_PLV(3),
	[PG_RPLV0] = ELO_V | ELO_D | ELO_PLV(0) | ELO_RPLV,
};

static uint64_t page_va(unsigned pg)
{
	return VA_BASE + 0x1000ul * pg;
}

static uint64_t lookup(uint64_t va)
{
	uint64_t pg = (va - VA_BASE) >> 12;
	if (va < VA_BASE || pg >= PG_COUNT)
		return 0;
	return (uintptr_t)frames[pg] | flags[pg] | ELO_MAT_CC | ELO_G;
}

/* The identity map and paging on (CRMD.DA = 0, PG = 1, DATF = DATM = CC). */
static void paging_on(void)
{
	csr_write(CSR_STLBPS, 12);
	csr_write(CSR_ASID, 0);
	csr_write(CSR_TLBEHI, 0);
	csr_write(CSR_TLBELO0, 0x00000000ul | ELO_V | ELO_D | ELO_PLV(3) | ELO_MAT_CC | ELO_G);
	csr_write(CSR_TLBELO1, 0x10000000ul | ELO_V | ELO_D | ELO_PLV(3) | ELO_G);   /* MAT SUC: devices */
	csr_write(CSR_TLBIDX, MTLB_FIRST | TLBIDX_PS(28));
	__asm__ volatile("invtlb 0, $zero, $zero\n\ttlbwr" ::: "memory");
	csr_write(CSR_CRMD, (csr_read(CSR_CRMD) & ~CRMD_DA) | CRMD_PG | (1ul << 5) | (1ul << 7));
}

static uint64_t load(uint64_t va)
{
	return *(volatile uint64_t *)va;
}

static uint64_t store(uint64_t va)
{
	*(volatile uint64_t *)va = 0x5a5a;
	return 0;
}

/* A function placed at va: "li.w $a0, 42; ret" written there through its frame. */
static uint64_t call_at(uint64_t va)
{
	return ((uint64_t(*)(uint64_t))va)(0);
}

static void fault(const char *name, uint64_t (*access)(uint64_t), uint64_t va, bool at_plv3)
{
	unsigned before = trap_last.count;
	if (at_plv3)
		plv3_call(access, va);
	else
		access(va);
	if (trap_last.count == before) {
		printf("%-24s no exception\n", name);
		return;
	}
	printf("%-24s ecode 0x%x sub %u plv %u badv %s\n", name, trap_last.ecode, trap_last.subcode,
	       trap_last.from_plv, trap_last.badv == va ? "ok" : "WRONG");
}

int main(void)
{
	trap_init();
	tlbr_lookup = lookup;
	printf("loongarch tlb\n");
	paging_on();
	printf("paging on: crmd.pg %lu da %lu\n", (unsigned long)(csr_read(CSR_CRMD) >> 4) & 1,
	       (unsigned long)(csr_read(CSR_CRMD) >> 3) & 1);

	/* A refill on first touch, none on the second; the data is the frame's. */
	*(volatile uint64_t *)frames[PG_DATA] = 0x1122334455667788ul;
	unsigned refills = tlbr_count;
	uint64_t v = load(page_va(PG_DATA));
	printf("load through refill: %lx, refills %u, tlbrbadv %s\n", (unsigned long)v,
	       tlbr_count - refills, tlbr_badv == page_va(PG_DATA) ? "ok" : "WRONG");
	refills = tlbr_count;
	store(page_va(PG_DATA) + 16);
	printf("store, same pair: refills %u, frame sees %lx\n", tlbr_count - refills,
	       (unsigned long)*(volatile uint64_t *)(frames[PG_DATA] + 16));

	/* TLBSRCH finds the refilled pair; INVTLB op 6 removes it; the next touch refills again. */
	csr_write(CSR_TLBEHI, page_va(PG_DATA));
	__asm__ volatile("tlbsrch" ::: "memory");
	uint64_t idx = csr_read(CSR_TLBIDX);
	printf("tlbsrch: %s\n", idx >> 31 ? "not found" : "found");
	uint64_t va = page_va(PG_DATA);
	__asm__ volatile("invtlb 6, $zero, %0" : : "r"(va) : "memory");
	__asm__ volatile("tlbsrch" ::: "memory");
	printf("after invtlb 6: %s\n", csr_read(CSR_TLBIDX) >> 31 ? "not found" : "found");
	refills = tlbr_count;
	load(va);
	printf("load again: refills %u\n", tlbr_count - refills);

	/* The page faults (5.4.4's checks). */
	fault("load, V=0 (PIL)", load, page_va(PG_INVALID), false);
	fault("store, V=0 (PIS)", store, page_va(PG_INVALID) + 8, false);
	fault("fetch, V=0 (PIF)", call_at, page_va(PG_INVALID), false);
	fault("store, D=0 (PME)", store, page_va(PG_RO) + 0x10, false);
	fault("load, D=0", load, page_va(PG_RO), false);
	fault("load, NR=1 (PNR)", load, page_va(PG_NR), false);
	fault("fetch, NX=1 (PNX)", call_at, page_va(PG_NX), false);
	fault("plv3 load, PLV0 (PPI)", load, page_va(PG_KERNEL), true);
	fault("plv3 store, PLV0 (PPI)", store, page_va(PG_KERNEL) + 0x18, true);
	fault("plv0 load, PLV0", load, page_va(PG_KERNEL), false);
	fault("plv3 load, PLV3", load, page_va(PG_DATA), true);
	fault("plv0 load, RPLV PLV0", load, page_va(PG_RPLV0), false);
	fault("plv3 load, RPLV PLV0", load, page_va(PG_RPLV0), true);

	/* Code in a mapped page runs; at a non-canonical address it is ADEF, data ADEM. */
	static const uint32_t code[2] = { 0x02800000 | (42 << 10) | 4 /* addi.w $a0, $zero, 42 */,
					  0x4c000020 /* jirl $zero, $ra, 0 */ };
	memcpy(frames[PG_CODE], code, sizeof(code));
	__asm__ volatile("ibar 0" ::: "memory");
	printf("call mapped code: %lu\n", (unsigned long)call_at(page_va(PG_CODE)));
	uint64_t bad = 0x0001000000000000ul;   /* bit 48 set, 63:49 clear */
	fault("load, non-canonical", load, bad, false);
	fault("fetch, non-canonical", call_at, bad, false);

	/* A PLV3 load from an unmapped page refills in direct address mode and returns to PLV3. */
	refills = tlbr_count;
	fault("plv3 load, beyond table", load, page_va(PG_COUNT), true);
	printf("refills %u, back at plv %lu\n", tlbr_count - refills,
	       (unsigned long)(csr_read(CSR_CRMD) & CRMD_PLV));
	return 0;
}
