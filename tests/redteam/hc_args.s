# Red-team case: hc_args.  Hostcall argument attacks, one per step; the
# cVM exits with the number of the first step whose result is not the
# expected -errno (0: every bad argument was refused and the monitor lives).
# RUN-EXIT: 0
	.text
	.bundle_align_mode 5
	.globl _start
.macro HC slot
	.p2align 5
	.fill 23, 1, 0x90
	addr32 call *%gs:(0x10000 + 8 * \slot)
.endm
# EXPECT_RAX want, step: exit(step) unless rax == want
.macro CHECK want, step
	movl $\step, %edi
	cmpq $\want, %rax
	je 1f
	HC 0
1:
.endm
	.p2align 5
_start:
	# 1: write whose buffer runs past the region end
	movl $1, %edi
	leaq -16(%r14), %rsi
	movl $0xffffffff, %eax
	addq %rax, %rsi
	movl $0x20, %edx
	HC 1
	CHECK -14, 1
	# 2: pointer + length that wraps the address space
	movl $1, %edi
	movq $-256, %rsi
	movl $0x200, %edx
	HC 1
	CHECK -14, 2
	# 3: a monitor address (the runtime table entry: a monitor stub)
	movl $1, %edi
	addr32 movq %gs:0x10000, %rsi
	movl $8, %edx
	HC 1
	CHECK -14, 3
	# 4: read() into the code (read-only) page
	xorl %edi, %edi
	leaq 0x200000(%r14), %rsi
	movl $1, %edx
	HC 2
	CHECK -14, 4
	# 5: futex_wait on an unmapped address of the region
	movabsq $0x80000000, %rdi
	addq %r14, %rdi
	xorl %esi, %esi
	movq $-1, %rdx
	xorl %ecx, %ecx
	HC 10
	CHECK -14, 5
	# 6: futex_wait on an unaligned address
	leaq 0x200001(%r14), %rdi
	xorl %esi, %esi
	movq $-1, %rdx
	xorl %ecx, %ecx
	HC 10
	CHECK -22, 6
	# 7: mmap(MAP_FIXED) over the image
	leaq 0x200000(%r14), %rdi
	movl $4096, %esi
	movl $3, %edx
	movl $0x10, %ecx
	HC 12
	CHECK -22, 7
	# 8: mmap(MAP_FIXED) over the runtime-call table
	leaq 0x10000(%r14), %rdi
	movl $4096, %esi
	movl $3, %edx
	movl $0x10, %ecx
	HC 12
	CHECK -22, 8
	# 9: mmap asking for PROT_EXEC (4)
	xorl %edi, %edi
	movl $4096, %esi
	movl $5, %edx
	xorl %ecx, %ecx
	HC 12
	CHECK -1, 9
	# 10: mprotect the code page writable
	leaq 0x200000(%r14), %rdi
	movl $4096, %esi
	movl $3, %edx
	HC 14
	CHECK -22, 10
	# 11: munmap the main stack
	movq %rsp, %rdi
	andq $-4096, %rdi
	movl $4096, %esi
	HC 13
	CHECK -22, 11
	# 12: mmap(MAP_FIXED) over the main stack
	movq %rsp, %rdi
	andq $-4096, %rdi
	movl $4096, %esi
	movl $3, %edx
	movl $0x10, %ecx
	HC 12
	CHECK -22, 12
	# 13: getname into read-only code
	leaq 0x200000(%r14), %rdi
	movl $16, %esi
	HC 15
	CHECK -14, 13
	# 14: getname to the last byte of the address space
	movq $-1, %rdi
	movl $2, %esi
	HC 15
	CHECK -14, 14
	# 15: thread_create with a stack outside the region
	leaq 0x200000(%r14), %rdi
	xorl %esi, %esi
	movl $0x200000, %edx
	xorl %ecx, %ecx
	xorl %r8d, %r8d
	HC 6
	CHECK -14, 15
	# 16: thread_create with a stack in read-only code
	leaq 0x200000(%r14), %rdi
	xorl %esi, %esi
	leaq 0x200040(%r14), %rdx
	xorl %ecx, %ecx
	xorl %r8d, %r8d
	HC 6
	CHECK -14, 16
	# 17: thread_create with an unaligned ctid
	leaq 0x200000(%r14), %rdi
	xorl %esi, %esi
	movq %rsp, %rdx
	xorl %ecx, %ecx
	leaq -3(%rsp), %r8
	HC 6
	CHECK -14, 17
	# 18: mmap of 8 GiB
	xorl %edi, %edi
	movabsq $0x200000000, %rsi
	movl $3, %edx
	xorl %ecx, %ecx
	HC 12
	CHECK -22, 18
	# 19: munmap with a length that wraps
	leaq 0x200000(%r14), %rdi
	movq $-4096, %rsi
	HC 13
	CHECK -22, 19
	# 20: mprotect asking for PROT_EXEC
	leaq 0x200000(%r14), %rdi
	movl $4096, %esi
	movl $7, %edx
	HC 14
	CHECK -1, 20
	# 21: munmap of the runtime-call table
	leaq 0x10000(%r14), %rdi
	movl $4096, %esi
	HC 13
	CHECK -22, 21
	# 22: write from the high guard (never mapped)
	movl $1, %edi
	movl $0xffff0000, %esi
	addq %r14, %rsi
	movl $1, %edx
	HC 1
	CHECK -14, 22
	xorl %edi, %edi
	HC 0
