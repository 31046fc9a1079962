/*
 * The system register table (sysreg.c): one row per register.
 */
#ifndef HVSIM_ARM64_SYSREG_H
#define HVSIM_ARM64_SYSREG_H

#include "cpu/arm64/arm64.h"

enum {
	A64_SR_RO = 1 << 0,          /* MSR is UNDEFINED */
	A64_SR_WO = 1 << 1,          /* MRS is UNDEFINED */
	A64_SR_FP = 1 << 2,          /* traps like an FP instruction when FP is disabled */
	A64_SR_NOT_CUR_SP = 1 << 4,  /* UNDEFINED while it is the current SP (SP_EL0 with SPSel=0) */
	A64_SR_EL0_RO = 1 << 5,      /* EL0 may read, not write */
};

struct a64_sysreg {
	uint32_t enc;                /* A64_SYSREG(op0, op1, CRn, CRm, op2) = KVM sysreg id low bits */
	const char *name;
	size_t offset;               /* field in struct arm64_cpu for rd_field/wr_field */
	uint64_t (*read)(struct arm64_cpu *c, const struct a64_sysreg *r);
	void (*write)(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v);
	uint64_t value;              /* constant, RES0 mask, or selector, per accessor */
	uint8_t min_el;              /* lowest EL that may access it */
	uint8_t flags;
	/*
	 * EL0 access enabled by a control bit, else trapped to EL1 (EC 0x18):
	 * low 16 bits a mask of SCTLR_EL1 bits (UMA, UCT), high 16 bits a mask
	 * of CNTKCTL_EL1 bits (EL0PCTEN, EL0VCTEN, EL0VTEN, EL0PTEN); any set
	 * bit of the mask enables. 0: no gate.
	 */
	uint32_t el0_gate;
};

#define A64_GATE_SCTLR(mask) ((uint32_t)(mask))
#define A64_GATE_CNTKCTL(mask) ((uint32_t)(mask) << 16)
/* True if EL0 may access r now (no gate, or a gating bit is set). */
bool a64_sysreg_el0_allowed(const struct arm64_cpu *c, const struct a64_sysreg *r);

const struct a64_sysreg *a64_sysreg_find(uint32_t enc);
size_t a64_sysreg_count(void);
const struct a64_sysreg *a64_sysreg_at(size_t i);
void a64_sysreg_reset(struct arm64_cpu *c);
/* Read or write a register by encoding, as a debugger or the API would (no EL checks). */
int a64_sysreg_access(struct arm64_cpu *c, uint32_t enc, void *val, bool set);

#endif
