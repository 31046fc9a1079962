/*
 * The virtio-pci transport, modern (VIRTIO 1.2 section 4.1 "Virtio Over
 * PCI Bus"): a function on the PCI host (dev/pci_host.h) with vendor
 * 0x1af4 and device 0x1040 + the virtio device ID, revision 1, and its
 * registers in one 32-bit memory BAR (BAR 0, VIRTIO_PCI_BAR_SIZE bytes)
 * that four vendor-specific capabilities point into:
 *   0x0000  common configuration (VIRTIO_PCI_CAP_COMMON_CFG, 4.1.4.3)
 *   0x1000  ISR status (VIRTIO_PCI_CAP_ISR_CFG, 4.1.4.5)
 *   0x2000  device configuration (VIRTIO_PCI_CAP_DEVICE_CFG, 4.1.4.6)
 *   0x3000  notifications (VIRTIO_PCI_CAP_NOTIFY_CFG, 4.1.4.4): queue n at
 *           0x3000 + 4 n (queue_notify_off n, multiplier 4)
 *   0x3800  the MSI-X table (PCI 3.0 6.8.2): one entry for the
 *           configuration and one per queue; 0x3c00 its pending bits
 * Interrupts: MSI-X messages through the PCI host (pci_host_msi) once the
 * driver enables MSI-X, by the vectors it wrote to config_msix_vector and
 * queue_msix_vector (4.1.5.1.2); before that INTx (INTA#, level: the OR of
 * the ISR bits, cleared by reading the ISR). No VIRTIO_PCI_CAP_PCI_CFG
 * window either (4.1.4.9 asks for one; Linux never uses it, and it would
 * be a second way into the BAR to check). Bus mastering gates MSI-X
 * messages only: the device reaches guest memory whatever the command
 * register says.
 */
#ifndef HVSIM_DEV_VIRTIO_PCI_H
#define HVSIM_DEV_VIRTIO_PCI_H

#include "dev/virtio_queue.h"

#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_PCI_DEVICE_BASE 0x1040   /* + the virtio device ID (4.1.2.1) */
#define VIRTIO_PCI_BAR_SIZE 0x4000
/* Where each structure lies in BAR 0. */
enum {
	VIRTIO_PCI_COMMON = 0x0000,
	VIRTIO_PCI_ISR = 0x1000,
	VIRTIO_PCI_DEVICE_CFG = 0x2000,
	VIRTIO_PCI_NOTIFY = 0x3000,
	VIRTIO_PCI_NOTIFY_MULTIPLIER = 4,
	VIRTIO_PCI_MSIX_TABLE = 0x3800,
	VIRTIO_PCI_MSIX_PBA = 0x3c00,
};

/*
 * Create a device as a function in slot p->slot of the host p->pci,
 * interrupting on p->irq (the line its INTA# is wired to; p->irq.line is
 * also what its Interrupt Line register says), as virtio_dev_new does.
 */
struct virtio_dev *virtio_pci_new(const struct virtio_place *p, const struct virtio_backend *be,
				  void *opaque, const void *config, uint32_t config_size);

#endif
