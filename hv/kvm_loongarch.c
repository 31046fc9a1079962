/*
 * hvsim as LoongArch KVM (Documentation/virt/kvm/loongarch/hypercalls.rst,
 * Linux arch/loongarch/kvm/exit.c): HVCL's codes, the KVM service calls
 * (PV IPI and the steal-time notification), and the identification leaves
 * CPUCFG reads at 0x40000000. Each answer is what KVM returns in the same
 * case; the source it mirrors is named at each.
 */
#include <string.h>

#include "hv/hv.h"

/* HVCL codes (asm/kvm_para.h: HYPERCALL_ENCODE(HYPERVISOR_KVM, code)). */
enum { HVCL_SERVICE = 0x100, HVCL_SWDBG = 0x101, HVCL_USER_SERVICE = 0x102 };
/* Service functions in a0 and the return codes. */
enum { KVM_HCALL_FUNC_IPI = 1, KVM_HCALL_FUNC_NOTIFY = 2 };
#define KVM_HCALL_SUCCESS 0
#define KVM_HCALL_INVALID_CODE ((uint64_t)-1)
#define KVM_HCALL_INVALID_PARAMETER ((uint64_t)-2)
/* The steal-time GPA (uapi asm/kvm_para.h): 64-byte aligned, bit 0 = valid. */
#define KVM_STEAL_PHYS_VALID 1ull
#define KVM_STEAL_PHYS_MASK (~0x3full)

static bool offers(const struct hv_platform *plat, uint64_t feature)
{
	return (plat->pv_features & feature) != 0;
}

static bool offers_ipi(const struct hv_platform *plat)
{
	return offers(plat, HV_LA_FEATURE_IPI);
}

static bool offers_steal_time(const struct hv_platform *plat)
{
	return offers(plat, HV_LA_FEATURE_STEAL_TIME);
}

/* Every failure reads as a code in a0: -1 (not implemented), -2 (bad parameter). */
static void kvm_la_fail(struct hv_call *call, enum hv_failure how)
{
	call->r[0] = how == HV_FAIL_INVALID ? KVM_HCALL_INVALID_PARAMETER : KVM_HCALL_INVALID_CODE;
}

/*
 * KVM_HCALL_FUNC_IPI (kvm_send_pv_ipi): a1:a2 is a 128-bit bitmap of
 * physical CPU ids from a3; each existing one gets SWI0 and is woken, the
 * others are skipped. Always SUCCESS. KVM keeps a3 as an unsigned int,
 * adds the bit's number in 32 bits and looks the sum up as an int
 * (kvm_get_vcpu_by_cpuid): a3's high half is ignored, an id past
 * 0xffffffff wraps to the low CPUs, and one of 2^31 or more (negative) is
 * no CPU.
 */
static void kvm_la_ipi(struct hv_call *call)
{
	const struct hv_platform *p = call->plat;
	uint32_t min = (uint32_t)call->a[3];
	for (unsigned half = 0; half < 2; half++)
		for (uint64_t bits = call->a[1 + half]; bits; bits &= bits - 1) {
			uint32_t cpu = min + half * 64 + (uint32_t)__builtin_ctzll(bits);
			if ((int32_t)cpu >= 0)
				p->pv_ipi(p->opaque, call->vcpu, cpu);
		}
	call->r[0] = KVM_HCALL_SUCCESS;
}

/*
 * KVM_HCALL_FUNC_NOTIFY (kvm_save_notify): a1 must be
 * BIT(KVM_FEATURE_STEAL_TIME) (else INVALID_CODE); a2 the record's GPA,
 * 64-byte aligned, with the valid bit (else INVALID_PARAMETER); a2 without
 * the valid bit turns the record off.
 */
static void kvm_la_notify(struct hv_call *call)
{
	const struct hv_platform *p = call->plat;
	uint64_t id = call->a[1], data = call->a[2];
	if (id != HV_LA_FEATURE_STEAL_TIME) {
		call->r[0] = KVM_HCALL_INVALID_CODE;
		return;
	}
	if (data & ~(KVM_STEAL_PHYS_MASK | KVM_STEAL_PHYS_VALID)) {
		call->r[0] = KVM_HCALL_INVALID_PARAMETER;
		return;
	}
	p->steal_time(p->opaque, call->vcpu, data & KVM_STEAL_PHYS_VALID ? data : 0);
	call->r[0] = KVM_HCALL_SUCCESS;
}

static const struct hv_func service_funcs[] = {
	{ .id = KVM_HCALL_FUNC_IPI, .name = "KVM_HCALL_FUNC_IPI", .handler = kvm_la_ipi,
	  .offered = offers_ipi },
	{ .id = KVM_HCALL_FUNC_NOTIFY, .name = "KVM_HCALL_FUNC_NOTIFY", .handler = kvm_la_notify,
	  .offered = offers_steal_time },
};

/* The service's function id is a0 (kvm_handle_service). */
static bool service_prepare(struct hv_call *call)
{
	call->fn = call->a[0];
	return true;
}

const struct hv_abi hv_kvm_loongarch_abi = {
	.name = "kvm-loongarch",
	.funcs = service_funcs,
	.n = sizeof(service_funcs) / sizeof(service_funcs[0]),
	.n_args = 6,      /* a0 = function, a1-a5 arguments */
	.n_results = 1,   /* a0 */
	.prepare = service_prepare,
	.encode_failure = kvm_la_fail,
};

/*
 * SWDBG and USER_SERVICE (kvm_handle_hypercall): without a debugger's
 * software breakpoints, and without KVM_FEATURE_USER_HCALL, which hvsim
 * does not offer, KVM answers both with INVALID_CODE in a0.
 */
static void hvcl_not_enabled(struct hv_call *call)
{
	call->r[0] = KVM_HCALL_INVALID_CODE;
}

static const struct hv_func hvcl_funcs[] = {
	{ .id = HVCL_SERVICE, .name = "KVM_HCALL_SERVICE", .nested = &hv_kvm_loongarch_abi },
	{ .id = HVCL_SWDBG, .name = "KVM_HCALL_SWDBG", .handler = hvcl_not_enabled },
	{ .id = HVCL_USER_SERVICE, .name = "KVM_HCALL_USER_SERVICE", .handler = hvcl_not_enabled },
};

/* HVCL's code is the instruction's immediate; any other code is a no-op returning -1. */
static bool hvcl_prepare(struct hv_call *call)
{
	call->fn = call->immediate;
	return true;
}

const struct hv_abi hv_hvcl_abi = {
	.name = "hvcl",
	.funcs = hvcl_funcs,
	.n = sizeof(hvcl_funcs) / sizeof(hvcl_funcs[0]),
	.n_args = 6,
	.n_results = 1,
	.prepare = hvcl_prepare,
	.encode_failure = kvm_la_fail,
};

/* ---------------------------------------------------------- CPUCFG */

/* CPUCFG_KVM_SIG: "KVM\0" as a little-endian word (KVM_SIGNATURE). */
static void cpucfg_signature(struct hv_call *call)
{
	static const char sig[4] = { 'K', 'V', 'M', 0 };
	uint32_t w;
	memcpy(&w, sig, 4);
	call->r[0] = w;
}

/* CPUCFG_KVM_FEATURE: the PV features this VM has (kvm->arch.pv_features). */
static void cpucfg_features(struct hv_call *call)
{
	call->r[0] = call->plat->pv_features;
}

static const struct hv_func cpucfg_funcs[] = {
	{ .id = 0x40000000, .name = "CPUCFG_KVM_SIG", .handler = cpucfg_signature },
	{ .id = 0x40000004, .name = "CPUCFG_KVM_FEATURE", .handler = cpucfg_features },
};

/* The leaf; the rest of 0x40000000-0x400000ff reads 0 (kvm_emu_cpucfg's default). */
static bool cpucfg_prepare(struct hv_call *call)
{
	call->fn = call->a[0];
	return true;
}

static void cpucfg_unknown(struct hv_call *call, enum hv_failure how)
{
	call->r[0] = 0;
}

const struct hv_abi hv_kvm_loongarch_cpucfg_abi = {
	.name = "kvm-loongarch-cpucfg",
	.funcs = cpucfg_funcs,
	.n = sizeof(cpucfg_funcs) / sizeof(cpucfg_funcs[0]),
	.n_args = 1,
	.n_results = 1,
	.ident = true,
	.prepare = cpucfg_prepare,
	.encode_failure = cpucfg_unknown,
};

/* ------------------------------------------------------- steal time */

/* struct kvm_steal_time (uapi asm/kvm_para.h). */
#define ST_STEAL 0
#define ST_VERSION 8
#define ST_PREEMPTED 16

void hv_kvm_la_steal_update(const struct hv_platform *plat, uint64_t gpa, uint64_t stolen)
{
	uint64_t base = gpa & KVM_STEAL_PHYS_MASK, steal;
	uint32_t version;
	if (!(gpa & KVM_STEAL_PHYS_VALID) || !mem_host_read(plat->mem, base + ST_VERSION, &version, 4) ||
	    !mem_host_read(plat->mem, base + ST_STEAL, &steal, 8))
		return;
	/* kvm_update_stolen_time: an odd version is first-time junk; odd while writing. */
	version += (version & 1) + 1;
	mem_host_write(plat->mem, base + ST_VERSION, &version, 4);
	steal += stolen;
	mem_host_write(plat->mem, base + ST_STEAL, &steal, 8);
	version++;
	mem_host_write(plat->mem, base + ST_VERSION, &version, 4);
}

void hv_kvm_la_set_preempted(const struct hv_platform *plat, uint64_t gpa, bool preempted)
{
	if (!(gpa & KVM_STEAL_PHYS_VALID) || !offers(plat, HV_LA_FEATURE_PREEMPT))
		return;
	uint8_t flag = preempted ? 1 : 0;   /* KVM_VCPU_PREEMPTED */
	mem_host_write(plat->mem, (gpa & KVM_STEAL_PHYS_MASK) + ST_PREEMPTED, &flag, 1);
}
