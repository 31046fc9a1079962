/*
 * api: the guest half of tests/api/api-example.c, an embedding program that
 * drives hvsim through include/hvsim/hvsim.h only. Each step here gives the
 * host something to observe or answer:
 *  1. SMCCC_VERSION: the host runs the vCPU until this hypercall exits
 *     (hvsim_vcpu_run), reads x0 by ONE_REG and changes it; we print it;
 *  2. a vendor-hypervisor function hvsim does not implement: the host's
 *     hypercall hook answers it from the arguments;
 *  3. a word the host wrote into guest memory (hvsim_host_write);
 *  4. a string we write for the host to read (hvsim_host_read);
 *  5. a line typed on the console (hvsim_console_input) after a prompt
 *     without a newline (tests/cli/console-and-signals waits for it), echoed.
 */
#include "fw.h"

#define API_HOST_IN   (BOARD_RAM_BASE + 0x200000ul)   /* the host writes a word here */
#define API_GUEST_OUT (BOARD_RAM_BASE + 0x201000ul)   /* and reads our string here */
#define API_HOOKED_FN 0xc600fe00u                     /* SMC64 vendor hypervisor, unallocated */

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_RXFE (1u << 4)

/*
 * Wait for a typed byte. Between looks at the UART the loop spins a while,
 * so a run left waiting here records few device accesses in its traces.
 */
static char uart_getc(void)
{
	while (mmio_read32(BOARD_UART_BASE + UARTFR) & UARTFR_RXFE)
		for (volatile int i = 0; i < 100000; i++)
			;
	return (char)mmio_read32(BOARD_UART_BASE + UARTDR);
}

int main(void)
{
	struct smccc_res r = smccc_call(SMCCC_VERSION, 0, 0, 0);
	printf("api: SMCCC_VERSION gave 0x%lx\n", r.x0);
	r = smccc_call(API_HOOKED_FN, 1, 2, 3);
	printf("api: the hook answered 0x%lx\n", r.x0);
	printf("api: the host wrote 0x%lx\n", *(volatile uint64_t *)API_HOST_IN);
	static const char msg[] = "written by the guest";
	memcpy((void *)API_GUEST_OUT, msg, sizeof(msg));
	/* A prompt without a newline: a terminal must show it before the line is typed. */
	printf("api: type a line> ");
	char line[32];
	size_t n = 0;
	for (char c; (c = uart_getc()) != '\n' && c != '\r';)
		if (n < sizeof(line) - 1)
			line[n++] = c;
	line[n] = 0;
	printf("api: typed '%s'\n", line);
	return 0;
}
