/*
 * power_button: QEMU virt's power button as a bare-metal guest sees it. A
 * PL061 GPIO (Arm DDI 0190) at 0x9030000 interrupts on SPI 7 (INTID 39);
 * the button is its pin 3, high while pressed (the gpio-keys node of the
 * board's device tree). The program asks for both edges of pin 3, prints
 * the controller's identification, says it is ready, and reports each
 * edge with the pin's level; after the release it powers off.
 * tests/cli/monitor presses the button (system_powerdown) on QEMU and on
 * hvsim and compares the two.
 */
#include "fw.h"
#include "gic.h"
#include "timer.h"

#define GPIO_BASE 0x09030000ul
#define GPIO_INTID (32 + 7)
#define POWER_PIN 3
#define POWER_BIT (1u << POWER_PIN)
/* GPIODATA through an address that selects only the power pin (address bits [9:2]). */
#define GPIO_DATA_POWER (GPIO_BASE + (POWER_BIT << 2))

enum { GPIODIR = 0x400, GPIOIS = 0x404, GPIOIBE = 0x408, GPIOIE = 0x410, GPIOMIS = 0x418,
       GPIOIC = 0x41c, GPIOPERIPHID0 = 0xfe0 };

static volatile unsigned n_edges;
static volatile uint32_t level_at[2];
static volatile uint64_t when[2];

void fw_irq(struct exc_frame *f)
{
	(void)f;
	unsigned intid = gic_ack();
	if (intid == GPIO_INTID) {
		uint32_t mis = mmio_read32(GPIO_BASE + GPIOMIS);
		mmio_write32(GPIO_BASE + GPIOIC, mis);
		if ((mis & POWER_BIT) && n_edges < 2) {
			level_at[n_edges] = mmio_read32(GPIO_DATA_POWER);
			when[n_edges] = cnt_virt();
			/*
			 * Released before the press was handled: both edges
			 * latched in the one interrupt bit, and no second
			 * interrupt comes. On QEMU that is host time (a
			 * vCPU thread held for the whole press); the levels
			 * and the hold then say so, and tests/cli/monitor
			 * accepts it from QEMU only.
			 */
			if (n_edges++ == 0 && !level_at[0]) {
				level_at[1] = 0;
				when[1] = when[0];
				n_edges = 2;
			}
		}
	}
	gic_eoi(intid);
}

int main(void)
{
	printf("power_button: PL061 id");
	for (int i = 0; i < 4; i++)
		printf(" %02x", (unsigned)mmio_read32(GPIO_BASE + GPIOPERIPHID0 + 4 * i));
	printf(", pin 3 reads 0x%x\n", (unsigned)mmio_read32(GPIO_DATA_POWER));
	gic_init();
	mmio_write32(GPIO_BASE + GPIODIR, 0);                /* all inputs */
	mmio_write32(GPIO_BASE + GPIOIS, 0);                 /* edge-sensitive */
	mmio_write32(GPIO_BASE + GPIOIBE, POWER_BIT);        /* both edges: press and release */
	mmio_write32(GPIO_BASE + GPIOIC, 0xff);
	mmio_write32(GPIO_BASE + GPIOIE, POWER_BIT);
	gic_enable_spi(GPIO_INTID, 0x80);
	irq_enable();
	printf("power_button: ready\n");
	while (n_edges < 2)
		wfi();
	printf("power_button: pressed (pin 0x%x), released (pin 0x%x)\n", (unsigned)level_at[0],
	       (unsigned)level_at[1]);
	/* QEMU holds the button 100 ms of virtual time; hvsim too. */
	uint64_t held_ms = (when[1] - when[0]) * 1000 / cnt_freq();
	printf("power_button: held for %s\n", held_ms >= 50 ? "at least 50 ms" : "less than 50 ms");
	return 0;
}
