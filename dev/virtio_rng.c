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

/*
 * Section 5.4.6.2: the device may fill less than the whole buffer. Capping a
 * request bounds the work a hostile chain of huge buffers can ask for.
 */
#define MAX_REQUEST (64 * 1024)
#define CHUNK 4096

struct virtio_rng {
	uint64_t seed;
	uint64_t pos;              /* bytes of the stream handed out */
	struct virtio_mmio *t;
	struct virtq_chain chain;
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

/* One request: as much of its writable part as the cap allows, until a write is refused. */
static void handle(struct virtio_rng *r)
{
	uint64_t want = r->chain.in_len < MAX_REQUEST ? r->chain.in_len : MAX_REQUEST;
	uint64_t done = 0;
	while (done < want) {
		size_t n = want - done < CHUNK ? (size_t)(want - done) : CHUNK;
		fill(r, r->pos + done, r->buf, n);
		if (!virtq_write(r->t, &r->chain, done, r->buf, n))
			break;
		done += n;
	}
	r->pos += done;
	virtq_push(r->t, 0, &r->chain, (uint32_t)done);
}

static void rng_notify(void *opaque, struct virtio_mmio *t, unsigned queue)
{
	struct virtio_rng *r = opaque;
	while (virtq_pop(t, queue, &r->chain))
		handle(r);
}

static const struct virtio_backend rng_backend = {
	.name = "virtio-rng",
	.device_id = VIRTIO_ID_RNG,
	.n_queues = 1,             /* requestq */
	.notify = rng_notify,
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

void virtio_rng_free(struct virtio_rng *r)
{
	if (!r)
		return;
	virtio_mmio_free(r->t);
	free(r);
}
