	.text
	.file	"canary.c"
	.section	.rodata.cst16,"aM",@progbits,16
	.p2align	4                               # -- Begin function main
.LCPI0_0:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
.LCPI0_1:
	.quad	2                               # 0x2
	.quad	2                               # 0x2
.LCPI0_2:
	.quad	21845                           # 0x5555
	.quad	21845                           # 0x5555
.LCPI0_3:
	.quad	4                               # 0x4
	.quad	4                               # 0x4
.LCPI0_4:
	.quad	6                               # 0x6
	.quad	6                               # 0x6
.LCPI0_5:
	.quad	8                               # 0x8
	.quad	8                               # 0x8
	.text
	.globl	main
	.p2align	4, 0x90
	.type	main,@function
main:                                   # @main
# %bb.0:
	pushq	%rbp
	pushq	%r15
	pushq	%r14
	pushq	%r13
	pushq	%r12
	pushq	%rbx
	subq	$2056, %rsp                     # imm = 0x808
	movl	$300, %r15d                     # imm = 0x12C
	cmpl	$2, %edi
	jl	.LBB0_5
# %bb.1:
	movq	8(%rsi), %rax
	movb	(%rax), %cl
	testb	%cl, %cl
	je	.LBB0_2
# %bb.3:
	addq	$1, %rax
	xorl	%r15d, %r15d
	.p2align	4, 0x90
.LBB0_4:                                # =>This Inner Loop Header: Depth=1
	leaq	(%r15,%r15,4), %rdx
	movsbq	%cl, %rcx
	leaq	(%rcx,%rdx,2), %r15
	addq	$-48, %r15
	movzbl	(%rax), %ecx
	addq	$1, %rax
	testb	%cl, %cl
	jne	.LBB0_4
	jmp	.LBB0_5
.LBB0_2:
	xorl	%r15d, %r15d
.LBB0_5:
	movl	$262144, %esi                   # imm = 0x40000
	xorl	%edi, %edi
	movl	$3, %edx
	xorl	%ecx, %ecx
	callq	iv_mmap@PLT
	movq	%rax, %rbx
	movl	$1, %eax
	cmpq	$-4096, %rbx                    # imm = 0xF000
	jbe	.LBB0_6
.LBB0_34:
	addq	$2056, %rsp                     # imm = 0x808
	popq	%rbx
	popq	%r12
	popq	%r13
	popq	%r14
	popq	%r15
	popq	%rbp
	retq
.LBB0_6:
	movabsq	$-7046029254386353131, %r12     # imm = 0x9E3779B97F4A7C15
	movabsq	$8709371129873690708, %rdi      # imm = 0x78DDE6E5FD29F054
	movabsq	$4354685564936845354, %rbp      # imm = 0x3C6EF372FE94F82A
	xorl	%eax, %eax
	movabsq	$-2691343689449507777, %rcx     # imm = 0xDAA66D2C7DDF743F
	xorl	%edx, %edx
	.p2align	4, 0x90
.LBB0_7:                                # =>This Inner Loop Header: Depth=1
	movq	%rax, (%rbx,%rdx,8)
	leaq	(%rax,%r12), %rsi
	movq	%rsi, 8(%rbx,%rdx,8)
	leaq	(%rax,%rbp), %rsi
	movq	%rsi, 16(%rbx,%rdx,8)
	leaq	(%rax,%rcx), %rsi
	movq	%rsi, 24(%rbx,%rdx,8)
	addq	$4, %rdx
	addq	%rdi, %rax
	cmpq	$32768, %rdx                    # imm = 0x8000
	jne	.LBB0_7
# %bb.8:
	leaq	24(%rsp), %rax
	movq	$-4, %rcx
	.p2align	4, 0x90
.LBB0_9:                                # =>This Inner Loop Header: Depth=1
	leaq	3(%rcx), %rdx
	movq	%rdx, -24(%rax)
	leaq	2(%rcx), %rdx
	movq	%rdx, -16(%rax)
	leaq	1(%rcx), %rdx
	movq	%rdx, -8(%rax)
	movq	%rcx, (%rax)
	addq	$32, %rax
	addq	$-4, %rcx
	cmpq	$-260, %rcx                     # imm = 0xFEFC
	jne	.LBB0_9
# %bb.10:
	movdqa	.LCPI0_0(%rip), %xmm0           # xmm0 = [0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0]
	xorl	%eax, %eax
	movdqa	.LCPI0_1(%rip), %xmm1           # xmm1 = [2,2]
	movdqa	.LCPI0_2(%rip), %xmm2           # xmm2 = [21845,21845]
	leaq	data_canary(%rip), %r14
	movdqa	.LCPI0_3(%rip), %xmm3           # xmm3 = [4,4]
	movdqa	.LCPI0_4(%rip), %xmm4           # xmm4 = [6,6]
	movdqa	.LCPI0_5(%rip), %xmm5           # xmm5 = [8,8]
	.p2align	4, 0x90
.LBB0_11:                               # =>This Inner Loop Header: Depth=1
	movdqa	%xmm0, %xmm6
	paddq	%xmm1, %xmm6
	movdqa	%xmm0, %xmm7
	pxor	%xmm2, %xmm7
	pxor	%xmm2, %xmm6
	movdqa	%xmm7, (%r14,%rax,8)
	movdqa	%xmm6, 16(%r14,%rax,8)
	movdqa	%xmm0, %xmm6
	paddq	%xmm3, %xmm6
	movdqa	%xmm0, %xmm7
	paddq	%xmm4, %xmm7
	pxor	%xmm2, %xmm6
	pxor	%xmm2, %xmm7
	movdqa	%xmm6, 32(%r14,%rax,8)
	movdqa	%xmm7, 48(%r14,%rax,8)
	addq	$8, %rax
	paddq	%xmm5, %xmm0
	cmpq	$512, %rax                      # imm = 0x200
	jne	.LBB0_11
# %bb.12:
	testq	%r15, %r15
	jle	.LBB0_15
# %bb.13:
	xorl	%r13d, %r13d
	.p2align	4, 0x90
.LBB0_14:                               # =>This Inner Loop Header: Depth=1
	movl	$10000000, %edi                 # imm = 0x989680
	callq	iv_nanosleep@PLT
	addq	$10, %r13
	cmpq	%r15, %r13
	jl	.LBB0_14
.LBB0_15:
	xorl	%ecx, %ecx
	movabsq	$7046029254386353131, %r8       # imm = 0x61C8864680B583EB
	xorl	%esi, %esi
	movabsq	$8709371129873690708, %rdx      # imm = 0x78DDE6E5FD29F054
	movl	$3, %eax
	.p2align	4, 0x90
.LBB0_16:                               # =>This Inner Loop Header: Depth=1
	cmpq	(%rbx,%rsi,8), %rcx
	jne	.LBB0_34
# %bb.17:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	(%rcx,%r12), %rdi
	cmpq	8(%rbx,%rsi,8), %rdi
	jne	.LBB0_34
# %bb.18:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	(%rcx,%rbp), %rdi
	cmpq	16(%rbx,%rsi,8), %rdi
	jne	.LBB0_34
# %bb.19:                               #   in Loop: Header=BB0_16 Depth=1
	addq	%rdx, %rcx
	leaq	(%rcx,%r8), %rdi
	cmpq	24(%rbx,%rsi,8), %rdi
	jne	.LBB0_34
# %bb.20:                               #   in Loop: Header=BB0_16 Depth=1
	addq	$4, %rsi
	cmpq	$32768, %rsi                    # imm = 0x8000
	jne	.LBB0_16
# %bb.21:
	leaq	24(%rsp), %rcx
	movq	$-4, %rdx
	movl	$4, %eax
	.p2align	4, 0x90
.LBB0_22:                               # =>This Inner Loop Header: Depth=1
	leaq	3(%rdx), %rsi
	cmpq	-24(%rcx), %rsi
	jne	.LBB0_34
# %bb.23:                               #   in Loop: Header=BB0_22 Depth=1
	leaq	2(%rdx), %rsi
	cmpq	-16(%rcx), %rsi
	jne	.LBB0_34
# %bb.24:                               #   in Loop: Header=BB0_22 Depth=1
	leaq	1(%rdx), %rsi
	cmpq	-8(%rcx), %rsi
	jne	.LBB0_34
# %bb.25:                               #   in Loop: Header=BB0_22 Depth=1
	cmpq	(%rcx), %rdx
	jne	.LBB0_34
# %bb.26:                               #   in Loop: Header=BB0_22 Depth=1
	addq	$32, %rcx
	addq	$-4, %rdx
	cmpq	$-260, %rdx                     # imm = 0xFEFC
	jne	.LBB0_22
# %bb.27:
	xorl	%ecx, %ecx
	movl	$5, %eax
.LBB0_32:                               # =>This Inner Loop Header: Depth=1
	movq	%rcx, %rdx
	xorq	$21845, %rdx                    # imm = 0x5555
	cmpq	%rdx, (%r14,%rcx,8)
	jne	.LBB0_34
# %bb.28:                               #   in Loop: Header=BB0_32 Depth=1
	movq	%rcx, %rdx
	xorq	$21844, %rdx                    # imm = 0x5554
	cmpq	%rdx, 8(%r14,%rcx,8)
	jne	.LBB0_34
# %bb.29:                               #   in Loop: Header=BB0_32 Depth=1
	movq	%rcx, %rdx
	xorq	$21847, %rdx                    # imm = 0x5557
	cmpq	%rdx, 16(%r14,%rcx,8)
	jne	.LBB0_34
# %bb.30:                               #   in Loop: Header=BB0_32 Depth=1
	movq	%rcx, %rdx
	xorq	$21846, %rdx                    # imm = 0x5556
	cmpq	%rdx, 24(%r14,%rcx,8)
	jne	.LBB0_34
# %bb.31:                               #   in Loop: Header=BB0_32 Depth=1
	addq	$4, %rcx
	cmpq	$512, %rcx                      # imm = 0x200
	jne	.LBB0_32
# %bb.33:
	leaq	.L.str(%rip), %rsi
	movl	$10, %edx
	movl	$1, %edi
	callq	iv_write@PLT
	xorl	%eax, %eax
	jmp	.LBB0_34
.Lfunc_end0:
	.size	main, .Lfunc_end0-main
                                        # -- End function
	.type	.L.str,@object                  # @.str
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str:
	.asciz	"canary ok\n"
	.size	.L.str, 11

	.type	data_canary,@object             # @data_canary
	.data
	.p2align	4
data_canary:
	.quad	1                               # 0x1
	.zero	4088
	.size	data_canary, 4096

	.ident	"Debian clang version 14.0.6"
	.section	".note.GNU-stack","",@progbits
	.addrsig
