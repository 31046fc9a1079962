/*
 * virtio console device (VIRTIO 1.2 section 5.3) with a single port (no
 * VIRTIO_CONSOLE_F_MULTIPORT, no other feature), on the virtio-mmio
 * transport.
 *
 * Output: every byte the guest queues on the transmitq goes to the output
 * callback at once, in order. A transmit buffer in a private page is sent
 * as the ciphertext the device reads there.
 * Input: the machine hands typed bytes over at quantum boundaries with
 * virtio_console_input(), which fills the receive buffers the guest has
 * posted; bytes that find no buffer stay with the machine for next time.
 */
#ifndef HVSIM_DEV_VIRTIO_CONSOLE_H
#define HVSIM_DEV_VIRTIO_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "dev/irq.h"
#include "mem/mem.h"

struct virtio_console;

/*
 * Create the device: a virtio-mmio transport of VIRTIO_MMIO_SIZE bytes at
 * `base`, interrupting on `irq`. `out` receives the guest's output (may be
 * NULL: output is dropped). Returns NULL if the region cannot be added.
 */
struct virtio_console *virtio_console_new(struct mem_space *mem, uint64_t base,
					  struct dev_irq irq,
					  void (*out)(void *opaque, uint8_t byte), void *out_opaque);
/* Free the state; the MMIO region stays in `mem`, so free `mem` first or with it. */
void virtio_console_free(struct virtio_console *c);
/* Its transport. */
struct virtio_mmio *virtio_console_transport(const struct virtio_console *c);

/*
 * Deliver up to len input bytes into the guest's receive buffers. Returns
 * how many were taken (0 until the driver is up and has posted buffers).
 * A receive buffer the device may not write (outside RAM, private) is given
 * back empty and the bytes go to the next one.
 */
size_t virtio_console_input(struct virtio_console *c, const uint8_t *buf, size_t len);

struct snap;
/* Save or load the device: its transport (a receive chain lives only within one call). */
void virtio_console_snapshot(struct virtio_console *c, struct snap *s);

#endif
