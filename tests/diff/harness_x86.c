/*
 * Guest side of the differential test, x86-64's part: the #UD entry
 * (harness_x86.S) calls diff_exception with the block's RAX..R15, RFLAGS
 * and RIP; a UD2 followed by a checkpoint code saves the state and
 * resumes after its 16-byte slot (or ends the block), any other #UD is
 * reported and abandons it, as do #DE, #GP, #PF and #XM (the E line's
 * syndrome is vector << 16 | error code, its address CR2 for #PF).
 */
#include "fw.h"
#include "harness.h"

#define VEC_UD 6

extern char diff_exc_0[], diff_exc_6[], diff_exc_13[], diff_exc_14[], diff_exc_19[];
extern const uint64_t diff_vector, diff_error;
uint64_t diff_exception(const uint64_t *frame);

uint64_t diff_exception(const uint64_t *frame)
{
	uint64_t rip = frame[17];
	const volatile uint8_t *p = (const volatile uint8_t *)rip;
	unsigned code = p[2] | (unsigned)p[3] << 8;

	if (diff_vector == VEC_UD && p[0] == 0x0f && p[1] == 0x0b &&
	    (code == DIFF_CHECKPOINT || code == DIFF_END)) {
		uint8_t *s = diff_checkpoint();
		for (unsigned i = 0; i < 16; i++)
			diff_put_word(s + ST_X + 8 * i, frame[i]);
		/* RF and the system flags are not compared (the fault's RF differs by design). */
		diff_put_word(s + ST_X86_FLAGS, frame[16] & X86_FLAGS_KEPT);
		diff_save_fp(s);
		return code == DIFF_CHECKPOINT ? rip + 16 : (uintptr_t)diff_leave;
	}
	uint64_t cr2 = 0;
	if (diff_vector == 14)
		__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	diff_report_exception(diff_vector << 16 | (diff_error & 0xffff), rip, cr2);
	return (uintptr_t)diff_abort;
}

/* Linear address 0 (the IDT, lib/fw.c), hidden from the compiler. */
static volatile uint64_t *idt(void)
{
	uintptr_t p;
	__asm__("xorl %k0, %k0" : "=r"(p));
	return (volatile uint64_t *)p;
}

int main(void)
{
	fw_init();
	/* 64-bit interrupt gates, CS 0x10 (SDM 3:6.14.1), to harness_x86.S's entries. */
	static const struct { unsigned vector; const char *entry; } gates[] = {
		{ 0, diff_exc_0 }, { 6, diff_exc_6 }, { 13, diff_exc_13 }, { 14, diff_exc_14 },
		{ 19, diff_exc_19 },
	};
	volatile uint64_t *t = idt();
	for (unsigned i = 0; i < sizeof(gates) / sizeof(gates[0]); i++) {
		uint64_t off = (uintptr_t)gates[i].entry;
		t[2 * gates[i].vector] = (off & 0xffff) | 0x10ull << 16 | 0x8eull << 40 |
					 ((off >> 16) & 0xffff) << 48;
		t[2 * gates[i].vector + 1] = off >> 32;
	}
	/* SSE on (SDM 3:13.1.3): CR0.EM clear, CR0.MP set, CR4.OSFXSR and OSXMMEXCPT. */
	uint64_t cr0, cr4;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" :: "r"((cr0 & ~4ull) | 2) : "memory");
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" :: "r"(cr4 | 0x600) : "memory");
	uart_putc('\n');      /* QEMU's BIOS leaves its banner's line open */
	diff_run();
	return 0;
}
