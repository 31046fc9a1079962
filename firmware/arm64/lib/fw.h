/*
 * Runtime for the bare-metal AArch64 test programs: the board map, system
 * register access, console output, exceptions, SMCCC/PSCI, EL0 calls.
 *
 * Every program links lib/ and provides main(); start.S sets up the stack,
 * vectors and BSS, calls main() at EL1 and powers off through PSCI.
 */
#ifndef FW_H
#define FW_H

#include "fwlib.h"

/* Board: QEMU virt and hvsim arm64-virt share this map. */
#define BOARD_RAM_BASE    0x40000000ul
#define BOARD_RAM_SIZE    0x40000000ul   /* what the page tables cover, not what exists */
#define BOARD_UART_BASE   0x09000000ul   /* PL011 */
#define BOARD_GICD_BASE   0x08000000ul   /* GICv3 distributor */
#define BOARD_GICR_BASE   0x080a0000ul   /* GICv3 redistributors, 128 KiB each */
#define BOARD_HOSTVIEW    0x090c0000ul   /* hvsim only */
/* A physical hole on both boards: between virtio-mmio and the platform bus. */
#define BOARD_HOLE        0x0b000000ul

/* ----------------------------------------------------- system registers */

#define STR_(x) #x
#define STR(x) STR_(x)
#define read_sysreg(reg) ({ uint64_t v_; \
	__asm__ volatile("mrs %0, " STR(reg) : "=r"(v_)); v_; })
#define write_sysreg(reg, val) \
	__asm__ volatile("msr " STR(reg) ", %0" : : "r"((uint64_t)(val)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void irq_enable(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }
static inline unsigned current_el(void) { return (read_sysreg(CurrentEL) >> 2) & 3; }

static inline uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint64_t mmio_read64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void mmio_write64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

/* SCTLR_EL1 bits (Arm ARM D17.2.118); start.S sets the rest at boot. */
#define SCTLR_M    (1ul << 0)
#define SCTLR_A    (1ul << 1)
#define SCTLR_C    (1ul << 2)
#define SCTLR_I    (1ul << 12)

/* ESR_ELx fields (D17.2.37). */
#define ESR_EC(esr)  (((esr) >> 26) & 0x3f)
#define ESR_IL(esr)  (((esr) >> 25) & 1)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)
#define ESR_xFSC(esr) ((esr) & 0x3f)    /* DFSC/IFSC for aborts */
#define ESR_WNR(esr) (((esr) >> 6) & 1)  /* data aborts: write not read */

enum {
	EC_UNKNOWN = 0x00, EC_WFX = 0x01, EC_FP_ACCESS = 0x07, EC_ILLEGAL = 0x0e,
	EC_SVC64 = 0x15, EC_HVC64 = 0x16, EC_SMC64 = 0x17, EC_SYSREG = 0x18,
	EC_IABT_LOWER = 0x20, EC_IABT_SAME = 0x21, EC_PC_ALIGN = 0x22,
	EC_DABT_LOWER = 0x24, EC_DABT_SAME = 0x25, EC_SP_ALIGN = 0x26,
	EC_FP_EXC64 = 0x2c, EC_SERROR = 0x2f, EC_BRK64 = 0x3c,
};

/* ---------------------------------------------------------- exceptions */

/*
 * What start.S saves on exception entry, at the bottom of the handler's
 * stack. Handlers may change x[], sp_el0, elr and spsr: the exit path
 * restores them before ERET.
 */
struct exc_frame {
	uint64_t x[31];
	uint64_t sp_el0;   /* the interrupted SP if it came from EL0 or ELxt */
	uint64_t elr, spsr, esr, far;
	uint64_t kind;     /* vector slot 0-15: (source << 2) | type */
	uint64_t el;       /* the EL that took it: 1 or 2 */
};

/*
 * The vector slot, Arm ARM D1.10.2: the source (current EL with SP0, with
 * SPx, lower EL AArch64, AArch32) times 4, plus the exception type.
 */
enum { EXC_SYNC = 0, EXC_IRQ = 1, EXC_FIQ = 2, EXC_SERROR = 3 };
static inline unsigned exc_type(const struct exc_frame *f) { return f->kind & 3; }
static inline unsigned exc_source(const struct exc_frame *f) { return (f->kind >> 2) & 3; }
static inline bool exc_from_lower(const struct exc_frame *f) { return exc_source(f) >= 2; }

/*
 * Handlers a program overrides by defining them. The defaults report the
 * exception (exc_report) and power off with a failure line.
 */
void fw_sync(struct exc_frame *f);
void fw_irq(struct exc_frame *f);

/*
 * A program that takes EL2 over (booted at EL2: hvsim --el2, QEMU
 * virtualization=on) defines fw_el2_init(): start.S calls it at EL2, MMU
 * off, on a 4 KiB EL2 stack, before BSS is zeroed and main() runs at EL1.
 * It may point VBAR_EL2 at its own vectors; their slots filled with
 * frame.h's `ventry 2, n` deliver the exceptions to fw_el2_sync() at EL2.
 */
void fw_el2_init(void);
void fw_el2_sync(struct exc_frame *f);

/* Print "ESR=... EC=0x.. (name) ISS=... FAR=... ELR=..." for an exception. */
void exc_report(const struct exc_frame *f);
const char *exc_ec_name(unsigned ec);
/* Print " FSC=0x.. (kind, level n)" for an abort's DFSC/IFSC. */
void exc_print_fsc(unsigned fsc);

/* ------------------------------------------------------------- EL0 */

/*
 * Run fn(arg) at EL0 on the given stack top, with PSTATE.DAIF as now, and
 * return its result at EL1. The return goes through "svc #EL0_EXIT_SVC",
 * which the dispatcher consumes before fw_sync() sees it.
 */
#define EL0_EXIT_SVC 0xffff
uint64_t el0_call(uint64_t (*fn)(uint64_t), uint64_t arg, void *sp_top);
extern char el0_stack[16384];  /* in the .user section (EL0 read/write) */
#define EL0_STACK_TOP ((void *)(el0_stack + sizeof(el0_stack)))

/* ------------------------------------------------------------ SMCCC */

struct smccc_res { uint64_t x0, x1, x2, x3; };
/* SMCCC call through HVC (at EL1) or SMC (at EL2, where HVC would trap to us). */
struct smccc_res smccc_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#define SMCCC_VERSION        0x80000000u
#define PSCI_VERSION         0x84000000u
#define PSCI_CPU_OFF         0x84000002u
#define PSCI_CPU_ON64        0xc4000003u
#define PSCI_AFFINITY_INFO64 0xc4000004u
#define PSCI_MIGRATE64       0xc4000005u
#define PSCI_SYSTEM_OFF      0x84000008u
#define PSCI_SYSTEM_RESET    0x84000009u
#define PSCI_FEATURES        0x8400000au
#define SMCCC_NOT_SUPPORTED  (-1l)

/* Power off (PSCI SYSTEM_OFF); never returns. */
__attribute__((noreturn)) void fw_exit(void);

/* The EL start.S was entered at (it drops from EL2 to EL1 before main). */
extern uint64_t fw_boot_el;
/* x0 at entry at EL1: the device tree's address when booted as a Linux kernel. */
extern uint64_t fw_boot_x0;

#endif
