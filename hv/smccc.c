/*
 * The SMC Calling Convention (Arm DEN0028, v1.1) as hvsim's KVM answers
 * it: the table of every function hvsim implements, and the ABI's rules
 * (which calls are SMCCC calls, SMC32 arguments, how a failure reads).
 */
#include "hv/hv.h"

/* SMCCC function id fields (DEN0028 2.5): bit 31 fast call, bit 30 SMC64. */
#define SMCCC_64 (1u << 30)

/* A row: {function id, name, handler}; pKVM's calls are offered to protected VMs only. */
#define CALL(i, n, h) { .id = (i), .name = (n), .handler = (h) }
#define PKVM(i, n, h) { .id = (i), .name = (n), .handler = (h), .offered = hv_offered_protected }

static const struct hv_func smccc_funcs[] = {
	/* Arm architecture calls (DEN0028 7). */
	CALL(0x80000000, "SMCCC_VERSION", hv_smccc_version),
	CALL(0x80000001, "SMCCC_ARCH_FEATURES", hv_smccc_arch_features),
	CALL(0x80008000, "SMCCC_ARCH_WORKAROUND_1", hv_smccc_arch_workaround),
	CALL(0x80007fff, "SMCCC_ARCH_WORKAROUND_2", hv_smccc_arch_workaround),
	CALL(0x80003fff, "SMCCC_ARCH_WORKAROUND_3", hv_smccc_arch_workaround),
	/* PSCI 1.1 (Arm DEN0022D 5). */
	CALL(0x84000000, "PSCI_VERSION", hv_psci_version),
	CALL(0x84000001, "PSCI_CPU_SUSPEND", hv_psci_cpu_suspend),
	CALL(0xc4000001, "PSCI_CPU_SUSPEND64", hv_psci_cpu_suspend),
	CALL(0x84000002, "PSCI_CPU_OFF", hv_psci_cpu_off),
	CALL(0x84000003, "PSCI_CPU_ON", hv_psci_cpu_on),
	CALL(0xc4000003, "PSCI_CPU_ON64", hv_psci_cpu_on),
	CALL(0x84000004, "PSCI_AFFINITY_INFO", hv_psci_affinity_info),
	CALL(0xc4000004, "PSCI_AFFINITY_INFO64", hv_psci_affinity_info),
	CALL(0x84000006, "PSCI_MIGRATE_INFO_TYPE", hv_psci_migrate_info_type),
	CALL(0x84000008, "PSCI_SYSTEM_OFF", hv_psci_system_off),
	CALL(0x84000009, "PSCI_SYSTEM_RESET", hv_psci_system_reset),
	CALL(0x8400000a, "PSCI_FEATURES", hv_psci_features),
	/* KVM vendor hypervisor services (Documentation/virt/kvm/arm/hypercalls.rst). */
	CALL(0x8600ff01, "KVM_CALL_UID", hv_kvm_uid),
	CALL(0x86000000, "KVM_FEATURES", hv_kvm_features),
	CALL(0x86000001, "KVM_PTP", hv_kvm_ptp),
	PKVM(0xc6000002, "KVM_HYP_MEMINFO", hv_kvm_hyp_meminfo),
	PKVM(0xc6000003, "KVM_MEM_SHARE", hv_kvm_mem_share),
	PKVM(0xc6000004, "KVM_MEM_UNSHARE", hv_kvm_mem_unshare),
	PKVM(0xc6000007, "KVM_MMIO_GUARD", hv_kvm_mmio_guard),
};

/*
 * An SMCCC call is an HVC or SMC with immediate 0 (DEN0028 2.3; other
 * immediates are not ours to answer); the function id is w0. SMC32/HVC32
 * calls see only the low 32 bits of each argument (DEN0028 2.6).
 */
static bool smccc_prepare(struct hv_call *call)
{
	if (call->immediate != 0)
		return false;
	call->fn = (uint32_t)call->a[0];
	if (!(call->fn & SMCCC_64))
		for (unsigned i = 1; i < HV_MAX_REGS; i++)
			call->a[i] &= 0xffffffffu;
	return true;
}

/*
 * A failure in x0: PSCI functions (function numbers 0x00-0x1f of the
 * standard service, DEN0022D 5.2.2) use PSCI's codes, everything else
 * SMCCC's (DEN0028 7.1).
 */
static void smccc_fail(struct hv_call *call, enum hv_failure how)
{
	static const int64_t smccc[] = {
		[HV_FAIL_NOT_SUPPORTED] = SMCCC_NOT_SUPPORTED,
		[HV_FAIL_INVALID] = SMCCC_INVALID_PARAMETER,
		[HV_FAIL_DENIED] = SMCCC_NOT_SUPPORTED,   /* SMCCC has no "denied" */
	};
	static const int64_t psci[] = {
		[HV_FAIL_NOT_SUPPORTED] = -1, [HV_FAIL_INVALID] = -2, [HV_FAIL_DENIED] = -3,
	};
	bool is_psci = (call->fn & 0xbfffffe0u) == 0x84000000u;
	call->r[0] = (uint64_t)(is_psci ? psci[how] : smccc[how]);
}

const struct hv_abi hv_smccc_abi = {
	.name = "smccc",
	.funcs = smccc_funcs,
	.n = sizeof(smccc_funcs) / sizeof(smccc_funcs[0]),
	.n_args = 8,      /* SMCCC v1.1, the version hvsim reports: x0-x7 in, x0-x3 out */
	.n_results = 4,
	.prepare = smccc_prepare,
	.encode_failure = smccc_fail,
};

/* SMCCC_VERSION: 1.1 (major 1, minor 1), as KVM reports. */
void hv_smccc_version(struct hv_call *call)
{
	call->r[0] = 0x10001;
}

/*
 * SMCCC_ARCH_FEATURES(fn) (DEN0028 7.2): 0 for an implemented architecture
 * call. For the firmware workarounds KVM answers from the host CPU's state;
 * hvsim's host has no speculative execution, so it answers as KVM does on
 * an unaffected CPU: WORKAROUND_1 and _3 "not affected" (1), _2 "not
 * required" (-2).
 */
void hv_smccc_arch_features(struct hv_call *call)
{
	uint32_t fn = (uint32_t)call->a[1];
	switch (fn) {
	case 0x80008000:
	case 0x80003fff:
		call->r[0] = SMCCC_ARCH_WORKAROUND_UNAFFECTED;
		return;
	case 0x80007fff:
		call->r[0] = (uint64_t)(int64_t)SMCCC_NOT_REQUIRED;
		return;
	}
	bool arch = (fn & 0xffff0000u) == 0x80000000u;
	call->r[0] = arch && hv_find(&hv_smccc_abi, fn, call->plat) ? 0 :
		     (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
}

/* The workaround calls themselves: nothing to flush on an unaffected CPU. */
void hv_smccc_arch_workaround(struct hv_call *call)
{
	call->r[0] = SMCCC_SUCCESS;
}
