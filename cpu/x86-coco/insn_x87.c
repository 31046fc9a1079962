/*
 * The x87 control instructions (SDM 2: FNINIT, FNCLEX, FNSTSW, FNSTCW,
 * FLDCW, FWAIT; SDM 1:8.1 "x87 FPU Execution Environment"): what Linux's
 * FPU probe and initialisation use (arch/x86/kernel/fpu/init.c,
 * arch/x86/boot/cpuflags.c has_fpu: FNINIT, then FNSTSW and FNSTCW read
 * back the initial words). The x87 arithmetic is not decoded (#UD).
 */
#include "cpu/x86-coco/rows.h"

/* FNINIT (DB E3): FCW 0x037F, FSW 0, all registers empty, the last-instruction pointers 0. */
CORE_HANDLER(fninit)
{
	struct x86_state *s = &x86(v)->s;
	s->fcw = 0x37f;
	s->fsw = 0;
	s->ftw = 0;          /* abridged: no register valid */
	s->fop = 0;
	s->fip = 0;
	s->fdp = 0;
	return CORE_OK;
}

/* FNCLEX (DB E2): clear the exception flags, ES, SF and B (FSW bits 7:0 and 15). */
CORE_HANDLER(fnclex)
{
	x86(v)->s.fsw &= 0x7f00;
	return CORE_OK;
}

/* FNSTSW AX (DF E0) and FNSTSW m16 (DD /7). */
CORE_HANDLER(fnstsw_ax)
{
	struct x86_cpu *c = x86(v);
	x86_set_reg(c, X86_RAX, 1, c->s.fsw);
	return CORE_OK;
}
CORE_HANDLER(fnstsw_m)
{
	struct x86_cpu *c = x86(v);
	return x86_write(c, op, x86_ea(c, op), 2, c->s.fsw);
}

/* FNSTCW m16 (D9 /7), FLDCW m16 (D9 /5; bits 6 and 13-15 are reserved, read as 1 for bit 6). */
CORE_HANDLER(fnstcw)
{
	struct x86_cpu *c = x86(v);
	return x86_write(c, op, x86_ea(c, op), 2, c->s.fcw);
}
CORE_HANDLER(fldcw)
{
	struct x86_cpu *c = x86(v);
	uint64_t x;
	int st = x86_read(c, op, x86_ea(c, op), 2, &x);
	if (!st)
		c->s.fcw = (uint16_t)((x & 0x1f3f) | 0x40);
	return st;
}

/* FWAIT (9B): #NM with CR0.MP and CR0.TS (SDM 3:2.5 Table 2-2); no pending x87 exceptions to take. */
CORE_HANDLER(fwait)
{
	struct x86_cpu *c = x86(v);
	if ((c->s.cr0 & (X86_CR0_MP | X86_CR0_TS)) == (X86_CR0_MP | X86_CR0_TS))
		return x86_fault(c, op, X86_EXC_NM, X86_NO_ERROR);
	return CORE_OK;
}

/* The register forms of D9-DF that ModRM names in full (DB E3 is FNINIT...). */
#define MODRM_IS(n)                                       \
	static bool modrm_is_##n(const struct x86_dec *d) \
	{                                                 \
		return d->modrm == 0x##n;                 \
	}
MODRM_IS(e2) MODRM_IS(e3) MODRM_IS(e0)

#define EXEC(fn) static const struct x86_exec fn##_exec = X86_EXEC_ALL(fn);
EXEC(fninit) EXEC(fnclex) EXEC(fnstsw_ax) EXEC(fnstsw_m) EXEC(fnstcw) EXEC(fldcw) EXEC(fwait)

#define FPU X86_F_FPU
static const struct x86_row rows[] = {
	{ .map = B, .opcode = 0xdb, .ext = 4, .modrm = X86_M_REG, .cls = SYS, .flags = FPU,
	  .name = "fninit", .ops = "", .exec = &fninit_exec, .when = modrm_is_e3 },
	{ .map = B, .opcode = 0xdb, .ext = 4, .modrm = X86_M_REG, .cls = SYS, .flags = FPU,
	  .name = "fnclex", .ops = "", .exec = &fnclex_exec, .when = modrm_is_e2 },
	{ .map = B, .opcode = 0xdf, .ext = 4, .modrm = X86_M_REG, .cls = SYS, .flags = FPU,
	  .name = "fnstsw", .ops = "AX", .exec = &fnstsw_ax_exec, .when = modrm_is_e0 },
	X86_ROW(B, 0xdd, ANY, 7, MM, NI, SN, CORE_CLASS_STORE, FPU, "fnstsw", "Mw", &fnstsw_m_exec),
	X86_ROW(B, 0xd9, ANY, 7, MM, NI, SN, CORE_CLASS_STORE, FPU, "fnstcw", "Mw", &fnstcw_exec),
	X86_ROW(B, 0xd9, ANY, 5, MM, NI, SN, LD, FPU, "fldcw", "Mw", &fldcw_exec),
	X86_ROW(B, 0x9b, ANY, -1, MN, NI, SN, SYS, 0, "wait", "", &fwait_exec),
};

const struct x86_table x86_table_x87 = { rows, sizeof(rows) / sizeof(rows[0]) };
