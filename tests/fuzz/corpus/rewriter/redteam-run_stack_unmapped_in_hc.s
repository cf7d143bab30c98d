# Red-team case: run_stack_unmapped_in_hc.  A thread sleeps in a hostcall
# while another thread unmaps that thread's stack: when the hostcall returns,
# the trampoline's pop of the return address faults.  The fault is in the
# trampoline (monitor code running for the cVM): it must end the cVM as a
# cVM fault (SIGSEGV, 139), not kill the monitor as a monitor bug.
# RUN-EXIT: 139
# RUN-MSG: SIGSEGV
	.text
	.bundle_align_mode 5
	.globl _start
.macro HC slot
	.p2align 5
	.fill 23, 1, 0x90
	addr32 call *%gs:(0x10000 + 8 * \slot)
.endm
	.p2align 5
_start:
	xorl %edi, %edi
	movl $65536, %esi
	movl $3, %edx
	xorl %ecx, %ecx
	HC 12			# stack for the thread
	movq %rax, %rbx
	leaq tentry(%rip), %rdi
	xorl %esi, %esi
	leaq 65536(%rbx), %rdx
	xorl %ecx, %ecx
	xorl %r8d, %r8d
	HC 6
	movq %rax, %r12
	movl $50000000, %edi
	HC 4			# let the thread enter its sleep
	movq %rbx, %rdi
	movl $65536, %esi
	HC 13			# unmap its stack under it
	movq %r12, %rdi
	HC 8
	movl $1, %edi		# not reached: the thread's return faults first
	HC 0
	.p2align 5
tentry:
	movl $300000000, %edi
	HC 4
	movl $2, %edi
	HC 0
