/*
 * The PCI host's functions and the virtio-pci transport (dev/pci_host.c,
 * dev/virtio_pci.c) as a driver sees them: configuration mechanism #1 on
 * the ports, the type 0 header and BAR sizing (PCI Local Bus 3.0, 6.1,
 * 6.2.5), virtio's capability list (VIRTIO 1.2 4.1.4), and a virtio-rng
 * driven through the common configuration, the notify region and the ISR
 * with INTx. The queue logic behind the registers is test_virtio's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dev/pci_host.h"
#include "dev/virtio_pci.h"
#include "dev/virtio_rng.h"
#include "tests/unit/dev_test.h"

#define RAM_BASE 0x100000ull
#define RAM_SIZE (1ull << 20)
#define WINDOW 0xc0000000u
#define WINDOW_SIZE 0x100000u
#define SLOT 2
#define GSI 17

struct fixture {
	struct mem_space mem, io;
	struct pci_host *pci;
	struct test_line line;
	struct virtio_rng *rng;
};

static uint32_t cfg_rd(struct fixture *f, unsigned dev, unsigned reg, unsigned size)
{
	mmio_wr(&f->io, PCI_HOST_PORT, 4, 0x80000000u | dev << 11 | (reg & 0xfc));
	return (uint32_t)mmio_rd(&f->io, PCI_HOST_PORT + 4 + (reg & 3), size);
}

static void cfg_wr(struct fixture *f, unsigned dev, unsigned reg, unsigned size, uint32_t v)
{
	mmio_wr(&f->io, PCI_HOST_PORT, 4, 0x80000000u | dev << 11 | (reg & 0xfc));
	mmio_wr(&f->io, PCI_HOST_PORT + 4 + (reg & 3), size, v);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	mem_space_init(&f->io, MEM_SPACE_PORT_IO, 1);
	assert_non_null(mem_add_ram(&f->mem, "ram", RAM_BASE, RAM_SIZE, MEM_SHARED));
	f->pci = pci_host_new(&f->io, &f->mem, WINDOW, WINDOW_SIZE);
	assert_non_null(f->pci);
	const struct virtio_place p = {
		.mem = &f->mem, .pci = f->pci, .slot = SLOT,
		.irq = { .set = test_line_set, .opaque = &f->line, .line = GSI },
	};
	f->rng = virtio_rng_new(&p, 7);
	assert_non_null(f->rng);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	mem_space_free(&f->io);
	mem_space_free(&f->mem);
	virtio_rng_free(f->rng);
	pci_host_free(f->pci);
	free(f);
	return 0;
}

/* Nothing in other slots, functions or buses; the bridge in slot 0. */
static void test_bus_scan(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(cfg_rd(f, 0, 0, 4), PCI_HOST_DEVICE << 16 | PCI_HOST_VENDOR);
	assert_int_equal(cfg_rd(f, 1, 0, 4), 0xffffffffu);
	assert_int_equal(cfg_rd(f, 3, 0, 2), 0xffff);
	mmio_wr(&f->io, PCI_HOST_PORT, 4, 0x80000000u | SLOT << 11 | 1 << 8);   /* function 1 */
	assert_int_equal(mmio_rd(&f->io, PCI_HOST_PORT + 4, 4), 0xffffffffu);
	mmio_wr(&f->io, PCI_HOST_PORT, 4, 0x80010000u | SLOT << 11);            /* bus 1 */
	assert_int_equal(mmio_rd(&f->io, PCI_HOST_PORT + 4, 4), 0xffffffffu);
	mmio_wr(&f->io, PCI_HOST_PORT, 4, SLOT << 11);                          /* not enabled */
	assert_int_equal(mmio_rd(&f->io, PCI_HOST_PORT + 4, 4), 0xffffffffu);
}

/* The header: ids (4.1.2), revision 1, class, status with a capability list, INTA#, the line. */
static void test_header(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(cfg_rd(f, SLOT, 0x00, 2), VIRTIO_PCI_VENDOR);
	assert_int_equal(cfg_rd(f, SLOT, 0x02, 2), 0x1044);          /* 0x1040 + entropy (4) */
	assert_int_equal(cfg_rd(f, SLOT, 0x08, 4), 0x00ff0001u);     /* unclassified, revision 1 */
	assert_int_equal(cfg_rd(f, SLOT, 0x0e, 1), 0);               /* header type 0, one function */
	assert_int_equal(cfg_rd(f, SLOT, 0x06, 2) & 0x10, 0x10);     /* capabilities list */
	assert_int_equal(cfg_rd(f, SLOT, 0x2c, 4), 0x1044u << 16 | VIRTIO_PCI_VENDOR);
	assert_int_equal(cfg_rd(f, SLOT, 0x34, 1), PCI_CAPS);
	assert_int_equal(cfg_rd(f, SLOT, 0x3d, 1), 1);               /* INTA# */
	assert_int_equal(cfg_rd(f, SLOT, 0x3c, 1), GSI);
	cfg_wr(f, SLOT, 0x3c, 1, 11);                                /* the line is the OS's to write */
	assert_int_equal(cfg_rd(f, SLOT, 0x3c, 1), 11);
	assert_int_equal(cfg_rd(f, SLOT, 0x30, 4), 0);               /* no ROM */
}

static uint64_t no_read(void *opaque, int bar, uint64_t off, unsigned size)
{
	return 0;
}

static void no_write(void *opaque, int bar, uint64_t off, unsigned size, uint64_t val)
{
}

/* BAR 0: assigned from the window's base, decoding on; sizing by all ones (6.2.5.1). */
static void test_bar_sizing(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(cfg_rd(f, SLOT, 0x10, 4), WINDOW);
	assert_int_equal(pci_host_bar(f->pci, SLOT, 0), WINDOW);
	assert_int_equal(cfg_rd(f, SLOT, 0x04, 2) & 2, 2);
	cfg_wr(f, SLOT, 0x10, 4, 0xffffffffu);
	assert_int_equal(cfg_rd(f, SLOT, 0x10, 4), (uint32_t)-VIRTIO_PCI_BAR_SIZE);
	for (unsigned bar = 1; bar < PCI_BARS; bar++) {
		cfg_wr(f, SLOT, 0x10 + 4 * bar, 4, 0xffffffffu);
		assert_int_equal(cfg_rd(f, SLOT, 0x10 + 4 * bar, 4), 0);
	}
	/* Moved: the registers follow; memory decoding off: nothing answers. */
	cfg_wr(f, SLOT, 0x10, 4, WINDOW + 0x8000);
	assert_int_equal(mmio_rd(&f->mem, WINDOW + 0x8000 + 0x12, 2), 1);   /* num_queues */
	assert_int_equal(mmio_rd(&f->mem, WINDOW + 0x12, 2), 0xffff);
	cfg_wr(f, SLOT, 0x04, 2, 0);
	assert_int_equal(mmio_rd(&f->mem, WINDOW + 0x8000 + 0x12, 2), 0xffff);
	/* No function in a taken slot or the bridge's, nor with a BAR the window has no room for. */
	struct pci_func small = { .bar_size = { 16 }, .bar_read = no_read, .bar_write = no_write };
	struct pci_func big = small, odd = small;
	big.bar_size[0] = 2 * WINDOW_SIZE;
	odd.bar_size[0] = 24;
	assert_false(pci_host_attach(f->pci, SLOT, &small, 0));
	assert_false(pci_host_attach(f->pci, 0, &small, 0));
	assert_false(pci_host_attach(f->pci, 5, &big, 0));
	assert_false(pci_host_attach(f->pci, 5, &odd, 0));
	assert_true(pci_host_attach(f->pci, 5, &small, 0));
	assert_int_equal(pci_host_bar(f->pci, 5, 0), WINDOW + VIRTIO_PCI_BAR_SIZE);
}

/*
 * The four virtio capabilities (4.1.4): types, BAR 0, where their
 * structures are, the multiplier; then MSI-X's (PCI 3.0 6.8.2).
 */
static void test_capabilities(void **state)
{
	struct fixture *f = *state;
	static const struct { uint8_t type; uint32_t off; } want[] = {
		{ 1, VIRTIO_PCI_COMMON }, { 3, VIRTIO_PCI_ISR }, { 4, VIRTIO_PCI_DEVICE_CFG },
		{ 2, VIRTIO_PCI_NOTIFY },
	};
	unsigned at = cfg_rd(f, SLOT, 0x34, 1), n = 0;
	while (at && n < 4) {
		assert_true(n < 4);
		assert_int_equal(cfg_rd(f, SLOT, at, 1), 0x09);         /* vendor-specific */
		assert_int_equal(cfg_rd(f, SLOT, at + 3, 1), want[n].type);
		assert_int_equal(cfg_rd(f, SLOT, at + 4, 1), 0);         /* BAR 0 */
		assert_int_equal(cfg_rd(f, SLOT, at + 8, 4), want[n].off);
		assert_true(cfg_rd(f, SLOT, at + 12, 4) > 0);
		if (want[n].type == 2) {
			assert_int_equal(cfg_rd(f, SLOT, at + 2, 1), 20);
			assert_int_equal(cfg_rd(f, SLOT, at + 16, 4), VIRTIO_PCI_NOTIFY_MULTIPLIER);
		} else {
			assert_int_equal(cfg_rd(f, SLOT, at + 2, 1), 16);
		}
		at = cfg_rd(f, SLOT, at + 1, 1);
		n++;
	}
	assert_int_equal(n, 4);
	assert_int_equal(cfg_rd(f, SLOT, at, 1), 0x11);
	assert_int_equal(cfg_rd(f, SLOT, at + 1, 1), 0);                   /* the last */
	assert_int_equal(cfg_rd(f, SLOT, at + 2, 2), VIRTIO_MAX_QUEUES);   /* table size - 1, off */
	assert_int_equal(cfg_rd(f, SLOT, at + 4, 4), VIRTIO_PCI_MSIX_TABLE);
	assert_int_equal(cfg_rd(f, SLOT, at + 8, 4), VIRTIO_PCI_MSIX_PBA);
	cfg_wr(f, SLOT, at + 2, 2, 0xffff);                                /* only bits 14, 15 move */
	assert_int_equal(cfg_rd(f, SLOT, at + 2, 2), 0xc000 | VIRTIO_MAX_QUEUES);
	cfg_wr(f, SLOT, at + 4, 4, 0);                                     /* read-only */
	assert_int_equal(cfg_rd(f, SLOT, at + 4, 4), VIRTIO_PCI_MSIX_TABLE);
}

static uint64_t com(struct fixture *f, unsigned off, unsigned size)
{
	return mmio_rd(&f->mem, WINDOW + VIRTIO_PCI_COMMON + off, size);
}

static void com_wr(struct fixture *f, unsigned off, unsigned size, uint64_t v)
{
	mmio_wr(&f->mem, WINDOW + VIRTIO_PCI_COMMON + off, size, v);
}

static void gw_le(struct fixture *f, uint64_t gpa, unsigned bytes, uint64_t v)
{
	uint8_t b[8];
	virtio_le_put(b, bytes, v);
	assert_true(mem_host_write(&f->mem, gpa, b, bytes));
}

static uint64_t gr_le(struct fixture *f, uint64_t gpa, unsigned bytes)
{
	uint8_t b[8];
	assert_true(mem_host_read(&f->mem, gpa, b, bytes));
	return virtio_le_get(b, bytes);
}

#define DESC RAM_BASE
#define AVAIL (RAM_BASE + 0x1000)
#define USED (RAM_BASE + 0x2000)
#define BUF (RAM_BASE + 0x3000)

/*
 * A driver's bring-up as Linux's virtio_pci_modern does it (3.1.1 over
 * 4.1.4.3): queue 0 of 8 entries, vectors written before DRIVER_OK.
 */
static void rng_up(struct fixture *f, uint16_t config_vector, uint16_t queue_vector)
{
	com_wr(f, 0x14, 1, 0);                                       /* reset */
	com_wr(f, 0x14, 1, 1 | 2);                                   /* ACKNOWLEDGE, DRIVER */
	com_wr(f, 0x00, 4, 1);
	assert_int_equal(com(f, 0x04, 4) & 1, 1);                    /* VERSION_1 (bit 32) */
	com_wr(f, 0x08, 4, 1);
	com_wr(f, 0x0c, 4, 1);
	com_wr(f, 0x14, 1, 1 | 2 | 8);
	assert_int_equal(com(f, 0x14, 1), 1 | 2 | 8);                /* FEATURES_OK kept */
	assert_int_equal(com(f, 0x12, 2), 1);                        /* num_queues */
	assert_int_equal(com(f, 0x10, 2), 0xffff);                   /* no vector after reset */
	com_wr(f, 0x10, 2, config_vector);
	com_wr(f, 0x16, 2, 0);                                       /* queue_select */
	assert_int_equal(com(f, 0x18, 2), VIRTIO_QUEUE_MAX);
	assert_int_equal(com(f, 0x1a, 2), 0xffff);
	assert_int_equal(com(f, 0x1e, 2), 0);                        /* queue_notify_off */
	com_wr(f, 0x1a, 2, queue_vector);
	com_wr(f, 0x18, 2, 8);
	com_wr(f, 0x20, 4, DESC);
	com_wr(f, 0x24, 4, 0);
	com_wr(f, 0x28, 4, AVAIL);
	com_wr(f, 0x2c, 4, 0);
	com_wr(f, 0x30, 4, USED);
	com_wr(f, 0x34, 4, 0);
	com_wr(f, 0x1c, 2, 1);
	assert_int_equal(com(f, 0x1c, 2), 1);
	com_wr(f, 0x14, 1, 1 | 2 | 8 | 4);                           /* DRIVER_OK */
	gw_le(f, DESC, 8, BUF);
	gw_le(f, DESC + 8, 4, 32);
	gw_le(f, DESC + 12, 2, 2);                                   /* device-writable */
}

/* Offer descriptor 0 as the n-th request and notify queue 0; the used index after. */
static uint64_t rng_request(struct fixture *f, uint16_t n)
{
	gw_le(f, AVAIL + 4 + 2 * (n % 8), 2, 0);
	gw_le(f, AVAIL + 2, 2, n + 1);
	mmio_wr(&f->mem, WINDOW + VIRTIO_PCI_NOTIFY, 2, 0);
	return gr_le(f, USED + 2, 2);
}

/* With INTx: the line up with the used buffer, the ISR read clearing it. */
static void test_rng_through_pci(void **state)
{
	struct fixture *f = *state;
	rng_up(f, 0, 1);                   /* vectors the driver writes without MSI-X: unused */
	assert_int_equal(com(f, 0x10, 2), 0);
	com_wr(f, 0x18, 2, 16);                                      /* fixed once enabled */
	assert_int_equal(com(f, 0x18, 2), 8);
	com_wr(f, 0x16, 2, 1);                                       /* no such queue: size 0 */
	assert_int_equal(com(f, 0x18, 2), 0);
	assert_false(f->line.level);
	assert_int_equal(rng_request(f, 0), 1);
	assert_int_equal(gr_le(f, USED + 8, 4), 32);
	assert_true(f->line.level);
	assert_int_equal(f->line.line, GSI);
	assert_int_equal(mmio_rd(&f->mem, WINDOW + VIRTIO_PCI_ISR, 1), 1);
	assert_false(f->line.level);                                 /* read clears (4.1.4.5.1) */
	assert_int_equal(mmio_rd(&f->mem, WINDOW + VIRTIO_PCI_ISR, 1), 0);
	/* A notification past the queues does nothing. */
	gw_le(f, AVAIL + 6, 2, 0);
	gw_le(f, AVAIL + 2, 2, 2);
	mmio_wr(&f->mem, WINDOW + VIRTIO_PCI_NOTIFY + VIRTIO_PCI_NOTIFY_MULTIPLIER, 2, 1);
	assert_int_equal(gr_le(f, USED + 2, 2), 1);
	mmio_wr(&f->mem, WINDOW + VIRTIO_PCI_NOTIFY, 2, 0);
	assert_int_equal(gr_le(f, USED + 2, 2), 2);
	/* A reset drops the queue, and its size reads the maximum again. */
	com_wr(f, 0x14, 1, 0);
	assert_int_equal(com(f, 0x14, 1), 0);
	com_wr(f, 0x16, 2, 0);
	assert_int_equal(com(f, 0x1c, 2), 0);
	assert_int_equal(com(f, 0x18, 2), VIRTIO_QUEUE_MAX);
	assert_null(virtio_dev_broken(virtio_rng_transport(f->rng)));
}

struct msgs {
	uint64_t addr[8];
	uint32_t data[8];
	unsigned n;
};

static void msi_sink(void *opaque, uint64_t addr, uint32_t data)
{
	struct msgs *m = opaque;
	if (m->n < 8) {
		m->addr[m->n] = addr;
		m->data[m->n] = data;
	}
	m->n++;
}

static void msix_entry(struct fixture *f, unsigned v, uint32_t data, bool masked)
{
	uint64_t e = WINDOW + VIRTIO_PCI_MSIX_TABLE + 16 * v;
	mmio_wr(&f->mem, e, 4, 0xfee00000u | v << 12);
	mmio_wr(&f->mem, e + 4, 4, 0);
	mmio_wr(&f->mem, e + 8, 4, data);
	mmio_wr(&f->mem, e + 12, 4, masked);
}

/*
 * With MSI-X (4.1.5.1.2): the queue's vector sends its message, INTx and
 * the ISR stay quiet, a masked entry's message waits in the PBA until
 * unmasked, NO_VECTOR sends nothing, and bus mastering off drops it.
 */
static void test_msix(void **state)
{
	struct fixture *f = *state;
	struct msgs m = { 0 };
	pci_host_set_msi(f->pci, msi_sink, &m);
	const unsigned mc = PCI_CAPS + 0x44;                         /* the MSI-X capability */
	assert_int_equal(cfg_rd(f, SLOT, mc, 1), 0x11);
	assert_int_equal(mmio_rd(&f->mem, WINDOW + VIRTIO_PCI_MSIX_TABLE + 12, 4), 1);   /* masked */
	cfg_wr(f, SLOT, 0x04, 2, 0x6);                               /* memory, bus master */
	msix_entry(f, 0, 0x30, false);
	msix_entry(f, 1, 0x31, false);
	cfg_wr(f, SLOT, mc + 2, 2, 0x8000);                          /* MSI-X Enable */
	rng_up(f, 0, 1);
	com_wr(f, 0x10, 2, 99);                                      /* no such entry: refused */
	assert_int_equal(com(f, 0x10, 2), 0xffff);
	assert_int_equal(rng_request(f, 0), 1);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.addr[0], 0xfee01000u);
	assert_int_equal(m.data[0], 0x31);
	assert_false(f->line.level);
	assert_int_equal(mmio_rd(&f->mem, WINDOW + VIRTIO_PCI_ISR, 1), 0);
	/* Masked: pending, then sent on unmasking. */
	mmio_wr(&f->mem, WINDOW + VIRTIO_PCI_MSIX_TABLE + 16 + 12, 4, 1);
	assert_int_equal(rng_request(f, 1), 2);
	assert_int_equal(m.n, 1);
	assert_int_equal(mmio_rd(&f->mem, WINDOW + VIRTIO_PCI_MSIX_PBA, 4), 2);
	mmio_wr(&f->mem, WINDOW + VIRTIO_PCI_MSIX_TABLE + 16 + 12, 4, 0);
	assert_int_equal(m.n, 2);
	assert_int_equal(mmio_rd(&f->mem, WINDOW + VIRTIO_PCI_MSIX_PBA, 4), 0);
	/* The function mask holds it the same way. */
	cfg_wr(f, SLOT, mc + 2, 2, 0xc000);
	assert_int_equal(rng_request(f, 2), 3);
	assert_int_equal(m.n, 2);
	cfg_wr(f, SLOT, mc + 2, 2, 0x8000);
	assert_int_equal(m.n, 3);
	/* NO_VECTOR: nothing at all. */
	com_wr(f, 0x1a, 2, 0xffff);
	assert_int_equal(rng_request(f, 3), 4);
	assert_int_equal(m.n, 3);
	assert_false(f->line.level);
	/* No bus mastering: the message is dropped. */
	com_wr(f, 0x1a, 2, 1);
	cfg_wr(f, SLOT, 0x04, 2, 0x2);
	assert_int_equal(rng_request(f, 4), 5);
	assert_int_equal(m.n, 3);
	/* MSI-X off again: back to INTx. */
	cfg_wr(f, SLOT, mc + 2, 2, 0);
	assert_int_equal(rng_request(f, 5), 6);
	assert_true(f->line.level);
}

static void save_or_load(struct fixture *f, struct test_snap *m, bool loading)
{
	test_snap_start(m, loading);
	pci_host_snapshot(f->pci, &m->s);
	virtio_rng_snapshot(f->rng, &m->s);
	assert_false(m->s.failed);
}

/*
 * Saved and loaded into a new host and device: CONFIG_ADDRESS, the
 * function's command register and Interrupt Line, a BAR the driver moved,
 * MSI-X's Enable, its table and a pending (masked) message, which the new
 * device sends when the entry is unmasked.
 */
static void test_snapshot(void **state)
{
	struct fixture *f = *state;
	struct msgs m = { 0 };
	pci_host_set_msi(f->pci, msi_sink, &m);
	const unsigned mc = PCI_CAPS + 0x44;
	cfg_wr(f, SLOT, 0x04, 2, 0x6);
	cfg_wr(f, SLOT, 0x3c, 1, 11);
	msix_entry(f, 0, 0x30, false);
	msix_entry(f, 1, 0x31, true);
	cfg_wr(f, SLOT, mc + 2, 2, 0x8000);
	rng_up(f, 0, 1);
	assert_int_equal(rng_request(f, 0), 1);
	assert_int_equal(m.n, 0);
	assert_int_equal(mmio_rd(&f->mem, WINDOW + VIRTIO_PCI_MSIX_PBA, 4), 2);
	uint32_t bar = cfg_rd(f, SLOT, 0x10, 4);
	cfg_wr(f, SLOT, 0x10, 4, bar + 0x10000);
	mmio_wr(&f->io, PCI_HOST_PORT, 4, 0x80000000u | SLOT << 11 | 0x3c);
	struct test_snap *b = calloc(1, sizeof(*b));
	save_or_load(f, b, false);

	void *fresh;
	setup(&fresh);
	struct fixture *g = fresh;
	struct msgs n = { 0 };
	pci_host_set_msi(g->pci, msi_sink, &n);
	save_or_load(g, b, true);
	assert_int_equal(b->at, b->len);
	assert_int_equal(mmio_rd(&g->io, PCI_HOST_PORT, 4), 0x80000000u | SLOT << 11 | 0x3c);
	assert_int_equal(cfg_rd(g, SLOT, 0x04, 2) & 0x6, 0x6);
	assert_int_equal(cfg_rd(g, SLOT, 0x3c, 1), 11);
	assert_int_equal(cfg_rd(g, SLOT, 0x10, 4), bar + 0x10000);
	assert_int_equal(cfg_rd(g, SLOT, mc + 2, 2) & 0x8000, 0x8000);
	uint64_t e = bar + 0x10000 + VIRTIO_PCI_MSIX_TABLE;
	assert_int_equal(mmio_rd(&g->mem, e + 8, 4), 0x30);
	assert_int_equal(mmio_rd(&g->mem, bar + 0x10000 + VIRTIO_PCI_MSIX_PBA, 4), 2);
	mmio_wr(&g->mem, e + 16 + 12, 4, 0);
	assert_int_equal(n.n, 1);
	assert_int_equal(n.addr[0], 0xfee01000u);
	assert_int_equal(n.data[0], 0x31);
	assert_false(g->line.level);
	free(b);
	teardown(&fresh);
}

/* A place without a host, or with a slot the host refuses, makes no device. */
static void test_bad_places(void **state)
{
	struct fixture *f = *state;
	const struct virtio_place taken = { .mem = &f->mem, .pci = f->pci, .slot = SLOT };
	assert_null(virtio_rng_new(&taken, 1));
	const struct virtio_place beyond = { .mem = &f->mem, .pci = f->pci, .slot = PCI_HOST_SLOTS };
	assert_null(virtio_rng_new(&beyond, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bus_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bar_sizing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_capabilities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rng_through_pci, setup, teardown),
		cmocka_unit_test_setup_teardown(test_msix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_places, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
