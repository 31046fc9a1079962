/*
 * The CSRs (LA RM 7 "Control and Status Registers"): one table of every
 * implemented CSR, its name, the bits software may write and what a write
 * sets off. CSRRD/CSRWR/CSRXCHG, the gdb stub and ONE_REG all go through
 * la_csr_access.
 */
#include <stddef.h>

#include "cpu/loongarch/loongarch.h"

/* What a write to a CSR sets off. */
enum side { SIDE_NONE, SIDE_MODE, SIDE_TLB, SIDE_IRQ, SIDE_TCFG, SIDE_TICLR, SIDE_ESTAT };

struct la_csr_desc {
	uint16_t num;
	const char *name;
	uint16_t off;        /* offsetof(struct la_cpu, csr.x) */
	uint64_t wmask;      /* bits software may write (0: read-only) */
	uint8_t side;
};

#define CSR(n, name, field, wmask, side) { n, name, offsetof(struct la_cpu, csr.field), wmask, side }

static const struct la_csr_desc csrs[] = {
	CSR(LA_CSR_CRMD, "crmd", crmd, 0x1ff, SIDE_MODE),
	CSR(LA_CSR_PRMD, "prmd", prmd, 0xf, SIDE_NONE),
	CSR(LA_CSR_EUEN, "euen", euen, LA_EUEN_FPE, SIDE_MODE),
	CSR(LA_CSR_MISC, "misc", misc, 0x77f7f, SIDE_NONE),
	CSR(LA_CSR_ECFG, "ecfg", ecfg, LA_ECFG_LIE | (7ull << LA_ECFG_VS_SHIFT), SIDE_IRQ),
	/* ESTAT: only the two software interrupt bits are writable (7.4.5). */
	CSR(LA_CSR_ESTAT, "estat", estat, 0x3, SIDE_ESTAT),
	CSR(LA_CSR_ERA, "era", era, ~0ull, SIDE_NONE),
	CSR(LA_CSR_BADV, "badv", badv, ~0ull, SIDE_NONE),
	CSR(LA_CSR_BADI, "badi", badi, 0, SIDE_NONE),
	CSR(LA_CSR_EENTRY, "eentry", eentry, ~0xfffull, SIDE_NONE),
	CSR(LA_CSR_TLBIDX, "tlbidx", tlbidx, 0xbf000fffull, SIDE_NONE),
	CSR(LA_CSR_TLBEHI, "tlbehi", tlbehi, 0xffffffffffffe000ull, SIDE_NONE),
	CSR(LA_CSR_TLBELO0, "tlbelo0", tlbelo0, 0xe000fffffffff07full, SIDE_NONE),
	CSR(LA_CSR_TLBELO1, "tlbelo1", tlbelo1, 0xe000fffffffff07full, SIDE_NONE),
	CSR(LA_CSR_ASID, "asid", asid, 0x3ff, SIDE_TLB),
	CSR(LA_CSR_PGDL, "pgdl", pgdl, ~0xfffull, SIDE_NONE),
	CSR(LA_CSR_PGDH, "pgdh", pgdh, ~0xfffull, SIDE_NONE),
	CSR(LA_CSR_PWCL, "pwcl", pwcl, 0xffffffff, SIDE_NONE),
	CSR(LA_CSR_PWCH, "pwch", pwch, 0xffffff, SIDE_NONE),
	CSR(LA_CSR_STLBPS, "stlbps", stlbps, 0x3f, SIDE_TLB),
	CSR(LA_CSR_RVACFG, "rvacfg", rvacfg, 0xf, SIDE_NONE),
	CSR(LA_CSR_CPUID, "cpuid", cpuid, 0, SIDE_NONE),
	CSR(LA_CSR_PRCFG1, "prcfg1", prcfg1, 0, SIDE_NONE),
	CSR(LA_CSR_PRCFG2, "prcfg2", prcfg2, 0, SIDE_NONE),
	CSR(LA_CSR_PRCFG3, "prcfg3", prcfg3, 0, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 0, "save0", save[0], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 1, "save1", save[1], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 2, "save2", save[2], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 3, "save3", save[3], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 4, "save4", save[4], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 5, "save5", save[5], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 6, "save6", save[6], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 7, "save7", save[7], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 8, "save8", save[8], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 9, "save9", save[9], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 10, "save10", save[10], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 11, "save11", save[11], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 12, "save12", save[12], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 13, "save13", save[13], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 14, "save14", save[14], ~0ull, SIDE_NONE),
	CSR(LA_CSR_SAVE0 + 15, "save15", save[15], ~0ull, SIDE_NONE),
	CSR(LA_CSR_TID, "tid", tid, ~0ull, SIDE_NONE),
	CSR(LA_CSR_TCFG, "tcfg", tcfg, ~0ull, SIDE_TCFG),
	CSR(LA_CSR_CNTC, "cntc", cntc, ~0ull, SIDE_NONE),
	CSR(LA_CSR_TICLR, "ticlr", tcfg /* reads 0: see la_csr_access */, 1, SIDE_TICLR),
	CSR(LA_CSR_LLBCTL, "llbctl", llbctl, 0x6, SIDE_NONE),
	CSR(LA_CSR_IMPCTL1, "impctl1", impctl1, ~0ull, SIDE_NONE),
	CSR(LA_CSR_IMPCTL2, "impctl2", impctl2, ~0ull, SIDE_NONE),
	CSR(LA_CSR_TLBRENTRY, "tlbrentry", tlbrentry, ~0xfffull, SIDE_NONE),
	CSR(LA_CSR_TLBRBADV, "tlbrbadv", tlbrbadv, ~0ull, SIDE_NONE),
	CSR(LA_CSR_TLBRERA, "tlbrera", tlbrera, ~0ull, SIDE_NONE),
	CSR(LA_CSR_TLBRSAVE, "tlbrsave", tlbrsave, ~0ull, SIDE_NONE),
	CSR(LA_CSR_TLBRELO0, "tlbrelo0", tlbrelo0, 0xe000fffffffff07full, SIDE_NONE),
	CSR(LA_CSR_TLBRELO1, "tlbrelo1", tlbrelo1, 0xe000fffffffff07full, SIDE_NONE),
	CSR(LA_CSR_TLBREHI, "tlbrehi", tlbrehi, 0xffffffffffffe03full, SIDE_NONE),
	CSR(LA_CSR_TLBRPRMD, "tlbrprmd", tlbrprmd, 0x7, SIDE_NONE),
	CSR(LA_CSR_MERRCTL, "merrctl", merrctl, ~0ull, SIDE_NONE),
	CSR(LA_CSR_MERRINFO1, "merrinfo1", merrinfo1, ~0ull, SIDE_NONE),
	CSR(LA_CSR_MERRINFO2, "merrinfo2", merrinfo2, ~0ull, SIDE_NONE),
	CSR(LA_CSR_MERRENTRY, "merrentry", merrentry, ~0xfffull, SIDE_NONE),
	CSR(LA_CSR_MERRERA, "merrera", merrera, ~0ull, SIDE_NONE),
	CSR(LA_CSR_MERRSAVE, "merrsave", merrsave, ~0ull, SIDE_NONE),
	CSR(LA_CSR_CTAG, "ctag", ctag, ~0ull, SIDE_NONE),
	CSR(LA_CSR_DMW0 + 0, "dmw0", dmw[0], 0xf000000000000039ull, SIDE_TLB),
	CSR(LA_CSR_DMW0 + 1, "dmw1", dmw[1], 0xf000000000000039ull, SIDE_TLB),
	CSR(LA_CSR_DMW0 + 2, "dmw2", dmw[2], 0xf000000000000039ull, SIDE_TLB),
	CSR(LA_CSR_DMW0 + 3, "dmw3", dmw[3], 0xf000000000000039ull, SIDE_TLB),
};

#define N_CSRS (sizeof(csrs) / sizeof(csrs[0]))

static const struct la_csr_desc *find(unsigned num)
{
	for (size_t i = 0; i < N_CSRS; i++)
		if (csrs[i].num == num)
			return &csrs[i];
	return NULL;
}

int la_csr_access(struct la_cpu *c, unsigned num, uint64_t *val, bool write)
{
	if (num == LA_CSR_TVAL) {   /* computed from the timer (7.6.3); read-only */
		if (!write)
			*val = la_timer_tval(c);
		return 0;
	}
	const struct la_csr_desc *d = find(num);
	if (!d)
		return -1;
	uint64_t *reg = (uint64_t *)((char *)c + d->off);
	if (!write) {
		*val = d->side == SIDE_TICLR ? 0 : *reg;
		return 0;
	}
	switch (d->side) {
	case SIDE_TICLR:
		if (*val & 1)
			la_set_irq(c, LA_IRQ_TIMER, false);
		return 0;
	case SIDE_TCFG:
		la_timer_write_tcfg(c, *val);
		return 0;
	default:
		break;
	}
	*reg = (*reg & ~d->wmask) | (*val & d->wmask);
	switch (d->side) {
	case SIDE_MODE:
		la_update_mode(c);
		la_tlb_flush_soft(c);   /* DA/PG may have changed what every address means */
		break;
	case SIDE_TLB:
		la_tlb_flush_soft(c);
		break;
	case SIDE_IRQ:
	case SIDE_ESTAT:
		la_set_irq(c, LA_IRQ_SWI0, c->csr.estat & 1);   /* re-evaluate pending */
		break;
	}
	return 0;
}
