/*
 * An application processor's start (SDM 3:9.4.4): INIT parks the CPU in
 * wait-for-SIPI with the RESET state (real mode, GDTR base 0), INTR is held
 * there, a SIPI starts it in real mode at vector * 0x1000, and JMP far
 * takes it to protected mode, to long mode (CR4.PAE, EFER.LME and CR0.PG
 * with PE, then a 64-bit code segment) or to another real-mode segment.
 * The GDT lies at linear 0, where the GDTR INIT leaves points (LGDT is not
 * part of this file's subject).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <capstone/capstone.h>

#include "tests/unit/x86_harness.h"

#define h x86_harness_current()
#define cpu x86_harness_cpu(h)

#define TRAMPOLINE 0x8000ull        /* SIPI vector 8 */

static void put_hex(uint64_t gpa, const char *hex)
{
	uint8_t *p = x86_harness_ram(h, gpa);
	for (const char *s = hex; *s;) {
		if (*s == ' ') {
			s++;
			continue;
		}
		unsigned b;
		sscanf(s, "%2x", &b);
		*p++ = (uint8_t)b;
		s += 2;
	}
}

/* Run until the vCPU exits (a VMCALL, or a halt). */
static enum core_exit_reason run(void)
{
	struct core_vcpu *v = &cpu->core;
	v->insn_limit = v->insns + 100000;
	return core_run(v, UINT64_MAX);
}

/* INIT, then a SIPI to vector 8: the CPU runs the code at 0x8000 in real mode. */
static void start_ap(void)
{
	/* The GDT at 0: 0x08 32-bit code, 0x10 64-bit code, 0x18 data. */
	x86_harness_poke64(h, 0x00, 0);
	x86_harness_poke64(h, 0x08, 0x00cf9b000000ffffull);
	x86_harness_poke64(h, 0x10, 0x00af9b000000ffffull);
	x86_harness_poke64(h, 0x18, 0x00cf93000000ffffull);
	x86_raise_init(cpu);
	assert_int_equal(run(), CORE_EXIT_HALT);
	assert_true(cpu->wait_for_sipi);
	assert_int_equal(cpu->s.cr0 & X86_CR0_PE, 0);
	assert_int_equal(cpu->s.gdtr.base, 0);
	/* INTR is held while the CPU waits for a SIPI. */
	x86_set_intr(cpu, true);
	assert_int_equal(run(), CORE_EXIT_HALT);
	x86_set_intr(cpu, false);
	x86_raise_sipi(cpu, TRAMPOLINE >> 12);
}

static void test_init_sipi_real_mode(void **state)
{
	(void)state;
	/* mov ax, 0x1234; jmp far 0x0900:0x0100 (linear 0x9100); there: vmcall. */
	put_hex(TRAMPOLINE, "b8 34 12 ea 00 01 00 09");
	put_hex(0x9100, "0f 01 c1");
	start_ap();
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_false(cpu->wait_for_sipi);
	assert_int_equal((uint16_t)cpu->s.r[X86_RAX], 0x1234);
	assert_int_equal(cpu->s.seg[X86_CS].sel, 0x0900);
	assert_int_equal(cpu->s.seg[X86_CS].base, 0x9000);
	assert_int_equal(cpu->core.exit_info.pc, 0x9100);
}

/*
 * Real-mode code at CS base 0x8000: 16-bit addressing (BX+SI+disp8 in DS,
 * BP+DI-disp8 in SS), a near CALL that pushes the return IP (an offset in
 * CS, not the linear address) on SS:SP, RET, PUSHF/POPF, a counted loop
 * with Jcc, and SP wrapping within 64 KiB.
 */
static void test_real_mode_code(void **state)
{
	(void)state;
	put_hex(TRAMPOLINE,
		"bc 00 01 "                            /* 00: mov sp, 0x100 */
		"bb 00 02 be 20 00 "                   /* 03: mov bx, 0x200; mov si, 0x20 */
		"b8 cd ab 89 40 04 "                   /* 09: mov ax, 0xabcd; mov [bx+si+4], ax */
		"bd 00 03 bf 12 00 8b 4b fe "          /* 0f: mov bp, 0x300; mov di, 0x12; mov cx, [bp+di-2] */
		"e8 10 00 "                            /* 18: call 0x2b */
		"b9 03 00 31 d2 83 c2 01 83 e9 01 75 f8 " /* 1b: mov cx, 3; xor dx, dx; l: add dx, 1; sub cx, 1; jnz l */
		"0f 01 c1 "                            /* 28: vmcall */
		"9c 9d 36 8b 36 fe 00 "                /* 2b: pushf; popf; mov si, ss:[0xfe] */
		"b8 39 00 ff e0 "                      /* 32: mov ax, 0x39; jmp ax (an offset in CS) */
		"0f 0b "                               /* 37: ud2, jumped over */
		"c3");                                 /* 39: ret */
	put_hex(0x5310, "34 12");                      /* SS:BP+DI-2 with SS base 0x5000 */
	start_ap();
	cpu->s.seg[X86_SS].base = 0x5000;              /* as MOV SS would (not this file's subject) */
	cpu->s.seg[X86_SS].sel = 0x500;
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_int_equal(x86_harness_peek64(h, 0x224) & 0xffff, 0xabcd);     /* DS base 0 */
	assert_int_equal((uint16_t)cpu->s.r[X86_RCX], 0);
	assert_int_equal((uint16_t)cpu->s.r[X86_RDX], 3);
	assert_int_equal((uint16_t)cpu->s.r[X86_RSI], 0x1b);                /* the pushed return IP */
	assert_int_equal(cpu->s.r[X86_RSP], 0x100);
	assert_int_equal(cpu->core.exit_info.pc, TRAMPOLINE + 0x28);
}

/*
 * What Linux's verify_cpu (arch/x86/kernel/verify_cpu.S) runs in real mode
 * besides MOVs and branches: WBINVD, PUSH imm and POPF, CPUID, shifts and
 * masks of EAX, BTR on EDX.
 */
static void test_real_mode_verify_cpu_ops(void **state)
{
	(void)state;
	put_hex(TRAMPOLINE,
		"0f 09 bc 00 10 6a 00 9d "             /* wbinvd; mov sp, 0x1000; push 0; popf */
		"66 b8 01 00 00 00 0f a2 "             /* mov eax, 1; cpuid */
		"66 25 00 0f f0 0f 66 c1 e8 08 "       /* and eax, 0x0ff00f00; shr eax, 8 */
		"66 ba 04 00 00 00 66 0f ba f2 02 "    /* mov edx, 4; btr edx, 2 */
		"0f 01 c1");
	start_ap();
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_int_equal(cpu->s.r[X86_RAX], 6);        /* family 6 (cpuid.c) */
	assert_int_equal(cpu->s.r[X86_RDX], 0);
	assert_true(x86_flags(cpu) & X86_CF);          /* BTR: the bit was set */
}

/* Real mode to protected mode: PE, then a 32-bit code segment. */
static void test_to_protected_mode(void **state)
{
	(void)state;
	/* mov eax, 1; mov cr0, eax; jmp far 0x08:0x9000 (66: a 32-bit offset). */
	put_hex(TRAMPOLINE, "66 b8 01 00 00 00 0f 22 c0 66 ea 00 90 00 00 08 00");
	/* mov eax, 7; vmcall */
	put_hex(0x9000, "b8 07 00 00 00 0f 01 c1");
	start_ap();
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_int_equal(cpu->s.r[X86_RAX], 7);
	assert_int_equal(cpu->s.seg[X86_CS].sel, 0x08);
	assert_int_equal(cpu->core.mode & 3, X86_CODE32);
}

/* Real mode straight to long mode: PAE, CR3, EFER.LME, then PG with PE, then a 64-bit segment. */
static void test_to_long_mode(void **state)
{
	(void)state;
	put_hex(TRAMPOLINE,
		"66 b8 20 00 00 00 0f 22 e0 "          /* mov eax, PAE; mov cr4, eax */
		"66 b8 00 10 00 00 0f 22 d8 "          /* mov eax, the harness's PML4; mov cr3, eax */
		"66 b9 80 00 00 c0 0f 32 "             /* mov ecx, EFER; rdmsr */
		"66 0d 00 01 00 00 0f 30 "             /* or eax, LME; wrmsr */
		"66 b8 01 00 00 80 0f 22 c0 "          /* mov eax, PG | PE; mov cr0, eax */
		"66 ea 00 90 00 00 10 00");            /* jmp far 0x10:0x9000 */
	/* mov rax, 42; vmcall */
	put_hex(0x9000, "48 c7 c0 2a 00 00 00 0f 01 c1");
	start_ap();
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_int_equal(cpu->s.r[X86_RAX], 42);
	assert_true(cpu->s.efer & X86_EFER_LMA);
	assert_true(x86_64bit(cpu));
	assert_int_equal(cpu->s.seg[X86_CS].sel, 0x10);
}

/*
 * Real mode as Linux's trampoline starts: MOV Sreg gives the base selector
 * * 16 (a moffs load through DS shows it), MOV from CS reads the
 * selector, LGDT with the 16-bit operand size keeps 24 bits of the base,
 * LIDT with 66 (lidtl) all 32.
 */
static void test_real_mode_segments_and_tables(void **state)
{
	(void)state;
	put_hex(TRAMPOLINE,
		"b8 00 05 8e d8 8e c0 "                /* mov ax, 0x500; mov ds, ax; mov es, ax */
		"a1 10 00 8c cb "                      /* mov ax, [0x10]; mov bx, cs */
		"0f 01 16 20 00 "                      /* lgdt [0x20] */
		"66 0f 01 1e 30 00 "                   /* lidt [0x30] (32-bit operand size) */
		"0f 01 c1");
	put_hex(0x5010, "34 12");
	put_hex(0x5020, "ff 00 78 56 34 12");
	put_hex(0x5030, "7f 00 00 00 00 81");
	start_ap();
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_int_equal(cpu->s.seg[X86_DS].sel, 0x500);
	assert_int_equal(cpu->s.seg[X86_DS].base, 0x5000);
	assert_int_equal(cpu->s.seg[X86_ES].base, 0x5000);
	assert_int_equal((uint16_t)cpu->s.r[X86_RAX], 0x1234);
	assert_int_equal((uint16_t)cpu->s.r[X86_RBX], 0x0800);
	assert_int_equal(cpu->s.gdtr.limit, 0xff);
	assert_int_equal(cpu->s.gdtr.base, 0x345678);
	assert_int_equal(cpu->s.idtr.limit, 0x7f);
	assert_int_equal(cpu->s.idtr.base, 0x81000000);
}

/*
 * 32-bit protected mode as the trampoline's startup_32 runs: MOV DS and SS
 * take their bases from the descriptor (here 0x12000), loads through DS
 * (a moffs and a disp32 form, BT of a flag word) add it, LGDT reads a
 * 32-bit base.
 */
static void test_protected_mode_segments(void **state)
{
	(void)state;
	/* mov eax, 1; mov cr0, eax; jmp far 0x08:0x9000 */
	put_hex(TRAMPOLINE, "66 b8 01 00 00 00 0f 22 c0 66 ea 00 90 00 00 08 00");
	put_hex(0x9000,
		"b8 20 00 00 00 8e d8 8e d0 "          /* mov eax, 0x20; mov ds, eax; mov ss, eax */
		"a1 40 00 00 00 8b 1d 44 00 00 00 "    /* mov eax, [0x40]; mov ebx, [0x44] */
		"0f ba 25 48 00 00 00 01 "             /* bt dword ptr [0x48], 1 */
		"0f 01 15 50 00 00 00 "                /* lgdt [0x50] */
		"0f 01 c1");
	put_hex(0x12040, "78 56 34 12 ef be ad de 02 00 00 00");
	put_hex(0x12050, "27 00 00 00 00 80");
	start_ap();
	x86_harness_poke64(h, 0x20, 0x00cf93012000ffffull);   /* data, base 0x12000 */
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_int_equal(cpu->s.seg[X86_DS].sel, 0x20);
	assert_int_equal(cpu->s.seg[X86_DS].base, 0x12000);
	assert_int_equal(cpu->s.seg[X86_SS].base, 0x12000);
	assert_true(cpu->s.seg[X86_SS].attr & X86_SEG_DB);
	assert_int_equal(cpu->s.r[X86_RAX], 0x12345678);
	assert_int_equal(cpu->s.r[X86_RBX], 0xdeadbeef);
	assert_true(x86_flags(cpu) & X86_CF);          /* bit 1 of 0x12048 */
	assert_int_equal(cpu->s.gdtr.limit, 0x27);
	assert_int_equal(cpu->s.gdtr.base, 0x80000000);
}

/*
 * A far jump to a data segment in protected mode: #GP(selector), delivered
 * through the 8-byte gate at IDTR's base (0 after INIT) + 13 * 8 to a
 * 32-bit handler; the frame (SDM 3:6.12.1 Figure 6-4, no privilege change)
 * on the 16-bit stack SS:SP (SP 0 wraps to 0xfff0): error code, EIP (the
 * jump's offset in the real-mode CS it still has), CS, EFLAGS.
 */
static void test_far_jump_faults(void **state)
{
	(void)state;
	/* mov eax, 1; mov cr0, eax; jmp far 0x18:0 (data). */
	put_hex(TRAMPOLINE, "66 b8 01 00 00 00 0f 22 c0 66 ea 00 00 00 00 18 00");
	put_hex(0x9000, "0f 01 c1");
	start_ap();
	x86_harness_poke64(h, 13 * 8, 0x00008e0000089000ull);   /* 32-bit interrupt gate to 0x08:0x9000 */
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_int_equal(cpu->core.exit_info.pc, 0x9000);
	assert_int_equal(cpu->s.seg[X86_CS].sel, 0x08);
	assert_int_equal(cpu->s.r[X86_RSP], 0xfff0);
	assert_int_equal(x86_harness_peek64(h, 0xfff0), 9ull << 32 | 0x18);        /* EIP, error code */
	assert_int_equal(x86_harness_peek64(h, 0xfff8) & 0xffff, 0x0800);            /* CS */
}

/*
 * INT n through a gate that is not present (SDM 3:6.12.1.1, 6.13): #NP
 * with the IDT entry's error code (vector * 8 + 2, EXT clear for a
 * software interrupt), its frame pointing at the INT (a fault), on a
 * 32-bit stack (SS a flat data segment, B set).
 */
static void test_protected_mode_gate_not_present(void **state)
{
	(void)state;
	/* mov eax, 1; mov cr0, eax; jmp far 0x08:0x8100 */
	put_hex(TRAMPOLINE, "66 b8 01 00 00 00 0f 22 c0 66 ea 00 81 00 00 08 00");
	/* mov ax, 0x18; mov ss, ax; mov esp, 0x7000; int 0x40 (at 0x810b) */
	put_hex(TRAMPOLINE + 0x100, "66 b8 18 00 8e d0 bc 00 70 00 00 cd 40");
	put_hex(0x9000, "0f 01 c1");
	start_ap();
	cpu->s.idtr.base = 0xa000;
	cpu->s.idtr.limit = 0x7ff;
	x86_harness_poke64(h, 0xa000 + X86_EXC_NP * 8, 0x00008e0000089000ull);   /* to 0x08:0x9000 */
	x86_harness_poke64(h, 0xa000 + 0x40 * 8, 0x00000e0000089000ull);         /* P clear */
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_int_equal(cpu->core.exit_info.pc, 0x9000);
	assert_int_equal(cpu->s.r[X86_RSP], 0x7000 - 16);
	assert_int_equal(x86_harness_peek64(h, 0x7000 - 16), 0x810bull << 32 | (0x40 * 8 + 2));
	assert_int_equal(x86_harness_peek64(h, 0x7000 - 8) & 0xffff, 0x08);
}

/*
 * A privilege change in 32-bit protected mode (SDM 3:6.12.1): IRET to
 * ring 3, then INT n through a DPL-3 gate to ring 0, whose stack the TSS
 * names: SS0 is a code segment, so #TS(SS0) (a fault: the frame's EIP at
 * the INT), delivered through a conforming code segment, which keeps CPL
 * 3 and the ring-3 stack.
 */
static void test_protected_mode_bad_inner_stack(void **state)
{
	(void)state;
	put_hex(TRAMPOLINE, "66 b8 01 00 00 00 0f 22 c0 66 ea 00 81 00 00 08 00");
	put_hex(TRAMPOLINE + 0x100,
		"66 b8 18 00 8e d0 bc 00 70 00 00 "    /* mov ax, 0x18; mov ss, ax; mov esp, 0x7000 */
		"66 b8 20 00 0f 00 d8 "                /* mov ax, 0x20; ltr ax */
		"6a 33 68 00 60 00 00 6a 02 6a 2b "    /* push SS 0x33, ESP 0x6000, EFLAGS 2, CS 0x2b */
		"68 28 81 00 00 cf 90 90 90 90 90 "    /* push EIP 0x8128; iret */
		"cd 40");                              /* 0x8128: int 0x40 at CPL 3 */
	put_hex(0x9000, "0f 01 c1");
	start_ap();
	x86_harness_poke64(h, 0x20, 0x00008900b0000067ull);   /* 32-bit TSS at 0xb000 */
	x86_harness_poke64(h, 0x28, 0x00cffa000000ffffull);   /* ring-3 code */
	x86_harness_poke64(h, 0x30, 0x00cff2000000ffffull);   /* ring-3 data */
	x86_harness_poke64(h, 0x38, 0x00cf9e000000ffffull);   /* conforming code, DPL 0 */
	x86_harness_poke64(h, 0xb004, 0x0000000800007000ull); /* ESP0 0x7000, SS0 0x08: a code segment */
	cpu->s.idtr.base = 0xa000;
	cpu->s.idtr.limit = 0x7ff;
	x86_harness_poke64(h, 0xa000 + 0x40 * 8, 0x0000ee0000089100ull);         /* DPL 3 */
	x86_harness_poke64(h, 0xa000 + X86_EXC_TS * 8, 0x00008e0000389000ull);
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_int_equal(cpu->core.exit_info.pc, 0x9000);
	assert_int_equal(cpu->s.seg[X86_CS].sel, 0x3b);
	assert_int_equal(cpu->s.r[X86_RSP], 0x6000 - 16);
	assert_int_equal(x86_harness_peek64(h, 0x6000 - 16), 0x8128ull << 32 | 0x08);   /* EIP, #TS(0x08) */
	assert_int_equal(x86_harness_peek64(h, 0x6000 - 8) & 0xffff, 0x2b);
}

/*
 * Far pointers in real mode (SDM 2: LDS/LES/LFS/LGS/LSS): the offset, of
 * the operand size, then the selector; the segment's base is the selector
 * times 16. C4 and C5 with a memory operand are LES and LDS outside
 * 64-bit mode (VEX only with mod 3).
 */
static void test_real_mode_far_pointers(void **state)
{
	(void)state;
	put_hex(TRAMPOLINE,
		"c4 1e 00 02 "                         /* les bx, [0x200] */
		"66 0f b4 06 10 02 "                   /* lfs eax, [0x210] */
		"0f b2 26 20 02 "                      /* lss sp, [0x220] */
		"c5 36 04 02 "                         /* lds si, [0x204] */
		"0f 01 c1");                           /* vmcall */
	put_hex(0x200, "34 12 78 56 21 43 bc 0a");
	put_hex(0x210, "ef cd ab 89 23 01");
	put_hex(0x220, "00 30 00 05");
	start_ap();
	assert_int_equal(run(), CORE_EXIT_HYPERCALL);
	assert_int_equal((uint16_t)cpu->s.r[X86_RBX], 0x1234);
	assert_int_equal(cpu->s.seg[X86_ES].sel, 0x5678);
	assert_int_equal(cpu->s.seg[X86_ES].base, 0x56780);
	assert_int_equal((uint32_t)cpu->s.r[X86_RAX], 0x89abcdef);
	assert_int_equal(cpu->s.seg[X86_FS].base, 0x1230);
	assert_int_equal((uint16_t)cpu->s.r[X86_RSP], 0x3000);
	assert_int_equal(cpu->s.seg[X86_SS].base, 0x5000);
	assert_int_equal((uint16_t)cpu->s.r[X86_RSI], 0x4321);
	assert_int_equal(cpu->s.seg[X86_DS].base, 0xabc0);
}

/* The decoder and disassembler in 16-bit code: Table 2-1's forms, a far pointer. */
static void test_disasm_16bit(void **state)
{
	(void)state;
	static const struct { const char *hex, *text; } cases[] = {
		{ "89 40 04", "mov word ptr [bx + si + 4], ax" },
		{ "8b 4b fe", "mov cx, word ptr [bp + di - 2]" },
		{ "8b 36 fe 00", "mov si, word ptr [0xfe]" },
		{ "66 8b 07", "mov eax, dword ptr [bx]" },
		{ "ea 00 01 00 09", "ljmp 0x900:0x100" },
		{ "66 ea 00 90 00 00 10 00", "ljmp 0x10:0x9000" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t b[16];
		size_t n = 0;
		for (const char *s = cases[i].hex; *s;) {
			if (*s == ' ') {
				s++;
				continue;
			}
			unsigned x;
			sscanf(s, "%2x", &x);
			b[n++] = (uint8_t)x;
			s += 2;
		}
		struct x86_dec d;
		x86_decode_insn(X86_MODE(X86_CODE16, 0, 0, 0, 0, 0), b, n, &d);
		assert_int_equal(d.status, X86_DEC_OK);
		assert_int_equal(d.len, n);
		char text[96];
		assert_true(x86_disasm(&d, 0, text, sizeof(text)));
		assert_string_equal(text, cases[i].text);
	}
}

/*
 * The rows that run outside 64-bit mode against capstone 4 in 16- and 32-bit mode,
 * on random streams (up to two of the 66, 67 and segment prefixes, a
 * one-byte or 0F opcode, random bytes after): same length and text. Near
 * branches compare the length only (hvsim prints the linear target, which
 * capstone cuts to 16 bits), and so do capstone's quirks (below).
 */
/* 66 before an ignored F2/F3 among the prefixes. */
static bool opsize_then_rep(const uint8_t *b, const struct x86_dec *d)
{
	bool opsize = false;
	for (unsigned i = 0; i < d->len && b[i] != 0x0f; i++) {
		if (b[i] == 0x66)
			opsize = true;
		else if ((b[i] == 0xf2 || b[i] == 0xf3) && opsize)
			return true;
		else if (!memchr("\x67\x26\x2e\x36\x3e\x64\x65\xf0\xf2\xf3", b[i], 10))
			break;
	}
	return false;
}

/*
 * Where capstone 4's text is not the processor's: an absolute address
 * (no base or index) of the other address size than the code's, whose
 * displacement it cuts to 16 bits (67 in 16-bit code) or sign-extends to
 * 32 (67 in 32-bit code); and 66 before an ignored F2/F3, after which it
 * forgets the operand size (as in 64-bit mode, test_x86_decode.c).
 */
static bool capstone_quirk(const uint8_t *b, const struct x86_dec *d)
{
	unsigned mod = d->modrm >> 6, rm = d->modrm & 7;
	bool absolute = d->has_modrm && mod == 0 &&
			(d->asz == 1 ? rm == 6 : rm == 5 || (d->has_sib && (d->sib & 7) == 5));
	return (absolute && (d->pfx & X86_P_ADDRSIZE)) || opsize_then_rep(b, d);
}

static void capstone_legacy(unsigned code, cs_mode mode)
{
	static const uint8_t prefixes[] = { 0x66, 0x67, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65 };
	csh cs;
	assert_int_equal(cs_open(CS_ARCH_X86, mode, &cs), CS_ERR_OK);
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	unsigned long compared = 0, bad = 0;
	for (unsigned long it = 0; it < 300000; it++) {
		uint8_t b[16];
		unsigned n = 0;
		for (unsigned k = 0; k < 16; k++) {
			rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
			b[k] = (uint8_t)(rng >> 24);
		}
		unsigned np = b[15] % 3;
		for (unsigned k = 0; k < np; k++)
			b[n++] = prefixes[b[14 - k] % sizeof(prefixes)];
		if (b[12] & 1)
			b[n++] = 0x0f;
		struct x86_dec d;
		x86_decode_insn(X86_MODE(code, 0, 0, code != X86_CODE16, 0, 0), b, sizeof(b), &d);
		if (d.status != X86_DEC_OK || !(d.row->flags & X86_F_LEGACY))
			continue;
		/* Without ModRM (MOV moffs) capstone 4 calls 66 F2/F3 invalid ("66 f2 a0"): skipped. */
		if (!d.has_modrm && opsize_then_rep(b, &d))
			continue;
		cs_insn *ci;
		size_t got = cs_disasm(cs, b, sizeof(b), 0, 1, &ci);
		char text[160], full[200] = "invalid";
		x86_disasm(&d, 0, text, sizeof(text));
		bool ok = got && ci[0].size == d.len;
		if (got) {
			snprintf(full, sizeof(full), "%s%s%s", ci[0].mnemonic, ci[0].op_str[0] ? " " : "",
				 ci[0].op_str);
			if (d.row->cls != CORE_CLASS_BRANCH && !capstone_quirk(b, &d))
				ok = ok && !strcmp(text, full);
		}
		compared++;
		if (!ok && bad++ < 20)
			print_error("differ: %02x %02x %02x %02x %02x %02x: hvsim %u '%s', capstone %u '%s'\n",
				    b[0], b[1], b[2], b[3], b[4], b[5], d.len, text,
				    got ? (unsigned)ci[0].size : 0, full);
		if (got)
			cs_free(ci, got);
	}
	cs_close(&cs);
	print_message("%s-bit decode vs capstone: %lu compared, %lu differ\n",
		      code == X86_CODE16 ? "16" : "32", compared, bad);
	assert_int_equal(bad, 0);
	assert_true(compared > 10000);
}

static void test_capstone_16bit(void **state)
{
	(void)state;
	capstone_legacy(X86_CODE16, CS_MODE_16);
}

static void test_capstone_32bit(void **state)
{
	(void)state;
	capstone_legacy(X86_CODE32, CS_MODE_32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_sipi_real_mode, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_real_mode_code, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_real_mode_verify_cpu_ops, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_to_protected_mode, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_to_long_mode, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_real_mode_segments_and_tables, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_protected_mode_segments, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_far_jump_faults, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_real_mode_far_pointers, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_protected_mode_gate_not_present, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test_setup_teardown(test_protected_mode_bad_inner_stack, x86_harness_setup, x86_harness_teardown),
		cmocka_unit_test(test_disasm_16bit),
		cmocka_unit_test(test_capstone_16bit),
		cmocka_unit_test(test_capstone_32bit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
