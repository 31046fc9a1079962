/*
 * The page attribute table's transitions. Each is a named function that
 * checks its preconditions, records who asked, and tells every listener, so
 * TLBs, the decode cache, traces and stats see every change in one place.
 */
#include "mem/mem.h"

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
	case MEM_ERR_ALIGN: return "not page-aligned";
	case MEM_ERR_STATE: return "wrong page state";
	}
	return "?";
}

static void notify(struct mem_space *s, const struct mem_transition *t)
{
	s->n_transitions++;
	for (int i = 0; i < s->n_listeners; i++)
		s->listeners[i].fn(s->listeners[i].opaque, t);
}

/* Move one RAM page from `from` to `to`, or say why not. */
static enum mem_err change_owner(struct mem_space *s, const struct mem_actor *who,
				 uint64_t gpa, const char *name, enum mem_owner from,
				 enum mem_owner to)
{
	if (gpa & (MEM_PAGE_SIZE - 1))
		return MEM_ERR_ALIGN;
	struct mem_region *r = mem_find(s, gpa);
	if (!r || r->kind != MEM_RAM)
		return MEM_ERR_NOT_RAM;
	struct mem_page *p = &r->pages[(gpa - r->base) >> MEM_PAGE_BITS];
	if (p->owner != from)
		return MEM_ERR_STATE;
	p->owner = to;
	struct mem_transition t = { name, *who, gpa, from, to };
	notify(s, &t);
	return MEM_OK;
}

/* pKVM MEM_SHARE, SNP/TDX "make shared": private -> shared. */
enum mem_err mem_page_share(struct mem_space *s, const struct mem_actor *who, uint64_t gpa)
{
	return change_owner(s, who, gpa, "share", MEM_PRIVATE, MEM_SHARED);
}

/* pKVM MEM_UNSHARE, "make private": shared -> private. */
enum mem_err mem_page_unshare(struct mem_space *s, const struct mem_actor *who, uint64_t gpa)
{
	return change_owner(s, who, gpa, "unshare", MEM_SHARED, MEM_PRIVATE);
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
		for (uint64_t k = 0; k < r->size >> MEM_PAGE_BITS; k++)
			counts[r->pages[k].owner]++;
	}
}
