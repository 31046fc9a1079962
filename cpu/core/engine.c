/*
 * The dispatch loop and the decode cache.
 *
 * A block is a run of pre-decoded ops from one guest-physical page, ending
 * at control flow, at a state-changing instruction, at the page end or at
 * CORE_BLOCK_MAX_OPS. Blocks are keyed by (guest-physical address, mode) and
 * are position independent (ops know their offset, not their address), so
 * one block serves every virtual alias of its page. A per-vCPU jump cache
 * maps virtual PCs to blocks; it is flushed with the TLB.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/core/core.h"
#include "cpu/core/debug.h"

/* ------------------------------------------------------------- TLB */

static void tlb_clear(struct core_tlb *t)
{
	for (unsigned i = 0; i < CORE_TLB_SIZE; i++) {
		t->e[i].tag_r = t->e[i].tag_w = t->e[i].tag_x = CORE_TLB_INVALID;
		t->e[i].pa = UINT64_MAX;
	}
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
	for (int m = 0; m < CORE_TLB_MODES; m++)
		if (v->tlb_filled & (1u << m))
			tlb_clear(&v->tlbs[m]);
	v->tlb_filled = 0;
}

void core_tlb_flush_va(struct core_vcpu *v, uint64_t va)
{
	for (int m = 0; m < CORE_TLB_MODES; m++) {
		struct core_tlb_entry *e = core_tlb_slot(&v->tlbs[m], va);
		uint64_t tag = va & CORE_PAGE_MASK;
		if (e->tag_r == tag || e->tag_w == tag || e->tag_x == tag) {
			e->tag_r = e->tag_w = e->tag_x = CORE_TLB_INVALID;
			e->pa = UINT64_MAX;
		}
	}
}

void core_tlb_flush_pa(struct core_vcpu *v, uint64_t pa)
{
	pa &= CORE_PAGE_MASK;
	for (int m = 0; m < CORE_TLB_MODES; m++)
		for (unsigned i = 0; i < CORE_TLB_SIZE && (v->tlb_filled & (1u << m)); i++) {
			struct core_tlb_entry *e = &v->tlbs[m].e[i];
			if (e->pa == pa) {
				e->tag_r = e->tag_w = e->tag_x = CORE_TLB_INVALID;
				e->pa = UINT64_MAX;
			}
		}
}

/* Entries that could write page pa lose write permission (code arrived there). */
static void tlb_protect_pa(struct core_vcpu *v, uint64_t pa)
{
	for (int m = 0; m < CORE_TLB_MODES; m++)
		for (unsigned i = 0; i < CORE_TLB_SIZE && (v->tlb_filled & (1u << m)); i++) {
			struct core_tlb_entry *e = &v->tlbs[m].e[i];
			if (e->pa == pa)
				e->tag_w = CORE_TLB_INVALID;
		}
}

bool core_tlb_fill(struct core_vcpu *v, struct core_tlb *t, uint64_t va, uint64_t pa,
		   unsigned prot, bool for_write)
{
	bool writable;
	uint64_t page = pa & CORE_PAGE_MASK;
	uint8_t *host = mem_guest_ptr(v->mem, page, &writable);
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
	e->tag_r = (prot & CORE_PROT_R) ? tag : CORE_TLB_INVALID;
	e->tag_w = (prot & CORE_PROT_W) ? tag : CORE_TLB_INVALID;
	e->tag_x = (prot & CORE_PROT_X) ? tag : CORE_TLB_INVALID;
	e->addend = (uintptr_t)host - (uintptr_t)tag;
	e->pa = page;
	return true;
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

int core_cache_init(struct core_cache *c, struct mem_space *mem, size_t arena_bytes)
{
	memset(c, 0, sizeof(*c));
	c->hash_bits = 18;
	c->hash = calloc(1u << c->hash_bits, sizeof(*c->hash));
	c->arena = mmap(NULL, arena_bytes, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	c->by_page = calloc(mem->n_pages ? mem->n_pages : 1, sizeof(*c->by_page));
	if (!c->hash || c->arena == MAP_FAILED || !c->by_page)
		return -1;
	c->arena_size = arena_bytes;
	c->arena_used = 32;   /* see struct core_block */
	c->mem = mem;
	mem->code_written = code_written;
	mem->code_opaque = c;
	return 0;
}

void core_cache_free(struct core_cache *c)
{
	free(c->hash);
	free(c->by_page);
	free(c->vcpus);
	if (c->arena && c->arena != MAP_FAILED)
		munmap(c->arena, c->arena_size);
	memset(c, 0, sizeof(*c));
}

void core_cache_attach(struct core_cache *c, struct core_vcpu *v)
{
	c->vcpus = realloc(c->vcpus, (c->n_vcpus + 1) * sizeof(*c->vcpus));
	if (!c->vcpus)
		abort();
	c->vcpus[c->n_vcpus++] = v;
}

/*
 * Drop every block now. Only called between blocks (no handler of a block
 * from the arena is running), from core_run's top or by the machine.
 */
void core_cache_flush(struct core_cache *c)
{
	memset(c->hash, 0, (1u << c->hash_bits) * sizeof(*c->hash));
	memset(c->by_page, 0, c->mem->n_pages * sizeof(*c->by_page));
	for (int i = 0; i < c->mem->n_regions; i++) {
		struct mem_region *r = &c->mem->regions[i];
		if (r->pages)
			for (uint64_t k = 0; k < r->size >> MEM_PAGE_BITS; k++)
				r->pages[k].flags &= ~MEM_PF_CODE;
	}
	c->arena_used = 32;   /* see struct core_block */
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

/*
 * Invalidate the blocks decoded from page pa. Their memory stays in the
 * arena (a running block may be among them and finishes with its old ops,
 * as hardware may before the guest's IC IVAU/ISB) until the next flush.
 */
void core_cache_invalidate_page(struct core_cache *c, uint64_t pa)
{
	uint64_t idx;
	pa &= CORE_PAGE_MASK;
	struct mem_page *mp = mem_page_at(c->mem, pa, &idx);
	if (!mp || !(mp->flags & MEM_PF_CODE))
		return;
	mp->flags &= ~MEM_PF_CODE;
	for (struct core_block *b = c->by_page[idx], *next; b; b = next) {
		/* A block is on its first page's list by page_next, on the next page's by page2_next. */
		next = (b->pa & CORE_PAGE_MASK) == pa ? b->page_next : b->page2_next;
		if (b->valid) {
			b->valid = false;
			unlink_hash(c, b);
		}
	}
	c->by_page[idx] = NULL;
	c->n_invalidations++;
}

static int op_block_end(struct core_vcpu *v, const struct core_op *op)
{
	v->pc = core_op_pc(v, op);
	return CORE_BRANCH;
}

static struct core_block *lookup(struct core_cache *c, uint64_t pa, uint32_t mode)
{
	for (struct core_block *b = c->hash[hash_key(pa, mode, c->hash_bits)]; b; b = b->hash_next)
		if (b->pa == pa && b->mode == mode)
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
	const uint8_t *p2 = mem_guest_ptr(v->mem, *pa2, &w);
	if (!p2) {
		internal_error(v); /* fetch_translate must fault for non-RAM */
		return false;
	}
	memcpy(buf + avail, p2, want - avail);
	return true;
}

/* Tie b to page pa through *link: a write there invalidates b (MEM_PF_CODE). */
static void track_page(struct core_cache *c, struct core_block *b, uint64_t pa,
		       struct core_block **link)
{
	uint64_t idx;
	struct mem_page *mp = mem_page_at(c->mem, pa, &idx);
	*link = c->by_page[idx];
	c->by_page[idx] = b;
	if (!(mp->flags & MEM_PF_CODE)) {
		mp->flags |= MEM_PF_CODE;
		for (int i = 0; i < c->n_vcpus; i++)
			tlb_protect_pa(c->vcpus[i], pa & CORE_PAGE_MASK);
	}
}

#define CORE_MAX_INSN_BYTES 16

/* Decode the block at va (guest-physical pa); NULL if a fetch faulted or on an internal error. */
static struct core_block *decode_block(struct core_vcpu *v, uint64_t va, uint64_t pa)
{
	struct core_cache *c = v->cache;
	size_t need = sizeof(struct core_block) + (CORE_BLOCK_MAX_OPS + 1) *
		      (sizeof(struct core_op) + sizeof(uint32_t)) + 64;
	if (c->arena_used + need > c->arena_size)
		core_cache_flush(c);
	struct core_block *b = (struct core_block *)(c->arena + c->arena_used);
	bool w;
	const uint8_t *code = mem_guest_ptr(v->mem, pa, &w);
	size_t avail = CORE_PAGE_SIZE - (pa & (CORE_PAGE_SIZE - 1));
	unsigned n = 0, off = 0;
	uint32_t cost = 0;
	uint64_t pa2 = UINT64_MAX; /* the next page, if the block's one insn straddles into it */
	while (n < CORE_BLOCK_MAX_OPS && off < avail) {
		struct core_op *op = &b->ops[n];
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
		if (!op->cost)
			op->cost = 1;   /* see next_check(): cycles never lag instructions */
		cost += op->cost;
		off += len;
		n++;
		if (ends)
			break;
	}
	struct core_op *end = &b->ops[n];
	memset(end, 0, sizeof(*end));
	end->fn = op_block_end;
	end->off = (uint16_t)off;
	b->va = va;
	b->pa = pa;
	b->mode = v->mode;
	b->n_ops = (uint16_t)n;
	b->bytes = (uint16_t)off;
	b->cost = cost;
	b->valid = true;
	uint32_t *cum = core_block_cum(b);
	cum[0] = 0;
	for (unsigned i = 0; i < n; i++)
		cum[i + 1] = cum[i] + b->ops[i].cost;
	c->arena_used += sizeof(struct core_block) + (n + 1) * (sizeof(struct core_op) + sizeof(uint32_t));
	/* The next block starts 32 bytes into a line: see struct core_block. */
	c->arena_used = ((c->arena_used + 63) & ~(size_t)63) + 32;

	unsigned h = (unsigned)hash_key(pa, b->mode, c->hash_bits);
	b->hash_next = c->hash[h];
	c->hash[h] = b;
	track_page(c, b, pa, &b->page_next);
	b->page2_next = NULL;
	if (pa2 != UINT64_MAX && (pa2 & CORE_PAGE_MASK) != (pa & CORE_PAGE_MASK))
		track_page(c, b, pa2, &b->page2_next);
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
	if (likely(b && b->va == va && b->mode == v->mode && b->valid)) {
		/*
		 * The ISA fetches through the current TLB (tag_x): if that entry
		 * still maps va to the block's page, the block is the code at va.
		 */
		const struct core_tlb_entry *e = core_tlb_slot(v->tlb, va);
		if (likely(e->tag_x == (va & CORE_PAGE_MASK) && e->pa == (b->pa & CORE_PAGE_MASK)))
			return b;
	}
	uint64_t pa;
	if (v->isa->fetch_translate(v, va, &pa) != CORE_OK)
		return NULL;
	b = lookup(v->cache, pa, v->mode);
	if (!b)
		b = decode_block(v, va, pa);
	if (!b)
		return NULL;
	/* The jump cache keys on va: record the va this block is reached by. */
	b->va = va;
	*slot = b;
	return b;
}

/* Undo the precharge of ops that did not run (from `first` to the block end). */
static void refund(struct core_vcpu *v, struct core_block *b, unsigned first)
{
	v->cycles -= b->cost - core_block_cum(b)[first];
	v->insns -= b->n_ops - first;
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
	if (v->irq_pending) {
		/* A pending interrupt ends WFI even while masked (D1.16.2). */
		v->halted = false;
		v->isa->interrupt(v);
	}
	if (v->halted) {
		*why = CORE_EXIT_HALT;
		return true;
	}
	v->check_at = next_check(v);
	return false;
}

enum core_exit_reason core_run(struct core_vcpu *v, uint64_t stop_at)
{
	enum core_exit_reason why;
	v->stop_at = stop_at;
	v->exit = CORE_EXIT_NONE;
	v->check_at = 0;
	for (;;) {
		if (unlikely(v->cycles >= v->check_at) && must_leave(v, &why))
			return why;

		struct core_block *b = find_block(v);
		if (unlikely(!b))
			continue; /* the fetch faulted: pc is now the exception vector */

		v->block_va = v->pc;
		v->cycles += b->cost;
		v->insns += b->n_ops;
		const struct core_op *op = b->ops;
		int st;
		while ((st = op->fn(v, op)) == CORE_OK)
			op++;
		unsigned i = (unsigned)(op - b->ops);
		if (unlikely(i < b->n_ops)) {
			bool retired = st != CORE_EXCEPTION && st != CORE_EXIT_NORETIRE;
			refund(v, b, retired ? i + 1 : i);
			if (st == CORE_EXCEPTION || st == CORE_TRAP_DONE)
				v->n_exceptions++;
			else if (st == CORE_EXIT || st == CORE_EXIT_NORETIRE)
				return v->exit;
		}
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

void core_block_refund(struct core_vcpu *v, struct core_block *b, unsigned first)
{
	refund(v, b, first);
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
	v->jmp = calloc(CORE_JMP_SIZE, sizeof(*v->jmp));
	if (!v->jmp)
		abort();
	for (int m = 0; m < CORE_TLB_MODES; m++)
		tlb_clear(&v->tlbs[m]);
	v->tlb = &v->tlbs[0];
	core_cache_attach(cache, v);
}

void core_vcpu_free(struct core_vcpu *v)
{
	free(v->jmp);
	v->jmp = NULL;
}
