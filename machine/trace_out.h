/*
 * The trace sinks: QEMU-style text logs (-d ITEMS -D FILE) and Chrome /
 * Perfetto trace events (--trace-events FILE.json, one track per vCPU, on
 * virtual time), both filtered by address range and instruction window.
 * ISA-neutral: instructions, registers and exceptions are rendered through
 * the CPU's core_debug_isa.
 */
#ifndef HVSIM_MACHINE_TRACE_OUT_H
#define HVSIM_MACHINE_TRACE_OUT_H

#include <stdio.h>

#include "cpu/core/debug.h"
#include "hv/hv.h"
#include "machine/symbols.h"

struct trace_out;

#define TRACE_MAX_RANGES 32

struct trace_filter {
	size_t n_ranges;                 /* 0: every address */
	struct { uint64_t lo, hi; } ranges[TRACE_MAX_RANGES];   /* inclusive */
	uint64_t win_start, win_end;     /* instructions (all vCPUs): [start, end) */
};

struct trace_out_config {
	unsigned items;                  /* HVSIM_LOG_* */
	FILE *log;                       /* text trace, or NULL */
	FILE *events;                    /* trace-event JSON, or NULL */
	unsigned event_items;            /* HVSIM_LOG_* categories of events kept (0: all) */
	const struct symtab *syms;       /* may be NULL */
	const struct core_debug_isa *isa;
	struct core_cache *cache;        /* its vcpus are the tracks */
	uint64_t cycle_hz;               /* virtual clock, for trace-event timestamps */
	struct trace_filter filter;
};

/* The sink takes ownership of the FILEs. */
struct trace_out *trace_out_open(const struct trace_out_config *cfg);
void trace_out_close(struct trace_out *t);

/* Instructions retired by all vCPUs: what the window counts. */
uint64_t trace_out_total_insns(const struct trace_out *t);
const struct trace_filter *trace_out_filter(const struct trace_out *t);

/* Events. Each checks the items and the filter itself. */
void trace_exception(struct trace_out *t, struct core_vcpu *v, const struct core_exc_rec *r);
void trace_block_decoded(struct trace_out *t, struct core_vcpu *v, const struct core_block *b);
void trace_block_exec(struct trace_out *t, struct core_vcpu *v, const struct core_block *b);
void trace_insn(struct trace_out *t, struct core_vcpu *v, const struct core_block *b, unsigned i);
/* A hypercall answered by hvsim: `name` from the hv table, `start` the cycle it was made at. */
void trace_hypercall(struct trace_out *t, struct core_vcpu *v, const struct hv_call *call,
		     const char *name, uint64_t pc, uint64_t start, uint64_t cost);
void trace_mmio(struct trace_out *t, struct core_vcpu *v, const struct mem_region *r, uint64_t pa,
		unsigned size, bool is_write, uint64_t val);
/* A page-attribute transition; v is the vCPU running when it happened (NULL: none). */
struct hv_fault_event;
void trace_fault(struct trace_out *t, struct core_vcpu *v, const struct hv_fault_event *e);
void trace_memattr(struct trace_out *t, struct core_vcpu *v, const struct mem_transition *tr);
/* A host read or write of guest memory and how it went, on the host's track at v's time. */
void trace_host(struct trace_out *t, struct core_vcpu *v, uint64_t gpa, size_t len, bool is_write,
		enum mem_host_outcome how);
/* A device gave up (why) or was reset (why NULL), on the host's track; v: the running vCPU. */
void trace_device_broken(struct trace_out *t, struct core_vcpu *v, const char *device,
			 uint64_t base, const char *why);

#endif
