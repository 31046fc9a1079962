/*
 * Guest side of the differential test, x86-64's parts that need assembly:
 * entering a generated block with every register loaded, the #UD entry
 * that takes its checkpoints (UD2 and a 16-bit code) and the entries of
 * the exceptions a wrong instruction may raise, saving the SSE and x87
 * state, and leaving.
 *
 * Blocks run at CPL 0 or 3 on the harness's stack: RSP is the one
 * register the generated code never names (its flag masks PUSHFQ/POPFQ
 * on it). An exception at CPL 0 pushes its frame there too, one at CPL 3
 * on the TSS's RSP0 (SDM 3:6.14.2). The entry
 * saves RAX..R15 in diff_frame, then the interrupted RFLAGS and RIP
 * (words 16 and 17), saves XMM0-15 and MXCSR in diff_fp, calls
 * diff_exception (harness_x86.c, built without SSE) for the RIP to resume
 * at, and returns there by IRETQ with the block's registers and flags.
 */
#include "diffstate.h"

	.text

/*
 * uint64_t diff_enter(const void *state, const void *code, uint64_t mode):
 * run the block at `code` from `state` with the CS and SS in mode
 * (X86_MODE_CPL0 or CPL3), entered by IRETQ on this stack, which stays
 * the block's RSP. Returns 0 at the end of the block, 1 if an exception
 * ended it.
 */
	.globl diff_enter
diff_enter:
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, diff_rsp(%rip)
	movq %rdx, %rax
	shrq $16, %rax
	pushq %rax                            /* SS */
	pushq diff_rsp(%rip)                  /* RSP */
	pushq ST_X86_FLAGS(%rdi)
	andq $X86_FLAGS_KEPT, (%rsp)          /* RFLAGS: IF and the rest clear */
	movzwl %dx, %eax
	pushq %rax                            /* CS */
	pushq %rsi                            /* RIP */
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movdqu ST_V + 16 * \n(%rdi), %xmm\n
	.endr
	ldmxcsr ST_X86_MXCSR(%rdi)
	frstor ST_X86_X87(%rdi)
	movq 0(%rdi), %rax
	movq 8(%rdi), %rcx
	movq 16(%rdi), %rdx
	movq 24(%rdi), %rbx
	movq 40(%rdi), %rbp
	movq 48(%rdi), %rsi
	movq 64(%rdi), %r8
	movq 72(%rdi), %r9
	movq 80(%rdi), %r10
	movq 88(%rdi), %r11
	movq 96(%rdi), %r12
	movq 104(%rdi), %r13
	movq 112(%rdi), %r14
	movq 120(%rdi), %r15
	movq 56(%rdi), %rdi
	iretq

/*
 * The exception entries harness_x86.c puts in the IDT: diff_exc_<vector>
 * notes the vector and the error code (0 when the exception has none,
 * SDM 3:6.15) in diff_vector and diff_error, leaving the IRETQ frame.
 */
	.macro exc_entry vec, err
	.globl diff_exc_\vec
diff_exc_\vec:
	.if \err
	popq diff_error(%rip)
	.else
	movq $0, diff_error(%rip)
	.endif
	movq $\vec, diff_vector(%rip)
	jmp diff_exc
	.endm
	exc_entry 0, 0          /* #DE */
	exc_entry 6, 0          /* #UD: the checkpoints */
	exc_entry 13, 1         /* #GP */
	exc_entry 14, 1         /* #PF */
	exc_entry 19, 0         /* #XM */

diff_exc:
	movq %rax, diff_frame + 0(%rip)
	movq %rcx, diff_frame + 8(%rip)
	movq %rdx, diff_frame + 16(%rip)
	movq %rbx, diff_frame + 24(%rip)
	movq $0, diff_frame + 32(%rip)
	movq %rbp, diff_frame + 40(%rip)
	movq %rsi, diff_frame + 48(%rip)
	movq %rdi, diff_frame + 56(%rip)
	movq %r8, diff_frame + 64(%rip)
	movq %r9, diff_frame + 72(%rip)
	movq %r10, diff_frame + 80(%rip)
	movq %r11, diff_frame + 88(%rip)
	movq %r12, diff_frame + 96(%rip)
	movq %r13, diff_frame + 104(%rip)
	movq %r14, diff_frame + 112(%rip)
	movq %r15, diff_frame + 120(%rip)
	movq 16(%rsp), %rax                   /* RFLAGS */
	movq %rax, diff_frame + 128(%rip)
	movq 0(%rsp), %rax                    /* RIP of the UD2 */
	movq %rax, diff_frame + 136(%rip)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movdqu %xmm\n, diff_fp + 16 * \n(%rip)
	.endr
	stmxcsr diff_fp + 256(%rip)
	fnsave diff_fp + 272(%rip)            /* FNSAVE reinitialises: the block's x87 state back */
	frstor diff_fp + 272(%rip)
	leaq diff_frame(%rip), %rdi
	subq $8, %rsp                         /* the frame leaves RSP 8 off 16-byte alignment */
	call diff_exception
	addq $8, %rsp
	movq %rax, 0(%rsp)                    /* where IRETQ resumes */
	leaq diff_leave(%rip), %rcx
	cmpq %rcx, %rax
	je 1f
	leaq diff_abort(%rip), %rcx
	cmpq %rcx, %rax
	jne 2f
1:	movq $0x10, 8(%rsp)                   /* leaving the block: back at CPL 0 */
	movq $0x18, 32(%rsp)
2:
	movq diff_frame + 0(%rip), %rax
	movq diff_frame + 8(%rip), %rcx
	movq diff_frame + 16(%rip), %rdx
	movq diff_frame + 24(%rip), %rbx
	movq diff_frame + 40(%rip), %rbp
	movq diff_frame + 48(%rip), %rsi
	movq diff_frame + 56(%rip), %rdi
	movq diff_frame + 64(%rip), %r8
	movq diff_frame + 72(%rip), %r9
	movq diff_frame + 80(%rip), %r10
	movq diff_frame + 88(%rip), %r11
	movq diff_frame + 96(%rip), %r12
	movq diff_frame + 104(%rip), %r13
	movq diff_frame + 112(%rip), %r14
	movq diff_frame + 120(%rip), %r15
	iretq

/* void diff_save_fp(void *state): XMM0-15, MXCSR (but DE) and the x87 image as the entry saved them. */
	.globl diff_save_fp
diff_save_fp:
	leaq diff_fp(%rip), %rsi
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movq 16 * \n(%rsi), %rax
	movq %rax, ST_V + 16 * \n(%rdi)
	movq 16 * \n + 8(%rsi), %rax
	movq %rax, ST_V + 16 * \n + 8(%rdi)
	.endr
	movl 256(%rsi), %eax
	andl $X86_MXCSR_KEPT, %eax
	movq %rax, ST_X86_MXCSR(%rdi)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
	movq 272 + 8 * \n(%rsi), %rax
	movq %rax, ST_X86_X87 + 8 * \n(%rdi)
	.endr
	ret

/* The end of a block (IRETQ lands here at CPL 0): back to diff_enter's caller with 0. */
	.globl diff_leave
diff_leave:
	xorl %eax, %eax
	jmp 1f
/* After another exception in a block: return 1. */
	.globl diff_abort
diff_abort:
	movl $1, %eax
1:	movq diff_rsp(%rip), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	ret

	.data
	.balign 16
diff_fp:
	.space 16 * 16 + 16 + 112             /* XMM0-15, MXCSR, FNSAVE's image */
	.globl diff_frame
diff_frame:
	.space 8 * 18
	.globl diff_vector, diff_error
diff_vector:
	.quad 0
diff_error:
	.quad 0
diff_rsp:
	.quad 0

/* The scratch buffer straddles a page boundary at its base register, as on the other ISAs. */
	.bss
	.balign 4096
	.space 4096 - SCRATCH_BIAS
	.globl diff_scratch
diff_scratch:
	.space SCRATCH_SIZE
