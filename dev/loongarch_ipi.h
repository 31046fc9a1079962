/*
 * The LoongArch inter-processor interrupt registers in IOCSR space
 * (Loongson 3A5000 processor manual, "Inter-processor interrupts and
 * communication"; Linux's LOONGARCH_IOCSR_IPI_* and *_SEND, and how
 * arch/loongarch/kernel/smp.c uses them). Each core sees its own
 * registers at the same addresses: STATUS, ENABLE, SET, CLEAR and four
 * 64-bit mailboxes. Any core reaches another through the send registers:
 * IPI_SEND sets a STATUS bit of the target, MAIL_SEND writes half of one
 * of its mailboxes, ANY_SEND writes (up to) four bytes of any IOCSR
 * register as the target core would (Linux routes EIOINTC vectors with
 * it). A core's IPI line (its CPU's IPI interrupt) is asserted while
 * STATUS & ENABLE is not zero.
 */
#ifndef HVSIM_DEV_LOONGARCH_IPI_H
#define HVSIM_DEV_LOONGARCH_IPI_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/mem.h"

#define LOONGARCH_IPI_MAX_CPUS 64
/* IOCSR addresses (Linux asm/loongarch.h). */
#define LOONGARCH_IPI_STATUS 0x1000
#define LOONGARCH_IPI_EN 0x1004
#define LOONGARCH_IPI_SET 0x1008
#define LOONGARCH_IPI_CLEAR 0x100c
#define LOONGARCH_IPI_MBUF0 0x1020      /* MBUF0-3: 0x1020, 0x1028, 0x1030, 0x1038 */
#define LOONGARCH_IPI_SEND 0x1040
#define LOONGARCH_MAIL_SEND 0x1048
#define LOONGARCH_ANY_SEND 0x1158

struct loongarch_ipi;

/*
 * Create the registers for n_cpus cores (physical CPU ids 0 to n_cpus - 1)
 * in the IOCSR space `iocsr`, which ANY_SEND also writes into.
 * set_cpu_irq(opaque, cpu, level) drives core `cpu`'s IPI line; it is
 * called only when the level changes. NULL on bad arguments or if the
 * regions cannot be added.
 */
struct loongarch_ipi *loongarch_ipi_new(struct mem_space *iocsr, int n_cpus,
					void (*set_cpu_irq)(void *opaque, int cpu, bool level),
					void *opaque);
/*
 * A machine reset: every core's status, enable and mailboxes 0 (the
 * secondaries' boot wait then sees no entry), their lines low.
 */
void loongarch_ipi_reset(struct loongarch_ipi *ipi);
/* Free the state; the regions stay in `iocsr`, so free it first or with it. */
void loongarch_ipi_free(struct loongarch_ipi *ipi);

struct snap;
/* Save or load the IPI blocks' state (mem/snap.h). */
void loongarch_ipi_snapshot(struct loongarch_ipi *ipi, struct snap *s);

#endif
