/*
 * The page attribute table's transitions. Each is a named function that
 * checks its preconditions, builds the page's record after the change,
 * asks the gate whether it may happen (policy checks, fault injection),
 * and tells every listener, so TLBs, the decode cache, traces and stats
 * see every change in one place.
 */
#include <stdlib.h>

#include "mem/internal.h"

static const char *const owner_names[MEM_OWNER_COUNT] = {
	[MEM_PRIVATE] = "private",
	[MEM_SHARED] = "shared",
};

const char *mem_owner_name(enum mem_owner o)
{
	return o < MEM_OWNER_COUNT ? owner_names[o] : "?";
}

const char *mem_err_name(enum mem_err e)
{
	switch (e) {
	case MEM_OK: return "ok";
	case MEM_ERR_NOT_RAM: return "not RAM";
	case MEM_ERR_ALIGN: return "not aligned";
	case MEM_ERR_STATE: return "wrong page state";
	case MEM_ERR_NO_CHANGE: return "no change";
	case MEM_ERR_SIZE: return "page size mismatch";
	case MEM_ERR_PERM: return "not permitted";
	case MEM_ERR_VIEW: return "wrong view of the page";
	case MEM_ERR_REFUSED: return "refused";
	case MEM_ERR_NOT_MMIO: return "not a device";
	case MEM_ERR_UNVALIDATED: return "not validated";
	}
	return "?";
}

unsigned mem_page_perm(const struct mem_space *s, const struct mem_page *p, const struct mem_req *who)
{
	if (who->kind != MEM_BY_GUEST || who->ctx == 0 || who->ctx > 3)
		return MEM_PERM_ALL;
	switch (s->ctx_kind) {
	/*
	 * VMPL permissions live in the RMP entry of an assigned page; a shared
	 * page is the hypervisor's and every VMPL reaches it (APM vol. 2,
	 * "Virtual Machine Privilege Levels": the checks are on guest-owned
	 * pages; an SVSM's guest at VMPL2 uses shared GHCBs and bounce buffers).
	 */
	case MEM_CTX_VMPL: return p->owner == MEM_SHARED ? MEM_PERM_ALL : p->vmpl_perm[who->ctx - 1];
	case MEM_CTX_L2: return p->l2_perm[who->ctx - 1];
	case MEM_CTX_NONE: break;
	}
	return MEM_PERM_ALL;
}

/* The RAM page record at gpa (page-aligned), or why there is none. */
static enum mem_err ram_page(struct mem_space *s, uint64_t gpa, struct mem_page **p)
{
	if (gpa & (MEM_PAGE_SIZE - 1))
		return MEM_ERR_ALIGN;
	struct mem_region *r = mem_find(s, gpa);
	if (!r || r->kind != MEM_RAM)
		return MEM_ERR_NOT_RAM;
	*p = mem_region_page(r, (gpa - r->base) >> MEM_PAGE_BITS);
	return MEM_OK;
}

static void notify(struct mem_space *s, const struct mem_transition *t)
{
	s->n_transitions++;
	for (int i = 0; i < s->n_listeners; i++)
		s->listeners[i].fn(s->listeners[i].opaque, t);
}

static struct mem_transition transition(const char *name, const struct mem_req *who,
					uint64_t gpa, const struct mem_page *p)
{
	return (struct mem_transition){ .name = name, .who = *who, .gpa = gpa,
					.from = p->owner, .to = p->owner, .before = *p,
					.after = *p };
}

/* May t happen? The gate says; a refusal is MEM_ERR_REFUSED with its reason kept. */
static enum mem_err ask_gate(struct mem_space *s, const struct mem_transition *t)
{
	const char *why = s->gate ? s->gate(s->gate_opaque, t) : NULL;
	if (why) {
		s->refused = why;
		return MEM_ERR_REFUSED;
	}
	return MEM_OK;
}

/* Apply t's new record to page p and tell the listeners. */
static void apply(struct mem_space *s, struct mem_page *p, struct mem_transition *t)
{
	t->after.flags = (uint8_t)((t->after.flags & ~MEM_PF_CODE) | (p->flags & MEM_PF_CODE));
	*p = t->after;
	t->to = p->owner;
	notify(s, t);
}

/* Check, ask, apply: one page. */
static enum mem_err commit(struct mem_space *s, struct mem_page *p, struct mem_transition *t)
{
	enum mem_err e = ask_gate(s, t);
	if (e == MEM_OK)
		apply(s, p, t);
	return e;
}

/*
 * Ownership changes. The page's confidential state does not survive them:
 * a page that becomes shared is no longer validated or accepted and holds
 * no VMSA (SNP: the RMP entry returns to the hypervisor; TDX: the SEPT
 * entry is removed), and one that becomes private again must be validated
 * or accepted anew before the guest uses it.
 */
static enum mem_err change_owner(struct mem_space *s, const struct mem_req *who, uint64_t gpa,
				 const char *name, enum mem_owner from, enum mem_owner to)
{
	struct mem_page *p;
	enum mem_err e = ram_page(s, gpa, &p);
	if (e)
		return e;
	if (p->owner != from)
		return MEM_ERR_STATE;
	struct mem_transition t = transition(name, who, gpa, p);
	t.after = (struct mem_page){ .owner = (uint8_t)to };
	return commit(s, p, &t);
}

enum mem_err mem_page_share(struct mem_space *s, const struct mem_req *who, uint64_t gpa)
{
	return change_owner(s, who, gpa, "share", MEM_PRIVATE, MEM_SHARED);
}

enum mem_err mem_page_unshare(struct mem_space *s, const struct mem_req *who, uint64_t gpa)
{
	return change_owner(s, who, gpa, "unshare", MEM_SHARED, MEM_PRIVATE);
}

#define HUGE_PAGES 512   /* 4 KiB pages in a 2 MiB page */

/*
 * The records of a request of one 4 KiB page, or with `huge` the 512 of
 * the 2 MiB page at gpa (2 MiB-aligned, in one RAM region), each set up:
 * (*p)[i] is then that of gpa's page + i.
 */
static enum mem_err request_pages(struct mem_space *s, uint64_t gpa, bool huge,
				  struct mem_page **p, unsigned *n)
{
	enum mem_err e = ram_page(s, gpa, p);
	if (e)
		return e;
	*n = huge ? HUGE_PAGES : 1;
	if (huge && (gpa & (*n * MEM_PAGE_SIZE - 1)))
		return MEM_ERR_ALIGN;
	struct mem_region *r = mem_find(s, gpa);
	if (gpa - r->base + *n * MEM_PAGE_SIZE > r->size)
		return MEM_ERR_NOT_RAM;
	for (unsigned i = 0; i < *n; i++)
		mem_region_page(r, ((gpa - r->base) >> MEM_PAGE_BITS) + i);
	return MEM_OK;
}

/*
 * Bring the n pages of a request (records p, from gpa) to `owner` with
 * (flags & mask) == val: a page that changes owner gets a fresh record
 * (its RMP entry rewritten), one that keeps it changes only those flags.
 * One transition per page that changes; the gate is asked once, with the
 * first of them. MEM_ERR_NO_CHANGE when none would.
 */
static enum mem_err change_pages(struct mem_space *s, const struct mem_req *who, const char *name,
				 uint64_t gpa, struct mem_page *p, unsigned n, uint8_t owner,
				 uint8_t mask, uint8_t val)
{
	unsigned first = n;
	for (unsigned i = n; i-- > 0;)
		if (p[i].owner != owner || (p[i].flags & mask) != val)
			first = i;
	if (first == n)
		return MEM_ERR_NO_CHANGE;
	struct mem_transition t = transition(name, who, gpa + first * MEM_PAGE_SIZE, &p[first]);
	enum mem_err e = ask_gate(s, &t);
	if (e)
		return e;
	for (unsigned i = first; i < n; i++) {
		if (p[i].owner == owner && (p[i].flags & mask) == val)
			continue;
		t = transition(name, who, gpa + i * MEM_PAGE_SIZE, &p[i]);
		if (p[i].owner == owner)
			t.after.flags = (uint8_t)((p[i].flags & ~mask) | val);
		else
			t.after = (struct mem_page){ .owner = owner, .flags = val };
		apply(s, &p[i], &t);
	}
	return MEM_OK;
}

/*
 * Page state change (GHCB spec "Page State Change"; what KVM does for it,
 * arch/x86/kvm/svm/sev.c, is RMPUPDATE): the RMP entry is rewritten whole,
 * so a page that changes owner loses its validation and VMPL permissions,
 * and takes the request's page size; one that keeps its owner changes
 * only its size.
 */
enum mem_err mem_page_psc(struct mem_space *s, const struct mem_req *who, uint64_t gpa,
			  bool to_private, bool huge)
{
	struct mem_page *p;
	unsigned n;
	enum mem_err e = request_pages(s, gpa, huge, &p, &n);
	return e ? e : change_pages(s, who, to_private ? "psc_private" : "psc_shared", gpa, p, n,
				    to_private ? MEM_PRIVATE : MEM_SHARED, MEM_PF_HUGE,
				    huge ? MEM_PF_HUGE : 0);
}

/*
 * PVALIDATE (AMD APM vol. 3, "PVALIDATE"): VMPL0 only; the page must be
 * assigned (private); the request's size must be the RMP entry's (a 2 MiB
 * request over pages assigned at 4 KiB, or the reverse, is
 * FAIL_SIZEMISMATCH). Validating what is validated, or the reverse,
 * changes nothing (CF=1).
 */
enum mem_err mem_page_validate(struct mem_space *s, const struct mem_req *who, uint64_t gpa,
			       bool validate, bool huge)
{
	struct mem_page *p;
	unsigned n;
	enum mem_err e = request_pages(s, gpa, huge, &p, &n);
	if (e)
		return e;
	if (who->ctx != 0)
		return MEM_ERR_PERM;
	for (unsigned i = 0; i < n; i++)
		if (p[i].owner != MEM_PRIVATE)
			return MEM_ERR_STATE;
	for (unsigned i = 0; i < n; i++)
		if ((bool)(p[i].flags & MEM_PF_HUGE) != huge)
			return MEM_ERR_SIZE;
	return change_pages(s, who, validate ? "validate" : "invalidate", gpa, p, n, MEM_PRIVATE,
			    MEM_PF_VALIDATED, validate ? MEM_PF_VALIDATED : 0);
}

/*
 * RMPADJUST (AMD APM vol. 3, "RMPADJUST"): a VMPL sets the permissions of a
 * less privileged VMPL for a validated private page, never beyond its own;
 * VMPL0 also marks the page as a VMSA or not (the VMSA bit of a request
 * from any other VMPL is ignored).
 */
enum mem_err mem_page_set_vmpl_perm(struct mem_space *s, const struct mem_req *who, uint64_t gpa,
				    unsigned vmpl, unsigned perm, bool vmsa)
{
	struct mem_page *p;
	enum mem_err e = ram_page(s, gpa, &p);
	if (e)
		return e;
	if (s->ctx_kind != MEM_CTX_VMPL || vmpl < 1 || vmpl > 3 || who->ctx >= vmpl ||
	    (perm & ~mem_page_perm(s, p, who)))
		return MEM_ERR_PERM;
	if (p->owner != MEM_PRIVATE || !(p->flags & MEM_PF_VALIDATED))
		return MEM_ERR_STATE;
	struct mem_transition t = transition("rmpadjust", who, gpa, p);
	t.after.vmpl_perm[vmpl - 1] = (uint8_t)perm;
	if (who->ctx == 0)
		t.after.flags = (uint8_t)((t.after.flags & ~MEM_PF_VMSA) | (vmsa ? MEM_PF_VMSA : 0));
	return commit(s, p, &t);
}

/* TDG.MEM.PAGE.ACCEPT (Intel TDX module ABI): L1 accepts a pending private page. */
enum mem_err mem_page_accept(struct mem_space *s, const struct mem_req *who, uint64_t gpa)
{
	struct mem_page *p;
	enum mem_err e = ram_page(s, gpa, &p);
	if (e)
		return e;
	if (who->ctx != 0)
		return MEM_ERR_PERM;
	if (p->owner != MEM_PRIVATE)
		return MEM_ERR_STATE;
	if (p->flags & MEM_PF_ACCEPTED)
		return MEM_ERR_NO_CHANGE;
	struct mem_transition t = transition("accept", who, gpa, p);
	t.after.flags |= MEM_PF_ACCEPTED;
	return commit(s, p, &t);
}

/* TDG.MEM.PAGE.ATTR.WR (TD partitioning): L1 sets what an L2 partition may do with a page. */
enum mem_err mem_page_set_l2_perm(struct mem_space *s, const struct mem_req *who, uint64_t gpa,
				  unsigned part, unsigned perm)
{
	struct mem_page *p;
	enum mem_err e = ram_page(s, gpa, &p);
	if (e)
		return e;
	if (s->ctx_kind != MEM_CTX_L2 || who->ctx != 0 || part < 1 || part > 3 ||
	    (perm & ~MEM_PERM_ALL))
		return MEM_ERR_PERM;
	if (p->owner != MEM_PRIVATE || !(p->flags & MEM_PF_ACCEPTED))
		return MEM_ERR_STATE;
	struct mem_transition t = transition("l2-perm", who, gpa, p);
	t.after.l2_perm[part - 1] = (uint8_t)perm;
	return commit(s, p, &t);
}

void mem_page_set_code(struct mem_space *s, uint64_t pa, bool on)
{
	struct mem_page *p = mem_page_at(s, pa, NULL);
	if (!p)
		return;
	if (on)
		p->flags |= MEM_PF_CODE;
	else
		p->flags &= ~MEM_PF_CODE;
}

void mem_count_owners(struct mem_space *s, uint64_t counts[MEM_OWNER_COUNT])
{
	for (int o = 0; o < MEM_OWNER_COUNT; o++)
		counts[o] = 0;
	for (int i = 0; i < s->n_regions; i++) {
		const struct mem_region *r = &s->regions[i];
		if (r->kind != MEM_RAM)
			continue;
		for (uint64_t k = 0; k < r->size >> MEM_PAGE_BITS; k = mem_chunk_end(r, k)) {
			if (!mem_chunk_ready(r, k))
				counts[r->initial] += mem_chunk_end(r, k) - k;
			else
				for (uint64_t j = k; j < mem_chunk_end(r, k); j++)
					counts[r->pages[j].owner]++;
		}
	}
}

/* Chunks not set up hold no code (nobody looked at their pages). */
void mem_forget_code(struct mem_space *s)
{
	for (int i = 0; i < s->n_regions; i++) {
		struct mem_region *r = &s->regions[i];
		if (!r->pages)
			continue;
		for (uint64_t k = 0; k < r->size >> MEM_PAGE_BITS; k = mem_chunk_end(r, k))
			if (mem_chunk_ready(r, k))
				for (uint64_t j = k; j < mem_chunk_end(r, k); j++)
					r->pages[j].flags &= (uint8_t)~MEM_PF_CODE;
	}
}

/*
 * The guard is one bit per page a device's region touches (counted from
 * the page holding its base: regions need not be page-aligned, virtio-mmio
 * transports are 0x200 bytes), allocated when the guest first guards a
 * page there: bounded by the board's device regions whatever the guest
 * asks. pKVM guards IPA pages, not devices, so guarding a page sets its
 * bit in every device region with registers on it.
 */
static uint64_t guard_bit(const struct mem_region *r, uint64_t pa)
{
	return (pa >> MEM_PAGE_BITS) - (r->base >> MEM_PAGE_BITS);
}

bool mem_mmio_is_guarded(const struct mem_region *r, uint64_t pa)
{
	uint64_t n = guard_bit(r, pa);
	return r->guarded && (r->guarded[n / 64] >> (n % 64) & 1);
}

uint64_t mem_mmio_pages(const struct mem_region *r)
{
	return r->size ? guard_bit(r, r->base + r->size - 1) + 1 : 0;
}

enum mem_err mem_mmio_guard(struct mem_space *s, const struct mem_req *who, uint64_t gpa)
{
	(void)who;
	if (gpa & (MEM_PAGE_SIZE - 1))
		return MEM_ERR_ALIGN;
	bool device = false, fresh = false;
	for (int i = 0; i < s->n_regions; i++) {
		const struct mem_region *r = &s->regions[i];
		if (r->base < gpa + MEM_PAGE_SIZE && r->base + r->size > gpa) {
			if (r->kind != MEM_MMIO)
				return MEM_ERR_NOT_MMIO;   /* RAM or ROM on the page */
			device = true;
		}
	}
	if (!device)
		return MEM_ERR_NOT_MMIO;
	for (int i = 0; i < s->n_regions; i++) {
		struct mem_region *r = &s->regions[i];
		if (r->base >= gpa + MEM_PAGE_SIZE || r->base + r->size <= gpa)
			continue;
		if (mem_mmio_is_guarded(r, gpa))
			continue;
		uint64_t pages = mem_mmio_pages(r);
		if (!r->guarded && !(r->guarded = calloc((pages + 63) / 64, sizeof(uint64_t)))) {
			s->refused = "out of memory for the MMIO guard";
			return MEM_ERR_REFUSED;
		}
		uint64_t n = guard_bit(r, gpa);
		r->guarded[n / 64] |= 1ull << (n % 64);
		fresh = true;
	}
	s->mmio_guarded += fresh;
	return MEM_OK;
}
