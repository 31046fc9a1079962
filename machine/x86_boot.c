/*
 * Linux's 64-bit boot protocol as hvsim plays the boot loader
 * (Documentation/arch/x86/boot.rst; the layouts are uapi
 * asm/bootparam.h): the bzImage's setup header is checked, the
 * protected-mode kernel loaded at its preferred address, the initrd above
 * it, and boot_params (the "zero page") filled with a copy of the header,
 * the e820 map, the command line, the initrd and the RSDP's address. The
 * board then enters the kernel's 64-bit entry, 0x200 past the load
 * address, in long mode with RSI = the zero page ("64-bit Boot Protocol").
 * No real-mode setup code runs, so protocols before 2.12 (no xloadflags)
 * and kernels without XLF_KERNEL_64 are refused.
 */
#include <stdio.h>
#include <string.h>

#include "machine/x86_virt.h"

/* Setup header fields, as offsets in the image and in boot_params (boot.rst "The real-mode kernel header"). */
enum {
	HDR_SETUP_SECTS = 0x1f1, HDR_BOOT_FLAG = 0x1fe, HDR_JUMP = 0x200, HDR_HEADER = 0x202,
	HDR_VERSION = 0x206, HDR_TYPE_OF_LOADER = 0x210, HDR_LOADFLAGS = 0x211,
	HDR_RAMDISK_IMAGE = 0x218, HDR_RAMDISK_SIZE = 0x21c, HDR_CMD_LINE_PTR = 0x228,
	HDR_INITRD_ADDR_MAX = 0x22c, HDR_KERNEL_ALIGNMENT = 0x230, HDR_XLOADFLAGS = 0x236,
	HDR_CMDLINE_SIZE = 0x238, HDR_SETUP_DATA = 0x250, HDR_PREF_ADDRESS = 0x258, HDR_INIT_SIZE = 0x260,
	HDR_END_2_12 = 0x268,            /* the fields a 2.12 header has, kernel_info_offset excluded */
};
/* boot_params (bootparam.h struct boot_params). */
enum {
	BP_ACPI_RSDP_ADDR = 0x070, BP_EXT_RAMDISK_IMAGE = 0x0c0, BP_EXT_RAMDISK_SIZE = 0x0c4,
	BP_EXT_CMD_LINE_PTR = 0x0c8, BP_E820_ENTRIES = 0x1e8, BP_E820_TABLE = 0x2d0,
	BP_SIZE = 0x1000, E820_MAX_ZEROPAGE = 128,
};
#define HDRS_MAGIC 0x53726448u          /* "HdrS" */
#define BOOT_FLAG 0xaa55
#define XLF_KERNEL_64 (1u << 0)
#define LOADED_HIGH (1u << 0)
#define LOADER_UNDEFINED 0xff           /* type_of_loader: a boot loader without an assigned id */
#define ENTRY_64 0x200                  /* startup_64, from the protected-mode kernel's start */

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void set(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int x86_bzimage_check(const void *data, size_t len, struct x86_bzimage *img, char *err, size_t errlen)
{
	const uint8_t *p = data;
	if (len < HDR_HEADER + 4 || le(p + HDR_HEADER, 4) != HDRS_MAGIC)
		return 1;                  /* not a bzImage: the caller tries other formats */
	unsigned version = (unsigned)le(p + HDR_VERSION, 2);
	if (version < 0x20c) {
		snprintf(err, errlen, "boot protocol %u.%02u is not supported (the 64-bit entry needs "
			 "2.12 or later)", version >> 8, version & 0xff);
		return HVSIM_BAD_INPUT;
	}
	/* The header runs to the jump's target: 0x202 + the jump's 8-bit displacement (boot.rst). */
	size_t hdr_end = HDR_HEADER + p[HDR_JUMP + 1];
	unsigned sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;
	size_t setup = (size_t)(sects + 1) * 512;
	if (len < HDR_END_2_12 || hdr_end < HDR_END_2_12 || len < hdr_end || le(p + HDR_BOOT_FLAG, 2) != BOOT_FLAG) {
		snprintf(err, errlen, "the setup header is truncated or corrupt (%zu bytes, header to 0x%zx)",
			 len, hdr_end);
		return HVSIM_BAD_INPUT;
	}
	if (!(le(p + HDR_XLOADFLAGS, 2) & XLF_KERNEL_64) || !(p[HDR_LOADFLAGS] & LOADED_HIGH)) {
		snprintf(err, errlen, "a 32-bit-only kernel (xloadflags without XLF_KERNEL_64): "
			 "x86-virt enters kernels in 64-bit mode");
		return HVSIM_BAD_INPUT;
	}
	if (len <= setup + ENTRY_64) {
		snprintf(err, errlen, "truncated: %zu bytes, the protected-mode kernel starts at 0x%zx",
			 len, setup);
		return HVSIM_BAD_INPUT;
	}
	*img = (struct x86_bzimage){
		.hdr = p, .hdr_end = hdr_end, .kernel = p + setup, .kernel_len = len - setup,
		.load = le(p + HDR_PREF_ADDRESS, 8), .init_size = le(p + HDR_INIT_SIZE, 4),
		.initrd_max = le(p + HDR_INITRD_ADDR_MAX, 4), .cmdline_max = (uint32_t)le(p + HDR_CMDLINE_SIZE, 4),
	};
	uint64_t align = le(p + HDR_KERNEL_ALIGNMENT, 4);
	if (!img->load || (align && (img->load & (align - 1))))
		img->load = X86_BOOT_DEFAULT_LOAD;
	if (img->init_size < img->kernel_len)
		img->init_size = img->kernel_len;
	return 0;
}

int x86_bzimage_load(struct mem_space *mem, const struct x86_bzimage *img, const struct x86_linux_boot *lb,
		     char *err, size_t errlen)
{
	uint64_t end = img->load + img->init_size;
	if (!machine_in_ram(0, lb->lowmem, img->load, img->init_size)) {
		snprintf(err, errlen, "the kernel needs [0x%llx, 0x%llx), beyond the %llu bytes of low RAM",
			 (unsigned long long)img->load, (unsigned long long)end, (unsigned long long)lb->lowmem);
		return HVSIM_BAD_INPUT;
	}
	if (lb->initrd_len && (lb->initrd < end && lb->initrd + lb->initrd_len > img->load)) {
		snprintf(err, errlen, "the initrd [0x%llx, 0x%llx) overlaps the kernel [0x%llx, 0x%llx)",
			 (unsigned long long)lb->initrd, (unsigned long long)(lb->initrd + lb->initrd_len),
			 (unsigned long long)img->load, (unsigned long long)end);
		return HVSIM_BAD_INPUT;
	}
	size_t cmdlen = lb->cmdline ? strlen(lb->cmdline) : 0;
	if (img->cmdline_max && cmdlen > img->cmdline_max) {
		snprintf(err, errlen, "the command line is %zu bytes, the kernel takes %u", cmdlen,
			 img->cmdline_max);
		return HVSIM_BAD_INPUT;
	}
	mem_load(mem, img->load, img->kernel, img->kernel_len);

	static uint8_t bp[BP_SIZE];
	memset(bp, 0, sizeof(bp));
	memcpy(bp + HDR_SETUP_SECTS, img->hdr + HDR_SETUP_SECTS, img->hdr_end - HDR_SETUP_SECTS);
	bp[HDR_TYPE_OF_LOADER] = LOADER_UNDEFINED;
	set(bp + HDR_CMD_LINE_PTR, lb->cmdline_gpa, 4);
	set(bp + BP_EXT_CMD_LINE_PTR, lb->cmdline_gpa >> 32, 4);
	set(bp + HDR_RAMDISK_IMAGE, lb->initrd, 4);
	set(bp + HDR_RAMDISK_SIZE, lb->initrd_len, 4);
	set(bp + BP_EXT_RAMDISK_IMAGE, lb->initrd >> 32, 4);
	set(bp + BP_EXT_RAMDISK_SIZE, lb->initrd_len >> 32, 4);
	set(bp + BP_ACPI_RSDP_ADDR, lb->rsdp, 8);
	set(bp + HDR_SETUP_DATA, lb->setup_data, 8);
	size_t n = lb->n_e820 < E820_MAX_ZEROPAGE ? lb->n_e820 : E820_MAX_ZEROPAGE;
	bp[BP_E820_ENTRIES] = (uint8_t)n;
	for (size_t i = 0; i < n; i++) {
		uint8_t *e = bp + BP_E820_TABLE + 20 * i;
		set(e, lb->e820[i].addr, 8);
		set(e + 8, lb->e820[i].size, 8);
		set(e + 16, lb->e820[i].type, 4);
	}
	mem_load(mem, lb->zero_page, bp, sizeof(bp));
	uint8_t nul = 0;
	mem_load(mem, lb->cmdline_gpa, lb->cmdline ? lb->cmdline : "", cmdlen);
	mem_load(mem, lb->cmdline_gpa + cmdlen, &nul, 1);
	return 0;
}

uint64_t x86_bzimage_entry(const struct x86_bzimage *img)
{
	return img->load + ENTRY_64;
}
