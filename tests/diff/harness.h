/*
 * The guest harness's interface between its ISA-neutral part (harness.c)
 * and each ISA's (harness_<isa>.c, harness_<isa>.S).
 */
#ifndef DIFF_HARNESS_H
#define DIFF_HARNESS_H

#include "diffstate.h"

struct diff_block {
	const void *code;
	const uint8_t *init;        /* ST_SIZE bytes */
	uint64_t mode;              /* the ISA's entry mode (SPSR_EL1, PRMD, x86 CS and SS) */
};

extern uint8_t diff_scratch[SCRATCH_SIZE];
extern char diff_leave[], diff_abort[];

/* ISA (assembly): run the block at code from state in mode; 0 at its end, 1 if aborted. */
uint64_t diff_enter(const void *state, const void *code, uint64_t mode);
/* ISA (assembly): the vector/FP registers and their control words into a state. */
void diff_save_fp(void *state);

/* The next checkpoint's slot, its scratch-buffer copy made: the ISA fills the registers. */
uint8_t *diff_checkpoint(void);
void diff_put_word(uint8_t *p, uint64_t v);
/* An exception other than a checkpoint ended the block: print the E line. */
void diff_report_exception(uint64_t syndrome, uint64_t ret, uint64_t addr);
/* Run every block and print the results. */
void diff_run(void);

#endif
