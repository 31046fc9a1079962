/*
 * 16550A console output (PC16550D data sheet: THR at 0, LSR at 5 with THRE
 * at bit 5). The UART needs no setup on either board; printf is the common
 * library's (firmware/common/console.c).
 */
#include "fw.h"

#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE (1u << 5)

void uart_raw(char c)
{
	while (!(mmio_read8(BOARD_UART_BASE + UART_LSR) & UART_LSR_THRE))
		;
	mmio_write8(BOARD_UART_BASE + UART_THR, (uint8_t)c);
}
