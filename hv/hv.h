/*
 * hvsim as the guest's hypervisor and firmware. Each hypercall ABI is one
 * table of {function id, name, handler}; trace, stats and the fault
 * injector read the same table. A handler checks every argument as a real
 * hypervisor must and returns the architected result in r[].
 */
#ifndef HVSIM_HV_H
#define HVSIM_HV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem/mem.h"

struct hv_call;

/* What a machine lets its hypervisor models do. */
struct hv_platform {
	void *opaque;
	struct mem_space *mem;
	bool protected_vm;        /* pKVM-style protected guest: RAM starts private */
	void (*system_off)(void *opaque);
	void (*system_reset)(void *opaque);
	/* PSCI CPU_ON/CPU_OFF/AFFINITY_INFO: return a PSCI status. */
	int64_t (*cpu_on)(void *opaque, uint64_t mpidr, uint64_t entry, uint64_t context_id);
	int64_t (*cpu_off)(void *opaque, int vcpu);
	int64_t (*affinity_info)(void *opaque, uint64_t mpidr, uint64_t level);
	/* The guest's generic counter: physical (CNTPCT) or virtual (CNTVCT) view. */
	uint64_t (*counter)(void *opaque, int vcpu, bool physical);
	/* Wall-clock time in ns since the Unix epoch, on virtual time (the RTC's clock). */
	uint64_t (*wall_ns)(void *opaque, int vcpu);
	/* PSCI CPU_SUSPEND: the caller sleeps until its next interrupt (as WFI). */
	void (*cpu_suspend)(void *opaque, int vcpu);
};

struct hv_call {
	uint32_t fn;              /* function id */
	uint64_t a[8];            /* arguments: a[1..7] = x1..x7 (a[0] = x0) */
	uint64_t r[4];            /* results: x0..x3 */
	int vcpu;
	int level;                /* EL of the caller */
	bool is_smc;
	const struct hv_platform *plat;
};

struct hv_func {
	uint32_t id;
	const char *name;
	void (*handler)(struct hv_call *call);
	bool protected_only;      /* offered only to protected VMs */
};

struct hv_abi {
	const char *name;
	const struct hv_func *funcs;
	size_t n;
};

/* SMCCC (Arm DEN0028) return codes, shared by PSCI and the vendor services. */
enum {
	SMCCC_SUCCESS = 0,
	SMCCC_NOT_SUPPORTED = -1,
	SMCCC_NOT_REQUIRED = -2,
	SMCCC_INVALID_PARAMETER = -3,
	/* SMCCC_ARCH_FEATURES of a firmware workaround: the CPU is not affected. */
	SMCCC_ARCH_WORKAROUND_UNAFFECTED = 1,
};

/* The arm64 SMCCC ABI: arch calls, PSCI and the KVM vendor hypervisor services. */
extern const struct hv_abi hv_smccc_abi;

/* Find the row for fn in abi (NULL if none, or not offered to this VM). */
const struct hv_func *hv_find(const struct hv_abi *abi, uint32_t fn, const struct hv_platform *plat);
/* Dispatch: answer the call (unknown ids get NOT_SUPPORTED). Returns the row or NULL. */
const struct hv_func *hv_dispatch(const struct hv_abi *abi, struct hv_call *call);

/* Handlers, grouped by the service that defines them. */
void hv_smccc_version(struct hv_call *call);
void hv_smccc_arch_features(struct hv_call *call);
void hv_smccc_arch_workaround(struct hv_call *call);
void hv_psci_version(struct hv_call *call);
void hv_psci_features(struct hv_call *call);
void hv_psci_cpu_on(struct hv_call *call);
void hv_psci_cpu_suspend(struct hv_call *call);
void hv_psci_cpu_off(struct hv_call *call);
void hv_psci_affinity_info(struct hv_call *call);
void hv_psci_migrate_info_type(struct hv_call *call);
void hv_psci_system_off(struct hv_call *call);
void hv_psci_system_reset(struct hv_call *call);
void hv_kvm_uid(struct hv_call *call);
void hv_kvm_features(struct hv_call *call);
void hv_kvm_ptp(struct hv_call *call);
void hv_kvm_hyp_meminfo(struct hv_call *call);
void hv_kvm_mem_share(struct hv_call *call);
void hv_kvm_mem_unshare(struct hv_call *call);

#endif
