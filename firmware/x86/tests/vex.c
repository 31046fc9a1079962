/*
 * VEX encodings (SDM 2:2.3) on a CPU that advertises neither AVX nor
 * BMI: each is #UD with RIP at its first byte (a prefix before it
 * included), before any memory operand is touched (the address below is
 * non-canonical: executed, it would be #GP). In 64-bit mode C4 and C5 are
 * always VEX (LES/LDS do not exist there). QEMU runs it with the
 * differential test's CPU (qemu64 with POPCNT and LZCNT), which offers
 * neither either; its -cpu max would run them.
 *
 * The #UD gate is the test's own: it notes RIP and resumes after the
 * instruction (the length the case gives).
 */
#include "fw.h"

volatile uint64_t ud_rip, ud_count, ud_skip;
extern char ud_entry[];

__asm__(".text\n"
	".globl ud_entry\n"
	"ud_entry:\n"
	"	pushq %rax\n"
	"	movq 8(%rsp), %rax\n"           /* the frame's RIP (#UD pushes no error code) */
	"	movq %rax, ud_rip(%rip)\n"
	"	addq ud_skip(%rip), %rax\n"
	"	movq %rax, 8(%rsp)\n"
	"	incq ud_count(%rip)\n"
	"	popq %rax\n"
	"	iretq\n");

/* Run `bytes` (len of them) with RAX non-canonical; say whether it was #UD and where. */
#define TRY(what, bytes, len)                                                                    \
	do {                                                                                     \
		uint64_t at, rax = 0x8000000000000000ull;                                        \
		ud_skip = (len);                                                                 \
		ud_count = 0;                                                                    \
		__asm__ volatile("leaq 1f(%%rip), %0\n1: .byte " bytes                           \
				 : "=&r"(at), "+a"(rax) :: "rcx", "rdx", "memory", "cc");           \
		if (ud_count)                                                                    \
			printf("%-40s #UD at +%d\n", what, (int)(ud_rip - at));                  \
		else                                                                             \
			printf("%-40s ran\n", what);                                            \
	} while (0)

int main(void)
{
	fw_init();
	volatile uint64_t *idt = 0;
	__asm__("" : "+r"(idt));
	uint64_t off = (uint64_t)(uintptr_t)ud_entry;
	idt[2 * 6] = (off & 0xffff) | 0x10ull << 16 | 0x8eull << 40 | ((off >> 16) & 0xffff) << 48;
	idt[2 * 6 + 1] = off >> 32;

	uint32_t r[4], r7[4];
	cpuid(1, 0, r);
	cpuid(7, 0, r7);
	printf("cpuid: avx %u, f16c %u, fma %u, bmi1 %u, avx2 %u, bmi2 %u\n", r[2] >> 28 & 1,
	       r[2] >> 29 & 1, r[2] >> 12 & 1, r7[1] >> 3 & 1, r7[1] >> 5 & 1, r7[1] >> 8 & 1);

	TRY("vzeroupper (c5 map 0f, no modrm)", "0xc5, 0xf8, 0x77", 3);
	TRY("vzeroall (vex.l 1)", "0xc5, 0xfc, 0x77", 3);
	TRY("vmovdqa xmm0, xmm1", "0xc5, 0xf9, 0x6f, 0xc1", 4);
	TRY("vmovups xmm0, [rax]", "0xc5, 0xf8, 0x10, 0x00", 4);
	TRY("vmovups xmm8, [rax] (c4, vex.r clear)", "0xc4, 0x61, 0x78, 0x10, 0x00", 5);
	TRY("vpaddd ymm0, ymm1, [rax + 0x40]", "0xc5, 0xf5, 0xfe, 0x40, 0x40", 5);
	TRY("vbroadcastss xmm0, [rax] (map 0f38)", "0xc4, 0xe2, 0x79, 0x18, 0x00", 5);
	TRY("vpalignr xmm0, xmm0, xmm1, 4 (map 0f3a)", "0xc4, 0xe3, 0x79, 0x0f, 0xc1, 0x04", 6);
	TRY("andn eax, eax, ecx (bmi1)", "0xc4, 0xe2, 0x78, 0xf2, 0xc1", 5);
	TRY("mulx eax, eax, ecx (bmi2)", "0xc4, 0xe2, 0x7b, 0xf6, 0xc1", 5);
	TRY("rorx eax, ecx, 3 (bmi2, imm8)", "0xc4, 0xe3, 0x7b, 0xf0, 0xc1, 0x03", 6);
	TRY("66 vzeroupper", "0x66, 0xc5, 0xf8, 0x77", 4);
	TRY("f3 vzeroupper", "0xf3, 0xc5, 0xf8, 0x77", 4);
	TRY("rex vzeroupper", "0x40, 0xc5, 0xf8, 0x77", 4);
	TRY("lock vmovups [rax], xmm0", "0xf0, 0xc5, 0xf8, 0x11, 0x00", 5);
	TRY("c4 modrm.mod 0 (les in legacy modes)", "0xc4, 0x00, 0x78, 0x10, 0x00", 5);
	TRY("c5 modrm.mod 0 (lds in legacy modes)", "0xc5, 0x00, 0x10, 0x00", 4);
	printf("done\n");
	return 0;
}
