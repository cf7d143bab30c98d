# Red-team case: run_jmp_table.  Masked jump into the (read-only, non-executable) runtime-call table.
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
	movl $0x10000, %eax
	andl $-32, %eax
	addq %r14, %rax
	jmp *%rax
