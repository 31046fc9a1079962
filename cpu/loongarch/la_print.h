/*
 * Operand printers the .decode descriptions name (!print=...): the ABI
 * register names objdump uses ("$a0", "$fa0", "$vr0", "$fcc0"), so hvsim's disassembly
 * reads like llvm-objdump's.
 */
#ifndef HVSIM_LA_PRINT_H
#define HVSIM_LA_PRINT_H

#include <stddef.h>
#include <stdint.h>

void la_print_gpr(char *buf, size_t len, int64_t r);
void la_print_fpr(char *buf, size_t len, int64_t r);
void la_print_vr(char *buf, size_t len, int64_t r);
void la_print_fcc(char *buf, size_t len, int64_t r);
void la_print_fcsr(char *buf, size_t len, int64_t r);

#endif
