/*
 * A hostile virtio-console driver (VIRTIO 1.2 sections 3.1.1, 4.2.3 and
 * 2.7): one transmit chain of 256 buffers of 128 MiB each, 32 GiB from a
 * single QueueNotify, then a wait for the used ring that does not end. The
 * device must do a bounded part per notify and carry the rest across
 * quanta, so the run goes on and --max-insns stops it
 * (tests/guest/hostile-virtio-console, with -m 256M).
 */
#include "fw.h"

#define VIRTIO_BASE 0x0a000000ul
#define VIRTIO_SIZE 0x200ul
#define SLOTS 32
#define ID_CONSOLE 3
#define TRANSMITQ 1
#define QSIZE 256
#define BUF_LEN (128u << 20)

enum {
	DEVICE_ID = 0x008, DRIVER_FEATURES = 0x020, DRIVER_FEATURES_SEL = 0x024,
	QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038, QUEUE_READY = 0x044,
	QUEUE_NOTIFY = 0x050, STATUS = 0x070, QUEUE_DESC = 0x080, QUEUE_DRIVER = 0x090,
	QUEUE_DEVICE = 0x0a0,
};
enum { S_ACK = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8 };
enum { F_NEXT = 1 };

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

static struct desc table[QSIZE] __attribute__((aligned(16)));
static volatile uint16_t avail[2 + QSIZE + 1] __attribute__((aligned(2)));
static volatile uint16_t used[2 + 4 * QSIZE + 1] __attribute__((aligned(4)));

static void set64(uintptr_t reg, uint64_t v)
{
	mmio_write32(reg, (uint32_t)v);
	mmio_write32(reg + 4, (uint32_t)(v >> 32));
}

int main(void)
{
	uintptr_t t = 0;
	for (unsigned i = 0; i < SLOTS && !t; i++)
		if (mmio_read32(VIRTIO_BASE + i * VIRTIO_SIZE + DEVICE_ID) == ID_CONSOLE)
			t = VIRTIO_BASE + i * VIRTIO_SIZE;
	if (!t) {
		printf("virtio_flood: no virtio console\n");
		return 0;
	}
	mmio_write32(t + STATUS, 0);
	mmio_write32(t + STATUS, S_ACK | S_DRIVER);
	mmio_write32(t + DRIVER_FEATURES_SEL, 1);
	mmio_write32(t + DRIVER_FEATURES, 1);           /* VIRTIO_F_VERSION_1 */
	mmio_write32(t + STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
	mmio_write32(t + QUEUE_SEL, TRANSMITQ);
	if (mmio_read32(t + QUEUE_NUM_MAX) < QSIZE) {
		printf("virtio_flood: queue too small\n");
		return 0;
	}
	mmio_write32(t + QUEUE_NUM, QSIZE);
	set64(t + QUEUE_DESC, (uintptr_t)table);
	set64(t + QUEUE_DRIVER, (uintptr_t)avail);
	set64(t + QUEUE_DEVICE, (uintptr_t)used);
	mmio_write32(t + QUEUE_READY, 1);
	mmio_write32(t + STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);

	/* Every buffer is the first 128 MiB of RAM: legal, and 32 GiB in all. */
	for (unsigned i = 0; i < QSIZE; i++)
		table[i] = (struct desc){ BOARD_RAM_BASE, BUF_LEN, i + 1 < QSIZE ? F_NEXT : 0,
					  (uint16_t)(i + 1) };
	avail[2] = 0;
	dsb(sy);
	avail[1] = 1;
	dsb(sy);
	mmio_write32(t + QUEUE_NOTIFY, TRANSMITQ);
	printf("virtio_flood: 32 GiB chain notified\n");
	while (used[1] == 0)
		;
	printf("virtio_flood: the chain completed\n");
	return 0;
}
