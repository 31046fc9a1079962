/*
 * The virtio-mmio transport, version 2, and split virtqueues (see
 * virtio_mmio.h). Section numbers are VIRTIO 1.2's; register names are
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
#include "mem/snap.h"

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

/* InterruptStatus bits (section 4.2.2). */
enum { INT_USED_BUFFER = 1 << 0, INT_CONFIG_CHANGE = 1 << 1 };

/* Section 2.7.5 "The Virtqueue Descriptor Table": flags. */
enum { DESC_F_NEXT = 1, DESC_F_WRITE = 2, DESC_F_INDIRECT = 4 };
#define DESC_SIZE 16
/* Section 2.7.6: avail.flags. */
enum { AVAIL_F_NO_INTERRUPT = 1 };

#define TRANSPORT_FEATURES (VIRTIO_F_INDIRECT_DESC | VIRTIO_F_VERSION_1 | VIRTIO_F_ACCESS_PLATFORM)
#define STATUS_LIVE (VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)

struct virtq {
	uint32_t num;
	bool ready;
	uint64_t desc, avail, used;    /* descriptor table, driver area, device area */
	uint16_t last_avail;           /* next available ring entry to take */
	uint16_t used_idx;             /* next used ring entry to fill */
	bool busy;                     /* `job` is in progress */
	struct virtq_job job;
};

struct virtio_mmio {
	struct mem_space *mem;
	struct dev_irq irq;
	bool irq_level;
	const struct virtio_backend *be;
	void *opaque;
	uint8_t config[VIRTIO_CONFIG_MAX];
	uint32_t config_size;

	uint32_t status, isr;
	uint32_t device_features_sel, driver_features_sel, queue_sel;
	uint64_t driver_features;
	const char *broken;
	uint32_t deferred;             /* queues whose work was cut short */
	uint64_t base;
	struct virtq q[VIRTIO_MMIO_MAX_QUEUES];
};

/* Tell whoever watches the memory space that the device broke (why) or was reset (NULL). */
static void report_broken(struct virtio_mmio *t, const char *why)
{
	if (t->mem->device_broken)
		t->mem->device_broken(t->mem->device_broken_opaque, t->be->name, t->base, why);
}

static uint64_t offered(const struct virtio_mmio *t)
{
	return t->be->features | TRANSPORT_FEATURES;
}

/* The interrupt line is the OR of InterruptStatus (section 4.2.3.4). */
static void update_irq(struct virtio_mmio *t)
{
	bool level = t->isr != 0;
	if (level != t->irq_level) {
		t->irq_level = level;
		dev_irq_set(&t->irq, level);
	}
}

static void raise(struct virtio_mmio *t, uint32_t why)
{
	t->isr |= why;
	update_irq(t);
}

/*
 * Section 2.1.2: a device in an error state sets DEVICE_NEEDS_RESET and,
 * once DRIVER_OK is set, sends a configuration change notification.
 */
void virtio_mmio_set_broken(struct virtio_mmio *t, const char *why)
{
	if (t->broken)
		return;
	t->broken = why;
	report_broken(t, why);
	t->status |= VIRTIO_STATUS_NEEDS_RESET;
	if (t->status & VIRTIO_STATUS_DRIVER_OK)
		raise(t, INT_CONFIG_CHANGE);
}

const char *virtio_mmio_broken(const struct virtio_mmio *t)
{
	return t->broken;
}

uint64_t virtio_mmio_driver_features(const struct virtio_mmio *t)
{
	return t->driver_features;
}

static bool fail(struct virtio_mmio *t, const char *why)
{
	virtio_mmio_set_broken(t, why);
	return false;
}

void virtio_mmio_reset(struct virtio_mmio *t)
{
	t->status = t->isr = 0;
	t->device_features_sel = t->driver_features_sel = t->queue_sel = 0;
	t->driver_features = 0;
	if (t->broken)
		report_broken(t, NULL);
	t->broken = NULL;
	t->deferred = 0;
	memset(t->q, 0, sizeof(t->q));
	update_irq(t);
}

/* The selected queue, or NULL if QueueSel names none (its registers are then RAZ/WI). */
static struct virtq *selected(struct virtio_mmio *t)
{
	return t->queue_sel < t->be->n_queues ? &t->q[t->queue_sel] : NULL;
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
 * QueueReady 0 -> 1 (section 4.2.3.2): the queue size must be a power of two
 * no larger than QueueNumMax (section 2.7), and the three areas aligned
 * (section 2.7, "Alignment": 16, 2, 4) and inside guest memory, sized as in
 * that table (the avail and used rings include their event words).
 */
static void queue_enable(struct virtio_mmio *t, struct virtq *q)
{
	uint64_t n = q->num;
	if (!n || n > VIRTIO_QUEUE_MAX || (n & (n - 1))) {
		fail(t, "queue size is not a power of two up to QueueNumMax");
		return;
	}
	if ((q->desc & 15) || (q->avail & 1) || (q->used & 3)) {
		fail(t, "virtqueue area misaligned");
		return;
	}
	if (!in_memory(t->mem, q->desc, DESC_SIZE * n, false) ||
	    !in_memory(t->mem, q->avail, 6 + 2 * n, false) ||
	    !in_memory(t->mem, q->used, 6 + 8 * n, true)) {
		fail(t, "virtqueue area outside guest RAM");
		return;
	}
	q->ready = true;
	q->last_avail = q->used_idx = 0;
}

/* Section 3.1.1 step 5: the device accepts no feature it did not offer, and needs VERSION_1. */
static bool features_acceptable(const struct virtio_mmio *t)
{
	return !(t->driver_features & ~offered(t)) && (t->driver_features & VIRTIO_F_VERSION_1);
}

static void write_status(struct virtio_mmio *t, uint32_t val)
{
	if (!val) {
		virtio_mmio_reset(t);  /* section 4.2.2, Status: writing 0 resets the device */
		return;
	}
	val &= 0xff & ~VIRTIO_STATUS_NEEDS_RESET;  /* that bit is the device's */
	if ((val & VIRTIO_STATUS_FEATURES_OK) && !(t->status & VIRTIO_STATUS_FEATURES_OK) &&
	    !features_acceptable(t))
		val &= ~VIRTIO_STATUS_FEATURES_OK;     /* the driver reads it back and gives up */
	bool going_live = (val & STATUS_LIVE) == STATUS_LIVE && (t->status & STATUS_LIVE) != STATUS_LIVE;
	t->status = val | (t->status & VIRTIO_STATUS_NEEDS_RESET);
	/* Buffers made available before DRIVER_OK are consumed now (section 2.1.2). */
	if (going_live)
		for (unsigned i = 0; i < t->be->n_queues; i++)
			t->be->notify(t->opaque, t, i);
}

static uint32_t features_word(uint64_t features, uint32_t sel)
{
	return sel < 2 ? (uint32_t)(features >> (32 * sel)) : 0;
}

static uint64_t word_read(void *opaque, uint64_t off)
{
	struct virtio_mmio *t = opaque;
	struct virtq *q = selected(t);
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
	case DEVICE_FEATURES: return features_word(offered(t), t->device_features_sel);
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

/* A 64-bit queue address register pair: merge the written bytes into one half. */
static void set_half(uint64_t *addr, bool high, uint64_t val, uint64_t mask)
{
	unsigned shift = high ? 32 : 0;
	*addr = dev_merge(*addr, val << shift, mask << shift);
}

static void queue_write(struct virtio_mmio *t, struct virtq *q, uint64_t off, uint64_t val,
			uint64_t mask)
{
	if (off == QUEUE_READY) {
		if (!(val & mask & 1))
			q->ready = false;
		else if (!q->ready)
			queue_enable(t, q);
		return;
	}
	if (q->ready)
		return;                /* the layout of a live queue is fixed */
	switch (off) {
	case QUEUE_NUM: q->num = (uint32_t)dev_merge(q->num, val, mask); break;
	case QUEUE_DESC_LOW: case QUEUE_DESC_HIGH:
		set_half(&q->desc, off == QUEUE_DESC_HIGH, val, mask);
		break;
	case QUEUE_DRIVER_LOW: case QUEUE_DRIVER_HIGH:
		set_half(&q->avail, off == QUEUE_DRIVER_HIGH, val, mask);
		break;
	case QUEUE_DEVICE_LOW: case QUEUE_DEVICE_HIGH:
		set_half(&q->used, off == QUEUE_DEVICE_HIGH, val, mask);
		break;
	}
}

static void word_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct virtio_mmio *t = opaque;
	switch (off) {
	case DEVICE_FEATURES_SEL:
		t->device_features_sel = (uint32_t)dev_merge(t->device_features_sel, val, mask);
		return;
	case DRIVER_FEATURES:
		/* Frozen once FEATURES_OK is set (section 3.1.1). */
		if (!(t->status & VIRTIO_STATUS_FEATURES_OK) && t->driver_features_sel < 2) {
			unsigned shift = 32 * t->driver_features_sel;
			t->driver_features = dev_merge(t->driver_features, val << shift, mask << shift);
		}
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
		struct virtq *q = selected(t);
		if (q)
			queue_write(t, q, off, val, mask);
		return;
	}
	case QUEUE_NOTIFY: {
		/* Without VIRTIO_F_NOTIFICATION_DATA the value is the queue index. */
		uint64_t queue = val & mask;
		if (queue < t->be->n_queues)
			t->be->notify(t->opaque, t, (unsigned)queue);
		return;
	}
	case INTERRUPT_ACK:
		t->isr &= ~(uint32_t)(val & mask);
		update_irq(t);
		return;
	case STATUS:
		write_status(t, (uint32_t)dev_merge(t->status, val, mask));
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

struct virtio_mmio *virtio_mmio_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
				    const struct virtio_backend *be, void *opaque,
				    const void *config, uint32_t config_size)
{
	if (!be || !be->notify || !be->work_per_notify || be->n_queues > VIRTIO_MMIO_MAX_QUEUES ||
	    config_size > VIRTIO_CONFIG_MAX || (config_size && !config))
		return NULL;
	struct virtio_mmio *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->mem = mem;
	t->base = base;
	t->irq = irq;
	t->be = be;
	t->opaque = opaque;
	t->config_size = config_size;
	if (config_size)
		memcpy(t->config, config, config_size);
	virtio_mmio_reset(t);
	if (!mem_add_mmio(mem, be->name, base, VIRTIO_MMIO_SIZE, &virtio_mmio_ops, t)) {
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

void virtio_mmio_free(struct virtio_mmio *t)
{
	free(t);
}

/* ------------------------------------------------------ split virtqueues */

/* The queue, if the device may use it now (section 2.1.2: not before DRIVER_OK). */
static struct virtq *live_queue(struct virtio_mmio *t, unsigned queue)
{
	if (t->broken || (t->status & STATUS_LIVE) != STATUS_LIVE || queue >= t->be->n_queues ||
	    !t->q[queue].ready)
		return NULL;
	return &t->q[queue];
}

static bool read_le16(struct virtio_mmio *t, uint64_t gpa, uint16_t *v)
{
	uint8_t b[2];
	if (!mem_host_read(t->mem, gpa, b, sizeof(b)))
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
static bool walk_chain(struct virtio_mmio *t, const struct virtq *q, uint16_t head,
		       struct virtq_chain *c)
{
	uint64_t table = q->desc;
	uint32_t size = q->num, steps = 0, i = head;
	bool indirect = false;
	c->head = head;
	c->n_out = c->n_in = 0;
	c->out_len = c->in_len = 0;
	for (;;) {
		uint8_t d[DESC_SIZE];
		if (++steps > size)
			return fail(t, "descriptor chain loops");
		if (table > UINT64_MAX - DESC_SIZE * (uint64_t)i ||
		    !mem_host_read(t->mem, table + DESC_SIZE * (uint64_t)i, d, sizeof(d)))
			return fail(t, "descriptor outside guest memory");
		uint64_t addr = virtio_le_get(d, 8);
		uint32_t len = (uint32_t)virtio_le_get(d + 8, 4);
		uint16_t flags = (uint16_t)virtio_le_get(d + 12, 2);
		uint16_t next = (uint16_t)virtio_le_get(d + 14, 2);
		if (flags & DESC_F_INDIRECT) {
			/* Section 2.7.5.3.1's driver requirements, which the device checks. */
			if (!(t->driver_features & VIRTIO_F_INDIRECT_DESC))
				return fail(t, "indirect descriptor without VIRTIO_F_INDIRECT_DESC");
			if (indirect)
				return fail(t, "indirect descriptor inside an indirect table");
			if (flags & DESC_F_NEXT)
				return fail(t, "indirect descriptor with NEXT set");
			if (!len || len % DESC_SIZE)
				return fail(t, "indirect table length not a multiple of 16");
			table = addr;
			size = len / DESC_SIZE;
			indirect = true;
			i = steps = 0;
			continue;
		}
		unsigned n = c->n_out + c->n_in;
		if (n == VIRTIO_QUEUE_MAX)
			return fail(t, "descriptor chain longer than the queue size");
		if (flags & DESC_F_WRITE) {
			c->n_in++;
			c->in_len += len;
		} else if (c->n_in) {
			return fail(t, "device-readable descriptor after a device-writable one");
		} else {
			c->n_out++;
			c->out_len += len;
		}
		c->seg[n] = (struct virtq_seg){ .addr = addr, .len = len };
		if (!(flags & DESC_F_NEXT))
			return true;
		if (next >= size)
			return fail(t, "next descriptor index out of range");
		i = next;
	}
}

/* Section 2.7.6 "The Virtqueue Available Ring". */
bool virtq_pop(struct virtio_mmio *t, unsigned queue, struct virtq_chain *c)
{
	struct virtq *q = live_queue(t, queue);
	if (!q)
		return false;
	uint16_t idx, head;
	if (!read_le16(t, q->avail + 2, &idx))
		return fail(t, "available ring unreadable");
	uint16_t waiting = (uint16_t)(idx - q->last_avail);
	if (!waiting)
		return false;
	if (waiting > q->num)
		return fail(t, "available index ahead by more than the queue size");
	if (!read_le16(t, q->avail + 4 + 2ull * (q->last_avail % q->num), &head))
		return fail(t, "available ring unreadable");
	if (head >= q->num)
		return fail(t, "descriptor index out of range");
	q->last_avail++;
	return walk_chain(t, q, head, c);
}

void virtq_serve(struct virtio_mmio *t, unsigned queue, virtq_step_fn step)
{
	struct virtq *q = live_queue(t, queue);
	t->deferred &= ~(1u << queue);
	if (!q)
		return;
	uint64_t budget = t->be->work_per_notify;
	while (budget) {
		if (!q->busy) {
			if (!virtq_pop(t, queue, &q->job.chain))
				return;
			q->busy = true;
			q->job.done = 0;
			q->job.begun = false;
		}
		if (step(t->opaque, t, queue, &q->job, &budget) || t->broken)
			q->busy = false;
		if (t->broken)
			return;
	}
	uint16_t idx;
	if (q->busy || (read_le16(t, q->avail + 2, &idx) && idx != q->last_avail))
		t->deferred |= 1u << queue;
}

void virtio_mmio_resume(struct virtio_mmio *t)
{
	uint32_t d = t->deferred;
	t->deferred = 0;
	for (unsigned queue = 0; d; queue++, d >>= 1)
		if (d & 1)
			t->be->notify(t->opaque, t, queue);
}

bool virtio_mmio_busy(const struct virtio_mmio *t)
{
	return t->deferred != 0;
}

/* Section 2.7.8 "The Virtqueue Used Ring", section 2.7.7 for the interrupt suppression. */
void virtq_push(struct virtio_mmio *t, unsigned queue, const struct virtq_chain *c,
		uint32_t written)
{
	struct virtq *q = live_queue(t, queue);
	if (!q)
		return;
	if (written > c->in_len)
		written = (uint32_t)c->in_len;
	uint8_t elem[8], idx[2];
	virtio_le_put(elem, 4, c->head);
	virtio_le_put(elem + 4, 4, written);
	virtio_le_put(idx, 2, (uint16_t)(q->used_idx + 1));
	/* The element (len included) first, then the index that publishes it (section 2.7.8.2). */
	if (!mem_host_write(t->mem, q->used + 4 + 8ull * (q->used_idx % q->num), elem, sizeof(elem)) ||
	    !mem_host_write(t->mem, q->used + 2, idx, sizeof(idx))) {
		fail(t, "used ring not writable");
		return;
	}
	q->used_idx++;
	uint16_t flags;
	if (read_le16(t, q->avail, &flags) && (flags & AVAIL_F_NO_INTERRUPT))
		return;
	raise(t, INT_USED_BUFFER);
}

/*
 * Copy between buf and the bytes [off, off+len) of one part of the chain, a
 * buffer at a time, through the host's accessor.
 */
static bool copy_chain(struct virtio_mmio *t, const struct virtq_chain *c, bool to_guest,
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
		bool ok = to_guest ? mem_host_write(t->mem, g->addr + off, buf, n)
				   : mem_host_read(t->mem, g->addr + off, buf, n);
		if (!ok)
			return false;
		buf += n;
		len -= n;
		off = 0;
	}
	return len == 0;
}

bool virtq_read(struct virtio_mmio *t, const struct virtq_chain *c, uint64_t off, void *buf,
		size_t len)
{
	return copy_chain(t, c, false, off, buf, len);
}

bool virtq_write(struct virtio_mmio *t, const struct virtq_chain *c, uint64_t off,
		 const void *buf, size_t len)
{
	/* copy_chain only reads buf when copying to the guest */
	return copy_chain(t, c, true, off, (uint8_t *)buf, len);
}

/*
 * The transport: its registers, each queue's rings and the job a backend
 * had in progress when a quantum cut it short (virtq_job: the chain and
 * how far it got), so a restored device resumes where it was.
 */
void virtio_mmio_snapshot(struct virtio_mmio *t, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct virtio_mmio, irq_level), SNAP_FIELD(struct virtio_mmio, config),
		SNAP_FIELD(struct virtio_mmio, status), SNAP_FIELD(struct virtio_mmio, isr),
		SNAP_FIELD(struct virtio_mmio, device_features_sel),
		SNAP_FIELD(struct virtio_mmio, driver_features_sel),
		SNAP_FIELD(struct virtio_mmio, queue_sel),
		SNAP_FIELD(struct virtio_mmio, driver_features),
		SNAP_FIELD(struct virtio_mmio, deferred), SNAP_FIELD(struct virtio_mmio, q),
	};
	snap_section(s, "virtio-mmio");
	snap_fields(s, t, f, SNAP_N(f));
	uint8_t broken = t->broken != NULL;
	snap_val(s, broken);
	if (s->loading)
		t->broken = broken ? "the device was broken when the snapshot was taken" : NULL;
	for (unsigned i = 0; i < VIRTIO_MMIO_MAX_QUEUES; i++) {
		const struct virtq_chain *c = &t->q[i].job.chain;
		snap_check(s, (uint64_t)c->n_out + c->n_in, VIRTIO_QUEUE_MAX + 1, "virtqueue chain");
	}
}
