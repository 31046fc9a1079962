/*
 * Guest-physical memory: the VM's address spaces (memory with its RAM, ROM
 * and MMIO regions; the ISA's other spaces, x86 port I/O and LoongArch
 * IOCSR, with device regions only), the page attribute table with its named
 * transitions, and the only ways to touch guest memory: the guest's
 * (through a vCPU's translation) and the host's (devices, DMA, loaders).
 *
 * Every 4 KiB page of RAM is private to the guest (the host sees ciphertext
 * and may not write it) or shared with the host. On top of that, a page
 * carries the confidential-computing state that the SNP and TDX models
 * move: validated (SNP PVALIDATE), accepted (TDX), a VMSA, the permissions
 * VMPL0 granted VMPL1-3 (RMPADJUST), and those an L1 VMM granted its L2
 * partitions. A transition is a named function that checks its
 * preconditions, asks the gate (policy, fault injection) whether it may
 * happen, says who asked, and tells every listener (TLBs, the decode
 * cache, traces, stats) afterwards.
 *
 * Every access names its requester (struct mem_req): which vCPU at which
 * privilege level, VMPL or partition, through which view of memory, or the
 * host. Devices see it, so one device can model per-CPU state at one
 * address (the x86 local APIC); the guest accessor uses it to send an
 * access whose view or permissions do not match the page down the slow
 * path, where the SNP and TDX rules live.
 */
#ifndef HVSIM_MEM_H
#define HVSIM_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEM_PAGE_BITS 12
#define MEM_PAGE_SIZE (1ull << MEM_PAGE_BITS)

/* ------------------------------------------------------------ requesters */

enum mem_req_kind { MEM_BY_GUEST, MEM_BY_HOST };

/*
 * How a guest access sees memory. MEM_VIEW_OWN: plaintext whatever the
 * owner (arm64 and LoongArch guests, pKVM, a non-confidential x86 guest).
 * MEM_VIEW_PRIVATE / MEM_VIEW_SHARED: the access is private or shared by
 * its own encoding (the SNP C-bit, the TDX shared-GPA bit); a page owned
 * the other way takes the slow path (mem_guest_access).
 */
enum mem_view { MEM_VIEW_OWN, MEM_VIEW_PRIVATE, MEM_VIEW_SHARED };

/* Who makes an access or asks for a transition. */
struct mem_req {
	uint8_t kind;              /* enum mem_req_kind */
	uint8_t view;              /* guest: enum mem_view */
	uint8_t level;             /* guest: EL / PLV / CPL */
	uint8_t ctx;               /* guest: VMPL 0-3, or TD partition (0 = L1, 1-3 = L2); else 0 */
	int16_t vcpu;              /* guest: which vCPU; -1 for the host */
	const char *via;           /* the hypercall or device that asked (transitions, traces) */
};

/* The host's requester: devices, DMA, the loader. */
extern const struct mem_req mem_host;

/* --------------------------------------------------------------- regions */

enum mem_region_kind { MEM_RAM, MEM_ROM, MEM_MMIO };

/* What an address space holds. Only the memory space has RAM and ROM. */
enum mem_space_kind {
	MEM_SPACE_MEMORY,          /* guest-physical memory */
	MEM_SPACE_PORT_IO,         /* x86 IN/OUT ports */
	MEM_SPACE_IOCSR,           /* LoongArch IOCSR (IOCSRRD/IOCSRWR) */
};

struct mem_mmio_ops {
	/* size is 1, 2, 4 or 8; offsets are relative to the region base */
	uint64_t (*read)(void *opaque, const struct mem_req *who, uint64_t off, unsigned size);
	void (*write)(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		      uint64_t val);
};

struct mem_region {
	const char *name;
	enum mem_region_kind kind;
	uint64_t base, size;
	uint8_t *host;                  /* RAM/ROM backing */
	const struct mem_mmio_ops *ops; /* MMIO */
	void *opaque;
	/*
	 * RAM/ROM: one record per page, reached through mem_page_at (mem/
	 * itself: mem_region_page). The records are set up a chunk at a time
	 * on first use, so a large guest costs no memory for records of pages
	 * nobody looked at; `ready` has one bit per chunk, and a chunk not
	 * ready holds pages in `initial` ownership with nothing else set.
	 */
	struct mem_page *pages;
	uint64_t *ready;
	uint8_t initial;                /* enum mem_owner */
	/*
	 * MEM_PF_* every page starts with (SNP: RAM assigned and validated at
	 * VMPL0, as firmware leaves it before a direct boot); set by the board
	 * right after mem_add_ram, before any record is looked at.
	 */
	uint8_t initial_flags;
	/*
	 * SNP: what VMPL1-3 may do with every page at the start (an SVSM's
	 * firmware grants the guest's VMPL all of RAM before it runs);
	 * set like initial_flags.
	 */
	uint8_t initial_vmpl_perm[3];
	uint64_t *guarded;              /* MMIO: bitmap of the pages the guest guarded (mem_mmio_guard) */
	uint64_t first_page;            /* index of pages[0] in the global page numbering */
	/*
	 * RAM/ROM: one bit per page, set when the page is first touched (see
	 * mem_touched). A lazily backed mapping like `host`, so a large guest
	 * pays only for the bits of the areas it uses.
	 */
	uint64_t *touched;
};

/* ------------------------------------------------------------ page state */

/* Who owns a page: the host may read and write only shared pages. */
enum mem_owner {
	MEM_PRIVATE = 0,           /* the guest's (SNP: assigned in the RMP; TDX: mapped by SEPT) */
	MEM_SHARED,
	MEM_OWNER_COUNT
};

enum {
	MEM_PF_CODE = 1 << 0,      /* decoded code lives here: writes invalidate it */
	MEM_PF_VALIDATED = 1 << 1, /* SNP: RMP.Validated, set by PVALIDATE */
	MEM_PF_VMSA = 1 << 2,      /* SNP: RMP.VMSA, the page holds a VMSA (RMPADJUST) */
	MEM_PF_HUGE = 1 << 3,      /* SNP: RMP.Page_Size, assigned as part of a 2 MiB page (PSC) */
	MEM_PF_ACCEPTED = 1 << 4,  /* TDX: accepted by the guest (SEPT MAPPED, not PENDING) */
};

/*
 * Permission bits of a VMPL or an L2 partition for a page (SNP RMPADJUST's
 * TARGET_PERM_MASK: read, write, execute-user, execute-supervisor; TDX
 * TDG.MEM.PAGE.ATTR uses read, write, execute-supervisor, execute-user).
 */
enum { MEM_PERM_R = 1, MEM_PERM_W = 2, MEM_PERM_XU = 4, MEM_PERM_XS = 8, MEM_PERM_ALL = 15 };

/* What a guest request's `ctx` means in this space (set by the board). */
enum mem_ctx_kind {
	MEM_CTX_NONE,              /* one context: ctx is always 0 */
	MEM_CTX_VMPL,              /* SNP: ctx is the VMPL, checked against vmpl_perm */
	MEM_CTX_L2,                /* TDX partitioning: ctx is the partition, checked against l2_perm */
};

/*
 * One record per 4 KiB page. The RMP's ASID is the space's (one guest per
 * space), so it is not kept per page.
 */
struct mem_page {
	uint8_t owner;             /* enum mem_owner */
	uint8_t flags;             /* MEM_PF_* */
	uint8_t vmpl_perm[3];      /* SNP: what VMPL1-3 may do (VMPL0 may do everything) */
	uint8_t l2_perm[3];        /* TDX: what L2 partitions 1-3 may do (the L1 VMM everything) */
};

enum mem_err {
	MEM_OK = 0,
	MEM_ERR_NOT_RAM,           /* no RAM page at that address */
	MEM_ERR_ALIGN,             /* not page-aligned (or not 2 MiB-aligned for a huge page) */
	MEM_ERR_STATE,             /* the page is not in the state the transition needs */
	MEM_ERR_NO_CHANGE,         /* the page is already in the state asked for */
	MEM_ERR_SIZE,              /* a 2 MiB request on a page validated as 4 KiB, or back */
	MEM_ERR_PERM,              /* the requester's VMPL, partition or permissions forbid it */
	MEM_ERR_VIEW,              /* a private access to a shared page or a shared write to a private one */
	MEM_ERR_REFUSED,           /* the gate refused it (mem_space.refused says why) */
	MEM_ERR_NOT_MMIO,          /* no device's registers at that address */
	MEM_ERR_UNVALIDATED,       /* SNP: a private access to a private page not validated (#VC) */
};

/* A change of one page's state, before it happens (the gate) and after (listeners). */
struct mem_transition {
	const char *name;          /* "share", "unshare", "validate", ... */
	struct mem_req who;
	uint64_t gpa;
	enum mem_owner from, to;   /* ownership before and after */
	struct mem_page before, after; /* the whole record before and after */
};

typedef void (*mem_listener_fn)(void *opaque, const struct mem_transition *t);
/* May transition t happen? NULL: yes; otherwise the reason it may not. */
typedef const char *(*mem_gate_fn)(void *opaque, const struct mem_transition *t);

#define MEM_MAX_REGIONS 64
#define MEM_MAX_LISTENERS 8

/* How a host access went, as the host observer (traces) is told. */
enum mem_host_outcome {
	MEM_HOST_PLAIN,        /* done on shared pages */
	MEM_HOST_CIPHERTEXT,   /* a read that touched a private page: the host saw ciphertext */
	MEM_HOST_REFUSED,      /* a write to a private page, refused: a host-access violation */
	MEM_HOST_NOWHERE,      /* some byte is not host-accessible memory */
};

struct mem_space {
	enum mem_space_kind kind;
	enum mem_ctx_kind ctx_kind;
	struct mem_region regions[MEM_MAX_REGIONS];
	int n_regions;
	int last_found;            /* mem_find's last answer, tried first (any index is safe) */
	uint64_t n_pages;          /* RAM+ROM pages in the global page numbering */
	struct {
		mem_listener_fn fn;
		void *opaque;
	} listeners[MEM_MAX_LISTENERS];
	int n_listeners;
	mem_gate_fn gate;          /* asked before every transition; NULL: none */
	void *gate_opaque;
	const char *refused;       /* the gate's reason for the last MEM_ERR_REFUSED */
	/* Told of every loader's write (mem_load), for the launch measurement; NULL: nobody. */
	void (*loaded)(void *opaque, uint64_t gpa, size_t len);
	void *loaded_opaque;
	/* Told when the host writes a page that holds decoded code. */
	void (*code_written)(void *opaque, uint64_t pa);
	void *code_opaque;
	uint64_t cipher_key;       /* keys the host's view of private pages */
	uint64_t host_violations;  /* host writes refused on private pages */
	uint64_t view_violations;  /* guest accesses refused for their view (MEM_ERR_VIEW) */
	uint64_t n_transitions;
	/* Told of every host read and write (mem_host_read/write) after it, and how it went. */
	void (*host_observer)(void *opaque, uint64_t gpa, size_t len, bool is_write,
			      enum mem_host_outcome how);
	void *host_opaque;
	/* Told of every guest device access after it is done (traces); NULL: nobody. */
	void (*mmio_observer)(void *opaque, const struct mem_req *who, const struct mem_region *r,
			      uint64_t pa, unsigned size, bool is_write, uint64_t val);
	void *mmio_opaque;
	/*
	 * Told when a device gives up (virtio's DEVICE_NEEDS_RESET) with why, and
	 * again with why NULL when the driver resets it; NULL: nobody.
	 */
	void (*device_broken)(void *opaque, const char *device, uint64_t base, const char *why);
	void *device_broken_opaque;
	/*
	 * pKVM's MMIO guard (a protected VM): a guest's device access reaches
	 * the device only on a page the guest guarded with MMIO_GUARD;
	 * anything else is counted, not forwarded, and reported to
	 * `unguarded` (the machine stops the VM, as pKVM's host does).
	 */
	bool mmio_guard;
	uint64_t mmio_guarded;     /* pages guarded */
	uint64_t unguarded_mmio;   /* guest device accesses refused for want of a guard */
	void (*unguarded)(void *opaque, const struct mem_req *who, uint64_t pa, unsigned size,
			  bool is_write);
	void *unguarded_opaque;
};

void mem_space_init(struct mem_space *s, enum mem_space_kind kind, uint64_t cipher_key);
void mem_space_free(struct mem_space *s);

/*
 * Add RAM: allocated lazily (an anonymous mapping), so untouched guest RAM
 * costs nothing. Every page starts in `initial` ownership. Only in the
 * memory space.
 */
struct mem_region *mem_add_ram(struct mem_space *s, const char *name, uint64_t base,
			       uint64_t size, enum mem_owner initial);
struct mem_region *mem_add_rom(struct mem_space *s, const char *name, uint64_t base,
			       uint64_t size);
/* A device's registers, in any space. */
struct mem_region *mem_add_mmio(struct mem_space *s, const char *name, uint64_t base,
				uint64_t size, const struct mem_mmio_ops *ops, void *opaque);

/* Listeners are told of every transition. False when the table is full (a bug to report). */
bool mem_add_listener(struct mem_space *s, mem_listener_fn fn, void *opaque)
	__attribute__((warn_unused_result));
/* The gate (one per space: the machine chains policy and fault injection behind it). */
void mem_set_gate(struct mem_space *s, mem_gate_fn fn, void *opaque);

/* The region containing pa, or NULL. Slow path only (TLB misses, devices). */
struct mem_region *mem_find(struct mem_space *s, uint64_t pa);

/*
 * A copy of the record of page i of RAM/ROM region r, for readers that walk
 * a region (page maps): a page nobody looked at is read as it would be set
 * up, without setting it up.
 */
struct mem_page mem_region_peek(const struct mem_region *r, uint64_t i);

/*
 * Which of pages [i, i+n) of RAM/ROM region r were touched: touched[k] is 1
 * or 0 for page i+k. A page is touched from the first time its bytes could
 * be read or written by anyone, and stays touched:
 * - mem_guest_ptr handed out a pointer to it (the soft TLB's fills for
 *   loads, stores and fetches, the decoder, page-table walks, debugger
 *   accesses);
 * - mem_guest_access read or wrote it (ciphertext reads included; a
 *   refused access or an ignored write to ROM touches nothing);
 * - mem_host_read, mem_host_write or mem_load moved bytes of it (devices,
 *   DMA, the loader, the hypervisor's own accesses);
 * - code outside mem/ that reaches r->host itself said so with mem_touch
 *   (snapshot restore, pre-faulting).
 * It is mem/'s own record, not the host's: guest RAM sits on transparent
 * huge pages, where one touched page backs its whole 2 MiB. Asking
 * touches nothing.
 */
void mem_touched(const struct mem_region *r, uint64_t i, uint64_t n, uint8_t *touched);
/* Pages [i, i+n) of RAM/ROM region r were reached through r->host: mark them touched. */
void mem_touch(struct mem_region *r, uint64_t i, uint64_t n);

/*
 * RAM/ROM region r's page records as byte ranges, for a snapshot to save or
 * restore: which chunks are set up, then each chunk that is. Restoring reads
 * the first range before the walk looks at it, so both walks see the same
 * ranges and records nobody looked at stay unallocated.
 */
void mem_region_records_io(struct mem_region *r, void (*io)(void *ctx, void *p, size_t len),
			   void *ctx);

/* Page record of RAM/ROM page pa, or NULL (MMIO, unmapped). */
struct mem_page *mem_page_at(struct mem_space *s, uint64_t pa, uint64_t *index);

/* ---- the guest's accessors ---- */
/*
 * The host pointer backing RAM/ROM page pa for `who`'s fast path (the soft
 * TLB, instruction fetch), or NULL: MMIO, a hole, or a page that `who` must
 * reach through mem_guest_access (its view differs from the page's owner,
 * or its VMPL or partition may not read the page, or an SNP private access
 * finds the page not validated). *writable says whether
 * `who` may write it directly (RAM, and write permission for its VMPL or
 * partition).
 */
uint8_t *mem_guest_ptr(struct mem_space *s, const struct mem_req *who, uint64_t pa,
		       bool *writable);
/*
 * The slow path for RAM: len bytes within one page, as `who` sees them. A
 * shared view of a private page reads ciphertext and may not write it; a
 * private view of a shared page may do neither (MEM_ERR_VIEW, counted); a
 * VMPL or partition without the permission gets MEM_ERR_PERM; in a VMPL
 * space, a private view of a private page not validated gets
 * MEM_ERR_UNVALIDATED. The ISA turns an error into its fault (SNP
 * #NPF/#VC, TDX #VE/EPT violation).
 */
enum mem_err mem_guest_access(struct mem_space *s, const struct mem_req *who, uint64_t pa,
			      void *buf, size_t len, bool is_write);
/*
 * A guest's device access in this space (MMIO, a port, an IOCSR), and
 * accesses to holes. Returns false if there is no device there: the ISA
 * raises its external abort (or reads all ones, as the ISA says). With
 * mmio_guard set, a guest's access to a page it did not guard is counted
 * and reported, not forwarded (reads give 0), and returns true.
 */
bool mem_guest_io(struct mem_space *s, const struct mem_req *who, uint64_t pa, unsigned size,
		  bool is_write, uint64_t *val);

/* ---- page-attribute transitions (each checks its preconditions, then asks the gate) ---- */
/* pKVM MEM_SHARE, SNP/TDX "make shared": private -> shared (the page's CoCo state is dropped). */
enum mem_err mem_page_share(struct mem_space *s, const struct mem_req *who, uint64_t gpa);
/* pKVM MEM_UNSHARE, SNP/TDX "make private": shared -> private, not validated or accepted. */
enum mem_err mem_page_unshare(struct mem_space *s, const struct mem_req *who, uint64_t gpa);
/*
 * SNP page state change (the hypervisor's RMPUPDATE on the guest's PSC
 * request): the 4 KiB page at gpa, or with `huge` the 2 MiB page there
 * (gpa 2 MiB-aligned, one RAM region), becomes private (assigned, not
 * validated, no VMPL1-3 permission) or shared; the RMP page size becomes
 * 2 MiB or 4 KiB. Named "psc_private" / "psc_shared", one transition per
 * page that changes; the gate is asked once. MEM_ERR_NO_CHANGE when every
 * page already is in that state at that size.
 */
enum mem_err mem_page_psc(struct mem_space *s, const struct mem_req *who, uint64_t gpa,
			  bool to_private, bool huge);
/*
 * SNP PVALIDATE: set (validate) or clear RMP.Validated of a private page,
 * as VMPL0 only; `huge` for a 2 MiB page (gpa 2 MiB-aligned: every page of
 * it changes). The request's size must be the RMP entry's (MEM_PF_HUGE:
 * MEM_ERR_SIZE otherwise, PVALIDATE's FAIL_SIZEMISMATCH).
 * MEM_ERR_NO_CHANGE when it already is (PVALIDATE's CF=1).
 */
enum mem_err mem_page_validate(struct mem_space *s, const struct mem_req *who, uint64_t gpa,
			       bool validate, bool huge);
/*
 * SNP RMPADJUST: set what VMPL `vmpl` (1-3) may do with a validated private
 * page, and (VMPL0 only: ignored from others) whether it holds a VMSA. The
 * requester's VMPL must be more privileged than `vmpl` and may grant only
 * what it has itself.
 */
enum mem_err mem_page_set_vmpl_perm(struct mem_space *s, const struct mem_req *who, uint64_t gpa,
				    unsigned vmpl, unsigned perm, bool vmsa);
/* TDX TDG.MEM.PAGE.ACCEPT: a private, pending page becomes accepted (L1 only). */
enum mem_err mem_page_accept(struct mem_space *s, const struct mem_req *who, uint64_t gpa);
/* TDX TDG.MEM.PAGE.ATTR.WR: what L2 partition `part` (1-3) may do with a private page (L1 only). */
enum mem_err mem_page_set_l2_perm(struct mem_space *s, const struct mem_req *who, uint64_t gpa,
				  unsigned part, unsigned perm);
/*
 * pKVM MMIO_GUARD: let the guest's accesses to the page at gpa through to
 * every device with registers on it (mem_space.mmio_guard). MEM_ERR_ALIGN,
 * or MEM_ERR_NOT_MMIO if no device has registers on the page or RAM is
 * there; guarding a guarded page again succeeds.
 */
enum mem_err mem_mmio_guard(struct mem_space *s, const struct mem_req *who, uint64_t gpa);
/* Has the guest guarded the device page holding pa? */
bool mem_mmio_is_guarded(const struct mem_region *r, uint64_t pa);
/*
 * How many pages device region r has registers on, from the page holding
 * its base (a region need not be page-aligned, so it may touch one more
 * page than its size): page i is at (r->base & ~(MEM_PAGE_SIZE-1)) + i pages.
 */
uint64_t mem_mmio_pages(const struct mem_region *r);
/*
 * What `who` may do with page p of space s (MEM_PERM_*): everything at VMPL0 / L1 and for the host,
 * and at any VMPL on a shared page (VMPL permissions are an assigned page's).
 */
unsigned mem_page_perm(const struct mem_space *s, const struct mem_page *p, const struct mem_req *who);
/* Mark / clear "decoded code lives here" (the decode cache's business, not a transition). */
void mem_page_set_code(struct mem_space *s, uint64_t pa, bool on);
/* Clear "decoded code lives here" on every page (the decode cache dropped all its blocks). */
void mem_forget_code(struct mem_space *s);

const char *mem_owner_name(enum mem_owner o);
const char *mem_err_name(enum mem_err e);

/* ---- the host's accessor: devices, DMA, loaders, debuggers ---- */

/*
 * Read len bytes at gpa as the host sees them: shared pages as they are,
 * private pages as deterministic keyed pseudo-ciphertext. Returns false if
 * some byte is not RAM/ROM.
 */
bool mem_host_read(struct mem_space *s, uint64_t gpa, void *buf, size_t len);
/*
 * Write as the host: refused (false, counted as a violation) if any page is
 * private. Writes to pages holding code invalidate it through the listener.
 */
bool mem_host_write(struct mem_space *s, uint64_t gpa, const void *buf, size_t len);
/*
 * Loader's write: the platform placing an image before the guest runs (the
 * firmware/bootloader's role, before any secret exists). Bypasses ownership.
 */
bool mem_load(struct mem_space *s, uint64_t gpa, const void *buf, size_t len);

/* Page counts by owner, for stats. */
void mem_count_owners(struct mem_space *s, uint64_t counts[MEM_OWNER_COUNT]);

#endif
