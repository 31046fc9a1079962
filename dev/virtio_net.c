/*
 * virtio network device (VIRTIO 1.2 section 5.1), see virtio_net.h.
 * Frames are read and written as byte streams of their chains (section
 * 2.7.4 "Message Framing"): the header first, the frame right after it.
 */
#include <stdlib.h>
#include <string.h>

#include "dev/virtio_mmio.h"
#include "dev/virtio_net.h"
#include "mem/snap.h"

/* Section 5.1.3 "Feature bits". */
#define VIRTIO_NET_F_MAC (1ull << 5)
#define VIRTIO_NET_F_STATUS (1ull << 16)

/* Section 5.1.2 "Virtqueues": receiveq1, transmitq1 (no control queue without CTRL_VQ). */
enum { RX_QUEUE = 0, TX_QUEUE = 1 };

/* Section 5.1.4 "Device configuration layout": mac, then status (VIRTIO_NET_S_LINK_UP). */
enum { CFG_MAC = 0, CFG_STATUS = 6, CFG_SIZE = 8 };
#define LINK_UP 1

/* Header field num_buffers (section 5.1.6): 1 for a frame in one buffer. */
#define HDR_NUM_BUFFERS 10

/* A full transmit queue of largest frames per call: the guest never waits for more than that. */
#define WORK_PER_NOTIFY ((uint64_t)VIRTIO_QUEUE_MAX * (VIRTIO_NET_HDR_SIZE + VIRTIO_NET_MAX_FRAME))

struct frame {
	uint16_t len;
	uint8_t data[VIRTIO_NET_MAX_FRAME];
};

struct virtio_net {
	struct virtio_mmio *t;
	virtio_net_tx_fn tx;
	void *opaque;
	/* Frames for the guest: a ring, `head` the oldest, `count` of them. */
	struct frame backlog[VIRTIO_NET_RX_BACKLOG];
	unsigned head, count;
	uint64_t dropped;
	uint8_t buf[VIRTIO_NET_HDR_SIZE + VIRTIO_NET_MAX_FRAME];
};

/*
 * One frame into the next receive buffer. False when there is none (the
 * frame waits). A frame that cannot be delivered into the buffer taken is
 * dropped and the buffer goes back unused.
 */
static bool deliver(struct virtio_net *n, const uint8_t *frame, size_t len)
{
	struct virtq_chain c;
	if (!virtq_pop(n->t, RX_QUEUE, &c))
		return false;
	if (!c.n_in) {
		virtio_mmio_set_broken(n->t, "virtio-net receive buffer with no device-writable part");
		return false;
	}
	uint8_t hdr[VIRTIO_NET_HDR_SIZE] = { 0 };
	virtio_le_put(hdr + HDR_NUM_BUFFERS, 2, 1);
	uint32_t written = 0;
	if (c.in_len >= VIRTIO_NET_HDR_SIZE + len &&
	    virtq_write(n->t, &c, 0, hdr, sizeof(hdr)) &&
	    virtq_write(n->t, &c, VIRTIO_NET_HDR_SIZE, frame, len))
		written = (uint32_t)(VIRTIO_NET_HDR_SIZE + len);
	else
		n->dropped++;
	virtq_push(n->t, RX_QUEUE, &c, written);
	return true;
}

/* The backlog, oldest first, while receive buffers last. */
static void drain(struct virtio_net *n)
{
	while (n->count) {
		const struct frame *f = &n->backlog[n->head];
		if (!deliver(n, f->data, f->len))
			return;
		n->head = (n->head + 1) % VIRTIO_NET_RX_BACKLOG;
		n->count--;
	}
}

bool virtio_net_receive(struct virtio_net *n, const uint8_t *frame, size_t len)
{
	if (len > VIRTIO_NET_MAX_FRAME || n->count == VIRTIO_NET_RX_BACKLOG) {
		n->dropped++;
		return false;
	}
	struct frame *f = &n->backlog[(n->head + n->count) % VIRTIO_NET_RX_BACKLOG];
	f->len = (uint16_t)len;
	memcpy(f->data, frame, len);
	n->count++;
	drain(n);
	return true;
}

/*
 * One transmitted frame (section 5.1.6.2): the header, which asks for no
 * offload since none was offered, then the frame, handed on whole.
 */
static bool transmit(void *opaque, struct virtio_mmio *t, unsigned queue, struct virtq_job *j,
		     uint64_t *budget)
{
	struct virtio_net *n = opaque;
	const struct virtq_chain *c = &j->chain;
	if (c->out_len < VIRTIO_NET_HDR_SIZE) {
		virtio_mmio_set_broken(t, "virtio-net transmit buffer shorter than its header");
		return true;
	}
	uint64_t len = c->out_len - VIRTIO_NET_HDR_SIZE;
	if (len <= VIRTIO_NET_MAX_FRAME && virtq_read(t, c, VIRTIO_NET_HDR_SIZE, n->buf, (size_t)len))
		n->tx(n->opaque, n->buf, (size_t)len);
	else
		n->dropped++;
	uint64_t cost = VIRTIO_NET_HDR_SIZE + (len < VIRTIO_NET_MAX_FRAME ? len : VIRTIO_NET_MAX_FRAME);
	*budget -= cost < *budget ? cost : *budget;
	virtq_push(t, queue, c, 0);
	return true;
}

static void net_notify(void *opaque, struct virtio_mmio *t, unsigned queue)
{
	struct virtio_net *n = opaque;
	if (queue == TX_QUEUE)
		virtq_serve(t, queue, transmit);
	else
		drain(n);
}

static const struct virtio_backend net_backend = {
	.name = "virtio-net",
	.device_id = VIRTIO_ID_NET,
	.features = VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS,
	.n_queues = 2,
	.notify = net_notify,
	.work_per_notify = WORK_PER_NOTIFY,
};

struct virtio_net *virtio_net_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
				  const uint8_t mac[6], virtio_net_tx_fn tx, void *opaque)
{
	struct virtio_net *n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->tx = tx;
	n->opaque = opaque;
	uint8_t cfg[CFG_SIZE] = { 0 };
	memcpy(cfg + CFG_MAC, mac, 6);
	virtio_le_put(cfg + CFG_STATUS, 2, LINK_UP);
	n->t = virtio_mmio_new(mem, base, irq, &net_backend, n, cfg, sizeof(cfg));
	if (!n->t) {
		free(n);
		return NULL;
	}
	return n;
}

void virtio_net_resume(struct virtio_net *n)
{
	drain(n);
}

uint64_t virtio_net_dropped(const struct virtio_net *n)
{
	return n->dropped;
}

unsigned virtio_net_backlog(const struct virtio_net *n)
{
	return n->count;
}

struct virtio_mmio *virtio_net_transport(const struct virtio_net *n)
{
	return n->t;
}

void virtio_net_free(struct virtio_net *n)
{
	if (!n)
		return;
	virtio_mmio_free(n->t);
	free(n);
}

void virtio_net_snapshot(struct virtio_net *n, struct snap *s)
{
	virtio_mmio_snapshot(n->t, s);
	snap_section(s, "virtio-net");
	snap_val(s, n->backlog);
	snap_val(s, n->head);
	snap_val(s, n->count);
	snap_val(s, n->dropped);
	snap_check(s, n->head, VIRTIO_NET_RX_BACKLOG, "virtio-net backlog head");
	snap_check(s, n->count, VIRTIO_NET_RX_BACKLOG + 1, "virtio-net backlog count");
	for (unsigned i = 0; i < VIRTIO_NET_RX_BACKLOG; i++)
		snap_check(s, n->backlog[i].len, VIRTIO_NET_MAX_FRAME + 1, "virtio-net frame length");
}
