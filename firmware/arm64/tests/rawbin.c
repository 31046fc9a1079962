/*
 * QEMU virt's boot of a raw kernel binary (neither ELF nor arm64 Image):
 * loaded 512 KiB into RAM, entered there at EL1 with the device tree's
 * address in x0. Built as a flat binary from this program's ELF, which is
 * linked at that address. Then a probe of the virtio-mmio transports the
 * board always has: the upper slots, empty on both emulators here, read the
 * magic value and Device ID 0 (VIRTIO 1.2, 4.2.3.1.1) instead of aborting.
 */
#include "fw.h"

#define FDT_MAGIC 0xd00dfeedu
#define VIRTIO_BASE 0x0a000000ul
#define VIRTIO_SIZE 0x200ul
#define VIRTIO_MAGIC 0x74726976u   /* "virt" */
#define FIRST_PROBED 8             /* above the slots hvsim's devices use */
#define SLOTS 32

extern char _start[];

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

int main(void)
{
	printf("rawbin: entered at 0x%lx\n", (unsigned long)(uintptr_t)_start);
	uint64_t dtb = fw_boot_x0;
	bool in_ram = dtb >= BOARD_RAM_BASE && dtb < BOARD_RAM_BASE + BOARD_RAM_SIZE && !(dtb & 7);
	printf("  x0 points at a device tree: %s\n",
	       in_ram && be32(*(volatile uint32_t *)dtb) == FDT_MAGIC ? "yes" : "NO");

	unsigned empty = 0;
	for (unsigned i = FIRST_PROBED; i < SLOTS; i++) {
		uintptr_t t = VIRTIO_BASE + i * VIRTIO_SIZE;
		if (mmio_read32(t) == VIRTIO_MAGIC && mmio_read32(t + 8) == 0)
			empty++;
	}
	printf("  virtio-mmio slots %u-%u: %u read magic 'virt' and DeviceID 0\n", FIRST_PROBED,
	       SLOTS - 1, empty);
	return 0;
}
