/*
 * A minimal PCI host: configuration mechanism #1 (PCI Local Bus 3.0,
 * 3.2.2.3.2) at two I/O ports, CONFIG_ADDRESS (0xCF8, 32-bit accesses
 * only) and CONFIG_DATA (0xCFC-0xCFF, any width), one bus (0) whose
 * device 0 is the host bridge (class 06/00) and whose other functions
 * would be what the board attaches. A function absent, another bus, or
 * CONFIG_ADDRESS's enable bit clear read all ones and ignore writes.
 * No function but the bridge yet: virtio-pci's functions come with it.
 */
#ifndef HVSIM_DEV_PCI_HOST_H
#define HVSIM_DEV_PCI_HOST_H

#include <stdint.h>

#include "mem/mem.h"

#define PCI_HOST_PORT 0xcf8             /* CONFIG_ADDRESS; CONFIG_DATA at + 4 */
#define PCI_HOST_PORTS 8
/* The bridge's identity: Red Hat's PCI ids, QEMU's generic host bridge (1b36:0008). */
#define PCI_HOST_VENDOR 0x1b36
#define PCI_HOST_DEVICE 0x0008

struct pci_host;

/* Create the host at PCI_HOST_PORT in the port space `io`; NULL if the ports cannot be added. */
struct pci_host *pci_host_new(struct mem_space *io);
/* Free the state; the ports stay in `io`, so free `io` first or with it. */
void pci_host_free(struct pci_host *h);

#endif
