/*
 * The x86 firmware runtime (fw.h): COM1, the IDT at linear 0, the
 * handler table, the IO-APIC's redirection entries and power-off.
 */
#include "fw.h"

extern char isr_stubs[];
static fw_handler handlers[256];

/* Weak, as fw_exit: an SEV-SNP guest (tests/snp.c) reaches the UART and power-off through the GHCB. */
__attribute__((weak)) void uart_raw(char c)
{
	while (!(inb(COM1 + 5) & 0x20))       /* LSR.THRE */
		;
	outb(COM1, (uint8_t)c);
}

/* Linear address 0, hidden from the compiler (a null pointer to it). */
static volatile uint64_t *idt(void)
{
	uintptr_t p;
	__asm__("xorl %k0, %k0" : "=r"(p));
	return (volatile uint64_t *)p;
}

void fw_init(void)
{
	volatile uint64_t *t = idt();
	for (unsigned v = 0; v < 256; v++) {
		/* A 64-bit interrupt gate (SDM 3:6.14.1 Figure 6-8): CS 0x10, DPL 0, present, no IST. */
		uint64_t off = (uint64_t)(uintptr_t)isr_stubs + 16 * v;
		t[2 * v] = (off & 0xffff) | 0x10ull << 16 | 0x8eull << 40 | ((off >> 16) & 0xffff) << 48;
		t[2 * v + 1] = off >> 32;
	}
	/*
	 * QEMU's BIOS leaves the 8259s on (the PIT's tick through LINT0 in
	 * virtual-wire mode): mask them and LINT0/LINT1. hvsim has no 8259,
	 * its ports ignore the writes.
	 */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	lapic_write(APIC_SVR, 0x1ff);           /* software-enabled, spurious vector 0xff */
	lapic_write(0x350, 1u << 16);
	lapic_write(0x360, 1u << 16);
}

void fw_on(unsigned vector, fw_handler h)
{
	handlers[vector] = h;
}

volatile unsigned fw_irq_order[8], fw_irq_n;

void fw_irq_note(unsigned v)
{
	if (fw_irq_n < 8)
		fw_irq_order[fw_irq_n] = v;
	fw_irq_n++;
}

void fw_irq_show(const char *what)
{
	printf("%s:", what);
	for (unsigned i = 0; i < fw_irq_n && i < 8; i++)
		printf(" 0x%x", fw_irq_order[i]);
	printf("\n");
	fw_irq_n = 0;
}

void fw_interrupt(unsigned vector)
{
	if (!handlers[vector]) {
		printf("unexpected vector %u\n", vector);
		fw_exit();
	}
	handlers[vector](vector);
}

void ioapic_route(unsigned pin, uint64_t entry)
{
	volatile uint32_t *sel = (volatile uint32_t *)IOAPIC_BASE;
	volatile uint32_t *win = (volatile uint32_t *)(IOAPIC_BASE + 0x10);
	*sel = 0x11 + 2 * pin;
	*win = (uint32_t)(entry >> 32);
	*sel = 0x10 + 2 * pin;
	*win = (uint32_t)entry;
}

bool fw_on_hvsim(void)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	if (!(r[2] & (1u << 31)))
		return false;
	cpuid(0x40000000, 0, r);
	return r[1] == 0x4b4d564b && r[2] == 0x564b4d56 && r[3] == 0x4d;   /* "KVMKVMKVM\0\0\0" */
}

__attribute__((weak)) void fw_exit(void)
{
	outb(0x600, 0x34);                      /* hvsim: SLEEP_CTL, SLP_EN | SLP_TYP 5 (S5) */
	outw(0x604, 0x2000);                    /* q35: PM1a_CNT, SLP_EN | SLP_TYP 0 (power off) */
	for (;;)
		__asm__ volatile("cli; hlt");
}
