	.file	"cgoto.c"
	.text
	.section	.rodata.str1.1,"aMS",@progbits,1
.LC0:
	.string	"\n"
	.text
	.p2align 4
	.type	run, @function
run:
.LFB0:
	.cfi_startproc
	pushq	%r14
	.cfi_def_cfa_offset 16
	.cfi_offset 14, -16
	leaq	dispatch.0(%rip), %r14
	pushq	%r13
	.cfi_def_cfa_offset 24
	.cfi_offset 13, -24
	movq	%rdi, %r13
	pushq	%r12
	.cfi_def_cfa_offset 32
	.cfi_offset 12, -32
	movl	$1, %r12d
	pushq	%rbp
	.cfi_def_cfa_offset 40
	.cfi_offset 6, -40
	leaq	.LC0(%rip), %rbp
	pushq	%rbx
	.cfi_def_cfa_offset 48
	.cfi_offset 3, -48
	xorl	%ebx, %ebx
	subq	$512, %rsp
	.cfi_def_cfa_offset 560
	movslq	(%rdi), %rax
	movq	(%r14,%rax,8), %rax
	jmp	*%rax
	.p2align 4,,10
	.p2align 3
.L3:
	movslq	%r12d, %rax
	movslq	%ebx, %rdx
	addl	$2, %r12d
	addl	$1, %ebx
	movslq	0(%r13,%rax,4), %rcx
	movslq	4(%r13,%rax,4), %rax
	movq	(%r14,%rax,8), %rax
	movq	%rcx, (%rsp,%rdx,8)
	jmp	*%rax
	.p2align 4,,10
	.p2align 3
.L4:
	leal	-1(%rbx), %edx
	subl	$2, %ebx
	movslq	%ebx, %rbx
	movslq	%edx, %rax
	movq	(%rsp,%rax,8), %rax
	addq	%rax, (%rsp,%rbx,8)
.L16:
	movslq	%r12d, %rax
	movl	%edx, %ebx
	addl	$1, %r12d
	movslq	0(%r13,%rax,4), %rax
	movq	(%r14,%rax,8), %rax
	jmp	*%rax
	.p2align 4,,10
	.p2align 3
.L14:
	subl	$1, %ebx
	movslq	%ebx, %rbx
	movq	(%rsp,%rbx,8), %rax
	addq	$512, %rsp
	.cfi_remember_state
	.cfi_def_cfa_offset 48
	popq	%rbx
	.cfi_def_cfa_offset 40
	popq	%rbp
	.cfi_def_cfa_offset 32
	popq	%r12
	.cfi_def_cfa_offset 24
	popq	%r13
	.cfi_def_cfa_offset 16
	popq	%r14
	.cfi_def_cfa_offset 8
	ret
	.p2align 4,,10
	.p2align 3
.L8:
	.cfi_restore_state
	leal	-1(%rbx), %eax
	cltq
	movdqu	-8(%rsp,%rax,8), %xmm0
	leal	-2(%rbx), %eax
	cltq
	shufpd	$1, %xmm0, %xmm0
	movups	%xmm0, (%rsp,%rax,8)
	movslq	%r12d, %rax
	addl	$1, %r12d
	movslq	0(%r13,%rax,4), %rax
	movq	(%r14,%rax,8), %rax
	jmp	*%rax
	.p2align 4,,10
	.p2align 3
.L6:
	leal	-1(%rbx), %edx
	subl	$2, %ebx
	movslq	%ebx, %rbx
	movslq	%edx, %rcx
	movq	(%rsp,%rbx,8), %rax
	imulq	(%rsp,%rcx,8), %rax
	movq	%rax, (%rsp,%rbx,8)
	jmp	.L16
	.p2align 4,,10
	.p2align 3
.L13:
	leal	-1(%rbx), %eax
	cltq
	movq	(%rsp,%rax,8), %rdi
	call	out_num@PLT
	movq	%rbp, %rdi
	call	out_str@PLT
	movslq	%r12d, %rax
	addl	$1, %r12d
	movslq	0(%r13,%rax,4), %rax
	movq	(%r14,%rax,8), %rax
	jmp	*%rax
	.p2align 4,,10
	.p2align 3
.L12:
	leal	-1(%rbx), %eax
	cltq
	subq	$1, (%rsp,%rax,8)
	movslq	%r12d, %rax
	addl	$1, %r12d
	movslq	0(%r13,%rax,4), %rax
	movq	(%r14,%rax,8), %rax
	jmp	*%rax
	.p2align 4,,10
	.p2align 3
.L9:
	subl	$1, %ebx
	leal	1(%r12), %eax
	movslq	%ebx, %rdx
	cmpq	$0, (%rsp,%rdx,8)
	je	.L11
	movslq	%r12d, %r12
	movl	0(%r13,%r12,4), %eax
.L11:
	leal	1(%rax), %r12d
	cltq
	movslq	0(%r13,%rax,4), %rax
	jmp	*(%r14,%rax,8)
	.p2align 4,,10
	.p2align 3
.L7:
	leal	-1(%rbx), %eax
	cltq
	movq	(%rsp,%rax,8), %rdx
	movslq	%ebx, %rax
	addl	$1, %ebx
	movq	%rdx, (%rsp,%rax,8)
	movslq	%r12d, %rax
	addl	$1, %r12d
	movslq	0(%r13,%rax,4), %rax
	movq	(%r14,%rax,8), %rax
	jmp	*%rax
	.cfi_endproc
.LFE0:
	.size	run, .-run
	.section	.rodata.str1.1
.LC4:
	.string	"cgoto "
	.section	.text.startup,"ax",@progbits
	.p2align 4
	.globl	main
	.type	main, @function
main:
.LFB1:
	.cfi_startproc
	pushq	%r12
	.cfi_def_cfa_offset 16
	.cfi_offset 12, -16
	pushq	%rbp
	.cfi_def_cfa_offset 24
	.cfi_offset 6, -24
	movl	%edi, %ebp
	leaq	prog.1(%rip), %rdi
	pushq	%rbx
	.cfi_def_cfa_offset 32
	.cfi_offset 3, -32
	addl	$5, %ebp
	subq	$96, %rsp
	.cfi_def_cfa_offset 128
	call	run
	movdqa	.LC1(%rip), %xmm0
	leaq	32(%rsp), %rdi
	movl	$8, 80(%rsp)
	movq	%rax, %rbx
	movaps	%xmm0, 32(%rsp)
	movdqa	.LC2(%rip), %xmm0
	movaps	%xmm0, 48(%rsp)
	movdqa	.LC3(%rip), %xmm0
	movaps	%xmm0, 64(%rsp)
	call	run
	movq	%rsp, %rdi
	movl	%ebp, 4(%rsp)
	movq	%rax, %r12
	movl	$0, (%rsp)
	movabsq	$25769803783, %rax
	movq	%rax, 8(%rsp)
	movabsq	$21474836483, %rax
	movq	%rax, 16(%rsp)
	movabsq	$34359738370, %rax
	movq	%rax, 24(%rsp)
	call	run
	leaq	.LC4(%rip), %rdi
	movq	%rax, %rbp
	call	out_str@PLT
	leaq	(%rbx,%r12), %rdi
	addq	%rbp, %rdi
	call	out_num@PLT
	leaq	.LC0(%rip), %rdi
	call	out_str@PLT
	addq	$96, %rsp
	.cfi_def_cfa_offset 32
	xorl	%eax, %eax
	popq	%rbx
	.cfi_def_cfa_offset 24
	popq	%rbp
	.cfi_def_cfa_offset 16
	popq	%r12
	.cfi_def_cfa_offset 8
	ret
	.cfi_endproc
.LFE1:
	.size	main, .-main
	.section	.data.rel.ro.local,"aw"
	.align 32
	.type	dispatch.0, @object
	.size	dispatch.0, 72
dispatch.0:
	.quad	.L3
	.quad	.L4
	.quad	.L6
	.quad	.L7
	.quad	.L8
	.quad	.L9
	.quad	.L12
	.quad	.L13
	.quad	.L14
	.section	.rodata
	.align 32
	.type	prog.1, @object
	.size	prog.1, 68
prog.1:
	.long	0
	.long	1
	.long	0
	.long	10
	.long	4
	.long	0
	.long	0
	.long	1
	.long	4
	.long	0
	.long	0
	.long	1
	.long	3
	.long	7
	.long	4
	.long	3
	.long	8
	.section	.rodata.cst16,"aM",@progbits,16
	.align 16
.LC1:
	.long	0
	.long	1
	.long	0
	.long	3
	.align 16
.LC2:
	.long	2
	.long	0
	.long	7
	.long	2
	.align 16
.LC3:
	.long	7
	.long	3
	.long	1
	.long	7
	.ident	"GCC: (Debian 12.2.0-14+deb12u1) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
