/*
 * What the fuzz harnesses share. Each harness is one file that defines
 * LLVMFuzzerTestOneInput (libFuzzer's entry point) and fuzz_harness_seeds
 * (its seed corpus, written as data so the seeds follow the input format).
 * The same file links either with libFuzzer (-DHVSIM_FUZZ=ON) or with
 * replay.c, a plain main() that feeds it files and its seeds: that is how
 * `make check` compiles and runs every harness without libFuzzer.
 *
 * The input is untrusted in every harness: whatever the bytes, hvsim must
 * not crash, hang, or touch host memory outside what it owns. A harness
 * checks the invariants the interface promises with FUZZ_CHECK, which
 * aborts, so libFuzzer (or the replay) reports a crash with the input.
 */
#ifndef HVSIM_FUZZ_H
#define HVSIM_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "mem/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Called once per seed: name (a file name) and its bytes. */
typedef void (*fuzz_emit_fn)(const char *name, const void *data, size_t len);
void fuzz_harness_seeds(fuzz_emit_fn emit);

#define FUZZ_CHECK(cond)                                                              \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, \
				#cond);                                               \
			abort();                                                      \
		}                                                                     \
	} while (0)

/*
 * The input as a stream of little-endian fields. Reading past the end
 * gives zeros, so every input is a valid program for the harness.
 */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint64_t fuzz_take(struct fuzz_in *in, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (uint64_t)*in->p << (8 * i);
	return v;
}
static inline uint8_t fuzz_u8(struct fuzz_in *in) { return (uint8_t)fuzz_take(in, 1); }
static inline uint16_t fuzz_u16(struct fuzz_in *in) { return (uint16_t)fuzz_take(in, 2); }
static inline uint32_t fuzz_u32(struct fuzz_in *in) { return (uint32_t)fuzz_take(in, 4); }
static inline uint64_t fuzz_u64(struct fuzz_in *in) { return fuzz_take(in, 8); }

/* A little-endian byte builder for seeds. */
struct fuzz_buf {
	uint8_t b[4096];
	size_t n;
};

static inline void fuzz_put(struct fuzz_buf *s, unsigned bytes, uint64_t v)
{
	for (unsigned i = 0; i < bytes && s->n < sizeof(s->b); i++)
		s->b[s->n++] = (uint8_t)(v >> (8 * i));
}

/*
 * Put every RAM and ROM region of `mem` between two inaccessible guard
 * pages (the backing moves; call before anything caches host pointers), so
 * that a host access just outside guest memory faults instead of landing
 * in whatever the allocator placed there. fuzz_unguard_ram before
 * mem_space_free.
 */
void fuzz_guard_ram(struct mem_space *mem);
void fuzz_unguard_ram(struct mem_space *mem);

/* ---- shared by several harnesses (harness.c) ---- */

struct hvsim_vm;
struct hvsim_config;

/* A VM for cfg, its RAM between guard pages; fuzz_vm_destroy undoes both. */
struct hvsim_vm *fuzz_vm_create(const struct hvsim_config *cfg);
/*
 * The loader harnesses' VM: one board with `ram_bytes` of RAM between
 * guard pages, created at the first call and kept for the process (a
 * load only writes RAM, so inputs need no fresh machine).
 */
struct hvsim_vm *fuzz_loader_vm(const char *machine, uint64_t ram_bytes);
void fuzz_vm_destroy(struct hvsim_vm *vm);
/* Up to max instruction words from the input, each given to check (the decoder's invariants). */
size_t fuzz_take_words(struct fuzz_in *in, uint32_t *words, size_t max, void (*check)(uint32_t));

/*
 * Run each vCPU of vm that is on for `rounds` quanta of `quantum` cycles,
 * hypercall exits answered on the way, until the guest shuts down; then
 * check that the instructions retired stay within `budget` (the VM's
 * max_insns).
 */
void fuzz_run_vm(struct hvsim_vm *vm, int rounds, uint64_t quantum, uint64_t budget);
/* A CPU harness's seed: its flags byte, then the words. */
struct fuzz_program {
	const char *name;
	uint8_t flags;
	uint32_t words[16];
	unsigned n;
};
void fuzz_emit_programs(fuzz_emit_fn emit, const struct fuzz_program *seeds, size_t n);
/*
 * An exact-size copy of the input (free it): the sanitizers see a read
 * past its end, and a loader (libelf) may write it.
 */
uint8_t *fuzz_copy(const uint8_t *data, size_t size);
/*
 * A hypercall argument: a tag byte and its payload. tag & 3: 0 zero, 1 a
 * byte, 2 a RAM page (u16 page number from ram_base, plus a u16 offset
 * if tag bit 2), 3 eight bytes. Small values and RAM addresses are what
 * handlers check, so they get short encodings.
 */
uint64_t fuzz_arg(struct fuzz_in *in, uint64_t ram_base);
/* `count` arguments in that format for a seed: args[i] in full (tag 3), zero past n or if 0. */
void fuzz_put_args(struct fuzz_buf *b, const uint64_t *args, int n, int count);
/*
 * Load `data` as the kernel through the public API (hvsim_vm_load_kernel,
 * from a memory file), and check its result with fuzz_check_load.
 */
int fuzz_load_kernel(struct hvsim_vm *vm, const void *data, size_t len, const char *cmdline);
/* A seed's ELF header (an Elf64_Ehdr): a 64-bit little-endian executable, program headers after it. */
void fuzz_elf_header(void *ehdr, unsigned machine, uint64_t entry, unsigned phnum);
/*
 * A seed's executable with one PT_LOAD: `len` bytes of `code` at virtual
 * `vaddr`, physical `paddr` (the entry), `memsz` in memory (at least len).
 * Returns its size in out.
 */
size_t fuzz_elf_one_load(uint8_t *out, unsigned machine, uint64_t vaddr, uint64_t paddr, const void *code,
			 size_t len, uint64_t memsz);
/* A load succeeded, or failed with a named cause (err NUL-terminated within 256 bytes). */
void fuzz_check_load(int rc, const char *err);

#endif
