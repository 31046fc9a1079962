/*
 * Fuzz the devices through their MMIO registers, as a hostile guest driver:
 * GICv3 (distributor, redistributors, CPU interface), PL011, PL031,
 * virtio-mmio blk/rng/console and hostview, at arm64-virt's addresses,
 * with 1 MiB of guest RAM (between guard pages) for the virtqueues.
 *
 * Input: one flags byte (bits 0-1 vCPUs - 1, bit 2 read-only disk), then
 * operations, each an opcode byte whose bits 0-2 say what follows:
 *   0 read   target byte, u32 offset, size 1 << (opcode bits 3-4)
 *   1 write  the same, then a u64 value
 *   2 RAM    u32 offset, length byte, bytes: the guest writes its memory
 *   3 UART   count byte, bytes typed on the serial line
 *   4 vcons  count byte, bytes typed on the virtio console
 *   5 time   u32 nanoseconds pass; the RTC catches up
 *   6 GIC    opcode bits 3-4: 0 SPI level, 1 PPI level, 2 ICC read, 3 ICC write
 *   7 page   byte: share (bit 7 clear) or unshare the RAM page it numbers
 * A target byte picks a device (below); offsets wrap inside its window,
 * which for the last target is the whole address space (holes, RAM).
 */
#include <string.h>
#include <unistd.h>

#include "dev/gicv3.h"
#include "dev/hostview.h"
#include "dev/pl011.h"
#include "dev/pl031.h"
#include "dev/virtio_blk.h"
#include "dev/virtio_console.h"
#include "dev/virtio_rng.h"
#include "machine/arm64_virt.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/test_req.h"

#define RAM_BYTES (1ull << 20)
#define DISK_BYTES (64u << 10)
#define MAX_OPS 512
#define N_SPIS 64

enum { T_GICD, T_GICR, T_UART, T_RTC, T_HOSTVIEW, T_BLK, T_RNG, T_CONSOLE, T_ANY, T_COUNT };
enum { OP_READ, OP_WRITE, OP_RAM, OP_UART, OP_VCONS, OP_TIME, OP_GIC, OP_PAGE };

struct board {
	struct mem_space mem;
	int n_cpus;
	uint64_t now_ns;
	uint64_t out_bytes;
	struct gicv3 *gic;
	struct pl011 *uart;
	struct pl031 *rtc;
	struct hostview *hv;
	struct virtio_blk *blk;
	struct virtio_rng *rng;
	struct virtio_console *con;
};

static char disk_path[] = "/tmp/hvsim-fuzz-disk-XXXXXX";
static int disk_fd = -1;

static void remove_disk(void)
{
	unlink(disk_path);
}

static void set_cpu_irq(void *opaque, int cpu, bool level)
{
	struct board *b = opaque;
	FUZZ_CHECK(cpu >= 0 && cpu < b->n_cpus);
}

static void out_byte(void *opaque, uint8_t byte)
{
	((struct board *)opaque)->out_bytes++;
}

static uint64_t now_ns(void *opaque)
{
	return ((struct board *)opaque)->now_ns;
}

static struct dev_irq spi(struct board *b, int n)
{
	return gicv3_spi_irq(b->gic, 32 + n);
}

/* Virtio-mmio slot i, on its SPI. */
static struct virtio_place slot(struct board *b, int i)
{
	return (struct virtio_place){ .mem = &b->mem, .base = VIRT_VIRTIO_BASE + 0x200ull * (uint64_t)i,
				      .irq = spi(b, VIRT_VIRTIO_SPI + i) };
}

static void board_new(struct board *b, unsigned flags)
{
	memset(b, 0, sizeof(*b));
	b->n_cpus = 1 + (flags & 3);
	mem_space_init(&b->mem, MEM_SPACE_MEMORY, 3);
	FUZZ_CHECK(mem_add_ram(&b->mem, "ram", VIRT_RAM_BASE, RAM_BYTES, MEM_SHARED));
	fuzz_guard_ram(&b->mem);
	b->gic = gicv3_new(&b->mem, VIRT_GICD_BASE, VIRT_GICR_BASE, b->n_cpus, N_SPIS, set_cpu_irq, b);
	FUZZ_CHECK(b->gic);
	for (int i = 0; i < b->n_cpus; i++)
		gicv3_set_affinity(b->gic, i, (uint64_t)i);
	b->uart = pl011_new(&b->mem, VIRT_UART_BASE, spi(b, VIRT_UART_SPI), out_byte, b);
	b->rtc = pl031_new(&b->mem, VIRT_RTC_BASE, spi(b, VIRT_RTC_SPI), now_ns, b, 1767225600);
	b->hv = hostview_new(&b->mem, VIRT_HOSTVIEW_BASE);
	struct virtio_place rng = slot(b, VIRTIO_SLOT_RNG), con = slot(b, VIRTIO_SLOT_CONSOLE);
	b->rng = virtio_rng_new(&rng, 5);
	b->con = virtio_console_new(&con, out_byte, b);
	FUZZ_CHECK(b->uart && b->rtc && b->hv && b->rng && b->con);
	/* A fresh, zeroed disk for every input, so that a run replays exactly. */
	if (disk_fd < 0) {
		disk_fd = mkstemp(disk_path);
		FUZZ_CHECK(disk_fd >= 0);
		atexit(remove_disk);
	}
	FUZZ_CHECK(ftruncate(disk_fd, 0) == 0 && ftruncate(disk_fd, DISK_BYTES) == 0);
	char err[256];
	b->blk = virtio_blk_open(disk_path, flags & 4, err, sizeof(err));
	FUZZ_CHECK(b->blk);
	struct virtio_place blk = slot(b, VIRTIO_SLOT_BLK);
	FUZZ_CHECK(virtio_blk_attach(b->blk, &blk));
}

static void board_free(struct board *b)
{
	virtio_blk_free(b->blk);
	virtio_console_free(b->con);
	virtio_rng_free(b->rng);
	hostview_free(b->hv);
	pl031_free(b->rtc);
	pl011_free(b->uart);
	gicv3_free(b->gic);
	fuzz_unguard_ram(&b->mem);
	mem_space_free(&b->mem);
}

static uint64_t target_addr(struct board *b, unsigned t, uint64_t off)
{
	static const struct { uint64_t base, span; } win[T_COUNT] = {
		[T_GICD] = { VIRT_GICD_BASE, GICV3_DIST_SIZE },
		[T_GICR] = { VIRT_GICR_BASE, 0 },   /* n_cpus redistributors */
		[T_UART] = { VIRT_UART_BASE, PL011_MMIO_SIZE },
		[T_RTC] = { VIRT_RTC_BASE, PL031_MMIO_SIZE },
		[T_HOSTVIEW] = { VIRT_HOSTVIEW_BASE, HOSTVIEW_MMIO_SIZE },
		[T_BLK] = { VIRT_VIRTIO_BASE + 0x200 * VIRTIO_SLOT_BLK, 0x200 },
		[T_RNG] = { VIRT_VIRTIO_BASE + 0x200 * VIRTIO_SLOT_RNG, 0x200 },
		[T_CONSOLE] = { VIRT_VIRTIO_BASE + 0x200 * VIRTIO_SLOT_CONSOLE, 0x200 },
		[T_ANY] = { 0, 0 },
	};
	t %= T_COUNT;
	if (t == T_ANY)
		return off;
	uint64_t span = t == T_GICR ? GICV3_REDIST_STRIDE * (uint64_t)b->n_cpus : win[t].span;
	/* Up to 8 bytes past the end: accesses that straddle it. */
	return win[t].base + off % (span + 8);
}

/*
 * A CPU interface register: ICC_PMR_EL1 (op0 3, op1 0, CRn 4, CRm 6) if bit
 * 6 is set, else op0 3, op1 0 or 4 (bit 7), CRn 12, CRm 8 + bits 5-3, op2
 * bits 2-0, where the others live (and unallocated neighbours).
 */
static uint32_t icc_enc(uint8_t x)
{
	if (x & 0x40)
		return GICV3_ICC_ENC(3, 0, 4, 6, 0);
	return GICV3_ICC_ENC(3, x & 0x80 ? 4 : 0, 12, 8 + ((x >> 3) & 7), x & 7);
}

static void run_op(struct board *b, struct fuzz_in *in)
{
	unsigned op = fuzz_u8(in);
	uint8_t bytes[256];
	switch (op & 7) {
	case OP_READ:
	case OP_WRITE: {
		unsigned t = fuzz_u8(in);
		uint64_t pa = target_addr(b, t, (t % T_COUNT) == T_ANY ? fuzz_u64(in) : fuzz_u32(in));
		unsigned size = 1u << ((op >> 3) & 3);
		uint64_t v = (op & 7) == OP_WRITE ? fuzz_u64(in) : 0x1234;
		bool dev = mem_guest_io(&b->mem, &test_cpu0, pa, size, (op & 7) == OP_WRITE, &v);
		/* A read returns exactly `size` bytes. */
		if (dev && (op & 7) == OP_READ && size < 8)
			FUZZ_CHECK(v >> (8 * size) == 0);
		break;
	}
	case OP_RAM: {
		uint64_t off = fuzz_u32(in) % RAM_BYTES;
		size_t n = fuzz_u8(in);
		for (size_t i = 0; i < n; i++)
			bytes[i] = fuzz_u8(in);
		if (n > RAM_BYTES - off)
			n = RAM_BYTES - off;
		FUZZ_CHECK(mem_load(&b->mem, VIRT_RAM_BASE + off, bytes, n));
		break;
	}
	case OP_UART: {
		unsigned n = fuzz_u8(in) % 32;
		for (unsigned i = 0; i < n; i++)
			pl011_input(b->uart, fuzz_u8(in));
		FUZZ_CHECK(pl011_rx_room(b->uart) <= PL011_FIFO_DEPTH);
		break;
	}
	case OP_VCONS: {
		size_t n = fuzz_u8(in);
		for (size_t i = 0; i < n; i++)
			bytes[i] = fuzz_u8(in);
		FUZZ_CHECK(virtio_console_input(b->con, bytes, n) <= n);
		break;
	}
	case OP_TIME:
		b->now_ns += fuzz_u32(in);
		pl031_update(b->rtc);
		break;
	case OP_GIC: {
		uint8_t x = fuzz_u8(in), y = fuzz_u8(in);
		int cpu = x % b->n_cpus;
		switch ((op >> 3) & 3) {
		case 0: gicv3_set_spi(b->gic, 32 + y, x & 0x80); break;
		case 1: gicv3_set_ppi(b->gic, cpu, 16 + y % 16, x & 0x80); break;
		case 2: gicv3_icc_read(b->gic, cpu, icc_enc(y)); break;
		default: gicv3_icc_write(b->gic, cpu, icc_enc(y), fuzz_u64(in)); break;
		}
		break;
	}
	default: {
		uint8_t x = fuzz_u8(in);
		struct mem_req who = { .kind = MEM_BY_GUEST, .level = 1, .vcpu = 0, .via = "fuzz" };
		uint64_t gpa = VIRT_RAM_BASE + ((uint64_t)(x & 0x7f) << MEM_PAGE_BITS);
		if (x & 0x80)
			mem_page_unshare(&b->mem, &who, gpa);
		else
			mem_page_share(&b->mem, &who, gpa);
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct board b;
	board_new(&b, fuzz_u8(&in));
	for (int n = 0; n < MAX_OPS && in.n; n++)
		run_op(&b, &in);
	board_free(&b);
	return 0;
}

/* ---- seeds: each device brought up as its driver does ---- */

static void rd(struct fuzz_buf *s, unsigned t, uint32_t off, unsigned log_size)
{
	fuzz_put(s, 1, OP_READ | log_size << 3);
	fuzz_put(s, 1, t);
	fuzz_put(s, 4, off);
}

static void wr(struct fuzz_buf *s, unsigned t, uint32_t off, unsigned log_size, uint64_t v)
{
	fuzz_put(s, 1, OP_WRITE | log_size << 3);
	fuzz_put(s, 1, t);
	fuzz_put(s, 4, off);
	fuzz_put(s, 8, v);
}

static void ram(struct fuzz_buf *s, uint32_t off, const void *p, uint8_t n)
{
	fuzz_put(s, 1, OP_RAM);
	fuzz_put(s, 4, off);
	fuzz_put(s, 1, n);
	for (unsigned i = 0; i < n; i++)
		fuzz_put(s, 1, ((const uint8_t *)p)[i]);
}

/* A GIC operation (OP_GIC with `kind` in bits 3-4); an ICC write (kind 3) takes `v`. */
static void gic(struct fuzz_buf *s, unsigned kind, uint8_t x, uint8_t y, uint64_t v)
{
	fuzz_put(s, 1, OP_GIC | kind << 3);
	fuzz_put(s, 1, x);
	fuzz_put(s, 1, y);
	if (kind == 3)
		fuzz_put(s, 8, v);
}

/* A descriptor (VIRTIO 1.2 section 2.7.5) at RAM offset `table` + 16 i. */
static void desc(struct fuzz_buf *s, uint32_t table, unsigned i, uint32_t addr_off, uint32_t len,
		 uint16_t flags, uint16_t next)
{
	struct fuzz_buf d = { .n = 0 };
	fuzz_put(&d, 8, VIRT_RAM_BASE + addr_off);
	fuzz_put(&d, 4, len);
	fuzz_put(&d, 2, flags);
	fuzz_put(&d, 2, next);
	ram(s, table + 16 * i, d.b, (uint8_t)d.n);
}

/* The driver's side of section 3.1.1 "Driver Requirements: Device Initialization". */
static void virtio_up(struct fuzz_buf *s, unsigned t, unsigned n_queues)
{
	rd(s, t, 0x000, 2);
	rd(s, t, 0x008, 2);
	wr(s, t, 0x070, 2, 1);           /* ACKNOWLEDGE */
	wr(s, t, 0x070, 2, 3);           /* DRIVER */
	wr(s, t, 0x014, 2, 1);
	rd(s, t, 0x010, 2);
	wr(s, t, 0x024, 2, 1);
	wr(s, t, 0x020, 2, 3);           /* VERSION_1, ACCESS_PLATFORM */
	wr(s, t, 0x070, 2, 0xb);         /* FEATURES_OK */
	rd(s, t, 0x070, 2);
	for (unsigned q = 0; q < n_queues; q++) {
		uint32_t base = 0x10000 * (q + 1);
		wr(s, t, 0x030, 2, q);
		rd(s, t, 0x034, 2);
		wr(s, t, 0x038, 2, 8);
		wr(s, t, 0x080, 2, VIRT_RAM_BASE + base);
		wr(s, t, 0x084, 2, 0);
		wr(s, t, 0x090, 2, VIRT_RAM_BASE + base + 0x1000);
		wr(s, t, 0x094, 2, 0);
		wr(s, t, 0x0a0, 2, VIRT_RAM_BASE + base + 0x2000);
		wr(s, t, 0x0a4, 2, 0);
		wr(s, t, 0x044, 2, 1);
	}
	wr(s, t, 0x070, 2, 0xf);         /* DRIVER_OK */
	rd(s, t, 0x100, 3);
}

/* Make descriptor `head` of queue q available (avail.idx = idx) and notify. */
static void virtio_kick(struct fuzz_buf *s, unsigned t, unsigned q, uint16_t head, uint16_t idx)
{
	uint32_t avail = 0x10000 * (q + 1) + 0x1000;   /* flags, idx, ring[8] */
	ram(s, avail + 4 + 2 * ((idx - 1) % 8u), &head, 2);
	ram(s, avail + 2, &idx, 2);
	wr(s, t, 0x050, 2, q);
	rd(s, t, 0x060, 2);
	wr(s, t, 0x064, 2, 1);
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	struct fuzz_buf s = { .n = 0 };

	/* GICv3: enable, wake a redistributor, route the UART's SPI, take and end it. */
	fuzz_put(&s, 1, 1);
	wr(&s, T_GICD, 0x0000, 2, 0x12);                 /* GICD_CTLR: ARE, EnableGrp1 */
	rd(&s, T_GICD, 0x0004, 2);                       /* GICD_TYPER */
	wr(&s, T_GICD, 0x0104, 2, 1u << (VIRT_UART_SPI)); /* ISENABLER1: INTID 33 */
	wr(&s, T_GICD, 0x6000 + 8 * (32 + VIRT_UART_SPI), 3, 1); /* IROUTER: CPU 1 */
	wr(&s, T_GICR, 0x0014, 2, 0);                    /* GICR_WAKER */
	wr(&s, T_GICR, 0x10100, 2, 0xffff);              /* GICR_ISENABLER0: SGIs */
	wr(&s, T_GICR, 0x20014, 2, 0);                   /* CPU 1's GICR_WAKER */
	gic(&s, 3, 1, 0x40, 0xff);                       /* CPU 1: ICC_PMR_EL1 */
	gic(&s, 3, 1, 0x27, 1);                          /* ICC_IGRPEN1_EL1 */
	gic(&s, 0, 0x80, VIRT_UART_SPI, 0);              /* the UART's line goes high */
	gic(&s, 2, 1, 0x20, 0);                          /* ICC_IAR1_EL1 */
	gic(&s, 3, 1, 0x21, 32 + VIRT_UART_SPI);         /* ICC_EOIR1_EL1 */
	gic(&s, 3, 0, 0x1d, (1ull << 24) | 0x3);         /* ICC_SGI1R_EL1: SGI 1 to CPUs 0-1 */
	gic(&s, 2, 0, 0x20, 0);
	emit("gicv3", s.b, s.n);

	/* PL011: enable, interrupts on, send, receive. */
	s.n = 0;
	fuzz_put(&s, 1, 0);
	wr(&s, T_UART, 0x30, 2, 0x301);
	wr(&s, T_UART, 0x2c, 2, 0x70);
	wr(&s, T_UART, 0x38, 2, 0x50);
	wr(&s, T_UART, 0x00, 0, 'A');
	fuzz_put(&s, 1, OP_UART); fuzz_put(&s, 1, 3); fuzz_put(&s, 3, 0x636261);
	rd(&s, T_UART, 0x18, 2);
	rd(&s, T_UART, 0x40, 2);
	rd(&s, T_UART, 0x00, 2);
	rd(&s, T_UART, 0xfe0, 2);
	emit("pl011", s.b, s.n);

	/* PL031: read, set the match, wait for it. */
	s.n = 0;
	fuzz_put(&s, 1, 0);
	rd(&s, T_RTC, 0x00, 2);
	wr(&s, T_RTC, 0x04, 2, 1767225602);
	wr(&s, T_RTC, 0x10, 2, 1);
	fuzz_put(&s, 1, OP_TIME); fuzz_put(&s, 4, 3000000000u);
	rd(&s, T_RTC, 0x14, 2);
	wr(&s, T_RTC, 0x1c, 2, 1);
	wr(&s, T_RTC, 0x08, 2, 5);
	emit("pl031", s.b, s.n);

	/* hostview: a shared and a private page, read and written. */
	s.n = 0;
	fuzz_put(&s, 1, 0);
	fuzz_put(&s, 1, OP_PAGE); fuzz_put(&s, 1, 0x81);
	wr(&s, T_HOSTVIEW, 0x00, 3, VIRT_RAM_BASE + 0x1000);
	rd(&s, T_HOSTVIEW, 0x08, 3);
	wr(&s, T_HOSTVIEW, 0x10, 3, 0x1122334455667788ull);
	rd(&s, T_HOSTVIEW, 0x18, 3);
	wr(&s, T_HOSTVIEW, 0x00, 3, VIRT_RAM_BASE);
	wr(&s, T_HOSTVIEW, 0x12, 1, 0xabcd);
	rd(&s, T_HOSTVIEW, 0x0b, 0);
	emit("hostview", s.b, s.n);

	/* virtio-rng: one 64-byte request. */
	s.n = 0;
	fuzz_put(&s, 1, 0);
	virtio_up(&s, T_RNG, 1);
	desc(&s, 0x10000, 0, 0x80000, 64, 2, 0);
	virtio_kick(&s, T_RNG, 0, 0, 1);
	emit("virtio-rng", s.b, s.n);

	/* virtio-blk: write sector 1, then read it back (header, data, status). */
	s.n = 0;
	fuzz_put(&s, 1, 0);
	virtio_up(&s, T_BLK, 1);
	uint8_t hdr[16] = { 1, 0, 0, 0, 0, 0, 0, 0, 1 };   /* VIRTIO_BLK_T_OUT, sector 1 */
	ram(&s, 0x80000, hdr, sizeof(hdr));
	desc(&s, 0x10000, 0, 0x80000, 16, 1, 1);
	desc(&s, 0x10000, 1, 0x81000, 512, 1, 2);
	desc(&s, 0x10000, 2, 0x82000, 1, 2, 0);
	virtio_kick(&s, T_BLK, 0, 0, 1);
	hdr[0] = 0;                                        /* VIRTIO_BLK_T_IN */
	ram(&s, 0x80000, hdr, sizeof(hdr));
	desc(&s, 0x10000, 1, 0x81000, 512, 3, 2);
	virtio_kick(&s, T_BLK, 0, 0, 2);
	emit("virtio-blk", s.b, s.n);

	/* virtio-console: post a receive buffer, type into it, transmit "hello". */
	s.n = 0;
	fuzz_put(&s, 1, 0);
	virtio_up(&s, T_CONSOLE, 2);
	desc(&s, 0x10000, 0, 0x80000, 32, 2, 0);
	virtio_kick(&s, T_CONSOLE, 0, 0, 1);
	fuzz_put(&s, 1, OP_VCONS); fuzz_put(&s, 1, 2); fuzz_put(&s, 2, 0x6968);
	ram(&s, 0x90000, "hello", 5);
	desc(&s, 0x20000, 0, 0x90000, 5, 0, 0);
	virtio_kick(&s, T_CONSOLE, 1, 0, 1);
	emit("virtio-console", s.b, s.n);
}
