/*
 * virtio console device (VIRTIO 1.2 section 5.3) with a single port (no
 * VIRTIO_CONSOLE_F_MULTIPORT, no other feature), on a virtio
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

#include "dev/virtio_queue.h"

struct virtio_console;

/*
 * Create the device on the transport `p` names (virtio_queue.h). `out` receives the guest's output (may be
 * NULL: output is dropped). Returns NULL if the transport cannot be added.
 */
struct virtio_console *virtio_console_new(const struct virtio_place *p,
					  void (*out)(void *opaque, uint8_t byte), void *out_opaque);
/* Free the state; its registers stay mapped, so free the memory (or PCI host) first or with it. */
void virtio_console_free(struct virtio_console *c);
/* Its transport. */
struct virtio_dev *virtio_console_transport(const struct virtio_console *c);

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
