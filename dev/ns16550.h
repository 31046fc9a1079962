/*
 * National Semiconductor NS16550A UART, as its data sheet ("PC16550D
 * Universal Asynchronous Receiver/Transmitter with FIFOs", June 1995)
 * describes it, with the 8-bit registers one byte apart (reg-shift 0), as
 * on QEMU's LoongArch virt board and Linux's "ns16550a" binding.
 *
 * Transmission is immediate: a byte written to THR goes straight to the
 * output callback, so THR and the transmitter always read as empty (LSR
 * THRE and TEMT). Reception goes through the 16-byte receive FIFO (one
 * holding register when FCR's FIFO enable is clear) that the machine fills
 * with ns16550_input(). The interrupt output (INTR) is a level on `irq`.
 */
#ifndef HVSIM_DEV_NS16550_H
#define HVSIM_DEV_NS16550_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/irq.h"
#include "mem/mem.h"

#define NS16550_MMIO_SIZE 8   /* eight byte-wide registers */
#define NS16550_FIFO_DEPTH 16

struct ns16550;

/*
 * Create a UART at `base` (its register window is registered in `mem`).
 * `out` receives transmitted bytes (may be NULL: output is dropped).
 * Returns NULL if the region cannot be added.
 */
struct ns16550 *ns16550_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
			    void (*out)(void *opaque, uint8_t byte), void *out_opaque);
/* Free the state; the MMIO region stays in `mem`, so free `mem` first or with it. */
void ns16550_free(struct ns16550 *u);
/* The data sheet's master reset: registers to their reset values, FIFO emptied, INTR low. */
void ns16550_reset(struct ns16550 *u);

/*
 * A byte arrives on the receive line. Returns false if the FIFO (or the
 * holding register) was full: the byte is lost and an overrun is flagged
 * (LSR OE), as on the hardware. Callers wanting no loss check
 * ns16550_rx_room() first.
 */
bool ns16550_input(struct ns16550 *u, uint8_t byte);
/* How many more bytes the receiver accepts now. */
unsigned ns16550_rx_room(const struct ns16550 *u);

struct snap;
/* Save or load the UART's state (mem/snap.h). */
void ns16550_snapshot(struct ns16550 *u, struct snap *s);

#endif
