/*
 * GICv2 interrupt controller (Arm IHI 0048B): a distributor with
 * GICD_ITARGETSR and GICD_SGIR, and the memory-mapped CPU interface
 * (GICC_*), for guests and labs that start with the simpler GIC
 * (`-M virt,gic-version=2`). It is the GICv3 model's state and
 * prioritization (gic_common.h) behind GICv2's registers: the interrupt
 * inputs, reset and free are gicv3.h's functions, on the same struct.
 *
 * Configuration: no Security Extensions (GICD_TYPER.SecurityExtn 0), both
 * groups delivered as IRQ (GICC_CTLR.FIQEn RAZ/WI), all interrupts Group 0
 * at reset as on QEMU's, 5 priority bits, at most 8 CPUs. The
 * virtualization extension (GICH/GICV) is not modelled.
 */
#ifndef HVSIM_DEV_GICV2_H
#define HVSIM_DEV_GICV2_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/mem.h"

#define GICV2_DIST_SIZE 0x10000ull       /* as QEMU's virt maps it (4 KiB of registers) */
#define GICV2_CPU_SIZE 0x10000ull        /* GICC_DIR at 0x1000 */
#define GICV2_MAX_CPUS 8

struct gicv3;

/*
 * Create a GICv2: the distributor at dist_base, the CPU interface at
 * cpu_base (banked: each vCPU's accesses reach its own), registered in
 * `mem`; n_spis and set_cpu_irq as for gicv3_new. NULL on bad arguments
 * or if the regions do not fit in `mem`.
 */
struct gicv3 *gicv2_new(struct mem_space *mem, uint64_t dist_base, uint64_t cpu_base,
			int n_cpus, int n_spis,
			void (*set_cpu_irq)(void *opaque, int cpu, bool level), void *opaque);

#endif
