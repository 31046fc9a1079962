/*
 * hvsim as x86 KVM (hv/kvm_x86.c) through the single hypercall path, on
 * hv/ and mem/ alone: the CPUID hypervisor leaves, the kvmclock MSRs and
 * the pvclock records they write (read back the way Linux's pvclock.c
 * reads them), and the VMCALL/VMMCALL numbers and error codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv/hv.h"

enum { CONDUIT_CPUID, CONDUIT_RDMSR, CONDUIT_WRMSR, CONDUIT_VMCALL };
#define RAM 0x100000ull
#define N_CPUS 2
#define TSC_HZ 2500000000ull
#define WALL_NS 1700000000123456789ull

static const struct hv_route routes[] = {
	{ .conduit = CONDUIT_CPUID, .any_imm = true, .abi = &hv_kvm_x86_cpuid_abi },
	{ .conduit = CONDUIT_RDMSR, .any_imm = true, .abi = &hv_kvm_x86_rdmsr_abi },
	{ .conduit = CONDUIT_WRMSR, .any_imm = true, .abi = &hv_kvm_x86_wrmsr_abi },
	{ .conduit = CONDUIT_VMCALL, .any_imm = true, .abi = &hv_kvm_x86_hcall_abi },
};

struct fixture {
	struct mem_space mem;
	struct hv_platform plat;
	struct hv_path path;
	struct hv_kvm_x86 kvm;
	uint64_t system_time[N_CPUS];
	uint64_t tsc;
};

static uint64_t counter(void *opaque, int vcpu, bool physical)
{
	struct fixture *f = opaque;
	(void)vcpu, (void)physical;
	return f->tsc;
}

static uint64_t wall_ns(void *opaque, int vcpu)
{
	(void)opaque, (void)vcpu;
	return WALL_NS;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	assert_non_null(mem_add_ram(&f->mem, "ram", RAM, 1 << 20, MEM_SHARED));
	f->kvm = (struct hv_kvm_x86){ .tsc_hz = TSC_HZ, .system_time = f->system_time, .n_vcpus = N_CPUS };
	f->plat = (struct hv_platform){
		.opaque = f, .mem = &f->mem, .counter = counter, .wall_ns = wall_ns, .kvm_x86 = &f->kvm,
		.pv_features = HV_X86_FEATURE_CLOCKSOURCE2 | HV_X86_FEATURE_CLOCKSOURCE_STABLE,
	};
	f->path = (struct hv_path){ .routes = routes, .n_routes = 4, .plat = &f->plat };
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

static struct hv_call call(struct fixture *f, unsigned conduit, int level, uint64_t a0, uint64_t a1)
{
	struct hv_call c = { .abi = hv_route_find(&f->path, conduit, 0), .vcpu = 1, .level = level,
			     .conduit = (uint8_t)conduit, .a = { a0, a1 } };
	hv_call(&f->path, &c);
	return c;
}

/* 0x40000000: the highest leaf and "KVMKVMKVM\0\0\0"; 0x40000001: the features; the rest: 0. */
static void test_cpuid_leaves(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = call(f, CONDUIT_CPUID, 0, 0x40000000, 0);
	assert_int_equal(c.r[0], 0x40000001);
	assert_int_equal(c.r[1], 0x4b4d564b);   /* "KVMK" */
	assert_int_equal(c.r[2], 0x564b4d56);   /* "VMKV" */
	assert_int_equal(c.r[3], 0x0000004d);   /* "M\0\0\0" */
	c = call(f, CONDUIT_CPUID, 0, 0x40000001, 0);
	assert_int_equal(c.r[0], (1u << 3) | (1u << 24));
	assert_int_equal(c.r[1] | c.r[2] | c.r[3], 0);
	c = call(f, CONDUIT_CPUID, 0, 0x40000002, 0);
	assert_null(c.row);
	assert_int_equal(c.r[0] | c.r[1] | c.r[2] | c.r[3], 0);
}

/* pvclock_tsc_khz's inverse of the scale gives the TSC rate back. */
static void test_time_scale(void **state)
{
	(void)state;
	static const uint64_t rates[] = { 1000000000ull, TSC_HZ, 3333333333ull, 100000000ull, 32768ull };
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		uint32_t mul;
		int8_t shift;
		hv_kvm_x86_time_scale(rates[i], &mul, &shift);
		assert_true(mul >= 1u << 31);   /* the most precision the 32 bits hold */
		uint64_t khz = (1000000ull << 32) / mul;
		khz = shift < 0 ? khz << -shift : khz >> shift;
		assert_true(khz >= rates[i] / 1000 - 1 && khz <= rates[i] / 1000 + 1);
	}
}

/* The guest's reading of a record at TSC value tsc (pvclock_scale_delta). */
static uint64_t guest_ns(struct fixture *f, uint64_t gpa, uint64_t tsc, uint32_t *version, uint8_t *flags)
{
	uint8_t rec[32];
	uint64_t stamp, sys;
	uint32_t mul;
	int8_t shift;
	assert_true(mem_host_read(&f->mem, gpa, rec, 32));
	memcpy(version, rec, 4);
	memcpy(&stamp, rec + 8, 8);
	memcpy(&sys, rec + 16, 8);
	memcpy(&mul, rec + 24, 4);
	memcpy(&shift, rec + 28, 1);
	*flags = rec[29];
	uint64_t delta = tsc - stamp;
	delta = shift < 0 ? delta >> -shift : delta << shift;
	return sys + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/* MSR_KVM_SYSTEM_TIME_NEW: the record, its version protocol, the stable flag; time read from it tracks the TSC. */
static void test_system_time(void **state)
{
	struct fixture *f = *state;
	uint64_t gpa = RAM + 0x40;
	uint32_t version = 7;   /* junk left by the guest: odd */
	uint8_t flags;
	assert_true(mem_host_write(&f->mem, gpa, &version, 4));
	f->tsc = 5 * TSC_HZ;   /* 5 s after power-on */
	struct hv_call c = call(f, CONDUIT_WRMSR, 0, 0x4b564d01, gpa | 1);
	assert_string_equal(c.row->name, "MSR_KVM_SYSTEM_TIME_NEW");
	assert_int_equal(call(f, CONDUIT_RDMSR, 0, 0x4b564d01, 0).r[0], gpa | 1);
	assert_int_equal(guest_ns(f, gpa, f->tsc, &version, &flags), 5000000000ull);
	assert_int_equal(version, 10);
	assert_int_equal(flags, 1);
	/* 1.2345 s later by the TSC: the record still gives the time to within a nanosecond. */
	uint64_t later = f->tsc + 3086250000ull;
	uint64_t ns = guest_ns(f, gpa, later, &version, &flags);
	assert_true(ns >= 6234499999ull && ns <= 6234500001ull);
	/* Without the enable bit: the MSR keeps the value, no record is written. */
	f->tsc *= 2;
	call(f, CONDUIT_WRMSR, 0, 0x4b564d01, gpa);
	assert_int_equal(guest_ns(f, gpa, 5 * TSC_HZ, &version, &flags), 5000000000ull);
	assert_int_equal(version, 10);
	/* Without CLOCKSOURCE_STABLE the flag is clear. */
	f->plat.pv_features = HV_X86_FEATURE_CLOCKSOURCE2;
	call(f, CONDUIT_WRMSR, 0, 0x4b564d01, gpa | 1);
	guest_ns(f, gpa, f->tsc, &version, &flags);
	assert_int_equal(flags, 0);
	assert_int_equal(version, 12);
}

/* MSR_KVM_WALL_CLOCK_NEW: the wall time at which the system time was 0. */
static void test_wall_clock(void **state)
{
	struct fixture *f = *state;
	uint32_t rec[3];
	f->tsc = 2 * TSC_HZ;
	call(f, CONDUIT_WRMSR, 0, 0x4b564d00, RAM + 0x100);
	assert_true(mem_host_read(&f->mem, RAM + 0x100, rec, 12));
	assert_int_equal(rec[0], 2);
	assert_int_equal(rec[1], 1699999998);
	assert_int_equal(rec[2], 123456789);
	assert_int_equal(call(f, CONDUIT_RDMSR, 0, 0x4b564d00, 0).r[0], RAM + 0x100);
}

/* MSRs of features not offered: no row (the legacy pair without CLOCKSOURCE). */
static void test_msrs_offered(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = call(f, CONDUIT_WRMSR, 0, 0x12, RAM | 1);
	assert_null(c.row);
	assert_int_equal(f->system_time[1], 0);
	f->plat.pv_features |= HV_X86_FEATURE_CLOCKSOURCE;
	c = call(f, CONDUIT_WRMSR, 0, 0x12, RAM | 1);
	assert_string_equal(c.row->name, "MSR_KVM_SYSTEM_TIME");
	assert_int_equal(f->system_time[1], RAM | 1);
}

/* KVM's numbers: VAPIC_POLL_IRQ gives 0, unknown -KVM_ENOSYS, any call from CPL > 0 -KVM_EPERM. */
static void test_hypercalls(void **state)
{
	struct fixture *f = *state;
	struct hv_call c = call(f, CONDUIT_VMCALL, 0, 1, 0);
	assert_string_equal(c.row->name, "KVM_HC_VAPIC_POLL_IRQ");
	assert_int_equal(c.r[0], 0);
	c = call(f, CONDUIT_VMCALL, 0, 99, 0);
	assert_null(c.row);
	assert_int_equal((int64_t)c.r[0], -1000);
	assert_int_equal((int64_t)call(f, CONDUIT_VMCALL, 3, 1, 0).r[0], -1);
	assert_int_equal((int64_t)call(f, CONDUIT_VMCALL, 3, 99, 0).r[0], -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cpuid_leaves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_scale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_system_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wall_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_msrs_offered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hypercalls, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
