/*
 * hostview (see hostview.h): what the host sees of guest memory.
 */
#include <stdlib.h>

#include "dev/hostview.h"
#include "dev/mmio.h"
#include "mem/snap.h"

struct hostview {
	struct mem_space *mem;
	uint64_t addr;
	uint64_t status;
};

/* The 8 bytes at ADDR, little-endian, as the host reads them; 0 unless all are RAM/ROM. */
static uint64_t host_word(struct hostview *h)
{
	uint8_t buf[8];
	if (!mem_host_read(h->mem, h->addr, buf, sizeof(buf)))
		return 0;
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | buf[i];
	return v;
}

static uint64_t word_read(void *opaque, uint64_t off)
{
	struct hostview *h = opaque;
	switch (off) {
	case HOSTVIEW_ADDR: return h->addr;
	case HOSTVIEW_DATA: return host_word(h);
	case HOSTVIEW_STATUS: return h->status;
	default: return 0;
	}
}

/* Host-write the lanes of `val` that `mask` selects (one contiguous run) to ADDR+lane. */
static bool host_write(struct hostview *h, uint64_t val, uint64_t mask)
{
	unsigned first = (unsigned)__builtin_ctzll(mask) / 8;
	unsigned n = (unsigned)__builtin_popcountll(mask) / 8;
	uint8_t buf[8];
	for (unsigned i = 0; i < n; i++)
		buf[i] = (uint8_t)(val >> (8 * (first + i)));
	return mem_host_write(h->mem, h->addr + first, buf, n);
}

static void word_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct hostview *h = opaque;
	if (off == HOSTVIEW_ADDR)
		h->addr = dev_merge(h->addr, val, mask);
	else if (off == HOSTVIEW_WRITE)
		h->status = host_write(h, val, mask);
}

static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 8, word_read);
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 8, word_write);
}

static const struct mem_mmio_ops hostview_ops = { .read = mmio_read, .write = mmio_write };

struct hostview *hostview_new(struct mem_space *mem, uint64_t base)
{
	struct hostview *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->mem = mem;
	if (!mem_add_mmio(mem, "hostview", base, HOSTVIEW_MMIO_SIZE, &hostview_ops, h)) {
		free(h);
		return NULL;
	}
	return h;
}

void hostview_free(struct hostview *h)
{
	free(h);
}

void hostview_snapshot(struct hostview *h, struct snap *s)
{
	snap_section(s, "hostview");
	snap_val(s, h->addr);
	snap_val(s, h->status);
}
