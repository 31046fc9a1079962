/*
 * One exception case of the exception tests (exceptions.c, strict.c):
 * run an instruction that should trap, then report what the library's
 * handler recorded (lib/trap.c) against what the architecture says.
 */
#ifndef XCASE_H
#define XCASE_H

#include "fw.h"

/* Run insn with pc = its address, as "1:" labels it; %1 is `out`, the inputs follow. */
#define TRAP_PC(pc, insn, out, ...) \
	__asm__ volatile("la.pcrel %0, 1f\n1:\t" insn : "=&r"(pc), out : __VA_ARGS__ : "memory")

/* The code, subcode and PLV recorded, ERA at pc, and (has_badv) BADV = badv. */
void xcase_report(const char *name, uint64_t pc, bool has_badv, uint64_t badv);
/* No exception since the count was `before`. */
void xcase_none(const char *name, unsigned before);

#endif
