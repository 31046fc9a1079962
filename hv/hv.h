/*
 * hvsim as the guest's hypervisor and firmware. Each hypercall ABI is one
 * table of {function id, name, handler}; trace, stats and the fault
 * injector read the same table. Every call of every machine goes through
 * one path (hv_call, call.c): route to the ABI, let the ABI prepare it,
 * find the row, the fault point before, the public hook, the handler, the
 * fault point after, the cost, the observers. A handler checks every
 * argument as a real hypervisor must and returns the architected result
 * in r[]. hv/ knows no CPU: the machine moves registers in and out.
 */
#ifndef HVSIM_HV_H
#define HVSIM_HV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem/mem.h"

struct hv_call;
struct hv_sev;

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
	/*
	 * LoongArch KVM's PV IPI: raise SWI0 on the vCPU with physical CPU id
	 * `cpuid` and wake it; false if there is no such vCPU.
	 */
	bool (*pv_ipi)(void *opaque, int from, uint64_t cpuid);
	/* LoongArch KVM's steal-time record of vCPU `vcpu`: its GPA with the valid bit, or 0. */
	void (*steal_time)(void *opaque, int vcpu, uint64_t gpa);
	/* The paravirtual features the machine offers (LoongArch, x86: their KVM_FEATURE_* bits). */
	uint64_t pv_features;
	/* x86 KVM's state behind its MSRs (kvm_x86.c), owned by the machine; NULL elsewhere. */
	struct hv_kvm_x86 *kvm_x86;
	/* The SEV-SNP hypervisor model's state (sev_ghcb.c), owned by the machine; NULL elsewhere. */
	struct hv_sev *sev;
};

/*
 * How an ABI encodes a failure in its results (hv_abi.encode_failure): what the
 * single path uses for calls no row answers, and what the fault injector
 * uses to fail a call the way the ABI would.
 */
enum hv_failure {
	HV_FAIL_NOT_SUPPORTED,    /* unknown function (SMCCC NOT_SUPPORTED, KVM -ENOSYS) */
	HV_FAIL_INVALID,          /* a bad argument (SMCCC INVALID_PARAMETER, KVM -EINVAL) */
	HV_FAIL_DENIED,           /* refused (SMCCC DENIED, KVM -EPERM) */
};

/* Who answered a call (stats count them apart). */
enum hv_answer { HV_BY_HANDLER, HV_BY_UNKNOWN, HV_BY_HOOK, HV_BY_FAULT };

/*
 * The most registers a call passes either way: SMCCC v1.2 uses x0-x17
 * (DEN0028 2.6); other ABIs fewer, or memory (the GHCB).
 */
#define HV_MAX_REGS 18

/* One call on its way through the single path (hv_call). */
struct hv_call {
	const struct hv_abi *abi; /* the ABI it speaks: routed, then nested rows' ABIs */
	const struct hv_func *row;/* the row that answers it; NULL: none (unknown) */
	uint64_t fn;              /* the function id, as the ABI reads it (hv_abi.prepare) */
	uint64_t a[HV_MAX_REGS];  /* arguments, in the CPU's calling order (SMCCC: a[0] = x0) */
	uint64_t r[HV_MAX_REGS];  /* results, zero unless set */
	int vcpu;
	int level;                /* privilege level of the caller (EL, PLV, CPL) */
	uint8_t conduit;          /* the instruction (core_exit_info.conduit) */
	const char *conduit_name; /* "hvc", "smc", "hvcl", "vmmcall", "cpuid"... */
	uint32_t immediate;       /* the instruction's immediate */
	uint32_t context;         /* the caller's register context (VMPL, L2 partition) */
	uint64_t cost;            /* modelled cycles the call took (the world switch, any delay) */
	enum hv_answer by;
	const struct hv_platform *plat;
};

struct hv_func {
	uint32_t id;
	const char *name;
	void (*handler)(struct hv_call *call);
	/* Offered to this VM? NULL: always (pKVM's calls: to protected VMs only). */
	bool (*offered)(const struct hv_platform *plat);
	/*
	 * A two-level ABI (TDCALL -> TDG.VP.VMCALL, a GHCB exit code): the
	 * call is answered by this ABI's rows instead of `handler`.
	 */
	const struct hv_abi *nested;
};

struct hv_abi {
	const char *name;         /* "smccc": what traces, stats and fault rules call it */
	const struct hv_func *funcs;
	size_t n;
	unsigned n_args, n_results; /* registers the CPU passes and takes back */
	/*
	 * An identification table read by an instruction (LoongArch cpucfg,
	 * x86 CPUID hypervisor leaves) rather than a call: fn is the leaf.
	 */
	bool ident;
	/*
	 * Read the function id into call->fn and apply the ABI's own argument
	 * rules (SMCCC32 sees 32-bit arguments). False: this is not a call of
	 * the ABI at all (SMCCC with a nonzero immediate): answered as unknown.
	 */
	bool (*prepare)(struct hv_call *call);
	/* Encode `how` in call->r as the ABI encodes a failure. */
	void (*encode_failure)(struct hv_call *call, enum hv_failure how);
};

/* Which ABI answers a conduit (and an immediate, unless any_imm) on this machine. */
struct hv_route {
	uint8_t conduit;
	bool any_imm;
	uint32_t immediate;
	const struct hv_abi *abi;
};

/*
 * The fault injector's two points on the path (the injector is its own
 * issue; tests install a stub). `before` may answer the call itself (fail
 * it, drop it) and return true so that neither the hook nor the handler
 * runs; `after` may change the answer (corrupt results, add delay cycles
 * to call->cost).
 */
struct hv_faults {
	bool (*before)(void *opaque, struct hv_call *call);
	void (*after)(void *opaque, struct hv_call *call);
	void *opaque;
};

/*
 * A machine's hypercall path: its routes, the platform its handlers act
 * on, the public hook, the fault points and the observer (stats, traces).
 */
struct hv_path {
	const struct hv_route *routes;
	size_t n_routes;
	const struct hv_platform *plat;
	uint64_t world_switch;    /* cycles of a call's round trip to the host (timing model) */
	/*
	 * Charge a vCPU the cycles a call costs it: the world switch before
	 * the handler runs (a handler reading the guest's clock sees the time
	 * the round trip took, as under a real hypervisor), any injected delay
	 * after it.
	 */
	void (*charge)(void *opaque, int vcpu, uint64_t cycles);
	void *charge_opaque;
	/* The embedding user's hook: true if it answered (results in call->r). */
	bool (*hook)(void *opaque, struct hv_call *call);
	void *hook_opaque;
	struct hv_faults faults;
	/* Told of every call once answered, with its cost and who answered. */
	void (*observe)(void *opaque, const struct hv_call *call);
	void *observe_opaque;
	uint64_t n_calls;
};

/* The ABI that answers (conduit, immediate), or NULL if the machine routes none there. */
const struct hv_abi *hv_route_find(const struct hv_path *p, uint8_t conduit, uint32_t immediate);
/*
 * The single path every hypercall and identification instruction of every
 * machine takes. The caller sets call->abi (hv_route_find), the arguments
 * (abi->n_args of them) and the caller's identity; on return call->r holds
 * abi->n_results results for the CPU, call->cost the cycles to charge.
 * Unrouted calls (abi NULL) are answered as unknown with no results.
 */
void hv_call(struct hv_path *p, struct hv_call *call);
/*
 * Every ABI a path can reach (its routes' and their nested rows'), each
 * once, into out[max]; returns how many there are. Stats size their
 * counters by it.
 */
size_t hv_path_abis(const struct hv_path *p, const struct hv_abi **out, size_t max);
/* Find the row for fn in abi (NULL if none, or not offered to this VM). */
const struct hv_func *hv_find(const struct hv_abi *abi, uint64_t fn, const struct hv_platform *plat);
/* "offered" predicates. */
bool hv_offered_protected(const struct hv_platform *plat);

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

/*
 * LoongArch KVM (kvm_loongarch.c; Documentation/virt/kvm/loongarch/
 * hypercalls.rst): HVCL by its code, whose KVM_HCALL_SERVICE row nests
 * the service ABI keyed by a0; and the identification leaves CPUCFG reads
 * at 0x40000000-0x400000ff.
 */
extern const struct hv_abi hv_hvcl_abi;
extern const struct hv_abi hv_kvm_loongarch_abi;
extern const struct hv_abi hv_kvm_loongarch_cpucfg_abi;
/* KVM_FEATURE_* bits of CPUCFG 0x40000004 (uapi asm/kvm_para.h). */
enum {
	HV_LA_FEATURE_IPI = 1u << 1,
	HV_LA_FEATURE_STEAL_TIME = 1u << 2,
	HV_LA_FEATURE_PREEMPT = 1u << 3,
};
/*
 * Update a vCPU's registered steal-time record (struct kvm_steal_time at
 * gpa & ~0x3f) as KVM does when it loads the vCPU: version made odd, the
 * stolen time added, version made even. Host writes: refused (and counted)
 * on a page the guest did not share.
 */
void hv_kvm_la_steal_update(const struct hv_platform *plat, uint64_t gpa, uint64_t stolen);
/*
 * The record's `preempted` byte, when the machine offers PREEMPT: set as
 * KVM sets it when it schedules a runnable vCPU out, cleared when it runs
 * again (kvm_vcpu_set_pv_preempted; no version change).
 */
void hv_kvm_la_set_preempted(const struct hv_platform *plat, uint64_t gpa, bool preempted);

/*
 * x86 KVM (kvm_x86.c): the CPUID leaves 0x40000000-0x400000ff
 * (X86_CONDUIT_CPUID), the kvmclock MSRs (X86_CONDUIT_RDMSR, _WRMSR) and
 * the VMCALL/VMMCALL hypercalls. The TSC is plat->counter(.., true),
 * wall time plat->wall_ns.
 */
extern const struct hv_abi hv_kvm_x86_cpuid_abi;
extern const struct hv_abi hv_kvm_x86_rdmsr_abi;
extern const struct hv_abi hv_kvm_x86_wrmsr_abi;
extern const struct hv_abi hv_kvm_x86_hcall_abi;
/* KVM_FEATURE_* bits of CPUID 0x40000001 EAX (uapi asm/kvm_para.h). */
enum {
	HV_X86_FEATURE_CLOCKSOURCE = 1u << 0,
	HV_X86_FEATURE_CLOCKSOURCE2 = 1u << 3,
	HV_X86_FEATURE_CLOCKSOURCE_STABLE = 1u << 24,
};
/* What the kvmclock MSRs keep: the values last written, per VM and per vCPU. */
struct hv_kvm_x86 {
	uint64_t tsc_hz;          /* the rate the TSC counts virtual time at */
	uint64_t wall_clock;      /* MSR_KVM_WALL_CLOCK(_NEW) */
	uint64_t *system_time;    /* MSR_KVM_SYSTEM_TIME(_NEW), n_vcpus of them */
	unsigned n_vcpus;
};
/* pvclock's scale for a TSC rate: ns = ((tsc <<|>> shift) * mul) >> 32. */
void hv_kvm_x86_time_scale(uint64_t tsc_hz, uint32_t *mul, int8_t *shift);
/* Write vCPU `vcpu`'s pvclock_vcpu_time_info at gpa from the TSC now (kvm_guest_time_update). */
void hv_kvm_x86_clock_update(const struct hv_platform *plat, int vcpu, uint64_t gpa);

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
void hv_kvm_mmio_guard(struct hv_call *call);

#endif
