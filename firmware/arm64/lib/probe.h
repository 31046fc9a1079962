/*
 * Probes for tests that provoke data aborts: one load or store each, in
 * assembly so the faulting instruction is known, and a handler that
 * records the abort and skips the probe's access.
 */
#ifndef FW_PROBE_H
#define FW_PROBE_H

#include "fw.h"

#define FAULTED 0xfa17ed0000000000ul   /* what a faulting read probe returns */

uint64_t probe_read(uint64_t va);      /* ldr x0, [x0] */
uint64_t probe_read16(uint64_t va);    /* ldrh w0, [x0] */
void probe_write(uint64_t va, uint64_t val);   /* str x1, [x0] */

/* The aborts taken since the count was last cleared, and the last one's syndrome. */
extern struct probe_faults {
	unsigned faults;
	uint64_t esr, far;
} probe_last;

/*
 * For fw_sync: record a data abort from the current EL and resume after
 * the probe's access with x0 = FAULTED; anything else is reported and ends
 * the run.
 */
void probe_abort(struct exc_frame *f);

#endif
