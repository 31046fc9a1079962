/*
 * The IO-APIC (82093AA) routing COM1's interrupt (ISA IRQ 4, pin 4 on
 * both boards): the 16550's transmitter-empty interrupt (enabling IER.ETBEI
 * with THR empty raises it) as an edge, then as a level-triggered pin
 * that, left asserted at EOI, is delivered again (remote IRR), and a
 * masked pin.
 */
#include "fw.h"

#define IER (COM1 + 1)
#define IIR (COM1 + 2)

static volatile unsigned hits, last_iir, clear_on;

static void on_uart(unsigned v)
{
	(void)v;
	hits++;
	/* Reading IIR acknowledges the THR-empty interrupt: the line drops. */
	if (hits >= clear_on) {
		last_iir = inb(IIR) & 0xf;
		outb(IER, 0);
	}
	lapic_write(APIC_EOI, 0);
}

static uint32_t rte_low(unsigned pin)
{
	*(volatile uint32_t *)IOAPIC_BASE = 0x10 + 2 * pin;
	return *(volatile uint32_t *)(IOAPIC_BASE + 0x10);
}

static void run(const char *what, uint64_t entry, unsigned clear_at)
{
	hits = 0;
	last_iir = 0xff;
	clear_on = clear_at;
	ioapic_route(4, entry);
	outb(IER, 2);                                     /* ETBEI */
	for (unsigned i = 0; i < 1000 && hits < clear_at; i++)
		sti_hlt();
	cli();
	outb(IER, 0);
	printf("%s: %u deliveries, IIR 0x%x, remote IRR %u\n", what, hits, last_iir,
	       rte_low(4) >> 14 & 1);
}

int main(void)
{
	fw_init();
	uint32_t id = lapic_read(APIC_ID) >> 24;
	fw_on(0x34, on_uart);
	*(volatile uint32_t *)IOAPIC_BASE = 1;
	printf("ioapic version 0x%x, %u pins\n", *(volatile uint32_t *)(IOAPIC_BASE + 0x10) & 0xff,
	       (*(volatile uint32_t *)(IOAPIC_BASE + 0x10) >> 16 & 0xff) + 1);
	run("edge", 0x34 | (uint64_t)id << 56, 1);
	run("level", 0x34 | 1u << 15 | (uint64_t)id << 56, 2);
	/* Masked: the line rises, nothing is delivered. */
	hits = 0;
	clear_on = 1;
	ioapic_route(4, 0x34 | 1u << 16 | (uint64_t)id << 56);
	outb(IER, 2);
	sti();
	for (volatile int i = 0; i < 1000; i++)
		;
	cli();
	outb(IER, 0);
	(void)inb(IIR);
	printf("masked: %u deliveries\n", hits);
	printf("done\n");
	return 0;
}
