/*
 * Fuzz LoongArch KVM's answers (hv/kvm_loongarch.c) through the single
 * path (hv_call): HVCL with any code and service function, CPUCFG of any
 * hypervisor leaf, from any vCPU and PLV, on a fake platform over a real
 * mem_space, and the steal-time record updates on any guest address.
 * (fuzz_hv.c is the arm64 SMCCC counterpart.)
 *
 * Input: one flags byte (bits 0-2 vCPUs - 1; bits 3-5 offer IPI,
 * STEAL_TIME, PREEMPT), then operations, each a kind byte:
 *   bits 0-1  0 HVCL: u16 code, then a0-a5
 *             1 CPUCFG: a leaf byte (0x40000000 + it)
 *             2 steal-time update: an address, a u32 of stolen time
 *             3 preempted flag: an address, bit 7 of the kind byte
 *   bits 2-4  the vCPU; bits 5-6 the PLV
 * Each argument and address in fuzz_arg's format (fuzz.h).
 */
#include <string.h>

#include "hv/hv.h"
#include "tests/fuzz/fuzz.h"

#define RAM_BASE 0x0ull
#define RAM_PAGES 64
#define MAX_OPS 64
#define MAX_CPUS 8
#define ST_VERSION 8
/* KVM's answers (hypercalls.rst). */
#define SUCCESS 0ull
#define INVALID_CODE ((uint64_t)-1)
#define INVALID_PARAMETER ((uint64_t)-2)

enum { OP_HVCL, OP_CPUCFG, OP_STEAL, OP_PREEMPT };

struct fake {
	struct mem_space mem;
	int n_cpus;
	uint64_t ipis[MAX_CPUS];      /* SWI0s raised per CPU by this call */
	unsigned ipi_calls;           /* pv_ipi callbacks, existing CPU or not */
	int st_vcpu;                  /* the last steal_time callback */
	uint64_t st_gpa;
	unsigned st_calls;
};

static bool pv_ipi(void *o, int from, uint64_t cpuid)
{
	struct fake *f = o;
	f->ipi_calls++;
	if (cpuid >= (uint64_t)f->n_cpus)
		return false;
	f->ipis[cpuid]++;
	return true;
}

static void steal_time(void *o, int vcpu, uint64_t gpa)
{
	struct fake *f = o;
	FUZZ_CHECK(vcpu >= 0 && vcpu < f->n_cpus);
	f->st_vcpu = vcpu;
	f->st_gpa = gpa;
	f->st_calls++;
}

/*
 * The PV IPI reached exactly the existing CPUs its bitmap names, from a3 on
 * as KVM counts: in 32 bits, wrapping past 0xffffffff to CPU 0.
 */
static void check_ipi(const struct fake *f, const struct hv_call *call)
{
	uint32_t min = (uint32_t)call->a[3];
	unsigned want_calls = 0;
	for (int c = 0; c < f->n_cpus; c++) {
		uint32_t bit = (uint32_t)c - min;
		bool named = bit < 128 && ((call->a[1 + bit / 64] >> (bit % 64)) & 1);
		FUZZ_CHECK(f->ipis[c] == (named ? 1u : 0u));
	}
	for (unsigned half = 0; half < 2; half++)
		want_calls += (unsigned)__builtin_popcountll(call->a[1 + half]);
	FUZZ_CHECK(f->ipi_calls <= want_calls);
	FUZZ_CHECK(call->r[0] == SUCCESS);
}

static void check_notify(const struct fake *f, const struct hv_call *call, unsigned st_calls)
{
	uint64_t id = call->a[1], gpa = call->a[2];
	if (id != 1u << 2) {
		FUZZ_CHECK(call->r[0] == INVALID_CODE);
	} else if (gpa & 0x3e) {
		FUZZ_CHECK(call->r[0] == INVALID_PARAMETER);
	} else {
		FUZZ_CHECK(call->r[0] == SUCCESS);
		FUZZ_CHECK(f->st_calls == st_calls + 1 && f->st_vcpu == call->vcpu);
		FUZZ_CHECK(f->st_gpa == (gpa & 1 ? gpa : 0));
		return;
	}
	FUZZ_CHECK(f->st_calls == st_calls);
}

static void hvcl(struct fake *f, struct hv_path *path, struct hv_call *call, struct fuzz_in *in)
{
	static const struct hv_route routes[] = {
		{ .conduit = 0, .any_imm = true, .abi = &hv_hvcl_abi },
	};
	path->routes = routes;
	path->n_routes = 1;
	call->conduit = 0;
	call->immediate = fuzz_u16(in) & 0x7fff;
	for (int i = 0; i < 6; i++)
		call->a[i] = fuzz_arg(in, RAM_BASE);
	call->abi = hv_route_find(path, 0, call->immediate);
	memset(f->ipis, 0, sizeof(f->ipis));
	f->ipi_calls = 0;
	unsigned st_calls = f->st_calls;
	hv_call(path, call);
	const struct hv_func *row = call->row;
	/* Every answer is one of KVM's three codes; only a0 changes. */
	FUZZ_CHECK(call->r[0] == SUCCESS || call->r[0] == INVALID_CODE ||
		   call->r[0] == INVALID_PARAMETER);
	for (int i = 1; i < HV_MAX_REGS; i++)
		FUZZ_CHECK(call->r[i] == 0);
	if (!row) {
		FUZZ_CHECK(call->r[0] == INVALID_CODE && call->by == HV_BY_UNKNOWN);
	} else if (!strcmp(row->name, "KVM_HCALL_FUNC_IPI")) {
		check_ipi(f, call);
	} else if (!strcmp(row->name, "KVM_HCALL_FUNC_NOTIFY")) {
		check_notify(f, call, st_calls);
	} else {
		FUZZ_CHECK(call->immediate == 0x101 || call->immediate == 0x102);
		FUZZ_CHECK(call->r[0] == INVALID_CODE);
	}
	if (!row || strcmp(row->name, "KVM_HCALL_FUNC_IPI"))
		FUZZ_CHECK(f->ipi_calls == 0);
	if (!row || strcmp(row->name, "KVM_HCALL_FUNC_NOTIFY"))
		FUZZ_CHECK(f->st_calls == st_calls);
}

static void cpucfg(struct hv_path *path, struct hv_call *call, struct fuzz_in *in)
{
	static const struct hv_route routes[] = {
		{ .conduit = 1, .any_imm = true, .abi = &hv_kvm_loongarch_cpucfg_abi },
	};
	path->routes = routes;
	path->n_routes = 1;
	call->conduit = 1;
	call->a[0] = 0x40000000u + fuzz_u8(in);
	call->abi = hv_route_find(path, 1, 0);
	hv_call(path, call);
	uint64_t want = call->a[0] == 0x40000000u ? 0x004d564bu
			: call->a[0] == 0x40000004u ? path->plat->pv_features : 0;
	FUZZ_CHECK(call->r[0] == want);
}

/* Between updates the version is even (KVM's protocol), whatever was there before. */
static void steal_update(struct fake *f, const struct hv_platform *plat, struct fuzz_in *in)
{
	uint64_t gpa = fuzz_arg(in, RAM_BASE), stolen = fuzz_u32(in);
	uint32_t before = 0, after = 0;
	uint64_t base = gpa & ~0x3full;
	bool ram = mem_host_read(&f->mem, base + ST_VERSION, &before, 4);
	hv_kvm_la_steal_update(plat, gpa, stolen);
	if (ram && (gpa & 1)) {
		FUZZ_CHECK(mem_host_read(&f->mem, base + ST_VERSION, &after, 4));
		FUZZ_CHECK(!(after & 1) && after != before);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned flags = fuzz_u8(&in);
	struct fake f = { .n_cpus = 1 + (flags & 7), .st_vcpu = -1 };
	mem_space_init(&f.mem, MEM_SPACE_MEMORY, 7);
	FUZZ_CHECK(mem_add_ram(&f.mem, "ram", RAM_BASE, RAM_PAGES * MEM_PAGE_SIZE, MEM_SHARED));
	fuzz_guard_ram(&f.mem);
	const struct hv_platform plat = {
		.opaque = &f, .mem = &f.mem, .pv_ipi = pv_ipi, .steal_time = steal_time,
		.pv_features = (uint64_t)((flags >> 3) & 7) << 1,
	};
	struct hv_path path = { .plat = &plat };

	for (int n = 0; n < MAX_OPS && in.n; n++) {
		unsigned kind = fuzz_u8(&in);
		struct hv_call call = {
			.vcpu = (int)((kind >> 2) & 7) % f.n_cpus,
			.level = (int)((kind >> 5) & 3),
		};
		switch (kind & 3) {
		case OP_HVCL: hvcl(&f, &path, &call, &in); break;
		case OP_CPUCFG: cpucfg(&path, &call, &in); break;
		case OP_STEAL: steal_update(&f, &plat, &in); break;
		default: hv_kvm_la_set_preempted(&plat, fuzz_arg(&in, RAM_BASE), kind & 0x80); break;
		}
	}
	fuzz_unguard_ram(&f.mem);
	mem_space_free(&f.mem);
	return 0;
}

/* An HVCL in the input format, arguments in full (tag 3) or zero. */
static void put_hvcl(struct fuzz_buf *b, unsigned vcpu, uint16_t code, const uint64_t *a, int n)
{
	fuzz_put(b, 1, OP_HVCL | vcpu << 2);
	fuzz_put(b, 2, code);
	fuzz_put_args(b, a, n, 6);
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	struct fuzz_buf b = { .n = 0 };
	fuzz_put(&b, 1, 3 | 7 << 3);   /* four vCPUs, every feature */
	fuzz_put(&b, 1, OP_CPUCFG);
	fuzz_put(&b, 1, 0);            /* CPUCFG_KVM_SIG */
	fuzz_put(&b, 1, OP_CPUCFG);
	fuzz_put(&b, 1, 4);            /* CPUCFG_KVM_FEATURE */
	put_hvcl(&b, 0, 0x100, (uint64_t[]){ 1, 0x6, 0, 0 }, 4);            /* IPI to 1, 2 */
	put_hvcl(&b, 1, 0x100, (uint64_t[]){ 1, 0x3, 1ull << 63, 1 }, 4);   /* from cpu 1 */
	put_hvcl(&b, 0, 0x100, (uint64_t[]){ 1, 0x6, 0, 0xffffffff }, 4);   /* wraps: 0, 1 */
	put_hvcl(&b, 0, 0x100, (uint64_t[]){ 1, 0x1, 0, 0x100000003 }, 4);  /* a3's low half: 3 */
	put_hvcl(&b, 2, 0x100, (uint64_t[]){ 2, 4, 0x1001 }, 3);            /* NOTIFY */
	put_hvcl(&b, 2, 0x100, (uint64_t[]){ 2, 4, 0x1009 }, 3);            /* misaligned */
	put_hvcl(&b, 0, 0x101, NULL, 0);
	put_hvcl(&b, 0, 0x102, NULL, 0);
	put_hvcl(&b, 0, 0x7fff, NULL, 0);
	fuzz_put(&b, 1, OP_STEAL);
	fuzz_put(&b, 1, 3);
	fuzz_put(&b, 8, 0x1001);
	fuzz_put(&b, 4, 12345);
	fuzz_put(&b, 1, OP_PREEMPT | 0x80);
	fuzz_put(&b, 1, 3);
	fuzz_put(&b, 8, 0x1001);
	emit("kvm-loongarch", b.b, b.n);
}
