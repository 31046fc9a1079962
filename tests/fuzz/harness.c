/*
 * What several harnesses do alike (see fuzz.h): run a VM's vCPUs, load a
 * kernel through the public API's path, read and write tagged hypercall
 * arguments, emit program seeds.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "machine/machine.h"
#include "tests/fuzz/fuzz.h"

struct hvsim_vm *fuzz_vm_create(const struct hvsim_config *cfg)
{
	char err[256];
	struct hvsim_vm *vm = hvsim_vm_create(cfg, err, sizeof(err));
	FUZZ_CHECK(vm != NULL);
	fuzz_guard_ram(&vm->mem);
	return vm;
}

void fuzz_vm_destroy(struct hvsim_vm *vm)
{
	fuzz_unguard_ram(&vm->mem);
	hvsim_vm_destroy(vm);
}

size_t fuzz_take_words(struct fuzz_in *in, uint32_t *words, size_t max, void (*check)(uint32_t))
{
	size_t n = in->n / 4 < max ? in->n / 4 : max;
	for (size_t i = 0; i < n; i++) {
		words[i] = fuzz_u32(in);
		check(words[i]);
	}
	return n;
}

struct hvsim_vm *fuzz_loader_vm(const char *machine, uint64_t ram_bytes)
{
	static struct hvsim_vm *vm;
	if (!vm) {
		struct hvsim_config cfg = { .machine = machine, .ram_bytes = ram_bytes, .smp = 1 };
		vm = fuzz_vm_create(&cfg);
	}
	FUZZ_CHECK(!strcmp(vm->cfg.machine, machine));
	return vm;
}

void fuzz_run_vm(struct hvsim_vm *vm, int rounds, uint64_t quantum, uint64_t budget)
{
	for (int round = 0; round < rounds && !vm->shutdown; round++)
		for (int i = 0; i < vm->n_cpus; i++)
			for (enum hvsim_exit_reason r = HVSIM_EXIT_HYPERCALL;
			     r == HVSIM_EXIT_HYPERCALL && vm->cpu_on[i] && !vm->shutdown;) {
				r = hvsim_vcpu_run(vm, i, quantum);
				FUZZ_CHECK(r != HVSIM_EXIT_INTERNAL);
			}
	uint64_t insns = 0;
	for (int i = 0; i < vm->n_cpus; i++)
		insns += vm->cpus[i]->insns;
	/* The budget may be overshot by at most the block that crossed it. */
	FUZZ_CHECK(insns <= budget + CORE_BLOCK_MAX_OPS);
}

void fuzz_emit_programs(fuzz_emit_fn emit, const struct fuzz_program *seeds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct fuzz_buf b = { .n = 0 };
		fuzz_put(&b, 1, seeds[i].flags);
		for (unsigned k = 0; k < seeds[i].n; k++)
			fuzz_put(&b, 4, seeds[i].words[k]);
		emit(seeds[i].name, b.b, b.n);
	}
}

uint8_t *fuzz_copy(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	FUZZ_CHECK(copy != NULL);
	memcpy(copy, data, size);
	return copy;
}

uint64_t fuzz_arg(struct fuzz_in *in, uint64_t ram_base)
{
	unsigned tag = fuzz_u8(in);
	switch (tag & 3) {
	case 0: return 0;
	case 1: return fuzz_u8(in);
	case 2: {
		uint64_t a = ram_base + ((uint64_t)fuzz_u16(in) << MEM_PAGE_BITS);
		return tag & 4 ? a + fuzz_u16(in) : a;
	}
	default: return fuzz_u64(in);
	}
}

void fuzz_put_args(struct fuzz_buf *b, const uint64_t *args, int n, int count)
{
	for (int i = 0; i < count; i++) {
		if (i < n && args[i]) {
			fuzz_put(b, 1, 3);
			fuzz_put(b, 8, args[i]);
		} else {
			fuzz_put(b, 1, 0);
		}
	}
}

/* The public API loads from a path: a memory file's. */
static int kernel_fd = -1;
static char kernel_path[64];

int fuzz_load_kernel(struct hvsim_vm *vm, const void *data, size_t len, const char *cmdline)
{
	if (kernel_fd < 0) {
		kernel_fd = memfd_create("fuzz-kernel", 0);
		FUZZ_CHECK(kernel_fd >= 0);
		snprintf(kernel_path, sizeof(kernel_path), "/proc/self/fd/%d", kernel_fd);
	}
	FUZZ_CHECK(ftruncate(kernel_fd, 0) == 0);
	FUZZ_CHECK(pwrite(kernel_fd, data, len, 0) == (ssize_t)len);
	char err[256];
	memset(err, 0, sizeof(err));
	int rc = hvsim_vm_load_kernel(vm, kernel_path, NULL, cmdline, err, sizeof(err));
	fuzz_check_load(rc, err);
	return rc;
}

void fuzz_check_load(int rc, const char *err)
{
	FUZZ_CHECK(rc == 0 || rc == HVSIM_BAD_INPUT || rc == HVSIM_ERROR);
	if (rc)
		FUZZ_CHECK(err[0] != 0 && memchr(err, 0, 256) != NULL);
}

void fuzz_elf_header(void *ehdr, unsigned machine, uint64_t entry, unsigned phnum)
{
	Elf64_Ehdr eh = { 0 };
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = (Elf64_Half)machine;
	eh.e_version = EV_CURRENT;
	eh.e_entry = entry;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = (Elf64_Half)phnum;
	memcpy(ehdr, &eh, sizeof(eh));
}

size_t fuzz_elf_one_load(uint8_t *out, unsigned machine, uint64_t vaddr, uint64_t paddr, const void *code,
			 size_t len, uint64_t memsz)
{
	Elf64_Ehdr eh;
	fuzz_elf_header(&eh, machine, paddr, 1);
	Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X, .p_offset = sizeof(eh) + sizeof(ph),
			  .p_vaddr = vaddr, .p_paddr = paddr, .p_filesz = len,
			  .p_memsz = memsz > len ? memsz : len, .p_align = 0x1000 };
	memcpy(out, &eh, sizeof(eh));
	memcpy(out + sizeof(eh), &ph, sizeof(ph));
	memcpy(out + ph.p_offset, code, len);
	return ph.p_offset + len;
}
