# Red-team case: run_df_mxcsr.  DF set and every MXCSR exception unmasked (plus FTZ/DAZ) across hostcalls: the monitor restores its own state and answers normally.
# RUN-EXIT: 0

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
	pushq $0x8040
	ldmxcsr %gs:(%esp)
	popq %rax
	std
	movl $1, %edi
	HC 3
	std
	leaq -64(%rsp), %rdi
	movl $32, %esi
	HC 5
	movl $9, %edi
	cmpq $32, %rax
	jne 1f
	xorl %edi, %edi
1:
	HC 0
