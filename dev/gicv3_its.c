/*
 * GICv3 ITS (Arm IHI 0069 chapter 5 "Locality-specific Peripheral
 * Interrupts and the ITS", register descriptions in chapter 12 by name,
 * command formats in 5.3). See gicv3_its.h for the configuration.
 */
#include <stdlib.h>

#include "dev/gic_common.h"
#include "dev/gicv3_its.h"
#include "dev/mmio.h"
#include "mem/snap.h"

enum {
	GITS_CTLR = 0x0000,        /* with GITS_IIDR in the same 64-bit word */
	GITS_TYPER = 0x0008, GITS_CBASER = 0x0080, GITS_CWRITER = 0x0088, GITS_CREADR = 0x0090,
	GITS_BASER = 0x0100,       /* 8 of them */
	GITS_PIDR2 = 0xffe8,
	GITS_TRANSLATER = 0x10040,
};
enum { CTLR_ENABLED = 1u << 0, CTLR_QUIESCENT = 1u << 31 };
#define IIDR_VALUE 0x48000000ull   /* ProductID 'H', as the GIC's */
#define ID_BITS 16                 /* DeviceID and EventID widths */
#define ENTRY 8                    /* bytes per table entry */
/* GITS_TYPER: Physical, ITT_entry_size - 1, IDbits - 1, Devbits - 1; PTA 0, HCC 0. */
#define TYPER_VALUE (1ull | (ENTRY - 1ull) << 4 | (ID_BITS - 1ull) << 8 | (ID_BITS - 1ull) << 13)
/* GITS_BASER<n>.Type: the tables the ITS asks the driver for. */
enum { BASER_DEVICES = 1, BASER_COLLECTIONS = 4, N_BASER = 8 };
#define BASER_VALID (1ull << 63)
#define BASER_PA 0x0000fffffffff000ull
/* The fields the driver may write: Valid, caches, PA, Shareability, Size; 4 KiB pages, flat. */
#define BASER_RW (BASER_VALID | 0x38e0fffffffffcffull)
#define CBASER_RW (BASER_VALID | 0x38e0fffffffffcffull)
#define CMD_SIZE 32
#define CWRITER_MASK 0xfffe0ull
/* Commands (5.3, the command numbers in DW0 [7:0]). */
enum {
	CMD_MOVI = 0x01, CMD_INT = 0x03, CMD_CLEAR = 0x04, CMD_SYNC = 0x05, CMD_MAPD = 0x08,
	CMD_MAPC = 0x09, CMD_MAPTI = 0x0a, CMD_MAPI = 0x0b, CMD_INV = 0x0c, CMD_INVALL = 0x0d,
	CMD_DISCARD = 0x0f,
};
/* hvsim's entries: Valid [63] and, device: ITT address [51:8], Size [4:0];
   collection: processor [15:0]; ITT: ICID [47:32], pINTID [31:0]. */
#define ENTRY_VALID (1ull << 63)
#define ITT_ADDR_MASK 0x000fffffffffff00ull

struct gicv3_its {
	struct gicv3 *g;
	struct mem_space *mem;
	uint32_t ctlr;
	uint64_t cbaser, cwriter, creadr;
	uint64_t baser[N_BASER];
};

static const uint64_t baser_type[N_BASER] = { BASER_DEVICES, BASER_COLLECTIONS };

/* ------------------------------------------------------------ tables */

/* Entry `index` of the table GITS_BASER<n> points at, if it is valid and holds one. */
static bool table_entry(const struct gicv3_its *its, int n, uint64_t index, uint64_t *gpa)
{
	uint64_t b = its->baser[n];
	uint64_t size = ((b & 0xff) + 1) * 4096;
	if (!(b & BASER_VALID) || index >= size / ENTRY)
		return false;
	*gpa = (b & BASER_PA) + index * ENTRY;
	return true;
}

static bool read_entry(const struct gicv3_its *its, uint64_t gpa, uint64_t *v)
{
	uint8_t b[ENTRY];
	if (!mem_host_read(its->mem, gpa, b, sizeof(b)))
		return false;
	*v = 0;
	for (int i = 0; i < ENTRY; i++)
		*v |= (uint64_t)b[i] << (8 * i);
	return true;
}

static bool write_entry(const struct gicv3_its *its, uint64_t gpa, uint64_t v)
{
	uint8_t b[ENTRY];
	for (int i = 0; i < ENTRY; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return mem_host_write(its->mem, gpa, b, sizeof(b));
}

/* A valid entry of table n: its contents. */
static bool lookup(const struct gicv3_its *its, int n, uint64_t index, uint64_t *v)
{
	uint64_t gpa;
	return table_entry(its, n, index, &gpa) && read_entry(its, gpa, v) && (*v & ENTRY_VALID);
}

static bool store(const struct gicv3_its *its, int n, uint64_t index, uint64_t v)
{
	uint64_t gpa;
	return table_entry(its, n, index, &gpa) && write_entry(its, gpa, v);
}

/* The ITT entry of (devid, eventid): its address, and the entry itself. */
static bool itt_entry(const struct gicv3_its *its, uint32_t devid, uint32_t eventid,
		      uint64_t *gpa, uint64_t *ite)
{
	uint64_t dte;
	if (!lookup(its, 0, devid, &dte) || eventid >> ((dte & 0x1f) + 1))
		return false;
	*gpa = (dte & ITT_ADDR_MASK) + (uint64_t)eventid * ENTRY;
	return read_entry(its, *gpa, ite);
}

/* The processor a collection targets, or -1. */
static int collection_target(const struct gicv3_its *its, uint64_t icid)
{
	uint64_t cte;
	return lookup(its, 1, icid, &cte) ? (int)(cte & 0xffff) : -1;
}

/* (devid, eventid) -> LPI and target processor: 5.2 "LPI translation". */
static bool translate(const struct gicv3_its *its, uint32_t devid, uint32_t eventid,
		      unsigned *lpi, int *cpu)
{
	uint64_t gpa, ite;
	if (!itt_entry(its, devid, eventid, &gpa, &ite) || !(ite & ENTRY_VALID))
		return false;
	*lpi = (uint32_t)ite;
	*cpu = collection_target(its, (ite >> 32) & 0xffff);
	return *cpu >= 0;
}

/* ------------------------------------------------------------ commands */

static void set_pending(struct gicv3_its *its, uint32_t devid, uint32_t eventid, bool pending)
{
	unsigned lpi;
	int cpu;
	if (translate(its, devid, eventid, &lpi, &cpu))
		gic_lpi_set_pending(its->g, cpu, lpi, pending);
}

/* MAPTI, MAPI: an ITT entry for a mapped device, an event in its range, an LPI. */
static void map_event(struct gicv3_its *its, uint32_t devid, uint32_t eventid, uint32_t lpi,
		      uint64_t icid)
{
	uint64_t gpa, ite;
	if (lpi < GIC_LPI_FIRST || lpi >= GIC_LPI_LIMIT || icid >> ID_BITS ||
	    !itt_entry(its, devid, eventid, &gpa, &ite))
		return;
	write_entry(its, gpa, ENTRY_VALID | icid << 32 | lpi);
}

/* MOVI: the event's collection changes; a pending LPI moves with it. */
static void move_event(struct gicv3_its *its, uint32_t devid, uint32_t eventid, uint64_t icid)
{
	uint64_t gpa, ite;
	unsigned lpi;
	int from, to = collection_target(its, icid);
	if (to < 0 || !translate(its, devid, eventid, &lpi, &from) ||
	    !itt_entry(its, devid, eventid, &gpa, &ite))
		return;
	struct gic_cpu *c = &its->g->cpu[from];
	bool pending = c->lpi_pending && (c->lpi_pending[lpi / 64] >> (lpi % 64)) & 1;
	gic_lpi_set_pending(its->g, from, lpi, false);
	write_entry(its, gpa, (ite & ~(0xffffull << 32)) | icid << 32);
	if (pending)
		gic_lpi_set_pending(its->g, to, lpi, true);
}

static void command(struct gicv3_its *its, const uint64_t dw[4])
{
	uint32_t devid = (uint32_t)(dw[0] >> 32), eventid = (uint32_t)dw[1];
	uint64_t icid = dw[2] & 0xffff;
	bool valid = dw[2] >> 63;
	if (devid >> ID_BITS)
		return;
	switch (dw[0] & 0xff) {
	case CMD_MAPD:
		/* Size [4:0] of DW1: EventID bits - 1; ITT_addr [51:8] of DW2 */
		if ((dw[1] & 0x1f) < ID_BITS)
			store(its, 0, devid, valid ? ENTRY_VALID | (dw[2] & ITT_ADDR_MASK) | (dw[1] & 0x1f)
						   : 0);
		break;
	case CMD_MAPC: {
		/* RDbase [51:16] of DW2: with PTA 0, the processor number */
		uint64_t target = (dw[2] >> 16) & 0xfffffffffull;
		if (!valid || target < (uint64_t)its->g->n_cpus)
			store(its, 1, icid, valid ? ENTRY_VALID | target : 0);
		break;
	}
	case CMD_MAPTI: map_event(its, devid, eventid, (uint32_t)(dw[1] >> 32), icid); break;
	case CMD_MAPI: map_event(its, devid, eventid, eventid, icid); break;
	case CMD_MOVI: move_event(its, devid, eventid, icid); break;
	case CMD_INT: set_pending(its, devid, eventid, true); break;
	case CMD_CLEAR: set_pending(its, devid, eventid, false); break;
	case CMD_DISCARD: {
		uint64_t gpa, ite;
		set_pending(its, devid, eventid, false);
		if (itt_entry(its, devid, eventid, &gpa, &ite) && (ite & ENTRY_VALID))
			write_entry(its, gpa, 0);
		break;
	}
	case CMD_INV:
	case CMD_INVALL:
		/* Configuration is read from the table when used: look at it again now. */
		gic_update(its->g);
		break;
	default:
		break;     /* SYNC: every command is complete when the next one runs */
	}
}

/* GITS_CWRITER moved: run the commands from GITS_CREADR up to it. */
static void run_commands(struct gicv3_its *its)
{
	uint64_t size = ((its->cbaser & 0xff) + 1) * 4096;
	if (!(its->cbaser & BASER_VALID) || its->cwriter >= size)
		return;
	while (its->creadr != its->cwriter) {
		uint8_t b[CMD_SIZE];
		uint64_t dw[4] = { 0 };
		if (!mem_host_read(its->mem, (its->cbaser & BASER_PA) + its->creadr, b, sizeof(b)))
			return;    /* the queue left RAM: stall, as a real ITS would */
		for (int i = 0; i < CMD_SIZE; i++)
			dw[i / 8] |= (uint64_t)b[i] << (8 * (i % 8));
		command(its, dw);
		its->creadr = (its->creadr + CMD_SIZE) % size;
	}
}

/* ------------------------------------------------------------ registers */

static uint64_t its_read(void *opaque, uint64_t off)
{
	struct gicv3_its *its = opaque;
	switch (off) {
	case GITS_CTLR: return its->ctlr | CTLR_QUIESCENT | IIDR_VALUE << 32;
	case GITS_TYPER: return TYPER_VALUE;
	case GITS_CBASER: return its->cbaser;
	case GITS_CWRITER: return its->cwriter;
	case GITS_CREADR: return its->creadr;
	case GITS_PIDR2: return 0x30;                    /* PIDR2.ArchRev 3 */
	}
	if (off >= GITS_BASER && off < GITS_BASER + 8 * N_BASER) {
		int n = (int)(off - GITS_BASER) / 8;
		return its->baser[n] | baser_type[n] << 56 | (baser_type[n] ? (ENTRY - 1ull) << 48 : 0);
	}
	return 0;
}

static void its_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct gicv3_its *its = opaque;
	if (off == GITS_CTLR) {
		its->ctlr = (uint32_t)dev_merge(its->ctlr, val, mask) & CTLR_ENABLED;
	} else if (off == GITS_CBASER) {
		/* "writing while GITS_CTLR.Enabled is 1 is UNPREDICTABLE": ignored */
		if (!(its->ctlr & CTLR_ENABLED)) {
			its->cbaser = dev_merge(its->cbaser, val, mask) & CBASER_RW;
			its->creadr = 0;   /* 12.19.3: writing GITS_CBASER resets GITS_CREADR */
		}
	} else if (off == GITS_CWRITER) {
		its->cwriter = dev_merge(its->cwriter, val, mask) & CWRITER_MASK;
		run_commands(its);
	} else if (off == GITS_TRANSLATER) {
		if (mask & 0xffffffffu)
			gicv3_its_msi(its, 0, (uint32_t)(val & mask));
	} else if (off >= GITS_BASER && off < GITS_BASER + 8 * N_BASER) {
		int n = (int)(off - GITS_BASER) / 8;
		if (baser_type[n] && !(its->ctlr & CTLR_ENABLED))
			its->baser[n] = dev_merge(its->baser[n], val, mask) & BASER_RW;
	}
}

static uint64_t its_mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 8, its_read);
}

static void its_mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			   uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 8, its_write);
}

static const struct mem_mmio_ops its_ops = { .read = its_mmio_read, .write = its_mmio_write };

void gicv3_its_msi(struct gicv3_its *its, uint32_t devid, uint32_t eventid)
{
	if ((its->ctlr & CTLR_ENABLED) && !(devid >> ID_BITS))
		set_pending(its, devid, eventid, true);
}

struct gicv3_its *gicv3_its_new(struct mem_space *mem, uint64_t base, struct gicv3 *g)
{
	if (!g || g->version != 3)
		return NULL;
	struct gicv3_its *its = calloc(1, sizeof(*its));
	if (!its)
		return NULL;
	its->g = g;
	its->mem = mem;
	if (!mem_add_mmio(mem, "gicv3-its", base, GICV3_ITS_SIZE, &its_ops, its)) {
		free(its);
		return NULL;
	}
	return its;
}

void gicv3_its_free(struct gicv3_its *its)
{
	free(its);
}

void gicv3_its_reset(struct gicv3_its *its)
{
	its->ctlr = 0;
	its->cbaser = its->cwriter = its->creadr = 0;
	memset(its->baser, 0, sizeof(its->baser));
}

void gicv3_its_snapshot(struct gicv3_its *its, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct gicv3_its, ctlr), SNAP_FIELD(struct gicv3_its, cbaser),
		SNAP_FIELD(struct gicv3_its, cwriter), SNAP_FIELD(struct gicv3_its, creadr),
		SNAP_FIELD(struct gicv3_its, baser),
	};
	snap_section(s, "gicv3-its");
	snap_fields(s, its, f, SNAP_N(f));
}
