/*
 * Shifts and rotates (SDM 2: SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR, SHLD,
 * SHRD): group 2 (C0, C1, D0-D3) by an immediate, by 1 or by CL.
 *
 * The count is masked to 5 bits (6 with a 64-bit operand). A masked count
 * of 0 changes no flag; the destination is still written (a 32-bit
 * register is zero-extended), as QEMU does. Flags the SDM leaves
 * undefined follow flags.c's choice: OF by the count-1 formula for every
 * count, AF = 0; a shift by at least the operand's width gives the
 * formula's CF (0 for SHL and SHR, the sign for SAR).
 */
#include "cpu/x86-coco/rows.h"

enum shift_kind { ROL, ROR, RCL, RCR, SHL, SHR, SAL, SAR };
enum count_src { COUNT_IMM, COUNT_ONE, COUNT_CL };

/* The rotates' CF and OF, into materialised flags (they keep SF, ZF, AF, PF). */
static void set_cf_of(struct x86_cpu *c, bool cf, bool of)
{
	uint64_t f = x86_flags(c) & ~(uint64_t)(X86_CF | X86_OF);
	x86_set_flags(c, f | (cf ? X86_CF : 0) | (of ? X86_OF : 0));
}

X86_INLINE int shift(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		     enum shift_kind k, enum count_src cs)
{
	struct x86_cpu *c = x86(v);
	unsigned bits = 8u << sz;
	unsigned n = (cs == COUNT_IMM ? (unsigned)op->imm : cs == COUNT_ONE ? 1u
		      : (unsigned)c->s.r[X86_RCX]) & (sz == 3 ? 63u : 31u);
	uint64_t la = 0, d, m = x86_mask(sz), r, mid = 0;
	int st = x86_load_e(c, op, sz, mem, &la, &d);
	if (st)
		return st;
	unsigned rot = k == RCL || k == RCR ? n % (bits + 1) : n % bits;
	bool cf_in = (k == RCL || k == RCR) && n ? x86_carry(c) : false;
	switch (k) {
	case ROL: r = rot ? ((d << rot) | (d >> (bits - rot))) & m : d; break;
	case ROR: r = rot ? ((d >> rot) | (d << (bits - rot))) & m : d; break;
	case RCL:
	case RCR: {
		/* Rotate the (bits + 1)-bit value CF:d. */
		unsigned __int128 x = (unsigned __int128)cf_in << bits | d, full = ((unsigned __int128)1 << (bits + 1)) - 1;
		unsigned sh = k == RCL ? rot : (bits + 1 - rot) % (bits + 1);
		x = sh ? ((x << sh) | (x >> (bits + 1 - sh))) & full : x;
		r = (uint64_t)x & m;
		cf_in = (x >> bits) & 1;   /* the new CF */
		break;
	}
	case SHL:
	case SAL:
		mid = d << (n ? n - 1 : 0);
		r = (mid << (n ? 1 : 0)) & m;
		break;
	case SHR:
		mid = d >> (n ? n - 1 : 0);
		r = n ? mid >> 1 : d;
		break;
	default: {   /* SAR */
		int64_t sd = (int64_t)x86_sext(d, sz);
		mid = (uint64_t)(sd >> (n ? n - 1 : 0));
		r = (uint64_t)(n ? (int64_t)mid >> 1 : sd) & m;
		break;
	}
	}
	if ((st = x86_store_e(c, op, sz, mem, la, r)))
		return st;
	if (!n)
		return CORE_OK;
	switch (k) {
	case ROL: set_cf_of(c, r & 1, x86_sign(r, sz) ^ (r & 1)); break;
	case ROR: set_cf_of(c, x86_sign(r, sz), x86_sign(r ^ (r << 1), sz)); break;
	case RCL: set_cf_of(c, cf_in, x86_sign(r, sz) ^ cf_in); break;
	case RCR: set_cf_of(c, cf_in, x86_sign(r ^ (r << 1), sz)); break;
	case SHL: case SAL: x86_lazy_set(c, X86_LF_SHL, sz, d, mid, r); break;
	default: x86_lazy_set(c, X86_LF_SHR, sz, d, mid, r); break;
	}
	return CORE_OK;
}

#define SHIFT_OP(name, K)                                                                       \
	X86_FORMS_OF(name##_i, shift, K, COUNT_IMM) X86_FORMS_OF(name##_1, shift, K, COUNT_ONE)   \
	X86_FORMS_OF(name##_cl, shift, K, COUNT_CL)
SHIFT_OP(rol, ROL)
SHIFT_OP(ror, ROR)
SHIFT_OP(rcl, RCL)
SHIFT_OP(rcr, RCR)
SHIFT_OP(shl, SHL)
SHIFT_OP(shr, SHR)
SHIFT_OP(sar, SAR)

/*
 * SHLD/SHRD (0F A4/A5, AC/AD): E shifted with bits from G filling in. A
 * count above the width (16-bit operands) leaves an undefined result: here
 * the bits of G:E:G... as the double shift of E:G gives them.
 */
X86_INLINE int dshift(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		      bool left, bool by_cl)
{
	struct x86_cpu *c = x86(v);
	unsigned bits = 8u << sz;
	unsigned n = (by_cl ? (unsigned)c->s.r[X86_RCX] : (unsigned)op->imm) & (sz == 3 ? 63u : 31u);
	uint64_t la = 0, d, g = x86_get_reg(c, op->r[0], sz), m = x86_mask(sz);
	int st = x86_load_e(c, op, sz, mem, &la, &d);
	if (st)
		return st;
	if (!n)
		return x86_store_e(c, op, sz, mem, la, d);
	/* Shift within a 128-bit window: E in the high (left) or low (right) half, G beside it. */
	unsigned __int128 x = left ? (unsigned __int128)d << (128 - bits) | (unsigned __int128)g << (128 - 2 * bits)
				   : (unsigned __int128)g << bits | d;
	uint64_t r, mid;
	if (left) {
		r = (uint64_t)((x << n) >> (128 - bits)) & m;
		mid = (uint64_t)((x << (n - 1)) >> (128 - bits)) & m;
	} else {
		r = (uint64_t)(x >> n) & m;
		mid = (uint64_t)(x >> (n - 1)) & m;
	}
	if ((st = x86_store_e(c, op, sz, mem, la, r)))
		return st;
	x86_lazy_set(c, left ? X86_LF_SHL : X86_LF_SHR, sz, d, mid, r);
	return CORE_OK;
}
#define DSHIFT_OP(name, L, CL) X86_FORMS_OF(name, dshift, L, CL)
DSHIFT_OP(shld_i, true, false)
DSHIFT_OP(shld_cl, true, true)
DSHIFT_OP(shrd_i, false, false)
DSHIFT_OP(shrd_cl, false, true)

/* Group 2's /k by Ib, 1 and CL (SDM 2:A.4 Table A-6). */
#define SHIFT_ROWS(k, nm, e)                                                                           \
	X86_ROW(B, 0xc0, ANY, k, MA, X86_I_UB, X86_SZ_B, ALU, LEG, nm, "Eb,Ib", &e##_i_exec),             \
	X86_ROW(B, 0xc1, ANY, k, MA, X86_I_UB, X86_SZ_V, ALU, LEG, nm, "Ev,Ib", &e##_i_exec),             \
	X86_ROW(B, 0xd0, ANY, k, MA, X86_I_NONE, X86_SZ_B, ALU, LEG, nm, "Eb,1", &e##_1_exec),            \
	X86_ROW(B, 0xd1, ANY, k, MA, X86_I_NONE, X86_SZ_V, ALU, LEG, nm, "Ev,1", &e##_1_exec),            \
	X86_ROW(B, 0xd2, ANY, k, MA, X86_I_NONE, X86_SZ_B, ALU, LEG, nm, "Eb,CL", &e##_cl_exec),          \
	X86_ROW(B, 0xd3, ANY, k, MA, X86_I_NONE, X86_SZ_V, ALU, LEG, nm, "Ev,CL", &e##_cl_exec)

static const struct x86_row rows[] = {
	SHIFT_ROWS(ROL, "rol", rol), SHIFT_ROWS(ROR, "ror", ror), SHIFT_ROWS(RCL, "rcl", rcl),
	SHIFT_ROWS(RCR, "rcr", rcr), SHIFT_ROWS(SHL, "shl", shl), SHIFT_ROWS(SHR, "shr", shr),
	/* /6 is SHL's undocumented twin; capstone calls it SAL. */
	SHIFT_ROWS(SAL, "sal", shl), SHIFT_ROWS(SAR, "sar", sar),
	X86_ROW(X86_MAP_0F, 0xa4, ANY, -1, MA, X86_I_UB, X86_SZ_V, ALU, 0, "shld", "Ev,Gv,Ib", &shld_i_exec),
	X86_ROW(X86_MAP_0F, 0xa5, ANY, -1, MA, X86_I_NONE, X86_SZ_V, ALU, 0, "shld", "Ev,Gv,CL", &shld_cl_exec),
	X86_ROW(X86_MAP_0F, 0xac, ANY, -1, MA, X86_I_UB, X86_SZ_V, ALU, 0, "shrd", "Ev,Gv,Ib", &shrd_i_exec),
	X86_ROW(X86_MAP_0F, 0xad, ANY, -1, MA, X86_I_NONE, X86_SZ_V, ALU, 0, "shrd", "Ev,Gv,CL", &shrd_cl_exec),
};

const struct x86_table x86_table_shift = { rows, sizeof(rows) / sizeof(rows[0]) };
