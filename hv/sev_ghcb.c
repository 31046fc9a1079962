/*
 * hvsim as the untrusted hypervisor of an SEV-SNP guest: the host side of
 * the GHCB protocol (AMD GHCB specification 56421, "GHCB MSR Protocol" and
 * "Non-Automatic Exit (NAE) Events"), answering as KVM does (arch/x86/kvm/
 * svm/sev.c: sev_handle_vmgexit, sev_handle_vmgexit_msr_protocol,
 * sev_es_validate_vmgexit, setup_vmgexit_scratch, snp_begin_psc,
 * sev_snp_ap_creation). Encodings from Linux's arch/x86/include/asm/
 * sev-common.h and svm.h. The guest controls every byte of the GHCB, so
 * every field is checked before use, and the GHCB is read and written only
 * through mem/'s host accessors (a private page reads as ciphertext and
 * refuses the write).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/sev_ghcb.h"
#include "mem/snap.h"

#define PAGE_SIZE MEM_PAGE_SIZE
#define PAGE_MASK (~(uint64_t)(PAGE_SIZE - 1))
#define HUGE_SIZE (2ull << 20)
#define GHCB_INFO_MASK 0xfffull

/* --------------------------------------------------------- the GHCB page */

/*
 * Field offsets in the GHCB (GHCB spec "GHCB Layout"; Linux asm/svm.h
 * struct sev_es_save_area and struct ghcb). A field at offset o is valid
 * when bit o / 8 of the valid bitmap is set.
 */
enum {
	GHCB_CPL = 0x0cb,
	GHCB_RAX = 0x1f8,
	GHCB_RCX = 0x308,
	GHCB_RDX = 0x310,
	GHCB_RBX = 0x318,
	GHCB_RSI = 0x330,
	GHCB_SW_EXIT_CODE = 0x390,
	GHCB_SW_EXIT_INFO_1 = 0x398,
	GHCB_SW_EXIT_INFO_2 = 0x3a0,
	GHCB_SW_SCRATCH = 0x3a8,
	GHCB_XCR0 = 0x3e8,
	GHCB_VALID_BITMAP = 0x3f0,
	GHCB_SHARED_BUFFER = 0x800,
	GHCB_SHARED_BUFFER_END = 0xff0,
	GHCB_PROTOCOL_VERSION = 0xffa,
	GHCB_USAGE = 0xffc,
};

/* The registers the protocol carries, in hv_sev_vcpu.regs order. */
enum { REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, N_REGS };
static const uint16_t reg_offset[N_REGS] = { GHCB_RAX, GHCB_RBX, GHCB_RCX, GHCB_RDX, GHCB_RSI };

/* What a hypervisor answers in sw_exit_info_1 (GHCB spec; KVM's GHCB_HV_RESP_*). */
enum { RESP_NO_ACTION = 0, RESP_ISSUE_EXCEPTION = 1, RESP_MALFORMED_INPUT = 2 };
/* ...and with MALFORMED_INPUT, the reason in sw_exit_info_2 (asm/sev-common.h GHCB_ERR_*). */
enum {
	GHCB_ERR_NOT_REGISTERED = 1,
	GHCB_ERR_INVALID_USAGE = 2,
	GHCB_ERR_INVALID_SCRATCH_AREA = 3,
	GHCB_ERR_MISSING_INPUT = 4,
	GHCB_ERR_INVALID_INPUT = 5,
	GHCB_ERR_INVALID_EVENT = 6,
};

/* An exception to inject (SVM EVENTINJ: vector, type 3 = exception, valid bit 31). */
#define EVENTINJ_EXCEPTION(vector) ((1ull << 31) | (3ull << 8) | (vector))
#define X86_GP 13

/* KVM's limit on a scratch area outside the GHCB (setup_vmgexit_scratch). */
#define SCRATCH_LIMIT (16ull * PAGE_SIZE)

static uint64_t get64(const uint8_t *page, unsigned off)
{
	uint64_t v;
	memcpy(&v, page + off, 8);
	return v;
}

static void put64(uint8_t *page, unsigned off, uint64_t v)
{
	memcpy(page + off, &v, 8);
}

static bool field_valid(const struct hv_sev_vcpu *v, unsigned off)
{
	unsigned bit = off / 8;
	return v->valid[bit / 8] >> (bit % 8) & 1;
}

/* Write a field and mark it valid, as the hypervisor's ghcb_set_*() do. */
static void field_set(struct hv_sev_vcpu *v, unsigned off, uint64_t val)
{
	unsigned bit = off / 8;
	put64(v->page, off, val);
	v->page[GHCB_VALID_BITMAP + bit / 8] |= (uint8_t)(1u << (bit % 8));
}

/* Is the call from a vCPU this VM's model knows? (Every entry checks before vcpu_of.) */
static bool vcpu_known(const struct hv_call *call)
{
	const struct hv_sev *s = call->plat->sev;
	return s && call->vcpu >= 0 && (unsigned)call->vcpu < s->n_vcpus;
}

static struct hv_sev_vcpu *vcpu_of(const struct hv_call *call)
{
	return &call->plat->sev->vcpus[call->vcpu];
}

static void refuse(struct hv_call *call, const char *why)
{
	struct hv_sev *s = call->plat->sev;
	s->refusals++;
	s->last_refusal = why;
}

/* The page record of a guest page, or NULL if it is not RAM. */
static struct mem_page *page_at(const struct hv_platform *plat, uint64_t gpa)
{
	return mem_page_at(plat->mem, gpa, NULL);
}

static bool page_shared(const struct hv_platform *plat, uint64_t gpa)
{
	const struct mem_page *p = page_at(plat, gpa);
	return p && p->owner == MEM_SHARED;
}

/* Are all pages of [gpa, gpa + len) shared guest RAM? */
static bool range_shared(const struct hv_platform *plat, uint64_t gpa, uint64_t len)
{
	uint64_t end = gpa + (len ? len : 1);
	if (end < gpa)
		return false;
	for (uint64_t p = gpa & PAGE_MASK; p < end; p += PAGE_SIZE)
		if (!page_shared(plat, p))
			return false;
	return true;
}

/*
 * Write guest memory as the host, only where it is shared now: a PSC in
 * the same exit may have made the GHCB or a scratch page private, and
 * then the guest gets nothing back rather than hvsim writing (and being
 * counted as violating) a private page.
 */
static bool host_write_shared(const struct hv_platform *plat, uint64_t gpa, const void *buf, uint64_t len)
{
	return range_shared(plat, gpa, len) && mem_host_write(plat->mem, gpa, buf, len);
}

/* --------------------------------------------------- the MSR protocol */

static struct hv_sev *sev_of(const struct hv_call *call)
{
	return call->plat->sev;
}

/* The value of the MSR is a[0]; its GHCBInfo selects the request. */
static bool msr_prepare(struct hv_call *call)
{
	call->fn = call->a[0] & GHCB_INFO_MASK;
	call->r[0] = call->a[0];
	return vcpu_known(call);
}

/* An unknown request leaves the MSR as it was (sev_handle_vmgexit_msr_protocol's default). */
static void msr_fail(struct hv_call *call, enum hv_failure how)
{
	(void)how;
	call->r[0] = call->a[0];
}

/* SEV_INFO: GHCBData[63:48] max version, [47:32] min version, [31:24] the C-bit position. */
uint64_t hv_sev_info_msr(const struct hv_sev *s)
{
	return (uint64_t)HV_SEV_GHCB_VERSION_MAX << 48 | (uint64_t)HV_SEV_GHCB_VERSION_MIN << 32 |
	       (uint64_t)(s->cbit & 0xff) << 24 | HV_GHCB_MSR_SEV_INFO_RESP;
}

static void msr_sev_info(struct hv_call *call)
{
	call->r[0] = hv_sev_info_msr(sev_of(call));
}

/*
 * CPUID: GHCBData[63:32] the leaf, [31:30] which register; the answer has
 * the register's value in [63:32] and keeps [31:12] (the subleaf is 0).
 */
static void msr_cpuid(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	uint32_t out[4] = { 0 };
	unsigned reg = (call->a[0] >> 30) & 3;
	s->ops->cpuid(s->opaque, call->vcpu, (uint32_t)(call->a[0] >> 32), 0, vcpu_of(call)->xcr0, out);
	call->r[0] = (uint64_t)out[reg] << 32 | (call->a[0] & 0xfffff000ull) | HV_GHCB_MSR_CPUID_RESP;
}

/* The GFN REG_GPA answers when it cannot register the page (GHCB spec "GHCB GPA Registration"). */
#define REG_GPA_NONE 0xfffffffffffffull

/*
 * REG_GPA: GHCBData[63:12] the GFN of the vCPU's GHCB; echoed when it is
 * registered. KVM registers any GFN; hvsim registers only a page of
 * guest RAM (the GHCB must be one), and answers the all-ones GFN
 * otherwise, which Linux takes as failure (GHCB_TERM_REGISTER).
 */
static void msr_reg_gpa(struct hv_call *call)
{
	uint64_t gfn = call->a[0] >> 12;
	uint64_t gpa = gfn << 12;
	if (!page_at(call->plat, gpa)) {
		refuse(call, "REG_GPA: the GFN is not a page of guest RAM");
		gfn = REG_GPA_NONE;
	} else {
		vcpu_of(call)->ghcb_gpa = gpa;
	}
	call->r[0] = gfn << 12 | HV_GHCB_MSR_REG_GPA_RESP;
}

/* PSC operations (GHCB spec "Page State Change"; asm/sev-common.h enum psc_op, SNP_PAGE_STATE_*). */
enum { PSC_OP_PRIVATE = 1, PSC_OP_SHARED = 2, PSC_OP_PSMASH = 3, PSC_OP_UNSMASH = 4 };
/* KVM's generic MSR-protocol PSC failure: bit 63 of GHCBData's error field (GHCB_MSR_PSC_RESP_ERROR). */
#define MSR_PSC_ERROR (1ull << 63)

/* PSC: GHCBData[51:12] the GFN, [55:52] the operation; the answer's [63:32] is 0 on success. */
static void msr_psc(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	uint64_t gpa = ((call->a[0] >> 12) & ((1ull << 40) - 1)) << 12;
	unsigned op = (call->a[0] >> 52) & 0xf;
	bool ok = (op == PSC_OP_PRIVATE || op == PSC_OP_SHARED) && page_at(call->plat, gpa) &&
		  s->ops->psc(s->opaque, call->vcpu, gpa, 1, op == PSC_OP_PRIVATE, false);
	call->r[0] = (ok ? 0 : MSR_PSC_ERROR) | HV_GHCB_MSR_PSC_RESP;
}

/* VMPLs 0-3 (APM vol. 2 15.36.7). */
#define N_VMPLS 4

/* VMPL_REQ: GHCBData[39:32] the VMPL to run; the answer's [63:32] is 0 on success. */
static void msr_vmpl_req(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	unsigned vmpl = (call->a[0] >> 32) & 0xff;
	bool ok = vmpl < N_VMPLS && s->ops->run_vmpl(s->opaque, call->vcpu, vmpl);
	call->r[0] = (ok ? 0 : 1ull << 32) | HV_GHCB_MSR_VMPL_RESP;
}

/* HV_FEATURES: GHCBData[63:12] the feature bits. */
static void msr_hv_features(struct hv_call *call)
{
	call->r[0] = sev_of(call)->hv_features << 12 | HV_GHCB_MSR_HV_FT_RESP;
}

/* Reason set 0 (GHCB spec "Termination Request") and set 1 (Linux, asm/sev-common.h). */
static const char *const term_general[] = {
	"general termination request",
	"SEV-ES / GHCB protocol range is not supported",
	"SEV-SNP features are not supported",
};
static const char *const term_linux[] = {
	"GHCB GPA registration failure",
	"page state change failure",
	"PVALIDATE failure",
	"SNP guest is not running at VMPL0",
	"CPUID request failure",
	"invalid GHCB response",
	"SVSM VMPL is not 0",
	"SVSM CA remap failure",
};

const char *hv_sev_term_reason(unsigned reason_set, unsigned reason_code, char *buf, size_t len)
{
	const char *what = NULL;
	if (reason_set == 0 && reason_code < sizeof(term_general) / sizeof(term_general[0]))
		what = term_general[reason_code];
	else if (reason_set == 1 && reason_code < sizeof(term_linux) / sizeof(term_linux[0]))
		what = term_linux[reason_code];
	if (what)
		snprintf(buf, len, "reason set %u code %u: %s", reason_set, reason_code, what);
	else
		snprintf(buf, len, "reason set %u code %u: unknown reason", reason_set, reason_code);
	return buf;
}

static void terminate(struct hv_call *call, unsigned set, unsigned code)
{
	const struct hv_sev *s = sev_of(call);
	char why[96];
	hv_sev_term_reason(set, code, why, sizeof(why));
	s->ops->terminate(s->opaque, call->vcpu, set, code, why);
}

/* TERMINATE: GHCBData[15:12] the reason set, [23:16] the reason code. */
static void msr_terminate(struct hv_call *call)
{
	terminate(call, (call->a[0] >> 12) & 0xf, (call->a[0] >> 16) & 0xff);
	call->r[0] = call->a[0];
}

static const struct hv_func msr_funcs[] = {
	{ .id = HV_GHCB_MSR_GHCB_GPA, .name = "GHCB", .nested = &hv_sev_ghcb_abi },
	{ .id = HV_GHCB_MSR_SEV_INFO_REQ, .name = "SEV_INFO", .handler = msr_sev_info },
	{ .id = HV_GHCB_MSR_CPUID_REQ, .name = "CPUID", .handler = msr_cpuid },
	{ .id = HV_GHCB_MSR_REG_GPA_REQ, .name = "REG_GPA", .handler = msr_reg_gpa },
	{ .id = HV_GHCB_MSR_PSC_REQ, .name = "PSC", .handler = msr_psc },
	{ .id = HV_GHCB_MSR_VMPL_REQ, .name = "VMPL_REQ", .handler = msr_vmpl_req },
	{ .id = HV_GHCB_MSR_HV_FT_REQ, .name = "HV_FEATURES", .handler = msr_hv_features },
	{ .id = HV_GHCB_MSR_TERM_REQ, .name = "TERMINATE", .handler = msr_terminate },
};

const struct hv_abi hv_sev_ghcb_msr_abi = {
	.name = "ghcb-msr",
	.funcs = msr_funcs,
	.n = sizeof(msr_funcs) / sizeof(msr_funcs[0]),
	.n_args = 1,      /* the GHCB MSR */
	.n_results = 1,   /* its new value */
	.prepare = msr_prepare,
	.encode_failure = msr_fail,
};

/* ------------------------------------------------- the GHCB page protocol */

/*
 * Load the vCPU's GHCB for this exit, as sev_handle_vmgexit does: a GPA
 * of 0 or a page hvsim cannot read in the clear (not RAM, private) sends
 * the guest back with its GHCB untouched; an SNP guest's GHCB must be the
 * page it registered, or KVM_RUN fails (the VM stops). The valid bitmap is
 * taken and cleared, the registers the protocol carries are read (0 unless
 * valid), and the exit code becomes the function id.
 */
static bool ghcb_prepare(struct hv_call *call)
{
	uint64_t gpa = call->a[0];
	call->r[0] = gpa;
	if (!vcpu_known(call))
		return false;
	const struct hv_sev *s = sev_of(call);
	struct hv_sev_vcpu *v = vcpu_of(call);
	v->loaded = false;
	if (!gpa) {
		refuse(call, "VMGEXIT with no GHCB GPA set");
		return false;
	}
	if (gpa != v->ghcb_gpa) {
		refuse(call, "the GHCB GPA is not the one registered");
		s->ops->fatal(s->opaque, call->vcpu, "VMGEXIT: the GHCB GPA is not the registered one");
		return false;
	}
	if (!page_shared(call->plat, gpa) || !mem_host_read(call->plat->mem, gpa, v->page, PAGE_SIZE)) {
		refuse(call, "the GHCB page is not shared");
		return false;
	}
	v->loaded = true;
	memcpy(v->valid, v->page + GHCB_VALID_BITMAP, sizeof(v->valid));
	memset(v->page + GHCB_VALID_BITMAP, 0, sizeof(v->valid));
	for (int i = 0; i < N_REGS; i++)
		v->regs[i] = field_valid(v, reg_offset[i]) ? get64(v->page, reg_offset[i]) : 0;
	v->cpl = field_valid(v, GHCB_CPL) ? v->page[GHCB_CPL] : 0;
	if (field_valid(v, GHCB_XCR0))
		v->xcr0 = get64(v->page, GHCB_XCR0);
	call->fn = get64(v->page, GHCB_SW_EXIT_CODE);
	return true;
}

/*
 * Give the GHCB back: the exit's results, and RAX-RDX as the exit left
 * them (sev_es_sync_to_ghcb writes all four, each marked valid).
 */
static void ghcb_finish(struct hv_call *call, uint64_t info1, uint64_t info2)
{
	struct hv_sev_vcpu *v = vcpu_of(call);
	if (!v->loaded)
		return;
	field_set(v, GHCB_SW_EXIT_INFO_1, info1);
	field_set(v, GHCB_SW_EXIT_INFO_2, info2);
	for (int i = REG_RAX; i <= REG_RDX; i++)
		field_set(v, reg_offset[i], v->regs[i]);
	host_write_shared(call->plat, call->a[0], v->page, PAGE_SIZE);
	v->loaded = false;
	call->r[0] = call->a[0];
}

static void ghcb_success(struct hv_call *call, uint64_t data)
{
	ghcb_finish(call, RESP_NO_ACTION, data);
}

static void ghcb_bad_input(struct hv_call *call, uint64_t reason)
{
	ghcb_finish(call, RESP_MALFORMED_INPUT, reason);
}

/*
 * The checks every exit shares (sev_es_validate_vmgexit): GHCB usage 0,
 * a protocol version hvsim offered, and sw_exit_code, sw_exit_info_1 and
 * _2 valid. Returns the reason to refuse with, or 0. KVM does not look at
 * the version field; hvsim holds the guest to what SEV_INFO offered.
 */
static uint64_t common_fault(const struct hv_sev_vcpu *v)
{
	uint32_t usage;
	uint16_t version;
	memcpy(&usage, v->page + GHCB_USAGE, 4);
	memcpy(&version, v->page + GHCB_PROTOCOL_VERSION, 2);
	if (usage || version < HV_SEV_GHCB_VERSION_MIN || version > HV_SEV_GHCB_VERSION_MAX)
		return GHCB_ERR_INVALID_USAGE;
	if (!field_valid(v, GHCB_SW_EXIT_CODE) || !field_valid(v, GHCB_SW_EXIT_INFO_1) ||
	    !field_valid(v, GHCB_SW_EXIT_INFO_2))
		return GHCB_ERR_MISSING_INPUT;
	return 0;
}

/*
 * Begin an exit: the common checks, then the fields this exit needs
 * (offsets, 0-terminated). False: refused, the guest has its error.
 */
static bool begin(struct hv_call *call, const uint16_t *needs)
{
	struct hv_sev_vcpu *v = vcpu_of(call);
	uint64_t reason = common_fault(v);
	for (; !reason && needs && *needs; needs++)
		if (!field_valid(v, *needs))
			reason = GHCB_ERR_MISSING_INPUT;
	if (reason)
		ghcb_bad_input(call, reason);
	return !reason;
}

#define NEEDS(...) ((const uint16_t[]){ __VA_ARGS__, 0 })

static uint64_t info1(const struct hv_call *call)
{
	return get64(vcpu_of(call)->page, GHCB_SW_EXIT_INFO_1);
}

static uint64_t info2(const struct hv_call *call)
{
	return get64(vcpu_of(call)->page, GHCB_SW_EXIT_INFO_2);
}

/*
 * An exit code no row answers: the common checks' reason if they fail,
 * else an unknown event (sev_es_validate_vmgexit's default). The fault
 * injector's failures are malformed input. Nothing is written when the
 * GHCB itself was refused.
 */
static void ghcb_fail(struct hv_call *call, enum hv_failure how)
{
	call->r[0] = call->a[0];
	if (!vcpu_known(call) || !vcpu_of(call)->loaded)
		return;
	struct hv_sev_vcpu *v = vcpu_of(call);
	uint64_t reason = common_fault(v);
	if (!reason)
		reason = how == HV_FAIL_NOT_SUPPORTED ? GHCB_ERR_INVALID_EVENT : GHCB_ERR_INVALID_INPUT;
	ghcb_bad_input(call, reason);
}

/*
 * A scratch area (sw_scratch, len bytes), checked as setup_vmgexit_scratch
 * checks it: inside the GHCB page it must lie within the shared buffer;
 * elsewhere it must be at most 16 pages, all of them shared guest RAM
 * (hvsim's rule: the host reads nothing private). `at` points into the
 * GHCB copy or into a buffer written back by scratch_done when `sync`.
 */
struct scratch {
	uint8_t *at;
	uint64_t gpa, len;
	bool outside, sync;
};

static bool scratch_get(struct hv_call *call, uint64_t len, bool sync, struct scratch *sa)
{
	struct hv_sev_vcpu *v = vcpu_of(call);
	uint64_t beg = get64(v->page, GHCB_SW_SCRATCH), end = beg + len;
	*sa = (struct scratch){ .gpa = beg, .len = len, .sync = sync };
	if (!beg || end < beg)
		goto bad;
	if ((beg & PAGE_MASK) == call->a[0]) {
		if (beg < call->a[0] + GHCB_SHARED_BUFFER || end > call->a[0] + GHCB_SHARED_BUFFER_END)
			goto bad;
		sa->at = v->page + (beg - call->a[0]);
		return true;
	}
	if (len > SCRATCH_LIMIT || !range_shared(call->plat, beg, len))
		goto bad;
	sa->at = malloc(len ? len : 1);
	sa->outside = true;
	if (!sa->at || !mem_host_read(call->plat->mem, beg, sa->at, len)) {
		free(sa->at);
		goto bad;
	}
	return true;
bad:
	ghcb_bad_input(call, GHCB_ERR_INVALID_SCRATCH_AREA);
	return false;
}

static void scratch_done(struct hv_call *call, struct scratch *sa)
{
	if (!sa->outside)
		return;
	if (sa->sync)
		host_write_shared(call->plat, sa->gpa, sa->at, sa->len);
	free(sa->at);
}

/* CPUID (0x72): RAX leaf, RCX subleaf, XCR0 too for leaf 0xD; answers in RAX-RDX. */
static void exit_cpuid(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	struct hv_sev_vcpu *v = vcpu_of(call);
	if (!begin(call, NEEDS(GHCB_RAX, GHCB_RCX)))
		return;
	if (v->regs[REG_RAX] == 0xd && !begin(call, NEEDS(GHCB_XCR0)))
		return;
	uint32_t out[4] = { 0 };
	s->ops->cpuid(s->opaque, call->vcpu, (uint32_t)v->regs[REG_RAX], (uint32_t)v->regs[REG_RCX],
		      v->xcr0, out);
	v->regs[REG_RAX] = out[0];
	v->regs[REG_RBX] = out[1];
	v->regs[REG_RCX] = out[2];
	v->regs[REG_RDX] = out[3];
	ghcb_success(call, 0);
}

/*
 * IOIO (0x7b): sw_exit_info_1 as the SVM IOIO intercept's EXITINFO1 (APM
 * vol. 2 15.10.2): bit 0 IN, bit 2 string, bits 6:4 the size, bits 31:16
 * the port. A string moves sw_exit_info_2 elements through the scratch
 * area; otherwise RAX carries the value.
 */
enum { IOIO_TYPE_IN = 1 << 0, IOIO_STR = 1 << 2, IOIO_SZ_SHIFT = 4 };

static void exit_ioio(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	struct hv_sev_vcpu *v = vcpu_of(call);
	uint64_t i1 = info1(call);
	bool in = i1 & IOIO_TYPE_IN;
	if (!begin(call, (i1 & IOIO_STR) ? NEEDS(GHCB_SW_SCRATCH) : in ? NULL : NEEDS(GHCB_RAX)))
		return;
	unsigned szbits = (i1 >> IOIO_SZ_SHIFT) & 7;
	unsigned size = szbits == 1 ? 1 : szbits == 2 ? 2 : szbits == 4 ? 4 : 0;
	uint16_t port = (uint16_t)(i1 >> 16);
	if (!size) {
		ghcb_bad_input(call, GHCB_ERR_INVALID_INPUT);
		return;
	}
	if (!(i1 & IOIO_STR)) {
		uint64_t mask = size == 4 ? ~0ull : (1ull << (8 * size)) - 1;
		if (in) {
			uint64_t keep = size == 4 ? 0 : v->regs[REG_RAX] & ~mask;
			v->regs[REG_RAX] = keep | (s->ops->io_in(s->opaque, call->vcpu, port, size) & mask);
		} else {
			s->ops->io_out(s->opaque, call->vcpu, port, size, (uint32_t)(v->regs[REG_RAX] & mask));
		}
		ghcb_success(call, 0);
		return;
	}
	/* sev_es_string_io: a count above INT_MAX fails KVM_RUN. */
	uint64_t count = info2(call);
	if (count > 0x7fffffff) {
		s->ops->fatal(s->opaque, call->vcpu, "VMGEXIT IOIO: string count too large");
		ghcb_bad_input(call, GHCB_ERR_INVALID_INPUT);
		return;
	}
	struct scratch sa;
	if (!scratch_get(call, count * size, in, &sa))
		return;
	for (uint64_t i = 0; i < count; i++) {
		uint32_t val = 0;
		if (in) {
			val = s->ops->io_in(s->opaque, call->vcpu, port, size);
			memcpy(sa.at + i * size, &val, size);
		} else {
			memcpy(&val, sa.at + i * size, size);
			s->ops->io_out(s->opaque, call->vcpu, port, size, val);
		}
	}
	scratch_done(call, &sa);
	ghcb_success(call, 0);
}

/* MSR (0x7c): sw_exit_info_1 0 read, 1 write; RCX the MSR, EDX:EAX the value. */
static void exit_msr(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	struct hv_sev_vcpu *v = vcpu_of(call);
	bool write = info1(call) != 0;
	if (!begin(call, write ? NEEDS(GHCB_RCX, GHCB_RAX, GHCB_RDX) : NEEDS(GHCB_RCX)))
		return;
	uint32_t msr = (uint32_t)v->regs[REG_RCX];
	bool ok;
	if (write) {
		uint64_t val = (v->regs[REG_RDX] & 0xffffffff) << 32 | (v->regs[REG_RAX] & 0xffffffff);
		ok = s->ops->wrmsr(s->opaque, call->vcpu, msr, val);
	} else {
		uint64_t val = 0;
		ok = s->ops->rdmsr(s->opaque, call->vcpu, msr, &val);
		if (ok) {
			v->regs[REG_RAX] = val & 0xffffffff;
			v->regs[REG_RDX] = val >> 32;
		}
	}
	/* An MSR that does not exist is #GP for the guest (kvm's svm_complete_emulated_msr). */
	if (ok)
		ghcb_success(call, 0);
	else
		ghcb_finish(call, RESP_ISSUE_EXCEPTION, EVENTINJ_EXCEPTION(X86_GP));
}

/*
 * VMMCALL (0x81): a KVM hypercall (hv_kvm_x86_hcall_abi) with RAX the
 * number, RBX, RCX, RDX, RSI the arguments and the GHCB's CPL the
 * caller's; the result in RAX.
 */
static void exit_vmmcall(struct hv_call *call)
{
	struct hv_sev_vcpu *v = vcpu_of(call);
	if (!begin(call, NEEDS(GHCB_RAX, GHCB_CPL)))
		return;
	struct hv_call sub = {
		.abi = &hv_kvm_x86_hcall_abi, .vcpu = call->vcpu, .level = v->cpl & 3,
		.conduit = call->conduit, .conduit_name = call->conduit_name, .context = call->context,
		.plat = call->plat,
		.a = { v->regs[REG_RAX], v->regs[REG_RBX], v->regs[REG_RCX], v->regs[REG_RDX], v->regs[REG_RSI] },
	};
	if (sub.abi->prepare(&sub) && (sub.row = hv_find(sub.abi, sub.fn, sub.plat)) && sub.row->handler)
		sub.row->handler(&sub);
	else
		sub.abi->encode_failure(&sub, HV_FAIL_NOT_SUPPORTED);
	v->regs[REG_RAX] = sub.r[0];
	ghcb_success(call, 0);
}

/*
 * MMIO_READ / MMIO_WRITE (0x80000001/2): sw_exit_info_1 the GPA,
 * sw_exit_info_2 the length, the data in the scratch area. Linux's #VC
 * handler moves at most 8 bytes at a time; longer is malformed.
 */
static void exit_mmio(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	bool read = call->fn == HV_GHCB_EXIT_MMIO_READ;
	if (!begin(call, NEEDS(GHCB_SW_SCRATCH)))
		return;
	uint64_t gpa = info1(call), len = info2(call);
	struct scratch sa;
	if (!scratch_get(call, len, read, &sa))
		return;
	bool ok = len >= 1 && len <= 8 &&
		  (read ? s->ops->mmio_read(s->opaque, call->vcpu, gpa, sa.at, (unsigned)len)
			: s->ops->mmio_write(s->opaque, call->vcpu, gpa, sa.at, (unsigned)len));
	sa.sync = sa.sync && ok;
	scratch_done(call, &sa);
	if (ok)
		ghcb_success(call, 0);
	else
		ghcb_bad_input(call, GHCB_ERR_INVALID_INPUT);
}

/*
 * PSC (0x80000010): the descriptor in the scratch area (asm/sev-common.h
 * struct snp_psc_desc): a header {u16 cur_entry, u16 end_entry, u32}, then
 * entries {cur_page:12, gfn:40, operation:4, pagesize:1, reserved:7}.
 * Entries cur_entry..end_entry are done in order; each done entry gets
 * cur_page = its page count and cur_entry moves past it, so a guest that
 * sees an error knows where to resume. The answer is "no action" in
 * sw_exit_info_1 and the PSC result in sw_exit_info_2 (snp_complete_psc).
 */
#define PSC_MAX_ENTRY 253
#define PSC_ERROR_GENERIC (0x100ull << 32)
#define PSC_ERROR_INVALID_HDR ((1ull << 32) | 1)
#define PSC_ERROR_INVALID_ENTRY ((1ull << 32) | 2)
#define PSC_HDR 8

/* Entries cur_entry..end of desc, which holds end + 1 entries (end checked by the caller). */
static uint64_t psc_run(struct hv_call *call, uint8_t *desc, uint16_t end)
{
	const struct hv_sev *s = sev_of(call);
	uint16_t cur;
	memcpy(&cur, desc, 2);
	for (; cur <= end; cur++, memcpy(desc, &cur, 2)) {
		uint8_t *e = desc + PSC_HDR + 8u * cur;
		uint64_t entry = get64(e, 0);
		unsigned cur_page = entry & 0xfff, op = (entry >> 52) & 0xf;
		uint64_t gfn = (entry >> 12) & ((1ull << 40) - 1);
		bool huge = (entry >> 56) & 1;
		uint64_t npages = huge ? 512 : 1;
		if (cur_page > npages || gfn % npages)
			return PSC_ERROR_INVALID_ENTRY;
		/* A partly done 2 MiB entry goes on as 4 KiB pages (it is split by now). */
		uint64_t first = gfn + cur_page, left = npages - cur_page;
		if (cur_page)
			huge = false;
		if (left && (op == PSC_OP_PRIVATE || op == PSC_OP_SHARED)) {
			for (uint64_t p = 0; p < left; p++)
				if (!page_at(call->plat, (first + p) << 12))
					return PSC_ERROR_GENERIC;
			if (!s->ops->psc(s->opaque, call->vcpu, first << 12, left, op == PSC_OP_PRIVATE, huge))
				return PSC_ERROR_GENERIC;
		}
		/* PSMASH/UNSMASH and unknown operations change nothing hvsim keeps (as KVM). */
		entry = (entry & ~0xfffull) | npages;
		put64(e, 0, entry);
	}
	return 0;
}

static void exit_psc(struct hv_call *call)
{
	if (!begin(call, NEEDS(GHCB_SW_SCRATCH)))
		return;
	struct scratch sa;
	if (!scratch_get(call, PSC_HDR, true, &sa))
		return;
	uint16_t end;
	memcpy(&end, sa.at + 2, 2);
	scratch_done(call, &sa);
	if (end >= PSC_MAX_ENTRY) {
		ghcb_success(call, PSC_ERROR_INVALID_HDR);
		return;
	}
	if (!scratch_get(call, PSC_HDR + 8ull * (end + 1u), true, &sa))
		return;
	uint64_t ret = psc_run(call, sa.at, end);
	scratch_done(call, &sa);
	ghcb_success(call, ret);
}

/*
 * AP_CREATION (0x80000013): sw_exit_info_1 bits 15:0 the request, 31:16
 * the VMPL, 63:32 the APIC id (Linux's vmgexit_ap_control); sw_exit_info_2
 * the VMSA's GPA; RAX the SEV_FEATURES of the VMSA (create only). Refused
 * as malformed input, as sev_snp_ap_creation does: features other than
 * the VM's, a VMSA GPA that is not a page of guest RAM or that is 2 MiB
 * aligned (the SNP erratum KVM guards against); and by hvsim, a VMPL
 * above 3 or a VMSA in a shared page (a VMSA is the guest's private page).
 */
static void exit_ap_creation(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	struct hv_sev_vcpu *v = vcpu_of(call);
	uint64_t i1 = info1(call), vmsa = info2(call);
	unsigned request = i1 & 0xffff, vmpl = (i1 >> 16) & 0xffff;
	uint32_t apic_id = (uint32_t)(i1 >> 32);
	if (!begin(call, request == HV_GHCB_AP_DESTROY ? NULL : NEEDS(GHCB_RAX)))
		return;
	bool ok = vmpl < N_VMPLS;
	switch (request) {
	case HV_GHCB_AP_CREATE_ON_INIT:
	case HV_GHCB_AP_CREATE: {
		const struct mem_page *p = page_at(call->plat, vmsa);
		ok = ok && v->regs[REG_RAX] == s->vmsa_features && !(vmsa & (PAGE_SIZE - 1)) &&
		     vmsa % HUGE_SIZE && p && p->owner == MEM_PRIVATE &&
		     s->ops->ap_create(s->opaque, call->vcpu, apic_id, vmpl, vmsa,
				       request == HV_GHCB_AP_CREATE_ON_INIT);
		break;
	}
	case HV_GHCB_AP_DESTROY:
		ok = ok && s->ops->ap_destroy(s->opaque, call->vcpu, apic_id, vmpl);
		break;
	default:
		ok = false;
	}
	if (ok)
		ghcb_success(call, 0);
	else
		ghcb_bad_input(call, GHCB_ERR_INVALID_INPUT);
}

/* SNP_RUN_VMPL (0x80000018): sw_exit_info_1 bits 7:0 the VMPL whose VMSA runs next. */
static void exit_run_vmpl(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	if (!begin(call, NULL))
		return;
	uint64_t vmpl = info1(call);
	if (vmpl < N_VMPLS && s->ops->run_vmpl(s->opaque, call->vcpu, (unsigned)vmpl))
		ghcb_success(call, 0);
	else
		ghcb_bad_input(call, GHCB_ERR_INVALID_INPUT);
}

/*
 * Exits KVM answers without doing anything an SNP guest can see: DR7
 * accesses (KVM does not debug protected guests; dr_interception returns
 * for SEV-ES), WBINVD (the caches are the hardware's), MONITOR and MWAIT
 * (NOPs under KVM's default MWAIT_NEVER_UD_FAULTS quirk). Each still
 * needs the fields sev_es_validate_vmgexit asks of it.
 */
static void nop_exit(struct hv_call *call, const uint16_t *needs)
{
	if (begin(call, needs))
		ghcb_success(call, 0);
}

static void exit_read_dr7(struct hv_call *call) { nop_exit(call, NULL); }
static void exit_write_dr7(struct hv_call *call) { nop_exit(call, NEEDS(GHCB_RAX)); }
static void exit_wbinvd(struct hv_call *call) { nop_exit(call, NULL); }
static void exit_monitor(struct hv_call *call) { nop_exit(call, NEEDS(GHCB_RAX, GHCB_RCX, GHCB_RDX)); }
static void exit_mwait(struct hv_call *call) { nop_exit(call, NEEDS(GHCB_RAX, GHCB_RCX)); }

/*
 * RDTSC (0x6e) and RDTSCP (0x87), when the machine intercepts them (GHCB
 * spec: the TSC in EDX:EAX, RDTSCP's TSC_AUX in ECX): the TSC is the
 * platform's counter, as for KVM's kvmclock (hv/kvm_x86.c); TSC_AUX is the
 * machine's MSR (0 if it has none). Offered when the platform has a counter.
 */
#define MSR_TSC_AUX 0xc0000103u

static bool offers_tsc(const struct hv_platform *plat)
{
	return plat->counter != NULL;
}

static void tsc_exit(struct hv_call *call, bool aux)
{
	const struct hv_sev *s = sev_of(call);
	struct hv_sev_vcpu *v = vcpu_of(call);
	if (!begin(call, NULL))
		return;
	uint64_t tsc = call->plat->counter(call->plat->opaque, call->vcpu, true);
	v->regs[REG_RAX] = tsc & 0xffffffff;
	v->regs[REG_RDX] = tsc >> 32;
	if (aux) {
		uint64_t val = 0;
		v->regs[REG_RCX] = s->ops->rdmsr(s->opaque, call->vcpu, MSR_TSC_AUX, &val) ? val & 0xffffffff : 0;
	}
	ghcb_success(call, 0);
}

static void exit_rdtsc(struct hv_call *call) { tsc_exit(call, false); }
static void exit_rdtscp(struct hv_call *call) { tsc_exit(call, true); }

/*
 * NMI_COMPLETE (0x80000003): the guest's NMI handler is done (an SEV-ES
 * guest's IRET is not intercepted); offered when the machine can unmask.
 */
static bool offers_nmi_complete(const struct hv_platform *plat)
{
	return plat->sev && plat->sev->ops->nmi_complete;
}

static void exit_nmi_complete(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	if (!begin(call, NULL))
		return;
	s->ops->nmi_complete(s->opaque, call->vcpu);
	ghcb_success(call, 0);
}

/*
 * AP_JUMP_TABLE (0x80000005): sw_exit_info_1 0 sets the VM's AP jump
 * table address to sw_exit_info_2, 1 gets it back in sw_exit_info_2;
 * anything else is malformed (KVM's SVM_VMGEXIT_AP_JUMP_TABLE case).
 */
static void exit_ap_jump_table(struct hv_call *call)
{
	struct hv_sev *s = call->plat->sev;
	if (!begin(call, NULL))
		return;
	switch (info1(call)) {
	case 0:
		s->ap_jump_table = info2(call);
		ghcb_success(call, 0);
		break;
	case 1:
		ghcb_success(call, s->ap_jump_table);
		break;
	default:
		ghcb_bad_input(call, GHCB_ERR_INVALID_INPUT);
	}
}

/* HV_FEATURES (0x8000fffd): the feature bits in sw_exit_info_2. */
static void exit_hv_features(struct hv_call *call)
{
	if (begin(call, NULL))
		ghcb_success(call, sev_of(call)->hv_features);
}

/* TERM_REQUEST (0x8000fffe): sw_exit_info_1 bits 3:0 the reason set, 11:4 the code. */
static void exit_term_request(struct hv_call *call)
{
	if (!begin(call, NULL))
		return;
	uint64_t i1 = info1(call);
	terminate(call, i1 & 0xf, (i1 >> 4) & 0xff);
	ghcb_success(call, 0);
}

/*
 * SNP_GUEST_REQUEST / SNP_EXTENDED_GUEST_REQUEST (0x80000011/12):
 * sw_exit_info_1 the request page, sw_exit_info_2 the response page, both
 * page-aligned and distinct (else missing input, as KVM checks them with
 * the valid bits), both shared guest RAM (hvsim's rule). The firmware's
 * error goes back in sw_exit_info_2 (SNP_GUEST_ERR: VMM error 0 in bits
 * 63:32). An extended request for a report (message type 5 at offset 52
 * of struct snp_guest_msg_hdr) names a certificate buffer in RAX (GPA)
 * and RBX (pages): hvsim has no certificates and, as KVM does, gives the
 * empty table, a terminator of 24 zero bytes.
 */
#define MSG_TYPE_OFFSET 52
#define SNP_MSG_REPORT_REQ 5
#define CERT_TABLE_END 24

static void exit_guest_request(struct hv_call *call)
{
	const struct hv_sev *s = sev_of(call);
	struct hv_sev_vcpu *v = vcpu_of(call);
	if (!begin(call, NULL))
		return;
	uint64_t req = info1(call), resp = info2(call);
	if (req & (PAGE_SIZE - 1) || resp & (PAGE_SIZE - 1) || req == resp) {
		ghcb_bad_input(call, GHCB_ERR_MISSING_INPUT);
		return;
	}
	if (!page_shared(call->plat, req) || !page_shared(call->plat, resp)) {
		ghcb_bad_input(call, GHCB_ERR_INVALID_INPUT);
		return;
	}
	uint8_t type = 0;
	if (call->fn == HV_GHCB_EXIT_EXT_GUEST_REQUEST &&
	    mem_host_read(call->plat->mem, req + MSG_TYPE_OFFSET, &type, 1) && type == SNP_MSG_REPORT_REQ) {
		static const uint8_t none[CERT_TABLE_END];
		uint64_t data = v->regs[REG_RAX];
		if (!field_valid(v, GHCB_RAX) || !field_valid(v, GHCB_RBX) || data & (PAGE_SIZE - 1)) {
			ghcb_bad_input(call, GHCB_ERR_INVALID_INPUT);
			return;
		}
		if (v->regs[REG_RBX] && !host_write_shared(call->plat, data, none, sizeof(none))) {
			ghcb_bad_input(call, GHCB_ERR_INVALID_INPUT);
			return;
		}
	}
	uint32_t fw_err = 0;
	if (!s->ops->guest_request(s->opaque, call->vcpu, req, resp, &fw_err)) {
		s->ops->fatal(s->opaque, call->vcpu, "SNP_GUEST_REQUEST: the firmware model failed");
		ghcb_bad_input(call, GHCB_ERR_INVALID_INPUT);
		return;
	}
	ghcb_success(call, fw_err);
}

static const struct hv_func ghcb_funcs[] = {
	{ .id = HV_GHCB_EXIT_READ_DR7, .name = "READ_DR7", .handler = exit_read_dr7 },
	{ .id = HV_GHCB_EXIT_WRITE_DR7, .name = "WRITE_DR7", .handler = exit_write_dr7 },
	{ .id = HV_GHCB_EXIT_RDTSC, .name = "RDTSC", .handler = exit_rdtsc, .offered = offers_tsc },
	{ .id = HV_GHCB_EXIT_CPUID, .name = "CPUID", .handler = exit_cpuid },
	{ .id = HV_GHCB_EXIT_IOIO, .name = "IOIO", .handler = exit_ioio },
	{ .id = HV_GHCB_EXIT_MSR, .name = "MSR", .handler = exit_msr },
	{ .id = HV_GHCB_EXIT_VMMCALL, .name = "VMMCALL", .handler = exit_vmmcall },
	{ .id = HV_GHCB_EXIT_RDTSCP, .name = "RDTSCP", .handler = exit_rdtscp, .offered = offers_tsc },
	{ .id = HV_GHCB_EXIT_WBINVD, .name = "WBINVD", .handler = exit_wbinvd },
	{ .id = HV_GHCB_EXIT_MONITOR, .name = "MONITOR", .handler = exit_monitor },
	{ .id = HV_GHCB_EXIT_MWAIT, .name = "MWAIT", .handler = exit_mwait },
	{ .id = HV_GHCB_EXIT_MMIO_READ, .name = "MMIO_READ", .handler = exit_mmio },
	{ .id = HV_GHCB_EXIT_MMIO_WRITE, .name = "MMIO_WRITE", .handler = exit_mmio },
	{ .id = HV_GHCB_EXIT_NMI_COMPLETE, .name = "NMI_COMPLETE", .handler = exit_nmi_complete,
	  .offered = offers_nmi_complete },
	{ .id = HV_GHCB_EXIT_AP_JUMP_TABLE, .name = "AP_JUMP_TABLE", .handler = exit_ap_jump_table },
	{ .id = HV_GHCB_EXIT_PSC, .name = "PSC", .handler = exit_psc },
	{ .id = HV_GHCB_EXIT_GUEST_REQUEST, .name = "SNP_GUEST_REQUEST", .handler = exit_guest_request },
	{ .id = HV_GHCB_EXIT_EXT_GUEST_REQUEST, .name = "SNP_EXT_GUEST_REQUEST", .handler = exit_guest_request },
	{ .id = HV_GHCB_EXIT_AP_CREATION, .name = "AP_CREATION", .handler = exit_ap_creation },
	{ .id = HV_GHCB_EXIT_SNP_RUN_VMPL, .name = "SNP_RUN_VMPL", .handler = exit_run_vmpl },
	{ .id = HV_GHCB_EXIT_HV_FEATURES, .name = "HV_FEATURES", .handler = exit_hv_features },
	{ .id = HV_GHCB_EXIT_TERM_REQUEST, .name = "TERM_REQUEST", .handler = exit_term_request },
};

const struct hv_abi hv_sev_ghcb_abi = {
	.name = "ghcb",
	.funcs = ghcb_funcs,
	.n = sizeof(ghcb_funcs) / sizeof(ghcb_funcs[0]),
	.n_args = 1,
	.n_results = 1,
	.prepare = ghcb_prepare,
	.encode_failure = ghcb_fail,
};

/* ------------------------------------------------------------- set-up */

bool hv_sev_init(struct hv_sev *s, const struct hv_sev_ops *ops, void *opaque, unsigned n_vcpus,
		 unsigned cbit)
{
	*s = (struct hv_sev){
		.ops = ops, .opaque = opaque, .cbit = cbit, .n_vcpus = n_vcpus,
		.hv_features = HV_GHCB_FT_SNP | HV_GHCB_FT_SNP_AP_CREATION | HV_GHCB_FT_SNP_MULTI_VMPL,
	};
	s->vcpus = calloc(n_vcpus ? n_vcpus : 1, sizeof(*s->vcpus));
	if (!s->vcpus)
		return false;
	for (unsigned i = 0; i < n_vcpus; i++) {
		s->vcpus[i].xcr0 = 1;   /* x87, XCR0's reset value */
		s->vcpus[i].page = malloc(PAGE_SIZE);
		if (!s->vcpus[i].page) {
			hv_sev_free(s);
			return false;
		}
	}
	return true;
}

void hv_sev_snapshot(struct hv_sev *s, struct snap *sn)
{
	snap_section(sn, "sev-ghcb");
	uint32_t n = s->n_vcpus;
	snap_val(sn, n);
	if (!sn->failed && n != s->n_vcpus)
		snap_fail(sn, "the snapshot's SNP vCPU count differs from this machine's");
	for (unsigned i = 0; i < s->n_vcpus && !sn->failed; i++) {
		snap_val(sn, s->vcpus[i].ghcb_gpa);
		snap_val(sn, s->vcpus[i].xcr0);
	}
	snap_val(sn, s->ap_jump_table);
	snap_val(sn, s->refusals);
	snap_val(sn, s->rmp_faults);
	if (sn->loading)
		s->last_refusal = NULL;
}

void hv_sev_free(struct hv_sev *s)
{
	for (unsigned i = 0; s->vcpus && i < s->n_vcpus; i++)
		free(s->vcpus[i].page);
	free(s->vcpus);
	s->vcpus = NULL;
}

/* ------------------------------------------- nested page faults (RMP) */

/* SVM_EXIT_NPF (APM 2 appendix C): the one row of the NPF exit. */
#define SVM_EXIT_NPF 0x400u

static bool npf_prepare(struct hv_call *call)
{
	call->fn = SVM_EXIT_NPF;
	return vcpu_known(call);
}

static void npf_fail(struct hv_call *call, enum hv_failure how)
{
	(void)call, (void)how;    /* no result registers: the access restarts */
}

/*
 * An RMP check failed (a VMPL without the permission, a private access to
 * a shared page or the reverse). KVM fixes only what it can by itself (a
 * 2 MiB mapping over 4 KiB RMP entries) and hands the rest to the VMM as
 * KVM_EXIT_MEMORY_FAULT (Documentation/virt/kvm/api.rst); hvsim's VMM
 * converts nothing implicitly and grants no VMPL anything, so the VM
 * stops with the fault reported.
 */
static void npf_rmp_fault(struct hv_call *call)
{
	struct hv_sev *s = sev_of(call);
	s->rmp_faults++;
	s->ops->memory_fault(s->opaque, call->vcpu, call->context, call->a[1], call->a[0]);
}

static const struct hv_func npf_funcs[] = {
	{ .id = SVM_EXIT_NPF, .name = "RMP_FAULT", .handler = npf_rmp_fault },
};

const struct hv_abi hv_sev_npf_abi = {
	.name = "npf",
	.funcs = npf_funcs,
	.n = sizeof(npf_funcs) / sizeof(npf_funcs[0]),
	.n_args = 2,      /* EXITINFO1, EXITINFO2 */
	.n_results = 0,
	.prepare = npf_prepare,
	.encode_failure = npf_fail,
};
