/*
 * The event queue on virtual time: a binary min-heap ordered by (when, seq),
 * so events due at the same cycle fire in the order they were armed and a
 * run is reproducible.
 */
#include <stdlib.h>

#include "cpu/core/core.h"

void core_events_init(struct core_events *q)
{
	q->heap = NULL;
	q->n = q->cap = 0;
	q->seq = 0;
}

void core_events_free(struct core_events *q)
{
	free(q->heap);
	core_events_init(q);
}

static bool before(const struct core_event *a, const struct core_event *b)
{
	return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void place(struct core_events *q, int i, struct core_event *ev)
{
	q->heap[i] = ev;
	ev->heap_index = i;
}

static void sift_up(struct core_events *q, int i)
{
	struct core_event *ev = q->heap[i];
	while (i > 0) {
		int parent = (i - 1) / 2;
		if (!before(ev, q->heap[parent]))
			break;
		place(q, i, q->heap[parent]);
		i = parent;
	}
	place(q, i, ev);
}

static void sift_down(struct core_events *q, int i)
{
	struct core_event *ev = q->heap[i];
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		const struct core_event *best = ev;
		if (l < q->n && before(q->heap[l], best)) {
			m = l;
			best = q->heap[l];
		}
		if (r < q->n && before(q->heap[r], best))
			m = r;
		if (m == i)
			break;
		place(q, i, q->heap[m]);
		i = m;
	}
	place(q, i, ev);
}

void core_event_cancel(struct core_events *q, struct core_event *ev)
{
	int i = ev->heap_index;
	if (i < 0 || i >= q->n || q->heap[i] != ev)
		return;
	ev->heap_index = -1;
	struct core_event *last = q->heap[--q->n];
	if (i == q->n)
		return;
	place(q, i, last);
	sift_down(q, i);
	sift_up(q, last->heap_index);
}

/* Queue ev at (when, seq), after taking it out if it was queued. */
static void insert(struct core_events *q, struct core_event *ev, uint64_t when, uint64_t seq)
{
	core_event_cancel(q, ev);
	if (q->n == q->cap) {
		int cap = q->cap ? q->cap * 2 : 16;
		struct core_event **h = realloc(q->heap, cap * sizeof(*h));
		if (!h)
			abort();
		q->heap = h;
		q->cap = cap;
	}
	ev->when = when;
	ev->seq = seq;
	place(q, q->n, ev);
	q->n++;
	sift_up(q, q->n - 1);
}

void core_event_arm(struct core_events *q, struct core_event *ev, uint64_t when)
{
	insert(q, ev, when, q->seq++);
}

void core_event_restore(struct core_events *q, struct core_event *ev, uint64_t when, uint64_t seq)
{
	insert(q, ev, when, seq);
}

uint64_t core_events_next(const struct core_events *q)
{
	return q->n ? q->heap[0]->when : UINT64_MAX;
}

void core_events_run(struct core_events *q, uint64_t now)
{
	while (q->n && q->heap[0]->when <= now) {
		struct core_event *ev = q->heap[0];
		core_event_cancel(q, ev);
		ev->fn(ev->opaque, now);
	}
}
