/*
 * The minimal PCI host (see pci_host.h). Configuration-space layout:
 * PCI Local Bus 3.0, 6.1 (the type 0 header).
 */
#include <stdlib.h>

#include "dev/pci_host.h"

#define ENABLE (1u << 31)

struct pci_host {
	uint32_t address;                  /* CONFIG_ADDRESS */
	uint16_t bridge_command;           /* the host bridge's command register */
};

/* The host bridge's header: its ids, class 06/00 (host bridge), header type 0, nothing else. */
static uint32_t bridge_read(const struct pci_host *h, unsigned off, unsigned size)
{
	uint32_t dw;
	switch (off & ~3u) {
	case 0x00: dw = PCI_HOST_DEVICE << 16 | PCI_HOST_VENDOR; break;
	case 0x04: dw = h->bridge_command; break;
	case 0x08: dw = 0x06000000; break;   /* class 06, subclass 00, prog-if 00, revision 0 */
	default: dw = 0; break;
	}
	dw >>= 8 * (off & 3);
	return size == 4 ? dw : dw & ((1u << (8 * size)) - 1);
}

/* Only the command register's memory, I/O and bus-master enables are kept. */
static void bridge_write(struct pci_host *h, unsigned off, unsigned size, uint32_t val)
{
	if ((off & ~3u) == 0x04 && (off & 3) < 2)
		h->bridge_command = (uint16_t)((val << (8 * (off & 3))) & 7);
}

/* Does CONFIG_ADDRESS select the bridge (enabled, bus 0, device 0, function 0)? */
static bool bridge_selected(const struct pci_host *h)
{
	return (h->address & (ENABLE | 0xffff00)) == ENABLE;
}

static uint64_t port_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct pci_host *h = opaque;
	if (off < 4)
		return off == 0 && size == 4 ? h->address : ~0ull;
	if (!bridge_selected(h))
		return ~0ull;
	return bridge_read(h, (h->address & 0xfc) + (unsigned)(off - 4), size);
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
	if (bridge_selected(h))
		bridge_write(h, (h->address & 0xfc) + (unsigned)(off - 4), size, (uint32_t)val);
}

static const struct mem_mmio_ops host_ops = { .read = port_read, .write = port_write };

struct pci_host *pci_host_new(struct mem_space *io)
{
	struct pci_host *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	if (!mem_add_mmio(io, "pci-host", PCI_HOST_PORT, PCI_HOST_PORTS, &host_ops, h)) {
		free(h);
		return NULL;
	}
	return h;
}

void pci_host_free(struct pci_host *h)
{
	free(h);
}
