/*
 * The machine's side of debugging and observability (debug.c): the hooks
 * the vCPUs report to, the counters behind --stats, the trace sinks and the
 * gdb stub, and which loop runs a vCPU. vm.c calls these only behind
 * MACHINE_DEBUG(vm), so with none of it configured (or HVSIM_TRACE=OFF)
 * they cost one pointer test per run of a vCPU. Hypercalls reach it as an
 * observer of the hypercall path.
 */
#ifndef HVSIM_MACHINE_DEBUG_H
#define HVSIM_MACHINE_DEBUG_H

#include "machine/machine.h"

#define MACHINE_DEBUG(vm) (HVSIM_TRACE && unlikely((vm)->dbg != NULL))

/* Run vCPU v to `stop` in the loop the configuration needs; serves the debugger on stops. */
enum core_exit_reason machine_debug_run(struct hvsim_vm *vm, struct core_vcpu *v, uint64_t stop);
/* Tell the debugger how the run ended, close the traces, free everything. */
void machine_debug_free(struct hvsim_vm *vm);
/* An injected fault: traced (-d fault, --trace-events) if traces are on. */
struct hv_fault_event;
void machine_debug_fault(struct hvsim_vm *vm, const struct hv_fault_event *e);
/* A device gave up (why) or was reset (NULL): into the traces, if any. */
void machine_debug_device_broken(struct hvsim_vm *vm, const char *device, uint64_t base,
				 const char *why);

#endif
