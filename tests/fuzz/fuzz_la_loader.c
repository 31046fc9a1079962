/*
 * Fuzz loongarch-virt's kernel loading: the input is a kernel file, given
 * to the EFI zboot unpacker (gzip and zstd), the Linux image loader
 * (booting.rst's header), the ELF loader, and the public API's load path
 * (which tries them in turn, then writes the device tree and the EFI
 * system table). Whatever the bytes, the result is a load or a named
 * error, and nothing is written outside guest RAM (which sits between
 * guard pages). (fuzz_loader.c is arm64's counterpart.)
 */
#include <elf.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "machine/loongarch_virt.h"
#include "tests/fuzz/fuzz.h"

#define RAM_BYTES (64ull << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hvsim_vm *vm = fuzz_loader_vm("loongarch-virt", RAM_BYTES);
	uint8_t *copy = fuzz_copy(data, size);
	char err[256];

	void *unpacked = NULL;
	size_t ulen = 0;
	memset(err, 0, sizeof(err));
	int rc = loongarch_unzboot(copy, size, &unpacked, &ulen, err, sizeof(err));
	if (rc != 1)
		fuzz_check_load(rc, err);
	if (rc == 0) {
		FUZZ_CHECK(unpacked != NULL && ulen > 0 && ulen <= LAV_LOWMEM_SIZE);
		free(unpacked);
	}

	struct loongarch_image img;
	memset(err, 0, sizeof(err));
	rc = loongarch_load_efi_image(&vm->mem, loongarch_virt_lowmem(vm), copy, size, &img, err,
				      sizeof(err));
	if (rc != 1)
		fuzz_check_load(rc, err);
	if (rc == 0) {
		FUZZ_CHECK(img.start >= LAV_BOOTINFO_END && img.end <= loongarch_virt_lowmem(vm));
		FUZZ_CHECK(img.entry >= img.start && img.entry < img.end && !(img.entry & 3));
		FUZZ_CHECK(img.end - img.start >= size);
	}

	uint64_t entry;
	memset(err, 0, sizeof(err));
	rc = machine_load_elf_pa(&vm->mem, LAV_LOWMEM_BASE, loongarch_virt_lowmem(vm), EM_LOONGARCH,
				 LA_PA_MASK, copy, size, &entry, err, sizeof(err));
	fuzz_check_load(rc, err);

	fuzz_load_kernel(vm, copy, size, "console=ttyS0,115200");

	free(copy);
	return 0;
}

/* ---- seeds ---- */

/* A Linux/LoongArch image (booting.rst's header) of `len` bytes loading at 2 MiB. */
static size_t make_image(uint8_t *out, size_t len)
{
	memset(out, 0, len);
	out[0] = 'M';
	out[1] = 'Z';
	struct fuzz_buf b = { .n = 0 };
	fuzz_put(&b, 8, 0x200040);     /* kernel entry (physical) */
	fuzz_put(&b, 8, len);          /* image size */
	fuzz_put(&b, 8, 0x200000);     /* load offset */
	memcpy(out + 8, b.b, b.n);
	b.n = 0;
	fuzz_put(&b, 4, 0x818223cd);   /* LINUX_PE_MAGIC */
	memcpy(out + 0x38, b.b, b.n);
	return len;
}

/* A zboot image around `payload`: "MZ", "zimg", offset, size, the compression's name. */
static size_t make_zboot(uint8_t *out, const char *comp, const void *payload, size_t plen)
{
	memset(out, 0, 0x40);
	memcpy(out, "MZ\0\0zimg", 8);
	struct fuzz_buf b = { .n = 0 };
	fuzz_put(&b, 4, 0x40);
	fuzz_put(&b, 4, plen);
	memcpy(out + 8, b.b, b.n);
	memcpy(out + 24, comp, strlen(comp));
	memcpy(out + 0x40, payload, plen);
	return 0x40 + plen;
}

static size_t gzip_into(uint8_t *out, size_t cap, const void *in, size_t len)
{
	z_stream zs = { 0 };
	FUZZ_CHECK(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	FUZZ_CHECK(deflate(&zs, Z_FINISH) == Z_STREAM_END);
	size_t n = zs.total_out;
	deflateEnd(&zs);
	return n;
}

/* A minimal LoongArch executable: one PT_LOAD of two words at paddr. */
static size_t make_elf(uint8_t *out, uint64_t paddr)
{
	static const uint32_t code[2] = { 0x002b8100 /* hvcl 0x100 */, 0x06488000 /* idle 0 */ };
	return fuzz_elf_one_load(out, EM_LOONGARCH, paddr | (9ull << 60), paddr, code, sizeof(code), 0x1000);
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	static uint8_t image[0x400], packed[0x800], out[0x900];
	size_t ilen = make_image(image, sizeof(image));
	emit("image", image, ilen);

	size_t plen = gzip_into(packed, sizeof(packed), image, ilen);
	emit("zboot-gzip", out, make_zboot(out, "gzip", packed, plen));

	plen = ZSTD_compress(packed, sizeof(packed) - 4, image, ilen, 19);
	FUZZ_CHECK(!ZSTD_isError(plen));
	struct fuzz_buf b = { .n = 0 };
	fuzz_put(&b, 4, ilen);          /* zstd payloads carry the unpacked size after them */
	memcpy(packed + plen, b.b, 4);
	size_t zlen = make_zboot(out, "zstd", packed, plen);
	memcpy(out + zlen, b.b, 4);
	emit("zboot-zstd", out, zlen + 4);

	emit("elf", out, make_elf(out, 0x200000));
}
