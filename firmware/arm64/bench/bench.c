/*
 * A CPU-bound benchmark guest: an integer, memory and branch mix with the
 * MMU and caches on (identity map), as an OS would run. Each iteration
 * fills a buffer from a PRNG, checksums it (bitwise CRC-32, Adler-32,
 * FNV-1a), heapsorts an array and runs a bytecode interpreter; every result
 * feeds one checksum, printed at the end so runs on different emulators
 * can be compared. Nothing printed depends on time.
 *
 * ITERATIONS sizes the run: one iteration is about 4.46 million instructions
 * (measured with QEMU -icount), so the default executes about 1.5e9.
 */
#include "mmu.h"

#ifndef ITERATIONS
#define ITERATIONS 336
#endif

#define BUF_BYTES  (16 * 1024)
#define SORT_N     4096
#define VM_LOOPS   6000

static uint8_t buf[BUF_BYTES] __attribute__((aligned(64)));
static uint32_t arr[SORT_N];

/* xorshift64* (Marsaglia; Vigna's multiplier). */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dul;
}

static void fill(uint64_t seed)
{
	for (unsigned i = 0; i < BUF_BYTES; i += 8) {
		uint64_t v = rng_next(&seed);
		memcpy(&buf[i], &v, 8);
	}
	for (unsigned i = 0; i < SORT_N; i++)
		arr[i] = (uint32_t)(rng_next(&seed) >> 32);
}

/* CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320), one bit at a time. */
static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
	uint32_t crc = ~0u;
	while (n--) {
		crc ^= *p++;
		for (unsigned k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* Adler-32 (RFC 1950), reducing every 4096 bytes. */
static uint32_t adler32(const uint8_t *p, size_t n)
{
	uint32_t a = 1, b = 0;
	while (n) {
		size_t chunk = n < 4096 ? n : 4096;
		n -= chunk;
		while (chunk--) {
			a += *p++;
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return b << 16 | a;
}

/* FNV-1a, 64-bit. */
static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ul;
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ul;
	return h;
}

static void sift_down(uint32_t *a, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		uint32_t t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static void heapsort(uint32_t *a, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (size_t end = n; end-- > 1;) {
		uint32_t t = a[0];
		a[0] = a[end];
		a[end] = t;
		sift_down(a, 0, end);
	}
}

/* Sorted, and a position-weighted sum of the result. */
static uint64_t sort_digest(const uint32_t *a, size_t n, bool *sorted)
{
	uint64_t d = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && a[i - 1] > a[i])
			*sorted = false;
		d = d * 31 + a[i];
	}
	return d;
}

/* A stack machine with 8 locals; one switch per bytecode. */
enum op { PUSH, LOAD, STORE, ADD, MUL, XOR, AND, SHR, LT, JZ, JNZ, JMP, HALT };

static uint64_t vm_run(const uint8_t *code, uint64_t *locals)
{
	uint64_t stack[16];
	unsigned sp = 0;
	size_t pc = 0;

	for (;;) {
		uint8_t op = code[pc++];
		switch (op) {
		case PUSH: {
			uint32_t imm;
			memcpy(&imm, &code[pc], 4);
			pc += 4;
			stack[sp++] = imm;
			break;
		}
		case LOAD: stack[sp++] = locals[code[pc++]]; break;
		case STORE: locals[code[pc++]] = stack[--sp]; break;
		case ADD: sp--; stack[sp - 1] += stack[sp]; break;
		case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
		case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
		case AND: sp--; stack[sp - 1] &= stack[sp]; break;
		case SHR: sp--; stack[sp - 1] >>= stack[sp] & 63; break;
		case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
		case JZ: pc = stack[--sp] ? pc + 1 : code[pc]; break;
		case JNZ: pc = stack[--sp] ? code[pc] : pc + 1; break;
		case JMP: pc = code[pc]; break;
		case HALT: return stack[sp - 1];
		}
	}
}

/*
 * for (i = 0; i < n; i++) {
 *         acc = acc * 31 + (i ^ (i >> 3));
 *         if (!(i & 7)) acc ^= 0x9e3779b9;
 * }
 * return acc;         locals: 0 = i, 1 = acc, 2 = n
 */
static const uint8_t vm_program[] = {
	/*  0 */ LOAD, 0, LOAD, 2, LT, JZ, 61,
	/*  7 */ LOAD, 1, PUSH, 31, 0, 0, 0, MUL,
	/* 15 */ LOAD, 0, LOAD, 0, PUSH, 3, 0, 0, 0, SHR, XOR, ADD, STORE, 1,
	/* 29 */ LOAD, 0, PUSH, 7, 0, 0, 0, AND, JNZ, 49,
	/* 39 */ LOAD, 1, PUSH, 0xb9, 0x79, 0x37, 0x9e, XOR, STORE, 1,
	/* 49 */ LOAD, 0, PUSH, 1, 0, 0, 0, ADD, STORE, 0, JMP, 0,
	/* 61 */ LOAD, 1, HALT,
};

int main(void)
{
	mmu_identity_on();
	printf("bench: %u iterations of CRC-32/Adler-32/FNV-1a over %u bytes, "
	       "heapsort of %u words, %u bytecode loops\n",
	       ITERATIONS, BUF_BYTES, SORT_N, VM_LOOPS);

	uint64_t sum = 0;
	bool sorted = true;
	for (uint64_t it = 0; it < ITERATIONS; it++) {
		fill(0x9e3779b97f4a7c15ul ^ (it * 0x100000001b3ul) ^ sum);
		sum = (sum << 7 | sum >> 57) ^ crc32_bitwise(buf, BUF_BYTES);
		sum = (sum << 7 | sum >> 57) ^ adler32(buf, BUF_BYTES);
		sum = (sum << 7 | sum >> 57) ^ fnv1a(buf, BUF_BYTES);
		heapsort(arr, SORT_N);
		sum = (sum << 7 | sum >> 57) ^ sort_digest(arr, SORT_N, &sorted);
		uint64_t locals[8] = { 0, sum, VM_LOOPS };
		sum = (sum << 7 | sum >> 57) ^ vm_run(vm_program, locals);
	}
	printf("bench: sort %s, checksum 0x%016lx\n", sorted ? "ok" : "FAILED",
	       (unsigned long)sum);
	return 0;
}
