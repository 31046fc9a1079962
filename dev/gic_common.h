/*
 * The state and behaviour GICv3 (gicv3.c) and GICv2 (gicv2.c) share: the
 * per-interrupt banks of the distributor and the per-CPU SGIs and PPIs,
 * prioritization, acknowledge and end of interrupt (IHI 0069 chapter 4 and
 * IHI 0048B chapter 3 describe the same state machine). Only gicv3.c and
 * gicv2.c include this; everyone else sees gicv3.h and gicv2.h.
 */
#ifndef HVSIM_DEV_GIC_COMMON_H
#define HVSIM_DEV_GIC_COMMON_H

#include "dev/gicv2.h"
#include "dev/gicv3.h"

#define PRI_BITS 5
#define PRI_MASK ((0xffu << (8 - PRI_BITS)) & 0xffu)   /* unimplemented low bits RAZ/WI */
#define MIN_BPR0 (7 - PRI_BITS)                          /* group priority = all 5 bits */
#define MIN_BPR1 (MIN_BPR0 + 1)                          /* ICC_BPR1_EL1: one more than BPR0 */
#define GIC_SPECIAL_INTID_FIRST 1020

/* The per-interrupt register arrays, at the same offsets in GICD (both) and GICR_SGI_base. */
enum {
	R_IGROUPR = 0x080, R_ISENABLER = 0x100, R_ICENABLER = 0x180, R_ISPENDR = 0x200,
	R_ICPENDR = 0x280, R_ISACTIVER = 0x300, R_ICACTIVER = 0x380, R_IPRIORITYR = 0x400,
	R_ITARGETSR = 0x800, R_ICFGR = 0xc00, R_IGRPMODR = 0xd00,
	BITMAP_BYTES = 0x80,       /* 1 bit x 1024 INTIDs */
	PRIO_BYTES = 0x400,        /* 8 bits x 1024 */
	CFG_BYTES = 0x100,         /* 2 bits x 1024 */
};
/* GICD_CTLR: the group enables, at the same place in both. */
enum { CTLR_EN_GRP0 = 1 << 0, CTLR_EN_GRP1 = 1 << 1 };

/* SPI routing, cached from GICD_IROUTER */
enum { ROUTE_NONE = -1, ROUTE_ANY = -2 };

struct gic_bank {
	uint32_t group;            /* 1: Group 1 */
	uint32_t enabled;
	uint32_t pending;          /* latched: edges and GICx_ISPENDR writes */
	uint32_t active;
	uint32_t level;            /* the input lines as driven */
	uint32_t edge;             /* ICFGR: 1 edge-triggered, 0 level-sensitive */
	uint8_t prio[32];
};

struct gic_cpu {
	struct gic_bank priv;      /* SGIs 0-15, PPIs 16-31 */
	uint32_t aff;              /* Aff3.Aff2.Aff1.Aff0, as in GICR_TYPER[63:32] */
	bool sleep;                /* GICR_WAKER.ProcessorSleep: stored, never gates delivery */
	uint8_t sgi_src[16];       /* GICv2: the CPUs each pending SGI came from */
	/* CPU interface */
	uint8_t pmr, bpr0, bpr1;
	bool cbpr, eoimode;
	uint8_t grpen;             /* bit n: Group n enabled (ICC_IGRPEN1, GICC_CTLR) */
	uint32_t ap;               /* active priorities: bit n = group priority n << 3 active */
	bool irq_out;
	/* LPIs (GICv3): GICR_CTLR.EnableLPIs, the tables' registers, what is pending */
	bool lpis_on;
	uint64_t propbaser, pendbaser;
	uint64_t *lpi_pending;     /* bit per INTID below GIC_LPI_LIMIT */
	unsigned n_lpi_pending;
};

/* LPIs: INTIDs from 8192 below 2^16 (GICD_TYPER.IDbits 15). */
#define GIC_LPI_FIRST 8192u
#define GIC_LPI_LIMIT 65536u

struct gicv3 {
	int version;               /* 3, or 2 (gicv2.c) */
	struct mem_space *mem;     /* the LPI tables are in guest memory */
	int n_cpus, n_irqs;        /* n_irqs: 32 + SPIs, a multiple of 32 */
	uint32_t ctlr;             /* GICD_CTLR.EnableGrp0/1 */
	struct gic_cpu *cpu;
	struct gic_bank *spi;      /* (n_irqs - 32) / 32 banks */
	uint64_t *irouter;         /* GICv3, per SPI */
	int *route;                /* GICv3, per SPI: CPU index, ROUTE_NONE or ROUTE_ANY */
	uint8_t *targets;          /* GICv2, per SPI: GICD_ITARGETSR's CPU mask */
	void (*set_cpu_irq)(void *opaque, int cpu, bool level);
	void *opaque;
	struct dev_ipi_gate ipi_gate;  /* SGIs pass it (gicv3_set_ipi_gate) */
};

/* One of a GIC's two MMIO regions. */
struct gic_region {
	const char *name;
	uint64_t base, size;
	const struct mem_mmio_ops *ops;
};

/*
 * The GIC with its n_cpus CPUs and n_spis SPIs (rounded up to 32), reset,
 * its two regions added to `mem`: NULL on bad arguments, if the regions do
 * not fit, or out of memory.
 */
struct gicv3 *gic_new(int version, struct mem_space *mem, const struct gic_region regions[2],
		      int n_cpus, int n_spis,
		      void (*set_cpu_irq)(void *opaque, int cpu, bool level), void *opaque);
struct gic_bank *gic_bank_of(struct gicv3 *g, int cpu, unsigned intid);
/* Recompute every CPU's IRQ input after a state change. */
void gic_update(struct gicv3 *g);
/* The highest priority pending interrupt forwarded to `cpu`, its priority in *prio. */
unsigned gic_hppi(struct gicv3 *g, int cpu, unsigned *prio);
unsigned gic_running_prio(const struct gic_cpu *c);
/* Acknowledge (IAR): the INTID now active, or GICV3_SPURIOUS. */
unsigned gic_acknowledge(struct gicv3 *g, int cpu);
/* End of interrupt (EOIR): priority drop, and deactivation unless EOImode. */
void gic_end_of_interrupt(struct gicv3 *g, int cpu, unsigned intid);
void gic_deactivate(struct gicv3 *g, int cpu, unsigned intid);
uint8_t gic_clamp_bpr(uint64_t v, unsigned min);
/* Make LPI `intid` pending on `cpu` (ITS translations), or not; ignored while its LPIs are off. */
void gic_lpi_set_pending(struct gicv3 *g, int cpu, unsigned intid, bool pending);
/*
 * The per-interrupt registers at `off` (in [R_IGROUPR, R_IGRPMODR), ITARGETSR
 * excepted) for INTIDs [lo, hi) of CPU `cpu`'s view.
 */
uint32_t gic_irq_regs_read(struct gicv3 *g, int cpu, uint64_t off, unsigned lo, unsigned hi);
void gic_irq_regs_write(struct gicv3 *g, int cpu, uint64_t off, uint32_t val, uint32_t mask,
			unsigned lo, unsigned hi);

#endif
