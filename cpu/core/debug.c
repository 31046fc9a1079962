/*
 * The debug loop, breakpoints and watchpoints, the debugger's memory
 * accessors and the gdb target description: everything of debugging that
 * does not depend on the ISA (see debug.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cpu/core/debug.h"

/* ------------------------------------------------------------ registers */

int core_debug_reg_find(const struct core_debug_isa *isa, const char *name)
{
	for (size_t i = 0; i < isa->n_regs; i++)
		if (!strcmp(isa->regs[i].name, name))
			return (int)i;
	return -1;
}

struct xml_buf {
	char *buf;
	size_t len, used;
};

static void xml_add(struct xml_buf *x, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t room = x->used < x->len ? x->len - x->used : 0;
	int n = vsnprintf(room ? x->buf + x->used : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		x->used += (size_t)n;
}

/*
 * One document, no xi:include: a <feature> per register group, with the
 * types it defines, then its registers with explicit numbers (gdb's
 * target description format, "Target Descriptions" in the gdb manual).
 */
size_t core_debug_target_xml(const struct core_debug_isa *isa, char *buf, size_t len)
{
	struct xml_buf x = { buf, len, 0 };
	xml_add(&x, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
		    "<target version=\"1.0\">\n<architecture>%s</architecture>\n", isa->gdb_arch);
	for (size_t f = 0; f < isa->n_features; f++) {
		xml_add(&x, "<feature name=\"%s\">\n", isa->features[f].name);
		if (isa->features[f].types)
			xml_add(&x, "%s", isa->features[f].types);
		for (size_t i = 0; i < isa->n_regs; i++) {
			const struct core_reg *r = &isa->regs[i];
			if (r->feature != f)
				continue;
			xml_add(&x, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%zu\"", r->name,
				r->bits, r->type, i);
			if (r->group)
				xml_add(&x, " group=\"%s\"", r->group);
			xml_add(&x, "/>\n");
		}
		xml_add(&x, "</feature>\n");
	}
	xml_add(&x, "</target>\n");
	return x.used;
}

/* ------------------------------------------------------------- memory */

/* Copy between buf and guest memory page by page; returns the bytes done. */
static size_t debug_copy(struct core_vcpu *v, const struct core_debug_isa *isa, uint64_t addr,
			 uint8_t *buf, size_t len, bool physical, bool write)
{
	size_t done = 0;
	while (done < len) {
		uint64_t va = addr + done, pa;
		if (physical)
			pa = va;
		else if (!isa->translate(v, va, &pa))
			break;
		size_t chunk = CORE_PAGE_SIZE - (pa & (CORE_PAGE_SIZE - 1));
		size_t vchunk = CORE_PAGE_SIZE - (va & (CORE_PAGE_SIZE - 1));
		if (chunk > vchunk)
			chunk = vchunk;
		if (chunk > len - done)
			chunk = len - done;
		bool writable;
		uint8_t *host = mem_guest_ptr(v->mem, &v->req, pa, &writable);
		if (!host)
			break;
		if (write) {
			memcpy(host, buf + done, chunk);
			core_cache_invalidate_page(v->cache, pa);
		} else {
			memcpy(buf + done, host, chunk);
		}
		done += chunk;
	}
	return done;
}

size_t core_debug_read(struct core_vcpu *v, const struct core_debug_isa *isa, uint64_t addr,
		       void *buf, size_t len, bool physical)
{
	return debug_copy(v, isa, addr, buf, len, physical, false);
}

size_t core_debug_write(struct core_vcpu *v, const struct core_debug_isa *isa, uint64_t addr,
			const void *buf, size_t len, bool physical)
{
	return debug_copy(v, isa, addr, (uint8_t *)buf, len, physical, true);
}

/* ------------------------------------------- breakpoints and watchpoints */

int core_debug_bp_insert(struct core_hooks *h, uint64_t addr)
{
	for (int i = 0; i < h->n_bp; i++)
		if (h->bp[i] == addr)
			return 0;
	if (h->n_bp == CORE_DEBUG_MAX_BP)
		return -1;
	h->bp[h->n_bp++] = addr;
	return 0;
}

int core_debug_bp_remove(struct core_hooks *h, uint64_t addr)
{
	for (int i = 0; i < h->n_bp; i++)
		if (h->bp[i] == addr) {
			h->bp[i] = h->bp[--h->n_bp];
			return 0;
		}
	return -1;
}

/* Watched pages must leave (or may re-enter) every vCPU's TLB fast path. */
static void flush_tlbs(struct core_cache *c)
{
	for (int i = 0; i < c->n_vcpus; i++)
		core_tlb_flush_all(c->vcpus[i]);
}

int core_debug_watch_insert(struct core_hooks *h, struct core_cache *c, uint64_t addr,
			    uint64_t len, unsigned kind)
{
	if (h->n_watch == CORE_DEBUG_MAX_WATCH || len == 0 || addr + len < addr)
		return -1;
	h->watch[h->n_watch++] = (struct core_watch){ addr, len, (uint8_t)kind };
	flush_tlbs(c);
	return 0;
}

int core_debug_watch_remove(struct core_hooks *h, struct core_cache *c, uint64_t addr,
			    uint64_t len, unsigned kind)
{
	for (int i = 0; i < h->n_watch; i++) {
		struct core_watch *w = &h->watch[i];
		if (w->addr == addr && w->len == len && w->kind == kind) {
			*w = h->watch[--h->n_watch];
			flush_tlbs(c);
			return 0;
		}
	}
	return -1;
}

void core_debug_clear(struct core_hooks *h, struct core_cache *c)
{
	h->n_bp = 0;
	if (h->n_watch) {
		h->n_watch = 0;
		flush_tlbs(c);
	}
	h->step_mask = h->step_done_mask = 0;
}

bool core_watch_page(const struct core_hooks *h, uint64_t va)
{
	uint64_t page = va & CORE_PAGE_MASK;
	for (int i = 0; i < h->n_watch; i++) {
		const struct core_watch *w = &h->watch[i];
		uint64_t last = w->addr + w->len - 1;
		if (page <= last && w->addr <= page + CORE_PAGE_SIZE - 1)
			return true;
	}
	return false;
}

static void stop_here(struct core_hooks *h, struct core_vcpu *v, enum core_stop why,
		      uint64_t addr, unsigned kind)
{
	h->stop = why;
	h->stop_vcpu = v->index;
	h->stop_addr = addr;
	h->stop_kind = (uint8_t)kind;
}

bool core_watch_hit(struct core_vcpu *v, uint64_t pc, uint64_t va, unsigned size, bool is_write)
{
	struct core_hooks *h = v->hooks;
	unsigned want = is_write ? CORE_WATCH_WRITE : CORE_WATCH_READ;
	for (int i = 0; i < h->n_watch; i++) {
		const struct core_watch *w = &h->watch[i];
		if (!(w->kind & want) || va > w->addr + w->len - 1 || w->addr > va + size - 1)
			continue;
		stop_here(h, v, CORE_STOP_WATCH, va > w->addr ? va : w->addr, w->kind);
		if (h->watch_after) {
			h->stop_after_mask |= 1ull << v->index;
			return false;
		}
		v->pc = pc;
		v->exit = CORE_EXIT_DEBUG;
		core_vcpu_kick(v);
		return true;
	}
	return false;
}

/* -------------------------------------------------------- the debug loop */

static bool bp_at(const struct core_hooks *h, uint64_t pc)
{
	for (int i = 0; i < h->n_bp; i++)
		if (h->bp[i] == pc)
			return true;
	return false;
}

/* The first op but op 0 (checked before the block) at a breakpoint; n_ops if none. */
static unsigned bp_in_block(const struct core_hooks *h, const struct core_block *b, uint64_t va)
{
	unsigned first = b->n_ops;
	for (int k = 0; k < h->n_bp; k++) {
		uint64_t off = h->bp[k] - va;
		if (off == 0 || off >= b->bytes)
			continue;
		for (unsigned i = 1; i < first; i++)
			if (b->ops[i].off == off) {
				first = i;
				break;
			}
	}
	return first;
}

static enum core_exit_reason debug_stop(struct core_hooks *h, struct core_vcpu *v,
					enum core_stop why)
{
	if (why == CORE_STOP_STEP)
		h->step_mask &= ~(1ull << v->index);
	stop_here(h, v, why, v->pc, 0);
	v->exit = CORE_EXIT_DEBUG;
	return CORE_EXIT_DEBUG;
}

/*
 * A watch-after hit (core_watch_hit recorded the address and kind): stop
 * with pc where execution continues, the accessing instruction retired.
 */
static enum core_exit_reason watch_stop(struct core_hooks *h, struct core_vcpu *v)
{
	h->stop_after_mask &= ~(1ull << v->index);
	h->stop = CORE_STOP_WATCH;
	h->stop_vcpu = v->index;
	v->exit = CORE_EXIT_DEBUG;
	return CORE_EXIT_DEBUG;
}

enum core_exit_reason core_run_debug(struct core_vcpu *v, uint64_t stop_at)
{
	struct core_hooks *h = v->hooks;
	uint64_t me = 1ull << v->index;
	enum core_exit_reason why;
	v->stop_at = stop_at;
	v->exit = CORE_EXIT_NONE;
	v->check_at = 0;
	if (h->step_done_mask & me) {
		/* The stepped instruction left through an exit (hypercall, WFI...): it retired. */
		h->step_done_mask &= ~me;
		return debug_stop(h, v, CORE_STOP_STEP);
	}
	if (h->stop_after_mask & me)
		return watch_stop(h, v);   /* the watched access's instruction left through an exit */
	for (;;) {
		bool step = h->step_mask & me;
		if (unlikely(v->cycles >= v->check_at)) {
			if (core_must_leave(v, &why))
				return why;
			if (unlikely(v->boundary)) {
				/* The ISA's lone instruction: a step of its own, as in core_run. */
				if (core_step_boundary(v, &why))
					return why;
				if (h->stop_after_mask & me)
					return watch_stop(h, v);
				if (step)
					return debug_stop(h, v, CORE_STOP_STEP);
				continue;
			}
		}
		if (!step && h->n_bp && bp_at(h, v->pc))
			return debug_stop(h, v, CORE_STOP_BREAK);

		uint64_t decoded = v->n_blocks_decoded;
		struct core_block *b = core_block_at(v);
		if (!b) {
			/* The fetch faulted: pc is the vector, which is where a step ends. */
			if (step)
				return debug_stop(h, v, CORE_STOP_STEP);
			continue;
		}
		if (v->n_blocks_decoded != decoded && h->block_decoded)
			h->block_decoded(h, v, b);
		unsigned stop_op = step ? 1 : h->n_bp ? bp_in_block(h, b, v->pc) : b->n_ops;

		/* As core_run: precharge the block, run its ops, refund what did not run. */
		v->block_va = v->pc;
		if (h->block_exec)
			h->block_exec(h, v, b);
		bool count = v->count_ev;
		core_block_charge(v, b, count);
		unsigned i = 0;
		int st;
		for (;; i++) {
			if (i == stop_op && i < b->n_ops) {
				st = CORE_OK;
				break;
			}
			if (h->insn_exec && i < b->n_ops)
				h->insn_exec(h, v, b, i);
			if ((st = core_op_run_one(v, &b->ops[i])) != CORE_OK)
				break;
			if (unlikely(h->stop_after_mask & me) && i < b->n_ops) {
				/* A watch-after hit: the instruction retired; stop before the next. */
				core_block_refund(v, b, i + 1, count);
				v->pc = v->block_va + b->ops[i + 1].off;
				return watch_stop(h, v);
			}
		}
		if (st == CORE_OK) {
			/* Stopped before op i: a breakpoint there, or the step is done. */
			core_block_refund(v, b, i, count);
			v->pc = v->block_va + b->ops[i].off;
			return debug_stop(h, v, step ? CORE_STOP_STEP : CORE_STOP_BREAK);
		}
		if (i < b->n_ops) {
			bool retired = core_op_retired(st);
			core_block_refund(v, b, retired ? i + 1 : i, count);
			if (st == CORE_EXCEPTION || st == CORE_TRAP_DONE) {
				v->n_exceptions++;
			} else if (st == CORE_EXIT || st == CORE_EXIT_NORETIRE) {
				if (step && retired && v->exit != CORE_EXIT_DEBUG) {
					h->step_mask &= ~me;
					h->step_done_mask |= me;
				}
				return v->exit;
			}
		}
		if (h->stop_after_mask & me)
			return watch_stop(h, v);
		if (step)
			return debug_stop(h, v, CORE_STOP_STEP);
	}
}
