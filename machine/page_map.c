/*
 * The page map: guest RAM as a picture, one 2x2 square per 4 KiB page,
 * coloured by the state mem/ keeps (code, shared, private, never touched),
 * then a strip per device region the guest MMIO-guarded; above them a title
 * and a legend with each state's page count. Two users, one drawing:
 * --page-map writes it as PNG at exit (libpng's simplified API), and
 * -display sdl,page-map=on shows it live in a second window, which
 * machine/vm.c only blits.
 *
 * A map keeps the state it last drew for each page and repaints what
 * changed: the pages a transition marked (the listener only sets a bit),
 * a bounded sweep of all pages per refresh for what no transition reports
 * (a page's first touch, code decoded there), and the device strips when
 * the count of guarded pages moved. Reading page records (peek) and which
 * pages were touched (mem_touched) changes nothing the guest can see.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/machine.h"

enum { PM_CODE, PM_SHARED, PM_PRIVATE, PM_UNTOUCHED, PM_GUARDED, PM_UNGUARDED, PM_N,
       PM_NONE = 0xff /* not drawn yet */ };

static const struct { const char *name; uint32_t rgb; } states[PM_N] = {
	[PM_CODE] = { "CODE", 0xd03030 },
	[PM_SHARED] = { "SHARED", 0x30b040 },
	[PM_PRIVATE] = { "PRIVATE", 0x3050c0 },
	[PM_UNTOUCHED] = { "NEVER TOUCHED", 0xd8d8d8 },
	[PM_GUARDED] = { "MMIO-GUARDED", 0xf09020 },
	[PM_UNGUARDED] = { "MMIO NOT GUARDED", 0x606060 },
};

#define SQ 2              /* pixels per page, each way */
#define PER_ROW 256       /* pages per row: 1 MiB */
#define W (PER_ROW * SQ)
#define GLYPH_H 5
#define LINE_H (GLYPH_H * 2 + 4)   /* text is drawn at twice the glyph size */
#define LEGEND_Y LINE_H            /* below the title */
#define MAX_H 16384                /* taller is no picture to look at */
#define WHITE 0xffffffu
/* Pages the sweep looks at per refresh: 64 MiB, a 512 MiB guest every 8 frames. */
#define SWEEP_PAGES 16384u

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

/* A RAM region on the map. */
struct pm_ram {
	const struct mem_region *r;
	uint64_t first;           /* index of its page 0 among the map's pages */
	uint64_t pages;
	unsigned y;               /* the pixel row of its first pages */
};

struct page_map {
	struct mem_space *mem;
	uint32_t *px;             /* 0x00RRGGBB, W a row */
	unsigned h;               /* rows of the canvas */
	unsigned used;            /* rows the layout uses now: what --page-map writes */
	struct pm_ram ram[MEM_MAX_REGIONS];
	int n_ram;
	uint64_t n_pages;         /* RAM pages on the map */
	uint8_t *state;           /* per page: the state drawn, PM_NONE before the first look */
	uint64_t *dirty;          /* per page: a transition since the last refresh */
	uint64_t sweep;           /* the page the next sweep starts at */
	uint8_t *touched;         /* mem_touched's answer for up to SWEEP_PAGES pages */
	unsigned dev_y;           /* the pixel row where the device strips begin */
	uint64_t guards_drawn;    /* mem->mmio_guarded when the strips were drawn */
	bool devices_drawn;
	uint64_t counts[PM_N];
	uint64_t legend[PM_N];    /* the counts the legend shows */
	bool legend_drawn;
};

static void fill(struct page_map *pm, unsigned x, unsigned y, unsigned w, unsigned h,
		 uint32_t rgb)
{
	for (unsigned j = y; j < y + h && j < pm->h; j++)
		for (unsigned i = x; i < x + w && i < W; i++)
			pm->px[(size_t)j * W + i] = rgb;
}

/* Text at (x, y), each font pixel 2x2, in black; characters the font lacks are blank. */
static void text(struct page_map *pm, unsigned x, unsigned y, const char *s)
{
	for (; *s; s++, x += 8) {
		for (size_t g = 0; g < sizeof(font) / sizeof(font[0]); g++) {
			if (font[g].c != *s)
				continue;
			for (unsigned k = 0; k < 15; k++)
				if (font[g].rows[k] == '#')
					fill(pm, x + (k % 3) * 2, y + (k / 3) * 2, 2, 2, 0);
		}
	}
}

/*
 * One state a page: decoded code first; then a page nobody ever wrote or
 * read (never touched: mem_touched), whatever its owner, so that a VM
 * without --pkvm, all shared, still shows what it used; then the owner.
 */
static int page_state(const struct mem_page *p, bool touched)
{
	if (p->flags & MEM_PF_CODE)
		return PM_CODE;
	if (!touched)
		return PM_UNTOUCHED;
	return p->owner == MEM_SHARED ? PM_SHARED : PM_PRIVATE;
}

const char *machine_page_state(const struct mem_region *r, uint64_t i)
{
	uint8_t touched;
	mem_touched(r, i, 1, &touched);
	const struct mem_page p = mem_region_peek(r, i);
	return states[page_state(&p, touched)].name;
}

static unsigned rows_of(uint64_t pages)
{
	return (unsigned)((pages + PER_ROW - 1) / PER_ROW);
}

/* The rows a region takes: its label, its pages, a gap. */
static uint64_t region_rows(uint64_t pages)
{
	return LINE_H + (uint64_t)rows_of(pages) * SQ + 4;
}

static void label(struct page_map *pm, const struct mem_region *r, unsigned y)
{
	char line[96];
	snprintf(line, sizeof(line), "%s 0X%llX-0X%llX", r->kind == MEM_RAM ? "RAM" : "DEVICE",
		 (unsigned long long)r->base, (unsigned long long)(r->base + r->size));
	for (char *s = line; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
	text(pm, 2, y + 2, line);
}

/* Page i of a region whose pages start at pixel row y, in state s. */
static void paint(struct page_map *pm, unsigned y, uint64_t i, int s)
{
	fill(pm, (unsigned)(i % PER_ROW) * SQ, y + (unsigned)(i / PER_ROW) * SQ, SQ, SQ,
	     states[s].rgb);
}

/* Look again at pages [i, i+n) of map RAM region k (n <= SWEEP_PAGES); true if one changed. */
static bool look(struct page_map *pm, const struct pm_ram *k, uint64_t i, uint64_t n)
{
	bool changed = false;
	mem_touched(k->r, i, n, pm->touched);
	for (uint64_t j = i; j < i + n; j++) {
		const struct mem_page p = mem_region_peek(k->r, j);
		int s = page_state(&p, pm->touched[j - i]);
		uint8_t *drawn = &pm->state[k->first + j];
		if (*drawn == s)
			continue;
		if (*drawn != PM_NONE)
			pm->counts[*drawn]--;
		pm->counts[s]++;
		*drawn = (uint8_t)s;
		paint(pm, k->y, j, s);
		changed = true;
	}
	return changed;
}

/* Look at n map pages from map page m on, wrapping around; true if one changed. */
static bool look_pages(struct page_map *pm, uint64_t m, uint64_t n)
{
	bool changed = false;
	for (int k = 0; k < pm->n_ram && n; k++) {
		const struct pm_ram *rk = &pm->ram[k];
		while (n && m >= rk->first && m < rk->first + rk->pages) {
			uint64_t c = rk->first + rk->pages - m;
			c = c < n ? c : n;
			c = c < SWEEP_PAGES ? c : SWEEP_PAGES;
			changed |= look(pm, rk, m - rk->first, c);
			n -= c;
			m += c;
		}
		if (m == pm->n_pages && n) {
			m = 0;
			k = -1;   /* wrap to the first region */
		}
	}
	return changed;
}

/* The height of the device strips for the regions `all` or only those guarded now. */
static uint64_t devices_rows(const struct mem_space *mem, bool all)
{
	uint64_t h = 0;
	for (int i = 0; i < mem->n_regions; i++) {
		const struct mem_region *r = &mem->regions[i];
		if (r->kind == MEM_MMIO && (all || r->guarded))
			h += region_rows(mem_mmio_pages(r));
	}
	return h;
}

/* The strips of the device regions with guarded pages, in the memory map's order. */
static void draw_devices(struct page_map *pm)
{
	fill(pm, 0, pm->dev_y, W, pm->h - pm->dev_y, WHITE);
	pm->counts[PM_GUARDED] = pm->counts[PM_UNGUARDED] = 0;
	unsigned y = pm->dev_y;
	for (int i = 0; i < pm->mem->n_regions; i++) {
		const struct mem_region *r = &pm->mem->regions[i];
		if (r->kind != MEM_MMIO || !r->guarded)
			continue;
		label(pm, r, y);
		uint64_t pages = mem_mmio_pages(r), page0 = r->base & ~(MEM_PAGE_SIZE - 1);
		for (uint64_t p = 0; p < pages; p++) {
			int s = mem_mmio_is_guarded(r, page0 + (p << MEM_PAGE_BITS)) ? PM_GUARDED
										 : PM_UNGUARDED;
			pm->counts[s]++;
			paint(pm, y + LINE_H, p, s);
		}
		y += (unsigned)region_rows(pages);
	}
	pm->used = y < pm->h ? y : pm->h;   /* a guard where none was expected: clipped */
	pm->guards_drawn = pm->mem->mmio_guarded;
	pm->devices_drawn = true;
}

/* The legend, if its counts changed: a box of each colour, the state's name and count. */
static bool draw_legend(struct page_map *pm)
{
	if (pm->legend_drawn && !memcmp(pm->legend, pm->counts, sizeof(pm->counts)))
		return false;
	fill(pm, 0, LEGEND_Y, W, PM_N * LINE_H, WHITE);
	for (int s = 0; s < PM_N; s++) {
		char line[64];
		unsigned y = LEGEND_Y + (unsigned)s * LINE_H;
		fill(pm, 2, y + 1, 10, 10, states[s].rgb);
		snprintf(line, sizeof(line), "%s: %llu", states[s].name,
			 (unsigned long long)pm->counts[s]);
		text(pm, 18, y + 1, line);
	}
	memcpy(pm->legend, pm->counts, sizeof(pm->counts));
	pm->legend_drawn = true;
	return true;
}

/* A transition: mark the page for the next refresh, nothing more (this is the guest's time). */
static void transition_seen(void *opaque, const struct mem_transition *t)
{
	struct page_map *pm = opaque;
	for (int k = 0; k < pm->n_ram; k++) {
		const struct mem_region *r = pm->ram[k].r;
		if (t->gpa - r->base < r->size) {
			uint64_t m = pm->ram[k].first + ((t->gpa - r->base) >> MEM_PAGE_BITS);
			pm->dirty[m / 64] |= 1ull << (m % 64);
			return;
		}
	}
}

bool machine_page_map_update(struct page_map *pm, bool all)
{
	bool changed = false;
	if (all || !pm->devices_drawn || pm->guards_drawn != pm->mem->mmio_guarded) {
		draw_devices(pm);
		changed = true;
	}
	for (uint64_t w = 0; w < (pm->n_pages + 63) / 64; w++) {
		while (pm->dirty[w]) {
			int b = __builtin_ctzll(pm->dirty[w]);
			pm->dirty[w] &= pm->dirty[w] - 1;
			changed |= look_pages(pm, w * 64 + (unsigned)b, 1);
		}
	}
	uint64_t n = all || pm->n_pages < SWEEP_PAGES ? pm->n_pages : SWEEP_PAGES;
	if (n) {
		changed |= look_pages(pm, pm->sweep, n);
		pm->sweep = (pm->sweep + n) % pm->n_pages;
	}
	return draw_legend(pm) || changed;
}

void machine_page_map_free(struct page_map *pm)
{
	if (!pm)
		return;
	free(pm->px);
	free(pm->state);
	free(pm->dirty);
	free(pm->touched);
	free(pm);
}

struct page_map *machine_page_map_new(struct hvsim_vm *vm, bool live, char *err, size_t errlen)
{
	struct page_map *pm = calloc(1, sizeof(*pm));
	if (!pm) {
		snprintf(err, errlen, "out of memory for the page map");
		return NULL;
	}
	pm->mem = &vm->mem;
	uint64_t y = LEGEND_Y + PM_N * LINE_H + 4;
	for (int i = 0; i < vm->mem.n_regions; i++) {
		const struct mem_region *r = &vm->mem.regions[i];
		if (r->kind != MEM_RAM)
			continue;
		struct pm_ram *k = &pm->ram[pm->n_ram++];
		*k = (struct pm_ram){ .r = r, .first = pm->n_pages, .y = (unsigned)(y + LINE_H),
				      .pages = r->size >> MEM_PAGE_BITS };
		pm->n_pages += k->pages;
		y += region_rows(k->pages);
		if (y > MAX_H)
			break;
	}
	pm->dev_y = (unsigned)y;
	/* A live map has room for every region the guest could guard: the picture keeps its size. */
	y += devices_rows(&vm->mem, live && vm->mem.mmio_guard);
	if (y > MAX_H) {
		snprintf(err, errlen, "the page map: guest RAM too large for one picture");
		machine_page_map_free(pm);
		return NULL;
	}
	pm->h = (unsigned)y;
	pm->px = malloc((size_t)W * pm->h * sizeof(*pm->px));
	pm->state = malloc(pm->n_pages ? pm->n_pages : 1);
	pm->dirty = calloc((pm->n_pages + 63) / 64 + 1, sizeof(*pm->dirty));
	pm->touched = malloc(SWEEP_PAGES);
	if (!pm->px || !pm->state || !pm->dirty || !pm->touched ||
	    (live && !mem_add_listener(&vm->mem, transition_seen, pm))) {
		snprintf(err, errlen, "cannot set up the page map");
		machine_page_map_free(pm);
		return NULL;
	}
	memset(pm->state, PM_NONE, pm->n_pages);
	fill(pm, 0, 0, W, pm->h, WHITE);
	text(pm, 2, 2, "ONE BOX PER 4 KIB PAGE. 256 PAGES (1 MIB) PER ROW");
	for (int k = 0; k < pm->n_ram; k++)
		label(pm, pm->ram[k].r, pm->ram[k].y - LINE_H);
	machine_page_map_update(pm, true);
	return pm;
}

const uint32_t *machine_page_map_pixels(const struct page_map *pm, uint32_t *w, uint32_t *h)
{
	*w = W;
	*h = pm->h;
	return pm->px;
}

int machine_page_map_write(const struct page_map *pm, const char *path, bool whole, char *err,
			   size_t errlen)
{
	unsigned h = whole ? pm->h : pm->used;
	uint8_t *rgb = malloc((size_t)W * h * 3);
	if (!rgb) {
		snprintf(err, errlen, "out of memory for the page map '%s'", path);
		return HVSIM_ERROR;
	}
	for (size_t i = 0; i < (size_t)W * h; i++) {
		rgb[3 * i] = (uint8_t)(pm->px[i] >> 16);
		rgb[3 * i + 1] = (uint8_t)(pm->px[i] >> 8);
		rgb[3 * i + 2] = (uint8_t)pm->px[i];
	}
	png_image img = { .version = PNG_IMAGE_VERSION, .width = W, .height = h,
			  .format = PNG_FORMAT_RGB };
	int ok = png_image_write_to_file(&img, path, 0, rgb, W * 3, NULL);
	free(rgb);
	if (!ok) {
		snprintf(err, errlen, "cannot write the page map '%s': %s", path, img.message);
		return HVSIM_BAD_INPUT;
	}
	return 0;
}

int hvsim_vm_page_map(struct hvsim_vm *vm, const char *path, char *err, size_t errlen)
{
	struct page_map *pm = machine_page_map_new(vm, false, err, errlen);
	if (!pm)
		return HVSIM_BAD_INPUT;
	int rc = machine_page_map_write(pm, path, false, err, errlen);
	machine_page_map_free(pm);
	return rc;
}

int hvsim_vm_page_map_panel(struct hvsim_vm *vm, const char *path, char *err, size_t errlen)
{
	if (!vm->page_map) {
		snprintf(err, errlen, "no page-map panel to save (use -display sdl,page-map=on)");
		return HVSIM_BAD_INPUT;
	}
	machine_page_map_update(vm->page_map, true);
	return machine_page_map_write(vm->page_map, path, true, err, errlen);
}
