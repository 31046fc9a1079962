/*
 * Stage 1 translation with each granule, 4, 16 and 64 KiB (Arm ARM D8
 * "The AArch64 Virtual Memory System Architecture"; TCR_EL1.TG0/TG1,
 * ID_AA64MMFR0_EL1.TGran*): a 39-bit identity map through TTBR0 (its start
 * level and root size follow from the granule), a high alias of RAM through
 * TTBR1, a window page read at offsets beyond 4 KiB, a remap of that page
 * with TLBI by VA then read at another 4 KiB part of it, faults on holes
 * at levels 3 and 2, and AT S1E1R.
 */
#include "mmu.h"
#include "probe.h"
#include "ptab.h"

#define WIN     0x200000000ul                 /* TTBR0, beyond RAM */
#define HIGH(p) (MMU_HIGH_BASE + (uintptr_t)(p))

static uint8_t pool[2][4][65536] __attribute__((aligned(65536)));   /* TTBR0, TTBR1 tables */
static uint8_t pages[2][65536] __attribute__((aligned(65536)));     /* the window's pages A, B */
static volatile uint64_t shared;

void fw_sync(struct exc_frame *f)
{
	probe_abort(f);
}

static void check(const char *what, bool ok)
{
	printf("  %-46s %s\n", what, ok ? "ok" : "FAIL");
}

static void expect_fault(const char *what, uint64_t va)
{
	probe_last.faults = 0;
	uint64_t v = probe_read(va);
	printf("  %-30s", what);
	if (v != FAULTED || probe_last.faults != 1) {
		printf(" no fault FAIL\n");
		return;
	}
	exc_print_fsc(ESR_xFSC(probe_last.esr));
	printf(" FAR %s\n", probe_last.far == va ? "ok" : "FAIL");
}

static void tlbi_vae1(uint64_t va)
{
	__asm__ volatile("dsb ishst\n tlbi vae1is, %0\n dsb ish\n isb"
			 : : "r"((va >> 12) & 0xffffffffffful) : "memory");
}

/* Stage 1 attributes as lib/mmu.h's, for EL1 only (no AP[1]). */
#define ATTR_DEVICE (PTE_ATTR(MT_IDX_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define ATTR_RAM    (PTE_ATTR(MT_IDX_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_UXN)
#define ATTR_DATA   (ATTR_RAM | PTE_PXN)

static void granule(unsigned kib)
{
	uint64_t g = (uint64_t)kib << 10;
	unsigned iabits = 39;
	int start = ptab_start_level(kib, iabits);
	struct ptab lo, hi;
	ptab_init(&lo, kib, iabits, start, pool[0], sizeof(pool[0]));
	ptab_init(&hi, kib, iabits, start, pool[1], sizeof(pool[1]));
	printf("%lu KiB granule: 39-bit VA, walk starts at level %d\n", (unsigned long)kib, start);

	ptab_map(&lo, 0, 0, BOARD_RAM_BASE, ATTR_DEVICE, false);
	ptab_map(&lo, BOARD_RAM_BASE, BOARD_RAM_BASE, BOARD_RAM_SIZE, ATTR_RAM, false);
	ptab_map(&hi, HIGH(BOARD_RAM_BASE), BOARD_RAM_BASE, BOARD_RAM_SIZE, ATTR_DATA, false);
	ptab_map(&lo, WIN, (uintptr_t)pages[0], g, ATTR_DATA, true);

	uint64_t *a = (uint64_t *)pages[0], *b = (uint64_t *)pages[1];
	a[0] = 0xa0;
	a[g / 8 - 1] = 0xa1;
	b[g / 8 - 1] = 0xb1;

	/* TCR_EL1 (D19.2): TG0 00/10/01 and TG1 10/01/11 for 4/16/64 KiB. */
	uint64_t tg0 = kib == 4 ? 0 : kib == 16 ? 2 : 1;
	uint64_t tg1 = kib == 4 ? 2 : kib == 16 ? 1 : 3;
	uint64_t tcr = (64 - iabits) | (1ul << 8) | (1ul << 10) | (3ul << 12) | (tg0 << 14) |
		       ((uint64_t)(64 - iabits) << 16) | (1ul << 24) | (1ul << 26) | (3ul << 28) |
		       (tg1 << 30);
	dsb(ish);
	write_sysreg(mair_el1, 0xff04ul);
	write_sysreg(tcr_el1, tcr);
	write_sysreg(ttbr0_el1, (uintptr_t)lo.root);
	write_sysreg(ttbr1_el1, (uintptr_t)hi.root);
	isb();
	tlbi_all();
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
	isb();

	shared = 0x1234;
	check("the identity map runs this program", true);
	check("the TTBR1 alias reads the same memory", probe_read(HIGH(&shared)) == 0x1234);
	check("window: the page's first and last words",
	      probe_read(WIN) == 0xa0 && probe_read(WIN + g - 8) == 0xa1);

	/* Remap the window to page B: TLBI by the page's VA covers all of it. */
	*ptab_entry(&lo, WIN, 3) = (uintptr_t)pages[1] | ATTR_DATA | PTAB_TABLE | PTAB_VALID;
	tlbi_vae1(WIN);
	check("remapped + TLBI VAE1: the last word is B's", probe_read(WIN + g - 8) == 0xb1);

	uint64_t par = at_s1e1r(WIN + g - 8);
	check("AT S1E1R: PA in page B", !(par & 1) &&
	      (par & PTE_ADDR_MASK) == (((uintptr_t)pages[1] + g - 8) & ~0xffful));

	expect_fault("hole at the last level", WIN + g);
	expect_fault("hole at level 2", WIN + (1ul << ptab_shift(&lo, 2)));

	mmu_disable();
}

int main(void)
{
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	printf("granule: stage 1 with each translation granule\n");
	granule(4);
	if (((mmfr0 >> 20) & 0xf) != 0)   /* TGran16 */
		granule(16);
	else
		printf("16 KiB granule: not implemented\n");
	if (((mmfr0 >> 24) & 0xf) != 0xf) /* TGran64 */
		granule(64);
	else
		printf("64 KiB granule: not implemented\n");
	printf("granule: done\n");
	return 0;
}
