/*
 * The framebuffer: its memory and the host's picture of it. (The node the
 * arm64-virt board writes for it is test_arm64_virt.c's.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dev/fb.h"
#include "tests/unit/test_req.h"

#define FB 0x10000000ull
#define RAM 0x40000000ull

/* Whole pages of shared memory, in a region of its own, even beside private RAM. */
static void test_memory(void **state)
{
	struct mem_space mem;
	mem_space_init(&mem, MEM_SPACE_MEMORY, 1);
	assert_non_null(mem_add_ram(&mem, "ram", RAM, 1 << 20, MEM_PRIVATE));
	struct fb *fb = fb_new(&mem, FB, 100, 10);
	assert_non_null(fb);
	assert_int_equal(fb->stride, 400);
	assert_int_equal(fb->size, 4096);
	struct mem_region *r = mem_find(&mem, FB);
	assert_non_null(r);
	assert_int_equal(r->kind, MEM_RAM);
	assert_int_equal(r->size, 4096);
	assert_int_equal(mem_page_at(&mem, FB, NULL)->owner, MEM_SHARED);
	assert_int_equal(mem_page_at(&mem, RAM, NULL)->owner, MEM_PRIVATE);
	fb_free(fb);
	/* No room, no size, or too large: no framebuffer. */
	assert_null(fb_new(&mem, FB, 10, 10));
	assert_null(fb_new(&mem, FB + 0x100000, 0, 10));
	assert_null(fb_new(&mem, FB + 0x100000, 100000, 100000));
	mem_space_free(&mem);
}

/* What the guest stores (a8r8g8b8, little-endian) is what the host sees, alpha dropped. */
static void test_read_and_ppm(void **state)
{
	struct mem_space mem;
	mem_space_init(&mem, MEM_SPACE_MEMORY, 1);
	struct fb *fb = fb_new(&mem, FB, 3, 2);
	assert_non_null(fb);
	const uint8_t px[6][4] = {
		{ 0x01, 0x02, 0x03, 0xff }, { 0x10, 0x20, 0x30, 0x00 }, { 0xff, 0x00, 0x00, 0x80 },
		{ 0x00, 0xff, 0x00, 0x00 }, { 0x00, 0x00, 0xff, 0xff }, { 0xaa, 0xbb, 0xcc, 0xdd },
	};
	bool writable;
	uint8_t *p = mem_guest_ptr(&mem, &test_cpu0, FB, &writable);
	assert_non_null(p);
	assert_true(writable);
	memcpy(p, px, sizeof(px));
	uint32_t got[6];
	assert_true(fb_read(fb, got));
	const uint32_t want[6] = { 0x030201, 0x302010, 0x0000ff, 0x00ff00, 0xff0000, 0xccbbaa };
	assert_memory_equal(got, want, sizeof(want));

	char path[] = "/tmp/hvsim-test-fb-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_true(fb_write_ppm(fb, path));
	uint8_t file[64];
	ssize_t n = read(fd, file, sizeof(file));
	close(fd);
	unlink(path);
	static const char header[] = "P6\n3 2\n255\n";
	assert_int_equal(n, (ssize_t)(sizeof(header) - 1 + 18));
	assert_memory_equal(file, header, sizeof(header) - 1);
	const uint8_t rgb[18] = { 3, 2, 1, 0x30, 0x20, 0x10, 0, 0, 0xff,
				  0, 0xff, 0, 0xff, 0, 0, 0xcc, 0xbb, 0xaa };
	assert_memory_equal(file + sizeof(header) - 1, rgb, sizeof(rgb));
	assert_false(fb_write_ppm(fb, "/nonexistent-dir/x.ppm"));
	fb_free(fb);
	mem_space_free(&mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_read_and_ppm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
