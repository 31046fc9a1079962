/*
 * LoongArch64 (LA64) CPU state and the contract between the decode tables
 * (the .decode descriptions, turned into rows by tools/decodetree.py), the
 * instruction handlers, the privileged architecture (CSRs, exceptions and
 * interrupts, the TLB and the MMU, the constant timer) and the machine.
 *
 * References: "LoongArch Reference Manual, Volume 1: Basic Architecture"
 * (v1.10), cited as "LA RM" with its section numbers; Linux's
 * arch/loongarch (how a guest kernel uses each piece: the best spec of
 * what must work); Documentation/arch/loongarch/ and
 * Documentation/virt/kvm/loongarch/hypercalls.rst.
 *
 * The model: an LA464-like core at PLV0-3 with the FPU (F and D) and LSX,
 * no LASX (cpucfg says exactly what is implemented), the STLB + MTLB with
 * software refill, four direct-mapped windows, the constant timer and the
 * stable counter from virtual time, and IOCSR accesses into the VM's IOCSR
 * address space. hvsim plays LoongArch KVM: HVCL and the cpucfg leaves at
 * 0x4000_0000 go to hvsim's hypervisor (hv/).
 */
#ifndef HVSIM_LOONGARCH_H
#define HVSIM_LOONGARCH_H

#include <string.h>

#include "cpu/core/core.h"

/*
 * General registers r0-r31 in r[0..31]. r0 reads as zero: the decoder maps
 * a destination r0 to the sink r[LA_ZR_SINK], which nothing reads, so r[0]
 * stays 0 and handlers never test for r0.
 */
enum { LA_ZR_SINK = 32, LA_NREGS = 33 };
/* The ABI's names the handlers and the hypercall marshalling use. */
enum { LA_RA = 1, LA_TP = 2, LA_SP = 3, LA_A0 = 4, LA_A1 = 5, LA_A7 = 11 };

/* ------------------------------------------------------------------ CSRs */

/* CSR numbers (LA RM 7.4; Linux asm/loongarch.h LOONGARCH_CSR_*). */
enum la_csr_num {
	LA_CSR_CRMD = 0x0, LA_CSR_PRMD = 0x1, LA_CSR_EUEN = 0x2, LA_CSR_MISC = 0x3,
	LA_CSR_ECFG = 0x4, LA_CSR_ESTAT = 0x5, LA_CSR_ERA = 0x6, LA_CSR_BADV = 0x7,
	LA_CSR_BADI = 0x8, LA_CSR_EENTRY = 0xc,
	LA_CSR_TLBIDX = 0x10, LA_CSR_TLBEHI = 0x11, LA_CSR_TLBELO0 = 0x12, LA_CSR_TLBELO1 = 0x13,
	LA_CSR_ASID = 0x18, LA_CSR_PGDL = 0x19, LA_CSR_PGDH = 0x1a, LA_CSR_PGD = 0x1b,
	LA_CSR_PWCL = 0x1c, LA_CSR_PWCH = 0x1d, LA_CSR_STLBPS = 0x1e, LA_CSR_RVACFG = 0x1f,
	LA_CSR_CPUID = 0x20, LA_CSR_PRCFG1 = 0x21, LA_CSR_PRCFG2 = 0x22, LA_CSR_PRCFG3 = 0x23,
	LA_CSR_SAVE0 = 0x30,   /* SAVE0-15: 0x30-0x3f */
	LA_CSR_TID = 0x40, LA_CSR_TCFG = 0x41, LA_CSR_TVAL = 0x42, LA_CSR_CNTC = 0x43,
	LA_CSR_TICLR = 0x44, LA_CSR_LLBCTL = 0x60, LA_CSR_IMPCTL1 = 0x80, LA_CSR_IMPCTL2 = 0x81,
	LA_CSR_TLBRENTRY = 0x88, LA_CSR_TLBRBADV = 0x89, LA_CSR_TLBRERA = 0x8a,
	LA_CSR_TLBRSAVE = 0x8b, LA_CSR_TLBRELO0 = 0x8c, LA_CSR_TLBRELO1 = 0x8d,
	LA_CSR_TLBREHI = 0x8e, LA_CSR_TLBRPRMD = 0x8f,
	LA_CSR_MERRCTL = 0x90, LA_CSR_MERRINFO1 = 0x91, LA_CSR_MERRINFO2 = 0x92,
	LA_CSR_MERRENTRY = 0x93, LA_CSR_MERRERA = 0x94, LA_CSR_MERRSAVE = 0x95,
	LA_CSR_CTAG = 0x98,
	LA_CSR_DMW0 = 0x180,   /* DMW0-3: 0x180-0x183 */
};

/* CRMD (LA RM 7.4.1). */
#define LA_CRMD_PLV 0x3ull
#define LA_CRMD_IE (1ull << 2)
#define LA_CRMD_DA (1ull << 3)
#define LA_CRMD_PG (1ull << 4)
#define LA_CRMD_DATF (3ull << 5)
#define LA_CRMD_DATM (3ull << 7)
#define LA_CRMD_WE (1ull << 9)
/* PRMD (7.4.2). */
#define LA_PRMD_PPLV 0x3ull
#define LA_PRMD_PIE (1ull << 2)
#define LA_PRMD_PWE (1ull << 3)
/* EUEN (7.4.3). */
#define LA_EUEN_FPE (1ull << 0)
#define LA_EUEN_SXE (1ull << 1)
#define LA_EUEN_ASXE (1ull << 2)
#define LA_EUEN_BTE (1ull << 3)
/* ECFG (7.4.4): LIE[12:0] (bits 13 and 14 reserved on LA464), VS[18:16]. */
#define LA_ECFG_LIE 0x1fffull
#define LA_ECFG_VS_SHIFT 16
/* ESTAT (7.4.5): IS[12:0], Ecode[21:16], EsubCode[30:22]. */
#define LA_ESTAT_IS 0x1fffull
#define LA_ESTAT_ECODE_SHIFT 16
#define LA_ESTAT_ESUBCODE_SHIFT 22

/* LLBCTL (7.4.17): LLbit read, LLbit clear (write 1), keep LLbit over one ERTN. */
#define LA_LLBCTL_ROLLB (1ull << 0)
#define LA_LLBCTL_WCLLB (1ull << 1)
#define LA_LLBCTL_KLO (1ull << 2)

/* Interrupt lines: ESTAT.IS and ECFG.LIE bits (LA RM 6.1.1). */
enum la_irq {
	LA_IRQ_SWI0 = 0, LA_IRQ_SWI1 = 1,
	LA_IRQ_HWI0 = 2,   /* HWI0-7: lines 2-9, from the board's interrupt controllers */
	LA_IRQ_PMI = 10, LA_IRQ_TIMER = 11, LA_IRQ_IPI = 12,
	LA_IRQ_COUNT = 13,
};

/* Exception codes, ESTAT.Ecode (LA RM 6.2; Linux EXCCODE_*). */
enum la_ecode {
	LA_EXC_INT = 0x0, LA_EXC_PIL = 0x1, LA_EXC_PIS = 0x2, LA_EXC_PIF = 0x3,
	LA_EXC_PME = 0x4, LA_EXC_PNR = 0x5, LA_EXC_PNX = 0x6, LA_EXC_PPI = 0x7,
	LA_EXC_ADE = 0x8,   /* EsubCode 0 ADEF (fetch), 1 ADEM (memory) */
	LA_EXC_ALE = 0x9, LA_EXC_BCE = 0xa, LA_EXC_SYS = 0xb, LA_EXC_BRK = 0xc,
	LA_EXC_INE = 0xd, LA_EXC_IPE = 0xe, LA_EXC_FPD = 0xf, LA_EXC_SXD = 0x10,
	LA_EXC_ASXD = 0x11, LA_EXC_FPE = 0x12, LA_EXC_WPE = 0x13, LA_EXC_BTD = 0x14,
	LA_EXC_BTE = 0x15, LA_EXC_GSPR = 0x16, LA_EXC_HVC = 0x17, LA_EXC_GCM = 0x18,
	/* Not an Ecode: the TLB refill exception, which has its own entry and CSRs. */
	LA_EXC_TLBR = 0x3f,
};
enum { LA_ADE_FETCH = 0, LA_ADE_MEM = 1 };   /* ADE's EsubCode */

/*
 * The CSRs kept as plain fields; csr.c describes each (number, name,
 * writable bits, side effects) in one table that csrrd/csrwr/csrxchg, the
 * gdb stub and ONE_REG read.
 */
struct la_csrs {
	uint64_t crmd, prmd, euen, misc, ecfg, estat, era, badv, badi, eentry;
	uint64_t tlbidx, tlbehi, tlbelo0, tlbelo1, asid, pgdl, pgdh, pwcl, pwch, stlbps;
	uint64_t cpuid, prcfg1, prcfg2, prcfg3;
	uint64_t save[16];
	uint64_t tid, tcfg, cntc;  /* TVAL is computed from the timer's deadline */
	uint64_t llbctl, impctl1;
	uint64_t tlbrentry, tlbrbadv, tlbrera, tlbrsave, tlbrelo0, tlbrelo1, tlbrehi, tlbrprmd;
	uint64_t merrctl, merrinfo1, merrinfo2, merrentry, merrera, merrsave, ctag;
	uint64_t dmw[4];
};

/* ------------------------------------------------------------------- TLB */

/*
 * The architectural TLB (LA RM 5.4) that the guest fills by software
 * (TLBFILL / TLBWR in its refill handler): an STLB of LA_STLB_SETS x
 * LA_STLB_WAYS entries of one page size (STLBPS) and an MTLB of LA_MTLB
 * entries of any size. TLBIDX.Index numbers the STLB first, then the MTLB.
 * Each entry maps an even/odd pair of pages. The soft TLB (cpu/core) caches
 * translations made from it; anything that changes it flushes the soft TLB.
 */
#define LA_STLB_SETS 256
#define LA_STLB_WAYS 8
#define LA_MTLB 64
#define LA_TLB_ENTRIES (LA_STLB_SETS * LA_STLB_WAYS + LA_MTLB)
/* Address widths (cpucfg 1 PALEN/VALEN): what mmu.c translates and the CSR masks hold. */
#define LA_PALEN 48
#define LA_VALEN 48
#define LA_PA_MASK ((1ull << LA_PALEN) - 1)
/* TLBEHI.VPPN (LA RM 7.5.2): VA[VALEN-1:13], the page pair an entry maps. */
#define LA_VPPN_MASK (((1ull << LA_VALEN) - 1) & ~0x1fffull)

struct la_tlb_entry {
	uint64_t vppn;       /* VA[47:13] of the page pair (TLBEHI.VPPN) */
	uint64_t elo[2];     /* TLBELO0/1: the even and odd page */
	uint16_t asid;
	uint8_t ps;          /* log2 page size */
	bool e;              /* present (TLBIDX.NE clear) */
	bool g;              /* global: matches any ASID */
};

/* -------------------------------------------------------------- platform */

struct la_cpu;

/*
 * What the machine gives a CPU. IOCSR instructions access `iocsr` (the
 * VM's IOCSR address space; devices there see the requesting vCPU).
 */
struct la_platform {
	void *opaque;
	struct mem_space *iocsr;
	uint64_t stable_hz;  /* the stable counter's frequency (cpucfg 4 and 5) */
};

/* -------------------------------------------------------------- the CPU */

/*
 * A 128-bit LSX vector register (LA RM vol. 2, "LSX"), lanes in
 * little-endian order. The FP register file is its low half: FPR n is
 * bits 63:0 of VR n (LA RM 3.1.1), so a scalar FP write leaves 127:64
 * alone. LASX's 256-bit XRs would widen this union.
 */
typedef union {
	uint8_t b[16];
	uint16_t h[8];
	uint32_t w[4];
	uint64_t d[2];
	int8_t sb[16];
	int16_t sh[8];
	int32_t sw[4];
	int64_t sd[2];
	float fs[4];
	double fd[2];
} la_vreg;

struct la_cpu {
	struct core_vcpu core;     /* first: handlers cast core_vcpu* to la_cpu* */

	uint64_t r[LA_NREGS];
	la_vreg vr[32];            /* LSX's VR0-31; FPR n is VR n's low 64 bits (la_fpr) */
	uint8_t fcc[8];            /* condition flags FCC0-7 */
	uint32_t fcsr;             /* FCSR0 (FCSR1-3 are views of it) */

	struct la_csrs csr;
	bool fp_enabled;           /* EUEN.FPE (decode mode) */
	bool sx_enabled;           /* EUEN.SXE (decode mode) */

	/* LL/SC (LA RM 2.2.7): LLbit, and what LL read, for SC to compare. */
	bool llbit;
	uint64_t ll_addr, ll_val;
	uint8_t ll_size;

	struct la_tlb_entry tlb[LA_TLB_ENTRIES];
	uint32_t tlb_rand;         /* TLBFILL's replacement choice: a deterministic xorshift sequence */
	uint64_t mtlb_present;     /* bit i: MTLB entry i exists (lookups visit only these) */
	uint8_t huge_level;        /* the LDDIR level that last loaded a huge-page entry (LDPTE sizes it) */

	/* The constant timer (LA RM 7.6): TVAL counts down from the deadline. */
	struct core_event timer_ev;
	uint64_t timer_deadline;   /* the stable counter's value at which TVAL reaches 0 (when counting) */
	uint64_t timer_tval;       /* TVAL while the timer does not count (disabled or expired) */
	struct core_events *events;

	/* CPUCFG of a hypervisor leaf exits to hvsim: where the answer goes. */
	uint8_t cpucfg_rd;
	uint64_t cpucfg_leaf;

	struct la_platform plat;
};

static inline struct la_cpu *la(struct core_vcpu *v)
{
	return (struct la_cpu *)v;
}

/* FPR n: the low 64 bits of VR n (LA RM 3.1.1). */
static inline uint64_t *la_fpr(struct la_cpu *c, unsigned n)
{
	return &c->vr[n].d[0];
}

void la_cpu_init(struct la_cpu *c, const struct core_timing *timing, struct core_cache *cache,
		 struct mem_space *mem, struct core_events *events, int index,
		 const struct la_platform *plat);
/*
 * Reset as the architecture leaves a CPU (LA RM 7.2): PLV0, direct address
 * mode, interrupts off, pc = `pc` (hvsim's boot puts the kernel entry here).
 */
void la_cpu_reset(struct la_cpu *c, uint64_t pc);

struct snap;
/* Save or load the CPU's state (cpu/core/snap.h; s->loading says which). */
void la_cpu_snapshot(struct la_cpu *c, struct snap *s);

/* The current privilege level, CRMD.PLV. */
static inline unsigned la_plv(const struct la_cpu *c)
{
	return (unsigned)(c->csr.crmd & LA_CRMD_PLV);
}

/* ---------------------------------------------------------------- decode */

/*
 * One row of a decode table (the generated la_*_rows[]): a pattern, a
 * mnemonic, the operand extraction, the handler, its timing class, flags.
 */
struct la_insn {
	uint32_t mask, match;
	const char *name;
	bool (*decode)(uint32_t insn, struct core_op *op);
	core_handler_fn exec;
	uint8_t cls;               /* enum core_op_class */
	uint8_t flags;             /* LA_F_* */
};

enum {
	LA_F_END = 1 << 0,         /* ends the block (branches, traps, CSR writes...) */
	LA_F_FP = 1 << 1,          /* needs EUEN.FPE: FPD otherwise (decided at decode) */
	LA_F_PRIV = 1 << 2,        /* PLV0 only: IPE otherwise (decided at decode) */
	LA_F_SX = 1 << 3,          /* LSX: needs EUEN.SXE, SXD otherwise (decided at decode) */
};

/*
 * The decode tables, one per instruction group file (insn_*.c, each
 * generated from its .decode description): rows and the disassembler the
 * description's operand strings make. No two tables' rows overlap
 * (tests/unit/test_la_decode.c checks it).
 */
struct la_table {
	const struct la_insn *rows;
	size_t n;
	bool (*disasm)(uint32_t insn, char *out, size_t len);
};
extern const struct la_table la_table_int;     /* insn_int.c: integer arithmetic, logic, shifts, bits */
extern const struct la_table la_table_branch;  /* insn_branch.c */
extern const struct la_table la_table_ldst;    /* insn_ldst.c: loads, stores, LL/SC, AM*, barriers */
extern const struct la_table la_table_fp;      /* insn_fp.c: F and D */
extern const struct la_table la_table_system;  /* insn_system.c: CSR, IOCSR, TLB, cache, traps, cpucfg, timer */
extern const struct la_table la_table_lsx;     /* insn_lsx.c: LSX but its floating point */
extern const struct la_table la_table_vfp;     /* insn_vfp.c: LSX floating point */

/*
 * The decode mode (core_vcpu.mode) keys the decode cache: PLV and the FP
 * and LSX enables decide at decode time whether a privileged, FP or LSX
 * instruction raises IPE, FPD or SXD, so handlers never check.
 */
#define LA_MODE(plv, fpe, sxe) \
	((uint32_t)(plv) | ((uint32_t)(fpe) << 2) | ((uint32_t)(sxe) << 3))

/* Operand conventions every handler follows (the .decode formats fill them):
 *   r[0] rd (destination; r0 mapped to LA_ZR_SINK), r[1] rj, r[2] rk, r[3] ra/4th
 *   imm  the immediate, sign- or zero-extended and scaled as the instruction says;
 *        for branches the target offset in bytes
 *   f[0..3] small fields (access size, condition code index, ...)
 */
/* Destination register transform for the .decode fields: r0 -> the sink. */
static inline int64_t la_dst(int64_t r)
{
	return r == 0 ? LA_ZR_SINK : r;
}

/* Offsets counted in instructions or words (branches, LDPTR, LL/SC): bytes = x << 2. */
static inline int64_t la_times4(int64_t x)
{
	return x * 4;
}

/* A taken branch to `target`, with the timing model's taken-branch penalty. */
static inline int la_taken(struct core_vcpu *v, uint64_t target)
{
	v->pc = target;
	v->cycles += v->timing->taken_branch;
	return CORE_BRANCH;
}

/* Decode one instruction: the engine's callback (decode.c). */
unsigned la_decode(struct core_vcpu *v, const uint8_t *bytes, size_t avail,
		   struct core_op *op, bool *ends_block);
/* The row that decodes insn, or NULL (INE); fills op (decode.c, also for tests). */
const struct la_insn *la_decode_op(uint32_t insn, struct core_op *op);
/* Disassemble insn into out ("add.d $a0, $a1, $a2"); false if it does not decode. */
bool la_disasm_insn(uint32_t insn, char *out, size_t len);

/* ------------------------------------------------------------ exceptions */

/*
 * Take a synchronous exception for the instruction at `pc` (LA RM 6.2):
 * PRMD saves PLV and IE, CRMD goes to PLV0 with interrupts off, ERA = pc,
 * ESTAT.Ecode/EsubCode, BADV = badv for the address exceptions, BADI =
 * the instruction word; pc = EENTRY (with ECFG.VS spacing). For exceptions
 * taken after the instruction retired (SYSCALL, BREAK) pass `retired`.
 * Returns CORE_EXCEPTION (or CORE_TRAP_DONE when `retired`).
 */
int la_exception(struct la_cpu *c, uint64_t pc, unsigned ecode, unsigned subcode,
		 uint64_t badv, uint32_t insn, bool retired);
/* The TLB refill exception (LA RM 6.2.4): its own CSRs and entry, direct address mode. */
int la_tlb_refill(struct la_cpu *c, uint64_t pc, uint64_t badv, uint32_t insn);
/* INE at op: the handler of unallocated encodings. */
CORE_HANDLER_DECLARE(, la_op_ine);
/*
 * BCE at op (LA RM 2.2.6.1, 2.2.10.3): a bound check of ASRT or LDGT...STLE
 * failed; BADV holds the address or value checked (7.4.8 lists BCE among
 * the exceptions that record it, and la_exception records it).
 */
static inline int la_bound_fault(struct la_cpu *c, const struct core_op *op, uint64_t badv)
{
	return la_exception(c, core_op_pc(&c->core, op), LA_EXC_BCE, 0, badv, op->insn, false);
}
/*
 * The checks of LDGT...STLE and FLDGT...FSTLE (LA RM 2.2.6.1, 3.2.7) on op's
 * rj (the address, naturally aligned for `bytes`) and rk (the bound): rj
 * > rk when `gt`, rj <= rk otherwise. 0, or the status of the ALE or BCE
 * taken (insn_ldst.c).
 */
int la_bound_check(struct la_cpu *c, const struct core_op *op, unsigned bytes, bool gt);
/* ERTN (LA RM 4.2.2): return from an exception or a TLB refill. */
int la_ertn(struct la_cpu *c);
/* The engine's interrupt callback: take a deliverable interrupt; the wake rule of IDLE. */
bool la_take_irq(struct core_vcpu *v);
/* Assert or deassert interrupt line `irq` (enum la_irq) from a device or the timer. */
void la_set_irq(struct la_cpu *c, unsigned irq, bool level);
/* Recompute the pending interrupts after ESTAT.IS or ECFG.LIE changed (kicks the vCPU). */
void la_irq_update(struct la_cpu *c);
/* Recompute the decode mode, the soft TLB regime and the FP enable after a state change. */
void la_update_mode(struct la_cpu *c);

/* ------------------------------------------------------ memory accesses */

/* Memory access kinds for translation and faults. */
enum la_access { LA_READ = 0, LA_WRITE = 1, LA_FETCH = 2 };

/*
 * The slow path of a load or store (mmu.c): translate (direct address,
 * direct-mapped windows, TLB), check, fill the soft TLB or do the MMIO
 * access, or take the exception (TLB refill, page invalid, privilege,
 * address error). `val` is in/out for up to 8 bytes. Returns 0 or a
 * CORE_* status of the exception taken.
 */
int la_mem_slow(struct la_cpu *c, const struct core_op *op, uint64_t va, unsigned size,
		enum la_access acc, uint64_t *val);
/* The same for an access of any size (LSX's 16 bytes): `data` in (a write) or out. */
int la_mem_slow_bytes(struct la_cpu *c, const struct core_op *op, uint64_t va, void *data,
		      unsigned size, enum la_access acc);

/* Loads and stores: the engine's TLB fast path, la_mem_slow on a miss. */
static inline int la_read(struct la_cpu *c, const struct core_op *op, uint64_t va,
			  unsigned size, uint64_t *val)
{
	if (likely(core_tlb_load(c->core.tlb, va, size, val)))
		return 0;
	return la_mem_slow(c, op, va, size, LA_READ, val);
}

static inline int la_write(struct la_cpu *c, const struct core_op *op, uint64_t va,
			   unsigned size, uint64_t val)
{
	if (likely(core_tlb_store(c->core.tlb, va, size, val)))
		return 0;
	return la_mem_slow(c, op, va, size, LA_WRITE, &val);
}

/* Loads and stores of up to 16 bytes (the LSX registers), through the same paths. */
#define LA_MAX_ACCESS 16
static inline int la_read_bytes(struct la_cpu *c, const struct core_op *op, uint64_t va,
				void *data, unsigned size)
{
	if (likely(core_tlb_load_bytes(c->core.tlb, va, data, size)))
		return 0;
	return la_mem_slow_bytes(c, op, va, data, size, LA_READ);
}

static inline int la_write_bytes(struct la_cpu *c, const struct core_op *op, uint64_t va,
				 const void *data, unsigned size)
{
	uint8_t buf[LA_MAX_ACCESS];
	if (likely(core_tlb_store_bytes(c->core.tlb, va, data, size)))
		return 0;
	memcpy(buf, data, size);
	return la_mem_slow_bytes(c, op, va, buf, size, LA_WRITE);
}

/* The engine's fetch callback (mmu.c). */
int la_fetch_translate(struct core_vcpu *v, uint64_t va, uint64_t *pa);
/* The debugger's translation: no side effect, permissions ignored (mmu.c). */
bool la_translate_debug(struct la_cpu *c, uint64_t va, uint64_t *pa);
/*
 * Forget every soft-TLB translation (after a change of the ASID, a DMW,
 * STLBPS or MISC.DWPL; mmu.c drops a TLB entry's own pages). CRMD.PLV and
 * DA switch between the soft TLB's regimes instead (cpu.c).
 */
void la_tlb_flush_soft(struct la_cpu *c);
/*
 * The TLB and page-walk instructions (LA RM 4.2.4, 4.2.5), in mmu.c with
 * the TLB they act on: TLBSRCH, TLBRD, TLBWR, TLBFILL, TLBCLR/TLBFLUSH
 * (`all`: TLBFLUSH), INVTLB op (0-6), LDDIR (returns rd), LDPTE.
 */
void la_tlb_search(struct la_cpu *c);
void la_tlb_read(struct la_cpu *c);
void la_tlb_write(struct la_cpu *c, bool fill);
void la_tlb_clear(struct la_cpu *c, bool all);
void la_tlb_invalidate(struct la_cpu *c, unsigned op, uint64_t asid, uint64_t va);
uint64_t la_lddir(struct la_cpu *c, uint64_t base, unsigned level);
void la_ldpte(struct la_cpu *c, uint64_t base, unsigned seq);
/*
 * Translate va as an access of kind acc would (CACOP's hit operations),
 * taking the exception it would raise: 0 or the CORE_* status.
 */
int la_mem_probe(struct la_cpu *c, const struct core_op *op, uint64_t va, enum la_access acc);

/* -------------------------------------------------------------- system */

/* CSR access by number (csr.c): 0, or -1 for an unimplemented CSR. */
int la_csr_access(struct la_cpu *c, unsigned num, uint64_t *val, bool write);
/* cpucfg word `leaf` (cpucfg.c); leaves 0x40000000-0x400000ff are hvsim's hypervisor's. */
uint64_t la_cpucfg(const struct la_cpu *c, uint64_t leaf);
/*
 * The stable counter now, without CNTC (RDTIME adds it), and the timer's
 * registers (timer.c), LA_TIMER_BITS wide (PRCFG1.TimerBits + 1).
 */
#define LA_TIMER_BITS 48
uint64_t la_stable_counter(const struct la_cpu *c);
void la_timer_init(struct la_cpu *c, struct core_events *events);
void la_timer_write_tcfg(struct la_cpu *c, uint64_t tcfg);
uint64_t la_timer_tval(const struct la_cpu *c);

/*
 * The hypercall conduits (core_exit_info.conduit): HVCL with its code, and
 * CPUCFG of the hypervisor's identification leaves.
 */
enum la_conduit { LA_CONDUIT_HVCL, LA_CONDUIT_CPUCFG };
#define LA_CPUCFG_HV_FIRST 0x40000000u
#define LA_CPUCFG_HV_LAST 0x400000ffu

#endif
