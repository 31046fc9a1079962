/*
 * What a guest sees of the fault injector's host actions (docs/faults.md;
 * run by tests/faults/fault-tests with one rule at a time). The phases
 * run at fixed moments of virtual time (ms since boot on the virtual
 * counter), so a rule can aim at each:
 *
 *   0-1 ms    a 1 ms virtual timer: how late it fires (timer-skew)
 *   1-2 ms    an SGI to self: taken or lost (drop-ipi)
 *   to 10 ms  SPI 40, which no device drives, enabled: taken? (spurious-irq)
 *   to 20 ms  a word at 0x48000000 written once and read until then (toctou)
 *
 * Without rules it prints the fault-free answers; nothing printed
 * depends on the counter frequency.
 */
#include "gic.h"
#include "timer.h"

#define SGI 5
#define SPI 40                        /* INTID 40: SPI 8, no device behind it */
#define SHARED_WORD 0x48000000ul      /* RAM base + 128 MiB: run with -m 256M */

static volatile unsigned counts[64];
static volatile uint64_t timer_at;    /* the virtual count when the timer interrupted */

void fw_irq(struct exc_frame *f)
{
	(void)f;
	unsigned intid = gic_ack();
	if (intid == TIMER_VIRT_PPI) {
		timer_at = cnt_virt();
		vtimer_ctl(0);
	}
	if (intid < 64)
		counts[intid]++;
	gic_eoi(intid);
}

static uint64_t ms_ticks(uint64_t ms)
{
	return cnt_freq() * ms / 1000;
}

/* Sleep until the virtual count reaches `until` (the timer wakes the WFI). */
static void sleep_until(uint64_t until)
{
	while (cnt_virt() < until) {
		write_sysreg(cntv_cval_el0, until);
		vtimer_ctl(CNT_CTL_ENABLE);
		wfi();
	}
	vtimer_ctl(0);
}

int main(void)
{
	gic_init();
	gic_enable_private(TIMER_VIRT_PPI, 0x80);
	gic_enable_private(SGI, 0x80);
	irq_enable();

	/* A 1 ms timer: how late, in whole microseconds. */
	uint64_t cval = cnt_virt() + ms_ticks(1);
	write_sysreg(cntv_cval_el0, cval);
	vtimer_ctl(CNT_CTL_ENABLE);
	while (!counts[TIMER_VIRT_PPI])
		wfi();
	printf("host_faults: 1 ms timer fired %lu us late\n",
	       (unsigned long)((timer_at - cval) * 1000000 / cnt_freq()));

	/* An SGI to self, then up to 1 ms for it. */
	gic_send_sgi_self(SGI);
	sleep_until(cnt_virt() + ms_ticks(1));
	printf("host_faults: SGI %u to self %s\n", SGI, counts[SGI] ? "taken" : "lost");

	/* SPI 40 enabled though nothing drives it. */
	gic_enable_spi(SPI, 0x80);
	sleep_until(ms_ticks(10));
	printf("host_faults: SPI %u (no device) taken %u times\n", SPI, counts[SPI]);

	/* A word written once, read back until 20 ms. */
	volatile uint32_t *word = (volatile uint32_t *)SHARED_WORD;
	*word = 0x600df00d;
	uint32_t seen = *word;
	uint64_t end = ms_ticks(20);
	while (seen == 0x600df00d && cnt_virt() < end)
		seen = *word;
	if (seen == 0x600df00d)
		printf("host_faults: the word stayed 0x%08x\n", seen);
	else
		printf("host_faults: the word changed under the guest: 0x600df00d -> 0x%08x\n", seen);
	irq_disable();
	return 0;
}
