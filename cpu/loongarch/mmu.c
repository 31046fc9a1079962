/*
 * LoongArch address translation (LA RM 5 "Memory Management"): direct
 * address mode, the four direct-mapped windows, and the TLB the guest fills
 * by software; the memory slow path behind la_read/la_write; the fetch
 * callback; the debugger's translation.
 */
#include "cpu/loongarch/loongarch.h"

#define LA_PALEN 48
#define LA_VALEN 48
#define PA_MASK ((1ull << LA_PALEN) - 1)

/* TLBELO bits (LA RM 7.5.3). */
#define ELO_V (1ull << 0)
#define ELO_D (1ull << 1)
#define ELO_PLV_SHIFT 2
#define ELO_PPN_MASK 0x0000fffffffff000ull
#define ELO_NR (1ull << 61)
#define ELO_NX (1ull << 62)
#define ELO_RPLV (1ull << 63)

/* A translation: the physical address and what the access may do, or the exception to take. */
struct la_walk {
	uint64_t pa;
	unsigned prot;      /* CORE_PROT_* */
	unsigned ecode;     /* on failure: LA_EXC_* (LA_EXC_TLBR for a refill) */
	unsigned subcode;
};

void la_tlb_flush_soft(struct la_cpu *c)
{
	core_tlb_flush_all(&c->core);
}

/* The TLB entry that maps va under the current ASID, or NULL (LA RM 5.4.3). */
static const struct la_tlb_entry *tlb_find(const struct la_cpu *c, uint64_t va)
{
	unsigned asid = (unsigned)(c->csr.asid & 0x3ff);
	for (size_t i = 0; i < LA_TLB_ENTRIES; i++) {
		const struct la_tlb_entry *e = &c->tlb[i];
		if (!e->e || (!e->g && e->asid != asid))
			continue;
		unsigned pair = e->ps + 1u;
		if (((va & ((1ull << LA_VALEN) - 1)) >> pair) == (e->vppn >> pair))
			return e;
	}
	return NULL;
}

/* Permission checks of a TLB page (LA RM 5.4.2): V, then NR/NX, privilege, dirty. */
static bool check_page(const struct la_cpu *c, uint64_t elo, enum la_access acc, unsigned plv,
		       struct la_walk *w)
{
	static const unsigned invalid[] = { LA_EXC_PIL, LA_EXC_PIS, LA_EXC_PIF };
	if (!(elo & ELO_V)) {
		w->ecode = invalid[acc];
		return false;
	}
	if (acc == LA_READ && (elo & ELO_NR)) {
		w->ecode = LA_EXC_PNR;
		return false;
	}
	if (acc == LA_FETCH && (elo & ELO_NX)) {
		w->ecode = LA_EXC_PNX;
		return false;
	}
	unsigned page_plv = (unsigned)(elo >> ELO_PLV_SHIFT) & 3;
	if ((elo & ELO_RPLV) ? plv != page_plv : plv > page_plv) {
		w->ecode = LA_EXC_PPI;
		return false;
	}
	if (acc == LA_WRITE && !(elo & ELO_D)) {
		w->ecode = LA_EXC_PME;
		return false;
	}
	w->prot = CORE_PROT_R | CORE_PROT_X | ((elo & ELO_D) ? CORE_PROT_W : 0);
	if (elo & ELO_NR)
		w->prot &= ~CORE_PROT_R;
	if (elo & ELO_NX)
		w->prot &= ~CORE_PROT_X;
	return true;
}

static bool translate(const struct la_cpu *c, uint64_t va, enum la_access acc, unsigned plv,
		      struct la_walk *w)
{
	w->subcode = 0;
	/* Direct address mode (LA RM 5.2.1): PA = VA[PALEN-1:0]. */
	if (c->csr.crmd & LA_CRMD_DA) {
		w->pa = va & PA_MASK;
		w->prot = CORE_PROT_R | CORE_PROT_W | CORE_PROT_X;
		return true;
	}
	/* Direct-mapped windows (5.2.2): VSEG = VA[63:60], PLVn enables. */
	for (int i = 0; i < 4; i++) {
		uint64_t dmw = c->csr.dmw[i];
		if (((dmw >> plv) & 1) && (va >> 60) == (dmw >> 60)) {
			w->pa = va & PA_MASK;
			w->prot = CORE_PROT_R | CORE_PROT_W | CORE_PROT_X;
			return true;
		}
	}
	/* Outside the VALEN-bit space: ADEF / ADEM (6.2.1). */
	if (((int64_t)va >> (LA_VALEN - 1)) != 0 && ((int64_t)va >> (LA_VALEN - 1)) != -1) {
		w->ecode = LA_EXC_ADE;
		w->subcode = acc == LA_FETCH ? LA_ADE_FETCH : LA_ADE_MEM;
		return false;
	}
	const struct la_tlb_entry *e = tlb_find(c, va);
	if (!e) {
		w->ecode = LA_EXC_TLBR;
		return false;
	}
	uint64_t elo = e->elo[(va >> e->ps) & 1];
	uint64_t off = va & ((1ull << e->ps) - 1);
	w->pa = ((elo & ELO_PPN_MASK) & ~((1ull << e->ps) - 1)) | off;
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
	enum la_access acc = is_write ? LA_WRITE : LA_READ;
	if (!translate(c, va, acc, la_plv(c), &w))
		return take_fault(c, core_op_pc(v, op), op->insn, va, &w);
	if (core_tlb_fill(v, v->tlb, va, w.pa, w.prot, is_write, MEM_VIEW_OWN)) {
		struct core_tlb_entry *e = core_tlb_slot(v->tlb, va);
		uint8_t *host = (uint8_t *)(uintptr_t)(va + e->addend);
		if (!is_write) {
			memcpy(data, host, size);
		} else {
			bool writable;
			mem_guest_ptr(v->mem, &v->req, w.pa, &writable);
			if (writable)
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
		return take_fault(c, core_op_pc(v, op), op->insn, va, &w);
	}
	if (!is_write)
		memcpy(data, &val, size);
	return 0;
}

/* Would a write at va fault? Take the fault if so (the second page of a split write). */
static int probe_write(struct core_vcpu *v, const struct core_op *op, uint64_t va, void *ctx)
{
	struct la_cpu *c = la(v);
	struct la_walk w;
	if (!translate(c, va, LA_WRITE, la_plv(c), &w))
		return take_fault(c, core_op_pc(v, op), op->insn, va, &w);
	return 0;
}

int la_mem_slow(struct la_cpu *c, const struct core_op *op, uint64_t va, unsigned size,
		enum la_access acc, uint64_t *val)
{
	uint8_t buf[8];
	if (acc == LA_WRITE)
		memcpy(buf, val, 8);
	int st = core_access_split(&c->core, op, va, buf, size, acc == LA_WRITE, access_page,
				   probe_write, NULL);
	if (!st && acc != LA_WRITE) {
		*val = 0;
		memcpy(val, buf, size);
	}
	return st;
}

int la_fetch_translate(struct core_vcpu *v, uint64_t va, uint64_t *pa)
{
	struct la_cpu *c = la(v);
	/* A misaligned PC: ADEF (LA RM 6.2.1). */
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
		w.ecode = LA_EXC_ADE;
		w.subcode = LA_ADE_FETCH;
		return take_fault(c, v->pc, 0, va, &w);
	}
	*pa = w.pa;
	return CORE_OK;
}

bool la_translate_debug(struct la_cpu *c, uint64_t va, uint64_t *pa)
{
	struct la_walk w;
	if (!translate(c, va, LA_READ, la_plv(c), &w) && w.ecode != LA_EXC_PPI &&
	    w.ecode != LA_EXC_PNR)
		return false;
	*pa = w.pa;
	return true;
}
