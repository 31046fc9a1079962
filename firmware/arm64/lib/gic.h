/*
 * GICv3 with affinity routing, driven through the system register CPU
 * interface (Arm IHI 0069 "GICv3 and GICv4 Architecture Specification").
 */
#ifndef FW_GIC_H
#define FW_GIC_H

#include "fw.h"

/* Distributor, this CPU's redistributor and CPU interface: Group 1 on, PMR open. */
void gic_init(void);
/*
 * The same without the GICR_WAKER handshake, as guests written for virtual
 * machines do (their GICs never gate delivery on ProcessorSleep).
 */
void gic_init_no_wake(void);
/* This CPU's redistributor (RD_base), once gic_init has found it. */
uintptr_t gic_rdbase(void);
/* This CPU's GICR_WAKER. */
uint32_t gic_waker(void);
/* Enable an SGI or PPI (INTID < 32) as Group 1 with the given priority. */
void gic_enable_private(unsigned intid, uint8_t prio);
/* Is an SGI/PPI pending in this CPU's redistributor (GICR_ISPENDR0)? */
bool gic_private_pending(unsigned intid);

/* ICC_IAR1_EL1: acknowledge the highest priority pending Group 1 interrupt. */
static inline unsigned gic_ack(void)
{
	return read_sysreg(S3_0_C12_C12_0) & 0xffffff;
}

/* ICC_EOIR1_EL1: priority drop and deactivate (ICC_CTLR_EL1.EOImode = 0). */
static inline void gic_eoi(unsigned intid)
{
	write_sysreg(S3_0_C12_C12_1, intid);
	isb();
}

/*
 * Enable an SPI (INTID 32-1019) as Group 1 with the given priority, routed
 * to CPU 0 (the distributor's registers for one SPI, 12.9). Inline: a
 * program that does not call it keeps its code where it was.
 */
static inline void gic_enable_spi(unsigned intid, uint8_t prio)
{
	enum { IGROUPR = 0x0080, ISENABLER = 0x0100, IPRIORITYR = 0x0400, IROUTER = 0x6000 };
	uintptr_t d = BOARD_GICD_BASE;
	mmio_write32(d + IGROUPR + 4 * (intid / 32),
		     mmio_read32(d + IGROUPR + 4 * (intid / 32)) | 1u << (intid % 32));
	*(volatile uint8_t *)(d + IPRIORITYR + intid) = prio;
	mmio_write64(d + IROUTER + 8 * intid, 0);      /* to affinity 0.0.0.0: this CPU */
	mmio_write32(d + ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

/* ICC_SGI1R_EL1: Group 1 SGI to this CPU, by its affinity (12.2.18). */
void gic_send_sgi_self(unsigned intid);

#endif
