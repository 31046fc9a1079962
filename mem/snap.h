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
 * Header-only (the byte stream behind it is a callback), and at the bottom
 * of the layers' diamond (docs/architecture.md) because every layer has
 * state to save: dev/ and hv/ use it without seeing a CPU, and the engine
 * adds its own parts in cpu/core/snap.h.
 */
#ifndef HVSIM_MEM_SNAP_H
#define HVSIM_MEM_SNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

#endif
