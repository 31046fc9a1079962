/*
 * hostview: the host's view of private and shared guest pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dev/hostview.h"
#include "tests/unit/dev_test.h"
#include "tests/unit/test_req.h"

#define HV 0x090c0000ull
#define RAM 0x40000000ull
#define RAM_SIZE 0x10000ull
#define PAGE2 (RAM + 2 * MEM_PAGE_SIZE)

struct fixture {
	struct mem_space mem;
	struct hostview *hv;
};

static const struct mem_req guest = { .kind = MEM_BY_GUEST, .vcpu = 0, .via = "test" };

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 0xfeedface);
	assert_non_null(mem_add_ram(&f->mem, "ram", RAM, RAM_SIZE, MEM_PRIVATE));
	f->hv = hostview_new(&f->mem, HV);
	assert_non_null(f->hv);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	hostview_free(f->hv);
	mem_space_free(&f->mem);
	free(f);
	return 0;
}

/* The guest's own store: straight into its memory, as a vCPU would. */
static void guest_store64(struct fixture *f, uint64_t pa, uint64_t v)
{
	bool writable;
	uint8_t *p = mem_guest_ptr(&f->mem, &test_cpu0, pa, &writable);
	assert_non_null(p);
	assert_true(writable);
	memcpy(p, &v, 8);
}

static uint64_t guest_load64(struct fixture *f, uint64_t pa)
{
	bool writable;
	uint64_t v;
	memcpy(&v, mem_guest_ptr(&f->mem, &test_cpu0, pa, &writable), 8);
	return v;
}

static uint64_t hv_rd(struct fixture *f, uint64_t off, unsigned size)
{
	return mmio_rd(&f->mem, HV + off, size);
}

static void hv_wr(struct fixture *f, uint64_t off, unsigned size, uint64_t v)
{
	mmio_wr(&f->mem, HV + off, size, v);
}

static void test_private_page_reads_as_ciphertext(void **state)
{
	struct fixture *f = *state;
	const uint64_t secret = 0x5ec2e75ec2e75ec2ull;
	guest_store64(f, PAGE2 + 0x10, secret);
	hv_wr(f, HOSTVIEW_ADDR, 8, PAGE2 + 0x10);
	assert_int_equal(hv_rd(f, HOSTVIEW_ADDR, 8), PAGE2 + 0x10);
	uint64_t seen = hv_rd(f, HOSTVIEW_DATA, 8), expect;
	assert_true(mem_host_read(&f->mem, PAGE2 + 0x10, &expect, 8));
	assert_int_equal(seen, expect);
	assert_int_not_equal(seen, secret);
	/* the host may not write it: refused, counted, nothing changes */
	uint64_t violations = f->mem.host_violations;
	hv_wr(f, HOSTVIEW_WRITE, 8, 0x1111111111111111ull);
	assert_int_equal(hv_rd(f, HOSTVIEW_STATUS, 8), 0);
	assert_int_equal(f->mem.host_violations, violations + 1);
	assert_int_equal(guest_load64(f, PAGE2 + 0x10), secret);
}

static void test_shared_page_reads_and_writes_plainly(void **state)
{
	struct fixture *f = *state;
	const uint64_t msg = 0x0123456789abcdefull;
	guest_store64(f, PAGE2 + 0x20, msg);
	assert_int_equal(mem_page_share(&f->mem, &guest, PAGE2), MEM_OK);
	hv_wr(f, HOSTVIEW_ADDR, 8, PAGE2 + 0x20);
	assert_int_equal(hv_rd(f, HOSTVIEW_DATA, 8), msg);
	hv_wr(f, HOSTVIEW_WRITE, 8, 0xfeedfacecafef00dull);
	assert_int_equal(hv_rd(f, HOSTVIEW_STATUS, 8), 1);
	assert_int_equal(guest_load64(f, PAGE2 + 0x20), 0xfeedfacecafef00dull);
	/* unshared again: ciphertext, and writes refused */
	assert_int_equal(mem_page_unshare(&f->mem, &guest, PAGE2), MEM_OK);
	assert_int_not_equal(hv_rd(f, HOSTVIEW_DATA, 8), 0xfeedfacecafef00dull);
	hv_wr(f, HOSTVIEW_WRITE, 8, 0);
	assert_int_equal(hv_rd(f, HOSTVIEW_STATUS, 8), 0);
	assert_int_equal(guest_load64(f, PAGE2 + 0x20), 0xfeedfacecafef00dull);
}

static void test_narrow_accesses(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mem_page_share(&f->mem, &guest, RAM), MEM_OK);
	guest_store64(f, RAM + 0x100, 0x8877665544332211ull);
	/* ADDR in two 32-bit halves */
	hv_wr(f, HOSTVIEW_ADDR + 4, 4, RAM >> 32);
	hv_wr(f, HOSTVIEW_ADDR, 4, (uint32_t)(RAM + 0x100));
	assert_int_equal(hv_rd(f, HOSTVIEW_ADDR, 8), RAM + 0x100);
	assert_int_equal(hv_rd(f, HOSTVIEW_DATA + 4, 4), 0x88776655);
	assert_int_equal(hv_rd(f, HOSTVIEW_DATA + 1, 1), 0x22);
	/* a 16-bit write at WRITE+2 writes ADDR+2..3 only */
	hv_wr(f, HOSTVIEW_WRITE + 2, 2, 0xbbaa);
	assert_int_equal(hv_rd(f, HOSTVIEW_STATUS, 4), 1);
	assert_int_equal(guest_load64(f, RAM + 0x100), 0x88776655bbaa2211ull);
	/* write-only and reserved registers read as zero */
	assert_int_equal(hv_rd(f, HOSTVIEW_WRITE, 8), 0);
	assert_int_equal(hv_rd(f, 0x800, 4), 0);
}

static void test_not_ram(void **state)
{
	struct fixture *f = *state;
	static const uint64_t addrs[] = { 0, HV, RAM + RAM_SIZE, RAM + RAM_SIZE - 4, ~0ull - 3 };
	for (unsigned i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		hv_wr(f, HOSTVIEW_ADDR, 8, addrs[i]);
		assert_int_equal(hv_rd(f, HOSTVIEW_DATA, 8), 0);
		hv_wr(f, HOSTVIEW_WRITE, 8, 0x42);
		assert_int_equal(hv_rd(f, HOSTVIEW_STATUS, 8), 0);
	}
	/* the region is 4 KiB: beyond it there is nothing */
	uint64_t v;
	assert_false(mem_guest_io(&f->mem, &test_cpu0, HV + HOSTVIEW_MMIO_SIZE, 8, false, &v));
	assert_null(hostview_new(&f->mem, HV + 0x800));   /* overlaps */
}

static void test_hostile_accesses(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mem_page_share(&f->mem, &guest, RAM), MEM_OK);
	uint64_t seed = 0x853c49e6748fea9bull, v;
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	for (int i = 0; i < 20000; i++) {
		uint64_t r = test_rand(&seed);
		unsigned size = sizes[r & 3];
		uint64_t off = (r >> 8) % 0x40;
		if ((r >> 4) & 1)
			off = (r >> 8) % (HOSTVIEW_MMIO_SIZE - size + 1);
		/* aim ADDR at RAM most of the time so writes land */
		v = (r >> 5) & 1 ? RAM + ((r >> 20) % RAM_SIZE) : test_rand(&seed);
		assert_true(mem_guest_io(&f->mem, &test_cpu0, HV + off, size, (r >> 6) & 1, &v));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_private_page_reads_as_ciphertext, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_page_reads_and_writes_plainly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_narrow_accesses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_accesses, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
