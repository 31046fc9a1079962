/*
 * GICv3 interrupt controller (Arm IHI 0069): distributor, one redistributor
 * per CPU and the CPU interface system registers (ICC_*).
 *
 * The model is a GIC with a single Security state (GICD_CTLR.DS == 1, no
 * EL3), affinity routing always on (ARE RAO/WI), LPIs (16-bit INTIDs; the
 * ITS is gicv3_its.h) with the pending state held internally, 5 bits of
 * priority. Only Group 1 is delivered (as IRQ); Group 0 would be FIQ, which
 * the board does not wire, so the ICC_*0 registers are RAZ/WI. All interrupts
 * reset to Group 1, as the EL3 firmware hvsim does not have would leave them.
 *
 * GICR_WAKER keeps ProcessorSleep (set at reset) and ChildrenAsleep follows
 * it at once, so the power handshake Linux performs completes; but, as in
 * QEMU's and KVM's virtual GICs, the bit never gates delivery: guests written
 * for virtual machines never clear it (docs/architecture.md).
 */
#ifndef HVSIM_DEV_GICV3_H
#define HVSIM_DEV_GICV3_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/irq.h"
#include "mem/mem.h"

#define GICV3_DIST_SIZE 0x10000ull       /* GICD: 64 KiB */
#define GICV3_REDIST_STRIDE 0x20000ull   /* per CPU: RD_base + SGI_base, 64 KiB each */
#define GICV3_MAX_CPUS 256
#define GICV3_MAX_SPIS 960               /* INTIDs 32..991 */
#define GICV3_SPURIOUS 1023

/* The GIC's state; a GICv2 (gicv2.h) is one too, and takes the functions below but ICC_*. */
struct gicv3;

/*
 * Create the GIC: the distributor's 64 KiB at dist_base and n_cpus
 * redistributors of 128 KiB each from redist_base, registered in `mem`.
 * n_spis is rounded up to a multiple of 32 (GICD_TYPER.ITLinesNumber).
 * set_cpu_irq(opaque, cpu, level) drives CPU `cpu`'s IRQ input; it is called
 * only when the level changes. CPU i gets affinity Aff1 = i / 16,
 * Aff0 = i % 16 (give each CPU that MPIDR_EL1, or call gicv3_set_affinity).
 * Returns NULL on bad arguments or if the regions do not fit in `mem`.
 */
struct gicv3 *gicv3_new(struct mem_space *mem, uint64_t dist_base, uint64_t redist_base,
			int n_cpus, int n_spis,
			void (*set_cpu_irq)(void *opaque, int cpu, bool level), void *opaque);
/* Free the state; the MMIO regions stay in `mem`, so free `mem` first or with it. */
void gicv3_free(struct gicv3 *g);
/* Reset all GIC state; input line levels are kept (the devices still drive them). */
void gicv3_reset(struct gicv3 *g);

/* CPU `cpu`'s affinity, as in MPIDR_EL1 (Aff3 in bits 39:32, Aff2..Aff0 in 23:0). */
void gicv3_set_affinity(struct gicv3 *g, int cpu, uint64_t mpidr);
uint64_t gicv3_affinity(const struct gicv3 *g, int cpu);

/* Interrupt inputs. Out-of-range numbers are ignored. */
void gicv3_set_spi(struct gicv3 *g, int intid, bool level);          /* 32 <= intid */
/* 16 <= intid < 32; the signature of struct arm64_platform's `ppi` hook. */
void gicv3_set_ppi(void *gic, int cpu, unsigned intid, bool level);

/* A dev_irq that drives SPI `intid` (32 <= intid): for devices' interrupt lines. */
struct dev_irq gicv3_spi_irq(struct gicv3 *g, int intid);
bool gicv3_is_spi(const struct gicv3 *g, uint64_t intid);
/* SPI intid latched pending as a GICD_ISPENDR write would, no line raised (spurious-irq). */
void gicv3_inject_spi(struct gicv3 *g, int intid);
/* The gate every SGI (ICC_SGI1R_EL1, GICv2's GICD_SGIR) passes, per target. */
void gicv3_set_ipi_gate(struct gicv3 *g, struct dev_ipi_gate gate);

/*
 * The CPU interface registers are system registers (IHI 0069, "ICC_*":
 * each names its op0, op1, CRn, CRm, op2). `enc` packs them as the MRS/MSR
 * instructions' bits 20:5 do: op0:op1:CRn:CRm:op2.
 */
#define GICV3_ICC_ENC(op0, op1, crn, crm, op2) \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

/*
 * The CPU interface: struct arm64_platform's icc_read/icc_write, by
 * GICV3_ICC_ENC encoding; unknown encodings read 0 and ignore writes. The
 * caller decides trapping and access rights.
 */
uint64_t gicv3_icc_read(void *gic, int cpu, uint32_t enc);
void gicv3_icc_write(void *gic, int cpu, uint32_t enc, uint64_t val);

struct snap;
/* Save or load the GIC's state, either version (mem/snap.h). */
void gic_snapshot(struct gicv3 *g, struct snap *s);

#endif
