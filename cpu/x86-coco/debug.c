/*
 * x86-64's description for the debugger, traces and statistics
 * (cpu/core/debug.h): exception classes by vector (SDM 3:6.3.1 Table
 * 6-1), #PF described from its error code (SDM 3:4.7), the CPL, the
 * side-effect-free translation, and the disassembler from the decode rows.
 */
#include <stdio.h>

#include "cpu/x86-coco/debug.h"

static const char *const vector_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS", "#NP",
	"#SS", "#GP", "#PF", "RESERVED", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
	"RESERVED", "RESERVED", "RESERVED", "RESERVED", "RESERVED", "RESERVED", "#HV", "#VC",
	"#SX", "RESERVED",
};

/* A synchronous record's cause is the vector; an interrupt's is its vector too. */
static const char *exc_name(const struct core_exc_rec *r)
{
	if (r->kind != CORE_EXC_SYNC)
		return "INTR";
	return r->cause < 32 ? vector_names[r->cause] : "INT n";
}

/* #PF: the error code's bits (syndrome) in words. */
static bool exc_fault(const struct core_exc_rec *r, char *out, size_t outlen)
{
	if (r->kind != CORE_EXC_SYNC || r->cause != X86_EXC_PF)
		return false;
	uint64_t e = r->syndrome;
	snprintf(out, outlen, "%s %s, %s%s%s", (e & 4) ? "user" : "supervisor",
		 (e & 16) ? "instruction fetch" : (e & 2) ? "data write" : "data read",
		 (e & 1) ? "protection violation" : "page not present", (e & 8) ? ", reserved bit" : "",
		 (e & 32) ? ", protection key" : "");
	return true;
}

static unsigned level(struct core_vcpu *v)
{
	return x86_cpl(x86(v));
}

static bool translate(struct core_vcpu *v, uint64_t va, uint64_t *pa)
{
	return x86_translate_debug(x86(v), va, pa);
}

/* From the decode rows, in the vCPU's decode mode. */
static unsigned disasm(struct core_vcpu *v, uint64_t pc, const uint8_t *bytes, size_t avail,
		       char *out, size_t outlen)
{
	struct x86_dec d;
	x86_decode_insn(v->mode, bytes, avail, &d);
	return x86_disasm(&d, pc, out, outlen) ? d.len : 0;
}

/* KVM's hypercall registers (Documentation/virt/kvm/x86/hypercalls.rst), as cpu.c passes them. */
static const char *const hcall_regs[] = { "rax", "rbx", "rcx", "rdx", "rsi" };

static const struct core_debug_isa isa = {
	.name = "x86_64",
	.gdb_arch = "i386:x86-64",
	.level_prefix = "CPL",
	/* Data breakpoints are traps: the access has happened (SDM 3:17.3.1.2). */
	.watch_after = true,
	.op_insn_not_raw = true,
	.hcall_regs = hcall_regs,
	.n_hcall_regs = sizeof(hcall_regs) / sizeof(hcall_regs[0]),
	.features = x86_reg_features,
	.n_features = X86_REG_FEATURES,
	.regs = x86_regs,
	.n_regs = X86_N_REGS,
	.n_g_regs = X86_N_REGS,
	.pc_reg = X86_REG_RIP,
	.level = level,
	.translate = translate,
	.disasm = disasm,
	.exc_name = exc_name,
	.exc_fault = exc_fault,
};

const struct core_debug_isa *x86_debug_isa(void)
{
	return &isa;
}

void x86_trace_exception(struct x86_cpu *c, unsigned vec, uint32_t err, uint64_t rip, unsigned from_cpl,
			 bool ok)
{
	struct core_hooks *h = c->core.hooks;
	if (!h->exception)
		return;
	struct core_exc_rec r = {
		.kind = CORE_EXC_SYNC, .cause = vec, .from_level = (uint8_t)from_cpl,
		.to_level = (uint8_t)x86_cpl(c), .syndrome = err == X86_NO_ERROR ? 0 : err,
		.fault_addr = vec == X86_EXC_PF ? c->s.cr2 : 0, .ret_pc = rip,
		.vector = ok ? c->core.pc : 0,
	};
	h->exception(h, &c->core, &r);
}
