/*
 * The CSRs (LA RM 7 "Control and Status Registers"): one table, indexed by
 * CSR number, of every CSR this LA464-like core implements: its name, the
 * bits software may write, how a read is formed and what a write sets off.
 * CSRRD/CSRWR/CSRXCHG, the gdb stub and ONE_REG all go through
 * la_csr_access.
 *
 * A CSR the table lacks is unimplemented: it reads 0 and ignores writes
 * (LA RM 4.2.1, 7.2.1). That covers the optional features this core does
 * not have: RVACFG (cpucfg 3 RVA = 0), the performance counters (cpucfg 6
 * PMP = 0), the watchpoints (FWPC/MWPC reading Num = 0 is what Linux's
 * hw_breakpoint.c asks), debug mode (DBG, DERA, DSAVE), LVZ's guest CSRs,
 * SAVE8-15 (PRCFG1.SAVENum = 8) and the implementation-specific IMPCTL2.
 */
#include <stddef.h>

#include "cpu/loongarch/debug.h"
#include "cpu/loongarch/loongarch.h"

/* TLBELO0/1, TLBRELO0/1 (7.5.3): V, D, PLV, MAT, G, PPN[PALEN-1:12], NR, NX, RPLV. */
#define ELO_WMASK (0xe000000000000000ull | (LA_PA_MASK & ~0xfffull) | 0x7full)

/* How a read forms the value. */
enum view {
	VIEW_PLAIN,
	VIEW_SEXT32,   /* a 32-bit CSR: reads sign-extend bit 31 (7.2.3) */
	VIEW_VPPN,     /* TLBEHI, TLBREHI: bits 63:VALEN read as copies of VPPN's top bit */
	VIEW_ZERO,     /* write-only (TICLR) */
	VIEW_TVAL,     /* the timer's count (timer.c) */
	VIEW_PGD,      /* PGDL or PGDH by the bad address's high half (7.5.7) */
	VIEW_LLBCTL,   /* ROLLB reads LLbit */
};

/* What a write sets off. */
enum side {
	SIDE_NONE,
	SIDE_MODE,     /* CRMD, EUEN: decode mode, PLV, FP enable, soft TLB regime, IE */
	SIDE_SOFTTLB,  /* ASID, DMWs, STLBPS, MISC.DWPL: a new value may change every cached translation */
	SIDE_IRQ,      /* ECFG.LIE, ESTAT.IS[1:0]: which interrupts are pending */
	SIDE_TCFG,     /* the timer restarts or stops */
	SIDE_TICLR,    /* write 1: clear the timer interrupt */
	SIDE_LLBCTL,   /* WCLLB: write 1 clears LLbit */
};

struct la_csr_desc {
	const char *name;    /* NULL: not implemented */
	uint16_t off;        /* offsetof(struct la_cpu, csr.x) */
	uint8_t view, side;
	uint64_t wmask;      /* bits software may write (0: read-only) */
};

#define CSR(field, nm, wm, v, s) { nm, offsetof(struct la_cpu, csr.field), v, s, wm }
/* A computed or write-only CSR has no field of its own. */
#define CSR_NOFIELD(nm, wm, v, s) { nm, 0, v, s, wm }
#define SAVE(n) [LA_CSR_SAVE0 + n] = CSR(save[n], "save" #n, ~0ull, VIEW_PLAIN, SIDE_NONE)
#define DMW(n) [LA_CSR_DMW0 + n] = CSR(dmw[n], "dmw" #n, 0xf00000000000003full, VIEW_PLAIN, SIDE_SOFTTLB)

static const struct la_csr_desc csrs[LA_CSR_LIMIT] = {
	/* 7.4.1 CRMD: PLV, IE, DA, PG, DATF, DATM (WE only with watchpoints, which this core lacks). */
	[LA_CSR_CRMD] = CSR(crmd, "crmd", 0x1ff, VIEW_SEXT32, SIDE_MODE),
	/* 7.4.2 PRMD: PPLV, PIE (PWE: no watchpoints). */
	[LA_CSR_PRMD] = CSR(prmd, "prmd", LA_PRMD_PPLV | LA_PRMD_PIE, VIEW_SEXT32, SIDE_NONE),
	/* 7.4.3 EUEN: FPE and SXE (LSX); LASX and LBT are not implemented. */
	[LA_CSR_EUEN] = CSR(euen, "euen", LA_EUEN_FPE | LA_EUEN_SXE, VIEW_SEXT32, SIDE_MODE),
	/*
	 * 7.4.4 MISC: DRDTL1-3 (RDTIME raises IPE), RPCNTL1-3 (no counters to
	 * read) and DWPL0-2 (no PME). VA32L1-3 read 0: the 32-bit address mode
	 * is not implemented; so do ALCL0-3: unaligned accesses are never
	 * checked (cpucfg 1 UAL).
	 */
	[LA_CSR_MISC] = CSR(misc, "misc", (7ull << 5) | (7ull << 9) | (7ull << 16), VIEW_SEXT32,
			    SIDE_SOFTTLB),
	/* 7.4.5 ECFG: LIE[12:0], VS. */
	[LA_CSR_ECFG] = CSR(ecfg, "ecfg", LA_ECFG_LIE | (7ull << LA_ECFG_VS_SHIFT), VIEW_SEXT32,
			    SIDE_IRQ),
	/* 7.4.6 ESTAT: only the software interrupts IS[1:0] are writable. */
	[LA_CSR_ESTAT] = CSR(estat, "estat", 0x3, VIEW_SEXT32, SIDE_IRQ),
	[LA_CSR_ERA] = CSR(era, "era", ~0ull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_BADV] = CSR(badv, "badv", ~0ull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_BADI] = CSR(badi, "badi", 0, VIEW_SEXT32, SIDE_NONE),
	[LA_CSR_EENTRY] = CSR(eentry, "eentry", ~0xfffull, VIEW_PLAIN, SIDE_NONE),
	/* 7.5.1 TLBIDX: Index (12 bits index 2112 entries), PS, NE. */
	[LA_CSR_TLBIDX] = CSR(tlbidx, "tlbidx", 0xbf000fffull, VIEW_SEXT32, SIDE_NONE),
	[LA_CSR_TLBEHI] = CSR(tlbehi, "tlbehi", LA_VPPN_MASK, VIEW_VPPN, SIDE_NONE),
	[LA_CSR_TLBELO0] = CSR(tlbelo0, "tlbelo0", ELO_WMASK, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_TLBELO1] = CSR(tlbelo1, "tlbelo1", ELO_WMASK, VIEW_PLAIN, SIDE_NONE),
	/* 7.5.4 ASID: ASID[9:0]; ASIDBITS (23:16) is read-only, set at reset. */
	[LA_CSR_ASID] = CSR(asid, "asid", 0x3ff, VIEW_SEXT32, SIDE_SOFTTLB),
	[LA_CSR_PGDL] = CSR(pgdl, "pgdl", ~0xfffull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_PGDH] = CSR(pgdh, "pgdh", ~0xfffull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_PGD] = CSR_NOFIELD("pgd", 0, VIEW_PGD, SIDE_NONE),
	/* 7.5.8-9 PWCL (PTEWidth in 31:30), PWCH (no hardware walker: PTW reads 0). */
	[LA_CSR_PWCL] = CSR(pwcl, "pwcl", 0xffffffffull, VIEW_SEXT32, SIDE_NONE),
	[LA_CSR_PWCH] = CSR(pwch, "pwch", 0xffffffull, VIEW_SEXT32, SIDE_NONE),
	/* 7.5.10 STLBPS: the STLB's page size; its entries change size with it. */
	[LA_CSR_STLBPS] = CSR(stlbps, "stlbps", 0x3f, VIEW_SEXT32, SIDE_SOFTTLB),
	/* 7.4.12-15: the core's identity and resources, read-only (la_cpu_reset sets them). */
	[LA_CSR_CPUID] = CSR(cpuid, "cpuid", 0, VIEW_SEXT32, SIDE_NONE),
	[LA_CSR_PRCFG1] = CSR(prcfg1, "prcfg1", 0, VIEW_SEXT32, SIDE_NONE),
	[LA_CSR_PRCFG2] = CSR(prcfg2, "prcfg2", 0, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_PRCFG3] = CSR(prcfg3, "prcfg3", 0, VIEW_SEXT32, SIDE_NONE),
	SAVE(0), SAVE(1), SAVE(2), SAVE(3), SAVE(4), SAVE(5), SAVE(6), SAVE(7),
	/* 7.6 the constant timer. */
	[LA_CSR_TID] = CSR(tid, "tid", 0xffffffffull, VIEW_SEXT32, SIDE_NONE),
	[LA_CSR_TCFG] = CSR(tcfg, "tcfg", (1ull << LA_TIMER_BITS) - 1, VIEW_PLAIN, SIDE_TCFG),
	[LA_CSR_TVAL] = CSR_NOFIELD("tval", 0, VIEW_TVAL, SIDE_NONE),
	[LA_CSR_CNTC] = CSR(cntc, "cntc", ~0ull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_TICLR] = CSR_NOFIELD("ticlr", 1, VIEW_ZERO, SIDE_TICLR),
	/* 7.4.17 LLBCTL: ROLLB reads LLbit, WCLLB clears it, KLO spares it from one ERTN. */
	[LA_CSR_LLBCTL] = CSR(llbctl, "llbctl", LA_LLBCTL_KLO, VIEW_LLBCTL, SIDE_LLBCTL),
	/* 7.4.18: implementation-specific; Linux writes STFILL and LDSTORDER, which change nothing here. */
	[LA_CSR_IMPCTL1] = CSR(impctl1, "impctl1", 0xffffffffull, VIEW_SEXT32, SIDE_NONE),
	/* 7.5.11-17 the TLB refill exception's own CSRs. */
	[LA_CSR_TLBRENTRY] = CSR(tlbrentry, "tlbrentry", LA_PA_MASK & ~0xfffull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_TLBRBADV] = CSR(tlbrbadv, "tlbrbadv", ~0ull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_TLBRERA] = CSR(tlbrera, "tlbrera", ~2ull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_TLBRSAVE] = CSR(tlbrsave, "tlbrsave", ~0ull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_TLBRELO0] = CSR(tlbrelo0, "tlbrelo0", ELO_WMASK, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_TLBRELO1] = CSR(tlbrelo1, "tlbrelo1", ELO_WMASK, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_TLBREHI] = CSR(tlbrehi, "tlbrehi", LA_VPPN_MASK | 0x3f, VIEW_VPPN, SIDE_NONE),
	[LA_CSR_TLBRPRMD] = CSR(tlbrprmd, "tlbrprmd", LA_PRMD_PPLV | LA_PRMD_PIE, VIEW_SEXT32,
				SIDE_NONE),
	/*
	 * 7.7 machine errors: hvsim raises none (no cache errors), so IsMERR
	 * and Cause stay 0 and MERRINFO1/2 read 0; the rest is storage the
	 * kernel sets up (MERRENTRY) and a handler would use.
	 */
	[LA_CSR_MERRCTL] = CSR(merrctl, "merrctl", 0x1f9eull, VIEW_SEXT32, SIDE_NONE),
	[LA_CSR_MERRINFO1] = CSR(merrinfo1, "merrinfo1", 0, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_MERRINFO2] = CSR(merrinfo2, "merrinfo2", 0, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_MERRENTRY] = CSR(merrentry, "merrentry", LA_PA_MASK & ~0xfffull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_MERRERA] = CSR(merrera, "merrera", ~0ull, VIEW_PLAIN, SIDE_NONE),
	[LA_CSR_MERRSAVE] = CSR(merrsave, "merrsave", ~0ull, VIEW_PLAIN, SIDE_NONE),
	/* 7.4.20 CTAG: CACOP's tag data; no cache is modelled, the register holds what is written. */
	[LA_CSR_CTAG] = CSR(ctag, "ctag", ~0ull, VIEW_PLAIN, SIDE_NONE),
	/* 7.5.18 DMW0-3: PLV0-3, MAT, VSEG. */
	DMW(0), DMW(1), DMW(2), DMW(3),
};

static const struct la_csr_desc *find(unsigned num)
{
	return num < LA_CSR_LIMIT && csrs[num].name ? &csrs[num] : NULL;
}

const char *la_csr_name(unsigned num)
{
	const struct la_csr_desc *d = find(num);
	return d ? d->name : NULL;
}

static uint64_t *field(struct la_cpu *c, const struct la_csr_desc *d)
{
	return (uint64_t *)((char *)c + d->off);
}

static uint64_t csr_read(struct la_cpu *c, const struct la_csr_desc *d)
{
	switch (d->view) {
	case VIEW_SEXT32:
		return (uint64_t)(int64_t)(int32_t)*field(c, d);
	case VIEW_VPPN: {
		uint64_t v = *field(c, d);
		return v & (1ull << (LA_VALEN - 1)) ? v | ~((1ull << LA_VALEN) - 1) : v;
	}
	case VIEW_ZERO:
		return 0;
	case VIEW_TVAL:
		return la_timer_tval(c);
	case VIEW_PGD: {
		/* The bad address of the context: TLBRBADV inside a TLB refill, else BADV. */
		uint64_t bad = (c->csr.tlbrera & 1) ? c->csr.tlbrbadv : c->csr.badv;
		return (bad >> (LA_VALEN - 1)) & 1 ? c->csr.pgdh : c->csr.pgdl;
	}
	case VIEW_LLBCTL:
		return c->csr.llbctl | (c->llbit ? LA_LLBCTL_ROLLB : 0);
	default:
		return *field(c, d);
	}
}

static void csr_write(struct la_cpu *c, const struct la_csr_desc *d, uint64_t val)
{
	switch (d->side) {
	case SIDE_TCFG:
		la_timer_write_tcfg(c, val & d->wmask);
		return;
	case SIDE_TICLR:
		if (val & 1)
			la_set_irq(c, LA_IRQ_TIMER, false);
		return;
	case SIDE_LLBCTL:
		if (val & LA_LLBCTL_WCLLB)
			c->llbit = false;
		break;
	default:
		break;
	}
	if (!d->wmask)   /* read-only: the write changes nothing */
		return;
	uint64_t *reg = field(c, d);
	uint64_t old = *reg;
	*reg = (old & ~d->wmask) | (val & d->wmask);
	switch (d->side) {
	case SIDE_MODE:
		la_update_mode(c);
		break;
	case SIDE_SOFTTLB:
		if (*reg != old)
			la_tlb_flush_soft(c);
		break;
	case SIDE_IRQ:
		la_irq_update(c);
		break;
	default:
		break;
	}
}

int la_csr_access(struct la_cpu *c, unsigned num, uint64_t *val, bool write)
{
	const struct la_csr_desc *d = find(num);
	if (!d)
		return -1;
	if (write)
		csr_write(c, d, *val);
	else
		*val = csr_read(c, d);
	return 0;
}
