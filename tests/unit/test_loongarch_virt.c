/*
 * The loongarch-virt board through the public API and its own functions:
 * its configuration checks, memory map and IOCSR chip configuration, the
 * device tree Linux needs, the GED's poweroff and reset, the zboot
 * unpacker and the Linux image loader with bad inputs refused, the EFI
 * system table and boot registers, an ELF kernel, the boot firmware's wait
 * of the secondary CPUs, the interrupt wiring, and LoongArch KVM's PV IPI
 * and steal time.
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
#include <elf.h>
#include <libfdt.h>
#include <zlib.h>
#include <zstd.h>

#include "dev/loongarch_ipi.h"
#include "machine/loongarch_virt.h"

#define GIB (1ull << 30)
#define ENTRY_OFF 0x1000           /* the fake kernel's entry, from its load address */
#define LOAD 0x200000ull

static struct hvsim_vm *new_vm(uint64_t ram, int smp)
{
	struct hvsim_config cfg = { .machine = "loongarch-virt", .ram_bytes = ram, .smp = smp };
	char err[256];
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	if (!vm)
		fail_msg("%s", err);
	return vm;
}

static uint64_t io_as(struct hvsim_vm *vm, int cpu, uint64_t addr, unsigned size, bool write,
		      uint64_t val)
{
	struct mem_req who = { .kind = MEM_BY_GUEST, .vcpu = (int16_t)cpu };
	assert_true(mem_guest_io(&loongarch_virt(vm)->iocsr, &who, addr, size, write, &val));
	return val;
}

static uint64_t mmio_as(struct hvsim_vm *vm, uint64_t pa, unsigned size, bool write, uint64_t val)
{
	struct mem_req who = { .kind = MEM_BY_GUEST, .vcpu = 0 };
	assert_true(mem_guest_io(&vm->mem, &who, pa, size, write, &val));
	return val;
}

static uint64_t host64(struct hvsim_vm *vm, uint64_t pa)
{
	uint64_t v;
	assert_true(hvsim_host_read(vm, pa, &v, 8));
	return v;
}

/* ---------------------------------------------------------------- images */

/* A Linux image (booting.rst's header) of `size` bytes: entry, load offset, magic. */
static uint8_t *fake_kernel(size_t size)
{
	uint8_t *k = calloc(1, size);
	k[0] = 'M';
	k[1] = 'Z';
	uint64_t entry = LOAD + ENTRY_OFF, asize = size + 0x10000, load = LOAD;
	memcpy(k + 0x08, &entry, 8);
	memcpy(k + 0x10, &asize, 8);
	memcpy(k + 0x18, &load, 8);
	uint32_t magic = 0x818223cd;
	memcpy(k + 0x38, &magic, 4);
	for (size_t i = 0x40; i < size; i++)
		k[i] = (uint8_t)(i * 7);
	return k;
}

/* zboot-header.S's layout around a payload compressed with `comp` ("zstd" or "gzip"). */
static uint8_t *zboot(const char *comp, const uint8_t *payload, size_t plen, size_t *len)
{
	size_t off = 0x100, cap = off + plen + 1024 + ZSTD_compressBound(plen);
	uint8_t *z = calloc(1, cap);
	size_t clen;
	if (!strcmp(comp, "gzip")) {
		z_stream zs = { 0 };
		assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
		zs.next_in = (Bytef *)payload;
		zs.avail_in = (uInt)plen;
		zs.next_out = z + off;
		zs.avail_out = (uInt)(cap - off);
		assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
		clen = zs.total_out;
		deflateEnd(&zs);
	} else {
		/* With a checksum, as the zstd tool the kernel's build runs writes by default. */
		ZSTD_CCtx *cc = ZSTD_createCCtx();
		assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1)));
		clen = ZSTD_compress2(cc, z + off, cap - off, payload, plen);
		ZSTD_freeCCtx(cc);
		assert_false(ZSTD_isError(clen));
		uint32_t size = (uint32_t)plen;
		memcpy(z + off + clen, &size, 4);   /* zstd22_with_size */
	}
	memcpy(z, "MZ\0\0zimg", 8);
	uint32_t o = (uint32_t)off, s = (uint32_t)clen;
	memcpy(z + 8, &o, 4);
	memcpy(z + 12, &s, 4);
	memcpy(z + 24, comp, strlen(comp));
	*len = off + clen + (strcmp(comp, "gzip") ? 4 : 0);
	return z;
}

static char *temp_file(const void *data, size_t len)
{
	char *path = strdup("/tmp/hvsim-test-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Load `data` as the kernel: the board's return code, its message in err. */
static int load(struct hvsim_vm *vm, const void *data, size_t len, const void *initrd,
		size_t ilen, const char *cmdline, char *err, size_t errlen)
{
	char *k = temp_file(data, len), *i = initrd ? temp_file(initrd, ilen) : NULL;
	int rc = hvsim_vm_load_kernel(vm, k, i, cmdline, err, errlen);
	unlink(k);
	free(k);
	if (i) {
		unlink(i);
		free(i);
	}
	return rc;
}

/* ----------------------------------------------------------------- tests */

static void test_configuration_checks(void **state)
{
	char err[256];
	struct hvsim_config cfg = { .machine = "loongarch-virt", .ram_bytes = GIB, .smp = 5 };
	assert_null(hvsim_vm_create(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "between 1 and 4 CPUs"));
	cfg.smp = 1;
	cfg.ram_bytes = 16ull << 20;
	assert_null(hvsim_vm_create(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "-m"));
	cfg.ram_bytes = GIB;
	cfg.display = "sdl";
	assert_null(hvsim_vm_create(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "no display"));
}

/* QEMU virt's map: RAM low and high, the devices, the empty legacy port window. */
static void test_memory_map(void **state)
{
	struct hvsim_vm *vm = new_vm(GIB, 1);
	struct mem_region *r = mem_find(&vm->mem, 0);
	assert_true(r && r->kind == MEM_RAM && r->size == LAV_LOWMEM_SIZE);
	r = mem_find(&vm->mem, LAV_HIGHMEM_BASE);
	assert_true(r && r->kind == MEM_RAM && r->size == GIB - LAV_LOWMEM_SIZE);
	assert_null(mem_find(&vm->mem, 0x20000000));   /* QEMU's PCIe window: nothing here */
	/* i8042's ports read 0xff: no controller. */
	assert_int_equal(mmio_as(vm, LAV_ISA_IO_BASE + 0x64, 1, false, 0), 0xff);
	assert_int_equal(mmio_as(vm, LAV_ISA_IO_BASE + 0x60, 1, false, 0), 0xff);
	assert_int_equal(mmio_as(vm, LAV_ISA_IO_BASE + 0x3ffc, 4, false, 0), 0xffffffff);
	assert_int_equal(mmio_as(vm, LAV_UART_BASE + 5, 1, false, 0), 0x60);   /* 16550 LSR */
	assert_int_equal((mmio_as(vm, LAV_PCH_PIC_BASE + 4, 4, false, 0) >> 16) & 0xff, 63);
	hvsim_vm_destroy(vm);
	/* Less than 256 MiB: low RAM only. */
	vm = new_vm(64ull << 20, 1);
	assert_int_equal(mem_find(&vm->mem, 0)->size, 64ull << 20);
	assert_null(mem_find(&vm->mem, LAV_HIGHMEM_BASE));
	hvsim_vm_destroy(vm);
}

/* The IOCSRs Linux's cpu_probe_loongson reads: FEATURES (VM set), VENDOR, CPUNAME. */
static void test_iocsr_chip_configuration(void **state)
{
	struct hvsim_vm *vm = new_vm(GIB, 2);
	uint32_t features = (uint32_t)io_as(vm, 1, LAV_IOCSR_FEATURES, 4, false, 0);
	assert_true(features & (1u << 11));          /* IOCSRF_VM */
	assert_true(features & (1u << 3));           /* IOCSRF_EXTIOI */
	assert_true(features & (1u << 4));           /* IOCSRF_CSRIPI */
	assert_false(features & (1u << 2));          /* no IOCSRF_MSI: no PCH-MSI */
	char name[18] = "        -        ";
	uint64_t vendor = io_as(vm, 0, LAV_IOCSR_VENDOR, 8, false, 0);
	uint64_t cpuname = io_as(vm, 0, LAV_IOCSR_CPUNAME, 8, false, 0);
	memcpy(name, &vendor, 8);
	memcpy(name + 9, &cpuname, 8);
	assert_string_equal(name, "Loongson-3A5000");
	/* The 32-bit halves, as a 32-bit kernel reads them. */
	assert_int_equal(io_as(vm, 0, LAV_IOCSR_VENDOR + 4, 4, false, 0), vendor >> 32);
	/* eiointc_enable: MISC_FUNC's EXT_IOI_EN, read-modify-write. */
	uint64_t misc = io_as(vm, 0, LAV_IOCSR_MISC_FUNC, 8, false, 0);
	io_as(vm, 0, LAV_IOCSR_MISC_FUNC, 8, true, misc | 1ull << 48);
	assert_int_equal(io_as(vm, 1, LAV_IOCSR_MISC_FUNC, 8, false, 0), misc | 1ull << 48);
	/* Writes to the identification words are ignored. */
	io_as(vm, 0, LAV_IOCSR_FEATURES, 4, true, 0);
	assert_int_equal(io_as(vm, 0, LAV_IOCSR_FEATURES, 4, false, 0), features);
	hvsim_vm_destroy(vm);
}

static const void *prop(const void *fdt, int node, const char *name, int *len)
{
	const void *p = fdt_getprop(fdt, node, name, len);
	if (!p)
		fail_msg("no property %s", name);
	return p;
}

static uint32_t cell(const void *fdt, int node, const char *name, int i)
{
	int len;
	const fdt32_t *p = prop(fdt, node, name, &len);
	assert_true(len >= 4 * (i + 1));
	return fdt32_to_cpu(p[i]);
}

static int node(const void *fdt, const char *path)
{
	int n = fdt_path_offset(fdt, path);
	if (n < 0)
		fail_msg("no node %s", path);
	return n;
}

static void assert_reg(const void *fdt, int n, uint64_t base, uint64_t size)
{
	int len;
	const fdt64_t *r = prop(fdt, n, "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt64_ld(&r[0]), base);   /* properties are 4-byte aligned */
	assert_int_equal(fdt64_ld(&r[1]), size);
}

/* The nodes and properties Linux's drivers read (see loongarch_virt_fdt.c). */
static void test_device_tree(void **state)
{
	struct hvsim_vm *vm = new_vm(GIB, 3);
	static uint64_t buf[LAV_FDT_MAX / 8];
	assert_true(loongarch_virt_build_fdt(vm, buf, sizeof(buf), "console=ttyS0", 0x1000000,
					     0x1200000) > 0);
	const void *f = buf;
	int len;
	int chosen = node(f, "/chosen");
	assert_string_equal(prop(f, chosen, "bootargs", &len), "console=ttyS0");
	assert_string_equal(prop(f, chosen, "stdout-path", &len), "/serial@1fe001e0");
	assert_int_equal(fdt64_ld((const fdt64_t *)prop(f, chosen, "linux,initrd-start", &len)),
			 0x1000000);
	assert_int_equal(fdt64_ld((const fdt64_t *)prop(f, chosen, "linux,initrd-end", &len)),
			 0x1200000);
	assert_reg(f, node(f, "/memory@0"), 0, LAV_LOWMEM_SIZE);
	assert_reg(f, node(f, "/memory@80000000"), LAV_HIGHMEM_BASE, GIB - LAV_LOWMEM_SIZE);
	for (int i = 0; i < 3; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/cpus/cpu@%d", i);
		int c = node(f, path);
		assert_int_equal(cell(f, c, "reg", 0), i);
		assert_string_equal(prop(f, c, "device_type", &len), "cpu");
	}
	assert_true(fdt_path_offset(f, "/cpus/cpu@3") < 0);

	int cpuic = node(f, "/cpuic");
	assert_string_equal(prop(f, cpuic, "compatible", &len), "loongson,cpu-interrupt-controller");
	assert_int_equal(cell(f, cpuic, "#interrupt-cells", 0), 1);
	int eio = fdt_node_offset_by_compatible(f, -1, "loongson,ls2k2000-eiointc");
	assert_true(eio >= 0);
	assert_int_equal(cell(f, eio, "interrupt-parent", 0), fdt_get_phandle(f, cpuic));
	assert_int_equal(cell(f, eio, "interrupts", 0), 3);
	int pic = node(f, "/platic@10000000");
	assert_string_equal(prop(f, pic, "compatible", &len), "loongson,pch-pic-1.0");
	assert_int_equal(cell(f, pic, "interrupt-parent", 0), fdt_get_phandle(f, eio));
	assert_int_equal(cell(f, pic, "#interrupt-cells", 0), 2);
	assert_int_equal(cell(f, pic, "loongson,pic-base-vec", 0), 0);
	assert_reg(f, pic, LAV_PCH_PIC_BASE, 0x400);
	assert_true(fdt_getprop(f, pic, "interrupt-controller", NULL) != NULL);

	int uart = node(f, "/serial@1fe001e0");
	assert_string_equal(prop(f, uart, "compatible", &len), "ns16550a");
	assert_int_equal(cell(f, uart, "clock-frequency", 0), 100000000);
	assert_int_equal(cell(f, uart, "interrupt-parent", 0), fdt_get_phandle(f, pic));
	assert_int_equal(cell(f, uart, "interrupts", 0), LAV_UART_PIN);
	assert_int_equal(cell(f, uart, "interrupts", 1), 4);   /* level high */

	/* arch_reserve_pio_range looks for a node named isa with an I/O range. */
	int isa = node(f, "/isa@18000000");
	static const uint32_t ranges[5] = { 1, 0, 0, 0x18000000, 0x4000 };
	for (int i = 0; i < 5; i++)
		assert_int_equal(cell(f, isa, "ranges", i), ranges[i]);
	assert_int_equal(cell(f, isa, "#address-cells", 0), 2);
	assert_int_equal(cell(f, isa, "#size-cells", 0), 1);

	int ged = fdt_node_offset_by_compatible(f, -1, "syscon");
	assert_true(ged >= 0);
	assert_reg(f, ged, LAV_GED_BASE, 3);
	assert_int_equal(cell(f, ged, "reg-io-width", 0), 1);
	int off = node(f, "/poweroff"), reboot = node(f, "/reboot");
	assert_string_equal(prop(f, off, "compatible", &len), "syscon-poweroff");
	assert_int_equal(cell(f, off, "regmap", 0), fdt_get_phandle(f, ged));
	assert_int_equal(cell(f, off, "offset", 0), 0);
	assert_int_equal(cell(f, off, "value", 0), 0x34);
	assert_string_equal(prop(f, reboot, "compatible", &len), "syscon-reboot");
	assert_int_equal(cell(f, reboot, "offset", 0), 2);
	assert_int_equal(cell(f, reboot, "value", 0), 0x42);

	/* virtio-mmio: rng and console (no disk without -drive), level through the PCH-PIC. */
	assert_true(fdt_path_offset(f, "/virtio_mmio@16000000") < 0);
	int rng = node(f, "/virtio_mmio@16000200"), con = node(f, "/virtio_mmio@16000400");
	assert_string_equal(prop(f, rng, "compatible", &len), "virtio,mmio");
	assert_int_equal(cell(f, rng, "interrupts", 0), LAV_VIRTIO_PIN + VIRTIO_SLOT_RNG);
	assert_int_equal(cell(f, con, "interrupts", 0), LAV_VIRTIO_PIN + VIRTIO_SLOT_CONSOLE);
	assert_int_equal(cell(f, con, "interrupt-parent", 0), fdt_get_phandle(f, pic));
	assert_int_equal(mmio_as(vm, LAV_VIRTIO_BASE + 0x200, 4, false, 0), 0x74726976);   /* "virt" */
	hvsim_vm_destroy(vm);
}

/*
 * syscon-poweroff's write ends the run; so does syscon-reboot's here, with
 * nothing loaded to boot again (guest.loongarch.reset: the machine resets);
 * other values do nothing.
 */
static void test_ged_poweroff_and_reset(void **state)
{
	struct hvsim_vm *vm = new_vm(GIB, 1);
	assert_int_equal(mmio_as(vm, LAV_GED_BASE, 1, false, 0), 0);
	mmio_as(vm, LAV_GED_BASE, 1, true, 0x20 | 3 << 2);     /* S3: not off */
	mmio_as(vm, LAV_GED_BASE + 2, 1, true, 0x41);
	assert_false(vm->shutdown);
	mmio_as(vm, LAV_GED_BASE, 1, true, 0x34);
	assert_true(vm->shutdown);
	assert_int_equal(vm->result.status, HVSIM_OK);
	assert_non_null(strstr(vm->result.why, "powered off"));
	hvsim_vm_destroy(vm);
	vm = new_vm(GIB, 1);
	mmio_as(vm, LAV_GED_BASE + 2, 1, true, 0x42);
	assert_true(vm->shutdown);
	assert_int_equal(vm->result.status, HVSIM_OK);
	assert_non_null(strstr(vm->result.why, "reset"));
	hvsim_vm_destroy(vm);
}

/* zstd and gzip payloads unpack to the image; broken headers and payloads are refused by name. */
static void test_zboot(void **state)
{
	size_t klen = 0x20000, zlen;
	uint8_t *k = fake_kernel(klen);
	char err[256];
	static const char *const comps[] = { "zstd", "gzip" };
	for (int c = 0; c < 2; c++) {
		uint8_t *z = zboot(comps[c], k, klen, &zlen);
		void *out;
		size_t olen;
		assert_int_equal(loongarch_unzboot(z, zlen, &out, &olen, err, sizeof(err)), 0);
		assert_int_equal(olen, klen);
		assert_memory_equal(out, k, klen);
		free(out);
		/* Truncated: the payload runs past the end. */
		assert_int_equal(loongarch_unzboot(z, zlen - 8, &out, &olen, err, sizeof(err)),
				 HVSIM_BAD_INPUT);
		assert_non_null(strstr(err, "truncated"));
		/* A corrupt payload. */
		z[0x100 + 20] ^= 0xff;
		z[0x100 + 40] ^= 0xff;
		assert_int_equal(loongarch_unzboot(z, zlen, &out, &olen, err, sizeof(err)), HVSIM_BAD_INPUT);
		assert_non_null(strstr(err, comps[c]));
		/* An unknown compression. */
		memcpy(z + 24, "xz\0\0", 4);
		assert_int_equal(loongarch_unzboot(z, zlen, &out, &olen, err, sizeof(err)), HVSIM_BAD_INPUT);
		assert_non_null(strstr(err, "unknown compression 'xz'"));
		free(z);
	}
	/* A size that does not match what the payload unpacks to. */
	uint8_t *z = zboot("zstd", k, klen, &zlen);
	uint32_t wrong = (uint32_t)klen + 16;
	memcpy(z + zlen - 4, &wrong, 4);
	void *out;
	size_t olen;
	assert_int_equal(loongarch_unzboot(z, zlen, &out, &olen, err, sizeof(err)), HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "unpacks to"));
	/* A payload offset inside the header. */
	uint32_t bad_off = 8;
	memcpy(z + 8, &bad_off, 4);
	assert_int_equal(loongarch_unzboot(z, zlen, &out, &olen, err, sizeof(err)), HVSIM_BAD_INPUT);
	free(z);
	/* Not a zboot image at all. */
	assert_int_equal(loongarch_unzboot(k, klen, &out, &olen, err, sizeof(err)), 1);
	free(k);
}

static bool guid_is(const uint8_t *e, uint32_t a)
{
	uint32_t g;
	memcpy(&g, e, 4);
	return g == a;
}

/*
 * Debian's form, a zboot image, with an initrd: the image at its load
 * offset, booting.rst's registers, and the EFI system table with its
 * configuration tables as Linux's efi_init reads them.
 */
static void test_boot_protocol(void **state)
{
	struct hvsim_vm *vm = new_vm(GIB, 2);
	size_t klen = 0x20000, zlen;
	uint8_t *k = fake_kernel(klen);
	uint8_t *z = zboot("zstd", k, klen, &zlen);
	static uint8_t initrd[0x3000];
	memset(initrd, 0xa5, sizeof(initrd));
	char err[256];
	const char *cmdline = "console=ttyS0,115200 rdinit=/init";
	assert_int_equal(load(vm, z, zlen, initrd, sizeof(initrd), cmdline, err, sizeof(err)), 0);

	uint8_t back[0x100];
	assert_true(hvsim_host_read(vm, LOAD + 0x40, back, sizeof(back)));
	assert_memory_equal(back, k + 0x40, sizeof(back));
	struct la_cpu *c = loongarch_virt_cpu(vm, 0);
	assert_int_equal(c->core.pc, LOAD + ENTRY_OFF);
	assert_true(c->csr.crmd & LA_CRMD_DA);
	assert_int_equal(c->r[LA_A0], 1);
	char cmd[128];
	assert_true(hvsim_host_read(vm, c->r[LA_A1], cmd, sizeof(cmd)));
	assert_string_equal(cmd, cmdline);

	/* The system table: signature, revision 2.100, its size, a CRC32 that checks. */
	uint64_t st = c->r[LA_A0 + 2];
	uint8_t t[120];
	assert_true(hvsim_host_read(vm, st, t, sizeof(t)));
	assert_int_equal(host64(vm, st), LAV_EFI_SYSTAB_SIGNATURE);
	uint32_t rev, hsize, crc;
	memcpy(&rev, t + 8, 4);
	memcpy(&hsize, t + 12, 4);
	memcpy(&crc, t + 16, 4);
	assert_int_equal(rev, (2u << 16) | 100);
	assert_int_equal(hsize, 120);
	memset(t + 16, 0, 4);
	assert_int_equal(crc32(0, t, 120), crc);
	assert_int_equal(host64(vm, st + 88), 0);    /* no runtime services */
	uint64_t n = host64(vm, st + 104), tables = host64(vm, st + 112);
	assert_int_equal(n, 3);

	uint64_t memmap = 0, fdt = 0, initrd_tbl = 0;
	for (uint64_t i = 0; i < n; i++) {
		uint8_t e[24];
		assert_true(hvsim_host_read(vm, tables + 24 * i, e, 24));
		uint64_t p;
		memcpy(&p, e + 16, 8);
		if (guid_is(e, 0x800f683f))
			memmap = p;
		else if (guid_is(e, 0xb1b621d5))
			fdt = p;
		else if (guid_is(e, 0x5568e427))
			initrd_tbl = p;
	}
	assert_int_equal(fdt, LAV_FDT_ADDR);
	/* struct linux_efi_initrd, matching /chosen. */
	uint64_t ibase = host64(vm, initrd_tbl), isize = host64(vm, initrd_tbl + 8);
	assert_int_equal(isize, sizeof(initrd));
	uint8_t ib[16];
	assert_true(hvsim_host_read(vm, ibase, ib, sizeof(ib)));
	assert_int_equal(ib[0], 0xa5);
	assert_true(ibase >= LAV_BOOTINFO_END && ibase + isize <= LAV_LOWMEM_SIZE);
	static uint8_t dt[LAV_FDT_MAX];
	assert_true(hvsim_host_read(vm, fdt, dt, sizeof(dt)));
	assert_int_equal(fdt_check_header(dt), 0);
	int len;
	int ch = fdt_path_offset(dt, "/chosen");
	assert_int_equal(fdt64_ld((const fdt64_t *)fdt_getprop(dt, ch, "linux,initrd-start", &len)),
			 ibase);
	assert_string_equal(fdt_getprop(dt, ch, "bootargs", &len), cmdline);

	/*
	 * The boot memory map (struct efi_boot_memmap): every byte of RAM once,
	 * in order; the kernel as loader code, the boot information and the
	 * initrd as loader data, the rest conventional.
	 */
	uint64_t map_size = host64(vm, memmap), desc_size = host64(vm, memmap + 8);
	assert_int_equal(desc_size, 40);
	assert_int_equal(host64(vm, memmap + 16) & 0xffffffff, 1);
	uint64_t at = 0, total = 0;
	int loader_code = 0, loader_data = 0;
	for (uint64_t d = 0; d < map_size / desc_size; d++) {
		uint64_t p = memmap + 40 + d * desc_size;
		uint32_t type = (uint32_t)host64(vm, p);
		uint64_t start = host64(vm, p + 8), pages = host64(vm, p + 24);
		if (start != at)
			assert_int_equal(start, LAV_HIGHMEM_BASE);
		at = start + pages * 4096;
		total += pages * 4096;
		assert_true(type == 1 || type == 2 || type == 7);
		assert_int_equal(host64(vm, p + 32), 0x8);   /* EFI_MEMORY_WB */
		if (type == 1) {
			loader_code++;
			assert_int_equal(start, LOAD);
		}
		if (type == 2)
			loader_data++;
	}
	assert_int_equal(total, GIB);
	assert_int_equal(loader_code, 1);
	assert_int_equal(loader_data, 2);

	/* Secondary CPUs wait in the firmware. */
	assert_false(vm->cpu_on[1]);
	free(z);
	free(k);
	hvsim_vm_destroy(vm);
}

/* Bad kernels and options are refused with a message naming the culprit. */
static void test_bad_kernels(void **state)
{
	struct hvsim_vm *vm = new_vm(GIB, 1);
	char err[256];
	size_t klen = 0x4000;
	uint8_t *k = fake_kernel(klen);
	uint64_t v = 0x100000;                       /* load offset inside the boot information */
	memcpy(k + 0x18, &v, 8);
	assert_int_equal(load(vm, k, klen, NULL, 0, NULL, err, sizeof(err)), HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "does not fit"));
	v = LOAD;
	memcpy(k + 0x18, &v, 8);
	v = 0x8000000;                               /* entry outside the image */
	memcpy(k + 0x08, &v, 8);
	assert_int_equal(load(vm, k, klen, NULL, 0, NULL, err, sizeof(err)), HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "entry"));
	/* Neither zboot, nor a Linux image, nor an ELF. */
	k[0] = 'X';
	assert_int_equal(load(vm, k, klen, NULL, 0, NULL, err, sizeof(err)), HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "not a LoongArch kernel"));
	/* An ELF for another machine. */
	Elf64_Ehdr eh = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
				       EV_CURRENT }, .e_type = ET_EXEC, .e_machine = EM_AARCH64,
			  .e_version = EV_CURRENT, .e_ehsize = sizeof(eh) };
	assert_int_equal(load(vm, &eh, sizeof(eh), NULL, 0, NULL, err, sizeof(err)), HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "not for LoongArch"));
	free(k);
	/* A command line longer than Linux's COMMAND_LINE_SIZE. */
	k = fake_kernel(klen);
	char *longcmd = malloc(5000);
	memset(longcmd, 'x', 4999);
	longcmd[4999] = 0;
	assert_int_equal(load(vm, k, klen, NULL, 0, longcmd, err, sizeof(err)), HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "command line"));
	free(longcmd);
	free(k);
	hvsim_vm_destroy(vm);
	/* An initrd larger than low RAM above the kernel (a sparse file: no data to write). */
	vm = new_vm(32ull << 20, 1);
	k = fake_kernel(klen);
	char *kpath = temp_file(k, klen), *ipath = temp_file("", 0);
	assert_int_equal(truncate(ipath, (off_t)(32ull << 20) - (off_t)LOAD), 0);
	assert_int_equal(hvsim_vm_load_kernel(vm, kpath, ipath, NULL, err, sizeof(err)), HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "initrd"));
	unlink(kpath);
	unlink(ipath);
	free(kpath);
	free(ipath);
	free(k);
	hvsim_vm_destroy(vm);
	/* -dtb: only the generated tree. */
	struct hvsim_config cfg = { .machine = "loongarch-virt", .ram_bytes = GIB, .smp = 1,
				    .dtb = "/nonexistent.dtb" };
	vm = hvsim_vm_create(&cfg, err, sizeof(err));
	assert_non_null(vm);
	k = fake_kernel(klen);
	assert_int_equal(load(vm, k, klen, NULL, 0, NULL, err, sizeof(err)), HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "-dtb"));
	free(k);
	hvsim_vm_destroy(vm);
}

/* An ELF linked in the kernel's direct-mapped window loads at its physical address. */
static void test_elf_kernel(void **state)
{
	struct hvsim_vm *vm = new_vm(GIB, 1);
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
		uint32_t code[4];
	} elf = {
		.eh = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
				     EV_CURRENT }, .e_type = ET_EXEC, .e_machine = EM_LOONGARCH,
			.e_version = EV_CURRENT, .e_entry = 0x9000000000200008ull,
			.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
			.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 1 },
		.ph = { .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
			.p_offset = offsetof(typeof(elf), code), .p_vaddr = 0x9000000000200000ull,
			.p_paddr = 0x9000000000200000ull, .p_filesz = 16, .p_memsz = 16 },
		.code = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 },
	};
	char err[256];
	assert_int_equal(load(vm, &elf, sizeof(elf), NULL, 0, "x", err, sizeof(err)), 0);
	assert_int_equal(host64(vm, 0x200008), 0x4444444433333333ull);
	struct la_cpu *c = loongarch_virt_cpu(vm, 0);
	assert_int_equal(c->core.pc, 0x200008);
	assert_int_equal(host64(vm, c->r[LA_A0 + 2]), LAV_EFI_SYSTAB_SIGNATURE);
	hvsim_vm_destroy(vm);
}

/*
 * loongson_boot_secondary: the entry into the target's mailbox 0, then
 * the boot IPI. At the next quantum boundary the firmware's wait lets the
 * CPU go, at that address, with the IPI taken.
 */
static void test_secondary_start(void **state)
{
	struct hvsim_vm *vm = new_vm(GIB, 3);
	uint64_t entry = 0x12e9000;
	vm->board->tick(vm);
	assert_false(vm->cpu_on[1] || vm->cpu_on[2]);
	io_as(vm, 0, LOONGARCH_IPI_SEND, 4, true, 1u << 31 | 2u << 16 | 0);   /* IPI, no entry */
	vm->board->tick(vm);
	assert_false(vm->cpu_on[2]);
	io_as(vm, 0, LOONGARCH_MAIL_SEND, 8, true, 1u << 31 | 1 << 2 | 2u << 16);
	io_as(vm, 0, LOONGARCH_MAIL_SEND, 8, true, 1u << 31 | 0 << 2 | 2u << 16 | entry << 32);
	vm->now = 300000;
	vm->board->tick(vm);
	assert_true(vm->cpu_on[2]);
	assert_false(vm->cpu_on[1]);
	struct la_cpu *c = loongarch_virt_cpu(vm, 2);
	assert_int_equal(c->core.pc, entry);
	assert_int_equal(c->core.cycles, 300000);
	assert_true(c->csr.crmd & LA_CRMD_DA);
	assert_int_equal(c->csr.cpuid, 2);
	assert_int_equal(io_as(vm, 2, LOONGARCH_IPI_STATUS, 4, false, 0), 0);
	hvsim_vm_destroy(vm);
}

/* The interrupt lines end at the CPUs' ESTAT: IPI, and the UART through PCH-PIC and EIOINTC. */
static void test_interrupt_wiring(void **state)
{
	struct hvsim_vm *vm = new_vm(GIB, 2);
	io_as(vm, 1, LOONGARCH_IPI_EN, 4, true, ~0u);
	io_as(vm, 0, LOONGARCH_IPI_SEND, 4, true, 1u << 16 | 1);
	assert_true(loongarch_virt_cpu(vm, 1)->csr.estat & (1u << LA_IRQ_IPI));
	io_as(vm, 1, LOONGARCH_IPI_CLEAR, 4, true, ~0u);
	assert_false(loongarch_virt_cpu(vm, 1)->csr.estat & (1u << LA_IRQ_IPI));

	/* Linux's programming, short: vectors 0-63 on HWI0 of core 1, input 2 is vector 2. */
	io_as(vm, 0, 0x14c0, 4, true, 0x0101);
	io_as(vm, 0, 0x1c00, 4, true, 0x02020202);
	io_as(vm, 0, 0x1600, 4, true, ~0u);
	mmio_as(vm, LAV_PCH_PIC_BASE + 0x40, 4, true, ~0u);
	mmio_as(vm, LAV_PCH_PIC_BASE + 0x200 + LAV_UART_PIN, 1, true, 2);
	mmio_as(vm, LAV_PCH_PIC_BASE + 0x20, 4, true, ~(1u << LAV_UART_PIN));
	mmio_as(vm, LAV_UART_BASE + 1, 1, true, 1);             /* IER: received data */
	vm->board->console_put(vm, 'k');
	assert_true(loongarch_virt_cpu(vm, 1)->csr.estat & (1u << LA_IRQ_HWI0));
	assert_false(loongarch_virt_cpu(vm, 0)->csr.estat & (1u << LA_IRQ_HWI0));
	assert_int_equal(io_as(vm, 1, 0x1800, 4, false, 0), 1u << 2);
	assert_int_equal(mmio_as(vm, LAV_UART_BASE, 1, false, 0), 'k');
	io_as(vm, 1, 0x1800, 4, true, 1u << 2);
	assert_false(loongarch_virt_cpu(vm, 1)->csr.estat & (1u << LA_IRQ_HWI0));
	hvsim_vm_destroy(vm);
}

/*
 * LoongArch KVM on this board: HVCL and the CPUCFG leaves are routed, PV
 * IPI raises SWI0 on the CPU with that id, and the steal-time record is
 * brought up to date when registered.
 */
static void test_kvm_paravirt(void **state)
{
	struct hvsim_vm *vm = new_vm(GIB, 2);
	assert_ptr_equal(hv_route_find(&vm->hv, LA_CONDUIT_HVCL, 0x100), &hv_hvcl_abi);
	assert_ptr_equal(hv_route_find(&vm->hv, LA_CONDUIT_CPUCFG, 0), &hv_kvm_loongarch_cpucfg_abi);
	assert_int_equal(vm->hvplat.pv_features,
			 HV_LA_FEATURE_IPI | HV_LA_FEATURE_STEAL_TIME | HV_LA_FEATURE_PREEMPT);
	/* KVM_HCALL_FUNC_IPI to CPU 1 (a1 = bitmap, a3 = min), through the whole path. */
	struct hv_call call = { .abi = &hv_hvcl_abi, .vcpu = 0, .immediate = 0x100,
				.a = { 1, 0x2, 0, 0 } };
	hv_call(&vm->hv, &call);
	assert_int_equal(call.r[0], 0);
	assert_true(loongarch_virt_cpu(vm, 1)->csr.estat & (1u << LA_IRQ_SWI0));
	assert_false(loongarch_virt_cpu(vm, 0)->csr.estat & (1u << LA_IRQ_SWI0));
	assert_false(vm->hvplat.pv_ipi(vm->hvplat.opaque, 0, 2));
	/* KVM_HCALL_FUNC_NOTIFY: the record's odd first-boot version becomes even. */
	uint64_t gpa = 0x3000040;
	uint32_t version = 1;
	assert_true(hvsim_host_write(vm, gpa + 8, &version, 4));
	call = (struct hv_call){ .abi = &hv_hvcl_abi, .vcpu = 1, .immediate = 0x100,
				 .a = { 2, HV_LA_FEATURE_STEAL_TIME, gpa | 1 } };
	hv_call(&vm->hv, &call);
	assert_int_equal(call.r[0], 0);
	assert_int_equal(loongarch_virt(vm)->steal_gpa[1], gpa | 1);
	assert_true(hvsim_host_read(vm, gpa + 8, &version, 4));
	assert_int_equal(version, 4);
	assert_int_equal(host64(vm, gpa), 0);        /* nothing stolen */
	/* PREEMPT: flagged while another vCPU takes its turn, unless asleep; clear while it runs. */
	struct core_vcpu *v1 = vm->cpus[1];
	uint8_t flag;
	vm->board->vcpu_turn(vm, v1, false);
	assert_true(hvsim_host_read(vm, gpa + 16, &flag, 1));
	assert_int_equal(flag, 1);
	vm->board->vcpu_turn(vm, v1, true);
	assert_true(hvsim_host_read(vm, gpa + 16, &flag, 1));
	assert_int_equal(flag, 0);
	v1->halted = true;
	vm->board->vcpu_turn(vm, v1, false);
	assert_true(hvsim_host_read(vm, gpa + 16, &flag, 1));
	assert_int_equal(flag, 0);
	assert_true(hvsim_host_read(vm, gpa + 8, &version, 4));
	assert_int_equal(version, 4);                /* the flag alone changes no version */
	hvsim_vm_destroy(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_configuration_checks),
		cmocka_unit_test(test_memory_map),
		cmocka_unit_test(test_iocsr_chip_configuration),
		cmocka_unit_test(test_device_tree),
		cmocka_unit_test(test_ged_poweroff_and_reset),
		cmocka_unit_test(test_zboot),
		cmocka_unit_test(test_boot_protocol),
		cmocka_unit_test(test_bad_kernels),
		cmocka_unit_test(test_elf_kernel),
		cmocka_unit_test(test_secondary_start),
		cmocka_unit_test(test_interrupt_wiring),
		cmocka_unit_test(test_kvm_paravirt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
