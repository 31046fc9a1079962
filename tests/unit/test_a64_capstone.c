/*
 * Differential decode test: hvsim's A64 decoder (a64_lookup) against
 * capstone 4 (libcapstone 4.0.2). For every sampled 32-bit word both must
 * agree on allocated/unallocated and, when allocated, on the mnemonic.
 *
 * Samples (all deterministic, fixed seeds):
 *   - every row of every decode table: its match value, each non-fixed bit
 *     set alone and cleared alone, fixed fillings of the non-fixed bits
 *     (zeros, ones, each register field 11111) and random fillings;
 *   - every encoding group and subgroup of the Arm ARM DDI 0487 C4.1
 *     "A64 instruction set encoding" index: the group's opcode fields swept
 *     exhaustively, the other bits in the same fixed and random fillings;
 *   - 10^5 uniformly random words.
 *
 * Capstone prints the preferred disassembly (aliases such as MOV, CMP, LSL,
 * CSET), hvsim's rows carry the Arm ARM base mnemonic: `aliases` maps one to
 * the other. hvsim decides allocation as an ARMv8.0 CPU with LSE and CRC32
 * (the hint space is allocated: HINT). Capstone 4 decodes ARMv8.0 with the
 * Cryptographic Extension and MSR PAN/UAO, but nothing of LSE/LOR/RDM or of
 * ARMv8.2 and later (pointer authentication, RCpc, FP16, dot product, SVE,
 * MTE; BTI/ESB/CSDB... print as HINT): those agree as unallocated with no
 * exclusion. `exclusions` lists every known difference with its reason and
 * is counted; any other disagreement fails the test, and each phase lists
 * its disagreements by group with example encodings, capstone's text and
 * hvsim's row.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>

#include "cpu/arm64/arm64.h"

/* ------------------------------------------------------------- aliases */

/*
 * Capstone mnemonic -> Arm ARM base instruction (hvsim's row name), one row
 * per alias (Arm ARM C6.2 / C7.2 "alias of" notes). Capstone 4 prints MOVZ,
 * MOVN, INS, SSHLL and USHLL under their own names, not as MOV, SXTL, UXTL.
 */
struct alias {
	const char *cs, *base;
};

static const struct alias aliases[] = {
	{ "mov", "orr" },     /* MOV (register), MOV (bitmask immediate), MOV (vector) */
	{ "mov", "add" },     /* MOV (to/from SP) */
	{ "mov", "umov" },    /* MOV (to general) */
	{ "mov", "dup" },     /* MOV (scalar) */
	{ "mvn", "orn" },     /* MVN (shifted register) */
	{ "mvn", "not" },     /* MVN (vector) */
	{ "cmp", "subs" },    /* CMP (immediate, shifted and extended register) */
	{ "cmn", "adds" },    /* CMN */
	{ "tst", "ands" },    /* TST (immediate, shifted register) */
	{ "neg", "sub" },     /* NEG (shifted register) */
	{ "negs", "subs" },   /* NEGS */
	{ "ngc", "sbc" },     /* NGC */
	{ "ngcs", "sbcs" },   /* NGCS */
	{ "lsl", "ubfm" },    /* LSL (immediate) */
	{ "lsr", "ubfm" },    /* LSR (immediate) */
	{ "asr", "sbfm" },    /* ASR (immediate) */
	{ "ror", "extr" },    /* ROR (immediate) */
	{ "lsl", "lslv" },    /* LSL (register) */
	{ "lsr", "lsrv" },    /* LSR (register) */
	{ "asr", "asrv" },    /* ASR (register) */
	{ "ror", "rorv" },    /* ROR (register) */
	{ "ubfx", "ubfm" },   /* UBFX */
	{ "ubfiz", "ubfm" },  /* UBFIZ */
	{ "uxtb", "ubfm" },   /* UXTB */
	{ "uxth", "ubfm" },   /* UXTH */
	{ "sbfx", "sbfm" },   /* SBFX */
	{ "sbfiz", "sbfm" },  /* SBFIZ */
	{ "sxtb", "sbfm" },   /* SXTB */
	{ "sxth", "sbfm" },   /* SXTH */
	{ "sxtw", "sbfm" },   /* SXTW */
	{ "bfi", "bfm" },     /* BFI */
	{ "bfxil", "bfm" },   /* BFXIL */
	{ "mul", "madd" },    /* MUL */
	{ "mneg", "msub" },   /* MNEG */
	{ "smull", "smaddl" }, /* SMULL */
	{ "smnegl", "smsubl" }, /* SMNEGL */
	{ "umull", "umaddl" }, /* UMULL */
	{ "umnegl", "umsubl" }, /* UMNEGL */
	{ "cset", "csinc" },  /* CSET */
	{ "cinc", "csinc" },  /* CINC */
	{ "csetm", "csinv" }, /* CSETM */
	{ "cinv", "csinv" },  /* CINV */
	{ "cneg", "csneg" },  /* CNEG */
	{ "nop", "hint" },    /* NOP: HINT #0 */
	{ "yield", "hint" },  /* YIELD: HINT #1 */
	{ "wfe", "hint" },    /* WFE: HINT #2 */
	{ "wfi", "hint" },    /* WFI: HINT #3 */
	{ "sev", "hint" },    /* SEV: HINT #4 */
	{ "sevl", "hint" },   /* SEVL: HINT #5 */
	{ "dc", "sys" },      /* DC */
	{ "ic", "sys" },      /* IC */
	{ "at", "sys" },      /* AT */
	{ "tlbi", "sys" },    /* TLBI */
	{ "b.eq", "b.cond" }, /* B.cond, cond 0000 */
	{ "b.ne", "b.cond" }, /* cond 0001 */
	{ "b.hs", "b.cond" }, /* cond 0010 (CS) */
	{ "b.lo", "b.cond" }, /* cond 0011 (CC) */
	{ "b.mi", "b.cond" }, /* cond 0100 */
	{ "b.pl", "b.cond" }, /* cond 0101 */
	{ "b.vs", "b.cond" }, /* cond 0110 */
	{ "b.vc", "b.cond" }, /* cond 0111 */
	{ "b.hi", "b.cond" }, /* cond 1000 */
	{ "b.ls", "b.cond" }, /* cond 1001 */
	{ "b.ge", "b.cond" }, /* cond 1010 */
	{ "b.lt", "b.cond" }, /* cond 1011 */
	{ "b.gt", "b.cond" }, /* cond 1100 */
	{ "b.le", "b.cond" }, /* cond 1101 */
	{ "b.al", "b.cond" }, /* cond 1110 */
	{ "b.nv", "b.cond" }, /* cond 1111 */
};

/*
 * The AdvSIMD "second half" forms (XTN2, SADDL2, SSHLL2, FCVTN2...) are the
 * Q = 1 encodings of the base instruction; capstone appends "2". SHA256H2
 * is an instruction of its own.
 */
static bool second_half(uint32_t insn, const char *cs, char *out, size_t len)
{
	size_t n = strlen(cs);

	if (!a64_bits(insn, 30, 1) || a64_bits(insn, 25, 3) != 7 || n < 2 || n >= len ||
	    cs[n - 1] != '2' || !strcmp(cs, "sha256h2"))
		return false;
	memcpy(out, cs, n - 1);
	out[n - 1] = 0;
	return true;
}

static bool alias_of(const char *cs, const char *base)
{
	if (!strcmp(cs, base))
		return true;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(aliases[i].cs, cs) && !strcmp(aliases[i].base, base))
			return true;
	return false;
}

/* Capstone's mnemonic `cs` names hvsim's row `base` for this encoding. */
static bool same_insn(uint32_t insn, const char *cs, const char *base)
{
	char stripped[32];

	if (alias_of(cs, base))
		return true;
	return second_half(insn, cs, stripped, sizeof(stripped)) && alias_of(stripped, base);
}

/* ---------------------------------------------------------- exclusions */

enum reason {
	R_LSE,
	R_LOR,
	R_CU_OVERLAP,
	R_CS_LDTR,
	R_CS_SYSREG_OP0,
	R_PSTATE_V81,
	R_NO_CRYPTO,
	R_CS_IGNORED_BITS,
	R_COUNT
};

static const char *const reason_text[R_COUNT] = {
	[R_LSE] = "ARMv8.1 LSE atomics (CAS*, CASP*, LD<op>*, SWP*): implemented by hvsim, "
		  "unknown to capstone 4",
	[R_LOR] = "ARMv8.1 LORegions LDLAR/STLLR: implemented by hvsim, unknown to capstone 4",
	[R_CU_OVERLAP] = "CONSTRAINED UNPREDICTABLE register overlap (writeback base = Rt, "
			 "load pair Rt = Rt2): capstone 4 rejects it, hvsim executes it (a "
			 "permitted behaviour, insn_ldst.c)",
	[R_CS_LDTR] = "capstone 4 rejects LDTR* with Rt = Rn, which has no writeback "
		      "(capstone bug)",
	[R_CS_SYSREG_OP0] = "capstone 4 decodes op0 = 00 system encodings outside the "
			    "hint/barrier/PSTATE classes as MSR/MRS (register), which need "
			    "op0 = 1x (capstone bug)",
	[R_PSTATE_V81] = "MSR PAN/UAO, #imm (ARMv8.1/8.2 PSTATE fields): known to capstone 4, "
			 "not advertised by hvsim (ID_AA64MMFR1_EL1.PAN = 0, no UAO)",
	[R_NO_CRYPTO] = "optional ARMv8.0 Cryptographic Extension (AES*, SHA1*, SHA256*, "
			"PMULL{2} .1Q): decoded by capstone 4, not implemented by hvsim "
			"(ID_AA64ISAR0_EL1.AES/SHA1/SHA2 = 0)",
	[R_CS_IGNORED_BITS] = "capstone 4 rejects DUP (general) with imm5 bits above the "
			      "size bit set and INS (element) with imm4 bits below the index "
			      "set, bits the Arm ARM ignores (capstone bug; the word with them "
			      "cleared decodes as hvsim's row)",
};

/* Register fields for the exclusions' conditions. */
static unsigned rt(uint32_t insn) { return a64_bits(insn, 0, 5); }
static unsigned rn(uint32_t insn) { return a64_bits(insn, 5, 5); }
static unsigned rt2(uint32_t insn) { return a64_bits(insn, 10, 5); }

static bool rn_is_rt(uint32_t insn)
{
	return rn(insn) != 31 && rn(insn) == rt(insn);
}

static bool rt_is_rt2(uint32_t insn)
{
	return rt(insn) == rt2(insn);
}

/*
 * C6.2 LDP, STP, LDNP, LDPSW, C7.2 LDP (SIMD&FP): a load with t == t2, or
 * for general registers (V = 0) writeback (bit 23: post- or pre-indexed)
 * with n == t or n == t2, n != 31.
 */
static bool pair_overlap(uint32_t insn)
{
	bool load = a64_bits(insn, 22, 1), wback = a64_bits(insn, 23, 1);
	bool vec = a64_bits(insn, 26, 1);

	return (load && rt_is_rt2(insn)) ||
	       (!vec && wback && rn(insn) != 31 && (rn(insn) == rt(insn) || rn(insn) == rt2(insn)));
}

/*
 * C4.1.3: with L = 0 and op0 = 00 only the PSTATE class (CRn = 0100,
 * Rt = 11111) is MSR (immediate); capstone's "msr" elsewhere is its bug.
 */
static bool not_pstate(uint32_t insn)
{
	return a64_bits(insn, 12, 4) != 4 || rt(insn) != 31;
}

static bool cs_mnemonic(uint32_t insn, char *buf, size_t len);

/*
 * C7.2 DUP (general) (op = 0, imm4 = 0001) and INS (element) (op = 1):
 * the element size is LowestSetBit(imm5); DUP ignores imm5 above it, INS
 * ignores imm4 below the source index. The word with those bits clear.
 */
static uint32_t copy_canonical(uint32_t insn)
{
	uint32_t imm5 = a64_bits(insn, 16, 5), imm4 = a64_bits(insn, 11, 4);
	unsigned size = imm5 ? (unsigned)__builtin_ctz(imm5) : 4;

	if (a64_bits(insn, 29, 1))
		imm4 &= ~((1u << size) - 1);
	else
		imm5 &= (2u << size) - 1;
	return (insn & ~0x001f7800u) | imm5 << 16 | imm4 << 11;
}

/* Ignored bits are set, and capstone decodes the canonical word as hvsim this one. */
static bool copy_ignored_bits(uint32_t insn)
{
	uint32_t canon = copy_canonical(insn);
	const struct a64_insn *row = a64_lookup(insn);
	char mn[32];

	return canon != insn && row && cs_mnemonic(canon, mn, sizeof(mn)) &&
	       same_insn(canon, mn, row->name);
}

/*
 * One known disagreement: encodings (insn & mask) == match, for which
 * `when` holds (if given), where capstone says `cs` and hvsim `hv`. For
 * both, NULL means unallocated, "*" anything, and a trailing '*' a prefix.
 */
struct exclusion {
	uint32_t mask, match;
	bool (*when)(uint32_t insn);
	const char *cs, *hv;
	enum reason why;
};

static const struct exclusion exclusions[] = {
	/* Atomic memory operations (C4.1.4): size 111 V=0 00 A R 1 Rs o3 opc 00 */
	{ 0x3f20fc00, 0x38200000, NULL, NULL, "ldadd*", R_LSE },
	{ 0x3f20fc00, 0x38201000, NULL, NULL, "ldclr*", R_LSE },
	{ 0x3f20fc00, 0x38202000, NULL, NULL, "ldeor*", R_LSE },
	{ 0x3f20fc00, 0x38203000, NULL, NULL, "ldset*", R_LSE },
	{ 0x3f20fc00, 0x38204000, NULL, NULL, "ldsmax*", R_LSE },
	{ 0x3f20fc00, 0x38205000, NULL, NULL, "ldsmin*", R_LSE },
	{ 0x3f20fc00, 0x38206000, NULL, NULL, "ldumax*", R_LSE },
	{ 0x3f20fc00, 0x38207000, NULL, NULL, "ldumin*", R_LSE },
	{ 0x3f20fc00, 0x38208000, NULL, NULL, "swp*", R_LSE },
	/* Compare and swap: size 001000 1 L 1 Rs o0 11111; CASP has size 0x, o2 = 0 */
	{ 0x3fa07c00, 0x08a07c00, NULL, NULL, "cas*", R_LSE },
	{ 0xbfa07c00, 0x08207c00, NULL, NULL, "casp*", R_LSE },
	/* LDLAR, STLLR: size 001000 1 L 0 Rs 0 Rt2 */
	{ 0x3fa08000, 0x08800000, NULL, NULL, "ldlar*", R_LOR },
	{ 0x3fa08000, 0x08800000, NULL, NULL, "stllr*", R_LOR },
	/* Load/store register (immediate post-/pre-indexed), V = 0 */
	{ 0x3f200400, 0x38000400, rn_is_rt, NULL, "*", R_CU_OVERLAP },
	/* Load/store register pair (all four classes) */
	{ 0x3a000000, 0x28000000, pair_overlap, NULL, "*", R_CU_OVERLAP },
	/* LDXP, LDAXP: size 001000 0 1 1 */
	{ 0x3fe00000, 0x08600000, rt_is_rt2, NULL, "*", R_CU_OVERLAP },
	/* Load/store register (unprivileged): size 111 0 00 opc 0 imm9 10 */
	{ 0x3f200c00, 0x38000800, rn_is_rt, NULL, "ld*", R_CS_LDTR },
	/* System, L = 0 and L = 1 with op0 = 00 */
	{ 0xfff80000, 0xd5000000, not_pstate, "msr", NULL, R_CS_SYSREG_OP0 },
	{ 0xfff80000, 0xd5200000, NULL, "mrs", NULL, R_CS_SYSREG_OP0 },
	/* MSR (immediate): op1 = 000, CRn = 0100, op2 = 100 (PAN) or 011 (UAO), Rt = 11111 */
	{ 0xfffff0ff, 0xd500409f, NULL, "msr", NULL, R_PSTATE_V81 },
	{ 0xfffff0ff, 0xd500407f, NULL, "msr", NULL, R_PSTATE_V81 },
	/* Cryptographic AES, three-register SHA, two-register SHA; PMULL with size = 11 */
	{ 0xff3e0c00, 0x4e280800, NULL, "aes*", NULL, R_NO_CRYPTO },
	{ 0xff208c00, 0x5e000000, NULL, "sha*", NULL, R_NO_CRYPTO },
	{ 0xff3e0c00, 0x5e280800, NULL, "sha*", NULL, R_NO_CRYPTO },
	{ 0xbfe0fc00, 0x0ee0e000, NULL, "pmull*", NULL, R_NO_CRYPTO },
	/* AdvSIMD copy: DUP (general) 0 Q 0 01110000 imm5 0 0001 1; INS (element) 0 1 1 01110000 */
	{ 0xbfe0fc00, 0x0e000c00, copy_ignored_bits, NULL, "*", R_CS_IGNORED_BITS },
	{ 0xffe08400, 0x6e000400, copy_ignored_bits, NULL, "*", R_CS_IGNORED_BITS },
};

static bool pat_match(const char *pat, const char *s)
{
	if (!pat)
		return s == NULL;
	if (!s)
		return false;
	size_t n = strlen(pat);
	if (n && pat[n - 1] == '*')
		return !strncmp(pat, s, n - 1);
	return !strcmp(pat, s);
}

static const struct exclusion *find_exclusion(uint32_t insn, const char *cs, const char *hv)
{
	for (size_t i = 0; i < sizeof(exclusions) / sizeof(exclusions[0]); i++) {
		const struct exclusion *e = &exclusions[i];
		if ((insn & e->mask) == e->match && (!e->when || e->when(insn)) && pat_match(e->cs, cs) &&
		    pat_match(e->hv, hv))
			return e;
	}
	return NULL;
}

/* ------------------------------------------------------ encoding groups */

/*
 * The A64 encoding index (Arm ARM C4.1), most specific first: a word
 * belongs to the first group it matches. `sweep` is the group's opcode
 * fields (sf, op, S, size, opc, opcode, ...), sampled exhaustively.
 */
struct group {
	const char *name;
	uint32_t mask, match, sweep;
};

static const struct group groups[] = {
	/* C4.1 top level: op0 (28:25) 0000, 0001, 0010, 0011 */
	{ "Reserved (op0 0000)", 0x1e000000, 0x00000000, 0xe1ff0000 },
	{ "Unallocated (op0 0001)", 0x1e000000, 0x02000000, 0xe1e00000 },
	{ "SVE (op0 0010)", 0x1e000000, 0x04000000, 0xe1e0e000 },
	{ "Unallocated (op0 0011)", 0x1e000000, 0x06000000, 0xe1e00000 },

	/* C4.1.2 Data Processing -- Immediate: sf, op, S, sh/N/hw, imm bit 5 fields */
	{ "DPImm: PC-rel. addressing", 0x1f000000, 0x10000000, 0xe0000000 },
	{ "DPImm: Add/subtract (immediate)", 0x1f800000, 0x11000000, 0xe0400000 },
	{ "DPImm: Add/subtract (immediate, with tags)", 0x1f800000, 0x11800000, 0xe040c000 },
	{ "DPImm: Logical (immediate)", 0x1f800000, 0x12000000, 0xe040fc00 },
	{ "DPImm: Move wide (immediate)", 0x1f800000, 0x12800000, 0xe0600000 },
	{ "DPImm: Bitfield", 0x1f800000, 0x13000000, 0xe0608000 },
	{ "DPImm: Extract", 0x1f800000, 0x13800000, 0xe0608000 },

	/* C4.1.3 Branches, Exception Generating and System instructions */
	{ "Branch: Conditional branch (immediate)", 0xfe000000, 0x54000000, 0x0100001f },
	{ "System: Exception generation", 0xff000000, 0xd4000000, 0x00e0001f },
	{ "System: Instructions with register argument", 0xfffff000, 0xd5031000, 0x00000fe0 },
	{ "System: Hints", 0xfffff01f, 0xd503201f, 0x00000fe0 },
	{ "System: Barriers", 0xfffff000, 0xd5033000, 0x00000fff },
	{ "System: PSTATE", 0xfff8f000, 0xd5004000, 0x000700ff },
	{ "System: other L=0 op0=00", 0xfff80000, 0xd5000000, 0x0007f000 },
	{ "System: L=1 op0=00", 0xfff80000, 0xd5200000, 0x0007f000 },
	{ "System: System instructions (SYS)", 0xfff80000, 0xd5080000, 0x0007ffe0 },
	{ "System: System instructions (SYSL)", 0xfff80000, 0xd5280000, 0x0007f000 },
	{ "System: System register move (MSR)", 0xfff00000, 0xd5100000, 0x000ff000 },
	{ "System: System register move (MRS)", 0xfff00000, 0xd5300000, 0x000ff000 },
	{ "Branch: Unconditional branch (register)", 0xfe000000, 0xd6000000, 0x01fffc00 },
	{ "Branch: Unconditional branch (immediate)", 0x7c000000, 0x14000000, 0x80000000 },
	{ "Branch: Compare and branch (immediate)", 0x7e000000, 0x34000000, 0x81000000 },
	{ "Branch: Test and branch (immediate)", 0x7e000000, 0x36000000, 0x81000000 },
	{ "Branch: other", 0x1c000000, 0x14000000, 0xe3c00000 },

	/* C4.1.4 Loads and Stores: size, V, opc, L, and the class's opcode fields */
	{ "LdSt: AdvSIMD load/store multiple structures", 0xbfbf0000, 0x0c000000, 0x4040fc00 },
	{ "LdSt: AdvSIMD load/store multiple structures (post-indexed)", 0xbfa00000, 0x0c800000,
	  0x405ffc00 },
	{ "LdSt: AdvSIMD load/store single structure", 0xbf9f0000, 0x0d000000, 0x4060fc00 },
	{ "LdSt: AdvSIMD load/store single structure (post-indexed)", 0xbf800000, 0x0d800000,
	  0x4060fc00 },
	{ "LdSt: Load/store memory tags", 0xff200000, 0xd9200000, 0x00c00c00 },
	{ "LdSt: Load/store exclusive, ordered, compare and swap", 0x3f000000, 0x08000000,
	  0xc0e0fc00 },
	{ "LdSt: LDAPR/STLR (unscaled immediate)", 0x3b200c00, 0x19000000, 0xc4c00000 },
	{ "LdSt: Memory copy and memory set", 0x3b200c00, 0x19000400, 0xc4c0f000 },
	{ "LdSt: Load register (literal)", 0x3b000000, 0x18000000, 0xc4000000 },
	{ "LdSt: Load/store no-allocate pair (offset)", 0x3b800000, 0x28000000, 0xc4400000 },
	{ "LdSt: Load/store register pair (post-indexed)", 0x3b800000, 0x28800000, 0xc4400000 },
	{ "LdSt: Load/store register pair (offset)", 0x3b800000, 0x29000000, 0xc4400000 },
	{ "LdSt: Load/store register pair (pre-indexed)", 0x3b800000, 0x29800000, 0xc4400000 },
	{ "LdSt: Load/store register (unscaled immediate)", 0x3b200c00, 0x38000000, 0xc4c00000 },
	{ "LdSt: Load/store register (immediate post-indexed)", 0x3b200c00, 0x38000400, 0xc4c00000 },
	{ "LdSt: Load/store register (unprivileged)", 0x3b200c00, 0x38000800, 0xc4c00000 },
	{ "LdSt: Load/store register (immediate pre-indexed)", 0x3b200c00, 0x38000c00, 0xc4c00000 },
	{ "LdSt: Atomic memory operations", 0x3b200c00, 0x38200000, 0xc4c0f000 },
	{ "LdSt: Load/store register (register offset)", 0x3b200c00, 0x38200800, 0xc4c0f000 },
	{ "LdSt: Load/store register (pac)", 0x3b200400, 0x38200400, 0xc4c00800 },
	{ "LdSt: Load/store register (unsigned immediate)", 0x3b000000, 0x39000000, 0xc4c00000 },
	{ "LdSt: other", 0x0a000000, 0x08000000, 0xf5e00c00 },

	/* C4.1.5 Data Processing -- Register: sf, op, S and the opcode fields */
	{ "DPReg: Data-processing (2 source)", 0x5fe00000, 0x1ac00000, 0xa000fc00 },
	{ "DPReg: Data-processing (1 source)", 0x5fe00000, 0x5ac00000, 0xa01ffc00 },
	{ "DPReg: Logical (shifted register)", 0x1f000000, 0x0a000000, 0xe0e08000 },
	{ "DPReg: Add/subtract (shifted register)", 0x1f200000, 0x0b000000, 0xe0c08000 },
	{ "DPReg: Add/subtract (extended register)", 0x1f200000, 0x0b200000, 0xe0c0fc00 },
	{ "DPReg: Add/subtract (with carry)", 0x1fe0fc00, 0x1a000000, 0xe0000000 },
	{ "DPReg: Rotate right into flags", 0x1fe07c00, 0x1a000400, 0xe0000010 },
	{ "DPReg: Evaluate into flags", 0x1fe03c00, 0x1a000800, 0xe000401f },
	{ "DPReg: Conditional compare (register)", 0x1fe00800, 0x1a400000, 0xe0000410 },
	{ "DPReg: Conditional compare (immediate)", 0x1fe00800, 0x1a400800, 0xe0000410 },
	{ "DPReg: Conditional select", 0x1fe00000, 0x1a800000, 0xe0000c00 },
	{ "DPReg: Data-processing (3 source)", 0x1f000000, 0x1b000000, 0xe0e08000 },
	{ "DPReg: other", 0x0e000000, 0x0a000000, 0xf1e00c00 },

	/* C4.1.6 Data Processing -- Scalar Floating-Point and Advanced SIMD */
	{ "SIMD: Cryptographic AES", 0xff3e0c00, 0x4e280800, 0x00c1f000 },
	{ "SIMD: Cryptographic three-register SHA", 0xff208c00, 0x5e000000, 0x00c07000 },
	{ "SIMD: Cryptographic two-register SHA", 0xff3e0c00, 0x5e280800, 0x00c1f000 },
	{ "SIMD: AdvSIMD scalar copy", 0xdfe08400, 0x5e000400, 0x201f7800 },
	{ "SIMD: AdvSIMD scalar three same FP16", 0xdf60c400, 0x5e400400, 0x20803800 },
	{ "SIMD: AdvSIMD scalar two-register miscellaneous FP16", 0xdf7e0c00, 0x5e780800,
	  0x2081f000 },
	{ "SIMD: AdvSIMD scalar three same extra", 0xdf208400, 0x5e008400, 0x20c07800 },
	{ "SIMD: AdvSIMD scalar two-register miscellaneous", 0xdf3e0c00, 0x5e200800, 0x20c1f000 },
	{ "SIMD: AdvSIMD scalar pairwise", 0xdf3e0c00, 0x5e300800, 0x20c1f000 },
	{ "SIMD: AdvSIMD scalar three different", 0xdf200c00, 0x5e200000, 0x20c0f000 },
	{ "SIMD: AdvSIMD scalar three same", 0xdf200400, 0x5e200400, 0x20c0f800 },
	{ "SIMD: AdvSIMD scalar shift by immediate", 0xdf800400, 0x5f000400, 0x2078f800 },
	{ "SIMD: AdvSIMD scalar x indexed element", 0xdf000400, 0x5f000000, 0x20c0f000 },
	{ "SIMD: AdvSIMD table lookup", 0xbf208c00, 0x0e000000, 0x40c07000 },
	{ "SIMD: AdvSIMD permute", 0xbf208c00, 0x0e000800, 0x40c07000 },
	{ "SIMD: AdvSIMD extract", 0xbf208400, 0x2e000000, 0x40c07800 },
	{ "SIMD: AdvSIMD copy", 0x9fe08400, 0x0e000400, 0x601f7800 },
	{ "SIMD: AdvSIMD three same (FP16)", 0x9f60c400, 0x0e400400, 0x60803800 },
	{ "SIMD: AdvSIMD two-register miscellaneous (FP16)", 0x9f7e0c00, 0x0e780800, 0x6081f000 },
	{ "SIMD: AdvSIMD three-register extension", 0x9f208400, 0x0e008400, 0x60c07800 },
	{ "SIMD: AdvSIMD two-register miscellaneous", 0x9f3e0c00, 0x0e200800, 0x60c1f000 },
	{ "SIMD: AdvSIMD across lanes", 0x9f3e0c00, 0x0e300800, 0x60c1f000 },
	{ "SIMD: AdvSIMD three different", 0x9f200c00, 0x0e200000, 0x60c0f000 },
	{ "SIMD: AdvSIMD three same", 0x9f200400, 0x0e200400, 0x60c0f800 },
	{ "SIMD: AdvSIMD modified immediate", 0x9ff80400, 0x0f000400, 0x6000fc00 },
	{ "SIMD: AdvSIMD shift by immediate", 0x9f800400, 0x0f000400, 0x6078f800 },
	{ "SIMD: AdvSIMD vector x indexed element", 0x9f000400, 0x0f000000, 0x60c0f000 },
	{ "SIMD: Cryptographic three-register, imm2", 0xffe0c000, 0xce408000, 0x00000c00 },
	{ "SIMD: Cryptographic three-register SHA 512", 0xffe0b000, 0xce608000, 0x00004c00 },
	{ "SIMD: Cryptographic four-register", 0xff808000, 0xce000000, 0x00600000 },
	{ "SIMD: XAR", 0xffe00000, 0xce800000, 0x00000000 },
	{ "SIMD: Cryptographic two-register SHA 512", 0xfffff000, 0xcec08000, 0x00000c00 },
	{ "FP: Conversion between floating-point and fixed-point", 0x5f200000, 0x1e000000,
	  0xa0ff8000 },
	{ "FP: Conversion between floating-point and integer", 0x5f20fc00, 0x1e200000, 0xa0ff0000 },
	{ "FP: Floating-point data-processing (1 source)", 0x5f207c00, 0x1e204000, 0xa0df8000 },
	{ "FP: Floating-point compare", 0x5f203c00, 0x1e202000, 0xa0c0c01f },
	{ "FP: Floating-point immediate", 0x5f201c00, 0x1e201000, 0xa0c003e0 },
	{ "FP: Floating-point conditional compare", 0x5f200c00, 0x1e200400, 0xa0c00010 },
	{ "FP: Floating-point data-processing (2 source)", 0x5f200c00, 0x1e200800, 0xa0c0f000 },
	{ "FP: Floating-point conditional select", 0x5f200c00, 0x1e200c00, 0xa0c00000 },
	{ "FP: Floating-point data-processing (3 source)", 0x5f000000, 0x1f000000, 0xa0e08000 },
	{ "FP/SIMD: other", 0x0e000000, 0x0e000000, 0xf1e00c00 },
};

#define N_GROUPS (sizeof(groups) / sizeof(groups[0]))

static unsigned group_of(uint32_t insn)
{
	for (unsigned i = 0; i < N_GROUPS; i++)
		if ((insn & groups[i].mask) == groups[i].match)
			return i;
	return N_GROUPS; /* cannot happen: the top-level groups cover everything */
}

/* ------------------------------------------------------------ the state */

/* splitmix64: a fixed-seed generator, so every run samples the same words. */
static uint64_t rng_state;

static uint32_t rng32(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)((z ^ (z >> 31)) >> 16);
}

/* One kind of disagreement: (group, capstone mnemonic, hvsim row name). */
#define MAX_EXAMPLES 4

struct disagreement {
	unsigned group;
	char cs[24], hv[24];
	unsigned n_examples;
	uint32_t example[MAX_EXAMPLES];
	char text[MAX_EXAMPLES][64];
	unsigned long count;
};

#define MAX_KINDS 4096

struct stats {
	unsigned long samples, agree, excluded[R_COUNT], undocumented;
};

static struct {
	csh cs;
	cs_insn *insn, *aux;
	struct stats total, phase;
	struct disagreement kinds[MAX_KINDS];
	unsigned n_kinds;
	unsigned long lost_kinds;
} st;

/* Capstone's mnemonic for insn, through a buffer of its own; false if unallocated. */
static bool cs_mnemonic(uint32_t insn, char *buf, size_t len)
{
	const uint8_t *code = (const uint8_t *)&insn;
	size_t size = 4;
	uint64_t addr = 0;

	if (!cs_disasm_iter(st.cs, &code, &size, &addr, st.aux))
		return false;
	snprintf(buf, len, "%s", st.aux->mnemonic);
	return true;
}

/* Keep up to MAX_EXAMPLES examples of a kind that differ in the group's opcode fields. */
static void add_example(struct disagreement *d, uint32_t insn, const char *text)
{
	uint32_t sweep = d->group < N_GROUPS ? groups[d->group].sweep : ~0u;

	if (d->n_examples == MAX_EXAMPLES)
		return;
	for (unsigned i = 0; i < d->n_examples; i++)
		if (((d->example[i] ^ insn) & sweep) == 0)
			return;
	d->example[d->n_examples] = insn;
	snprintf(d->text[d->n_examples], sizeof(d->text[0]), "%.63s", text);
	d->n_examples++;
}

static void record(uint32_t insn, const char *cs, const char *text, const char *hv)
{
	unsigned g = group_of(insn);
	const char *c = cs ? cs : "unallocated", *h = hv ? hv : "unallocated";

	for (unsigned i = 0; i < st.n_kinds; i++) {
		struct disagreement *d = &st.kinds[i];
		if (d->group == g && !strcmp(d->cs, c) && !strcmp(d->hv, h)) {
			d->count++;
			add_example(d, insn, text);
			return;
		}
	}
	if (st.n_kinds == MAX_KINDS) {
		st.lost_kinds++;
		return;
	}
	struct disagreement *d = &st.kinds[st.n_kinds++];
	memset(d, 0, sizeof(*d));
	d->group = g;
	snprintf(d->cs, sizeof(d->cs), "%.23s", c);
	snprintf(d->hv, sizeof(d->hv), "%.23s", h);
	d->count = 1;
	add_example(d, insn, text);
}

/* Compare one word: an agreement, a documented exclusion or a disagreement. */
static void compare(uint32_t insn)
{
	const uint8_t *code = (const uint8_t *)&insn;
	size_t size = 4;
	uint64_t addr = 0;
	bool cs_ok = cs_disasm_iter(st.cs, &code, &size, &addr, st.insn);
	const char *cs = cs_ok ? st.insn->mnemonic : NULL;
	const struct a64_insn *row = a64_lookup(insn);
	const char *hv = row ? row->name : NULL;

	st.phase.samples++;
	if ((!cs && !hv) || (cs && hv && same_insn(insn, cs, hv))) {
		st.phase.agree++;
		return;
	}
	const struct exclusion *e = find_exclusion(insn, cs, hv);
	if (e) {
		st.phase.excluded[e->why]++;
		return;
	}
	char text[sizeof(st.insn->mnemonic) + sizeof(st.insn->op_str) + 1];
	if (cs)
		snprintf(text, sizeof(text), "%s %s", st.insn->mnemonic, st.insn->op_str);
	else
		snprintf(text, sizeof(text), "(unallocated)");
	record(insn, cs, text, hv);
	st.phase.undocumented++;
}

static void phase_begin(void)
{
	memset(&st.phase, 0, sizeof(st.phase));
	st.n_kinds = 0;
	st.lost_kinds = 0;
}

static int by_group(const void *a, const void *b)
{
	const struct disagreement *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->count > y->count ? -1 : x->count < y->count;
}

/* Print this phase's disagreements by group, add it to the total, and check it. */
static void phase_end(const char *what)
{
	struct stats *p = &st.phase, *t = &st.total;

	printf("[%s] %lu samples, %lu agree, %lu excluded, %lu undocumented disagreements\n",
	       what, p->samples, p->agree, p->samples - p->agree - p->undocumented,
	       p->undocumented);
	qsort(st.kinds, st.n_kinds, sizeof(st.kinds[0]), by_group);
	unsigned last = ~0u;
	for (unsigned i = 0; i < st.n_kinds; i++) {
		const struct disagreement *d = &st.kinds[i];
		if (d->group != last) {
			printf("  %s\n", d->group < N_GROUPS ? groups[d->group].name : "?");
			last = d->group;
		}
		printf("    capstone %s, hvsim %s: %lu samples, e.g.\n", d->cs, d->hv, d->count);
		for (unsigned e = 0; e < d->n_examples; e++)
			printf("      %08x  capstone: %-40s hvsim: %s\n", d->example[e], d->text[e],
			       d->hv);
	}
	if (st.lost_kinds)
		printf("  ... and %lu more kinds not listed\n", st.lost_kinds);
	t->samples += p->samples;
	t->agree += p->agree;
	t->undocumented += p->undocumented;
	for (unsigned r = 0; r < R_COUNT; r++)
		t->excluded[r] += p->excluded[r];
	assert_int_equal(p->undocumented, 0);
}

/* ---------------------------------------------------------------- tests */

/* Deposit the low bits of `v` into the set bits of `mask`, lowest first. */
static uint32_t deposit(uint32_t v, uint32_t mask)
{
	uint32_t r = 0;
	for (uint32_t bit = 1; mask; bit <<= 1) {
		uint32_t low = mask & -mask;
		if (v & bit)
			r |= low;
		mask &= mask - 1;
	}
	return r;
}

static const struct a64_table *const tables[] = {
	&a64_table_branch, &a64_table_dp, &a64_table_ldst,
	&a64_table_system, &a64_table_fp, &a64_table_simd,
};

/*
 * Fixed fillings of the bits a sample leaves free: all-zeros, all-ones,
 * and the register fields (Rt/Rd, Rn, Rt2/Ra, Rm/Rs) as 11111, each alone
 * and together, which selects SP/XZR forms and the fixed-ones fields
 * (RET's Rn, CAS's Rt2, DRPS, ...).
 */
static const uint32_t fills[] = {
	0, ~0u, 0x0000001f, 0x000003e0, 0x00007c00, 0x001f0000, 0x000003ff, 0x001f7fff,
};

#define N_FILLS (sizeof(fills) / sizeof(fills[0]))

/* Every row: its match value and variations of every bit it leaves free. */
static void test_table_rows(void **state)
{
	phase_begin();
	rng_state = 0x243f6a8885a308d3ull;
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (size_t i = 0; i < tables[t]->n; i++) {
			const struct a64_insn *r = &tables[t]->rows[i];
			uint32_t free = ~r->mask;
			for (unsigned f = 0; f < N_FILLS; f++)
				compare(r->match | (fills[f] & free));
			for (uint32_t f = free; f; f &= f - 1) {
				uint32_t bit = f & -f;
				compare(r->match | bit);
				compare(r->match | (free & ~bit));
			}
			for (int k = 0; k < 64; k++)
				compare(r->match | (rng32() & free));
		}
	}
	phase_end("table rows");
}

/*
 * Every C4.1 group: all values of its opcode fields, with the remaining
 * bits in each fixed filling and random.
 */
static void test_encoding_groups(void **state)
{
	phase_begin();
	rng_state = 0x13198a2e03707344ull;
	for (unsigned g = 0; g < N_GROUPS; g++) {
		const struct group *gr = &groups[g];
		uint32_t sweep = gr->sweep & ~gr->mask, rest = ~(gr->mask | sweep);
		unsigned k = (unsigned)__builtin_popcount(sweep);
		unsigned randoms = k <= 8 ? 256 : k <= 11 ? 64 : 8;
		for (uint32_t v = 0; v < (1u << k); v++) {
			uint32_t base = gr->match | deposit(v, sweep);
			for (unsigned f = 0; f < N_FILLS; f++)
				compare(base | (fills[f] & rest));
			for (unsigned i = 0; i < randoms; i++)
				compare(base | (rng32() & rest));
		}
	}
	phase_end("encoding groups");
}

/* 10^5 uniformly random words. */
static void test_random_words(void **state)
{
	phase_begin();
	rng_state = 0xa4093822299f31d0ull;
	for (int i = 0; i < 100000; i++)
		compare(rng32());
	phase_end("random words");
}

static int setup(void **state)
{
	if (cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &st.cs) != CS_ERR_OK)
		return -1;
	st.insn = cs_malloc(st.cs);
	st.aux = cs_malloc(st.cs);
	return st.insn && st.aux ? 0 : -1;
}

static int teardown(void **state)
{
	const struct stats *t = &st.total;
	unsigned long excl = 0;
	int major, minor;

	for (unsigned r = 0; r < R_COUNT; r++)
		excl += t->excluded[r];
	cs_version(&major, &minor);
	printf("summary (capstone %d.%d): %lu samples compared, %lu agreements, "
	       "%lu documented exclusions, %lu undocumented disagreements\n",
	       major, minor, t->samples, t->agree, excl, t->undocumented);
	printf("documented exclusions by reason:\n");
	for (unsigned r = 0; r < R_COUNT; r++)
		printf("  %8lu  %s\n", t->excluded[r], reason_text[r]);
	cs_free(st.insn, 1);
	cs_free(st.aux, 1);
	cs_close(&st.cs);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_encoding_groups),
		cmocka_unit_test(test_random_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
