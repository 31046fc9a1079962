/*
 * Generic Timer and GICv3 (Arm ARM D11; IHI 0069): the EL1 virtual timer
 * (PPI 27) interrupting three times through the GIC, the EL1 physical
 * timer polled through ISTATUS with its output masked and then by CVAL
 * (PPI 30), SGIs to self, and a spurious acknowledge. Nothing printed
 * depends on the counter frequency or on time.
 */
#include "gic.h"
#include "timer.h"

#define SGI_A 5
#define SGI_B 6

static volatile unsigned counts[32];
static volatile unsigned last_intid;
static volatile bool early;          /* a timer interrupt before its deadline */

void fw_irq(struct exc_frame *f)
{
	(void)f;
	unsigned intid = gic_ack();

	last_intid = intid;
	if (intid == TIMER_VIRT_PPI) {
		/* Level-sensitive: stop the timer before EOI or it fires again. */
		if (!(vtimer_get_ctl() & CNT_CTL_ISTATUS) ||
		    cnt_virt() < read_sysreg(cntv_cval_el0))
			early = true;
		vtimer_ctl(0);
	} else if (intid == TIMER_PHYS_PPI) {
		if (!(ptimer_get_ctl() & CNT_CTL_ISTATUS) ||
		    cnt_phys() < read_sysreg(cntp_cval_el0))
			early = true;
		ptimer_ctl(0);
	} else if (intid >= 32) {
		printf("unexpected INTID %u\n", intid);
		fw_exit();
	}
	counts[intid]++;
	gic_eoi(intid);
}

static void wait_for(unsigned intid, unsigned n)
{
	while (counts[intid] < n)
		wfi();
}

int main(void)
{
	uint64_t freq = cnt_freq();
	printf("timer: CNTFRQ_EL0 is %s\n", freq ? "nonzero" : "ZERO");

	uint64_t t0 = cnt_virt(), t1 = t0;
	for (unsigned i = 0; i < 1000000 && t1 == t0; i++)
		t1 = cnt_virt();
	printf("  virtual counter advances: %s\n", t1 > t0 ? "ok" : "FAIL");

	gic_init();
	printf("  GICv3 up: ICC_SRE_EL1.SRE=%lu\n", (unsigned long)read_sysreg(S3_0_C12_C12_5) & 1);
	printf("  ICC_IAR1_EL1 with nothing pending: %u\n", gic_ack());

	gic_enable_private(TIMER_VIRT_PPI, 0x80);
	irq_enable();
	for (unsigned i = 1; i <= 3; i++) {
		vtimer_set_tval((uint32_t)(freq / 1000));     /* 1 ms */
		vtimer_ctl(CNT_CTL_ENABLE);
		wait_for(TIMER_VIRT_PPI, i);
	}
	printf("  virtual timer (TVAL) fired %u times, INTID %u, never early: %s\n",
	       counts[TIMER_VIRT_PPI], last_intid, early ? "FAIL" : "ok");

	/* Physical timer, output masked: poll ISTATUS, nothing reaches the GIC. */
	irq_disable();
	gic_enable_private(TIMER_PHYS_PPI, 0x80);
	ptimer_set_tval((uint32_t)(freq / 1000));
	ptimer_ctl(CNT_CTL_ENABLE | CNT_CTL_IMASK);
	/*
	 * Polled until set. (Whether the first poll already saw it is host
	 * timing on QEMU, whose counter runs on host time: not printed.)
	 */
	while (!(ptimer_get_ctl() & CNT_CTL_ISTATUS))
		;
	printf("  physical timer ISTATUS set with IMASK=1: ok, PPI 30 pending: %s\n",
	       gic_private_pending(TIMER_PHYS_PPI) ? "yes" : "no");
	/* Unmask the output with a CVAL deadline: now it interrupts. */
	ptimer_set_cval(cnt_phys() + freq / 1000);
	ptimer_ctl(CNT_CTL_ENABLE);
	irq_enable();
	wait_for(TIMER_PHYS_PPI, 1);
	printf("  physical timer (CVAL) fired %u time, INTID %u, never early: %s\n",
	       counts[TIMER_PHYS_PPI], last_intid, early ? "FAIL" : "ok");

	/* SGIs to self through ICC_SGI1R_EL1. */
	gic_enable_private(SGI_A, 0x80);
	gic_enable_private(SGI_B, 0x80);
	gic_send_sgi_self(SGI_A);
	wait_for(SGI_A, 1);
	printf("  SGI %u to self taken, INTID %u\n", SGI_A, last_intid);
	irq_disable();
	gic_send_sgi_self(SGI_B);
	for (unsigned i = 0; i < 1000 && !gic_private_pending(SGI_B); i++)
		;
	printf("  SGI %u with PSTATE.I set: pending %s, taken %u\n", SGI_B,
	       gic_private_pending(SGI_B) ? "yes" : "no", counts[SGI_B]);
	irq_enable();
	wait_for(SGI_B, 1);
	printf("  after unmasking: taken %u, INTID %u\n", counts[SGI_B], last_intid);
	irq_disable();
	printf("timer: done\n");
	return 0;
}
