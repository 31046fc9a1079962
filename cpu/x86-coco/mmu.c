/*
 * Linear to physical (SDM 3:4 "Paging"): no paging, and 4-level paging in
 * long mode (SDM 3:4.5) with 1 GiB and 2 MiB pages, NX (EFER.NXE), U/S,
 * R/W with CR0.WP, SMEP and SMAP, and the accessed and dirty bits. The
 * soft TLB has two regimes, supervisor and user (permissions differ by
 * privilege). Reserved-bit checks, protection keys, PCID and 5-level
 * paging are not modelled yet.
 *
 * SEV-SNP (APM 2:15.34.4, 15.36): the C-bit of the leaf entry picks the
 * access's view, private (C=1) or shared; page-table walks and instruction
 * fetches are always private. A private access to a page not validated is
 * #VC(PAGE_NOT_VALIDATED); one the RMP refuses otherwise (a VMPL without
 * the permission, a private access to a shared page, a shared write to a
 * private one) is the hypervisor's nested page fault (X86_EV_NPF); a
 * shared access to a device is #VC(NPF) for the guest to emulate through
 * the GHCB (X86_EV_MMIO). For every other guest c_bit_mask is 0 and the
 * view is the page's own, as before.
 */
#include "cpu/core/debug.h"
#include "cpu/x86-coco/x86.h"

enum {
	PTE_P = 1u << 0, PTE_W = 1u << 1, PTE_U = 1u << 2, PTE_A = 1u << 5, PTE_D = 1u << 6,
	PTE_G = 1u << 8,
	PTE_PS = 1u << 7,
};
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

/* #PF error code bits (SDM 3:4.7 Figure 4-12). */
enum { PF_P = 1u << 0, PF_W = 1u << 1, PF_U = 1u << 2, PF_RSVD = 1u << 3, PF_I = 1u << 4 };

enum { REGIME_SUPER, REGIME_USER, N_REGIMES };

struct walk {
	uint64_t pa;
	unsigned prot;        /* CORE_PROT_* for the TLB of the access's regime */
	uint32_t err;         /* #PF error code when the walk fails */
	bool gp;              /* non-canonical: #GP(0), not #PF */
	bool unvalidated;     /* SNP: a page table is not validated: #VC, not #PF */
	uint8_t view;         /* enum mem_view of the access */
	uint64_t large;       /* a 2 MiB or 1 GiB page: its size (the TLB holds it in pieces) */
};

static bool canonical(uint64_t la)
{
	/* Sign-extend bit 47 (shift as unsigned: a signed left shift would overflow). */
	return (uint64_t)((int64_t)(la << 16) >> 16) == la;
}

/* The requester of a page-table access: private under SNP (APM 2:15.34.4), else the page's own view. */
static struct mem_req table_req(const struct x86_cpu *c)
{
	struct mem_req r = c->core.req;
	r.view = c->c_bit_mask ? MEM_VIEW_PRIVATE : MEM_VIEW_OWN;
	return r;
}

static enum mem_err read_pte(struct x86_cpu *c, uint64_t pa, uint64_t *pte)
{
	struct mem_req r = table_req(c);
	return mem_guest_access(c->core.mem, &r, pa, pte, 8, false);
}

static void write_pte(struct x86_cpu *c, uint64_t pa, uint64_t pte)
{
	struct mem_req r = table_req(c);
	mem_guest_access(c->core.mem, &r, pa, &pte, 8, true);
}

/* Where an entry points: its address bits without SNP's C-bit. */
static uint64_t pte_addr(const struct x86_cpu *c, uint64_t pte)
{
	return pte & PTE_ADDR & ~c->c_bit_mask;
}

/*
 * Walk the 4-level tables for la (SDM 3:4.5.4): the entries' addresses
 * level by level, the leaf entry and its level, and the permissions
 * gathered on the way. Returns 0; -1 for an entry not present; or the
 * #PF error bits of an entry with a reserved bit set (XD without NXE).
 */
struct path {
	uint64_t pte_pa[4], pte;
	int leaf;
	bool writable, user, nx;
	bool unvalidated;     /* SNP: the walk met a table in a page not validated */
};

static int walk(struct x86_cpu *c, uint64_t la, struct path *p)
{
	bool nxe = c->s.efer & X86_EFER_NXE;
	uint64_t table = pte_addr(c, c->s.cr3);
	p->writable = p->user = true;
	p->nx = p->unvalidated = false;
	for (int level = 3; level >= 0; level--) {
		p->pte_pa[level] = table + ((la >> (12 + 9 * level)) & 511) * 8;
		enum mem_err e = read_pte(c, p->pte_pa[level], &p->pte);
		p->unvalidated = e == MEM_ERR_UNVALIDATED;
		if (e || !(p->pte & PTE_P))
			return -1;
		if ((p->pte & PTE_NX) && !nxe)
			return PF_P | PF_RSVD;
		p->writable &= (p->pte & PTE_W) != 0;
		p->user &= (p->pte & PTE_U) != 0;
		p->nx |= (p->pte & PTE_NX) != 0;
		if (level == 0 || ((p->pte & PTE_PS) && level <= 2)) {
			p->leaf = level;
			return 0;
		}
		table = pte_addr(c, p->pte);
	}
	return -1;
}

static uint64_t path_pa(const struct x86_cpu *c, const struct path *p, uint64_t la)
{
	uint64_t in_page = (1ull << (12 + 9 * p->leaf)) - 1;
	return (pte_addr(c, p->pte) & ~in_page) | (la & in_page);
}

/*
 * Translate la for `acc` as a user (CPL 3) or supervisor access; an
 * implicit supervisor access (IDT, GDT, TSS) ignores SMAP (SDM 3:4.6.1).
 * With set_ad, mark the entries accessed and, for a write, the leaf dirty
 * (SDM 3:4.8), as hardware does on a successful walk only.
 */
static bool translate(struct x86_cpu *c, uint64_t la, enum x86_access acc, bool user,
		      bool implicit, bool set_ad, struct walk *w)
{
	uint32_t acc_err = (acc == X86_WRITE ? PF_W : 0) | (user ? PF_U : 0);
	memset(w, 0, sizeof(*w));
	w->view = c->c_bit_mask ? MEM_VIEW_PRIVATE : MEM_VIEW_OWN;
	if (!(c->s.cr0 & X86_CR0_PG)) {
		w->pa = la;
		w->prot = CORE_PROT_R | CORE_PROT_W | CORE_PROT_X;
		return true;
	}
	if (!canonical(la)) {
		w->gp = true;
		return false;
	}
	if (acc == X86_FETCH && ((c->s.efer & X86_EFER_NXE) || (c->s.cr4 & X86_CR4_SMEP)))
		acc_err |= PF_I;
	struct path p;
	int bad = walk(c, la, &p);
	if (bad) {
		w->err = acc_err | (bad > 0 ? (uint32_t)bad : 0);
		w->unvalidated = p.unvalidated;
		return false;
	}
	w->pa = path_pa(c, &p, la);
	w->large = p.leaf ? 1ull << (12 + 9 * p.leaf) : 0;
	if (c->c_bit_mask && acc != X86_FETCH && !(p.pte & c->c_bit_mask))
		w->view = MEM_VIEW_SHARED;
	/* SDM 3:4.6 "Access Rights". */
	bool wp = c->s.cr0 & X86_CR0_WP;
	bool smap = (c->s.cr4 & X86_CR4_SMAP) && p.user && !user && !implicit;
	bool smap_ok = !smap || (c->s.rflags & X86_AC);
	bool smep_blocks = p.user && (c->s.cr4 & X86_CR4_SMEP);
	bool ok;
	switch (acc) {
	case X86_FETCH: ok = !p.nx && (user ? p.user : !smep_blocks); break;
	case X86_WRITE: ok = (user ? p.user && p.writable : (p.writable || !wp)) && smap_ok; break;
	default: ok = (!user || p.user) && smap_ok; break;
	}
	if (!ok) {
		w->err = acc_err | PF_P;
		return false;
	}
	uint64_t pte = p.pte;
	if (set_ad) {
		for (int l = 3; l >= p.leaf; l--) {
			uint64_t e;
			read_pte(c, p.pte_pa[l], &e);
			uint64_t want = e | PTE_A | (l == p.leaf && acc == X86_WRITE ? PTE_D : 0);
			if (want != e)
				write_pte(c, p.pte_pa[l], want);
			if (l == p.leaf)
				pte = want;
		}
	}
	/*
	 * What the TLB may do without asking again: write only once the page
	 * is dirty (the first write sets D); nothing on a user page from the
	 * supervisor regime under SMAP (AC decides each time).
	 */
	bool may_read = user ? p.user : !smap && !(p.user && (c->s.cr4 & X86_CR4_SMAP));
	bool may_write = may_read && (pte & PTE_D) && (user ? p.writable : (p.writable || !wp));
	bool may_exec = !p.nx && (user ? p.user : !smep_blocks);
	w->prot = (may_read ? CORE_PROT_R : 0) | (may_write ? CORE_PROT_W : 0) | (may_exec ? CORE_PROT_X : 0);
	/* A global page (G in the leaf, CR4.PGE) outlives MOV to CR3 (SDM 3:4.10.2.4). */
	if ((pte & PTE_G) && (c->s.cr4 & X86_CR4_PGE))
		w->prot |= CORE_PROT_GLOBAL;
	return true;
}

static bool user_access(const struct x86_cpu *c)
{
	return x86_cpl(c) == 3;
}

static int take_fault(struct x86_cpu *c, const struct core_op *op, uint64_t la, const struct walk *w)
{
	if (w->gp)
		return x86_fault(c, op, X86_EXC_GP, 0);
	if (w->unvalidated)
		return x86_snp_vc(c, op, 0, X86_VC_PAGE_NOT_VALIDATED);
	return x86_page_fault(c, op, la, w->err);
}

/*
 * SNP: an access whose view or VMPL the fast path refused, or that is not
 * RAM. The memory model says what the RMP makes of it; a shared read of a
 * private page reads its ciphertext. Returns 0 when done, 1 for a device
 * access to go on with, or the status of the fault or route taken.
 */
static int snp_access(struct x86_cpu *c, const struct core_op *op, uint64_t la,
		      const struct walk *w, uint8_t *data, unsigned size, bool is_write)
{
	struct mem_req who = c->core.req;
	who.view = w->view;
	enum mem_err e = mem_guest_access(c->core.mem, &who, w->pa, data, size, is_write);
	switch (e) {
	case MEM_OK:
		return 0;
	case MEM_ERR_UNVALIDATED:
		return x86_snp_vc(c, op, 0, X86_VC_PAGE_NOT_VALIDATED);
	case MEM_ERR_NOT_RAM: {
		struct x86_event_info info = { .qual = la, .gpa = w->pa, .size = (uint8_t)size,
					       .value = is_write, .insn_len = op->len };
		int st = x86_route(c, op, X86_EV_MMIO, &info);
		return st ? st : 1;
	}
	default:
		return x86_snp_npf(c, core_op_pc(&c->core, op), w->pa, is_write ? X86_WRITE : X86_READ,
				   e);
	}
}

/* One access within a page (core_access_split's callback). */
static int access_page(struct core_vcpu *v, const struct core_op *op, uint64_t la,
		       uint8_t *data, unsigned size, bool is_write, void *ctx)
{
	struct x86_cpu *c = x86(v);
	struct walk w;
	if (!translate(c, la, is_write ? X86_WRITE : X86_READ, user_access(c), false, true, &w))
		return take_fault(c, op, la, &w);
	if (core_hooked(v) && core_watch_hit(v, core_op_pc(v, op), la, size, is_write))
		return CORE_EXIT_NORETIRE;
	core_tlb_note_large(v, la, w.large);
	if (core_tlb_fill_access(v, la, w.pa, w.prot, w.view, data, size, is_write))
		return 0;
	if (w.view != MEM_VIEW_OWN) {
		int st = snp_access(c, op, la, &w, data, size, is_write);
		if (st != 1)
			return st;
	}
	/*
	 * A device, or nothing: x86 has no bus error for either. A read of
	 * nothing gives all ones, a write to nothing is dropped, as on a PC.
	 */
	uint64_t val = 0;
	if (is_write)
		memcpy(&val, data, size < 8 ? size : 8);
	bool io = size == 1 || size == 2 || size == 4 || size == 8;
	if (!io || !mem_guest_io(v->mem, &v->req, w.pa, size, is_write, &val))
		val = ~0ull;
	if (!is_write) {
		memset(data, 0xff, size);
		memcpy(data, &val, size < 8 ? size : 8);
	}
	return 0;
}

int x86_translate_op(struct x86_cpu *c, const struct core_op *op, uint64_t la,
		     enum x86_access acc, uint64_t *pa)
{
	struct walk w;
	if (!translate(c, la, acc, user_access(c), false, true, &w))
		return take_fault(c, op, la, &w);
	*pa = w.pa;
	return 0;
}

/* Would a write at la fault? Take the fault if so (the second page of a split write). */
static int probe_write(struct core_vcpu *v, const struct core_op *op, uint64_t la, void *ctx)
{
	struct x86_cpu *c = x86(v);
	struct walk w;
	if (!translate(c, la, X86_WRITE, user_access(c), false, false, &w))
		return take_fault(c, op, la, &w);
	return 0;
}

int x86_mem_bytes(struct x86_cpu *c, const struct core_op *op, uint64_t la, void *buf,
		  unsigned size, enum x86_access acc)
{
	return core_access_split(&c->core, op, la, buf, size, acc == X86_WRITE, access_page,
				 probe_write, NULL);
}

/* Up to 8 bytes: *val is the little-endian buffer itself (x86 and its host are little-endian). */
int x86_mem_slow(struct x86_cpu *c, const struct core_op *op, uint64_t la, unsigned size,
		 enum x86_access acc, uint64_t *val)
{
	if (acc != X86_WRITE)
		*val = 0;
	return x86_mem_bytes(c, op, la, val, size, acc);
}

int x86_fetch_translate(struct core_vcpu *v, uint64_t va, uint64_t *pa)
{
	struct x86_cpu *c = x86(v);
	struct core_tlb_entry *e = core_tlb_slot(v->tlb, va);
	if (likely(e->tag_x == (va & CORE_PAGE_MASK))) {
		*pa = e->pa | (va & (CORE_PAGE_SIZE - 1));
		return CORE_OK;
	}
	struct walk w;
	if (!translate(c, va, X86_FETCH, user_access(c), false, true, &w)) {
		if (w.gp)
			return x86_exception(c, v->pc, X86_EXC_GP, 0);
		if (w.unvalidated)
			return x86_snp_vc(c, NULL, v->pc, X86_VC_PAGE_NOT_VALIDATED);
		c->s.cr2 = va;
		return x86_exception(c, v->pc, X86_EXC_PF, w.err);
	}
	/*
	 * Code in a device or a hole cannot run here: #GP(0), the guest's to
	 * handle. SNP: code in a page not validated is #VC; one the RMP
	 * refuses (a VMPL without execute permission) the hypervisor's NPF.
	 */
	core_tlb_note_large(v, va, w.large);
	if (!core_tlb_fill(v, v->tlb, va, w.pa, w.prot, false, w.view)) {
		uint8_t b;
		struct mem_req who = v->req;
		who.view = w.view;
		enum mem_err e = w.view == MEM_VIEW_OWN ? MEM_ERR_NOT_RAM
							: mem_guest_access(v->mem, &who, w.pa, &b, 1, false);
		if (e == MEM_ERR_UNVALIDATED)
			return x86_snp_vc(c, NULL, v->pc, X86_VC_PAGE_NOT_VALIDATED);
		if (e == MEM_ERR_PERM || e == MEM_ERR_VIEW)
			return x86_snp_npf(c, v->pc, w.pa, X86_FETCH, e);
		return x86_exception(c, v->pc, X86_EXC_GP, 0);
	}
	*pa = w.pa;
	return CORE_OK;
}

bool x86_translate_debug(struct x86_cpu *c, uint64_t la, uint64_t *pa)
{
	struct path p;
	if (!(c->s.cr0 & X86_CR0_PG)) {
		*pa = la;
		return true;
	}
	if (!canonical(la) || walk(c, la, &p))
		return false;
	*pa = path_pa(c, &p, la);
	return true;
}

/*
 * Implicit supervisor accesses of the system structures (IDT, GDT, TSS,
 * the exception frame): like a CPL 0 data access (SDM 3:4.6.1, SMAP does
 * not apply), through the walk. False with *err the #PF error code.
 */
bool x86_sys_access(struct x86_cpu *c, uint64_t la, void *buf, unsigned size, bool write,
		    uint32_t *err)
{
	uint8_t *p = buf;
	while (size) {
		unsigned n = (unsigned)(CORE_PAGE_SIZE - (la & (CORE_PAGE_SIZE - 1)));
		n = n < size ? n : size;
		struct walk w;
		if (!translate(c, la, write ? X86_WRITE : X86_READ, false, true, true, &w)) {
			*err = w.gp ? X86_NO_ERROR : w.err;
			if (!w.gp)
				c->s.cr2 = la;
			return false;
		}
		struct mem_req who = c->core.req;
		who.view = w.view;
		if (mem_guest_access(c->core.mem, &who, w.pa, p, n, write) != MEM_OK && !write)
			memset(p, 0xff, n);
		la += n;
		p += n;
		size -= n;
	}
	return true;
}

/* MOV to CR3 keeps global pages (global false); the other flushes drop everything. */
void x86_tlb_flush(struct x86_cpu *c, bool global)
{
	if (global)
		core_tlb_flush_all(&c->core);
	else
		core_tlb_flush_nonglobal(&c->core);
}

/* INVLPG (SDM 2): the entries for the page holding la, all of a large page's. */
void x86_tlb_flush_page(struct x86_cpu *c, uint64_t la)
{
	core_tlb_invalidate_va(&c->core, la);
}

/* The soft TLB of the current privilege (x86_update_mode). */
struct core_tlb *x86_tlb_regime(struct x86_cpu *c)
{
	return &c->core.tlbs[x86_cpl(c) == 3 ? REGIME_USER : REGIME_SUPER];
}
