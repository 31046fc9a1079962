/*
 * Loongson EIOINTC (3A5000 manual, "Extended I/O interrupts"; register
 * offsets as Linux's LOONGARCH_IOCSR_EXTIOI_* name them). Vector bitmaps
 * are kept as four 64-bit words, vector v in bit v % 64 of word v / 64,
 * which is also how the registers lay them out in IOCSR space.
 */
#include <stdlib.h>
#include <string.h>

#include "dev/loongarch_eiointc.h"
#include "dev/mmio.h"
#include "mem/snap.h"

/* Offsets from EIOINTC_IOCSR_BASE. */
enum {
	NODEMAP = 0x0a0,     /* 0x14a0: 16 halfwords */
	IPMAP = 0x0c0,       /* 0x14c0: 8 bytes, one per group of 32 vectors */
	ENABLE = 0x200,      /* 0x1600 */
	BOUNCE = 0x280,      /* 0x1680 */
	ISR = 0x300,         /* 0x1700: the latched requests */
	COREISR = 0x400,     /* 0x1800: the requesting core's delivered requests */
	COREMAP = 0x800,     /* 0x1c00: one byte per vector */
};
#define BITMAP_BYTES 0x20
#define WORDS (EIOINTC_VECTORS / 64)
#define GROUPS (EIOINTC_VECTORS / 32)
#define NO_CPU (-1)

struct eiointc {
	int n_cpus;
	void (*set_cpu_ip)(void *opaque, int cpu, int ip, bool level);
	void *opaque;
	uint64_t line[WORDS];                   /* the inputs as driven */
	uint64_t enable[WORDS], bounce[WORDS];
	uint64_t isr[WORDS];                    /* latched requests */
	uint64_t coreisr[EIOINTC_MAX_CPUS][WORDS];
	uint8_t ip_level[EIOINTC_MAX_CPUS];     /* bit n: pin n asserted */
	uint8_t nodemap[BITMAP_BYTES];
	uint8_t ipmap[GROUPS];
	uint8_t coremap[EIOINTC_VECTORS];
};

static bool test(const uint64_t *map, unsigned v)
{
	return (map[v / 64] >> (v % 64)) & 1;
}

/* The pin a group of 32 vectors goes to: the lowest of IPMAP bits 3:0 (none: IP0). */
static int group_ip(const struct eiointc *e, unsigned group)
{
	unsigned sel = e->ipmap[group] & 0xf;
	return sel ? __builtin_ctz(sel) : 0;
}

/* The core COREMAP bits 3:0 route a vector to (the lowest named), or NO_CPU. */
static int route(const struct eiointc *e, unsigned v)
{
	unsigned cores = e->coremap[v] & 0xf;
	int cpu = cores ? __builtin_ctz(cores) : NO_CPU;
	return cpu < e->n_cpus ? cpu : NO_CPU;
}

/* A core's pins: each asserted while a delivered vector of a group mapped to it is set. */
static void update_pins(struct eiointc *e, int cpu)
{
	uint8_t level = 0;
	for (unsigned g = 0; g < GROUPS; g++)
		if ((uint32_t)(e->coreisr[cpu][g / 2] >> (32 * (g % 2))))
			level |= (uint8_t)(1u << group_ip(e, g));
	for (uint8_t changed = level ^ e->ip_level[cpu]; changed; changed &= changed - 1) {
		int ip = __builtin_ctz(changed);
		e->set_cpu_ip(e->opaque, cpu, ip, (level >> ip) & 1);
	}
	e->ip_level[cpu] = level;
}

static void update_all_pins(struct eiointc *e)
{
	for (int c = 0; c < e->n_cpus; c++)
		update_pins(e, c);
}

/*
 * Deliver every latched, enabled request that no core holds yet to the
 * core its COREMAP names; take disabled ones back from their core (a
 * vector masked while its affinity changes is delivered to the new core
 * when enabled again, as Linux's eiointc_set_irq_affinity expects).
 */
static void deliver(struct eiointc *e)
{
	for (unsigned w = 0; w < WORDS; w++) {
		uint64_t held = 0;
		for (int c = 0; c < e->n_cpus; c++) {
			e->coreisr[c][w] &= e->enable[w];
			held |= e->coreisr[c][w];
		}
		for (uint64_t todo = e->isr[w] & e->enable[w] & ~held; todo; todo &= todo - 1) {
			unsigned v = w * 64 + (unsigned)__builtin_ctzll(todo);
			int cpu = route(e, v);
			if (cpu != NO_CPU)
				e->coreisr[cpu][w] |= 1ull << (v % 64);
		}
	}
	update_all_pins(e);
}

void eiointc_set_irq(void *eio, int vector, bool level)
{
	struct eiointc *e = eio;
	if (vector < 0 || vector >= EIOINTC_VECTORS || test(e->line, (unsigned)vector) == level)
		return;
	uint64_t bit = 1ull << (vector % 64);
	e->line[vector / 64] ^= bit;
	if (level) {
		e->isr[vector / 64] |= bit;
		deliver(e);
	}
}

/* A core writes ones to its COREISR: the requests it holds there are done, here and in ISR. */
static void core_clear(struct eiointc *e, int cpu, unsigned w, uint64_t bits)
{
	bits &= e->coreisr[cpu][w];
	e->coreisr[cpu][w] &= ~bits;
	e->isr[w] &= ~bits;
	update_pins(e, cpu);
}

/* A register access with the core that makes it (COREISR is per core). */
struct access {
	struct eiointc *e;
	int cpu;
};

static uint64_t *bitmap(struct eiointc *e, uint64_t off, int cpu)
{
	unsigned w = (unsigned)(off % BITMAP_BYTES) / 8;
	switch (off & ~(uint64_t)(BITMAP_BYTES - 1)) {
	case ENABLE: return &e->enable[w];
	case BOUNCE: return &e->bounce[w];
	case ISR: return &e->isr[w];
	case COREISR: return cpu == NO_CPU ? NULL : &e->coreisr[cpu][w];
	}
	return NULL;
}

static uint8_t *bytes(struct eiointc *e, uint64_t off)
{
	if (off >= NODEMAP && off < NODEMAP + BITMAP_BYTES)
		return e->nodemap + (off - NODEMAP);
	if (off >= IPMAP && off < IPMAP + GROUPS)
		return e->ipmap + (off - IPMAP);
	if (off >= COREMAP && off < COREMAP + EIOINTC_VECTORS)
		return e->coremap + (off - COREMAP);
	return NULL;
}

static uint64_t word_read(void *opaque, uint64_t off)
{
	const struct access *a = opaque;
	uint8_t *b = bytes(a->e, off);
	if (b)
		return dev_bytes_read(b, 8);
	uint64_t *m = bitmap(a->e, off, a->cpu);
	return m ? *m : 0;
}

static void word_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	const struct access *a = opaque;
	struct eiointc *e = a->e;
	uint8_t *b = bytes(e, off);
	if (b) {
		dev_bytes_write(b, 8, val, mask);
		deliver(e);          /* a new route, or a group on another pin */
		return;
	}
	uint64_t *m = bitmap(e, off, a->cpu);
	if (!m)
		return;
	switch (off & ~(uint64_t)(BITMAP_BYTES - 1)) {
	case ENABLE:
		*m = dev_merge(*m, val, mask);
		deliver(e);
		break;
	case BOUNCE:
		*m = dev_merge(*m, val, mask);
		break;
	case COREISR:
		core_clear(e, a->cpu, (unsigned)(off % BITMAP_BYTES) / 8, val & mask);
		break;
	default:
		break;               /* ISR is read-only */
	}
}

static struct access access_by(struct eiointc *e, const struct mem_req *who)
{
	int cpu = who->kind == MEM_BY_GUEST && who->vcpu >= 0 && who->vcpu < e->n_cpus ? who->vcpu
											: NO_CPU;
	return (struct access){ e, cpu };
}

static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct access a = access_by(opaque, who);
	return dev_mmio_read(&a, off, size, 8, word_read);
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		       uint64_t val)
{
	struct access a = access_by(opaque, who);
	dev_mmio_write(&a, off, size, val, 8, word_write);
}

static const struct mem_mmio_ops eiointc_ops = { .read = mmio_read, .write = mmio_write };

void eiointc_reset(struct eiointc *e)
{
	memset(e->enable, 0, sizeof(e->enable));
	memset(e->bounce, 0, sizeof(e->bounce));
	memset(e->isr, 0, sizeof(e->isr));
	memset(e->coreisr, 0, sizeof(e->coreisr));
	memset(e->nodemap, 0, sizeof(e->nodemap));
	memset(e->ipmap, 0, sizeof(e->ipmap));
	memset(e->coremap, 0, sizeof(e->coremap));
	update_all_pins(e);
}

struct eiointc *eiointc_new(struct mem_space *iocsr, int n_cpus,
			    void (*set_cpu_ip)(void *opaque, int cpu, int ip, bool level),
			    void *opaque)
{
	if (n_cpus < 1 || n_cpus > EIOINTC_MAX_CPUS || !set_cpu_ip)
		return NULL;
	struct eiointc *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->n_cpus = n_cpus;
	e->set_cpu_ip = set_cpu_ip;
	e->opaque = opaque;
	eiointc_reset(e);
	if (!mem_add_mmio(iocsr, "eiointc", EIOINTC_IOCSR_BASE, EIOINTC_IOCSR_SIZE, &eiointc_ops, e)) {
		free(e);
		return NULL;
	}
	return e;
}

void eiointc_free(struct eiointc *e)
{
	free(e);
}

void eiointc_snapshot(struct eiointc *e, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct eiointc, line), SNAP_FIELD(struct eiointc, enable),
		SNAP_FIELD(struct eiointc, bounce), SNAP_FIELD(struct eiointc, isr),
		SNAP_FIELD(struct eiointc, coreisr), SNAP_FIELD(struct eiointc, ip_level),
		SNAP_FIELD(struct eiointc, nodemap), SNAP_FIELD(struct eiointc, ipmap),
		SNAP_FIELD(struct eiointc, coremap),
	};
	snap_section(s, "la-eiointc");
	snap_fields(s, e, f, SNAP_N(f));
}
