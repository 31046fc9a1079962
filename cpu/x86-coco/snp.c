/*
 * The SEV-SNP architecture of the CPU (AMD APM vol. 2 ch. 15.34-15.36,
 * vol. 3 "PVALIDATE", "RMPADJUST", "VMGEXIT"): the SVM exit codes a #VC
 * reports, the nested page fault nothing resolves, and the three
 * instructions. The RMP itself is mem/'s (mem_page_validate,
 * mem_page_set_vmpl_perm); the C-bit's views are mmu.c's; which events
 * become a #VC is the route table's, filled by the board.
 */
#include <stdio.h>

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

int x86_snp_npf(struct x86_cpu *c, uint64_t rip, uint64_t gpa, enum x86_access acc)
{
	static const char *const what[] = { "read", "write", "instruction fetch" };
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
