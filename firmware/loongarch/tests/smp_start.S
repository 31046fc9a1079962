/*
 * Where a secondary CPU starts (the address CPU 0 puts in its mailbox 0):
 * direct address mode, PLV0, no stack. Take this CPU's 16 KiB stack by
 * CSR.CPUID (7.4.12), call secondary_main(cpuid), sleep if it returns.
 */
#define STACK 16384

	.text
	.global	secondary_entry
secondary_entry:
	csrrd	$a0, 0x20
	andi	$a0, $a0, 0x1ff
	addi.d	$t0, $a0, 1
	slli.d	$t0, $t0, 14
	la.pcrel	$sp, smp_stacks
	add.d	$sp, $sp, $t0
	bl	secondary_main
1:	idle	0
	b	1b

	.section .bss
	.balign	16
smp_stacks:
	.space	STACK * 4
