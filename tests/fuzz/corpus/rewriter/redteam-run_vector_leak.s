# Red-team case: run_vector_leak.  After hostcalls whose handlers run glibc
# string code (openat resolves a path, getname copies the name, write), the
# cVM's vector registers must hold none of the monitor's data.  Before the
# red-team pass the trampoline scrubbed only general registers: ymm0-7
# came back holding a monitor heap pointer (0x5556...) and what looked like
# the monitor's stack canary.  Exits 0 if ymm0-15 are all zero, 3 if not.
# A new thread's vector registers are checked the same way (exit 4).
# RUN-EXIT: 0
	.text
	.bundle_align_mode 5
	.globl _start
.macro HC slot
	.p2align 5
	.fill 23, 1, 0x90
	addr32 call *%gs:(0x10000 + 8 * \slot)
.endm
.macro ALLZERO code
	vpor %ymm1, %ymm0, %ymm0
	vpor %ymm2, %ymm0, %ymm0
	vpor %ymm3, %ymm0, %ymm0
	vpor %ymm4, %ymm0, %ymm0
	vpor %ymm5, %ymm0, %ymm0
	vpor %ymm6, %ymm0, %ymm0
	vpor %ymm7, %ymm0, %ymm0
	vpor %ymm8, %ymm0, %ymm0
	vpor %ymm9, %ymm0, %ymm0
	vpor %ymm10, %ymm0, %ymm0
	vpor %ymm11, %ymm0, %ymm0
	vpor %ymm12, %ymm0, %ymm0
	vpor %ymm13, %ymm0, %ymm0
	vpor %ymm14, %ymm0, %ymm0
	vpor %ymm15, %ymm0, %ymm0
	movl $\code, %edi
	vptest %ymm0, %ymm0
	jz 1f
	HC 0
1:
.endm
	.p2align 5
_start:
	subl $1024, %esp
	leaq (%rsp,%r14,1), %rsp
	movl $0x6f6f662f, %gs:(%esp)	# "/foo"
	movb $0, %gs:4(%esp)
	movq $-100, %rdi
	movq %rsp, %rsi
	xorl %edx, %edx
	xorl %ecx, %ecx
	HC 16				# openat(AT_FDCWD, "/foo", 0, 0)
	leaq 64(%rsp), %rdi
	movl $64, %esi
	HC 15				# getname
	ALLZERO 3
	# a thread: its registers at entry
	xorl %edi, %edi
	movl $65536, %esi
	movl $3, %edx
	xorl %ecx, %ecx
	HC 12
	leaq 65536(%rax), %rdx
	leaq tentry(%rip), %rdi
	xorl %esi, %esi
	xorl %ecx, %ecx
	xorl %r8d, %r8d
	HC 6
	movq %rax, %rdi
	HC 8
	movl $5, %edi
	HC 0
	.p2align 5
tentry:
	ALLZERO 4
	xorl %edi, %edi
	HC 0
