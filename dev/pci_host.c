/*
 * The minimal PCI host (see pci_host.h). Configuration-space layout:
 * PCI Local Bus 3.0, 6.1 (the type 0 header), 6.2.5 (base address
 * registers), 6.7 (capabilities list).
 */
#include <stdlib.h>
#include <string.h>

#include "dev/pci_host.h"
#include "mem/snap.h"

#define ENABLE (1u << 31)

/* All ones of an access's size: what a read nothing answers gives (a master abort). */
static uint64_t ones(unsigned size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

/* Command register bits kept (6.2.2): I/O space, memory space, bus master, interrupt disable. */
enum { CMD_MEMORY = 1u << 1, CMD_MASTER = 1u << 2, CMD_WRITABLE = 0x0407 };
/* Status register (6.2.3): a capabilities list follows 0x34. */
enum { STATUS_CAP_LIST = 1u << 4 };

struct pci_slot {
	bool used;
	struct pci_func f;
	uint16_t command;
	uint8_t irq_line;
	uint32_t bar[PCI_BARS];            /* assigned addresses */
};

struct pci_host {
	uint32_t address;                  /* CONFIG_ADDRESS */
	uint16_t bridge_command;           /* the host bridge's command register */
	struct mem_space *mem;
	uint32_t window, window_size;
	uint32_t next_bar;                 /* the window's first unassigned byte */
	void (*msi)(void *opaque, uint64_t addr, uint32_t data);
	void *msi_opaque;
	bool window_mapped;
	struct pci_slot slot[PCI_HOST_SLOTS];
};

/* The host bridge's header: its ids, class 06/00 (host bridge), header type 0, nothing else. */
static uint32_t bridge_dword(const struct pci_host *h, unsigned off)
{
	switch (off) {
	case 0x00: return PCI_HOST_DEVICE << 16 | PCI_HOST_VENDOR;
	case 0x04: return h->bridge_command;
	case 0x08: return 0x06000000;      /* class 06, subclass 00, prog-if 00, revision 0 */
	}
	return 0;
}

/* An attached function's type 0 header (single function: header type 0x00), then its capabilities. */
static uint32_t func_dword(const struct pci_slot *s, unsigned off)
{
	const struct pci_func *f = &s->f;
	if (off >= PCI_CAPS) {
		uint32_t dw = 0;
		for (unsigned i = 0; i < 4; i++)
			if (off - PCI_CAPS + i < f->caps_len)
				dw |= (uint32_t)f->caps[off - PCI_CAPS + i] << (8 * i);
		return dw;
	}
	switch (off) {
	case 0x00: return (uint32_t)f->device << 16 | f->vendor;
	case 0x04: return (f->caps_len ? (uint32_t)STATUS_CAP_LIST << 16 : 0) | s->command;
	case 0x08: return f->class_code << 8 | f->revision;
	case 0x2c: return (uint32_t)f->subsys << 16 | f->subsys_vendor;
	case 0x34: return f->caps_len ? PCI_CAPS : 0;
	case 0x3c: return (f->intx ? 1u << 8 : 0) | s->irq_line;   /* Interrupt Pin 1: INTA# */
	}
	if (off >= 0x10 && off < 0x10 + 4 * PCI_BARS)
		return s->bar[(off - 0x10) / 4];   /* 32-bit, non-prefetchable memory: type bits 0 */
	return 0;
}

/*
 * Writes, merged under the byte mask: the command register, the Interrupt
 * Line, and the BARs, whose low bits below the size read back as zero (so
 * writing all ones and reading gives the size, 6.2.5.1).
 */
static void func_write(struct pci_slot *s, unsigned off, uint32_t val, uint32_t mask)
{
	if (off >= PCI_CAPS) {
		if (s->f.cap_write && off - PCI_CAPS < s->f.caps_len)
			s->f.cap_write(s->f.opaque, off, val, mask);
	} else if (off == 0x04 && (mask & 0xffff)) {
		s->command = (uint16_t)(((s->command & ~mask) | (val & mask)) & CMD_WRITABLE);
	} else if (off == 0x3c && (mask & 0xff)) {
		s->irq_line = (uint8_t)val;
	} else if (off >= 0x10 && off < 0x10 + 4 * PCI_BARS) {
		int bar = (int)(off - 0x10) / 4;
		uint32_t size = s->f.bar_size[bar];
		if (size)
			s->bar[bar] = ((s->bar[bar] & ~mask) | (val & mask)) & ~(size - 1);
	}
}

/* The slot CONFIG_ADDRESS selects (enabled, bus 0, function 0, something there), or -1. */
static int selected(const struct pci_host *h)
{
	if ((h->address & (ENABLE | 0xff0700)) != ENABLE)
		return -1;
	int dev = (int)(h->address >> 11) & 31;
	return dev == 0 || h->slot[dev].used ? dev : -1;
}

static uint64_t port_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct pci_host *h = opaque;
	if (off < 4)
		return off == 0 && size == 4 ? h->address : ones(size);
	int dev = selected(h);
	if (dev < 0)
		return ones(size);
	unsigned reg = h->address & 0xfc;
	uint32_t dw = dev ? func_dword(&h->slot[dev], reg) : bridge_dword(h, reg);
	dw >>= 8 * (off - 4);
	return size >= 4 ? dw : dw & ((1u << (8 * size)) - 1);
}

/* CONFIG_ADDRESS takes 32-bit writes only; narrower ones go nowhere, as on a PC's host bridge. */
static void port_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size, uint64_t val)
{
	struct pci_host *h = opaque;
	if (off < 4) {
		if (off == 0 && size == 4)
			h->address = (uint32_t)val & 0x80fffffc;
		return;
	}
	int dev = selected(h);
	if (dev < 0)
		return;
	unsigned shift = 8 * (unsigned)(off - 4), reg = h->address & 0xfc;
	uint32_t mask = (size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1) << shift;
	uint32_t v = (uint32_t)val << shift;
	if (dev)
		func_write(&h->slot[dev], reg, v, mask);
	else if (reg == 0x04)
		h->bridge_command = (uint16_t)(((h->bridge_command & ~mask) | (v & mask)) & 7);
}

static const struct mem_mmio_ops host_ops = { .read = port_read, .write = port_write };

/* The function and BAR decoding window address `addr` (memory decoding on), or NULL. */
static struct pci_slot *decoder(struct pci_host *h, uint64_t addr, int *bar, uint64_t *off)
{
	for (unsigned d = 1; d < PCI_HOST_SLOTS; d++) {
		struct pci_slot *s = &h->slot[d];
		if (!s->used || !(s->command & CMD_MEMORY))
			continue;
		for (int b = 0; b < PCI_BARS; b++) {
			if (s->f.bar_size[b] && s->bar[b] && addr - s->bar[b] < s->f.bar_size[b]) {
				*bar = b;
				*off = addr - s->bar[b];
				return s;
			}
		}
	}
	return NULL;
}

/* What no BAR decodes is a master abort: reads all ones, writes dropped. */
static uint64_t window_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct pci_host *h = opaque;
	int bar;
	uint64_t in;
	struct pci_slot *s = decoder(h, h->window + off, &bar, &in);
	return s ? s->f.bar_read(s->f.opaque, bar, in, size) : ones(size);
}

static void window_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			 uint64_t val)
{
	struct pci_host *h = opaque;
	int bar;
	uint64_t in;
	struct pci_slot *s = decoder(h, h->window + off, &bar, &in);
	if (s)
		s->f.bar_write(s->f.opaque, bar, in, size, val);
}

static const struct mem_mmio_ops window_ops = { .read = window_read, .write = window_write };

struct pci_host *pci_host_new(struct mem_space *io, struct mem_space *mem, uint32_t window,
			      uint32_t window_size)
{
	struct pci_host *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->mem = mem;
	h->window = h->next_bar = window;
	h->window_size = window_size;
	if (!mem_add_mmio(io, "pci-host", PCI_HOST_PORT, PCI_HOST_PORTS, &host_ops, h)) {
		free(h);
		return NULL;
	}
	return h;
}

bool pci_host_attach(struct pci_host *h, unsigned slot, const struct pci_func *f, uint8_t irq_line)
{
	if (slot == 0 || slot >= PCI_HOST_SLOTS || h->slot[slot].used || f->caps_len > PCI_CAPS_MAX ||
	    !f->bar_read || !f->bar_write)
		return false;
	uint32_t bar[PCI_BARS] = { 0 }, next = h->next_bar;
	uint64_t end = (uint64_t)h->window + h->window_size;
	for (int b = 0; b < PCI_BARS; b++) {
		uint32_t size = f->bar_size[b];
		if (!size)
			continue;
		if (size < 16 || (size & (size - 1)))
			return false;
		uint64_t at = ((uint64_t)next + size - 1) & ~(uint64_t)(size - 1);
		if (at + size > end)
			return false;
		bar[b] = (uint32_t)at;
		next = (uint32_t)(at + size);
	}
	if (!h->window_mapped) {
		if (!mem_add_mmio(h->mem, "pci-window", h->window, h->window_size, &window_ops, h))
			return false;
		h->window_mapped = true;
	}
	struct pci_slot *s = &h->slot[slot];
	*s = (struct pci_slot){ .used = true, .f = *f, .command = CMD_MEMORY, .irq_line = irq_line };
	memcpy(s->bar, bar, sizeof(bar));
	h->next_bar = next;
	return true;
}

void pci_host_set_msi(struct pci_host *h, void (*msi)(void *opaque, uint64_t addr, uint32_t data),
		      void *opaque)
{
	h->msi = msi;
	h->msi_opaque = opaque;
}

bool pci_host_msi(struct pci_host *h, unsigned slot, uint64_t addr, uint32_t data)
{
	if (slot >= PCI_HOST_SLOTS || !h->slot[slot].used || !(h->slot[slot].command & CMD_MASTER) ||
	    !h->msi)
		return false;
	h->msi(h->msi_opaque, addr, data);
	return true;
}

uint32_t pci_host_bar(const struct pci_host *h, unsigned slot, int bar)
{
	if (slot >= PCI_HOST_SLOTS || !h->slot[slot].used || bar < 0 || bar >= PCI_BARS)
		return 0;
	return h->slot[slot].bar[bar];
}

void pci_host_free(struct pci_host *h)
{
	free(h);
}

void pci_host_snapshot(struct pci_host *h, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct pci_slot, command), SNAP_FIELD(struct pci_slot, irq_line),
		SNAP_FIELD(struct pci_slot, bar),
	};
	snap_section(s, "pci-host");
	snap_val(s, h->address);
	snap_val(s, h->bridge_command);
	for (unsigned d = 1; d < PCI_HOST_SLOTS; d++)
		if (h->slot[d].used)
			snap_fields(s, &h->slot[d], f, SNAP_N(f));
}
