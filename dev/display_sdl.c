/*
 * The display window with SDL2 (see display.h): a streaming texture the
 * size of the frame, scaled to the window, which the user may resize.
 * Headless runs use SDL's own drivers (SDL_VIDEODRIVER=dummy or offscreen).
 */
#include <SDL.h>
#include <stdlib.h>

#include "dev/display.h"

struct display {
	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Texture *tex;
	uint32_t width, height;
};

void display_close(struct display *d)
{
	if (!d)
		return;
	if (d->tex)
		SDL_DestroyTexture(d->tex);
	if (d->ren)
		SDL_DestroyRenderer(d->ren);
	if (d->win)
		SDL_DestroyWindow(d->win);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	free(d);
}

struct display *display_open(const char *title, uint32_t width, uint32_t height, char *err,
			     size_t errlen)
{
	struct display *d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/* hvsim's console is on stdio: Ctrl-C there is the guest's, not a reason for SDL to quit. */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		snprintf(err, errlen, "cannot open an SDL display: %s", SDL_GetError());
		free(d);
		return NULL;
	}
	d->width = width;
	d->height = height;
	d->win = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
				  (int)width, (int)height, SDL_WINDOW_RESIZABLE);
	if (d->win)
		d->ren = SDL_CreateRenderer(d->win, -1, 0);
	if (d->ren)
		d->tex = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_XRGB8888,
					   SDL_TEXTUREACCESS_STREAMING, (int)width, (int)height);
	if (!d->tex) {
		snprintf(err, errlen, "cannot open an SDL window: %s", SDL_GetError());
		display_close(d);
		return NULL;
	}
	SDL_RenderSetLogicalSize(d->ren, (int)width, (int)height);
	return d;
}

bool display_show(struct display *d, const uint32_t *xrgb)
{
	SDL_Event ev;
	bool open = true;
	while (SDL_PollEvent(&ev))
		if (ev.type == SDL_QUIT ||
		    (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_CLOSE))
			open = false;
	SDL_UpdateTexture(d->tex, NULL, xrgb, (int)(d->width * sizeof(*xrgb)));
	SDL_RenderClear(d->ren);
	SDL_RenderCopy(d->ren, d->tex, NULL, NULL);
	SDL_RenderPresent(d->ren);
	return open;
}
