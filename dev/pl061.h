/*
 * Arm PrimeCell General Purpose Input/Output (PL061), as described by its
 * TRM (Arm DDI 0190): eight pins, each an input or an output (GPIODIR),
 * with edge- or level-sensitive interrupts combined into one line
 * (GPIOINTR). The board drives the input pins (pl061_set_input); QEMU's
 * virt board wires its power button to pin 3 (machine/arm64_virt.c).
 */
#ifndef HVSIM_DEV_PL061_H
#define HVSIM_DEV_PL061_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/irq.h"
#include "mem/mem.h"

#define PL061_MMIO_SIZE 0x1000
#define PL061_PINS 8

struct pl061;

/* Create a GPIO controller at `base` (its 4 KiB region is added to `mem`); NULL if it cannot. */
struct pl061 *pl061_new(struct mem_space *mem, uint64_t base, struct dev_irq irq);
/* Free the state; the MMIO region stays in `mem`, so free `mem` first or with it. */
void pl061_free(struct pl061 *g);
/*
 * The level outside drives pin `pin` (0-7) to. An input pin's edge or
 * level may raise the interrupt; an output pin ignores it (the pin
 * shows what the controller drives).
 */
void pl061_set_input(struct pl061 *g, unsigned pin, bool level);
/* System reset: every register to the TRM's reset value; the outside levels stay. */
void pl061_reset(struct pl061 *g);

struct snap;
/* Save or load the controller's state (mem/snap.h). */
void pl061_snapshot(struct pl061 *g, struct snap *s);

#endif
