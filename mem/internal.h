/*
 * What the files of mem/ share and nobody else may call.
 */
#ifndef HVSIM_MEM_INTERNAL_H
#define HVSIM_MEM_INTERNAL_H

#include "mem/mem.h"

/*
 * The ciphertext of len bytes of private RAM at gpa (within region r and
 * one page), as a party without the guest's key reads them (host.c).
 */
void mem_cipher_read(const struct mem_space *s, const struct mem_region *r, uint64_t gpa,
		     uint8_t *out, size_t len);

#endif
