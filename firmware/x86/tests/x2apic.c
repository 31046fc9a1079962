/*
 * The x2APIC interface (SDM 3:11.12): enabled through IA32_APIC_BASE.EXTD,
 * the registers as MSRs 0x800 + offset / 16: the 32-bit ID, the LDR
 * derived from it, the ICR as one 64-bit MSR, SELF IPI, EOI, TPR, the
 * timer; the xAPIC page no longer answers. QEMU 7.2's TCG has no x2APIC:
 * hvsim only.
 */
#include "fw.h"

enum {
	X2_ID = 0x802, X2_VERSION = 0x803, X2_TPR = 0x808, X2_EOI = 0x80b, X2_LDR = 0x80d,
	X2_ICR = 0x830, X2_LVT_TIMER = 0x832, X2_TIMER_INIT = 0x838, X2_TIMER_CUR = 0x839,
	X2_TIMER_DIV = 0x83e, X2_SELF_IPI = 0x83f,
};

static volatile uint64_t fire_tsc;

static void on_irq(unsigned v)
{
	fire_tsc = rdtsc();
	fw_irq_note(v);
	wrmsr(X2_EOI, 0);
}

int main(void)
{
	fw_init();
	for (unsigned v = 0x40; v < 0x60; v++)
		fw_on(v, on_irq);
	uint32_t r[4];
	cpuid(1, 0, r);
	printf("x2apic offered: %u\n", r[2] >> 21 & 1);
	wrmsr(0x1b, rdmsr(0x1b) | 1u << 10);
	printf("apic base: enabled %u, x2apic %u\n", (unsigned)(rdmsr(0x1b) >> 11 & 1),
	       (unsigned)(rdmsr(0x1b) >> 10 & 1));
	printf("id %u, version 0x%x, ldr 0x%x\n", (unsigned)rdmsr(X2_ID),
	       (unsigned)rdmsr(X2_VERSION) & 0xff, (unsigned)rdmsr(X2_LDR));
	printf("xapic page reads 0x%x\n", lapic_read(0x30));

	wrmsr(X2_SELF_IPI, 0x40);
	irq_window();
	fw_irq_show("self ipi");
	wrmsr(X2_ICR, 0x41);                              /* fixed, physical destination 0 */
	wrmsr(X2_ICR, 0x42 | 1u << 11 | (uint64_t)1 << 32);   /* logical: cluster 0, bit 0 */
	wrmsr(X2_ICR, 0x43 | 1u << 11 | (uint64_t)2 << 32);   /* logical: bit 1, not this CPU */
	irq_window();
	fw_irq_show("icr: physical 0, logical 0x1, logical 0x2");

	wrmsr(X2_TPR, 0x50);
	wrmsr(X2_SELF_IPI, 0x45);
	irq_window();
	printf("tpr 0x50 held 0x45: %u, cr8 %u\n", fw_irq_n == 0, (unsigned)read_cr8());
	wrmsr(X2_TPR, 0);
	irq_window();
	fw_irq_show("tpr 0");

	wrmsr(X2_TIMER_DIV, 0xb);
	wrmsr(X2_LVT_TIMER, 0x50);
	uint64_t t0 = rdtsc();
	wrmsr(X2_TIMER_INIT, 50000);
	uint64_t cur = rdmsr(X2_TIMER_CUR);
	while (!fw_irq_n)
		sti_hlt();
	cli();
	printf("timer counting: %u\n", cur > 0 && cur <= 50000);
	/* hvsim's TSC counts virtual nanoseconds, the timer ticks once a nanosecond. */
	uint64_t d = fire_tsc - t0;
	printf("timer: 0x%x after 50000 ns: %s\n", fw_irq_order[0], d >= 50000 && d < 50500 ? "yes" : "no");
	printf("done\n");
	return 0;
}
