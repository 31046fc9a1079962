/*
 * Guest side of the differential test, the ISA-neutral part: runs every
 * generated block (the table diff_blocks, from the generator's assembly)
 * and prints the state at its checkpoints (one after every unit) on the
 * console, in the format tests/diff/difftest.c parses:
 *
 *	B <block>
 *	H <a hash of each checkpoint's state, 16 hex digits each>
 *	X <the ST_NWORDS words of diffstate.h, 16 hex digits each>
 *	V <V0..V31, 32 hex digits each, most significant first>
 *	M <the scratch buffer, 2 hex digits per byte, lowest address first>
 *	E <syndrome> <return address> <fault address>   an exception ended the block
 *	DONE
 *
 * X, V and M give the last checkpoint's state in full, or every
 * checkpoint's for block diff_full - 1 (to localise a difference there).
 * The ISA's part (harness_<isa>.c and .S) enters a block, takes its
 * checkpoints (diff_checkpoint) and reports other exceptions
 * (diff_report_exception).
 */
#include "fw.h"
#include "harness.h"

extern const uint64_t diff_nblocks, diff_full;
extern const struct diff_block diff_blocks[];
extern uint8_t diff_slots[];     /* ST_SIZE per checkpoint of the longest block */

static uint8_t *diff_slot;       /* where the next checkpoint goes */

static void put_hex(uint64_t v, unsigned digits)
{
	static const char hex[] = "0123456789abcdef";

	while (digits--)
		uart_putc(hex[(v >> (digits * 4)) & 15]);
}

static uint64_t word(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void dump(const uint8_t *s)
{
	uart_putc('X');
	for (unsigned i = 0; i < ST_NWORDS; i++) {
		uart_putc(' ');
		put_hex(word(s + i * 8), 16);
	}
	uart_puts("\nV");
	for (unsigned i = 0; i < 32; i++) {
		uart_putc(' ');
		put_hex(word(s + ST_V + i * 16 + 8), 16);
		put_hex(word(s + ST_V + i * 16), 16);
	}
	uart_puts("\nM ");
	for (unsigned i = 0; i < SCRATCH_SIZE; i++)
		put_hex(s[ST_MEM + i], 2);
	uart_putc('\n');
}

/* FNV-1a over 64-bit words: a checkpoint's fingerprint. */
static uint64_t hash(const uint8_t *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (unsigned i = 0; i < ST_SIZE; i += 8) {
		h ^= word(s + i);
		h *= 0x100000001b3ull;
	}
	return h;
}

void diff_put_word(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint8_t *diff_checkpoint(void)
{
	uint8_t *s = diff_slot;

	memcpy(s + ST_MEM, diff_scratch, SCRATCH_SIZE);
	diff_slot += ST_SIZE;
	return s;
}

void diff_report_exception(uint64_t syndrome, uint64_t ret, uint64_t addr)
{
	uart_puts("E ");
	put_hex(syndrome, 8);
	uart_putc(' ');
	put_hex(ret, 16);
	uart_putc(' ');
	put_hex(addr, 16);
	uart_putc('\n');
}

void diff_run(void)
{
	for (uint64_t b = 0; b < diff_nblocks; b++) {
		const struct diff_block *blk = &diff_blocks[b];

		uart_puts("B ");
		put_hex(b, 4);
		uart_putc('\n');
		memcpy(diff_scratch, blk->init + ST_MEM, SCRATCH_SIZE);
		diff_slot = diff_slots;
		diff_enter(blk->init, blk->code, blk->mode);
		if (diff_full == b + 1) {
			for (uint8_t *s = diff_slots; s < diff_slot; s += ST_SIZE)
				dump(s);
			continue;
		}
		uart_putc('H');
		for (uint8_t *s = diff_slots; s < diff_slot; s += ST_SIZE) {
			uart_putc(' ');
			put_hex(hash(s), 16);
		}
		uart_putc('\n');
		if (diff_slot > diff_slots)
			dump(diff_slot - ST_SIZE);
	}
	uart_puts("DONE\n");
}
