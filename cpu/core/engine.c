/*
 * The dispatch loop and the decode cache.
 *
 * A block is a run of pre-decoded ops from one guest-physical page, ending
 * at control flow, at a state-changing instruction, at the page end or at
 * CORE_BLOCK_MAX_OPS. Blocks are keyed by (guest-physical address, mode) and
 * are position independent (ops know their offset, not their address), so
 * one block serves every virtual alias of its page. A per-vCPU jump cache
 * maps virtual PCs to blocks; a hit is checked against the current TLB's
 * fetch entry (find_block), so TLB flushes leave it alone.
 */
#define _GNU_SOURCE   /* mremap */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/core/core.h"
#include "cpu/core/debug.h"

/* ------------------------------------------------------------- TLB */

static void tlb_empty(struct core_tlb_entry *e)
{
	e->tag_r = e->tag_w = e->tag_x = CORE_TLB_INVALID;
	e->pa = UINT64_MAX;
}

/* The slots of t that may hold an entry: n of them, slot k is tlb_used_slot(t, k). */
static unsigned tlb_used_count(const struct core_tlb *t)
{
	return t->n_used <= CORE_TLB_SIZE ? t->n_used : CORE_TLB_SIZE;
}

static unsigned tlb_used_slot(const struct core_tlb *t, unsigned k)
{
	return t->n_used <= CORE_TLB_SIZE ? t->used[k] : k;
}

static void tlb_clear(struct core_tlb *t)
{
	for (unsigned k = 0; k < tlb_used_count(t); k++)
		tlb_empty(&t->e[tlb_used_slot(t, k)]);
	t->n_used = 0;
}

/* Before filling entry e of t: list its slot if it was empty. */
static void tlb_note_fill(struct core_tlb *t, const struct core_tlb_entry *e)
{
	if (e->pa != UINT64_MAX)
		return;   /* filled already, so listed (or the list is incomplete) */
	if (t->n_used < CORE_TLB_SIZE)
		t->used[t->n_used] = (uint16_t)(e - t->e);
	if (t->n_used <= CORE_TLB_SIZE)
		t->n_used++;
}

static void jmp_clear(struct core_vcpu *v)
{
	memset(v->jmp, 0, CORE_JMP_SIZE * sizeof(*v->jmp));
}

/*
 * TLB flushes leave the jump cache alone: a jump-cache hit is checked
 * against the current TLB's fetch entry (find_block), so a stale virtual
 * mapping misses there instead.
 */
void core_tlb_flush_all(struct core_vcpu *v)
{
	for (unsigned m = 0; m < v->isa->tlb_regimes; m++)
		if (v->tlb_filled & (1u << m))
			tlb_clear(&v->tlbs[m]);
	v->tlb_filled = 0;
	v->tlb_large->unlisted = false;
	v->tlb_large->n = 0;
}

/*
 * Invalidation by address (core_tlb_invalidate_va) compares VA[55:0]: an
 * entry's tag keeps the top byte of the pointer that filled it, which the
 * ISA's translation may have ignored (arm64 TBI, D8.8 "Address tagging"),
 * while a TLBI names the translation, VA[55:12]. x86's canonical addresses
 * that agree in VA[55:47] agree in VA[63:56] too.
 */
#define VA_UNTAGGED 0x00ffffffffffffffull

/* Empty the entries whose page is va's in the bits of `mask`, in every regime. */
static void flush_page(struct core_vcpu *v, uint64_t va, uint64_t mask)
{
	uint64_t tag = va & CORE_PAGE_MASK & mask;
	for (unsigned m = 0; m < v->isa->tlb_regimes; m++) {
		struct core_tlb_entry *e = core_tlb_slot(&v->tlbs[m], va);
		if ((e->tag_r & mask) == tag || (e->tag_w & mask) == tag || (e->tag_x & mask) == tag)
			tlb_empty(e);
	}
}

void core_tlb_note_large(struct core_vcpu *v, uint64_t va, uint64_t size)
{
	struct core_tlb_large *l = v->tlb_large;
	if (!size)
		return;
	if (size == CORE_TLB_UNLISTED || l->unlisted) {
		l->unlisted = true;
		return;
	}
	uint64_t base = va & ~(size - 1);
	for (unsigned i = 0; i < l->n; i++)
		if (l->range[i].va == base && l->range[i].size == size)
			return;
	if (l->n == CORE_TLB_LARGE) {
		l->unlisted = true;
		return;
	}
	l->range[l->n].va = base;
	l->range[l->n].size = size;
	l->n++;
}

/*
 * A large mapping's pieces are spread over the tables' slots (a 2 MiB one
 * takes every slot of a 512-entry table), so dropping them is a full flush.
 */
void core_tlb_invalidate_va(struct core_vcpu *v, uint64_t va)
{
	const struct core_tlb_large *l = v->tlb_large;
	bool in_large = l->unlisted;
	for (unsigned i = 0; i < l->n && !in_large; i++)
		in_large = ((va ^ l->range[i].va) & ~(l->range[i].size - 1) & VA_UNTAGGED) == 0;
	if (in_large)
		core_tlb_flush_all(v);
	else
		flush_page(v, va, VA_UNTAGGED);
}

/*
 * The global entries stay, listed again in the table's used slots (an
 * incomplete list is rebuilt from every slot); the large mappings' list
 * stays too, as global pieces of them may.
 */
void core_tlb_flush_nonglobal(struct core_vcpu *v)
{
	for (unsigned m = 0; m < v->isa->tlb_regimes; m++) {
		struct core_tlb *t = &v->tlbs[m];
		if (!(v->tlb_filled & (1u << m)))
			continue;
		unsigned n = tlb_used_count(t), kept = 0;
		for (unsigned k = 0; k < n; k++) {
			unsigned slot = tlb_used_slot(t, k);
			struct core_tlb_entry *e = &t->e[slot];
			if (e->pa == UINT64_MAX)
				continue;
			if (!(t->global[slot / 64] & (1ull << (slot % 64)))) {
				tlb_empty(e);
				continue;
			}
			/* kept <= k: this overwrites a listing already read */
			t->used[kept++] = (uint16_t)slot;
		}
		t->n_used = kept;
		if (!kept)
			v->tlb_filled &= ~(1u << m);
	}
}

void core_tlb_flush_va(struct core_vcpu *v, uint64_t va)
{
	flush_page(v, va, ~0ull);
}

void core_tlb_flush_pa(struct core_vcpu *v, uint64_t pa)
{
	pa &= CORE_PAGE_MASK;
	for (unsigned m = 0; m < v->isa->tlb_regimes; m++) {
		struct core_tlb *t = &v->tlbs[m];
		for (unsigned k = 0; k < tlb_used_count(t) && (v->tlb_filled & (1u << m)); k++) {
			struct core_tlb_entry *e = &t->e[tlb_used_slot(t, k)];
			if (e->pa == pa)
				tlb_empty(e);
		}
	}
}

/* Entries that could write page pa lose write permission (code arrived there). */
static void tlb_protect_pa(struct core_vcpu *v, uint64_t pa)
{
	for (unsigned m = 0; m < v->isa->tlb_regimes; m++) {
		struct core_tlb *t = &v->tlbs[m];
		for (unsigned k = 0; k < tlb_used_count(t) && (v->tlb_filled & (1u << m)); k++) {
			struct core_tlb_entry *e = &t->e[tlb_used_slot(t, k)];
			if (e->pa == pa)
				e->tag_w = CORE_TLB_INVALID;
		}
	}
}

bool core_tlb_fill(struct core_vcpu *v, struct core_tlb *t, uint64_t va, uint64_t pa,
		   unsigned prot, bool for_write, enum mem_view view)
{
	bool writable;
	uint64_t page = pa & CORE_PAGE_MASK;
	struct mem_req who = v->req;
	who.view = (uint8_t)view;
	uint8_t *host = mem_guest_ptr(v->mem, &who, page, &writable);
	if (!host)
		return false;
	struct mem_page *mp = mem_page_at(v->mem, page, NULL);
	if (for_write && (mp->flags & MEM_PF_CODE))
		core_cache_invalidate_page(v->cache, page);
	if (!writable || (mp->flags & MEM_PF_CODE))
		prot &= ~CORE_PROT_W;
	if (core_hooked(v) && v->hooks->n_watch && core_watch_page(v->hooks, va))
		prot &= ~(CORE_PROT_R | CORE_PROT_W); /* watched: the slow path checks each access */
	struct core_tlb_entry *e = core_tlb_slot(t, va);
	uint64_t tag = va & CORE_PAGE_MASK;
	v->tlb_filled |= 1u << (t - v->tlbs);
	tlb_note_fill(t, e);
	e->tag_r = (prot & CORE_PROT_R) ? tag : CORE_TLB_INVALID;
	e->tag_w = (prot & CORE_PROT_W) ? tag : CORE_TLB_INVALID;
	e->tag_x = (prot & CORE_PROT_X) ? tag : CORE_TLB_INVALID;
	e->addend = (uintptr_t)host - (uintptr_t)tag;
	e->pa = page;
	unsigned slot = (unsigned)(e - t->e);
	if (prot & CORE_PROT_GLOBAL)
		t->global[slot / 64] |= 1ull << (slot % 64);
	else
		t->global[slot / 64] &= ~(1ull << (slot % 64));
	return true;
}

bool core_tlb_fill_access(struct core_vcpu *v, uint64_t va, uint64_t pa, unsigned prot,
			  enum mem_view view, uint8_t *data, unsigned size, bool is_write)
{
	if (!core_tlb_fill(v, v->tlb, va, pa, prot, is_write, view))
		return false;
	uint8_t *host = (uint8_t *)(uintptr_t)(va + core_tlb_slot(v->tlb, va)->addend);
	if (!is_write) {
		memcpy(data, host, size);
	} else {
		bool writable;
		struct mem_req who = v->req;
		who.view = (uint8_t)view;
		mem_guest_ptr(v->mem, &who, pa, &writable);
		if (writable)   /* writes to ROM are ignored */
			memcpy(host, data, size);
	}
	return true;
}

int core_access_split(struct core_vcpu *v, const struct core_op *op, uint64_t va, uint8_t *data,
		      unsigned size, bool is_write, core_page_access_fn page,
		      core_page_probe_fn probe, void *ctx)
{
	unsigned first = (unsigned)(CORE_PAGE_SIZE - (va & (CORE_PAGE_SIZE - 1)));
	if (first >= size)
		return page(v, op, va, data, size, is_write, ctx);
	int st;
	if (is_write && (st = probe(v, op, va + first, ctx)))
		return st;
	if ((st = page(v, op, va, data, first, is_write, ctx)))
		return st;
	return page(v, op, va + first, data + first, size - first, is_write, ctx);
}

/* ----------------------------------------------------- decode cache */

static uint64_t hash_key(uint64_t pa, uint32_t mode, unsigned bits)
{
	uint64_t h = (pa ^ ((uint64_t)mode << 48)) * 0x9e3779b97f4a7c15ull;
	return h >> (64 - bits);
}

static void code_written(void *opaque, uint64_t pa)
{
	core_cache_invalidate_page(opaque, pa);
}

static size_t hash_bytes(const struct core_cache *c)
{
	return ((size_t)1 << c->hash_bits) * sizeof(*c->hash);
}

/*
 * Zeroed memory, its pages taken when first written, on transparent huge
 * pages where the host gives them, for the tables the dispatch reads at
 * every block or jump-cache miss: the arena (every block entry reads a
 * block header somewhere in the tens of megabytes a boot decodes, which
 * on 4 KiB pages spread over thousands of host TLB entries) and the hash
 * (2 MiB). The arena fills from its start, so this costs at most the
 * unused part of one 2 MiB page. Measured in docs/performance.md (sixth
 * round). NULL if out of memory.
 */
static void *map_huge(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	(void)madvise(p, bytes, MADV_HUGEPAGE);
	return p;
}

static size_t by_page_bytes(uint64_t n)
{
	return n * sizeof(struct core_block *);
}

/* by_page for n pages, all NULL, its memory taken only when written (MAP_NORESERVE). */
static struct core_block **map_by_page(uint64_t n)
{
	void *p = mmap(NULL, by_page_bytes(n), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

int core_cache_init(struct core_cache *c, struct mem_space *mem, size_t arena_bytes)
{
	memset(c, 0, sizeof(*c));
	c->hash_bits = 18;
	c->hash = map_huge(hash_bytes(c));
	c->arena = map_huge(arena_bytes);
	c->arena_size = arena_bytes;
	c->n_by_page = mem->n_pages ? mem->n_pages : 1;
	c->by_page = map_by_page(c->n_by_page);
	if (!c->hash || !c->arena || !c->by_page)
		return -1;
	c->arena_used = 0;
	c->mem = mem;
	mem->code_written = code_written;
	mem->code_opaque = c;
	return 0;
}

void core_cache_free(struct core_cache *c)
{
	if (c->hash)
		munmap(c->hash, hash_bytes(c));
	if (c->by_page)
		munmap(c->by_page, by_page_bytes(c->n_by_page));
	free(c->vcpus);
	if (c->arena)
		munmap(c->arena, c->arena_size);
	memset(c, 0, sizeof(*c));
}

void core_cache_attach(struct core_cache *c, struct core_vcpu *v)
{
	c->vcpus = realloc(c->vcpus, (c->n_vcpus + 1) * sizeof(*c->vcpus));
	if (!c->vcpus)
		abort();
	c->vcpus[c->n_vcpus++] = v;
	c->precise_smc |= v->isa->precise_smc;
}

/*
 * Drop every block now. Only called between blocks (no handler of a block
 * from the arena is running), from core_run's top or by the machine.
 */
void core_cache_flush(struct core_cache *c)
{
	memset(c->hash, 0, hash_bytes(c));
	/* Dropping the pages gives zeros back and the memory to the host. */
	if (madvise(c->by_page, by_page_bytes(c->n_by_page), MADV_DONTNEED))
		memset(c->by_page, 0, by_page_bytes(c->n_by_page));
	mem_forget_code(c->mem);
	c->arena_used = 0;
	c->n_flushes++;
	for (int i = 0; i < c->n_vcpus; i++)
		jmp_clear(c->vcpus[i]);
}

static void unlink_hash(struct core_cache *c, struct core_block *b)
{
	struct core_block **pp = &c->hash[hash_key(b->pa, b->mode, c->hash_bits)];
	while (*pp && *pp != b)
		pp = &(*pp)->hash_next;
	if (*pp)
		*pp = b->hash_next;
}

CORE_HANDLER(op_block_end)
{
	v->pc = core_op_pc(v, op);
	return CORE_BRANCH;
}

/* What every op of a block rewritten under precise self-modifying code becomes. */
CORE_HANDLER(op_stale)
{
	v->pc = core_op_pc(v, op);
	return CORE_STALE;
}

/*
 * Invalidate the blocks decoded from page pa. Their memory stays in the
 * arena until the next flush, because a running block may be among them.
 * Without precise self-modifying code it finishes with its old ops, as
 * hardware may before the guest's IC IVAU/ISB; with it (x86), its ops
 * become op_stale, so the op after the store that wrote the code leaves
 * the block and the new code is decoded and run from there.
 */
void core_cache_invalidate_page(struct core_cache *c, uint64_t pa)
{
	uint64_t idx;
	pa &= CORE_PAGE_MASK;
	struct mem_page *mp = mem_page_at(c->mem, pa, &idx);
	if (!mp || !(mp->flags & MEM_PF_CODE))
		return;
	mp->flags &= ~MEM_PF_CODE;
	for (struct core_block *b = idx < c->n_by_page ? c->by_page[idx] : NULL, *next; b; b = next) {
		/* A block is on its first page's list by page_next, on the next page's by page2_next. */
		next = (b->pa & CORE_PAGE_MASK) == pa ? b->page_next : b->page2_next;
		if (b->valid) {
			b->valid = CORE_BLOCK_INVALID;
			unlink_hash(c, b);
			for (unsigned i = 0; c->precise_smc && i <= b->n_ops; i++)
				b->ops[i].fn = op_stale;
		}
	}
	if (idx < c->n_by_page)
		c->by_page[idx] = NULL;
	c->n_invalidations++;
}

/*
 * The cached block at (pa, mode); for one whose instruction straddles into
 * a second page, the one whose second page is pa2 (UINT64_MAX: any). Whether
 * the instruction at pa straddles depends only on the bytes of pa's page,
 * so the blocks at one (pa, mode) all straddle or none does.
 */
static struct core_block *lookup(struct core_cache *c, uint64_t pa, uint32_t mode, uint64_t pa2)
{
	for (struct core_block *b = c->hash[hash_key(pa, mode, c->hash_bits)]; b; b = b->hash_next)
		if (b->pa == pa && b->mode == mode &&
		    (b->valid != CORE_BLOCK_STRADDLE || pa2 == UINT64_MAX || b->pa2 == pa2))
			return b;
	return NULL;
}

/* The ISA broke its contract: leave core_run with an internal error, not a spin. */
static void internal_error(struct core_vcpu *v)
{
	v->exit = CORE_EXIT_INTERNAL;
	core_vcpu_kick(v);
}

/*
 * Read the bytes of an instruction that crosses into the next page, whose
 * guest-physical address goes to *pa2. False if that page's fetch failed:
 * the ISA has taken its exception (pc is the vector), or an internal error.
 */
static bool fetch_bytes(struct core_vcpu *v, uint64_t va, const uint8_t *first,
			size_t avail, uint8_t *buf, size_t want, uint64_t *pa2)
{
	if (avail >= want) {
		internal_error(v); /* decode wanted more bytes than an instruction has */
		return false;
	}
	memcpy(buf, first, avail);
	if (v->isa->fetch_translate(v, va + avail, pa2) != CORE_OK)
		return false;
	bool w;
	const uint8_t *p2 = mem_guest_ptr(v->mem, &v->req, *pa2, &w);
	if (!p2) {
		internal_error(v); /* fetch_translate must fault for non-RAM */
		return false;
	}
	memcpy(buf + avail, p2, want - avail);
	return true;
}

/*
 * Tie b to page pa through *link: a write there invalidates b (MEM_PF_CODE).
 * by_page grows with RAM added after the cache was made. False if out of memory.
 */
static bool track_page(struct core_cache *c, struct core_block *b, uint64_t pa,
		       struct core_block **link)
{
	uint64_t idx;
	struct mem_page *mp = mem_page_at(c->mem, pa, &idx);
	if (idx >= c->n_by_page) {
		uint64_t n = c->mem->n_pages > idx ? c->mem->n_pages : idx + 1;
		/* An anonymous mapping grows with zeros. */
		void *grown = mremap(c->by_page, by_page_bytes(c->n_by_page), by_page_bytes(n),
				     MREMAP_MAYMOVE);
		if (grown == MAP_FAILED)
			return false;
		c->by_page = grown;
		c->n_by_page = n;
	}
	*link = c->by_page[idx];
	c->by_page[idx] = b;
	if (!(mp->flags & MEM_PF_CODE)) {
		mp->flags |= MEM_PF_CODE;
		for (int i = 0; i < c->n_vcpus; i++)
			tlb_protect_pa(c->vcpus[i], pa & CORE_PAGE_MASK);
	}
	return true;
}

#define CORE_MAX_INSN_BYTES 16

/* Decode the block at va (guest-physical pa); NULL if a fetch faulted or on an internal error. */
/*
 * Place a block of n ops at the arena's free end: tails[n + 1], the header
 * on a 32-byte boundary (struct core_block), the ops, evcum[n + 1]. Its
 * header's offset goes to *hdr and the arena's free end moves past it;
 * false, with nothing moved, if the arena has no room.
 */
static bool block_place(struct core_cache *c, unsigned n, size_t *hdr)
{
	size_t at = (c->arena_used + (n + 1) * sizeof(uint16_t) + 31) & ~(size_t)31;
	size_t end = at + sizeof(struct core_block) + (n + 1) * (sizeof(struct core_op) + CORE_N_EV);
	if (end > c->arena_size)
		return false;
	*hdr = at;
	c->arena_used = end;
	return true;
}

static struct core_block *decode_block(struct core_vcpu *v, uint64_t va, uint64_t pa)
{
	struct core_cache *c = v->cache;
	bool w;
	const uint8_t *code = mem_guest_ptr(v->mem, &v->req, pa, &w);
	if (!code) {
		internal_error(v); /* fetch_translate must fault for what cannot be fetched */
		return NULL;
	}
	size_t avail = CORE_PAGE_SIZE - (pa & (CORE_PAGE_SIZE - 1));
	/*
	 * Decoded here first: the block's place in the arena depends on its
	 * length (its tail costs lie before the header, struct core_block).
	 */
	struct core_op ops[CORE_BLOCK_MAX_OPS + 1] __attribute__((aligned(32)));
	uint8_t evs[CORE_BLOCK_MAX_OPS][CORE_N_EV]; /* each op's events */
	unsigned n = 0, off = 0;
	uint32_t cost = 0;
	uint64_t pa2 = UINT64_MAX; /* the next page, if the block's one insn straddles into it */
	while (n < CORE_BLOCK_MAX_OPS && off < avail) {
		struct core_op *op = &ops[n];
		memset(op, 0, sizeof(*op));
		bool ends = false;
		unsigned len = v->isa->decode(v, code + off, avail - off, op, &ends);
		if (len == 0 && n == 0) {
			/*
			 * The first instruction straddles the page end. Decode it
			 * from both pages; the block is then one op long and is
			 * registered on both, so a write to either invalidates it.
			 * If the second page's fetch faults, nothing is cached: the
			 * fetch is retried when the guest comes back.
			 */
			uint8_t buf[CORE_MAX_INSN_BYTES];
			if (!fetch_bytes(v, va, code, avail, buf, sizeof(buf), &pa2))
				return NULL;
			len = v->isa->decode(v, buf, sizeof(buf), op, &ends);
			if (len == 0) {
				internal_error(v); /* decode wanted more bytes than an instruction has */
				return NULL;
			}
			ends = true;
		} else if (len == 0) {
			break;
		}
		op->off = (uint16_t)off;
		op->len = (uint8_t)len;
		uint8_t opev[CORE_N_EV] = { 0 };
		if (v->isa->op_events)
			v->isa->op_events(op, opev);
		memcpy(evs[n], opev, sizeof(opev));
		if (!op->cost)
			op->cost = 1;   /* see next_check(): cycles never lag instructions */
		cost += op->cost;
		off += len;
		n++;
		if (ends)
			break;
	}
	struct core_op *end = &ops[n];
	memset(end, 0, sizeof(*end));
	end->fn = op_block_end;
	end->off = (uint16_t)off;

	size_t hdr;
	if (!block_place(c, n, &hdr)) {
		core_cache_flush(c);
		if (!block_place(c, n, &hdr)) {
			internal_error(v); /* an arena smaller than one block: core_cache_init's caller erred */
			return NULL;
		}
	}
	struct core_block *b = (struct core_block *)(c->arena + hdr);
	memcpy(b->ops, ops, (n + 1) * sizeof(struct core_op));
	b->va = va;
	b->pa = pa;
	b->mode = v->mode;
	b->n_ops = (uint16_t)n;
	b->bytes = (uint16_t)off;
	b->cost = cost;
	bool straddle = pa2 != UINT64_MAX && (pa2 & CORE_PAGE_MASK) != (pa & CORE_PAGE_MASK);
	b->valid = straddle ? CORE_BLOCK_STRADDLE : CORE_BLOCK_VALID;
	b->pa2 = straddle ? pa2 & CORE_PAGE_MASK : UINT64_MAX;
	uint16_t *tail = (uint16_t *)b;   /* tail[-1 - k]: see core_block_tail */
	uint8_t (*evcum)[CORE_N_EV] = core_block_evcum(b);
	tail[-1 - (long)n] = 0;
	for (unsigned k = n; k-- > 0;)
		tail[-1 - (long)k] = (uint16_t)(tail[-1 - (long)(k + 1)] + ops[k].cost);
	memset(evcum[0], 0, CORE_N_EV);
	for (unsigned i = 0; i < n; i++)
		for (unsigned e = 0; e < CORE_N_EV; e++)
			evcum[i + 1][e] = (uint8_t)(evcum[i][e] + evs[i][e]);
	memcpy(b->ev, evcum[n], CORE_N_EV);

	b->page2_next = NULL;
	if (!track_page(c, b, pa, &b->page_next) ||
	    (straddle && !track_page(c, b, pa2, &b->page2_next))) {
		internal_error(v); /* out of memory: say so rather than run untracked code */
		return NULL;
	}
	unsigned h = (unsigned)hash_key(pa, b->mode, c->hash_bits);
	b->hash_next = c->hash[h];
	c->hash[h] = b;
	v->n_blocks_decoded++;
	return b;
}

static inline unsigned jmp_hash(uint64_t va)
{
	return (unsigned)((va >> 2) ^ (va >> (2 + CORE_JMP_BITS))) & (CORE_JMP_SIZE - 1);
}

/*
 * The block at v->pc, decoding it if needed; NULL if the fetch faulted.
 * Always inlined: core_run's dispatch must not pay a call for it now that
 * the debug loop (core_block_at) calls it too.
 */
static inline __attribute__((always_inline)) struct core_block *find_block(struct core_vcpu *v)
{
	uint64_t va = v->pc;
	struct core_block **slot = &v->jmp[jmp_hash(va)];
	struct core_block *b = *slot;
	if (likely(b && b->va == va && b->mode == v->mode && b->valid == CORE_BLOCK_VALID)) {
		/*
		 * The ISA fetches through the current TLB (tag_x): if that entry
		 * still maps va to the block's page, the block is the code at va.
		 */
		const struct core_tlb_entry *e = core_tlb_slot(v->tlb, va);
		if (likely(e->tag_x == (va & CORE_PAGE_MASK) && e->pa == (b->pa & CORE_PAGE_MASK)))
			return b;
	}
	uint64_t pa, pa2;
	if (v->isa->fetch_translate(v, va, &pa) != CORE_OK)
		return NULL;
	/*
	 * A miss because the fetch entry had left the TLB (a flush, or a data
	 * fill into its slot): the slot's block is still the code at va if it
	 * was decoded from the page va now maps to. Read again, as the walk
	 * may have written to a page of code (an access flag).
	 */
	b = *slot;
	if (b && b->va == va && b->mode == v->mode && b->valid == CORE_BLOCK_VALID && b->pa == pa)
		return b;
	b = lookup(v->cache, pa, v->mode, UINT64_MAX);
	if (unlikely(b && b->valid == CORE_BLOCK_STRADDLE)) {
		/*
		 * The instruction at pa continues in the next virtual page: which
		 * physical page that is (or whether it is mapped at all) is the
		 * current translation's business, not the cached block's.
		 */
		uint64_t va2 = (va & CORE_PAGE_MASK) + CORE_PAGE_SIZE;
		if (v->isa->fetch_translate(v, va2, &pa2) != CORE_OK)
			return NULL;
		b = lookup(v->cache, pa, v->mode, pa2 & CORE_PAGE_MASK);
	}
	if (!b)
		b = decode_block(v, va, pa);
	if (!b)
		return NULL;
	/* The jump cache keys on va: record the va this block is reached by. */
	b->va = va;
	*slot = b;
	return b;
}

/* What follows an op that core_op_run_one runs alone: the op fell through. */
static struct core_leave op_run_one_done(struct core_vcpu *v, const struct core_op *op)
{
	return (struct core_leave){ CORE_OK };
}

int core_op_run_one(struct core_vcpu *v, const struct core_op *op)
{
	/* A copy, so that no other vCPU running the block sees the stop. */
	struct core_op pair[2] __attribute__((aligned(32)));
	pair[0] = *op;
	memset(&pair[1], 0, sizeof(pair[1]));
	pair[1].fn = op_run_one_done;
	pair[1].off = (uint16_t)(op->off + op->len);
	return pair[0].fn(v, &pair[0]).status;
}

/*
 * Charge a block's cost and instructions when it starts, and its ISA
 * events if `count` (core_vcpu.count_ev, as the loop read it).
 */
static inline void charge(struct core_vcpu *v, struct core_block *b, bool count)
{
	v->cycles += b->cost;
	v->insns += b->n_ops;
	if (count)
		for (unsigned e = 0; e < CORE_N_EV; e++)
			v->ev[e] += b->ev[e];
}

/* Undo the precharge of ops that did not run (from `first` to the block end). */
static void refund(struct core_vcpu *v, struct core_block *b, unsigned first, bool count)
{
	v->cycles -= core_block_tail(b, first);
	v->insns -= b->n_ops - first;
	if (count)
		for (unsigned e = 0; e < CORE_N_EV; e++)
			v->ev[e] -= b->ev[e] - core_block_evcum(b)[first][e];
}

/*
 * The cycle at which the loop must next look beyond the block it runs: the
 * stop cycle, or earlier if the instruction budget could run out first
 * (every instruction costs at least one cycle, so cycles advance at least
 * as fast as instructions).
 */
static uint64_t next_check(const struct core_vcpu *v)
{
	uint64_t left = v->insns < v->insn_limit ? v->insn_limit - v->insns : 0;
	uint64_t by_insns = v->cycles + left < v->cycles ? UINT64_MAX : v->cycles + left;
	return by_insns < v->stop_at ? by_insns : v->stop_at;
}

/*
 * The slow path between blocks, taken when cycles reach check_at: budgets,
 * exits, interrupts and sleep. Whoever changes one of those kicks the vCPU
 * (core_vcpu_kick), so the fast path tests one compare per block.
 */
static bool must_leave(struct core_vcpu *v, enum core_exit_reason *why)
{
	if (v->exit != CORE_EXIT_NONE) {
		*why = v->exit;
		return true;
	}
	if (v->cycles >= v->stop_at || v->insns >= v->insn_limit) {
		*why = CORE_EXIT_BUDGET;
		return true;
	}
	if (v->irq_pending)
		v->isa->interrupt(v);   /* takes it if it can, and says whether it ends a halt */
	if (v->halted) {
		*why = CORE_EXIT_HALT;
		return true;
	}
	v->check_at = next_check(v);
	return false;
}

/*
 * The instruction boundary the ISA asked for (core_vcpu_boundary): ask the
 * ISA's before callback, run the first op of the block at pc alone, charged
 * alone, then call the ISA's boundary callback. True if the vCPU must leave core_run (the op exited).
 */
static bool step_boundary(struct core_vcpu *v, enum core_exit_reason *why)
{
	v->boundary = false;
	core_vcpu_kick(v);   /* after the step, the slow path looks again (interrupts) */
	if (v->isa->before && v->isa->before(v)) {
		v->n_exceptions++;
		return false;
	}
	struct core_block *b = find_block(v);
	int st = CORE_EXCEPTION;   /* the fetch faulted: pc is the vector, nothing retired */
	if (b) {
		const struct core_op *op = &b->ops[0];
		bool count = v->count_ev;
		v->block_va = v->pc;
		v->cycles += op->cost;
		v->insns++;
		if (count)
			for (unsigned e = 0; e < CORE_N_EV; e++)
				v->ev[e] += core_block_evcum(b)[1][e];
		st = core_op_run_one(v, op);
		if (st == CORE_OK)
			v->pc = core_op_pc(v, op) + op->len;
		else if (!core_op_retired(st)) {
			v->cycles -= op->cost;
			v->insns--;
			if (count)
				for (unsigned e = 0; e < CORE_N_EV; e++)
					v->ev[e] -= core_block_evcum(b)[1][e];
		}
		if (st == CORE_EXCEPTION || st == CORE_TRAP_DONE)
			v->n_exceptions++;
	}
	if (v->isa->boundary)
		v->isa->boundary(v);
	if (st == CORE_EXIT || st == CORE_EXIT_NORETIRE) {
		*why = v->exit;
		return true;
	}
	return false;
}

/*
 * The dispatch loop, compiled twice: counting the ISA's events (`count`)
 * or not, so that a run that counts none has no work for them on its fast
 * path. It sets *other and returns when count_ev no longer says `count`
 * (whoever changes it kicks the vCPU): core_run then takes the other loop.
 */
static inline __attribute__((always_inline)) enum core_exit_reason
run_blocks(struct core_vcpu *v, const bool count, bool *other)
{
	enum core_exit_reason why;
	for (;;) {
		if (unlikely(v->cycles >= v->check_at)) {
			if (must_leave(v, &why))
				return why;
			if (unlikely(v->count_ev != count)) {
				*other = true;
				return CORE_EXIT_NONE;
			}
			if (unlikely(v->boundary)) {
				if (step_boundary(v, &why))
					return why;
				continue;
			}
		}

		struct core_block *b = find_block(v);
		if (unlikely(!b))
			continue; /* the fetch faulted: pc is now the exception vector */

		v->block_va = v->pc;
		charge(v, b, count);
		/*
		 * Threaded, the first call runs the whole block (CORE_HANDLER);
		 * otherwise the loop calls one op after the other.
		 */
		const struct core_op *op = b->ops;
		int st;
		while ((st = op->fn(v, op).status) == CORE_OK)
			op++;
		/*
		 * The usual end, a branch by the block's last op or its end op,
		 * leaves nothing to refund (the refund of the last op's
		 * successors is zero).
		 */
		unsigned i = (unsigned)(v->leave_op - b->ops);
		if (likely(st == CORE_BRANCH && i + 1 >= b->n_ops))
			continue;
		if (unlikely(i < b->n_ops)) {
			refund(v, b, core_op_retired(st) ? i + 1 : i, count);
			if (st == CORE_EXCEPTION || st == CORE_TRAP_DONE)
				v->n_exceptions++;
			else if (st == CORE_EXIT || st == CORE_EXIT_NORETIRE)
				return v->exit;
		}
	}
}

enum core_exit_reason core_run(struct core_vcpu *v, uint64_t stop_at)
{
	v->stop_at = stop_at;
	v->exit = CORE_EXIT_NONE;
	v->check_at = 0;
	for (;;) {
		bool other = false;
		enum core_exit_reason why = v->count_ev ? run_blocks(v, true, &other)
							: run_blocks(v, false, &other);
		if (!other)
			return why;
		v->check_at = 0;   /* the other loop looks again before its first block */
	}
}

/* The debug loop (debug.c) runs blocks with the same steps as core_run. */
struct core_block *core_block_at(struct core_vcpu *v)
{
	return find_block(v);
}

bool core_must_leave(struct core_vcpu *v, enum core_exit_reason *why)
{
	return must_leave(v, why);
}

bool core_step_boundary(struct core_vcpu *v, enum core_exit_reason *why)
{
	return step_boundary(v, why);
}

void core_block_charge(struct core_vcpu *v, struct core_block *b, bool count)
{
	charge(v, b, count);
}

void core_block_refund(struct core_vcpu *v, struct core_block *b, unsigned first, bool count)
{
	refund(v, b, first, count);
}

/* ----------------------------------------------------------- vCPU */

void core_vcpu_init(struct core_vcpu *v, const struct core_isa *isa,
		    const struct core_timing *timing, struct core_cache *cache,
		    struct mem_space *mem, int index)
{
	memset(v, 0, sizeof(*v));
	v->isa = isa;
	v->timing = timing;
	v->cache = cache;
	v->mem = mem;
	v->index = index;
	v->insn_limit = UINT64_MAX;
	v->req = (struct mem_req){ .kind = MEM_BY_GUEST, .view = MEM_VIEW_OWN, .vcpu = (int16_t)index };
	if (isa->tlb_regimes < 1 || isa->tlb_regimes > CORE_TLB_MAX_REGIMES)
		abort();   /* the ISA's table is wrong: a bug, found by any test */
	v->jmp = calloc(CORE_JMP_SIZE, sizeof(*v->jmp));
	/* C11 7.22.3.1: aligned_alloc's size must be a multiple of the alignment. */
	v->tlbs = aligned_alloc(64, (isa->tlb_regimes * sizeof(*v->tlbs) + 63) & ~(size_t)63);
	v->tlb_large = calloc(1, sizeof(*v->tlb_large));
	if (!v->jmp || !v->tlbs || !v->tlb_large)
		abort();
	for (unsigned m = 0; m < isa->tlb_regimes; m++) {
		v->tlbs[m].n_used = CORE_TLB_SIZE + 1;   /* fresh memory: clear every slot */
		tlb_clear(&v->tlbs[m]);
	}
	v->tlb = &v->tlbs[0];
	core_cache_attach(cache, v);
}

void core_vcpu_free(struct core_vcpu *v)
{
	free(v->jmp);
	free(v->tlbs);
	free(v->tlb_large);
	v->jmp = NULL;
	v->tlbs = NULL;
	v->tlb_large = NULL;
}
