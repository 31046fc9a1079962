/*
 * The virtio-mmio transport, version 2 (see virtio_mmio.h). Section numbers are VIRTIO 1.2's; register names are
 * those of section 4.2.2 "MMIO Device Register Layout".
 *
 * Control registers are 32 bits wide; the shared MMIO helpers cut other
 * access sizes into masked 32-bit words (the spec leaves them undefined).
 * Selector and address registers merge the bytes written, trigger registers
 * (QueueNotify, InterruptACK, Status) act on the bytes written.
 */
#include <stdlib.h>
#include <string.h>

#include "dev/mmio.h"
#include "dev/virtio_mmio.h"

enum {
	MAGIC_VALUE = 0x000,
	VERSION = 0x004,
	DEVICE_ID = 0x008,
	VENDOR_ID = 0x00c,
	DEVICE_FEATURES = 0x010,
	DEVICE_FEATURES_SEL = 0x014,
	DRIVER_FEATURES = 0x020,
	DRIVER_FEATURES_SEL = 0x024,
	QUEUE_SEL = 0x030,
	QUEUE_NUM_MAX = 0x034,
	QUEUE_NUM = 0x038,
	QUEUE_READY = 0x044,
	QUEUE_NOTIFY = 0x050,
	INTERRUPT_STATUS = 0x060,
	INTERRUPT_ACK = 0x064,
	STATUS = 0x070,
	QUEUE_DESC_LOW = 0x080,
	QUEUE_DESC_HIGH = 0x084,
	QUEUE_DRIVER_LOW = 0x090,
	QUEUE_DRIVER_HIGH = 0x094,
	QUEUE_DEVICE_LOW = 0x0a0,
	QUEUE_DEVICE_HIGH = 0x0a4,
	SHM_LEN_LOW = 0x0b0,
	SHM_LEN_HIGH = 0x0b4,
	SHM_BASE_LOW = 0x0b8,
	SHM_BASE_HIGH = 0x0bc,
	CONFIG_GENERATION = 0x0fc,
};

#define MAGIC 0x74726976u          /* "virt" */
#define MMIO_VERSION 2

/* The transport has no state of its own: the registers are the device's. */
static const struct virtio_transport mmio_transport = { .name = "virtio-mmio", .reset_queue_num = 0 };

static uint64_t word_read(void *opaque, uint64_t off)
{
	struct virtio_dev *t = opaque;
	struct virtq *q = virtio_dev_selected(t);
	if (off >= VIRTIO_MMIO_CONFIG) {
		uint8_t b[4] = { 0 };
		for (unsigned i = 0; i < 4; i++)
			if (off - VIRTIO_MMIO_CONFIG + i < t->config_size)
				b[i] = t->config[off - VIRTIO_MMIO_CONFIG + i];
		return virtio_le_get(b, 4);
	}
	switch (off) {
	case MAGIC_VALUE: return MAGIC;
	case VERSION: return MMIO_VERSION;
	case DEVICE_ID: return t->be->device_id;
	case VENDOR_ID: return VIRTIO_MMIO_VENDOR;
	case DEVICE_FEATURES: return virtio_dev_features_word(t);
	case QUEUE_NUM_MAX: return q ? VIRTIO_QUEUE_MAX : 0;
	case QUEUE_READY: return q ? q->ready : 0;
	case INTERRUPT_STATUS: return t->isr;
	case STATUS: return t->status;
	/* Section 4.2.2: there are no shared memory regions, whose length and base read as -1. */
	case SHM_LEN_LOW: case SHM_LEN_HIGH: case SHM_BASE_LOW: case SHM_BASE_HIGH:
		return 0xffffffffu;
	case CONFIG_GENERATION: return 0;  /* the configuration never changes */
	}
	return 0;                  /* write-only and reserved: RAZ */
}

static void queue_write(struct virtio_dev *t, struct virtq *q, uint64_t off, uint64_t val,
			uint64_t mask)
{
	if (off == QUEUE_READY) {
		if (!(val & mask & 1))
			q->ready = false;
		else if (!q->ready)
			virtio_dev_queue_enable(t, q);
		return;
	}
	if (q->ready)
		return;                /* the layout of a live queue is fixed */
	switch (off) {
	case QUEUE_NUM: q->num = (uint32_t)dev_merge(q->num, val, mask); break;
	case QUEUE_DESC_LOW: case QUEUE_DESC_HIGH:
		virtq_addr_half(&q->desc, off == QUEUE_DESC_HIGH, val, mask);
		break;
	case QUEUE_DRIVER_LOW: case QUEUE_DRIVER_HIGH:
		virtq_addr_half(&q->avail, off == QUEUE_DRIVER_HIGH, val, mask);
		break;
	case QUEUE_DEVICE_LOW: case QUEUE_DEVICE_HIGH:
		virtq_addr_half(&q->used, off == QUEUE_DEVICE_HIGH, val, mask);
		break;
	}
}

static void word_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct virtio_dev *t = opaque;
	switch (off) {
	case DEVICE_FEATURES_SEL:
		t->device_features_sel = (uint32_t)dev_merge(t->device_features_sel, val, mask);
		return;
	case DRIVER_FEATURES:
		virtio_dev_driver_features_write(t, val, mask);
		return;
	case DRIVER_FEATURES_SEL:
		t->driver_features_sel = (uint32_t)dev_merge(t->driver_features_sel, val, mask);
		return;
	case QUEUE_SEL:
		t->queue_sel = (uint32_t)dev_merge(t->queue_sel, val, mask);
		return;
	case QUEUE_NUM: case QUEUE_READY:
	case QUEUE_DESC_LOW: case QUEUE_DESC_HIGH:
	case QUEUE_DRIVER_LOW: case QUEUE_DRIVER_HIGH:
	case QUEUE_DEVICE_LOW: case QUEUE_DEVICE_HIGH: {
		struct virtq *q = virtio_dev_selected(t);
		if (q)
			queue_write(t, q, off, val, mask);
		return;
	}
	case QUEUE_NOTIFY: {
		/* Without VIRTIO_F_NOTIFICATION_DATA the value is the queue index. */
		virtio_dev_notify(t, val & mask);
		return;
	}
	case INTERRUPT_ACK:
		virtio_dev_ack(t, (uint32_t)(val & mask));
		return;
	case STATUS:
		virtio_dev_write_status(t, (uint32_t)dev_merge(t->status, val, mask));
		return;
	}
	/* read-only, reserved and the configuration space (read-only here): WI */
}

static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 4, word_read);
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 4, word_write);
}

static const struct mem_mmio_ops virtio_mmio_ops = { .read = mmio_read, .write = mmio_write };

struct virtio_dev *virtio_mmio_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
				   const struct virtio_backend *be, void *opaque,
				   const void *config, uint32_t config_size)
{
	const struct virtio_place p = { .mem = mem, .base = base, .irq = irq };
	struct virtio_dev *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	if (config_size > VIRTIO_MMIO_SIZE - VIRTIO_MMIO_CONFIG ||
	    !virtio_dev_init(t, &mmio_transport, &p, be, opaque, config, config_size) ||
	    !mem_add_mmio(mem, be->name, base, VIRTIO_MMIO_SIZE, &virtio_mmio_ops, t)) {
		free(t);
		return NULL;
	}
	return t;
}

/*
 * Transports with no device behind them: section 4.2.3.1.1, a Device ID of 0
 * is a placeholder the driver must ignore. They have the identification
 * registers and nothing else; every other register is RAZ/WI.
 */
static uint64_t empty_word(void *opaque, uint64_t off)
{
	switch (off % VIRTIO_MMIO_SIZE) {
	case MAGIC_VALUE: return MAGIC;
	case VERSION: return MMIO_VERSION;
	case VENDOR_ID: return VIRTIO_MMIO_VENDOR;
	}
	return 0;
}

static uint64_t empty_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 4, empty_word);
}

static void empty_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			uint64_t val)
{
}

static const struct mem_mmio_ops empty_ops = { .read = empty_read, .write = empty_write };

bool virtio_mmio_add_empty(struct mem_space *mem, uint64_t base, unsigned n)
{
	return n == 0 || mem_add_mmio(mem, "virtio-mmio-empty", base,
				      (uint64_t)n * VIRTIO_MMIO_SIZE, &empty_ops, NULL);
}
