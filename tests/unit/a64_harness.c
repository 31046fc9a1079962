#include <stdlib.h>

#include "tests/unit/a64_harness.h"
#include "tests/unit/test_req.h"

struct a64_harness {
	struct mem_space mem;
	struct core_cache cache;
	struct core_events events;
	struct arm64_cpu *cpu;
	unsigned stop;
};

#define HVC(imm) (0xd4000002u | ((uint32_t)(imm) << 5))

struct a64_harness *a64_harness_new(void)
{
	struct a64_harness *h = calloc(1, sizeof(*h));
	mem_space_init(&h->mem, MEM_SPACE_MEMORY, 1);
	mem_add_ram(&h->mem, "ram", HARNESS_RAM, 64ull << 20, MEM_SHARED);
	core_cache_init(&h->cache, &h->mem, 16u << 20);
	core_events_init(&h->events);
	h->cpu = aligned_alloc(64, (sizeof(*h->cpu) + 63) & ~(size_t)63);
	memset(h->cpu, 0, sizeof(*h->cpu));
	arm64_cpu_init(h->cpu, core_timing_find("simple"), &h->cache, &h->mem, &h->events, 0, false);
	/* Every vector entry (16 of 0x80 bytes) stops the run. */
	for (int i = 0; i < 16; i++) {
		uint32_t insn = HVC(HARNESS_HVC_VECTOR);
		mem_load(&h->mem, HARNESS_VBAR + i * 0x80, &insn, 4);
	}
	h->cpu->sr.vbar_el1 = HARNESS_VBAR;
	h->cpu->sr.cpacr_el1 = 3u << 20;
	a64_update_mode(h->cpu);
	return h;
}

struct arm64_cpu *a64_harness_cpu(struct a64_harness *h)
{
	return h->cpu;
}

void a64_harness_normal_memory(struct a64_harness *h)
{
	uint64_t table = HARNESS_RAM + (64ull << 20) - 4096;
	for (uint64_t gib = 0; gib < 4; gib++) {
		/* Level 1 block: AF, AttrIndx 0 (Normal) for the RAM's gigabyte, 1 (Device) else. */
		uint64_t attr = (gib << 30) == (HARNESS_RAM & ~((1ull << 30) - 1)) ? 0 : 1;
		uint64_t desc = (gib << 30) | (1u << 10) | (attr << 2) | 1;
		mem_load(&h->mem, table + gib * 8, &desc, 8);
	}
	struct arm64_cpu *c = h->cpu;
	c->sr.mair_el1 = 0x00ff;                     /* attr 0: Normal WB, attr 1: Device-nGnRnE */
	c->sr.tcr_el1 = 32 | (1ull << 23);           /* T0SZ 32, 4 KiB granule, EPD1 */
	c->sr.ttbr0_el1 = table;
	c->sr.sctlr_el1 |= SCTLR_M;
	a64_tlbi_all(c);
	a64_update_mode(c);
}

uint64_t a64_harness_run(struct a64_harness *h, const uint32_t *insns, size_t n)
{
	struct core_vcpu *v = &h->cpu->core;
	uint32_t stop = HVC(HARNESS_HVC_STOP);
	mem_load(&h->mem, HARNESS_RAM, insns, n * 4);
	mem_load(&h->mem, HARNESS_RAM + n * 4, &stop, 4);
	v->pc = HARNESS_RAM;
	v->halted = false;
	uint64_t before = v->insns;
	v->insn_limit = v->insns + 1000000;
	h->stop = 0;
	for (;;) {
		enum core_exit_reason r = core_run(v, UINT64_MAX);
		uint32_t imm = v->exit_info.immediate;
		if (r == CORE_EXIT_HYPERCALL && (imm == HARNESS_HVC_STOP || imm == HARNESS_HVC_VECTOR)) {
			h->stop = imm;
			break;
		}
		/* Events due (the PMU's, say) fire between blocks, as the machine's loop has them. */
		if (r == CORE_EXIT_BUDGET && v->insns < v->insn_limit &&
		    core_events_next(&h->events) <= v->cycles) {
			core_events_run(&h->events, v->cycles);
			continue;
		}
		if (r != CORE_EXIT_HYPERCALL)
			break;
	}
	/* The sentinel HVC retired too: do not count it. */
	return v->insns - before - (h->stop ? 1 : 0);
}

unsigned a64_harness_stop(struct a64_harness *h)
{
	return h->stop;
}

uint8_t *a64_harness_ram(struct a64_harness *h, uint64_t gpa)
{
	bool w;
	return mem_guest_ptr(&h->mem, &test_cpu0, gpa, &w);
}

struct mem_space *a64_harness_mem(struct a64_harness *h)
{
	return &h->mem;
}

void a64_harness_free(struct a64_harness *h)
{
	core_vcpu_free(&h->cpu->core);
	free(h->cpu);
	core_cache_free(&h->cache);
	core_events_free(&h->events);
	mem_space_free(&h->mem);
	free(h);
}
