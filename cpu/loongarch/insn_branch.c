/*
 * LA64 branches (LA RM 2.2.6 "Branch Instructions"): the rows come from
 * la_branch.decode. A branch ends its block; taken, it costs the timing
 * model's taken-branch penalty.
 */
#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

/* Branch offsets are in instructions: bytes = offs << 2. */
static inline int64_t la_times4(int64_t x)
{
	return x * 4;
}

static int taken(struct core_vcpu *v, uint64_t target)
{
	v->pc = target;
	v->cycles += v->timing->taken_branch;
	return CORE_BRANCH;
}

static int not_taken(struct core_vcpu *v, const struct core_op *op)
{
	v->pc = core_op_pc(v, op) + 4;
	return CORE_BRANCH;
}

/* B (2.2.6.4): PC = PC + SignExtend(offs26 << 2). */
static int h_b(struct core_vcpu *v, const struct core_op *op)
{
	return taken(v, core_op_pc(v, op) + op->imm);
}

/* BL (2.2.6.5): r1 = PC + 4, then as B. */
static int h_bl(struct core_vcpu *v, const struct core_op *op)
{
	uint64_t pc = core_op_pc(v, op);
	la(v)->r[LA_RA] = pc + 4;
	return taken(v, pc + op->imm);
}

/* JIRL (2.2.6.3): rd = PC + 4; PC = rj + SignExtend(offs16 << 2) (rj read first). */
static int h_jirl(struct core_vcpu *v, const struct core_op *op)
{
	struct la_cpu *c = la(v);
	uint64_t target = c->r[op->r[1]] + op->imm;
	c->r[op->r[0]] = core_op_pc(v, op) + 4;
	return taken(v, target);
}

/* BEQ, BNE (2.2.6.1): compare rj with rd. */
static int h_beq(struct core_vcpu *v, const struct core_op *op)
{
	struct la_cpu *c = la(v);
	if (c->r[op->r[1]] == c->r[op->r[2]])
		return taken(v, core_op_pc(v, op) + op->imm);
	return not_taken(v, op);
}

static int h_bne(struct core_vcpu *v, const struct core_op *op)
{
	struct la_cpu *c = la(v);
	if (c->r[op->r[1]] != c->r[op->r[2]])
		return taken(v, core_op_pc(v, op) + op->imm);
	return not_taken(v, op);
}

#include "cpu/loongarch/la_branch_decode.inc"

const struct la_table la_table_branch = {
	la_branch_rows, sizeof(la_branch_rows) / sizeof(la_branch_rows[0]), la_branch_disasm,
};
