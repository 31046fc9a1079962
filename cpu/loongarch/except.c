/*
 * The LoongArch exception model (LA RM 6 "Exceptions and Interrupts"):
 * synchronous exceptions, the TLB refill exception, interrupts, ERTN, and
 * the decode mode and soft-TLB regime that follow from CRMD and EUEN.
 */
#include "cpu/loongarch/loongarch.h"

void la_update_mode(struct la_cpu *c)
{
	unsigned plv = la_plv(c);
	c->fp_enabled = (c->csr.euen & LA_EUEN_FPE) != 0;
	c->core.mode = LA_MODE(plv, c->fp_enabled);
	c->core.tlb = &c->core.tlbs[plv];
	c->core.req.level = (uint8_t)plv;
	/* Interrupts may have become deliverable. */
	if (c->core.irq_pending)
		core_vcpu_kick(&c->core);
}

/*
 * The entry of exception `ecode` (LA RM 6.2.2): EENTRY, spaced by ECFG.VS
 * (2^VS instructions per entry; VS = 0: one entry for all). Interrupts use
 * entries 64 and up, one per line, when VS is set.
 */
static uint64_t entry_of(const struct la_cpu *c, unsigned code)
{
	unsigned vs = (c->csr.ecfg >> LA_ECFG_VS_SHIFT) & 7;
	return c->csr.eentry + (vs ? (uint64_t)code << (vs + 2) : 0);
}

/* Enter PLV0 with interrupts off, saving PLV and IE in PRMD (6.2.3). */
static void enter(struct la_cpu *c)
{
	c->csr.prmd = (c->csr.prmd & ~(LA_PRMD_PPLV | LA_PRMD_PIE)) | (c->csr.crmd & LA_PRMD_PPLV) |
		      (c->csr.crmd & LA_CRMD_IE ? LA_PRMD_PIE : 0);
	c->csr.crmd &= ~(LA_CRMD_PLV | LA_CRMD_IE);
	la_update_mode(c);
}

int la_exception(struct la_cpu *c, uint64_t pc, unsigned ecode, unsigned subcode,
		 uint64_t badv, uint32_t insn, bool retired)
{
	enter(c);
	c->csr.era = pc;
	c->csr.estat = (c->csr.estat & LA_ESTAT_IS) | ((uint64_t)ecode << LA_ESTAT_ECODE_SHIFT) |
		       ((uint64_t)subcode << LA_ESTAT_ESUBCODE_SHIFT);
	if (ecode >= LA_EXC_PIL && ecode <= LA_EXC_ALE)
		c->csr.badv = badv;
	c->csr.badi = insn;
	c->core.pc = entry_of(c, ecode);
	return retired ? CORE_TRAP_DONE : CORE_EXCEPTION;
}

/*
 * TLB refill (6.2.4): CRMD goes to PLV0, IE off and direct address mode
 * (DA=1, PG=0), the old PLV/IE in TLBRPRMD; TLBRERA holds the return
 * address with IsTLBR (bit 0); TLBRBADV and TLBREHI.VPPN the address;
 * pc = TLBRENTRY, a physical address.
 */
int la_tlb_refill(struct la_cpu *c, uint64_t pc, uint64_t badv, uint32_t insn)
{
	c->csr.tlbrprmd = (c->csr.tlbrprmd & ~(LA_PRMD_PPLV | LA_PRMD_PIE)) |
			  (c->csr.crmd & LA_PRMD_PPLV) | (c->csr.crmd & LA_CRMD_IE ? LA_PRMD_PIE : 0);
	c->csr.crmd = (c->csr.crmd & ~(LA_CRMD_PLV | LA_CRMD_IE | LA_CRMD_PG)) | LA_CRMD_DA;
	c->csr.tlbrera = (pc & ~3ull) | 1;
	c->csr.tlbrbadv = badv;
	c->csr.tlbrehi = (c->csr.tlbrehi & 0x3f) | (badv & ~0x1fffull);
	c->csr.badi = insn;
	la_update_mode(c);
	la_tlb_flush_soft(c);
	c->core.pc = c->csr.tlbrentry;
	return CORE_EXCEPTION;
}

int la_op_ine(struct core_vcpu *v, const struct core_op *op)
{
	return la_exception(la(v), core_op_pc(v, op), LA_EXC_INE, 0, 0, op->insn, false);
}

/*
 * ERTN (4.2.2): from a TLB refill (TLBRERA.IsTLBR) restore TLBRPRMD, set PG
 * back, return to TLBRERA; otherwise restore PRMD and return to ERA. LLbit
 * is cleared unless LLBCTL.KLO keeps it.
 */
int la_ertn(struct la_cpu *c)
{
	uint64_t prmd, era;
	if (c->csr.tlbrera & 1) {
		prmd = c->csr.tlbrprmd;
		era = c->csr.tlbrera & ~3ull;
		c->csr.tlbrera &= ~1ull;
		c->csr.crmd = (c->csr.crmd & ~LA_CRMD_DA) | LA_CRMD_PG;
		la_tlb_flush_soft(c);
	} else {
		prmd = c->csr.prmd;
		era = c->csr.era;
	}
	c->csr.crmd = (c->csr.crmd & ~(LA_CRMD_PLV | LA_CRMD_IE)) | (prmd & LA_PRMD_PPLV) |
		      (prmd & LA_PRMD_PIE ? LA_CRMD_IE : 0);
	if (!(c->csr.llbctl & (1u << 2)))   /* KLO */
		c->llbit = false;
	c->csr.llbctl &= ~(1ull << 2);
	la_update_mode(c);
	c->core.pc = era;
	return CORE_BRANCH;
}

/*
 * Interrupts (6.1): line i is pending when ESTAT.IS[i] and ECFG.LIE[i]
 * are both set; it is taken when CRMD.IE is. A pending interrupt ends IDLE
 * whether or not IE lets it in (4.2.5): the wake rule.
 */
bool la_take_irq(struct core_vcpu *v)
{
	struct la_cpu *c = la(v);
	uint64_t pending = c->csr.estat & c->csr.ecfg & LA_ESTAT_IS;
	if (!pending)
		return false;
	v->halted = false;
	if (!(c->csr.crmd & LA_CRMD_IE))
		return false;
	unsigned line = 63 - (unsigned)__builtin_clzll(pending);   /* the highest line first */
	enter(c);
	c->csr.era = v->pc;
	c->csr.estat = (c->csr.estat & LA_ESTAT_IS) | ((uint64_t)LA_EXC_INT << LA_ESTAT_ECODE_SHIFT);
	v->pc = entry_of(c, 64 + line);
	v->n_exceptions++;
	return true;
}

void la_set_irq(struct la_cpu *c, unsigned irq, bool level)
{
	if (level)
		c->csr.estat |= 1ull << irq;
	else
		c->csr.estat &= ~(1ull << irq);
	c->core.irq_pending = (c->csr.estat & c->csr.ecfg & LA_ESTAT_IS) != 0;
	if (c->core.irq_pending)
		core_vcpu_kick(&c->core);
}
