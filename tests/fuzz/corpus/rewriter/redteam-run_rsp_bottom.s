# Red-team case: run_rsp_bottom.  rsp = B (esp 0): a push writes B-8, in the previous region's high guard.
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
	xorl %esp, %esp
	leaq (%rsp,%r14,1), %rsp
	pushq $1
	int3
