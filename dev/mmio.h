/*
 * Helpers shared by the device models' MMIO decoders.
 *
 * The guest may access a register file with any size (1, 2, 4 or 8) at any
 * offset, aligned or not. Each device describes its registers as naturally
 * aligned words of one width (4 or 8 bytes) and these helpers cut an access
 * into the words it touches: a read returns the bytes it covers, a write
 * passes each word the value and a byte mask of the lanes written, so that
 * read/write registers merge and write-1-to-set/clear registers act only on
 * the bits written. Every device therefore treats odd accesses the same way
 * and never has to trust the access size.
 */
#ifndef HVSIM_DEV_MMIO_H
#define HVSIM_DEV_MMIO_H

#include <stdint.h>

/* Read the whole word at word-aligned offset `off`. */
typedef uint64_t (*dev_word_read_fn)(void *dev, uint64_t off);
/* Write the lanes of `val` selected by `mask` into the word at `off`. */
typedef void (*dev_word_write_fn)(void *dev, uint64_t off, uint64_t val, uint64_t mask);

/* width is 4 or 8; size 1-8 (anything else reads 0 / is ignored). */
uint64_t dev_mmio_read(void *dev, uint64_t off, unsigned size, unsigned width,
		       dev_word_read_fn rd);
void dev_mmio_write(void *dev, uint64_t off, unsigned size, uint64_t val, unsigned width,
		    dev_word_write_fn wr);

/* A read/write register's new value after a masked write. */
static inline uint64_t dev_merge(uint64_t old, uint64_t val, uint64_t mask)
{
	return (old & ~mask) | (val & mask);
}

/*
 * Registers of one byte each (routing tables) read and written as words:
 * `width` bytes of `a` as a little-endian word, and a masked write of them.
 */
static inline uint64_t dev_bytes_read(const uint8_t *a, unsigned width)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)a[i] << (8 * i);
	return v;
}

static inline void dev_bytes_write(uint8_t *a, unsigned width, uint64_t val, uint64_t mask)
{
	for (unsigned i = 0; i < width; i++)
		if (mask & (0xffull << (8 * i)))
			a[i] = (uint8_t)(val >> (8 * i));
}

#endif
