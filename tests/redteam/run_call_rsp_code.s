# Red-team case: run_call_rsp_code.  Runtime call with rsp in read-only code: the call's own push faults before the monitor runs.
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
	movl $0x200800, %esp
	leaq (%rsp,%r14,1), %rsp
	xorl %edi, %edi
	HC 0
