/*
 * virtio console device (VIRTIO 1.2 section 5.3 "Console Device"), one port,
 * see virtio_console.h.
 */
#include <stdlib.h>

#include "dev/virtio_console.h"
#include "dev/virtio_mmio.h"
#include "mem/snap.h"

/* Section 5.3.2 "Virtqueues": port 0's pair, the only queues without MULTIPORT. */
enum { RECEIVEQ = 0, TRANSMITQ = 1, N_QUEUES = 2 };
#define CHUNK 4096

struct virtio_console {
	void (*out)(void *opaque, uint8_t byte);
	void *out_opaque;
	struct virtio_mmio *t;
	struct virtq_chain chain;
	uint8_t buf[CHUNK];
};

/*
 * One step of a transmit buffer: its readable part, in order, until a read
 * fails (not RAM). A guest console prints little at a time, so the bound
 * only ever cuts a hostile chain.
 */
#define WORK_PER_NOTIFY (64 * 1024)

static bool transmit(void *opaque, struct virtio_mmio *t, unsigned queue, struct virtq_job *j,
		     uint64_t *budget)
{
	struct virtio_console *c = opaque;
	uint64_t len = j->chain.out_len;
	while (j->done < len && *budget) {
		size_t n = virtq_piece(len - j->done, *budget, CHUNK);
		if (!virtq_read(t, &j->chain, j->done, c->buf, n))
			break;
		if (c->out)
			for (size_t i = 0; i < n; i++)
				c->out(c->out_opaque, c->buf[i]);
		j->done += n;
		*budget -= n;
	}
	if (j->done < len && *budget == 0)
		return false;
	virtq_push(t, queue, &j->chain, 0);
	return true;
}

/* Receive buffers wait for input (virtio_console_input); transmit buffers go out now. */
static void console_notify(void *opaque, struct virtio_mmio *t, unsigned queue)
{
	if (queue == TRANSMITQ)
		virtq_serve(t, TRANSMITQ, transmit);
}

static const struct virtio_backend console_backend = {
	.name = "virtio-console",
	.device_id = VIRTIO_ID_CONSOLE,
	.n_queues = N_QUEUES,
	.notify = console_notify,
	.work_per_notify = WORK_PER_NOTIFY,
};

size_t virtio_console_input(struct virtio_console *c, const uint8_t *buf, size_t len)
{
	size_t done = 0;
	while (done < len && virtq_pop(c->t, RECEIVEQ, &c->chain)) {
		size_t n = len - done < c->chain.in_len ? len - done : (size_t)c->chain.in_len;
		if (!virtq_write(c->t, &c->chain, 0, buf + done, n))
			n = 0;
		virtq_push(c->t, RECEIVEQ, &c->chain, (uint32_t)n);
		done += n;
	}
	return done;
}

struct virtio_console *virtio_console_new(struct mem_space *mem, uint64_t base,
					  struct dev_irq irq,
					  void (*out)(void *opaque, uint8_t byte), void *out_opaque)
{
	struct virtio_console *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->out = out;
	c->out_opaque = out_opaque;
	c->t = virtio_mmio_new(mem, base, irq, &console_backend, c, NULL, 0);
	if (!c->t) {
		free(c);
		return NULL;
	}
	return c;
}

struct virtio_mmio *virtio_console_transport(const struct virtio_console *c)
{
	return c->t;
}

void virtio_console_free(struct virtio_console *c)
{
	if (!c)
		return;
	virtio_mmio_free(c->t);
	free(c);
}

void virtio_console_snapshot(struct virtio_console *c, struct snap *s)
{
	virtio_mmio_snapshot(c->t, s);
}
