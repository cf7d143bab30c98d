# Red-team case: run_toctou_unmap.  One thread unmaps, remaps and re-protects a page in a loop while another passes it to getname (monitor memcpy), getrandom (kernel copy) and futex_wait 20000 times: answers may be -EFAULT, the monitor must never fault.
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
	movq %r13, %rsi
	leaq 65536(%rbx), %rdx
	xorl %ecx, %ecx
	xorl %r8d, %r8d
	HC 6
	movl $20000, %r12d
	.p2align 5
loop:
	movq %r13, %rdi
	movl $16, %esi
	HC 15
	movq %r13, %rdi
	movl $4096, %esi
	HC 5
	movq %r13, %rdi
	xorl %esi, %esi
	movl $1000, %edx
	xorl %ecx, %ecx
	HC 10
	decl %r12d
	jnz loop
	xorl %edi, %edi
	HC 0
	.p2align 5
tentry:
	movq %rdi, %rbx
	.p2align 5
tloop:
	movq %rbx, %rdi
	movl $4096, %esi
	HC 13
	movq %rbx, %rdi
	movl $4096, %esi
	movl $3, %edx
	movl $0x10, %ecx
	HC 12
	movq %rbx, %rdi
	movl $4096, %esi
	movl $1, %edx
	HC 14
	jmp tloop
