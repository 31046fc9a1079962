/*
 * The compilation of the selected ISA's instruction templates (its table,
 * data only, in templates_<isa>_*.inc) into masks and fields.
 */
#include <stdio.h>
#include <string.h>

#include "tests/diff/difftest.h"

struct tmpl_info tinfo[MAX_TEMPLATES];

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
	bool ok = ntemplates <= MAX_TEMPLATES;

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
