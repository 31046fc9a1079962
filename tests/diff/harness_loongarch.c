/*
 * Guest side of the differential test, LoongArch's part: the exception
 * entry (harness_loongarch.S) calls diff_exception with the block's
 * r0-r31; SYSCALLs with the checkpoint codes save the state and resume
 * (or end) the block, anything else is reported and abandons it.
 */
#include "fw.h"
#include "harness.h"

/* ESTAT's Ecode for SYSCALL (LA RM 7.4.6, table 21); the CSRs and their accessors are fw.h's. */
#define ECODE_SYS  0xb

extern char diff_exc[];
void diff_exception(const uint64_t *frame);

void diff_exception(const uint64_t *frame)
{
	uint64_t estat = csr_read(CSR_ESTAT), era = csr_read(CSR_ERA);
	unsigned code = *(const uint32_t *)era & 0x7fff;

	if ((estat >> 16 & 0x3f) == ECODE_SYS && (code == DIFF_CHECKPOINT || code == DIFF_END)) {
		uint8_t *s = diff_checkpoint();
		for (unsigned i = 0; i < 32; i++)
			diff_put_word(s + ST_X + 8 * i, frame[i]);
		diff_save_fp(s);
		diff_put_word(s + ST_LA_FCC + 8, 0);
		diff_put_word(s + ST_LA_FCC + 16, 0);
		if (code == DIFF_CHECKPOINT) {
			csr_write(CSR_ERA, era + 4);
			return;
		}
		csr_write(CSR_ERA, (uintptr_t)diff_leave);
	} else {
		diff_report_exception(estat, era, csr_read(CSR_BADV));
		csr_write(CSR_ERA, (uintptr_t)diff_abort);
	}
	csr_write(CSR_PRMD, 0);     /* back at PLV0, interrupts off */
}

int main(void)
{
	csr_write(CSR_EENTRY, (uintptr_t)diff_exc);
	/* The blocks use the FPU and LSX (LA RM 7.4.3 EUEN). */
	csr_write(CSR_EUEN, EUEN_FPE | EUEN_SXE);
	diff_run();
	return 0;
}
