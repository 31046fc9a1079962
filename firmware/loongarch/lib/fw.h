/*
 * Runtime for the bare-metal LoongArch test programs on QEMU's LoongArch
 * virt board and hvsim's loongarch-virt: the board map, device access,
 * console output (the common library, firmware/common) and power-off.
 *
 * Every program links lib/ and provides main(); start.S sets up the stack
 * and BSS in direct address mode, calls main() and powers off.
 */
#ifndef FW_H
#define FW_H

#include "fwlib.h"

/* Board: QEMU's LoongArch virt and hvsim's loongarch-virt share this map. */
#define BOARD_UART_BASE   0x1fe001e0ul   /* 16550A, byte registers */
#define BOARD_GED_BASE    0x100e001cul   /* ACPI GED: sleep control, sleep status, reset */

static inline uint8_t mmio_read8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline void mmio_write8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

/* CPUCFG word `leaf` (LA RM 2.2.10.5). */
static inline uint32_t cpucfg(uint32_t leaf)
{
	uint32_t v;
	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(leaf));
	return v;
}

/*
 * Is this hvsim (LoongArch KVM's CPUCFG signature "KVM\0" at 0x40000000,
 * which QEMU's TCG does not show)? Timers there run on virtual time.
 */
static inline int fw_on_hvsim(void)
{
	return cpucfg(0x40000000) == 0x004d564bu;
}

/* Power off through the GED's sleep control (S5); never returns. */
__attribute__((noreturn)) void fw_exit(void);

/* ---- CSRs (LA RM 7.4; the number must be a constant) ---- */

enum {
	CSR_CRMD = 0x0, CSR_PRMD = 0x1, CSR_EUEN = 0x2, CSR_MISC = 0x3, CSR_ECFG = 0x4,
	CSR_ESTAT = 0x5, CSR_ERA = 0x6, CSR_BADV = 0x7, CSR_BADI = 0x8, CSR_EENTRY = 0xc,
	CSR_TLBIDX = 0x10, CSR_TLBEHI = 0x11, CSR_TLBELO0 = 0x12, CSR_TLBELO1 = 0x13,
	CSR_ASID = 0x18, CSR_STLBPS = 0x1e, CSR_CPUID = 0x20, CSR_PRCFG3 = 0x23, CSR_SAVE0 = 0x30,
	CSR_TCFG = 0x41, CSR_TVAL = 0x42, CSR_TICLR = 0x44,
	CSR_TLBRENTRY = 0x88, CSR_TLBRBADV = 0x89, CSR_TLBRERA = 0x8a, CSR_TLBRSAVE = 0x8b,
	CSR_TLBRELO0 = 0x8c, CSR_TLBRELO1 = 0x8d, CSR_TLBREHI = 0x8e, CSR_TLBRPRMD = 0x8f,
	CSR_DMW0 = 0x180,
};
#define CRMD_PLV 3ul
#define CRMD_IE (1ul << 2)
#define CRMD_DA (1ul << 3)
#define CRMD_PG (1ul << 4)
#define EUEN_FPE 1ul
#define EUEN_SXE (1ul << 1)
#define ECFG_LIE_TI (1ul << 11)
#define ECFG_LIE_SWI0 1ul
#define ESTAT_ECODE(e) (((e) >> 16) & 0x3f)
#define ESTAT_ESUBCODE(e) (((e) >> 22) & 0x1ff)

#define csr_read(num) ({ uint64_t v_; __asm__ volatile("csrrd %0, %1" : "=r"(v_) : "i"(num)); v_; })
/* Write val; the old value is returned. */
#define csr_write(num, val) ({ uint64_t v_ = (val); \
	__asm__ volatile("csrwr %0, %1" : "+r"(v_) : "i"(num) : "memory"); v_; })
static inline uint32_t iocsr_read32(uint64_t a)
{
	uint32_t v;
	__asm__ volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(a));
	return v;
}
static inline uint64_t iocsr_read64(uint64_t a)
{
	uint64_t v;
	__asm__ volatile("iocsrrd.d %0, %1" : "=r"(v) : "r"(a));
	return v;
}
static inline void iocsr_write32(uint64_t a, uint32_t v)
{
	__asm__ volatile("iocsrwr.w %0, %1" : : "r"(v), "r"(a) : "memory");
}
static inline void iocsr_write64(uint64_t a, uint64_t v)
{
	__asm__ volatile("iocsrwr.d %0, %1" : : "r"(v), "r"(a) : "memory");
}

/*
 * HVCL code (LA RM's virtualization extension; LLVM 16 has no mnemonic):
 * KVM's hypercall, a0 the function and result, a1-a5 arguments
 * (Documentation/virt/kvm/loongarch/hypercalls.rst).
 */
#define HVCL_WORD(code) (0x002b8000u | (code))
#define HVCL_SERVICE 0x100
#define HVCL_SWDBG 0x101
#define HVCL_USER_SERVICE 0x102
#define hvcl(code, a0, a1, a2, a3) ({ \
	register uint64_t r4_ __asm__("$a0") = (a0); register uint64_t r5_ __asm__("$a1") = (a1); \
	register uint64_t r6_ __asm__("$a2") = (a2); register uint64_t r7_ __asm__("$a3") = (a3); \
	__asm__ volatile(".word %4" : "+r"(r4_), "+r"(r5_), "+r"(r6_), "+r"(r7_) \
			 : "i"(HVCL_WORD(code)) : "memory"); \
	r4_; })
/* KVM's service functions and paravirtual features (uapi asm/kvm_para.h). */
#define KVM_HCALL_FUNC_IPI 1
#define KVM_HCALL_FUNC_NOTIFY 2
#define KVM_FEATURE_IPI 1
#define KVM_FEATURE_STEAL_TIME 2
#define KVM_FEATURE_PREEMPT 3
/* struct kvm_steal_time: 64 bytes, 64-byte aligned. */
struct kvm_steal_time {
	uint64_t steal;
	uint32_t version;
	uint32_t flags;
	uint8_t preempted;
	uint8_t pad[47];
};

/* ---- exceptions (lib/trap.S, lib/trap.c) ---- */

/* Exception codes, ESTAT.Ecode (LA RM 6.2.2 table). */
enum {
	EXC_INT = 0x0, EXC_PIL = 0x1, EXC_PIS = 0x2, EXC_PIF = 0x3, EXC_PME = 0x4, EXC_PNR = 0x5,
	EXC_PNX = 0x6, EXC_PPI = 0x7, EXC_ADE = 0x8, EXC_ALE = 0x9, EXC_BCE = 0xa, EXC_SYS = 0xb,
	EXC_BRK = 0xc, EXC_INE = 0xd, EXC_IPE = 0xe, EXC_FPD = 0xf,
};

/* The registers as the exception found them; the handler may change them (r[3] is sp). */
struct trap_frame {
	uint64_t r[32];
};

/* The last exception taken (not interrupts, not TLB refills). */
struct trap_record {
	unsigned count;
	unsigned ecode, subcode, from_plv;
	uint64_t era, badv;
};
extern volatile struct trap_record trap_last;

/*
 * Point EENTRY (every exception and interrupt, ECFG.VS = 0) and TLBRENTRY
 * at the library's handlers. An exception is recorded in trap_last and
 * execution goes on after the instruction that raised it; a fetch fault
 * (ERA = BADV) returns to ra instead, so a test calls the address it
 * wants to fetch from. Interrupts go to trap_irq_hook.
 */
void trap_init(void);
/* Called with ESTAT.IS & ECFG.LIE for an interrupt; NULL: the line is masked off in ECFG. */
extern void (*volatile trap_irq_hook)(uint64_t pending);
/*
 * A TLB refill: the handler fills the page pair of TLBRBADV from this
 * (4 KiB pages, PS 12): the TLBELO value of the page holding va, 0 (not
 * valid) if none. NULL: every page is not valid. tlbr_count counts them.
 */
extern uint64_t (*volatile tlbr_lookup)(uint64_t va);
extern volatile unsigned tlbr_count;
extern volatile uint64_t tlbr_badv;

/* fn(arg) at PLV3 (interrupts off); back at PLV0 with its result. */
uint64_t plv3_call(uint64_t (*fn)(uint64_t), uint64_t arg);

#endif
