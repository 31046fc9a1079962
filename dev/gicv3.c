/*
 * GICv3 (Arm IHI 0069, "the spec"): distributor, redistributors and the CPU
 * interface. Behaviour follows the spec's chapter "Physical Interrupt Handling
 * and Prioritization"; registers its "Programmers' Model" descriptions, cited
 * here by register name.
 *
 * Configuration (see gicv3.h): one Security state (GICD_CTLR.DS RAO), ARE
 * RAO, LPIs (ITS: gicv3_its.c), 5 priority bits, Group 1 delivered as IRQ, Group 0 never
 * signalled (no FIQ wiring). Interrupt state lives in banks of 32 INTIDs: each
 * CPU's redistributor holds the bank of its SGIs and PPIs (0-31), the
 * distributor one bank per 32 SPIs.
 */
#include <stdlib.h>
#include <string.h>

#include "dev/gic_common.h"
#include "dev/mmio.h"
#include "mem/snap.h"

#define INTID_MASK 0xffffffu

enum { GICD_CTLR = 0x0000, GICD_TYPER = 0x0004, GICD_IIDR = 0x0008, GICD_IROUTER = 0x6000 };
enum { GICR_CTLR = 0x0000, GICR_IIDR = 0x0004, GICR_TYPER = 0x0008, GICR_WAKER = 0x0014,
       GICR_PROPBASER = 0x0070, GICR_PENDBASER = 0x0078 };
/* GICR_CTLR.EnableLPIs; GICR_PROPBASER: IDbits [4:0], the table's address [51:12]. */
enum { GICR_CTLR_ENABLE_LPIS = 1 << 0 };
#define PROPBASER_IDBITS 0x1full
#define BASER_PA_4K 0x000ffffffffff000ull
/* The writable fields of GICR_PROPBASER and GICR_PENDBASER (caches, PA; PTZ reads 0). */
#define PROPBASER_MASK 0x0700ffffffffff9full
#define PENDBASER_MASK 0x0700ffffffff0f80ull
/* LPI configuration table entry: priority [7:2], Enable [0]. */
enum { LPI_CFG_ENABLE = 1 << 0, LPI_CFG_PRIO = 0xfc };
enum { ID_REGS = 0xffd0, FRAME_SIZE = 0x10000 };

/* GICD_CTLR, the layout with a single Security state (DS == 1) */
enum { CTLR_ARE = 1 << 4, CTLR_DS = 1 << 6 };
/* GICR_WAKER */
enum { WAKER_PS = 1 << 1, WAKER_CA = 1 << 2 };
/* GICD_IROUTER<n>: Aff3 [39:32], IRM [31], Aff2..Aff0 [23:0] */
#define IROUTER_IRM (1ull << 31)
#define IROUTER_MASK 0xff80ffffffull
/*
 * GICD_IIDR/GICR_IIDR: ProductID 0x48 ('H'), no JEP106 implementer. Not an Arm
 * part number, so no guest applies a real GIC's errata workarounds to it.
 */
#define IIDR_VALUE 0x48000000u

/*
 * Identification registers from 0xffd0: PIDR4-7, PIDR0-3, CIDR0-3. Only
 * GICD_PIDR2/GICR_PIDR2.ArchRev = 3 (GICv3) is set, which is what Linux checks
 * before trusting a distributor or redistributor frame; no designer/part.
 */
static const uint8_t id_regs[12] = { 0, 0, 0, 0, 0, 0, 0x30, 0,
				     0x0d, 0xf0, 0x05, 0xb1 };

/* ICC_* encodings (AArch64 System register descriptions of the CPU interface) */
enum {
	ICC_PMR_EL1 = GICV3_ICC_ENC(3, 0, 4, 6, 0),
	ICC_IAR0_EL1 = GICV3_ICC_ENC(3, 0, 12, 8, 0),
	ICC_HPPIR0_EL1 = GICV3_ICC_ENC(3, 0, 12, 8, 2),
	ICC_BPR0_EL1 = GICV3_ICC_ENC(3, 0, 12, 8, 3),
	ICC_AP1R0_EL1 = GICV3_ICC_ENC(3, 0, 12, 9, 0),
	ICC_DIR_EL1 = GICV3_ICC_ENC(3, 0, 12, 11, 1),
	ICC_RPR_EL1 = GICV3_ICC_ENC(3, 0, 12, 11, 3),
	ICC_SGI1R_EL1 = GICV3_ICC_ENC(3, 0, 12, 11, 5),
	ICC_IAR1_EL1 = GICV3_ICC_ENC(3, 0, 12, 12, 0),
	ICC_EOIR1_EL1 = GICV3_ICC_ENC(3, 0, 12, 12, 1),
	ICC_HPPIR1_EL1 = GICV3_ICC_ENC(3, 0, 12, 12, 2),
	ICC_BPR1_EL1 = GICV3_ICC_ENC(3, 0, 12, 12, 3),
	ICC_CTLR_EL1 = GICV3_ICC_ENC(3, 0, 12, 12, 4),
	ICC_SRE_EL1 = GICV3_ICC_ENC(3, 0, 12, 12, 5),
	ICC_IGRPEN1_EL1 = GICV3_ICC_ENC(3, 0, 12, 12, 7),
	ICC_SRE_EL2 = GICV3_ICC_ENC(3, 4, 12, 9, 5),
};
/* ICC_CTLR_EL1 */
enum { ICC_CTLR_CBPR = 1 << 0, ICC_CTLR_EOIMODE = 1 << 1, ICC_CTLR_PRIBITS_SHIFT = 8,
       ICC_CTLR_A3V = 1 << 15 };
/* ICC_SRE_EL1/EL2: SRE, DFB, DIB fixed at 1 (and Enable at EL2) */
enum { SRE_EL1_VALUE = 0x7, SRE_EL2_VALUE = 0xf };

/* ---------------------------------------------------------- interrupt state */

struct gic_bank *gic_bank_of(struct gicv3 *g, int cpu, unsigned intid)
{
	if (intid < 32)
		return &g->cpu[cpu].priv;
	if (intid < (unsigned)g->n_irqs)
		return &g->spi[intid / 32 - 1];
	return NULL;
}

/*
 * "Interrupt handling state machine": a level-sensitive interrupt is
 * pending while its line is asserted, or after a GICx_ISPENDR write until
 * GICx_ICPENDR or an acknowledge clears that latch.
 */
static uint32_t pending_of(const struct gic_bank *b)
{
	return b->pending | (b->level & ~b->edge);
}

/*
 * Pending, enabled, not already active, in a group enabled both in the
 * distributor and in the CPU interface (`grpen`): may be forwarded.
 */
static uint32_t candidates(const struct gic_bank *b, unsigned grpen)
{
	uint32_t groups = (grpen & 2 ? b->group : 0) | (grpen & 1 ? ~b->group : 0);
	return pending_of(b) & b->enabled & ~b->active & groups;
}

static void set_line(struct gic_bank *b, unsigned bit, bool level)
{
	uint32_t m = 1u << bit;
	if (level && !(b->level & m) && (b->edge & m))
		b->pending |= m;   /* rising edge */
	b->level = level ? b->level | m : b->level & ~m;
}

static uint32_t mpidr_to_aff(uint64_t mpidr)
{
	return (uint32_t)(((mpidr >> 8) & 0xff000000u) | (mpidr & 0xffffffu));
}

/* GICD_IROUTER<n>: the CPU with exactly that affinity, or any (IRM = 1). */
static void update_route(struct gicv3 *g, unsigned spi)
{
	uint64_t r = g->irouter[spi];
	g->route[spi] = ROUTE_NONE;
	if (r & IROUTER_IRM) {
		g->route[spi] = ROUTE_ANY;
		return;
	}
	for (int c = 0; c < g->n_cpus; c++)
		if (g->cpu[c].aff == mpidr_to_aff(r)) {
			g->route[spi] = c;
			return;
		}
}

/* ---------------------------------------------------------- LPIs */

/* LPIs below this INTID exist for the CPU: GICR_PROPBASER.IDbits, within GICD_TYPER's. */
static unsigned lpi_limit(const struct gic_cpu *c)
{
	unsigned bits = (unsigned)(c->propbaser & PROPBASER_IDBITS) + 1;
	return bits >= 16 ? GIC_LPI_LIMIT : 1u << bits;
}

void gic_lpi_set_pending(struct gicv3 *g, int cpu, unsigned intid, bool pending)
{
	if (cpu < 0 || cpu >= g->n_cpus)
		return;
	struct gic_cpu *c = &g->cpu[cpu];
	if (!c->lpis_on || intid < GIC_LPI_FIRST || intid >= lpi_limit(c))
		return;
	uint64_t *w = &c->lpi_pending[intid / 64], bit = 1ull << (intid % 64);
	if (!(*w & bit) == !pending)
		return;
	*w ^= bit;
	c->n_lpi_pending += pending ? 1 : -1u;
	gic_update(g);
}

/*
 * GICR_CTLR.EnableLPIs. The pending table is the redistributor's own
 * (IHI 0069 6.1.2 lets it hold the state internally): it starts empty,
 * as with PENDBASER.PTZ, and is dropped when LPIs go off.
 */
static void lpis_clear(struct gic_cpu *c, bool on)
{
	c->lpis_on = on;
	memset(c->lpi_pending, 0, GIC_LPI_LIMIT / 8);
	c->n_lpi_pending = 0;
}

static void lpis_enable(struct gicv3 *g, int cpu, bool on)
{
	if (g->cpu[cpu].lpis_on == on)
		return;
	lpis_clear(&g->cpu[cpu], on);
	gic_update(g);
}

/*
 * The pending LPIs' best: configuration (priority, Enable) read from the
 * table at GICR_PROPBASER each time, so INV and INVALL have nothing to
 * refresh. LPIs are Group 1.
 */
static void best_lpi(struct gicv3 *g, const struct gic_cpu *c, unsigned *best, unsigned *prio)
{
	uint64_t table = c->propbaser & BASER_PA_4K;
	unsigned seen = 0;
	for (unsigned k = GIC_LPI_FIRST / 64; k < GIC_LPI_LIMIT / 64 && seen < c->n_lpi_pending; k++)
		for (uint64_t m = c->lpi_pending[k]; m; m &= m - 1, seen++) {
			unsigned id = k * 64 + (unsigned)__builtin_ctzll(m);
			uint8_t cfg;
			if (!mem_host_read(g->mem, table + (id - GIC_LPI_FIRST), &cfg, 1) ||
			    !(cfg & LPI_CFG_ENABLE))
				continue;
			unsigned p = cfg & LPI_CFG_PRIO & PRI_MASK;
			if (p < *prio) {
				*prio = p;
				*best = id;
			}
		}
}

/* ---------------------------------------------------------- CPU interface */

/*
 * "Preemption": the group priority is the priority without its
 * subpriority bits. Group 0 uses ICC_BPR0 (GICC_BPR); Group 1 ICC_BPR1
 * (GICC_ABPR; split one bit further left than the same BPR0 value), or
 * BPR0 + 1 when CBPR is set.
 */
static unsigned group_prio(const struct gic_cpu *c, unsigned prio, bool group1)
{
	unsigned bpr = !group1 ? c->bpr0 : c->cbpr ? c->bpr0 + 1u : c->bpr1;
	return prio & (0xffu << bpr) & 0xffu;
}

/* ICC_RPR_EL1, "Running priority": the highest active group priority, idle 0xff. */
unsigned gic_running_prio(const struct gic_cpu *c)
{
	return c->ap ? (unsigned)__builtin_ctz(c->ap) << (8 - PRI_BITS) : 0xff;
}

/*
 * 1-of-N SPIs (IRM = 1) go to one participating PE: here the lowest-numbered
 * CPU that has Group 1 enabled, so no other CPU takes a spurious interrupt
 * for them. (GICR_WAKER does not gate delivery: see gicv3.h.)
 */
static int any_target(const struct gicv3 *g)
{
	for (int c = 0; c < g->n_cpus; c++)
		if (g->cpu[c].grpen)
			return c;
	return ROUTE_NONE;
}

static void best_of(const struct gic_bank *b, uint32_t cand, unsigned base,
		    unsigned *best, unsigned *prio)
{
	for (; cand; cand &= cand - 1) {
		unsigned bit = (unsigned)__builtin_ctz(cand);
		if (b->prio[bit] < *prio) {   /* ties: the lowest INTID wins */
			*prio = b->prio[bit];
			*best = base + bit;
		}
	}
}

/*
 * "Interrupt prioritization": the highest priority pending interrupt the
 * distributor and this CPU's redistributor forward to its CPU interface.
 */
/*
 * Is SPI `spi` forwarded to `cpu`: GICv3's route (one CPU, or 1-of-N to
 * `any`), or one of GICv2's targets (all of them see it pending; the first
 * to acknowledge it makes it active, and the others then no longer do;
 * with one CPU, every interrupt targets it: IHI 0048B 4.3.12).
 */
static bool spi_routed(const struct gicv3 *g, unsigned spi, int cpu, int any)
{
	if (g->version == 2)
		return g->n_cpus == 1 || ((g->targets[spi] >> cpu) & 1);
	int r = g->route[spi];
	return r == cpu || (r == ROUTE_ANY && any == cpu);
}

unsigned gic_hppi(struct gicv3 *g, int cpu, unsigned *prio)
{
	struct gic_cpu *c = &g->cpu[cpu];
	unsigned best = GICV3_SPURIOUS;
	unsigned grpen = g->ctlr & c->grpen;
	*prio = 0x100;
	if (!grpen)
		return best;
	best_of(&c->priv, candidates(&c->priv, grpen), 0, &best, prio);
	int any = any_target(g);
	for (int k = 0; k < (g->n_irqs - 32) / 32; k++) {
		uint32_t cand = candidates(&g->spi[k], grpen);
		for (uint32_t m = cand; m; m &= m - 1)
			if (!spi_routed(g, (unsigned)(k * 32 + __builtin_ctz(m)), cpu, any))
				cand &= ~(m & -m);
		best_of(&g->spi[k], cand, 32 + 32 * (unsigned)k, &best, prio);
	}
	if (c->n_lpi_pending && (grpen & 2))
		best_lpi(g, c, &best, prio);
	return best;
}

/* "Priority masking" and "Preemption": above PMR and above the running priority. */
static bool can_signal(const struct gic_cpu *c, unsigned prio, bool group1)
{
	return prio < c->pmr && group_prio(c, prio, group1) < gic_running_prio(c);
}

static bool is_group1(struct gicv3 *g, int cpu, unsigned intid)
{
	return intid >= GIC_LPI_FIRST || ((gic_bank_of(g, cpu, intid)->group >> (intid % 32)) & 1);
}

void gic_update(struct gicv3 *g)
{
	for (int cpu = 0; cpu < g->n_cpus; cpu++) {
		struct gic_cpu *c = &g->cpu[cpu];
		unsigned prio, id = gic_hppi(g, cpu, &prio);
		bool level = id != GICV3_SPURIOUS && can_signal(c, prio, is_group1(g, cpu, id));
		if (level != c->irq_out) {
			c->irq_out = level;
			if (g->set_cpu_irq)
				g->set_cpu_irq(g->opaque, cpu, level);
		}
	}
}

/* ICC_IAR1_EL1, GICC_IAR: the interrupt becomes active (and pending if still asserted). */
unsigned gic_acknowledge(struct gicv3 *g, int cpu)
{
	struct gic_cpu *c = &g->cpu[cpu];
	unsigned prio, id = gic_hppi(g, cpu, &prio);
	if (id == GICV3_SPURIOUS || !can_signal(c, prio, is_group1(g, cpu, id)))
		return GICV3_SPURIOUS;
	c->ap |= 1u << (group_prio(c, prio, is_group1(g, cpu, id)) >> (8 - PRI_BITS));
	if (id >= GIC_LPI_FIRST) {
		/* An LPI has no active state: acknowledging it ends its pending one. */
		c->lpi_pending[id / 64] &= ~(1ull << (id % 64));
		c->n_lpi_pending--;
		return id;
	}
	struct gic_bank *b = gic_bank_of(g, cpu, id);
	b->active |= 1u << (id % 32);
	b->pending &= ~(1u << (id % 32));
	return id;
}

void gic_deactivate(struct gicv3 *g, int cpu, unsigned intid)
{
	struct gic_bank *b = gic_bank_of(g, cpu, intid);
	if (b)
		b->active &= ~(1u << (intid % 32));
}

/*
 * ICC_EOIR1_EL1: drop the running priority (the highest active
 * priority bit) and, with EOImode 0, deactivate. Special INTIDs are ignored.
 */
void gic_end_of_interrupt(struct gicv3 *g, int cpu, unsigned intid)
{
	struct gic_cpu *c = &g->cpu[cpu];
	if (intid >= GIC_SPECIAL_INTID_FIRST && intid <= GICV3_SPURIOUS)
		return;
	c->ap &= c->ap - 1;
	if (!c->eoimode)
		gic_deactivate(g, cpu, intid);
}

/*
 * ICC_SGI1R_EL1: make SGI INTID pending on the PEs Aff3.Aff2.Aff1.
 * <TargetList> (IRM 0) or on all but the sender (IRM 1). RS is RES0 as
 * ICC_CTLR_EL1.RSS is 0. "Forwarding an SGI to a target PE": a Group 1 SGI goes
 * only to PEs where that SGI is configured as Group 1.
 */
static bool sgi_targets(const struct gic_cpu *c, int cpu, int self, uint64_t v)
{
	if ((v >> 40) & 1)         /* IRM */
		return cpu != self;
	uint32_t cluster = (uint32_t)(((v >> 48) & 0xff) << 24 | ((v >> 32) & 0xff) << 16 |
				      ((v >> 16) & 0xff) << 8);
	unsigned aff0 = c->aff & 0xff;
	return (c->aff & ~0xffu) == cluster && aff0 < 16 && ((v >> aff0) & 1);
}

static void send_sgi1(struct gicv3 *g, int self, uint64_t v)
{
	uint32_t bit = 1u << ((v >> 24) & 0xf);
	for (int cpu = 0; cpu < g->n_cpus; cpu++) {
		struct gic_cpu *c = &g->cpu[cpu];
		if (sgi_targets(c, cpu, self, v) && (c->priv.group & bit) &&
		    !dev_ipi_dropped(&g->ipi_gate, self, cpu))
			c->priv.pending |= bit;
	}
}

static uint64_t icc_ctlr(const struct gic_cpu *c)
{
	/* IDbits 0 (16-bit INTIDs), SEIS 0, A3V 1, RSS 0, ExtRange 0 */
	return (c->cbpr ? ICC_CTLR_CBPR : 0) | (c->eoimode ? ICC_CTLR_EOIMODE : 0) |
	       (PRI_BITS - 1) << ICC_CTLR_PRIBITS_SHIFT | ICC_CTLR_A3V;
}

static struct gicv3 *cpu_gic(void *gic, int cpu)
{
	struct gicv3 *g = gic;
	return g && cpu >= 0 && cpu < g->n_cpus ? g : NULL;
}

uint64_t gicv3_icc_read(void *gic, int cpu, uint32_t enc)
{
	struct gicv3 *g = cpu_gic(gic, cpu);
	if (!g)
		return 0;
	struct gic_cpu *c = &g->cpu[cpu];
	unsigned prio;
	switch (enc) {
	case ICC_IAR1_EL1: {
		unsigned id = gic_acknowledge(g, cpu);
		gic_update(g);
		return id;
	}
	case ICC_HPPIR1_EL1: return gic_hppi(g, cpu, &prio);
	case ICC_IAR0_EL1:
	case ICC_HPPIR0_EL1: return GICV3_SPURIOUS;   /* no Group 0 is ever forwarded */
	case ICC_PMR_EL1: return c->pmr;
	case ICC_BPR0_EL1: return c->bpr0;
	case ICC_BPR1_EL1: return c->cbpr ? (c->bpr0 < 7 ? c->bpr0 + 1u : 7u) : c->bpr1;
	case ICC_CTLR_EL1: return icc_ctlr(c);
	case ICC_RPR_EL1: return gic_running_prio(c);
	case ICC_AP1R0_EL1: return c->ap;
	case ICC_IGRPEN1_EL1: return c->grpen >> 1;
	case ICC_SRE_EL1: return SRE_EL1_VALUE;
	case ICC_SRE_EL2: return SRE_EL2_VALUE;
	default: return 0;        /* IGRPEN0, AP0Rn, AP1R1-3 (5 priority bits), write-only */
	}
}

uint8_t gic_clamp_bpr(uint64_t v, unsigned min)
{
	return (uint8_t)((v & 7) < min ? min : (v & 7));
}

void gicv3_icc_write(void *gic, int cpu, uint32_t enc, uint64_t val)
{
	struct gicv3 *g = cpu_gic(gic, cpu);
	if (!g)
		return;
	struct gic_cpu *c = &g->cpu[cpu];
	switch (enc) {
	case ICC_EOIR1_EL1: gic_end_of_interrupt(g, cpu, val & INTID_MASK); break;
	case ICC_DIR_EL1:
		/* ICC_DIR_EL1: only meaningful with EOImode 1; otherwise ignored */
		if (c->eoimode)
			gic_deactivate(g, cpu, val & INTID_MASK);
		break;
	case ICC_PMR_EL1: c->pmr = (uint8_t)(val & PRI_MASK); break;
	case ICC_BPR0_EL1: c->bpr0 = gic_clamp_bpr(val, MIN_BPR0); break;
	case ICC_BPR1_EL1:
		if (!c->cbpr)  /* with CBPR, ICC_BPR1 mirrors ICC_BPR0 and is WI */
			c->bpr1 = gic_clamp_bpr(val, MIN_BPR1);
		break;
	case ICC_CTLR_EL1:
		c->cbpr = val & ICC_CTLR_CBPR;
		c->eoimode = val & ICC_CTLR_EOIMODE;
		break;
	case ICC_AP1R0_EL1: c->ap = (uint32_t)val; break;
	case ICC_IGRPEN1_EL1: c->grpen = (uint8_t)(val & 1) << 1; break;
	case ICC_SGI1R_EL1: send_sgi1(g, cpu, val); break;
	default: return;          /* Group 0, SRE (fixed), ASGI1R/SGI0R (no Group 0): WI */
	}
	gic_update(g);
}

/* ---------------------------------------------------------- MMIO registers */

/* The bank holding INTID `first` if it is in [lo, hi), else NULL (RAZ/WI). */
static struct gic_bank *bank_in(struct gicv3 *g, int cpu, unsigned first, unsigned lo,
				unsigned hi)
{
	return first >= lo && first < hi ? gic_bank_of(g, cpu, first) : NULL;
}

/*
 * The per-interrupt registers at `off` (a word offset in [R_IGROUPR, R_IGRPMODR)),
 * covering INTIDs [lo, hi) of CPU `cpu`'s view: the distributor passes the
 * SPIs, a redistributor its SGIs and PPIs. IGRPMODR and NSACR are RAZ/WI
 * with DS = 1 and are not decoded.
 */
uint32_t gic_irq_regs_read(struct gicv3 *g, int cpu, uint64_t off, unsigned lo, unsigned hi)
{
	struct gic_bank *b;
	if (off < R_IPRIORITYR) {
		unsigned first = (unsigned)(off % BITMAP_BYTES) * 8;
		if (!(b = bank_in(g, cpu, first, lo, hi)))
			return 0;
		switch (off - off % BITMAP_BYTES) {
		case R_IGROUPR: return b->group;
		case R_ISENABLER: case R_ICENABLER: return b->enabled;
		case R_ISPENDR: case R_ICPENDR: return pending_of(b);
		default: return b->active;   /* ISACTIVER, ICACTIVER */
		}
	}
	if (off < R_IPRIORITYR + PRIO_BYTES) {
		unsigned first = (unsigned)(off - R_IPRIORITYR);
		if (!(b = bank_in(g, cpu, first, lo, hi)))
			return 0;
		uint32_t v = 0;
		for (unsigned i = 0; i < 4; i++)
			v |= (uint32_t)b->prio[first % 32 + i] << (8 * i);
		return v;
	}
	if (off >= R_ICFGR && off < R_ICFGR + CFG_BYTES) {
		unsigned first = (unsigned)(off - R_ICFGR) * 4;
		if (!(b = bank_in(g, cpu, first, lo, hi)))
			return 0;
		uint32_t v = 0;
		for (unsigned i = 0; i < 16; i++)
			if (b->edge & (1u << (first % 32 + i)))
				v |= 2u << (2 * i);
		return v;
	}
	return 0;
}

void gic_irq_regs_write(struct gicv3 *g, int cpu, uint64_t off, uint32_t val,
			   uint32_t mask, unsigned lo, unsigned hi)
{
	struct gic_bank *b;
	uint32_t bits = val & mask;  /* write-1-to-set/clear act only on written bits */
	if (off < R_IPRIORITYR) {
		unsigned first = (unsigned)(off % BITMAP_BYTES) * 8;
		if (!(b = bank_in(g, cpu, first, lo, hi)))
			return;
		switch (off - off % BITMAP_BYTES) {
		case R_IGROUPR: b->group = (uint32_t)dev_merge(b->group, val, mask); break;
		case R_ISENABLER: b->enabled |= bits; break;
		case R_ICENABLER: b->enabled &= ~bits; break;
		case R_ISPENDR: b->pending |= bits; break;
		case R_ICPENDR: b->pending &= ~bits; break;
		case R_ISACTIVER: b->active |= bits; break;
		default: b->active &= ~bits; break;   /* ICACTIVER */
		}
		return;
	}
	if (off < R_IPRIORITYR + PRIO_BYTES) {
		unsigned first = (unsigned)(off - R_IPRIORITYR);
		if (!(b = bank_in(g, cpu, first, lo, hi)))
			return;
		for (unsigned i = 0; i < 4; i++)
			if (mask & (0xffu << (8 * i)))
				b->prio[first % 32 + i] = (uint8_t)(val >> (8 * i)) & PRI_MASK;
		return;
	}
	if (off >= R_ICFGR && off < R_ICFGR + CFG_BYTES) {
		unsigned first = (unsigned)(off - R_ICFGR) * 4;
		if (!(b = bank_in(g, cpu, first, lo, hi)))
			return;
		for (unsigned i = 0; i < 16; i++) {
			uint32_t m = 1u << (first % 32 + i);
			if (mask & (2u << (2 * i)))
				b->edge = (val & (2u << (2 * i))) ? b->edge | m : b->edge & ~m;
		}
		if (first < 32)
			b->edge |= 0xffffu;  /* GICR_ICFGR0: SGIs are always edge-triggered */
	}
}

static uint32_t id_reg(uint64_t off)
{
	return id_regs[(off - ID_REGS) / 4];
}

/* GICD_TYPER */
static uint32_t gicd_typer(const struct gicv3 *g)
{
	int cpus = g->n_cpus < 8 ? g->n_cpus : 8;
	return (uint32_t)(g->n_irqs / 32 - 1)  /* ITLinesNumber */
	       | (uint32_t)(cpus - 1) << 5     /* CPUNumber (unused with ARE) */
	       | 1u << 17                      /* LPIS */
	       | 15u << 19                     /* IDbits: 16 */
	       | 1u << 24;                     /* A3V; No1N 0, MBIS 0, SecurityExtn 0 */
}

static uint64_t gicd_read(void *opaque, uint64_t off)
{
	struct gicv3 *g = opaque;
	if (off == GICD_CTLR)
		return g->ctlr | CTLR_ARE | CTLR_DS;
	if (off == GICD_TYPER)
		return gicd_typer(g);
	if (off == GICD_IIDR)
		return IIDR_VALUE;
	if (off >= R_IGROUPR && off < R_IGRPMODR)
		return gic_irq_regs_read(g, 0, off, 32, (unsigned)g->n_irqs);
	if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + (uint64_t)g->n_irqs * 8) {
		uint64_t r = g->irouter[(off - GICD_IROUTER) / 8 - 32];
		return off & 4 ? r >> 32 : (uint32_t)r;
	}
	if (off >= ID_REGS && off < GICV3_DIST_SIZE)
		return id_reg(off);
	return 0;
}

static void gicd_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct gicv3 *g = opaque;
	if (off == GICD_CTLR) {
		g->ctlr = (uint32_t)dev_merge(g->ctlr, val, mask) & (CTLR_EN_GRP0 | CTLR_EN_GRP1);
	} else if (off >= R_IGROUPR && off < R_IGRPMODR) {
		gic_irq_regs_write(g, 0, off, (uint32_t)val, (uint32_t)mask, 32, (unsigned)g->n_irqs);
	} else if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + (uint64_t)g->n_irqs * 8) {
		unsigned spi = (unsigned)((off - GICD_IROUTER) / 8 - 32);
		unsigned sh = off & 4 ? 32 : 0;
		g->irouter[spi] = dev_merge(g->irouter[spi], val << sh, mask << sh) & IROUTER_MASK;
		update_route(g, spi);
	} else {
		return;   /* read-only, reserved, and with ARE/DS: ITARGETSR, SGIR, NSACR... */
	}
	gic_update(g);
}

/* GICR_TYPER (64 bits: two words) */
static uint64_t gicr_typer(const struct gicv3 *g, int cpu)
{
	return (uint64_t)g->cpu[cpu].aff << 32 | (uint64_t)cpu << 8 /* Processor_Number */
	       | (cpu == g->n_cpus - 1 ? 1u << 4 : 0)               /* Last */
	       | 1u;                                                /* PLPIS; DirectLPI 0 */
}

static uint64_t gicr_read(void *opaque, uint64_t off)
{
	struct gicv3 *g = opaque;
	int cpu = (int)(off / GICV3_REDIST_STRIDE);
	uint64_t f = off % GICV3_REDIST_STRIDE;
	if (f >= FRAME_SIZE)   /* SGI_base frame */
		return f - FRAME_SIZE >= R_IGROUPR && f - FRAME_SIZE < R_IGRPMODR
			       ? gic_irq_regs_read(g, cpu, f - FRAME_SIZE, 0, 32)
			       : 0;
	switch (f) {
	case GICR_IIDR: return IIDR_VALUE;
	case GICR_TYPER: return (uint32_t)gicr_typer(g, cpu);
	case GICR_TYPER + 4: return gicr_typer(g, cpu) >> 32;
	case GICR_WAKER: return g->cpu[cpu].sleep ? WAKER_PS | WAKER_CA : 0;
	case GICR_CTLR: return g->cpu[cpu].lpis_on ? GICR_CTLR_ENABLE_LPIS : 0;
	case GICR_PROPBASER: return (uint32_t)g->cpu[cpu].propbaser;
	case GICR_PROPBASER + 4: return g->cpu[cpu].propbaser >> 32;
	case GICR_PENDBASER: return (uint32_t)g->cpu[cpu].pendbaser;
	case GICR_PENDBASER + 4: return g->cpu[cpu].pendbaser >> 32;
	}
	if (f >= ID_REGS)
		return id_reg(f);
	return 0;              /* STATUSR, SYNCR (never busy), ... */
}

static void gicr_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct gicv3 *g = opaque;
	int cpu = (int)(off / GICV3_REDIST_STRIDE);
	uint64_t f = off % GICV3_REDIST_STRIDE;
	if (f >= FRAME_SIZE) {
		if (f - FRAME_SIZE >= R_IGROUPR && f - FRAME_SIZE < R_IGRPMODR) {
			gic_irq_regs_write(g, cpu, f - FRAME_SIZE, (uint32_t)val, (uint32_t)mask, 0, 32);
			gic_update(g);
		}
	} else if (f == GICR_WAKER && (mask & WAKER_PS)) {
		/* ChildrenAsleep follows ProcessorSleep at once: nothing to quiesce */
		g->cpu[cpu].sleep = val & WAKER_PS;
	} else if (f == GICR_CTLR && (mask & GICR_CTLR_ENABLE_LPIS)) {
		lpis_enable(g, cpu, val & GICR_CTLR_ENABLE_LPIS);
	} else if ((f & ~7ull) == GICR_PROPBASER || (f & ~7ull) == GICR_PENDBASER) {
		/* "writing while EnableLPIs is 1 is UNPREDICTABLE": ignored */
		struct gic_cpu *c = &g->cpu[cpu];
		bool prop = (f & ~7ull) == GICR_PROPBASER;
		uint64_t *r = prop ? &c->propbaser : &c->pendbaser;
		unsigned sh = f & 4 ? 32 : 0;
		if (!c->lpis_on)
			*r = dev_merge(*r, val << sh, mask << sh) &
			     (prop ? PROPBASER_MASK : PENDBASER_MASK);
	}
}

static uint64_t gicd_mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 4, gicd_read);
}

static void gicd_mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 4, gicd_write);
}

static uint64_t gicr_mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 4, gicr_read);
}

static void gicr_mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 4, gicr_write);
}

static const struct mem_mmio_ops gicd_ops = { .read = gicd_mmio_read, .write = gicd_mmio_write };
static const struct mem_mmio_ops gicr_ops = { .read = gicr_mmio_read, .write = gicr_mmio_write };

/* ---------------------------------------------------------- life cycle */

/*
 * All interrupts reset to Group 1 on the GICv3 (as the EL3 firmware hvsim
 * does not have would leave them) and to Group 0 on the GICv2, whose
 * Group 0 is IRQ here (GICC_CTLR.FIQEn is RAZ/WI), as on QEMU's.
 */
static void reset_bank(struct gic_bank *b, uint32_t edge, int version)
{
	uint32_t level = b->level;
	memset(b, 0, sizeof(*b));
	b->level = level;
	b->group = version == 3 ? ~0u : 0;
	b->edge = edge;
}

void gicv3_reset(struct gicv3 *g)
{
	g->ctlr = 0;
	for (int cpu = 0; cpu < g->n_cpus; cpu++) {
		struct gic_cpu *c = &g->cpu[cpu];
		reset_bank(&c->priv, 0xffffu, g->version);
		c->sleep = true;
		memset(c->sgi_src, 0, sizeof(c->sgi_src));
		c->pmr = 0;
		c->bpr0 = MIN_BPR0;
		c->bpr1 = MIN_BPR1;
		c->cbpr = c->eoimode = false;
		c->grpen = 0;
		c->ap = 0;
		c->propbaser = c->pendbaser = 0;
		lpis_clear(c, false);
	}
	for (int k = 0; k < (g->n_irqs - 32) / 32; k++)
		reset_bank(&g->spi[k], 0, g->version);
	for (unsigned spi = 0; spi < (unsigned)g->n_irqs - 32; spi++) {
		g->irouter[spi] = 0;
		g->targets[spi] = 0;
		update_route(g, spi);
	}
	gic_update(g);
}

/* Both regions must fit before either is added: mem_space cannot remove one. */
static bool room_for(const struct mem_space *m, const struct gic_region r[2])
{
	if (m->n_regions + 2 > MEM_MAX_REGIONS || r[0].base + r[0].size < r[0].base ||
	    r[1].base + r[1].size < r[1].base ||
	    (r[0].base < r[1].base + r[1].size && r[1].base < r[0].base + r[0].size))
		return false;
	for (int i = 0; i < m->n_regions; i++)
		for (int k = 0; k < 2; k++)
			if (r[k].base < m->regions[i].base + m->regions[i].size &&
			    m->regions[i].base < r[k].base + r[k].size)
				return false;
	return true;
}

struct gicv3 *gic_new(int version, struct mem_space *mem, const struct gic_region regions[2],
		      int n_cpus, int n_spis,
		      void (*set_cpu_irq)(void *opaque, int cpu, bool level), void *opaque)
{
	if (n_cpus < 1 || n_cpus > GICV3_MAX_CPUS || n_spis < 0 || n_spis > GICV3_MAX_SPIS ||
	    !room_for(mem, regions))
		return NULL;
	int n_spi_slots = (n_spis + 31) / 32 * 32;
	struct gicv3 *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->version = version;
	g->n_cpus = n_cpus;
	g->n_irqs = 32 + n_spi_slots;
	g->set_cpu_irq = set_cpu_irq;
	g->opaque = opaque;
	g->cpu = calloc((size_t)n_cpus, sizeof(*g->cpu));
	/* +1: a zero-SPI GIC still gets valid (unused) allocations */
	g->spi = calloc((size_t)n_spi_slots / 32 + 1, sizeof(*g->spi));
	g->irouter = calloc((size_t)n_spi_slots + 1, sizeof(*g->irouter));
	g->route = calloc((size_t)n_spi_slots + 1, sizeof(*g->route));
	g->targets = calloc((size_t)n_spi_slots + 1, sizeof(*g->targets));
	if (!g->cpu || !g->spi || !g->irouter || !g->route || !g->targets) {
		gicv3_free(g);
		return NULL;
	}
	for (int cpu = 0; cpu < n_cpus; cpu++) {
		g->cpu[cpu].aff = (uint32_t)(cpu / 16) << 8 | (uint32_t)(cpu % 16);
		if (!(g->cpu[cpu].lpi_pending = calloc(GIC_LPI_LIMIT / 64, sizeof(uint64_t)))) {
			gicv3_free(g);
			return NULL;
		}
	}
	g->mem = mem;
	gicv3_reset(g);
	for (int k = 0; k < 2; k++)
		mem_add_mmio(mem, regions[k].name, regions[k].base, regions[k].size, regions[k].ops, g);
	return g;
}

struct gicv3 *gicv3_new(struct mem_space *mem, uint64_t dist_base, uint64_t redist_base,
			int n_cpus, int n_spis,
			void (*set_cpu_irq)(void *opaque, int cpu, bool level), void *opaque)
{
	if (n_cpus < 1 || n_cpus > GICV3_MAX_CPUS)
		return NULL;
	const struct gic_region regions[2] = {
		{ "gicv3-dist", dist_base, GICV3_DIST_SIZE, &gicd_ops },
		{ "gicv3-redist", redist_base, (uint64_t)n_cpus * GICV3_REDIST_STRIDE, &gicr_ops },
	};
	return gic_new(3, mem, regions, n_cpus, n_spis, set_cpu_irq, opaque);
}

void gicv3_free(struct gicv3 *g)
{
	if (!g)
		return;
	for (int cpu = 0; g->cpu && cpu < g->n_cpus; cpu++)
		free(g->cpu[cpu].lpi_pending);
	free(g->cpu);
	free(g->spi);
	free(g->irouter);
	free(g->route);
	free(g->targets);
	free(g);
}

void gicv3_set_affinity(struct gicv3 *g, int cpu, uint64_t mpidr)
{
	if (cpu < 0 || cpu >= g->n_cpus)
		return;
	g->cpu[cpu].aff = mpidr_to_aff(mpidr);
	for (unsigned spi = 0; spi < (unsigned)g->n_irqs - 32; spi++)
		update_route(g, spi);
	gic_update(g);
}

uint64_t gicv3_affinity(const struct gicv3 *g, int cpu)
{
	if (cpu < 0 || cpu >= g->n_cpus)
		return 0;
	uint32_t a = g->cpu[cpu].aff;
	return (uint64_t)(a >> 24) << 32 | (a & 0xffffffu);
}

/* ---------------------------------------------------------- inputs */

void gicv3_set_spi(struct gicv3 *g, int intid, bool level)
{
	if (!g || intid < 32 || intid >= g->n_irqs)
		return;
	struct gic_bank *b = &g->spi[intid / 32 - 1];
	if (!!(b->level & (1u << (intid % 32))) == level)
		return;
	set_line(b, (unsigned)intid % 32, level);
	gic_update(g);
}

void gicv3_set_ppi(void *gic, int cpu, unsigned intid, bool level)
{
	struct gicv3 *g = cpu_gic(gic, cpu);
	if (!g || intid < 16 || intid >= 32)
		return;
	struct gic_bank *b = &g->cpu[cpu].priv;
	if (!!(b->level & (1u << intid)) == level)
		return;
	set_line(b, intid, level);
	gic_update(g);
}

static void spi_line(void *gic, int line, bool level)
{
	gicv3_set_spi(gic, line, level);
}

bool gicv3_is_spi(const struct gicv3 *g, uint64_t intid)
{
	return g && intid >= 32 && intid < (uint64_t)g->n_irqs;
}

void gicv3_inject_spi(struct gicv3 *g, int intid)
{
	if (!gicv3_is_spi(g, (uint64_t)intid))
		return;
	g->spi[intid / 32 - 1].pending |= 1u << (intid % 32);
	gic_update(g);
}

void gicv3_set_ipi_gate(struct gicv3 *g, struct dev_ipi_gate gate)
{
	g->ipi_gate = gate;
}

struct dev_irq gicv3_spi_irq(struct gicv3 *g, int intid)
{
	return (struct dev_irq){ .set = spi_line, .opaque = g, .line = intid };
}

/*
 * GICv3 and GICv2 alike: the distributor, each CPU's banks, interface and
 * pending LPIs, the SPIs' banks and routing. The CPU output lines are
 * state too: a restored CPU's irq_pending matches them.
 */
void gic_snapshot(struct gicv3 *g, struct snap *s)
{
	static const struct snap_field cpu_fields[] = {
		SNAP_FIELD(struct gic_cpu, priv), SNAP_FIELD(struct gic_cpu, aff),
		SNAP_FIELD(struct gic_cpu, sleep), SNAP_FIELD(struct gic_cpu, sgi_src),
		SNAP_FIELD(struct gic_cpu, pmr), SNAP_FIELD(struct gic_cpu, bpr0),
		SNAP_FIELD(struct gic_cpu, bpr1), SNAP_FIELD(struct gic_cpu, cbpr),
		SNAP_FIELD(struct gic_cpu, eoimode), SNAP_FIELD(struct gic_cpu, grpen),
		SNAP_FIELD(struct gic_cpu, ap), SNAP_FIELD(struct gic_cpu, irq_out),
		SNAP_FIELD(struct gic_cpu, lpis_on), SNAP_FIELD(struct gic_cpu, propbaser),
		SNAP_FIELD(struct gic_cpu, pendbaser), SNAP_FIELD(struct gic_cpu, n_lpi_pending),
	};
	snap_section(s, g->version == 3 ? "gicv3" : "gicv2");
	snap_val(s, g->ctlr);
	for (int i = 0; i < g->n_cpus; i++) {
		snap_fields(s, &g->cpu[i], cpu_fields, SNAP_N(cpu_fields));
		snap_bytes(s, g->cpu[i].lpi_pending, GIC_LPI_LIMIT / 8);
	}
	size_t n_spis = (size_t)g->n_irqs - 32;
	snap_bytes(s, g->spi, n_spis / 32 * sizeof(*g->spi));
	snap_bytes(s, g->irouter, n_spis * sizeof(*g->irouter));
	snap_bytes(s, g->route, n_spis * sizeof(*g->route));
	snap_bytes(s, g->targets, n_spis * sizeof(*g->targets));
	for (size_t i = 0; i < n_spis; i++)
		snap_check(s, (uint64_t)(g->route[i] + 2), (uint64_t)g->n_cpus + 2, "SPI route");
}
