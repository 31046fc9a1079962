/*
 * The program generator: random initial states and random units (a tested
 * instruction with the set-up instructions that make it safe), emitted as
 * assembly for clang-16. Deterministic for a given seed: the only source
 * of choices is the xorshift generator below.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/diff/difftest.h"

void rng_seed(struct rng *r, uint64_t seed)
{
	r->s = seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
	if (!r->s)
		r->s = 1;
	for (int i = 0; i < 4; i++)
		rng_next(r);
}

/* xorshift64* (Vigna, "An experimental exploration of Marsaglia's xorshift generators"). */
uint64_t rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dull;
}

int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* ------------------------------------------------------------ values */

/* Floating-point values that exercise rounding, NaN handling and range limits. */
static uint64_t fresh_float(struct rng *r, unsigned ebits, unsigned mbits)
{
	uint64_t sign = (uint64_t)rng_below(r, 2) << (ebits + mbits);
	uint64_t emax = (1ull << ebits) - 1, bias = emax >> 1;
	uint64_t mmask = (1ull << mbits) - 1, m = rng_next(r) & mmask;
	uint64_t e, k = rng_below(r, 4);

	switch (rng_below(r, 16)) {
	case 12: case 13: case 14: case 15:
		/* A few units in the last place above or below 1.0, 0.5, 2.0, the smallest
		 * normal or the largest finite value, where rounding changes the exponent. */
		switch (rng_below(r, 6)) {
		case 0: return sign | (mmask - k);                      /* largest denormals */
		case 1: return sign | 1ull << mbits | k;                /* smallest normals */
		case 2: return sign | (bias - 1) << mbits | (mmask - k);
		case 3: return sign | (bias + rng_below(r, 2)) << mbits | k;
		case 4: return sign | bias << mbits | (mmask - k);
		default: return sign | (emax - 1) << mbits | (mmask - k);
		}
	case 0: return sign;                                       /* zero */
	case 1: return sign | emax << mbits;                       /* infinity */
	case 2: return sign | emax << mbits | 1ull << (mbits - 1) | m;   /* quiet NaN */
	case 3: return sign | emax << mbits | ((m & (mmask >> 1)) | 1);  /* signalling NaN */
	case 4: return sign | (m ? m : 1);                         /* denormal */
	case 5: e = rng_below(r, 3) ? 1 : emax - 1; break;        /* extremes of the normal range */
	case 6: /* integers and halves near conversion boundaries (2^31, 2^32, 2^63, 2^64) */
		e = bias + (uint64_t)(rng_below(r, 2) ? rng_range(r, 29, 33) : rng_range(r, 61, 65));
		m &= ~(mmask >> 3);
		break;
	case 7: /* small values, often exact integers or halves */
		e = bias + (uint64_t)rng_range(r, -2, 8);
		if (rng_below(r, 2))
			m &= ~(mmask >> 5);
		break;
	case 8: /* near the bottom of the normal range, where flushing and underflow happen */
		e = (uint64_t)rng_range(r, 1, 3 + (int64_t)mbits);
		break;
	default:
		e = bias + (uint64_t)rng_range(r, -20, 20);
		break;
	}
	if (e >= emax)
		e = emax - 1;
	return sign | e << mbits | m;
}

/*
 * Each block draws half of its floating-point values from a small
 * palette, so that the rare pairs (a value just below the smallest normal
 * times one just above 1.0, equal operands, exact cancellation) meet often.
 */
#define PALETTE 4
static uint64_t palette[3][PALETTE];       /* half, single, double */

static unsigned fmt_index(unsigned ebits)
{
	return ebits == 5 ? 0 : ebits == 8 ? 1 : 2;
}

static uint64_t rand_float(struct rng *r, unsigned ebits, unsigned mbits)
{
	if (rng_chance(r, 2))
		return palette[fmt_index(ebits)][rng_below(r, PALETTE)];
	return fresh_float(r, ebits, mbits);
}

static void new_palette(struct rng *r)
{
	static const uint8_t ebits[3] = { 5, 8, 11 }, mbits[3] = { 10, 23, 52 };

	for (unsigned f = 0; f < 3; f++)
		for (unsigned i = 0; i < PALETTE; i++)
			palette[f][i] = fresh_float(r, ebits[f], mbits[f]);
}

uint64_t rand_int(struct rng *r)
{
	static const uint64_t special[] = {
		0, 1, ~0ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x7fffffffull,
		0x80000000ull, 0xffffffffull, 0xffffffff80000000ull, 0x100000000ull, 0x7fff, 0x8000,
		0xffff, 0x7f, 0x80, 0xff,
	};

	switch (rng_below(r, 9)) {
	case 0: return special[rng_below(r, sizeof(special) / sizeof(special[0]))];
	case 1: return rng_below(r, 256);
	case 2: return (uint64_t)-(int64_t)rng_below(r, 256);
	case 3: return (uint32_t)rng_next(r);
	case 4: return (uint64_t)(int64_t)(int32_t)rng_next(r);
	case 5: return rand_float(r, 11, 52);
	case 6: return rand_float(r, 8, 23) | rand_float(r, 8, 23) << 32;
	default: return rng_next(r);
	}
}

/* One 64-bit half of a vector register: lanes of one kind. */
uint64_t rand_vhalf(struct rng *r)
{
	uint64_t v = 0;

	switch (rng_below(r, 8)) {
	case 0: case 1: return rand_float(r, 8, 23) | rand_float(r, 8, 23) << 32;
	case 2: case 3: return rand_float(r, 11, 52);
	case 4:
		for (int i = 0; i < 4; i++)
			v |= rand_float(r, 5, 10) << (16 * i);
		return v;
	case 5: /* lanes at saturation boundaries, for every element size */
		for (int i = 0; i < 8; i++) {
			static const uint8_t b[] = { 0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x81, 0x40 };
			v |= (uint64_t)b[rng_below(r, 8)] << (8 * i);
		}
		return v;
	case 6: return rand_int(r);
	default: return rng_next(r);
	}
}

/*
 * A value within a few units in the last place of 2^e (biased exponent e
 * >= 1; e = 1 gives the smallest normals and the largest denormals).
 */
static uint64_t near_pow2(struct rng *r, unsigned ebits, unsigned mbits, uint64_t e)
{
	uint64_t sign = (uint64_t)rng_below(r, 2) << (ebits + mbits);
	uint64_t mmask = (1ull << mbits) - 1, k = rng_below(r, 3);

	if (rng_chance(r, 2))
		return sign | e << mbits | k;
	return sign | (e - 1) << mbits | (mmask - k);
}

/* Multipliers close to 1 (or 0.5, 2): they move a boundary value across its boundary. */
static uint64_t multiplier(struct rng *r, unsigned ebits, unsigned mbits)
{
	uint64_t bias = ((1ull << ebits) - 1) >> 1;

	return near_pow2(r, ebits, mbits, bias + (uint64_t)rng_range(r, -1, 1));
}

/* Values at a boundary: the smallest normal, the largest finite value, 2^31, 2^63. */
static uint64_t boundary(struct rng *r, unsigned ebits, unsigned mbits)
{
	uint64_t emax = (1ull << ebits) - 1, bias = emax >> 1;

	switch (rng_below(r, 4)) {
	case 0: case 1: return near_pow2(r, ebits, mbits, 1);
	case 2: return near_pow2(r, ebits, mbits, emax - 1) | ((1ull << mbits) - 1) >> 2;
	default: return near_pow2(r, ebits, mbits, bias + (ebits > 5 ? (rng_below(r, 2) ? 31 : 63) : 15));
	}
}

/*
 * The block's pool of operand values (see refresh_operands): general
 * values, multipliers, boundary values, integers. Floating-point entries
 * hold lanes of one format.
 */
enum { POOL_GENERAL = 0, POOL_MULT = 16, POOL_BOUND = 32, POOL_INT = 48 };

static void pool_entry(uint64_t e[2], struct rng *r, unsigned i)
{
	uint64_t (*fn)(struct rng *, unsigned, unsigned) = i < POOL_BOUND ? multiplier : boundary;

	if (i < POOL_MULT || i >= POOL_INT) {
		e[0] = i < POOL_MULT ? rand_vhalf(r) : rand_int(r);
		e[1] = i < POOL_MULT ? rand_vhalf(r) : rand_int(r);
		return;
	}
	for (unsigned h = 0; h < 2; h++) {
		if (i & 1)
			e[h] = fn(r, 11, 52);
		else
			e[h] = fn(r, 8, 23) | fn(r, 8, 23) << 32;
	}
}

/*
 * Make some registers relatives of others: equal, negated, or one unit in
 * the last place apart (as integers, singles or doubles), so that compares
 * see equality and additions cancel exactly.
 */
static uint64_t relative(struct rng *r, uint64_t v)
{
	switch (rng_below(r, 6)) {
	case 0: return v;
	case 1: return -v;
	case 2: return v ^ 0x8000000000000000ull;           /* double negated */
	case 3: return v ^ 0x8000000080000000ull;           /* singles negated */
	case 4: return v + (rng_below(r, 2) ? 1 : -1);
	default: return v + (rng_below(r, 2) ? 1ull << 32 : -(1ull << 32));
	}
}

static void correlate(uint8_t *s, struct rng *r)
{
	uint64_t v;

	for (unsigned k = rng_below(r, 6); k; k--) {
		unsigned a = rng_below(r, isa->ngprs), b = rng_below(r, isa->ngprs);
		if (a == isa->base_reg || b == isa->base_reg || b == isa->zero_reg)
			continue;
		memcpy(&v, s + ST_X + 8 * a, 8);
		v = relative(r, v);
		memcpy(s + ST_X + 8 * b, &v, 8);
	}
	for (unsigned k = rng_below(r, 12); k; k--) {
		unsigned a = rng_below(r, 2 * isa->nvregs), b = rng_below(r, 2 * isa->nvregs);
		memcpy(&v, s + ST_V + 8 * a, 8);
		v = relative(r, v);
		memcpy(s + ST_V + 8 * b, &v, 8);
	}
}

/*
 * A random initial state: general registers (the base register is the
 * linker's, see gen_emit), the ISA's own words, the live part of the
 * vector registers and the scratch buffer.
 */
static void rand_state(uint8_t *s, struct rng *r, const struct gen_opts *o)
{
	memset(s, 0, ST_SIZE);
	new_palette(r);
	for (unsigned i = 0; i < isa->ngprs; i++)
		put64(s + ST_X + 8 * i, rand_int(r));
	put64(s + ST_X + 8 * isa->base_reg, 0);
	put64(s + ST_X + 8 * isa->zero_reg, 0);
	isa->rand_state(s, r, o);
	for (unsigned i = 0; i < 2 * isa->nvregs; i++)
		put64(s + ST_V + 8 * i, rand_vhalf(r));
	for (int i = 0; i < SCRATCH_SIZE; i += 8)
		put64(s + ST_MEM + i, rng_below(r, 3) ? rng_next(r) : rand_vhalf(r));
	correlate(s, r);
}

/* ------------------------------------------------------------ encodings */

/* ------------------------------------------------------------ blocks */

void push_pool(struct gblock *b, uint32_t enc, int tmpl, int pool, unsigned reg, bool vec)
{
	if (b->ninsns == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 256;
		b->insns = realloc(b->insns, b->cap * sizeof(*b->insns));
		if (!b->insns)
			abort();
	}
	b->insns[b->ninsns++] = (struct ginsn){ enc, (int16_t)tmpl, (int16_t)pool, (uint8_t)reg, vec };
}

void push(struct gblock *b, uint32_t enc, int tmpl)
{
	push_pool(b, enc, tmpl, -1, 0, false);
}

/* Templates by group, for the weighted choice (of the ISA they were grouped for). */
static unsigned by_group[G_COUNT][512], n_by_group[G_COUNT];
static const struct diff_isa *grouped;

static void group_templates(void)
{
	if (grouped == isa)
		return;
	memset(n_by_group, 0, sizeof(n_by_group));
	for (unsigned t = 0; t < ntemplates; t++) {
		unsigned g = templates[t].group;
		if (n_by_group[g] < sizeof(by_group[g]) / sizeof(by_group[g][0]))
			by_group[g][n_by_group[g]++] = t;
	}
	grouped = isa;
}

static unsigned pick_template(struct rng *r, const unsigned *weight)
{
	unsigned total = 0;

	for (unsigned g = 0; g < G_COUNT; g++)
		total += n_by_group[g] ? weight[g] : 0;
	unsigned x = rng_below(r, total);
	for (unsigned g = 0; g < G_COUNT; g++) {
		unsigned w = n_by_group[g] ? weight[g] : 0;
		if (x < w)
			return by_group[g][rng_below(r, n_by_group[g])];
		x -= w;
	}
	abort();
}

/* A register for a field of the given kind. */
uint32_t pick_reg(struct rng *r, char kind)
{
	uint32_t v;

	switch (kind) {
	case 'X': case 'P':
		do
			v = rng_below(r, isa->nregs);
		while (v == isa->base_reg || isa->reserved >> v & 1);
		return v;
	case 'x': case 'p':
		do
			v = rng_below(r, isa->nregs);
		while (isa->reserved >> v & 1);
		return v;
	case 'b':              /* the scratch base itself a quarter of the time */
		if (rng_chance(r, 4))
			return isa->base_reg;
		/* fall through */
	case 'w': case 'g':
		do
			v = isa->reg_lo + rng_below(r, 31);
		while (v == isa->base_reg);
		return v;
	case 'i':
		if (rng_chance(r, 16))
			return isa->zero_reg;    /* a zero index */
		do
			v = isa->reg_lo + rng_below(r, 31);
		while (v == isa->base_reg);
		return v;
	case 'r':
		return rng_chance(r, 2) ? 31 : rng_below(r, 31);
	default:
		return rng_below(r, isa->nregs);
	}
}

bool distinct_ok(unsigned t, uint32_t enc)
{
	const char *d = templates[t].distinct;

	for (; d && d[0] && d[1]; d += d[2] ? 3 : 2)
		if (field_get(t, enc, d[0]) == field_get(t, enc, d[1]))
			return false;
	return true;
}

/* A random encoding of template t with its register fields chosen by kind. */
uint32_t rand_encoding(struct rng *r, unsigned t)
{
	const struct tmpl_info *ti = &tinfo[t];

	for (unsigned tries = 0; tries < 100000; tries++) {
		uint32_t enc = ti->match | ((uint32_t)rng_next(r) & ti->free);
		for (unsigned f = 0; f < ti->nfields; f++)
			enc = field_set(t, enc, ti->fields[f].letter, pick_reg(r, ti->fields[f].kind));
		if (tmpl_allows(t, enc) && distinct_ok(t, enc))
			return enc;
	}
	fprintf(stderr, "difftest: template '%s' yields no valid encoding\n", templates[t].name);
	exit(2);
}

/* A filler for the branch units: any plain (single-instruction) template. */
static void push_filler(struct gblock *b, struct rng *r)
{
	static const unsigned w[G_COUNT] = { [G_INT] = 2, [G_FP] = 1, [G_SIMD] = 1 };
	unsigned t;

	do
		t = pick_template(r, w);
	while (templates[t].kind != K_PLAIN);
	push(b, rand_encoding(r, t), (int)t);
}

/*
 * Fresh operands: the values of the initial state are soon overwritten by
 * earlier units' results, so before some units the registers the tested
 * instruction reads are reloaded from the block's pool of chosen values
 * (isa->pool_load: a PC-relative load).
 */
void refresh_operands(struct gblock *b, struct rng *r, unsigned t, uint32_t enc)
{
	const struct tmpl_info *ti = &tinfo[t];
	/* A third of the time the first two SIMD&FP operands are a boundary value and a
	 * multiplier, in either order: products then land just beside the boundary. */
	bool pair = rng_chance(r, 3), bound_first = rng_chance(r, 2);
	unsigned nv = 0;
	uint32_t avoid = 0;

	for (unsigned f = 0; f < ti->nfields; f++)
		if (ti->fields[f].kind != 'v')
			avoid |= 1u << field_get(t, enc, ti->fields[f].letter);

	for (unsigned f = 0; f < ti->nfields; f++) {
		unsigned reg = (unsigned)field_get(t, enc, ti->fields[f].letter);
		char k = ti->fields[f].kind;
		if (k == 'v') {
			unsigned entry = rng_below(r, POOL_ENTRIES);
			/* Odd pool entries hold doubles, even ones singles. */
			if (pair && nv < 2)
				entry = ((nv == 0) == bound_first ? POOL_BOUND : POOL_MULT) +
					2 * rng_below(r, 8) + (isa->fp_double ? isa->fp_double(enc) : 1);
			nv++;
			isa->pool_load(b, reg, true, (int)entry, avoid);
		} else if ((k == 'x' || k == 'p') && reg != isa->base_reg && reg != 31 &&
			   reg != isa->zero_reg && rng_chance(r, 2)) {
			isa->pool_load(b, reg, false, (int)(POOL_INT + rng_below(r, 16)), avoid);
		}
	}
}

/* One unit: set-up instructions, the tested instruction, fillers. */
static void gen_unit(struct gblock *b, struct rng *r, const struct gen_opts *o)
{
	unsigned t = pick_template(r, o->group_weight);
	const struct tmpl_info *ti = &tinfo[t];
	uint32_t first = b->ninsns, test;

	if ((templates[t].group == G_FP || templates[t].group == G_SIMD) && isa->fp_setup)
		isa->fp_setup(b, r);

	switch (templates[t].kind) {
	case K_PLAIN: {
		uint32_t enc = rand_encoding(r, t);
		if (rng_chance(r, 2))
			refresh_operands(b, r, t, enc);
		test = b->ninsns;
		push(b, enc, (int)t);
		break;
	}
	case K_LITERAL: {
		uint32_t enc = rand_encoding(r, t);
		int32_t words = (int32_t)rng_range(r, -64, 63);
		enc = (enc & ~(((1u << ti->off_len) - 1) << ti->off_lo)) |
		      ((uint32_t)words & ((1u << ti->off_len) - 1)) << ti->off_lo;
		test = b->ninsns;
		push(b, enc, (int)t);
		break;
	}
	case K_BR_IMM: case K_BR_REG: {
		/* Forward over 0-2 fillers of the same unit. */
		unsigned nfill = rng_below(r, 3);
		uint32_t enc = rand_encoding(r, t);
		if (templates[t].kind == K_BR_REG) {
			unsigned n = (unsigned)field_get(t, enc, 'n');
			push(b, isa->enc_adr(n, 8 + 4 * (int32_t)nfill), -1);
		} else {
			enc = (enc & ~(((1u << ti->off_len) - 1) << ti->off_lo)) | (1 + nfill) << ti->off_lo;
		}
		test = b->ninsns;
		push(b, enc, (int)t);
		for (unsigned i = 0; i < nfill; i++)
			push_filler(b, r);
		break;
	}
	default:
		isa->memory_unit(b, r, t);
		/* The tested instruction is the first with the template's index. */
		for (test = first; b->insns[test].tmpl != (int)t; test++)
			;
		break;
	}
	if (b->nunits == b->ucap) {
		b->ucap = b->ucap ? 2 * b->ucap : 64;
		b->units = realloc(b->units, b->ucap * sizeof(*b->units));
		if (!b->units)
			abort();
	}
	b->units[b->nunits++] = (struct gunit){ first, b->ninsns - first, (int16_t)t, test };
}

void gen_block(struct gblock *b, struct rng *r, const struct gen_opts *o)
{
	group_templates();
	memset(b, 0, sizeof(*b));
	b->user = rng_chance(r, 2);
	rand_state(b->init, r, o);
	for (unsigned i = 0; i < 64; i++) {
		b->pad_before[i] = (uint32_t)rand_vhalf(r);
		b->pad_after[i] = (uint32_t)rand_vhalf(r);
	}
	for (unsigned i = 0; i < POOL_ENTRIES; i++)
		pool_entry(b->pool[i], r, i);
	for (unsigned u = 0; u < o->units; u++)
		gen_unit(b, r, o);
}

void gblock_free(struct gblock *b)
{
	free(b->insns);
	free(b->units);
	memset(b, 0, sizeof(*b));
}

/* ------------------------------------------------------------ emission */

uint32_t gen_final_enc(const struct gblock *b, unsigned unit, unsigned k)
{
	const struct gunit *u = &b->units[unit];
	const struct ginsn *in = &b->insns[u->first + k];

	if (in->pool < 0)
		return in->enc;
	/* Slot offsets from the block's start: unit u's instructions follow u
	 * checkpoints; after the last unit come the end checkpoint, the pad
	 * (64 words) and the pool (16 bytes an entry). */
	uint32_t at = u->first + k + CP_INSNS * unit;
	uint32_t pool_at = b->ninsns + CP_INSNS * (b->nunits - 1) + 1 + 64 * 4 / isa->insn_size;
	return isa->pool_fix(in->enc, (int32_t)(pool_at + 16 / isa->insn_size * (uint32_t)in->pool - at));
}

void gen_emit(FILE *f, struct gblock *const *blocks, unsigned nblocks, unsigned full)
{
	unsigned maxslots = 1;

	fprintf(f, "/* Generated by tests/diff/difftest: do not edit. */\n");
	fprintf(f, "\t.section .rodata.diff, \"a\"\n\t.balign 16\n");
	fprintf(f, "\t.global diff_nblocks\ndiff_nblocks:\n\t.quad %u\n", nblocks);
	fprintf(f, "\t.global diff_full\ndiff_full:\n\t.quad %u\n", full);
	fprintf(f, "\t.global diff_blocks\ndiff_blocks:\n");
	for (unsigned i = 0; i < nblocks; i++)
		fprintf(f, "\t.quad .Lcode%u, .Linit%u, %#llx\n", i, i,
			(unsigned long long)(blocks[i]->user ? isa->mode_user : isa->mode_priv));
	for (unsigned i = 0; i < nblocks; i++) {
		const uint8_t *s = blocks[i]->init;
		fprintf(f, "\t.balign 16\n.Linit%u:\n", i);
		for (unsigned w = 0; w < ST_SIZE / 8; w++) {
			uint64_t v;
			memcpy(&v, s + 8 * w, 8);
			if (w == isa->base_reg)
				fprintf(f, "\t.quad diff_scratch + %u\n", SCRATCH_BIAS);
			else
				fprintf(f, "\t.quad 0x%016llx\n", (unsigned long long)v);
		}
	}
	fprintf(f, "\t.text\n");
	for (unsigned i = 0; i < nblocks; i++) {
		const struct gblock *b = blocks[i];
		fprintf(f, "\t.balign 16\n");
		for (unsigned w = 0; w < 64; w++)
			fprintf(f, "\t%s 0x%08x\n", isa->word_directive, b->pad_before[w]);
		fprintf(f, ".Lcode%u:\n", i);
		for (unsigned u = 0; u < b->nunits; u++) {
			for (unsigned k = 0; k < b->units[u].n; k++) {
				uint32_t enc = gen_final_enc(b, u, k);
				if (isa->emit_insn)
					isa->emit_insn(f, enc);
				else
					fprintf(f, "\t%s 0x%08x\n", isa->word_directive, enc);
			}
			fprintf(f, "\t");
			fprintf(f, isa->checkpoint_fmt,
				u + 1 < b->nunits ? DIFF_CHECKPOINT : DIFF_END);
			fprintf(f, "\n");
		}
		for (unsigned w = 0; w < 64; w++)
			fprintf(f, "\t%s 0x%08x\n", isa->word_directive, b->pad_after[w]);
		for (unsigned p = 0; p < POOL_ENTRIES; p++)
			fprintf(f, "\t.quad 0x%016llx, 0x%016llx\n", (unsigned long long)b->pool[p][0],
				(unsigned long long)b->pool[p][1]);
		if (b->nunits > maxslots)
			maxslots = b->nunits;
	}
	fprintf(f, "\t.bss\n\t.balign 16\n\t.global diff_slots\ndiff_slots:\n\t.space %u\n",
		maxslots * ST_SIZE);
}
