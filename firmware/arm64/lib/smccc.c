/*
 * SMC Calling Convention (Arm DEN0028): function id in w0, arguments in
 * x1-x3, results in x0-x3; SMCCC v1.0 lets the callee clobber x4-x17.
 * PSCI (Arm DEN0022) rides on it.
 */
#include "fw.h"

#define SMCCC_CALL(insn, fid, a1, a2, a3) ({ \
	register uint64_t r0 __asm__("x0") = (fid); \
	register uint64_t r1 __asm__("x1") = (a1); \
	register uint64_t r2 __asm__("x2") = (a2); \
	register uint64_t r3 __asm__("x3") = (a3); \
	__asm__ volatile(insn " #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : \
			 "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", \
			 "x13", "x14", "x15", "x16", "x17", "memory"); \
	(struct smccc_res){ r0, r1, r2, r3 }; })

struct smccc_res smccc_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	if (current_el() == 2)
		return SMCCC_CALL("smc", fid, a1, a2, a3);
	return SMCCC_CALL("hvc", fid, a1, a2, a3);
}

void fw_exit(void)
{
	smccc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	uart_puts("PSCI SYSTEM_OFF returned\n");
	for (;;)
		wfi();
}
