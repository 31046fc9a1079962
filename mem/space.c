/*
 * An address space: its regions, and the page records of its RAM and ROM.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mem/internal.h"

const struct mem_req mem_host = { .kind = MEM_BY_HOST, .vcpu = -1 };

void mem_space_init(struct mem_space *s, enum mem_space_kind kind, uint64_t cipher_key)
{
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->cipher_key = cipher_key;
}

/* The size of the touched bits of n pages. */
static size_t touched_bytes(uint64_t n)
{
	return (n + 63) / 64 * sizeof(uint64_t);
}

void mem_space_free(struct mem_space *s)
{
	for (int i = 0; i < s->n_regions; i++) {
		struct mem_region *r = &s->regions[i];
		if (r->host)
			munmap(r->host, r->size);
		if (r->pages)
			munmap(r->pages, (r->size >> MEM_PAGE_BITS) * sizeof(struct mem_page));
		if (r->touched)
			munmap(r->touched, touched_bytes(r->size >> MEM_PAGE_BITS));
		free(r->guarded);
		free(r->ready);
	}
	s->n_regions = 0;
}

/* The host's transparent huge page size (x86-64 and arm64 with 4 KiB base pages). */
#define HOST_HUGE_PAGE (2ull << 20)

/*
 * Zeroed memory that costs neither memory nor swap until it is touched
 * (MAP_NORESERVE). `huge`: guest RAM and ROM, aligned to and advised onto
 * transparent huge pages, because guest loads wait on the host's TLB
 * (docs/performance.md, "Guest RAM on huge pages"); a touched page then
 * backs its whole 2 MiB, which is why mem/ records touched pages itself
 * (mem_touched) instead of asking the host. Otherwise (page records, the
 * touched bits) 4 KiB pages: they are touched sparsely, and a huge page
 * each would cost a 255 GiB guest hundreds of MiB at start-up. A kernel
 * without THP refuses the advice: nothing to change then.
 */
static void *map_zeroed(size_t bytes, bool huge)
{
	size_t slack = huge ? HOST_HUGE_PAGE : 0;
	uint8_t *p = mmap(NULL, bytes + slack, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (!huge) {
		(void)madvise(p, bytes, MADV_NOHUGEPAGE);
		return p;
	}
	/* Only a 2 MiB-aligned range can be a huge page: give back what lies around it. */
	uint8_t *a = (uint8_t *)(((uintptr_t)p + slack - 1) & ~(uintptr_t)(slack - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (p + slack > a)
		munmap(a + bytes, (size_t)(p + slack - a));
	(void)madvise(a, bytes, MADV_HUGEPAGE);
	return a;
}

static bool overlaps(struct mem_space *s, uint64_t base, uint64_t size)
{
	for (int i = 0; i < s->n_regions; i++) {
		const struct mem_region *r = &s->regions[i];
		if (base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

static struct mem_region *add_region(struct mem_space *s, const char *name,
				     enum mem_region_kind kind, uint64_t base, uint64_t size)
{
	if (s->n_regions == MEM_MAX_REGIONS || size == 0 || base + size < base ||
	    overlaps(s, base, size))
		return NULL;
	/* Keep regions sorted by base so lookups can stop early. */
	int i = s->n_regions;
	while (i > 0 && s->regions[i - 1].base > base) {
		s->regions[i] = s->regions[i - 1];
		i--;
	}
	s->n_regions++;
	struct mem_region *r = &s->regions[i];
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->kind = kind;
	r->base = base;
	r->size = size;
	return r;
}

static struct mem_region *add_backed(struct mem_space *s, const char *name,
				     enum mem_region_kind kind, uint64_t base, uint64_t size,
				     enum mem_owner initial)
{
	if (((base | size) & (MEM_PAGE_SIZE - 1)) || s->kind != MEM_SPACE_MEMORY)
		return NULL;
	uint64_t n = size >> MEM_PAGE_BITS;
	uint64_t chunks = (n + MEM_RECORDS_PER_CHUNK - 1) / MEM_RECORDS_PER_CHUNK;
	uint8_t *host = map_zeroed(size, true);
	struct mem_page *pages = map_zeroed(n * sizeof(struct mem_page), false);
	uint64_t *touched = map_zeroed(touched_bytes(n), false);
	uint64_t *ready = calloc((chunks + 63) / 64, sizeof(uint64_t));
	if (!host || !pages || !touched || !ready)
		goto fail;
	struct mem_region *r = add_region(s, name, kind, base, size);
	if (!r)
		goto fail;
	r->host = host;
	r->pages = pages;
	r->ready = ready;
	r->touched = touched;
	r->initial = (uint8_t)initial;
	r->first_page = s->n_pages;
	s->n_pages += n;
	return r;
fail:
	if (host)
		munmap(host, size);
	if (pages)
		munmap(pages, n * sizeof(struct mem_page));
	if (touched)
		munmap(touched, touched_bytes(n));
	free(ready);
	return NULL;
}

struct mem_region *mem_add_ram(struct mem_space *s, const char *name, uint64_t base,
			       uint64_t size, enum mem_owner initial)
{
	return add_backed(s, name, MEM_RAM, base, size, initial);
}

/* ROM is readable by the guest and shared with the host (it holds no secrets). */
struct mem_region *mem_add_rom(struct mem_space *s, const char *name, uint64_t base,
			       uint64_t size)
{
	return add_backed(s, name, MEM_ROM, base, size, MEM_SHARED);
}

struct mem_region *mem_add_mmio(struct mem_space *s, const char *name, uint64_t base,
				uint64_t size, const struct mem_mmio_ops *ops, void *opaque)
{
	struct mem_region *r = add_region(s, name, MEM_MMIO, base, size);
	if (r) {
		r->ops = ops;
		r->opaque = opaque;
	}
	return r;
}

bool mem_add_listener(struct mem_space *s, mem_listener_fn fn, void *opaque)
{
	if (s->n_listeners == MEM_MAX_LISTENERS)
		return false;
	s->listeners[s->n_listeners].fn = fn;
	s->listeners[s->n_listeners].opaque = opaque;
	s->n_listeners++;
	return true;
}

void mem_set_gate(struct mem_space *s, mem_gate_fn fn, void *opaque)
{
	s->gate = fn;
	s->gate_opaque = opaque;
}

/*
 * Every TLB fill and page-table descriptor read of a Linux boot comes here
 * (docs/performance.md), mostly for RAM, which lies above a board's dozens
 * of device regions. Regions do not overlap, so the region of the last
 * answer, if it holds pa, is the answer (whatever was added since); else
 * the only candidate is the last region starting at or below pa, as they
 * are sorted by base: a binary search.
 */
struct mem_region *mem_find(struct mem_space *s, uint64_t pa)
{
	if (s->last_found < s->n_regions) {
		struct mem_region *r = &s->regions[s->last_found];
		if (pa - r->base < r->size)
			return r;
	}
	int lo = 0, hi = s->n_regions;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (s->regions[mid].base <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	struct mem_region *r = &s->regions[lo - 1];
	if (pa - r->base >= r->size)
		return NULL;
	s->last_found = lo - 1;
	return r;
}

struct mem_page *mem_page_at(struct mem_space *s, uint64_t pa, uint64_t *index)
{
	struct mem_region *r = mem_find(s, pa);
	if (!r || !r->pages)
		return NULL;
	uint64_t i = (pa - r->base) >> MEM_PAGE_BITS;
	if (index)
		*index = r->first_page + i;
	return mem_region_page(r, i);
}

/* A record as the region's pages start: its initial ownership, flags and VMPL permissions. */
static struct mem_page initial_page(const struct mem_region *r)
{
	struct mem_page p = { .owner = r->initial, .flags = r->initial_flags };
	memcpy(p.vmpl_perm, r->initial_vmpl_perm, sizeof(p.vmpl_perm));
	return p;
}

/*
 * Set up the chunk of records holding record i: each starts as a page in
 * the region's initial ownership and flags, written whole
 * because a restored snapshot may leave stale records in a chunk it marks
 * not set up (mem_region_records_io).
 */
struct mem_page *mem_region_page(struct mem_region *r, uint64_t i)
{
	if (!mem_chunk_ready(r, i)) {
		uint64_t c = i / MEM_RECORDS_PER_CHUNK;
		for (uint64_t k = c * MEM_RECORDS_PER_CHUNK; k < mem_chunk_end(r, i); k++)
			r->pages[k] = initial_page(r);
		r->ready[c / 64] |= 1ull << (c % 64);
	}
	return &r->pages[i];
}

void mem_region_records_io(struct mem_region *r, void (*io)(void *ctx, void *p, size_t len),
			   void *ctx)
{
	uint64_t n = r->size >> MEM_PAGE_BITS;
	uint64_t chunks = (n + MEM_RECORDS_PER_CHUNK - 1) / MEM_RECORDS_PER_CHUNK;
	io(ctx, r->ready, (chunks + 63) / 64 * sizeof(uint64_t));
	for (uint64_t k = 0; k < n; k = mem_chunk_end(r, k))
		if (mem_chunk_ready(r, k))
			io(ctx, &r->pages[k], (mem_chunk_end(r, k) - k) * sizeof(struct mem_page));
}

void mem_touched(const struct mem_region *r, uint64_t i, uint64_t n, uint8_t *touched)
{
	for (uint64_t k = 0; k < n; k++)
		touched[k] = (r->touched[(i + k) / 64] >> ((i + k) % 64)) & 1;
}

void mem_touch(struct mem_region *r, uint64_t i, uint64_t n)
{
	for (uint64_t k = i; k < i + n; k++)
		mem_touch_page(r, k);
}

struct mem_page mem_region_peek(const struct mem_region *r, uint64_t i)
{
	if (!mem_chunk_ready(r, i))
		return initial_page(r);
	return r->pages[i];
}
