/*
 * Saving and restoring the x87 and SSE state through the harness:
 * FXSAVE's image layout (SDM 1:10.5.1 Table 10-2) and its round trip
 * through FXRSTOR, the alignment and MXCSR rules, XGETBV/XSETBV, XSAVE's
 * header and XRSTOR's initial configuration, XSAVEC's compacted header and
 * XRSTOR of it, and what CPUID says about them (leaves 1 and 0xD).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/x86_harness.h"

#define AREA X86_HARNESS_DATA

static void enable(struct x86_cpu *cpu, uint64_t cr4)
{
	cpu->s.cr4 |= cr4;
	x86_update_mode(cpu);
}

/* A recognisable state: XMMi's bytes i*16.., MXCSR with RC and a flag, an x87 stack with TOP 6. */
static void fill(struct x86_cpu *cpu)
{
	for (unsigned i = 0; i < 16; i++)
		for (unsigned k = 0; k < 16; k++)
			cpu->s.xmm[i].b[k] = (uint8_t)(i * 16 + k);
	cpu->s.mxcsr = 0x5fa1;
	cpu->s.fcw = 0x27f;
	cpu->s.fsw = 6u << 11 | 0x20;
	cpu->s.ftw = 0xc0;
	cpu->s.fop = 0x123;
	cpu->s.fip = 0x1122334455667788ull;
	cpu->s.fdp = 0x99aabbccddeeff00ull;
	for (unsigned i = 0; i < 8; i++) {
		cpu->s.st[i].mant = 0x8000000000000000ull | i;
		cpu->s.st[i].sexp = (uint16_t)(0x3fff + i);
	}
}

/* XSAVE enabled with XCR0 = x87 | SSE, the recognisable state, RDI at the area filled with `bytes`. */
static struct x86_cpu *xsave_start(struct x86_harness *h, uint64_t bytes)
{
	struct x86_cpu *cpu = x86_harness_cpu(h);
	enable(cpu, X86_CR4_OSFXSR | X86_CR4_OSXSAVE);
	cpu->s.xcr0 = 3;
	fill(cpu);
	cpu->s.r[X86_RDI] = AREA;
	for (unsigned i = 0; i < 576 / 8; i++)
		x86_harness_poke64(h, AREA + 8 * i, bytes);
	return cpu;
}

static void test_fxsave(void **state)
{
	struct x86_harness *h = x86_harness_current();
	struct x86_cpu *cpu = x86_harness_cpu(h);
	enable(cpu, X86_CR4_OSFXSR);
	fill(cpu);
	cpu->s.r[X86_RDI] = AREA;
	x86_harness_poke64(h, AREA + 464, 0x5555);   /* software's bytes stay */
	x86_harness_run_hex(h, "480fae07");       /* fxsave64 [rdi] */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(x86_harness_peek64(h, AREA), 0x012300c03020027full);
	assert_int_equal(x86_harness_peek64(h, AREA + 8), 0x1122334455667788ull);
	assert_int_equal(x86_harness_peek64(h, AREA + 16), 0x99aabbccddeeff00ull);
	assert_int_equal(x86_harness_peek64(h, AREA + 24), 0x0000ffff00005fa1ull);
	/* ST(0) is R6 (TOP = 6), ST(2) is R0. */
	assert_int_equal(x86_harness_peek64(h, AREA + 32), 0x8000000000000006ull);
	assert_int_equal(x86_harness_peek64(h, AREA + 40), 0x3fff + 6);
	assert_int_equal(x86_harness_peek64(h, AREA + 64), 0x8000000000000000ull);
	assert_int_equal(x86_harness_peek64(h, AREA + 160), 0x0706050403020100ull);
	assert_int_equal(x86_harness_peek64(h, AREA + 160 + 15 * 16 + 8), 0xfffefdfcfbfaf9f8ull);
	assert_int_equal(x86_harness_peek64(h, AREA + 464), 0x5555);
	/* Without REX.W, FIP and FDP are 32 bits with a zero selector. */
	x86_harness_run_hex(h, "0fae07");
	assert_int_equal(x86_harness_peek64(h, AREA + 8), 0x55667788ull);
	/* Round trip: clear, FXRSTOR64, same state. */
	x86_harness_run_hex(h, "480fae07");
	struct x86_state want = cpu->s;
	memset(cpu->s.xmm, 0, sizeof(cpu->s.xmm));
	memset(cpu->s.st, 0, sizeof(cpu->s.st));
	cpu->s.mxcsr = 0x1f80;
	cpu->s.fcw = cpu->s.fsw = 0;
	cpu->s.ftw = 0;
	x86_harness_run_hex(h, "480fae0f");   /* fxrstor64 [rdi] */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_memory_equal(cpu->s.xmm, want.xmm, sizeof(want.xmm));
	assert_memory_equal(cpu->s.st, want.st, sizeof(want.st));
	assert_int_equal(cpu->s.mxcsr, want.mxcsr);
	assert_int_equal(cpu->s.fsw, want.fsw);
	assert_int_equal(cpu->s.ftw, want.ftw);
	assert_int_equal(cpu->s.fip, want.fip);
	/* A reserved MXCSR bit in the image: #GP(0), nothing loaded. */
	x86_harness_poke64(h, AREA + 24, 0x0000ffff00015fa1ull);
	cpu->s.xmm[0].q[0] = 0;
	x86_harness_run_hex(h, "480fae0f");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(cpu->s.xmm[0].q[0], 0);
	/* Misaligned: #GP(0). CR0.TS: #NM. */
	cpu->s.r[X86_RDI] = AREA + 8;
	x86_harness_run_hex(h, "0fae07");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	cpu->s.r[X86_RDI] = AREA;
	cpu->s.cr0 |= X86_CR0_TS;
	x86_update_mode(cpu);
	x86_harness_run_hex(h, "0fae07");
	assert_int_equal(x86_harness_vector(h), X86_EXC_NM);
}

static void test_xcr0(void **state)
{
	struct x86_harness *h = x86_harness_current();
	struct x86_cpu *cpu = x86_harness_cpu(h);
	/* Without CR4.OSXSAVE: #UD. */
	x86_harness_run_hex(h, "31c90f01d0");   /* xor ecx, ecx; xgetbv */
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	enable(cpu, X86_CR4_OSFXSR | X86_CR4_OSXSAVE);
	/* xor ecx, ecx; xor edx, edx; mov eax, 3; xsetbv; xgetbv */
	x86_harness_run_hex(h, "31c9 31d2 b803000000 0f01d1 31c0 0f01d0");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.r[X86_RAX], 3);
	assert_int_equal(cpu->s.xcr0, 3);
	/* Bit 0 clear, an unsupported component (AVX), another XCR: #GP(0). */
	static const char *const bad[] = {
		"31c9 31d2 b802000000 0f01d1", "31c9 31d2 b807000000 0f01d1", "b901000000 31d2 b803000000 0f01d1",
	};
	for (unsigned i = 0; i < 3; i++) {
		x86_harness_run_hex(h, bad[i]);
		assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
		assert_int_equal(cpu->s.xcr0, 3);
	}
	/* CPUID: leaf 1 says FPU, FXSR, SSE, SSE2, XSAVE and OSXSAVE; leaf 0xD the sizes. */
	x86_harness_run_hex(h, "b801000000 0fa2");
	assert_int_equal(cpu->s.r[X86_RDX] & 0x07000001, 0x07000001);
	assert_int_equal(cpu->s.r[X86_RCX] & 0x0c000000, 0x0c000000);
	x86_harness_run_hex(h, "b80d000000 31c9 0fa2");
	assert_int_equal(cpu->s.r[X86_RAX], 3);
	assert_int_equal(cpu->s.r[X86_RBX], 576);
	assert_int_equal(cpu->s.r[X86_RCX], 576);
	/* Subleaf 1: XSAVEC (bit 1) alone, and the compacted size (what Linux's SNP CPUID checks). */
	x86_harness_run_hex(h, "b80d000000 b901000000 0fa2");
	assert_int_equal(cpu->s.r[X86_RAX], 2);
	assert_int_equal(cpu->s.r[X86_RBX], 576);
}

static void test_xsavec(void **state)
{
	struct x86_harness *h = x86_harness_current();
	struct x86_cpu *cpu = xsave_start(h, 0x4242424242424242ull);
	/* mov eax, -1; mov edx, -1; xsavec64 [rdi]: XSTATE_BV 3, XCOMP_BV bit 63 | 3, the rest kept. */
	x86_harness_run_hex(h, "b8ffffffff baffffffff 480fc727");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(x86_harness_peek64(h, AREA + 512), 3);
	assert_int_equal(x86_harness_peek64(h, AREA + 520), 1ull << 63 | 3);
	assert_int_equal(x86_harness_peek64(h, AREA + 528), 0x4242424242424242ull);
	assert_int_equal(x86_harness_peek64(h, AREA + 24), 0x0000ffff00005fa1ull);
	assert_int_equal(x86_harness_peek64(h, AREA + 160), 0x0706050403020100ull);
	/* XRSTOR of that image refuses the stale header bytes after XCOMP_BV: #GP(0). */
	x86_harness_run_hex(h, "480fae2f");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	for (unsigned i = 528; i < 576; i += 8)
		x86_harness_poke64(h, AREA + i, 0);
	/* With them clear, a round trip. */
	struct x86_state want = cpu->s;
	memset(cpu->s.xmm, 0, sizeof(cpu->s.xmm));
	cpu->s.mxcsr = 0x1f80;
	cpu->s.fcw = 0;
	x86_harness_run_hex(h, "480fae2f");   /* xrstor64 [rdi] */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_memory_equal(cpu->s.xmm, want.xmm, sizeof(want.xmm));
	assert_int_equal(cpu->s.mxcsr, want.mxcsr);
	assert_int_equal(cpu->s.fcw, want.fcw);
	/* Compacted, SSE requested but not in use: XMM zero and MXCSR 1F80H, not the image's. */
	x86_harness_poke64(h, AREA + 512, 1);
	x86_harness_run_hex(h, "480fae2f");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.xmm[3].q[1], 0);
	assert_int_equal(cpu->s.mxcsr, 0x1f80);
	/* XSTATE_BV beyond XCOMP_BV, XCOMP_BV beyond XCR0: #GP(0). */
	x86_harness_poke64(h, AREA + 512, 3);
	x86_harness_poke64(h, AREA + 520, 1ull << 63 | 1);
	x86_harness_run_hex(h, "480fae2f");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	x86_harness_poke64(h, AREA + 520, 1ull << 63 | 7);
	x86_harness_run_hex(h, "480fae2f");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	/* XSAVEC of x87 only (EAX = 1): XSTATE_BV 1, XCOMP_BV bit 63 | 1, SSE's bytes stay. */
	x86_harness_poke64(h, AREA + 160, 0x77);
	x86_harness_run_hex(h, "b801000000 31d2 0fc727");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(x86_harness_peek64(h, AREA + 512), 1);
	assert_int_equal(x86_harness_peek64(h, AREA + 520), 1ull << 63 | 1);
	assert_int_equal(x86_harness_peek64(h, AREA + 160), 0x77);
	/* Misaligned: #GP(0); without CR4.OSXSAVE: #UD. */
	cpu->s.r[X86_RDI] = AREA + 32;
	x86_harness_run_hex(h, "0fc727");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	cpu->s.cr4 &= ~(uint64_t)X86_CR4_OSXSAVE;
	x86_update_mode(cpu);
	x86_harness_run_hex(h, "0fc727");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
}

static void test_xsave(void **state)
{
	struct x86_harness *h = x86_harness_current();
	struct x86_cpu *cpu = xsave_start(h, 0);
	/* mov eax, -1; mov edx, -1; xsave64 [rdi] */
	x86_harness_run_hex(h, "b8ffffffff baffffffff 480fae27");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(x86_harness_peek64(h, AREA + 512), 3);
	assert_int_equal(x86_harness_peek64(h, AREA + 24), 0x0000ffff00005fa1ull);
	assert_int_equal(x86_harness_peek64(h, AREA + 160), 0x0706050403020100ull);
	/* XSTATE_BV 1: XRSTOR of SSE too puts XMM in its initial state, MXCSR from the image. */
	x86_harness_poke64(h, AREA + 512, 1);
	x86_harness_poke64(h, AREA + 24, 0x0000ffff00001f80ull);
	x86_harness_run_hex(h, "480fae2f");   /* xrstor64 [rdi] */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.xmm[5].q[0], 0);
	assert_int_equal(cpu->s.mxcsr, 0x1f80);
	assert_int_equal(cpu->s.fcw, 0x27f);
	/* XSTATE_BV beyond XCR0, XCOMP_BV nonzero without bit 63 (the compacted form's), misalignment: #GP(0). */
	x86_harness_poke64(h, AREA + 512, 4);
	x86_harness_run_hex(h, "480fae2f");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	x86_harness_poke64(h, AREA + 512, 3);
	x86_harness_poke64(h, AREA + 520, 3);
	x86_harness_run_hex(h, "480fae2f");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	x86_harness_poke64(h, AREA + 520, 0);
	cpu->s.r[X86_RDI] = AREA + 16;
	x86_harness_run_hex(h, "480fae2f");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	/* Only x87 requested (EAX = 1): SSE's part of the image stays as it was. */
	cpu->s.r[X86_RDI] = AREA;
	x86_harness_poke64(h, AREA + 160, 0x77);
	x86_harness_run_hex(h, "b801000000 31d2 0fae27");
	assert_int_equal(x86_harness_peek64(h, AREA + 160), 0x77);
	/* Without CR4.OSXSAVE: #UD. */
	cpu->s.cr4 &= ~(uint64_t)X86_CR4_OSXSAVE;
	x86_update_mode(cpu);
	x86_harness_run_hex(h, "0fae27");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fxsave, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_xcr0, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_xsave, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_xsavec, x86_harness_setup, x86_harness_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
