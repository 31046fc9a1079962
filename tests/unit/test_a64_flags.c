/*
 * PSTATE.NZCV kept lazily (struct a64_flags in cpu/arm64/arm64.h): every
 * reader of the flags, run right after a flag-setting instruction that left
 * them unpacked, against flags computed here from the C6.2 pseudocode
 * (AddWithCarry(), and N, Z of the result with C = V = 0 for ANDS). Before
 * each run the packed copy holds the complement of the right flags, so a
 * reader that took the packed field without materialising it would read
 * them wrong. Encodings from llvm-mc-16 (the comment is the source) or
 * hand-encoded per Arm ARM DDI 0487 C4.1 where a field is swept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/arm64/arm64.h"
#include "mem/snap.h"
#include "tests/unit/a64_test.h"

#define NZCV(n, z, c_, v) ((uint32_t)(n) << 31 | (uint32_t)(z) << 30 | (uint32_t)(c_) << 29 | (uint32_t)(v) << 28)

/* The flag setters, each leaving the flags in another lazy form. */
static const struct setter {
	uint32_t insn;
	unsigned size;
	char op; /* '-' SUBS, '+' ADDS, '&' ANDS */
} setters[] = {
	{ 0xeb020020 /* subs x0, x1, x2 */, 64, '-' },
	{ 0x6b020020 /* subs w0, w1, w2 */, 32, '-' },
	{ 0xab020020 /* adds x0, x1, x2 */, 64, '+' },
	{ 0x2b020020 /* adds w0, w1, w2 */, 32, '+' },
	{ 0xea020020 /* ands x0, x1, x2 */, 64, '&' },
	{ 0x6a020020 /* ands w0, w1, w2 */, 32, '&' },
};
#define NSETTERS (sizeof(setters) / sizeof(setters[0]))

/* Operands around every flag's boundary at both sizes, with dirty upper halves. */
static const uint64_t vals[] = {
	0, 1, 5, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffull,
	0x8000000000000000ull, 0xffffffffffffffffull, 0xffffffff00000005ull,
	0x0000000180000000ull,
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

/* NZCV of the setter on (a, b), bit by bit as AddWithCarry() adds. */
static uint32_t ref_flags(const struct setter *s, uint64_t a, uint64_t b)
{
	uint64_t mask = s->size == 64 ? ~0ull : 0xffffffffull, r = 0;
	unsigned carry = s->op == '-', cbit = 0, top = s->size - 1;

	a &= mask;
	b &= mask;
	if (s->op == '&') {
		r = a & b;
		return NZCV((r >> top) & 1, r == 0, 0, 0);
	}
	if (s->op == '-')
		b = ~b & mask;
	for (unsigned i = 0; i < s->size; i++) {
		unsigned x = (a >> i) & 1, y = (b >> i) & 1, sum = x + y + carry;
		r |= (uint64_t)(sum & 1) << i;
		if (i == top)
			cbit = carry; /* carry into the sign bit */
		carry = sum >> 1;
	}
	return NZCV((r >> top) & 1, r == 0, carry, carry != cbit);
}

/*
 * Run the setter on (a, b) followed by `reader`, with the packed copy of
 * the flags holding their complement; returns the right flags.
 */
static uint32_t run_after(const struct setter *s, uint64_t a, uint64_t b, const uint32_t *reader,
			  size_t n, unsigned expect_stop)
{
	uint32_t prog[8], want = ref_flags(s, a, b);

	prog[0] = s->insn;
	memcpy(prog + 1, reader, n * sizeof(*reader));
	c->x[1] = a;
	c->x[2] = b;
	a64_set_nzcv(c, ~want);
	a64_harness_run(h, prog, n + 1);
	assert_int_equal(a64_harness_stop(h), expect_stop);
	return want;
}

/* Each setter's flags as MRS NZCV, the debugger's PSTATE and a later B.cond read them. */
static void test_setters(void **state)
{
	for (size_t s = 0; s < NSETTERS; s++)
		for (size_t i = 0; i < NVALS; i++)
			for (size_t j = 0; j < NVALS; j++) {
				const uint32_t mrs[] = { 0xd53b4203 /* mrs x3, nzcv */ };
				uint32_t want = run_after(&setters[s], vals[i], vals[j], mrs, 1, HARNESS_HVC_STOP);

				assert_int_equal(c->x[3], want);
				assert_int_equal(a64_nzcv(c), want);
				assert_int_equal(a64_pstate_read(c) & 0xf0000000u, want);
			}
}

/* B.cond, every condition, taken or not as ConditionHolds() says. */
static void test_b_cond(void **state)
{
	for (size_t s = 0; s < NSETTERS; s++)
		for (size_t i = 0; i < NVALS; i++)
			for (size_t j = 0; j < NVALS; j++)
				for (unsigned cond = 0; cond < 16; cond++) {
					const uint32_t prog[] = {
						0x54000040 | cond, /* b.<cond> #8 */
						0x91000463,        /* add x3, x3, #1 */
					};
					c->x[3] = 0;
					uint32_t want = run_after(&setters[s], vals[i], vals[j], prog, 2,
								  HARNESS_HVC_STOP);
					assert_int_equal(c->x[3], a64_ref_cond(cond, want >> 28) ? 0 : 1);
				}
}

/* CSEL, CSINC, CSINV, CSNEG at both sizes, every condition. */
static void test_csel(void **state)
{
	static const uint32_t base[] = {
		0x1a800000 /* csel */, 0x1a800400 /* csinc */, 0x5a800000 /* csinv */, 0x5a800400 /* csneg */,
	};
	const uint64_t n = 0x1111222233334444ull, m = 0x8000000000000005ull;

	for (size_t s = 0; s < NSETTERS; s++)
		for (size_t i = 0; i < NVALS; i++)
			for (unsigned k = 0; k < 4; k++)
				for (unsigned sf = 0; sf < 2; sf++)
					for (unsigned cond = 0; cond < 16; cond++) {
						/* <op> x3, x4, x5, cond */
						const uint32_t prog[] = { sf << 31 | base[k] | 5 << 16 | cond << 12 | 4 << 5 | 3 };
						uint64_t f[] = { m, m + 1, ~m, 0 - m };
						c->x[4] = n;
						c->x[5] = m;
						uint32_t want = run_after(&setters[s], vals[i], vals[NVALS - 1 - i], prog, 1,
									  HARNESS_HVC_STOP);
						uint64_t r = a64_ref_cond(cond, want >> 28) ? n : f[k];
						assert_int_equal(c->x[3], sf ? r : (uint32_t)r);
					}
}

/* CCMP and CCMN, register and immediate forms: the compare's flags or #nzcv. */
static void test_ccmp(void **state)
{
	static const uint32_t base[] = {
		0xfa400000 /* ccmp x6, x7 */, 0xba400000 /* ccmn x6, x7 */,
		0x7a400800 /* ccmp w6, #imm5 */, 0x3a400800 /* ccmn w6, #imm5 */,
	};
	static const struct setter after[] = {
		{ 0, 64, '-' }, { 0, 64, '+' }, { 0, 32, '-' }, { 0, 32, '+' },
	};
	const uint64_t x6 = 0x80000004ull, x7 = 0xffffffff00000005ull, imm5 = 5;

	for (size_t s = 0; s < NSETTERS; s++)
		for (size_t i = 0; i < NVALS; i++)
			for (unsigned k = 0; k < 4; k++)
				for (unsigned cond = 0; cond < 16; cond++) {
					unsigned imm = (cond * 5 + 3) & 15;
					uint32_t rm = k < 2 ? 7 : (uint32_t)imm5;
					const uint32_t prog[] = { base[k] | rm << 16 | cond << 12 | 6 << 5 | imm };
					c->x[6] = x6;
					c->x[7] = x7;
					uint32_t want = run_after(&setters[s], vals[i], vals[(i + 3) % NVALS], prog, 1,
								  HARNESS_HVC_STOP);
					uint32_t cmp = ref_flags(&after[k], x6, k < 2 ? x7 : imm5);
					assert_int_equal(a64_nzcv(c), a64_ref_cond(cond, want >> 28) ? cmp : (uint32_t)imm << 28);
				}
}

/* ADC reads C; FCSEL and FCCMP read the condition. */
static void test_carry_and_fp(void **state)
{
	const uint64_t one = 0x3ff0000000000000ull, two = 0x4000000000000000ull;

	for (size_t s = 0; s < NSETTERS; s++)
		for (size_t i = 0; i < NVALS; i++) {
			const uint32_t adc[] = { 0x9a1f03e3 /* adc x3, xzr, xzr */ };
			uint64_t b = vals[(i + 5) % NVALS];
			uint32_t want = run_after(&setters[s], vals[i], b, adc, 1, HARNESS_HVC_STOP);
			assert_int_equal(c->x[3], want >> 29 & 1);

			for (unsigned cond = 0; cond < 16; cond++) {
				/* fcsel d0, d1, d2, <cond>; fccmp d1, d2, #imm, <cond> */
				unsigned imm = 15 - cond;
				const uint32_t fp[] = { 0x1e620c20 | cond << 12, 0x1e620420 | cond << 12 | imm };
				c->v[1].d[0] = one;
				c->v[2].d[0] = two;
				want = run_after(&setters[s], vals[i], b, fp, 2, HARNESS_HVC_STOP);
				assert_int_equal(c->v[0].d[0], a64_ref_cond(cond, want >> 28) ? one : two);
				/* 1.0 < 2.0: N (FPCompare's "less than") */
				assert_int_equal(a64_nzcv(c), a64_ref_cond(cond, want >> 28) ? NZCV(1, 0, 0, 0) : imm << 28);
			}
		}
}

/* An exception taken right after the setter saves the flags in SPSR_EL1. */
static void test_exception_entry(void **state)
{
	for (size_t s = 0; s < NSETTERS; s++)
		for (size_t i = 0; i < NVALS; i++) {
			const uint32_t svc[] = { 0xd4000001 /* svc #0 */ };
			uint32_t want = run_after(&setters[s], vals[i], vals[(i + 7) % NVALS], svc, 1,
						  HARNESS_HVC_VECTOR);
			assert_int_equal(c->sr.spsr_el1 & 0xf0000000u, want);
		}
}

/* A snapshot stores the flags packed, whatever form they were in. */
struct membuf {
	uint8_t *p;
	size_t len, pos;
};

static bool mem_io(struct snap *s, void *p, size_t len)
{
	struct membuf *m = s->opaque;

	if (s->loading) {
		if (m->pos + len > m->len)
			return false;
		memcpy(p, m->p + m->pos, len);
	} else {
		m->p = realloc(m->p, m->len + len);
		memcpy(m->p + m->len, p, len);
		m->len += len;
	}
	m->pos += len;
	return true;
}

static void test_snapshot(void **state)
{
	for (size_t s = 0; s < NSETTERS; s++) {
		const uint32_t nop[] = { 0xd503201f /* nop */ };
		struct membuf m = { 0 };
		struct snap save = { .io = mem_io, .opaque = &m };
		uint32_t want = run_after(&setters[s], vals[s + 2], vals[s + 4], nop, 1, HARNESS_HVC_STOP);

		arm64_cpu_snapshot(c, &save);
		assert_false(save.failed);
		a64_set_nzcv(c, ~want);
		m.pos = 0;
		struct snap load = { .loading = true, .io = mem_io, .opaque = &m };
		arm64_cpu_snapshot(c, &load);
		assert_false(load.failed);
		assert_int_equal(a64_nzcv(c), want);
		free(m.p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_setters),
		T(test_b_cond),
		T(test_csel),
		T(test_ccmp),
		T(test_carry_and_fp),
		T(test_exception_entry),
		T(test_snapshot),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
