/*
 * Fuzz the x86-64 decoder and the instructions it decodes, run by a
 * hostile guest on the x86-virt board (the arm64 and LoongArch
 * counterparts are fuzz_a64.c and fuzz_la64.c).
 *
 * Input: one flags byte, then instruction bytes.
 *   flags bit 0  two vCPUs, both running the bytes
 *         bit 1  interrupts on (RFLAGS.IF): the local APICs' and the
 *                UART's interrupts reach the IDT
 *         bit 2  SSE allowed (CR4.OSFXSR and OSXMMEXCPT, CR0.MP)
 *         bit 3  no IDT: the first exception is a triple fault
 *
 * The decoder is checked at every byte offset of the input in all three
 * code sizes: a decoded instruction is 1-15 bytes within what it was
 * given, has its row, and disassembles to a terminated string.
 *
 * Then the bytes go into an ELF the board loads as a bare-metal guest
 * (its boot GDT, identity page tables over 4 GiB and long mode), followed
 * by the ACPI power-off. Every exception vector's handler steps RIP one
 * byte past the faulting one and returns (so a fault does not end the
 * program, and the rest of the bytes decode from a new offset); external
 * interrupts just return. General registers point into RAM. The vCPUs run
 * for a bounded number of instructions. Guest RAM sits between guard
 * pages: a host access outside it faults.
 */
#include <elf.h>
#include <string.h>

#include "dev/acpi_ged.h"
#include "machine/x86_virt.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/x86_guest.h"

#define MAX_BYTES 4096
/*
 * Fewer instructions than the other CPU harnesses: one chunk of a REP
 * string instruction retires as one and moves up to 256 elements
 * (insn_string.c), each through the slow path when it reaches no RAM.
 */
#define INSN_BUDGET 4000
#define ROUNDS 32
#define QUANTUM 50000
#define RAM_BYTES (32ull << 20)
#define CODE FUZZ_X86_CODE

enum { F_SMP2 = 1, F_IRQ = 2, F_SSE = 4, F_NO_IDT = 8 };

/* Decoding is a pure function of the bytes and the mode: check it against its row. */
static void check_decode(const uint8_t *p, size_t avail)
{
	static const uint32_t modes[] = {
		X86_MODE(X86_CODE64, 0, 1, 1, 1, 1), X86_MODE(X86_CODE32, 0, 1, 1, 1, 1),
		X86_MODE(X86_CODE16, 0, 0, 0, 1, 1), X86_MODE(X86_CODE64, 3, 1, 1, 0, 0),
	};
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		struct x86_dec d;
		memset(&d, 0xa5, sizeof(d));
		x86_decode_insn(modes[m], p, avail, &d);
		FUZZ_CHECK(d.status <= X86_DEC_GP);
		if (d.status != X86_DEC_OK)
			continue;
		FUZZ_CHECK(d.len >= 1 && d.len <= X86_MAX_INSN_LEN && d.len <= avail);
		FUZZ_CHECK(d.row != NULL);
		char text[128];
		memset(text, 0x5a, sizeof(text));
		x86_disasm(&d, CODE, text, sizeof(text));
		FUZZ_CHECK(memchr(text, 0, sizeof(text)) != NULL);
	}
}

/* The board's options for the flags. */
static unsigned guest_options(unsigned flags)
{
	return (flags & F_NO_IDT ? 0 : FUZZ_X86_IDT_ON) | (flags & F_SSE ? FUZZ_X86_SSE : 0) |
	       (flags & F_IRQ ? FUZZ_X86_IRQ : 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned flags = fuzz_u8(&in);
	size_t n = in.n < MAX_BYTES ? in.n : MAX_BYTES;
	for (size_t i = 0; i < n; i++)
		check_decode(in.p + i, n - i);

	/* The bytes, then the power-off: out 0x600 (SLEEP_CTL), S5 | SLP_EN; hlt; jmp back. */
	static const uint8_t off[] = { 0x66, 0xba, 0x00, 0x06, 0xb0, ACPI_GED_POWER_OFF_VALUE,
				       0xee, 0xf4, 0xeb, 0xfd };
	uint8_t code[MAX_BYTES + sizeof(off)];
	memcpy(code, in.p, n);
	memcpy(code + n, off, sizeof(off));
	static uint8_t elf[sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) + sizeof(code)];
	size_t elf_len = fuzz_elf_one_load(elf, EM_X86_64, CODE, CODE, code, n + sizeof(off), 0);

	struct hvsim_config cfg = { .machine = "x86-virt", .ram_bytes = RAM_BYTES, .seed = 1,
				    .smp = flags & F_SMP2 ? 2 : 1, .max_insns = INSN_BUDGET };
	struct hvsim_vm *vm = fuzz_vm_create(&cfg);
	FUZZ_CHECK(fuzz_load_kernel(vm, elf, elf_len, NULL) == 0);
	fuzz_x86_write_idt(vm);
	for (int i = 0; i < vm->n_cpus; i++)
		fuzz_x86_setup_cpu(vm, i, guest_options(flags));

	fuzz_run_vm(vm, ROUNDS, QUANTUM, INSN_BUDGET);
	for (int i = 0; i < vm->n_cpus; i++)
		FUZZ_CHECK(x86_cpl(x86_virt_cpu(vm, i)) <= 3);

	fuzz_vm_destroy(vm);
	return 0;
}

/* Seeds: short programs that reach the main paths. */
struct x86_seed {
	const char *name;
	uint8_t flags;
	uint8_t bytes[48];
	unsigned n;
};

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	static const struct x86_seed seeds[] = {
		{ "alu", 0, { 0x48, 0x01, 0xd8,             /* add rax, rbx */
			      0x48, 0xf7, 0xf1,             /* div rcx */
			      0x0f, 0xb1, 0x0b,             /* cmpxchg [rbx], ecx */
			      0xf3, 0x48, 0x0f, 0xb8, 0xc3, /* popcnt rax, rbx */
			      0x48, 0x0f, 0xbc, 0xc1,       /* bsf rax, rcx */
			      0x74, 0xf0 },                 /* je -16 */
		  20 },
		{ "string", 0, { 0xfc,                      /* cld */
				 0xb9, 0x10, 0, 0, 0,       /* mov ecx, 16 */
				 0xf3, 0x48, 0xa5,          /* rep movsq */
				 0xf3, 0xa6,                /* repe cmpsb */
				 0xf3, 0xaa },              /* rep stosb */
		  13 },
		{ "traps", 0, { 0xcc,                       /* int3 */
				0x0f, 0x0b,                 /* ud2 */
				0x31, 0xc9, 0xf7, 0xf1,     /* xor ecx, ecx; div ecx */
				0x8b, 0x04, 0x25, 0, 0, 0, 0x80, /* mov eax, [0x80000000] */
				0xcd, 0x80,                 /* int 0x80 */
				0x0f, 0x05 },               /* syscall */
		  18 },
		{ "system", 0, { 0x0f, 0xa2,                /* cpuid */
				 0xb9, 0x10, 0, 0, 0xc0,    /* mov ecx, 0xc0000010 */
				 0x0f, 0x32,                /* rdmsr */
				 0x0f, 0x31,                /* rdtsc */
				 0x0f, 0x20, 0xd8,          /* mov rax, cr3 */
				 0x0f, 0x22, 0xd8,          /* mov cr3, rax */
				 0x0f, 0x01, 0xf8,          /* swapgs */
				 0x0f, 0xc7, 0xf0,          /* rdrand eax */
				 0xe4, 0x60 },              /* in al, 0x60 */
		  25 },
		{ "uart-irq", F_IRQ, { 0x66, 0xba, 0xf9, 0x03, /* mov dx, 0x3f9 */
				       0xb0, 0x0f, 0xee,      /* IER = all */
				       0x66, 0xba, 0xf8, 0x03, 0xb0, 0x41, 0xee, /* out 'A' */
				       0xf4 },                /* hlt */
		  15 },
		{ "sse-smp", F_SSE | F_SMP2, { 0x66, 0x0f, 0xef, 0xc0, /* pxor xmm0, xmm0 */
					       0x0f, 0x28, 0x0b,       /* movaps xmm1, [rbx] */
					       0xf2, 0x0f, 0x58, 0xc1, /* addsd xmm0, xmm1 */
					       0x0f, 0xae, 0x03,       /* fxsave [rbx] */
					       0xf0, 0x48, 0x0f, 0xc1, 0x03 }, /* lock xadd [rbx], rax */
		  19 },
		{ "triple", F_NO_IDT, { 0x0f, 0x0b }, 2 },
		{ "x87", F_SSE, { 0xd9, 0xe8,               /* fld1 */
				  0xd9, 0xee,               /* fldz */
				  0xde, 0xc1,               /* faddp */
				  0xdd, 0x1b,               /* fstp qword [rbx] */
				  0x9b, 0xdf, 0xe0 },       /* fstsw ax */
		  11 },
	};
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		struct fuzz_buf b = { .n = 0 };
		fuzz_put(&b, 1, seeds[i].flags);
		for (unsigned k = 0; k < seeds[i].n; k++)
			fuzz_put(&b, 1, seeds[i].bytes[k]);
		emit(seeds[i].name, b.b, b.n);
	}
}
