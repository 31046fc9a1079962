/*
 * Host side of the differential test (tests/diff/README.md): the
 * instruction templates, the program generator and the driver that runs
 * the programs on QEMU and hvsim.
 */
#ifndef DIFFTEST_H
#define DIFFTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "diffstate.h"

/* ----------------------------------------------------------- templates */

/* Which part of the ISA a template exercises (the generator balances them). */
enum tmpl_group { G_INT, G_BRANCH, G_MEM, G_FP, G_SIMD, G_LSE, G_COUNT };

/*
 * How the generator completes an encoding beyond its register fields. The
 * memory kinds compute the address the instruction accesses and emit the
 * set-up instructions (base register, index register) that place the
 * access inside the scratch buffer; the branch kinds branch forward over
 * their own filler instructions only.
 */
enum tmpl_kind {
	K_PLAIN,
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
	K_BR_IMM26,         /* B, BL */
	K_BR_IMM19,         /* B.cond, CBZ, CBNZ */
	K_BR_IMM14,         /* TBZ, TBNZ */
	K_BR_REG,           /* BR, BLR, RET after an ADR of the target */
};

/*
 * One instruction template: a 32-character bit pattern (spaces ignored),
 * most significant bit first, with
 *   0 1        fixed bits
 *   d n m a t  register fields Rd, Rn, Rm, Ra, Rt
 *   T S        Rt2, Rs
 *   O          the offset field of a memory access or branch
 *   any other  a free bit, chosen at random
 * `regs` gives each register field's kind as letter+kind pairs ("dX nx"):
 *   x  general register read, 31 = XZR      X  written, 31 = XZR
 *   p  general register read, 31 = SP       P  written, 31 = SP
 *   v  SIMD&FP register
 *   b  memory base (no writeback)           w  memory base with writeback
 *   i  index register (register offset)     r  post-index register (31 = immediate)
 *   g  branch target register (set by ADR)
 * NULL means every register field is a SIMD&FP register. Written general
 * registers never include X28, the scratch base. An encoding matching a
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

extern const struct tmpl templates[];
extern const unsigned ntemplates;
extern struct tmpl_info tinfo[];

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
 * it a load (literal) of that entry of the block's pool: gen_emit fills
 * in the offset once the layout is known.
 */
struct ginsn {
	uint32_t enc;
	int16_t tmpl;
	int16_t pool;
};

#define POOL_ENTRIES 64

/* A unit: a test instruction with its set-up and fillers, never split by a checkpoint. */
struct gunit {
	uint32_t first, n;          /* into the block's insns */
	int16_t tmpl;               /* the template under test */
	uint32_t test;              /* index of the tested instruction */
};

struct gblock {
	uint8_t init[ST_SIZE];      /* the initial state; X28 is filled in by the linker */
	bool el0;                   /* runs at EL0t (else EL1t) */
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

void gen_block(struct gblock *b, struct rng *r, const struct gen_opts *o);
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

#endif
