/*
 * SMCCC and PSCI through HVC (Arm DEN0028 "SMC Calling Convention", DEN0022
 * "Power State Coordination Interface"): versions, PSCI_FEATURES for a few
 * functions, and unknown function ids, which must return NOT_SUPPORTED (-1)
 * in x0 and leave the caller running.
 */
#include "fw.h"

static void show(const char *prefix, const char *what, uint64_t x0)
{
	if ((int64_t)x0 == SMCCC_NOT_SUPPORTED)
		printf("  %-14s%-26s NOT_SUPPORTED\n", prefix, what);
	else
		printf("  %-14s%-26s 0x%lx\n", prefix, what, (unsigned long)x0);
}

static uint64_t call(uint32_t fid, uint64_t a1)
{
	return smccc_call(fid, a1, 0, 0).x0;
}

struct named { uint32_t fid; const char *name; };

int main(void)
{
	printf("hvc: SMCCC and PSCI through HVC at EL%u\n", current_el());

	/* Versions: major in bits 30:16, minor in 15:0. */
	uint64_t v = call(PSCI_VERSION, 0);
	printf("  %-40s %lu.%lu\n", "PSCI_VERSION",
	       (unsigned long)(v >> 16) & 0x7fff, (unsigned long)v & 0xffff);
	/*
	 * SMCCC_VERSION: NOT_SUPPORTED means v1.0 (DEN0028 7.2.1; QEMU answers
	 * that), KVM answers 1.1. Check the answer is well formed, not which.
	 */
	v = call(SMCCC_VERSION, 0);
	bool valid = (int64_t)v == SMCCC_NOT_SUPPORTED || (!(v >> 31) && (v >> 16) >= 1);
	printf("  %-40s %s\n", "SMCCC_VERSION", valid ? "v1.0 or later" : "MALFORMED");

	/* PSCI_FEATURES (PSCI 1.0+): 0 or feature flags if implemented, else -1. */
	static const struct named feat[] = {
		{ PSCI_VERSION, "PSCI_VERSION" },
		{ PSCI_CPU_OFF, "CPU_OFF" },
		{ PSCI_CPU_ON64, "CPU_ON (64-bit)" },
		{ PSCI_AFFINITY_INFO64, "AFFINITY_INFO (64-bit)" },
		{ PSCI_SYSTEM_OFF, "SYSTEM_OFF" },
		{ PSCI_SYSTEM_RESET, "SYSTEM_RESET" },
		{ PSCI_FEATURES, "PSCI_FEATURES" },
		{ PSCI_MIGRATE64, "MIGRATE (64-bit)" },
		{ 0x8400001f, "unallocated 0x8400001f" },
	};
	for (unsigned i = 0; i < sizeof(feat) / sizeof(feat[0]); i++)
		show("PSCI_FEATURES", feat[i].name, call(PSCI_FEATURES, feat[i].fid));

	/* Unknown ids in several owner ranges: NOT_SUPPORTED. */
	static const struct named unknown[] = {
		{ 0x8400ff00, "PSCI 0x8400ff00" },
		{ 0xc2001234, "SiP 0xc2001234" },
		{ 0x83000042, "OEM 0x83000042" },
		{ 0xb2000000, "trusted OS 0xb2000000" },
	};
	for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		show("unknown id", unknown[i].name, call(unknown[i].fid, 0));

	printf("hvc: still running after the unknown calls\n");
	return 0;
}
