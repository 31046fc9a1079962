/*
 * What the x86-64 CPU tells the debugger, the tracer and the statistics
 * (cpu/core/debug.h): its registers in gdb's numbering (regs.c), its
 * exception classes, its translation without side effects, and its
 * disassembler from the decode rows (debug.c).
 */
#ifndef HVSIM_X86_DEBUG_H
#define HVSIM_X86_DEBUG_H

#include "cpu/core/debug.h"
#include "cpu/x86-coco/x86.h"

/* The x86-64 description. */
const struct core_debug_isa *x86_debug_isa(void);
/*
 * The register table (regs.c): gdb's i386:x86-64 core and SSE features
 * (RIP at X86_REG_RIP), then hvsim's system registers.
 */
enum { X86_REG_RIP = 16, X86_N_REGS = 66, X86_REG_FEATURES = 3 };
extern const struct core_reg x86_regs[X86_N_REGS];
extern const struct core_reg_feature x86_reg_features[X86_REG_FEATURES];
/* Tell the hooks that `vec` was delivered (or, with ok false, that its delivery faulted). */
void x86_trace_exception(struct x86_cpu *c, unsigned vec, uint32_t err, uint64_t rip, unsigned from_cpl,
			 bool ok);

#endif
