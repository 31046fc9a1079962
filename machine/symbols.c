/*
 * Symbol tables: an ELF's .symtab through libelf, or "ADDRESS TYPE NAME"
 * lines as System.map and /proc/kallsyms write them. Symbols are sorted by
 * address; one without a size extends to the next symbol.
 */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/symbols.h"

/* The last symbol without a size covers at most this much. */
#define SYM_OPEN_END 0x10000

struct sym {
	uint64_t addr, end;   /* [addr, end) */
	const char *name;     /* in the table's string pool */
	int rank;             /* at the same address, the higher rank wins */
};

struct symtab {
	struct sym *v;
	size_t n, cap;
	char *pool;
	size_t pool_used, pool_cap;
};

static bool add(struct symtab *s, uint64_t addr, uint64_t size, const char *name, int rank)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		struct sym *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return false;
		s->v = v;
		s->cap = cap;
	}
	size_t len = strlen(name) + 1;
	if (s->pool_used + len > s->pool_cap) {
		/* Names are kept as offsets until the pool stops moving (symtab_finish). */
		size_t cap = s->pool_cap ? s->pool_cap * 2 : 65536;
		while (cap < s->pool_used + len)
			cap *= 2;
		char *p = realloc(s->pool, cap);
		if (!p)
			return false;
		s->pool = p;
		s->pool_cap = cap;
	}
	memcpy(s->pool + s->pool_used, name, len);
	s->v[s->n++] = (struct sym){ addr, size ? addr + size : 0,
				     (const char *)(uintptr_t)s->pool_used, rank };
	s->pool_used += len;
	return true;
}

static int by_addr(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return y->rank - x->rank;   /* best first */
}

/* Resolve names, sort, keep the best symbol per address, close open extents. */
static void finish(struct symtab *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->v[i].name = s->pool + (uintptr_t)s->v[i].name;
	qsort(s->v, s->n, sizeof(*s->v), by_addr);
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (k == 0 || s->v[k - 1].addr != s->v[i].addr)
			s->v[k++] = s->v[i];
	s->n = k;
	for (size_t i = 0; i < s->n; i++)
		if (!s->v[i].end)
			s->v[i].end = i + 1 < s->n ? s->v[i + 1].addr : s->v[i].addr + SYM_OPEN_END;
}

/*
 * Functions and objects, and untyped labels (assembly entry points); not
 * sections, files, or the A64 mapping symbols ($x, $d) and local labels.
 */
static bool load_elf(struct symtab *s, Elf *e)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d)
			continue;
		size_t n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 0; i < n; i++) {
			GElf_Sym sym;
			if (!gelf_getsym(d, (int)i, &sym) || sym.st_shndx == SHN_UNDEF ||
			    sym.st_shndx == SHN_ABS)
				continue;
			int type = GELF_ST_TYPE(sym.st_info);
			if (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE)
				continue;
			const char *name = elf_strptr(e, sh.sh_link, sym.st_name);
			if (!name || !*name || name[0] == '$' || !strncmp(name, ".L", 2))
				continue;
			int rank = (type == STT_FUNC ? 4 : type == STT_OBJECT ? 2 : 0) +
				   (GELF_ST_BIND(sym.st_info) != STB_LOCAL);
			if (!add(s, sym.st_value, sym.st_size, name, rank))
				return false;
		}
	}
	return true;
}

/* "ffff800080010000 T _text": text and data symbols, not absolute or undefined ones. */
static bool load_map(struct symtab *s, FILE *f, bool *bad)
{
	char line[512];
	bool any_addr = false;
	*bad = false;
	while (fgets(line, sizeof(line), f)) {
		char type, name[256];
		unsigned long long addr;
		int end = 0;
		/*
		 * "ADDR TYPE NAME", and in /proc/kallsyms "\t[module]" after it;
		 * anything else (Debian's placeholder System.map is a sentence)
		 * is not a symbol file.
		 */
		bool parsed = sscanf(line, "%llx %c %255s%n", &addr, &type, name, &end) == 3 && end > 0;
		const char *rest = parsed ? line + end + strspn(line + end, " \t\r\n") : "";
		if (!parsed || (*rest && *rest != '[')) {
			*bad = true;
			return true;
		}
		any_addr |= addr != 0;
		if (type == 'a' || type == 'A' || type == 'U' || type == 'w' || type == 'v' ||
		    name[0] == '$')
			continue;
		int rank = (type == 'T' || type == 't') ? 4 : 2;
		if (type >= 'A' && type <= 'Z')
			rank++;
		if (!add(s, addr, 0, name, rank))
			return false;
	}
	/* An unprivileged /proc/kallsyms: every address hidden as 0. */
	*bad = !any_addr;
	return true;
}

struct symtab *symtab_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open symbol file '%s'", path);
		return NULL;
	}
	struct symtab *s = calloc(1, sizeof(*s));
	char magic[4] = { 0 };
	bool is_elf = fread(magic, 1, 4, f) == 4 && !memcmp(magic, "\177ELF", 4);
	bool ok, bad = false;
	if (!s) {
		ok = false;
	} else if (is_elf) {
		elf_version(EV_CURRENT);
		Elf *e = elf_begin(fileno(f), ELF_C_READ, NULL);
		ok = e && load_elf(s, e);
		if (e)
			elf_end(e);
	} else {
		rewind(f);
		ok = load_map(s, f, &bad);
	}
	fclose(f);
	if (!ok || bad || s->n == 0) {
		snprintf(err, errlen, "'%s' has no symbols (want an ELF with a symbol table, a System.map "
			 "or a kallsyms file; Debian's placeholder System.map and a /proc/kallsyms read "
			 "without privilege, its addresses 0, name nothing)", path);
		symtab_free(s);
		return NULL;
	}
	finish(s);
	return s;
}

void symtab_free(struct symtab *s)
{
	if (!s)
		return;
	free(s->v);
	free(s->pool);
	free(s);
}

size_t symtab_count(const struct symtab *s)
{
	return s ? s->n : 0;
}

const char *symtab_lookup(const struct symtab *s, uint64_t addr, uint64_t *off)
{
	if (!s || !s->n || addr < s->v[0].addr)
		return NULL;
	size_t lo = 0, hi = s->n;   /* the last symbol at or below addr is in [lo, hi) */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	const struct sym *y = &s->v[lo];
	if (addr >= y->end)
		return NULL;
	*off = addr - y->addr;
	return y->name;
}

const char *symtab_format(const struct symtab *s, uint64_t addr, char *buf, size_t len)
{
	uint64_t off;
	const char *name = symtab_lookup(s, addr, &off);
	if (!name)
		snprintf(buf, len, "%s", "");
	else if (off)
		snprintf(buf, len, "%s+0x%llx", name, (unsigned long long)off);
	else
		snprintf(buf, len, "%s", name);
	return buf;
}

bool symtab_range(const struct symtab *s, const char *name, uint64_t *start, uint64_t *end)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (!strcmp(s->v[i].name, name)) {
			*start = s->v[i].addr;
			*end = s->v[i].end;
			return true;
		}
	return false;
}
