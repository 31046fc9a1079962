/*
 * LoongArch's description for the debugger, traces and statistics
 * (cpu/core/debug.h): exception classes by Ecode and interrupts by line,
 * the TLB and address faults described, and the exception records the
 * exception entry reports.
 *
 * A record's cause is ESTAT.Ecode (LA_EXC_TLBR for the TLB refill, which
 * has none), its syndrome ESTAT as the entry left it (0 for the refill),
 * its fault address BADV (TLBRBADV), its return address ERA (TLBRERA).
 */
#include <pthread.h>
#include <stdio.h>

#include "cpu/loongarch/debug.h"

/* LA RM 7.4.6, "Table of exception encoding". */
static const char *const ecode_names[64] = {
	[LA_EXC_INT] = "INT",   [LA_EXC_PIL] = "PIL",   [LA_EXC_PIS] = "PIS",
	[LA_EXC_PIF] = "PIF",   [LA_EXC_PME] = "PME",   [LA_EXC_PNR] = "PNR",
	[LA_EXC_PNX] = "PNX",   [LA_EXC_PPI] = "PPI",   [LA_EXC_ALE] = "ALE",
	[LA_EXC_BCE] = "BCE",   [LA_EXC_SYS] = "SYS",   [LA_EXC_BRK] = "BRK",
	[LA_EXC_INE] = "INE",   [LA_EXC_IPE] = "IPE",   [LA_EXC_FPD] = "FPD",
	[LA_EXC_SXD] = "SXD",   [LA_EXC_ASXD] = "ASXD", [LA_EXC_BTD] = "BTD",
	[LA_EXC_BTE] = "BTE",   [LA_EXC_GSPR] = "GSPR", [LA_EXC_HVC] = "HVC",
	[LA_EXC_TLBR] = "TLBR",
};

/* The Ecodes whose EsubCode names the exception: {EsubCode 0, EsubCode 1}. */
static const struct {
	uint8_t ecode;
	const char *sub[2];
} subcoded[] = {
	{ LA_EXC_ADE, { "ADEF", "ADEM" } },
	{ LA_EXC_FPE, { "FPE", "VFPE" } },
	{ LA_EXC_WPE, { "WPEF", "WPEM" } },
	{ LA_EXC_GCM, { "GCSC", "GCHC" } },
};

/* Interrupt lines, ESTAT.IS (6.1.1). */
static const char *const irq_names[LA_IRQ_COUNT] = {
	"SWI0", "SWI1", "HWI0", "HWI1", "HWI2", "HWI3", "HWI4", "HWI5", "HWI6", "HWI7",
	"PMI", "TIMER", "IPI",
};

static const char *exc_name(const struct core_exc_rec *r)
{
	if (r->kind != CORE_EXC_SYNC)
		return r->cause < LA_IRQ_COUNT ? irq_names[r->cause] : "?";
	unsigned sub = (unsigned)(r->syndrome >> LA_ESTAT_ESUBCODE_SHIFT) & 0x1ff;
	for (size_t i = 0; i < sizeof(subcoded) / sizeof(subcoded[0]); i++)
		if (subcoded[i].ecode == r->cause)
			return sub < 2 ? subcoded[i].sub[sub] : "?";
	const char *n = r->cause < 64 ? ecode_names[r->cause] : NULL;
	return n ? n : "RESERVED";
}

/*
 * The memory-management faults (5.4.3 "TLB-related Exceptions", 6.3.2):
 * which access, and what the TLB or the address said.
 */
static bool exc_fault(const struct core_exc_rec *r, char *out, size_t outlen)
{
	static const struct {
		uint8_t ecode;
		const char *what;
	} faults[] = {
		{ LA_EXC_PIL, "data load, page invalid" },
		{ LA_EXC_PIS, "data store, page invalid" },
		{ LA_EXC_PIF, "instruction fetch, page invalid" },
		{ LA_EXC_PME, "data store, page not dirty (modify)" },
		{ LA_EXC_PNR, "data load, page not readable" },
		{ LA_EXC_PNX, "instruction fetch, page not executable" },
		{ LA_EXC_PPI, "page privilege level" },
		{ LA_EXC_ALE, "data access, alignment" },
		{ LA_EXC_BCE, "bound check" },
	};
	if (r->kind != CORE_EXC_SYNC)
		return false;
	const char *what = NULL;
	if (r->cause == LA_EXC_TLBR)
		what = r->fault_addr == r->ret_pc ? "instruction fetch, TLB refill" :
						    "data access, TLB refill";
	else if (r->cause == LA_EXC_ADE)
		what = ((r->syndrome >> LA_ESTAT_ESUBCODE_SHIFT) & 0x1ff) == LA_ADE_FETCH ?
		       "instruction fetch, address error" : "data access, address error";
	for (size_t i = 0; !what && i < sizeof(faults) / sizeof(faults[0]); i++)
		if (faults[i].ecode == r->cause)
			what = faults[i].what;
	if (!what)
		return false;
	snprintf(out, outlen, "%s", what);
	return true;
}

static unsigned level(struct core_vcpu *v)
{
	return la_plv(la(v));
}

static bool translate(struct core_vcpu *v, uint64_t va, uint64_t *pa)
{
	return la_translate_debug(la(v), va, pa);
}

/* From the decode tables (la_*.decode): every LA64 instruction is 4 bytes. */
static unsigned disasm(struct core_vcpu *v, uint64_t pc, const uint8_t *bytes, size_t avail,
		       char *out, size_t outlen)
{
	uint32_t insn;
	if (avail < 4)
		return 0;
	memcpy(&insn, bytes, 4);
	return la_disasm_insn(insn, out, outlen) ? 4 : 0;
}

/* KVM's hypercall registers (hypercalls.rst), as cpu.c passes them. */
static const char *const hcall_regs[] = { "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7" };

static struct core_debug_isa isa = {
	.name = "loongarch",
	.gdb_arch = "loongarch64",
	.level_prefix = "PLV",
	/*
	 * A load/store watchpoint is an exception at the instruction (WPEM):
	 * the access does not happen, and FWPS/MWPS.Skip exist to let the
	 * re-executed instruction past it (7.9).
	 */
	.watch_after = false,
	.hcall_regs = hcall_regs,
	.n_hcall_regs = sizeof(hcall_regs) / sizeof(hcall_regs[0]),
	.level = level,
	.translate = translate,
	.disasm = disasm,
	.exc_name = exc_name,
	.exc_fault = exc_fault,
};
static pthread_once_t isa_once = PTHREAD_ONCE_INIT;

static void isa_build(void)
{
	la_debug_regs(&isa);
}

const struct core_debug_isa *la_debug_isa(void)
{
	pthread_once(&isa_once, isa_build);
	return &isa;
}

void la_trace_exception(struct la_cpu *c, unsigned kind, unsigned cause, uint64_t syndrome,
			unsigned from, uint64_t fault_addr, uint64_t ret_pc)
{
	struct core_hooks *h = c->core.hooks;
	if (!h->exception)
		return;
	struct core_exc_rec r = {
		.kind = (uint8_t)kind,
		.from_level = (uint8_t)from,
		.to_level = 0,
		.cause = cause,
		.syndrome = syndrome,
		.fault_addr = fault_addr,
		.ret_pc = ret_pc,
		.vector = c->core.pc,
	};
	h->exception(h, &c->core, &r);
}
