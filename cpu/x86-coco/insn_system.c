/*
 * Flag, identification, time and hypercall instructions (SDM 2: CLC, STC,
 * CMC, CLD, STD, CLI, STI, LAHF, SAHF, CPUID, RDTSC, HLT, UD2, INT3,
 * INT n, INT1; VMCALL, APM 3: VMMCALL). Those a hypervisor may intercept
 * ask the route table first (x86_route): a handler never knows which
 * confidential-computing model runs.
 */
#include "cpu/x86-coco/rows.h"

/* Leave the CPU for hvsim through `conduit`, resuming after the instruction. */
static int exit_to_hv(struct x86_cpu *c, const struct core_op *op, unsigned conduit)
{
	c->core.exit_info = (struct core_exit_info){
		.pc = core_op_pc(&c->core, op), .conduit = (uint8_t)conduit, .context = c->ctx,
	};
	c->hcall_len = op->len;
	c->core.pc = x86_next_ip(c, op);
	c->core.exit = CORE_EXIT_HYPERCALL;
	return CORE_EXIT;
}

/* ------------------------------------------------------------- flags */

/* CLC, STC, CMC, CLD, STD: set, clear or flip one flag (SDM 2). */
X86_INLINE int flag_op(struct x86_cpu *c, uint64_t flag, int how)
{
	uint64_t f = x86_flags(c);
	x86_set_flags(c, how > 0 ? f | flag : how < 0 ? f & ~flag : f ^ flag);
	return CORE_OK;
}
static int clc(struct core_vcpu *v, const struct core_op *op) { return flag_op(x86(v), X86_CF, -1); }
static int stc(struct core_vcpu *v, const struct core_op *op) { return flag_op(x86(v), X86_CF, 1); }
static int cmc(struct core_vcpu *v, const struct core_op *op) { return flag_op(x86(v), X86_CF, 0); }
static int cld(struct core_vcpu *v, const struct core_op *op) { return flag_op(x86(v), X86_DF, -1); }
static int std_(struct core_vcpu *v, const struct core_op *op) { return flag_op(x86(v), X86_DF, 1); }

/* CLI/STI need CPL <= IOPL in protected mode without VME/PVI (SDM 2: CLI, STI). */
static bool iopl_ok(const struct x86_cpu *c)
{
	return x86_cpl(c) <= ((c->s.rflags & X86_IOPL) >> 12);
}

static int cli(struct core_vcpu *v, const struct core_op *op)
{
	struct x86_cpu *c = x86(v);
	if (!iopl_ok(c))
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->s.rflags &= ~(uint64_t)X86_IF;
	return CORE_OK;
}

/*
 * STI: IF = 1, and interrupts wait until the next instruction has
 * retired (SDM 3:6.8.3) when IF was 0: the engine runs it alone and
 * calls x86_boundary, which ends the shadow.
 */
static int sti(struct core_vcpu *v, const struct core_op *op)
{
	struct x86_cpu *c = x86(v);
	if (!iopl_ok(c))
		return x86_fault(c, op, X86_EXC_GP, 0);
	if (!(c->s.rflags & X86_IF)) {
		c->s.rflags |= X86_IF;
		c->s.sti_shadow = true;
		core_vcpu_boundary(v);
	}
	v->pc = x86_next_ip(c, op);
	return CORE_SYNC;
}

/* LAHF/SAHF: AH <-> SF:ZF:0:AF:0:PF:1:CF (SDM 2: LAHF, SAHF). */
static int lahf(struct core_vcpu *v, const struct core_op *op)
{
	struct x86_cpu *c = x86(v);
	*x86_reg8(c, X86_AH) = (uint8_t)((x86_flags(c) & 0xd5) | 2);
	return CORE_OK;
}
static int sahf(struct core_vcpu *v, const struct core_op *op)
{
	struct x86_cpu *c = x86(v);
	x86_set_flags(c, (x86_flags(c) & ~0xd5ull) | (*x86_reg8(c, X86_AH) & 0xd5));
	return CORE_OK;
}

/* --------------------------------------------------- identification, time */

/*
 * CPUID: the route table first (a CoCo model may intercept); then the
 * hypervisor's leaves go to hvsim (its identification tables answer,
 * hcall_results writes EAX-EDX), the rest to this CPU's table (cpuid.c).
 */
static int cpuid(struct core_vcpu *v, const struct core_op *op)
{
	struct x86_cpu *c = x86(v);
	uint32_t leaf = (uint32_t)c->s.r[X86_RAX], sub = (uint32_t)c->s.r[X86_RCX], out[4];
	struct x86_event_info info = { .qual = leaf, .value = sub, .insn_len = op->len };
	int st = x86_route(c, op, X86_EV_CPUID, &info);
	if (st)
		return st;
	if (leaf >= c->plat.hv_leaf_first && leaf <= c->plat.hv_leaf_last)
		return exit_to_hv(c, op, X86_CONDUIT_CPUID);
	x86_cpuid(c, leaf, sub, out);
	static const uint8_t regs[4] = { X86_RAX, X86_RBX, X86_RCX, X86_RDX };
	for (int i = 0; i < 4; i++)
		c->s.r[regs[i]] = out[i];
	return CORE_OK;
}

uint64_t x86_tsc(struct x86_cpu *c)
{
	return core_clock_scale(c->core.cycles, c->core.timing->hz, c->plat.tsc_hz) + c->s.tsc_offset;
}

/* RDTSC: EDX:EAX = the TSC; #GP(0) above CPL 0 with CR4.TSD (SDM 2: RDTSC). */
static int rdtsc(struct core_vcpu *v, const struct core_op *op)
{
	struct x86_cpu *c = x86(v);
	if ((c->s.cr4 & X86_CR4_TSD) && x86_cpl(c))
		return x86_fault(c, op, X86_EXC_GP, 0);
	struct x86_event_info info = { .insn_len = op->len };
	int st = x86_route(c, op, X86_EV_RDTSC, &info);
	if (st)
		return st;
	uint64_t t = x86_tsc(c);
	c->s.r[X86_RAX] = (uint32_t)t;
	c->s.r[X86_RDX] = t >> 32;
	return CORE_OK;
}

/* HLT: sleep until an interrupt that IF lets through (x86_take_irq decides). */
static int hlt(struct core_vcpu *v, const struct core_op *op)
{
	struct x86_cpu *c = x86(v);
	struct x86_event_info info = { .insn_len = op->len };
	int st = x86_route(c, op, X86_EV_HLT, &info);
	if (st)
		return st;
	v->pc = x86_next_ip(c, op);
	v->halted = true;
	v->halt_kind = CORE_HALT_IRQ;
	core_vcpu_kick(v);
	return CORE_BRANCH;
}

/* VMCALL (Intel), VMMCALL (AMD): the hypercall instructions, through the route table. */
static int hypercall(struct x86_cpu *c, const struct core_op *op, enum x86_event ev)
{
	struct x86_event_info info = { .insn_len = op->len };
	int st = x86_route(c, op, ev, &info);
	/* TO_CPU: no hypervisor takes it; bare metal has none either (SDM 2: VMCALL #UD outside VMX). */
	return st ? st : x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
}
static int vmcall(struct core_vcpu *v, const struct core_op *op)
{
	return hypercall(x86(v), op, X86_EV_VMCALL);
}
static int vmmcall(struct core_vcpu *v, const struct core_op *op)
{
	return hypercall(x86(v), op, X86_EV_VMMCALL);
}

/* INT3 (CC), INT n (CD), INT1 (F1): software traps through the IDT. */
static int int3(struct core_vcpu *v, const struct core_op *op)
{
	return x86_trap(x86(v), op, X86_EXC_BP, true);
}
static int int_n(struct core_vcpu *v, const struct core_op *op)
{
	return x86_trap(x86(v), op, (unsigned)op->imm & 0xff, true);
}
static int int1(struct core_vcpu *v, const struct core_op *op)
{
	return x86_trap(x86(v), op, X86_EXC_DB, false);
}

/* IRET (CF): 32-bit operands by default, 64 with REX.W (IRETQ), 16 with 66. */
X86_INLINE int iret(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	return x86_iret(x86(v), op, sz);
}
X86_FORMS(iret)

static bool rm_is_1(const struct x86_dec *d)
{
	return (d->modrm & 7) == 1;
}

#define EXEC(fn) static const struct x86_exec fn##_exec = X86_EXEC_ALL(fn);
EXEC(clc) EXEC(stc) EXEC(cmc) EXEC(cld) EXEC(std_) EXEC(cli) EXEC(sti) EXEC(lahf) EXEC(sahf)
EXEC(cpuid) EXEC(rdtsc) EXEC(hlt) EXEC(vmcall) EXEC(vmmcall) EXEC(int3) EXEC(int_n) EXEC(int1)

static const struct x86_row rows[] = {
	X86_ROW(B, 0xf8, ANY, -1, MN, NI, SN, ALU, 0, "clc", "", &clc_exec),
	X86_ROW(B, 0xf9, ANY, -1, MN, NI, SN, ALU, 0, "stc", "", &stc_exec),
	X86_ROW(B, 0xf5, ANY, -1, MN, NI, SN, ALU, 0, "cmc", "", &cmc_exec),
	X86_ROW(B, 0xfc, ANY, -1, MN, NI, SN, ALU, 0, "cld", "", &cld_exec),
	X86_ROW(B, 0xfd, ANY, -1, MN, NI, SN, ALU, 0, "std", "", &std__exec),
	X86_ROW(B, 0xfa, ANY, -1, MN, NI, SN, SYS, 0, "cli", "", &cli_exec),
	X86_ROW(B, 0xfb, ANY, -1, MN, NI, SN, SYS, END, "sti", "", &sti_exec),
	X86_ROW(B, 0x9f, ANY, -1, MN, NI, SN, ALU, 0, "lahf", "", &lahf_exec),
	X86_ROW(B, 0x9e, ANY, -1, MN, NI, SN, ALU, 0, "sahf", "", &sahf_exec),
	X86_ROW(F, 0xa2, ANY, -1, MN, NI, SN, SYS, 0, "cpuid", "", &cpuid_exec),
	X86_ROW(F, 0x31, ANY, -1, MN, NI, SN, SYS, 0, "rdtsc", "", &rdtsc_exec),
	X86_ROW(B, 0xf4, ANY, -1, MN, NI, SN, SYS, END | X86_F_PRIV, "hlt", "", &hlt_exec),
	/* UD2: a valid encoding whose execution is #UD (no handler). */
	X86_ROW(F, 0x0b, ANY, -1, MN, NI, SN, SYS, END, "ud2", "", NULL),
	X86_ROW(B, 0xcc, ANY, -1, MN, NI, SN, SYS, END, "int3", "", &int3_exec),
	X86_ROW(B, 0xcd, ANY, -1, MN, X86_I_UB, SN, SYS, END, "int", "Ib", &int_n_exec),
	X86_ROW(B, 0xf1, ANY, -1, MN, NI, SN, SYS, END, "int1", "", &int1_exec),
	X86_ROW(B, 0xcf, ANY, -1, MN, NI, SV, SYS, END, "/iret/iretd/iretq", "", &iret_exec),
	{ .map = F, .opcode = 0x01, .ext = 0, .modrm = X86_M_REG, .cls = SYS, .flags = END,
	  .name = "vmcall", .ops = "", .exec = &vmcall_exec, .when = rm_is_1 },
	{ .map = F, .opcode = 0x01, .ext = 3, .modrm = X86_M_REG, .cls = SYS, .flags = END,
	  .name = "vmmcall", .ops = "", .exec = &vmmcall_exec, .when = rm_is_1 },
};

const struct x86_table x86_table_system = { rows, sizeof(rows) / sizeof(rows[0]) };
