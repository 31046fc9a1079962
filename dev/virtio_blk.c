/*
 * virtio block device (VIRTIO 1.2 section 5.2 "Block Device"), see
 * virtio_blk.h. Requests are read as byte streams from their chains
 * (section 2.7.4 "Message Framing"): the 16-byte header at the start of the
 * readable part, the status byte at the end of the writable part, the data
 * in between, however the driver cut it into buffers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dev/virtio_blk.h"
#include "dev/virtio_mmio.h"
#include "mem/snap.h"

/* Section 5.2.3 "Feature bits". */
#define VIRTIO_BLK_F_SEG_MAX (1ull << 2)
#define VIRTIO_BLK_F_RO (1ull << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ull << 6)
#define VIRTIO_BLK_F_FLUSH (1ull << 9)

/* Section 5.2.6 "Device Operation": request types and status values. */
enum { BLK_T_IN = 0, BLK_T_OUT = 1, BLK_T_FLUSH = 4, BLK_T_GET_ID = 8 };
enum { BLK_S_OK = 0, BLK_S_IOERR = 1, BLK_S_UNSUPP = 2 };

#define SECTOR_SIZE 512
#define HEADER_SIZE 16             /* le32 type, le32 reserved, le64 sector */
#define ID_BYTES 20                /* VIRTIO_BLK_ID_BYTES */
/* The request header and the status byte take a segment each. */
#define SEG_MAX (VIRTIO_QUEUE_MAX - 2)
#define CHUNK (64 * 1024)          /* data moves between file and guest in pieces this big */
/*
 * Data moved per call: Linux's requests stay below it (max_sectors_kb is
 * 1280 by default), so only a hostile request is carried over.
 */
#define WORK_PER_NOTIFY (4ull << 20)

/* Section 5.2.4 "Device configuration layout", up to blk_size. */
enum { CFG_CAPACITY = 0, CFG_SEG_MAX = 12, CFG_BLK_SIZE = 20, CFG_SIZE = 24 };

/* A request's state across steps (section 5.2.6). */
struct blk_req {
	bool write;                /* VIRTIO_BLK_T_OUT, else _IN */
	uint64_t pos, len;         /* disk offset and data bytes */
	uint64_t written;          /* bytes written into the chain so far */
	uint8_t status;
};

struct virtio_blk {
	int fd;
	bool readonly;
	int overlay_fd;            /* -snapshot: written sectors live here (-1: none) */
	uint8_t *dirty;            /* a bit per sector: its data is in the overlay */
	uint64_t sectors;
	char id[ID_BYTES];         /* NUL-padded, no terminator at full length */
	struct virtio_backend be;  /* the features depend on `readonly` */
	struct virtio_mmio *t;
	struct blk_req req;        /* the request in progress */
	uint8_t buf[CHUNK];
};

/* pread/pwrite the whole range, or fail (short reads past the end included). */
static bool file_io(int fd, bool write, uint8_t *buf, size_t len, uint64_t off)
{
	while (len) {
		ssize_t n = write ? pwrite(fd, buf, len, (off_t)off) : pread(fd, buf, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return true;
}

static bool sector_dirty(const struct virtio_blk *b, uint64_t sector)
{
	return b->dirty[sector / 8] >> (sector % 8) & 1;
}

/*
 * Whole sectors from `off`: to the image, or with an overlay (-snapshot)
 * written to the overlay and read from wherever each run of sectors
 * was last written.
 */
static bool disk_io(struct virtio_blk *b, bool write, uint8_t *buf, size_t len, uint64_t off)
{
	if (b->overlay_fd < 0)
		return file_io(b->fd, write, buf, len, off);
	uint64_t first = off / SECTOR_SIZE, n = len / SECTOR_SIZE;
	if (write) {
		for (uint64_t s = first; s < first + n; s++)
			b->dirty[s / 8] |= (uint8_t)(1u << (s % 8));
		return file_io(b->overlay_fd, true, buf, len, off);
	}
	for (uint64_t s = first, run; s < first + n; s += run) {
		bool d = sector_dirty(b, s);
		for (run = 1; s + run < first + n && sector_dirty(b, s + run) == d; run++)
			;
		if (!file_io(d ? b->overlay_fd : b->fd, false, buf + (s - first) * SECTOR_SIZE,
			     run * SECTOR_SIZE, s * SECTOR_SIZE))
			return false;
	}
	return true;
}

/* The status byte, then the chain back: the request is over. */
static bool finish(struct virtio_blk *b, unsigned queue, struct virtq_job *j)
{
	uint64_t written = b->req.written;
	if (virtq_write(b->t, &j->chain, j->chain.in_len - 1, &b->req.status, 1))
		written++;
	virtq_push(b->t, queue, &j->chain, (uint32_t)written);
	return true;
}

/*
 * Section 5.2.6.2: a write to a read-only device fails and writes nothing;
 * a transfer must lie inside the disk.
 */
static uint8_t transfer_check(const struct virtio_blk *b, bool write, uint64_t sector, uint64_t len)
{
	if (write && b->readonly)
		return BLK_S_IOERR;
	if (len % SECTOR_SIZE || sector > b->sectors || len / SECTOR_SIZE > b->sectors - sector)
		return BLK_S_IOERR;
	return BLK_S_OK;
}

/*
 * The request's first step: its header. A transfer then goes on in steps
 * (b->req); anything else is answered at once. Returns false when the
 * request is over, its status in b->req.status.
 */
static bool begin(struct virtio_blk *b, const struct virtq_chain *c)
{
	uint8_t hdr[HEADER_SIZE];
	struct blk_req *r = &b->req;
	*r = (struct blk_req){ .status = BLK_S_IOERR };
	if (!virtq_read(b->t, c, 0, hdr, sizeof(hdr)))
		return false;
	uint32_t type = (uint32_t)virtio_le_get(hdr, 4);
	uint64_t sector = virtio_le_get(hdr + 8, 8);
	uint64_t in_data = c->in_len - 1, out_data = c->out_len - HEADER_SIZE;
	switch (type) {
	case BLK_T_IN:
	case BLK_T_OUT:
		r->write = type == BLK_T_OUT;
		r->len = r->write ? out_data : in_data;
		r->pos = sector * SECTOR_SIZE;
		r->status = transfer_check(b, r->write, sector, r->len);
		return r->status == BLK_S_OK;
	case BLK_T_FLUSH:
		/* A snapshot's writes are thrown away at exit: nothing to make stable. */
		r->status = b->readonly || b->overlay_fd >= 0 || fdatasync(b->fd) == 0 ? BLK_S_OK
										   : BLK_S_IOERR;
		return false;
	case BLK_T_GET_ID: {
		size_t n = in_data < ID_BYTES ? (size_t)in_data : ID_BYTES;
		if (virtq_write(b->t, c, 0, b->id, n)) {
			r->written = n;
			r->status = BLK_S_OK;
		}
		return false;
	}
	}
	r->status = BLK_S_UNSUPP;
	return false;
}

/*
 * A step of a transfer, CHUNK bytes at a time between file and guest. False
 * when it is over (done or failed), its status in b->req.status.
 */
static bool transfer(struct virtio_blk *b, struct virtq_job *j, uint64_t *budget)
{
	struct blk_req *r = &b->req;
	const struct virtq_chain *c = &j->chain;
	while (j->done < r->len && *budget) {
		size_t n = virtq_piece(r->len - j->done, *budget, CHUNK);
		bool ok = r->write ? virtq_read(b->t, c, HEADER_SIZE + j->done, b->buf, n) &&
					     disk_io(b, true, b->buf, n, r->pos + j->done)
				   : disk_io(b, false, b->buf, n, r->pos + j->done) &&
					     virtq_write(b->t, c, j->done, b->buf, n);
		if (!ok) {
			r->status = BLK_S_IOERR;
			return false;
		}
		j->done += n;
		*budget -= n;
		if (!r->write)
			r->written = j->done;
	}
	if (j->done < r->len)
		return true;
	/*
	 * Section 5.2.6.2: with VIRTIO_BLK_F_FLUSH offered but not negotiated,
	 * a completed write must already be stable.
	 */
	if (r->write && r->len && b->overlay_fd < 0 &&
	    !(virtio_mmio_driver_features(b->t) & VIRTIO_BLK_F_FLUSH) && fdatasync(b->fd) != 0)
		r->status = BLK_S_IOERR;
	return false;
}

/*
 * One step of a request. Without room for its header and status byte it
 * cannot even be answered: the driver broke the protocol, and the device
 * needs a reset.
 */
static bool step(void *opaque, struct virtio_mmio *t, unsigned queue, struct virtq_job *j,
		 uint64_t *budget)
{
	struct virtio_blk *b = opaque;
	const struct virtq_chain *c = &j->chain;
	if (!j->begun) {
		j->begun = true;
		if (c->out_len < HEADER_SIZE || c->in_len < 1) {
			virtio_mmio_set_broken(t, "virtio-blk request without header or status byte");
			return true;
		}
		if (!begin(b, c))
			return finish(b, queue, j);
	}
	return transfer(b, j, budget) ? false : finish(b, queue, j);
}

static void blk_notify(void *opaque, struct virtio_mmio *t, unsigned queue)
{
	virtq_serve(t, queue, step);
}

/* The device ID string (section 5.2.6): the image's file name, cut to 20 bytes. */
static void set_id(struct virtio_blk *b, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	size_t n = strlen(name);
	memcpy(b->id, name, n < ID_BYTES ? n : ID_BYTES);
}

struct virtio_blk *virtio_blk_open(const char *path, bool readonly, char *err, size_t errlen)
{
	int fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		int probe = readonly ? -1 : open(path, O_RDONLY | O_CLOEXEC);
		if (probe >= 0) {
			close(probe);
			snprintf(err, errlen, "disk image '%s' is read-only (%s): use it read-only",
				 path, strerror(e));
		} else {
			snprintf(err, errlen, "cannot open disk image '%s': %s", path, strerror(e));
		}
		return NULL;
	}
	struct stat st;
	off_t size = -1;
	if (fstat(fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)))
		size = lseek(fd, 0, SEEK_END);
	if (size < 0) {
		snprintf(err, errlen, "disk image '%s' is not a file or block device of known size",
			 path);
		close(fd);
		return NULL;
	}
	struct virtio_blk *b = calloc(1, sizeof(*b));
	if (!b) {
		snprintf(err, errlen, "disk image '%s': out of memory", path);
		close(fd);
		return NULL;
	}
	b->fd = fd;
	b->overlay_fd = -1;
	b->readonly = readonly;
	b->sectors = (uint64_t)size / SECTOR_SIZE;
	set_id(b, path);
	return b;
}

bool virtio_blk_use_overlay(struct virtio_blk *b, bool readonly, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/hvsim-snapshot-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(err, errlen, "-snapshot: cannot create a temporary overlay in '%s': %s",
			 dir && *dir ? dir : "/tmp", strerror(errno));
		return false;
	}
	unlink(path);   /* gone with the last descriptor, whatever way hvsim ends */
	b->dirty = calloc((size_t)(b->sectors / 8 + 1), 1);
	if (!b->dirty) {
		close(fd);
		snprintf(err, errlen, "-snapshot: out of memory");
		return false;
	}
	b->overlay_fd = fd;
	b->readonly = readonly;
	return true;
}

bool virtio_blk_attach(struct virtio_blk *b, struct mem_space *mem, uint64_t base,
		       struct dev_irq irq)
{
	if (b->t)
		return false;
	uint8_t cfg[CFG_SIZE] = { 0 };
	virtio_le_put(cfg + CFG_CAPACITY, 8, b->sectors);
	virtio_le_put(cfg + CFG_SEG_MAX, 4, SEG_MAX);
	virtio_le_put(cfg + CFG_BLK_SIZE, 4, SECTOR_SIZE);
	b->be = (struct virtio_backend){
		.name = "virtio-blk",
		.device_id = VIRTIO_ID_BLOCK,
		.features = VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH |
			    (b->readonly ? VIRTIO_BLK_F_RO : 0),
		.n_queues = 1,
		.notify = blk_notify,
		.work_per_notify = WORK_PER_NOTIFY,
	};
	b->t = virtio_mmio_new(mem, base, irq, &b->be, b, cfg, sizeof(cfg));
	return b->t != NULL;
}

struct virtio_mmio *virtio_blk_transport(const struct virtio_blk *b)
{
	return b->t;
}

void virtio_blk_free(struct virtio_blk *b)
{
	if (!b)
		return;
	virtio_mmio_free(b->t);
	close(b->fd);
	if (b->overlay_fd >= 0)
		close(b->overlay_fd);
	free(b->dirty);
	free(b);
}

void virtio_blk_snapshot(struct virtio_blk *b, struct snap *s)
{
	virtio_mmio_snapshot(b->t, s);
	snap_section(s, "virtio-blk");
	snap_val(s, b->req);
}
