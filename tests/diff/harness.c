/*
 * Guest side of the differential test: runs every generated block (the
 * table diff_blocks, from the generator's assembly) and prints the state at
 * each checkpoint on the PL011, in the format tests/diff/difftest.c parses:
 *
 *	B <block>
 *	X <X0..X30 SP NZCV FPCR FPSR pad, 16 hex digits each>
 *	V <V0..V31, 32 hex digits each, most significant first>
 *	M <the scratch buffer, 2 hex digits per byte, lowest address first>
 *	E <ESR> <ELR> <FAR>          an exception ended the block
 *	DONE
 *
 * The MMU is on (identity map, Normal memory) so that unaligned accesses
 * behave as on a running OS rather than faulting as Device accesses do.
 */
#include "fw.h"
#include "mmu.h"
#include "diffstate.h"

struct diff_block {
	const void *code;
	const uint8_t *init;        /* ST_SIZE bytes */
};

extern const uint64_t diff_nblocks;
extern const struct diff_block diff_blocks[];
extern uint8_t diff_slots[];     /* ST_SIZE per checkpoint of the longest block */
extern uint8_t *diff_slot;
extern uint8_t diff_scratch[SCRATCH_SIZE];
extern char diff_abort[];

uint64_t diff_enter(const void *state, const void *code, void *slots);

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

/* An exception in generated code: report it and abandon the block. */
void fw_sync(struct exc_frame *f)
{
	uart_puts("E ");
	put_hex(f->esr, 8);
	uart_putc(' ');
	put_hex(f->elr, 16);
	uart_putc(' ');
	put_hex(f->far, 16);
	uart_putc('\n');
	f->elr = (uintptr_t)diff_abort;
	f->spsr = 0x3c5;        /* EL1h, DAIF masked */
}

int main(void)
{
	mmu_identity_on();
	for (uint64_t b = 0; b < diff_nblocks; b++) {
		const struct diff_block *blk = &diff_blocks[b];

		uart_puts("B ");
		put_hex(b, 4);
		uart_putc('\n');
		memcpy(diff_scratch, blk->init + ST_MEM, SCRATCH_SIZE);
		diff_enter(blk->init, blk->code, diff_slots);
		for (uint8_t *s = diff_slots; s < diff_slot; s += ST_SIZE)
			dump(s);
	}
	uart_puts("DONE\n");
	return 0;
}
