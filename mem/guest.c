/*
 * The guest's accessors: the fast-path pointer the soft TLB and the
 * decoder use, the slow path where an access's view or VMPL/partition
 * permissions do not match the page, and device accesses in any space.
 */
#include <string.h>

#include "mem/internal.h"

/* A guest request at VMPL0 / L1 with its own view never needs the page's CoCo state. */
static bool plain(const struct mem_req *who)
{
	return who->view == MEM_VIEW_OWN && who->ctx == 0;
}

/*
 * SNP: a private access (C-bit set) to a private page needs RMP.Validated
 * (APM vol. 2, "Page Validation"); other views and spaces do not ask.
 */
static bool unvalidated(const struct mem_space *s, const struct mem_req *who,
			const struct mem_page *p)
{
	return s->ctx_kind == MEM_CTX_VMPL && who->view == MEM_VIEW_PRIVATE &&
	       p->owner == MEM_PRIVATE && !(p->flags & MEM_PF_VALIDATED);
}

/* Does `who`'s view match the owner of page p? */
static bool view_matches(const struct mem_req *who, const struct mem_page *p)
{
	return who->view == MEM_VIEW_OWN ||
	       (who->view == MEM_VIEW_PRIVATE) == (p->owner == MEM_PRIVATE);
}

uint8_t *mem_guest_ptr(struct mem_space *s, const struct mem_req *who, uint64_t pa,
		       bool *writable)
{
	struct mem_region *r = mem_find(s, pa);
	if (!r || !r->host)
		return NULL;
	*writable = r->kind == MEM_RAM;
	if (!plain(who)) {
		const struct mem_page *p = mem_region_page(r, (pa - r->base) >> MEM_PAGE_BITS);
		unsigned perm = mem_page_perm(s, p, who);
		if (!view_matches(who, p) || !(perm & MEM_PERM_R) || unvalidated(s, who, p))
			return NULL;
		if (!(perm & MEM_PERM_W))
			*writable = false;
	}
	mem_touch_page(r, (pa - r->base) >> MEM_PAGE_BITS);
	return r->host + (pa - r->base);
}

enum mem_err mem_guest_access(struct mem_space *s, const struct mem_req *who, uint64_t pa,
			      void *buf, size_t len, bool is_write)
{
	struct mem_region *r = mem_find(s, pa);
	if (!r || !r->host || len > MEM_PAGE_SIZE - (pa & (MEM_PAGE_SIZE - 1)))
		return MEM_ERR_NOT_RAM;
	const struct mem_page *p = mem_region_page(r, (pa - r->base) >> MEM_PAGE_BITS);
	if (!(mem_page_perm(s, p, who) & (is_write ? MEM_PERM_W : MEM_PERM_R)))
		return MEM_ERR_PERM;
	uint8_t *host = r->host + (pa - r->base);
	if (unvalidated(s, who, p))
		return MEM_ERR_UNVALIDATED;
	if (view_matches(who, p)) {
		if (!is_write || r->kind == MEM_RAM)
			mem_touch_page(r, (pa - r->base) >> MEM_PAGE_BITS);
		if (!is_write)
			memcpy(buf, host, len);
		else if (r->kind == MEM_RAM)
			memcpy(host, buf, len);
		return MEM_OK;
	}
	/*
	 * A shared access to a private page reads what the memory holds, the
	 * ciphertext, as the host does; writing through it is refused (SNP: an
	 * RMP check fails). A private access to a shared page finds no private
	 * mapping at all (SNP: the page is not assigned; TDX: no SEPT entry).
	 */
	if (who->view == MEM_VIEW_SHARED && !is_write) {
		mem_touch_page(r, (pa - r->base) >> MEM_PAGE_BITS);
		mem_cipher_read(s, r, pa, buf, len);
		return MEM_OK;
	}
	s->view_violations++;
	return MEM_ERR_VIEW;
}

bool mem_guest_io(struct mem_space *s, const struct mem_req *who, uint64_t pa, unsigned size,
		  bool is_write, uint64_t *val)
{
	struct mem_region *r = mem_find(s, pa);
	if (!r || r->kind != MEM_MMIO || pa + size - r->base > r->size)
		return false;
	/*
	 * A protected guest's access to a device page it did not guard: pKVM
	 * hands the host the abort without its syndrome (hyp/nvhe/
	 * hyp-main.c handle_pvm_exit_dabt clears ESR.ISV), so the access is
	 * never emulated and the host's KVM cannot complete it (io_mem_abort:
	 * -ENOSYS, KVM_RUN fails and the VMM stops the VM). The device never
	 * sees it; a read returns nothing the device said.
	 */
	if (s->mmio_guard && who->kind == MEM_BY_GUEST &&
	    (!mem_mmio_is_guarded(r, pa) || !mem_mmio_is_guarded(r, pa + size - 1))) {
		s->unguarded_mmio++;
		if (s->unguarded)
			s->unguarded(s->unguarded_opaque, who, pa, size, is_write);
		if (!is_write)
			*val = 0;
		return true;
	}
	if (is_write) {
		if (r->ops->write)
			r->ops->write(r->opaque, who, pa - r->base, size, *val);
	} else {
		*val = r->ops->read ? r->ops->read(r->opaque, who, pa - r->base, size) : 0;
	}
	if (s->mmio_observer)
		s->mmio_observer(s->mmio_opaque, who, r, pa, size, is_write, *val);
	return true;
}
