/*
 * Exception dispatch: start.S saves a struct exc_frame and calls
 * exc_dispatch(), which routes by vector slot to the program's handlers.
 */
#include "fw.h"

extern char el0_return[];

__attribute__((section(".bss.user"), aligned(16))) char el0_stack[16384];

static const char *const ec_names[64] = {
	[EC_UNKNOWN] = "unknown/undefined",
	[EC_WFX] = "WFI/WFE trap",
	[EC_FP_ACCESS] = "FP/SIMD access trap",
	[EC_ILLEGAL] = "illegal execution state",
	[EC_SVC64] = "SVC",
	[EC_HVC64] = "HVC",
	[EC_SMC64] = "SMC",
	[EC_SYSREG] = "MSR/MRS/system instruction trap",
	[EC_IABT_LOWER] = "instruction abort from lower EL",
	[EC_IABT_SAME] = "instruction abort",
	[EC_PC_ALIGN] = "PC alignment fault",
	[EC_DABT_LOWER] = "data abort from lower EL",
	[EC_DABT_SAME] = "data abort",
	[EC_SP_ALIGN] = "SP alignment fault",
	[EC_FP_EXC64] = "FP exception",
	[EC_SERROR] = "SError",
	[EC_BRK64] = "BRK",
};

const char *exc_ec_name(unsigned ec)
{
	const char *n = ec < 64 ? ec_names[ec] : 0;
	return n ? n : "?";
}

/* Fault status codes, D17.2.37 (DFSC/IFSC). */
void exc_print_fsc(unsigned fsc)
{
	static const char *const kinds[] = {
		[1] = "translation", [2] = "access flag", [3] = "permission",
	};
	unsigned kind = fsc >> 2;

	if (kind >= 1 && kind <= 3)
		printf(" FSC=0x%02x (%s fault, level %u)", fsc, kinds[kind], fsc & 3);
	else if (fsc <= 0x03)
		printf(" FSC=0x%02x (address size fault, level %u)", fsc, fsc & 3);
	else if (fsc == 0x10)
		printf(" FSC=0x10 (synchronous external abort)");
	else
		printf(" FSC=0x%02x", fsc);
}

static const char *const type_names[4] = { "sync", "IRQ", "FIQ", "SError" };
static const char *const source_names[4] = {
	"current EL, SP0", "current EL, SPx", "lower EL, AArch64", "lower EL, AArch32",
};

void exc_report(const struct exc_frame *f)
{
	unsigned ec = ESR_EC(f->esr);

	printf("%s exception at EL%lu from %s: ESR=0x%08lx EC=0x%02x (%s) ISS=0x%07lx\n",
	       type_names[exc_type(f)], (unsigned long)f->el, source_names[exc_source(f)],
	       (unsigned long)f->esr, ec, exc_ec_name(ec), (unsigned long)ESR_ISS(f->esr));
	printf("  FAR=0x%016lx ELR=0x%016lx SPSR=0x%08lx\n", (unsigned long)f->far,
	       (unsigned long)f->elr, (unsigned long)f->spsr);
}

static __attribute__((noreturn)) void unexpected(const struct exc_frame *f)
{
	printf("UNEXPECTED ");
	exc_report(f);
	fw_exit();
}

__attribute__((weak)) void fw_sync(struct exc_frame *f) { unexpected(f); }
__attribute__((weak)) void fw_irq(struct exc_frame *f) { unexpected(f); }
__attribute__((weak)) void fw_el2_sync(struct exc_frame *f) { unexpected(f); }

/*
 * The SVC at el0_exit: resume el0_call's caller at the EL that took it
 * (EL1h, or EL2h in a VHE host), DAIF as at EL0.
 */
static bool el0_exit_svc(struct exc_frame *f)
{
	if (!exc_from_lower(f) || ESR_EC(f->esr) != EC_SVC64 ||
	    ESR_ISS(f->esr) != EL0_EXIT_SVC || f->elr != (uintptr_t)el0_return)
		return false;
	f->spsr = (f->spsr & 0x3c0) | (current_el() << 2) | 1;   /* M = ELxh */
	return true;
}

void exc_dispatch(struct exc_frame *f)
{
	if (f->el != 1) {
		/* The library's EL2 stub handles HVC in start.S; a program's own gets the rest. */
		if (exc_type(f) != EXC_SYNC)
			unexpected(f);
		fw_el2_sync(f);
		return;
	}
	switch (exc_type(f)) {
	case EXC_SYNC:
		if (!el0_exit_svc(f))
			fw_sync(f);
		break;
	case EXC_IRQ:
		fw_irq(f);
		break;
	default:
		unexpected(f);
	}
}
