/*
 * CPUCFG (LA RM 2.2.10.5, "The configuration information accessible by the
 * CPUCFG instruction"): an LA464-like core as hvsim implements it, saying
 * exactly what is there. Linux reads words 0-6 (cpu-probe.c, time.c) and
 * 0x10-0x14 (mm/cache.c); undefined words read 0.
 */
#include "cpu/loongarch/loongarch.h"

/* Word 1. */
#define CFG1_LA64 2u
#define CFG1_PGMMU (1u << 2)
#define CFG1_IOCSR (1u << 3)
#define CFG1_PALEN(n) (((n) - 1u) << 4)
#define CFG1_VALEN(n) (((n) - 1u) << 12)
#define CFG1_UAL (1u << 20)   /* unaligned accesses work (the engine splits them at pages) */
#define CFG1_RI (1u << 21)    /* TLB NR */
#define CFG1_EP (1u << 22)    /* TLB NX */
#define CFG1_RPLV (1u << 23)
#define CFG1_HP (1u << 24)    /* huge pages (LDDIR/LDPTE) */
#define CFG1_CRC (1u << 25)
/*
 * Word 2: F and D, LSX, the constant timer, the software page walk, AM*; no LASX, LVZ, LBT, PTW.
 * FP: the basic floating-point instructions of LA v1.00 (insn_fp.c), single and double
 * precision, FP_ver 1; LA v1.1's FRECIPE/FRSQRTE (and its other additions) are not offered.
 */
#define CFG2_FP (1u << 0)
#define CFG2_FP_SP (1u << 1)
#define CFG2_FP_DP (1u << 2)
#define CFG2_FP_VER(n) ((n) << 3)
#define CFG2_LSX (1u << 6)
#define CFG2_LLFTP (1u << 14)
#define CFG2_LLFTP_VER(n) ((n) << 15)
#define CFG2_LSPW (1u << 21)
#define CFG2_LAM (1u << 22)
/* Word 3: coherent DMA, TLB and ICache kept coherent by hardware, 4-level walks that split huge pages. */
#define CFG3_CCDMA (1u << 0)
#define CFG3_ITLBT (1u << 6)
#define CFG3_ICACHET (1u << 7)
#define CFG3_SPW_LVL(n) ((n) << 8)
#define CFG3_SPW_HP_HF (1u << 11)
/*
 * Word 0x10: LA464's cache hierarchy (CACOP names its caches in this
 * order: 0 L1 instruction, 1 L1 data, 2 L2 unified private inclusive, 3 L3
 * unified shared inclusive). None is modelled; Linux sizes its flushes by
 * them.
 */
#define CFG16_L1_IU (1u << 0)
#define CFG16_L1_D (1u << 2)
#define CFG16_L2_IU (1u << 3)
#define CFG16_L2_UNIFIED (1u << 4)
#define CFG16_L2_PRIVATE (1u << 5)
#define CFG16_L2_INCLUSIVE (1u << 6)
#define CFG16_L3_IU (1u << 10)
#define CFG16_L3_UNIFIED (1u << 11)
#define CFG16_L3_INCLUSIVE (1u << 13)
/* Words 0x11-0x14: ways - 1, log2(sets), log2(line bytes). */
#define CACHE(ways, sets_log2, line_log2) (((ways) - 1u) | (sets_log2) << 16 | (line_log2) << 24)

uint64_t la_cpucfg(const struct la_cpu *c, uint64_t leaf)
{
	switch (leaf) {
	case 0:   /* PRID: Loongson 3A5000 (LA464) */
		return 0x0014c010;
	case 1:
		return CFG1_LA64 | CFG1_PGMMU | CFG1_IOCSR | CFG1_PALEN(LA_PALEN) |
		       CFG1_VALEN(LA_VALEN) | CFG1_UAL | CFG1_RI | CFG1_EP | CFG1_RPLV | CFG1_HP |
		       CFG1_CRC;
	case 2:
		return CFG2_FP | CFG2_FP_SP | CFG2_FP_DP | CFG2_FP_VER(1) | CFG2_LSX | CFG2_LLFTP |
		       CFG2_LLFTP_VER(1) | CFG2_LSPW | CFG2_LAM;
	case 3:
		return CFG3_CCDMA | CFG3_ITLBT | CFG3_ICACHET | CFG3_SPW_LVL(4) | CFG3_SPW_HP_HF;
	case 4:   /* the stable counter's crystal frequency */
		return c->plat.stable_hz;
	case 5:   /* counter = crystal * 1 / 1 */
		return 1 | (1u << 16);
	case 6:   /* no performance counters */
		return 0;
	case 0x10:
		return CFG16_L1_IU | CFG16_L1_D | CFG16_L2_IU | CFG16_L2_UNIFIED | CFG16_L2_PRIVATE |
		       CFG16_L2_INCLUSIVE | CFG16_L3_IU | CFG16_L3_UNIFIED | CFG16_L3_INCLUSIVE;
	case 0x11:   /* L1 instruction: 64 KiB */
	case 0x12:   /* L1 data: 64 KiB */
		return CACHE(4u, 8u, 6u);
	case 0x13:   /* L2: 256 KiB */
		return CACHE(16u, 8u, 6u);
	case 0x14:   /* L3: 16 MiB */
		return CACHE(16u, 14u, 6u);
	}
	return 0;
}
