/* GICv3 bring-up for one CPU (IHI 0069, 4.1 and 12). */
#include "gic.h"

/* Distributor registers. */
#define GICD_CTLR            0x0000
#define GICD_CTLR_RWP        (1u << 31)
#define GICD_CTLR_ARE        (1u << 4)     /* ARE_NS when there are two security states */
#define GICD_CTLR_GRP1       (1u << 1)     /* EnableGrp1 (NS view: EnableGrp1A) */

/* Redistributor: RD_base frame, then the SGI_base frame 64 KiB above. */
#define GICR_STRIDE          0x20000
#define GICR_CTLR            0x0000
#define GICR_TYPER           0x0008
#define GICR_TYPER_LAST      (1ul << 4)
#define GICR_WAKER           0x0014
#define GICR_WAKER_SLEEP     (1u << 1)     /* ProcessorSleep */
#define GICR_WAKER_ASLEEP    (1u << 2)     /* ChildrenAsleep */
#define GICR_SGI             0x10000
#define GICR_IGROUPR0        (GICR_SGI + 0x0080)
#define GICR_ISENABLER0      (GICR_SGI + 0x0100)
#define GICR_ICENABLER0      (GICR_SGI + 0x0180)
#define GICR_ISPENDR0        (GICR_SGI + 0x0200)
#define GICR_IPRIORITYR      (GICR_SGI + 0x0400)

static uintptr_t gicr;   /* this CPU's RD_base */

static void gicd_wait_rwp(void)
{
	while (mmio_read32(BOARD_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

/* The redistributor whose GICR_TYPER.Affinity_Value matches MPIDR_EL1 (9.11). */
static uintptr_t find_redistributor(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint32_t aff = (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));

	for (uintptr_t rd = BOARD_GICR_BASE;; rd += GICR_STRIDE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);
		if ((uint32_t)(typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST) {
			printf("gic: no redistributor for MPIDR 0x%lx\n", (unsigned long)mpidr);
			fw_exit();
		}
	}
}

static void gic_setup(bool wake)
{
	/* Distributor: affinity routing and Group 1 on. */
	mmio_write32(BOARD_GICD_BASE + GICD_CTLR, 0);
	gicd_wait_rwp();
	mmio_write32(BOARD_GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	gicd_wait_rwp();

	/* Redistributor: wake it up (GICR_WAKER handshake, 12.11.41). */
	gicr = find_redistributor();
	if (wake) {
		uint32_t w = mmio_read32(gicr + GICR_WAKER);
		mmio_write32(gicr + GICR_WAKER, w & ~GICR_WAKER_SLEEP);
		while (mmio_read32(gicr + GICR_WAKER) & GICR_WAKER_ASLEEP)
			;
	}
	/* All SGIs/PPIs Group 1 and disabled until asked for. */
	mmio_write32(gicr + GICR_IGROUPR0, 0xffffffff);
	mmio_write32(gicr + GICR_ICENABLER0, 0xffffffff);

	/* CPU interface: system registers, all priorities, Group 1 on. */
	write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | 1);  /* ICC_SRE_EL1.SRE */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff);        /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);         /* ICC_BPR1_EL1 */
	write_sysreg(S3_0_C12_C12_4, 0);         /* ICC_CTLR_EL1: EOImode 0 */
	write_sysreg(S3_0_C12_C12_7, 1);         /* ICC_IGRPEN1_EL1 */
	isb();
}

void gic_init(void)
{
	gic_setup(true);
}

void gic_init_no_wake(void)
{
	gic_setup(false);
}

uintptr_t gic_rdbase(void)
{
	return gicr;
}

uint32_t gic_waker(void)
{
	return mmio_read32(gicr + GICR_WAKER);
}

void gic_enable_private(unsigned intid, uint8_t prio)
{
	*(volatile uint8_t *)(gicr + GICR_IPRIORITYR + intid) = prio;
	mmio_write32(gicr + GICR_ISENABLER0, 1u << intid);
	dsb(sy);
}

bool gic_private_pending(unsigned intid)
{
	return (mmio_read32(gicr + GICR_ISPENDR0) >> intid) & 1;
}

void gic_send_sgi_self(unsigned intid)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;
	uint64_t aff2 = (mpidr >> 16) & 0xff, aff3 = (mpidr >> 32) & 0xff;
	uint64_t v = (aff3 << 48) | ((aff0 >> 4) << 44) | (aff2 << 32) |
		     ((uint64_t)intid << 24) | (aff1 << 16) | (1ul << (aff0 & 15));

	dsb(ishst);
	write_sysreg(S3_0_C12_C11_5, v);   /* ICC_SGI1R_EL1; RS = Aff0[7:4] */
	isb();
}
