/*
 * What the files of mem/ share and nobody else may call.
 */
#ifndef HVSIM_MEM_INTERNAL_H
#define HVSIM_MEM_INTERNAL_H

#include "mem/mem.h"

/*
 * The ciphertext of len bytes of private RAM at gpa (within region r and
 * one page), as a party without the guest's key reads them (host.c).
 */
void mem_cipher_read(const struct mem_space *s, const struct mem_region *r, uint64_t gpa,
		     uint8_t *out, size_t len);

/*
 * The record of page i of RAM/ROM region r, set up on first use (see
 * struct mem_region). Every access to r->pages goes through here.
 */
struct mem_page *mem_region_page(struct mem_region *r, uint64_t i);

/* Page i of RAM/ROM region r is touched (mem_touched): one bit, written only when it changes. */
static inline void mem_touch_page(struct mem_region *r, uint64_t i)
{
	uint64_t bit = 1ull << (i % 64);
	if (!(r->touched[i / 64] & bit))
		r->touched[i / 64] |= bit;
}

/* Records per chunk of struct mem_region's lazy set-up: one host page of them. */
#define MEM_RECORDS_PER_CHUNK (4096 / sizeof(struct mem_page))

/* Is the chunk of r that holds record i set up? */
static inline bool mem_chunk_ready(const struct mem_region *r, uint64_t i)
{
	uint64_t c = i / MEM_RECORDS_PER_CHUNK;
	return (r->ready[c / 64] >> (c % 64)) & 1;
}

/* One past the last record of the chunk of r that holds record i. */
static inline uint64_t mem_chunk_end(const struct mem_region *r, uint64_t i)
{
	uint64_t end = (i / MEM_RECORDS_PER_CHUNK + 1) * MEM_RECORDS_PER_CHUNK;
	return end < r->size >> MEM_PAGE_BITS ? end : r->size >> MEM_PAGE_BITS;
}

#endif
