/*
 * Fuzz the hypercall handlers through the single path (hv_call) with any function
 * id and arguments, from any vCPU and EL, on a fake platform over a real
 * mem_space (so MEM_SHARE/MEM_UNSHARE move real pages).
 *
 * Input: one flags byte (bit 0 protected VM, bits 1-3 vCPUs - 1), then
 * calls, each: u32 function id, one byte (bits 0-2 vCPU, 3-4 EL, 5 SMC, 6-7 imm),
 * then x1-x7, each a tag byte and its payload:
 *   tag & 3 == 0  zero
 *              1  one byte
 *              2  a RAM page: u16 page number (+ u16 offset if tag bit 2)
 *              3  eight bytes
 * Small values and RAM addresses are what the handlers' checks look at,
 * so they get short encodings.
 */
#include <string.h>

#include "hv/hv.h"
#include "tests/fuzz/fuzz.h"

#define RAM_BASE 0x40000000ull
#define RAM_PAGES 256
#define MAX_CALLS 64
#define MAX_CPUS 8

struct fake {
	struct mem_space mem;
	int n_cpus;
	bool on[MAX_CPUS];
	bool off_requested, reset_requested;
	bool suspended[MAX_CPUS];
};

static void sys_off(void *o) { ((struct fake *)o)->off_requested = true; }
static void sys_reset(void *o) { ((struct fake *)o)->reset_requested = true; }

/* The board's answers (DEN0022D 5.1.4, 5.1.5), with MPIDR = CPU number. */
static int64_t cpu_on(void *o, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	struct fake *f = o;
	if (mpidr >= (uint64_t)f->n_cpus)
		return -2;
	if (f->on[mpidr])
		return -4;
	if (entry & 3 || entry < RAM_BASE || entry >= RAM_BASE + RAM_PAGES * MEM_PAGE_SIZE)
		return -9;
	f->on[mpidr] = true;
	return 0;
}

static int64_t cpu_off(void *o, int vcpu)
{
	struct fake *f = o;
	FUZZ_CHECK(vcpu >= 0 && vcpu < f->n_cpus);
	f->on[vcpu] = false;
	return 0;
}

static int64_t affinity_info(void *o, uint64_t mpidr, uint64_t level)
{
	struct fake *f = o;
	FUZZ_CHECK(level == 0);
	if (mpidr >= (uint64_t)f->n_cpus)
		return -2;
	return f->on[mpidr] ? 0 : 1;
}

static uint64_t counter(void *o, int vcpu, bool physical)
{
	FUZZ_CHECK(vcpu >= 0 && vcpu < ((struct fake *)o)->n_cpus);
	return physical ? 1000000 : 999000;
}

static uint64_t wall_ns(void *o, int vcpu)
{
	FUZZ_CHECK(vcpu >= 0 && vcpu < ((struct fake *)o)->n_cpus);
	return 1767225600ull * 1000000000ull;
}

static void cpu_suspend(void *o, int vcpu)
{
	struct fake *f = o;
	FUZZ_CHECK(vcpu >= 0 && vcpu < f->n_cpus);
	f->suspended[vcpu] = true;
}

static enum mem_owner owner_at(struct mem_space *m, uint64_t gpa, bool *is_ram)
{
	struct mem_page *p = mem_page_at(m, gpa, NULL);
	*is_ram = p != NULL;
	return p ? (enum mem_owner)p->owner : MEM_OWNER_COUNT;
}

/* Invariants of the page-sharing calls: a success moved exactly that page, a failure nothing. */
static void check_share(struct fake *f, const struct hv_call *call, const struct hv_func *fn,
			enum mem_owner before, bool was_ram, uint64_t transitions_before)
{
	bool share = !strcmp(fn->name, "KVM_MEM_SHARE");
	bool ram;
	uint64_t gpa = call->a[1];
	enum mem_owner after = owner_at(&f->mem, gpa, &ram);
	FUZZ_CHECK(ram == was_ram);
	if (call->r[0] == SMCCC_SUCCESS) {
		FUZZ_CHECK(ram && !(gpa & (MEM_PAGE_SIZE - 1)));
		FUZZ_CHECK(before == (share ? MEM_PRIVATE : MEM_SHARED));
		FUZZ_CHECK(after == (share ? MEM_SHARED : MEM_PRIVATE));
		FUZZ_CHECK(f->mem.n_transitions == transitions_before + 1);
	} else {
		FUZZ_CHECK(call->r[0] == (uint64_t)(int64_t)SMCCC_INVALID_PARAMETER);
		FUZZ_CHECK(after == before);
		FUZZ_CHECK(f->mem.n_transitions == transitions_before);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned flags = fuzz_u8(&in);
	struct fake f = { .n_cpus = 1 + ((flags >> 1) & 7) };
	f.on[0] = true;
	mem_space_init(&f.mem, MEM_SPACE_MEMORY, 7);
	FUZZ_CHECK(mem_add_ram(&f.mem, "ram", RAM_BASE, RAM_PAGES * MEM_PAGE_SIZE,
			       flags & 1 ? MEM_PRIVATE : MEM_SHARED));
	fuzz_guard_ram(&f.mem);
	const struct hv_platform plat = {
		.opaque = &f, .mem = &f.mem, .protected_vm = flags & 1,
		.system_off = sys_off, .system_reset = sys_reset,
		.cpu_on = cpu_on, .cpu_off = cpu_off, .affinity_info = affinity_info,
		.counter = counter, .wall_ns = wall_ns, .cpu_suspend = cpu_suspend,
	};

	/* The arm64 board's routes: HVC and SMC, any immediate, speak SMCCC. */
	static const struct hv_route routes[] = {
		{ .conduit = 0, .any_imm = true, .abi = &hv_smccc_abi },
		{ .conduit = 1, .any_imm = true, .abi = &hv_smccc_abi },
	};
	struct hv_path path = { .routes = routes, .n_routes = 2, .plat = &plat };

	for (int n = 0; n < MAX_CALLS && in.n; n++) {
		uint32_t id = fuzz_u32(&in);
		unsigned who = fuzz_u8(&in);
		struct hv_call call = {
			.vcpu = (int)(who & 7) % f.n_cpus,
			.level = (int)((who >> 3) & 3) % 3,
			.conduit = (who >> 5) & 1,          /* HVC or SMC */
			.immediate = (who >> 6) & 3,        /* SMCCC's is 0: others are not its calls */
		};
		call.abi = hv_route_find(&path, call.conduit, call.immediate);
		call.a[0] = id;
		for (int i = 1; i < 8; i++)
			call.a[i] = fuzz_arg(&in, RAM_BASE);
		call.fn = id;

		bool was_ram;
		enum mem_owner before = owner_at(&f.mem, call.a[1], &was_ram);
		uint64_t transitions = f.mem.n_transitions;
		hv_call(&path, &call);
		const struct hv_func *fn = call.row;

		FUZZ_CHECK(call.abi == &hv_smccc_abi);
		FUZZ_CHECK(fn == (call.immediate ? NULL : hv_find(&hv_smccc_abi, id, &plat)));
		if (!fn) {
			FUZZ_CHECK(call.by == HV_BY_UNKNOWN);
			FUZZ_CHECK(call.r[0] == (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED);
			FUZZ_CHECK(f.mem.n_transitions == transitions);
			continue;
		}
		FUZZ_CHECK(fn->id == call.fn && fn->name && fn->handler && call.by == HV_BY_HANDLER);
		FUZZ_CHECK(!fn->offered || fn->offered(&plat));
		/* SMC32/HVC32: the handler saw only 32-bit arguments (DEN0028 2.6). */
		if (!(call.fn & (1u << 30)))
			for (int i = 1; i < 8; i++)
				FUZZ_CHECK(call.a[i] <= 0xffffffffu);
		if (!strcmp(fn->name, "KVM_MEM_SHARE") || !strcmp(fn->name, "KVM_MEM_UNSHARE"))
			check_share(&f, &call, fn, before, was_ram, transitions);
		else
			FUZZ_CHECK(f.mem.n_transitions == transitions);
	}

	uint64_t owners[MEM_OWNER_COUNT];
	mem_count_owners(&f.mem, owners);
	FUZZ_CHECK(owners[MEM_PRIVATE] + owners[MEM_SHARED] == RAM_PAGES);
	fuzz_unguard_ram(&f.mem);
	mem_space_free(&f.mem);
	return 0;
}

/* One call in the input format, arguments given in full (tag 3) or as zero. */
static void put_call(struct fuzz_buf *b, uint32_t fn, unsigned who, const uint64_t *args, int n)
{
	fuzz_put(b, 4, fn);
	fuzz_put(b, 1, who);
	fuzz_put_args(b, args, n, 7);
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	struct fuzz_buf b = { .n = 0 };
	fuzz_put(&b, 1, 0);
	put_call(&b, 0x80000000, 0x08, NULL, 0);                            /* SMCCC_VERSION */
	put_call(&b, 0x80000001, 0x08, (uint64_t[]){ 0x80008000 }, 1);      /* ARCH_FEATURES */
	put_call(&b, 0x84000000, 0x08, NULL, 0);                            /* PSCI_VERSION */
	put_call(&b, 0x8400000a, 0x08, (uint64_t[]){ 0xc4000003 }, 1);      /* PSCI_FEATURES */
	put_call(&b, 0x8600ff01, 0x08, NULL, 0);                            /* KVM_CALL_UID */
	put_call(&b, 0x86000000, 0x08, NULL, 0);                            /* KVM_FEATURES */
	put_call(&b, 0x86000001, 0x08, (uint64_t[]){ 1 }, 1);               /* KVM_PTP */
	emit("discovery", b.b, b.n);

	b.n = 0;
	fuzz_put(&b, 1, 3 << 1);   /* four vCPUs */
	put_call(&b, 0xc4000003, 0x08, (uint64_t[]){ 1, RAM_BASE, 42 }, 3); /* CPU_ON64 */
	put_call(&b, 0xc4000004, 0x08, (uint64_t[]){ 1, 0 }, 2);            /* AFFINITY_INFO64 */
	put_call(&b, 0x84000002, 0x09, NULL, 0);                            /* CPU_OFF on vCPU 1 */
	put_call(&b, 0xc4000001, 0x08, (uint64_t[]){ 0x10000 }, 1);         /* CPU_SUSPEND64 */
	put_call(&b, 0x84000008, 0x28, NULL, 0);                            /* SYSTEM_OFF by SMC */
	emit("psci", b.b, b.n);

	b.n = 0;
	fuzz_put(&b, 1, 1);        /* protected */
	put_call(&b, 0xc6000002, 0x08, NULL, 0);                            /* HYP_MEMINFO */
	put_call(&b, 0xc6000003, 0x08, (uint64_t[]){ RAM_BASE + 0x3000 }, 1); /* MEM_SHARE */
	put_call(&b, 0xc6000003, 0x08, (uint64_t[]){ RAM_BASE + 0x3000 }, 1); /* again: refused */
	put_call(&b, 0xc6000004, 0x08, (uint64_t[]){ RAM_BASE + 0x3000 }, 1); /* MEM_UNSHARE */
	emit("pkvm", b.b, b.n);
}
