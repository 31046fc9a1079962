/*
 * Helpers for the device unit tests: guest MMIO accesses through the
 * mem_space, as a vCPU would make them. Include after <cmocka.h>.
 */
#ifndef HVSIM_TEST_DEV_TEST_H
#define HVSIM_TEST_DEV_TEST_H

#include <stdint.h>

#include "mem/mem.h"
#include "tests/unit/test_req.h"

static inline uint64_t mmio_rd(struct mem_space *m, uint64_t pa, unsigned size)
{
	uint64_t v = 0xdeadbeefdeadbeefull;
	assert_true(mem_guest_io(m, &test_cpu0, pa, size, false, &v));
	return v;
}

static inline void mmio_wr(struct mem_space *m, uint64_t pa, unsigned size, uint64_t v)
{
	assert_true(mem_guest_io(m, &test_cpu0, pa, size, true, &v));
}

/* A deterministic PRNG for the "hostile guest" sweeps. */
static inline uint64_t test_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

#endif
