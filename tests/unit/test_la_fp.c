/*
 * LA64 floating point (LA RM chapter 3): FCSR and the end of an FP
 * instruction (fpu.h), then the instructions through the harness.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu/loongarch/fpu.h"
#include "tests/unit/la_harness.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fcsr_bits),
		cmocka_unit_test_setup_teardown(test_fcsr_rmode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fpu_finish, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
