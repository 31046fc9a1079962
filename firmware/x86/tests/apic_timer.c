/*
 * The local APIC timer (SDM 3:11.5.4): one-shot and periodic, and a
 * masked one that counts without interrupting; with -DTSC_DEADLINE the
 * TSC-deadline mode instead (SDM 3:11.5.4.1), which QEMU 7.2's TCG does
 * not offer. On
 * hvsim the TSC counts virtual nanoseconds and the timer ticks once a
 * nanosecond before its divider, so each interrupt must come at its
 * virtual time, to within the few instructions around the measurement
 * (SLACK_NS); a miss prints a line the expected output lacks. QEMU's
 * timer runs on host time: there only the architectural lower bounds are
 * checked.
 */
#include "fw.h"

#define SLACK_NS 500

static volatile unsigned fired, vec;
static volatile uint64_t fire_tsc[4];
/*
 * The periodic test's count: its handler stops the timer at the last
 * interrupt wanted (stop_after). An interrupt after that (late) is one
 * whose period ended before the handler's write: on QEMU, whose timer
 * runs on host time, a host that holds the vCPU thread for a period
 * (100 us) latches the next one in IRR, and the EOI delivers it. That is
 * QEMU's host time, not the guest's doing, so it is only an error on
 * hvsim, where the timer runs on virtual time.
 */
static volatile unsigned stop_after, late;

static void on_timer(unsigned v)
{
	if (stop_after && fired == stop_after) {
		late++;
		lapic_write(APIC_EOI, 0);
		return;
	}
	if (fired < 4)
		fire_tsc[fired] = rdtsc();
	fired++;
	vec = v;
	if (fired == stop_after)
		lapic_write(APIC_TIMER_INIT, 0);
	lapic_write(APIC_EOI, 0);
}

static bool hvsim;

/* An interval measured in TSC ticks against the virtual time it should take. */
static void check(const char *what, uint64_t got, uint64_t want)
{
	if (got < want && hvsim)
		printf("%s: early, %u ns instead of %u\n", what, (unsigned)got, (unsigned)want);
	else if (hvsim && got > want + SLACK_NS)
		printf("%s: late, %u ns instead of %u\n", what, (unsigned)got, (unsigned)want);
}

static void wait_for(unsigned n)
{
	while (fired < n)
		sti_hlt();
	cli();
}

#ifndef TSC_DEADLINE
static void one_shot(void)
{
	fired = 0;
	lapic_write(APIC_TIMER_DIV, 0xb);                 /* divide by 1 */
	lapic_write(APIC_LVT_TIMER, 0x30);                /* one-shot, vector 0x30 */
	/* The count runs down from the initial count (4.3 s of it: QEMU's timer runs on host time). */
	lapic_write(APIC_TIMER_INIT, 0xffffffff);
	uint32_t cur = lapic_read(APIC_TIMER_CUR);
	for (uint64_t t = rdtsc(); rdtsc() - t < 10000;)
		;
	uint32_t later = lapic_read(APIC_TIMER_CUR);
	printf("one-shot: counting down %s\n", cur > 0 && later < cur ? "yes" : "no");
	lapic_write(APIC_TIMER_INIT, 0);                  /* stopped */
	uint64_t t0 = rdtsc();
	lapic_write(APIC_TIMER_INIT, 10000000);           /* 10 ms */
	wait_for(1);
	check("one-shot", fire_tsc[0] - t0, 10000000);
	printf("one-shot: vector 0x%x, current count %u\n", vec, lapic_read(APIC_TIMER_CUR));
	/* It does not come again. */
	uint64_t t1 = rdtsc();
	while (rdtsc() - t1 < 300000)
		;
	irq_window();
	printf("one-shot: %u interrupt(s)\n", fired);
}

static void periodic(void)
{
	fired = 0;
	stop_after = 3;                                   /* the third interrupt stops it */
	lapic_write(APIC_TIMER_DIV, 0x3);                 /* divide by 16 */
	lapic_write(APIC_LVT_TIMER, 0x31 | 1u << 17);     /* periodic, vector 0x31 */
	uint64_t t0 = rdtsc();
	lapic_write(APIC_TIMER_INIT, 6250);               /* 6250 * 16 = 100 us a period */
	wait_for(3);
	/* A period that ended before the handler's stop is delivered after its EOI. */
	uint64_t t1 = rdtsc();
	while (rdtsc() - t1 < 300000)
		;
	irq_window();
	stop_after = 0;
	if (late && hvsim)
		printf("periodic: %u interrupt(s) after the stop\n", late);
	check("periodic 1", fire_tsc[0] - t0, 100000);
	/* Periods are counted from the deadlines, not from the interrupts' handling. */
	check("periodic 2", fire_tsc[1] - t0, 200000);
	check("periodic 3", fire_tsc[2] - t0, 300000);
	printf("periodic: vector 0x%x, %u interrupts, stopped with count %u\n", vec, fired,
	       lapic_read(APIC_TIMER_CUR));
}


static void masked(void)
{
	fired = 0;
	lapic_write(APIC_TIMER_DIV, 0xb);
	lapic_write(APIC_LVT_TIMER, 0x30 | 1u << 16);
	lapic_write(APIC_TIMER_INIT, 20000);
	sti();
	while (lapic_read(APIC_TIMER_CUR))
		;
	cli();
	printf("masked: ran out with %u interrupts\n", fired);
}

#else
static void tsc_deadline(void)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	if (!(r[2] & (1u << 24))) {
		printf("tsc-deadline: not offered\n");
		return;
	}
	fired = 0;
	lapic_write(APIC_LVT_TIMER, 0x32 | 2u << 17);     /* TSC-deadline, vector 0x32 */
	uint64_t t0 = rdtsc(), deadline = t0 + 150000;
	wrmsr(0x6e0, deadline);
	printf("tsc-deadline: armed %s\n", rdmsr(0x6e0) == deadline ? "yes" : "no");
	lapic_write(APIC_TIMER_INIT, 5);                  /* ignored in this mode */
	wait_for(1);
	printf("tsc-deadline: vector 0x%x, at or after the deadline %s, MSR now %u\n", vec,
	       fire_tsc[0] >= deadline ? "yes" : "no", (unsigned)rdmsr(0x6e0));
	if (hvsim)
		check("tsc-deadline", fire_tsc[0] - t0, 150000);
	/* A deadline in the past fires at once; 0 disarms. */
	fired = 0;
	wrmsr(0x6e0, 1);
	wait_for(1);
	wrmsr(0x6e0, rdtsc() + 100000);
	wrmsr(0x6e0, 0);
	uint64_t t1 = rdtsc();
	while (rdtsc() - t1 < 300000)
		;
	irq_window();
	printf("tsc-deadline: past deadline fired, disarmed one did not: %s\n", fired == 1 ? "yes" : "no");
}

#endif

int main(void)
{
	fw_init();
	hvsim = fw_on_hvsim();
	for (unsigned v = 0x30; v <= 0x32; v++)
		fw_on(v, on_timer);
#ifdef TSC_DEADLINE
	tsc_deadline();
#else
	one_shot();
	periodic();
	masked();
#endif
	printf("done\n");
	return 0;
}
