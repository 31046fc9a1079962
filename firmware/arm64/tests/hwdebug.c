/*
 * Self-hosted debug (Arm ARM D2): a hardware breakpoint at EL1 and at EL0,
 * a watchpoint with a byte mask (BAS) on stores, and software step of EL0
 * code from EL1, starting over the exception return (SPSR.SS = 0: the step
 * exception comes before the first instruction). The OS lock is cleared
 * first, as Linux does; MDSCR_EL1.MDE enables breakpoints and watchpoints,
 * KDE and PSTATE.D = 0 those taken at EL1 itself.
 *
 * Built as hwdebug_vhe (HWDEBUG_VHE, with el2_stub.S) and booted at EL2
 * (hvsim --el2, QEMU virtualization=on), it first becomes a VHE host
 * (HCR_EL2.E2H and TGE): the debug target EL is then EL2, the kernel-side
 * checks run at EL2 (breakpoints and watchpoints for EL2: HMC = 1,
 * SSC = 0b11, PMC = 0b00) and EL0's debug exceptions are taken to EL2.
 */
#include "fw.h"

#define MDSCR_SS  (1ul << 0)
#define MDSCR_KDE (1ul << 13)
#define MDSCR_MDE (1ul << 15)
#define SPSR_SS   (1ul << 21)
/* The privilege fields that select the kernel's EL (EL1, or a VHE host's EL2) or EL0 (D2.8.3). */
static uint64_t priv_kernel(void)
{
	return current_el() == 2 ? (1ul << 13) | (3ul << 14) : 1ul << 1;
}
#define PRIV_EL0 (2ul << 1)
#define BCR(priv) (1ul | (priv) | (0xful << 5))   /* E, privilege, BAS = A64 */
#define WCR_STORE(bas) (1ul | priv_kernel() | (2ul << 3) | ((uint64_t)(bas) << 5))
enum { EC_BKPT_LOWER = 0x30, EC_BKPT_SAME = 0x31, EC_STEP_LOWER = 0x32, EC_WATCH_SAME = 0x35 };

static volatile uint64_t watched __attribute__((aligned(8)));
static volatile unsigned steps;

uint64_t target(uint64_t x);
uint64_t stepped(uint64_t x);
__asm__(".text\n"
	".global target, stepped\n"
	"target:  add x0, x0, #1\n ret\n"
	"stepped: add x0, x0, #1\n add x0, x0, #2\n ret\n");

extern char el0_exit[];   /* start.S: the SVC that ends an el0_call */

/* Name a code address the exceptions below report. */
static void where(uint64_t pc)
{
	if (pc - (uintptr_t)stepped < 12)
		printf("stepped+%lu\n", (unsigned long)(pc - (uintptr_t)stepped));
	else
		printf("%s\n", pc == (uintptr_t)el0_exit ? "el0_exit" :
				 pc == (uintptr_t)target ? "target" : "elsewhere");
}

void fw_sync(struct exc_frame *f)
{
	unsigned ec = ESR_EC(f->esr), iss = ESR_ISS(f->esr);
	switch (ec) {
	case EC_BKPT_LOWER:
	case EC_BKPT_SAME:
		printf("  breakpoint: EC=0x%02x IFSC=0x%02x at ", ec, iss & 0x3f);
		where(f->elr);
		write_sysreg(dbgbcr0_el1, 0);   /* retry the instruction without it */
		break;
	case EC_WATCH_SAME:
		printf("  watchpoint: EC=0x%02x DFSC=0x%02x WnR=%u FAR=watched+%lu\n", ec, iss & 0x3f,
		       (iss >> 6) & 1, (unsigned long)(f->far - (uintptr_t)&watched));
		write_sysreg(dbgwcr0_el1, 0);
		break;
	case EC_STEP_LOWER:
		printf("  step: EC=0x%02x ISV=%u EX=%u IFSC=0x%02x before ", ec, (iss >> 24) & 1,
		       (iss >> 6) & 1, iss & 0x3f);
		where(f->elr);
		steps++;
		f->spsr |= SPSR_SS;   /* step the next one */
		break;
	default:
		printf("unexpected ");
		exc_report(f);
		fw_exit();
	}
	isb();
}

#ifdef HWDEBUG_VHE
#define HVC_VHE_RESTART 3
extern char hyp_stub_vectors[];
uint64_t hvc_call(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4);

void fw_el2_init(void)
{
	write_sysreg(vbar_el2, (uintptr_t)hyp_stub_vectors);
	write_sysreg(mdcr_el2, (read_sysreg(pmcr_el0) >> 11) & 0x1f);   /* no debug traps */
	isb();
}
#endif

int main(void)
{
#ifdef HWDEBUG_VHE
	if (fw_boot_el != 2 || hvc_call(HVC_VHE_RESTART, 0, 0, 0, 0) != 0) {
		printf("hwdebug: needs EL2 with FEAT_VHE\n");
		return 0;
	}
#endif
	printf("hwdebug: at EL%lu\n", (unsigned long)current_el());
	unsigned brps = ((read_sysreg(id_aa64dfr0_el1) >> 12) & 0xf) + 1;
	unsigned wrps = ((read_sysreg(id_aa64dfr0_el1) >> 20) & 0xf) + 1;
	printf("hwdebug: %u breakpoints, %u watchpoints\n", brps, wrps);
	printf("  OS lock (OSLSR_EL1.OSLK) at reset: %lu\n", (unsigned long)(read_sysreg(oslsr_el1) >> 1) & 1);
	write_sysreg(oslar_el1, 0);
	write_sysreg(mdscr_el1, MDSCR_MDE | MDSCR_KDE);
	__asm__ volatile("msr daifclr, #8");   /* PSTATE.D = 0: debug exceptions at EL1 */
	isb();

	write_sysreg(dbgbvr0_el1, (uintptr_t)target);
	write_sysreg(dbgbcr0_el1, BCR(priv_kernel()));
	isb();
	printf("EL%lu call of a breakpointed function\n", (unsigned long)current_el());
	printf("  returned %lu\n", (unsigned long)target(41));

	write_sysreg(dbgbcr0_el1, BCR(PRIV_EL0));
	isb();
	printf("EL%lu call, breakpoint for EL0 only\n", (unsigned long)current_el());
	printf("  returned %lu\n", (unsigned long)target(1));
	printf("EL0 call\n");
	printf("  returned %lu\n", (unsigned long)el0_call(target, 2, el0_stack + sizeof(el0_stack)));

	write_sysreg(dbgwvr0_el1, (uintptr_t)&watched);
	write_sysreg(dbgwcr0_el1, WCR_STORE(0x0f));   /* bytes 0-3 */
	isb();
	printf("stores to a watchpoint on bytes 0-3\n");
	((volatile uint8_t *)&watched)[4] = 0x44;
	(void)((volatile uint8_t *)&watched)[2];
	printf("  byte 4 stored, byte 2 read: no exception\n");
	((volatile uint8_t *)&watched)[2] = 0x22;
	printf("  watched = 0x%lx\n", (unsigned long)watched);

	printf("software step of EL0\n");
	write_sysreg(mdscr_el1, MDSCR_SS);
	isb();
	uint64_t r = el0_call(stepped, 10, el0_stack + sizeof(el0_stack));
	write_sysreg(mdscr_el1, 0);
	isb();
	printf("  returned %lu after %u steps\n", (unsigned long)r, steps);
	printf("hwdebug: done\n");
	return 0;
}
