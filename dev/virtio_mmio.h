/*
 * The virtio-mmio transport, version 2 ("modern"): VIRTIO 1.2
 * (virtio-v1.2-cs01) section 4.2 "Virtio Over MMIO". Its registers are
 * decoded here; the device behind them, its queues and what it offers are
 * virtio_queue.h's.
 */
#ifndef HVSIM_DEV_VIRTIO_MMIO_H
#define HVSIM_DEV_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/virtio_queue.h"

#define VIRTIO_MMIO_SIZE 0x200     /* registers, then configuration space at 0x100 */
#define VIRTIO_MMIO_CONFIG 0x100
#define VIRTIO_MMIO_VENDOR 0x4d495648u   /* "HVIM" */

/*
 * Create a device on a transport at `base` (VIRTIO_MMIO_SIZE bytes of MMIO
 * registered in `mem`), as virtio_dev_new does. The configuration space
 * holds at most VIRTIO_MMIO_SIZE - VIRTIO_MMIO_CONFIG bytes.
 */
struct virtio_dev *virtio_mmio_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
				   const struct virtio_backend *be, void *opaque,
				   const void *config, uint32_t config_size);
/*
 * n consecutive empty transports from `base` (Device ID 0: no device, as
 * QEMU's virt board leaves its unused slots). False if the region cannot be
 * added.
 */
bool virtio_mmio_add_empty(struct mem_space *mem, uint64_t base, unsigned n);

#endif
