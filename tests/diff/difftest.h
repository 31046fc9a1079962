/*
 * Host side of the differential test (tests/diff/README.md): the
 * instruction templates, the program generator and the driver that runs
 * the programs on QEMU and hvsim. The driver, the generator and the
 * template compiler are ISA-neutral; each ISA (isa_<name>.c) supplies its
 * templates, its set-up instructions, its memory units, the words of its
 * state and how to build and run a program (struct diff_isa).
 */
#ifndef DIFFTEST_H
#define DIFFTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "diffstate.h"

/* ----------------------------------------------------------- templates */

/* Which part of the ISA a template exercises (the generator balances them). */
enum tmpl_group { G_INT, G_BRANCH, G_MEM, G_FP, G_SIMD, G_LSE, G_COUNT };
/* G_LSE is the arm64 group behind --lse. */

/*
 * How the generator completes an encoding beyond its register fields. The
 * memory kinds compute the address the instruction accesses and emit the
 * set-up instructions (base register, index register) that place the
 * access inside the scratch buffer (the ISA's memory_unit); the branch
 * kinds branch forward over their own filler instructions only (gen.c).
 */
enum tmpl_kind {
	K_PLAIN,
	K_BR_IMM,           /* any branch whose O field counts words from itself */
	K_BR_REG,           /* BR, BLR, RET, JIRL after an ADR/PCADDI of the target */
	/* arm64 */
	K_LDST_UIMM,        /* [Xn, #imm12 * size] */
	K_LDST_SIMM9,       /* [Xn, #simm9] (unscaled, unprivileged) */
	K_LDST_PRE,         /* [Xn, #simm9]! */
	K_LDST_POST,        /* [Xn], #simm9 */
	K_LDST_REG,         /* [Xn, Rm, extend #amount] */
	K_PAIR_OFF,         /* [Xn, #imm7 * size] */
	K_PAIR_PRE,
	K_PAIR_POST,
	K_LITERAL,          /* PC + imm19 * 4, inside the code */
	K_EXCL,             /* LDXR then a matching STXR to the same address */
	K_EXCL_PAIR,        /* LDXP then STXP */
	K_ALIGNED,          /* [Xn] aligned to the access size (LDAR, STLR, lone STXR, LSE) */
	K_VMULT,            /* LD1-LD4/ST1-ST4 (multiple structures) */
	K_VMULT_POST,
	K_VSINGLE,          /* LD1-LD4/ST1-ST4 (single structure), LD1R-LD4R */
	K_VSINGLE_POST,
	/* LoongArch (LA RM 2.2.6, 2.2.7) */
	K_LA_SI12,          /* [rj + si12] */
	K_LA_SI14,          /* LDPTR/STPTR [rj + si14 << 2] */
	K_LA_IDX,           /* [rj + rk] */
	K_LA_BOUND,         /* LDGT/LDLE/STGT/STLE [rj], bound rk that passes, aligned */
	K_LA_LLSC,          /* LL then an SC of the same size to the same address */
	K_LA_SC,            /* a lone SC (its LLbit cleared by the checkpoint's ERTN) */
	K_LA_AM,            /* AM* [rj], aligned */
	K_LA_FSI12,         /* FLD/FST [rj + si12] */
	K_LA_FIDX,          /* FLDX/FSTX [rj + rk] */
	K_LA_VSI12,         /* VLD/VST [rj + si12], 16 bytes */
	K_LA_VIDX,          /* VLDX/VSTX [rj + rk], 16 bytes */
	/* x86-64 (isa_x86.c) */
	K_X86_UNIT,         /* register operands, with set-up (DIV, BSF) or undefined flags masked */
	K_X86_MEM,          /* [base], [base + disp8/32], [base + index * scale] in the buffer */
	K_X86_RIP,          /* a load from the block's pool, RIP-relative */
	K_X86_STR,          /* a string instruction, RSI/RDI/RCX set, with or without REP */
	K_X87,              /* x87: the stack back at four registers after the unit (isa_x86.c x87_unit) */
};

/*
 * One instruction template: a 32-character bit pattern (spaces ignored),
 * most significant bit first, with
 *   0 1        fixed bits
 *   d n m a t  register fields Rd, Rn, Rm, Ra, Rt (LoongArch: rd, rj, rk, ra, rd)
 *   T S        Rt2, Rs
 *   O          the offset field of a memory access or branch
 *   any other  a free bit, chosen at random
 * `regs` gives each register field's kind as letter+kind pairs ("dX nx"):
 *   x  general register read (arm64: 31 = XZR)   X  written
 *   p  general register read, 31 = SP            P  written, 31 = SP (arm64)
 *   v  SIMD&FP (vector) register
 *   b  memory base (no writeback)           w  memory base with writeback
 *   i  index register (register offset)     r  post-index register (31 = immediate)
 *   g  branch target register (set by ADR/PCADDI)
 * NULL means every register field is a SIMD&FP register. Written general
 * registers never include the scratch base (the ISA's base_reg). An encoding matching a
 * `forbid` pattern ('.' = any bit) or failing `valid` is unallocated or
 * CONSTRAINED UNPREDICTABLE and is never generated; `distinct` lists field
 * pairs that must name different registers ("tn tT").
 */
struct tmpl {
	const char *name;
	const char *pat;
	const char *regs;
	uint8_t group;
	const char *forbid[5];
	bool (*valid)(uint32_t insn);
	uint8_t kind;
	const char *distinct;
	/* Bits of the ISA's flags word the instruction leaves undefined (x86
	 * RFLAGS, SDM vol. 2 per instruction): cleared before the comparison. */
	uint64_t undef;
};

#define MAX_FIELDS 8

/* A template compiled from its pattern. */
struct tmpl_info {
	uint32_t mask, match;       /* the fixed bits */
	uint32_t free;              /* bits chosen at random (registers and offsets included) */
	uint32_t forbid_mask[5], forbid_match[5];
	unsigned nforbid;
	unsigned nfields;
	struct field { char letter, kind; uint8_t lo, len; } fields[MAX_FIELDS];
	uint8_t off_lo, off_len;    /* the O field, off_len = 0 if none */
};

#define MAX_TEMPLATES 1024
/* The selected ISA's table (isa->table) and its compiled form. */
#define templates (isa->table)
#define ntemplates (isa->ntable)
extern struct tmpl_info tinfo[MAX_TEMPLATES];

/* Compile every pattern; false (with a message) if one is malformed. */
bool templates_init(void);
const struct field *tmpl_field(unsigned t, char letter);
/* The value of field `letter` of template t in insn, or -1 if absent. */
int field_get(unsigned t, uint32_t insn, char letter);
uint32_t field_set(unsigned t, uint32_t insn, char letter, uint32_t v);
/* insn satisfies template t: pattern, forbidden encodings, valid(). */
bool tmpl_allows(unsigned t, uint32_t insn);

/* ------------------------------------------------------------ generator */

/* A small, fast, seeded generator (xorshift64*): identical on every host. */
struct rng { uint64_t s; };
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
static inline uint32_t rng_below(struct rng *r, uint32_t n) { return (uint32_t)(rng_next(r) % n); }
static inline bool rng_chance(struct rng *r, unsigned one_in) { return rng_below(r, one_in) == 0; }

/*
 * An instruction of a block: its encoding and the template it came from
 * (-1 for the set-up instructions the generator adds). `pool` >= 0 makes
 * it the PC-relative part of a load of that entry of the block's pool
 * (isa->pool_fix fills in the offset once the layout is known); the load
 * sets register `pool_reg` (a vector register if `pool_vec`).
 */
struct ginsn {
	uint32_t enc;
	int16_t tmpl;
	int16_t pool;
	uint8_t pool_reg;
	bool pool_vec;
};

#define POOL_ENTRIES 64

/* A unit: a test instruction with its set-up and fillers, never split by a checkpoint. */
struct gunit {
	uint32_t first, n;          /* into the block's insns */
	int16_t tmpl;               /* the template under test */
	uint32_t test;              /* index of the tested instruction */
};

struct gblock {
	uint8_t init[ST_SIZE];      /* the initial state; the base register is filled in by the linker */
	bool user;                  /* runs unprivileged (EL0t, PLV3), else EL1t or PLV0 */
	struct ginsn *insns;
	uint32_t ninsns, cap;
	struct gunit *units;
	uint32_t nunits, ucap;
	uint32_t pad_before[64], pad_after[64];  /* data words around the code for literal loads */
	uint64_t pool[POOL_ENTRIES][2];          /* operand values the set-up loads refresh */
};

struct gen_opts {
	unsigned units;             /* units per block */
	unsigned group_weight[G_COUNT];  /* G_LSE needs QEMU's -cpu max */
};

/* Set-up instructions (gen.c and the ISA's memory units). */
void push(struct gblock *b, uint32_t enc, int tmpl);
void push_pool(struct gblock *b, uint32_t enc, int tmpl, int pool, unsigned reg, bool vec);
uint32_t pick_reg(struct rng *r, char kind);
bool distinct_ok(unsigned t, uint32_t enc);
uint32_t rand_encoding(struct rng *r, unsigned t);
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);
uint64_t rand_int(struct rng *r);
uint64_t rand_vhalf(struct rng *r);
static inline uint32_t bits(uint32_t insn, unsigned lo, unsigned len)
{
	return (insn >> lo) & ((1u << len) - 1);
}
static inline int64_t sbits(uint32_t insn, unsigned lo, unsigned len)
{
	return (int64_t)((uint64_t)bits(insn, lo, len) << (64 - len)) >> (64 - len);
}
static inline void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);      /* the host is little-endian, as are both guests */
}

void gen_block(struct gblock *b, struct rng *r, const struct gen_opts *o);
/* Reload some of the registers template t's encoding enc reads from the pool. */
void refresh_operands(struct gblock *b, struct rng *r, unsigned t, uint32_t enc);
void gblock_free(struct gblock *b);
/*
 * Write the program's assembly: the blocks, their initial states and the
 * slot space, with a checkpoint after every unit. The guest prints a hash
 * of each checkpoint's state and the last one in full, except for block
 * `full` - 1 (if full > 0), whose every checkpoint it prints in full (to
 * localise a difference). `full` changes no address in the program.
 */
void gen_emit(FILE *f, struct gblock *const *blocks, unsigned nblocks, unsigned full);
/* Instruction k of a unit as emitted (pool loads get their offsets). */
uint32_t gen_final_enc(const struct gblock *b, unsigned unit, unsigned k);

/* A state parsed back from a checkpoint's lines (or the generator's initial state). */
struct state {
	uint64_t w[ST_NWORDS];      /* the general registers and the ISA's words */
	uint64_t v[32][2];          /* low, high */
	uint8_t m[SCRATCH_SIZE];
};

/* ------------------------------------------------------------ ISAs */

struct diff_isa {
	const char *name;           /* --arch */
	const struct tmpl *table;
	unsigned ntable;
	unsigned default_weight[G_COUNT];
	/* Registers: the scratch base (never written by a unit), the zero
	 * register, and the first of the 31 a base or index may be. */
	unsigned base_reg, zero_reg, reg_lo;
	/* Register numbers (32 or 16), general registers the neutral state
	 * fills (31, 16), vector registers (32, 16), general registers no
	 * generated instruction names (x86: RSP, the harness's stack). */
	unsigned nregs, ngprs, nvregs;
	uint32_t reserved;
	/* Bytes per instruction slot: 4, or 16 for x86 (an instruction and NOPs). */
	unsigned insn_size;
	/* Write instruction enc as assembly, or NULL for word_directive. */
	void (*emit_insn)(FILE *f, uint32_t enc);
	const char *const *wnames;  /* the ST_NWORDS words of a state */
	/* The ISA's words of a random initial state (after X/GPRs, V, memory). */
	void (*rand_state)(uint8_t *s, struct rng *r, const struct gen_opts *o);
	/* Set-up: rd = PC + bytes (ADR, PCADDI). */
	uint32_t (*enc_adr)(unsigned rd, int32_t bytes);
	/* Emit a memory unit of template t (any kind but K_PLAIN and the branches). */
	void (*memory_unit)(struct gblock *b, struct rng *r, unsigned t);
	/* Before an FP or SIMD unit (clear the cumulative flags, change modes), or NULL. */
	void (*fp_setup)(struct gblock *b, struct rng *r);
	/* Reload register reg (vector if vec) from pool entry `entry`; `avoid`
	 * has a bit for each general register the tested instruction names. */
	void (*pool_load)(struct gblock *b, unsigned reg, bool vec, int entry, uint32_t avoid);
	/* The pool-load instruction enc with its offset: `words` (instruction
	 * slots) from it to the entry. */
	uint32_t (*pool_fix)(uint32_t enc, int32_t words);
	/* How many consecutive vector registers field `letter` of template t names. */
	unsigned (*vregs_named)(unsigned t, char letter);
	/* 1 if a floating-point encoding works on doubles (pairs pool entries), or NULL. */
	unsigned (*fp_double)(uint32_t enc);
	/* Assembly: the directive for a raw word; a checkpoint (code) instruction. */
	const char *word_directive;
	const char *checkpoint_fmt;
	uint64_t mode_priv, mode_user;  /* the harness's entry mode (SPSR, PRMD) */
	/* Building and running. */
	const char *const *cc_args;     /* clang's target options */
	const char *default_qemu, *default_lld, *hvsim_board;
	const char *const *(*qemu_args)(bool max_cpu);
	/* NULL, or why the difference between QEMU's state q and hvsim's h
	 * after a unit with instruction enc is a known QEMU deviation
	 * (README.md): such a difference is reported but not counted. */
	const char *(*known_deviation)(uint32_t enc, const struct state *q, const struct state *h);
	/* Disassembly for reports. */
	const char *(*disasm)(uint32_t enc, char *buf, size_t len);
	void (*disasm_init)(void);
};

extern const struct diff_isa *isa;
extern const struct diff_isa isa_arm64, isa_loongarch, isa_x86;

#endif
