/*
 * The arm64-virt board through the public API and its own functions: the
 * device tree it writes (the simple-framebuffer node, the power button),
 * the power button's press and release, and the checks of its configuration.
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
#include <png.h>
#include <unistd.h>

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

/* A 64 MiB, one-CPU arm64-virt VM and its device tree in fdt. */
static struct hvsim_vm *vm_with_fdt_as(void *fdt, size_t size, bool protected_vm)
{
	struct hvsim_config cfg = { .machine = "arm64-virt", .ram_bytes = 64ull << 20, .smp = 1,
				    .protected_vm = protected_vm };
	char err[256];
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	assert_non_null(vm);
	assert_true(arm64_virt_build_fdt(vm, fdt, size, NULL, 0, 0) > 0);
	return vm;
}

static struct hvsim_vm *vm_with_fdt(void *fdt, size_t size)
{
	return vm_with_fdt_as(fdt, size, false);
}

/* The simple-framebuffer node (display/simple-framebuffer.yaml), and none without a display. */
static void test_device_tree(void **state)
{
	static uint64_t fdt[16384];
	struct hvsim_vm *vm = vm_with_fdt(fdt, sizeof(fdt));
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

/* QEMU virt's 32 virtio-mmio transports: all mapped, all in the device tree. */
static void test_virtio_transports(void **state)
{
	static uint64_t fdt[16384];
	struct hvsim_vm *vm = vm_with_fdt(fdt, sizeof(fdt));
	int n = 0;
	for (int node = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio"); node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, "virtio,mmio")) {
		int len;
		fdt64_t r[2];
		memcpy(r, prop(fdt, node, "reg", &len), 16);
		assert_int_equal(fdt64_to_cpu(r[0]), VIRT_VIRTIO_BASE + 0x200ull * (uint64_t)n);
		const fdt32_t *irq = prop(fdt, node, "interrupts", &len);
		assert_int_equal(fdt32_to_cpu(irq[1]), VIRT_VIRTIO_SPI + n);
		n++;
	}
	assert_int_equal(n, 32);
	assert_true(fdt_node_offset_by_compatible(fdt, -1, "restricted-dma-pool") < 0);
	assert_null(fdt_getprop(fdt, fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio"),
				"memory-region", NULL));
	/* slot 0 (no -drive) and slot 31 are empty transports; slot 1 is the rng */
	static const struct { int slot; uint32_t id; } slots[] = { { 0, 0 }, { 1, 4 }, { 31, 0 } };
	for (int i = 0; i < 3; i++) {
		uint64_t v, base = VIRT_VIRTIO_BASE + 0x200ull * (uint64_t)slots[i].slot;
		assert_true(mem_guest_io(&vm->mem, &(struct mem_req){ 0 }, base, 4, false, &v));
		assert_int_equal(v, 0x74726976);
		assert_true(mem_guest_io(&vm->mem, &(struct mem_req){ 0 }, base + 8, 4, false, &v));
		assert_int_equal(v, slots[i].id);
	}
	hvsim_vm_destroy(vm);
}

/*
 * --pkvm: a restricted-dma-pool at the top of RAM, bound to every virtio
 * transport by memory-region, and the devices offer VIRTIO_F_ACCESS_PLATFORM
 * (feature bit 33: DeviceFeatures word 1, bit 1).
 */
static void test_protected_dma_pool(void **state)
{
	(void)state;
	static uint64_t fdt[16384];
	struct hvsim_vm *vm = vm_with_fdt_as(fdt, sizeof(fdt), true);
	int pool = fdt_node_offset_by_compatible(fdt, -1, "restricted-dma-pool");
	assert_true(pool >= 0);
	assert_string_equal(fdt_get_name(fdt, fdt_parent_offset(fdt, pool), NULL), "reserved-memory");
	assert_null(fdt_getprop(fdt, pool, "no-map", NULL));
	int len;
	fdt64_t r[2];
	memcpy(r, prop(fdt, pool, "reg", &len), 16);
	assert_int_equal(fdt64_to_cpu(r[0]) + fdt64_to_cpu(r[1]), VIRT_RAM_BASE + (64ull << 20));
	assert_int_equal(fdt64_to_cpu(r[0]), arm64_virt_dma_pool(vm));
	uint32_t phandle = prop_u32(fdt, pool, "phandle");
	int n = 0;
	for (int node = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio"); node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, "virtio,mmio"), n++)
		assert_int_equal(prop_u32(fdt, node, "memory-region"), phandle);
	assert_int_equal(n, 32);
	uint64_t v = 1, rng = VIRT_VIRTIO_BASE + 0x200;   /* slot 1: the rng */
	assert_true(mem_guest_io(&vm->mem, &mem_host, rng + 0x14, 4, true, &v));   /* DeviceFeaturesSel */
	assert_true(mem_guest_io(&vm->mem, &mem_host, rng + 0x10, 4, false, &v));  /* DeviceFeatures */
	assert_true(v & 2);
	hvsim_vm_destroy(vm);
}

/*
 * --page-map: a square per page, coloured by state. The layout: a title
 * line, six legend lines, a 4-pixel gap and the RAM region's label (lines
 * of 14 pixels), then RAM at 2x2 pixels a page, 256 pages a row.
 */
#define MAP_RAM_Y (14 * 8 + 4)

static const uint8_t *page_pixel(const uint8_t *px, unsigned width, uint64_t page)
{
	unsigned x = (unsigned)(page % 256) * 2, y = MAP_RAM_Y + (unsigned)(page / 256) * 2;
	return &px[3 * ((size_t)y * width + x)];
}

typedef int (*map_writer)(struct hvsim_vm *vm, const char *path, char *err, size_t errlen);

/* The PNG `write` makes of vm's page map, read back: RGB pixels to free, the size in *img. */
static uint8_t *map_pixels(struct hvsim_vm *vm, map_writer write, png_image *img)
{
	char path[] = "/tmp/hvsim-page-map-XXXXXX", err[256];
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(write(vm, path, err, sizeof(err)), 0);
	*img = (png_image){ .version = PNG_IMAGE_VERSION };
	assert_true(png_image_begin_read_from_file(img, path));
	img->format = PNG_FORMAT_RGB;
	uint8_t *px = malloc(PNG_IMAGE_SIZE(*img));
	assert_non_null(px);
	assert_true(png_image_finish_read(img, NULL, px, 0, NULL));
	unlink(path);
	return px;
}

/* How many of the pixels have colour rgb. */
static size_t count_rgb(const uint8_t *px, const png_image *img, const uint8_t rgb[3])
{
	size_t n = 0;
	for (size_t i = 0; i < (size_t)img->width * img->height; i++)
		n += !memcmp(&px[3 * i], rgb, 3);
	return n;
}

static void test_page_map(void **state)
{
	(void)state;
	static uint64_t fdt[16384];
	struct hvsim_vm *vm = vm_with_fdt_as(fdt, sizeof(fdt), true);
	struct mem_req cpu = { .kind = MEM_BY_GUEST, .level = 1, .via = "test" };
	static const uint8_t data[8] = "private";
	assert_true(mem_load(&vm->mem, VIRT_RAM_BASE + 5 * MEM_PAGE_SIZE, data, sizeof(data)));
	assert_int_equal(mem_page_share(&vm->mem, &cpu, VIRT_RAM_BASE + 7 * MEM_PAGE_SIZE), MEM_OK);
	assert_true(mem_host_write(&vm->mem, VIRT_RAM_BASE + 7 * MEM_PAGE_SIZE, data, sizeof(data)));
	/* Page 9, shared too but never touched, shows as never touched. */
	assert_int_equal(mem_page_share(&vm->mem, &cpu, VIRT_RAM_BASE + 9 * MEM_PAGE_SIZE), MEM_OK);
	assert_int_equal(mem_mmio_guard(&vm->mem, &cpu, VIRT_UART_BASE), MEM_OK);
	png_image img;
	uint8_t *px = map_pixels(vm, hvsim_vm_page_map, &img);
	assert_int_equal(img.width, 512);
	assert_memory_equal(page_pixel(px, img.width, 5), ((uint8_t[]){ 0x30, 0x50, 0xc0 }), 3);
	assert_memory_equal(page_pixel(px, img.width, 7), ((uint8_t[]){ 0x30, 0xb0, 0x40 }), 3);
	assert_memory_equal(page_pixel(px, img.width, 9), ((uint8_t[]){ 0xd8, 0xd8, 0xd8 }), 3);
	/* 64 MiB of RAM: 64 rows; the guarded UART page comes in its own strip below. */
	assert_true(img.height > MAP_RAM_Y + 64 * 2 + 14 + 2);
	free(px);
	/* A path that cannot be written is the user's error. */
	char err[256];
	assert_int_equal(hvsim_vm_page_map(vm, "/nonexistent/dir/map.png", err, sizeof(err)),
			 HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "/nonexistent/dir/map.png"));
	hvsim_vm_destroy(vm);
}

/* What the console's monitor said, for the tests to read. */
static char monitor_said[4096];

static void monitor_text(void *opaque, const char *text, size_t len)
{
	(void)opaque;
	size_t have = strlen(monitor_said), room = sizeof(monitor_said) - 1 - have;
	memcpy(monitor_said + have, text, len < room ? len : room);
	monitor_said[have + (len < room ? len : room)] = 0;
}

/*
 * A device region need not start on a page (virtio-mmio transports are
 * 0x200 bytes): one of 4 KiB at 0x...800 has registers on two pages, and
 * the guard is kept per page, so the map shows both. Counted in pixels: the
 * legend's 10x10 box of each colour, and 2x2 a page.
 */
static void test_page_map_unaligned_device(void **state)
{
	(void)state;
	static uint64_t fdt[16384];
	struct hvsim_vm *vm = vm_with_fdt_as(fdt, sizeof(fdt), true);
	static const struct mem_mmio_ops none = { 0 };
	assert_non_null(mem_add_mmio(&vm->mem, "straddler", 0x0c000800, 0x1000, &none, NULL));
	struct mem_req cpu = { .kind = MEM_BY_GUEST, .level = 1, .via = "test" };
	assert_int_equal(mem_mmio_guard(&vm->mem, &cpu, 0x0c001000), MEM_OK);
	png_image img;
	uint8_t *px = map_pixels(vm, hvsim_vm_page_map, &img);
	assert_int_equal(count_rgb(px, &img, (const uint8_t[]){ 0xf0, 0x90, 0x20 }), 100 + 4);
	assert_int_equal(count_rgb(px, &img, (const uint8_t[]){ 0x60, 0x60, 0x60 }), 100 + 4);
	free(px);
	/* The monitor's `info pages` counts that page too. */
	struct hvsim_monitor_config mc = { .console_text = monitor_text };
	char err[256];
	assert_int_equal(hvsim_vm_monitor(vm, &mc, err, sizeof(err)), 0);
	monitor_said[0] = 0;
	hvsim_monitor_input(vm, (const uint8_t *)"info pages\n", 11);
	assert_non_null(strstr(monitor_said, "straddler (device): 1 pages MMIO-guarded"));
	hvsim_vm_destroy(vm);
}

/* Pixel (x, y) of an RGB picture img wide. */
static const uint8_t *pixel_at(const uint8_t *px, const png_image *img, unsigned x, unsigned y)
{
	return &px[3 * ((size_t)y * img->width + x)];
}

/*
 * The live page map (-display sdl,page-map=on), without a window: a
 * transition repaints its page at the next refresh though the bounded
 * sweep is elsewhere; the window's picture is the PNG map's pixels, with
 * white below for device regions not guarded; nothing changed, nothing to
 * redraw. 256 MiB: 65,536 pages, four times what one refresh sweeps.
 */
static void test_page_map_live(void **state)
{
	(void)state;
	struct hvsim_config cfg = { .machine = "arm64-virt", .ram_bytes = 256ull << 20, .smp = 1,
				    .protected_vm = true };
	char err[256];
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	assert_non_null(vm);
	vm->page_map = machine_page_map_new(vm, true, err, sizeof(err));
	assert_non_null(vm->page_map);
	struct mem_req cpu = { .kind = MEM_BY_GUEST, .level = 1, .via = "test" };
	static const uint8_t data[8] = "loaded";
	const uint64_t far = 60000;   /* beyond the first refresh's sweep */
	assert_true(mem_load(&vm->mem, VIRT_RAM_BASE + far * MEM_PAGE_SIZE, data, sizeof(data)));
	uint32_t w, h;
	const uint32_t *live = machine_page_map_pixels(vm->page_map, &w, &h);
	unsigned fx = (unsigned)(far % 256) * 2, fy = MAP_RAM_Y + (unsigned)(far / 256) * 2;
	assert_int_equal(w, 512);
	/* A load is no transition: the sweep finds the page in its fourth refresh. */
	for (int i = 0; i < 3; i++) {
		assert_false(machine_page_map_update(vm->page_map, false));
		assert_int_equal(live[(size_t)fy * w + fx], 0xd8d8d8);
	}
	assert_true(machine_page_map_update(vm->page_map, false));
	assert_int_equal(live[(size_t)fy * w + fx], 0x3050c0);
	/* A share is: the next refresh repaints it, its sweep a quarter away. */
	assert_int_equal(mem_page_share(&vm->mem, &cpu, VIRT_RAM_BASE + far * MEM_PAGE_SIZE), MEM_OK);
	assert_true(machine_page_map_update(vm->page_map, false));
	assert_int_equal(live[(size_t)fy * w + fx], 0x30b040);
	for (int i = 0; i < 4; i++)
		assert_false(machine_page_map_update(vm->page_map, false));
	/* A guard lays out a device strip below RAM; the picture keeps its height. */
	assert_int_equal(mem_mmio_guard(&vm->mem, &cpu, VIRT_UART_BASE), MEM_OK);
	assert_true(machine_page_map_update(vm->page_map, false));
	png_image pimg, mimg;
	uint8_t *panel = map_pixels(vm, hvsim_vm_page_map_panel, &pimg);
	uint8_t *map = map_pixels(vm, hvsim_vm_page_map, &mimg);
	assert_int_equal(pimg.width, mimg.width);
	assert_int_equal(pimg.height, h);
	assert_true(mimg.height < pimg.height);
	assert_memory_equal(panel, map, (size_t)mimg.width * mimg.height * 3);
	for (unsigned y = mimg.height; y < pimg.height; y++)
		for (unsigned x = 0; x < pimg.width; x++)
			assert_memory_equal(pixel_at(panel, &pimg, x, y), "\xff\xff\xff", 3);
	assert_memory_equal(pixel_at(map, &mimg, fx, fy), ((uint8_t[]){ 0x30, 0xb0, 0x40 }), 3);
	free(panel);
	free(map);
	hvsim_vm_destroy(vm);
}

/* A live map of a VM that is not protected has no room for device strips: a guard there is clipped. */
static void test_page_map_live_unexpected_guard(void **state)
{
	(void)state;
	static uint64_t fdt[16384];
	struct hvsim_vm *vm = vm_with_fdt(fdt, sizeof(fdt));
	char err[256];
	vm->page_map = machine_page_map_new(vm, true, err, sizeof(err));
	assert_non_null(vm->page_map);
	struct mem_req cpu = { .kind = MEM_BY_GUEST, .level = 1, .via = "test" };
	assert_int_equal(mem_mmio_guard(&vm->mem, &cpu, VIRT_UART_BASE), MEM_OK);
	machine_page_map_update(vm->page_map, false);
	uint32_t w, h;
	machine_page_map_pixels(vm->page_map, &w, &h);
	char path[] = "/tmp/hvsim-page-map-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(machine_page_map_write(vm->page_map, path, false, err, sizeof(err)), 0);
	png_image img = { .version = PNG_IMAGE_VERSION };
	assert_true(png_image_begin_read_from_file(&img, path));
	png_image_free(&img);
	unlink(path);
	assert_true(img.height <= h);
	hvsim_vm_destroy(vm);
}

/* A raw binary (neither Image nor ELF) loads 512 KiB into RAM, as on QEMU's virt. */
static void test_raw_kernel(void **state)
{
	struct mem_space mem;
	mem_space_init(&mem, MEM_SPACE_MEMORY, 1);
	assert_true(mem_add_ram(&mem, "ram", VIRT_RAM_BASE, 16ull << 20, MEM_SHARED));
	static const uint8_t code[] = { 0x1f, 0x20, 0x03, 0xd5, 0x00, 0x00, 0x00, 0x14 };
	uint64_t entry = 0, end = 0;
	char err[128];
	assert_int_equal(arm64_load_image(&mem, VIRT_RAM_BASE, 16ull << 20, code, sizeof(code),
					  &entry, &end, err, sizeof(err)), 0);
	assert_int_equal(entry, VIRT_RAM_BASE + 0x80000);
	assert_int_equal(end, entry + sizeof(code));
	uint8_t back[8];
	assert_true(mem_host_read(&mem, entry, back, sizeof(back)));
	assert_memory_equal(back, code, sizeof(code));
	/* an ELF is not this loader's */
	static const uint8_t elf[16] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	assert_int_equal(arm64_load_image(&mem, VIRT_RAM_BASE, 16ull << 20, elf, sizeof(elf),
					  &entry, &end, err, sizeof(err)), 1);
	/* and an empty file is nothing */
	assert_int_equal(arm64_load_image(&mem, VIRT_RAM_BASE, 16ull << 20, code, 0, &entry, &end,
					  err, sizeof(err)), HVSIM_BAD_INPUT);
	mem_space_free(&mem);
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

/* GPIODATA with only the power button's pin selected (address bits [9:2] mask the access). */
static uint64_t power_pin(struct hvsim_vm *vm)
{
	uint64_t v;
	assert_true(mem_guest_io(&vm->mem, &(struct mem_req){ 0 },
				 VIRT_GPIO_BASE + ((1u << VIRT_POWER_PIN) << 2), 4, false, &v));
	return v;
}

/*
 * The power button as on QEMU's virt: a PL061 at 0x9030000 on SPI 7 and a
 * gpio-keys node whose poweroff key (KEY_POWER) is its pin 3, active high;
 * a press holds the pin high for 100 ms of virtual time.
 */
static void test_power_button(void **state)
{
	(void)state;
	static uint64_t fdt[16384];
	struct hvsim_vm *vm = vm_with_fdt(fdt, sizeof(fdt));
	int gpio = fdt_node_offset_by_compatible(fdt, -1, "arm,pl061");
	assert_true(gpio >= 0);
	assert_string_equal(fdt_get_name(fdt, gpio, NULL), "pl061@9030000");
	assert_non_null(fdt_getprop(fdt, gpio, "gpio-controller", NULL));
	assert_int_equal(prop_u32(fdt, gpio, "#gpio-cells"), 2);
	int len;
	const fdt32_t *irq = prop(fdt, gpio, "interrupts", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(irq[0]), 0);
	assert_int_equal(fdt32_to_cpu(irq[1]), 7);
	assert_int_equal(fdt32_to_cpu(irq[2]), 4);
	int key = fdt_path_offset(fdt, "/gpio-keys/poweroff");
	assert_true(key >= 0);
	assert_string_equal(prop(fdt, fdt_parent_offset(fdt, key), "compatible", &len), "gpio-keys");
	assert_int_equal(prop_u32(fdt, key, "linux,code"), 116);
	const fdt32_t *gpios = prop(fdt, key, "gpios", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(gpios[0]), prop_u32(fdt, gpio, "phandle"));
	assert_int_equal(fdt32_to_cpu(gpios[1]), 3);
	assert_int_equal(fdt32_to_cpu(gpios[2]), 0);

	assert_int_equal(power_pin(vm), 0);
	vm->board->power_button(vm);
	assert_int_equal(power_pin(vm), 1u << VIRT_POWER_PIN);
	uint64_t ms = core_ns_to_cycles(vm->timing, 1000000);
	core_events_run(&vm->events, vm->now + 99 * ms);
	assert_int_equal(power_pin(vm), 1u << VIRT_POWER_PIN);
	core_events_run(&vm->events, vm->now + 100 * ms);
	assert_int_equal(power_pin(vm), 0);
	hvsim_vm_destroy(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_tree),
		cmocka_unit_test(test_virtio_transports),
		cmocka_unit_test(test_power_button),
		cmocka_unit_test(test_protected_dma_pool),
		cmocka_unit_test(test_page_map),
		cmocka_unit_test(test_page_map_unaligned_device),
		cmocka_unit_test(test_page_map_live),
		cmocka_unit_test(test_page_map_live_unexpected_guard),
		cmocka_unit_test(test_raw_kernel),
		cmocka_unit_test(test_api_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
