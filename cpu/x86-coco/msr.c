/*
 * The MSRs this CPU implements itself (SDM 4 "Model-Specific Registers";
 * APM 2 appendix A), as RDMSR and WRMSR reach them when the route table
 * leaves them to the CPU and they are not the hypervisor's (insn_system.c).
 * An index not listed, or a write of a reserved bit, is #GP(0).
 */
#include "cpu/x86-coco/x86.h"

enum {
	MSR_TSC = 0x10, MSR_APIC_BASE = 0x1b, MSR_BIOS_SIGN_ID = 0x8b, MSR_ARCH_CAPABILITIES = 0x10a,
	MSR_SYSENTER_CS = 0x174, MSR_SYSENTER_ESP = 0x175, MSR_SYSENTER_EIP = 0x176,
	MSR_MISC_ENABLE = 0x1a0, MSR_PAT = 0x277, MSR_TSC_DEADLINE = 0x6e0,
	MSR_X2APIC_FIRST = 0x800, MSR_X2APIC_LAST = 0x8ff,
	MSR_EFER = 0xc0000080, MSR_STAR = 0xc0000081, MSR_LSTAR = 0xc0000082,
	MSR_CSTAR = 0xc0000083, MSR_SFMASK = 0xc0000084, MSR_FS_BASE = 0xc0000100,
	MSR_GS_BASE = 0xc0000101, MSR_KERNEL_GS_BASE = 0xc0000102, MSR_TSC_AUX = 0xc0000103,
	MSR_AMD64_SEV_ES_GHCB = 0xc0010130, MSR_AMD64_SEV = 0xc0010131,
};

/*
 * IA32_ARCH_CAPABILITIES (SDM 4, MSR 10AH), read-only: this CPU executes
 * nothing speculatively and has no fill, store or load-port buffers a
 * later instruction could sample, so it says "not affected" for every
 * issue the MSR has a bit for: RDCL_NO (Meltdown: Linux then needs no
 * page-table isolation), SSB_NO, MDS_NO, PSCHANGE_MC_NO, TAA_NO,
 * SBDR_SSDP_NO, FBSDP_NO, PSDP_NO, BHI_NO, PBRSB_NO, GDS_NO, RFDS_NO and
 * ITS_NO. It claims no control it lacks (no IBRS_ALL, FB_CLEAR, TSX_CTRL).
 */
#define ARCH_CAPABILITIES                                                                      \
	((1ull << 0) | (1ull << 4) | (1ull << 5) | (1ull << 6) | (1ull << 8) | (1ull << 13) |  \
	 (1ull << 14) | (1ull << 15) | (1ull << 20) | (1ull << 24) | (1ull << 26) | (1ull << 27) | \
	 (1ull << 62))

/* EFER's writable bits: SCE, LME, NXE (LMA follows CR0.PG; SVME, FFXSR are not offered). */
/*
 * SEV_STATUS of an SNP guest (APM 2:15.34.10; Linux asm/msr-index.h
 * MSR_AMD64_SEV_*_ENABLED): SEV, SEV-ES, SNP, nothing optional, so every
 * bit is one Linux implements (arch/x86/boot/startup/sev-shared.c
 * terminates on the others). Read-only: a write is #GP.
 */
#define SEV_STATUS 0x7ull

bool x86_msr_unintercepted(const struct x86_cpu *c, uint32_t index)
{
	if (c->plat.coco == X86_COCO_SNP && (index == MSR_AMD64_SEV_ES_GHCB || index == MSR_AMD64_SEV))
		return true;
	for (unsigned i = 0; i < c->plat.n_msr_direct; i++)
		if (c->plat.msr_direct[i] == index)
			return true;
	return false;
}

#define EFER_WRITABLE (X86_EFER_SCE | X86_EFER_LME | X86_EFER_NXE)

static bool canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

/* A PAT entry must be a memory type: 0, 1, 4, 5, 6 or 7 (SDM 3:12.12.2). */
static bool pat_valid(uint64_t v)
{
	for (unsigned i = 0; i < 8; i++) {
		unsigned t = (v >> (8 * i)) & 0xff;
		if (t == 2 || t == 3 || t > 7)
			return false;
	}
	return true;
}

/* The 64-bit registers that hold any canonical address, by index. */
static uint64_t *address_msr(struct x86_cpu *c, uint32_t index)
{
	struct x86_state *s = &c->s;
	switch (index) {
	case MSR_LSTAR: return &s->lstar;
	case MSR_CSTAR: return &s->cstar;
	case MSR_FS_BASE: return &s->seg[X86_FS].base;
	case MSR_GS_BASE: return &s->seg[X86_GS].base;
	case MSR_KERNEL_GS_BASE: return &s->kernel_gs_base;
	case MSR_SYSENTER_ESP: return &s->sysenter_esp;
	case MSR_SYSENTER_EIP: return &s->sysenter_eip;
	default: return NULL;
	}
}

static bool apic_msr(struct x86_cpu *c, uint32_t index, uint64_t *val, bool write)
{
	return c->plat.apic_ops && c->plat.apic_ops->msr(c->plat.apic, index, val, write);
}

bool x86_msr_read(struct x86_cpu *c, uint32_t index, uint64_t *val)
{
	struct x86_state *s = &c->s;
	uint64_t *a = address_msr(c, index);
	if (a) {
		*val = *a;
		return true;
	}
	switch (index) {
	case MSR_TSC: *val = x86_tsc_read(c); return true;
	case MSR_EFER: *val = s->efer; return true;
	case MSR_STAR: *val = s->star; return true;
	case MSR_SFMASK: *val = s->sfmask; return true;
	case MSR_TSC_AUX: *val = s->tsc_aux; return true;
	case MSR_PAT: *val = s->pat; return true;
	case MSR_MISC_ENABLE: *val = s->misc_enable; return true;
	case MSR_SYSENTER_CS: *val = s->sysenter_cs; return true;
	/* The microcode revision (SDM 3:10.11.7.1): none loaded, none loadable. */
	case MSR_BIOS_SIGN_ID: *val = 0; return true;
	case MSR_ARCH_CAPABILITIES: *val = ARCH_CAPABILITIES; return true;
	case MSR_APIC_BASE:
	case MSR_TSC_DEADLINE: return apic_msr(c, index, val, false);
	case MSR_AMD64_SEV_ES_GHCB:
		*val = s->ghcb_msr;
		return c->plat.coco == X86_COCO_SNP;
	case MSR_AMD64_SEV:
		*val = SEV_STATUS;
		return c->plat.coco == X86_COCO_SNP;
	default:
		if (index >= MSR_X2APIC_FIRST && index <= MSR_X2APIC_LAST)
			return apic_msr(c, index, val, false);
		return false;
	}
}

bool x86_msr_write(struct x86_cpu *c, uint32_t index, uint64_t val)
{
	struct x86_state *s = &c->s;
	uint64_t *a = address_msr(c, index);
	if (a) {
		if (!canonical(val))
			return false;
		*a = val;
		return true;
	}
	switch (index) {
	case MSR_TSC:
		/* The TSC reads val now: the context's offset absorbs the difference. */
		s->tsc_offset += val - x86_tsc_read(c);
		return true;
	case MSR_EFER:
		/* LME may not change while paging is on (SDM 3:10.8.5); LMA is the CPU's. */
		if ((val & ~(uint64_t)(EFER_WRITABLE | X86_EFER_LMA)) ||
		    ((c->s.cr0 & X86_CR0_PG) && ((val ^ s->efer) & X86_EFER_LME)))
			return false;
		s->efer = (s->efer & X86_EFER_LMA) | (val & EFER_WRITABLE);
		x86_tlb_flush(c, true);   /* NXE changes what the walk allows */
		return true;
	case MSR_STAR: s->star = val; return true;
	case MSR_SFMASK: s->sfmask = val & 0xffffffff; return true;
	case MSR_TSC_AUX: s->tsc_aux = val & 0xffffffff; return true;
	case MSR_PAT:
		if (!pat_valid(val))
			return false;
		s->pat = val;
		return true;
	case MSR_MISC_ENABLE: s->misc_enable = val; return true;
	case MSR_SYSENTER_CS: s->sysenter_cs = val & 0xffff; return true;
	/* Software writes 0 before CPUID to have the revision filled in (SDM 3:10.11.7.1): it stays 0. */
	case MSR_BIOS_SIGN_ID: return true;
	case MSR_APIC_BASE:
	case MSR_TSC_DEADLINE: return apic_msr(c, index, &val, true);
	case MSR_AMD64_SEV_ES_GHCB:
		s->ghcb_msr = val;
		return c->plat.coco == X86_COCO_SNP;
	default:
		if (index >= MSR_X2APIC_FIRST && index <= MSR_X2APIC_LAST)
			return apic_msr(c, index, &val, true);
		return false;
	}
}
