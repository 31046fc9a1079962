/*
 * The application processor's program for tests/legacy_int.c: interrupts
 * and exceptions outside long mode. The SIPI starts it in real mode at the
 * page the BSP copied ap_start..ap_end to (CS 0x0800, so a label's offset
 * in CS is RM(label)); the BSP built the tables at fixed addresses (see
 * legacy_int.c). Every handler writes what it saw where EDI points, which
 * the code before each event sets to its record.
 *
 * 1. Real mode: INT 30h and a #DE through an IVT moved to 0x9000 with
 *    LIDT; 16-bit IRET.
 * 2. 32-bit protected mode: a 32-bit trap gate (INT 31h), a 16-bit
 *    interrupt gate (INT 32h, IRETW), #GP with an error code (a selector
 *    past the GDT's limit), #DE, a self IPI (the APIC at 0xFEE00000 with
 *    paging off); then ring 3 through IRET (FS, a ring-0 segment, becomes
 *    null), INT 33h to ring 0 on the TSS's SS0:ESP0, INT 31h from ring 3
 *    (a DPL-0 gate: #GP(31h * 8 + 2)), INT 34h back to ring 0 for good.
 * 3. Back to real mode through a 16-bit code segment; an IPI from the BSP
 *    taken while halted.
 */
#define RM(x) ((x) - ap_start)
#define PM(x) (0x8000 + (x) - ap_start)
#define REC(k) (0xa100 + 64 * (k))     /* record k: 16 words */
#define STAGE 0xa0fc                    /* 1: waiting for the IPI, 2: done */
#define IVT_PTR 0xa0e0
#define GDT_PTR 0xa0e8
#define IDT_PTR 0xa0f0

	.section .rodata
	.globl ap_start, ap_end
	.globl rm_int30, rm_de, rm_ipi, pm_int31, pm_int32, pm_gp, pm_de, pm_ipi, pm_int33, pm_int34
	.code16
ap_start:
	cli
	xorw %ax, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw $0xc000, %sp
	lidtl IVT_PTR
	movw $REC(0), %di
	pushl $0x40202                        /* AC and IF set */
	popfl
	int $0x30
	pushfl
	popl %eax
	movl %eax, REC(0) + 16                /* after the 16-bit IRET */
	movw $REC(1), %di
	xorw %dx, %dx
	movw $1, %ax
	xorw %cx, %cx
	divw %cx                              /* #DE: the handler steps over it */

	/* 32-bit protected mode. */
	lgdtl GDT_PTR
	lidtl IDT_PTR
	movl %cr0, %eax
	orb $1, %al
	movl %eax, %cr0
	ljmpl $0x08, $PM(pm_start)

rm_int30:
	call rm_record
	iret

/* The frame's IP, CS and FLAGS (under the return address), the handler's EFLAGS. */
rm_record:
	pushfl
	popl %eax
	movl %eax, 12(%di)
	movw %sp, %bp
	movw 2(%bp), %ax
	movw %ax, (%di)
	movw 4(%bp), %ax
	movw %ax, 4(%di)
	movw 6(%bp), %ax
	movw %ax, 8(%di)
	ret

rm_de:                                    /* IP, CS, then past the 2-byte DIV */
	movw %sp, %bp
	movw (%bp), %ax
	movw %ax, (%di)
	movw 2(%bp), %ax
	movw %ax, 4(%di)
	addw $2, (%bp)
	iret

rm_ipi:
	call rm_record
	movl $2, STAGE
	iret

	.code32
pm_start:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
	movl $0xcc00, %esp
	movw $0x28, %ax
	ltr %ax
	movl $0x1ff, 0xfee000f0               /* APIC software-enabled, spurious vector 0xff */

	movl $REC(2), %edi
	pushl $0x40202
	popfl
	int $0x31                             /* 32-bit trap gate */
	movl $REC(3), %edi
	int $0x32                             /* 16-bit interrupt gate */
	cli
	movl $REC(4), %edi
	movw $0x48, %ax
	movw %ax, %ds                         /* #GP(0x48): past the GDT's limit */
	movl $REC(5), %edi
	xorl %edx, %edx
	movl $1, %eax
	xorl %ecx, %ecx
	divl %ecx                             /* #DE */
	movl $REC(6), %edi
	movl $0x40041, 0xfee00300             /* fixed IPI 0x41 to self */
	sti
	hlt
	cli

	/* Ring 3 through IRET, FS a ring-0 data segment. */
	movw $0x23, %ax
	movw %ax, %ds
	movw %ax, %es
	movl $REC(7), %edi
	pushl $0x23                           /* SS */
	pushl $0xe000                         /* ESP */
	pushl $0x2                            /* EFLAGS */
	pushl $0x1b                           /* CS */
	pushl $PM(ring3)
	iret
ring3:
	movl %cs, %eax
	movl %eax, (%edi)
	movl %fs, %eax
	movl %eax, 4(%edi)
	movl %ss, %eax
	movl %eax, 8(%edi)
	movl $REC(8), %edi
	int $0x33                             /* DPL 3: to ring 0 on SS0:ESP0 */
	movl $REC(9), %edi
	int $0x31                             /* DPL 0 from ring 3: #GP */
	movl $REC(10), %edi
	int $0x34                             /* back to ring 0 for good */

/* Copy ECX dwords of the frame (under the return address) to the record. */
pm_copy:
	xorl %ebx, %ebx
1:	movl 4(%esp,%ebx,4), %eax
	movl %eax, (%edi,%ebx,4)
	addl $1, %ebx
	cmpl %ecx, %ebx
	jne 1b
	ret

pm_int31:                                 /* EIP, CS, EFLAGS; EFLAGS in the handler */
	pushfl
	popl %eax
	movl %eax, 12(%edi)
	movl $3, %ecx
	call pm_copy
	iret

pm_int32:                                 /* a 16-bit frame: IP, CS, FLAGS */
	pushfl
	popl %eax
	movl %eax, 12(%edi)
	movzwl 0(%esp), %eax
	movl %eax, (%edi)
	movzwl 2(%esp), %eax
	movl %eax, 4(%edi)
	movzwl 4(%esp), %eax
	movl %eax, 8(%edi)
	movl %esp, %eax
	movl %eax, 16(%edi)
	iretw

pm_gp:                                    /* error code, EIP, CS; then past the 2-byte instruction */
	movl $3, %ecx
	call pm_copy
	addl $2, 4(%esp)
	addl $4, %esp
	iret

pm_de:                                    /* EIP, CS; then past the 2-byte DIV */
	movl $2, %ecx
	call pm_copy
	addl $2, (%esp)
	iret

pm_ipi:                                   /* EIP, CS, EFLAGS, the ISR's word; EOI */
	movl $3, %ecx
	call pm_copy
	movl 0xfee00120, %eax                 /* ISR bits 0x40-0x5f */
	movl %eax, 12(%edi)
	movl $0, 0xfee000b0
	iret

pm_int33:                                 /* EIP, CS, EFLAGS, ESP, SS; ESP and SS in the handler */
	movl $5, %ecx
	call pm_copy
	movl %esp, %eax
	movl %eax, 20(%edi)
	movl %ss, %eax
	movl %eax, 24(%edi)
	iret

pm_int34:                                 /* CS and SS in ring 0; continue there */
	movl %cs, %eax
	movl %eax, (%edi)
	movl %ss, %eax
	movl %eax, 4(%edi)
	movl $0xcc00, %esp

	/* Back to real mode: a 16-bit code segment, PE off, a real-mode far jump. */
	ljmpl $0x30, $PM(pm16)
	.code16
pm16:
	movw $0x38, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
	movl %cr0, %eax
	andb $0xfe, %al
	movl %eax, %cr0
	ljmp $0x0800, $RM(rm_again)
rm_again:
	xorw %ax, %ax
	movw %ax, %ds
	movw %ax, %ss
	movw $0xc000, %sp
	lidtl IVT_PTR
	movw $REC(11), %di
	movl $1, STAGE                        /* the BSP sends IPI 0x40 now */
1:	xorw %ax, %ax                         /* the same flags on every wake-up */
	sti
	hlt
	cli
	cmpl $2, STAGE
	jne 1b
2:	hlt
	jmp 2b
ap_end:
