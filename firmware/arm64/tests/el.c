/*
 * Exception levels: where main() runs, a drop to EL0 with ERET and the way
 * back with SVC (Arm ARM D1.10 "Exception entry", D1.11 "Exception return"):
 * ESR_EL1, ELR_EL1, SPSR_EL1 and SP_EL0 as the handler sees them, and all
 * general registers preserved across the round trip, twice.
 */
#include "fw.h"

extern uint64_t el0_regs(uint64_t);
extern char el0_regs_after_svc[];

#define PATTERN(n) (0x0101010101010101ul * (n) + 0xa5)
#define REPLY 0x5ec0de

static unsigned svcs;

static void check(const char *what, bool ok)
{
	printf("  %s: %s\n", what, ok ? "ok" : "FAIL");
}

/* "System calls" from the EL0 code below. */
enum { SYS_PUTS = 1, SYS_REGS = 0x42, SYS_REGS_DONE = 0x43 };

void fw_sync(struct exc_frame *f)
{
	unsigned imm = ESR_ISS(f->esr) & 0xffff;

	if (ESR_EC(f->esr) != EC_SVC64 || !exc_from_lower(f)) {
		printf("unexpected ");
		exc_report(f);
		fw_exit();
	}
	svcs++;
	switch (imm) {
	case SYS_PUTS:
		printf("%s", (const char *)f->x[0]);
		break;
	case SYS_REGS: {
		printf("SVC #0x%x from EL0\n", imm);
		check("ESR_EL1.EC is 0x15 (SVC from AArch64)", ESR_EC(f->esr) == EC_SVC64);
		check("ESR_EL1.IL is 1 (32-bit instruction)", ESR_IL(f->esr) == 1);
		check("ESR_EL1.ISS is the immediate 0x42", ESR_ISS(f->esr) == 0x42);
		check("ELR_EL1 is the instruction after the SVC",
		      f->elr == (uintptr_t)el0_regs_after_svc);
		check("SPSR_EL1.M is EL0t", (f->spsr & 0xf) == 0);
		check("SP_EL0 is the EL0 stack pointer",
		      f->sp_el0 == (uintptr_t)EL0_STACK_TOP - 16);
		unsigned bad = 0;
		for (unsigned n = 0; n < 31; n++)
			bad += f->x[n] != PATTERN(n);
		check("x0-x30 arrive as EL0 set them", bad == 0);
		f->x[0] = REPLY;   /* the "system call" result */
		break;
	}
	case SYS_REGS_DONE:
		printf("SVC #0x%x from EL0\n", imm);
		check("EL0 saw x0 = reply and x1-x30, SP unchanged", f->x[0] == 0);
		break;
	default:
		printf("unknown SVC #0x%x\n", imm);
		fw_exit();
	}
}

static void sys_puts(const char *s)
{
	register const char *x0 __asm__("x0") = s;
	__asm__ volatile("svc #1" : : "r"(x0) : "memory");
}

/* Plain C at EL0: no privileged instructions, output through SVC. */
static uint64_t el0_hello(uint64_t arg)
{
	sys_puts("  hello from EL0 (via SVC #1)\n");
	return arg * 3 + 1;
}

int main(void)
{
	printf("el: main() runs at EL%u, SPSel=%lu\n", current_el(),
	       (unsigned long)read_sysreg(spsel));

	printf("ERET to EL0 (SPSR_EL1.M = EL0t, ELR_EL1 = entry)\n");
	uint64_t r = el0_call(el0_regs, 0, EL0_STACK_TOP);
	printf("back at EL%u, EL0 returned %lu\n", current_el(), (unsigned long)r);

	printf("ERET to EL0 again\n");
	r = el0_call(el0_hello, 14, EL0_STACK_TOP);
	printf("back at EL%u, EL0 returned %lu\n", current_el(), (unsigned long)r);
	printf("el: %u SVCs taken, done\n", svcs);
	return 0;
}
