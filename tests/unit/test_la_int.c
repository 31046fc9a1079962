/*
 * LA64 integer instructions through the harness (LA RM 2.2.1-2.2.3, 2.2.9,
 * 2.2.10.3): each case sets rj (a1), rk (a2) and rd (a0), runs one
 * instruction and checks rd. Edge cases: .W results sign-extended, shifts
 * by amounts at and above the width, division by zero and INT_MIN / -1,
 * bit-field boundaries, CRC check values, PC-relative forms, r0 as a
 * destination and a source, and the bound assertions' BCE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/la_harness.h"

enum { ZERO = 0, A0 = 4, A1 = 5, A2 = 6 };

/* Opcodes (LA RM Table "instruction encoding"): the fixed bits from bit 31 down. */
enum {
	/* 3R, bits 31:15 */
	ASRTLE_D = 0x02, ASRTGT_D = 0x03, ADD_W = 0x20, ADD_D, SUB_W, SUB_D, SLT, SLTU,
	MASKEQZ, MASKNEZ, NOR, AND, OR, XOR, ORN, ANDN, SLL_W, SRL_W, SRA_W, SLL_D, SRL_D,
	SRA_D, ROTR_W = 0x36, ROTR_D, MUL_W, MULH_W, MULH_WU, MUL_D, MULH_D, MULH_DU,
	MULW_D_W, MULW_D_WU, DIV_W, MOD_W, DIV_WU, MOD_WU, DIV_D, MOD_D, DIV_DU, MOD_DU,
	CRC_W_B_W, CRC_W_H_W, CRC_W_W_W, CRC_W_D_W, CRCC_W_B_W, CRCC_W_H_W, CRCC_W_W_W,
	CRCC_W_D_W,
	/* 2R, bits 31:10 */
	CLO_W = 0x4, CLZ_W, CTO_W, CTZ_W, CLO_D, CLZ_D, CTO_D, CTZ_D, REVB_2H, REVB_4H,
	REVB_2W, REVB_D, REVH_2W, REVH_D, BITREV_4B, BITREV_8B, BITREV_W, BITREV_D, EXT_W_H,
	EXT_W_B,
	/* 2RI5, bits 31:15; 2RI6, bits 31:16 */
	SLLI_W = 0x81, SRLI_W = 0x89, SRAI_W = 0x91, ROTRI_W = 0x99,
	SLLI_D = 0x41, SRLI_D = 0x45, SRAI_D = 0x49, ROTRI_D = 0x4d,
	/* 2RI12, bits 31:22 */
	SLTI = 0x8, SLTUI, ADDI_W, ADDI_D, LU52I_D, ANDI, ORI, XORI,
	/* 1RI20, bits 31:25 */
	LU12I_W = 0xa, LU32I_D, PCADDI, PCALAU12I, PCADDU12I, PCADDU18I,
	/* 2RI16, bits 31:26 */
	ADDU16I_D = 0x4,
	/* 3RSA2, bits 31:17; BYTEPICK.D's 3RSA3, bits 31:18 */
	ALSL_W = 0x2, ALSL_WU = 0x3, ALSL_D = 0x16, BYTEPICK_W = 0x4, BYTEPICK_D = 0x3,
};

#define REGS(rd, rj, rk) ((uint32_t)(rk) << 10 | (uint32_t)(rj) << 5 | (uint32_t)(rd))
/* The formats, with rd = a0, rj = a1, rk = a2 unless named. */
#define R3X(op, rd, rj, rk) ((uint32_t)(op) << 15 | REGS(rd, rj, rk))
#define R3(op) R3X(op, A0, A1, A2)
#define R2(op) ((uint32_t)(op) << 10 | REGS(A0, A1, 0))
#define RI5(op, ui) ((uint32_t)(op) << 15 | ((uint32_t)(ui) & 31) << 10 | REGS(A0, A1, 0))
#define RI6(op, ui) ((uint32_t)(op) << 16 | ((uint32_t)(ui) & 63) << 10 | REGS(A0, A1, 0))
#define RI12X(op, rd, rj, si) ((uint32_t)(op) << 22 | ((uint32_t)(si) & 0xfff) << 10 | REGS(rd, rj, 0))
#define RI12(op, si) RI12X(op, A0, A1, si)
#define RI16(op, si) ((uint32_t)(op) << 26 | ((uint32_t)(si) & 0xffff) << 10 | REGS(A0, A1, 0))
#define RI20(op, si) ((uint32_t)(op) << 25 | ((uint32_t)(si) & 0xfffff) << 5 | A0)
#define SA2(op, sa) ((uint32_t)(op) << 17 | (uint32_t)(sa) << 15 | REGS(A0, A1, A2))
#define SA3(op, sa) ((uint32_t)(op) << 18 | (uint32_t)(sa) << 15 | REGS(A0, A1, A2))
#define BSTR_W(pick, msb, lsb) \
	(0x3u << 21 | (uint32_t)(msb) << 16 | (uint32_t)(pick) << 15 | (uint32_t)(lsb) << 10 | REGS(A0, A1, 0))
#define BSTR_D(pick, msb, lsb) \
	((0x2u | (pick)) << 22 | (uint32_t)(msb) << 16 | (uint32_t)(lsb) << 10 | REGS(A0, A1, 0))

/* One instruction's case: rj, rk and rd's value before, rd's after. */
struct int_case {
	const char *what;
	uint32_t insn;
	uint64_t rj, rk, rd, want;
};

static void run_cases(const struct int_case *cases, size_t n)
{
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	for (size_t i = 0; i < n; i++) {
		const struct int_case *k = &cases[i];
		c->r[A0] = k->rd;
		c->r[A1] = k->rj;
		c->r[A2] = k->rk;
		if (la_harness_run(h, &k->insn, 1) != 1 || la_harness_stop(h) != LA_HARNESS_STOP)
			fail_msg("%s: did not retire", k->what);
		if (c->r[A0] != k->want)
			fail_msg("%s: rd = %#llx, want %#llx", k->what, (unsigned long long)c->r[A0],
				 (unsigned long long)k->want);
		assert_int_equal(c->r[0], 0);
	}
	la_harness_free(h);
}
#define RUN(cases) run_cases(cases, sizeof(cases) / sizeof(cases[0]))

#define NEG(x) ((uint64_t)(int64_t)(x))
#define SX32(x) ((uint64_t)(int64_t)(int32_t)(uint32_t)(x))

static void test_arith(void **state)
{
	static const struct int_case cases[] = {
		{ "add.w sign-extends its wrap", R3(ADD_W), 0x7fffffff, 1, 0, 0xffffffff80000000 },
		{ "add.w ignores the high words", R3(ADD_W), 0x1234500000001, 0xabc00000001, 0, 2 },
		{ "add.d wraps", R3(ADD_D), ~0ull, 2, 0, 1 },
		{ "sub.w", R3(SUB_W), 0, 1, 0, ~0ull },
		{ "sub.w of 0x80000000", R3(SUB_W), 0x80000000, 0, 0, 0xffffffff80000000 },
		{ "sub.d", R3(SUB_D), 5, 7, 0, NEG(-2) },
		{ "addi.w negative", RI12(ADDI_W, -2048), 0x100000000, 0, 0, NEG(-2048) },
		{ "addi.w wraps to positive", RI12(ADDI_W, -1), 0x80000000, 0, 0, 0x7fffffff },
		{ "addi.d", RI12(ADDI_D, 2047), 1, 0, 0, 2048 },
		{ "addu16i.d", RI16(ADDU16I_D, -32768), 0, 0, 0, NEG(-0x80000000ll) },
		{ "addu16i.d positive", RI16(ADDU16I_D, 0x7fff), 1, 0, 0, 0x7fff0001 },
		{ "alsl.w shift 1", SA2(ALSL_W, 0), 3, 1, 0, 7 },
		{ "alsl.w shift 4 sign-extends", SA2(ALSL_W, 3), 0x08000000, 0, 0, 0xffffffff80000000 },
		{ "alsl.wu zero-extends", SA2(ALSL_WU, 3), 0x08000000, 0, 0, 0x80000000 },
		{ "alsl.d", SA2(ALSL_D, 2), 0x1000000000, 5, 0, 0x8000000005 },
		{ "lu12i.w", RI20(LU12I_W, 0x12345), 0, 0, 0, 0x12345000 },
		{ "lu12i.w negative", RI20(LU12I_W, -1), 0, 0, 0, NEG(-4096) },
		{ "lu32i.d keeps the low word", RI20(LU32I_D, -1), 0, 0, 0x12345678, 0xffffffff12345678 },
		{ "lu32i.d positive", RI20(LU32I_D, 0x7ffff), 0, 0, 0xffffffff00000001, 0x0007ffff00000001 },
		{ "lu52i.d", RI12(LU52I_D, -1), 0xfff0000012345678, 0, 0, 0xfff0000012345678 },
		{ "lu52i.d replaces the top 12 bits", RI12(LU52I_D, 0x123), ~0ull, 0, 0, 0x123fffffffffffff },
		{ "slt", R3(SLT), NEG(-1), 0, 0, 1 },
		{ "sltu", R3(SLTU), NEG(-1), 0, 0, 0 },
		{ "slti", RI12(SLTI, -5), NEG(-6), 0, 0, 1 },
		{ "slti equal", RI12(SLTI, -5), NEG(-5), 0, 0, 0 },
		{ "sltui sign-extends si12", RI12(SLTUI, -1), 0xfffffffffffffffe, 0, 0, 1 },
		{ "sltui", RI12(SLTUI, 1), 1, 0, 0, 0 },
	};
	RUN(cases);
}

static void test_logic(void **state)
{
	static const struct int_case cases[] = {
		{ "and", R3(AND), 0xff00ff00, 0x0ff00ff0, 0, 0x0f000f00 },
		{ "or", R3(OR), 0xf0, 0x0f, 0, 0xff },
		{ "nor", R3(NOR), 0xf0, 0x0f, 0, ~0xffull },
		{ "xor", R3(XOR), 0xff, 0x0f, 0, 0xf0 },
		{ "andn", R3(ANDN), 0xff, 0x0f, 0, 0xf0 },
		{ "orn", R3(ORN), 0, ~0xfull, 0, 0xf },
		{ "andi zero-extends ui12", RI12(ANDI, 0xfff), ~0ull, 0, 0, 0xfff },
		{ "ori", RI12(ORI, 0x800), 0x1000, 0, 0, 0x1800 },
		{ "xori", RI12(XORI, 0xfff), ~0ull, 0, 0, ~0xfffull },
		{ "move (or with r0)", R3X(OR, A0, A1, ZERO), 0x1234, 0, 0, 0x1234 },
		{ "nop leaves rd", RI12X(ANDI, ZERO, ZERO, 0), 0, 0, 77, 77 },
		{ "maskeqz", R3(MASKEQZ), 5, 1, 0, 5 },
		{ "maskeqz zero", R3(MASKEQZ), 5, 0, 9, 0 },
		{ "masknez", R3(MASKNEZ), 5, 1, 9, 0 },
		{ "masknez zero", R3(MASKNEZ), 5, 0, 0, 5 },
	};
	RUN(cases);
}

static void test_mul_div(void **state)
{
	static const struct int_case cases[] = {
		{ "mul.w sign-extends", R3(MUL_W), 0x10000, 0x8000, 0, 0xffffffff80000000 },
		{ "mul.w uses the low words", R3(MUL_W), 0x100000003, 0x200000005, 0, 15 },
		{ "mulh.w", R3(MULH_W), NEG(-1), 1, 0, ~0ull },
		{ "mulh.w of INT32_MIN squared", R3(MULH_W), 0x80000000, 0x80000000, 0, 0x40000000 },
		{ "mulh.wu sign-extends the high word", R3(MULH_WU), 0xffffffff, 0xffffffff, 0, NEG(-2) },
		{ "mul.d", R3(MUL_D), 0x100000001, 0x100000001, 0, 0x200000001 },
		{ "mulh.d", R3(MULH_D), NEG(-1), 5, 0, ~0ull },
		{ "mulh.du", R3(MULH_DU), ~0ull, ~0ull, 0, ~1ull },
		{ "mulw.d.w", R3(MULW_D_W), 0xffffffff, 0x7fffffff, 0, NEG(-0x7fffffffll) },
		{ "mulw.d.wu", R3(MULW_D_WU), 0xffffffff, 0xffffffff, 0, 0xfffffffe00000001 },
		{ "div.w", R3(DIV_W), NEG(-7), 2, 0, NEG(-3) },
		{ "mod.w takes the dividend's sign", R3(MOD_W), NEG(-7), 2, 0, NEG(-1) },
		{ "div.w uses the low words", R3(DIV_W), 0x500000006, 0x100000003, 0, 2 },
		{ "div.w by zero: the dividend", R3(DIV_W), 0x80000000, 0, 0, 0xffffffff80000000 },
		{ "mod.w by zero: 0", R3(MOD_W), 1234, 0, 7, 0 },
		{ "div.w INT32_MIN / -1", R3(DIV_W), 0x80000000, NEG(-1), 0, 0xffffffff80000000 },
		{ "mod.w INT32_MIN % -1", R3(MOD_W), 0x80000000, NEG(-1), 7, 0 },
		{ "div.wu", R3(DIV_WU), 0xffffffff, 2, 0, 0x7fffffff },
		{ "div.wu sign-extends", R3(DIV_WU), 0xffffffff, 1, 0, ~0ull },
		{ "mod.wu", R3(MOD_WU), 0xffffffff, 10, 0, 5 },
		{ "div.wu by zero: the dividend", R3(DIV_WU), 0x80000000, 0x100000000, 0, 0xffffffff80000000 },
		{ "mod.wu by zero: 0", R3(MOD_WU), 9, 0, 7, 0 },
		{ "div.d", R3(DIV_D), NEG(-9), 4, 0, NEG(-2) },
		{ "mod.d", R3(MOD_D), NEG(-9), 4, 0, NEG(-1) },
		{ "div.d INT64_MIN / -1", R3(DIV_D), 1ull << 63, NEG(-1), 0, 1ull << 63 },
		{ "mod.d INT64_MIN % -1", R3(MOD_D), 1ull << 63, NEG(-1), 7, 0 },
		{ "div.d by zero: the dividend", R3(DIV_D), 42, 0, 0, 42 },
		{ "mod.d by zero: 0", R3(MOD_D), 42, 0, 7, 0 },
		{ "div.du", R3(DIV_DU), ~0ull, 2, 0, ~0ull >> 1 },
		{ "mod.du", R3(MOD_DU), ~0ull, 10, 0, 5 },
		{ "div.du by zero: the dividend", R3(DIV_DU), ~0ull, 0, 0, ~0ull },
		{ "mod.du by zero: 0", R3(MOD_DU), ~0ull, 0, 7, 0 },
	};
	RUN(cases);
}

static void test_shifts(void **state)
{
	static const struct int_case cases[] = {
		{ "sll.w sign-extends", R3(SLL_W), 1, 31, 0, 0xffffffff80000000 },
		{ "sll.w uses rk[4:0] (32 -> 0)", R3(SLL_W), 0x1234, 32, 0, 0x1234 },
		{ "sll.w by 33 is by 1", R3(SLL_W), 0x40000000, 33, 0, 0xffffffff80000000 },
		{ "srl.w by 0 sign-extends the low word", R3(SRL_W), 0x80000000, 0, 0, 0xffffffff80000000 },
		{ "srl.w", R3(SRL_W), 0xf0000000, 4, 0, 0x0f000000 },
		{ "srl.w ignores the high word", R3(SRL_W), 0xffffffff00000010, 4, 0, 1 },
		{ "sra.w", R3(SRA_W), 0x80000000, 31, 0, ~0ull },
		{ "sra.w by 63 is by 31", R3(SRA_W), 0x40000000, 63, 0, 0 },
		{ "rotr.w", R3(ROTR_W), 1, 1, 0, 0xffffffff80000000 },
		{ "rotr.w by 32 is by 0", R3(ROTR_W), 0x12345678, 32, 0, 0x12345678 },
		{ "sll.d", R3(SLL_D), 1, 63, 0, 1ull << 63 },
		{ "sll.d uses rk[5:0] (64 -> 0)", R3(SLL_D), 3, 64, 0, 3 },
		{ "srl.d", R3(SRL_D), 1ull << 63, 63, 0, 1 },
		{ "srl.d by 65 is by 1", R3(SRL_D), 4, 65, 0, 2 },
		{ "sra.d", R3(SRA_D), 1ull << 63, 62, 0, NEG(-2) },
		{ "rotr.d", R3(ROTR_D), 1, 1, 0, 1ull << 63 },
		{ "rotr.d by 0", R3(ROTR_D), 0x1234, 0, 0, 0x1234 },
		{ "slli.w", RI5(SLLI_W, 31), 3, 0, 0, 0xffffffff80000000 },
		{ "srli.w", RI5(SRLI_W, 31), 0x80000000, 0, 0, 1 },
		{ "srli.w 0", RI5(SRLI_W, 0), 0xffffffff, 0, 0, ~0ull },
		{ "srai.w", RI5(SRAI_W, 4), 0x80000000, 0, 0, 0xfffffffff8000000 },
		{ "rotri.w", RI5(ROTRI_W, 8), 0x12345678, 0, 0, 0x78123456 },
		{ "slli.d", RI6(SLLI_D, 63), 1, 0, 0, 1ull << 63 },
		{ "srli.d", RI6(SRLI_D, 63), 1ull << 63, 0, 0, 1 },
		{ "srai.d", RI6(SRAI_D, 63), 1ull << 63, 0, 0, ~0ull },
		{ "rotri.d", RI6(ROTRI_D, 4), 0x1, 0, 0, 1ull << 60 },
	};
	RUN(cases);
}

static void test_bits(void **state)
{
	static const struct int_case cases[] = {
		{ "ext.w.b", R2(EXT_W_B), 0x1280, 0, 0, NEG(-128) },
		{ "ext.w.h", R2(EXT_W_H), 0x18000, 0, 0, NEG(-32768) },
		{ "clo.w", R2(CLO_W), 0xf0000000, 0, 0, 4 },
		{ "clo.w all ones", R2(CLO_W), 0xffffffff, 0, 0, 32 },
		{ "clz.w of 0", R2(CLZ_W), 0xffffffff00000000, 0, 0, 32 },
		{ "clz.w", R2(CLZ_W), 1, 0, 0, 31 },
		{ "cto.w", R2(CTO_W), 0x7, 0, 0, 3 },
		{ "cto.w all ones", R2(CTO_W), 0xffffffff, 0, 0, 32 },
		{ "ctz.w of 0", R2(CTZ_W), 0, 0, 0, 32 },
		{ "ctz.w", R2(CTZ_W), 0x80000000, 0, 0, 31 },
		{ "clo.d", R2(CLO_D), ~0ull, 0, 0, 64 },
		{ "clz.d of 0", R2(CLZ_D), 0, 0, 0, 64 },
		{ "clz.d", R2(CLZ_D), 1ull << 40, 0, 0, 23 },
		{ "cto.d", R2(CTO_D), 0xff, 0, 0, 8 },
		{ "ctz.d of 0", R2(CTZ_D), 0, 0, 0, 64 },
		{ "ctz.d", R2(CTZ_D), 1ull << 63, 0, 0, 63 },
		{ "bytepick.w 0: rk", SA2(BYTEPICK_W, 0), 0x11223344, 0xaabbccdd, 0, SX32(0xaabbccdd) },
		{ "bytepick.w 1", SA2(BYTEPICK_W, 1), 0x11223344, 0xaabbccdd, 0, SX32(0xbbccdd11) },
		{ "bytepick.w 3", SA2(BYTEPICK_W, 3), 0x11223344, 0x5abbccdd, 0, SX32(0xdd112233) },
		{ "bytepick.d 0: rk", SA3(BYTEPICK_D, 0), 0x1122334455667788, 0xaabbccddeeff0011, 0,
		  0xaabbccddeeff0011 },
		{ "bytepick.d 3", SA3(BYTEPICK_D, 3), 0x1122334455667788, 0xaabbccddeeff0011, 0,
		  0xddeeff0011112233 },
		{ "bytepick.d 7", SA3(BYTEPICK_D, 7), 0x1122334455667788, 0xaabbccddeeff0011, 0,
		  0x1111223344556677 },
		{ "revb.2h", R2(REVB_2H), 0xffffffff11228899, 0, 0, SX32(0x22119988) },
		{ "revb.4h", R2(REVB_4H), 0x1122334455667788, 0, 0, 0x2211443366558877 },
		{ "revb.2w", R2(REVB_2W), 0x1122334455667788, 0, 0, 0x4433221188776655 },
		{ "revb.d", R2(REVB_D), 0x1122334455667788, 0, 0, 0x8877665544332211 },
		{ "revh.2w", R2(REVH_2W), 0x1122334455667788, 0, 0, 0x3344112277885566 },
		{ "revh.d", R2(REVH_D), 0x1122334455667788, 0, 0, 0x7788556633441122 },
		{ "bitrev.4b", R2(BITREV_4B), 0xff00000001020380, 0, 0, SX32(0x8040c001) },
		{ "bitrev.8b", R2(BITREV_8B), 0x0102040810204080, 0, 0, 0x8040201008040201 },
		{ "bitrev.w", R2(BITREV_W), 0xffffffff00000001, 0, 0, 0xffffffff80000000 },
		{ "bitrev.w positive", R2(BITREV_W), 0x2, 0, 0, 0x40000000 },
		{ "bitrev.d", R2(BITREV_D), 0x3, 0, 0, 0xc000000000000000 },
	};
	RUN(cases);
}

static void test_bstr(void **state)
{
	static const struct int_case cases[] = {
		{ "bstrins.w [7:4]", BSTR_W(0, 7, 4), 0xabc, 0, 0xffff, 0xffcf },
		{ "bstrins.w [31:31] sign-extends", BSTR_W(0, 31, 31), 1, 0, 0, 0xffffffff80000000 },
		{ "bstrins.w [31:0]", BSTR_W(0, 31, 0), 0x7fffffff, 0, ~0ull, 0x7fffffff },
		{ "bstrins.w [0:0]", BSTR_W(0, 0, 0), 0, 0, 0xff, 0xfe },
		{ "bstrpick.w [31:0] sign-extends", BSTR_W(1, 31, 0), 0x80000000, 0, 0, 0xffffffff80000000 },
		{ "bstrpick.w [30:0]", BSTR_W(1, 30, 0), 0xffffffff, 0, 0, 0x7fffffff },
		{ "bstrpick.w [31:31]", BSTR_W(1, 31, 31), 0x80000000, 0, 0, 1 },
		{ "bstrpick.w [11:4]", BSTR_W(1, 11, 4), 0xabcd, 0, 0, 0xbc },
		{ "bstrins.d [63:0]", BSTR_D(0, 63, 0), 0x1234, 0, ~0ull, 0x1234 },
		{ "bstrins.d [63:63]", BSTR_D(0, 63, 63), 1, 0, 0, 1ull << 63 },
		{ "bstrins.d [39:32]", BSTR_D(0, 39, 32), 0x1ab, 0, 0, 0xab00000000 },
		{ "bstrpick.d [63:0]", BSTR_D(1, 63, 0), ~0ull, 0, 0, ~0ull },
		{ "bstrpick.d [63:63]", BSTR_D(1, 63, 63), 1ull << 63, 0, 0, 1 },
		{ "bstrpick.d [47:16]", BSTR_D(1, 47, 16), 0x123456789abcdef0, 0, 0, 0x56789abc },
		{ "bstrpick.d [0:0]", BSTR_D(1, 0, 0), 3, 0, 0, 1 },
	};
	RUN(cases);
}

/* msb < lsb is undefined: hvsim, like QEMU, takes it as INE. */
static void test_bstr_msb_below_lsb(void **state)
{
	static const uint32_t insns[] = {
		BSTR_W(0, 3, 4), BSTR_W(1, 0, 31), BSTR_D(0, 31, 32), BSTR_D(1, 0, 63),
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		la_harness_run(h, &insns[i], 1);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal((c->csr.estat >> LA_ESTAT_ECODE_SHIFT) & 0x3f, LA_EXC_INE);
	}
	la_harness_free(h);
}

/*
 * The check values of "123456789" (LA RM 2.2.9.1's CRC is the raw update:
 * start from ~0 and invert at the end): CRC-32 0xCBF43926, CRC-32C
 * 0xE3069283, whichever widths consume the bytes.
 */
static void test_crc(void **state)
{
	static const uint8_t msg[] = "123456789";
	static const struct {
		uint32_t op_b, check;
	} polys[] = { { CRC_W_B_W, 0xcbf43926 }, { CRCC_W_B_W, 0xe3069283 } };
	static const unsigned chunks[][5] = {
		{ 8, 1 }, { 4, 4, 1 }, { 2, 2, 2, 2, 1 }, { 4, 2, 1, 1, 1 },
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	for (size_t p = 0; p < 2; p++)
		for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
			c->r[A0] = 0xffffffff;
			size_t at = 0;
			for (const unsigned *n = chunks[k]; at < 9; at += *n++) {
				uint64_t data = 0;
				memcpy(&data, msg + at, *n);
				uint64_t junk = *n < 8 ? 0xdeadbeefcafef00dull << (8 * *n) : 0;
				c->r[A1] = data | junk;   /* above the bytes consumed */
				uint32_t insn = R3X(polys[p].op_b + (uint32_t)__builtin_ctz(*n), A0, A1, A0);
				la_harness_run(h, &insn, 1);
			}
			assert_int_equal(~(uint32_t)c->r[A0], polys[p].check);
			assert_int_equal(c->r[A0], SX32(c->r[A0]));
		}
	la_harness_free(h);
}

/* The sign extension of a CRC with bit 31 set, and rk's high word ignored. */
static void test_crc_sign(void **state)
{
	static const struct int_case cases[] = {
		/* one byte b from CRC 0 is the byte-table entry b: entry 0x80 is the polynomial */
		{ "crc.w.b.w of 0", R3(CRC_W_B_W), 0, 0xffffffff00000000, 0, 0 },
		{ "crc.w.b.w", R3(CRC_W_B_W), 0x01, 0, 0, 0x77073096 },
		{ "crc.w.b.w sign-extends", R3(CRC_W_B_W), 0x80, 0, 0, SX32(0xedb88320) },
		{ "crcc.w.b.w sign-extends", R3(CRCC_W_B_W), 0x80, 0, 0, SX32(0x82f63b78) },
	};
	RUN(cases);
}

static void test_r0(void **state)
{
	static const struct int_case cases[] = {
		{ "add.d from r0", R3X(ADD_D, A0, ZERO, A2), 0, 5, 0, 5 },
		{ "sub.d from r0", R3X(SUB_D, A0, A1, ZERO), 9, 0, 0, 9 },
	};
	RUN(cases);
	/* A write to r0 is discarded: r0 still reads 0 in the next instruction. */
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	static const uint32_t prog[] = { RI12X(ADDI_D, ZERO, ZERO, 7), R3X(ADD_D, A0, ZERO, ZERO),
					 RI20(LU12I_W, 1) & ~31u };
	c->r[A0] = 99;
	assert_int_equal(la_harness_run(h, prog, 3), 3);
	assert_int_equal(c->r[0], 0);
	assert_int_equal(c->r[A0], 0);
	la_harness_free(h);
}

/* PC-relative forms at pc = 0x10004, so PCALAU12I has low bits to clear. */
static void test_pc_relative(void **state)
{
	static const struct {
		uint32_t insn;
		uint64_t want;
	} cases[] = {
		{ RI20(PCADDI, -1), LA_HARNESS_CODE + 4 - 4 },
		{ RI20(PCADDI, 0x7ffff), LA_HARNESS_CODE + 4 + 0x1ffffc },
		{ RI20(PCADDU12I, 2), LA_HARNESS_CODE + 4 + 0x2000 },
		{ RI20(PCADDU12I, -1), LA_HARNESS_CODE + 4 - 0x1000 },
		{ RI20(PCADDU18I, 1), LA_HARNESS_CODE + 4 + 0x40000 },
		{ RI20(PCADDU18I, -1), LA_HARNESS_CODE + 4 - 0x40000 },
		{ RI20(PCALAU12I, 1), LA_HARNESS_CODE + 0x1000 },
		{ RI20(PCALAU12I, -0x80000), LA_HARNESS_CODE - 0x80000000ull },
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t prog[] = { RI12X(ANDI, ZERO, ZERO, 0), cases[i].insn };
		la_harness_run(h, prog, 2);
		assert_int_equal(c->r[A0], cases[i].want);
	}
	la_harness_free(h);
}

/* ASRTLE.D, ASRTGT.D compare signed; a failure is BCE with BADV = rj, ERA = the ASRT. */
static void test_asrt(void **state)
{
	static const struct {
		uint32_t op;
		int64_t rj, rk;
		bool fails;
	} cases[] = {
		{ ASRTLE_D, 5, 5, false }, { ASRTLE_D, 6, 5, true }, { ASRTLE_D, -1, 0, false },
		{ ASRTGT_D, 6, 5, false }, { ASRTGT_D, 5, 5, true }, { ASRTGT_D, -1, 0, true },
	};
	struct la_harness *h = la_harness_new();
	struct la_cpu *c = la_harness_cpu(h);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t insn = R3X(cases[i].op, ZERO, A1, A2);
		c->r[A1] = (uint64_t)cases[i].rj;
		c->r[A2] = (uint64_t)cases[i].rk;
		c->csr.badv = 0;
		la_harness_run(h, &insn, 1);
		if (!cases[i].fails) {
			assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
			continue;
		}
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal((c->csr.estat >> LA_ESTAT_ECODE_SHIFT) & 0x3f, LA_EXC_BCE);
		assert_int_equal(c->csr.era, LA_HARNESS_CODE);
		assert_int_equal(c->csr.badv, (uint64_t)cases[i].rj);
		assert_int_equal(c->csr.badi, insn);
	}
	la_harness_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arith),
		cmocka_unit_test(test_logic),
		cmocka_unit_test(test_mul_div),
		cmocka_unit_test(test_shifts),
		cmocka_unit_test(test_bits),
		cmocka_unit_test(test_bstr),
		cmocka_unit_test(test_bstr_msb_below_lsb),
		cmocka_unit_test(test_crc),
		cmocka_unit_test(test_crc_sign),
		cmocka_unit_test(test_r0),
		cmocka_unit_test(test_pc_relative),
		cmocka_unit_test(test_asrt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
