/*
 * Entry point. The loader enters _start at its physical address in direct
 * address mode (LA RM 5.2: CRMD.DA = 1 after reset, as QEMU's and hvsim's
 * direct boot leave it), PLV0, interrupts off. Set the stack, zero BSS,
 * run main(), power off.
 */
	.section .text.boot, "ax"
	.global _start
_start:
	la.pcrel	$sp, __stack_top
	la.pcrel	$t0, __bss_start
	la.pcrel	$t1, __bss_end
1:	bgeu	$t0, $t1, 2f        /* BSS is 8-byte aligned by the linker script */
	st.d	$zero, $t0, 0
	addi.d	$t0, $t0, 8
	b	1b
2:	bl	main
	bl	fw_exit
