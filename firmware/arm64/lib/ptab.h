/*
 * Translation tables of any granule (4, 16 or 64 KiB), for stage 1 or
 * stage 2: the VMSAv8-64 table formats share their layout, only the
 * attribute bits differ (Arm ARM D8.3 "Translation table descriptor
 * formats"). Tables come from a pool the caller provides.
 */
#ifndef FW_PTAB_H
#define FW_PTAB_H

#include "fw.h"

#define PTAB_VALID (1ul << 0)
#define PTAB_TABLE (1ul << 1)     /* table at levels 0-2, page at level 3 */
#define PTAB_AF    (1ul << 10)
#define PTAB_OA_MASK 0x0000fffffffff000ul

struct ptab {
	unsigned g;            /* granule size, log2: 12, 14 or 16 */
	int start;             /* the level of the root table */
	unsigned iabits;       /* input address size */
	uint64_t *root;
	uint8_t *pool;
	size_t pool_size, used;
};

/*
 * A fresh root for `iabits`-bit inputs with the granule `kib`, starting at
 * `start` (stage 1: ptab_start_level; stage 2: as VTCR_EL2.SL0 says, with
 * up to 16 concatenated tables there). The root is aligned to its size.
 */
void ptab_init(struct ptab *t, unsigned kib, unsigned iabits, int start, void *pool,
	       size_t pool_size);
/* The start level a stage 1 walk uses for iabits (D8.2): as few levels as cover it. */
int ptab_start_level(unsigned kib, unsigned iabits);
/* log2 of what one entry at `level` maps. */
unsigned ptab_shift(const struct ptab *t, int level);
/* The entry for `ia` at `level`, creating the tables on the way. */
uint64_t *ptab_entry(struct ptab *t, uint64_t ia, int level);
/*
 * Map [ia, ia+size) to oa with `attr` (valid and type bits added): by last
 * level pages when `pages`, else the largest blocks alignment allows
 * (level 1 only with 4 KiB, level 2 with any granule).
 */
void ptab_map(struct ptab *t, uint64_t ia, uint64_t oa, uint64_t size, uint64_t attr, bool pages);

#endif
