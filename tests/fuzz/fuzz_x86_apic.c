/*
 * Fuzz the x86 local APICs and the IO-APIC (dev/x86_lapic, dev/x86_ioapic)
 * as hostile guests on up to four vCPUs drive them: the xAPIC page, the
 * x2APIC and APIC-base and TSC-deadline MSRs, the CPU's interrupt
 * acknowledge and CR8, the IO-APIC's window and EOI register, its input
 * pins, and time passing (the timers fire when their time comes).
 *
 * Input: one byte, the vCPUs - 1 (bits 0-1); then operations, each an
 * opcode byte whose bits 0-2 say what follows, bits 3-4 the vCPU:
 *   0 xAPIC read   u16 offset (in the page), size 1 << (opcode bits 5-6)
 *   1 xAPIC write  the same, then a u32 value
 *   2 MSR read     u16: index 0x800 + low byte, or 0x1b / 0x6e0 when bit 8 / bit 9
 *   3 MSR write    the same, then a u64 value
 *   4 ack          the CPU takes an interrupt; then CR8 = low nibble of a byte
 *   5 IO-APIC      byte: bit 0 write, bits 1-7 the offset / 16 (0x00, 0x10, 0x40); u32 value
 *   6 pin          byte: pin (bits 0-4), level (bit 7)
 *   7 time         u32 nanoseconds pass; due timers fire
 * Invariants: every callback names a vCPU that exists; an acknowledged
 * vector is 16-255 and was requested; the INTR line the device reports
 * says whether an acknowledge can succeed.
 */
#include <string.h>

#include "cpu/x86-coco/x86.h"
#include "dev/x86_ioapic.h"
#include "dev/x86_lapic.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/test_req.h"

#define MAX_CPUS 4
#define MAX_OPS 512

struct board {
	struct mem_space mem;
	int n_cpus;
	uint64_t now;
	uint64_t due[MAX_CPUS];
	bool intr[MAX_CPUS];
	struct x86_lapics *l;
	struct x86_ioapic *io;
};

static void check_cpu(struct board *b, int cpu)
{
	FUZZ_CHECK(cpu >= 0 && cpu < b->n_cpus);
}

static void h_intr(void *o, int cpu, bool level)
{
	struct board *b = o;
	check_cpu(b, cpu);
	FUZZ_CHECK(b->intr[cpu] != level);   /* told only of changes */
	b->intr[cpu] = level;
}
static void h_nmi(void *o, int cpu) { check_cpu(o, cpu); }
static void h_init(void *o, int cpu) { check_cpu(o, cpu); }
static void h_sipi(void *o, int cpu, uint8_t v) { (void)v; check_cpu(o, cpu); }
static void h_eoi(void *o, uint8_t v) { x86_ioapic_eoi(((struct board *)o)->io, v); }
static uint64_t h_now(void *o, int cpu) { check_cpu(o, cpu); return ((struct board *)o)->now; }
static uint64_t h_tsc(void *o, int cpu) { check_cpu(o, cpu); return ((struct board *)o)->now * 3; }
static void h_arm(void *o, int cpu, uint64_t ns)
{
	struct board *b = o;
	check_cpu(b, cpu);
	b->due[cpu] = ns;
}

static uint32_t msr_index(uint16_t x)
{
	return x & 0x100 ? 0x1b : x & 0x200 ? 0x6e0 : 0x800u + (x & 0xff);
}

static void run(struct board *b, struct fuzz_in *in)
{
	for (int n = 0; n < MAX_OPS && in->n; n++) {
		uint8_t opc = fuzz_u8(in);
		int cpu = (opc >> 3 & 3) % b->n_cpus;
		struct mem_req who = test_cpu0;
		who.vcpu = (int16_t)cpu;
		struct x86_lapic *a = x86_lapic_cpu(b->l, cpu);
		unsigned size = 1u << (opc >> 5 & 3);
		switch (opc & 7) {
		case 0:
		case 1: {
			uint64_t off = fuzz_u16(in) & 0xfff, v = (opc & 7) == 1 ? fuzz_u32(in) : 0;
			if (off + size <= 0x1000)
				mem_guest_io(&b->mem, &who, X86_LAPIC_BASE + off, size, (opc & 7) == 1, &v);
			break;
		}
		case 2:
		case 3: {
			uint32_t idx = msr_index(fuzz_u16(in));
			uint64_t v = (opc & 7) == 3 ? fuzz_u64(in) : 0;
			x86_lapic_msr(a, idx, &v, (opc & 7) == 3);
			break;
		}
		case 4: {
			bool line = b->intr[cpu];
			int v = x86_lapic_ack(a);
			FUZZ_CHECK(line == (v >= 0));
			FUZZ_CHECK(v < 0 || (v >= 16 && v <= 255));
			x86_lapic_set_tpr(a, fuzz_u8(in) & 15);
			FUZZ_CHECK(x86_lapic_get_tpr(a) <= 15);
			break;
		}
		case 5: {
			uint8_t x = fuzz_u8(in);
			uint64_t v = fuzz_u32(in);
			mem_guest_io(&b->mem, &who, X86_IOAPIC_BASE + (x >> 1) * 16ull % 0x100, 4, x & 1, &v);
			break;
		}
		case 6: {
			uint8_t x = fuzz_u8(in);
			x86_ioapic_set_irq(b->io, x & 31, x >> 7);
			break;
		}
		default:
			b->now += fuzz_u32(in);
			for (int i = 0; i < b->n_cpus; i++) {
				/* A periodic timer re-arms from its deadline: bounded, as time is. */
				for (int k = 0; k < 64 && b->due[i] <= b->now; k++) {
					b->due[i] = UINT64_MAX;
					x86_lapic_timer_fire(b->l, i);
				}
			}
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct board b;
	memset(&b, 0, sizeof(b));
	b.n_cpus = 1 + (fuzz_u8(&in) & 3);
	for (int i = 0; i < MAX_CPUS; i++)
		b.due[i] = UINT64_MAX;
	mem_space_init(&b.mem, MEM_SPACE_MEMORY, 1);
	const struct x86_lapic_host host = {
		.opaque = &b, .intr = h_intr, .nmi = h_nmi, .init = h_init, .sipi = h_sipi,
		.eoi = h_eoi, .now_ns = h_now, .tsc = h_tsc, .timer_arm = h_arm, .tsc_hz = 3000000000ull,
	};
	b.l = x86_lapics_new(b.n_cpus, &host);
	FUZZ_CHECK(b.l && x86_lapics_map(b.l, &b.mem, X86_LAPIC_BASE));
	b.io = x86_ioapic_new(&b.mem, X86_IOAPIC_BASE, 0, b.l);
	FUZZ_CHECK(b.io);
	run(&b, &in);
	x86_ioapic_free(b.io);
	x86_lapics_free(b.l);
	mem_space_free(&b.mem);
	return 0;
}

/* Seeds: the guest tests' paths (firmware/x86): enable, self-IPI, timer, IO-APIC edge and level. */
void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	static const uint8_t self_ipi[] = {
		1,                                             /* two vCPUs */
		0x41, 0xf0, 0x00, 0xff, 0x01, 0x00, 0x00,      /* SVR = 0x1ff */
		0x41, 0x00, 0x03, 0x40, 0x00, 0x04, 0x00,      /* ICR: 0x40, self */
		0x04, 0x00,                                    /* ack, CR8 0 */
		0x41, 0xb0, 0x00, 0, 0, 0, 0,                  /* EOI */
	};
	static const uint8_t timer[] = {
		0,
		0x41, 0xf0, 0x00, 0xff, 0x01, 0x00, 0x00,      /* SVR */
		0x41, 0xe0, 0x03, 0x0b, 0, 0, 0,               /* divide by 1 */
		0x41, 0x20, 0x03, 0x30, 0x00, 0x02, 0x00,      /* LVT timer: periodic, 0x30 */
		0x41, 0x80, 0x03, 0x10, 0x27, 0, 0,            /* initial count 10000 */
		0x07, 0x50, 0xc3, 0, 0,                        /* 50000 ns pass */
		0x04, 0x00, 0x41, 0xb0, 0x00, 0, 0, 0, 0,      /* ack, EOI */
		0x03, 0x00, 0x01, 0x00, 0x0c, 0xe0, 0xfe, 0, 0, 0, 0,   /* APIC_BASE: x2APIC */
		0x02, 0x02, 0x00,                              /* read x2APIC ID */
		0x03, 0x32, 0x00, 0x31, 0x00, 0x04, 0, 0, 0, 0, 0,      /* LVT timer: TSC-deadline */
		0x03, 0x00, 0x02, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0,      /* deadline */
		0x07, 0x00, 0x00, 0x01, 0,
	};
	static const uint8_t ioapic[] = {
		0,
		0x41, 0xf0, 0x00, 0xff, 0x01, 0x00, 0x00,      /* SVR */
		0x05, 0x01, 0x19, 0, 0, 0,                     /* IOREGSEL = pin 4 high */
		0x05, 0x03, 0x00, 0, 0, 0,                     /* IOWIN: destination 0 */
		0x05, 0x01, 0x18, 0, 0, 0,                     /* IOREGSEL = pin 4 low */
		0x05, 0x03, 0x34, 0x80, 0, 0,                  /* IOWIN: 0x34, level */
		0x06, 0x84,                                    /* pin 4 up */
		0x04, 0x00, 0x41, 0xb0, 0x00, 0, 0, 0, 0,      /* ack, EOI: again */
		0x04, 0x00, 0x06, 0x04, 0x41, 0xb0, 0x00, 0, 0, 0, 0,   /* ack, pin down, EOI */
	};
	emit("self_ipi", self_ipi, sizeof(self_ipi));
	emit("timer", timer, sizeof(timer));
	emit("ioapic", ioapic, sizeof(ioapic));
}
