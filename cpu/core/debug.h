/*
 * Debugging and observability, ISA-neutral: what a CPU describes of itself
 * (registers, translation without side effects, a disassembler, exception
 * names), the event records the CPU and the machine report, and the debug
 * loop that runs blocks with breakpoints, watchpoints, single steps and
 * per-block or per-instruction trace hooks.
 *
 * Adding a CPU adds a `struct core_debug_isa` (tables), not a debugger: the
 * gdb stub, the traces and the statistics read only this interface.
 *
 * Cost: the fast loop (core_run) knows nothing of this. A vCPU whose
 * `hooks` pointer is set reports rare events (exceptions) through one
 * pointer test at the site (core_hooked); the machine runs the debug loop
 * (core_run_debug) only while a debugger is attached or per-block traces
 * are on. Watched pages are kept out of the TLB fast path, so only the
 * memory slow path checks watchpoints.
 */
#ifndef HVSIM_CORE_DEBUG_H
#define HVSIM_CORE_DEBUG_H

#include "cpu/core/core.h"

/* ------------------------------------------------------------ registers */

/*
 * One register as a debugger sees it, in gdb's numbering (the table's
 * order). Values are little-endian byte arrays of bits/8 bytes.
 */
struct core_reg {
	const char *name;     /* gdb's name: "x0", "pc", "v0", "sctlr_el1" */
	uint16_t bits;        /* 32, 64 or 128 */
	uint8_t feature;      /* index into core_debug_isa.features */
	const char *type;     /* gdb type: "int", "code_ptr", "data_ptr" or one the feature defines */
	const char *group;    /* gdb register group ("general", "float", "vector", "system") or NULL */
	uint32_t arg;         /* the accessor's argument: register number, encoding... */
	bool (*get)(struct core_vcpu *v, const struct core_reg *r, void *val);
	bool (*set)(struct core_vcpu *v, const struct core_reg *r, const void *val);
};

/* A group of registers, as a gdb target-description feature. */
struct core_reg_feature {
	const char *name;     /* "org.gnu.gdb.aarch64.core" */
	const char *types;    /* XML type definitions its registers use, or NULL */
};

/* ----------------------------------------------------------- exceptions */

/*
 * Synchronous (caused by an instruction: faults, traps, system calls) or
 * asynchronous (interrupts, NMIs, asynchronous aborts). Which class within
 * a kind is the ISA's `cause`, and the ISA names it (exc_name).
 */
enum core_exc_kind { CORE_EXC_SYNC, CORE_EXC_ASYNC, CORE_EXC_KINDS };

/* An exception or interrupt as the CPU took it (reported after entry). */
struct core_exc_rec {
	uint8_t kind;         /* enum core_exc_kind */
	uint8_t from_level;   /* privilege level it was taken from (EL, PLV, CPL) */
	uint8_t to_level;     /* and to */
	uint32_t cause;       /* the ISA's class (arm64: ESR_ELx.EC; IRQ, FIQ, SError) */
	uint64_t syndrome;    /* the ISA's full syndrome (arm64: ESR_ELx) */
	uint64_t fault_addr;  /* faulting address when the class has one (arm64: FAR_ELx) */
	uint64_t ret_pc;      /* preferred return address */
	uint64_t vector;      /* where execution continues */
};

/* -------------------------------------------------------- the ISA's part */

struct core_debug_isa {
	const char *name;          /* "arm64" */
	const char *gdb_arch;      /* gdb's architecture name: "aarch64" */
	const char *level_prefix;  /* how privilege levels print: "EL" */
	/*
	 * A data watchpoint stops after the access, with the instruction
	 * retired (x86 data breakpoints are traps), rather than before it with
	 * the instruction not executed (arm64 watchpoints are faults).
	 */
	bool watch_after;
	/*
	 * core_op.insn is not the instruction's encoding (x86 keeps a
	 * displacement or immediate there): traces read the bytes from guest
	 * memory at any length.
	 */
	bool op_insn_not_raw;
	/* The registers a hypercall passes, in core_isa.hcall_args order ("x0", "x1"...): traces name them. */
	const char *const *hcall_regs;
	unsigned n_hcall_regs;
	const struct core_reg_feature *features;
	size_t n_features;
	const struct core_reg *regs;
	size_t n_regs;
	size_t n_g_regs;           /* the first n_g_regs make gdb's 'g' packet; the rest go by 'p' */
	size_t pc_reg;             /* index of the program counter in regs */
	/* The current privilege level. */
	unsigned (*level)(struct core_vcpu *v);
	/*
	 * Translate va as the vCPU's current regime would, ignoring access
	 * permissions, with no side effect: no TLB fill, no fault taken, no
	 * access flag set. False if va is not mapped.
	 */
	bool (*translate)(struct core_vcpu *v, uint64_t va, uint64_t *pa);
	/*
	 * Disassemble the instruction at pc from `bytes` (avail readable) into
	 * `out`; return its length, or 0 if it does not decode.
	 */
	unsigned (*disasm)(struct core_vcpu *v, uint64_t pc, const uint8_t *bytes, size_t avail,
			   char *out, size_t outlen);
	/* The name of an exception's class, as stats and traces show it ("SVC64", "IRQ"). */
	const char *(*exc_name)(const struct core_exc_rec *r);
	/* A memory-management fault: describe it ("data write, translation fault, level 3"). */
	bool (*exc_fault)(const struct core_exc_rec *r, char *out, size_t outlen);
};

/* Index of the register called `name`, or -1. */
int core_debug_reg_find(const struct core_debug_isa *isa, const char *name);
/*
 * The gdb target description (target.xml) for the ISA's registers into buf;
 * returns its length (may exceed len: then call again with a larger buffer).
 */
size_t core_debug_target_xml(const struct core_debug_isa *isa, char *buf, size_t len);

/*
 * Read or write guest memory as the debugger does: by virtual address
 * through the vCPU's current translation (no side effect), or by
 * guest-physical address. RAM and ROM only (no MMIO: reads have side
 * effects); private pages read as the guest sees them. Writes invalidate
 * decoded code. Return the number of bytes done (stops at the first hole).
 */
size_t core_debug_read(struct core_vcpu *v, const struct core_debug_isa *isa, uint64_t addr,
		       void *buf, size_t len, bool physical);
size_t core_debug_write(struct core_vcpu *v, const struct core_debug_isa *isa, uint64_t addr,
			const void *buf, size_t len, bool physical);

/* ------------------------------------------- hooks, breakpoints, stepping */

#define CORE_DEBUG_MAX_BP 64
#define CORE_DEBUG_MAX_WATCH 16

enum { CORE_WATCH_WRITE = 1, CORE_WATCH_READ = 2, CORE_WATCH_ACCESS = 3 };

struct core_watch {
	uint64_t addr, len;   /* virtual addresses [addr, addr+len) */
	uint8_t kind;         /* CORE_WATCH_* */
};

/* Why core_run_debug returned CORE_EXIT_DEBUG. */
enum core_stop { CORE_STOP_NONE, CORE_STOP_STEP, CORE_STOP_BREAK, CORE_STOP_WATCH };

/*
 * One per machine, shared by its vCPUs (vcpu->hooks). The callbacks are
 * NULL when nobody wants the event.
 */
struct core_hooks {
	/* Rare events, reported wherever the debug or the fast loop runs. */
	void (*exception)(struct core_hooks *h, struct core_vcpu *v, const struct core_exc_rec *r);
	/* The debug loop's events. */
	void (*block_decoded)(struct core_hooks *h, struct core_vcpu *v, const struct core_block *b);
	void (*block_exec)(struct core_hooks *h, struct core_vcpu *v, const struct core_block *b);
	void (*insn_exec)(struct core_hooks *h, struct core_vcpu *v, const struct core_block *b,
			  unsigned index);

	/* Breakpoints and watchpoints by virtual address, for every vCPU. */
	int n_bp;
	uint64_t bp[CORE_DEBUG_MAX_BP];
	int n_watch;
	struct core_watch watch[CORE_DEBUG_MAX_WATCH];
	/*
	 * Bit i for vCPU i (at most 64): vCPUs to stop after one instruction,
	 * and those whose stepped instruction retired through an exit.
	 */
	uint64_t step_mask, step_done_mask;

	/* The ISA's watchpoint rule (core_debug_isa.watch_after), copied by the machine. */
	bool watch_after;
	/* The registers a hypercall passes, in core_isa.hcall_args order ("x0", "x1"...): traces name them. */
	const char *const *hcall_regs;
	unsigned n_hcall_regs;
	/* vCPUs with a watch-after hit to stop at once their instruction retires. */
	uint64_t stop_after_mask;
	/* The last stop: which vCPU, why, and for a watchpoint the address and kind. */
	enum core_stop stop;
	int stop_vcpu;
	uint64_t stop_addr;
	uint8_t stop_kind;
};

/*
 * core_run with the debug hooks: the same blocks, the same precharge and
 * refunds (so a traced run computes what an untraced one does), plus
 * breakpoints before an instruction, single steps, and the block and
 * instruction hooks. Returns CORE_EXIT_DEBUG when a breakpoint, watchpoint
 * or step stops the vCPU (hooks->stop says which), with pc at the next
 * instruction to run.
 */
enum core_exit_reason core_run_debug(struct core_vcpu *v, uint64_t stop_at);

/* Breakpoints: 0, or -1 when the table is full / the address unknown. */
int core_debug_bp_insert(struct core_hooks *h, uint64_t addr);
int core_debug_bp_remove(struct core_hooks *h, uint64_t addr);
/* Watchpoints; the vCPUs' TLBs are flushed so watched pages leave the fast path. */
int core_debug_watch_insert(struct core_hooks *h, struct core_cache *c, uint64_t addr,
			    uint64_t len, unsigned kind);
int core_debug_watch_remove(struct core_hooks *h, struct core_cache *c, uint64_t addr,
			    uint64_t len, unsigned kind);
void core_debug_clear(struct core_hooks *h, struct core_cache *c);

/* Does page `va` hold a watched byte? (core_tlb_fill keeps it out of the fast path) */
bool core_watch_page(const struct core_hooks *h, uint64_t va);
/*
 * The memory slow path's check, before an access of `size` bytes at `va`
 * by the instruction at `pc`. On a hit with the ISA's watch-before rule,
 * stop before the access (the instruction does not retire, as gdb expects
 * of AArch64 watchpoints): set vcpu->pc and the exit and return true; the
 * caller then returns CORE_EXIT_NORETIRE. With watch-after (hooks), record
 * the stop and return false: the access and its instruction complete and
 * the debug loop stops after it.
 */
bool core_watch_hit(struct core_vcpu *v, uint64_t pc, uint64_t va, unsigned size, bool is_write);

/*
 * The engine's steps, exported by engine.c for the debug loop: the block at
 * vcpu->pc (decoding it if needed; NULL if the fetch faulted), the slow-path
 * check between blocks, the precharge of a block and the refund of ops that
 * did not run (`count`: with the ISA's events, as core_vcpu.count_ev said
 * at the precharge).
 */
struct core_block *core_block_at(struct core_vcpu *v);
bool core_must_leave(struct core_vcpu *v, enum core_exit_reason *why);
bool core_step_boundary(struct core_vcpu *v, enum core_exit_reason *why);
void core_block_charge(struct core_vcpu *v, struct core_block *b, bool count);
void core_block_refund(struct core_vcpu *v, struct core_block *b, unsigned first, bool count);

#endif
