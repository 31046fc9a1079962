/*
 * Guard pages around guest memory for the fuzz harnesses (see fuzz.h).
 */
#define _GNU_SOURCE
#include <sys/mman.h>

#include "tests/fuzz/fuzz.h"

#define GUARD 4096ull

static size_t round_page(size_t n)
{
	return (n + GUARD - 1) & ~(size_t)(GUARD - 1);
}

/* Move the mapping [*p, *p + len) between two PROT_NONE pages. */
static void guard_mapping(void **p, size_t len)
{
	len = round_page(len);
	uint8_t *area = mmap(NULL, len + 2 * GUARD, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	FUZZ_CHECK(area != MAP_FAILED);
	void *moved = mremap(*p, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, area + GUARD);
	FUZZ_CHECK(moved == area + GUARD);
	*p = moved;
}

static void unguard_mapping(void *p, size_t len)
{
	munmap((uint8_t *)p - GUARD, GUARD);
	munmap((uint8_t *)p + round_page(len), GUARD);
}

static size_t pages_bytes(const struct mem_region *r)
{
	return (r->size >> MEM_PAGE_BITS) * sizeof(struct mem_page);
}

void fuzz_guard_ram(struct mem_space *mem)
{
	for (int i = 0; i < mem->n_regions; i++) {
		struct mem_region *r = &mem->regions[i];
		if (!r->host)
			continue;
		void *p = r->host;
		guard_mapping(&p, r->size);
		r->host = p;
		p = r->pages;
		guard_mapping(&p, pages_bytes(r));
		r->pages = p;
	}
}

void fuzz_unguard_ram(struct mem_space *mem)
{
	for (int i = 0; i < mem->n_regions; i++) {
		struct mem_region *r = &mem->regions[i];
		if (!r->host)
			continue;
		unguard_mapping(r->host, r->size);
		unguard_mapping(r->pages, pages_bytes(r));
	}
}
