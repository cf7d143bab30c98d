	.text
	.file	"cgoto.c"
	.section	.rodata.cst16,"aM",@progbits,16
	.p2align	4                               # -- Begi	.text
	.file	"threads.c"
	.globl	main                            # -- Begin function main
	.p2align	4, 0x90
	.type	main,@function
main:               n function main
.LCPI0_0:
	.long7                               # 0x7
	.long	6                               # 0x6
	.long	3                               # 0x3
	.long	5                               # 0x5
	.text
	.globl	main
	.p2align	4, 0x90
	.type	main,@function
main:                                   # @main
# %bb.0:
	pushq	%rbp
	pushq	%r14
	pushq	%rbx
	subq	$96, %rsp
	movl	%edi, %ebp
	leaq	main.prog(%rip), %rdi
	callq	run
	movq	%rax, %r14
	movl	.L__const.main.fact+48(%rip), %eax
	movl	%eax, 80(%rsp)
	movaps	.L__const.main.fact+32(%rip), %xmm0
	movaps	%xmm0, 64(%rsp)
	movaps	.L__const.main.fact+16(%rip), %xmm0
	movaps	%xmm0, 48(%rsp)
	movaps	.L__const.main.fact(%rip), %xmm0
	movaps	%xmm0	$-1, %ebx
	movq	-16(%rsp,%rax,8), %rcx
	imulq	-8(%rsp,%rax,8), %rcx
	movq	%r                    # @main
# %bb.0:
	pushq	%rbp
	pucx, -16(%rsp,%rax,8shq	%r15
	pushq	%r14
	pushq	%r13
	pushq	%r12
	pushq	%rbx
	subq	$2344,)
	movslq	%ebp, %rax
	addl	$1, % %rsp    e       