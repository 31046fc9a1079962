/* The instruction groups' opcode tables, which decode.c and the disassembler index. */
#include "cpu/x86-coco/x86.h"

extern const struct x86_table x86_table_alu, x86_table_shift, x86_table_mov, x86_table_mov_regs,
	x86_table_branch, x86_table_bit, x86_table_string, x86_table_system,
	x86_table_sse, x86_table_xsave, x86_table_seg, x86_table_x87, x86_table_snp;

const struct x86_table *const x86_tables[] = {
	&x86_table_alu, &x86_table_shift, &x86_table_mov, &x86_table_mov_regs,
	&x86_table_branch, &x86_table_bit, &x86_table_string, &x86_table_system,
	&x86_table_sse, &x86_table_xsave, &x86_table_seg, &x86_table_x87, &x86_table_snp,
};
const size_t x86_n_tables = sizeof(x86_tables) / sizeof(x86_tables[0]);
