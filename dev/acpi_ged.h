/*
 * The hardware-reduced ACPI sleep and reset registers (ACPI 6.5, 4.8.3.6
 * "Reset Register" and 4.8.3.7 "Sleep Control and Status Registers") as
 * QEMU's Generic Event Device exposes them on its LoongArch virt board:
 * three byte-wide registers, SLEEP_CTL, SLEEP_STS and RESET. Linux drives
 * them without ACPI through "syscon-poweroff" and "syscon-reboot" nodes.
 *
 * Writing SLEEP_CTL with SLP_EN and the S5 sleep type powers the machine
 * off; writing the reset value to RESET resets it. Both are the board's
 * callbacks. The registers read as 0 (SLEEP_CTL and RESET are write-only;
 * SLEEP_STS's wake status never sets), so a read-modify-write of either
 * always writes.
 */
#ifndef HVSIM_DEV_ACPI_GED_H
#define HVSIM_DEV_ACPI_GED_H

#include <stdint.h>

#include "mem/mem.h"

#define ACPI_GED_MMIO_SIZE 3
/* The registers' offsets and the values that act (QEMU's ACPI_GED_*). */
#define ACPI_GED_SLEEP_CTL 0
#define ACPI_GED_SLEEP_STS 1
#define ACPI_GED_RESET 2
#define ACPI_GED_RESET_VALUE 0x42
#define ACPI_GED_SLP_EN 0x20
#define ACPI_GED_SLP_TYP_S5 5           /* the sleep type in SLEEP_CTL bits 4:2 */
#define ACPI_GED_POWER_OFF_VALUE (ACPI_GED_SLP_EN | ACPI_GED_SLP_TYP_S5 << 2)

struct acpi_ged;

/* Create the registers at `base` in `mem`; NULL if the region cannot be added. */
struct acpi_ged *acpi_ged_new(struct mem_space *mem, uint64_t base,
			      void (*power_off)(void *opaque), void (*reset)(void *opaque),
			      void *opaque);
/* Free the state; the region stays in `mem`, so free `mem` first or with it. */
void acpi_ged_free(struct acpi_ged *g);

#endif
