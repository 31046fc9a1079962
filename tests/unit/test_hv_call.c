/*
 * The single hypercall path (hv/call.c) with hv/ alone: routing by conduit
 * and immediate, the ABI's own rules (SMCCC's immediate 0 and SMC32
 * arguments, PSCI's error codes), rows offered only to protected VMs, the
 * public hook, the fault injector's two points (a stub injector here: the
 * real one is its own issue), nested ABIs, identification tables, the
 * world-switch charge and the observer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv/hv.h"

enum { CONDUIT_HVC, CONDUIT_SMC, CONDUIT_TEST, CONDUIT_IDENT };

#define SWITCH 1500
#define PSCI_CPU_ON 0x84000003u

/* ------------------------------------------------- a nested test ABI */

/* "outer" row 7 hands the call to "inner", whose function id is a[1]. */
static void inner_handler(struct hv_call *call)
{
	call->r[0] = 0x1000 + call->fn;
}

static const struct hv_func inner_funcs[] = {
	{ .id = 1, .name = "INNER_ONE", .handler = inner_handler },
	{ .id = 2, .name = "INNER_TWO", .handler = inner_handler },
};

static bool inner_prepare(struct hv_call *call)
{
	call->fn = call->a[1];
	return true;
}

static bool outer_prepare(struct hv_call *call)
{
	call->fn = call->a[0];
	return true;
}

/* A failure in r0 as -1 - how: enough to tell the three apart. */
static void test_fail(struct hv_call *call, enum hv_failure how)
{
	call->r[0] = (uint64_t)(-1 - (int64_t)how);
}

static const struct hv_abi inner_abi = {
	.name = "inner", .funcs = inner_funcs, .n = 2, .n_args = 2, .n_results = 1,
	.prepare = inner_prepare, .encode_failure = test_fail,
};

static const struct hv_func outer_funcs[] = {
	{ .id = 7, .name = "OUTER_NEST", .nested = &inner_abi },
};

static const struct hv_abi outer_abi = {
	.name = "outer", .funcs = outer_funcs, .n = 1, .n_args = 2, .n_results = 1,
	.prepare = outer_prepare, .encode_failure = test_fail,
};

/* An identification table: "cpuid"-style leaves, four results each. */
static void leaf_signature(struct hv_call *call)
{
	call->r[0] = 0x40000001;
	memcpy(&call->r[1], "KVMKVMKVM\0\0\0", 4);
}

static const struct hv_func ident_funcs[] = {
	{ .id = 0x40000000, .name = "SIGNATURE", .handler = leaf_signature },
};

static const struct hv_abi ident_abi = {
	.name = "test-ident", .funcs = ident_funcs, .n = 1, .n_args = 2, .n_results = 4,
	.ident = true, .prepare = outer_prepare, .encode_failure = test_fail,
};

static const struct hv_route routes[] = {
	{ .conduit = CONDUIT_HVC, .any_imm = true, .abi = &hv_smccc_abi },
	{ .conduit = CONDUIT_SMC, .any_imm = true, .abi = &hv_smccc_abi },
	{ .conduit = CONDUIT_TEST, .immediate = 0x100, .abi = &outer_abi },
	{ .conduit = CONDUIT_IDENT, .any_imm = true, .abi = &ident_abi },
};

/* ------------------------------------------------------------ fixture */

struct fixture {
	struct mem_space mem;
	struct hv_platform plat;
	struct hv_path path;
	uint64_t charged;               /* cycles charged to vCPU 1 */
	int cpu_on_calls;
	uint64_t cpu_on_args[3];
	int observed;
	struct hv_call last;            /* as the observer saw it */
	/* the stub injector */
	uint32_t fail_fn;               /* fail calls of this function id (0: none) */
	uint32_t corrupt_fn;            /* flip bit 0 of r0 and add 500 cycles for this one */
	int before_calls, after_calls;
	/* the public hook */
	uint32_t hook_fn;
};

static int64_t on_cpu_on(void *opaque, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	struct fixture *f = opaque;
	f->cpu_on_calls++;
	f->cpu_on_args[0] = mpidr;
	f->cpu_on_args[1] = entry;
	f->cpu_on_args[2] = ctx;
	return 0;
}

static void charge(void *opaque, int vcpu, uint64_t cycles)
{
	struct fixture *f = opaque;
	assert_int_equal(vcpu, 1);
	f->charged += cycles;
}

static void observe(void *opaque, const struct hv_call *call)
{
	struct fixture *f = opaque;
	f->observed++;
	f->last = *call;
}

static bool stub_before(void *opaque, struct hv_call *call)
{
	struct fixture *f = opaque;
	f->before_calls++;
	if (f->fail_fn && call->fn == (uint64_t)f->fail_fn) {
		call->abi->encode_failure(call, HV_FAIL_INVALID);
		return true;
	}
	return false;
}

static void stub_after(void *opaque, struct hv_call *call)
{
	struct fixture *f = opaque;
	f->after_calls++;
	if (f->corrupt_fn && call->fn == (uint64_t)f->corrupt_fn) {
		call->r[0] ^= 1;
		call->cost += 500;
	}
}

static bool hook(void *opaque, struct hv_call *call)
{
	struct fixture *f = opaque;
	if (!f->hook_fn || call->fn != (uint64_t)f->hook_fn)
		return false;
	call->r[0] = 0x600d;
	return true;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	assert_non_null(mem_add_ram(&f->mem, "ram", 0x40000000, 1 << 20, MEM_PRIVATE));
	f->plat = (struct hv_platform){ .opaque = f, .mem = &f->mem, .cpu_on = on_cpu_on };
	f->path = (struct hv_path){
		.routes = routes, .n_routes = sizeof(routes) / sizeof(routes[0]), .plat = &f->plat,
		.world_switch = SWITCH, .charge = charge, .charge_opaque = f,
		.observe = observe, .observe_opaque = f,
	};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	mem_space_free(&f->mem);
	test_free(f);
	return 0;
}

/* A call as a machine makes it: routed, arguments in. */
static struct hv_call call(struct fixture *f, uint8_t conduit, uint32_t imm, uint64_t a0,
			   uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct hv_call c = {
		.abi = hv_route_find(&f->path, conduit, imm), .vcpu = 1, .level = 1,
		.conduit = conduit, .immediate = imm, .a = { a0, a1, a2, a3, 0xdead, 0xdead, 0xdead, 0xdead },
	};
	c.fn = c.a[0];
	hv_call(&f->path, &c);
	return c;
}

/* -------------------------------------------------------------- tests */

static void test_smccc_call(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = call(f, CONDUIT_HVC, 0, 0x80000000, 0, 0, 0);   /* SMCCC_VERSION */
	assert_ptr_equal(c.abi, &hv_smccc_abi);
	assert_non_null(c.row);
	assert_string_equal(c.row->name, "SMCCC_VERSION");
	assert_int_equal(c.by, HV_BY_HANDLER);
	assert_int_equal(c.r[0], 0x10001);
	assert_int_equal(c.cost, SWITCH);
	assert_int_equal(f->charged, SWITCH);
	assert_int_equal(f->observed, 1);
	assert_ptr_equal(f->last.row, c.row);
	assert_int_equal(f->path.n_calls, 1);
}

/* SMCCC calls use immediate 0 (DEN0028 2.3): another is no SMCCC call at all. */
static void test_smccc_immediate(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = call(f, CONDUIT_HVC, 1, 0x80000000, 5, 6, 7);
	assert_ptr_equal(c.abi, &hv_smccc_abi);
	assert_null(c.row);
	assert_int_equal(c.by, HV_BY_UNKNOWN);
	assert_int_equal((int64_t)c.r[0], -1);   /* NOT_SUPPORTED */
	assert_int_equal(c.r[1] | c.r[2] | c.r[3], 0);
	assert_int_equal(f->charged, SWITCH);    /* an unknown call still costs a round trip */
}

/* SMC32: the handler sees only the low 32 bits of each argument (DEN0028 2.6). */
static void test_smccc32_arguments(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = call(f, CONDUIT_SMC, 0, PSCI_CPU_ON, 0xffff000000000001ull,
				0x1234567840000000ull, 0xaaaaaaaa00000042ull);
	assert_int_equal(f->cpu_on_calls, 1);
	assert_int_equal(f->cpu_on_args[0], 1);
	assert_int_equal(f->cpu_on_args[1], 0x40000000);
	assert_int_equal(f->cpu_on_args[2], 0x42);
	assert_int_equal(c.r[0], 0);
	/* CPU_ON64 passes them whole. */
	call(f, CONDUIT_SMC, 0, 0xc4000003, 0xffff000000000001ull, 0x1234567840000000ull, 7);
	assert_int_equal(f->cpu_on_args[0], 0xffff000000000001ull);
	assert_int_equal(f->cpu_on_args[1], 0x1234567840000000ull);
}

/* pKVM's calls exist for protected VMs only; to others they are unknown. */
static void test_offered_when(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = call(f, CONDUIT_HVC, 0, 0xc6000002, 0, 0, 0);   /* HYP_MEMINFO */
	assert_null(c.row);
	assert_int_equal((int64_t)c.r[0], -1);
	f->plat.protected_vm = true;
	c = call(f, CONDUIT_HVC, 0, 0xc6000002, 0, 0, 0);
	assert_non_null(c.row);
	assert_string_equal(c.row->name, "KVM_HYP_MEMINFO");
	assert_int_equal(c.r[0], 4096);
}

/* The embedding user's hook answers before the handler, and is said to have. */
static void test_public_hook(void **state)
{
	struct fixture *f = *state;
	f->path.hook = hook;
	f->path.hook_opaque = f;
	f->hook_fn = PSCI_CPU_ON;
	struct hv_call c = call(f, CONDUIT_HVC, 0, PSCI_CPU_ON, 1, 0x40000000, 0);
	assert_int_equal(c.by, HV_BY_HOOK);
	assert_non_null(c.row);   /* the row is known: stats count it as the hook's answer to it */
	assert_int_equal(c.r[0], 0x600d);
	assert_int_equal(f->cpu_on_calls, 0);
	/* Calls the hook passes on reach the handler. */
	c = call(f, CONDUIT_HVC, 0, 0x80000000, 0, 0, 0);
	assert_int_equal(c.by, HV_BY_HANDLER);
	assert_int_equal(c.r[0], 0x10001);
}

/*
 * The fault points: `before` fails a call the way its ABI would (PSCI's
 * INVALID_PARAMETERS, -2, for a PSCI function), so neither the hook nor the
 * handler runs; `after` corrupts an answer and delays it, and the delay is
 * charged too.
 */
static void test_fault_points(void **state)
{
	struct fixture *f = *state;
	f->path.faults = (struct hv_faults){ .before = stub_before, .after = stub_after, .opaque = f };
	f->path.hook = hook;
	f->path.hook_opaque = f;
	f->hook_fn = PSCI_CPU_ON;
	f->fail_fn = PSCI_CPU_ON;
	struct hv_call c = call(f, CONDUIT_HVC, 0, PSCI_CPU_ON, 1, 0x40000000, 0);
	assert_int_equal(c.by, HV_BY_FAULT);
	assert_int_equal((int64_t)c.r[0], -2);
	assert_int_equal(f->cpu_on_calls, 0);
	assert_int_equal(f->before_calls, 1);
	assert_int_equal(f->after_calls, 1);

	/* A failure of an SMCCC (not PSCI) function reads as SMCCC's INVALID_PARAMETER, -3. */
	f->fail_fn = 0x80000001;
	c = call(f, CONDUIT_HVC, 0, 0x80000001, 0x80000000, 0, 0);
	assert_int_equal((int64_t)c.r[0], -3);

	f->fail_fn = 0;
	f->corrupt_fn = 0x80000000;
	uint64_t charged = f->charged;
	c = call(f, CONDUIT_HVC, 0, 0x80000000, 0, 0, 0);
	assert_int_equal(c.by, HV_BY_HANDLER);
	assert_int_equal(c.r[0], 0x10000);
	assert_int_equal(c.cost, SWITCH + 500);
	assert_int_equal(f->charged - charged, SWITCH + 500);
	assert_int_equal(f->last.cost, SWITCH + 500);   /* the observer sees the whole cost */
}

/* A two-level ABI: the outer row hands the call to the inner ABI's rows. */
static void test_nested_abi(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = call(f, CONDUIT_TEST, 0x100, 7, 2, 0, 0);
	assert_ptr_equal(c.abi, &inner_abi);
	assert_non_null(c.row);
	assert_string_equal(c.row->name, "INNER_TWO");
	assert_int_equal(c.r[0], 0x1002);
	/* An inner id no row has: the inner ABI's failure. */
	c = call(f, CONDUIT_TEST, 0x100, 7, 9, 0, 0);
	assert_ptr_equal(c.abi, &inner_abi);
	assert_null(c.row);
	assert_int_equal((int64_t)c.r[0], -1);
	/* The route wants immediate 0x100: another immediate is not routed at all. */
	c = call(f, CONDUIT_TEST, 0x101, 7, 2, 0, 0);
	assert_null(c.abi);
	assert_int_equal(c.r[0], 0);
	assert_int_equal(f->observed, 3);
}

/* Identification leaves go the same way: a table, traced and counted like calls. */
static void test_ident_table(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = call(f, CONDUIT_IDENT, 0, 0x40000000, 0, 0, 0);
	assert_true(c.abi->ident);
	assert_int_equal(c.r[0], 0x40000001);
	assert_memory_equal(&c.r[1], "KVMK", 4);
	c = call(f, CONDUIT_IDENT, 0, 0x40000005, 0, 0, 0);
	assert_null(c.row);
}

/* Every ABI a path reaches, nested ones included, each once (stats size their counters so). */
static void test_path_abis(void **state)
{
	struct fixture *f = *state;
	const struct hv_abi *abis[8];
	size_t n = hv_path_abis(&f->path, abis, 8);
	assert_int_equal(n, 4);
	assert_ptr_equal(abis[0], &hv_smccc_abi);
	assert_ptr_equal(abis[1], &outer_abi);
	assert_ptr_equal(abis[2], &inner_abi);
	assert_ptr_equal(abis[3], &ident_abi);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_smccc_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smccc_immediate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smccc32_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offered_when, setup, teardown),
		cmocka_unit_test_setup_teardown(test_public_hook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_points, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_abi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ident_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_abis, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
