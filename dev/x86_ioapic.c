/*
 * The I/O APIC (x86_ioapic.h; 82093AA datasheet 3.2 "Register
 * descriptions"): indirect registers 0 ID, 1 version, 2 arbitration ID,
 * 0x10 + 2n and 0x11 + 2n redirection entry n's low and high halves.
 * An entry: vector 7:0, delivery mode 10:8, destination mode 11, delivery
 * status 12 (read-only, always idle here: a message is sent at once),
 * polarity 13 (1: active low), remote IRR 14 (read-only), trigger mode 15
 * (1: level), mask 16, destination 63:56. Pins start masked.
 */
#include <stdlib.h>

#include "dev/x86_ioapic.h"
#include "mem/snap.h"

enum { REG_ID = 0, REG_VERSION = 1, REG_ARB = 2, REG_TABLE = 0x10 };
enum { OFF_SEL = 0x00, OFF_WIN = 0x10, OFF_EOI = 0x40 };
#define VERSION (0x20u | (X86_IOAPIC_PINS - 1u) << 16)
enum {
	RTE_LOGICAL = 1u << 11, RTE_ACTIVE_LOW = 1u << 13, RTE_REMOTE_IRR = 1u << 14,
	RTE_LEVEL = 1u << 15, RTE_MASKED = 1u << 16,
};
#define RTE_WRITABLE (0xff00000000000000ull | 0x1afffull)

struct x86_ioapic {
	struct x86_lapics *lapics;
	uint8_t id, sel;
	uint64_t rte[X86_IOAPIC_PINS];
	bool input[X86_IOAPIC_PINS];       /* the pin's electrical level */
};

static bool asserted(const struct x86_ioapic *io, int pin)
{
	return io->input[pin] != ((io->rte[pin] & RTE_ACTIVE_LOW) != 0);
}

static void send(struct x86_ioapic *io, int pin)
{
	uint64_t e = io->rte[pin];
	struct x86_apic_msg m = {
		.dest = (uint32_t)(e >> 56), .vector = (uint8_t)e, .mode = (e >> 8) & 7,
		.logical = (e & RTE_LOGICAL) != 0, .level = (e & RTE_LEVEL) != 0, .src = -1,
	};
	x86_lapics_deliver(io->lapics, &m);
}

/* A level-triggered pin sends while asserted, once per EOI (remote IRR). */
static void service_level(struct x86_ioapic *io, int pin)
{
	uint64_t *e = &io->rte[pin];
	if ((*e & RTE_LEVEL) && !(*e & (RTE_MASKED | RTE_REMOTE_IRR)) && asserted(io, pin)) {
		*e |= RTE_REMOTE_IRR;
		send(io, pin);
	}
}

void x86_ioapic_set_irq(void *opaque, int pin, bool level)
{
	struct x86_ioapic *io = opaque;
	if (pin < 0 || pin >= X86_IOAPIC_PINS)
		return;
	bool was = asserted(io, pin);
	io->input[pin] = level;
	if (io->rte[pin] & RTE_LEVEL)
		service_level(io, pin);
	else if (!was && asserted(io, pin) && !(io->rte[pin] & RTE_MASKED))
		send(io, pin);     /* an edge: masked edges are lost, as on the part */
}

void x86_ioapic_eoi(struct x86_ioapic *io, uint8_t vector)
{
	for (int pin = 0; pin < X86_IOAPIC_PINS; pin++) {
		if ((io->rte[pin] & RTE_LEVEL) && (uint8_t)io->rte[pin] == vector) {
			io->rte[pin] &= ~(uint64_t)RTE_REMOTE_IRR;
			service_level(io, pin);
		}
	}
}

static uint32_t reg_read(struct x86_ioapic *io, unsigned r)
{
	switch (r) {
	case REG_ID:
	case REG_ARB:
		return (uint32_t)io->id << 24;
	case REG_VERSION:
		return VERSION;
	default:
		if (r >= REG_TABLE && r < REG_TABLE + 2 * X86_IOAPIC_PINS)
			return (uint32_t)(io->rte[(r - REG_TABLE) / 2] >> (r & 1 ? 32 : 0));
		return 0;
	}
}

static void reg_write(struct x86_ioapic *io, unsigned r, uint32_t val)
{
	if (r == REG_ID) {
		io->id = (val >> 24) & 0xf;
		return;
	}
	if (r < REG_TABLE || r >= REG_TABLE + 2 * X86_IOAPIC_PINS)
		return;
	int pin = (int)(r - REG_TABLE) / 2;
	uint64_t *e = &io->rte[pin];
	uint64_t half = r & 1 ? (uint64_t)val << 32 : val, keep = r & 1 ? 0xffffffffull : ~0xffffffffull;
	*e = (*e & (keep | ~RTE_WRITABLE)) | (half & ~keep & RTE_WRITABLE);
	if (!(*e & RTE_LEVEL))
		*e &= ~(uint64_t)RTE_REMOTE_IRR;
	service_level(io, pin);   /* unmasked with the line up: it sends now */
}

static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct x86_ioapic *io = opaque;
	(void)who, (void)size;
	if (off == OFF_SEL)
		return io->sel;
	if (off == OFF_WIN)
		return reg_read(io, io->sel);
	return 0;
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		       uint64_t val)
{
	struct x86_ioapic *io = opaque;
	(void)who, (void)size;
	if (off == OFF_SEL)
		io->sel = (uint8_t)val;
	else if (off == OFF_WIN)
		reg_write(io, io->sel, (uint32_t)val);
	else if (off == OFF_EOI)
		x86_ioapic_eoi(io, (uint8_t)val);
}

static const struct mem_mmio_ops mmio_ops = { mmio_read, mmio_write };

struct x86_ioapic *x86_ioapic_new(struct mem_space *mem, uint64_t base, uint8_t id,
				  struct x86_lapics *lapics)
{
	struct x86_ioapic *io = calloc(1, sizeof(*io));
	if (!io)
		return NULL;
	io->lapics = lapics;
	io->id = id;
	x86_ioapic_reset(io);
	if (!mem_add_mmio(mem, "ioapic", base, 0x100, &mmio_ops, io)) {
		free(io);
		return NULL;
	}
	return io;
}

void x86_ioapic_reset(struct x86_ioapic *io)
{
	io->sel = 0;
	for (int i = 0; i < X86_IOAPIC_PINS; i++)
		io->rte[i] = RTE_MASKED;
}

void x86_ioapic_free(struct x86_ioapic *io)
{
	free(io);
}

void x86_ioapic_snapshot(struct x86_ioapic *io, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct x86_ioapic, id), SNAP_FIELD(struct x86_ioapic, sel),
		SNAP_FIELD(struct x86_ioapic, rte), SNAP_FIELD(struct x86_ioapic, input),
	};
	snap_section(s, "x86-ioapic");
	snap_fields(s, io, f, SNAP_N(f));
}
