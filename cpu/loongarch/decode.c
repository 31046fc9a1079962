/*
 * The LA64 decode driver. The instruction groups' tables (insn_*.c, each
 * generated from a .decode description by tools/decodetree.py) are data;
 * this file finds the row for an instruction word and turns it into a
 * pre-decoded op, deciding at decode time what the decode mode (PLV, FP
 * enable) makes of it.
 */
#include <stdio.h>

#include "cpu/loongarch/loongarch.h"

static const struct la_table *const tables[] = {
	&la_table_int, &la_table_branch, &la_table_ldst, &la_table_fp, &la_table_system,
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

const struct la_insn *la_decode_op(uint32_t insn, struct core_op *op)
{
	for (size_t t = 0; t < N_TABLES; t++)
		for (size_t i = 0; i < tables[t]->n; i++) {
			const struct la_insn *r = &tables[t]->rows[i];
			if ((insn & r->mask) != r->match)
				continue;
			memset(op, 0, sizeof(*op));
			op->insn = insn;
			op->fn = r->exec;
			if (!r->decode || r->decode(insn, op))
				return r;
		}
	memset(op, 0, sizeof(*op));
	op->insn = insn;
	op->fn = la_op_ine;
	return NULL;
}

bool la_disasm_insn(uint32_t insn, char *out, size_t len)
{
	for (size_t t = 0; t < N_TABLES; t++)
		if (tables[t]->disasm && tables[t]->disasm(insn, out, len))
			return true;
	snprintf(out, len, ".word 0x%08x", insn);
	return false;
}

/* IPE (LA RM 6.2.1): a privileged instruction at PLV1-3. */
static int op_ipe(struct core_vcpu *v, const struct core_op *op)
{
	return la_exception(la(v), core_op_pc(v, op), LA_EXC_IPE, 0, 0, op->insn, false);
}

/* FPD: an FP instruction with EUEN.FPE clear. */
static int op_fpd(struct core_vcpu *v, const struct core_op *op)
{
	return la_exception(la(v), core_op_pc(v, op), LA_EXC_FPD, 0, 0, op->insn, false);
}

/* The engine's decode callback: one 4-byte instruction. */
unsigned la_decode(struct core_vcpu *v, const uint8_t *bytes, size_t avail,
		   struct core_op *op, bool *ends_block)
{
	if (avail < 4)
		return 0;
	struct la_cpu *c = la(v);
	uint32_t insn;
	memcpy(&insn, bytes, 4);
	const struct la_insn *r = la_decode_op(insn, op);
	op->len = 4;
	if (!r) {
		op->cost = v->timing->exception;
		*ends_block = true;
		return 4;
	}
	op->cost = v->timing->cost[r->cls];
	*ends_block = (r->flags & LA_F_END) != 0;
	if ((r->flags & LA_F_PRIV) && la_plv(c) != 0) {
		op->fn = op_ipe;
		*ends_block = true;
	} else if ((r->flags & LA_F_FP) && !c->fp_enabled) {
		op->fn = op_fpd;
		*ends_block = true;
	}
	return 4;
}
