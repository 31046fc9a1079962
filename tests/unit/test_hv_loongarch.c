/*
 * hvsim as LoongArch KVM (hv/kvm_loongarch.c) through the single
 * hypercall path, on hv/ and mem/ alone: HVCL's codes, the service calls'
 * argument checks and results as KVM's exit.c gives them, the CPUCFG
 * identification leaves, and the steal-time record's version protocol.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv/hv.h"

enum { CONDUIT_HVCL, CONDUIT_CPUCFG };
#define RAM 0x100000ull
#define N_CPUS 4

static const struct hv_route routes[] = {
	{ .conduit = CONDUIT_HVCL, .any_imm = true, .abi = &hv_hvcl_abi },
	{ .conduit = CONDUIT_CPUCFG, .any_imm = true, .abi = &hv_kvm_loongarch_cpucfg_abi },
};

struct fixture {
	struct mem_space mem;
	struct hv_platform plat;
	struct hv_path path;
	int ipis[N_CPUS];
	uint64_t steal_gpa[N_CPUS];
};

static bool pv_ipi(void *opaque, int from, uint64_t cpu)
{
	struct fixture *f = opaque;
	if (cpu >= N_CPUS)
		return false;
	f->ipis[cpu]++;
	return true;
}

static void steal_time(void *opaque, int vcpu, uint64_t gpa)
{
	struct fixture *f = opaque;
	f->steal_gpa[vcpu] = gpa;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	assert_non_null(mem_add_ram(&f->mem, "ram", RAM, 1 << 20, MEM_SHARED));
	f->plat = (struct hv_platform){
		.opaque = f, .mem = &f->mem, .pv_ipi = pv_ipi, .steal_time = steal_time,
		.pv_features = HV_LA_FEATURE_IPI | HV_LA_FEATURE_STEAL_TIME,
	};
	f->path = (struct hv_path){ .routes = routes, .n_routes = 2, .plat = &f->plat };
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

/* An HVCL from vCPU 1: code, then a0-a5. */
static struct hv_call hvcl(struct fixture *f, uint32_t code, uint64_t a0, uint64_t a1, uint64_t a2,
			   uint64_t a3)
{
	struct hv_call c = { .abi = hv_route_find(&f->path, CONDUIT_HVCL, code), .vcpu = 1,
			     .conduit = CONDUIT_HVCL, .immediate = code, .a = { a0, a1, a2, a3 } };
	c.fn = c.a[0];
	hv_call(&f->path, &c);
	return c;
}

static uint64_t cpucfg(struct fixture *f, uint64_t leaf)
{
	struct hv_call c = { .abi = hv_route_find(&f->path, CONDUIT_CPUCFG, 0), .vcpu = 1,
			     .conduit = CONDUIT_CPUCFG, .a = { leaf } };
	hv_call(&f->path, &c);
	return c.r[0];
}

/* KVM_HCALL_FUNC_IPI: each existing CPU of a1:a2 from a3 gets one; others are skipped. */
static void test_pv_ipi(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = hvcl(f, 0x100, 1, 0x5, 0, 1);   /* CPUs 1 and 3 */
	assert_int_equal(c.r[0], 0);
	assert_ptr_equal(c.abi, &hv_kvm_loongarch_abi);
	assert_string_equal(c.row->name, "KVM_HCALL_FUNC_IPI");
	assert_int_equal(f->ipis[1], 1);
	assert_int_equal(f->ipis[3], 1);
	assert_int_equal(f->ipis[0] + f->ipis[2], 0);
	/* Bit 64 (a2 bit 0) from 0 is CPU 64, which does not exist: skipped, still SUCCESS. */
	c = hvcl(f, 0x100, 1, 0x1, 0x1, 0);
	assert_int_equal(c.r[0], 0);
	assert_int_equal(f->ipis[0], 1);
	/*
	 * KVM's ids are a3 plus the bit's number, in 32 bits, as an int: a3's
	 * high half is dropped, 0xffffffff + 2 wraps to CPU 1, and
	 * 0x7fffffff + 1 is negative: no CPU.
	 */
	c = hvcl(f, 0x100, 1, 0x1, 0, 0x100000002ull);   /* CPU 2 */
	assert_int_equal(f->ipis[2], 1);
	c = hvcl(f, 0x100, 1, 0x4, 0, 0xffffffffull);    /* bit 2: CPU 1 */
	assert_int_equal(c.r[0], 0);
	assert_int_equal(f->ipis[1], 2);
	c = hvcl(f, 0x100, 1, 0x2, 0, 0x7fffffffull);    /* bit 1: id 0x80000000, negative */
	assert_int_equal(c.r[0], 0);
	assert_int_equal(f->ipis[0] + f->ipis[1] + f->ipis[2] + f->ipis[3], 1 + 2 + 1 + 1);
	/* Not offered: not implemented. */
	f->plat.pv_features = 0;
	c = hvcl(f, 0x100, 1, 0x1, 0, 0);
	assert_int_equal((int64_t)c.r[0], -1);
	assert_int_equal(f->ipis[0], 1);
}

/* KVM_HCALL_FUNC_NOTIFY (kvm_save_notify): a1 and a2 checked as KVM does. */
static void test_notify(void **state)
{
	struct fixture *f = *state;
	assert_int_equal((int64_t)hvcl(f, 0x100, 2, 1u << 1, RAM | 1, 0).r[0], -1);   /* wrong id */
	assert_int_equal((int64_t)hvcl(f, 0x100, 2, 1u << 2, RAM + 0x20 + 1, 0).r[0], -2);
	assert_int_equal(hvcl(f, 0x100, 2, 1u << 2, RAM + 0x40 + 1, 0).r[0], 0);
	assert_int_equal(f->steal_gpa[1], RAM + 0x41);
	assert_int_equal(hvcl(f, 0x100, 2, 1u << 2, RAM + 0x40, 0).r[0], 0);   /* valid bit clear: off */
	assert_int_equal(f->steal_gpa[1], 0);
}

/* Other codes: SWDBG and USER_SERVICE are not enabled; anything else is a no-op giving -1. */
static void test_hvcl_codes(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = hvcl(f, 0x101, 1, 0, 0, 0);
	assert_string_equal(c.row->name, "KVM_HCALL_SWDBG");
	assert_int_equal((int64_t)c.r[0], -1);
	assert_int_equal((int64_t)hvcl(f, 0x102, 1, 0, 0, 0).r[0], -1);
	c = hvcl(f, 0x7ff, 1, 0, 0, 0);
	assert_null(c.row);
	assert_int_equal((int64_t)c.r[0], -1);
	/* A service function that does not exist. */
	c = hvcl(f, 0x100, 99, 0, 0, 0);
	assert_ptr_equal(c.abi, &hv_kvm_loongarch_abi);
	assert_null(c.row);
	assert_int_equal((int64_t)c.r[0], -1);
}

/* CPUCFG 0x40000000: "KVM\0"; 0x40000004: the features; the rest of the range: 0. */
static void test_cpucfg_leaves(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(cpucfg(f, 0x40000000), 0x004d564b);
	assert_int_equal(cpucfg(f, 0x40000004), (1u << 1) | (1u << 2));
	assert_int_equal(cpucfg(f, 0x40000008), 0);
	assert_int_equal(cpucfg(f, 0x400000ff), 0);
}

/* The record's version goes odd while it is written, even after; an odd (junk) start is fixed. */
static void test_steal_update(void **state)
{
	struct fixture *f = *state;
	uint32_t version = 5;
	uint64_t steal = 100;
	assert_true(mem_host_write(&f->mem, RAM + 8, &version, 4));
	assert_true(mem_host_write(&f->mem, RAM, &steal, 8));
	hv_kvm_la_steal_update(&f->plat, RAM | 1, 7);
	assert_true(mem_host_read(&f->mem, RAM + 8, &version, 4));
	assert_true(mem_host_read(&f->mem, RAM, &steal, 8));
	assert_int_equal(version, 8);
	assert_int_equal(steal, 107);
	hv_kvm_la_steal_update(&f->plat, RAM | 1, 0);
	assert_true(mem_host_read(&f->mem, RAM + 8, &version, 4));
	assert_int_equal(version, 10);
	/* Not registered (no valid bit): nothing written. */
	hv_kvm_la_steal_update(&f->plat, RAM, 50);
	assert_true(mem_host_read(&f->mem, RAM + 8, &version, 4));
	assert_int_equal(version, 10);
}

/* The preempted byte: written only when PREEMPT is offered and the record registered; no version change. */
static void test_preempted(void **state)
{
	struct fixture *f = *state;
	uint8_t flag = 0xee;
	uint32_t version = 4;
	assert_true(mem_host_write(&f->mem, RAM + 16, &flag, 1));
	assert_true(mem_host_write(&f->mem, RAM + 8, &version, 4));
	hv_kvm_la_set_preempted(&f->plat, RAM | 1, true);
	assert_true(mem_host_read(&f->mem, RAM + 16, &flag, 1));
	assert_int_equal(flag, 0xee);   /* PREEMPT not offered: untouched */
	f->plat.pv_features |= HV_LA_FEATURE_PREEMPT;
	hv_kvm_la_set_preempted(&f->plat, RAM, true);
	assert_true(mem_host_read(&f->mem, RAM + 16, &flag, 1));
	assert_int_equal(flag, 0xee);   /* not registered */
	hv_kvm_la_set_preempted(&f->plat, RAM | 1, true);
	assert_true(mem_host_read(&f->mem, RAM + 16, &flag, 1));
	assert_int_equal(flag, 1);
	hv_kvm_la_set_preempted(&f->plat, RAM | 1, false);
	assert_true(mem_host_read(&f->mem, RAM + 16, &flag, 1));
	assert_int_equal(flag, 0);
	assert_true(mem_host_read(&f->mem, RAM + 8, &version, 4));
	assert_int_equal(version, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pv_ipi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hvcl_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpucfg_leaves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_steal_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preempted, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
