	.text
	.file	"threads.c"
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
	subq	$2344, %rsp                     # imm = 0x928
	cmpl	$1, %edi
	jle	.LBB0_1
# %bb.2:
	movq	8(%rsi), %rax
	movb	(%rax), %cl
	testb	%cl, %cl
	je	.LBB0_36
# %bb.3:
	addq	$1, %rax
	xorl	%r14d, %r14d
	.p2align	4, 0x90
.LBB0_4:                                # =>This Inner Loop Header: Depth=1
	leal	(%r14,%r14,4), %edx
	movsbl	%cl, %ecx
	leal	(%rcx,%rdx,2), %r14d
	addl	$-48, %r14d
	movzbl	(%rax), %ecx
	addq	$1, %rax
	testb	%cl, %cl
	jne	.LBB0_4
# %bb.5:
	movl	$256, %r12d                     # imm = 0x100
	cmpl	$255, %r14d
	jg	.LBB0_7
# %bb.6:
	movl	%r14d, %r12d
	testl	%r14d, %r14d
	jg	.LBB0_7
	jmp	.LBB0_37
.LBB0_1:
	movl	$64, %r12d
.LBB0_7:
	movl	%r12d, %r13d
	leaq	ctid(%rip), %r14
	xorl	%ebp, %ebp
	leaq	worker(%rip), %r15
	.p2align	4, 0x90
.LBB0_8:                                # =>This Inner Loop Header: Depth=1
	movl	$65536, %esi                    # imm = 0x10000
	xorl	%edi, %edi
	movl	$3, %edx
	xorl	%ecx, %ecx
	callq	iv_mmap@PLT
	cmpq	$-4095, %rax                    # imm = 0xF001
	jae	.LBB0_9
# %bb.20:                               #   in Loop: Header=BB0_8 Depth=1
	movl	$-1, (%r14)
	addq	$65536, %rax                    # imm = 0x10000
	movq	%r15, %rdi
	xorl	%esi, %esi
	movq	%rax, %rdx
	xorl	%ecx, %ecx
	movq	%r14, %r8
	callq	iv_thread_create@PLT
	movq	%rax, 288(%rsp,%rbp,8)
	testq	%rax, %rax
	js	.LBB0_21
# %bb.12:                               #   in Loop: Header=BB0_8 Depth=1
	addq	$1, %rbp
	addq	$4, %r14
	cmpq	%rbp, %r13
	jne	.LBB0_8
# %bb.13:
	xorl	%ebp, %ebp
	leaq	ctid(%rip), %r14
	jmp	.LBB0_14
	.p2align	4, 0x90
.LBB0_26:                               #   in Loop: Header=BB0_14 Depth=1
	movl	288(%rsp,%rbp,8), %edi
	callq	iv_thread_join@PLT
	testq	%rax, %rax
	jne	.LBB0_27
.LBB0_18:                               #   in Loop: Header=BB0_14 Depth=1
	addq	$1, %rbp
	cmpq	%r13, %rbp
	je	.LBB0_19
.LBB0_14:                               # =>This Loop Header: Depth=1
                                        #     Child Loop BB0_17 Depth 2
	testb	$1, %bpl
	jne	.LBB0_26
# %bb.15:                               #   in Loop: Header=BB0_14 Depth=1
	movl	(%r14,%rbp,4), %esi
	testl	%esi, %esi
	je	.LBB0_18
# %bb.16:                               #   in Loop: Header=BB0_14 Depth=1
	leaq	(%r14,%rbp,4), %rbx
	.p2align	4, 0x90
.LBB0_17:                               #   Parent Loop BB0_14 Depth=1
                                        # =>  This Inner Loop Header: Depth=2
	movq	%rbx, %rdi
	movq	$-1, %rdx
	xorl	%ecx, %ecx
	callq	iv_futex_wait@PLT
	movl	(%rbx), %esi
	testl	%esi, %esi
	jne	.LBB0_17
	jmp	.LBB0_18
.LBB0_9:
	leaq	.L.str(%rip), %rsi
	jmp	.LBB0_10
.LBB0_21:
	movq	%rax, %rbx
	movabsq	$-4294967296, %r14              # imm = 0xFFFFFFFF00000000
	movabsq	$94489280512, %rbp              # imm = 0x1600000000
	leaq	.L.str.1(%rip), %rsi
	movl	$22, %edx
	movl	$1, %edi
	callq	iv_write@PLT
	negq	%rbx
	movb	$0, 55(%rsp)
	leaq	54(%rsp), %rcx
	movabsq	$-3689348814741910323, %rsi     # imm = 0xCCCCCCCCCCCCCCCD
	.p2align	4, 0x90
.LBB0_22:                               # =>This Inner Loop Header: Depth=1
	addq	%r14, %rbp
	movq	%rbx, %rax
	mulq	%rsi
	shrq	$3, %rdx
	leal	(%rdx,%rdx), %eax
	leal	(%rax,%rax,4), %eax
	movl	%ebx, %edi
	subl	%eax, %edi
	orb	$48, %dil
	movb	%dil, (%rcx)
	addq	$-1, %rcx
	cmpq	$9, %rbx
	movq	%rdx, %rbx
	ja	.LBB0_22
# %bb.23:
	sarq	$32, %rbp
	leaq	(%rsp,%rbp), %rsi
	addq	$32, %rsi
	movb	$45, 32(%rsp,%rbp)
	xorl	%edx, %edx
	.p2align	4, 0x90
.LBB0_24:                               # =>This Inner Loop Header: Depth=1
	cmpb	$0, 1(%rsi,%rdx)
	leaq	1(%rdx), %rdx
	jne	.LBB0_24
# %bb.25:
	movl	$1, %ebx
	movl	$1, %edi
	callq	iv_write@PLT
	leaq	.L.str.2(%rip), %rsi
	movl	$1, %edx
	jmp	.LBB0_11
.LBB0_36:
	xorl	%r14d, %r14d
	jmp	.LBB0_37
.LBB0_19:
	movl	%r12d, %r14d
.LBB0_37:
	movabsq	$-4294967296, %r9               # imm = 0xFFFFFFFF00000000
	movabsq	$94489280512, %rdi              # imm = 0x1600000000
	movq	counter(%rip), %r8
	movq	%r8, %rcx
	negq	%rcx
	cmovsq	%r8, %rcx
	movb	$0, 23(%rsp)
	leaq	22(%rsp), %rbp
	movabsq	$98784247808, %rsi              # imm = 0x1700000000
	movabsq	$-3689348814741910323, %r10     # imm = 0xCCCCCCCCCCCCCCCD
	.p2align	4, 0x90
.LBB0_38:                               # =>This Inner Loop Header: Depth=1
	movq	%rcx, %rax
	mulq	%r10
	shrq	$3, %rdx
	leal	(%rdx,%rdx), %eax
	leal	(%rax,%rax,4), %eax
	movl	%ecx, %ebx
	subl	%eax, %ebx
	orb	$48, %bl
	movb	%bl, (%rbp)
	addq	%r9, %rdi
	addq	%r9, %rsi
	addq	$-1, %rbp
	cmpq	$9, %rcx
	movq	%rdx, %rcx
	ja	.LBB0_38
# %bb.39:
	testq	%r8, %r8
	js	.LBB0_28
# %bb.40:
	sarq	$32, %rsi
	movb	(%rsp,%rsi), %al
	jmp	.LBB0_29
.LBB0_28:
	sarq	$32, %rdi
	movb	$45, (%rsp,%rdi)
	movb	$45, %al
	movq	%rdi, %rsi
.LBB0_29:
	movabsq	$2338042707302510435, %rcx      # imm = 0x207265746E756F63
	movq	%rcx, 32(%rsp)
	testb	%al, %al
	je	.LBB0_30
# %bb.31:
	leaq	(%rsp,%rsi), %rcx
	movl	$8, %esi
	.p2align	4, 0x90
.LBB0_32:                               # =>This Inner Loop Header: Depth=1
	leaq	1(%rsi), %rdx
	movb	%al, 32(%rsp,%rsi)
	movzbl	-7(%rcx,%rsi), %eax
	testb	%al, %al
	je	.LBB0_34
# %bb.33:                               #   in Loop: Header=BB0_32 Depth=1
	cmpq	$254, %rsi
	movq	%rdx, %rsi
	jb	.LBB0_32
	jmp	.LBB0_34
.LBB0_30:
	movl	$8, %edx
.LBB0_34:
	movb	$10, 32(%rsp,%rdx)
	addq	$1, %rdx
	leaq	32(%rsp), %rsi
	movl	$1, %edi
	callq	iv_write@PLT
	movslq	%r14d, %rax
	imulq	$1000, %rax, %rax               # imm = 0x3E8
	xorl	%ebx, %ebx
	cmpq	%rax, counter(%rip)
	setne	%bl
	jmp	.LBB0_35
.LBB0_27:
	leaq	.L.str.3(%rip), %rsi
.LBB0_10:
	movl	$1, %ebx
	movl	$12, %edx
.LBB0_11:
	movl	$1, %edi
	callq	iv_write@PLT
.LBB0_35:
	movl	%ebx, %eax
	addq	$2344, %rsp                     # imm = 0x928
	popq	%rbx
	popq	%r12
	popq	%r13
	popq	%r14
	popq	%r15
	popq	%rbp
	retq
.Lfunc_end0:
	.size	main, .Lfunc_end0-main
                                        # -- End function
	.p2align	4, 0x90                         # -- Begin function worker
	.type	worker,@function
worker:                                 # @worker
# %bb.0:
	pushq	%rbp
	pushq	%r15
	pushq	%r14
	pushq	%rbx
	pushq	%rax
	xorl	%ebx, %ebx
	movl	$1, %r15d
	leaq	lock_word(%rip), %r14
	jmp	.LBB1_1
	.p2align	4, 0x90
.LBB1_9:                                #   in Loop: Header=BB1_1 Depth=1
	addl	$1, %ebx
	cmpl	$1000, %ebx                     # imm = 0x3E8
	je	.LBB1_10
.LBB1_1:                                # =>This Inner Loop Header: Depth=1
	xorl	%eax, %eax
	lock		cmpxchgl	%r15d, lock_word(%rip)
	je	.LBB1_5
# %bb.2:                                #   in Loop: Header=BB1_1 Depth=1
	cmpl	$2, %eax
	jne	.LBB1_4
	.p2align	4, 0x90
.LBB1_3:                                #   in Loop: Header=BB1_1 Depth=1
	movq	%r14, %rdi
	movl	$2, %esi
	movq	$-1, %rdx
	xorl	%ecx, %ecx
	callq	iv_futex_wait@PLT
.LBB1_4:                                #   in Loop: Header=BB1_1 Depth=1
	movl	$2, %eax
	xchgl	%eax, lock_word(%rip)
	testl	%eax, %eax
	jne	.LBB1_3
.LBB1_5:                                #   in Loop: Header=BB1_1 Depth=1
	movq	counter(%rip), %rbp
	testb	$63, %bl
	jne	.LBB1_7
# %bb.6:                                #   in Loop: Header=BB1_1 Depth=1
	xorl	%edi, %edi
	callq	iv_nanosleep@PLT
.LBB1_7:                                #   in Loop: Header=BB1_1 Depth=1
	addq	$1, %rbp
	movq	%rbp, counter(%rip)
	xorl	%eax, %eax
	xchgl	%eax, lock_word(%rip)
	cmpl	$2, %eax
	jne	.LBB1_9
# %bb.8:                                #   in Loop: Header=BB1_1 Depth=1
	movq	%r14, %rdi
	movl	$1, %esi
	xorl	%edx, %edx
	callq	iv_futex_wake@PLT
	jmp	.LBB1_9
.LBB1_10:
	callq	iv_thread_exit@PLT
.Lfunc_end1:
	.size	worker, .Lfunc_end1-worker
                                        # -- End function
	.type	.L.str,@object                  # @.str
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str:
	.asciz	"mmap failed\n"
	.size	.L.str, 13

	.type	ctid,@object                    # @ctid
	.local	ctid
	.comm	ctid,1024,16
	.type	.L.str.1,@object                # @.str.1
.L.str.1:
	.asciz	"thread_create failed: "
	.size	.L.str.1, 23

	.type	.L.str.2,@object                # @.str.2
.L.str.2:
	.asciz	"\n"
	.size	.L.str.2, 2

	.type	.L.str.3,@object                # @.str.3
.L.str.3:
	.asciz	"join failed\n"
	.size	.L.str.3, 13

	.type	counter,@object                 # @counter
	.local	counter
	.comm	counter,8,8
	.type	lock_word,@object               # @lock_word
	.local	lock_word
	.comm	lock_word,4,4
	.ident	"Debian clang version 14.0.6"
	.section	".note.GNU-stack","",@progbits
	.addrsig
	.addrsig_sym worker
	.addrsig_sym ctid
	.addrsig_sym lock_word
