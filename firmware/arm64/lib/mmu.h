/*
 * Stage 1 translation for the EL1&0 regime with the 4 KiB granule and
 * 39-bit VAs (T0SZ = T1SZ = 25, lookup starts at level 1): TTBR0 covers
 * 0 .. 0x7f_ffff_ffff, TTBR1 covers 0xffff_ff80_0000_0000 .. ~0.
 * Arm ARM D8 "The AArch64 Virtual Memory System Architecture".
 */
#ifndef FW_MMU_H
#define FW_MMU_H

#include "fw.h"

/* Block and page descriptor bits (D8.3 "Translation table descriptor formats"). */
#define PTE_VALID     (1ul << 0)
#define PTE_TABLE     (1ul << 1)       /* table at levels 0-2, page at level 3 */
#define PTE_ATTR(i)   ((uint64_t)(i) << 2)
#define PTE_AP_EL0    (1ul << 6)       /* AP[1]: EL0 may access */
#define PTE_AP_RO     (1ul << 7)       /* AP[2]: read-only */
#define PTE_SH_INNER  (3ul << 8)
#define PTE_AF        (1ul << 10)
#define PTE_PXN       (1ul << 53)
#define PTE_UXN       (1ul << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000ul

/* MAIR_EL1 slots. */
enum { MT_IDX_DEVICE = 0, MT_IDX_NORMAL = 1 };

/* Attribute sets used for mappings (the type bits are added by mmu_map). */
#define MT_DEVICE (PTE_ATTR(MT_IDX_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define MT_NORMAL (PTE_ATTR(MT_IDX_NORMAL) | PTE_SH_INNER | PTE_AF)
#define MT_TEXT   (MT_NORMAL | PTE_AP_RO | PTE_AP_EL0)          /* RO, EL1+EL0 exec */
#define MT_DATA   (MT_NORMAL | PTE_PXN | PTE_UXN)               /* EL1 RW */
#define MT_USER   (MT_NORMAL | PTE_AP_EL0 | PTE_PXN | PTE_UXN)  /* EL1+EL0 RW */

#define MMU_HIGH_BASE 0xffffff8000000000ul   /* the lowest TTBR1 address */

/* Forget all mappings (MMU must be off, or about to be reprogrammed). */
void mmu_reset(void);
/* Map [va, va+size) to pa with the largest blocks alignment allows. */
void mmu_map(uint64_t va, uint64_t pa, uint64_t size, uint64_t attr);
/* The descriptor for va at the last level reached, or NULL if unmapped above. */
uint64_t *mmu_leaf(uint64_t va, unsigned *level);
/* The standard identity map: devices below RAM, the image by section, RAM. */
void mmu_map_identity(void);
void mmu_enable(void);      /* MAIR, TCR, TTBRs; SCTLR.M, C, I on */
void mmu_disable(void);     /* clean caches, SCTLR.M, C off */
/* mmu_reset + mmu_map_identity + mmu_enable. */
void mmu_identity_on(void);

/* Invalidate the TLB entries for one VA, all ASIDs, after a PTE change. */
static inline void tlbi_va(uint64_t va)
{
	dsb(ishst);
	__asm__ volatile("tlbi vaae1is, %0" : : "r"((va >> 12) & 0xfffffffffful) : "memory");
	dsb(ish);
	isb();
}

static inline void tlbi_all(void)
{
	dsb(ishst);
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	isb();
}

/* AT S1E1R: translate va as an EL1 read; returns PAR_EL1. */
static inline uint64_t at_s1e1r(uint64_t va)
{
	__asm__ volatile("at s1e1r, %0" : : "r"(va) : "memory");
	isb();
	return read_sysreg(par_el1);
}

/* Linker script symbols. */
extern char __text_start[], __text_end[], __user_start[], __user_end[], __image_end[];

#endif
