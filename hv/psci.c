/*
 * PSCI 1.1 (Arm DEN0022D), the power interface hvsim offers as KVM does
 * at EL1 (conduit HVC) and as firmware does at EL2 (conduit SMC).
 */
#include "hv/hv.h"

enum {
	PSCI_SUCCESS = 0,
	PSCI_NOT_SUPPORTED = -1,
	PSCI_INVALID_PARAMETERS = -2,
};

/* PSCI_VERSION: 1.1. */
void hv_psci_version(struct hv_call *call)
{
	call->r[0] = 0x10001;
}

/* PSCI_FEATURES(fn) (DEN0022D 5.1.14): 0 for implemented PSCI and SMCCC functions. */
void hv_psci_features(struct hv_call *call)
{
	uint32_t fn = (uint32_t)call->a[1];
	bool psci = (fn & 0xbfffffe0u) == 0x84000000u || fn == 0x80000000u;
	call->r[0] = psci && hv_find(&hv_smccc_abi, fn, call->plat) ? PSCI_SUCCESS :
		     (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
}

void hv_psci_cpu_on(struct hv_call *call)
{
	const struct hv_platform *p = call->plat;
	call->r[0] = (uint64_t)(p->cpu_on ? p->cpu_on(p->opaque, call->a[1], call->a[2], call->a[3])
				     : PSCI_NOT_SUPPORTED);
}

/*
 * CPU_SUSPEND(power_state, entry, context) (DEN0022D 5.1.2): like KVM, every
 * state is treated as standby: the CPU waits for an interrupt and returns
 * SUCCESS. Only StateType (bit 16) and StateID are defined in the original
 * format; other bits must be zero.
 */
void hv_psci_cpu_suspend(struct hv_call *call)
{
	const struct hv_platform *p = call->plat;
	if (call->a[1] & ~0x0301ffffull) {
		call->r[0] = (uint64_t)(int64_t)PSCI_INVALID_PARAMETERS;
		return;
	}
	if (p->cpu_suspend)
		p->cpu_suspend(p->opaque, call->vcpu);
	call->r[0] = PSCI_SUCCESS;
}

void hv_psci_cpu_off(struct hv_call *call)
{
	const struct hv_platform *p = call->plat;
	call->r[0] = (uint64_t)(p->cpu_off ? p->cpu_off(p->opaque, call->vcpu) : PSCI_NOT_SUPPORTED);
}

void hv_psci_affinity_info(struct hv_call *call)
{
	const struct hv_platform *p = call->plat;
	/* Only affinity level 0 is supported, as KVM does (DEN0022D 5.1.5). */
	if (call->a[2] != 0) {
		call->r[0] = (uint64_t)(int64_t)PSCI_INVALID_PARAMETERS;
		return;
	}
	call->r[0] = (uint64_t)(p->affinity_info ? p->affinity_info(p->opaque, call->a[1], 0)
					  : PSCI_NOT_SUPPORTED);
}

/* MIGRATE_INFO_TYPE: 2, no Trusted OS needs migration. */
void hv_psci_migrate_info_type(struct hv_call *call)
{
	call->r[0] = 2;
}

void hv_psci_system_off(struct hv_call *call)
{
	call->plat->system_off(call->plat->opaque);
	call->r[0] = 0;
}

void hv_psci_system_reset(struct hv_call *call)
{
	call->plat->system_reset(call->plat->opaque);
	call->r[0] = 0;
}
