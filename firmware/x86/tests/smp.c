/*
 * Two CPUs (-smp 2): the BSP starts the AP with INIT, INIT de-assert and
 * two SIPIs (SDM 3:9.4.4.1's sequence, as Linux's wakeup_secondary_cpu_via_init
 * sends it) through a real-mode trampoline (tests/smp_tramp.S) to long
 * mode; then IPIs both ways: the AP's to the BSP are taken as interrupts,
 * the BSP's to the AP (physical destination, then the "all but self"
 * shorthand) the AP sees in its own IRR, read through the same xAPIC page
 * address as the BSP's (each CPU reaches its own APIC). The AP runs with
 * interrupts off: it has no IDT and no GDT but the descriptor it jumped
 * through.
 */
#include "fw.h"

#define TRAMPOLINE 0x8000ul   /* SIPI vector 8 */

extern const char tramp_start[], tramp_end[], tramp_cr3[];

static volatile unsigned got[8], n_got;
static volatile uint32_t ap_id, ap_long;

static void on_ipi(unsigned v)
{
	if (n_got < 8)
		got[n_got] = v;
	n_got++;
	lapic_write(APIC_EOI, 0);
}

static void wait_irr(unsigned vector)
{
	while (!apic_bit(APIC_IRR, vector))
		__asm__ volatile("pause");
}

void ap_main(void);
void ap_main(void)
{
	lapic_write(APIC_SVR, 0x1ff);                      /* INIT left the APIC software-disabled */
	ap_id = lapic_read(APIC_ID) >> 24;
	ap_long = (rdmsr(0xc0000080) >> 10) & 1;           /* EFER.LMA */
	lapic_ipi(0, 0x50);
	wait_irr(0x60);
	lapic_ipi(0, 0x51);
	wait_irr(0x61);
	lapic_ipi(0, 0x52);
}

static void wait_for(unsigned n)
{
	for (unsigned i = 0; i < 100000 && n_got < n; i++)
		sti_hlt();
	cli();
}

int main(void)
{
	fw_init();
	for (unsigned v = 0x50; v <= 0x52; v++)
		fw_on(v, on_ipi);
	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	/* The descriptors the AP's far jump finds at GDT base 0 (hvsim's boot GDT holds the same). */
	*(volatile uint64_t *)0x1010ul = 0x00af9b000000ffffull;
	*(volatile uint64_t *)0x1018ul = 0x00cf93000000ffffull;
	memcpy((void *)TRAMPOLINE, tramp_start, (size_t)(tramp_end - tramp_start));
	*(volatile uint32_t *)(TRAMPOLINE + (uintptr_t)(tramp_cr3 - tramp_start)) = (uint32_t)cr3;

	lapic_start_ap(1, TRAMPOLINE);
	wait_for(1);
	printf("AP started: APIC ID %u, long mode %u, its IPI: 0x%x\n", ap_id, ap_long, got[0]);
	lapic_ipi(1, 0x60);
	wait_for(2);
	printf("IPI to the AP by ID: it answered 0x%x\n", got[1]);
	lapic_ipi(0, 0x61 | 3u << 18);                     /* all but self */
	wait_for(3);
	printf("IPI to all but self: it answered 0x%x; the BSP got %u interrupts\n", got[2], n_got);
	printf("done\n");
	return 0;
}
