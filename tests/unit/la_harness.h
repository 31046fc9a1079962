/*
 * A test harness that runs a few LA64 instructions on one vCPU: PLV0,
 * direct address mode, FP enabled, 64 MiB of RAM at 0, code at 0x10000,
 * and an exception entry (EENTRY, and TLBRENTRY) at 0x20000 that stops the
 * run (HVCL 0x7ffe), so a test can check ESTAT/ERA/BADV afterwards. An
 * IOCSR space (empty) is attached.
 */
#ifndef HVSIM_LA_HARNESS_H
#define HVSIM_LA_HARNESS_H

#include "cpu/loongarch/loongarch.h"

#define LA_HARNESS_RAM 0x0ull
#define LA_HARNESS_CODE 0x10000ull
#define LA_HARNESS_EENTRY 0x20000ull
#define LA_HARNESS_STOP 0x7fff      /* HVCL code appended after the test code */
#define LA_HARNESS_EXC 0x7ffe       /* HVCL code at the exception entry */

struct la_harness;

struct la_harness *la_harness_new(void);
struct la_cpu *la_harness_cpu(struct la_harness *h);
/* Copy insns to LA_HARNESS_CODE followed by the stop sentinel, set pc there and run.
 * Returns the instructions retired (the sentinel not counted). */
uint64_t la_harness_run(struct la_harness *h, const uint32_t *insns, size_t n);
/* How the last run stopped: the HVCL code (0x7fff end, 0x7ffe exception), 0 otherwise. */
unsigned la_harness_stop(struct la_harness *h);
uint8_t *la_harness_ram(struct la_harness *h, uint64_t gpa);
struct mem_space *la_harness_mem(struct la_harness *h);
struct mem_space *la_harness_iocsr(struct la_harness *h);
void la_harness_free(struct la_harness *h);

#endif
