# Red-team case: run_rsp_top.  rsp = B+4GiB-8: a pop reads the high guard.
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
	movl $-8, %esp
	leaq (%rsp,%r14,1), %rsp
	popq %rax
	int3
