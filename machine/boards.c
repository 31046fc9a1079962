/*
 * The boards hvsim models: the table -M names and -M help lists. A new
 * board is a file of its own (its struct board_ops) and a line here.
 */
#include <stdio.h>
#include <string.h>

#include "machine/machine.h"

static const struct board_ops *const boards[] = {
	&board_arm64_virt,
	&board_loongarch_virt,
	&board_x86_virt,
};

#define N_BOARDS (sizeof(boards) / sizeof(boards[0]))

const struct board_ops *board_find(const char *name)
{
	for (size_t i = 0; i < N_BOARDS; i++)
		if (!strcmp(boards[i]->name, name) || (boards[i]->alias && !strcmp(boards[i]->alias, name)))
			return boards[i];
	return NULL;
}

const char *hvsim_machine_list(void)
{
	static char text[1024];
	size_t used = 0;
	for (size_t i = 0; i < N_BOARDS && used < sizeof(text); i++) {
		const struct board_ops *b = boards[i];
		char name[64];
		snprintf(name, sizeof(name), "%s%s%s%s", b->name, b->alias ? " (" : "",
			 b->alias ? b->alias : "", b->alias ? ")" : "");
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%-22s %s\n", name, b->desc);
	}
	return text;
}
