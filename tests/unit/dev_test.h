/*
 * Helpers for the device unit tests: guest MMIO accesses through the
 * mem_space, as a vCPU would make them. Include after <cmocka.h>.
 */
#ifndef HVSIM_TEST_DEV_TEST_H
#define HVSIM_TEST_DEV_TEST_H

#include <stdbool.h>
#include <stdint.h>

#include <string.h>

#include "mem/mem.h"
#include "mem/snap.h"
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


/*
 * The PrimeCell identification registers (PeriphID0-3, PCellID0-3 at
 * 0xfe0-0xffc, one byte each in a 32-bit register; the TRMs of the PL011,
 * PL031 and PL061): the index of the first that is not ids[i], or -1.
 */
static inline int primecell_id_mismatch(struct mem_space *m, uint64_t base, const uint8_t ids[8])
{
	for (int i = 0; i < 8; i++)
		if (mmio_rd(m, base + 0xfe0 + 4 * (uint64_t)i, 4) != ids[i])
			return i;
	return -1;
}
/*
 * What a device under test drives: its interrupt line (a dev_irq's set,
 * with a struct test_line as opaque) and its output bytes (a
 * struct test_sink).
 */
struct test_line {
	bool level;
	int line, changes;
};

static inline void test_line_set(void *opaque, int line, bool level)
{
	struct test_line *l = opaque;
	l->level = level;
	l->line = line;
	l->changes++;
}

struct test_sink {
	uint8_t bytes[256];
	unsigned n;
};

static inline void test_sink_put(void *opaque, uint8_t byte)
{
	struct test_sink *s = opaque;
	if (s->n < sizeof(s->bytes))
		s->bytes[s->n++] = byte;
}

/* A deterministic PRNG for the "hostile guest" sweeps. */
static inline uint64_t test_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A snapshot in memory: saving appends to buf, loading reads it back in order. */
struct test_snap {
	struct snap s;
	uint8_t buf[1 << 20];
	size_t len, at;
};

static inline bool test_snap_io(struct snap *s, void *p, size_t len)
{
	struct test_snap *m = (struct test_snap *)s;
	if (s->loading) {
		if (m->at + len > m->len)
			return false;
		memcpy(p, m->buf + m->at, len);
		m->at += len;
	} else {
		if (m->len + len > sizeof(m->buf))
			return false;
		memcpy(m->buf + m->len, p, len);
		m->len += len;
	}
	return true;
}

static inline void test_snap_start(struct test_snap *m, bool loading)
{
	m->s = (struct snap){ .loading = loading, .io = test_snap_io };
	m->at = 0;
}

#endif
