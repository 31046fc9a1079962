/*
 * The framebuffer: its memory, the host's picture of it, and the device-tree
 * node the board writes for it.
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
#include <libfdt.h>

#include "dev/fb.h"
#include "machine/machine.h"

#define FB 0x10000000ull
#define RAM 0x40000000ull

/* Whole pages of shared memory, in a region of its own, even beside private RAM. */
static void test_memory(void **state)
{
	struct mem_space mem;
	mem_space_init(&mem, 1);
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
	mem_space_init(&mem, 1);
	struct fb *fb = fb_new(&mem, FB, 3, 2);
	assert_non_null(fb);
	const uint8_t px[6][4] = {
		{ 0x01, 0x02, 0x03, 0xff }, { 0x10, 0x20, 0x30, 0x00 }, { 0xff, 0x00, 0x00, 0x80 },
		{ 0x00, 0xff, 0x00, 0x00 }, { 0x00, 0x00, 0xff, 0xff }, { 0xaa, 0xbb, 0xcc, 0xdd },
	};
	bool writable;
	uint8_t *p = mem_guest_ptr(&mem, FB, &writable);
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

static const void *prop(const void *fdt, int node, const char *name, int *len)
{
	const void *p = fdt_getprop(fdt, node, name, len);
	assert_non_null(p);
	return p;
}

static uint32_t prop_u32(const void *fdt, int node, const char *name)
{
	int len;
	const void *p = prop(fdt, node, name, &len);
	assert_int_equal(len, 4);
	fdt32_t v;
	memcpy(&v, p, 4);
	return fdt32_to_cpu(v);
}

/* The simple-framebuffer node (display/simple-framebuffer.yaml), and none without a display. */
static void test_device_tree(void **state)
{
	struct hvsim_config cfg = { .machine = "arm64-virt", .ram_bytes = 64ull << 20, .smp = 1 };
	char err[256];
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	assert_non_null(vm);
	static uint64_t fdt[16384];
	assert_true(machine_build_fdt(vm, fdt, sizeof(fdt), NULL, 0, 0) > 0);
	assert_true(fdt_node_offset_by_compatible(fdt, -1, "simple-framebuffer") < 0);

	vm->fb = fb_new(&vm->mem, VIRT_FB_BASE, 640, 480);
	assert_non_null(vm->fb);
	assert_true(machine_build_fdt(vm, fdt, sizeof(fdt), NULL, 0, 0) > 0);
	int node = fdt_node_offset_by_compatible(fdt, -1, "simple-framebuffer");
	assert_true(node >= 0);
	assert_string_equal(fdt_get_name(fdt, node, NULL), "framebuffer@10000000");
	int len;
	const void *reg = prop(fdt, node, "reg", &len);
	assert_int_equal(len, 16);
	fdt64_t r[2];
	memcpy(r, reg, 16);
	assert_int_equal(fdt64_to_cpu(r[0]), VIRT_FB_BASE);
	assert_int_equal(fdt64_to_cpu(r[1]), 640 * 480 * 4);
	assert_int_equal(prop_u32(fdt, node, "width"), 640);
	assert_int_equal(prop_u32(fdt, node, "height"), 480);
	assert_int_equal(prop_u32(fdt, node, "stride"), 640 * 4);
	assert_string_equal(prop(fdt, node, "format", &len), "a8r8g8b8");
	/* Outside the memory node: Linux maps it as a device's memory, not as RAM. */
	int mem = fdt_path_offset(fdt, "/memory@40000000");
	assert_true(mem >= 0);
	memcpy(r, prop(fdt, mem, "reg", &len), 16);
	assert_true(VIRT_FB_BASE + (640 * 480 * 4) <= fdt64_to_cpu(r[0]));
	hvsim_vm_destroy(vm);
}

/* The command line's checks: an unknown display, a screenshot without one. */
static void test_api_errors(void **state)
{
	struct hvsim_config cfg = { .machine = "arm64-virt", .ram_bytes = 64ull << 20, .smp = 1,
				    .display = "vnc" };
	char err[256];
	assert_null(hvsim_vm_create(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "unknown display 'vnc'"));
	cfg.display = "none";
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	assert_non_null(vm);
	assert_int_equal(hvsim_vm_screenshot(vm, "/tmp/x.ppm", err, sizeof(err)), HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "no display"));
	hvsim_vm_destroy(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_read_and_ppm),
		cmocka_unit_test(test_device_tree),
		cmocka_unit_test(test_api_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
