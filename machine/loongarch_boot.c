/*
 * Linux's LoongArch boot protocol without firmware
 * (Documentation/arch/loongarch/booting.rst): the kernel image as Debian
 * ships it (an EFI zboot image, unpacked here) or as the build leaves it
 * (vmlinux.efi), and the minimal EFI system table the kernel reads when
 * it is entered directly with a0 = 1, a1 = the command line, a2 = the
 * system table (arch/loongarch/kernel/env.c and efi.c): its configuration
 * tables carry the boot memory map (the only source of RAM Linux trusts:
 * arch/loongarch/kernel/mem.c), the initrd and the device tree. No boot
 * or runtime services: the kernel needs none when entered this way.
 *
 * Every size and offset in an image is checked before it is used: a
 * corrupt image is bad input, never a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "machine/loongarch_virt.h"

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* ------------------------------------------------------------ zboot */

/* The zboot header (zboot-header.S): after "MZ\0\0", the image type and the payload. */
#define ZBOOT_TYPE 4            /* "zimg" */
#define ZBOOT_PAYLOAD_OFFSET 8
#define ZBOOT_PAYLOAD_SIZE 12
#define ZBOOT_COMP 24           /* the compression's name, NUL-terminated, before 0x38 */
#define ZBOOT_COMP_MAX (0x38 - ZBOOT_COMP)
#define ZBOOT_HEADER 0x40
/* zstd payloads are followed by the unpacked size, a le32 (Makefile.zboot's zstd22_with_size). */
#define ZSTD_SIZE_LEN 4
/* The kernel must fit in low RAM, so nothing larger is unpacked. */
#define UNPACKED_MAX LAV_LOWMEM_SIZE

static int unzstd(const uint8_t *src, size_t len, size_t size, void *dst, char *err, size_t errlen)
{
	size_t n = ZSTD_decompress(dst, size, src, len);
	if (ZSTD_isError(n)) {
		snprintf(err, errlen, "zboot image: its zstd payload is corrupt (%s)", ZSTD_getErrorName(n));
		return HVSIM_BAD_INPUT;
	}
	if (n != size) {
		snprintf(err, errlen, "zboot image: the zstd payload unpacks to %zu bytes, not the %zu its size says",
			 n, size);
		return HVSIM_BAD_INPUT;
	}
	return 0;
}

int loongarch_unzboot(const void *data, size_t len, void **out, size_t *out_len, char *err,
		      size_t errlen)
{
	const uint8_t *p = data;
	if (len < ZBOOT_HEADER || p[0] != 'M' || p[1] != 'Z' || memcmp(p + ZBOOT_TYPE, "zimg", 4))
		return 1;
	uint64_t off = get32(p + ZBOOT_PAYLOAD_OFFSET), size = get32(p + ZBOOT_PAYLOAD_SIZE);
	char comp[ZBOOT_COMP_MAX + 1];
	memcpy(comp, p + ZBOOT_COMP, ZBOOT_COMP_MAX);
	comp[ZBOOT_COMP_MAX] = 0;
	bool zstd = !strcmp(comp, "zstd");
	if (!zstd && strcmp(comp, "gzip")) {
		snprintf(err, errlen, "zboot image: unknown compression '%.24s' (hvsim unpacks gzip and zstd)",
			 comp);
		return HVSIM_BAD_INPUT;
	}
	uint64_t need = off + size + (zstd ? ZSTD_SIZE_LEN : 0);
	if (off < ZBOOT_HEADER || size < 4 || need > len) {
		snprintf(err, errlen, "zboot image: its %s payload at 0x%llx (+0x%llx) runs past the end of the "
			 "file (%zu bytes: truncated?)", comp, (unsigned long long)off,
			 (unsigned long long)size, len);
		return HVSIM_BAD_INPUT;
	}
	/* The unpacked size: zstd's trailer, or gzip's own ISIZE (RFC 1952), the payload's last word. */
	size_t unpacked = get32(zstd ? p + off + size : p + off + size - 4);
	if (unpacked == 0 || unpacked > UNPACKED_MAX) {
		snprintf(err, errlen, "zboot image: its payload claims to unpack to %zu bytes (at most %llu "
			 "fit in low RAM)", unpacked, (unsigned long long)UNPACKED_MAX);
		return HVSIM_BAD_INPUT;
	}
	void *buf = malloc(unpacked);
	if (!buf) {
		snprintf(err, errlen, "out of memory unpacking the zboot image");
		return HVSIM_ERROR;
	}
	int rc = zstd ? unzstd(p + off, size, unpacked, buf, err, errlen)
		      : machine_gunzip(p + off, size, buf, unpacked, "zboot image", err, errlen);
	if (rc) {
		free(buf);
		return rc;
	}
	*out = buf;
	*out_len = unpacked;
	return 0;
}

/* ------------------------------------------------------- kernel image */

/* booting.rst, "Header of Linux/LoongArch kernel images". */
#define IMG_ENTRY 0x08
#define IMG_SIZE 0x10           /* _end - _text: the image with its BSS */
#define IMG_LOAD_OFFSET 0x18
#define IMG_PE_MAGIC 0x38
#define LINUX_PE_MAGIC 0x818223cdu   /* include/linux/pe.h */
#define IMG_HEADER 0x40

int loongarch_load_efi_image(struct mem_space *mem, uint64_t lowmem, const void *data, size_t len,
			     struct loongarch_image *img, char *err, size_t errlen)
{
	const uint8_t *p = data;
	if (len < IMG_HEADER || p[0] != 'M' || p[1] != 'Z' || get32(p + IMG_PE_MAGIC) != LINUX_PE_MAGIC)
		return 1;
	uint64_t entry = get64(p + IMG_ENTRY), size = get64(p + IMG_SIZE);
	uint64_t load = get64(p + IMG_LOAD_OFFSET);
	if (size < len)
		size = len;
	if (load < LAV_BOOTINFO_END || !machine_in_ram(LAV_LOWMEM_BASE, lowmem, load, size)) {
		snprintf(err, errlen, "LoongArch image at 0x%llx (+0x%llx) does not fit in low RAM "
			 "0x%llx-0x%llx above the boot information (use a larger -m?)",
			 (unsigned long long)load, (unsigned long long)size,
			 (unsigned long long)LAV_BOOTINFO_END, (unsigned long long)lowmem);
		return HVSIM_BAD_INPUT;
	}
	if (entry < load || entry - load >= size || entry & 3) {
		snprintf(err, errlen, "LoongArch image's entry 0x%llx is not within its image 0x%llx-0x%llx",
			 (unsigned long long)entry, (unsigned long long)load,
			 (unsigned long long)(load + size));
		return HVSIM_BAD_INPUT;
	}
	mem_load(mem, load, data, len);
	*img = (struct loongarch_image){ .entry = entry, .start = load, .end = load + size };
	return 0;
}

/* ------------------------------------------------- the EFI system table */

/* UEFI 2.10 4.3.1 EFI_SYSTEM_TABLE (64-bit), 4.6 EFI_CONFIGURATION_TABLE, 7.2 EFI_MEMORY_DESCRIPTOR. */
#define SYSTAB_REVISION ((2u << 16) | 100u)   /* 2.100 */
#define SYSTAB_SIZE 120
#define ST_FW_VENDOR 24
#define ST_NR_TABLES 104
#define ST_TABLES 112
#define CONFIG_ENTRY 24                        /* a GUID and a pointer */
#define DESC_SIZE 40
#define DESC_VERSION 1
#define MEMMAP_HEADER 40                       /* Linux's struct efi_boot_memmap before map[] */
enum { EFI_LOADER_CODE = 1, EFI_LOADER_DATA = 2, EFI_CONVENTIONAL_MEMORY = 7 };
#define EFI_MEMORY_WB 0x8ull
#define EFI_PAGE 4096ull
#define COMMAND_LINE_SIZE 4096                 /* arch/loongarch/include/uapi/asm/setup.h */

/* Where the pieces go, from LAV_BOOTINFO_ADDR. */
enum {
	BI_SYSTAB = 0x0, BI_VENDOR = 0x80, BI_CONFIG = 0x100, BI_INITRD = 0x180, BI_MEMMAP = 0x200,
	BI_CMDLINE = 0x1000, BI_SIZE = BI_CMDLINE + COMMAND_LINE_SIZE,
};
#define MAX_DESCS 8

/* An EFI_GUID as the firmware stores it: the first three fields little-endian. */
struct efi_guid {
	uint32_t a;
	uint16_t b, c;
	uint8_t d[8];
};
/* include/linux/efi.h */
static const struct efi_guid boot_memmap_guid = {
	0x800f683f, 0xd08b, 0x423a, { 0xa2, 0x93, 0x96, 0x5c, 0x3c, 0x6f, 0xe2, 0xb4 } };
static const struct efi_guid initrd_media_guid = {
	0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } };
static const struct efi_guid device_tree_guid = {
	0xb1b621d5, 0xf19c, 0x41a5, { 0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0 } };

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void put_config(uint8_t *p, const struct efi_guid *g, uint64_t table)
{
	put32(p, g->a);
	p[4] = (uint8_t)g->b;
	p[5] = (uint8_t)(g->b >> 8);
	p[6] = (uint8_t)g->c;
	p[7] = (uint8_t)(g->c >> 8);
	memcpy(p + 8, g->d, 8);
	put64(p + 16, table);
}

struct range {
	uint64_t start, end;
	uint32_t type;
};

static void put_desc(uint8_t *p, const struct range *r)
{
	put32(p, r->type);
	put64(p + 8, r->start);
	put64(p + 24, (r->end - r->start) / EFI_PAGE);
	put64(p + 32, EFI_MEMORY_WB);
}

/*
 * The memory map a firmware would leave: low RAM with the boot information,
 * the kernel and the initrd as loader data and code and the rest free, then
 * high RAM. The typed ranges lie in low RAM and do not overlap; a range
 * with end <= start is absent. Returns the number of descriptors.
 */
static unsigned memory_map(const struct loongarch_bootinfo *bi, struct range *out)
{
	struct range typed[3] = {
		{ LAV_LOWMEM_BASE, LAV_BOOTINFO_END, EFI_LOADER_DATA },
		{ bi->kernel.start & ~(EFI_PAGE - 1), (bi->kernel.end + EFI_PAGE - 1) & ~(EFI_PAGE - 1),
		  EFI_LOADER_CODE },
		{ bi->initrd_start & ~(EFI_PAGE - 1), (bi->initrd_end + EFI_PAGE - 1) & ~(EFI_PAGE - 1),
		  EFI_LOADER_DATA },
	};
	if (typed[1].start > typed[2].start) {
		struct range t = typed[1];
		typed[1] = typed[2];
		typed[2] = t;
	}
	unsigned n = 0;
	uint64_t at = LAV_LOWMEM_BASE, low_end = LAV_LOWMEM_BASE + bi->lowmem;
	for (unsigned i = 0; i < 3; i++) {
		if (typed[i].end <= typed[i].start)
			continue;
		if (typed[i].start > at)
			out[n++] = (struct range){ at, typed[i].start, EFI_CONVENTIONAL_MEMORY };
		out[n++] = typed[i];
		at = typed[i].end;
	}
	if (low_end > at)
		out[n++] = (struct range){ at, low_end, EFI_CONVENTIONAL_MEMORY };
	if (bi->highmem)
		out[n++] = (struct range){ LAV_HIGHMEM_BASE, LAV_HIGHMEM_BASE + bi->highmem,
					   EFI_CONVENTIONAL_MEMORY };
	return n;
}

int loongarch_write_bootinfo(struct mem_space *mem, const struct loongarch_bootinfo *bi,
			     uint64_t *systab, uint64_t *cmdline, char *err, size_t errlen)
{
	_Static_assert(LAV_BOOTINFO_ADDR + BI_SIZE <= LAV_BOOTINFO_END, "the boot information fits");
	const char *cmd = bi->cmdline ? bi->cmdline : "";
	size_t cmd_len = strlen(cmd);
	if (cmd_len >= COMMAND_LINE_SIZE) {
		snprintf(err, errlen, "-append: the command line has %zu bytes; Linux takes at most %d",
			 cmd_len, COMMAND_LINE_SIZE - 1);
		return HVSIM_BAD_INPUT;
	}
	static uint8_t b[BI_SIZE];
	memset(b, 0, sizeof(b));
	const uint64_t base = LAV_BOOTINFO_ADDR;
	memcpy(b + BI_CMDLINE, cmd, cmd_len);

	static const char vendor[] = "hvsim";   /* CHAR16 */
	for (size_t i = 0; i < sizeof(vendor); i++)
		b[BI_VENDOR + 2 * i] = (uint8_t)vendor[i];

	struct range map[MAX_DESCS];
	unsigned n = memory_map(bi, map);
	uint8_t *mm = b + BI_MEMMAP;
	put64(mm, n * DESC_SIZE);            /* map_size */
	put64(mm + 8, DESC_SIZE);            /* desc_size */
	put32(mm + 16, DESC_VERSION);        /* desc_ver */
	put64(mm + 32, n * DESC_SIZE);       /* buff_size (map_key stays 0) */
	for (unsigned i = 0; i < n; i++)
		put_desc(mm + MEMMAP_HEADER + i * DESC_SIZE, &map[i]);

	unsigned tables = 0;
	put_config(b + BI_CONFIG + CONFIG_ENTRY * tables++, &boot_memmap_guid, base + BI_MEMMAP);
	put_config(b + BI_CONFIG + CONFIG_ENTRY * tables++, &device_tree_guid, bi->fdt);
	if (bi->initrd_end > bi->initrd_start) {
		/* struct linux_efi_initrd: base, size. */
		put64(b + BI_INITRD, bi->initrd_start);
		put64(b + BI_INITRD + 8, bi->initrd_end - bi->initrd_start);
		put_config(b + BI_CONFIG + CONFIG_ENTRY * tables++, &initrd_media_guid, base + BI_INITRD);
	}

	uint8_t *st = b + BI_SYSTAB;
	put64(st, LAV_EFI_SYSTAB_SIGNATURE);
	put32(st + 8, SYSTAB_REVISION);
	put32(st + 12, SYSTAB_SIZE);         /* HeaderSize: the whole table */
	put64(st + ST_FW_VENDOR, base + BI_VENDOR);
	put64(st + ST_NR_TABLES, tables);
	put64(st + ST_TABLES, base + BI_CONFIG);
	/* The CRC32 of the table with its CRC32 field zero (UEFI 4.2.1 EFI_TABLE_HEADER). */
	put32(st + 16, (uint32_t)crc32(0, st, SYSTAB_SIZE));

	mem_load(mem, base, b, sizeof(b));
	*systab = base + BI_SYSTAB;
	*cmdline = base + BI_CMDLINE;
	return 0;
}
