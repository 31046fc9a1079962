/*
 * Interrupt delivery on a GIC whose redistributor was never woken
 * (GICR_WAKER.ProcessorSleep left at its reset value 1), as guests written
 * for KVM or QEMU leave it: SGIs to this CPU, taken in priority order, and
 * the virtual timer's PPI must arrive all the same, as they do on QEMU's and
 * KVM's GICs.
 */
#include "gic.h"
#include "timer.h"

#define SGI_LOW 2
#define SGI_HIGH 9

static volatile unsigned counts[32];
static volatile unsigned order[8], n_order;

void fw_irq(struct exc_frame *f)
{
	(void)f;
	unsigned intid = gic_ack();

	if (intid >= 32) {
		printf("unexpected INTID %u\n", intid);
		fw_exit();
	}
	if (n_order < 8)
		order[n_order++] = intid;
	if (intid == TIMER_VIRT_PPI)
		vtimer_ctl(0);
	counts[intid]++;
	gic_eoi(intid);
}

int main(void)
{
	gic_init_no_wake();
	printf("gic_nowake: GICR_WAKER ProcessorSleep=%u\n", (unsigned)(gic_waker() >> 1) & 1);

	gic_enable_private(SGI_LOW, 0xa0);
	gic_enable_private(SGI_HIGH, 0x40);
	/* Both pending while masked: the higher priority one (lower value) first. */
	gic_send_sgi_self(SGI_LOW);
	gic_send_sgi_self(SGI_HIGH);
	printf("  SGIs pending while masked: %u %u\n", gic_private_pending(SGI_LOW),
	       gic_private_pending(SGI_HIGH));
	irq_enable();
	for (unsigned i = 0; i < 100000 && !(counts[SGI_LOW] && counts[SGI_HIGH]); i++)
		isb();
	printf("  SGI %u taken %u times, SGI %u taken %u times\n", SGI_LOW, counts[SGI_LOW],
	       SGI_HIGH, counts[SGI_HIGH]);
	printf("  order:");
	for (unsigned i = 0; i < n_order; i++)
		printf(" %u", order[i]);
	printf("\n");

	gic_enable_private(TIMER_VIRT_PPI, 0x80);
	for (unsigned i = 1; i <= 2; i++) {
		vtimer_set_tval((uint32_t)(cnt_freq() / 1000));
		vtimer_ctl(CNT_CTL_ENABLE);
		while (counts[TIMER_VIRT_PPI] < i)
			wfi();
	}
	printf("  virtual timer PPI %u taken %u times\n", TIMER_VIRT_PPI, counts[TIMER_VIRT_PPI]);
	printf("  GICR_WAKER still ProcessorSleep=%u\n", (unsigned)(gic_waker() >> 1) & 1);
	return 0;
}
