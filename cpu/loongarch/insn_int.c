/*
 * LA64 integer arithmetic, logic, shifts and bit manipulation (LA RM 2.2.1
 * "Arithmetic Operation Instructions" to 2.2.5): one handler per
 * operation; the rows come from la_int.decode.
 */
#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

#define R(op, i) (la(v)->r[(op)->r[i]])

/* ADD.D (2.2.1.1): rd = rj + rk. */
static int h_add_d(struct core_vcpu *v, const struct core_op *op)
{
	R(op, 0) = R(op, 1) + R(op, 2);
	return CORE_OK;
}

/* ADDI.D (2.2.1.2): rd = rj + SignExtend(si12). */
static int h_addi_d(struct core_vcpu *v, const struct core_op *op)
{
	R(op, 0) = R(op, 1) + op->imm;
	return CORE_OK;
}

/* ORI (2.2.1.4): rd = rj | ZeroExtend(ui12). */
static int h_ori(struct core_vcpu *v, const struct core_op *op)
{
	R(op, 0) = R(op, 1) | op->imm;
	return CORE_OK;
}

/* LU12I.W (2.2.1.6): rd = SignExtend(si20 << 12, GRLEN). */
static int h_lu12i_w(struct core_vcpu *v, const struct core_op *op)
{
	R(op, 0) = (uint64_t)((int64_t)op->imm << 12);
	return CORE_OK;
}

#include "cpu/loongarch/la_int_decode.inc"

const struct la_table la_table_int = {
	la_int_rows, sizeof(la_int_rows) / sizeof(la_int_rows[0]), la_int_disasm,
};
