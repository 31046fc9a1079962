/*
 * --page-map: guest RAM at exit as a picture, one 2x2 square per 4 KiB
 * page, coloured by the state mem/ keeps (code, shared, private, never
 * touched), then a strip per device region the guest MMIO-guarded, a
 * legend with each state's page count and the address scale. Written with
 * libpng's simplified API.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "machine/machine.h"

enum { PM_CODE, PM_SHARED, PM_PRIVATE, PM_UNTOUCHED, PM_GUARDED, PM_UNGUARDED, PM_N };

static const struct { const char *name; uint8_t rgb[3]; } states[PM_N] = {
	[PM_CODE] = { "CODE", { 0xd0, 0x30, 0x30 } },
	[PM_SHARED] = { "SHARED", { 0x30, 0xb0, 0x40 } },
	[PM_PRIVATE] = { "PRIVATE", { 0x30, 0x50, 0xc0 } },
	[PM_UNTOUCHED] = { "NEVER TOUCHED", { 0xd8, 0xd8, 0xd8 } },
	[PM_GUARDED] = { "MMIO-GUARDED", { 0xf0, 0x90, 0x20 } },
	[PM_UNGUARDED] = { "MMIO NOT GUARDED", { 0x60, 0x60, 0x60 } },
};

#define SQ 2              /* pixels per page, each way */
#define PER_ROW 256       /* pages per row: 1 MiB */
#define W (PER_ROW * SQ)
#define GLYPH_H 5
#define LINE_H (GLYPH_H * 2 + 4)   /* text is drawn at twice the glyph size */

/* A 3x5 font for the legend: each glyph five rows of three pixels, '#' lit. */
static const struct { char c; const char *rows; } font[] = {
	{ '0', "###" "#.#" "#.#" "#.#" "###" }, { '1', ".#." "##." ".#." ".#." "###" },
	{ '2', "###" "..#" "###" "#.." "###" }, { '3', "###" "..#" "###" "..#" "###" },
	{ '4', "#.#" "#.#" "###" "..#" "..#" }, { '5', "###" "#.." "###" "..#" "###" },
	{ '6', "###" "#.." "###" "#.#" "###" }, { '7', "###" "..#" "..#" "..#" "..#" },
	{ '8', "###" "#.#" "###" "#.#" "###" }, { '9', "###" "#.#" "###" "..#" "###" },
	{ 'A', ".#." "#.#" "###" "#.#" "#.#" }, { 'B', "##." "#.#" "##." "#.#" "##." },
	{ 'C', ".##" "#.." "#.." "#.." ".##" }, { 'D', "##." "#.#" "#.#" "#.#" "##." },
	{ 'E', "###" "#.." "##." "#.." "###" }, { 'F', "###" "#.." "##." "#.." "#.." },
	{ 'G', ".##" "#.." "#.#" "#.#" ".##" }, { 'H', "#.#" "#.#" "###" "#.#" "#.#" },
	{ 'I', "###" ".#." ".#." ".#." "###" }, { 'K', "#.#" "#.#" "##." "#.#" "#.#" },
	{ 'L', "#.." "#.." "#.." "#.." "###" }, { 'M', "#.#" "###" "###" "#.#" "#.#" },
	{ 'N', "##." "#.#" "#.#" "#.#" "#.#" }, { 'O', ".#." "#.#" "#.#" "#.#" ".#." },
	{ 'P', "##." "#.#" "##." "#.." "#.." }, { 'R', "##." "#.#" "##." "#.#" "#.#" },
	{ 'S', ".##" "#.." ".#." "..#" "##." }, { 'T', "###" ".#." ".#." ".#." ".#." },
	{ 'U', "#.#" "#.#" "#.#" "#.#" "###" }, { 'V', "#.#" "#.#" "#.#" "#.#" ".#." },
	{ 'W', "#.#" "#.#" "###" "###" "#.#" }, { 'X', "#.#" "#.#" ".#." "#.#" "#.#" },
	{ 'Y', "#.#" "#.#" ".#." ".#." ".#." }, { '-', "..." "..." "###" "..." "..." },
	{ ':', "..." ".#." "..." ".#." "..." }, { '.', "..." "..." "..." "..." ".#." },
	{ '(', "..#" ".#." ".#." ".#." "..#" }, { ')', "#.." ".#." ".#." ".#." "#.." },
};

struct canvas {
	uint8_t *px;      /* RGB */
	unsigned h;
};

static void fill(struct canvas *c, unsigned x, unsigned y, unsigned w, unsigned h,
		 const uint8_t rgb[3])
{
	for (unsigned j = y; j < y + h && j < c->h; j++)
		for (unsigned i = x; i < x + w && i < W; i++)
			memcpy(&c->px[3 * ((size_t)j * W + i)], rgb, 3);
}

/* Text at (x, y), each font pixel 2x2, in black; characters the font lacks are blank. */
static void text(struct canvas *c, unsigned x, unsigned y, const char *s)
{
	static const uint8_t ink[3] = { 0, 0, 0 };
	for (; *s; s++, x += 8) {
		for (size_t g = 0; g < sizeof(font) / sizeof(font[0]); g++) {
			if (font[g].c != *s)
				continue;
			for (unsigned k = 0; k < 15; k++)
				if (font[g].rows[k] == '#')
					fill(c, x + (k % 3) * 2, y + (k / 3) * 2, 2, 2, ink);
		}
	}
}

/* Has the host ever backed this page (the guest, a device or the loader touched it)? */
static bool touched(const struct mem_region *r, uint64_t off)
{
	long host_page = sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)(r->host + off) & ~(uintptr_t)(host_page - 1);
	unsigned char in = 0;
	return mincore((void *)a, 1, &in) != 0 || (in & 1);
}

/*
 * One state a page: decoded code first; then a page nobody ever wrote or
 * read (its backing never allocated), whatever its owner, so that a VM
 * without --pkvm, all shared, still shows what it used; then the owner.
 */
static int ram_state(const struct mem_region *r, uint64_t i)
{
	const struct mem_page p = mem_region_peek(r, i);
	if (p.flags & MEM_PF_CODE)
		return PM_CODE;
	if (!touched(r, i << MEM_PAGE_BITS))
		return PM_UNTOUCHED;
	return p.owner == MEM_SHARED ? PM_SHARED : PM_PRIVATE;
}

const char *machine_page_state(const struct mem_region *r, uint64_t i)
{
	return states[ram_state(r, i)].name;
}

static uint64_t rows_of(uint64_t pages)
{
	return (pages + PER_ROW - 1) / PER_ROW;
}

/* A region's pages, PER_ROW a row from y; returns the next free y. */
static unsigned draw_region(struct canvas *c, const struct mem_region *r, unsigned y,
			    uint64_t counts[PM_N])
{
	char line[96];
	snprintf(line, sizeof(line), "%s 0X%llX-0X%llX", r->kind == MEM_RAM ? "RAM" : "DEVICE",
		 (unsigned long long)r->base, (unsigned long long)(r->base + r->size));
	for (char *s = line; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
	text(c, 2, y + 2, line);
	y += LINE_H;
	uint64_t pages = r->kind == MEM_RAM ? r->size >> MEM_PAGE_BITS : mem_mmio_pages(r);
	uint64_t page0 = r->base & ~(MEM_PAGE_SIZE - 1);
	for (uint64_t i = 0; i < pages; i++) {
		int s = r->kind == MEM_RAM ? ram_state(r, i)
			: mem_mmio_is_guarded(r, page0 + (i << MEM_PAGE_BITS)) ? PM_GUARDED
			: PM_UNGUARDED;
		counts[s]++;
		fill(c, (unsigned)(i % PER_ROW) * SQ, y + (unsigned)(i / PER_ROW) * SQ, SQ, SQ,
		     states[s].rgb);
	}
	return y + (unsigned)rows_of(pages) * SQ + 4;
}

int hvsim_vm_page_map(struct hvsim_vm *vm, const char *path, char *err, size_t errlen)
{
	uint64_t h = PM_N * LINE_H + LINE_H + 4;
	for (int i = 0; i < vm->mem.n_regions; i++) {
		const struct mem_region *r = &vm->mem.regions[i];
		if (r->kind == MEM_RAM)
			h += LINE_H + rows_of(r->size >> MEM_PAGE_BITS) * SQ + 4;
		else if (r->kind == MEM_MMIO && r->guarded)
			h += LINE_H + rows_of(mem_mmio_pages(r)) * SQ + 4;
	}
	if (h > 16384) {
		snprintf(err, errlen, "--page-map: guest RAM too large for one picture");
		return HVSIM_BAD_INPUT;
	}
	struct canvas c = { .h = (unsigned)h, .px = malloc((size_t)W * h * 3) };
	if (!c.px) {
		snprintf(err, errlen, "--page-map: out of memory");
		return HVSIM_ERROR;
	}
	memset(c.px, 0xff, (size_t)W * h * 3);
	uint64_t counts[PM_N] = { 0 };
	unsigned y = 0;
	text(&c, 2, 2, "ONE BOX PER 4 KIB PAGE. 256 PAGES (1 MIB) PER ROW");
	y += LINE_H;
	/* RAM first, then the device regions with guarded pages. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < vm->mem.n_regions; i++) {
			const struct mem_region *r = &vm->mem.regions[i];
			if (pass == 0 ? r->kind == MEM_RAM : r->kind == MEM_MMIO && r->guarded)
				y = draw_region(&c, r, y, counts);
		}
	}
	for (int s = 0; s < PM_N; s++, y += LINE_H) {
		char line[64];
		fill(&c, 2, y + 1, 10, 10, states[s].rgb);
		snprintf(line, sizeof(line), "%s: %llu", states[s].name, (unsigned long long)counts[s]);
		text(&c, 18, y + 1, line);
	}
	png_image img = { .version = PNG_IMAGE_VERSION, .width = W, .height = c.h,
			  .format = PNG_FORMAT_RGB };
	int ok = png_image_write_to_file(&img, path, 0, c.px, W * 3, NULL);
	free(c.px);
	if (!ok) {
		snprintf(err, errlen, "cannot write the page map '%s': %s", path, img.message);
		return HVSIM_BAD_INPUT;
	}
	return 0;
}
