/*
 * A window on the host that shows frames: output only, so nothing the
 * guest can observe depends on it. dev/display_sdl.c implements it with
 * SDL2 when hvsim is built with -DHVSIM_SDL=ON; otherwise opening one fails
 * with a message saying so.
 */
#ifndef HVSIM_DEV_DISPLAY_H
#define HVSIM_DEV_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct display;

#ifdef HVSIM_SDL
/* A width x height window titled `title`; NULL with a message if there is no display to open. */
struct display *display_open(const char *title, uint32_t width, uint32_t height, char *err,
			     size_t errlen);
/* Show a frame of 0x00RRGGBB pixels, row after row. False once the user closed the window. */
bool display_show(struct display *d, const uint32_t *xrgb);
void display_close(struct display *d);
#else
static inline struct display *display_open(const char *title, uint32_t width, uint32_t height,
					   char *err, size_t errlen)
{
	snprintf(err, errlen, "this hvsim is built without SDL2 (configure with -DHVSIM_SDL=ON)");
	return NULL;
}
static inline bool display_show(struct display *d, const uint32_t *xrgb)
{
	return true;
}
static inline void display_close(struct display *d)
{
}
#endif

#endif
