#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/test_req.h"
#include "tests/unit/x86_harness.h"

struct x86_harness {
	struct mem_space mem, io;
	struct core_cache cache;
	struct core_events events;
	struct x86_cpu *cpu;
	int vector;
	uint32_t error;
	uint64_t fault_rip;
};

static const uint8_t vmcall[] = { 0x0f, 0x01, 0xc1 };

/* Exceptions with an error code (SDM 3:6.3.1 Table 6-1). */
static bool has_error(unsigned v)
{
	return v == X86_EXC_DF || (v >= X86_EXC_TS && v <= X86_EXC_PF) || v == X86_EXC_AC ||
	       v == X86_EXC_CP || v == X86_EXC_VC;
}

void x86_harness_poke64(struct x86_harness *h, uint64_t gpa, uint64_t v)
{
	mem_load(&h->mem, gpa, &v, 8);
}

/* As the guest's plaintext (an SNP guest's pages are private: the host would read ciphertext). */
uint64_t x86_harness_peek64(struct x86_harness *h, uint64_t gpa)
{
	uint64_t v = 0;
	mem_guest_access(&h->mem, &test_cpu0, gpa, &v, 8, false);
	return v;
}

static struct x86_harness *harness_new(unsigned c_bit)
{
	struct x86_harness *h = calloc(1, sizeof(*h));
	mem_space_init(&h->mem, MEM_SPACE_MEMORY, 1);
	mem_space_init(&h->io, MEM_SPACE_PORT_IO, 1);
	struct mem_region *ram = mem_add_ram(&h->mem, "ram", 0, 64ull << 20,
					     c_bit ? MEM_PRIVATE : MEM_SHARED);
	if (c_bit) {
		h->mem.ctx_kind = MEM_CTX_VMPL;
		ram->initial_flags = MEM_PF_VALIDATED;
	}
	core_cache_init(&h->cache, &h->mem, 16u << 20);
	core_events_init(&h->events);
	h->cpu = aligned_alloc(64, (sizeof(*h->cpu) + 63) & ~(size_t)63);
	memset(h->cpu, 0, sizeof(*h->cpu));
	struct x86_platform plat = {
		.io = &h->io, .n_cpus = 1, .tsc_hz = 1000000000ull,
		.hv_leaf_first = 0x40000000, .hv_leaf_last = 0x400000ff,
		.hv_msrs = { { 0x4b564d00, 0x4b564dff } },
		.vendor = c_bit ? X86_VENDOR_AMD : X86_VENDOR_INTEL,
		.coco = c_bit ? X86_COCO_SNP : X86_COCO_NONE, .c_bit = (uint8_t)c_bit,
	};
	x86_cpu_init(h->cpu, core_timing_find("simple"), &h->cache, &h->mem, &h->events, 0, &plat);
	/* Page tables: PML4[0] -> PDPT, PDPT[0] -> PD, PD: 32 writable 2 MiB pages (SNP: private). */
	uint64_t c = c_bit ? 1ull << c_bit : 0;
	x86_harness_poke64(h, X86_HARNESS_PML4, 0x2000 | 3 | c);
	x86_harness_poke64(h, 0x2000, X86_HARNESS_PD | 3 | c);
	for (uint64_t i = 0; i < 32; i++)
		x86_harness_poke64(h, X86_HARNESS_PD + 8 * i, (i << 21) | 0x83 | c);
	/* GDT: null, null, 64-bit code 0x10, data 0x18, user data 0x20 (RPL 3: 0x23), user code 0x28. */
	x86_harness_poke64(h, X86_HARNESS_GDT + 0x10, 0x00af9b000000ffffull);
	x86_harness_poke64(h, X86_HARNESS_GDT + 0x18, 0x00cf93000000ffffull);
	x86_harness_poke64(h, X86_HARNESS_GDT + 0x20, 0x00cff3000000ffffull);
	x86_harness_poke64(h, X86_HARNESS_GDT + 0x28, 0x00affb000000ffffull);
	x86_harness_poke64(h, X86_HARNESS_TSS + 4, X86_HARNESS_RSP0);
	/* IDT: interrupt gates to the stubs, each a VMCALL the harness recognises. */
	for (uint64_t v = 0; v < X86_HARNESS_VECTORS; v++) {
		uint64_t stub = X86_HARNESS_STUBS + 8 * v;
		x86_harness_poke64(h, X86_HARNESS_IDT + 16 * v,
		      (stub & 0xffff) | 0x10ull << 16 | 0x8eull << 40 | ((stub >> 16) & 0xffff) << 48);
		x86_harness_poke64(h, X86_HARNESS_IDT + 16 * v + 8, stub >> 32);
		mem_load(&h->mem, stub, vmcall, sizeof(vmcall));
	}
	x86_cpu_enter_long_mode(h->cpu, X86_HARNESS_CODE, X86_HARNESS_PML4);
	struct x86_state *s = &h->cpu->s;
	s->gdtr = (struct x86_dtr){ .base = X86_HARNESS_GDT, .limit = 0x3f };
	s->idtr = (struct x86_dtr){ .base = X86_HARNESS_IDT, .limit = X86_HARNESS_VECTORS * 16 - 1 };
	s->seg[X86_TR] = (struct x86_seg){ .base = X86_HARNESS_TSS, .limit = 0x67, .sel = 0x30, .attr = 0x8b };
	h->cpu->routes[0][X86_EV_VMCALL] = (struct x86_route){ X86_TO_HV, X86_CONDUIT_VMCALL };
	return h;
}

struct x86_harness *x86_harness_new(void)
{
	return harness_new(0);
}

struct x86_harness *x86_harness_new_snp(unsigned c_bit)
{
	return harness_new(c_bit);
}

struct mem_space *x86_harness_mem(struct x86_harness *h)
{
	return &h->mem;
}

struct x86_cpu *x86_harness_cpu(struct x86_harness *h)
{
	return h->cpu;
}

/* Answer the hypervisor CPUID leaves as KVM does for 0x40000000 ("KVMKVMKVM\0\0\0"). */
static void answer_cpuid(struct x86_harness *h)
{
	struct core_vcpu *v = &h->cpu->core;
	uint64_t a[2], r[4] = { 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d };
	v->isa->hcall_args(v, a, 2);
	if (a[0] != 0x40000000)
		memset(r, 0, sizeof(r));
	v->isa->hcall_results(v, r, 4);
}

uint64_t x86_harness_run(struct x86_harness *h, const uint8_t *code, size_t n)
{
	struct core_vcpu *v = &h->cpu->core;
	mem_load(&h->mem, X86_HARNESS_CODE, code, n);
	mem_load(&h->mem, X86_HARNESS_CODE + n, vmcall, sizeof(vmcall));
	v->pc = X86_HARNESS_CODE;
	h->cpu->s.r[X86_RSP] = X86_HARNESS_STACK;
	v->halted = false;
	uint64_t before = v->insns;
	v->insn_limit = v->insns + 1000000;
	h->vector = -2;
	h->error = X86_NO_ERROR;
	for (;;) {
		enum core_exit_reason r = core_run(v, UINT64_MAX);
		if (r != CORE_EXIT_HYPERCALL)
			break;
		if (v->exit_info.conduit == X86_CONDUIT_CPUID) {
			answer_cpuid(h);
			continue;
		}
		uint64_t pc = v->exit_info.pc;
		if (pc == X86_HARNESS_CODE + n) {
			h->vector = -1;
		} else if (pc >= X86_HARNESS_STUBS && pc < X86_HARNESS_STUBS + 8 * X86_HARNESS_VECTORS) {
			/* The frame: [error code,] RIP, CS, RFLAGS, RSP, SS. */
			h->vector = (int)((pc - X86_HARNESS_STUBS) / 8);
			uint64_t sp = h->cpu->s.r[X86_RSP], e = X86_NO_ERROR;
			if (h->vector < 32 && has_error((unsigned)h->vector)) {
				e = x86_harness_peek64(h, sp);
				sp += 8;
			}
			h->error = (uint32_t)e;
			h->fault_rip = x86_harness_peek64(h, sp);
		}
		break;
	}
	/* The stop's VMCALL retired too: do not count it. */
	return v->insns - before - (h->vector == -1 ? 1 : 0);
}

void x86_harness_user(struct x86_harness *h)
{
	struct x86_state *s = &h->cpu->s;
	s->seg[X86_CS].sel = 0x2b;
	s->seg[X86_CS].attr = 0xfb | X86_SEG_L | X86_SEG_G;
	s->seg[X86_SS].sel = 0x23;
	s->seg[X86_SS].attr = 0xf3 | X86_SEG_DB | X86_SEG_G;
	x86_update_mode(h->cpu);
}

static struct x86_harness *current;

int x86_harness_setup(void **state)
{
	current = x86_harness_new();
	*state = current;
	return 0;
}

int x86_harness_teardown(void **state)
{
	x86_harness_free(*state);
	current = NULL;
	return 0;
}

struct x86_harness *x86_harness_current(void)
{
	return current;
}

uint64_t x86_harness_run_hex(struct x86_harness *h, const char *hex)
{
	uint8_t b[256];
	size_t n = 0;
	for (const char *s = hex; *s && n < sizeof(b);) {
		if (*s == ' ') {
			s++;
			continue;
		}
		sscanf(s, "%2hhx", &b[n++]);
		s += 2;
	}
	return x86_harness_run(h, b, n);
}

int x86_harness_vector(struct x86_harness *h)
{
	return h->vector;
}

uint32_t x86_harness_error(struct x86_harness *h)
{
	return h->error;
}

uint64_t x86_harness_fault_rip(struct x86_harness *h)
{
	return h->fault_rip;
}

uint8_t *x86_harness_ram(struct x86_harness *h, uint64_t gpa)
{
	bool w;
	return mem_guest_ptr(&h->mem, &test_cpu0, gpa, &w);
}

struct mem_space *x86_harness_io(struct x86_harness *h)
{
	return &h->io;
}

void x86_harness_free(struct x86_harness *h)
{
	x86_cpu_free(h->cpu);
	free(h->cpu);
	core_cache_free(&h->cache);
	core_events_free(&h->events);
	mem_space_free(&h->mem);
	mem_space_free(&h->io);
	free(h);
}
