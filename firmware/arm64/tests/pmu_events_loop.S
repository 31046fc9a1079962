/*
 * The loops pmu_events.c counts, in assembly so that their branches and
 * memory accesses are known exactly. p points at struct ev_loop (pmu_events.c):
 * p[0] iterations, p[1] read, p[2] written, p[3] a preset, p[4..7] results.
 *
 * Per run: one load of p[0]; per iteration a load, a store and one
 * conditional branch (B.NE, taken but for the last); no other branch or
 * access between the counter reads (MRS and arithmetic count neither).
 */
	.text

/*
 * ev_measure(p): the loop, with PMEVCNTR0-3_EL0 read before and after it;
 * their differences go to p[4..7]. Returns 0 (el0_call's value).
 */
	.global	ev_measure
ev_measure:
	mrs	x4, pmevcntr0_el0
	mrs	x5, pmevcntr1_el0
	mrs	x6, pmevcntr2_el0
	mrs	x7, pmevcntr3_el0
	ldr	x2, [x0]
1:	ldr	x3, [x0, #8]
	str	x3, [x0, #16]
	subs	x2, x2, #1
	b.ne	1b
	mrs	x8, pmevcntr0_el0
	mrs	x9, pmevcntr1_el0
	mrs	x10, pmevcntr2_el0
	mrs	x11, pmevcntr3_el0
	sub	x8, x8, x4
	sub	x9, x9, x5
	sub	x10, x10, x6
	sub	x11, x11, x7
	stp	x8, x9, [x0, #32]
	stp	x10, x11, [x0, #48]
	mov	x0, #0
	ret

/*
 * ev_midloop(p): read PMEVCNTR0_EL0 (branches) and PMEVCNTR1_EL0 (memory
 * accesses) inside every iteration, after its load: iteration k (from 0)
 * must see exactly k branches and k + 2 accesses since the reads before
 * the loop. Returns the number of reads that differ.
 */
	.global	ev_midloop
ev_midloop:
	mrs	x8, pmevcntr0_el0
	mrs	x9, pmevcntr1_el0
	ldr	x2, [x0]
	mov	x6, #0
	mov	x10, #0
1:	ldr	x3, [x0, #8]
	mrs	x4, pmevcntr0_el0
	sub	x4, x4, x8
	cmp	x4, x10
	cinc	x6, x6, ne
	mrs	x5, pmevcntr1_el0
	sub	x5, x5, x9
	add	x7, x10, #2
	cmp	x5, x7
	cinc	x6, x6, ne
	add	x10, x10, #1
	subs	x2, x2, #1
	b.ne	1b
	mov	x0, x6
	ret

/*
 * ev_overflow_loop(p): PMEVCNTR0_EL0 = p[3], then the loop alone, with
 * interrupts taken inside it; the interrupt handler reads x2 (iterations
 * left) and ELR (ev_overflow_head) from its frame.
 */
	.global	ev_overflow_loop
	.global	ev_overflow_head
ev_overflow_loop:
	ldr	x1, [x0, #24]
	msr	pmevcntr0_el0, x1
	ldr	x2, [x0]
ev_overflow_head:
	ldr	x3, [x0, #8]
	str	x3, [x0, #16]
	subs	x2, x2, #1
	b.ne	ev_overflow_head
	mov	x0, #0
	ret

/*
 * ev_fault(p): four loads in one block at EL0, the second from p + 1:
 * unaligned, with the MMU off (Device memory) it takes an alignment
 * fault, which pmu_events.c's handler skips. Loads that retire at EL0: 3.
 */
	.global	ev_fault
ev_fault:
	add	x1, x0, #1
	ldr	x3, [x0, #8]
	ldr	x3, [x1]
	ldr	x3, [x0, #8]
	ldr	x3, [x0, #16]
	mov	x0, #0
	ret
