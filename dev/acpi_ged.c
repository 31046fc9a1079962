/*
 * ACPI hardware-reduced sleep and reset registers (see acpi_ged.h).
 */
#include <stdlib.h>

#include "dev/acpi_ged.h"

#define SLP_TYP(v) (((v) >> 2) & 7)     /* SLEEP_CTL bits 4:2 */

struct acpi_ged {
	void (*power_off)(void *opaque);
	void (*reset)(void *opaque);
	void *opaque;
};

static uint64_t mmio_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return 0;
}

/* Each byte written acts on its register; other sleep types and reset values do nothing. */
static void mmio_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		       uint64_t val)
{
	struct acpi_ged *g = opaque;
	for (unsigned i = 0; i < size && i < 8 && off + i < ACPI_GED_MMIO_SIZE; i++) {
		uint8_t b = (uint8_t)(val >> (8 * i));
		if (off + i == ACPI_GED_SLEEP_CTL && (b & ACPI_GED_SLP_EN) &&
		    SLP_TYP(b) == ACPI_GED_SLP_TYP_S5)
			g->power_off(g->opaque);
		else if (off + i == ACPI_GED_RESET && b == ACPI_GED_RESET_VALUE)
			g->reset(g->opaque);
	}
}

static const struct mem_mmio_ops ged_ops = { .read = mmio_read, .write = mmio_write };

struct acpi_ged *acpi_ged_new(struct mem_space *mem, uint64_t base,
			      void (*power_off)(void *opaque), void (*reset)(void *opaque),
			      void *opaque)
{
	struct acpi_ged *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	*g = (struct acpi_ged){ power_off, reset, opaque };
	if (!mem_add_mmio(mem, "acpi-ged", base, ACPI_GED_MMIO_SIZE, &ged_ops, g)) {
		free(g);
		return NULL;
	}
	return g;
}

void acpi_ged_free(struct acpi_ged *g)
{
	free(g);
}
