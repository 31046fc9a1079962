/*
 * hvsim as LoongArch KVM: every HVCL return code
 * (Documentation/virt/kvm/loongarch/hypercalls.rst; Linux
 * arch/loongarch/kvm/exit.c answers the same cases), the registers an
 * HVCL leaves alone, and the steal-time registration (KVM_HCALL_FUNC_NOTIFY)
 * with KVM's version protocol. QEMU's TCG has no HVCL: hvsim only.
 */
#include "fw.h"

uint64_t gprs_across_hvcl(uint64_t out[32], uint64_t fn);
uint64_t fprs_across_hvcl(uint64_t seed, uint64_t out[32], uint64_t fn);

#define NOTIFY_ST (1ul << KVM_FEATURE_STEAL_TIME)

static struct kvm_steal_time st __attribute__((aligned(64)));
static uint64_t out[32];

static void code(const char *what, long got)
{
	printf("%-44s a0 = %ld\n", what, got);
}

static uint64_t notify(uint64_t id, uint64_t gpa)
{
	return hvcl(HVCL_SERVICE, KVM_HCALL_FUNC_NOTIFY, id, gpa, 0);
}

static void gprs(const char *what, uint64_t fn)
{
	long r = (long)gprs_across_hvcl(out, fn);
	unsigned bad = 0;
	for (unsigned n = 5; n < 32; n++)
		if (n != 21 && n != 22 && out[n] != 0x1000 + n + (n == 31))
			bad++;
	printf("%-44s a0 = %ld, other registers changed: %u\n", what, r, bad);
}

static void fprs(const char *what, uint64_t fn)
{
	const uint64_t seed = 0x3ff0000012340000ul;
	long r = (long)fprs_across_hvcl(seed, out, fn);
	unsigned bad = 0;
	for (unsigned n = 0; n < 32; n++)
		if (out[n] != seed + n)
			bad++;
	printf("%-44s a0 = %ld, FP registers changed: %u\n", what, r, bad);
}

/*
 * The record as KVM's protocol leaves it between updates: version even,
 * past `from` (at least `from` when not `strictly`), steal never less.
 */
static void record(const char *what, uint32_t from, bool strictly, uint64_t steal_from)
{
	uint32_t v = st.version;
	bool moved = strictly ? v > from : v >= from;
	printf("%-44s version %s, %s; steal %s\n", what, v & 1 ? "odd" : "even",
	       moved ? "in order" : "OUT OF ORDER", st.steal >= steal_from ? "kept" : "LOST");
}

int main(void)
{
	printf("loongarch hvcl\n");
	code("hvcl 0x100, function 0", (long)hvcl(HVCL_SERVICE, 0, 0, 0, 0));
	code("hvcl 0x100, function 3", (long)hvcl(HVCL_SERVICE, 3, 0, 0, 0));
	code("hvcl 0x100, function 0xffffffff", (long)hvcl(HVCL_SERVICE, 0xffffffff, 0, 0, 0));
	code("hvcl 0x100, function 1 << 32 | 1", (long)hvcl(HVCL_SERVICE, 1ul << 32 | 1, 0, 0, 0));
	code("hvcl 0x100, IPI to nobody", (long)hvcl(HVCL_SERVICE, KVM_HCALL_FUNC_IPI, 0, 0, 0));
	code("hvcl 0x101 (SWDBG, no debugger)", (long)hvcl(HVCL_SWDBG, 0, 0, 0, 0));
	code("hvcl 0x102 (USER_SERVICE, not offered)", (long)hvcl(HVCL_USER_SERVICE, 0, 0, 0, 0));
	code("hvcl 0", (long)hvcl(0, KVM_HCALL_FUNC_IPI, 0, 0, 0));
	code("hvcl 0x103", (long)hvcl(0x103, KVM_HCALL_FUNC_IPI, 0, 0, 0));
	code("hvcl 0x7fff", (long)hvcl(0x7fff, KVM_HCALL_FUNC_IPI, 0, 0, 0));

	/* A PV IPI to this CPU raises SWI0 (ECFG leaves it masked: it only pends). */
	csr_write(CSR_ESTAT, 0);
	long r = (long)hvcl(HVCL_SERVICE, KVM_HCALL_FUNC_IPI, 1, 0, 0);
	printf("%-44s a0 = %ld, ESTAT.IS.SWI0 %lu\n", "IPI to self", r,
	       (unsigned long)csr_read(CSR_ESTAT) & 1);
	csr_write(CSR_ESTAT, 0);

	gprs("registers across hvcl 0x100 (unknown)", 0x7fff);
	gprs("registers across hvcl 0x100 (IPI)", KVM_HCALL_FUNC_IPI);
	csr_write(CSR_EUEN, EUEN_FPE);
	fprs("FP registers across hvcl 0x100 (unknown)", 0x7fff);
	fprs("FP registers across hvcl 0x100 (IPI)", KVM_HCALL_FUNC_IPI);
	csr_write(CSR_EUEN, 0);

	/* KVM_HCALL_FUNC_NOTIFY: a1 names the feature, a2 = the record's GPA | valid. */
	uint64_t gpa = (uintptr_t)&st;
	code("notify, a1 = 0", (long)notify(0, gpa | 1));
	code("notify, a1 = IPI", (long)notify(1ul << KVM_FEATURE_IPI, gpa | 1));
	code("notify, a1 = STEAL_TIME | IPI", (long)notify(NOTIFY_ST | 2, gpa | 1));
	code("notify, GPA + 8 (misaligned)", (long)notify(NOTIFY_ST, (gpa + 8) | 1));
	code("notify, reserved bit 1", (long)notify(NOTIFY_ST, gpa | 3));
	code("notify, reserved bit 5", (long)notify(NOTIFY_ST, gpa | 0x21));
	printf("%-44s version %u\n", "record untouched by refused calls", st.version);

	code("notify, GPA | valid", (long)notify(NOTIFY_ST, gpa | 1));
	record("after registration", 0, true, 0);
	/* An odd version is what a guest left there, KVM's "first time" junk: made even first. */
	st.version = 5;
	st.steal = 1000;
	code("notify again, version 5 (odd) left there", (long)notify(NOTIFY_ST, gpa | 1));
	record("after registration over version 5", 5, true, 1000);
	uint32_t v = st.version;
	for (volatile unsigned i = 0; i < 200000; i++)
		;
	record("after a while", v, false, 1000);
	code("notify, GPA without valid (off)", (long)notify(NOTIFY_ST, gpa));
	code("notify, GPA outside RAM | valid", (long)notify(NOTIFY_ST, 0x70000000ul | 1));
	code("notify, off", (long)notify(NOTIFY_ST, 0));
	return 0;
}
