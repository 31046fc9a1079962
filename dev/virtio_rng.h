/*
 * virtio entropy device (VIRTIO 1.2 section 5.4) on a virtio
 * transport. Deterministic by design: its bytes are a keyed pseudo-random
 * stream from `seed`, never the host's entropy, so the same command line
 * gives the same guest. It is no source of secrets; a confidential guest
 * must not treat it as one (nor any device the host controls).
 */
#ifndef HVSIM_DEV_VIRTIO_RNG_H
#define HVSIM_DEV_VIRTIO_RNG_H

#include <stdint.h>

#include "dev/virtio_queue.h"

struct virtio_rng;

/*
 * Create the device on the transport `p` names (virtio_queue.h). Returns
 * NULL if the transport cannot be added.
 */
struct virtio_rng *virtio_rng_new(const struct virtio_place *p, uint64_t seed);
/* Free the state; its registers stay mapped, so free the memory (or PCI host) first or with it. */
void virtio_rng_free(struct virtio_rng *r);
/* Its transport. */
struct virtio_dev *virtio_rng_transport(const struct virtio_rng *r);

struct snap;
/* Save or load the device and how far its stream has gone. */
void virtio_rng_snapshot(struct virtio_rng *r, struct snap *s);

#endif
