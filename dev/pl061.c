/*
 * Arm PrimeCell GPIO (PL061), Arm DDI 0190 ("the TRM"); register and bit
 * names are the TRM's (chapter 3, "Programmer's Model"). Every register
 * holds one bit per pin in the low 8 bits of a word.
 *
 * GPIODATA is 256 words (0x000-0x3fc): address bits [9:2] mask the access,
 * so a read returns the pins selected by the address (others read 0) and a
 * write changes only the selected outputs.
 *
 * Interrupts are detected on the pin's value: what the outside drives for
 * an input pin, what GPIODATA drives for an output. An edge-sensitive pin
 * (GPIOIS 0) latches its GPIORIS bit on either edge (GPIOIBE 1) or on the
 * one GPIOIEV selects (1 rising, 0 falling) until GPIOIC clears it; a
 * level-sensitive pin's GPIORIS bit is its level matching GPIOIEV (1 high,
 * 0 low), which GPIOIC cannot clear. GPIOINTR is GPIOMIS (= GPIORIS &
 * GPIOIE) non-zero.
 *
 * Not modelled: the hardware control mode of GPIOAFSEL (its value is kept;
 * the pins stay under software control).
 */
#include <stdlib.h>

#include "dev/mmio.h"
#include "dev/pl061.h"
#include "mem/snap.h"

enum {
	GPIODATA_END = 0x400,      /* GPIODATA: 0x000-0x3fc, masked by address bits [9:2] */
	GPIODIR = 0x400,
	GPIOIS = 0x404,
	GPIOIBE = 0x408,
	GPIOIEV = 0x40c,
	GPIOIE = 0x410,
	GPIORIS = 0x414,
	GPIOMIS = 0x418,
	GPIOIC = 0x41c,
	GPIOAFSEL = 0x420,
	GPIOPERIPHID0 = 0xfe0,     /* ... GPIOPCellID3 at 0xffc */
};

/*
 * GPIOPeriphID0-3 and GPIOPCellID0-3: part 0x061, designer 0x41, revision 0,
 * as QEMU's virt gives them (Linux's amba bus probes these).
 */
static const uint8_t id_regs[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct pl061 {
	struct dev_irq irq;
	bool irq_level;
	uint8_t outside;           /* what the board drives the pins to */
	uint8_t pins;              /* the pins' values as last detected */
	uint8_t data, dir, is, ibe, iev, ie, afsel;
	uint8_t edges;             /* edge-sensitive GPIORIS bits latched */
};

static uint8_t pin_values(const struct pl061 *g)
{
	return (uint8_t)((g->outside & ~g->dir) | (g->data & g->dir));
}

/* GPIORIS: the latched edges, and the level-sensitive pins at their active level. */
static uint8_t raw_status(const struct pl061 *g)
{
	uint8_t active = (uint8_t)~(g->pins ^ g->iev);
	return (uint8_t)((g->edges & ~g->is) | (active & g->is));
}

/* The pins may have changed: latch the edges the configuration asks for, drive GPIOINTR. */
static void update(struct pl061 *g)
{
	uint8_t now = pin_values(g), changed = (uint8_t)(now ^ g->pins);
	uint8_t wanted = (uint8_t)(g->ibe | ~(now ^ g->iev));   /* either edge, or towards IEV */
	g->edges |= (uint8_t)(changed & wanted & ~g->is);
	g->pins = now;
	bool level = (raw_status(g) & g->ie) != 0;
	if (level != g->irq_level) {
		g->irq_level = level;
		dev_irq_set(&g->irq, level);
	}
}

static uint64_t word_read(void *opaque, uint64_t off)
{
	struct pl061 *g = opaque;
	if (off < GPIODATA_END)
		return g->pins & (off >> 2);
	switch (off) {
	case GPIODIR: return g->dir;
	case GPIOIS: return g->is;
	case GPIOIBE: return g->ibe;
	case GPIOIEV: return g->iev;
	case GPIOIE: return g->ie;
	case GPIORIS: return raw_status(g);
	case GPIOMIS: return raw_status(g) & g->ie;
	case GPIOAFSEL: return g->afsel;
	}
	if (off >= GPIOPERIPHID0 && off < PL061_MMIO_SIZE)
		return id_regs[(off - GPIOPERIPHID0) / 4];
	return 0;                  /* reserved, and GPIOIC (write-only): RAZ */
}

static void word_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct pl061 *g = opaque;
	if (!(mask & 0xff))
		return;                /* only the low byte holds pins */
	uint8_t v = (uint8_t)val;
	if (off < GPIODATA_END) {
		uint8_t sel = (uint8_t)(off >> 2);
		g->data = (uint8_t)((g->data & ~sel) | (v & sel));
		return;
	}
	switch (off) {
	case GPIODIR: g->dir = v; break;
	case GPIOIS: g->is = v; break;
	case GPIOIBE: g->ibe = v; break;
	case GPIOIEV: g->iev = v; break;
	case GPIOIE: g->ie = v; break;
	case GPIOIC: g->edges &= (uint8_t)~v; break;
	case GPIOAFSEL: g->afsel = v; break;
	default: break;            /* GPIORIS, GPIOMIS, identification, reserved: WI */
	}
}

static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 4, word_read);
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		       uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 4, word_write);
	update(opaque);
}

static const struct mem_mmio_ops pl061_ops = { .read = mmio_read, .write = mmio_write };

void pl061_set_input(struct pl061 *g, unsigned pin, bool level)
{
	if (pin >= PL061_PINS)
		return;
	g->outside = (uint8_t)((g->outside & ~(1u << pin)) | (unsigned)level << pin);
	update(g);
}

void pl061_reset(struct pl061 *g)
{
	g->data = g->dir = g->is = g->ibe = g->iev = g->ie = g->afsel = g->edges = 0;
	g->pins = pin_values(g);
	update(g);
}

struct pl061 *pl061_new(struct mem_space *mem, uint64_t base, struct dev_irq irq)
{
	struct pl061 *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->irq = irq;
	pl061_reset(g);
	if (!mem_add_mmio(mem, "pl061", base, PL061_MMIO_SIZE, &pl061_ops, g)) {
		free(g);
		return NULL;
	}
	return g;
}

void pl061_free(struct pl061 *g)
{
	free(g);
}

void pl061_snapshot(struct pl061 *g, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct pl061, irq_level), SNAP_FIELD(struct pl061, outside),
		SNAP_FIELD(struct pl061, pins), SNAP_FIELD(struct pl061, data),
		SNAP_FIELD(struct pl061, dir), SNAP_FIELD(struct pl061, is),
		SNAP_FIELD(struct pl061, ibe), SNAP_FIELD(struct pl061, iev),
		SNAP_FIELD(struct pl061, ie), SNAP_FIELD(struct pl061, afsel),
		SNAP_FIELD(struct pl061, edges),
	};
	snap_section(s, "pl061");
	snap_fields(s, g, f, SNAP_N(f));
}
