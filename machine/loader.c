/*
 * Image loaders: ELF executables (libelf) and the Linux arm64 Image.
 * Every size and address in an image is checked against guest RAM before
 * anything is copied: a corrupt image is bad input, never a crash.
 */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>

#include "machine/machine.h"

static bool in_ram(struct hvsim_vm *vm, uint64_t gpa, uint64_t len)
{
	uint64_t end = VIRT_RAM_BASE + vm->cfg.ram_bytes;
	return gpa >= VIRT_RAM_BASE && len <= end - VIRT_RAM_BASE && gpa - VIRT_RAM_BASE <= end - VIRT_RAM_BASE - len;
}

int machine_load_elf(struct hvsim_vm *vm, const void *data, size_t len, uint64_t *entry,
		     char *err, size_t errlen)
{
	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(err, errlen, "libelf initialisation failed");
		return HVSIM_ERROR;
	}
	Elf *e = elf_memory((char *)data, len);
	int rc = HVSIM_BAD_INPUT;
	GElf_Ehdr eh;
	size_t nph;
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh)) {
		snprintf(err, errlen, "not an ELF file");
		goto out;
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != EM_AARCH64) {
		snprintf(err, errlen, "ELF is not for AArch64 (64-bit little-endian, machine %u)",
			 eh.e_machine);
		goto out;
	}
	if (eh.e_type != ET_EXEC) {
		snprintf(err, errlen, "ELF is not an executable (type %u)", eh.e_type);
		goto out;
	}
	if (elf_getphdrnum(e, &nph) != 0 || nph == 0) {
		snprintf(err, errlen, "ELF has no program headers");
		goto out;
	}
	int loaded = 0;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(e, (int)i, &ph)) {
			snprintf(err, errlen, "ELF program header %zu is corrupt", i);
			goto out;
		}
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > len || ph.p_filesz > len - ph.p_offset) {
			snprintf(err, errlen, "ELF segment %zu lies outside the file (truncated?)", i);
			goto out;
		}
		if (!in_ram(vm, ph.p_paddr, ph.p_memsz)) {
			snprintf(err, errlen,
				 "ELF segment %zu at 0x%llx (+0x%llx) does not fit in guest RAM "
				 "0x%llx-0x%llx (use a larger -m?)", i,
				 (unsigned long long)ph.p_paddr, (unsigned long long)ph.p_memsz,
				 (unsigned long long)VIRT_RAM_BASE,
				 (unsigned long long)(VIRT_RAM_BASE + vm->cfg.ram_bytes));
			goto out;
		}
		mem_load(&vm->mem, ph.p_paddr, (const uint8_t *)data + ph.p_offset, ph.p_filesz);
		loaded++;
	}
	if (!loaded) {
		snprintf(err, errlen, "ELF has no loadable segment");
		goto out;
	}
	*entry = eh.e_entry;
	rc = 0;
out:
	if (e)
		elf_end(e);
	return rc;
}

/* The arm64 Image header (booting.rst "Call the kernel image"). */
struct image_header {
	uint32_t code0, code1;
	uint64_t text_offset, image_size, flags;
	uint64_t res2, res3, res4;
	uint32_t magic, res5;
};
#define ARM64_IMAGE_MAGIC 0x644d5241u  /* "ARM\x64" */

int machine_load_image(struct hvsim_vm *vm, const void *data, size_t len, uint64_t *entry,
		       uint64_t *end, char *err, size_t errlen)
{
	struct image_header h;
	if (len < sizeof(h))
		return 1;
	memcpy(&h, data, sizeof(h));
	if (h.magic != ARM64_IMAGE_MAGIC)
		return 1;
	/* flags bit 0: big-endian kernel, which this little-endian model cannot run. */
	if (h.flags & 1) {
		snprintf(err, errlen, "arm64 Image is big-endian");
		return HVSIM_BAD_INPUT;
	}
	/* image_size 0 means a pre-3.17 kernel with text_offset 0x80000. */
	uint64_t text_offset = h.image_size ? h.text_offset : 0x80000;
	uint64_t size = h.image_size ? h.image_size : len;
	if (size < len)
		size = len;
	/*
	 * A 2 MiB aligned base plus text_offset (booting.rst). Like QEMU, the
	 * base is 2 MiB into RAM, so both put the kernel at the same address.
	 */
	uint64_t base = ((VIRT_RAM_BASE + 0x1fffff) & ~0x1fffffull) + 0x200000 + text_offset;
	if (!in_ram(vm, base, size)) {
		snprintf(err, errlen, "arm64 Image (%llu bytes) does not fit in guest RAM (use a larger -m)",
			 (unsigned long long)size);
		return HVSIM_BAD_INPUT;
	}
	mem_load(&vm->mem, base, data, len);
	*entry = base;
	*end = base + size;
	return 0;
}
