/*
 * Guest side of the differential test, LoongArch's part: the exception
 * entry (harness_loongarch.S) calls diff_exception with the block's
 * r0-r31; SYSCALLs with the checkpoint codes save the state and resume
 * (or end) the block, anything else is reported and abandons it.
 */
#include "fw.h"
#include "harness.h"

/* CSRs (LA RM 7.1) and ESTAT's Ecode for SYSCALL (LA RM 7.4.6, table 21). */
#define CSR_CRMD   0x0
#define CSR_PRMD   0x1
#define CSR_EUEN   0x2
#define CSR_ESTAT  0x5
#define CSR_ERA    0x6
#define CSR_BADV   0x7
#define CSR_EENTRY 0xc
#define ECODE_SYS  0xb
#define EUEN_FPE   1u

#define csrrd(num) ({ uint64_t v_; __asm__ volatile("csrrd %0, %1" : "=r"(v_) : "i"(num)); v_; })
#define csrwr(num, val) ({ uint64_t v_ = (val); \
	__asm__ volatile("csrwr %0, %1" : "+r"(v_) : "i"(num) : "memory"); })

extern char diff_exc[];
void diff_exception(const uint64_t *frame);

void diff_exception(const uint64_t *frame)
{
	uint64_t estat = csrrd(CSR_ESTAT), era = csrrd(CSR_ERA);
	unsigned code = *(const uint32_t *)era & 0x7fff;

	if ((estat >> 16 & 0x3f) == ECODE_SYS && (code == DIFF_CHECKPOINT || code == DIFF_END)) {
		uint8_t *s = diff_checkpoint();
		for (unsigned i = 0; i < 32; i++)
			diff_put_word(s + ST_X + 8 * i, frame[i]);
		diff_save_fp(s);
		diff_put_word(s + ST_LA_FCC + 8, 0);
		diff_put_word(s + ST_LA_FCC + 16, 0);
		if (code == DIFF_CHECKPOINT) {
			csrwr(CSR_ERA, era + 4);
			return;
		}
		csrwr(CSR_ERA, (uintptr_t)diff_leave);
	} else {
		diff_report_exception(estat, era, csrrd(CSR_BADV));
		csrwr(CSR_ERA, (uintptr_t)diff_abort);
	}
	csrwr(CSR_PRMD, 0);     /* back at PLV0, interrupts off */
}

int main(void)
{
	csrwr(CSR_EENTRY, (uintptr_t)diff_exc);
	/* The blocks use the FPU (LA RM 7.4.3 EUEN). */
	csrwr(CSR_EUEN, EUEN_FPE);
	diff_run();
	return 0;
}
