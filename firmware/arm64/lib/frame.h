/*
 * For assembly: the struct exc_frame layout (fw.h) the vector code builds,
 * and one vector slot. A program with its own vector table (an EL2 stub
 * of its own, say) fills its slots with `ventry` so every exception it does
 * not handle itself reaches exc_dispatch() like the library's own.
 */
#ifndef FW_FRAME_H
#define FW_FRAME_H

#define FRAME_SP_EL0  248
#define FRAME_ELR     256
#define FRAME_ESR     272
#define FRAME_KIND    288
#define FRAME_SIZE    304

#ifdef __ASSEMBLER__
/*
 * One vector slot: make room for the frame, save x0/x1, pass the slot
 * number, and enter the library's frame code for EL `el` (start.S).
 * Slots are 0x80 bytes apart (D1.10.2).
 */
.macro ventry el, slot
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x0, #\slot
	b	exc_entry_el\el
.endm
#endif

#endif
