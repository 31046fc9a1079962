/*
 * The AArch64 MMU: stage 1 translation for the EL1&0 and EL2 regimes with
 * 4, 16 and 64 KiB granules (Arm ARM D8 "The AArch64 Virtual Memory System
 * Architecture"), the memory-access slow path that fills the soft TLB, MMIO
 * dispatch, and the aborts.
 */
#include "cpu/arm64/arm64.h"

struct a64_walk {
	uint64_t pa;        /* output address of the accessed byte */
	unsigned prot;      /* CORE_PROT_* for the regime of the access */
	bool large;         /* mapped by a block: TLBI by VA must flush everything */
	unsigned fsc;       /* fault status code on failure (D17.2.40 DFSC) */
	bool s1ptw;
};

enum {
	FSC_ADDR_SIZE = 0x00, FSC_TRANSLATION = 0x04, FSC_ACCESS = 0x08,
	FSC_PERMISSION = 0x0c, FSC_EXTERNAL = 0x10, FSC_ALIGN = 0x21,
};

#define PA_BITS 44   /* ID_AA64MMFR0_EL1.PARange = 0b0100, as cortex-a57 */

struct regime {
	uint64_t ttbr;
	unsigned tsz;       /* TxSZ */
	unsigned gbits;     /* granule: 12, 14 or 16 */
	bool epd;           /* walks disabled for this half */
	bool two_ranges;    /* EL1&0 (and EL2&0) have TTBR0 and TTBR1 */
	bool el0_perms;     /* AP[1] gives EL0 access (not in the EL2 regime) */
};

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

/* Pick TTBR and TCR fields for va in the regime of exception level `el` (D8.1). */
static bool select_regime(const struct arm64_cpu *c, unsigned el, uint64_t va, struct regime *r)
{
	if (el == 2) {
		uint64_t tcr = c->sr.tcr_el2;
		r->ttbr = c->sr.ttbr0_el2;
		r->tsz = tcr & 63;
		r->gbits = tg0_bits(tcr);
		r->epd = false;
		r->two_ranges = false;
		r->el0_perms = false;
		/* TCR_EL2.TBI (bit 20): top byte ignored */
		if ((tcr >> 20) & 1)
			va = (uint64_t)((int64_t)(va << 8) >> 8) & 0x00ffffffffffffffull;
		return (va >> (64 - r->tsz)) == 0 || r->tsz == 0;
	}
	uint64_t tcr = c->sr.tcr_el1;
	bool hi = (va >> 55) & 1;
	/* TBI0/TBI1 (bits 37/38): bits 63:56 take no part in the range check. */
	bool tbi = (tcr >> (hi ? 38 : 37)) & 1;
	uint64_t top = tbi ? ((va << 8) >> 8) : va;
	r->two_ranges = true;
	r->el0_perms = true;
	if (!hi) {
		r->ttbr = c->sr.ttbr0_el1;
		r->tsz = tcr & 63;
		r->gbits = tg0_bits(tcr);
		r->epd = (tcr >> 7) & 1;
		unsigned bits = 64 - r->tsz;
		return (tbi ? (top >> bits) & ((1ull << (56 - bits)) - 1) : top >> bits) == 0;
	}
	r->ttbr = c->sr.ttbr1_el1;
	r->tsz = (tcr >> 16) & 63;
	r->gbits = tg1_bits(tcr);
	r->epd = (tcr >> 23) & 1;
	unsigned bits = 64 - r->tsz;
	uint64_t want = tbi ? ((1ull << (56 - bits)) - 1) : (~0ull >> bits);
	return (tbi ? (top >> bits) & ((1ull << (56 - bits)) - 1) : top >> bits) == want;
}

/* Read a descriptor through the guest's view of physical memory. */
static bool read_desc(struct arm64_cpu *c, uint64_t pa, uint64_t *desc)
{
	bool w;
	const uint8_t *p = mem_guest_ptr(c->core.mem, pa, &w);
	if (!p)
		return false;
	memcpy(desc, p, 8);
	return true;
}

/*
 * Stage 1 walk (D8.2 "Translation process"). Returns true with w->pa and
 * w->prot, or false with w->fsc (level in the low two bits).
 */
static bool walk(struct arm64_cpu *c, unsigned el, uint64_t va, enum a64_access acc,
		 struct a64_walk *w)
{
	struct regime r;
	w->large = false;
	w->s1ptw = false;
	if (!select_regime(c, el, va, &r) || r.epd) {
		w->fsc = FSC_TRANSLATION | 0;
		return false;
	}
	if (r.tsz < 16)
		r.tsz = 16;                /* 48-bit VA (no LVA) */
	if (r.tsz > 39)
		r.tsz = 39;                /* the minimum the granules support in v8.0 */
	unsigned g = r.gbits, stride = g - 3, iabits = 64 - r.tsz;
	unsigned levels = (iabits - g + stride - 1) / stride;
	int level = 4 - (int)levels;
	uint64_t table = r.ttbr & ((1ull << 48) - 1) & ~((1ull << g) - 1);
	bool ap_no_el0 = false, ap_ro = false, pxn_t = false, uxn_t = false;

	for (;; level++) {
		unsigned shift = g + stride * (3 - level);
		unsigned nbits = level == 4 - (int)levels ? iabits - shift : stride;
		uint64_t idx = (va >> shift) & ((1ull << nbits) - 1);
		uint64_t desc;
		if (!read_desc(c, table + idx * 8, &desc)) {
			w->fsc = FSC_EXTERNAL;
			w->s1ptw = true;
			return false;
		}
		unsigned type = desc & 3;
		uint64_t oa = desc & ((1ull << 48) - 1) & ~((1ull << g) - 1);
		if (!(type & 1)) {
			w->fsc = FSC_TRANSLATION | (level & 3);
			return false;
		}
		if (level < 3 && type == 3) {
			/* Table descriptor: hierarchical permissions (D8.4.2). */
			pxn_t |= (desc >> 59) & 1;
			uxn_t |= (desc >> 60) & 1;
			ap_no_el0 |= (desc >> 61) & 1;
			ap_ro |= (desc >> 62) & 1;
			if (oa >> PA_BITS) {
				w->fsc = FSC_ADDR_SIZE | (level & 3);
				return false;
			}
			table = oa;
			continue;
		}
		if (level < 3) {
			/* Block: level 1 only with 4K, level 2 with any granule. */
			if (level == 0 || (level == 1 && g != 12)) {
				w->fsc = FSC_TRANSLATION | (level & 3);
				return false;
			}
			w->large = true;
		} else if (type != 3) {
			w->fsc = FSC_TRANSLATION | 3;
			return false;
		}
		oa &= ~((1ull << shift) - 1);
		if (oa >> PA_BITS) {
			w->fsc = FSC_ADDR_SIZE | (level & 3);
			return false;
		}
		if (!((desc >> 10) & 1)) {  /* AF: no hardware update (FEAT_HAFDBS not advertised) */
			w->fsc = FSC_ACCESS | (level & 3);
			return false;
		}
		/* Access permissions (D8.4.1, Table D8-44/45). */
		unsigned ap = (desc >> 6) & 3;
		bool el0_ok = r.el0_perms && (ap & 1) && !ap_no_el0;
		bool ro = (ap & 2) || ap_ro;
		bool xn = (desc >> 54) & 1, pxn = (desc >> 53) & 1;
		unsigned prot = 0;
		bool user = el == 0;
		if (user) {
			if (el0_ok)
				prot = CORE_PROT_R | (ro ? 0 : CORE_PROT_W);
			if (el0_ok && !xn && !uxn_t)
				prot |= CORE_PROT_X;
		} else {
			prot = CORE_PROT_R | (ro ? 0 : CORE_PROT_W);
			bool x = r.el0_perms ? !pxn && !pxn_t : !xn && !uxn_t;
			/* EL1 cannot execute what EL0 can write (D8.4.1.2). */
			if (r.el0_perms && el0_ok && !ro)
				x = false;
			if (x)
				prot |= CORE_PROT_X;
			if (c->pan && el == 1 && el0_ok && acc != A64_FETCH)
				prot &= ~(CORE_PROT_R | CORE_PROT_W);
		}
		uint64_t sctlr = el == 2 ? c->sr.sctlr_el2 : c->sr.sctlr_el1;
		if ((sctlr >> 19) & 1 && (prot & CORE_PROT_W))   /* SCTLR.WXN */
			prot &= ~CORE_PROT_X;
		w->pa = oa | (va & ((1ull << shift) - 1));
		w->prot = prot;
		unsigned need = acc == A64_WRITE ? CORE_PROT_W : acc == A64_FETCH ? CORE_PROT_X : CORE_PROT_R;
		if (!(prot & need)) {
			w->fsc = FSC_PERMISSION | (level & 3);
			return false;
		}
		return true;
	}
}

static bool mmu_enabled(const struct arm64_cpu *c, unsigned el)
{
	return (el == 2 ? c->sr.sctlr_el2 : c->sr.sctlr_el1) & 1;
}

/* Translate va for an access at exception level el. */
static bool translate(struct arm64_cpu *c, unsigned el, uint64_t va, enum a64_access acc,
		      struct a64_walk *w)
{
	if (!mmu_enabled(c, el)) {
		/* MMU off: flat mapping, addresses beyond PARange fault (D8.2.11). */
		if (va >> PA_BITS) {
			w->fsc = FSC_ADDR_SIZE;
			return false;
		}
		w->pa = va;
		w->prot = CORE_PROT_R | CORE_PROT_W | CORE_PROT_X;
		w->large = true;
		return true;
	}
	return walk(c, el, va, acc, w);
}

/* Take the instruction or data abort for a failed access (D17.2.37). */
static int take_abort(struct arm64_cpu *c, uint64_t pc, uint64_t va, enum a64_access acc,
		      unsigned fsc, bool s1ptw)
{
	unsigned target = a64_sync_target(c);
	bool lower = target > c->el;
	uint32_t iss = fsc | (s1ptw ? 1u << 7 : 0);
	unsigned ec;
	if (acc == A64_FETCH) {
		ec = lower ? EC_IABT_LOWER : EC_IABT_SAME;
	} else {
		ec = lower ? EC_DABT_LOWER : EC_DABT_SAME;
		if (acc == A64_WRITE)
			iss |= 1u << 6;  /* WnR */
	}
	return a64_sync_exception_to(c, target, pc, ec, iss, va, false);
}

int a64_align_fault(struct arm64_cpu *c, const struct core_op *op, uint64_t va, bool is_write)
{
	return take_abort(c, core_op_pc(&c->core, op), va, is_write ? A64_WRITE : A64_READ,
			  FSC_ALIGN, false);
}

/*
 * One access that does not cross a page, translated with the permissions
 * of EL `ael` (the current EL, or EL0 for LDTR/STTR) into TLB `t`. A fault
 * is taken from the current EL.
 */
static int access_page(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		       unsigned size, enum a64_access acc, uint8_t *data, unsigned ael,
		       struct core_tlb *t)
{
	struct a64_walk w;
	if (!translate(c, ael, va, acc, &w))
		return take_abort(c, core_op_pc(&c->core, op), va, acc, w.fsc, w.s1ptw);
	if (w.large)
		c->tlb_large = true;
	if (core_tlb_fill(&c->core, t, va, w.pa, w.prot, acc == A64_WRITE)) {
		struct core_tlb_entry *e = core_tlb_slot(t, va);
		uint8_t *host = (uint8_t *)(uintptr_t)(va + e->addend);
		if (acc == A64_WRITE) {
			bool writable;
			mem_guest_ptr(c->core.mem, w.pa, &writable);
			if (writable)  /* writes to ROM are ignored, as flash in read mode */
				memcpy(host, data, size);
		} else {
			memcpy(data, host, size);
		}
		return 0;
	}
	uint64_t val = 0;
	if (acc == A64_WRITE)
		memcpy(&val, data, size);
	bool ok = (size == 1 || size == 2 || size == 4 || size == 8) &&
		  mem_guest_mmio(c->core.mem, w.pa, size, acc == A64_WRITE, &val);
	if (!ok)
		return take_abort(c, core_op_pc(&c->core, op), va, acc, FSC_EXTERNAL, false);
	if (acc != A64_WRITE)
		memcpy(data, &val, size);
	return 0;
}

/* Split an access at page boundaries; all translations are checked first. */
static int access_split(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			uint8_t *data, unsigned size, enum a64_access acc, unsigned ael,
			struct core_tlb *t)
{
	unsigned first = (unsigned)(CORE_PAGE_SIZE - (va & (CORE_PAGE_SIZE - 1)));
	if (first >= size)
		return access_page(c, op, va, size, acc, data, ael, t);
	if (acc == A64_WRITE) {
		/* Probe the second page so a fault leaves memory untouched. */
		struct a64_walk w;
		if (!translate(c, ael, va + first, acc, &w))
			return take_abort(c, core_op_pc(&c->core, op), va + first, acc, w.fsc, w.s1ptw);
		if (!mem_find(c->core.mem, w.pa))
			return take_abort(c, core_op_pc(&c->core, op), va + first, acc, FSC_EXTERNAL, false);
	}
	int st = access_page(c, op, va, first, acc, data, ael, t);
	if (st)
		return st;
	return access_page(c, op, va + first, size - first, acc, data + first, ael, t);
}

static int access_bytes(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			uint8_t *data, unsigned size, enum a64_access acc)
{
	return access_split(c, op, va, data, size, acc, c->el, c->core.tlb);
}

/*
 * LDTR/STTR (C6.2.x "Load/store register (unprivileged)"): at EL1 the
 * access is checked as if made at EL0 (D8.4.1), through the EL0 TLB; at
 * EL0 and EL2 (no EL2&0 regime yet) it is an ordinary access.
 */
static int access_unpriv(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			 unsigned size, enum a64_access acc, uint64_t *val)
{
	if (c->el != 1)
		return a64_mem_slow(c, op, va, size, acc, val);
	struct core_tlb *t = &c->core.tlbs[A64_TLB_EL10_USER];
	struct core_tlb_entry *e = core_tlb_slot(t, va);
	uint64_t tag = acc == A64_WRITE ? e->tag_w : e->tag_r;
	uint8_t buf[8];
	if (tag == (va & CORE_PAGE_MASK) && (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size) {
		uint8_t *host = (uint8_t *)(uintptr_t)(va + e->addend);
		if (acc == A64_WRITE)
			memcpy(host, val, size);
		else {
			*val = 0;
			memcpy(val, host, size);
		}
		return 0;
	}
	if (acc == A64_WRITE)
		memcpy(buf, val, 8);
	int st = access_split(c, op, va, buf, size, acc, 0, t);
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
	int st = access_bytes(c, op, va, buf, size, acc);
	if (!st && acc != A64_WRITE) {
		*val = 0;
		memcpy(val, buf, size);
	}
	return st;
}

int a64_read_bytes(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		   void *buf, unsigned size)
{
	struct core_tlb_entry *e = core_tlb_slot(c->core.tlb, va);
	if (likely(e->tag_r == (va & CORE_PAGE_MASK) &&
		   (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size)) {
		memcpy(buf, (const void *)(uintptr_t)(va + e->addend), size);
		return 0;
	}
	if (size > 8 && (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size) {
		/* 16-byte accesses to MMIO are split into two 8-byte ones. */
		int st = access_bytes(c, op, va, buf, 8, A64_READ);
		return st ? st : access_bytes(c, op, va + 8, (uint8_t *)buf + 8, size - 8, A64_READ);
	}
	return access_bytes(c, op, va, buf, size, A64_READ);
}

int a64_write_bytes(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
		    const void *buf, unsigned size)
{
	struct core_tlb_entry *e = core_tlb_slot(c->core.tlb, va);
	if (likely(e->tag_w == (va & CORE_PAGE_MASK) &&
		   (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size)) {
		memcpy((void *)(uintptr_t)(va + e->addend), buf, size);
		return 0;
	}
	uint8_t tmp[64];
	if (size > sizeof(tmp))
		return CORE_EXCEPTION;
	memcpy(tmp, buf, size);
	if (size > 8 && (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size) {
		int st = access_bytes(c, op, va, tmp, 8, A64_WRITE);
		return st ? st : access_bytes(c, op, va + 8, tmp + 8, size - 8, A64_WRITE);
	}
	return access_bytes(c, op, va, tmp, size, A64_WRITE);
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
		return take_abort(c, va, va, A64_FETCH, w.fsc, w.s1ptw);
	if (w.large)
		c->tlb_large = true;
	if (!core_tlb_fill(v, v->tlb, va, w.pa, w.prot, false))
		return take_abort(c, va, va, A64_FETCH, FSC_EXTERNAL, false);
	*pa = w.pa;
	return CORE_OK;
}

/*
 * AT S1E{0,1}{R,W}, S1E2{R,W} (C5.5): translate and report in PAR_EL1
 * (D19.2.100): on success PA[47:12] and attributes, on failure F=1 with FST.
 */
void a64_at(struct arm64_cpu *c, unsigned el, bool is_write, uint64_t va)
{
	struct a64_walk w;
	if (translate(c, el, va, is_write ? A64_WRITE : A64_READ, &w)) {
		/* ATTR 0xff (Normal WB) and SH inner: what the walk would report for RAM. */
		c->sr.par_el1 = (0xffull << 56) | (w.pa & 0xfffffffff000ull) | (3u << 7);
	} else {
		c->sr.par_el1 = 1 | ((uint64_t)w.fsc << 1) | (w.s1ptw ? 1u << 8 : 0) | (1u << 11);
	}
}

/* TLBI by VA (C5.5.x): flush one page, or everything if blocks were cached. */
void a64_tlbi_va(struct arm64_cpu *c, uint64_t va)
{
	if (c->tlb_large) {
		a64_tlbi_all(c);
		return;
	}
	core_tlb_flush_va(&c->core, va);
}

void a64_tlbi_all(struct arm64_cpu *c)
{
	core_tlb_flush_all(&c->core);
	c->tlb_large = false;
}
