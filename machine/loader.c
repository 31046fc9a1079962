/*
 * The ELF loader (libelf) every board uses for bare-metal programs. Every
 * size and address in an image is checked against guest RAM before
 * anything is copied: a corrupt image is bad input, never a crash.
 */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "machine/machine.h"

/* Is [gpa, gpa + len) within RAM [base, base + size)? */
bool machine_in_ram(uint64_t base, uint64_t size, uint64_t gpa, uint64_t len)
{
	return gpa >= base && len <= size && gpa - base <= size - len;
}

/* The ELF machine names errors give. */
static const char *em_name(unsigned em)
{
	switch (em) {
	case EM_AARCH64: return "AArch64";
	case EM_X86_64: return "x86-64";
#ifdef EM_LOONGARCH
	case EM_LOONGARCH: return "LoongArch";
#endif
	}
	return "this machine";
}

int machine_load_elf(struct mem_space *mem, uint64_t ram_base, uint64_t ram_size, unsigned em,
		     const void *data, size_t len, uint64_t *entry, char *err, size_t errlen)
{
	return machine_load_elf_pa(mem, ram_base, ram_size, em, ~0ull, data, len, entry, err, errlen);
}

int machine_load_elf_pa(struct mem_space *mem, uint64_t ram_base, uint64_t ram_size, unsigned em,
			uint64_t pa_mask, const void *data, size_t len, uint64_t *entry, char *err,
			size_t errlen)
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
	    eh.e_machine != em) {
		/* Say what the file is: a 32-bit or big-endian ELF may carry the machine number asked for. */
		snprintf(err, errlen, "ELF is not for %s: it is %s %s-endian, machine %u (%s needs "
			 "64-bit little-endian, machine %u)", em_name(em),
			 eh.e_ident[EI_CLASS] == ELFCLASS64 ? "64-bit" : "32-bit",
			 eh.e_ident[EI_DATA] == ELFDATA2MSB ? "big" : "little", eh.e_machine, em_name(em), em);
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
		uint64_t pa = ph.p_paddr & pa_mask;
		if (!machine_in_ram(ram_base, ram_size, pa, ph.p_memsz)) {
			snprintf(err, errlen,
				 "ELF segment %zu at 0x%llx (+0x%llx) does not fit in guest RAM "
				 "0x%llx-0x%llx (use a larger -m?)", i,
				 (unsigned long long)pa, (unsigned long long)ph.p_memsz,
				 (unsigned long long)ram_base, (unsigned long long)(ram_base + ram_size));
			goto out;
		}
		mem_load(mem, pa, (const uint8_t *)data + ph.p_offset, ph.p_filesz);
		loaded++;
	}
	if (!loaded) {
		snprintf(err, errlen, "ELF has no loadable segment");
		goto out;
	}
	*entry = eh.e_entry & pa_mask;
	rc = 0;
out:
	if (e)
		elf_end(e);
	return rc;
}

int machine_gunzip(const void *src, size_t len, void *dst, size_t size, const char *what,
		   char *err, size_t errlen)
{
	z_stream zs = { .next_in = (Bytef *)src, .avail_in = (uInt)len, .next_out = dst,
			.avail_out = (uInt)size };
	if (len > UINT32_MAX || size > UINT32_MAX) {
		snprintf(err, errlen, "%s: too large to unpack", what);
		return HVSIM_BAD_INPUT;
	}
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {   /* 16: a gzip wrapper */
		snprintf(err, errlen, "zlib initialisation failed");
		return HVSIM_ERROR;
	}
	int zrc = inflate(&zs, Z_FINISH);
	uLong out = zs.total_out;
	inflateEnd(&zs);
	if (zrc != Z_STREAM_END) {
		snprintf(err, errlen, "%s: its gzip data is corrupt or truncated (%s)", what,
			 zs.msg ? zs.msg : zrc == Z_BUF_ERROR ? "it ends early or unpacks to more than its size"
							   : "bad data");
		return HVSIM_BAD_INPUT;
	}
	if (out != size) {
		snprintf(err, errlen, "%s: the gzip data unpacks to %lu bytes, not the %zu its size says",
			 what, out, size);
		return HVSIM_BAD_INPUT;
	}
	return 0;
}
