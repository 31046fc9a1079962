/*
 * pKVM's guest hypercalls (hv/kvm_arm64.c) with hv/ and mem/ alone: each
 * case pKVM's hypervisor refuses (arch/arm64/kvm/hyp/nvhe/pkvm.c,
 * mem_protect.c) answered as it answers it, and the page's owner after;
 * FEATURES; MMIO_GUARD and the device accesses it lets through.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv/hv.h"

#define RAM 0x40000000ull
#define RAM_SIZE (64 * MEM_PAGE_SIZE)
#define DEV 0x09000000ull     /* a device's registers */
#define HOLE 0x20000000ull    /* nothing at all */
#define SLOTS 0x0a000000ull   /* small devices sharing pages, as virtio-mmio's 0x200-byte transports */

#define MEM_SHARE 0xc6000003u
#define MEM_UNSHARE 0xc6000004u
#define MMIO_GUARD 0xc6000007u
#define FEATURES 0x86000000u
#define INVALID ((uint64_t)(int64_t)SMCCC_INVALID_PARAMETER)

enum { CONDUIT_HVC };

static const struct hv_route routes[] = {
	{ .conduit = CONDUIT_HVC, .immediate = 0, .abi = &hv_smccc_abi },
};

struct fixture {
	int dev_reads, dev_writes;      /* what reached the device */
	int unguarded;                  /* what the machine was told of */
	uint64_t unguarded_pa;
	struct mem_space mem;
	struct hv_platform plat;
	struct hv_path path;
};

static uint64_t dev_read(void *o, const struct mem_req *w, uint64_t off, unsigned size)
{
	(void)w, (void)size;
	((struct fixture *)o)->dev_reads++;
	return 0x5a00 + off;
}

static void dev_write(void *o, const struct mem_req *w, uint64_t off, unsigned size, uint64_t v)
{
	(void)w, (void)off, (void)size, (void)v;
	((struct fixture *)o)->dev_writes++;
}

static void on_unguarded(void *o, const struct mem_req *w, uint64_t pa, unsigned size, bool wr)
{
	(void)w, (void)size, (void)wr;
	struct fixture *f = o;
	f->unguarded++;
	f->unguarded_pa = pa;
}

static const struct mem_mmio_ops dev_ops = { .read = dev_read, .write = dev_write };

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	assert_non_null(mem_add_ram(&f->mem, "ram", RAM, RAM_SIZE, MEM_PRIVATE));
	assert_non_null(mem_add_mmio(&f->mem, "dev", DEV, 0x3000, &dev_ops, f));
	f->mem.mmio_guard = true;
	f->mem.unguarded = on_unguarded;
	f->mem.unguarded_opaque = f;
	f->plat = (struct hv_platform){ .opaque = f, .mem = &f->mem, .protected_vm = true };
	f->path = (struct hv_path){ .routes = routes, .n_routes = 1, .plat = &f->plat };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	mem_space_free(&f->mem);
	test_free(f);
	return 0;
}

static uint64_t hvc(struct fixture *f, uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct hv_call c = {
		.abi = hv_route_find(&f->path, CONDUIT_HVC, 0), .vcpu = 0, .level = 1,
		.conduit = CONDUIT_HVC, .a = { fn, a1, a2, a3 },
	};
	hv_call(&f->path, &c);
	return c.r[0];
}

static enum mem_owner owner(struct fixture *f, uint64_t gpa)
{
	return (enum mem_owner)mem_page_at(&f->mem, gpa, NULL)->owner;
}

/* A private page becomes shared and back; the host sees its content only while shared. */
static void test_share_unshare(void **state)
{
	struct fixture *f = *state;
	uint64_t page = RAM + 3 * MEM_PAGE_SIZE;
	static const char secret[] = "the guest's own";
	char seen[sizeof(secret)];
	assert_true(mem_load(&f->mem, page, secret, sizeof(secret)));
	assert_true(mem_host_read(&f->mem, page, seen, sizeof(seen)));
	assert_memory_not_equal(seen, secret, sizeof(secret));

	assert_int_equal(hvc(f, MEM_SHARE, page, 0, 0), SMCCC_SUCCESS);
	assert_int_equal(owner(f, page), MEM_SHARED);
	assert_int_equal(owner(f, page + MEM_PAGE_SIZE), MEM_PRIVATE);   /* one granule only */
	assert_true(mem_host_read(&f->mem, page, seen, sizeof(seen)));
	assert_memory_equal(seen, secret, sizeof(secret));

	assert_int_equal(hvc(f, MEM_UNSHARE, page, 0, 0), SMCCC_SUCCESS);
	assert_int_equal(owner(f, page), MEM_PRIVATE);
	assert_true(mem_host_read(&f->mem, page, seen, sizeof(seen)));
	assert_memory_not_equal(seen, secret, sizeof(secret));
}

/* pkvm_mem{,un}share_call: x2 or x3 nonzero is refused before the page is looked at. */
static void test_reserved_args(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(hvc(f, MEM_SHARE, RAM, 1, 0), INVALID);
	assert_int_equal(hvc(f, MEM_SHARE, RAM, 0, 1ull << 63), INVALID);
	assert_int_equal(owner(f, RAM), MEM_PRIVATE);
	assert_int_equal(hvc(f, MEM_SHARE, RAM, 0, 0), SMCCC_SUCCESS);
	assert_int_equal(hvc(f, MEM_UNSHARE, RAM, 0, 1), INVALID);
	assert_int_equal(hvc(f, MEM_UNSHARE, RAM, 2, 0), INVALID);
	assert_int_equal(owner(f, RAM), MEM_SHARED);
}

/* get_valid_guest_pte(): an IPA not aligned to the granule is -EINVAL. */
static void test_alignment(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(hvc(f, MEM_SHARE, RAM + 8, 0, 0), INVALID);
	assert_int_equal(hvc(f, MEM_SHARE, RAM + MEM_PAGE_SIZE - 1, 0, 0), INVALID);
	assert_int_equal(owner(f, RAM), MEM_PRIVATE);
	assert_int_equal(hvc(f, MEM_SHARE, RAM, 0, 0), SMCCC_SUCCESS);
	assert_int_equal(hvc(f, MEM_UNSHARE, RAM + 0x800, 0, 0), INVALID);
	assert_int_equal(owner(f, RAM), MEM_SHARED);
}

/* The page's current state: PKVM_PAGE_OWNED to share, SHARED_OWNED to unshare (-EPERM). */
static void test_current_state(void **state)
{
	struct fixture *f = *state;
	uint64_t page = RAM + 5 * MEM_PAGE_SIZE;
	assert_int_equal(hvc(f, MEM_UNSHARE, page, 0, 0), INVALID);   /* private: not shared */
	assert_int_equal(owner(f, page), MEM_PRIVATE);
	assert_int_equal(hvc(f, MEM_SHARE, page, 0, 0), SMCCC_SUCCESS);
	assert_int_equal(hvc(f, MEM_SHARE, page, 0, 0), INVALID);     /* already shared */
	assert_int_equal(owner(f, page), MEM_SHARED);
	assert_int_equal(hvc(f, MEM_UNSHARE, page, 0, 0), SMCCC_SUCCESS);
	assert_int_equal(hvc(f, MEM_UNSHARE, page, 0, 0), INVALID);   /* already private */
}

/* IPAs outside guest RAM: a device's page, a hole, past the end of RAM. */
static void test_outside_ram(void **state)
{
	struct fixture *f = *state;
	uint64_t n0 = f->mem.n_transitions;
	assert_int_equal(hvc(f, MEM_SHARE, DEV, 0, 0), INVALID);
	assert_int_equal(hvc(f, MEM_SHARE, HOLE, 0, 0), INVALID);
	assert_int_equal(hvc(f, MEM_SHARE, RAM + RAM_SIZE, 0, 0), INVALID);
	assert_int_equal(hvc(f, MEM_SHARE, ~0ull & ~(MEM_PAGE_SIZE - 1), 0, 0), INVALID);
	assert_int_equal(hvc(f, MEM_UNSHARE, DEV, 0, 0), INVALID);
	assert_int_equal(f->mem.n_transitions, n0);
	/* The last page of RAM is RAM. */
	assert_int_equal(hvc(f, MEM_SHARE, RAM + RAM_SIZE - MEM_PAGE_SIZE, 0, 0), SMCCC_SUCCESS);
}

/* The SMC32 ids of the same functions are not pKVM's calls: NOT_SUPPORTED. */
static void test_smc32_ids(void **state)
{
	struct fixture *f = *state;
	assert_int_equal((int64_t)hvc(f, MEM_SHARE & ~0x40000000u, RAM, 0, 0), SMCCC_NOT_SUPPORTED);
	assert_int_equal(owner(f, RAM), MEM_PRIVATE);
}

/* FEATURES: HYP_MEMINFO (2), MEM_SHARE (3), MEM_UNSHARE (4), MMIO_GUARD (7) for protected VMs only. */
static void test_features(void **state)
{
	struct fixture *f = *state;
	uint64_t pkvm = 1u << 2 | 1u << 3 | 1u << 4 | 1u << 7;
	assert_int_equal(hvc(f, FEATURES, 0, 0, 0) & pkvm, pkvm);
	f->plat.protected_vm = false;
	assert_int_equal(hvc(f, FEATURES, 0, 0, 0) & pkvm, 0);
	assert_int_equal((int64_t)hvc(f, MMIO_GUARD, DEV, 0, 0), SMCCC_NOT_SUPPORTED);
}

/* MMIO_GUARD's arguments: reserved zero, granule-aligned, a device's page. */
static void test_mmio_guard_args(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(hvc(f, MMIO_GUARD, DEV, 1, 0), INVALID);
	assert_int_equal(hvc(f, MMIO_GUARD, DEV, 0, 1), INVALID);
	assert_int_equal(hvc(f, MMIO_GUARD, DEV + 4, 0, 0), INVALID);
	assert_int_equal(hvc(f, MMIO_GUARD, RAM, 0, 0), INVALID);
	assert_int_equal(hvc(f, MMIO_GUARD, HOLE, 0, 0), INVALID);
	assert_int_equal(f->mem.mmio_guarded, 0);
	assert_int_equal(hvc(f, MMIO_GUARD, DEV + MEM_PAGE_SIZE, 0, 0), SMCCC_SUCCESS);
	assert_int_equal(hvc(f, MMIO_GUARD, DEV + MEM_PAGE_SIZE, 0, 0), SMCCC_SUCCESS); /* again */
	assert_int_equal(f->mem.mmio_guarded, 1);
	assert_int_equal(owner(f, RAM), MEM_PRIVATE);
}

/* Guarded pages reach the device; the others are counted, reported and not forwarded. */
static void test_mmio_guard_access(void **state)
{
	struct fixture *f = *state;
	struct mem_req cpu = { .kind = MEM_BY_GUEST, .level = 1 };
	uint64_t v = 0x77;
	assert_int_equal(hvc(f, MMIO_GUARD, DEV + MEM_PAGE_SIZE, 0, 0), SMCCC_SUCCESS);
	assert_true(mem_guest_io(&f->mem, &cpu, DEV + MEM_PAGE_SIZE + 8, 4, false, &v));
	assert_int_equal(v, 0x5a00 + MEM_PAGE_SIZE + 8);
	assert_true(mem_guest_io(&f->mem, &cpu, DEV + MEM_PAGE_SIZE, 4, true, &v));
	assert_int_equal(f->dev_reads, 1);
	assert_int_equal(f->dev_writes, 1);
	assert_int_equal(f->unguarded, 0);

	v = 0x77;
	assert_true(mem_guest_io(&f->mem, &cpu, DEV + 0x10, 4, false, &v));   /* page 0: unguarded */
	assert_int_equal(v, 0);
	assert_true(mem_guest_io(&f->mem, &cpu, DEV + 2 * MEM_PAGE_SIZE, 8, true, &v));
	assert_int_equal(f->dev_reads, 1);
	assert_int_equal(f->dev_writes, 1);
	assert_int_equal(f->unguarded, 2);
	assert_int_equal(f->unguarded_pa, DEV + 2 * MEM_PAGE_SIZE);
	assert_int_equal(f->mem.unguarded_mmio, 2);
	/* The host (a debugger, the board) is not the protected guest. */
	assert_true(mem_guest_io(&f->mem, &mem_host, DEV + 0x10, 4, false, &v));
	assert_int_equal(f->dev_reads, 2);
	/* Without the guard (not a protected VM) everything reaches the device. */
	f->mem.mmio_guard = false;
	assert_true(mem_guest_io(&f->mem, &cpu, DEV + 0x10, 4, false, &v));
	assert_int_equal(f->dev_reads, 3);
	assert_int_equal(f->unguarded, 2);
}

/*
 * The guard is per page whatever the devices in it: guarding a page lets
 * the guest reach every device with registers there (Linux's pKVM guest
 * guards the pages around what it ioremaps: a virtio transport at +0x200
 * is reached through the guard of page +0), and pages a device spans past
 * its base's page are its own.
 */
static void test_mmio_guard_small_devices(void **state)
{
	struct fixture *f = *state;
	struct mem_req cpu = { .kind = MEM_BY_GUEST, .level = 1 };
	uint64_t v = 0;
	for (unsigned i = 0; i < 10; i++)
		assert_non_null(mem_add_mmio(&f->mem, "slot", SLOTS + 0x200 * i, 0x200, &dev_ops, f));
	assert_int_equal(hvc(f, MMIO_GUARD, SLOTS, 0, 0), SMCCC_SUCCESS);
	assert_int_equal(f->mem.mmio_guarded, 1);
	assert_true(mem_guest_io(&f->mem, &cpu, SLOTS + 0x200, 4, false, &v));     /* slot 1 */
	assert_true(mem_guest_io(&f->mem, &cpu, SLOTS + 0xe00 + 0x70, 4, true, &v)); /* slot 7 */
	assert_int_equal(f->unguarded, 0);
	assert_int_equal(f->dev_reads, 1);
	assert_int_equal(f->dev_writes, 1);
	/* Slots 8 and 9 are on the next page, not guarded yet. */
	assert_true(mem_guest_io(&f->mem, &cpu, SLOTS + 0x1200, 4, false, &v));
	assert_int_equal(f->unguarded, 1);
	assert_int_equal(hvc(f, MMIO_GUARD, SLOTS + MEM_PAGE_SIZE, 0, 0), SMCCC_SUCCESS);
	assert_true(mem_guest_io(&f->mem, &cpu, SLOTS + 0x1200, 4, false, &v));
	assert_int_equal(f->unguarded, 1);
	assert_int_equal(f->mem.mmio_guarded, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_share_unshare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reserved_args, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alignment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_current_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outside_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smc32_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmio_guard_args, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmio_guard_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmio_guard_small_devices, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
