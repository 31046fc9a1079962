/*
 * Integer arithmetic and logic (SDM 2: ADD, ADC, SUB, SBB, AND, OR, XOR,
 * CMP, TEST, INC, DEC, NEG, NOT, MUL, IMUL, DIV, IDIV): one template per
 * operand form, instantiated per operation and operand size. Results are
 * written before the flags are recorded, so an instruction whose store
 * faults leaves the flags as they were (it did not retire).
 */
#include "cpu/x86-coco/rows.h"

/* The eight operations of opcodes 00-3F and of group 1, in ModRM.reg order (SDM 2:A.4 Table A-6). */
enum alu_kind { ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST };

struct alu_result {
	uint64_t res;
	unsigned lop;
	bool cf_in;
};

X86_INLINE struct alu_result alu(struct x86_cpu *c, enum alu_kind k, uint64_t d, uint64_t s)
{
	struct alu_result r = { 0, X86_LF_LOGIC, false };
	switch (k) {
	case ADD: r.res = d + s; r.lop = X86_LF_ADD; break;
	case ADC: r.cf_in = x86_carry(c); r.res = d + s + r.cf_in; r.lop = X86_LF_ADC; break;
	case SUB: case CMP: r.res = d - s; r.lop = X86_LF_SUB; break;
	case SBB: r.cf_in = x86_carry(c); r.res = d - s - r.cf_in; r.lop = X86_LF_SBB; break;
	case AND: case TEST: r.res = d & s; break;
	case OR: r.res = d | s; break;
	default: r.res = d ^ s; break;
	}
	return r;
}

X86_INLINE void alu_flags(struct x86_cpu *c, unsigned sz, uint64_t d, uint64_t s,
			  const struct alu_result *r)
{
	x86_lazy_set(c, r->lop, sz, d, s, r->res);
	c->s.lazy.cf_in = r->cf_in;
}

/* E = E op s (CMP, TEST: flags only). */
X86_INLINE int alu_e(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		     enum alu_kind k, uint64_t s)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, d;
	int st = x86_load_e(c, op, sz, mem, &la, &d);
	if (st)
		return st;
	s &= x86_mask(sz);
	struct alu_result r = alu(c, k, d, s);
	if (k != CMP && k != TEST && (st = x86_store_e(c, op, sz, mem, la, r.res)))
		return st;
	alu_flags(c, sz, d, s, &r);
	return CORE_OK;
}

/* G = G op E. */
X86_INLINE int alu_g(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		     enum alu_kind k)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, s;
	int st = x86_load_e(c, op, sz, mem, &la, &s);
	if (st)
		return st;
	uint64_t d = x86_get_reg(c, op->r[0], sz);
	struct alu_result r = alu(c, k, d, s);
	if (k != CMP)
		x86_set_reg(c, op->r[0], sz, r.res);
	alu_flags(c, sz, d, s, &r);
	return CORE_OK;
}

/* E op G and E op imm: every operation; G op E: all but TEST, which has no such form. */
#define ALU_E_OP(name, K)                                                                      \
	X86_FORMS_OF(name##_eg, alu_e, K, x86_get_reg(x86(v), op->r[0], sz))                   \
	X86_FORMS_OF(name##_ei, alu_e, K, op->imm)
#define ALU_OP(name, K) ALU_E_OP(name, K) X86_FORMS_OF(name##_ge, alu_g, K)
ALU_OP(add, ADD)
ALU_OP(or, OR)
ALU_OP(adc, ADC)
ALU_OP(sbb, SBB)
ALU_OP(and, AND)
ALU_OP(sub, SUB)
ALU_OP(xor, XOR)
ALU_OP(cmp, CMP)
ALU_E_OP(test, TEST)

/* ------------------------------------------------ INC, DEC, NEG, NOT */

enum unary_kind { INC, DEC, NOT, NEG };

X86_INLINE int unary(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		     enum unary_kind k)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, d;
	int st = x86_load_e(c, op, sz, mem, &la, &d);
	if (st)
		return st;
	uint64_t r = k == INC ? d + 1 : k == DEC ? d - 1 : k == NOT ? ~d : -d;
	if ((st = x86_store_e(c, op, sz, mem, la, r)))
		return st;
	if (k == INC || k == DEC) {
		bool cf = x86_carry(c);
		x86_lazy_set(c, k == INC ? X86_LF_INC : X86_LF_DEC, sz, d, 1, r);
		c->s.lazy.cf_in = cf;
	} else if (k == NEG) {
		x86_lazy_set(c, X86_LF_SUB, sz, 0, d, r);   /* NEG is 0 - d (SDM 2: NEG) */
	}
	return CORE_OK;
}

#define UNARY_OP(name, K) X86_FORMS_OF(name, unary, K)
UNARY_OP(inc, INC)
UNARY_OP(dec, DEC)
UNARY_OP(not, NOT)
UNARY_OP(neg, NEG)

/* ------------------------------------------------- MUL, IMUL, DIV, IDIV */

/* The accumulator pair of a size: AH:AL for bytes, else rDX:rAX (SDM 2: MUL Table 4-9). */
X86_INLINE uint64_t acc_get(struct x86_cpu *c, unsigned sz, bool high)
{
	if (sz == 0)
		return (c->s.r[X86_RAX] >> (high ? 8 : 0)) & 0xff;
	return x86_get_reg(c, high ? X86_RDX : X86_RAX, sz);
}

X86_INLINE void acc_set(struct x86_cpu *c, unsigned sz, uint64_t lo, uint64_t hi)
{
	if (sz == 0) {
		x86_set_reg(c, X86_RAX, 1, (lo & 0xff) | (hi & 0xff) << 8);
		return;
	}
	x86_set_reg(c, X86_RAX, sz, lo);
	x86_set_reg(c, X86_RDX, sz, hi);
}

/* The double-width product of a and b at size sz, signed or not: low half in *lo, high in *hi. */
X86_INLINE void wide_mul(uint64_t a, uint64_t b, unsigned sz, bool sgn, uint64_t *lo, uint64_t *hi)
{
	unsigned bits = 8u << sz;
	unsigned __int128 p = sgn ? (unsigned __int128)((__int128)(int64_t)x86_sext(a, sz) *
							 (int64_t)x86_sext(b, sz))
				  : (unsigned __int128)(a & x86_mask(sz)) * (b & x86_mask(sz));
	*lo = (uint64_t)p & x86_mask(sz);
	*hi = (uint64_t)(p >> bits) & x86_mask(sz);
}

/* Did a product fit its low half? MUL: high half zero; IMUL: high half the low half's sign. */
X86_INLINE bool mul_overflow(uint64_t lo, uint64_t hi, unsigned sz, bool sgn)
{
	return sgn ? hi != (x86_sign(lo, sz) ? x86_mask(sz) : 0) : hi != 0;
}

X86_INLINE int mul1(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem, bool sgn)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, s, lo, hi;
	int st = x86_load_e(c, op, sz, mem, &la, &s);
	if (st)
		return st;
	wide_mul(acc_get(c, sz, false), s, sz, sgn, &lo, &hi);
	acc_set(c, sz, lo, hi);
	x86_lazy_set(c, X86_LF_MUL, sz, 0, mul_overflow(lo, hi, sz, sgn), lo);
	return CORE_OK;
}

X86_FORMS_OF(mul, mul1, false)
X86_FORMS_OF(imul1, mul1, true)

/* IMUL Gv, Ev (0F AF) and IMUL Gv, Ev, imm (69, 6B): G = truncated product. */
X86_INLINE int imul_g(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		      uint64_t b, bool b_is_g)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, a, lo, hi;
	int st = x86_load_e(c, op, sz, mem, &la, &a);
	if (st)
		return st;
	if (b_is_g)
		b = x86_get_reg(c, op->r[0], sz);
	wide_mul(a, b, sz, true, &lo, &hi);
	x86_set_reg(c, op->r[0], sz, lo);
	x86_lazy_set(c, X86_LF_MUL, sz, 0, mul_overflow(lo, hi, sz, true), lo);
	return CORE_OK;
}
X86_FORMS_OF(imul2, imul_g, 0, true)
X86_FORMS_OF(imul3, imul_g, op->imm, false)

/*
 * DIV and IDIV: the double-width accumulator by the operand; #DE for a
 * zero divisor or a quotient that does not fit (SDM 2: DIV, IDIV). The
 * flags, undefined, are left as they were (as QEMU does).
 */
X86_INLINE int div1(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem, bool sgn)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, s;
	int st = x86_load_e(c, op, sz, mem, &la, &s);
	if (st)
		return st;
	unsigned bits = 8u << sz;
	unsigned __int128 n = (unsigned __int128)acc_get(c, sz, true) << bits | acc_get(c, sz, false);
	uint64_t q, r;
	if (s == 0)
		return x86_fault(c, op, X86_EXC_DE, X86_NO_ERROR);
	if (sgn) {
		/* Sign-extend the 2*bits-wide dividend. */
		__int128 sn = (__int128)(n << (128 - 2 * bits)) >> (128 - 2 * bits);
		__int128 sd = (int64_t)x86_sext(s, sz), sq = sn / sd;
		__int128 lim = (__int128)1 << (bits - 1);
		if (sq >= lim || sq < -lim)
			return x86_fault(c, op, X86_EXC_DE, X86_NO_ERROR);
		q = (uint64_t)sq;
		r = (uint64_t)(sn % sd);
	} else {
		unsigned __int128 uq = n / s;
		if (uq >> bits)
			return x86_fault(c, op, X86_EXC_DE, X86_NO_ERROR);
		q = (uint64_t)uq;
		r = (uint64_t)(n % s);
	}
	acc_set(c, sz, q, r);
	return CORE_OK;
}
X86_FORMS_OF(udiv, div1, false)
X86_FORMS_OF(idiv, div1, true)

/* ------------------------------------------------------------- the rows */

/*
 * Opcodes 8k+0..5 and group 1's /k (SDM 2:A.3 Table A-2, A.4 Table A-6):
 * fl the flags of the forms with a memory destination, ui those of the
 * immediate forms' disassembly.
 */
#define ALU_ROWS(k, nm, e, fl, ui)                                                               \
	X86_ROW(B, 8 * (k) + 0, ANY, -1, MA, NI, SB, ALU, (fl) | LEG, nm, "Eb,Gb", &e##_eg_exec),        \
	X86_ROW(B, 8 * (k) + 1, ANY, -1, MA, NI, SV, ALU, (fl) | LEG, nm, "Ev,Gv", &e##_eg_exec),        \
	X86_ROW(B, 8 * (k) + 2, ANY, -1, MA, NI, SB, ALU, LEG, nm, "Gb,Eb", &e##_ge_exec),         \
	X86_ROW(B, 8 * (k) + 3, ANY, -1, MA, NI, SV, ALU, LEG, nm, "Gv,Ev", &e##_ge_exec),         \
	X86_ROW(B, 8 * (k) + 4, ANY, -1, MN, X86_I_B, SB, ALU, (ui) | LEG, nm, "AL,Ib", &e##_ei_exec),   \
	X86_ROW(B, 8 * (k) + 5, ANY, -1, MN, X86_I_Z, SV, ALU, (ui) | LEG, nm, "rAX,Iz", &e##_ei_exec),  \
	X86_ROW(B, 0x80, ANY, k, MA, X86_I_B, SB, ALU, (fl) | (ui) | LEG, nm, "Eb,Ib", &e##_ei_exec),   \
	X86_ROW(B, 0x81, ANY, k, MA, X86_I_Z, SV, ALU, (fl) | (ui) | LEG, nm, "Ev,Iz", &e##_ei_exec),   \
	X86_ROW(B, 0x83, ANY, k, MA, X86_I_B, SV, ALU, (fl) | (ui) | LEG, nm, "Ev,Ib", &e##_ei_exec)
/* Group 3 (F6, F7) and 4/5 (FE, FF) rows of one operation. */
#define GRP_ROWS(opc_b, opc_v, k, imm, cls, fl, nm, ops_b, ops_v, e)                              \
	X86_ROW(B, opc_b, ANY, k, MA, imm, X86_SZ_B, cls, fl, nm, ops_b, &e##_exec),              \
	X86_ROW(B, opc_v, ANY, k, MA, (imm) == X86_I_B ? X86_I_Z : (imm), X86_SZ_V, cls, fl, nm, ops_v, &e##_exec)

static const struct x86_row rows[] = {
	ALU_ROWS(ADD, "add", add, LK, 0), ALU_ROWS(OR, "or", or, LK, X86_F_UIMM),
	ALU_ROWS(ADC, "adc", adc, LK, 0), ALU_ROWS(SBB, "sbb", sbb, LK, 0),
	ALU_ROWS(AND, "and", and, LK, X86_F_UIMM), ALU_ROWS(SUB, "sub", sub, LK, 0),
	ALU_ROWS(XOR, "xor", xor, LK, X86_F_UIMM), ALU_ROWS(CMP, "cmp", cmp, 0, 0),
	X86_ROW(B, 0x84, ANY, -1, MA, X86_I_NONE, X86_SZ_B, ALU, LEG, "test", "Eb,Gb", &test_eg_exec),
	X86_ROW(B, 0x85, ANY, -1, MA, X86_I_NONE, X86_SZ_V, ALU, LEG, "test", "Ev,Gv", &test_eg_exec),
	X86_ROW(B, 0xa8, ANY, -1, X86_M_NONE, X86_I_B, X86_SZ_B, ALU, LEG, "test", "AL,Ib", &test_ei_exec),
	X86_ROW(B, 0xa9, ANY, -1, X86_M_NONE, X86_I_Z, X86_SZ_V, ALU, LEG, "test", "rAX,Iz", &test_ei_exec),
	/* Group 3: /1 is an alias of TEST (SDM 2:A.4 Table A-6 leaves it blank; processors decode it). */
	GRP_ROWS(0xf6, 0xf7, 0, X86_I_B, ALU, 0, "test", "Eb,Ib", "Ev,Iz", test_ei),
	GRP_ROWS(0xf6, 0xf7, 1, X86_I_B, ALU, 0, "test", "Eb,Ib", "Ev,Iz", test_ei),
	GRP_ROWS(0xf6, 0xf7, 2, X86_I_NONE, ALU, LK, "not", "Eb", "Ev", not),
	GRP_ROWS(0xf6, 0xf7, 3, X86_I_NONE, ALU, LK, "neg", "Eb", "Ev", neg),
	GRP_ROWS(0xf6, 0xf7, 4, X86_I_NONE, CORE_CLASS_MUL, 0, "mul", "Eb", "Ev", mul),
	GRP_ROWS(0xf6, 0xf7, 5, X86_I_NONE, CORE_CLASS_MUL, 0, "imul", "Eb", "Ev", imul1),
	GRP_ROWS(0xf6, 0xf7, 6, X86_I_NONE, CORE_CLASS_DIV, LEG, "div", "Eb", "Ev", udiv),
	GRP_ROWS(0xf6, 0xf7, 7, X86_I_NONE, CORE_CLASS_DIV, 0, "idiv", "Eb", "Ev", idiv),
	GRP_ROWS(0xfe, 0xff, 0, X86_I_NONE, ALU, LK, "inc", "Eb", "Ev", inc),
	GRP_ROWS(0xfe, 0xff, 1, X86_I_NONE, ALU, LK, "dec", "Eb", "Ev", dec),
	X86_ROW(X86_MAP_0F, 0xaf, ANY, -1, MA, X86_I_NONE, X86_SZ_V, CORE_CLASS_MUL, 0, "imul", "Gv,Ev", &imul2_exec),
	X86_ROW(B, 0x69, ANY, -1, MA, X86_I_Z, X86_SZ_V, CORE_CLASS_MUL, 0, "imul", "Gv,Ev,Iz", &imul3_exec),
	X86_ROW(B, 0x6b, ANY, -1, MA, X86_I_B, X86_SZ_V, CORE_CLASS_MUL, 0, "imul", "Gv,Ev,Ib", &imul3_exec),
};

const struct x86_table x86_table_alu = { rows, sizeof(rows) / sizeof(rows[0]) };
