/*
 * x86-64 exception and interrupt delivery through the IDT (SDM 3:6.14):
 * a fault from CPL 3 switches to the TSS's RSP0 and pushes SS, RSP,
 * RFLAGS, CS, RIP and the error code; an IST entry picks its own stack;
 * a fault while delivering another becomes #DF or is delivered in its
 * place by the class rules, a fault while delivering #DF shuts down; INT n
 * checks the gate's DPL; an interrupt waits for IF and for the
 * instruction after STI; HLT with IF = 0 sleeps on. And precise
 * self-modifying code: a store into the running block changes the next
 * instruction. And the debugger's view: registers, disassembly, #PF text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/x86-coco/debug.h"
#include "tests/unit/x86_harness.h"

#define h x86_harness_current()
#define cpu x86_harness_cpu(h)
#define run_hex(hex) x86_harness_run_hex(h, hex)
#define ram64(gpa) x86_harness_peek64(h, gpa)
#define ram_put64(gpa, v) x86_harness_poke64(h, gpa, v)

/* Set bits of a gate's first quadword (IST 34:32, DPL 46:45, P 47) or clear P. */
static void gate_or(unsigned vec, uint64_t bits)
{
	ram_put64(X86_HARNESS_IDT + 16 * vec, ram64(X86_HARNESS_IDT + 16 * vec) | bits);
}

static void gate_absent(unsigned vec)
{
	ram_put64(X86_HARNESS_IDT + 16 * vec, ram64(X86_HARNESS_IDT + 16 * vec) & ~(1ull << 47));
}

/* Let CPL 3 use the first 64 MiB (U in every level). */
static void pages_user(void)
{
	ram_put64(X86_HARNESS_PML4, ram64(X86_HARNESS_PML4) | 4);
	ram_put64(0x2000, ram64(0x2000) | 4);
	for (unsigned i = 0; i < 32; i++)
		ram_put64(X86_HARNESS_PD + 8 * i, ram64(X86_HARNESS_PD + 8 * i) | 4);
	x86_tlb_flush(cpu, true);
}

static void test_privilege_change(void **state)
{
	pages_user();
	x86_harness_user(h);
	/* ud2 at CPL 3: the handler runs at CPL 0 on RSP0 with the user's SS:RSP in the frame. */
	run_hex("90 0f0b");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	assert_int_equal(x86_cpl(cpu), 0);
	uint64_t sp = cpu->s.r[X86_RSP];
	assert_int_equal(sp, X86_HARNESS_RSP0 - 40);
	assert_int_equal(ram64(sp), X86_HARNESS_CODE + 1);        /* RIP */
	assert_int_equal(ram64(sp + 8), 0x2b);                    /* CS */
	assert_int_equal(ram64(sp + 24), X86_HARNESS_STACK);      /* RSP */
	assert_int_equal(ram64(sp + 32), 0x23);                   /* SS */
	assert_int_equal(cpu->s.seg[X86_SS].sel, 0);              /* a null SS at CPL 0 */
	/* A user access to a supervisor page: #PF with U (4) | P (1) | W (2). */
	ram_put64(X86_HARNESS_PD + 8, ram64(X86_HARNESS_PD + 8) & ~4ull);
	x86_tlb_flush(cpu, true);
	x86_harness_user(h);
	run_hex("48c7c000002000 c60001");
	assert_int_equal(x86_harness_vector(h), X86_EXC_PF);
	assert_int_equal(x86_harness_error(h), 7);
	/* INT 3 from CPL 3 through a DPL 0 gate: #GP(vector * 8 + 2). */
	x86_harness_user(h);
	run_hex("cd03");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_harness_error(h), 3 * 8 + 2);
	/* A fault of INT n itself: the frame points at the INT, not past it (SDM 3:6.5). */
	assert_int_equal(x86_harness_fault_rip(h), X86_HARNESS_CODE);
	/* With DPL 3 it is delivered: #BP. */
	gate_or(X86_EXC_BP, 3ull << 45);
	x86_harness_user(h);
	run_hex("cd03");
	assert_int_equal(x86_harness_vector(h), X86_EXC_BP);
}

static void test_ist(void **state)
{
	ram_put64(X86_HARNESS_TSS + 0x24 + 8, 0x60008);   /* IST2, not 16-aligned: aligned down */
	gate_or(X86_EXC_UD, 2ull << 32);
	run_hex("0f0b");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	assert_int_equal(cpu->s.r[X86_RSP], 0x60000 - 40);
	assert_int_equal(ram64(0x60000 - 40 + 24), X86_HARNESS_STACK);
}

static void test_double_and_triple_fault(void **state)
{
	/* #UD (benign) whose gate is absent: #NP(6 * 8 + 2 + EXT) is delivered, no #DF. */
	gate_absent(X86_EXC_UD);
	run_hex("0f0b");
	assert_int_equal(x86_harness_vector(h), X86_EXC_NP);
	assert_int_equal(x86_harness_error(h), 6 * 8 + 3);
	/* #GP (contributory) whose gate is absent: the #NP makes a #DF with error 0. */
	gate_absent(X86_EXC_GP);
	run_hex("48a10000000000800000");
	assert_int_equal(x86_harness_vector(h), X86_EXC_DF);
	assert_int_equal(x86_harness_error(h), 0);
	/* And with #DF's gate absent too: a triple fault, the machine shuts down. */
	gate_absent(X86_EXC_DF);
	run_hex("48a10000000000800000");
	assert_int_equal(x86_harness_vector(h), -2);
	assert_int_equal(cpu->core.exit, CORE_EXIT_SHUTDOWN);
}

/* #PF while delivering #PF is a #DF; here the stack is unmapped, so #DF's frame faults too: shutdown. */
static void test_fault_on_frame(void **state)
{
	run_hex("48bc0000000801000000 48a10000000801000000");
	assert_int_equal(x86_harness_vector(h), -2);
	assert_int_equal(cpu->core.exit, CORE_EXIT_SHUTDOWN);
	assert_int_equal(cpu->s.cr2, 0x108000000ull - 8);   /* the last fault: #DF's first push */
}

/* A stub APIC: one pending vector, taken once. */
static int pending_vec = -1;
static int stub_ack(void *apic)
{
	int v = pending_vec;
	pending_vec = -1;
	x86_set_intr(cpu, false);
	return v;
}
static const struct x86_apic_ops stub_apic = { .ack = stub_ack };

static void test_interrupts(void **state)
{
	cpu->plat.apic_ops = &stub_apic;
	/* IF = 0: the interrupt waits; STI lets it in after the next instruction (SDM 3:6.8.3). */
	pending_vec = 0x30;
	x86_set_intr(cpu, true);
	run_hex("90 fb 90 90 90");
	assert_int_equal(x86_harness_vector(h), 0x30);
	assert_int_equal(ram64(cpu->s.r[X86_RSP]), X86_HARNESS_CODE + 3);   /* after the NOP that follows STI */
	assert_false(x86_flags(cpu) & X86_IF);                             /* an interrupt gate clears IF */
	/* HLT with IF = 0 and a pending interrupt sleeps on. */
	pending_vec = 0x31;
	x86_set_intr(cpu, true);
	run_hex("f4");
	assert_int_equal(x86_harness_vector(h), -2);
	assert_true(cpu->core.halted);
	/* With IF = 1 HLT wakes into the handler, the frame's RIP after the HLT. */
	run_hex("fb f4 90");
	assert_int_equal(x86_harness_vector(h), 0x31);
	assert_int_equal(ram64(cpu->s.r[X86_RSP]), X86_HARNESS_CODE + 2);
}

/* IRETQ to the same level and out to CPL 3 (SDM 2: IRET). */
static void test_iret(void **state)
{
	/*
	 * mov rax, rsp; push 0x18; push rax; pushfq (CF set); push 0x10;
	 * lea rcx, [rip + 3]; push rcx; iretq; mov ebx, 1
	 */
	run_hex("4889e0 6a18 50 f9 9c f8 6a10 488d0d03000000 51 48cf bb01000000");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.r[X86_RBX], 1);
	assert_int_equal(cpu->s.r[X86_RSP], X86_HARNESS_STACK);
	assert_true(x86_flags(cpu) & X86_CF);
	/* Out to CPL 3 with a user stack at 0x50000 (the stop's VMCALL then exits from CPL 3). */
	pages_user();
	run_hex("6a23 6800000500 9c 6a2b 488d0d03000000 51 48cf bb02000000");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.r[X86_RBX], 2);
	assert_int_equal(x86_cpl(cpu), 3);
	assert_int_equal(cpu->s.r[X86_RSP], 0x50000);
	assert_int_equal(cpu->s.seg[X86_SS].sel, 0x23);
	/* Back in: a fault at CPL 3 is delivered on RSP0 as before. */
	run_hex("0f0b");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	/* From CPL 3 to a more privileged level: #GP(the CS selector). */
	x86_harness_user(h);
	run_hex("6a18 6800000500 9c 6a10 488d0d03000000 51 48cf");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_harness_error(h), 0x10);
}

/* RDMSR/WRMSR: the CPU's MSRs, #GP for unknown or non-canonical, the hypervisor's exit. */
static void test_msr(void **state)
{
	/* wrmsr LSTAR = 0x7fff_9abcdef0; rdmsr it back into EDX:EAX. */
	run_hex("b9820000c0 b8f0debc9a baff7f0000 0f30 31c0 31d2 0f32");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.lstar, 0x7fff9abcdef0ull);
	assert_int_equal(cpu->s.r[X86_RAX], 0x9abcdef0);
	assert_int_equal(cpu->s.r[X86_RDX], 0x7fff);
	/* A non-canonical LSTAR, an unknown MSR: #GP(0). */
	run_hex("b9820000c0 31c0 ba00800000 0f30");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	run_hex("b934120000 0f32");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	/* EFER reads LMA | LME | NXE; the TSC written reads back from there on. */
	run_hex("b9800000c0 0f32");
	assert_int_equal(cpu->s.r[X86_RAX], X86_EFER_LMA | X86_EFER_LME | X86_EFER_NXE);
	run_hex("b910000000 31c0 ba00010000 0f30 0f32");
	assert_int_equal(cpu->s.r[X86_RDX], 0x100);
	/* KVM's MSR range leaves the CPU for hvsim, RIP past the RDMSR. */
	run_hex("b9004d564b 0f32");
	assert_int_equal(cpu->core.exit_info.conduit, X86_CONDUIT_RDMSR);
	assert_int_equal(cpu->core.pc, X86_HARNESS_CODE + 7);
	/* SWAPGS trades GS's base with KERNEL_GS_BASE (0xc0000102). */
	cpu->s.seg[X86_GS].base = 0x1000;
	run_hex("b9020100c0 31c0 ba01000000 0f30 0f01f8");
	assert_int_equal(cpu->s.seg[X86_GS].base, 0x100000000ull);
	assert_int_equal(cpu->s.kernel_gs_base, 0x1000);
}

/* MOV to and from control registers (SDM 2: MOV Control Registers). */
static void test_control_registers(void **state)
{
	/* mov rax, cr4; or eax, SMEP; mov cr4, rax; mov rbx, cr4 */
	run_hex("0f20e0 0d00001000 0f22e0 0f20e3");
	assert_int_equal(cpu->s.r[X86_RBX], X86_CR4_PAE | X86_CR4_SMEP);
	/* SMEP: the supervisor fetching from a user page (U at every level) faults, P | I/D. */
	ram_put64(X86_HARNESS_PML4, ram64(X86_HARNESS_PML4) | 4);
	ram_put64(0x2000, ram64(0x2000) | 4);
	ram_put64(X86_HARNESS_PD + 8, ram64(X86_HARNESS_PD + 8) | 4);
	x86_tlb_flush(cpu, true);
	run_hex("48c7c000002000 ffe0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_PF);
	assert_int_equal(x86_harness_error(h), 0x11);
	/* A reserved CR4 bit (PKE: not implemented), clearing PAE in long mode, CR0.PG off: #GP(0). */
	run_hex("0f20e0 0d00004000 0f22e0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	run_hex("31c0 0f22e0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	run_hex("0f20c0 25ffffff7f 0f22c0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	/* CR5 does not exist: #UD. CR3 written with the same tables keeps running. */
	run_hex("0f20e8");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	run_hex("0f20d8 0f22d8 bb09000000");
	assert_int_equal(cpu->s.r[X86_RBX], 9);
	/* At CPL 3: #GP(0) (SMEP off again, or the handler's user-accessible page would fault). */
	assert_true(x86_set_cr(cpu, 4, X86_CR4_PAE));
	pages_user();
	x86_harness_user(h);
	run_hex("0f20c0");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_harness_error(h), 0);
}

/*
 * SYSRET to CPL 3 and SYSCALL back (SDM 2: SYSCALL, SYSRET): LSTAR =
 * 0x10200, STAR's kernel base 0x10 and user base 0x18 (user CS 0x2b, SS
 * 0x23), EFER.SCE; user code at 0x10100 sets RSI and calls.
 */
static void test_syscall_sysret(void **state)
{
	static const uint8_t user[] = { 0x48, 0xc7, 0xc6, 0x05, 0, 0, 0, 0x0f, 0x05 };
	static const uint8_t kernel[] = { 0xbb, 0x07, 0, 0, 0, 0x0f, 0x01, 0xc1 };
	pages_user();
	memcpy(x86_harness_ram(h, X86_HARNESS_CODE + 0x100), user, sizeof(user));
	memcpy(x86_harness_ram(h, X86_HARNESS_CODE + 0x200), kernel, sizeof(kernel));
	run_hex("b9820000c0 b800020100 31d2 0f30"      /* LSTAR */
		"b9810000c0 31c0 ba10001800 0f30"      /* STAR */
		"b9800000c0 0f32 83c801 0f30"          /* EFER.SCE */
		"b900010100 41bb02000000 480f07");     /* rcx = user code, r11 = flags; sysretq */
	assert_int_equal(cpu->s.r[X86_RBX], 7);
	assert_int_equal(cpu->s.r[X86_RSI], 5);
	assert_int_equal(x86_cpl(cpu), 0);
	assert_int_equal(cpu->s.seg[X86_CS].sel, 0x10);
	assert_int_equal(cpu->s.r[X86_RCX], X86_HARNESS_CODE + 0x109);   /* after the SYSCALL */
	assert_int_equal(cpu->s.r[X86_R11] & 0xfff, 2);
	/* SYSRET to a non-canonical RIP: #GP(0) at CPL 0, nothing changed. */
	run_hex("48b90000000000800000 480f07");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_cpl(cpu), 0);
}

/* POPF at CPL 3 with IOPL 0 changes neither IOPL nor IF (SDM 2: POPF). */
static void test_popf_privilege(void **state)
{
	pages_user();
	x86_harness_user(h);
	run_hex("6801320000 9d 9c 58");   /* push 0x3201 (IOPL 3, IF, CF); popfq; pushfq; pop rax */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(cpu->s.r[X86_RAX] & (X86_IOPL | X86_IF | X86_CF), X86_CF);
	/* At CPL 0 both change. */
	x86_harness_run_hex(h, "0f0b");   /* back to CPL 0 through #UD */
	run_hex("6801320000 9d 9c 58");
	assert_int_equal(cpu->s.r[X86_RAX] & (X86_IOPL | X86_IF | X86_CF), X86_IOPL | X86_IF | X86_CF);
}

/* IN and OUT above IOPL: #GP(0) (no I/O permission bitmap yet). */
static void test_io_privilege(void **state)
{
	pages_user();
	x86_harness_user(h);
	run_hex("e480");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	assert_int_equal(x86_harness_error(h), 0);
	assert_int_equal(x86_harness_fault_rip(h), X86_HARNESS_CODE);
}

static void test_self_modifying_code(void **state)
{
	/* mov byte [rip + 1], 5 patches the immediate of the next instruction, mov al, 1. */
	run_hex("c6050100000005 b001");
	assert_int_equal(cpu->s.r[X86_RAX] & 0xff, 5);
}

static void test_debug_view(void **state)
{
	const struct core_debug_isa *isa = x86_debug_isa();
	static const uint8_t add[] = { 0x48, 0x01, 0xd8 };
	char text[64];
	assert_int_equal(isa->disasm(&cpu->core, 0x1000, add, sizeof(add), text, sizeof(text)), 3);
	assert_string_equal(text, "add rax, rbx");
	assert_string_equal(isa->regs[isa->pc_reg].name, "rip");
	cpu->s.r[X86_RBX] = 0x1234;
	uint64_t v = 0;
	assert_true(isa->regs[1].get(&cpu->core, &isa->regs[1], &v));
	assert_int_equal(v, 0x1234);
	struct core_exc_rec r = { .kind = CORE_EXC_SYNC, .cause = X86_EXC_PF, .syndrome = 0x11 };
	assert_string_equal(isa->exc_name(&r), "#PF");
	assert_true(isa->exc_fault(&r, text, sizeof(text)));
	assert_string_equal(text, "supervisor instruction fetch, protection violation");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_privilege_change, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_ist, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_double_and_triple_fault, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_fault_on_frame, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_interrupts, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_iret, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_msr, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_control_registers, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_syscall_sysret, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_popf_privilege, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_io_privilege, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_self_modifying_code, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_debug_view, x86_harness_setup, x86_harness_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
