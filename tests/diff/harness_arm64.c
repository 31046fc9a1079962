/*
 * Guest side of the differential test, arm64's part: the checkpoints
 * arrive as SVCs through the firmware's exception entry (harness_arm64.S
 * explains the path), and the MMU is on (identity map, Normal memory) so
 * that unaligned accesses behave as on a running OS rather than faulting
 * as Device accesses do.
 */
#include "fw.h"
#include "mmu.h"
#include "harness.h"

/*
 * Every synchronous exception from a block comes here. The checkpoint SVCs
 * save the state (the frame holds X0-X30, SP_EL0 and, in SPSR, NZCV; the
 * SIMD&FP state is still live) and resume the block, or at its end leave
 * it; anything else is reported and abandons the block.
 */
void fw_sync(struct exc_frame *f)
{
	unsigned imm = ESR_ISS(f->esr) & 0xffff;

	if (ESR_EC(f->esr) == EC_SVC64 && (imm == DIFF_CHECKPOINT || imm == DIFF_END)) {
		uint8_t *s = diff_checkpoint();
		for (unsigned i = 0; i < 31; i++)
			diff_put_word(s + ST_X + 8 * i, f->x[i]);
		diff_put_word(s + ST_SP, f->sp_el0);
		diff_put_word(s + ST_NZCV, f->spsr & 0xf0000000u);
		diff_put_word(s + ST_FPSR + 8, 0);
		diff_save_fp(s);
		if (imm == DIFF_CHECKPOINT)
			return;
		f->elr = (uintptr_t)diff_leave;
	} else {
		diff_report_exception(f->esr, f->elr, f->far);
		f->elr = (uintptr_t)diff_abort;
	}
	f->spsr = 0x3c5;        /* EL1h, DAIF masked */
}

int main(void)
{
	mmu_identity_on();
	diff_run();
	return 0;
}
