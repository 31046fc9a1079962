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

/*
 * What an interrupt controller asks before it delivers an IPI (an SGI, a
 * PV IPI): the host may lose it (the fault injector's drop-ipi). `from`
 * is the sending CPU, -1 if the controller does not know it.
 */
struct dev_ipi_gate {
	bool (*drop)(void *opaque, int from, int to);
	void *opaque;
};

static inline bool dev_ipi_dropped(const struct dev_ipi_gate *gate, int from, int to)
{
	return gate->drop && gate->drop(gate->opaque, from, to);
}

#endif
