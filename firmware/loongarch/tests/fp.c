/*
 * The F and D instructions (LA RM 3.2) on operands drawn at random, with
 * IEEE 754's edge values among them (zeros, infinities, quiet and
 * signalling NaNs, subnormals, the bounds of the integer conversions, the
 * operands whose underflow depends on tininess), in every rounding mode:
 * per instruction, a hash of the FPRs, GRs, FCSR0 and FCC0-7 it left, so
 * hvsim's output can be compared with QEMU's line by line
 * (tests/guest/loongarch/fp.expected comes from QEMU). Built with
 * -DFP_VERBOSE it prints every case instead, to find the one that
 * differs. Memory accesses and branches are left to the unit tests.
 *
 * Each case is a sequence of words written to a code buffer: FCSR0 and
 * FCC0-7, f1-f4, a3 and a4 from a state block, the instruction (fd = f1,
 * fj = f2, fk = f3, fa = f4; rd = a3, rj = a4), then all of them back.
 * FCSR0's Enables stay 0, so no case traps.
 */
#include "insn_case.h"

/* Operand layouts. */
enum kind {
	K_FFF,    /* fd, fj, fk */
	K_FF,     /* fd, fj */
	K_FFFF,   /* fd, fj, fk, fa */
	K_FCMP,   /* cd, fj, fk */
	K_FSEL,   /* fd, fj, fk, ca */
	K_FR,     /* fd, rj */
	K_RF,     /* rd, fj */
	K_CSRW,   /* fcsr, rj */
	K_CSRR,   /* rd, fcsr */
	K_CF,     /* cd, fj */
	K_FC,     /* fd, cj */
	K_CR,     /* cd, rj */
	K_RC,     /* rd, cj */
};

/*
 * `narrow`: fd holds a single-precision or word result, whose bits 63:32
 * the manual leaves undefined: they are not compared. (hvsim NaN-boxes
 * and sign-extends; QEMU leaves some as they were, zero-extends others.)
 */
static const struct insn {
	const char *name;
	uint32_t match;
	uint8_t kind;
	uint8_t narrow;
} insns[] = {
	{ "fadd.s", 0x01008000, K_FFF, 1 },
	{ "fadd.d", 0x01010000, K_FFF, 0 },
	{ "fsub.s", 0x01028000, K_FFF, 1 },
	{ "fsub.d", 0x01030000, K_FFF, 0 },
	{ "fmul.s", 0x01048000, K_FFF, 1 },
	{ "fmul.d", 0x01050000, K_FFF, 0 },
	{ "fdiv.s", 0x01068000, K_FFF, 1 },
	{ "fdiv.d", 0x01070000, K_FFF, 0 },
	{ "fmax.s", 0x01088000, K_FFF, 1 },
	{ "fmax.d", 0x01090000, K_FFF, 0 },
	{ "fmin.s", 0x010a8000, K_FFF, 1 },
	{ "fmin.d", 0x010b0000, K_FFF, 0 },
	{ "fmaxa.s", 0x010c8000, K_FFF, 1 },
	{ "fmaxa.d", 0x010d0000, K_FFF, 0 },
	{ "fmina.s", 0x010e8000, K_FFF, 1 },
	{ "fmina.d", 0x010f0000, K_FFF, 0 },
	{ "fscaleb.s", 0x01108000, K_FFF, 1 },
	{ "fscaleb.d", 0x01110000, K_FFF, 0 },
	{ "fcopysign.s", 0x01128000, K_FFF, 1 },
	{ "fcopysign.d", 0x01130000, K_FFF, 0 },
	{ "fabs.s", 0x01140400, K_FF, 1 },
	{ "fabs.d", 0x01140800, K_FF, 0 },
	{ "fneg.s", 0x01141400, K_FF, 1 },
	{ "fneg.d", 0x01141800, K_FF, 0 },
	{ "flogb.s", 0x01142400, K_FF, 1 },
	{ "flogb.d", 0x01142800, K_FF, 0 },
	{ "fclass.s", 0x01143400, K_FF, 0 },
	{ "fclass.d", 0x01143800, K_FF, 0 },
	{ "fsqrt.s", 0x01144400, K_FF, 1 },
	{ "fsqrt.d", 0x01144800, K_FF, 0 },
	{ "frecip.s", 0x01145400, K_FF, 1 },
	{ "frecip.d", 0x01145800, K_FF, 0 },
	{ "frsqrt.s", 0x01146400, K_FF, 1 },
	{ "frsqrt.d", 0x01146800, K_FF, 0 },
	{ "fmadd.s", 0x08100000, K_FFFF, 1 },
	{ "fmadd.d", 0x08200000, K_FFFF, 0 },
	{ "fmsub.s", 0x08500000, K_FFFF, 1 },
	{ "fmsub.d", 0x08600000, K_FFFF, 0 },
	{ "fnmadd.s", 0x08900000, K_FFFF, 1 },
	{ "fnmadd.d", 0x08a00000, K_FFFF, 0 },
	{ "fnmsub.s", 0x08d00000, K_FFFF, 1 },
	{ "fnmsub.d", 0x08e00000, K_FFFF, 0 },
	{ "fcmp.caf.s", 0x0c100000, K_FCMP, 0 },
	{ "fcmp.saf.s", 0x0c108000, K_FCMP, 0 },
	{ "fcmp.clt.s", 0x0c110000, K_FCMP, 0 },
	{ "fcmp.slt.s", 0x0c118000, K_FCMP, 0 },
	{ "fcmp.ceq.s", 0x0c120000, K_FCMP, 0 },
	{ "fcmp.seq.s", 0x0c128000, K_FCMP, 0 },
	{ "fcmp.cle.s", 0x0c130000, K_FCMP, 0 },
	{ "fcmp.sle.s", 0x0c138000, K_FCMP, 0 },
	{ "fcmp.cun.s", 0x0c140000, K_FCMP, 0 },
	{ "fcmp.sun.s", 0x0c148000, K_FCMP, 0 },
	{ "fcmp.cult.s", 0x0c150000, K_FCMP, 0 },
	{ "fcmp.sult.s", 0x0c158000, K_FCMP, 0 },
	{ "fcmp.cueq.s", 0x0c160000, K_FCMP, 0 },
	{ "fcmp.sueq.s", 0x0c168000, K_FCMP, 0 },
	{ "fcmp.cule.s", 0x0c170000, K_FCMP, 0 },
	{ "fcmp.sule.s", 0x0c178000, K_FCMP, 0 },
	{ "fcmp.cne.s", 0x0c180000, K_FCMP, 0 },
	{ "fcmp.sne.s", 0x0c188000, K_FCMP, 0 },
	{ "fcmp.cor.s", 0x0c1a0000, K_FCMP, 0 },
	{ "fcmp.sor.s", 0x0c1a8000, K_FCMP, 0 },
	{ "fcmp.cune.s", 0x0c1c0000, K_FCMP, 0 },
	{ "fcmp.sune.s", 0x0c1c8000, K_FCMP, 0 },
	{ "fcmp.caf.d", 0x0c200000, K_FCMP, 0 },
	{ "fcmp.saf.d", 0x0c208000, K_FCMP, 0 },
	{ "fcmp.clt.d", 0x0c210000, K_FCMP, 0 },
	{ "fcmp.slt.d", 0x0c218000, K_FCMP, 0 },
	{ "fcmp.ceq.d", 0x0c220000, K_FCMP, 0 },
	{ "fcmp.seq.d", 0x0c228000, K_FCMP, 0 },
	{ "fcmp.cle.d", 0x0c230000, K_FCMP, 0 },
	{ "fcmp.sle.d", 0x0c238000, K_FCMP, 0 },
	{ "fcmp.cun.d", 0x0c240000, K_FCMP, 0 },
	{ "fcmp.sun.d", 0x0c248000, K_FCMP, 0 },
	{ "fcmp.cult.d", 0x0c250000, K_FCMP, 0 },
	{ "fcmp.sult.d", 0x0c258000, K_FCMP, 0 },
	{ "fcmp.cueq.d", 0x0c260000, K_FCMP, 0 },
	{ "fcmp.sueq.d", 0x0c268000, K_FCMP, 0 },
	{ "fcmp.cule.d", 0x0c270000, K_FCMP, 0 },
	{ "fcmp.sule.d", 0x0c278000, K_FCMP, 0 },
	{ "fcmp.cne.d", 0x0c280000, K_FCMP, 0 },
	{ "fcmp.sne.d", 0x0c288000, K_FCMP, 0 },
	{ "fcmp.cor.d", 0x0c2a0000, K_FCMP, 0 },
	{ "fcmp.sor.d", 0x0c2a8000, K_FCMP, 0 },
	{ "fcmp.cune.d", 0x0c2c0000, K_FCMP, 0 },
	{ "fcmp.sune.d", 0x0c2c8000, K_FCMP, 0 },
	{ "fcvt.s.d", 0x01191800, K_FF, 1 },
	{ "fcvt.d.s", 0x01192400, K_FF, 0 },
	{ "ftintrm.w.s", 0x011a0400, K_FF, 1 },
	{ "ftintrm.w.d", 0x011a0800, K_FF, 1 },
	{ "ftintrm.l.s", 0x011a2400, K_FF, 0 },
	{ "ftintrm.l.d", 0x011a2800, K_FF, 0 },
	{ "ftintrp.w.s", 0x011a4400, K_FF, 1 },
	{ "ftintrp.w.d", 0x011a4800, K_FF, 1 },
	{ "ftintrp.l.s", 0x011a6400, K_FF, 0 },
	{ "ftintrp.l.d", 0x011a6800, K_FF, 0 },
	{ "ftintrz.w.s", 0x011a8400, K_FF, 1 },
	{ "ftintrz.w.d", 0x011a8800, K_FF, 1 },
	{ "ftintrz.l.s", 0x011aa400, K_FF, 0 },
	{ "ftintrz.l.d", 0x011aa800, K_FF, 0 },
	{ "ftintrne.w.s", 0x011ac400, K_FF, 1 },
	{ "ftintrne.w.d", 0x011ac800, K_FF, 1 },
	{ "ftintrne.l.s", 0x011ae400, K_FF, 0 },
	{ "ftintrne.l.d", 0x011ae800, K_FF, 0 },
	{ "ftint.w.s", 0x011b0400, K_FF, 1 },
	{ "ftint.w.d", 0x011b0800, K_FF, 1 },
	{ "ftint.l.s", 0x011b2400, K_FF, 0 },
	{ "ftint.l.d", 0x011b2800, K_FF, 0 },
	{ "ffint.s.w", 0x011d1000, K_FF, 1 },
	{ "ffint.s.l", 0x011d1800, K_FF, 1 },
	{ "ffint.d.w", 0x011d2000, K_FF, 0 },
	{ "ffint.d.l", 0x011d2800, K_FF, 0 },
	{ "frint.s", 0x011e4400, K_FF, 1 },
	{ "frint.d", 0x011e4800, K_FF, 0 },
	{ "fmov.s", 0x01149400, K_FF, 1 },
	{ "fmov.d", 0x01149800, K_FF, 0 },
	{ "fsel", 0x0d000000, K_FSEL, 0 },
	{ "movgr2fr.w", 0x0114a400, K_FR, 1 },
	{ "movgr2fr.d", 0x0114a800, K_FR, 0 },
	{ "movgr2frh.w", 0x0114ac00, K_FR, 0 },
	{ "movfr2gr.s", 0x0114b400, K_RF, 0 },
	{ "movfr2gr.d", 0x0114b800, K_RF, 0 },
	{ "movfrh2gr.s", 0x0114bc00, K_RF, 0 },
	{ "movgr2fcsr", 0x0114c000, K_CSRW, 0 },
	{ "movfcsr2gr", 0x0114c800, K_CSRR, 0 },
	{ "movfr2cf", 0x0114d000, K_CF, 0 },
	{ "movcf2fr", 0x0114d400, K_FC, 0 },
	{ "movgr2cf", 0x0114d800, K_CR, 0 },
	{ "movcf2gr", 0x0114dc00, K_RC, 0 },
};

/* Single-precision edges (any upper half), then double-precision ones. */
static const uint32_t edges32[] = {
	0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc12345, 0x7fa00000,
	0xff812345, 0x00000001, 0x807fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0x3f800000,
	0xbf800000, 0x3f7fffff, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x4effffff,
	0x4f000000, 0xcf000000, 0xcf000001, 0x5f000000, 0xdf000000, 0x41000000, 0xc1000000,
};
static const uint64_t edges64[] = {
	0x0000000000000000, 0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000,
	0x7ff8000000000000, 0xfff8000012345678, 0x7ff4000000000000, 0xfff0000012345678,
	0x0000000000000001, 0x800fffffffffffff, 0x0010000000000000, 0x8010000000000000,
	0x7fefffffffffffff, 0x3ff0000000000000, 0xbff0000000000000, 0x3fefffffffffffff,
	0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000,
	0x41dfffffffc00000, 0x41e0000000000000, 0xc1e0000000000000, 0xc1e0000000200000,
	0x43e0000000000000, 0xc3e0000000000000, 0x4020000000000000, 0x000000007fffffff,
	0xffffffff80000000, 0x7fffffffffffffff,
};

/*
 * Operands every instruction starts with, in each rounding mode: products
 * and quotients just below the smallest normal, which underflow when
 * tininess is detected before rounding and not after (LoongArch: after).
 */
static const uint64_t directed[][3] = {
	/* (1 + 2^-13) * (1 - 2^-13) * 2^-126 = (1 - 2^-26) * 2^-126 */
	{ 0xffffffff3f800400, 0xffffffff007ffc00, 0xffffffff80000000 },
	/* (1 + 2^-27) * (1 - 2^-27) * 2^-1022 */
	{ 0x3ff0000002000000, 0x000ffffffe000000, 0x8000000000000000 },
	{ 0xffffffff3f7fffff, 0xffffffff00800000, 0xffffffff00800000 },
	{ 0x3fefffffffffffff, 0x0010000000000000, 0x0010000000000000 },
};
#define N_DIRECTED (4 * sizeof(directed) / sizeof(directed[0]))

static uint64_t operand(void)
{
	switch (rnd() % 4) {
	case 0:
		return rnd();
	case 1:
		return (rnd() << 32) | edges32[rnd() % (sizeof(edges32) / sizeof(edges32[0]))];
	case 2:
		return edges64[rnd() % (sizeof(edges64) / sizeof(edges64[0]))];
	default:   /* a small number, exact in both formats */
		return rnd() % 2 ? 0x3f800000u + ((rnd() % 64) << 20) : 0x4000000000000000ull + ((rnd() % 64) << 48);
	}
}

/* What a case reads and writes, at a0 during its code. */
struct state {
	uint64_t f[4];      /* f1-f4 */
	uint64_t gpr[2];    /* a3 (rd), a4 (rj) */
	uint64_t fcsr;      /* FCSR0 */
	uint64_t fcc_in;    /* FCC0-7 from its bits 0-7 */
	uint8_t fcc[8];     /* FCC0-7 after */
};

#define FLD_D(fd, off) R2I12(0xae, fd, A0, off)
#define FST_D(fd, off) R2I12(0xaf, fd, A0, off)

static struct {
	uint32_t word[64];
	unsigned insn_at;
} code __attribute__((aligned(16)));

static void build_code(void)
{
	unsigned n = 0;
	code.word[n++] = LD_D(T0, 48);
	code.word[n++] = MOVGR2FCSR(T0);
	code.word[n++] = LD_D(T0, 56);
	for (unsigned f = 0; f < 8; f++) {
		code.word[n++] = MOVGR2CF(f, T0);
		code.word[n++] = SRLI_D(T0, T0, 1);
	}
	for (unsigned r = 0; r < 4; r++)
		code.word[n++] = FLD_D(1 + r, 8 * r);
	for (unsigned r = 0; r < 2; r++)
		code.word[n++] = LD_D(A3 + r, 32 + 8 * r);
	code.insn_at = n++;
	for (unsigned r = 0; r < 4; r++)
		code.word[n++] = FST_D(1 + r, 8 * r);
	for (unsigned r = 0; r < 2; r++)
		code.word[n++] = ST_D(A3 + r, 32 + 8 * r);
	code.word[n++] = MOVFCSR2GR(T0);
	code.word[n++] = ST_D(T0, 48);
	for (unsigned f = 0; f < 8; f++) {
		code.word[n++] = MOVCF2GR(T0, f);
		code.word[n++] = ST_B(T0, 64 + f);
	}
	code.word[n++] = RET;
}

/* The instruction word of one case: fixed registers, a random FCC or FCSR number. */
static uint32_t encode(const struct insn *in)
{
	uint32_t cc = (uint32_t)(rnd() % 8), fcsr = (uint32_t)(rnd() % 4);
	switch (in->kind) {
	case K_FFF: return in->match | 3 << 10 | 2 << 5 | 1;
	case K_FF: return in->match | 2 << 5 | 1;
	case K_FFFF: return in->match | 4 << 15 | 3 << 10 | 2 << 5 | 1;
	case K_FCMP: return in->match | 3 << 10 | 2 << 5 | cc;
	case K_FSEL: return in->match | cc << 15 | 3 << 10 | 2 << 5 | 1;
	case K_FR: return in->match | A4 << 5 | 1;
	case K_RF: return in->match | 2 << 5 | A3;
	case K_CSRW: return in->match | A4 << 5 | fcsr;
	case K_CSRR: return in->match | fcsr << 5 | A3;
	case K_CF: return in->match | 2 << 5 | cc;
	case K_FC: return in->match | cc << 5 | 1;
	case K_CR: return in->match | A4 << 5 | cc;
	default: return in->match | cc << 5 | A3;   /* K_RC */
	}
}

#ifndef FP_CASES
#define FP_CASES 96
#endif

static void test(const struct insn *in)
{
	static struct state s;
	uint64_t hash = 0xcbf29ce484222325ull;
	case_seed(in->name);
	for (unsigned k = 0; k < FP_CASES; k++) {
		memset(&s, 0, sizeof(s));
		for (unsigned r = 0; r < 4; r++)
			s.f[r] = operand();
		s.gpr[0] = rnd();
		s.gpr[1] = operand();
		/* RM and Flags at random, Enables clear. */
		s.fcsr = (rnd() % 4) << 8 | (rnd() & 0x1f) << 16;
		if (k < N_DIRECTED) {
			memcpy(&s.f[1], directed[k / 4], sizeof(directed[0]));
			s.fcsr = (k % 4) << 8;
		}
		s.fcc_in = rnd();
		if (in->kind == K_CSRW)   /* FCSR0's reserved bits read 0 (QEMU lets them be set) */
			s.gpr[1] &= 0x1f1f031f;
		uint32_t insn = encode(in);
		case_run(code.word, code.insn_at, insn, &s);
		if (in->narrow)
			s.f[0] = (uint32_t)s.f[0];
		case_hash(&hash, &s, sizeof(s));
#ifdef FP_VERBOSE
		printf("%s %u %08x: %016lx %016lx %016lx %016lx rd %lx fcsr %lx fcc %02x%02x%02x%02x%02x%02x%02x%02x\n",
		       in->name, k, insn, s.f[0], s.f[1], s.f[2], s.f[3], s.gpr[0], s.fcsr, s.fcc[0],
		       s.fcc[1], s.fcc[2], s.fcc[3], s.fcc[4], s.fcc[5], s.fcc[6], s.fcc[7]);
#endif
	}
	printf("%-14s %016lx\n", in->name, hash);
}

int main(void)
{
	/* EUEN.FPE (CSR 2 bit 0). */
	unsigned long v = 1, mask = 1;
	__asm__ volatile("csrxchg %0, %1, 0x2" : "+r"(v) : "r"(mask));
	build_code();
	unsigned n = sizeof(insns) / sizeof(insns[0]);
	printf("fp: %u instructions, %u cases each\n", n, FP_CASES);
	for (unsigned i = 0; i < n; i++)
		test(&insns[i]);
	printf("fp: done\n");
	return 0;
}
