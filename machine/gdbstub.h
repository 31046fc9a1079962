/*
 * The gdb remote stub (gdb's "Remote Protocol"), ISA-neutral: registers
 * from the CPU's core_debug_isa table and its target description, memory
 * by virtual address through the vCPU's side-effect-free translation (or by
 * guest-physical address), breakpoints, watchpoints, single step and
 * Ctrl-C through the core's debug hooks. Each vCPU is a gdb thread (id =
 * vCPU + 1); the machine runs them round-robin on one host thread, so a
 * stop of one is a stop of all (all-stop mode).
 */
#ifndef HVSIM_MACHINE_GDBSTUB_H
#define HVSIM_MACHINE_GDBSTUB_H

#include <signal.h>

#include "cpu/core/debug.h"
#include "machine/symbols.h"

/* What the stub debugs. */
struct gdb_target {
	const struct core_debug_isa *isa;
	struct core_hooks *hooks;
	struct core_cache *cache;          /* its vcpus are the threads */
	struct mem_space *mem;
	const struct symtab *syms;         /* for monitor commands (may be NULL) */
	void *opaque;
	bool (*vcpu_on)(void *opaque, int vcpu);   /* powered on (PSCI) */
	void (*kill)(void *opaque);                /* gdb's kill: end the run */
	/* Nonzero once a signal asked the run to end: blocking waits give up. */
	volatile sig_atomic_t *interrupted;
};

struct gdbstub;

/*
 * Listen on spec: "tcp::PORT", "tcp:HOST:PORT" or "PORT" (QEMU's -gdb
 * forms; options after a comma are ignored). An empty host is 127.0.0.1;
 * port 0 picks a free one. The address is reported on stderr.
 */
struct gdbstub *gdbstub_open(const char *spec, const struct gdb_target *t, char *err,
			     size_t errlen);
/* Tell a waiting debugger the guest exited with `status` (W packet), then close. */
void gdbstub_close(struct gdbstub *g, int status);

/* A debugger is connected (the machine then runs the debug loop). */
bool gdbstub_attached(const struct gdbstub *g);
/* -S: wait for a debugger, report v stopped, serve it until it resumes. */
void gdbstub_wait(struct gdbstub *g, struct core_vcpu *v);
/* Between runs: take a new connection or a Ctrl-C as a stop of v, and serve. */
void gdbstub_poll(struct gdbstub *g, struct core_vcpu *v);
/* v left core_run_debug with CORE_EXIT_DEBUG: report why, serve until resumed. */
void gdbstub_stopped(struct gdbstub *g, struct core_vcpu *v);

#endif
