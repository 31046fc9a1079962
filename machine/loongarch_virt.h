/*
 * The loongarch-virt board: QEMU's LoongArch virt memory map
 * (hw/loongarch/virt.c, include/hw/loongarch/virt.h), so one image runs on
 * both; its devices; its device tree (loongarch_virt_fdt.c); and Linux's
 * LoongArch boot protocol (Documentation/arch/loongarch/booting.rst:
 * a minimal EFI system table, loongarch_boot.c).
 */
#ifndef HVSIM_LOONGARCH_VIRT_H
#define HVSIM_LOONGARCH_VIRT_H

#include "cpu/loongarch/loongarch.h"
#include "machine/machine.h"
#include "machine/virtio_slots.h"

/*
 * Memory: RAM below 256 MiB at 0, the rest at 0x8000_0000, as on QEMU's
 * virt now (older QEMUs put it at 0x9000_0000; QEMU 11.1's tree says
 * 0x8000_0000).
 */
#define LAV_LOWMEM_BASE 0x00000000ull
#define LAV_LOWMEM_SIZE 0x10000000ull
#define LAV_HIGHMEM_BASE 0x80000000ull
#define LAV_PCH_PIC_BASE 0x10000000ull
#define LAV_GED_BASE 0x100e001cull        /* QEMU's GED register block (VIRT_GED_REG_ADDR) */
/*
 * hvsim's virtio-mmio slots: QEMU's platform-bus window, where QEMU puts
 * the sysbus devices it creates on demand; 0x200 bytes each.
 */
#define LAV_VIRTIO_BASE 0x16000000ull
#define LAV_ISA_IO_BASE 0x18000000ull     /* the legacy I/O port window */
#define LAV_ISA_IO_SIZE 0x4000ull
#define LAV_UART_BASE 0x1fe001e0ull
#define LAV_UART_CLOCK 100000000u         /* 100 MHz, QEMU's clock-frequency */
/* PCH-PIC inputs (QEMU: VIRT_UART_IRQ - VIRT_GSI_BASE = 2). */
#define LAV_UART_PIN 2
/* QEMU virt's LS7A RTC: the ACPI PM block, the RTC 0x100 above it (0x100d0100), PCH-PIC input 6. */
#define LAV_PM_BASE 0x100d0000ull
#define LAV_RTC_PIN 6
/* Virtio slot i on input 16 + i: QEMU's PCIe INTx inputs (hvsim has no PCIe). */
#define LAV_VIRTIO_PIN 16
/*
 * Four CPUs: the EIOINTC routes to the four cores of one node, and hvsim
 * does not offer its virtualisation extension (QEMU's CPU encoding), which
 * routing to more cores would need.
 */
#define LAV_MAX_CPUS 4
#define LAV_STABLE_HZ 100000000ull        /* the stable counter: 100 MHz, as QEMU's */

/* IOCSR chip configuration (Linux asm/loongarch.h LOONGARCH_IOCSR_*). */
#define LAV_IOCSR_FEATURES 0x8
#define LAV_IOCSR_VENDOR 0x10
#define LAV_IOCSR_CPUNAME 0x20
#define LAV_IOCSR_MISC_FUNC 0x420
/* FEATURES bits: EXTIOI (3), CSRIPI (4), VM (11): Linux then looks for KVM. */
#define LAV_IOCSRF_EXTIOI (1u << 3)
#define LAV_IOCSRF_CSRIPI (1u << 4)
#define LAV_IOCSRF_VM (1u << 11)

/*
 * Boot information in the first 2 MiB, which Linux reserves (memblock_init):
 * the device tree at 1 MiB, as QEMU puts it (Linux maps 64 KiB of it), then
 * the EFI system table and what it points to.
 */
#define LAV_FDT_ADDR 0x100000ull
#define LAV_FDT_MAX 0x10000ull
#define LAV_BOOTINFO_ADDR 0x110000ull
#define LAV_BOOTINFO_END 0x200000ull

struct ns16550;
struct pch_pic;
struct eiointc;
struct loongarch_ipi;
struct acpi_ged;
struct ls7a_rtc;

/* The board's own state (hvsim_vm.board_state). */
struct loongarch_virt {
	struct mem_space iocsr;            /* the VM's IOCSR space, every CPU's */
	uint64_t misc_func;                /* IOCSR MISC_FUNC */
	uint64_t steal_gpa[LAV_MAX_CPUS];  /* the vCPUs' steal-time records (KVM_HCALL_FUNC_NOTIFY) */
	struct loongarch_ipi *ipi;
	struct eiointc *eiointc;
	struct pch_pic *pch_pic;
	struct ns16550 *uart;
	struct acpi_ged *ged;
	struct ls7a_rtc *rtc;
	struct virtio_slots virtio;
	struct dev_ipi_gate ipi_gate;      /* PV IPIs pass it (the fault injector's drop-ipi) */
};

static inline struct loongarch_virt *loongarch_virt(struct hvsim_vm *vm)
{
	return vm->board_state;
}

static inline struct la_cpu *loongarch_virt_cpu(struct hvsim_vm *vm, int i)
{
	return la(vm->cpus[i]);
}

/* RAM below LAV_LOWMEM_SIZE, and above it at LAV_HIGHMEM_BASE. */
static inline uint64_t loongarch_virt_lowmem(const struct hvsim_vm *vm)
{
	return vm->cfg.ram_bytes < LAV_LOWMEM_SIZE ? vm->cfg.ram_bytes : LAV_LOWMEM_SIZE;
}

static inline uint64_t loongarch_virt_highmem(const struct hvsim_vm *vm)
{
	return vm->cfg.ram_bytes - loongarch_virt_lowmem(vm);
}

/*
 * The device tree (loongarch_virt_fdt.c): the blob size, or -1. initrd
 * [start, end) goes into /chosen when end > start.
 */
int loongarch_virt_build_fdt(struct hvsim_vm *vm, void *buf, size_t size, const char *cmdline,
			     uint64_t initrd_start, uint64_t initrd_end);

/* ---- the boot protocol (loongarch_boot.c) ---- */

/*
 * An EFI zboot image (drivers/firmware/efi/libstub/zboot-header.S: "MZ",
 * "zimg", the payload's offset and size, its compression, "gzip" or
 * "zstd"): the payload unpacked into *out (malloc'ed). Returns 1 if data
 * is not a zboot image, 0, or HVSIM_BAD_INPUT with a message naming what
 * is wrong.
 */
int loongarch_unzboot(const void *data, size_t len, void **out, size_t *out_len, char *err,
		      size_t errlen);

/* Where an image went: its physical entry and the RAM it occupies. */
struct loongarch_image {
	uint64_t entry, start, end;
};

/*
 * A LoongArch Linux kernel image (booting.rst's header: kernel entry at
 * 0x08, load offset at 0x18, LINUX_PE_MAGIC at 0x38) into low RAM [0,
 * lowmem) at its load offset. Returns 1 if data is not one, 0, or
 * HVSIM_BAD_INPUT with a message.
 */
int loongarch_load_efi_image(struct mem_space *mem, uint64_t lowmem, const void *data, size_t len,
			     struct loongarch_image *img, char *err, size_t errlen);

/* What the EFI system table describes (booting.rst: a2 points at it). */
struct loongarch_bootinfo {
	const char *cmdline;              /* NULL: empty */
	uint64_t fdt, fdt_size;
	uint64_t initrd_start, initrd_end;/* end > start: an initrd */
	struct loongarch_image kernel;
	uint64_t lowmem, highmem;         /* RAM sizes at LAV_LOWMEM_BASE and LAV_HIGHMEM_BASE */
};

/* The system table's signature, "IBI SYST" (UEFI 2.10, 4.3.1 EFI_SYSTEM_TABLE). */
#define LAV_EFI_SYSTAB_SIGNATURE 0x5453595320494249ull

/*
 * Write the command line, the EFI system table and its configuration
 * tables (the boot memory map, the initrd, the device tree) at
 * [LAV_BOOTINFO_ADDR, LAV_BOOTINFO_END); returns the system table's and
 * the command line's addresses for a2 and a1. 0, or HVSIM_BAD_INPUT (the
 * command line is longer than Linux's COMMAND_LINE_SIZE).
 */
int loongarch_write_bootinfo(struct mem_space *mem, const struct loongarch_bootinfo *bi,
			     uint64_t *systab, uint64_t *cmdline, char *err, size_t errlen);

#endif
