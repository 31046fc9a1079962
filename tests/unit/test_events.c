/*
 * The event queue on virtual time: (when, arming order) ordering, re-arming,
 * cancelling, events armed by callbacks, and a randomised soak.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/core/core.h"

#define MAX_FIRED 4096

/* Every firing, in order: which event, at which `now`, for which `when`. */
struct log {
	int n;
	int id[MAX_FIRED];
	uint64_t now[MAX_FIRED];
	uint64_t when[MAX_FIRED];
	uint64_t seq[MAX_FIRED];
};

struct tev {
	struct core_event ev;
	int id;
	struct log *log;
	struct core_events *q;
	/* What the callback does besides logging. */
	struct tev *arm_other;      /* arm this one ... */
	uint64_t arm_other_at;      /* ... at this cycle */
	struct tev *cancel_other;
	uint64_t period;            /* re-arm itself this much later */
};

static void fire(void *opaque, uint64_t now)
{
	struct tev *t = opaque;
	struct log *l = t->log;
	assert_true(l->n < MAX_FIRED);
	/* Fired events are off the queue before their callback runs. */
	assert_int_equal(t->ev.heap_index, -1);
	l->id[l->n] = t->id;
	l->now[l->n] = now;
	l->when[l->n] = t->ev.when;
	l->seq[l->n] = t->ev.seq;
	l->n++;
	if (t->arm_other)
		core_event_arm(t->q, &t->arm_other->ev, t->arm_other_at);
	if (t->cancel_other)
		core_event_cancel(t->q, &t->cancel_other->ev);
	if (t->period)
		core_event_arm(t->q, &t->ev, t->ev.when + t->period);
}

struct fixture {
	struct core_events q;
	struct log log;
	struct tev ev[8];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	core_events_init(&f->q);
	for (int i = 0; i < 8; i++) {
		f->ev[i].ev.fn = fire;
		f->ev[i].ev.opaque = &f->ev[i];
		f->ev[i].ev.heap_index = -1;
		f->ev[i].id = i;
		f->ev[i].log = &f->log;
		f->ev[i].q = &f->q;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	core_events_free(&f->q);
	free(f);
	return 0;
}

static void arm(struct fixture *f, int i, uint64_t when)
{
	core_event_arm(&f->q, &f->ev[i].ev, when);
}

static void assert_fired(const struct fixture *f, const int *ids, int n)
{
	assert_int_equal(f->log.n, n);
	for (int i = 0; i < n; i++)
		assert_int_equal(f->log.id[i], ids[i]);
}

static void test_empty(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(core_events_next(&f->q), UINT64_MAX);
	core_events_run(&f->q, UINT64_MAX);
	assert_int_equal(f->log.n, 0);
	/* Cancelling what was never armed is harmless. */
	core_event_cancel(&f->q, &f->ev[0].ev);
	assert_int_equal(f->q.n, 0);
}

static void test_order_by_time(void **state)
{
	struct fixture *f = *state;
	arm(f, 0, 30);
	arm(f, 1, 10);
	arm(f, 2, 20);
	arm(f, 3, 1000);
	assert_int_equal(core_events_next(&f->q), 10);

	/* Only what is due fires; `now` is passed to every callback. */
	core_events_run(&f->q, 9);
	assert_int_equal(f->log.n, 0);
	core_events_run(&f->q, 10);
	assert_fired(f, (int[]){ 1 }, 1);
	assert_int_equal(f->log.now[0], 10);
	assert_int_equal(core_events_next(&f->q), 20);

	core_events_run(&f->q, 500);
	assert_fired(f, (int[]){ 1, 2, 0 }, 3);
	assert_int_equal(f->log.now[1], 500);
	assert_int_equal(f->log.now[2], 500);
	assert_int_equal(f->log.when[1], 20);
	assert_int_equal(f->log.when[2], 30);
	assert_int_equal(core_events_next(&f->q), 1000);
	assert_int_equal(f->ev[3].ev.heap_index, 0);
	assert_int_equal(f->ev[0].ev.heap_index, -1);

	core_events_run(&f->q, 1000);
	assert_fired(f, (int[]){ 1, 2, 0, 3 }, 4);
	assert_int_equal(core_events_next(&f->q), UINT64_MAX);
}

static void test_ties_in_arming_order(void **state)
{
	struct fixture *f = *state;
	arm(f, 4, 50);
	arm(f, 1, 50);
	arm(f, 6, 50);
	arm(f, 0, 50);
	arm(f, 2, 40);
	arm(f, 3, 50);
	core_events_run(&f->q, 50);
	assert_fired(f, (int[]){ 2, 4, 1, 6, 0, 3 }, 6);
}

static void test_rearm_moves(void **state)
{
	struct fixture *f = *state;
	arm(f, 0, 10);
	arm(f, 1, 20);
	arm(f, 2, 30);
	/* Later: the event is moved, not duplicated. */
	arm(f, 0, 25);
	assert_int_equal(f->q.n, 3);
	assert_int_equal(core_events_next(&f->q), 20);
	/* Earlier. */
	arm(f, 2, 5);
	assert_int_equal(f->q.n, 3);
	assert_int_equal(core_events_next(&f->q), 5);
	/* To the same cycle: it goes behind its tie (armed again, later). */
	arm(f, 3, 20);
	arm(f, 1, 20);
	core_events_run(&f->q, 100);
	assert_fired(f, (int[]){ 2, 3, 1, 0 }, 4);
	assert_int_equal(f->log.when[3], 25);
	assert_int_equal(f->q.n, 0);
}

static void test_cancel(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 6; i++)
		arm(f, i, 100 + 10 * i);
	/* The head, one in the middle, the last. */
	core_event_cancel(&f->q, &f->ev[0].ev);
	core_event_cancel(&f->q, &f->ev[3].ev);
	core_event_cancel(&f->q, &f->ev[5].ev);
	assert_int_equal(f->q.n, 3);
	assert_int_equal(f->ev[3].ev.heap_index, -1);
	assert_int_equal(core_events_next(&f->q), 110);
	/* Twice is harmless. */
	core_event_cancel(&f->q, &f->ev[3].ev);
	assert_int_equal(f->q.n, 3);

	core_events_run(&f->q, 1000);
	assert_fired(f, (int[]){ 1, 2, 4 }, 3);
	/* After firing, cancelling is harmless; a cancelled event can be re-armed. */
	core_event_cancel(&f->q, &f->ev[1].ev);
	arm(f, 3, 2000);
	assert_int_equal(core_events_next(&f->q), 2000);
	core_events_run(&f->q, 2000);
	assert_fired(f, (int[]){ 1, 2, 4, 3 }, 4);
}

static void test_zeroed_event_is_safe(void **state)
{
	struct fixture *f = *state;
	/* A never-armed event with heap_index 0 (calloc'd) is not mistaken for the head. */
	struct tev z;
	memset(&z, 0, sizeof(z));
	z.ev.fn = fire;
	z.ev.opaque = &z;
	z.id = 7;
	z.log = &f->log;
	arm(f, 0, 10);
	core_event_cancel(&f->q, &z.ev);
	assert_int_equal(f->q.n, 1);
	assert_int_equal(f->ev[0].ev.heap_index, 0);
	core_event_arm(&f->q, &z.ev, 5);
	assert_int_equal(f->q.n, 2);
	core_events_run(&f->q, 10);
	assert_fired(f, (int[]){ 7, 0 }, 2);
}

static void test_armed_from_callback(void **state)
{
	struct fixture *f = *state;
	/* 0 at 10 arms 1 at 12 (due now: fires in this run) and 2 at 200 (not yet). */
	f->ev[0].arm_other = &f->ev[1];
	f->ev[0].arm_other_at = 12;
	f->ev[1].arm_other = &f->ev[2];
	f->ev[1].arm_other_at = 200;
	/* 3 at 15 cancels 4, due at 20. */
	f->ev[3].cancel_other = &f->ev[4];
	arm(f, 0, 10);
	arm(f, 3, 15);
	arm(f, 4, 20);
	arm(f, 5, 12);
	core_events_run(&f->q, 100);
	/* 1 and 5 tie at 12: 5 was armed first. */
	assert_fired(f, (int[]){ 0, 5, 1, 3 }, 4);
	assert_int_equal(core_events_next(&f->q), 200);
	assert_int_equal(f->q.n, 1);
}

static void test_periodic_rearm_in_callback(void **state)
{
	struct fixture *f = *state;
	f->ev[0].period = 10;
	arm(f, 0, 10);
	arm(f, 1, 35);
	core_events_run(&f->q, 55);
	assert_fired(f, (int[]){ 0, 0, 0, 1, 0, 0 }, 6);
	for (int i = 0; i < 3; i++)
		assert_int_equal(f->log.when[i], 10 * (i + 1));
	assert_int_equal(f->log.when[4], 40);
	assert_int_equal(f->log.when[5], 50);
	assert_int_equal(core_events_next(&f->q), 60);
	/* Cancelled, it stops. */
	core_event_cancel(&f->q, &f->ev[0].ev);
	core_events_run(&f->q, 1000);
	assert_int_equal(f->log.n, 6);
}

/* A small fixed-seed generator (so a failure reproduces). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

#define N_RANDOM 1500

static void test_random_events_fire_sorted(void **state)
{
	(void)state;
	struct core_events q;
	static struct tev ev[N_RANDOM];
	static struct log log;
	memset(&log, 0, sizeof(log));
	core_events_init(&q);
	rng_state = 0x9e3779b97f4a7c15ull;

	bool armed[N_RANDOM] = { false };
	for (int i = 0; i < N_RANDOM; i++) {
		memset(&ev[i], 0, sizeof(ev[i]));
		ev[i].ev.fn = fire;
		ev[i].ev.opaque = &ev[i];
		ev[i].ev.heap_index = -1;
		ev[i].id = i;
		ev[i].log = &log;
		ev[i].q = &q;
		/* Narrow range: plenty of ties. */
		core_event_arm(&q, &ev[i].ev, rng() % 500);
		armed[i] = true;
	}
	/* Shuffle the queue: re-arm some, cancel some. */
	for (int k = 0; k < N_RANDOM; k++) {
		int i = (int)(rng() % N_RANDOM);
		if (rng() % 4 == 0) {
			core_event_cancel(&q, &ev[i].ev);
			armed[i] = false;
		} else {
			core_event_arm(&q, &ev[i].ev, rng() % 500);
			armed[i] = true;
		}
	}
	int n_armed = 0;
	for (int i = 0; i < N_RANDOM; i++)
		n_armed += armed[i];
	assert_int_equal(q.n, n_armed);

	/* Run in uneven steps; everything due fires, in (when, seq) order. */
	uint64_t now = 0;
	while (core_events_next(&q) != UINT64_MAX) {
		now += rng() % 37;
		int before = log.n;
		core_events_run(&q, now);
		for (int i = before; i < log.n; i++)
			assert_true(log.when[i] <= now);
		assert_true(core_events_next(&q) > now);
	}
	assert_int_equal(log.n, n_armed);
	for (int i = 1; i < log.n; i++) {
		assert_true(log.when[i - 1] <= log.when[i]);
		if (log.when[i - 1] == log.when[i])
			assert_true(log.seq[i - 1] < log.seq[i]);
	}
	/* Each armed event fired once, and no cancelled one did. */
	int times[N_RANDOM] = { 0 };
	for (int i = 0; i < log.n; i++)
		times[log.id[i]]++;
	for (int i = 0; i < N_RANDOM; i++)
		assert_int_equal(times[i], armed[i] ? 1 : 0);
	assert_int_equal(q.n, 0);

	/* The queue is reusable after free. */
	core_events_free(&q);
	assert_int_equal(core_events_next(&q), UINT64_MAX);
	core_event_arm(&q, &ev[0].ev, 3);
	assert_int_equal(core_events_next(&q), 3);
	core_events_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_by_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ties_in_arming_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rearm_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zeroed_event_is_safe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_armed_from_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_periodic_rearm_in_callback, setup, teardown),
		cmocka_unit_test(test_random_events_fire_sorted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
