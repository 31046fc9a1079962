/*
 * A test harness that runs a few A64 instructions on one vCPU: EL1, MMU
 * off, FP enabled, 64 MiB of RAM at 0x40000000, code at 0x40000000, and
 * exception vectors at 0x40100000 that stop the run (HVC #0x7ffe), so a
 * test can check ESR_EL1/ELR_EL1 afterwards.
 */
#ifndef HVSIM_A64_HARNESS_H
#define HVSIM_A64_HARNESS_H

#include "cpu/arm64/arm64.h"

#define HARNESS_RAM 0x40000000ull
#define HARNESS_VBAR 0x40100000ull
#define HARNESS_HVC_STOP 0x7fff     /* appended after the test code */
#define HARNESS_HVC_VECTOR 0x7ffe   /* what every exception vector holds */

struct a64_harness;

struct a64_harness *a64_harness_new(void);
struct arm64_cpu *a64_harness_cpu(struct a64_harness *h);
/*
 * Turn the MMU on with an identity map of the low 4 GiB in 1 GiB blocks:
 * the RAM's gigabyte Normal memory, the others Device (with the MMU off,
 * every data access is to Device memory, which faults when unaligned).
 * The tables live in the last page of the RAM.
 */
void a64_harness_normal_memory(struct a64_harness *h);
/* Copy insns to 0x40000000 followed by the stop sentinel, set pc there and run.
 * Returns the instructions retired (the sentinel not counted). */
uint64_t a64_harness_run(struct a64_harness *h, const uint32_t *insns, size_t n);
/* How the last run stopped: the HVC immediate (0x7fff end, 0x7ffe exception). */
unsigned a64_harness_stop(struct a64_harness *h);
uint8_t *a64_harness_ram(struct a64_harness *h, uint64_t gpa);
struct mem_space *a64_harness_mem(struct a64_harness *h);
void a64_harness_free(struct a64_harness *h);

#endif
