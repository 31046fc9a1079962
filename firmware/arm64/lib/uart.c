/*
 * PL011 console output (PL011 TRM: UARTDR at 0x00, UARTFR at 0x18 with TXFF
 * at bit 5). The UART needs no setup on either board; printf is the common
 * library's (firmware/common/console.c).
 */
#include "fw.h"

#define UART_DR   0x00
#define UART_FR   0x18
#define UART_FR_TXFF (1u << 5)

void uart_raw(char c)
{
	while (mmio_read32(BOARD_UART_BASE + UART_FR) & UART_FR_TXFF)
		;
	mmio_write32(BOARD_UART_BASE + UART_DR, (uint8_t)c);
}
