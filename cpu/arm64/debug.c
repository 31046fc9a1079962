/*
 * AArch64's description for the debugger, traces and statistics
 * (cpu/core/debug.h): exception classes by name, fault syndromes decoded,
 * and the exception records the exception entry reports.
 */
#include <pthread.h>
#include <stdio.h>

#include "cpu/arm64/debug.h"

/*
 * ESR_ELx.EC (Arm ARM D17.2.37), as seen by an AArch64 EL: the names
 * statistics count by and traces print. Unallocated classes are NULL.
 */
static const char *const ec_names[64] = {
	[0x00] = "UNKNOWN",       [0x01] = "WFX",           [0x03] = "CP15_32",
	[0x04] = "CP15_64",       [0x05] = "CP14_32",       [0x06] = "CP14_LS",
	[0x07] = "FP_ACCESS",     [0x09] = "PAC",           [0x0a] = "LS64",
	[0x0c] = "CP14_64",       [0x0d] = "BTI",           [0x0e] = "ILLEGAL_STATE",
	[0x11] = "SVC32",         [0x12] = "HVC32",         [0x13] = "SMC32",
	[0x15] = "SVC64",         [0x16] = "HVC64",         [0x17] = "SMC64",
	[0x18] = "SYSREG",        [0x19] = "SVE",           [0x1a] = "ERET",
	[0x1c] = "FPAC",          [0x1f] = "IMP_DEF",       [0x20] = "IABT_LOWER",
	[0x21] = "IABT_SAME",     [0x22] = "PC_ALIGN",      [0x24] = "DABT_LOWER",
	[0x25] = "DABT_SAME",     [0x26] = "SP_ALIGN",      [0x28] = "FP_EXC32",
	[0x2c] = "FP_EXC64",      [0x2f] = "SERROR",        [0x30] = "BREAKPT_LOWER",
	[0x31] = "BREAKPT_SAME",  [0x32] = "SSTEP_LOWER",   [0x33] = "SSTEP_SAME",
	[0x34] = "WATCHPT_LOWER", [0x35] = "WATCHPT_SAME",  [0x38] = "BKPT32",
	[0x3a] = "VECTOR_CATCH",  [0x3c] = "BRK64",
};

/*
 * The asynchronous exceptions, by vector (D1.10.2 "Exception vectors":
 * offsets 0x80, 0x100, 0x180 of a vector group): their cause numbers.
 */
enum { A64_ASYNC_IRQ, A64_ASYNC_FIQ, A64_ASYNC_SERROR, A64_ASYNC_COUNT };
static const char *const async_names[A64_ASYNC_COUNT] = {
	[A64_ASYNC_IRQ] = "IRQ", [A64_ASYNC_FIQ] = "FIQ", [A64_ASYNC_SERROR] = "SERROR_INT",
};

static const char *exc_name(const struct core_exc_rec *r)
{
	if (r->kind != CORE_EXC_SYNC)
		return r->cause < A64_ASYNC_COUNT ? async_names[r->cause] : "?";
	const char *n = ec_names[r->cause & 63];
	return n ? n : "UNALLOCATED";
}

/*
 * Instruction and data aborts (EC 0x20-0x25 less 0x22): the fault status
 * code of ISS[5:0] (D17.2.40 "ISS encoding for an exception from a Data
 * Abort"), WnR (bit 6) and S1PTW (bit 7).
 */
static bool exc_fault(const struct core_exc_rec *r, char *out, size_t outlen)
{
	if (r->kind != CORE_EXC_SYNC)
		return false;
	bool fetch = r->cause == EC_IABT_LOWER || r->cause == EC_IABT_SAME;
	bool data = r->cause == EC_DABT_LOWER || r->cause == EC_DABT_SAME;
	if (!fetch && !data)
		return false;
	unsigned fsc = r->syndrome & 0x3f;
	const char *what;
	switch (fsc >> 2) {
	case 0: what = "address size fault"; break;
	case 1: what = "translation fault"; break;
	case 2: what = "access flag fault"; break;
	case 3: what = "permission fault"; break;
	case 5: what = "external abort on walk"; break;
	default:
		what = fsc == 0x10 ? "external abort" : fsc == 0x21 ? "alignment fault" :
		       fsc == 0x30 ? "TLB conflict" : "abort";
		break;
	}
	char lvl[16] = "";
	if (fsc < 0x10 || (fsc >> 2) == 5)
		snprintf(lvl, sizeof(lvl), ", level %u", fsc & 3);
	snprintf(out, outlen, "%s, %s%s%s", fetch ? "instruction fetch" :
		 (r->syndrome >> 6) & 1 ? "data write" : "data read", what, lvl,
		 (r->syndrome >> 7) & 1 ? " (stage 1 table walk)" : "");
	return true;
}

static unsigned level(struct core_vcpu *v)
{
	return a64(v)->el;
}

static bool translate(struct core_vcpu *v, uint64_t va, uint64_t *pa)
{
	return a64_translate_debug(a64(v), va, pa);
}

/* SMCCC's argument registers (DEN0028 2.6), as cpu.c passes them. */
static const char *const hcall_regs[] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
	"x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
};

static struct core_debug_isa isa = {
	.name = "arm64",
	.gdb_arch = "aarch64",
	.level_prefix = "EL",
	.watch_after = false,   /* a watchpoint is a fault: the access does not happen (D2.10) */
	.hcall_regs = hcall_regs,
	.n_hcall_regs = sizeof(hcall_regs) / sizeof(hcall_regs[0]),
	.level = level,
	.translate = translate,
	.disasm = a64_disasm,
	.exc_name = exc_name,
	.exc_fault = exc_fault,
};
static pthread_once_t isa_once = PTHREAD_ONCE_INIT;

static void isa_build(void)
{
	a64_debug_regs(&isa);
}

const struct core_debug_isa *a64_debug_isa(void)
{
	pthread_once(&isa_once, isa_build);
	return &isa;
}

void a64_trace_exception(struct arm64_cpu *c, uint64_t spsr, unsigned target, uint64_t ret_pc,
			 unsigned kind)
{
	struct core_hooks *h = c->core.hooks;
	if (!h->exception)
		return;
	struct core_exc_rec r = {
		/* vector offsets 0 (synchronous), 0x80, 0x100, 0x180 (IRQ, FIQ, SError) */
		.kind = kind ? CORE_EXC_ASYNC : CORE_EXC_SYNC,
		.cause = kind ? (kind >> 7) - 1 : 0,
		.from_level = (uint8_t)((spsr >> 2) & 3),
		.to_level = (uint8_t)target,
		.ret_pc = ret_pc,
		.vector = c->core.pc,
	};
	if (r.kind == CORE_EXC_SYNC) {
		r.syndrome = target == 2 ? c->sr.esr_el2 : c->sr.esr_el1;
		r.fault_addr = target == 2 ? c->sr.far_el2 : c->sr.far_el1;
		r.cause = (uint32_t)(r.syndrome >> 26) & 63;
	}
	h->exception(h, &c->core, &r);
}
