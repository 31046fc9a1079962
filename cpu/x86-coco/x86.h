/*
 * x86-64 CPU state and the contract between the decoder (decode.c: legacy
 * and REX prefixes, ModRM/SIB, displacement and immediates, driven by the
 * opcode tables), the instruction groups (insn_*.c, each contributing a
 * table of rows), the system architecture (paging, segmentation, IDT
 * delivery, MSRs, CPUID, the local APIC's CPU side), the register contexts
 * the confidential-computing models switch between, and the machine.
 *
 * References: Intel SDM (cited "SDM vol:section"), AMD APM ("APM
 * vol:section"), and Linux's arch/x86 (how a guest kernel uses each piece:
 * the best spec of what must work).
 *
 * The model: a 64-bit core that boots in long mode (the board enters the
 * kernel there) and runs real and protected mode only as far as Linux's AP
 * trampoline and the bare-metal tests need (X86_F_LEGACY rows; interrupts
 * and exceptions through the IVT or 8-byte IDT gates, except.c). One vCPU may own several register contexts (SEV-SNP's
 * VMPLs, TDX's L1 and L2 partitions); exactly one runs at a time, and
 * where an event (an exception, CPUID, an MSR or port access, a hypercall
 * instruction, a refused memory access) goes is decided in one place, the
 * per-context route table (route.c), which the board fills from the VM's
 * configuration. Instruction handlers never ask which CoCo model runs.
 */
#ifndef HVSIM_X86_H
#define HVSIM_X86_H

#include <string.h>

#include "cpu/core/core.h"

#define X86_INLINE static inline __attribute__((always_inline))

/* ------------------------------------------------------------ registers */

/* General registers in encoding order (SDM 2:3.1.1 Table 3-1, REX.B/R/X extend to 8-15). */
enum {
	X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
	X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
	X86_NGPR
};
/*
 * Operand register numbers the decoder writes into core_op.r[]: 0-15 the
 * GPRs; for byte operands without a REX prefix, encodings 4-7 name AH, CH,
 * DH, BH, which the decoder writes as X86_AH + (n - 4) (x86_reg8 resolves
 * both). X86_R_NONE: no base or index; X86_R_RIP: RIP-relative base.
 */
enum { X86_AH = 16, X86_CH, X86_DH, X86_BH, X86_R_RIP = 0xfe, X86_R_NONE = 0xff };

/* RFLAGS (SDM 1:3.4.3). */
enum {
	X86_CF = 1u << 0, X86_PF = 1u << 2, X86_AF = 1u << 4, X86_ZF = 1u << 6,
	X86_SF = 1u << 7, X86_TF = 1u << 8, X86_IF = 1u << 9, X86_DF = 1u << 10,
	X86_OF = 1u << 11, X86_IOPL = 3u << 12, X86_NT = 1u << 14, X86_RF = 1u << 16,
	X86_VM = 1u << 17, X86_AC = 1u << 18, X86_VIF = 1u << 19, X86_VIP = 1u << 20,
	X86_ID = 1u << 21,
};
/* The six arithmetic flags, which the lazy-flags state (below) may hold instead of rflags. */
#define X86_ARITH_FLAGS (X86_CF | X86_PF | X86_AF | X86_ZF | X86_SF | X86_OF)

/* Control registers and EFER (SDM 3:2.5, APM 2:3.1.7). */
enum {
	X86_CR0_PE = 1u << 0, X86_CR0_MP = 1u << 1, X86_CR0_EM = 1u << 2, X86_CR0_TS = 1u << 3,
	X86_CR0_ET = 1u << 4, X86_CR0_NE = 1u << 5, X86_CR0_WP = 1u << 16, X86_CR0_AM = 1u << 18,
	X86_CR0_NW = 1u << 29, X86_CR0_CD = 1u << 30, X86_CR0_PG = 1u << 31,
};
enum {
	X86_CR4_VME = 1u << 0, X86_CR4_PVI = 1u << 1, X86_CR4_TSD = 1u << 2, X86_CR4_DE = 1u << 3,
	X86_CR4_PSE = 1u << 4, X86_CR4_PAE = 1u << 5, X86_CR4_MCE = 1u << 6, X86_CR4_PGE = 1u << 7,
	X86_CR4_PCE = 1u << 8, X86_CR4_OSFXSR = 1u << 9, X86_CR4_OSXMMEXCPT = 1u << 10,
	X86_CR4_UMIP = 1u << 11, X86_CR4_LA57 = 1u << 12, X86_CR4_FSGSBASE = 1u << 16,
	X86_CR4_PCIDE = 1u << 17, X86_CR4_OSXSAVE = 1u << 18, X86_CR4_SMEP = 1u << 20,
	X86_CR4_SMAP = 1u << 21, X86_CR4_PKE = 1u << 22,
};
enum {
	X86_EFER_SCE = 1u << 0, X86_EFER_LME = 1u << 8, X86_EFER_LMA = 1u << 10,
	X86_EFER_NXE = 1u << 11, X86_EFER_SVME = 1u << 12, X86_EFER_FFXSR = 1u << 14,
};

/* Segment registers in the ModRM.reg encoding of MOV Sreg (SDM 2:3.4.2), then LDTR and TR. */
enum { X86_ES, X86_CS, X86_SS, X86_DS, X86_FS, X86_GS, X86_LDTR, X86_TR, X86_NSEG };
/*
 * core_op.r[3] of a memory operand in 64-bit mode when the segment is
 * ES, CS, SS or DS: their bases are treated as 0 (SDM 3:3.2.4), so the
 * effective-address computation adds no base.
 */
enum { X86_SEG_FLAT = 6 };

/*
 * A segment register with its hidden part (SDM 3:3.4.3). `attr` packs the
 * descriptor's bits 47:40 (type, S, DPL, P) in 7:0 and 55:52 (AVL, L, D/B,
 * G) in 11:8, the layout of the VMCB and of SEV-ES's VMSA (APM 2:15.5.1),
 * so the CoCo models copy it unchanged.
 */
struct x86_seg {
	uint64_t base;
	uint32_t limit;            /* in bytes, granularity applied */
	uint16_t sel;
	uint16_t attr;
};
enum {
	X86_SEG_TYPE = 0xf, X86_SEG_S = 1u << 4, X86_SEG_DPL_SHIFT = 5, X86_SEG_P = 1u << 7,
	X86_SEG_AVL = 1u << 8, X86_SEG_L = 1u << 9, X86_SEG_DB = 1u << 10, X86_SEG_G = 1u << 11,
};

struct x86_dtr {
	uint64_t base;
	uint16_t limit;
};

/* A 128-bit XMM register, lanes little-endian (SDM 1:10.2.2). */
typedef union {
	uint8_t b[16];
	uint16_t w[8];
	uint32_t d[4];
	uint64_t q[2];
	int8_t sb[16];
	int16_t sw[8];
	int32_t sd[4];
	int64_t sq[2];
	float fs[4];
	double fd[2];
} x86_xmm;

/* The XSAVE components this CPU has: x87 and SSE (XCR0 bits 0 and 1, SDM 1:13.1). */
#define X86_XCR0_SUPPORTED 3u

/* MXCSR's bits this CPU implements, MXCSR_MASK in the FXSAVE image (SDM 1:10.5.1.2): DAZ too. */
#define X86_MXCSR_MASK 0xffffu
#define X86_MXCSR_INIT 0x1f80u   /* at RESET, and what XRSTOR loads for SSE not in use (SDM 1:13.8.2) */

/* An x87 register: the 64-bit significand and the sign and exponent (SDM 1:8.1.2). */
struct x86_fpreg {
	uint64_t mant;
	uint16_t sexp;
};

/*
 * The lazy arithmetic flags. An ALU handler records what it computed (the
 * operation, the operand size, the result and the operands) instead of
 * computing CF/PF/AF/ZF/SF/OF, which most instructions overwrite before
 * anything reads them; x86_flags() (flags.c) materialises them on demand,
 * and x86_cond() evaluates a Jcc/SETcc/CMOVcc condition straight from the
 * record. X86_LF_NONE: rflags holds the arithmetic flags itself.
 */
enum x86_lazy_op {
	X86_LF_NONE,
	X86_LF_ADD, X86_LF_ADC,    /* res = dst + src (+ cf_in) */
	X86_LF_SUB, X86_LF_SBB,    /* res = dst - src (- cf_in); NEG is 0 - src, CMP a SUB */
	X86_LF_LOGIC,              /* AND, OR, XOR, TEST: CF = OF = 0 */
	X86_LF_INC, X86_LF_DEC,    /* ADD/SUB of 1 that keep CF (cf_in) */
	X86_LF_SHL,                /* src: the operand shifted by count - 1 (its top bit is CF) */
	X86_LF_SHR,                /* SHR and SAR; src as for SHL (its bit 0 is CF) */
	X86_LF_MUL,                /* MUL and IMUL: src is 1 when the result did not fit (CF = OF) */
	X86_LF_COUNT
};
struct x86_lazy {
	uint64_t res, src, dst;    /* result, source and destination operands (before the op) */
	uint8_t op;                /* enum x86_lazy_op */
	uint8_t size;              /* operand size, log2 of bytes (as core_op.f[3]) */
	uint8_t cf_in;             /* ADC/SBB: the carry that went in; INC/DEC: the CF they keep */
};

/*
 * All the architectural register state of one context: what a VMPL's VMSA
 * or an L2 partition's guest state holds. The running context's state is
 * x86_cpu.s (handlers reach it at a fixed offset); the others wait in
 * x86_cpu.saved[]. RIP is core_vcpu.pc while the context runs and s.rip
 * while it waits.
 */
struct x86_state {
	uint64_t r[X86_NGPR];
	uint64_t rip;              /* only while the context waits */
	uint64_t rflags;           /* the non-arithmetic flags, and the arithmetic ones when lazy.op == NONE */
	struct x86_lazy lazy;

	struct x86_seg seg[X86_NSEG];
	struct x86_dtr gdtr, idtr;
	uint64_t cr0, cr2, cr3, cr4, cr8;
	uint64_t efer, xcr0;
	uint64_t dr[8];            /* DR0-3, DR6 at 6, DR7 at 7 (4 and 5 alias them) */

	/* MSRs a context owns (SDM 4; APM 2 appendix A). */
	uint64_t star, lstar, cstar, sfmask, kernel_gs_base;
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
	uint64_t pat, tsc_aux, tsc_offset, misc_enable, spec_ctrl;

	/* SSE and x87 (the FXSAVE image's fields, SDM 1:10.5.1). */
	x86_xmm xmm[16];
	uint32_t mxcsr;
	struct x86_fpreg st[8];    /* physical registers R0-R7 (TOP in fsw maps ST(i)) */
	uint16_t fcw, fsw, fop;
	uint8_t ftw;               /* abridged tag word: bit i set = R(i) valid */
	uint64_t fip, fdp;

	/* Interrupt shadow after STI or MOV SS/POP SS (SDM 3:6.8.3), and NMI blocking. */
	bool sti_shadow, nmi_blocked;

	/* SEV-ES/SNP: the GHCB MSR (0xC0010130), kept in each VMPL's VMSA (APM 2:15.35.6). */
	uint64_t ghcb_msr;
};

/* ---------------------------------------------------------- event routes */

/*
 * The events whose handler depends on the machine's configuration
 * (exceptions 0-31 by vector, then the instructions and accesses a
 * hypervisor may intercept). An instruction handler that meets one calls
 * x86_route(); the route table says who answers.
 */
enum x86_event {
	X86_EV_VECTOR0 = 0,        /* exception vector n is event n (n < 32) */
	X86_EV_CPUID = 32,
	X86_EV_RDMSR, X86_EV_WRMSR,
	X86_EV_IO,                 /* IN, OUT, INS, OUTS */
	X86_EV_MMIO,               /* a load or store that reached an MMIO region */
	X86_EV_NPF,                /* an access the memory model refused (view, validation, VMPL/L2 permission) */
	X86_EV_HLT,
	X86_EV_VMMCALL, X86_EV_VMCALL, X86_EV_VMGEXIT, X86_EV_TDCALL,
	X86_EV_RDTSC, X86_EV_RDTSCP, X86_EV_RDPMC,
	X86_EV_WBINVD, X86_EV_MONITOR, X86_EV_MWAIT,
	X86_EV_DR7_READ, X86_EV_DR7_WRITE,   /* MOV from / to DR7 */
	X86_EV_SHUTDOWN,           /* a triple fault */
	X86_EV_COUNT
};

/* Who handles an event. */
enum x86_handler {
	X86_TO_CPU,                /* the architecture: exceptions through the context's IDT, the
				      instruction does what it does on bare metal (CPUID reads
				      cpuid.c's table, IN/OUT the port space) */
	X86_TO_VC,                 /* SEV-ES/SNP: #VC (vector 29) in the same context, the event's
				      SVM exit code as error code (APM 2:15.35.5) */
	X86_TO_VE,                 /* TDX: #VE (vector 20) in the same context, the exit
				      information for TDG.VP.VEINFO.GET */
	X86_TO_CTX,                /* switch to register context `arg` (a VMPL0 paravisor, the L1
				      VMM), which learns why from the exit record */
	X86_TO_HV,                 /* exit to hvsim (CORE_EXIT_HYPERCALL) through conduit `arg`:
				      hvsim plays KVM, the SNP firmware, the TDX module, Hyper-V */
};
struct x86_route {
	uint8_t to;                /* enum x86_handler */
	uint8_t arg;               /* X86_TO_CTX: the context; X86_TO_HV: the conduit */
};

/*
 * What an event carries, in neutral terms: the VC, VE and CTX routes
 * encode it as their architecture says (SVM exit codes and EXITINFO1/2,
 * VMX exit reasons and qualifications).
 */
struct x86_event_info {
	uint64_t qual;             /* MSR index; port | size << 16 | in << 24 | string/rep bits;
				      the access's linear address for MMIO/NPF */
	uint64_t gpa;              /* guest-physical address for MMIO and NPF */
	uint64_t value;            /* WRMSR's EDX:EAX, OUT's value, an MMIO store's data */
	uint32_t error;            /* an exception's error code; NPF: the page-fault-style bits */
	uint8_t size;              /* access size in bytes (IO, MMIO) */
	uint8_t reg;               /* MMIO: the register operand the instruction decoded */
	uint8_t insn_len;
};

/* The hypercall conduits (core_exit_info.conduit; names in x86_conduit_names). */
enum x86_conduit {
	X86_CONDUIT_CPUID,         /* hypervisor CPUID leaves: eax, ecx in; eax, ebx, ecx, edx out */
	X86_CONDUIT_RDMSR,         /* hypervisor MSRs: ecx in; edx:eax out */
	X86_CONDUIT_WRMSR,         /* ecx, edx:eax in */
	X86_CONDUIT_VMMCALL,       /* AMD's hypercall instruction: KVM's ABI, rax = nr, rbx.. args */
	X86_CONDUIT_VMCALL,        /* Intel's */
	X86_CONDUIT_VMGEXIT,       /* SEV-ES/SNP: the GHCB protocol */
	X86_CONDUIT_TDCALL,        /* TDX: the TDX module's interface */
	X86_CONDUIT_NPF,           /* a nested page fault the hypervisor takes (SNP: an RMP check
				      failed): EXITINFO1 the fault bits, EXITINFO2 the GPA in; none out */
	X86_CONDUIT_COUNT
};
extern const char *const x86_conduit_names[X86_CONDUIT_COUNT];

/* ------------------------------------------------------------- platform */

/* This CPU's local APIC as the CPU sees it (the device is dev/x86_lapic). */
struct x86_apic_ops {
	/* Accept the highest-priority deliverable interrupt (IRR -> ISR): its vector, or -1. */
	int (*ack)(void *apic);
	/* The x2APIC MSRs 0x800-0x8ff and IA32_APIC_BASE: false if the access #GPs. */
	bool (*msr)(void *apic, uint32_t index, uint64_t *val, bool write);
	/* CR8 is the TPR's bits 7:4 (SDM 3:10.8.6.1). */
	void (*set_tpr)(void *apic, unsigned cr8);
	unsigned (*get_tpr)(void *apic);
};

/* Whose processor CPUID describes (SEV-SNP needs AMD's, TDX Intel's). */
enum x86_vendor { X86_VENDOR_INTEL, X86_VENDOR_AMD };

/* The confidential-computing architecture the CPU has (cpu/x86-coco/snp.c for SNP). */
enum x86_coco { X86_COCO_NONE, X86_COCO_SNP };

/* What the machine gives a CPU. */
struct x86_platform {
	void *opaque;
	uint8_t vendor;            /* enum x86_vendor */
	struct mem_space *io;      /* the port I/O space (IN, OUT, INS, OUTS) */
	void *apic;
	const struct x86_apic_ops *apic_ops;
	uint32_t apic_id;          /* initial APIC ID (CPUID 1 and 0xB report it) */
	unsigned n_cpus;           /* the package's logical processors (CPUID topology) */
	uint64_t tsc_hz;           /* TSC frequency; the TSC counts virtual time at this rate */
	/*
	 * The highest count (without the context's offset) a read of the TSC
	 * returned on any vCPU of the machine, shared by them all; NULL: each
	 * vCPU reads its own virtual time alone. See x86_tsc_read.
	 */
	uint64_t *tsc_latest;
	uint64_t rng_seed;         /* RDRAND/RDSEED: a deterministic sequence from this seed */
	/*
	 * The hypervisor's own CPUID leaves and MSRs, which a CPU running
	 * under a hypervisor gets from it, not from silicon: with the
	 * X86_EV_CPUID / _RDMSR / _WRMSR routes at X86_TO_CPU, these exit to
	 * hvsim through X86_CONDUIT_CPUID / _RDMSR / _WRMSR (KVM's leaves
	 * 0x40000000-0x400000ff; its MSRs 0x4b564d00-0x4b564dff and the
	 * legacy 0x11-0x12). last < first, or an MSR range whose last is
	 * 0: none.
	 */
	uint32_t hv_leaf_first, hv_leaf_last;
	struct { uint32_t first, last; } hv_msrs[2];
	/*
	 * SEV-SNP (X86_COCO_SNP): the guest is an SNP guest; c_bit is the
	 * position of the encryption bit in page-table entries (CPUID
	 * 0x8000001F EBX[5:0]). The vendor must be AMD.
	 */
	uint8_t coco;              /* enum x86_coco */
	uint8_t c_bit;
	/*
	 * The MSRs the hypervisor lets the guest read and write directly (its
	 * MSR permission map's clear bits): these never reach the RDMSR/WRMSR
	 * routes. NULL: none.
	 */
	const uint32_t *msr_direct;
	unsigned n_msr_direct;
};

/* --------------------------------------------------------------- the CPU */

#define X86_MAX_CTX 4
#define X86_VC_KINDS 16            /* the #VC causes counted apart (snp.c) */

struct x86_cpu {
	struct core_vcpu core;     /* first: handlers cast core_vcpu* to x86_cpu* */

	struct x86_state s;        /* the running context */

	/*
	 * Register contexts: `ctx` runs; saved[i] holds context i while it
	 * waits (NULL for contexts the VM does not have). core.req.ctx and
	 * core_exit_info.context follow `ctx`.
	 */
	uint8_t ctx;
	struct x86_state *saved[X86_MAX_CTX];
	/* Where each context's events go (route.c); the board fills them. */
	struct x86_route routes[X86_MAX_CTX][X86_EV_COUNT];
	/* The event that made the last X86_TO_CTX switch, for the target context to read. */
	enum x86_event exit_event;
	struct x86_event_info exit_info;

	/* Interrupt inputs (SDM 3:6.3): the APIC's INTR, NMI, INIT and SIPI (with its vector). */
	bool intr, nmi, init, sipi;
	uint8_t sipi_vector;
	bool wait_for_sipi;        /* an AP after INIT: halted until a SIPI */

	/* RDRAND/RDSEED's deterministic state. */
	uint64_t rng_state;
	/* A hypercall in flight: the instruction's length, for resuming past it. */
	uint8_t hcall_len;
	/* The NPF exit in flight (X86_CONDUIT_NPF): its EXITINFO1 and EXITINFO2. */
	uint64_t npf_info[2];
	/* A context switch the hypervisor asked for during the call in flight: 1 + the context; 0 none. */
	uint8_t ctx_after_call;
	/*
	 * SNP: 1 << plat.c_bit; 0 for every other guest, whose page-table
	 * walks then take their own view of memory (mmu.c).
	 */
	uint64_t c_bit_mask;
	char why[96];              /* core.exit_why's words when the CPU stops the run itself */
	uint64_t vc_count[X86_VC_KINDS];   /* SNP: #VC taken, by cause (x86_snp_vc) */

	struct x86_platform plat;
};

static inline struct x86_cpu *x86(struct core_vcpu *v)
{
	return (struct x86_cpu *)v;
}

/* A byte operand: GPR n's low byte, or AH/CH/DH/BH (X86_AH..X86_BH). */
static inline uint8_t *x86_reg8(struct x86_cpu *c, unsigned n)
{
	return n < X86_NGPR ? (uint8_t *)&c->s.r[n] : (uint8_t *)&c->s.r[n - X86_AH] + 1;
}

/* Current privilege level: CS's DPL in protected mode (SDM 3:5.5), 0 in real mode. */
static inline unsigned x86_cpl(const struct x86_cpu *c)
{
	return (c->s.seg[X86_CS].attr >> X86_SEG_DPL_SHIFT) & 3;
}

static inline bool x86_long_mode(const struct x86_cpu *c)
{
	return (c->s.efer & X86_EFER_LMA) != 0;
}

/* 64-bit mode: long mode with CS.L (SDM 3:5.2.1). */
static inline bool x86_64bit(const struct x86_cpu *c)
{
	return x86_long_mode(c) && (c->s.seg[X86_CS].attr & X86_SEG_L);
}

void x86_cpu_init(struct x86_cpu *c, const struct core_timing *timing, struct core_cache *cache,
		  struct mem_space *mem, struct core_events *events, int index,
		  const struct x86_platform *plat);
void x86_cpu_free(struct x86_cpu *c);
/* Save or load the vCPU's state (mem/snap.h): its contexts, interrupt inputs and RNG. */
struct snap;
void x86_cpu_snapshot(struct x86_cpu *c, struct snap *s);
/* The state at RESET (SDM 3:9.1.1): real mode at F000:FFF0; the board then sets up its entry. */
void x86_cpu_reset(struct x86_cpu *c);
/*
 * Enter 64-bit mode at `rip` with flat 64-bit code and data segments,
 * paging on with page tables at `cr3`, interrupts off: the state the
 * board's direct boot and bare-metal tests start from (Linux's 64-bit
 * boot protocol, Documentation/arch/x86/boot.rst "64-bit Boot Protocol").
 */
void x86_cpu_enter_long_mode(struct x86_cpu *c, uint64_t rip, uint64_t cr3);
/*
 * Recompute what follows from CR0, CR4, EFER, CS and CPL: the decode mode,
 * the soft-TLB regime, core.req.level. Call after any of them changes.
 */
void x86_update_mode(struct x86_cpu *c);
/*
 * Give the vCPU context `ctx` (the CoCo models: VMPLs, L2 partitions):
 * `st` holds its registers while it waits, and its route table is `routes`
 * (X86_EV_COUNT entries; copied).
 */
void x86_add_context(struct x86_cpu *c, unsigned ctx, struct x86_state *st,
		     const struct x86_route *routes);
/* Save the running context, load context `ctx` (its RIP becomes core.pc), update the mode. */
void x86_switch_context(struct x86_cpu *c, unsigned ctx);
/*
 * During a hypercall (SNP_RUN_VMPL): switch to context `ctx` once the
 * call's results have reached the caller's registers (the caller resumes
 * after its VMGEXIT when it runs again).
 */
void x86_switch_context_after_call(struct x86_cpu *c, unsigned ctx);

/* --------------------------------------------------------------- decode */

/*
 * The decode mode (core_vcpu.mode) keys the decode cache. Everything that
 * changes how bytes decode or which handler an op gets lives here, so
 * handlers never re-check it: the code size (CS.L/CS.D: 16, 32, 64), the
 * stack size (SS.B), CPL (privileged instructions #GP at decode when
 * CPL > 0), protected or real mode, and whether SSE and x87 instructions
 * may run (CR0.EM/TS and CR4.OSFXSR: #UD or #NM at decode).
 */
enum { X86_CODE16 = 0, X86_CODE32 = 1, X86_CODE64 = 2 };
#define X86_MODE(code, cpl, stack32, pe, sse_ok, fpu_ok)                                    \
	((uint32_t)(code) | (uint32_t)(cpl) << 2 | (uint32_t)(stack32) << 4 |             \
	 (uint32_t)(pe) << 5 | (uint32_t)(sse_ok) << 6 | (uint32_t)(fpu_ok) << 7)

/* Opcode maps (SDM 2:A.2): one byte, 0F, 0F 38, 0F 3A. */
enum { X86_MAP_1B, X86_MAP_0F, X86_MAP_0F38, X86_MAP_0F3A };
/* A row's mandatory prefix (SSE rows), or any: legacy 66/F3/F2 then act as prefixes. */
enum { X86_PFX_ANY, X86_PFX_NONE, X86_PFX_66, X86_PFX_F3, X86_PFX_F2 };
/* What the row requires of ModRM; RM_REG: mod is ignored, rm names a register (MOV CR, SDM 2: MOV). */
enum { X86_M_NONE, X86_M_ANY, X86_M_MEM, X86_M_REG, X86_M_RM_REG };
/* Immediates (SDM 2:A.2.1 codes), sign-extended to 64 bits into core_op.imm unless "u". */
enum {
	X86_I_NONE,
	X86_I_B,                   /* Ib, sign-extended */
	X86_I_UB,                  /* Ib, zero-extended (port numbers, shift counts, ENTER's level) */
	X86_I_W,                   /* Iw, zero-extended (RET imm16, ENTER's size) */
	X86_I_Z,                   /* Iz: 16 or 32 bits by operand size, sign-extended */
	X86_I_V,                   /* Iv: 16, 32 or 64 bits by operand size (MOV r, imm64) */
	X86_I_WB,                  /* ENTER: Iw | Ib << 16 */
	X86_I_J8,                  /* Jb: rel8, the target's offset from the next instruction (in insn) */
	X86_I_JZ,                  /* Jz: rel16/rel32, likewise */
	X86_I_MOFFS,               /* MOV AL/rAX <-> moffs: an address of the address size */
	X86_I_FAR,                 /* Ap: an offset of the operand size (16 or 32), then a selector */
};
/* Operand-size rules (SDM 2:2.2.1.2, Table 2-4 and the "d64"/"f64" notes of A.2.5). */
enum {
	X86_SZ_NONE,               /* no integer operand size (SSE rows: REX.W picks a variant) */
	X86_SZ_B,                  /* byte */
	X86_SZ_V,                  /* 16/32/64: 66 and REX.W as usual */
	X86_SZ_D64,                /* 64 by default in 64-bit mode, 16 with 66 (PUSH, POP, ...) */
	X86_SZ_F64,                /* 64 in 64-bit mode whatever the prefixes (near branches) */
	X86_SZ_W,                  /* 16 */
	X86_SZ_D,                  /* 32 */
	X86_SZ_Q,                  /* 64 */
	X86_SZ_Y,                  /* 64 in 64-bit mode, else 32 whatever the prefixes (MOV CRn's "y") */
};
/* Row flags. */
enum {
	X86_F_END = 1u << 0,       /* ends the block (control flow, mode or state changes) */
	X86_F_LOCK = 1u << 1,      /* LOCK allowed (with a memory operand); #UD otherwise */
	X86_F_REP = 1u << 2,       /* F3/F2 are REP/REPNE, not mandatory prefixes (string insns) */
	X86_F_PRIV = 1u << 3,      /* CPL 0 only: #GP(0) at decode otherwise */
	X86_F_SSE = 1u << 4,       /* SSE: #UD without CR4.OSFXSR or with CR0.EM, #NM with CR0.TS */
	X86_F_FPU = 1u << 5,       /* x87: #NM with CR0.EM or CR0.TS */
	X86_F_NO64 = 1u << 6,      /* invalid in 64-bit mode (#UD) */
	X86_F_ONLY64 = 1u << 7,    /* valid only in 64-bit mode */
	X86_F_REG_OP = 1u << 8,    /* the register is the opcode's low 3 bits (+REX.B): r[0] */
	X86_F_CC = 1u << 9,        /* Jcc, SETcc, CMOVcc: the condition is the opcode's low nibble */
	X86_F_UIMM = 1u << 10,     /* disassembly: a sign-extended immediate prints unsigned (AND, OR, XOR) */
	X86_F_LEGACY = 1u << 11,   /* checked for real and protected mode too (an AP's start-up);
				      other rows are 64-bit only: outside it an internal error */
};

/*
 * Handlers of one instruction by operand form and size: reg[] when the
 * ModRM operand is a register (or there is no ModRM operand), mem[] when
 * it is memory; index log2 of the operand size in bytes (0: 8 bits .. 3:
 * 64 bits; X86_SZ_NONE rows: 2 without REX.W, 3 with). NULL: #UD.
 */
struct x86_exec {
	core_handler_fn reg[4], mem[4];
};

struct x86_dec;

/* One row of an opcode table. */
struct x86_row {
	uint8_t map;               /* X86_MAP_* */
	uint8_t opcode;
	uint8_t prefix;            /* X86_PFX_* */
	int8_t ext;                /* ModRM.reg opcode extension 0-7, or -1 */
	uint8_t modrm;             /* X86_M_* */
	uint8_t imm;               /* X86_I_* */
	uint8_t size;              /* X86_SZ_* */
	uint8_t cls;               /* enum core_op_class */
	uint16_t flags;            /* X86_F_* */
	/*
	 * The mnemonic as capstone's Intel syntax spells it (stats, tests and
	 * the disassembler, disasm.c). A '*' is the operand-size suffix
	 * (b, w, d, q: "stos*"), a '#' the condition ("j#": je, jne...);
	 * names separated by '/' are the mnemonics for operand sizes 8, 16,
	 * 32 and 64 bits in turn ("/cbw/cwde/cdqe"), or for address sizes
	 * with a leading '@' ("@/jcxz/jecxz/jrcxz").
	 */
	const char *name;
	/*
	 * The operands in the SDM's notation (SDM 2:A.2.1), destination
	 * first, comma-separated: E/G (ModRM rm and reg), M (memory only),
	 * Z (the register in the opcode's low bits), I/J/O (immediates,
	 * branch offsets, moffs), X/Y (string sources and destinations),
	 * S (a segment register), C (a control register, ModRM.reg), T0
	 * and T (x87's ST(0) and ModRM.rm's ST(i)), F (an x87 memory
	 * operand: w d q integers or reals, t m80fp, p packed BCD, none
	 * for the state images), each
	 * with its size letter (b w d q v z);
	 * and fixed operands (AL, rAX, eAX, CL, DX, 1). Decode reads it to know
	 * which register operands are bytes (AH-BH without REX); the
	 * disassembler renders it.
	 */
	const char *ops;
	const struct x86_exec *exec;
	/* A further condition on the encoding (REX.B for 90's XCHG), or NULL. */
	bool (*when)(const struct x86_dec *d);
};

/* A row, fields in struct order. */
#define X86_ROW(map_, opc, pfx, ext_, mrm, imm_, sz, cls_, fl, nm, ops_, ex)                  \
	{ .map = (map_), .opcode = (opc), .prefix = (pfx), .ext = (ext_), .modrm = (mrm),       \
	  .imm = (imm_), .size = (sz), .cls = (cls_), .flags = (fl), .name = (nm), .ops = (ops_), \
	  .exec = (ex) }

/*
 * The opcode tables, one per instruction group file; decode.c indexes them
 * all by (map, opcode) at start-up. No two rows match the same bytes
 * (tests/unit/test_x86_decode.c checks it).
 */
struct x86_table {
	const struct x86_row *rows;
	size_t n;
};
extern const struct x86_table *const x86_tables[];
extern const size_t x86_n_tables;

/*
 * Operand conventions every handler follows (decode.c fills them):
 *   r[0]  the ModRM.reg operand, or the opcode's register (X86_F_REG_OP)
 *   r[1]  the ModRM.rm register (register form), or the memory operand's base
 *         (X86_R_NONE, X86_R_RIP)
 *   r[2]  the memory operand's index (X86_R_NONE)
 *   r[3]  the memory operand's segment (X86_ES..X86_GS, or X86_SEG_FLAT)
 *   f[0]  the SIB scale as a shift (0-3)
 *   f[1]  the address size, log2 of bytes (1, 2, 3)
 *   f[2]  prefixes: X86_P_*
 *   f[3]  the operand size, log2 of bytes (0-3)
 *   insn  the displacement, sign-extended to 32 bits: ModRM's, or a relative
 *         branch's offset from the next instruction (Jb, Jz). No raw
 *         encoding: an x86 instruction does not fit; traces re-read the bytes
 *   imm   the immediate (X86_I_*); with two immediates, as that kind says;
 *         X86_F_CC rows: the condition (the opcode's low nibble)
 *   len   the instruction's length (RIP-relative addresses and returns
 *         count from pc + len)
 */
enum {
	X86_P_LOCK = 1u << 0, X86_P_REP = 1u << 1, X86_P_REPNE = 1u << 2, X86_P_OPSIZE = 1u << 3,
	X86_P_ADDRSIZE = 1u << 4, X86_P_REX = 1u << 5, X86_P_REXW = 1u << 6,
};

/*
 * The memory operand's offset (LEA's result): base + index << scale +
 * disp, truncated to the address size; its linear address (x86_ea) adds
 * the segment's base where it has one.
 */
static inline uint64_t x86_offset(const struct x86_cpu *c, const struct core_op *op)
{
	uint64_t a = (uint64_t)(int64_t)(int32_t)op->insn;
	if (op->r[1] == X86_R_RIP)
		a += c->core.block_va + op->off + op->len;
	else if (op->r[1] != X86_R_NONE)
		a += c->s.r[op->r[1]];
	if (op->r[2] != X86_R_NONE)
		a += c->s.r[op->r[2]] << op->f[0];
	if (unlikely(op->f[1] != 3))
		a &= op->f[1] == 2 ? 0xffffffffull : 0xffffull;
	return a;
}

/* The segment's base, if it has one (x86_offset plus this is the linear address). */
static inline uint64_t x86_seg_base(const struct x86_cpu *c, const struct core_op *op)
{
	return op->r[3] != X86_SEG_FLAT ? c->s.seg[op->r[3]].base : 0;
}

static inline uint64_t x86_ea(const struct x86_cpu *c, const struct core_op *op)
{
	return x86_offset(c, op) + x86_seg_base(c, op);
}

/*
 * One instruction as the decoder read it (decode.c): what the op is made
 * from, and what the disassembler and the decoder tests look at.
 */
enum x86_dec_status {
	X86_DEC_OK,
	X86_DEC_MORE,              /* the bytes end before the instruction does */
	X86_DEC_UD,                /* invalid encoding (#UD) */
	X86_DEC_GP,                /* longer than 15 bytes (#GP(0), SDM 2:2.3.11) */
};
#define X86_MAX_INSN_LEN 15
struct x86_dec {
	const struct x86_row *row;
	uint8_t status;            /* enum x86_dec_status */
	uint8_t len;
	uint8_t code;              /* X86_CODE16/32/64 */
	uint8_t map, opcode;
	uint8_t modrm, sib;
	bool has_modrm, has_sib;
	uint8_t rex;               /* the REX byte, or 0 */
	uint8_t seg;               /* the segment override (X86_ES..X86_GS), or X86_R_NONE */
	uint8_t pfx;               /* X86_P_* (mandatory prefixes the row took removed) */
	uint8_t osz, asz;          /* operand and address size, log2 of bytes */
	uint8_t imm_len;
	int32_t disp;
	uint64_t imm;
};
/* Decode the instruction at `bytes` in decode mode `mode` (X86_MODE). */
void x86_decode_insn(uint32_t mode, const uint8_t *bytes, size_t avail, struct x86_dec *d);
/* Has the decoded instruction a memory operand (ModRM's memory form)? */
bool x86_dec_mem(const struct x86_dec *d);
/* The operands of a decoded instruction into op (the conventions above). */
void x86_dec_operands(const struct x86_dec *d, struct core_op *op);
/* Decode one instruction: the engine's callback (decode.c). */
unsigned x86_decode(struct core_vcpu *v, const uint8_t *bytes, size_t avail,
		    struct core_op *op, bool *ends_block);
/*
 * Intel-syntax text of a decoded instruction at address pc (disasm.c), as
 * capstone prints it: "mnemonic operands". Returns false for an invalid one.
 */
bool x86_disasm(const struct x86_dec *d, uint64_t pc, char *out, size_t len);

/* ------------------------------------------------------------ the flags */

/* RFLAGS with the arithmetic flags materialised (flags.c). */
uint64_t x86_flags(struct x86_cpu *c);
/* Set RFLAGS (the arithmetic flags leave the lazy state). */
void x86_set_flags(struct x86_cpu *c, uint64_t rflags);
/*
 * POPF's and IRET's load of RFLAGS (SDM 2: POPF, IRET): VM, VIP, VIF and
 * the bits in `keep` stay; IOPL changes only at CPL 0, IF only at
 * CPL <= IOPL (the CPL before the instruction).
 */
void x86_load_flags(struct x86_cpu *c, uint64_t val, uint64_t keep);
/* Record an arithmetic result for the flags (X86_LF_*), sz log2 of the operand's bytes. */
X86_INLINE void x86_lazy_set(struct x86_cpu *c, unsigned lop, unsigned sz, uint64_t dst,
			     uint64_t src, uint64_t res)
{
	c->s.lazy.op = (uint8_t)lop;
	c->s.lazy.size = (uint8_t)sz;
	c->s.lazy.dst = dst;
	c->s.lazy.src = src;
	c->s.lazy.res = res;
}
/* CF now (ADC, SBB, INC, DEC, the rotates through carry read it). */
bool x86_carry(struct x86_cpu *c);

/* -------------------------------------------------------------- events */

/* Exception vectors (SDM 3:6.3.1 Table 6-1; #VC APM 2:15.35, #HV 2:15.36), apart from the flags' and segments' names. */
enum {
	X86_EXC_DE = 0, X86_EXC_DB = 1, X86_EXC_NMI = 2, X86_EXC_BP = 3, X86_EXC_OF = 4,
	X86_EXC_BR = 5, X86_EXC_UD = 6, X86_EXC_NM = 7, X86_EXC_DF = 8, X86_EXC_TS = 10,
	X86_EXC_NP = 11, X86_EXC_SS = 12, X86_EXC_GP = 13, X86_EXC_PF = 14, X86_EXC_MF = 16,
	X86_EXC_AC = 17, X86_EXC_MC = 18, X86_EXC_XM = 19, X86_EXC_VE = 20, X86_EXC_CP = 21,
	X86_EXC_HV = 28, X86_EXC_VC = 29, X86_EXC_SX = 30,
};
/* An exception without an error code: X86_NO_ERROR as `err`. */
#define X86_NO_ERROR UINT32_MAX

/*
 * A fault at op (RIP = the instruction's address; the route table may send
 * it elsewhere than the IDT). Returns CORE_EXCEPTION, or the status of the
 * route taken.
 */
int x86_fault(struct x86_cpu *c, const struct core_op *op, unsigned vector, uint32_t err);
/*
 * An exception whose saved RIP is `rip` (a fault at an instruction fetch:
 * the instruction's address), through the route table, then the IDT.
 */
int x86_exception(struct x86_cpu *c, uint64_t rip, unsigned vector, uint32_t err);
/* A page fault: CR2 = la, error code err (SDM 3:4.7). */
int x86_page_fault(struct x86_cpu *c, const struct core_op *op, uint64_t la, uint32_t err);
/* A trap after op retired (INT3, INTO, INT n, a debug trap): RIP = the next instruction. */
int x86_trap(struct x86_cpu *c, const struct core_op *op, unsigned vector, bool software);
/*
 * An interceptable event at op (route.c): X86_TO_CPU returns CORE_OK for
 * the handler to go on architecturally; every other route is taken here
 * and its status returned for the handler to return.
 */
int x86_route(struct x86_cpu *c, const struct core_op *op, enum x86_event ev,
	      const struct x86_event_info *info);
/*
 * An instruction that exists only for a hypervisor or a CPU feature the
 * route stands for (VMCALL, VMMCALL, VMGEXIT, MONITOR, MWAIT): the route's
 * answer, or #UD when the route says the CPU itself (route.c).
 */
int x86_route_or_ud(struct x86_cpu *c, const struct core_op *op, enum x86_event ev);
/* IRET with operand size log2 sz (except.c): the return from delivery. */
int x86_iret(struct x86_cpu *c, const struct core_op *op, unsigned sz);
/* The GDT descriptor of a non-null selector into *desc (0), or the fault taken (#GP(sel), #PF). */
int x86_descriptor(struct x86_cpu *c, const struct core_op *op, uint16_t sel, uint64_t *desc);
/* The engine's interrupt callback: NMI, INIT/SIPI and INTR, the STI/MOV SS shadow, HLT's wake rule. */
bool x86_take_irq(struct core_vcpu *v);
/* The APIC's inputs: INTR level, an NMI, INIT, a SIPI with its vector (each kicks the vCPU). */
void x86_set_intr(struct x86_cpu *c, bool level);
void x86_raise_nmi(struct x86_cpu *c);
void x86_raise_init(struct x86_cpu *c);
void x86_raise_sipi(struct x86_cpu *c, uint8_t vector);
/*
 * Start the CPU from a whole register state instead of INIT and a SIPI
 * (SEV-SNP AP creation): any pending INIT or SIPI is dropped, the TSC runs
 * on, execution begins at st's CS:RIP.
 */
void x86_start_from(struct x86_cpu *c, const struct x86_state *st);

/* ------------------------------------------------------ memory accesses */

enum x86_access { X86_READ = 0, X86_WRITE = 1, X86_FETCH = 2 };

/*
 * The slow path of a load or store at linear address la (mmu.c): the
 * canonical check, the page walk (A/D bits, U/S, R/W, NX, SMEP/SMAP, WP),
 * the memory model's views and permissions (NPF route), MMIO (the MMIO
 * route, then the device), a page-crossing split, the soft-TLB fill, or
 * the fault. `val` is in/out for up to 8 bytes. Returns 0 or the status of
 * the exception or route taken.
 */
int x86_mem_slow(struct x86_cpu *c, const struct core_op *op, uint64_t la, unsigned size,
		 enum x86_access acc, uint64_t *val);
/* Any size (SSE's 16 bytes, FXSAVE's 512) in one or more pages. */
int x86_mem_bytes(struct x86_cpu *c, const struct core_op *op, uint64_t la, void *buf,
		  unsigned size, enum x86_access acc);

static inline int x86_read(struct x86_cpu *c, const struct core_op *op, uint64_t la,
			   unsigned size, uint64_t *val)
{
	if (likely(core_tlb_load(c->core.tlb, la, size, val)))
		return 0;
	return x86_mem_slow(c, op, la, size, X86_READ, val);
}

static inline int x86_write(struct x86_cpu *c, const struct core_op *op, uint64_t la,
			    unsigned size, uint64_t val)
{
	if (likely(core_tlb_store(c->core.tlb, la, size, val)))
		return 0;
	return x86_mem_slow(c, op, la, size, X86_WRITE, &val);
}

/* The physical address of la for an instruction's own access (PVALIDATE...), or the fault's status. */
int x86_translate_op(struct x86_cpu *c, const struct core_op *op, uint64_t la,
		     enum x86_access acc, uint64_t *pa);

/* The engine's fetch callback (mmu.c). */
int x86_fetch_translate(struct core_vcpu *v, uint64_t va, uint64_t *pa);
/*
 * An implicit supervisor access to a system structure (IDT, GDT, TSS, an
 * exception frame) at linear address la (mmu.c): false with *err the #PF
 * error code (CR2 set), or X86_NO_ERROR for a non-canonical address (#GP).
 */
bool x86_sys_access(struct x86_cpu *c, uint64_t la, void *buf, unsigned size, bool write,
		    uint32_t *err);
/* The soft-TLB table of the current privilege level (mmu.c). */
struct core_tlb *x86_tlb_regime(struct x86_cpu *c);
/* The debugger's translation: no side effect, permissions ignored (mmu.c). */
bool x86_translate_debug(struct x86_cpu *c, uint64_t la, uint64_t *pa);
/* After a CR3 write, INVLPG, INVPCID or a paging-mode change (mmu.c). */
void x86_tlb_flush(struct x86_cpu *c, bool global);
void x86_tlb_flush_page(struct x86_cpu *c, uint64_t la);

/* ------------------------------------------------- operands in handlers */

/* All ones in an operand of size log2 sz bytes. */
X86_INLINE uint64_t x86_mask(unsigned sz)
{
	return sz == 3 ? ~0ull : (1ull << (8u << sz)) - 1;
}

/* The sign bit of an operand of size sz. */
X86_INLINE uint64_t x86_sign(uint64_t x, unsigned sz)
{
	return x >> ((8u << sz) - 1) & 1;
}

/* Sign-extend an operand of size sz to 64 bits. */
X86_INLINE uint64_t x86_sext(uint64_t x, unsigned sz)
{
	unsigned sh = 64 - (8u << sz);
	return (uint64_t)((int64_t)(x << sh) >> sh);
}

/*
 * Condition code cc (the low nibble of Jcc/SETcc/CMOVcc).
 * SDM 2:B.1.4.7 Table B-1: bit 0 of cc negates, bits 3:1 pick O, B, Z,
 * BE, S, P, L, LE. CMP and SUB, the usual producers, are answered from
 * their operands, and Z and S from any recorded result, without
 * computing the other flags. Inline, so that a handler made for one
 * condition (Jcc) keeps only that condition's code.
 */
X86_INLINE bool x86_cond(struct x86_cpu *c, unsigned cc)
{
	const struct x86_lazy *l = &c->s.lazy;
	bool r;
	if (l->op == X86_LF_SUB && (cc >> 1) != 0 && (cc >> 1) != 4 && (cc >> 1) != 5) {
		uint64_t m = x86_mask(l->size), a = l->dst & m, b = l->src & m;
		int64_t sa = (int64_t)x86_sext(a, l->size), sb = (int64_t)x86_sext(b, l->size);
		switch (cc >> 1) {
		case 1: r = a < b; break;
		case 2: r = a == b; break;
		case 3: r = a <= b; break;
		case 6: r = sa < sb; break;
		default: r = sa <= sb; break;   /* 7 */
		}
		return r ^ (cc & 1);
	}
	/* ZF and SF come from the result whatever the operation (lazy_flags). */
	if (l->op != X86_LF_NONE && ((cc >> 1) == 2 || (cc >> 1) == 4)) {
		r = (cc >> 1) == 2 ? (l->res & x86_mask(l->size)) == 0 : x86_sign(l->res, l->size);
		return r ^ (cc & 1);
	}
	uint64_t f = x86_flags(c);
	switch (cc >> 1) {
	case 0: r = f & X86_OF; break;
	case 1: r = f & X86_CF; break;
	case 2: r = f & X86_ZF; break;
	case 3: r = f & (X86_CF | X86_ZF); break;
	case 4: r = f & X86_SF; break;
	case 5: r = f & X86_PF; break;
	case 6: r = !(f & X86_SF) != !(f & X86_OF); break;
	default: r = (f & X86_ZF) || !(f & X86_SF) != !(f & X86_OF); break;
	}
	return r ^ (cc & 1);
}

/* Register n read at size sz (n: 0-15, or X86_AH..X86_BH for bytes). */
X86_INLINE uint64_t x86_get_reg(struct x86_cpu *c, unsigned n, unsigned sz)
{
	switch (sz) {
	case 0: return *x86_reg8(c, n);
	case 1: return (uint16_t)c->s.r[n];
	case 2: return (uint32_t)c->s.r[n];
	default: return c->s.r[n];
	}
}

/* Register n written at size sz: 8 and 16 bits merge, 32 bits zero-extend (SDM 1:3.4.1.1). */
X86_INLINE void x86_set_reg(struct x86_cpu *c, unsigned n, unsigned sz, uint64_t v)
{
	switch (sz) {
	case 0: *x86_reg8(c, n) = (uint8_t)v; break;
	case 1: c->s.r[n] = (c->s.r[n] & ~0xffffull) | (uint16_t)v; break;
	case 2: c->s.r[n] = (uint32_t)v; break;
	default: c->s.r[n] = v; break;
	}
}

/*
 * The E operand (ModRM.rm) of size sz: register r[1], or memory at *la
 * (computed here). Nonzero: the status of the fault taken.
 */
X86_INLINE int x86_load_e(struct x86_cpu *c, const struct core_op *op, unsigned sz, bool mem,
			  uint64_t *la, uint64_t *v)
{
	if (!mem) {
		*v = x86_get_reg(c, op->r[1], sz);
		return 0;
	}
	*la = x86_ea(c, op);
	return x86_read(c, op, *la, 1u << sz, v);
}

X86_INLINE int x86_store_e(struct x86_cpu *c, const struct core_op *op, unsigned sz, bool mem,
			   uint64_t la, uint64_t v)
{
	if (!mem) {
		x86_set_reg(c, op->r[1], sz, v);
		return 0;
	}
	return x86_write(c, op, la, 1u << sz, v & x86_mask(sz));
}

/*
 * The eight handlers of one operation, from `name(v, op, sz, mem)` with
 * sz and mem constant, so each compiles to its own form; and their
 * x86_exec, name##_exec.
 */
#define X86_FORM(name, sz, mem)                                                       	CORE_HANDLER(name##_##mem##sz)     	{                                                                             		return name(v, op, sz, mem);                                           	}
#define X86_FORMS(name)                                                               	X86_FORM(name, 0, false) X86_FORM(name, 1, false) X86_FORM(name, 2, false)     	X86_FORM(name, 3, false) X86_FORM(name, 0, true) X86_FORM(name, 1, true)       	X86_FORM(name, 2, true) X86_FORM(name, 3, true)                                	static const struct x86_exec name##_exec = {                                   		.reg = { name##_false0, name##_false1, name##_false2, name##_false3 }, 		.mem = { name##_true0, name##_true1, name##_true2, name##_true3 },     	};
/* name(v, op, sz, mem) as fn(v, op, sz, mem, args...), in its eight forms. */
#define X86_FORMS_OF(name, fn, ...)                                                        \
	X86_INLINE int name(struct core_vcpu *v, const struct core_op *op, unsigned sz,     \
			    bool mem)                                                       \
	{                                                                                   \
		return fn(v, op, sz, mem, __VA_ARGS__);                                     \
	}                                                                                   \
	X86_FORMS(name)
/* One handler for every form (no operand size or ModRM operand matters). */
#define X86_EXEC_ALL(fn) { .reg = { fn, fn, fn, fn }, .mem = { fn, fn, fn, fn } }

/* The address of the next instruction. */
X86_INLINE uint64_t x86_next_ip(const struct x86_cpu *c, const struct core_op *op)
{
	return c->core.block_va + op->off + op->len;
}

/* ------------------------------------------------------------- the rest */

/* The TSC now: virtual time at plat.tsc_hz, plus the context's offset. */
uint64_t x86_tsc(struct x86_cpu *c);
/* The TSC as the guest reads it (RDTSC, RDTSCP, RDMSR, kvmclock): never behind another vCPU's read. */
uint64_t x86_tsc_read(struct x86_cpu *c);
/* CPUID as this CPU implements it (cpuid.c): leaf, subleaf -> eax, ebx, ecx, edx. */
void x86_cpuid(struct x86_cpu *c, uint32_t leaf, uint32_t sub, uint32_t out[4]);
/* Control registers (cpu.c): MOV CRn's checks and effects; false means #GP(0). */
bool x86_set_cr(struct x86_cpu *c, unsigned n, uint64_t val);
uint64_t x86_get_cr(struct x86_cpu *c, unsigned n);
/* RDMSR/WRMSR of the MSRs the CPU itself implements (msr.c): false means #GP(0). */
bool x86_msr_read(struct x86_cpu *c, uint32_t index, uint64_t *val);
bool x86_msr_write(struct x86_cpu *c, uint32_t index, uint64_t val);
/*
 * MSRs the route table is not asked about (msr.c): SEV-ES/SNP's GHCB MSR
 * and SEV_STATUS, which live in the guest's VMSA and the processor, and
 * those the hypervisor passes through (x86_platform.msr_direct).
 */
bool x86_msr_unintercepted(const struct x86_cpu *c, uint32_t index);
/* Is the MSR one the hypervisor keeps (x86_platform.hv_msrs; insn_system.c)? */
bool x86_hv_msr(const struct x86_cpu *c, uint32_t index);

/* ---------------------------------------------------------------- SNP */

/*
 * The SVM exit code an event is reported with when it becomes a #VC
 * (APM 2:15.35.5; the codes: APM 2 appendix C, Linux uapi/asm/svm.h).
 */
uint32_t x86_snp_exit_code(enum x86_event ev, const struct x86_event_info *info);
/*
 * Raise #VC with error code `code` at op (or, op NULL, at an instruction
 * fetch from rip), counted by cause for --stats (x86_snp_vc_name).
 */
int x86_snp_vc(struct x86_cpu *c, const struct core_op *op, uint64_t rip, uint32_t code);
const char *x86_snp_vc_name(unsigned kind);
/* #VC error code for a private access to a page not validated (APM 2:15.36.11: PAGE_NOT_VALIDATED). */
#define X86_VC_PAGE_NOT_VALIDATED 0x404u
/*
 * An access at `rip` to gpa that the RMP refuses (`why`: MEM_ERR_PERM, a
 * VMPL without the permission; otherwise the view: a private access to a
 * shared page, a shared write to a private one): the hypervisor's nested
 * page fault. Where the context's route for X86_EV_NPF says X86_TO_HV, the
 * vCPU exits to hvsim's hypervisor through that conduit with EXITINFO1/2
 * (npf_info) and the access restarts if it returns; otherwise the vCPU
 * stops and the run ends, saying why. Returns the status to return.
 */
int x86_snp_npf(struct x86_cpu *c, uint64_t rip, uint64_t gpa, enum x86_access acc,
		enum mem_err why);
/*
 * A VMSA page (4 KiB: APM 2 Table B-4, Linux asm/svm.h struct
 * sev_es_save_area) into *st, after VMRUN's consistency checks on it
 * (APM 2:15.5.1). Returns NULL, or the check that failed in words. The
 * VMSA's VMPL and SEV_FEATURES are the caller's to check (*vmpl, *features).
 */
const char *x86_snp_vmsa_read(const uint8_t *vmsa, struct x86_state *st, unsigned *vmpl,
			      uint64_t *features);

/* The engine's description of this ISA. */
extern const struct core_isa x86_isa;

#endif
