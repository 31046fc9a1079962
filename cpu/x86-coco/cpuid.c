/*
 * CPUID as this CPU implements it (SDM 2: CPUID, APM 3 appendix E): it
 * describes exactly what is implemented, nothing more, so the leaves grow
 * with the instruction set. The hypervisor's leaves (0x40000000 on) are
 * hvsim's, answered through the route table (insn_system.c).
 *
 * Not advertised although executed: TZCNT (BMI1, which also brings the
 * VEX-encoded ANDN, BEXTR, BLS*, not decoded yet); FISTTP (SSE3, whose
 * other instructions are not implemented).
 *
 * FPU: the x87 unit (insn_x87.c) with FCMOVcc (CMOV and FPU together
 * say it, SDM 2: FCMOVcc); Linux requires it of an x86-64 processor
 * (arch/x86/include/asm/required-features.h).
 */
#include "cpu/x86-coco/x86.h"

enum { MAX_BASIC = 0xd, MAX_EXT = 0x80000008, MAX_EXT_SNP = 0x8000001f };

/* The vendor string in EBX, EDX, ECX order (SDM 2: CPUID leaf 0). */
static void vendor(const struct x86_cpu *c, uint32_t out[4])
{
	const char *s = c->plat.vendor == X86_VENDOR_AMD ? "AuthenticAMD" : "GenuineIntel";
	memcpy(&out[1], s, 4);
	memcpy(&out[3], s + 4, 4);
	memcpy(&out[2], s + 8, 4);
}

/* Leaf 1 (SDM 2: CPUID Table 3-10 and 3-11). */
enum {
	L1_ECX_CX16 = 1u << 13, L1_ECX_X2APIC = 1u << 21, L1_ECX_POPCNT = 1u << 23,
	L1_ECX_TSC_DEADLINE = 1u << 24,
	L1_ECX_XSAVE = 1u << 26, L1_ECX_OSXSAVE = 1u << 27, L1_ECX_RDRAND = 1u << 30,
	L1_ECX_HYPERVISOR = 1u << 31,
	L1_EDX_FPU = 1u << 0, L1_EDX_PSE = 1u << 3, L1_EDX_TSC = 1u << 4, L1_EDX_MSR = 1u << 5,
	L1_EDX_PAE = 1u << 6, L1_EDX_CX8 = 1u << 8, L1_EDX_APIC = 1u << 9, L1_EDX_PGE = 1u << 13,
	L1_EDX_CMOV = 1u << 15, L1_EDX_PAT = 1u << 16,
	L1_EDX_FXSR = 1u << 24, L1_EDX_SSE = 1u << 25, L1_EDX_SSE2 = 1u << 26,
};
/* Leaf 0x80000007 EDX (APM 3: E.4.6). */
enum { E7_EDX_TSC_INVARIANT = 1u << 8 };
/* Leaf 0x80000001 (APM 3: E.4.2). */
enum {
	E1_ECX_LAHF = 1u << 0, E1_ECX_ABM = 1u << 5,
	E1_EDX_SYSCALL = 1u << 11, E1_EDX_NX = 1u << 20, E1_EDX_PAGE1GB = 1u << 26,
	E1_EDX_RDTSCP = 1u << 27, E1_EDX_LM = 1u << 29,
};
/*
 * Leaf 0x8000001F, AMD's memory encryption (APM 3: E.4.17), for an SNP
 * guest: SEV, SEV-ES, SNP and VMPLs in EAX; EBX the C-bit's position,
 * one bit of physical address lost to it, 4 VMPLs, and bit 31 (Linux's
 * X86_FEATURE_COHERENCY_SFW_NO: no cache flush is needed when a page
 * changes state, arch/x86/coco/sev/core.c).
 */
enum {
	E1F_EAX_SEV = 1u << 1, E1F_EAX_SEV_ES = 1u << 3, E1F_EAX_SNP = 1u << 4, E1F_EAX_VMPL = 1u << 5,
	E1F_EBX_COHERENCY_SFW_NO = 1u << 31,
};

/* Leaf 7 subleaf 0 EBX (SDM 2: CPUID Table 3-8). */
enum { L7_EBX_SMEP = 1u << 7, L7_EBX_RDSEED = 1u << 18, L7_EBX_SMAP = 1u << 20 };
/* Leaf 0x80000008 EBX (APM 3: E.4.7). */
enum { E8_EBX_XSAVEERPTR = 1u << 2 };
/* Leaf 7 subleaf 0 EDX: IA32_ARCH_CAPABILITIES exists (msr.c says what it holds). */
enum { L7_EDX_ARCH_CAPABILITIES = 1u << 29 };
/* Leaf 0xD subleaf 1 (SDM 2: CPUID, Table 3-8). */
enum { L0D1_EAX_XSAVEC = 1u << 1 };

void x86_cpuid(struct x86_cpu *c, uint32_t leaf, uint32_t sub, uint32_t out[4])
{
	memset(out, 0, 4 * sizeof(out[0]));
	bool hv = c->plat.hv_leaf_last >= c->plat.hv_leaf_first;
	switch (leaf) {
	case 0:
		out[0] = MAX_BASIC;
		vendor(c, out);
		break;
	case 1:
		/* Family 6, model 0, stepping 0: a plain "family 6" part, no errata to look up. */
		out[0] = 6u << 8;
		out[1] = c->plat.apic_id << 24 | (c->plat.n_cpus & 0xff) << 16 | 8u << 8;   /* CLFLUSH 64 bytes */
		/* OSXSAVE mirrors CR4.OSXSAVE (SDM 2: CPUID Table 3-10). */
		out[2] = L1_ECX_CX16 | L1_ECX_POPCNT | L1_ECX_XSAVE | L1_ECX_RDRAND |
			 (hv ? L1_ECX_HYPERVISOR : 0) |
			 ((c->s.cr4 & X86_CR4_OSXSAVE) ? L1_ECX_OSXSAVE : 0);
		/*
		 * PGE: global pages outlive MOV to CR3 (x86_tlb_flush).
		 * PSE: CR4.PSE is accepted (long mode's paging has large pages whatever it says);
		 * Linux requires it (arch/x86/include/asm/required-features.h).
		 */
		out[3] = L1_EDX_FPU | L1_EDX_PSE | L1_EDX_TSC | L1_EDX_MSR | L1_EDX_PAE | L1_EDX_CX8 | L1_EDX_PGE |
			 L1_EDX_CMOV | L1_EDX_FXSR | L1_EDX_SSE | L1_EDX_SSE2;
		/*
		 * PAT (IA32_PAT is msr.c's; memory types change nothing here):
		 * said to SNP guests, whose kernel needs the write-protect type
		 * to encrypt pages in place (Linux arch/x86/mm/mem_encrypt_amd.c
		 * __sme_early_enc_dec, x86_has_pat_wp); other guests keep the
		 * CPUID, and the timings, they had.
		 */
		if (c->plat.coco == X86_COCO_SNP)
			out[3] |= L1_EDX_PAT;
		/*
		 * The local APIC (dev/x86_lapic) when the machine gives one: xAPIC,
		 * x2APIC and the TSC-deadline timer. EDX.APIC follows
		 * IA32_APIC_BASE's global enable (SDM 3:11.4.3).
		 */
		if (c->plat.apic_ops) {
			uint64_t base = 0;
			c->plat.apic_ops->msr(c->plat.apic, 0x1b, &base, false);
			out[2] |= L1_ECX_X2APIC | L1_ECX_TSC_DEADLINE;
			out[3] |= base & (1u << 11) ? L1_EDX_APIC : 0;
		}
		break;
	case 7:
		if (sub == 0) {
			out[1] = L7_EBX_SMEP | L7_EBX_RDSEED | L7_EBX_SMAP;
			out[3] = L7_EDX_ARCH_CAPABILITIES;
		}
		break;
	case 0xd:
		/*
		 * XSAVE (SDM 1:13.2): subleaf 0 the XCR0 bits supported (x87,
		 * SSE), the area's size for XCR0 now and at most (the legacy
		 * region and the header: 576 bytes); subleaf 1 XSAVEC only (not
		 * XSAVEOPT, XGETBV(1) or XSAVES) and the compacted size for
		 * XCR0 | IA32_XSS, the same 576 bytes: both components live in
		 * the legacy region. No other component.
		 */
		if (sub == 0) {
			out[0] = X86_XCR0_SUPPORTED;
			out[1] = out[2] = 576;
		} else if (sub == 1) {
			out[0] = L0D1_EAX_XSAVEC;
			out[1] = 576;
		}
		break;
	case 0x80000000:
		out[0] = c->plat.coco == X86_COCO_SNP ? MAX_EXT_SNP : MAX_EXT;
		if (c->plat.vendor == X86_VENDOR_AMD)
			vendor(c, out);
		break;
	case 0x80000001:
		out[2] = E1_ECX_LAHF | E1_ECX_ABM;
		out[3] = E1_EDX_SYSCALL | E1_EDX_NX | E1_EDX_PAGE1GB | E1_EDX_RDTSCP | E1_EDX_LM;
		break;
	case 0x80000008:
		out[0] = 48u << 8 | 40u;   /* 48-bit linear (4-level paging), 40-bit physical addresses */
		/*
		 * AMD's XSAVEERPTR (APM 3: E.4.7): FXSAVE and XSAVE keep the x87
		 * error pointers whatever the exception state, as insn_xsave.c
		 * does; without it Linux works around the FXSAVE leak with EMMS
		 * and FILD (arch/x86/kernel/fpu/core.c).
		 */
		if (c->plat.vendor == X86_VENDOR_AMD)
			out[1] = E8_EBX_XSAVEERPTR;
		break;
	case 0x80000007:
		/*
		 * AMD's invariant TSC (APM 3: E.4.6, EDX bit 8): the machine has
		 * one TSC at one rate (x86_platform.tsc_latest). Linux takes
		 * CONSTANT_TSC from this bit on AMD (arch/x86/kernel/cpu/amd.c);
		 * without it an AMD guest with two CPUs or more marks its TSC
		 * unstable (tsc.c unsynchronized_tsc: AMD boxes with several
		 * CPUs count as multi-socket). Intel guests keep their CPUID.
		 */
		if (c->plat.vendor == X86_VENDOR_AMD)
			out[3] = E7_EDX_TSC_INVARIANT;
		break;
	case 0x8000001f:
		if (c->plat.coco == X86_COCO_SNP) {
			out[0] = E1F_EAX_SEV | E1F_EAX_SEV_ES | E1F_EAX_SNP | E1F_EAX_VMPL;
			out[1] = c->plat.c_bit | 1u << 6 | 4u << 12 | E1F_EBX_COHERENCY_SFW_NO;
		}
		break;
	default:
		break;   /* beyond the maxima or not described: all zero */
	}
}
