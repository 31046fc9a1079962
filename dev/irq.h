/*
 * An interrupt line from a device to whatever interrupt controller the
 * machine wired it to, without the device knowing which ISA or controller
 * that is. Level semantics: the device says whether it asserts the line.
 */
#ifndef HVSIM_DEV_IRQ_H
#define HVSIM_DEV_IRQ_H

#include <stdbool.h>

struct dev_irq {
	void (*set)(void *opaque, int line, bool level);
	void *opaque;
	int line;               /* the controller's number for the line (GICv3: the INTID) */
};

static inline void dev_irq_set(const struct dev_irq *irq, bool level)
{
	/* An unwired line (set == NULL) is allowed: the device then polls only. */
	if (irq->set)
		irq->set(irq->opaque, irq->line, level);
}

#endif
