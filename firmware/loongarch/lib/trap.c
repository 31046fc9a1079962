/*
 * The C side of the exception entries (trap.S): record what ESTAT, ERA
 * and BADV say (LA RM 7.4.5-7.4.8), step past the instruction, or run the
 * interrupt hook; fill the TLB from the program's lookup on a refill
 * (6.3.4: TLBREHI, TLBRELO0/1 and TLBFILL inside the refill).
 */
#include "fw.h"

volatile struct trap_record trap_last;
void (*volatile trap_irq_hook)(uint64_t pending);
uint64_t (*volatile tlbr_lookup)(uint64_t va);
volatile unsigned tlbr_count;
volatile uint64_t tlbr_badv;

extern char trap_entry[], tlbr_entry[], plv3_return[];
void trap_handle(struct trap_frame *f);
void tlbr_handle(void);

void trap_init(void)
{
	csr_write(CSR_ECFG, csr_read(CSR_ECFG) & ~(7ul << 16));   /* VS = 0: one entry */
	csr_write(CSR_EENTRY, (uintptr_t)trap_entry);
	csr_write(CSR_TLBRENTRY, (uintptr_t)tlbr_entry);
}

/* Faults of the fetch itself: ERA is the address that could not be fetched. */
static bool fetch_fault(unsigned ecode, unsigned subcode, uint64_t era, uint64_t badv)
{
	if (ecode == EXC_ADE)
		return subcode == 0;
	return (ecode >= EXC_PIL && ecode <= EXC_PPI) && era == badv;
}

void trap_handle(struct trap_frame *f)
{
	uint64_t estat = csr_read(CSR_ESTAT), era = csr_read(CSR_ERA);
	unsigned ecode = ESTAT_ECODE(estat), subcode = ESTAT_ESUBCODE(estat);
	if (ecode == EXC_INT) {
		uint64_t pending = estat & csr_read(CSR_ECFG) & 0x1fff;
		if (trap_irq_hook)
			trap_irq_hook(pending);
		else
			csr_write(CSR_ECFG, csr_read(CSR_ECFG) & ~pending);
		return;
	}
	uint64_t prmd = csr_read(CSR_PRMD), badv = csr_read(CSR_BADV);
	if (ecode == EXC_SYS && era == (uintptr_t)plv3_return && (prmd & CRMD_PLV) == 3) {
		csr_write(CSR_PRMD, prmd & ~CRMD_PLV);   /* plv3_call's way back to PLV0 */
		csr_write(CSR_ERA, era + 4);
		return;
	}
	trap_last.ecode = ecode;
	trap_last.subcode = subcode;
	trap_last.from_plv = prmd & CRMD_PLV;
	trap_last.era = era;
	trap_last.badv = badv;
	trap_last.count++;
	csr_write(CSR_ERA, fetch_fault(ecode, subcode, era, badv) ? f->r[1] : era + 4);
}

void tlbr_handle(void)
{
	uint64_t va = csr_read(CSR_TLBRBADV) & ~0x1ffful;
	tlbr_badv = csr_read(CSR_TLBRBADV);
	tlbr_count++;
	csr_write(CSR_TLBRELO0, tlbr_lookup ? tlbr_lookup(va) : 0);
	csr_write(CSR_TLBRELO1, tlbr_lookup ? tlbr_lookup(va + 0x1000) : 0);
	csr_write(CSR_TLBREHI, (csr_read(CSR_TLBREHI) & ~0x3ful) | 12);
	__asm__ volatile("tlbfill" ::: "memory");
}
