/*
 * The stable counter and the constant timer (LA RM 2.2.10.4 RDTIME, 7.6
 * "Timer Related Control and Status Registers") on virtual time.
 *
 * The stable counter runs at la_platform.stable_hz: it reads floor(cycles
 * * stable_hz / core hz). The timer counts down in the same ticks: written
 * with En at counter value N, TVAL is InitVal - (counter - N) and reaches 0
 * at N + InitVal, when the timer line (ESTAT.IS[11]) goes up. Periodic, it
 * reloads InitVal then and goes on (the next zero InitVal ticks later);
 * one-shot, it stops with its count wrapped to all ones, as a Loongson
 * core's TVAL reads afterwards (Linux's KVM timer selftest,
 * tools/testing/selftests/kvm/loongarch/arch_timer.c, relies on it).
 * Disabled, it holds its count. The line stays up until TICLR clears it.
 */
#include "cpu/loongarch/loongarch.h"

#define TCFG_EN 1ull
#define TCFG_PERIODIC 2ull
#define TIMER_ALL_ONES ((1ull << LA_TIMER_BITS) - 1)
/* InitVal (7.6.2): bits TimerBits:2, used with two zero bits below. */
#define TCFG_INITVAL(t) ((t) & TIMER_ALL_ONES & ~3ull)

uint64_t la_stable_counter(const struct la_cpu *c)
{
	return core_clock_scale(c->core.cycles, c->core.timing->hz, c->plat.stable_hz);
}

/* The first core cycle at which the counter reads `tick`: ceil(tick * hz / stable_hz). */
static uint64_t tick_cycle(const struct la_cpu *c, uint64_t tick)
{
	unsigned __int128 t = (unsigned __int128)tick * c->core.timing->hz + c->plat.stable_hz - 1;
	return (uint64_t)(t / c->plat.stable_hz);
}

static void arm(struct la_cpu *c, uint64_t deadline)
{
	uint64_t when = core_timer_when(&c->core, tick_cycle(c, deadline));
	c->timer_deadline = deadline;
	core_event_arm(c->events, &c->timer_ev, when);
	core_vcpu_kick_at(&c->core, when);
}

static bool counting(const struct la_cpu *c)
{
	return c->timer_ev.heap_index >= 0;
}

/*
 * TVAL reaches zero. The event fires at its own time, whichever vCPU runs,
 * so the next period starts from the deadline, not from `now`. A periodic
 * timer with InitVal 0 behaves as a one-shot one.
 */
static void fire(void *opaque, uint64_t now)
{
	struct la_cpu *c = opaque;
	uint64_t init = TCFG_INITVAL(c->csr.tcfg);
	la_set_irq(c, LA_IRQ_TIMER, true);
	if ((c->csr.tcfg & TCFG_PERIODIC) && init)
		arm(c, c->timer_deadline + init);
	else
		c->timer_tval = TIMER_ALL_ONES;
}

void la_timer_init(struct la_cpu *c, struct core_events *events)
{
	c->events = events;
	c->timer_ev = (struct core_event){ .fn = fire, .opaque = c, .heap_index = -1 };
	c->timer_tval = 0;
}

uint64_t la_timer_tval(const struct la_cpu *c)
{
	if (!counting(c))
		return c->timer_tval;
	uint64_t now = la_stable_counter(c);
	return now >= c->timer_deadline ? 0 : c->timer_deadline - now;
}

/* A TCFG write configures the timer anew: with En it counts down from InitVal, without it stops where it is. */
void la_timer_write_tcfg(struct la_cpu *c, uint64_t tcfg)
{
	c->timer_tval = la_timer_tval(c);
	core_event_cancel(c->events, &c->timer_ev);
	c->csr.tcfg = tcfg;
	if (tcfg & TCFG_EN)
		arm(c, la_stable_counter(c) + TCFG_INITVAL(tcfg));
}
