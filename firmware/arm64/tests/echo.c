/*
 * echo: the typed-input guest of tests/cli/snapshot (--record/--replay).
 * It polls the PL011's receive FIFO (PL011 TRM: UARTFR.RXFE, bit 4) and,
 * for each byte, prints it with how many polls it waited and the virtual
 * counter: so the console shows exactly when the guest saw each byte, and
 * a replay that fed one a poll early or late prints another line. 'q'
 * ends the run (a PSCI power-off).
 */
#include "fw.h"
#include "timer.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_RXFE (1u << 4)

int main(void)
{
	printf("echo: type, q ends\n");
	for (;;) {
		unsigned long polls = 0;
		while (mmio_read32(BOARD_UART_BASE + UARTFR) & UARTFR_RXFE)
			polls++;
		char c = (char)mmio_read32(BOARD_UART_BASE + UARTDR);
		printf("echo: 0x%x after %lu polls at counter %lu\n", (unsigned)(uint8_t)c, polls,
		       (unsigned long)cnt_virt());
		if (c == 'q')
			return 0;
	}
}
