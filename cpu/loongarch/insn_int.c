/*
 * LA64 integer instructions that compute a register from registers and
 * immediates (LA RM 2.2.1 "Arithmetic Operation Instructions", 2.2.2
 * "Bit-shift Instructions", 2.2.3 "Bit-manipulation Instructions", 2.2.9
 * "CRC Check Instructions") and the bound assertions (2.2.10.3): one
 * handler per operation and width; the rows come from la_int.decode, which
 * also scales and shifts the immediates. Every .W result is the 32-bit
 * result sign-extended to 64 bits (sext32), as the ISA says.
 */
#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

#define INLINE static inline __attribute__((always_inline))

/* ALSL's shift is sa2 + 1 (2.2.1.3): the field as the handler and objdump use it. */
static inline int64_t la_plus1(int64_t x)
{
	return x + 1;
}

INLINE uint64_t sext32(uint64_t x)
{
	return (uint64_t)(int64_t)(int32_t)x;
}

/*
 * rd = EXPR of a = rj and b = B (rk, the immediate, or nothing); EXPR may
 * also use op and PC (the instruction's address). Register and immediate
 * forms of one operation share their EXPR (ADD.W and ADDI.W...).
 */
#define PC core_op_pc(v, op)
#define OP(name, B, EXPR)                                                   \
	CORE_HANDLER(h_##name)  \
	{                                                                   \
		uint64_t *r = la(v)->r;                                     \
		uint64_t a = r[op->r[1]], b = (B);                          \
		(void)a;                                                    \
		(void)b;                                                    \
		r[op->r[0]] = (EXPR);                                       \
		return CORE_OK;                                             \
	}
#define RK r[op->r[2]]
#define IMM op->imm
#define RRR(name, EXPR) OP(name, RK, EXPR)
#define RRR_RRI(name, iname, EXPR) OP(name, RK, EXPR) OP(iname, IMM, EXPR)
#define RR(name, EXPR) OP(name, 0, EXPR)

/* ------------------------------------------------- 2.2.1 arithmetic */

/* 2.2.1.1 ADD, SUB; 2.2.1.2 ADDI (ADDU16I.D is ADDI.D with si16 << 16). */
RRR_RRI(add_w, addi_w, sext32(a + b))
RRR_RRI(add_d, addi_d, a + b)
RRR(sub_w, sext32(a - b))
RRR(sub_d, a - b)

/* 2.2.1.3 ALSL: (rj << (sa2 + 1)) + rk; .WU zero-extends the 32-bit sum. */
RRR(alsl_w, sext32((a << op->imm) + b))
RRR(alsl_wu, (uint32_t)((a << op->imm) + b))
RRR(alsl_d, (a << op->imm) + b)

/*
 * 2.2.1.4 LU12I.W: rd = the shifted si20 (sign-extended at decode);
 * LU32I.D: rd[63:32] = si20 (a is rd itself); LU52I.D: rd[63:52] = si12.
 */
OP(lu12i_w, IMM, b)
OP(lu32i_d, IMM, (uint32_t)a | b)
OP(lu52i_d, IMM, (a & 0x000fffffffffffffull) | b)

/*
 * 2.2.1.7 PCADDI, PCADDU12I, PCADDU18I: PC + the scaled si20; PCALAU12I
 * clears the sum's low 12 bits, which the scaled si20 does not have.
 */
OP(pcadd, IMM, PC + b)
OP(pcalau12i, IMM, (PC & ~0xfffull) + b)

/* 2.2.1.5 SLT, SLTU; 2.2.1.6 SLTI, SLTUI (si12 sign-extended for both). */
RRR_RRI(slt, slti, (int64_t)a < (int64_t)b)
RRR_RRI(sltu, sltui, a < b)

/* 2.2.1.8 AND, OR, NOR, XOR, ANDN, ORN; 2.2.1.9 ANDI, ORI, XORI (ui12). */
RRR_RRI(and, andi, a & b)
RRR_RRI(or, ori, a | b)
RRR_RRI(xor, xori, a ^ b)
RRR(nor, ~(a | b))
RRR(andn, a & ~b)
RRR(orn, a | ~b)

/* 2.2.1.11 MUL, MULH; 2.2.1.12 MULW: products of the low words or the whole registers. */
#define SW(x) ((int64_t)(int32_t)(x))
#define UW(x) ((uint64_t)(uint32_t)(x))
RRR(mul_w, sext32(a * b))
RRR(mulh_w, (uint64_t)((SW(a) * SW(b)) >> 32))
RRR(mulh_wu, sext32((UW(a) * UW(b)) >> 32))
RRR(mul_d, a * b)
RRR(mulh_d, (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64))
RRR(mulh_du, (uint64_t)(((unsigned __int128)a * b) >> 64))
RRR(mulw_d_w, (uint64_t)(SW(a) * SW(b)))
RRR(mulw_d_wu, UW(a) * UW(b))

/*
 * 2.2.1.13 DIV, MOD. A zero divisor leaves the result undefined ("can be
 * any value, but no exception"), and so does the quotient that overflows
 * (INT64_MIN / -1). hvsim gives what QEMU's TCG gives, so that differential
 * runs agree: a zero divisor, and -1 dividing INT64_MIN, divide by 1
 * instead (quotient = the dividend, remainder 0). The .W forms divide the
 * sign- (or, for .WU, zero-) extended low words in 64 bits, where
 * INT32_MIN / -1 does not overflow: its quotient 2^31 becomes INT32_MIN
 * when sign-extended from bit 31, its remainder 0.
 */
INLINE int64_t sdivisor(int64_t n, int64_t d)
{
	return d == 0 || (n == INT64_MIN && d == -1) ? 1 : d;
}

INLINE uint64_t udivisor(uint64_t d)
{
	return d ? d : 1;
}

RRR(div_w, sext32((uint64_t)(SW(a) / sdivisor(SW(a), SW(b)))))
RRR(mod_w, sext32((uint64_t)(SW(a) % sdivisor(SW(a), SW(b)))))
RRR(div_wu, sext32(UW(a) / udivisor(UW(b))))
RRR(mod_wu, sext32(UW(a) % udivisor(UW(b))))
RRR(div_d, (uint64_t)((int64_t)a / sdivisor((int64_t)a, (int64_t)b)))
RRR(mod_d, (uint64_t)((int64_t)a % sdivisor((int64_t)a, (int64_t)b)))
RRR(div_du, a / udivisor(b))
RRR(mod_du, a % udivisor(b))

/* ---------------------------------------------------- 2.2.2 shifts */

/*
 * SLL, SRL, SRA, ROTR shift by rk[4:0] (.W) or rk[5:0] (.D); the immediate
 * forms by ui5 or ui6, which the same masks leave alone. The .W forms shift
 * the low word and sign-extend the 32-bit result.
 */
INLINE uint32_t ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << ((32 - n) & 31));
}

INLINE uint64_t ror64(uint64_t x, unsigned n)
{
	return (x >> n) | (x << ((64 - n) & 63));
}

RRR_RRI(sll_w, slli_w, sext32((uint32_t)a << (b & 31)))
RRR_RRI(srl_w, srli_w, sext32((uint32_t)a >> (b & 31)))
RRR_RRI(sra_w, srai_w, (uint64_t)(SW(a) >> (b & 31)))
RRR_RRI(rotr_w, rotri_w, sext32(ror32((uint32_t)a, b & 31)))
RRR_RRI(sll_d, slli_d, a << (b & 63))
RRR_RRI(srl_d, srli_d, a >> (b & 63))
RRR_RRI(sra_d, srai_d, (uint64_t)((int64_t)a >> (b & 63)))
RRR_RRI(rotr_d, rotri_d, ror64(a, b & 63))

/* ------------------------------------------ 2.2.3 bit manipulation */

/* 2.2.3.1 EXT.W.B, EXT.W.H. */
RR(ext_w_b, (uint64_t)(int64_t)(int8_t)a)
RR(ext_w_h, (uint64_t)(int64_t)(int16_t)a)

/* 2.2.3.2 CLO, CLZ, CTO, CTZ: an all-zero (all-one) word counts its width. */
INLINE uint64_t clz32(uint32_t x)
{
	return x ? (uint64_t)__builtin_clz(x) : 32;
}

INLINE uint64_t ctz32(uint32_t x)
{
	return x ? (uint64_t)__builtin_ctz(x) : 32;
}

INLINE uint64_t clz64(uint64_t x)
{
	return x ? (uint64_t)__builtin_clzll(x) : 64;
}

INLINE uint64_t ctz64(uint64_t x)
{
	return x ? (uint64_t)__builtin_ctzll(x) : 64;
}

RR(clo_w, clz32(~(uint32_t)a))
RR(clz_w, clz32((uint32_t)a))
RR(cto_w, ctz32(~(uint32_t)a))
RR(ctz_w, ctz32((uint32_t)a))
RR(clo_d, clz64(~a))
RR(clz_d, clz64(a))
RR(cto_d, ctz64(~a))
RR(ctz_d, ctz64(a))

/*
 * 2.2.3.3 BYTEPICK: the register pair rk:rj (rk the high half) shifted
 * right by 32 - 8 * sa2 (.W) or 64 - 8 * sa3 (.D) bits, low half kept;
 * imm = 8 * sa, so sa = 0 picks rk.
 */
RRR(bytepick_w, sext32(((UW(b) << 32) | UW(a)) >> (32 - op->imm)))
RRR(bytepick_d, (uint64_t)((((unsigned __int128)b << 64) | a) >> (64 - op->imm)))

/*
 * 2.2.3.4 REVB, 2.2.3.5 REVH, 2.2.3.6-7 BITREV, built from one step: swap
 * each group of n bits that mask m selects with its neighbour above.
 */
INLINE uint64_t swap_groups(uint64_t x, unsigned n, uint64_t m)
{
	return ((x >> n) & m) | ((x & m) << n);
}

INLINE uint64_t rev_bytes_in_halves(uint64_t x)
{
	return swap_groups(x, 8, 0x00ff00ff00ff00ffull);
}

INLINE uint64_t rev_halves_in_words(uint64_t x)
{
	return swap_groups(x, 16, 0x0000ffff0000ffffull);
}

INLINE uint64_t swap_words(uint64_t x)
{
	return swap_groups(x, 32, 0xffffffffull);
}

INLINE uint64_t rev_bits_in_bytes(uint64_t x)
{
	x = swap_groups(x, 1, 0x5555555555555555ull);
	x = swap_groups(x, 2, 0x3333333333333333ull);
	return swap_groups(x, 4, 0x0f0f0f0f0f0f0f0full);
}

RR(revb_2h, sext32(rev_bytes_in_halves(a)))
RR(revb_4h, rev_bytes_in_halves(a))
RR(revb_2w, rev_halves_in_words(rev_bytes_in_halves(a)))
RR(revb_d, __builtin_bswap64(a))
RR(revh_2w, rev_halves_in_words(a))
RR(revh_d, swap_words(rev_halves_in_words(a)))
RR(bitrev_4b, sext32(rev_bits_in_bytes(a)))
RR(bitrev_8b, rev_bits_in_bytes(a))
RR(bitrev_w, sext32(__builtin_bswap64(rev_bits_in_bytes(a)) >> 32))
RR(bitrev_d, __builtin_bswap64(rev_bits_in_bytes(a)))

/*
 * 2.2.3.8 BSTRINS, 2.2.3.9 BSTRPICK on bits [msb:lsb]: f0 = lsb, imm = the
 * field's mask (la_bstr). The manual does not define msb < lsb; QEMU takes
 * it as unallocated (INE), and so does hvsim.
 */
static bool la_bstr(uint32_t insn, struct core_op *op)
{
	if (op->f[1] < op->f[0])
		return false;
	op->imm = (2ull << (op->f[1] - op->f[0])) - 1;
	return true;
}

/* rd[msb:lsb] = rj[msb-lsb:0], the rest of rd kept (r3 = rd as a source). */
INLINE uint64_t bstrins(const uint64_t *r, const struct core_op *op)
{
	uint64_t field = op->imm << op->f[0];
	return (r[op->r[3]] & ~field) | ((r[op->r[1]] << op->f[0]) & field);
}

RR(bstrins_w, sext32(bstrins(r, op)))
RR(bstrins_d, bstrins(r, op))
RR(bstrpick_w, sext32((a >> op->f[0]) & op->imm))
RR(bstrpick_d, (a >> op->f[0]) & op->imm)

/* 2.2.3.10 MASKEQZ, MASKNEZ. */
RRR(maskeqz, b ? a : 0)
RRR(masknez, b ? 0 : a)

/* ------------------------------------------------------- 2.2.9 CRC */

/*
 * 2.2.9.1 CRC.W.{B/H/W/D}.W, CRCC.W.{B/H/W/D}.W: the bit-reflected CRC-32
 * (IEEE 802.3, 0xEDB88320) or CRC-32C (Castagnoli, 0x82F63B78) of rj's low
 * 1, 2, 4 or 8 bytes, least significant first, continuing from rk[31:0],
 * without pre- or post-inversion; rd = the 32-bit CRC sign-extended.
 *
 * Our own routine, not zlib's crc32: the CPU library links only the engine
 * (zlib is the machine layer's), zlib has no Castagnoli, and one routine
 * serves both polynomials. It folds a nibble at a time through a 16-entry
 * table per polynomial that the compiler computes from the polynomial.
 */
#define CRC_STEP(c, p) (((c) >> 1) ^ ((p) & (0u - ((c) & 1u))))
#define CRC_NIBBLE(i, p) CRC_STEP(CRC_STEP(CRC_STEP(CRC_STEP((uint32_t)(i), p), p), p), p)
#define CRC_TABLE(p)                                                                        \
	{ CRC_NIBBLE(0, p),  CRC_NIBBLE(1, p),  CRC_NIBBLE(2, p),  CRC_NIBBLE(3, p),        \
	  CRC_NIBBLE(4, p),  CRC_NIBBLE(5, p),  CRC_NIBBLE(6, p),  CRC_NIBBLE(7, p),        \
	  CRC_NIBBLE(8, p),  CRC_NIBBLE(9, p),  CRC_NIBBLE(10, p), CRC_NIBBLE(11, p),       \
	  CRC_NIBBLE(12, p), CRC_NIBBLE(13, p), CRC_NIBBLE(14, p), CRC_NIBBLE(15, p) }
static const uint32_t crc_ieee[16] = CRC_TABLE(0xedb88320u);
static const uint32_t crc_castagnoli[16] = CRC_TABLE(0x82f63b78u);

INLINE uint32_t crc32(const uint32_t *table, uint32_t crc, uint64_t data, unsigned bytes)
{
	for (unsigned i = 0; i < 2 * bytes; i++, data >>= 4)
		crc = (crc >> 4) ^ table[(crc ^ data) & 15];
	return crc;
}

RRR(crc_w_b_w, sext32(crc32(crc_ieee, (uint32_t)b, a, 1)))
RRR(crc_w_h_w, sext32(crc32(crc_ieee, (uint32_t)b, a, 2)))
RRR(crc_w_w_w, sext32(crc32(crc_ieee, (uint32_t)b, a, 4)))
RRR(crc_w_d_w, sext32(crc32(crc_ieee, (uint32_t)b, a, 8)))
RRR(crcc_w_b_w, sext32(crc32(crc_castagnoli, (uint32_t)b, a, 1)))
RRR(crcc_w_h_w, sext32(crc32(crc_castagnoli, (uint32_t)b, a, 2)))
RRR(crcc_w_w_w, sext32(crc32(crc_castagnoli, (uint32_t)b, a, 4)))
RRR(crcc_w_d_w, sext32(crc32(crc_castagnoli, (uint32_t)b, a, 8)))

/* ------------------------------------------------ 2.2.10.3 ASRT */

/*
 * ASRTLE.D, ASRTGT.D: rj and rk compared as signed numbers (the manual says
 * so; QEMU compares them unsigned); BCE with BADV = rj when the assertion
 * (rj <= rk, rj > rk) fails.
 */
INLINE int assert_bound(struct core_vcpu *v, const struct core_op *op, bool holds)
{
	if (likely(holds))
		return CORE_OK;
	return la_bound_fault(la(v), op, la(v)->r[op->r[1]]);
}

#define RJ_S ((int64_t)la(v)->r[op->r[1]])
#define RK_S ((int64_t)la(v)->r[op->r[2]])

CORE_HANDLER(h_asrtle_d)
{
	return assert_bound(v, op, RJ_S <= RK_S);
}

CORE_HANDLER(h_asrtgt_d)
{
	return assert_bound(v, op, RJ_S > RK_S);
}

#include "cpu/loongarch/la_int_decode.inc"

const struct la_table la_table_int = {
	la_int_rows, sizeof(la_int_rows) / sizeof(la_int_rows[0]), la_int_disasm,
};
