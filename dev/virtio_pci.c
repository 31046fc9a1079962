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
#include "mem/snap.h"

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
/*
 * MSI-X (PCI Local Bus 3.0 6.8.2): capability ID 0x11, Message Control
 * (table size - 1 in bits 10:0, Function Mask 14, MSI-X Enable 15), then
 * the table's and the PBA's offsets in BAR 0 (BIR 0 in bits 2:0).
 */
#define CAP_MSIX 0x11
#define MSIX_CAP_LEN 12
#define MSIX_AT (3 * CAP_LEN + NOTIFY_CAP_LEN)          /* its offset in caps[] */
#define CAPS_LEN (MSIX_AT + MSIX_CAP_LEN)
enum { MC_MASK = 1u << 14, MC_ENABLE = 1u << 15 };
/* One vector for the configuration and one per queue. */
#define MSIX_ENTRIES (VIRTIO_MAX_QUEUES + 1)
enum { MSIX_ADDR_LO = 0, MSIX_ADDR_HI = 4, MSIX_DATA = 8, MSIX_CTRL = 12, MSIX_ENTRY = 16 };
enum { MSIX_CTRL_MASKED = 1 };

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
	struct pci_host *pci;
	unsigned slot;
	uint8_t caps[CAPS_LEN];
	uint16_t config_vector, queue_vector[VIRTIO_MAX_QUEUES];   /* MSI-X entries, or NO_VECTOR */
	uint32_t msix[MSIX_ENTRIES][MSIX_ENTRY / 4];                /* the table: four dwords each */
	uint32_t pending;                          /* the PBA: masked entries that fired */
};

static struct virtio_pci *of(struct virtio_dev *d)
{
	return (struct virtio_pci *)d;
}

static uint16_t msix_control(const struct virtio_pci *t)
{
	return (uint16_t)virtio_le_get(t->caps + MSIX_AT + 2, 2);
}

/* Entry v's message, unless it or the function is masked: then it waits in the PBA. */
static void msix_signal(struct virtio_pci *t, unsigned v)
{
	const uint32_t *e = t->msix[v];
	if ((e[MSIX_CTRL / 4] & MSIX_CTRL_MASKED) || (msix_control(t) & MC_MASK)) {
		t->pending |= 1u << v;
		return;
	}
	t->pending &= ~(1u << v);
	pci_host_msi(t->pci, t->slot, (uint64_t)e[MSIX_ADDR_HI / 4] << 32 | e[MSIX_ADDR_LO / 4],
		     e[MSIX_DATA / 4]);
}

/* What was held while masked goes now that it may (PCI 3.0 6.8.3.4). */
static void msix_unmasked(struct virtio_pci *t)
{
	for (unsigned v = 0; v < MSIX_ENTRIES; v++)
		if (t->pending & (1u << v))
			msix_signal(t, v);
}

/* With MSI-X on, a notification is the vector's message (4.1.5.1.2); NO_VECTOR sends none. */
static bool pci_interrupt(struct virtio_dev *d, int queue)
{
	struct virtio_pci *t = of(d);
	if (!(msix_control(t) & MC_ENABLE))
		return false;
	uint16_t v = queue < 0 ? t->config_vector : t->queue_vector[queue];
	if (v < MSIX_ENTRIES)
		msix_signal(t, v);
	return true;
}

static void pci_reset(struct virtio_dev *d)
{
	struct virtio_pci *t = of(d);
	t->config_vector = NO_VECTOR;
	for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++)
		t->queue_vector[i] = NO_VECTOR;
}

/*
 * The capabilities (MSI-X's Message Control is written there), the vectors
 * the driver chose, the MSI-X table and the pending bits. The BARs are the
 * PCI host's.
 */
static void pci_snapshot(struct virtio_dev *d, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct virtio_pci, caps), SNAP_FIELD(struct virtio_pci, config_vector),
		SNAP_FIELD(struct virtio_pci, queue_vector), SNAP_FIELD(struct virtio_pci, msix),
		SNAP_FIELD(struct virtio_pci, pending),
	};
	snap_fields(s, of(d), f, SNAP_N(f));
}

static const struct virtio_transport pci_transport = {
	.name = "virtio-pci", .reset_queue_num = VIRTIO_QUEUE_MAX,
	.interrupt = pci_interrupt, .reset = pci_reset, .snapshot = pci_snapshot,
};

/* A vector the driver names: one of the table's, or NO_VECTOR (it reads back the refusal). */
static uint16_t vector(uint64_t v)
{
	return v < MSIX_ENTRIES ? (uint16_t)v : NO_VECTOR;
}

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
	p = put_cap(p, CAP_NOTIFY_CFG, NOTIFY_CAP_LEN, (uint8_t)(PCI_CAPS + MSIX_AT), VIRTIO_PCI_NOTIFY,
		    VIRTIO_PCI_NOTIFY_MULTIPLIER * (t->d.be->n_queues ? t->d.be->n_queues : 1));
	virtio_le_put(p, 4, VIRTIO_PCI_NOTIFY_MULTIPLIER);
	p = t->caps + MSIX_AT;
	p[0] = CAP_MSIX;
	p[1] = 0;
	virtio_le_put(p + 2, 2, MSIX_ENTRIES - 1);
	virtio_le_put(p + 4, 4, VIRTIO_PCI_MSIX_TABLE);
	virtio_le_put(p + 8, 4, VIRTIO_PCI_MSIX_PBA);
}

/* The capabilities' one writable field: MSI-X's Function Mask and Enable. */
static void cap_write(void *opaque, unsigned off, uint32_t val, uint32_t mask)
{
	struct virtio_pci *t = opaque;
	if (off != PCI_CAPS + MSIX_AT || !(mask & 0xffff0000))
		return;
	uint16_t old = msix_control(t), mc = (uint16_t)((old & ~(mask >> 16)) | ((val & mask) >> 16));
	mc = (uint16_t)((mc & (MC_MASK | MC_ENABLE)) | (old & ~(MC_MASK | MC_ENABLE)));
	virtio_le_put(t->caps + MSIX_AT + 2, 2, mc);
	/* Enabled, the function stops driving INTx (6.8.2.3): the ISR's line drops. */
	if ((mc & MC_ENABLE) && !(old & MC_ENABLE))
		virtio_dev_ack(&t->d, t->d.isr);
	if (mc & MC_ENABLE)
		msix_unmasked(t);
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
	case MSIX_CONFIG: return (uint64_t)d->be->n_queues << 16 | of(d)->config_vector;
	case DEVICE_STATUS: return (uint64_t)d->queue_sel << 16 | (d->status & 0xff);   /* generation 0 */
	case QUEUE_SIZE:
		return q ? (uint64_t)of(d)->queue_vector[q - d->q] << 16 | q->num : 0;
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
	if (off == QUEUE_SIZE && (mask & 0xffff0000))
		of(d)->queue_vector[q - d->q] = vector(val >> 16);
	if (off == QUEUE_ENABLE) {
		/* The driver writes 1 only; 0 is not allowed (4.1.4.3.2): ignored. */
		if ((mask & 0xffff) && (val & 1) && !q->ready)
			virtio_dev_queue_enable(d, q);
		return;
	}
	if (q->ready)
		return;
	switch (off) {
	case QUEUE_SIZE:
		if (mask & 0xffff)
			q->num = (uint32_t)dev_merge(q->num, val, mask & 0xffff);
		break;
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
	case MSIX_CONFIG:
		if (mask & 0xffff)
			of(d)->config_vector = vector(val & 0xffff);
		return;
	case DEVICE_STATUS:
		if (mask & 0xffff0000)
			d->queue_sel = (uint32_t)dev_merge(d->queue_sel, val >> 16, (mask >> 16) & 0xffff);
		if (mask & 0xff)
			virtio_dev_write_status(d, (uint32_t)dev_merge(d->status, val, mask & 0xff));
		return;
	}
	queue_write(d, off, val, mask);     /* read-only fields: WI */
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
	if (off >= VIRTIO_PCI_MSIX_TABLE && off < VIRTIO_PCI_MSIX_TABLE + MSIX_ENTRIES * MSIX_ENTRY)
		return of(d)->msix[(off - VIRTIO_PCI_MSIX_TABLE) / MSIX_ENTRY][(off % MSIX_ENTRY) / 4];
	if (off == VIRTIO_PCI_MSIX_PBA)
		return of(d)->pending;
	return 0;
}

static void bar_wword(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct virtio_dev *d = opaque;
	if (off < VIRTIO_PCI_COMMON + COMMON_SIZE) {
		common_write(d, off, val, mask);
	} else if (off >= VIRTIO_PCI_NOTIFY && off < VIRTIO_PCI_MSIX_TABLE) {
		/* The address names the queue (4.1.4.4); the value, its index, adds nothing. */
		virtio_dev_notify(d, (off - VIRTIO_PCI_NOTIFY) / VIRTIO_PCI_NOTIFY_MULTIPLIER);
	} else if (off >= VIRTIO_PCI_MSIX_TABLE && off < VIRTIO_PCI_MSIX_TABLE + MSIX_ENTRIES * MSIX_ENTRY) {
		struct virtio_pci *t = of(d);
		uint32_t *w = &t->msix[(off - VIRTIO_PCI_MSIX_TABLE) / MSIX_ENTRY][(off % MSIX_ENTRY) / 4];
		*w = (uint32_t)dev_merge(*w, val, mask);
		if (off % MSIX_ENTRY == MSIX_CTRL)
			msix_unmasked(t);
	}
	/* the ISR, the device configuration (read-only here) and the PBA: WI */
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
	t->pci = p->pci;
	t->slot = p->slot;
	for (unsigned v = 0; v < MSIX_ENTRIES; v++)
		t->msix[v][MSIX_CTRL / 4] = MSIX_CTRL_MASKED;   /* entries start masked (6.8.2.9) */
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
		.cap_write = cap_write,
		.bar_read = bar_read, .bar_write = bar_write, .opaque = &t->d,
	};
	if (!pci_host_attach(p->pci, p->slot, &f, (uint8_t)p->irq.line)) {
		free(t);
		return NULL;
	}
	t->d.base = pci_host_bar(p->pci, p->slot, 0);
	return &t->d;
}
