/*
 * The EL2 side of the el2 test: a hyp stub implementing the ABI between
 * Linux and its EL2 stub (Documentation/virt/kvm/arm/hyp-abi.rst), and a
 * second vector table standing for "a hypervisor" that HVC_SET_VECTORS
 * installs. Exceptions the stubs do not handle reach fw_el2_sync() (el2.c)
 * through the library's frame code (frame.h).
 */
#include "frame.h"

#define HVC_SET_VECTORS   0
#define HVC_SOFT_RESTART  1
#define HVC_RESET_VECTORS 2
#define HVC_VHE_RESTART   3
#define HVC_STUB_HCALL_NR 4
#define HVC_STUB_ERR      0xbadca11

#define EC_HVC64   0x16
/* HCR_EL2 of a VHE host: RW, TGE, E2H (D19.2.49). */
#define HCR_HOST   ((1 << 31) | (1 << 27) | (1 << 34))
/* SCTLR_EL2: M, C, I. */
#define SCTLR_MCI  ((1 << 0) | (1 << 2) | (1 << 12))

/* The *_EL12 registers by encoding (FEAT_VHE; the test builds for Armv8.0). */
#define SCTLR_EL12 S3_5_C1_C0_0
#define CPACR_EL12 S3_5_C1_C0_2
#define VBAR_EL12  S3_5_C12_C0_0

	.text
	.balign	0x800
	.global	hyp_stub_vectors
hyp_stub_vectors:
	.irp	slot, 0, 1, 2, 3, 4, 5, 6, 7
	ventry	2, \slot
	.endr
	.balign	0x80                     /* slot 8: synchronous from EL1 */
	b	stub_sync
	.irp	slot, 9, 10, 11, 12, 13, 14, 15
	ventry	2, \slot
	.endr

/*
 * HVC #0 with x0 < HVC_STUB_HCALL_NR is a stub call; x0..x18 may be
 * clobbered. Anything else (other x0: the hypervisor-specific calls, and
 * every other exception) goes to the C handler with all registers intact.
 */
stub_sync:
	stp	x9, x10, [sp, #-16]!
	mrs	x9, esr_el2
	lsr	x10, x9, #26
	cmp	x10, #EC_HVC64
	b.ne	1f
	tst	x9, #0xffff
	b.ne	1f
	cmp	x0, #HVC_STUB_HCALL_NR
	b.hs	1f
	ldp	x9, x10, [sp], #16
	cmp	x0, #HVC_SET_VECTORS
	b.eq	set_vectors
	cmp	x0, #HVC_SOFT_RESTART
	b.eq	soft_restart
	cmp	x0, #HVC_RESET_VECTORS
	b.eq	reset_vectors
	b	vhe_restart
1:	ldp	x9, x10, [sp], #16
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x0, #8
	b	exc_entry_el2

/* x1 = the new vectors (a physical address: the EL2 MMU is off). */
set_vectors:
	msr	vbar_el2, x1
	mov	x0, xzr
	eret

/* EL2 MMU off, the stub's vectors back. */
reset_vectors:
	mrs	x1, sctlr_el2
	bic	x1, x1, #1
	msr	sctlr_el2, x1
	isb
	adrp	x1, hyp_stub_vectors
	add	x1, x1, :lo12:hyp_stub_vectors
	msr	vbar_el2, x1
	mov	x0, xzr
	eret

/*
 * Exceptions stay masked (as taken), the EL2 MMU and caches go off, x2-x4
 * become x0-x2, and x1 is jumped to at EL2.
 */
soft_restart:
	mrs	x5, sctlr_el2
	mov	x6, #SCTLR_MCI
	bic	x5, x5, x6
	msr	sctlr_el2, x5
	isb
	mov	x5, x1
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	br	x5

/*
 * Upgrade the caller to EL2 with VHE, if the CPU has it (ID_AA64MMFR1_EL1.VH)
 * and the EL2 MMU is off: HCR_EL2 as a host's, EL1's vectors, controls,
 * FP enables and stack become EL2's (the EL1 names now reach them), and
 * the return goes to EL2h.
 */
vhe_restart:
	mrs	x1, id_aa64mmfr1_el1
	ubfx	x1, x1, #8, #4
	cbz	x1, 2f
	mrs	x1, sctlr_el2
	tbnz	x1, #0, 2f
	ldr	x1, =HCR_HOST
	msr	hcr_el2, x1
	isb
	mrs	x1, VBAR_EL12
	msr	vbar_el1, x1
	mrs	x1, SCTLR_EL12
	msr	sctlr_el1, x1
	mrs	x1, CPACR_EL12
	msr	cpacr_el1, x1
	mrs	x1, sp_el1
	mov	sp, x1
	mrs	x1, spsr_el2
	bic	x1, x1, #0xf
	add	x1, x1, #9              /* M = EL2h */
	msr	spsr_el2, x1
	mov	x0, xzr
	eret
2:	ldr	x0, =HVC_STUB_ERR
	eret

/*
 * "A hypervisor": answers every HVC with 0xa1700000 | imm16, except
 * HVC_RESET_VECTORS, which hands EL2 back to the stub.
 */
	.balign	0x800
	.global	alt_vectors
alt_vectors:
	.irp	slot, 0, 1, 2, 3, 4, 5, 6, 7
	ventry	2, \slot
	.endr
	.balign	0x80
	cmp	x0, #HVC_RESET_VECTORS
	b.ne	3f
	adrp	x1, hyp_stub_vectors
	add	x1, x1, :lo12:hyp_stub_vectors
	msr	vbar_el2, x1
	mov	x0, xzr
	eret
3:	mrs	x0, esr_el2
	ubfx	x0, x0, #0, #16
	movk	x0, #0xa170, lsl #16
	eret
	.irp	slot, 9, 10, 11, 12, 13, 14, 15
	ventry	2, \slot
	.endr

/* void el1_resume(void (*fn)(void), void *sp): ERET to fn at EL1h, DAIF masked, on sp. */
	.text
	.global	el1_resume
el1_resume:
	msr	elr_el2, x0
	msr	sp_el1, x1
	mov	x0, #0x3c5
	msr	spsr_el2, x0
	eret

/* uint64_t hvc_call(x0, x1, x2, x3, x4): HVC #0, the stub ABI's way. */
	.global	hvc_call
hvc_call:
	hvc	#0
	ret

/* uint64_t hvc_imm5(void): HVC #5 (x0 = 7, not a stub call). */
	.global	hvc_imm5
hvc_imm5:
	mov	x0, #7
	hvc	#5
	ret

/* The stage 2 probes: one load or store the fault syndrome can name. */
	.global	probe_ldr, probe_str, probe_ldrsh
probe_ldr:
	ldr	x0, [x0]
	ret
probe_str:
	str	w1, [x0]
	ret
probe_ldrsh:
	ldrsh	w0, [x0]
	ret
