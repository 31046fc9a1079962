/*
 * Fuzz the image loaders: the input is a kernel file, given to the ELF
 * loader, the arm64 Image loader, and the public API's load path (which
 * picks one, builds the device tree and places it). Whatever the bytes,
 * the result is a load or a named error, and nothing is written outside
 * guest RAM (which sits between guard pages).
 */
#include <elf.h>
#include <string.h>

#include <elf.h>

#include "machine/arm64_virt.h"
#include "tests/fuzz/fuzz.h"

#define RAM_BYTES (32ull << 20)

static bool in_ram(uint64_t a, uint64_t len)
{
	return a >= VIRT_RAM_BASE && len <= RAM_BYTES && a - VIRT_RAM_BASE <= RAM_BYTES - len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hvsim_vm *vm = fuzz_loader_vm("arm64-virt", RAM_BYTES);
	uint8_t *copy = fuzz_copy(data, size);

	char err[256];
	uint64_t entry = 0, end = 0;
	memset(err, 0, sizeof(err));
	int rc = arm64_load_image(&vm->mem, VIRT_RAM_BASE, vm->cfg.ram_bytes, copy, size, &entry, &end,
				  err, sizeof(err));
	if (rc != 1) {
		fuzz_check_load(rc, err);
		if (rc == 0)
			FUZZ_CHECK(in_ram(entry, end - entry) && end - entry >= size);
	}

	memset(err, 0, sizeof(err));
	rc = machine_load_elf(&vm->mem, VIRT_RAM_BASE, vm->cfg.ram_bytes, EM_AARCH64, copy, size,
			      &entry, err, sizeof(err));
	fuzz_check_load(rc, err);

	fuzz_load_kernel(vm, copy, size, "console=ttyAMA0");

	free(copy);
	return 0;
}

/* A minimal AArch64 executable: one header, n_load PT_LOAD segments of code, one PT_NOTE. */
static size_t make_elf(uint8_t *out, unsigned n_load, uint64_t paddr)
{
	static const uint32_t code[2] = { 0xd2b08000 /* mov x0, #0x84000000 */, 0xd4000002 /* hvc #0 */ };
	Elf64_Ehdr eh;
	fuzz_elf_header(&eh, EM_AARCH64, paddr, n_load + 1);
	size_t data_off = sizeof(eh) + eh.e_phnum * sizeof(Elf64_Phdr);
	memcpy(out, &eh, sizeof(eh));
	for (unsigned i = 0; i <= n_load; i++) {
		Elf64_Phdr ph = { 0 };
		ph.p_type = i < n_load ? PT_LOAD : PT_NOTE;
		ph.p_flags = PF_R | PF_X;
		ph.p_offset = data_off;
		ph.p_vaddr = ph.p_paddr = paddr + i * 0x1000;
		ph.p_filesz = sizeof(code);
		ph.p_memsz = i ? 0x2000 : sizeof(code);   /* a .bss tail on the later ones */
		ph.p_align = 0x1000;
		memcpy(out + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
	}
	memcpy(out + data_off, code, sizeof(code));
	return data_off + sizeof(code);
}

/* An arm64 Image: the 64-byte header (booting.rst), then a little code. */
static size_t make_image(uint8_t *out, uint64_t text_offset, uint64_t image_size)
{
	struct fuzz_buf b = { .n = 0 };
	fuzz_put(&b, 4, 0x14000010);   /* code0: b +64 (over the header) */
	fuzz_put(&b, 4, 0);
	fuzz_put(&b, 8, text_offset);
	fuzz_put(&b, 8, image_size);
	fuzz_put(&b, 8, 0x2);          /* flags: LE, 4K pages */
	fuzz_put(&b, 8, 0);
	fuzz_put(&b, 8, 0);
	fuzz_put(&b, 8, 0);
	fuzz_put(&b, 4, 0x644d5241);   /* "ARM\x64" */
	fuzz_put(&b, 4, 0);
	fuzz_put(&b, 4, 0xd503207f);   /* wfi */
	memcpy(out, b.b, b.n);
	return b.n;
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	uint8_t buf[1024];
	emit("elf-one-load", buf, make_elf(buf, 1, VIRT_RAM_BASE));
	emit("elf-three-loads", buf, make_elf(buf, 3, VIRT_RAM_BASE + 0x80000));
	emit("image", buf, make_image(buf, 0, 0x10000));
	emit("image-old", buf, make_image(buf, 0x80000, 0));
}
