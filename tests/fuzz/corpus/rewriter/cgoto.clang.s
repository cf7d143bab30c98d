	.text
	.file	"cgoto.c"
	.section	.rodata.cst16,"aM",@progbits,16
	.p2align	4                               # -- Begin function main
.LCPI0_0:
	.long	7                               # 0x7
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
	movaps	%xmm0, 32(%rsp)
	leaq	32(%rsp), %rdi
	callq	run
	movq	%rax, %rbx
	movl	$0, (%rsp)
	addl	$5, %ebp
	movl	%ebp, 4(%rsp)
	movaps	.LCPI0_0(%rip), %xmm0           # xmm0 = [7,6,3,5]
	movups	%xmm0, 8(%rsp)
	movabsq	$34359738370, %rax              # imm = 0x800000002
	movq	%rax, 24(%rsp)
	movq	%rsp, %rdi
	callq	run
	movq	%rax, %rbp
	leaq	.L.str(%rip), %rdi
	callq	out_str@PLT
	addq	%r14, %rbx
	addq	%rbp, %rbx
	movq	%rbx, %rdi
	callq	out_num@PLT
	leaq	.L.str.1(%rip), %rdi
	callq	out_str@PLT
	xorl	%eax, %eax
	addq	$96, %rsp
	popq	%rbx
	popq	%r14
	popq	%rbp
	retq
.Lfunc_end0:
	.size	main, .Lfunc_end0-main
                                        # -- End function
	.p2align	4, 0x90                         # -- Begin function run
	.type	run,@function
run:                                    # @run
# %bb.0:
	pushq	%rbp
	pushq	%r15
	pushq	%r14
	pushq	%rbx
	subq	$520, %rsp                      # imm = 0x208
	movq	%rdi, %r14
	xorl	%ebx, %ebx
	movl	$1, %ebp
	movslq	(%rdi), %rax
	leaq	run.dispatch(%rip), %r15
	jmpq	*(%r15,%rax,8)
	.p2align	4, 0x90
.Ltmp0:                                 # Block address taken
.LBB1_1:                                # =>This Inner Loop Header: Depth=1
	movslq	%ebp, %rax
	addl	$1, %ebp
	movslq	(%r14,%rax,4), %rcx
	movslq	%ebx, %rdx
	addl	$1, %ebx
	movq	%rcx, (%rsp,%rdx,8)
	addl	$2, %eax
	movslq	%ebp, %rcx
	leaq	(%r14,%rcx,4), %rcx
	movslq	(%rcx), %rcx
	movl	%eax, %ebp
	jmpq	*(%r15,%rcx,8)
	.p2align	4, 0x90
.Ltmp1:                                 # Block address taken
.LBB1_2:                                # =>This Inner Loop Header: Depth=1
	movslq	%ebx, %rax
	addl	$-1, %ebx
	movq	-8(%rsp,%rax,8), %rcx
	addq	%rcx, -16(%rsp,%rax,8)
	movslq	%ebp, %rax
	addl	$1, %ebp
	leaq	(%r14,%rax,4), %rax
	movslq	(%rax), %rax
	jmpq	*(%r15,%rax,8)
	.p2align	4, 0x90
.Ltmp2:                                 # Block address taken
.LBB1_3:                                # =>This Inner Loop Header: Depth=1
	movslq	%ebx, %rax
	addl	$-1, %ebx
	movq	-16(%rsp,%rax,8), %rcx
	imulq	-8(%rsp,%rax,8), %rcx
	movq	%rcx, -16(%rsp,%rax,8)
	movslq	%ebp, %rax
	addl	$1, %ebp
	leaq	(%r14,%rax,4), %rax
	movslq	(%rax), %rax
	jmpq	*(%r15,%rax,8)
	.p2align	4, 0x90
.Ltmp3:                                 # Block address taken
.LBB1_4:                                # =>This Inner Loop Header: Depth=1
	movslq	%ebx, %rbx
	movq	-8(%rsp,%rbx,8), %rax
	movq	%rax, (%rsp,%rbx,8)
	addl	$1, %ebx
	movslq	%ebp, %rax
	addl	$1, %ebp
	leaq	(%r14,%rax,4), %rax
	movslq	(%rax), %rax
	jmpq	*(%r15,%rax,8)
	.p2align	4, 0x90
.Ltmp4:                                 # Block address taken
.LBB1_5:                                # =>This Inner Loop Header: Depth=1
	movslq	%ebx, %rbx
	movq	-16(%rsp,%rbx,8), %rax
	movq	-8(%rsp,%rbx,8), %rcx
	movq	%rax, -8(%rsp,%rbx,8)
	movq	%rcx, -16(%rsp,%rbx,8)
	movslq	%ebp, %rax
	addl	$1, %ebp
	leaq	(%r14,%rax,4), %rax
	movslq	(%rax), %rax
	jmpq	*(%r15,%rax,8)
	.p2align	4, 0x90
.Ltmp5:                                 # Block address taken
.LBB1_6:                                # =>This Inner Loop Header: Depth=1
	movslq	%ebx, %rax
	addl	$-1, %ebx
	cmpq	$0, -8(%rsp,%rax,8)
	je	.LBB1_8
# %bb.7:                                #   in Loop: Header=BB1_6 Depth=1
	movslq	%ebp, %rax
	movl	(%r14,%rax,4), %ebp
	movslq	%ebp, %rax
	addl	$1, %ebp
	leaq	(%r14,%rax,4), %rax
	movslq	(%rax), %rax
	jmpq	*(%r15,%rax,8)
	.p2align	4, 0x90
.LBB1_8:                                #   in Loop: Header=BB1_6 Depth=1
	addl	$1, %ebp
	movslq	%ebp, %rax
	addl	$1, %ebp
	leaq	(%r14,%rax,4), %rax
	movslq	(%rax), %rax
	jmpq	*(%r15,%rax,8)
	.p2align	4, 0x90
.Ltmp6:                                 # Block address taken
.LBB1_9:                                # =>This Inner Loop Header: Depth=1
	movslq	%ebx, %rbx
	addq	$-1, -8(%rsp,%rbx,8)
	movslq	%ebp, %rax
	addl	$1, %ebp
	leaq	(%r14,%rax,4), %rax
	movslq	(%rax), %rax
	jmpq	*(%r15,%rax,8)
	.p2align	4, 0x90
.Ltmp7:                                 # Block address taken
.LBB1_10:                               # =>This Inner Loop Header: Depth=1
	movslq	%ebx, %rbx
	movq	-8(%rsp,%rbx,8), %rdi
	callq	out_num@PLT
	leaq	.L.str.1(%rip), %rdi
	callq	out_str@PLT
	movslq	%ebp, %rax
	addl	$1, %ebp
	leaq	(%r14,%rax,4), %rax
	movslq	(%rax), %rax
	jmpq	*(%r15,%rax,8)
.Ltmp8:                                 # Block address taken
.LBB1_11:
	movslq	%ebx, %rax
	movq	-8(%rsp,%rax,8), %rax
	addq	$520, %rsp                      # imm = 0x208
	popq	%rbx
	popq	%r14
	popq	%r15
	popq	%rbp
	retq
.Lfunc_end1:
	.size	run, .Lfunc_end1-run
                                        # -- End function
	.type	main.prog,@object               # @main.prog
	.section	.rodata,"a",@progbits
	.p2align	4
main.prog:
	.long	0                               # 0x0
	.long	1                               # 0x1
	.long	0                               # 0x0
	.long	10                              # 0xa
	.long	4                               # 0x4
	.long	0                               # 0x0
	.long	0                               # 0x0
	.long	1                               # 0x1
	.long	4                               # 0x4
	.long	0                               # 0x0
	.long	0                               # 0x0
	.long	1                               # 0x1
	.long	3                               # 0x3
	.long	7                               # 0x7
	.long	4                               # 0x4
	.long	3                               # 0x3
	.long	8                               # 0x8
	.size	main.prog, 68

	.type	.L__const.main.fact,@object     # @__const.main.fact
	.p2align	4
.L__const.main.fact:
	.long	0                               # 0x0
	.long	1                               # 0x1
	.long	0                               # 0x0
	.long	3                               # 0x3
	.long	2                               # 0x2
	.long	0                               # 0x0
	.long	7                               # 0x7
	.long	2                               # 0x2
	.long	7                               # 0x7
	.long	3                               # 0x3
	.long	1                               # 0x1
	.long	7                               # 0x7
	.long	8                               # 0x8
	.size	.L__const.main.fact, 52

	.type	.L.str,@object                  # @.str
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str:
	.asciz	"cgoto "
	.size	.L.str, 7

	.type	.L.str.1,@object                # @.str.1
.L.str.1:
	.asciz	"\n"
	.size	.L.str.1, 2

	.type	run.dispatch,@object            # @run.dispatch
	.section	.data.rel.ro,"aw",@progbits
	.p2align	4
run.dispatch:
	.quad	.Ltmp0
	.quad	.Ltmp1
	.quad	.Ltmp2
	.quad	.Ltmp3
	.quad	.Ltmp4
	.quad	.Ltmp5
	.quad	.Ltmp6
	.quad	.Ltmp7
	.quad	.Ltmp8
	.size	run.dispatch, 72

	.ident	"Debian clang version 14.0.6"
	.section	".note.GNU-stack","",@progbits
	.addrsig
	.addrsig_sym run
	.addrsig_sym main.prog
