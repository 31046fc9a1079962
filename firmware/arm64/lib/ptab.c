/*
 * Translation tables of any granule (ptab.h).
 */
#include "ptab.h"

static void *ptab_alloc(struct ptab *t, size_t size)
{
	size_t at = (t->used + size - 1) & ~(size - 1);
	if (at + size > t->pool_size) {
		printf("ptab: table pool exhausted\n");
		fw_exit();
	}
	t->used = at + size;
	memset(t->pool + at, 0, size);
	return t->pool + at;
}

unsigned ptab_shift(const struct ptab *t, int level)
{
	return t->g + (t->g - 3) * (unsigned)(3 - level);
}

static unsigned granule_bits(unsigned kib)
{
	return kib == 4 ? 12 : kib == 16 ? 14 : 16;
}

int ptab_start_level(unsigned kib, unsigned iabits)
{
	unsigned g = granule_bits(kib), stride = g - 3;
	return 4 - (int)((iabits - g + stride - 1) / stride);
}

void ptab_init(struct ptab *t, unsigned kib, unsigned iabits, int start, void *pool,
	       size_t pool_size)
{
	t->g = granule_bits(kib);
	t->iabits = iabits;
	t->start = start;
	t->pool = pool;
	t->pool_size = pool_size;
	t->used = 0;
	size_t root = 8ul << (iabits - ptab_shift(t, start));
	size_t gran = 1ul << t->g;
	t->root = ptab_alloc(t, root > gran ? root : gran);
}

uint64_t *ptab_entry(struct ptab *t, uint64_t ia, int level)
{
	uint64_t *tab = t->root;
	for (int l = t->start;; l++) {
		unsigned sh = ptab_shift(t, l);
		unsigned bits = l == t->start ? t->iabits - sh : t->g - 3;
		uint64_t *e = &tab[(ia >> sh) & ((1ul << bits) - 1)];
		if (l == level)
			return e;
		if (!(*e & PTAB_VALID))
			*e = (uintptr_t)ptab_alloc(t, 1ul << t->g) | PTAB_TABLE | PTAB_VALID;
		tab = (uint64_t *)(uintptr_t)(*e & PTAB_OA_MASK & ~((1ul << t->g) - 1));
	}
}

void ptab_map(struct ptab *t, uint64_t ia, uint64_t oa, uint64_t size, uint64_t attr, bool pages)
{
	while (size) {
		int level = 3;
		for (int l = t->start > 1 ? t->start : 1; !pages && l < 3; l++) {
			uint64_t bs = 1ul << ptab_shift(t, l);
			if ((l == 2 || t->g == 12) && !((ia | oa) & (bs - 1)) && size >= bs) {
				level = l;
				break;
			}
		}
		*ptab_entry(t, ia, level) = oa | attr | PTAB_VALID | (level == 3 ? PTAB_TABLE : 0);
		uint64_t step = 1ul << ptab_shift(t, level);
		ia += step;
		oa += step;
		size -= step;
	}
}
