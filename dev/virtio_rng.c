/*
 * virtio entropy device (VIRTIO 1.2 section 5.4 "Entropy Device"), see
 * virtio_rng.h.
 *
 * Byte i of the stream is byte i % 8 of splitmix64's output for counter
 * i / 8 (a counter-based generator: the stream is a function of the seed and
 * the position alone). The stream moves on only by the bytes the guest
 * received, so what the guest sees is always a prefix of it.
 */
#include <stdlib.h>

#include "dev/virtio_mmio.h"
#include "dev/virtio_rng.h"
#include "mem/snap.h"

/*
 * Section 5.4.6.2: the device may fill less than the whole buffer. Capping a
 * request bounds the work a hostile chain of huge buffers can ask for.
 */
#define MAX_REQUEST (64 * 1024)
/* Four whole requests per call: a full queue of them takes 64 calls. */
#define WORK_PER_NOTIFY (4 * MAX_REQUEST)
#define CHUNK 4096

struct virtio_rng {
	uint64_t seed;
	uint64_t pos;              /* bytes of the stream handed out */
	struct virtio_mmio *t;
	uint8_t buf[CHUNK];
};

/* splitmix64 (Steele, Lea, Flood 2014): the counter's word of the stream. */
static uint64_t stream_word(uint64_t seed, uint64_t counter)
{
	uint64_t x = seed + (counter + 1) * 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static void fill(const struct virtio_rng *r, uint64_t pos, uint8_t *out, size_t len)
{
	for (size_t i = 0; i < len; i++, pos++)
		out[i] = (uint8_t)(stream_word(r->seed, pos / 8) >> (8 * (pos % 8)));
}

/*
 * One step of a request: as much of its writable part as the cap allows,
 * until a write is refused.
 */
static bool handle(void *opaque, struct virtio_mmio *t, unsigned queue, struct virtq_job *j,
		   uint64_t *budget)
{
	struct virtio_rng *r = opaque;
	uint64_t want = j->chain.in_len < MAX_REQUEST ? j->chain.in_len : MAX_REQUEST;
	while (j->done < want && *budget) {
		size_t n = virtq_piece(want - j->done, *budget, CHUNK);
		fill(r, r->pos + j->done, r->buf, n);
		if (!virtq_write(t, &j->chain, j->done, r->buf, n))
			break;
		j->done += n;
		*budget -= n;
	}
	if (j->done < want && *budget == 0)
		return false;
	r->pos += j->done;
	virtq_push(t, queue, &j->chain, (uint32_t)j->done);
	return true;
}

static void rng_notify(void *opaque, struct virtio_mmio *t, unsigned queue)
{
	virtq_serve(t, queue, handle);
}

static const struct virtio_backend rng_backend = {
	.name = "virtio-rng",
	.device_id = VIRTIO_ID_RNG,
	.n_queues = 1,             /* requestq */
	.notify = rng_notify,
	.work_per_notify = WORK_PER_NOTIFY,
};

struct virtio_rng *virtio_rng_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
				  uint64_t seed)
{
	struct virtio_rng *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->seed = seed;
	r->t = virtio_mmio_new(mem, base, irq, &rng_backend, r, NULL, 0);
	if (!r->t) {
		free(r);
		return NULL;
	}
	return r;
}

struct virtio_mmio *virtio_rng_transport(const struct virtio_rng *r)
{
	return r->t;
}

void virtio_rng_free(struct virtio_rng *r)
{
	if (!r)
		return;
	virtio_mmio_free(r->t);
	free(r);
}

void virtio_rng_snapshot(struct virtio_rng *r, struct snap *s)
{
	virtio_mmio_snapshot(r->t, s);
	snap_section(s, "virtio-rng");
	snap_val(s, r->pos);
}
