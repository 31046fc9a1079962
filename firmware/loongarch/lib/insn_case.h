/*
 * Helpers for instruction-by-instruction tests (tests/fp.c; tests/lsx.c
 * predates them and keeps its own copy, which its expected output's
 * layout depends on): a random sequence seeded per instruction, the words
 * of the loads and stores that move a case's state in and out of
 * registers, and running a code buffer with the instruction under test in
 * its slot.
 */
#ifndef FW_INSN_CASE_H
#define FW_INSN_CASE_H

#include "fw.h"

/* xorshift64*, one seed per instruction so that lines do not depend on each other. */
extern uint64_t case_rng;
uint64_t rnd(void);
/* Seed the sequence from an instruction's name. */
void case_seed(const char *name);
/* FNV-1a over a case's bytes, into *hash. */
void case_hash(uint64_t *hash, const void *p, size_t n);

/* Registers (ABI numbers): a0 points at the state during the code. */
enum { A0 = 4, A3 = 7, A4 = 8, A5 = 9, T0 = 12, RA = 1 };

#define R2I12(op, rd, rj, si) ((uint32_t)(op) << 22 | ((uint32_t)(si) & 0xfff) << 10 | (rj) << 5 | (rd))
#define LD_D(rd, off) R2I12(0xa3, rd, A0, off)
#define ST_D(rd, off) R2I12(0xa7, rd, A0, off)
#define ST_B(rd, off) R2I12(0xa4, rd, A0, off)
#define SRLI_D(rd, rj, ui6) (0x00450000u | (ui6) << 10 | (rj) << 5 | (rd))
#define MOVGR2CF(cd, rj) (0x0114d800u | (rj) << 5 | (cd))
#define MOVCF2GR(rd, cj) (0x0114dc00u | (cj) << 5 | (rd))
#define MOVGR2FCSR(rj) (0x0114c000u | (rj) << 5)     /* FCSR0 */
#define MOVFCSR2GR(rd) (0x0114c800u | (rd))
#define RET 0x4c000020u

/* Run `code` (a function of the state in a0) with `insn` at word `at` (IBAR: fetch sees it). */
void case_run(uint32_t *code, unsigned at, uint32_t insn, void *state);

#endif
