# Legal sandboxed code: every form here must be accepted (no false
# rejections).  Checked by tests/groups/10-verifier-escape.sh.
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	endbr64
	movl %gs:(%eax), %ecx
	movq %fs:0x70, %rax                  # the thread pointer (section 7)
	movq %fs:0x70, %r15
	addq %fs:0x70, %r9
	movq %gs:8(%eax), %rax               # TLS through it
	movq %r14, %rax                      # reading r14 is fine
	leaq (%rax,%r14,1), %rdx
	movq %rsp, %rbp                      # reading rsp is fine
	movq %gs:16(%esp), %rax
	# stack slots: rsp-relative within the guard need no prefix (§3 form 3)
	movq 8(%rsp), %rax
	movq %rax, (%rsp)
	movq %rax, 32767(%rsp)
	movq -32768(%rsp), %rax
	vmovdqu64 %zmm0, -64(%rsp)
	fnsave 32000(%rsp)
	addl $1, 120(%rsp)
	lock incq 16(%rsp)
	movq %rax, %gs:-8(%esp,%ecx,4)
	leaq data(%rip), %rax
	movq data(%rip), %rax
	movsd data(%rip), %xmm0
	# esp writes, each re-based in the same bundle
	.bundle_lock
	movl %ebp, %esp
	leaq (%rsp,%r14,1), %rsp
	.bundle_unlock
	.bundle_lock
	andl $-16, %esp
	leaq (%rsp,%r14,1), %rsp
	.bundle_unlock
	.bundle_lock
	leal 8(%rbp), %esp
	leaq (%rsp,%r14,1), %rsp
	.bundle_unlock
	.bundle_lock
	subl $4096, %esp
	leaq (%rsp,%r14,1), %rsp
	.bundle_unlock
	.bundle_lock
	movl %gs:(%eax), %esp
	leaq (%rsp,%r14,1), %rsp
	.bundle_unlock
	pushq %rbp
	pushq %gs:(%eax)
	popq %gs:8(%eax)
	popq %rbp
	pushfq
	pushq $42
	popq %rax
	andl $-32, %eax                      # a mask alone is an ordinary and
	addq %r14, %rax                      # so is an add of r14
	.bundle_lock align_to_end
	andl $-32, %ecx
	addq %r14, %rcx
	call *%rcx
	.bundle_unlock
	.bundle_lock align_to_end
	addr32 call *%gs:0x10000
	.bundle_unlock
	.bundle_lock align_to_end
	addr32 call *%gs:0x10ff8
	.bundle_unlock
	.bundle_lock align_to_end
	call _start
	.bundle_unlock
	.bundle_lock
	andl $-32, %r11d
	addq %r14, %r11
	jmp *%r11
	.bundle_unlock
	.bundle_lock
	andl $-32, %r8d
	addq %r14, %r8
	notrack jmp *%r8
	.bundle_unlock
1:	jrcxz 1b
	loop 1b
	jne 1b
	jmp 2f
2:	xorl %eax, %eax
	cpuid
	rdtsc
	rdtscp
	pause
	lfence
	mfence
	sfence
	lock cmpxchgq %rcx, %gs:(%edi)
	lock xaddl %eax, %gs:4(%edi)
	xchgq %rax, %gs:(%esi)
	lock cmpxchg16b %gs:(%edi)
	vmovdqu %gs:(%eax), %ymm0
	vmovdqu64 %zmm1, %gs:64(%eax)
	vpgatherdd %ymm2, %gs:(%eax,%ymm1,4), %ymm3
	vpbroadcastd %xmm0, %ymm1
	vfmadd231ps %ymm1, %ymm2, %ymm3
	vzeroupper
	flds %gs:(%eax)
	fstpl %gs:8(%eax)
	fnstcw %gs:(%eax)
	fldcw %gs:(%eax)
	ldmxcsr %gs:(%eax)
	stmxcsr %gs:(%eax)
	prefetcht0 %gs:(%eax)
	prefetchw %gs:(%eax)
	clflush %gs:(%eax)
	rdrand %rax
	rdseed %rcx
	crc32q %rax, %rcx
	popcntq %rax, %rcx
	lzcntq %rax, %rcx
	tzcntq %rax, %rcx
	bsfq %rax, %rcx
	bswapq %rax
	movbeq %gs:(%eax), %rax
	adcxq %rax, %rcx
	aesenc %xmm1, %xmm0
	pclmulqdq $0, %xmm1, %xmm0
	sha1rnds4 $0, %xmm1, %xmm0
	andnq %rax, %rcx, %rdx
	shlxq %rax, %rcx, %rdx
	btq $5, %gs:(%eax)
	btq %rax, %rcx
	btsq $63, %rcx
	sete %gs:(%eax)
	cmovneq %gs:(%eax), %rcx
	imulq $100, %gs:(%eax), %rcx
	mulq %rcx
	divq %rcx
	idivl %gs:(%eax)
	cqto
	cltq
	movslq %ecx, %rax
	movw %ds, %ax                        # reading a segment register
	pushq %fs
	popq %rax
	cvtsi2sdq %rax, %xmm0
	cvttsd2si %xmm0, %rax
	movq %xmm0, %rax
	pxor %xmm0, %xmm0
	ud2
	int3
	nop
	nopl %eax                            # 0f 1f /0, register form
	nopl %gs:8(%eax)                     # 0f 1f /0 under the memory rule
	.byte 0x66, 0x0f, 0x1f, 0x44, 0, 0	# nopw 0(%rax,%rax,1): an assembler padding form
	.byte 0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0	# data16 nopw %cs:0(%rax,%rax,1)
	prefetchnta %gs:(%eax)
	popcntw %ax, %cx                     # 66 with a mandatory F3: the operand size
	crc32w %ax, %ecx
	movl %fs, %eax                       # reading a segment register is fine
	.p2align 5
	.data
data:	.quad 0
