/*
 * Guest side of the differential test: runs every generated block (the
 * table diff_blocks, from the generator's assembly) and prints the state at
 * its checkpoints (one after every unit) on the PL011, in the format
 * tests/diff/difftest.c parses:
 *
 *	B <block>
 *	H <a hash of each checkpoint's state, 16 hex digits each>
 *	X <X0..X30 SP NZCV FPCR FPSR pad, 16 hex digits each>
 *	V <V0..V31, 32 hex digits each, most significant first>
 *	M <the scratch buffer, 2 hex digits per byte, lowest address first>
 *	E <ESR> <ELR> <FAR>          an exception ended the block
 *	DONE
 *
 * X, V and M give the last checkpoint's state in full, or every
 * checkpoint's for block diff_full - 1 (to localise a difference there).
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
	uint64_t spsr;              /* SPSR_EL1T_MASKED or SPSR_EL0T_MASKED */
};

extern const uint64_t diff_nblocks, diff_full;
extern const struct diff_block diff_blocks[];
extern uint8_t diff_slots[];     /* ST_SIZE per checkpoint of the longest block */
extern uint8_t diff_scratch[SCRATCH_SIZE];
extern char diff_leave[], diff_abort[];

uint64_t diff_enter(const void *state, const void *code, uint64_t spsr);
void diff_save_fp(void *state);

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

static void put_word(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * Every synchronous exception from a block comes here. The checkpoint SVCs
 * save the state (the frame holds X0-X30, SP_EL0 and, in SPSR, NZCV; the
 * SIMD&FP state is still live) and resume the block, or at its end leave
 * it; anything else is reported and abandons the block.
 */
void fw_sync(struct exc_frame *f)
{
	unsigned imm = ESR_ISS(f->esr) & 0xffff;

	if (ESR_EC(f->esr) == EC_SVC64 && (imm == DIFF_SVC_CHECKPOINT || imm == DIFF_SVC_END)) {
		uint8_t *s = diff_slot;
		for (unsigned i = 0; i < 31; i++)
			put_word(s + ST_X + 8 * i, f->x[i]);
		put_word(s + ST_SP, f->sp_el0);
		put_word(s + ST_NZCV, f->spsr & 0xf0000000u);
		put_word(s + ST_FPSR + 8, 0);
		diff_save_fp(s);
		memcpy(s + ST_MEM, diff_scratch, SCRATCH_SIZE);
		diff_slot += ST_SIZE;
		if (imm == DIFF_SVC_CHECKPOINT)
			return;
		f->elr = (uintptr_t)diff_leave;
	} else {
		uart_puts("E ");
		put_hex(f->esr, 8);
		uart_putc(' ');
		put_hex(f->elr, 16);
		uart_putc(' ');
		put_hex(f->far, 16);
		uart_putc('\n');
		f->elr = (uintptr_t)diff_abort;
	}
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
		diff_slot = diff_slots;
		diff_enter(blk->init, blk->code, blk->spsr);
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
	return 0;
}
