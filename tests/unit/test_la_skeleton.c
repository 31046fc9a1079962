/*
 * The LoongArch CPU through the harness: the first rows of each group run
 * (integer, branch, load/store, FP moves, system), BREAK and an unallocated
 * encoding take their exceptions, CPUCFG and CSRRD answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/la_harness.h"

static void test_first_rows(void **state)
{
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	/* llvm-mc-16 -triple=loongarch64 -mattr=+d */
	static const uint32_t prog[] = {
		0x02c01404,   /* addi.d $a0, $zero, 5 */
		0x142468a5,   /* lu12i.w $a1, 0x12345 */
		0x0399e0a5,   /* ori $a1, $a1, 0x678 */
		0x00109486,   /* add.d $a2, $a0, $a1 */
		0x29c40006,   /* st.d $a2, $zero, 256 */
		0x28c40007,   /* ld.d $a3, $zero, 256 */
		0x580008c7,   /* beq $a2, $a3, 8 */
		0x002a0001,   /* break 1 (skipped) */
		0x00006c88,   /* cpucfg $a4, $a0 */
		0x0114a8c0,   /* movgr2fr.d $fa0, $a2 */
		0x0114b809,   /* movfr2gr.d $a5, $fa0 */
		0x0400000c,   /* csrrd $t0, 0x0 (CRMD) */
	};
	assert_int_equal(la_harness_run(h, prog, 12), 11);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	assert_int_equal(c->r[4], 5);
	assert_int_equal(c->r[5], 0x12345678);
	assert_int_equal(c->r[6], 0x1234567d);
	assert_int_equal(c->r[7], 0x1234567d);
	assert_int_equal(c->r[8], la_cpucfg(c, 5));
	assert_int_equal(c->r[9], 0x1234567d);
	assert_int_equal(c->r[12], LA_CRMD_DA);
	la_harness_free(h);
}

static void test_exceptions(void **state)
{
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	static const uint32_t brk[] = { 0x002a0007 };   /* break 7 */
	la_harness_run(h, brk, 1);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal((c->csr.estat >> LA_ESTAT_ECODE_SHIFT) & 0x3f, LA_EXC_BRK);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE);
	assert_int_equal(c->csr.badi, 0x002a0007);
	static const uint32_t ine[] = { 0xffffffff };
	la_harness_run(h, ine, 1);
	assert_int_equal((c->csr.estat >> LA_ESTAT_ECODE_SHIFT) & 0x3f, LA_EXC_INE);
	la_harness_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_rows),
		cmocka_unit_test(test_exceptions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
