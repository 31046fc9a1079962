/*
 * Fuzz the PCI host and the virtio-pci transport (dev/pci_host.c,
 * dev/virtio_pci.c) as a hostile guest drives them: configuration
 * mechanism #1 (any slot, register, size and value: BAR moves, command
 * bits), the MMIO window (every BAR register of the functions wherever the
 * guest put them, and what nothing decodes), guest RAM the rings live in,
 * and the work the devices left for the next quantum. Behind the transport:
 * a virtio-rng (device 2) and a virtio-net (device 7), as on x86-virt,
 * interrupting by INTx or by MSI-X messages (the table in the BAR).
 *
 * Input: operations, each an opcode byte whose bits 0-2 say what follows
 * and bits 3-4 the access size (1 << n):
 *   0 config read   u8 device (bits 0-4), u8 register
 *   1 config write  the same, then a u32 value
 *   2 window read   u32 offset into the window (20 bits)
 *   3 window write  the same, then a u64 value
 *   4 RAM write     u16 offset / 8 into the first 512 KiB of RAM, a u64 value
 *   5 resume        the devices go on with deferred work
 *   6 frame         u16 length: a frame for the NIC (its receive queue)
 * Invariants: each device's INTx line is told only of changes and is up
 * exactly when its ISR is non-zero; the ISR holds only the two defined
 * bits; reads of an absent function are all ones.
 */
#include <string.h>

#include "dev/pci_host.h"
#include "dev/virtio_net.h"
#include "dev/virtio_pci.h"
#include "dev/virtio_rng.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/test_req.h"

#define RAM_BASE 0x100000ull
#define RAM_SIZE (1ull << 20)
#define WINDOW 0xc0000000u
#define WINDOW_SIZE 0x100000u
#define MAX_OPS 1024
enum { RNG_SLOT = 2, NET_SLOT = 7, N_DEVS = 2 };

struct board {
	struct mem_space mem, io;
	struct pci_host *pci;
	struct virtio_rng *rng;
	struct virtio_net *net;
	bool line[N_DEVS];
	uint64_t msgs;
};

static struct virtio_dev *dev(struct board *b, int i)
{
	return i ? virtio_net_transport(b->net) : virtio_rng_transport(b->rng);
}

static void set_line(void *opaque, int line, bool level)
{
	struct board *b = opaque;
	FUZZ_CHECK(line >= 0 && line < N_DEVS);
	FUZZ_CHECK(b->line[line] != level);   /* told only of changes */
	b->line[line] = level;
}

static void tx(void *opaque, const uint8_t *frame, size_t len)
{
	FUZZ_CHECK(len <= VIRTIO_NET_MAX_FRAME);
}

/* A message the host let through: only from a function allowed to master the bus. */
static void msi(void *opaque, uint64_t addr, uint32_t data)
{
	struct board *b = opaque;
	b->msgs++;
}

static void check_lines(struct board *b)
{
	for (int i = 0; i < N_DEVS; i++) {
		FUZZ_CHECK(b->line[i] == (dev(b, i)->isr != 0));
		FUZZ_CHECK(!(dev(b, i)->isr & ~3u));   /* used buffer, configuration change */
	}
}

static uint64_t io(struct mem_space *m, uint64_t pa, unsigned size, bool write, uint64_t v)
{
	mem_guest_io(m, &test_cpu0, pa, size, write, &v);
	return v;
}

static void run(struct board *b, struct fuzz_in *in)
{
	for (int n = 0; n < MAX_OPS && in->n; n++) {
		uint8_t opc = fuzz_u8(in);
		unsigned size = 1u << ((opc >> 3) & 3);
		switch (opc & 7) {
		case 0: case 1: {
			unsigned slot = fuzz_u8(in) & 31, reg = fuzz_u8(in);
			io(&b->io, PCI_HOST_PORT, 4, true, 0x80000000u | slot << 11 | (reg & 0xfc));
			unsigned port = PCI_HOST_PORT + 4 + (reg & 3);
			if (opc & 1) {
				io(&b->io, port, size < 4 ? size : 4, true, fuzz_u32(in));
			} else {
				unsigned n = size < 4 ? size : 4;
				uint64_t v = io(&b->io, port, n, false, 0);
				if (slot != 0 && slot != RNG_SLOT && slot != NET_SLOT && (reg & 3) + n <= 4)
					FUZZ_CHECK(v == (n == 4 ? 0xffffffffu : (1u << (8 * n)) - 1));
			}
			break;
		}
		case 2: case 3: {
			uint64_t pa = WINDOW + (fuzz_u32(in) & (WINDOW_SIZE - 1));
			if (pa + size > (uint64_t)WINDOW + WINDOW_SIZE)
				pa = (uint64_t)WINDOW + WINDOW_SIZE - size;
			io(&b->mem, pa, size, opc & 1, opc & 1 ? fuzz_u64(in) : 0);
			break;
		}
		case 4: {
			uint64_t off = (uint64_t)(fuzz_u16(in) & 0xffff) * 8, v = fuzz_u64(in);
			uint8_t le[8];
			virtio_le_put(le, 8, v);
			mem_host_write(&b->mem, RAM_BASE + off, le, sizeof(le));
			break;
		}
		case 5:
			for (int i = 0; i < N_DEVS; i++)
				virtio_dev_resume(dev(b, i));
			virtio_net_resume(b->net);
			break;
		case 6: {
			static uint8_t frame[VIRTIO_NET_MAX_FRAME + 16];
			size_t len = fuzz_u16(in) % sizeof(frame);
			memset(frame, 0xa5, len);
			virtio_net_receive(b->net, frame, len);
			break;
		}
		default:
			break;
		}
		check_lines(b);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct board b;
	memset(&b, 0, sizeof(b));
	mem_space_init(&b.mem, MEM_SPACE_MEMORY, 1);
	mem_space_init(&b.io, MEM_SPACE_PORT_IO, 1);
	FUZZ_CHECK(mem_add_ram(&b.mem, "ram", RAM_BASE, RAM_SIZE, MEM_SHARED));
	fuzz_guard_ram(&b.mem);
	b.pci = pci_host_new(&b.io, &b.mem, WINDOW, WINDOW_SIZE);
	FUZZ_CHECK(b.pci);
	pci_host_set_msi(b.pci, msi, &b);
	const struct virtio_place rng = { .mem = &b.mem, .pci = b.pci, .slot = RNG_SLOT,
					  .irq = { set_line, &b, 0 } };
	const struct virtio_place net = { .mem = &b.mem, .pci = b.pci, .slot = NET_SLOT,
					  .irq = { set_line, &b, 1 } };
	static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	b.rng = virtio_rng_new(&rng, 9);
	b.net = virtio_net_new(&net, mac, tx, &b);
	FUZZ_CHECK(b.rng && b.net);
	run(&b, &in);
	virtio_rng_free(b.rng);
	virtio_net_free(b.net);
	pci_host_free(b.pci);
	fuzz_unguard_ram(&b.mem);
	mem_space_free(&b.mem);
	mem_space_free(&b.io);
	return 0;
}

/* A 32-bit write of the rng's common configuration (BAR 0 where the host put it). */
static void com32(struct fuzz_buf *s, unsigned off, uint32_t v)
{
	fuzz_put(s, 1, 3 | 2 << 3);
	fuzz_put(s, 4, VIRTIO_PCI_COMMON + off);
	fuzz_put(s, 8, v);
}

static void com16(struct fuzz_buf *s, unsigned off, uint16_t v)
{
	fuzz_put(s, 1, 3 | 1 << 3);
	fuzz_put(s, 4, VIRTIO_PCI_COMMON + off);
	fuzz_put(s, 8, v);
}

static void ram(struct fuzz_buf *s, uint64_t off, uint64_t v)
{
	fuzz_put(s, 1, 4);
	fuzz_put(s, 2, off / 8);
	fuzz_put(s, 8, v);
}

/*
 * Seeds: a bus scan with BAR sizing; the rng brought up as Linux does it
 * (its BAR is the first assigned, at the window's base) with one request
 * and the ISR read; the same with the BAR moved first.
 */
void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	static struct fuzz_buf s;
	s.n = 0;
	for (unsigned d = 0; d < 8; d++) {
		fuzz_put(&s, 1, 0 | 2 << 3);
		fuzz_put(&s, 1, d);
		fuzz_put(&s, 1, 0);
	}
	fuzz_put(&s, 1, 1 | 2 << 3);                       /* BAR 0 of the rng: all ones */
	fuzz_put(&s, 1, RNG_SLOT);
	fuzz_put(&s, 1, 0x10);
	fuzz_put(&s, 4, 0xffffffffu);
	fuzz_put(&s, 1, 0 | 2 << 3);
	fuzz_put(&s, 1, RNG_SLOT);
	fuzz_put(&s, 1, 0x10);
	emit("scan", s.b, s.n);

	for (int moved = 0; moved < 2; moved++) {
		s.n = 0;
		if (moved) {
			fuzz_put(&s, 1, 1 | 2 << 3);
			fuzz_put(&s, 1, RNG_SLOT);
			fuzz_put(&s, 1, 0x10);
			fuzz_put(&s, 4, WINDOW);           /* back at the base, where the ops below aim */
		}
		com16(&s, 0x14, 0);
		com16(&s, 0x14, 3);
		com32(&s, 0x08, 1);
		com32(&s, 0x0c, 1);
		com16(&s, 0x14, 11);
		com16(&s, 0x16, 0);
		com16(&s, 0x18, 8);
		com32(&s, 0x20, (uint32_t)RAM_BASE);
		com32(&s, 0x28, (uint32_t)RAM_BASE + 0x1000);
		com32(&s, 0x30, (uint32_t)RAM_BASE + 0x2000);
		com16(&s, 0x1c, 1);
		com16(&s, 0x14, 15);
		ram(&s, 0, RAM_BASE + 0x3000);             /* descriptor 0: 32 bytes, writable */
		ram(&s, 8, 32 | 2ull << 32);
		ram(&s, 0x1000, 1ull << 16);               /* avail: idx 1, ring[0] = 0 */
		fuzz_put(&s, 1, 3 | 1 << 3);               /* notify queue 0 */
		fuzz_put(&s, 4, VIRTIO_PCI_NOTIFY);
		fuzz_put(&s, 8, 0);
		fuzz_put(&s, 1, 2);                        /* ISR read */
		fuzz_put(&s, 4, VIRTIO_PCI_ISR);
		fuzz_put(&s, 1, 5);
		fuzz_put(&s, 1, 6);                        /* a frame the NIC has no buffer for */
		fuzz_put(&s, 2, 60);
		emit(moved ? "rng_moved" : "rng", s.b, s.n);
	}
}
