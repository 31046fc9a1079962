/*
 * The PMU's BR_RETIRED (0x21) and MEM_ACCESS (0x13) event counters over
 * loops whose branches and memory accesses are known (pmu_events_loop.S):
 * PMCEID0/1_EL0 advertise them, PMEVTYPER<n>_EL0's P and U bits filter
 * EL1 and EL0, a read inside the loop sees exactly what retired before
 * it, and a counter preset near 2^32 raises the overflow interrupt (PPI
 * 23) when the loop carries it: the handler finds where the loop was. A
 * fault inside a block at EL0 leaves the EL0 count at the loads that
 * retired there. EXC_TAKEN and EXC_RETURN over one trip to EL0 and back.
 *
 * Expected values are counted by hand from the loops (see their comments):
 * QEMU 7.2's TCG PMU counts neither event, so only hvsim runs this program.
 */
#include "gic.h"

#define PMU_PPI 23
#define PMCR_E (1ul << 0)
#define PMCR_P (1ul << 1)
#define PMEVTYPER_P (1ul << 31)   /* do not count at EL1 */
#define PMEVTYPER_U (1ul << 30)   /* do not count at EL0 */
#define PMUSERENR_EN (1ul << 0)
#define EV_EXC_TAKEN 0x09
#define EV_EXC_RETURN 0x0a
#define EV_MEM_ACCESS 0x13
#define EV_BR_RETIRED 0x21

/* What the loops read and write (pmu_events_loop.S). */
struct ev_loop {
	uint64_t n, src, dst, preset, out[4];
};
uint64_t ev_measure(uint64_t p);
uint64_t ev_midloop(uint64_t p);
uint64_t ev_overflow_loop(uint64_t p);
uint64_t ev_fault(uint64_t p);
extern char ev_overflow_head[];

static struct ev_loop loop;
static volatile unsigned irqs, faults;
static volatile uint64_t irq_left, irq_elr, irq_ovs;

void fw_irq(struct exc_frame *f)
{
	unsigned intid = gic_ack();
	if (intid != PMU_PPI) {
		printf("unexpected INTID %u\n", intid);
		fw_exit();
	}
	irqs++;
	irq_left = f->x[2];
	irq_elr = f->elr;
	irq_ovs = read_sysreg(pmovsset_el0);
	write_sysreg(pmintenclr_el1, ~0ul);
	write_sysreg(pmovsclr_el0, ~0ul);   /* level-sensitive: clear the cause first */
	isb();
	gic_eoi(intid);
}

/* ev_fault's alignment fault at EL0: skip the load. */
void fw_sync(struct exc_frame *f)
{
	if (ESR_EC(f->esr) != EC_DABT_LOWER) {
		printf("unexpected ");
		exc_report(f);
		fw_exit();
	}
	faults++;
	f->elr += 4;
}

static void types(uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3)
{
	write_sysreg(pmevtyper0_el0, t0);
	write_sysreg(pmevtyper1_el0, t1);
	write_sysreg(pmevtyper2_el0, t2);
	write_sysreg(pmevtyper3_el0, t3);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P);
	isb();
}

static void show(const char *where, unsigned n)
{
	printf("  %-22s n=%-4u BR EL1 %-5lu MEM EL1 %-5lu BR EL0 %-5lu MEM EL0 %lu\n", where, n,
	       (unsigned long)loop.out[0], (unsigned long)loop.out[1],
	       (unsigned long)loop.out[2], (unsigned long)loop.out[3]);
}

/* Counter 0 counting `type` preset by the loop to carry after `left` events. */
static void overflow(const char *name, uint64_t type, unsigned left, unsigned n)
{
	types(type, 0, 0, 0);
	write_sysreg(pmcntenset_el0, 1);
	write_sysreg(pmovsclr_el0, ~0ul);
	write_sysreg(pmintenset_el1, 1);
	irqs = 0;
	loop.n = n;
	loop.preset = (1ul << 32) - left;   /* written by the loop's start: nothing counts after it */
	irq_enable();
	ev_overflow_loop((uintptr_t)&loop);
	irq_disable();
	write_sysreg(pmcntenclr_el0, 1);
	printf("  %s preset %u before the carry: %u interrupt(s), after iteration %lu "
	       "(PMOVSSET_EL0 0x%lx, at the loop head: %s)\n",
	       name, left, irqs, (unsigned long)(n - irq_left),
	       (unsigned long)irq_ovs, irq_elr == (uintptr_t)ev_overflow_head ? "yes" : "no");
}

int main(void)
{
	uint64_t ceid0 = read_sysreg(pmceid0_el0), ceid1 = read_sysreg(pmceid1_el0);
	printf("pmu_events: PMCEID0_EL0 0x%lx, PMCEID1_EL0 0x%lx\n", (unsigned long)ceid0,
	       (unsigned long)ceid1);
	printf("  MEM_ACCESS advertised: %s, BR_RETIRED advertised: %s\n",
	       (ceid0 >> EV_MEM_ACCESS) & 1 ? "yes" : "no", (ceid1 >> (EV_BR_RETIRED - 32)) & 1 ? "yes" : "no");
	write_sysreg(pmuserenr_el0, PMUSERENR_EN);   /* EL0 reads the counters itself */

	/* Counters 0, 1 count at EL1 only (U), 2, 3 at EL0 only (P). */
	types(EV_BR_RETIRED | PMEVTYPER_U, EV_MEM_ACCESS | PMEVTYPER_U,
	      EV_BR_RETIRED | PMEVTYPER_P, EV_MEM_ACCESS | PMEVTYPER_P);
	write_sysreg(pmcntenset_el0, 0xf);
	loop.n = 1000;
	ev_measure((uintptr_t)&loop);
	show("the loop at EL1:", 1000);
	loop.n = 500;
	el0_call(ev_measure, (uintptr_t)&loop, EL0_STACK_TOP);
	show("the loop at EL0:", 500);
	write_sysreg(pmcntenclr_el0, 0xf);

	/* Exact inside the loop, at EL1 and at EL0. */
	types(EV_BR_RETIRED | PMEVTYPER_U, EV_MEM_ACCESS | PMEVTYPER_U, 0, 0);
	write_sysreg(pmcntenset_el0, 3);
	loop.n = 300;
	printf("  reads inside the loop at EL1 that differ: %lu of 600\n",
	       (unsigned long)ev_midloop((uintptr_t)&loop));
	types(EV_BR_RETIRED | PMEVTYPER_P, EV_MEM_ACCESS | PMEVTYPER_P, 0, 0);
	printf("  reads inside the loop at EL0 that differ: %lu of 600\n",
	       (unsigned long)el0_call(ev_midloop, (uintptr_t)&loop, EL0_STACK_TOP));
	write_sysreg(pmcntenclr_el0, 3);

	/*
	 * A fault inside a block at EL0: the loads after it were charged with
	 * the block but had not retired when the EL changed; the EL0 counter
	 * counts only the three that retire at EL0.
	 */
	types(EV_MEM_ACCESS | PMEVTYPER_P, EV_MEM_ACCESS | PMEVTYPER_U, 0, 0);
	write_sysreg(pmcntenset_el0, 3);
	faults = 0;
	el0_call(ev_fault, (uintptr_t)&loop, EL0_STACK_TOP);
	printf("  a fault inside a block at EL0: %u fault(s), MEM_ACCESS at EL0 %lu\n", faults,
	       (unsigned long)read_sysreg(pmevcntr0_el0));
	write_sysreg(pmcntenclr_el0, 3);

	/* One trip to EL0 and back: an SVC taken; the ERET there and the one back. */
	types(EV_EXC_TAKEN, EV_EXC_RETURN, 0, 0);
	write_sysreg(pmcntenset_el0, 3);
	loop.n = 1;
	el0_call(ev_measure, (uintptr_t)&loop, EL0_STACK_TOP);
	printf("  one el0_call: EXC_TAKEN %lu, EXC_RETURN %lu\n",
	       (unsigned long)read_sysreg(pmevcntr0_el0), (unsigned long)read_sysreg(pmevcntr1_el0));
	write_sysreg(pmcntenclr_el0, 3);

	/*
	 * Overflow: the loop's accesses before iteration i ends are 1 + 2i, its
	 * branches i. Presets carrying at the end of iteration 100 (201
	 * accesses) and of iteration 150 (150 branches): the interrupt is taken
	 * at the next loop head. One carrying at iteration 100's load (200)
	 * interrupts at the same place: hvsim looks at a carry when the block
	 * it happened in ends (here one iteration; the interrupt is
	 * asynchronous to the instruction stream, D11 "Performance Monitors
	 * overflow interrupt"), the count read in the handler is exact.
	 */
	gic_init();
	gic_enable_private(PMU_PPI, 0x80);
	overflow("MEM_ACCESS", EV_MEM_ACCESS, 201, 400);
	overflow("MEM_ACCESS", EV_MEM_ACCESS, 200, 400);
	overflow("BR_RETIRED", EV_BR_RETIRED, 150, 400);
	write_sysreg(pmuserenr_el0, 0);
	write_sysreg(pmcr_el0, 0);
	printf("pmu_events: done\n");
	return 0;
}
