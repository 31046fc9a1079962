/*
 * A virtio device and its split virtqueues, for every transport (see
 * virtio_queue.h). Section numbers are VIRTIO 1.2's.
 */
#include <stdlib.h>
#include <string.h>

#include "dev/mmio.h"
#include "dev/virtio_mmio.h"
#include "dev/virtio_pci.h"
#include "dev/virtio_queue.h"
#include "mem/snap.h"

/* Section 2.7.5 "The Virtqueue Descriptor Table": flags. */
enum { DESC_F_NEXT = 1, DESC_F_WRITE = 2, DESC_F_INDIRECT = 4 };
#define DESC_SIZE 16
/* Section 2.7.6: avail.flags. */
enum { AVAIL_F_NO_INTERRUPT = 1 };

#define TRANSPORT_FEATURES (VIRTIO_F_INDIRECT_DESC | VIRTIO_F_VERSION_1 | VIRTIO_F_ACCESS_PLATFORM)
#define STATUS_LIVE (VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)

/* Tell whoever watches the memory space that the device broke (why) or was reset (NULL). */
static void report_broken(struct virtio_dev *d, const char *why)
{
	if (d->mem->device_broken)
		d->mem->device_broken(d->mem->device_broken_opaque, d->be->name, d->base, why);
}

uint64_t virtio_dev_offered(const struct virtio_dev *d)
{
	return (d->be->features | TRANSPORT_FEATURES) & ~d->withheld;
}

/*
 * The interrupt line is the OR of the causes: virtio-mmio's InterruptStatus
 * (section 4.2.3.4), virtio-pci's ISR without MSI-X (section 4.1.4.5).
 */
static void update_irq(struct virtio_dev *d)
{
	bool level = d->isr != 0;
	if (level != d->irq_level) {
		d->irq_level = level;
		dev_irq_set(&d->irq, level);
	}
}

/* Notify the driver about `queue` (-1: the configuration) for the cause `why`. */
static void raise(struct virtio_dev *d, uint32_t why, int queue)
{
	if (d->tr->interrupt && d->tr->interrupt(d, queue))
		return;
	d->isr |= why;
	update_irq(d);
}

/*
 * Section 2.1.2: a device in an error state sets DEVICE_NEEDS_RESET and,
 * once DRIVER_OK is set, sends a configuration change notification.
 */
void virtio_dev_set_broken(struct virtio_dev *d, const char *why)
{
	if (d->broken)
		return;
	d->broken = why;
	report_broken(d, why);
	d->status |= VIRTIO_STATUS_NEEDS_RESET;
	if (d->status & VIRTIO_STATUS_DRIVER_OK)
		raise(d, VIRTIO_INT_CONFIG_CHANGE, -1);
}

const char *virtio_dev_broken(const struct virtio_dev *d)
{
	return d->broken;
}

uint64_t virtio_dev_driver_features(const struct virtio_dev *d)
{
	return d->driver_features;
}

static bool fail(struct virtio_dev *d, const char *why)
{
	virtio_dev_set_broken(d, why);
	return false;
}

void virtio_dev_reset(struct virtio_dev *d)
{
	d->status = d->isr = 0;
	d->device_features_sel = d->driver_features_sel = d->queue_sel = 0;
	d->driver_features = 0;
	if (d->broken)
		report_broken(d, NULL);
	d->broken = NULL;
	d->deferred = 0;
	memset(d->q, 0, sizeof(d->q));
	for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++)
		d->q[i].num = d->tr->reset_queue_num;
	if (d->tr->reset)
		d->tr->reset(d);
	update_irq(d);
}

/* The selected queue, or NULL if the selector names none (its registers are then RAZ/WI). */
struct virtq *virtio_dev_selected(struct virtio_dev *d)
{
	return d->queue_sel < d->be->n_queues ? &d->q[d->queue_sel] : NULL;
}

/* [addr, addr+len) is all memory the host can read (and, if `write`, RAM). */
static bool in_memory(struct mem_space *mem, uint64_t addr, uint64_t len, bool write)
{
	if (addr > UINT64_MAX - len)
		return false;
	uint64_t end = addr + len;
	while (addr < end) {
		struct mem_region *r = mem_find(mem, addr);
		if (!r || !r->host || (write && r->kind != MEM_RAM))
			return false;
		addr = r->base + r->size;
	}
	return true;
}

/*
 * A queue made ready (virtio-mmio QueueReady 0 -> 1, section 4.2.3.2;
 * virtio-pci queue_enable, section 4.1.4.3.2): the queue size must be a
 * power of two no larger than the maximum (section 2.7), and the three areas aligned
 * (section 2.7, "Alignment": 16, 2, 4) and inside guest memory, sized as in
 * that table (the avail and used rings include their event words).
 */
void virtio_dev_queue_enable(struct virtio_dev *d, struct virtq *q)
{
	uint64_t n = q->num;
	if (!n || n > VIRTIO_QUEUE_MAX || (n & (n - 1))) {
		fail(d, "queue size is not a power of two up to QueueNumMax");
		return;
	}
	if ((q->desc & 15) || (q->avail & 1) || (q->used & 3)) {
		fail(d, "virtqueue area misaligned");
		return;
	}
	if (!in_memory(d->mem, q->desc, DESC_SIZE * n, false) ||
	    !in_memory(d->mem, q->avail, 6 + 2 * n, false) ||
	    !in_memory(d->mem, q->used, 6 + 8 * n, true)) {
		fail(d, "virtqueue area outside guest RAM");
		return;
	}
	q->ready = true;
	q->last_avail = q->used_idx = 0;
}

/* The 32 bits of the offered features the device-feature selector picks (none past 63). */
uint32_t virtio_dev_features_word(const struct virtio_dev *d)
{
	uint32_t sel = d->device_features_sel;
	return sel < 2 ? (uint32_t)(virtio_dev_offered(d) >> (32 * sel)) : 0;
}

/*
 * The driver writes the bytes `mask` of the 32 bits its selector picks;
 * frozen once FEATURES_OK is set (section 3.1.1).
 */
void virtio_dev_driver_features_write(struct virtio_dev *d, uint64_t val, uint64_t mask)
{
	if (!(d->status & VIRTIO_STATUS_FEATURES_OK) && d->driver_features_sel < 2) {
		unsigned shift = 32 * d->driver_features_sel;
		d->driver_features = dev_merge(d->driver_features, val << shift, mask << shift);
	}
}

void virtq_addr_half(uint64_t *addr, bool high, uint64_t val, uint64_t mask)
{
	unsigned shift = high ? 32 : 0;
	*addr = dev_merge(*addr, val << shift, mask << shift);
}

/* Section 3.1.1 step 5: the device accepts no feature it did not offer, and needs VERSION_1. */
static bool features_acceptable(const struct virtio_dev *d)
{
	return !(d->driver_features & ~virtio_dev_offered(d)) && (d->driver_features & VIRTIO_F_VERSION_1);
}

void virtio_dev_write_status(struct virtio_dev *d, uint32_t val)
{
	if (!val) {
		virtio_dev_reset(d);  /* sections 4.1.4.3.1, 4.2.2: writing 0 resets the device */
		return;
	}
	val &= 0xff & ~VIRTIO_STATUS_NEEDS_RESET;  /* that bit is the device's */
	if ((val & VIRTIO_STATUS_FEATURES_OK) && !(d->status & VIRTIO_STATUS_FEATURES_OK) &&
	    !features_acceptable(d))
		val &= ~VIRTIO_STATUS_FEATURES_OK;     /* the driver reads it back and gives up */
	bool going_live = (val & STATUS_LIVE) == STATUS_LIVE && (d->status & STATUS_LIVE) != STATUS_LIVE;
	d->status = val | (d->status & VIRTIO_STATUS_NEEDS_RESET);
	/* Buffers made available before DRIVER_OK are consumed now (section 2.1.2). */
	if (going_live)
		for (unsigned i = 0; i < d->be->n_queues; i++)
			d->be->notify(d->opaque, d, i);
}

bool virtio_dev_init(struct virtio_dev *d, const struct virtio_transport *tr,
		     const struct virtio_place *p, const struct virtio_backend *be, void *opaque,
		     const void *config, uint32_t config_size)
{
	if (!be || !be->notify || !be->work_per_notify || be->n_queues > VIRTIO_MAX_QUEUES ||
	    config_size > VIRTIO_CONFIG_MAX || (config_size && !config))
		return false;
	d->mem = p->mem;
	d->tr = tr;
	d->base = p->base;
	d->irq = p->irq;
	d->be = be;
	d->opaque = opaque;
	d->config_size = config_size;
	if (config_size)
		memcpy(d->config, config, config_size);
	virtio_dev_reset(d);
	return true;
}

struct virtio_dev *virtio_dev_new(const struct virtio_place *p, const struct virtio_backend *be,
				  void *opaque, const void *config, uint32_t config_size)
{
	if (p->pci)
		return virtio_pci_new(p, be, opaque, config, config_size);
	return virtio_mmio_new(p->mem, p->base, p->irq, be, opaque, config, config_size);
}

void virtio_dev_free(struct virtio_dev *d)
{
	free(d);
}

void virtio_dev_notify(struct virtio_dev *d, uint64_t queue)
{
	if (queue < d->be->n_queues)
		d->be->notify(d->opaque, d, (unsigned)queue);
}

void virtio_dev_ack(struct virtio_dev *d, uint32_t causes)
{
	d->isr &= ~causes;
	update_irq(d);
}


/* ------------------------------------------------------ split virtqueues */

/* The queue, if the device may use it now (section 2.1.2: not before DRIVER_OK). */
static struct virtq *live_queue(struct virtio_dev *d, unsigned queue)
{
	if (d->broken || (d->status & STATUS_LIVE) != STATUS_LIVE || queue >= d->be->n_queues ||
	    !d->q[queue].ready)
		return NULL;
	return &d->q[queue];
}

static bool read_le16(struct virtio_dev *d, uint64_t gpa, uint16_t *v)
{
	uint8_t b[2];
	if (!mem_host_read(d->mem, gpa, b, sizeof(b)))
		return false;
	*v = (uint16_t)virtio_le_get(b, 2);
	return true;
}

/*
 * Follow the chain from descriptor `head` (section 2.7.5), through at most
 * one indirect table (section 2.7.5.3). Every step is bounded: a chain visits
 * each entry of its table at most once (more means a loop) and holds at most
 * VIRTIO_QUEUE_MAX buffers in all.
 */
static bool walk_chain(struct virtio_dev *d, const struct virtq *q, uint16_t head,
		       struct virtq_chain *c)
{
	uint64_t table = q->desc;
	uint32_t size = q->num, steps = 0, i = head;
	bool indirect = false;
	c->head = head;
	c->n_out = c->n_in = 0;
	c->out_len = c->in_len = 0;
	for (;;) {
		uint8_t e[DESC_SIZE];
		if (++steps > size)
			return fail(d, "descriptor chain loops");
		if (table > UINT64_MAX - DESC_SIZE * (uint64_t)i ||
		    !mem_host_read(d->mem, table + DESC_SIZE * (uint64_t)i, e, sizeof(e)))
			return fail(d, "descriptor outside guest memory");
		uint64_t addr = virtio_le_get(e, 8);
		uint32_t len = (uint32_t)virtio_le_get(e + 8, 4);
		uint16_t flags = (uint16_t)virtio_le_get(e + 12, 2);
		uint16_t next = (uint16_t)virtio_le_get(e + 14, 2);
		if (flags & DESC_F_INDIRECT) {
			/* Section 2.7.5.3.1's driver requirements, which the device checks. */
			if (!(d->driver_features & VIRTIO_F_INDIRECT_DESC))
				return fail(d, "indirect descriptor without VIRTIO_F_INDIRECT_DESC");
			if (indirect)
				return fail(d, "indirect descriptor inside an indirect table");
			if (flags & DESC_F_NEXT)
				return fail(d, "indirect descriptor with NEXT set");
			if (!len || len % DESC_SIZE)
				return fail(d, "indirect table length not a multiple of 16");
			table = addr;
			size = len / DESC_SIZE;
			indirect = true;
			i = steps = 0;
			continue;
		}
		unsigned n = c->n_out + c->n_in;
		if (n == VIRTIO_QUEUE_MAX)
			return fail(d, "descriptor chain longer than the queue size");
		if (flags & DESC_F_WRITE) {
			c->n_in++;
			c->in_len += len;
		} else if (c->n_in) {
			return fail(d, "device-readable descriptor after a device-writable one");
		} else {
			c->n_out++;
			c->out_len += len;
		}
		c->seg[n] = (struct virtq_seg){ .addr = addr, .len = len };
		if (!(flags & DESC_F_NEXT))
			return true;
		if (next >= size)
			return fail(d, "next descriptor index out of range");
		i = next;
	}
}

/* Section 2.7.6 "The Virtqueue Available Ring". */
bool virtq_pop(struct virtio_dev *d, unsigned queue, struct virtq_chain *c)
{
	struct virtq *q = live_queue(d, queue);
	if (!q)
		return false;
	uint16_t idx, head;
	if (!read_le16(d, q->avail + 2, &idx))
		return fail(d, "available ring unreadable");
	uint16_t waiting = (uint16_t)(idx - q->last_avail);
	if (!waiting)
		return false;
	if (waiting > q->num)
		return fail(d, "available index ahead by more than the queue size");
	if (!read_le16(d, q->avail + 4 + 2ull * (q->last_avail % q->num), &head))
		return fail(d, "available ring unreadable");
	if (head >= q->num)
		return fail(d, "descriptor index out of range");
	q->last_avail++;
	return walk_chain(d, q, head, c);
}

void virtq_serve(struct virtio_dev *d, unsigned queue, virtq_step_fn step)
{
	struct virtq *q = live_queue(d, queue);
	d->deferred &= ~(1u << queue);
	if (!q)
		return;
	uint64_t budget = d->be->work_per_notify;
	while (budget) {
		if (!q->busy) {
			if (!virtq_pop(d, queue, &q->job.chain))
				return;
			q->busy = true;
			q->job.done = 0;
			q->job.begun = false;
		}
		if (step(d->opaque, d, queue, &q->job, &budget) || d->broken)
			q->busy = false;
		if (d->broken)
			return;
	}
	uint16_t idx;
	if (q->busy || (read_le16(d, q->avail + 2, &idx) && idx != q->last_avail))
		d->deferred |= 1u << queue;
}

void virtio_dev_resume(struct virtio_dev *d)
{
	uint32_t pending = d->deferred;
	d->deferred = 0;
	for (unsigned queue = 0; pending; queue++, pending >>= 1)
		if (pending & 1)
			d->be->notify(d->opaque, d, queue);
}

bool virtio_dev_busy(const struct virtio_dev *d)
{
	return d->deferred != 0;
}

/* Section 2.7.8 "The Virtqueue Used Ring", section 2.7.7 for the interrupt suppression. */
void virtq_push(struct virtio_dev *d, unsigned queue, const struct virtq_chain *c,
		uint32_t written)
{
	struct virtq *q = live_queue(d, queue);
	if (!q)
		return;
	if (written > c->in_len)
		written = (uint32_t)c->in_len;
	uint8_t elem[8], idx[2];
	virtio_le_put(elem, 4, c->head);
	virtio_le_put(elem + 4, 4, written);
	virtio_le_put(idx, 2, (uint16_t)(q->used_idx + 1));
	/* The element (len included) first, then the index that publishes it (section 2.7.8.2). */
	if (!mem_host_write(d->mem, q->used + 4 + 8ull * (q->used_idx % q->num), elem, sizeof(elem)) ||
	    !mem_host_write(d->mem, q->used + 2, idx, sizeof(idx))) {
		fail(d, "used ring not writable");
		return;
	}
	q->used_idx++;
	uint16_t flags;
	if (read_le16(d, q->avail, &flags) && (flags & AVAIL_F_NO_INTERRUPT))
		return;
	raise(d, VIRTIO_INT_USED_BUFFER, (int)queue);
}

/*
 * Copy between buf and the bytes [off, off+len) of one part of the chain, a
 * buffer at a time, through the host's accessor.
 */
static bool copy_chain(struct virtio_dev *d, const struct virtq_chain *c, bool to_guest,
		       uint64_t off, uint8_t *buf, size_t len)
{
	unsigned s = to_guest ? c->n_out : 0, end = to_guest ? c->n_out + c->n_in : c->n_out;
	for (; s < end && len; s++) {
		const struct virtq_seg *g = &c->seg[s];
		if (off >= g->len) {
			off -= g->len;
			continue;
		}
		size_t n = g->len - off < len ? (size_t)(g->len - off) : len;
		if (g->addr > UINT64_MAX - g->len)
			return false;      /* wraps around the address space */
		bool ok = to_guest ? mem_host_write(d->mem, g->addr + off, buf, n)
				   : mem_host_read(d->mem, g->addr + off, buf, n);
		if (!ok)
			return false;
		buf += n;
		len -= n;
		off = 0;
	}
	return len == 0;
}

bool virtq_read(struct virtio_dev *d, const struct virtq_chain *c, uint64_t off, void *buf,
		size_t len)
{
	return copy_chain(d, c, false, off, buf, len);
}

bool virtq_write(struct virtio_dev *d, const struct virtq_chain *c, uint64_t off,
		 const void *buf, size_t len)
{
	/* copy_chain only reads buf when copying to the guest */
	return copy_chain(d, c, true, off, (uint8_t *)buf, len);
}

/*
 * The device: its registers, each queue's rings and the job a backend
 * had in progress when a quantum cut it short (virtq_job: the chain and
 * how far it got), so a restored device resumes where it was.
 */
void virtio_dev_snapshot(struct virtio_dev *d, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct virtio_dev, irq_level), SNAP_FIELD(struct virtio_dev, config),
		SNAP_FIELD(struct virtio_dev, status), SNAP_FIELD(struct virtio_dev, isr),
		SNAP_FIELD(struct virtio_dev, device_features_sel),
		SNAP_FIELD(struct virtio_dev, driver_features_sel),
		SNAP_FIELD(struct virtio_dev, queue_sel),
		SNAP_FIELD(struct virtio_dev, driver_features),
		SNAP_FIELD(struct virtio_dev, deferred), SNAP_FIELD(struct virtio_dev, q),
	};
	snap_section(s, d->tr->name);
	snap_fields(s, d, f, SNAP_N(f));
	uint8_t broken = d->broken != NULL;
	snap_val(s, broken);
	if (s->loading)
		d->broken = broken ? "the device was broken when the snapshot was taken" : NULL;
	for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++) {
		const struct virtq_chain *c = &d->q[i].job.chain;
		snap_check(s, (uint64_t)c->n_out + c->n_in, VIRTIO_QUEUE_MAX + 1, "virtqueue chain");
	}
	if (d->tr->snapshot)
		d->tr->snapshot(d, s);
}
