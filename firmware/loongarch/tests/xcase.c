/* The exception tests' reports (xcase.h). */
#include "xcase.h"

void xcase_report(const char *name, uint64_t pc, bool has_badv, uint64_t badv)
{
	printf("%-24s ecode 0x%x sub %u plv %u era %s", name, trap_last.ecode, trap_last.subcode,
	       trap_last.from_plv, trap_last.era == pc ? "at insn" : "WRONG");
	if (has_badv)
		printf(" badv %s", trap_last.badv == badv ? "ok" : "WRONG");
	printf("\n");
}

void xcase_none(const char *name, unsigned before)
{
	printf("%-24s %s\n", name, trap_last.count == before ? "no exception" : "TRAPPED");
}
