/*
 * A plain main() for a fuzz harness, so that it builds and runs without
 * libFuzzer (the fuzz-smoke tests of `make check`):
 *
 *   fuzz_X_replay                      run the harness's seeds, and MUTANTS
 *                                      deterministic mutants of each
 *   fuzz_X_replay FILE|DIR...          run these inputs (a directory: its files)
 *   fuzz_X_replay --write-seeds DIR    write the seeds to DIR (a corpus for libFuzzer)
 *
 * A broken invariant aborts, as under libFuzzer; reproduce a fuzzer's crash
 * with `fuzz_X_replay crash-<hash>`.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

#define MUTANTS 64

static unsigned n_run;
static const char *seed_dir;

static void run(const char *name, const void *data, size_t len)
{
	LLVMFuzzerTestOneInput(data, len);
	n_run++;
}

/* splitmix64: the same mutants on every machine. */
static uint64_t next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/*
 * A seed, then MUTANTS copies with a few bits flipped or bytes replaced,
 * some cut short: a small taste of what the fuzzer does, for every build.
 */
static void run_with_mutants(const char *name, const void *data, size_t len)
{
	run(name, data, len);
	if (!len)
		return;
	uint64_t rng = len;
	for (const char *c = name; *c; c++)
		rng = rng * 131 + (uint8_t)*c;
	for (int m = 0; m < MUTANTS; m++) {
		uint8_t *buf = malloc(len);
		memcpy(buf, data, len);
		size_t n = len;
		for (int k = 1 + (int)(next_random(&rng) % 4); k > 0; k--) {
			uint64_t r = next_random(&rng);
			size_t at = (size_t)(r >> 8) % n;
			if (r & 1)
				buf[at] ^= (uint8_t)(1u << ((r >> 1) & 7));
			else
				buf[at] = (uint8_t)(r >> 1);
		}
		if (next_random(&rng) % 8 == 0)
			n = 1 + (size_t)(next_random(&rng) % n);
		run(name, buf, n);
		free(buf);
	}
}

static void write_seed(const char *name, const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", seed_dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write seed '%s'\n", path);
		exit(1);
	}
}

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open '%s': %s\n", path, strerror(errno));
		exit(1);
	}
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "out of memory reading '%s'\n", path);
		exit(1);
	}
	/* An exact-size buffer, as libFuzzer gives: overruns are caught by the sanitizers. */
	uint8_t *exact = malloc(len ? len : 1);
	memcpy(exact, buf, len);
	free(buf);
	run(path, exact, len);
	free(exact);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	struct dirent **list;
	int n = scandir(path, &list, NULL, by_name);
	for (int i = 0; i < n; i++) {
		char sub[4096];
		snprintf(sub, sizeof(sub), "%s/%s", path, list[i]->d_name);
		if (list[i]->d_name[0] != '.' && stat(sub, &st) == 0 && S_ISREG(st.st_mode))
			run_file(sub);
		free(list[i]);
	}
	free(list);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--write-seeds")) {
		seed_dir = argv[2];
		if (mkdir(seed_dir, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "cannot create '%s': %s\n", seed_dir, strerror(errno));
			return 1;
		}
		fuzz_harness_seeds(write_seed);
		return 0;
	}
	if (argc == 1)
		fuzz_harness_seeds(run_with_mutants);
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("%s: %u inputs ran\n", argv[0], n_run);
	return 0;
}
