/*
 * The application processor's way in (tests/smp.c): the SIPI starts it in
 * real mode at the page the BSP copied tramp_start..tramp_end to; it turns
 * on PAE, loads the BSP's page tables (the BSP patches tramp_cr3), sets
 * EFER.LME, enables paging with protection, which activates long mode, and
 * jumps far to 64-bit code. INIT left GDTR at base 0, limit 0xffff: the
 * selector 0x1010 names the 64-bit code descriptor at linear 0x1010 (where
 * hvsim's boot GDT has it; the BSP writes it there for QEMU). Then a stack
 * and ap_main(), with interrupts off for good.
 */
	.section .rodata
	.code16
	.globl tramp_start, tramp_end, tramp_cr3
tramp_start:
	cli
	movl $0x20, %eax                      /* CR4.PAE */
	movl %eax, %cr4
	.byte 0x66, 0xb8                      /* movl $imm32, %eax: the BSP's CR3 */
tramp_cr3:
	.long 0
	movl %eax, %cr3
	movl $0xc0000080, %ecx                /* EFER.LME */
	rdmsr
	orl $0x100, %eax
	wrmsr
	movl $0x80000001, %eax                /* CR0.PG | CR0.PE */
	movl %eax, %cr0
	ljmpl $0x1010, $ap_entry64
tramp_end:

	.text
	.code64
ap_entry64:
	movq $ap_stack_top, %rsp
	call ap_main
1:	cli
	hlt
	jmp 1b

	.bss
	.align 16
	.skip 4096
ap_stack_top:
