/*
 * The A64 decode driver. The instruction groups' tables (insn_*.c) are
 * data; this file indexes them by the top-level op0 field (bits 28:25,
 * Arm ARM C4.1 "A64 instruction set encoding") so a lookup scans only the
 * rows that can match, and turns a row into a pre-decoded op.
 */
#include <pthread.h>
#include <stdlib.h>

#include "cpu/arm64/arm64.h"

static const struct a64_table *const tables[] = {
	&a64_table_system, &a64_table_branch, &a64_table_ldst,
	&a64_table_dp, &a64_table_fp, &a64_table_simd,
};

#define N_OP0 16
static const struct a64_insn **index_rows[N_OP0];
static size_t index_n[N_OP0];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static bool row_fits_op0(const struct a64_insn *r, uint32_t op0)
{
	uint32_t m = r->mask & (0xfu << 25);
	return ((op0 << 25) & m) == (r->match & m);
}

static void build_index(void)
{
	for (uint32_t op0 = 0; op0 < N_OP0; op0++) {
		size_t n = 0;
		for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
			for (size_t i = 0; i < tables[t]->n; i++)
				n += row_fits_op0(&tables[t]->rows[i], op0);
		index_rows[op0] = malloc((n ? n : 1) * sizeof(*index_rows[op0]));
		if (!index_rows[op0])
			abort();
		n = 0;
		for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
			for (size_t i = 0; i < tables[t]->n; i++)
				if (row_fits_op0(&tables[t]->rows[i], op0))
					index_rows[op0][n++] = &tables[t]->rows[i];
		index_n[op0] = n;
	}
}

/*
 * The first row whose pattern matches and whose decode accepts the
 * encoding. `op` may be NULL when only the row is wanted.
 */
static const struct a64_insn *find(uint32_t insn, struct core_op *op)
{
	pthread_once(&index_once, build_index);
	uint32_t op0 = a64_bits(insn, 25, 4);
	struct core_op scratch;
	struct core_op *o = op ? op : &scratch;
	for (size_t i = 0; i < index_n[op0]; i++) {
		const struct a64_insn *r = index_rows[op0][i];
		if ((insn & r->mask) != r->match)
			continue;
		memset(o, 0, sizeof(*o));
		o->insn = insn;
		o->fn = r->exec;
		if (!r->decode || r->decode(insn, o))
			return r;
	}
	return NULL;
}

const struct a64_insn *a64_lookup(uint32_t insn)
{
	return find(insn, NULL);
}

const struct a64_insn *a64_decode_op(uint32_t insn, struct core_op *op)
{
	const struct a64_insn *r = find(insn, op);
	if (!r) {
		memset(op, 0, sizeof(*op));
		op->insn = insn;
		op->fn = a64_op_undef;
	}
	return r;
}

/*
 * FPEN fields (CPACR_EL1, and CPTR_EL2 when E2H is 1): 0b11 traps nothing,
 * 0b01 traps EL0 only, 0b00 and 0b10 trap both ELs they cover.
 */
static bool fpen_traps(uint64_t reg, bool el0)
{
	unsigned fpen = (reg >> 20) & 3;
	return fpen == 0 || fpen == 2 || (fpen == 1 && el0);
}

/*
 * The FP/SIMD traps in priority order (D19.2.30 CPACR_EL1, D19.2.32
 * CPTR_EL2): CPACR_EL1.FPEN at EL0 and EL1 (to EL1, or to EL2 from EL0
 * under TGE), unless E2H and TGE make EL0 a host's; then CPTR_EL2 at EL0-EL2
 * (to EL2): TFP (bit 10), or under E2H FPEN, whose 0b01 traps only a host's EL0.
 */
unsigned a64_fp_trap_el(const struct arm64_cpu *c)
{
	bool el0 = c->el == 0;
	if (c->el < 2 && !a64_host(c) && fpen_traps(c->sr.cpacr_el1, el0))
		return a64_sync_target(c);
	if (!c->el2_present)
		return 0;
	if (!a64_e2h(c))
		return (c->sr.cptr_el2 & (1u << 10)) ? 2 : 0;
	return fpen_traps(c->sr.cptr_el2, el0 && a64_host(c)) ? 2 : 0;
}

/* FP/SIMD access trapped by CPACR_EL1.FPEN or CPTR_EL2 (EC 0x07). */
CORE_HANDLER(op_fp_trap)
{
	struct arm64_cpu *c = a64(v);
	return a64_sync_exception_to(c, a64_fp_trap_el(c), core_op_pc(v, op), EC_FP_ACCESS,
				     A64_ISS_CV_AL, 0, false);
}

/* PSTATE.IL set by an illegal exception return (D1.11.4, EC 0x0e). */
CORE_HANDLER(op_illegal_state)
{
	struct arm64_cpu *c = a64(v);
	return a64_sync_exception(c, core_op_pc(v, op), EC_ILLEGAL_STATE, 0, 0, false);
}

/* The engine's decode callback: one 4-byte instruction. */
unsigned a64_decode(struct core_vcpu *v, const uint8_t *bytes, size_t avail,
		    struct core_op *op, bool *ends_block)
{
	if (avail < 4)
		return 0;
	struct arm64_cpu *c = a64(v);
	uint32_t insn;
	memcpy(&insn, bytes, 4);
	const struct a64_insn *r = a64_decode_op(insn, op);
	op->len = 4;
	if (!r) {
		op->cost = v->timing->exception;
		*ends_block = true;
		return 4;
	}
	op->cost = v->timing->cost[r->cls];
	*ends_block = (r->flags & A64_F_END) != 0;
	if (c->ss_il & (1u << 20)) {
		op->fn = op_illegal_state;
		*ends_block = true;
	} else if ((r->flags & A64_F_FP) && !c->fp_enabled) {
		op->fn = op_fp_trap;
		*ends_block = true;
	}
	return 4;
}
