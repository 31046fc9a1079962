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

#endif
