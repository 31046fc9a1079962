/*
 * Fuzz the x86-virt boot loader (machine/x86_boot.c, machine/x86_virt.c)
 * with hostile kernel images: a bzImage's setup header (protocol
 * version, setup sectors, the jump that ends the header, load flags,
 * preferred address, alignment, init_size, command-line and initrd
 * limits), truncated and oversized images, and ELF files (the arm64
 * counterpart is fuzz_loader.c).
 *
 * Input: the image. It is checked by x86_bzimage_check and, if it is a
 * bzImage, loaded by x86_bzimage_load into a board's RAM; then the same
 * bytes go through the public API (hvsim_vm_load_kernel) with a command
 * line and without, which also writes boot_params, the e820 map and the
 * ACPI tables. Invariants: a
 * load succeeds or fails with a message; a checked image's kernel lies
 * inside the input; a loaded kernel lies inside low RAM. Guest RAM sits
 * between guard pages, so a write outside it faults.
 */
#include <elf.h>
#include <string.h>

#include "machine/x86_virt.h"
#include "tests/fuzz/fuzz.h"

#define RAM_BYTES (32ull << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hvsim_vm *vm = fuzz_loader_vm("x86-virt", RAM_BYTES);
	uint8_t *copy = fuzz_copy(data, size);

	char err[256];
	memset(err, 0, sizeof(err));
	struct x86_bzimage img;
	int rc = x86_bzimage_check(copy, size, &img, err, sizeof(err));
	if (rc != 1)
		fuzz_check_load(rc, err);
	if (rc == 0) {
		FUZZ_CHECK(img.kernel >= copy && img.kernel + img.kernel_len == copy + size);
		FUZZ_CHECK(img.hdr_end <= size && img.init_size >= img.kernel_len);
		struct x86_e820 e820[8];
		struct x86_linux_boot lb = {
			.lowmem = RAM_BYTES, .zero_page = X86V_ZERO_PAGE, .cmdline_gpa = X86V_CMDLINE,
			.cmdline = "console=ttyS0", .initrd = RAM_BYTES - 0x10000, .initrd_len = 0x1000,
			.e820 = e820, .n_e820 = x86_virt_e820(vm, e820, 8),
		};
		memset(err, 0, sizeof(err));
		rc = x86_bzimage_load(&vm->mem, &img, &lb, err, sizeof(err));
		fuzz_check_load(rc, err);
		if (rc == 0)
			FUZZ_CHECK(img.load + img.init_size <= RAM_BYTES && img.load + img.init_size > img.load);
	}

	/* With a command line (a bzImage's), and without (an ELF takes none). */
	fuzz_load_kernel(vm, copy, size, "console=ttyS0 hvsim.test=shell");
	fuzz_load_kernel(vm, copy, size, NULL);

	free(copy);
	return 0;
}

/* A bzImage of boot protocol `version` (boot.rst, "The Real-Mode Kernel Header"). */
static size_t make_bzimage(uint8_t *out, size_t cap, unsigned version, uint64_t pref, uint32_t init_size,
			   uint32_t align, uint8_t setup_sects, size_t kernel_len)
{
	size_t setup = (size_t)(setup_sects ? setup_sects : 4) * 512 + 512;
	size_t len = setup + kernel_len;
	if (len > cap)
		return 0;
	memset(out, 0, len);
	struct { size_t off; unsigned bytes; uint64_t v; } f[] = {
		{ 0x1f1, 1, setup_sects }, { 0x1fe, 2, 0xaa55 },
		{ 0x200, 2, 0x66eb },      /* jmp 0x268: the header's end */
		{ 0x202, 4, 0x53726448 },  /* "HdrS" */
		{ 0x206, 2, version }, { 0x211, 1, 1 /* LOADED_HIGH */ },
		{ 0x22c, 4, 0x7fffffff },  /* initrd_addr_max */
		{ 0x230, 4, align }, { 0x236, 2, 1 /* XLF_KERNEL_64 */ },
		{ 0x238, 4, 2047 },        /* cmdline_size */
		{ 0x258, 8, pref }, { 0x260, 4, init_size },
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		for (unsigned b = 0; b < f[i].bytes; b++)
			out[f[i].off + b] = (uint8_t)(f[i].v >> (8 * b));
	/* The 64-bit entry at 0x200 into the kernel: hlt; jmp back. */
	out[setup + 0x200] = 0xf4;
	out[setup + 0x201] = 0xeb;
	out[setup + 0x202] = 0xfd;
	return len;
}

/* An x86-64 executable: one PT_LOAD with hlt at its entry. */
static size_t make_elf(uint8_t *out, uint64_t paddr)
{
	static const uint8_t code[] = { 0xf4, 0xeb, 0xfd };
	return fuzz_elf_one_load(out, EM_X86_64, paddr, paddr, code, sizeof(code), 0x2000);
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	static uint8_t buf[8192];
	emit("bzimage", buf, make_bzimage(buf, sizeof(buf), 0x20f, 0x1000000, 0x10000, 0x200000, 1, 0x400));
	emit("bzimage-default-load", buf, make_bzimage(buf, sizeof(buf), 0x20c, 0, 0, 0, 0, 0x300));
	emit("bzimage-misaligned", buf, make_bzimage(buf, sizeof(buf), 0x20f, 0x1234567, 0x1000, 0x200000, 2, 0x210));
	emit("bzimage-too-big", buf, make_bzimage(buf, sizeof(buf), 0x20f, 0x3f00000, 0x1000000, 0x1000, 1, 0x400));
	emit("bzimage-old", buf, make_bzimage(buf, sizeof(buf), 0x20a, 0x1000000, 0x10000, 0x200000, 1, 0x400));
	emit("elf", buf, make_elf(buf, 0x200000));
}
