/*
 * The host's accessor: what devices, DMA engines, loaders and debuggers see
 * of guest memory. A private page reads as deterministic pseudo-ciphertext,
 * as memory encrypted with a key the host does not have would; a host write
 * to it is refused and counted, as an RMP/SEPT/pKVM stage-2 check refuses it.
 */
#include <string.h>

#include "mem/internal.h"

/* splitmix64's finaliser: a cheap, well-mixed keyed hash. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

/*
 * The ciphertext of the 8-byte word at `gpa` holding `plain`: it depends on
 * key, address and data, as with AES-XTS-style memory encryption, so equal
 * plaintexts at different addresses look different and a change shows.
 */
static uint64_t cipher_word(uint64_t key, uint64_t gpa, uint64_t plain)
{
	return mix64(key ^ mix64(gpa ^ mix64(plain + 0x9e3779b97f4a7c15ull)));
}

void mem_cipher_read(const struct mem_space *s, const struct mem_region *r, uint64_t gpa,
		     uint8_t *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint64_t a = gpa + i, w = a & ~7ull, plain;
		memcpy(&plain, r->host + (w - r->base), 8);
		uint64_t c = cipher_word(s->cipher_key, w, plain);
		out[i] = (uint8_t)(c >> (8 * (a & 7)));
	}
}

static bool observed(struct mem_space *s, uint64_t gpa, size_t len, bool is_write,
		     enum mem_host_outcome how)
{
	if (s->host_observer)
		s->host_observer(s->host_opaque, gpa, len, is_write, how);
	return how == MEM_HOST_PLAIN || how == MEM_HOST_CIPHERTEXT;
}

bool mem_host_read(struct mem_space *s, uint64_t gpa, void *buf, size_t len)
{
	uint8_t *out = buf;
	uint64_t start = gpa;
	size_t total = len;
	bool cipher = false;
	while (len) {
		struct mem_region *r = mem_find(s, gpa);
		if (!r || !r->host)
			return observed(s, start, total, false, MEM_HOST_NOWHERE);
		uint64_t off = gpa - r->base;
		size_t chunk = MEM_PAGE_SIZE - (gpa & (MEM_PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		const struct mem_page *p = mem_region_page(r, off >> MEM_PAGE_BITS);
		mem_touch_page(r, off >> MEM_PAGE_BITS);
		if (p->owner == MEM_SHARED) {
			memcpy(out, r->host + off, chunk);
		} else {
			mem_cipher_read(s, r, gpa, out, chunk);
			cipher = true;
		}
		out += chunk;
		gpa += chunk;
		len -= chunk;
	}
	return observed(s, start, total, false, cipher ? MEM_HOST_CIPHERTEXT : MEM_HOST_PLAIN);
}

/* Check a whole host write before doing any of it, so a refusal changes nothing. */
static enum mem_host_outcome host_may_write(struct mem_space *s, uint64_t gpa, size_t len,
					    bool loader)
{
	uint64_t end = gpa + len;
	if (end < gpa)
		return MEM_HOST_NOWHERE;
	for (uint64_t a = gpa & ~(MEM_PAGE_SIZE - 1); a < end; a += MEM_PAGE_SIZE) {
		struct mem_region *r = mem_find(s, a < gpa ? gpa : a);
		if (!r || !r->host)
			return MEM_HOST_NOWHERE;
		if (loader)
			continue;
		if (r->kind != MEM_RAM)
			return MEM_HOST_NOWHERE;
		if (mem_region_page(r, (a - (r->base & ~(MEM_PAGE_SIZE - 1))) >> MEM_PAGE_BITS)->owner != MEM_SHARED) {
			s->host_violations++;
			return MEM_HOST_REFUSED;
		}
	}
	return MEM_HOST_PLAIN;
}

static void copy_in(struct mem_space *s, uint64_t gpa, const uint8_t *in, size_t len)
{
	while (len) {
		struct mem_region *r = mem_find(s, gpa);
		uint64_t off = gpa - r->base;
		size_t chunk = MEM_PAGE_SIZE - (gpa & (MEM_PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		struct mem_page *p = mem_region_page(r, off >> MEM_PAGE_BITS);
		if ((p->flags & MEM_PF_CODE) && s->code_written)
			s->code_written(s->code_opaque, gpa & ~(MEM_PAGE_SIZE - 1));
		mem_touch_page(r, off >> MEM_PAGE_BITS);
		memcpy(r->host + off, in, chunk);
		in += chunk;
		gpa += chunk;
		len -= chunk;
	}
}

bool mem_host_write(struct mem_space *s, uint64_t gpa, const void *buf, size_t len)
{
	enum mem_host_outcome how = host_may_write(s, gpa, len, false);
	if (how == MEM_HOST_PLAIN)
		copy_in(s, gpa, buf, len);
	return observed(s, gpa, len, true, how);
}

bool mem_load(struct mem_space *s, uint64_t gpa, const void *buf, size_t len)
{
	if (host_may_write(s, gpa, len, true) != MEM_HOST_PLAIN)
		return false;
	copy_in(s, gpa, buf, len);
	if (s->loaded)
		s->loaded(s->loaded_opaque, gpa, len);
	return true;
}
