/*
 * Internal machine state behind the public API: the arm64-virt board.
 */
#ifndef HVSIM_MACHINE_H
#define HVSIM_MACHINE_H

#include "cpu/arm64/arm64.h"
#include "hv/hv.h"
#include "hvsim/hvsim.h"

/* arm64-virt memory map: QEMU's virt board (hw/arm/virt.c's memmap), so one image runs on both. */
#define VIRT_FLASH_BASE 0x00000000ull
#define VIRT_FLASH_SIZE 0x08000000ull
#define VIRT_GICD_BASE 0x08000000ull
#define VIRT_GICR_BASE 0x080a0000ull
#define VIRT_UART_BASE 0x09000000ull
#define VIRT_RTC_BASE 0x09010000ull
#define VIRT_HOSTVIEW_BASE 0x090c0000ull   /* hvsim only: the host's view of guest memory */
#define VIRT_VIRTIO_BASE 0x0a000000ull     /* 32 virtio-mmio slots of 0x200 bytes */
#define VIRT_VIRTIO_SPI 16                 /* slot i interrupts on SPI 16 + i */
#define VIRT_RTC_SPI 2
#define VIRT_RAM_BASE 0x40000000ull
#define VIRT_UART_SPI 1                     /* INTID 33 */
/* The virtio-mmio slots hvsim fills. */
enum { VIRT_SLOT_BLK, VIRT_SLOT_RNG, VIRT_SLOT_CONSOLE, VIRT_SLOTS };
#define VIRT_MAX_CPUS 8
/*
 * hvsim only, with a display: the framebuffer's memory, where QEMU's virt has
 * its PCIe MMIO window (hvsim has no PCIe), shown VIRT_FB_HZ times a second
 * of virtual time.
 */
#define VIRT_FB_BASE 0x10000000ull
#define VIRT_FB_WIDTH 1024
#define VIRT_FB_HEIGHT 768
#define VIRT_FB_HZ 60

struct pl011;
struct pl031;
struct gicv3;
struct hostview;
struct virtio_blk;
struct virtio_rng;
struct virtio_console;
struct fb;
struct display;
struct machine_debug;

struct hvsim_vm {
	struct hvsim_config cfg;
	struct mem_space mem;
	struct core_cache cache;
	struct core_events events;
	const struct core_timing *timing;
	struct arm64_cpu *cpus[VIRT_MAX_CPUS];
	int n_cpus;
	bool cpu_on[VIRT_MAX_CPUS];
	unsigned stuck[VIRT_MAX_CPUS]; /* quanta in a row without a retired instruction */
	struct gicv3 *gic;
	struct pl011 *uart;
	struct hostview *hostview;
	struct pl031 *rtc;
	struct virtio_blk *blk;
	struct virtio_rng *rng;
	struct virtio_console *vcon;
	struct fb *fb;               /* with a display: the framebuffer, its window */
	struct display *display;
	uint32_t *fb_pixels;         /* the frame being shown */
	uint64_t fb_next;            /* virtual time of the next refresh */
	uint64_t fb_shown_ns;        /* host time of the last one */
	struct hv_platform hvplat;
	hvsim_hcall_hook hook;
	void *hook_opaque;
	struct machine_debug *dbg;   /* debugger, traces, counters (debug.c); NULL: none */

	uint64_t now;             /* start of the current quantum (virtual time) */
	bool shutdown;
	struct hvsim_result result;
	uint64_t hypercalls;

	size_t panic_len;         /* bytes of the panic banner matched on the console */
	char panic_why[160];      /* "guest kernel panic: ..." */
	size_t panic_why_len;

	uint8_t console_in[256];  /* typed bytes waiting for the UART */
	size_t console_in_n;
};

/* Image loading (loader.c). */
int machine_load_elf(struct hvsim_vm *vm, const void *data, size_t len, uint64_t *entry,
		     char *err, size_t errlen);
/* Linux arm64 Image (Documentation/arch/arm64/booting.rst): returns 1 if not an Image. */
int machine_load_image(struct hvsim_vm *vm, const void *data, size_t len, uint64_t *entry,
		       uint64_t *end, char *err, size_t errlen);

/* Device tree for the board (fdt.c). Returns the blob size or -1. */
int machine_build_fdt(struct hvsim_vm *vm, void *buf, size_t size, const char *cmdline,
		      uint64_t initrd_start, uint64_t initrd_end);
/*
 * A user's device tree (-dtb, as QEMU's): checked, then /chosen gets the
 * command line and initrd. Returns the blob size or -1 with a message.
 */
int machine_user_fdt(const void *blob, size_t len, void *buf, size_t size, const char *cmdline,
		     uint64_t initrd_start, uint64_t initrd_end, char *err, size_t errlen);

#endif
