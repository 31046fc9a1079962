/*
 * Entry of every x86-64 firmware program, two ways in:
 *  - hvsim (x86-virt) loads the ELF at its physical addresses and enters
 *    _start in 64-bit mode with its boot GDT (code 0x10, data 0x18) and
 *    4 GiB identity-mapped; IDTR is still the reset value, base 0.
 *  - QEMU (-M q35 -kernel) takes the multiboot header (the address fields
 *    form, flag 16: QEMU loads no 64-bit ELF otherwise) and enters
 *    mb_entry in 32-bit protected mode; mb_entry builds the same state
 *    (the same GDT selectors, 4 GiB identity-mapped with 2 MiB pages, IDTR
 *    base 0) and joins _start.
 * _start sets the stack, clears BSS, runs main() and powers off.
 */
	.section .text.boot, "ax"
	.code32
	.align 4
mb_header:
	.long 0x1badb002                      /* multiboot magic */
	.long 0x00010000                      /* the address fields below are valid */
	.long -(0x1badb002 + 0x00010000)
	.long mb_header                       /* header_addr */
	.long __image_start                   /* load_addr */
	.long __data_end                      /* load_end_addr */
	.long __bss_end                       /* bss_end_addr */
	.long mb_entry                        /* entry_addr */

mb_entry:
	cli
	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages. */
	movl $boot_pdpt + 3, boot_pml4
	movl $boot_pd + 3, %eax
	xorl %ecx, %ecx
1:	movl %eax, boot_pdpt(, %ecx, 8)
	addl $4096, %eax
	incl %ecx
	cmpl $4, %ecx
	jne 1b
	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax                       /* present, writable, 2 MiB */
	movl %eax, boot_pd(, %ecx, 8)         /* bits 63:32 stay 0: below 4 GiB */
	incl %ecx
	cmpl $2048, %ecx
	jne 2b
	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $0x20, %eax                       /* PAE */
	movl %eax, %cr4
	movl $0xc0000080, %ecx                /* EFER.LME */
	rdmsr
	orl $0x100, %eax
	wrmsr
	movl %cr0, %eax
	orl $0x80000001, %eax                 /* PG, PE */
	movl %eax, %cr0
	lgdt gdt_desc
	ljmp $0x10, $mb_long

	.code64
mb_long:
	movl $0x18, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	lidt idt_desc
	jmp _start

	.globl _start
_start:
	movq $__stack_top, %rsp
	movq $__bss_start, %rdi
	movq $__bss_end, %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb
	call main
	call fw_exit

	.section .rodata
	.align 16
gdt:
	.quad 0, 0
	.quad 0x00af9b000000ffff              /* 0x10: 64-bit code, as hvsim's boot GDT */
	.quad 0x00cf93000000ffff              /* 0x18: data */
gdt_desc:
	.word gdt_desc - gdt - 1
	.long gdt
idt_desc:
	.word 0xfff
	.quad 0

	.section .bss.boot, "aw", @nobits
	.align 4096
boot_pml4: .skip 4096
boot_pdpt: .skip 4096
boot_pd:   .skip 4 * 4096
