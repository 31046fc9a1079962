/*
 * A virtio device independent of its transport, with split virtqueues:
 * VIRTIO 1.2 (virtio-v1.2-cs01) sections 2.1-2.7 and 3.1. The transports
 * (virtio_mmio.c: section 4.2; virtio_pci.c: section 4.1) only decode
 * their registers into this state; everything a device does with the
 * driver's rings is here, once.
 *
 * A device type (virtio_blk.c, virtio_rng.c, virtio_console.c,
 * virtio_net.c) is a backend: it names its device ID, features, queue count
 * and configuration space, and is called when the driver notifies one of
 * its queues. Requests are handled synchronously, inside the guest's
 * notification, which is simple and deterministic.
 *
 * The driver is not trusted. Ring addresses are checked when a queue is made
 * ready; every descriptor index, chain length (bounded by the queue size, so
 * a loop ends), indirect table and avail index is checked as it is used. A
 * broken ring sets DEVICE_NEEDS_RESET (Status bit 64, section 2.1.2) and the
 * device then does nothing until the driver resets it. Guest memory is only
 * touched through mem_host_read/mem_host_write, so a buffer in a private page
 * reads as ciphertext and refuses writes; the backends then fail the request
 * the way their device type reports errors.
 *
 * Feature bits the transport offers itself (section 6 "Reserved Feature
 * Bits"): VIRTIO_F_VERSION_1 (required from the driver),
 * VIRTIO_F_INDIRECT_DESC, and VIRTIO_F_ACCESS_PLATFORM: the device reaches
 * only the memory the platform shares with it, which is what private pages
 * are; Linux guests with restricted memory access (pKVM, SEV-SNP) insist on
 * it and then go through the DMA API and bounce buffers.
 */
#ifndef HVSIM_DEV_VIRTIO_QUEUE_H
#define HVSIM_DEV_VIRTIO_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/irq.h"
#include "mem/mem.h"

#define VIRTIO_CONFIG_MAX 0x100    /* bytes of device configuration space at most */
#define VIRTIO_QUEUE_MAX 256       /* the largest queue size; also the longest chain */
#define VIRTIO_MAX_QUEUES 4

/* Section 5: device IDs. */
enum { VIRTIO_ID_NET = 1, VIRTIO_ID_BLOCK = 2, VIRTIO_ID_CONSOLE = 3, VIRTIO_ID_RNG = 4 };

/* Section 6: reserved (transport) feature bits. */
#define VIRTIO_F_INDIRECT_DESC (1ull << 28)
#define VIRTIO_F_VERSION_1 (1ull << 32)
#define VIRTIO_F_ACCESS_PLATFORM (1ull << 33)

/* Section 2.1 "Device Status Field": the bits the device acts on. */
enum {
	VIRTIO_STATUS_DRIVER_OK = 4,
	VIRTIO_STATUS_FEATURES_OK = 8,
	VIRTIO_STATUS_NEEDS_RESET = 64,
};

/* The interrupt causes (virtio-mmio's InterruptStatus, virtio-pci's ISR: the same bits). */
enum { VIRTIO_INT_USED_BUFFER = 1 << 0, VIRTIO_INT_CONFIG_CHANGE = 1 << 1 };

struct virtio_dev;
struct pci_host;

/* One buffer of a descriptor chain: guest-physical, not yet checked to be RAM. */
struct virtq_seg {
	uint64_t addr;
	uint32_t len;
};

/*
 * A descriptor chain taken from a queue's available ring (section 2.7.5),
 * indirect tables flattened: the n_out device-readable buffers first, then
 * the n_in device-writable ones (section 2.7.4.2 requires that order).
 * Backends see it as two byte streams, through virtq_read and virtq_write,
 * and never depend on how the driver cut them (section 2.7.4 "Message
 * Framing").
 */
struct virtq_chain {
	uint16_t head;             /* the id given back in the used ring */
	unsigned n_out, n_in;
	uint64_t out_len, in_len;  /* bytes in each part */
	struct virtq_seg seg[VIRTIO_QUEUE_MAX];
};

/* A device type. */
struct virtio_backend {
	const char *name;          /* the transport's region name */
	uint32_t device_id;
	uint64_t features;         /* device-type feature bits offered */
	unsigned n_queues;         /* at most VIRTIO_MAX_QUEUES */
	/*
	 * The driver notified queue `queue` (< n_queues), or set DRIVER_OK, or
	 * work cut short on it resumes (virtio_dev_resume).
	 */
	void (*notify)(void *opaque, struct virtio_dev *d, unsigned queue);
	/* Bytes of host work one call of virtq_serve may do. */
	uint64_t work_per_notify;
};

/*
 * The request a queue is working through; the device keeps one per queue
 * (taken by virtq_pop, dropped by a device reset).
 */
struct virtq_job {
	struct virtq_chain chain;
	uint64_t done;             /* the backend's progress: bytes handled */
	bool begun;                /* false until the backend's first step */
};

struct virtq {
	uint32_t num;
	bool ready;
	uint64_t desc, avail, used;    /* descriptor table, driver area, device area */
	uint16_t last_avail;           /* next available ring entry to take */
	uint16_t used_idx;             /* next used ring entry to fill */
	bool busy;                     /* `job` is in progress */
	struct virtq_job job;
};

/* What differs between transports in the device's common behaviour. */
struct snap;
struct virtio_transport {
	const char *name;              /* its snapshot section */
	uint32_t reset_queue_num;      /* a queue's size after reset (mmio 0, pci the maximum) */
	/*
	 * The device notifies the driver about queue `queue` (-1: its
	 * configuration): true if the transport sent it its own way (virtio-pci's
	 * MSI-X), false for the ISR and the interrupt line. NULL: always the line.
	 */
	bool (*interrupt)(struct virtio_dev *d, int queue);
	/* After a device reset: the transport's own per-device state (NULL: none). */
	void (*reset)(struct virtio_dev *d);
	/* Save or load the transport's own state after the device's (NULL: none). */
	void (*snapshot)(struct virtio_dev *d, struct snap *s);
};

/*
 * The device's state, the first member of each transport's own (so freeing
 * it frees the transport). Transports read and write it directly; backends
 * go through the functions below.
 */
struct virtio_dev {
	struct mem_space *mem;
	const struct virtio_transport *tr;
	uint64_t base;                 /* where its registers are, for reports */
	struct dev_irq irq;
	bool irq_level;
	const struct virtio_backend *be;
	void *opaque;
	uint8_t config[VIRTIO_CONFIG_MAX];
	uint32_t config_size;

	uint32_t status, isr;
	uint32_t device_features_sel, driver_features_sel, queue_sel;
	uint64_t driver_features;
	/*
	 * Transport features the device does not offer, as the machine
	 * configured it: VIRTIO_F_ACCESS_PLATFORM for a device model without
	 * the restricted-memory path (QEMU's iommu_platform=off).
	 */
	uint64_t withheld;
	const char *broken;
	uint32_t deferred;             /* queues whose work was cut short */
	struct virtq q[VIRTIO_MAX_QUEUES];
};

/*
 * Where a device's transport goes: a virtio-mmio register page at `base`
 * (pci NULL), or a function in slot `slot` of the PCI host `pci`;
 * interrupting on `irq` either way, and reaching the guest's memory `mem`.
 */
struct virtio_place {
	struct mem_space *mem;
	uint64_t base;
	struct pci_host *pci;
	unsigned slot;
	struct dev_irq irq;
};

/*
 * Create the device for backend `be` (called with `opaque`) on the
 * transport `p` says. `config` (config_size bytes, at most
 * VIRTIO_CONFIG_MAX, copied; little-endian as the spec lays it out) is the
 * read-only device configuration space. NULL on bad arguments or if the
 * transport cannot be added.
 */
struct virtio_dev *virtio_dev_new(const struct virtio_place *p, const struct virtio_backend *be,
				  void *opaque, const void *config, uint32_t config_size);
/*
 * Free the device and its transport; its registers stay mapped, so free
 * the memory (or the PCI host) first or with it.
 */
void virtio_dev_free(struct virtio_dev *d);

/* ---- for transports ---- */
/* Fill d's common state (bad arguments: false); the transport's own follows. */
bool virtio_dev_init(struct virtio_dev *d, const struct virtio_transport *tr,
		     const struct virtio_place *p, const struct virtio_backend *be, void *opaque,
		     const void *config, uint32_t config_size);
/* Device reset (as by the driver writing 0 to Status): queues, features, interrupts. */
void virtio_dev_reset(struct virtio_dev *d);
/* Every feature offered: the backend's and the transport's. */
uint64_t virtio_dev_offered(const struct virtio_dev *d);
/* The offered features' 32 bits device_features_sel picks. */
uint32_t virtio_dev_features_word(const struct virtio_dev *d);
/* The driver writes the bytes `mask` of the 32 feature bits driver_features_sel picks. */
void virtio_dev_driver_features_write(struct virtio_dev *d, uint64_t val, uint64_t mask);
/* The driver writes the device status (section 2.1); 0 resets. */
void virtio_dev_write_status(struct virtio_dev *d, uint32_t val);
/* The driver makes a queue ready (QueueReady, queue_enable): checked (section 2.7). */
void virtio_dev_queue_enable(struct virtio_dev *d, struct virtq *q);
/* One 32-bit half of a 64-bit queue address register pair: merge the written bytes. */
void virtq_addr_half(uint64_t *addr, bool high, uint64_t val, uint64_t mask);
/* The selected queue, or NULL if the selector names none. */
struct virtq *virtio_dev_selected(struct virtio_dev *d);
/* The driver notified `queue` (any value: one naming no queue is ignored). */
void virtio_dev_notify(struct virtio_dev *d, uint64_t queue);
/* Clear interrupt causes (InterruptACK, or reading the PCI ISR) and update the line. */
void virtio_dev_ack(struct virtio_dev *d, uint32_t causes);

/* ---- for anyone ---- */
/* Why the device set DEVICE_NEEDS_RESET, or NULL while it has not. */
const char *virtio_dev_broken(const struct virtio_dev *d);
/* The features the driver accepted (meaningful once FEATURES_OK is set). */
uint64_t virtio_dev_driver_features(const struct virtio_dev *d);
/* Mark the device broken: DEVICE_NEEDS_RESET and a configuration change interrupt. */
void virtio_dev_set_broken(struct virtio_dev *d, const char *why);
/* Between quanta: go on with the queues whose work was cut short. */
void virtio_dev_resume(struct virtio_dev *d);
/* Work was cut short and waits (the guest waits for the device, not for nothing). */
bool virtio_dev_busy(const struct virtio_dev *d);
/* Save or load the device's state with its queues' work in progress. */
void virtio_dev_snapshot(struct virtio_dev *d, struct snap *s);

/* ---- for backends: the split virtqueue (section 2.7) ---- */
/*
 * Take the next available chain of queue `queue` into *c. Returns false if
 * there is none, if the device is not live (DRIVER_OK unset, queue not ready,
 * device broken), or if the chain is malformed, which breaks the device.
 */
bool virtq_pop(struct virtio_dev *d, unsigned queue, struct virtq_chain *c);
/*
 * Give chain c back through the used ring, saying `written` bytes were
 * written into its writable part, and interrupt the driver unless it asked
 * not to be (VIRTQ_AVAIL_F_NO_INTERRUPT).
 */
void virtq_push(struct virtio_dev *d, unsigned queue, const struct virtq_chain *c,
		uint32_t written);
/*
 * Copy len bytes from offset `off` of the chain's readable part into buf, or
 * from buf into its writable part. False if the range is not all inside the
 * part, not all RAM, or (writing) not all shared with the host: a partial
 * write may then have landed.
 */
bool virtq_read(struct virtio_dev *d, const struct virtq_chain *c, uint64_t off, void *buf,
		size_t len);
bool virtq_write(struct virtio_dev *d, const struct virtq_chain *c, uint64_t off,
		 const void *buf, size_t len);

/*
 * One step of a request: at most *budget bytes of work from j->done on,
 * taken from *budget (some work, or the request's end, when *budget > 0).
 * True once the request is complete and given back (virtq_push).
 */
typedef bool (*virtq_step_fn)(void *opaque, struct virtio_dev *d, unsigned queue,
			      struct virtq_job *j, uint64_t *budget);
/*
 * Work through queue `queue`: the request in progress, then the available
 * ones, until none is left or work_per_notify bytes are spent; then the
 * rest waits for the next call.
 */
void virtq_serve(struct virtio_dev *d, unsigned queue, virtq_step_fn step);

/* The size of a step's next piece: what is left, within the budget and the chunk. */
static inline size_t virtq_piece(uint64_t left, uint64_t budget, size_t chunk)
{
	uint64_t n = left < budget ? left : budget;
	return n < chunk ? (size_t)n : chunk;
}

/* Little-endian fields of the spec's structures, any host byte order. */
static inline uint64_t virtio_le_get(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static inline void virtio_le_put(uint8_t *p, unsigned bytes, uint64_t v)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

#endif
