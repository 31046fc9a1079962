/*
 * Timing models: a static cost per op class, charged at decode time into
 * each op (so the hot path only adds a block's precomputed sum), plus a few
 * dynamic penalties the handlers add (taken branches, exception entry).
 */
#include <string.h>

#include "cpu/core/core.h"

static const struct core_timing models[] = {
	{
		/* "simple": an in-order core with a short pipeline. */
		.name = "simple",
		.hz = 1000000000,
		.cost = {
			[CORE_CLASS_ALU] = 1, [CORE_CLASS_MUL] = 3, [CORE_CLASS_DIV] = 12,
			[CORE_CLASS_LOAD] = 4, [CORE_CLASS_STORE] = 1, [CORE_CLASS_BRANCH] = 1,
			[CORE_CLASS_FP] = 4, [CORE_CLASS_FDIV] = 16, [CORE_CLASS_SIMD] = 3,
			[CORE_CLASS_SYS] = 10, [CORE_CLASS_ATOMIC] = 20,
		},
		.taken_branch = 2,
		.exception = 50,
		.world_switch = 1500,
	},
	{
		/* "ipc1": one cycle per instruction, for counting-style experiments. */
		.name = "ipc1",
		.hz = 1000000000,
		.cost = {
			[CORE_CLASS_ALU] = 1, [CORE_CLASS_MUL] = 1, [CORE_CLASS_DIV] = 1,
			[CORE_CLASS_LOAD] = 1, [CORE_CLASS_STORE] = 1, [CORE_CLASS_BRANCH] = 1,
			[CORE_CLASS_FP] = 1, [CORE_CLASS_FDIV] = 1, [CORE_CLASS_SIMD] = 1,
			[CORE_CLASS_SYS] = 1, [CORE_CLASS_ATOMIC] = 1,
		},
		.taken_branch = 0,
		.exception = 0,
		.world_switch = 0,
	},
};

const struct core_timing *core_timing_find(const char *name)
{
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcmp(models[i].name, name))
			return &models[i];
	return NULL;
}
