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

/*
 * The compared part of FNSAVE's image (diffstate.h X86_FSW_KEPT): FCW,
 * FSW's kept bits and the tag word in the low halves of their 32-bit
 * fields, the pointers (bytes 12-27) zero.
 */
static void x87_kept(uint8_t *img)
{
	for (unsigned i = 0; i < 3; i++)
		img[4 * i + 2] = img[4 * i + 3] = 0;
	img[4] &= X86_FSW_KEPT & 0xff;
	img[5] &= X86_FSW_KEPT >> 8;
	for (unsigned i = 12; i < 28; i++)
		img[i] = 0;
}

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
		x87_kept(s + ST_X86_X87);
		return code == DIFF_CHECKPOINT ? rip + 16 : (uintptr_t)diff_leave;
	}
	uint64_t cr2 = 0;
	if (diff_vector == 14)
		__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	diff_report_exception(diff_vector << 16 | (diff_error & 0xffff), rip, cr2);
	return (uintptr_t)diff_abort;
}

/*
 * CPL 3 (SDM 3:5.2, 3:7.7): a GDT with the boot selectors (code 0x10,
 * data 0x18) and DPL 3 data 0x20 and 64-bit code 0x28, a TSS (0x30) whose
 * RSP0 is the stack exceptions from CPL 3 take, and the identity map's
 * entries made user-accessible (bit 2 at every level, SDM 3:4.6).
 */
static uint64_t gdt[8] __attribute__((aligned(16))) = {
	0, 0, 0x00af9b000000ffffull, 0x00cf93000000ffffull, 0x00cff3000000ffffull,
	0x00affb000000ffffull,
};
static uint32_t tss[26] __attribute__((aligned(16)));
static uint8_t rsp0_stack[16384] __attribute__((aligned(16)));

static void user_tables(uint64_t *table, unsigned level)
{
	for (unsigned i = 0; i < 512; i++) {
		uint64_t e = table[i];
		if (!(e & 1))
			continue;
		table[i] = e | 4;
		if (level > 1 && !(e & 0x80))       /* not a large page: the next level */
			user_tables((uint64_t *)(uintptr_t)(e & 0x000ffffffffff000ull), level - 1);
	}
}

static void cpl3_setup(void)
{
	uint64_t base = (uintptr_t)tss, cr3, cr4;
	uint64_t rsp0 = (uintptr_t)(rsp0_stack + sizeof(rsp0_stack));

	tss[1] = (uint32_t)rsp0;
	tss[2] = (uint32_t)(rsp0 >> 32);
	tss[25] = sizeof(tss) << 16;        /* no I/O permission bitmap */
	/* A 64-bit available TSS descriptor (type 9, present), 16 bytes. */
	gdt[6] = (sizeof(tss) - 1) | (base & 0xffffff) << 16 | 0x89ull << 40 | (base >> 24 & 0xff) << 56;
	gdt[7] = base >> 32;
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } desc = { sizeof(gdt) - 1, (uintptr_t)gdt };
	__asm__ volatile("lgdt %0; ltr %w1" :: "m"(desc), "r"(0x30) : "memory");
	/* SMEP and SMAP off: the harness's own pages become user pages. */
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" :: "r"(cr4 & ~(3ull << 20)) : "memory");
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(cr3 & 0x000ffffffffff000ull);
	user_tables(pml4, 4);
	__asm__ volatile("mov %0, %%cr3" :: "r"(cr3) : "memory");
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
	cpl3_setup();
	uart_putc('\n');      /* QEMU's BIOS leaves its banner's line open */
	diff_run();
	return 0;
}
