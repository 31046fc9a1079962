/*
 * Arm PrimeCell Real Time Clock (PL031), as described by its TRM (Arm DDI 0224).
 *
 * The counter runs on virtual time, never the host's clock, so that the same
 * command line gives the same output: it reads epoch_seconds plus the whole
 * virtual seconds elapsed (now_ns / 10^9), moved by writes to RTCLR. The
 * match interrupt is the TRM's RTCINTR, a level on `irq`; it is evaluated at
 * every register access and at every pl031_update() call, so the machine
 * calls pl031_update() at quantum boundaries for an alarm to fire while the
 * guest is not looking at the RTC (a quantum is far shorter than the
 * counter's one-second tick).
 */
#ifndef HVSIM_DEV_PL031_H
#define HVSIM_DEV_PL031_H

#include <stdint.h>

#include "dev/irq.h"
#include "mem/mem.h"

#define PL031_MMIO_SIZE 0x1000

struct pl031;

/*
 * Create an RTC at `base` (its 4 KiB MMIO region is registered in `mem`).
 * now_ns(opaque) returns the current virtual time in nanoseconds (monotonic);
 * at virtual time 0 the counter reads epoch_seconds (seconds since
 * 1970-01-01 UTC, taken modulo 2^32 as the 32-bit counter holds it).
 * Returns NULL if now_ns is NULL or the region cannot be added.
 */
struct pl031 *pl031_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
			uint64_t (*now_ns)(void *opaque), void *opaque, uint64_t epoch_seconds);
/* Free the state; the MMIO region stays in `mem`, so free `mem` first or with it. */
void pl031_free(struct pl031 *r);
/*
 * System reset: RTCMR, RTCLR, RTCIMSC and RTCRIS to the TRM's reset values.
 * The counter keeps its time, as a battery-backed clock does.
 */
void pl031_reset(struct pl031 *r);
/* Let the counter catch up with virtual time: raises RTCINTR if it reached RTCMR. */
void pl031_update(struct pl031 *r);

struct snap;
/* Save or load the RTC's state (mem/snap.h). */
void pl031_snapshot(struct pl031 *r, struct snap *s);

#endif
