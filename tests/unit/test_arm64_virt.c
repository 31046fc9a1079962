/*
 * The arm64-virt board through the public API and its own functions: the
 * device tree it writes (the simple-framebuffer node), and the checks of
 * its configuration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "dev/fb.h"
#include "machine/arm64_virt.h"

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
	assert_true(arm64_virt_build_fdt(vm, fdt, sizeof(fdt), NULL, 0, 0) > 0);
	assert_true(fdt_node_offset_by_compatible(fdt, -1, "simple-framebuffer") < 0);

	vm->fb = fb_new(&vm->mem, VIRT_FB_BASE, 640, 480);
	assert_non_null(vm->fb);
	assert_true(arm64_virt_build_fdt(vm, fdt, sizeof(fdt), NULL, 0, 0) > 0);
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
		cmocka_unit_test(test_device_tree),
		cmocka_unit_test(test_api_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
