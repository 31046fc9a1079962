/*
 * Loongson's extended I/O interrupt controller (EIOINTC, "EXTIOI" in the
 * Loongson 3A5000 processor manual, chapter "Extended I/O interrupts"), as
 * Linux's irq-loongson-eiointc.c programs it: 256 vectors, each enabled
 * (ENABLE), routed to one core of the node (COREMAP, a byte per vector:
 * core bits 3:0) and, by groups of 32, to one of the cores' interrupt pins
 * (IPMAP, a byte per group: bits 3:0 select IP0-IP3, the cores' HWI0-3).
 * Its registers are in the IOCSR space, at the addresses the architecture
 * fixes (Linux: LOONGARCH_IOCSR_EXTIOI_*).
 *
 * A vector's request is latched (ISR) on a rising edge of its input, as
 * the HyperTransport interrupt messages the bridge sends are; an enabled
 * request is delivered to its core's ISR (COREISR, which each core reads
 * at the same address and clears by writing ones) and asserts the pin its
 * group maps to while any delivered vector of that pin is set.
 *
 * One node of four cores, no node map routing (NODEMAP is storage), no
 * bounce rotation (BOUNCE is storage: a vector goes to the lowest core its
 * COREMAP names) and no virtualisation extension (KVM_FEATURE_VIRT_EXTIOI
 * is not offered), so routing reaches at most EIOINTC_MAX_CPUS vCPUs.
 */
#ifndef HVSIM_DEV_LOONGARCH_EIOINTC_H
#define HVSIM_DEV_LOONGARCH_EIOINTC_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/mem.h"

#define EIOINTC_VECTORS 256
#define EIOINTC_MAX_CPUS 4           /* the cores of one node (Linux CORES_PER_EIO_NODE) */
#define EIOINTC_IOCSR_BASE 0x1400
#define EIOINTC_IOCSR_SIZE 0x900     /* 0x1400-0x1cff: NODEMAP ... COREMAP */

struct eiointc;

/*
 * Create the controller in the IOCSR space `iocsr` for n_cpus cores (at
 * most EIOINTC_MAX_CPUS). set_cpu_ip(opaque, cpu, ip, level) drives pin
 * `ip` (0-3: HWI0-3) of core `cpu`; it is called only when the level
 * changes. NULL on bad arguments or if the region cannot be added.
 */
struct eiointc *eiointc_new(struct mem_space *iocsr, int n_cpus,
			    void (*set_cpu_ip)(void *opaque, int cpu, int ip, bool level),
			    void *opaque);
/* Free the state; the region stays in `iocsr`, so free it first or with it. */
void eiointc_free(struct eiointc *e);
/* Registers to their reset values, requests dropped; input levels are kept. */
void eiointc_reset(struct eiointc *e);

/* Drive vector `vector`'s input (0-255; others are ignored). The signature of dev_irq.set. */
void eiointc_set_irq(void *eio, int vector, bool level);

struct snap;
/* Save or load the controller's state (mem/snap.h). */
void eiointc_snapshot(struct eiointc *e, struct snap *s);

#endif
