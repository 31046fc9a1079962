/*
 * The instruction templates the generator draws from (one table, data
 * only, in templates_*.inc) and their compilation into masks and fields.
 * Every template is an Armv8.0 encoding Cortex-A57 implements (with CRC32;
 * the LSE atomics only in the separate -cpu max run), minus the system
 * instructions and the Cryptographic Extension. Encoding facts are from
 * the Arm ARM DDI 0487, C4.1 "A64 instruction set encoding" and the
 * instruction pages it cites.
 */
#include <stdio.h>
#include <string.h>

#include "tests/diff/difftest.h"

static uint32_t bits(uint32_t insn, unsigned lo, unsigned len)
{
	return (insn >> lo) & ((1u << len) - 1);
}

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

const struct tmpl templates[] = {
#include "tests/diff/templates_int.inc"
#include "tests/diff/templates_mem.inc"
#include "tests/diff/templates_fp.inc"
#include "tests/diff/templates_simd.inc"
#include "tests/diff/templates_lse.inc"
};
const unsigned ntemplates = sizeof(templates) / sizeof(templates[0]);
struct tmpl_info tinfo[sizeof(templates) / sizeof(templates[0])];

static bool is_reg_letter(char c)
{
	return strchr("dnmatTS", c) != NULL;
}

/* Strip spaces: the 32 significant characters of a pattern, or false. */
static bool squeeze(const char *pat, char out[33])
{
	unsigned n = 0;

	for (const char *p = pat; *p; p++) {
		if (*p == ' ')
			continue;
		if (n == 32)
			return false;
		out[n++] = *p;
	}
	out[n] = 0;
	return n == 32;
}

static bool compile(unsigned t)
{
	const struct tmpl *tp = &templates[t];
	struct tmpl_info *ti = &tinfo[t];
	char p[33];

	memset(ti, 0, sizeof(*ti));
	if (!squeeze(tp->pat, p)) {
		fprintf(stderr, "template '%s': pattern is not 32 bits\n", tp->name);
		return false;
	}
	for (unsigned i = 0; i < 32; i++) {
		uint32_t bit = 1u << (31 - i);
		char c = p[i];

		if (c == '0' || c == '1') {
			ti->mask |= bit;
			ti->match |= c == '1' ? bit : 0;
			continue;
		}
		ti->free |= bit;
		if (!is_reg_letter(c) && c != 'O')
			continue;
		/* A field: the run of this letter starting here. */
		if (i > 0 && p[i - 1] == c)
			continue;
		unsigned len = 1;
		while (i + len < 32 && p[i + len] == c)
			len++;
		unsigned lo = 31 - (i + len - 1);
		if (c == 'O') {
			ti->off_lo = lo;
			ti->off_len = len;
			continue;
		}
		if (ti->nfields == MAX_FIELDS || tmpl_field(t, c)) {
			fprintf(stderr, "template '%s': field %c twice\n", tp->name, c);
			return false;
		}
		ti->fields[ti->nfields++] = (struct field){ c, 0, lo, len };
	}
	/* Register kinds: "dX nx ..."; NULL = all SIMD&FP. */
	for (unsigned f = 0; f < ti->nfields; f++) {
		struct field *fd = &ti->fields[f];
		if (!tp->regs) {
			fd->kind = 'v';
			continue;
		}
		for (const char *r = tp->regs; r[0] && r[1]; r += r[2] ? 3 : 2)
			if (r[0] == fd->letter)
				fd->kind = r[1];
		if (!fd->kind || !strchr("xXpPvbwirg", fd->kind)) {
			fprintf(stderr, "template '%s': no kind for field %c\n", tp->name, fd->letter);
			return false;
		}
	}
	if (tp->regs)
		for (const char *r = tp->regs; r[0] && r[1]; r += r[2] ? 3 : 2)
			if (!tmpl_field(t, r[0])) {
				fprintf(stderr, "template '%s': kind for absent field %c\n", tp->name, r[0]);
				return false;
			}
	for (unsigned k = 0; k < 5 && tp->forbid[k]; k++) {
		char f[33];
		if (!squeeze(tp->forbid[k], f)) {
			fprintf(stderr, "template '%s': forbid pattern %u is not 32 bits\n", tp->name, k);
			return false;
		}
		uint32_t m = 0, v = 0;
		for (unsigned i = 0; i < 32; i++)
			if (f[i] != '.') {
				m |= 1u << (31 - i);
				v |= (f[i] == '1' ? 1u : 0) << (31 - i);
			}
		ti->forbid_mask[ti->nforbid] = m;
		ti->forbid_match[ti->nforbid++] = v;
	}
	if (tp->distinct)
		for (const char *d = tp->distinct; d[0] && d[1]; d += d[2] ? 3 : 2)
			if (!tmpl_field(t, d[0]) || !tmpl_field(t, d[1])) {
				fprintf(stderr, "template '%s': distinct names an absent field\n", tp->name);
				return false;
			}
	return true;
}

bool templates_init(void)
{
	bool ok = true;

	for (unsigned t = 0; t < ntemplates; t++)
		ok &= compile(t);
	return ok;
}

const struct field *tmpl_field(unsigned t, char letter)
{
	for (unsigned f = 0; f < tinfo[t].nfields; f++)
		if (tinfo[t].fields[f].letter == letter)
			return &tinfo[t].fields[f];
	return NULL;
}

int field_get(unsigned t, uint32_t insn, char letter)
{
	const struct field *f = tmpl_field(t, letter);

	return f ? (int)bits(insn, f->lo, f->len) : -1;
}

uint32_t field_set(unsigned t, uint32_t insn, char letter, uint32_t v)
{
	const struct field *f = tmpl_field(t, letter);
	uint32_t m = ((1u << f->len) - 1) << f->lo;

	return (insn & ~m) | ((v << f->lo) & m);
}

bool tmpl_allows(unsigned t, uint32_t insn)
{
	const struct tmpl_info *ti = &tinfo[t];

	if ((insn & ti->mask) != ti->match)
		return false;
	for (unsigned k = 0; k < ti->nforbid; k++)
		if ((insn & ti->forbid_mask[k]) == ti->forbid_match[k])
			return false;
	return !templates[t].valid || templates[t].valid(insn);
}
