/*
 * The bare-metal x86 guest of the CPU harnesses (see x86_guest.h).
 */
#include <string.h>

#include "machine/x86_virt.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/x86_guest.h"

/* Which exception vectors push an error code (SDM 3:6.15; 29 is AMD's #VC, 30 #SX). */
static bool has_error_code(unsigned v)
{
	return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30;
}

void fuzz_x86_write_idt(struct hvsim_vm *vm)
{
	for (unsigned v = 0; v < 256; v++) {
		uint8_t stub[16], n = 0;
		memset(stub, 0x90, sizeof(stub));   /* nop */
		if (v < 32) {
			if (has_error_code(v)) {
				static const uint8_t drop[] = { 0x48, 0x83, 0xc4, 0x08 }; /* add rsp, 8 */
				memcpy(stub + n, drop, sizeof(drop));
				n += sizeof(drop);
			}
			static const uint8_t step[] = { 0x48, 0x83, 0x04, 0x24, 0x01 }; /* add qword [rsp], 1 */
			memcpy(stub + n, step, sizeof(step));
			n += sizeof(step);
		}
		stub[n++] = 0x48;
		stub[n++] = 0xcf;                   /* iretq */
		uint64_t h = FUZZ_X86_STUBS + 16 * v;
		FUZZ_CHECK(mem_load(&vm->mem, h, stub, sizeof(stub)));
		uint64_t gate[2] = {
			(h & 0xffff) | 0x10ull << 16 | 0x8eull << 40 | ((h >> 16) & 0xffff) << 48,
			h >> 32,
		};
		FUZZ_CHECK(mem_load(&vm->mem, FUZZ_X86_IDT + 16 * v, gate, sizeof(gate)));
	}
}

void fuzz_x86_setup_cpu(struct hvsim_vm *vm, int i, unsigned options)
{
	struct x86_cpu *c = x86_virt_cpu(vm, i);
	if (i > 0) {
		/* The board starts only the boot CPU; the others as it left it. */
		x86_cpu_enter_long_mode(c, FUZZ_X86_CODE, X86V_PML4);
		c->s.gdtr = x86_virt_cpu(vm, 0)->s.gdtr;
	}
	for (unsigned r = 0; r < 16; r++)
		c->s.r[r] = FUZZ_X86_DATA + r * 0x8008ull + (uint64_t)i * 0x100000;
	c->s.r[X86_RSP] = FUZZ_X86_STACK - (uint64_t)i * 0x10000;
	if (options & FUZZ_X86_IDT_ON)
		c->s.idtr = (struct x86_dtr){ .base = FUZZ_X86_IDT, .limit = 256 * 16 - 1 };
	if (options & FUZZ_X86_SSE) {
		FUZZ_CHECK(x86_set_cr(c, 0, x86_get_cr(c, 0) | X86_CR0_MP));
		FUZZ_CHECK(x86_set_cr(c, 4, x86_get_cr(c, 4) | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT));
	}
	if (options & FUZZ_X86_IRQ)
		x86_set_flags(c, x86_flags(c) | X86_IF);
	x86_update_mode(c);
	vm->cpu_on[i] = true;
}
