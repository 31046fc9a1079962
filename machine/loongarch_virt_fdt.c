/*
 * The loongarch-virt device tree, generated with libfdt, written the way
 * Debian's loong64 kernel drives it: the node names and properties of
 * QEMU's LoongArch virt board (hw/loongarch/virt-fdt-build.c) and Linux's
 * bindings (Documentation/devicetree/bindings: interrupt-controller/
 * loongson,cpu-interrupt-controller, loongson,eiointc, loongson,pch-pic;
 * serial/8250; power/reset/syscon-poweroff, syscon-reboot; virtio/mmio),
 * plus an `isa` node with the legacy I/O window, without which Linux maps
 * no port space and its i8042 probe faults (arch_reserve_pio_range in
 * arch/loongarch/kernel/setup.c).
 */
#include <libfdt.h>
#include <stdio.h>

#include "dev/acpi_ged.h"
#include "dev/loongarch_eiointc.h"
#include "dev/loongarch_pch_pic.h"
#include "dev/ls7a_rtc.h"
#include "dev/ns16550.h"
#include "machine/fdt.h"
#include "machine/loongarch_virt.h"

enum { PH_CPUIC = 1, PH_EIOINTC, PH_PCH_PIC, PH_GED, PH_CPU_CLK };

/* IRQ_TYPE_LEVEL_HIGH (dt-bindings/interrupt-controller/irq.h). */
#define IRQ_LEVEL_HIGH 4
/*
 * The EIOINTC's parent pin in the CPU's numbering (ESTAT.IS bit 3, HWI1), as
 * QEMU gives it. Linux, seeing a hypervisor, routes the vectors to HWI0-3
 * itself (EIOINTC_ROUTE_MULT_IP in irq-loongson-eiointc.c).
 */
#define EIOINTC_PARENT_PIN 3

/* A PCH-PIC interrupt specifier: "interrupts = <pin type>". */
static int pch_irq(void *fdt, uint32_t pin, uint32_t type)
{
	fdt32_t v[2] = { cpu_to_fdt32(pin), cpu_to_fdt32(type) };
	return fdt_property(fdt, "interrupts", v, sizeof(v));
}

#define TRY(x) do { if ((x) < 0) return -1; } while (0)

static int memory_node(void *f, uint64_t base, uint64_t size)
{
	TRY(machine_fdt_begin_at(f, "memory", base));
	TRY(fdt_property_string(f, "device_type", "memory"));
	TRY(machine_fdt_reg(f, base, size));
	return fdt_end_node(f);
}

/* One syscon-poweroff or syscon-reboot node: write `value` to GED register `offset`. */
static int syscon_action(void *f, const char *name, const char *compat, uint32_t offset,
			 uint32_t value)
{
	TRY(fdt_begin_node(f, name));
	TRY(fdt_property_string(f, "compatible", compat));
	TRY(fdt_property_u32(f, "regmap", PH_GED));
	TRY(fdt_property_u32(f, "offset", offset));
	TRY(fdt_property_u32(f, "value", value));
	return fdt_end_node(f);
}

static int interrupt_controller(void *f, const char *compat, uint32_t cells, uint32_t phandle)
{
	TRY(fdt_property_string(f, "compatible", compat));
	TRY(fdt_property(f, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(f, "#interrupt-cells", cells));
	return fdt_property_u32(f, "phandle", phandle);
}

int loongarch_virt_build_fdt(struct hvsim_vm *vm, void *buf, size_t size, const char *cmdline,
			     uint64_t initrd_start, uint64_t initrd_end)
{
	void *f = buf;
	char name[64];
	TRY(machine_fdt_begin(f, size, "linux,dummy-loongson3", "hvsim loongarch-virt"));
	/* The initrd is also in the EFI system table: Linux reads both, the tree last. */
	snprintf(name, sizeof(name), "/serial@%llx", (unsigned long long)LAV_UART_BASE);
	TRY(machine_fdt_chosen(f, cmdline, name, initrd_start, initrd_end));

	TRY(memory_node(f, LAV_LOWMEM_BASE, loongarch_virt_lowmem(vm)));
	if (loongarch_virt_highmem(vm))
		TRY(memory_node(f, LAV_HIGHMEM_BASE, loongarch_virt_highmem(vm)));

	/* The CPUs' clock, which Linux reports (fdt_cpu_clk_init): the timing model's. */
	TRY(fdt_begin_node(f, "cpu-clk"));
	TRY(fdt_property_string(f, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(f, "#clock-cells", 0));
	TRY(fdt_property_u32(f, "clock-frequency", (uint32_t)vm->timing->hz));
	TRY(fdt_property_u32(f, "phandle", PH_CPU_CLK));
	TRY(fdt_end_node(f));

	/* reg is the physical CPU id (CSR.CPUID), which the IPI registers address. */
	TRY(machine_fdt_begin_cpus(f));
	for (int i = 0; i < vm->n_cpus; i++) {
		TRY(machine_fdt_begin_cpu(f, i, "loongarch,Loongson-3A5000"));
		TRY(fdt_property_u32(f, "clocks", PH_CPU_CLK));
		TRY(fdt_end_node(f));
	}
	TRY(fdt_end_node(f));

	/* The CPU's own lines: one cell, the ESTAT.IS bit (SWI0 0, HWI0-7 2-9, timer 11, IPI 12). */
	TRY(fdt_begin_node(f, "cpuic"));
	TRY(interrupt_controller(f, "loongson,cpu-interrupt-controller", 1, PH_CPUIC));
	TRY(fdt_end_node(f));

	/* The EIOINTC lives in IOCSR space; reg says where, as QEMU's tree does (Linux ignores it). */
	TRY(machine_fdt_begin_at(f, "eiointc", EIOINTC_IOCSR_BASE));
	TRY(interrupt_controller(f, "loongson,ls2k2000-eiointc", 1, PH_EIOINTC));
	TRY(fdt_property_u32(f, "interrupt-parent", PH_CPUIC));
	TRY(fdt_property_u32(f, "interrupts", EIOINTC_PARENT_PIN));
	TRY(machine_fdt_reg(f, EIOINTC_IOCSR_BASE, EIOINTC_IOCSR_SIZE));
	TRY(fdt_end_node(f));

	TRY(machine_fdt_begin_at(f, "platic", LAV_PCH_PIC_BASE));
	TRY(interrupt_controller(f, "loongson,pch-pic-1.0", 2, PH_PCH_PIC));
	TRY(machine_fdt_reg(f, LAV_PCH_PIC_BASE, PCH_PIC_MMIO_SIZE));
	TRY(fdt_property_u32(f, "interrupt-parent", PH_EIOINTC));
	/* Input n sends EIOINTC vector n. */
	TRY(fdt_property_u32(f, "loongson,pic-base-vec", 0));
	TRY(fdt_end_node(f));

	TRY(machine_fdt_begin_at(f, "serial", LAV_UART_BASE));
	TRY(fdt_property_string(f, "compatible", "ns16550a"));
	TRY(machine_fdt_reg(f, LAV_UART_BASE, NS16550_MMIO_SIZE));
	TRY(fdt_property_u32(f, "clock-frequency", LAV_UART_CLOCK));
	TRY(fdt_property_u32(f, "interrupt-parent", PH_PCH_PIC));
	TRY(pch_irq(f, LAV_UART_PIN, IRQ_LEVEL_HIGH));
	TRY(fdt_end_node(f));

	/* The LS7A RTC (Linux's rtc-loongson finds its PM block 0x100 below). */
	TRY(machine_fdt_begin_at(f, "rtc", LAV_PM_BASE + LS7A_RTC_OFFSET));
	TRY(fdt_property_string(f, "compatible", "loongson,ls7a-rtc"));
	TRY(machine_fdt_reg(f, LAV_PM_BASE + LS7A_RTC_OFFSET, LS7A_RTC_MMIO_SIZE - LS7A_RTC_OFFSET));
	TRY(fdt_property_u32(f, "interrupt-parent", PH_PCH_PIC));
	TRY(pch_irq(f, LAV_RTC_PIN, IRQ_LEVEL_HIGH));
	TRY(fdt_end_node(f));

	/*
	 * The legacy port window: ISA addresses are <flags port> (flags 1: I/O
	 * space), mapped at LAV_ISA_IO_BASE. Nothing answers there but empty
	 * ports (the i8042's 0x60/0x64 read 0xff: no controller).
	 */
	TRY(machine_fdt_begin_at(f, "isa", LAV_ISA_IO_BASE));
	TRY(fdt_property_string(f, "compatible", "isa"));
	TRY(fdt_property_u32(f, "#address-cells", 2));
	TRY(fdt_property_u32(f, "#size-cells", 1));
	fdt32_t ranges[5] = { cpu_to_fdt32(1), 0, cpu_to_fdt32((uint32_t)(LAV_ISA_IO_BASE >> 32)),
			      cpu_to_fdt32((uint32_t)LAV_ISA_IO_BASE),
			      cpu_to_fdt32((uint32_t)LAV_ISA_IO_SIZE) };
	TRY(fdt_property(f, "ranges", ranges, sizeof(ranges)));
	TRY(fdt_end_node(f));

	/* The GED's sleep and reset registers as a syscon of byte-wide registers. */
	TRY(machine_fdt_begin_at(f, "ged", LAV_GED_BASE));
	TRY(fdt_property_string(f, "compatible", "syscon"));
	TRY(machine_fdt_reg(f, LAV_GED_BASE, ACPI_GED_MMIO_SIZE));
	TRY(fdt_property_u32(f, "reg-shift", 0));
	TRY(fdt_property_u32(f, "reg-io-width", 1));
	TRY(fdt_property_u32(f, "phandle", PH_GED));
	TRY(fdt_end_node(f));
	TRY(syscon_action(f, "reboot", "syscon-reboot", ACPI_GED_RESET, ACPI_GED_RESET_VALUE));
	TRY(syscon_action(f, "poweroff", "syscon-poweroff", ACPI_GED_SLEEP_CTL,
			  ACPI_GED_POWER_OFF_VALUE));

	/* virtio-mmio transports, level-triggered through the PCH-PIC. */
	for (int i = 0; i < VIRTIO_SLOTS; i++) {
		if (!virtio_slot_used(&loongarch_virt(vm)->virtio, i))
			continue;
		const uint32_t irq[2] = { LAV_VIRTIO_PIN + (uint32_t)i, IRQ_LEVEL_HIGH };
		TRY(machine_fdt_virtio(f, virtio_slot_base(LAV_VIRTIO_BASE, i), PH_PCH_PIC, irq, 2, 0));
	}

	TRY(fdt_end_node(f));
	TRY(fdt_finish(f));
	return (int)fdt_totalsize(f);
}
