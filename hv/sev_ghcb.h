/*
 * hvsim as the untrusted hypervisor of an SEV-SNP guest: the host side of
 * AMD's GHCB protocol (GHCB specification 56421; KVM's arch/x86/kvm/svm/
 * sev.c is the reference for what a hypervisor checks). The guest writes
 * the GHCB MSR (0xC0010130) and executes VMGEXIT; the machine sends the
 * MSR's value through the single hypercall path (hv_call) to the ABI
 * hv_sev_ghcb_msr_abi, and sets the MSR to call->r[0] afterwards.
 *
 *   - GHCBInfo (MSR bits 11:0) nonzero: the MSR protocol, one row per
 *     request (SEV_INFO, CPUID, REG_GPA, PSC, VMPL_REQ, HV_FEATURES,
 *     TERMINATE); the answer is the MSR's new value.
 *   - GHCBInfo zero: the MSR holds the GPA of the vCPU's GHCB page. That
 *     row nests hv_sev_ghcb_abi, keyed by the GHCB's sw_exit_code (CPUID,
 *     IOIO, MSR, VMMCALL, MMIO, PSC, AP_CREATION, ...); the answer is
 *     written into the GHCB (sw_exit_info_1/2, RAX-RDX, the valid bitmap)
 *     through mem/'s host accessors, and r[0] is the unchanged MSR.
 *
 * Everything hvsim does to the machine on the guest's behalf goes through
 * struct hv_sev_ops (the TSC of RDTSC exits is hv_platform.counter); the per-VM state is struct hv_sev, which the machine
 * hangs off hv_platform.sev. hv/ knows no CPU: registers travel in the
 * GHCB, and the CPU side (VMGEXIT, the MSR, #VC) is the machine's.
 */
#ifndef HVSIM_HV_SEV_GHCB_H
#define HVSIM_HV_SEV_GHCB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/hv.h"

/* The GHCB protocol versions hvsim speaks (SEV_INFO's max and min). */
#define HV_SEV_GHCB_VERSION_MAX 2
#define HV_SEV_GHCB_VERSION_MIN 1

/* GHCB MSR protocol requests (GHCBInfo, MSR bits 11:0; Linux asm/sev-common.h). */
enum {
	HV_GHCB_MSR_GHCB_GPA = 0x000,     /* not a request: the MSR holds the GHCB's GPA */
	HV_GHCB_MSR_SEV_INFO_RESP = 0x001,
	HV_GHCB_MSR_SEV_INFO_REQ = 0x002,
	HV_GHCB_MSR_CPUID_REQ = 0x004,
	HV_GHCB_MSR_CPUID_RESP = 0x005,
	HV_GHCB_MSR_REG_GPA_REQ = 0x012,
	HV_GHCB_MSR_REG_GPA_RESP = 0x013,
	HV_GHCB_MSR_PSC_REQ = 0x014,
	HV_GHCB_MSR_PSC_RESP = 0x015,
	HV_GHCB_MSR_VMPL_REQ = 0x016,
	HV_GHCB_MSR_VMPL_RESP = 0x017,
	HV_GHCB_MSR_HV_FT_REQ = 0x080,
	HV_GHCB_MSR_HV_FT_RESP = 0x081,
	HV_GHCB_MSR_TERM_REQ = 0x100,
};

/* GHCB page exit codes (sw_exit_code; SVM exit codes, Linux uapi asm/svm.h). */
enum {
	HV_GHCB_EXIT_READ_DR7 = 0x27,
	HV_GHCB_EXIT_WRITE_DR7 = 0x37,
	HV_GHCB_EXIT_RDTSC = 0x6e,
	HV_GHCB_EXIT_CPUID = 0x72,
	HV_GHCB_EXIT_IOIO = 0x7b,
	HV_GHCB_EXIT_MSR = 0x7c,
	HV_GHCB_EXIT_VMMCALL = 0x81,
	HV_GHCB_EXIT_RDTSCP = 0x87,
	HV_GHCB_EXIT_WBINVD = 0x89,
	HV_GHCB_EXIT_MONITOR = 0x8a,
	HV_GHCB_EXIT_MWAIT = 0x8b,
	HV_GHCB_EXIT_MMIO_READ = 0x80000001,
	HV_GHCB_EXIT_MMIO_WRITE = 0x80000002,
	HV_GHCB_EXIT_NMI_COMPLETE = 0x80000003,
	HV_GHCB_EXIT_AP_JUMP_TABLE = 0x80000005,
	HV_GHCB_EXIT_PSC = 0x80000010,
	HV_GHCB_EXIT_GUEST_REQUEST = 0x80000011,
	HV_GHCB_EXIT_EXT_GUEST_REQUEST = 0x80000012,
	HV_GHCB_EXIT_AP_CREATION = 0x80000013,
	HV_GHCB_EXIT_SNP_RUN_VMPL = 0x80000018,
	HV_GHCB_EXIT_HV_FEATURES = 0x8000fffd,
	HV_GHCB_EXIT_TERM_REQUEST = 0x8000fffe,
};

/* HV_FEATURES bits (GHCB spec "Hypervisor Feature Support"; asm/sev-common.h GHCB_HV_FT_*). */
enum {
	HV_GHCB_FT_SNP = 1u << 0,
	HV_GHCB_FT_SNP_AP_CREATION = 1u << 1,
	HV_GHCB_FT_SNP_MULTI_VMPL = 1u << 5,
};

/* AP_CREATION requests (sw_exit_info_1 bits 15:0; asm/svm.h SVM_VMGEXIT_AP_*). */
enum {
	HV_GHCB_AP_CREATE_ON_INIT = 0,
	HV_GHCB_AP_CREATE = 1,
	HV_GHCB_AP_DESTROY = 2,
};

/*
 * What the GHCB handlers ask of the machine. `vcpu` is the caller. Each
 * returns whether the machine could do it; a false becomes the error
 * the guest sees, as KVM would report it.
 */
struct hv_sev_ops {
	/* CPUID leaf/subleaf as the guest's CPU reports it (XCR0 for leaf 0xD): EAX, EBX, ECX, EDX. */
	void (*cpuid)(void *opaque, int vcpu, uint32_t leaf, uint32_t subleaf, uint64_t xcr0,
		      uint32_t out[4]);
	/* Port I/O of size 1, 2 or 4 bytes. */
	uint32_t (*io_in)(void *opaque, int vcpu, uint16_t port, unsigned size);
	void (*io_out)(void *opaque, int vcpu, uint16_t port, unsigned size, uint32_t value);
	/* MSR access; false: the MSR does not exist (#GP to the guest). */
	bool (*rdmsr)(void *opaque, int vcpu, uint32_t msr, uint64_t *value);
	bool (*wrmsr)(void *opaque, int vcpu, uint32_t msr, uint64_t value);
	/* MMIO of len (1-8) bytes at gpa; false: no device there. */
	bool (*mmio_read)(void *opaque, int vcpu, uint64_t gpa, void *buf, unsigned len);
	bool (*mmio_write)(void *opaque, int vcpu, uint64_t gpa, const void *buf, unsigned len);
	/*
	 * Page state change of npages 4 KiB pages from gpa (page-aligned) to
	 * private (RMP assigned) or shared; `huge` when the guest asked for
	 * one 2 MiB page (gpa 2 MiB-aligned, npages 512), which the machine
	 * may honour as one RMP entry or split. False: refused.
	 */
	bool (*psc)(void *opaque, int vcpu, uint64_t gpa, uint64_t npages, bool to_private, bool huge);
	/*
	 * AP creation (GHCB spec "SNP AP Creation"): the vCPU with apic_id
	 * runs at `vmpl` from the VMSA at vmsa_gpa (now, or at its next INIT
	 * when on_init); false: no such APIC id, or the VMSA is unusable.
	 */
	bool (*ap_create)(void *opaque, int vcpu, uint32_t apic_id, unsigned vmpl, uint64_t vmsa_gpa,
			  bool on_init);
	bool (*ap_destroy)(void *opaque, int vcpu, uint32_t apic_id, unsigned vmpl);
	/* Run the caller's VMSA of `vmpl` next (SNP_RUN_VMPL, VMPL_REQ); false: none there. */
	bool (*run_vmpl)(void *opaque, int vcpu, unsigned vmpl);
	/*
	 * SNP_GUEST_REQUEST: hand the request page to the firmware model (the
	 * AMD-SP), which writes the response page; returns the firmware's
	 * error code (0: success), as SEV_CMD_SNP_GUEST_REQUEST returns it.
	 * False: the request could not be made at all (a host error).
	 */
	bool (*guest_request)(void *opaque, int vcpu, uint64_t req_gpa, uint64_t resp_gpa,
			      uint32_t *fw_err);
	/*
	 * The guest asked to terminate (MSR protocol TERMINATE or the
	 * TERM_REQUEST exit): `why` is reason set and code decoded
	 * (hv_sev_term_reason). The machine ends the run with status 3.
	 */
	void (*terminate)(void *opaque, int vcpu, unsigned reason_set, unsigned reason_code,
			  const char *why);
	/*
	 * Optional (NULL: the NMI_COMPLETE exit is not offered): the guest's
	 * NMI handler is done; the vCPU takes NMIs again (KVM clears its NMI
	 * mask, as IRET would without SEV-ES).
	 */
	void (*nmi_complete)(void *opaque, int vcpu);
	/*
	 * A GHCB use KVM answers by failing KVM_RUN (an unregistered GHCB, an
	 * impossible string I/O count): the VMM stops the VM; `why` names it.
	 */
	void (*fatal)(void *opaque, int vcpu, const char *why);
	/*
	 * A nested page fault from an RMP check (hv_sev_npf_abi) that KVM
	 * does not resolve: it exits to the VMM with KVM_EXIT_MEMORY_FAULT,
	 * which stops the VM. vmpl is the faulting context, info1 the
	 * EXITINFO1 bits (HV_NPF_*), gpa EXITINFO2.
	 */
	void (*memory_fault)(void *opaque, int vcpu, unsigned vmpl, uint64_t gpa, uint64_t info1);
};

/* EXITINFO1 bits of a nested page fault hv/ reads (APM 2:15.25.6; Linux PFERR_GUEST_*). */
#define HV_NPF_WRITE (1ull << 1)
#define HV_NPF_FETCH (1ull << 4)
#define HV_NPF_VMPL (1ull << 36)

/* One vCPU's protocol state. */
struct hv_sev_vcpu {
	uint64_t ghcb_gpa;        /* registered with REG_GPA; 0: none */
	uint64_t xcr0;            /* the guest's XCR0 as last given in a GHCB */
	uint8_t *page;            /* a copy of the GHCB being answered (4 KiB) */
	bool loaded;              /* page holds the GHCB of the exit being answered */
	uint8_t valid[16];        /* the valid bitmap the guest set for this exit */
	uint64_t regs[5];         /* RAX, RBX, RCX, RDX, RSI as the exit gave them (0 unless valid) */
	uint8_t cpl;
};

/* The SEV-SNP hypervisor model of one VM (hv_platform.sev). */
struct hv_sev {
	const struct hv_sev_ops *ops;
	void *opaque;
	unsigned cbit;            /* the C-bit position (CPUID 0x8000001F EBX[5:0]) */
	uint64_t hv_features;     /* HV_FEATURES' answer (HV_GHCB_FT_*) */
	uint64_t vmsa_features;   /* the SEV_FEATURES an AP's VMSA must have (AP_CREATION's RAX) */
	uint64_t ap_jump_table;   /* AP_JUMP_TABLE's address, as the guest set it (per VM) */
	unsigned n_vcpus;
	struct hv_sev_vcpu *vcpus;
	/* GHCB uses refused before any exit code was looked at (not shared, unregistered...). */
	uint64_t refusals;
	const char *last_refusal; /* why the last one was refused (tests, -d) */
	uint64_t rmp_faults;      /* nested page faults from RMP checks taken (hv_sev_npf_abi) */
};

/*
 * Set up the model for n_vcpus vCPUs with the machine's ops; the features
 * default to SNP | AP_CREATION | MULTI_VMPL. False: out of memory.
 */
bool hv_sev_init(struct hv_sev *s, const struct hv_sev_ops *ops, void *opaque, unsigned n_vcpus,
		 unsigned cbit);
void hv_sev_free(struct hv_sev *s);

/*
 * The protocol state in a snapshot (mem/snap.h), taken between exits: each
 * vCPU's registered GHCB and last XCR0, the AP jump table, the counters.
 * An exit's working copy of the GHCB is not state (no exit is under way),
 * nor is last_refusal (a diagnostic pointer; a restored run starts with
 * none).
 */
struct snap;
void hv_sev_snapshot(struct hv_sev *s, struct snap *sn);

/*
 * The GHCB MSR's value at vCPU reset: the SEV_INFO response (GHCB spec
 * "SEV Information"; KVM's sev_es_vcpu_reset sets the same).
 */
uint64_t hv_sev_info_msr(const struct hv_sev *s);

/*
 * A termination reason in words (GHCB spec "Termination Request": reason
 * set 0 is the specification's, set 1 Linux's), into buf[len]; returns buf.
 */
const char *hv_sev_term_reason(unsigned reason_set, unsigned reason_code, char *buf, size_t len);

/* The VMGEXIT conduit's ABI: the MSR protocol, its GHCB-page row nesting hv_sev_ghcb_abi. */
extern const struct hv_abi hv_sev_ghcb_msr_abi;
extern const struct hv_abi hv_sev_ghcb_abi;
/*
 * The nested page fault exit (SVM exit code 0x400) of an SNP guest's
 * failed RMP check: two arguments, EXITINFO1 and EXITINFO2 (the GPA); the
 * faulting VMPL is the call's context.
 */
extern const struct hv_abi hv_sev_npf_abi;

#endif
