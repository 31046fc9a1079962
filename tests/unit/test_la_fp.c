/*
 * LA64 floating point (LA RM chapter 3): FCSR and the end of an FP
 * instruction (fpu.h), then the instructions through the harness.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/loongarch/fpu.h"
#include "tests/unit/la_harness.h"

/* Registers: fd = f1, fj = f2, fk = f3, fa = f4; GRs a0 (rd), a1 (rj), a2 (rk). */
enum { FD = 1, FJ = 2, FK = 3, FA = 4, A0 = 4, A1 = 5, A2 = 6 };

/* Opcodes (llvm-mc's encodings): 3R bits 31:15, 2R 31:10, 4R 31:20, 2RI12 31:22. */
enum {
	FADD_S = 0x201, FADD_D, FSUB_S = 0x205, FSUB_D, FMUL_S = 0x209, FMUL_D, FDIV_S = 0x20d,
	FDIV_D, FMAX_S = 0x211, FMAX_D, FMIN_S = 0x215, FMIN_D, FMAXA_S = 0x219, FMAXA_D,
	FMINA_S = 0x21d, FMINA_D, FSCALEB_S = 0x221, FSCALEB_D, FCOPYSIGN_S = 0x225, FCOPYSIGN_D,
	FLDX_S = 0x7060, FLDX_D = 0x7068, FSTX_S = 0x7070, FSTX_D = 0x7078,
	FLDGT_S = 0x70e8, FLDGT_D, FLDLE_S, FLDLE_D, FSTGT_S, FSTGT_D, FSTLE_S, FSTLE_D,
};
enum {
	FABS_S = 0x4501, FABS_D, FNEG_S = 0x4505, FNEG_D, FLOGB_S = 0x4509, FLOGB_D,
	FCLASS_S = 0x450d, FCLASS_D, FSQRT_S = 0x4511, FSQRT_D, FRECIP_S = 0x4515, FRECIP_D,
	FRSQRT_S = 0x4519, FRSQRT_D, FMOV_S = 0x4525, FMOV_D, MOVGR2FR_W = 0x4529, MOVGR2FR_D,
	MOVGR2FRH_W, MOVFR2GR_S = 0x452d, MOVFR2GR_D, MOVFRH2GR_S, MOVGR2FCSR, MOVFCSR2GR = 0x4532,
	MOVFR2CF = 0x4534, MOVCF2FR, MOVGR2CF, MOVCF2GR,
	FCVT_S_D = 0x4646, FCVT_D_S = 0x4649,
	FTINTRM_W_D = 0x4682, FTINTRP_W_S = 0x4691, FTINTRZ_W_S = 0x46a1, FTINTRZ_W_D,
	FTINTRZ_L_D = 0x46aa, FTINTRNE_W_S = 0x46b1, FTINT_W_D = 0x46c2, FTINT_L_D = 0x46ca,
	FFINT_S_W = 0x4744, FFINT_S_L = 0x4746, FFINT_D_W = 0x4748, FFINT_D_L = 0x474a,
	FRINT_S = 0x4791, FRINT_D,
};
enum { FMADD_S = 0x081, FMADD_D, FMSUB_D = 0x086, FNMADD_D = 0x08a, FNMSUB_D = 0x08e };
enum { FLD_S = 0xac, FST_S, FLD_D, FST_D };

#define REGS(d, j, k) ((uint32_t)(k) << 10 | (uint32_t)(j) << 5 | (uint32_t)(d))
#define R3(op) ((uint32_t)(op) << 15 | REGS(FD, FJ, FK))
#define R2(op) ((uint32_t)(op) << 10 | REGS(FD, FJ, 0))
#define R2X(op, d, j) ((uint32_t)(op) << 10 | REGS(d, j, 0))
#define R4(op) ((uint32_t)(op) << 20 | (uint32_t)FA << 15 | REGS(FD, FJ, FK))
#define FCMP(prec, cond, cd) (0x0c0u << 20 | (uint32_t)(prec) << 20 | (uint32_t)(cond) << 15 | REGS(cd, FJ, FK))
#define FSEL(ca) (0x0d000000u | (uint32_t)(ca) << 15 | REGS(FD, FJ, FK))
#define RI12(op, d, j, si) ((uint32_t)(op) << 22 | ((uint32_t)(si) & 0xfff) << 10 | REGS(d, j, 0))
#define BCxZ(nez, cj, offs) \
	(0x48000000u | ((uint32_t)(offs) >> 2 & 0xffff) << 10 | (uint32_t)(nez) << 8 | \
	 (uint32_t)(cj) << 5 | ((uint32_t)(offs) >> 18 & 31))

#define ONE_S 0x3f800000u
#define ONE_D 0x3ff0000000000000ull
#define QNAN_D 0x7ff8000000000000ull
#define BOX(x) (0xffffffff00000000ull | (uint32_t)(x))

/* The ECode of the last exception. */
static unsigned ecode(const struct la_cpu *c)
{
	return (c->csr.estat >> LA_ESTAT_ECODE_SHIFT) & 0x3f;
}

/*
 * Run one instruction with fj, fk, fa and FCSR0 set; fd starts as a marker.
 * Returns fd; `stopped` says whether it ended normally (no exception).
 */
#define FD_MARK 0x5a5a5a5a5a5a5a5aull
static uint64_t run1(struct la_harness *h, uint32_t insn, uint32_t fcsr, uint64_t fj,
		     uint64_t fk, uint64_t fa)
{
	struct la_cpu *c = la_harness_cpu(h);
	*la_fpr(c, FD) = FD_MARK;
	*la_fpr(c, FJ) = fj;
	*la_fpr(c, FK) = fk;
	*la_fpr(c, FA) = fa;
	c->fcsr = fcsr;
	la_harness_run(h, &insn, 1);
	return *la_fpr(c, FD);
}

/* FCSR0 with rounding mode rm (0 RNE, 1 RZ, 2 RP, 3 RM). */
#define RM(rm) ((uint32_t)(rm) << LA_FCSR_RM_SHIFT)
/* FCSR0's Cause as V Z O U I bits. */
static unsigned cause(const struct la_cpu *c)
{
	return (c->fcsr & LA_FCSR_CAUSE) >> LA_FCSR_CAUSE_SHIFT;
}

/* One instruction's result and Cause against a table's. */
struct fp_case {
	uint32_t insn;
	uint64_t a, b, c, want;   /* fj, fk, fa, fd after */
	unsigned cause;
};

static void run_cases(struct la_harness *h, const struct fp_case *cases, size_t n)
{
	struct la_cpu *c = la_harness_cpu(h);
	for (size_t i = 0; i < n; i++) {
		uint64_t r = run1(h, cases[i].insn, 0, cases[i].a, cases[i].b, cases[i].c);
		if (r != cases[i].want || cause(c) != cases[i].cause)
			fail_msg("case %zu: %016llx cause %#x, want %016llx cause %#x", i,
				 (unsigned long long)r, cause(c), (unsigned long long)cases[i].want,
				 cases[i].cause);
	}
}
#define RUN_CASES(h, cases) run_cases(h, cases, sizeof(cases) / sizeof(cases[0]))

static int setup(void **state)
{
	*state = la_harness_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	la_harness_free(*state);
	return 0;
}

/* Enables, Flags and Cause are V Z O U I from bit 4 down: IEEE's order reversed. */
static void test_fcsr_bits(void **state)
{
	(void)state;
	assert_int_equal(la_fpu_bits(IEEE_INVALID), 0x10);
	assert_int_equal(la_fpu_bits(IEEE_DIVZERO), 0x08);
	assert_int_equal(la_fpu_bits(IEEE_OVERFLOW), 0x04);
	assert_int_equal(la_fpu_bits(IEEE_UNDERFLOW), 0x02);
	assert_int_equal(la_fpu_bits(IEEE_INEXACT), 0x01);
	assert_int_equal(la_fpu_bits(IEEE_DENORMAL), 0);
	assert_int_equal(la_fcsr_view_mask(0), 0x1f1f031f);
	assert_int_equal(la_fcsr_view_mask(1), 0x1f);
	assert_int_equal(la_fcsr_view_mask(2), 0x1f1f0000);
	assert_int_equal(la_fcsr_view_mask(3), 0x300);
}

/* FCSR0.RM picks the engine's mode: RNE, RZ, RP, RM. */
static void test_fcsr_rmode(void **state)
{
	struct la_cpu *c = la_harness_cpu(*state);
	static const enum ieee_rounding want[4] = { IEEE_RN, IEEE_RZ, IEEE_RP, IEEE_RM };
	for (unsigned rm = 0; rm < 4; rm++) {
		c->fcsr = rm << LA_FCSR_RM_SHIFT;
		assert_int_equal(la_fpu_env(c).mode, want[rm]);
	}
}

/*
 * Finishing: Cause is replaced, Flags accumulate; an enabled cause traps
 * with FPE (EsubCode as asked) and leaves Flags alone.
 */
static void test_fpu_finish(void **state)
{
	struct la_cpu *c = la_harness_cpu(*state);
	struct core_op op = { .insn = 0x01008820 };
	struct ieee_env env = la_fpu_env(c);

	c->fcsr = LA_FP_Z << LA_FCSR_FLAGS_SHIFT | LA_FP_V << LA_FCSR_CAUSE_SHIFT;
	env.flags = IEEE_INEXACT;
	assert_int_equal(la_fpu_finish(c, &op, &env, LA_FPE_SCALAR), CORE_OK);
	assert_int_equal(c->fcsr, (LA_FP_Z | LA_FP_I) << LA_FCSR_FLAGS_SHIFT |
					  LA_FP_I << LA_FCSR_CAUSE_SHIFT);
	env.flags = 0;
	assert_int_equal(la_fpu_finish(c, &op, &env, LA_FPE_SCALAR), CORE_OK);
	assert_int_equal(c->fcsr, (LA_FP_Z | LA_FP_I) << LA_FCSR_FLAGS_SHIFT);

	c->fcsr = LA_FP_O;
	env.flags = IEEE_OVERFLOW | IEEE_INEXACT;
	assert_int_equal(la_fpu_finish(c, &op, &env, LA_FPE_VECTOR), CORE_EXCEPTION);
	assert_int_equal(c->fcsr, LA_FP_O | (LA_FP_O | LA_FP_I) << LA_FCSR_CAUSE_SHIFT);
	assert_int_equal((c->csr.estat >> LA_ESTAT_ECODE_SHIFT) & 0x3f, LA_EXC_FPE);
	assert_int_equal(c->csr.estat >> LA_ESTAT_ESUBCODE_SHIFT, LA_FPE_VECTOR);
	assert_int_equal(c->csr.badi, op.insn);
}

/* Each rounding mode of FCSR0.RM on a tie and on 1/3; single results NaN-boxed. */
static void test_rounding(void **state)
{
	struct la_harness *h = *state;
	struct la_cpu *c = la_harness_cpu(h);
	/* 1 + 2^-24: a tie between 1 and 1 + 2^-23. */
	static const uint32_t tie[4] = { ONE_S, ONE_S, ONE_S + 1, ONE_S };
	static const uint64_t third[4] = { 0x3fd5555555555555, 0x3fd5555555555555,
					   0x3fd5555555555556, 0x3fd5555555555555 };
	for (unsigned rm = 0; rm < 4; rm++) {
		assert_int_equal(run1(h, R3(FADD_S), RM(rm), ONE_S, 0x33800000, 0), BOX(tie[rm]));
		assert_int_equal(cause(c), LA_FP_I);
		assert_int_equal(run1(h, R3(FDIV_D), RM(rm), ONE_D, 0x4008000000000000, 0), third[rm]);
		/* An exact negative zero sum only toward -infinity. */
		assert_int_equal(run1(h, R3(FSUB_D), RM(rm), ONE_D, ONE_D, 0), rm == 3 ? 1ull << 63 : 0);
		assert_int_equal(cause(c), 0);
	}
	/* FTINT takes FCSR0.RM, FTINTRZ its own. */
	assert_int_equal(run1(h, R2(FTINT_W_D), RM(2), 0x4004000000000000, 0, 0), 3);
	assert_int_equal(run1(h, R2(FTINTRZ_W_D), RM(2), 0x4004000000000000, 0, 0), 2);
	assert_int_equal(run1(h, R2(FRINT_D), RM(3), 0xc004000000000000, 0, 0), 0xc008000000000000);
	assert_int_equal(cause(c), LA_FP_I);
}

/* Every exception's Cause; Flags accumulate over instructions, Cause does not. */
static void test_causes(void **state)
{
	struct la_harness *h = *state;
	struct la_cpu *c = la_harness_cpu(h);
	static const struct {
		uint32_t insn;
		uint64_t a, b;
		unsigned cause;
	} cases[] = {
		{ R3(FMUL_D), 0x7ff0000000000000, 0, LA_FP_V },                     /* inf * 0 */
		{ R3(FDIV_D), ONE_D, 0, LA_FP_Z },                                  /* 1 / 0 */
		{ R3(FMUL_D), 0x7fefffffffffffff, 0x4000000000000000, LA_FP_O | LA_FP_I },
		{ R3(FMUL_D), 0x0010000000000001, 0x3fe0000000000000, LA_FP_U | LA_FP_I },
		{ R3(FMUL_D), 0x0010000000000000, 0x3fe0000000000000, 0 },         /* exact: no U */
		{ R3(FDIV_D), ONE_D, 0x4008000000000000, LA_FP_I },
		{ R2(FSQRT_D), 0xbff0000000000000, 0, LA_FP_V },
		{ R2(FRECIP_S), 0, 0, LA_FP_Z },
		{ R2(FLOGB_D), 0, 0, LA_FP_Z },
		{ R2(FFINT_S_W), 0x7fffffff, 0, LA_FP_I },
		/*
		 * Tininess after rounding: (1 + 2^-13)(1 - 2^-13) 2^-126 rounds to
		 * the smallest normal, inexact but not tiny.
		 */
		{ R3(FMUL_S), 0x3f800400, 0x007ffc00, LA_FP_I },
		{ R3(FMUL_S), 0x3f800400, 0x807ffc00, LA_FP_I },
	};
	uint32_t flags = 0;
	c->fcsr = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t keep = c->fcsr & LA_FCSR_FLAGS;
		run1(h, cases[i].insn, keep, cases[i].a, cases[i].b, 0);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
		if (cause(c) != cases[i].cause)
			fail_msg("case %zu: cause %#x, want %#x", i, cause(c), cases[i].cause);
		flags |= cases[i].cause;
		assert_int_equal((c->fcsr & LA_FCSR_FLAGS) >> LA_FCSR_FLAGS_SHIFT, flags);
	}
	assert_int_equal(run1(h, R3(FMUL_S), 0, 0x3f800400, 0x007ffc00, 0), BOX(0x00800000));
}

/*
 * An enabled exception traps with FPE (EsubCode 0) at the instruction:
 * Cause set, Flags and the destination (FPR or FCC) untouched. A disabled
 * one, or an enabled one not raised, does not trap.
 */
static void test_fpe(void **state)
{
	struct la_harness *h = *state;
	struct la_cpu *c = la_harness_cpu(h);
	uint32_t flags = LA_FP_O << LA_FCSR_FLAGS_SHIFT;

	assert_int_equal(run1(h, R3(FDIV_D), flags | LA_FP_Z, ONE_D, 0, 0), FD_MARK);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(ecode(c), LA_EXC_FPE);
	assert_int_equal(c->csr.estat >> LA_ESTAT_ESUBCODE_SHIFT, LA_FPE_SCALAR);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE);
	assert_int_equal(c->fcsr, flags | LA_FP_Z | LA_FP_Z << LA_FCSR_CAUSE_SHIFT);

	/* Inexact enabled, an exact result: no trap. */
	assert_int_equal(run1(h, R3(FADD_D), LA_FP_I, ONE_D, ONE_D, 0), 0x4000000000000000);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	/* Overflow enabled: O and I caused, the trap taken. */
	run1(h, R3(FMUL_S), LA_FP_O, 0x7f7fffff, 0x40000000, 0);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(cause(c), LA_FP_O | LA_FP_I);
	assert_int_equal(c->fcsr & LA_FCSR_FLAGS, 0);

	/* FCMP.SEQ on a quiet NaN signals invalid: FCC 2 keeps its value. */
	uint32_t seq = FCMP(2, 0x5, 2);
	c->fcc[2] = 1;
	run1(h, seq, LA_FP_V, QNAN_D, ONE_D, 0);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(ecode(c), LA_EXC_FPE);
	assert_int_equal(c->fcc[2], 1);
	/* FCMP.CEQ does not: FCC 2 cleared. */
	run1(h, FCMP(2, 0x4, 2), LA_FP_V, QNAN_D, ONE_D, 0);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	assert_int_equal(c->fcc[2], 0);
	/* MOVGR2FCSR never traps, whatever Cause and Enables say. */
	uint32_t insn = R2X(MOVGR2FCSR, 0, A1);
	c->r[A1] = 0x1f00001f;
	la_harness_run(h, &insn, 1);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	assert_int_equal(c->fcsr, 0x1f00001f);
}

/*
 * NaNs: the default NaN of an invalid operation; the first signalling NaN
 * operand quietened, else the first quiet one; the fused forms look at fa
 * first; 0 * inf + qNaN is invalid and returns the NaN; maxNum prefers a
 * number to a quiet NaN; FCVT keeps the payload's top.
 */
static void test_nans(void **state)
{
	struct la_harness *h = *state;
	static const struct fp_case cases[] = {
		{ R3(FSUB_D), 0x7ff0000000000000, 0x7ff0000000000000, 0, QNAN_D, LA_FP_V },
		{ R3(FADD_D), 0x7ff8000000000001, 0xfff8000000000002, 0, 0x7ff8000000000001, 0 },
		{ R3(FADD_D), 0x7ff8000000000001, 0x7ff0000000000003, 0, 0x7ff8000000000003, LA_FP_V },
		{ R3(FADD_S), 0xffffffff7fc00001, 0x7f800003, 0, BOX(0x7fc00003), LA_FP_V },
		{ R4(FMADD_D), 0x7ff8000000000001, ONE_D, 0xfff8000000000002, 0xfff8000000000002, 0 },
		{ R4(FMADD_D), 0x7ff0000000000000, 0, 0xfff8000000000002, 0xfff8000000000002, LA_FP_V },
		{ R4(FNMADD_D), 0x7ff0000000000000, 0, ONE_D, QNAN_D, LA_FP_V },
		{ R4(FMSUB_D), 0x7ff0000000000000, ONE_D, 0x7ff0000000000000, QNAN_D, LA_FP_V },
		{ R3(FMAX_D), 0x7ff8000000000001, ONE_D, 0, ONE_D, 0 },
		{ R3(FMIN_D), ONE_D, 0xfff8000000000002, 0, ONE_D, 0 },
		{ R3(FMAX_D), 0x7ff0000000000003, ONE_D, 0, 0x7ff8000000000003, LA_FP_V },
		{ R2(FCVT_S_D), 0x7ff0000020000000, 0, 0, BOX(0x7fc00001), LA_FP_V },
		{ R2(FCVT_D_S), 0xffffffffff800001, 0, 0, 0xfff8000020000000, LA_FP_V },
		{ R2(FABS_D), 0xfff0000000000003, 0, 0, 0x7ff0000000000003, 0 },
	};
	RUN_CASES(h, cases);
}

/* Conversions at the edges: out of range and NaN to integer give the bound or 0, invalid. */
static void test_conversions(void **state)
{
	struct la_harness *h = *state;
	static const struct fp_case cases[] = {
		{ R2(FTINTRZ_W_D), 0x41dfffffffc00000, 0, 0, 0x7fffffff, 0 },                    /* 2^31 - 1 */
		{ R2(FTINTRZ_W_D), 0x41e0000000000000, 0, 0, 0x7fffffff, LA_FP_V },              /* 2^31 */
		{ R2(FTINTRZ_W_D), 0xc1e0000000000000, 0, 0, 0xffffffff80000000, 0 },            /* -2^31 */
		{ R2(FTINTRZ_W_D), 0xc1e0000000200000, 0, 0, 0xffffffff80000000, LA_FP_V },      /* -2^31 - 1 */
		{ R2(FTINTRZ_W_D), QNAN_D, 0, 0, 0, LA_FP_V },
		{ R2(FTINTRZ_W_D), 0x7ff0000000000001, 0, 0, 0, LA_FP_V },
		{ R2(FTINTRZ_L_D), 0xfff0000000000000, 0, 0, 1ull << 63, LA_FP_V },
		{ R2(FTINT_L_D), 0x43e0000000000000, 0, 0, 0x7fffffffffffffff, LA_FP_V },        /* 2^63 */
		{ R2(FTINTRNE_W_S), 0x40200000, 0, 0, 2, LA_FP_I },                              /* 2.5 */
		{ R2(FTINTRNE_W_S), 0x40600000, 0, 0, 4, LA_FP_I },                              /* 3.5 */
		{ R2(FTINTRM_W_D), 0xc004000000000000, 0, 0, (uint64_t)-3, LA_FP_I },            /* -2.5 */
		{ R2(FTINTRP_W_S), 0x40066666, 0, 0, 3, LA_FP_I },                               /* 2.1 */
		{ R2(FTINTRZ_W_S), 0xbf000000, 0, 0, 0, LA_FP_I },                               /* -0.5 */
		{ R2(FFINT_S_W), 0x80000000, 0, 0, BOX(0xcf000000), 0 },
		{ R2(FFINT_D_W), 0xffffffff, 0, 0, 0xbff0000000000000, 0 },
		{ R2(FFINT_D_L), 0x7fffffffffffffff, 0, 0, 0x43e0000000000000, LA_FP_I },
		{ R2(FFINT_S_L), 1ull << 63, 0, 0, BOX(0xdf000000), 0 },
		{ R2(FCVT_S_D), 0x47f0000000000000, 0, 0, BOX(0x7f800000), LA_FP_O | LA_FP_I },
		{ R2(FCVT_D_S), 0x00000001, 0, 0, 0x36a0000000000000, 0 },
		{ R2(FRINT_S), 0x3fc00000, 0, 0, 0x40000000, LA_FP_I },   /* bits 63:32 cleared, as QEMU */
	};
	RUN_CASES(h, cases);
}

/*
 * FCMP: every allocated condition on fj < fk, ==, >, and unordered; the
 * S conditions signal invalid on a quiet NaN, the C ones only on a
 * signalling one.
 */
static void test_fcmp(void **state)
{
	struct la_harness *h = *state;
	struct la_cpu *c = la_harness_cpu(h);
	/* cond >> 1: the relations that make it true, as LT 1, EQ 2, GT 4, UN 8. */
	static const uint8_t truth[16] = {
		[0x0] = 0, [0x1] = 1, [0x2] = 2, [0x3] = 3, [0x4] = 8, [0x5] = 9, [0x6] = 10,
		[0x7] = 11, [0x8] = 5, [0xa] = 7, [0xc] = 13,
	};
	static const uint64_t ops[4][2] = {
		{ ONE_D, 0x4000000000000000 }, { ONE_D, ONE_D }, { 0x4000000000000000, ONE_D },
		{ QNAN_D, ONE_D },
	};
	for (unsigned cond = 0; cond < 0x1a; cond++) {
		if (cond >> 1 > 8 && cond >> 1 != 10 && cond >> 1 != 12)
			continue;
		for (unsigned rel = 0; rel < 4; rel++) {
			c->fcc[5] = 2;
			run1(h, FCMP(2, cond, 5), 0, ops[rel][0], ops[rel][1], 0);
			assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
			if (c->fcc[5] != ((truth[cond >> 1] >> rel) & 1))
				fail_msg("cond %#x rel %u: %u", cond, rel, c->fcc[5]);
			assert_int_equal(cause(c), rel == 3 && (cond & 1) ? LA_FP_V : 0);
		}
		run1(h, FCMP(2, cond, 5), 0, 0x7ff0000000000001, ONE_D, 0);
		assert_int_equal(cause(c), LA_FP_V);
	}
	/* Single precision looks at the low word only; -0 == +0. */
	run1(h, FCMP(1, 0x4, 0), 0, 0x1234567880000000, 0, 0);
	assert_int_equal(c->fcc[0], 1);
	/* Conditions 0x12, 0x13, 0x16... are not allocated. */
	run1(h, FCMP(2, 0x12, 0), 0, 0, 0, 0);
	assert_int_equal(ecode(c), LA_EXC_INE);
}

/* FMAXA/FMINA by magnitude; FSCALEB, FLOGB, FCLASS, FCOPYSIGN, FSQRT, FRSQRT. */
static void test_misc(void **state)
{
	struct la_harness *h = *state;
	struct la_cpu *c = la_harness_cpu(h);
	static const struct fp_case cases[] = {
		{ R3(FMAXA_D), 0xc000000000000000, ONE_D, 0, 0xc000000000000000, 0 },
		{ R3(FMINA_D), 0xc000000000000000, ONE_D, 0, ONE_D, 0 },
		{ R3(FMAXA_D), 0xbff0000000000000, ONE_D, 0, ONE_D, 0 },
		{ R3(FMINA_S), 0xbf800000, ONE_S, 0, BOX(0xbf800000), 0 },
		{ R3(FMAX_D), 1ull << 63, 0, 0, 0, 0 },
		{ R3(FMIN_D), 0, 1ull << 63, 0, 1ull << 63, 0 },
		{ R3(FSCALEB_D), ONE_D, 1024, 0, 0x7ff0000000000000, LA_FP_O | LA_FP_I },
		{ R3(FSCALEB_D), ONE_D, (uint64_t)-1074, 0, 1, 0 },
		{ R3(FSCALEB_D), 0x3ff8000000000000, (uint64_t)-1074, 0, 2, LA_FP_U | LA_FP_I },
		{ R3(FSCALEB_S), ONE_S, 0xffffffff00000003, 0, BOX(0x41000000), 0 },
		{ R3(FSCALEB_D), 0x7ff0000000000000, (uint64_t)-5000, 0, 0x7ff0000000000000, 0 },
		{ R2(FLOGB_D), 0x4020000000000000, 0, 0, 0x4008000000000000, 0 },            /* 8 -> 3 */
		{ R2(FLOGB_D), 1, 0, 0, 0xc090c80000000000, 0 },                              /* -1074 */
		{ R2(FLOGB_S), 0x3f7fffff, 0, 0, BOX(0xbf800000), 0 },
		{ R2(FLOGB_D), 0xc020000000000000, 0, 0, QNAN_D, LA_FP_V },
		{ R2(FLOGB_D), 0x7ff0000000000000, 0, 0, 0x7ff0000000000000, 0 },
		{ R2(FCLASS_D), 0x7ff0000000000001, 0, 0, 1 << 0, 0 },
		{ R2(FCLASS_D), QNAN_D, 0, 0, 1 << 1, 0 },
		{ R2(FCLASS_D), 0xfff0000000000000, 0, 0, 1 << 2, 0 },
		{ R2(FCLASS_D), 0xbff0000000000000, 0, 0, 1 << 3, 0 },
		{ R2(FCLASS_D), 0x8000000000000001, 0, 0, 1 << 4, 0 },
		{ R2(FCLASS_D), 1ull << 63, 0, 0, 1 << 5, 0 },
		{ R2(FCLASS_S), 0x7f800000, 0, 0, 1 << 6, 0 },
		{ R2(FCLASS_S), ONE_S, 0, 0, 1 << 7, 0 },
		{ R2(FCLASS_S), 1, 0, 0, 1 << 8, 0 },
		{ R2(FCLASS_S), 0xffffffff00000000, 0, 0, 1 << 9, 0 },
		{ R3(FCOPYSIGN_D), ONE_D, 1ull << 63, 0, 0xbff0000000000000, 0 },
		{ R3(FCOPYSIGN_S), 0xbf800000, 0, 0, ONE_S, 0 },   /* bits 63:32 from fk, as QEMU */
		{ R2(FNEG_S), 0x7f800001, 0, 0, BOX(0xff800001), 0 },
		{ R2(FSQRT_D), 0x4010000000000000, 0, 0, 0x4000000000000000, 0 },
		{ R2(FRSQRT_D), 0x4010000000000000, 0, 0, 0x3fe0000000000000, 0 },
		{ R2(FRECIP_D), 0x4010000000000000, 0, 0, 0x3fd0000000000000, 0 },
	};
	RUN_CASES(h, cases);
	/* FABS, FNEG, FCOPYSIGN, FCLASS leave Cause alone. */
	run1(h, R2(FABS_D), LA_FP_V << LA_FCSR_CAUSE_SHIFT, 0x7ff0000000000001, 0, 0);
	assert_int_equal(cause(c), LA_FP_V);
}

/* The moves: GRs, FCSR views, FCCs, FSEL, the high word. */
static void test_moves(void **state)
{
	struct la_harness *h = *state;
	struct la_cpu *c = la_harness_cpu(h);
	const uint32_t insns[] = {
		R2X(MOVGR2FR_D, FD, A1),       /* f1 = a1 */
		R2X(MOVGR2FRH_W, FD, A2),      /* f1[63:32] = a2 */
		R2X(MOVFR2GR_S, A0, FD),       /* a0 = sext(f1[31:0]) */
		R2X(MOVFRH2GR_S, 7, FD),       /* a3 = sext(f1[63:32]) */
		R2X(MOVGR2FR_W, FJ, A2),       /* f2[31:0] = a2 */
		R2X(MOVFR2GR_D, 8, FJ),        /* a4 = f2 */
	};
	c->r[A1] = 0x11111111f0000001;
	c->r[A2] = 0x2222222280000002;
	la_harness_run(h, insns, 6);
	assert_int_equal(*la_fpr(c, FD), 0x80000002f0000001);
	assert_int_equal(c->r[A0], 0xfffffffff0000001);
	assert_int_equal(c->r[7], 0xffffffff80000002);
	assert_int_equal(c->r[8], 0x0000000080000002);   /* f2's bits 63:32 kept, as QEMU */

	/* FCSR1-3 write and read their fields only; reserved bits stay 0. */
	static const struct { unsigned n; uint32_t after, view; } fcsr[] = {
		{ 0, 0x1f1f031f, 0x1f1f031f }, { 1, 0x1f, 0x1f }, { 2, 0x1f1f0000, 0x1f1f0000 },
		{ 3, 0x300, 0x300 },
	};
	for (unsigned i = 0; i < 4; i++) {
		uint32_t rw[2] = { R2X(MOVGR2FCSR, fcsr[i].n, A1), R2X(MOVFCSR2GR, A0, fcsr[i].n) };
		c->fcsr = 0;
		c->r[A1] = ~0ull;
		la_harness_run(h, rw, 2);
		assert_int_equal(c->fcsr, fcsr[i].after);
		assert_int_equal(c->r[A0], fcsr[i].view);
	}

	/* FCC moves and FSEL. */
	const uint32_t cf[] = {
		R2X(MOVGR2CF, 3, A1),          /* fcc3 = a1 & 1 */
		R2X(MOVFR2CF, 4, FK),          /* fcc4 = f3 & 1 */
		R2X(MOVCF2GR, A0, 3 << 0),     /* a0 = fcc3 */
		R2X(MOVCF2FR, FA, 4),          /* f4 = fcc4 */
		FSEL(3),                       /* f1 = fcc3 ? f3 : f2 */
	};
	c->r[A1] = 3;
	*la_fpr(c, FJ) = 0x2222;
	*la_fpr(c, FK) = 0x3332;
	*la_fpr(c, FA) = ~0ull;
	la_harness_run(h, cf, 5);
	assert_int_equal(c->fcc[3], 1);
	assert_int_equal(c->fcc[4], 0);
	assert_int_equal(c->r[A0], 1);
	assert_int_equal(*la_fpr(c, FA), 0);
	assert_int_equal(*la_fpr(c, FD), 0x3332);
	assert_int_equal(run1(h, R2(FMOV_S), 0, 0x123456789abcdef0, 0, 0), BOX(0x9abcdef0));
}

/* FLD/FST, FLDX/FSTX and the bound-checked forms (BCE, ALE as LDGT's). */
static void test_memory(void **state)
{
	struct la_harness *h = *state;
	struct la_cpu *c = la_harness_cpu(h);
	uint8_t *ram = la_harness_ram(h, 0x8000);
	const uint32_t st[] = {
		RI12(FST_D, FJ, A1, 8), RI12(FST_S, FK, A1, 16),
		RI12(FLD_D, FD, A1, 8), RI12(FLD_S, FA, A1, 16),
	};
	c->r[A1] = 0x8000;
	*la_fpr(c, FJ) = 0x0123456789abcdef;
	*la_fpr(c, FK) = 0xaaaaaaaa3f800000;
	la_harness_run(h, st, 4);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	uint64_t d;
	uint32_t w;
	memcpy(&d, ram + 8, 8);
	memcpy(&w, ram + 16, 4);
	assert_int_equal(d, 0x0123456789abcdef);
	assert_int_equal(w, 0x3f800000);
	assert_int_equal(*la_fpr(c, FD), 0x0123456789abcdef);
	assert_int_equal(*la_fpr(c, FA), BOX(0x3f800000));

	uint32_t ldx = (uint32_t)FLDX_D << 15 | REGS(FD, A1, A2);
	c->r[A2] = 8;
	*la_fpr(c, FD) = 0;
	la_harness_run(h, &ldx, 1);
	assert_int_equal(*la_fpr(c, FD), 0x0123456789abcdef);

	/* FLDGT: rj > rk loads; otherwise BCE with BADV = rj; misaligned: ALE. */
	static const struct { uint32_t op; uint64_t rj, rk; unsigned exc; } b[] = {
		{ FLDGT_D, 0x8008, 0x8000, 0 }, { FLDGT_D, 0x8008, 0x8008, LA_EXC_BCE },
		{ FLDLE_S, 0x8010, 0x8010, 0 }, { FLDLE_S, 0x8010, 0x800c, LA_EXC_BCE },
		{ FSTGT_D, 0x8008, 0x9000, LA_EXC_BCE }, { FSTLE_D, 0x8004, 0x9000, LA_EXC_ALE },
	};
	for (unsigned i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		uint32_t insn = (uint32_t)b[i].op << 15 | REGS(FD, A1, A2);
		c->r[A1] = b[i].rj;
		c->r[A2] = b[i].rk;
		la_harness_run(h, &insn, 1);
		if (!b[i].exc) {
			assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
			continue;
		}
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal(ecode(c), b[i].exc);
		assert_int_equal(c->csr.badv, b[i].rj);
	}
}

/* BCEQZ and BCNEZ on FCC 6. */
static void test_branch(void **state)
{
	struct la_harness *h = *state;
	struct la_cpu *c = la_harness_cpu(h);
	/* The branch skips one MOVGR2FR.D (f1 = a1) when taken. */
	for (unsigned nez = 0; nez < 2; nez++)
		for (unsigned fcc = 0; fcc < 2; fcc++) {
			const uint32_t code[] = { BCxZ(nez, 6, 8), R2X(MOVGR2FR_D, FD, A1) };
			c->fcc[6] = (uint8_t)fcc;
			c->r[A1] = 7;
			*la_fpr(c, FD) = 0;
			la_harness_run(h, code, 2);
			bool taken = nez ? fcc : !fcc;
			assert_int_equal(*la_fpr(c, FD), taken ? 0 : 7);
		}
}

/* With EUEN.FPE clear every FP instruction, FCC branches and moves included, is FPD. */
static void test_fpd(void **state)
{
	struct la_harness *h = *state;
	struct la_cpu *c = la_harness_cpu(h);
	const uint32_t insns[] = {
		R3(FADD_D), BCxZ(0, 0, 8), R2X(MOVGR2FCSR, 0, A1), RI12(FLD_D, FD, A1, 0),
		R2X(MOVCF2GR, A0, 0), FCMP(1, 0, 0),
	};
	for (unsigned i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		c->csr.euen = 0;
		la_update_mode(c);
		c->fcsr = 0;
		la_harness_run(h, &insns[i], 1);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal(ecode(c), LA_EXC_FPD);
		assert_int_equal(c->fcsr, 0);
	}
	c->csr.euen = LA_EUEN_FPE;
	la_update_mode(c);
}

/*
 * The fused forms (LA RM 3.2.2.3): FMADD a * b + c, FMSUB a * b - c,
 * FNMADD -(a * b + c), FNMSUB -(a * b - c). Found by tests/diff against
 * QEMU: FNMADD and FNMSUB had the sign of c swapped.
 */
static void test_fused_signs(void **state)
{
	struct ieee_env env = la_fpu_env(la_harness_cpu(*state));
	const uint64_t one = 0x3ff0000000000000, two = 0x4000000000000000;

	assert_int_equal(la_fpu_arith(&env, IEEE_D, LA_FMADD, one, one, two), 0x4008000000000000);
	assert_int_equal(la_fpu_arith(&env, IEEE_D, LA_FMSUB, one, one, two), 0xbff0000000000000);
	assert_int_equal(la_fpu_arith(&env, IEEE_D, LA_FNMADD, one, one, two), 0xc008000000000000);
	assert_int_equal(la_fpu_arith(&env, IEEE_D, LA_FNMSUB, one, one, two), 0x3ff0000000000000);
	assert_int_equal(la_fpu_arith(&env, IEEE_S, LA_FNMADD, 0x3f800000, 0x3f800000, 0x40000000),
			 0xc0400000);
	assert_int_equal(la_fpu_arith(&env, IEEE_S, LA_FNMSUB, 0x3f800000, 0x3f800000, 0x40000000),
			 0x3f800000);
}

/*
 * Bits 63:32 of an FPR after a single-precision or word result are left
 * undefined by the manual (LA RM 3.1.1); hvsim writes QEMU's. Found by
 * tests/diff: MOVGR2FR.W keeps fd's bits 63:32, FCOPYSIGN.S takes them
 * from fk (fj's bits 30:0 deposited into fk), FRINT.S clears them.
 */
static void test_single_high_bits(void **state)
{
	struct la_cpu *c = la_harness_cpu(*state);
	static const uint32_t prog[] = {
		0x0114a4a1,     /* movgr2fr.w $f1, $a1 */
		0x0112c862,     /* fcopysign.s $f2, $f3, $f18 */
		0x011e4604,     /* frint.s $f4, $f16 */
	};

	c->r[5] = 0xff8888c5bf800000ull;
	*la_fpr(c, 1) = 0x7f56ebb20065b70bull;
	*la_fpr(c, 3) = 0x3feffffffffffffdull;
	*la_fpr(c, 18) = 0x0000f80784028000ull;
	*la_fpr(c, 16) = 0x0279b6a040e3af68ull;    /* 7.115 as a single: 7 */
	*la_fpr(c, 4) = 0xbff0000000000002ull;
	la_harness_run(*state, prog, 3);
	assert_int_equal(la_harness_stop(*state), LA_HARNESS_STOP);
	assert_int_equal(*la_fpr(c, 1), 0x7f56ebb2bf800000ull);
	assert_int_equal(*la_fpr(c, 2), 0x0000f807fffffffdull);
	assert_int_equal(*la_fpr(c, 4), 0x0000000040e00000ull);
}

/*
 * What tests/diff found QEMU does where the manual names no rule: the
 * fused forms take the first NaN of fa, fj, fk (signalling ones first),
 * FNMADD/FNMSUB negate the rounded result (an overflow rounded toward
 * -inf that the negation makes positive is +inf), and FTINTRNE.W.S and
 * FTINTRZ.W.S leave bits 63:32 clear where the other FTINT*.W.* sign-extend.
 */
static void test_fused_nan_and_rounding(void **state)
{
	struct la_cpu *c = la_harness_cpu(*state);
	struct ieee_env env = la_fpu_env(c);

	assert_int_equal(la_fpu_arith(&env, IEEE_S, LA_FMADD, 0x7fc00001, 0x3f800000, 0x7fc00002),
			 0x7fc00002);
	c->fcsr = 3u << LA_FCSR_RM_SHIFT;
	env = la_fpu_env(c);
	assert_int_equal(la_fpu_arith(&env, IEEE_D, LA_FNMSUB, 0x7fdfffffffffffffull,
				      0xc05792a410121d81ull, 0x3fffffffffffffffull),
			 0x7ff0000000000000ull);

	static const uint32_t prog[] = {
		0x011ac7a8,     /* ftintrne.w.s $f8, $f29 */
		0x011a07a9,     /* ftintrm.w.s $f9, $f29 */
		0x011a87aa,     /* ftintrz.w.s $f10, $f29 */
	};
	*la_fpr(c, 29) = 0x807ffffefeffffffull;
	la_harness_run(*state, prog, 3);
	assert_int_equal(la_harness_stop(*state), LA_HARNESS_STOP);
	assert_int_equal(*la_fpr(c, 8), 0x0000000080000000ull);
	assert_int_equal(*la_fpr(c, 9), 0xffffffff80000000ull);
	assert_int_equal(*la_fpr(c, 10), 0x0000000080000000ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fcsr_bits),
		cmocka_unit_test_setup_teardown(test_fcsr_rmode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fpu_finish, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_causes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fpe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conversions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fcmp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_branch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fpd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fused_signs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_high_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fused_nan_and_rounding, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
