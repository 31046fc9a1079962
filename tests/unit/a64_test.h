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

#endif
