/*
 * The x86 local APICs, one per vCPU (SDM 3:11 "Advanced Programmable
 * Interrupt Controller"): the xAPIC registers in one MMIO page that every
 * CPU sees at the same address (the access's requester selects the APIC)
 * and the same registers as x2APIC MSRs 0x800-0x8ff, IA32_APIC_BASE,
 * interrupt acceptance by priority (IRR, ISR, TMR, TPR, PPR, EOI), the
 * timer (one-shot, periodic, TSC-deadline) on the CPU's virtual time, and
 * the interrupt command register's IPIs (fixed, lowest priority, NMI,
 * INIT, SIPI) with shorthands and physical or logical destinations. The
 * IO-APIC (dev/x86_ioapic) delivers through x86_lapics_deliver.
 *
 * The device knows neither the engine nor the CPU model: the board gives
 * it time, the timer's event and the CPU's inputs (struct x86_lapic_host).
 * The CPU reaches its APIC through the four functions below, which the
 * board puts in the CPU's struct x86_apic_ops with x86_lapic_cpu(lapics, i)
 * as the opaque.
 */
#ifndef HVSIM_DEV_X86_LAPIC_H
#define HVSIM_DEV_X86_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/mem.h"

#define X86_LAPIC_MAX_CPUS 64
#define X86_LAPIC_BASE 0xfee00000ull
/*
 * The timer counts at 1 GHz before its divider: one tick per nanosecond
 * of virtual time (the bus clock QEMU's APIC also uses).
 */
#define X86_LAPIC_TIMER_HZ 1000000000ull

/* Delivery modes (SDM 3:11.6.1 ICR bits 10:8, also the IO-APIC's and the LVTs'). */
enum {
	X86_DM_FIXED = 0, X86_DM_LOWEST = 1, X86_DM_SMI = 2, X86_DM_NMI = 4, X86_DM_INIT = 5,
	X86_DM_SIPI = 6, X86_DM_EXTINT = 7,
};
/* Destination shorthands (ICR bits 19:18). */
enum { X86_SH_NONE, X86_SH_SELF, X86_SH_ALL, X86_SH_OTHERS };

/* An interrupt message: an IPI, or a message from the IO-APIC. */
struct x86_apic_msg {
	uint32_t dest;             /* 8 bits (xAPIC format) or 32 (x2APIC) */
	uint8_t vector;
	uint8_t mode;              /* X86_DM_* */
	uint8_t shorthand;         /* X86_SH_* (relative to `src`) */
	bool logical;
	bool level;                /* level-triggered: TMR set, EOI broadcast */
	bool x2;                   /* dest is in x2APIC format */
	int src;                   /* the sending CPU, -1 for a device */
};

/* What the board gives the APICs. */
struct x86_lapic_host {
	void *opaque;
	/* The CPU's INTR line, NMI, INIT and SIPI inputs. */
	void (*intr)(void *opaque, int cpu, bool level);
	void (*nmi)(void *opaque, int cpu);
	void (*init)(void *opaque, int cpu);
	void (*sipi)(void *opaque, int cpu, uint8_t vector);
	/* A level-triggered interrupt's EOI, for the IO-APICs. */
	void (*eoi)(void *opaque, uint8_t vector);
	/* The CPU's virtual time in nanoseconds, and its TSC. */
	uint64_t (*now_ns)(void *opaque, int cpu);
	uint64_t (*tsc)(void *opaque, int cpu);
	/* Call x86_lapic_timer_fire(cpu) when the CPU's time reaches ns; UINT64_MAX cancels. */
	void (*timer_arm)(void *opaque, int cpu, uint64_t ns);
	uint64_t tsc_hz;
};

struct x86_lapics;
struct x86_lapic;

/* n_cpus APICs with IDs 0..n-1, CPU 0 the bootstrap processor. NULL on bad arguments. */
struct x86_lapics *x86_lapics_new(int n_cpus, const struct x86_lapic_host *host);
void x86_lapics_free(struct x86_lapics *l);
/* Save or load every local APIC's registers (mem/snap.h); the timers' events are the host's. */
struct snap;
void x86_lapics_snapshot(struct x86_lapics *l, struct snap *s);
/* A machine reset: every APIC as at power-on (xAPIC mode, enabled, CPU 0 the BSP, timers stopped). */
void x86_lapics_reset(struct x86_lapics *l);
/* Map the xAPIC page at `base` in `mem` (accesses by vCPU i reach APIC i). */
bool x86_lapics_map(struct x86_lapics *l, struct mem_space *mem, uint64_t base);
struct x86_lapic *x86_lapic_cpu(struct x86_lapics *l, int cpu);
/* Deliver a message to the APICs it names. */
void x86_lapics_deliver(struct x86_lapics *l, const struct x86_apic_msg *m);
/* The timer's deadline came (the board's event). */
void x86_lapic_timer_fire(struct x86_lapics *l, int cpu);
/* An xAPIC register (offset in the page) as the CPU reads or writes it; tests and the MMIO region. */
uint32_t x86_lapic_read(struct x86_lapic *a, uint32_t off);
void x86_lapic_write(struct x86_lapic *a, uint32_t off, uint32_t val);

/*
 * The CPU's side, each taking x86_lapic_cpu() as `apic`: the board puts
 * them in the CPU's struct x86_apic_ops (cpu/x86-coco/x86.h), which a
 * device may not see (docs/architecture.md, the layers).
 */
/* Accept the highest-priority deliverable interrupt (IRR -> ISR): its vector, or -1. */
int x86_lapic_ack(void *apic);
/* The x2APIC MSRs, IA32_APIC_BASE and IA32_TSC_DEADLINE: false if the access #GPs. */
bool x86_lapic_msr(void *apic, uint32_t index, uint64_t *val, bool write);
/* CR8 is the TPR's bits 7:4. */
void x86_lapic_set_tpr(void *apic, unsigned cr8);
unsigned x86_lapic_get_tpr(void *apic);

#endif
