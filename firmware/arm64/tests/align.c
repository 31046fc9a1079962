/*
 * Alignment of data accesses (Arm ARM B2.5.2 "Alignment of data
 * accesses"): an unaligned load or store to Device memory takes an
 * Alignment fault (DFSC 0b100001, FAR the address), whether the Device
 * type comes from a mapping (a device's registers) or from the MMU being
 * off, when every data access is to Device memory. Normal memory allows
 * them unless SCTLR_EL1.A is set. Aligned accesses complete throughout.
 */
#include "mmu.h"
#include "probe.h"

static uint64_t ram[4] __attribute__((aligned(64)));

void fw_sync(struct exc_frame *f)
{
	probe_abort(f);
}

/* One access at va: whether it completed, or the fault it took. */
static void probe(const char *what, uint64_t va, int kind)
{
	probe_last.faults = 0;
	if (kind == 'w')
		probe_write(va, 0x1122334455667788ul);
	else if (kind == 'h')
		probe_read16(va);
	else
		probe_read(va);
	printf("  %-40s", what);
	if (!probe_last.faults) {
		printf(" completes\n");
		return;
	}
	exc_print_fsc(ESR_xFSC(probe_last.esr));
	printf(" WnR=%lu FAR %s\n", (unsigned long)ESR_WNR(probe_last.esr),
	       probe_last.far == va ? "ok" : "FAIL");
}

int main(void)
{
	uint64_t r = (uintptr_t)ram;
	printf("align: MMU off (all data accesses Device)\n");
	probe("ldr x, RAM + 1", r + 1, 'r');
	probe("str x, RAM + 4", r + 4, 'w');
	probe("ldrh, RAM + 1", r + 1, 'h');
	probe("ldr x, RAM + 8", r + 8, 'r');
	probe("ldr x, GICD + 1", BOARD_GICD_BASE + 1, 'r');
	probe("ldr x, GICD + 8", BOARD_GICD_BASE + 8, 'r');

	mmu_identity_on();
	printf("align: MMU on\n");
	probe("ldr x, GICD + 1 (Device mapping)", BOARD_GICD_BASE + 1, 'r');
	probe("ldr x, RAM + 1 (Normal)", r + 1, 'r');
	probe("str x, RAM + 4 (Normal)", r + 4, 'w');
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_A);
	isb();
	printf("align: MMU on, SCTLR_EL1.A\n");
	probe("ldr x, RAM + 1", r + 1, 'r');
	probe("str x, RAM + 4", r + 4, 'w');
	probe("ldrh, RAM + 2", r + 2, 'h');
	probe("ldr x, RAM + 16", r + 16, 'r');
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_A);
	isb();
	probe("ldr x, RAM + 1 (A clear again)", r + 1, 'r');
	mmu_disable();
	printf("align: done\n");
	return 0;
}
