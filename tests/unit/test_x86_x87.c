/*
 * The x87 unit through the harness, against known values (SDM 1 chapter
 * 8, SDM 2 per instruction): the stack, TOP and the tags, loads and
 * stores in every format, precision and rounding control, the masked
 * responses (indefinite, infinities, stack faults with C1), NaN
 * propagation, denormals, the compares' codes and RFLAGS, the
 * environment images and FXSAVE's abridged tag, and unmasked exceptions
 * taken as #MF by the next waiting instruction. Expected values are
 * written out as bits or computed by the compiler's constant folding,
 * never by the engine under test. RBX points at the data area; the code
 * is in the comment above each hex string.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/x86_harness.h"

#define DATA X86_HARNESS_DATA

enum {
	IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32, SF = 64, ES = 128,
	C0 = 1 << 8, C1 = 1 << 9, C2 = 1 << 10, C3 = 1 << 14, B = 1 << 15,
};

static struct x86_harness *h;
static struct x86_cpu *cpu;

static int setup(void **state)
{
	int r = x86_harness_setup(state);
	h = x86_harness_current();
	cpu = x86_harness_cpu(h);
	cpu->s.r[X86_RBX] = DATA;
	return r;
}

/* Run code, which must reach the stop (no exception). */
static void run(const char *hex)
{
	x86_harness_run_hex(h, hex);
	assert_int_equal(x86_harness_vector(h), -1);
}

static unsigned top(void)
{
	return (cpu->s.fsw >> 11) & 7;
}

static struct x86_fpreg reg(unsigned i)
{
	return cpu->s.st[(top() + i) & 7];
}

static long double st(unsigned i)
{
	long double x = 0;
	struct x86_fpreg r = reg(i);
	memcpy(&x, &r, 10);
	return x;
}

static void assert_reg(unsigned i, uint16_t sexp, uint64_t mant)
{
	assert_int_equal(reg(i).sexp, sexp);
	assert_int_equal(reg(i).mant, mant);
}

static void poke(uint64_t off, const void *p, size_t n)
{
	memcpy(x86_harness_ram(h, DATA + off), p, n);
}

static void poke_d(uint64_t off, double d)
{
	poke(off, &d, 8);
}

static void poke_f(uint64_t off, float f)
{
	poke(off, &f, 4);
}

static void poke_t(uint64_t off, uint16_t sexp, uint64_t mant)
{
	poke(off, &mant, 8);
	poke(off + 8, &sexp, 2);
}

static uint64_t peek(uint64_t off, unsigned n)
{
	uint64_t x = 0;
	memcpy(&x, x86_harness_ram(h, DATA + off), n);
	return x;
}

/* The exception flags and condition codes of FSW. */
static unsigned flags(void)
{
	return cpu->s.fsw & 0xc7ff;
}

/* Loads of each format and an add: fld qword [rbx]; fadd dword [rbx+8]; fstp qword [rbx+16]. */
static void test_load_add_store(void **state)
{
	poke_d(0, 1.5);
	poke_f(8, 2.25f);
	run("dd03d84308dd5b10");
	assert_true(peek(16, 8) == 0x400e000000000000ull);   /* 3.75 */
	assert_int_equal(top(), 0);
	assert_int_equal(cpu->s.ftw, 0);
	assert_int_equal(flags(), 0);
	/* FOP and FDP of the last: DD /3 with ModRM 5B; FDP its offset. */
	assert_int_equal(cpu->s.fop, 0x55b);
	assert_true(cpu->s.fdp == DATA + 16);
}

/* Precision and rounding control on 1/3: fld1; fld dword [rbx]; fdivp st(1), st. */
static void test_precision_rounding(void **state)
{
	poke_f(0, 3.0f);
	cpu->s.fcw = 0x007f;   /* PC 24 bits, round to nearest */
	run("d9e8d903def9");
	assert_reg(0, 0x3ffd, 0xaaaaab0000000000ull);
	assert_int_equal(flags(), PE | C1);   /* inexact, rounded up */
	cpu->s.fcw = 0x037f;   /* 64 bits */
	run("d9e8d903def9");
	assert_reg(0, 0x3ffd, 0xaaaaaaaaaaaaaaabull);
	assert_true(st(0) == 1.0L / 3.0L);
	cpu->s.fcw = 0x077f;   /* round down */
	run("d9e8d903def9");
	assert_reg(0, 0x3ffd, 0xaaaaaaaaaaaaaaaaull);
	assert_int_equal(flags() & C1, 0);
	cpu->s.fcw = 0x027f;   /* PC 53 bits */
	run("d9e8d903def9");
	assert_true(st(0) == (long double)(1.0 / 3.0));
}

/* Masked responses: 1/0 (fldz; fld1; fdiv st, st(1)) is +inf with ZE; 0/0 the indefinite with IE. */
static void test_masked_responses(void **state)
{
	run("d9eed9e8d8f1");
	assert_reg(0, 0x7fff, 0x8000000000000000ull);
	assert_int_equal(flags(), ZE);
	cpu->s.fsw = 0;
	cpu->s.ftw = 0;
	run("d9eed9eedef9");
	assert_reg(0, 0xffff, 0xc000000000000000ull);
	assert_int_equal(flags() & 0x3f, IE);
}

/* Stack overflow (nine FLD1) sets C1 and pushes the indefinite; underflow clears C1. */
static void test_stack_faults(void **state)
{
	run("d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8");
	assert_int_equal(flags(), IE | SF | C1);
	assert_reg(0, 0xffff, 0xc000000000000000ull);
	assert_int_equal(cpu->s.ftw, 0xff);
	assert_int_equal(top(), 7);
	/* Empty stack: fld1; fadd st, st(1): ST(1) is empty. */
	cpu->s.fsw = 0;
	cpu->s.ftw = 0;
	run("d9e8d8c1");
	assert_int_equal(flags(), IE | SF);
	assert_reg(0, 0xffff, 0xc000000000000000ull);
	/* FSTP of an empty ST(0) to m32 stores the m32 indefinite and pops. */
	cpu->s.fsw = 0;
	cpu->s.ftw = 0;
	run("d95b10");
	assert_int_equal(peek(16, 4), 0xffc00000u);
	assert_int_equal(top(), 1);
}

/* NaNs: two QNaNs give the larger significand; an SNaN is quieted with IE. */
static void test_nan_propagation(void **state)
{
	poke_t(0, 0x7fff, 0xc000000000000001ull);
	poke_t(16, 0xffff, 0xc000000000000002ull);
	run("db2bdb6b10dec1");   /* fld tbyte [rbx]; fld tbyte [rbx+16]; faddp st(1), st */
	assert_reg(0, 0xffff, 0xc000000000000002ull);
	assert_int_equal(flags() & 0x3f, 0);
	poke_t(0, 0x7fff, 0x8000000000000005ull);   /* SNaN */
	poke_t(16, 0x3fff, 0x8000000000000000ull);  /* 1.0 */
	cpu->s.ftw = 0;
	run("db2bdb6b10dec1");
	assert_reg(0, 0x7fff, 0xc000000000000005ull);
	assert_int_equal(flags() & 0x3f, IE);
}

/* A single-precision denormal loads exactly with DE: fld dword [rbx]. */
static void test_denormal(void **state)
{
	uint32_t tiny = 1;
	poke(0, &tiny, 4);
	run("d903");
	assert_reg(0, 0x3fff - 149, 0x8000000000000000ull);
	assert_int_equal(flags(), DE);
}

/* Integer stores: FIST rounds by RC, overflow is the integer indefinite with IE, FISTTP truncates. */
static void test_integer_stores(void **state)
{
	/* fld qword [rbx]; fist dword [rbx+16]; fistp word [rbx+20]; fld qword [rbx+8]; fisttp qword [rbx+24] */
	poke_d(0, 2.5);
	poke_d(8, -2.75);
	run("dd03db5310df5b14dd4308dd4b18");
	assert_int_equal(peek(16, 4), 2);
	assert_int_equal(peek(20, 2), 2);
	assert_true(peek(24, 8) == (uint64_t)-2);
	assert_int_equal(top(), 0);
	assert_int_equal(flags() & 0x3f, PE);
	poke_d(0, 1e10);
	run("dd03db5310df5b14dd4308dd4b18");
	assert_int_equal(peek(16, 4), 0x80000000u);
	assert_int_equal(peek(20, 2), 0x8000);
	assert_int_equal(flags() & 0x3f, IE | PE);
}

/* FCOMI sets ZF, PF, CF; FCOM C3, C2, C0; FUCOMIP pops. */
static void test_compares(void **state)
{
	poke_d(0, 2.0);
	poke_d(8, 1.0);
	run("dd03dd4308dbf1d8d1");   /* fld 2; fld 1; fcomi st, st(1); fcom st(1): 1 < 2 */
	uint64_t fl = x86_flags(cpu);
	assert_int_equal(fl & (X86_ZF | X86_PF | X86_CF), X86_CF);
	assert_int_equal(flags() & (C0 | C2 | C3), C0);
	/* fldz; fld dword [rbx] (a QNaN); fucom st(1): unordered, no IE; fcom st(1): IE. */
	uint32_t qnan = 0x7fc00000u;
	poke(0, &qnan, 4);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	run("d9eed903dde1");
	assert_int_equal(flags(), C0 | C2 | C3);
	run("d9eed903d8d1");
	assert_int_equal(flags() & 0x3f, IE);
	/* fld1; fldz; fucomip st, st(1): 0 < 1, one pop. */
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	run("d9e8d9eedfe9");
	assert_int_equal(x86_flags(cpu) & (X86_ZF | X86_PF | X86_CF), X86_CF);
	assert_int_equal(top(), 7);
}

/* FXAM's classes (SDM 2: FXAM). */
static void test_fxam(void **state)
{
	static const struct { uint16_t sexp; uint64_t mant; unsigned cc; } cases[] = {
		{ 0x0000, 0, C3 },                               /* +0 */
		{ 0x8000, 0, C3 | C1 },                          /* -0 */
		{ 0x7fff, 0x8000000000000000ull, C2 | C0 },      /* +inf */
		{ 0x7fff, 0xc000000000000000ull, C0 },           /* NaN */
		{ 0x3fff, 0x8000000000000000ull, C2 },           /* normal */
		{ 0x0000, 0x0000000000000001ull, C3 | C2 },      /* denormal */
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cpu->s.fsw = 0;
		cpu->s.ftw = 1;
		cpu->s.st[0].sexp = cases[i].sexp;
		cpu->s.st[0].mant = cases[i].mant;
		run("d9e5");
		assert_int_equal(flags(), cases[i].cc);
	}
	cpu->s.ftw = 0;
	cpu->s.st[0].sexp = 0;
	run("d9e5");
	assert_int_equal(flags(), C3 | C0);   /* empty */
}

/* FNSTENV's full tag word and FXSAVE's abridged one after fld1; fldz. */
static void test_env_and_tags(void **state)
{
	cpu->s.cr4 |= X86_CR4_OSFXSR;
	x86_update_mode(cpu);
	run("d9e8d9eed9330fae4340");   /* fld1; fldz; fnstenv [rbx]; fxsave [rbx+64] */
	assert_int_equal(peek(0, 2), 0x37f);
	assert_int_equal(peek(4, 2), 6u << 11);
	assert_int_equal(peek(8, 2), 0x1fff);       /* R7 valid, R6 zero, the rest empty */
	assert_int_equal(peek(12, 4), (uint32_t)(X86_HARNESS_CODE + 2));   /* FIP: the FLDZ */
	assert_int_equal(peek(16, 4) >> 16, 0x1ee); /* FOP: D9 EE */
	assert_int_equal(cpu->s.fcw, 0x37f | 0x3f);
	assert_int_equal(peek(64 + 4, 1), 0xc0);    /* FXSAVE: R6, R7 */
	assert_int_equal(peek(64 + 2, 2), 6u << 11);
}

/* FNSAVE then FRSTOR: the stack comes back; FNSAVE reinitialises. */
static void test_save_restore(void **state)
{
	run("d9e8dd33");   /* fld1; fnsave [rbx] */
	assert_int_equal(cpu->s.ftw, 0);
	assert_int_equal(top(), 0);
	assert_int_equal(peek(28 + 8, 2), 0x3fff);   /* ST(0) = 1.0 */
	run("d9ebdd23");   /* fldpi; frstor [rbx] */
	assert_int_equal(top(), 7);
	assert_int_equal(cpu->s.ftw, 0x80);
	assert_reg(0, 0x3fff, 0x8000000000000000ull);
}

/* FPREM's quotient bits, FSQRT, FRNDINT, FSCALE, FXTRACT. */
static void test_arith_ops(void **state)
{
	poke_d(0, 10.0);
	poke_d(8, 3.0);
	run("dd4308dd03d9f8");   /* fld 3; fld 10; fprem: 1, quotient 3 */
	assert_true(st(0) == 1.0L);
	assert_int_equal(flags(), C3 | C1);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	poke_d(0, 2.0);
	run("dd03d9fa");   /* fsqrt(2) */
	assert_reg(0, 0x3fff, 0xb504f333f9de6484ull);   /* rounded down: the next bits are 0x597d... */
	assert_int_equal(flags(), PE);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	/* fld 2.5; frndint; fld 1.5; fld1; (x2)x3 = 8; fxch st(1); fscale: 1.5 * 2^8; fxtract */
	poke_d(0, 2.5);
	poke_d(8, 1.5);
	run("dd03d9fcdd4308d9e8d8c0d8c0d8c0d9c9d9fdd9f4");
	assert_true(st(3) == 2.0L);
	assert_true(st(0) == 1.5L);   /* significand */
	assert_true(st(1) == 8.0L);   /* exponent of 384 */
	assert_true(st(2) == 8.0L);
}

/*
 * Operand order of the reversed and popping forms: fld 10; fld 3;
 * fsub st, st(1) (-7); fsubr st(1), st (ST(1) = -7 - 10); fdivr st, st(1)
 * (17/7); fisub dword [rbx+16] (2); fidivr word [rbx+20] (3).
 */
static void test_operand_order(void **state)
{
	int32_t two = 2;
	int16_t three = 3;
	poke_d(0, 10.0);
	poke_d(8, 3.0);
	poke(16, &two, 4);
	poke(20, &three, 2);
	run("dd03dd4308d8e1dce1d8f9da6310de7b14");
	volatile long double q = 17.0L / 7.0L;
	q -= 2;
	assert_true(st(1) == -17.0L);
	assert_true(st(0) == 3.0L / q);
}

/* Packed BCD: fild word [rbx]; fbstp tbyte [rbx+16]; fbld tbyte [rbx+16]. */
static void test_bcd(void **state)
{
	int16_t x = -1234;
	poke(0, &x, 2);
	run("df03df7310df6310");
	assert_int_equal(peek(16, 8), 0x1234);
	assert_int_equal(peek(24, 2), 0x8000);
	assert_true(st(0) == -1234.0L);
}

/* FLDPI rounds by RC: to nearest ...C235, down ...C234. */
static void test_constants(void **state)
{
	run("d9eb");
	assert_reg(0, 0x4000, 0xc90fdaa22168c235ull);
	cpu->s.fcw = 0x77f;
	run("d9eb");
	assert_reg(0, 0x4000, 0xc90fdaa22168c234ull);
}

/* FCMOVcc reads RFLAGS: fld1; fldz; fcmovb st, st(1) (CF set: 1.0); fldz; fcmove st, st(2) (ZF clear). */
static void test_fcmov(void **state)
{
	x86_set_flags(cpu, X86_CF);
	run("d9e8d9eedac1d9eedaca");
	assert_true(st(0) == 0.0L);
	assert_true(st(1) == 1.0L);
}

/* |got - want| within one unit in the last place (same sign and exponent, significands 1 apart). */
static void assert_ulp(long double got, long double want)
{
	struct x86_fpreg g, w;
	memcpy(&g, &got, 10);
	memcpy(&w, &want, 10);
	assert_int_equal(g.sexp, w.sexp);
	assert_true(g.mant - w.mant + 1 <= 2);
}

/*
 * The transcendentals (the host's x87, x87_host.h): within one ulp of the
 * correctly rounded value (the compiler's decimal constant), exact where
 * the result is; FSIN out of range (2^63) leaves ST(0) with C2.
 */
static void test_transcendentals(void **state)
{
	run("d9e8d9e8d9f3");   /* fld1; fld1; fpatan: atan(1/1) */
	assert_ulp(st(0), 0.785398163397448309615660845819875721049L);
	assert_int_equal(top(), 7);
	poke_d(0, 0.5);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	run("dd03d9f0");   /* f2xm1(0.5) */
	assert_ulp(st(0), 0.414213562373095048801688724209698078570L);
	poke_d(0, 8.0);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	run("d9e8dd03d9f1");   /* 1 * log2(8) */
	assert_true(st(0) == 3.0L);
	poke_d(0, 0.5);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	run("dd03d9f2");   /* fptan(0.5): tan in ST(1), 1.0 pushed */
	assert_true(st(0) == 1.0L);
	assert_ulp(st(1), 0.546302489843790513255179465780285383298L);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	run("d9eed9fb");   /* fldz; fsincos */
	assert_true(st(0) == 1.0L);
	assert_true(st(1) == 0.0L);
	poke_t(0, 0x403e, 0x8000000000000000ull);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	run("db2bd9fe");   /* fsin(2^63): out of range */
	assert_int_equal(flags() & C2, C2);
	assert_reg(0, 0x403e, 0x8000000000000000ull);
}

/* Unmasked IE: a stack overflow pushes nothing (SDM 1:8.5.1.1); ES and B. */
static void test_unmasked_overflow(void **state)
{
	cpu->s.fcw = 0x37e;
	run("d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8");
	assert_int_equal(top(), 0);
	assert_int_equal(flags(), IE | SF | C1 | ES | B);
	assert_true(st(0) == 1.0L);
}

/*
 * Unmasked OE and UE deliver the result with the exponent wrapped by
 * 24576 (SDM 1:8.5.4, 8.5.5): 2^16383 squared is 2^8190; 2^-16382 over
 * 2^16000 is 2^-7806; 1.5 * 2^16383 doubled is 1.5 * 2^-8192. Masked,
 * the square is +inf with OE and PE.
 */
static void test_wrapped_exponent(void **state)
{
	poke_t(0, 0x7ffe, 0x8000000000000000ull);
	run("db2bd8c8");   /* fld tbyte [rbx]; fmul st, st(0) */
	assert_reg(0, 0x7fff, 0x8000000000000000ull);
	assert_int_equal(flags() & 0xff, OE | PE);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	cpu->s.fcw = 0x377;
	run("db2bd8c8");
	assert_reg(0, 0x3fff + 8190, 0x8000000000000000ull);
	assert_int_equal(flags(), OE | ES | B);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	cpu->s.fcw = 0x36f;
	poke_t(0, 0x0001, 0x8000000000000000ull);
	poke_t(16, 0x3fff + 16000, 0x8000000000000000ull);
	run("db2bdb6b10def9");   /* fld 2^-16382; fld 2^16000; fdivp st(1), st */
	assert_reg(0, 0x3fff - 7806, 0x8000000000000000ull);
	assert_int_equal(flags(), UE | ES | B);
	cpu->s.ftw = 0;
	cpu->s.fsw = 0;
	cpu->s.fcw = 0x377;
	poke_t(0, 0x7ffe, 0xc000000000000000ull);
	run("db2bd8c0");   /* fadd st, st(0) */
	assert_reg(0, 0x3fff - 8192, 0xc000000000000000ull);
	assert_int_equal(flags(), OE | ES | B);
}

/* Unmasked ZE: no result, ES and B; the next waiting instruction (or WAIT) is #MF with CR0.NE. */
static void test_unmasked(void **state)
{
	cpu->s.cr0 |= X86_CR0_NE;
	cpu->s.fcw = 0x37b;   /* ZE unmasked */
	x86_harness_run_hex(h, "d9eed9e8d8f1d9e8");   /* fldz; fld1; fdiv st, st(1); fld1 */
	assert_int_equal(x86_harness_vector(h), X86_EXC_MF);
	assert_true(x86_harness_fault_rip(h) == X86_HARNESS_CODE + 6);
	assert_true(st(0) == 1.0L);   /* the destination kept */
	assert_int_equal(flags() & (ZE | ES | B), ZE | ES | B);
	assert_int_equal(top(), 6);
	x86_harness_run_hex(h, "9b");   /* fwait */
	assert_int_equal(x86_harness_vector(h), X86_EXC_MF);
	run("dbe2d9e8");   /* fnclex; fld1 */
	assert_int_equal(top(), 5);
	/* FLDCW unmasking a raised flag makes it pending. */
	cpu->s.fcw = 0x37f;
	cpu->s.fsw = PE;
	uint16_t cw = 0x35f;
	poke(0, &cw, 2);
	run("d92b");   /* fldcw [rbx] */
	assert_int_equal(flags() & (ES | B), ES | B);
	x86_harness_run_hex(h, "d9e8");
	assert_int_equal(x86_harness_vector(h), X86_EXC_MF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_add_store, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_precision_rounding, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_masked_responses, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_stack_faults, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_nan_propagation, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_denormal, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_integer_stores, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_compares, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_fxam, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_env_and_tags, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_save_restore, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_arith_ops, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_operand_order, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_bcd, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_constants, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_fcmov, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_transcendentals, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_wrapped_exponent, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_unmasked_overflow, setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_unmasked, setup, x86_harness_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
