# Red-team case: run_ctid_unmapped.  The clear-child-tid word of a thread is unmapped before the thread exits: the monitor re-checks it and must not fault; join still returns 0.
# RUN-EXIT: 0
	.text
	.bundle_align_mode 5
	.globl _start
.macro HC slot
	.p2align 5
	.fill 23, 1, 0x90
	addr32 call *%gs:(0x10000 + 8 * \slot)
.endm
# rax := mmap(0, \len, RW, 0)
.macro MMAP len
	xorl %edi, %edi
	movl $\len, %esi
	movl $3, %edx
	xorl %ecx, %ecx
	HC 12
.endm
	.p2align 5
_start:
	MMAP 65536
	movq %rax, %rbx
	MMAP 4096
	movq %rax, %r13
	leaq tentry(%rip), %rdi
	xorl %esi, %esi
	leaq 65536(%rbx), %rdx
	xorl %ecx, %ecx
	movq %r13, %r8
	HC 6
	movq %rax, %rbx
	movq %r13, %rdi
	movl $4096, %esi
	HC 13
	movq %rbx, %rdi
	HC 8
	movl %eax, %edi
	negl %edi
	HC 0
	.p2align 5
tentry:
	movl $20000000, %edi
	HC 4
	HC 7
