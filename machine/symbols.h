/*
 * Symbols for traces, filters and the debugger's monitor: from an ELF's
 * symbol table (libelf) or a System.map / /proc/kallsyms text file, so a
 * Linux Image without symbols reads "start_kernel+0x24" given its map.
 */
#ifndef HVSIM_MACHINE_SYMBOLS_H
#define HVSIM_MACHINE_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct symtab;

/* Load the symbols of `path`; NULL with a message if it has none or is unreadable. */
struct symtab *symtab_load(const char *path, char *err, size_t errlen);
void symtab_free(struct symtab *s);
size_t symtab_count(const struct symtab *s);

/* The symbol covering addr and the offset into it, or NULL. */
const char *symtab_lookup(const struct symtab *s, uint64_t addr, uint64_t *off);
/* "name+0xoff" (or "name" at offset 0) into buf; "" if no symbol covers addr. */
const char *symtab_format(const struct symtab *s, uint64_t addr, char *buf, size_t len);
/* The address range [*start, *end) of the symbol called name; false if none. */
bool symtab_range(const struct symtab *s, const char *name, uint64_t *start, uint64_t *end);

#endif
