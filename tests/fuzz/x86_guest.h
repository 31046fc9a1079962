/*
 * The bare-metal x86 guest the CPU harnesses (fuzz_x86.c, fuzz_snp_cpu.c)
 * run their bytes in, on the x86-virt board: where code, data, stack and
 * IDT lie, an IDT whose exception handlers step past the faulting byte,
 * and each vCPU's start.
 */
#ifndef HVSIM_FUZZ_X86_GUEST_H
#define HVSIM_FUZZ_X86_GUEST_H

#include <stdbool.h>

struct hvsim_vm;

#define FUZZ_X86_CODE 0x200000ull
#define FUZZ_X86_DATA 0x400000ull
#define FUZZ_X86_IDT 0x100000ull
#define FUZZ_X86_STUBS 0x101000ull
#define FUZZ_X86_STACK 0x180000ull

/*
 * The IDT: 64-bit interrupt gates (SDM 3:6.14.1) to one 16-byte stub per
 * vector. An exception's stub drops the error code, adds 1 to the saved
 * RIP and returns (so a fault does not end the program, and the rest of
 * the bytes decode from a new offset); an interrupt's stub returns.
 */
void fuzz_x86_write_idt(struct hvsim_vm *vm);

enum {
	FUZZ_X86_IDT_ON = 1,   /* IDTR points at the IDT (else the first exception is a triple fault) */
	FUZZ_X86_SSE = 2,      /* CR4.OSFXSR and OSXMMEXCPT, CR0.MP */
	FUZZ_X86_IRQ = 4,      /* RFLAGS.IF */
};
/*
 * vCPU i at FUZZ_X86_CODE in long mode (the boot CPU as the board left it,
 * the others entered like it), general registers pointing into RAM, a
 * stack of its own, FUZZ_X86_* options; then switched on.
 */
void fuzz_x86_setup_cpu(struct hvsim_vm *vm, int i, unsigned options);

#endif
