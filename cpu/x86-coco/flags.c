/*
 * The lazy arithmetic flags (SDM 1:3.4.3.1, and each instruction's
 * "Flags Affected"): an ALU handler records its operands and result, and
 * CF, PF, AF, ZF, SF and OF are computed here only when something reads
 * them.
 *
 * Choice (flags the SDM leaves undefined), the same as QEMU's TCG so that
 * differential runs agree:
 *   AND, OR, XOR, TEST     AF = 0
 *   SHL, SHR, SAR          AF = 0; OF by the count-1 formula for any count
 *                          (SHL: MSB(result) XOR CF; SHR, SAR: the MSB of
 *                          result XOR (operand >> (count - 1)))
 *   MUL, IMUL              SF, ZF, PF from the low half of the result, AF = 0
 *   BSF, BSR, TZCNT, LZCNT, POPCNT, BT*: see insn_bit.c
 */
#include "cpu/x86-coco/x86.h"

static uint64_t parity_flag(uint64_t res)
{
	return __builtin_parity((unsigned)(res & 0xff)) ? 0 : X86_PF;
}

/* The arithmetic flags of the recorded operation. */
static uint64_t lazy_flags(const struct x86_lazy *l)
{
	unsigned sz = l->size;
	uint64_t m = x86_mask(sz), res = l->res & m, dst = l->dst & m, src = l->src & m;
	uint64_t cf = 0, of = 0, af = 0;
	switch (l->op) {
	case X86_LF_ADD:
	case X86_LF_ADC:
	case X86_LF_INC:
		cf = l->op == X86_LF_INC ? l->cf_in
		   : (l->op == X86_LF_ADC && l->cf_in) ? res <= dst : res < dst;
		of = x86_sign(~(dst ^ src) & (dst ^ res), sz);
		af = (dst ^ src ^ res) >> 4 & 1;
		break;
	case X86_LF_SUB:
	case X86_LF_SBB:
	case X86_LF_DEC:
		cf = l->op == X86_LF_DEC ? l->cf_in
		   : (l->op == X86_LF_SBB && l->cf_in) ? dst <= src : dst < src;
		of = x86_sign((dst ^ src) & (dst ^ res), sz);
		af = (dst ^ src ^ res) >> 4 & 1;
		break;
	case X86_LF_SHL:
		cf = x86_sign(src, sz);
		of = x86_sign(res, sz) ^ cf;
		break;
	case X86_LF_SHR:
		cf = src & 1;
		of = x86_sign(src ^ res, sz);
		break;
	case X86_LF_MUL:
		cf = of = src != 0;
		break;
	default:   /* LOGIC */
		break;
	}
	return (cf ? X86_CF : 0) | parity_flag(res) | (af ? X86_AF : 0) | (res == 0 ? X86_ZF : 0) |
	       (x86_sign(res, sz) ? X86_SF : 0) | (of ? X86_OF : 0);
}

uint64_t x86_flags(struct x86_cpu *c)
{
	if (c->s.lazy.op == X86_LF_NONE)
		return c->s.rflags;
	return (c->s.rflags & ~(uint64_t)X86_ARITH_FLAGS) | lazy_flags(&c->s.lazy);
}

void x86_set_flags(struct x86_cpu *c, uint64_t rflags)
{
	/* Bit 1 reads as one; 3, 5, 15 and 22-63 as zero (SDM 1:3.4.3). */
	c->s.rflags = (rflags & 0x3f7fd5ull) | 2;
	c->s.lazy.op = X86_LF_NONE;
}

void x86_load_flags(struct x86_cpu *c, uint64_t val, uint64_t keep)
{
	uint64_t old = x86_flags(c);
	unsigned cpl = x86_cpl(c);
	keep |= X86_VM | X86_VIP | X86_VIF;
	if (cpl > 0)
		keep |= X86_IOPL;
	if (cpl > ((old & X86_IOPL) >> 12))
		keep |= X86_IF;
	x86_set_flags(c, (old & keep) | (val & ~keep));
}

bool x86_carry(struct x86_cpu *c)
{
	return (x86_flags(c) & X86_CF) != 0;
}
