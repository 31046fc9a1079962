#include <stdlib.h>

#include "tests/unit/la_harness.h"
#include "tests/unit/test_req.h"

struct la_harness {
	struct mem_space mem, iocsr;
	struct core_cache cache;
	struct core_events events;
	struct la_cpu *cpu;
	unsigned stop;
};

#define HVCL(code) (0x002b8000u | (uint32_t)(code))

struct la_harness *la_harness_new(void)
{
	struct la_harness *h = calloc(1, sizeof(*h));
	mem_space_init(&h->mem, MEM_SPACE_MEMORY, 1);
	mem_space_init(&h->iocsr, MEM_SPACE_IOCSR, 1);
	mem_add_ram(&h->mem, "ram", LA_HARNESS_RAM, 64ull << 20, MEM_SHARED);
	core_cache_init(&h->cache, &h->mem, 16u << 20);
	core_events_init(&h->events);
	h->cpu = aligned_alloc(64, (sizeof(*h->cpu) + 63) & ~(size_t)63);
	memset(h->cpu, 0, sizeof(*h->cpu));
	struct la_platform plat = { .iocsr = &h->iocsr, .stable_hz = 100000000 };
	la_cpu_init(h->cpu, core_timing_find("simple"), &h->cache, &h->mem, &h->events, 0, &plat);
	uint32_t insn = HVCL(LA_HARNESS_EXC);
	mem_load(&h->mem, LA_HARNESS_EENTRY, &insn, 4);
	h->cpu->csr.eentry = LA_HARNESS_EENTRY;
	h->cpu->csr.tlbrentry = LA_HARNESS_EENTRY;
	h->cpu->csr.euen = LA_EUEN_FPE;
	la_update_mode(h->cpu);
	return h;
}

struct la_cpu *la_harness_cpu(struct la_harness *h)
{
	return h->cpu;
}

uint64_t la_harness_run(struct la_harness *h, const uint32_t *insns, size_t n)
{
	struct core_vcpu *v = &h->cpu->core;
	uint32_t stop = HVCL(LA_HARNESS_STOP);
	mem_load(&h->mem, LA_HARNESS_CODE, insns, n * 4);
	mem_load(&h->mem, LA_HARNESS_CODE + n * 4, &stop, 4);
	v->pc = LA_HARNESS_CODE;
	v->halted = false;
	uint64_t before = v->insns;
	v->insn_limit = v->insns + 1000000;
	h->stop = 0;
	for (;;) {
		enum core_exit_reason r = core_run(v, UINT64_MAX);
		uint32_t code = v->exit_info.immediate;
		if (r == CORE_EXIT_HYPERCALL && v->exit_info.conduit == LA_CONDUIT_HVCL &&
		    (code == LA_HARNESS_STOP || code == LA_HARNESS_EXC)) {
			h->stop = code;
			break;
		}
		if (r != CORE_EXIT_HYPERCALL)
			break;
	}
	/* The sentinel HVCL retired too: do not count it. */
	return v->insns - before - (h->stop ? 1 : 0);
}

unsigned la_harness_stop(struct la_harness *h)
{
	return h->stop;
}

uint8_t *la_harness_ram(struct la_harness *h, uint64_t gpa)
{
	bool w;
	return mem_guest_ptr(&h->mem, &test_cpu0, gpa, &w);
}

struct mem_space *la_harness_mem(struct la_harness *h)
{
	return &h->mem;
}

struct mem_space *la_harness_iocsr(struct la_harness *h)
{
	return &h->iocsr;
}

void la_harness_free(struct la_harness *h)
{
	core_vcpu_free(&h->cpu->core);
	free(h->cpu);
	core_cache_free(&h->cache);
	core_events_free(&h->events);
	mem_space_free(&h->mem);
	mem_space_free(&h->iocsr);
	free(h);
}
