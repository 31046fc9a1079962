/*
 * The SEV-SNP architecture of the CPU (AMD APM vol. 2 ch. 15.34-15.36,
 * vol. 3 "PVALIDATE", "RMPADJUST", "VMGEXIT"): the SVM exit codes a #VC
 * reports, the nested page fault nothing resolves, and the three
 * instructions. The RMP itself is mem/'s (mem_page_validate,
 * mem_page_set_vmpl_perm); the C-bit's views are mmu.c's; which events
 * become a #VC is the route table's, filled by the board.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cpu/x86-coco/rows.h"

/* SVM exit codes (APM 2 appendix C; Linux arch/x86/include/uapi/asm/svm.h). */
enum {
	SVM_EXIT_EXCP_BASE = 0x40,
	SVM_EXIT_READ_DR7 = 0x27, SVM_EXIT_WRITE_DR7 = 0x37,
	SVM_EXIT_RDTSC = 0x6e, SVM_EXIT_RDPMC = 0x6f, SVM_EXIT_CPUID = 0x72, SVM_EXIT_HLT = 0x78,
	SVM_EXIT_IOIO = 0x7b, SVM_EXIT_MSR = 0x7c, SVM_EXIT_SHUTDOWN = 0x7f,
	SVM_EXIT_VMMCALL = 0x81, SVM_EXIT_RDTSCP = 0x87, SVM_EXIT_WBINVD = 0x89,
	SVM_EXIT_MONITOR = 0x8a, SVM_EXIT_MWAIT = 0x8b, SVM_EXIT_NPF = 0x400,
	SVM_EXIT_VMGEXIT = 0x403,
};

static const uint16_t exit_codes[X86_EV_COUNT] = {
	[X86_EV_CPUID] = SVM_EXIT_CPUID, [X86_EV_RDMSR] = SVM_EXIT_MSR,
	[X86_EV_WRMSR] = SVM_EXIT_MSR, [X86_EV_IO] = SVM_EXIT_IOIO,
	/* A device access: the hypervisor's NPT marks device pages so that they fault (APM 2:15.35.5). */
	[X86_EV_MMIO] = SVM_EXIT_NPF, [X86_EV_NPF] = SVM_EXIT_NPF,
	[X86_EV_HLT] = SVM_EXIT_HLT, [X86_EV_VMMCALL] = SVM_EXIT_VMMCALL,
	[X86_EV_VMGEXIT] = SVM_EXIT_VMGEXIT, [X86_EV_RDTSC] = SVM_EXIT_RDTSC,
	[X86_EV_RDTSCP] = SVM_EXIT_RDTSCP, [X86_EV_RDPMC] = SVM_EXIT_RDPMC,
	[X86_EV_WBINVD] = SVM_EXIT_WBINVD, [X86_EV_MONITOR] = SVM_EXIT_MONITOR,
	[X86_EV_MWAIT] = SVM_EXIT_MWAIT, [X86_EV_DR7_READ] = SVM_EXIT_READ_DR7,
	[X86_EV_DR7_WRITE] = SVM_EXIT_WRITE_DR7, [X86_EV_SHUTDOWN] = SVM_EXIT_SHUTDOWN,
};

uint32_t x86_snp_exit_code(enum x86_event ev, const struct x86_event_info *info)
{
	(void)info;   /* the #VC's error code is the exit code alone; the handler decodes the rest */
	if (ev < 32)
		return SVM_EXIT_EXCP_BASE + (uint32_t)ev;
	return exit_codes[ev];
}

/* The #VC causes --stats names, by error code (Linux's SVM_EXIT_REASONS spelling); the last: any other. */
static const struct { uint32_t code; const char *name; } vc_names[X86_VC_KINDS] = {
	{ SVM_EXIT_CPUID, "cpuid" }, { SVM_EXIT_IOIO, "io" }, { SVM_EXIT_MSR, "msr" },
	{ SVM_EXIT_VMMCALL, "vmmcall" }, { SVM_EXIT_NPF, "npf" },
	{ X86_VC_PAGE_NOT_VALIDATED, "page_not_validated" }, { SVM_EXIT_WBINVD, "wbinvd" },
	{ SVM_EXIT_READ_DR7, "read_dr7" }, { SVM_EXIT_WRITE_DR7, "write_dr7" },
	{ SVM_EXIT_MONITOR, "monitor" }, { SVM_EXIT_MWAIT, "mwait" }, { SVM_EXIT_RDTSC, "rdtsc" },
	{ SVM_EXIT_RDTSCP, "rdtscp" }, { SVM_EXIT_RDPMC, "rdpmc" }, { SVM_EXIT_HLT, "hlt" },
	{ 0, "other" },
};

const char *x86_snp_vc_name(unsigned kind)
{
	return kind < X86_VC_KINDS ? vc_names[kind].name : NULL;
}

int x86_snp_vc(struct x86_cpu *c, const struct core_op *op, uint64_t rip, uint32_t code)
{
	unsigned k = 0;
	while (k < X86_VC_KINDS - 1 && vc_names[k].code != code)
		k++;
	c->vc_count[k]++;
	return op ? x86_fault(c, op, X86_EXC_VC, code) : x86_exception(c, rip, X86_EXC_VC, code);
}

/*
 * EXITINFO1 of a nested page fault (APM 2:15.25.6, and for SNP 15.36.10;
 * Linux's PFERR_GUEST_* in arch/x86/include/asm/kvm_host.h): the page-fault
 * style bits, RMP (31) for a failed RMP check, FINAL (32) for the final
 * GPA rather than a table walk, VMPL (36) for a VMPL permission failure.
 */
enum {
	NPF_PRESENT = 1u << 0, NPF_WRITE = 1u << 1, NPF_USER = 1u << 2, NPF_FETCH = 1u << 4,
};
#define NPF_RMP (1ull << 31)
#define NPF_FINAL (1ull << 32)
#define NPF_VMPL (1ull << 36)

int x86_snp_npf(struct x86_cpu *c, uint64_t rip, uint64_t gpa, enum x86_access acc,
		enum mem_err why)
{
	static const char *const what[] = { "read", "write", "instruction fetch" };
	struct x86_route r = c->routes[c->ctx][X86_EV_NPF];
	if (r.to == X86_TO_HV) {
		c->npf_info[0] = NPF_PRESENT | NPF_RMP | NPF_FINAL |
				 (acc == X86_WRITE ? NPF_WRITE : 0) | (acc == X86_FETCH ? NPF_FETCH : 0) |
				 (c->core.req.level == 3 ? NPF_USER : 0) | (why == MEM_ERR_PERM ? NPF_VMPL : 0);
		c->npf_info[1] = gpa;
		c->core.exit_info = (struct core_exit_info){ .pc = rip, .conduit = r.arg,
							     .context = c->ctx };
		c->hcall_len = 0;
		c->core.pc = rip;      /* a fault: the access restarts if the hypervisor resolves it */
		c->core.exit = CORE_EXIT_HYPERCALL;
		core_vcpu_kick(&c->core);
		return CORE_EXIT_NORETIRE;
	}
	snprintf(c->why, sizeof(c->why), "SNP: the RMP refused a VMPL%u %s of GPA %#llx at RIP %#llx",
		 c->ctx, what[acc], (unsigned long long)gpa, (unsigned long long)rip);
	c->core.exit_why = c->why;
	c->core.pc = rip;
	c->core.exit = CORE_EXIT_SHUTDOWN;
	core_vcpu_kick(&c->core);
	return CORE_EXIT_NORETIRE;
}

/* PVALIDATE's and RMPADJUST's results in EAX (APM 3: PVALIDATE, RMPADJUST). */
enum { SNP_SUCCESS = 0, SNP_FAIL_INPUT = 1, SNP_FAIL_PERMISSION = 2, SNP_FAIL_SIZEMISMATCH = 6 };

static uint32_t snp_result(enum mem_err e)
{
	switch (e) {
	case MEM_OK:
	case MEM_ERR_NO_CHANGE: return SNP_SUCCESS;
	case MEM_ERR_PERM: return SNP_FAIL_PERMISSION;
	case MEM_ERR_SIZE: return SNP_FAIL_SIZEMISMATCH;
	default: return SNP_FAIL_INPUT;
	}
}

/*
 * The page an SNP instruction names by the linear address in RAX, with the
 * page size in RCX bit 0 (2 MiB: the address must be 2 MiB-aligned). #UD
 * outside an SNP guest (CPUID does not say SNP there). Returns 0 with *gpa
 * and *huge, 1 for FAIL_INPUT, or the status of the fault taken.
 */
static int snp_page(struct x86_cpu *c, const struct core_op *op, uint64_t *gpa, bool *huge)
{
	if (!c->c_bit_mask)
		return x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
	uint64_t la = c->s.r[X86_RAX];
	*huge = c->s.r[X86_RCX] & 1;
	if (la & (*huge ? (1ull << 21) - 1 : MEM_PAGE_SIZE - 1))
		return 1;
	return x86_translate_op(c, op, la, X86_READ, gpa);
}

/*
 * An SNP instruction on the page RAX names: `fn` does it to the RMP, EAX
 * takes the result. Returns the handler's status.
 */
typedef enum mem_err (*snp_fn)(struct x86_cpu *c, uint64_t gpa, bool huge);
static int snp_insn(struct x86_cpu *c, const struct core_op *op, snp_fn fn, enum mem_err *e)
{
	uint64_t gpa = 0;
	bool huge = false;
	int st = snp_page(c, op, &gpa, &huge);
	if (st > 1 || st < 0)
		return st;
	*e = st ? MEM_ERR_ALIGN : fn(c, gpa, huge);
	c->s.r[X86_RAX] = snp_result(*e);
	return CORE_OK;
}

/*
 * PVALIDATE (F2 0F 01 FF): RDX bit 0 validates or invalidates the page;
 * EAX the result, CF = 1 when the page already was in that state
 * (Linux's PVALIDATE_FAIL_NOUPDATE), the other arithmetic flags clear.
 */
static enum mem_err pvalidate_page(struct x86_cpu *c, uint64_t gpa, bool huge)
{
	return mem_page_validate(c->core.mem, &c->core.req, gpa, c->s.r[X86_RDX] & 1, huge);
}
CORE_HANDLER(pvalidate)
{
	struct x86_cpu *c = x86(v);
	enum mem_err e = MEM_OK;
	int st = snp_insn(c, op, pvalidate_page, &e);
	if (st == CORE_OK)
		x86_set_flags(c, (x86_flags(c) & ~(uint64_t)X86_ARITH_FLAGS) |
				 (e == MEM_ERR_NO_CHANGE ? X86_CF : 0));
	return st;
}

/*
 * A 2 MiB RMPADJUST names one RMP entry, so it changes all of its 512
 * records or none: each must still be part of a 2 MiB private entry (a
 * page made shared or assigned at 4 KiB since split it:
 * FAIL_SIZEMISMATCH), validated, and within the requester's permissions.
 */
static enum mem_err huge_entry_check(struct x86_cpu *c, uint64_t gpa, unsigned perm)
{
	for (unsigned i = 0; i < 512; i++) {
		const struct mem_page *p = mem_page_at(c->core.mem, gpa + i * MEM_PAGE_SIZE, NULL);
		if (!p)
			return MEM_ERR_NOT_RAM;
		if (p->owner != MEM_PRIVATE || !(p->flags & MEM_PF_HUGE))
			return MEM_ERR_SIZE;
		if (perm & ~mem_page_perm(c->core.mem, p, &c->core.req))
			return MEM_ERR_PERM;
		if (!(p->flags & MEM_PF_VALIDATED))
			return MEM_ERR_STATE;
	}
	return MEM_OK;
}

/*
 * RMPADJUST (F3 0F 01 FE): RDX bits 7:0 the target VMPL, 15:8 its
 * permissions, bit 16 VMSA; only a more privileged VMPL may change a less
 * privileged one's (FAIL_PERMISSION otherwise: how Linux learns it runs at
 * VMPL0, arch/x86/boot/startup/sev-startup.c). EAX the result; a 2 MiB
 * request changes each 4 KiB record of the 2 MiB RMP entry.
 */
static enum mem_err rmpadjust_page(struct x86_cpu *c, uint64_t gpa, bool huge)
{
	uint64_t attr = c->s.r[X86_RDX];
	unsigned vmpl = attr & 0xff, perm = (attr >> 8) & 0xff;
	if (vmpl > 3 || (perm & ~MEM_PERM_ALL))
		return MEM_ERR_ALIGN;
	const struct mem_page *p = mem_page_at(c->core.mem, gpa, NULL);
	if (p && p->owner == MEM_PRIVATE && (bool)(p->flags & MEM_PF_HUGE) != huge)
		return MEM_ERR_SIZE;
	enum mem_err e = huge && p && c->ctx < vmpl ? huge_entry_check(c, gpa, perm) : MEM_OK;
	for (unsigned i = 0; !e && i < (huge ? 512u : 1u); i++)
		e = mem_page_set_vmpl_perm(c->core.mem, &c->core.req, gpa + i * MEM_PAGE_SIZE, vmpl,
					   perm, attr >> 16 & 1);
	return e;
}
CORE_HANDLER(rmpadjust)
{
	enum mem_err e;
	return snp_insn(x86(v), op, rmpadjust_page, &e);
}

/*
 * VMGEXIT (F3 0F 01 D9): the guest's exit to its hypervisor, which reads
 * the GHCB MSR (and through it the GHCB); the route table sends it to
 * hvsim. Outside an SEV-ES guest it is #UD here.
 */
CORE_HANDLER(vmgexit)
{
	return x86_route_or_ud(x86(v), op, X86_EV_VMGEXIT);
}

static bool rm_is_1(const struct x86_dec *d)
{
	return (d->modrm & 7) == 1;
}
static bool rm_is_6(const struct x86_dec *d)
{
	return (d->modrm & 7) == 6;
}
static bool rm_is_7(const struct x86_dec *d)
{
	return (d->modrm & 7) == 7;
}

static const struct x86_exec pvalidate_exec = X86_EXEC_ALL(pvalidate);
static const struct x86_exec rmpadjust_exec = X86_EXEC_ALL(rmpadjust);
static const struct x86_exec vmgexit_exec = X86_EXEC_ALL(vmgexit);

static const struct x86_row rows[] = {
	{ .map = F, .opcode = 0x01, .prefix = X86_PFX_F2, .ext = 7, .modrm = X86_M_REG, .cls = SYS,
	  .flags = X86_F_PRIV | X86_F_ONLY64, .name = "pvalidate", .ops = "", .exec = &pvalidate_exec,
	  .when = rm_is_7 },
	{ .map = F, .opcode = 0x01, .prefix = X86_PFX_F3, .ext = 7, .modrm = X86_M_REG, .cls = SYS,
	  .flags = X86_F_PRIV | X86_F_ONLY64, .name = "rmpadjust", .ops = "", .exec = &rmpadjust_exec,
	  .when = rm_is_6 },
	{ .map = F, .opcode = 0x01, .prefix = X86_PFX_F3, .ext = 3, .modrm = X86_M_REG, .cls = SYS,
	  .flags = END, .name = "vmgexit", .ops = "", .exec = &vmgexit_exec, .when = rm_is_1 },
};

const struct x86_table x86_table_snp = { rows, sizeof(rows) / sizeof(rows[0]) };

/* ------------------------------------------------------------ the VMSA */

/* Little-endian field of n bytes (1-8) at offset off of a VMSA. */
static uint64_t vmsa_field(const uint8_t *vmsa, unsigned off, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)vmsa[off + i] << (8 * i);
	return v;
}

/*
 * Offsets in the VMSA (APM 2 Table B-4; Linux struct sev_es_save_area):
 * the segments ES, CS, SS, DS, FS, GS, GDTR, LDTR, IDTR, TR at 16 bytes
 * each from 0 (selector, attributes, limit, base); the GPRs other than
 * RAX and RSP at 0x300 + 8 * their number, which leaves the two holes
 * where the VMCB keeps RAX (0x1f8) and RSP (0x1d8).
 */
enum {
	VMSA_GDTR = 0x60, VMSA_LDTR = 0x70, VMSA_IDTR = 0x80, VMSA_TR = 0x90, VMSA_VMPL = 0xca,
	VMSA_RSP = 0x1d8, VMSA_RAX = 0x1f8, VMSA_TSC_AUX = 0x2ec, VMSA_GPRS = 0x300,
	VMSA_SEV_FEATURES = 0x3b0, VMSA_MXCSR = 0x408, VMSA_X87_FTW = 0x40c, VMSA_X87_FSW = 0x40e,
	VMSA_X87_FCW = 0x410, VMSA_X87_FOP = 0x412, VMSA_X87_REGS = 0x420, VMSA_XMM = 0x470,
};

/* The VMSA's 64-bit fields that are one x86_state field each. */
#define ST(f) offsetof(struct x86_state, f)
static const struct { uint16_t off, at; } vmsa_u64[] = {
	{ 0xd0, ST(efer) }, { 0x148, ST(cr4) }, { 0x150, ST(cr3) }, { 0x158, ST(cr0) },
	{ 0x160, ST(dr[7]) }, { 0x168, ST(dr[6]) }, { 0x170, ST(rflags) }, { 0x178, ST(rip) },
	{ 0x180, ST(dr[0]) }, { 0x188, ST(dr[1]) }, { 0x190, ST(dr[2]) }, { 0x198, ST(dr[3]) },
	{ 0x200, ST(star) }, { 0x208, ST(lstar) }, { 0x210, ST(cstar) }, { 0x218, ST(sfmask) },
	{ 0x220, ST(kernel_gs_base) }, { 0x228, ST(sysenter_cs) }, { 0x230, ST(sysenter_esp) },
	{ 0x238, ST(sysenter_eip) }, { 0x240, ST(cr2) }, { 0x268, ST(pat) }, { 0x3e8, ST(xcr0) },
};
#undef ST

/* The VMSA's segment order to this CPU's (GDTR and IDTR are x86_state's own fields). */
static const struct { uint16_t off; uint8_t seg; } vmsa_segs[] = {
	{ 0x00, X86_ES }, { 0x10, X86_CS }, { 0x20, X86_SS }, { 0x30, X86_DS },
	{ 0x40, X86_FS }, { 0x50, X86_GS }, { VMSA_LDTR, X86_LDTR }, { VMSA_TR, X86_TR },
};

/* The CR4 and EFER bits this CPU has: any other is must-be-zero for VMRUN. */
#define CR4_KNOWN (X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | X86_CR4_DE | X86_CR4_PSE |      \
		   X86_CR4_PAE | X86_CR4_MCE | X86_CR4_PGE | X86_CR4_PCE | X86_CR4_OSFXSR |    \
		   X86_CR4_OSXMMEXCPT | X86_CR4_UMIP | X86_CR4_LA57 | X86_CR4_FSGSBASE |       \
		   X86_CR4_PCIDE | X86_CR4_OSXSAVE | X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_PKE)
#define EFER_KNOWN (X86_EFER_SCE | X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE | X86_EFER_SVME | \
		    X86_EFER_FFXSR)

/* VMRUN's consistency checks on the state it would load (APM 2:15.5.1), the first that fails. */
static const char *vmsa_check(const struct x86_state *st)
{
	bool lme_pg = (st->efer & X86_EFER_LME) && (st->cr0 & X86_CR0_PG);
	const struct x86_seg *cs = &st->seg[X86_CS];
	if (!(st->efer & X86_EFER_SVME))
		return "EFER.SVME clear";
	if (st->efer & ~(uint64_t)EFER_KNOWN)
		return "EFER has must-be-zero bits set";
	if (!(st->cr0 & X86_CR0_CD) && (st->cr0 & X86_CR0_NW))
		return "CR0.NW set with CR0.CD clear";
	if (st->cr0 >> 32)
		return "CR0 bits 63:32 set";
	if (st->cr3 >> 52)
		return "CR3 has must-be-zero bits set";
	if (st->cr4 & ~(uint64_t)CR4_KNOWN)
		return "CR4 has must-be-zero bits set";
	if ((st->dr[6] | st->dr[7]) >> 32)
		return "DR6 or DR7 bits 63:32 set";
	if (lme_pg && !(st->cr4 & X86_CR4_PAE))
		return "EFER.LME and CR0.PG with CR4.PAE clear";
	if (lme_pg && !(st->cr0 & X86_CR0_PE))
		return "EFER.LME and CR0.PG with CR0.PE clear";
	if (lme_pg && (cs->attr & X86_SEG_L) && (cs->attr & X86_SEG_DB))
		return "EFER.LME, CR0.PG, CR4.PAE with both CS.L and CS.D";
	/* XSETBV's rule for the XCR0 the state carries (SDM 2: XSETBV): x87 on, only what exists. */
	if (!(st->xcr0 & 1) || (st->xcr0 & ~(uint64_t)X86_XCR0_SUPPORTED))
		return "XCR0 invalid";
	return NULL;
}

const char *x86_snp_vmsa_read(const uint8_t *vmsa, struct x86_state *st, unsigned *vmpl,
			      uint64_t *features)
{
	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < sizeof(vmsa_segs) / sizeof(vmsa_segs[0]); i++) {
		unsigned off = vmsa_segs[i].off;
		st->seg[vmsa_segs[i].seg] = (struct x86_seg){
			.sel = (uint16_t)vmsa_field(vmsa, off, 2),
			.attr = (uint16_t)vmsa_field(vmsa, off + 2, 2),
			.limit = (uint32_t)vmsa_field(vmsa, off + 4, 4),
			.base = vmsa_field(vmsa, off + 8, 8),
		};
	}
	st->gdtr = (struct x86_dtr){ vmsa_field(vmsa, VMSA_GDTR + 8, 8),
				     (uint16_t)vmsa_field(vmsa, VMSA_GDTR + 4, 4) };
	st->idtr = (struct x86_dtr){ vmsa_field(vmsa, VMSA_IDTR + 8, 8),
				     (uint16_t)vmsa_field(vmsa, VMSA_IDTR + 4, 4) };
	for (unsigned r = 0; r < X86_NGPR; r++)
		st->r[r] = vmsa_field(vmsa, r == X86_RAX ? VMSA_RAX : r == X86_RSP ? VMSA_RSP
								 : VMSA_GPRS + 8 * r, 8);
	for (size_t i = 0; i < sizeof(vmsa_u64) / sizeof(vmsa_u64[0]); i++) {
		uint64_t v = vmsa_field(vmsa, vmsa_u64[i].off, 8);
		memcpy((uint8_t *)st + vmsa_u64[i].at, &v, sizeof(v));
	}
	st->rflags |= 2;   /* bit 1 reads as one */
	st->tsc_aux = vmsa_field(vmsa, VMSA_TSC_AUX, 4);
	st->mxcsr = (uint32_t)vmsa_field(vmsa, VMSA_MXCSR, 4);
	st->fcw = (uint16_t)vmsa_field(vmsa, VMSA_X87_FCW, 2);
	st->fsw = (uint16_t)vmsa_field(vmsa, VMSA_X87_FSW, 2);
	st->fop = (uint16_t)vmsa_field(vmsa, VMSA_X87_FOP, 2);
	/* The VMSA has the full tag word (two bits a register, 11 empty); this CPU the abridged one. */
	unsigned ftw = (unsigned)vmsa_field(vmsa, VMSA_X87_FTW, 2), top = (st->fsw >> 11) & 7;
	for (unsigned i = 0; i < 8; i++) {
		if (((ftw >> (2 * i)) & 3) != 3)
			st->ftw |= (uint8_t)(1u << i);
		/* The registers are stored in stack order, ST(0) first, 10 bytes each. */
		struct x86_fpreg *f = &st->st[(top + i) & 7];
		f->mant = vmsa_field(vmsa, VMSA_X87_REGS + 10 * i, 8);
		f->sexp = (uint16_t)vmsa_field(vmsa, VMSA_X87_REGS + 10 * i + 8, 2);
	}
	for (unsigned i = 0; i < 16; i++)
		memcpy(&st->xmm[i], vmsa + VMSA_XMM + 16 * i, 16);
	/* Long mode is active when paging is on with LME (APM 2:14.6.5). */
	if ((st->efer & X86_EFER_LME) && (st->cr0 & X86_CR0_PG))
		st->efer |= X86_EFER_LMA;
	else
		st->efer &= ~(uint64_t)X86_EFER_LMA;
	*vmpl = vmsa[VMSA_VMPL];
	*features = vmsa_field(vmsa, VMSA_SEV_FEATURES, 8);
	return vmsa_check(st);
}
