/*
 * The memory model: the address spaces (RAM, ROM, MMIO; ports), the page
 * attribute transitions (ownership, and SNP's and TDX's page state) with
 * their preconditions, gate and listeners, the guest's views and
 * requesters, and the host's accessor (plaintext of shared pages, keyed
 * pseudo-ciphertext of private ones, refused writes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "mem/mem.h"
#include "tests/unit/test_req.h"

#define PG MEM_PAGE_SIZE
#define RAM 0x40000000ull
#define RAM_PAGES 8ull
#define ROM 0x00000000ull
#define ROM_SIZE (4 * PG)
#define MMIO 0x09000000ull
#define MMIO_SIZE 0x1000ull
#define KEY 0x5eed5eedcafef00dull

static const struct mem_req guest = { .kind = MEM_BY_GUEST, .vcpu = 1, .level = 1, .via = "test-hvc" };
static const struct mem_req host = { .kind = MEM_BY_HOST, .vcpu = -1, .via = "test-device" };

/* ------------------------------------------------------------ fixtures */

#define MAX_SEEN 16

/* What a listener was told. */
struct seen {
	int n;
	struct mem_transition t[MAX_SEEN];
};

static void record_transition(void *opaque, const struct mem_transition *t)
{
	struct seen *s = opaque;
	assert_true(s->n < MAX_SEEN);
	s->t[s->n++] = *t;
}

/* What the code_written hook was told. */
struct code_log {
	int n;
	uint64_t pa[MAX_SEEN];
};

static void record_code_written(void *opaque, uint64_t pa)
{
	struct code_log *l = opaque;
	assert_true(l->n < MAX_SEEN);
	l->pa[l->n++] = pa;
}

struct fixture {
	struct mem_space mem;
	struct seen seen, seen2;
	struct code_log code;
	int counted;                    /* transitions told to count_transition */
	struct mem_transition last;     /* and the last of them */
};

static void count_transition(void *opaque, const struct mem_transition *t)
{
	struct fixture *f = opaque;
	f->counted++;
	f->last = *t;
}

/* RAM (RAM_PAGES pages, all private), a ROM and nothing else. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, KEY);
	assert_non_null(mem_add_ram(&f->mem, "ram", RAM, RAM_PAGES * PG, MEM_PRIVATE));
	assert_non_null(mem_add_rom(&f->mem, "rom", ROM, ROM_SIZE));
	assert_true(mem_add_listener(&f->mem, record_transition, &f->seen));
	f->mem.code_written = record_code_written;
	f->mem.code_opaque = &f->code;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	mem_space_free(&f->mem);
	free(f);
	return 0;
}

static void share(struct fixture *f, uint64_t gpa)
{
	assert_int_equal(mem_page_share(&f->mem, &guest, gpa), MEM_OK);
}

/* The guest's own store, as a vCPU's TLB would do it. */
static void guest_fill(struct fixture *f, uint64_t gpa, uint8_t byte, size_t len)
{
	bool writable = false;
	uint8_t *p = mem_guest_ptr(&f->mem, &test_cpu0, gpa, &writable);
	assert_non_null(p);
	assert_true(writable);
	memset(p, byte, len);
}

static const uint8_t *guest_view(struct fixture *f, uint64_t gpa)
{
	bool writable;
	const uint8_t *p = mem_guest_ptr(&f->mem, &test_cpu0, gpa, &writable);
	assert_non_null(p);
	return p;
}

/* Fill a buffer with a recognisable, position-dependent pattern. */
static void pattern(uint8_t *buf, size_t len, uint8_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed + i * 7);
}

/* ------------------------------------------------------- address space */

/* Resident pages of [p, p + bytes), as the kernel reports them. */
static size_t resident_pages(void *p, size_t bytes)
{
	size_t sys = (size_t)sysconf(_SC_PAGESIZE), n = (bytes + sys - 1) / sys, r = 0;
	unsigned char *vec = malloc(n);
	assert_non_null(vec);
	assert_int_equal(mincore(p, bytes, vec), 0);
	for (size_t i = 0; i < n; i++)
		r += vec[i] & 1;
	free(vec);
	return r;
}

static void test_ram_is_lazy(void **state)
{
	(void)state;
	struct mem_space s;
	uint64_t size = 1ull << 30;
	mem_space_init(&s, MEM_SPACE_MEMORY, KEY);
	struct mem_region *r = mem_add_ram(&s, "big", RAM, size, MEM_SHARED);
	assert_non_null(r);
	assert_int_equal(r->kind, MEM_RAM);
	assert_int_equal(r->base, RAM);
	assert_int_equal(r->size, size);
	assert_non_null(r->host);
	assert_int_equal(s.n_pages, size / PG);

	/* A gigabyte of guest RAM costs nothing until it is touched. */
	assert_int_equal(resident_pages(r->host, size), 0);
	uint8_t b = 0xa5;
	assert_true(mem_load(&s, RAM + size / 2, &b, 1));
	size_t res = resident_pages(r->host, size);
	assert_true(res >= 1 && res <= 512);
	/* Untouched RAM reads as zero. */
	bool w;
	assert_int_equal(mem_guest_ptr(&s, &test_cpu0, RAM + 12345, &w)[0], 0);
	assert_int_equal(mem_guest_ptr(&s, &test_cpu0, RAM + size / 2, &w)[0], 0xa5);

	uint64_t counts[MEM_OWNER_COUNT];
	mem_count_owners(&s, counts);
	assert_int_equal(counts[MEM_SHARED], size / PG);
	assert_int_equal(counts[MEM_PRIVATE], 0);
	mem_space_free(&s);
	assert_int_equal(s.n_regions, 0);
}

/*
 * Page records cost nothing until a page is looked at, however large the
 * guest (issue 14: -m 255G took 534 MB before the first instruction), and
 * a page nobody looked at behaves as one in the region's initial state.
 */
static void test_page_records_are_lazy(void **state)
{
	(void)state;
	struct mem_space s;
	/* 64 GiB and 3 pages: the last chunk of records is a partial one. */
	uint64_t size = (1ull << 36) + 3 * PG, n = size / PG, big = 0x1000000000ull;
	mem_space_init(&s, MEM_SPACE_MEMORY, KEY);
	assert_non_null(mem_add_ram(&s, "big", big, size, MEM_SHARED));
	assert_non_null(mem_add_ram(&s, "private", RAM, 1ull << 30, MEM_PRIVATE));
	/* (Adding a region may move the others: find them afterwards.) */
	struct mem_region *r = mem_find(&s, big), *p = mem_find(&s, RAM);
	size_t records = n * sizeof(struct mem_page);
	assert_int_equal(resident_pages(r->pages, records), 0);
	assert_int_equal(resident_pages(p->pages, (1ull << 30) / PG * sizeof(struct mem_page)), 0);

	/* Counting owners looks at no record: untouched pages are in their initial state. */
	uint64_t counts[MEM_OWNER_COUNT];
	mem_count_owners(&s, counts);
	assert_int_equal(counts[MEM_SHARED], n);
	assert_int_equal(counts[MEM_PRIVATE], (1ull << 30) / PG);
	assert_int_equal(resident_pages(r->pages, records), 0);

	/* An untouched record reads as the initial owner and nothing else. */
	const struct mem_page *pg = mem_page_at(&s, big + size - PG, NULL);
	assert_non_null(pg);
	assert_int_equal(pg->owner, MEM_SHARED);
	assert_int_equal(pg->flags, 0);
	assert_memory_equal(pg->vmpl_perm, "\0\0\0", 3);
	assert_int_equal(mem_page_at(&s, RAM + 0x123000, NULL)->owner, MEM_PRIVATE);

	/* The host's accessors and the transitions see the same, across a chunk boundary. */
	uint64_t edge = big + 512 * PG - 8;
	uint8_t out[16], in[16] = "0123456789abcde";
	assert_true(mem_host_write(&s, edge, in, sizeof(in)));
	assert_true(mem_host_read(&s, edge, out, sizeof(out)));
	assert_memory_equal(out, in, sizeof(in));
	assert_false(mem_host_write(&s, RAM + 0x40000, in, sizeof(in)));
	assert_int_equal(mem_page_unshare(&s, &guest, big + 77 * PG), MEM_OK);
	assert_int_equal(mem_page_unshare(&s, &guest, big + 77 * PG), MEM_ERR_STATE);
	assert_int_equal(mem_page_share(&s, &guest, RAM + 1000 * PG), MEM_OK);
	bool w;
	assert_null(mem_guest_ptr(&s, &(struct mem_req){ .kind = MEM_BY_GUEST, .view = MEM_VIEW_PRIVATE },
				  big + 78 * PG, &w));
	/* One page of each region changed hands, so the totals stay. */
	mem_count_owners(&s, counts);
	assert_int_equal(counts[MEM_SHARED], n);
	assert_int_equal(counts[MEM_PRIVATE], (1ull << 30) / PG);
	assert_int_equal(mem_page_at(&s, big + 77 * PG, NULL)->owner, MEM_PRIVATE);
	assert_int_equal(mem_page_at(&s, RAM + 1000 * PG, NULL)->owner, MEM_SHARED);

	/* Code marks, and forgetting them all, touch only the records looked at. */
	mem_page_set_code(&s, big + size - 2 * PG, true);
	assert_true(mem_page_at(&s, big + size - 2 * PG, NULL)->flags & MEM_PF_CODE);
	mem_forget_code(&s);
	assert_false(mem_page_at(&s, big + size - 2 * PG, NULL)->flags & MEM_PF_CODE);
	assert_true(resident_pages(r->pages, records) <= 4);
	mem_space_free(&s);
}

static void test_rom(void **state)
{
	struct fixture *f = *state;
	struct mem_region *r = mem_find(&f->mem, ROM + 5);
	assert_non_null(r);
	assert_int_equal(r->kind, MEM_ROM);
	assert_string_equal(r->name, "rom");

	/* The guest reads ROM but may not write it. */
	bool writable = true;
	assert_non_null(mem_guest_ptr(&f->mem, &test_cpu0, ROM + PG, &writable));
	assert_false(writable);

	/* ROM holds no secrets: shared with the host. */
	for (uint64_t a = ROM; a < ROM + ROM_SIZE; a += PG) {
		struct mem_page *p = mem_page_at(&f->mem, a, NULL);
		assert_non_null(p);
		assert_int_equal(p->owner, MEM_SHARED);
	}

	/* The loader places the image; the host reads it as it is. */
	uint8_t img[100], back[100];
	pattern(img, sizeof(img), 3);
	assert_true(mem_load(&f->mem, ROM + PG - 50, img, sizeof(img)));
	assert_memory_equal(guest_view(f, ROM + PG - 50), img, sizeof(img));
	assert_true(mem_host_read(&f->mem, ROM + PG - 50, back, sizeof(back)));
	assert_memory_equal(back, img, sizeof(img));

	/* But a device or DMA engine may not write ROM. */
	uint8_t z[4] = { 0 };
	assert_false(mem_host_write(&f->mem, ROM, z, sizeof(z)));
	assert_int_equal(guest_view(f, ROM + PG - 50)[0], img[0]);

	/* ROM pages take no part in the ownership counts (RAM only). */
	uint64_t counts[MEM_OWNER_COUNT];
	mem_count_owners(&f->mem, counts);
	assert_int_equal(counts[MEM_PRIVATE], RAM_PAGES);
	assert_int_equal(counts[MEM_SHARED], 0);
}

struct mmio_dev {
	uint64_t last_off, last_val;
	unsigned last_size;
	int reads, writes;
};

static uint64_t dev_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct mmio_dev *d = opaque;
	d->reads++;
	d->last_off = off;
	d->last_size = size;
	return 0x1000 + off;
}

static void dev_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		      uint64_t val)
{
	struct mmio_dev *d = opaque;
	d->writes++;
	d->last_off = off;
	d->last_size = size;
	d->last_val = val;
}

static const struct mem_mmio_ops dev_ops = { .read = dev_read, .write = dev_write };
static const struct mem_mmio_ops write_only_ops = { .write = dev_write };

static void test_mmio(void **state)
{
	struct fixture *f = *state;
	struct mmio_dev d = { 0 };
	struct mem_region *r = mem_add_mmio(&f->mem, "dev", MMIO, MMIO_SIZE, &dev_ops, &d);
	assert_non_null(r);
	assert_int_equal(r->kind, MEM_MMIO);
	assert_ptr_equal(r->opaque, &d);

	/* Offsets are relative to the region base; the size is passed on. */
	uint64_t val = 0;
	assert_true(mem_guest_io(&f->mem, &test_cpu0, MMIO + 0x18, 4, false, &val));
	assert_int_equal(val, 0x1018);
	assert_int_equal(d.reads, 1);
	assert_int_equal(d.last_off, 0x18);
	assert_int_equal(d.last_size, 4);

	val = 0xdeadbeefcafef00dull;
	assert_true(mem_guest_io(&f->mem, &test_cpu0, MMIO + MMIO_SIZE - 8, 8, true, &val));
	assert_int_equal(d.writes, 1);
	assert_int_equal(d.last_off, MMIO_SIZE - 8);
	assert_int_equal(d.last_size, 8);
	assert_int_equal(d.last_val, 0xdeadbeefcafef00dull);

	/* An access running off the end of the device is no access. */
	assert_false(mem_guest_io(&f->mem, &test_cpu0, MMIO + MMIO_SIZE - 2, 4, false, &val));
	assert_int_equal(d.reads, 1);
	/* Nothing there, or RAM: the ISA raises its external abort. */
	assert_false(mem_guest_io(&f->mem, &test_cpu0, MMIO + MMIO_SIZE, 4, false, &val));
	assert_false(mem_guest_io(&f->mem, &test_cpu0, RAM, 4, false, &val));

	/* MMIO is neither a guest pointer, nor a page, nor host-readable. */
	bool writable;
	assert_null(mem_guest_ptr(&f->mem, &test_cpu0, MMIO, &writable));
	assert_null(mem_page_at(&f->mem, MMIO, NULL));
	uint8_t buf[4];
	assert_false(mem_host_read(&f->mem, MMIO, buf, sizeof(buf)));
	assert_false(mem_host_write(&f->mem, MMIO, buf, sizeof(buf)));
	assert_false(mem_load(&f->mem, MMIO, buf, sizeof(buf)));

	/* A device without a read op reads as zero. */
	struct mmio_dev w = { 0 };
	assert_non_null(mem_add_mmio(&f->mem, "wo", MMIO + 0x10000, 0x100, &write_only_ops, &w));
	val = 77;
	assert_true(mem_guest_io(&f->mem, &test_cpu0, MMIO + 0x10004, 4, false, &val));
	assert_int_equal(val, 0);
}

static void test_overlap_and_alignment_refused(void **state)
{
	struct fixture *f = *state;
	struct mmio_dev d = { 0 };
	int n = f->mem.n_regions;
	uint64_t pages = f->mem.n_pages;

	/* Overlaps of every shape, by every kind. */
	assert_null(mem_add_ram(&f->mem, "same", RAM, PG, MEM_SHARED));
	assert_null(mem_add_ram(&f->mem, "tail", RAM + (RAM_PAGES - 1) * PG, 2 * PG, MEM_SHARED));
	assert_null(mem_add_ram(&f->mem, "head", RAM - PG, 2 * PG, MEM_SHARED));
	assert_null(mem_add_ram(&f->mem, "cover", RAM - PG, (RAM_PAGES + 2) * PG, MEM_SHARED));
	assert_null(mem_add_rom(&f->mem, "rom2", RAM + PG, PG));
	assert_null(mem_add_mmio(&f->mem, "dev", RAM + 8, 8, &dev_ops, &d));
	assert_null(mem_add_mmio(&f->mem, "dev", ROM + ROM_SIZE - 1, 2, &dev_ops, &d));

	/* RAM and ROM are whole pages. */
	assert_null(mem_add_ram(&f->mem, "misbase", 0x80000800ull, PG, MEM_SHARED));
	assert_null(mem_add_ram(&f->mem, "missize", 0x80000000ull, PG + 8, MEM_SHARED));
	assert_null(mem_add_rom(&f->mem, "misrom", 0x80000010ull, PG));

	/* Empty and wrapping regions. */
	assert_null(mem_add_ram(&f->mem, "empty", 0x80000000ull, 0, MEM_SHARED));
	assert_null(mem_add_mmio(&f->mem, "empty", 0x80000000ull, 0, &dev_ops, &d));
	assert_null(mem_add_mmio(&f->mem, "wrap", UINT64_MAX - 0xfff, 0x2000, &dev_ops, &d));

	/* Nothing was added, and the page numbering did not move. */
	assert_int_equal(f->mem.n_regions, n);
	assert_int_equal(f->mem.n_pages, pages);

	/* Adjacent regions are fine. */
	assert_non_null(mem_add_ram(&f->mem, "after", RAM + RAM_PAGES * PG, PG, MEM_SHARED));
	assert_non_null(mem_add_mmio(&f->mem, "before", RAM - 0x100, 0x100, &dev_ops, &d));
	assert_non_null(mem_add_mmio(&f->mem, "unaligned-mmio", MMIO + 4, 12, &dev_ops, &d));
	assert_int_equal(f->mem.n_regions, n + 3);
}

static void test_region_limit(void **state)
{
	(void)state;
	struct mem_space s;
	struct mmio_dev d = { 0 };
	mem_space_init(&s, MEM_SPACE_MEMORY, KEY);
	for (int i = 0; i < MEM_MAX_REGIONS; i++)
		assert_non_null(mem_add_mmio(&s, "dev", MMIO + i * 0x1000ull, 0x1000, &dev_ops, &d));
	assert_null(mem_add_mmio(&s, "one-too-many", 0, 0x1000, &dev_ops, &d));
	assert_null(mem_add_ram(&s, "one-too-many", RAM, PG, MEM_SHARED));
	assert_int_equal(s.n_regions, MEM_MAX_REGIONS);
	assert_int_equal(s.n_pages, 0);
	mem_space_free(&s);
}

static void test_find(void **state)
{
	(void)state;
	struct mem_space s;
	struct mmio_dev d = { 0 };
	mem_space_init(&s, MEM_SPACE_MEMORY, KEY);
	/* Added out of order: lookups still find each one. */
	struct mem_region *c = mem_add_ram(&s, "c", 0x30000, 2 * PG, MEM_PRIVATE);
	struct mem_region *a = mem_add_rom(&s, "a", 0x10000, PG);
	struct mem_region *b = mem_add_mmio(&s, "b", 0x20000, 0x100, &dev_ops, &d);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	/* (Pointers move as regions are kept sorted: compare by name.) */
	assert_string_equal(mem_find(&s, 0x10000)->name, "a");
	assert_string_equal(mem_find(&s, 0x10fff)->name, "a");
	assert_string_equal(mem_find(&s, 0x20000)->name, "b");
	assert_string_equal(mem_find(&s, 0x200ff)->name, "b");
	assert_string_equal(mem_find(&s, 0x30000)->name, "c");
	assert_string_equal(mem_find(&s, 0x31fff)->name, "c");
	for (int i = 1; i < s.n_regions; i++)
		assert_true(s.regions[i - 1].base < s.regions[i].base);

	/* Holes: below, between, just past each end, above. */
	assert_null(mem_find(&s, 0));
	assert_null(mem_find(&s, 0xffff));
	assert_null(mem_find(&s, 0x11000));
	assert_null(mem_find(&s, 0x20100));
	assert_null(mem_find(&s, 0x2ffff));
	assert_null(mem_find(&s, 0x32000));
	assert_null(mem_find(&s, UINT64_MAX));

	/* A region added below the last answer moves it: lookups stay right. */
	assert_string_equal(mem_find(&s, 0x31000)->name, "c");
	assert_non_null(mem_add_mmio(&s, "z", 0x1000, 0x100, &dev_ops, &d));
	assert_string_equal(mem_find(&s, 0x200ff)->name, "b");
	assert_null(mem_find(&s, 0x2ffff));
	assert_string_equal(mem_find(&s, 0x31000)->name, "c");
	assert_string_equal(mem_find(&s, 0x1000)->name, "z");
	assert_null(mem_find(&s, 0x1100));

	/* Page records: global numbering in the order the regions were added. */
	uint64_t idx = 99;
	assert_non_null(mem_page_at(&s, 0x31234, &idx));
	assert_int_equal(idx, 1);
	assert_non_null(mem_page_at(&s, 0x10000, &idx));
	assert_int_equal(idx, 2);
	assert_null(mem_page_at(&s, 0x20000, &idx));
	assert_null(mem_page_at(&s, 0x40000, &idx));
	assert_int_equal(s.n_pages, 3);

	/* The guest pointer is the backing plus the offset. */
	bool w;
	struct mem_region *rc = mem_find(&s, 0x30000);
	assert_ptr_equal(mem_guest_ptr(&s, &test_cpu0, 0x31008, &w), rc->host + 0x1008);
	assert_true(w);
	assert_null(mem_guest_ptr(&s, &test_cpu0, 0x40000, &w));
	mem_space_free(&s);
}

/* The lookup agrees with a scan of every region, on a board-sized table. */
static void test_find_many(void **state)
{
	(void)state;
	struct mem_space s;
	struct mmio_dev d = { 0 };
	mem_space_init(&s, MEM_SPACE_MEMORY, KEY);
	uint64_t x = 88172645463325252ull;   /* xorshift64 */
	for (int i = 0; i < MEM_MAX_REGIONS; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		/* Slots of 64 KiB in random order, each region a random part of its slot. */
		uint64_t base = ((x % 997) << 16) + ((x >> 20) % 16) * PG, size = (1 + (x >> 40) % 4) * PG;
		if (i % 2)
			mem_add_mmio(&s, "dev", base, size, &dev_ops, &d);
		else
			mem_add_ram(&s, "ram", base, size, MEM_SHARED);
	}
	assert_true(s.n_regions > MEM_MAX_REGIONS / 2);
	for (int k = 0; k < 100000; k++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		uint64_t pa = k % 2 ? x % (1000ull << 16) : x;
		struct mem_region *want = NULL;
		for (int i = 0; i < s.n_regions; i++)
			if (pa - s.regions[i].base < s.regions[i].size)
				want = &s.regions[i];
		assert_ptr_equal(mem_find(&s, pa), want);
	}
	mem_space_free(&s);
}

/* ------------------------------------------------ attribute transitions */

/* A byte stream the record walk writes to, then reads back from. */
struct stream {
	uint8_t buf[1 << 16];
	size_t len, pos;
	bool loading;
};

static void stream_io(void *ctx, void *p, size_t len)
{
	struct stream *st = ctx;
	if (st->loading) {
		assert_true(st->pos + len <= st->len);
		memcpy(p, st->buf + st->pos, len);
		st->pos += len;
	} else {
		assert_true(st->len + len <= sizeof(st->buf));
		memcpy(st->buf + st->len, p, len);
		st->len += len;
	}
}

/*
 * A snapshot's walk of the records (machine/snapshot.c): a page the guest
 * shared stays shared in the restored space, a chunk the saving space never
 * set up stays not set up, and a chunk the restoring space had set up but
 * the snapshot has not reads as initial again, stale flags gone.
 */
static void test_records_survive_snapshot_walk(void **state)
{
	(void)state;
	static struct stream st;
	memset(&st, 0, sizeof(st));
	struct mem_space a, b;
	uint64_t size = 1ull << 30;
	mem_space_init(&a, MEM_SPACE_MEMORY, KEY);
	mem_space_init(&b, MEM_SPACE_MEMORY, KEY);
	assert_non_null(mem_add_ram(&a, "ram", RAM, size, MEM_PRIVATE));
	assert_non_null(mem_add_ram(&b, "ram", RAM, size, MEM_PRIVATE));
	assert_int_equal(mem_page_share(&a, &guest, RAM + 1000 * PG), MEM_OK);
	mem_region_records_io(mem_find(&a, RAM), stream_io, &st);
	/* The bitmap and one chunk of records, not the whole gigabyte's. */
	assert_true(st.len < 2 * 4096 + (size / PG / 64 / 8));

	mem_page_set_code(&b, RAM + 200000 * PG, true);
	st.loading = true;
	mem_region_records_io(mem_find(&b, RAM), stream_io, &st);
	assert_int_equal(st.pos, st.len);
	assert_int_equal(mem_page_at(&b, RAM + 1000 * PG, NULL)->owner, MEM_SHARED);
	const struct mem_page *stale = mem_page_at(&b, RAM + 200000 * PG, NULL);
	assert_int_equal(stale->owner, MEM_PRIVATE);
	assert_int_equal(stale->flags, 0);
	uint64_t counts[MEM_OWNER_COUNT];
	mem_count_owners(&b, counts);
	assert_int_equal(counts[MEM_SHARED], 1);
	mem_space_free(&a);
	mem_space_free(&b);
}

static void test_share_unshare(void **state)
{
	struct fixture *f = *state;
	uint64_t gpa = RAM + 3 * PG;

	assert_int_equal(mem_page_share(&f->mem, &guest, gpa), MEM_OK);
	assert_int_equal(mem_page_at(&f->mem, gpa, NULL)->owner, MEM_SHARED);
	assert_int_equal(f->mem.n_transitions, 1);
	assert_int_equal(f->seen.n, 1);
	const struct mem_transition *t = &f->seen.t[0];
	assert_string_equal(t->name, "share");
	assert_int_equal(t->who.kind, MEM_BY_GUEST);
	assert_int_equal(t->who.vcpu, 1);
	assert_int_equal(t->who.level, 1);
	assert_string_equal(t->who.via, "test-hvc");
	assert_int_equal(t->gpa, gpa);
	assert_int_equal(t->from, MEM_PRIVATE);
	assert_int_equal(t->to, MEM_SHARED);

	/* Neighbours are untouched. */
	assert_int_equal(mem_page_at(&f->mem, gpa - PG, NULL)->owner, MEM_PRIVATE);
	assert_int_equal(mem_page_at(&f->mem, gpa + PG, NULL)->owner, MEM_PRIVATE);

	assert_int_equal(mem_page_unshare(&f->mem, &host, gpa), MEM_OK);
	assert_int_equal(mem_page_at(&f->mem, gpa, NULL)->owner, MEM_PRIVATE);
	assert_int_equal(f->mem.n_transitions, 2);
	assert_int_equal(f->seen.n, 2);
	t = &f->seen.t[1];
	assert_string_equal(t->name, "unshare");
	assert_int_equal(t->who.kind, MEM_BY_HOST);
	assert_string_equal(t->who.via, "test-device");
	assert_int_equal(t->gpa, gpa);
	assert_int_equal(t->from, MEM_SHARED);
	assert_int_equal(t->to, MEM_PRIVATE);

	/* The first and last pages of the region work too. */
	share(f, RAM);
	share(f, RAM + (RAM_PAGES - 1) * PG);
	assert_int_equal(f->seen.n, 4);
	assert_int_equal(f->seen.t[3].gpa, RAM + (RAM_PAGES - 1) * PG);
}

static void test_transition_preconditions(void **state)
{
	struct fixture *f = *state;
	struct mmio_dev d = { 0 };
	assert_non_null(mem_add_mmio(&f->mem, "dev", MMIO, MMIO_SIZE, &dev_ops, &d));
	share(f, RAM + PG);
	int seen = f->seen.n;
	uint64_t n = f->mem.n_transitions;

	/* Already shared / already private. */
	assert_int_equal(mem_page_share(&f->mem, &guest, RAM + PG), MEM_ERR_STATE);
	assert_int_equal(mem_page_unshare(&f->mem, &guest, RAM), MEM_ERR_STATE);
	/* Not page-aligned (checked before anything else, even in a hole). */
	assert_int_equal(mem_page_share(&f->mem, &guest, RAM + 8), MEM_ERR_ALIGN);
	assert_int_equal(mem_page_unshare(&f->mem, &guest, RAM + PG + 0x800), MEM_ERR_ALIGN);
	assert_int_equal(mem_page_share(&f->mem, &guest, 0x7000000000ull + 1), MEM_ERR_ALIGN);
	/* Not RAM: a hole, past the end, MMIO, ROM. */
	assert_int_equal(mem_page_share(&f->mem, &guest, 0x7000000000ull), MEM_ERR_NOT_RAM);
	assert_int_equal(mem_page_share(&f->mem, &guest, RAM + RAM_PAGES * PG), MEM_ERR_NOT_RAM);
	assert_int_equal(mem_page_unshare(&f->mem, &guest, RAM - PG), MEM_ERR_NOT_RAM);
	assert_int_equal(mem_page_share(&f->mem, &guest, MMIO), MEM_ERR_NOT_RAM);
	assert_int_equal(mem_page_unshare(&f->mem, &guest, MMIO), MEM_ERR_NOT_RAM);
	assert_int_equal(mem_page_share(&f->mem, &guest, ROM), MEM_ERR_NOT_RAM);
	assert_int_equal(mem_page_unshare(&f->mem, &host, ROM + PG), MEM_ERR_NOT_RAM);

	/* Refusals change nothing and tell nobody. */
	assert_int_equal(f->seen.n, seen);
	assert_int_equal(f->mem.n_transitions, n);
	assert_int_equal(mem_page_at(&f->mem, RAM + PG, NULL)->owner, MEM_SHARED);
	assert_int_equal(mem_page_at(&f->mem, RAM, NULL)->owner, MEM_PRIVATE);
	assert_int_equal(mem_page_at(&f->mem, ROM + PG, NULL)->owner, MEM_SHARED);
}

static void test_every_listener_told(void **state)
{
	struct fixture *f = *state;
	assert_true(mem_add_listener(&f->mem, record_transition, &f->seen2));
	share(f, RAM + 2 * PG);
	assert_int_equal(mem_page_unshare(&f->mem, &host, RAM + 2 * PG), MEM_OK);
	assert_int_equal(mem_page_unshare(&f->mem, &host, RAM + 2 * PG), MEM_ERR_STATE);
	assert_int_equal(f->seen.n, 2);
	assert_int_equal(f->seen2.n, 2);
	for (int i = 0; i < 2; i++) {
		assert_string_equal(f->seen.t[i].name, f->seen2.t[i].name);
		assert_int_equal(f->seen.t[i].gpa, f->seen2.t[i].gpa);
		assert_int_equal(f->seen.t[i].who.kind, f->seen2.t[i].who.kind);
	}
	assert_int_equal(f->mem.n_transitions, 2);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(mem_owner_name(MEM_PRIVATE), "private");
	assert_string_equal(mem_owner_name(MEM_SHARED), "shared");
	assert_string_equal(mem_owner_name(MEM_OWNER_COUNT), "?");
	assert_string_equal(mem_err_name(MEM_OK), "ok");
	assert_string_equal(mem_err_name(MEM_ERR_NOT_RAM), "not RAM");
	assert_string_equal(mem_err_name(MEM_ERR_ALIGN), "not aligned");
	assert_string_equal(mem_err_name(MEM_ERR_STATE), "wrong page state");
	assert_string_equal(mem_err_name((enum mem_err)42), "?");
}

static void test_count_owners(void **state)
{
	struct fixture *f = *state;
	uint64_t counts[MEM_OWNER_COUNT];
	mem_count_owners(&f->mem, counts);
	assert_int_equal(counts[MEM_PRIVATE], RAM_PAGES);
	assert_int_equal(counts[MEM_SHARED], 0);

	share(f, RAM);
	share(f, RAM + 5 * PG);
	share(f, RAM + 7 * PG);
	assert_int_equal(mem_page_share(&f->mem, &guest, RAM + 5 * PG), MEM_ERR_STATE);
	mem_count_owners(&f->mem, counts);
	assert_int_equal(counts[MEM_PRIVATE], RAM_PAGES - 3);
	assert_int_equal(counts[MEM_SHARED], 3);

	/* A second RAM region counts too, in its initial state. */
	assert_non_null(mem_add_ram(&f->mem, "ram2", 0x80000000ull, 4 * PG, MEM_SHARED));
	mem_count_owners(&f->mem, counts);
	assert_int_equal(counts[MEM_PRIVATE], RAM_PAGES - 3);
	assert_int_equal(counts[MEM_SHARED], 7);
}

/* --------------------------------------------------------- host reads */

static void test_host_reads_shared_plaintext(void **state)
{
	struct fixture *f = *state;
	uint8_t data[PG], back[PG];
	pattern(data, sizeof(data), 11);
	share(f, RAM + PG);
	assert_true(mem_load(&f->mem, RAM + PG, data, sizeof(data)));
	assert_true(mem_host_read(&f->mem, RAM + PG, back, sizeof(back)));
	assert_memory_equal(back, data, sizeof(data));
	/* Unaligned sub-ranges too. */
	assert_true(mem_host_read(&f->mem, RAM + PG + 13, back, 29));
	assert_memory_equal(back, data + 13, 29);
}

static void test_host_reads_private_ciphertext(void **state)
{
	struct fixture *f = *state;
	uint8_t data[PG], c1[PG], c2[PG];
	pattern(data, sizeof(data), 11);
	assert_true(mem_load(&f->mem, RAM + PG, data, sizeof(data)));
	/* The guest sees its plaintext; the host does not. */
	assert_memory_equal(guest_view(f, RAM + PG), data, sizeof(data));
	assert_true(mem_host_read(&f->mem, RAM + PG, c1, sizeof(c1)));
	assert_memory_not_equal(c1, data, sizeof(data));
	/* Not merely differing somewhere: hardly a byte survives. */
	int same = 0;
	for (size_t i = 0; i < sizeof(data); i++)
		same += c1[i] == data[i];
	assert_true(same < 64);

	/* Deterministic: reading again gives the same bytes. */
	assert_true(mem_host_read(&f->mem, RAM + PG, c2, sizeof(c2)));
	assert_memory_equal(c1, c2, sizeof(c1));

	/* Any unaligned sub-range reads as the same slice of ciphertext. */
	uint8_t part[21];
	assert_true(mem_host_read(&f->mem, RAM + PG + 3, part, sizeof(part)));
	assert_memory_equal(part, c1 + 3, sizeof(part));
	assert_true(mem_host_read(&f->mem, RAM + PG + 4095, part, 1));
	assert_int_equal(part[0], c1[4095]);

	/* Equal plaintexts at different addresses look different (zero pages). */
	uint8_t z1[64], z2[64];
	assert_true(mem_host_read(&f->mem, RAM + 4 * PG, z1, sizeof(z1)));
	assert_true(mem_host_read(&f->mem, RAM + 5 * PG, z2, sizeof(z2)));
	assert_memory_not_equal(z1, z2, sizeof(z1));
	assert_memory_not_equal(z1, z1 + 8, 8);
}

/* The host's view of one private page of a fresh space keyed by key. */
static void cipher_of(uint64_t key, const uint8_t *data, size_t len, uint8_t *out)
{
	struct mem_space s;
	mem_space_init(&s, MEM_SPACE_MEMORY, key);
	assert_non_null(mem_add_ram(&s, "ram", RAM, RAM_PAGES * PG, MEM_PRIVATE));
	assert_true(mem_load(&s, RAM + 2 * PG, data, len));
	assert_true(mem_host_read(&s, RAM + 2 * PG, out, len));
	mem_space_free(&s);
}

static void test_cipher_keyed(void **state)
{
	(void)state;
	uint8_t data[512], a[512], b[512], c[512];
	pattern(data, sizeof(data), 99);
	cipher_of(KEY, data, sizeof(data), a);
	cipher_of(KEY, data, sizeof(data), b);
	cipher_of(KEY + 1, data, sizeof(data), c);
	/* Two spaces with the same key agree; another key disagrees everywhere. */
	assert_memory_equal(a, b, sizeof(a));
	for (size_t w = 0; w < sizeof(a); w += 8)
		assert_memory_not_equal(a + w, c + w, 8);
}

static void test_cipher_follows_data(void **state)
{
	struct fixture *f = *state;
	uint64_t gpa = RAM + 6 * PG;
	uint8_t before[256], after[256];
	guest_fill(f, gpa, 0x11, 256);
	assert_true(mem_host_read(&f->mem, gpa, before, sizeof(before)));

	/* The guest changes one byte of the word at offset 40. */
	bool w;
	mem_guest_ptr(&f->mem, &test_cpu0, gpa + 43, &w)[0] = 0x12;
	assert_true(mem_host_read(&f->mem, gpa, after, sizeof(after)));
	/* That word's ciphertext changes, as with memory encryption... */
	assert_memory_not_equal(before + 40, after + 40, 8);
	/* ...and (per-word tweak) the rest does not. */
	assert_memory_equal(before, after, 40);
	assert_memory_equal(before + 48, after + 48, sizeof(before) - 48);

	/* Writing the old value back restores the old ciphertext. */
	mem_guest_ptr(&f->mem, &test_cpu0, gpa + 43, &w)[0] = 0x11;
	assert_true(mem_host_read(&f->mem, gpa, after, sizeof(after)));
	assert_memory_equal(before, after, sizeof(before));
}

static void test_host_read_spanning(void **state)
{
	struct fixture *f = *state;
	uint8_t data[2 * PG], back[2 * PG], priv[PG];
	pattern(data, sizeof(data), 5);
	assert_true(mem_load(&f->mem, RAM + 2 * PG, data, sizeof(data)));
	/* Page 2 shared, page 3 private. */
	share(f, RAM + 2 * PG);
	assert_true(mem_host_read(&f->mem, RAM + 3 * PG, priv, sizeof(priv)));

	assert_true(mem_host_read(&f->mem, RAM + 3 * PG - 100, back, 300));
	assert_memory_equal(back, data + PG - 100, 100);
	assert_memory_equal(back + 100, priv, 200);
	assert_memory_not_equal(back + 100, data + PG, 200);

	/* And the other way round: private then shared. */
	assert_int_equal(mem_page_unshare(&f->mem, &guest, RAM + 2 * PG), MEM_OK);
	share(f, RAM + 3 * PG);
	assert_true(mem_host_read(&f->mem, RAM + 2 * PG, priv, sizeof(priv)));
	assert_true(mem_host_read(&f->mem, RAM + 3 * PG - 7, back, 20));
	assert_memory_equal(back, priv + PG - 7, 7);
	assert_memory_equal(back + 7, data + PG, 13);

	/* Running off the end of RAM fails. */
	assert_false(mem_host_read(&f->mem, RAM + RAM_PAGES * PG - 4, back, 8));
	assert_false(mem_host_read(&f->mem, 0x7000000000ull, back, 1));
}

static void test_transitions_keep_data(void **state)
{
	struct fixture *f = *state;
	uint8_t data[64], back[64];
	pattern(data, sizeof(data), 42);
	assert_true(mem_load(&f->mem, RAM, data, sizeof(data)));
	assert_true(mem_host_read(&f->mem, RAM, back, sizeof(back)));
	assert_memory_not_equal(back, data, sizeof(data));
	share(f, RAM);
	assert_true(mem_host_read(&f->mem, RAM, back, sizeof(back)));
	assert_memory_equal(back, data, sizeof(data));
	assert_int_equal(mem_page_unshare(&f->mem, &guest, RAM), MEM_OK);
	assert_true(mem_host_read(&f->mem, RAM, back, sizeof(back)));
	assert_memory_not_equal(back, data, sizeof(data));
	assert_memory_equal(guest_view(f, RAM), data, sizeof(data));
}

/* -------------------------------------------------------- host writes */

static void test_host_write_shared(void **state)
{
	struct fixture *f = *state;
	uint8_t data[100];
	pattern(data, sizeof(data), 1);
	share(f, RAM + 4 * PG);
	share(f, RAM + 5 * PG);
	/* Within a page and across two shared pages. */
	assert_true(mem_host_write(&f->mem, RAM + 4 * PG + 8, data, 10));
	assert_memory_equal(guest_view(f, RAM + 4 * PG + 8), data, 10);
	assert_true(mem_host_write(&f->mem, RAM + 5 * PG - 50, data, sizeof(data)));
	assert_memory_equal(guest_view(f, RAM + 5 * PG - 50), data, sizeof(data));
	assert_int_equal(f->mem.host_violations, 0);
	assert_int_equal(f->code.n, 0);
}

static void test_host_write_private_refused(void **state)
{
	struct fixture *f = *state;
	uint8_t data[64], zero[64] = { 0 };
	pattern(data, sizeof(data), 9);
	guest_fill(f, RAM + PG, 0, 64);
	assert_false(mem_host_write(&f->mem, RAM + PG, data, sizeof(data)));
	assert_memory_equal(guest_view(f, RAM + PG), zero, sizeof(zero));
	assert_int_equal(f->mem.host_violations, 1);
	assert_false(mem_host_write(&f->mem, RAM + PG + 4000, data, 1));
	assert_int_equal(f->mem.host_violations, 2);

	/* A write to nothing is refused, but it is no violation of a page. */
	share(f, RAM + (RAM_PAGES - 1) * PG);
	assert_false(mem_host_write(&f->mem, 0x7000000000ull, data, 4));
	assert_false(mem_host_write(&f->mem, RAM + RAM_PAGES * PG - 2, data, 4));
	assert_int_equal(f->mem.host_violations, 2);
}

static void test_host_write_spanning_refused_whole(void **state)
{
	struct fixture *f = *state;
	uint8_t data[200], before[3 * PG];
	pattern(data, sizeof(data), 77);
	/* Pages 2 and 4 shared around private page 3. */
	share(f, RAM + 2 * PG);
	share(f, RAM + 4 * PG);
	guest_fill(f, RAM + 2 * PG, 0xee, 3 * PG);
	memcpy(before, guest_view(f, RAM + 2 * PG), sizeof(before));

	/* shared -> private */
	assert_false(mem_host_write(&f->mem, RAM + 3 * PG - 100, data, sizeof(data)));
	/* private -> shared */
	assert_false(mem_host_write(&f->mem, RAM + 4 * PG - 100, data, sizeof(data)));
	/* shared -> private -> shared */
	assert_false(mem_host_write(&f->mem, RAM + 3 * PG - 8, data, PG + 16));
	assert_memory_equal(guest_view(f, RAM + 2 * PG), before, sizeof(before));
	assert_int_equal(f->mem.host_violations, 3);
	assert_int_equal(f->code.n, 0);
}

static void test_load_writes_private(void **state)
{
	struct fixture *f = *state;
	uint8_t data[3 * PG];
	pattern(data, sizeof(data), 23);
	/* Across pages, private and shared alike, before any secret exists. */
	share(f, RAM + 2 * PG);
	assert_true(mem_load(&f->mem, RAM + PG + 1, data, sizeof(data)));
	assert_memory_equal(guest_view(f, RAM + PG + 1), data, sizeof(data));
	assert_int_equal(f->mem.host_violations, 0);
	assert_int_equal(mem_page_at(&f->mem, RAM + PG, NULL)->owner, MEM_PRIVATE);
	/* Loading does not change ownership, nor tell the listeners anything. */
	assert_int_equal(f->seen.n, 1);
	/* Nothing is loaded if the image runs off the end of RAM. */
	assert_false(mem_load(&f->mem, RAM + RAM_PAGES * PG - 4, data, 8));
	assert_int_equal(guest_view(f, RAM + RAM_PAGES * PG - 4)[0], 0);
}

static void test_code_written_hook(void **state)
{
	struct fixture *f = *state;
	uint8_t data[16] = { 1, 2, 3 };
	share(f, RAM + PG);
	share(f, RAM + 2 * PG);
	share(f, RAM + 3 * PG);

	/* No code anywhere: nobody is told. */
	assert_true(mem_host_write(&f->mem, RAM + PG, data, sizeof(data)));
	assert_int_equal(f->code.n, 0);

	mem_page_set_code(&f->mem, RAM + 2 * PG + 0x123, true);
	assert_true(mem_page_at(&f->mem, RAM + 2 * PG, NULL)->flags & MEM_PF_CODE);
	assert_true(mem_host_write(&f->mem, RAM + 2 * PG + 0x800, data, sizeof(data)));
	assert_int_equal(f->code.n, 1);
	assert_int_equal(f->code.pa[0], RAM + 2 * PG);

	/* A write spanning a plain page and a code page tells about the code page only. */
	assert_true(mem_host_write(&f->mem, RAM + 2 * PG - 8, data, sizeof(data)));
	assert_int_equal(f->code.n, 2);
	assert_int_equal(f->code.pa[1], RAM + 2 * PG);
	/* Spanning two code pages: both. */
	mem_page_set_code(&f->mem, RAM + 3 * PG, true);
	assert_true(mem_host_write(&f->mem, RAM + 3 * PG - 8, data, sizeof(data)));
	assert_int_equal(f->code.n, 4);
	assert_int_equal(f->code.pa[2], RAM + 2 * PG);
	assert_int_equal(f->code.pa[3], RAM + 3 * PG);

	/* The loader's writes invalidate code too. */
	mem_page_set_code(&f->mem, RAM + 5 * PG, true);
	assert_true(mem_load(&f->mem, RAM + 5 * PG + 4, data, 4));
	assert_int_equal(f->code.n, 5);
	assert_int_equal(f->code.pa[4], RAM + 5 * PG);

	/* A refused write tells nobody. */
	mem_page_set_code(&f->mem, RAM + 6 * PG, true);
	assert_false(mem_host_write(&f->mem, RAM + 6 * PG, data, 4));
	assert_int_equal(f->code.n, 5);

	/* Cleared: writes are quiet again. */
	mem_page_set_code(&f->mem, RAM + 2 * PG, false);
	assert_false(mem_page_at(&f->mem, RAM + 2 * PG, NULL)->flags & MEM_PF_CODE);
	assert_true(mem_host_write(&f->mem, RAM + 2 * PG, data, 4));
	assert_int_equal(f->code.n, 5);

	/* Setting the flag on MMIO or a hole is ignored. */
	mem_page_set_code(&f->mem, 0x7000000000ull, true);
}

/* ------------------------------------------- the CoCo page state (SNP, TDX) */

#define HUGE (512 * PG)

/* A space of two 2 MiB pages of private RAM whose contexts are SNP's VMPLs (or TDX's partitions). */
static int setup_coco(void **state, enum mem_ctx_kind kind)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, KEY);
	f->mem.ctx_kind = kind;
	assert_non_null(mem_add_ram(&f->mem, "ram", RAM, 2 * HUGE, MEM_PRIVATE));
	assert_true(mem_add_listener(&f->mem, count_transition, f));
	*state = f;
	return 0;
}

static int setup_snp(void **state)
{
	return setup_coco(state, MEM_CTX_VMPL);
}

static int setup_tdx(void **state)
{
	return setup_coco(state, MEM_CTX_L2);
}

static struct mem_req at_vmpl(unsigned vmpl)
{
	struct mem_req r = guest;
	r.ctx = (uint8_t)vmpl;
	return r;
}

/* PVALIDATE's rules (AMD APM vol. 3): VMPL0 only, private pages, no-change, page size. */
static void test_validate(void **state)
{
	struct fixture *f = *state;
	struct mem_req v0 = at_vmpl(0), v1 = at_vmpl(1);
	assert_int_equal(mem_page_validate(&f->mem, &v1, RAM, true, false), MEM_ERR_PERM);
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM + 8, true, false), MEM_ERR_ALIGN);
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM + PG, true, true), MEM_ERR_ALIGN);
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM + 2 * HUGE, true, false), MEM_ERR_NOT_RAM);
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM, true, false), MEM_OK);
	assert_true(mem_page_at(&f->mem, RAM, NULL)->flags & MEM_PF_VALIDATED);
	assert_int_equal(f->counted, 1);
	assert_string_equal(f->last.name, "validate");
	assert_false(f->last.before.flags & MEM_PF_VALIDATED);
	assert_true(f->last.after.flags & MEM_PF_VALIDATED);
	/* Again: no change (PVALIDATE's CF=1), nothing told. */
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM, true, false), MEM_ERR_NO_CHANGE);
	assert_int_equal(f->counted, 1);
	/* A shared page cannot be validated. */
	assert_int_equal(mem_page_share(&f->mem, &v0, RAM + PG), MEM_OK);
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM + PG, true, false), MEM_ERR_STATE);

	/*
	 * 2 MiB: the RMP entries must be 2 MiB ones (FAIL_SIZEMISMATCH on
	 * pages assigned at 4 KiB); then every page of it, each told, and
	 * undoing it at 4 KiB is a size mismatch.
	 */
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM + HUGE, true, true), MEM_ERR_SIZE);
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM + HUGE, true, true), MEM_OK);
	int before = f->counted;
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM + HUGE, true, true), MEM_OK);
	assert_int_equal(f->counted - before, 512);
	assert_int_equal(f->last.gpa, RAM + HUGE + 511 * PG);
	for (unsigned i = 0; i < 512; i++)
		assert_int_equal(mem_page_at(&f->mem, RAM + HUGE + i * PG, NULL)->flags &
				 (MEM_PF_VALIDATED | MEM_PF_HUGE), MEM_PF_VALIDATED | MEM_PF_HUGE);
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM + HUGE + PG, false, false), MEM_ERR_SIZE);
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM + HUGE, false, true), MEM_OK);
	assert_false(mem_page_at(&f->mem, RAM + HUGE + 511 * PG, NULL)->flags & MEM_PF_VALIDATED);
	/* A 2 MiB request over a shared 4 KiB page in it is refused whole. */
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM, true, true), MEM_ERR_STATE);
}

/*
 * Page state changes (the hypervisor's RMPUPDATE): named, one transition
 * per page that changes, the RMP entry rewritten (validation and VMPL
 * permissions gone), the page size the request's; alignment, RAM, no
 * change, and the gate.
 */
static const char *refuse_all(void *opaque, const struct mem_transition *t)
{
	(void)opaque;
	(void)t;
	return "no";
}

static void test_psc(void **state)
{
	struct fixture *f = *state;
	struct mem_req v0 = at_vmpl(0);
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM + 8, false, false), MEM_ERR_ALIGN);
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM + PG, false, true), MEM_ERR_ALIGN);
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM + 2 * HUGE, false, false), MEM_ERR_NOT_RAM);
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM, true, false), MEM_ERR_NO_CHANGE);

	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM, true, false), MEM_OK);
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v0, RAM, 1, MEM_PERM_R, false), MEM_OK);
	int before = f->counted;
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM, false, false), MEM_OK);
	assert_int_equal(f->counted - before, 1);
	assert_string_equal(f->last.name, "psc_shared");
	assert_int_equal(f->last.from, MEM_PRIVATE);
	assert_int_equal(f->last.to, MEM_SHARED);
	assert_true(f->last.before.flags & MEM_PF_VALIDATED);
	const struct mem_page *p = mem_page_at(&f->mem, RAM, NULL);
	assert_int_equal(p->owner, MEM_SHARED);
	assert_int_equal(p->flags & MEM_PF_VALIDATED, 0);
	assert_int_equal(p->vmpl_perm[0], 0);
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM, false, false), MEM_ERR_NO_CHANGE);

	/* Back to private: assigned, not validated. */
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM, true, false), MEM_OK);
	assert_string_equal(f->last.name, "psc_private");
	assert_int_equal(p->owner, MEM_PRIVATE);
	assert_int_equal(p->flags & MEM_PF_VALIDATED, 0);

	/* 2 MiB: only the pages that differ are told (here the one shared page). */
	before = f->counted;
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM + HUGE, true, true), MEM_OK);
	assert_int_equal(f->counted - before, 512);   /* each page's size changed */
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM + HUGE + 5 * PG, false, false), MEM_OK);
	before = f->counted;
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM + HUGE, true, true), MEM_OK);
	assert_int_equal(f->counted - before, 1);
	assert_int_equal(f->last.gpa, RAM + HUGE + 5 * PG);
	before = f->counted;
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM + HUGE, false, true), MEM_OK);
	assert_int_equal(f->counted - before, 512);
	assert_int_equal(mem_page_at(&f->mem, RAM + HUGE + 7 * PG, NULL)->flags, MEM_PF_HUGE);

	/* The gate is asked, and a refusal changes nothing. */
	mem_set_gate(&f->mem, refuse_all, NULL);
	before = f->counted;
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM + HUGE, true, true), MEM_ERR_REFUSED);
	assert_int_equal(f->counted, before);
	assert_int_equal(mem_page_at(&f->mem, RAM + HUGE, NULL)->owner, MEM_SHARED);
	mem_set_gate(&f->mem, NULL, NULL);
}

/*
 * SNP's private view needs a validated page: the fast path refuses it and
 * the slow path says MEM_ERR_UNVALIDATED (the #VC); shared views and a
 * space without VMPLs do not ask. A region's initial flags apply to every
 * page nobody has looked at.
 */
static void test_unvalidated_access(void **state)
{
	struct fixture *f = *state;
	struct mem_req priv = at_vmpl(0), shared = at_vmpl(0);
	priv.view = MEM_VIEW_PRIVATE;
	shared.view = MEM_VIEW_SHARED;
	bool w;
	uint8_t b = 0;
	assert_null(mem_guest_ptr(&f->mem, &priv, RAM, &w));
	assert_int_equal(mem_guest_access(&f->mem, &priv, RAM, &b, 1, false), MEM_ERR_UNVALIDATED);
	assert_int_equal(mem_guest_access(&f->mem, &priv, RAM, &b, 1, true), MEM_ERR_UNVALIDATED);
	/* A shared read of the private page reads ciphertext, validated or not. */
	assert_int_equal(mem_guest_access(&f->mem, &shared, RAM, &b, 1, false), MEM_OK);
	assert_int_equal(mem_page_validate(&f->mem, &priv, RAM, true, false), MEM_OK);
	assert_non_null(mem_guest_ptr(&f->mem, &priv, RAM, &w));
	assert_int_equal(mem_guest_access(&f->mem, &priv, RAM, &b, 1, true), MEM_OK);

	/* Initial flags: RAM that starts validated. */
	struct mem_space s;
	mem_space_init(&s, MEM_SPACE_MEMORY, KEY);
	s.ctx_kind = MEM_CTX_VMPL;
	struct mem_region *r = mem_add_ram(&s, "ram", RAM, 4 * HUGE, MEM_PRIVATE);
	assert_non_null(r);
	r->initial_flags = MEM_PF_VALIDATED;
	assert_int_equal(mem_region_peek(r, 1000).flags, MEM_PF_VALIDATED);
	assert_non_null(mem_guest_ptr(&s, &priv, RAM + 1000 * PG, &w));
	assert_int_equal(mem_page_validate(&s, &priv, RAM + 3 * PG, true, false), MEM_ERR_NO_CHANGE);
	mem_space_free(&s);

	/*
	 * Initial VMPL permissions (an SVSM's guest at VMPL2 starts with all
	 * of RAM): in records not yet set up and in those set up, until a
	 * page state change clears them.
	 */
	mem_space_init(&s, MEM_SPACE_MEMORY, KEY);
	s.ctx_kind = MEM_CTX_VMPL;
	r = mem_add_ram(&s, "ram", RAM, 4 * HUGE, MEM_PRIVATE);
	assert_non_null(r);
	r->initial_flags = MEM_PF_VALIDATED;
	r->initial_vmpl_perm[1] = MEM_PERM_ALL;
	struct mem_req v2 = at_vmpl(2), v1 = at_vmpl(1);
	assert_int_equal(mem_region_peek(r, 1000).vmpl_perm[1], MEM_PERM_ALL);
	assert_int_equal(mem_region_peek(r, 1000).vmpl_perm[0], 0);
	uint8_t v = 7;
	assert_int_equal(mem_guest_access(&s, &v2, RAM + 5 * PG, &v, 1, true), MEM_OK);
	assert_int_equal(mem_guest_access(&s, &v1, RAM + 5 * PG, &v, 1, false), MEM_ERR_PERM);
	assert_int_equal(mem_page_at(&s, RAM + 6 * PG, NULL)->vmpl_perm[1], MEM_PERM_ALL);
	struct mem_req v0 = at_vmpl(0);
	assert_int_equal(mem_page_psc(&s, &v0, RAM + 5 * PG, false, false), MEM_OK);
	assert_int_equal(mem_page_psc(&s, &v0, RAM + 5 * PG, true, false), MEM_OK);
	assert_int_equal(mem_page_at(&s, RAM + 5 * PG, NULL)->vmpl_perm[1], 0);
	mem_space_free(&s);
}

/* Sharing a page drops its CoCo state; making it private again does not bring it back. */
static void test_share_drops_coco_state(void **state)
{
	struct fixture *f = *state;
	struct mem_req v0 = at_vmpl(0);
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM, true, false), MEM_OK);
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v0, RAM, 2, MEM_PERM_R, false), MEM_OK);
	mem_page_set_code(&f->mem, RAM, true);
	assert_int_equal(mem_page_share(&f->mem, &v0, RAM), MEM_OK);
	const struct mem_page *p = mem_page_at(&f->mem, RAM, NULL);
	assert_int_equal(p->flags, MEM_PF_CODE);   /* the decode cache's flag is not page state */
	assert_int_equal(p->vmpl_perm[1], 0);
	assert_int_equal(mem_page_unshare(&f->mem, &v0, RAM), MEM_OK);
	assert_int_equal(p->flags, MEM_PF_CODE);
}

/* RMPADJUST: only to a less privileged VMPL, only what the requester has, only validated pages. */
static void test_vmpl_permissions(void **state)
{
	struct fixture *f = *state;
	struct mem_req v0 = at_vmpl(0), v1 = at_vmpl(1), v2 = at_vmpl(2);
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v0, RAM, 1, MEM_PERM_ALL, false),
			 MEM_ERR_STATE);   /* not validated */
	assert_int_equal(mem_page_validate(&f->mem, &v0, RAM, true, false), MEM_OK);
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v0, RAM, 0, MEM_PERM_R, false), MEM_ERR_PERM);
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v0, RAM, 4, MEM_PERM_R, false), MEM_ERR_PERM);
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v1, RAM, 1, MEM_PERM_R, false), MEM_ERR_PERM);
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v0, RAM, 1, MEM_PERM_R | MEM_PERM_W, false),
			 MEM_OK);
	/* VMPL1 grants VMPL2 no more than it has. */
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v1, RAM, 2, MEM_PERM_R | MEM_PERM_XS, false),
			 MEM_ERR_PERM);
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v1, RAM, 2, MEM_PERM_R, true), MEM_OK);
	const struct mem_page *p = mem_page_at(&f->mem, RAM, NULL);
	assert_int_equal(mem_page_perm(&f->mem, p, &v0), MEM_PERM_ALL);
	assert_int_equal(mem_page_perm(&f->mem, p, &v1), MEM_PERM_R | MEM_PERM_W);
	assert_int_equal(mem_page_perm(&f->mem, p, &v2), MEM_PERM_R);
	/* Only VMPL0 marks VMSAs: VMPL1's VMSA bit changed nothing. */
	assert_false(p->flags & MEM_PF_VMSA);
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v0, RAM, 1, MEM_PERM_R | MEM_PERM_W, true),
			 MEM_OK);
	assert_true(p->flags & MEM_PF_VMSA);
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &v1, RAM, 2, MEM_PERM_R, false), MEM_OK);
	assert_true(p->flags & MEM_PF_VMSA);

	/* The guest accessor follows them: VMPL2 reads on the fast path but may not write. */
	bool w;
	assert_non_null(mem_guest_ptr(&f->mem, &v2, RAM, &w));
	assert_false(w);
	uint8_t b = 1;
	assert_int_equal(mem_guest_access(&f->mem, &v2, RAM, &b, 1, true), MEM_ERR_PERM);
	struct mem_req v3 = at_vmpl(3);
	assert_null(mem_guest_ptr(&f->mem, &v3, RAM, &w));
	assert_int_equal(mem_guest_access(&f->mem, &v3, RAM, &b, 1, false), MEM_ERR_PERM);
	assert_int_equal(mem_guest_access(&f->mem, &v1, RAM, &b, 1, true), MEM_OK);
}

/*
 * VMPL permissions are an assigned page's: a shared page (a GHCB, a bounce
 * buffer) is the hypervisor's, and every VMPL reads and writes it.
 */
static void test_vmpl_shared_page(void **state)
{
	struct fixture *f = *state;
	struct mem_req v0 = at_vmpl(0), v2 = at_vmpl(2);
	v2.view = MEM_VIEW_SHARED;
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM, false, false), MEM_OK);
	bool w = false;
	uint8_t b = 0x5a;
	assert_non_null(mem_guest_ptr(&f->mem, &v2, RAM, &w));
	assert_true(w);
	assert_int_equal(mem_guest_access(&f->mem, &v2, RAM, &b, 1, true), MEM_OK);
	assert_int_equal(mem_page_perm(&f->mem, mem_page_at(&f->mem, RAM, NULL), &v2), MEM_PERM_ALL);
	/* Private again: VMPL2 has nothing until VMPL0 grants it. */
	assert_int_equal(mem_page_psc(&f->mem, &v0, RAM, true, false), MEM_OK);
	assert_int_equal(mem_page_perm(&f->mem, mem_page_at(&f->mem, RAM, NULL), &v2), 0);
}

/* TDX: ACCEPT (L1 only, pending private pages), then the L2 partitions' permissions. */
static void test_accept_and_l2(void **state)
{
	struct fixture *f = *state;
	struct mem_req l1 = at_vmpl(0), l2 = at_vmpl(2);
	assert_int_equal(mem_page_accept(&f->mem, &l2, RAM), MEM_ERR_PERM);
	assert_int_equal(mem_page_set_l2_perm(&f->mem, &l1, RAM, 2, MEM_PERM_R), MEM_ERR_STATE);
	assert_int_equal(mem_page_accept(&f->mem, &l1, RAM), MEM_OK);
	assert_int_equal(mem_page_accept(&f->mem, &l1, RAM), MEM_ERR_NO_CHANGE);
	assert_int_equal(mem_page_set_l2_perm(&f->mem, &l2, RAM, 2, MEM_PERM_R), MEM_ERR_PERM);
	assert_int_equal(mem_page_set_l2_perm(&f->mem, &l1, RAM, 4, MEM_PERM_R), MEM_ERR_PERM);
	assert_int_equal(mem_page_set_l2_perm(&f->mem, &l1, RAM, 2, MEM_PERM_R | MEM_PERM_XU), MEM_OK);
	assert_int_equal(mem_page_perm(&f->mem, mem_page_at(&f->mem, RAM, NULL), &l2),
			 MEM_PERM_R | MEM_PERM_XU);
	/* The SNP transitions are not this space's. */
	assert_int_equal(mem_page_set_vmpl_perm(&f->mem, &l1, RAM, 1, MEM_PERM_R, false), MEM_ERR_PERM);
	assert_int_equal(mem_page_share(&f->mem, &l1, RAM + PG), MEM_OK);
	assert_int_equal(mem_page_accept(&f->mem, &l1, RAM + PG), MEM_ERR_STATE);
}

/*
 * An access's view (the SNP C-bit, the TDX shared bit): matching pages are
 * on the fast path; a shared view of a private page reads ciphertext (what
 * the host reads) and may not write; a private view of a shared page gets
 * nothing. The guest's own view (arm64, LoongArch) sees plaintext always.
 */
static void test_views(void **state)
{
	struct fixture *f = *state;
	struct mem_req own = guest, priv = guest, shr = guest;
	priv.view = MEM_VIEW_PRIVATE;
	shr.view = MEM_VIEW_SHARED;
	uint8_t data[16] = "plaintext bytes";
	assert_true(mem_load(&f->mem, RAM, data, sizeof(data)));
	assert_true(mem_load(&f->mem, RAM + PG, data, sizeof(data)));
	share(f, RAM + PG);
	bool w;
	assert_non_null(mem_guest_ptr(&f->mem, &own, RAM, &w));
	assert_non_null(mem_guest_ptr(&f->mem, &own, RAM + PG, &w));
	assert_non_null(mem_guest_ptr(&f->mem, &priv, RAM, &w));
	assert_null(mem_guest_ptr(&f->mem, &priv, RAM + PG, &w));
	assert_null(mem_guest_ptr(&f->mem, &shr, RAM, &w));
	assert_non_null(mem_guest_ptr(&f->mem, &shr, RAM + PG, &w));

	uint8_t got[16], host_view[16];
	assert_int_equal(mem_guest_access(&f->mem, &shr, RAM, got, sizeof(got), false), MEM_OK);
	assert_true(mem_host_read(&f->mem, RAM, host_view, sizeof(host_view)));
	assert_memory_equal(got, host_view, sizeof(got));
	assert_memory_not_equal(got, data, sizeof(got));
	assert_int_equal(mem_guest_access(&f->mem, &shr, RAM, got, 1, true), MEM_ERR_VIEW);
	assert_int_equal(mem_guest_access(&f->mem, &priv, RAM + PG, got, 4, false), MEM_ERR_VIEW);
	assert_int_equal(f->mem.view_violations, 2);
	assert_int_equal(mem_guest_access(&f->mem, &priv, RAM, got, sizeof(got), false), MEM_OK);
	assert_memory_equal(got, data, sizeof(got));
	/* One page at a time. */
	assert_int_equal(mem_guest_access(&f->mem, &priv, RAM + PG - 4, got, 8, false), MEM_ERR_NOT_RAM);
}

/* The gate is asked before a transition and may refuse it with a reason; nothing changes then. */
static const char *refuse_second_page(void *opaque, const struct mem_transition *t)
{
	int *asked = opaque;
	(*asked)++;
	return t->gpa == RAM + PG ? "fault injected: share refused" : NULL;
}

static void test_gate(void **state)
{
	struct fixture *f = *state;
	int asked = 0;
	mem_set_gate(&f->mem, refuse_second_page, &asked);
	assert_int_equal(mem_page_share(&f->mem, &guest, RAM), MEM_OK);
	assert_int_equal(mem_page_share(&f->mem, &guest, RAM + PG), MEM_ERR_REFUSED);
	assert_string_equal(f->mem.refused, "fault injected: share refused");
	assert_int_equal(mem_page_at(&f->mem, RAM + PG, NULL)->owner, MEM_PRIVATE);
	assert_int_equal(f->seen.n, 1);
	assert_int_equal(asked, 2);
	/* A precondition that fails is not the gate's business. */
	assert_int_equal(mem_page_share(&f->mem, &guest, RAM), MEM_ERR_STATE);
	assert_int_equal(asked, 2);
}

/* A full listener table is an error the caller sees, not a listener silently lost. */
static void test_listener_overflow(void **state)
{
	struct fixture *f = *state;
	struct seen extra;
	int added = 1;   /* setup's */
	while (mem_add_listener(&f->mem, record_transition, &extra))
		added++;
	assert_int_equal(added, MEM_MAX_LISTENERS);
	assert_false(mem_add_listener(&f->mem, record_transition, &extra));
}

/*
 * The other address spaces (x86 ports, LoongArch IOCSR) hold devices only,
 * and every device access names its requester: one device at one address
 * can answer each vCPU differently (a local APIC).
 */
struct per_cpu_dev {
	uint64_t reg[4];
	int last_vcpu;
	uint8_t last_level;
};

static uint64_t per_cpu_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct per_cpu_dev *d = opaque;
	d->last_vcpu = who->vcpu;
	d->last_level = who->level;
	return d->reg[who->vcpu & 3];
}

static void per_cpu_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			  uint64_t val)
{
	struct per_cpu_dev *d = opaque;
	d->reg[who->vcpu & 3] = val;
}

static const struct mem_mmio_ops per_cpu_ops = { .read = per_cpu_read, .write = per_cpu_write };

static void test_io_space_and_requester(void **state)
{
	struct mem_space io;
	mem_space_init(&io, MEM_SPACE_PORT_IO, KEY);
	assert_null(mem_add_ram(&io, "ram", 0, PG, MEM_SHARED));
	struct per_cpu_dev d = { 0 };
	assert_non_null(mem_add_mmio(&io, "apic-like", 0x3f8, 8, &per_cpu_ops, &d));
	struct mem_req cpu2 = { .kind = MEM_BY_GUEST, .vcpu = 2, .level = 3 };
	uint64_t v = 0x22;
	assert_true(mem_guest_io(&io, &cpu2, 0x3f8, 1, true, &v));
	v = 0x11;
	assert_true(mem_guest_io(&io, &test_cpu0, 0x3f8, 1, true, &v));
	assert_true(mem_guest_io(&io, &cpu2, 0x3f8, 1, false, &v));
	assert_int_equal(v, 0x22);
	assert_int_equal(d.last_vcpu, 2);
	assert_int_equal(d.last_level, 3);
	assert_true(mem_guest_io(&io, &test_cpu0, 0x3f8, 1, false, &v));
	assert_int_equal(v, 0x11);
	assert_false(mem_guest_io(&io, &test_cpu0, 0x3f0, 1, false, &v));
	mem_space_free(&io);
}

/*
 * Touched pages are those someone reached, each way mem/ hands out guest
 * memory, and never their neighbours: guest RAM sits on transparent huge
 * pages, so the host backs a whole 2 MiB for one touched page and cannot
 * say which page was used. Pages 32-63 here share one 2 MiB host page.
 */
static void test_touched_is_exact(void **state)
{
	(void)state;
	struct mem_space s;
	mem_space_init(&s, MEM_SPACE_MEMORY, 1);
	const uint64_t base = 0x40000000;
	struct mem_region *r = mem_add_ram(&s, "ram", base, 16ull << 20, MEM_SHARED);
	assert_non_null(r);
	uint8_t b[64], byte = 1;
	bool w;
	mem_touched(r, 0, 64, b);
	for (int k = 0; k < 64; k++)
		assert_int_equal(b[k], 0);
	assert_true(mem_host_write(&s, base + 40 * PG, &byte, 1));          /* a device's write */
	assert_true(mem_host_read(&s, base + 42 * PG + 9, &byte, 1));       /* a device's read */
	assert_non_null(mem_guest_ptr(&s, &test_cpu0, base + 44 * PG, &w)); /* a TLB fill */
	assert_int_equal(mem_guest_access(&s, &test_cpu0, base + 46 * PG, &byte, 1, false), MEM_OK);
	assert_true(mem_load(&s, base + 48 * PG - 1, (uint8_t[2]){ 1, 2 }, 2)); /* across two pages */
	mem_touch(r, 55, 2);                                                 /* r->host reached directly */
	/* A host read of a private page reads its ciphertext: the page's bytes all the same. */
	assert_int_equal(mem_page_unshare(&s, &guest, base + 60 * PG), MEM_OK);
	assert_int_equal(mem_page_unshare(&s, &guest, base + 61 * PG), MEM_OK);
	assert_true(mem_host_read(&s, base + 60 * PG, &byte, 1));
	/* Refused: nothing moved, nothing touched. */
	assert_false(mem_host_write(&s, base + 61 * PG, &byte, 1));
	assert_int_equal(mem_guest_access(&s, &(struct mem_req){ .kind = MEM_BY_GUEST, .vcpu = 0,
								 .view = MEM_VIEW_PRIVATE },
					  base + 62 * PG, &byte, 1, true), MEM_ERR_VIEW);
	mem_touched(r, 32, 32, b);
	for (int k = 0; k < 32; k++)
		assert_int_equal(b[k], k == 8 || k == 10 || k == 12 || k == 14 || k == 15 ||
				       k == 16 || k == 23 || k == 24 || k == 28);
	mem_space_free(&s);
}

/* Does /proc/self/smaps give the mapping holding p the VmFlags flag `flag`? */
static bool vma_flag(const void *p, const char *flag)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	assert_non_null(f);
	char line[512];
	bool inside = false, found = false;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {   /* a mapping's first line */
			inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
		} else if (inside && !strncmp(line, "VmFlags:", 8)) {
			char want[8];
			snprintf(want, sizeof(want), " %s", flag);
			for (char *t = strstr(line, want); t && !found; t = strstr(t + 1, want))
				found = t[strlen(want)] == ' ' || t[strlen(want)] == '\n';
			break;
		}
	}
	fclose(f);
	return found;
}

/*
 * Guest RAM sits on transparent huge pages (docs/performance.md, "Guest
 * RAM on huge pages"): 2 MiB-aligned, so the host can use them, and
 * advised. The page records stay on 4 KiB pages: a large guest touches
 * them sparsely.
 */
static void test_ram_on_huge_pages(void **state)
{
	(void)state;
	if (access("/sys/kernel/mm/transparent_hugepage", F_OK) != 0)
		skip();   /* a kernel without THP */
	struct mem_space s;
	mem_space_init(&s, MEM_SPACE_MEMORY, 1);
	struct mem_region *r = mem_add_ram(&s, "ram", 0x40000000, 64ull << 20, MEM_PRIVATE);
	assert_non_null(r);
	assert_int_equal((uintptr_t)r->host & ((2u << 20) - 1), 0);
	assert_true(vma_flag(r->host, "hg"));
	assert_true(vma_flag(r->pages, "nh"));
	mem_space_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ram_is_lazy),
		cmocka_unit_test(test_page_records_are_lazy),
		cmocka_unit_test(test_records_survive_snapshot_walk),
		cmocka_unit_test_setup_teardown(test_rom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmio, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlap_and_alignment_refused, setup, teardown),
		cmocka_unit_test(test_region_limit),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_many),
		cmocka_unit_test_setup_teardown(test_share_unshare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transition_preconditions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_listener_told, setup, teardown),
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_count_owners, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_reads_shared_plaintext, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_reads_private_ciphertext, setup, teardown),
		cmocka_unit_test(test_cipher_keyed),
		cmocka_unit_test_setup_teardown(test_cipher_follows_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_read_spanning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transitions_keep_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_write_shared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_write_private_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_write_spanning_refused_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_writes_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_code_written_hook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_psc, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_unvalidated_access, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_share_drops_coco_state, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_vmpl_permissions, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_vmpl_shared_page, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_accept_and_l2, setup_tdx, teardown),
		cmocka_unit_test_setup_teardown(test_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listener_overflow, setup, teardown),
		cmocka_unit_test(test_io_space_and_requester),
		cmocka_unit_test(test_ram_on_huge_pages),
		cmocka_unit_test(test_touched_is_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
