/*
 * The differential test's AArch64 side (tests/diff/README.md): the
 * templates (templates_arm64_*.inc), the set-up instructions, the memory
 * units, the state's own words, and how a program is built and run
 * (clang-16, QEMU's virt with Cortex-A57 or max, hvsim's arm64-virt).
 *
 * Every template is an Armv8.0 encoding Cortex-A57 implements (with CRC32;
 * the LSE atomics only in the separate -cpu max run), minus the system
 * instructions and the Cryptographic Extension. Encoding facts are from
 * the Arm ARM DDI 0487, C4.1 "A64 instruction set encoding" and the
 * instruction pages it cites.
 */
#include <stdlib.h>

#include <capstone/capstone.h>

#include "tests/diff/difftest.h"

/* DecodeBitMasks() (shared pseudocode, used by C6.2 AND (immediate)): a valid mask. */
static bool valid_bitmask(uint32_t insn)
{
	unsigned sf = bits(insn, 31, 1), n = bits(insn, 22, 1), imms = bits(insn, 10, 6);
	unsigned v = (n << 6) | (~imms & 0x3f);
	int len = 31 - __builtin_clz(v | 1);

	if (!sf && n)
		return false;
	if (v == 0 || len < 1)
		return false;
	unsigned levels = (1u << len) - 1;
	return (imms & levels) != levels;
}

/* C6.2 BFM and friends: N = sf, and the 32-bit form has immr, imms < 32. */
static bool valid_bitfield(uint32_t insn)
{
	unsigned sf = bits(insn, 31, 1), n = bits(insn, 22, 1);

	if (sf != n)
		return false;
	return sf || (bits(insn, 21, 1) == 0 && bits(insn, 15, 1) == 0);
}

/* C6.2 EXTR: N = sf, and the 32-bit form has imms < 32. */
static bool valid_extr(uint32_t insn)
{
	unsigned sf = bits(insn, 31, 1), n = bits(insn, 22, 1);

	return sf == n && (sf || bits(insn, 15, 1) == 0);
}

/* C7.2 FCVT: ftype and opc name half (11), single (00) or double (01), and differ. */
static bool valid_fcvt(uint32_t insn)
{
	unsigned type = bits(insn, 22, 2), opc = bits(insn, 15, 2);

	return type != 2 && opc != 2 && type != opc;
}

/* The element size of a copy instruction's imm5: 0 B, 1 H, 2 S, 3 D, 4 none. */
static unsigned imm5_size(uint32_t insn)
{
	unsigned imm5 = bits(insn, 16, 5);

	return imm5 & 0xf ? (unsigned)__builtin_ctz(imm5) : 4;
}

static bool valid_imm5(uint32_t insn)
{
	return imm5_size(insn) < 4;
}

/* DUP: 64-bit elements only into a 128-bit vector. */
static bool valid_dup(uint32_t insn)
{
	unsigned size = imm5_size(insn);

	return size < 3 || (size == 3 && bits(insn, 30, 1));
}

/* SMOV: B and H into W or X, S into X only. */
static bool valid_smov(uint32_t insn)
{
	unsigned size = imm5_size(insn);

	return size < 2 || (size == 2 && bits(insn, 30, 1));
}

/* UMOV: B, H, S into W (Q = 0), D into X (Q = 1). */
static bool valid_umov(uint32_t insn)
{
	unsigned size = imm5_size(insn);

	return bits(insn, 30, 1) ? size == 3 : size < 3;
}

/* CASP: even register pairs, not X30:XZR. */
static bool valid_casp(uint32_t insn)
{
	unsigned s = bits(insn, 16, 5), t = bits(insn, 0, 5);

	return !(s & 1) && !(t & 1) && s != 30 && t != 30;
}

static const struct tmpl arm64_templates[] = {
#include "tests/diff/templates_arm64_int.inc"
#include "tests/diff/templates_arm64_mem.inc"
#include "tests/diff/templates_arm64_fp.inc"
#include "tests/diff/templates_arm64_simd.inc"
#include "tests/diff/templates_arm64_lse.inc"
};

/* SP, NZCV, FPCR and FPSR of a random initial state. */
static void arm64_rand_state(uint8_t *s, struct rng *r, const struct gen_opts *o)
{
	static const uint64_t fpsr_flags[] = { 1, 2, 4, 8, 16, 128, 1u << 27 };

	(void)o;
	put64(s + ST_SP, rand_int(r));
	put64(s + ST_NZCV, (uint64_t)rng_below(r, 16) << 28);
	/* FPCR: AHP (26), DN (25), FZ (24), RMode (23:22); no trap enables, no FZ16. */
	uint64_t fpcr = (uint64_t)rng_below(r, 4) << 22;
	if (rng_chance(r, 3))
		fpcr |= 1u << 24;
	if (rng_chance(r, 3))
		fpcr |= 1u << 25;
	if (rng_chance(r, 4))
		fpcr |= 1u << 26;
	if (rng_chance(r, 3))
		fpcr &= ~(3u << 22);     /* round to nearest more often */
	put64(s + ST_FPCR, fpcr);
	uint64_t fpsr = 0;
	if (rng_chance(r, 4))
		for (unsigned i = 0; i < sizeof(fpsr_flags) / sizeof(fpsr_flags[0]); i++)
			fpsr |= rng_below(r, 2) ? fpsr_flags[i] : 0;
	put64(s + ST_FPSR, fpsr);
}

/* The set-up instructions, C6.2 ADD/SUB (immediate), MOVZ/MOVN/MOVK, ADR. */
static uint32_t enc_addsub_imm(unsigned rd, unsigned rn, int64_t imm)
{
	return (imm < 0 ? 0xd1000000u : 0x91000000u) | (uint32_t)(imm < 0 ? -imm : imm) << 10 |
	       rn << 5 | rd;
}

static uint32_t enc_movw(uint32_t opc_base, unsigned rd, unsigned hw, uint32_t imm16)
{
	return opc_base | hw << 21 | (imm16 & 0xffff) << 5 | rd;
}
#define MOVN_X 0x92800000u
#define MOVZ_X 0xd2800000u
#define MOVK_X 0xf2800000u
/* MSR FPSR, XZR and MSR FPCR, Xt (C6.2 MSR (register): op0 3 op1 3 CRn 4 CRm 4, op2 1 or 0). */
#define MSR_FPSR_XZR 0xd51b443fu
#define MSR_FPCR 0xd51b4400u

static uint32_t arm64_adr(unsigned rd, int32_t imm)
{
	return 0x10000000u | ((uint32_t)imm & 3) << 29 | (((uint32_t)imm >> 2) & 0x7ffff) << 5 | rd;
}


/* The bytes a memory template's encoding accesses, and its immediate scale (log2). */
struct access { unsigned bytes, scale, align; };

static struct access access_of(unsigned t, uint32_t enc)
{
	unsigned size = bits(enc, 30, 2), v = bits(enc, 26, 1), opc = bits(enc, 22, 2);
	struct access a = { 0, 0, 1 };

	switch (templates[t].kind) {
	case K_LDST_UIMM: case K_LDST_SIMM9: case K_LDST_PRE: case K_LDST_POST: case K_LDST_REG:
		a.scale = v && size == 0 && opc >= 2 ? 4 : size;
		a.bytes = 1u << a.scale;
		break;
	case K_PAIR_OFF: case K_PAIR_PRE: case K_PAIR_POST:
		a.scale = v ? 2 + size : size == 2 ? 3 : 2;
		a.bytes = 2u << a.scale;
		break;
	case K_EXCL:
		a.bytes = a.align = 1u << size;
		break;
	case K_EXCL_PAIR:
		a.bytes = a.align = 2u << size;
		break;
	case K_ALIGNED:
		/* CASP (bits 29:24 001000, o2 = 0, o1 = 1): a pair of 4 or 8 bytes. */
		if (bits(enc, 24, 6) == 0x08 && !bits(enc, 23, 1) && bits(enc, 21, 1))
			a.bytes = 8u << bits(enc, 30, 1);
		else
			a.bytes = 1u << size;
		a.align = a.bytes;
		break;
	case K_VMULT: case K_VMULT_POST: {
		static const uint8_t nregs[16] = { 4, 0, 4, 0, 3, 0, 3, 1, 2, 0, 2 };
		a.bytes = nregs[bits(enc, 12, 4)] * (bits(enc, 30, 1) ? 16u : 8u);
		break;
	}
	case K_VSINGLE: case K_VSINGLE_POST: {
		unsigned opcode = bits(enc, 13, 3), selem = ((opcode & 1) << 1 | bits(enc, 21, 1)) + 1;
		unsigned scale = opcode >> 1;
		if (scale == 3)
			scale = bits(enc, 10, 2);
		else if (scale == 2 && bits(enc, 10, 1))
			scale = 3;
		a.bytes = selem << scale;
		break;
	}
	default:
		break;
	}
	return a;
}

/* The offset from the base register at which the access starts. */
static int64_t offset_of(unsigned t, uint32_t enc, struct access a)
{
	const struct tmpl_info *ti = &tinfo[t];

	switch (templates[t].kind) {
	case K_LDST_UIMM:
		return (int64_t)bits(enc, ti->off_lo, ti->off_len) << a.scale;
	case K_LDST_SIMM9: case K_LDST_PRE:
		return sbits(enc, ti->off_lo, ti->off_len);
	case K_PAIR_OFF: case K_PAIR_PRE:
		return sbits(enc, ti->off_lo, ti->off_len) * (int64_t)(a.bytes / 2);
	default:
		return 0;     /* post-index and base-only forms access at the base */
	}
}

/*
 * For the register-offset forms: choose the index value, emit its set-up,
 * and return the offset it contributes (C6.2 LDR (register): the index
 * is extended by option and shifted by S * scale).
 */
static int64_t index_setup(struct gblock *b, struct rng *r, unsigned t, uint32_t enc,
			   struct access a)
{
	unsigned m = (unsigned)field_get(t, enc, 'm'), option = bits(enc, 13, 3);
	unsigned amount = bits(enc, 12, 1) ? a.scale : 0;
	bool word = !(option & 1), is_signed = option & 4;

	if (m == 31)
		return 0;
	int64_t range = 200 >> amount;
	int64_t e = rng_range(r, word && !is_signed ? 0 : -range, range);
	if (e >= 0)
		push(b, enc_movw(MOVZ_X, m, 0, (uint32_t)e), -1);
	else
		push(b, enc_movw(MOVN_X, m, 0, (uint32_t)~e), -1);
	/* A 32-bit index ignores the upper half: fill it with junk. */
	if (word && rng_chance(r, 2)) {
		push(b, enc_movw(MOVK_X, m, 2, (uint32_t)rng_next(r)), -1);
		push(b, enc_movw(MOVK_X, m, 3, (uint32_t)rng_next(r)), -1);
	}
	return e * (1ll << amount);
}

static bool may_use_sp_base(unsigned kind)
{
	return kind <= K_PAIR_POST && kind != K_LDST_REG;
}

static void arm64_memory_unit(struct gblock *b, struct rng *r, unsigned t)
{
	const struct tmpl_info *ti = &tinfo[t];
	unsigned kind = templates[t].kind;

	for (;;) {
		uint32_t enc = rand_encoding(r, t);
		if (kind == K_LDST_UIMM) {    /* keep imm12 * size within ADD's reach */
			uint32_t imm = rng_below(r, (3800u >> access_of(t, enc).scale) + 1);
			enc = (enc & ~(((1u << ti->off_len) - 1) << ti->off_lo)) | imm << ti->off_lo;
		}
		struct access a = access_of(t, enc);
		unsigned n = (unsigned)field_get(t, enc, 'n');
		if (may_use_sp_base(kind) && rng_chance(r, 12)) {
			n = 31;        /* SP as the base, 16-aligned (SCTLR_EL1.SA) */
			enc = field_set(t, enc, 'n', n);
			if (!distinct_ok(t, enc))
				continue;
		}
		uint32_t first = b->ninsns;
		int64_t off = offset_of(t, enc, a);
		if (kind == K_LDST_REG)
			off = index_setup(b, r, t, enc, a);
		/* The access [x28 + at, x28 + at + bytes) inside the buffer, aligned. */
		int64_t lo = -SCRATCH_BIAS, hi = SCRATCH_SIZE - SCRATCH_BIAS - (int64_t)a.bytes;
		int64_t at;
		if (n == BASE_REG_ARM64)
			at = off;
		else if (n == 31)
			at = off + 16 * rng_range(r, (lo - off + 15) / 16, (hi - off) / 16);
		else
			at = lo + a.align * rng_range(r, 0, (hi - lo) / a.align);
		int64_t delta = at - off;
		bool ok = at >= lo && at <= hi && at % a.align == 0 && delta >= -4095 && delta <= 4095 &&
			  (n != 31 || delta % 16 == 0);
		if (!ok) {
			b->ninsns = first;
			continue;
		}
		if (n != BASE_REG_ARM64)
			push(b, enc_addsub_imm(n, BASE_REG_ARM64, delta), -1);
		if (kind == K_EXCL || kind == K_EXCL_PAIR) {
			/* The store-exclusive of the same size to the same address. */
			unsigned s, st = rng_below(r, 32), st2 = rng_below(r, 32);
			do
				s = pick_reg(r, 'X');
			while (s == n || s == st || (kind == K_EXCL_PAIR && s == st2));
			uint32_t stx = (enc & 0xc0000000u) | 0x08000000u | s << 16 |
				       (uint32_t)rng_below(r, 2) << 15 | n << 5 | st;
			if (kind == K_EXCL_PAIR)
				stx |= 1u << 21 | st2 << 10;
			else
				stx |= 0x1fu << 10;
			push(b, enc, (int)t);
			push(b, stx, (int)t);
		} else {
			push(b, enc, (int)t);
		}
		return;
	}
}


/* Before FP and SIMD units. */
static void arm64_fp_setup(struct gblock *b, struct rng *r)
{
	/* The cumulative FPSR flags would hide later differences: clear them now and then. */
	if (rng_chance(r, 3))
		push(b, MSR_FPSR_XZR, -1);
	/* A new FPCR (AHP, DN, FZ, RMode, bits 26:22) must apply from the next instruction. */
	if (rng_chance(r, 25)) {
		unsigned x = pick_reg(r, 'w');
		push(b, enc_movw(MOVZ_X, x, 1, rng_below(r, 32) << 6), -1);
		push(b, MSR_FPCR | x, -1);
	}
}

/* Pool loads: C6.2 LDR (literal), C7.2 LDR (literal, SIMD&FP), imm19 words from the PC. */
#define LDR_LIT_X 0x58000000u
#define LDR_LIT_Q 0x9c000000u

static void arm64_pool_load(struct gblock *b, unsigned reg, bool vec, int entry, uint32_t avoid)
{
	(void)avoid;     /* LDR (literal) needs no other register */
	push_pool(b, (vec ? LDR_LIT_Q : LDR_LIT_X) | reg, -1, entry, reg, vec);
}

static uint32_t arm64_pool_fix(uint32_t enc, int32_t words)
{
	return enc | ((uint32_t)words & 0x7ffff) << 5;
}

/* Bit 22 is ftype<0> or sz in the floating-point encodings: 1 for double. */
static unsigned arm64_fp_double(uint32_t enc)
{
	return (enc >> 22) & 1;
}

/* Structure loads and table lookups name up to 4 consecutive registers. */
static unsigned arm64_vregs_named(unsigned t, char letter)
{
	if (templates[t].kind >= K_VMULT && templates[t].kind <= K_VSINGLE_POST)
		return 4;
	return strstr(templates[t].name, "tbl") && letter == 'n' ? 4 : 1;
}

static csh cs;

static void arm64_disasm_init(void)
{
	if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs) != CS_ERR_OK) {
		fprintf(stderr, "difftest: capstone: cs_open failed\n");
		exit(2);
	}
}

static const char *arm64_disasm(uint32_t enc, char *buf, size_t len)
{
	cs_insn *insn;
	uint8_t b[4] = { enc, enc >> 8, enc >> 16, enc >> 24 };

	if (cs_disasm(cs, b, 4, 0, 1, &insn) == 1) {
		snprintf(buf, len, "%.31s %.159s", insn->mnemonic, insn->op_str);
		cs_free(insn, 1);
	} else {
		snprintf(buf, len, "(capstone: invalid)");
	}
	return buf;
}

static const char *const arm64_qemu_a57[] = { "-M", "virt,gic-version=3", "-cpu", "cortex-a57", NULL };
static const char *const arm64_qemu_max[] = { "-M", "virt,gic-version=3", "-cpu", "max", NULL };

static const char *const *arm64_qemu_args(bool max_cpu)
{
	return max_cpu ? arm64_qemu_max : arm64_qemu_a57;
}

static const char *const arm64_wnames[ST_NWORDS] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
	"x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26",
	"x27", "x28", "x29", "x30", "sp", "nzcv", "fpcr", "fpsr", "pad",
};

static const char *const arm64_cc_args[] = { "--target=aarch64-unknown-elf", "-mcpu=cortex-a57", NULL };

const struct diff_isa isa_arm64 = {
	.name = "arm64",
	.table = arm64_templates,
	.ntable = sizeof(arm64_templates) / sizeof(arm64_templates[0]),
	.default_weight = { [G_INT] = 25, [G_BRANCH] = 5, [G_MEM] = 25, [G_FP] = 15, [G_SIMD] = 30 },
	.base_reg = BASE_REG_ARM64, .zero_reg = 31, .reg_lo = 0,
	.nregs = 32, .ngprs = 31, .nvregs = 32, .insn_size = 4,
	.wnames = arm64_wnames,
	.rand_state = arm64_rand_state,
	.enc_adr = arm64_adr,
	.memory_unit = arm64_memory_unit,
	.fp_setup = arm64_fp_setup,
	.pool_load = arm64_pool_load,
	.pool_fix = arm64_pool_fix,
	.vregs_named = arm64_vregs_named,
	.fp_double = arm64_fp_double,
	.word_directive = ".inst",
	.checkpoint_fmt = "svc #%#x",
	.mode_priv = SPSR_EL1T_MASKED, .mode_user = SPSR_EL0T_MASKED,
	.cc_args = arm64_cc_args,
	.default_qemu = "qemu-system-aarch64", .default_lld = "ld.lld-16",
	.hvsim_board = "arm64-virt",
	.qemu_args = arm64_qemu_args,
	.disasm = arm64_disasm,
	.disasm_init = arm64_disasm_init,
};
