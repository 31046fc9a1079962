/*
 * The board's side of debugging and observability (debug.c): the hooks
 * the vCPUs report to, the counters behind --stats, the trace sinks and the
 * gdb stub, and which loop runs a vCPU. The board calls these only behind
 * MACHINE_DEBUG(vm), so with none of it configured (or HVSIM_TRACE=OFF)
 * they cost one pointer test per run of a vCPU and per hypercall.
 */
#ifndef HVSIM_MACHINE_DEBUG_H
#define HVSIM_MACHINE_DEBUG_H

#include "machine/machine.h"

#define MACHINE_DEBUG(vm) (HVSIM_TRACE && unlikely((vm)->dbg != NULL))

/* Run vCPU c to `stop` in the loop the configuration needs; serves the debugger on stops. */
enum core_exit_reason machine_debug_run(struct hvsim_vm *vm, struct arm64_cpu *c, uint64_t stop);
/*
 * A hypercall hvsim answered (results in call->r, the world switch already
 * charged to c's cycles).
 */
void machine_debug_hypercall(struct hvsim_vm *vm, struct arm64_cpu *c, const struct hv_call *call);
/* Tell the debugger how the run ended, close the traces, free everything. */
void machine_debug_free(struct hvsim_vm *vm);

#endif
