/*
 * The LA64 decode driver. The instruction groups' tables (insn_*.c, each
 * generated from a .decode description by tools/decodetree.py) are data;
 * this file indexes them by the instruction's top 12 bits, so a lookup
 * scans only the rows that can match, and turns a row into a pre-decoded
 * op, deciding at decode time what the decode mode (PLV, FP enable) makes
 * of it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpu/loongarch/loongarch.h"

static const struct la_table *const tables[] = {
	&la_table_int, &la_table_branch, &la_table_ldst, &la_table_fp, &la_table_system, &la_table_lsx,
	&la_table_vfp,
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

/*
 * The index: bits 31:20 of the word. LoongArch's opcodes are 6 to 22 bits
 * from bit 31 down, so a row with a shorter opcode (B, BL: 6 bits) is
 * listed under every key it allows; the longest list (the two-register
 * ops under key 0) stays a few dozen rows. Each list keeps table order,
 * which an overlap group { } relies on; rows of different tables never
 * overlap (test_la_decode.c checks it), so their order does not matter.
 */
#define INDEX_BITS 12
#define INDEX_KEYS (1u << INDEX_BITS)
#define INDEX_SHIFT (32 - INDEX_BITS)
static const struct la_insn **index_rows;
static uint32_t index_start[INDEX_KEYS + 1];   /* key k's rows: [start[k], start[k + 1]) */
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static bool row_fits_key(const struct la_insn *r, uint32_t key)
{
	uint32_t m = r->mask >> INDEX_SHIFT;
	return (key & m) == (r->match >> INDEX_SHIFT & m);
}

/* List each key's rows in turn (into out, unless NULL); returns how many there are. */
static uint32_t fill_index(const struct la_insn **out)
{
	uint32_t n = 0;
	for (uint32_t key = 0; key < INDEX_KEYS; key++) {
		index_start[key] = n;
		for (size_t t = 0; t < N_TABLES; t++)
			for (size_t i = 0; i < tables[t]->n; i++) {
				if (!row_fits_key(&tables[t]->rows[i], key))
					continue;
				if (out)
					out[n] = &tables[t]->rows[i];
				n++;
			}
	}
	index_start[INDEX_KEYS] = n;
	return n;
}

static void build_index(void)
{
	index_rows = malloc((fill_index(NULL) + 1) * sizeof(*index_rows));
	if (!index_rows)
		abort();
	fill_index(index_rows);
}

const struct la_insn *la_decode_op(uint32_t insn, struct core_op *op)
{
	pthread_once(&index_once, build_index);
	uint32_t key = insn >> INDEX_SHIFT;
	for (uint32_t i = index_start[key]; i < index_start[key + 1]; i++) {
		const struct la_insn *r = index_rows[i];
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
CORE_HANDLER(op_ipe)
{
	return la_exception(la(v), core_op_pc(v, op), LA_EXC_IPE, 0, 0, op->insn, false);
}

/* FPD: an FP instruction with EUEN.FPE clear. */
CORE_HANDLER(op_fpd)
{
	return la_exception(la(v), core_op_pc(v, op), LA_EXC_FPD, 0, 0, op->insn, false);
}

/* SXD: an LSX instruction with EUEN.SXE clear. */
CORE_HANDLER(op_sxd)
{
	return la_exception(la(v), core_op_pc(v, op), LA_EXC_SXD, 0, 0, op->insn, false);
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
	} else if ((r->flags & LA_F_SX) && !c->sx_enabled) {
		op->fn = op_sxd;
		*ends_block = true;
	}
	return 4;
}
