/*
 * What the manual says and QEMU 11.1 does not do, so the expected output
 * comes from the LA RM and only hvsim runs it (as arm64's exc_strict):
 * - ALE (6.2.2) for misaligned LL/SC and AM*, which need natural
 *   alignment even where CPUCFG.1.UAL lets ordinary loads be misaligned
 *   (QEMU 11.1.3 dies of SIGSEGV on a misaligned LL.W in direct address
 *   mode);
 * - ADEF (6.2.2, subcode 0) for a fetch from a PC that is not 4-byte
 *   aligned (QEMU fetches from it);
 * - the timer holds TVAL while TCFG.En is clear (7.6.1: "only when this
 *   bit is 1 will the timer count down"; QEMU keeps counting).
 */
#include "xcase.h"

#define TCFG_EN 1ul

static uint64_t buf[4] __attribute__((aligned(16)));

static void target_fn(void)
{
}

int main(void)
{
	uint64_t pc, x = 0, y, a;
	trap_init();
	printf("loongarch strict\n");

	a = (uintptr_t)buf + 1;
	TRAP_PC(pc, "ll.w %1, %2, 0", "+r"(x), "r"(a));
	xcase_report("ll.w misaligned", pc, true, a);
	a = (uintptr_t)buf + 4;
	TRAP_PC(pc, "ll.d %1, %2, 0", "+r"(x), "r"(a));
	xcase_report("ll.d misaligned", pc, true, a);
	a = (uintptr_t)buf + 2;
	TRAP_PC(pc, "sc.d %1, %2, 0", "+r"(x), "r"(a));
	xcase_report("sc.d misaligned", pc, true, a);
	a = (uintptr_t)buf + 4;
	TRAP_PC(pc, "amswap.d %1, %3, %2", "=&r"(y), "r"(a), "r"(x));
	xcase_report("amswap.d misaligned", pc, true, a);
	a = (uintptr_t)buf + 6;
	TRAP_PC(pc, "amadd_db.w %1, %3, %2", "=&r"(y), "r"(a), "r"(x));
	xcase_report("amadd_db.w misaligned", pc, true, a);
	unsigned before = trap_last.count;
	a = (uintptr_t)buf + 3;
	__asm__ volatile("ld.w %0, %1, 0" : "=r"(y) : "r"(a) : "memory");
	xcase_none("ld.w misaligned (UAL)", before);
	a = (uintptr_t)buf + 4;
	__asm__ volatile("amswap.w %0, %2, %1" : "=&r"(y) : "r"(a), "r"(x) : "memory");
	xcase_none("amswap.w aligned", before);

	/* ADEF (6.2.2 subcode 0): a fetch from a PC that is not 4-byte aligned; BADV the PC. */
	uint64_t target = (uintptr_t)target_fn + 2;
	before = trap_last.count;
	__asm__ volatile("jirl $ra, %0, 0" : : "r"(target) : "$r1", "memory");
	printf("%-24s ecode 0x%x sub %u era %s badv %s\n", "fetch misaligned", trap_last.ecode,
	       trap_last.subcode, trap_last.era == target ? "target" : "WRONG",
	       trap_last.badv == target ? "ok" : "WRONG");

	csr_write(CSR_TCFG, 0x10000000ul | TCFG_EN);
	for (volatile unsigned i = 0; i < 1000; i++)
		;
	csr_write(CSR_TCFG, 0x10000000ul);
	uint64_t t0 = csr_read(CSR_TVAL);
	for (volatile unsigned i = 0; i < 1000; i++)
		;
	printf("TVAL holds with En clear: %s\n", csr_read(CSR_TVAL) == t0 ? "yes" : "no");
	return 0;
}
