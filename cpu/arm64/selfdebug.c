/*
 * Self-hosted debug (Arm ARM D2 "AArch64 Self-hosted Debug"): hardware
 * breakpoints (D2.8) and watchpoints (D2.9), software step (D2.12), their
 * enables (MDSCR_EL1.MDE/KDE/SS, PSTATE.D, the OS lock and OS double lock)
 * and routing to the debug target EL (MDCR_EL2.TDE, HCR_EL2.TGE).
 *
 * Cost: nothing while no breakpoint or watchpoint is enabled. With a
 * breakpoint enabled, the vCPU runs one instruction at a time through the
 * engine's boundary step, whose before callback checks it. With a
 * watchpoint enabled, pages holding watched bytes stay out of the soft
 * TLB's fast path, so the memory slow path sees every access to them.
 * The gdb stub's breakpoints are the engine's (cpu/core/debug.c), apart.
 */
#include "cpu/arm64/arm64.h"

#define MDSCR_SS (1ull << 0)
#define MDSCR_KDE (1ull << 13)
#define MDSCR_MDE (1ull << 15)
#define OSLSR_OSLK (1ull << 1)
#define OSDLR_DLK (1ull << 0)
#define MDCR_TDE (1ull << 8)

/* Debug control fields (DBGBCR<n>_EL1, DBGWCR<n>_EL1). */
#define CTL_E 1ull
#define CTL_PMC(v) (((v) >> 1) & 3)
#define CTL_HMC(v) (((v) >> 13) & 1)
#define CTL_SSC(v) (((v) >> 14) & 3)
#define CTL_LBN(v) (((v) >> 16) & 0xf)
#define BCR_BT(v) (((v) >> 20) & 0xf)
#define WCR_LSC(v) (((v) >> 3) & 3)
#define WCR_BAS(v) (((v) >> 5) & 0xff)
#define WCR_WT(v) (((v) >> 20) & 1)
#define WCR_MASK(v) (((v) >> 24) & 0x1f)

enum { BT_ADDR = 0, BT_ADDR_LINKED = 1, BT_CTX = 2, BT_CTX_LINKED = 3 };

/* ISS of the debug exceptions: the fault status "debug exception" (D17.2.37). */
#define ISS_DEBUG 0x22u

/* The debug target EL, EL_D (D2.3 "Routing debug exceptions"). */
static unsigned debug_target(const struct arm64_cpu *c)
{
	return c->el2_present && ((c->sr.mdcr_el2 & MDCR_TDE) || (c->sr.hcr_el2 & HCR_TGE)) ? 2 : 1;
}

static bool os_unlocked(const struct arm64_cpu *c)
{
	return !(c->sr.oslsr_el1 & OSLSR_OSLK) && !(c->sr.osdlr_el1 & OSDLR_DLK);
}

/*
 * Debug exceptions enabled from the current EL (D2.4 "Enabling debug
 * exceptions"): always from below EL_D, at EL_D only with MDSCR_EL1.KDE
 * and PSTATE.D clear, never above it.
 */
static bool enabled_here(const struct arm64_cpu *c)
{
	unsigned el_d = debug_target(c);
	if (!os_unlocked(c) || c->el > el_d)
		return false;
	return c->el < el_d || ((c->sr.mdscr_el1 & MDSCR_KDE) && !(c->daif & A64_DAIF_D));
}

/* Take a debug exception to EL_D, from the current EL. */
static int take(struct arm64_cpu *c, unsigned ec_lower, uint64_t pc, uint32_t iss, uint64_t far)
{
	unsigned target = debug_target(c);
	unsigned ec = target > c->el ? ec_lower : ec_lower + 1;
	return a64_sync_exception_to(c, target, pc, ec, iss, far, false);
}

void a64_debug_update(struct arm64_cpu *c)
{
	bool on = os_unlocked(c) && (c->sr.mdscr_el1 & MDSCR_MDE);
	bool bp = false, wp = false, wp_was = c->dbg.wp_armed;
	for (unsigned n = 0; n < A64_N_BRP; n++)
		bp |= on && (c->dbg.bcr[n] & CTL_E);
	for (unsigned n = 0; n < A64_N_WRP; n++)
		wp |= on && (c->dbg.wcr[n] & CTL_E);
	c->dbg.bp_armed = bp;
	c->dbg.wp_armed = wp;
	if (bp)
		core_vcpu_boundary(&c->core);
	if (wp || wp_was)
		a64_tlbi_all(c);   /* watched pages leave (or may rejoin) the fast path */
}

/*
 * The privilege fields (D2.8.3, "Breakpoint and watchpoint state
 * control"): PMC<0> EL1, PMC<1> EL0, HMC EL2; SSC 0b10 (Secure only)
 * never matches on this Non-secure PE. HMC=1, SSC=0b11, PMC=0b00 is EL2 only.
 */
static bool priv_match(uint64_t ctl, unsigned el)
{
	if (CTL_SSC(ctl) == 2)
		return false;
	switch (el) {
	case 0: return CTL_PMC(ctl) & 2;
	case 1: return CTL_PMC(ctl) & 1;
	default: return CTL_HMC(ctl);
	}
}

/* CONTEXTIDR of the current regime: EL2's in the EL2&0 regime (FEAT_VHE). */
static uint64_t context_id(const struct arm64_cpu *c)
{
	bool el20 = a64_e2h(c) && (c->el == 2 || (c->el == 0 && a64_host(c)));
	return (el20 ? c->sr.contextidr_el2 : c->sr.contextidr_el1) & 0xffffffffu;
}

/* Breakpoint n as a context matcher of type bt (BT_CTX alone, BT_CTX_LINKED through a link). */
static bool context_match(const struct arm64_cpu *c, unsigned n, unsigned bt)
{
	uint64_t bcr = c->dbg.bcr[n];
	return n >= A64_N_BRP - A64_N_CTX && (bcr & CTL_E) && BCR_BT(bcr) == bt &&
	       (c->dbg.bvr[n] & 0xffffffffu) == context_id(c);
}

/* Virtual addresses compare on bits 48:2, the upper ones a sign extension (D2.8.2). */
static uint64_t sext49(uint64_t v)
{
	return (uint64_t)((int64_t)(v << 15) >> 15);
}

static bool bp_match(const struct arm64_cpu *c, unsigned n, uint64_t pc)
{
	uint64_t bcr = c->dbg.bcr[n];
	if (!(bcr & CTL_E) || !priv_match(bcr, c->el))
		return false;
	bool addr = ((pc ^ sext49(c->dbg.bvr[n])) & ~3ull) == 0;
	switch (BCR_BT(bcr)) {
	case BT_ADDR: return addr;
	case BT_ADDR_LINKED: return addr && context_match(c, CTL_LBN(bcr), BT_CTX_LINKED);
	case BT_CTX: return context_match(c, n, BT_CTX);
	default: return false;   /* reserved, or a linked context breakpoint alone */
	}
}

bool a64_debug_before(struct core_vcpu *v)
{
	struct arm64_cpu *c = a64(v);
	if (!c->dbg.bp_armed)
		return false;
	core_vcpu_boundary(v);   /* check the next instruction too */
	if (!enabled_here(c))
		return false;
	for (unsigned n = 0; n < A64_N_BRP; n++)
		if (bp_match(c, n, v->pc)) {
			take(c, EC_BREAKPOINT_LOWER, v->pc, ISS_DEBUG, 0);
			return true;
		}
	return false;
}

/* Software step is active: MDSCR_EL1.SS with debug exceptions enabled from the current EL (D2.12.1). */
static bool step_active(const struct arm64_cpu *c)
{
	return (c->sr.mdscr_el1 & MDSCR_SS) && enabled_here(c);
}

/*
 * Take the software step exception (D2.12.4): PSTATE.SS is cleared first,
 * so SPSR.SS is 0. ISV says whether EX is valid; EX = the stepped
 * instruction was a load-exclusive (its reservation is open: exception
 * returns and every other instruction leave the monitor closed).
 */
static int take_step(struct arm64_cpu *c, uint64_t pc, bool isv)
{
	c->ss_il &= ~A64_PSTATE_SS;
	uint32_t iss = ISS_DEBUG | (isv ? 1u << 24 : 0) | (isv && c->excl_size ? 1u << 6 : 0);
	return take(c, EC_SOFTSTEP_LOWER, pc, iss, 0);
}

void a64_debug_boundary(struct core_vcpu *v)
{
	struct arm64_cpu *c = a64(v);
	/* The stepped instruction retired without an exception (whose entry clears PSTATE.SS). */
	if ((c->ss_il & A64_PSTATE_SS) && step_active(c))
		take_step(c, v->pc, true);
	if (c->dbg.bp_armed)
		core_vcpu_boundary(v);
}

/*
 * After an exception return restored PSTATE (D2.12.3): PSTATE.SS is
 * SPSR.SS only where software step is active. Active-not-pending (SS = 1):
 * one instruction runs, then the step exception. Active-pending (SS = 0,
 * the step was completed by an exception, say an SVC): the step exception
 * is taken now, before any instruction, with ISV = 0.
 */
int a64_debug_eret(struct arm64_cpu *c)
{
	if (!step_active(c)) {
		c->ss_il &= ~A64_PSTATE_SS;
		return CORE_BRANCH;
	}
	if (!(c->ss_il & A64_PSTATE_SS)) {
		take_step(c, c->core.pc, false);
		return CORE_TRAP_DONE;
	}
	core_vcpu_boundary(&c->core);
	return CORE_BRANCH;
}

/*
 * The bytes watchpoint n watches (D2.9.2): 2^MASK bytes aligned, or the
 * doubleword (the word, when DBGWVR bit 2 is set) and its BAS bytes.
 */
static void wp_range(const struct arm64_cpu *c, unsigned n, uint64_t *lo, uint64_t *len,
		     unsigned *bas)
{
	uint64_t wvr = sext49(c->dbg.wvr[n]), wcr = c->dbg.wcr[n];
	unsigned mask = WCR_MASK(wcr);
	if (mask >= 3) {
		*len = 1ull << mask;
		*lo = wvr & ~(*len - 1);
		*bas = 0xff;
		return;
	}
	bool word = wvr & 4;
	*lo = wvr & ~(word ? 3ull : 7ull);
	*len = word ? 4 : 8;
	*bas = WCR_BAS(wcr) & (word ? 0xf : 0xff);
}

bool a64_watch_page(const struct arm64_cpu *c, uint64_t va)
{
	uint64_t page = va & CORE_PAGE_MASK;
	for (unsigned n = 0; n < A64_N_WRP; n++) {
		uint64_t lo, len;
		unsigned bas;
		if (!(c->dbg.wcr[n] & CTL_E))
			continue;
		wp_range(c, n, &lo, &len, &bas);
		if (lo <= page + CORE_PAGE_SIZE - 1 && page <= lo + len - 1)
			return true;
	}
	return false;
}

static bool wp_match(const struct arm64_cpu *c, unsigned n, uint64_t va, unsigned size,
		     bool is_write, unsigned ael)
{
	uint64_t wcr = c->dbg.wcr[n];
	if (!(wcr & CTL_E) || !priv_match(wcr, ael) || !(WCR_LSC(wcr) & (is_write ? 2 : 1)))
		return false;
	if (WCR_WT(wcr) && !context_match(c, CTL_LBN(wcr), BT_CTX_LINKED))
		return false;
	uint64_t lo, len;
	unsigned bas;
	wp_range(c, n, &lo, &len, &bas);
	if (len > 8)
		return lo <= va + size - 1 && va <= lo + len - 1;
	for (unsigned i = 0; i < len; i++)
		if (((bas >> i) & 1) && lo + i - va < size)   /* byte lo+i within [va, va+size) */
			return true;
	return false;
}

int a64_watch_check(struct arm64_cpu *c, const struct core_op *op, uint64_t va, unsigned size,
		    bool is_write, unsigned ael)
{
	if (!enabled_here(c))
		return 0;
	for (unsigned n = 0; n < A64_N_WRP; n++)
		if (wp_match(c, n, va, size, is_write, ael))
			return take(c, EC_WATCHPOINT_LOWER, core_op_pc(&c->core, op),
				    ISS_DEBUG | (is_write ? 1u << 6 : 0), va);
	return 0;
}
