/* The instruction-by-instruction tests' helpers (insn_case.h). */
#include "insn_case.h"

uint64_t case_rng;

uint64_t rnd(void)
{
	case_rng ^= case_rng >> 12;
	case_rng ^= case_rng << 25;
	case_rng ^= case_rng >> 27;
	return case_rng * 0x2545f4914f6cdd1dull;
}

void case_seed(const char *name)
{
	case_rng = 0x9e3779b97f4a7c15ull;
	for (const char *p = name; *p; p++)
		case_rng = (case_rng ^ (uint8_t)*p) * 0x100000001b3ull;
}

void case_hash(uint64_t *hash, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		*hash = (*hash ^ b[i]) * 0x100000001b3ull;
}

void case_run(uint32_t *code, unsigned at, uint32_t insn, void *state)
{
	code[at] = insn;
	__asm__ volatile("ibar 0" ::: "memory");
	((void (*)(void *))(uintptr_t)code)(state);
}
