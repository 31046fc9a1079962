/*
 * Runtime for the bare-metal x86-64 test programs on hvsim's x86-virt
 * and QEMU's q35 (lib/start.S says how each enters): port I/O, MSRs,
 * CPUID, the TSC, the local APIC and IO-APIC (the same addresses on both
 * boards), the IDT at linear address 0 (hvsim's IDTR is the reset value,
 * base 0, so the programs need no LIDT) with a handler per vector, and
 * power-off.
 */
#ifndef FW_H
#define FW_H

#include "fwlib.h"

#define LAPIC_BASE 0xfee00000ul
#define IOAPIC_BASE 0xfec00000ul
#define COM1 0x3f8

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdmsr(uint32_t index)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(index));
	return lo | (uint64_t)hi << 32;
}

static inline void wrmsr(uint32_t index, uint64_t v)
{
	__asm__ volatile("wrmsr" :: "c"(index), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo | (uint64_t)hi << 32;
}

static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
/* Let pending interrupts in: STI's shadow covers the NOP, IRET opens no shadow, so all come before the CLI. */
static inline void irq_window(void) { __asm__ volatile("sti; nop; cli" ::: "memory"); }
/* STI; HLT: the shadow keeps the wake-up interrupt from coming before the HLT. */
static inline void sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }
static inline void write_cr8(uint64_t v) { __asm__ volatile("mov %0, %%cr8" :: "r"(v) : "memory"); }
static inline uint64_t read_cr8(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr8, %0" : "=r"(v));
	return v;
}

static inline uint32_t lapic_read(uint32_t off) { return *(volatile uint32_t *)(LAPIC_BASE + off); }
static inline void lapic_write(uint32_t off, uint32_t v) { *(volatile uint32_t *)(LAPIC_BASE + off) = v; }

/* xAPIC registers (SDM 3:11.4.1 Table 11-1). */
enum {
	APIC_ID = 0x20, APIC_TPR = 0x80, APIC_PPR = 0xa0, APIC_EOI = 0xb0, APIC_SVR = 0xf0,
	APIC_ISR = 0x100, APIC_TMR = 0x180, APIC_IRR = 0x200, APIC_ESR = 0x280, APIC_ICR_LO = 0x300,
	APIC_ICR_HI = 0x310, APIC_LVT_TIMER = 0x320, APIC_TIMER_INIT = 0x380,
	APIC_TIMER_CUR = 0x390, APIC_TIMER_DIV = 0x3e0,
};
/* An IPI: the xAPIC destination (ICR high bits 31:24), then the command (SDM 3:11.6.1). */
static inline void lapic_ipi(uint32_t dest, uint32_t cmd)
{
	lapic_write(APIC_ICR_HI, dest << 24);
	lapic_write(APIC_ICR_LO, cmd);
}
/*
 * Start the CPU with APIC ID `id` in real mode at the page `start` (below
 * 1 MiB): INIT assert and de-assert, then two SIPIs (SDM 3:9.4.4.1's
 * sequence, as Linux's wakeup_secondary_cpu_via_init sends it).
 */
static inline void lapic_start_ap(uint32_t id, uintptr_t start)
{
	lapic_ipi(id, 5u << 8 | 1u << 14 | 1u << 15);
	lapic_ipi(id, 5u << 8 | 1u << 15);
	lapic_ipi(id, 6u << 8 | (uint32_t)(start >> 12));
	lapic_ipi(id, 6u << 8 | (uint32_t)(start >> 12));
}
/* Is `vector`'s bit set in the 256-bit register at `off` (ISR, TMR, IRR)? */
static inline bool apic_bit(uint32_t off, unsigned vector)
{
	return lapic_read(off + (vector / 32) * 0x10) >> (vector % 32) & 1;
}

/* An IO-APIC redirection entry (82093AA 3.2.4). */
void ioapic_route(unsigned pin, uint64_t entry);

/* Interrupts: fw_on(vector, handler); unexpected vectors end the program with a message. */
typedef void (*fw_handler)(unsigned vector);
void fw_on(unsigned vector, fw_handler h);
/*
 * The order interrupts came in, for tests that print it: fw_irq_note(v)
 * records v (the first 8), fw_irq_show(what) prints "what: 0x.. 0x.."
 * and starts over.
 */
extern volatile unsigned fw_irq_order[8], fw_irq_n;
void fw_irq_note(unsigned v);
void fw_irq_show(const char *what);
/* Fill the IDT (called by main before any interrupt) and enable the local APIC (SVR). */
void fw_init(void);
/* Is this hvsim (KVM's CPUID signature, which QEMU's TCG does not show)? */
bool fw_on_hvsim(void);
/* Power off (hvsim's ACPI sleep register, QEMU q35's PM1a control); never returns. */
__attribute__((noreturn)) void fw_exit(void);

#endif
