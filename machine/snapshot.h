/*
 * The snapshot serialisation layer (machine/snapshot.c writes and reads the
 * file; docs/snapshots.md describes it). Every model has one function that
 * both saves and loads its state through a `struct snap` (the direction is
 * s->loading), so save and load cannot drift apart: a CPU's or device's
 * function lists its fields once, as a field table or as snap_val() calls,
 * each in a tagged section. Pointers, callbacks and host resources (file
 * descriptors, caches) are never written: they are the live machine's,
 * built by the same configuration. Decoded blocks and TLBs are not state;
 * a restore flushes them.
 *
 * Header-only (the byte stream behind it is a callback), so that cpu/ and
 * dev/ use it without linking against machine/.
 */
#ifndef HVSIM_SNAPSHOT_H
#define HVSIM_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cpu/core/core.h"

struct snap {
	bool loading;
	bool failed;               /* a read or write failed: the rest is skipped */
	char why[160];             /* what failed, for the user */
	/* Move len bytes to (saving) or from (loading) the stream; false on failure. */
	bool (*io)(struct snap *s, void *p, size_t len);
	void *opaque;
};

/* A plain-data field of a struct: its bytes are its state. */
struct snap_field {
	size_t off, len;
};
#define SNAP_FIELD(type, f) { offsetof(type, f), sizeof(((type *)0)->f) }
#define SNAP_N(table) (sizeof(table) / sizeof((table)[0]))

static inline void snap_fail(struct snap *s, const char *why)
{
	if (!s->failed) {
		s->failed = true;
		snprintf(s->why, sizeof(s->why), "%s", why);
	}
}

static inline void snap_bytes(struct snap *s, void *p, size_t len)
{
	if (!s->failed && !s->io(s, p, len))
		snap_fail(s, "the snapshot is truncated or corrupt");
}
#define snap_val(s, x) snap_bytes((s), &(x), sizeof(x))

/*
 * A section's tag: written when saving, checked when loading, so a stream
 * that has gone out of step is named rather than misread.
 */
static inline void snap_section(struct snap *s, const char *tag)
{
	char want[16] = { 0 }, got[16];
	strncpy(want, tag, sizeof(want) - 1);
	memcpy(got, want, sizeof(got));
	snap_bytes(s, got, sizeof(got));
	if (!s->failed && memcmp(got, want, sizeof(got))) {
		char why[96];
		snprintf(why, sizeof(why), "section '%.15s' expected, the snapshot has another", tag);
		snap_fail(s, why);
	}
}

static inline void snap_fields(struct snap *s, void *obj, const struct snap_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		snap_bytes(s, (uint8_t *)obj + f[i].off, f[i].len);
}

/* A value read back that must be below `limit` (an index, a count). */
static inline void snap_check(struct snap *s, uint64_t v, uint64_t limit, const char *what)
{
	if (s->loading && !s->failed && v >= limit) {
		char why[96];
		snprintf(why, sizeof(why), "the snapshot's %s is out of range", what);
		snap_fail(s, why);
	}
}

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
		SNAP_FIELD(struct core_vcpu, ev), SNAP_FIELD(struct core_vcpu, count_ev),
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
