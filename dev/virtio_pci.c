/*
 * The virtio-pci transport (see virtio_pci.h). Section numbers are
 * VIRTIO 1.2's; the field names are those of 4.1.4.3's struct
 * virtio_pci_common_cfg.
 *
 * The common configuration is decoded in 32-bit words, as the MMIO
 * helpers cut every access (dev/mmio.h): a word holding two fields acts on
 * the ones whose bytes were written. Drivers use each field's own width
 * (4.1.3.1), and 64-bit fields as two 32-bit halves.
 */
#include <stdlib.h>

#include "dev/mmio.h"
#include "dev/pci_host.h"
#include "dev/virtio_pci.h"

/* Common configuration, the words' offsets (4.1.4.3). */
enum {
	DEVICE_FEATURE_SELECT = 0x00,
	DEVICE_FEATURE = 0x04,
	DRIVER_FEATURE_SELECT = 0x08,
	DRIVER_FEATURE = 0x0c,
	MSIX_CONFIG = 0x10,                /* and num_queues at 0x12 */
	DEVICE_STATUS = 0x14,              /* 0x14 device_status, 0x15 config_generation, 0x16 queue_select */
	QUEUE_SIZE = 0x18,                 /* and queue_msix_vector at 0x1a */
	QUEUE_ENABLE = 0x1c,               /* and queue_notify_off at 0x1e */
	QUEUE_DESC_LO = 0x20, QUEUE_DESC_HI = 0x24,
	QUEUE_DRIVER_LO = 0x28, QUEUE_DRIVER_HI = 0x2c,
	QUEUE_DEVICE_LO = 0x30, QUEUE_DEVICE_HI = 0x34,
	COMMON_SIZE = 0x40,                /* 1.2 adds queue_notify_data and queue_reset: RAZ here */
};

#define NO_VECTOR 0xffffu              /* VIRTIO_MSI_NO_VECTOR (4.1.5.1.2) */

/* Capability types (4.1.4). */
enum { CAP_COMMON_CFG = 1, CAP_NOTIFY_CFG = 2, CAP_ISR_CFG = 3, CAP_DEVICE_CFG = 4 };
#define CAP_VENDOR 0x09                /* PCI's vendor-specific capability ID */
#define CAP_LEN 16                     /* struct virtio_pci_cap */
#define NOTIFY_CAP_LEN 20              /* and notify_off_multiplier */
#define CAPS_LEN (3 * CAP_LEN + NOTIFY_CAP_LEN)

/* PCI class codes (PCI Code and ID Assignment): what each device type is. */
static uint32_t class_of(uint32_t device_id)
{
	switch (device_id) {
	case VIRTIO_ID_NET: return 0x020000;       /* Ethernet controller */
	case VIRTIO_ID_BLOCK: return 0x018000;     /* other mass storage */
	case VIRTIO_ID_CONSOLE: return 0x078000;   /* other communication */
	}
	return 0x00ff00;                           /* unclassified */
}

struct virtio_pci {
	struct virtio_dev d;                       /* first: virtio_dev_free frees the whole */
	uint8_t caps[CAPS_LEN];
};

static const struct virtio_transport pci_transport = {
	.name = "virtio-pci", .reset_queue_num = VIRTIO_QUEUE_MAX,
};

/* One struct virtio_pci_cap (4.1.4): everything in BAR 0. */
static uint8_t *put_cap(uint8_t *p, uint8_t type, uint8_t len, uint8_t next, uint32_t off,
			uint32_t size)
{
	p[0] = CAP_VENDOR;
	p[1] = next;
	p[2] = len;
	p[3] = type;
	p[4] = 0;                          /* bar */
	virtio_le_put(p + 8, 4, off);
	virtio_le_put(p + 12, 4, size);
	return p + CAP_LEN;
}

static void build_caps(struct virtio_pci *t)
{
	uint8_t *p = t->caps;
	unsigned at = PCI_CAPS;
	p = put_cap(p, CAP_COMMON_CFG, CAP_LEN, (uint8_t)(at += CAP_LEN), VIRTIO_PCI_COMMON, COMMON_SIZE);
	p = put_cap(p, CAP_ISR_CFG, CAP_LEN, (uint8_t)(at += CAP_LEN), VIRTIO_PCI_ISR, 4);
	p = put_cap(p, CAP_DEVICE_CFG, CAP_LEN, (uint8_t)(at += CAP_LEN), VIRTIO_PCI_DEVICE_CFG,
		    t->d.config_size ? t->d.config_size : 4);
	p = put_cap(p, CAP_NOTIFY_CFG, NOTIFY_CAP_LEN, 0, VIRTIO_PCI_NOTIFY,
		    VIRTIO_PCI_NOTIFY_MULTIPLIER * (t->d.be->n_queues ? t->d.be->n_queues : 1));
	virtio_le_put(p, 4, VIRTIO_PCI_NOTIFY_MULTIPLIER);
}

static uint64_t common_word(struct virtio_dev *d, uint64_t off)
{
	struct virtq *q = virtio_dev_selected(d);
	switch (off) {
	case DEVICE_FEATURE_SELECT: return d->device_features_sel;
	case DEVICE_FEATURE: return virtio_dev_features_word(d);
	case DRIVER_FEATURE_SELECT: return d->driver_features_sel;
	case DRIVER_FEATURE:
		return d->driver_features_sel < 2 ?
		       (uint32_t)(d->driver_features >> (32 * d->driver_features_sel)) : 0;
	case MSIX_CONFIG: return (uint64_t)d->be->n_queues << 16 | NO_VECTOR;
	case DEVICE_STATUS: return (uint64_t)d->queue_sel << 16 | (d->status & 0xff);   /* generation 0 */
	case QUEUE_SIZE: return (q ? (uint64_t)NO_VECTOR << 16 | q->num : 0);
	case QUEUE_ENABLE: return q ? (uint64_t)d->queue_sel << 16 | q->ready : 0;
	case QUEUE_DESC_LO: case QUEUE_DESC_HI:
		return q ? (uint32_t)(q->desc >> (off == QUEUE_DESC_HI ? 32 : 0)) : 0;
	case QUEUE_DRIVER_LO: case QUEUE_DRIVER_HI:
		return q ? (uint32_t)(q->avail >> (off == QUEUE_DRIVER_HI ? 32 : 0)) : 0;
	case QUEUE_DEVICE_LO: case QUEUE_DEVICE_HI:
		return q ? (uint32_t)(q->used >> (off == QUEUE_DEVICE_HI ? 32 : 0)) : 0;
	}
	return 0;
}

/* The selected queue's registers; a queue's layout is fixed once it is enabled (4.1.4.3.2). */
static void queue_write(struct virtio_dev *d, uint64_t off, uint64_t val, uint64_t mask)
{
	struct virtq *q = virtio_dev_selected(d);
	if (!q)
		return;
	if (off == QUEUE_ENABLE) {
		/* The driver writes 1 only; 0 is not allowed (4.1.4.3.2): ignored. */
		if ((mask & 0xffff) && (val & 1) && !q->ready)
			virtio_dev_queue_enable(d, q);
		return;
	}
	if (q->ready)
		return;
	switch (off) {
	case QUEUE_SIZE: q->num = (uint32_t)dev_merge(q->num, val, mask & 0xffff); break;
	case QUEUE_DESC_LO: case QUEUE_DESC_HI:
		virtq_addr_half(&q->desc, off == QUEUE_DESC_HI, val, mask);
		break;
	case QUEUE_DRIVER_LO: case QUEUE_DRIVER_HI:
		virtq_addr_half(&q->avail, off == QUEUE_DRIVER_HI, val, mask);
		break;
	case QUEUE_DEVICE_LO: case QUEUE_DEVICE_HI:
		virtq_addr_half(&q->used, off == QUEUE_DEVICE_HI, val, mask);
		break;
	}
}

static void common_write(struct virtio_dev *d, uint64_t off, uint64_t val, uint64_t mask)
{
	switch (off) {
	case DEVICE_FEATURE_SELECT:
		d->device_features_sel = (uint32_t)dev_merge(d->device_features_sel, val, mask);
		return;
	case DRIVER_FEATURE_SELECT:
		d->driver_features_sel = (uint32_t)dev_merge(d->driver_features_sel, val, mask);
		return;
	case DRIVER_FEATURE:
		virtio_dev_driver_features_write(d, val, mask);
		return;
	case DEVICE_STATUS:
		if (mask & 0xffff0000)
			d->queue_sel = (uint32_t)dev_merge(d->queue_sel, val >> 16, (mask >> 16) & 0xffff);
		if (mask & 0xff)
			virtio_dev_write_status(d, (uint32_t)dev_merge(d->status, val, mask & 0xff));
		return;
	}
	queue_write(d, off, val, mask);     /* the msix vectors (no MSI-X) and RO fields: WI */
}

static uint64_t bar_word(void *opaque, uint64_t off)
{
	struct virtio_dev *d = opaque;
	if (off < VIRTIO_PCI_COMMON + COMMON_SIZE)
		return common_word(d, off);
	if (off == VIRTIO_PCI_ISR) {
		/* Reading the ISR clears it and deasserts INTx (4.1.4.5.1). */
		uint32_t isr = d->isr;
		virtio_dev_ack(d, isr);
		return isr;
	}
	if (off >= VIRTIO_PCI_DEVICE_CFG && off < VIRTIO_PCI_DEVICE_CFG + VIRTIO_CONFIG_MAX) {
		uint8_t b[4] = { 0 };
		for (unsigned i = 0; i < 4; i++)
			if (off - VIRTIO_PCI_DEVICE_CFG + i < d->config_size)
				b[i] = d->config[off - VIRTIO_PCI_DEVICE_CFG + i];
		return virtio_le_get(b, 4);
	}
	return 0;
}

static void bar_wword(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct virtio_dev *d = opaque;
	if (off < VIRTIO_PCI_COMMON + COMMON_SIZE) {
		common_write(d, off, val, mask);
	} else if (off >= VIRTIO_PCI_NOTIFY && off < VIRTIO_PCI_BAR_SIZE) {
		/* The address names the queue (4.1.4.4); the value, its index, adds nothing. */
		virtio_dev_notify(d, (off - VIRTIO_PCI_NOTIFY) / VIRTIO_PCI_NOTIFY_MULTIPLIER);
	}
	/* the ISR and the device configuration (read-only here): WI */
}

static uint64_t bar_read(void *opaque, int bar, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 4, bar_word);
}

static void bar_write(void *opaque, int bar, uint64_t off, unsigned size, uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 4, bar_wword);
}

struct virtio_dev *virtio_pci_new(const struct virtio_place *p, const struct virtio_backend *be,
				  void *opaque, const void *config, uint32_t config_size)
{
	struct virtio_pci *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	if (!p->pci || p->irq.line < 0 || p->irq.line > 255 ||
	    !virtio_dev_init(&t->d, &pci_transport, p, be, opaque, config, config_size)) {
		free(t);
		return NULL;
	}
	build_caps(t);
	const struct pci_func f = {
		.vendor = VIRTIO_PCI_VENDOR, .device = (uint16_t)(VIRTIO_PCI_DEVICE_BASE + be->device_id),
		.subsys_vendor = VIRTIO_PCI_VENDOR, .subsys = (uint16_t)(VIRTIO_PCI_DEVICE_BASE + be->device_id),
		.revision = 1, .class_code = class_of(be->device_id), .intx = true,
		.bar_size = { VIRTIO_PCI_BAR_SIZE }, .caps = t->caps, .caps_len = CAPS_LEN,
		.bar_read = bar_read, .bar_write = bar_write, .opaque = &t->d,
	};
	if (!pci_host_attach(p->pci, p->slot, &f, (uint8_t)p->irq.line)) {
		free(t);
		return NULL;
	}
	t->d.base = pci_host_bar(p->pci, p->slot, 0);
	return &t->d;
}
