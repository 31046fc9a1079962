/*
 * Interrupts and exceptions outside long mode (-smp 2): the BSP builds an
 * IVT, a GDT with ring-0 and ring-3 segments, a 32-bit TSS and an IDT of
 * 8-byte gates below 1 MiB, starts the AP with INIT and SIPI in
 * tests/legacy_int_ap.S (real mode, then 32-bit protected mode at rings 0
 * and 3, then real mode again), sends it an IPI while it halts in real
 * mode, and prints what the AP's handlers saw: the frames (SDM 3:20.1.4
 * for real mode; 3:6.12.1 Figure 6-4 for protected mode, with and without
 * a privilege change), the flags inside the handlers, error codes.
 */
#include "fw.h"

#define TRAMPOLINE 0x8000ul   /* SIPI vector 8; CS 0x0800 in real mode */
#define IVT 0x9000ul
#define GDT 0x9400ul
#define IDT 0x9800ul
#define TSS 0xa000ul
#define IVT_PTR 0xa0e0ul
#define GDT_PTR 0xa0e8ul
#define IDT_PTR 0xa0f0ul
#define STAGE 0xa0fcul
#define REC(k) ((volatile uint32_t *)(0xa100ul + 64 * (k)))

extern const char ap_start[], ap_end[];
extern const char rm_int30[], rm_de[], rm_ipi[], pm_int31[], pm_int32[], pm_gp[], pm_de[], pm_ipi[],
	pm_int33[], pm_int34[];

#define W32(a, v) (*(volatile uint32_t *)(a) = (v))
#define W16(a, v) (*(volatile uint16_t *)(a) = (v))
#define W64(a, v) (*(volatile uint64_t *)(a) = (v))

/* A handler's offset in the AP's code: from CS 0x0800 in real mode, linear in protected mode. */
static uint32_t rm_off(const char *l)
{
	return (uint32_t)(l - ap_start);
}

static uint32_t pm_addr(const char *l)
{
	return (uint32_t)(TRAMPOLINE + (uintptr_t)(l - ap_start));
}

static void ivt(unsigned v, const char *h)
{
	W32(IVT + v * 4, 0x0800u << 16 | rm_off(h));
}

/* An 8-byte gate to selector 8 (SDM 3:6.11 Figure 6-2); attr is the access byte. */
static void gate(unsigned v, const char *h, uint8_t attr)
{
	uint32_t off = pm_addr(h);
	W64(IDT + v * 8, (off & 0xffff) | 0x08ull << 16 | (uint64_t)attr << 40 | (uint64_t)(off >> 16) << 48);
}

static uint32_t stage(void)
{
	return *(volatile uint32_t *)STAGE;
}

static void wait_stage(uint32_t s)
{
	for (unsigned i = 0; i < 10000000 && stage() != s; i++)
		__asm__ volatile("pause");
}

static void build_tables(void)
{
	memset((void *)IVT, 0, 0xa500 - IVT);
	ivt(0, rm_de);
	ivt(0x30, rm_int30);
	ivt(0x40, rm_ipi);
	W16(IVT_PTR, 0x3ff);
	W32(IVT_PTR + 2, IVT);
	static const uint64_t gdt[] = {
		0,
		0x00cf9a000000ffffull,   /* 0x08 code, 32-bit, ring 0 */
		0x00cf92000000ffffull,   /* 0x10 data, ring 0 */
		0x00cffa000000ffffull,   /* 0x18 code, 32-bit, ring 3 */
		0x00cff2000000ffffull,   /* 0x20 data, ring 3 */
		0x00008900a0000067ull,   /* 0x28 32-bit TSS at 0xa000 */
		0x00009a000000ffffull,   /* 0x30 code, 16-bit, 64 KiB: the way back to real mode */
		0x000092000000ffffull,   /* 0x38 data, 64 KiB */
	};
	for (unsigned i = 0; i < sizeof(gdt) / sizeof(gdt[0]); i++)
		W64(GDT + i * 8, gdt[i]);
	W16(GDT_PTR, sizeof(gdt) - 1);
	W32(GDT_PTR + 2, GDT);
	gate(0, pm_de, 0x8e);        /* 32-bit interrupt gates, DPL 0 */
	gate(13, pm_gp, 0x8e);
	gate(0x41, pm_ipi, 0x8e);
	gate(0x31, pm_int31, 0x8f);  /* 32-bit trap gate */
	gate(0x32, pm_int32, 0x86);  /* 16-bit interrupt gate */
	gate(0x33, pm_int33, 0xee);  /* DPL 3 */
	gate(0x34, pm_int34, 0xee);
	W16(IDT_PTR, 0x7ff);
	W32(IDT_PTR + 2, IDT);
	W32(TSS + 4, 0xd000);        /* ESP0 */
	W32(TSS + 8, 0x10);          /* SS0 */
}

int main(void)
{
	fw_init();
	build_tables();
	memcpy((void *)TRAMPOLINE, ap_start, (size_t)(ap_end - ap_start));
	lapic_start_ap(1, TRAMPOLINE);
	wait_stage(1);
	lapic_ipi(1, 0x40);
	wait_stage(2);
	printf("stage %u\n", stage());

	volatile uint32_t *r = REC(0);
	printf("real INT 30h: frame IP %x CS %x FLAGS %x; handler EFLAGS %x; after IRET %x\n",
	       r[0], r[1], r[2], r[3], r[4]);
	r = REC(1);
	printf("real #DE: frame IP %x CS %x\n", r[0], r[1]);
	r = REC(2);
	printf("32-bit trap gate INT 31h: EIP %x CS %x EFLAGS %x; handler EFLAGS %x\n", r[0], r[1], r[2], r[3]);
	r = REC(3);
	printf("16-bit interrupt gate INT 32h: IP %x CS %x FLAGS %x; handler EFLAGS %x ESP %x\n",
	       r[0], r[1], r[2], r[3], r[4]);
	r = REC(4);
	printf("#GP loading DS with 0x48: error %x EIP %x CS %x\n", r[0], r[1], r[2]);
	r = REC(5);
	printf("32-bit #DE: EIP %x CS %x\n", r[0], r[1]);
	r = REC(6);
	printf("self IPI 0x41: EIP %x CS %x EFLAGS %x ISR[0x40..0x5f] %x\n", r[0], r[1], r[2], r[3]);
	r = REC(7);
	printf("ring 3 after IRET: CS %x FS %x SS %x\n", r[0], r[1], r[2]);
	r = REC(8);
	printf("INT 33h from ring 3: EIP %x CS %x EFLAGS %x ESP %x SS %x; handler ESP %x SS %x\n",
	       r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
	r = REC(9);
	printf("INT 31h (DPL 0) from ring 3: #GP error %x EIP %x CS %x\n", r[0], r[1], r[2]);
	r = REC(10);
	printf("INT 34h: ring 0 again, CS %x SS %x\n", r[0], r[1]);
	r = REC(11);
	printf("real mode again, IPI 0x40: frame IP %x CS %x FLAGS %x; handler EFLAGS %x\n",
	       r[0], r[1], r[2], r[3]);
	printf("done\n");
	return 0;
}
