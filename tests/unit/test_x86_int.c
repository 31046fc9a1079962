/*
 * x86-64 integer instructions through the harness, with known values:
 * MUL/IMUL/DIV/IDIV and #DE, the stack and branches, LOOP, SETcc and
 * CMOVcc, XCHG/XADD/CMPXCHG/CMPXCHG16B, the bit instructions, string
 * instructions with REP, CPUID (the CPU's leaves and the hypervisor's
 * through the route table), RDTSC from virtual time, RDTSCP, RDRAND,
 * STAC/CLAC, #UD and #GP from
 * decode, and page faults with their error codes.
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

#define DATA X86_HARNESS_DATA

#define h x86_harness_current()
#define cpu x86_harness_cpu(h)
#define run_hex(hex) x86_harness_run_hex(h, hex)
#define ram64(gpa) x86_harness_peek64(h, gpa)
#define ram_put64(gpa, v) x86_harness_poke64(h, gpa, v)
#define reg(n) (cpu->s.r[n])
#define flags() x86_flags(cpu)

/* ------------------------------------------------ multiply and divide */

static void test_mul_div(void **state)
{
	/* mov rax, -1; mov rbx, 2; mul rbx: RDX:RAX = 1:FFFF...FE, CF = OF = 1. */
	run_hex("48c7c0ffffffff 48c7c302000000 48f7e3");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(reg(X86_RDX), 1);
	assert_int_equal(reg(X86_RAX), 0xfffffffffffffffeull);
	assert_int_equal(flags() & (X86_CF | X86_OF), X86_CF | X86_OF);
	/* imul rax, rbx, 3 with rbx = 2^62: 0xC000..., overflow; imul rax, rbx, -1: fits. */
	run_hex("48bb0000000000000040 486bc303");
	assert_int_equal(reg(X86_RAX), 0xc000000000000000ull);
	assert_int_equal(flags() & (X86_CF | X86_OF), X86_CF | X86_OF);
	run_hex("48c7c305000000 486bc3ff");
	assert_int_equal(reg(X86_RAX), (uint64_t)-5);
	assert_int_equal(flags() & (X86_CF | X86_OF), 0);
	/* One-operand IMUL: -3 * 5 in 8 bits: AX = -15, fits in AL: CF = 0. */
	run_hex("b0fd b305 f6eb");
	assert_int_equal(reg(X86_RAX) & 0xffff, 0xfff1);
	assert_int_equal(flags() & X86_CF, 0);
	/* div rbx: RDX:RAX = 1:0 by 2 -> 2^63 remainder 0. */
	run_hex("48c7c201000000 4831c0 48c7c302000000 48f7f3");
	assert_int_equal(reg(X86_RAX), 0x8000000000000000ull);
	assert_int_equal(reg(X86_RDX), 0);
	/* div bl: AX = 0x101 by 2 -> AL = 0x80, AH = 1. */
	run_hex("66b80101 b302 f6f3");
	assert_int_equal(reg(X86_RAX) & 0xffff, 0x0180);
	/* idiv ecx: EDX:EAX = -7 by 2 -> -3 remainder -1 (truncation toward zero). */
	run_hex("b8f9ffffff 99 b902000000 f7f9");
	assert_int_equal(reg(X86_RAX), 0xfffffffd);
	assert_int_equal(reg(X86_RDX), 0xffffffff);
}

static void test_divide_error(void **state)
{
	/* Division by zero: #DE at the DIV, which did not retire (RAX unchanged). */
	run_hex("48c7c007000000 4831db 48f7f3");
	assert_int_equal(x86_harness_vector(h), X86_EXC_DE);
	assert_int_equal(x86_harness_fault_rip(h), X86_HARNESS_CODE + 10);
	assert_int_equal(reg(X86_RAX), 7);
	/* A quotient that does not fit: INT64_MIN / -1. */
	run_hex("48b80000000000000080 4899 48c7c3ffffffff 48f7fb");
	assert_int_equal(x86_harness_vector(h), X86_EXC_DE);
	/* Unsigned overflow: RDX = 2 by 2. */
	run_hex("48c7c202000000 48c7c302000000 48f7f3");
	assert_int_equal(x86_harness_vector(h), X86_EXC_DE);
}

/* --------------------------------------------------- stack, branches */

static void test_call_ret_jmp(void **state)
{
	/*
	 *  0 xor rax, rax; 3 call 14; 8 add rax, 0x10; 12 jmp 19;
	 * 14 add rax, 1; 18 ret; 19 (stop)
	 */
	run_hex("4831c0 e806000000 4883c010 eb05 4883c001 c3");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(reg(X86_RAX), 0x11);
	assert_int_equal(reg(X86_RSP), X86_HARNESS_STACK);
	/* The return address went to the stack. */
	assert_int_equal(ram64(X86_HARNESS_STACK - 8), X86_HARNESS_CODE + 8);
	/* call rax (FF /2) to an indirect target, ret 8 releasing an argument. */
	run_hex("6a07 48c7c00d000100 ffd0 eb03 c20800 90");
	assert_int_equal(reg(X86_RSP), X86_HARNESS_STACK);
}

static void test_push_pop(void **state)
{
	/* push -1 (6A sign-extends); pop rbx; push 0x12345678; pop rcx; push ax (66); pop dx */
	run_hex("6aff 5b 6878563412 59 66b8bbaa 6650 665a");
	assert_int_equal(reg(X86_RBX), ~0ull);
	assert_int_equal(reg(X86_RCX), 0x12345678);
	assert_int_equal(reg(X86_RDX) & 0xffff, 0xaabb);
	assert_int_equal(reg(X86_RSP), X86_HARNESS_STACK);
	/* pushfq / popfq round trip with CF set; pop rsp loads the popped value. */
	run_hex("f9 9c f8 9d 6a40 5c");
	assert_int_equal(flags() & X86_CF, X86_CF);
	assert_int_equal(reg(X86_RSP), 0x40);
	/* leave: RSP = RBP, pop RBP. */
	run_hex("55 4889e5 4883ec20 c9");
	assert_int_equal(reg(X86_RSP), X86_HARNESS_STACK);
}

/* XLAT: AL from [RBX + AL] (AL zero-extended), EBX with 67. */
static void test_xlat(void **state)
{
	ram_put64(DATA + 0xf8, 0x1122334455667788ull);
	/* mov rbx, DATA; mov eax, 0x12345ffa; xlatb */
	run_hex("48c7c300001000 b8fa5f3412 d7");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(reg(X86_RAX), 0x12345f66);
	/* rbx = 2^32 + DATA; 67 xlatb: EBX only. */
	run_hex("48bb0000100001000000 b0ff 67d7");
	assert_int_equal(reg(X86_RAX) & 0xff, 0x11);
}

static void test_jcc_loop_setcc_cmov(void **state)
{
	/* mov ecx, 5; xor eax, eax; inc eax; loop -4 */
	run_hex("b905000000 31c0 ffc0 e2fc");
	assert_int_equal(reg(X86_RAX), 5);
	assert_int_equal(reg(X86_RCX), 0);
	/* mov eax, 1; cmp eax, 2; setb bl; setg cl; cmovl rdx, rax */
	run_hex("b801000000 31d2 83f802 0f92c3 0f9fc1 480f4cd0");
	assert_int_equal(reg(X86_RBX) & 0xff, 1);
	assert_int_equal(reg(X86_RCX) & 0xff, 0);
	assert_int_equal(reg(X86_RDX), 1);
	/* A 32-bit CMOV whose condition is false still zero-extends (SDM 2: CMOVcc). */
	run_hex("48c7c2ffffffff 39c0 0f45d0");
	assert_int_equal(reg(X86_RDX), 0xffffffff);
	/* Signed and unsigned conditions on one compare: -1 < 1 signed, above unsigned. */
	run_hex("48c7c0ffffffff 4883f801 0f9cc3 0f97c1");
	assert_int_equal(reg(X86_RBX) & 0xff, 1);
	assert_int_equal(reg(X86_RCX) & 0xff, 1);
	/* jrcxz taken with RCX = 0, not taken otherwise: mov eax, 1 runs only in the second. */
	run_hex("31c0 31c9 e305 b801000000");
	assert_int_equal(reg(X86_RAX), 0);
	run_hex("31c0 b902000000 e305 b801000000");
	assert_int_equal(reg(X86_RAX), 1);
	/* jne back-edge counting down: 10 iterations. */
	run_hex("b90a000000 31c0 ffc0 ffc9 75fa");
	assert_int_equal(reg(X86_RAX), 10);
}

/* Operand pairs for CMP that between them make every condition true and false. */
static const uint64_t cc_pairs[][2] = {
	{ 1, 2 }, { 2, 1 }, { 5, 5 }, { 0x8000000000000000ull, 1 },
	{ 1, 0x8000000000000000ull }, { 0x7fffffffffffffffull, (uint64_t)-1 }, { 3, 0x83 },
};

/*
 * Every Jcc, short (7x) and near (0F 8x), taken exactly when the condition
 * holds (insn_branch.c has a handler per condition): CMP RAX, RBX, then
 * the branch skips the MOV ECX, 1 after it.
 */
static void test_jcc_every_condition(void **state)
{
	char hex[160];
	for (unsigned p = 0; p < sizeof(cc_pairs) / sizeof(cc_pairs[0]); p++) {
		for (unsigned cc = 0; cc < 16; cc++) {
			for (int near = 0; near < 2; near++) {
				char jcc[20];
				snprintf(jcc, sizeof(jcc), near ? "0f%02x05000000" : "%02x05", (near ? 0x80 : 0x70) + cc);
				snprintf(hex, sizeof(hex), "48b8%016llx 48bb%016llx 4839d8 b900000000 %s b901000000",
					 (unsigned long long)__builtin_bswap64(cc_pairs[p][0]),
					 (unsigned long long)__builtin_bswap64(cc_pairs[p][1]), jcc);
				run_hex(hex);
				assert_int_equal(x86_harness_vector(h), -1);
				bool taken = reg(X86_RCX) == 0;
				if (taken != x86_cond(cpu, cc))
					fail_msg("j cc %u (%s) with %llx, %llx: taken %d", cc, near ? "near" : "short",
						 (unsigned long long)cc_pairs[p][0], (unsigned long long)cc_pairs[p][1], taken);
			}
		}
	}
}

/*
 * SETcc and CMOVcc (0F 90-9F, 0F 40-4F), one handler per condition as
 * Jcc: after CMP RAX, RBX, SETcc CL and SETcc [RDI] hold the condition,
 * CMOVcc ESI, EDX and CMOVcc EBP, [RDI+8] (EDX and the memory word are 1,
 * ESI and EBP 0 before) move only when it holds.
 */
static void test_setcc_cmov_every_condition(void **state)
{
	char hex[240];
	for (unsigned p = 0; p < sizeof(cc_pairs) / sizeof(cc_pairs[0]); p++) {
		for (unsigned cc = 0; cc < 16; cc++) {
			ram_put64(DATA, 0xff);
			ram_put64(DATA + 8, 1);
			snprintf(hex, sizeof(hex),
				 "48c7c700001000 48b8%016llx 48bb%016llx b900000000 ba01000000 be00000000 "
				 "bd00000000 4839d8 0f%02xc1 0f%02x07 0f%02xf2 0f%02x6f08",
				 (unsigned long long)__builtin_bswap64(cc_pairs[p][0]),
				 (unsigned long long)__builtin_bswap64(cc_pairs[p][1]), 0x90 + cc, 0x90 + cc,
				 0x40 + cc, 0x40 + cc);
			run_hex(hex);
			assert_int_equal(x86_harness_vector(h), -1);
			bool want = x86_cond(cpu, cc);
			if (reg(X86_RCX) != want || ram64(DATA) != want || reg(X86_RSI) != want ||
			    reg(X86_RBP) != want)
				fail_msg("cc %u with %llx, %llx: setcc %llu/%llu cmov %llu/%llu, want %d", cc,
					 (unsigned long long)cc_pairs[p][0], (unsigned long long)cc_pairs[p][1],
					 (unsigned long long)reg(X86_RCX), (unsigned long long)ram64(DATA),
					 (unsigned long long)reg(X86_RSI), (unsigned long long)reg(X86_RBP), want);
		}
	}
}

/* ------------------------------------------------------------ atomics */

static void test_xchg_cmpxchg(void **state)
{
	ram_put64(DATA, 5);
	/*
	 * mov rdi, DATA; mov eax, 5; mov ecx, 9; lock cmpxchg [rdi], rcx; setz bl;
	 * lock cmpxchg [rdi], rcx (fails: RAX = 9); setz bh
	 */
	run_hex("48c7c700001000 b805000000 b909000000 f0480fb10f 0f94c3 f0480fb10f 0f94c7");
	assert_int_equal(ram64(DATA), 9);
	assert_int_equal(reg(X86_RBX) & 0xffff, 0x0001);
	assert_int_equal(reg(X86_RAX), 9);
	/* mov edx, 3; lock xadd [rdi], rdx: memory 12, RDX the old 9. */
	run_hex("48c7c700001000 ba03000000 f0480fc117");
	assert_int_equal(ram64(DATA), 12);
	assert_int_equal(reg(X86_RDX), 9);
	/*
	 * xadd rax, rax: the sum, as DEST is written last (SDM 2: XADD; found by
	 * tests/diff against QEMU). mov rax, 7; xadd rax, rax; then in 32 bits.
	 */
	run_hex("48c7c007000000 480fc1c0");
	assert_int_equal(reg(X86_RAX), 14);
	run_hex("48c7c0ffffffff 0fc1c0");
	assert_int_equal(reg(X86_RAX), 0xfffffffeull);
	/* xchg [rdi], rdx */
	run_hex("48c7c700001000 ba07000000 488717");
	assert_int_equal(ram64(DATA), 7);
	assert_int_equal(reg(X86_RDX), 12);
	/* cmpxchg16b [rsi]: RDX:RAX = 2:1 matches, RCX:RBX = 4:3 stored. */
	ram_put64(DATA + 16, 1);
	ram_put64(DATA + 24, 2);
	run_hex("48c7c610001000 b801000000 ba02000000 bb03000000 b904000000 f0480fc70e");
	assert_int_equal(ram64(DATA + 16), 3);
	assert_int_equal(ram64(DATA + 24), 4);
	assert_true(flags() & X86_ZF);
	/* It fails now: RDX:RAX gets the memory, ZF = 0. */
	run_hex("48c7c610001000 b801000000 ba02000000 f0480fc70e");
	assert_int_equal(reg(X86_RAX), 3);
	assert_int_equal(reg(X86_RDX), 4);
	assert_false(flags() & X86_ZF);
	/* A misaligned 16-byte operand: #GP(0). */
	run_hex("48c7c618001000 f0480fc70e");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_harness_error(h), 0);
	/* cmpxchg8b [rsi]: EDX:EAX = 0:3 matches the low qword, ECX:EBX stored. */
	run_hex("48c7c610001000 b803000000 31d2 bb05000000 b906000000 0fc70e");
	assert_int_equal(ram64(DATA + 16), 0x600000005ull);
	/*
	 * A 32-bit register destination that differs from EAX is not written
	 * (its upper half stays), EAX gets it zero-extended (found by
	 * tests/diff against QEMU: mov rdi, -1 << 32 | 7; mov eax, 5;
	 * cmpxchg edi, ecx).
	 */
	run_hex("48bf07000000ffffffff b805000000 b909000000 0fb1cf");
	assert_int_equal(reg(X86_RDI), 0xffffffff00000007ull);
	assert_int_equal(reg(X86_RAX), 7);
	assert_false(flags() & X86_ZF);
	/* Equal: EDI = ECX, zero-extended; RAX keeps its upper half. */
	run_hex("48bf07000000ffffffff 48b807000000ffffffff b909000000 0fb1cf");
	assert_int_equal(reg(X86_RDI), 9);
	assert_int_equal(reg(X86_RAX), 0xffffffff00000007ull);
	assert_true(flags() & X86_ZF);
}

/* --------------------------------------------------------------- bits */

static void test_bits(void **state)
{
	/* mov eax, 0xf0: bsf ecx, eax; bsr edx, eax; popcnt esi, eax; lzcnt edi, eax; tzcnt ebx, eax */
	run_hex("b8f0000000 0fbcc8 0fbdd0 f30fb8f0 f30fbdf8 f30fbcd8");
	assert_int_equal(reg(X86_RCX), 4);
	assert_int_equal(reg(X86_RDX), 7);
	assert_int_equal(reg(X86_RSI), 4);
	assert_int_equal(reg(X86_RDI), 24);
	assert_int_equal(reg(X86_RBX), 4);
	/* A zero source: BSF leaves the destination, ZF = 1; LZCNT gives the width, CF = 1. */
	run_hex("b9ffffffff 31c0 0fbcc8");
	assert_int_equal(reg(X86_RCX), 0xffffffff);
	assert_true(flags() & X86_ZF);
	/*
	 * With a 32-bit destination the low half is kept and the upper half
	 * cleared, as Intel's processors and QEMU do (Linux
	 * arch/x86/include/asm/bitops.h, variable_ffs); 16- and 64-bit
	 * destinations are left whole (found by tests/diff).
	 */
	run_hex("48c7c1ffffffff 31c0 0fbcc8 48c7c2ffffffff 0fbdd0");
	assert_int_equal(reg(X86_RCX), 0xffffffffull);
	assert_int_equal(reg(X86_RDX), 0xffffffffull);
	run_hex("48c7c1ffffffff 31c0 480fbcc8 48c7c2ffffffff 660fbdd0");
	assert_int_equal(reg(X86_RCX), ~0ull);
	assert_int_equal(reg(X86_RDX), ~0ull);
	run_hex("31c0 f3480fbdf8");
	assert_int_equal(reg(X86_RDI), 64);
	assert_true(flags() & X86_CF);
	/* bt eax, 5 with bit 5 set: CF = 1; btc flips it. */
	run_hex("b820000000 0fbae005 0fbaf805");
	assert_int_equal(reg(X86_RAX), 0);
	assert_true(flags() & X86_CF);
	/* bts [rdi], rcx with a register offset of 65: bit 1 of the next qword; -1: bit 63 before. */
	ram_put64(DATA + 32, 0);
	ram_put64(DATA + 40, 0);
	ram_put64(DATA + 24, 0);
	run_hex("48c7c720001000 48c7c141000000 480fab0f 48c7c1ffffffff 480fab0f");
	assert_int_equal(ram64(DATA + 40), 2);
	assert_int_equal(ram64(DATA + 24), 0x8000000000000000ull);
	/* bswap */
	run_hex("48b88877665544332211 480fc8");
	assert_int_equal(reg(X86_RAX), 0x8877665544332211ull);
}

/* ------------------------------------------------------------ strings */

static void test_strings(void **state)
{
	uint8_t *d = x86_harness_ram(h, DATA);
	memset(d, 0, 1024);
	/* rep stosb, 300 bytes (more than one chunk): rdi = DATA, al = 0xab */
	run_hex("48c7c700001000 b9 2c010000 b0ab f3aa");
	assert_int_equal(d[0], 0xab);
	assert_int_equal(d[299], 0xab);
	assert_int_equal(d[300], 0);
	assert_int_equal(reg(X86_RCX), 0);
	assert_int_equal(reg(X86_RDI), DATA + 300);
	/* rep movsq, 3 qwords from DATA to DATA + 512 */
	ram_put64(DATA, 0x1111);
	ram_put64(DATA + 8, 0x2222);
	ram_put64(DATA + 16, 0x3333);
	run_hex("48c7c600001000 48c7c700021000 b903000000 f348a5");
	assert_int_equal(ram64(DATA + 512 + 16), 0x3333);
	assert_int_equal(reg(X86_RSI), DATA + 24);
	/* repe cmpsb stops at the first difference (index 5): RCX = 10 - 6, ZF = 0 */
	memcpy(d + 600, "abcdefghij", 10);
	memcpy(d + 700, "abcdeXghij", 10);
	run_hex("48c7c658021000 48c7c7bc021000 b90a000000 f3a6");
	assert_int_equal(reg(X86_RCX), 4);
	assert_int_equal(reg(X86_RSI), DATA + 606);
	assert_false(flags() & X86_ZF);
	/* repne scasb finds the 0 terminator of "abc" */
	memcpy(d + 800, "abc", 4);
	run_hex("48c7c720031000 31c0 48c7c1ffffffff f2ae");
	assert_int_equal(reg(X86_RDI), DATA + 804);
	assert_int_equal(reg(X86_RCX), (uint64_t)-5);
	/* std; lodsq walks backwards; cld */
	run_hex("48c7c608001000 fd 48ad fc");
	assert_int_equal(reg(X86_RAX), 0x2222);
	assert_int_equal(reg(X86_RSI), DATA);
	/* A REP with RCX = 0 does nothing. */
	run_hex("48c7c700001000 31c9 b0cc f3aa");
	assert_int_equal(d[0], 0x11);
}

/*
 * REP runs whose source and destination share a TLB slot (2 MiB apart),
 * forwards and backwards, with elements across page ends, and a fault in
 * the middle of a run (insn_string.c keeps each run's page, core_tlb_run).
 */
static void test_string_runs(void **state)
{
	uint8_t *src = x86_harness_ram(h, 0x200ff0);
	for (int i = 0; i < 3000; i++)
		src[i] = (uint8_t)(i * 7 + 3);
	/* rep movsd, 750 dwords from 0x200ff0 to 0x400ff4 (three chunks). */
	run_hex("48c7c6f00f2000 48c7c7f40f4000 b9ee020000 f3a5");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_memory_equal(x86_harness_ram(h, 0x400ff4), src, 3000);
	assert_int_equal(reg(X86_RCX), 0);
	assert_int_equal(reg(X86_RSI), 0x200ff0 + 3000);
	assert_int_equal(reg(X86_RDI), 0x400ff4 + 3000);
	/* std; rep movsd backwards from the last dword to 0x600ff8's; cld */
	run_hex("fd 48c7c6a41b2000 48c7c7ac1b6000 b9ee020000 f3a5 fc");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_memory_equal(x86_harness_ram(h, 0x600ff8), src, 3000);
	assert_int_equal(reg(X86_RSI), 0x200ff0 - 4);
	assert_int_equal(reg(X86_RDI), 0x600ff8 - 4);
	/* rep movsq into a 2 MiB page made not present: #PF at the 33rd qword, the first 32 copied. */
	uint64_t pde4 = ram64(X86_HARNESS_PD + 32);
	ram_put64(X86_HARNESS_PD + 32, pde4 & ~1ull);
	memset(x86_harness_ram(h, 0x7fff00), 0, 0x100);
	run_hex("48c7c6f00f2000 48c7c700ff7f00 b940000000 f348a5");
	assert_int_equal(x86_harness_vector(h), X86_EXC_PF);
	assert_int_equal(cpu->s.cr2, 0x800000);
	assert_int_equal(reg(X86_RCX), 0x20);
	assert_int_equal(reg(X86_RSI), 0x200ff0 + 0x100);
	assert_int_equal(reg(X86_RDI), 0x800000);
	assert_memory_equal(x86_harness_ram(h, 0x7fff00), src, 0x100);
	ram_put64(X86_HARNESS_PD + 32, pde4);
	/* rep stosq over the same slot's pages after the fault: all written. */
	run_hex("48c7c700ff7f00 b940000000 48c7c0efbeadde f348ab");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(ram64(0x7fff00), 0xffffffffdeadbeefull);
	assert_int_equal(ram64(0x8000f8), 0xffffffffdeadbeefull);
	assert_int_equal(ram64(0x800100), 0);
}

/* -------------------------------------------------- CPUID, RDTSC */

static void test_cpuid_rdtsc(void **state)
{
	/* Leaf 0: the vendor. */
	run_hex("31c0 0fa2");
	assert_int_equal(reg(X86_RBX), 0x756e6547);   /* "Genu" */
	assert_int_equal(reg(X86_RDX), 0x49656e69);   /* "ineI" */
	assert_int_equal(reg(X86_RCX), 0x6c65746e);   /* "ntel" */
	/* Leaf 1 says "hypervisor", POPCNT, CX16; 0x80000001 long mode and NX. */
	run_hex("b801000000 0fa2");
	assert_int_equal(reg(X86_RCX) & (1u << 31 | 1u << 23 | 1u << 13), 1u << 31 | 1u << 23 | 1u << 13);
	run_hex("b801000080 0fa2");
	assert_int_equal(reg(X86_RDX) & (1u << 29 | 1u << 20), 1u << 29 | 1u << 20);
	/* 0x40000000 leaves the CPU for hvsim (the harness answers "KVMKVMKVM"), then the code goes on. */
	run_hex("b800000040 0fa2 bf01000000");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(reg(X86_RBX), 0x4b4d564b);
	assert_int_equal(reg(X86_RDI), 1);
	/*
	 * RDTSC counts virtual time, which a block is charged on entry (the
	 * engine's precharge): two reads in two blocks (JMP ends the first),
	 * the second later by about the cycles between.
	 */
	run_hex("0f31 48c1e220 4809c2 4889d6 eb00 90 90 0f31 48c1e220 4809c2");
	uint64_t t0 = reg(X86_RSI), t1 = reg(X86_RDX);
	assert_true(t1 > t0);
	assert_true(t1 - t0 < 1000);
}

/*
 * The TSC shared by a machine's vCPUs (x86_platform.tsc_latest): a vCPU
 * whose virtual time is behind the highest count another vCPU read
 * reads that count (plus its own offset), never less; RDTSC and RDMSR
 * alike. Linux's TSC warp check saw 932 cycles of warp between two vCPUs
 * a quantum apart without it.
 */
static void test_tsc_shared(void **state)
{
	uint64_t latest = 0;
	cpu->plat.tsc_latest = &latest;
	run_hex("0f31 48c1e220 4809c2");
	uint64_t t0 = reg(X86_RDX);
	assert_int_equal(latest, t0);
	latest = t0 + 10000000;                  /* another vCPU, 10 ms ahead, read this */
	run_hex("0f31 48c1e220 4809c2");
	assert_int_equal(reg(X86_RDX), t0 + 10000000);
	cpu->s.tsc_offset = 5;
	run_hex("b910000000 0f32 48c1e220 4809c2");   /* rdmsr IA32_TIME_STAMP_COUNTER */
	assert_int_equal(reg(X86_RDX), t0 + 10000000 + 5);
	assert_int_equal(latest, t0 + 10000000);
	cpu->plat.tsc_latest = NULL;
}

/* ------------------------------------------------------------ port I/O */

/* A device at ports 0x80-0x83: remembers the last write, reads 0x12345678 >> 8 * offset. */
static uint64_t port_last, port_size;
static uint64_t port_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return 0x12345678u >> (8 * off);
}
static void port_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		       uint64_t val)
{
	port_last = val;
	port_size = size;
}
static const struct mem_mmio_ops port_ops = { port_read, port_write };

static void test_port_io(void **state)
{
	mem_add_mmio(x86_harness_io(h), "test-port", 0x80, 4, &port_ops, NULL);
	/* in eax, 0x80; in al, dx (dx = 0x81); a port with nothing: all ones. */
	run_hex("e580 89c3 66ba8100 ec 89c1 66ba0010 66ed");
	assert_int_equal(reg(X86_RBX), 0x12345678);
	assert_int_equal(reg(X86_RCX) & 0xff, 0x56);
	assert_int_equal(reg(X86_RAX) & 0xffff, 0xffff);
	/* out 0x80, ax (66); out dx, al */
	run_hex("66b8bbaa 66e780");
	assert_int_equal(port_last, 0xaabb);
	assert_int_equal(port_size, 2);
	run_hex("b0cc 66ba8000 ee");
	assert_int_equal(port_last, 0xcc);
	assert_int_equal(port_size, 1);
}

/* --------------------------------------------------- decode faults */

static void test_decode_faults(void **state)
{
	/* UD2, an invalid opcode in 64-bit mode (06: PUSH ES), LOCK on a register: #UD at the instruction. */
	run_hex("90 0f0b");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	assert_int_equal(x86_harness_fault_rip(h), X86_HARNESS_CODE + 1);
	run_hex("06");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	run_hex("f001c0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	/* 16 bytes (15 prefixes and NOP): #GP(0). */
	run_hex("666666666666666666666666666666 90");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_harness_error(h), 0);
	/* INT3 is a trap: the frame's RIP is after it. */
	run_hex("cc");
	assert_int_equal(x86_harness_vector(h), X86_EXC_BP);
	assert_int_equal(x86_harness_fault_rip(h), X86_HARNESS_CODE + 1);
}

/* --------------------------------------------------------- paging */

static void test_page_faults(void **state)
{
	/* Beyond the 64 MiB mapped: a read faults, not present (error 0), CR2 the address. */
	run_hex("48a10000000801000000");   /* movabs rax, [0x108000000] */
	assert_int_equal(x86_harness_vector(h), X86_EXC_PF);
	assert_int_equal(x86_harness_error(h), 0);
	assert_int_equal(cpu->s.cr2, 0x108000000ull);
	/* A write: error 2 (W). */
	run_hex("48a30000000801000000");
	assert_int_equal(x86_harness_error(h), 2);
	/* A non-canonical address: #GP(0), not #PF. */
	run_hex("48a10000000000800000");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	/*
	 * Make the 2 MiB page at 0x200000 read-only: a write is a protection
	 * fault (P | W = 3) under CR0.WP. Then NX: fetching there faults with
	 * P | I/D = 0x11. The accessed and dirty bits: a write to the page at
	 * 0x400000 sets D in its PDE.
	 */
	uint64_t pde1 = ram64(X86_HARNESS_PD + 8);
	ram_put64(X86_HARNESS_PD + 8, pde1 & ~2ull);
	x86_tlb_flush(cpu, true);
	run_hex("48c7c000002000 c60001");
	assert_int_equal(x86_harness_vector(h), X86_EXC_PF);
	assert_int_equal(x86_harness_error(h), 3);
	ram_put64(X86_HARNESS_PD + 8, pde1 | 1ull << 63);
	x86_tlb_flush(cpu, true);
	run_hex("48c7c000002000 ffe0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_PF);
	assert_int_equal(x86_harness_error(h), 0x11);
	assert_int_equal(x86_harness_fault_rip(h), 0x200000);
	ram_put64(X86_HARNESS_PD + 8, pde1);
	ram_put64(X86_HARNESS_PD + 16, ram64(X86_HARNESS_PD + 16) & ~0x60ull);
	x86_tlb_flush(cpu, true);
	run_hex("48c7c000004000 8b00");
	assert_int_equal(ram64(X86_HARNESS_PD + 16) & 0x60, 0x20);   /* read: A only */
	run_hex("48c7c000004000 c60001");
	assert_int_equal(ram64(X86_HARNESS_PD + 16) & 0x60, 0x60);   /* write: A and D */
}

/* A 1 GiB page: PDPT[1] maps linear 1 GiB-2 GiB to physical 0 (CPUID's Page1GB). */
static void test_huge_page(void **state)
{
	ram_put64(0x2000 + 8, 0x83);
	ram_put64(DATA, 0x5a5a5a5a);
	run_hex("48b80000104000000000 488b18");   /* movabs rax, 0x40100000; mov rbx, [rax] */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(reg(X86_RBX), 0x5a5a5a5a);
}

/*
 * An instruction straddling two 4 KiB pages, whose second page is then
 * remapped: the next execution reads the new bytes (the engine re-checks
 * the second page of a straddling block).
 */
static void test_straddle_remap(void **state)
{
	/* PD[2] (0x400000) -> a page table at 0x7000 with identity 4 KiB pages. */
	for (uint64_t i = 0; i < 512; i++)
		ram_put64(0x7000 + 8 * i, (0x400000 + (i << 12)) | 3);
	ram_put64(X86_HARNESS_PD + 16, 0x7000 | 3);
	x86_tlb_flush(cpu, true);
	/* movabs rax, imm64 at 0x400ffb: 5 bytes on the first page, the last 5 on the second. */
	static const uint8_t head[] = { 0x48, 0xb8, 0x11, 0x22, 0x33 };
	static const uint8_t tail1[] = { 0x44, 0x55, 0x66, 0x77, 0x88, 0x0f, 0x01, 0xc1 };
	static const uint8_t tail2[] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x0f, 0x01, 0xc1 };
	memcpy(x86_harness_ram(h, 0x400ffb), head, sizeof(head));
	memcpy(x86_harness_ram(h, 0x401000), tail1, sizeof(tail1));
	memcpy(x86_harness_ram(h, 0x402000), tail2, sizeof(tail2));
	run_hex("48c7c0fb0f4000 ffe0");   /* mov rax, 0x400ffb; jmp rax */
	assert_int_equal(reg(X86_RAX), 0x8877665544332211ull);
	ram_put64(0x7000 + 8, 0x402000 | 3);   /* linear 0x401000 -> physical 0x402000 */
	x86_tlb_flush_page(cpu, 0x401000);
	run_hex("48c7c0fb0f4000 ffe0");
	assert_int_equal(reg(X86_RAX), 0xeeddccbbaa332211ull);
	/* Unmapped, the second page's fetch faults, at the instruction's address. */
	ram_put64(0x7000 + 8, 0);
	x86_tlb_flush_page(cpu, 0x401000);
	run_hex("48c7c0fb0f4000 ffe0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_PF);
	assert_int_equal(x86_harness_fault_rip(h), 0x400ffb);
	assert_int_equal(cpu->s.cr2, 0x401000);
	assert_int_equal(x86_harness_error(h), 0x10);   /* not present, instruction fetch (NXE) */
	/*
	 * VEX (no AVX or BMI: #UD) is decoded to its end first: ANDN eax, eax,
	 * ecx (C4 E2 78 F2 C1) and VZEROUPPER (C5 F8 77) with their last
	 * bytes on the unmapped page take the fetch's #PF; whole, #UD.
	 */
	static const uint8_t andn[] = { 0xc4, 0xe2, 0x78, 0xf2, 0xc1 }, vzu[] = { 0xc5, 0xf8, 0x77 };
	memcpy(x86_harness_ram(h, 0x400ffd), andn, 3);
	run_hex("48c7c0fd0f4000 ffe0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_PF);
	assert_int_equal(x86_harness_fault_rip(h), 0x400ffd);
	assert_int_equal(cpu->s.cr2, 0x401000);
	memcpy(x86_harness_ram(h, 0x400ffe), vzu, 2);
	run_hex("48c7c0fe0f4000 ffe0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_PF);
	assert_int_equal(cpu->s.cr2, 0x401000);
	memcpy(x86_harness_ram(h, 0x400ff0), andn, sizeof(andn));
	run_hex("48c7c0f00f4000 ffe0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	assert_int_equal(x86_harness_fault_rip(h), 0x400ff0);
	memcpy(x86_harness_ram(h, 0x400ff0), vzu, sizeof(vzu));
	run_hex("48c7c0f00f4000 ffe0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
}

/* RDTSCP's TSC_AUX, RDRAND's repeatable sequence and flags, STAC/CLAC and their #UD at CPL 3. */
static void test_misc_system(void **state)
{
	cpu->s.tsc_aux = 0x1234;
	x86_harness_run_hex(h, "0f01f9");   /* rdtscp */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.r[X86_RCX], 0x1234);
	/* rdrand rax; rdseed ecx; pushfq; pop rdx */
	uint64_t seed = cpu->rng_state;
	x86_harness_run_hex(h, "480fc7f0 0fc7f9 9c 5a");
	assert_int_equal(x86_harness_vector(h), -1);
	uint64_t a = cpu->s.r[X86_RAX], b = cpu->s.r[X86_RCX];
	assert_int_equal(cpu->s.r[X86_RDX] & 0x8d5, X86_CF);
	assert_true(b >> 32 == 0 && a != b);
	cpu->rng_state = seed;
	x86_harness_run_hex(h, "480fc7f0 0fc7f9");
	assert_int_equal(cpu->s.r[X86_RAX], a);
	assert_int_equal(cpu->s.r[X86_RCX], b);
	/* stac; pushfq; pop rax; clac; pushfq; pop rbx */
	x86_harness_run_hex(h, "0f01cb 9c 58 0f01ca 9c 5b");
	assert_int_equal(cpu->s.r[X86_RAX] & X86_AC, X86_AC);
	assert_int_equal(cpu->s.r[X86_RBX] & X86_AC, 0);
	/* The first 2 MiB (code and stack) open to CPL 3: U at every level. */
	for (uint64_t e = X86_HARNESS_PML4; e <= X86_HARNESS_PD; e += 0x1000)
		ram_put64(e, ram64(e) | 4);
	x86_tlb_flush(cpu, true);
	x86_harness_user(h);
	x86_harness_run_hex(h, "0f01cb");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
}

/*
 * Segment loads and descriptor tables as Linux's head_64.S uses them:
 * LGDT/SGDT, LIDT/SIDT, MOV Sreg (null and real selectors; FS's base from
 * the descriptor), MOV from Sreg, LTR (busy bit, 64-bit base), LLDT null,
 * RETFQ to a code segment; and their faults.
 */
static void test_segments(void **state)
{
	const uint64_t d = X86_HARNESS_DATA;
	/*
	 * A new GDT at d + 0x100: the harness's code and data at 0x10-0x28
	 * (its IDT gates use 0x10), data with base 0x12345000 at 0x38, a TSS
	 * at 0x40 (16 bytes), another 64-bit code segment at 0x50.
	 */
	for (uint64_t sel = 0x10; sel <= 0x28; sel += 8)
		ram_put64(d + 0x100 + sel, ram64(X86_HARNESS_GDT + sel));
	ram_put64(d + 0x100 + 0x38, 0x12cf93345000ffffull);
	ram_put64(d + 0x100 + 0x40, 0x0000890000000067ull | (0x5678ull << 16));
	ram_put64(d + 0x100 + 0x48, 0xffffffffull);
	ram_put64(d + 0x100 + 0x50, 0x00af9b000000ffffull);
	ram_put64(d, (d + 0x100) << 16 | 0x57);
	ram_put64(d + 8, (d + 0x100) >> 48);
	ram_put64(d + 0x20, 0x1000ull << 16 | 0xfff);      /* an IDT image: base 0x1000, limit 0xfff */
	ram_put64(d + 0x28, 0);
	/* lgdt [d]; sgdt [d+0x40]; lidt [d+0x20]; sidt [d+0x50]; then back to the harness's IDT */
	x86_harness_run_hex(h, "0f 01 14 25 00 00 10 00  0f 01 04 25 40 00 10 00"
			       "0f 01 1c 25 20 00 10 00  0f 01 0c 25 50 00 10 00");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.gdtr.base, d + 0x100);
	assert_int_equal(cpu->s.gdtr.limit, 0x57);
	assert_int_equal(ram64(d + 0x40) & 0xffff, 0x57);
	assert_int_equal(ram64(d + 0x42), d + 0x100);
	assert_int_equal(cpu->s.idtr.base, 0x1000);
	assert_int_equal(ram64(d + 0x52), 0x1000);
	cpu->s.idtr = (struct x86_dtr){ .base = X86_HARNESS_IDT, .limit = X86_HARNESS_VECTORS * 16 - 1 };
	/* mov eax, 0x38; mov ds, eax; mov fs, eax; xor ecx, ecx; mov es, ecx; mov ebx, fs; mov [d+0x60], ds */
	x86_harness_run_hex(h, "b8 38 00 00 00  8e d8  8e e0  31 c9  8e c1  8c e3  8c 1c 25 60 00 10 00");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.seg[X86_DS].sel, 0x38);
	assert_int_equal(cpu->s.seg[X86_FS].base, 0x12345000);
	assert_int_equal(cpu->s.seg[X86_ES].sel, 0);
	assert_int_equal(cpu->s.r[X86_RBX], 0x38);
	assert_int_equal(ram64(d + 0x60) & 0xffff, 0x38);
	/* mov ax, 0x40; ltr ax; str ecx; xor edx, edx; lldt dx */
	x86_harness_run_hex(h, "66 b8 40 00  0f 00 d8  0f 00 c9  31 d2  0f 00 d2");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.seg[X86_TR].base, 0xffffffff00005678ull);
	assert_int_equal(cpu->s.seg[X86_TR].limit, 0x67);
	assert_int_equal(cpu->s.r[X86_RCX], 0x40);
	assert_int_equal((ram64(d + 0x140) >> 40) & 0xf, 0xb);    /* now busy */
	cpu->s.seg[X86_TR] = (struct x86_seg){ .base = X86_HARNESS_TSS, .limit = 0x67, .sel = 0x30, .attr = 0x8b };
	/* ltr again: a busy TSS is #GP(sel) */
	x86_harness_run_hex(h, "66 b8 40 00  0f 00 d8");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_harness_error(h), 0x40);
	/* push 0x50; lea rax, [rip + 3]; push rax; retfq; (lands on the next instruction) */
	x86_harness_run_hex(h, "6a 50  48 8d 05 03 00 00 00  50  48 cb");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.seg[X86_CS].sel, 0x50);
	assert_int_equal(cpu->s.r[X86_RSP], X86_HARNESS_STACK);
	/*
	 * verw/verr: mov ax, 0x18 (data); verw ax; setz bl; mov ax, 0x10 (code); verw ax; setz cl;
	 * verr ax; setz dl; xor eax, eax; verr ax; setz dh
	 */
	x86_harness_run_hex(h, "66 b8 18 00 0f 00 e8 0f 94 c3  66 b8 10 00 0f 00 e8 0f 94 c1"
			       "0f 00 e0 0f 94 c2  31 c0 0f 00 e0 0f 94 c6");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.r[X86_RBX] & 0xff, 1);
	assert_int_equal(cpu->s.r[X86_RCX] & 0xff, 0);
	assert_int_equal(cpu->s.r[X86_RDX] & 0xffff, 0x0001);
	/* mov ss, a code selector: #GP(0x10); mov cs: #UD; mov ds, a selector past the GDT: #GP(0x58) */
	x86_harness_run_hex(h, "b8 10 00 00 00 8e d0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_harness_error(h), 0x10);
	x86_harness_run_hex(h, "8e c8");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	x86_harness_run_hex(h, "b8 58 00 00 00 8e d8");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_harness_error(h), 0x58);
}

/* FNINIT and the words it sets, read back as Linux's FPU probe does; FLDCW, FNCLEX. */
static void test_x87_control(void **state)
{
	const uint64_t d = X86_HARNESS_DATA;
	cpu->s.fsw = 0xffff;
	cpu->s.fcw = 0xffff;
	/* fninit; fnstsw [d]; fnstcw [d+2]; fnstsw ax; wait */
	x86_harness_run_hex(h, "db e3  dd 3c 25 00 00 10 00  d9 3c 25 02 00 10 00  df e0  9b");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(ram64(d) & 0xffffffff, 0x037f0000);
	assert_int_equal(cpu->s.r[X86_RAX] & 0xffff, 0);
	assert_int_equal(cpu->s.ftw, 0);
	/* fldcw [d+8] (0x0272); then fnclex with pending flags (FLDCW waits: it would take #MF first) */
	ram_put64(d + 8, 0x0272);
	x86_harness_run_hex(h, "d9 2c 25 08 00 10 00");
	assert_int_equal(cpu->s.fcw, 0x0272);
	cpu->s.fsw = 0x80bf;
	x86_harness_run_hex(h, "db e2");
	assert_int_equal(cpu->s.fsw, 0);
	/* CR0.TS: x87 is #NM */
	cpu->s.cr0 |= X86_CR0_TS;
	x86_update_mode(cpu);
	x86_harness_run_hex(h, "db e3");
	assert_int_equal(x86_harness_vector(h), X86_EXC_NM);
}

/*
 * What Linux's early CPU set-up touches: the debug registers (fixed bits,
 * DR4/DR5 aliases, #GP for DR7's upper half, #UD for DR4 with CR4.DE),
 * the microcode-revision MSR 0x8B, CR4.PSE with CPUID.1 saying PSE.
 */
static void test_debug_regs_msrs(void **state)
{
	/* mov rax, 0x155; mov dr7, rax; mov rbx, dr5; xor eax, eax; mov dr6, rax; mov rcx, dr6; mov rdx, dr0 */
	x86_harness_run_hex(h, "48 c7 c0 55 01 00 00  0f 23 f8  0f 21 eb  31 c0  0f 23 f0  0f 21 f1  0f 21 c2");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.r[X86_RBX], 0x555);
	assert_int_equal(cpu->s.r[X86_RCX], 0xffff0ff0);
	assert_int_equal(cpu->s.r[X86_RDX], 0);
	/* mov rax, 1 << 32; mov dr7, rax: #GP(0) */
	x86_harness_run_hex(h, "48 b8 00 00 00 00 01 00 00 00  0f 23 f8");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	cpu->s.cr4 |= X86_CR4_DE;
	x86_harness_run_hex(h, "0f 21 e0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	/* wrmsr 0x8b <- 0; cpuid 1; rdmsr 0x8b; mov rsi, rdx (CPUID.1:EDX) first */
	x86_harness_run_hex(h, "b9 8b 00 00 00  31 c0  31 d2  0f 30  b8 01 00 00 00  0f a2  48 89 d6"
			       "b9 8b 00 00 00  0f 32");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.r[X86_RAX] | cpu->s.r[X86_RDX], 0);
	assert_int_equal(cpu->s.r[X86_RSI] & 8, 8);                /* PSE */
	assert_true(x86_set_cr(cpu, 4, cpu->s.cr4 | X86_CR4_PSE));
	/* CPUID.7.0:EDX[29] says IA32_ARCH_CAPABILITIES exists; it reads "not affected" (RDCL_NO, MDS_NO...) */
	x86_harness_run_hex(h, "b8 07 00 00 00  31 c9  0f a2  48 89 d6  b9 0a 01 00 00  0f 32");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.r[X86_RSI] & (1u << 29), 1u << 29);
	assert_int_equal(cpu->s.r[X86_RAX], 0x0d10e171);
	assert_int_equal(cpu->s.r[X86_RDX], 0x40000000);
	/* read-only: wrmsr is #GP(0) */
	x86_harness_run_hex(h, "b9 0a 01 00 00  31 c0  31 d2  0f 30");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mul_div, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_divide_error, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_call_ret_jmp, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_push_pop, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_xlat, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_jcc_loop_setcc_cmov, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_xchg_cmpxchg, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_bits, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_jcc_every_condition, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_setcc_cmov_every_condition, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_string_runs, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_strings, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_cpuid_rdtsc, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_tsc_shared, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_port_io, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_decode_faults, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_page_faults, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_huge_page, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_straddle_remap, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_misc_system, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_segments, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_x87_control, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_debug_regs_msrs, x86_harness_setup, x86_harness_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
