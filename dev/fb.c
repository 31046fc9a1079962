/*
 * The linear framebuffer (see fb.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "dev/fb.h"

/* 16384 x 16384 pixels: far beyond any display, and the size stays well inside 32 bits. */
#define FB_MAX_SIDE 16384u

struct fb *fb_new(struct mem_space *mem, uint64_t base, uint32_t width, uint32_t height)
{
	if (!width || !height || width > FB_MAX_SIDE || height > FB_MAX_SIDE)
		return NULL;
	struct fb *fb = calloc(1, sizeof(*fb));
	if (!fb)
		return NULL;
	fb->mem = mem;
	fb->base = base;
	fb->width = width;
	fb->height = height;
	fb->stride = width * FB_BYTES_PER_PIXEL;
	fb->size = ((uint64_t)fb->stride * height + MEM_PAGE_SIZE - 1) & ~(MEM_PAGE_SIZE - 1);
	/* Shared from the start, whatever the guest's RAM is: it is the display's memory. */
	if (!mem_add_ram(mem, "framebuffer", base, fb->size, MEM_SHARED)) {
		free(fb);
		return NULL;
	}
	return fb;
}

void fb_free(struct fb *fb)
{
	free(fb);
}

bool fb_read(const struct fb *fb, uint32_t *xrgb)
{
	size_t n = (size_t)fb->width * fb->height;
	/* stride == width * 4: the lines are contiguous, one read takes them all. */
	if (!mem_host_read(fb->mem, fb->base, xrgb, n * FB_BYTES_PER_PIXEL))
		return false;
	/* a8r8g8b8 read on a little-endian host (as hvsim requires) is 0xAARRGGBB. */
	for (size_t i = 0; i < n; i++)
		xrgb[i] &= 0x00ffffffu;
	return true;
}

bool fb_write_ppm(const struct fb *fb, const char *path)
{
	size_t n = (size_t)fb->width * fb->height;
	uint32_t *px = malloc(n * sizeof(*px));
	uint8_t *rgb = malloc(n * 3);
	FILE *f = NULL;
	bool ok = px && rgb && fb_read(fb, px) && (f = fopen(path, "wb")) != NULL;
	if (ok) {
		for (size_t i = 0; i < n; i++) {
			rgb[3 * i] = (uint8_t)(px[i] >> 16);
			rgb[3 * i + 1] = (uint8_t)(px[i] >> 8);
			rgb[3 * i + 2] = (uint8_t)px[i];
		}
		ok = fprintf(f, "P6\n%u %u\n255\n", fb->width, fb->height) > 0 &&
		     fwrite(rgb, 3, n, f) == n;
	}
	if (f && fclose(f) != 0)
		ok = false;
	free(px);
	free(rgb);
	return ok;
}
