/*
 * A confidential VM's launch, as KVM's confidential VM types have it
 * (Documentation/virt/kvm/api.rst: KVM_SET_MEMORY_ATTRIBUTES,
 * KVM_PRE_FAULT_MEMORY and its note on finalized guests): the host sets
 * which memory is private and places the initial content, the launch is
 * finalized and measured, and from then on only the guest changes its
 * pages' state (by hypercall: pKVM MEM_SHARE/UNSHARE, later SNP's page
 * state changes and TDX's MapGPA). One life cycle for every ISA: what is
 * measured is whatever the loaders placed through mem_load, so the boards
 * need nothing of their own.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "machine/machine.h"

/* mem_space.loaded: remember a loader's write until the launch is finalized. */
static void loaded(void *opaque, uint64_t gpa, size_t len)
{
	struct vm_launch *l = &((struct hvsim_vm *)opaque)->launch;

	if (l->finalized || !len)
		return;
	/* Loaders write an image in pieces, in order: extend the last range when they touch. */
	if (l->n_loaded && l->loaded[l->n_loaded - 1].gpa + l->loaded[l->n_loaded - 1].len == gpa) {
		l->loaded[l->n_loaded - 1].len += len;
		return;
	}
	if (l->n_loaded == l->cap_loaded) {
		size_t cap = l->cap_loaded ? 2 * l->cap_loaded : 16;
		void *p = realloc(l->loaded, cap * sizeof(*l->loaded));
		if (!p)
			abort();
		l->loaded = p;
		l->cap_loaded = cap;
	}
	l->loaded[l->n_loaded].gpa = gpa;
	l->loaded[l->n_loaded++].len = len;
}

void machine_launch_init(struct hvsim_vm *vm)
{
	vm->mem.loaded = loaded;
	vm->mem.loaded_opaque = vm;
}

void machine_launch_free(struct hvsim_vm *vm)
{
	free(vm->launch.loaded);
	vm->launch.loaded = NULL;
	vm->launch.n_loaded = vm->launch.cap_loaded = 0;
}

/* pKVM's protected VM and an SEV-SNP guest (--coco): both start with their RAM private (vm.c). */
bool hvsim_vm_is_confidential(const struct hvsim_vm *vm)
{
	return vm->cfg.protected_vm || vm->cfg.coco;
}

/* [gpa, gpa + size): page-aligned, non-empty, and guest RAM throughout? Else a message. */
static int check_ram_range(struct hvsim_vm *vm, const char *what, uint64_t gpa, uint64_t size,
			   char *err, size_t errlen)
{
	if (!size || (gpa | size) & (MEM_PAGE_SIZE - 1) || gpa + size < gpa) {
		snprintf(err, errlen, "%s: range %#" PRIx64 "+%#" PRIx64 " is not a non-empty run of "
			 "whole 4 KiB pages", what, gpa, size);
		return HVSIM_BAD_INPUT;
	}
	for (uint64_t at = gpa; at < gpa + size;) {
		struct mem_region *r = mem_find(&vm->mem, at);
		if (!r || r->kind != MEM_RAM) {
			snprintf(err, errlen, "%s: %#" PRIx64 " is not guest RAM", what, at);
			return HVSIM_BAD_INPUT;
		}
		at = r->base + r->size;
	}
	return 0;
}

/* The host's requester for a launch-time transition, named for traces. */
static struct mem_req launch_req(const char *via)
{
	struct mem_req who = mem_host;
	who.via = via;
	return who;
}

/* Page gpa to `to`, through the named transitions (listeners and the gate see it). */
static int set_owner(struct hvsim_vm *vm, const struct mem_req *who, uint64_t gpa,
		     enum mem_owner to, const char *what, char *err, size_t errlen)
{
	struct mem_page *p = mem_page_at(&vm->mem, gpa, NULL);
	if (p->owner == to)
		return 0;
	enum mem_err e = to == MEM_SHARED ? mem_page_share(&vm->mem, who, gpa)
					  : mem_page_unshare(&vm->mem, who, gpa);
	if (e == MEM_OK)
		return 0;
	snprintf(err, errlen, "%s: page %#" PRIx64 " cannot become %s: %s", what, gpa,
		 mem_owner_name(to), e == MEM_ERR_REFUSED && vm->mem.refused ? vm->mem.refused
									   : mem_err_name(e));
	return HVSIM_BAD_INPUT;
}

int hvsim_vm_set_memory_attributes(struct hvsim_vm *vm, uint64_t gpa, uint64_t size,
				   uint64_t attributes, char *err, size_t errlen)
{
	static const char what[] = "set_memory_attributes";
	if (attributes & ~HVSIM_MEMORY_ATTRIBUTE_PRIVATE) {
		snprintf(err, errlen, "%s: unknown attribute bits %#" PRIx64 " (only PRIVATE, %#" PRIx64 ")",
			 what, (uint64_t)(attributes & ~HVSIM_MEMORY_ATTRIBUTE_PRIVATE),
			 (uint64_t)HVSIM_MEMORY_ATTRIBUTE_PRIVATE);
		return HVSIM_BAD_INPUT;
	}
	if (vm->launch.finalized && hvsim_vm_is_confidential(vm)) {
		snprintf(err, errlen, "%s: the VM is finalized: its pages' state is its guest's to "
			 "change now", what);
		return HVSIM_BAD_INPUT;
	}
	int rc = check_ram_range(vm, what, gpa, size, err, errlen);
	struct mem_req who = launch_req(what);
	enum mem_owner to = attributes ? MEM_PRIVATE : MEM_SHARED;
	for (uint64_t at = gpa; !rc && at < gpa + size; at += MEM_PAGE_SIZE)
		rc = set_owner(vm, &who, at, to, what, err, errlen);
	return rc;
}

int hvsim_vm_load_private(struct hvsim_vm *vm, uint64_t gpa, const void *data, size_t len,
			  char *err, size_t errlen)
{
	static const char what[] = "load_private";
	if (vm->launch.finalized) {
		snprintf(err, errlen, "%s: the VM is finalized: its initial content is measured", what);
		return HVSIM_BAD_INPUT;
	}
	uint64_t first = gpa & ~(MEM_PAGE_SIZE - 1);
	uint64_t end = (gpa + len + MEM_PAGE_SIZE - 1) & ~(MEM_PAGE_SIZE - 1);
	if (!len || gpa + len < gpa) {
		snprintf(err, errlen, "%s: empty or wrapping range at %#" PRIx64, what, gpa);
		return HVSIM_BAD_INPUT;
	}
	int rc = check_ram_range(vm, what, first, end - first, err, errlen);
	struct mem_req who = launch_req(what);
	for (uint64_t at = first; !rc && at < end; at += MEM_PAGE_SIZE)
		rc = set_owner(vm, &who, at, MEM_PRIVATE, what, err, errlen);
	if (!rc && !mem_load(&vm->mem, gpa, data, len)) {
		snprintf(err, errlen, "%s: cannot load %zu bytes at %#" PRIx64, what, len, gpa);
		rc = HVSIM_BAD_INPUT;
	}
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The loaded pages that are private now, in GPA order, once each. malloc'ed. */
static uint64_t *measured_pages(struct hvsim_vm *vm, size_t *n)
{
	const struct vm_launch *l = &vm->launch;
	size_t total = 0;
	for (size_t i = 0; i < l->n_loaded; i++)
		total += ((l->loaded[i].gpa + l->loaded[i].len + MEM_PAGE_SIZE - 1) >> MEM_PAGE_BITS) -
			 (l->loaded[i].gpa >> MEM_PAGE_BITS);
	uint64_t *pages = malloc((total ? total : 1) * sizeof(*pages));
	if (!pages)
		abort();
	size_t k = 0;
	for (size_t i = 0; i < l->n_loaded; i++)
		for (uint64_t pg = l->loaded[i].gpa >> MEM_PAGE_BITS;
		     pg << MEM_PAGE_BITS < l->loaded[i].gpa + l->loaded[i].len; pg++)
			pages[k++] = pg << MEM_PAGE_BITS;
	qsort(pages, k, sizeof(*pages), cmp_u64);
	size_t m = 0;
	for (size_t i = 0; i < k; i++) {
		const struct mem_page *p = mem_page_at(&vm->mem, pages[i], NULL);
		if ((!m || pages[m - 1] != pages[i]) && p && p->owner == MEM_PRIVATE)
			pages[m++] = pages[i];
	}
	*n = m;
	return pages;
}

static void put_le64(uint8_t *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> 8 * i);
}

int hvsim_vm_finalize(struct hvsim_vm *vm, uint8_t measurement[HVSIM_MEASUREMENT_BYTES],
		      char *err, size_t errlen)
{
	struct vm_launch *l = &vm->launch;
	if (l->finalized) {
		snprintf(err, errlen, "finalize: the VM is finalized already");
		return HVSIM_BAD_INPUT;
	}
	size_t n;
	uint64_t *pages = measured_pages(vm, &n);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, EVP_sha384(), NULL))
		abort();
	/* The guest's plaintext, as the guest itself would read it. */
	struct mem_req who = { .kind = MEM_BY_GUEST, .view = MEM_VIEW_OWN, .vcpu = -1,
			       .via = "launch measurement" };
	for (size_t i = 0; i < n; i++) {
		uint8_t head[16], page[MEM_PAGE_SIZE];
		put_le64(head, pages[i]);
		put_le64(head + 8, HVSIM_MEMORY_ATTRIBUTE_PRIVATE);
		if (mem_guest_access(&vm->mem, &who, pages[i], page, sizeof(page), false) != MEM_OK)
			abort();   /* a private RAM page the guest's own view cannot read: a mem/ bug */
		EVP_DigestUpdate(md, head, sizeof(head));
		EVP_DigestUpdate(md, page, sizeof(page));
	}
	unsigned len = 0;
	EVP_DigestFinal_ex(md, l->measurement, &len);
	EVP_MD_CTX_free(md);
	free(pages);
	l->measured_pages = n;
	l->finalized = true;
	machine_launch_free(vm);   /* the ranges are measured: nothing reads them again */
	if (measurement)
		memcpy(measurement, l->measurement, sizeof(l->measurement));
	return 0;
}

int hvsim_vm_pre_fault_memory(struct hvsim_vm *vm, uint64_t gpa, uint64_t size, char *err,
			      size_t errlen)
{
	static const char what[] = "pre_fault_memory";
	if (hvsim_vm_is_confidential(vm) && !vm->launch.finalized) {
		snprintf(err, errlen, "%s: a confidential VM's memory can be pre-faulted only once it is "
			 "finalized (its initial private content is not measured yet)", what);
		return HVSIM_BAD_INPUT;
	}
	int rc = check_ram_range(vm, what, gpa, size, err, errlen);
	if (rc)
		return rc;
	/*
	 * Back each page with host memory and set up its record; the byte is
	 * written back unchanged, so nothing the guest can see moves.
	 */
	for (uint64_t at = gpa; at < gpa + size; at += MEM_PAGE_SIZE) {
		struct mem_region *r = mem_find(&vm->mem, at);
		volatile uint8_t *b = r->host + (at - r->base);
		*b = *b;
		mem_touch(r, (at - r->base) >> MEM_PAGE_BITS, 1);
		mem_page_at(&vm->mem, at, NULL);
	}
	return 0;
}
