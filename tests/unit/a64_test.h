/*
 * The fixture the A64 instruction tests share: one harness vCPU per test
 * (setup/teardown for cmocka), reachable as `h` and `c`.
 */
#ifndef HVSIM_A64_TEST_H
#define HVSIM_A64_TEST_H

#include "tests/unit/a64_harness.h"

static struct a64_harness *h;
static struct arm64_cpu *c;

static int setup(void **state)
{
	(void)state;
	h = a64_harness_new();
	c = a64_harness_cpu(h);
	return h ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	a64_harness_free(h);
	return 0;
}

/* ConditionHolds() as the Arm ARM writes it (J1 shared pseudocode); nzcv = N:Z:C:V in bits 3:0. */
static inline bool a64_ref_cond(unsigned cond, unsigned nzcv)
{
	bool n = nzcv & 8, z = nzcv & 4, cf = nzcv & 2, v = nzcv & 1, r;

	switch (cond >> 1) {
	case 0: r = z; break;
	case 1: r = cf; break;
	case 2: r = n; break;
	case 3: r = v; break;
	case 4: r = cf && !z; break;
	case 5: r = n == v; break;
	case 6: r = n == v && !z; break;
	default: r = true; break;
	}
	return (cond & 1) && cond != 15 ? !r : r;
}

#endif
