/*
 * LA64 loads, stores, LL/SC, atomics and barriers (LA RM 2.2.7 "Common
 * Memory Access Instructions", 2.2.8 "Barriers"): the rows come from
 * la_ldst.decode. Accesses go through la_read/la_write (the engine's TLB
 * fast path, the MMU's slow path on a miss).
 */
#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

/* LD.D (2.2.7.1): rd = MemoryLoad(rj + SignExtend(si12), 8). */
static int h_ld_d(struct core_vcpu *v, const struct core_op *op)
{
	struct la_cpu *c = la(v);
	uint64_t val;
	int st = la_read(c, op, c->r[op->r[1]] + op->imm, 8, &val);
	if (st)
		return st;
	c->r[op->r[0]] = val;
	return CORE_OK;
}

/* ST.D (2.2.7.1): MemoryStore(rd, rj + SignExtend(si12), 8). */
static int h_st_d(struct core_vcpu *v, const struct core_op *op)
{
	struct la_cpu *c = la(v);
	return la_write(c, op, c->r[op->r[1]] + op->imm, 8, c->r[op->r[3]]);
}

#include "cpu/loongarch/la_ldst_decode.inc"

const struct la_table la_table_ldst = {
	la_ldst_rows, sizeof(la_ldst_rows) / sizeof(la_ldst_rows[0]), la_ldst_disasm,
};
