/*
 * The Loongson LS7A bridge's real-time clock as QEMU's LoongArch virt board
 * has it (device tree "loongson,ls7a-rtc"), register names as Linux's
 * drivers/rtc/rtc-loongson.c gives them: the TOY (time of year) counter in
 * broken-down fields, the RTC tick counter, their match registers, and
 * the two ACPI PM1 registers of the PM block 0x100 below it through which
 * the alarm wakes (PM1_STS/PM1_EN bit 10, RTC_STS/RTC_EN).
 *
 * The time is virtual: epoch seconds plus whole virtual seconds, moved by
 * TOY writes (which store a new offset), never the host's clock, so runs
 * repeat. TOY_READ0 holds month (1-12) in bits 31:26, day 25:21, hour
 * 20:16, minute 15:10, second 9:4 and tenths of a second 3:0; TOY_READ1
 * the year less 1900 (Linux's tm_year).
 *
 * Deviations: RTC_CTRL starts with the TOY and oscillator enabled, as a
 * battery-backed clock is left by firmware (Linux refuses to read a TOY
 * that is off); clearing TOY_ENABLE does not stop the clock. Of the match
 * registers only TOY_MATCH0 raises the alarm (Linux uses no other).
 */
#include <stdlib.h>

#include "dev/ls7a_rtc.h"
#include "dev/mmio.h"
#include "mem/snap.h"

enum {
	PM1_STS = 0x0c, PM1_EN = 0x10,                         /* in the PM block */
	TOY_TRIM = 0x120, TOY_WRITE0 = 0x124, TOY_WRITE1 = 0x128, TOY_READ0 = 0x12c,
	TOY_READ1 = 0x130, TOY_MATCH0 = 0x134, TOY_MATCH1 = 0x138, TOY_MATCH2 = 0x13c,
	RTC_CTRL = 0x140, RTC_TRIM = 0x160, RTC_WRITE0 = 0x164, RTC_READ0 = 0x168,
	RTC_MATCH0 = 0x16c, RTC_MATCH2 = 0x174,
};

#define PM_RTC (1u << 10)           /* PM1_STS.RTC_STS, PM1_EN.RTC_EN */
#define CTRL_TOY_EN (1u << 11)
#define CTRL_OSC_EN (1u << 8)
#define RTC_HZ 32768u               /* the RTC counter's 32.768 kHz crystal */
#define NS_PER_SECOND 1000000000ull

struct ls7a_rtc {
	struct dev_irq irq;
	bool irq_level;
	uint64_t (*now_ns)(void *opaque);
	void *opaque;
	int64_t offset;             /* TOY seconds since the Unix epoch = offset + virtual seconds */
	uint32_t write0;            /* the fields last written, until TOY_WRITE1 gives the year */
	uint32_t toy_trim, rtc_trim, ctrl, toy_match[3], rtc_match[3];
	uint32_t rtc_base;          /* the RTC counter's value at virtual time rtc_at */
	uint64_t rtc_at;
	uint64_t seen;              /* the virtual second up to which the alarm was checked */
	uint32_t pm1_sts, pm1_en;
};

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12), and back. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t toy_seconds(const struct ls7a_rtc *r, uint64_t ns)
{
	return r->offset + (int64_t)(ns / NS_PER_SECOND);
}

/* TOY_READ0's fields (tenths included when ns is given) and the year of second s. */
static uint32_t toy_fields(int64_t s, uint64_t ns, int64_t *year)
{
	int64_t days = s / 86400, rem = s % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	unsigned m, d;
	civil_from_days(days, year, &m, &d);
	return (uint32_t)m << 26 | d << 21 | (uint32_t)(rem / 3600) << 16 |
	       (uint32_t)(rem / 60 % 60) << 10 | (uint32_t)(rem % 60) << 4 |
	       (uint32_t)(ns % NS_PER_SECOND / 100000000);
}

/* The TOY_MATCH layout: year (low 6 bits) 31:26, month 25:22, day 21:17, hour 16:12, min 11:6, sec 5:0. */
static uint32_t match_fields(int64_t s)
{
	int64_t year;
	uint32_t f = toy_fields(s, 0, &year);
	return (uint32_t)((year - 1900) & 0x3f) << 26 | (f >> 26) << 22 | (f >> 21 & 0x1f) << 17 |
	       (f >> 16 & 0x1f) << 12 | (f >> 10 & 0x3f) << 6 | (f >> 4 & 0x3f);
}

/* A TOY write: the written fields and year become the time now. */
static void set_toy(struct ls7a_rtc *r, uint32_t year_since_1900, uint64_t ns)
{
	uint32_t w = r->write0;
	unsigned mon = w >> 26, day = w >> 21 & 0x1f;
	if (mon < 1 || mon > 12 || day < 1)
		return;                 /* not a date: the counter keeps its time */
	int64_t s = days_from_civil(1900 + (int64_t)year_since_1900, mon, day) * 86400 +
		    (w >> 16 & 0x1f) * 3600 + (w >> 10 & 0x3f) * 60 + (w >> 4 & 0x3f);
	r->offset = s - (int64_t)(ns / NS_PER_SECOND);
}

/* The alarm: TOY_MATCH0 equal to a second the TOY passed through, while RTC_EN is set. */
static void catch_up(struct ls7a_rtc *r)
{
	uint64_t now = r->now_ns(r->opaque), secs = now / NS_PER_SECOND;
	for (uint64_t s = r->seen + 1; r->toy_match[0] && s <= secs && s <= r->seen + 2; s++)
		if (match_fields(r->offset + (int64_t)s) == r->toy_match[0])
			r->pm1_sts |= PM_RTC;
	/* More than two seconds unobserved: check the last one only (a missed alarm is late, not lost). */
	if (r->toy_match[0] && secs > r->seen + 2 && match_fields(toy_seconds(r, now)) == r->toy_match[0])
		r->pm1_sts |= PM_RTC;
	r->seen = secs;
	bool level = (r->pm1_sts & r->pm1_en & PM_RTC) != 0;
	if (level != r->irq_level) {
		r->irq_level = level;
		dev_irq_set(&r->irq, level);
	}
}

static uint64_t word_read(void *opaque, uint64_t off)
{
	struct ls7a_rtc *r = opaque;
	uint64_t ns = r->now_ns(r->opaque);
	int64_t year;
	switch (off) {
	case PM1_STS: return r->pm1_sts;
	case PM1_EN: return r->pm1_en;
	case TOY_TRIM: return r->toy_trim;
	case TOY_READ0: return toy_fields(toy_seconds(r, ns), ns, &year);
	case TOY_READ1: toy_fields(toy_seconds(r, ns), ns, &year); return (uint32_t)(year - 1900);
	case RTC_CTRL: return r->ctrl;
	case RTC_TRIM: return r->rtc_trim;
	case RTC_READ0:
		return r->rtc_base + (uint32_t)((ns - r->rtc_at) * RTC_HZ / NS_PER_SECOND);
	}
	if (off >= TOY_MATCH0 && off <= TOY_MATCH2)
		return r->toy_match[(off - TOY_MATCH0) / 4];
	if (off >= RTC_MATCH0 && off <= RTC_MATCH2)
		return r->rtc_match[(off - RTC_MATCH0) / 4];
	return 0;                   /* write-only and reserved: RAZ */
}

static void word_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct ls7a_rtc *r = opaque;
	uint64_t ns = r->now_ns(r->opaque);
	uint32_t v = (uint32_t)dev_merge(0, val, mask);
	switch (off) {
	case PM1_STS: r->pm1_sts &= ~(v & PM_RTC); return;     /* write 1 to clear */
	case PM1_EN: r->pm1_en = v & PM_RTC; return;
	case TOY_TRIM: r->toy_trim = v; return;
	case TOY_WRITE0: r->write0 = v; return;
	case TOY_WRITE1: set_toy(r, v, ns); return;
	case RTC_CTRL: r->ctrl = v; return;
	case RTC_TRIM: r->rtc_trim = v; return;
	case RTC_WRITE0: r->rtc_base = v; r->rtc_at = ns; return;
	}
	if (off >= TOY_MATCH0 && off <= TOY_MATCH2) {
		r->toy_match[(off - TOY_MATCH0) / 4] = v;
		/*
		 * Writing TOY_MATCH0 ends an alarm: Linux's interrupt handler
		 * clears it "otherwise the interrupt cannot be cleared".
		 */
		if (off == TOY_MATCH0)
			r->pm1_sts &= ~PM_RTC;
	} else if (off >= RTC_MATCH0 && off <= RTC_MATCH2)
		r->rtc_match[(off - RTC_MATCH0) / 4] = v;
}

static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	catch_up(opaque);
	return dev_mmio_read(opaque, off, size, 4, word_read);
}

static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		       uint64_t val)
{
	struct ls7a_rtc *r = opaque;
	catch_up(r);
	dev_mmio_write(r, off, size, val, 4, word_write);
	catch_up(r);
}

static const struct mem_mmio_ops rtc_ops = { .read = mmio_read, .write = mmio_write };

struct ls7a_rtc *ls7a_rtc_new(struct mem_space *mem, uint64_t pm_base, struct dev_irq irq,
			      uint64_t (*now_ns)(void *opaque), void *opaque, uint64_t epoch_seconds)
{
	if (!now_ns)
		return NULL;
	struct ls7a_rtc *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->irq = irq;
	r->now_ns = now_ns;
	r->opaque = opaque;
	uint64_t ns = now_ns(opaque);
	r->seen = ns / NS_PER_SECOND;
	r->offset = (int64_t)epoch_seconds - (int64_t)r->seen;
	r->rtc_at = ns;
	r->ctrl = CTRL_TOY_EN | CTRL_OSC_EN;
	if (!mem_add_mmio(mem, "ls7a-rtc", pm_base, LS7A_RTC_MMIO_SIZE, &rtc_ops, r)) {
		free(r);
		return NULL;
	}
	return r;
}

/*
 * A machine reset: the time goes on (a battery-backed clock; a TOY the
 * guest set stays set), the registers return to what ls7a_rtc_new gives
 * them, and the alarm line falls.
 */
void ls7a_rtc_reset(struct ls7a_rtc *r)
{
	catch_up(r);
	r->write0 = r->toy_trim = r->rtc_trim = 0;
	for (unsigned i = 0; i < 3; i++)
		r->toy_match[i] = r->rtc_match[i] = 0;
	r->ctrl = CTRL_TOY_EN | CTRL_OSC_EN;
	r->pm1_sts = r->pm1_en = 0;
	catch_up(r);
}

void ls7a_rtc_update(struct ls7a_rtc *r)
{
	catch_up(r);
}

void ls7a_rtc_free(struct ls7a_rtc *r)
{
	free(r);
}

void ls7a_rtc_snapshot(struct ls7a_rtc *r, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct ls7a_rtc, irq_level), SNAP_FIELD(struct ls7a_rtc, offset),
		SNAP_FIELD(struct ls7a_rtc, write0), SNAP_FIELD(struct ls7a_rtc, toy_trim),
		SNAP_FIELD(struct ls7a_rtc, rtc_trim), SNAP_FIELD(struct ls7a_rtc, ctrl),
		SNAP_FIELD(struct ls7a_rtc, toy_match), SNAP_FIELD(struct ls7a_rtc, rtc_match),
		SNAP_FIELD(struct ls7a_rtc, rtc_base), SNAP_FIELD(struct ls7a_rtc, rtc_at),
		SNAP_FIELD(struct ls7a_rtc, seen), SNAP_FIELD(struct ls7a_rtc, pm1_sts),
		SNAP_FIELD(struct ls7a_rtc, pm1_en),
	};
	snap_section(s, "ls7a-rtc");
	snap_fields(s, r, f, SNAP_N(f));
}
