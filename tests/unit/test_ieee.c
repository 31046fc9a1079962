/*
 * The engine's IEEE 754 unit (cpu/core/ieee.c) on its own, under two rule
 * sets: Arm's choices and x86 SSE's, the host's own. Rounding in every
 * mode, tininess before and after rounding at the smallest normal, NaN
 * propagation, flush-to-zero, and sticky flags. With x86's rules the C
 * paths must agree with the host bit for bit, flags included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu/core/ieee.h"

static const struct ieee_rules arm_rules = {
	.default_nan = { [IEEE_H] = 0x7e00, [IEEE_S] = 0x7fc00000, [IEEE_D] = 0x7ff8000000000000 },
	.nan_rule = IEEE_NAN_SIGNALLING_FIRST,
	.tiny_before_rounding = true,
	.flush_in_flags = IEEE_DENORMAL,
	.flush_out_flags = IEEE_UNDERFLOW,
};

static const struct ieee_rules x86_rules = {
	.default_nan = { [IEEE_H] = 0xfe00, [IEEE_S] = 0xffc00000, [IEEE_D] = 0xfff8000000000000 },
	.nan_rule = IEEE_NAN_OPERAND_ORDER,
	.tiny_before_rounding = false,
	.flush_in_flags = 0,
	.flush_out_flags = IEEE_UNDERFLOW | IEEE_INEXACT,
};

static struct ieee_env env_of(const struct ieee_rules *rules, enum ieee_rounding mode)
{
	return (struct ieee_env){ .rules = rules, .mode = mode };
}

/* A test op set for ieee_host_arith: binary32/64 add, sub, mul, div, fma. */
enum { T_ADD, T_SUB, T_MUL, T_DIV, T_FMA };

static uint64_t host_ops(enum ieee_fmt f, unsigned op, uint64_t a, uint64_t b, uint64_t c)
{
	if (f == IEEE_S) {
		float x = ieee_f32((uint32_t)a), y = ieee_f32((uint32_t)b), z = ieee_f32((uint32_t)c), r;
		IEEE_HOST_BARRIER(x); IEEE_HOST_BARRIER(y); IEEE_HOST_BARRIER(z);
		r = op == T_ADD ? x + y : op == T_SUB ? x - y : op == T_MUL ? x * y
		  : op == T_DIV ? x / y : __builtin_fmaf(x, y, z);
		IEEE_HOST_BARRIER(r);
		return ieee_b32(r);
	}
	double x = ieee_f64(a), y = ieee_f64(b), z = ieee_f64(c), r;
	IEEE_HOST_BARRIER(x); IEEE_HOST_BARRIER(y); IEEE_HOST_BARRIER(z);
	r = op == T_ADD ? x + y : op == T_SUB ? x - y : op == T_MUL ? x * y
	  : op == T_DIV ? x / y : __builtin_fma(x, y, z);
	IEEE_HOST_BARRIER(r);
	return ieee_b64(r);
}

/* ------------------------------------------------------------- rounding */

/*
 * binary32 values between 1 and 1 + ulp (ulp = 2^-23) and their roundings,
 * as mant * 2^(exp - 63) with exp 0: mant = 2^63 * (1 + k * 2^-26).
 */
static void test_round_modes(void **state)
{
	static const struct {
		bool sign;
		uint64_t frac26;           /* the value's bits below 1.0, in units of 2^-26 */
		uint32_t r[6];             /* by mode RN RP RM RZ RA RO: result's bits below 1.0, ulps */
	} cases[] = {
		{ false, 2, { 0, 1, 0, 0, 0, 1 } }, /* 1 + ulp/4 */
		{ false, 4, { 0, 1, 0, 0, 1, 1 } }, /* 1 + ulp/2: a tie, even is 1 */
		{ false, 6, { 1, 1, 0, 0, 1, 1 } }, /* 1 + 3ulp/4 */
		{ false, 12, { 2, 2, 1, 1, 2, 1 } }, /* 1 + 3ulp/2: a tie, even is 1 + 2ulp */
		{ true, 4, { 0, 0, 1, 0, 1, 1 } }, /* -(1 + ulp/2): RP goes toward zero */
		{ true, 8, { 1, 1, 1, 1, 1, 1 } }, /* -(1 + ulp): exact in every mode */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (enum ieee_rounding rm = IEEE_RN; rm <= IEEE_RO; rm++) {
			struct ieee_env env = env_of(&arm_rules, IEEE_RN);
			uint64_t mant = (1ull << 63) | cases[i].frac26 << (63 - 26);
			uint64_t r = ieee_round(&env, IEEE_S, cases[i].sign, 0, mant, rm);
			uint64_t want = ieee_pack(IEEE_S, cases[i].sign, 127, cases[i].r[rm]);
			assert_int_equal(r, want);
			bool exact = cases[i].frac26 % 8 == 0;
			assert_int_equal(env.flags, exact ? 0 : IEEE_INEXACT);
		}
	}
}

/* IEEE_RDYN is the environment's mode; overflow (7.4) depends on the mode and sign. */
static void test_round_dynamic_and_overflow(void **state)
{
	const uint64_t max = 0x7f7fffff, inf = 0x7f800000;
	static const bool to_inf[6][2] = {
		/* +      -   */
		{ true, true },   /* RN */
		{ true, false },  /* RP */
		{ false, true },  /* RM */
		{ false, false }, /* RZ */
		{ true, true },   /* RA */
		{ false, false }, /* RO */
	};
	for (enum ieee_rounding rm = IEEE_RN; rm <= IEEE_RO; rm++) {
		for (int sign = 0; sign < 2; sign++) {
			struct ieee_env env = env_of(&x86_rules, rm);
			/* 2^128: twice the top binade */
			uint64_t r = ieee_round(&env, IEEE_S, sign, 128, 1ull << 63, IEEE_RDYN);
			uint64_t s = sign ? 0x80000000u : 0;
			assert_int_equal(r, s | (to_inf[rm][sign] ? inf : max));
			assert_int_equal(env.flags, IEEE_OVERFLOW | IEEE_INEXACT);
		}
	}
}

/* roundToIntegral and convertToInteger of +-2.5 in every mode but to-odd (a narrowing mode). */
static void test_round_to_integer(void **state)
{
	static const int64_t want[5][2] = {
		/* 2.5  -2.5 */
		{ 2, -2 }, { 3, -2 }, { 2, -3 }, { 2, -2 }, { 3, -3 },
	};
	for (enum ieee_rounding rm = IEEE_RN; rm <= IEEE_RA; rm++) {
		for (int sign = 0; sign < 2; sign++) {
			struct ieee_env env = env_of(&arm_rules, IEEE_RN);
			uint64_t a = ieee_b64(sign ? -2.5 : 2.5);
			int64_t i = (int64_t)ieee_to_int(&env, IEEE_D, a, 0, false, 64, rm);
			assert_int_equal(i, want[rm][sign]);
			assert_int_equal(env.flags, IEEE_INEXACT);
			env.flags = 0;
			uint64_t r = ieee_round_int(&env, IEEE_D, a, rm, true);
			assert_int_equal(r, ieee_b64((double)want[rm][sign]));
			assert_int_equal(env.flags, IEEE_INEXACT);
		}
	}
	/* Out of range saturates with invalid; a NaN converts to 0. */
	struct ieee_env env = env_of(&arm_rules, IEEE_RN);
	assert_int_equal(ieee_to_int(&env, IEEE_D, ieee_b64(-1e10), 0, false, 32, IEEE_RZ),
			 0x80000000u);
	assert_int_equal(ieee_to_int(&env, IEEE_D, ieee_b64(-1.0), 0, true, 32, IEEE_RZ), 0);
	assert_int_equal(ieee_to_int(&env, IEEE_D, 0x7ff8000000000000, 0, false, 64, IEEE_RZ), 0);
	assert_int_equal(env.flags, IEEE_INVALID);
}

/* ------------------------------------------------------------- tininess */

/*
 * x = 2^-126 * (1 - 2^-26), just below binary32's smallest normal. Rounded
 * to the format (subnormal spacing 2^-149) it is the smallest normal,
 * inexact. Rounded to 24 bits with an unbounded exponent it is also the
 * smallest normal, so it is tiny before rounding but not after (7.5):
 * Arm raises underflow, x86 does not; and flush-to-zero flushes it for
 * Arm only. The host computes it as fma(-2^-76, 2^-76, 2^-126).
 */
#define TINY_A 0x99800000u /* -2^-76 */
#define TINY_B 0x19800000u /* 2^-76 */
#define MIN_NORMAL 0x00800000u

static void check_boundary(const struct ieee_rules *rules, bool flush, uint64_t want,
			   unsigned want_flags)
{
	struct ieee_env env = env_of(rules, IEEE_RN);
	env.flush_out = flush;
	/* In C: exponent -127, significand 2 - 2^-25 (normalised to bit 63). */
	uint64_t r = ieee_round(&env, IEEE_S, false, -127, ~0ull << 38, IEEE_RN);
	assert_int_equal(r, want);
	assert_int_equal(env.flags, want_flags);

	env.flags = 0;
	r = ieee_host_arith(&env, IEEE_S, host_ops, T_FMA, TINY_A, TINY_B, MIN_NORMAL);
	assert_int_equal(r, want);
	assert_int_equal(env.flags, want_flags);
}

static void test_tininess_at_min_normal(void **state)
{
	check_boundary(&arm_rules, false, MIN_NORMAL, IEEE_UNDERFLOW | IEEE_INEXACT);
	check_boundary(&x86_rules, false, MIN_NORMAL, IEEE_INEXACT);
	check_boundary(&arm_rules, true, 0, IEEE_UNDERFLOW);
	check_boundary(&x86_rules, true, MIN_NORMAL, IEEE_INEXACT);
}

/*
 * (1 - 2^-24) * 2^-126 is exact with an unbounded exponent, so tiny under
 * both rules, yet rounds to the smallest normal in the format (a tie
 * between the largest subnormal and it): underflow for both, and both
 * flush it.
 */
static void test_tiny_rounding_to_min_normal(void **state)
{
	static const struct ieee_rules *const rules[2] = { &arm_rules, &x86_rules };
	for (int i = 0; i < 2; i++) {
		for (int flush = 0; flush < 2; flush++) {
			struct ieee_env env = env_of(rules[i], IEEE_RN);
			env.flush_out = flush;
			uint64_t r = ieee_host_arith(&env, IEEE_S, host_ops, T_MUL, 0x3f7fffff, MIN_NORMAL, 0);
			assert_int_equal(r, flush ? 0 : MIN_NORMAL);
			assert_int_equal(env.flags, flush ? rules[i]->flush_out_flags
							  : IEEE_UNDERFLOW | IEEE_INEXACT);
		}
	}
}

/* A result tiny under both rules: flushed, each rule raising its own flags. */
static void test_flush_to_zero(void **state)
{
	static const struct ieee_rules *const rules[2] = { &arm_rules, &x86_rules };
	for (int i = 0; i < 2; i++) {
		struct ieee_env env = env_of(rules[i], IEEE_RN);
		env.flush_out = true;
		/* 2^-100 * -2^-30 = -2^-130: a subnormal, exact */
		uint64_t r = ieee_host_arith(&env, IEEE_S, host_ops, T_MUL, 0x0d800000, 0xb0800000, 0);
		assert_int_equal(r, 0x80000000u);
		assert_int_equal(env.flags, rules[i]->flush_out_flags);
	}
	/* Inputs: a denormal is a signed zero, raising the rule's flags. */
	struct ieee_env env = env_of(&arm_rules, IEEE_RN);
	env.flush_in = true;
	assert_int_equal(ieee_flush_in(&env, IEEE_S, 0x80000001u), 0x80000000u);
	assert_int_equal(ieee_flush_in(&env, IEEE_S, 0x00800000u), 0x00800000u);
	assert_int_equal(env.flags, IEEE_DENORMAL);
}

/* ------------------------------------------------------------------ NaNs */

#define QNAN1 0x7fc00001u
#define SNAN2 0xff800002u /* negative, signalling */
#define ONE 0x3f800000u

static void test_nan_propagation(void **state)
{
	const uint64_t ops[3] = { ONE, QNAN1, SNAN2 };
	uint64_t r;

	/* Arm: the signalling NaN first, quietened. */
	struct ieee_env env = env_of(&arm_rules, IEEE_RN);
	assert_true(ieee_process_nans(&env, IEEE_S, ops, 3, &r));
	assert_int_equal(r, SNAN2 | 0x00400000u);
	assert_int_equal(env.flags, IEEE_INVALID);

	/* x86: the first NaN operand, though another one signals. */
	env = env_of(&x86_rules, IEEE_RN);
	assert_true(ieee_process_nans(&env, IEEE_S, ops, 3, &r));
	assert_int_equal(r, QNAN1);
	assert_int_equal(env.flags, IEEE_INVALID);

	/* Quiet NaNs only: no flag; no NaN at all: nothing to do. */
	env = env_of(&arm_rules, IEEE_RN);
	assert_true(ieee_process_nans(&env, IEEE_S, ops, 2, &r));
	assert_int_equal(r, QNAN1);
	assert_false(ieee_process_nans(&env, IEEE_S, ops, 1, &r));
	assert_int_equal(env.flags, 0);

	/* Default-NaN mode: the rules' default NaN, the signal kept. */
	env.default_nan = true;
	assert_true(ieee_process_nans(&env, IEEE_S, ops, 3, &r));
	assert_int_equal(r, 0x7fc00000u);
	assert_int_equal(env.flags, IEEE_INVALID);
}

/* An invalid op's NaN is the rules' default NaN: inf - inf, 0 / 0. */
static void test_default_nan(void **state)
{
	const uint64_t inf = 0x7ff0000000000000;
	struct ieee_env env = env_of(&arm_rules, IEEE_RN);
	assert_int_equal(ieee_host_arith(&env, IEEE_D, host_ops, T_SUB, inf, inf, 0),
			 0x7ff8000000000000);
	env = env_of(&x86_rules, IEEE_RN);
	assert_int_equal(ieee_host_arith(&env, IEEE_D, host_ops, T_DIV, 0, 0, 0),
			 0xfff8000000000000);
	assert_int_equal(env.flags, IEEE_INVALID);
	/* Conversions keep a NaN's sign and the top of its payload. */
	env = env_of(&arm_rules, IEEE_RN);
	assert_int_equal(ieee_convert(&env, IEEE_D, IEEE_H, 0xfff4000000000000, IEEE_RDYN), 0xff00);
	assert_int_equal(env.flags, IEEE_INVALID);
}

/* ----------------------------------------------------------------- flags */

/*
 * Flags are sticky in env and isolated per op on the host: stale MXCSR
 * flags and another rounding mode left by other code do not leak in, and
 * afterwards MXCSR passes the fast-path check for the op's own flags.
 */
static void test_flags_accumulate(void **state)
{
	struct ieee_env env = env_of(&arm_rules, IEEE_RN);

	ieee_host_csr_write(ieee_host_ctrl(IEEE_RZ) | 0x3f);
	uint64_t third = ieee_host_arith(&env, IEEE_D, host_ops, T_DIV, ieee_b64(1), ieee_b64(3), 0);
	assert_int_equal(third, 0x3fd5555555555555); /* rounded to nearest, not toward zero */
	assert_int_equal(env.flags, IEEE_INEXACT);
	assert_true(ieee_host_ok(ieee_host_ctrl(IEEE_RN), env.flags));
	assert_false(ieee_host_ok(ieee_host_ctrl(IEEE_RN), 0));
	assert_false(ieee_host_ok(ieee_host_ctrl(IEEE_RP), env.flags));

	ieee_host_arith(&env, IEEE_D, host_ops, T_DIV, ieee_b64(1), 0, 0);
	assert_int_equal(env.flags, IEEE_INEXACT | IEEE_DIVZERO);
	ieee_host_arith(&env, IEEE_D, host_ops, T_MUL, ieee_b64(0x1p1000), ieee_b64(0x1p1000), 0);
	assert_int_equal(env.flags, IEEE_INEXACT | IEEE_DIVZERO | IEEE_OVERFLOW);
	ieee_host_arith(&env, IEEE_D, host_ops, T_ADD, ieee_b64(1), ieee_b64(1), 0);
	assert_int_equal(env.flags, IEEE_INEXACT | IEEE_DIVZERO | IEEE_OVERFLOW);

	/* A fast-path op with a new flag fails the check; one without passes. */
	ieee_host_csr_write(ieee_host_ctrl(IEEE_RN));
	volatile double x = 1.0, y = 3.0;
	double q = x / y;
	IEEE_HOST_BARRIER(q);
	assert_false(ieee_host_ok(ieee_host_ctrl(IEEE_RN), 0));
	assert_true(ieee_host_ok(ieee_host_ctrl(IEEE_RN), IEEE_INEXACT));
	(void)q;
}

/* ----------------------------------------------- x86's rules are the host's */

static uint64_t rnd_state = 0x9e3779b97f4a7c15;
static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Random binary32 bits with an exponent near the bottom, the top, 1, or anywhere. */
static uint32_t rnd_f32(void)
{
	static const unsigned exps[4] = { 0, 254, 127, 0 };
	unsigned k = rnd() & 3, e = k == 3 ? rnd() & 0xff : exps[k] + (rnd() & 7) - (k ? 4 : 0);
	return (uint32_t)(rnd() & 0x807fffff) | (e & 0xff) << 23;
}

/*
 * With x86 SSE's rules, inputs through ieee_flush_in, NaN operands through
 * ieee_process_nans and the rest through ieee_host_arith give exactly what
 * the host gives, result and flags, with or without its own flush-to-zero
 * (MXCSR.DAZ and FTZ): checks the after-rounding tininess and what flushing
 * raises against the host's own.
 */
static void test_x86_rules_match_host(void **state)
{
	const uint32_t daz_ftz = 1u << 6 | 1u << 15;

	for (int i = 0; i < 400000; i++) {
		enum ieee_rounding rm = (enum ieee_rounding)(rnd() & 3);
		unsigned op = rnd() % 4;
		bool flush = rnd() & 1;
		uint64_t a = rnd_f32(), b = rnd_f32(), r;
		struct ieee_env env = env_of(&x86_rules, rm);
		env.flush_in = env.flush_out = flush;
		uint64_t ops[2] = { ieee_flush_in(&env, IEEE_S, a), ieee_flush_in(&env, IEEE_S, b) };
		if (!ieee_process_nans(&env, IEEE_S, ops, 2, &r))
			r = ieee_host_arith(&env, IEEE_S, host_ops, op, ops[0], ops[1], 0);

		ieee_host_csr_write(ieee_host_ctrl(rm) | (flush ? daz_ftz : 0));
		uint64_t host = host_ops(IEEE_S, op, a, b, 0);
		assert_int_equal(r, host);
		assert_int_equal(env.flags, ieee_host_flags(ieee_host_csr_read()));
	}
}

/* The same for rounding in C: binary64 -> binary32 against the host's CVTSD2SS. */
static void test_x86_rules_round_like_host(void **state)
{
	for (int i = 0; i < 200000; i++) {
		enum ieee_rounding rm = (enum ieee_rounding)(rnd() & 3);
		/* around binary32's normal range's bottom: 2^-150 .. 2^-120 */
		uint64_t a = (rnd() & 0x800fffffffffffff) | (uint64_t)(1023 - 120 - rnd() % 31) << 52;
		struct ieee_env env = env_of(&x86_rules, rm);
		uint64_t r = ieee_convert(&env, IEEE_D, IEEE_S, a, IEEE_RDYN);

		ieee_host_csr_write(ieee_host_ctrl(rm));
		double x = ieee_f64(a);
		IEEE_HOST_BARRIER(x);
		float h = (float)x;
		IEEE_HOST_BARRIER(h);
		assert_int_equal(r, ieee_b32(h));
		assert_int_equal(env.flags, ieee_host_flags(ieee_host_csr_read()));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_modes),
		cmocka_unit_test(test_round_dynamic_and_overflow),
		cmocka_unit_test(test_round_to_integer),
		cmocka_unit_test(test_tininess_at_min_normal),
		cmocka_unit_test(test_tiny_rounding_to_min_normal),
		cmocka_unit_test(test_flush_to_zero),
		cmocka_unit_test(test_nan_propagation),
		cmocka_unit_test(test_default_nan),
		cmocka_unit_test(test_flags_accumulate),
		cmocka_unit_test(test_x86_rules_match_host),
		cmocka_unit_test(test_x86_rules_round_like_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
