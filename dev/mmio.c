/*
 * Cutting guest MMIO accesses into register-sized words (see mmio.h).
 */
#include <stdbool.h>

#include "dev/mmio.h"

static uint64_t lanes(unsigned bytes)
{
	return bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

static bool valid(unsigned size, unsigned width)
{
	return size >= 1 && size <= 8 && (width == 4 || width == 8);
}

/*
 * The part of the access [off, off+size) that starts at its byte `done`:
 * the word it falls in, its first byte in that word, and how many bytes.
 */
static unsigned piece(uint64_t off, unsigned size, unsigned width, unsigned done,
		      uint64_t *word, unsigned *lane)
{
	uint64_t a = off + done;
	*word = a & ~(uint64_t)(width - 1);
	*lane = (unsigned)(a - *word);
	unsigned room = width - *lane;
	return room < size - done ? room : size - done;
}

uint64_t dev_mmio_read(void *dev, uint64_t off, unsigned size, unsigned width,
		       dev_word_read_fn rd)
{
	if (!valid(size, width))
		return 0;
	uint64_t out = 0, w;
	unsigned lane, n;
	for (unsigned done = 0; done < size; done += n) {
		n = piece(off, size, width, done, &w, &lane);
		out |= ((rd(dev, w) >> (8 * lane)) & lanes(n)) << (8 * done);
	}
	return out;
}

void dev_mmio_write(void *dev, uint64_t off, unsigned size, uint64_t val, unsigned width,
		    dev_word_write_fn wr)
{
	if (!valid(size, width))
		return;
	uint64_t w;
	unsigned lane, n;
	for (unsigned done = 0; done < size; done += n) {
		n = piece(off, size, width, done, &w, &lane);
		wr(dev, w, ((val >> (8 * done)) & lanes(n)) << (8 * lane), lanes(n) << (8 * lane));
	}
}
