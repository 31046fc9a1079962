/*
 * LoongArch's exceptions and interrupts (LA RM 6) through the harness:
 * what each entry leaves in ESTAT, ERA, BADV, BADI and PRMD, and where it
 * goes, with ECFG.VS = 0 and with spaced entries; the TLB refill's own
 * CSRs, direct address mode and ERTN back (IsTLBR); interrupt priority,
 * masking by IE and LIE; IDLE and its wake rule; ERTN and LLbit.
 *
 * Instruction words from llvm-mc-16 -triple=loongarch64 -mattr=+d, the
 * assembly beside each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/la_sys_test.h"

#define NOP 0x38720000u   /* dbar 0 */

/* ECFG.VS = vs: entry n at EENTRY + n * 4 << vs (LA RM 6.3.1); the sentinel stops there. */
static uint64_t spaced_entry(unsigned vs, unsigned n)
{
	uint64_t pa = LA_HARNESS_EENTRY + ((uint64_t)n << (vs + 2));
	csr_set(LA_CSR_ECFG, (csr_get(LA_CSR_ECFG) & LA_ECFG_LIE) | (uint64_t)vs << LA_ECFG_VS_SHIFT);
	stop_at(pa);
	return pa;
}

/*
 * SYSCALL, BREAK and an unallocated word from PLV3 with interrupts on
 * (LA RM 6.3.3): PRMD saves PLV and IE, CRMD goes to PLV0 with IE off, ERA
 * is the instruction, BADI its word; with VS = 0 every one enters EENTRY.
 */
static void test_sync_entry(void **state)
{
	static const uint32_t progs[][1] = {
		{ 0x002b0012 },   /* syscall 0x12 */
		{ 0x002a0003 },   /* break 3 */
		{ 0xffffffff },
	};
	static const unsigned codes[] = { LA_EXC_SYS, LA_EXC_BRK, LA_EXC_INE };
	for (size_t i = 0; i < 3; i++) {
		csr_set(LA_CSR_CRMD, LA_CRMD_DA | LA_CRMD_IE | 3);
		uint64_t before = c->core.insns;
		la_harness_run(h, progs[i], 1);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal(ecode(), codes[i]);
		assert_int_equal(esubcode(), 0);
		assert_int_equal(c->csr.era, LA_HARNESS_CODE);
		assert_int_equal(c->csr.badi, progs[i][0]);
		assert_int_equal(c->csr.prmd, LA_PRMD_PIE | 3);
		assert_int_equal(c->csr.crmd, LA_CRMD_DA);
		/* SYSCALL and BREAK count as executed (the kernel steps past them); INE does not. */
		assert_int_equal(c->core.insns - before, (i < 2 ? 1 : 0) + 1);
	}
}

/* With VS != 0 each exception has its own entry: Linux's VS = 7 puts them 0x200 apart. */
static void test_sync_entry_spaced(void **state)
{
	static const uint32_t sys[] = { 0x002b0012 };   /* syscall 0x12 */
	static const uint32_t ine[] = { 0xffffffff };
	for (unsigned vs = 1; vs <= 7; vs += 6) {
		uint64_t entry = spaced_entry(vs, LA_EXC_SYS);
		la_harness_run(h, sys, 1);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal(c->core.pc, entry + 4);   /* past the sentinel HVCL */
		entry = spaced_entry(vs, LA_EXC_INE);
		la_harness_run(h, ine, 1);
		assert_int_equal(c->core.pc, entry + 4);
		assert_int_equal(ecode(), LA_EXC_INE);
	}
	assert_int_equal(LA_HARNESS_EENTRY + LA_EXC_INE * 0x200 + 4, c->core.pc);
}

/* A fetch from a misaligned PC: ADEF, BADV and ERA the PC, no instruction word (LA RM 6.3.2). */
static void test_adef(void **state)
{
	static const uint32_t prog[] = {
		0x4c000080,   /* jirl $zero, $a0, 0 */
	};
	c->r[4] = LA_HARNESS_CODE + 0x102;
	la_harness_run(h, prog, 1);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(ecode(), LA_EXC_ADE);
	assert_int_equal(esubcode(), LA_ADE_FETCH);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE + 0x102);
	assert_int_equal(c->csr.badv, LA_HARNESS_CODE + 0x102);
	assert_int_equal(c->csr.badi, 0);
}

/*
 * In mapped mode an address no window maps must be a sign extension of
 * bit VALEN-1 (LA RM 5.2): ADEM otherwise, with BADV. A window's address
 * is not checked.
 */
static void test_adem(void **state)
{
	static const uint32_t prog[] = {
		0x28c00085,   /* ld.d $a1, $a0, 0 */
	};
	mapped_mode(0, false);
	csr_set(LA_CSR_DMW0 + 1, 0x9000000000000001ull);
	*(uint64_t *)la_harness_ram(h, 0x800) = 0x5555;
	c->r[4] = 0x9000000000000800ull;
	assert_int_equal(la_harness_run(h, prog, 1), 1);
	assert_int_equal(c->r[5], 0x5555);
	c->r[4] = 0x8000000000000800ull;
	la_harness_run(h, prog, 1);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(ecode(), LA_EXC_ADE);
	assert_int_equal(esubcode(), LA_ADE_MEM);
	assert_int_equal(c->csr.badv, 0x8000000000000800ull);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE);
	assert_int_equal(c->csr.badi, 0x28c00085);
}

/*
 * A software interrupt raised by writing ESTAT.IS[0] is taken before the
 * next instruction (LA RM 6.1): Ecode 0, ERA that instruction, PRMD.PIE
 * set; with VS = 0 at EENTRY, with VS = 3 at entry 64 + 0.
 */
static void test_interrupt_entry(void **state)
{
	static const uint32_t prog[] = {
		0x04001484,   /* csrxchg $a0, $a0, 0x5 */
		NOP,
	};
	for (unsigned vs = 0; vs <= 3; vs += 3) {
		uint64_t entry = vs ? spaced_entry(vs, 64) : LA_HARNESS_EENTRY;
		csr_set(LA_CSR_ECFG, csr_get(LA_CSR_ECFG) | 1);
		csr_set(LA_CSR_ESTAT, 0);
		csr_set(LA_CSR_CRMD, LA_CRMD_DA | LA_CRMD_IE);
		c->r[4] = 1;
		la_harness_run(h, prog, 2);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal(c->core.pc, entry + 4);
		assert_int_equal(ecode(), LA_EXC_INT);
		assert_int_equal(c->csr.estat & LA_ESTAT_IS, 1);
		assert_int_equal(c->csr.era, LA_HARNESS_CODE + 4);
		assert_int_equal(c->csr.prmd, LA_PRMD_PIE);
		assert_int_equal(c->csr.crmd, LA_CRMD_DA);
	}
}

/* The highest pending line wins (LA RM 6.1.2): the timer (11) over HWI3 (5) over SWI1. */
static void test_interrupt_priority(void **state)
{
	static const uint32_t prog[] = { NOP };
	uint64_t entry = spaced_entry(3, 64 + LA_IRQ_TIMER);
	csr_set(LA_CSR_ECFG, csr_get(LA_CSR_ECFG) | LA_ECFG_LIE);
	la_set_irq(c, LA_IRQ_SWI1, true);
	la_set_irq(c, LA_IRQ_HWI0 + 3, true);
	la_set_irq(c, LA_IRQ_TIMER, true);
	csr_set(LA_CSR_CRMD, LA_CRMD_DA | LA_CRMD_IE);
	assert_int_equal(la_harness_run(h, prog, 1), 0);
	assert_int_equal(c->core.pc, entry + 4);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE);
	/* Cleared, the next line in order is taken on the way back (ERTN at the entry). */
	static const uint32_t ertn = 0x06483800;   /* ertn */
	mem_load(la_harness_mem(h), entry, &ertn, 4);
	c->core.pc = entry;
	spaced_entry(3, 64 + LA_IRQ_HWI0 + 3);
	la_set_irq(c, LA_IRQ_TIMER, false);
	assert_int_equal(run_on(), LA_HARNESS_EXC);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE);
	assert_int_equal(c->csr.estat & LA_ESTAT_IS, (1 << LA_IRQ_SWI1) | (1 << (LA_IRQ_HWI0 + 3)));
}

/* A pending line is not taken with CRMD.IE clear, nor is a line ECFG.LIE does not enable pending. */
static void test_interrupt_masked(void **state)
{
	static const uint32_t prog[] = { NOP, NOP };
	csr_set(LA_CSR_CRMD, LA_CRMD_DA);
	csr_set(LA_CSR_ECFG, 1 << LA_IRQ_IPI);
	la_set_irq(c, LA_IRQ_IPI, true);
	assert_true(c->core.irq_pending);
	assert_int_equal(la_harness_run(h, prog, 2), 2);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	csr_set(LA_CSR_CRMD, LA_CRMD_DA | LA_CRMD_IE);
	csr_set(LA_CSR_ECFG, 0);
	assert_false(c->core.irq_pending);
	assert_int_equal(la_harness_run(h, prog, 2), 2);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
}

/*
 * IDLE waits for an interrupt (LA RM 4.2.6). A line LIE enables ends the
 * wait even with IE clear (then nothing is taken and execution goes on
 * after the IDLE); a line LIE masks does not.
 */
static void test_idle_wake_rule(void **state)
{
	static const uint32_t prog[] = {
		0x06488000,   /* idle 0 */
		0x02c01c04,   /* addi.d $a0, $zero, 7 */
	};
	csr_set(LA_CSR_ECFG, 1 << LA_IRQ_HWI0);
	la_harness_run(h, prog, 2);
	assert_int_equal(la_harness_stop(h), 0);
	assert_true(c->core.halted);
	la_set_irq(c, LA_IRQ_HWI0 + 1, true);      /* masked by LIE: sleeps on */
	assert_int_equal(run_on(), 0);
	assert_true(c->core.halted);
	la_set_irq(c, LA_IRQ_HWI0, true);
	assert_int_equal(run_on(), LA_HARNESS_STOP);
	assert_int_equal(c->r[4], 7);
	assert_int_equal(c->csr.crmd, LA_CRMD_DA);
	/* Already pending: IDLE does not wait at all. */
	c->r[4] = 0;
	la_harness_run(h, prog, 2);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	assert_int_equal(c->r[4], 7);
}

/* With IE set the waking interrupt is taken; ERA is the instruction after IDLE. */
static void test_idle_interrupt(void **state)
{
	static const uint32_t prog[] = {
		0x06488000,   /* idle 0 */
		NOP,
	};
	csr_set(LA_CSR_ECFG, 1 << LA_IRQ_IPI);
	csr_set(LA_CSR_CRMD, LA_CRMD_DA | LA_CRMD_IE);
	la_harness_run(h, prog, 2);
	assert_true(c->core.halted);
	la_set_irq(c, LA_IRQ_IPI, true);
	assert_int_equal(run_on(), LA_HARNESS_EXC);
	assert_int_equal(ecode(), LA_EXC_INT);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE + 4);
}

/*
 * ERTN (LA RM 4.2.6) restores PLV and IE from PRMD and returns to ERA; it
 * clears LLbit unless LLBCTL.KLO is set, and KLO lasts one ERTN.
 */
static void test_ertn(void **state)
{
	static const uint32_t prog[] = {
		0x06483800,   /* ertn */
		NOP, NOP, NOP,
	};
	for (int klo = 0; klo < 2; klo++) {
		csr_set(LA_CSR_CRMD, LA_CRMD_DA);
		c->csr.prmd = LA_PRMD_PIE | 3;
		c->csr.era = LA_HARNESS_CODE + 16;
		c->csr.llbctl = klo ? 4 : 0;
		c->llbit = true;
		assert_int_equal(la_harness_run(h, prog, 4), 1);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
		assert_int_equal(c->csr.crmd, LA_CRMD_DA | LA_CRMD_IE | 3);
		assert_int_equal(c->llbit, klo);
		assert_int_equal(c->csr.llbctl, 0);
	}
}

/*
 * A TLB refill (LA RM 6.3.4): its own CSRs (TLBRPRMD, TLBRERA with IsTLBR,
 * TLBRBADV, TLBREHI.VPPN), direct address mode, ERA and ESTAT untouched.
 * ERTN from it goes back to mapped mode and clears IsTLBR; the access then
 * goes through the entry the handler filled.
 */
static void test_tlb_refill(void **state)
{
	static const uint32_t prog[] = {
		0x28c00085,   /* ld.d $a1, $a0, 0 */
	};
	static const uint32_t handler[] = {
		0x06483400,   /* tlbfill */
		0x06483800,   /* ertn */
	};
	const uint64_t va = 0xffff800000012008ull;
	mapped_mode(0, false);
	csr_set(LA_CSR_CRMD, csr_get(LA_CSR_CRMD) | LA_CRMD_IE);
	c->csr.era = 0x5550;
	c->csr.estat = (uint64_t)LA_EXC_SYS << LA_ESTAT_ECODE_SHIFT;
	c->r[4] = va;
	la_harness_run(h, prog, 1);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(c->csr.tlbrera, LA_HARNESS_CODE | 1);
	assert_int_equal(c->csr.tlbrbadv, va);
	assert_int_equal(c->csr.tlbrehi & LA_VPPN_MASK, va & LA_VPPN_MASK);
	assert_int_equal(c->csr.tlbrprmd, LA_PRMD_PIE);
	assert_int_equal(c->csr.crmd & 0x1f, LA_CRMD_DA);
	assert_int_equal(c->csr.era, 0x5550);
	assert_int_equal(ecode(), LA_EXC_SYS);
	/* The handler: one 16 KiB page pair onto 0x100000, filled from TLBRELO0/1. */
	mem_load(la_harness_mem(h), LA_HARNESS_EENTRY + 0x1000, handler, sizeof(handler));
	c->csr.tlbrentry = LA_HARNESS_EENTRY + 0x1000;
	c->csr.tlbrehi = 14;
	c->csr.stlbps = 14;
	c->csr.tlbrelo0 = 0x100000 | 0x13;   /* V, D, MAT 1, PLV0 */
	c->csr.tlbrelo1 = 0x104000 | 0x13;
	*(uint64_t *)la_harness_ram(h, 0x104000 + 0x2008) = 0x77;
	csr_set(LA_CSR_CRMD, LA_CRMD_PG | 0xa0 | LA_CRMD_IE);
	c->r[4] = va + 0x4000;   /* the odd page */
	assert_int_equal(la_harness_run(h, prog, 1), 3);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	assert_int_equal(c->r[5], 0x77);
	assert_int_equal(c->csr.tlbrera & 1, 0);
	assert_int_equal(c->csr.crmd & 0x1f, LA_CRMD_PG | LA_CRMD_IE);
}

/* A fetch's TLB refill: TLBRBADV and TLBRERA are the fetched address, BADI has no word. */
static void test_tlb_refill_fetch(void **state)
{
	static const uint32_t prog[] = {
		0x4c000080,   /* jirl $zero, $a0, 0 */
	};
	const uint64_t va = 0xffff800000040000ull;
	mapped_mode(0, false);
	c->csr.badi = 0x1234;
	c->r[4] = va;
	la_harness_run(h, prog, 1);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(c->csr.tlbrera, va | 1);
	assert_int_equal(c->csr.tlbrbadv, va);
	assert_int_equal(c->csr.badi, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sync_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_entry_spaced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adef, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_masked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_wake_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ertn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlb_refill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlb_refill_fetch, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
