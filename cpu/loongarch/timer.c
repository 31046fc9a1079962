/*
 * The stable counter and the constant timer (LA RM 2.2.10.4 RDTIME, 7.6
 * "Timer Related Control and Status Registers"), on virtual time: the
 * counter runs at la_platform.stable_hz; TVAL counts down from TCFG.InitVal
 * in the same ticks; reaching zero raises the timer line (IS[11]), and a
 * periodic timer reloads.
 */
#include "cpu/loongarch/loongarch.h"

#define TCFG_EN 1ull
#define TCFG_PERIODIC 2ull
#define TCFG_INITVAL(t) ((t) & ~3ull)

static uint64_t ticks_to_cycles(const struct la_cpu *c, uint64_t ticks)
{
	return core_clock_scale(ticks, c->plat.stable_hz, c->core.timing->hz);
}

uint64_t la_stable_counter(const struct la_cpu *c)
{
	return core_clock_scale(c->core.cycles, c->core.timing->hz, c->plat.stable_hz);
}

static void arm(struct la_cpu *c, uint64_t from)
{
	c->timer_deadline = from + ticks_to_cycles(c, TCFG_INITVAL(c->csr.tcfg));
	core_event_arm(c->events, &c->timer_ev, c->timer_deadline);
	core_vcpu_kick_at(&c->core, c->timer_deadline);
}

static void fire(void *opaque, uint64_t now)
{
	struct la_cpu *c = opaque;
	la_set_irq(c, LA_IRQ_TIMER, true);
	if (c->csr.tcfg & TCFG_PERIODIC)
		arm(c, c->timer_deadline);
	else
		c->csr.tcfg &= ~TCFG_EN;
}

void la_timer_init(struct la_cpu *c, struct core_events *events)
{
	c->events = events;
	c->timer_ev = (struct core_event){ .fn = fire, .opaque = c, .heap_index = -1 };
}

void la_timer_write_tcfg(struct la_cpu *c, uint64_t tcfg)
{
	c->csr.tcfg = tcfg;
	core_event_cancel(c->events, &c->timer_ev);
	if (tcfg & TCFG_EN)
		arm(c, c->core.cycles);
}

uint64_t la_timer_tval(const struct la_cpu *c)
{
	if (!(c->csr.tcfg & TCFG_EN) || c->core.cycles >= c->timer_deadline)
		return 0;
	return core_clock_scale(c->timer_deadline - c->core.cycles, c->core.timing->hz,
				c->plat.stable_hz);
}
