/*
 * The GICv3 Interrupt Translation Service (Arm IHI 0069, chapters 5 and
 * 6): MSIs written to GITS_TRANSLATER as (DeviceID, EventID) become LPIs
 * of the GICv3 (gicv3.h) on the redistributor their collection names.
 *
 * Configuration: physical LPIs only (no GICv4), 16-bit DeviceIDs and
 * EventIDs, GITS_TYPER.PTA 0 (a collection targets a processor number),
 * flat device and collection tables (GITS_BASER0, GITS_BASER1) and the
 * interrupt translation tables, all in guest memory, in 8-byte entries
 * of hvsim's own layout (IMPLEMENTATION DEFINED). Commands run when the
 * driver moves GITS_CWRITER, a queue's worth at most; a bad command is
 * skipped. A CPU's write to GITS_TRANSLATER carries DeviceID 0, as on QEMU.
 */
#ifndef HVSIM_DEV_GICV3_ITS_H
#define HVSIM_DEV_GICV3_ITS_H

#include <stdint.h>

#include "mem/mem.h"

#define GICV3_ITS_SIZE 0x20000ull   /* control frame, then the translation frame */

struct gicv3;
struct gicv3_its;

/* The ITS of GIC g at `base` in `mem`; NULL on bad arguments or no room. */
struct gicv3_its *gicv3_its_new(struct mem_space *mem, uint64_t base, struct gicv3 *g);
void gicv3_its_free(struct gicv3_its *its);
/* System reset: GITS_CTLR, GITS_CBASER, GITS_CWRITER, GITS_CREADR and GITS_BASER<n> to 0. */
void gicv3_its_reset(struct gicv3_its *its);
/* An MSI from device `devid` (GITS_TRANSLATER's write, with the sender known). */
void gicv3_its_msi(struct gicv3_its *its, uint32_t devid, uint32_t eventid);

struct snap;
/* Save or load the ITS's registers (its tables are in guest memory). */
void gicv3_its_snapshot(struct gicv3_its *its, struct snap *s);

#endif
