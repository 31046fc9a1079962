/*
 * NS16550A UART: the PC16550D data sheet ("the data sheet"); register and
 * bit names are its own (Table II, "Summary of Registers").
 *
 * Deviations, all on the permissive side:
 * - Baud rate (DLL/DLM), the line format (LCR) and the modem outputs are
 *   register storage only; no parity, framing or break error ever occurs.
 * - The character timeout indication fires as soon as a byte is waiting
 *   below the trigger level: input is delivered at quantum boundaries, so
 *   by the time the guest can look the four character times have passed.
 * - Transmission is immediate, so THRE and TEMT are always set and the
 *   transmitter-empty interrupt is pending again right after each THR write.
 *
 * Accesses wider than a byte act as one byte access per byte, in address
 * order (Linux's 8250 driver uses byte accesses, reg-io-width 1).
 */
#include <stdlib.h>

#include "dev/ns16550.h"
#include "mem/snap.h"

enum {
	RBR = 0,        /* read, DLAB = 0; THR on write; DLL with DLAB = 1 */
	IER = 1,        /* DLM with DLAB = 1 */
	IIR = 2,        /* read; FCR on write */
	LCR = 3,
	MCR = 4,
	LSR = 5,
	MSR = 6,
	SCR = 7,
};

/* IER: Enable Received Data Available, THR Empty, Receiver Line Status, Modem Status. */
enum { IER_ERBFI = 1 << 0, IER_ETBEI = 1 << 1, IER_ELSI = 1 << 2, IER_EDSSI = 1 << 3 };
/* IIR: interrupt identification (Table IV, "Interrupt Control Functions"). */
enum {
	IIR_MODEM = 0x0, IIR_NONE = 0x1, IIR_THRE = 0x2, IIR_RDA = 0x4, IIR_RLS = 0x6,
	IIR_TIMEOUT = 0xc, IIR_FIFOS = 0xc0,
};
/* FCR: FIFO enable, clear receive and transmit FIFOs, receiver trigger level (bits 7:6). */
enum { FCR_ENABLE = 1 << 0, FCR_CLEAR_RX = 1 << 1, FCR_CLEAR_TX = 1 << 2 };
#define FCR_TRIGGER(fcr) (((fcr) >> 6) & 3)
enum { LCR_DLAB = 1 << 7 };
/* MCR: DTR, RTS, OUT1, OUT2, LOOP (bits 7:5 always read 0). */
enum { MCR_DTR = 1 << 0, MCR_RTS = 1 << 1, MCR_OUT1 = 1 << 2, MCR_OUT2 = 1 << 3,
       MCR_LOOP = 1 << 4, MCR_MASK = 0x1f };
enum { LSR_DR = 1 << 0, LSR_OE = 1 << 1, LSR_THRE = 1 << 5, LSR_TEMT = 1 << 6 };
/* LSR's error bits, which raise the receiver line status interrupt. */
#define LSR_ERRORS 0x1e
/* MSR: the deltas (low nibble) and the input lines CTS, DSR, RI, DCD (high nibble). */
enum { MSR_DCTS = 1 << 0, MSR_DDSR = 1 << 1, MSR_TERI = 1 << 2, MSR_DDCD = 1 << 3,
       MSR_CTS = 1 << 4, MSR_DSR = 1 << 5, MSR_RI = 1 << 6, MSR_DCD = 1 << 7 };
#define MSR_DELTAS 0x0f
/*
 * Outside loopback the modem inputs read as a connected line (CTS, DSR and
 * DCD asserted, no ring), so a driver waiting for carrier or clear-to-send
 * is never held up.
 */
#define MSR_LINES_CONNECTED (MSR_CTS | MSR_DSR | MSR_DCD)

struct ns16550 {
	struct dev_irq irq;
	void (*out)(void *opaque, uint8_t byte);
	void *out_opaque;
	bool irq_level;

	uint8_t rx[NS16550_FIFO_DEPTH];
	unsigned rx_head, rx_count;
	bool thr_pending;        /* the THR-empty interrupt is pending */

	uint8_t ier, fcr, lcr, mcr, lsr, msr, scr, dll, dlm;
};

/* FCR0 clear: the FIFO is a one-byte holding register (16450 mode). */
static unsigned rx_depth(const struct ns16550 *u)
{
	return (u->fcr & FCR_ENABLE) ? NS16550_FIFO_DEPTH : 1;
}

/* The receiver FIFO trigger level (FCR bits 7:6: 1, 4, 8 or 14 bytes). */
static unsigned rx_trigger(const struct ns16550 *u)
{
	static const unsigned levels[4] = { 1, 4, 8, 14 };
	return (u->fcr & FCR_ENABLE) ? levels[FCR_TRIGGER(u->fcr)] : 1;
}

/* The highest-priority pending interrupt, as IIR bits 3:0 (the data sheet's Table IV order). */
static uint8_t pending_id(const struct ns16550 *u)
{
	if ((u->ier & IER_ELSI) && (u->lsr & LSR_ERRORS))
		return IIR_RLS;
	if ((u->ier & IER_ERBFI) && u->rx_count)
		return u->rx_count >= rx_trigger(u) ? IIR_RDA : IIR_TIMEOUT;
	if ((u->ier & IER_ETBEI) && u->thr_pending)
		return IIR_THRE;
	if ((u->ier & IER_EDSSI) && (u->msr & MSR_DELTAS))
		return IIR_MODEM;
	return IIR_NONE;
}

static void update_irq(struct ns16550 *u)
{
	bool level = pending_id(u) != IIR_NONE;
	if (level != u->irq_level) {
		u->irq_level = level;
		dev_irq_set(&u->irq, level);
	}
}

static bool rx_push(struct ns16550 *u, uint8_t byte)
{
	if (u->rx_count >= rx_depth(u)) {
		u->lsr |= LSR_OE;
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % NS16550_FIFO_DEPTH] = byte;
	u->rx_count++;
	u->lsr |= LSR_DR;
	return true;
}

/* RBR: the oldest byte (0 when empty); DR clears with the last one. */
static uint8_t rx_pop(struct ns16550 *u)
{
	if (!u->rx_count)
		return 0;
	uint8_t byte = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % NS16550_FIFO_DEPTH;
	if (!--u->rx_count)
		u->lsr &= ~LSR_DR;
	return byte;
}

static void rx_clear(struct ns16550 *u)
{
	u->rx_head = u->rx_count = 0;
	u->lsr &= ~LSR_DR;
}

/*
 * MSR's input lines: in loopback the modem outputs feed them back (DTR to
 * DSR, RTS to CTS, OUT1 to RI, OUT2 to DCD); each change sets its delta
 * bit, and RI's only on its trailing edge (TERI).
 */
static void update_msr(struct ns16550 *u)
{
	uint8_t lines = MSR_LINES_CONNECTED;
	if (u->mcr & MCR_LOOP)
		lines = (u->mcr & MCR_DTR ? MSR_DSR : 0) | (u->mcr & MCR_RTS ? MSR_CTS : 0) |
			(u->mcr & MCR_OUT1 ? MSR_RI : 0) | (u->mcr & MCR_OUT2 ? MSR_DCD : 0);
	uint8_t changed = (u->msr ^ lines) & 0xf0;
	if (changed & MSR_CTS)
		u->msr |= MSR_DCTS;
	if (changed & MSR_DSR)
		u->msr |= MSR_DDSR;
	if ((changed & MSR_RI) && !(lines & MSR_RI))
		u->msr |= MSR_TERI;
	if (changed & MSR_DCD)
		u->msr |= MSR_DDCD;
	u->msr = (u->msr & MSR_DELTAS) | lines;
}

/* THR: the byte leaves at once (into the receiver in loopback); THR is empty again. */
static void tx(struct ns16550 *u, uint8_t byte)
{
	if (u->mcr & MCR_LOOP)
		rx_push(u, byte);
	else if (u->out)
		u->out(u->out_opaque, byte);
	u->thr_pending = true;
}

static uint8_t reg_read(struct ns16550 *u, unsigned reg)
{
	bool dlab = u->lcr & LCR_DLAB;
	switch (reg) {
	case RBR:
		return dlab ? u->dll : rx_pop(u);
	case IER:
		return dlab ? u->dlm : u->ier;
	case IIR: {
		uint8_t id = pending_id(u);
		/* Reading IIR while it reports THR empty is what clears that interrupt. */
		if (id == IIR_THRE)
			u->thr_pending = false;
		return id | ((u->fcr & FCR_ENABLE) ? IIR_FIFOS : 0);
	}
	case LCR:
		return u->lcr;
	case MCR:
		return u->mcr;
	case LSR: {
		uint8_t v = u->lsr | LSR_THRE | LSR_TEMT;
		u->lsr &= ~LSR_ERRORS;   /* reading LSR clears the error bits */
		return v;
	}
	case MSR: {
		uint8_t v = u->msr;
		u->msr &= ~MSR_DELTAS;   /* reading MSR clears the deltas */
		return v;
	}
	default:
		return u->scr;
	}
}

static void reg_write(struct ns16550 *u, unsigned reg, uint8_t v)
{
	bool dlab = u->lcr & LCR_DLAB;
	switch (reg) {
	case RBR:
		if (dlab)
			u->dll = v;
		else
			tx(u, v);
		break;
	case IER:
		if (dlab) {
			u->dlm = v;
			break;
		}
		/* Enabling the THR-empty interrupt with THR empty raises it at once. */
		if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI))
			u->thr_pending = true;
		u->ier = v & 0x0f;
		break;
	case IIR:    /* FCR */
		/* Changing FCR0 empties both FIFOs; bits 1 and 2 clear them and self-clear. */
		if ((v ^ u->fcr) & FCR_ENABLE || (v & FCR_CLEAR_RX))
			rx_clear(u);
		u->fcr = v & ~(FCR_CLEAR_RX | FCR_CLEAR_TX);
		break;
	case LCR:
		u->lcr = v;
		break;
	case MCR:
		u->mcr = v & MCR_MASK;
		update_msr(u);
		break;
	case LSR:
	case MSR:
		break;   /* read-only here (the data sheet reserves writes for factory test) */
	default:
		u->scr = v;
	}
}

static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct ns16550 *u = opaque;
	uint64_t v = 0;
	for (unsigned i = 0; i < size && i < 8 && off + i < NS16550_MMIO_SIZE; i++)
		v |= (uint64_t)reg_read(u, (unsigned)(off + i)) << (8 * i);
	update_irq(u);
	return v;
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		       uint64_t val)
{
	struct ns16550 *u = opaque;
	for (unsigned i = 0; i < size && i < 8 && off + i < NS16550_MMIO_SIZE; i++)
		reg_write(u, (unsigned)(off + i), (uint8_t)(val >> (8 * i)));
	update_irq(u);
}

static const struct mem_mmio_ops ns16550_ops = { .read = mmio_read, .write = mmio_write };

void ns16550_reset(struct ns16550 *u)
{
	rx_clear(u);
	u->ier = u->fcr = u->lcr = u->mcr = u->scr = u->dll = u->dlm = 0;
	u->lsr = 0;
	u->msr = MSR_LINES_CONNECTED;
	u->thr_pending = false;
	update_irq(u);
}

struct ns16550 *ns16550_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
			    void (*out)(void *opaque, uint8_t byte), void *out_opaque)
{
	struct ns16550 *u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	u->irq = irq;
	u->out = out;
	u->out_opaque = out_opaque;
	ns16550_reset(u);
	if (!mem_add_mmio(mem, "ns16550", base, NS16550_MMIO_SIZE, &ns16550_ops, u)) {
		free(u);
		return NULL;
	}
	return u;
}

void ns16550_free(struct ns16550 *u)
{
	free(u);
}

bool ns16550_input(struct ns16550 *u, uint8_t byte)
{
	bool ok = rx_push(u, byte);
	update_irq(u);
	return ok;
}

unsigned ns16550_rx_room(const struct ns16550 *u)
{
	unsigned depth = rx_depth(u);
	return u->rx_count < depth ? depth - u->rx_count : 0;
}

void ns16550_snapshot(struct ns16550 *u, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct ns16550, irq_level), SNAP_FIELD(struct ns16550, rx),
		SNAP_FIELD(struct ns16550, rx_head), SNAP_FIELD(struct ns16550, rx_count),
		SNAP_FIELD(struct ns16550, thr_pending), SNAP_FIELD(struct ns16550, ier),
		SNAP_FIELD(struct ns16550, fcr), SNAP_FIELD(struct ns16550, lcr),
		SNAP_FIELD(struct ns16550, mcr), SNAP_FIELD(struct ns16550, lsr),
		SNAP_FIELD(struct ns16550, msr), SNAP_FIELD(struct ns16550, scr),
		SNAP_FIELD(struct ns16550, dll), SNAP_FIELD(struct ns16550, dlm),
	};
	snap_section(s, "ns16550");
	snap_fields(s, u, f, SNAP_N(f));
	snap_check(s, u->rx_head, NS16550_FIFO_DEPTH, "16550 FIFO head");
	snap_check(s, u->rx_count, NS16550_FIFO_DEPTH + 1, "16550 FIFO count");
}
