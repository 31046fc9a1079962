/*
 * virtio network device (VIRTIO 1.2 section 5.1 "Network Device") on the
 * virtio-mmio transport: one receive and one transmit queue, a fixed MAC
 * address and a link that is always up. The other side of the wire is the
 * caller's: frames the guest sends go to `tx`, frames for the guest come in
 * through virtio_net_receive.
 *
 * Offered features: VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS; no checksum
 * or segmentation offloads, so every frame is a plain Ethernet frame of at
 * most VIRTIO_NET_MAX_FRAME bytes and its virtio_net_hdr says nothing.
 *
 * The driver is not trusted (besides what the transport checks): a transmit
 * chain without room for its header, or a receive chain with no writable
 * part, breaks the protocol and sets DEVICE_NEEDS_RESET; a transmitted frame
 * larger than VIRTIO_NET_MAX_FRAME, or in memory the device cannot read, is
 * dropped; a received frame that does not fit its buffer, or a buffer the
 * device cannot write (a private page), drops the frame and gives the
 * buffer back empty. Frames for the guest wait in a bounded queue for
 * receive buffers; past it they are dropped, as a full NIC drops them.
 */
#ifndef HVSIM_DEV_VIRTIO_NET_H
#define HVSIM_DEV_VIRTIO_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/virtio_queue.h"

/* An Ethernet frame without its FCS: 14 bytes of header, an MTU of 1500, a VLAN tag. */
#define VIRTIO_NET_MAX_FRAME 1518
/* The virtio_net_hdr with VIRTIO_F_VERSION_1 (section 5.1.6): 12 bytes. */
#define VIRTIO_NET_HDR_SIZE 12
/* Frames for the guest that wait for receive buffers. */
#define VIRTIO_NET_RX_BACKLOG 64

struct virtio_net;

/* The guest sent a frame (len <= VIRTIO_NET_MAX_FRAME). */
typedef void (*virtio_net_tx_fn)(void *opaque, const uint8_t *frame, size_t len);

/*
 * A NIC with address `mac` on the transport `p` names (virtio_queue.h);
 * the guest's frames go to tx(opaque, ...). NULL if the transport cannot
 * be added.
 */
struct virtio_net *virtio_net_new(const struct virtio_place *p, const uint8_t mac[6],
				  virtio_net_tx_fn tx, void *opaque);
/*
 * A frame for the guest: into a receive buffer now if there is one, or
 * into the backlog. False if it was dropped (too large, backlog full).
 */
bool virtio_net_receive(struct virtio_net *n, const uint8_t *frame, size_t len);
/* Frames dropped so far, both ways (for statistics and tests). */
uint64_t virtio_net_dropped(const struct virtio_net *n);
/* Frames in the backlog. */
unsigned virtio_net_backlog(const struct virtio_net *n);
/* Between quanta: backlogged frames into the buffers the guest has given since. */
void virtio_net_resume(struct virtio_net *n);
struct virtio_dev *virtio_net_transport(const struct virtio_net *n);
/* Free the device; its registers stay mapped, so free the memory (or PCI host) first or with it. */
void virtio_net_free(struct virtio_net *n);

struct snap;
/* Save or load the transport, the backlog and the counters. */
void virtio_net_snapshot(struct virtio_net *n, struct snap *s);

#endif
