/*
 * AArch64 CPU state and the contract between the A64 decode tables, the
 * instruction handlers, the exception model and the MMU.
 */
#ifndef HVSIM_ARM64_H
#define HVSIM_ARM64_H

#include <string.h>

#include "cpu/core/core.h"

/*
 * General registers. Register number 31 means SP or XZR depending on the
 * encoding; the decoder resolves that once, so handlers index x[] blindly:
 *   x[0..30]  X0-X30
 *   x[31]     the current stack pointer (SP_EL0 or SP_ELx per PSTATE.SP/EL);
 *             the banked copies live in sp_el[] while not current
 *   x[32]     XZR as a source: always zero, never written
 *   x[33]     XZR as a destination: a sink whose value is never read
 */
enum { A64_SP = 31, A64_ZR = 32, A64_ZR_SINK = 33, A64_NREGS = 34 };

typedef union {
	uint8_t b[16];
	uint16_t h[8];
	uint32_t s[4];
	uint64_t d[2];
	int8_t sb[16];
	int16_t sh[8];
	int32_t ss[4];
	int64_t sd[2];
	float f32[4];
	double f64[2];
	unsigned __int128 q;
} a64_vreg;

/* PSTATE.NZCV in its packed form, bits 31:28 as in the NZCV register. */
#define A64_N (1u << 31)
#define A64_Z (1u << 30)
#define A64_C (1u << 29)
#define A64_V (1u << 28)

/* PSTATE.DAIF bits as in the DAIF register (bits 9:6). */
#define A64_DAIF_D (1u << 9)
#define A64_DAIF_A (1u << 8)
#define A64_DAIF_I (1u << 7)
#define A64_DAIF_F (1u << 6)

/*
 * HCR_EL2 (Arm ARM D19.2, "Hypervisor Configuration Register"): the controls the exception model, the MMU and the
 * traps read. RW is RAO/WI: EL1 cannot be AArch32 on this CPU.
 */
#define HCR_VM (1ull << 0)      /* stage 2 translation for EL1&0 */
#define HCR_SWIO (1ull << 1)
#define HCR_FMO (1ull << 3)     /* physical FIQ routed to EL2 */
#define HCR_IMO (1ull << 4)     /* physical IRQ routed to EL2 */
#define HCR_AMO (1ull << 5)     /* SError routed to EL2 */
#define HCR_VI (1ull << 7)      /* virtual IRQ pending (with IMO) */
#define HCR_DC (1ull << 12)     /* default cacheable: EL1&0 stage 1 off, stage 2 on */
#define HCR_TWI (1ull << 13)
#define HCR_TWE (1ull << 14)
#define HCR_TID3 (1ull << 18)   /* trap the ID group 3 registers */
#define HCR_TSC (1ull << 19)
#define HCR_TVM (1ull << 26)    /* trap EL1 writes of the virtual memory controls */
#define HCR_TGE (1ull << 27)
#define HCR_HCD (1ull << 29)
#define HCR_TRVM (1ull << 30)   /* trap EL1 reads of the virtual memory controls */
#define HCR_RW (1ull << 31)
#define HCR_E2H (1ull << 34)

/* SCTLR_ELx bits the model reads (D19.2, SCTLR_EL1 and SCTLR_EL2). */
#define SCTLR_M (1ull << 0)
#define SCTLR_A (1ull << 1)     /* alignment check of every data access */
#define SCTLR_SA (1ull << 3)
#define SCTLR_SA0 (1ull << 4)
#define SCTLR_UMA (1ull << 9)
#define SCTLR_DZE (1ull << 14)
#define SCTLR_UCT (1ull << 15)
#define SCTLR_NTWI (1ull << 16)
#define SCTLR_NTWE (1ull << 18)
#define SCTLR_WXN (1ull << 19)
#define SCTLR_SPAN (1ull << 23)
#define SCTLR_UCI (1ull << 26)

/* Translation regimes, each with its own soft TLB (core_vcpu.tlbs[]). */
enum a64_regime {
	A64_TLB_EL10_USER,   /* EL1&0 regime, accesses made at EL0 (or LDTR/STTR) */
	A64_TLB_EL10_KERN,   /* EL1&0 regime at EL1 */
	A64_TLB_EL10_KERN_PAN, /* EL1 with PSTATE.PAN set */
	A64_TLB_EL2,         /* EL2 regime (non-VHE) */
	A64_TLB_EL20_USER,   /* EL2&0 regime (VHE, HCR_EL2.{E2H,TGE}) at EL0 */
	A64_TLB_EL20_KERN,   /* EL2&0 regime at EL2 */
	A64_TLB_EL20_KERN_PAN,
	A64_TLB_COUNT
};
_Static_assert(A64_TLB_COUNT <= CORE_TLB_MAX_REGIMES, "too many regimes");

/* Memory access kinds for the slow path and fault syndromes. */
enum a64_access { A64_READ = 0, A64_WRITE = 1, A64_FETCH = 2 };

/* System registers kept as plain fields; sysreg.c describes each one. */
struct a64_sysregs {
	uint64_t sctlr_el1, sctlr_el2;
	uint64_t tcr_el1, tcr_el2;
	uint64_t ttbr0_el1, ttbr1_el1, ttbr0_el2, ttbr1_el2;
	uint64_t mair_el1, mair_el2, amair_el1, amair_el2;
	uint64_t vbar_el1, vbar_el2;
	uint64_t elr_el1, elr_el2;
	uint64_t spsr_el1, spsr_el2;
	uint64_t spsr_abt, spsr_und, spsr_irq, spsr_fiq;
	uint64_t esr_el1, esr_el2;
	uint64_t far_el1, far_el2, hpfar_el2;
	uint64_t afsr0_el1, afsr1_el1, afsr0_el2, afsr1_el2;
	uint64_t hcr_el2, cptr_el2, hstr_el2, mdcr_el2, hacr_el2;
	uint64_t cpacr_el1, csselr_el1;
	uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, tpidr_el2;
	uint64_t contextidr_el1, contextidr_el2;
	uint64_t par_el1;
	uint64_t actlr_el1, actlr_el2;
	uint64_t vpidr_el2, vmpidr_el2, mpidr_el1;
	uint64_t vttbr_el2, vtcr_el2;
	uint64_t cntkctl_el1, cnthctl_el2, cntvoff_el2;
	uint64_t cntv_ctl_el0, cntv_cval_el0, cntp_ctl_el0, cntp_cval_el0;
	uint64_t cnthp_ctl_el2, cnthp_cval_el2, cnthv_ctl_el2, cnthv_cval_el2;
	uint64_t mdscr_el1, oslsr_el1, osdlr_el1;
	uint64_t disr_el1, vdisr_el2;
	/* PMU (pmu.c): the cycle counter's controls; the count lives in struct a64_pmu. */
	uint64_t pmcr_el0, pmcntenset_el0, pmintenset_el1, pmovsset_el0;
	uint64_t pmuserenr_el0, pmccfiltr_el0, pmselr_el0;
	/* GICv3 virtual CPU interface registers (kept; no virtual interrupts are delivered). */
	uint64_t ich_hcr_el2, ich_vmcr_el2, ich_ap0r0_el2, ich_ap1r0_el2, ich_lr_el2[4];
};

/*
 * The PMU (pmu.c): PMCCNTR_EL0 = ccnt + counted cycles since `since`; the
 * A64_PMU_N event counters (32 bits) fold the cycles, instructions,
 * branches and memory accesses since ev_cycles/ev_insns/ev_isa into the
 * counters that count them.
 */
#define A64_PMU_N 6
struct a64_pmu {
	uint64_t ccnt;             /* PMCCNTR_EL0 at cycle `since` */
	uint64_t since;            /* vCPU cycle of the last fold */
	bool counting;             /* counts now: enabled, and the filter passes the current EL */
	uint32_t ev_counting;      /* bit n: event counter n counts now (0: nothing to do) */
	uint64_t evcnt[A64_PMU_N]; /* PMEVCNTR<n>_EL0 at the last fold */
	uint64_t evtyper[A64_PMU_N];
	uint64_t ev_cycles, ev_insns;  /* vCPU cycles and instructions at the last fold */
	uint64_t ev_isa[CORE_N_EV];    /* the vCPU's A64_ISA_EV_* counts at the last fold */
	bool irq_level;            /* the overflow interrupt line */
	bool refold;               /* an exception entry's fold waits for the block boundary (ev) */
	struct core_event ev;      /* fires at the overflow when its interrupt is enabled, or refold */
};

/*
 * Self-hosted debug (selfdebug.c, Arm ARM D2 "AArch64 Self-hosted Debug"):
 * the breakpoint and watchpoint registers ID_AA64DFR0_EL1 advertises, the
 * last A64_N_CTX breakpoints context-aware.
 */
#define A64_N_BRP 6
#define A64_N_WRP 4
#define A64_N_CTX 2
struct a64_dbg {
	uint64_t bvr[A64_N_BRP], bcr[A64_N_BRP];
	uint64_t wvr[A64_N_WRP], wcr[A64_N_WRP];
	bool bp_armed;   /* a breakpoint is enabled: instructions run one at a time, checked before */
	bool wp_armed;   /* a watchpoint is enabled: watched pages stay out of the TLB fast path */
};

struct arm64_cpu;

/* System register encoding as in MRS/MSR bits 20:5 (op0:op1:CRn:CRm:op2). */
#define A64_SYSREG(op0, op1, crn, crm, op2) \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

/*
 * Hooks the machine provides to the CPU. The GICv3 CPU interface registers
 * (ICC_*) are forwarded to the interrupt controller model in dev/, which
 * owns all GIC state; it raises the CPU's IRQ line with a64_set_irq().
 */
struct arm64_platform {
	void *opaque;
	void *gic;
	/* A private peripheral interrupt of this CPU (the generic timers). */
	void (*ppi)(void *gic, int cpu, unsigned intid, bool level);
	uint64_t (*icc_read)(void *gic, int cpu, uint32_t enc);
	void (*icc_write)(void *gic, int cpu, uint32_t enc, uint64_t val);
};

/*
 * PSTATE.NZCV, kept lazily: a flag-setting ADD/SUB/logical instruction
 * records its operands (three stores) instead of packing four flags, and
 * a B.cond, CSEL or CCMP evaluates its condition from them (mostly one
 * compare). `kind` says what the fields hold:
 *   A64_FLAGS_PACKED  the flags in `nzcv` (bits 31:28);
 *   A64_FLAGS_SUB     those of the 64-bit a - b, AddWithCarry(a, NOT(b), 1);
 *   A64_FLAGS_ADD     those of the 64-bit a + b, AddWithCarry(a, b, 0).
 * A 32-bit operation records its operands shifted left by 32: the 64-bit
 * result is the 32-bit one shifted, so its N and Z are the 32-bit ones,
 * and its carry out of bit 63 and signed overflow are those of bit 31.
 * Nothing outside the accessors below reads or writes these fields (the
 * snapshot packs them first), so no reader can see the flags
 * unmaterialised: the old `nzcv` field is gone, and a reader gets the
 * packed value from a64_nzcv() or a condition from a64_cond().
 */
enum { A64_FLAGS_PACKED, A64_FLAGS_SUB, A64_FLAGS_ADD };
struct a64_flags {
	uint64_t a, b;
	uint32_t kind;
	uint32_t nzcv;
};

struct arm64_cpu {
	struct core_vcpu core;     /* first: handlers cast core_vcpu* to arm64_cpu* */

	uint64_t x[A64_NREGS];
	struct a64_flags flags_;   /* through a64_nzcv(), a64_cond(), a64_set_nzcv(), a64_flags_*() only */
	uint32_t el;               /* current exception level, 0-2 */
	uint32_t spsel;            /* PSTATE.SP */
	uint32_t daif;
	uint32_t pan;              /* PSTATE.PAN (0 or 1) */
	uint32_t ss_il;            /* PSTATE.SS and IL, kept for SPSR fidelity */
	uint64_t sp_el[3];         /* banked stack pointers (not current) */

	a64_vreg v[32];
	uint32_t fpcr, fpsr;

	/* Exclusive monitor (local): address/size/values reserved by LDXR/LDAXR. */
	uint64_t excl_addr;
	uint64_t excl_val[2];
	uint8_t excl_size;         /* bytes, 0 = open (no reservation) */

	struct a64_sysregs sr;
	bool el2_present;          /* the guest owns EL2 (--el2) */
	bool fp_enabled;           /* FP/SIMD usable at the current EL (CPACR/CPTR) */
	struct arm64_platform plat;

	struct a64_pmu pmu;
	struct a64_dbg dbg;

	/* Generic timers (timer.c): EL1 physical, EL1 virtual, EL2 physical, EL2 virtual. */
	struct core_event timer_ev[4];
	bool timer_level[4];
	struct core_events *events;

	bool event_reg;            /* the WFE event register (SEV, SEVL) */

	bool sp_align_check;       /* SCTLR_ELx.SA/SA0 applies at the current EL */
	uint8_t cnt_shift;         /* system counter tick = 2^cnt_shift core cycles (timer.c) */
};

/* The hypercall conduits (core_exit_info.conduit): SMCCC's two instructions. */
enum a64_conduit { A64_CONDUIT_HVC, A64_CONDUIT_SMC };

void arm64_cpu_init(struct arm64_cpu *c, const struct core_timing *timing,
		    struct core_cache *cache, struct mem_space *mem, struct core_events *events,
		    int index, bool el2_present);
void arm64_cpu_reset(struct arm64_cpu *c, uint64_t pc);
struct snap;
/* Save or load the CPU's state (cpu/core/snap.h; s->loading says which). */
void arm64_cpu_snapshot(struct arm64_cpu *c, struct snap *s);

static inline struct arm64_cpu *a64(struct core_vcpu *v)
{
	return (struct arm64_cpu *)v;
}

/* ---------------------------------------------------------------- decode */

/*
 * One row of a decode table. The table is data: a pattern, a name, how to
 * extract the operands, which handler runs it, and its timing class. The
 * driver (decode.c) sets op->fn = exec and then calls decode(), which fills
 * the operand fields and may pick a specialised handler by setting op->fn;
 * decode returns false for an unallocated encoding inside the pattern.
 */
struct a64_insn {
	uint32_t mask, match;
	const char *name;          /* mnemonic as the Arm ARM spells it (lower case) */
	bool (*decode)(uint32_t insn, struct core_op *op);
	core_handler_fn exec;
	uint8_t cls;               /* enum core_op_class */
	uint8_t flags;             /* A64_F_* */
};

enum {
	A64_F_END = 1 << 0,        /* ends the block (branches, exception generation, MSR...) */
	A64_F_FP = 1 << 1,         /* needs FP/SIMD access enabled (CPACR_EL1.FPEN, CPTR_EL2) */
	A64_F_HINT = 1 << 2,       /* a load/store-class hint that accesses no memory (PRFM) */
};

struct a64_table {
	const struct a64_insn *rows;
	size_t n;
};

/* The tables, one per instruction group file. */
extern const struct a64_table a64_table_branch;  /* insn_branch.c */
extern const struct a64_table a64_table_dp;      /* insn_dp.c: data processing, integer */
extern const struct a64_table a64_table_ldst;    /* insn_ldst.c: loads/stores, atomics */
extern const struct a64_table a64_table_system;  /* insn_system.c */
extern const struct a64_table a64_table_fp;      /* insn_fp.c: scalar FP */
extern const struct a64_table a64_table_simd;    /* insn_simd.c: AdvSIMD incl. ld/st structures */

/* Find the row matching `insn` (allocated encoding), or NULL. */
const struct a64_insn *a64_lookup(uint32_t insn);
/* Full decode used by the engine and by the capstone differential test. */
const struct a64_insn *a64_decode_op(uint32_t insn, struct core_op *op);

/* Field extraction, written once. */
static inline uint32_t a64_bits(uint32_t insn, unsigned lo, unsigned len)
{
	return (insn >> lo) & ((1u << len) - 1);
}
static inline int64_t a64_sbits(uint32_t insn, unsigned lo, unsigned len)
{
	return (int64_t)((uint64_t)a64_bits(insn, lo, len) << (64 - len)) >> (64 - len);
}
/* Register fields mapped to x[] indices: "sp" forms read/write SP for 31. */
static inline uint8_t a64_reg_sp(uint32_t r) { return (uint8_t)r; }
static inline uint8_t a64_reg_zr(uint32_t r) { return r == 31 ? A64_ZR : (uint8_t)r; }
static inline uint8_t a64_dst_zr(uint32_t r) { return r == 31 ? A64_ZR_SINK : (uint8_t)r; }

/* Condition codes: true if `cond` (0-15) holds for nzcv. */
extern const uint16_t a64_cond_table[16];
static inline bool a64_cond_holds(uint32_t nzcv, unsigned cond)
{
	return (a64_cond_table[cond] >> (nzcv >> 28)) & 1;
}

/* PSTATE.NZCV packed (bits 31:28), whatever form it is kept in. */
static inline uint32_t a64_nzcv(const struct arm64_cpu *c)
{
	uint64_t a = c->flags_.a, b = c->flags_.b, r;
	uint32_t carry, ovf;

	switch (c->flags_.kind) {
	case A64_FLAGS_SUB:
		r = a - b;
		carry = a >= b;
		ovf = (uint32_t)(((a ^ b) & (a ^ r)) >> 63);
		break;
	case A64_FLAGS_ADD:
		r = a + b;
		carry = r < a;
		ovf = (uint32_t)((~(a ^ b) & (a ^ r)) >> 63);
		break;
	default:
		return c->flags_.nzcv;
	}
	return (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30 | carry << 29 | ovf << 28;
}

/* Sets PSTATE.NZCV from bits 31:28 of nzcv (the other bits are ignored). */
static inline void a64_set_nzcv(struct arm64_cpu *c, uint32_t nzcv)
{
	c->flags_.nzcv = nzcv & 0xf0000000u;
	c->flags_.kind = A64_FLAGS_PACKED;
}

/*
 * The flags of a - b (SUBS, CMP, CCMP) or a + b (ADDS, CMN, and the
 * logical ones as r + 0: N and Z of r, C = V = 0), for 32-bit operations
 * with both operands shifted left by 32 (see struct a64_flags).
 */
static inline void a64_flags_sub(struct arm64_cpu *c, uint64_t a, uint64_t b)
{
	c->flags_.a = a;
	c->flags_.b = b;
	c->flags_.kind = A64_FLAGS_SUB;
}

static inline void a64_flags_add(struct arm64_cpu *c, uint64_t a, uint64_t b)
{
	c->flags_.a = a;
	c->flags_.b = b;
	c->flags_.kind = A64_FLAGS_ADD;
}

/*
 * Handlers specialised per condition: A64_EACH_COND(X, args...) expands
 * X(name, cond, args...) for the 16 condition codes, and
 * A64_BY_COND(prefix) the table of the handlers named prefix##name, in
 * the order of cond, for the decoder to index.
 */
#define A64_EACH_COND(X, ...)                                                     \
	X(eq, 0x0, __VA_ARGS__) X(ne, 0x1, __VA_ARGS__) X(hs, 0x2, __VA_ARGS__)   \
	X(lo, 0x3, __VA_ARGS__) X(mi, 0x4, __VA_ARGS__) X(pl, 0x5, __VA_ARGS__)   \
	X(vs, 0x6, __VA_ARGS__) X(vc, 0x7, __VA_ARGS__) X(hi, 0x8, __VA_ARGS__)   \
	X(ls, 0x9, __VA_ARGS__) X(ge, 0xa, __VA_ARGS__) X(lt, 0xb, __VA_ARGS__)   \
	X(gt, 0xc, __VA_ARGS__) X(le, 0xd, __VA_ARGS__) X(al, 0xe, __VA_ARGS__)   \
	X(nv, 0xf, __VA_ARGS__)
#define A64_BY_COND(p)                                                            \
	{ p##eq, p##ne, p##hs, p##lo, p##mi, p##pl, p##vs, p##vc,                 \
	  p##hi, p##ls, p##ge, p##lt, p##gt, p##le, p##al, p##nv }

/* True if `cond` (0-15) holds for PSTATE.NZCV. */
static inline bool a64_cond(const struct arm64_cpu *c, unsigned cond)
{
	return a64_cond_holds(a64_nzcv(c), cond);
}

/*
 * a64_cond() for a `cond` the compiler knows (the handlers of B.cond, CSEL
 * and CCMP, one per condition). After
 * a compare the condition is the compare's own (EQ is a == b, HS a >= b
 * unsigned, GE a >= b signed, ...), and after an addition or a logical
 * operation EQ, NE, MI and PL test the sum, so that costs a compare; the
 * other cases pack the flags and look the condition up.
 */
static inline __attribute__((always_inline)) bool a64_cond_known(const struct arm64_cpu *c,
								   unsigned cond)
{
	uint64_t a = c->flags_.a, b = c->flags_.b;
	bool holds;

	if (cond >= 14)
		return true;   /* AL, and NV, which A64 also executes as always (C1.2.4) */
	if (c->flags_.kind == A64_FLAGS_PACKED)
		return a64_cond_holds(c->flags_.nzcv, cond);
	if (c->flags_.kind == A64_FLAGS_ADD) {
		if (cond >> 1 != 0 && cond >> 1 != 2)
			return a64_cond(c, cond);
		holds = cond >> 1 ? (int64_t)(a + b) < 0 : a + b == 0; /* MI: N, EQ: Z */
		return holds != (cond & 1);
	}
	switch (cond >> 1) {
	case 0: holds = a == b; break;                          /* EQ: Z */
	case 1: holds = a >= b; break;                          /* HS: C */
	case 2: holds = (int64_t)(a - b) < 0; break;            /* MI: N */
	case 3: holds = (int64_t)((a ^ b) & (a ^ (a - b))) < 0; break; /* VS: V */
	case 4: holds = a > b; break;                           /* HI: C && !Z */
	case 5: holds = (int64_t)a >= (int64_t)b; break;        /* GE: N == V */
	default: holds = (int64_t)a > (int64_t)b; break;        /* GT: !Z && N == V */
	}
	return holds != (cond & 1);
}

/* ------------------------------------------------------------ exceptions */

/* Exception classes (Arm ARM D17.2.37, ESR_ELx.EC). */
enum a64_ec {
	EC_UNKNOWN = 0x00,
	EC_WFX = 0x01,
	EC_FP_ACCESS = 0x07,
	EC_ILLEGAL_STATE = 0x0e,
	EC_SVC64 = 0x15,
	EC_HVC64 = 0x16,
	EC_SMC64 = 0x17,
	EC_SYSREG = 0x18,
	EC_IABT_LOWER = 0x20,
	EC_IABT_SAME = 0x21,
	EC_PC_ALIGN = 0x22,
	EC_DABT_LOWER = 0x24,
	EC_DABT_SAME = 0x25,
	EC_SP_ALIGN = 0x26,
	EC_FP_EXC64 = 0x2c,
	EC_SERROR = 0x2f,
	EC_BREAKPOINT_LOWER = 0x30,
	EC_BREAKPOINT_SAME = 0x31,
	EC_SOFTSTEP_LOWER = 0x32,
	EC_SOFTSTEP_SAME = 0x33,
	EC_WATCHPOINT_LOWER = 0x34,
	EC_WATCHPOINT_SAME = 0x35,
	EC_BRK64 = 0x3c,
};

/*
 * ISS.CV = 1 and COND = 0b1110 ("always"): what traps from AArch64 report
 * for the condition fields of EC 0x01 and 0x07 (D17.2.37).
 */
#define A64_ISS_CV_AL ((1u << 24) | (0xeu << 20))

/*
 * Take a synchronous exception for the instruction at `pc` with syndrome
 * (ec, iss) and, for aborts, fault address `far`. Routes to EL1 or EL2 per
 * HCR_EL2 and the current EL. For exceptions taken after the instruction
 * retired (SVC/HVC/SMC), pass the preferred return address in `pc`.
 * Returns CORE_EXCEPTION (or CORE_TRAP_DONE when `retired`).
 */
int a64_sync_exception(struct arm64_cpu *c, uint64_t pc, unsigned ec, uint32_t iss,
		       uint64_t far, bool retired);
int a64_sync_exception_to(struct arm64_cpu *c, unsigned target, uint64_t pc, unsigned ec,
			  uint32_t iss, uint64_t far, bool retired);
/* The EL a synchronous exception taken now goes to (D1.12.1). */
unsigned a64_sync_target(const struct arm64_cpu *c);
/*
 * ERET: restore PSTATE from SPSR_ELx, pc from ELR_ELx; returns CORE_BRANCH,
 * or CORE_TRAP_DONE when a software step exception is taken at once.
 */
int a64_eret(struct arm64_cpu *c);
/* The engine's interrupt callback. */
bool a64_take_irq(struct core_vcpu *v);
/*
 * The EL an FP/SIMD instruction at the current EL traps to (EC 0x07):
 * 1 for CPACR_EL1.FPEN, 2 for CPTR_EL2 (TFP, or FPEN under E2H); 0 if it
 * does not trap (decode.c).
 */
unsigned a64_fp_trap_el(const struct arm64_cpu *c);
/* UNDEFINED at op: EC 0, IL=1; a64_op_undef is the handler of unallocated encodings. */
int a64_undef(struct arm64_cpu *c, const struct core_op *op);
CORE_HANDLER_DECLARE(, a64_op_undef);

/* ------------------------------------------------------ memory accesses */

/*
 * Slow path: translate, check permissions, fill the TLB or do the MMIO
 * access, or take the abort. `val` is in/out for up to 8 bytes; `buf` is
 * used instead for 16-byte accesses. Returns 0 or CORE_EXCEPTION.
 */
int a64_mem_slow(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		 unsigned size, enum a64_access acc, uint64_t *val);
/* LDTR/STTR: at EL1, an access with EL0's permissions (1, 2, 4 or 8 bytes). */
int a64_read_unpriv(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		    unsigned size, uint64_t *val);
int a64_write_unpriv(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		     unsigned size, uint64_t val);
/*
 * Byte-wise access of any size, splitting at page boundaries (SIMD, pairs).
 * Not alignment checked: their callers' elements of up to 8 bytes go
 * through a64_read/a64_write, whose slow path checks Device memory and
 * SCTLR_ELx.A (B2.5.2).
 */
int a64_read_bytes(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		   void *buf, unsigned size);
int a64_write_bytes(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		    const void *buf, unsigned size);
/*
 * SP alignment check (D1.8.2): a load/store whose base is SP faults with
 * EC 0x26 when SCTLR_ELx.SA (SA0 at EL0) is set and SP is not 16-aligned.
 * Handlers for SP-based forms call this first.
 */
int a64_sp_align_fault(struct arm64_cpu *c, const struct core_op *op);
static inline bool a64_sp_misaligned(const struct arm64_cpu *c)
{
	return c->sp_align_check && (c->x[A64_SP] & 15);
}
/* An alignment fault for an access that must be aligned (exclusives, atomics). */
int a64_align_fault(struct arm64_cpu *c, const struct core_op *op, uint64_t va, bool is_write);

/*
 * Loads and stores: the engine's TLB fast path (core_tlb_load/store), the
 * slow path above on a miss. size is 1, 2, 4 or 8.
 */
static inline int a64_read(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			   unsigned size, uint64_t *val)
{
	if (likely(core_tlb_load(c->core.tlb, va, size, val)))
		return 0;
	return a64_mem_slow(c, op, va, size, A64_READ, val);
}

static inline int a64_write(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			    unsigned size, uint64_t val)
{
	if (likely(core_tlb_store(c->core.tlb, va, size, val)))
		return 0;
	return a64_mem_slow(c, op, va, size, A64_WRITE, &val);
}

/* The engine's fetch and decode callbacks (mmu.c, decode.c). */
int a64_fetch_translate(struct core_vcpu *v, uint64_t va, uint64_t *pa);
unsigned a64_decode(struct core_vcpu *v, const uint8_t *bytes, size_t avail,
		    struct core_op *op, bool *ends_block);
/*
 * AT (C5.5): translate va as an access from EL `el` would, through stage 1
 * only or both stages (`s12`), and set PAR_EL1. Returns 0, or
 * CORE_EXCEPTION when a stage 2 fault on the stage 1 walk is taken to EL2.
 */
int a64_at(struct arm64_cpu *c, const struct core_op *op, unsigned el, bool s12,
	   bool is_write, uint64_t va);
void a64_tlbi_va(struct arm64_cpu *c, uint64_t va);
void a64_tlbi_all(struct arm64_cpu *c);

/*
 * The local exclusive monitor (B2.9): STXR succeeds if a reservation of that
 * address and size is open and memory still holds what LDXR read. CLREX,
 * exception entry and ERET close it.
 */
static inline void a64_monitor_clear(struct arm64_cpu *c)
{
	c->excl_size = 0;
}

/* --------------------------------------------------------------- system */

/*
 * Virtualization Host Extensions (FEAT_VHE): HCR_EL2.E2H makes EL2
 * run the EL2&0 translation regime and redirects EL1 register names to
 * their EL2 counterparts; with TGE as well, EL0 belongs to the EL2&0 regime
 * (a host application). Both are false when EL2 is not the guest's (HCR_EL2
 * then holds only RW).
 */
static inline bool a64_e2h(const struct arm64_cpu *c)
{
	return (c->sr.hcr_el2 & HCR_E2H) != 0;
}
static inline bool a64_host(const struct arm64_cpu *c)
{
	return (c->sr.hcr_el2 & (HCR_E2H | HCR_TGE)) == (HCR_E2H | HCR_TGE);
}
/* The SCTLR that controls the current EL: SCTLR_EL2 at EL2 and for a host's EL0. */
static inline uint64_t a64_sctlr(const struct arm64_cpu *c)
{
	return c->el == 2 || (c->el == 0 && a64_host(c)) ? c->sr.sctlr_el2 : c->sr.sctlr_el1;
}

/* Assert or deassert the CPU's IRQ input (from the interrupt controller). */
void a64_set_irq(struct arm64_cpu *c, bool level);

/*
 * Virtual time: the system counter runs at 62.5 MHz as on QEMU's virt
 * board, one tick every 2^cnt_shift cycles of the core clock (the timing
 * model's hz; 16 at 1 GHz). timer.c.
 */
#define A64_CNTFRQ 62500000u
enum a64_timer { A64_TIMER_PHYS, A64_TIMER_VIRT, A64_TIMER_HYP, A64_TIMER_HYPVIRT, A64_TIMER_COUNT };
uint64_t a64_counter(const struct arm64_cpu *c);          /* CNTPCT */
/*
 * CNTVCT as the current EL reads it: CNTPCT - CNTVOFF_EL2, except in the
 * EL2&0 regime with HCR_EL2.{E2H,TGE} = {1,1}, where the offset is zero.
 */
uint64_t a64_virtual_count(const struct arm64_cpu *c);
/* Timer registers: which timer, and CTL/CVAL/TVAL accesses. */
uint64_t a64_timer_read(struct arm64_cpu *c, enum a64_timer t, unsigned reg);
void a64_timer_write(struct arm64_cpu *c, enum a64_timer t, unsigned reg, uint64_t val);
enum { A64_TIMER_CTL, A64_TIMER_CVAL, A64_TIMER_TVAL };
/* Re-evaluate every timer (after CNTVOFF or a reset). */
void a64_timer_update_all(struct arm64_cpu *c);
void a64_timer_init(struct arm64_cpu *c, struct core_events *events);

/*
 * After PSTATE.DAIF or the EL changes, a pending interrupt may have become
 * deliverable: make the engine look (core_vcpu_kick) before the next block.
 */
static inline void a64_irq_unmask_check(struct arm64_cpu *c)
{
	if (c->core.irq_pending)
		core_vcpu_kick(&c->core);
}

/*
 * The PMU (pmu.c): PMUv3 with the cycle counter and A64_PMU_N event
 * counters, counting virtual time. a64_pmu_update() folds the count and re-evaluates
 * whether it counts; call it after a PMU control, the EL or MDCR_EL2
 * changes. The overflow interrupt is PPI 23 (INTID of the virt board).
 */
#define A64_PMU_PPI 23
void a64_pmu_init(struct arm64_cpu *c);
void a64_pmu_reset(struct arm64_cpu *c);   /* after a64_sysreg_reset */
void a64_pmu_update(struct arm64_cpu *c);
/* Before an exception entry's EL change: the fold waits for the block boundary. */
void a64_pmu_exception_entry(struct arm64_cpu *c);
uint64_t a64_pmu_ccnt(struct arm64_cpu *c);
void a64_pmu_set_ccnt(struct arm64_cpu *c, uint64_t v);
/* PMCR_EL0.P/C writes: reset the event counters and/or the cycle counter. */
void a64_pmu_write_pmcr(struct arm64_cpu *c, uint64_t v);
/* The event counters: PMEVCNTR<n>, PMEVTYPER<n>, PMSWINC_EL0. */
uint64_t a64_pmu_evcnt(struct arm64_cpu *c, unsigned n);
void a64_pmu_set_evcnt(struct arm64_cpu *c, unsigned n, uint64_t v);
void a64_pmu_set_evtyper(struct arm64_cpu *c, unsigned n, uint64_t v);
void a64_pmu_swinc(struct arm64_cpu *c, uint64_t v);
/*
 * The events the engine counts per op (core_vcpu.ev[], while count_ev):
 * BR_RETIRED and MEM_ACCESS, decided per op at decode (pmu.c).
 */
enum { A64_ISA_EV_BR, A64_ISA_EV_MEM };
void a64_pmu_op_events(const struct core_op *op, uint8_t ev[CORE_N_EV]);
/* Common architectural events the exception model reports (PMUv3 event numbers). */
enum { A64_EV_EXC_TAKEN = 0x09, A64_EV_EXC_RETURN = 0x0a };
void a64_pmu_count_slow(struct arm64_cpu *c, unsigned event);
static inline void a64_pmu_count(struct arm64_cpu *c, unsigned event)
{
	if (unlikely(c->pmu.ev_counting))
		a64_pmu_count_slow(c, event);
}

/*
 * Self-hosted debug (selfdebug.c). a64_debug_update() re-evaluates what is
 * armed after a debug register, MDSCR_EL1 or the OS lock changes. The
 * engine's boundary callbacks check breakpoints before an instruction and
 * take the software step exception after one. a64_debug_eret() follows an
 * exception return (software step state, D2.12); it returns the ERET's
 * status. a64_watch_page() says whether page va holds a watched byte;
 * a64_watch_check() takes the watchpoint exception for an access of size
 * bytes at va made with EL `ael`'s permissions (0 if none).
 */
#define A64_PSTATE_SS (1u << 21)
void a64_debug_update(struct arm64_cpu *c);
bool a64_debug_before(struct core_vcpu *v);
void a64_debug_boundary(struct core_vcpu *v);
int a64_debug_eret(struct arm64_cpu *c);
bool a64_watch_page(const struct arm64_cpu *c, uint64_t va);
int a64_watch_check(struct arm64_cpu *c, const struct core_op *op, uint64_t va, unsigned size,
		    bool is_write, unsigned ael);

/* PSTATE <-> SPSR packing. */
uint64_t a64_pstate_read(const struct arm64_cpu *c);
void a64_pstate_write(struct arm64_cpu *c, uint64_t spsr);
/* Recompute the TLB regime, FP enable and decode mode after a state change. */
void a64_update_mode(struct arm64_cpu *c);

/* FPCR/FPSR (fpu.c): cumulative exception flags. */
enum { A64_FPSR_IOC = 1 << 0, A64_FPSR_DZC = 1 << 1, A64_FPSR_OFC = 1 << 2,
       A64_FPSR_UFC = 1 << 3, A64_FPSR_IXC = 1 << 4, A64_FPSR_IDC = 1 << 7,
       A64_FPSR_QC = 1 << 27 };

#endif
