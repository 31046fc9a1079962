/*
 * virtio entropy device (VIRTIO 1.2 section 5.4) on the virtio-mmio
 * transport. Deterministic by design: its bytes are a keyed pseudo-random
 * stream from `seed`, never the host's entropy, so the same command line
 * gives the same guest. It is no source of secrets; a confidential guest
 * must not treat it as one (nor any device the host controls).
 */
#ifndef HVSIM_DEV_VIRTIO_RNG_H
#define HVSIM_DEV_VIRTIO_RNG_H

#include <stdint.h>

#include "dev/irq.h"
#include "mem/mem.h"

struct virtio_rng;

/*
 * Create the device: a virtio-mmio transport of VIRTIO_MMIO_SIZE bytes at
 * `base`, interrupting on `irq`. Returns NULL if the region cannot be added.
 */
struct virtio_rng *virtio_rng_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
				  uint64_t seed);
/* Free the state; the MMIO region stays in `mem`, so free `mem` first or with it. */
void virtio_rng_free(struct virtio_rng *r);
/* Its transport. */
struct virtio_mmio *virtio_rng_transport(const struct virtio_rng *r);

struct snap;
/* Save or load the device and how far its stream has gone. */
void virtio_rng_snapshot(struct virtio_rng *r, struct snap *s);

#endif
