/*
 * The arm64-virt device tree, generated with libfdt from the options, with
 * the node names and properties Linux's drivers and QEMU's virt board use
 * (Documentation/devicetree/bindings: arm/psci, timer/arm,arch_timer,
 * interrupt-controller/arm,gic-v3, serial/arm,pl011, gpio/pl061-gpio,
 * input/gpio-keys).
 */
#include <libfdt.h>
#include <stdio.h>

#include "dev/fb.h"
#include "dev/gicv2.h"
#include "dev/gicv3.h"
#include "dev/gicv3_its.h"
#include "machine/arm64_virt.h"
#include "machine/fdt.h"

#define PH_GIC 1
#define PH_CLK 2
#define PH_ITS 3
#define PH_DMA_POOL 4
#define PH_GPIO 5

/* GIC interrupt specifier cells: type (0 SPI, 1 PPI), number, flags. */
#define GIC_SPI 0
#define GIC_PPI 1
#define IRQ_LEVEL_HIGH 4
#define IRQ_LEVEL_LOW 8

/* One GIC interrupt specifier: "interrupts = <type number flags>". */
static int irq_prop(void *fdt, uint32_t type, uint32_t number, uint32_t flags)
{
	fdt32_t v[3] = { cpu_to_fdt32(type), cpu_to_fdt32(number), cpu_to_fdt32(flags) };
	return fdt_property(fdt, "interrupts", v, sizeof(v));
}

#define TRY(x) do { if ((x) < 0) return -1; } while (0)

int arm64_virt_build_fdt(struct hvsim_vm *vm, void *buf, size_t size, const char *cmdline,
		      uint64_t initrd_start, uint64_t initrd_end)
{
	void *f = buf;
	char name[64];
	TRY(machine_fdt_begin(f, size, "linux,dummy-virt", "hvsim arm64-virt"));
	TRY(fdt_property_u32(f, "interrupt-parent", PH_GIC));
	snprintf(name, sizeof(name), "/pl011@%llx", (unsigned long long)VIRT_UART_BASE);
	TRY(machine_fdt_chosen(f, cmdline, name, initrd_start, initrd_end));

	TRY(machine_fdt_begin_at(f, "memory", VIRT_RAM_BASE));
	TRY(fdt_property_string(f, "device_type", "memory"));
	TRY(machine_fdt_reg(f, VIRT_RAM_BASE, vm->cfg.ram_bytes));
	TRY(fdt_end_node(f));

	/*
	 * A protected guest's virtio DMA goes through a restricted-dma-pool
	 * (reserved-memory/shared-dma-pool.yaml; no "no-map", which Linux
	 * refuses for this pool): the guest shares the pool and bounces every
	 * buffer through it.
	 */
	uint64_t pool = arm64_virt_dma_pool(vm);
	if (pool) {
		TRY(fdt_begin_node(f, "reserved-memory"));
		TRY(fdt_property_u32(f, "#address-cells", 2));
		TRY(fdt_property_u32(f, "#size-cells", 2));
		TRY(fdt_property(f, "ranges", NULL, 0));
		TRY(machine_fdt_begin_at(f, "restricted-dma", pool));
		TRY(fdt_property_string(f, "compatible", "restricted-dma-pool"));
		TRY(machine_fdt_reg(f, pool, VIRT_DMA_POOL_SIZE));
		TRY(fdt_property_u32(f, "phandle", PH_DMA_POOL));
		TRY(fdt_end_node(f));
		TRY(fdt_end_node(f));
	}

	TRY(fdt_begin_node(f, "psci"));
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	TRY(fdt_property(f, "compatible", psci_compat, sizeof(psci_compat)));
	/* At EL2 the kernel is the hypervisor: PSCI goes to firmware through SMC. */
	TRY(fdt_property_string(f, "method", vm->cfg.el2 ? "smc" : "hvc"));
	TRY(fdt_end_node(f));

	TRY(machine_fdt_begin_cpus(f));
	for (int i = 0; i < vm->n_cpus; i++) {
		TRY(machine_fdt_begin_cpu(f, i, "arm,cortex-a57"));
		TRY(fdt_property_string(f, "enable-method", "psci"));
		TRY(fdt_end_node(f));
	}
	TRY(fdt_end_node(f));

	TRY(fdt_begin_node(f, "timer"));
	TRY(fdt_property_string(f, "compatible", "arm,armv8-timer"));
	/*
	 * Secure phys (29), non-secure phys (30), virtual (27), hypervisor (26),
	 * and hypervisor virtual (28): the fifth is what a VHE kernel at EL2
	 * needs (arm,arch_timer binding: "hyp-virt").
	 */
	/* GICv2's PPI specifiers name their CPUs in flags [15:8] (arm,gic binding). */
	uint32_t ppi_cpus = vm->cfg.gic_version == 2 ? ((1u << vm->n_cpus) - 1) << 8 : 0;
	uint32_t low = IRQ_LEVEL_LOW | ppi_cpus;
	uint32_t tirq[15] = { GIC_PPI, 13, low, GIC_PPI, 14, low, GIC_PPI, 11, low,
			      GIC_PPI, 10, low, GIC_PPI, 12, low };
	for (int i = 0; i < 15; i++)
		tirq[i] = cpu_to_fdt32(tirq[i]);
	TRY(fdt_property(f, "interrupts", tirq, sizeof(tirq)));
	TRY(fdt_property(f, "always-on", NULL, 0));
	TRY(fdt_end_node(f));

	/* PMUv3 (cycle counter only): PPI 7, INTID 23, as on QEMU's virt. */
	TRY(fdt_begin_node(f, "pmu"));
	TRY(fdt_property_string(f, "compatible", "arm,armv8-pmuv3"));
	TRY(irq_prop(f, GIC_PPI, 7, IRQ_LEVEL_HIGH | ppi_cpus));
	TRY(fdt_end_node(f));

	TRY(machine_fdt_begin_at(f, "intc", VIRT_GICD_BASE));
	bool v2 = vm->cfg.gic_version == 2;
	/* interrupt-controller/arm,gic.yaml (GICv2) and arm,gic-v3.yaml */
	TRY(fdt_property_string(f, "compatible", v2 ? "arm,cortex-a15-gic" : "arm,gic-v3"));
	TRY(fdt_property_u32(f, "#interrupt-cells", 3));
	TRY(fdt_property(f, "interrupt-controller", NULL, 0));
	if (!v2)
		TRY(fdt_property_u32(f, "#redistributor-regions", 1));
	fdt64_t greg[4] = { cpu_to_fdt64(VIRT_GICD_BASE), cpu_to_fdt64(GICV3_DIST_SIZE),
			    cpu_to_fdt64(v2 ? VIRT_GICC_BASE : VIRT_GICR_BASE),
			    cpu_to_fdt64(v2 ? GICV2_CPU_SIZE
					    : GICV3_REDIST_STRIDE * (uint64_t)vm->n_cpus) };
	TRY(fdt_property(f, "reg", greg, sizeof(greg)));
	TRY(fdt_property_u32(f, "phandle", PH_GIC));
	if (!v2) {
		/* The ITS (interrupt-controller/arm,gic-v3.yaml "msi-controller" child). */
		TRY(fdt_property_u32(f, "#address-cells", 2));
		TRY(fdt_property_u32(f, "#size-cells", 2));
		TRY(fdt_property(f, "ranges", NULL, 0));
		TRY(machine_fdt_begin_at(f, "its", VIRT_GITS_BASE));
		TRY(fdt_property_string(f, "compatible", "arm,gic-v3-its"));
		TRY(fdt_property(f, "msi-controller", NULL, 0));
		TRY(fdt_property_u32(f, "#msi-cells", 1));
		TRY(machine_fdt_reg(f, VIRT_GITS_BASE, GICV3_ITS_SIZE));
		TRY(fdt_property_u32(f, "phandle", PH_ITS));
		TRY(fdt_end_node(f));
	}
	TRY(fdt_end_node(f));

	TRY(fdt_begin_node(f, "apb-pclk"));
	TRY(fdt_property_string(f, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(f, "#clock-cells", 0));
	TRY(fdt_property_u32(f, "clock-frequency", 24000000));
	TRY(fdt_property_string(f, "clock-output-names", "clk24mhz"));
	TRY(fdt_property_u32(f, "phandle", PH_CLK));
	TRY(fdt_end_node(f));

	TRY(machine_fdt_begin_at(f, "pl011", VIRT_UART_BASE));
	static const char uart_compat[] = "arm,pl011\0arm,primecell";
	TRY(fdt_property(f, "compatible", uart_compat, sizeof(uart_compat)));
	TRY(machine_fdt_reg(f, VIRT_UART_BASE, 0x1000));
	TRY(irq_prop(f, GIC_SPI, VIRT_UART_SPI, IRQ_LEVEL_HIGH));
	uint32_t clk[2] = { cpu_to_fdt32(PH_CLK), cpu_to_fdt32(PH_CLK) };
	TRY(fdt_property(f, "clocks", clk, sizeof(clk)));
	static const char clk_names[] = "uartclk\0apb_pclk";
	TRY(fdt_property(f, "clock-names", clk_names, sizeof(clk_names)));
	TRY(fdt_end_node(f));

	TRY(machine_fdt_begin_at(f, "pl031", VIRT_RTC_BASE));
	static const char rtc_compat[] = "arm,pl031\0arm,primecell";
	TRY(fdt_property(f, "compatible", rtc_compat, sizeof(rtc_compat)));
	TRY(machine_fdt_reg(f, VIRT_RTC_BASE, 0x1000));
	TRY(irq_prop(f, GIC_SPI, VIRT_RTC_SPI, IRQ_LEVEL_HIGH));
	TRY(fdt_property_u32(f, "clocks", PH_CLK));
	TRY(fdt_property_string(f, "clock-names", "apb_pclk"));
	TRY(fdt_end_node(f));

	/* The GPIO controller and the power button on its pin 3, as on QEMU's virt. */
	TRY(machine_fdt_begin_at(f, "pl061", VIRT_GPIO_BASE));
	static const char gpio_compat[] = "arm,pl061\0arm,primecell";
	TRY(fdt_property(f, "compatible", gpio_compat, sizeof(gpio_compat)));
	TRY(machine_fdt_reg(f, VIRT_GPIO_BASE, 0x1000));
	TRY(irq_prop(f, GIC_SPI, VIRT_GPIO_SPI, IRQ_LEVEL_HIGH));
	TRY(fdt_property_u32(f, "#gpio-cells", 2));
	TRY(fdt_property(f, "gpio-controller", NULL, 0));
	TRY(fdt_property_u32(f, "clocks", PH_CLK));
	TRY(fdt_property_string(f, "clock-names", "apb_pclk"));
	TRY(fdt_property_u32(f, "phandle", PH_GPIO));
	TRY(fdt_end_node(f));

	TRY(fdt_begin_node(f, "gpio-keys"));
	TRY(fdt_property_string(f, "compatible", "gpio-keys"));
	TRY(fdt_begin_node(f, "poweroff"));
	TRY(fdt_property_string(f, "label", "GPIO Key Poweroff"));
	TRY(fdt_property_u32(f, "linux,code", 116));   /* KEY_POWER (input-event-codes.h) */
	/* <controller pin flags>: flags 0, active high (gpio.h's GPIO_ACTIVE_HIGH). */
	const fdt32_t gpios[3] = { cpu_to_fdt32(PH_GPIO), cpu_to_fdt32(VIRT_POWER_PIN), 0 };
	TRY(fdt_property(f, "gpios", gpios, sizeof(gpios)));
	TRY(fdt_end_node(f));
	TRY(fdt_end_node(f));

	/* All virtio-mmio transports, empty ones too, edge rising as on QEMU's virt. */
	for (int i = 0; i < VIRT_VIRTIO_TRANSPORTS; i++) {
		const uint32_t irq[3] = { GIC_SPI, VIRT_VIRTIO_SPI + (uint32_t)i, 1 };
		TRY(machine_fdt_virtio(f, virtio_slot_base(VIRT_VIRTIO_BASE, i), 0, irq, 3,
				       pool ? PH_DMA_POOL : 0));
	}

	/*
	 * The framebuffer (display/simple-framebuffer.yaml). Its memory is not in
	 * the memory node, so Linux's simplefb maps it as a device's.
	 */
	if (vm->fb) {
		TRY(machine_fdt_begin_at(f, "framebuffer", vm->fb->base));
		TRY(fdt_property_string(f, "compatible", "simple-framebuffer"));
		TRY(machine_fdt_reg(f, vm->fb->base, vm->fb->size));
		TRY(fdt_property_u32(f, "width", vm->fb->width));
		TRY(fdt_property_u32(f, "height", vm->fb->height));
		TRY(fdt_property_u32(f, "stride", vm->fb->stride));
		TRY(fdt_property_string(f, "format", FB_FORMAT));
		TRY(fdt_end_node(f));
	}

	TRY(fdt_end_node(f));
	TRY(fdt_finish(f));
	return (int)fdt_totalsize(f);
}

int machine_user_fdt(const void *blob, size_t len, void *buf, size_t size, const char *cmdline,
		     uint64_t initrd_start, uint64_t initrd_end, char *err, size_t errlen)
{
	if (len < sizeof(struct fdt_header) || fdt_check_header(blob) != 0 ||
	    fdt_totalsize(blob) > len) {
		snprintf(err, errlen, "not a flattened device tree");
		return -1;
	}
	/*
	 * dtc writes version 17, and libfdt 1.6.1 misreads older
	 * ones (fdt_check_full dereferences NULL on a version 13 tree).
	 */
	if (fdt_version(blob) < 17) {
		snprintf(err, errlen, "device tree version %u is too old (17 is needed)",
			 (unsigned)fdt_version(blob));
		return -1;
	}
	/*
	 * fdt_open_into trusts the blocks the header points to (libfdt 1.6.1
	 * copies a negative length when the reserve map runs off the blob):
	 * check all of it first.
	 */
	if (fdt_check_full(blob, len) != 0 || fdt_num_mem_rsv(blob) < 0) {
		snprintf(err, errlen, "corrupt flattened device tree");
		return -1;
	}
	if (fdt_open_into(blob, buf, (int)size) != 0) {
		snprintf(err, errlen, "device tree too large (at most %zu bytes)", size / 2);
		return -1;
	}
	int chosen = fdt_path_offset(buf, "/chosen");
	if (chosen < 0)
		chosen = fdt_add_subnode(buf, 0, "chosen");
	if (chosen < 0 ||
	    (cmdline && fdt_setprop_string(buf, chosen, "bootargs", cmdline) < 0) ||
	    (initrd_end > initrd_start &&
	     (fdt_setprop_u64(buf, chosen, "linux,initrd-start", initrd_start) < 0 ||
	      fdt_setprop_u64(buf, chosen, "linux,initrd-end", initrd_end) < 0)) ||
	    fdt_pack(buf) != 0) {
		snprintf(err, errlen, "cannot update /chosen in the device tree");
		return -1;
	}
	return (int)fdt_totalsize(buf);
}
