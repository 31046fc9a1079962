/*
 * The AArch64 MMU: stage 1 translation for the EL1&0 and EL2 regimes with
 * 4, 16 and 64 KiB granules (Arm ARM D8 "The AArch64 Virtual Memory System
 * Architecture"), the memory-access slow path that fills the soft TLB, MMIO
 * dispatch, and the aborts.
 */
#include "cpu/arm64/arm64.h"
#include "cpu/arm64/debug.h"

struct a64_walk {
	uint64_t pa;        /* output address of the accessed byte */
	unsigned prot;      /* CORE_PROT_* for the regime of the access (both stages) */
	/*
	 * What a TLBI by VA must drop with this page (core_tlb_note_large): 0
	 * the page alone; the stage 1 block's size; CORE_TLB_UNLISTED for a
	 * mapping with no block to name by VA (stage 1 off, a stage 2 block).
	 */
	uint64_t large;
	bool device;        /* the memory type is Device (either stage), for data accesses */
	/* On failure: */
	unsigned fsc;       /* fault status code (D17.2.40 DFSC), level in the low two bits */
	bool stage2;        /* a stage 2 fault: taken to EL2 with HPFAR_EL2 = ipa */
	bool s1ptw;         /* ... on the stage 1 table walk */
	uint64_t ipa;
};

enum {
	FSC_ADDR_SIZE = 0x00, FSC_TRANSLATION = 0x04, FSC_ACCESS = 0x08,
	FSC_PERMISSION = 0x0c, FSC_EXTERNAL = 0x10, FSC_EXT_WALK = 0x14, FSC_ALIGN = 0x21,
};

#define PA_BITS 44   /* ID_AA64MMFR0_EL1.PARange = 0b0100, as cortex-a57 */

/* TCR_ELx.{I,}PS and VTCR_EL2.PS (D19.2): output address size, capped at PARange. */
static unsigned ps_bits(uint64_t ps)
{
	static const unsigned bits[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };
	unsigned b = bits[ps & 7];
	return b < PA_BITS ? b : PA_BITS;
}

/* TCR_ELx.TG0 (bits 15:14): 00 4K, 01 64K, 10 16K. TG1 (31:30): 10 4K, 01 16K, 11 64K. */
static unsigned tg0_bits(uint64_t tcr)
{
	static const unsigned g[4] = { 12, 16, 14, 12 };
	return g[(tcr >> 14) & 3];
}
static unsigned tg1_bits(uint64_t tcr)
{
	static const unsigned g[4] = { 12, 14, 12, 16 };
	return g[(tcr >> 30) & 3];
}

/*
 * The translation regimes (D8.1 "Translation regimes"): EL1&0; EL2 alone
 * (one VA range, no EL0); EL2&0 under HCR_EL2.E2H (the EL1&0 layout with
 * TTBR0/1_EL2 and TCR_EL2, for EL2 and, with TGE, a host's EL0).
 */
enum tr { TR_EL10, TR_EL2, TR_EL20 };

static enum tr regime_of(const struct arm64_cpu *c, unsigned el)
{
	if (el == 2)
		return a64_e2h(c) ? TR_EL20 : TR_EL2;
	return el == 0 && a64_host(c) ? TR_EL20 : TR_EL10;
}

/* A table walk's configuration: its first table, level, granule and sizes. */
struct walk_cfg {
	uint64_t table;     /* base of the first table (TTBR/VTTBR.BADDR) */
	int level;          /* start level */
	unsigned g;         /* granule: 12, 14 or 16 */
	unsigned iabits;    /* input address size */
	unsigned oabits;    /* output address size */
};

/* Stage 1: TTBR, TCR and the VA range of va in regime `tr` (D8.2 "Translation process"). */
struct s1_regime {
	struct walk_cfg w;
	bool el0_perms;     /* AP[1], UXN/PXN and the tables' APTable[0]/PXNTable apply */
};

/*
 * The number of levels is what the granule needs to resolve iabits
 * (D8.2 "Translation process"); the start level's table is indexed by
 * whatever bits are left, and aligned to its own size, not a granule.
 */
static void cfg_levels(struct walk_cfg *w, uint64_t baddr)
{
	unsigned stride = w->g - 3;
	unsigned levels = (w->iabits - w->g + stride - 1) / stride;
	w->level = 4 - (int)levels;
	unsigned shift = w->g + stride * (unsigned)(3 - w->level);
	unsigned align = w->iabits - shift + 3;
	w->table = baddr & ((1ull << 48) - 1) & ~((1ull << (align < 6 ? 6 : align)) - 1);
}

/* Clamp TxSZ to the sizes Armv8.0 supports: 48 down to 25 bits (D8.1). */
static unsigned ia_bits(unsigned tsz)
{
	if (tsz < 16)
		tsz = 16;
	if (tsz > 39)
		tsz = 39;
	return 64 - tsz;
}

static bool s1_select(const struct arm64_cpu *c, enum tr tr, uint64_t va, struct s1_regime *r)
{
	if (tr == TR_EL2) {
		/* TCR_EL2 without E2H: T0SZ, TG0, PS (18:16), TBI (20). */
		uint64_t tcr = c->sr.tcr_el2;
		r->el0_perms = false;
		r->w.g = tg0_bits(tcr);
		r->w.iabits = ia_bits(tcr & 63);
		r->w.oabits = ps_bits(tcr >> 16);
		cfg_levels(&r->w, c->sr.ttbr0_el2);
		uint64_t top = (tcr >> 20) & 1 ? va & 0x00ffffffffffffffull : va;
		return (top >> r->w.iabits) == 0;
	}
	/* The EL1&0 layout of TCR_EL1, and of TCR_EL2 under E2H. */
	uint64_t tcr = tr == TR_EL20 ? c->sr.tcr_el2 : c->sr.tcr_el1;
	bool hi = (va >> 55) & 1;
	r->el0_perms = true;
	r->w.oabits = ps_bits(tcr >> 32);
	/* TBI0/TBI1 (bits 37/38): bits 63:56 take no part in the range check. */
	bool tbi = (tcr >> (hi ? 38 : 37)) & 1;
	unsigned tsz = hi ? (tcr >> 16) & 63 : tcr & 63;
	r->w.g = hi ? tg1_bits(tcr) : tg0_bits(tcr);
	r->w.iabits = ia_bits(tsz);
	bool epd = (tcr >> (hi ? 23 : 7)) & 1;
	uint64_t ttbr = tr == TR_EL20 ? (hi ? c->sr.ttbr1_el2 : c->sr.ttbr0_el2)
				      : (hi ? c->sr.ttbr1_el1 : c->sr.ttbr0_el1);
	cfg_levels(&r->w, ttbr);
	/* The bits above the range (up to 55 with TBI): all 0 (TTBR0) or all 1 (TTBR1). */
	unsigned skip = r->w.iabits + (tbi ? 8 : 0);
	uint64_t rest = (tbi ? va << 8 : va) >> skip;
	uint64_t want = hi ? ~0ull >> skip : 0;
	return !epd && rest == want;
}

/*
 * Stage 2 (D8.2, "Stage 2 translation"): VTTBR_EL2, VTCR_EL2.T0SZ, SL0
 * (the start level, with up to 16 concatenated tables there) and TG0.
 * Returns false for an inconsistent configuration (a level 0 fault).
 */
static bool s2_config(const struct arm64_cpu *c, struct walk_cfg *w)
{
	uint64_t vtcr = c->sr.vtcr_el2;
	unsigned sl0 = (vtcr >> 6) & 3;
	w->g = tg0_bits(vtcr);
	w->iabits = ia_bits(vtcr & 63);
	w->oabits = ps_bits(vtcr >> 16);
	if (sl0 == 3)
		return false;
	/* SL0 counts down from the last level: 4K 0 -> 2, 16K/64K 0 -> 3. */
	w->level = (w->g == 12 ? 2 : 3) - (int)sl0;
	unsigned stride = w->g - 3;
	unsigned shift = w->g + stride * (unsigned)(3 - w->level);
	if (w->iabits <= shift || w->iabits - shift > stride + 4 ||
	    (w->g != 12 && w->level == 0))
		return false;
	unsigned align = w->iabits - shift + 3;
	w->table = c->sr.vttbr_el2 & ((1ull << 48) - 1) & ~((1ull << (align < 6 ? 6 : align)) - 1);
	return true;
}

/* Stage 2 applies to the EL1&0 regime under HCR_EL2.VM (or DC), unless TGE. */
static bool s2_enabled(const struct arm64_cpu *c, enum tr tr)
{
	return tr == TR_EL10 && c->el2_present && (c->sr.hcr_el2 & (HCR_VM | HCR_DC)) &&
	       !(c->sr.hcr_el2 & HCR_TGE);
}

/* Read a descriptor through the guest's view of physical memory. */
static bool read_desc(struct arm64_cpu *c, uint64_t pa, uint64_t *desc)
{
	bool w;
	const uint8_t *p = mem_guest_ptr(c->core.mem, &c->core.req, pa, &w);
	if (!p)
		return false;
	memcpy(desc, p, 8);
	return true;
}

/* What a leaf descriptor grants, accumulated with its tables' limits. */
struct leaf {
	uint64_t desc;
	uint64_t oa;        /* output address of the accessed byte */
	int level;
	uint64_t large;     /* the leaf's size if larger than the soft TLB's 4 KiB page, else 0 */
	/* hierarchical limits from the table descriptors (stage 1 only) */
	bool pxn_t, uxn_t, no_el0_t, ro_t;
};

static bool s2_translate(struct arm64_cpu *c, uint64_t ipa, enum a64_access acc, bool s1ptw,
			 struct a64_walk *w);

/*
 * The table walk common to both stages (D8.2): from cfg's first table to
 * a block or page descriptor. A stage 1 walk with stage 2 on reads its
 * tables through stage 2 (`s2`). Checks validity, the Access flag and the
 * output size; the caller checks permissions.
 */
static bool table_walk(struct arm64_cpu *c, const struct walk_cfg *cfg, uint64_t ia, bool stage1,
		       bool s2, struct leaf *l, struct a64_walk *w)
{
	unsigned g = cfg->g, stride = g - 3;
	uint64_t table = cfg->table;
	memset(l, 0, sizeof(*l));
	for (int level = cfg->level;; level++) {
		unsigned shift = g + stride * (unsigned)(3 - level);
		unsigned nbits = level == cfg->level ? cfg->iabits - shift : stride;
		uint64_t idx = (ia >> shift) & ((1ull << nbits) - 1);
		uint64_t addr = table + idx * 8, desc;
		if (s2) {
			struct a64_walk w2;
			if (!s2_translate(c, addr, A64_READ, true, &w2)) {
				*w = w2;
				return false;
			}
			addr = w2.pa;
		}
		if (!read_desc(c, addr, &desc)) {
			w->fsc = FSC_EXT_WALK | (level & 3);
			return false;
		}
		unsigned type = desc & 3;
		uint64_t oa = desc & ((1ull << 48) - 1) & ~((1ull << g) - 1);
		if (!(type & 1) || (level == 3 && type != 3)) {
			w->fsc = FSC_TRANSLATION | (level & 3);
			return false;
		}
		if (level < 3 && type == 3) {
			/* Table descriptor: stage 1 hierarchical limits (D8.4.2). */
			if (stage1) {
				l->pxn_t |= (desc >> 59) & 1;
				l->uxn_t |= (desc >> 60) & 1;
				l->no_el0_t |= (desc >> 61) & 1;
				l->ro_t |= (desc >> 62) & 1;
			}
			if (oa >> cfg->oabits) {
				w->fsc = FSC_ADDR_SIZE | (level & 3);
				return false;
			}
			table = oa;
			continue;
		}
		/* Block: level 1 only with 4K, level 2 with any granule. */
		if (level == 0 || (level == 1 && g != 12)) {
			w->fsc = FSC_TRANSLATION | (level & 3);
			return false;
		}
		/* A block or a 16/64 KiB page: the soft TLB holds it in 4 KiB pieces. */
		l->large = level < 3 || g != 12 ? 1ull << shift : 0;
		oa &= ~((1ull << shift) - 1);
		if (oa >> cfg->oabits) {
			w->fsc = FSC_ADDR_SIZE | (level & 3);
			return false;
		}
		/* AF: no hardware update (FEAT_HAFDBS not advertised). */
		if (!((desc >> 10) & 1)) {
			w->fsc = FSC_ACCESS | (level & 3);
			return false;
		}
		l->desc = desc;
		l->oa = oa | (ia & ((1ull << shift) - 1));
		l->level = level;
		return true;
	}
}

static unsigned need_of(enum a64_access acc)
{
	return acc == A64_WRITE ? CORE_PROT_W : acc == A64_FETCH ? CORE_PROT_X : CORE_PROT_R;
}

/*
 * Stage 2 translation of ipa. A fault is a stage 2 fault (to EL2); on the
 * stage 1 walk's behalf (`s1ptw`) it says so. Stage 2 permissions
 * (D8.4 "Memory access control"): S2AP[0] (bit 6) read, S2AP[1] (bit 7) write, XN (bit 54).
 */
static bool s2_translate(struct arm64_cpu *c, uint64_t ipa, enum a64_access acc, bool s1ptw,
			 struct a64_walk *w)
{
	struct walk_cfg cfg;
	struct leaf l;
	w->stage2 = true;
	w->s1ptw = s1ptw;
	w->ipa = ipa;
	w->large = 0;
	if (!s2_config(c, &cfg) || (ipa >> cfg.iabits)) {
		w->fsc = FSC_TRANSLATION;
		return false;
	}
	if (!table_walk(c, &cfg, ipa, false, false, &l, w))
		return false;
	unsigned prot = (((l.desc >> 6) & 1) ? CORE_PROT_R : 0) | (((l.desc >> 7) & 1) ? CORE_PROT_W : 0);
	if (!((l.desc >> 54) & 1))
		prot |= CORE_PROT_X;
	w->pa = l.oa;
	w->prot = prot;
	w->large = l.large;
	/* MemAttr[3:2] (descriptor bits 5:4) = 0b00: Device (D8.6.5, no FEAT_S2FWB). */
	w->device = ((l.desc >> 4) & 3) == 0;
	if (!(prot & need_of(acc))) {
		w->fsc = FSC_PERMISSION | (l.level & 3);
		return false;
	}
	w->stage2 = w->s1ptw = false;
	return true;
}

/*
 * Stage 1 walk (D8.2) in regime `tr` for an access from `el`, through
 * stage 2 when `s2`. Returns true with w->pa (an IPA when s2) and w->prot,
 * or false with the fault in w. `pan`: PSTATE.PAN applies (FEAT_PAN: a
 * privileged data access to memory EL0 can access faults).
 */
static bool s1_walk(struct arm64_cpu *c, enum tr tr, unsigned el, uint64_t va,
		    enum a64_access acc, bool s2, bool pan, struct a64_walk *w)
{
	struct s1_regime r;
	struct leaf l;
	if (!s1_select(c, tr, va, &r)) {
		w->fsc = FSC_TRANSLATION | 0;
		return false;
	}
	if (!table_walk(c, &r.w, va, true, s2, &l, w))
		return false;
	w->large = l.large;
	/* Access permissions (D8.4.1, Table D8-44/45). */
	uint64_t desc = l.desc;
	unsigned ap = (desc >> 6) & 3;
	bool el0_ok = r.el0_perms && (ap & 1) && !l.no_el0_t;
	bool ro = (ap & 2) || l.ro_t;
	bool xn = (desc >> 54) & 1, pxn = (desc >> 53) & 1;
	unsigned prot = 0;
	if (el == 0) {
		if (el0_ok)
			prot = CORE_PROT_R | (ro ? 0 : CORE_PROT_W);
		if (el0_ok && !xn && !l.uxn_t)
			prot |= CORE_PROT_X;
	} else {
		prot = CORE_PROT_R | (ro ? 0 : CORE_PROT_W);
		bool x = r.el0_perms ? !pxn && !l.pxn_t : !xn && !l.uxn_t;
		/* A privileged EL cannot execute what EL0 can write (D8.4.1.2). */
		if (r.el0_perms && el0_ok && !ro)
			x = false;
		if (x)
			prot |= CORE_PROT_X;
		if (pan && el0_ok && acc != A64_FETCH)
			prot &= ~(CORE_PROT_R | CORE_PROT_W);
	}
	uint64_t sctlr = tr == TR_EL10 ? c->sr.sctlr_el1 : c->sr.sctlr_el2;
	if ((sctlr & SCTLR_WXN) && (prot & CORE_PROT_W))
		prot &= ~CORE_PROT_X;
	/* AttrIndx (bits 4:2) picks a MAIR_ELx byte; 0b0000dd00 is Device (D8.6.2). */
	uint64_t mair = tr == TR_EL10 ? c->sr.mair_el1 : c->sr.mair_el2;
	w->device = ((mair >> (8 * ((desc >> 2) & 7))) & 0xf0) == 0;
	w->pa = l.oa;
	w->prot = prot;
	if (!(prot & need_of(acc))) {
		w->fsc = FSC_PERMISSION | (l.level & 3);
		return false;
	}
	return true;
}

/*
 * Stage 1 is on when the regime's SCTLR.M is set; in the EL1&0 regime,
 * HCR_EL2.DC and TGE turn it off (D19.2.49).
 */
static bool s1_enabled(const struct arm64_cpu *c, enum tr tr)
{
	if (tr != TR_EL10)
		return (c->sr.sctlr_el2 & SCTLR_M) != 0;
	if (c->el2_present && (c->sr.hcr_el2 & (HCR_DC | HCR_TGE)))
		return false;
	return (c->sr.sctlr_el1 & SCTLR_M) != 0;
}

/*
 * Translate va for an access from EL `el` through stage 1 and, when
 * HCR_EL2 enables it, stage 2 (the stage 1 walk's table reads always; the
 * output when `s2_output`, else w->pa is the IPA); the permissions are the
 * intersection of both. `pan` as for s1_walk.
 */
static bool translate_full(struct arm64_cpu *c, unsigned el, uint64_t va, enum a64_access acc,
			   bool s2_output, bool pan, struct a64_walk *w)
{
	enum tr tr = regime_of(c, el);
	bool s2 = s2_enabled(c, tr);
	w->stage2 = w->s1ptw = false;
	if (!s1_enabled(c, tr)) {
		/* Stage 1 off: flat mapping, addresses beyond PARange fault (D8.2.11). */
		if (va >> PA_BITS) {
			w->fsc = FSC_ADDR_SIZE;
			return false;
		}
		w->pa = va;
		w->prot = CORE_PROT_R | CORE_PROT_W | CORE_PROT_X;
		w->large = CORE_TLB_UNLISTED;
		/*
		 * Data accesses are Device-nGnRnE, unless HCR_EL2.DC makes them
		 * Normal in the EL1&0 regime (D8.2.11 "The effects of disabling
		 * a stage of address translation").
		 */
		w->device = !(tr == TR_EL10 && c->el2_present && (c->sr.hcr_el2 & HCR_DC));
	} else if (!s1_walk(c, tr, el, va, acc, s2, pan, w)) {
		return false;
	}
	if (!s2 || !s2_output)
		return true;
	struct a64_walk w2;
	if (!s2_translate(c, w->pa, acc, false, &w2)) {
		*w = w2;
		return false;
	}
	w->pa = w2.pa;
	w->prot &= w2.prot;
	if (w2.large)
		w->large = CORE_TLB_UNLISTED;
	w->device |= w2.device;   /* the stricter type wins (D8.6.6 "Combining ... attributes") */
	return true;
}

/* Translate va for an access at exception level el (PSTATE.PAN applies at EL1 and EL2). */
static bool translate(struct arm64_cpu *c, unsigned el, uint64_t va, enum a64_access acc,
		      struct a64_walk *w)
{
	return translate_full(c, el, va, acc, true, c->pan && el == c->el && el != 0, w);
}

/*
 * The instruction syndrome of a data abort taken to EL2 for a stage 2
 * fault (D17.2.40, ISV): for a load or store of one general-purpose
 * register without writeback, other than an exclusive or an atomic:
 * ISV, SAS (size), SSE (sign extended), SRT (Rt), SF (64-bit register),
 * AR (acquire/release). 0 when the syndrome is not valid.
 */
static uint32_t data_abort_is(uint32_t insn)
{
	unsigned size = insn >> 30, rt = insn & 31, opc = (insn >> 22) & 3;
	bool sign, sf, ar = false;
	/* The general-register forms (V, bit 26, clear) of C4.1 "Loads and Stores". */
	if ((insn & 0x3f000000) == 0x39000000 ||          /* unsigned offset */
	    (insn & 0x3f200400) == 0x38000000 ||          /* unscaled (00), unprivileged (10) */
	    (insn & 0x3f200c00) == 0x38200800) {          /* register offset */
		sign = opc >= 2;
		sf = size == 3 || (sign && opc == 2);
	} else if ((insn & 0x3f000000) == 0x18000000) {   /* literal: opc in 31:30 */
		sign = size == 2;
		sf = size != 0;
		size = size == 0 ? 2 : 3 - (size == 2);
	} else if ((insn & 0x3fa00000) == 0x08800000) {   /* LDAR/STLR, LDLAR/STLLR (o2=1, o1=0) */
		sign = false;
		sf = size == 3;
		ar = (insn >> 15) & 1;
	} else {
		return 0;
	}
	return (1u << 24) | (size << 22) | ((unsigned)sign << 21) | (rt << 16) |
	       ((unsigned)sf << 15) | ((unsigned)ar << 14);
}

/*
 * Take the instruction or data abort for a failed access (D17.2.37). A
 * stage 2 fault goes to EL2 with HPFAR_EL2 holding the faulting IPA[51:12]
 * in bits 43:4; others go where synchronous exceptions from this EL go.
 * `insn` gives a stage 2 data abort its instruction syndrome; `cm` marks a
 * cache maintenance or AT instruction (ISS.CM, WnR = 1).
 */
static int take_abort(struct arm64_cpu *c, uint64_t pc, uint32_t insn, uint64_t va,
		      enum a64_access acc, const struct a64_walk *w, bool cm)
{
	unsigned target = w->stage2 ? 2 : a64_sync_target(c);
	bool lower = target > c->el;
	uint32_t iss = w->fsc | (w->s1ptw ? 1u << 7 : 0);
	unsigned ec;
	if (acc == A64_FETCH) {
		ec = lower ? EC_IABT_LOWER : EC_IABT_SAME;
	} else {
		ec = lower ? EC_DABT_LOWER : EC_DABT_SAME;
		if (acc == A64_WRITE || cm)
			iss |= 1u << 6;  /* WnR */
		if (cm)
			iss |= 1u << 8;
		else if (w->stage2 && !w->s1ptw)
			iss |= data_abort_is(insn);
	}
	if (w->stage2)
		c->sr.hpfar_el2 = (w->ipa >> 12) << 4 & 0xffffffffff0ull;
	return a64_sync_exception_to(c, target, pc, ec, iss, va, false);
}

/* A fault that is not a translation's (alignment, external abort on the access). */
static int take_fault(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		      enum a64_access acc, unsigned fsc)
{
	struct a64_walk w = { .fsc = fsc };
	return take_abort(c, core_op_pc(&c->core, op), op->insn, va, acc, &w, false);
}

int a64_align_fault(struct arm64_cpu *c, const struct core_op *op, uint64_t va, bool is_write)
{
	return take_fault(c, op, va, is_write ? A64_WRITE : A64_READ, FSC_ALIGN);
}

/* Whose permissions an access is checked with, the TLB it fills, and what it must be aligned to. */
struct access_ctx {
	unsigned el;           /* the current EL, or EL0 for LDTR/STTR */
	struct core_tlb *tlb;
	uint64_t va;           /* the whole access's address (before any split) */
	unsigned align;        /* its element size: Device memory and SCTLR.A want it aligned */
};

/*
 * Whether accesses through this translation are alignment checked (B2.5.2
 * "Alignment of data accesses"): every access to Device memory, and every
 * access when the regime's SCTLR_ELx.A is set. Such pages stay out of the
 * TLB fast path for data, which checks no alignment: the slow path checks
 * each access (memory with the MMU off, Device mappings of RAM, or a guest
 * that sets A; MMIO never enters the fast path anyway).
 */
static bool align_checked(const struct arm64_cpu *c, unsigned el, const struct a64_walk *w)
{
	uint64_t sctlr = regime_of(c, el) == TR_EL10 ? c->sr.sctlr_el1 : c->sr.sctlr_el2;
	return w->device || (sctlr & SCTLR_A);
}

/*
 * One access that does not cross a page (core_access_split's callback),
 * translated with the permissions of EL x->el into TLB x->tlb. A fault is
 * taken from the current EL.
 */
static int access_page(struct core_vcpu *v, const struct core_op *op, uint64_t va,
		       uint8_t *data, unsigned size, bool is_write, void *ctx)
{
	struct arm64_cpu *c = a64(v);
	const struct access_ctx *x = ctx;
	unsigned ael = x->el;
	struct core_tlb *t = x->tlb;
	enum a64_access acc = is_write ? A64_WRITE : A64_READ;
	struct a64_walk w;
	if (!translate(c, ael, va, acc, &w))
		return take_abort(c, core_op_pc(&c->core, op), op->insn, va, acc, &w, false);
	if (align_checked(c, ael, &w)) {
		if (x->va & (x->align - 1))
			return a64_align_fault(c, op, x->va, acc == A64_WRITE);
		w.prot &= ~(CORE_PROT_R | CORE_PROT_W);
	}
	if (unlikely(c->dbg.wp_armed)) {
		/* The guest's watchpoints (selfdebug.c): watched pages stay on the slow path. */
		int st = a64_watch_check(c, op, va, size, acc == A64_WRITE, ael);
		if (st)
			return st;
		if (a64_watch_page(c, va))
			w.prot &= ~(CORE_PROT_R | CORE_PROT_W);
	}
	if (core_hooked(&c->core) &&
	    core_watch_hit(&c->core, core_op_pc(&c->core, op), va, size, acc == A64_WRITE))
		return CORE_EXIT_NORETIRE;   /* a debugger's watchpoint: stop before the access */
	core_tlb_note_large(&c->core, va, w.large);
	if (core_tlb_fill(&c->core, t, va, w.pa, w.prot, acc == A64_WRITE, MEM_VIEW_OWN)) {
		struct core_tlb_entry *e = core_tlb_slot(t, va);
		uint8_t *host = (uint8_t *)(uintptr_t)(va + e->addend);
		if (acc == A64_WRITE) {
			bool writable;
			mem_guest_ptr(c->core.mem, &c->core.req, w.pa, &writable);
			if (writable)  /* writes to ROM are ignored, as flash in read mode */
				memcpy(host, data, size);
		} else {
			memcpy(data, host, size);
		}
		return 0;
	}
	/*
	 * Devices take 1, 2, 4 or 8 bytes. A piece of another size (a pair or
	 * vector access split at a page boundary into MMIO) is an external
	 * abort; check the size before copying it into the 8-byte value.
	 */
	uint64_t val = 0;
	bool ok = size == 1 || size == 2 || size == 4 || size == 8;
	if (ok && acc == A64_WRITE)
		memcpy(&val, data, size);
	ok = ok && mem_guest_io(c->core.mem, &c->core.req, w.pa, size, acc == A64_WRITE, &val);
	if (!ok)
		return take_fault(c, op, va, acc, FSC_EXTERNAL);
	if (acc != A64_WRITE)
		memcpy(data, &val, size);
	return 0;
}

/* Would a write at va (the second page of a split write) fault? Take the fault if so. */
static int probe_write(struct core_vcpu *v, const struct core_op *op, uint64_t va, void *ctx)
{
	struct arm64_cpu *c = a64(v);
	const struct access_ctx *x = ctx;
	struct a64_walk w;
	if (!translate(c, x->el, va, A64_WRITE, &w))
		return take_abort(c, core_op_pc(v, op), op->insn, va, A64_WRITE, &w, false);
	if (!mem_find(v->mem, w.pa))
		return take_fault(c, op, va, A64_WRITE, FSC_EXTERNAL);
	return 0;
}

/* An access of any size, split at page boundaries by the engine. */
static int access_split(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			uint8_t *data, unsigned size, enum a64_access acc, unsigned ael,
			struct core_tlb *t, unsigned align)
{
	struct access_ctx x = { ael, t, va, align };
	return core_access_split(&c->core, op, va, data, size, acc == A64_WRITE, access_page,
				 probe_write, &x);
}

static int access_bytes(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			uint8_t *data, unsigned size, enum a64_access acc, unsigned align)
{
	return access_split(c, op, va, data, size, acc, c->el, c->core.tlb, align);
}

/*
 * LDTR/STTR (C6.2.x "Load/store register (unprivileged)"): at EL1, and at
 * EL2 in a host (E2H and TGE), the access is checked as if made at EL0 of
 * the same regime (D8.4.1), through that EL0's TLB; elsewhere it is an
 * ordinary access.
 */
static int access_unpriv(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			 unsigned size, enum a64_access acc, uint64_t *val)
{
	bool host = c->el == 2 && a64_host(c);
	if (c->el != 1 && !host)
		return a64_mem_slow(c, op, va, size, acc, val);
	struct core_tlb *t = &c->core.tlbs[host ? A64_TLB_EL20_USER : A64_TLB_EL10_USER];
	uint8_t buf[8];
	if (acc == A64_WRITE ? core_tlb_store(t, va, size, *val) : core_tlb_load(t, va, size, val))
		return 0;
	if (acc == A64_WRITE)
		memcpy(buf, val, 8);
	int st = access_split(c, op, va, buf, size, acc, 0, t, size);
	if (!st && acc != A64_WRITE) {
		*val = 0;
		memcpy(val, buf, size);
	}
	return st;
}

int a64_read_unpriv(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		    unsigned size, uint64_t *val)
{
	return access_unpriv(c, op, va, size, A64_READ, val);
}

int a64_write_unpriv(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		     unsigned size, uint64_t val)
{
	return access_unpriv(c, op, va, size, A64_WRITE, &val);
}

int a64_mem_slow(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		 unsigned size, enum a64_access acc, uint64_t *val)
{
	uint8_t buf[8];
	if (acc == A64_WRITE)
		memcpy(buf, val, 8);
	int st = access_bytes(c, op, va, buf, size, acc, size);
	if (!st && acc != A64_WRITE) {
		*val = 0;
		memcpy(val, buf, size);
	}
	return st;
}

int a64_read_bytes(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		   void *buf, unsigned size)
{
	if (likely(core_tlb_load_bytes(c->core.tlb, va, buf, size)))
		return 0;
	if (size > 8 && (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size) {
		/* 16-byte accesses to MMIO are split into two 8-byte ones. */
		int st = access_bytes(c, op, va, buf, 8, A64_READ, 1);
		return st ? st : access_bytes(c, op, va + 8, (uint8_t *)buf + 8, size - 8, A64_READ, 1);
	}
	return access_bytes(c, op, va, buf, size, A64_READ, 1);
}

int a64_write_bytes(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		    const void *buf, unsigned size)
{
	if (likely(core_tlb_store_bytes(c->core.tlb, va, buf, size)))
		return 0;
	uint8_t tmp[64];
	if (size > sizeof(tmp))
		return CORE_EXCEPTION;
	memcpy(tmp, buf, size);
	if (size > 8 && (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size) {
		int st = access_bytes(c, op, va, tmp, 8, A64_WRITE, 1);
		return st ? st : access_bytes(c, op, va + 8, tmp + 8, size - 8, A64_WRITE, 1);
	}
	return access_bytes(c, op, va, tmp, size, A64_WRITE, 1);
}

/* The engine's fetch callback: translate pc for execution at the current EL. */
int a64_fetch_translate(struct core_vcpu *v, uint64_t va, uint64_t *pa)
{
	struct arm64_cpu *c = a64(v);
	/* A misaligned PC faults on fetch (D1.9.1 "PC alignment checking"). */
	if (unlikely(va & 3))
		return a64_sync_exception(c, va, EC_PC_ALIGN, 0, va, false);
	struct core_tlb_entry *e = core_tlb_slot(v->tlb, va);
	if (likely(e->tag_x == (va & CORE_PAGE_MASK))) {
		*pa = e->pa | (va & (CORE_PAGE_SIZE - 1));
		return CORE_OK;
	}
	struct a64_walk w;
	if (!translate(c, c->el, va, A64_FETCH, &w))
		return take_abort(c, va, 0, va, A64_FETCH, &w, false);
	core_tlb_note_large(&c->core, va, w.large);
	if (!core_tlb_fill(v, v->tlb, va, w.pa, w.prot, false, MEM_VIEW_OWN)) {
		w = (struct a64_walk){ .fsc = FSC_EXTERNAL };
		return take_abort(c, va, 0, va, A64_FETCH, &w, false);
	}
	*pa = w.pa;
	return CORE_OK;
}

/*
 * The debugger's translation (gdb stub, traces): the regime of the current
 * EL with permissions ignored (a permission fault still found the output
 * address), and no side effect: no TLB fill, no fault taken.
 */
bool a64_translate_debug(struct arm64_cpu *c, uint64_t va, uint64_t *pa)
{
	struct a64_walk w;
	if (!translate(c, c->el, va, A64_READ, &w) && (w.fsc & ~3u) != FSC_PERMISSION)
		return false;
	*pa = w.pa;
	return true;
}

/*
 * AT S1E{0,1}{R,W}, S1E2{R,W}, S12E{0,1}{R,W} (C5.5): translate and report
 * in PAR_EL1 (D19.2.100): on success PA[47:12] (the IPA for a stage 1 AT
 * under stage 2) and attributes; on failure F=1 with FST, PTW and S (a
 * stage 2 fault). PSTATE.PAN is not applied (that is FEAT_PAN2's
 * S1E1RP/WP). A stage 2 fault on the stage 1 walk of an AT executed at
 * EL1 is taken to EL2 instead, as a data abort with S1PTW and CM set.
 */
int a64_at(struct arm64_cpu *c, const struct core_op *op, unsigned el, bool s12,
	   bool is_write, uint64_t va)
{
	struct a64_walk w;
	enum a64_access acc = is_write ? A64_WRITE : A64_READ;
	if (translate_full(c, el, va, acc, s12, false, &w)) {
		/* ATTR 0xff (Normal WB) and SH inner: what the walk would report for RAM. */
		c->sr.par_el1 = (0xffull << 56) | (w.pa & 0xfffffffff000ull) | (3u << 7);
		return 0;
	}
	if (w.s1ptw && c->el == 1)
		return take_abort(c, core_op_pc(&c->core, op), op->insn, va, acc, &w, true);
	c->sr.par_el1 = 1 | ((uint64_t)w.fsc << 1) | (w.s1ptw ? 1u << 8 : 0) |
			(w.stage2 ? 1u << 9 : 0) | (1u << 11);
	return 0;
}

/*
 * TLBI by VA (C5.5.x). A stage 1 block is one TLB entry for the
 * architecture, listed by its VA range (a64_walk.large) so that a TLBI
 * elsewhere drops one page (Linux invalidates user and vmalloc pages one by one
 * while the kernel's image and linear map are blocks). Other large
 * mappings are unlisted: stage 1 off (no descriptor), a stage 2 block.
 */
void a64_tlbi_va(struct arm64_cpu *c, uint64_t va)
{
	core_tlb_invalidate_va(&c->core, va);
}

void a64_tlbi_all(struct arm64_cpu *c)
{
	core_tlb_flush_all(&c->core);
}
