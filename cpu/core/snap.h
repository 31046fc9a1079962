/*
 * The engine's state in a snapshot (the primitives are mem/snap.h): an
 * event on the virtual-time queue and the ISA-neutral part of a vCPU.
 */
#ifndef HVSIM_CORE_SNAP_H
#define HVSIM_CORE_SNAP_H

#include "cpu/core/core.h"
#include "mem/snap.h"

/*
 * An event on the virtual-time queue: whether it is armed, when, and its
 * tie-breaking order. Loading re-queues it (the queue was emptied first).
 */
static inline void snap_event(struct snap *s, struct core_events *q, struct core_event *ev)
{
	uint8_t armed = ev->heap_index >= 0;
	uint64_t when = ev->when, seq = ev->seq;
	snap_val(s, armed);
	snap_val(s, when);
	snap_val(s, seq);
	if (!s->loading || s->failed)
		return;
	core_event_cancel(q, ev);
	if (armed)
		core_event_restore(q, ev, when, seq);
}

/*
 * The engine's part of a vCPU: where it is, its clocks and statistics, its
 * sleep, its requester identity, which TLB regime is current. The loop's
 * own bookkeeping (stop_at, check_at) is not state: the vCPU is kicked.
 */
static inline void snap_core_vcpu(struct snap *s, struct core_vcpu *v)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct core_vcpu, pc), SNAP_FIELD(struct core_vcpu, cycles),
		SNAP_FIELD(struct core_vcpu, insns), SNAP_FIELD(struct core_vcpu, mode),
		SNAP_FIELD(struct core_vcpu, halted), SNAP_FIELD(struct core_vcpu, halt_kind),
		SNAP_FIELD(struct core_vcpu, irq_pending), SNAP_FIELD(struct core_vcpu, boundary),
		SNAP_FIELD(struct core_vcpu, n_blocks_decoded),
		SNAP_FIELD(struct core_vcpu, n_exceptions),
	};
	snap_fields(s, v, f, SNAP_N(f));
	snap_val(s, v->req.kind);
	snap_val(s, v->req.view);
	snap_val(s, v->req.level);
	snap_val(s, v->req.ctx);
	uint32_t regime = (uint32_t)(v->tlb - v->tlbs);
	snap_val(s, regime);
	snap_check(s, regime, v->isa->tlb_regimes, "TLB regime");
	if (s->loading && !s->failed) {
		v->tlb = &v->tlbs[regime];
		v->exit = CORE_EXIT_NONE;
		core_vcpu_kick(v);
	}
}

#endif
