/*
 * LoongArch floating point in C: LoongArch's rules for the engine's IEEE
 * 754 unit (cpu/core/ieee.c), the FCSR views and the end of an FP
 * instruction (fpu.h).
 */
#include "cpu/loongarch/fpu.h"

/*
 * LoongArch's choices where IEEE 754 leaves them open (LA RM ch. 3; QEMU
 * TCG, the reference hvsim is checked against, agrees):
 *  - the default NaN, the result of an invalid operation, is positive and
 *    quiet with a zero payload (0x7fc00000, 0x7ff8000000000000);
 *  - an operation on NaNs returns the first signalling NaN operand
 *    quietened, else the first quiet one, in operand order (fj, fk, fa);
 *  - tininess is detected after rounding.
 * No flush-to-zero mode exists, so the flush fields are never used.
 */
const struct ieee_rules la_fpu_rules = {
	.default_nan = { [IEEE_H] = 0x7e00, [IEEE_S] = 0x7fc00000, [IEEE_D] = 0x7ff8000000000000 },
	.nan_rule = IEEE_NAN_SIGNALLING_FIRST,
	.tiny_before_rounding = false,
};

uint32_t la_fcsr_view_mask(unsigned fcsr)
{
	static const uint32_t masks[4] = {
		LA_FCSR_WRITABLE, LA_FCSR_ENABLES, LA_FCSR_FLAGS | LA_FCSR_CAUSE, LA_FCSR_RM,
	};
	return masks[fcsr & 3];
}

int la_fpu_finish(struct la_cpu *c, const struct core_op *op, const struct ieee_env *env,
		  unsigned subcode)
{
	uint32_t cause = la_fpu_bits(env->flags);
	c->fcsr = (c->fcsr & ~LA_FCSR_CAUSE) | cause << LA_FCSR_CAUSE_SHIFT;
	if (unlikely(cause & c->fcsr & LA_FCSR_ENABLES))
		return la_exception(c, core_op_pc(&c->core, op), LA_EXC_FPE, subcode, 0, op->insn,
				    false);
	c->fcsr |= cause << LA_FCSR_FLAGS_SHIFT;
	return CORE_OK;
}
