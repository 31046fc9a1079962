/*
 * Shorthands for the opcode tables of the insn_*.c files, so that a row
 * reads like the SDM's opcode map line it transcribes. Only the table
 * files include this.
 */
#ifndef HVSIM_X86_ROWS_H
#define HVSIM_X86_ROWS_H

#include "cpu/x86-coco/x86.h"

#define B X86_MAP_1B
#define F X86_MAP_0F
#define ANY X86_PFX_ANY
#define MA X86_M_ANY
#define MM X86_M_MEM
#define MN X86_M_NONE
#define NI X86_I_NONE
#define SB X86_SZ_B
#define SV X86_SZ_V
#define SN X86_SZ_NONE
#define ALU CORE_CLASS_ALU
#define LD CORE_CLASS_LOAD
#define AT CORE_CLASS_ATOMIC
#define BR CORE_CLASS_BRANCH
#define SYS CORE_CLASS_SYS
#define LK X86_F_LOCK
#define END X86_F_END
#define ROP X86_F_REG_OP
#define LEG X86_F_LEGACY
/* A row macro repeated for the eight registers or conditions of an opcode row. */
#define EIGHT(m) m(0) m(1) m(2) m(3) m(4) m(5) m(6) m(7)

#endif
