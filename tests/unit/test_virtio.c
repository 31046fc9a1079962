/*
 * virtio-mmio transport and split virtqueues, virtio-blk, virtio-rng and
 * virtio-console and virtio-net, driven through MMIO by a small driver
 * written here, with the rings in guest RAM: discovery, feature
 * negotiation, block I/O against a temporary image, read-only disks, rng
 * determinism, console output and input, frames both ways and a hostile
 * driver's buffers on the NIC, hostile rings (bad addresses, loops, long
 * chains, bad indices, indirect tables), private pages, and random rings.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "dev/virtio_blk.h"
#include "dev/virtio_console.h"
#include "dev/virtio_mmio.h"
#include "dev/virtio_net.h"
#include "dev/virtio_rng.h"
#include "tests/unit/dev_test.h"
#include "tests/unit/test_req.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (4ull << 20)
#define PRIV_BASE 0x48000000ull    /* private RAM: the host sees ciphertext */
#define PRIV_SIZE (64ull << 10)
#define VBASE 0x0a000000ull        /* transports, VIRTIO_MMIO_SIZE apart */
#define IRQ_BASE 48

/* Guest RAM layout: queue areas, then request buffers. */
#define QAREA(n) (RAM_BASE + 0x10000ull * (n))
#define HDR_GPA (RAM_BASE + 0x200000)
#define STATUS_GPA (RAM_BASE + 0x200100)
#define TABLE_GPA (RAM_BASE + 0x201000)   /* indirect tables */
#define DATA_GPA (RAM_BASE + 0x210000)

#define IMG_SECTORS 16
#define IMG_TAIL 100               /* bytes past the last whole sector */

enum {
	R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008, R_VENDOR = 0x00c,
	R_DEV_FEAT = 0x010, R_DEV_FEAT_SEL = 0x014, R_DRV_FEAT = 0x020, R_DRV_FEAT_SEL = 0x024,
	R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034, R_QUEUE_NUM = 0x038, R_QUEUE_READY = 0x044,
	R_QUEUE_NOTIFY = 0x050, R_ISR = 0x060, R_ISR_ACK = 0x064, R_STATUS = 0x070,
	R_DESC_LO = 0x080, R_DESC_HI = 0x084, R_DRIVER_LO = 0x090, R_DRIVER_HI = 0x094,
	R_DEVICE_LO = 0x0a0, R_DEVICE_HI = 0x0a4, R_SHM_LEN_LO = 0x0b0, R_SHM_LEN_HI = 0x0b4,
	R_CONFIG_GEN = 0x0fc, R_CONFIG = 0x100,
};
enum { S_ACK = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8, S_NEEDS_RESET = 64 };
enum { D_NEXT = 1, D_WRITE = 2, D_INDIRECT = 4 };
enum { BLK_IN = 0, BLK_OUT = 1, BLK_FLUSH = 4, BLK_GET_ID = 8, BLK_DISCARD = 11 };
enum { BLK_OK = 0, BLK_IOERR = 1, BLK_UNSUPP = 2 };
#define BLK_F_SEG_MAX (1ull << 2)
#define BLK_F_RO (1ull << 5)
#define BLK_F_BLK_SIZE (1ull << 6)
#define BLK_F_FLUSH (1ull << 9)
#define ALL_FEATURES (~0ull)

/* ---------------------------------------------------------------- fixture */

/* A backend that records the chains it is given and uses them whole. */
struct probe {
	struct virtio_dev *t;
	struct virtq_chain chain, last;
	int n_chains;
};

struct fixture {
	struct mem_space mem;
	bool irq[8];
	char path[64];             /* the temporary disk image */
	uint8_t out[8192];
	size_t n_out;
	uint64_t n_out_total;      /* bytes out, those past out[] included */
	struct probe probe;
};

static void irq_set(void *opaque, int line, bool level)
{
	struct fixture *f = opaque;
	f->irq[line - IRQ_BASE] = level;
}

static struct dev_irq irq_line(struct fixture *f, int n)
{
	return (struct dev_irq){ .set = irq_set, .opaque = f, .line = IRQ_BASE + n };
}

/* A virtio-mmio transport at `base` on line n. */
#define AT(f, addr, n) (&(struct virtio_place){ .mem = &(f)->mem, .base = (addr), .irq = irq_line((f), (n)) })

static void out_byte(void *opaque, uint8_t b)
{
	struct fixture *f = opaque;
	f->n_out_total++;
	if (f->n_out < sizeof(f->out))
		f->out[f->n_out++] = b;
}

static uint8_t img_byte(uint64_t i)
{
	return (uint8_t)(i * 7 + i / 512);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 0x5eed);
	assert_non_null(mem_add_ram(&f->mem, "ram", RAM_BASE, RAM_SIZE, MEM_SHARED));
	assert_non_null(mem_add_ram(&f->mem, "private", PRIV_BASE, PRIV_SIZE, MEM_PRIVATE));
	strcpy(f->path, "/tmp/hvsim-test-virtio-XXXXXX");
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	static uint8_t img[IMG_SECTORS * 512 + IMG_TAIL];
	for (size_t i = 0; i < sizeof(img); i++)
		img[i] = img_byte(i);
	assert_int_equal(write(fd, img, sizeof(img)), sizeof(img));
	close(fd);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unlink(f->path);
	mem_space_free(&f->mem);
	free(f);
	return 0;
}

/* --------------------------------------------------- guest memory and MMIO */

/* The guest's own view of its memory (plaintext, private pages included). */
static bool is_ram(struct fixture *f, uint64_t gpa)
{
	bool writable;
	return mem_guest_ptr(&f->mem, &test_cpu0, gpa, &writable) != NULL;
}

static void gw(struct fixture *f, uint64_t gpa, const void *buf, size_t len)
{
	bool writable;
	uint8_t *p = mem_guest_ptr(&f->mem, &test_cpu0, gpa, &writable);
	assert_non_null(p);
	memcpy(p, buf, len);
}

static void gr(struct fixture *f, uint64_t gpa, void *buf, size_t len)
{
	bool writable;
	uint8_t *p = mem_guest_ptr(&f->mem, &test_cpu0, gpa, &writable);
	assert_non_null(p);
	memcpy(buf, p, len);
}

static void gw_le(struct fixture *f, uint64_t gpa, unsigned bytes, uint64_t v)
{
	uint8_t b[8];
	virtio_le_put(b, bytes, v);
	gw(f, gpa, b, bytes);
}

static uint64_t gr_le(struct fixture *f, uint64_t gpa, unsigned bytes)
{
	uint8_t b[8];
	gr(f, gpa, b, bytes);
	return virtio_le_get(b, bytes);
}

static uint32_t vr(struct fixture *f, uint64_t base, uint64_t off)
{
	return (uint32_t)mmio_rd(&f->mem, base + off, 4);
}

static void vw(struct fixture *f, uint64_t base, uint64_t off, uint32_t v)
{
	mmio_wr(&f->mem, base + off, 4, v);
}

/* ------------------------------------------------------------- the driver */

struct vq {
	uint64_t base;             /* the transport */
	unsigned index;
	uint16_t num;
	uint64_t desc, avail, used;
	uint16_t avail_idx, used_seen;
};

static struct vq vq_at(uint64_t base, unsigned index, unsigned area, uint16_t num)
{
	return (struct vq){ .base = base, .index = index, .num = num, .desc = QAREA(area),
			    .avail = QAREA(area) + 0x1000, .used = QAREA(area) + 0x2000 };
}

static uint64_t device_features(struct fixture *f, uint64_t base)
{
	vw(f, base, R_DEV_FEAT_SEL, 1);
	uint64_t hi = vr(f, base, R_DEV_FEAT);
	vw(f, base, R_DEV_FEAT_SEL, 0);
	return hi << 32 | vr(f, base, R_DEV_FEAT);
}

/* Section 3.1.1 up to FEATURES_OK; returns whether the device accepted them. */
static bool negotiate(struct fixture *f, uint64_t base, uint64_t features)
{
	vw(f, base, R_STATUS, 0);
	vw(f, base, R_STATUS, S_ACK);
	vw(f, base, R_STATUS, S_ACK | S_DRIVER);
	vw(f, base, R_DRV_FEAT_SEL, 0);
	vw(f, base, R_DRV_FEAT, (uint32_t)features);
	vw(f, base, R_DRV_FEAT_SEL, 1);
	vw(f, base, R_DRV_FEAT, (uint32_t)(features >> 32));
	vw(f, base, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
	return vr(f, base, R_STATUS) & S_FEATURES_OK;
}

/* Section 4.2.3.2; returns QueueReady as read back. */
static bool queue_setup(struct fixture *f, struct vq *q)
{
	static const uint8_t zero[0x3000];
	if (q->desc >= RAM_BASE && q->desc < RAM_BASE + RAM_SIZE - sizeof(zero))
		gw(f, q->desc, zero, sizeof(zero));
	q->avail_idx = q->used_seen = 0;
	vw(f, q->base, R_QUEUE_SEL, q->index);
	assert_int_equal(vr(f, q->base, R_QUEUE_READY), 0);
	assert_int_equal(vr(f, q->base, R_QUEUE_NUM_MAX), VIRTIO_QUEUE_MAX);
	vw(f, q->base, R_QUEUE_NUM, q->num);
	vw(f, q->base, R_DESC_LO, (uint32_t)q->desc);
	vw(f, q->base, R_DESC_HI, (uint32_t)(q->desc >> 32));
	vw(f, q->base, R_DRIVER_LO, (uint32_t)q->avail);
	vw(f, q->base, R_DRIVER_HI, (uint32_t)(q->avail >> 32));
	vw(f, q->base, R_DEVICE_LO, (uint32_t)q->used);
	vw(f, q->base, R_DEVICE_HI, (uint32_t)(q->used >> 32));
	vw(f, q->base, R_QUEUE_READY, 1);
	return vr(f, q->base, R_QUEUE_READY) == 1;
}

/* The whole of section 3.1.1, accepting `features` of those offered. */
static void driver_up(struct fixture *f, uint64_t base, uint64_t features, struct vq *qs,
		      unsigned n)
{
	uint64_t offered = device_features(f, base);
	assert_true(negotiate(f, base, offered & features));
	for (unsigned i = 0; i < n; i++)
		assert_true(queue_setup(f, &qs[i]));
	vw(f, base, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
}

static void desc(struct fixture *f, uint64_t table, unsigned i, uint64_t addr, uint32_t len,
		 uint16_t flags, uint16_t next)
{
	uint8_t d[16];
	virtio_le_put(d, 8, addr);
	virtio_le_put(d + 8, 4, len);
	virtio_le_put(d + 12, 2, flags);
	virtio_le_put(d + 14, 2, next);
	gw(f, table + 16ull * i, d, sizeof(d));
}

/* Make chain `head` available (section 2.7.13) without notifying. */
static void offer(struct fixture *f, struct vq *q, uint16_t head)
{
	gw_le(f, q->avail + 4 + 2ull * (q->avail_idx % q->num), 2, head);
	q->avail_idx++;
	gw_le(f, q->avail + 2, 2, q->avail_idx);
}

static void kick(struct fixture *f, struct vq *q, uint16_t head)
{
	offer(f, q, head);
	vw(f, q->base, R_QUEUE_NOTIFY, q->index);
}

static unsigned used_waiting(struct fixture *f, struct vq *q)
{
	return (uint16_t)(gr_le(f, q->used + 2, 2) - q->used_seen);
}

/* The next used element: its id, and returns its len. */
static uint32_t take_used(struct fixture *f, struct vq *q, uint32_t *id)
{
	assert_true(used_waiting(f, q) > 0);
	uint64_t e = q->used + 4 + 8ull * (q->used_seen % q->num);
	q->used_seen++;
	if (id)
		*id = (uint32_t)gr_le(f, e, 4);
	return (uint32_t)gr_le(f, e + 4, 4);
}

/* ------------------------------------------------------------ virtio-blk */

static struct virtio_blk *blk_new(struct fixture *f, bool readonly, uint64_t base, int irq)
{
	char err[256];
	struct virtio_blk *b = virtio_blk_open(f->path, readonly, err, sizeof(err));
	assert_non_null(b);
	assert_true(virtio_blk_attach(b, AT(f, base, irq)));
	return b;
}

/*
 * One request as header, data (`data_len` bytes at `data`, none if 0) and
 * status. Returns the status byte; *used gets the used length.
 */
static uint8_t blk_req(struct fixture *f, struct vq *q, uint32_t type, uint64_t sector,
		       uint64_t data, uint32_t data_len, uint64_t status_gpa, uint32_t *used)
{
	uint8_t hdr[16] = { 0 };
	virtio_le_put(hdr, 4, type);
	virtio_le_put(hdr + 8, 8, sector);
	gw(f, HDR_GPA, hdr, sizeof(hdr));
	uint8_t st = 0xee;
	if (is_ram(f, status_gpa))
		gw(f, status_gpa, &st, 1);
	uint16_t device_writes = type == BLK_OUT ? 0 : D_WRITE;
	desc(f, q->desc, 0, HDR_GPA, 16, D_NEXT, data_len ? 1 : 2);
	desc(f, q->desc, 1, data, data_len, device_writes | D_NEXT, 2);
	desc(f, q->desc, 2, status_gpa, 1, D_WRITE, 0);
	kick(f, q, 0);
	uint32_t id;
	uint32_t len = take_used(f, q, &id);
	assert_int_equal(id, 0);
	if (used)
		*used = len;
	if (is_ram(f, status_gpa))
		gr(f, status_gpa, &st, 1);
	return st;
}

static uint8_t blk_simple(struct fixture *f, struct vq *q, uint32_t type, uint64_t sector,
			  uint32_t data_len)
{
	return blk_req(f, q, type, sector, DATA_GPA, data_len, STATUS_GPA, NULL);
}

static void test_discovery(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = blk_new(f, false, VBASE, 0);
	struct virtio_rng *r = virtio_rng_new(AT(f, VBASE + 0x200, 1), 1);
	struct virtio_console *c = virtio_console_new(AT(f, VBASE + 0x400, 2),
						      NULL, NULL);
	assert_non_null(r);
	assert_non_null(c);
	static const uint32_t ids[3] = { 2, 4, 3 };
	for (int i = 0; i < 3; i++) {
		uint64_t base = VBASE + 0x200ull * i;
		assert_int_equal(vr(f, base, R_MAGIC), 0x74726976);
		assert_int_equal(vr(f, base, R_VERSION), 2);
		assert_int_equal(vr(f, base, R_DEVICE_ID), ids[i]);
		assert_int_equal(vr(f, base, R_VENDOR), VIRTIO_MMIO_VENDOR);
		assert_int_equal(vr(f, base, R_STATUS), 0);
		assert_int_equal(vr(f, base, R_ISR), 0);
		assert_int_equal(vr(f, base, R_CONFIG_GEN), 0);
		assert_int_equal(vr(f, base, R_SHM_LEN_LO), 0xffffffffu);
		assert_int_equal(vr(f, base, R_SHM_LEN_HI), 0xffffffffu);
		uint64_t feat = device_features(f, base);
		assert_true(feat & VIRTIO_F_VERSION_1);
		assert_true(feat & VIRTIO_F_INDIRECT_DESC);
		assert_true(feat & VIRTIO_F_ACCESS_PLATFORM);
		vw(f, base, R_DEV_FEAT_SEL, 2);
		assert_int_equal(vr(f, base, R_DEV_FEAT), 0);
		vw(f, base, R_QUEUE_SEL, 0);
		assert_int_equal(vr(f, base, R_QUEUE_NUM_MAX), VIRTIO_QUEUE_MAX);
		assert_int_equal(vr(f, base, R_QUEUE_READY), 0);
		vw(f, base, R_QUEUE_SEL, 2);       /* no such queue on any of them */
		assert_int_equal(vr(f, base, R_QUEUE_NUM_MAX), 0);
		vw(f, base, R_QUEUE_READY, 1);
		assert_int_equal(vr(f, base, R_QUEUE_READY), 0);
	}
	/* the console has its port 0 pair */
	vw(f, VBASE + 0x400, R_QUEUE_SEL, 1);
	assert_int_equal(vr(f, VBASE + 0x400, R_QUEUE_NUM_MAX), VIRTIO_QUEUE_MAX);
	/* block features and configuration */
	uint64_t feat = device_features(f, VBASE);
	assert_int_equal(feat & 0xffffff, BLK_F_SEG_MAX | BLK_F_BLK_SIZE | BLK_F_FLUSH);
	assert_int_equal(mmio_rd(&f->mem, VBASE + R_CONFIG, 8), IMG_SECTORS);  /* capacity */
	assert_int_equal(vr(f, VBASE, R_CONFIG + 12), VIRTIO_QUEUE_MAX - 2);   /* seg_max */
	assert_int_equal(vr(f, VBASE, R_CONFIG + 20), 512);                    /* blk_size */
	assert_int_equal(mmio_rd(&f->mem, VBASE + R_CONFIG + 20, 2), 512);
	assert_int_equal(mmio_rd(&f->mem, VBASE + R_CONFIG + 21, 1), 2);
	assert_int_equal(vr(f, VBASE, R_CONFIG + 24), 0);                      /* past its end */
	assert_int_equal(vr(f, VBASE, R_CONFIG + 0xfc), 0);
	vw(f, VBASE, R_CONFIG, 0x12345678);                                    /* read-only */
	assert_int_equal(mmio_rd(&f->mem, VBASE + R_CONFIG, 8), IMG_SECTORS);
	/* rng and console have no configuration */
	assert_int_equal(vr(f, VBASE + 0x200, R_CONFIG), 0);
	assert_int_equal(device_features(f, VBASE + 0x200) & 0xffffff, 0);
	assert_int_equal(device_features(f, VBASE + 0x400) & 0xffffff, 0);
	virtio_blk_free(b);
	virtio_rng_free(r);
	virtio_console_free(c);
}

static void test_feature_negotiation(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = blk_new(f, false, VBASE, 0);
	uint64_t offered = device_features(f, VBASE);
	/* no VERSION_1: a legacy driver, refused */
	assert_false(negotiate(f, VBASE, offered & ~VIRTIO_F_VERSION_1));
	/* a feature that was not offered */
	assert_false(negotiate(f, VBASE, offered | (1ull << 3)));
	assert_false(negotiate(f, VBASE, offered | (1ull << 40)));
	assert_true(negotiate(f, VBASE, VIRTIO_F_VERSION_1));
	assert_true(negotiate(f, VBASE, offered));
	/* the device keeps NEEDS_RESET to itself */
	vw(f, VBASE, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_NEEDS_RESET);
	assert_int_equal(vr(f, VBASE, R_STATUS), S_ACK | S_DRIVER | S_FEATURES_OK);
	/* a queue set up, then a reset (Status 0) forgets it */
	struct vq q = vq_at(VBASE, 0, 0, 16);
	assert_true(queue_setup(f, &q));
	vw(f, VBASE, R_STATUS, 0);
	assert_int_equal(vr(f, VBASE, R_STATUS), 0);
	vw(f, VBASE, R_QUEUE_SEL, 0);
	assert_int_equal(vr(f, VBASE, R_QUEUE_READY), 0);
	/* a driver that takes nothing but VERSION_1 still gets a working disk */
	driver_up(f, VBASE, VIRTIO_F_VERSION_1, &q, 1);
	assert_int_equal(blk_simple(f, &q, BLK_OUT, 1, 512), BLK_OK);
	assert_int_equal(blk_simple(f, &q, BLK_IN, 1, 512), BLK_OK);
	virtio_blk_free(b);
}

static void test_blk_read_write_round_trip(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = blk_new(f, false, VBASE, 0);
	struct vq q = vq_at(VBASE, 0, 0, 256);
	driver_up(f, VBASE, ALL_FEATURES, &q, 1);

	/* read sectors 2-3, the data cut into two buffers of odd sizes */
	uint8_t hdr[16] = { 0 };
	virtio_le_put(hdr, 4, BLK_IN);
	virtio_le_put(hdr + 8, 8, 2);
	gw(f, HDR_GPA, hdr, 16);
	desc(f, q.desc, 5, HDR_GPA, 16, D_NEXT, 9);
	desc(f, q.desc, 9, DATA_GPA, 300, D_WRITE | D_NEXT, 3);
	desc(f, q.desc, 3, DATA_GPA + 0x1000, 724, D_WRITE | D_NEXT, 7);
	desc(f, q.desc, 7, STATUS_GPA, 1, D_WRITE, 0);
	assert_false(f->irq[0]);
	kick(f, &q, 5);
	uint32_t id, len = take_used(f, &q, &id);
	assert_int_equal(id, 5);
	assert_int_equal(len, 1024 + 1);
	assert_int_equal(gr_le(f, STATUS_GPA, 1), BLK_OK);
	uint8_t got[1024];
	gr(f, DATA_GPA, got, 300);
	gr(f, DATA_GPA + 0x1000, got + 300, 724);
	for (int i = 0; i < 1024; i++)
		assert_int_equal(got[i], img_byte(2 * 512 + i));
	/* the used buffer notification */
	assert_true(f->irq[0]);
	assert_int_equal(vr(f, VBASE, R_ISR), 1);
	vw(f, VBASE, R_ISR_ACK, 1);
	assert_false(f->irq[0]);
	assert_int_equal(vr(f, VBASE, R_ISR), 0);

	/* write sector 5, header and data in one buffer */
	uint8_t req[16 + 512];
	memset(req, 0, 16);
	virtio_le_put(req, 4, BLK_OUT);
	virtio_le_put(req + 8, 8, 5);
	for (int i = 0; i < 512; i++)
		req[16 + i] = (uint8_t)(0xa5 ^ i);
	gw(f, DATA_GPA, req, sizeof(req));
	desc(f, q.desc, 0, DATA_GPA, sizeof(req), D_NEXT, 1);
	desc(f, q.desc, 1, STATUS_GPA, 1, D_WRITE, 0);
	kick(f, &q, 0);
	assert_int_equal(take_used(f, &q, NULL), 1);
	assert_int_equal(gr_le(f, STATUS_GPA, 1), BLK_OK);
	FILE *fp = fopen(f->path, "rb");
	assert_non_null(fp);
	uint8_t disk[IMG_SECTORS * 512];
	assert_int_equal(fread(disk, 1, sizeof(disk), fp), sizeof(disk));
	fclose(fp);
	assert_memory_equal(disk + 5 * 512, req + 16, 512);
	assert_int_equal(disk[4 * 512 + 511], img_byte(4 * 512 + 511));   /* neighbours intact */
	assert_int_equal(disk[6 * 512], img_byte(6 * 512));
	/* and read it back through the device */
	memset(got, 0, sizeof(got));
	gw(f, DATA_GPA, got, 512);
	assert_int_equal(blk_simple(f, &q, BLK_IN, 5, 512), BLK_OK);
	gr(f, DATA_GPA, got, 512);
	assert_memory_equal(got, req + 16, 512);
	/* the last sector, and one past it */
	assert_int_equal(blk_simple(f, &q, BLK_IN, IMG_SECTORS - 1, 512), BLK_OK);
	assert_int_equal(blk_simple(f, &q, BLK_IN, IMG_SECTORS - 1, 1024), BLK_IOERR);
	assert_int_equal(blk_simple(f, &q, BLK_IN, IMG_SECTORS, 512), BLK_IOERR);
	assert_int_equal(blk_simple(f, &q, BLK_OUT, ~0ull, 512), BLK_IOERR);
	/* not a whole number of sectors */
	assert_int_equal(blk_simple(f, &q, BLK_IN, 0, 100), BLK_IOERR);
	/* a zero-length read is fine */
	assert_int_equal(blk_simple(f, &q, BLK_IN, 0, 0), BLK_OK);
	virtio_blk_free(b);
}

static void test_blk_flush_get_id_unsupported(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = blk_new(f, false, VBASE, 0);
	struct vq q = vq_at(VBASE, 0, 0, 8);
	driver_up(f, VBASE, ALL_FEATURES, &q, 1);
	uint32_t used;
	assert_int_equal(blk_req(f, &q, BLK_FLUSH, 0, 0, 0, STATUS_GPA, &used), BLK_OK);
	assert_int_equal(used, 1);
	/* GET_ID: the image's file name, NUL-padded to 20 bytes */
	uint8_t id[20], want[20] = { 0 };
	memset(id, 0xff, sizeof(id));
	gw(f, DATA_GPA, id, sizeof(id));
	assert_int_equal(blk_req(f, &q, BLK_GET_ID, 0, DATA_GPA, 20, STATUS_GPA, &used), BLK_OK);
	assert_int_equal(used, 21);
	gr(f, DATA_GPA, id, sizeof(id));
	const char *name = strrchr(f->path, '/') + 1;
	memcpy(want, name, strlen(name) < 20 ? strlen(name) : 20);
	assert_memory_equal(id, want, 20);
	/* anything else is unsupported */
	assert_int_equal(blk_simple(f, &q, BLK_DISCARD, 0, 16), BLK_UNSUPP);
	assert_int_equal(blk_simple(f, &q, 0x7777, 0, 0), BLK_UNSUPP);
	virtio_blk_free(b);
}

static void test_blk_read_only(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = blk_new(f, true, VBASE, 0);
	assert_true(device_features(f, VBASE) & BLK_F_RO);
	struct vq q = vq_at(VBASE, 0, 0, 8);
	driver_up(f, VBASE, ALL_FEATURES, &q, 1);
	uint8_t data[512];
	memset(data, 0x42, sizeof(data));
	gw(f, DATA_GPA, data, sizeof(data));
	assert_int_equal(blk_simple(f, &q, BLK_OUT, 0, 512), BLK_IOERR);
	assert_int_equal(blk_simple(f, &q, BLK_IN, 0, 512), BLK_OK);
	gr(f, DATA_GPA, data, sizeof(data));
	for (int i = 0; i < 512; i++)
		assert_int_equal(data[i], img_byte(i));       /* the write did not land */
	assert_int_equal(blk_simple(f, &q, BLK_FLUSH, 0, 0), BLK_OK);
	virtio_blk_free(b);
}

/*
 * -snapshot: the guest reads back what it wrote, across runs of written
 * and unwritten sectors, while the image file stays as it was.
 */
static void test_blk_snapshot(void **state)
{
	struct fixture *f = *state;
	char err[256];
	struct virtio_blk *b = virtio_blk_open(f->path, true, err, sizeof(err));
	assert_non_null(b);
	assert_true(virtio_blk_use_overlay(b, false, err, sizeof(err)));
	assert_true(virtio_blk_attach(b, AT(f, VBASE, 0)));
	assert_false(device_features(f, VBASE) & BLK_F_RO);   /* writable to the guest */
	struct vq q = vq_at(VBASE, 0, 0, 8);
	driver_up(f, VBASE, ALL_FEATURES, &q, 1);
	uint8_t data[512];
	memset(data, 0x5a, sizeof(data));
	gw(f, DATA_GPA, data, sizeof(data));
	assert_int_equal(blk_simple(f, &q, BLK_OUT, 3, 512), BLK_OK);
	assert_int_equal(blk_simple(f, &q, BLK_FLUSH, 0, 0), BLK_OK);
	/* sectors 2-4: the image's, the written one, the image's */
	assert_int_equal(blk_simple(f, &q, BLK_IN, 2, 1536), BLK_OK);
	uint8_t got[1536];
	gr(f, DATA_GPA, got, sizeof(got));
	for (int i = 0; i < 1536; i++)
		assert_int_equal(got[i], i >= 512 && i < 1024 ? 0x5a : img_byte(2 * 512 + i));
	/* the file is untouched */
	int fd = open(f->path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, got, 512, 3 * 512), 512);
	close(fd);
	for (int i = 0; i < 512; i++)
		assert_int_equal(got[i], img_byte(3 * 512 + i));
	virtio_blk_free(b);
	/* with readonly, the snapshot's disk stays read-only to the guest */
	b = virtio_blk_open(f->path, true, err, sizeof(err));
	assert_true(virtio_blk_use_overlay(b, true, err, sizeof(err)));
	assert_true(virtio_blk_attach(b, AT(f, VBASE + 0x200, 1)));
	assert_true(device_features(f, VBASE + 0x200) & BLK_F_RO);
	virtio_blk_free(b);
}

static void test_blk_open_errors(void **state)
{
	struct fixture *f = *state;
	char err[512];
	assert_null(virtio_blk_open("/nonexistent-dir/disk.img", false, err, sizeof(err)));
	assert_non_null(strstr(err, "'/nonexistent-dir/disk.img'"));
	assert_null(virtio_blk_open("/nonexistent-dir/disk.img", true, err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent-dir/disk.img"));
	assert_null(virtio_blk_open("/tmp", true, err, sizeof(err)));
	assert_non_null(strstr(err, "'/tmp'"));
	/* a file read-only on disk, opened for writing (as a non-root user: root writes anyway) */
	assert_int_equal(chmod(f->path, 0444), 0);
	uid_t euid = geteuid();
	if (euid != 0 || seteuid(65534) == 0) {
		struct virtio_blk *b = virtio_blk_open(f->path, false, err, sizeof(err));
		struct virtio_blk *ro = virtio_blk_open(f->path, true, err + 256, sizeof(err) - 256);
		if (euid == 0)
			assert_int_equal(seteuid(0), 0);
		assert_null(b);
		assert_non_null(strstr(err, f->path));
		assert_non_null(strstr(err, "read-only"));
		assert_non_null(ro);                  /* read-only is fine */
		virtio_blk_free(ro);
	}
	/* attaching twice, or over another device, is refused */
	struct virtio_blk *b = blk_new(f, true, VBASE, 0);
	assert_false(virtio_blk_attach(b, AT(f, VBASE + 0x200, 1)));
	struct virtio_blk *b2 = virtio_blk_open(f->path, true, err, sizeof(err));
	assert_false(virtio_blk_attach(b2, AT(f, VBASE, 1)));
	virtio_blk_free(b2);
	virtio_blk_free(b);
}

/* Data buffers the device may not use complete with IOERR; the device stays healthy. */
static void test_blk_bad_buffers(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = blk_new(f, false, VBASE, 0);
	struct vq q = vq_at(VBASE, 0, 0, 8);
	driver_up(f, VBASE, ALL_FEATURES, &q, 1);
	uint32_t used;
	/* outside RAM, in a hole, wrapping around the address space */
	assert_int_equal(blk_req(f, &q, BLK_IN, 0, 0x1000000000ull, 512, STATUS_GPA, &used),
			 BLK_IOERR);
	assert_int_equal(used, 1);
	assert_int_equal(blk_req(f, &q, BLK_OUT, 0, 0x1000000000ull, 512, STATUS_GPA, NULL),
			 BLK_IOERR);
	assert_int_equal(blk_req(f, &q, BLK_IN, 0, RAM_BASE + RAM_SIZE - 256, 512, STATUS_GPA,
				 NULL), BLK_IOERR);
	assert_int_equal(blk_req(f, &q, BLK_IN, 0, ~0ull - 100, 512, STATUS_GPA, NULL), BLK_IOERR);
	/* a header outside RAM */
	desc(f, q.desc, 0, 0x2000000000ull, 16, D_NEXT, 1);
	desc(f, q.desc, 1, STATUS_GPA, 1, D_WRITE, 0);
	kick(f, &q, 0);
	take_used(f, &q, NULL);
	assert_int_equal(gr_le(f, STATUS_GPA, 1), BLK_IOERR);
	/* a status byte outside RAM: the request completes, nothing written */
	assert_int_equal(blk_req(f, &q, BLK_FLUSH, 0, 0, 0, 0x3000000000ull, &used), 0xee);
	assert_int_equal(used, 0);
	assert_int_equal(vr(f, VBASE, R_STATUS) & S_NEEDS_RESET, 0);
	assert_int_equal(blk_simple(f, &q, BLK_IN, 0, 512), BLK_OK);
	/* no room for a status byte at all: the device needs a reset */
	desc(f, q.desc, 0, HDR_GPA, 16, 0, 0);
	kick(f, &q, 0);
	assert_int_equal(used_waiting(f, &q), 0);
	assert_true(vr(f, VBASE, R_STATUS) & S_NEEDS_RESET);
	assert_true(vr(f, VBASE, R_ISR) & 2);      /* configuration change notification */
	virtio_blk_free(b);
}

/*
 * Private pages: the device reading one gets ciphertext (a write request
 * stores it, as hardware would); writing one is refused, and the request
 * fails with IOERR without the guest's data changing.
 */
static void test_blk_private_pages(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = blk_new(f, false, VBASE, 0);
	struct vq q = vq_at(VBASE, 0, 0, 8);
	driver_up(f, VBASE, ALL_FEATURES, &q, 1);
	uint8_t secret[512], back[512];
	for (int i = 0; i < 512; i++)
		secret[i] = (uint8_t)(i * 13 + 1);
	gw(f, PRIV_BASE, secret, sizeof(secret));
	uint64_t violations = f->mem.host_violations;
	/* a read into a private page: refused */
	uint32_t used;
	assert_int_equal(blk_req(f, &q, BLK_IN, 3, PRIV_BASE, 512, STATUS_GPA, &used), BLK_IOERR);
	assert_int_equal(used, 1);
	assert_true(f->mem.host_violations > violations);
	gr(f, PRIV_BASE, back, sizeof(back));
	assert_memory_equal(back, secret, 512);
	/* a write from a private page: the disk gets what the host sees, ciphertext */
	assert_int_equal(blk_req(f, &q, BLK_OUT, 4, PRIV_BASE, 512, STATUS_GPA, NULL), BLK_OK);
	uint8_t cipher[512], disk[512];
	assert_true(mem_host_read(&f->mem, PRIV_BASE, cipher, sizeof(cipher)));
	FILE *fp = fopen(f->path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 4 * 512, SEEK_SET), 0);
	assert_int_equal(fread(disk, 1, sizeof(disk), fp), sizeof(disk));
	fclose(fp);
	assert_memory_equal(disk, cipher, 512);
	assert_memory_not_equal(disk, secret, 512);
	/* the status byte in a private page: it cannot be written; the request still completes */
	assert_int_equal(blk_req(f, &q, BLK_FLUSH, 0, 0, 0, PRIV_BASE + 0x1000, &used), 0xee);
	assert_int_equal(used, 0);
	/* the device is still healthy */
	assert_int_equal(vr(f, VBASE, R_STATUS) & S_NEEDS_RESET, 0);
	assert_int_equal(blk_simple(f, &q, BLK_IN, 3, 512), BLK_OK);
	/* rings in private memory: the used ring cannot be written, the device breaks */
	struct vq p = { .base = VBASE, .index = 0, .num = 8, .desc = QAREA(1),
			.avail = QAREA(1) + 0x1000, .used = PRIV_BASE + 0x2000 };
	vw(f, VBASE, R_STATUS, 0);
	assert_true(negotiate(f, VBASE, VIRTIO_F_VERSION_1));
	assert_true(queue_setup(f, &p));
	vw(f, VBASE, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	gw(f, HDR_GPA, (uint8_t[16]){ BLK_FLUSH }, 16);
	desc(f, p.desc, 0, HDR_GPA, 16, D_NEXT, 1);
	desc(f, p.desc, 1, STATUS_GPA, 1, D_WRITE, 0);
	kick(f, &p, 0);
	assert_true(vr(f, VBASE, R_STATUS) & S_NEEDS_RESET);
	virtio_blk_free(b);
}

static void test_blk_indirect(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = blk_new(f, false, VBASE, 0);
	struct vq q = vq_at(VBASE, 0, 0, 4);
	driver_up(f, VBASE, ALL_FEATURES, &q, 1);
	uint8_t hdr[16] = { 0 };
	virtio_le_put(hdr + 8, 8, 7);              /* IN, sector 7 */
	gw(f, HDR_GPA, hdr, 16);
	/* 6 buffers through a 4-entry queue, in an indirect table */
	desc(f, TABLE_GPA, 0, HDR_GPA, 16, D_NEXT, 1);
	for (int i = 1; i <= 4; i++)
		desc(f, TABLE_GPA, i, DATA_GPA + 128 * (i - 1), 128, D_WRITE | D_NEXT, i + 1);
	desc(f, TABLE_GPA, 5, STATUS_GPA, 1, D_WRITE, 0);
	desc(f, q.desc, 2, TABLE_GPA, 6 * 16, D_INDIRECT, 0);
	kick(f, &q, 2);
	uint32_t id;
	assert_int_equal(take_used(f, &q, &id), 513);
	assert_int_equal(id, 2);
	assert_int_equal(gr_le(f, STATUS_GPA, 1), BLK_OK);
	uint8_t got[512];
	gr(f, DATA_GPA, got, sizeof(got));
	for (int i = 0; i < 512; i++)
		assert_int_equal(got[i], img_byte(7 * 512 + i));
	virtio_blk_free(b);
}

/* ------------------------------------------- the transport, with a probe */

static void probe_notify(void *opaque, struct virtio_dev *t, unsigned queue)
{
	struct probe *p = opaque;
	while (virtq_pop(t, queue, &p->chain)) {
		p->last = p->chain;
		p->n_chains++;
		virtq_push(t, queue, &p->chain, (uint32_t)p->chain.in_len);
	}
}

static const struct virtio_backend probe_backend = {
	.name = "probe", .device_id = 0x99, .features = 1ull << 0, .n_queues = 2,
	.notify = probe_notify, .work_per_notify = 1,
};

static struct vq probe_up(struct fixture *f, uint64_t features, uint16_t num)
{
	if (!f->probe.t) {
		static const uint8_t cfg[6] = { 1, 2, 3, 4, 5, 6 };
		f->probe.t = virtio_mmio_new(&f->mem, VBASE, irq_line(f, 0), &probe_backend,
					     &f->probe, cfg, sizeof(cfg));
		assert_non_null(f->probe.t);
	}
	struct vq q = vq_at(VBASE, 0, 0, num);
	driver_up(f, VBASE, features, &q, 1);
	f->probe.n_chains = 0;
	return q;
}

static void check_broken(struct fixture *f, const char *why)
{
	const char *broken = virtio_dev_broken(f->probe.t);
	assert_non_null(broken);
	if (!strstr(broken, why))
		fail_msg("broken for '%s', expected '%s'", broken, why);
}

/* Make chain `head` available and check it broke the device, for `why`. */
static void expect_broken(struct fixture *f, struct vq *q, uint16_t head, const char *why)
{
	int before = f->probe.n_chains;
	kick(f, q, head);
	assert_int_equal(f->probe.n_chains, before);
	assert_int_equal(used_waiting(f, q), 0);
	check_broken(f, why);
	assert_true(vr(f, VBASE, R_STATUS) & S_NEEDS_RESET);
	assert_true(vr(f, VBASE, R_ISR) & 2);
	assert_true(f->irq[0]);
	/* nothing more happens until a reset */
	desc(f, q->desc, 0, DATA_GPA, 4, 0, 0);
	kick(f, q, 0);
	assert_int_equal(f->probe.n_chains, before);
}

struct broken_report {
	int n;
	const char *device, *why;
	uint64_t base;
};

static void on_device_broken(void *opaque, const char *device, uint64_t base, const char *why)
{
	struct broken_report *r = opaque;
	r->n++;
	r->device = device;
	r->base = base;
	r->why = why;
}

/* A device that gives up says so, once, with the cause; its reset is told too. */
static void test_transport_reports_broken(void **state)
{
	struct fixture *f = *state;
	struct broken_report r = { 0 };
	f->mem.device_broken = on_device_broken;
	f->mem.device_broken_opaque = &r;
	struct vq q = probe_up(f, ALL_FEATURES, 8);
	desc(f, q.desc, 0, DATA_GPA, 4, D_NEXT, 1);
	desc(f, q.desc, 1, DATA_GPA, 4, D_NEXT, 0);
	expect_broken(f, &q, 0, "loops");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.device, "probe");
	assert_int_equal(r.base, VBASE);
	assert_non_null(strstr(r.why, "loops"));
	kick(f, &q, 0);   /* still broken: not told again */
	assert_int_equal(r.n, 1);
	vw(f, VBASE, R_STATUS, 0);
	assert_int_equal(r.n, 2);
	assert_null(r.why);
	vw(f, VBASE, R_STATUS, 0);   /* a reset of a healthy device is no news */
	assert_int_equal(r.n, 2);
	virtio_dev_free(f->probe.t);
}

static void test_transport_chains(void **state)
{
	struct fixture *f = *state;
	struct vq q = probe_up(f, ALL_FEATURES, 8);
	assert_int_equal(vr(f, VBASE, R_DEVICE_ID), 0x99);
	/* configuration space bytes, any access size, zero past the end */
	assert_int_equal(vr(f, VBASE, R_CONFIG), 0x04030201);
	assert_int_equal(vr(f, VBASE, R_CONFIG + 4), 0x0605);
	assert_int_equal(mmio_rd(&f->mem, VBASE + R_CONFIG + 5, 1), 6);
	assert_int_equal(mmio_rd(&f->mem, VBASE + R_CONFIG + 3, 2), 0x0504);
	/* readable and writable buffers, then an indirect table (WRITE on it ignored) */
	desc(f, q.desc, 0, DATA_GPA, 10, D_NEXT, 4);
	desc(f, q.desc, 4, TABLE_GPA, 3 * 16, D_INDIRECT | D_WRITE, 0);
	desc(f, TABLE_GPA, 0, DATA_GPA + 100, 20, D_NEXT, 2);
	desc(f, TABLE_GPA, 2, DATA_GPA + 200, 30, D_WRITE | D_NEXT, 1);
	desc(f, TABLE_GPA, 1, DATA_GPA + 300, 0, D_WRITE, 0);
	kick(f, &q, 0);
	assert_int_equal(f->probe.n_chains, 1);
	const struct virtq_chain *c = &f->probe.last;
	assert_int_equal(c->head, 0);
	assert_int_equal(c->n_out, 2);
	assert_int_equal(c->n_in, 2);
	assert_int_equal(c->out_len, 30);
	assert_int_equal(c->in_len, 30);
	assert_int_equal(c->seg[1].addr, DATA_GPA + 100);
	assert_int_equal(c->seg[2].addr, DATA_GPA + 200);
	uint32_t id;
	assert_int_equal(take_used(f, &q, &id), 30);
	assert_int_equal(id, 0);
	/* several chains at once, wrapping the rings many times */
	for (int round = 0; round < 40; round++) {
		for (int i = 0; i < 3; i++) {
			desc(f, q.desc, i, DATA_GPA, 8, D_WRITE, 0);
			offer(f, &q, (uint16_t)i);
		}
		vw(f, VBASE, R_QUEUE_NOTIFY, 0);
		for (int i = 0; i < 3; i++) {
			assert_int_equal(take_used(f, &q, &id), 8);
			assert_int_equal(id, i);
		}
	}
	/* notifying a queue that does not exist or is not ready does nothing */
	vw(f, VBASE, R_QUEUE_NOTIFY, 1);
	vw(f, VBASE, R_QUEUE_NOTIFY, 7);
	vw(f, VBASE, R_QUEUE_NOTIFY, 0xffffffff);
	assert_null(virtio_dev_broken(f->probe.t));
	/* used buffer notifications are suppressed on request (VIRTQ_AVAIL_F_NO_INTERRUPT) */
	vw(f, VBASE, R_ISR_ACK, 3);
	assert_false(f->irq[0]);
	gw_le(f, q.avail, 2, 1);
	kick(f, &q, 0);
	assert_int_equal(used_waiting(f, &q), 1);
	assert_int_equal(vr(f, VBASE, R_ISR), 0);
	assert_false(f->irq[0]);
	virtio_dev_free(f->probe.t);
}

static void test_transport_hostile_chains(void **state)
{
	struct fixture *f = *state;
	struct vq q;

	q = probe_up(f, ALL_FEATURES, 8);          /* a loop */
	desc(f, q.desc, 0, DATA_GPA, 4, D_NEXT, 1);
	desc(f, q.desc, 1, DATA_GPA, 4, D_NEXT, 0);
	expect_broken(f, &q, 0, "loops");

	q = probe_up(f, ALL_FEATURES, 8);          /* a loop onto itself */
	desc(f, q.desc, 3, DATA_GPA, 4, D_NEXT, 3);
	expect_broken(f, &q, 3, "loops");

	q = probe_up(f, ALL_FEATURES, 8);          /* a head index out of range */
	expect_broken(f, &q, 8, "index out of range");

	q = probe_up(f, ALL_FEATURES, 8);          /* a next index out of range */
	desc(f, q.desc, 0, DATA_GPA, 4, D_NEXT, 0xffff);
	expect_broken(f, &q, 0, "next descriptor index out of range");

	q = probe_up(f, ALL_FEATURES, 8);          /* the avail index runs ahead */
	gw_le(f, q.avail + 2, 2, 9);
	q.avail_idx = 8;                           /* kick() makes it 9 */
	expect_broken(f, &q, 0, "ahead");

	q = probe_up(f, ALL_FEATURES, 8);          /* readable after writable */
	desc(f, q.desc, 0, DATA_GPA, 4, D_WRITE | D_NEXT, 1);
	desc(f, q.desc, 1, DATA_GPA, 4, 0, 0);
	expect_broken(f, &q, 0, "readable descriptor after");

	q = probe_up(f, ALL_FEATURES, 8);          /* a descriptor table outside RAM, via indirect */
	desc(f, q.desc, 0, 0x7000000000ull, 64, D_INDIRECT, 0);
	expect_broken(f, &q, 0, "outside guest memory");

	q = probe_up(f, ALL_FEATURES, 8);          /* ... and at the very top of the address space */
	desc(f, q.desc, 0, ~0ull - 31, 64, D_INDIRECT, 0);
	expect_broken(f, &q, 0, "outside guest memory");

	q = probe_up(f, VIRTIO_F_VERSION_1, 8);    /* indirect, not negotiated */
	desc(f, q.desc, 0, TABLE_GPA, 16, D_INDIRECT, 0);
	expect_broken(f, &q, 0, "without VIRTIO_F_INDIRECT_DESC");

	q = probe_up(f, ALL_FEATURES, 8);          /* indirect with NEXT */
	desc(f, q.desc, 0, TABLE_GPA, 16, D_INDIRECT | D_NEXT, 1);
	expect_broken(f, &q, 0, "with NEXT");

	q = probe_up(f, ALL_FEATURES, 8);          /* an indirect table length not of whole entries */
	desc(f, q.desc, 0, TABLE_GPA, 24, D_INDIRECT, 0);
	expect_broken(f, &q, 0, "multiple of 16");
	q = probe_up(f, ALL_FEATURES, 8);
	desc(f, q.desc, 0, TABLE_GPA, 0, D_INDIRECT, 0);
	expect_broken(f, &q, 0, "multiple of 16");

	q = probe_up(f, ALL_FEATURES, 8);          /* nested indirect */
	desc(f, q.desc, 0, TABLE_GPA, 16, D_INDIRECT, 0);
	desc(f, TABLE_GPA, 0, TABLE_GPA + 0x100, 16, D_INDIRECT, 0);
	expect_broken(f, &q, 0, "inside an indirect table");

	q = probe_up(f, ALL_FEATURES, 8);          /* a loop inside an indirect table */
	desc(f, q.desc, 0, TABLE_GPA, 4 * 16, D_INDIRECT, 0);
	for (int i = 0; i < 4; i++)
		desc(f, TABLE_GPA, i, DATA_GPA, 4, D_NEXT, (i + 1) % 4);
	expect_broken(f, &q, 0, "loops");

	q = probe_up(f, ALL_FEATURES, 8);          /* an indirect chain too long */
	desc(f, q.desc, 0, TABLE_GPA, 300 * 16, D_INDIRECT, 0);
	for (int i = 0; i < 300; i++)
		desc(f, TABLE_GPA, i, DATA_GPA, 4, D_NEXT, i + 1);
	expect_broken(f, &q, 0, "longer than the queue size");

	/* the longest legal chain, direct: every descriptor of a 256-entry queue */
	q = probe_up(f, ALL_FEATURES, 256);
	for (int i = 0; i < 256; i++)
		desc(f, q.desc, i, DATA_GPA, 1, D_WRITE | (i < 255 ? D_NEXT : 0), i + 1);
	kick(f, &q, 0);
	assert_null(virtio_dev_broken(f->probe.t));
	assert_int_equal(f->probe.last.n_in, 256);
	assert_int_equal(take_used(f, &q, NULL), 256);

	/* after a reset, a driver can start again */
	q = probe_up(f, ALL_FEATURES, 8);
	assert_null(virtio_dev_broken(f->probe.t));
	assert_int_equal(vr(f, VBASE, R_STATUS) & S_NEEDS_RESET, 0);
	desc(f, q.desc, 0, DATA_GPA, 4, D_WRITE, 0);
	kick(f, &q, 0);
	assert_int_equal(take_used(f, &q, NULL), 4);
	virtio_dev_free(f->probe.t);
}

/* A queue the device cannot use is refused at QueueReady and breaks the device. */
static void test_transport_bad_queue_setup(void **state)
{
	struct fixture *f = *state;
	probe_up(f, ALL_FEATURES, 8);
	struct {
		uint16_t num;
		uint64_t desc, avail, used;
		const char *why;
	} bad[] = {
		{ 0, QAREA(0), QAREA(0) + 0x1000, QAREA(0) + 0x2000, "power of two" },
		{ 6, QAREA(0), QAREA(0) + 0x1000, QAREA(0) + 0x2000, "power of two" },
		{ 512, QAREA(0), QAREA(0) + 0x1000, QAREA(0) + 0x2000, "power of two" },
		{ 8, QAREA(0) + 8, QAREA(0) + 0x1000, QAREA(0) + 0x2000, "misaligned" },
		{ 8, QAREA(0), QAREA(0) + 0x1001, QAREA(0) + 0x2000, "misaligned" },
		{ 8, QAREA(0), QAREA(0) + 0x1000, QAREA(0) + 0x2002, "misaligned" },
		{ 8, 0x100000000ull, QAREA(0) + 0x1000, QAREA(0) + 0x2000, "outside guest RAM" },
		{ 8, QAREA(0), 0x100000000ull, QAREA(0) + 0x2000, "outside guest RAM" },
		{ 8, QAREA(0), QAREA(0) + 0x1000, RAM_BASE + RAM_SIZE - 64, "outside guest RAM" },
		{ 8, QAREA(0), QAREA(0) + 0x1000, VBASE, "outside guest RAM" },
		{ 8, ~0ull & ~15ull, QAREA(0) + 0x1000, QAREA(0) + 0x2000, "outside guest RAM" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_true(negotiate(f, VBASE, VIRTIO_F_VERSION_1));
		struct vq q = { .base = VBASE, .index = 0, .num = bad[i].num, .desc = bad[i].desc,
				.avail = bad[i].avail, .used = bad[i].used };
		assert_false(queue_setup(f, &q));
		check_broken(f, bad[i].why);
	}
	/* a ready queue's layout cannot be changed under the device */
	struct vq good = probe_up(f, ALL_FEATURES, 8);
	vw(f, VBASE, R_QUEUE_SEL, 0);
	vw(f, VBASE, R_DESC_LO, 0x12345670);
	vw(f, VBASE, R_QUEUE_NUM, 2);
	desc(f, good.desc, 0, DATA_GPA, 4, D_WRITE, 0);
	kick(f, &good, 0);
	assert_int_equal(take_used(f, &good, NULL), 4);
	/* QueueReady 0 stops the queue */
	vw(f, VBASE, R_QUEUE_READY, 0);
	assert_int_equal(vr(f, VBASE, R_QUEUE_READY), 0);
	int n = f->probe.n_chains;
	kick(f, &good, 0);
	assert_int_equal(f->probe.n_chains, n);
	virtio_dev_free(f->probe.t);
}

/* Buffers made available before DRIVER_OK are used only once it is set. */
static void test_transport_driver_ok_gate(void **state)
{
	struct fixture *f = *state;
	f->probe.t = virtio_mmio_new(&f->mem, VBASE, irq_line(f, 0), &probe_backend, &f->probe,
				     NULL, 0);
	assert_non_null(f->probe.t);
	struct vq q = vq_at(VBASE, 0, 0, 8);
	assert_true(negotiate(f, VBASE, ALL_FEATURES & device_features(f, VBASE)));
	assert_true(queue_setup(f, &q));
	desc(f, q.desc, 0, DATA_GPA, 4, D_WRITE, 0);
	kick(f, &q, 0);
	assert_int_equal(used_waiting(f, &q), 0);
	vw(f, VBASE, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	assert_int_equal(used_waiting(f, &q), 1);
	assert_true(f->irq[0]);
	/* bad arguments to virtio_mmio_new */
	struct virtio_backend many = probe_backend;
	many.n_queues = VIRTIO_MAX_QUEUES + 1;
	assert_null(virtio_mmio_new(&f->mem, VBASE + 0x200, irq_line(f, 1), &many, NULL, NULL, 0));
	uint8_t cfg[VIRTIO_CONFIG_MAX + 1] = { 0 };
	assert_null(virtio_mmio_new(&f->mem, VBASE + 0x200, irq_line(f, 1), &probe_backend, NULL,
				    cfg, sizeof(cfg)));
	assert_null(virtio_mmio_new(&f->mem, VBASE, irq_line(f, 1), &probe_backend, NULL, NULL, 0));
	virtio_dev_free(f->probe.t);
}

/* Random rings and random register writes: the device must survive them all. */
static void test_transport_random_rings(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = blk_new(f, false, VBASE + 0x200, 1);
	uint64_t seed = 0x7669727469ull;
	for (int iter = 0; iter < 3000; iter++) {
		bool use_blk = iter & 1;
		uint64_t base = use_blk ? VBASE + 0x200 : VBASE;
		struct vq q = use_blk ? vq_at(base, 0, 1, 8) : probe_up(f, ALL_FEATURES, 8);
		if (use_blk)
			driver_up(f, base, ALL_FEATURES, &q, 1);
		/* descriptors pointing mostly near the buffers, sometimes anywhere */
		for (int i = 0; i < 8; i++) {
			uint64_t r = test_rand(&seed);
			uint64_t addr = (r & 3) ? DATA_GPA + (test_rand(&seed) & 0xffff)
				      : (r & 4) ? PRIV_BASE + (test_rand(&seed) & 0xffff)
						: test_rand(&seed);
			uint32_t len = (r >> 8) & 1 ? (uint32_t)(test_rand(&seed) & 0x3ff)
						    : (uint32_t)test_rand(&seed);
			desc(f, q.desc, i, addr, len, (uint16_t)((r >> 16) & 7),
			     (uint16_t)((r >> 20) & 15));
		}
		uint8_t hdr[16];
		for (int i = 0; i < 16; i++)
			hdr[i] = (uint8_t)test_rand(&seed);
		hdr[0] &= 0x0f;
		virtio_le_put(hdr + 8, 8, test_rand(&seed) % 20);
		gw(f, DATA_GPA, hdr, sizeof(hdr));
		uint64_t r = test_rand(&seed);
		for (int k = 0; k < 1 + (int)(r & 3); k++)
			offer(f, &q, (uint16_t)(test_rand(&seed) % 10));
		if (r & 0x10)
			gw_le(f, q.avail + 2, 2, test_rand(&seed));
		vw(f, base, R_QUEUE_NOTIFY, 0);
		/* and a few random register writes */
		for (int k = 0; k < 4; k++) {
			uint64_t v = test_rand(&seed);
			unsigned size = 1u << (v & 3);
			uint64_t off = (v >> 8) % (VIRTIO_MMIO_SIZE - size + 1);
			uint64_t val = test_rand(&seed);
			assert_true(mem_guest_io(&f->mem, &test_cpu0, base + off, size, (v >> 4) & 1, &val));
		}
		if (!use_blk && !virtio_dev_broken(f->probe.t))
			assert_true(f->probe.last.n_out + f->probe.last.n_in <= VIRTIO_QUEUE_MAX);
	}
	/* after all that, both still work */
	struct vq q = vq_at(VBASE + 0x200, 0, 1, 8);
	driver_up(f, VBASE + 0x200, ALL_FEATURES, &q, 1);
	assert_int_equal(blk_simple(f, &q, BLK_FLUSH, 0, 0), BLK_OK);
	q = probe_up(f, ALL_FEATURES, 8);
	desc(f, q.desc, 0, DATA_GPA, 4, D_WRITE, 0);
	kick(f, &q, 0);
	assert_int_equal(take_used(f, &q, NULL), 4);
	virtio_dev_free(f->probe.t);
	virtio_blk_free(b);
}

/* ------------------------------------------------------------ virtio-rng */

/* Ask for len bytes at gpa; returns how many came. */
static uint32_t rng_get(struct fixture *f, struct vq *q, uint64_t gpa, uint32_t len, uint8_t *out)
{
	desc(f, q->desc, 0, gpa, len, D_WRITE, 0);
	kick(f, q, 0);
	uint32_t got = take_used(f, q, NULL);
	if (out)
		gr(f, gpa, out, got);
	return got;
}

static void test_rng_determinism(void **state)
{
	struct fixture *f = *state;
	struct virtio_rng *r[4];
	static const uint64_t seeds[4] = { 42, 42, 43, 42 };
	struct vq q[4];
	for (int i = 0; i < 4; i++) {
		r[i] = virtio_rng_new(AT(f, VBASE + 0x200ull * i, i), seeds[i]);
		assert_non_null(r[i]);
		q[i] = vq_at(VBASE + 0x200ull * i, 0, i, 8);
		driver_up(f, VBASE + 0x200ull * i, ALL_FEATURES, &q[i], 1);
	}
	uint8_t a[137], b[137], c[137], d[137];
	for (int i = 0; i < 3; i++) {
		uint8_t *buf = i == 0 ? a : i == 1 ? b : c;
		assert_int_equal(rng_get(f, &q[i], DATA_GPA, 100, buf), 100);
		assert_int_equal(rng_get(f, &q[i], DATA_GPA, 37, buf + 100), 37);
		assert_true(f->irq[i]);
	}
	assert_memory_equal(a, b, sizeof(a));      /* same seed, same bytes */
	assert_memory_not_equal(a, c, sizeof(a));  /* another seed, others */
	/* the stream does not depend on how it is asked for */
	assert_int_equal(rng_get(f, &q[3], DATA_GPA, 137, d), 137);
	assert_memory_equal(a, d, sizeof(a));
	/* a refused (private) buffer gets nothing, and the stream does not move */
	assert_int_equal(rng_get(f, &q[0], PRIV_BASE, 64, NULL), 0);
	assert_int_equal(rng_get(f, &q[1], DATA_GPA, 64, a), 64);
	assert_int_equal(rng_get(f, &q[0], DATA_GPA, 64, b), 64);
	assert_memory_equal(a, b, 64);
	/* one request is capped; the rest of the buffer stays untouched */
	uint32_t big = 128 * 1024;
	assert_int_equal(rng_get(f, &q[2], DATA_GPA, big, NULL), 64 * 1024);
	/* a buffer outside RAM: nothing, and no harm */
	assert_int_equal(rng_get(f, &q[2], 0x5000000000ull, 16, NULL), 0);
	assert_int_equal(vr(f, VBASE + 0x400, R_STATUS) & S_NEEDS_RESET, 0);
	for (int i = 0; i < 4; i++)
		virtio_rng_free(r[i]);
}

/* -------------------------------------------------------- virtio-console */

static void test_console(void **state)
{
	struct fixture *f = *state;
	struct virtio_console *c = virtio_console_new(AT(f, VBASE, 0), out_byte, f);
	assert_non_null(c);
	const uint8_t typed[] = "abcdefghij";
	assert_int_equal(virtio_console_input(c, typed, 10), 0);      /* no driver yet */
	struct vq q[2] = { vq_at(VBASE, 0, 0, 8), vq_at(VBASE, 1, 1, 8) };
	driver_up(f, VBASE, ALL_FEATURES, q, 2);
	assert_int_equal(virtio_console_input(c, typed, 10), 0);      /* no buffers yet */

	/* output, across two buffers */
	gw(f, DATA_GPA, "hel", 3);
	gw(f, DATA_GPA + 0x100, "lo", 2);
	desc(f, q[1].desc, 0, DATA_GPA, 3, D_NEXT, 1);
	desc(f, q[1].desc, 1, DATA_GPA + 0x100, 2, 0, 0);
	kick(f, &q[1], 0);
	assert_int_equal(f->n_out, 5);
	assert_memory_equal(f->out, "hello", 5);
	assert_int_equal(take_used(f, &q[1], NULL), 0);
	assert_true(f->irq[0]);
	vw(f, VBASE, R_ISR_ACK, 1);

	/* input into two 4-byte buffers: 8 of the 10 bytes fit */
	desc(f, q[0].desc, 0, DATA_GPA + 0x1000, 4, D_WRITE, 0);
	desc(f, q[0].desc, 1, DATA_GPA + 0x2000, 4, D_WRITE, 0);
	kick(f, &q[0], 0);
	kick(f, &q[0], 1);
	assert_int_equal(used_waiting(f, &q[0]), 0);                 /* waiting for input */
	assert_int_equal(virtio_console_input(c, typed, 10), 8);
	assert_true(f->irq[0]);
	uint32_t id;
	assert_int_equal(take_used(f, &q[0], &id), 4);
	assert_int_equal(id, 0);
	assert_int_equal(take_used(f, &q[0], &id), 4);
	assert_int_equal(id, 1);
	char got[4];
	gr(f, DATA_GPA + 0x1000, got, 4);
	assert_memory_equal(got, "abcd", 4);
	gr(f, DATA_GPA + 0x2000, got, 4);
	assert_memory_equal(got, "efgh", 4);
	assert_int_equal(virtio_console_input(c, typed + 8, 2), 0);  /* out of buffers */

	/* a private receive buffer comes back empty, the bytes go to the next */
	desc(f, q[0].desc, 2, PRIV_BASE, 16, D_WRITE, 0);
	desc(f, q[0].desc, 3, DATA_GPA + 0x3000, 16, D_WRITE, 0);
	offer(f, &q[0], 2);
	offer(f, &q[0], 3);
	assert_int_equal(virtio_console_input(c, typed + 8, 2), 2);
	assert_int_equal(take_used(f, &q[0], &id), 0);
	assert_int_equal(id, 2);
	assert_int_equal(take_used(f, &q[0], &id), 2);
	assert_int_equal(id, 3);
	gr(f, DATA_GPA + 0x3000, got, 2);
	assert_memory_equal(got, "ij", 2);

	/* output from a private page is the ciphertext the host sees */
	gw(f, PRIV_BASE + 0x100, "secret", 6);
	uint8_t cipher[6];
	assert_true(mem_host_read(&f->mem, PRIV_BASE + 0x100, cipher, 6));
	desc(f, q[1].desc, 0, PRIV_BASE + 0x100, 6, 0, 0);
	kick(f, &q[1], 0);
	assert_int_equal(f->n_out, 11);
	assert_memory_equal(f->out + 5, cipher, 6);
	assert_memory_not_equal(f->out + 5, "secret", 6);
	/* and from outside RAM, nothing */
	desc(f, q[1].desc, 0, 0x6000000000ull, 6, 0, 0);
	kick(f, &q[1], 0);
	assert_int_equal(f->n_out, 11);
	assert_int_equal(vr(f, VBASE, R_STATUS) & S_NEEDS_RESET, 0);
	virtio_console_free(c);
}

/* Empty transports: identification only, Device ID 0, every other register RAZ/WI. */
static void test_empty_transports(void **state)
{
	struct fixture *f = *state;
	assert_true(virtio_mmio_add_empty(&f->mem, VBASE + 0x200, 3));
	assert_true(virtio_mmio_add_empty(&f->mem, VBASE, 0));   /* nothing to add */
	assert_false(virtio_mmio_add_empty(&f->mem, VBASE + 0x400, 1));   /* overlaps */
	for (int i = 1; i <= 3; i++) {
		uint64_t base = VBASE + 0x200ull * i;
		assert_int_equal(vr(f, base, R_MAGIC), 0x74726976);
		assert_int_equal(vr(f, base, R_VERSION), 2);
		assert_int_equal(vr(f, base, R_DEVICE_ID), 0);
		assert_int_equal(vr(f, base, R_VENDOR), VIRTIO_MMIO_VENDOR);
		assert_int_equal(mmio_rd(&f->mem, base + R_MAGIC, 1), 0x76);
		vw(f, base, R_STATUS, S_ACK | S_DRIVER);
		assert_int_equal(vr(f, base, R_STATUS), 0);
		assert_int_equal(vr(f, base, R_QUEUE_NUM_MAX), 0);
		vw(f, base, R_QUEUE_NOTIFY, 0);
		assert_int_equal(vr(f, base, R_ISR), 0);
	}
	/* the region ends after the last one */
	uint64_t v;
	assert_false(mem_guest_io(&f->mem, &test_cpu0, VBASE + 0x800, 4, false, &v));
}

/*
 * A chain as long as the queue of buffers as large as the guest likes is
 * legal (section 2.7.4); a notify does a bounded part of it (64 KiB for the
 * console), the rest goes on in later calls, and a reset drops it.
 */
static void test_console_bounded_work(void **state)
{
	struct fixture *f = *state;
	struct virtio_console *c = virtio_console_new(AT(f, VBASE, 0), out_byte, f);
	assert_non_null(c);
	struct virtio_dev *t = virtio_console_transport(c);
	struct vq q[2] = { vq_at(VBASE, 0, 0, 8), vq_at(VBASE, 1, 1, 64) };
	driver_up(f, VBASE, ALL_FEATURES, q, 2);
	enum { N = 64, LEN = 1 << 20 };   /* 64 MiB from one notify */
	for (unsigned i = 0; i < N; i++)
		desc(f, q[1].desc, i, RAM_BASE, LEN, i + 1 < N ? D_NEXT : 0, (uint16_t)(i + 1));
	static uint8_t table[N * 16];
	gr(f, q[1].desc, table, sizeof(table));
	kick(f, &q[1], 0);
	assert_int_equal(f->n_out_total, 64 * 1024);
	assert_int_equal(used_waiting(f, &q[1]), 0);
	assert_true(virtio_dev_busy(t));
	virtio_dev_resume(t);
	assert_int_equal(f->n_out_total, 2 * 64 * 1024);
	vw(f, VBASE, R_QUEUE_NOTIFY, 1);           /* a notify goes on with it too */
	assert_int_equal(f->n_out_total, 3 * 64 * 1024);
	unsigned calls = 3;
	while (virtio_dev_busy(t)) {
		virtio_dev_resume(t);
		calls++;
	}
	assert_int_equal(calls, (uint64_t)N * LEN / (64 * 1024));
	assert_int_equal(f->n_out_total, (uint64_t)N * LEN);
	assert_int_equal(take_used(f, &q[1], NULL), 0);

	/* a reset drops the request in progress */
	q[1] = vq_at(VBASE, 1, 1, 64);
	vw(f, VBASE, R_STATUS, 0);
	driver_up(f, VBASE, ALL_FEATURES, q, 2);
	gw(f, q[1].desc, table, sizeof(table));
	kick(f, &q[1], 0);
	assert_true(virtio_dev_busy(t));
	vw(f, VBASE, R_STATUS, 0);
	assert_false(virtio_dev_busy(t));
	uint64_t before = f->n_out_total;
	virtio_dev_resume(t);
	assert_int_equal(f->n_out_total, before);
	virtio_console_free(c);
}

/* A queue full of capped entropy requests is served four per call. */
static void test_rng_bounded_work(void **state)
{
	struct fixture *f = *state;
	struct virtio_rng *r = virtio_rng_new(AT(f, VBASE, 0), 1);
	assert_non_null(r);
	struct virtio_dev *t = virtio_rng_transport(r);
	struct vq q = vq_at(VBASE, 0, 0, 8);
	driver_up(f, VBASE, ALL_FEATURES, &q, 1);
	for (unsigned i = 0; i < 8; i++) {
		desc(f, q.desc, i, DATA_GPA, 1 << 20, D_WRITE, 0);
		offer(f, &q, (uint16_t)i);
	}
	vw(f, VBASE, R_QUEUE_NOTIFY, 0);
	assert_int_equal(used_waiting(f, &q), 4);
	assert_true(virtio_dev_busy(t));
	virtio_dev_resume(t);
	assert_int_equal(used_waiting(f, &q), 8);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(take_used(f, &q, NULL), 64 * 1024);
	virtio_dev_resume(t);
	assert_false(virtio_dev_busy(t));
	virtio_rng_free(r);
}

/* ------------------------------------------------------------ virtio-net */

/* What the NIC sent: the last frame and how many. */
struct wire {
	uint8_t frame[2048];
	size_t len;
	int frames;
};

static void wire_tx(void *opaque, const uint8_t *frame, size_t len)
{
	struct wire *w = opaque;
	assert_true(len <= sizeof(w->frame));
	memcpy(w->frame, frame, len);
	w->len = len;
	w->frames++;
}

static const uint8_t test_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* A NIC at VBASE, its receive queue (0) and transmit queue (1) set up. */
static struct virtio_net *net_up(struct fixture *f, struct wire *w, struct vq q[2])
{
	struct virtio_net *n = virtio_net_new(AT(f, VBASE, 0), test_mac, wire_tx, w);
	assert_non_null(n);
	q[0] = vq_at(VBASE, 0, 0, 16);
	q[1] = vq_at(VBASE, 1, 1, 16);
	driver_up(f, VBASE, ALL_FEATURES, q, 2);
	return n;
}

/* Send `len` bytes of frame (a pattern) after a header of hdr_len bytes, in two buffers. */
static void net_send(struct fixture *f, struct vq *tx, uint32_t hdr_len, uint32_t len)
{
	uint8_t buf[4096] = { 0 };
	for (uint32_t i = 0; i < len; i++)
		buf[hdr_len + i] = (uint8_t)(i * 13 + 1);
	gw(f, DATA_GPA, buf, hdr_len + len);
	desc(f, tx->desc, 0, DATA_GPA, hdr_len, D_NEXT, 1);
	desc(f, tx->desc, 1, DATA_GPA + hdr_len, len, 0, 0);
	kick(f, tx, 0);
}

/* A receive buffer of `len` bytes at gpa, made available on queue rx. */
static void net_give(struct fixture *f, struct vq *rx, uint16_t head, uint64_t gpa, uint32_t len)
{
	desc(f, rx->desc, head, gpa, len, D_WRITE, 0);
	kick(f, rx, head);
}

static void test_net_frames(void **state)
{
	struct fixture *f = *state;
	struct wire w = { 0 };
	struct vq q[2];
	struct virtio_net *n = net_up(f, &w, q);
	/* discovery: a network device with its MAC and link status */
	assert_int_equal(vr(f, VBASE, R_DEVICE_ID), 1);
	assert_int_equal(device_features(f, VBASE) & 0xffffff, (1u << 5) | (1u << 16));
	for (int i = 0; i < 6; i++)
		assert_int_equal(mmio_rd(&f->mem, VBASE + R_CONFIG + i, 1), test_mac[i]);
	assert_int_equal(mmio_rd(&f->mem, VBASE + R_CONFIG + 6, 2), 1);
	/* a frame out: the header dropped, the frame whole, the buffer back unwritten */
	net_send(f, &q[1], VIRTIO_NET_HDR_SIZE, 60);
	assert_int_equal(w.frames, 1);
	assert_int_equal(w.len, 60);
	for (int i = 0; i < 60; i++)
		assert_int_equal(w.frame[i], (uint8_t)(i * 13 + 1));
	assert_int_equal(take_used(f, &q[1], NULL), 0);
	/* a frame in before any buffer waits; a buffer given takes it */
	uint8_t frame[300];
	for (unsigned i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i ^ 0x5a);
	assert_true(virtio_net_receive(n, frame, sizeof(frame)));
	assert_int_equal(virtio_net_backlog(n), 1);
	assert_int_equal(used_waiting(f, &q[0]), 0);
	net_give(f, &q[0], 2, DATA_GPA, 1526);
	assert_int_equal(virtio_net_backlog(n), 0);
	uint32_t id;
	assert_int_equal(take_used(f, &q[0], &id), VIRTIO_NET_HDR_SIZE + sizeof(frame));
	assert_int_equal(id, 2);
	uint8_t got[VIRTIO_NET_HDR_SIZE + sizeof(frame)];
	gr(f, DATA_GPA, got, sizeof(got));
	for (int i = 0; i < 10; i++)       /* no offload asked for */
		assert_int_equal(got[i], 0);
	assert_int_equal(virtio_le_get(got + 10, 2), 1);   /* num_buffers */
	assert_memory_equal(got + VIRTIO_NET_HDR_SIZE, frame, sizeof(frame));
	/* with a buffer waiting, a frame goes straight in */
	net_give(f, &q[0], 3, DATA_GPA + 0x1000, 1526);
	assert_true(virtio_net_receive(n, frame, 60));
	assert_int_equal(take_used(f, &q[0], NULL), VIRTIO_NET_HDR_SIZE + 60);
	assert_int_equal(virtio_net_dropped(n), 0);
	assert_null(virtio_dev_broken(virtio_net_transport(n)));
	virtio_net_free(n);
}

static void net_broken(struct virtio_net *n, const char *why)
{
	const char *broken = virtio_dev_broken(virtio_net_transport(n));
	assert_non_null(broken);
	if (!strstr(broken, why))
		fail_msg("broken for '%s', expected '%s'", broken, why);
}

static void test_net_hostile_buffers(void **state)
{
	struct fixture *f = *state;
	struct wire w = { 0 };
	struct vq q[2];
	struct virtio_net *n = net_up(f, &w, q);
	uint8_t frame[300] = { 1, 2, 3 };
	/* a frame larger than an Ethernet frame: dropped, the buffer given back */
	net_send(f, &q[1], VIRTIO_NET_HDR_SIZE, VIRTIO_NET_MAX_FRAME + 1);
	assert_int_equal(w.frames, 0);
	assert_int_equal(take_used(f, &q[1], NULL), 0);
	assert_int_equal(virtio_net_dropped(n), 1);
	/* a frame outside guest memory: dropped */
	desc(f, q[1].desc, 0, DATA_GPA, VIRTIO_NET_HDR_SIZE, D_NEXT, 1);
	desc(f, q[1].desc, 1, 0x7000000000ull, 60, 0, 0);
	kick(f, &q[1], 0);
	assert_int_equal(w.frames, 0);
	assert_int_equal(take_used(f, &q[1], NULL), 0);
	assert_int_equal(virtio_net_dropped(n), 2);
	/* a receive buffer too small for the frame: the frame is dropped, the buffer back empty */
	net_give(f, &q[0], 0, DATA_GPA, VIRTIO_NET_HDR_SIZE + 100);
	assert_false(virtio_net_receive(n, frame, VIRTIO_NET_MAX_FRAME + 1));   /* too large to queue */
	assert_true(virtio_net_receive(n, frame, sizeof(frame)));
	assert_int_equal(take_used(f, &q[0], NULL), 0);
	assert_int_equal(virtio_net_backlog(n), 0);
	/* a receive buffer in a private page: nothing written, the buffer back empty */
	net_give(f, &q[0], 1, PRIV_BASE, 1526);
	assert_true(virtio_net_receive(n, frame, sizeof(frame)));
	assert_int_equal(take_used(f, &q[0], NULL), 0);
	assert_int_equal(virtio_net_dropped(n), 5);
	assert_null(virtio_dev_broken(virtio_net_transport(n)));
	/* the backlog is bounded: past it frames are dropped */
	for (int i = 0; i < VIRTIO_NET_RX_BACKLOG; i++)
		assert_true(virtio_net_receive(n, frame, 60));
	assert_false(virtio_net_receive(n, frame, 60));
	assert_int_equal(virtio_net_backlog(n), VIRTIO_NET_RX_BACKLOG);
	/* a receive buffer the device may only read breaks the protocol */
	desc(f, q[0].desc, 4, DATA_GPA, 1526, 0, 0);
	kick(f, &q[0], 4);
	net_broken(n, "no device-writable part");
	assert_true(vr(f, VBASE, R_STATUS) & S_NEEDS_RESET);
	/* as does a frame to send without room for its header, after a reset */
	driver_up(f, VBASE, ALL_FEATURES, q, 2);
	assert_null(virtio_dev_broken(virtio_net_transport(n)));
	net_send(f, &q[1], 4, 0);
	assert_int_equal(w.frames, 0);
	assert_int_equal(used_waiting(f, &q[1]), 0);
	net_broken(n, "shorter than its header");
	/* and a transmit chain that loops is caught by the transport */
	driver_up(f, VBASE, ALL_FEATURES, q, 2);
	desc(f, q[1].desc, 0, DATA_GPA, VIRTIO_NET_HDR_SIZE, D_NEXT, 1);
	desc(f, q[1].desc, 1, DATA_GPA, 60, D_NEXT, 0);
	kick(f, &q[1], 0);
	assert_int_equal(w.frames, 0);
	net_broken(n, "loops");
	virtio_net_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_discovery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_transports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feature_negotiation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_read_write_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_flush_get_id_unsupported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_bad_buffers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_private_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_indirect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_chains, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_hostile_chains, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_bad_queue_setup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_driver_ok_gate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_random_rings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rng_determinism, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_bounded_work, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rng_bounded_work, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_reports_broken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_net_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_net_hostile_buffers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
