/*
 * Arm PrimeCell UART (PL011), Arm DDI 0183 ("the TRM"); register and bit
 * names are the TRM's (chapter 3, "Programmers Model").
 *
 * Deviations, all on the permissive side:
 * - UARTCR.UARTEN/TXE/RXE do not gate transmission or reception, so early
 *   boot code that writes UARTDR without initialising the UART (earlycon,
 *   bare-metal tests) is heard.
 * - Baud rate, line format, IrDA, modem lines and DMA are register storage
 *   only; no framing, parity or break errors ever occur.
 * - The receive timeout (RTIS) fires as soon as a byte arrives: input is
 *   delivered at quantum boundaries, so by the time the guest can look, the
 *   32-bit-period timeout has passed.
 */
#include <stdlib.h>

#include "dev/mmio.h"
#include "dev/pl011.h"
#include "mem/snap.h"

enum {
	UARTDR = 0x000,
	UARTRSR = 0x004,           /* read: UARTRSR, write: UARTECR */
	UARTFR = 0x018,
	UARTILPR = 0x020,
	UARTIBRD = 0x024,
	UARTFBRD = 0x028,
	UARTLCR_H = 0x02c,
	UARTCR = 0x030,
	UARTIFLS = 0x034,
	UARTIMSC = 0x038,
	UARTRIS = 0x03c,
	UARTMIS = 0x040,
	UARTICR = 0x044,
	UARTDMACR = 0x048,
	UARTPERIPHID0 = 0xfe0,     /* ... UARTPCellID3 at 0xffc */
};

/* UARTFR, "Flag Register" (BUSY, TXFF and the modem lines always read 0) */
enum { FR_RXFE = 1 << 4, FR_RXFF = 1 << 6, FR_TXFE = 1 << 7 };
/* UARTRSR/UARTECR, "Receive Status Register/Error Clear Register" */
enum { RSR_OE = 1 << 3 };
/* UARTLCR_H, "Line Control Register" */
enum { LCR_H_FEN = 1 << 4 };
/* UARTCR, "Control Register" */
enum { CR_LBE = 1 << 7, CR_TXE = 1 << 8, CR_RXE = 1 << 9 };
/* One bit layout for UARTIMSC, UARTRIS, UARTMIS and UARTICR */
enum { INT_RX = 1 << 4, INT_TX = 1 << 5, INT_RT = 1 << 6, INT_OE = 1 << 10, INT_ALL = 0x7ff };

/* Register widths (TRM register summary): writes keep only the implemented bits. */
#define ILPR_MASK 0xffu
#define IBRD_MASK 0xffffu
#define FBRD_MASK 0x3fu
#define LCR_H_MASK 0xffu
#define CR_MASK 0xff87u            /* bits 6:3 reserved */
#define IFLS_MASK 0x3fu
#define DMACR_MASK 0x7u

/* UARTPeriphID0-3 and UARTPCellID0-3: a PL011 r1p4 (Linux's amba bus probes these). */
static const uint8_t id_regs[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct pl011 {
	struct dev_irq irq;
	void (*out)(void *opaque, uint8_t byte);
	void *out_opaque;
	bool irq_level;

	uint8_t rx[PL011_FIFO_DEPTH];
	unsigned rx_head, rx_count;

	uint32_t rsr, ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
};

/* With FEN clear the FIFOs are one-byte holding registers (UARTLCR_H.FEN). */
static unsigned rx_depth(const struct pl011 *u)
{
	return (u->lcr_h & LCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

/* UARTIFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full; reserved codes act as 7/8. */
static unsigned rx_trigger(const struct pl011 *u)
{
	static const unsigned eighths[8] = { 1, 2, 4, 6, 7, 7, 7, 7 };
	if (!(u->lcr_h & LCR_H_FEN))
		return 1;
	return PL011_FIFO_DEPTH * eighths[(u->ifls >> 3) & 7] / 8;
}

/* UARTINTR is the OR of the masked interrupts (TRM "Interrupts", UARTINTR). */
static void update_irq(struct pl011 *u)
{
	bool level = (u->ris & u->imsc) != 0;
	if (level != u->irq_level) {
		u->irq_level = level;
		dev_irq_set(&u->irq, level);
	}
}

/*
 * A byte enters the receive FIFO. UARTRXINTR: RXIS asserts when the fill level
 * reaches the trigger level (a transition, not a level: Linux drains the FIFO
 * at startup because of exactly this). An overrun drops the new byte (UARTRSR.OE).
 */
static bool rx_push(struct pl011 *u, uint8_t byte)
{
	if (u->rx_count >= rx_depth(u)) {
		u->rsr |= RSR_OE;
		u->ris |= INT_OE;
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % PL011_FIFO_DEPTH] = byte;
	u->rx_count++;
	if (u->rx_count == rx_trigger(u))
		u->ris |= INT_RX;
	u->ris |= INT_RT;
	return true;
}

/*
 * UARTRXINTR/UARTRTINTR: RXIS clears when reading takes the FIFO below the trigger level,
 * RTIS when the FIFO becomes empty. Reading an empty FIFO returns 0.
 */
static uint32_t rx_pop(struct pl011 *u)
{
	if (!u->rx_count)
		return 0;
	uint8_t byte = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % PL011_FIFO_DEPTH;
	u->rx_count--;
	if (u->rx_count < rx_trigger(u))
		u->ris &= ~INT_RX;
	if (!u->rx_count)
		u->ris &= ~INT_RT;
	return byte;
}

/*
 * A byte written to UARTDR leaves at once (into the RX side in loopback,
 * UARTCR.LBE). UARTTXINTR: TXIS is raised by the FIFO draining down through the
 * trigger level, not by it being empty, so it is set after each byte sent and
 * not at reset; Linux's driver fills the FIFO first and only then waits for
 * TXIS, which this satisfies.
 */
static void tx(struct pl011 *u, uint8_t byte)
{
	if (u->cr & CR_LBE)
		rx_push(u, byte);
	else if (u->out)
		u->out(u->out_opaque, byte);
	u->ris |= INT_TX;
}

static uint32_t flags(const struct pl011 *u)
{
	uint32_t fr = FR_TXFE;
	if (!u->rx_count)
		fr |= FR_RXFE;
	if (u->rx_count >= rx_depth(u))
		fr |= FR_RXFF;
	return fr;
}

static uint64_t word_read(void *opaque, uint64_t off)
{
	struct pl011 *u = opaque;
	switch (off) {
	case UARTDR: {
		uint32_t v = rx_pop(u);
		update_irq(u);
		return v;
	}
	case UARTRSR: return u->rsr;
	case UARTFR: return flags(u);
	case UARTILPR: return u->ilpr;
	case UARTIBRD: return u->ibrd;
	case UARTFBRD: return u->fbrd;
	case UARTLCR_H: return u->lcr_h;
	case UARTCR: return u->cr;
	case UARTIFLS: return u->ifls;
	case UARTIMSC: return u->imsc;
	case UARTRIS: return u->ris;
	case UARTMIS: return u->ris & u->imsc;
	case UARTDMACR: return u->dmacr;
	}
	if (off >= UARTPERIPHID0 && off < PL011_MMIO_SIZE)
		return id_regs[(off - UARTPERIPHID0) / 4];
	return 0;                  /* reserved, and UARTICR (write-only): RAZ */
}

static void word_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct pl011 *u = opaque;
	uint32_t bits = (uint32_t)(val & mask);
	switch (off) {
	case UARTDR:
		if (mask & 0xff)
			tx(u, (uint8_t)val);
		break;
	case UARTRSR: u->rsr = 0; break;  /* UARTECR: any write clears the errors */
	case UARTILPR: u->ilpr = dev_merge(u->ilpr, val, mask) & ILPR_MASK; break;
	case UARTIBRD: u->ibrd = dev_merge(u->ibrd, val, mask) & IBRD_MASK; break;
	case UARTFBRD: u->fbrd = dev_merge(u->fbrd, val, mask) & FBRD_MASK; break;
	case UARTLCR_H: u->lcr_h = dev_merge(u->lcr_h, val, mask) & LCR_H_MASK; break;
	case UARTCR: u->cr = dev_merge(u->cr, val, mask) & CR_MASK; break;
	case UARTIFLS: u->ifls = dev_merge(u->ifls, val, mask) & IFLS_MASK; break;
	case UARTIMSC: u->imsc = dev_merge(u->imsc, val, mask) & INT_ALL; break;
	case UARTICR: u->ris &= ~bits; break;
	case UARTDMACR: u->dmacr = dev_merge(u->dmacr, val, mask) & DMACR_MASK; break;
	default: return;           /* read-only and reserved: WI */
	}
	update_irq(u);
}

static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 4, word_read);
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 4, word_write);
}

static const struct mem_mmio_ops pl011_ops = { .read = mmio_read, .write = mmio_write };

void pl011_reset(struct pl011 *u)
{
	u->rx_head = u->rx_count = 0;
	u->rsr = u->ilpr = u->ibrd = u->fbrd = u->lcr_h = u->imsc = u->ris = u->dmacr = 0;
	u->cr = CR_TXE | CR_RXE;   /* UARTCR reset value 0x0300 */
	u->ifls = 0x12;            /* UARTIFLS reset: both trigger levels at 1/2 */
	update_irq(u);
}

struct pl011 *pl011_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
			void (*out)(void *opaque, uint8_t byte), void *out_opaque)
{
	struct pl011 *u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	u->irq = irq;
	u->out = out;
	u->out_opaque = out_opaque;
	pl011_reset(u);
	if (!mem_add_mmio(mem, "pl011", base, PL011_MMIO_SIZE, &pl011_ops, u)) {
		free(u);
		return NULL;
	}
	return u;
}

void pl011_free(struct pl011 *u)
{
	free(u);
}

bool pl011_input(struct pl011 *u, uint8_t byte)
{
	bool ok = rx_push(u, byte);
	update_irq(u);
	return ok;
}

unsigned pl011_rx_room(const struct pl011 *u)
{
	unsigned depth = rx_depth(u);
	return u->rx_count < depth ? depth - u->rx_count : 0;
}

void pl011_snapshot(struct pl011 *u, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct pl011, irq_level), SNAP_FIELD(struct pl011, rx),
		SNAP_FIELD(struct pl011, rx_head), SNAP_FIELD(struct pl011, rx_count),
		SNAP_FIELD(struct pl011, rsr), SNAP_FIELD(struct pl011, ilpr),
		SNAP_FIELD(struct pl011, ibrd), SNAP_FIELD(struct pl011, fbrd),
		SNAP_FIELD(struct pl011, lcr_h), SNAP_FIELD(struct pl011, cr),
		SNAP_FIELD(struct pl011, ifls), SNAP_FIELD(struct pl011, imsc),
		SNAP_FIELD(struct pl011, ris), SNAP_FIELD(struct pl011, dmacr),
	};
	snap_section(s, "pl011");
	snap_fields(s, u, f, SNAP_N(f));
	snap_check(s, u->rx_head, PL011_FIFO_DEPTH, "PL011 FIFO head");
	snap_check(s, u->rx_count, PL011_FIFO_DEPTH + 1, "PL011 FIFO count");
}
