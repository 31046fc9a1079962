/*
 * What AArch64 tells the debugger and the tracer (cpu/core/debug.h): its
 * registers (regs.c), its disassembler (disasm.c), its exception classes,
 * and a translation without side effects (mmu.c).
 */
#ifndef HVSIM_ARM64_DEBUG_H
#define HVSIM_ARM64_DEBUG_H

#include "cpu/arm64/arm64.h"
#include "cpu/core/debug.h"

/* The AArch64 description (built on first use; the register table follows sysreg.c). */
const struct core_debug_isa *a64_debug_isa(void);

/*
 * The register table (regs.c): gdb's aarch64 core and fpu features, then
 * every system register of sysreg.c a debugger may read without side
 * effects. Sets the table fields of `isa`.
 */
void a64_debug_regs(struct core_debug_isa *isa);

/*
 * A register by KVM ONE_REG id (regs.c): core registers (x0-x30, sp, pc,
 * pstate, sp_el1, elr_el1, the SPSRs, v0-v31, fpsr, fpcr) and system
 * registers. 0, or -1 for an unknown id or a size that does not match.
 */
int a64_one_reg(struct core_vcpu *v, uint64_t id, void *val, bool set);
/* KVM_GET_REG_LIST: the ONE_REG ids a64_one_reg answers; fills up to max, returns how many there are. */
size_t a64_reg_list(struct core_vcpu *v, uint64_t *ids, size_t max);

/* Capstone's A64 disassembly of one instruction (disasm.c). */
unsigned a64_disasm(struct core_vcpu *v, uint64_t pc, const uint8_t *bytes, size_t avail,
		    char *out, size_t outlen);

/*
 * Translate va in the regime of the current EL as the debugger does:
 * permissions ignored, no TLB fill, no fault taken (mmu.c).
 */
bool a64_translate_debug(struct arm64_cpu *c, uint64_t va, uint64_t *pa);

/*
 * Report an exception entry to the hooks (except.c calls this behind
 * core_hooked): `spsr` is the PSTATE it was taken from, `kind` the vector
 * offset (0 synchronous, 0x80 IRQ, 0x100 FIQ, 0x180 SError).
 */
void a64_trace_exception(struct arm64_cpu *c, uint64_t spsr, unsigned target, uint64_t ret_pc,
			 unsigned kind);

#endif
