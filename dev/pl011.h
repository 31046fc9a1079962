/*
 * Arm PrimeCell UART (PL011), as described by its TRM (Arm DDI 0183).
 *
 * Transmission is immediate: every byte written to UARTDR goes straight to
 * the output callback, so the TX FIFO always reads as empty and never busy.
 * Reception goes through a 16-entry RX FIFO (one holding register when
 * UARTLCR_H.FEN is clear) that the machine fills with pl011_input().
 * The interrupt output is the TRM's combined UARTINTR, a level on `irq`.
 */
#ifndef HVSIM_DEV_PL011_H
#define HVSIM_DEV_PL011_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/irq.h"
#include "mem/mem.h"

#define PL011_MMIO_SIZE 0x1000
#define PL011_FIFO_DEPTH 16  /* r1p4 (UARTPeriphID2 0x14): Linux sizes its FIFO from this */

struct pl011;

/*
 * Create a UART at `base` (its 4 KiB MMIO region is registered in `mem`).
 * `out` receives transmitted bytes (may be NULL: output is dropped).
 * Returns NULL if the region cannot be added.
 */
struct pl011 *pl011_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
			void (*out)(void *opaque, uint8_t byte), void *out_opaque);
/* Free the state; the MMIO region stays in `mem`, so free `mem` first or with it. */
void pl011_free(struct pl011 *u);
/* Back to the TRM's reset values (FIFO emptied, line lowered). */
void pl011_reset(struct pl011 *u);

/*
 * A byte arrives on the receive line. Returns false if the RX FIFO was full:
 * the byte is lost and an overrun is flagged (UARTRSR.OE, UARTRIS.OEIS), as
 * on the hardware. Callers wanting no loss check pl011_rx_room() first.
 */
bool pl011_input(struct pl011 *u, uint8_t byte);
/* How many more bytes the RX FIFO accepts now. */
unsigned pl011_rx_room(const struct pl011 *u);

struct snap;
/* Save or load the UART's state (mem/snap.h). */
void pl011_snapshot(struct pl011 *u, struct snap *s);

#endif
