/*
 * Segment registers and descriptor tables in 64-bit mode (SDM 2: MOV
 * Sreg, LGDT, LIDT, SGDT, SIDT, LTR, STR, LLDT, SLDT, VERR, VERW, RET far; SDM 3:3.4
 * "Segment Selectors", 3:7.2.3 "TSS Descriptor in 64-bit mode"). Linux
 * loads its own GDT, IDT and TSS, reloads the data segments (usually
 * with null selectors) and reaches its new code segment with a far
 * return. The LDT is not modelled: LLDT takes the null selector only.
 * Descriptors' accessed bits are not set (nothing Linux reads).
 *
 * MOV Sreg and LGDT/LIDT also run in real and 32-bit protected mode
 * (X86_F_LEGACY): Linux's AP trampoline (arch/x86/realmode/rm/
 * trampoline_64.S) sets DS, ES and SS from CS and loads its GDT and IDT in
 * real mode, then reloads the data segments in 32-bit protected mode.
 */
#include "cpu/x86-coco/rows.h"

/* A descriptor's attributes in struct x86_seg's layout (bits 47:40 and 55:52). */
static uint16_t attr_of(uint64_t desc)
{
	return (uint16_t)(((desc >> 40) & 0xff) | ((desc >> 52) & 0xf) << 8);
}

static uint32_t limit_of(uint64_t desc)
{
	uint32_t lim = (uint32_t)((desc & 0xffff) | ((desc >> 32) & 0xf0000));
	return desc & (1ull << 55) ? lim << 12 | 0xfff : lim;
}

static uint32_t base_of(uint64_t desc)
{
	return (uint32_t)(((desc >> 16) & 0xffffff) | ((desc >> 56) & 0xff) << 24);
}

/*
 * MOV Sreg, Ew (8E): ES, SS, DS, FS, GS (CS and the numbers past GS are
 * #UD at decode). A null selector is allowed for all but SS at CPL 3; in
 * 64-bit mode FS's and GS's bases come from the descriptor, the others'
 * are ignored (SDM 3:3.4.4); in 32-bit protected mode every base comes
 * from the descriptor. In real mode the base is the selector times 16 and
 * the limit and attributes stay as they were (SDM 3:21.1.1 "Address
 * Translation in Real-Address Mode"; what a switch from protected mode
 * left stays usable). MOV SS holds interrupts for one instruction.
 */
static int load_sreg(struct x86_cpu *c, const struct core_op *op, unsigned sr, uint16_t sel)
{
	unsigned cpl = x86_cpl(c);
	int st;
	struct x86_seg s = { .sel = sel };
	if (!(c->s.cr0 & X86_CR0_PE)) {
		s = c->s.seg[sr];
		s.sel = sel;
		s.base = (uint64_t)sel << 4;
	} else if (!(sel & ~3u)) {
		if (sr == X86_SS && (cpl == 3 || (sel & 3) != cpl))
			return x86_fault(c, op, X86_EXC_GP, 0);
		/* Unusable; SS keeps its DPL = CPL (SDM 3:6.14.4 for the same rule on interrupts). */
		s.attr = sr == X86_SS ? (uint16_t)(cpl << X86_SEG_DPL_SHIFT) : 0;
	} else {
		uint64_t desc;
		if ((st = x86_descriptor(c, op, sel, &desc)))
			return st;
		uint16_t a = attr_of(desc);
		unsigned dpl = (a >> X86_SEG_DPL_SHIFT) & 3, rpl = sel & 3;
		bool code = a & 8, readable = a & 2, conforming = code && (a & 4);
		if (sr == X86_SS) {
			if (rpl != cpl || dpl != cpl || code || !(a & 2) || !(a & X86_SEG_S))
				return x86_fault(c, op, X86_EXC_GP, sel & ~3u);
			if (!(a & X86_SEG_P))
				return x86_fault(c, op, X86_EXC_SS, sel & ~3u);
		} else {
			if (!(a & X86_SEG_S) || (code && !readable) || (!conforming && (rpl > dpl || cpl > dpl)))
				return x86_fault(c, op, X86_EXC_GP, sel & ~3u);
			if (!(a & X86_SEG_P))
				return x86_fault(c, op, X86_EXC_NP, sel & ~3u);
		}
		s = (struct x86_seg){ .base = base_of(desc), .limit = limit_of(desc), .sel = sel, .attr = a };
	}
	c->s.seg[sr] = s;
	x86_update_mode(c);
	return 0;
}

X86_INLINE int mov_sreg(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	unsigned sr = op->r[0] & 7;
	uint64_t la = 0, x;
	int st = x86_load_e(c, op, 1, mem, &la, &x);
	if (st || (st = load_sreg(c, op, sr, (uint16_t)x)))
		return st;
	if (sr == X86_SS && !c->s.sti_shadow) {
		c->s.sti_shadow = true;
		core_vcpu_boundary(v);
	}
	v->pc = x86_next_ip(c, op);
	return CORE_SYNC;
}
X86_FORMS(mov_sreg)

/*
 * LES, LDS (C4, C5; not in 64-bit mode, where they are VEX), LSS, LFS,
 * LGS (0F B2, B4, B5): a far pointer in memory, the offset (of the
 * operand size) then the selector, into a register and the segment
 * register, which loads as MOV Sreg does; nothing changes if it faults
 * (SDM 2: LDS/LES/LFS/LGS/LSS). LSS, unlike MOV SS, opens no interrupt
 * shadow.
 */
X86_INLINE int load_far(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem, unsigned sr)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = x86_ea(c, op), off, sel;
	int st = x86_read(c, op, la, 1u << sz, &off);
	if (st || (st = x86_read(c, op, la + (1u << sz), 2, &sel)) || (st = load_sreg(c, op, sr, (uint16_t)sel)))
		return st;
	x86_set_reg(c, op->r[0], sz, off);
	v->pc = x86_next_ip(c, op);
	return CORE_SYNC;
}
X86_FORMS_OF(les, load_far, X86_ES)
X86_FORMS_OF(lds, load_far, X86_DS)
X86_FORMS_OF(lss, load_far, X86_SS)
X86_FORMS_OF(lfs, load_far, X86_FS)
X86_FORMS_OF(lgs, load_far, X86_GS)

/* MOV Ev, Sreg (8C): a register gets the selector zero-extended, memory 16 bits. */
X86_INLINE int mov_from_sreg(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint16_t sel = c->s.seg[op->r[0] & 7].sel;
	return x86_store_e(c, op, mem ? 1 : sz, mem, mem ? x86_ea(c, op) : 0, sel);
}
X86_FORMS(mov_from_sreg)

/*
 * LGDT, LIDT m16&64 (0F 01 /2, /3): the limit, then the base: 64 bits in
 * 64-bit mode whatever the operand size; outside it 32 bits, of which a
 * 16-bit operand size keeps the low 24 (SDM 2: LGDT/LIDT). Linux's
 * trampoline uses the 32-bit form in real mode (lgdtl), its GDT being
 * above 16 MiB.
 */
X86_INLINE int load_dtr(struct core_vcpu *v, const struct core_op *op, struct x86_dtr *dtr)
{
	struct x86_cpu *c = x86(v);
	bool wide = x86_64bit(c);
	uint64_t la = x86_ea(c, op), lim, base;
	int st = x86_read(c, op, la, 2, &lim);
	if (!st)
		st = x86_read(c, op, la + 2, wide ? 8 : 4, &base);
	if (st)
		return st;
	if (!wide && op->f[3] == 1)
		base &= 0xffffff;
	*dtr = (struct x86_dtr){ .base = base, .limit = (uint16_t)lim };
	return CORE_OK;
}
CORE_HANDLER(lgdt)
{
	return load_dtr(v, op, &x86(v)->s.gdtr);
}
CORE_HANDLER(lidt)
{
	return load_dtr(v, op, &x86(v)->s.idtr);
}

/* SGDT, SIDT m (0F 01 /0, /1): #GP(0) above CPL 0 with CR4.UMIP. */
X86_INLINE int store_dtr(struct core_vcpu *v, const struct core_op *op, const struct x86_dtr *dtr)
{
	struct x86_cpu *c = x86(v);
	if ((c->s.cr4 & X86_CR4_UMIP) && x86_cpl(c))
		return x86_fault(c, op, X86_EXC_GP, 0);
	uint64_t la = x86_ea(c, op);
	int st = x86_write(c, op, la, 2, dtr->limit);
	return st ? st : x86_write(c, op, la + 2, 8, dtr->base);
}
CORE_HANDLER(sgdt)
{
	return store_dtr(v, op, &x86(v)->s.gdtr);
}
CORE_HANDLER(sidt)
{
	return store_dtr(v, op, &x86(v)->s.idtr);
}

/*
 * LTR r/m16 (0F 00 /3): an available 64-bit TSS (type 9) in the GDT, its
 * 16-byte descriptor giving a 64-bit base (in protected mode an available
 * 32-bit TSS, an 8-byte descriptor); the descriptor is marked busy
 * (type 11). LLDT (0F 00 /2): the null selector only (no LDT model).
 */
X86_INLINE int ltr(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, x, desc[2];
	int st = x86_load_e(c, op, 1, mem, &la, &x);
	if (st)
		return st;
	uint16_t sel = (uint16_t)x;
	bool wide = x86_long_mode(c);   /* 16-byte descriptors in long mode, 8 bytes in protected mode */
	if (!(sel & ~3u))
		return x86_fault(c, op, X86_EXC_GP, 0);
	if ((sel & 4) || (sel | 7u) + (wide ? 8 : 0) > c->s.gdtr.limit)
		return x86_fault(c, op, X86_EXC_GP, sel & ~3u);
	uint64_t at = c->s.gdtr.base + (sel & ~7u);
	desc[1] = 0;
	if ((st = x86_read(c, op, at, 8, &desc[0])) || (wide && (st = x86_read(c, op, at + 8, 8, &desc[1]))))
		return st;
	uint16_t a = attr_of(desc[0]);
	if ((a & (X86_SEG_S | X86_SEG_TYPE)) != 9)
		return x86_fault(c, op, X86_EXC_GP, sel & ~3u);
	if (!(a & X86_SEG_P))
		return x86_fault(c, op, X86_EXC_NP, sel & ~3u);
	if ((st = x86_write(c, op, at, 8, desc[0] | 2ull << 40)))
		return st;
	c->s.seg[X86_TR] = (struct x86_seg){ .base = base_of(desc[0]) | (desc[1] & 0xffffffffull) << 32,
					     .limit = limit_of(desc[0]), .sel = sel, .attr = a | 2 };
	return CORE_OK;
}
X86_FORMS(ltr)

X86_INLINE int lldt(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, x;
	int st = x86_load_e(c, op, 1, mem, &la, &x);
	if (st)
		return st;
	if ((uint16_t)x & ~3u)
		return x86_fault(c, op, X86_EXC_GP, (uint16_t)x & ~3u);
	c->s.seg[X86_LDTR] = (struct x86_seg){ .sel = (uint16_t)x };
	return CORE_OK;
}
X86_FORMS(lldt)

/* STR, SLDT (0F 00 /1, /0): the selector; #GP(0) above CPL 0 with CR4.UMIP. */
X86_INLINE int store_sel(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
			 unsigned which)
{
	struct x86_cpu *c = x86(v);
	if ((c->s.cr4 & X86_CR4_UMIP) && x86_cpl(c))
		return x86_fault(c, op, X86_EXC_GP, 0);
	return x86_store_e(c, op, mem ? 1 : sz, mem, mem ? x86_ea(c, op) : 0, c->s.seg[which].sel);
}
X86_FORMS_OF(str, store_sel, X86_TR)
X86_FORMS_OF(sldt, store_sel, X86_LDTR)

/*
 * VERR, VERW r/m16 (0F 00 /4, /5): ZF = the segment is readable (a data
 * or readable code segment) or writable (a data segment) at the current
 * privilege level; other flags stay. A selector that is null, outside the
 * GDT or names a system descriptor gives ZF = 0, never a fault (SDM 2:
 * VERR/VERW). Linux runs VERW before returning to user mode to clear CPU
 * buffers (MDS mitigation): here it is only its flag result.
 */
X86_INLINE int verify(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem, bool write)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, x, desc;
	int st = x86_load_e(c, op, 1, mem, &la, &x);
	if (st)
		return st;
	uint16_t sel = (uint16_t)x;
	bool ok = false;
	if ((sel & ~3u) && !(sel & 4) && (sel | 7u) <= c->s.gdtr.limit) {
		uint32_t pf;
		if (!x86_sys_access(c, c->s.gdtr.base + (sel & ~7u), &desc, 8, false, &pf))
			return pf == X86_NO_ERROR ? x86_fault(c, op, X86_EXC_GP, 0)
						  : x86_page_fault(c, op, c->s.gdtr.base + (sel & ~7u), pf);
		uint16_t a = attr_of(desc);
		unsigned dpl = (a >> X86_SEG_DPL_SHIFT) & 3, cpl = x86_cpl(c), rpl = sel & 3;
		bool code = a & 8, conforming = code && (a & 4);
		bool priv_ok = conforming || (dpl >= cpl && dpl >= rpl);
		ok = (a & X86_SEG_S) && priv_ok && (write ? !code && (a & 2) : !code || (a & 2));
	}
	uint64_t f = x86_flags(c);
	x86_set_flags(c, ok ? f | X86_ZF : f & ~(uint64_t)X86_ZF);
	return CORE_OK;
}
X86_FORMS_OF(verr, verify, false)
X86_FORMS_OF(verw, verify, true)

/*
 * RET far (CB; REX.W CB pops 64-bit items): pop RIP, then CS, to a code
 * segment at the same privilege level (a return to an outer level, which
 * pops SS:RSP too, is not modelled: #GP). Linux reaches its own __KERNEL_CS
 * this way (head_64.S).
 */
X86_INLINE int ret_far(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	unsigned n = 1u << sz, cpl = x86_cpl(c);
	uint64_t rip, cs, desc;
	int st = x86_read(c, op, c->s.r[X86_RSP], n, &rip);
	if (!st)
		st = x86_read(c, op, c->s.r[X86_RSP] + n, n, &cs);
	if (st)
		return st;
	uint16_t sel = (uint16_t)cs;
	if (!(sel & ~3u) || (sel & 3) != cpl)
		return x86_fault(c, op, X86_EXC_GP, sel & ~3u);
	if ((st = x86_descriptor(c, op, sel, &desc)))
		return st;
	uint16_t a = attr_of(desc);
	unsigned dpl = (a >> X86_SEG_DPL_SHIFT) & 3;
	if ((a & (X86_SEG_S | 8)) != (X86_SEG_S | 8) || ((a & 4) ? dpl > cpl : dpl != cpl))
		return x86_fault(c, op, X86_EXC_GP, sel & ~3u);
	if (!(a & X86_SEG_P))
		return x86_fault(c, op, X86_EXC_NP, sel & ~3u);
	if ((a & X86_SEG_L) && (uint64_t)((int64_t)(rip << 16) >> 16) != rip)
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->s.seg[X86_CS] = (struct x86_seg){ .base = 0, .limit = limit_of(desc), .sel = sel, .attr = a };
	c->s.r[X86_RSP] += 2ull * n + op->imm;
	c->core.pc = (a & X86_SEG_L) ? rip : (uint32_t)rip;
	x86_update_mode(c);
	return CORE_BRANCH;
}
X86_FORMS(ret_far)

/* MOV Sreg: ES, SS, DS, FS, GS are loadable; any of the six can be read (REX.R is ignored). */
static bool sreg_loadable(const struct x86_dec *d)
{
	unsigned n = (d->modrm >> 3) & 7;
	return n <= X86_GS && n != X86_CS;
}
static bool sreg_exists(const struct x86_dec *d)
{
	return ((d->modrm >> 3) & 7) <= X86_GS;
}

#define EXEC(fn) static const struct x86_exec fn##_exec = X86_EXEC_ALL(fn);
EXEC(lgdt) EXEC(lidt) EXEC(sgdt) EXEC(sidt)

static const struct x86_row rows[] = {
	/* A register operand has the operand size; memory is 16 bits (as capstone prints them too). */
	{ .map = B, .opcode = 0x8e, .ext = -1, .modrm = X86_M_REG, .size = SV, .cls = SYS, .flags = END | LEG,
	  .name = "mov", .ops = "Sw,Ev", .exec = &mov_sreg_exec, .when = sreg_loadable },
	{ .map = B, .opcode = 0x8e, .ext = -1, .modrm = MM, .size = X86_SZ_W, .cls = SYS, .flags = END | LEG,
	  .name = "mov", .ops = "Sw,Ew", .exec = &mov_sreg_exec, .when = sreg_loadable },
	{ .map = B, .opcode = 0x8c, .ext = -1, .modrm = X86_M_REG, .size = SV, .cls = ALU, .flags = LEG,
	  .name = "mov", .ops = "Ev,Sw", .exec = &mov_from_sreg_exec, .when = sreg_exists },
	{ .map = B, .opcode = 0x8c, .ext = -1, .modrm = MM, .size = X86_SZ_W, .cls = CORE_CLASS_STORE,
	  .flags = LEG, .name = "mov", .ops = "Ew,Sw", .exec = &mov_from_sreg_exec, .when = sreg_exists },
	X86_ROW(B, 0xc4, ANY, -1, MM, NI, SV, SYS, END | X86_F_NO64 | LEG, "les", "Gv,Mp", &les_exec),
	X86_ROW(B, 0xc5, ANY, -1, MM, NI, SV, SYS, END | X86_F_NO64 | LEG, "lds", "Gv,Mp", &lds_exec),
	X86_ROW(F, 0xb2, ANY, -1, MM, NI, SV, SYS, END | LEG, "lss", "Gv,Mp", &lss_exec),
	X86_ROW(F, 0xb4, ANY, -1, MM, NI, SV, SYS, END | LEG, "lfs", "Gv,Mp", &lfs_exec),
	X86_ROW(F, 0xb5, ANY, -1, MM, NI, SV, SYS, END | LEG, "lgs", "Gv,Mp", &lgs_exec),
	/* The operand size (66) picks the base's width outside 64-bit mode. */
	X86_ROW(F, 0x01, ANY, 2, MM, NI, SV, SYS, END | X86_F_PRIV | LEG, "lgdt", "M", &lgdt_exec),
	X86_ROW(F, 0x01, ANY, 3, MM, NI, SV, SYS, END | X86_F_PRIV | LEG, "lidt", "M", &lidt_exec),
	X86_ROW(F, 0x01, ANY, 0, MM, NI, SN, SYS, 0, "sgdt", "M", &sgdt_exec),
	X86_ROW(F, 0x01, ANY, 1, MM, NI, SN, SYS, 0, "sidt", "M", &sidt_exec),
	X86_ROW(F, 0x00, ANY, 3, MA, NI, X86_SZ_W, SYS, END | X86_F_PRIV | LEG, "ltr", "Ew", &ltr_exec),
	X86_ROW(F, 0x00, ANY, 2, MA, NI, X86_SZ_W, SYS, END | X86_F_PRIV, "lldt", "Ew", &lldt_exec),
	X86_ROW(F, 0x00, ANY, 1, X86_M_REG, NI, SV, SYS, 0, "str", "Ev", &str_exec),
	X86_ROW(F, 0x00, ANY, 1, MM, NI, X86_SZ_W, SYS, 0, "str", "Ew", &str_exec),
	X86_ROW(F, 0x00, ANY, 0, X86_M_REG, NI, SV, SYS, 0, "sldt", "Ev", &sldt_exec),
	X86_ROW(F, 0x00, ANY, 0, MM, NI, X86_SZ_W, SYS, 0, "sldt", "Ew", &sldt_exec),
	X86_ROW(F, 0x00, ANY, 4, MA, NI, X86_SZ_W, SYS, 0, "verr", "Ew", &verr_exec),
	X86_ROW(F, 0x00, ANY, 5, MA, NI, X86_SZ_W, SYS, 0, "verw", "Ew", &verw_exec),
	X86_ROW(B, 0xcb, ANY, -1, MN, NI, SV, BR, END, "/retf/retf/retfq", "", &ret_far_exec),
	X86_ROW(B, 0xca, ANY, -1, MN, X86_I_W, SV, BR, END, "/retf/retf/retfq", "Iw", &ret_far_exec),
};

const struct x86_table x86_table_seg = { rows, sizeof(rows) / sizeof(rows[0]) };
