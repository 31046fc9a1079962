/*
 * Device-tree pieces the boards share (fdt.h).
 */
#include <libfdt.h>
#include <stdio.h>

#include "dev/virtio_mmio.h"
#include "machine/fdt.h"

int machine_fdt_begin(void *fdt, size_t size, const char *compatible, const char *model)
{
	int rc;
	if ((rc = fdt_create(fdt, (int)size)) < 0 || (rc = fdt_finish_reservemap(fdt)) < 0 ||
	    (rc = fdt_begin_node(fdt, "")) < 0 ||
	    (rc = fdt_property_string(fdt, "compatible", compatible)) < 0 ||
	    (rc = fdt_property_string(fdt, "model", model)) < 0 ||
	    (rc = fdt_property_u32(fdt, "#address-cells", 2)) < 0)
		return rc;
	return fdt_property_u32(fdt, "#size-cells", 2);
}

int machine_fdt_chosen(void *fdt, const char *cmdline, const char *stdout_path,
		       uint64_t initrd_start, uint64_t initrd_end)
{
	int rc;
	if ((rc = fdt_begin_node(fdt, "chosen")) < 0 ||
	    (cmdline && (rc = fdt_property_string(fdt, "bootargs", cmdline)) < 0) ||
	    (rc = fdt_property_string(fdt, "stdout-path", stdout_path)) < 0)
		return rc;
	if (initrd_end > initrd_start &&
	    ((rc = fdt_property_u64(fdt, "linux,initrd-start", initrd_start)) < 0 ||
	     (rc = fdt_property_u64(fdt, "linux,initrd-end", initrd_end)) < 0))
		return rc;
	return fdt_end_node(fdt);
}

int machine_fdt_begin_at(void *fdt, const char *name, uint64_t addr)
{
	char node[64];
	snprintf(node, sizeof(node), "%s@%llx", name, (unsigned long long)addr);
	return fdt_begin_node(fdt, node);
}

int machine_fdt_begin_cpus(void *fdt)
{
	int rc;
	if ((rc = fdt_begin_node(fdt, "cpus")) < 0 ||
	    (rc = fdt_property_u32(fdt, "#address-cells", 1)) < 0)
		return rc;
	return fdt_property_u32(fdt, "#size-cells", 0);
}

int machine_fdt_begin_cpu(void *fdt, int i, const char *compatible)
{
	int rc;
	if ((rc = machine_fdt_begin_at(fdt, "cpu", (uint64_t)i)) < 0 ||
	    (rc = fdt_property_string(fdt, "device_type", "cpu")) < 0 ||
	    (rc = fdt_property_string(fdt, "compatible", compatible)) < 0)
		return rc;
	return fdt_property_u32(fdt, "reg", (uint32_t)i);
}

int machine_fdt_reg(void *fdt, uint64_t base, uint64_t size)
{
	fdt64_t v[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };
	return fdt_property(fdt, "reg", v, sizeof(v));
}

int machine_fdt_virtio(void *fdt, uint64_t base, uint32_t parent, const uint32_t *irq,
		       size_t irq_cells, uint32_t dma_pool)
{
	fdt32_t cells[4];
	int rc;
	if (irq_cells > 4)
		return -FDT_ERR_BADVALUE;
	for (size_t i = 0; i < irq_cells; i++)
		cells[i] = cpu_to_fdt32(irq[i]);
	if ((rc = machine_fdt_begin_at(fdt, "virtio_mmio", base)) < 0 ||
	    (rc = fdt_property_string(fdt, "compatible", "virtio,mmio")) < 0 ||
	    (rc = machine_fdt_reg(fdt, base, VIRTIO_MMIO_SIZE)) < 0 ||
	    (parent && (rc = fdt_property_u32(fdt, "interrupt-parent", parent)) < 0) ||
	    (rc = fdt_property(fdt, "interrupts", cells, (int)(irq_cells * sizeof(cells[0])))) < 0 ||
	    (rc = fdt_property(fdt, "dma-coherent", NULL, 0)) < 0 ||
	    (dma_pool && (rc = fdt_property_u32(fdt, "memory-region", dma_pool)) < 0))
		return rc;
	return fdt_end_node(fdt);
}
