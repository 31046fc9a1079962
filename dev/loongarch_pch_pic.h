/*
 * Loongson PCH-PIC, the I/O interrupt controller of the LS7A bridge
 * ("Loongson 7A1000 Bridge User Manual", chapter "Interrupt controller"),
 * as QEMU's LoongArch virt board and Linux's irq-loongson-pch-pic.c use it:
 * 64 inputs, each level- or edge-triggered (INT_EDGE) with a polarity
 * (INT_POL), masked (INT_MASK), and sent as an HT message interrupt
 * (HTMSI_EN) to the vector its HTMSI_VEC byte names in the extended I/O
 * interrupt controller (EIOINTC) above it.
 *
 * The output is a level per EIOINTC vector: asserted while some unmasked
 * input with HTMSI_EN routed to that vector has its request (INT_IRR) set.
 * An input whose HTMSI_EN is clear would go out on the bridge's legacy
 * interrupt lines, which the board does not wire: it is not delivered.
 */
#ifndef HVSIM_DEV_LOONGARCH_PCH_PIC_H
#define HVSIM_DEV_LOONGARCH_PCH_PIC_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/irq.h"
#include "mem/mem.h"

#define PCH_PIC_MMIO_SIZE 0x400
#define PCH_PIC_INPUTS 64

struct pch_pic;

/*
 * Create a PCH-PIC at `base` (registered in `mem`). `parent.set` is called
 * as set(parent.opaque, vector, level) for the EIOINTC vector an output
 * drives (parent.line is not used). NULL if the region cannot be added.
 */
struct pch_pic *pch_pic_new(struct mem_space *mem, uint64_t base, struct dev_irq parent);
/* Free the state; the MMIO region stays in `mem`, so free `mem` first or with it. */
void pch_pic_free(struct pch_pic *p);
/* Registers to their reset values (all inputs masked); input levels are kept. */
void pch_pic_reset(struct pch_pic *p);

/* Drive input `pin` (0-63; others are ignored). The signature of dev_irq.set. */
void pch_pic_set_irq(void *pic, int pin, bool level);
/* A dev_irq for a device wired to input `pin`. */
struct dev_irq pch_pic_irq(struct pch_pic *p, int pin);
/*
 * A request on input `pin` nothing raised (spurious-irq): latched in IRR
 * on an edge input, a glitch of the line on a level one.
 */
void pch_pic_inject(struct pch_pic *p, int pin);

struct snap;
/* Save or load the controller's state (mem/snap.h). */
void pch_pic_snapshot(struct pch_pic *p, struct snap *s);

#endif
