/*
 * The virtio devices every board offers (dev/virtio_*.c), one per slot:
 * on virtio-mmio, a transport of VIRTIO_MMIO_SIZE bytes from the board's
 * base each; with a PCI host (`pci` set before virtio_slots_create), slot
 * n is the host's device n + 1. A disk when the configuration names one
 * (-drive), an entropy source (on PCI only when asked for:
 * hvsim_config.virtio_rng), a console whose output is the VM's console's
 * (virtio-mmio only), and a NIC on user-mode networking when the
 * configuration asks for one (-nic user).
 */
#ifndef HVSIM_MACHINE_VIRTIO_SLOTS_H
#define HVSIM_MACHINE_VIRTIO_SLOTS_H

#include "dev/irq.h"
#include "dev/virtio_mmio.h"
#include "hvsim/hvsim.h"

struct hvsim_vm;
struct virtio_blk;
struct virtio_rng;
struct virtio_console;
struct virtio_net;
struct net_user;
struct pci_host;

/*
 * The first disk keeps slot 0; further ones follow the console, in
 * -drive order (Linux probes the transports in device-tree order: vda, vdb...).
 * The NIC comes after the disks.
 */
enum {
	VIRTIO_SLOT_BLK, VIRTIO_SLOT_RNG, VIRTIO_SLOT_CONSOLE, VIRTIO_SLOT_BLK2,
	VIRTIO_SLOT_NET = VIRTIO_SLOT_BLK2 + HVSIM_MAX_DRIVES - 1,
	VIRTIO_SLOTS
};

struct virtio_slots {
	struct virtio_blk *blk[HVSIM_MAX_DRIVES];   /* NULL past the disks given */
	struct virtio_rng *rng;
	struct virtio_console *con;
	struct virtio_net *net;                     /* NULL without -nic user */
	struct net_user *user;                      /* its network */
	struct hvsim_vm *vm;
	struct pci_host *pci;                       /* the devices are its functions (NULL: virtio-mmio) */
};

/* Is there a device in `slot` (a disk slot without a disk is empty)? */
bool virtio_slot_used(const struct virtio_slots *s, int slot);

static inline uint64_t virtio_slot_base(uint64_t base, int slot)
{
	return base + (uint64_t)VIRTIO_MMIO_SIZE * (uint64_t)slot;
}

/*
 * Create the devices in vm's memory from `base` (or on s->pci), slot i
 * interrupting on irq(vm, i). 0, HVSIM_BAD_INPUT (the disk image) or HVSIM_ERROR, with a
 * message; what was made is freed by virtio_slots_free.
 */
int virtio_slots_create(struct virtio_slots *s, struct hvsim_vm *vm, uint64_t base,
			struct dev_irq (*irq)(struct hvsim_vm *vm, int slot), char *err,
			size_t errlen);
/*
 * Make every slot below n that has no device an empty transport (Device ID
 * 0), as QEMU's virt board has all its transports: a guest probing one reads
 * a placeholder instead of taking an external abort. 0 or HVSIM_ERROR.
 */
int virtio_slots_fill(const struct virtio_slots *s, struct hvsim_vm *vm, uint64_t base, int n,
		      char *err, size_t errlen);
/*
 * Between quanta (the board's tick): the devices go on with work a guest
 * request left (virtio_mmio.h, virtq_serve), and the network serves its
 * host sockets and timers (without waiting).
 */
void virtio_slots_resume(const struct virtio_slots *s);
/* A machine reset: every device's transport to its reset state. */
void virtio_slots_reset(const struct virtio_slots *s);
/* Some device has work left: the board's `busy`. */
bool virtio_slots_busy(const struct virtio_slots *s);
struct snap;
/* Save or load the devices' state (mem/snap.h). */
void virtio_slots_snapshot(const struct virtio_slots *v, struct snap *s);
void virtio_slots_free(struct virtio_slots *s);

#endif
