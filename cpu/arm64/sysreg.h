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
	A64_SR_E2H = 1 << 6,         /* an *_EL12 / *_EL02 alias: UNDEFINED unless HCR_EL2.E2H is 1 */
	A64_SR_VM = 1 << 7,          /* a virtual memory control: HCR_EL2.TVM/TRVM trap EL1 accesses */
	A64_SR_ID3 = 1 << 8,         /* an ID group 3 register: HCR_EL2.TID3 traps EL1 reads */
};

/*
 * What traps an access from below EL2 before the register is reached, in
 * the order the Arm ARM prioritises them (EL1 controls first): the EL0
 * enables in SCTLR_ELx, CNTKCTL_EL1 (CNTHCTL_EL2 for a host's EL0) and
 * PMUSERENR_EL0, then the EL2 traps in CNTHCTL_EL2, MDCR_EL2, CPTR_EL2 and
 * HCR_EL2.
 */
enum a64_gate {
	A64_GATE_NONE,
	A64_GATE_UMA,        /* DAIF at EL0: SCTLR.UMA */
	A64_GATE_UCT,        /* CTR_EL0 at EL0: SCTLR.UCT */
	A64_GATE_CNTFRQ,     /* EL0: EL0PCTEN or EL0VCTEN */
	A64_GATE_CNTPCT,     /* EL0: EL0PCTEN; EL0/EL1: CNTHCTL_EL2.EL1PCTEN */
	A64_GATE_CNTVCT,     /* EL0: EL0VCTEN */
	A64_GATE_CNTP,       /* EL0: EL0PTEN; EL0/EL1: CNTHCTL_EL2.EL1PCEN */
	A64_GATE_CNTV,       /* EL0: EL0VTEN */
	A64_GATE_PMU,        /* EL0: PMUSERENR.EN; EL0/EL1: MDCR_EL2.TPM */
	A64_GATE_PMCR,       /* as PMU, and MDCR_EL2.TPMCR */
	A64_GATE_PMCCNTR,    /* EL0 reads: EN or CR */
	A64_GATE_PMEVCNTR,   /* EL0 reads: EN or ER (PMXEVCNTR, PMSELR) */
	A64_GATE_PMSWINC,    /* EL0 writes: EN or SW */
	A64_GATE_PMUSERENR,  /* EL0 reads it freely; MDCR_EL2.TPM */
	A64_GATE_DEBUG,      /* MDCR_EL2.TDA */
	A64_GATE_OSLOCK,     /* MDCR_EL2.TDOSA */
	A64_GATE_DBGROM,     /* MDCR_EL2.TDRA */
	A64_GATE_ACTLR,      /* HCR_EL2.TACR */
	A64_GATE_CPACR,      /* CPTR_EL2.TCPAC */
};

struct a64_sysreg {
	uint32_t enc;                /* A64_SYSREG(op0, op1, CRn, CRm, op2) = KVM sysreg id low bits */
	const char *name;
	size_t offset;               /* field in struct arm64_cpu for rd_field/wr_field */
	uint64_t (*read)(struct arm64_cpu *c, const struct a64_sysreg *r);
	void (*write)(struct arm64_cpu *c, const struct a64_sysreg *r, uint64_t v);
	uint64_t value;              /* constant, RES0 mask, or selector, per accessor */
	uint8_t min_el;              /* lowest EL that may access it */
	uint8_t gate;                /* enum a64_gate */
	uint16_t flags;
	/*
	 * An EL1 (or EL0 timer) register that HCR_EL2.E2H redirects: at EL2,
	 * and at a host's EL0, its name reaches this EL2 register (Arm ARM
	 * "Behavior of HCR_EL2.E2H", FEAT_VHE). 0: not redirected.
	 */
	uint32_t e2h_enc;
};

const struct a64_sysreg *a64_sysreg_find(uint32_t enc);
size_t a64_sysreg_count(void);
const struct a64_sysreg *a64_sysreg_at(size_t i);
void a64_sysreg_reset(struct arm64_cpu *c);
/* Read or write a register by encoding, as a debugger or the API would (no EL checks). */
int a64_sysreg_access(struct arm64_cpu *c, uint32_t enc, void *val, bool set);
/* CCSIDR_EL1 for a CSSELR_EL1 value; 0 for a cache that does not exist. */
uint64_t a64_ccsidr(uint64_t csselr);

/*
 * MRS/MSR access checks at the current EL, after the UNDEFINED cases: 0 if
 * the access goes ahead, else the EL the access traps to (EC 0x18).
 */
unsigned a64_sysreg_trap(const struct arm64_cpu *c, const struct a64_sysreg *r, bool is_read);
/* The register an MRS/MSR of `r` reaches at the current EL (E2H redirection). */
const struct a64_sysreg *a64_sysreg_target(const struct arm64_cpu *c, const struct a64_sysreg *r);

#endif
