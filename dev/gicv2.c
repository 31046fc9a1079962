/*
 * GICv2 (Arm IHI 0048B, "the spec"): the distributor's and the CPU
 * interface's registers (chapter 4, cited by register name) over the state
 * and prioritization shared with the GICv3 model (gic_common.h).
 */
#include <string.h>

#include "dev/gic_common.h"
#include "dev/mmio.h"

enum {
	GICD_CTLR = 0x000, GICD_TYPER = 0x004, GICD_IIDR = 0x008, GICD_SGIR = 0xf00,
	ID_REGS = 0xfd0, REGS_END = 0x1000,
};
enum {
	GICC_CTLR = 0x00, GICC_PMR = 0x04, GICC_BPR = 0x08, GICC_IAR = 0x0c, GICC_EOIR = 0x10,
	GICC_RPR = 0x14, GICC_HPPIR = 0x18, GICC_ABPR = 0x1c, GICC_APR0 = 0xd0, GICC_IIDR = 0xfc,
	GICC_DIR = 0x1000,
};
/* GICC_CTLR without the Security Extensions: the bits modelled. */
enum { GICC_CTLR_CBPR = 1 << 4, GICC_CTLR_EOIMODE = 1 << 9 };
/* GICC_IAR/GICC_HPPIR: CPUID [12:10], the source of an SGI. */
#define IAR_CPUID_SHIFT 10
#define INTID_MASK 0x3ffu
/* ProductID 'H' as the GICv3 model's, ArchitectureVersion 2 (GICC_IIDR [19:16]). */
#define IIDR_VALUE 0x48020000u

/* PIDR4-7, PIDR0-3, CIDR0-3: ICPIDR2.ArchRev = 2 (GICv2). */
static const uint8_t id_regs[12] = { 0, 0, 0, 0, 0, 0, 0x20, 0, 0x0d, 0xf0, 0x05, 0xb1 };

/* An access and the CPU it comes from (the banked registers are its own). */
struct access {
	struct gicv3 *g;
	int cpu;
};

static bool access_of(struct access *a, void *opaque, const struct mem_req *who)
{
	a->g = opaque;
	a->cpu = who->vcpu;
	return a->cpu >= 0 && a->cpu < a->g->n_cpus;
}

/* ------------------------------------------------------------ distributor */

/*
 * GICD_ITARGETSR<n>: a byte per INTID; SGIs and PPIs read as their own CPU.
 * "In a uniprocessor implementation" (IHI 0048B 4.3.12) they are RAZ/WI.
 */
static uint32_t targets_read(const struct access *a, uint64_t off)
{
	uint32_t v = 0;
	if (a->g->n_cpus == 1)
		return 0;
	for (unsigned i = 0; i < 4; i++) {
		unsigned id = (unsigned)(off - R_ITARGETSR) + i;
		uint8_t t = id < 32 ? (uint8_t)(1u << a->cpu)
			    : id < (unsigned)a->g->n_irqs ? a->g->targets[id - 32] : 0;
		v |= (uint32_t)t << (8 * i);
	}
	return v;
}

static void targets_write(const struct access *a, uint64_t off, uint32_t val, uint32_t mask)
{
	uint8_t cpus = (uint8_t)((1u << a->g->n_cpus) - 1);
	if (a->g->n_cpus == 1)
		return;
	for (unsigned i = 0; i < 4; i++) {
		unsigned id = (unsigned)(off - R_ITARGETSR) + i;
		if (id >= 32 && id < (unsigned)a->g->n_irqs && (mask >> (8 * i)) & 0xff)
			a->g->targets[id - 32] = (uint8_t)(val >> (8 * i)) & cpus;
	}
}

/*
 * GICD_SGIR: SGI SGIINTID to the CPUs of CPUTargetList (filter 0), to all
 * but the sender (1) or to the sender only (2); each target records the
 * sender, which its GICC_IAR reports.
 */
static void send_sgi(struct gicv3 *g, int self, uint32_t v)
{
	unsigned id = v & 0xf, filter = (v >> 24) & 3;
	uint32_t list = filter == 0 ? (v >> 16) & 0xff
			: filter == 1 ? ~(1u << self)
			: filter == 2 ? 1u << self : 0;
	for (int cpu = 0; cpu < g->n_cpus; cpu++) {
		if (!((list >> cpu) & 1) || dev_ipi_dropped(&g->ipi_gate, self, cpu))
			continue;
		g->cpu[cpu].priv.pending |= 1u << id;
		g->cpu[cpu].sgi_src[id] |= (uint8_t)(1u << self);
	}
}

/* GICD_TYPER: ITLinesNumber, CPUNumber; SecurityExtn 0, no LSPIs. */
static uint32_t gicd_typer(const struct gicv3 *g)
{
	return (uint32_t)(g->n_irqs / 32 - 1) | (uint32_t)(g->n_cpus - 1) << 5;
}

static uint64_t dist_read(void *opaque, uint64_t off)
{
	const struct access *a = opaque;
	struct gicv3 *g = a->g;
	if (off == GICD_CTLR)
		return g->ctlr;
	if (off == GICD_TYPER)
		return gicd_typer(g);
	if (off == GICD_IIDR)
		return IIDR_VALUE;
	if (off >= R_ITARGETSR && off < R_ITARGETSR + PRIO_BYTES)
		return targets_read(a, off);
	if (off >= R_IGROUPR && off < R_IGRPMODR)
		return gic_irq_regs_read(g, a->cpu, off, 0, (unsigned)g->n_irqs);
	if (off >= ID_REGS && off < REGS_END)
		return id_regs[(off - ID_REGS) / 4];
	return 0;                  /* GICD_SGIR is write-only; NSACR, C/SPENDSGIR: RAZ */
}

static void dist_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	const struct access *a = opaque;
	struct gicv3 *g = a->g;
	if (off == GICD_CTLR)
		g->ctlr = (uint32_t)dev_merge(g->ctlr, val, mask) & (CTLR_EN_GRP0 | CTLR_EN_GRP1);
	else if (off == GICD_SGIR && mask == 0xffffffffu)
		send_sgi(g, a->cpu, (uint32_t)val);
	else if (off >= R_ITARGETSR && off < R_ITARGETSR + PRIO_BYTES)
		targets_write(a, off, (uint32_t)val, (uint32_t)mask);
	else if (off >= R_IGROUPR && off < R_IGRPMODR)
		gic_irq_regs_write(g, a->cpu, off, (uint32_t)val, (uint32_t)mask, 0,
				   (unsigned)g->n_irqs);
	else
		return;
	gic_update(g);
}

/* ---------------------------------------------------------- CPU interface */

/* An SGI's INTID with the CPU that sent it: the lowest of its pending sources. */
static unsigned with_source(const struct gic_cpu *c, unsigned id)
{
	if (id >= 16 || !c->sgi_src[id])
		return id;
	return id | (unsigned)__builtin_ctz(c->sgi_src[id]) << IAR_CPUID_SHIFT;
}

/*
 * GICC_IAR: acknowledge. An SGI pending from several CPUs is taken once per
 * source (the spec's 3.2.4 "Interrupt handling state machine": each source
 * is a separate SGI); it stays pending while other sources remain.
 */
static unsigned acknowledge(struct gicv3 *g, int cpu)
{
	struct gic_cpu *c = &g->cpu[cpu];
	unsigned id = gic_acknowledge(g, cpu);
	unsigned iar = with_source(c, id);
	if (id < 16 && c->sgi_src[id]) {
		c->sgi_src[id] &= (uint8_t)(c->sgi_src[id] - 1);
		if (c->sgi_src[id])
			c->priv.pending |= 1u << id;
	}
	gic_update(g);
	return iar;
}

static uint64_t cpu_read(void *opaque, uint64_t off)
{
	const struct access *a = opaque;
	struct gicv3 *g = a->g;
	struct gic_cpu *c = &g->cpu[a->cpu];
	unsigned prio;
	switch (off) {
	case GICC_CTLR:
		return c->grpen | (c->cbpr ? GICC_CTLR_CBPR : 0) | (c->eoimode ? GICC_CTLR_EOIMODE : 0);
	case GICC_PMR: return c->pmr;
	case GICC_BPR: return c->bpr0;
	case GICC_ABPR: return c->cbpr ? (c->bpr0 < 7 ? c->bpr0 + 1u : 7u) : c->bpr1;
	case GICC_IAR: return acknowledge(g, a->cpu);
	case GICC_RPR: return gic_running_prio(c);
	case GICC_HPPIR: return with_source(c, gic_hppi(g, a->cpu, &prio));
	case GICC_APR0: return c->ap;
	case GICC_IIDR: return IIDR_VALUE;
	}
	return 0;                  /* EOIR, DIR write-only; the aliased and NS registers RAZ */
}

static void cpu_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	const struct access *a = opaque;
	struct gicv3 *g = a->g;
	struct gic_cpu *c = &g->cpu[a->cpu];
	uint32_t v = (uint32_t)(val & mask);
	switch (off) {
	case GICC_CTLR:
		c->grpen = (uint8_t)(v & (CTLR_EN_GRP0 | CTLR_EN_GRP1));
		c->cbpr = v & GICC_CTLR_CBPR;
		c->eoimode = v & GICC_CTLR_EOIMODE;
		break;
	case GICC_PMR: c->pmr = (uint8_t)(v & PRI_MASK); break;
	case GICC_BPR: c->bpr0 = gic_clamp_bpr(v, MIN_BPR0); break;
	case GICC_ABPR:
		if (!c->cbpr)
			c->bpr1 = gic_clamp_bpr(v, MIN_BPR1);
		break;
	case GICC_EOIR: gic_end_of_interrupt(g, a->cpu, v & INTID_MASK); break;
	case GICC_DIR:
		if (c->eoimode)
			gic_deactivate(g, a->cpu, v & INTID_MASK);
		break;
	case GICC_APR0: c->ap = v; break;
	default: return;
	}
	gic_update(g);
}

/* ------------------------------------------------------------ MMIO */

/* The accessing CPU's view of a register file; the host (no CPU) sees nothing. */
static uint64_t banked_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			    dev_word_read_fn rd)
{
	struct access a;
	return access_of(&a, opaque, who) ? dev_mmio_read(&a, off, size, 4, rd) : 0;
}

static void banked_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			 uint64_t val, dev_word_write_fn wr)
{
	struct access a;
	if (access_of(&a, opaque, who))
		dev_mmio_write(&a, off, size, val, 4, wr);
}

static uint64_t dist_mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return banked_read(opaque, who, off, size, dist_read);
}

static void dist_mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			    uint64_t val)
{
	banked_write(opaque, who, off, size, val, dist_write);
}

static uint64_t cpu_mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return banked_read(opaque, who, off, size, cpu_read);
}

static void cpu_mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			   uint64_t val)
{
	banked_write(opaque, who, off, size, val, cpu_write);
}

static const struct mem_mmio_ops dist_ops = { .read = dist_mmio_read, .write = dist_mmio_write };
static const struct mem_mmio_ops cpu_ops = { .read = cpu_mmio_read, .write = cpu_mmio_write };

struct gicv3 *gicv2_new(struct mem_space *mem, uint64_t dist_base, uint64_t cpu_base,
			int n_cpus, int n_spis,
			void (*set_cpu_irq)(void *opaque, int cpu, bool level), void *opaque)
{
	if (n_cpus > GICV2_MAX_CPUS)
		return NULL;
	const struct gic_region regions[2] = {
		{ "gicv2-dist", dist_base, GICV2_DIST_SIZE, &dist_ops },
		{ "gicv2-cpu", cpu_base, GICV2_CPU_SIZE, &cpu_ops },
	};
	return gic_new(2, mem, regions, n_cpus, n_spis, set_cpu_irq, opaque);
}
