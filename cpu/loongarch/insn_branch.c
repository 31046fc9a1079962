/*
 * LA64 branches (LA RM 2.2.4 "Branch Instructions"): the rows come from
 * la_branch.decode. B, BL and JIRL end their block; a conditional branch
 * does not: taken, it leaves the block (with the timing model's
 * taken-branch penalty); not taken, the block goes on with the next op.
 */
#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

/* 2.2.4.3 B: PC = PC + SignExtend(offs26 << 2). */
CORE_HANDLER(h_b)
{
	return la_taken(v, core_op_pc(v, op) + op->imm);
}

/* 2.2.4.4 BL: r1 = PC + 4, then as B. */
CORE_HANDLER(h_bl)
{
	uint64_t pc = core_op_pc(v, op);
	la(v)->r[LA_RA] = pc + 4;
	return la_taken(v, pc + op->imm);
}

/* 2.2.4.5 JIRL: rd = PC + 4; PC = rj + SignExtend(offs16 << 2), rj read first (rd may be rj). */
CORE_HANDLER(h_jirl)
{
	struct la_cpu *c = la(v);
	uint64_t target = c->r[op->r[1]] + op->imm;
	c->r[op->r[0]] = core_op_pc(v, op) + 4;
	return la_taken(v, target);
}

/*
 * 2.2.4.1 BEQ...BGEU compare a = rj with b = rd; 2.2.4.2 BEQZ, BNEZ test
 * a = rj (b = r[0], zero: r2 is not assigned).
 */
#define BRANCH_IF(name, COND)                                                \
	CORE_HANDLER(h_##name)   \
	{                                                                    \
		const uint64_t *r = la(v)->r;                                \
		uint64_t a = r[op->r[1]], b = r[op->r[2]];                   \
		(void)b;                                                     \
		if (!(COND))                                                 \
			return CORE_OK;                                      \
		return la_taken(v, core_op_pc(v, op) + op->imm);                \
	}

BRANCH_IF(beq, a == b)
BRANCH_IF(bne, a != b)
BRANCH_IF(blt, (int64_t)a < (int64_t)b)
BRANCH_IF(bge, (int64_t)a >= (int64_t)b)
BRANCH_IF(bltu, a < b)
BRANCH_IF(bgeu, a >= b)
BRANCH_IF(beqz, a == 0)
BRANCH_IF(bnez, a != 0)

#include "cpu/loongarch/la_branch_decode.inc"

const struct la_table la_table_branch = {
	la_branch_rows, sizeof(la_branch_rows) / sizeof(la_branch_rows[0]), la_branch_disasm,
};
