/*
 * x86-virt as an SEV-SNP host (--coco snp): the board's side of the
 * confidential guest. RAM starts assigned and validated at VMPL0, as
 * firmware leaves it before a direct boot (there is no unaccepted-memory
 * table); the vCPUs are AMD's with the C-bit at bit 51 and the events a
 * hypervisor intercepts routed to #VC; VMGEXIT reaches hvsim's GHCB host
 * side (hv/sev_ghcb.c) through the single hypercall path, and what it
 * asks of the machine (ports, MSRs, devices, page state changes, guest
 * requests to the firmware model, termination) is done here. Counts for
 * --stats: PVALIDATE and page state changes from the memory model's
 * transitions, #VC by cause from the vCPUs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/sev_firmware.h"
#include "hv/sev_ghcb.h"
#include "hv/svsm.h"
#include "machine/x86_virt.h"
#include "mem/snap.h"

#define SNP_C_BIT 51

/*
 * Under an SVSM (--coco snp,vmpl=N): the boot vCPU's calling area, and the
 * SVSM's own memory, which the guest's VMPL may not touch; both in the
 * pages the e820 reserves after the secrets, CPUID and CC blob pages.
 */
#define SVSM_BOOT_CAA (X86V_SNP_PAGES + X86V_SNP_PAGES_SIZE)
#define SVSM_BASE (SVSM_BOOT_CAA + SNP_PAGE_SIZE)
#define SVSM_SIZE 0x4000ull

struct x86_snp {
	struct hv_sev sev;
	struct snp_fw *fw;
	/*
	 * vmpl = the VMPL the guest runs at: above 0, hvsim plays the SVSM at
	 * VMPL0, which runs no guest code. Each vCPU's VMPL contexts wait in
	 * ctx_state (SNP_NUM_VMPL per vCPU); vmsa_set has a bit per VMPL that
	 * has a VMSA to run (the boot VMPL's, and those a VMPL0 guest created
	 * for lower VMPLs with AP_CREATION: the paravisor path).
	 */
	unsigned vmpl;
	struct svsm svsm;
	int svsm_vcpu;             /* the vCPU whose call the SVSM is running */
	struct x86_state *ctx_state;
	uint8_t *vmsa_set;
	/*
	 * Per vCPU: the GPA of the VMSA its guest VMPL runs from (AP_CREATION),
	 * 0 for the state the board started it with or none; the SVSM's
	 * DELETE_VCPU stops the vCPU running the VMSA it deletes.
	 */
	uint64_t *running_vmsa;
	uint64_t pvalidated, invalidated, psc_to_private, psc_to_shared;
	char why[160];             /* the run's end in words (vm_stop keeps the pointer) */
};

static struct x86_snp *snp(struct hvsim_vm *vm)
{
	return x86_virt(vm)->snp;
}

/* The memory model's transitions, counted by name (mem/pageattr.c names them). */
static void count_transition(void *opaque, const struct mem_transition *t)
{
	struct x86_snp *s = opaque;
	if (!strcmp(t->name, "validate"))
		s->pvalidated++;
	else if (!strcmp(t->name, "invalidate"))
		s->invalidated++;
	else if (!strcmp(t->name, "psc_private"))
		s->psc_to_private++;
	else if (!strcmp(t->name, "psc_shared"))
		s->psc_to_shared++;
}

/* A request on behalf of vCPU i, as its running VMPL makes it. */
static struct mem_req guest_req(struct hvsim_vm *vm, int i, const char *via)
{
	struct mem_req r = vm->cpus[i]->req;
	r.via = via;
	return r;
}

/* ------------------------------------------------ what the GHCB asks of the machine */

/*
 * What the hypervisor itself answers (its CPUID leaves, its MSRs: KVM's
 * identification and kvmclock) goes through the single hypercall path as
 * the conduit's own exit would (hv/kvm_x86.c), so it is traced and counted
 * as such. Returns whether a row answered.
 */
static bool hv_answer(struct hvsim_vm *vm, int vcpu, enum x86_conduit conduit, uint64_t a0,
		      uint64_t a1, uint64_t r[4])
{
	struct hv_call call = {
		.abi = hv_route_find(&vm->hv, conduit, 0), .vcpu = vcpu,
		.level = vm->cpus[vcpu]->req.level, .conduit = conduit,
		.conduit_name = x86_conduit_names[conduit], .context = vm->cpus[vcpu]->req.ctx,
		.fn = a0, .a = { a0, a1 },
	};
	hv_call(&vm->hv, &call);
	memcpy(r, call.r, 4 * sizeof(r[0]));
	return call.row != NULL;
}

static void op_cpuid(void *opaque, int vcpu, uint32_t leaf, uint32_t sub, uint64_t xcr0,
		     uint32_t out[4])
{
	(void)xcr0;   /* leaf 0xD's sizes: the CPU has x87 and SSE only, whatever XCR0 */
	struct x86_cpu *c = x86_virt_cpu(opaque, vcpu);
	if (leaf >= c->plat.hv_leaf_first && leaf <= c->plat.hv_leaf_last) {
		uint64_t r[4];
		hv_answer(opaque, vcpu, X86_CONDUIT_CPUID, leaf, sub, r);
		for (int i = 0; i < 4; i++)
			out[i] = (uint32_t)r[i];
		return;
	}
	x86_cpuid(c, leaf, sub, out);
	/* Under an SVSM: 0x8000001F.EAX bit 28 says one is present (Linux sets it in its copy too). */
	if (leaf == 0x8000001f && snp(opaque)->vmpl)
		out[0] |= 1u << 28;
}

static uint32_t op_io_in(void *opaque, int vcpu, uint16_t port, unsigned size)
{
	struct hvsim_vm *vm = opaque;
	struct mem_req r = guest_req(vm, vcpu, "ghcb");
	uint64_t v = 0;
	if (!mem_guest_io(&x86_virt(vm)->io, &r, port, size, false, &v))
		v = ~0ull;   /* nothing answers: all ones, as on a PC */
	return (uint32_t)v;
}

static void op_io_out(void *opaque, int vcpu, uint16_t port, unsigned size, uint32_t value)
{
	struct hvsim_vm *vm = opaque;
	struct mem_req r = guest_req(vm, vcpu, "ghcb");
	uint64_t v = value;
	mem_guest_io(&x86_virt(vm)->io, &r, port, size, true, &v);
}

/* AMD's SYSCFG, which KVM reads as 0 for a guest (arch/x86/kvm/x86.c kvm_get_msr_common). */
#define MSR_AMD64_SYSCFG 0xc0010010u

static bool op_rdmsr(void *opaque, int vcpu, uint32_t msr, uint64_t *value)
{
	struct x86_cpu *c = x86_virt_cpu(opaque, vcpu);
	uint64_t r[4];
	if (msr == MSR_AMD64_SYSCFG) {
		*value = 0;
		return true;
	}
	if (!x86_hv_msr(c, msr))
		return x86_msr_read(c, msr, value);
	bool ok = hv_answer(opaque, vcpu, X86_CONDUIT_RDMSR, msr, 0, r);
	*value = r[0];
	return ok;
}

static bool op_wrmsr(void *opaque, int vcpu, uint32_t msr, uint64_t value)
{
	struct x86_cpu *c = x86_virt_cpu(opaque, vcpu);
	uint64_t r[4];
	return x86_hv_msr(c, msr) ? hv_answer(opaque, vcpu, X86_CONDUIT_WRMSR, msr, value, r)
			      : x86_msr_write(c, msr, value);
}

static bool mmio(struct hvsim_vm *vm, int vcpu, uint64_t gpa, void *buf, unsigned len, bool write)
{
	struct mem_req r = guest_req(vm, vcpu, "ghcb");
	uint64_t v = 0;
	if (write)
		memcpy(&v, buf, len);
	if ((len != 1 && len != 2 && len != 4 && len != 8) ||
	    !mem_guest_io(&vm->mem, &r, gpa, len, write, &v))
		return false;
	if (!write)
		memcpy(buf, &v, len);
	return true;
}

static bool op_mmio_read(void *opaque, int vcpu, uint64_t gpa, void *buf, unsigned len)
{
	return mmio(opaque, vcpu, gpa, buf, len, false);
}

static bool op_mmio_write(void *opaque, int vcpu, uint64_t gpa, const void *buf, unsigned len)
{
	uint8_t b[8];
	memcpy(b, buf, len < 8 ? len : 8);
	return mmio(opaque, vcpu, gpa, b, len, true);
}

/* RMPUPDATE for each page (mem_page_psc); a page already in the state asked for is no failure. */
static bool op_psc(void *opaque, int vcpu, uint64_t gpa, uint64_t npages, bool to_private, bool huge)
{
	struct hvsim_vm *vm = opaque;
	struct mem_req r = guest_req(vm, vcpu, "psc");
	uint64_t step = huge ? 512 : 1;
	for (uint64_t i = 0; i < npages; i += step) {
		enum mem_err e = mem_page_psc(&vm->mem, &r, gpa + i * MEM_PAGE_SIZE, to_private, huge);
		if (e != MEM_OK && e != MEM_ERR_NO_CHANGE)
			return false;
	}
	return true;
}

/* The vCPU with that APIC id, or -1. */
static int vcpu_of_apic(struct hvsim_vm *vm, uint32_t apic_id)
{
	for (int i = 0; i < vm->n_cpus; i++)
		if (x86_virt_cpu(vm, i)->plat.apic_id == apic_id)
			return i;
	return -1;
}

/*
 * AP creation (GHCB spec "SNP AP Creation"; KVM's sev_snp_ap_creation):
 * the processor, not the hypervisor, reads the VMSA, so hvsim reads it as
 * a private VMPL0 access and only from a page RMPADJUST marked as a VMSA
 * (Linux's snp_set_vmsa does that before asking). The VMSA's own VMPL and
 * SEV_FEATURES must be what the request says, and VMRUN's consistency
 * checks must pass (x86_snp_vmsa_read); anything else is refused and the
 * guest sees the GHCB's invalid-input error. The guest runs at one VMPL
 * (0, or the one under hvsim's SVSM), so a VMSA for another VMPL has
 * nowhere to run; a vCPU cannot replace its own running state; a VMPL
 * may not ask for a more privileged VMPL's VMSA (a paravisor's VMPL1
 * restarting VMPL0: KVM refuses it too); AP_CREATE_ON_INIT (start at the
 * next INIT) is not offered: Linux never asks for it.
 */
static bool op_ap_create(void *opaque, int vcpu, uint32_t apic_id, unsigned vmpl, uint64_t vmsa_gpa,
			 bool on_init)
{
	struct hvsim_vm *vm = opaque;
	struct x86_snp *s = snp(vm);
	int target = vcpu_of_apic(vm, apic_id);
	const struct mem_page *p = mem_page_at(&vm->mem, vmsa_gpa, NULL);
	/*
	 * A VMSA of the guest's VMPL starts another vCPU; one of a VMPL below
	 * the caller's (a VMPL0 guest's paravisor path, the caller's own vCPU
	 * too) waits for SNP_RUN_VMPL.
	 */
	unsigned caller = x86_virt_cpu(vm, vcpu)->ctx;
	bool lower = !s->vmpl && vmpl > caller;
	/*
	 * A start replaces the running state of the target's current context:
	 * the target must be running the VMSA's VMPL (a paravisor's vCPU that
	 * runs VMPL1 would otherwise get VMPL0's registers under VMPL1's
	 * permissions and routes, and lose VMPL1's). A waiting context must not
	 * be the one the target runs.
	 */
	if (on_init || vmpl < caller || (vmpl != s->vmpl && !lower) || target < 0 ||
	    (target == vcpu && !lower) || (!lower && x86_virt_cpu(vm, target)->ctx != vmpl) ||
	    (lower && x86_virt_cpu(vm, target)->ctx == vmpl) || !p || !(p->flags & MEM_PF_VMSA))
		return false;
	static uint8_t vmsa[SNP_PAGE_SIZE];
	struct mem_req r = guest_req(vm, vcpu, "ap_create");
	r.view = MEM_VIEW_PRIVATE;
	r.ctx = 0;
	if (mem_guest_access(&vm->mem, &r, vmsa_gpa, vmsa, sizeof(vmsa), false) != MEM_OK)
		return false;
	struct x86_state st;
	unsigned st_vmpl;
	uint64_t features;
	const char *bad = x86_snp_vmsa_read(vmsa, &st, &st_vmpl, &features);
	if (bad || st_vmpl != vmpl || features != s->sev.vmsa_features)
		return false;
	/* The GHCB MSR is the hypervisor's to set at the vCPU's start (KVM's sev_es_vcpu_reset). */
	st.ghcb_msr = hv_sev_info_msr(&s->sev);
	if (lower) {
		/* A waiting context's RIP is linear (x86_state), as x86_start_from makes it. */
		bool code64 = (st.efer & X86_EFER_LMA) && (st.seg[X86_CS].attr & X86_SEG_L);
		st.rip += code64 ? 0 : st.seg[X86_CS].base;
		s->ctx_state[target * SNP_NUM_VMPL + vmpl] = st;
		s->vmsa_set[target] |= (uint8_t)(1u << vmpl);
		return true;
	}
	x86_start_from(x86_virt_cpu(vm, target), &st);
	s->running_vmsa[target] = vmsa_gpa;
	return true;
}

/* A vCPU's VMSA is gone: it stops, as after INIT, until a new VMSA is created for it. */
static void stop_vcpu(struct hvsim_vm *vm, int i)
{
	snp(vm)->running_vmsa[i] = 0;
	x86_raise_init(x86_virt_cpu(vm, i));
}

static bool op_ap_destroy(void *opaque, int vcpu, uint32_t apic_id, unsigned vmpl)
{
	struct hvsim_vm *vm = opaque;
	int target = vcpu_of_apic(vm, apic_id);
	if (vmpl != snp(vm)->vmpl || vmpl < x86_virt_cpu(vm, vcpu)->ctx || target < 0 ||
	    target == vcpu)
		return false;
	stop_vcpu(vm, target);
	return true;
}

/*
 * SNP_RUN_VMPL and the MSR protocol's VMPL_REQ: the one place a vCPU's
 * VMPL changes hands. Asking for the VMPL that is running is a no-op.
 * Under an SVSM, the guest's request for VMPL0 runs the SVSM (hvsim, in
 * no guest time) on that vCPU's registers: RAX the call, RCX, RDX, R8, R9
 * its arguments and results (58019 4; Linux's svsm_issue_call), and the
 * guest resumes after its VMGEXIT. Without one (the paravisor path), the
 * vCPU switches to the VMPL's VMSA once the answer is in the caller's
 * GHCB MSR or page; the caller resumes after its VMGEXIT when something
 * runs it again. A VMPL with no VMSA is refused.
 */
static bool op_run_vmpl(void *opaque, int vcpu, unsigned vmpl)
{
	struct hvsim_vm *vm = opaque;
	struct x86_snp *s = snp(vm);
	struct x86_cpu *c = x86_virt_cpu(vm, vcpu);
	if (vmpl == c->ctx)
		return true;
	if (!(s->vmsa_set[vcpu] & (1u << vmpl)) && !(s->vmpl && vmpl == 0))
		return false;
	if (!s->vmpl) {
		x86_switch_context_after_call(c, vmpl);
		return true;
	}
	if (vmpl != 0)
		return false;
	struct svsm_regs r = { c->s.r[X86_RAX], c->s.r[X86_RCX], c->s.r[X86_RDX], c->s.r[X86_R8],
			       c->s.r[X86_R9] };
	s->svsm_vcpu = vcpu;
	if (svsm_handle(&s->svsm, c->plat.apic_id, &r)) {
		c->s.r[X86_RAX] = r.rax;
		c->s.r[X86_RCX] = r.rcx;
		c->s.r[X86_RDX] = r.rdx;
		c->s.r[X86_R8] = r.r8;
		c->s.r[X86_R9] = r.r9;
	}
	return true;
}

/* ------------------------------------------------ what the SVSM asks of the machine */

/* The SVSM's requests: private accesses at VMPL0 on behalf of the calling vCPU. */
static struct mem_req svsm_req(struct hvsim_vm *vm)
{
	struct mem_req r = guest_req(vm, snp(vm)->svsm_vcpu, "svsm");
	r.view = MEM_VIEW_PRIVATE;
	r.ctx = 0;
	return r;
}

static bool svsm_access(struct hvsim_vm *vm, uint64_t gpa, void *buf, size_t len, bool write)
{
	struct mem_req r = svsm_req(vm);
	return mem_guest_access(&vm->mem, &r, gpa, buf, len, write) == MEM_OK;
}

static bool svsm_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	return svsm_access(opaque, gpa, buf, len, false);
}

static bool svsm_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	uint8_t b[SNP_PAGE_SIZE];
	if (len > sizeof(b))
		return false;
	memcpy(b, buf, len);
	return svsm_access(opaque, gpa, b, len, true);
}

/* RMPADJUST at VMPL0 of the guest's VMPL's permissions (and the VMSA bit) for [gpa, gpa+n pages). */
static enum mem_err svsm_grant(struct hvsim_vm *vm, uint64_t gpa, unsigned n, unsigned perm,
			       bool vmsa)
{
	struct mem_req r = svsm_req(vm);
	enum mem_err e = MEM_OK;
	for (unsigned i = 0; i < n && e == MEM_OK; i++)
		e = mem_page_set_vmpl_perm(&vm->mem, &r, gpa + i * MEM_PAGE_SIZE, snp(vm)->vmpl, perm,
					   vmsa);
	return e;
}

/*
 * PVALIDATE at VMPL0 for the guest: a page the guest validates becomes
 * its VMPL's to use (a page state change cleared its permissions), and
 * one it invalidates is taken back first, as an SVSM does around the
 * instruction (coconut-svsm's core_pvalidate).
 */
static unsigned svsm_pvalidate(void *opaque, uint64_t gpa, bool huge, bool validate)
{
	struct hvsim_vm *vm = opaque;
	struct mem_req r = svsm_req(vm);
	unsigned n = huge ? 512 : 1;
	if (!validate)
		svsm_grant(vm, gpa, n, 0, false);
	enum mem_err e = mem_page_validate(&vm->mem, &r, gpa, validate, huge);
	if (validate && (e == MEM_OK || e == MEM_ERR_NO_CHANGE))
		svsm_grant(vm, gpa, n, MEM_PERM_ALL, false);
	switch (e) {
	case MEM_OK: return SVSM_PVALIDATE_OK;
	case MEM_ERR_NO_CHANGE: return SVSM_PVALIDATE_NO_UPDATE;
	case MEM_ERR_SIZE: return SVSM_PVALIDATE_FAIL_SIZEMISMATCH;
	default: return SVSM_PVALIDATE_FAIL_INPUT;
	}
}

/*
 * CREATE_VCPU: the page becomes a VMSA (RMPADJUST's VMSA bit) the guest's
 * VMPL may still read but no longer write (Linux reads the VMSA's
 * SEV_FEATURES for its AP_CREATION request after the call: arch/x86/coco/
 * sev/core.c); the vCPU runs it when the guest asks the hypervisor
 * (AP_CREATION). DELETE_VCPU gives the page back, and a vCPU that runs
 * from it stops (the caller too, if it deletes its own): an SVSM makes the
 * VMSA unrunnable before it clears the VMSA bit (coconut-svsm's
 * core_delete_vcpu clears EFER.SVME in it and waits until it no longer
 * runs). Linux deletes a CPU's old VMSA only after AP_CREATION gave the
 * CPU a new one (snp_cleanup_vmsa), so its running vCPUs never stop here.
 */
static uint64_t svsm_create_vcpu(void *opaque, uint64_t vmsa_gpa, uint32_t apic_id)
{
	struct hvsim_vm *vm = opaque;
	if (vcpu_of_apic(vm, apic_id) < 0)
		return SVSM_ERR_INVALID_PARAMETER;
	return svsm_grant(vm, vmsa_gpa, 1, MEM_PERM_R, true) == MEM_OK ? SVSM_SUCCESS
							      : SVSM_ERR_INVALID_ADDRESS;
}

static uint64_t svsm_delete_vcpu(void *opaque, uint64_t vmsa_gpa)
{
	struct hvsim_vm *vm = opaque;
	if (svsm_grant(vm, vmsa_gpa, 1, MEM_PERM_ALL, false) != MEM_OK)
		return SVSM_ERR_INVALID_ADDRESS;
	for (int i = 0; i < vm->n_cpus; i++)
		if (snp(vm)->running_vmsa[i] == vmsa_gpa)
			stop_vcpu(vm, i);
	return SVSM_SUCCESS;
}

static const struct svsm_ops svsm_machine_ops = {
	.read = svsm_read, .write = svsm_write, .pvalidate = svsm_pvalidate,
	.create_vcpu = svsm_create_vcpu, .delete_vcpu = svsm_delete_vcpu,
};

/* The guest's request page and the response page are shared: the firmware reads and writes them. */
static bool op_guest_request(void *opaque, int vcpu, uint64_t req_gpa, uint64_t resp_gpa,
			     uint32_t *fw_err)
{
	(void)vcpu;
	struct hvsim_vm *vm = opaque;
	static uint8_t req[SNP_PAGE_SIZE], resp[SNP_PAGE_SIZE];
	/*
	 * The report's MEASUREMENT is the launch digest, which
	 * hvsim_vm_finalize takes after the board is built (launch.c): the
	 * firmware has it by the time the guest runs and can ask.
	 */
	if (vm->launch.finalized)
		snp_fw_set_measurement(snp(vm)->fw, vm->launch.measurement);
	if (!mem_host_read(&vm->mem, req_gpa, req, sizeof(req)) ||
	    !mem_host_read(&vm->mem, resp_gpa, resp, sizeof(resp)))
		return false;
	*fw_err = snp_fw_guest_request(snp(vm)->fw, req, resp);
	return *fw_err || mem_host_write(&vm->mem, resp_gpa, resp, sizeof(resp));
}

static void op_terminate(void *opaque, int vcpu, unsigned reason_set, unsigned reason_code,
			 const char *why)
{
	(void)vcpu, (void)reason_set, (void)reason_code;
	struct x86_snp *s = snp(opaque);
	snprintf(s->why, sizeof(s->why), "the SNP guest terminated: %s", why);
	vm_stop(opaque, HVSIM_GUEST_PANIC, s->why);
}

static void op_fatal(void *opaque, int vcpu, const char *why)
{
	(void)vcpu;
	struct x86_snp *s = snp(opaque);
	snprintf(s->why, sizeof(s->why), "the SNP guest's GHCB use stopped the VM: %s", why);
	vm_stop(opaque, HVSIM_GUEST_PANIC, s->why);
}

/*
 * The memory fault KVM_EXIT_MEMORY_FAULT would report to the VMM, for an
 * RMP check failed at any VMPL: the VM stops (exit 3), saying what faulted
 * and where (the vCPU's pc is the faulting instruction's: the access restarts).
 */
static void op_memory_fault(void *opaque, int vcpu, unsigned vmpl, uint64_t gpa, uint64_t info1)
{
	struct x86_snp *s = snp(opaque);
	const char *acc = info1 & HV_NPF_FETCH ? "instruction fetch" : info1 & HV_NPF_WRITE ? "write"
										      : "read";
	snprintf(s->why, sizeof(s->why), "SNP: memory fault (nested page fault, RMP) on vCPU %d: "
		 "VMPL%u %s of GPA %#llx refused by %s (RIP %#llx)", vcpu, vmpl, acc,
		 (unsigned long long)gpa,
		 info1 & HV_NPF_VMPL ? "its VMPL permissions" : "the page's private/shared state",
		 (unsigned long long)x86_virt_cpu(opaque, vcpu)->core.pc);
	vm_stop(opaque, HVSIM_GUEST_PANIC, s->why);
}

static const struct hv_sev_ops sev_ops = {
	.cpuid = op_cpuid, .io_in = op_io_in, .io_out = op_io_out, .rdmsr = op_rdmsr,
	.wrmsr = op_wrmsr, .mmio_read = op_mmio_read, .mmio_write = op_mmio_write, .psc = op_psc,
	.ap_create = op_ap_create, .ap_destroy = op_ap_destroy, .run_vmpl = op_run_vmpl,
	.guest_request = op_guest_request, .terminate = op_terminate, .fatal = op_fatal,
	.memory_fault = op_memory_fault,
};

/* ------------------------------------------------------------- the board */

int x86_snp_create(struct hvsim_vm *vm, char *err, size_t errlen)
{
	struct x86_snp *s = calloc(1, sizeof(*s));
	if (s) {
		s->ctx_state = calloc((size_t)vm->n_cpus * SNP_NUM_VMPL, sizeof(*s->ctx_state));
		s->vmsa_set = calloc((size_t)vm->n_cpus, 1);
		s->running_vmsa = calloc((size_t)vm->n_cpus, sizeof(*s->running_vmsa));
	}
	if (!s || !s->ctx_state || !s->vmsa_set || !s->running_vmsa) {
		if (s) {
			free(s->ctx_state);
			free(s->vmsa_set);
			free(s->running_vmsa);
		}
		free(s);
		snprintf(err, errlen, "out of memory");
		return HVSIM_ERROR;
	}
	x86_virt(vm)->snp = s;
	s->vmpl = (unsigned)vm->cfg.coco_vmpl;
	vm->mem.ctx_kind = MEM_CTX_VMPL;
	/* Under an SVSM its firmware gave the guest's VMPL all of RAM but the SVSM's own pages. */
	for (int i = 0; i < vm->mem.n_regions; i++)
		if (vm->mem.regions[i].kind == MEM_RAM) {
			vm->mem.regions[i].initial_flags = MEM_PF_VALIDATED;
			if (s->vmpl)
				vm->mem.regions[i].initial_vmpl_perm[s->vmpl - 1] = MEM_PERM_ALL;
		}
	for (uint64_t a = SVSM_BASE; s->vmpl && a < SVSM_BASE + SVSM_SIZE; a += MEM_PAGE_SIZE)
		mem_page_set_vmpl_perm(&vm->mem, &mem_host, a, s->vmpl, 0, false);
	if (s->vmpl) {
		struct svsm_ops ops = svsm_machine_ops;
		ops.opaque = vm;
		svsm_init(&s->svsm, &ops, SVSM_BASE, SVSM_SIZE, 0, SVSM_BOOT_CAA);
	}
	struct snp_fw_config fw = { .seed = vm->cfg.seed, .policy = 0x30000 };   /* SMT allowed, reserved bit 17 */
	if (!mem_add_listener(&vm->mem, count_transition, s) ||
	    !hv_sev_init(&s->sev, &sev_ops, vm, (unsigned)vm->n_cpus, SNP_C_BIT) ||
	    !(s->fw = snp_fw_new(&fw))) {
		snprintf(err, errlen, "cannot set up the SNP host");
		return HVSIM_ERROR;
	}
	/*
	 * The VMSAs' SEV_FEATURES: SNPActive alone (APM 2 Table 15-40), what
	 * the guest reads in SEV_STATUS bits 2 and up (Linux's AP VMSA takes
	 * sev_status >> 2); AP_CREATION refuses any other.
	 */
	s->sev.vmsa_features = 1;
	vm->hvplat.sev = &s->sev;
	return 0;
}

void x86_snp_destroy(struct hvsim_vm *vm)
{
	struct x86_snp *s = snp(vm);
	if (!s)
		return;
	hv_sev_free(&s->sev);
	if (s->fw)
		snp_fw_free(s->fw);
	free(s->ctx_state);
	free(s->vmsa_set);
	free(s->running_vmsa);
	free(s);
	x86_virt(vm)->snp = NULL;
}

/*
 * The MSRs KVM passes through to an SEV-ES/SNP guest (arch/x86/kvm/svm/
 * svm.c direct_access_msrs, and sev.c sev_es_init_vmcb: EFER, PAT, the
 * TSC_AUX with RDTSCP): the segment bases, the SYSCALL and SYSENTER MSRs,
 * SPEC_CTRL. Every other MSR access is a #VC (MSR) the guest takes to the
 * GHCB.
 */
static const uint32_t msr_direct[] = {
	0xc0000100, 0xc0000101, 0xc0000102,             /* FS_BASE, GS_BASE, KERNEL_GS_BASE */
	0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, /* STAR, LSTAR, CSTAR, SFMASK */
	0x174, 0x175, 0x176,                            /* SYSENTER_CS, _ESP, _EIP */
	0xc0000080, 0x277, 0xc0000103, 0x48,            /* EFER, PAT, TSC_AUX, SPEC_CTRL */
};

void x86_snp_platform(struct x86_platform *plat)
{
	plat->vendor = X86_VENDOR_AMD;
	plat->coco = X86_COCO_SNP;
	plat->c_bit = SNP_C_BIT;
	plat->msr_direct = msr_direct;
	plat->n_msr_direct = sizeof(msr_direct) / sizeof(msr_direct[0]);
}

/*
 * What KVM intercepts of an SNP guest and the processor turns into #VC
 * (APM 2:15.35.5; arch/x86/coco/sev/vc-handle.c handles each); HLT is not
 * one (the guest halts), RDTSC is not intercepted. VMGEXIT goes to hvsim.
 */
void x86_snp_routes(struct x86_cpu *c)
{
	static const uint8_t to_vc[] = {
		X86_EV_CPUID, X86_EV_RDMSR, X86_EV_WRMSR, X86_EV_IO, X86_EV_MMIO, X86_EV_VMMCALL,
		X86_EV_WBINVD, X86_EV_DR7_READ, X86_EV_DR7_WRITE, X86_EV_MONITOR, X86_EV_MWAIT,
	};
	for (size_t i = 0; i < sizeof(to_vc); i++)
		c->routes[0][to_vc[i]] = (struct x86_route){ X86_TO_VC, 0 };
	c->routes[0][X86_EV_VMGEXIT] = (struct x86_route){ X86_TO_HV, X86_CONDUIT_VMGEXIT };
	/*
	 * An RMP check that fails at any VMPL, VMPL0 included, is the
	 * hypervisor's nested page fault (hv_sev_npf_abi), which reports it
	 * as KVM's memory fault exit would (op_memory_fault).
	 */
	c->routes[0][X86_EV_NPF] = (struct x86_route){ X86_TO_HV, X86_CONDUIT_NPF };
	struct x86_route routes[X86_EV_COUNT];
	memcpy(routes, c->routes[0], sizeof(routes));
	struct x86_snp *s = snp(c->plat.opaque);
	struct x86_state *st = &s->ctx_state[c->plat.apic_id * SNP_NUM_VMPL];
	for (unsigned v = 0; v < SNP_NUM_VMPL; v++)
		x86_add_context(c, v, &st[v], routes);
	s->vmsa_set[c->plat.apic_id] = (uint8_t)(1u << s->vmpl);
	/*
	 * Under an SVSM the vCPU runs the guest's VMPL from its start, with
	 * the same intercepts (KVM's are per vCPU, not per VMPL); VMPL0's
	 * context is the SVSM's, which hvsim plays.
	 */
	if (s->vmpl) {
		st[s->vmpl] = c->s;
		x86_switch_context(c, s->vmpl);
	}
}

/* What the e820 reserves for the SNP pages: the SVSM's calling area and memory too under one. */
uint64_t x86_snp_reserved(struct hvsim_vm *vm)
{
	struct x86_snp *s = snp(vm);
	if (!s)
		return 0;
	return s->vmpl ? SVSM_BASE + SVSM_SIZE - X86V_SNP_PAGES : X86V_SNP_PAGES_SIZE;
}

/* The leaf page-table entries' C-bit for the board's identity map of RAM. */
uint64_t x86_snp_c_bit(struct hvsim_vm *vm)
{
	return snp(vm) ? 1ull << SNP_C_BIT : 0;
}

/*
 * The firmware's CPUID table holds what the guest's CPUID would give,
 * KVM's leaves too (Linux takes the hypervisor range from the table).
 */
static void cpuid_eval(void *opaque, uint32_t fn, uint32_t index, uint64_t xcr0, uint64_t xss,
		       uint32_t out[4])
{
	(void)xss;
	op_cpuid(opaque, 0, fn, index, xcr0, out);
}

/*
 * The CC blob's pages (Linux arch/x86/boot/startup/sev-shared.c
 * find_cc_blob_setup_data, snp_cpuid_*): private and validated, as
 * LAUNCH_UPDATE leaves the secrets and CPUID page types; the setup_data
 * entry and the blob share the last page.
 */
uint64_t x86_snp_boot_pages(struct hvsim_vm *vm)
{
	static uint8_t page[SNP_PAGE_SIZE];
	uint64_t secrets = X86V_SNP_PAGES, cpuid = secrets + SNP_PAGE_SIZE, blob = cpuid + SNP_PAGE_SIZE;
	memset(page, 0, sizeof(page));
	struct x86_snp *s = snp(vm);
	struct snp_svsm_info svsm = {
		.base = SVSM_BASE, .size = SVSM_SIZE, .caa = SVSM_BOOT_CAA, .max_version = 1,
		.guest_vmpl = (uint8_t)s->vmpl,
	};
	snp_fw_secrets_page(s->fw, page, s->vmpl ? &svsm : NULL);
	mem_load(&vm->mem, secrets, page, sizeof(page));
	snp_cpuid_table_build(page, cpuid_eval, vm);
	mem_load(&vm->mem, cpuid, page, sizeof(page));
	memset(page, 0, sizeof(page));
	snp_cc_setup_data_build(page, 0, blob + 0x100);   /* below 4 GiB: it fits */
	snp_cc_blob_build(page + 0x100, secrets, cpuid);
	if (vm->cfg.coco_cc_blob_magic_set)   /* a faulty bootloader's blob (negative tests) */
		snp_put32(page + 0x100, vm->cfg.coco_cc_blob_magic);
	mem_load(&vm->mem, blob, page, sizeof(page));
	return blob;
}

/*
 * The SNP host in a snapshot, after the vCPUs (whose VMPL contexts and
 * current VMPL are theirs: x86_cpu_snapshot saves every context) and the
 * memory (whose page records are the RMP: assigned, validated, VMSA, page
 * size, VMPL1-3 permissions): which VMPLs of each vCPU have a VMSA to run,
 * the transition counters, the GHCB protocol's state, the firmware's guest
 * context and, under an SVSM, the SVSM's; the VMSA each vCPU runs from. The swiotlb buffers are guest
 * pages like any other, their shared state in their records.
 */
void x86_snp_snapshot(struct hvsim_vm *vm, struct snap *sn)
{
	struct x86_snp *s = snp(vm);
	snap_section(sn, "x86-snp");
	snap_bytes(sn, s->vmsa_set, (size_t)vm->n_cpus);
	snap_bytes(sn, s->running_vmsa, sizeof(*s->running_vmsa) * (size_t)vm->n_cpus);
	snap_val(sn, s->pvalidated);
	snap_val(sn, s->invalidated);
	snap_val(sn, s->psc_to_private);
	snap_val(sn, s->psc_to_shared);
	hv_sev_snapshot(&s->sev, sn);
	snp_fw_snapshot(s->fw, sn);
	if (s->vmpl)
		svsm_snapshot(&s->svsm, sn);
}

void x86_snp_stats(struct hvsim_vm *vm, struct hvsim_stats *st)
{
	struct x86_snp *s = snp(vm);
	if (!s)
		return;
	st->snp = true;
	st->pvalidated = s->pvalidated;
	st->invalidated = s->invalidated;
	st->psc_to_private = s->psc_to_private;
	st->psc_to_shared = s->psc_to_shared;
	st->rmp_faults = s->sev.rmp_faults;
	for (unsigned k = 0; x86_snp_vc_name(k); k++) {
		uint64_t n = 0;
		for (int i = 0; i < vm->n_cpus; i++)
			n += x86_virt_cpu(vm, i)->vc_count[k];
		if (n && st->n_vc < sizeof(st->vc) / sizeof(st->vc[0]))
			st->vc[st->n_vc++] = (struct hvsim_stat_count){ x86_snp_vc_name(k), n };
	}
	for (unsigned k = 0; s->vmpl && svsm_core_call_name(k); k++)
		if (s->svsm.stats.calls[k] && st->n_svsm < sizeof(st->svsm) / sizeof(st->svsm[0]))
			st->svsm[st->n_svsm++] = (struct hvsim_stat_count){ svsm_core_call_name(k),
									   s->svsm.stats.calls[k] };
	if (s->vmpl) {
		st->svsm[st->n_svsm++] = (struct hvsim_stat_count){ "refused", s->svsm.stats.refused };
		st->svsm[st->n_svsm++] = (struct hvsim_stat_count){ "other", s->svsm.stats.other };
	}
	const struct snp_fw_stats *fs = snp_fw_stats(s->fw);
	st->snp_reports = fs->reports;
	st->snp_keys = fs->keys;
	st->snp_refused = fs->refused;
	for (unsigned i = 0; i < SNP_NUM_VMPL; i++)
		st->snp_msg_seqno[i] = snp_fw_seqno(s->fw, i);
	_Static_assert(sizeof(st->snp_signing_key) == SNP_SIGNING_PUB_LEN, "the key's encoding");
	snp_fw_signing_pub(s->fw, st->snp_signing_key);
}
