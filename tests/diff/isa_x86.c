/*
 * The differential test's x86-64 side (tests/diff/README.md): the
 * templates (templates_x86_*.inc), the set-up instructions, the memory,
 * string and masked units, the state's own words (RFLAGS, MXCSR), and how
 * a program is built and run (clang-16 and ld.lld-16 as firmware/x86,
 * QEMU's q35 with qemu64 plus POPCNT and LZCNT, hvsim's x86-virt).
 *
 * x86 encodings have variable length, the generator 32-bit words. A
 * template's pattern here describes a compact word that this file expands
 * into the instruction's bytes (x86_expand), most significant bit first:
 *
 *	31-24 opcode   23-22 ModRM.mod   21-18 REX.R:ModRM.reg   17-14 REX.B:ModRM.rm
 *	13 REX.W   12-10 map   9-8 immediate size   7-0 immediate / displacement / offset
 *
 * so that a register field is one 4-bit run (the neutral 'd', 'n', 'm'
 * letters). Maps: 0 one-byte opcode with ModRM, 1 0F, 2 66 0F, 3 F3 0F,
 * 4 F2 0F (all with ModRM), 5 one-byte opcode without ModRM (+r from the
 * rm field, REX.B its bit 3), 6 0F without ModRM (+r), 7 F3 one-byte
 * without ModRM (REP; F2, REPNE, when ModRM.mod's bit 0 is set). Immediate size: 0 none, 1 imm8 (bits 7-0), 2 imm32
 * derived from bits 7-0 (imm32_of; MOV r64, imm64 (REX.W B8+r) gets 8
 * bytes), 3 the operand-size prefix 66 (16-bit operands, register forms
 * of maps 0, 1 and 5), with the immediate the opcode takes (imm_bytes:
 * Ib, or Iz of 16 bits) from bits 7-0. Memory operands (SDM 2:2.2.1.3,
 * 2:2.1.5): mod 1 disp8 = bits 7-0, mod 2 disp32 = sign-extended bits 7-0,
 * mod 0 with rm 4 (or 12: REX.B) a SIB byte from bits 7-0 with REX.X =
 * bit 8, mod 1 or 2 with rm 4 (REX.B clear) the same SIB byte and a
 * displacement, bits 7-0 again (sign-extended; base and index RAX-RDI,
 * bit 8 LOCK), mod 0 with rm 5 RIP-relative to the instruction slot bits 9-0
 * slots ahead (the pool); bit 9 of the other memory forms is the prefix
 * 66, bit 8 of those without SIB LOCK, and their immediate (imm_bytes)
 * is bits 7-0 again: the displacement or SIB byte, or a random byte for
 * [base]. Relative
 * branches (Jcc rel8, JMP rel8, Jcc rel32) jump bits 7-0 slots ahead.
 *
 * Every instruction fills a 16-byte slot (the rest NOPs), so that the
 * neutral generator's offsets, counted in instructions, stay exact.
 */
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>

#include "tests/diff/difftest.h"

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI };
/* The RFLAGS bits (SDM 1:3.4.3) the templates' undefined-flag masks name. */
enum { X86_CF = 0x1, X86_PF = 0x4, X86_AF = 0x10, X86_ZF = 0x40, X86_SF = 0x80, X86_OF = 0x800 };
enum { MAP_1B, MAP_0F, MAP_66_0F, MAP_F3_0F, MAP_F2_0F, MAP_1B_R, MAP_0F_R, MAP_REP };

#define OP(w)   ((w) >> 24)
#define MOD(w)  ((w) >> 22 & 3)
#define REG(w)  ((w) >> 18 & 15)
#define RM(w)   ((w) >> 14 & 15)
#define WBIT(w) ((w) >> 13 & 1)
#define MAP(w)  ((w) >> 10 & 7)
#define ISZ(w)  ((w) >> 8 & 3)
#define LOW(w)  ((w) & 0xff)

static uint32_t compact(unsigned op, unsigned mod, unsigned reg, unsigned rm, unsigned w,
			unsigned map, unsigned isz, unsigned low)
{
	return op << 24 | mod << 22 | (reg & 15) << 18 | (rm & 15) << 14 | w << 13 | map << 10 |
	       isz << 8 | (low & 0x3ff);
}

/*
 * The flags-masking set-up (PUSHFQ; AND qword [RSP], ~mask; POPFQ), the
 * compact word 0F in map 0F (0F 0F is 3DNow!, never generated): bits 5-0
 * select CF PF AF ZF SF OF.
 */
static const uint16_t mask_bits[6] = { X86_CF, X86_PF, X86_AF, X86_ZF, X86_SF, X86_OF };

static bool is_mask_word(uint32_t w)
{
	return OP(w) == 0x0f && MAP(w) == MAP_0F;
}

static uint32_t mask_word(uint64_t undef)
{
	unsigned sel = 0;

	for (unsigned i = 0; i < 6; i++)
		sel |= (undef & mask_bits[i]) ? 1u << i : 0;
	return compact(0x0f, 0, 0, 0, 0, MAP_0F, 0, sel);
}

/* A 32-bit immediate from 8 bits: small, sign-extended, or spread over the word. */
static uint32_t imm32_of(unsigned low)
{
	static const uint32_t mult[4] = { 1, 0x101, 0x10001, 0x1010101 };

	return (uint32_t)(int32_t)(int8_t)low * mult[low >> 5 & 3];
}

static unsigned put32(uint8_t *o, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		o[i] = (uint8_t)(v >> (8 * i));
	return 4;
}

/*
 * The immediates whose size a compact word cannot say itself (memory
 * forms, whose bits 9-0 address, and 66 forms, whose immediate-size field
 * is the prefix): Ib or Iz of the opcode (SDM 2:A.3 Tables;
 * ext the ModRM.reg a group's row needs, or -1). Iz is 16 bits under 66.
 */
static const struct { uint8_t map, op; int8_t ext; uint8_t iz; } imm_ops[] = {
	{ MAP_1B, 0x80, -1, 0 }, { MAP_1B, 0x81, -1, 1 }, { MAP_1B, 0x83, -1, 0 },
	{ MAP_1B, 0x69, -1, 1 }, { MAP_1B, 0x6b, -1, 0 }, { MAP_1B, 0xc0, -1, 0 },
	{ MAP_1B, 0xc1, -1, 0 }, { MAP_1B, 0xc6, 0, 0 }, { MAP_1B, 0xc7, 0, 1 },
	{ MAP_1B, 0xf6, 0, 0 }, { MAP_1B, 0xf6, 1, 0 }, { MAP_1B, 0xf7, 0, 1 },
	{ MAP_1B, 0xf7, 1, 1 }, { MAP_0F, 0xba, -1, 0 }, { MAP_0F, 0xa4, -1, 0 },
	{ MAP_0F, 0xac, -1, 0 }, { MAP_1B_R, 0xa9, -1, 1 },
	{ MAP_0F, 0xc2, -1, 0 }, { MAP_66_0F, 0xc2, -1, 0 }, { MAP_F3_0F, 0xc2, -1, 0 },
	{ MAP_F2_0F, 0xc2, -1, 0 }, { MAP_0F, 0xc6, -1, 0 }, { MAP_66_0F, 0xc6, -1, 0 },
	{ MAP_66_0F, 0xc4, -1, 0 }, { MAP_66_0F, 0x70, -1, 0 }, { MAP_F3_0F, 0x70, -1, 0 },
	{ MAP_F2_0F, 0x70, -1, 0 }, { MAP_1B_R, 0x6a, -1, 0 }, { MAP_1B_R, 0x68, -1, 1 },
	{ MAP_1B_R, 0x05, -1, 1 }, { MAP_1B_R, 0x0d, -1, 1 }, { MAP_1B_R, 0x15, -1, 1 },
	{ MAP_1B_R, 0x1d, -1, 1 }, { MAP_1B_R, 0x25, -1, 1 }, { MAP_1B_R, 0x2d, -1, 1 },
	{ MAP_1B_R, 0x35, -1, 1 }, { MAP_1B_R, 0x3d, -1, 1 }, { MAP_1B_R, 0xb8, -1, 1 },
};

static unsigned imm_bytes(uint32_t w, bool o16)
{
	for (unsigned i = 0; i < sizeof(imm_ops) / sizeof(imm_ops[0]); i++)
		if (imm_ops[i].map == MAP(w) && imm_ops[i].op == OP(w) &&
		    (imm_ops[i].ext < 0 || imm_ops[i].ext == (int)(REG(w) & 7)))
			return imm_ops[i].iz ? (o16 ? 2 : 4) : 1;
	return 0;
}

/* The bytes of compact word w (at most 15), their number returned. */
static unsigned x86_expand(uint32_t w, uint8_t *o)
{
	unsigned op = OP(w), mod = MOD(w), reg = REG(w), rm = RM(w), map = MAP(w), n = 0;
	bool modrm = map <= MAP_F2_0F;
	/*
	 * rm 4 with mod 1 or 2 (REX.B clear: a base of RSP, never generated):
	 * SIB and displacement both bits 7-0, bit 8 LOCK (base and index RAX-RDI).
	 */
	bool sib_disp = modrm && (mod == 1 || mod == 2) && rm == 4;
	bool sib_low = (modrm && mod == 0 && (rm & 7) == 4) || sib_disp, rip = modrm && mod == 0 && (rm & 7) == 5;
	bool branch8 = map == MAP_1B_R && ((op & 0xf0) == 0x70 || op == 0xeb);
	bool branch32 = map == MAP_0F_R && (op & 0xf0) == 0x80;
	bool regform = !modrm || mod == 3;
	bool o16 = regform ? ISZ(w) == 3 : !rip && (w >> 9 & 1);
	bool lock = !regform && !rip && (!sib_low || sib_disp) && (w >> 8 & 1);
	unsigned imm = regform && ISZ(w) == 1 ? 1 : regform && ISZ(w) == 2 ? 4 :
		       (regform && ISZ(w) != 3) || rip ? 0 : imm_bytes(w, o16);

	if (is_mask_word(w)) {
		uint32_t mask = 0;
		for (unsigned i = 0; i < 6; i++)
			mask |= (w >> i & 1) ? mask_bits[i] : 0;
		o[n++] = 0x9c;                                  /* PUSHFQ */
		o[n++] = 0x48, o[n++] = 0x81, o[n++] = 0x24, o[n++] = 0x24;  /* AND qword [RSP], imm32 */
		n += put32(o + n, ~mask);
		o[n++] = 0x9d;                                  /* POPFQ */
		return n;
	}
	static const uint8_t prefix[8] = { 0, 0, 0x66, 0xf3, 0xf2, 0, 0, 0xf3 };
	if (lock)
		o[n++] = 0xf0;
	if (o16)
		o[n++] = 0x66;
	if (map == MAP_REP && (mod & 1))
		o[n++] = 0xf2;                          /* REPNE (string words have no ModRM) */
	else if (prefix[map])
		o[n++] = prefix[map];
	unsigned rex = WBIT(w) << 3;
	if (modrm)
		rex |= (reg >> 3) << 2;
	if (sib_low && !sib_disp)
		rex |= (w >> 8 & 1) << 1;
	if (!rip)
		rex |= rm >> 3;
	if (rex)
		o[n++] = (uint8_t)(0x40 | rex);
	if (map != MAP_1B && map != MAP_1B_R && map != MAP_REP)
		o[n++] = 0x0f;
	o[n++] = (uint8_t)(modrm || branch8 || branch32 ? op : op | (rm & 7));
	if (branch8 || branch32) {
		int32_t rel = (int32_t)LOW(w) * 16 - (int32_t)n - (branch8 ? 1 : 4);
		if (branch8)
			o[n++] = (uint8_t)rel;
		else
			n += put32(o + n, (uint32_t)rel);
		return n;
	}
	if (modrm) {
		o[n++] = (uint8_t)(mod << 6 | (reg & 7) << 3 | (rm & 7));
		if (sib_low)
			o[n++] = (uint8_t)LOW(w);
		else if (mod != 3 && (rm & 7) == 4)
			o[n++] = 0x24;                          /* no index, base RSP/R12 */
		if (mod == 1)
			o[n++] = (uint8_t)LOW(w);
		else if (mod == 2)
			n += put32(o + n, (uint32_t)(int32_t)(int8_t)LOW(w));
		else if (rip) {
			unsigned at = n;
			n += 4;
			put32(o + at, (w & 0x3ff) * 16 - n);
		}
	}
	if (imm == 1)
		o[n++] = (uint8_t)LOW(w);
	else if (imm == 2)
		o[n++] = (uint8_t)imm32_of(LOW(w)), o[n++] = (uint8_t)(imm32_of(LOW(w)) >> 8);
	else if (imm == 4)
		n += put32(o + n, imm32_of(LOW(w)));
	if (regform && ISZ(w) == 2 && map == MAP_1B_R && (op & 0xf8) == 0xb8 && WBIT(w))
		n += put32(o + n, imm32_of(LOW(w) ^ 0xa5));   /* imm64's upper half */
	return n;
}

static void x86_emit(FILE *f, uint32_t w)
{
	uint8_t b[16];
	unsigned n = x86_expand(w, b);

	fprintf(f, "\t.byte ");
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "%s0x%02x", i ? ", " : "", b[i]);
	fprintf(f, "\n\t.fill %u, 1, 0x90\n", 16 - n);
}

/* ------------------------------------------------------------ validity */

/*
 * DIV/IDIV: the divisor, which the set-up makes odd, is neither half of
 * the dividend (RDX:RAX, which the set-up changes) nor the scratch base.
 */
static bool valid_div(uint32_t w)
{
	return RM(w) != RAX && RM(w) != RDX && RM(w) != BASE_REG_X86;
}

/* BSF/BSR: the source, in which the set-up sets a bit, is not the scratch base. */
static bool valid_bsf(uint32_t w)
{
	return RM(w) != BASE_REG_X86;
}

/* Byte registers without REX: 4-7 are AH..BH; with REX SPL..DIL. Never RSP's. */
static bool valid_byte(uint32_t w)
{
	return REG(w) != RSP && !(MOD(w) == 3 && RM(w) == RSP);
}

/* DIV/IDIV r/m8: the divisor the set-up ORs with 1 is the low byte of its register. */
static bool valid_div8(uint32_t w)
{
	return valid_div(w) && RM(w) != RSP && !(RM(w) > RSP && RM(w) < 8 && !WBIT(w));
}

/* AL, imm8 (even opcodes) or eAX/RAX, imm32 (odd): the immediate-size field says which. */
static bool valid_acc_imm(uint32_t w)
{
	return ISZ(w) == ((OP(w) & 1) ? 2 : 1);
}

/* PUSH imm8 (6A) or imm32 (68): the immediate-size field says which. */
static bool valid_push_imm(uint32_t w)
{
	return ISZ(w) == ((OP(w) & 2) ? 1 : 2);
}

/* SHLD/SHRD r/m16 by imm8: a count (mod 32) of at most 16 (SDM 2: SHLD, larger is undefined). */
static bool valid_shd16(uint32_t w)
{
	return (LOW(w) & 31) <= 16;
}

/* Byte groups (ModRM.reg an opcode extension): only the rm register is one, never SPL. */
static bool valid_byte_rm(uint32_t w)
{
	return !(MOD(w) == 3 && RM(w) == RSP);
}

/* BT* m, r: the bit offset is not the scratch base. */
static bool valid_bt_mem(uint32_t w)
{
	return REG(w) != BASE_REG_X86;
}

/* XCHG rAX, r (90+r): r 0 without REX.B is NOP. */
static bool valid_xchg_acc(uint32_t w)
{
	return RM(w) != RAX;
}

/* SSE2 integer ops of 66 0F D1-FE with a memory operand: not PMOVMSKB, MASKMOVDQU (registers only) or F0/FF (none). */
static bool valid_sse_int_mem(uint32_t w)
{
	return OP(w) >= 0xd1 && OP(w) != 0xd7 && OP(w) != 0xf0 && OP(w) != 0xf7 && OP(w) != 0xff;
}

/* SSE compare predicates 0-7 (SDM 2 CMPPS: imm8[2:0]); imm8[7:3] reserved. */
static bool valid_cmp(uint32_t w)
{
	return LOW(w) < 8;
}

/* PSRLW/PSRAW/PSLLW and the D forms by immediate: /2, /4, /6 (not /0). */
static bool valid_shift_imm(uint32_t w)
{
	return REG(w) != 0;
}

/* ------------------------------------------------------------------ x87 */

/* x87 memory templates: a memory form (mem_unit places it). */
static bool valid_x87_mem(uint32_t w)
{
	return MOD(w) != 3;
}

/* The bytes an x87 memory form moves (SDM 2 per instruction): by opcode and ModRM.reg. */
static unsigned x87_access_size(uint32_t w)
{
	unsigned ext = REG(w) & 7;

	switch (OP(w)) {
	case 0xd8: case 0xda: return 4;             /* m32fp, m32int */
	case 0xdc: return 8;                        /* m64fp */
	case 0xde: return 2;                        /* m16int */
	case 0xd9: return 4;                        /* FLD/FST/FSTP m32fp */
	case 0xdd: return 8;                        /* FLD/FISTTP/FST/FSTP m64 */
	case 0xdb: return ext == 5 || ext == 7 ? 10 : 4;   /* m80fp, else m32int */
	default: return ext == 5 || ext == 7 ? 8 : 2;      /* DF: m64int, else m16int */
	}
}

/* What an x87 template does to the stack depth: +1 a push, -1 a pop, -2 FCOMPP/FUCOMPP. */
static int x87_effect(uint32_t w)
{
	unsigned op = OP(w), ext = REG(w) & 7, rm = RM(w) & 7;

	if (MOD(w) != 3) {
		switch (op) {
		case 0xd9: return ext == 0 ? 1 : ext == 3 ? -1 : 0;
		case 0xdb: return ext == 0 || ext == 5 ? 1 : ext == 1 || ext == 3 || ext == 7 ? -1 : 0;
		case 0xdd: return ext == 0 ? 1 : ext == 1 || ext == 3 ? -1 : 0;
		case 0xdf: return ext == 0 || ext == 5 ? 1 : ext == 1 || ext == 3 || ext == 7 ? -1 : 0;
		default: return ext == 3 ? -1 : 0;          /* FCOMP, FICOMP */
		}
	}
	switch (op) {
	case 0xd8: return ext == 3 ? -1 : 0;
	case 0xd9: return ext == 0 || ext == 5 || (ext == 6 && rm == 4) ? 1 : 0;
	case 0xda: return ext == 5 ? -2 : 0;
	case 0xdd: return ext == 3 || ext == 5 ? -1 : 0;
	case 0xde: return ext == 3 ? -2 : -1;
	case 0xdf: return -1;
	default: return 0;
	}
}

static void mem_unit(struct gblock *b, struct rng *r, unsigned t);

/*
 * An x87 unit: the stack holds ST(0)-ST(3) before and after (the
 * state's image, x86_rand_state), as QEMU 7.2 detects no stack fault: a
 * pop is preceded by FLD ST(k), a push followed by FSTP ST(j).
 */
static void x87_unit(struct gblock *b, struct rng *r, unsigned t)
{
	uint32_t w = rand_encoding(r, t);
	int e = x87_effect(w);

	for (int i = e; i < 0; i++)
		push(b, compact(0xd9, 3, 0, rng_below(r, 4), 0, MAP_1B, 0, 0), -1);   /* FLD ST(k) */
	if (MOD(w) == 3)
		push(b, w, (int)t);
	else
		mem_unit(b, r, t);
	if (e > 0)
		push(b, compact(0xdd, 3, 3, rng_below(r, 5), 0, MAP_1B, 0, 0), -1);   /* FSTP ST(j) */
	if (templates[t].undef)
		push(b, mask_word(templates[t].undef), -1);
}

/* An extended-precision value (SDM 1:4.2.2): mostly normal, sometimes a special. */
static void x87_rand_value(uint8_t *p, struct rng *r)
{
	uint64_t mant = rng_next(r) | 1ull << 63;
	unsigned exp = 0x3fff + (unsigned)rng_range(r, -64, 63);

	switch (rng_below(r, 16)) {
	case 0: mant = 0, exp = 0; break;                              /* zero */
	case 1: mant = 1ull << 63, exp = 0x7fff; break;                /* infinity */
	case 2: mant |= 1ull << 62, exp = 0x7fff; break;               /* QNaN */
	case 3: mant >>= rng_below(r, 8) + 1, exp = 0; break;          /* denormal */
	case 4: exp = 0x7ffe - rng_below(r, 64); break;                /* near overflow */
	case 5: exp = 1 + rng_below(r, 64); break;                     /* near underflow */
	default: break;
	}
	put64(p, mant);
	p[8] = (uint8_t)exp;
	p[9] = (uint8_t)(exp >> 8 | (rng_below(r, 2) << 7));
}

/*
 * The x87 image FRSTOR loads: every exception masked, random rounding
 * and precision control (not the reserved PC 01), TOP 4 with R4-R7
 * (ST(0)-ST(3)) valid.
 */
static void x87_rand_state(uint8_t *s, struct rng *r)
{
	/* 64 bits in half the blocks: QEMU's rounding to PC 24 and 53 makes blocks KNOWN (README.md). */
	static const unsigned pc[4] = { 0, 2, 3, 3 };
	uint8_t *img = s + ST_X86_X87;

	memset(img, 0, 108);
	put64(img, 0x7f | pc[rng_below(r, 4)] << 8 | rng_below(r, 4) << 10 | 4ull << (32 + 11));
	put64(img + 8, 0xff);
	for (unsigned i = 0; i < 4; i++)
		x87_rand_value(img + 28 + 10 * i, r);
}

static const struct tmpl x86_templates[] = {
#include "tests/diff/templates_x86_int.inc"
#include "tests/diff/templates_x86_mem.inc"
#include "tests/diff/templates_x86_sse.inc"
#include "tests/diff/templates_x86_x87.inc"
};

/* ------------------------------------------------------------ set-up */

/* RFLAGS: the arithmetic flags at random, DF clear (the string units count up). */
static void x86_rand_state(uint8_t *s, struct rng *r, const struct gen_opts *o)
{
	(void)o;
	put64(s + ST_X86_FLAGS, rng_next(r) & 0x8d5);
	put64(s + ST_X86_MXCSR, 0x1f80);    /* the reset value: all exceptions masked, round to nearest */
	x87_rand_state(s, r);
}

/* reg = value in [-128, 127]: XOR r32, r32 then ADD r64, imm8. */
static void set_small(struct gblock *b, unsigned reg, int value)
{
	push(b, compact(0x31, 3, reg, reg, 0, MAP_1B, 0, 0), -1);
	push(b, compact(0x83, 3, 0, reg, 1, MAP_1B, 1, (unsigned)value & 0xff), -1);
}

/* dst = R15 + delta, delta in [-128, 127]: LEA dst, [R15 + disp8]. */
static void set_base(struct gblock *b, unsigned dst, int delta)
{
	push(b, compact(0x8d, 1, dst, BASE_REG_X86, 1, MAP_1B, 0, (unsigned)delta & 0xff), -1);
}

/* A general register other than RSP, R15 and the ones in `avoid`. */
static unsigned pick_free(struct rng *r, uint32_t avoid)
{
	unsigned v;

	do
		v = rng_below(r, 15);
	while (v == RSP || avoid >> v & 1);
	return v;
}

/*
 * BT/BTS/BTR/BTC m, r (0F A3/AB/B3/BB): the register's bit offset, signed,
 * reaches outside the operand (SDM 2: BT); the unit sets it in [-128, 127]
 * and keeps the operand 16 bytes inside the buffer.
 */
static bool is_bt_reg(uint32_t w)
{
	return MAP(w) == MAP_0F && (OP(w) & 0xe7) == 0xa3;
}

/*
 * Bits 9 and 8 of a memory word: the template's 66 and LOCK prefixes (its
 * pattern's bits fixed at 1). LOCK needs a form without SIB, whose REX.X
 * is bit 8.
 */
static uint32_t o16_bit(unsigned t)
{
	return tinfo[t].mask & tinfo[t].match & 0x300;
}

/* The size of a memory word's v operand (SDM 2:3.1.1.3): 16 bits under 66, else REX.W's. */
static unsigned vsize(uint32_t w)
{
	return w >> 9 & 1 ? 2 : WBIT(w) ? 8 : 4;
}

/* The bytes a K_X86_MEM template moves (0 for LEA), and whether they must be 16-aligned. */
static unsigned access_size(uint32_t w, bool *aligned)
{
	unsigned op = OP(w), map = MAP(w);

	*aligned = false;
	if (op == 0x70 && map >= MAP_66_0F) {       /* PSHUFD/HW/LW m128 */
		*aligned = true;
		return 16;
	}
	if (op == 0x2a && map >= MAP_F3_0F)         /* CVTSI2SS/SD r/m32/64 */
		return WBIT(w) ? 8 : 4;
	switch (map) {
	case MAP_1B:
		if (op >= 0xd8 && op <= 0xdf)
			return x87_access_size(w);
		if (op == 0x8d)
			return 0;
		if (op == 0x63)
			return 4;
		return (op & 1) ? vsize(w) : 1;
	case MAP_0F:
		if (op == 0xb6 || op == 0xbe || op == 0xb0 || op == 0xc0 || (op & 0xf0) == 0x90)
			return 1;
		if (op == 0xb7 || op == 0xbf)
			return 2;
		if (op == 0xb1 || op == 0xc1 || op == 0xaf || op == 0xba || (op & 0xf0) == 0x40 ||
		    (op & 0xf6) == 0xa4 || (op & 0xfe) == 0xbc || is_bt_reg(w))
			return vsize(w);
		if (op == 0xae)                         /* LDMXCSR/STMXCSR m32 */
			return 4;
		if (op == 0xc7) {                       /* CMPXCHG16B's operand is aligned (#GP) */
			*aligned = WBIT(w);
			return WBIT(w) ? 16 : 8;
		}
		*aligned = op != 0x10 && op != 0x11;    /* MOVUPS; other SSE m128 operands are aligned */
		return 16;
	case MAP_66_0F:
		if (op == 0xd6)
			return 8;
		if (op == 0x6e || op == 0x7e)
			return WBIT(w) ? 8 : 4;
		*aligned = op != 0x10 && op != 0x11;
		return 16;
	case MAP_F3_0F:
		if (op == 0x6f || op == 0x7f)
			return 16;
		return op == 0x7e ? 8 : 4;
	default:
		return 8;       /* F2 0F: MOVSD, ADDSD ... */
	}
}

/*
 * The dividend of DIV/IDIV (F6/F7 /6 /7, SDM 2: #DE if the quotient does
 * not fit): DIV clears the upper half (XOR EDX, EDX; for bytes MOVZX EAX,
 * AL), IDIV makes the lower half non-negative and sign-extends it (SHR
 * and CWD/CDQ/CQO, or CBW), so that any divisor of 1 or more in
 * magnitude gives a quotient that fits.
 */
static void dividend_setup(struct gblock *b, unsigned op, unsigned ext, unsigned wbit, bool o16)
{
	unsigned isz = o16 ? 3 : 0;

	if (op == 0xf6 && ext == 6) {
		push(b, compact(0xb6, 3, RAX, RAX, 0, MAP_0F, 0, 0), -1);     /* MOVZX EAX, AL */
	} else if (op == 0xf6) {
		push(b, compact(0xd0, 3, 5, RAX, 0, MAP_1B, 0, 0), -1);       /* SHR AL, 1 */
		push(b, compact(0x98, 0, 0, 0, 0, MAP_1B_R, 3, 0), -1);       /* CBW */
	} else if (ext == 6) {
		push(b, compact(0x31, 3, RDX, RDX, 0, MAP_1B, 0, 0), -1);     /* XOR EDX, EDX */
	} else {
		push(b, compact(0xd1, 3, 5, RAX, wbit, MAP_1B, isz, 0), -1);  /* SHR rAX, 1 */
		push(b, compact(0x99, 0, 0, 0, wbit, MAP_1B_R, isz, 0), -1);  /* CWD/CDQ/CQO */
	}
}

/*
 * DIV/IDIV m: the divisor, an odd value in [-127, 127] in a free register,
 * is first stored where the instruction reads it (MOV m, r with the same
 * address; REX for the byte form, so that the register's low byte is named).
 */
static bool is_div_mem(uint32_t w)
{
	return MAP(w) == MAP_1B && (OP(w) & 0xfe) == 0xf6 && (REG(w) & 6) == 6;
}

static void div_mem_setup(struct gblock *b, struct rng *r, uint32_t w, uint32_t avoid)
{
	unsigned t = pick_free(r, avoid | 1u << RAX | 1u << RDX);
	bool byte = OP(w) == 0xf6;

	set_small(b, t, (int)(rng_range(r, 0, 63) * 2 + 1) * (rng_chance(r, 2) ? -1 : 1));
	push(b, (w & ~(0xffu << 24 | 15u << 18 | 1u << 13)) | (byte ? 0x88u : 0x89u) << 24 | t << 18 |
			(byte ? 1u : WBIT(w)) << 13, -1);
	dividend_setup(b, OP(w), REG(w), WBIT(w), w >> 9 & 1);
}

/*
 * LDMXCSR m32 (0F AE /2): a valid MXCSR is stored there first (SDM 1:
 * 10.2.3: bits 31:16 reserved, #GP): every exception masked (an unmasked
 * one would raise #XM at a later SSE unit), random rounding control, FZ
 * and flags but DE (QEMU 7.2 never sets it; README.md). Built in a free
 * register: 0x3f << 7, ORed with (FZ:RC) << 13 from another and the flags.
 */
static bool is_ldmxcsr(uint32_t w)
{
	return MAP(w) == MAP_0F && OP(w) == 0xae && (REG(w) & 7) == 2;
}

static void ldmxcsr_setup(struct gblock *b, struct rng *r, uint32_t w, uint32_t avoid)
{
	unsigned t = pick_free(r, avoid), u = pick_free(r, avoid | 1u << t);

	set_small(b, t, 0x3f);
	push(b, compact(0xc1, 3, 4, t, 0, MAP_1B, 1, 7), -1);                 /* SHL t, 7 */
	set_small(b, u, (int)rng_below(r, 8));
	push(b, compact(0xc1, 3, 4, u, 0, MAP_1B, 1, 13), -1);                /* SHL u, 13 */
	push(b, compact(0x09, 3, u, t, 0, MAP_1B, 0, 0), -1);                 /* OR t, u */
	push(b, compact(0x83, 3, 1, t, 0, MAP_1B, 1, rng_below(r, 64) & ~2u), -1);   /* OR t, flags */
	push(b, (w & ~(0xffu << 24 | 15u << 18 | 1u << 13 | 7u << 10)) | 0x89u << 24 | t << 18 |
			MAP_1B << 10, -1);                                          /* MOV m32, t */
}

/*
 * A memory unit: the access of template t placed in the scratch buffer
 * (SDM 2:2.1.5 forms): [base], [base + disp8], [base + disp32], [base +
 * index * scale], the base R15 itself or a register set from it by LEA.
 */
static void mem_unit(struct gblock *b, struct rng *r, unsigned t)
{
	for (;;) {
		uint32_t w = (rand_encoding(r, t) & ~0x300u) | o16_bit(t), first = b->ninsns;
		bool aligned;
		unsigned size = access_size(w, &aligned), align = aligned ? 16 : rng_chance(r, 4) ? 1 : size ? size : 1;
		int margin = is_bt_reg(w) ? 16 : 0;
		int lo = -SCRATCH_BIAS + margin, hi = SCRATCH_SIZE - SCRATCH_BIAS - (int)size - margin;
		uint32_t keep = is_bt_reg(w) ? 1u << REG(w) : 0;   /* the bit offset's register */
		/*
		 * A 16-bit SHLD/SHRD m keeps its count at 16 or below (SDM 2:
		 * SHLD: a larger one leaves result and flags undefined): the
		 * immediate (bits 7-0, also the address's byte) by retrying,
		 * CL by the set-up below.
		 */
		bool shd16 = MAP(w) == MAP_0F && (OP(w) & 0xf6) == 0xa4 && (w >> 9 & 1), shd16_cl = shd16 && (OP(w) & 1);
		/* Registers the address may not use: that one, DIV's dividend, the count in CL. */
		uint32_t avoid = keep | (is_div_mem(w) ? 1u << RAX | 1u << RDX : 0) | (shd16_cl ? 1u << RCX : 0), used;
		int at = lo + (int)align * (int)rng_range(r, 0, (hi - lo) / (int)align);
		unsigned base = rng_chance(r, 4) ? BASE_REG_X86 : pick_free(r, avoid);
		/* LOCK (bit 8) leaves out form 3, whose REX.X bit 8 is. */
		unsigned form = rng_below(r, o16_bit(t) & 0x100 ? 4 : 5), mod, rm = base, low = 0;
		if (o16_bit(t) & 0x100 && form == 3)
			form = 4;
		used = 1u << base;
		int delta;

		if (form >= 3) {
			/*
			 * SIB: base, index; without displacement (form 3) not
			 * RBP/R13 (that is disp32 without base); with one (form 4:
			 * the SIB byte again, x86_expand) base and index RAX-RDI.
			 */
			unsigned idx = pick_free(r, 1u << base | avoid | (form == 4 ? 0xff00u : 0));
			used |= 1u << idx;
			unsigned scale = rng_below(r, 4);
			int v = (int)rng_range(r, -128, 127);
			low = scale << 6 | (idx & 7) << 3 | (base & 7) | (idx >> 3) << 8;
			int disp = form == 4 ? (int8_t)(low & 0xff) : 0;
			delta = at - v * (1 << scale) - disp;
			if ((form == 3 ? (base & 7) == RBP : base >= 8) || delta < -128 || delta > 127 ||
			    (base == BASE_REG_X86 && delta)) {
				b->ninsns = first;
				continue;
			}
			set_small(b, idx, v);
			mod = form == 4 ? 1 + rng_below(r, 2) : 0;
			rm = form == 4 ? RSP : RSP | (base & 8);
		} else {
			/* [base] needs mod 0, which with rm 4 or 5 means SIB or RIP: disp8 0 there. */
			bool plain = form == 0 && (base & 7) != RSP && (base & 7) != RBP;
			int disp = plain ? 0 : (int)rng_range(r, -128, 127);
			delta = at - disp;
			if (delta < -128 || delta > 127 || (base == BASE_REG_X86 && delta)) {
				b->ninsns = first;
				continue;
			}
			mod = plain ? 0 : form == 2 ? 2 : 1;
			low = plain ? rng_below(r, 256) : (unsigned)disp & 0xff;   /* [base]: the immediate */
		}
		if (shd16 && !shd16_cl && (low & 31) > 16) {
			b->ninsns = first;
			continue;
		}
		if (shd16_cl)
			set_small(b, RCX, (int)rng_below(r, 17));
		if (base != BASE_REG_X86)
			set_base(b, base, delta);
		if (keep)
			set_small(b, REG(w), (int)rng_range(r, -128, 127));
		w = (w & ~(0x3ffu | 3u << 22 | 15u << 14)) | mod << 22 | rm << 14 | low | o16_bit(t);
		if (is_div_mem(w))
			div_mem_setup(b, r, w, used);
		/* POP m takes what a PUSH r put there, PUSH m's value goes to a POP r: RSP balanced. */
		if (OP(w) == 0x8f && MAP(w) == MAP_1B)
			push(b, compact(0x50, 0, 0, pick_free(r, 0), 0, MAP_1B_R, 0, 0), -1);
		if (is_ldmxcsr(w))
			ldmxcsr_setup(b, r, w, used);
		push(b, w, (int)t);
		if (is_ldmxcsr(w))   /* STMXCSR to the same place: what was loaded, DE clear */
			push(b, (w & ~(15u << 18)) | 3u << 18, (int)t);
		if (OP(w) == 0xff && MAP(w) == MAP_1B && (REG(w) & 7) == 6)
			push(b, compact(0x58, 0, 0, pick_free(r, 1u << BASE_REG_X86), 0, MAP_1B_R, 0, 0), -1);
		if (templates[t].undef)
			push(b, mask_word(templates[t].undef), -1);
		return;
	}
}

/* A load from the block's pool, RIP-relative (isa->pool_fix fills in the slot distance). */
static void rip_unit(struct gblock *b, struct rng *r, unsigned t)
{
	uint32_t w = rand_encoding(r, t) & ~(0x3ffu | 3u << 22 | 15u << 14);

	push_pool(b, w | RBP << 14, (int)t, (int)rng_below(r, POOL_ENTRIES), 0, false);
	if (templates[t].undef)
		push(b, mask_word(templates[t].undef), -1);
}

/*
 * A string instruction (SDM 2 MOVS, STOS, LODS, CMPS, SCAS; 2:4.3 REP):
 * RSI and RDI into the buffer, RCX a small count. DF is clear (the
 * state's RFLAGS never sets it) unless the word's ModRM.mod bit 1 asks for
 * a backward unit: STD before, CLD after, RSI and RDI then at the top of
 * what they walk down over. XLAT (SDM 2: XLAT): RBX 1-128 bytes below the
 * scratch base, so that RBX + AL stays in the buffer.
 */
static void str_unit(struct gblock *b, struct rng *r, unsigned t)
{
	uint32_t w = rand_encoding(r, t);
	unsigned elem = !(OP(w) & 1) ? 1 : ISZ(w) == 3 ? 2 : WBIT(w) ? 8 : 4;
	unsigned count = MAP(w) == MAP_REP ? rng_below(r, 9) : 1;
	int span = (int)(elem * count);
	bool backward = MOD(w) & 2;

	if (OP(w) == 0xd7) {
		set_base(b, RBX, (int)rng_range(r, -128, -1));
		push(b, w, (int)t);
		return;
	}
	for (unsigned i = 0; i < 2; i++)
		set_base(b, i ? RDI : RSI, backward ? (int)rng_range(r, -128 + span, 127 - (int)elem)
						     : (int)rng_range(r, -128, 127 - span));
	set_small(b, RCX, (int)count);
	if (backward)
		push(b, compact(0xfd, 0, 0, 0, 0, MAP_1B_R, 0, 0), -1);   /* STD */
	push(b, w, (int)t);
	if (backward)
		push(b, compact(0xfc, 0, 0, 0, 0, MAP_1B_R, 0, 0), -1);   /* CLD */
}

/*
 * CMPXCHG8B/16B m (SDM 2: CMPXCHG8B/CMPXCHG16B, 0F C7 /1): [base + disp8],
 * the base R15 or a register other than the four the instruction uses
 * (RDX:RAX compared, RCX:RBX stored); half the time RDX:RAX is first
 * stored there so that the exchange happens. 16B's operand is 16-aligned.
 */
static bool is_cmpxchg_wide(uint32_t w)
{
	return MAP(w) == MAP_0F && OP(w) == 0xc7;
}

static void cx_unit(struct gblock *b, struct rng *r, unsigned t)
{
	uint32_t w = rand_encoding(r, t);
	unsigned half = WBIT(w) ? 8 : 4, align = WBIT(w) ? 16 : rng_chance(r, 4) ? 1 : 8;
	unsigned base = rng_chance(r, 4) ? BASE_REG_X86 :
			pick_free(r, 1u << RAX | 1u << RCX | 1u << RDX | 1u << RBX);
	int at, disp, delta;

	do {
		at = -128 + (int)align * (int)rng_below(r, 256 / align - 1);
		disp = base == BASE_REG_X86 ? at : (int)rng_range(r, -128, 127 - (int)half);
		delta = at - disp;
	} while (disp + (int)half > 127 || delta < -128 || delta > 127);
	if (base != BASE_REG_X86)
		set_base(b, base, delta);
	if (rng_chance(r, 2)) {
		push(b, compact(0x89, 1, RAX, base, WBIT(w), MAP_1B, 0, (unsigned)disp & 0xff), -1);
		push(b, compact(0x89, 1, RDX, base, WBIT(w), MAP_1B, 0, (unsigned)(disp + (int)half) & 0xff), -1);
	}
	push(b, (w & ~(0x3ffu | 3u << 22 | 15u << 14)) | 1u << 22 | base << 14 | ((unsigned)disp & 0xff), (int)t);
}

/*
 * PUSH r (50+r) and PUSH imm (6A, 68), 64 or 16 bits (66): the unit pops
 * the value into a register at once (58+r, of the same size), so the
 * harness's stack is as it was at the checkpoint and what was pushed is
 * compared.
 */
static bool is_push(uint32_t w)
{
	return MAP(w) == MAP_1B_R && ((OP(w) & 0xf8) == 0x50 || (OP(w) & 0xfd) == 0x68);
}

/*
 * Set-up of the register forms added with SHLD/SHRD and the byte groups:
 * a 16-bit SHLD/SHRD by CL gets a count of 0-16 (SDM 2: SHLD, a count
 * above the operand size leaves result and flags undefined).
 */
static void int_setup(struct gblock *b, struct rng *r, uint32_t w)
{
	if (MAP(w) == MAP_0F && (OP(w) == 0xa5 || OP(w) == 0xad) && ISZ(w) == 3)
		set_small(b, RCX, (int)rng_below(r, 17));
}

/*
 * Register-only units that need set-up or have undefined flags: DIV and
 * IDIV (SDM 2: #DE if the divisor is 0 or the quotient too large) get RDX
 * cleared (DIV) or RAX made non-negative and sign-extended into RDX
 * (IDIV), and a nonzero divisor; BSF and BSR a nonzero source (a random
 * bit set by BTS) or, one time in six, zero. The undefined flags are cleared after the instruction.
 */
static void reg_unit(struct gblock *b, struct rng *r, unsigned t)
{
	uint32_t w = rand_encoding(r, t);
	unsigned op = OP(w), map = MAP(w), wbit = WBIT(w);

	if (rng_chance(r, 2))
		refresh_operands(b, r, t, w);
	if (map == MAP_1B && (op & 0xfe) == 0xf6 && (REG(w) & 6) == 6) {
		dividend_setup(b, op, REG(w), wbit, ISZ(w) == 3);
		push(b, compact(0x83, 3, 1, RM(w), 1, MAP_1B, 1, 1), -1);       /* OR r64, 1 */
	} else if (map == MAP_0F && (op == 0xbc || op == 0xbd)) {
		if (rng_chance(r, 6))       /* a zero source (README.md: the destination's rule) */
			push(b, compact(0x31, 3, RM(w), RM(w), 0, MAP_1B, 0, 0), -1);   /* XOR r32, r32 */
		else
			push(b, compact(0xba, 3, 5, RM(w), 1, MAP_0F, 1, rng_below(r, wbit ? 64 : 32)), -1);  /* BTS */
	} else {
		int_setup(b, r, w);
	}
	push(b, w, (int)t);
	if (templates[t].undef)
		push(b, mask_word(templates[t].undef), -1);
	if (is_push(w))
		push(b, compact(0x58, 0, 0, pick_free(r, 1u << BASE_REG_X86), 0, MAP_1B_R, ISZ(w) == 3 ? 3 : 0, 0), -1);
}

static void x86_special_unit(struct gblock *b, struct rng *r, unsigned t)
{
	switch (templates[t].kind) {
	case K_X86_MEM:
		if (is_cmpxchg_wide(tinfo[t].match))
			cx_unit(b, r, t);
		else
			mem_unit(b, r, t);
		break;
	case K_X86_RIP: rip_unit(b, r, t); break;
	case K_X86_STR: str_unit(b, r, t); break;
	case K_X87: x87_unit(b, r, t); break;
	default: reg_unit(b, r, t); break;
	}
}

/* Pool loads: MOV r64, [RIP + entry]; MOVDQU xmm, [RIP + entry]. */
static void x86_pool_load(struct gblock *b, unsigned reg, bool vec, int entry, uint32_t avoid)
{
	(void)avoid;
	uint32_t w = vec ? compact(0x6f, 0, reg, RBP, 0, MAP_F3_0F, 0, 0) :
			   compact(0x8b, 0, reg, RBP, 1, MAP_1B, 0, 0);
	push_pool(b, w, -1, entry, reg, vec);
}

static uint32_t x86_pool_fix(uint32_t w, int32_t slots)
{
	if (slots <= 0 || slots > 0x3ff) {
		fprintf(stderr, "difftest: x86 pool %d slots away (at most 1023: fewer --units)\n", slots);
		exit(2);
	}
	return w | (uint32_t)slots;
}

/* SSE: the F2 (scalar double) and 66 (packed double) maps work on doubles. */
static unsigned x86_fp_double(uint32_t w)
{
	return MAP(w) == MAP_F2_0F || MAP(w) == MAP_66_0F;
}

/*
 * QEMU 7.2 deviation (README.md): when both operands of an SSE
 * floating-point operation are NaNs, it returns the one with the larger
 * significand (the x87 rule), where SSE returns the first source operand
 * (SDM 1:4.8.3.5, Table 4-7). A difference after a unit with an
 * arithmetic instruction (0F 51-5F in the four SSE maps; the tested one
 * or a filler) only in lanes that are NaNs in both results is that
 * deviation.
 */
static bool is_nan(uint64_t v, unsigned bits_)
{
	return bits_ == 32 ? (v & 0x7f800000) == 0x7f800000 && (v & 0x7fffff) :
			    (v & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (v & 0xfffffffffffffull);
}

/* Do the states agree but for the x87 words? */
static bool x87_only(const struct state *q, const struct state *h)
{
	return !memcmp(q->w, h->w, ST_X86_X87) && !memcmp(q->v, h->v, sizeof(q->v)) &&
	       !memcmp(q->m, h->m, sizeof(q->m));
}

/* Does the x87 instruction define C0, C2 and C3 (the compares, FTST, FXAM)? */
static bool x87_sets_cc(uint32_t w)
{
	unsigned op = OP(w), ext = REG(w) & 7, rm = RM(w) & 7;

	if (MOD(w) != 3)
		return (op == 0xd8 || op == 0xdc || op == 0xda || op == 0xde) && (ext == 2 || ext == 3);
	return (op == 0xd8 && (ext == 2 || ext == 3)) || (op == 0xdd && (ext == 4 || ext == 5)) ||
	       (op == 0xde && ext == 3) || (op == 0xda && ext == 5) ||
	       (op == 0xd9 && ext == 4 && (rm == 4 || rm == 5));
}

/*
 * QEMU 7.2 deviations in x87 units (README.md): it rounds an m32fp,
 * m64fp or m32int operand (FLD, FILD, the arithmetic and compares of D8,
 * DC, DA) to the precision control before using it, where the precision
 * control rounds only the results of the arithmetic (SDM 1:8.1.5.2): with
 * PC 24 or 53 bits, a difference after such a unit only in the x87 words
 * is that; so is one after FRNDINT, whose result it rounds to the
 * precision control too. And C0, C2, C3 are undefined after the instructions that are
 * not compares (SDM 2 per instruction; QEMU 7.2 sets C2 after FSQRT of a
 * negative operand and after FXTRACT, hvsim keeps them): a difference in
 * those bits alone.
 */
static const char *x87_known_deviation(uint32_t w, const struct state *q, const struct state *h)
{
	unsigned op = OP(w), ext = REG(w) & 7, fsw_word = ST_X86_X87 / 8;
	bool pc_m = MOD(w) != 3 && (op == 0xd8 || op == 0xdc || op == 0xda ||
				    ((op == 0xd9 || op == 0xdd || op == 0xdb) && ext == 0));
	bool frndint = MOD(w) == 3 && op == 0xd9 && ext == 7 && (RM(w) & 7) == 4;

	if (!x87_only(q, h))
		return NULL;
	if (pc_m && (q->w[fsw_word] >> 8 & 3) != 3)
		return "QEMU 7.2 rounds an m32fp/m64fp/m32int operand to the x87 precision control";
	if (frndint && (q->w[fsw_word] >> 8 & 3) != 3)
		return "QEMU 7.2 rounds FRNDINT's result to the x87 precision control";
	uint64_t undef_cc = (uint64_t)0x4500 << 32;   /* C3, C2, C0 of FSW (bytes 4-5) */
	if (!x87_sets_cc(w) && !((q->w[fsw_word] ^ h->w[fsw_word]) & ~undef_cc) &&
	    !memcmp(q->w + fsw_word + 1, h->w + fsw_word + 1, 8 * (ST_NWORDS - fsw_word - 1)))
		return "C0, C2 and C3 are undefined after this x87 instruction (QEMU 7.2 sets C2)";
	return NULL;
}

static const char *x86_known_deviation(uint32_t w, const struct state *q, const struct state *h)
{
	unsigned lane = MAP(w) == MAP_66_0F || MAP(w) == MAP_F2_0F ? 64 : 32;

	if (MAP(w) == MAP_1B && OP(w) >= 0xd8 && OP(w) <= 0xdf)
		return x87_known_deviation(w, q, h);
	if (MAP(w) < MAP_0F || MAP(w) > MAP_F2_0F || OP(w) < 0x51 || OP(w) > 0x5f)
		return NULL;
	if (memcmp(q->w, h->w, sizeof(q->w)) || memcmp(q->m, h->m, sizeof(q->m)))
		return NULL;
	for (unsigned r = 0; r < 16; r++)
		for (unsigned half = 0; half < 2; half++)
			for (unsigned at = 0; at < 64; at += lane) {
				uint64_t m = lane == 64 ? ~0ull : 0xffffffffull;
				uint64_t a = q->v[r][half] >> at & m, b = h->v[r][half] >> at & m;
				if (a != b && !(is_nan(a, lane) && is_nan(b, lane)))
					return NULL;
			}
	return "QEMU 7.2 propagates the NaN with the larger significand (x87 rule), SSE the first source";
}

/* ------------------------------------------------------------ running */

static csh cs;

static void x86_disasm_init(void)
{
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) {
		fprintf(stderr, "difftest: capstone: cs_open failed\n");
		exit(2);
	}
}

static const char *x86_disasm(uint32_t w, char *buf, size_t len)
{
	uint8_t bytes[16];
	unsigned n = x86_expand(w, bytes);
	cs_insn *insn;
	size_t count = cs_disasm(cs, bytes, n, 0x1000, 0, &insn), used = 0, at = 0;

	buf[0] = 0;
	for (size_t i = 0; i < count && at < len; i++) {
		at += (size_t)snprintf(buf + at, len - at, "%s%s %s", i ? "; " : "", insn[i].mnemonic,
				       insn[i].op_str);
		used += insn[i].size;
	}
	if (count)
		cs_free(insn, count);
	if (used != n)
		snprintf(buf, len, "(capstone: invalid)");
	return buf;
}

/*
 * QEMU: q35 (as firmware/x86's tests), qemu64 with what hvsim's CPUID
 * offers beyond it that the templates use: POPCNT and LZCNT (ABM).
 */
static const char *const x86_qemu_args[] = {
	"-M", "q35", "-cpu", "qemu64,+popcnt,+abm", "-m", "512M", NULL,
};

static const char *const *x86_qemu(bool max_cpu)
{
	(void)max_cpu;
	return x86_qemu_args;
}

static const char *const x86_wnames[ST_NWORDS] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
	"r13", "r14", "r15", "rflags", "mxcsr", "fcw:fsw", "ftw", "x87+16", "x87+24", "x87+32",
	"x87+40", "x87+48", "x87+56", "x87+64", "x87+72", "x87+80", "x87+88", "x87+96", "x87+104",
	"pad", "pad", "pad", "pad",
};

static const char *const x86_cc_args[] = { "--target=x86_64-unknown-elf", NULL };

const struct diff_isa isa_x86 = {
	.name = "x86",
	.table = x86_templates,
	.ntable = sizeof(x86_templates) / sizeof(x86_templates[0]),
	.default_weight = { [G_INT] = 35, [G_BRANCH] = 5, [G_MEM] = 25, [G_FP] = 15, [G_SIMD] = 20 },
	.base_reg = BASE_REG_X86, .zero_reg = RSP, .reg_lo = 0,
	.nregs = 16, .ngprs = 16, .nvregs = 16, .reserved = 1u << RSP, .insn_size = 16,
	.emit_insn = x86_emit,
	.wnames = x86_wnames,
	.rand_state = x86_rand_state,
	.memory_unit = x86_special_unit,
	.pool_load = x86_pool_load,
	.pool_fix = x86_pool_fix,
	.fp_double = x86_fp_double,
	.word_directive = ".long",
	.checkpoint_fmt = "ud2; .short %#x; .fill 12, 1, 0x90",
	.mode_priv = X86_MODE_CPL0, .mode_user = X86_MODE_CPL3,
	.cc_args = x86_cc_args,
	.default_qemu = "qemu-system-x86_64", .default_lld = "ld.lld-16",
	.hvsim_board = "x86-virt",
	.qemu_args = x86_qemu,
	.known_deviation = x86_known_deviation,
	.disasm = x86_disasm,
	.disasm_init = x86_disasm_init,
};
