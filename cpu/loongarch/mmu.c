/*
 * LoongArch address translation (LA RM 5 "Memory Management"): direct
 * address mode, the four direct-mapped windows, and the TLB the guest
 * fills by software (an STLB of one page size and an MTLB of any size);
 * the TLB and page-walk instructions that act on it (LA RM 4.2.4, 4.2.5);
 * the memory slow path behind la_read/la_write, the fetch callback and
 * the debugger's translation.
 *
 * The soft TLB (cpu/core) caches what this translation granted, one table
 * per PLV in mapped mode and one for direct address mode (cpu.c picks).
 * Whatever can take a translation away flushes what it may have cached:
 * an entry leaving the TLB (its pages), a new ASID, a DMW, STLBPS or
 * MISC.DWPL change (everything).
 */
#include "cpu/core/debug.h"
#include "cpu/loongarch/loongarch.h"

#define STLB_ENTRIES (LA_STLB_SETS * LA_STLB_WAYS)
#define TLBIDX_INDEX 0xfffull
#define TLBIDX_PS_SHIFT 24
#define TLBIDX_NE (1ull << 31)

/* TLBELO bits (LA RM 7.5.3) and the page-table entries' (5.4.5). */
#define ELO_V (1ull << 0)
#define ELO_D (1ull << 1)
#define ELO_PLV_SHIFT 2
#define ELO_G (1ull << 6)
#define ELO_NR (1ull << 61)
#define ELO_NX (1ull << 62)
#define ELO_RPLV (1ull << 63)
#define PTE_HUGE (1ull << 6)      /* a directory entry that is a huge page's PTE */
#define PTE_HGLOBAL (1ull << 12)  /* its G bit */

/*
 * An entry this many 4 KiB pages long or less leaves the soft TLB page by
 * page; a larger one (a huge page) flushes it all.
 */
#define FLUSH_PAGES 16

/* A translation: the physical address and what the access may do, or the exception to take. */
struct la_walk {
	uint64_t pa;
	unsigned prot;      /* CORE_PROT_*: what this PLV may do on the page */
	unsigned ecode;     /* on failure: LA_EXC_* (LA_EXC_TLBR for a refill) */
	unsigned subcode;
};

void la_tlb_flush_soft(struct la_cpu *c)
{
	core_tlb_flush_all(&c->core);
}

static unsigned cur_asid(const struct la_cpu *c)
{
	return (unsigned)(c->csr.asid & 0x3ff);
}

/* A virtual address from its VALEN low bits: the soft TLB is tagged by full addresses. */
static uint64_t sext_va(uint64_t va)
{
	return (uint64_t)((int64_t)(va << (64 - LA_VALEN)) >> (64 - LA_VALEN));
}

/*
 * The STLB's page size (7.5.10), kept within what a page can be here
 * (4 KiB up to half the address space): another STLBPS leaves the STLB's
 * behaviour undefined, and the arithmetic below defined.
 */
static unsigned stlb_ps(const struct la_cpu *c)
{
	unsigned ps = (unsigned)(c->csr.stlbps & 0x3f);
	return ps < 12 ? 12 : ps > LA_VALEN - 2 ? LA_VALEN - 2 : ps;
}

/* Entry i's page size: the STLB's entries have none of their own (5.4.2), an MTLB entry has. */
static unsigned entry_ps(const struct la_cpu *c, size_t i)
{
	return i < STLB_ENTRIES ? stlb_ps(c) : c->tlb[i].ps;
}

/* The STLB set of va: the low bits of its page-pair number (5.4.1). */
static unsigned stlb_set(const struct la_cpu *c, uint64_t va)
{
	return (unsigned)(va >> (stlb_ps(c) + 1)) & (LA_STLB_SETS - 1);
}

/* Does entry i exist and map va's page pair for `asid` (5.4.4: E, G or ASID, VPPN above PS+1)? */
static bool entry_matches(const struct la_cpu *c, size_t i, uint64_t va, unsigned asid)
{
	const struct la_tlb_entry *e = &c->tlb[i];
	uint64_t above = LA_VPPN_MASK & ~((2ull << entry_ps(c, i)) - 1);
	return e->e && (e->g || e->asid == asid) && !((va ^ e->vppn) & above);
}

/*
 * The entry that maps va for `asid`, or -1 (5.4.4). The STLB is searched
 * in va's set only, the MTLB in its present entries only: as fast as the
 * hardware's parallel lookup is, and exact. Should both hold a match
 * (undefined), the STLB's wins.
 */
static int tlb_lookup(const struct la_cpu *c, uint64_t va, unsigned asid)
{
	unsigned set = stlb_set(c, va);
	for (unsigned w = 0; w < LA_STLB_WAYS; w++) {
		size_t i = (size_t)w * LA_STLB_SETS + set;
		if (entry_matches(c, i, va, asid))
			return (int)i;
	}
	for (uint64_t m = c->mtlb_present; m; m &= m - 1) {
		size_t i = STLB_ENTRIES + (size_t)__builtin_ctzll(m);
		if (entry_matches(c, i, va, asid))
			return (int)i;
	}
	return -1;
}

/*
 * A TLB page's checks, in the order of 5.4.4: V, NX (fetch), the privilege
 * level (PLV, or exactly PLV with RPLV), NR (load), D (store, unless
 * MISC.DWPLn turns the check off at PLV0-2). w->prot says what the PLV may
 * do on the page whatever the access, for the soft TLB.
 */
static bool check_page(const struct la_cpu *c, uint64_t elo, enum la_access acc, unsigned plv,
		       struct la_walk *w)
{
	static const unsigned invalid[] = {
		[LA_READ] = LA_EXC_PIL, [LA_WRITE] = LA_EXC_PIS, [LA_FETCH] = LA_EXC_PIF,
	};
	unsigned page_plv = (unsigned)(elo >> ELO_PLV_SHIFT) & 3;
	bool plv_ok = (elo & ELO_RPLV) ? plv == page_plv : plv <= page_plv;
	bool writable = (elo & ELO_D) || (plv < 3 && ((c->csr.misc >> (16 + plv)) & 1));
	w->prot = 0;
	if ((elo & ELO_V) && plv_ok)
		w->prot = ((elo & ELO_NR) ? 0 : CORE_PROT_R) | (writable ? CORE_PROT_W : 0) |
			  ((elo & ELO_NX) ? 0 : CORE_PROT_X);
	if (!(elo & ELO_V))
		w->ecode = invalid[acc];
	else if (acc == LA_FETCH && (elo & ELO_NX))
		w->ecode = LA_EXC_PNX;
	else if (!plv_ok)
		w->ecode = LA_EXC_PPI;
	else if (acc == LA_READ && (elo & ELO_NR))
		w->ecode = LA_EXC_PNR;
	else if (acc == LA_WRITE && !writable)
		w->ecode = LA_EXC_PME;
	else
		return true;
	return false;
}

static bool translate(const struct la_cpu *c, uint64_t va, enum la_access acc, unsigned plv,
		      struct la_walk *w)
{
	const unsigned all = CORE_PROT_R | CORE_PROT_W | CORE_PROT_X;
	w->subcode = 0;
	/* Direct address mode (5.2): PA = VA[PALEN-1:0], every address legal. */
	if (c->csr.crmd & LA_CRMD_DA) {
		w->pa = va & LA_PA_MASK;
		w->prot = all;
		return true;
	}
	/*
	 * Direct-mapped windows (5.2.1): VA[63:60] = VSEG and the window
	 * enabled at this PLV; PA = VA[PALEN-1:0]. DMW0-1 serve fetches and
	 * data, DMW2-3 data only. They come before the range check.
	 */
	for (unsigned i = 0; i < 4; i++) {
		uint64_t dmw = c->csr.dmw[i];
		bool data_only = i >= 2;
		if (((dmw >> plv) & 1) && (va >> 60) == (dmw >> 60) && !(data_only && acc == LA_FETCH)) {
			w->pa = va & LA_PA_MASK;
			w->prot = data_only ? CORE_PROT_R | CORE_PROT_W : all;
			return true;
		}
	}
	/* Mapped through the TLB, bits 63:VALEN-1 must all be equal (5.2): ADEF / ADEM. */
	if (sext_va(va) != va) {
		w->ecode = LA_EXC_ADE;
		w->subcode = acc == LA_FETCH ? LA_ADE_FETCH : LA_ADE_MEM;
		return false;
	}
	int i = tlb_lookup(c, va, cur_asid(c));
	if (i < 0) {
		w->ecode = LA_EXC_TLBR;
		return false;
	}
	unsigned ps = entry_ps(c, (size_t)i);
	uint64_t elo = c->tlb[i].elo[(va >> ps) & 1];
	uint64_t in_page = (1ull << ps) - 1;
	w->pa = (elo & LA_PA_MASK & ~in_page) | (va & in_page);
	return check_page(c, elo, acc, plv, w);
}

/* Take the exception a failed translation calls for. */
static int take_fault(struct la_cpu *c, uint64_t pc, uint32_t insn, uint64_t va,
		      const struct la_walk *w)
{
	if (w->ecode == LA_EXC_TLBR)
		return la_tlb_refill(c, pc, va, insn);
	return la_exception(c, pc, w->ecode, w->subcode, va, insn, false);
}

/* One access within a page (core_access_split's callback). */
static int access_page(struct core_vcpu *v, const struct core_op *op, uint64_t va,
		       uint8_t *data, unsigned size, bool is_write, void *ctx)
{
	struct la_cpu *c = la(v);
	struct la_walk w;
	uint64_t pc = core_op_pc(v, op);
	if (!translate(c, va, is_write ? LA_WRITE : LA_READ, la_plv(c), &w))
		return take_fault(c, pc, op->insn, va, &w);
	/* A debugger's watchpoint stops before the access, as LoongArch's own are faults (WPEM). */
	if (core_hooked(v) && core_watch_hit(v, pc, va, size, is_write))
		return CORE_EXIT_NORETIRE;
	if (core_tlb_fill(v, v->tlb, va, w.pa, w.prot, is_write, MEM_VIEW_OWN)) {
		struct core_tlb_entry *e = core_tlb_slot(v->tlb, va);
		uint8_t *host = (uint8_t *)(uintptr_t)(va + e->addend);
		if (!is_write) {
			memcpy(data, host, size);
		} else {
			bool writable;
			mem_guest_ptr(v->mem, &v->req, w.pa, &writable);
			if (writable)   /* writes to ROM are ignored */
				memcpy(host, data, size);
		}
		return 0;
	}
	/* A device: 1, 2, 4 or 8 bytes; anything else, or nothing there, is ADEM. */
	uint64_t val = 0;
	bool ok = size == 1 || size == 2 || size == 4 || size == 8;
	if (ok && is_write)
		memcpy(&val, data, size);
	ok = ok && mem_guest_io(v->mem, &v->req, w.pa, size, is_write, &val);
	if (!ok) {
		w.ecode = LA_EXC_ADE;
		w.subcode = LA_ADE_MEM;
		return take_fault(c, pc, op->insn, va, &w);
	}
	if (!is_write)
		memcpy(data, &val, size);
	return 0;
}

int la_mem_probe(struct la_cpu *c, const struct core_op *op, uint64_t va, enum la_access acc)
{
	struct la_walk w;
	if (!translate(c, va, acc, la_plv(c), &w))
		return take_fault(c, core_op_pc(&c->core, op), op->insn, va, &w);
	return 0;
}

/* Would a write at va fault? Take the fault if so (the second page of a split write). */
static int probe_write(struct core_vcpu *v, const struct core_op *op, uint64_t va, void *ctx)
{
	return la_mem_probe(la(v), op, va, LA_WRITE);
}

int la_mem_slow_bytes(struct la_cpu *c, const struct core_op *op, uint64_t va, void *data,
		      unsigned size, enum la_access acc)
{
	return core_access_split(&c->core, op, va, data, size, acc == LA_WRITE, access_page,
				 probe_write, NULL);
}

int la_mem_slow(struct la_cpu *c, const struct core_op *op, uint64_t va, unsigned size,
		enum la_access acc, uint64_t *val)
{
	uint8_t buf[8];
	if (acc == LA_WRITE)
		memcpy(buf, val, 8);
	int st = la_mem_slow_bytes(c, op, va, buf, size, acc);
	if (!st && acc != LA_WRITE) {
		*val = 0;
		memcpy(val, buf, size);
	}
	return st;
}

int la_fetch_translate(struct core_vcpu *v, uint64_t va, uint64_t *pa)
{
	struct la_cpu *c = la(v);
	/* A misaligned PC: ADEF (6.3.2), BADV the PC. */
	if (unlikely(va & 3))
		return la_exception(c, va, LA_EXC_ADE, LA_ADE_FETCH, va, 0, false);
	struct core_tlb_entry *e = core_tlb_slot(v->tlb, va);
	if (likely(e->tag_x == (va & CORE_PAGE_MASK))) {
		*pa = e->pa | (va & (CORE_PAGE_SIZE - 1));
		return CORE_OK;
	}
	struct la_walk w;
	if (!translate(c, va, LA_FETCH, la_plv(c), &w))
		return take_fault(c, v->pc, 0, va, &w);
	if (!core_tlb_fill(v, v->tlb, va, w.pa, w.prot, false, MEM_VIEW_OWN)) {
		/* Nothing to fetch from there (a device, a hole): ADEF. */
		w.ecode = LA_EXC_ADE;
		w.subcode = LA_ADE_FETCH;
		return take_fault(c, v->pc, 0, va, &w);
	}
	*pa = w.pa;
	return CORE_OK;
}

/*
 * The debugger's translation: the current PLV's, with no side effect. A
 * page it may not read (NR, the privilege level) is still mapped; one
 * that is not valid, or no entry, is not.
 */
bool la_translate_debug(struct la_cpu *c, uint64_t va, uint64_t *pa)
{
	struct la_walk w;
	if (!translate(c, va, LA_READ, la_plv(c), &w) && w.ecode != LA_EXC_PPI &&
	    w.ecode != LA_EXC_PNR)
		return false;
	*pa = w.pa;
	return true;
}

/* ------------------------------------------------------ TLB maintenance */

/*
 * Entry i leaves the TLB. Returns whether the soft TLB may hold its
 * translations: only a global entry's or the current ASID's were ever
 * entered there (an ASID change flushes the rest).
 */
static bool entry_remove(struct la_cpu *c, size_t i)
{
	struct la_tlb_entry *e = &c->tlb[i];
	e->e = false;
	if (i >= STLB_ENTRIES)
		c->mtlb_present &= ~(1ull << (i - STLB_ENTRIES));
	return e->g || e->asid == cur_asid(c);
}

/* Entry i leaves the TLB, and its pages the soft TLB. */
static void entry_drop(struct la_cpu *c, size_t i)
{
	if (!c->tlb[i].e || !entry_remove(c, i))
		return;
	uint64_t span = 2ull << entry_ps(c, i);   /* the page pair */
	if (span > FLUSH_PAGES * CORE_PAGE_SIZE) {
		la_tlb_flush_soft(c);
		return;
	}
	uint64_t base = sext_va(c->tlb[i].vppn & ~(span - 1));
	for (uint64_t off = 0; off < span; off += CORE_PAGE_SIZE)
		core_tlb_flush_va(&c->core, base + off);
}

/* The page sizes the TLB takes: PRCFG2's bits (7.4.14). */
static bool ps_supported(const struct la_cpu *c, unsigned ps)
{
	return (c->csr.prcfg2 >> ps) & 1;
}

/* The next replacement choice: a xorshift sequence, seeded per vCPU (cpu.c), so runs repeat. */
static unsigned next_random(struct la_cpu *c)
{
	uint32_t x = c->tlb_rand;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	c->tlb_rand = x;
	return x;
}

/*
 * Where TLBFILL puts an entry of page size ps for vppn (4.2.4.4): the STLB
 * if ps is STLBPS (vppn's set), else the MTLB. A free slot first, else one
 * chosen at random.
 */
static size_t fill_slot(struct la_cpu *c, uint64_t vppn, unsigned ps)
{
	if (ps == (c->csr.stlbps & 0x3f)) {
		unsigned set = stlb_set(c, vppn);
		for (unsigned w = 0; w < LA_STLB_WAYS; w++)
			if (!c->tlb[(size_t)w * LA_STLB_SETS + set].e)
				return (size_t)w * LA_STLB_SETS + set;
		return (size_t)(next_random(c) % LA_STLB_WAYS) * LA_STLB_SETS + set;
	}
	uint64_t free = ~c->mtlb_present;
	unsigned slot = free ? (unsigned)__builtin_ctzll(free) : next_random(c) % LA_MTLB;
	return STLB_ENTRIES + slot;
}

/*
 * TLBWR and TLBFILL (4.2.4.3, 4.2.4.4): an entry from TLBEHI, TLBELO0/1,
 * TLBIDX.PS and NE, or inside a TLB refill (TLBRERA.IsTLBR, 7.5.13) from
 * TLBREHI (VPPN and PS) and TLBRELO0/1, always present; the ASID from
 * CSR.ASID; G only if both halves have it. TLBWR writes at TLBIDX.Index;
 * with NE set it empties that entry. A page size the TLB does not take
 * (PRCFG2) writes nothing, nor does an index beyond the TLB (undefined).
 */
void la_tlb_write(struct la_cpu *c, bool fill)
{
	bool refill = c->csr.tlbrera & 1;
	uint64_t ehi = refill ? c->csr.tlbrehi : c->csr.tlbehi;
	uint64_t lo0 = refill ? c->csr.tlbrelo0 : c->csr.tlbelo0;
	uint64_t lo1 = refill ? c->csr.tlbrelo1 : c->csr.tlbelo1;
	unsigned ps = (unsigned)(refill ? ehi : c->csr.tlbidx >> TLBIDX_PS_SHIFT) & 0x3f;
	bool present = refill || !(c->csr.tlbidx & TLBIDX_NE);
	uint64_t vppn = ehi & LA_VPPN_MASK;
	if (present && !ps_supported(c, ps))
		return;
	size_t i = fill ? fill_slot(c, vppn, ps) : (size_t)(c->csr.tlbidx & TLBIDX_INDEX);
	if (i >= LA_TLB_ENTRIES)
		return;
	entry_drop(c, i);
	if (!present)
		return;
	c->tlb[i] = (struct la_tlb_entry){
		.vppn = vppn, .elo = { lo0 & ~ELO_G, lo1 & ~ELO_G }, .asid = (uint16_t)cur_asid(c),
		.ps = (uint8_t)ps, .e = true, .g = (lo0 & lo1 & ELO_G) != 0,
	};
	if (i >= STLB_ENTRIES)
		c->mtlb_present |= 1ull << (i - STLB_ENTRIES);
}

/*
 * TLBSRCH (4.2.4.1): look up TLBEHI's VPPN (TLBREHI's inside a refill)
 * with CSR.ASID; a hit sets TLBIDX.Index and clears NE, a miss sets NE.
 */
void la_tlb_search(struct la_cpu *c)
{
	uint64_t ehi = (c->csr.tlbrera & 1) ? c->csr.tlbrehi : c->csr.tlbehi;
	int i = tlb_lookup(c, ehi & LA_VPPN_MASK, cur_asid(c));
	if (i < 0)
		c->csr.tlbidx |= TLBIDX_NE;
	else
		c->csr.tlbidx = (c->csr.tlbidx & ~(TLBIDX_NE | TLBIDX_INDEX)) | (uint64_t)i;
}

/*
 * TLBRD (4.2.4.2): the entry at TLBIDX.Index into TLBEHI, TLBELO0/1 (G in
 * both), TLBIDX.PS and NE = 0, and its ASID into CSR.ASID; an empty one (or
 * an index beyond the TLB) zeroes TLBEHI, TLBELO0/1 and PS and sets NE.
 */
void la_tlb_read(struct la_cpu *c)
{
	size_t i = (size_t)(c->csr.tlbidx & TLBIDX_INDEX);
	uint64_t idx = c->csr.tlbidx & ~(TLBIDX_NE | (0x3full << TLBIDX_PS_SHIFT));
	if (i >= LA_TLB_ENTRIES || !c->tlb[i].e) {
		c->csr.tlbehi = c->csr.tlbelo0 = c->csr.tlbelo1 = 0;
		c->csr.tlbidx = idx | TLBIDX_NE;
		return;
	}
	const struct la_tlb_entry *e = &c->tlb[i];
	uint64_t g = e->g ? ELO_G : 0;
	c->csr.tlbehi = e->vppn;
	c->csr.tlbelo0 = e->elo[0] | g;
	c->csr.tlbelo1 = e->elo[1] | g;
	c->csr.tlbidx = idx | ((uint64_t)entry_ps(c, i) << TLBIDX_PS_SHIFT);
	uint64_t asid = e->asid;
	la_csr_access(c, LA_CSR_ASID, &asid, true);
}

/* The invalidations (4.2.4.7 INVTLB's ops; TLBFLUSH is op 0, TLBCLR op 4 on a part of the TLB). */
static bool inv_match(const struct la_cpu *c, size_t i, unsigned op, unsigned asid, uint64_t va)
{
	const struct la_tlb_entry *e = &c->tlb[i];
	switch (op) {
	case 0: case 1: return true;                          /* all */
	case 2: return e->g;                                  /* G = 1 */
	case 3: return !e->g;                                 /* G = 0 */
	case 4: return !e->g && e->asid == asid;              /* G = 0 and the ASID */
	case 5: return !e->g && entry_matches(c, i, va, asid); /* G = 0, the ASID and VA */
	default: return entry_matches(c, i, va, asid);        /* (G = 1 or the ASID) and VA */
	}
}

/*
 * Apply invalidation `op` to n entries from `first`, `step` apart. A sweep
 * of the whole TLB flushes the soft TLB once if it removed anything it
 * may hold; a narrower one drops each entry's pages.
 */
static void invalidate(struct la_cpu *c, size_t first, size_t step, size_t n, unsigned op,
		       unsigned asid, uint64_t va)
{
	bool flush = false;
	for (size_t k = 0; k < n; k++) {
		size_t i = first + k * step;
		if (!c->tlb[i].e || !inv_match(c, i, op, asid, va))
			continue;
		if (n == LA_TLB_ENTRIES)
			flush |= entry_remove(c, i);
		else
			entry_drop(c, i);
	}
	if (flush)
		la_tlb_flush_soft(c);
}

/*
 * TLBCLR and TLBFLUSH (4.2.4.5, 4.2.4.6): an Index in the STLB names the
 * set (its low bits) whose ways are cleared, one in the MTLB the whole
 * MTLB. TLBCLR removes the entries with G = 0 and CSR.ASID's ASID,
 * TLBFLUSH all of them.
 */
void la_tlb_clear(struct la_cpu *c, bool all)
{
	size_t index = (size_t)(c->csr.tlbidx & TLBIDX_INDEX);
	unsigned op = all ? 0 : 4;
	if (index < STLB_ENTRIES)
		invalidate(c, index % LA_STLB_SETS, LA_STLB_SETS, LA_STLB_WAYS, op, cur_asid(c), 0);
	else
		invalidate(c, STLB_ENTRIES, 1, LA_MTLB, op, cur_asid(c), 0);
}

/*
 * INVTLB op, rj, rk (4.2.4.7): rj[9:0] the ASID, rk the VA. The VA
 * operations (5, 6) look where a lookup would: va's STLB set and the MTLB.
 * Ops above 6 are INE, decided at decode (insn_system.c).
 */
void la_tlb_invalidate(struct la_cpu *c, unsigned op, uint64_t asid, uint64_t va)
{
	unsigned a = (unsigned)(asid & 0x3ff);
	if (op < 5) {
		invalidate(c, 0, 1, LA_TLB_ENTRIES, op, a, va);
		return;
	}
	invalidate(c, stlb_set(c, va), LA_STLB_SETS, LA_STLB_WAYS, op, a, va);
	invalidate(c, STLB_ENTRIES, 1, LA_MTLB, op, a, va);
}

/* ------------------------------------------------------- the page walk */

/* The address a walk resolves (7.5.13): TLBRBADV inside a TLB refill, else BADV. */
static uint64_t walk_va(const struct la_cpu *c)
{
	return (c->csr.tlbrera & 1) ? c->csr.tlbrbadv : c->csr.badv;
}

/*
 * A directory level's index bits (7.5.8, 7.5.9): level 1 is PWCL's Dir1,
 * 2 its Dir2, 3 PWCH's Dir3, 4 its Dir4. Width 0: no such level.
 */
static void dir_bits(const struct la_cpu *c, unsigned level, unsigned *base, unsigned *width)
{
	uint64_t l = c->csr.pwcl, h = c->csr.pwch;
	switch (level) {
	case 1: *base = (l >> 10) & 31; *width = (l >> 15) & 31; break;
	case 2: *base = (l >> 20) & 31; *width = (l >> 25) & 31; break;
	case 3: *base = h & 63; *width = (h >> 6) & 63; break;
	case 4: *base = (h >> 12) & 63; *width = (h >> 18) & 63; break;
	default: *base = *width = 0; break;
	}
}

/*
 * Entry idx of the table at `base`, entries `size` bytes apart. Tables are
 * physical (the walk runs in direct address mode) and 4 KiB aligned, as
 * the PGDs are; Linux's entries hold the next table's kernel virtual
 * address, whose bits above PALEN the walk drops. No RAM there: 0.
 */
static uint64_t read_entry(struct la_cpu *c, uint64_t base, uint64_t idx, unsigned size)
{
	uint64_t pa = (base & LA_PA_MASK & ~0xfffull) + idx * size;
	bool writable;
	const uint8_t *p = mem_guest_ptr(c->core.mem, &c->core.req, pa, &writable);
	uint64_t entry = 0;
	if (p && (pa & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - 8)
		memcpy(&entry, p, 8);
	return entry;
}

/*
 * LDDIR rd, rj, level (4.2.5): the level's directory entry for the walked
 * address, from the table at rj. A huge page's entry in rj (bit 6) passes
 * through. Loading one records its level, from which LDPTE sizes the page.
 */
uint64_t la_lddir(struct la_cpu *c, uint64_t base, unsigned level)
{
	unsigned b, width;
	dir_bits(c, level, &b, &width);
	if ((base & PTE_HUGE) || !width)
		return base;
	uint64_t entry = read_entry(c, base, (walk_va(c) >> b) & ((1ull << width) - 1), 8);
	if (entry & PTE_HUGE)
		c->huge_level = (uint8_t)level;
	return entry;
}

/*
 * LDPTE rj, seq (4.2.5): the even (seq 0) or odd (1) page's PTE into
 * TLBRELO0 or TLBRELO1, and its page size into TLBREHI.PS for the TLBFILL
 * that follows. From the table at rj, PWCL.PTbase/PTwidth/PTEWidth giving
 * the index and the entries' size; or, when rj is a huge page's entry
 * (bit 6), that entry split in halves (5.4.5: "fills the TLB in half"):
 * each half its level's size over two, G moved from bit 12 to bit 6.
 */
void la_ldpte(struct la_cpu *c, uint64_t base, unsigned seq)
{
	uint64_t pwcl = c->csr.pwcl, pte;
	unsigned ps, odd = seq & 1;
	if (base & PTE_HUGE) {
		unsigned b, width;
		dir_bits(c, c->huge_level ? c->huge_level : 1, &b, &width);
		ps = b ? b - 1 : 0;
		pte = (base & ~(PTE_HUGE | PTE_HGLOBAL)) | ((base & PTE_HGLOBAL) ? ELO_G : 0);
		if (odd)
			pte += 1ull << ps;
	} else {
		unsigned width = (unsigned)(pwcl >> 5) & 31;
		ps = (unsigned)pwcl & 31;
		uint64_t idx = (((walk_va(c) >> ps) & ((1ull << width) - 1)) & ~1ull) | odd;
		pte = read_entry(c, base, idx, 8 * ((unsigned)(pwcl >> 30) + 1));
	}
	la_csr_access(c, odd ? LA_CSR_TLBRELO1 : LA_CSR_TLBRELO0, &pte, true);
	c->csr.tlbrehi = (c->csr.tlbrehi & ~0x3full) | ps;
}
