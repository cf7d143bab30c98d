	.text
	.file	"job.c"
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
	.byte	128                             # 0x80
	.byte	240                             # 0xf0
	.byte	250                             # 0xfa
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
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
	subq	$264, %rsp                      # imm = 0x108
	movq	%rsi, %r14
	movl	%edi, %ebx
	cmpl	$2, %edi
	jl	.LBB0_1
# %bb.2:
	movq	8(%r14), %r15
	jmp	.LBB0_3
.LBB0_1:
	leaq	.L.str(%rip), %r15
.LBB0_3:
	leaq	.L.str(%rip), %rsi
	movq	%r15, %rdi
	callq	strcmp@PLT
	testl	%eax, %eax
	je	.LBB0_4
# %bb.11:
	leaq	.L.str.3(%rip), %rsi
	movq	%r15, %rdi
	callq	strcmp@PLT
	testl	%eax, %eax
	je	.LBB0_12
# %bb.15:
	leaq	.L.str.5(%rip), %rsi
	movq	%r15, %rdi
	callq	strcmp@PLT
	testl	%eax, %eax
	je	.LBB0_16
# %bb.17:
	leaq	.L.str.6(%rip), %rsi
	movq	%r15, %rdi
	callq	strcmp@PLT
	testl	%eax, %eax
	je	.LBB0_18
# %bb.19:
	leaq	.L.str.7(%rip), %rsi
	movq	%r15, %rdi
	callq	strcmp@PLT
	testl	%eax, %eax
	je	.LBB0_20
# %bb.22:
	leaq	.L.str.8(%rip), %rsi
	movq	%r15, %rdi
	callq	strcmp@PLT
	testl	%eax, %eax
	je	.LBB0_23
# %bb.30:
	leaq	.L.str.13(%rip), %rsi
	movq	%r15, %rdi
	callq	strcmp@PLT
	testl	%eax, %eax
	je	.LBB0_31
# %bb.42:
	leaq	.L.str.15(%rip), %rsi
	movq	%r15, %rdi
	callq	strcmp@PLT
	testl	%eax, %eax
	je	.LBB0_43
# %bb.44:
	leaq	.L.str.18(%rip), %rsi
	movq	%r15, %rdi
	callq	strcmp@PLT
	testl	%eax, %eax
	je	.LBB0_46
# %bb.45:
	leaq	.L.str.19(%rip), %rsi
	movq	%r15, %rdi
	callq	strcmp@PLT
	movl	$99, %ebx
	testl	%eax, %eax
	jne	.LBB0_53
.LBB0_46:
	movb	(%r15), %bl
	cmpb	$112, %bl
	movq	16(%r14), %rdi
	leaq	.L.str.20(%rip), %rax
	leaq	.L.str.21(%rip), %rsi
	cmoveq	%rax, %rsi
	callq	fopen@PLT
	testq	%rax, %rax
	je	.LBB0_47
# %bb.48:
	movq	%rax, %r12
	cmpb	$112, %bl
	jne	.LBB0_49
# %bb.54:
	movq	24(%r14), %rdi
	movq	%r12, %rsi
	callq	fputs@PLT
	jmp	.LBB0_52
.LBB0_4:
	testl	%ebx, %ebx
	jle	.LBB0_7
# %bb.5:
	movl	%ebx, %ebp
	leaq	.L.str.1(%rip), %r15
	xorl	%ebx, %ebx
	.p2align	4, 0x90
.LBB0_6:                                # =>This Inner Loop Header: Depth=1
	movq	(%r14,%rbx,8), %rdx
	movq	%r15, %rdi
	movl	%ebx, %esi
	xorl	%eax, %eax
	callq	printf@PLT
	addq	$1, %rbx
	cmpq	%rbx, %rbp
	jne	.LBB0_6
.LBB0_7:
	movq	environ@GOTPCREL(%rip), %rax
	movq	(%rax), %rbp
	movq	(%rbp), %rsi
	testq	%rsi, %rsi
	je	.LBB0_8
# %bb.9:
	addq	$8, %rbp
	leaq	.L.str.2(%rip), %r14
	.p2align	4, 0x90
.LBB0_10:                               # =>This Inner Loop Header: Depth=1
	xorl	%ebx, %ebx
	movq	%r14, %rdi
	xorl	%eax, %eax
	callq	printf@PLT
	movq	(%rbp), %rsi
	addq	$8, %rbp
	testq	%rsi, %rsi
	jne	.LBB0_10
	jmp	.LBB0_53
.LBB0_12:
	cmpl	$4, %ebx
	jl	.LBB0_14
# %bb.13:
	movq	24(%r14), %rdi
	xorl	%esi, %esi
	movl	$10, %edx
	callq	strtol@PLT
	movq	%rax, %rcx
	movabsq	$2361183241434822607, %rdx      # imm = 0x20C49BA5E353F7CF
	imulq	%rdx
	movq	%rdx, %rax
	shrq	$63, %rax
	sarq	$7, %rdx
	addq	%rax, %rdx
	movq	%rdx, (%rsp)
	imulq	$1000, %rdx, %rax               # imm = 0x3E8
	subq	%rax, %rcx
	imulq	$1000000, %rcx, %rax            # imm = 0xF4240
	movq	%rax, 8(%rsp)
	movq	%rsp, %rdi
	xorl	%esi, %esi
	callq	nanosleep@PLT
.LBB0_14:
	movq	16(%r14), %rsi
	leaq	.L.str.4(%rip), %rdi
	xorl	%eax, %eax
	callq	printf@PLT
	movq	16(%r14), %rdi
	xorl	%esi, %esi
	movl	$10, %edx
	callq	strtol@PLT
	movq	%rax, %rbx
	jmp	.LBB0_53
.LBB0_16:
	movq	16(%r14), %rdi
	xorl	%ebx, %ebx
	xorl	%esi, %esi
	movl	$10, %edx
	callq	strtol@PLT
	movq	%rax, %rcx
	movabsq	$2361183241434822607, %rdx      # imm = 0x20C49BA5E353F7CF
	imulq	%rdx
	movq	%rdx, %rax
	shrq	$63, %rax
	sarq	$7, %rdx
	addq	%rax, %rdx
	movq	%rdx, (%rsp)
	imulq	$1000, %rdx, %rax               # imm = 0x3E8
	subq	%rax, %rcx
	imulq	$1000000, %rcx, %rax            # imm = 0xF4240
	movq	%rax, 8(%rsp)
	movq	%rsp, %rdi
	xorl	%esi, %esi
	callq	nanosleep@PLT
	jmp	.LBB0_53
.LBB0_8:
	xorl	%ebx, %ebx
	jmp	.LBB0_53
.LBB0_18:
	movaps	.LCPI0_0(%rip), %xmm0           # xmm0 = [0,0,0,0,0,0,0,0,128,240,250,2,0,0,0,0]
	movaps	%xmm0, (%rsp)
	xorl	%ebx, %ebx
	movq	%rsp, %rdi
	xorl	%esi, %esi
	callq	nanosleep@PLT
	movl	$1, 8
	jmp	.LBB0_53
.LBB0_20:
	movq	$0, (%rsp)
	.p2align	4, 0x90
.LBB0_21:                               # =>This Inner Loop Header: Depth=1
	addq	$1, (%rsp)
	jmp	.LBB0_21
.LBB0_23:
	movq	16(%r14), %rdi
	xorl	%ebx, %ebx
	xorl	%esi, %esi
	movl	$10, %edx
	callq	strtol@PLT
	movl	$0, %esi
	testq	%rax, %rax
	jle	.LBB0_29
# %bb.24:
	movq	%rax, %r15
	xorl	%r14d, %r14d
	.p2align	4, 0x90
.LBB0_25:                               # =>This Inner Loop Header: Depth=1
	movl	$1048576, %edi                  # imm = 0x100000
	callq	malloc@PLT
	testq	%rax, %rax
	je	.LBB0_26
# %bb.27:                               #   in Loop: Header=BB0_25 Depth=1
	movl	$1048576, %edx                  # imm = 0x100000
	movq	%rax, %rdi
	movl	$1, %esi
	callq	memset@PLT
	addq	$1, %r14
	cmpq	%r14, %r15
	jne	.LBB0_25
# %bb.28:
	movq	%r15, %rsi
.LBB0_29:
	leaq	.L.str.12(%rip), %rdi
	xorl	%eax, %eax
	callq	printf@PLT
	jmp	.LBB0_53
.LBB0_31:
	movq	16(%r14), %rdi
	xorl	%r14d, %r14d
	xorl	%esi, %esi
	movl	$10, %edx
	callq	strtol@PLT
	movq	%rax, %r12
	movslq	%r12d, %rbx
	movl	$8, %esi
	movq	%rbx, %rdi
	callq	calloc@PLT
	movq	%rax, %r13
	movl	$0, %r15d
	testl	%ebx, %ebx
	jle	.LBB0_36
# %bb.32:
	movl	%r12d, %ebp
	xorl	%r15d, %r15d
	leaq	waiter(%rip), %r12
	movq	%r13, %rbx
	xorl	%r14d, %r14d
	jmp	.LBB0_33
.LBB0_40:                               #   in Loop: Header=BB0_33 Depth=1
	addl	$1, %r15d
.LBB0_41:                               #   in Loop: Header=BB0_33 Depth=1
	addq	$8, %rbx
	addq	$-1, %rbp
	je	.LBB0_36
.LBB0_33:                               # =>This Inner Loop Header: Depth=1
	movq	%rbx, %rdi
	xorl	%esi, %esi
	movq	%r12, %rdx
	xorl	%ecx, %ecx
	callq	pthread_create@PLT
	cmpl	$11, %eax
	je	.LBB0_40
# %bb.34:                               #   in Loop: Header=BB0_33 Depth=1
	testl	%eax, %eax
	jne	.LBB0_41
# %bb.35:                               #   in Loop: Header=BB0_33 Depth=1
	movq	(%rbx), %rax
	movslq	%r14d, %rcx
	addl	$1, %r14d
	movq	%rax, (%r13,%rcx,8)
	jmp	.LBB0_41
.LBB0_36:
	leaq	mu(%rip), %rbx
	movq	%rbx, %rdi
	callq	pthread_mutex_lock@PLT
	movb	$1, go(%rip)
	leaq	cv(%rip), %rdi
	callq	pthread_cond_broadcast@PLT
	movq	%rbx, %rdi
	callq	pthread_mutex_unlock@PLT
	testl	%r14d, %r14d
	jle	.LBB0_39
# %bb.37:
	movl	%r14d, %ebx
	xorl	%ebp, %ebp
	.p2align	4, 0x90
.LBB0_38:                               # =>This Inner Loop Header: Depth=1
	movq	(%r13,%rbp,8), %rdi
	xorl	%esi, %esi
	callq	pthread_join@PLT
	addq	$1, %rbp
	cmpq	%rbp, %rbx
	jne	.LBB0_38
.LBB0_39:
	leaq	.L.str.14(%rip), %rdi
	xorl	%ebx, %ebx
	movl	%r14d, %esi
	movl	%r15d, %edx
	xorl	%eax, %eax
	callq	printf@PLT
	jmp	.LBB0_53
.LBB0_43:
	movq	stderr@GOTPCREL(%rip), %rax
	movq	(%rax), %rdi
	movq	16(%r14), %rdx
	leaq	.L.str.16(%rip), %rsi
	xorl	%ebx, %ebx
	xorl	%eax, %eax
	callq	fprintf@PLT
	leaq	.L.str.17(%rip), %rdi
	xorl	%eax, %eax
	callq	printf@PLT
	jmp	.LBB0_53
.LBB0_26:
	callq	__errno_location@PLT
	cmpl	$12, (%rax)
	leaq	.L.str.10(%rip), %rax
	leaq	.L.str.11(%rip), %rdx
	cmoveq	%rax, %rdx
	leaq	.L.str.9(%rip), %rdi
	movq	%r14, %rsi
	xorl	%eax, %eax
	callq	printf@PLT
	movl	$3, %ebx
	jmp	.LBB0_53
.LBB0_47:
	movq	16(%r14), %rbx
	callq	__errno_location@PLT
	movl	(%rax), %edi
	callq	strerror@PLT
	leaq	.L.str.22(%rip), %rdi
	movq	%r15, %rsi
	movq	%rbx, %rdx
	movq	%rax, %rcx
	xorl	%eax, %eax
	callq	printf@PLT
	movl	$4, %ebx
	jmp	.LBB0_53
.LBB0_49:
	movq	%rsp, %rdi
	movl	$256, %esi                      # imm = 0x100
	movq	%r12, %rdx
	callq	fgets@PLT
	testq	%rax, %rax
	je	.LBB0_52
# %bb.50:
	leaq	.L.str.23(%rip), %r14
	movq	%rsp, %rbx
.LBB0_51:                               # =>This Inner Loop Header: Depth=1
	movq	%r14, %rdi
	movq	%rbx, %rsi
	xorl	%eax, %eax
	callq	printf@PLT
	movq	%rbx, %rdi
	movl	$256, %esi                      # imm = 0x100
	movq	%r12, %rdx
	callq	fgets@PLT
	testq	%rax, %rax
	jne	.LBB0_51
.LBB0_52:
	movq	%r12, %rdi
	callq	fclose@PLT
	xorl	%ecx, %ecx
	testl	%eax, %eax
	setne	%cl
	leal	(%rcx,%rcx,4), %ebx
.LBB0_53:
	movl	%ebx, %eax
	addq	$264, %rsp                      # imm = 0x108
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
	.p2align	4, 0x90                         # -- Begin function waiter
	.type	waiter,@function
waiter:                                 # @waiter
# %bb.0:
	pushq	%r15
	pushq	%r14
	pushq	%rbx
	movq	%rdi, %r14
	leaq	mu(%rip), %rdi
	callq	pthread_mutex_lock@PLT
	cmpb	$0, go(%rip)
	jne	.LBB1_3
# %bb.1:
	leaq	cv(%rip), %r15
	leaq	mu(%rip), %rbx
	.p2align	4, 0x90
.LBB1_2:                                # =>This Inner Loop Header: Depth=1
	movq	%r15, %rdi
	movq	%rbx, %rsi
	callq	pthread_cond_wait@PLT
	cmpb	$1, go(%rip)
	jne	.LBB1_2
.LBB1_3:
	leaq	mu(%rip), %rdi
	callq	pthread_mutex_unlock@PLT
	movq	%r14, %rax
	popq	%rbx
	popq	%r14
	popq	%r15
	retq
.Lfunc_end1:
	.size	waiter, .Lfunc_end1-waiter
                                        # -- End function
	.type	.L.str,@object                  # @.str
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str:
	.asciz	"echo"
	.size	.L.str, 5

	.type	.L.str.1,@object                # @.str.1
.L.str.1:
	.asciz	"argv[%d]=%s\n"
	.size	.L.str.1, 13

	.type	.L.str.2,@object                # @.str.2
.L.str.2:
	.asciz	"env %s\n"
	.size	.L.str.2, 8

	.type	.L.str.3,@object                # @.str.3
.L.str.3:
	.asciz	"exit"
	.size	.L.str.3, 5

	.type	.L.str.4,@object                # @.str.4
.L.str.4:
	.asciz	"exiting %s\n"
	.size	.L.str.4, 12

	.type	.L.str.5,@object                # @.str.5
.L.str.5:
	.asciz	"sleep"
	.size	.L.str.5, 6

	.type	.L.str.6,@object                # @.str.6
.L.str.6:
	.asciz	"fault"
	.size	.L.str.6, 6

	.type	.L.str.7,@object                # @.str.7
.L.str.7:
	.asciz	"spin"
	.size	.L.str.7, 5

	.type	.L.str.8,@object                # @.str.8
.L.str.8:
	.asciz	"mem"
	.size	.L.str.8, 4

	.type	.L.str.9,@object                # @.str.9
.L.str.9:
	.asciz	"mem: ENOMEM after %ld MiB (errno %s)\n"
	.size	.L.str.9, 38

	.type	.L.str.10,@object               # @.str.10
.L.str.10:
	.asciz	"ENOMEM"
	.size	.L.str.10, 7

	.type	.L.str.11,@object               # @.str.11
.L.str.11:
	.asciz	"other"
	.size	.L.str.11, 6

	.type	.L.str.12,@object               # @.str.12
.L.str.12:
	.asciz	"mem: got %ld MiB\n"
	.size	.L.str.12, 18

	.type	.L.str.13,@object               # @.str.13
.L.str.13:
	.asciz	"threads"
	.size	.L.str.13, 8

	.type	mu,@object                      # @mu
	.local	mu
	.comm	mu,40,8
	.type	go,@object                      # @go
	.local	go
	.comm	go,1,4
	.type	cv,@object                      # @cv
	.local	cv
	.comm	cv,48,8
	.type	.L.str.14,@object               # @.str.14
.L.str.14:
	.asciz	"threads: %d started, %d EAGAIN\n"
	.size	.L.str.14, 32

	.type	.L.str.15,@object               # @.str.15
.L.str.15:
	.asciz	"err"
	.size	.L.str.15, 4

	.type	.L.str.16,@object               # @.str.16
.L.str.16:
	.asciz	"%s\n"
	.size	.L.str.16, 4

	.type	.L.str.17,@object               # @.str.17
.L.str.17:
	.asciz	"out\n"
	.size	.L.str.17, 5

	.type	.L.str.18,@object               # @.str.18
.L.str.18:
	.asciz	"cat"
	.size	.L.str.18, 4

	.type	.L.str.19,@object               # @.str.19
.L.str.19:
	.asciz	"put"
	.size	.L.str.19, 4

	.type	.L.str.20,@object               # @.str.20
.L.str.20:
	.asciz	"w"
	.size	.L.str.20, 2

	.type	.L.str.21,@object               # @.str.21
.L.str.21:
	.asciz	"r"
	.size	.L.str.21, 2

	.type	.L.str.22,@object               # @.str.22
.L.str.22:
	.asciz	"%s %s: %s\n"
	.size	.L.str.22, 11

	.type	.L.str.23,@object               # @.str.23
.L.str.23:
	.asciz	"cat: %s"
	.size	.L.str.23, 8

	.ident	"Debian clang version 14.0.6"
	.section	".note.GNU-stack","",@progbits
	.addrsig
	.addrsig_sym waiter
	.addrsig_sym mu
	.addrsig_sym cv
