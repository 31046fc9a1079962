/*
 * What LoongArch tells the debugger, the tracer and the public API
 * (cpu/core/debug.h): its registers in gdb's numbering and by KVM ONE_REG
 * id (regs.c), its exception classes, its translation without side
 * effects, its disassembler (debug.c), and the CSR table's names (csr.c).
 */
#ifndef HVSIM_LOONGARCH_DEBUG_H
#define HVSIM_LOONGARCH_DEBUG_H

#include "cpu/core/debug.h"
#include "cpu/loongarch/loongarch.h"

/* The LoongArch description (built on first use; its CSR feature follows csr.c). */
const struct core_debug_isa *la_debug_isa(void);

/*
 * The register table (regs.c): gdb's loongarch64 features
 * "org.gnu.gdb.loongarch.base" (r0-r31, orig_a0, pc, badv) and
 * "org.gnu.gdb.loongarch.fpu" (f0-f31, fcc0-7, fcsr), then every CSR of
 * csr.c as hvsim's "org.hvsim.loongarch.csr", then gdb's
 * "org.gnu.gdb.loongarch.lsx" (vr0-vr31, 128 bits). Sets the table fields
 * of `isa`.
 */
void la_debug_regs(struct core_debug_isa *isa);

/*
 * A register by KVM ONE_REG id (arch/loongarch/include/uapi/asm/kvm.h,
 * regs.c), every one 64 bits wide as KVM requires: KVM_REG_LOONGARCH_GPR
 * (r0-r31 at index 0-31, pc at 32), _CSR (by CSR number), _CPUCFG (read
 * only), _FPSIMD (f0-f31 at 0-31; hvsim's: FCC0-7 packed at 32, FCSR0 at
 * 33), _KVM's COUNTER (read only). The index sits in bits 15:3. 0, or -1
 * for an unknown id, an unimplemented CSR or a write to a read-only one.
 */
int la_one_reg(struct core_vcpu *v, uint64_t id, void *val, bool set);

/* CSR numbers csr.c implements lie below LA_CSR_LIMIT; la_csr_name names one, or is NULL. */
#define LA_CSR_LIMIT (LA_CSR_DMW0 + 4)
const char *la_csr_name(unsigned num);

/*
 * Report an exception entry to the hooks (except.c calls this behind
 * core_hooked): `cause` is the Ecode (LA_EXC_TLBR for a TLB refill) or, for
 * an interrupt (CORE_EXC_ASYNC), its line; `from` the PLV it was taken at.
 */
void la_trace_exception(struct la_cpu *c, unsigned kind, unsigned cause, uint64_t syndrome,
			unsigned from, uint64_t fault_addr, uint64_t ret_pc);

#endif
