/*
 * KVM's paravirtual IPI (KVM_HCALL_FUNC_IPI: a1:a2 a 128-bit bitmap of
 * physical CPU ids from a3; each existing CPU gets SWI0, the others are
 * skipped) on four CPUs, and the steal-time records' `preempted` flag
 * (KVM_FEATURE_PREEMPT) of CPUs waiting for their turn. The secondaries
 * start as Linux starts them (loongson_boot_secondary: the entry in
 * mailbox 0 by MAIL_SEND, then an IPI by IPI_SEND). hvsim only (QEMU's
 * TCG has no HVCL); run with -smp 4.
 */
#include "fw.h"

#define NCPUS 4
#define IPI_STATUS 0x1000
#define IPI_EN 0x1004
#define IPI_CLEAR 0x100c
#define IPI_SEND 0x1040
#define MAIL_SEND 0x1048
#define SEND_BLOCKING (1u << 31)
#define IS_SWI0 (1ul << 0)
#define IS_IPI (1ul << 12)
#define WAIT_LIMIT 2000000u

void secondary_entry(void);
void secondary_main(unsigned cpu);

static volatile unsigned ready[NCPUS], swi[NCPUS], ipi[NCPUS];
static volatile bool spinning[NCPUS];
static struct kvm_steal_time st[NCPUS] __attribute__((aligned(64)));

static unsigned this_cpu(void)
{
	return csr_read(CSR_CPUID) & 0x1ff;
}

static void on_irq(uint64_t pending)
{
	unsigned cpu = this_cpu();
	if (pending & IS_SWI0) {
		csr_write(CSR_ESTAT, csr_read(CSR_ESTAT) & ~IS_SWI0);
		swi[cpu]++;
	}
	if (pending & IS_IPI) {
		iocsr_write32(IPI_CLEAR, iocsr_read32(IPI_STATUS));
		ipi[cpu]++;
	}
}

static void irqs_on(void)
{
	iocsr_write32(IPI_EN, ~0u);
	csr_write(CSR_ECFG, (csr_read(CSR_ECFG) & ~0x1ffful) | IS_SWI0 | IS_IPI);
	csr_write(CSR_CRMD, csr_read(CSR_CRMD) | CRMD_IE);
}

/*
 * A secondary: register its steal-time record, then wait for interrupts,
 * asleep in IDLE, or (CPU 3) spinning, as a lock waiter would.
 */
void secondary_main(unsigned cpu)
{
	trap_init();
	hvcl(HVCL_SERVICE, KVM_HCALL_FUNC_NOTIFY, 1ul << KVM_FEATURE_STEAL_TIME,
	     (uintptr_t)&st[cpu] | 1, 0);
	irqs_on();
	spinning[cpu] = cpu == 3;
	ready[cpu] = 1;
	for (;;)
		if (!spinning[cpu])
			__asm__ volatile("idle 0" ::: "memory");
}

/* Linux's csr_mail_send: mailbox `box` of `cpu` in two 32-bit halves, high first. */
static void mail_send(unsigned cpu, unsigned box, uint64_t data)
{
	uint64_t hi = SEND_BLOCKING | (uint64_t)(box * 2 + 1) << 2 | (uint64_t)cpu << 16;
	uint64_t lo = SEND_BLOCKING | (uint64_t)(box * 2) << 2 | (uint64_t)cpu << 16;
	iocsr_write64(MAIL_SEND, hi | (data & 0xffffffff00000000ul));
	iocsr_write64(MAIL_SEND, lo | data << 32);
}

static void ipi_send(unsigned cpu, unsigned vector)
{
	iocsr_write32(IPI_SEND, SEND_BLOCKING | cpu << 16 | vector);
}

/* Wait until counter reaches n (or the limit: then it prints what it got). */
static void wait_for(volatile unsigned *counter, unsigned n)
{
	for (unsigned i = 0; *counter < n && i < WAIT_LIMIT; i++)
		;
}

static void show(const char *what, long r)
{
	/* Let every CPU run a while, so an IPI that should not arrive has had its chance. */
	for (volatile unsigned i = 0; i < 200000; i++)
		;
	printf("%-36s a0 %ld, SWI0 taken:", what, r);
	for (unsigned c = 0; c < NCPUS; c++)
		printf(" %u", swi[c]);
	printf("\n");
}

static long pv_ipi(uint64_t lo, uint64_t hi, uint64_t min)
{
	return (long)hvcl(HVCL_SERVICE, KVM_HCALL_FUNC_IPI, lo, hi, min);
}

/*
 * The calls in order: a1, a2, a3, and the SWI0 counts to wait for (the
 * totals so far on the CPUs it should reach; the output shows all).
 */
static const struct pv_case {
	const char *name;
	uint64_t lo, hi, min;
	unsigned wait[NCPUS];
} cases[] = {
	{ "to cpu 2", 1ul << 2, 0, 0, { 0, 0, 1, 0 } },
	{ "to cpus 1 and 3", 1ul << 1 | 1ul << 3, 0, 0, { 0, 1, 1, 1 } },
	{ "to cpus 0-3 (self included)", 0xf, 0, 0, { 0, 2, 2, 2 } },
	{ "to 1 and 2 from a3 = 1: cpus 2, 3", 1ul << 1 | 1ul << 2, 0, 1, { 0, 2, 3, 3 } },
	{ "a2 bit 0: cpu 64, none", 0, 1, 0, { 0 } },
	{ "cpus 4, 63, 64-127: none", 1ul << 4 | 1ul << 63, ~0ul, 0, { 0 } },
	{ "cpus 2 and 40: cpu 2", 1ul << 2 | 1ul << 40, 0, 0, { 0, 2, 4, 3 } },
	{ "cpu 100 (a3 = 100): none", 1, 0, 100, { 0 } },
};

int main(void)
{
	trap_init();
	trap_irq_hook = on_irq;
	printf("loongarch pv ipi\n");
	for (unsigned c = 1; c < NCPUS; c++) {
		mail_send(c, 0, (uintptr_t)secondary_entry);
		ipi_send(c, 0);   /* ACTION_BOOT_CPU */
		wait_for(&ready[c], 1);
		printf("cpu %u %s\n", c, ready[c] ? "up" : "DID NOT START");
	}
	irqs_on();

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pv_case *k = &cases[i];
		long r = pv_ipi(k->lo, k->hi, k->min);
		for (unsigned c = 1; c < NCPUS; c++)
			wait_for(&swi[c], k->wait[c]);
		show(k->name, r);
	}

	/* The IOCSR IPI still works beside the PV one (a different line: IPI, not SWI0). */
	ipi_send(1, 3);
	wait_for(&ipi[1], 1);
	printf("IOCSR IPI to cpu 1: IPI taken %u %u %u %u\n", ipi[0], ipi[1], ipi[2], ipi[3]);

	/*
	 * Steal time: each record registered, its version even. PREEMPT: a CPU
	 * spinning when its turn ended is preempted, one asleep in IDLE is not.
	 */
	for (unsigned c = 1; c < NCPUS; c++)
		printf("cpu %u record: version %s, preempted %u (%s)\n", c,
		       st[c].version && !(st[c].version & 1) ? "even" : "WRONG", st[c].preempted,
		       spinning[c] ? "spinning" : "idle");
	return 0;
}
