/*
 * Runtime for the bare-metal LoongArch test programs on QEMU's LoongArch
 * virt board and hvsim's loongarch-virt: the board map, device access,
 * console output (the common library, firmware/common) and power-off.
 *
 * Every program links lib/ and provides main(); start.S sets up the stack
 * and BSS in direct address mode, calls main() and powers off.
 */
#ifndef FW_H
#define FW_H

#include "fwlib.h"

/* Board: QEMU's LoongArch virt and hvsim's loongarch-virt share this map. */
#define BOARD_UART_BASE   0x1fe001e0ul   /* 16550A, byte registers */
#define BOARD_GED_BASE    0x100e001cul   /* ACPI GED: sleep control, sleep status, reset */

static inline uint8_t mmio_read8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline void mmio_write8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

/* CPUCFG word `leaf` (LA RM 2.2.10.5). */
static inline uint32_t cpucfg(uint32_t leaf)
{
	uint32_t v;
	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(leaf));
	return v;
}

/* Power off through the GED's sleep control (S5); never returns. */
__attribute__((noreturn)) void fw_exit(void);

#endif
