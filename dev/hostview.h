/*
 * hostview: an hvsim-only demo/lab device that lets the guest see guest
 * memory the way the host sees it, through the host's accessor
 * (mem_host_read/mem_host_write): a private page reads as ciphertext and
 * refuses host writes, a shared page reads and writes as itself.
 *
 * Registers (4 KiB region, little-endian, any access size; an access that
 * crosses an 8-byte register boundary touches both registers' bytes):
 *   0x00 ADDR    RW  guest-physical address
 *   0x08 DATA    RO  the 8 bytes at ADDR as the host reads them (0 unless all
 *                    8 are RAM/ROM); a narrower read at 0x08+k returns the
 *                    bytes from ADDR+k of those 8
 *   0x10 WRITE   WO  the host writes the bytes written at 0x10+k to ADDR+k
 *   0x18 STATUS  RO  1 if the last host write was accepted, 0 if refused
 *                    (or none yet)
 */
#ifndef HVSIM_DEV_HOSTVIEW_H
#define HVSIM_DEV_HOSTVIEW_H

#include <stdint.h>

#include "mem/mem.h"

#define HOSTVIEW_MMIO_SIZE 0x1000

enum { HOSTVIEW_ADDR = 0x00, HOSTVIEW_DATA = 0x08, HOSTVIEW_WRITE = 0x10, HOSTVIEW_STATUS = 0x18 };

struct hostview;

/* Returns NULL if the region cannot be added to `mem`. */
struct hostview *hostview_new(struct mem_space *mem, uint64_t base);
/* Free the state; the MMIO region stays in `mem`, so free `mem` first or with it. */
void hostview_free(struct hostview *h);

struct snap;
/* Save or load the device's registers (mem/snap.h). */
void hostview_snapshot(struct hostview *h, struct snap *s);

#endif
