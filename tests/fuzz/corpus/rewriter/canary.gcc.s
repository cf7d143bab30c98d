	.file	"canary.c"
	.text
	.section	.rodata.str1.1,"aMS",@progbits,1
.LC0:
	.string	"canary ok\n"
	.section	.text.startup,"ax",@progbits
	.p2align 4
	.globl	main
	.type	main, @function
main:
.LFB9:
	.cfi_startproc
	pushq	%r13
	.cfi_def_cfa_offset 16
	.cfi_offset 13, -16
	pushq	%r12
	.cfi_def_cfa_offset 24
	.cfi_offset 12, -24
	pushq	%rbp
	.cfi_def_cfa_offset 32
	.cfi_offset 6, -32
	movl	$300, %ebp
	pushq	%rbx
	.cfi_def_cfa_offset 40
	.cfi_offset 3, -40
	subq	$2056, %rsp
	.cfi_def_cfa_offset 2096
	cmpl	$1, %edi
	jle	.L2
	movq	8(%rsi), %rdx
	xorl	%ebp, %ebp
	movsbl	(%rdx), %eax
	testb	%al, %al
	je	.L2
	.p2align 4,,10
	.p2align 3
.L3:
	subl	$48, %eax
	leaq	0(%rbp,%rbp,4), %rcx
	addq	$1, %rdx
	cltq
	leaq	(%rax,%rcx,2), %rbp
	movsbl	(%rdx), %eax
	testb	%al, %al
	jne	.L3
.L2:
	xorl	%ecx, %ecx
	movl	$3, %edx
	movl	$262144, %esi
	xorl	%edi, %edi
	call	iv_mmap@PLT
	movq	%rax, %r12
	movl	$1, %eax
	cmpq	$-4096, %r12
	ja	.L1
	movabsq	$-7046029254386353131, %rsi
	movq	%r12, %rdx
	xorl	%eax, %eax
	movabsq	$-4837781183271370752, %rcx
	.p2align 4,,10
	.p2align 3
.L5:
	movq	%rax, (%rdx)
	addq	%rsi, %rax
	addq	$8, %rdx
	cmpq	%rcx, %rax
	jne	.L5
	xorl	%eax, %eax
	.p2align 4,,10
	.p2align 3
.L6:
	movq	%rax, %rdx
	notq	%rdx
	movq	%rdx, (%rsp,%rax,8)
	addq	$1, %rax
	cmpq	$256, %rax
	jne	.L6
	xorl	%eax, %eax
	leaq	data_canary(%rip), %rbx
	.p2align 4,,10
	.p2align 3
.L7:
	movq	%rax, %rdx
	xorq	$21845, %rdx
	movq	%rdx, (%rbx,%rax,8)
	addq	$1, %rax
	cmpq	$512, %rax
	jne	.L7
	testq	%rbp, %rbp
	jle	.L8
	xorl	%r13d, %r13d
	.p2align 4,,10
	.p2align 3
.L9:
	movl	$10000000, %edi
	addq	$10, %r13
	call	iv_nanosleep@PLT
	cmpq	%r13, %rbp
	jg	.L9
.L8:
	movabsq	$-7046029254386353131, %rcx
	xorl	%eax, %eax
	movabsq	$-4837781183271370752, %rdx
	jmp	.L10
	.p2align 4,,10
	.p2align 3
.L32:
	addq	%rcx, %rax
	addq	$8, %r12
	cmpq	%rdx, %rax
	je	.L31
.L10:
	cmpq	%rax, (%r12)
	je	.L32
	movl	$3, %eax
.L1:
	addq	$2056, %rsp
	.cfi_remember_state
	.cfi_def_cfa_offset 40
	popq	%rbx
	.cfi_def_cfa_offset 32
	popq	%rbp
	.cfi_def_cfa_offset 24
	popq	%r12
	.cfi_def_cfa_offset 16
	popq	%r13
	.cfi_def_cfa_offset 8
	ret
.L31:
	.cfi_restore_state
	xorl	%eax, %eax
	jmp	.L11
	.p2align 4,,10
	.p2align 3
.L34:
	addq	$1, %rax
	cmpq	$256, %rax
	je	.L33
.L11:
	movq	%rax, %rdx
	movq	(%rsp,%rax,8), %rcx
	notq	%rdx
	cmpq	%rdx, %rcx
	je	.L34
	movl	$4, %eax
	jmp	.L1
.L33:
	xorl	%eax, %eax
	jmp	.L12
.L36:
	addq	$1, %rax
	cmpq	$512, %rax
	je	.L35
.L12:
	movq	%rax, %rdx
	xorq	$21845, %rdx
	cmpq	%rdx, (%rbx,%rax,8)
	je	.L36
	movl	$5, %eax
	jmp	.L1
.L35:
	xorl	%edx, %edx
	leaq	.LC0(%rip), %rsi
	jmp	.L13
.L14:
	addq	$1, %rdx
.L13:
	cmpb	$0, (%rsi,%rdx)
	jne	.L14
	movl	$1, %edi
	call	iv_write@PLT
	xorl	%eax, %eax
	jmp	.L1
	.cfi_endproc
.LFE9:
	.size	main, .-main
	.data
	.align 32
	.type	data_canary, @object
	.size	data_canary, 4096
data_canary:
	.quad	1
	.zero	4088
	.ident	"GCC: (Debian 12.2.0-14+deb12u1) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
