/*
 * Expected-exception cases shared by exceptions.c and exc_strict.c: a
 * trigger runs, the handler prints the class and syndrome, checks ELR and
 * FAR against the case, and resumes.
 */
#ifndef XCASE_H
#define XCASE_H

#include "fw.h"

/* How to continue after the exception. */
enum xresume {
	XR_NEXT,          /* the instruction after the trapping one (SVC: ELR as is) */
	XR_AT_LR,         /* x30: the trap was at a branch target */
	XR_CLEAR_IL,      /* retry with SPSR.IL cleared (illegal execution state) */
};

struct xcase {
	const char *name;
	unsigned ec;          /* expected class */
	const void *insn;     /* the trapping instruction */
	uint64_t addr;        /* expected FAR (and ELR for branch targets), 0: unchecked */
	enum xresume resume;
};

/* Cases run by EL1 triggers (one at a time) and by an EL0 sequence (in order). */
extern const struct xcase *xcase_el1;
extern const struct xcase *xcase_el0_next;
extern unsigned xcase_taken, xcase_failures;

/* Run trigger(arg) at EL1 expecting exactly case c. */
void xcase_run(const struct xcase *c, void (*trigger)(uint64_t), uint64_t arg);
/* Run seq at EL0 expecting the n cases in order. */
void xcase_run_el0(const struct xcase *cases, unsigned n, void *seq);

#endif
