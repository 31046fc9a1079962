/*
 * LA64 floating point (LA RM 3.2 "Basic Floating-Point Instructions"): F
 * and D with FCSR0's rounding mode, enables, flags and causes. The rows
 * come from la_fp.decode.
 */
#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

/* MOVGR2FR.D (3.2.5.2): fd = rj. */
static int h_movgr2fr_d(struct core_vcpu *v, const struct core_op *op)
{
	*la_fpr(la(v), op->r[0]) = la(v)->r[op->r[1]];
	return CORE_OK;
}

/* MOVFR2GR.D (3.2.5.2): rd = fj. */
static int h_movfr2gr_d(struct core_vcpu *v, const struct core_op *op)
{
	la(v)->r[op->r[0]] = *la_fpr(la(v), op->r[1]);
	return CORE_OK;
}

#include "cpu/loongarch/la_fp_decode.inc"

const struct la_table la_table_fp = {
	la_fp_rows, sizeof(la_fp_rows) / sizeof(la_fp_rows[0]), la_fp_disasm,
};
