/*
 * The Generic Timer's EL1 view (Arm ARM D11 "The Generic Timer"): the
 * virtual timer (PPI 27) and the EL1 physical timer (PPI 30).
 */
#ifndef FW_TIMER_H
#define FW_TIMER_H

#include "fw.h"

#define TIMER_VIRT_PPI 27
#define TIMER_PHYS_PPI 30

/* CNTx_CTL_EL0 bits. */
#define CNT_CTL_ENABLE  (1u << 0)
#define CNT_CTL_IMASK   (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)

static inline uint64_t cnt_freq(void) { return read_sysreg(cntfrq_el0); }
static inline uint64_t cnt_virt(void) { isb(); return read_sysreg(cntvct_el0); }
static inline uint64_t cnt_phys(void) { isb(); return read_sysreg(cntpct_el0); }

static inline void vtimer_set_tval(uint32_t ticks) { write_sysreg(cntv_tval_el0, ticks); }
static inline void vtimer_ctl(uint32_t ctl) { write_sysreg(cntv_ctl_el0, ctl); isb(); }
static inline uint32_t vtimer_get_ctl(void) { return (uint32_t)read_sysreg(cntv_ctl_el0); }

static inline void ptimer_set_tval(uint32_t ticks) { write_sysreg(cntp_tval_el0, ticks); }
static inline void ptimer_set_cval(uint64_t cval) { write_sysreg(cntp_cval_el0, cval); }
static inline void ptimer_ctl(uint32_t ctl) { write_sysreg(cntp_ctl_el0, ctl); isb(); }
static inline uint32_t ptimer_get_ctl(void) { return (uint32_t)read_sysreg(cntp_ctl_el0); }

#endif
