/*
 * EL2 owned by the program (hvsim --el2, QEMU virtualization=on). At EL2
 * it installs a hyp stub of its own (el2_stub.S) implementing the ABI
 * between Linux and its EL2 stub (Documentation/virt/kvm/arm/hyp-abi.rst)
 * and calls it from EL1: HVC_SET_VECTORS, HVC_RESET_VECTORS, an unknown
 * function (HVC_STUB_ERR). Through hypervisor-specific calls it then
 * checks HCR_EL2 traps (TVM, TID3, TSC, TWI), the virtual counter offset,
 * and stage 2 translation with the 4, 16 and 64 KiB granules: faults taken
 * to EL2 with their syndrome (ISV), HPFAR_EL2, AT S12E1R, and a stage 2
 * fault on a stage 1 table walk (S1PTW); PSTATE.PAN at EL1. Then
 * HVC_SOFT_RESTART enters a function at EL2 with x0-x2 moved into place,
 * and HVC_VHE_RESTART upgrades EL1 to a VHE host at EL2: E2H register
 * redirection, the _EL12 and _EL02 aliases, the timers, TGE routing of
 * EL0's exceptions and PAN on entry. Arm ARM DDI 0487: D1 (exceptions),
 * D8 (stage 2), D19.2 (HCR_EL2, VTCR_EL2, HPFAR_EL2), FEAT_VHE, FEAT_PAN.
 */
#include "mmu.h"
#include "ptab.h"

#define HVC_SET_VECTORS   0
#define HVC_SOFT_RESTART  1
#define HVC_RESET_VECTORS 2
#define HVC_VHE_RESTART   3
#define HVC_STUB_ERR      0xbadca11ul

/* This stub's hypervisor-specific calls (x0 beyond the stub ABI's). */
enum {
	TEST_VBAR = 0x100,   /* -> VBAR_EL2 */
	TEST_HCR,            /* x1: HCR_EL2 = RW | x1 */
	TEST_CNTVOFF,        /* x1 -> CNTVOFF_EL2 */
	TEST_S2_ON,          /* x1: granule in KiB; identity stage 2, HCR_EL2.VM */
	TEST_S2_OFF,
	TEST_S2_SET,         /* x1 = IPA, x2 = enum s2_kind, for its last-level entry */
	TEST_AT,             /* x1 = VA, x2 = 0 (AT S1E1R) or 1 (AT S12E1R) -> PAR_EL1 */
	TEST_UNKNOWN = 0x42,
};

#define HCR_RW   (1ul << 31)
#define HCR_TVM  (1ul << 26)
#define HCR_TID3 (1ul << 18)
#define HCR_TSC  (1ul << 19)
#define HCR_TWI  (1ul << 13)
#define HCR_VM   (1ul << 0)
#define HCR_E2H  (1ul << 34)
#define HCR_TGE  (1ul << 27)
#define SCTLR_SPAN (1ul << 23)

/* FEAT_VHE and FEAT_PAN registers by encoding (the test builds for Armv8.0). */
#define PAN_REG        S3_0_C4_C2_3
#define TCR_EL12       S3_5_C2_C0_2
#define CONTEXTIDR_EL2 S3_4_C13_C0_1
#define CONTEXTIDR_EL12 S3_5_C13_C0_1
#define CNTHV_CVAL_EL2 S3_4_C14_C3_2
#define CNTV_CVAL_EL02 S3_5_C14_C3_2
#define msr_pan(imm) __asm__ volatile(".inst 0xd500409f | (" #imm " << 8)" ::: "memory")

extern char hyp_stub_vectors[], alt_vectors[], vectors_el1[], __stack_top[];
uint64_t hvc_call(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4);
uint64_t hvc_imm5(void);
void el1_resume(void (*fn)(void), void *sp);
uint64_t probe_ldr(uint64_t va);
void probe_str(uint64_t va, uint32_t v);
uint64_t probe_ldrsh(uint64_t va);

static void check(const char *what, bool ok)
{
	printf("  %-52s %s\n", what, ok ? "ok" : "FAIL");
}

static uint64_t call(uint64_t fn, uint64_t a1, uint64_t a2)
{
	return hvc_call(fn, a1, a2, 0, 0);
}

/* --------------------------------------------------------------- EL2 side */

/* What the EL2 handler saw of the last exception it took from EL1. */
static volatile struct {
	unsigned n;
	uint64_t esr, far, hpfar, elr;
} trap;

/*
 * Stage 2 tables (D8.2, D8.3 "Translation table descriptor formats"),
 * identity: the device space below RAM by blocks, the first 32 MiB of RAM
 * by pages (so single pages can change), the rest of 1 GiB by blocks.
 */
#define S2_NORMAL ((0xful << 2) | (3ul << 8))   /* MemAttr Normal write-back, inner shareable */
#define S2_DEVICE (0x1ul << 2)         /* MemAttr Device-nGnRE */
#define S2_R      (1ul << 6)           /* S2AP[0] */
#define S2_W      (1ul << 7)           /* S2AP[1] */
#define S2_XN     (1ul << 54)
#define S2_RAM    (S2_NORMAL | S2_R | S2_W | PTAB_AF)
#define PAGES_MB  32

enum s2_kind { S2_UNMAPPED, S2_READONLY, S2_NOEXEC, S2_NOAF, S2_RW };

static uint8_t s2_pool[4][65536] __attribute__((aligned(65536)));
static struct ptab s2;

static void s2_flush(uint64_t ipa)
{
	__asm__ volatile("dsb ishst\n tlbi ipas2e1is, %0\n dsb ish\n tlbi vmalle1is\n dsb ish\n isb"
			 : : "r"(ipa >> 12) : "memory");
}

static void s2_set(uint64_t ipa, enum s2_kind kind)
{
	static const uint64_t attrs[] = {
		[S2_UNMAPPED] = 0,
		[S2_READONLY] = S2_NORMAL | S2_R | PTAB_AF,
		[S2_NOEXEC] = S2_RAM | S2_XN,
		[S2_NOAF] = S2_NORMAL | S2_R | S2_W,
		[S2_RW] = S2_RAM,
	};
	ipa &= ~((1ul << s2.g) - 1);
	*ptab_entry(&s2, ipa, 3) = kind == S2_UNMAPPED ? 0 : ipa | attrs[kind] | PTAB_TABLE | PTAB_VALID;
	s2_flush(ipa);
}

/*
 * VTCR_EL2 (D19.2): the granule's TG0, T0SZ and SL0 chosen so the walk
 * starts at level 1 with two concatenated tables (4K, 40-bit IPA) or at
 * level 2 (16K: 36-bit IPA; 64K: 40-bit IPA); walks inner-shareable
 * write-back, PS = 40 bits, RES1 bit 31. VTTBR_EL2: the root, VMID 1.
 */
static void s2_on(unsigned kib)
{
	unsigned tg0 = kib == 4 ? 0 : kib == 64 ? 1 : 2;
	unsigned t0sz = kib == 16 ? 28 : 24;
	ptab_init(&s2, kib, 64 - t0sz, kib == 4 ? 1 : 2, s2_pool, sizeof(s2_pool));
	ptab_map(&s2, 0, 0, BOARD_RAM_BASE, S2_DEVICE | S2_R | S2_W | PTAB_AF | S2_XN, false);
	ptab_map(&s2, BOARD_RAM_BASE, BOARD_RAM_BASE, PAGES_MB << 20, S2_RAM, true);
	ptab_map(&s2, BOARD_RAM_BASE + (PAGES_MB << 20), BOARD_RAM_BASE + (PAGES_MB << 20),
		 BOARD_RAM_SIZE - (PAGES_MB << 20), S2_RAM, false);
	uint64_t vtcr = t0sz | (1ul << 6) | (1ul << 8) | (1ul << 10) | (3ul << 12) |
			((uint64_t)tg0 << 14) | (2ul << 16) | (1ul << 31);
	write_sysreg(vtcr_el2, vtcr);
	write_sysreg(vttbr_el2, (uintptr_t)s2.root | (1ul << 48));
	isb();
	write_sysreg(hcr_el2, HCR_RW | HCR_VM);
	__asm__ volatile("dsb ishst\n tlbi vmalls12e1is\n dsb ish\n isb" ::: "memory");
}

static uint64_t at(uint64_t va, bool s12)
{
	if (s12)
		__asm__ volatile("at s12e1r, %0" : : "r"(va) : "memory");
	else
		__asm__ volatile("at s1e1r, %0" : : "r"(va) : "memory");
	isb();
	return read_sysreg(par_el1);
}

/* The hypervisor-specific calls; SMCCC calls (PSCI) go on to the firmware. */
static void el2_call(struct exc_frame *f)
{
	uint64_t *x = f->x;
	switch (x[0]) {
	case TEST_VBAR:
		x[0] = read_sysreg(vbar_el2);
		return;
	case TEST_HCR:
		write_sysreg(hcr_el2, HCR_RW | x[1]);
		isb();
		break;
	case TEST_CNTVOFF:
		write_sysreg(cntvoff_el2, x[1]);
		isb();
		break;
	case TEST_S2_ON:
		s2_on((unsigned)x[1]);
		break;
	case TEST_S2_OFF:
		write_sysreg(hcr_el2, HCR_RW);
		__asm__ volatile("dsb ishst\n tlbi vmalls12e1is\n dsb ish\n isb" ::: "memory");
		break;
	case TEST_S2_SET:
		s2_set(x[1], (enum s2_kind)x[2]);
		break;
	case TEST_AT:
		x[0] = at(x[1], x[2]);
		return;
	default:
		if (x[0] >> 31 == 1) {   /* SMCCC fast calls: bit 31 set, 32-bit id */
			struct smccc_res r = smccc_call((uint32_t)x[0], x[1], x[2], x[3]);
			x[0] = r.x0, x[1] = r.x1, x[2] = r.x2, x[3] = r.x3;
			return;
		}
		x[0] = HVC_STUB_ERR;
		return;
	}
	x[0] = 0;
}

void fw_el2_sync(struct exc_frame *f)
{
	unsigned ec = ESR_EC(f->esr);
	if (!exc_from_lower(f)) {
		printf("UNEXPECTED at EL2: ");
		exc_report(f);
		fw_exit();
	}
	if (ec == EC_HVC64) {
		el2_call(f);
		return;
	}
	trap.n++;
	trap.esr = f->esr;
	trap.far = f->far;
	trap.hpfar = read_sysreg(hpfar_el2);
	trap.elr = f->elr;
	switch (ec) {
	case EC_DABT_LOWER:
	case EC_IABT_LOWER:
		/* A stage 2 fault: map the page as plain RAM, retry the access. */
		s2_set((trap.hpfar >> 4) << 12, S2_RW);
		break;
	case EC_SYSREG:
	case EC_WFX:
	case EC_SMC64:
		f->elr += 4;   /* trapped from EL1: skip it */
		break;
	default:
		printf("UNEXPECTED at EL2: ");
		exc_report(f);
		fw_exit();
	}
}

void fw_el2_init(void)
{
	write_sysreg(vbar_el2, (uintptr_t)hyp_stub_vectors);
	/* MDCR_EL2: no debug or PMU traps; HPMN = PMCR_EL0.N (all counters to EL1). */
	write_sysreg(mdcr_el2, (read_sysreg(pmcr_el0) >> 11) & 0x1f);
	isb();
}

/* --------------------------------------------------------------- EL1 side */

/* What the EL1 (or, after the VHE upgrade, EL2) handler saw. */
static volatile struct {
	unsigned n;
	uint64_t esr, far, pan, el;
} el1;
static bool has_pan;   /* ID_AA64MMFR1_EL1.PAN */

enum { SVC_PAN = 3, SVC_HOST = 1 };

void fw_sync(struct exc_frame *f)
{
	unsigned ec = ESR_EC(f->esr);
	el1.n++;
	el1.esr = f->esr;
	el1.far = f->far;
	el1.pan = has_pan ? read_sysreg(PAN_REG) >> 22 & 1 : 0;
	el1.el = current_el();
	if (ec == EC_SVC64)
		return;
	if (ec == EC_DABT_SAME) {
		f->elr += 4;          /* the probe: skip it, return 0 */
		f->x[0] = 0;
		return;
	}
	printf("UNEXPECTED at EL%lu: ", (unsigned long)current_el());
	exc_report(f);
	fw_exit();
}

static void show_trap(const char *what, uint64_t iss_mask)
{
	printf("  %-30s", what);
	if (trap.n != 1) {
		printf(" %u exceptions at EL2 FAIL\n", trap.n);
	} else {
		printf(" EC=0x%02lx ISS=0x%07lx\n", (unsigned long)ESR_EC(trap.esr),
		       (unsigned long)(ESR_ISS(trap.esr) & iss_mask));
	}
	trap.n = 0;
}

/* Sysreg trap ISS without Rt (bits 9:5), which the compiler picks. */
#define ISS_NO_RT (~(0x1ful << 5))

static void traps(void)
{
	printf("HCR_EL2 traps of EL1:\n");
	trap.n = 0;
	call(TEST_HCR, HCR_TVM, 0);
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1));
	show_trap("TVM: MSR SCTLR_EL1", ISS_NO_RT);
	call(TEST_HCR, HCR_TID3, 0);
	(void)read_sysreg(id_aa64mmfr0_el1);
	show_trap("TID3: MRS ID_AA64MMFR0_EL1", ISS_NO_RT);
	call(TEST_HCR, HCR_TSC, 0);
	__asm__ volatile("smc #0x12" ::: "memory");
	show_trap("TSC: SMC #0x12", ~0ul);
	call(TEST_HCR, HCR_TWI, 0);
	wfi();
	show_trap("TWI: WFI", ~0ul);
	call(TEST_HCR, 0, 0);
}

/*
 * CNTVCT read between two CNTPCT reads: with the offset, it must lie
 * between them. (A window after one CNTPCT read instead would depend on
 * how long the host held QEMU's vCPU thread between the reads: QEMU's
 * counters run on host time.)
 */
static void counters_between(uint64_t *p0, uint64_t *v, uint64_t *p1)
{
	*p0 = read_sysreg(cntpct_el0);
	isb();
	*v = read_sysreg(cntvct_el0);
	isb();
	*p1 = read_sysreg(cntpct_el0);
}

static void counters(void)
{
	printf("virtual counter:\n");
	uint64_t off = 1ul << 40;
	call(TEST_CNTVOFF, off, 0);
	isb();
	uint64_t v, p0, p1;
	counters_between(&p0, &v, &p1);
	check("at EL1, CNTVCT = CNTPCT - CNTVOFF_EL2", p0 <= v + off && v + off <= p1);
	write_sysreg(cntv_cval_el0, 0x1234);   /* the EL1 virtual timer's CVAL, for later */
}

/* ---------------------------------------------------------------- stage 2 */

static uint8_t win[4][65536] __attribute__((aligned(65536)));

static void show_dabt(const char *what, uint64_t va)
{
	uint64_t iss = ESR_ISS(trap.esr);
	printf("  %-24s", what);
	if (trap.n != 1) {
		printf(" %u exceptions at EL2 FAIL\n", trap.n);
		trap.n = 0;
		return;
	}
	printf(" EC=0x%02lx", (unsigned long)ESR_EC(trap.esr));
	exc_print_fsc(iss & 0x3f);
	if (ESR_EC(trap.esr) == EC_DABT_LOWER)
		printf(" WnR=%lu ISV=%lu SAS=%lu SSE=%lu SRT=%lu SF=%lu AR=%lu",
		       (iss >> 6) & 1, (iss >> 24) & 1, (iss >> 22) & 3, (iss >> 21) & 1,
		       (iss >> 16) & 31, (iss >> 15) & 1, (iss >> 14) & 1);
	printf("\n  %-24s FAR %s, HPFAR %s\n", "",
	       trap.far == va ? "ok" : "FAIL",
	       trap.hpfar == ((va >> 12) << 4) ? "ok" : "FAIL");
	trap.n = 0;
}

static uint64_t run_at(uint64_t (*fn)(void))
{
	return fn();
}

static void stage2(unsigned kib)
{
	uint64_t g = kib << 10;
	uint64_t p0 = (uintptr_t)win[0], p1 = p0 + g, p2 = p0 + 2 * g, p3 = p0 + 3 * g;
	static const uint32_t code[] = { 0xd2800540, 0xd65f03c0 };   /* mov x0, #42; ret */

	*(volatile uint64_t *)(p0 + 0x18) = 0x5eed000000000018ul;
	*(volatile uint32_t *)(p3 + 0x20) = 0xffff8001u;
	memcpy((void *)p2, code, sizeof(code));
	__asm__ volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish\n isb" : : "r"(p2) : "memory");

	call(TEST_S2_ON, kib, 0);
	printf("stage 2, %lu KiB granule: HCR_EL2.VM=1\n", (unsigned long)kib);
	trap.n = 0;
	check("reads through the identity stage 2", probe_ldr(p0 + 0x18) == 0x5eed000000000018ul && !trap.n);

	call(TEST_S2_SET, p0, S2_UNMAPPED);
	uint64_t v = probe_ldr(p0 + 0x18);
	show_dabt("LDR X0, unmapped IPA", p0 + 0x18);
	check("the handler mapped it; the load was retried", v == 0x5eed000000000018ul);

	call(TEST_S2_SET, p1, S2_READONLY);
	probe_str(p1 + 4, 0xabcd);
	show_dabt("STR W1, read-only", p1 + 4);
	check("the store was retried", *(volatile uint32_t *)(p1 + 4) == 0xabcd);

	call(TEST_S2_SET, p3, S2_NOAF);
	v = probe_ldrsh(p3 + 0x20);
	show_dabt("LDRSH W0, AF=0", p3 + 0x20);
	check("the load was retried, sign-extended to 32 bits", v == 0xffff8001u);

	call(TEST_S2_SET, p2, S2_NOEXEC);
	v = run_at((uint64_t (*)(void))p2);
	show_dabt("execute, XN", p2);
	check("the fetch was retried", v == 42);

	call(TEST_S2_SET, p0, S2_UNMAPPED);
	uint64_t par = call(TEST_AT, p0 + 8, 1);
	printf("  AT S12E1R, unmapped IPA   PAR.F=%lu S=%lu PTW=%lu FST=0x%02lx\n",
	       par & 1, (par >> 9) & 1, (par >> 8) & 1, (par >> 1) & 0x3f);
	par = call(TEST_AT, p0 + 8, 0);
	printf("  AT S1E1R, same VA         PAR.F=%lu PA %s\n", par & 1,
	       (par & PTE_ADDR_MASK) == p0 ? "ok" : "FAIL");
	call(TEST_S2_SET, p0, S2_RW);
	par = call(TEST_AT, p0 + 8, 1);
	printf("  AT S12E1R, mapped again   PAR.F=%lu PA %s\n", par & 1,
	       (par & PTE_ADDR_MASK) == p0 ? "ok" : "FAIL");
}

/*
 * With the EL1 MMU on above stage 2: a stage 2 fault on the stage 1 walk
 * (S1PTW), then PSTATE.PAN on EL0-accessible memory (if FEAT_PAN).
 */
#define WINVA 0x200000000ul

static void s1ptw_and_pan(void)
{
	uint64_t pa = (uintptr_t)win[1];
	*(volatile uint64_t *)pa = 0x7ab1e0000000001ul;
	mmu_reset();
	mmu_map_identity();
	mmu_map(WINVA, pa, 4096, MT_DATA);
	mmu_enable();
	unsigned level;
	uint64_t table = (uintptr_t)mmu_leaf(WINVA, &level) & ~0xffful;
	printf("EL1 MMU on over stage 2 (4 KiB):\n");
	call(TEST_S2_SET, table, S2_UNMAPPED);
	trap.n = 0;
	uint64_t v = probe_ldr(WINVA);
	uint64_t iss = ESR_ISS(trap.esr);
	printf("  stage 1 walk, table IPA unmapped: EC=0x%02lx S1PTW=%lu", (unsigned long)ESR_EC(trap.esr),
	       (iss >> 7) & 1);
	exc_print_fsc(iss & 0x3f);
	printf("\n");
	check("FAR is the VA", trap.far == WINVA);
	check("HPFAR is the stage 1 table's IPA", trap.hpfar == (table >> 12) << 4);
	check("retried after the handler mapped the table", v == 0x7ab1e0000000001ul && trap.n == 1);
	trap.n = 0;

	if (has_pan) {
		printf("PSTATE.PAN at EL1 (FEAT_PAN):\n");
		el1.n = 0;
		/* No printf under PAN=1: the format strings are EL0-readable. */
		msr_pan(1);
		probe_ldr((uintptr_t)el0_stack);
		msr_pan(0);
		printf("  PAN=1, read of EL0 data: EC=0x%02lx", (unsigned long)ESR_EC(el1.esr));
		exc_print_fsc(ESR_xFSC(el1.esr));
		printf("\n");
		el1.n = 0;
		probe_ldr((uintptr_t)el0_stack);
		check("PAN=0, the same read", el1.n == 0);
		write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_SPAN);
		isb();
		__asm__ volatile("svc #3" ::: "memory");
		printf("  SPAN=0: PAN on exception entry %lu, after ERET %lu\n",
		       (unsigned long)el1.pan, (unsigned long)(read_sysreg(PAN_REG) >> 22 & 1));
		write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_SPAN);
		isb();
	}
	mmu_disable();
}

/* ------------------------------------------------------ the restarts */

static void after_restart(void);

/* HVC_SOFT_RESTART lands here, at EL2, MMU off, x0-x2 = the caller's x2-x4. */
void el2_restarted(uint64_t a, uint64_t b, uint64_t c)
{
	printf("HVC_SOFT_RESTART:\n");
	printf("  now at EL%lu, x0-x2 = 0x%lx 0x%lx 0x%lx\n", (unsigned long)current_el(),
	       (unsigned long)a, (unsigned long)b, (unsigned long)c);
	printf("  SCTLR_EL2.M=%lu, DAIF=0x%lx\n", (unsigned long)read_sysreg(sctlr_el2) & 1,
	       (unsigned long)read_sysreg(daif) >> 6);
	el1_resume(after_restart, __stack_top);
}

static uint64_t el0_host(uint64_t arg)
{
	__asm__ volatile("svc #1" ::: "memory");
	return arg + 1;
}

static void vhe_host(void)
{
	uint64_t hcr = read_sysreg(hcr_el2);
	printf("  now at EL%lu, HCR_EL2.E2H=%lu TGE=%lu\n", (unsigned long)current_el(),
	       (unsigned long)(hcr >> 34) & 1, (unsigned long)(hcr >> 27) & 1);
	check("VBAR_EL1 names VBAR_EL2 (EL1's vectors moved)",
	      read_sysreg(vbar_el1) == read_sysreg(vbar_el2) &&
	      read_sysreg(vbar_el2) == (uintptr_t)vectors_el1);
	write_sysreg(tcr_el1, 0x25);
	write_sysreg(TCR_EL12, 0x19);
	check("TCR_EL1 names TCR_EL2; TCR_EL12 the EL1 one",
	      read_sysreg(tcr_el2) == 0x25 && read_sysreg(TCR_EL12) == 0x19);
	write_sysreg(contextidr_el1, 0x77);
	check("CONTEXTIDR_EL1 names CONTEXTIDR_EL2",
	      read_sysreg(CONTEXTIDR_EL2) == 0x77 && read_sysreg(CONTEXTIDR_EL12) != 0x77);
	check("CNTKCTL_EL1 names CNTHCTL_EL2", read_sysreg(cntkctl_el1) == read_sysreg(cnthctl_el2));
	isb();
	uint64_t v, p0, p1;
	counters_between(&p0, &v, &p1);
	check("CNTVCT = CNTPCT in the host (no virtual offset)", p0 <= v && v <= p1);
	write_sysreg(cntv_cval_el0, 0x5678);
	check("CNTV_CVAL_EL0 names CNTHV_CVAL_EL2", read_sysreg(CNTHV_CVAL_EL2) == 0x5678);
	check("CNTV_CVAL_EL02 is EL1's virtual timer", read_sysreg(CNTV_CVAL_EL02) == 0x1234);

	/* EL0 of the host: its SVC goes to EL2 (TGE), PAN set on entry (SPAN=0). */
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_SPAN);
	isb();
	el1.n = 0;
	uint64_t r = el0_call(el0_host, 41, EL0_STACK_TOP);
	printf("  EL0 SVC #1: taken at EL%lu, EC=0x%02lx ISS=0x%lx, PAN on entry %lu; EL0 returned %lu\n",
	       (unsigned long)el1.el, (unsigned long)ESR_EC(el1.esr),
	       (unsigned long)ESR_ISS(el1.esr), (unsigned long)el1.pan, (unsigned long)r);
}

static void after_restart(void)
{
	printf("HVC_VHE_RESTART:\n");
	uint64_t r = call(HVC_VHE_RESTART, 0, 0);
	if (r == HVC_STUB_ERR)
		printf("  HVC_STUB_ERR (no FEAT_VHE)\n");
	else if (r == 0)
		vhe_host();
	else
		printf("  x0 = 0x%lx FAIL\n", (unsigned long)r);
	printf("el2: done\n");
	fw_exit();
}

int main(void)
{
	printf("el2: booted at EL%lu, main() at EL%lu\n", (unsigned long)fw_boot_el,
	       (unsigned long)current_el());
	if (fw_boot_el != 2) {
		printf("el2: needs EL2 (hvsim --el2, QEMU virtualization=on)\n");
		return 0;
	}
	printf("  ID_AA64PFR0_EL1.EL2 says EL2 is implemented: %s\n",
	       (read_sysreg(id_aa64pfr0_el1) >> 8) & 0xf ? "yes" : "no");
	has_pan = (read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf;

	printf("hyp stub ABI from EL1:\n");
	check("the stub's vectors are installed", call(TEST_VBAR, 0, 0) == (uintptr_t)hyp_stub_vectors);
	uint64_t r = call(TEST_UNKNOWN, 0, 0);
	printf("  %-52s 0x%lx\n", "unknown function: x0 =", (unsigned long)r);
	check("HVC_RESET_VECTORS with the stub in place: x0 = 0",
	      call(HVC_RESET_VECTORS, 0, 0) == 0 &&
	      call(TEST_VBAR, 0, 0) == (uintptr_t)hyp_stub_vectors);
	check("HVC_SET_VECTORS (another hypervisor): x0 = 0",
	      call(HVC_SET_VECTORS, (uintptr_t)alt_vectors, 0) == 0);
	printf("  %-52s 0x%lx\n", "HVC #5 answered by the new vectors: x0 =", (unsigned long)hvc_imm5());
	check("HVC_RESET_VECTORS from that hypervisor: x0 = 0", call(HVC_RESET_VECTORS, 0, 0) == 0);
	check("the stub is back (unknown function -> HVC_STUB_ERR)",
	      call(TEST_UNKNOWN, 0, 0) == HVC_STUB_ERR);

	traps();
	counters();
	stage2(4);
	s1ptw_and_pan();
	call(TEST_S2_OFF, 0, 0);
	/*
	 * ID_AA64MMFR0_EL1: TGran16 != 0 and TGran64 != 0xf implement the
	 * granules; TGran16_2 or TGran64_2 = 1 leave them out of stage 2.
	 */
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	if (((mmfr0 >> 20) & 0xf) != 0 && ((mmfr0 >> 32) & 0xf) != 1) {
		stage2(16);
		call(TEST_S2_OFF, 0, 0);
	} else {
		printf("stage 2, 16 KiB granule: not implemented\n");
	}
	if (((mmfr0 >> 24) & 0xf) != 0xf && ((mmfr0 >> 36) & 0xf) != 1) {
		stage2(64);
		call(TEST_S2_OFF, 0, 0);
	} else {
		printf("stage 2, 64 KiB granule: not implemented\n");
	}

	hvc_call(HVC_SOFT_RESTART, (uintptr_t)el2_restarted, 0x1111, 0x2222, 0x3333);
	printf("HVC_SOFT_RESTART returned FAIL\n");
	return 0;
}
