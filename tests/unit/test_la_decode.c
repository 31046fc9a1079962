/*
 * The LA64 decode tables and the decode driver (decode.c): no row of one
 * table overlaps a row of another (decodetree checks the rows within a
 * table), the driver's index finds what a scan of every table finds, each
 * row's own encoding decodes to a row of its table, and unallocated words
 * decode to INE.
 *
 *     test_la_decode --dump SEED PER_ROW RANDOM
 *
 * prints hvsim's side of the disassembly cross-check instead (la-objdump-
 * check compares it with llvm-objdump): encodings drawn from every row of
 * the decode tables (its match with the don't-care bits clear, set, and
 * random PER_ROW times) and RANDOM words drawn at random (table "-"), one a
 * line: <word in hex> TAB <table> TAB <hvsim's text, or "<ine>">.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "tests/unit/la_harness.h"

static const struct {
	const char *name;
	const struct la_table *table;
} tables[] = {
	{ "int", &la_table_int }, { "branch", &la_table_branch }, { "ldst", &la_table_ldst },
	{ "fp", &la_table_fp }, { "system", &la_table_system }, { "lsx", &la_table_lsx },
	{ "vfp", &la_table_vfp },
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

static bool rows_overlap(const struct la_insn *a, const struct la_insn *b)
{
	return ((a->match ^ b->match) & a->mask & b->mask) == 0;
}

/* Rows of different tables: no word may match both (mask/match intersection). */
static void test_tables_disjoint(void **state)
{
	unsigned overlaps = 0;
	for (size_t s = 0; s < N_TABLES; s++)
		for (size_t t = s + 1; t < N_TABLES; t++)
			for (size_t i = 0; i < tables[s].table->n; i++)
				for (size_t j = 0; j < tables[t].table->n; j++) {
					const struct la_insn *a = &tables[s].table->rows[i];
					const struct la_insn *b = &tables[t].table->rows[j];
					if (!rows_overlap(a, b))
						continue;
					print_error("%s %s (%08x/%08x) overlaps %s %s (%08x/%08x)\n",
						    tables[s].name, a->name, a->match, a->mask,
						    tables[t].name, b->name, b->match, b->mask);
					overlaps++;
				}
	assert_int_equal(overlaps, 0);
}

/* xorshift64*: a seeded, portable sequence of words. */
static uint32_t next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)((*s * 0x2545f4914f6cdd1dull) >> 32);
}

/* The reference: the first row, over every table in order, whose pattern and decode accept insn. */
static const struct la_insn *scan(uint32_t insn)
{
	for (size_t t = 0; t < N_TABLES; t++)
		for (const struct la_insn *r = tables[t].table->rows;
		     r < tables[t].table->rows + tables[t].table->n; r++) {
			struct core_op op = { .insn = insn };
			if ((insn & r->mask) == r->match && (!r->decode || r->decode(insn, &op)))
				return r;
		}
	return NULL;
}

static void check_same(uint32_t insn)
{
	struct core_op op;
	if (la_decode_op(insn, &op) != scan(insn))
		fail_msg("%08x: the index and the scan find different rows", insn);
}

/* The index finds what the scan finds: every row's extremes, and random words. */
static void test_index(void **state)
{
	for (size_t t = 0; t < N_TABLES; t++)
		for (size_t i = 0; i < tables[t].table->n; i++) {
			const struct la_insn *r = &tables[t].table->rows[i];
			check_same(r->match);
			check_same(r->match | ~r->mask);
		}
	uint64_t s = 1;
	for (unsigned k = 0; k < 200000; k++)
		check_same(next_random(&s));
}

/* A row's own encoding (don't-care bits clear) decodes in its table (an alias row may take it). */
static void test_rows_reachable(void **state)
{
	for (size_t t = 0; t < N_TABLES; t++)
		for (size_t i = 0; i < tables[t].table->n; i++) {
			const struct la_insn *r = &tables[t].table->rows[i];
			struct core_op op;
			const struct la_insn *got = la_decode_op(r->match, &op);
			const struct la_insn *first = tables[t].table->rows;
			if (!got || got < first || got >= first + tables[t].table->n)
				fail_msg("%s %s: %08x decodes as %s", tables[t].name, r->name, r->match,
					 got ? got->name : "INE");
		}
}

/* Unallocated words decode to the INE handler and do not disassemble. */
static void test_unallocated(void **state)
{
	static const uint32_t words[] = {
		0x00000000, 0xffffffff, 0x00000400, 0x00008000, 0x00340000,
		0x38580000,   /* AMCAS.B (LAMCAS), which CPUCFG does not offer */
		0x385c0000,   /* AMSWAP.B (LAM_BH) */
		0x38570000,   /* SC.Q (SCQ) */
		0x38578000,   /* LLACQ.W (LLACQ_SCREL) */
		0x73e3a000,   /* VLDI with bit 12 set and mode 13 */
		0x729c9808,   /* VSETEQZ.V with bits 4:3 not 0 */
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct core_op op;
		char text[64];
		if (la_decode_op(words[i], &op) != NULL)
			fail_msg("%08x decodes", words[i]);
		assert_ptr_equal(op.fn, la_op_ine);
		assert_false(la_disasm_insn(words[i], text, sizeof(text)));
	}
}

/* --dump: one word's line. Decoding and disassembly must agree on whether it is allocated. */
static void dump_word(uint32_t insn, const char *table)
{
	char text[128];
	struct core_op op;
	bool ok = la_decode_op(insn, &op) != NULL;
	if (ok != la_disasm_insn(insn, text, sizeof(text))) {
		fprintf(stderr, "%08x: decode and disassembly disagree\n", insn);
		exit(1);
	}
	printf("%08x\t%s\t%s\n", insn, table, ok ? text : "<ine>");
}

static int dump(uint64_t seed, unsigned per_row, unsigned random_words)
{
	seed = seed * 2 + 1;   /* xorshift needs a nonzero state */
	for (size_t t = 0; t < N_TABLES; t++)
		for (size_t i = 0; i < tables[t].table->n; i++) {
			const struct la_insn *r = &tables[t].table->rows[i];
			dump_word(r->match, tables[t].name);
			dump_word(r->match | ~r->mask, tables[t].name);
			for (unsigned k = 0; k < per_row; k++)
				dump_word(r->match | (next_random(&seed) & ~r->mask), tables[t].name);
		}
	for (unsigned k = 0; k < random_words; k++)
		dump_word(next_random(&seed), "-");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "--dump") == 0)
		return dump(strtoull(argv[2], NULL, 0), (unsigned)strtoul(argv[3], NULL, 0),
			    (unsigned)strtoul(argv[4], NULL, 0));
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_disjoint),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_rows_reachable),
		cmocka_unit_test(test_unallocated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
