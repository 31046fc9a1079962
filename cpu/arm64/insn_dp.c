/*
 * A64 integer data processing: Arm ARM DDI 0487, C4.1 "A64 instruction set
 * encoding", groups "Data Processing -- Immediate" and "Data Processing --
 * Register"; semantics per the C6.2 instruction pages.
 *
 * Everything known at decode time is resolved there: operand size, shift
 * type, flag setting, immediate or register operand each select their own
 * handler, and immediates (bitmasks, shifted MOVZ values, bitfield shift
 * pairs) are precomputed. Handlers are branch-free where the host allows.
 *
 * Operand fields: r[0] Rd, r[1] Rn, r[2] Rm, r[3] Ra; f[] and imm as noted
 * at each decoder.
 */
#include "cpu/arm64/arm64.h"

#define INLINE static inline __attribute__((always_inline))
#define HANDLER(name) CORE_HANDLER(h_##name)

/* ------------------------------------------------------------- helpers */

/* A W result is written zero-extended; an X result as is. */
INLINE uint64_t trunc_sz(uint64_t r, bool is64)
{
	return is64 ? r : (uint32_t)r;
}

/* NZCV with N and Z from a result of the operation size, C = V = 0. */
INLINE uint32_t nz_flags(uint64_t r, bool is64)
{
	uint32_t sign = is64 ? (uint32_t)(r >> 63) : (uint32_t)(r >> 31) & 1;
	return sign << 31 | (uint32_t)(trunc_sz(r, is64) == 0) << 30;
}

/* AddWithCarry() (Arm ARM J1 shared pseudocode): result and NZCV. */
INLINE uint64_t add_with_carry(uint64_t a, uint64_t b, unsigned cin, bool is64,
			       uint32_t *nzcv)
{
	uint64_t r;
	uint32_t carry, ovf;

	if (is64) {
		unsigned __int128 s = (unsigned __int128)a + b + cin;
		r = (uint64_t)s;
		carry = (uint32_t)(s >> 64);
		ovf = (uint32_t)(((a ^ r) & (b ^ r)) >> 63);
	} else {
		uint64_t s = (uint64_t)(uint32_t)a + (uint32_t)b + cin;
		r = (uint32_t)s;
		carry = (uint32_t)(s >> 32);
		ovf = (uint32_t)(((a ^ r) & (b ^ r)) >> 31) & 1;
	}
	*nzcv = nz_flags(r, is64) | carry << 29 | ovf << 28;
	return r;
}

INLINE uint64_t ror64(uint64_t x, unsigned n)
{
	return (x >> n) | (x << ((64 - n) & 63));
}

INLINE uint32_t ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << ((32 - n) & 31));
}

/* ShiftReg(): type 0 LSL, 1 LSR, 2 ASR, 3 ROR; amt < operation size. */
INLINE uint64_t shift_sz(uint64_t x, unsigned type, unsigned amt, bool is64)
{
	uint32_t w = (uint32_t)x;

	switch (type) {
	case 0: return is64 ? x << amt : (uint32_t)(w << amt);
	case 1: return is64 ? x >> amt : w >> amt;
	case 2: return is64 ? (uint64_t)((int64_t)x >> amt) : (uint32_t)((int32_t)w >> amt);
	default: return is64 ? ror64(x, amt) : ror32(w, amt);
	}
}

/*
 * ExtendReg(): the low `64 - l` bits of x zero- or sign-extended, then
 * shifted left by s (C6.2 ADD (extended register)).
 */
INLINE uint64_t extend(uint64_t x, bool is_signed, unsigned l, unsigned s)
{
	uint64_t e = is_signed ? (uint64_t)((int64_t)(x << l) >> l) : (x << l) >> l;
	return e << s;
}

/* The second operand of each operand form, inside a handler with `c` and `op`. */
#define OP2_reg(sz) (c->x[op->r[2]])
#define OP2_imm(sz) (op->imm)
#define OP2_lsl(sz) shift_sz(c->x[op->r[2]], 0, op->f[0], (sz) == 64)
#define OP2_lsr(sz) shift_sz(c->x[op->r[2]], 1, op->f[0], (sz) == 64)
#define OP2_asr(sz) shift_sz(c->x[op->r[2]], 2, op->f[0], (sz) == 64)
#define OP2_ror(sz) shift_sz(c->x[op->r[2]], 3, op->f[0], (sz) == 64)
#define OP2_uxt(sz) extend(c->x[op->r[2]], false, op->f[0], op->f[1])
#define OP2_sxt(sz) extend(c->x[op->r[2]], true, op->f[0], op->f[1])

/* Operand forms, the index of the handler tables. */
enum { FORM_IMM, FORM_LSL, FORM_LSR, FORM_ASR, FORM_ROR, FORM_UXT, FORM_SXT, FORM_COUNT };

/* Handler pairs indexed by sf. */
#define BY_SF(mn, form) { h_##mn##_##form##32, h_##mn##_##form##64 }

/* ----------------------------------------------------- add and subtract */

/*
 * The lazy flags of a - b or a + b (struct a64_flags): a 32-bit
 * operation's operands go in shifted to the top half.
 */
INLINE void flags_addsub(struct arm64_cpu *c, uint64_t a, uint64_t b, bool sub, bool is64)
{
	unsigned s = is64 ? 0 : 32;

	if (sub)
		a64_flags_sub(c, a << s, b << s);
	else
		a64_flags_add(c, a << s, b << s);
}

/* N and Z of a logical result r, C = V = 0: the flags of r + 0. */
INLINE void flags_logic(struct arm64_cpu *c, uint64_t r, bool is64)
{
	a64_flags_add(c, is64 ? r : r << 32, 0);
}

/* C6.2 ADD, ADDS, SUB, SUBS. */
INLINE void addsub(struct arm64_cpu *c, const struct core_op *op, uint64_t b, bool sub,
		   bool setflags, bool is64)
{
	uint64_t a = c->x[op->r[1]];

	c->x[op->r[0]] = trunc_sz(sub ? a - b : a + b, is64);
	if (setflags)
		flags_addsub(c, a, b, sub, is64);
}

#define DEF_ADDSUB(mn, sub, s, form, sz)                                      \
	HANDLER(mn##_##form##sz)                                              \
	{                                                                     \
		struct arm64_cpu *c = a64(v);                                 \
		addsub(c, op, OP2_##form(sz), sub, s, (sz) == 64);            \
		return CORE_OK;                                               \
	}
#define DEF_ADDSUB_OPS(form)                                                  \
	DEF_ADDSUB(add, 0, 0, form, 32) DEF_ADDSUB(add, 0, 0, form, 64)       \
	DEF_ADDSUB(adds, 0, 1, form, 32) DEF_ADDSUB(adds, 0, 1, form, 64)     \
	DEF_ADDSUB(sub, 1, 0, form, 32) DEF_ADDSUB(sub, 1, 0, form, 64)       \
	DEF_ADDSUB(subs, 1, 1, form, 32) DEF_ADDSUB(subs, 1, 1, form, 64)
DEF_ADDSUB_OPS(imm)
DEF_ADDSUB_OPS(lsl)
DEF_ADDSUB_OPS(lsr)
DEF_ADDSUB_OPS(asr)
DEF_ADDSUB_OPS(uxt)
DEF_ADDSUB_OPS(sxt)

/* [form][op:S, bits 30:29][sf]; ROR is unallocated for add/sub. */
#define ADDSUB_FORM(form) { BY_SF(add, form), BY_SF(adds, form), BY_SF(sub, form), BY_SF(subs, form) }
static const core_handler_fn addsub_fn[FORM_COUNT][4][2] = {
	[FORM_IMM] = ADDSUB_FORM(imm), [FORM_LSL] = ADDSUB_FORM(lsl),
	[FORM_LSR] = ADDSUB_FORM(lsr), [FORM_ASR] = ADDSUB_FORM(asr),
	[FORM_UXT] = ADDSUB_FORM(uxt), [FORM_SXT] = ADDSUB_FORM(sxt),
};

/* The op:S bits (30:29) and sf shared by the add/sub and logical groups. */
static unsigned opc_of(uint32_t insn) { return a64_bits(insn, 29, 2); }
static unsigned sf_of(uint32_t insn) { return a64_bits(insn, 31, 1); }

/*
 * C4.1 "Add/subtract (immediate)": imm = imm12, LSL #12 if sh. Rn is SP for
 * 31; Rd is SP for ADD/SUB and XZR for ADDS/SUBS (CMP/CMN).
 */
static bool dec_addsub_imm(uint32_t insn, struct core_op *op)
{
	unsigned opc = opc_of(insn);

	op->r[0] = opc & 1 ? a64_dst_zr(a64_bits(insn, 0, 5)) : a64_reg_sp(a64_bits(insn, 0, 5));
	op->r[1] = a64_reg_sp(a64_bits(insn, 5, 5));
	op->imm = (uint64_t)a64_bits(insn, 10, 12) << (a64_bits(insn, 22, 1) * 12);
	op->fn = addsub_fn[FORM_IMM][opc][sf_of(insn)];
	return true;
}

/*
 * C4.1 "Add/subtract (shifted register)": f[0] = imm6. shift 11 (ROR) and
 * imm6 >= 32 with sf = 0 are unallocated.
 */
static bool dec_addsub_shift(uint32_t insn, struct core_op *op)
{
	unsigned shift = a64_bits(insn, 22, 2), imm6 = a64_bits(insn, 10, 6);

	if (shift == 3 || (!sf_of(insn) && imm6 >= 32))
		return false;
	op->r[0] = a64_dst_zr(a64_bits(insn, 0, 5));
	op->r[1] = a64_reg_zr(a64_bits(insn, 5, 5));
	op->r[2] = a64_reg_zr(a64_bits(insn, 16, 5));
	op->f[0] = (uint8_t)imm6;
	op->fn = addsub_fn[FORM_LSL + shift][opc_of(insn)][sf_of(insn)];
	return true;
}

/*
 * C4.1 "Add/subtract (extended register)": option<1:0> gives the source
 * width (8 << option<1:0>), option<2> signedness; f[0] = 64 - width (the
 * left shift that isolates it), f[1] = imm3 (> 4 unallocated). Rn is SP
 * for 31, Rd too unless flags are set.
 */
static bool dec_addsub_ext(uint32_t insn, struct core_op *op)
{
	unsigned opc = opc_of(insn), option = a64_bits(insn, 13, 3), imm3 = a64_bits(insn, 10, 3);

	if (imm3 > 4)
		return false;
	op->r[0] = opc & 1 ? a64_dst_zr(a64_bits(insn, 0, 5)) : a64_reg_sp(a64_bits(insn, 0, 5));
	op->r[1] = a64_reg_sp(a64_bits(insn, 5, 5));
	op->r[2] = a64_reg_zr(a64_bits(insn, 16, 5));
	op->f[0] = (uint8_t)(64 - (8u << (option & 3)));
	op->f[1] = (uint8_t)imm3;
	op->fn = addsub_fn[option & 4 ? FORM_SXT : FORM_UXT][opc][sf_of(insn)];
	return true;
}

/* C6.2 ADC, C6.2 ADCS, C6.2 SBC, C6.2 SBCS: carry in is PSTATE.C. */
INLINE void adc(struct arm64_cpu *c, const struct core_op *op, bool sub, bool setflags, bool is64)
{
	uint64_t b = c->x[op->r[2]];
	uint32_t nzcv;

	c->x[op->r[0]] = add_with_carry(c->x[op->r[1]], sub ? ~b : b, (a64_nzcv(c) >> 29) & 1, is64, &nzcv);
	if (setflags)
		a64_set_nzcv(c, nzcv);
}

#define DEF_ADC(mn, sub, s, sz)                                               \
	HANDLER(mn##_reg##sz)                                                 \
	{                                                                     \
		adc(a64(v), op, sub, s, (sz) == 64);                          \
		return CORE_OK;                                               \
	}
DEF_ADC(adc, 0, 0, 32) DEF_ADC(adc, 0, 0, 64) DEF_ADC(adcs, 0, 1, 32) DEF_ADC(adcs, 0, 1, 64)
DEF_ADC(sbc, 1, 0, 32) DEF_ADC(sbc, 1, 0, 64) DEF_ADC(sbcs, 1, 1, 32) DEF_ADC(sbcs, 1, 1, 64)

static const core_handler_fn adc_fn[4][2] = {
	BY_SF(adc, reg), BY_SF(adcs, reg), BY_SF(sbc, reg), BY_SF(sbcs, reg),
};

/* Three general registers, all with 31 = XZR (many register-form groups). */
static void dec_rd_rn_rm(uint32_t insn, struct core_op *op)
{
	op->r[0] = a64_dst_zr(a64_bits(insn, 0, 5));
	op->r[1] = a64_reg_zr(a64_bits(insn, 5, 5));
	op->r[2] = a64_reg_zr(a64_bits(insn, 16, 5));
}

/* C4.1 "Add/subtract (with carry)". */
static bool dec_adc(uint32_t insn, struct core_op *op)
{
	dec_rd_rn_rm(insn, op);
	op->fn = adc_fn[opc_of(insn)][sf_of(insn)];
	return true;
}

/* ----------------------------------------------------------- logical */

/* opc (bits 30:29): 0 AND, 1 ORR, 2 EOR, 3 ANDS (C6.2 AND ... C6.2 ANDS). */
INLINE void logic(struct arm64_cpu *c, const struct core_op *op, uint64_t b, unsigned opc, bool is64)
{
	uint64_t a = c->x[op->r[1]];
	uint64_t r = trunc_sz(opc == 1 ? a | b : opc == 2 ? a ^ b : a & b, is64);

	if (opc == 3)
		flags_logic(c, r, is64);
	c->x[op->r[0]] = r;
}

/* Logical operand 2: register forms apply the inversion mask in op->imm. */
#define LOP2_imm(sz) OP2_imm(sz)
#define LOP2_lsl(sz) (OP2_lsl(sz) ^ op->imm)
#define LOP2_lsr(sz) (OP2_lsr(sz) ^ op->imm)
#define LOP2_asr(sz) (OP2_asr(sz) ^ op->imm)
#define LOP2_ror(sz) (OP2_ror(sz) ^ op->imm)

#define DEF_LOGIC(mn, opc, form, sz)                                          \
	HANDLER(mn##_##form##sz)                                              \
	{                                                                     \
		struct arm64_cpu *c = a64(v);                                 \
		logic(c, op, LOP2_##form(sz), opc, (sz) == 64);               \
		return CORE_OK;                                               \
	}
#define DEF_LOGIC_OPS(form)                                                   \
	DEF_LOGIC(and, 0, form, 32) DEF_LOGIC(and, 0, form, 64)               \
	DEF_LOGIC(orr, 1, form, 32) DEF_LOGIC(orr, 1, form, 64)               \
	DEF_LOGIC(eor, 2, form, 32) DEF_LOGIC(eor, 2, form, 64)               \
	DEF_LOGIC(ands, 3, form, 32) DEF_LOGIC(ands, 3, form, 64)
DEF_LOGIC_OPS(imm)
DEF_LOGIC_OPS(lsl)
DEF_LOGIC_OPS(lsr)
DEF_LOGIC_OPS(asr)
DEF_LOGIC_OPS(ror)

#define LOGIC_FORM(form) { BY_SF(and, form), BY_SF(orr, form), BY_SF(eor, form), BY_SF(ands, form) }
static const core_handler_fn logic_fn[FORM_ROR + 1][4][2] = {
	[FORM_IMM] = LOGIC_FORM(imm), [FORM_LSL] = LOGIC_FORM(lsl), [FORM_LSR] = LOGIC_FORM(lsr),
	[FORM_ASR] = LOGIC_FORM(asr), [FORM_ROR] = LOGIC_FORM(ror),
};

/* MOV (register), the ORR alias with Rn = XZR and no shift: a plain copy. */
HANDLER(mov_reg64)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = c->x[op->r[2]];
	return CORE_OK;
}

HANDLER(mov_reg32)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = (uint32_t)c->x[op->r[2]];
	return CORE_OK;
}

/*
 * DecodeBitMasks() for logical immediates (Arm ARM J1 shared pseudocode):
 * element size 2^len with len = HighestSetBit(N:NOT(imms)), a run of
 * S + 1 ones rotated right by R, replicated to 64 bits. len < 1 and an
 * all-ones run (S = esize - 1) are reserved.
 */
static bool decode_bitmask(unsigned n, unsigned imms, unsigned immr, uint64_t *mask)
{
	unsigned v = (n << 6) | (~imms & 0x3f);

	if (v < 2)
		return false;
	unsigned len = 31 - (unsigned)__builtin_clz(v);
	unsigned esize = 1u << len, levels = esize - 1;
	unsigned s = imms & levels, r = immr & levels;
	if (s == levels)
		return false;
	uint64_t emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
	uint64_t welem = (1ull << (s + 1)) - 1;
	uint64_t elem = r ? ((welem >> r) | (welem << (esize - r))) & emask : welem;
	for (unsigned e = esize; e < 64; e *= 2)
		elem |= elem << e;
	*mask = elem;
	return true;
}

/*
 * C4.1 "Logical (immediate)": imm = the decoded bitmask. sf = 0 with N = 1
 * is unallocated. Rd is SP for AND/ORR/EOR, XZR for ANDS (TST).
 */
static bool dec_logic_imm(uint32_t insn, struct core_op *op)
{
	unsigned sf = sf_of(insn), n = a64_bits(insn, 22, 1), opc = opc_of(insn);
	uint64_t mask;

	if ((!sf && n) || !decode_bitmask(n, a64_bits(insn, 10, 6), a64_bits(insn, 16, 6), &mask))
		return false;
	op->r[0] = opc == 3 ? a64_dst_zr(a64_bits(insn, 0, 5)) : a64_reg_sp(a64_bits(insn, 0, 5));
	op->r[1] = a64_reg_zr(a64_bits(insn, 5, 5));
	op->imm = trunc_sz(mask, sf);
	op->fn = logic_fn[FORM_IMM][opc][sf];
	return true;
}

/*
 * C4.1 "Logical (shifted register)": f[0] = imm6, imm = ~0 when N inverts
 * the operand (BIC, ORN, EON, BICS). imm6 >= 32 with sf = 0 is unallocated.
 */
static bool dec_logic_shift(uint32_t insn, struct core_op *op)
{
	unsigned sf = sf_of(insn), opc = opc_of(insn), n = a64_bits(insn, 21, 1);
	unsigned imm6 = a64_bits(insn, 10, 6);

	if (!sf && imm6 >= 32)
		return false;
	dec_rd_rn_rm(insn, op);
	op->f[0] = (uint8_t)imm6;
	op->imm = n ? ~0ull : 0;
	op->fn = logic_fn[FORM_LSL + a64_bits(insn, 22, 2)][opc][sf];
	if (opc == 1 && !n && imm6 == 0 && op->r[1] == A64_ZR)
		op->fn = sf ? h_mov_reg64 : h_mov_reg32;
	return true;
}

/* ------------------------------------------------ PC-relative addressing */

/* C6.2 ADR: imm = the signed byte offset from this instruction. */
HANDLER(adr)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = core_op_pc(v, op) + op->imm;
	return CORE_OK;
}

/* C6.2 ADRP: imm = the signed offset (a multiple of 4 KiB) from the PC's page. */
HANDLER(adrp)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = (core_op_pc(v, op) & ~0xfffull) + op->imm;
	return CORE_OK;
}

/* C4.1 "PC-rel. addressing": imm = SignExtend(immhi:immlo), in pages for ADRP. */
static bool dec_adr(uint32_t insn, struct core_op *op)
{
	int64_t imm = a64_sbits(insn, 5, 19) * 4 + a64_bits(insn, 29, 2);

	op->r[0] = a64_dst_zr(a64_bits(insn, 0, 5));
	op->imm = (uint64_t)imm << (sf_of(insn) * 12);
	return true;
}

/* --------------------------------------------------------------- move wide */

/* MOVZ and MOVN: imm is the final value, computed at decode time. */
HANDLER(mov_imm)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = op->imm;
	return CORE_OK;
}

/* C6.2 MOVK: f[0] = the halfword's bit position, imm = imm16 placed there. */
INLINE void movk(struct arm64_cpu *c, const struct core_op *op, bool is64)
{
	uint64_t x = c->x[op->r[0]] & ~(0xffffull << op->f[0]);
	c->x[op->r[0]] = trunc_sz(x | op->imm, is64);
}

HANDLER(movk64)
{
	movk(a64(v), op, true);
	return CORE_OK;
}

HANDLER(movk32)
{
	movk(a64(v), op, false);
	return CORE_OK;
}

/* C4.1 "Move wide (immediate)": hw >= 2 with sf = 0 is unallocated. */
static bool dec_movw(uint32_t insn, struct core_op *op)
{
	unsigned sf = sf_of(insn), shift = a64_bits(insn, 21, 2) * 16;
	uint64_t imm = (uint64_t)a64_bits(insn, 5, 16) << shift;

	if (!sf && shift >= 32)
		return false;
	op->r[0] = a64_dst_zr(a64_bits(insn, 0, 5));
	switch (opc_of(insn)) {
	case 0: /* MOVN */
		op->imm = trunc_sz(~imm, sf);
		break;
	case 2: /* MOVZ */
		op->imm = imm;
		break;
	default: /* MOVK (opc 01 is outside the table's patterns) */
		op->imm = imm;
		op->f[0] = (uint8_t)shift;
		op->fn = sf ? h_movk64 : h_movk32;
		break;
	}
	return true;
}

/* ---------------------------------------------------------------- bitfield */

/*
 * C6.2 UBFM, C6.2 SBFM, C6.2 BFM. With esize = datasize, the
 * field is src<S:R> moved to bit 0 when S >= R, or src<S:0> moved to bit
 * datasize - R otherwise. Both are a left shift by f[0] = 63 - S (dropping
 * the bits above S) then a right shift by f[1] putting bit S in place;
 * SBFM shifts right arithmetically and masks to the datasize (imm), BFM
 * keeps the destination bits outside the field (imm = their mask).
 */
HANDLER(ubfm)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = (c->x[op->r[1]] << op->f[0]) >> op->f[1];
	return CORE_OK;
}

HANDLER(sbfm)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = (uint64_t)((int64_t)(c->x[op->r[1]] << op->f[0]) >> op->f[1]) & op->imm;
	return CORE_OK;
}

HANDLER(bfm)
{
	struct arm64_cpu *c = a64(v);
	c->x[op->r[0]] = (c->x[op->r[0]] & op->imm) | ((c->x[op->r[1]] << op->f[0]) >> op->f[1]);
	return CORE_OK;
}

/*
 * C4.1 "Bitfield": N must equal sf, and with sf = 0 immr and imms are < 32.
 * opc 11 is outside the table's patterns.
 */
static bool dec_bitfield(uint32_t insn, struct core_op *op)
{
	unsigned sf = sf_of(insn), n = a64_bits(insn, 22, 1);
	unsigned r = a64_bits(insn, 16, 6), s = a64_bits(insn, 10, 6);
	unsigned size = sf ? 64 : 32, width, lsb;

	if (n != sf || (!sf && (r | s) >= 32))
		return false;
	if (s >= r) {
		width = s - r + 1;
		lsb = 0;
	} else {
		width = s + 1;
		lsb = size - r;
	}
	op->r[0] = a64_dst_zr(a64_bits(insn, 0, 5));
	op->r[1] = a64_reg_zr(a64_bits(insn, 5, 5));
	op->f[0] = (uint8_t)(63 - s);
	op->f[1] = (uint8_t)(63 - s - lsb + (s >= r ? r : 0));
	uint64_t field = (width == 64 ? ~0ull : (1ull << width) - 1) << lsb;
	op->imm = opc_of(insn) == 1 ? trunc_sz(~field, sf) : trunc_sz(~0ull, sf);
	return true;
}

/* C6.2 EXTR: (Rn:Rm) >> lsb, f[0] = lsb. */
HANDLER(extr64)
{
	struct arm64_cpu *c = a64(v);
	unsigned __int128 pair = (unsigned __int128)c->x[op->r[1]] << 64 | c->x[op->r[2]];
	c->x[op->r[0]] = (uint64_t)(pair >> op->f[0]);
	return CORE_OK;
}

HANDLER(extr32)
{
	struct arm64_cpu *c = a64(v);
	uint64_t pair = (uint64_t)(uint32_t)c->x[op->r[1]] << 32 | (uint32_t)c->x[op->r[2]];
	c->x[op->r[0]] = (uint32_t)(pair >> op->f[0]);
	return CORE_OK;
}

/* C4.1 "Extract": N must equal sf; imms >= 32 with sf = 0 is unallocated. */
static bool dec_extr(uint32_t insn, struct core_op *op)
{
	unsigned sf = sf_of(insn), imms = a64_bits(insn, 10, 6);

	if (a64_bits(insn, 22, 1) != sf || (!sf && imms >= 32))
		return false;
	dec_rd_rn_rm(insn, op);
	op->f[0] = (uint8_t)imms;
	op->fn = sf ? h_extr64 : h_extr32;
	return true;
}

/* ------------------------------------------------ conditional compare/select */

/*
 * C6.2 CCMN, C6.2 CCMP: if cond holds, the flags of Rn + op2 (CCMN)
 * or Rn - op2 (CCMP), else the nzcv immediate. f[0] = cond, f[1] = nzcv,
 * imm = imm5 for the immediate forms.
 */
INLINE void ccmp(struct arm64_cpu *c, const struct core_op *op, uint64_t b, bool sub, bool is64,
		 unsigned cond)
{
	if (a64_cond_known(c, cond))
		flags_addsub(c, c->x[op->r[1]], b, sub, is64);
	else
		a64_set_nzcv(c, (uint32_t)op->f[1] << 28);
}

/* One handler per condition (cond = f[0]), so that the condition is a compare. */
#define DEF_CCMP_CC(cc, cond, mn, sub, form, sz)                              \
	HANDLER(mn##_##form##sz##_##cc)                                       \
	{                                                                     \
		struct arm64_cpu *c = a64(v);                                 \
		ccmp(c, op, OP2_##form(sz), sub, (sz) == 64, cond);           \
		return CORE_OK;                                               \
	}
#define DEF_CCMP(mn, sub, form, sz) A64_EACH_COND(DEF_CCMP_CC, mn, sub, form, sz)
DEF_CCMP(ccmn, 0, reg, 32) DEF_CCMP(ccmn, 0, reg, 64) DEF_CCMP(ccmn, 0, imm, 32) DEF_CCMP(ccmn, 0, imm, 64)
DEF_CCMP(ccmp, 1, reg, 32) DEF_CCMP(ccmp, 1, reg, 64) DEF_CCMP(ccmp, 1, imm, 32) DEF_CCMP(ccmp, 1, imm, 64)

/* [op, bit 30][immediate form, bit 11][sf][cond] */
#define CCMP_BY_SF(mn, form) { A64_BY_COND(h_##mn##_##form##32_), A64_BY_COND(h_##mn##_##form##64_) }
static const core_handler_fn ccmp_fn[2][2][2][16] = {
	{ CCMP_BY_SF(ccmn, reg), CCMP_BY_SF(ccmn, imm) },
	{ CCMP_BY_SF(ccmp, reg), CCMP_BY_SF(ccmp, imm) },
};

/* C4.1 "Conditional compare (register)" and "(immediate)". */
static bool dec_ccmp(uint32_t insn, struct core_op *op)
{
	unsigned is_imm = a64_bits(insn, 11, 1);

	op->r[1] = a64_reg_zr(a64_bits(insn, 5, 5));
	if (is_imm)
		op->imm = a64_bits(insn, 16, 5);
	else
		op->r[2] = a64_reg_zr(a64_bits(insn, 16, 5));
	op->f[0] = (uint8_t)a64_bits(insn, 12, 4);
	op->f[1] = (uint8_t)a64_bits(insn, 0, 4);
	op->fn = ccmp_fn[a64_bits(insn, 30, 1)][is_imm][sf_of(insn)][op->f[0]];
	return true;
}

/*
 * C6.2 CSEL, C6.2 CSINC, C6.2 CSINV, C6.2 CSNEG: Rd = cond ?
 * Rn : f(Rm) with kind 0 Rm, 1 Rm + 1, 2 NOT Rm, 3 -Rm; f[0] = cond.
 */
INLINE void csel(struct arm64_cpu *c, const struct core_op *op, unsigned kind, bool is64,
		 unsigned cond)
{
	uint64_t m = c->x[op->r[2]];

	m = kind == 0 ? m : kind == 1 ? m + 1 : kind == 2 ? ~m : 0 - m;
	c->x[op->r[0]] = trunc_sz(a64_cond_known(c, cond) ? c->x[op->r[1]] : m, is64);
}

/* One handler per condition (cond = f[0]), as for CCMP. */
#define DEF_CSEL_CC(cc, cond, mn, kind, sz)                                   \
	HANDLER(mn##_reg##sz##_##cc)                                          \
	{                                                                     \
		csel(a64(v), op, kind, (sz) == 64, cond);                     \
		return CORE_OK;                                               \
	}
#define DEF_CSEL(mn, kind, sz) A64_EACH_COND(DEF_CSEL_CC, mn, kind, sz)
DEF_CSEL(csel, 0, 32) DEF_CSEL(csel, 0, 64) DEF_CSEL(csinc, 1, 32) DEF_CSEL(csinc, 1, 64)
DEF_CSEL(csinv, 2, 32) DEF_CSEL(csinv, 2, 64) DEF_CSEL(csneg, 3, 32) DEF_CSEL(csneg, 3, 64)

/* [op (bit 30) : op2<0> (bit 10)][sf][cond] */
#define CSEL_BY_SF(mn) { A64_BY_COND(h_##mn##_reg32_), A64_BY_COND(h_##mn##_reg64_) }
static const core_handler_fn csel_fn[4][2][16] = {
	CSEL_BY_SF(csel), CSEL_BY_SF(csinc), CSEL_BY_SF(csinv), CSEL_BY_SF(csneg),
};

/* C4.1 "Conditional select". */
static bool dec_csel(uint32_t insn, struct core_op *op)
{
	dec_rd_rn_rm(insn, op);
	op->f[0] = (uint8_t)a64_bits(insn, 12, 4);
	op->fn = csel_fn[a64_bits(insn, 30, 1) * 2 + a64_bits(insn, 10, 1)][sf_of(insn)][op->f[0]];
	return true;
}

/* ------------------------------------------------------ 1 source */

INLINE uint64_t rbit64(uint64_t x)
{
	x = __builtin_bswap64(x);
	x = (x & 0x0f0f0f0f0f0f0f0full) << 4 | ((x >> 4) & 0x0f0f0f0f0f0f0f0full);
	x = (x & 0x3333333333333333ull) << 2 | ((x >> 2) & 0x3333333333333333ull);
	return (x & 0x5555555555555555ull) << 1 | ((x >> 1) & 0x5555555555555555ull);
}

/* Bytes swapped within each halfword. */
INLINE uint64_t rev16(uint64_t x)
{
	return (x & 0x00ff00ff00ff00ffull) << 8 | ((x >> 8) & 0x00ff00ff00ff00ffull);
}

/* CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>). */
INLINE unsigned cls64(uint64_t x)
{
	return (unsigned)__builtin_clzll((x ^ (x << 1)) | 1);
}

INLINE unsigned cls32(uint32_t x)
{
	return (unsigned)__builtin_clz((x ^ (x << 1)) | 1);
}

/* One handler per operation and size: Rd = expr(x), x = Rn. */
#define DEF_UNARY(name, expr)                                                 \
	HANDLER(name)                                                         \
	{                                                                     \
		struct arm64_cpu *c = a64(v);                                 \
		uint64_t x = c->x[op->r[1]];                                  \
		c->x[op->r[0]] = (expr);                                      \
		return CORE_OK;                                               \
	}
DEF_UNARY(rbit64, rbit64(x))                                 /* C6.2 RBIT */
DEF_UNARY(rbit32, rbit64(x) >> 32)
DEF_UNARY(rev16_64, rev16(x))                                /* C6.2 REV16 */
DEF_UNARY(rev16_32, rev16((uint32_t)x))
DEF_UNARY(rev32_64, ror64(__builtin_bswap64(x), 32))         /* C6.2 REV32 */
DEF_UNARY(rev64, __builtin_bswap64(x))                       /* C6.2 REV */
DEF_UNARY(rev32, __builtin_bswap32((uint32_t)x))
DEF_UNARY(clz64, x ? (uint64_t)__builtin_clzll(x) : 64)      /* C6.2 CLZ */
DEF_UNARY(clz32, (uint32_t)x ? (uint64_t)__builtin_clz((uint32_t)x) : 32)
DEF_UNARY(cls64, cls64(x))                                   /* C6.2 CLS */
DEF_UNARY(cls32, cls32((uint32_t)x))

/* Rd and Rn with 31 = XZR. */
static bool dec_rd_rn(uint32_t insn, struct core_op *op)
{
	op->r[0] = a64_dst_zr(a64_bits(insn, 0, 5));
	op->r[1] = a64_reg_zr(a64_bits(insn, 5, 5));
	return true;
}

/* ------------------------------------------------------ 2 source */

/* C6.2 UDIV, C6.2 SDIV: x / 0 = 0; SDIV INT_MIN / -1 = INT_MIN. */
INLINE uint64_t udiv(uint64_t a, uint64_t b)
{
	return b ? a / b : 0;
}

INLINE uint64_t sdiv64(uint64_t a, uint64_t b)
{
	if (b == 0)
		return 0;
	if (b == ~0ull)
		return 0 - a;
	return (uint64_t)((int64_t)a / (int64_t)b);
}

INLINE uint32_t sdiv32(uint32_t a, uint32_t b)
{
	return (uint32_t)sdiv64((uint64_t)(int64_t)(int32_t)a, (uint64_t)(int64_t)(int32_t)b);
}

/* Rd = expr(a, b), a = Rn, b = Rm. */
#define DEF_BINARY(name, expr)                                                \
	HANDLER(name)                                                         \
	{                                                                     \
		struct arm64_cpu *c = a64(v);                                 \
		uint64_t a = c->x[op->r[1]], b = c->x[op->r[2]];              \
		c->x[op->r[0]] = (expr);                                      \
		return CORE_OK;                                               \
	}
DEF_BINARY(udiv64, udiv(a, b))
DEF_BINARY(udiv32, udiv((uint32_t)a, (uint32_t)b))
DEF_BINARY(sdiv64, sdiv64(a, b))
DEF_BINARY(sdiv32, sdiv32((uint32_t)a, (uint32_t)b))
/* C6.2 LSLV, C6.2 LSRV, C6.2 ASRV, C6.2 RORV: amount Rm mod datasize. */
DEF_BINARY(lslv64, shift_sz(a, 0, b & 63, true))
DEF_BINARY(lslv32, shift_sz(a, 0, b & 31, false))
DEF_BINARY(lsrv64, shift_sz(a, 1, b & 63, true))
DEF_BINARY(lsrv32, shift_sz(a, 1, b & 31, false))
DEF_BINARY(asrv64, shift_sz(a, 2, b & 63, true))
DEF_BINARY(asrv32, shift_sz(a, 2, b & 31, false))
DEF_BINARY(rorv64, shift_sz(a, 3, b & 63, true))
DEF_BINARY(rorv32, shift_sz(a, 3, b & 31, false))

/*
 * C6.2 CRC32, C6.2 CRC32C: the bit-reflected CRC of the low bytes
 * of Rm into Wn, no pre or post inversion, polynomials 0x04C11DB7 and
 * 0x1EDC6F41 (reflected 0xEDB88320 and 0x82F63B78). Byte-at-a-time tables.
 */
static uint32_t crc_table[2][256];

__attribute__((constructor)) static void crc_tables_init(void)
{
	static const uint32_t poly[2] = { 0xedb88320u, 0x82f63b78u };

	for (unsigned t = 0; t < 2; t++)
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t crc = i;
			for (int k = 0; k < 8; k++)
				crc = (crc >> 1) ^ (poly[t] & (0u - (crc & 1)));
			crc_table[t][i] = crc;
		}
}

INLINE uint32_t crc_update(const uint32_t *tab, uint32_t acc, uint64_t val, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		acc = tab[(acc ^ (uint8_t)(val >> (8 * i))) & 0xff] ^ (acc >> 8);
	return acc;
}

#define DEF_CRC(name, t, bytes) DEF_BINARY(name, crc_update(crc_table[t], (uint32_t)a, b, bytes))
DEF_CRC(crc32b, 0, 1) DEF_CRC(crc32h, 0, 2) DEF_CRC(crc32w, 0, 4) DEF_CRC(crc32x, 0, 8)
DEF_CRC(crc32cb, 1, 1) DEF_CRC(crc32ch, 1, 2) DEF_CRC(crc32cw, 1, 4) DEF_CRC(crc32cx, 1, 8)

static bool dec_reg3(uint32_t insn, struct core_op *op)
{
	dec_rd_rn_rm(insn, op);
	return true;
}

/* ------------------------------------------------------ 3 source */

/* C6.2 MADD, C6.2 MSUB; MUL is MADD with Ra = XZR. Ra = r[3]. */
#define DEF_TERNARY(name, expr)                                               \
	HANDLER(name)                                                         \
	{                                                                     \
		struct arm64_cpu *c = a64(v);                                 \
		uint64_t n = c->x[op->r[1]], m = c->x[op->r[2]], ra = c->x[op->r[3]]; \
		c->x[op->r[0]] = (expr);                                      \
		return CORE_OK;                                               \
	}
DEF_TERNARY(madd64, ra + n * m)
DEF_TERNARY(madd32, (uint32_t)(ra + n * m))
DEF_TERNARY(msub64, ra - n * m)
DEF_TERNARY(msub32, (uint32_t)(ra - n * m))
/* C6.2 SMADDL, C6.2 SMSUBL, C6.2 UMADDL, C6.2 UMSUBL */
DEF_TERNARY(smaddl, ra + (uint64_t)((int64_t)(int32_t)n * (int32_t)m))
DEF_TERNARY(smsubl, ra - (uint64_t)((int64_t)(int32_t)n * (int32_t)m))
DEF_TERNARY(umaddl, ra + (uint64_t)(uint32_t)n * (uint32_t)m)
DEF_TERNARY(umsubl, ra - (uint64_t)(uint32_t)n * (uint32_t)m)
DEF_BINARY(mul64, a * b)
DEF_BINARY(mul32, (uint32_t)(a * b))
/* C6.2 SMULH, C6.2 UMULH: the high 64 bits of the 128-bit product. */
DEF_BINARY(smulh, (uint64_t)((__int128)(int64_t)a * (int64_t)b >> 64))
DEF_BINARY(umulh, (uint64_t)((unsigned __int128)a * b >> 64))

/* C4.1 "Data-processing (3 source)": Ra in r[3]. */
static bool dec_reg4(uint32_t insn, struct core_op *op)
{
	dec_rd_rn_rm(insn, op);
	op->r[3] = a64_reg_zr(a64_bits(insn, 10, 5));
	return true;
}

/* MADD with Ra = XZR is MUL: skip the addition. */
static bool dec_madd(uint32_t insn, struct core_op *op)
{
	dec_reg4(insn, op);
	if (op->r[3] == A64_ZR)
		op->fn = sf_of(insn) ? h_mul64 : h_mul32;
	return true;
}

/* ------------------------------------------------------------------ table */

#define ALU CORE_CLASS_ALU
#define MUL CORE_CLASS_MUL
#define DIV CORE_CLASS_DIV

/*
 * Where the decoder picks the handler (by size, shift, form), a row's exec
 * is one of its candidates; the decoder always overrides it.
 */
static const struct a64_insn rows[] = {
	/* PC-rel. addressing: op 31, immlo 30:29, 28:24 = 10000, immhi 23:5, Rd */
	{ 0x9f000000, 0x10000000, "adr", dec_adr, h_adr, ALU, 0 },
	{ 0x9f000000, 0x90000000, "adrp", dec_adr, h_adrp, ALU, 0 },

	/* Add/subtract (immediate): sf op S 100010 sh imm12 Rn Rd */
	{ 0x7f800000, 0x11000000, "add", dec_addsub_imm, h_add_imm64, ALU, 0 },
	{ 0x7f800000, 0x31000000, "adds", dec_addsub_imm, h_adds_imm64, ALU, 0 },
	{ 0x7f800000, 0x51000000, "sub", dec_addsub_imm, h_sub_imm64, ALU, 0 },
	{ 0x7f800000, 0x71000000, "subs", dec_addsub_imm, h_subs_imm64, ALU, 0 },

	/* Logical (immediate): sf opc 100100 N immr imms Rn Rd */
	{ 0x7f800000, 0x12000000, "and", dec_logic_imm, h_and_imm64, ALU, 0 },
	{ 0x7f800000, 0x32000000, "orr", dec_logic_imm, h_orr_imm64, ALU, 0 },
	{ 0x7f800000, 0x52000000, "eor", dec_logic_imm, h_eor_imm64, ALU, 0 },
	{ 0x7f800000, 0x72000000, "ands", dec_logic_imm, h_ands_imm64, ALU, 0 },

	/* Move wide (immediate): sf opc 100101 hw imm16 Rd; opc 01 unallocated */
	{ 0x7f800000, 0x12800000, "movn", dec_movw, h_mov_imm, ALU, 0 },
	{ 0x7f800000, 0x52800000, "movz", dec_movw, h_mov_imm, ALU, 0 },
	{ 0x7f800000, 0x72800000, "movk", dec_movw, h_movk64, ALU, 0 },

	/* Bitfield: sf opc 100110 N immr imms Rn Rd; opc 11 unallocated */
	{ 0x7f800000, 0x13000000, "sbfm", dec_bitfield, h_sbfm, ALU, 0 },
	{ 0x7f800000, 0x33000000, "bfm", dec_bitfield, h_bfm, ALU, 0 },
	{ 0x7f800000, 0x53000000, "ubfm", dec_bitfield, h_ubfm, ALU, 0 },

	/* Extract: sf op21=00 100111 N o0=0 Rm imms Rn Rd */
	{ 0x7fa00000, 0x13800000, "extr", dec_extr, h_extr64, ALU, 0 },

	/* Logical (shifted register): sf opc 01010 shift N Rm imm6 Rn Rd */
	{ 0x7f200000, 0x0a000000, "and", dec_logic_shift, h_and_lsl64, ALU, 0 },
	{ 0x7f200000, 0x0a200000, "bic", dec_logic_shift, h_and_lsl64, ALU, 0 },
	{ 0x7f200000, 0x2a000000, "orr", dec_logic_shift, h_orr_lsl64, ALU, 0 },
	{ 0x7f200000, 0x2a200000, "orn", dec_logic_shift, h_orr_lsl64, ALU, 0 },
	{ 0x7f200000, 0x4a000000, "eor", dec_logic_shift, h_eor_lsl64, ALU, 0 },
	{ 0x7f200000, 0x4a200000, "eon", dec_logic_shift, h_eor_lsl64, ALU, 0 },
	{ 0x7f200000, 0x6a000000, "ands", dec_logic_shift, h_ands_lsl64, ALU, 0 },
	{ 0x7f200000, 0x6a200000, "bics", dec_logic_shift, h_ands_lsl64, ALU, 0 },

	/* Add/subtract (shifted register): sf op S 01011 shift 0 Rm imm6 Rn Rd */
	{ 0x7f200000, 0x0b000000, "add", dec_addsub_shift, h_add_lsl64, ALU, 0 },
	{ 0x7f200000, 0x2b000000, "adds", dec_addsub_shift, h_adds_lsl64, ALU, 0 },
	{ 0x7f200000, 0x4b000000, "sub", dec_addsub_shift, h_sub_lsl64, ALU, 0 },
	{ 0x7f200000, 0x6b000000, "subs", dec_addsub_shift, h_subs_lsl64, ALU, 0 },

	/* Add/subtract (extended register): sf op S 01011 opt=00 1 Rm option imm3 Rn Rd */
	{ 0x7fe00000, 0x0b200000, "add", dec_addsub_ext, h_add_uxt64, ALU, 0 },
	{ 0x7fe00000, 0x2b200000, "adds", dec_addsub_ext, h_adds_uxt64, ALU, 0 },
	{ 0x7fe00000, 0x4b200000, "sub", dec_addsub_ext, h_sub_uxt64, ALU, 0 },
	{ 0x7fe00000, 0x6b200000, "subs", dec_addsub_ext, h_subs_uxt64, ALU, 0 },

	/* Add/subtract (with carry): sf op S 11010000 Rm 000000 Rn Rd */
	{ 0x7fe0fc00, 0x1a000000, "adc", dec_adc, h_adc_reg64, ALU, 0 },
	{ 0x7fe0fc00, 0x3a000000, "adcs", dec_adc, h_adcs_reg64, ALU, 0 },
	{ 0x7fe0fc00, 0x5a000000, "sbc", dec_adc, h_sbc_reg64, ALU, 0 },
	{ 0x7fe0fc00, 0x7a000000, "sbcs", dec_adc, h_sbcs_reg64, ALU, 0 },

	/*
	 * Conditional compare: sf op S=1 11010010 Rm|imm5 cond imm o2=0 Rn
	 * o3=0 nzcv; S = 0, o2 = 1 or o3 = 1 are unallocated.
	 */
	{ 0x7fe00c10, 0x3a400000, "ccmn", dec_ccmp, h_ccmn_reg64_eq, ALU, 0 },
	{ 0x7fe00c10, 0x3a400800, "ccmn", dec_ccmp, h_ccmn_imm64_eq, ALU, 0 },
	{ 0x7fe00c10, 0x7a400000, "ccmp", dec_ccmp, h_ccmp_reg64_eq, ALU, 0 },
	{ 0x7fe00c10, 0x7a400800, "ccmp", dec_ccmp, h_ccmp_imm64_eq, ALU, 0 },

	/* Conditional select: sf op S=0 11010100 Rm cond op2 Rn Rd; op2 1x unallocated */
	{ 0x7fe00c00, 0x1a800000, "csel", dec_csel, h_csel_reg64_eq, ALU, 0 },
	{ 0x7fe00c00, 0x1a800400, "csinc", dec_csel, h_csinc_reg64_eq, ALU, 0 },
	{ 0x7fe00c00, 0x5a800000, "csinv", dec_csel, h_csinv_reg64_eq, ALU, 0 },
	{ 0x7fe00c00, 0x5a800400, "csneg", dec_csel, h_csneg_reg64_eq, ALU, 0 },

	/* Data-processing (1 source): sf 1 S=0 11010110 opcode2=00000 opcode Rn Rd */
	{ 0xfffffc00, 0x5ac00000, "rbit", dec_rd_rn, h_rbit32, ALU, 0 },
	{ 0xfffffc00, 0xdac00000, "rbit", dec_rd_rn, h_rbit64, ALU, 0 },
	{ 0xfffffc00, 0x5ac00400, "rev16", dec_rd_rn, h_rev16_32, ALU, 0 },
	{ 0xfffffc00, 0xdac00400, "rev16", dec_rd_rn, h_rev16_64, ALU, 0 },
	{ 0xfffffc00, 0x5ac00800, "rev", dec_rd_rn, h_rev32, ALU, 0 },
	{ 0xfffffc00, 0xdac00800, "rev32", dec_rd_rn, h_rev32_64, ALU, 0 },
	{ 0xfffffc00, 0xdac00c00, "rev", dec_rd_rn, h_rev64, ALU, 0 },
	{ 0xfffffc00, 0x5ac01000, "clz", dec_rd_rn, h_clz32, ALU, 0 },
	{ 0xfffffc00, 0xdac01000, "clz", dec_rd_rn, h_clz64, ALU, 0 },
	{ 0xfffffc00, 0x5ac01400, "cls", dec_rd_rn, h_cls32, ALU, 0 },
	{ 0xfffffc00, 0xdac01400, "cls", dec_rd_rn, h_cls64, ALU, 0 },

	/* Data-processing (2 source): sf 0 S=0 11010110 Rm opcode Rn Rd */
	{ 0xffe0fc00, 0x1ac00800, "udiv", dec_reg3, h_udiv32, DIV, 0 },
	{ 0xffe0fc00, 0x9ac00800, "udiv", dec_reg3, h_udiv64, DIV, 0 },
	{ 0xffe0fc00, 0x1ac00c00, "sdiv", dec_reg3, h_sdiv32, DIV, 0 },
	{ 0xffe0fc00, 0x9ac00c00, "sdiv", dec_reg3, h_sdiv64, DIV, 0 },
	{ 0xffe0fc00, 0x1ac02000, "lslv", dec_reg3, h_lslv32, ALU, 0 },
	{ 0xffe0fc00, 0x9ac02000, "lslv", dec_reg3, h_lslv64, ALU, 0 },
	{ 0xffe0fc00, 0x1ac02400, "lsrv", dec_reg3, h_lsrv32, ALU, 0 },
	{ 0xffe0fc00, 0x9ac02400, "lsrv", dec_reg3, h_lsrv64, ALU, 0 },
	{ 0xffe0fc00, 0x1ac02800, "asrv", dec_reg3, h_asrv32, ALU, 0 },
	{ 0xffe0fc00, 0x9ac02800, "asrv", dec_reg3, h_asrv64, ALU, 0 },
	{ 0xffe0fc00, 0x1ac02c00, "rorv", dec_reg3, h_rorv32, ALU, 0 },
	{ 0xffe0fc00, 0x9ac02c00, "rorv", dec_reg3, h_rorv64, ALU, 0 },
	/* CRC32{C}B/H/W need sf = 0, CRC32{C}X sf = 1 */
	{ 0xffe0fc00, 0x1ac04000, "crc32b", dec_reg3, h_crc32b, ALU, 0 },
	{ 0xffe0fc00, 0x1ac04400, "crc32h", dec_reg3, h_crc32h, ALU, 0 },
	{ 0xffe0fc00, 0x1ac04800, "crc32w", dec_reg3, h_crc32w, ALU, 0 },
	{ 0xffe0fc00, 0x9ac04c00, "crc32x", dec_reg3, h_crc32x, ALU, 0 },
	{ 0xffe0fc00, 0x1ac05000, "crc32cb", dec_reg3, h_crc32cb, ALU, 0 },
	{ 0xffe0fc00, 0x1ac05400, "crc32ch", dec_reg3, h_crc32ch, ALU, 0 },
	{ 0xffe0fc00, 0x1ac05800, "crc32cw", dec_reg3, h_crc32cw, ALU, 0 },
	{ 0xffe0fc00, 0x9ac05c00, "crc32cx", dec_reg3, h_crc32cx, ALU, 0 },

	/* Data-processing (3 source): sf op54=00 11011 op31 Rm o0 Ra Rn Rd */
	{ 0xffe08000, 0x1b000000, "madd", dec_madd, h_madd32, MUL, 0 },
	{ 0xffe08000, 0x9b000000, "madd", dec_madd, h_madd64, MUL, 0 },
	{ 0xffe08000, 0x1b008000, "msub", dec_reg4, h_msub32, MUL, 0 },
	{ 0xffe08000, 0x9b008000, "msub", dec_reg4, h_msub64, MUL, 0 },
	{ 0xffe08000, 0x9b200000, "smaddl", dec_reg4, h_smaddl, MUL, 0 },
	{ 0xffe08000, 0x9b208000, "smsubl", dec_reg4, h_smsubl, MUL, 0 },
	{ 0xffe08000, 0x9b400000, "smulh", dec_reg3, h_smulh, MUL, 0 },
	{ 0xffe08000, 0x9ba00000, "umaddl", dec_reg4, h_umaddl, MUL, 0 },
	{ 0xffe08000, 0x9ba08000, "umsubl", dec_reg4, h_umsubl, MUL, 0 },
	{ 0xffe08000, 0x9bc00000, "umulh", dec_reg3, h_umulh, MUL, 0 },
};

const struct a64_table a64_table_dp = { rows, sizeof(rows) / sizeof(rows[0]) };
