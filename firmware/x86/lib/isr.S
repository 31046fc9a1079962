/*
 * Interrupt and exception entry: one 16-byte stub per vector pushes its
 * number and joins isr_common, which saves the caller-saved registers,
 * calls fw_interrupt(vector) and returns with IRETQ. Exceptions that push
 * an error code are not resumed (fw_interrupt powers off on them).
 */
	.text
	.align 16
	.globl isr_stubs
isr_stubs:
	.set vec, 0
	.rept 256
	.align 16
	pushq $vec
	jmp isr_common
	.set vec, vec + 1
	.endr

isr_common:
	pushq %rax
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	movq 72(%rsp), %rdi
	subq $8, %rsp                         /* the call's 16-byte alignment */
	call fw_interrupt
	addq $8, %rsp
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rax
	addq $8, %rsp
	iretq
