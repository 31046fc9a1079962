/*
 * Entry point, exception vectors and the EL0 call gate.
 *
 * The loader enters _start at EL1 (or EL2 when the guest owns EL2) with the
 * MMU off. At EL2 we install a minimal hypervisor stub that forwards HVC to
 * SMC and drop to EL1, so every program runs its main() at EL1. A program
 * may take EL2 over first (fw.h: fw_el2_init, fw_el2_sync).
 */

#include "frame.h"

/*
 * SCTLR_EL1 at boot (D17.2.118): MMU and caches off, SP alignment checks at
 * EL1 and EL0 (SA, SA0), WFI/WFE not trapped (nTWI, nTWE), EL0 access to
 * CTR_EL0 and DC ZVA trapped (UCT=0, DZE=0), plus the Armv8.0 RES1 bits
 * 11, 20, 22, 23, 28, 29. Set explicitly so the emulators' reset values
 * do not matter.
 */
#define SCTLR_EL1_BOOT 0x30d50818

	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x19, CurrentEL
	ubfx	x19, x19, #2, #2
	cmp	x19, #2
	b.ne	1f
	bl	el2_stub_install        /* returns at EL1 */
1:
	/*
	 * x0 is the boot protocol's (a device tree's address, entered at EL1
	 * as a Linux kernel): kept in x21 for fw_boot_x0. The first
	 * instructions stay as tests/debug expects them.
	 */
	adrp	x1, __stack_top
	add	x1, x1, :lo12:__stack_top
	mov	sp, x1
	mov	x21, x0
	adrp	x0, vectors_el1
	add	x0, x0, :lo12:vectors_el1
	msr	vbar_el1, x0
	ldr	x0, =SCTLR_EL1_BOOT
	msr	sctlr_el1, x0
	mov	x0, #(3 << 20)          /* CPACR_EL1.FPEN: no FP/SIMD traps */
	msr	cpacr_el1, x0
	isb

	/* Zero BSS (8-byte aligned by the linker script; MMU off = Device memory). */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
2:	cmp	x0, x1
	b.hs	3f
	str	xzr, [x0], #8
	b	2b
3:
	adrp	x0, fw_boot_el
	str	x19, [x0, :lo12:fw_boot_el]
	adrp	x0, fw_boot_x0
	str	x21, [x0, :lo12:fw_boot_x0]
	bl	main
	bl	fw_exit

/*
 * EL2 -> EL1 (D1.11 "Exception return"): EL1 is AArch64 (HCR_EL2.RW), no
 * traps of EL1 counters, FP, GIC system registers or ID registers, and
 * VBAR_EL2 points at the HVC forwarder.
 */
el2_stub_install:
	adrp	x0, __el2_stack_top
	add	x0, x0, :lo12:__el2_stack_top
	mov	sp, x0
	adrp	x0, vectors_el2
	add	x0, x0, :lo12:vectors_el2
	msr	vbar_el2, x0
	mov	x0, #(1 << 31)          /* HCR_EL2.RW */
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #3              /* EL1PCTEN, EL1PCEN */
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	mov	x0, #0x33ff             /* CPTR_EL2: RES1 bits, TFP=0 */
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	mrs	x0, S3_4_C12_C9_5       /* ICC_SRE_EL2: SRE, DFB, DIB, Enable */
	orr	x0, x0, #0xf
	msr	S3_4_C12_C9_5, x0
	isb
	/* The program's EL2 set-up, if it has one (before BSS is zeroed). */
	.weak	fw_el2_init
	ldr	x0, =fw_el2_init
	cbz	x0, 1f
	mov	x20, x30
	blr	x0
	mov	x30, x20
1:
	mov	x0, #0x3c5              /* SPSR: EL1h, DAIF masked */
	msr	spsr_el2, x0
	msr	elr_el2, x30
	eret

/* -------------------------------------------------------------- vectors */

/* Save the rest of the frame, call exc_dispatch, restore, ERET. */
.macro exc_entry el
	.global	exc_entry_el\el
exc_entry_el\el:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x1, sp_el0
	stp	x30, x1, [sp, #240]
	mrs	x1, elr_el\el
	mrs	x2, spsr_el\el
	stp	x1, x2, [sp, #FRAME_ELR]
	mrs	x1, esr_el\el
	mrs	x2, far_el\el
	stp	x1, x2, [sp, #FRAME_ESR]
	mov	x1, #\el
	stp	x0, x1, [sp, #FRAME_KIND]
	mov	x0, sp
	bl	exc_dispatch
	ldr	x1, [sp, #FRAME_SP_EL0]
	msr	sp_el0, x1
	ldp	x1, x2, [sp, #FRAME_ELR]
	msr	elr_el\el, x1
	msr	spsr_el\el, x2
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp]
	add	sp, sp, #FRAME_SIZE
	eret
.endm

	.text
	.balign	0x800
	.global	vectors_el1
vectors_el1:
	.irp	slot, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	ventry	1, \slot
	.endr
	exc_entry 1

/*
 * The EL2 stub's table. Its only job is HVC from EL1: forward the SMCCC
 * call to the firmware with SMC (x0-x3 carry the results back, x4-x17 may
 * be clobbered as SMCCC v1.0 allows). Everything else is reported.
 */
	.balign	0x800
vectors_el2:
	.irp	slot, 0, 1, 2, 3, 4, 5, 6, 7
	ventry	2, \slot
	.endr
	.balign	0x80                     /* slot 8: synchronous from lower EL, AArch64 */
	stp	x9, x10, [sp, #-16]!
	mrs	x9, esr_el2
	lsr	x9, x9, #26
	cmp	x9, #0x16                /* EC_HVC64 */
	ldp	x9, x10, [sp], #16
	b.ne	1f
	smc	#0
	eret
1:	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x0, #8
	b	exc_entry_el2
	.irp	slot, 9, 10, 11, 12, 13, 14, 15
	ventry	2, \slot
	.endr
	exc_entry 2

/* ------------------------------------------------------------- EL0 gate */

/*
 * uint64_t el0_call(fn, arg, sp_top): ERET to fn at EL0t (SPSR.M = 0, DAIF
 * as now) with x30 pointing at el0_exit. The SVC there brings us back to
 * el0_return at EL1 (its ELR already; exc.c makes the SPSR EL1h), still on
 * this stack.
 */
	.global	el0_call
el0_call:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	msr	sp_el0, x2
	msr	elr_el1, x0
	mrs	x3, daif
	msr	spsr_el1, x3
	mov	x0, x1
	adr	x30, el0_exit
	eret
	.global	el0_exit
el0_exit:
	svc	#0xffff                  /* EL0_EXIT_SVC */
	.global	el0_return
el0_return:
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

	.data
	.balign	8
	.global	fw_boot_el
fw_boot_el:
	.quad	0
	.global	fw_boot_x0
fw_boot_x0:
	.quad	0

	.section .bss.stack, "aw", %nobits
	.balign	16
	.space	0x10000
	.global	__stack_top
__stack_top:
	.space	0x1000
__el2_stack_top:
