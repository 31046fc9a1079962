/*
 * Page tables from a static pool, built while the MMU is off (or with the
 * affected range unused), and MMU on/off.
 */
#include "mmu.h"

#define POOL_TABLES 16
#define ENTRIES 512

static uint64_t pool[POOL_TABLES][ENTRIES] __attribute__((aligned(4096)));
static unsigned pool_used;
static uint64_t *root[2];          /* level 1 tables for TTBR0 and TTBR1 */

/*
 * MAIR_EL1 (D17.2.97): slot 0 Device-nGnRE, slot 1 Normal write-back
 * read/write-allocate.
 */
#define MAIR_VALUE 0xff04ul

/*
 * TCR_EL1 (D17.2.131): T0SZ = T1SZ = 25; walks inner-shareable, write-back
 * cacheable (IRGNn = ORGNn = 01, SHn = 11); TG0 = 4 KiB (00), TG1 = 4 KiB
 * (10); IPS = 32 bits, enough for everything on the board.
 */
#define TCR_VALUE ((25ul << 0) | (1ul << 8) | (1ul << 10) | (3ul << 12) | \
		   (25ul << 16) | (1ul << 24) | (1ul << 26) | (3ul << 28) | (2ul << 30))

static __attribute__((noreturn)) void mmu_panic(const char *why, uint64_t va)
{
	printf("mmu: %s at 0x%lx\n", why, (unsigned long)va);
	fw_exit();
}

static uint64_t *table_alloc(void)
{
	if (pool_used == POOL_TABLES)
		mmu_panic("page table pool exhausted", 0);
	uint64_t *t = pool[pool_used++];
	memset(t, 0, sizeof(pool[0]));
	return t;
}

void mmu_reset(void)
{
	pool_used = 0;
	root[0] = table_alloc();
	root[1] = table_alloc();
}

static unsigned index_at(uint64_t va, unsigned level)
{
	return (va >> (39 - 9 * level)) & (ENTRIES - 1);
}

static uint64_t level_size(unsigned level)
{
	return 1ul << (39 - 9 * level);
}

/* The entry for va at `level`, creating tables on the way if `alloc`. */
static uint64_t *entry_at(uint64_t va, unsigned level, bool alloc)
{
	uint64_t *t = root[va >> 63];

	for (unsigned l = 1; l < level; l++) {
		uint64_t *e = &t[index_at(va, l)];
		if (!(*e & PTE_VALID)) {
			if (!alloc)
				return 0;
			*e = (uintptr_t)table_alloc() | PTE_TABLE | PTE_VALID;
		} else if (!(*e & PTE_TABLE)) {
			mmu_panic("address already mapped by a block", va);
		}
		t = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
	}
	return &t[index_at(va, level)];
}

void mmu_map(uint64_t va, uint64_t pa, uint64_t size, uint64_t attr)
{
	while (size) {
		unsigned level = 1;
		while (level < 3 && (((va | pa) & (level_size(level) - 1)) ||
				     size < level_size(level)))
			level++;
		uint64_t *e = entry_at(va, level, true);
		if (*e & PTE_VALID)
			mmu_panic("address already mapped", va);
		*e = pa | attr | PTE_VALID | (level == 3 ? PTE_TABLE : 0);
		va += level_size(level);
		pa += level_size(level);
		size -= level_size(level);
	}
}

uint64_t *mmu_leaf(uint64_t va, unsigned *level)
{
	uint64_t *t = root[va >> 63];

	for (unsigned l = 1;; l++) {
		uint64_t *e = &t[index_at(va, l)];
		if (l == 3 || (*e & (PTE_VALID | PTE_TABLE)) != (PTE_VALID | PTE_TABLE)) {
			*level = l;
			return e;
		}
		t = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
	}
}

static void map_identity(uintptr_t start, uintptr_t end, uint64_t attr)
{
	mmu_map(start, start, end - start, attr);
}

void mmu_map_identity(void)
{
	map_identity(0, BOARD_RAM_BASE, MT_DEVICE);
	map_identity(BOARD_RAM_BASE, (uintptr_t)__text_start, MT_DATA);
	map_identity((uintptr_t)__text_start, (uintptr_t)__text_end, MT_TEXT);
	map_identity((uintptr_t)__text_end, (uintptr_t)__user_start, MT_DATA);
	map_identity((uintptr_t)__user_start, (uintptr_t)__user_end, MT_USER);
	map_identity((uintptr_t)__user_end, BOARD_RAM_BASE + BOARD_RAM_SIZE, MT_DATA);
}

/*
 * With the MMU and caches off the tables were written straight to memory,
 * and nothing has cached those lines since reset, so the walker (which
 * looks in the caches, TCR IRGN/ORGN) sees them without maintenance.
 */
void mmu_enable(void)
{
	dsb(ish);
	write_sysreg(mair_el1, MAIR_VALUE);
	write_sysreg(tcr_el1, TCR_VALUE);
	write_sysreg(ttbr0_el1, (uintptr_t)root[0]);
	write_sysreg(ttbr1_el1, (uintptr_t)root[1]);
	isb();
	tlbi_all();
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
	isb();
}

/* Clean and invalidate the data cache lines covering [start, end) to PoC. */
static void dcache_clean_inval(uintptr_t start, uintptr_t end)
{
	uintptr_t line = 4ul << ((read_sysreg(ctr_el0) >> 16) & 0xf); /* DminLine */

	for (uintptr_t a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb(sy);
}

/*
 * Turning the data cache off makes later accesses non-cacheable, so dirty
 * lines must reach memory first: clean the image (all we ever wrote) and
 * the page-table pool inside it.
 */
void mmu_disable(void)
{
	dcache_clean_inval((uintptr_t)BOARD_RAM_BASE, (uintptr_t)__image_end);
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~(SCTLR_M | SCTLR_C));
	isb();
	tlbi_all();
}

void mmu_identity_on(void)
{
	mmu_reset();
	mmu_map_identity();
	mmu_enable();
}
