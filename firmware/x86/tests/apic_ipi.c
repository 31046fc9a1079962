/*
 * Interrupt acceptance on one CPU (SDM 3:11.6, 11.8): self-IPIs by
 * shorthand and by physical and logical destination, service in priority
 * order, TPR (and CR8) holding classes back, NMI by IPI, and the STI
 * shadow (SDM 3:6.8.3) holding an interrupt for one instruction.
 */
#include "fw.h"

static volatile unsigned in_shadow;
static volatile unsigned nmis;
static unsigned my_id;

static void on_irq(unsigned v)
{
	fw_irq_note(v);
	lapic_write(APIC_EOI, 0);
}

static void on_nmi(unsigned v)
{
	(void)v;
	nmis++;
}

static void on_shadow(unsigned v)
{
	fw_irq_note(in_shadow);   /* the instruction after STI had run */
	(void)v;
	lapic_write(APIC_EOI, 0);
}

/* An IPI: destination (xAPIC, bits 31:24 of ICR high) then the command. */
static void ipi(uint32_t dest, uint32_t cmd)
{
	lapic_write(APIC_ICR_HI, dest << 24);
	lapic_write(APIC_ICR_LO, cmd);
}

int main(void)
{
	fw_init();
	my_id = lapic_read(APIC_ID) >> 24;
	for (unsigned v = 0x40; v < 0xa0; v++)
		fw_on(v, on_irq);
	fw_on(2, on_nmi);

	ipi(0, 0x40 | 1u << 18);                          /* fixed, shorthand self */
	irq_window();
	fw_irq_show("self shorthand");

	/* Three pending with interrupts off: served highest class first. */
	ipi(my_id, 0x41);
	ipi(my_id, 0x61);
	ipi(my_id, 0x51);
	printf("pending in IRR: %d %d %d\n", apic_bit(APIC_IRR, 0x41), apic_bit(APIC_IRR, 0x61),
	       apic_bit(APIC_IRR, 0x51));
	irq_window();
	fw_irq_show("priority order");

	/* TPR 0x50: classes 5 and below wait. */
	lapic_write(APIC_TPR, 0x50);
	printf("cr8 reads %u\n", (unsigned)read_cr8());
	ipi(my_id, 0x45);
	ipi(my_id, 0x55);
	ipi(my_id, 0x65);
	irq_window();
	fw_irq_show("tpr 0x50 let through");
	printf("ppr 0x%x, 0x45 and 0x55 still requested: %d %d\n", lapic_read(APIC_PPR),
	       apic_bit(APIC_IRR, 0x45), apic_bit(APIC_IRR, 0x55));
	write_cr8(0);
	printf("tpr after cr8 = 0: 0x%x\n", lapic_read(APIC_TPR));
	irq_window();
	fw_irq_show("tpr 0 let through");

	/* Logical destination, flat model: this CPU is bit 2. */
	lapic_write(0xe0, 0xffffffff);
	lapic_write(0xd0, 1u << 26);
	ipi(0x04, 0x70 | 1u << 11);
	ipi(0x08, 0x71 | 1u << 11);                       /* names nobody */
	irq_window();
	fw_irq_show("logical 0x04 and 0x08");

	ipi(my_id, 4u << 8);                              /* NMI: whatever IF says */
	for (unsigned i = 0; i < 1000 && !nmis; i++)      /* a message takes its time to arrive */
		__asm__ volatile("pause");
	printf("nmi taken: %u\n", nmis);

	/* STI's shadow: the pending interrupt waits for the next instruction. */
	fw_on(0x90, on_shadow);
	in_shadow = 0;
	ipi(my_id, 0x90);
	__asm__ volatile("sti; movl $1, %0; cli" : "=m"(in_shadow) :: "memory");
	fw_irq_show("after sti, the next instruction had run");
	printf("done\n");
	return 0;
}
