/*
 * The arm64-virt board: QEMU virt's memory map (hw/arm/virt.c's memmap),
 * so one image runs on both; its devices; its device tree (arm64_virt_fdt.c).
 */
#ifndef HVSIM_ARM64_VIRT_H
#define HVSIM_ARM64_VIRT_H

#include "cpu/arm64/arm64.h"
#include "machine/machine.h"
#include "machine/virtio_slots.h"

#define VIRT_FLASH_BASE 0x00000000ull
#define VIRT_FLASH_SIZE 0x08000000ull
#define VIRT_GICD_BASE 0x08000000ull
#define VIRT_GICC_BASE 0x08010000ull      /* GICv2's CPU interface */
#define VIRT_GITS_BASE 0x08080000ull      /* GICv3's ITS */
#define VIRT_GICR_BASE 0x080a0000ull
#define VIRT_UART_BASE 0x09000000ull
#define VIRT_RTC_BASE 0x09010000ull
#define VIRT_GPIO_BASE 0x09030000ull       /* the PL061 with the power button */
#define VIRT_HOSTVIEW_BASE 0x090c0000ull   /* hvsim only: the host's view of guest memory */
#define VIRT_VIRTIO_BASE 0x0a000000ull     /* virtio-mmio slots of 0x200 bytes */
#define VIRT_VIRTIO_TRANSPORTS 32          /* all present, the unused ones empty */
#define VIRT_VIRTIO_SPI 16                 /* slot i interrupts on SPI 16 + i */
#define VIRT_RTC_SPI 2
#define VIRT_GPIO_SPI 7
#define VIRT_POWER_PIN 3                   /* the PL061 pin of the power button (gpio-keys) */
#define VIRT_RAM_BASE 0x40000000ull
#define VIRT_UART_SPI 1                     /* INTID 33 */
#define VIRT_MAX_CPUS 8
/*
 * hvsim only, with a display: the framebuffer's memory, where QEMU's virt has
 * its PCIe MMIO window (hvsim has no PCIe).
 */
#define VIRT_FB_BASE 0x10000000ull
#define VIRT_FB_WIDTH 1024
#define VIRT_FB_HEIGHT 768

struct pl011;
struct pl031;
struct pl061;
struct gicv3;
struct gicv3_its;
struct hostview;

/* The board's own state (hvsim_vm.board_state). */
struct arm64_virt {
	struct gicv3 *gic;
	struct gicv3_its *its;     /* with a GICv3 */
	struct pl011 *uart;
	struct hostview *hostview;
	struct pl031 *rtc;
	struct pl061 *gpio;
	struct core_event power_release;   /* the power button's release, 100 ms after the press */
	struct virtio_slots virtio;
	char unguarded_why[160];   /* --pkvm: the device access that stopped the VM */
};

static inline struct arm64_virt *arm64_virt(struct hvsim_vm *vm)
{
	return vm->board_state;
}

static inline struct arm64_cpu *arm64_virt_cpu(struct hvsim_vm *vm, int i)
{
	return a64(vm->cpus[i]);
}

/*
 * --pkvm: the restricted DMA pool (reserved-memory/shared-dma-pool.yaml,
 * "restricted-dma-pool") at the top of RAM, which the virtio devices'
 * DMA bounces through: the protected guest shares it with MEM_SHARE and
 * the devices, the untrusted host, see nothing else. 0: no pool.
 */
#define VIRT_DMA_POOL_SIZE (4ull << 20)
static inline uint64_t arm64_virt_dma_pool(const struct hvsim_vm *vm)
{
	return vm->cfg.protected_vm && !vm->cfg.no_dma_pool ?
	       VIRT_RAM_BASE + vm->cfg.ram_bytes - VIRT_DMA_POOL_SIZE : 0;
}

/* Device tree for the board (arm64_virt_fdt.c). Returns the blob size or -1. */
int arm64_virt_build_fdt(struct hvsim_vm *vm, void *buf, size_t size, const char *cmdline,
			 uint64_t initrd_start, uint64_t initrd_end);
/*
 * A user's device tree (-dtb, as QEMU's): checked, then /chosen gets the
 * command line and initrd. Returns the blob size or -1 with a message.
 */
int machine_user_fdt(const void *blob, size_t len, void *buf, size_t size, const char *cmdline,
		     uint64_t initrd_start, uint64_t initrd_end, char *err, size_t errlen);
/*
 * Linux arm64 Image (Documentation/arch/arm64/booting.rst), or as QEMU's
 * virt board does a raw binary (neither Image nor ELF) 512 KiB into RAM,
 * into RAM at [ram_base, +ram_size): returns 1 if data is an ELF, 0 with
 * the entry and the end of the kernel's memory, or HVSIM_BAD_INPUT.
 */
int arm64_load_image(struct mem_space *mem, uint64_t ram_base, uint64_t ram_size,
		     const void *data, size_t len, uint64_t *entry, uint64_t *end, char *err,
		     size_t errlen);

#endif
