/*
 * CPUCFG (LA RM 2.2.10.5, Table 2-14 "Configuration information word
 * accessible by CPUCFG"): an LA464-like core as hvsim implements it,
 * advertising exactly what is implemented.
 */
#include "cpu/loongarch/loongarch.h"

uint64_t la_cpucfg(const struct la_cpu *c, uint64_t leaf)
{
	switch (leaf) {
	case 0:   /* PRID: Loongson 3A5000 (LA464), as QEMU's la464 model reports */
		return 0x0014c010;
	case 1:   /* ARCH=LA64, paging, IOCSR, PALEN-1=47, VALEN-1=47, UAL, RI, EP, RPLV, HP, CRC */
		return 2 | (1u << 2) | (1u << 3) | (47u << 4) | (47u << 12) | (1u << 20) |
		       (1u << 21) | (1u << 22) | (1u << 23) | (1u << 24) | (1u << 25);
	case 2:   /* FP, FP_SP, FP_DP, FP version 1; LLFTP, LAM */
		return 1 | (1u << 1) | (1u << 2) | (1u << 3) | (1u << 14) | (1u << 15) | (1u << 22);
	case 4:   /* the stable counter's crystal frequency */
		return c->plat.stable_hz;
	case 5:   /* counter = crystal * 1 / 1 */
		return 1 | (1u << 16);
	}
	return 0;
}
