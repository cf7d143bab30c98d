	.file	"job.c"
	.text
	.p2align 4
	.type	waiter, @function
waiter:
.LFB24:
	.cfi_startproc
	pushq	%r12
	.cfi_def_cfa_offset 16
	.cfi_offset 12, -16
	movq	%rdi, %r12
	pushq	%rbp
	.cfi_def_cfa_offset 24
	.cfi_offset 6, -24
	pushq	%rbx
	.cfi_def_cfa_offset 32
	.cfi_offset 3, -32
	leaq	mu(%rip), %rbx
	movq	%rbx, %rdi
	call	pthread_mutex_lock@PLT
	movl	go(%rip), %edx
	testl	%edx, %edx
	jne	.L2
	leaq	cv(%rip), %rbp
	.p2align 4,,10
	.p2align 3
.L3:
	movq	%rbx, %rsi
	movq	%rbp, %rdi
	call	pthread_cond_wait@PLT
	movl	go(%rip), %eax
	testl	%eax, %eax
	je	.L3
.L2:
	movq	%rbx, %rdi
	call	pthread_mutex_unlock@PLT
	movq	%r12, %rax
	popq	%rbx
	.cfi_def_cfa_offset 24
	popq	%rbp
	.cfi_def_cfa_offset 16
	popq	%r12
	.cfi_def_cfa_offset 8
	ret
	.cfi_endproc
.LFE24:
	.size	waiter, .-waiter
	.p2align 4
	.type	sleep_ms, @function
sleep_ms:
.LFB23:
	.cfi_startproc
	movabsq	$2361183241434822607, %rax
	subq	$24, %rsp
	.cfi_def_cfa_offset 32
	xorl	%esi, %esi
	imulq	%rdi
	movq	%rdi, %rax
	sarq	$63, %rax
	sarq	$7, %rdx
	subq	%rax, %rdx
	movq	%rdx, (%rsp)
	imulq	$1000, %rdx, %rdx
	subq	%rdx, %rdi
	imulq	$1000000, %rdi, %rdi
	movq	%rdi, 8(%rsp)
	movq	%rsp, %rdi
	call	nanosleep@PLT
	addq	$24, %rsp
	.cfi_def_cfa_offset 8
	ret
	.cfi_endproc
.LFE23:
	.size	sleep_ms, .-sleep_ms
	.section	.rodata.str1.1,"aMS",@progbits,1
.LC0:
	.string	"echo"
.LC1:
	.string	"ENOMEM"
.LC2:
	.string	"other"
.LC3:
	.string	"argv[%d]=%s\n"
.LC4:
	.string	"env %s\n"
.LC5:
	.string	"exit"
.LC6:
	.string	"exiting %s\n"
.LC7:
	.string	"sleep"
.LC8:
	.string	"fault"
.LC10:
	.string	"spin"
.LC11:
	.string	"mem"
	.section	.rodata.str1.8,"aMS",@progbits,1
	.align 8
.LC12:
	.string	"mem: ENOMEM after %ld MiB (errno %s)\n"
	.section	.rodata.str1.1
.LC13:
	.string	"mem: got %ld MiB\n"
.LC14:
	.string	"threads"
	.section	.rodata.str1.8
	.align 8
.LC15:
	.string	"threads: %d started, %d EAGAIN\n"
	.section	.rodata.str1.1
.LC16:
	.string	"err"
.LC17:
	.string	"%s\n"
.LC18:
	.string	"out\n"
.LC19:
	.string	"cat"
.LC20:
	.string	"put"
.LC21:
	.string	"r"
.LC22:
	.string	"%s %s: %s\n"
.LC23:
	.string	"cat: %s"
.LC24:
	.string	"w"
	.section	.text.startup,"ax",@progbits
	.p2align 4
	.globl	main
	.type	main, @function
main:
.LFB25:
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
	movq	%rsi, %r13
	pushq	%r12
	.cfi_def_cfa_offset 40
	.cfi_offset 12, -40
	movslq	%edi, %r12
	pushq	%rbp
	.cfi_def_cfa_offset 48
	.cfi_offset 6, -48
	pushq	%rbx
	.cfi_def_cfa_offset 56
	.cfi_offset 3, -56
	subq	$264, %rsp
	.cfi_def_cfa_offset 320
	cmpl	$1, %r12d
	jle	.L10
	movq	8(%rsi), %rbx
	leaq	.LC0(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	je	.L11
	leaq	.LC5(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	je	.L78
.L20:
	leaq	.LC7(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	je	.L79
	leaq	.LC8(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	je	.L80
	leaq	.LC10(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	je	.L81
	leaq	.LC11(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	je	.L82
	leaq	.LC14(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	movl	%eax, %r12d
	testl	%eax, %eax
	je	.L83
	leaq	.LC16(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	je	.L84
	leaq	.LC19(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	jne	.L85
.L39:
	cmpb	$112, (%rbx)
	movq	16(%r13), %rdi
	je	.L40
	leaq	.LC21(%rip), %rsi
	movq	%rsp, %rbp
	leaq	.LC23(%rip), %r14
	call	fopen@PLT
	movq	%rax, %r12
	testq	%rax, %rax
	jne	.L41
	jmp	.L45
.L44:
	movq	%rbp, %rsi
	movq	%r14, %rdi
	xorl	%eax, %eax
	call	printf@PLT
.L41:
	movq	%r12, %rdx
	movl	$256, %esi
	movq	%rbp, %rdi
	call	fgets@PLT
	testq	%rax, %rax
	jne	.L44
.L43:
	movq	%r12, %rdi
	call	fclose@PLT
	testl	%eax, %eax
	je	.L9
	movl	$5, %eax
	jmp	.L9
.L86:
	cmpl	$1, %r12d
	jne	.L17
.L11:
	xorl	%ebx, %ebx
	leaq	.LC3(%rip), %rbp
	.p2align 4,,10
	.p2align 3
.L16:
	movq	0(%r13,%rbx,8), %rdx
	movl	%ebx, %esi
	movq	%rbp, %rdi
	xorl	%eax, %eax
	addq	$1, %rbx
	call	printf@PLT
	cmpq	%rbx, %r12
	jne	.L16
.L17:
	movq	environ(%rip), %rbx
	leaq	.LC4(%rip), %rbp
	movq	(%rbx), %rsi
	testq	%rsi, %rsi
	je	.L18
	.p2align 4,,10
	.p2align 3
.L14:
	movq	%rbp, %rdi
	xorl	%eax, %eax
	addq	$8, %rbx
	call	printf@PLT
	movq	(%rbx), %rsi
	testq	%rsi, %rsi
	jne	.L14
.L18:
	xorl	%eax, %eax
	jmp	.L9
.L10:
	leaq	.LC0(%rip), %rbx
	movq	%rbx, %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	je	.L86
	leaq	.LC5(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	jne	.L20
.L19:
	movq	16(%r13), %rsi
	leaq	.LC6(%rip), %rdi
	xorl	%eax, %eax
	call	printf@PLT
	movq	16(%r13), %rdi
	movl	$10, %edx
	xorl	%esi, %esi
	call	strtol@PLT
.L9:
	addq	$264, %rsp
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
.L81:
	.cfi_restore_state
	xorl	%eax, %eax
	movq	%rax, (%rsp)
	.p2align 4,,10
	.p2align 3
.L25:
	movq	(%rsp), %rax
	addq	$1, %rax
	movq	%rax, (%rsp)
	jmp	.L25
.L78:
	cmpl	$3, %r12d
	jle	.L19
	movq	24(%r13), %rdi
	movl	$10, %edx
	xorl	%esi, %esi
	call	strtol@PLT
	movq	%rax, %rdi
	call	sleep_ms
	jmp	.L19
.L79:
	movq	16(%r13), %rdi
	movl	$10, %edx
	xorl	%esi, %esi
	call	strtol@PLT
	movq	%rax, %rdi
	call	sleep_ms
	xorl	%eax, %eax
	jmp	.L9
.L80:
	movdqa	.LC9(%rip), %xmm0
	movq	%rsp, %rdi
	xorl	%esi, %esi
	movaps	%xmm0, (%rsp)
	call	nanosleep@PLT
	xorl	%eax, %eax
	movl	$1, 8
	jmp	.L9
.L85:
	leaq	.LC20(%rip), %rsi
	movq	%rbx, %rdi
	call	strcmp@PLT
	testl	%eax, %eax
	je	.L39
	movl	$99, %eax
	jmp	.L9
.L82:
	movq	16(%r13), %rdi
	movl	$10, %edx
	xorl	%esi, %esi
	call	strtol@PLT
	movq	%rax, %rbp
	testq	%rax, %rax
	jle	.L47
	xorl	%ebx, %ebx
	.p2align 4,,10
	.p2align 3
.L30:
	movl	$1048576, %edi
	call	malloc@PLT
	movq	%rax, %rdi
	testq	%rax, %rax
	je	.L87
	movl	$1048576, %edx
	movl	$1, %esi
	addq	$1, %rbx
	call	memset@PLT
	cmpq	%rbp, %rbx
	jne	.L30
.L27:
	movq	%rbp, %rsi
	leaq	.LC13(%rip), %rdi
	xorl	%eax, %eax
	call	printf@PLT
	xorl	%eax, %eax
	jmp	.L9
.L83:
	movq	16(%r13), %rdi
	movl	$10, %edx
	xorl	%esi, %esi
	xorl	%r13d, %r13d
	xorl	%ebp, %ebp
	leaq	waiter(%rip), %r15
	call	strtol@PLT
	movl	$8, %esi
	movslq	%eax, %rdi
	movl	%eax, %r14d
	call	calloc@PLT
	movq	%rax, %rbx
	jmp	.L32
.L89:
	movq	(%rbx,%rbp,8), %rdx
	movslq	%r13d, %rax
	addl	$1, %r13d
	movq	%rdx, (%rbx,%rax,8)
.L34:
	addq	$1, %rbp
.L32:
	cmpl	%ebp, %r14d
	jle	.L88
	xorl	%ecx, %ecx
	xorl	%esi, %esi
	leaq	(%rbx,%rbp,8), %rdi
	movq	%r15, %rdx
	call	pthread_create@PLT
	testl	%eax, %eax
	je	.L89
	cmpl	$11, %eax
	jne	.L34
	addl	$1, %r12d
	jmp	.L34
.L88:
	leaq	mu(%rip), %rbp
	movq	%rbp, %rdi
	call	pthread_mutex_lock@PLT
	leaq	cv(%rip), %rdi
	movl	$1, go(%rip)
	call	pthread_cond_broadcast@PLT
	movq	%rbp, %rdi
	call	pthread_mutex_unlock@PLT
	movslq	%r13d, %rax
	leaq	(%rbx,%rax,8), %rbp
	jmp	.L36
.L37:
	movq	(%rbx), %rdi
	xorl	%esi, %esi
	addq	$8, %rbx
	call	pthread_join@PLT
.L36:
	cmpq	%rbp, %rbx
	jne	.L37
	movl	%r12d, %edx
	movl	%r13d, %esi
	leaq	.LC15(%rip), %rdi
	xorl	%eax, %eax
	call	printf@PLT
	xorl	%eax, %eax
	jmp	.L9
.L40:
	leaq	.LC24(%rip), %rsi
	call	fopen@PLT
	movq	%rax, %r12
	testq	%rax, %rax
	je	.L45
	movq	24(%r13), %rdi
	movq	%r12, %rsi
	call	fputs@PLT
	jmp	.L43
.L84:
	movq	16(%r13), %rdx
	movq	stderr(%rip), %rdi
	leaq	.LC17(%rip), %rsi
	call	fprintf@PLT
	leaq	.LC18(%rip), %rdi
	xorl	%eax, %eax
	call	printf@PLT
	xorl	%eax, %eax
	jmp	.L9
.L45:
	call	__errno_location@PLT
	movl	(%rax), %edi
	call	strerror@PLT
	movq	16(%r13), %rdx
	movq	%rbx, %rsi
	leaq	.LC22(%rip), %rdi
	movq	%rax, %rcx
	xorl	%eax, %eax
	call	printf@PLT
	movl	$4, %eax
	jmp	.L9
.L47:
	xorl	%ebp, %ebp
	jmp	.L27
.L87:
	call	__errno_location@PLT
	leaq	.LC2(%rip), %rdx
	movq	%rbx, %rsi
	leaq	.LC12(%rip), %rdi
	cmpl	$12, (%rax)
	leaq	.LC1(%rip), %rax
	cmove	%rax, %rdx
	xorl	%eax, %eax
	call	printf@PLT
	movl	$3, %eax
	jmp	.L9
	.cfi_endproc
.LFE25:
	.size	main, .-main
	.local	go
	.comm	go,4,4
	.local	cv
	.comm	cv,48,32
	.local	mu
	.comm	mu,40,32
	.section	.rodata.cst16,"aM",@progbits,16
	.align 16
.LC9:
	.quad	0
	.quad	50000000
	.ident	"GCC: (Debian 12.2.0-14+deb12u1) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
