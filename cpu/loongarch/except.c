/*
 * The LoongArch exception model (LA RM 6 "Exceptions and Interrupts"):
 * general exceptions, the TLB refill exception with its own CSRs, the
 * line-based interrupts and their priority, IDLE's wake rule, and ERTN.
 *
 * The machine error exception is not modelled: hvsim has no cache to
 * fail, so MERRCTL.IsMERR is never set and ERTN never returns from one.
 */
#include "cpu/loongarch/debug.h"
#include "cpu/loongarch/loongarch.h"

/*
 * The entry of exception number `code` (LA RM 6.3.1, 6.1.3): EENTRY ORed
 * with code << (VS + 2), 2^VS instructions per entry; interrupts are
 * numbered 64 + their line. With VS = 0 all share EENTRY. (Linux sets
 * VS = 7: 512-byte entries, exceptions at ecode * 0x200, interrupts from
 * 64 * 0x200: arch/loongarch/kernel/traps.c.)
 */
static uint64_t entry_of(const struct la_cpu *c, unsigned code)
{
	unsigned vs = (c->csr.ecfg >> LA_ECFG_VS_SHIFT) & 7;
	return c->csr.eentry | (vs ? (uint64_t)code << (vs + 2) : 0);
}

/*
 * Save CRMD's PLV and IE into a PRMD-format register (PRMD for general
 * exceptions and interrupts, TLBRPRMD for a TLB refill: PPLV and PIE sit
 * where CRMD keeps PLV and IE) and enter PLV0 with interrupts off (6.3.3,
 * 6.3.4). Returns the PLV the exception was taken from.
 */
static unsigned enter(struct la_cpu *c, uint64_t *prmd)
{
	const uint64_t saved = LA_CRMD_PLV | LA_CRMD_IE;
	unsigned from = la_plv(c);
	*prmd = (*prmd & ~saved) | (c->csr.crmd & saved);
	c->csr.crmd &= ~saved;
	c->core.cycles += c->core.timing->exception;
	return from;
}

/*
 * The exceptions that record the bad address in BADV (7.4.8): the TLB
 * ones (which also put its VPPN in TLBEHI, 7.5.2), ADE, ALE and BCE.
 */
static bool records_badv(unsigned ecode)
{
	return ecode >= LA_EXC_PIL && ecode <= LA_EXC_BCE;
}

int la_exception(struct la_cpu *c, uint64_t pc, unsigned ecode, unsigned subcode,
		 uint64_t badv, uint32_t insn, bool retired)
{
	unsigned from = enter(c, &c->csr.prmd);
	c->csr.era = pc;
	c->csr.estat = (c->csr.estat & LA_ESTAT_IS) | ((uint64_t)ecode << LA_ESTAT_ECODE_SHIFT) |
		       ((uint64_t)subcode << LA_ESTAT_ESUBCODE_SHIFT);
	if (records_badv(ecode))
		c->csr.badv = badv;
	if (ecode >= LA_EXC_PIL && ecode <= LA_EXC_PPI)
		c->csr.tlbehi = badv & LA_VPPN_MASK;
	c->csr.badi = insn;
	c->core.pc = entry_of(c, ecode);
	la_update_mode(c);
	if (core_hooked(&c->core))
		la_trace_exception(c, CORE_EXC_SYNC, ecode, c->csr.estat, from,
				   records_badv(ecode) ? badv : 0, pc);
	return retired ? CORE_TRAP_DONE : CORE_EXCEPTION;
}

/*
 * TLB refill (6.3.4): TLBRPRMD saves PLV and IE, CRMD goes to PLV0 with
 * interrupts off in direct address mode (DA=1, PG=0); TLBRERA holds the
 * PC with IsTLBR set, TLBRBADV and TLBREHI.VPPN the address; ERA, ESTAT
 * and BADV are left alone, so a refill may nest in another exception's
 * handler. TLBRENTRY is a physical address. (The soft TLB keeps a table
 * of its own for direct address mode, so nothing is flushed.)
 */
int la_tlb_refill(struct la_cpu *c, uint64_t pc, uint64_t badv, uint32_t insn)
{
	unsigned from = enter(c, &c->csr.tlbrprmd);
	c->csr.crmd = (c->csr.crmd & ~LA_CRMD_PG) | LA_CRMD_DA;
	c->csr.tlbrera = (pc & ~3ull) | 1;
	c->csr.tlbrbadv = badv;
	c->csr.tlbrehi = (c->csr.tlbrehi & ~LA_VPPN_MASK) | (badv & LA_VPPN_MASK);
	c->csr.badi = insn;
	c->core.pc = c->csr.tlbrentry;
	la_update_mode(c);
	if (core_hooked(&c->core))
		la_trace_exception(c, CORE_EXC_SYNC, LA_EXC_TLBR, 0, from, badv, pc);
	return CORE_EXCEPTION;
}

CORE_HANDLER_EXTERN(la_op_ine)
{
	return la_exception(la(v), core_op_pc(v, op), LA_EXC_INE, 0, 0, op->insn, false);
}

/*
 * ERTN (4.2.6): from a TLB refill (TLBRERA.IsTLBR) restore PLV and IE from
 * TLBRPRMD, go back to mapped mode (DA=0, PG=1), clear IsTLBR and return
 * to TLBRERA; otherwise restore them from PRMD and return to ERA. LLbit is
 * cleared unless LLBCTL.KLO spares it, and KLO lasts for one ERTN (7.4.17).
 */
int la_ertn(struct la_cpu *c)
{
	const uint64_t restored = LA_CRMD_PLV | LA_CRMD_IE;
	uint64_t prmd = c->csr.prmd, era = c->csr.era;
	if (c->csr.tlbrera & 1) {
		prmd = c->csr.tlbrprmd;
		era = c->csr.tlbrera & ~3ull;
		c->csr.tlbrera &= ~1ull;
		c->csr.crmd = (c->csr.crmd & ~LA_CRMD_DA) | LA_CRMD_PG;
	}
	c->csr.crmd = (c->csr.crmd & ~restored) | (prmd & restored);
	if (!(c->csr.llbctl & LA_LLBCTL_KLO))
		c->llbit = false;
	c->csr.llbctl &= ~LA_LLBCTL_KLO;
	c->core.pc = era;
	la_update_mode(c);
	return CORE_BRANCH;
}

/*
 * Interrupts (6.1.4): line i is pending when ESTAT.IS[i] and ECFG.LIE[i]
 * are both set, and taken when CRMD.IE is; the highest line wins (6.1.2:
 * IPI, then the timer, ... SWI0 last). A pending interrupt ends IDLE
 * whether or not IE lets it in (4.2.6: IDLE waits "until it is woken up by
 * an interrupt"): the wake rule. The interrupt is an exception numbered
 * 64 + line with Ecode 0 (INT), ERA the next instruction to run.
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
	unsigned line = 63 - (unsigned)__builtin_clzll(pending);
	unsigned from = enter(c, &c->csr.prmd);
	c->csr.era = v->pc;
	c->csr.estat = (c->csr.estat & LA_ESTAT_IS) | ((uint64_t)LA_EXC_INT << LA_ESTAT_ECODE_SHIFT);
	v->pc = entry_of(c, 64 + line);
	v->n_exceptions++;
	la_update_mode(c);
	if (core_hooked(v))
		la_trace_exception(c, CORE_EXC_ASYNC, line, c->csr.estat, from, 0, c->csr.era);
	return true;
}

void la_irq_update(struct la_cpu *c)
{
	c->core.irq_pending = (c->csr.estat & c->csr.ecfg & LA_ESTAT_IS) != 0;
	if (c->core.irq_pending)
		core_vcpu_kick(&c->core);
}

void la_set_irq(struct la_cpu *c, unsigned irq, bool level)
{
	if (level)
		c->csr.estat |= 1ull << irq;
	else
		c->csr.estat &= ~(1ull << irq);
	la_irq_update(c);
}
