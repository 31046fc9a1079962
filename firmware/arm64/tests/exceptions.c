/*
 * One of each synchronous exception class, taken to EL1 from EL1 and from
 * EL0, with the MMU on (standard identity map: text read-only and
 * executable at both ELs, data EL1-only and execute-never, the .user
 * section EL0 read/write). For each: the class (ESR_EL1.EC), the syndrome
 * or fault status code, and checks of ELR_EL1 and FAR_EL1; then resume.
 * Arm ARM D1.10 "Exception entry", D17.2.37 "ESR_EL1".
 *
 * SP alignment faults and the MSR DAIFSet trap syndrome are in exc_strict.c:
 * QEMU 7.2 does not model them.
 */
#include "mmu.h"
#include "xcase.h"

#define UNMAPPED_VA 0x1000000000ul   /* TTBR0 range, no level 1 entry */

/* A variable EL0 must not read. */
uint64_t exc_kernel_data = 0x6b65726e656c;

extern char t_udf[], t_svc[], t_brk[], t_load[], t_store[], t_sysreg[];
extern char t_illegal[], t_illegal_target[];
extern void t_call(uint64_t target);
extern char el0_seq[];
extern char e_udf[], e_svc[], e_brk[], e_hvc[], e_smc[], e_ld_unmapped[], e_ld_kernel[],
	e_st_text[], e_mrs_el1[], e_mrs_ctr[], e_dc_zva[], e_mrs_cntvct[];

#define TRIGGER(t) ((void (*)(uint64_t))(t))

int main(void)
{
	static char data_page_code[16] __attribute__((aligned(16)));

	mmu_identity_on();
	printf("exceptions: taken to EL1 from EL1 (MMU on)\n");
	const struct xcase el1[] = {
		{ "udf #0x1234", EC_UNKNOWN, t_udf, 0, XR_NEXT },
		{ "svc #0x77", EC_SVC64, t_svc, 0, XR_NEXT },
		{ "brk #0x99", EC_BRK64, t_brk, 0, XR_NEXT },
		{ "ldr from a PA hole", EC_DABT_SAME, t_load, BOARD_HOLE, XR_NEXT },
		{ "ldr unmapped VA", EC_DABT_SAME, t_load, UNMAPPED_VA, XR_NEXT },
		{ "str to read-only text", EC_DABT_SAME, t_store, (uintptr_t)t_udf, XR_NEXT },
		{ "blr to unmapped VA", EC_IABT_SAME, 0, UNMAPPED_VA, XR_AT_LR },
		{ "blr to data (PXN)", EC_IABT_SAME, 0, (uintptr_t)data_page_code, XR_AT_LR },
		{ "blr to odd address", EC_PC_ALIGN, 0, (uintptr_t)t_udf + 2, XR_AT_LR },
		{ "mrs sctlr_el2", EC_UNKNOWN, t_sysreg, 0, XR_NEXT },
		{ "illegal eret to EL2", EC_ILLEGAL, t_illegal_target, 0, XR_CLEAR_IL },
	};
	xcase_run(&el1[0], TRIGGER(t_udf), 0);
	xcase_run(&el1[1], TRIGGER(t_svc), 0);
	xcase_run(&el1[2], TRIGGER(t_brk), 0);
	xcase_run(&el1[3], TRIGGER(t_load), BOARD_HOLE);
	xcase_run(&el1[4], TRIGGER(t_load), UNMAPPED_VA);
	xcase_run(&el1[5], TRIGGER(t_store), (uintptr_t)t_udf);
	xcase_run(&el1[6], t_call, UNMAPPED_VA);
	xcase_run(&el1[7], t_call, (uintptr_t)data_page_code);
	xcase_run(&el1[8], t_call, (uintptr_t)t_udf + 2);
	xcase_run(&el1[9], TRIGGER(t_sysreg), 0);
	xcase_run(&el1[10], TRIGGER(t_illegal), 0);

	/* HVC at EL1 is a call, not an exception here: the hypervisor answers. */
	uint64_t v = smccc_call(PSCI_VERSION, 0, 0, 0).x0;
	printf("  hvc #0 (PSCI_VERSION)  answered %lu.%lu\n",
	       (unsigned long)(v >> 16), (unsigned long)(v & 0xffff));

	printf("exceptions: taken to EL1 from EL0\n");
	static const struct xcase el0[] = {
		{ "udf #1", EC_UNKNOWN, e_udf, 0, XR_NEXT },
		{ "svc #0x77", EC_SVC64, e_svc, 0, XR_NEXT },
		{ "brk #0x99", EC_BRK64, e_brk, 0, XR_NEXT },
		{ "hvc #0", EC_UNKNOWN, e_hvc, 0, XR_NEXT },
		{ "smc #0", EC_UNKNOWN, e_smc, 0, XR_NEXT },
		{ "ldr unmapped VA", EC_DABT_LOWER, e_ld_unmapped, UNMAPPED_VA, XR_NEXT },
		{ "ldr EL1-only data", EC_DABT_LOWER, e_ld_kernel, (uintptr_t)&exc_kernel_data, XR_NEXT },
		{ "str to read-only text", EC_DABT_LOWER, e_st_text, (uintptr_t)e_udf, XR_NEXT },
		{ "blr to unmapped VA", EC_IABT_LOWER, 0, UNMAPPED_VA, XR_AT_LR },
		{ "blr to EL0 data (UXN)", EC_IABT_LOWER, 0, (uintptr_t)el0_stack, XR_AT_LR },
		{ "blr to odd address", EC_PC_ALIGN, 0, (uintptr_t)e_udf + 2, XR_AT_LR },
		{ "mrs sctlr_el1", EC_UNKNOWN, e_mrs_el1, 0, XR_NEXT },
		{ "mrs ctr_el0 (UCT=0)", EC_SYSREG, e_mrs_ctr, 0, XR_NEXT },
		{ "dc zva (DZE=0)", EC_SYSREG, e_dc_zva, 0, XR_NEXT },
		{ "mrs cntvct (VCTEN=0)", EC_SYSREG, e_mrs_cntvct, 0, XR_NEXT },
	};
	write_sysreg(cntkctl_el1, 0);   /* no EL0 access to the counters or timers */
	xcase_run_el0(el0, sizeof(el0) / sizeof(el0[0]), el0_seq);

	printf("exceptions: %u taken, %u failures\n", xcase_taken, xcase_failures);
	return 0;
}
