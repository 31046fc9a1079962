/*
 * hvsim as x86 KVM: the CPUID hypervisor leaves (Linux
 * Documentation/virt/kvm/x86/cpuid.rst), the kvmclock MSRs and their
 * pvclock records (Documentation/virt/kvm/x86/msr.rst; the layouts are
 * uapi asm/pvclock-abi.h), and the hypercalls VMCALL and VMMCALL make
 * (Documentation/virt/kvm/x86/hypercalls.rst, numbers from include/uapi/
 * linux/kvm_para.h, answers as arch/x86/kvm/x86.c's kvm_emulate_hypercall
 * gives them). Only what is implemented is advertised in 0x40000001.
 */
#include <string.h>

#include "hv/hv.h"

/* ------------------------------------------------------------ CPUID */

enum { KVM_CPUID_SIGNATURE = 0x40000000, KVM_CPUID_FEATURES = 0x40000001 };

/*
 * 0x40000000: EAX the highest hypervisor leaf, EBX:ECX:EDX "KVMKVMKVM\0\0\0"
 * (cpuid.rst: KVM_CPUID_SIGNATURE).
 */
static void cpuid_signature(struct hv_call *call)
{
	static const char sig[12] = "KVMKVMKVM";
	uint32_t w[3];
	memcpy(w, sig, sizeof(w));
	call->r[0] = KVM_CPUID_FEATURES;
	call->r[1] = w[0];
	call->r[2] = w[1];
	call->r[3] = w[2];
}

/* 0x40000001: EAX the KVM_FEATURE_* bits this VM has, EDX the hints (none). */
static void cpuid_features(struct hv_call *call)
{
	call->r[0] = call->plat->pv_features;
}

static const struct hv_func cpuid_funcs[] = {
	{ .id = KVM_CPUID_SIGNATURE, .name = "KVM_CPUID_SIGNATURE", .handler = cpuid_signature },
	{ .id = KVM_CPUID_FEATURES, .name = "KVM_CPUID_FEATURES", .handler = cpuid_features },
};

/* The leaf is EAX (a[0]); ECX (a[1]) selects nothing in these leaves. */
static bool leaf_prepare(struct hv_call *call)
{
	call->fn = call->a[0];
	return true;
}

/*
 * The rest of the range reads zero: hvsim describes no further leaf, and
 * answers as KVM does for a leaf absent from its table in the hypervisor
 * range when the vendor's rule for out-of-range leaves does not apply
 * (kvm_cpuid: the entry is zeroed).
 */
static void zero_results(struct hv_call *call, enum hv_failure how)
{
	(void)how;
	memset(call->r, 0, sizeof(call->r));
}

const struct hv_abi hv_kvm_x86_cpuid_abi = {
	.name = "kvm-x86-cpuid",
	.funcs = cpuid_funcs,
	.n = sizeof(cpuid_funcs) / sizeof(cpuid_funcs[0]),
	.n_args = 2,      /* EAX, ECX */
	.n_results = 4,   /* EAX, EBX, ECX, EDX */
	.ident = true,
	.prepare = leaf_prepare,
	.encode_failure = zero_results,
};

/* ---------------------------------------------------------- kvmclock */

/* msr.rst: the MSRs (the legacy pair under KVM_FEATURE_CLOCKSOURCE, the new under CLOCKSOURCE2). */
enum {
	MSR_KVM_WALL_CLOCK = 0x11, MSR_KVM_SYSTEM_TIME = 0x12,
	MSR_KVM_WALL_CLOCK_NEW = 0x4b564d00, MSR_KVM_SYSTEM_TIME_NEW = 0x4b564d01,
};
#define KVM_MSR_ENABLED 1ull

/* struct pvclock_vcpu_time_info (pvclock-abi.h): 32 bytes, packed. */
#define PVTI_VERSION 0
#define PVTI_TSC_TIMESTAMP 8
#define PVTI_SYSTEM_TIME 16
#define PVTI_MUL 24
#define PVTI_SHIFT 28
#define PVTI_FLAGS 29
#define PVTI_SIZE 32
#define PVCLOCK_TSC_STABLE_BIT 1u
/* struct pvclock_wall_clock: version, sec, nsec, each u32. */
#define PVWC_SIZE 12

#define NSEC_PER_SEC 1000000000ull

static bool offers_clocksource(const struct hv_platform *plat)
{
	return (plat->pv_features & HV_X86_FEATURE_CLOCKSOURCE) != 0;
}

static bool offers_clocksource2(const struct hv_platform *plat)
{
	return (plat->pv_features & HV_X86_FEATURE_CLOCKSOURCE2) != 0;
}

void hv_kvm_x86_time_scale(uint64_t tsc_hz, uint32_t *mul, int8_t *shift)
{
	/*
	 * ns = ((tsc << shift or >> -shift) * mul) >> 32 (pvclock_scale_delta):
	 * the smallest shift whose multiplier fits 32 bits keeps the most
	 * precision. tsc_hz of 0 is the machine's bug; treat it as 1 GHz.
	 */
	if (!tsc_hz)
		tsc_hz = NSEC_PER_SEC;
	for (int s = -32; s < 32; s++) {
		unsigned __int128 m = (unsigned __int128)NSEC_PER_SEC << 32;
		m = s < 0 ? (m << -s) / tsc_hz : (m >> s) / tsc_hz;
		if (m < ((unsigned __int128)1 << 32)) {
			*mul = (uint32_t)m;
			*shift = (int8_t)s;
			return;
		}
	}
	*mul = UINT32_MAX;
	*shift = 31;
}

/* Nanoseconds since the VM started for a TSC value (the TSC counts from 0 at power-on). */
static uint64_t tsc_to_ns(const struct hv_kvm_x86 *k, uint64_t tsc)
{
	return (uint64_t)((unsigned __int128)tsc * NSEC_PER_SEC / (k->tsc_hz ? k->tsc_hz : NSEC_PER_SEC));
}

/* Write a pvclock record's body between the odd and even version, as KVM does. */
static bool write_versioned(const struct hv_platform *p, uint64_t gpa, const void *body, size_t len)
{
	uint32_t version;
	if (!mem_host_read(p->mem, gpa, &version, 4))
		return false;
	version = (version + 1) | 1;   /* odd: being written (the guest retries) */
	if (!mem_host_write(p->mem, gpa, &version, 4) ||
	    !mem_host_write(p->mem, gpa + 4, (const uint8_t *)body + 4, len - 4))
		return false;
	version++;
	return mem_host_write(p->mem, gpa, &version, 4);
}

/*
 * The vCPU's pvclock_vcpu_time_info at gpa, as kvm_guest_time_update
 * fills it: the TSC now, the system time it stands for, the scale; with
 * a TSC that counts virtual time at a fixed rate on every vCPU the
 * record stays exact, so it is written once per enable (no master-clock
 * updates) and says so with PVCLOCK_TSC_STABLE_BIT.
 */
void hv_kvm_x86_clock_update(const struct hv_platform *p, int vcpu, uint64_t gpa)
{
	const struct hv_kvm_x86 *k = p->kvm_x86;
	uint8_t rec[PVTI_SIZE] = { 0 };
	uint64_t tsc = p->counter(p->opaque, vcpu, true), ns = tsc_to_ns(k, tsc);
	uint32_t mul;
	int8_t shift;
	hv_kvm_x86_time_scale(k->tsc_hz, &mul, &shift);
	memcpy(rec + PVTI_TSC_TIMESTAMP, &tsc, 8);
	memcpy(rec + PVTI_SYSTEM_TIME, &ns, 8);
	memcpy(rec + PVTI_MUL, &mul, 4);
	memcpy(rec + PVTI_SHIFT, &shift, 1);
	rec[PVTI_FLAGS] = (p->pv_features & HV_X86_FEATURE_CLOCKSOURCE_STABLE) ? PVCLOCK_TSC_STABLE_BIT : 0;
	write_versioned(p, gpa, rec, sizeof(rec));
}

/*
 * Wall clock (kvm_write_wall_clock): the wall time at which the system
 * time was zero, i.e. now minus the time since power-on.
 */
static void wall_clock_write(const struct hv_platform *p, int vcpu, uint64_t gpa)
{
	uint64_t now = p->wall_ns(p->opaque, vcpu);
	uint64_t up = tsc_to_ns(p->kvm_x86, p->counter(p->opaque, vcpu, true));
	uint64_t boot = now > up ? now - up : 0;
	uint32_t rec[3] = { 0, (uint32_t)(boot / NSEC_PER_SEC), (uint32_t)(boot % NSEC_PER_SEC) };
	write_versioned(p, gpa, rec, PVWC_SIZE);
}

/* The MSR's index is ECX (a[0]); WRMSR's value EDX:EAX is a[1]. */
static bool msr_prepare(struct hv_call *call)
{
	call->fn = call->a[0];
	return call->vcpu >= 0 && (unsigned)call->vcpu < call->plat->kvm_x86->n_vcpus;
}

static uint64_t *msr_slot(struct hv_call *call)
{
	struct hv_kvm_x86 *k = call->plat->kvm_x86;
	bool wall = call->fn == MSR_KVM_WALL_CLOCK || call->fn == MSR_KVM_WALL_CLOCK_NEW;
	return wall ? &k->wall_clock : &k->system_time[call->vcpu];
}

/* RDMSR: the last value written (kvm_get_msr_common; the wall clock's is per VM). */
static void msr_read(struct hv_call *call)
{
	call->r[0] = *msr_slot(call);
}

/*
 * WRMSR of a wall-clock MSR: the record is written at the GPA (msr.rst:
 * 4-byte aligned, no enable bit); of a system-time MSR: bit 0 enables
 * the per-vCPU record at the GPA without it (KVM requires no alignment
 * beyond the record not needing two pages, which the guest's 64-byte
 * slots give). Host writes to memory the guest does not have fail
 * quietly, as KVM's guest-page caches do.
 */
static void msr_write(struct hv_call *call)
{
	const struct hv_platform *p = call->plat;
	uint64_t val = call->a[1];
	*msr_slot(call) = val;
	if (call->fn == MSR_KVM_WALL_CLOCK || call->fn == MSR_KVM_WALL_CLOCK_NEW)
		wall_clock_write(p, call->vcpu, val);
	else if (val & KVM_MSR_ENABLED)
		hv_kvm_x86_clock_update(p, call->vcpu, val & ~KVM_MSR_ENABLED);
}

#define KVMCLOCK_ROWS(fn)                                                                      \
	{ .id = MSR_KVM_WALL_CLOCK_NEW, .name = "MSR_KVM_WALL_CLOCK_NEW", .handler = fn,       \
	  .offered = offers_clocksource2 },                                                         \
	{ .id = MSR_KVM_SYSTEM_TIME_NEW, .name = "MSR_KVM_SYSTEM_TIME_NEW", .handler = fn,     \
	  .offered = offers_clocksource2 },                                                         \
	{ .id = MSR_KVM_WALL_CLOCK, .name = "MSR_KVM_WALL_CLOCK", .handler = fn,               \
	  .offered = offers_clocksource },                                                          \
	{ .id = MSR_KVM_SYSTEM_TIME, .name = "MSR_KVM_SYSTEM_TIME", .handler = fn,             \
	  .offered = offers_clocksource }

static const struct hv_func rdmsr_funcs[] = { KVMCLOCK_ROWS(msr_read) };
static const struct hv_func wrmsr_funcs[] = { KVMCLOCK_ROWS(msr_write) };

/*
 * A machine sends only the MSRs of offered features here
 * (x86_platform.hv_msrs); one that still finds no row reads 0 and
 * ignores the write rather than guess at a #GP hv/ cannot raise.
 */
const struct hv_abi hv_kvm_x86_rdmsr_abi = {
	.name = "kvm-x86-rdmsr",
	.funcs = rdmsr_funcs,
	.n = sizeof(rdmsr_funcs) / sizeof(rdmsr_funcs[0]),
	.n_args = 1,      /* ECX */
	.n_results = 1,   /* EDX:EAX */
	.prepare = msr_prepare,
	.encode_failure = zero_results,
};

const struct hv_abi hv_kvm_x86_wrmsr_abi = {
	.name = "kvm-x86-wrmsr",
	.funcs = wrmsr_funcs,
	.n = sizeof(wrmsr_funcs) / sizeof(wrmsr_funcs[0]),
	.n_args = 2,      /* ECX, EDX:EAX */
	.n_results = 0,
	.prepare = msr_prepare,
	.encode_failure = zero_results,
};

/* ------------------------------------------------------- hypercalls */

/* include/uapi/linux/kvm_para.h. */
enum { KVM_HC_VAPIC_POLL_IRQ = 1 };
#define KVM_ENOSYS 1000
#define KVM_EPERM 1    /* EPERM */
#define KVM_EINVAL 22  /* EINVAL */

/*
 * kvm_emulate_hypercall: a call from CPL > 0 fails with -KVM_EPERM before
 * the number is looked at; an unknown number with -KVM_ENOSYS.
 */
static void kvm_x86_fail(struct hv_call *call, enum hv_failure how)
{
	int64_t err = how == HV_FAIL_DENIED || call->level ? KVM_EPERM : how == HV_FAIL_INVALID ? KVM_EINVAL : KVM_ENOSYS;
	call->r[0] = (uint64_t)-err;
}

/* KVM_HC_VAPIC_POLL_IRQ: KVM answers 0; the exit itself lets pending interrupts in. */
static void hc_vapic_poll_irq(struct hv_call *call)
{
	if (call->level)
		kvm_x86_fail(call, HV_FAIL_DENIED);
	else
		call->r[0] = 0;
}

static const struct hv_func hcall_funcs[] = {
	{ .id = KVM_HC_VAPIC_POLL_IRQ, .name = "KVM_HC_VAPIC_POLL_IRQ", .handler = hc_vapic_poll_irq },
};

/* RAX the number, RBX, RCX, RDX, RSI the arguments (hypercalls.rst). */
static bool hcall_prepare(struct hv_call *call)
{
	call->fn = call->a[0];
	return true;
}

const struct hv_abi hv_kvm_x86_hcall_abi = {
	.name = "kvm-x86",
	.funcs = hcall_funcs,
	.n = sizeof(hcall_funcs) / sizeof(hcall_funcs[0]),
	.n_args = 5,
	.n_results = 1,   /* RAX */
	.prepare = hcall_prepare,
	.encode_failure = kvm_x86_fail,
};
