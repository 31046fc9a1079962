/*
 * Fuzz SEV-SNP's reverse map table in mem/ (mem_page_psc,
 * mem_page_validate, mem_page_set_vmpl_perm, the share/unshare pair) and
 * the guest's and the host's accesses that it governs, against a
 * reference model of the RMP written here from the rules (AMD APM vol. 2
 * 15.36 "SEV-SNP", vol. 3 "PVALIDATE", "RMPADJUST"; GHCB spec "Page State
 * Change"), independently of mem/pageattr.c:
 *   - a page is validated, a VMSA or has VMPL1-3 permissions only while
 *     it is assigned (private); a PSC that changes a page's owner rewrites
 *     its RMP entry (not validated, no permissions, the request's size);
 *     one that keeps the owner changes only the size;
 *   - PVALIDATE: VMPL0 only, private pages only, the request's size must
 *     be the entry's, "no change" when already so;
 *   - RMPADJUST: only for a less privileged VMPL 1-3, never more than the
 *     requester has, only on a validated private page; the VMSA bit is
 *     VMPL0's to set or clear (ignored from other VMPLs);
 *   - VMPL permissions apply to assigned pages only: a shared page belongs
 *     to the hypervisor and every VMPL reaches it (an SVSM guest at VMPL2
 *     uses shared GHCBs and bounce buffers);
 *   - a private access needs a validated page, a shared access to a
 *     private page reads ciphertext and may not write, a private access
 *     to a shared page is refused; the host writes only shared pages.
 * Every transition the listener sees must be one the model predicted,
 * with its record before and after; the gate (asked once per request) may
 * refuse, and then nothing changes. The RAM lies between guard pages, and
 * requests reach past both its ends.
 *
 * Input: one byte (bit 0: RAM starts shared, bit 1: it starts validated),
 * then operations, each an opcode byte: bits 0-2 the operation, 3-4 the
 * requester's VMPL, 5-7 its flags; a u16 page number (from 16 pages below
 * RAM) follows:
 *   0 PSC           bit 5 to private, 6 2 MiB, 7 misaligned
 *   1 PVALIDATE     bit 5 validate, 6 2 MiB, 7 misaligned
 *   2 RMPADJUST     byte target VMPL, byte permissions; bit 5 VMSA
 *   3 guest access  u16 offset, byte length; bit 5 write, 6-7 the view
 *                   (own, private, shared, private); through mem_guest_ptr too
 *   4 host access   u16 offset, u16 length; bit 5 write
 *   5 share/unshare bit 5 share
 *   6 gate          byte: refuse the n-th request from now (0: never)
 *   7 code          bit 5: mark the page as holding decoded code, else clear
 */
#include <string.h>

#include "tests/fuzz/fuzz.h"

#define BASE 0x200000ull
#define PAGES 1040                 /* two 2 MiB pages and 16 more */
#define RAM_BYTES ((uint64_t)PAGES * MEM_PAGE_SIZE)
#define BELOW 16                   /* page numbers start this far below RAM */
#define HUGE 512
#define MAX_OPS 512
#define MAX_HOST 9000              /* a host access may span three pages */

enum { OP_PSC, OP_PVALIDATE, OP_RMPADJUST, OP_GUEST, OP_HOST, OP_SHARE, OP_GATE, OP_CODE };
enum { B5 = 1 << 5, B6 = 1 << 6, B7 = 1 << 7 };

/* The reference model: one RMP entry per page, and the plaintext. */
struct ref_page {
	bool priv, validated, vmsa, huge, code;
	uint8_t perm[3];
};

static struct {
	struct mem_space mem;
	struct mem_region *ram;
	struct ref_page ref[PAGES];
	uint8_t plain[RAM_BYTES];
	/* the gate: requests asked so far, and the one to refuse (0: none) */
	uint64_t asked, refuse_at;
	/* the listener: transitions seen during this operation, and what they should be */
	unsigned seen;
	unsigned expected;
	const char *expected_name;
	uint64_t view_violations, host_violations;
} w;

static bool in_ram(uint64_t gpa)
{
	return gpa >= BASE && gpa < BASE + RAM_BYTES;
}

static struct ref_page *ref_at(uint64_t gpa)
{
	return &w.ref[(gpa - BASE) >> MEM_PAGE_BITS];
}

static const char *gate(void *opaque, const struct mem_transition *t)
{
	(void)opaque, (void)t;
	return ++w.asked == w.refuse_at ? "refused by the fuzzer" : NULL;
}

/* The model's view of whether the gate refuses the request it is about to make. */
static bool gate_refuses(void)
{
	return w.asked + 1 == w.refuse_at;
}

static uint8_t ref_flags(const struct ref_page *r)
{
	return (uint8_t)((r->validated ? MEM_PF_VALIDATED : 0) | (r->vmsa ? MEM_PF_VMSA : 0) |
			 (r->huge ? MEM_PF_HUGE : 0) | (r->code ? MEM_PF_CODE : 0));
}

/* Does mem/'s record p say what the model's r says? */
static bool same(const struct mem_page *p, const struct ref_page *r)
{
	return p->owner == (r->priv ? MEM_PRIVATE : MEM_SHARED) && p->flags == ref_flags(r) &&
	       !memcmp(p->vmpl_perm, r->perm, 3);
}

static void listener(void *opaque, const struct mem_transition *t)
{
	(void)opaque;
	w.seen++;
	FUZZ_CHECK(w.expected_name && !strcmp(t->name, w.expected_name));
	FUZZ_CHECK(in_ram(t->gpa) && !(t->gpa & (MEM_PAGE_SIZE - 1)));
	FUZZ_CHECK(t->from == t->before.owner && t->to == t->after.owner);
	/* The record is applied when the listener hears of it. */
	const struct mem_page *now = mem_page_at(&w.mem, t->gpa, NULL);
	FUZZ_CHECK(now && !memcmp(now, &t->after, sizeof(*now)));
}

/* What VMPL `vmpl` may do with a page: VMPL0 and shared pages everything. */
static unsigned ref_perm(const struct ref_page *r, unsigned vmpl)
{
	return vmpl == 0 || !r->priv ? MEM_PERM_ALL : r->perm[vmpl - 1];
}

/* A request's pages as request_pages checks them: first page, alignment, extent. */
static enum mem_err ref_request(uint64_t gpa, bool huge)
{
	if (gpa & (MEM_PAGE_SIZE - 1))
		return MEM_ERR_ALIGN;
	if (!in_ram(gpa))
		return MEM_ERR_NOT_RAM;
	if (huge && (gpa & (HUGE * MEM_PAGE_SIZE - 1)))
		return MEM_ERR_ALIGN;
	if (gpa - BASE + (huge ? HUGE : 1) * MEM_PAGE_SIZE > RAM_BYTES)
		return MEM_ERR_NOT_RAM;
	return MEM_OK;
}

static enum mem_err ref_psc(uint64_t gpa, bool to_private, bool huge)
{
	enum mem_err e = ref_request(gpa, huge);
	if (e)
		return e;
	struct ref_page *r = ref_at(gpa);
	unsigned n = huge ? HUGE : 1, changes = 0;
	for (unsigned i = 0; i < n; i++)
		changes += r[i].priv != to_private || r[i].huge != huge;
	if (!changes)
		return MEM_ERR_NO_CHANGE;
	if (gate_refuses())
		return MEM_ERR_REFUSED;
	for (unsigned i = 0; i < n; i++) {
		if (r[i].priv != to_private)
			r[i] = (struct ref_page){ .priv = to_private, .code = r[i].code };
		r[i].huge = huge;
	}
	w.expected = changes;
	w.expected_name = to_private ? "psc_private" : "psc_shared";
	return MEM_OK;
}

static enum mem_err ref_pvalidate(uint64_t gpa, unsigned vmpl, bool validate, bool huge)
{
	enum mem_err e = ref_request(gpa, huge);
	if (e)
		return e;
	if (vmpl)
		return MEM_ERR_PERM;
	struct ref_page *r = ref_at(gpa);
	unsigned n = huge ? HUGE : 1, changes = 0;
	for (unsigned i = 0; i < n; i++)
		if (!r[i].priv)
			return MEM_ERR_STATE;
	for (unsigned i = 0; i < n; i++)
		if (r[i].huge != huge)
			return MEM_ERR_SIZE;
	for (unsigned i = 0; i < n; i++)
		changes += r[i].validated != validate;
	if (!changes)
		return MEM_ERR_NO_CHANGE;
	if (gate_refuses())
		return MEM_ERR_REFUSED;
	for (unsigned i = 0; i < n; i++)
		r[i].validated = validate;
	w.expected = changes;
	w.expected_name = validate ? "validate" : "invalidate";
	return MEM_OK;
}

static enum mem_err ref_rmpadjust(uint64_t gpa, unsigned vmpl, unsigned target, unsigned perm,
				  bool vmsa)
{
	if (gpa & (MEM_PAGE_SIZE - 1))
		return MEM_ERR_ALIGN;
	if (!in_ram(gpa))
		return MEM_ERR_NOT_RAM;
	struct ref_page *r = ref_at(gpa);
	if (target < 1 || target > 3 || vmpl >= target || (perm & ~ref_perm(r, vmpl)))
		return MEM_ERR_PERM;
	if (!r->priv || !r->validated)
		return MEM_ERR_STATE;
	if (gate_refuses())
		return MEM_ERR_REFUSED;
	r->perm[target - 1] = (uint8_t)perm;
	if (vmpl == 0)
		r->vmsa = vmsa;
	w.expected = 1;
	w.expected_name = "rmpadjust";
	return MEM_OK;
}

static enum mem_err ref_share(uint64_t gpa, bool share)
{
	if (gpa & (MEM_PAGE_SIZE - 1))
		return MEM_ERR_ALIGN;
	if (!in_ram(gpa))
		return MEM_ERR_NOT_RAM;
	struct ref_page *r = ref_at(gpa);
	if (r->priv != share)
		return MEM_ERR_STATE;
	if (gate_refuses())
		return MEM_ERR_REFUSED;
	*r = (struct ref_page){ .priv = !share, .code = r->code };
	w.expected = 1;
	w.expected_name = share ? "share" : "unshare";
	return MEM_OK;
}

/* A transition: mem/'s answer must be the model's, with the transitions it predicted. */
static void check_transition(enum mem_err got, enum mem_err want)
{
	FUZZ_CHECK(got == want);
	FUZZ_CHECK(w.seen == (want == MEM_OK ? w.expected : 0));
}

static uint64_t pattern;

/* A guest access of len bytes at gpa by `who`, both ways into RAM. */
static void guest_access(uint64_t gpa, unsigned len, const struct mem_req *who, bool write)
{
	uint8_t buf[256], fill[256];
	for (unsigned i = 0; i < len; i++)
		fill[i] = (uint8_t)(++pattern * 0x9d);
	memcpy(buf, fill, len);
	enum mem_err want = MEM_OK;
	const struct ref_page *r = in_ram(gpa) ? ref_at(gpa) : NULL;
	bool matches = r && (who->view == MEM_VIEW_OWN || (who->view == MEM_VIEW_PRIVATE) == r->priv);
	if (!r || len > MEM_PAGE_SIZE - (gpa & (MEM_PAGE_SIZE - 1))) {
		want = MEM_ERR_NOT_RAM;
	} else {
		if (!(ref_perm(r, who->ctx) & (write ? MEM_PERM_W : MEM_PERM_R)))
			want = MEM_ERR_PERM;
		else if (who->view == MEM_VIEW_PRIVATE && r->priv && !r->validated)
			want = MEM_ERR_UNVALIDATED;
		else if (!matches && (who->view == MEM_VIEW_PRIVATE || write))
			want = MEM_ERR_VIEW;
	}
	uint64_t views = w.mem.view_violations;
	enum mem_err got = mem_guest_access(&w.mem, who, gpa, buf, len, write);
	FUZZ_CHECK(got == want);
	FUZZ_CHECK(w.mem.view_violations == views + (want == MEM_ERR_VIEW));
	if (got == MEM_OK && matches) {
		uint8_t *plain = w.plain + (gpa - BASE);
		if (write)
			memcpy(plain, fill, len);
		else
			FUZZ_CHECK(!memcmp(buf, plain, len));
	}

	/* The fast path: a pointer exactly when the slow path would read plaintext. */
	bool writable = false;
	uint8_t *p = mem_guest_ptr(&w.mem, who, gpa, &writable);
	bool direct = r && matches && (ref_perm(r, who->ctx) & MEM_PERM_R) &&
		      !(who->view == MEM_VIEW_PRIVATE && r->priv && !r->validated);
	FUZZ_CHECK((p != NULL) == direct);
	if (p) {
		FUZZ_CHECK(p == w.ram->host + (gpa - BASE));
		FUZZ_CHECK(writable == (bool)(ref_perm(r, who->ctx) & MEM_PERM_W));
		FUZZ_CHECK(*p == w.plain[gpa - BASE]);
	}
}

/* A host access: plaintext of shared pages, ciphertext of private ones, writes only to shared. */
static void host_access(uint64_t gpa, size_t len, bool write)
{
	static uint8_t buf[MAX_HOST];
	bool nowhere = false, refused = false;
	for (uint64_t a = gpa & ~(MEM_PAGE_SIZE - 1); a < gpa + len && !nowhere && !refused;
	     a += MEM_PAGE_SIZE) {
		if (!in_ram(a))
			nowhere = true;
		else if (write && ref_at(a)->priv)
			refused = true;
	}
	if (!write) {
		FUZZ_CHECK(mem_host_read(&w.mem, gpa, buf, len) == !nowhere);
		for (size_t i = 0; !nowhere && i < len; i++)
			if (!ref_at(gpa + i)->priv)
				FUZZ_CHECK(buf[i] == w.plain[gpa + i - BASE]);
		return;
	}
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(++pattern * 0x3b);
	w.host_violations += refused;
	FUZZ_CHECK(mem_host_write(&w.mem, gpa, buf, len) == (!nowhere && !refused));
	FUZZ_CHECK(w.mem.host_violations == w.host_violations);
	if (!nowhere && !refused)
		memcpy(w.plain + (gpa - BASE), buf, len);
}

/* Every record against the model (records nobody looked at through mem_region_peek), and the invariants. */
static void check_all(void)
{
	for (unsigned i = 0; i < PAGES; i++) {
		struct mem_page p = mem_region_peek(w.ram, i);
		FUZZ_CHECK(same(&p, &w.ref[i]));
		if (p.owner != MEM_PRIVATE)
			FUZZ_CHECK(!(p.flags & (MEM_PF_VALIDATED | MEM_PF_VMSA)) &&
				   !p.vmpl_perm[0] && !p.vmpl_perm[1] && !p.vmpl_perm[2]);
	}
}

static uint64_t page_gpa(unsigned n)
{
	return BASE + ((uint64_t)n % (PAGES + 2 * BELOW) - BELOW) * MEM_PAGE_SIZE;
}

/* PSC's and PVALIDATE's address: a 2 MiB request rounds down to 2 MiB unless misaligned. */
static uint64_t request_gpa(struct fuzz_in *in, unsigned op)
{
	uint64_t gpa = page_gpa(fuzz_u16(in));
	if ((op & B6) && !(op & B7))
		gpa = BASE + ((gpa - BASE) & ~(HUGE * MEM_PAGE_SIZE - 1));
	else if (op & B7 && !(op & B6))
		gpa += 0x10;
	return gpa;
}

static void setup(unsigned start)
{
	memset(&w, 0, sizeof(w));
	mem_space_init(&w.mem, MEM_SPACE_MEMORY, 0x5eed);
	w.mem.ctx_kind = MEM_CTX_VMPL;
	w.ram = mem_add_ram(&w.mem, "ram", BASE, RAM_BYTES, start & 1 ? MEM_SHARED : MEM_PRIVATE);
	FUZZ_CHECK(w.ram != NULL);
	bool validated = !(start & 1) && (start & 2);
	w.ram->initial_flags = validated ? MEM_PF_VALIDATED : 0;
	fuzz_guard_ram(&w.mem);
	w.ram = mem_find(&w.mem, BASE);
	FUZZ_CHECK(mem_add_listener(&w.mem, listener, NULL));
	mem_set_gate(&w.mem, gate, NULL);
	for (unsigned i = 0; i < PAGES; i++)
		w.ref[i] = (struct ref_page){ .priv = !(start & 1), .validated = validated };
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	setup(fuzz_u8(&in));
	for (int k = 0; k < MAX_OPS && in.n; k++) {
		unsigned op = fuzz_u8(&in), vmpl = (op >> 3) & 3;
		struct mem_req who = { .kind = MEM_BY_GUEST, .view = MEM_VIEW_PRIVATE,
				       .ctx = (uint8_t)vmpl, .vcpu = 0, .via = "fuzz" };
		w.seen = 0;
		w.expected = 0;
		w.expected_name = NULL;
		switch (op & 7) {
		case OP_PSC: {
			uint64_t gpa = request_gpa(&in, op);
			enum mem_err want = ref_psc(gpa, op & B5, op & B6);
			check_transition(mem_page_psc(&w.mem, &who, gpa, op & B5, op & B6), want);
			break;
		}
		case OP_PVALIDATE: {
			uint64_t gpa = request_gpa(&in, op);
			enum mem_err want = ref_pvalidate(gpa, vmpl, op & B5, op & B6);
			check_transition(mem_page_validate(&w.mem, &who, gpa, op & B5, op & B6), want);
			break;
		}
		case OP_RMPADJUST: {
			uint64_t gpa = page_gpa(fuzz_u16(&in));
			unsigned target = fuzz_u8(&in), perm = fuzz_u8(&in);
			enum mem_err want = ref_rmpadjust(gpa, vmpl, target, perm, op & B5);
			check_transition(mem_page_set_vmpl_perm(&w.mem, &who, gpa, target, perm, op & B5),
					 want);
			break;
		}
		case OP_GUEST: {
			static const uint8_t views[4] = { MEM_VIEW_OWN, MEM_VIEW_PRIVATE, MEM_VIEW_SHARED,
							  MEM_VIEW_PRIVATE };
			uint64_t gpa = page_gpa(fuzz_u16(&in)) + (fuzz_u16(&in) & (MEM_PAGE_SIZE - 1));
			unsigned len = 1 + fuzz_u8(&in) % 255;
			who.view = views[op >> 6];
			guest_access(gpa, len, &who, op & B5);
			break;
		}
		case OP_HOST: {
			uint64_t gpa = page_gpa(fuzz_u16(&in)) + (fuzz_u16(&in) & (MEM_PAGE_SIZE - 1));
			host_access(gpa, 1 + fuzz_u16(&in) % MAX_HOST, op & B5);
			break;
		}
		case OP_SHARE: {
			uint64_t gpa = page_gpa(fuzz_u16(&in));
			enum mem_err want = ref_share(gpa, op & B5);
			check_transition(op & B5 ? mem_page_share(&w.mem, &who, gpa)
						 : mem_page_unshare(&w.mem, &who, gpa),
					 want);
			break;
		}
		case OP_GATE: {
			unsigned n = fuzz_u8(&in);
			w.refuse_at = n ? w.asked + n : 0;
			break;
		}
		case OP_CODE: {
			uint64_t gpa = page_gpa(fuzz_u16(&in));
			mem_page_set_code(&w.mem, gpa, op & B5);
			if (in_ram(gpa))
				ref_at(gpa)->code = op & B5;
			break;
		}
		}
		check_all();
	}
	fuzz_unguard_ram(&w.mem);
	mem_space_free(&w.mem);
	return 0;
}

/* ---- seeds ---- */

static void put_op(struct fuzz_buf *b, unsigned op, unsigned vmpl, unsigned flags, unsigned page)
{
	fuzz_put(b, 1, op | vmpl << 3 | flags);
	fuzz_put(b, 2, page + BELOW);
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	struct fuzz_buf b = { .n = 0 };

	/* Linux's early boot at VMPL0: share a page, take it back, validate it, hand a page to VMPL1. */
	fuzz_put(&b, 1, 2);
	put_op(&b, OP_PVALIDATE, 0, B5, 3);            /* already validated: no change */
	put_op(&b, OP_PSC, 0, 0, 3);                   /* to shared */
	put_op(&b, OP_HOST, 0, B5, 3);
	fuzz_put(&b, 2, 0x10), fuzz_put(&b, 2, 64);
	put_op(&b, OP_GUEST, 0, 2u << 6, 3);           /* shared read */
	fuzz_put(&b, 2, 0x10), fuzz_put(&b, 1, 64);
	put_op(&b, OP_PSC, 0, B5, 3);                  /* back to private */
	put_op(&b, OP_GUEST, 0, 1u << 6, 3);           /* unvalidated: #VC */
	fuzz_put(&b, 2, 0), fuzz_put(&b, 1, 8);
	put_op(&b, OP_PVALIDATE, 0, B5, 3);
	put_op(&b, OP_RMPADJUST, 0, B5, 3);
	fuzz_put(&b, 1, 1), fuzz_put(&b, 1, MEM_PERM_R | MEM_PERM_W);
	put_op(&b, OP_GUEST, 1, B5 | 1u << 6, 3);      /* VMPL1 writes it */
	fuzz_put(&b, 2, 0x20), fuzz_put(&b, 1, 16);
	put_op(&b, OP_RMPADJUST, 1, 0, 3);             /* VMPL1 passes VMPL2 more than it has */
	fuzz_put(&b, 1, 2), fuzz_put(&b, 1, MEM_PERM_ALL);
	put_op(&b, OP_HOST, 0, B5, 3);                 /* host write to a private page: a violation */
	fuzz_put(&b, 2, 0), fuzz_put(&b, 2, 8);
	emit("boot-vmpl0", b.b, b.n);

	/* 2 MiB: assign at 2 MiB, validate, split one page off, mismatch, give it back, refused by the gate. */
	b.n = 0;
	fuzz_put(&b, 1, 1);                            /* RAM starts shared */
	put_op(&b, OP_PSC, 0, B5 | B6, 0);
	put_op(&b, OP_PVALIDATE, 0, B5 | B6, 0);
	put_op(&b, OP_PSC, 0, 0, 7);                   /* one 4 KiB page to shared */
	put_op(&b, OP_PVALIDATE, 0, B6, 0);            /* a shared page inside: wrong state */
	put_op(&b, OP_PSC, 0, B5, 7);
	put_op(&b, OP_PVALIDATE, 0, B6, 0);            /* 4 KiB inside a 2 MiB request: size mismatch */
	put_op(&b, OP_PVALIDATE, 2, B5, 7);            /* not VMPL0 */
	put_op(&b, OP_PSC, 0, B6, HUGE);               /* the 2 MiB page after: to shared */
	put_op(&b, OP_PSC, 0, B5 | B6, 2 * HUGE);      /* past the end of RAM */
	put_op(&b, OP_PSC, 0, B5 | B6 | B7, 1);        /* misaligned */
	put_op(&b, OP_GATE, 0, 0, 0);
	fuzz_put(&b, 1, 1);
	put_op(&b, OP_PSC, 0, B6, 0);                  /* refused: nothing changes */
	put_op(&b, OP_SHARE, 0, B5, 9);
	put_op(&b, OP_CODE, 0, B5, 10);
	put_op(&b, OP_SHARE, 0, B5, 10);               /* the code mark survives */
	put_op(&b, OP_HOST, 0, 0, 0);                  /* a read across RAM's start */
	fuzz_put(&b, 2, 0), fuzz_put(&b, 2, 8000);
	emit("huge-pages", b.b, b.n);

	/* VMPL2 and VMPL3 around shared pages and pages they were given nothing on. */
	b.n = 0;
	fuzz_put(&b, 1, 2);
	put_op(&b, OP_PSC, 0, 0, 40);
	put_op(&b, OP_GUEST, 2, B5 | 2u << 6, 40);     /* VMPL2 writes a shared page (a GHCB) */
	fuzz_put(&b, 2, 0), fuzz_put(&b, 1, 32);
	put_op(&b, OP_GUEST, 3, 2u << 6, 40);
	fuzz_put(&b, 2, 0), fuzz_put(&b, 1, 32);
	put_op(&b, OP_GUEST, 2, 1u << 6, 41);          /* no permission on a private page */
	fuzz_put(&b, 2, 0), fuzz_put(&b, 1, 4);
	put_op(&b, OP_RMPADJUST, 2, 0, 40);            /* on a shared page: wrong state */
	fuzz_put(&b, 1, 3), fuzz_put(&b, 1, MEM_PERM_R);
	emit("vmpl-shared", b.b, b.n);
}
