/*
 * Stage 1 translation with the 4 KiB granule (Arm ARM D8): an identity map
 * through TTBR0 and a high alias of RAM through TTBR1, then a window of
 * single pages at WIN to provoke each kind of fault: translation (levels 2
 * and 3), permission (write to read-only, EL0 to EL1-only), access flag
 * (fixed by the handler, then retried), AT address translation, a remap
 * with break-before-make and TLBI, and finally the MMU off again.
 */
#include "mmu.h"
#include "probe.h"

#define WIN   0x200000000ul                         /* TTBR0, level 1 index 8 */
#define HIGH(p) (MMU_HIGH_BASE + (uintptr_t)(p))    /* TTBR1 alias of a RAM address */

/* Window pages. */
enum { PG_RW, PG_RO, PG_NOAF, PG_HOLE, PG_EL0, PG_REMAP, PG_COUNT };
#define WPAGE(i) (WIN + (uint64_t)(i) * 4096)

static uint64_t pages[2][512] __attribute__((aligned(4096)));   /* physical A and B */
static uint64_t shared = 0x5a5a;

/* The probes (probe.h) and this, in assembly so the instruction is known. */
uint64_t where_am_i(void);
__asm__(".text\n"
	".global where_am_i\n"
	"where_am_i:  adr x0, .\n ret\n");

static struct {
	unsigned faults;
	uint64_t esr, far;
	bool fix_af;
} last;

void fw_sync(struct exc_frame *f)
{
	unsigned ec = ESR_EC(f->esr);

	if (ec != EC_DABT_SAME && ec != EC_DABT_LOWER) {
		printf("unexpected ");
		exc_report(f);
		fw_exit();
	}
	last.faults++;
	last.esr = f->esr;
	last.far = f->far;
	if (last.fix_af && (ESR_xFSC(f->esr) & 0x3c) == 0x08) {
		/* Software access flag management: set AF and retry (ELR as is). */
		unsigned level;
		*mmu_leaf(f->far, &level) |= PTE_AF;
		dsb(ishst);
		isb();
		return;
	}
	f->elr += 4;          /* skip the probe's ldr/str */
	f->x[0] = FAULTED;
}

/* Print the last fault and check its address. */
static void show_fault(const char *what, uint64_t va)
{
	printf("  %-30s", what);
	if (!last.faults) {
		printf(" no fault FAIL\n");
		return;
	}
	printf(" EC=0x%02lx", (unsigned long)ESR_EC(last.esr));
	exc_print_fsc(ESR_xFSC(last.esr));
	printf(" WnR=%lu FAR %s\n", (unsigned long)ESR_WNR(last.esr),
	       last.far == va ? "ok" : "FAIL");
	last.faults = 0;
}

static void expect_fault_read(const char *what, uint64_t va)
{
	last.faults = 0;
	uint64_t v = probe_read(va);
	if (v != FAULTED)
		printf("  %-30s read 0x%lx, no fault FAIL\n", what, (unsigned long)v);
	else
		show_fault(what, va);
}

static void expect_fault_write(const char *what, uint64_t va)
{
	last.faults = 0;
	probe_write(va, 1);
	show_fault(what, va);
}

/* PAR_EL1 after AT (D17.2.103): F, then PA or the fault status. */
static void show_at(const char *what, uint64_t va, uint64_t expect_pa)
{
	uint64_t par = at_s1e1r(va);
	if (par & 1)
		printf("  AT S1E1R %-20s PAR.F=1 FST=0x%02lx\n", what,
		       (unsigned long)(par >> 1) & 0x3f);
	else
		printf("  AT S1E1R %-20s PAR.F=0 PA %s\n", what,
		       (par & PTE_ADDR_MASK) == (expect_pa & ~0xffful) ? "ok" : "FAIL");
}

static uint64_t el0_probe_kernel(uint64_t va) { return probe_read(va); }

static uint64_t pa_of(const void *p) { return (uintptr_t)p; }

int main(void)
{
	printf("mmu: 4 KiB granule, 39-bit VA, TTBR0 identity + TTBR1 alias\n");
	pages[0][0] = 0xaaaa000000000001ul;
	pages[1][0] = 0xbbbb000000000002ul;

	mmu_reset();
	mmu_map_identity();
	/* TTBR1: all of the RAM window again, one level 1 block, EL1 RWX. */
	mmu_map(HIGH(BOARD_RAM_BASE), BOARD_RAM_BASE, BOARD_RAM_SIZE, MT_NORMAL);
	mmu_map(WPAGE(PG_RW), pa_of(pages[0]), 4096, MT_DATA);
	mmu_map(WPAGE(PG_RO), pa_of(pages[1]), 4096, MT_DATA | PTE_AP_RO);
	mmu_map(WPAGE(PG_NOAF), pa_of(pages[1]), 4096, MT_DATA & ~PTE_AF);
	mmu_map(WPAGE(PG_EL0), pa_of(pages[0]), 4096, MT_USER);
	mmu_map(WPAGE(PG_REMAP), pa_of(pages[0]), 4096, MT_DATA);
	mmu_enable();

	uint64_t sctlr = read_sysreg(sctlr_el1);
	printf("  SCTLR_EL1.M=%lu C=%lu I=%lu\n", (unsigned long)sctlr & 1,
	       (unsigned long)(sctlr >> 2) & 1, (unsigned long)(sctlr >> 12) & 1);

	/* The same memory through both tables, and code running at the alias. */
	shared = 0x1111;
	bool ok = probe_read(HIGH(&shared)) == 0x1111;
	probe_write(HIGH(&shared), 0x2222);
	ok = ok && shared == 0x2222;
	printf("  identity and TTBR1 alias see the same memory: %s\n", ok ? "ok" : "FAIL");
	uint64_t (*high_fn)(void) = (uint64_t (*)(void))HIGH(where_am_i);
	printf("  code runs at the TTBR1 alias: %s\n",
	       high_fn() == HIGH(where_am_i) ? "ok" : "FAIL");
	printf("  window pages: RW reads 0x%lx, RO reads 0x%lx\n",
	       (unsigned long)probe_read(WPAGE(PG_RW)), (unsigned long)probe_read(WPAGE(PG_RO)));

	show_at("identity", (uintptr_t)&shared, pa_of(&shared));
	show_at("TTBR1 alias", HIGH(&shared), pa_of(&shared));
	show_at("window RW page", WPAGE(PG_RW), pa_of(pages[0]));
	show_at("window hole", WPAGE(PG_HOLE), 0);

	printf("faults:\n");
	expect_fault_read("read, no level 2 entry", WIN + 0x200000);
	expect_fault_read("read, invalid level 3 entry", WPAGE(PG_HOLE));
	expect_fault_write("write to read-only page", WPAGE(PG_RO));
	expect_fault_write("write, TTBR1 beyond RAM", HIGH(0x100000000ul));

	last.fix_af = true;
	last.faults = 0;
	uint64_t v = probe_read(WPAGE(PG_NOAF));
	show_fault("read, AF=0 (handler sets AF)", WPAGE(PG_NOAF));
	printf("  retried read returns 0x%lx, AF now %lu\n", (unsigned long)v,
	       (unsigned long)(*mmu_leaf(WPAGE(PG_NOAF), &(unsigned){0}) >> 10) & 1);
	last.fix_af = false;

	printf("EL0:\n");
	last.faults = 0;
	el0_call(el0_probe_kernel, WPAGE(PG_RW), EL0_STACK_TOP);
	show_fault("EL0 read of EL1-only page", WPAGE(PG_RW));
	v = el0_call(el0_probe_kernel, WPAGE(PG_EL0), EL0_STACK_TOP);
	printf("  EL0 read of EL0 page (same PA) 0x%lx %s\n", (unsigned long)v,
	       last.faults ? "FAIL" : "ok");

	printf("remap:\n");
	unsigned level;
	uint64_t *pte = mmu_leaf(WPAGE(PG_REMAP), &level);
	printf("  page at level %u reads 0x%lx\n", level, (unsigned long)probe_read(WPAGE(PG_REMAP)));
	/* Break-before-make (D8.14.1): invalidate, TLBI, then the new output address. */
	uint64_t old = *pte;
	*pte = 0;
	tlbi_va(WPAGE(PG_REMAP));
	expect_fault_read("read while invalid", WPAGE(PG_REMAP));
	*pte = (old & ~PTE_ADDR_MASK) | pa_of(pages[1]);
	dsb(ishst);
	isb();
	printf("  after remap reads 0x%lx\n", (unsigned long)probe_read(WPAGE(PG_REMAP)));

	printf("MMU off:\n");
	mmu_disable();
	sctlr = read_sysreg(sctlr_el1);
	printf("  SCTLR_EL1.M=%lu C=%lu\n", (unsigned long)sctlr & 1, (unsigned long)(sctlr >> 2) & 1);
	printf("  physical read of the variable: 0x%lx\n", (unsigned long)probe_read(pa_of(&shared)));
	/* MMU off, VA = PA: a VA beyond the PA size is an address size fault (D8.2). */
	expect_fault_read("read of the TTBR1 alias VA", HIGH(&shared));
	printf("mmu: done\n");
	return 0;
}
