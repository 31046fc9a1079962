/*
 * Loongson PCH-PIC (LS7A "Interrupt controller"): register names and
 * offsets are the 7A1000 manual's, the same Linux's driver
 * (irq-loongson-pch-pic.c) and QEMU's model use. The 64-bit registers are
 * two 32-bit halves, low at the lower address; ROUTE and HTMSI_VEC are one
 * byte per input.
 */
#include <stdlib.h>

#include "dev/loongarch_pch_pic.h"
#include "dev/mmio.h"
#include "mem/snap.h"

enum {
	INT_ID = 0x000,         /* ID (low word), version and input count (high word) */
	INT_MASK = 0x020,
	HTMSI_EN = 0x040,
	INT_EDGE = 0x060,
	INT_CLEAR = 0x080,      /* write 1: clear an edge-triggered input's request */
	AUTO_CTRL0 = 0x0c0,
	AUTO_CTRL1 = 0x0e0,
	ROUTE = 0x100,          /* one byte per input: the legacy line it would use */
	HTMSI_VEC = 0x200,      /* one byte per input: its EIOINTC vector */
	INT_IRR = 0x380,        /* the requests (read-only) */
	INT_ISR = 0x3a0,        /* the requests being sent, unmasked (read-only) */
	INT_POL = 0x3e0,        /* 1: active low (level) or falling edge */
};

/*
 * INT_ID: the ID field 7 (bits 31:24) as the 7A reports it; in the high
 * word version 1 and the number of inputs minus one in bits 23:16, which
 * Linux reads to size its domain.
 */
#define INT_ID_VALUE (0x07000000ull | (((uint64_t)PCH_PIC_INPUTS - 1) << 48) | (1ull << 32))

struct pch_pic {
	struct dev_irq parent;
	uint64_t mask, htmsi_en, edge, pol, auto0, auto1;
	uint64_t line;           /* the inputs as driven */
	uint64_t irr;            /* requests: active levels and latched edges */
	uint64_t sent;           /* inputs whose request is being sent (INT_ISR) */
	uint64_t told[4];        /* the EIOINTC vectors driven high, as the parent was told */
	uint8_t route[PCH_PIC_INPUTS];
	uint8_t vec[PCH_PIC_INPUTS];
};

static uint64_t bit(int pin)
{
	return 1ull << pin;
}

/*
 * Recompute the requests of the level-triggered inputs and the outputs: a
 * vector is driven high while some input sent to it is. Tell the EIOINTC
 * about every vector whose level changed (an HTMSI_VEC write moves an input
 * from one vector to another).
 */
static void update(struct pch_pic *p)
{
	p->irr = (p->irr & p->edge) | ((p->line ^ p->pol) & ~p->edge);
	p->sent = p->irr & ~p->mask & p->htmsi_en;
	uint64_t level[4] = { 0 };
	for (uint64_t s = p->sent; s; s &= s - 1) {
		uint8_t v = p->vec[__builtin_ctzll(s)];
		level[v / 64] |= 1ull << (v % 64);
	}
	for (unsigned w = 0; w < 4; w++) {
		for (uint64_t d = level[w] ^ p->told[w]; d; d &= d - 1) {
			unsigned b = (unsigned)__builtin_ctzll(d);
			if (p->parent.set)
				p->parent.set(p->parent.opaque, (int)(w * 64 + b), (level[w] >> b) & 1);
		}
		p->told[w] = level[w];
	}
}

void pch_pic_set_irq(void *pic, int pin, bool level)
{
	struct pch_pic *p = pic;
	if (pin < 0 || pin >= PCH_PIC_INPUTS)
		return;
	bool old = (p->line & bit(pin)) != 0;
	if (old == level)
		return;
	p->line ^= bit(pin);
	/* An edge input latches its request on the edge INT_POL selects (0: rising). */
	bool active = level != ((p->pol & bit(pin)) != 0);
	if ((p->edge & bit(pin)) && active)
		p->irr |= bit(pin);
	update(p);
}

void pch_pic_inject(struct pch_pic *p, int pin)
{
	if (pin < 0 || pin >= PCH_PIC_INPUTS)
		return;
	if (p->edge & bit(pin)) {
		p->irr |= bit(pin);
		update(p);
		return;
	}
	/* A level input: a glitch on its line, which the EIOINTC latches on the way up. */
	for (int i = 0; i < 2; i++) {
		p->line ^= bit(pin);
		update(p);
	}
}

struct dev_irq pch_pic_irq(struct pch_pic *p, int pin)
{
	return (struct dev_irq){ .set = pch_pic_set_irq, .opaque = p, .line = pin };
}

/* The 64-bit register a word belongs to, and the word's shift in it. */
static uint64_t *reg64(struct pch_pic *p, uint64_t off, unsigned *shift)
{
	*shift = (off & 4) ? 32 : 0;
	switch (off & ~7ull) {
	case INT_MASK: return &p->mask;
	case HTMSI_EN: return &p->htmsi_en;
	case INT_EDGE: return &p->edge;
	case AUTO_CTRL0: return &p->auto0;
	case AUTO_CTRL1: return &p->auto1;
	case INT_POL: return &p->pol;
	}
	return NULL;
}

static uint64_t word_read(void *opaque, uint64_t off)
{
	struct pch_pic *p = opaque;
	unsigned shift = (off & 4) ? 32 : 0;
	if (off >= ROUTE && off < ROUTE + PCH_PIC_INPUTS)
		return dev_bytes_read(p->route + (off - ROUTE), 4);
	if (off >= HTMSI_VEC && off < HTMSI_VEC + PCH_PIC_INPUTS)
		return dev_bytes_read(p->vec + (off - HTMSI_VEC), 4);
	switch (off & ~7ull) {
	case INT_ID: return (uint32_t)(INT_ID_VALUE >> shift);
	case INT_IRR: return (uint32_t)(p->irr >> shift);
	case INT_ISR: return (uint32_t)(p->sent >> shift);
	}
	uint64_t *r = reg64(p, off, &shift);
	return r ? (uint32_t)(*r >> shift) : 0;   /* INT_CLEAR and reserved: RAZ */
}

static void word_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct pch_pic *p = opaque;
	unsigned shift;
	if (off >= ROUTE && off < ROUTE + PCH_PIC_INPUTS) {
		dev_bytes_write(p->route + (off - ROUTE), 4, val, mask);
		return;
	}
	if (off >= HTMSI_VEC && off < HTMSI_VEC + PCH_PIC_INPUTS) {
		dev_bytes_write(p->vec + (off - HTMSI_VEC), 4, val, mask);
		update(p);
		return;
	}
	if ((off & ~7ull) == INT_CLEAR) {
		shift = (off & 4) ? 32 : 0;
		p->irr &= ~(((val & mask) << shift) & p->edge);
		update(p);
		return;
	}
	uint64_t *r = reg64(p, off, &shift);
	if (!r)
		return;              /* INT_ID, INT_IRR, INT_ISR and reserved: WI */
	uint64_t old_edge = p->edge;
	*r = (*r & ~(mask << shift)) | ((val & mask) << shift);
	/* An input turned edge-triggered starts with no request latched. */
	p->irr &= ~(p->edge & ~old_edge);
	update(p);
}

static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 4, word_read);
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		       uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 4, word_write);
}

static const struct mem_mmio_ops pch_pic_ops = { .read = mmio_read, .write = mmio_write };

void pch_pic_reset(struct pch_pic *p)
{
	p->mask = ~0ull;
	p->htmsi_en = p->edge = p->pol = p->auto0 = p->auto1 = 0;
	p->irr = 0;
	for (int i = 0; i < PCH_PIC_INPUTS; i++) {
		p->route[i] = 0;
		p->vec[i] = 0;
	}
	update(p);
}

struct pch_pic *pch_pic_new(struct mem_space *mem, uint64_t base, struct dev_irq parent)
{
	struct pch_pic *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->parent = parent;
	pch_pic_reset(p);
	if (!mem_add_mmio(mem, "pch-pic", base, PCH_PIC_MMIO_SIZE, &pch_pic_ops, p)) {
		free(p);
		return NULL;
	}
	return p;
}

void pch_pic_free(struct pch_pic *p)
{
	free(p);
}

void pch_pic_snapshot(struct pch_pic *p, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct pch_pic, mask), SNAP_FIELD(struct pch_pic, htmsi_en),
		SNAP_FIELD(struct pch_pic, edge), SNAP_FIELD(struct pch_pic, pol),
		SNAP_FIELD(struct pch_pic, auto0), SNAP_FIELD(struct pch_pic, auto1),
		SNAP_FIELD(struct pch_pic, line), SNAP_FIELD(struct pch_pic, irr),
		SNAP_FIELD(struct pch_pic, sent), SNAP_FIELD(struct pch_pic, told),
		SNAP_FIELD(struct pch_pic, route), SNAP_FIELD(struct pch_pic, vec),
	};
	snap_section(s, "la-pch-pic");
	snap_fields(s, p, f, SNAP_N(f));
}
