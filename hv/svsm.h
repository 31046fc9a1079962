/*
 * An SVSM (Secure VM Service Module) as hvsim plays it at VMPL0 for a guest
 * that runs at a lower privilege (VMPL1-3, Linux at VMPL2): the core
 * protocol's calls REMAP_CA, PVALIDATE, CREATE_VCPU, DELETE_VCPU and
 * QUERY_PROTOCOL, and the calling-area handshake around them.
 *
 * Sources: AMD "Secure VM Service Module for SEV-SNP Guests" (58019: 4 the
 * calling convention and the calling area, 5 the core protocol, its return
 * codes); Linux: arch/x86/include/asm/sev.h (struct svsm_ca,
 * svsm_pvalidate_call and entry, SVSM_ERR_*), arch/x86/boot/startup/
 * sev-shared.c (svsm_issue_call: the pending byte; svsm_setup_ca),
 * arch/x86/coco/sev/core.c (the PVALIDATE list, CREATE/DELETE_VCPU).
 *
 * How a call arrives: the guest puts the call id in RAX and arguments in
 * RCX, RDX, R8, R9, sets CALL_PENDING (byte 0 of its calling area) to 1 and
 * asks the hypervisor to run VMPL0 (GHCB MSR VMPL_REQ or SNP_RUN_VMPL). The
 * machine then calls svsm_handle with that vCPU's registers; the SVSM
 * clears CALL_PENDING (Linux exchanges it back and takes a 1 as "not
 * handled"), runs the call and leaves the result in RAX (and outputs in RCX,
 * RDX, R8). The guest memory and the privileged actions (PVALIDATE of a
 * page, turning a page into a VMSA) are the machine's, through callbacks:
 * hv/ knows no CPU.
 */
#ifndef HVSIM_HV_SVSM_H
#define HVSIM_HV_SVSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Return codes in RAX (58019 table "return codes"; Linux's SVSM_ERR_*). */
#define SVSM_SUCCESS 0x00000000ull
#define SVSM_ERR_INCOMPLETE 0x80000000ull
#define SVSM_ERR_UNSUPPORTED_PROTOCOL 0x80000001ull
#define SVSM_ERR_UNSUPPORTED_CALL 0x80000002ull
#define SVSM_ERR_INVALID_ADDRESS 0x80000003ull
#define SVSM_ERR_INVALID_FORMAT 0x80000004ull
#define SVSM_ERR_INVALID_PARAMETER 0x80000005ull
#define SVSM_ERR_INVALID_REQUEST 0x80000006ull
#define SVSM_ERR_BUSY 0x80000007ull
/* PVALIDATE's own failures: 0x80001000 + the instruction's result code. */
#define SVSM_ERR_PVALIDATE_BASE 0x80001000ull
#define SVSM_ERR_PVALIDATE_FAIL_UNCHANGED 0x80001010ull

/* Call ids: protocol in RAX[63:32], call in RAX[31:0]. */
#define SVSM_CALL(protocol, call) ((uint64_t)(protocol) << 32 | (call))
enum svsm_core_call {
	SVSM_CORE_REMAP_CA = 0,
	SVSM_CORE_PVALIDATE = 1,
	SVSM_CORE_CREATE_VCPU = 2,
	SVSM_CORE_DELETE_VCPU = 3,
	SVSM_CORE_DEPOSIT_MEM = 4,
	SVSM_CORE_WITHDRAW_MEM = 5,
	SVSM_CORE_QUERY_PROTOCOL = 6,
	SVSM_CORE_CONFIGURE_VTOM = 7,
	SVSM_CORE_CALLS
};

/* The calling area: CALL_PENDING, MEM_AVAILABLE, reserved, then the buffer. */
#define SVSM_CA_CALL_PENDING 0u
#define SVSM_CA_BUFFER 8u

/* PVALIDATE's results as the instruction gives them (APM vol. 3 PVALIDATE). */
#define SVSM_PVALIDATE_OK 0u
#define SVSM_PVALIDATE_FAIL_INPUT 1u
#define SVSM_PVALIDATE_FAIL_SIZEMISMATCH 6u
#define SVSM_PVALIDATE_NO_UPDATE 255u   /* rFLAGS.CF set: the page was already so */

/* The five registers of the calling convention. */
struct svsm_regs {
	uint64_t rax, rcx, rdx, r8, r9;
};

/* What the machine does for the SVSM. */
struct svsm_ops {
	void *opaque;
	/* Guest memory as VMPL0 sees it; false if [gpa, gpa+len) is not guest RAM. */
	bool (*read)(void *opaque, uint64_t gpa, void *buf, size_t len);
	bool (*write)(void *opaque, uint64_t gpa, const void *buf, size_t len);
	/* PVALIDATE at VMPL0 of a 4 KiB or 2 MiB page: an SVSM_PVALIDATE_* result. */
	unsigned (*pvalidate)(void *opaque, uint64_t gpa, bool huge, bool validate);
	/*
	 * Make the page at vmsa_gpa a VMSA of the guest's VMPL (RMPADJUST with
	 * the VMSA bit) for the vCPU with this APIC id and let it run, or take
	 * that back: an SVSM return code (SVSM_SUCCESS, or why not, e.g.
	 * INVALID_PARAMETER for a VMSA whose contents the machine refuses).
	 */
	uint64_t (*create_vcpu)(void *opaque, uint64_t vmsa_gpa, uint32_t apic_id);
	uint64_t (*delete_vcpu)(void *opaque, uint64_t vmsa_gpa);
};

#define SVSM_MAX_VCPUS 64

struct svsm_stats {
	uint64_t calls[SVSM_CORE_CALLS];  /* core calls by id, handled or refused */
	uint64_t refused;                 /* calls answered with an error */
	uint64_t other;                   /* calls to other protocols or ids */
	uint64_t pages_validated, pages_invalidated;
};

struct svsm {
	struct svsm_ops ops;
	uint64_t base, size;              /* the SVSM's own memory: the guest may not name it */
	struct {
		uint32_t apic_id;
		uint64_t caa;             /* this vCPU's calling area */
		bool used;
	} ca[SVSM_MAX_VCPUS];
	struct {
		uint64_t gpa;
		uint32_t apic_id;
		bool used;
	} vmsa[SVSM_MAX_VCPUS];           /* the VMSAs CREATE_VCPU made */
	struct svsm_stats stats;
};

/*
 * The SVSM owning [base, base+size) with the boot vCPU (APIC id boot_apic)
 * calling through boot_caa, the calling area the secrets page names.
 */
void svsm_init(struct svsm *s, const struct svsm_ops *ops, uint64_t base, uint64_t size,
	       uint32_t boot_apic, uint64_t boot_caa);

/*
 * The vCPU with this APIC id asked to run VMPL0. If its calling area holds
 * a pending call, run it: true, and regs hold the results. false: no call
 * was pending (or the vCPU has no calling area), regs untouched, and the
 * guest just resumes.
 */
bool svsm_handle(struct svsm *s, uint32_t apic_id, struct svsm_regs *regs);

/* The core call's name (58019 5; "remap_ca", "pvalidate", ...), NULL past the last. */
const char *svsm_core_call_name(unsigned call);

/* The calling area of a vCPU, 0 if it has none. */
uint64_t svsm_caa(const struct svsm *s, uint32_t apic_id);

/*
 * The SVSM in a snapshot (mem/snap.h): every vCPU's calling area, the
 * VMSAs CREATE_VCPU made and the statistics; its memory and callbacks are
 * the configuration's.
 */
struct snap;
void svsm_snapshot(struct svsm *s, struct snap *sn);

#endif
