/*
 * virtio block device (VIRTIO 1.2 section 5.2) backed by a raw image file,
 * on either virtio transport (virtio_queue.h).
 *
 * Offered features: VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_BLK_SIZE (512),
 * VIRTIO_BLK_F_FLUSH, and VIRTIO_BLK_F_RO for a read-only disk. Requests:
 * VIRTIO_BLK_T_IN, _OUT, _FLUSH and _GET_ID; any other type completes with
 * VIRTIO_BLK_S_UNSUPP. The capacity is the file's size in 512-byte sectors,
 * rounded down, fixed when the file is opened.
 *
 * A write to a read-only disk, a request outside the disk or not a multiple
 * of 512 bytes, a host I/O error, or a data buffer the device may not write
 * (outside RAM, or a private page) completes with VIRTIO_BLK_S_IOERR. A data
 * buffer in a private page that the device reads (a write request) gives it
 * ciphertext, which goes to the disk as real hardware would store it.
 */
#ifndef HVSIM_DEV_VIRTIO_BLK_H
#define HVSIM_DEV_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/virtio_queue.h"

struct virtio_blk;

/*
 * Open the disk image at `path`, for reading and writing unless `readonly`.
 * On failure returns NULL with a message naming the file in err: missing or
 * unreadable, not a file, or read-only on disk while writing was asked for.
 */
struct virtio_blk *virtio_blk_open(const char *path, bool readonly, char *err, size_t errlen);
/*
 * -snapshot: the image (opened read-only) stays as it is; the guest's
 * writes go to a temporary overlay, deleted at exit, and reads see them.
 * The disk is writable unless `readonly`. False with a message if the
 * overlay cannot be made. Before virtio_blk_attach.
 */
bool virtio_blk_use_overlay(struct virtio_blk *b, bool readonly, char *err, size_t errlen);
/*
 * Put the disk on the board, on the transport `p` names (virtio_queue.h).
 * False if it is already attached or the transport cannot be added.
 */
bool virtio_blk_attach(struct virtio_blk *b, const struct virtio_place *p);
/* Close the image and free the device; its registers stay mapped, so free the memory (or PCI host) first or with it. */
void virtio_blk_free(struct virtio_blk *b);
/* Its transport (NULL for a disk not attached). */
struct virtio_dev *virtio_blk_transport(const struct virtio_blk *b);

struct snap;
/* Save or load the device and its request in progress (the disk's contents are the image's). */
void virtio_blk_snapshot(struct virtio_blk *b, struct snap *s);

#endif
