/*
 * Guest-physical memory: the address space (RAM, ROM, MMIO regions), the
 * page attribute table with its named transitions, and the only two ways to
 * touch guest memory: the guest's (through a vCPU's translation) and the
 * host's (devices, DMA, loaders).
 *
 * Every 4 KiB page of RAM is private to the guest (the host sees ciphertext
 * and may not write it) or shared with the host. A transition is a named
 * function that checks its preconditions, says who asked, and tells every
 * listener (TLBs, the decode cache, traces, stats).
 */
#ifndef HVSIM_MEM_H
#define HVSIM_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEM_PAGE_BITS 12
#define MEM_PAGE_SIZE (1ull << MEM_PAGE_BITS)

enum mem_region_kind { MEM_RAM, MEM_ROM, MEM_MMIO };

struct mem_mmio_ops {
	/* size is 1, 2, 4 or 8; offsets are relative to the region base */
	uint64_t (*read)(void *opaque, uint64_t off, unsigned size);
	void (*write)(void *opaque, uint64_t off, unsigned size, uint64_t val);
};

struct mem_region {
	const char *name;
	enum mem_region_kind kind;
	uint64_t base, size;
	uint8_t *host;                  /* RAM/ROM backing */
	const struct mem_mmio_ops *ops; /* MMIO */
	void *opaque;
	struct mem_page *pages;         /* RAM/ROM: one record per page */
	uint64_t first_page;            /* index of pages[0] in the global page numbering */
};

/* Who owns a page: the host may read and write only shared pages. */
enum mem_owner {
	MEM_PRIVATE = 0,
	MEM_SHARED,
	MEM_OWNER_COUNT
};

/* Page flags. Room is left for the SNP RMP and TDX SEPT states. */
enum {
	MEM_PF_CODE = 1 << 0,      /* decoded code lives here: writes invalidate it */
};

struct mem_page {
	uint8_t owner;             /* enum mem_owner */
	uint8_t flags;
	uint8_t vmpl_perm[4];      /* SNP per-VMPL permissions (later) */
	uint16_t spare;
};

/* Who asked for a transition. */
enum mem_actor_kind { MEM_BY_GUEST, MEM_BY_HOST };
struct mem_actor {
	enum mem_actor_kind kind;
	int vcpu;                  /* guest: which vCPU */
	int level;                 /* guest: EL / PLV / VMPL / L1-L2 level */
	const char *via;           /* the hypercall or device that asked */
};

enum mem_err {
	MEM_OK = 0,
	MEM_ERR_NOT_RAM,           /* no RAM page at that address */
	MEM_ERR_ALIGN,             /* not page-aligned */
	MEM_ERR_STATE,             /* the page is not in the state the transition needs */
};

struct mem_transition {
	const char *name;          /* "share", "unshare", ... */
	struct mem_actor actor;
	uint64_t gpa;
	enum mem_owner from, to;
};

typedef void (*mem_listener_fn)(void *opaque, const struct mem_transition *t);

#define MEM_MAX_REGIONS 32
#define MEM_MAX_LISTENERS 8

struct mem_space {
	struct mem_region regions[MEM_MAX_REGIONS];
	int n_regions;
	uint64_t n_pages;          /* RAM+ROM pages in the global page numbering */
	struct {
		mem_listener_fn fn;
		void *opaque;
	} listeners[MEM_MAX_LISTENERS];
	int n_listeners;
	/* Told when the host writes a page that holds decoded code. */
	void (*code_written)(void *opaque, uint64_t pa);
	void *code_opaque;
	uint64_t cipher_key;       /* keys the host's view of private pages */
	uint64_t host_violations;  /* host writes refused on private pages */
	uint64_t n_transitions;
	/* Told of every guest MMIO access after it is done (traces); NULL: nobody. */
	void (*mmio_observer)(void *opaque, const struct mem_region *r, uint64_t pa,
			      unsigned size, bool is_write, uint64_t val);
	void *mmio_opaque;
};

void mem_space_init(struct mem_space *s, uint64_t cipher_key);
void mem_space_free(struct mem_space *s);

/*
 * Add RAM: allocated lazily (an anonymous mapping), so untouched guest RAM
 * costs nothing. Every page starts in `initial` ownership.
 */
struct mem_region *mem_add_ram(struct mem_space *s, const char *name, uint64_t base,
			       uint64_t size, enum mem_owner initial);
struct mem_region *mem_add_rom(struct mem_space *s, const char *name, uint64_t base,
			       uint64_t size);
struct mem_region *mem_add_mmio(struct mem_space *s, const char *name, uint64_t base,
				uint64_t size, const struct mem_mmio_ops *ops, void *opaque);

void mem_add_listener(struct mem_space *s, mem_listener_fn fn, void *opaque);

/* The region containing pa, or NULL. Slow path only (TLB misses, devices). */
struct mem_region *mem_find(struct mem_space *s, uint64_t pa);

/* Page record of RAM/ROM page pa, or NULL (MMIO, unmapped). */
struct mem_page *mem_page_at(struct mem_space *s, uint64_t pa, uint64_t *index);

/*
 * The guest's accessor: the host pointer backing RAM/ROM page pa for the
 * soft TLB (NULL for MMIO or a hole), and whether the guest may write it.
 */
uint8_t *mem_guest_ptr(struct mem_space *s, uint64_t pa, bool *writable);
/*
 * The guest's MMIO access (and accesses to holes). Returns false if there is
 * no device there: the ISA raises its external abort.
 */
bool mem_guest_mmio(struct mem_space *s, uint64_t pa, unsigned size, bool is_write,
		    uint64_t *val);

/* ---- page-attribute transitions (each checks its preconditions) ---- */
enum mem_err mem_page_share(struct mem_space *s, const struct mem_actor *who, uint64_t gpa);
enum mem_err mem_page_unshare(struct mem_space *s, const struct mem_actor *who, uint64_t gpa);
/* Mark / clear "decoded code lives here" (the decode cache's business). */
void mem_page_set_code(struct mem_space *s, uint64_t pa, bool on);

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
