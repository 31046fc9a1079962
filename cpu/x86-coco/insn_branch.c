/*
 * The stack and near control flow in 64-bit mode (SDM 2: PUSH, POP,
 * PUSHF, POPF, LEAVE, CALL, RET, JMP, Jcc, LOOP/LOOPcc, JrCXZ; SDM 1:6.2
 * "Stacks", 6.3 "Calling Procedures Using CALL and RET"). The stack is
 * 64-bit in 64-bit mode: RSP moves by the operand size (8, or 2 with 66).
 * Nothing changes before the last access that can fault has succeeded.
 * And JMP far with a direct pointer, which only the legacy modes have: an
 * AP's way from its real-mode start to protected or long mode.
 */
#include "cpu/x86-coco/rows.h"

/* Is la canonical (48-bit linear addresses, SDM 3:4.5)? */
X86_INLINE bool canonical(uint64_t la)
{
	return (uint64_t)((int64_t)(la << 16) >> 16) == la;
}

/* Real or protected mode (an AP's start-up): IP/EIP within CS, SP/ESP within SS. */
X86_INLINE bool legacy(const struct x86_cpu *c)
{
	return unlikely((c->core.mode & 3) != X86_CODE64);
}

/*
 * A near branch outside 64-bit mode goes to an offset in CS: the linear
 * target less CS's base, cut to the operand size (SDM 2: JMP "near"), and
 * #GP(0) beyond CS's limit.
 */
static int jump_legacy(struct x86_cpu *c, const struct core_op *op, uint64_t target)
{
	uint64_t base = c->s.seg[X86_CS].base, ip = (target - base) & x86_mask(op->f[3]);
	if (ip > c->s.seg[X86_CS].limit)
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->core.pc = base + ip;
	return CORE_BRANCH;
}

/* Branch to target: #GP(0) at the branch if it is not canonical (SDM 2: JMP, 64-bit mode). */
X86_INLINE int jump(struct x86_cpu *c, const struct core_op *op, uint64_t target)
{
	if (legacy(c))
		return jump_legacy(c, op, target);
	if (unlikely(!canonical(target)))
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->core.pc = target;
	return CORE_BRANCH;
}

/*
 * The stack outside 64-bit mode: SS's base plus SP or ESP as SS.B says
 * (SDM 1:6.2.3), the rest of RSP untouched; in 64-bit mode RSP as it is.
 */
static uint64_t sp_mask(const struct x86_cpu *c)
{
	return c->s.seg[X86_SS].attr & X86_SEG_DB ? 0xffffffffull : 0xffffull;
}

X86_INLINE uint64_t stack_la(const struct x86_cpu *c, uint64_t sp)
{
	return legacy(c) ? c->s.seg[X86_SS].base + (sp & sp_mask(c)) : sp;
}

X86_INLINE void set_sp(struct x86_cpu *c, uint64_t sp)
{
	if (legacy(c))
		sp = (c->s.r[X86_RSP] & ~sp_mask(c)) | (sp & sp_mask(c));
	c->s.r[X86_RSP] = sp;
}

X86_INLINE int push(struct x86_cpu *c, const struct core_op *op, unsigned sz, uint64_t val)
{
	uint64_t sp = c->s.r[X86_RSP] - (1u << sz);
	int st = x86_write(c, op, stack_la(c, sp), 1u << sz, val);
	if (!st)
		set_sp(c, sp);
	return st;
}

/* Read the top of the stack; the caller moves RSP once nothing else can fault. */
X86_INLINE int peek(struct x86_cpu *c, const struct core_op *op, unsigned sz, uint64_t *val)
{
	return x86_read(c, op, stack_la(c, c->s.r[X86_RSP]), 1u << sz, val);
}

/* PUSH Z (50-57), PUSH Ev (FF /6), PUSH imm (68, 6A: sign-extended). */
X86_INLINE int push_z(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	return push(c, op, sz, c->s.r[op->r[0]]);
}
X86_INLINE int push_e(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, x;
	int st = x86_load_e(c, op, sz, mem, &la, &x);
	return st ? st : push(c, op, sz, x);
}
X86_INLINE int push_i(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	return push(x86(v), op, sz, op->imm);
}
X86_FORMS(push_z)
X86_FORMS(push_e)
X86_FORMS(push_i)

/* POP Z (58-5F): RSP moves first, so POP RSP loads the popped value. */
X86_INLINE int pop_z(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t x;
	int st = peek(c, op, sz, &x);
	if (st)
		return st;
	set_sp(c, c->s.r[X86_RSP] + (1u << sz));
	x86_set_reg(c, op->r[0], sz, x);
	return CORE_OK;
}
/* POP Ev (8F /0): an RSP-based address is computed after RSP moves (SDM 2: POP). */
X86_INLINE int pop_e(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t x, sp = c->s.r[X86_RSP];
	int st = peek(c, op, sz, &x);
	if (st)
		return st;
	set_sp(c, sp + (1u << sz));
	if ((st = x86_store_e(c, op, sz, mem, mem ? x86_ea(c, op) : 0, x)))
		c->s.r[X86_RSP] = sp;
	return st;
}
X86_FORMS(pop_z)
X86_FORMS(pop_e)

/*
 * PUSHF/POPF (9C, 9D): VM and RF read as 0 in the image (SDM 2: PUSHF);
 * POPF leaves RF alone and follows x86_load_flags's privilege rules; a
 * 16-bit POPF loads FLAGS only.
 */
X86_INLINE int pushf(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	return push(c, op, sz, x86_flags(c) & ~(uint64_t)(X86_VM | X86_RF));
}
X86_INLINE int popf(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t x;
	int st = peek(c, op, sz, &x);
	if (st)
		return st;
	set_sp(c, c->s.r[X86_RSP] + (1u << sz));
	x86_load_flags(c, x, X86_RF | (sz == 1 ? ~0xffffull : 0));
	/* IF or TF may have changed: let the engine look at interrupts before the next block. */
	core_vcpu_kick(&c->core);
	c->core.pc = x86_next_ip(c, op);
	return CORE_SYNC;
}
X86_FORMS(pushf)
X86_FORMS(popf)

/* LEAVE (C9): RSP = RBP, then POP RBP. */
X86_INLINE int leave(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t x;
	int st = x86_read(c, op, c->s.r[X86_RBP], 1u << sz, &x);
	if (st)
		return st;
	c->s.r[X86_RSP] = c->s.r[X86_RBP] + (1u << sz);
	x86_set_reg(c, X86_RBP, sz, x);
	return CORE_OK;
}
X86_FORMS(leave)

/* ---------------------------------------------------------- branches */

X86_INLINE uint64_t rel_target(const struct x86_cpu *c, const struct core_op *op)
{
	return x86_next_ip(c, op) + (uint64_t)(int64_t)(int32_t)op->insn;
}

/*
 * CALL: check the target, push the return address, go. Outside 64-bit
 * mode the return address is an offset in CS of the operand size.
 */
X86_INLINE int call(struct x86_cpu *c, const struct core_op *op, uint64_t target)
{
	if (legacy(c)) {
		uint64_t ret_ip = (x86_next_ip(c, op) - c->s.seg[X86_CS].base) & x86_mask(op->f[3]);
		uint64_t sp = c->s.r[X86_RSP];
		int st = push(c, op, op->f[3], ret_ip);
		if (st)
			return st;
		st = jump_legacy(c, op, target);
		if (st != CORE_BRANCH)
			c->s.r[X86_RSP] = sp;
		return st;
	}
	if (unlikely(!canonical(target)))
		return x86_fault(c, op, X86_EXC_GP, 0);
	int st = push(c, op, 3, x86_next_ip(c, op));
	if (st)
		return st;
	c->core.pc = target;
	return CORE_BRANCH;
}

/* JMP rel (E9, EB), CALL rel (E8). */
CORE_HANDLER(jmp_rel)
{
	return jump(x86(v), op, rel_target(x86(v), op));
}
CORE_HANDLER(call_rel)
{
	return call(x86(v), op, rel_target(x86(v), op));
}

/* JMP Ev (FF /4), CALL Ev (FF /2): to the E operand's value. */
X86_INLINE int branch_e(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
			bool is_call)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, t;
	int st = x86_load_e(c, op, sz, mem, &la, &t);
	if (st)
		return st;
	if (legacy(c))
		t += c->s.seg[X86_CS].base;   /* an offset in CS: the branches take linear targets */
	return is_call ? call(c, op, t) : jump(c, op, t);
}
X86_FORMS_OF(jmp_e, branch_e, false)
X86_FORMS_OF(call_e, branch_e, true)

/* RET (C3), RET imm16 (C2): pop RIP (IP, EIP outside 64-bit mode), then release imm16 more bytes. */
CORE_HANDLER(ret)
{
	struct x86_cpu *c = x86(v);
	uint64_t t;
	unsigned sz = op->f[3];
	int st = peek(c, op, sz, &t);
	if (st)
		return st;
	if (legacy(c)) {
		st = jump_legacy(c, op, c->s.seg[X86_CS].base + t);
		if (st == CORE_BRANCH)
			set_sp(c, c->s.r[X86_RSP] + (1u << sz) + op->imm);
		return st;
	}
	if (unlikely(!canonical(t)))
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->s.r[X86_RSP] += 8 + op->imm;
	c->core.pc = t;
	return CORE_BRANCH;
}

/*
 * Jcc (70-7F, 0F 80-8F): not taken falls through to the next op of the
 * block. One handler per condition (op->imm holds it too, for the
 * disassembler), so x86_cond's tests of cc are decided at build time.
 */
#define JCC_HANDLER(cc)                                                     \
	CORE_HANDLER(jcc##cc)                                               \
	{                                                                   \
		struct x86_cpu *c = x86(v);                                 \
		if (!x86_cond(c, cc))                                       \
			return CORE_OK;                                     \
		return jump(c, op, rel_target(c, op));                      \
	}
JCC_HANDLER(0) JCC_HANDLER(1) JCC_HANDLER(2) JCC_HANDLER(3)
JCC_HANDLER(4) JCC_HANDLER(5) JCC_HANDLER(6) JCC_HANDLER(7)
JCC_HANDLER(8) JCC_HANDLER(9) JCC_HANDLER(10) JCC_HANDLER(11)
JCC_HANDLER(12) JCC_HANDLER(13) JCC_HANDLER(14) JCC_HANDLER(15)

/*
 * LOOP, LOOPE, LOOPNE (E2, E1, E0): decrement the count register (RCX, or
 * ECX with 67) without touching the flags, and branch while it is not
 * zero (and ZF agrees). JrCXZ (E3): branch if it is zero.
 */
X86_INLINE int loop(struct core_vcpu *v, const struct core_op *op, int zf_want, bool jrcxz)
{
	struct x86_cpu *c = x86(v);
	unsigned asz = op->f[1];
	uint64_t n = x86_get_reg(c, X86_RCX, asz);
	bool taken;
	if (jrcxz) {
		taken = n == 0;
	} else {
		x86_set_reg(c, X86_RCX, asz, --n);
		n &= x86_mask(asz);
		taken = n != 0 && (zf_want < 0 || !!(x86_flags(c) & X86_ZF) == zf_want);
	}
	return taken ? jump(c, op, rel_target(c, op)) : CORE_OK;
}
CORE_HANDLER(loopne)
{
	return loop(v, op, 0, false);
}
CORE_HANDLER(loope)
{
	return loop(v, op, 1, false);
}
CORE_HANDLER(loop_any)
{
	return loop(v, op, -1, false);
}
CORE_HANDLER(jrcxz)
{
	return loop(v, op, -1, true);
}

/*
 * JMP ptr16:16 / ptr16:32 (EA; SDM 2: JMP "Far Jumps in Real-Address or
 * Virtual-8086 Mode", "in Protected Mode"; SDM 3:5.8.3): in real mode CS
 * becomes the selector with base selector * 16; otherwise the GDT's code
 * descriptor (nonconforming: DPL = CPL and RPL <= CPL; conforming: DPL <=
 * CPL; present), a 64-bit one (L) entering 64-bit mode when long mode is
 * active. Call gates and task switches are not modelled: #GP(selector), as
 * is the LDT (TI = 1).
 */
CORE_HANDLER(jmp_far)
{
	struct x86_cpu *c = x86(v);
	unsigned bits = op->f[3] == 1 ? 16 : 32;
	uint64_t off = op->imm & x86_mask(op->f[3]);
	uint16_t sel = (uint16_t)(op->imm >> bits);
	if (!(c->s.cr0 & X86_CR0_PE)) {
		c->s.seg[X86_CS].sel = sel;
		c->s.seg[X86_CS].base = (uint64_t)sel << 4;
		c->core.pc = c->s.seg[X86_CS].base + off;
		x86_update_mode(c);
		return CORE_BRANCH;
	}
	uint64_t desc;
	uint32_t pf;
	if (!(sel & ~3u) || (sel & 4) || (sel | 7u) > c->s.gdtr.limit)
		return x86_fault(c, op, X86_EXC_GP, sel & ~3u);
	if (!x86_sys_access(c, c->s.gdtr.base + (sel & ~7u), &desc, 8, false, &pf))
		return pf == X86_NO_ERROR ? x86_fault(c, op, X86_EXC_GP, 0)
					  : x86_fault(c, op, X86_EXC_PF, pf);
	uint16_t attr = (uint16_t)(((desc >> 40) & 0xff) | ((desc >> 52) & 0xf) << 8);
	unsigned cpl = x86_cpl(c), dpl = (attr >> X86_SEG_DPL_SHIFT) & 3;
	bool conforming = attr & 4, code = (attr & (X86_SEG_S | 8)) == (X86_SEG_S | 8);
	bool l64 = x86_long_mode(c) && (attr & X86_SEG_L);
	if (!code || (conforming ? dpl > cpl : dpl != cpl || (sel & 3u) > cpl) ||
	    (l64 && (attr & X86_SEG_DB)))
		return x86_fault(c, op, X86_EXC_GP, sel & ~3u);
	if (!(attr & X86_SEG_P))
		return x86_fault(c, op, X86_EXC_NP, sel & ~3u);
	uint32_t limit = (uint32_t)((desc & 0xffff) | ((desc >> 32) & 0xf0000));
	if (attr & X86_SEG_G)
		limit = limit << 12 | 0xfff;
	uint64_t base = l64 ? 0 : (uint32_t)(((desc >> 16) & 0xffffff) | ((desc >> 56) & 0xff) << 24);
	if (!l64 && off > limit)
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->s.seg[X86_CS] = (struct x86_seg){ .base = base, .limit = limit,
					     .sel = (uint16_t)((sel & ~3u) | cpl), .attr = attr };
	c->core.pc = base + off;
	x86_update_mode(c);
	return CORE_BRANCH;
}

static const struct x86_exec jmp_far_exec = X86_EXEC_ALL(jmp_far);
static const struct x86_exec jmp_rel_exec = X86_EXEC_ALL(jmp_rel);
static const struct x86_exec call_rel_exec = X86_EXEC_ALL(call_rel);
static const struct x86_exec ret_exec = X86_EXEC_ALL(ret);
/* Indexed by the condition (the opcode's low nibble). */
static const struct x86_exec jcc_exec[16] = {
	X86_EXEC_ALL(jcc0), X86_EXEC_ALL(jcc1), X86_EXEC_ALL(jcc2), X86_EXEC_ALL(jcc3),
	X86_EXEC_ALL(jcc4), X86_EXEC_ALL(jcc5), X86_EXEC_ALL(jcc6), X86_EXEC_ALL(jcc7),
	X86_EXEC_ALL(jcc8), X86_EXEC_ALL(jcc9), X86_EXEC_ALL(jcc10), X86_EXEC_ALL(jcc11),
	X86_EXEC_ALL(jcc12), X86_EXEC_ALL(jcc13), X86_EXEC_ALL(jcc14), X86_EXEC_ALL(jcc15),
};
static const struct x86_exec loopne_exec = X86_EXEC_ALL(loopne);
static const struct x86_exec loope_exec = X86_EXEC_ALL(loope);
static const struct x86_exec loop_exec = X86_EXEC_ALL(loop_any);
static const struct x86_exec jrcxz_exec = X86_EXEC_ALL(jrcxz);

#define STACK_Z(i)                                                                                   \
	X86_ROW(B, 0x50 + i, ANY, -1, MN, NI, X86_SZ_D64, CORE_CLASS_STORE, X86_F_REG_OP | LEG, "push", "Zv", &push_z_exec), \
	X86_ROW(B, 0x58 + i, ANY, -1, MN, NI, X86_SZ_D64, CORE_CLASS_LOAD, X86_F_REG_OP | LEG, "pop", "Zv", &pop_z_exec),
#define JCC(i)                                                                                        \
	X86_ROW(B, 0x70 + i, ANY, -1, MN, X86_I_J8, X86_SZ_F64, BR, X86_F_CC | LEG, "j#", "Jb", &jcc_exec[i]),     \
	X86_ROW(B, 0x78 + i, ANY, -1, MN, X86_I_J8, X86_SZ_F64, BR, X86_F_CC | LEG, "j#", "Jb", &jcc_exec[8 + i]), \
	X86_ROW(F, 0x80 + i, ANY, -1, MN, X86_I_JZ, X86_SZ_F64, BR, X86_F_CC | LEG, "j#", "Jz", &jcc_exec[i]),     \
	X86_ROW(F, 0x88 + i, ANY, -1, MN, X86_I_JZ, X86_SZ_F64, BR, X86_F_CC | LEG, "j#", "Jz", &jcc_exec[8 + i]),

static const struct x86_row rows[] = {
	EIGHT(STACK_Z) EIGHT(JCC)
	X86_ROW(B, 0xff, ANY, 6, MA, NI, X86_SZ_D64, CORE_CLASS_STORE, LEG, "push", "Ev", &push_e_exec),
	X86_ROW(B, 0x8f, ANY, 0, MA, NI, X86_SZ_D64, CORE_CLASS_LOAD, LEG, "pop", "Ev", &pop_e_exec),
	X86_ROW(B, 0x68, ANY, -1, MN, X86_I_Z, X86_SZ_D64, CORE_CLASS_STORE, LEG, "push", "Iz", &push_i_exec),
	X86_ROW(B, 0x6a, ANY, -1, MN, X86_I_B, X86_SZ_D64, CORE_CLASS_STORE, LEG, "push", "Ib", &push_i_exec),
	X86_ROW(B, 0x9c, ANY, -1, MN, NI, X86_SZ_D64, CORE_CLASS_STORE, LEG, "/pushf/pushfd/pushfq", "", &pushf_exec),
	X86_ROW(B, 0x9d, ANY, -1, MN, NI, X86_SZ_D64, CORE_CLASS_LOAD, END | LEG, "/popf/popfd/popfq", "", &popf_exec),
	X86_ROW(B, 0xc9, ANY, -1, MN, NI, X86_SZ_D64, CORE_CLASS_LOAD, 0, "leave", "", &leave_exec),
	X86_ROW(B, 0xe9, ANY, -1, MN, X86_I_JZ, X86_SZ_F64, BR, END | LEG, "jmp", "Jz", &jmp_rel_exec),
	X86_ROW(B, 0xeb, ANY, -1, MN, X86_I_J8, X86_SZ_F64, BR, END | LEG, "jmp", "Jb", &jmp_rel_exec),
	X86_ROW(B, 0xea, ANY, -1, MN, X86_I_FAR, SV, BR, END | X86_F_NO64 | LEG, "ljmp", "Ap", &jmp_far_exec),
	X86_ROW(B, 0xff, ANY, 4, MA, NI, X86_SZ_F64, BR, END | LEG, "jmp", "Ev", &jmp_e_exec),
	X86_ROW(B, 0xe8, ANY, -1, MN, X86_I_JZ, X86_SZ_F64, BR, END | LEG, "call", "Jz", &call_rel_exec),
	X86_ROW(B, 0xff, ANY, 2, MA, NI, X86_SZ_F64, BR, END | LEG, "call", "Ev", &call_e_exec),
	X86_ROW(B, 0xc3, ANY, -1, MN, NI, X86_SZ_F64, BR, END | LEG, "ret", "", &ret_exec),
	X86_ROW(B, 0xc2, ANY, -1, MN, X86_I_W, X86_SZ_F64, BR, END | LEG, "ret", "Iw", &ret_exec),
	X86_ROW(B, 0xe0, ANY, -1, MN, X86_I_J8, X86_SZ_F64, BR, LEG, "loopne", "Jb", &loopne_exec),
	X86_ROW(B, 0xe1, ANY, -1, MN, X86_I_J8, X86_SZ_F64, BR, LEG, "loope", "Jb", &loope_exec),
	X86_ROW(B, 0xe2, ANY, -1, MN, X86_I_J8, X86_SZ_F64, BR, LEG, "loop", "Jb", &loop_exec),
	X86_ROW(B, 0xe3, ANY, -1, MN, X86_I_J8, X86_SZ_F64, BR, LEG, "@/jcxz/jecxz/jrcxz", "Jb", &jrcxz_exec),
};

const struct x86_table x86_table_branch = { rows, sizeof(rows) / sizeof(rows[0]) };
