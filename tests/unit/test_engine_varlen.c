/*
 * The engine knows no ISA and assumes no instruction size. This test defines
 * a tiny byte-coded ISA with instructions of 1 to 6 bytes and runs it through
 * core_run: results, instruction and cycle counts, instructions straddling a
 * page end, self-modifying code (guest stores through the soft TLB, host and
 * loader writes), the budgets, decode-cache keying by mode and the arena flush.
 *
 * The test ISA ("tv"), little-endian immediates, registers r0..r3:
 *   01 r i8       LI   r = i8                    3 bytes  cost 1
 *   02 r s        ADD  r += s (mode 1: r -= s)   3 bytes  cost 2
 *   03 a32        JMP  a32 (ends the block)      5 bytes  cost 3
 *   04            HALT (leaves core_run)         1 byte   cost 5
 *   05 a32 r      ST   byte [a32] = r            6 bytes  cost 4
 *   06 r          INC  r += 1                    2 bytes  cost 6
 *   07 r a32      DJNZ if (--r) goto a32 (ends)  6 bytes  cost 7
 *   08            SHADOW: interrupts wait one more instruction (ends)  1 byte  cost 1
 *   09            WAIT: sleep until an interrupt wakes it (ends)      1 byte  cost 1
 *   0a            RAISE: assert the interrupt line                     1 byte  cost 1
 *   fe            claims 17 bytes: a broken decoder (longer than any ISA's)
 *   others        undefined: exception to FAULT_VEC (not retired)
 * Fetch translation is the identity but for one virtual page that may be
 * remapped (remap_va -> remap_pa); fetches from the page `unmapped` fault
 * to FAULT_VEC, which holds LI r3, 0xEE; HALT. An interrupt goes to
 * IRQ_VEC, which holds LI r2, 0x77; HALT; it is held off while `masked` or
 * in a shadow, and a masked one does not end a WAIT (x86's HLT rule).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cpu/core/core.h"
#include "cpu/core/debug.h"
#include "tests/unit/test_req.h"

#define PG MEM_PAGE_SIZE
#define RAM_SIZE (64 * PG)
#define FAULT_VEC 0x8000u
#define IRQ_VEC 0x8800u

enum { OP_LI = 1, OP_ADD, OP_JMP, OP_HALT, OP_ST, OP_INC, OP_DJNZ, OP_SHADOW, OP_WAIT, OP_RAISE,
       OP_LONG = 0xfe, OP_UNDEF = 0xff };
enum { C_LI = 1, C_ADD = 2, C_JMP = 3, C_ST = 4, C_HALT = 5, C_INC = 6, C_DJNZ = 7, C_UNDEF = 9 };

#define B4(a) (uint8_t)(a), (uint8_t)((a) >> 8), (uint8_t)((a) >> 16), (uint8_t)((a) >> 24)
#define LI(r, i) OP_LI, (r), (uint8_t)(i)
#define ADD(r, s) OP_ADD, (r), (s)
#define JMP(a) OP_JMP, B4(a)
#define HALT OP_HALT
#define ST(a, r) OP_ST, B4(a), (r)
#define INC(r) OP_INC, (r)
#define DJNZ(r, a) OP_DJNZ, (r), B4(a)
#define UNDEF OP_UNDEF
#define SHADOW OP_SHADOW
#define WAIT OP_WAIT
#define RAISE OP_RAISE

#define MAX_TRACE 512

struct tcpu {
	struct core_vcpu core;          /* first: the engine's view */
	uint64_t r[4];
	uint64_t unmapped;              /* this page faults on fetch (UINT64_MAX: none) */
	uint64_t remap_va, remap_pa;    /* fetches from page remap_va come from remap_pa */
	bool masked;                    /* interrupts held off; a masked one does not wake WAIT */
	bool shadow;                    /* one more instruction before an interrupt (SHADOW) */
	unsigned boundaries;            /* boundary callbacks */
	unsigned faults;
	uint64_t fault_va;
	unsigned n_decoded;             /* instructions decoded (cache misses) */
	unsigned st_slow;               /* stores that missed the TLB */
	int n_trace;
	uint64_t trace[MAX_TRACE];      /* pc of every op that ran */
};

static struct tcpu *tv(struct core_vcpu *v)
{
	return (struct tcpu *)v;
}

static void trace(struct core_vcpu *v, const struct core_op *op)
{
	struct tcpu *c = tv(v);
	if (c->n_trace < MAX_TRACE)
		c->trace[c->n_trace++] = core_op_pc(v, op);
}

/* Take the test ISA's one exception: to FAULT_VEC, remembering why. */
static int take_fault(struct core_vcpu *v, uint64_t va)
{
	tv(v)->faults++;
	tv(v)->fault_va = va;
	v->pc = FAULT_VEC;
	return CORE_EXCEPTION;
}

CORE_HANDLER(op_li)
{
	trace(v, op);
	tv(v)->r[op->r[0]] = op->imm;
	return CORE_OK;
}

CORE_HANDLER(op_add)
{
	trace(v, op);
	uint64_t s = tv(v)->r[op->r[1]];
	tv(v)->r[op->r[0]] += op->f[0] ? -s : s;
	return CORE_OK;
}

CORE_HANDLER(op_inc)
{
	trace(v, op);
	tv(v)->r[op->r[0]]++;
	return CORE_OK;
}

CORE_HANDLER(op_jmp)
{
	trace(v, op);
	v->pc = op->imm;
	return CORE_BRANCH;
}

CORE_HANDLER(op_djnz)
{
	trace(v, op);
	if (--tv(v)->r[op->r[0]] == 0)
		return CORE_OK; /* falls into the block-end op: pc = the next insn */
	v->pc = op->imm;
	return CORE_BRANCH;
}

CORE_HANDLER(op_halt)
{
	trace(v, op);
	v->pc = core_op_pc(v, op) + op->len;
	v->exit = CORE_EXIT_HALT;
	return CORE_EXIT;
}

/* A store through the soft TLB, filling it (for a write) on a miss. */
CORE_HANDLER(op_st)
{
	trace(v, op);
	uint64_t va = op->imm, tag = va & CORE_PAGE_MASK;
	struct core_tlb_entry *e = core_tlb_slot(v->tlb, va);
	uint8_t val = (uint8_t)tv(v)->r[op->r[0]];
	if (e->tag_w != tag) {
		tv(v)->st_slow++;
		/* A debugger's watchpoint, checked on the slow path as an ISA does. */
		if (core_hooked(v) && core_watch_hit(v, core_op_pc(v, op), va, 1, true))
			return CORE_EXIT_NORETIRE;
		if (!core_tlb_fill(v, v->tlb, va, va, CORE_PROT_R | CORE_PROT_W | CORE_PROT_X, true,
				   MEM_VIEW_OWN))
			return take_fault(v, core_op_pc(v, op));
		if (e->tag_w != tag) {
			/* A watched page stays off the fast path: store through the slow one. */
			bool w;
			uint8_t *p = mem_guest_ptr(v->mem, &v->req, va, &w);
			if (!p || !w)
				return take_fault(v, core_op_pc(v, op));
			*p = val;
			return CORE_OK;
		}
	}
	*(uint8_t *)(uintptr_t)(va + e->addend) = val;
	return CORE_OK;
}

CORE_HANDLER(op_undef)
{
	trace(v, op);
	return take_fault(v, core_op_pc(v, op));
}

/* As x86's STI or MOV SS: the next instruction runs before any interrupt. */
CORE_HANDLER(op_shadow)
{
	trace(v, op);
	tv(v)->shadow = true;
	core_vcpu_boundary(v);
	v->pc = core_op_pc(v, op) + op->len;
	return CORE_BRANCH;
}

CORE_HANDLER(op_wait)
{
	trace(v, op);
	v->pc = core_op_pc(v, op) + op->len;
	if (!v->irq_pending) {
		v->halted = true;
		v->halt_kind = CORE_HALT_IRQ;
		core_vcpu_kick(v);
	}
	return CORE_BRANCH;
}

/* A device raising its line in the middle of a block. */
CORE_HANDLER(op_raise)
{
	trace(v, op);
	v->irq_pending = true;
	core_vcpu_kick(v);
	return CORE_OK;
}

static const uint8_t insn_len[256] = {
	[OP_LI] = 3, [OP_ADD] = 3, [OP_JMP] = 5, [OP_HALT] = 1,
	[OP_ST] = 6, [OP_INC] = 2, [OP_DJNZ] = 6, [OP_SHADOW] = 1, [OP_WAIT] = 1, [OP_RAISE] = 1,
	[OP_LONG] = 17,
};

static uint32_t le32(const uint8_t *b)
{
	return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static unsigned tv_decode(struct core_vcpu *v, const uint8_t *b, size_t avail,
			  struct core_op *op, bool *ends_block)
{
	unsigned len = insn_len[b[0]] ? insn_len[b[0]] : 1;
	if (avail < len)
		return 0;
	tv(v)->n_decoded++;
	switch (b[0]) {
	case OP_LI:
		*op = (struct core_op){ .fn = op_li, .r = { b[1] & 3 }, .imm = b[2], .cost = C_LI };
		break;
	case OP_ADD:
		/* The mode changes what ADD means: proves blocks are keyed by mode. */
		*op = (struct core_op){ .fn = op_add, .r = { b[1] & 3, b[2] & 3 },
					.f = { v->mode & 1 }, .cost = C_ADD };
		break;
	case OP_JMP:
		*op = (struct core_op){ .fn = op_jmp, .imm = le32(b + 1), .cost = C_JMP };
		*ends_block = true;
		break;
	case OP_HALT:
		/* Not a block end: the ops after it are precharged and refunded. */
		*op = (struct core_op){ .fn = op_halt, .cost = C_HALT };
		break;
	case OP_ST:
		*op = (struct core_op){ .fn = op_st, .imm = le32(b + 1), .r = { b[5] & 3 }, .cost = C_ST };
		break;
	case OP_INC:
		*op = (struct core_op){ .fn = op_inc, .r = { b[1] & 3 }, .cost = C_INC };
		break;
	case OP_DJNZ:
		*op = (struct core_op){ .fn = op_djnz, .r = { b[1] & 3 }, .imm = le32(b + 2), .cost = C_DJNZ };
		*ends_block = true;
		break;
	case OP_SHADOW:
		*op = (struct core_op){ .fn = op_shadow, .cost = 1 };
		*ends_block = true;
		break;
	case OP_WAIT:
		*op = (struct core_op){ .fn = op_wait, .cost = 1 };
		*ends_block = true;
		break;
	case OP_RAISE:
		*op = (struct core_op){ .fn = op_raise, .cost = 1 };
		break;
	default:
		*op = (struct core_op){ .fn = op_undef, .cost = C_UNDEF };
		*ends_block = true;
		break;
	}
	op->insn = b[0];
	return len;
}

/* Translation through the soft TLB: identity, or the remapped page; the unmapped page faults. */
static int tv_fetch_translate(struct core_vcpu *v, uint64_t va, uint64_t *pa)
{
	struct core_tlb_entry *e = core_tlb_slot(v->tlb, va);
	if (e->tag_x == (va & CORE_PAGE_MASK)) {
		*pa = e->pa | (va & (CORE_PAGE_SIZE - 1));
		return CORE_OK;
	}
	uint64_t page = va & CORE_PAGE_MASK;
	uint64_t to = page == tv(v)->remap_va ? tv(v)->remap_pa : page;
	if (page == tv(v)->unmapped ||
	    !core_tlb_fill(v, v->tlb, va, to, CORE_PROT_R | CORE_PROT_W | CORE_PROT_X, false,
			   MEM_VIEW_OWN))
		return take_fault(v, va);
	*pa = to | (va & (CORE_PAGE_SIZE - 1));
	return CORE_OK;
}

/* The ISA's wake rule: a masked interrupt neither is taken nor ends a WAIT. */
static bool tv_interrupt(struct core_vcpu *v)
{
	if (tv(v)->masked || tv(v)->shadow)
		return false;
	v->halted = false;
	v->irq_pending = false;
	v->pc = IRQ_VEC;
	return true;
}

/* After the shadowed instruction: the shadow ends. */
static void tv_boundary(struct core_vcpu *v)
{
	tv(v)->shadow = false;
	tv(v)->boundaries++;
}

static const struct core_isa tv_isa = {
	.name = "tv",
	.tlb_regimes = 1,
	.fetch_translate = tv_fetch_translate,
	.decode = tv_decode,
	.interrupt = tv_interrupt,
	.boundary = tv_boundary,
};

/* The same ISA, with x86's rule: a store into the running block takes effect at once. */
static const struct core_isa tv_isa_precise = {
	.name = "tv-precise",
	.tlb_regimes = 1,
	.precise_smc = true,
	.fetch_translate = tv_fetch_translate,
	.decode = tv_decode,
	.interrupt = tv_interrupt,
	.boundary = tv_boundary,
};

/* ------------------------------------------------------------ fixture */

struct fixture {
	struct mem_space mem;
	struct core_cache cache;
	struct tcpu *cpu;
	struct core_vcpu *v;
};

static void load(struct fixture *f, uint64_t pa, const uint8_t *bytes, size_t n)
{
	assert_true(mem_load(&f->mem, pa, bytes, n));
}

#define LOAD(f, pa, ...)                                              \
	do {                                                          \
		static const uint8_t prog_[] = { __VA_ARGS__ };       \
		load((f), (pa), prog_, sizeof(prog_));                \
	} while (0)

static int setup_isa(void **state, size_t arena, const struct core_isa *isa)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	assert_non_null(mem_add_ram(&f->mem, "ram", 0, RAM_SIZE, MEM_SHARED));
	/* After the RAM: the cache sizes its page index from it. */
	assert_int_equal(core_cache_init(&f->cache, &f->mem, arena), 0);
	f->cpu = calloc(1, sizeof(*f->cpu));
	assert_non_null(f->cpu);
	f->v = &f->cpu->core;
	core_vcpu_init(f->v, isa, core_timing_find("ipc1"), &f->cache, &f->mem, 0);
	f->cpu->unmapped = UINT64_MAX;
	f->cpu->remap_va = UINT64_MAX;
	LOAD(f, FAULT_VEC, LI(3, 0xee), HALT);
	LOAD(f, IRQ_VEC, LI(2, 0x77), HALT);
	/* A hang (a block that never advances) fails the test instead of stalling ctest. */
	alarm(20);
	*state = f;
	return 0;
}

static int setup_arena(void **state, size_t arena)
{
	return setup_isa(state, arena, &tv_isa);
}

static int setup(void **state)
{
	return setup_arena(state, 1u << 20);
}

static int setup_precise(void **state)
{
	return setup_isa(state, 1u << 20, &tv_isa_precise);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	alarm(0);
	core_vcpu_free(f->v);
	core_cache_free(&f->cache);
	mem_space_free(&f->mem);
	free(f->cpu);
	free(f);
	return 0;
}

static enum core_exit_reason run(struct fixture *f, uint64_t pc)
{
	f->v->pc = pc;
	f->cpu->n_trace = 0;
	return core_run(f->v, UINT64_MAX);
}

static void assert_trace(struct fixture *f, const uint64_t *pcs, int n)
{
	assert_int_equal(f->cpu->n_trace, n);
	for (int i = 0; i < n; i++)
		assert_int_equal(f->cpu->trace[i], pcs[i]);
}

/* -------------------------------------------------------------- tests */

static void test_straight_line(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0x1000, LI(0, 5), INC(0), LI(1, 7), ADD(0, 1), JMP(0x2000));
	LOAD(f, 0x2000, ADD(1, 0), HALT, LI(2, 99));

	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 13);
	assert_int_equal(f->cpu->r[1], 20);
	assert_int_equal(f->cpu->r[2], 0);  /* after HALT: never ran */
	assert_int_equal(f->v->pc, 0x2004);
	/* Each op knows where it is: lengths 3, 2, 3, 3, 5 | 3, 1. */
	assert_trace(f, (uint64_t[]){ 0x1000, 0x1003, 0x1005, 0x1008, 0x100b, 0x2000, 0x2003 }, 7);
	assert_int_equal(f->v->insns, 7);
	assert_int_equal(f->v->cycles, C_LI + C_INC + C_LI + C_ADD + C_JMP + C_ADD + C_HALT);
	assert_int_equal(f->v->n_blocks_decoded, 2);
	assert_int_equal(f->cpu->n_decoded, 5 + 4); /* ADD HALT LI, and the 00 after: undefined */

	/* Again: from the decode cache, same results, twice the counts. */
	memset(f->cpu->r, 0, sizeof(f->cpu->r));
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 13);
	assert_int_equal(f->cpu->r[1], 20);
	assert_int_equal(f->v->insns, 14);
	assert_int_equal(f->v->cycles, 2 * 20);
	assert_int_equal(f->v->n_blocks_decoded, 2);
	assert_int_equal(f->cpu->n_decoded, 9);
}

static void test_loop_cycles(void **state)
{
	struct fixture *f = *state;
	/* r0 = 10; do { r1++; r2 += r1; } while (--r0); halt */
	LOAD(f, 0x1000, LI(0, 10), INC(1), ADD(2, 1), DJNZ(0, 0x1003), HALT);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0);
	assert_int_equal(f->cpu->r[1], 10);
	assert_int_equal(f->cpu->r[2], 55);
	assert_int_equal(f->v->insns, 1 + 10 * 3 + 1);
	assert_int_equal(f->v->cycles, C_LI + 10 * (C_INC + C_ADD + C_DJNZ) + C_HALT);
	/* The entry block, the loop body, and the HALT after the fall-through. */
	assert_int_equal(f->v->n_blocks_decoded, 3);
	assert_int_equal(f->v->pc, 0x1003 + 2 + 3 + 6 + 1);
}

static void test_exception_refunds(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0x1000, LI(0, 1), UNDEF, LI(0, 2), HALT);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 1);
	assert_int_equal(f->cpu->r[3], 0xee);
	assert_int_equal(f->cpu->faults, 1);
	assert_int_equal(f->cpu->fault_va, 0x1003);
	assert_int_equal(f->v->n_exceptions, 1);
	/* The undefined op did not retire: neither it nor anything after it counts. */
	assert_int_equal(f->v->insns, 1 + 2);
	assert_int_equal(f->v->cycles, C_LI + C_LI + C_HALT);
}

static void test_max_ops_per_block(void **state)
{
	struct fixture *f = *state;
	uint8_t prog[2 * 100 + 1];
	for (int i = 0; i < 100; i++) {
		prog[2 * i] = OP_INC;
		prog[2 * i + 1] = 1;
	}
	prog[200] = OP_HALT;
	load(f, 0x4000, prog, sizeof(prog));
	assert_int_equal(run(f, 0x4000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[1], 100);
	assert_int_equal(f->v->insns, 101);
	assert_int_equal(f->v->cycles, 100 * C_INC + C_HALT);
	assert_int_equal(f->v->n_blocks_decoded, 2);
	assert_int_equal(f->cpu->trace[CORE_BLOCK_MAX_OPS], 0x4000 + 2 * CORE_BLOCK_MAX_OPS);
}

/*
 * A block left after op k is refunded the cost of ops k+1.. (the tail
 * costs before its header, struct core_block), at every place in a block
 * of the most ops: the first line's sixteen tails and the ones beyond. The
 * blocks are run again once all are decoded, so a later block's tails
 * cannot have overwritten an earlier block's data in the arena.
 */
static void test_refund_at_every_op(void **state)
{
	struct fixture *f = *state;
	static const unsigned ks[] = { 0, 1, 2, 14, 15, 16, 17, 31, 32, 47, 62, 63 };
	enum { N = sizeof(ks) / sizeof(ks[0]), STRIDE = 0x200, BASE = 0x10000 };
	uint64_t want[N];
	for (unsigned t = 0; t < N; t++) {
		uint8_t prog[3 * CORE_BLOCK_MAX_OPS], *p = prog;
		uint64_t cost = 0;
		for (unsigned i = 0; i < CORE_BLOCK_MAX_OPS; i++) {
			/* Ops of three costs, so that every tail differs. */
			unsigned c = i == ks[t] ? C_HALT : i % 3 == 0 ? C_LI : i % 3 == 1 ? C_ADD : C_INC;
			if (i <= ks[t])
				cost += c;
			if (i == ks[t]) {
				*p++ = OP_HALT;
			} else if (i % 3 == 0) {
				*p++ = OP_LI; *p++ = 0; *p++ = (uint8_t)i;
			} else if (i % 3 == 1) {
				*p++ = OP_ADD; *p++ = 1; *p++ = 0;
			} else {
				*p++ = OP_INC; *p++ = 2;
			}
		}
		assert_true(p - prog <= STRIDE);
		load(f, BASE + t * STRIDE, prog, (size_t)(p - prog));
		want[t] = cost;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned t = 0; t < N; t++) {
			uint64_t c0 = f->v->cycles, i0 = f->v->insns;
			assert_int_equal(run(f, BASE + t * STRIDE), CORE_EXIT_HALT);
			assert_int_equal(f->v->cycles - c0, want[t]);
			assert_int_equal(f->v->insns - i0, ks[t] + 1);
		}
	}
	assert_int_equal(f->v->n_blocks_decoded, N);
}

/*
 * An instruction straddling the page end: the block before it ends short
 * (decode says "need more"), and it is decoded alone from both pages.
 */
static void test_straddle_page(void **state)
{
	struct fixture *f = *state;
	/* LI r0 at 0x1ffe: opcode and register on one page, immediate on the next. */
	LOAD(f, 0x1ff9, LI(1, 1), INC(1), LI(0, 0x42), ADD(0, 1), HALT);
	assert_int_equal(run(f, 0x1ff9), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0x44);
	assert_int_equal(f->cpu->r[1], 2);
	assert_trace(f, (uint64_t[]){ 0x1ff9, 0x1ffc, 0x1ffe, 0x2001, 0x2004 }, 5);
	assert_int_equal(f->v->insns, 5);
	assert_int_equal(f->v->cycles, C_LI + C_INC + C_LI + C_ADD + C_HALT);
	assert_int_equal(f->v->n_blocks_decoded, 3);

	/* Again from the cache. */
	assert_int_equal(run(f, 0x1ff9), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0x44);
	assert_int_equal(f->v->n_blocks_decoded, 3);
}

/* A 5-byte JMP split every possible way across a page end. */
static void test_straddle_every_split(void **state)
{
	struct fixture *f = *state;
	for (unsigned k = 1; k <= 4; k++) {
		uint64_t page = 0x10000 + k * 0x2000, at = page - k, target = page + 0x100;
		uint8_t jmp[] = { JMP(target) };
		uint8_t body[] = { LI(0, k), HALT };
		load(f, at, jmp, sizeof(jmp));
		load(f, target, body, sizeof(body));
		assert_int_equal(run(f, at), CORE_EXIT_HALT);
		assert_int_equal(f->cpu->r[0], k);
		assert_trace(f, (uint64_t[]){ at, target, target + 3 }, 3);
	}
	assert_int_equal(f->v->insns, 4 * 3);
	assert_int_equal(f->v->cycles, 4 * (C_JMP + C_LI + C_HALT));
}

/*
 * The straddling JMP's target lives in its bytes on the second page. When
 * they change (host write, or a guest store), the next run must jump to
 * the new target: the straddling block depends on both pages.
 */
static void test_straddle_second_page_modified(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0x2ffe, JMP(0x5000));  /* 03 00 | 50 00 00: the 0x50 is at 0x3000 */
	LOAD(f, 0x5000, LI(0, 1), HALT);
	LOAD(f, 0x5100, LI(0, 2), HALT);
	assert_int_equal(run(f, 0x2ffe), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 1);

	/* The host rewrites the target's second byte on the second page. */
	uint8_t b = 0x51;
	assert_true(mem_host_write(&f->mem, 0x3000, &b, 1));
	assert_int_equal(run(f, 0x2ffe), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 2);

	/* The guest puts it back with a store. */
	LOAD(f, 0x6000, LI(1, 0x50), ST(0x3000, 1), JMP(0x2ffe));
	assert_int_equal(run(f, 0x6000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 1);
}

/*
 * The second page of a straddling instruction is not mapped: the fetch
 * faults (the ISA takes its exception). Once the guest maps the page, the
 * instruction runs; until it does, it faults every time.
 */
static void test_straddle_second_page_faults(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0x2ffe, JMP(0x5000));
	LOAD(f, 0x5000, LI(0, 1), HALT);
	f->cpu->unmapped = 0x3000;
	assert_int_equal(run(f, 0x2ffe), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->faults, 1);
	assert_int_equal(f->cpu->fault_va, 0x3000);
	assert_int_equal(f->cpu->r[3], 0xee);
	assert_int_equal(f->cpu->r[0], 0);

	/* Still unmapped: the same fault again, not a spin. */
	f->cpu->r[3] = 0;
	assert_int_equal(run(f, 0x2ffe), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->faults, 2);
	assert_int_equal(f->cpu->r[3], 0xee);

	/* The guest's handler maps the page (and flushes its TLB): it runs. */
	f->cpu->unmapped = UINT64_MAX;
	core_tlb_flush_all(f->v);
	assert_int_equal(run(f, 0x2ffe), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->faults, 2);
	assert_int_equal(f->cpu->r[0], 1);
}

/*
 * The guest remaps the second virtual page of a straddling instruction
 * (and flushes its TLB): the instruction must read its bytes from the new
 * physical page, and fault once the page is unmapped, although its block,
 * keyed by the first page, is still in the decode cache. LI r0 at 0x3ffe
 * has its immediate at 0x4000, which maps to 0xa000's page (0x11) and then
 * to 0xb000's (0x22); the HALT after it at 0x4001 is on both.
 */
static void test_straddle_second_page_remapped(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0x3ffe, OP_LI, 0);
	LOAD(f, 0xa000, 0x11, HALT);
	LOAD(f, 0xb000, 0x22, HALT);
	f->cpu->remap_va = 0x4000;
	f->cpu->remap_pa = 0xa000;
	assert_int_equal(run(f, 0x3ffe), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0x11);

	f->cpu->remap_pa = 0xb000;
	core_tlb_flush_all(f->v);
	assert_int_equal(run(f, 0x3ffe), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0x22);
	assert_int_equal(f->cpu->faults, 0);

	/* Unmapped now: the fetch of the instruction's second page faults. */
	f->cpu->unmapped = 0x4000;
	core_tlb_flush_all(f->v);
	f->cpu->r[0] = 0;
	assert_int_equal(run(f, 0x3ffe), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->faults, 1);
	assert_int_equal(f->cpu->fault_va, 0x4000);
	assert_int_equal(f->cpu->r[3], 0xee);
	assert_int_equal(f->cpu->r[0], 0);

	/*
	 * Mapped back to the first page: the block decoded with it is found
	 * again (blocks for both second pages live side by side), as is the
	 * HALT's block on that page: nothing is decoded anew.
	 */
	f->cpu->unmapped = UINT64_MAX;
	f->cpu->remap_pa = 0xa000;
	core_tlb_flush_all(f->v);
	uint64_t decoded = f->v->n_blocks_decoded;
	assert_int_equal(run(f, 0x3ffe), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0x11);
	assert_int_equal(f->v->n_blocks_decoded, decoded);
}

/*
 * Self-modifying code through the guest's stores. The TLB entry for the
 * code page was filled writable before any code was decoded there: decoding
 * must revoke it, so the store takes the slow path and invalidates.
 */
static void test_smc_guest_store(void **state)
{
	struct fixture *f = *state;
	/* A data store to page 0x1000 while it holds no code: a writable entry. */
	LOAD(f, 0x3100, LI(1, 9), ST(0x1f00, 1), HALT);
	assert_int_equal(run(f, 0x3100), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->st_slow, 1);

	/* Code runs on page 0x1000. */
	LOAD(f, 0x1000, LI(0, 5), HALT);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 5);

	/* Another block, on another page, patches LI's immediate and jumps there. */
	LOAD(f, 0x6000, LI(1, 7), ST(0x1002, 1), JMP(0x1000));
	assert_int_equal(f->cache.n_invalidations, 0);
	assert_int_equal(run(f, 0x6000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->st_slow, 2);
	assert_int_equal(f->cache.n_invalidations, 1);
	assert_int_equal(f->cpu->r[0], 7);

	/* The page holds code again, so the next store invalidates again. */
	assert_int_equal(run(f, 0x6000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->st_slow, 3);
	assert_int_equal(f->cache.n_invalidations, 2);

	/* Stores to a page without code miss once, then stay on the fast path. */
	LOAD(f, 0x9000, LI(1, 1), ST(0x7000, 1), ST(0x7001, 1), HALT);
	assert_int_equal(run(f, 0x9000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->st_slow, 4);
	assert_int_equal(f->cache.n_invalidations, 2);
}

/*
 * A block that patches an instruction later in itself: the running block
 * finishes with the ops it decoded (as hardware may before IC IVAU + ISB),
 * and the next run executes the new instruction.
 */
static void test_smc_own_block(void **state)
{
	struct fixture *f = *state;
	/* 0x1000 LI r1,9 | 0x1003 ST [0x100b],r1 | 0x1009 LI r0,5 | 0x100c HALT */
	LOAD(f, 0x1000, LI(1, 9), ST(0x100b, 1), LI(0, 5), HALT);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 5);
	assert_int_equal(f->cache.n_invalidations, 1);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 9);
	assert_int_equal(f->v->n_blocks_decoded, 2);
}

/*
 * The same block with an ISA whose stores into running code take effect at
 * the next instruction (x86): the patched LI runs with its new immediate in
 * this very run; the op after the store leaves the block unretired and the
 * rest is decoded anew.
 */
static void test_smc_own_block_precise(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0x1000, LI(1, 9), ST(0x100b, 1), LI(0, 5), HALT);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 9);
	assert_int_equal(f->cache.n_invalidations, 1);
	assert_trace(f, (uint64_t[]){ 0x1000, 0x1003, 0x1009, 0x100c }, 4);
	assert_int_equal(f->v->insns, 4);
	assert_int_equal(f->v->cycles, C_LI + C_ST + C_LI + C_HALT);
	assert_int_equal(f->v->n_blocks_decoded, 2);
}

/*
 * An instruction boundary asked for by the ISA (an interrupt shadow): an
 * interrupt raised before SHADOW waits for exactly one more instruction,
 * then is taken, although that instruction is in the middle of a block.
 */
static void test_boundary_shadow(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0x1000, RAISE, SHADOW, INC(1), INC(1), HALT);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[1], 1);
	assert_int_equal(f->cpu->r[2], 0x77);
	assert_int_equal(f->cpu->boundaries, 1);
	assert_trace(f, (uint64_t[]){ 0x1000, 0x1001, 0x1002, IRQ_VEC, IRQ_VEC + 3 }, 5);
	assert_int_equal(f->v->insns, 5);
	assert_int_equal(f->v->cycles, 1 + 1 + C_INC + C_LI + C_HALT);
}

/*
 * What ends a halt is the ISA's to say: a masked interrupt leaves the vCPU
 * asleep (x86 HLT with IF=0), an unmasked one wakes it and is taken.
 */
static void test_halt_wake_rule(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0x1000, WAIT, LI(0, 1), HALT);
	f->cpu->masked = true;
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_true(f->v->halted);
	f->v->irq_pending = true;
	core_vcpu_kick(f->v);
	assert_int_equal(core_run(f->v, UINT64_MAX), CORE_EXIT_HALT);
	assert_true(f->v->halted);
	assert_int_equal(f->cpu->r[2], 0);

	f->cpu->masked = false;
	assert_int_equal(core_run(f->v, UINT64_MAX), CORE_EXIT_HALT);
	assert_false(f->v->halted);
	assert_int_equal(f->cpu->r[2], 0x77);
	assert_int_equal(f->cpu->r[0], 0);
}

/*
 * RAM added after the decode cache was made (a board adding memory, a
 * hotplug): code there is cached and invalidated like any other.
 */
static void test_ram_added_after_init(void **state)
{
	struct fixture *f = *state;
	const uint64_t hi = 0x100000;
	assert_non_null(mem_add_ram(&f->mem, "late", hi, 16 * PG, MEM_SHARED));
	uint8_t prog[] = { LI(0, 5), HALT };
	assert_true(mem_load(&f->mem, hi + 15 * PG, prog, sizeof(prog)));
	assert_int_equal(run(f, hi + 15 * PG), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 5);
	assert_true(f->cache.n_by_page >= f->mem.n_pages);

	uint8_t six = 6;
	assert_true(mem_host_write(&f->mem, hi + 15 * PG + 2, &six, 1));
	assert_int_equal(f->cache.n_invalidations, 1);
	assert_int_equal(run(f, hi + 15 * PG), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 6);
}

/*
 * A debugger's watchpoint, by the ISA's rule: before the access (arm64: the
 * store does not happen, the instruction does not retire, pc is at it) or
 * after it (x86's data breakpoints: the store happened, the instruction
 * retired, pc is at the next one), in the debug loop.
 */
static void test_watch_before_and_after(void **state)
{
	struct fixture *f = *state;
	struct core_hooks hooks = { 0 };
	f->v->hooks = &hooks;
	LOAD(f, 0x1000, LI(1, 7), ST(0x7000, 1), INC(2), HALT);
	assert_int_equal(core_debug_watch_insert(&hooks, &f->cache, 0x7000, 1, CORE_WATCH_WRITE), 0);
	uint8_t b;

	f->v->pc = 0x1000;
	assert_int_equal(core_run_debug(f->v, UINT64_MAX), CORE_EXIT_DEBUG);
	assert_int_equal(hooks.stop, CORE_STOP_WATCH);
	assert_int_equal(hooks.stop_addr, 0x7000);
	assert_int_equal(f->v->pc, 0x1003);
	assert_true(mem_host_read(&f->mem, 0x7000, &b, 1));
	assert_int_equal(b, 0);
	assert_int_equal(f->v->insns, 1);

	hooks.watch_after = true;
	f->v->pc = 0x1000;
	assert_int_equal(core_run_debug(f->v, UINT64_MAX), CORE_EXIT_DEBUG);
	assert_int_equal(hooks.stop, CORE_STOP_WATCH);
	assert_int_equal(hooks.stop_addr, 0x7000);
	assert_int_equal(f->v->pc, 0x1009);
	assert_true(mem_host_read(&f->mem, 0x7000, &b, 1));
	assert_int_equal(b, 7);
	assert_int_equal(f->cpu->r[2], 0);
	assert_int_equal(f->v->insns, 1 + 2);
	assert_int_equal(f->v->cycles, C_LI + C_LI + C_ST);

	/* Going on from there: the rest of the block runs. */
	assert_int_equal(core_run_debug(f->v, UINT64_MAX), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[2], 1);
	f->v->hooks = NULL;
}

/* Self-modifying code by the host (a device's DMA) and the loader. */
static void test_smc_host_write(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0x1000, LI(0, 5), HALT);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 5);

	uint8_t six = 6;
	assert_true(mem_host_write(&f->mem, 0x1002, &six, 1));
	assert_int_equal(f->cache.n_invalidations, 1);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 6);

	LOAD(f, 0x1002, 8);
	assert_int_equal(f->cache.n_invalidations, 2);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 8);

	/* Made private, the page refuses the host: the code stays as it was. */
	struct mem_req g = { .kind = MEM_BY_GUEST, .via = "test" };
	assert_int_equal(mem_page_unshare(&f->mem, &g, 0x1000), MEM_OK);
	assert_false(mem_host_write(&f->mem, 0x1002, &six, 1));
	assert_int_equal(f->cache.n_invalidations, 2);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 8);
	assert_int_equal(f->v->n_blocks_decoded, 3);
}

/*
 * A jump-cache miss whose fetch entry had left the TLB (the fetch is
 * translated again) takes the slot's block back without the hash lookup,
 * but only if that block was decoded from the page va now maps to, in the
 * current mode, and is still valid. Each run below starts from a flushed
 * TLB with the slot holding the block last run at 0x5000.
 */
static void test_refill_rechecks_slot(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0xa000, LI(0, 0x10), LI(1, 1), ADD(0, 1), HALT);
	LOAD(f, 0xb000, LI(0, 0x20), LI(1, 2), ADD(0, 1), HALT);
	f->cpu->remap_va = 0x5000;
	f->cpu->remap_pa = 0xa000;
	assert_int_equal(run(f, 0x5000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0x11);

	/* The same page again: the slot's block. */
	core_tlb_flush_all(f->v);
	assert_int_equal(run(f, 0x5000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0x11);
	assert_int_equal(f->v->n_blocks_decoded, 1);

	/* Remapped: the other page's code. */
	f->cpu->remap_pa = 0xb000;
	core_tlb_flush_all(f->v);
	assert_int_equal(run(f, 0x5000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0x22);

	/* Another mode: ADD subtracts. */
	f->v->mode = 1;
	core_tlb_flush_all(f->v);
	assert_int_equal(run(f, 0x5000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0x1e);
	f->v->mode = 0;

	/* Rewritten by the host while the entry was gone: decoded anew. */
	assert_int_equal(run(f, 0x5000), CORE_EXIT_HALT);
	core_tlb_flush_all(f->v);
	LOAD(f, 0xb002, 0x30);
	assert_int_equal(run(f, 0x5000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 0x32);
	assert_int_equal(f->v->n_blocks_decoded, 4);
}

static void test_insn_limit_and_stop_at(void **state)
{
	struct fixture *f = *state;
	struct core_vcpu *v = f->v;
	/* for (;;) r0++;  two ops per block */
	LOAD(f, 0x1000, INC(0), JMP(0x1000));
	v->pc = 0x1000;

	v->insn_limit = 10;
	assert_int_equal(core_run(v, UINT64_MAX), CORE_EXIT_BUDGET);
	assert_int_equal(v->insns, 10);
	assert_int_equal(f->cpu->r[0], 5);
	assert_int_equal(v->cycles, 5 * (C_INC + C_JMP));

	/* Resumes where it stopped. */
	v->insn_limit = 20;
	assert_int_equal(core_run(v, UINT64_MAX), CORE_EXIT_BUDGET);
	assert_int_equal(v->insns, 20);
	assert_int_equal(f->cpu->r[0], 10);
	assert_int_equal(v->pc, 0x1000);

	/* Already there: nothing runs. */
	assert_int_equal(core_run(v, UINT64_MAX), CORE_EXIT_BUDGET);
	assert_int_equal(v->insns, 20);

	/* The budget is checked between blocks: it may end inside one. */
	v->insn_limit = 25;
	assert_int_equal(core_run(v, UINT64_MAX), CORE_EXIT_BUDGET);
	assert_true(v->insns >= 25 && v->insns < 25 + 2);

	/* The cycle budget. */
	v->insn_limit = UINT64_MAX;
	uint64_t c0 = v->cycles, r0 = f->cpu->r[0];
	assert_int_equal(core_run(v, c0 + 10 * (C_INC + C_JMP)), CORE_EXIT_BUDGET);
	assert_int_equal(v->cycles, c0 + 10 * (C_INC + C_JMP));
	assert_int_equal(f->cpu->r[0], r0 + 10);
	assert_int_equal(v->n_blocks_decoded, 1);
}

static void test_mode_keys_decode_cache(void **state)
{
	struct fixture *f = *state;
	LOAD(f, 0x1000, LI(0, 10), LI(1, 3), ADD(0, 1), HALT);
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 13);
	f->v->mode = 1;
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 7);
	f->v->mode = 0;
	assert_int_equal(run(f, 0x1000), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 13);
	assert_int_equal(f->v->n_blocks_decoded, 2);
}

/*
 * A decoder that still wants more bytes than any instruction has is a bug
 * in hvsim: core_run reports it (CORE_EXIT_INTERNAL) instead of spinning.
 */
static void test_broken_decoder_is_internal_error(void **state)
{
	struct fixture *f = *state;
	/* Straddling: 2 bytes here, and 16 from both pages are still not enough. */
	LOAD(f, 0x1ffe, OP_LONG);
	assert_int_equal(run(f, 0x1ffe), CORE_EXIT_INTERNAL);
	/* 16 bytes before the page end: not a straddle the engine can serve. */
	LOAD(f, 0x2ff0, OP_LONG);
	assert_int_equal(run(f, 0x2ff0), CORE_EXIT_INTERNAL);
	assert_int_equal(f->v->insns, 0);
	assert_int_equal(f->v->n_blocks_decoded, 0);
	/* Nothing was cached: the next run starts afresh. */
	LOAD(f, 0x1ffe, LI(0, 4), HALT);
	assert_int_equal(run(f, 0x1ffe), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], 4);
}

#define CHAIN_BASE 0x10000u
#define CHAIN_N 120u
#define CHAIN_STRIDE 16u

/* CHAIN_N blocks of "INC r0; JMP next", then HALT. */
static void load_chain(struct fixture *f)
{
	for (unsigned i = 0; i < CHAIN_N; i++) {
		uint32_t next = CHAIN_BASE + (i + 1) * CHAIN_STRIDE;
		uint8_t blk[] = { INC(0), JMP(next) };
		load(f, CHAIN_BASE + i * CHAIN_STRIDE, blk, sizeof(blk));
	}
	LOAD(f, CHAIN_BASE + CHAIN_N * CHAIN_STRIDE, HALT);
}

/* Is every entry of every regime of v's TLB empty? */
static bool tlb_all_empty(struct core_vcpu *v)
{
	for (unsigned m = 0; m < v->isa->tlb_regimes; m++)
		for (unsigned i = 0; i < CORE_TLB_SIZE; i++) {
			const struct core_tlb_entry *e = &v->tlbs[m].e[i];
			if (e->tag_r != CORE_TLB_INVALID || e->tag_w != CORE_TLB_INVALID ||
			    e->tag_x != CORE_TLB_INVALID || e->pa != UINT64_MAX)
				return false;
		}
	return true;
}

static void fill(struct fixture *f, uint64_t va, uint64_t pa)
{
	assert_true(core_tlb_fill(f->v, f->v->tlb, va, pa, CORE_PROT_R | CORE_PROT_W | CORE_PROT_X,
				  false, MEM_VIEW_OWN));
}

/*
 * A flush clears the slots filled since the last one (the TLB lists them):
 * whatever the order of fills, refills and partial flushes, the table ends
 * empty, also when the list outgrew the table.
 */
static void test_tlb_flush_after_fills(void **state)
{
	struct fixture *f = *state;
	struct core_vcpu *v = f->v;
	core_tlb_flush_all(v);
	assert_true(tlb_all_empty(v));
	for (uint64_t k = 0; k < 5; k++)
		fill(f, k * 0x10000 * PG, k * PG);
	core_tlb_flush_all(v);
	assert_true(tlb_all_empty(v));

	/* Partial flushes, refills of the slots they emptied, then fills over the whole table. */
	fill(f, 0x5000 * PG, 3 * PG);
	fill(f, 0x6000 * PG + 1 * PG, 4 * PG);
	core_tlb_flush_pa(v, 3 * PG);
	assert_int_equal(core_tlb_slot(v->tlb, 0x5000 * PG)->pa, UINT64_MAX);
	assert_int_equal(core_tlb_slot(v->tlb, 0x6000 * PG + PG)->pa, 4 * PG);
	fill(f, 0x5000 * PG, 3 * PG);
	core_tlb_flush_va(v, 0x6000 * PG + PG);
	fill(f, 0x7000 * PG + PG, 5 * PG);
	for (uint64_t k = 0; k < CORE_TLB_SIZE + 100; k++)
		fill(f, 0x100000 * PG + k * PG, (k % 64) * PG);
	core_tlb_flush_all(v);
	assert_true(tlb_all_empty(v));

	/* One slot emptied and refilled more often than the table has slots. */
	for (unsigned k = 0; k < 3 * CORE_TLB_SIZE; k++) {
		fill(f, 0x9000 * PG + (k % 7) * PG, (k % 64) * PG);
		core_tlb_flush_va(v, 0x9000 * PG + (k % 7) * PG);
		fill(f, 0x9000 * PG + (k % 7) * PG + 2 * CORE_TLB_SIZE * PG, 7 * PG);
	}
	core_tlb_flush_all(v);
	assert_true(tlb_all_empty(v));
	fill(f, 0x42 * PG, 2 * PG);
	core_tlb_flush_all(v);
	assert_true(tlb_all_empty(v));

	/* Code arriving on a page takes write permission from every entry mapping it. */
	fill(f, 0x50 * PG, 9 * PG);
	fill(f, 0x51 * PG, 9 * PG);
	LOAD(f, 9 * PG, HALT);
	assert_int_equal(run(f, 9 * PG), CORE_EXIT_HALT);
	assert_int_equal(core_tlb_slot(v->tlb, 0x50 * PG)->tag_w, CORE_TLB_INVALID);
	assert_int_equal(core_tlb_slot(v->tlb, 0x51 * PG)->tag_w, CORE_TLB_INVALID);
	assert_int_equal(core_tlb_slot(v->tlb, 0x51 * PG)->tag_r, 0x51 * PG);
}

static int setup_tiny_arena(void **state)
{
	/* Room for a few dozen small blocks. */
	return setup_arena(state, 8192);
}

static void test_arena_fills_and_flushes(void **state)
{
	struct fixture *f = *state;
	load_chain(f);
	for (int pass = 1; pass <= 2; pass++) {
		f->cpu->r[0] = 0;
		assert_int_equal(run(f, CHAIN_BASE), CORE_EXIT_HALT);
		assert_int_equal(f->cpu->r[0], CHAIN_N);
		assert_int_equal(f->cpu->n_trace, 2 * CHAIN_N + 1);
		assert_true(f->cache.arena_used <= f->cache.arena_size);
	}
	/* The arena could not hold them all: it was flushed, and nothing broke. */
	assert_true(f->cache.n_flushes >= 2);
	assert_int_equal(f->v->insns, 2 * (2 * CHAIN_N + 1));
	assert_int_equal(f->v->cycles, 2 * (CHAIN_N * (C_INC + C_JMP) + C_HALT));
	/* Blocks flushed away were decoded again. */
	assert_true(f->v->n_blocks_decoded > CHAIN_N + 1);
	assert_true(f->v->n_blocks_decoded <= 2 * (CHAIN_N + 1));
}

static void test_explicit_flush(void **state)
{
	struct fixture *f = *state;
	load_chain(f);
	assert_int_equal(run(f, CHAIN_BASE), CORE_EXIT_HALT);
	assert_int_equal(f->cache.n_flushes, 0);
	assert_true(mem_page_at(&f->mem, CHAIN_BASE, NULL)->flags & MEM_PF_CODE);

	core_cache_flush(&f->cache);
	assert_int_equal(f->cache.n_flushes, 1);
	/* Empty again. */
	assert_int_equal(f->cache.arena_used, 0);
	/* No page holds code any more: host writes are not invalidations. */
	assert_false(mem_page_at(&f->mem, CHAIN_BASE, NULL)->flags & MEM_PF_CODE);
	uint8_t b = 0;
	assert_true(mem_host_write(&f->mem, CHAIN_BASE + CHAIN_N * CHAIN_STRIDE + 1, &b, 1));
	assert_int_equal(f->cache.n_invalidations, 0);

	f->cpu->r[0] = 0;
	assert_int_equal(run(f, CHAIN_BASE), CORE_EXIT_HALT);
	assert_int_equal(f->cpu->r[0], CHAIN_N);
	assert_int_equal(f->v->n_blocks_decoded, 2 * (CHAIN_N + 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_straight_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loop_cycles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exception_refunds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refund_at_every_op, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_ops_per_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_straddle_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_straddle_every_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_straddle_second_page_modified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_straddle_second_page_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_straddle_second_page_remapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_decoder_is_internal_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smc_guest_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smc_own_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smc_own_block_precise, setup_precise, teardown),
		cmocka_unit_test_setup_teardown(test_boundary_shadow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_halt_wake_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ram_added_after_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_before_and_after, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smc_host_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refill_rechecks_slot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insn_limit_and_stop_at, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_keys_decode_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arena_fills_and_flushes, setup_tiny_arena, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlb_flush_after_fills, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
