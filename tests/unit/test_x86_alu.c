/*
 * x86-64 arithmetic, logic, shifts and rotates through the harness,
 * against the host processor: the same instruction on the same operands
 * and incoming flags runs on hvsim and natively (inline assembly), and
 * the result register and every flag the SDM defines for that case must
 * match. Flags the SDM leaves undefined are masked (flags.c documents
 * what hvsim gives for them), and so are CF and OF where a shift count
 * makes them undefined. And every condition code x86_cond answers from
 * the recorded operation must agree with the flags it materialises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/x86_harness.h"

#define ALL6 (X86_CF | X86_PF | X86_AF | X86_ZF | X86_SF | X86_OF)

/* ------------------------------------------------------- the host side */

typedef uint64_t (*host_fn)(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fout);

/*
 * One instruction natively: RFLAGS = fin, `insn` on a (and b), RFLAGS out.
 * The red zone is stepped over before pushing.
 */
#define HOST(fn, text, bcons)                                                                 \
	static uint64_t fn(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fout)              \
	{                                                                                     \
		uint64_t f;                                                                   \
		__asm__ volatile("lea -128(%%rsp), %%rsp\n\tpush %[fin]\n\tpopfq\n\t" text    \
				 "\n\tpushfq\n\tpop %[f]\n\tlea 128(%%rsp), %%rsp"            \
				 : [a] "+r"(a), [f] "=&r"(f)                                  \
				 : [b] bcons(b), [fin] "r"(fin)                               \
				 : "cc", "memory");                                           \
		*fout = f;                                                                    \
		return a;                                                                     \
	}
#define R(x) "r"(x)
#define C(x) "c"(x)
#define BIN4(op)                                                                              \
	HOST(host_##op##8, #op "b %b[b], %b[a]", R) HOST(host_##op##16, #op "w %w[b], %w[a]", R)   \
	HOST(host_##op##32, #op "l %k[b], %k[a]", R) HOST(host_##op##64, #op "q %q[b], %q[a]", R)
#define UN4(op)                                                                               \
	HOST(host_##op##8, #op "b %b[a]", R) HOST(host_##op##16, #op "w %w[a]", R)                 \
	HOST(host_##op##32, #op "l %k[a]", R) HOST(host_##op##64, #op "q %q[a]", R)
#define SH4(op)                                                                               \
	HOST(host_##op##8, #op "b %%cl, %b[a]", C) HOST(host_##op##16, #op "w %%cl, %w[a]", C)     \
	HOST(host_##op##32, #op "l %%cl, %k[a]", C) HOST(host_##op##64, #op "q %%cl, %q[a]", C)
BIN4(add) BIN4(adc) BIN4(sub) BIN4(sbb) BIN4(and) BIN4(or) BIN4(xor) BIN4(cmp) BIN4(test)
UN4(inc) UN4(dec) UN4(neg) UN4(not)
SH4(shl) SH4(shr) SH4(sar) SH4(rol) SH4(ror) SH4(rcl) SH4(rcr)

/* ------------------------------------------------------ the hvsim side */

struct code {
	uint8_t b[64];
	size_t n;
};

static void emit(struct code *c, const uint8_t *b, size_t n)
{
	memcpy(c->b + c->n, b, n);
	c->n += n;
}

/* MOV r64, imm64 (REX.W B8+r) for r < 8. */
static void mov_imm(struct code *c, unsigned r, uint64_t v)
{
	uint8_t b[10] = { 0x48, (uint8_t)(0xb8 + r) };
	memcpy(b + 2, &v, 8);
	emit(c, b, 10);
}

/* The operand-size prefix for size log2 sz (8 bits: the opcode's byte form). */
static void size_prefix(struct code *c, unsigned sz)
{
	static const uint8_t p66 = 0x66, rexw = 0x48;
	if (sz == 1)
		emit(c, &p66, 1);
	if (sz == 3)
		emit(c, &rexw, 1);
}

/*
 * Run "rax = a, rbx = b, rcx = b, RFLAGS = fin; insn; rdx = RFLAGS"
 * (insn: its opcode bytes after the size prefix) and return rax.
 */
static uint64_t run(struct x86_harness *h, unsigned sz, const uint8_t *insn, size_t n, uint64_t a,
		    uint64_t b, uint64_t fin, uint64_t *fout)
{
	struct code c = { .n = 0 };
	static const uint8_t set_flags[] = { 0x56, 0x9d }, get_flags[] = { 0x9c, 0x5a };
	mov_imm(&c, X86_RAX, a);
	mov_imm(&c, X86_RBX, b);
	mov_imm(&c, X86_RCX, b);
	mov_imm(&c, X86_RSI, fin);
	emit(&c, set_flags, sizeof(set_flags));   /* push rsi; popfq */
	size_prefix(&c, sz);
	emit(&c, insn, n);
	emit(&c, get_flags, sizeof(get_flags));   /* pushfq; pop rdx */
	x86_harness_run(h, c.b, c.n);
	assert_int_equal(x86_harness_vector(h), -1);
	struct x86_cpu *cpu = x86_harness_cpu(h);
	*fout = cpu->s.r[X86_RDX];
	return cpu->s.r[X86_RAX];
}

/* ------------------------------------------------------------ operands */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Operands with the edges flags care about: 0, 1, the sign bits, all ones, nibble carries. */
static uint64_t operand(void)
{
	static const uint64_t edge[] = {
		0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
		0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, 0xf, 0x10, 0x0fff0fff0fff0fffull,
	};
	uint64_t r = next_rand();
	if ((r & 3) == 0)
		return edge[(r >> 2) % (sizeof(edge) / sizeof(edge[0]))];
	return next_rand();
}

/* Incoming flags: random arithmetic flags (CF matters to ADC, SBB, RCL, RCR), IF clear. */
static uint64_t flags_in(void)
{
	return 2 | (next_rand() & ALL6);
}

/* --------------------------------------------------------------- cases */

enum { ITER = 1500 };

struct binop {
	const char *name;
	uint8_t opc;           /* the byte form (Eb, Gb); +1 for the others */
	uint8_t ext;           /* 0xff: ModRM reg = rbx; else group extension (shifts, unary) */
	host_fn host[4];
	uint64_t mask;         /* defined flags */
};

#define HOSTS(op) { host_##op##8, host_##op##16, host_##op##32, host_##op##64 }

/* Condition cc from materialised flags (SDM 2:B.1.4.7 Table B-1). */
static bool cond_of(uint64_t f, unsigned cc)
{
	bool cf = f & X86_CF, zf = f & X86_ZF, sf = f & X86_SF, of = f & X86_OF, pf = f & X86_PF;
	bool r[8] = { of, cf, zf, cf || zf, sf, pf, sf != of, zf || sf != of };
	return r[cc >> 1] ^ (cc & 1);
}

/* x86_cond's shortcuts (from the recorded operation) agree with the flags it would materialise. */
static void check_conditions(struct x86_cpu *cpu, const char *name)
{
	uint64_t f = x86_flags(cpu);
	for (unsigned cc = 0; cc < 16; cc++)
		if (x86_cond(cpu, cc) != cond_of(f, cc))
			fail_msg("%s: condition %u disagrees with flags %#llx", name, cc, (unsigned long long)f);
}

static void check(struct x86_harness *h, const struct binop *o, unsigned sz, uint64_t a,
		  uint64_t b, uint64_t fin, uint64_t mask)
{
	uint8_t insn[2] = { (uint8_t)(o->opc + (sz ? 1 : 0)),
			    (uint8_t)(o->ext == 0xff ? 0xd8 : 0xc0 | o->ext << 3) };
	uint64_t hf, f;
	uint64_t want = o->host[sz](a, b, fin, &hf);
	uint64_t got = run(h, sz, insn, 2, a, b, fin, &f);
	check_conditions(x86_harness_cpu(h), o->name);
	if (got != want || ((f ^ hf) & mask)) {
		fail_msg("%s/%u a=%#llx b=%#llx fin=%#llx: hvsim %#llx flags %#llx, host %#llx flags %#llx (mask %#llx)",
			 o->name, 8u << sz, (unsigned long long)a, (unsigned long long)b,
			 (unsigned long long)fin, (unsigned long long)got, (unsigned long long)f,
			 (unsigned long long)want, (unsigned long long)hf, (unsigned long long)mask);
	}
}

/* ADD..CMP, TEST (Ev, Gv forms), INC, DEC, NEG, NOT. */
static void test_alu_vs_host(void **state)
{
	static const struct binop ops[] = {
		{ "add", 0x00, 0xff, HOSTS(add), ALL6 },
		{ "adc", 0x10, 0xff, HOSTS(adc), ALL6 },
		{ "sub", 0x28, 0xff, HOSTS(sub), ALL6 },
		{ "sbb", 0x18, 0xff, HOSTS(sbb), ALL6 },
		{ "and", 0x20, 0xff, HOSTS(and), ALL6 & ~X86_AF },
		{ "or", 0x08, 0xff, HOSTS(or), ALL6 & ~X86_AF },
		{ "xor", 0x30, 0xff, HOSTS(xor), ALL6 & ~X86_AF },
		{ "cmp", 0x38, 0xff, HOSTS(cmp), ALL6 },
		{ "test", 0x84, 0xff, HOSTS(test), ALL6 & ~X86_AF },
		{ "inc", 0xfe, 0, HOSTS(inc), ALL6 },
		{ "dec", 0xfe, 1, HOSTS(dec), ALL6 },
		{ "not", 0xf6, 2, HOSTS(not), ALL6 },
		{ "neg", 0xf6, 3, HOSTS(neg), ALL6 },
	};
	struct x86_harness *h = x86_harness_new();
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		for (unsigned sz = 0; sz < 4; sz++)
			for (int k = 0; k < ITER; k++)
				check(h, &ops[i], sz, operand(), operand(), flags_in(), ops[i].mask);
	x86_harness_free(h);
}

/*
 * Shifts and rotates by CL (D2, D3 /k). The masked count decides what is
 * defined (SDM 2: SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR "Flags Affected"):
 * count 0 changes nothing; OF only for count 1; AF never for shifts;
 * a shift's CF not for counts at least the width; rotates keep SF, ZF,
 * AF, PF.
 */
static void test_shift_vs_host(void **state)
{
	static const struct binop ops[] = {
		{ "rol", 0xd2, 0, HOSTS(rol), 0 }, { "ror", 0xd2, 1, HOSTS(ror), 0 },
		{ "rcl", 0xd2, 2, HOSTS(rcl), 0 }, { "rcr", 0xd2, 3, HOSTS(rcr), 0 },
		{ "shl", 0xd2, 4, HOSTS(shl), 0 }, { "shr", 0xd2, 5, HOSTS(shr), 0 },
		{ "sar", 0xd2, 7, HOSTS(sar), 0 },
	};
	struct x86_harness *h = x86_harness_new();
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		for (unsigned sz = 0; sz < 4; sz++)
			for (int k = 0; k < ITER; k++) {
				uint64_t count = next_rand() % 70, n = count & (sz == 3 ? 63 : 31);
				bool rotate = ops[i].ext < 4;
				uint64_t mask;
				if (n == 0)
					mask = ALL6;
				else if (rotate)
					mask = (X86_SF | X86_ZF | X86_AF | X86_PF | X86_CF) | (n == 1 ? X86_OF : 0);
				else
					mask = (X86_SF | X86_ZF | X86_PF) | (n == 1 ? X86_OF : 0) |
					       (n < (8u << sz) ? X86_CF : 0);
				check(h, &ops[i], sz, operand(), count, flags_in(), mask);
			}
	x86_harness_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alu_vs_host),
		cmocka_unit_test(test_shift_vs_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
