/*
 * Exceptions the architecture requires that QEMU 7.2 does not model, so
 * this expected output is written from the Arm ARM and checked on hvsim
 * only:
 *  - SP alignment faults (EC 0x26) with SCTLR_EL1.SA at EL1 and SA0 at EL0
 *    (D1.8.2): QEMU never checks SP alignment.
 *  - MSR DAIFSet at EL0 trapped by SCTLR_EL1.UMA = 0 (EC 0x18): the ISS
 *    holds Op0=0, Op2=6, Op1=3, CRn=4, Rt=31, CRm=imm, Direction=0
 *    (D17.2.37, ISS encoding for EC 0x18); QEMU swaps Op1 and Op2.
 */
#include "mmu.h"
#include "xcase.h"

extern char t_spalign[], t_spalign_ldr[];
extern char el0_strict_seq[], e_sp_ldr[], e_sp_stp[], e_daifset[];

int main(void)
{
	mmu_identity_on();
	printf("exc_strict: SP alignment at EL1 (SCTLR_EL1.SA=1)\n");
	static const struct xcase spalign = {
		"ldr [sp], sp%16=8", EC_SP_ALIGN, t_spalign_ldr, 0, XR_NEXT,
	};
	xcase_run(&spalign, (void (*)(uint64_t))t_spalign, 0);

	printf("exc_strict: from EL0 (SCTLR_EL1.SA0=1, UMA=0)\n");
	static const struct xcase el0[] = {
		{ "ldr [sp], sp%16=8", EC_SP_ALIGN, e_sp_ldr, 0, XR_NEXT },
		{ "stp pre-index, sp%16=4", EC_SP_ALIGN, e_sp_stp, 0, XR_NEXT },
		{ "msr daifset, #2", EC_SYSREG, e_daifset, 0, XR_NEXT },
	};
	xcase_run_el0(el0, sizeof(el0) / sizeof(el0[0]), el0_strict_seq);

	printf("exc_strict: %u taken, %u failures\n", xcase_taken, xcase_failures);
	return 0;
}
