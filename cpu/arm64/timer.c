/*
 * The generic timer (Arm ARM D11 "The Generic Timer in AArch64 state"):
 * the system counter derived from virtual time, and the EL1 physical,
 * EL1 virtual, EL2 physical and EL2 virtual timers, each raising its PPI
 * through the platform's interrupt controller.
 */
#include "cpu/arm64/arm64.h"

/* PPI INTIDs on the virt board (Linux's DT: arch timer interrupts). */
static const unsigned timer_ppi[A64_TIMER_COUNT] = { 30, 27, 26, 28 };

#define CTL_ENABLE 1u
#define CTL_IMASK 2u
#define CTL_ISTATUS 4u

uint64_t a64_counter(const struct arm64_cpu *c)
{
	return c->core.cycles >> c->cnt_shift;
}

uint64_t a64_virtual_count(const struct arm64_cpu *c)
{
	return a64_counter(c) - (a64_host(c) ? 0 : c->sr.cntvoff_el2);
}

/*
 * The offset a timer's count carries: the EL1 virtual timer counts
 * CNTPCT - CNTVOFF_EL2; the EL2 virtual timer (FEAT_VHE) serves the EL2&0
 * regime, whose virtual offset is zero, and counts CNTPCT like the
 * physical timers.
 */
static uint64_t timer_offset(const struct arm64_cpu *c, enum a64_timer t)
{
	return t == A64_TIMER_VIRT ? c->sr.cntvoff_el2 : 0;
}

static uint64_t *ctl_reg(struct arm64_cpu *c, enum a64_timer t)
{
	switch (t) {
	case A64_TIMER_PHYS: return &c->sr.cntp_ctl_el0;
	case A64_TIMER_VIRT: return &c->sr.cntv_ctl_el0;
	case A64_TIMER_HYP: return &c->sr.cnthp_ctl_el2;
	default: return &c->sr.cnthv_ctl_el2;
	}
}

static uint64_t *cval_reg(struct arm64_cpu *c, enum a64_timer t)
{
	switch (t) {
	case A64_TIMER_PHYS: return &c->sr.cntp_cval_el0;
	case A64_TIMER_VIRT: return &c->sr.cntv_cval_el0;
	case A64_TIMER_HYP: return &c->sr.cnthp_cval_el2;
	default: return &c->sr.cnthv_cval_el2;
	}
}

/* The count a timer compares against at cycle `now`. */
static uint64_t timer_count(const struct arm64_cpu *c, enum a64_timer t, uint64_t now)
{
	return (now >> c->cnt_shift) - timer_offset(c, t);
}

static bool condition_met(struct arm64_cpu *c, enum a64_timer t, uint64_t now)
{
	return timer_count(c, t, now) >= *cval_reg(c, t);
}

/*
 * Recompute the output line as of cycle `now` and arm the event for when the
 * condition will be met. An event may fire for this vCPU while another runs,
 * so `now` is the event's time, not this vCPU's cycle count.
 */
static void timer_update(struct arm64_cpu *c, enum a64_timer t, uint64_t now)
{
	uint64_t ctl = *ctl_reg(c, t);
	bool met = (ctl & CTL_ENABLE) && condition_met(c, t, now);
	bool level = met && !(ctl & CTL_IMASK);
	if (level != c->timer_level[t]) {
		c->timer_level[t] = level;
		if (c->plat.ppi)
			c->plat.ppi(c->plat.gic, c->core.index, timer_ppi[t], level);
	}
	if (!c->events)
		return;
	if ((ctl & CTL_ENABLE) && !met) {
		/* Fires when count reaches CVAL: in cycles, the first tick at or past it. */
		uint64_t cval = *cval_reg(c, t);
		uint64_t tick = cval + timer_offset(c, t);
		uint64_t when = tick > (UINT64_MAX >> c->cnt_shift) ? UINT64_MAX : tick << c->cnt_shift;
		if (when != UINT64_MAX) {
			/* A skewed event that comes early finds the condition unmet and re-arms, as KVM's does. */
			when = core_timer_when(&c->core, when);
			core_event_arm(c->events, &c->timer_ev[t], when);
			core_vcpu_kick_at(&c->core, when);
			return;
		}
	}
	core_event_cancel(c->events, &c->timer_ev[t]);
}

static void timer_fire(void *opaque, uint64_t now)
{
	struct arm64_cpu *c = opaque;
	for (int t = 0; t < A64_TIMER_COUNT; t++)
		timer_update(c, t, now);
}

void a64_timer_init(struct arm64_cpu *c, struct core_events *events)
{
	c->events = events;
	for (int t = 0; t < A64_TIMER_COUNT; t++) {
		c->timer_ev[t].fn = timer_fire;
		c->timer_ev[t].opaque = c;
		c->timer_ev[t].heap_index = -1;
		c->timer_level[t] = false;
	}
}

uint64_t a64_timer_read(struct arm64_cpu *c, enum a64_timer t, unsigned reg)
{
	switch (reg) {
	case A64_TIMER_CTL: {
		uint64_t ctl = *ctl_reg(c, t) & (CTL_ENABLE | CTL_IMASK);
		if ((ctl & CTL_ENABLE) && condition_met(c, t, c->core.cycles))
			ctl |= CTL_ISTATUS;
		return ctl;
	}
	case A64_TIMER_CVAL:
		return *cval_reg(c, t);
	default:
		/* TVAL: CVAL - count, as a signed 32-bit value (D11.2.4). */
		return (uint64_t)(int64_t)(int32_t)(uint32_t)(*cval_reg(c, t) - timer_count(c, t, c->core.cycles));
	}
}

void a64_timer_write(struct arm64_cpu *c, enum a64_timer t, unsigned reg, uint64_t val)
{
	switch (reg) {
	case A64_TIMER_CTL:
		*ctl_reg(c, t) = val & (CTL_ENABLE | CTL_IMASK);
		break;
	case A64_TIMER_CVAL:
		*cval_reg(c, t) = val;
		break;
	default:
		*cval_reg(c, t) = timer_count(c, t, c->core.cycles) + (uint64_t)(int64_t)(int32_t)(uint32_t)val;
		break;
	}
	timer_update(c, t, c->core.cycles);
}

void a64_timer_update_all(struct arm64_cpu *c)
{
	for (int t = 0; t < A64_TIMER_COUNT; t++)
		timer_update(c, t, c->core.cycles);
}
