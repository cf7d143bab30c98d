	.text
	.file	"dispatch.c"
	.globl	main                            # -- Begin function main
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
	pushq	%rax
	movslq	%edi, %rbx
	leaq	ops(%rip), %rbp
	movl	$1, %r14d
	xorl	%r15d, %r15d
	movabsq	$-3689348814741910323, %r12     # imm = 0xCCCCCCCCCCCCCCCD
	.p2align	4, 0x90
.LBB0_1:                                # =>This Inner Loop Header: Depth=1
	movq	%r15, %rax
	mulq	%r12
	addq	%rdx, %rdx
	andq	$-8, %rdx
	leaq	(%rdx,%rdx,4), %rax
	negq	%rax
	movq	(%rbp,%rax), %rdi
	addq	$1, %r15
	movq	%rbx, %rsi
	movq	%r14, %rdx
	callq	apply
	movq	%rax, %rbx
	andl	$16777215, %ebx                 # imm = 0xFFFFFF
	addq	$8, %rbp
	addq	$1, %r14
	cmpq	$201, %r14
	jne	.LBB0_1
# %bb.2:
	leaq	.L.str(%rip), %rdi
	callq	out_str@PLT
	movq	%rbx, %rdi
	callq	out_num@PLT
	leaq	.L.str.1(%rip), %rdi
	callq	out_str@PLT
	xorl	%eax, %eax
	leaq	.LJTI0_0(%rip), %rcx
	xorl	%edx, %edx
	xorl	%ebx, %ebx
	jmp	.LBB0_3
.LBB0_13:                               #   in Loop: Header=BB0_3 Depth=1
	xorl	%esi, %esi
	.p2align	4, 0x90
.LBB0_14:                               #   in Loop: Header=BB0_3 Depth=1
	movslq	%esi, %rsi
	addq	%rsi, %rbx
	addl	$1, %edx
	addl	$4, %eax
	cmpl	$1000, %edx                     # imm = 0x3E8
	je	.LBB0_15
.LBB0_3:                                # =>This Inner Loop Header: Depth=1
	movl	%edx, %edi
	andl	$15, %edi
	cmpl	$12, %edi
	ja	.LBB0_13
# %bb.4:                                #   in Loop: Header=BB0_3 Depth=1
	movl	$1, %esi
	movslq	(%rcx,%rdi,4), %rdi
	addq	%rcx, %rdi
	jmpq	*%rdi
.LBB0_8:                                #   in Loop: Header=BB0_3 Depth=1
	movl	%edx, %esi
	xorl	$85, %esi
	jmp	.LBB0_14
.LBB0_5:                                #   in Loop: Header=BB0_3 Depth=1
	movl	$7, %esi
	jmp	.LBB0_14
.LBB0_6:                                #   in Loop: Header=BB0_3 Depth=1
	leal	(%rdx,%rdx,2), %esi
	jmp	.LBB0_14
.LBB0_7:                                #   in Loop: Header=BB0_3 Depth=1
	movl	%edx, %esi
	negl	%esi
	jmp	.LBB0_14
.LBB0_9:                                #   in Loop: Header=BB0_3 Depth=1
	movl	$99, %esi
	jmp	.LBB0_14
.LBB0_10:                               #   in Loop: Header=BB0_3 Depth=1
	movl	%eax, %esi
	jmp	.LBB0_14
.LBB0_11:                               #   in Loop: Header=BB0_3 Depth=1
	movl	%edx, %esi
	shrl	%esi
	jmp	.LBB0_14
.LBB0_12:                               #   in Loop: Header=BB0_3 Depth=1
	movl	$12, %esi
	jmp	.LBB0_14
.LBB0_15:
	leaq	.L.str.2(%rip), %rdi
	callq	out_str@PLT
	movq	%rbx, %rdi
	callq	out_num@PLT
	leaq	.L.str.1(%rip), %rdi
	callq	out_str@PLT
	xorl	%r14d, %r14d
	movl	$1, %eax
	movl	$10, %ebp
	leaq	.L.str.4(%rip), %r15
	leaq	.L.str.3(%rip), %r13
	leaq	.LJTI0_1(%rip), %r12
	jmp	.LBB0_16
.LBB0_26:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	.L.str.13(%rip), %rdi
	.p2align	4, 0x90
.LBB0_27:                               #   in Loop: Header=BB0_16 Depth=1
	callq	out_str@PLT
	cmpl	$1, %ebp
	movq	%r13, %rdi
	leaq	.L.str.1(%rip), %rax
	cmoveq	%rax, %rdi
	callq	out_str@PLT
	addl	%r14d, %ebx
	movl	%ebx, %eax
	addl	$-1, %ebp
	je	.LBB0_28
.LBB0_16:                               # =>This Inner Loop Header: Depth=1
	movl	%r14d, %ebx
	movl	%eax, %r14d
	cmpl	$34, %ebx
	ja	.LBB0_26
# %bb.17:                               #   in Loop: Header=BB0_16 Depth=1
	movl	%ebx, %eax
	movslq	(%r12,%rax,4), %rax
	addq	%r12, %rax
	movq	%r15, %rdi
	jmpq	*%rax
.LBB0_18:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	.L.str.5(%rip), %rdi
	jmp	.LBB0_27
.LBB0_19:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	.L.str.6(%rip), %rdi
	jmp	.LBB0_27
.LBB0_20:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	.L.str.7(%rip), %rdi
	jmp	.LBB0_27
.LBB0_21:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	.L.str.8(%rip), %rdi
	jmp	.LBB0_27
.LBB0_22:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	.L.str.9(%rip), %rdi
	jmp	.LBB0_27
.LBB0_23:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	.L.str.10(%rip), %rdi
	jmp	.LBB0_27
.LBB0_24:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	.L.str.11(%rip), %rdi
	jmp	.LBB0_27
.LBB0_25:                               #   in Loop: Header=BB0_16 Depth=1
	leaq	.L.str.12(%rip), %rdi
	jmp	.LBB0_27
.LBB0_28:
	xorl	%eax, %eax
	addq	$8, %rsp
	popq	%rbx
	popq	%r12
	popq	%r13
	popq	%r14
	popq	%r15
	popq	%rbp
	retq
.Lfunc_end0:
	.size	main, .Lfunc_end0-main
	.section	.rodata,"a",@progbits
	.p2align	2
.LJTI0_0:
	.long	.LBB0_14-.LJTI0_0
	.long	.LBB0_5-.LJTI0_0
	.long	.LBB0_6-.LJTI0_0
	.long	.LBB0_7-.LJTI0_0
	.long	.LBB0_14-.LJTI0_0
	.long	.LBB0_8-.LJTI0_0
	.long	.LBB0_8-.LJTI0_0
	.long	.LBB0_8-.LJTI0_0
	.long	.LBB0_14-.LJTI0_0
	.long	.LBB0_9-.LJTI0_0
	.long	.LBB0_10-.LJTI0_0
	.long	.LBB0_11-.LJTI0_0
	.long	.LBB0_12-.LJTI0_0
.LJTI0_1:
	.long	.LBB0_27-.LJTI0_1
	.long	.LBB0_18-.LJTI0_1
	.long	.LBB0_19-.LJTI0_1
	.long	.LBB0_20-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_21-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_22-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_23-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_24-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_26-.LJTI0_1
	.long	.LBB0_25-.LJTI0_1
                                        # -- End function
	.text
	.p2align	4, 0x90                         # -- Begin function apply
	.type	apply,@function
apply:                                  # @apply
# %bb.0:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	jmpq	*%rax                           # TAILCALL
.Lfunc_end1:
	.size	apply, .Lfunc_end1-apply
                                        # -- End function
	.p2align	4, 0x90                         # -- Begin function add
	.type	add,@function
add:                                    # @add
# %bb.0:
	leaq	(%rdi,%rsi), %rax
	retq
.Lfunc_end2:
	.size	add, .Lfunc_end2-add
                                        # -- End function
	.p2align	4, 0x90                         # -- Begin function sub
	.type	sub,@function
sub:                                    # @sub
# %bb.0:
	movq	%rdi, %rax
	subq	%rsi, %rax
	retq
.Lfunc_end3:
	.size	sub, .Lfunc_end3-sub
                                        # -- End function
	.p2align	4, 0x90                         # -- Begin function mul
	.type	mul,@function
mul:                                    # @mul
# %bb.0:
	movq	%rdi, %rax
	imulq	%rsi, %rax
	retq
.Lfunc_end4:
	.size	mul, .Lfunc_end4-mul
                                        # -- End function
	.p2align	4, 0x90                         # -- Begin function mod
	.type	mod,@function
mod:                                    # @mod
# %bb.0:
	testq	%rsi, %rsi
	je	.LBB5_1
# %bb.2:
	movq	%rdi, %rax
	orq	%rsi, %rax
	shrq	$32, %rax
	je	.LBB5_3
# %bb.4:
	movq	%rdi, %rax
	cqto
	idivq	%rsi
	movq	%rdx, %rax
	retq
.LBB5_1:
	xorl	%eax, %eax
	retq
.LBB5_3:
	movl	%edi, %eax
	xorl	%edx, %edx
	divl	%esi
	movl	%edx, %eax
	retq
.Lfunc_end5:
	.size	mod, .Lfunc_end5-mod
                                        # -- End function
	.p2align	4, 0x90                         # -- Begin function mx
	.type	mx,@function
mx:                                     # @mx
# %bb.0:
	movq	%rsi, %rax
	cmpq	%rsi, %rdi
	cmovgq	%rdi, %rax
	retq
.Lfunc_end6:
	.size	mx, .Lfunc_end6-mx
                                        # -- End function
	.type	ops,@object                     # @ops
	.section	.data.rel.ro,"aw",@progbits
	.p2align	4
ops:
	.quad	add
	.quad	sub
	.quad	mul
	.quad	mod
	.quad	mx
	.size	ops, 40

	.type	.L.str,@object                  # @.str
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str:
	.asciz	"ops "
	.size	.L.str, 5

	.type	.L.str.1,@object                # @.str.1
.L.str.1:
	.asciz	"\n"
	.size	.L.str.1, 2

	.type	.L.str.2,@object                # @.str.2
.L.str.2:
	.asciz	"classify "
	.size	.L.str.2, 10

	.type	.L.str.3,@object                # @.str.3
.L.str.3:
	.asciz	" "
	.size	.L.str.3, 2

	.type	.L.str.4,@object                # @.str.4
.L.str.4:
	.asciz	"zero"
	.size	.L.str.4, 5

	.type	.L.str.5,@object                # @.str.5
.L.str.5:
	.asciz	"one"
	.size	.L.str.5, 4

	.type	.L.str.6,@object                # @.str.6
.L.str.6:
	.asciz	"two"
	.size	.L.str.6, 4

	.type	.L.str.7,@object                # @.str.7
.L.str.7:
	.asciz	"three"
	.size	.L.str.7, 6

	.type	.L.str.8,@object                # @.str.8
.L.str.8:
	.asciz	"five"
	.size	.L.str.8, 5

	.type	.L.str.9,@object                # @.str.9
.L.str.9:
	.asciz	"eight"
	.size	.L.str.9, 6

	.type	.L.str.10,@object               # @.str.10
.L.str.10:
	.asciz	"thirteen"
	.size	.L.str.10, 9

	.type	.L.str.11,@object               # @.str.11
.L.str.11:
	.asciz	"twenty-one"
	.size	.L.str.11, 11

	.type	.L.str.12,@object               # @.str.12
.L.str.12:
	.asciz	"thirty-four"
	.size	.L.str.12, 12

	.type	.L.str.13,@object               # @.str.13
.L.str.13:
	.asciz	"other"
	.size	.L.str.13, 6

	.ident	"Debian clang version 14.0.6"
	.section	".note.GNU-stack","",@progbits
	.addrsig
	.addrsig_sym add
	.addrsig_sym sub
	.addrsig_sym mul
	.addrsig_sym mod
	.addrsig_sym mx
