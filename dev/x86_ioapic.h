/*
 * The x86 I/O APIC (Intel 82093AA datasheet; version 0x20 as ICH and
 * QEMU's q35 have it, with the EOI register): 24 input pins, each with a
 * redirection entry that turns its level or edge into a message for the
 * local APICs (dev/x86_lapic), the remote-IRR handshake of level-triggered
 * pins, and the EOI the local APICs broadcast. Registers: IOREGSEL at
 * 0x00, IOWIN at 0x10, EOI at 0x40 (a region of 0x100 bytes).
 */
#ifndef HVSIM_DEV_X86_IOAPIC_H
#define HVSIM_DEV_X86_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/x86_lapic.h"
#include "mem/mem.h"

#define X86_IOAPIC_BASE 0xfec00000ull
#define X86_IOAPIC_PINS 24

struct x86_ioapic;

/* The IO-APIC with ID `id` at `base` in mem; it sends its messages to `lapics`. */
struct x86_ioapic *x86_ioapic_new(struct mem_space *mem, uint64_t base, uint8_t id,
				  struct x86_lapics *lapics);
void x86_ioapic_free(struct x86_ioapic *io);
/* Save or load its registers and input levels (mem/snap.h). */
struct snap;
void x86_ioapic_snapshot(struct x86_ioapic *io, struct snap *s);
/* A machine reset: every redirection entry masked, as at power-on; the pins keep their levels. */
void x86_ioapic_reset(struct x86_ioapic *io);
/* A pin's input level (struct dev_irq's set: opaque the IO-APIC, line the pin). */
void x86_ioapic_set_irq(void *opaque, int pin, bool level);
/* A local APIC's EOI of a level-triggered vector (also the EOI register). */
void x86_ioapic_eoi(struct x86_ioapic *io, uint8_t vector);

#endif
