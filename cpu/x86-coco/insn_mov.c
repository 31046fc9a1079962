/*
 * Data movement (SDM 2: MOV, MOVZX, MOVSX, MOVSXD, LEA, XCHG, XADD,
 * CMPXCHG, CMPXCHG8B/16B, CBW/CWDE/CDQE, CWD/CDQ/CQO, CMOVcc, SETcc,
 * BSWAP, NOP, PAUSE). LOCK needs nothing more: the vCPUs of a machine run
 * one at a time on one host thread, so every read-modify-write is atomic.
 */
#include "cpu/x86-coco/rows.h"

/* MOV E, G (88, 89). */
X86_INLINE int mov_eg(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	return x86_store_e(c, op, sz, mem, mem ? x86_ea(c, op) : 0, x86_get_reg(c, op->r[0], sz));
}
X86_FORMS(mov_eg)

/* MOV E, imm (C6 /0, C7 /0; imm32 sign-extended for 64 bits). */
X86_INLINE int mov_ei(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	return x86_store_e(c, op, sz, mem, mem ? x86_ea(c, op) : 0, op->imm);
}
X86_FORMS(mov_ei)

/* G = the E operand of size src_sz, zero- or sign-extended to sz (MOV, MOVZX, MOVSX, MOVSXD). */
X86_INLINE int load_g(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		      unsigned src_sz, bool sgn)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, x;
	int st = x86_load_e(c, op, src_sz, mem, &la, &x);
	if (st)
		return st;
	x86_set_reg(c, op->r[0], sz, sgn ? x86_sext(x, src_sz) : x);
	return CORE_OK;
}
X86_FORMS_OF(mov_ge, load_g, sz, false)
X86_FORMS_OF(movzx_b, load_g, 0, false)
X86_FORMS_OF(movzx_w, load_g, 1, false)
X86_FORMS_OF(movsx_b, load_g, 0, true)
X86_FORMS_OF(movsx_w, load_g, 1, true)
/* MOVSXD without REX.W is a 32-bit move (SDM 2: MOVSX/MOVSXD). */
X86_FORMS_OF(movsxd, load_g, sz < 2 ? sz : 2, true)

/* MOV Z, imm (B0-BF): the register from the opcode. */
X86_INLINE int mov_zi(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	x86_set_reg(x86(v), op->r[0], sz, op->imm);
	return CORE_OK;
}
X86_FORMS(mov_zi)

/* MOV AL/rAX <-> moffs (A0-A3): the address is the immediate, in the segment given. */
X86_INLINE int mov_moffs(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool store)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = op->imm + x86_seg_base(c, op), x;
	if (store)
		return x86_write(c, op, la, 1u << sz, x86_get_reg(c, X86_RAX, sz));
	int st = x86_read(c, op, la, 1u << sz, &x);
	if (!st)
		x86_set_reg(c, X86_RAX, sz, x);
	return st;
}
X86_INLINE int mov_ao(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	return mov_moffs(v, op, sz, false);
}
X86_INLINE int mov_oa(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	return mov_moffs(v, op, sz, true);
}
X86_FORMS(mov_ao)
X86_FORMS(mov_oa)

/* LEA: the offset, without the segment's base, truncated to the operand size. */
X86_INLINE int lea(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	x86_set_reg(c, op->r[0], sz, x86_offset(c, op));
	return CORE_OK;
}
X86_FORMS(lea)

/* XLAT (D7): AL = the byte at [rBX + AL], rBX and the sum at the address size, DS by default (SDM 2: XLAT). */
CORE_HANDLER(xlat)
{
	struct x86_cpu *c = x86(v);
	uint64_t off = (x86_get_reg(c, X86_RBX, op->f[1]) + (uint8_t)c->s.r[X86_RAX]) & x86_mask(op->f[1]), b;
	int st = x86_read(c, op, off + x86_seg_base(c, op), 1, &b);
	if (st)
		return st;
	*x86_reg8(c, X86_RAX) = (uint8_t)b;
	return CORE_OK;
}
static const struct x86_exec xlat_exec = X86_EXEC_ALL(xlat);

/*
 * XCHG E, G (86, 87; 90-97 with rAX as E) and XADD E, G (0F C0, C1: E =
 * E + G, flags as ADD): G gets the old E. A register E is written after
 * G, so that XADD with one register for both leaves the sum (SDM 2: XADD
 * writes DEST last); a memory E first, so that a fault leaves G alone.
 */
X86_INLINE int exchange(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
			bool add)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, e, g = x86_get_reg(c, op->r[0], sz);
	int st = x86_load_e(c, op, sz, mem, &la, &e);
	if (st)
		return st;
	if (!mem)
		x86_set_reg(c, op->r[0], sz, e);
	if ((st = x86_store_e(c, op, sz, mem, la, add ? e + g : g)))
		return st;
	if (mem)
		x86_set_reg(c, op->r[0], sz, e);
	if (add)
		x86_lazy_set(c, X86_LF_ADD, sz, e, g, e + g);
	return CORE_OK;
}
X86_FORMS_OF(xchg, exchange, false)
X86_FORMS_OF(xadd, exchange, true)

/*
 * CMPXCHG E, G: compare the accumulator with E; equal: E = G, else the
 * accumulator = E. A memory destination is written either way (SDM 2:
 * CMPXCHG: "the destination operand is written back if the comparison
 * fails"), so a read-only page faults both ways. A register destination
 * is left alone when the comparison fails: a 32-bit one keeps bits 63:32
 * (as processors do; QEMU and tests/diff agree).
 */
X86_INLINE int cmpxchg(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, e, a = x86_get_reg(c, X86_RAX, sz);
	int st = x86_load_e(c, op, sz, mem, &la, &e);
	if (st)
		return st;
	bool eq = a == e;
	if ((mem || eq) && (st = x86_store_e(c, op, sz, mem, la, eq ? x86_get_reg(c, op->r[0], sz) : e)))
		return st;
	if (!eq)
		x86_set_reg(c, X86_RAX, sz, e);
	x86_lazy_set(c, X86_LF_SUB, sz, a, e, a - e);
	return CORE_OK;
}
X86_FORMS(cmpxchg)

/*
 * CMPXCHG8B/16B m (0F C7 /1): rDX:rAX against the memory, rCX:rBX stored
 * if equal, else the memory loaded into rDX:rAX; only ZF changes. The
 * 16-byte form needs a 16-byte-aligned operand (#GP(0)).
 */
X86_INLINE int cmpxchg_wide(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	unsigned half = sz == 3 ? 8 : 4;
	uint64_t la = x86_ea(c, op), m[2] = { 0, 0 }, mask = sz == 3 ? ~0ull : 0xffffffffull;
	if (half == 8 && (la & 15))
		return x86_fault(c, op, X86_EXC_GP, 0);
	int st = x86_mem_bytes(c, op, la, m, 2 * half, X86_READ);
	if (st)
		return st;
	uint64_t lo = half == 8 ? m[0] : m[0] & mask, hi = half == 8 ? m[1] : m[0] >> 32;
	bool eq = lo == (c->s.r[X86_RAX] & mask) && hi == (c->s.r[X86_RDX] & mask);
	uint64_t w[2];
	if (eq) {
		w[0] = half == 8 ? c->s.r[X86_RBX] : (c->s.r[X86_RBX] & mask) | c->s.r[X86_RCX] << 32;
		w[1] = c->s.r[X86_RCX];
	} else {
		w[0] = m[0];
		w[1] = m[1];
	}
	if ((st = x86_mem_bytes(c, op, la, w, 2 * half, X86_WRITE)))
		return st;
	if (!eq) {
		x86_set_reg(c, X86_RAX, sz, lo);
		x86_set_reg(c, X86_RDX, sz, hi);
	}
	uint64_t f = x86_flags(c) & ~(uint64_t)X86_ZF;
	x86_set_flags(c, f | (eq ? X86_ZF : 0));
	return CORE_OK;
}
X86_FORMS(cmpxchg_wide)

/* CBW/CWDE/CDQE (98): the accumulator's low half sign-extended into it. */
X86_INLINE int cbw(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	x86_set_reg(c, X86_RAX, sz, x86_sext(c->s.r[X86_RAX], sz - 1));
	return CORE_OK;
}
/* CWD/CDQ/CQO (99): rDX = the sign of rAX, repeated. */
X86_INLINE int cwd(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	x86_set_reg(c, X86_RDX, sz, x86_sign(c->s.r[X86_RAX], sz) ? ~0ull : 0);
	return CORE_OK;
}
X86_FORMS(cbw)
X86_FORMS(cwd)

/*
 * CMOVcc G, E: the source is read whatever the condition (a bad address
 * faults), and a 32-bit destination is zero-extended even when the
 * condition is false (SDM 2: CMOVcc, "in 64-bit mode ...").
 */
X86_INLINE int cmov(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		    unsigned cc)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, x;
	int st = x86_load_e(c, op, sz, mem, &la, &x);
	if (st)
		return st;
	x86_set_reg(c, op->r[0], sz, x86_cond(c, cc) ? x : x86_get_reg(c, op->r[0], sz));
	return CORE_OK;
}

/* SETcc E (byte). */
X86_INLINE int setcc(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		     unsigned cc)
{
	struct x86_cpu *c = x86(v);
	return x86_store_e(c, op, 0, mem, mem ? x86_ea(c, op) : 0, x86_cond(c, cc));
}

/*
 * Both per condition, as Jcc (insn_branch.c): x86_cond's tests of cc are
 * decided at build time (op->imm still holds cc, for the disassembler).
 */
#define CC_FORMS(cc) X86_FORMS_OF(cmov##cc, cmov, cc) X86_FORMS_OF(setcc##cc, setcc, cc)
CC_FORMS(0) CC_FORMS(1) CC_FORMS(2) CC_FORMS(3) CC_FORMS(4) CC_FORMS(5) CC_FORMS(6) CC_FORMS(7)
CC_FORMS(8) CC_FORMS(9) CC_FORMS(10) CC_FORMS(11) CC_FORMS(12) CC_FORMS(13) CC_FORMS(14)
CC_FORMS(15)

/*
 * BSWAP Z (0F C8+r). With a 16-bit operand the SDM leaves the result
 * undefined; processors give 0 in the low word, and so does hvsim.
 */
X86_INLINE int bswap(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t x = c->s.r[op->r[0]];
	x86_set_reg(c, op->r[0], sz, sz == 3 ? __builtin_bswap64(x) : sz == 2 ? __builtin_bswap32((uint32_t)x) : 0);
	return CORE_OK;
}
X86_FORMS(bswap)

/* NOP (90, 0F 1F /0, F3 90 PAUSE): nothing. */
CORE_HANDLER(nop)
{
	return CORE_OK;
}
static const struct x86_exec nop_exec = X86_EXEC_ALL(nop);

/* 90 is NOP unless REX.B makes it XCHG rAX, r8 (SDM 2: NOP, XCHG). */
static bool rex_b(const struct x86_dec *d)
{
	return d->rex & 1;
}
static bool no_rex_b(const struct x86_dec *d)
{
	return !(d->rex & 1);
}

/* F3 0F 1E FA/FB: ENDBR64/ENDBR32, NOPs without CET (SDM 2: ENDBR64); CPUID says no IBT. */
static bool modrm_fa(const struct x86_dec *d)
{
	return d->modrm == 0xfa;
}
static bool modrm_fb(const struct x86_dec *d)
{
	return d->modrm == 0xfb;
}


static const struct x86_row rows[] = {
	X86_ROW(B, 0x88, ANY, -1, MA, NI, SB, CORE_CLASS_STORE, LEG, "mov", "Eb,Gb", &mov_eg_exec),
	X86_ROW(B, 0x89, ANY, -1, MA, NI, SV, CORE_CLASS_STORE, LEG, "mov", "Ev,Gv", &mov_eg_exec),
	X86_ROW(B, 0x8a, ANY, -1, MA, NI, SB, LD, LEG, "mov", "Gb,Eb", &mov_ge_exec),
	X86_ROW(B, 0x8b, ANY, -1, MA, NI, SV, LD, LEG, "mov", "Gv,Ev", &mov_ge_exec),
	X86_ROW(B, 0xc6, ANY, 0, MA, X86_I_B, SB, CORE_CLASS_STORE, LEG, "mov", "Eb,Ib", &mov_ei_exec),
	X86_ROW(B, 0xc7, ANY, 0, MA, X86_I_Z, SV, CORE_CLASS_STORE, LEG, "mov", "Ev,Iz", &mov_ei_exec),
	X86_ROW(B, 0xa0, ANY, -1, MN, X86_I_MOFFS, SB, LD, LEG, "@/mov/mov/movabs", "AL,Ob", &mov_ao_exec),
	X86_ROW(B, 0xa1, ANY, -1, MN, X86_I_MOFFS, SV, LD, LEG, "@/mov/mov/movabs", "rAX,Ov", &mov_ao_exec),
	X86_ROW(B, 0xa2, ANY, -1, MN, X86_I_MOFFS, SB, CORE_CLASS_STORE, LEG, "@/mov/mov/movabs", "Ob,AL", &mov_oa_exec),
	X86_ROW(B, 0xa3, ANY, -1, MN, X86_I_MOFFS, SV, CORE_CLASS_STORE, LEG, "@/mov/mov/movabs", "Ov,rAX", &mov_oa_exec),
	X86_ROW(F, 0xb6, ANY, -1, MA, NI, SV, LD, LEG, "movzx", "Gv,Eb", &movzx_b_exec),
	X86_ROW(F, 0xb7, ANY, -1, MA, NI, SV, LD, LEG, "movzx", "Gv,Ew", &movzx_w_exec),
	X86_ROW(F, 0xbe, ANY, -1, MA, NI, SV, LD, LEG, "movsx", "Gv,Eb", &movsx_b_exec),
	X86_ROW(F, 0xbf, ANY, -1, MA, NI, SV, LD, LEG, "movsx", "Gv,Ew", &movsx_w_exec),
	X86_ROW(B, 0x63, ANY, -1, MA, NI, SV, LD, X86_F_ONLY64, "movsxd", "Gv,Ed", &movsxd_exec),
	X86_ROW(B, 0x8d, ANY, -1, MM, NI, SV, ALU, LEG, "lea", "Gv,M", &lea_exec),
	X86_ROW(B, 0xd7, ANY, -1, MN, NI, SB, LD, LEG, "xlatb", "", &xlat_exec),
	X86_ROW(B, 0x86, ANY, -1, MA, NI, SB, AT, X86_F_LOCK, "xchg", "Eb,Gb", &xchg_exec),
	X86_ROW(B, 0x87, ANY, -1, MA, NI, SV, AT, X86_F_LOCK, "xchg", "Ev,Gv", &xchg_exec),
	X86_ROW(F, 0xc0, ANY, -1, MA, NI, SB, AT, X86_F_LOCK, "xadd", "Eb,Gb", &xadd_exec),
	X86_ROW(F, 0xc1, ANY, -1, MA, NI, SV, AT, X86_F_LOCK, "xadd", "Ev,Gv", &xadd_exec),
	X86_ROW(F, 0xb0, ANY, -1, MA, NI, SB, AT, X86_F_LOCK, "cmpxchg", "Eb,Gb", &cmpxchg_exec),
	X86_ROW(F, 0xb1, ANY, -1, MA, NI, SV, AT, X86_F_LOCK, "cmpxchg", "Ev,Gv", &cmpxchg_exec),
	X86_ROW(F, 0xc7, ANY, 1, MM, NI, X86_SZ_NONE, AT, X86_F_LOCK, "/cmpxchg8b/cmpxchg8b/cmpxchg16b",
		"Mq", &cmpxchg_wide_exec),
	X86_ROW(B, 0x98, ANY, -1, MN, NI, SV, ALU, 0, "/cbw/cwde/cdqe", "", &cbw_exec),
	X86_ROW(B, 0x99, ANY, -1, MN, NI, SV, ALU, 0, "/cwd/cdq/cqo", "", &cwd_exec),
	X86_ROW(F, 0x1f, ANY, 0, MA, NI, SV, ALU, 0, "nop", "Ev", &nop_exec),
	X86_ROW(B, 0x90, X86_PFX_F3, -1, MN, NI, SV, ALU, 0, "pause", "", &nop_exec),
	{ .map = F, .opcode = 0x1e, .prefix = X86_PFX_F3, .ext = 7, .modrm = X86_M_REG, .cls = ALU,
	  .name = "endbr64", .ops = "", .exec = &nop_exec, .when = modrm_fa },
	{ .map = F, .opcode = 0x1e, .prefix = X86_PFX_F3, .ext = 7, .modrm = X86_M_REG, .cls = ALU,
	  .name = "endbr32", .ops = "", .exec = &nop_exec, .when = modrm_fb },
};

/* Rows repeated for each register (B0-BF, 91-97, 0F C8-CF) or condition (0F 40-4F, 0F 90-9F: their own handlers). */
#define REG8(opc, sz, nm, ops, e) X86_ROW(B, opc, ANY, -1, MN, sz == SB ? X86_I_B : X86_I_V, sz, ALU, ROP | LEG, nm, ops, e)
#define MOV_ZI(i) REG8(0xb0 + i, SB, "mov", "Zb,Ib", &mov_zi_exec), REG8(0xb8 + i, SV, "/mov/mov/movabs", "Zv,Iv", &mov_zi_exec),
#define XCHG_Z(i) X86_ROW(B, 0x90 + i, ANY, -1, MN, NI, SV, AT, ROP, "xchg", "rAX,Zv", &xchg_exec),
#define BSWAP_Z(i) X86_ROW(F, 0xc8 + i, ANY, -1, MN, NI, SV, ALU, ROP, "bswap", "Zv", &bswap_exec),
#define CC_ROW(cc) X86_ROW(F, 0x40 + cc, ANY, -1, MA, NI, SV, ALU, X86_F_CC, "cmov#", "Gv,Ev", &cmov##cc##_exec), \
		   X86_ROW(F, 0x90 + cc, ANY, -1, MA, NI, SB, ALU, X86_F_CC, "set#", "Eb", &setcc##cc##_exec),

static const struct x86_row reg_rows[] = {
	EIGHT(MOV_ZI) EIGHT(BSWAP_Z)
	CC_ROW(0) CC_ROW(1) CC_ROW(2) CC_ROW(3) CC_ROW(4) CC_ROW(5) CC_ROW(6) CC_ROW(7)
	CC_ROW(8) CC_ROW(9) CC_ROW(10) CC_ROW(11) CC_ROW(12) CC_ROW(13) CC_ROW(14) CC_ROW(15)
	/* 90: XCHG with REX.B, else NOP. */
	{ .map = B, .opcode = 0x90, .ext = -1, .size = SV, .cls = AT, .flags = ROP, .name = "xchg",
	  .ops = "rAX,Zv", .exec = &xchg_exec, .when = rex_b },
	{ .map = B, .opcode = 0x90, .ext = -1, .size = SV, .cls = ALU, .name = "nop", .ops = "",
	  .exec = &nop_exec, .when = no_rex_b },
	XCHG_Z(1) XCHG_Z(2) XCHG_Z(3) XCHG_Z(4) XCHG_Z(5) XCHG_Z(6) XCHG_Z(7)
};

const struct x86_table x86_table_mov = { rows, sizeof(rows) / sizeof(rows[0]) };
const struct x86_table x86_table_mov_regs = { reg_rows, sizeof(reg_rows) / sizeof(reg_rows[0]) };
