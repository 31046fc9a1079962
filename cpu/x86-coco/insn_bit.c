/*
 * Bit tests and scans (SDM 2: BT, BTS, BTR, BTC, BSF, BSR, TZCNT, LZCNT,
 * POPCNT).
 *
 * Choice (flags the SDM leaves undefined): BT* change CF only; BSF and
 * BSR change ZF only and leave the destination as it was for a zero
 * source (what AMD documents and QEMU does); TZCNT and LZCNT change CF
 * and ZF only.
 */
#include "cpu/x86-coco/rows.h"

/* Replace the flags in `which` by `set` (materialising the others). */
static void set_some_flags(struct x86_cpu *c, uint64_t which, uint64_t set)
{
	x86_set_flags(c, (x86_flags(c) & ~which) | set);
}

enum bt_kind { BT, BTS, BTR, BTC };

/*
 * BT* E, G / E, imm8. A register offset into memory addresses the bit
 * string around the operand: it is signed and not masked (SDM 2: BT,
 * "bit base and bit offset"); an immediate or a register operand's offset
 * is taken modulo the width.
 */
X86_INLINE int bt(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		  enum bt_kind k, bool by_imm)
{
	struct x86_cpu *c = x86(v);
	unsigned bits = 8u << sz;
	uint64_t off = by_imm ? op->imm & 0xff : x86_get_reg(c, op->r[0], sz), la = 0, x;
	int st;
	if (mem) {
		la = x86_ea(c, op);
		if (!by_imm)
			la += (uint64_t)((int64_t)x86_sext(off, sz) >> (3 + sz)) << sz;
		st = x86_read(c, op, la, 1u << sz, &x);
	} else {
		st = x86_load_e(c, op, sz, mem, &la, &x);
	}
	if (st)
		return st;
	uint64_t bit = 1ull << (off & (bits - 1));
	bool cf = x & bit;
	if (k != BT) {
		x = k == BTS ? x | bit : k == BTR ? x & ~bit : x ^ bit;
		if ((st = mem ? x86_write(c, op, la, 1u << sz, x) : x86_store_e(c, op, sz, mem, la, x)))
			return st;
	}
	set_some_flags(c, X86_CF, cf ? X86_CF : 0);
	return CORE_OK;
}

#define BT_OP(name, K) X86_FORMS_OF(name##_g, bt, K, false) X86_FORMS_OF(name##_i, bt, K, true)
BT_OP(bt, BT)
BT_OP(bts, BTS)
BT_OP(btr, BTR)
BT_OP(btc, BTC)

enum scan_kind { BSF, BSR, TZCNT, LZCNT, POPCNT };

X86_INLINE int scan(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		    enum scan_kind k)
{
	struct x86_cpu *c = x86(v);
	unsigned bits = 8u << sz;
	uint64_t la = 0, x;
	int st = x86_load_e(c, op, sz, mem, &la, &x);
	if (st)
		return st;
	switch (k) {
	case BSF:
	case BSR:
		/*
		 * A zero source leaves the destination (AMD; Intel: undefined)
		 * but, at 32 bits, written back as Intel's processors and QEMU
		 * do: the upper half cleared. AMD's APM says the destination is
		 * unchanged; Linux (arch/x86/include/asm/bitops.h,
		 * variable_ffs) relies only on the low half, which both keep.
		 */
		x86_set_reg(c, op->r[0], sz, !x ? c->s.r[op->r[0]] :
				k == BSF ? (unsigned)__builtin_ctzll(x) : 63u - (unsigned)__builtin_clzll(x));
		set_some_flags(c, X86_ZF, x ? 0 : X86_ZF);
		break;
	case TZCNT:
	case LZCNT: {
		uint64_t n = !x ? bits : k == TZCNT ? (unsigned)__builtin_ctzll(x)
				       : (unsigned)__builtin_clzll(x) - (64 - bits);
		x86_set_reg(c, op->r[0], sz, n);
		set_some_flags(c, X86_CF | X86_ZF, (x ? 0 : X86_CF) | (n ? 0 : X86_ZF));
		break;
	}
	default:
		x86_set_reg(c, op->r[0], sz, (unsigned)__builtin_popcountll(x));
		set_some_flags(c, X86_ARITH_FLAGS, x ? 0 : X86_ZF);
		break;
	}
	return CORE_OK;
}
#define SCAN_OP(name, K) X86_FORMS_OF(name, scan, K)
SCAN_OP(bsf, BSF)
SCAN_OP(bsr, BSR)
SCAN_OP(tzcnt, TZCNT)
SCAN_OP(lzcnt, LZCNT)
SCAN_OP(popcnt, POPCNT)


static const struct x86_row rows[] = {
	X86_ROW(F, 0xa3, ANY, -1, MA, NI, SV, ALU, LEG, "bt", "Ev,Gv", &bt_g_exec),
	X86_ROW(F, 0xab, ANY, -1, MA, NI, SV, ALU, LK | LEG, "bts", "Ev,Gv", &bts_g_exec),
	X86_ROW(F, 0xb3, ANY, -1, MA, NI, SV, ALU, LK | LEG, "btr", "Ev,Gv", &btr_g_exec),
	X86_ROW(F, 0xbb, ANY, -1, MA, NI, SV, ALU, LK | LEG, "btc", "Ev,Gv", &btc_g_exec),
	X86_ROW(F, 0xba, ANY, 4, MA, X86_I_UB, SV, ALU, LEG, "bt", "Ev,Ib", &bt_i_exec),
	X86_ROW(F, 0xba, ANY, 5, MA, X86_I_UB, SV, ALU, LK | LEG, "bts", "Ev,Ib", &bts_i_exec),
	X86_ROW(F, 0xba, ANY, 6, MA, X86_I_UB, SV, ALU, LK | LEG, "btr", "Ev,Ib", &btr_i_exec),
	X86_ROW(F, 0xba, ANY, 7, MA, X86_I_UB, SV, ALU, LK | LEG, "btc", "Ev,Ib", &btc_i_exec),
	X86_ROW(F, 0xbc, ANY, -1, MA, NI, SV, ALU, 0, "bsf", "Gv,Ev", &bsf_exec),
	X86_ROW(F, 0xbd, ANY, -1, MA, NI, SV, ALU, 0, "bsr", "Gv,Ev", &bsr_exec),
	X86_ROW(F, 0xbc, X86_PFX_F3, -1, MA, NI, SV, ALU, 0, "tzcnt", "Gv,Ev", &tzcnt_exec),
	X86_ROW(F, 0xbd, X86_PFX_F3, -1, MA, NI, SV, ALU, 0, "lzcnt", "Gv,Ev", &lzcnt_exec),
	X86_ROW(F, 0xb8, X86_PFX_F3, -1, MA, NI, SV, ALU, 0, "popcnt", "Gv,Ev", &popcnt_exec),
};

const struct x86_table x86_table_bit = { rows, sizeof(rows) / sizeof(rows[0]) };
