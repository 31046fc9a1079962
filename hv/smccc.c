/*
 * The SMC Calling Convention (Arm DEN0028, v1.1) as hvsim's KVM answers
 * it: the table of every function hvsim implements, and the dispatcher.
 */
#include "hv/hv.h"

/* SMCCC function id fields (DEN0028 2.5): bit 31 fast call, bit 30 SMC64. */
#define SMCCC_64 (1u << 30)

static const struct hv_func smccc_funcs[] = {
	/* Arm architecture calls (DEN0028 7). */
	{ 0x80000000, "SMCCC_VERSION", hv_smccc_version, false },
	{ 0x80000001, "SMCCC_ARCH_FEATURES", hv_smccc_arch_features, false },
	{ 0x80008000, "SMCCC_ARCH_WORKAROUND_1", hv_smccc_arch_workaround, false },
	{ 0x80007fff, "SMCCC_ARCH_WORKAROUND_2", hv_smccc_arch_workaround, false },
	{ 0x80003fff, "SMCCC_ARCH_WORKAROUND_3", hv_smccc_arch_workaround, false },
	/* PSCI 1.1 (Arm DEN0022D 5). */
	{ 0x84000000, "PSCI_VERSION", hv_psci_version, false },
	{ 0x84000001, "PSCI_CPU_SUSPEND", hv_psci_cpu_suspend, false },
	{ 0xc4000001, "PSCI_CPU_SUSPEND64", hv_psci_cpu_suspend, false },
	{ 0x84000002, "PSCI_CPU_OFF", hv_psci_cpu_off, false },
	{ 0x84000003, "PSCI_CPU_ON", hv_psci_cpu_on, false },
	{ 0xc4000003, "PSCI_CPU_ON64", hv_psci_cpu_on, false },
	{ 0x84000004, "PSCI_AFFINITY_INFO", hv_psci_affinity_info, false },
	{ 0xc4000004, "PSCI_AFFINITY_INFO64", hv_psci_affinity_info, false },
	{ 0x84000006, "PSCI_MIGRATE_INFO_TYPE", hv_psci_migrate_info_type, false },
	{ 0x84000008, "PSCI_SYSTEM_OFF", hv_psci_system_off, false },
	{ 0x84000009, "PSCI_SYSTEM_RESET", hv_psci_system_reset, false },
	{ 0x8400000a, "PSCI_FEATURES", hv_psci_features, false },
	/* KVM vendor hypervisor services (Documentation/virt/kvm/arm/hypercalls.rst). */
	{ 0x8600ff01, "KVM_CALL_UID", hv_kvm_uid, false },
	{ 0x86000000, "KVM_FEATURES", hv_kvm_features, false },
	{ 0x86000001, "KVM_PTP", hv_kvm_ptp, false },
	{ 0xc6000002, "KVM_HYP_MEMINFO", hv_kvm_hyp_meminfo, true },
	{ 0xc6000003, "KVM_MEM_SHARE", hv_kvm_mem_share, true },
	{ 0xc6000004, "KVM_MEM_UNSHARE", hv_kvm_mem_unshare, true },
};

const struct hv_abi hv_smccc_abi = {
	"smccc", smccc_funcs, sizeof(smccc_funcs) / sizeof(smccc_funcs[0]),
};

const struct hv_func *hv_find(const struct hv_abi *abi, uint32_t fn, const struct hv_platform *plat)
{
	for (size_t i = 0; i < abi->n; i++)
		if (abi->funcs[i].id == fn)
			return abi->funcs[i].protected_only && !plat->protected_vm ? NULL : &abi->funcs[i];
	return NULL;
}

const struct hv_func *hv_dispatch(const struct hv_abi *abi, struct hv_call *call)
{
	const struct hv_func *f = hv_find(abi, call->fn, call->plat);
	/* SMC32/HVC32 calls see only the low 32 bits of each argument (DEN0028 2.6). */
	if (!(call->fn & SMCCC_64))
		for (int i = 1; i < 8; i++)
			call->a[i] &= 0xffffffffu;
	call->r[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
	if (f)
		f->handler(call);
	return f;
}

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
