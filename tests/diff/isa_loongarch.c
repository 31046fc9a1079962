/*
 * The differential test's LoongArch64 side (tests/diff/README.md): the
 * templates (templates_loongarch_*.inc), the set-up instructions, the
 * memory units, the state's own words (FCSR0, FCC0-7), and how a program
 * is built and run (clang-16 and ld.lld-19 as firmware/loongarch, QEMU's
 * virt with la464, hvsim's loongarch-virt). Encodings are from the
 * LoongArch Reference Manual vol. 1 (LA RM), chapter 2; reports use
 * hvsim's own disassembler (capstone 4 has no LoongArch).
 */
#include <stdlib.h>
#include <string.h>

#include "cpu/loongarch/loongarch.h"
#include "tests/diff/difftest.h"

/* LA RM 2.2.5.3 BSTRINS/BSTRPICK: msb < lsb is not an instruction (INE on both). */
static bool valid_bstr_w(uint32_t insn)
{
	return bits(insn, 16, 5) >= bits(insn, 10, 5);
}

static bool valid_bstr_d(uint32_t insn)
{
	return bits(insn, 16, 6) >= bits(insn, 10, 6);
}

/*
 * LA RM 3.2.3.1 FCMP.cond: the conditions are CAF, SAF .. SUNE (0x00 to
 * 0x11), COR, SOR (0x14, 0x15), CUNE, SUNE (0x18, 0x19); the format is
 * single (01) or double (10).
 */
static bool valid_fcmp(uint32_t insn)
{
	unsigned fmt = bits(insn, 20, 2), cond = bits(insn, 15, 5);

	if (fmt != 1 && fmt != 2)
		return false;
	return cond <= 0x11 || cond == 0x14 || cond == 0x15 || cond == 0x18 || cond == 0x19;
}

/*
 * An LSX instruction as hvsim decodes it (templates_loongarch_lsx.inc):
 * valid_lsx takes any, valid_lsx_set the VSET* ones, valid_lsx_vec only
 * those whose register operands are all vector registers (the disassembly names no general register or
 * FCC: every operand with a '$' is a "$vr").
 */
static bool valid_lsx(uint32_t insn)
{
	char text[80];

	return la_disasm_insn(insn, text, sizeof(text)) && text[0] == 'v';
}

static bool valid_lsx_set(uint32_t insn)
{
	char text[80];

	return la_disasm_insn(insn, text, sizeof(text)) && strncmp(text, "vset", 4) == 0;
}

static bool valid_lsx_vec(uint32_t insn)
{
	char text[80];

	if (!la_disasm_insn(insn, text, sizeof(text)) || text[0] != 'v')
		return false;
	for (const char *p = strchr(text, '$'); p; p = strchr(p + 1, '$'))
		if (strncmp(p, "$vr", 3) != 0)
			return false;
	return true;
}

static const struct tmpl la_templates[] = {
#include "tests/diff/templates_loongarch_int.inc"
#include "tests/diff/templates_loongarch_mem.inc"
#include "tests/diff/templates_loongarch_fp.inc"
#include "tests/diff/templates_loongarch_lsx.inc"
};

/* ------------------------------------------------------------ set-up */

/* LA RM 2.2.1.1 ADDI.D, 2.2.1.7 PCADDI, 2.2.7.1 LD.D, 2.2.7.2 SC.W/D. */
#define ADDI_D  0x02c00000u
#define PCADDI  0x18000000u
#define LD_D    0x28c00000u
#define VLD     0x2c000000u     /* LSX VLD vd, rj, si12 (vol. 2) */
#define MOVGR2FCSR 0x0114c000u  /* 3.2.5.3: fcsr in bits 4:0, rj in 9:5 */
#define SC_BIT  (1u << 24)      /* LL.W/D -> SC.W/D */

static uint32_t enc_addi_d(unsigned rd, unsigned rj, int32_t imm)
{
	return ADDI_D | ((uint32_t)imm & 0xfff) << 10 | rj << 5 | rd;
}

static uint32_t la_adr(unsigned rd, int32_t bytes)
{
	return PCADDI | ((uint32_t)(bytes / 4) & 0xfffff) << 5 | rd;
}

/* r31 (the neutral part fills r0-r30), FCSR0's rounding mode and flags, FCC0-7. */
static void la_rand_state(uint8_t *s, struct rng *r, const struct gen_opts *o)
{
	(void)o;
	put64(s + ST_X + 8 * 31, rand_int(r));
	/* FCSR0 (LA RM 3.1.4): RM in 9:8, Flags in 20:16; no enables, no Cause. */
	uint64_t fcsr = (uint64_t)rng_below(r, 4) << 8;
	if (rng_chance(r, 4))
		fcsr |= (uint64_t)rng_below(r, 32) << 16;
	put64(s + ST_LA_FCSR, fcsr);
	for (unsigned i = 0; i < 8; i++)
		s[ST_LA_FCC + i] = (uint8_t)rng_below(r, 2);
}

/* The bytes an access of template t moves (LA RM 2.2.7: size fields per form). */
static unsigned access_bytes(unsigned t, uint32_t enc)
{
	switch (templates[t].kind) {
	case K_LA_SI12: return 1u << bits(enc, 22, 2);
	case K_LA_SI14: case K_LA_LLSC: case K_LA_SC: return bits(enc, 25, 1) ? 8 : 4;
	case K_LA_IDX: return 1u << bits(enc, 18, 2);
	case K_LA_BOUND: return 1u << bits(enc, 15, 2);
	case K_LA_FSI12: return bits(enc, 23, 1) ? 8 : 4;
	case K_LA_FIDX: return bits(enc, 18, 1) ? 8 : 4;
	case K_LA_VSI12: case K_LA_VIDX: return 16;
	default: return bits(enc, 15, 1) ? 8 : 4;    /* AM*: bit 15 .D */
	}
}

/* The offset the encoding adds to rj. */
static int64_t offset_of(unsigned t, uint32_t enc)
{
	switch (templates[t].kind) {
	case K_LA_SI12: case K_LA_FSI12: case K_LA_VSI12: return sbits(enc, 10, 12);
	case K_LA_SI14: case K_LA_LLSC: case K_LA_SC: return sbits(enc, 10, 14) * 4;
	default: return 0;
	}
}

/*
 * A memory unit: rj (unless it is the scratch base) set to point the
 * access into the buffer, an index or a bound register set, the access,
 * and for LL the SC that completes it. Plain and indexed accesses may be
 * unaligned (CPUCFG.1.UAL); bound-checked ones, LL/SC and AM* are aligned
 * (LA RM 2.2.7: ALE otherwise) and their bound always passes.
 */
static void la_memory_unit(struct gblock *b, struct rng *r, unsigned t)
{
	unsigned kind = templates[t].kind;
	bool idx = kind == K_LA_IDX || kind == K_LA_FIDX || kind == K_LA_VIDX;
	bool bound = kind == K_LA_BOUND;

	for (;;) {
		uint32_t enc = rand_encoding(r, t);
		unsigned bytes = access_bytes(t, enc);
		bool aligned = kind != K_LA_SI12 && kind != K_LA_FSI12 && kind != K_LA_VSI12 && !idx;
		unsigned align = aligned || rng_chance(r, 4) ? 1 : bytes;
		unsigned n = (unsigned)field_get(t, enc, 'n'), m = (unsigned)field_get(t, enc, 'm');
		uint32_t first = b->ninsns;
		int64_t off = offset_of(t, enc);

		if (aligned)
			align = bytes;
		if (idx) {
			int64_t e = m == isa->zero_reg ? 0 : rng_range(r, -200, 200);
			if (m != isa->zero_reg)
				push(b, enc_addi_d(m, isa->zero_reg, (int32_t)e), -1);
			off = e;
		}
		int64_t lo = -SCRATCH_BIAS, hi = SCRATCH_SIZE - SCRATCH_BIAS - (int64_t)bytes;
		int64_t at = n == isa->base_reg ? off : lo + align * rng_range(r, 0, (hi - lo) / align);
		int64_t delta = at - off;
		bool ok = at >= lo && at <= hi && at % align == 0 && delta >= -2048 && delta <= 2047;
		if (bound && (m == isa->base_reg || m == isa->zero_reg))
			ok = false;     /* the bound is set from rj below */
		if (!ok) {
			b->ninsns = first;
			continue;
		}
		if (n != isa->base_reg)
			push(b, enc_addi_d(n, isa->base_reg, (int32_t)delta), -1);
		if (bound) {
			/* LDLE/STLE (bit 17) need rj <= rk, LDGT/STGT rj > rk (2.2.7.4). */
			int32_t k = (int32_t)rng_range(r, 0, 64);
			push(b, enc_addi_d(m, n, bits(enc, 17, 1) ? k : -1 - k), -1);
		}
		push(b, enc, (int)t);
		if (kind == K_LA_LLSC) {
			/* The SC of the same size at the same address; its rd apart from rj. */
			unsigned s;
			do
				s = pick_reg(r, 'X');
			while (s == n);
			push(b, ((enc | SC_BIT) & ~31u) | s, (int)t);
		}
		return;
	}
}

/*
 * Pool loads: PCADDI rd to the entry, then LD.D rd from it; for a vector
 * or FP register, PCADDI into a general register the instruction does not
 * name (from t8 down), then VLD of the whole 16-byte entry.
 */
static void la_pool_load(struct gblock *b, unsigned reg, bool vec, int entry, uint32_t avoid)
{
	unsigned a = reg;

	if (vec)
		for (a = 20; avoid >> a & 1 || a == isa->base_reg; a--)
			;
	push_pool(b, PCADDI | a, -1, entry, reg, vec);
	push(b, (vec ? VLD : LD_D) | a << 5 | reg, -1);
}

/*
 * Before FP units: now and then clear FCSR0's flags and cause (through
 * fcsr2), so that new exceptions keep showing, or set a new rounding mode
 * (fcsr3, RM in bits 9:8), which must apply from the next instruction.
 */
static void la_fp_setup(struct gblock *b, struct rng *r)
{
	if (rng_chance(r, 3))
		push(b, MOVGR2FCSR | 2, -1);
	if (rng_chance(r, 25)) {
		unsigned x = pick_reg(r, 'w');
		push(b, enc_addi_d(x, isa->zero_reg, (int32_t)rng_below(r, 4) << 8), -1);
		push(b, MOVGR2FCSR | x << 5 | 3, -1);
	}
}

static uint32_t la_pool_fix(uint32_t enc, int32_t words)
{
	return enc | ((uint32_t)words & 0xfffff) << 5;
}

static void la_disasm_init(void)
{
}

static const char *la_disasm(uint32_t enc, char *buf, size_t len)
{
	if (!la_disasm_insn(enc, buf, len))
		snprintf(buf, len, "(hvsim: invalid)");
	return buf;
}

static const char *const la_qemu_args[] = { "-M", "virt", "-cpu", "la464", "-m", "1G", NULL };

static const char *const *la_qemu(bool max_cpu)
{
	(void)max_cpu;
	return la_qemu_args;
}

/* The ABI names, as hvsim's and LLVM's disassemblers print them. */
static const char *const la_wnames[ST_NWORDS] = {
	"zero", "ra", "tp", "sp", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1",
	"t2", "t3", "t4", "t5", "t6", "t7", "t8", "r21", "fp", "s0", "s1", "s2", "s3", "s4",
	"s5", "s6", "s7", "s8", "fcsr0", "fcc", "pad", "pad",
};

/* As firmware/: the soft-float ABI of the harness objects. */
static const char *const la_cc_args[] = { "--target=loongarch64-unknown-elf", "-mabi=lp64s", NULL };

const struct diff_isa isa_loongarch = {
	.name = "loongarch",
	.table = la_templates,
	.ntable = sizeof(la_templates) / sizeof(la_templates[0]),
	.default_weight = { [G_INT] = 30, [G_BRANCH] = 10, [G_MEM] = 25, [G_FP] = 15, [G_SIMD] = 20 },
	.base_reg = BASE_REG_LA, .zero_reg = 0, .reg_lo = 1,
	.nregs = 32, .ngprs = 31, .nvregs = 32, .insn_size = 4,
	.wnames = la_wnames,
	.rand_state = la_rand_state,
	.enc_adr = la_adr,
	.memory_unit = la_memory_unit,
	.fp_setup = la_fp_setup,
	.pool_load = la_pool_load,
	.pool_fix = la_pool_fix,
	.word_directive = ".word",
	.checkpoint_fmt = "syscall %#x",
	.mode_priv = PRMD_PLV0, .mode_user = PRMD_PLV3,
	.cc_args = la_cc_args,
	.default_qemu = "qemu-system-loongarch64", .default_lld = "ld.lld-19",
	.hvsim_board = "loongarch-virt",
	.qemu_args = la_qemu,
	.disasm = la_disasm,
	.disasm_init = la_disasm_init,
};
