/*
 * A linear framebuffer, as firmware leaves one for the OS: memory the guest
 * draws into in a fixed pixel format, and no registers. The guest learns of
 * it from a "simple-framebuffer" device-tree node (Linux's
 * Documentation/devicetree/bindings/display/simple-framebuffer.yaml: reg,
 * width, height, stride, format), which the board writes from this struct.
 *
 * The pixel memory is a RAM region of its own, outside the guest's RAM
 * node, and always shared with the host: the display reads it with the
 * host accessor (mem_host_read), as any device reads guest memory, and the
 * guest cannot tell when it does.
 *
 * Format "a8r8g8b8": 32-bit little-endian pixels, blue in the low byte,
 * alpha (ignored) in the high byte.
 */
#ifndef HVSIM_DEV_FB_H
#define HVSIM_DEV_FB_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/mem.h"

#define FB_FORMAT "a8r8g8b8"
#define FB_BYTES_PER_PIXEL 4

struct fb {
	struct mem_space *mem;
	uint64_t base, size;       /* the pixel memory, whole pages */
	uint32_t width, height;    /* pixels */
	uint32_t stride;           /* bytes from one line to the next */
};

/*
 * Add width x height pixels of memory at `base` to `mem`. Returns NULL if
 * the size is 0 or too large, or the region cannot be added.
 */
struct fb *fb_new(struct mem_space *mem, uint64_t base, uint32_t width, uint32_t height);
/* Free the state; the memory region stays in `mem`, so free `mem` first or with it. */
void fb_free(struct fb *fb);

/* The picture now, as 0x00RRGGBB pixels row after row (width * height of them). */
bool fb_read(const struct fb *fb, uint32_t *xrgb);
/* The picture now as a binary PPM (P6) file. False if it cannot be written. */
bool fb_write_ppm(const struct fb *fb, const char *path);

#endif
