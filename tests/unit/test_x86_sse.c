/*
 * SSE and SSE2 through the harness, against the host processor: each
 * instruction runs on hvsim and natively (inline assembly) with the same
 * XMM0, XMM1, RAX and MXCSR (random rounding mode, DAZ and FTZ, every
 * exception masked), on operands rich in NaNs, infinities, zeros and
 * denormals; XMM0, RAX, MXCSR and, for the comparisons into RFLAGS, the
 * six arithmetic flags must match bit for bit. Then the faults: #UD
 * without CR4.OSFXSR, #NM with CR0.TS, #GP for a misaligned 16-byte
 * operand and a reserved MXCSR bit, #XM (or #UD without
 * CR4.OSXMMEXCPT) for an unmasked exception, the destination unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/x86_harness.h"

#define ALL6 (X86_CF | X86_PF | X86_AF | X86_ZF | X86_SF | X86_OF)

/* What goes in and out of one instruction. */
struct io {
	x86_xmm x0, x1;
	uint64_t rax;
	uint32_t mxcsr, pad;
	uint64_t flags;
};
_Static_assert(offsetof(struct io, rax) == 32 && offsetof(struct io, mxcsr) == 40 &&
		       offsetof(struct io, flags) == 48,
	       "the host template's offsets");

/* The instruction natively, the host's own MXCSR kept; the red zone stepped over for PUSHF. */
#define HOST(fn, text)                                                                          \
	static void fn(struct io *io)                                                           \
	{                                                                                       \
		uint32_t saved;                                                                 \
		__asm__ volatile("stmxcsr %0" : "=m"(saved));                                   \
		__asm__ volatile("movdqu (%[p]), %%xmm0\n\tmovdqu 16(%[p]), %%xmm1\n\t"          \
				 "mov 32(%[p]), %%rax\n\tldmxcsr 40(%[p])\n\t" text "\n\t"      \
				 "movdqu %%xmm0, (%[p])\n\tmov %%rax, 32(%[p])\n\t"             \
				 "stmxcsr 40(%[p])\n\tlea -128(%%rsp), %%rsp\n\tpushfq\n\t"     \
				 "popq 48(%[p])\n\tlea 128(%%rsp), %%rsp"                       \
				 :                                                              \
				 : [p] "r"(io)                                                  \
				 : "rax", "xmm0", "xmm1", "memory", "cc");                      \
		__asm__ volatile("ldmxcsr %0" : : "m"(saved));                                  \
	}

/* Operand kinds: float32 lanes, float64 lanes, integers, integers with a small shift count. */
enum kind { K_S, K_D, K_I, K_SH };

struct insn {
	const char *name, *hex;
	void (*host)(struct io *);
	enum kind kind;
	bool flags;                /* compare the arithmetic flags (COMISS and friends) */
};

#define I(nm, hex, text, kind, fl) HOST(host_##nm, text)
#define INSNS(X)                                                                                \
	X(addps, "0f58c1", "addps %%xmm1, %%xmm0", K_S, false)                                    \
	X(addpd, "660f58c1", "addpd %%xmm1, %%xmm0", K_D, false)                                  \
	X(addss, "f30f58c1", "addss %%xmm1, %%xmm0", K_S, false)                                  \
	X(addsd, "f20f58c1", "addsd %%xmm1, %%xmm0", K_D, false)                                  \
	X(subps, "0f5cc1", "subps %%xmm1, %%xmm0", K_S, false)                                    \
	X(subsd, "f20f5cc1", "subsd %%xmm1, %%xmm0", K_D, false)                                  \
	X(mulps, "0f59c1", "mulps %%xmm1, %%xmm0", K_S, false)                                    \
	X(mulsd, "f20f59c1", "mulsd %%xmm1, %%xmm0", K_D, false)                                  \
	X(divps, "0f5ec1", "divps %%xmm1, %%xmm0", K_S, false)                                    \
	X(divpd, "660f5ec1", "divpd %%xmm1, %%xmm0", K_D, false)                                  \
	X(sqrtps, "0f51c1", "sqrtps %%xmm1, %%xmm0", K_S, false)                                  \
	X(sqrtsd, "f20f51c1", "sqrtsd %%xmm1, %%xmm0", K_D, false)                                \
	X(minps, "0f5dc1", "minps %%xmm1, %%xmm0", K_S, false)                                    \
	X(maxps, "0f5fc1", "maxps %%xmm1, %%xmm0", K_S, false)                                    \
	X(minsd, "f20f5dc1", "minsd %%xmm1, %%xmm0", K_D, false)                                  \
	X(maxpd, "660f5fc1", "maxpd %%xmm1, %%xmm0", K_D, false)                                  \
	X(cmpeqps, "0fc2c100", "cmpps $0, %%xmm1, %%xmm0", K_S, false)                            \
	X(cmpltps, "0fc2c101", "cmpps $1, %%xmm1, %%xmm0", K_S, false)                            \
	X(cmpunordpd, "660fc2c103", "cmppd $3, %%xmm1, %%xmm0", K_D, false)                       \
	X(cmpnless, "f30fc2c106", "cmpss $6, %%xmm1, %%xmm0", K_S, false)                         \
	X(cmpneqsd, "f20fc2c104", "cmpsd $4, %%xmm1, %%xmm0", K_D, false)                         \
	X(comiss, "0f2fc1", "comiss %%xmm1, %%xmm0", K_S, true)                                   \
	X(ucomiss, "0f2ec1", "ucomiss %%xmm1, %%xmm0", K_S, true)                                 \
	X(comisd, "660f2fc1", "comisd %%xmm1, %%xmm0", K_D, true)                                 \
	X(ucomisd, "660f2ec1", "ucomisd %%xmm1, %%xmm0", K_D, true)                               \
	X(cvtsi2sdq, "f2480f2ac0", "cvtsi2sdq %%rax, %%xmm0", K_I, false)                         \
	X(cvtsi2ssl, "f30f2ac0", "cvtsi2ssl %%eax, %%xmm0", K_I, false)                           \
	X(cvttsd2siq, "f2480f2cc0", "cvttsd2si %%xmm0, %%rax", K_D, false)                        \
	X(cvtsd2sil, "f20f2dc0", "cvtsd2si %%xmm0, %%eax", K_D, false)                            \
	X(cvttss2siq, "f3480f2cc0", "cvttss2si %%xmm0, %%rax", K_S, false)                        \
	X(cvtss2sd, "f30f5ac1", "cvtss2sd %%xmm1, %%xmm0", K_S, false)                            \
	X(cvtsd2ss, "f20f5ac1", "cvtsd2ss %%xmm1, %%xmm0", K_D, false)                            \
	X(andnps, "0f55c1", "andnps %%xmm1, %%xmm0", K_I, false)                                  \
	X(xorpd, "660f57c1", "xorpd %%xmm1, %%xmm0", K_I, false)                                  \
	X(movss, "f30f10c1", "movss %%xmm1, %%xmm0", K_I, false)                                  \
	X(movsd, "f20f10c1", "movsd %%xmm1, %%xmm0", K_I, false)                                  \
	X(movq, "f30f7ec1", "movq %%xmm1, %%xmm0", K_I, false)                                    \
	X(movd_in, "660f6ec0", "movd %%eax, %%xmm0", K_I, false)                                  \
	X(movq_out, "66480f7ec0", "movq %%xmm0, %%rax", K_I, false)                               \
	X(paddb, "660ffcc1", "paddb %%xmm1, %%xmm0", K_I, false)                                  \
	X(psubq, "660ffbc1", "psubq %%xmm1, %%xmm0", K_I, false)                                  \
	X(pmullw, "660fd5c1", "pmullw %%xmm1, %%xmm0", K_I, false)                                \
	X(pcmpeqb, "660f74c1", "pcmpeqb %%xmm1, %%xmm0", K_I, false)                              \
	X(pcmpgtw, "660f65c1", "pcmpgtw %%xmm1, %%xmm0", K_I, false)                              \
	X(pminub, "660fdac1", "pminub %%xmm1, %%xmm0", K_I, false)                                \
	X(pmaxsw, "660feec1", "pmaxsw %%xmm1, %%xmm0", K_I, false)                                \
	X(punpcklbw, "660f60c1", "punpcklbw %%xmm1, %%xmm0", K_I, false)                          \
	X(punpckhdq, "660f6ac1", "punpckhdq %%xmm1, %%xmm0", K_I, false)                          \
	X(punpcklqdq, "660f6cc1", "punpcklqdq %%xmm1, %%xmm0", K_I, false)                        \
	X(pshufd, "660f70c11b", "pshufd $0x1b, %%xmm1, %%xmm0", K_I, false)                       \
	X(pmovmskb, "660fd7c0", "pmovmskb %%xmm0, %%eax", K_I, false)                             \
	X(psllw, "660ff1c1", "psllw %%xmm1, %%xmm0", K_SH, false)                                 \
	X(psrad, "660fe2c1", "psrad %%xmm1, %%xmm0", K_SH, false)                                 \
	X(psrlq, "660fd3c1", "psrlq %%xmm1, %%xmm0", K_SH, false)                                 \
	X(psrlwi, "660f71d005", "psrlw $5, %%xmm0", K_I, false)                                   \
	X(psradi, "660f72e01f", "psrad $31, %%xmm0", K_I, false)                                  \
	X(pslldqi, "660f73f803", "pslldq $3, %%xmm0", K_I, false)                                 \
	X(psrldqi, "660f73d80b", "psrldq $11, %%xmm0", K_I, false)                                \
	X(paddusb, "660fdcc1", "paddusb %%xmm1, %%xmm0", K_I, false)                              \
	X(psubusw, "660fd9c1", "psubusw %%xmm1, %%xmm0", K_I, false)                              \
	X(paddsw, "660fedc1", "paddsw %%xmm1, %%xmm0", K_I, false)                                \
	X(psubsb, "660fe8c1", "psubsb %%xmm1, %%xmm0", K_I, false)                                \
	X(pavgb, "660fe0c1", "pavgb %%xmm1, %%xmm0", K_I, false)                                  \
	X(pavgw, "660fe3c1", "pavgw %%xmm1, %%xmm0", K_I, false)                                  \
	X(pmulhuw, "660fe4c1", "pmulhuw %%xmm1, %%xmm0", K_I, false)                              \
	X(pmulhw, "660fe5c1", "pmulhw %%xmm1, %%xmm0", K_I, false)                                \
	X(pmuludq, "660ff4c1", "pmuludq %%xmm1, %%xmm0", K_I, false)                              \
	X(pmaddwd, "660ff5c1", "pmaddwd %%xmm1, %%xmm0", K_I, false)                              \
	X(psadbw, "660ff6c1", "psadbw %%xmm1, %%xmm0", K_I, false)                                \
	X(packsswb, "660f63c1", "packsswb %%xmm1, %%xmm0", K_I, false)                            \
	X(packuswb, "660f67c1", "packuswb %%xmm1, %%xmm0", K_I, false)                            \
	X(packssdw, "660f6bc1", "packssdw %%xmm1, %%xmm0", K_I, false)                            \
	X(pshuflw, "f20f70c1b1", "pshuflw $0xb1, %%xmm1, %%xmm0", K_I, false)                     \
	X(pshufhw, "f30f70c127", "pshufhw $0x27, %%xmm1, %%xmm0", K_I, false)                     \
	X(shufps, "0fc6c19c", "shufps $0x9c, %%xmm1, %%xmm0", K_I, false)                         \
	X(shufpd, "660fc6c102", "shufpd $2, %%xmm1, %%xmm0", K_I, false)                          \
	X(unpcklps, "0f14c1", "unpcklps %%xmm1, %%xmm0", K_I, false)                              \
	X(unpckhpd, "660f15c1", "unpckhpd %%xmm1, %%xmm0", K_I, false)                            \
	X(movmskps, "0f50c1", "movmskps %%xmm1, %%eax", K_S, false)                               \
	X(movmskpd, "660f50c1", "movmskpd %%xmm1, %%eax", K_D, false)                             \
	X(movhlps, "0f12c1", "movhlps %%xmm1, %%xmm0", K_I, false)                                \
	X(movlhps, "0f16c1", "movlhps %%xmm1, %%xmm0", K_I, false)                                \
	X(pextrw, "660fc5c105", "pextrw $5, %%xmm1, %%eax", K_I, false)                           \
	X(pinsrw, "660fc4c003", "pinsrw $3, %%eax, %%xmm0", K_I, false)                           \
	X(cvtdq2ps, "0f5bc1", "cvtdq2ps %%xmm1, %%xmm0", K_I, false)                              \
	X(cvtps2dq, "660f5bc1", "cvtps2dq %%xmm1, %%xmm0", K_S, false)                            \
	X(cvttps2dq, "f30f5bc1", "cvttps2dq %%xmm1, %%xmm0", K_S, false)                          \
	X(cvtdq2pd, "f30fe6c1", "cvtdq2pd %%xmm1, %%xmm0", K_I, false)                            \
	X(cvttpd2dq, "660fe6c1", "cvttpd2dq %%xmm1, %%xmm0", K_D, false)                          \
	X(cvtpd2dq, "f20fe6c1", "cvtpd2dq %%xmm1, %%xmm0", K_D, false)                            \
	X(cvtps2pd, "0f5ac1", "cvtps2pd %%xmm1, %%xmm0", K_S, false)                              \
	X(cvtpd2ps, "660f5ac1", "cvtpd2ps %%xmm1, %%xmm0", K_D, false)
INSNS(I)
#undef I
#define I(nm, hex, text, kind, fl) { #nm, hex, host_##nm, kind, fl },
static const struct insn insns[] = { INSNS(I) };
#undef I

/* ------------------------------------------------------------ operands */

static uint64_t rng = 0x853c49e6748fea9bull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A float's bits: often a special value (NaNs, infinities, zeros, denormals, the normal limits). */
static uint64_t special(bool dbl)
{
	static const uint32_t s[] = {
		0x7fc00000, 0x7fa00001, 0xffc00123, 0xff800001, 0x7f800000, 0xff800000, 0, 0x80000000,
		0x00000001, 0x807fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0x3f800000, 0x4f000000,
		0xcf000000, 0x5f000000, 0x00400000,
	};
	static const uint64_t d[] = {
		0x7ff8000000000000, 0x7ff4000000000001, 0xfff8000000000123, 0xfff0000000000001,
		0x7ff0000000000000, 0xfff0000000000000, 0, 0x8000000000000000, 1, 0x800fffffffffffff,
		0x0010000000000000, 0x8010000000000000, 0x7fefffffffffffff, 0x3ff0000000000000,
		0x41e0000000000000, 0xc1e0000000000000, 0x43e0000000000000, 0x0008000000000000,
	};
	uint64_t r = next_rand();
	unsigned pick = (unsigned)(r >> 40) % 32;
	if (dbl) {
		if (pick < sizeof(d) / sizeof(d[0]))
			return d[pick];
		/* A number near 1 or a random pattern. */
		return (r & 1) ? (0x3ff0000000000000ull | (r >> 12)) ^ (r & 0x8000000000000000ull) : r;
	}
	if (pick < sizeof(s) / sizeof(s[0]))
		return s[pick];
	uint32_t x = (uint32_t)r;
	return (r & 1) ? (0x3f800000u | (x >> 9)) ^ (x & 0x80000000u) : x;
}

static void random_xmm(x86_xmm *x, enum kind k)
{
	for (unsigned i = 0; i < 4; i++) {
		if (k == K_S)
			x->d[i] = (uint32_t)special(false);
		else if (k == K_D)
			x->q[i / 2] = special(true);
		else
			x->d[i] = (uint32_t)next_rand();
	}
}

/* ------------------------------------------------------------ the runs */

static void hex_bytes(const char *hex, uint8_t *b, size_t *n)
{
	*n = strlen(hex) / 2;
	for (size_t k = 0; k < *n; k++)
		sscanf(hex + 2 * k, "%2hhx", &b[k]);
}

static void enable_sse(struct x86_cpu *cpu, uint64_t cr4_bits)
{
	cpu->s.cr4 |= cr4_bits;
	x86_update_mode(cpu);
}

/* hvsim: the state of io in, run the code, the state out. Returns the vector (-1: none). */
static int run(struct x86_harness *h, const char *hex, struct io *io)
{
	struct x86_cpu *cpu = x86_harness_cpu(h);
	uint8_t b[16];
	size_t n;
	hex_bytes(hex, b, &n);
	cpu->s.xmm[0] = io->x0;
	cpu->s.xmm[1] = io->x1;
	cpu->s.r[X86_RAX] = io->rax;
	cpu->s.mxcsr = io->mxcsr;
	x86_harness_run(h, b, n);
	io->x0 = cpu->s.xmm[0];
	io->rax = cpu->s.r[X86_RAX];
	io->mxcsr = cpu->s.mxcsr;
	io->flags = x86_flags(cpu);
	return x86_harness_vector(h);
}

static void test_against_host(void **state)
{
	struct x86_harness *h = x86_harness_current();
	enable_sse(x86_harness_cpu(h), X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	unsigned long checked = 0;
	for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		const struct insn *t = &insns[i];
		for (unsigned it = 0; it < 4000; it++) {
			struct io in = { .rax = next_rand() };
			random_xmm(&in.x0, t->kind);
			random_xmm(&in.x1, t->kind);
			if (t->kind == K_SH)
				in.x1.q[0] = next_rand() % 72;
			if (it & 1)   /* the integer source as a float's neighbour, for CVTSI2S* */
				in.rax = (uint64_t)(int64_t)(int32_t)next_rand() << (next_rand() % 40);
			/* Random RC, DAZ, FTZ; every exception masked; no flag set yet. */
			uint64_t r = next_rand();
			in.mxcsr = 0x1f80 | (uint32_t)(r & 0xe040);
			struct io want = in, got = in;
			t->host(&want);
			assert_int_equal(run(h, t->hex, &got), -1);
			bool same = !memcmp(&want.x0, &got.x0, 16) && want.rax == got.rax &&
				    want.mxcsr == got.mxcsr &&
				    (!t->flags || (want.flags & ALL6) == (got.flags & ALL6));
			if (!same)
				fail_msg("%s mxcsr %04x a %016llx%016llx b %016llx%016llx rax %llx:\n"
					 "  host  %016llx%016llx rax %llx mxcsr %04x flags %llx\n"
					 "  hvsim %016llx%016llx rax %llx mxcsr %04x flags %llx",
					 t->name, in.mxcsr, (unsigned long long)in.x0.q[1],
					 (unsigned long long)in.x0.q[0], (unsigned long long)in.x1.q[1],
					 (unsigned long long)in.x1.q[0], (unsigned long long)in.rax,
					 (unsigned long long)want.x0.q[1], (unsigned long long)want.x0.q[0],
					 (unsigned long long)want.rax, want.mxcsr,
					 (unsigned long long)(want.flags & ALL6),
					 (unsigned long long)got.x0.q[1], (unsigned long long)got.x0.q[0],
					 (unsigned long long)got.rax, got.mxcsr,
					 (unsigned long long)(got.flags & ALL6));
			checked++;
		}
	}
	print_message("SSE against the host: %lu runs\n", checked);
}

/* Memory forms: loads, stores, the alignment rule of 16-byte legacy-SSE operands. */
static void test_memory(void **state)
{
	struct x86_harness *h = x86_harness_current();
	struct x86_cpu *cpu = x86_harness_cpu(h);
	enable_sse(cpu, X86_CR4_OSFXSR);
	x86_harness_poke64(h, X86_HARNESS_DATA, 0x1111111122222222ull);
	x86_harness_poke64(h, X86_HARNESS_DATA + 8, 0x3333333344444444ull);
	cpu->s.r[X86_RDI] = X86_HARNESS_DATA;
	/* movaps xmm2, [rdi]; movups [rdi + 0x21], xmm2; movss xmm3, [rdi + 4]; movsd [rdi + 0x40], xmm2 */
	x86_harness_run_hex(h, "0f2817 0f115721 f30f105f04 f20f115740");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.xmm[2].q[1], 0x3333333344444444ull);
	assert_int_equal(x86_harness_peek64(h, X86_HARNESS_DATA + 0x21), 0x1111111122222222ull);
	assert_int_equal(x86_harness_peek64(h, X86_HARNESS_DATA + 0x29), 0x3333333344444444ull);
	assert_int_equal(cpu->s.xmm[3].q[0], 0x11111111ull);
	assert_int_equal(cpu->s.xmm[3].q[1], 0);
	assert_int_equal(x86_harness_peek64(h, X86_HARNESS_DATA + 0x40), 0x1111111122222222ull);
	/* addps xmm2, [rdi + 8]: misaligned, #GP(0), xmm2 unchanged; movdqu from there is fine. */
	x86_xmm before = cpu->s.xmm[2];
	x86_harness_run_hex(h, "0f585708");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_harness_error(h), 0);
	assert_memory_equal(&cpu->s.xmm[2], &before, 16);
	x86_harness_run_hex(h, "f30f6f5708");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.xmm[2].q[0], 0x3333333344444444ull);
	/* movhps xmm4, [rdi]; movlpd [rdi + 0x60], xmm4; movntdq [rdi + 0x70], xmm4; mfence */
	cpu->s.xmm[4] = (x86_xmm){ .q = { 0xaa, 0xbb } };
	x86_harness_run_hex(h, "0f1627 660f136760 660fe76770 0faef0");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.xmm[4].q[0], 0xaa);
	assert_int_equal(cpu->s.xmm[4].q[1], 0x1111111122222222ull);
	assert_int_equal(x86_harness_peek64(h, X86_HARNESS_DATA + 0x60), 0xaa);
	assert_int_equal(x86_harness_peek64(h, X86_HARNESS_DATA + 0x78), 0x1111111122222222ull);
	/* stmxcsr [rdi + 0x50]; ldmxcsr of a reserved bit: #GP(0). */
	cpu->s.mxcsr = 0x3f80;
	x86_harness_run_hex(h, "0fae5f50");
	assert_int_equal(x86_harness_peek64(h, X86_HARNESS_DATA + 0x50) & 0xffffffff, 0x3f80);
	x86_harness_poke64(h, X86_HARNESS_DATA + 0x50, 0x10000);
	x86_harness_run_hex(h, "0fae5750");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(cpu->s.mxcsr, 0x3f80);
	x86_harness_poke64(h, X86_HARNESS_DATA + 0x50, 0x9fc0);
	x86_harness_run_hex(h, "0fae5750");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.mxcsr, 0x9fc0);
}

/* #UD without CR4.OSFXSR (or with CR0.EM), #NM with CR0.TS (SDM 3:13.1.3 Table 13-1). */
static void test_enable(void **state)
{
	struct x86_harness *h = x86_harness_current();
	struct x86_cpu *cpu = x86_harness_cpu(h);
	x86_harness_run_hex(h, "0f57c0");   /* xorps xmm0, xmm0 */
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	enable_sse(cpu, X86_CR4_OSFXSR);
	cpu->s.cr0 |= X86_CR0_TS;
	x86_update_mode(cpu);
	x86_harness_run_hex(h, "0f57c0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_NM);
	cpu->s.cr0 |= X86_CR0_EM;
	x86_update_mode(cpu);
	x86_harness_run_hex(h, "0f57c0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	cpu->s.cr0 &= ~(uint64_t)(X86_CR0_EM | X86_CR0_TS);
	x86_update_mode(cpu);
	cpu->s.xmm[0].q[0] = 5;
	x86_harness_run_hex(h, "0f57c0");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.xmm[0].q[0], 0);
}

/*
 * An unmasked exception: the flag set, the destination unchanged, #XM
 * with CR4.OSXMMEXCPT and #UD without (SDM 1:11.5.1). Divide by zero
 * unmasked: 1/0.
 */
static void test_unmasked(void **state)
{
	struct x86_harness *h = x86_harness_current();
	struct x86_cpu *cpu = x86_harness_cpu(h);
	for (int xm = 0; xm < 2; xm++) {
		enable_sse(cpu, X86_CR4_OSFXSR | (xm ? X86_CR4_OSXMMEXCPT : 0));
		cpu->s.xmm[0].q[0] = 0x3ff0000000000000ull;
		cpu->s.xmm[1].q[0] = 0;
		cpu->s.mxcsr = 0x1f80 & ~(1u << 9);   /* ZM clear */
		x86_harness_run_hex(h, "f20f5ec1");   /* divsd xmm0, xmm1 */
		assert_int_equal(x86_harness_vector(h), xm ? X86_EXC_XM : X86_EXC_UD);
		assert_int_equal(cpu->s.xmm[0].q[0], 0x3ff0000000000000ull);
		assert_int_equal(cpu->s.mxcsr, (0x1f80 & ~(1u << 9)) | 4);
	}
	/* Masked: infinity and ZE. */
	cpu->s.mxcsr = 0x1f80;
	x86_harness_run_hex(h, "f20f5ec1");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.xmm[0].q[0], 0x7ff0000000000000ull);
	assert_int_equal(cpu->s.mxcsr, 0x1f84);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_against_host, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_memory, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_enable, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_unmasked, x86_harness_setup, x86_harness_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
