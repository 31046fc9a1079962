/*
 * The LS7A real-time clock of QEMU's LoongArch virt board (ls7a_rtc.c):
 * one MMIO region from the ACPI PM block at `pm_base` (PM1_STS, PM1_EN)
 * through the RTC's registers at pm_base + 0x100, which is where Linux's
 * rtc-loongson finds the PM block for a "loongson,ls7a-rtc" (pm_offset
 * 0x100). The clock runs on virtual time: at virtual time 0 it reads
 * epoch_seconds (seconds since 1970-01-01 UTC). The alarm (TOY_MATCH0
 * with PM1_EN.RTC_EN) is a level on `irq`, evaluated at every access and
 * every ls7a_rtc_update() (the board calls it at quantum boundaries).
 */
#ifndef HVSIM_DEV_LS7A_RTC_H
#define HVSIM_DEV_LS7A_RTC_H

#include <stdint.h>

#include "dev/irq.h"
#include "mem/mem.h"

#define LS7A_RTC_OFFSET 0x100       /* the RTC's registers from the PM block's base */
#define LS7A_RTC_MMIO_SIZE 0x200

struct ls7a_rtc;

struct ls7a_rtc *ls7a_rtc_new(struct mem_space *mem, uint64_t pm_base, struct dev_irq irq,
			      uint64_t (*now_ns)(void *opaque), void *opaque, uint64_t epoch_seconds);
void ls7a_rtc_update(struct ls7a_rtc *r);
/* A machine reset: registers as at creation, the time kept, the line low. */
void ls7a_rtc_reset(struct ls7a_rtc *r);
void ls7a_rtc_free(struct ls7a_rtc *r);

struct snap;
/* Save or load the RTC's state (mem/snap.h). */
void ls7a_rtc_snapshot(struct ls7a_rtc *r, struct snap *s);

#endif
