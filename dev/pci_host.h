/*
 * A minimal PCI host: configuration mechanism #1 (PCI Local Bus 3.0,
 * 3.2.2.3.2) at two I/O ports, CONFIG_ADDRESS (0xCF8, 32-bit accesses
 * only) and CONFIG_DATA (0xCFC-0xCFF, any width), one bus (0) whose
 * device 0 is the host bridge (class 06/00) and whose other slots hold
 * the single-function devices the board attaches (pci_host_attach). A
 * function absent, another bus, or CONFIG_ADDRESS's enable bit clear read
 * all ones and ignore writes.
 *
 * The host plays the firmware too: a function's memory BARs are assigned
 * when it is attached, naturally aligned from the bottom of the MMIO
 * window, and memory decoding is on, as a PC's BIOS leaves them (Linux
 * keeps assignments it finds inside the bridge's _CRS window). The
 * window is a region of the memory space from the first attach on, so a
 * board without devices has exactly the memory map it had before.
 */
#ifndef HVSIM_DEV_PCI_HOST_H
#define HVSIM_DEV_PCI_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/mem.h"

#define PCI_HOST_PORT 0xcf8             /* CONFIG_ADDRESS; CONFIG_DATA at + 4 */
#define PCI_HOST_PORTS 8
/* The bridge's identity: Red Hat's PCI ids, QEMU's generic host bridge (1b36:0008). */
#define PCI_HOST_VENDOR 0x1b36
#define PCI_HOST_DEVICE 0x0008
#define PCI_HOST_SLOTS 32               /* device numbers on bus 0; 0 is the bridge */
#define PCI_BARS 6
#define PCI_CAPS 0x40                   /* where a function's capability list starts */
#define PCI_CAPS_MAX (256 - PCI_CAPS)

/* A function the board attaches: its type 0 header's contents and its BARs' handlers. */
struct pci_func {
	uint16_t vendor, device, subsys_vendor, subsys;
	uint8_t revision;
	uint32_t class_code;               /* base class, subclass, programming interface */
	bool intx;                         /* it interrupts on INTA# */
	uint32_t bar_size[PCI_BARS];       /* 32-bit memory BARs: a power of two, 16 or more; 0 none */
	const uint8_t *caps;               /* its capability list at PCI_CAPS (the function's bytes) */
	unsigned caps_len;                 /* at most PCI_CAPS_MAX */
	/* A write to the bytes `mask` of the dword at `off` (>= PCI_CAPS); NULL: read-only. */
	void (*cap_write)(void *opaque, unsigned off, uint32_t val, uint32_t mask);
	/* Accesses to BAR `bar`, `off` bytes into it. */
	uint64_t (*bar_read)(void *opaque, int bar, uint64_t off, unsigned size);
	void (*bar_write)(void *opaque, int bar, uint64_t off, unsigned size, uint64_t val);
	void *opaque;
};

struct pci_host;

/*
 * Create the host at PCI_HOST_PORT in the port space `io`, its functions'
 * memory BARs in [window, window + window_size) of `mem`; NULL if the ports
 * cannot be added.
 */
struct pci_host *pci_host_new(struct mem_space *io, struct mem_space *mem, uint32_t window,
			      uint32_t window_size);
/*
 * Put function f (copied; caps must outlive the host) in device `slot`
 * (1 to PCI_HOST_SLOTS - 1) with its Interrupt Line register saying
 * `irq_line`, its BARs assigned. False if the slot is taken or invalid,
 * the BARs do not fit in the window, or the window cannot be added.
 */
bool pci_host_attach(struct pci_host *h, unsigned slot, const struct pci_func *f, uint8_t irq_line);
/*
 * Where message-signalled interrupts go (the board's interrupt controller):
 * msi(opaque, address, data) for each memory write a function signals.
 */
void pci_host_set_msi(struct pci_host *h, void (*msi)(void *opaque, uint64_t addr, uint32_t data),
		      void *opaque);
/*
 * Function `slot` signals a message (PCI 3.0 6.8): sent if it may master
 * the bus (Command bit 2) and the board takes messages; false if dropped.
 */
bool pci_host_msi(struct pci_host *h, unsigned slot, uint64_t addr, uint32_t data);
/* The address BAR `bar` of `slot`'s function decodes (0: none). For tests. */
uint32_t pci_host_bar(const struct pci_host *h, unsigned slot, int bar);
/* Free the state; the ports stay in `io`, so free `io` first or with it. */
void pci_host_free(struct pci_host *h);
/*
 * Save or load CONFIG_ADDRESS, the bridge's command and each function's
 * command, Interrupt Line and BARs (mem/snap.h); the functions' own state
 * is theirs to save.
 */
struct snap;
void pci_host_snapshot(struct pci_host *h, struct snap *s);

#endif
