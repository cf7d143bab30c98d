# Red-team case: run_thread_entry_mask.  thread_create with an entry outside the region and not bundle aligned (tentry + 0xdead00000000 + 5): the monitor masks it to tentry, which exits 42.
# RUN-EXIT: 42
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
	leaq 65536(%rax), %rdx
	leaq tentry(%rip), %rdi
	movabsq $0xdead00000005, %rcx
	addq %rcx, %rdi
	xorl %esi, %esi
	xorl %ecx, %ecx
	xorl %r8d, %r8d
	HC 6
	movq %rax, %rdi
	HC 8
	movl $1, %edi
	HC 0
	.p2align 5
tentry:
	movl $42, %edi
	HC 0
