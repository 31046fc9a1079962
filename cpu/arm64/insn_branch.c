/*
 * A64 branches: Arm ARM DDI 0487, C4.1 "Branches, Exception Generating and
 * System instructions", groups "Unconditional branch (immediate)",
 * "Conditional branch (immediate)", "Compare and branch (immediate)",
 * "Test and branch (immediate)" and "Unconditional branch (register)";
 * semantics per the C6.2 instruction pages. Also the condition-code table.
 *
 * A taken branch sets vcpu->pc and returns CORE_BRANCH, leaving its block;
 * it costs timing->taken_branch extra cycles. Unconditional branches end
 * their block at decode time; conditional ones do not: not taken, they
 * return CORE_OK and the block goes on with the next instruction.
 *
 * Operand fields: imm = the signed byte offset from the branch, r[0] = Rt
 * or Rn, f[0] = condition or tested bit.
 */
#include "cpu/arm64/arm64.h"

#define INLINE static inline __attribute__((always_inline))
#define HANDLER(name) CORE_HANDLER(h_##name)

/*
 * ConditionHolds() (Arm ARM J1 shared pseudocode) as bit sets over the 16
 * values k of NZCV (N = k<3>, Z = k<2>, C = k<1>, V = k<0>): bit k of each
 * entry is set when the condition holds.
 */
#define K_N 0xff00u /* N set */
#define K_Z 0xf0f0u /* Z set */
#define K_C 0xccccu /* C set */
#define K_V 0xaaaau /* V set */
#define K_NOT(s) (0xffffu & ~(s))
#define K_LT (K_N ^ K_V) /* N != V */

const uint16_t a64_cond_table[16] = {
	[0x0] = K_Z,                       /* EQ */
	[0x1] = K_NOT(K_Z),                /* NE */
	[0x2] = K_C,                       /* CS/HS */
	[0x3] = K_NOT(K_C),                /* CC/LO */
	[0x4] = K_N,                       /* MI */
	[0x5] = K_NOT(K_N),                /* PL */
	[0x6] = K_V,                       /* VS */
	[0x7] = K_NOT(K_V),                /* VC */
	[0x8] = K_C & K_NOT(K_Z),          /* HI */
	[0x9] = K_NOT(K_C & K_NOT(K_Z)),   /* LS */
	[0xa] = K_NOT(K_LT),               /* GE */
	[0xb] = K_LT,                      /* LT */
	[0xc] = K_NOT(K_Z | K_LT),         /* GT */
	[0xd] = K_Z | K_LT,                /* LE */
	[0xe] = 0xffffu,                   /* AL */
	[0xf] = 0xffffu,                   /* NV: also always, in A64 */
};

/* ---------------------------------------------------------------- handlers */

INLINE int taken(struct core_vcpu *v, uint64_t target)
{
	v->pc = target;
	v->cycles += v->timing->taken_branch;
	return CORE_BRANCH;
}

/*
 * A conditional branch: to pc + imm if `cond`; otherwise execution falls
 * through to the next op of the same block (conditional branches do not end
 * blocks, so a not-taken branch costs no dispatch).
 */
INLINE int branch_if(struct core_vcpu *v, const struct core_op *op, bool cond)
{
	if (!cond)
		return CORE_OK;
	return taken(v, core_op_pc(v, op) + op->imm);
}

/* C6.2 B */
HANDLER(b)
{
	return taken(v, core_op_pc(v, op) + op->imm);
}

/* C6.2 BL: X30 = the return address. */
HANDLER(bl)
{
	uint64_t pc = core_op_pc(v, op);

	a64(v)->x[30] = pc + 4;
	return taken(v, pc + op->imm);
}

/*
 * C6.2 B.cond: one handler per condition, so that a64_cond_known()
 * reduces to that condition's test of the lazy flags (AL and NV: always).
 */
#define DEF_B_COND(name, cond, unused)                                        \
	HANDLER(b_##name)                                                     \
	{                                                                     \
		return branch_if(v, op, a64_cond_known(a64(v), cond));        \
	}
A64_EACH_COND(DEF_B_COND, 0)

static const core_handler_fn b_cond_fn[16] = A64_BY_COND(h_b_);

/* C6.2 CBZ, CBNZ: the 32-bit forms test Wt only. */
HANDLER(cbz64)
{
	return branch_if(v, op, a64(v)->x[op->r[0]] == 0);
}

HANDLER(cbz32)
{
	return branch_if(v, op, (uint32_t)a64(v)->x[op->r[0]] == 0);
}

HANDLER(cbnz64)
{
	return branch_if(v, op, a64(v)->x[op->r[0]] != 0);
}

HANDLER(cbnz32)
{
	return branch_if(v, op, (uint32_t)a64(v)->x[op->r[0]] != 0);
}

/* C6.2 TBZ, TBNZ: f[0] = the bit number (b5:b40). */
HANDLER(tbz)
{
	return branch_if(v, op, !((a64(v)->x[op->r[0]] >> op->f[0]) & 1));
}

HANDLER(tbnz)
{
	return branch_if(v, op, (a64(v)->x[op->r[0]] >> op->f[0]) & 1);
}

/* C6.2 BR, C6.2 RET: to Xn. */
HANDLER(br)
{
	return taken(v, a64(v)->x[op->r[0]]);
}

/* C6.2 BLR: the target is read before X30 is written (BLR X30). */
HANDLER(blr)
{
	struct arm64_cpu *c = a64(v);
	uint64_t target = c->x[op->r[0]];

	c->x[30] = core_op_pc(v, op) + 4;
	return taken(v, target);
}

/* ---------------------------------------------------------------- decoders */

/* C4.1 "Unconditional branch (immediate)": imm26, in words. */
static bool dec_imm26(uint32_t insn, struct core_op *op)
{
	op->imm = (uint64_t)(a64_sbits(insn, 0, 26) * 4);
	return true;
}

/* C4.1 "Conditional branch (immediate)": imm19, cond; AL and NV are B. */
static bool dec_b_cond(uint32_t insn, struct core_op *op)
{
	op->imm = (uint64_t)(a64_sbits(insn, 5, 19) * 4);
	op->f[0] = (uint8_t)a64_bits(insn, 0, 4);
	op->fn = b_cond_fn[op->f[0]];
	return true;
}

/* C4.1 "Compare and branch (immediate)": sf op imm19 Rt. */
static bool dec_cb(uint32_t insn, struct core_op *op)
{
	static const core_handler_fn fn[2][2] = { { h_cbz32, h_cbz64 }, { h_cbnz32, h_cbnz64 } };

	op->imm = (uint64_t)(a64_sbits(insn, 5, 19) * 4);
	op->r[0] = a64_reg_zr(a64_bits(insn, 0, 5));
	op->fn = fn[a64_bits(insn, 24, 1)][a64_bits(insn, 31, 1)];
	return true;
}

/* C4.1 "Test and branch (immediate)": b5 op b40 imm14 Rt. */
static bool dec_tb(uint32_t insn, struct core_op *op)
{
	op->imm = (uint64_t)(a64_sbits(insn, 5, 14) * 4);
	op->r[0] = a64_reg_zr(a64_bits(insn, 0, 5));
	op->f[0] = (uint8_t)(a64_bits(insn, 31, 1) << 5 | a64_bits(insn, 19, 5));
	return true;
}

/* C4.1 "Unconditional branch (register)": Rn (31 reads XZR). */
static bool dec_br(uint32_t insn, struct core_op *op)
{
	op->r[0] = a64_reg_zr(a64_bits(insn, 5, 5));
	return true;
}

/* ------------------------------------------------------------------ table */

#define BRANCH CORE_CLASS_BRANCH

/*
 * The register forms match op2 = 11111, op3 = 000000, op4 = 00000 exactly:
 * the pointer-authentication forms (BRAA, BLRAA, RETAA, ...; op3 00001x)
 * are unallocated on this ARMv8.0 CPU. ERET and DRPS are system
 * instructions, not listed here.
 */
static const struct a64_insn rows[] = {
	{ 0xfc000000, 0x14000000, "b", dec_imm26, h_b, BRANCH, A64_F_END },
	{ 0xfc000000, 0x94000000, "bl", dec_imm26, h_bl, BRANCH, A64_F_END },
	/* o1 (bit 24) = 0, o0 (bit 4) = 0; o0 = 1 (BC.cond, FEAT_HBC) is unallocated */
	{ 0xff000010, 0x54000000, "b.cond", dec_b_cond, h_b_eq, BRANCH, 0 },
	{ 0x7f000000, 0x34000000, "cbz", dec_cb, h_cbz64, BRANCH, 0 },
	{ 0x7f000000, 0x35000000, "cbnz", dec_cb, h_cbnz64, BRANCH, 0 },
	{ 0x7f000000, 0x36000000, "tbz", dec_tb, h_tbz, BRANCH, 0 },
	{ 0x7f000000, 0x37000000, "tbnz", dec_tb, h_tbnz, BRANCH, 0 },
	{ 0xfffffc1f, 0xd61f0000, "br", dec_br, h_br, BRANCH, A64_F_END },
	{ 0xfffffc1f, 0xd63f0000, "blr", dec_br, h_blr, BRANCH, A64_F_END },
	{ 0xfffffc1f, 0xd65f0000, "ret", dec_br, h_br, BRANCH, A64_F_END },
};

const struct a64_table a64_table_branch = { rows, sizeof(rows) / sizeof(rows[0]) };
