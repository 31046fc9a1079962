/*
 * Arm PrimeCell Real Time Clock (PL031), Arm DDI 0224 ("the TRM"); register
 * and bit names are the TRM's (chapter 3, "Programmers Model").
 *
 * The counter is RTCDR = offset + whole virtual seconds, modulo 2^32; a write
 * to RTCLR moves the offset so that the counter reads the loaded value at
 * once and ticks on from there on virtual-second boundaries.
 *
 * Deviations:
 * - RTCCR.RTCSTART reads 1 from reset and writes are ignored: the clock is
 *   running when the guest arrives, as firmware leaves a battery-backed RTC
 *   (the TRM makes the bit sticky once set, so a guest cannot tell).
 * - RTCRIS latches whenever the counter and RTCMR become equal, whether by a
 *   tick, an RTCMR write or an RTCLR write ("Interrupt operation": the
 *   interrupt is generated when the counter value equals the match value).
 */
#include <stdbool.h>
#include <stdlib.h>

#include "dev/mmio.h"
#include "dev/pl031.h"
#include "mem/snap.h"

enum {
	RTCDR = 0x000,
	RTCMR = 0x004,
	RTCLR = 0x008,
	RTCCR = 0x00c,
	RTCIMSC = 0x010,
	RTCRIS = 0x014,
	RTCMIS = 0x018,
	RTCICR = 0x01c,
	RTCPERIPHID0 = 0xfe0,      /* ... RTCPCellID3 at 0xffc */
};

enum { CR_START = 1 << 0 };
/* One bit in RTCIMSC, RTCRIS, RTCMIS and RTCICR: the match interrupt. */
enum { INT_MATCH = 1 << 0 };

#define NS_PER_SECOND 1000000000ull

/* RTCPeriphID0-3 and RTCPCellID0-3: a PL031 (Linux's amba bus probes these). */
static const uint8_t id_regs[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct pl031 {
	struct dev_irq irq;
	bool irq_level;
	uint64_t (*now_ns)(void *opaque);
	void *opaque;

	uint64_t offset;           /* counter = offset + virtual seconds (mod 2^32) */
	uint64_t seen;             /* the virtual second up to which matches were checked */
	uint32_t mr, lr, imsc, ris;
};

static uint64_t now_seconds(const struct pl031 *r)
{
	return r->now_ns(r->opaque) / NS_PER_SECOND;
}

static uint32_t counter_at(const struct pl031 *r, uint64_t secs)
{
	return (uint32_t)(r->offset + secs);
}

/*
 * Tick the counter from second `seen` to now: it passed through the values
 * counter(seen)+1 .. counter(now), and RTCMR matched if it is one of them
 * (all 2^32 values, once 2^32 seconds went by).
 */
static void catch_up(struct pl031 *r)
{
	uint64_t secs = now_seconds(r);
	if (secs > r->seen) {
		uint64_t dist = (uint32_t)(r->mr - counter_at(r, r->seen));
		if (!dist)
			dist = 1ull << 32;
		if (dist <= secs - r->seen)
			r->ris |= INT_MATCH;
	}
	r->seen = secs;
}

/* An RTCMR or RTCLR write that makes the two equal matches at once. */
static void check_equal(struct pl031 *r)
{
	if (counter_at(r, r->seen) == r->mr)
		r->ris |= INT_MATCH;
}

/* RTCINTR is RTCMIS ("Interrupt operation"). */
static void update_irq(struct pl031 *r)
{
	bool level = (r->ris & r->imsc) != 0;
	if (level != r->irq_level) {
		r->irq_level = level;
		dev_irq_set(&r->irq, level);
	}
}

static uint64_t word_read(void *opaque, uint64_t off)
{
	struct pl031 *r = opaque;
	switch (off) {
	case RTCDR: return counter_at(r, r->seen);
	case RTCMR: return r->mr;
	case RTCLR: return r->lr;
	case RTCCR: return CR_START;
	case RTCIMSC: return r->imsc;
	case RTCRIS: return r->ris;
	case RTCMIS: return r->ris & r->imsc;
	}
	if (off >= RTCPERIPHID0 && off < PL031_MMIO_SIZE)
		return id_regs[(off - RTCPERIPHID0) / 4];
	return 0;                  /* reserved, and RTCICR (write-only): RAZ */
}

static void word_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct pl031 *r = opaque;
	switch (off) {
	case RTCMR:
		r->mr = (uint32_t)dev_merge(r->mr, val, mask);
		check_equal(r);
		break;
	case RTCLR:
		r->lr = (uint32_t)dev_merge(r->lr, val, mask);
		r->offset = r->lr - r->seen;
		check_equal(r);
		break;
	case RTCIMSC: r->imsc = (uint32_t)dev_merge(r->imsc, val, mask) & INT_MATCH; break;
	case RTCICR: r->ris &= ~(uint32_t)(val & mask); break;
	default: break;            /* RTCDR, RTCCR (sticky start), read-only, reserved: WI */
	}
}

/* Every access first brings the counter up to virtual time. */
static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct pl031 *r = opaque;
	catch_up(r);
	uint64_t v = dev_mmio_read(r, off, size, 4, word_read);
	update_irq(r);
	return v;
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			uint64_t val)
{
	struct pl031 *r = opaque;
	catch_up(r);
	dev_mmio_write(r, off, size, val, 4, word_write);
	update_irq(r);
}

static const struct mem_mmio_ops pl031_ops = { .read = mmio_read, .write = mmio_write };

void pl031_reset(struct pl031 *r)
{
	catch_up(r);
	r->mr = r->lr = r->imsc = r->ris = 0;
	update_irq(r);
}

void pl031_update(struct pl031 *r)
{
	catch_up(r);
	update_irq(r);
}

struct pl031 *pl031_new(struct mem_space *mem, uint64_t base, struct dev_irq irq,
			uint64_t (*now_ns)(void *opaque), void *opaque, uint64_t epoch_seconds)
{
	if (!now_ns)
		return NULL;
	struct pl031 *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->irq = irq;
	r->now_ns = now_ns;
	r->opaque = opaque;
	r->seen = now_seconds(r);
	r->offset = epoch_seconds;
	pl031_reset(r);
	if (!mem_add_mmio(mem, "pl031", base, PL031_MMIO_SIZE, &pl031_ops, r)) {
		free(r);
		return NULL;
	}
	return r;
}

void pl031_free(struct pl031 *r)
{
	free(r);
}

void pl031_snapshot(struct pl031 *r, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct pl031, irq_level), SNAP_FIELD(struct pl031, offset),
		SNAP_FIELD(struct pl031, seen), SNAP_FIELD(struct pl031, mr),
		SNAP_FIELD(struct pl031, lr), SNAP_FIELD(struct pl031, imsc),
		SNAP_FIELD(struct pl031, ris),
	};
	snap_section(s, "pl031");
	snap_fields(s, r, f, SNAP_N(f));
}
