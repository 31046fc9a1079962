/*
 * The ISA-neutral interpreter engine: decoded ops and blocks, the decode
 * cache, the dispatch loop, the soft TLB, virtual time and the event queue.
 *
 * The core knows no ISA. An ISA embeds `struct core_vcpu` at the start of
 * its CPU state and supplies `struct core_isa`: decode one instruction,
 * translate a fetch address, deliver pending interrupts (and decide what
 * wakes a halted vCPU), its TLB regimes, how a hypercall's registers are
 * read and written, and whether a store into running code takes effect at
 * the next instruction. Everything the hot path needs is precomputed at
 * decode time into `struct core_op`.
 */
#ifndef HVSIM_CORE_H
#define HVSIM_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem/mem.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

struct core_vcpu;
struct core_op;

/*
 * What an op handler returns. CORE_OK: fall through to the next op of the
 * block. Anything else leaves the block; the handler has set vcpu->pc.
 * The statuses of an op that did not retire carry CORE_NORETIRE, so the
 * loop's refund tests one bit.
 */
#define CORE_NORETIRE 8
enum core_status {
	CORE_OK = 0,
	CORE_BRANCH,    /* control flow changed: vcpu->pc is the target */
	CORE_TRAP_DONE, /* exception taken after the op retired (SVC, HVC, BRK...) */
	CORE_EXIT,      /* leave core_run: vcpu->exit says why (op retired) */
	CORE_SYNC,      /* state changed that ends the block (MSR, ISB...): pc = next */
	CORE_EXCEPTION = CORE_NORETIRE, /* the ISA took an exception: pc is the vector */
	CORE_EXIT_NORETIRE,             /* leave core_run; pc = op's pc */
	CORE_STALE,     /* the op's block was rewritten under it (precise self-modifying
			   code): pc = its address, decode anew */
};

/*
 * What a handler's entry returns: a status in a type of its own, so that a
 * function written as a plain `int f(vcpu, op)` cannot be an op's handler
 * (it would neither continue the chain nor note leave_op; CORE_HANDLER).
 */
struct core_leave {
	int status;
};
typedef struct core_leave (*core_handler_fn)(struct core_vcpu *vcpu, const struct core_op *op);

/*
 * Threaded dispatch. Every handler is written as a body that returns a
 * status, CORE_OK to fall through, behind CORE_HANDLER(name), which makes
 * `name` the entry that op->fn points at: on CORE_OK the entry jumps
 * straight to the next op's entry (CORE_NEXT), so a block runs as a chain of
 * jumps with no return to a dispatch loop between ops; on any other status
 * it notes the op that left (vcpu->leave_op, whence core_run refunds the
 * precharge of the ops that did not run) and returns the status to
 * whoever started the chain. A block's ops end with an op that leaves
 * (the engine's block end), so a chain is at most CORE_BLOCK_MAX_OPS + 1
 * ops long.
 *
 * The jump is a guaranteed tail call (musttail: no stack growth, at any
 * optimisation level) where the compiler has one (clang); when optimising
 * without it (GCC 12), a plain tail call, which the optimiser turns into a
 * jump wherever the handler lets it (one that cannot be keeps its frame
 * until the block ends: a block's worth of frames at most); not optimising,
 * the entry returns CORE_OK and core_run's loop calls the next op. The
 * bodies are the same every way, and so is every cycle. HVSIM_THREADED=0
 * asks for the loop on any compiler.
 *
 * An entry must never be called directly (it would run the rest of the
 * block): such a call does not compile (the entries are never inlined, so
 * the error attribute sees every call at every optimisation level). Run
 * one op alone with core_op_run_one.
 */
#if !defined(HVSIM_THREADED)
#if __has_attribute(musttail) || defined(__OPTIMIZE__)
#define HVSIM_THREADED 1
#else
#define HVSIM_THREADED 0
#endif
#endif
#if HVSIM_THREADED && __has_attribute(musttail)
#define CORE_NEXT(v, op) __attribute__((musttail)) return (op + 1)->fn(v, op + 1)
#elif HVSIM_THREADED
#define CORE_NEXT(v, op) return (op + 1)->fn(v, op + 1)
#else
#define CORE_NEXT(v, op) return (struct core_leave){ CORE_OK }
#endif

#define CORE_HANDLER_LINKAGE(linkage, name)                                              \
	static inline __attribute__((always_inline)) int name##_body(                    \
		struct core_vcpu *v, const struct core_op *op);                          \
	linkage struct core_leave name(struct core_vcpu *v, const struct core_op *op)    \
	{                                                                                \
		int st_ = name##_body(v, op);                                            \
		if (likely(st_ == CORE_OK))                                              \
			CORE_NEXT(v, op);                                                \
		v->leave_op = op;                                                        \
		return (struct core_leave){ st_ };                                       \
	}                                                                                \
	static inline __attribute__((always_inline)) int name##_body(                    \
		struct core_vcpu *v, const struct core_op *op)
/*
 * A handler of one file; CORE_HANDLER_EXTERN: one that other files'
 * decoders name, declared in a header with CORE_HANDLER_DECLARE.
 */
#define CORE_HANDLER_DECLARE(linkage, name)                                              \
	linkage struct core_leave name(struct core_vcpu *v, const struct core_op *op)    \
		__attribute__((noinline,                                                 \
			       error("op handler entry called directly: use its body")))
#define CORE_HANDLER(name)                                                               \
	CORE_HANDLER_DECLARE(static, name);                                              \
	CORE_HANDLER_LINKAGE(static, name)
#define CORE_HANDLER_EXTERN(name) CORE_HANDLER_LINKAGE(, name)

/*
 * One pre-decoded instruction. 32 bytes, so two share a cache line. The
 * operand fields are the ISA's to interpret; the decoder fills them once.
 */
struct core_op {
	core_handler_fn fn;
	uint64_t imm;     /* immediate / offset / target, already sign-extended */
	uint8_t r[4];     /* register indices (the ISA maps special registers) */
	uint8_t f[4];     /* small fields: size, shift type, condition, flags */
	uint32_t insn;    /* raw encoding (trace, ESR ISS, slow paths) */
	uint16_t off;     /* byte offset of this op from the block's start */
	uint8_t len;      /* instruction length in bytes */
	uint8_t cost;     /* static cycle cost from the timing model */
};
_Static_assert(sizeof(struct core_op) == 32, "core_op should stay 32 bytes");

/* Op classes the timing model prices. The ISA tags each op with one. */
enum core_op_class {
	CORE_CLASS_ALU,
	CORE_CLASS_MUL,
	CORE_CLASS_DIV,
	CORE_CLASS_LOAD,
	CORE_CLASS_STORE,
	CORE_CLASS_BRANCH,
	CORE_CLASS_FP,
	CORE_CLASS_FDIV,
	CORE_CLASS_SIMD,
	CORE_CLASS_SYS,
	CORE_CLASS_ATOMIC,
	CORE_CLASS_COUNT
};

struct core_timing {
	const char *name;
	uint64_t hz;            /* the core clock: cycles per second of virtual time */
	uint8_t cost[CORE_CLASS_COUNT];
	uint8_t taken_branch;   /* extra cycles when a branch is taken */
	uint8_t exception;      /* cycles to take an exception */
	uint16_t world_switch;  /* cycles for a hypercall round trip to the host */
};
const struct core_timing *core_timing_find(const char *name);

/*
 * Virtual time is cycles of the core clock; every conversion to seconds,
 * nanoseconds or another clock (a system counter, an RTC) goes through
 * these, so no code assumes a clock frequency.
 */
static inline uint64_t core_clock_scale(uint64_t ticks, uint64_t from_hz, uint64_t to_hz)
{
	return (uint64_t)((unsigned __int128)ticks * to_hz / from_hz);
}
static inline uint64_t core_cycles_to_ns(const struct core_timing *t, uint64_t cycles)
{
	return core_clock_scale(cycles, t->hz, 1000000000ull);
}
static inline uint64_t core_ns_to_cycles(const struct core_timing *t, uint64_t ns)
{
	return core_clock_scale(ns, 1000000000ull, t->hz);
}

/* ---------------------------------------------------------------- soft TLB */

#define CORE_PAGE_BITS 12
#define CORE_PAGE_SIZE (1ull << CORE_PAGE_BITS)
#define CORE_PAGE_MASK (~(CORE_PAGE_SIZE - 1))
#define CORE_TLB_BITS 9
#define CORE_TLB_SIZE (1u << CORE_TLB_BITS)
#define CORE_TLB_MAX_REGIMES 32 /* translation regimes an ISA may distinguish (tlb_filled's bits) */
#define CORE_TLB_INVALID 1ull /* never equal to a page-aligned tag */

/*
 * A hit is a tag compare and host = va + addend. A tag is the page-aligned
 * virtual address, or CORE_TLB_INVALID when that access kind must take the
 * slow path (not mapped yet, not permitted, MMIO, code on the page for writes).
 */
struct core_tlb_entry {
	uint64_t tag_r, tag_w, tag_x;
	uintptr_t addend;
	uint64_t pa;       /* guest-physical page, for the slow path and traces */
};

struct core_tlb {
	struct core_tlb_entry e[CORE_TLB_SIZE];
	/*
	 * The slots filled since the table was last emptied, so that emptying
	 * it (a guest's TLBI by VA on arm64 empties all of it, a Linux boot
	 * does that tens of thousands of times) clears those only. n_used
	 * counts fills of empty slots; above CORE_TLB_SIZE the list is
	 * incomplete and a flush clears every slot.
	 */
	uint16_t used[CORE_TLB_SIZE];
	uint32_t n_used;
	uint64_t global[CORE_TLB_SIZE / 64];  /* bit k: slot k was filled CORE_PROT_GLOBAL */
};

static inline struct core_tlb_entry *core_tlb_slot(struct core_tlb *t, uint64_t va)
{
	return &t->e[(va >> CORE_PAGE_BITS) & (CORE_TLB_SIZE - 1)];
}

/*
 * The memory fast path every ISA's loads and stores use: one tag compare
 * and an add. An access that is not within one page, or whose entry does
 * not permit it, misses and the ISA's slow path takes over (translation,
 * faults, MMIO, page crossing). Little-endian host assumed.
 */
static inline bool core_tlb_load(struct core_tlb *t, uint64_t va, unsigned size, uint64_t *val)
{
	struct core_tlb_entry *e = core_tlb_slot(t, va);
	if (unlikely(!(e->tag_r == (va & CORE_PAGE_MASK) &&
		       (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size)))
		return false;
	const uint8_t *p = (const uint8_t *)(uintptr_t)(va + e->addend);
	switch (size) {
	case 1: *val = *p; break;
	case 2: { uint16_t x; __builtin_memcpy(&x, p, 2); *val = x; break; }
	case 4: { uint32_t x; __builtin_memcpy(&x, p, 4); *val = x; break; }
	default: __builtin_memcpy(val, p, 8); break;
	}
	return true;
}

static inline bool core_tlb_store(struct core_tlb *t, uint64_t va, unsigned size, uint64_t val)
{
	struct core_tlb_entry *e = core_tlb_slot(t, va);
	if (unlikely(!(e->tag_w == (va & CORE_PAGE_MASK) &&
		       (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size)))
		return false;
	uint8_t *p = (uint8_t *)(uintptr_t)(va + e->addend);
	switch (size) {
	case 1: *p = (uint8_t)val; break;
	case 2: { uint16_t x = (uint16_t)val; __builtin_memcpy(p, &x, 2); break; }
	case 4: { uint32_t x = (uint32_t)val; __builtin_memcpy(p, &x, 4); break; }
	default: __builtin_memcpy(p, &val, 8); break;
	}
	return true;
}

/* Any size within one page (vectors, pairs): a hit copies, a miss returns false. */
static inline bool core_tlb_load_bytes(struct core_tlb *t, uint64_t va, void *buf, unsigned size)
{
	struct core_tlb_entry *e = core_tlb_slot(t, va);
	if (unlikely(!(e->tag_r == (va & CORE_PAGE_MASK) &&
		       (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size)))
		return false;
	__builtin_memcpy(buf, (const void *)(uintptr_t)(va + e->addend), size);
	return true;
}

static inline bool core_tlb_store_bytes(struct core_tlb *t, uint64_t va, const void *buf,
					unsigned size)
{
	struct core_tlb_entry *e = core_tlb_slot(t, va);
	if (unlikely(!(e->tag_w == (va & CORE_PAGE_MASK) &&
		       (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size)))
		return false;
	__builtin_memcpy((void *)(uintptr_t)(va + e->addend), buf, size);
	return true;
}

/*
 * A run of accesses that stays in one page (a REP string instruction's
 * source or destination) remembers the page of a TLB hit, so the next
 * access in the same page needs no slot: the run's two pages may share a
 * slot (addresses 2 MiB apart) and would otherwise evict each other at
 * every element. Valid only while nothing else can change the
 * translation, so the caller drops it when its run ends. Its own stores do
 * not end it: a page whose entry permits stores holds no decoded code and
 * no MMIO, and, as for any TLB hit, a page-table entry the run rewrites is
 * seen once the guest invalidates it (SDM 3:4.10.4).
 */
struct core_tlb_run {
	uint64_t page;        /* CORE_TLB_INVALID: none yet */
	uintptr_t addend;
};

/* The host address of `size` bytes at va, if they lie in the run's page. */
static inline void *core_tlb_run_host(const struct core_tlb_run *r, uint64_t va, unsigned size)
{
	if ((va & CORE_PAGE_MASK) != r->page || (va & (CORE_PAGE_SIZE - 1)) > CORE_PAGE_SIZE - size)
		return NULL;
	return (void *)(uintptr_t)(va + r->addend);
}

/* After an access at va went through the TLB: keep its page if the entry now permits that access. */
static inline void core_tlb_run_note(struct core_tlb_run *r, const struct core_tlb *t, uint64_t va,
				     bool write)
{
	const struct core_tlb_entry *e = &t->e[(va >> CORE_PAGE_BITS) & (CORE_TLB_SIZE - 1)];
	uint64_t tag = write ? e->tag_w : e->tag_r;
	if (tag == (va & CORE_PAGE_MASK)) {
		r->page = tag;
		r->addend = e->addend;
	}
}

/* ------------------------------------------------------------------ blocks */

#define CORE_BLOCK_MAX_OPS 64

/*
 * Events an ISA counts per retired instruction besides the instruction
 * itself (arm64's PMU: branches and memory accesses). Their counts are
 * known at decode (isa->op_events) and kept per block, so they are
 * precharged and refunded with the block's cost, and only while a vCPU
 * asks for them (core_vcpu.count_ev): a run that counts none pays nothing.
 */
#define CORE_N_EV 2
#define CORE_EV_MAX_PER_OP 3   /* a block's sums fit uint8_t: 64 ops x 3 */

/*
 * A 64-byte header, then the ops, 32 bytes each. Blocks are packed at
 * 32-byte granularity (decode_block): a jump-cache hit reads both halves
 * of the header (va, mode and validity; pa for the TLB check) and ops[0],
 * 96 bytes, two cache lines however a block falls, and aligning headers
 * to a half line (as before) left 32 bytes unused per block on average.
 *
 * Before the header, growing down from it, lie the costs of the block's
 * tails, uint16_t each: the cost of ops[k..n_ops-1] at
 * ((uint16_t *)b)[-1 - k], k = 0..n_ops (core_block_tail). A block left
 * early (a taken conditional branch, an exception) is refunded its tail:
 * for small k that is in or next to the header's first line, which the
 * jump-cache hit has read, not in a line after the ops the run skipped.
 */
struct core_block {
	/* cold: decode cache and invalidation */
	uint64_t pa;        /* guest-physical address of the first op */
	struct core_block *hash_next;  /* decode-cache chain */
	struct core_block *page_next;  /* blocks starting on the same page */
	struct core_block *page2_next; /* blocks whose last insn straddles into that page */
	/* hot: read by every dispatch */
	uint64_t va;        /* virtual address of the first op */
	uint32_t mode;      /* ISA mode the block was decoded in */
	uint32_t cost;      /* sum of the ops' static costs */
	uint16_t n_ops;
	uint16_t bytes;
	uint8_t valid;      /* CORE_BLOCK_* */
	uint8_t ev[CORE_N_EV]; /* the ops' ISA events (isa->op_events), precharged while counted */
	uint64_t pa2;       /* CORE_BLOCK_STRADDLE: the second page's guest-physical address */
	struct core_op ops[] __attribute__((aligned(32))); /* n_ops + 1: the last ends the block */
	/* then uint8_t evcum[n_ops + 1][CORE_N_EV]: the events of ops[0..i-1] */
};

_Static_assert(__builtin_offsetof(struct core_block, ops) == 64, "the header is two half lines");

/*
 * A block's validity. A block whose one instruction straddles into a second
 * page is CORE_BLOCK_STRADDLE: the jump cache's fast check (valid ==
 * CORE_BLOCK_VALID) misses it, and the lookup re-checks the second page
 * through the current translation (it records pa2), so a remapped or
 * unmapped second page is seen.
 */
enum { CORE_BLOCK_INVALID = 0, CORE_BLOCK_VALID = 1, CORE_BLOCK_STRADDLE = 2 };

/* A tail's cost fits its uint16_t: at most CORE_BLOCK_MAX_OPS ops of uint8_t cost. */
_Static_assert(CORE_BLOCK_MAX_OPS * 255 <= UINT16_MAX, "block tail costs are uint16_t");

/* The cost of ops[k..n_ops-1] (k <= n_ops): what a block left before op k refunds. */
static inline uint32_t core_block_tail(const struct core_block *b, unsigned k)
{
	return ((const uint16_t *)b)[-1 - (long)k];
}

/* The cost of ops[0..k-1]: the cycles the block has used when op k starts. */
static inline uint32_t core_block_cum(const struct core_block *b, unsigned k)
{
	return b->cost - core_block_tail(b, k);
}

static inline uint8_t (*core_block_evcum(struct core_block *b))[CORE_N_EV]
{
	return (uint8_t (*)[CORE_N_EV])&b->ops[b->n_ops + 1];
}

/* --------------------------------------------------------- virtual time */

typedef void (*core_event_fn)(void *opaque, uint64_t now);

struct core_event {
	uint64_t when;       /* cycle at which it fires */
	core_event_fn fn;
	void *opaque;
	uint64_t seq;        /* insertion order, to break ties deterministically */
	int heap_index;      /* -1 when not queued */
};

struct core_events {
	struct core_event **heap;
	int n, cap;
	uint64_t seq;
};

void core_events_init(struct core_events *q);
void core_events_free(struct core_events *q);
/* (Re)arm `ev` to fire at cycle `when`; an armed event is moved. */
void core_event_arm(struct core_events *q, struct core_event *ev, uint64_t when);
void core_event_cancel(struct core_events *q, struct core_event *ev);
/*
 * Queue `ev` as a snapshot recorded it (machine/snapshot.c): at `when`
 * with its original tie-breaking `seq`; the caller restores q->seq.
 */
void core_event_restore(struct core_events *q, struct core_event *ev, uint64_t when, uint64_t seq);
uint64_t core_events_next(const struct core_events *q); /* UINT64_MAX if none */
/* Fire every event due at or before `now`, in (when, seq) order. */
void core_events_run(struct core_events *q, uint64_t now);

/* ---------------------------------------------------------------- exits */

enum core_exit_reason {
	CORE_EXIT_NONE = 0,
	CORE_EXIT_BUDGET,     /* cycle quantum or instruction budget used up */
	CORE_EXIT_HALT,       /* halted (WFI, WFE, IDLE, HLT) with nothing to wake it */
	CORE_EXIT_HYPERCALL,  /* the emulated hypervisor must answer (exit_info says what) */
	CORE_EXIT_SHUTDOWN,   /* the machine asked to power off / reset */
	CORE_EXIT_DEBUG,
	CORE_EXIT_INTERNAL,   /* a bug in hvsim, reported, never a crash */
};

/*
 * What a vCPU that exits with CORE_EXIT_HYPERCALL asks, in terms the
 * machine routes without knowing the ISA: which instruction (the conduit,
 * numbered by the ISA, named by its core_isa.conduits), its immediate, and
 * which register context made the call. The machine maps (conduit,
 * immediate) to the hypercall ABI or identification table that answers it
 * and reads the arguments through core_isa.hcall_args.
 */
struct core_exit_info {
	uint64_t pc;          /* the address of the instruction that exited */
	uint8_t conduit;      /* index into core_isa.conduits */
	uint32_t immediate;   /* the instruction's immediate (HVC #imm, HVCL code); 0 if none */
	uint32_t context;     /* register context (VMPL, L1/L2 partition); 0 for one-context CPUs */
};

/* How a halted vCPU sleeps (core_vcpu.halt_kind): the machine's run loop reads it. */
enum core_halt_kind {
	CORE_HALT_IRQ,        /* until the ISA's interrupt callback wakes it (WFI, IDLE, HLT) */
	CORE_HALT_QUANTUM,    /* until the end of its quantum at most (WFE: an event nobody tracks) */
};

/* The ISA's callbacks into which the engine calls. */
struct core_isa {
	const char *name;
	/* Soft TLB tables the vCPU gets, one per translation regime (at most CORE_TLB_MAX_REGIMES). */
	unsigned tlb_regimes;
	/*
	 * Self-modifying code: with precise_smc, a store into the block that
	 * is running takes effect at the next instruction (x86); without, the
	 * block finishes with the instructions it was decoded with, as
	 * hardware may before the guest's synchronising barrier (arm64's
	 * IC IVAU + ISB, LoongArch's IBAR).
	 */
	bool precise_smc;
	/* The hypercall and identification instructions, by conduit number (names for traces). */
	const char *const *conduits;
	/*
	 * Translate fetch address va for execution; on success set *pa and
	 * return 0. On a fault, take the ISA's exception for the instruction
	 * at vcpu->pc (va is pc, or an address in the next page when that
	 * instruction straddles into it) and return CORE_EXCEPTION. The ISA
	 * fetches through the current TLB (vcpu->tlb, tag_x): the jump cache
	 * trusts a block only while that entry still maps its virtual address
	 * to the block's page.
	 */
	int (*fetch_translate)(struct core_vcpu *vcpu, uint64_t va, uint64_t *pa);
	/*
	 * Decode the instruction whose bytes start at `bytes` (avail bytes are
	 * readable) into `op`. Return the instruction length, or 0 if more
	 * bytes are needed than available (the engine then ends the block so
	 * the instruction is decoded at the start of the next one). An
	 * undefined encoding decodes to an op that raises the ISA's exception.
	 * op->cost is at least 1 (the engine's budget check relies on it).
	 * *ends_block is set for control flow and state-changing ops.
	 */
	unsigned (*decode)(struct core_vcpu *vcpu, const uint8_t *bytes, size_t avail,
			   struct core_op *op, bool *ends_block);
	/*
	 * The decoded op's ISA events (CORE_N_EV counts, each at most
	 * CORE_EV_MAX_PER_OP) added to vcpu->ev[] when it retires while
	 * vcpu->count_ev is set. NULL: the ISA counts none.
	 */
	void (*op_events)(const struct core_op *op, uint8_t ev[CORE_N_EV]);
	/*
	 * Called between blocks while irq_pending is set: take the pending
	 * interrupt if it is deliverable (return true), and decide whether it
	 * ends a halt (clear vcpu->halted): the wake rule is the ISA's (arm64:
	 * a pending interrupt ends WFI even while masked; x86: HLT with IF=0
	 * sleeps on).
	 */
	bool (*interrupt)(struct core_vcpu *vcpu);
	/*
	 * After the instruction that followed core_vcpu_boundary() retired:
	 * the ISA's instruction-boundary work (an interrupt shadow ends, a
	 * single-step trap is taken). NULL if the ISA never asks.
	 */
	void (*boundary)(struct core_vcpu *vcpu);
	/*
	 * Before the instruction at pc runs at a boundary (core_vcpu_boundary):
	 * the ISA's check of that instruction (a hardware breakpoint). Return
	 * true if it took an exception instead (pc is the vector); the
	 * instruction does not run and isa->boundary is not called. NULL if
	 * the ISA never checks.
	 */
	bool (*before)(struct core_vcpu *vcpu);
	/*
	 * A hypercall's registers (exit_info.conduit says which convention):
	 * read n arguments into a[], write n results back from r[].
	 */
	void (*hcall_args)(struct core_vcpu *vcpu, uint64_t *a, unsigned n);
	void (*hcall_results)(struct core_vcpu *vcpu, const uint64_t *r, unsigned n);
};

struct core_machine;

/*
 * Generic vCPU state. ISAs embed this first in their CPU struct.
 */
struct core_vcpu {
	uint64_t pc;
	uint64_t cycles;          /* virtual time of this vCPU */
	uint64_t insns;           /* retired instructions */
	/*
	 * The ISA's events retired (isa->op_events), counted only while
	 * count_ev is set; whoever sets or clears it kicks the vCPU, and the
	 * loop changes its way of counting at the next block.
	 */
	uint64_t ev[CORE_N_EV];
	bool count_ev;
	uint64_t block_va;        /* va of the running block (handlers: pc = block_va + op->off) */
	const struct core_op *leave_op; /* the op whose handler left the block (CORE_HANDLER) */
	uint64_t stop_at;         /* leave the loop when cycles reach this */
	uint64_t insn_limit;      /* leave the loop when insns reach this (--max-insns) */
	uint32_t mode;            /* ISA mode bits keying the decode cache (ISA keeps it current) */
	uint32_t tlb_filled;      /* bit m: tlbs[m] may hold entries (flushes skip clean tables) */
	uint64_t check_at;        /* cycle at which the loop next leaves its fast path */
	enum core_exit_reason exit;
	struct core_exit_info exit_info; /* with CORE_EXIT_HYPERCALL */
	const char *exit_why;     /* with CORE_EXIT_SHUTDOWN: why, in words; NULL: x86's triple fault */
	int index;
	bool halted;              /* asleep; the ISA's interrupt callback wakes it (kick after setting) */
	uint8_t halt_kind;        /* enum core_halt_kind, while halted */
	bool irq_pending;         /* an interrupt line is asserted (kick after raising) */
	bool boundary;            /* run one instruction, then call isa->boundary (slow path) */
	/*
	 * The vCPU as a requester of memory (mem.h): instruction fetches use it
	 * as it is (req.view is the view fetches take), TLB fills with the view
	 * the walk found; the ISA keeps level and ctx current if it has levels
	 * or contexts.
	 */
	struct mem_req req;

	struct core_tlb *tlb;     /* table of the current translation regime */
	struct core_tlb *tlbs;    /* isa->tlb_regimes tables */
	struct core_tlb_large *tlb_large; /* mappings the tables hold in pieces */

	const struct core_isa *isa;
	const struct core_timing *timing;
	struct core_cache *cache; /* shared decode cache */
	struct mem_space *mem;
	struct core_block **jmp;  /* direct-mapped va -> block cache */

	/* Statistics the engine keeps; ISAs add their own. */
	uint64_t n_blocks_decoded;
	uint64_t n_exceptions;

	struct core_hooks *hooks; /* debugger and trace hooks (debug.h); NULL: none */
	const struct core_timer_hook *timer_hook; /* NULL: timers fire when due */
};

/*
 * The host's say in when a vCPU's timer fires (the fault injector's
 * timer-skew, machine/faults.c): the ISA's timer asks before it arms its
 * event for cycle `when`, and arms it for the cycle answered.
 */
struct core_timer_hook {
	uint64_t (*when)(void *opaque, int vcpu, uint64_t when);
	void *opaque;
};

static inline uint64_t core_timer_when(const struct core_vcpu *v, uint64_t when)
{
	return unlikely(v->timer_hook != NULL) ? v->timer_hook->when(v->timer_hook->opaque, v->index, when)
					       : when;
}

/*
 * Rare-event sites (exceptions, watched pages) test this one pointer; the
 * CMake option HVSIM_TRACE=OFF compiles the tests out.
 */
#ifndef HVSIM_TRACE
#define HVSIM_TRACE 1
#endif
#define core_hooked(v) (HVSIM_TRACE && unlikely((v)->hooks != NULL))

/*
 * 16K slots per vCPU (128 KiB): with 4K, Debian's arm64 boot missed 3.35M
 * times by capacity (its hot code is more than 4K blocks), each miss a
 * hash lookup; the bench's few blocks do not notice the size
 * (docs/performance.md, fifth round).
 */
#define CORE_JMP_BITS 14
#define CORE_JMP_SIZE (1u << CORE_JMP_BITS)

/* The decode cache, shared by all vCPUs of a machine. */
struct core_cache {
	struct mem_space *mem;
	struct core_block **hash;
	unsigned hash_bits;
	uint8_t *arena;
	size_t arena_size, arena_used;
	struct core_vcpu **vcpus;
	int n_vcpus;
	bool precise_smc;              /* the vCPUs' ISA wants it (core_isa.precise_smc) */
	uint64_t n_invalidations;
	uint64_t n_flushes;
	/*
	 * Blocks by guest-physical page, for invalidation: page -> first
	 * block, indexed by mem page index; grows with RAM added after init.
	 * A zero-filled anonymous mapping: entries of pages that never held
	 * code cost no memory, however large the guest.
	 */
	struct core_block **by_page;
	uint64_t n_by_page;
};

int core_cache_init(struct core_cache *c, struct mem_space *mem, size_t arena_bytes);
void core_cache_free(struct core_cache *c);
void core_cache_attach(struct core_cache *c, struct core_vcpu *v);
/* Drop every block and every vCPU's TLB and jump cache (e.g. after reset). */
void core_cache_flush(struct core_cache *c);
/* Invalidate the blocks decoded from guest-physical page `pa`. */
void core_cache_invalidate_page(struct core_cache *c, uint64_t pa);

void core_vcpu_init(struct core_vcpu *v, const struct core_isa *isa,
		    const struct core_timing *timing, struct core_cache *cache,
		    struct mem_space *mem, int index);
void core_vcpu_free(struct core_vcpu *v);

/*
 * Forget every TLB entry of every regime. The jump cache stays: a hit there
 * is trusted only while the current TLB's fetch entry maps the PC to the
 * block's page, so a stale mapping misses anyway.
 */
void core_tlb_flush_all(struct core_vcpu *v);
/* Forget entries for one virtual page in every regime (the jump cache as above). */
void core_tlb_flush_va(struct core_vcpu *v, uint64_t va);
/* Forget every entry not filled CORE_PROT_GLOBAL (x86's MOV to CR3). */
void core_tlb_flush_nonglobal(struct core_vcpu *v);
/*
 * Mappings larger than a page (an arm64 block, an x86 large page) are held
 * in the TLBs as 4 KiB pieces, and invalidating one by address (TLBI by
 * VA, INVLPG) must drop every piece. The ISA notes the mapping of each
 * piece it fills: `size` bytes (a power of two) around va, listed by VA
 * range up to CORE_TLB_LARGE of them; 0 for a page alone (nothing to
 * note); CORE_TLB_UNLISTED, or a full list, marks one unlisted.
 * core_tlb_flush_all forgets them with the entries.
 */
#define CORE_TLB_LARGE 16
#define CORE_TLB_UNLISTED UINT64_MAX
struct core_tlb_large {
	bool unlisted;
	uint8_t n;
	struct { uint64_t va, size; } range[CORE_TLB_LARGE];
};
void core_tlb_note_large(struct core_vcpu *v, uint64_t va, uint64_t size);
/*
 * Invalidate the translation of va: its page in every regime, or every
 * entry if va lies in a listed large mapping or one is unlisted. VA[63:56]
 * take no part (entries filled through arm64 tagged pointers go too).
 */
void core_tlb_invalidate_va(struct core_vcpu *v, uint64_t va);
/* Forget entries mapping guest-physical page pa (attribute change). */
void core_tlb_flush_pa(struct core_vcpu *v, uint64_t pa);
/*
 * Fill t's entry for the page va -> pa with the permissions the ISA's walk
 * granted (CORE_PROT_*), for an access through `view` (mem.h; the vCPU's
 * own view unless the walk says otherwise, as the SNP C-bit does).
 * `for_write` says the access being served is a write: decoded code on the
 * page is then invalidated first (self-modifying code); otherwise a page
 * holding code is entered read-only so that the first write takes the slow
 * path. Returns false if pa is not RAM/ROM reachable on the fast path for
 * this view (the caller does an MMIO access, mem_guest_access, or raises
 * an external abort).
 */
/* CORE_PROT_GLOBAL: the entry survives core_tlb_flush_nonglobal (an x86 global page). */
enum { CORE_PROT_R = 1, CORE_PROT_W = 2, CORE_PROT_X = 4, CORE_PROT_GLOBAL = 8 };
bool core_tlb_fill(struct core_vcpu *v, struct core_tlb *t, uint64_t va, uint64_t pa,
		   unsigned prot, bool for_write, enum mem_view view);
/*
 * A slow-path access of `size` bytes within one page of RAM or ROM: fill
 * the current TLB's entry as core_tlb_fill does, then read into `data` or
 * write from it (a write to ROM is ignored). False, with nothing done, if
 * pa is not reachable on the fast path (the ISA's MMIO or fault path).
 */
bool core_tlb_fill_access(struct core_vcpu *v, uint64_t va, uint64_t pa, unsigned prot,
			  enum mem_view view, uint8_t *data, unsigned size, bool is_write);
/* Lower the vCPU's stop cycle (an event was armed earlier than planned). */
static inline void core_vcpu_kick_at(struct core_vcpu *v, uint64_t when)
{
	if (when < v->stop_at)
		v->stop_at = when;
	if (when < v->check_at)
		v->check_at = when;
}

/*
 * Make the dispatch loop look at the vCPU's state before the next block:
 * after raising irq_pending, unmasking interrupts, halting, or setting exit.
 */
static inline void core_vcpu_kick(struct core_vcpu *v)
{
	v->check_at = 0;
}

/*
 * Ask for an instruction boundary: after the current block, the next
 * instruction runs alone and isa->boundary is called when it has retired
 * (interrupt shadows after STI or MOV SS, a single-step trap). The op that
 * asks should end its block, so that "the next instruction" is the next
 * block's first.
 */
static inline void core_vcpu_boundary(struct core_vcpu *v)
{
	v->boundary = true;
	core_vcpu_kick(v);
}

/*
 * An access of `size` bytes at va that crosses into the next page, cut into
 * two one-page accesses by the ISA's `page` callback (translation, faults,
 * TLB fill, MMIO). A write first asks `probe` whether the second page's
 * access would fault (probe takes the fault and returns its status), so a
 * faulting write leaves memory untouched. `ctx` is the ISA's (privilege,
 * TLB). Returns 0 or the status of the fault taken.
 */
typedef int (*core_page_access_fn)(struct core_vcpu *v, const struct core_op *op, uint64_t va,
				   uint8_t *data, unsigned size, bool is_write, void *ctx);
typedef int (*core_page_probe_fn)(struct core_vcpu *v, const struct core_op *op, uint64_t va,
				  void *ctx);
int core_access_split(struct core_vcpu *v, const struct core_op *op, uint64_t va, uint8_t *data,
		      unsigned size, bool is_write, core_page_access_fn page,
		      core_page_probe_fn probe, void *ctx);

/*
 * Run until the stop cycle, an exit, or the instruction budget. Returns the
 * exit reason (CORE_EXIT_BUDGET when time ran out).
 */
enum core_exit_reason core_run(struct core_vcpu *v, uint64_t stop_at);

/*
 * Run op alone, whatever follows it in its block: its status, CORE_OK if
 * it fell through (the debug loop's steps and breakpoints, the boundary
 * step).
 */
int core_op_run_one(struct core_vcpu *v, const struct core_op *op);

/* Did an op that returned status st retire (count as executed)? */
static inline bool core_op_retired(int st)
{
	return !(st & CORE_NORETIRE);
}

/*
 * Exact virtual time for an op that reads or sets a time source the guest
 * sees (a cycle or event counter, a system counter, a timer). The loops
 * precharge a block's whole cost and instruction count when it starts, so
 * inside a block cycles and insns run ahead of what has retired. The op
 * that ends its block is the one exception: only its own cost and count
 * lie beyond the instructions retired before it (core_run, the boundary
 * step and the debug loop all precharge that way). So the ISA decodes
 * every time-reading op as ending its block (blocks that read no time pay
 * nothing), and the op brackets its access with core_op_settle(), which
 * takes its own precharge back, and core_op_charge(), which puts it again.
 */
static inline void core_op_settle(struct core_vcpu *v, const struct core_op *op)
{
	v->cycles -= op->cost;
	v->insns--;
}

static inline void core_op_charge(struct core_vcpu *v, const struct core_op *op)
{
	v->cycles += op->cost;
	v->insns++;
}

/* The guest address of the instruction `op` (blocks are position independent). */
static inline uint64_t core_op_pc(const struct core_vcpu *v, const struct core_op *op)
{
	return v->block_va + op->off;
}

#endif
