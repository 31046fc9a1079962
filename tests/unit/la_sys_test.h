/*
 * The fixture the LoongArch privileged-architecture tests share: one
 * harness vCPU per test (setup/teardown for cmocka), reachable as `h` and
 * `c`, and the few things they all look at: the exception just taken, CSR
 * access, mapped address mode over an identity window, and a run that lets
 * virtual time pass while the vCPU idles, as the machine's loop does.
 */
#ifndef HVSIM_LA_SYS_TEST_H
#define HVSIM_LA_SYS_TEST_H

#include "tests/unit/la_harness.h"

static struct la_harness *h;
static struct la_cpu *c;

static int setup(void **state)
{
	(void)state;
	h = la_harness_new();
	c = la_harness_cpu(h);
	return h ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	la_harness_free(h);
	return 0;
}

static inline unsigned ecode(void)
{
	return (unsigned)(c->csr.estat >> LA_ESTAT_ECODE_SHIFT) & 0x3f;
}

static inline unsigned esubcode(void)
{
	return (unsigned)(c->csr.estat >> LA_ESTAT_ESUBCODE_SHIFT) & 0x1ff;
}

static inline uint64_t csr_get(unsigned num)
{
	uint64_t v = 0;
	la_csr_access(c, num, &v, false);
	return v;
}

static inline void csr_set(unsigned num, uint64_t v)
{
	la_csr_access(c, num, &v, true);
}

/*
 * Mapped address mode at PLV `plv`, as Linux's head.S sets it up: DMW0
 * maps VA[63:60] = 0 onto physical memory at PLV0 (and PLV3 with `user`),
 * so the harness's code, exception entry and data below 2^60 stay where
 * they are; other addresses go through the TLB.
 */
static inline void mapped_mode(unsigned plv, bool user)
{
	csr_set(LA_CSR_DMW0, 1 | (user ? 8 : 0) | (1 << 4));
	csr_set(LA_CSR_CRMD, LA_CRMD_PG | (1 << 5) | (1 << 7) | plv);
}

/* Put the harness's stop sentinel (HVCL LA_HARNESS_EXC) at guest-physical `pa`. */
static inline void stop_at(uint64_t pa)
{
	uint32_t hvcl = 0x002b8000u | LA_HARNESS_EXC;
	mem_load(la_harness_mem(h), pa, &hvcl, 4);
}

/*
 * Go on from the vCPU's pc until an HVCL sentinel: while it idles, virtual
 * time jumps to the next event, which fires (the machine's run loop does
 * the same). Returns the sentinel's code, or 0 if nothing can wake it or
 * the instruction budget ran out.
 */
static inline unsigned run_on(void)
{
	struct core_vcpu *v = &c->core;
	for (;;) {
		enum core_exit_reason r = core_run(v, UINT64_MAX);
		if (r == CORE_EXIT_HYPERCALL && v->exit_info.conduit == LA_CONDUIT_HVCL &&
		    (v->exit_info.immediate == LA_HARNESS_STOP || v->exit_info.immediate == LA_HARNESS_EXC))
			return v->exit_info.immediate;
		if (r == CORE_EXIT_HYPERCALL)
			continue;
		if (r != CORE_EXIT_HALT)
			return 0;
		uint64_t next = core_events_next(c->events);
		if (next == UINT64_MAX)
			return 0;
		if (v->cycles < next)
			v->cycles = next;
		core_events_run(c->events, v->cycles);
	}
}

#endif
