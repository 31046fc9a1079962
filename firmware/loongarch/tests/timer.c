/*
 * The constant timer and interrupts (LA RM 7.6 TCFG/TVAL/TICLR, 6.1
 * interrupts, 4.2.6 IDLE): TVAL counting down, the timer line in
 * ESTAT.IS and TICLR clearing it, periodic and one-shot interrupts taken
 * through ECFG.LIE and CRMD.IE, IDLE woken by a pending line even with
 * CRMD.IE clear, and the software interrupt lines. Facts only: hvsim and
 * QEMU print the same.
 */
#include "fw.h"

#define TCFG_EN 1ul
#define TCFG_PERIODIC 2ul
#define IS_TI (1ul << 11)
#define IS_SWI1 (1ul << 1)

/*
 * The periodic test's handler stops the timer at interrupt stop_at. One
 * taken after that (late) is a period that ended between the handler's
 * TICLR and its stop: on QEMU, whose timer runs on host time, a host that
 * holds the vCPU thread for a period (200 us) latches it in ESTAT.IS and
 * the ERTN takes it. That is QEMU's host time, not the guest's doing, so it
 * is counted apart and is an error only on hvsim, whose timer runs on
 * virtual time.
 */
static volatile unsigned ticks, swis, stop_at, late;
static volatile uint64_t irq_estat, irq_prmd;

static void on_irq(uint64_t pending)
{
	if ((pending & IS_TI) && stop_at && ticks == stop_at) {
		csr_write(CSR_TICLR, 1);
		late++;
		pending &= ~IS_TI;
	}
	if (!pending)
		return;
	irq_estat = csr_read(CSR_ESTAT);
	irq_prmd = csr_read(CSR_PRMD);
	if (pending & IS_TI) {
		csr_write(CSR_TICLR, 1);
		if (++ticks == stop_at)
			csr_write(CSR_TCFG, 0);
	}
	if (pending & IS_SWI1) {
		csr_write(CSR_ESTAT, csr_read(CSR_ESTAT) & ~IS_SWI1);
		swis++;
	}
}

static void irqs_on(uint64_t lie)
{
	csr_write(CSR_ECFG, (csr_read(CSR_ECFG) & ~0x1ffful) | lie);
	csr_write(CSR_CRMD, csr_read(CSR_CRMD) | CRMD_IE);
}

static void irqs_off(void)
{
	csr_write(CSR_CRMD, csr_read(CSR_CRMD) & ~CRMD_IE);
	csr_write(CSR_ECFG, csr_read(CSR_ECFG) & ~0x1ffful);
}

/*
 * Sleep until `n` timer interrupts were taken. IE is clear while the count
 * is checked and IDLE waits: a pending line wakes IDLE anyway, and setting
 * IE takes it, so none slips between the check and the IDLE.
 */
static void wait_ticks(unsigned n)
{
	for (;;) {
		csr_write(CSR_CRMD, csr_read(CSR_CRMD) & ~CRMD_IE);
		if (ticks >= n)
			break;
		__asm__ volatile("idle 0" ::: "memory");
		csr_write(CSR_CRMD, csr_read(CSR_CRMD) | CRMD_IE);
	}
	csr_write(CSR_CRMD, csr_read(CSR_CRMD) | CRMD_IE);
}

static void spin(unsigned n)
{
	for (volatile unsigned i = 0; i < n; i++)
		;
}

int main(void)
{
	trap_init();
	trap_irq_hook = on_irq;
	printf("loongarch timer\n");

	/* TVAL counts down from InitVal while En is set. */
	csr_write(CSR_TCFG, 0x10000000ul | TCFG_EN);
	uint64_t t0 = csr_read(CSR_TVAL);
	spin(1000);
	uint64_t t1 = csr_read(CSR_TVAL);
	printf("TVAL counts down: %s (below InitVal: %s)\n", t1 < t0 ? "yes" : "no",
	       t0 <= 0x10000000ul ? "yes" : "no");

	/* Masked: the line still shows in ESTAT.IS, and TICLR.CLR clears it. */
	csr_write(CSR_TICLR, 1);
	csr_write(CSR_TCFG, 400 | TCFG_EN);
	unsigned n = 0;
	while (!(csr_read(CSR_ESTAT) & IS_TI) && n < 10000000)
		n++;
	printf("masked timer: ESTAT.IS.TI %lu, interrupts taken %u\n",
	       (unsigned long)(csr_read(CSR_ESTAT) & IS_TI) >> 11, ticks);
	csr_write(CSR_TICLR, 1);
	printf("after TICLR: ESTAT.IS.TI %lu\n", (unsigned long)(csr_read(CSR_ESTAT) & IS_TI) >> 11);

	/* Periodic, taken: five interrupts, the handler stops it at the fifth. */
	stop_at = 5;
	irqs_on(IS_TI);
	csr_write(CSR_TCFG, 20000 | TCFG_PERIODIC | TCFG_EN);
	wait_ticks(5);
	spin(100000);
	printf("periodic: %u interrupts, Ecode %lu, IS.TI %lu, PRMD.PIE %lu\n", ticks,
	       (unsigned long)ESTAT_ECODE(irq_estat), (unsigned long)(irq_estat & IS_TI) >> 11,
	       (unsigned long)(irq_prmd >> 2) & 1);
	if (late && fw_on_hvsim())
		printf("periodic: %u interrupt(s) after the stop\n", late);

	/* One-shot: one interrupt, then nothing. */
	ticks = 0;
	stop_at = 0;
	csr_write(CSR_TCFG, 20000 | TCFG_EN);
	wait_ticks(1);
	spin(100000);
	printf("one-shot: %u interrupt\n", ticks);
	irqs_off();

	/* IDLE wakes on a pending, enabled line with CRMD.IE clear; no interrupt is taken until IE. */
	ticks = 0;
	csr_write(CSR_ECFG, csr_read(CSR_ECFG) | IS_TI);
	csr_write(CSR_TCFG, 20000 | TCFG_EN);
	__asm__ volatile("idle 0" ::: "memory");
	printf("idle with IE clear: woke, IS.TI %lu, interrupts taken %u\n",
	       (unsigned long)(csr_read(CSR_ESTAT) & IS_TI) >> 11, ticks);
	csr_write(CSR_CRMD, csr_read(CSR_CRMD) | CRMD_IE);
	printf("IE set: interrupts taken %u\n", ticks);
	irqs_off();

	/* SWI1: written into ESTAT.IS, taken when enabled; masked, it only pends. */
	csr_write(CSR_ESTAT, IS_SWI1);
	printf("SWI1 masked: pending %lu, taken %u\n", (unsigned long)(csr_read(CSR_ESTAT) & IS_SWI1) >> 1,
	       swis);
	irqs_on(IS_SWI1);
	printf("SWI1 enabled: taken %u, pending %lu\n", swis,
	       (unsigned long)(csr_read(CSR_ESTAT) & IS_SWI1) >> 1);
	irqs_off();
	return 0;
}
