/*
 * Synchronous exceptions in direct address mode and what the CPU records
 * for each (LA RM 6.2.2's codes, 6.3.2 ERA, 7.4.5 ESTAT, 7.4.8 BADV): the
 * code and subcode, the PLV it came from, ERA at the instruction that
 * raised it, and BADV for those that record an address. Every line is a
 * fact of the architecture, so hvsim and QEMU print the same.
 */
#include "xcase.h"

static uint64_t buf[4] __attribute__((aligned(16)));

static uint64_t read_crmd(uint64_t arg)
{
	(void)arg;
	return csr_read(CSR_CRMD);
}

static uint64_t syscall_at_plv3(uint64_t arg)
{
	(void)arg;
	__asm__ volatile("syscall 3" ::: "memory");
	return 0;
}

static uint64_t iocsr_at_plv3(uint64_t arg)
{
	(void)arg;
	return iocsr_read32(8);
}

static uint64_t idle_at_plv3(uint64_t arg)
{
	(void)arg;
	__asm__ volatile("idle 0" ::: "memory");
	return 0;
}

/* PLV3 cases: the instruction is the function's; ERA must lie inside it. */
static void plv3_case(const char *name, uint64_t (*fn)(uint64_t))
{
	unsigned before = trap_last.count;
	plv3_call(fn, 0);
	uint64_t era = trap_last.era, start = (uintptr_t)fn;
	printf("%-24s ecode 0x%x sub %u plv %u era %s\n", name, trap_last.ecode, trap_last.subcode,
	       trap_last.from_plv,
	       trap_last.count == before + 1 && era >= start && era < start + 64 ? "in fn" : "WRONG");
}

int main(void)
{
	uint64_t pc, x = 0;
	trap_init();
	printf("loongarch exceptions\n");

	TRAP_PC(pc, "syscall 0x55", "+r"(x));
	xcase_report("syscall", pc, false, 0);
	TRAP_PC(pc, "break 7", "+r"(x));
	xcase_report("break", pc, false, 0);
	TRAP_PC(pc, ".word 0xffffffff", "+r"(x));
	xcase_report("reserved 0xffffffff", pc, false, 0);
	TRAP_PC(pc, ".word 0x00000000", "+r"(x));
	xcase_report("reserved 0x00000000", pc, false, 0);

	unsigned before;
	uint64_t a;
	/* 2.2.6.1, 2.2.10.3: the bound checks, BCE; BADV is not defined for it everywhere. */
	uint64_t lo = 0x1000, hi = 0x2000;
	TRAP_PC(pc, "asrtle.d %1, %2", "+r"(hi), "r"(lo));
	xcase_report("asrtle.d 0x2000>0x1000", pc, false, 0);
	TRAP_PC(pc, "asrtgt.d %1, %2", "+r"(lo), "r"(hi));
	xcase_report("asrtgt.d 0x1000<=0x2000", pc, false, 0);
	before = trap_last.count;
	__asm__ volatile("asrtle.d %0, %1" : : "r"(lo), "r"(hi));
	xcase_none("asrtle.d 0x1000<=0x2000", before);
	a = (uintptr_t)buf;
	uint64_t bound = a;
	TRAP_PC(pc, "ldgt.d %1, %2, %3", "=r"(x), "r"(a), "r"(bound));
	xcase_report("ldgt.d addr<=bound", pc, false, 0);
	bound = a + 8;
	TRAP_PC(pc, "stle.d %1, %2, %3", "+r"(x), "r"(bound + 8), "r"(bound));
	xcase_report("stle.d addr>bound", pc, false, 0);

	/* FPD: EUEN.FPE is clear at reset. movgr2fr.d $f0, $zero */
	csr_write(CSR_EUEN, 0);
	TRAP_PC(pc, ".word 0x0114a800", "+r"(x));
	xcase_report("movgr2fr.d, FPE=0", pc, false, 0);

	/* PLV3: the privileged instructions are IPE; SYSCALL records the PLV it came from. */
	plv3_case("csrrd at plv3", read_crmd);
	plv3_case("iocsrrd at plv3", iocsr_at_plv3);
	plv3_case("idle at plv3", idle_at_plv3);
	plv3_case("syscall at plv3", syscall_at_plv3);
	printf("back at plv %lu, exceptions taken: %u\n",
	       (unsigned long)(csr_read(CSR_CRMD) & CRMD_PLV), trap_last.count);
	return 0;
}
