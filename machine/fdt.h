/*
 * Device-tree pieces every board writes the same way (libfdt's sequential
 * writer): the root node, /chosen, a node named for its address, a
 * two-cell reg, a virtio-mmio transport. Each returns a libfdt status
 * (negative on error), so boards chain them.
 */
#ifndef HVSIM_MACHINE_FDT_H
#define HVSIM_MACHINE_FDT_H

#include <stddef.h>
#include <stdint.h>

/* Start a tree in buf[size]: the root node with its compatible, model and two-cell addresses. */
int machine_fdt_begin(void *fdt, size_t size, const char *compatible, const char *model);
/*
 * /chosen: bootargs (when cmdline is not NULL), stdout-path, and the
 * initrd as linux,initrd-start/end (when end > start).
 */
int machine_fdt_chosen(void *fdt, const char *cmdline, const char *stdout_path,
		       uint64_t initrd_start, uint64_t initrd_end);
/* Begin node "<name>@<addr in hex>". */
int machine_fdt_begin_at(void *fdt, const char *name, uint64_t addr);
/* Begin /cpus (one address cell, no size), and in it cpu@i: device_type, compatible, reg = i. */
int machine_fdt_begin_cpus(void *fdt);
int machine_fdt_begin_cpu(void *fdt, int i, const char *compatible);
/* reg = <base size>, two cells each. */
int machine_fdt_reg(void *fdt, uint64_t base, uint64_t size);
/*
 * A virtio-mmio transport (virtio/mmio.yaml) at base: its interrupt
 * controller's phandle (0: the one it inherits) and interrupt specifier
 * (interrupts = <cells>, at most 4), and dma-coherent, since the devices
 * offer VIRTIO_F_ACCESS_PLATFORM and Linux then uses the DMA API for them.
 * dma_pool: the phandle of a restricted-dma-pool the device's DMA must
 * bounce through (memory-region), 0 for none.
 */
int machine_fdt_virtio(void *fdt, uint64_t base, uint32_t parent, const uint32_t *irq,
		       size_t irq_cells, uint32_t dma_pool);

#endif
