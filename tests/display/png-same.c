/*
 * png-same PANEL MAP: do the live page map's window (PANEL, saved with
 * --screenshot-page-map) and the page map (MAP, --page-map) show the same
 * pixels? The window is as wide and at least as tall (it keeps room for
 * device regions the guest has not guarded yet): the map's rows must be
 * the window's first rows, and the window's rows below them white.
 * Exit 0 if so, 1 with the first difference if not, 2 if a file is no PNG.
 */
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *load(const char *path, png_image *img)
{
	*img = (png_image){ .version = PNG_IMAGE_VERSION };
	if (!png_image_begin_read_from_file(img, path)) {
		fprintf(stderr, "png-same: %s: %s\n", path, img->message);
		return NULL;
	}
	img->format = PNG_FORMAT_RGB;
	uint8_t *px = malloc(PNG_IMAGE_SIZE(*img));
	if (!px || !png_image_finish_read(img, NULL, px, 0, NULL)) {
		fprintf(stderr, "png-same: %s: %s\n", path, px ? img->message : "out of memory");
		free(px);
		return NULL;
	}
	return px;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: png-same PANEL.png MAP.png\n");
		return 2;
	}
	png_image pi, mi;
	uint8_t *panel = load(argv[1], &pi), *map = panel ? load(argv[2], &mi) : NULL;
	if (!map)
		return 2;
	int rc = 0;
	if (pi.width != mi.width || pi.height < mi.height) {
		printf("sizes differ: %ux%u window, %ux%u map\n", pi.width, pi.height, mi.width,
		       mi.height);
		rc = 1;
	}
	for (unsigned y = 0; y < pi.height && !rc; y++) {
		for (unsigned x = 0; x < pi.width && !rc; x++) {
			const uint8_t *p = &panel[3 * ((size_t)y * pi.width + x)];
			const uint8_t *want = y < mi.height ? &map[3 * ((size_t)y * mi.width + x)]
							    : (const uint8_t *)"\xff\xff\xff";
			if (memcmp(p, want, 3)) {
				printf("pixel (%u, %u): window %02x%02x%02x, %s %02x%02x%02x\n", x, y,
				       p[0], p[1], p[2], y < mi.height ? "map" : "white below the map",
				       want[0], want[1], want[2]);
				rc = 1;
			}
		}
	}
	if (!rc)
		printf("same pixels: %ux%u, then %u white rows\n", mi.width, mi.height,
		       pi.height - mi.height);
	free(panel);
	free(map);
	return rc;
}
