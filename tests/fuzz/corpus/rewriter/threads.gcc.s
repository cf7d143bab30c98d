	.file	"threads.c"
	.text
	.p2align 4
	.type	t_fmtnum, @function
t_fmtnum:
.LFB3:
	.cfi_startproc
	movq	%rsi, %rcx
	pushq	%rbx
	.cfi_def_cfa_offset 16
	.cfi_offset 3, -16
	movq	%rdi, %r10
	leaq	22(%rdi), %r8
	negq	%rcx
	movb	$0, 23(%rdi)
	movq	%rsi, %r11
	movl	$23, %edi
	movabsq	$-3689348814741910323, %rbx
	cmovs	%rsi, %rcx
	.p2align 4,,10
	.p2align 3
.L3:
	movq	%rcx, %rax
	movl	%edi, %r9d
	subq	$1, %r8
	mulq	%rbx
	movq	%rcx, %rax
	subl	$1, %edi
	shrq	$3, %rdx
	leaq	(%rdx,%rdx,4), %rsi
	addq	%rsi, %rsi
	subq	%rsi, %rax
	addl	$48, %eax
	movb	%al, 1(%r8)
	movq	%rcx, %rax
	movq	%rdx, %rcx
	cmpq	$9, %rax
	ja	.L3
	movslq	%edi, %rdi
	testq	%r11, %r11
	jns	.L4
	leal	-2(%r9), %edi
	movslq	%edi, %rdi
	movb	$45, (%r10,%rdi)
.L4:
	leaq	(%r10,%rdi), %rax
	popq	%rbx
	.cfi_def_cfa_offset 8
	ret
	.cfi_endproc
.LFE3:
	.size	t_fmtnum, .-t_fmtnum
	.p2align 4
	.type	worker, @function
worker:
.LFB11:
	.cfi_startproc
	pushq	%r15
	.cfi_def_cfa_offset 16
	.cfi_offset 15, -16
	pushq	%r14
	.cfi_def_cfa_offset 24
	.cfi_offset 14, -24
	movl	$1, %r14d
	pushq	%r13
	.cfi_def_cfa_offset 32
	.cfi_offset 13, -32
	xorl	%r13d, %r13d
	pushq	%r12
	.cfi_def_cfa_offset 40
	.cfi_offset 12, -40
	xorl	%r12d, %r12d
	pushq	%rbp
	.cfi_def_cfa_offset 48
	.cfi_offset 6, -48
	leaq	lock_word(%rip), %rbp
	pushq	%rbx
	.cfi_def_cfa_offset 56
	.cfi_offset 3, -56
	movl	$2, %ebx
	subq	$8, %rsp
	.cfi_def_cfa_offset 64
	.p2align 4,,10
	.p2align 3
.L16:
	movl	%r13d, %eax
	lock cmpxchgl	%r14d, lock_word(%rip)
	testl	%eax, %eax
	je	.L10
	cmpl	$2, %eax
	jne	.L23
	.p2align 4,,10
	.p2align 3
.L12:
	xorl	%ecx, %ecx
	movq	$-1, %rdx
	movl	$2, %esi
	movq	%rbp, %rdi
	call	iv_futex_wait@PLT
.L23:
	movl	%ebx, %eax
	xchgl	lock_word(%rip), %eax
	testl	%eax, %eax
	jne	.L12
.L10:
	movq	counter(%rip), %r15
	testb	$63, %r12b
	je	.L24
.L14:
	addq	$1, %r15
	movl	%r13d, %eax
	movq	%r15, counter(%rip)
	xchgl	lock_word(%rip), %eax
	cmpl	$2, %eax
	je	.L25
.L15:
	addl	$1, %r12d
	cmpl	$1000, %r12d
	jne	.L16
	call	iv_thread_exit@PLT
	.p2align 4,,10
	.p2align 3
.L24:
	xorl	%edi, %edi
	call	iv_nanosleep@PLT
	jmp	.L14
	.p2align 4,,10
	.p2align 3
.L25:
	xorl	%edx, %edx
	movl	$1, %esi
	movq	%rbp, %rdi
	call	iv_futex_wake@PLT
	jmp	.L15
	.cfi_endproc
.LFE11:
	.size	worker, .-worker
	.p2align 4
	.type	t_puts, @function
t_puts:
.LFB2:
	.cfi_startproc
	xorl	%edx, %edx
	cmpb	$0, (%rdi)
	movq	%rdi, %rsi
	je	.L27
	.p2align 4,,10
	.p2align 3
.L28:
	addq	$1, %rdx
	cmpb	$0, (%rsi,%rdx)
	jne	.L28
.L27:
	movl	$1, %edi
	jmp	iv_write@PLT
	.cfi_endproc
.LFE2:
	.size	t_puts, .-t_puts
	.section	.rodata.str1.1,"aMS",@progbits,1
.LC0:
	.string	"mmap failed\n"
.LC1:
	.string	"thread_create failed: "
.LC2:
	.string	"\n"
.LC3:
	.string	"join failed\n"
.LC4:
	.string	"counter"
	.section	.text.startup,"ax",@progbits
	.p2align 4
	.globl	main
	.type	main, @function
main:
.LFB12:
	.cfi_startproc
	pushq	%r15
	.cfi_def_cfa_offset 16
	.cfi_offset 15, -16
	pushq	%r14
	.cfi_def_cfa_offset 24
	.cfi_offset 14, -24
	pushq	%r13
	.cfi_def_cfa_offset 32
	.cfi_offset 13, -32
	pushq	%r12
	.cfi_def_cfa_offset 40
	.cfi_offset 12, -40
	pushq	%rbp
	.cfi_def_cfa_offset 48
	.cfi_offset 6, -48
	pushq	%rbx
	.cfi_def_cfa_offset 56
	.cfi_offset 3, -56
	subq	$2360, %rsp
	.cfi_def_cfa_offset 2416
	cmpl	$1, %edi
	jle	.L51
	movq	8(%rsi), %rcx
	movsbl	(%rcx), %eax
	testb	%al, %al
	je	.L52
	xorl	%edx, %edx
	.p2align 4,,10
	.p2align 3
.L34:
	leal	(%rdx,%rdx,4), %edx
	addq	$1, %rcx
	leal	-48(%rax,%rdx,2), %edx
	movsbl	(%rcx), %eax
	testb	%al, %al
	jne	.L34
	movl	$256, %r12d
	cmpl	%r12d, %edx
	cmovle	%edx, %r12d
	testl	%edx, %edx
	jle	.L67
.L32:
	leaq	ctid(%rip), %r14
	leaq	worker(%rip), %r13
	xorl	%ebp, %ebp
	movq	%r14, %rbx
	jmp	.L39
	.p2align 4,,10
	.p2align 3
.L35:
	movl	$-1, (%rbx)
	movq	%rbx, %r8
	xorl	%ecx, %ecx
	xorl	%esi, %esi
	leaq	65536(%rax), %rdx
	movq	%r13, %rdi
	leaq	304(%rsp), %r15
	call	iv_thread_create@PLT
	movq	%rax, (%r15,%rbp,8)
	testq	%rax, %rax
	js	.L68
	addq	$1, %rbp
	addq	$4, %rbx
	cmpl	%ebp, %r12d
	jle	.L69
.L39:
	xorl	%ecx, %ecx
	xorl	%edi, %edi
	movl	$3, %edx
	movl	$65536, %esi
	call	iv_mmap@PLT
	cmpq	$-4096, %rax
	jbe	.L35
	leaq	.LC0(%rip), %rdi
	call	t_puts
.L36:
	movl	$1, %eax
.L31:
	addq	$2360, %rsp
	.cfi_remember_state
	.cfi_def_cfa_offset 56
	popq	%rbx
	.cfi_def_cfa_offset 48
	popq	%rbp
	.cfi_def_cfa_offset 40
	popq	%r12
	.cfi_def_cfa_offset 32
	popq	%r13
	.cfi_def_cfa_offset 24
	popq	%r14
	.cfi_def_cfa_offset 16
	popq	%r15
	.cfi_def_cfa_offset 8
	ret
.L51:
	.cfi_restore_state
	movl	$64, %r12d
	jmp	.L32
.L69:
	movslq	%r12d, %r12
	xorl	%ebp, %ebp
	jmp	.L43
	.p2align 4,,10
	.p2align 3
.L70:
	movl	(%r15,%rbp,8), %edi
	call	iv_thread_join@PLT
	testq	%rax, %rax
	jne	.L42
	addq	$1, %rbp
	cmpq	%rbp, %r12
	je	.L33
.L43:
	leaq	(%r14,%rbp,4), %rbx
	testb	$1, %bpl
	jne	.L70
	jmp	.L41
	.p2align 4,,10
	.p2align 3
.L44:
	xorl	%ecx, %ecx
	movq	$-1, %rdx
	movq	%rbx, %rdi
	call	iv_futex_wait@PLT
.L41:
	movl	(%rbx), %esi
	testl	%esi, %esi
	jne	.L44
	addq	$1, %rbp
	cmpq	%rbp, %r12
	jne	.L43
.L33:
	movq	counter(%rip), %rsi
	leaq	16(%rsp), %rdi
	call	t_fmtnum
	movl	$99, %ecx
	xorl	%edx, %edx
	leaq	47(%rsp), %rsi
	leaq	.LC4(%rip), %rdi
	jmp	.L47
	.p2align 4,,10
	.p2align 3
.L71:
	cmpq	$254, %rdx
	je	.L48
.L47:
	movq	%rdx, %r8
	addq	$1, %rdx
	movb	%cl, (%rsi,%rdx)
	movzbl	(%rdi,%rdx), %ecx
	testb	%cl, %cl
	jne	.L71
	cmpq	$254, %rdx
	je	.L48
	movb	$32, 48(%rsp,%rdx)
	leaq	2(%r8), %rdx
.L48:
	movzbl	(%rax), %ecx
	testb	%cl, %cl
	je	.L49
	subq	%rdx, %rax
	jmp	.L50
	.p2align 4,,10
	.p2align 3
.L72:
	cmpq	$255, %rdx
	je	.L49
.L50:
	addq	$1, %rdx
	movb	%cl, (%rsi,%rdx)
	movzbl	(%rax,%rdx), %ecx
	testb	%cl, %cl
	jne	.L72
.L49:
	movb	$10, 48(%rsp,%rdx)
	leaq	48(%rsp), %rsi
	addq	$1, %rdx
	movl	$1, %edi
	call	iv_write@PLT
	imulq	$1000, %r12, %r12
	xorl	%eax, %eax
	cmpq	counter(%rip), %r12
	setne	%al
	jmp	.L31
.L68:
	leaq	.LC1(%rip), %rdi
	movq	%rax, 8(%rsp)
	call	t_puts
	movq	8(%rsp), %rsi
	leaq	48(%rsp), %rdi
	call	t_fmtnum
	movq	%rax, %rdi
	call	t_puts
	leaq	.LC2(%rip), %rdi
	call	t_puts
	jmp	.L36
.L42:
	leaq	.LC3(%rip), %rdi
	call	t_puts
	jmp	.L36
.L52:
	xorl	%r12d, %r12d
	jmp	.L33
.L67:
	movslq	%r12d, %r12
	jmp	.L33
	.cfi_endproc
.LFE12:
	.size	main, .-main
	.local	ctid
	.comm	ctid,1024,32
	.local	counter
	.comm	counter,8,8
	.local	lock_word
	.comm	lock_word,4,4
	.ident	"GCC: (Debian 12.2.0-14+deb12u1) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
