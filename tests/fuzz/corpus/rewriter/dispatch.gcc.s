	.file	"dispatch.c"
	.text
	.p2align 4
	.type	add, @function
add:
.LFB0:
	.cfi_startproc
	leaq	(%rdi,%rsi), %rax
	ret
	.cfi_endproc
.LFE0:
	.size	add, .-add
	.p2align 4
	.type	sub, @function
sub:
.LFB1:
	.cfi_startproc
	movq	%rdi, %rax
	subq	%rsi, %rax
	ret
	.cfi_endproc
.LFE1:
	.size	sub, .-sub
	.p2align 4
	.type	mul, @function
mul:
.LFB2:
	.cfi_startproc
	movq	%rdi, %rax
	imulq	%rsi, %rax
	ret
	.cfi_endproc
.LFE2:
	.size	mul, .-mul
	.p2align 4
	.type	mod, @function
mod:
.LFB3:
	.cfi_startproc
	movq	%rdi, %rax
	testq	%rsi, %rsi
	je	.L6
	cqto
	idivq	%rsi
	movq	%rdx, %rsi
.L6:
	movq	%rsi, %rax
	ret
	.cfi_endproc
.LFE3:
	.size	mod, .-mod
	.p2align 4
	.type	mx, @function
mx:
.LFB4:
	.cfi_startproc
	cmpq	%rdi, %rsi
	movq	%rdi, %rax
	cmovge	%rsi, %rax
	ret
	.cfi_endproc
.LFE4:
	.size	mx, .-mx
	.p2align 4
	.type	apply, @function
apply:
.LFB5:
	.cfi_startproc
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	jmp	*%rax
	.cfi_endproc
.LFE5:
	.size	apply, .-apply
	.section	.rodata.str1.1,"aMS",@progbits,1
.LC0:
	.string	"other"
.LC1:
	.string	"one"
.LC2:
	.string	"two"
.LC3:
	.string	"three"
.LC4:
	.string	"five"
.LC5:
	.string	"eight"
.LC6:
	.string	"thirteen"
.LC7:
	.string	"twenty-one"
.LC8:
	.string	"thirty-four"
.LC9:
	.string	"zero"
.LC10:
	.string	"ops "
.LC11:
	.string	"\n"
.LC12:
	.string	"classify "
.LC13:
	.string	" "
	.section	.text.startup,"ax",@progbits
	.p2align 4
	.globl	main
	.type	main, @function
main:
.LFB8:
	.cfi_startproc
	pushq	%r15
	.cfi_def_cfa_offset 16
	.cfi_offset 15, -16
	movslq	%edi, %rsi
	leaq	add(%rip), %rdi
	pushq	%r14
	.cfi_def_cfa_offset 24
	.cfi_offset 14, -24
	pushq	%r13
	.cfi_def_cfa_offset 32
	.cfi_offset 13, -32
	movl	$1, %r13d
	pushq	%r12
	.cfi_def_cfa_offset 40
	.cfi_offset 12, -40
	leaq	ops(%rip), %r12
	pushq	%rbp
	.cfi_def_cfa_offset 48
	.cfi_offset 6, -48
	movl	$3435973837, %ebp
	pushq	%rbx
	.cfi_def_cfa_offset 56
	.cfi_offset 3, -56
	subq	$24, %rsp
	.cfi_def_cfa_offset 80
	jmp	.L14
	.p2align 4,,10
	.p2align 3
.L44:
	movl	%ebx, %edx
	imulq	%rbp, %rdx
	shrq	$34, %rdx
	leal	(%rdx,%rdx,4), %eax
	subl	%eax, %ebx
	movslq	%ebx, %rbx
	movq	(%r12,%rbx,8), %rdi
.L14:
	movq	%r13, %rdx
	movl	%r13d, %ebx
	addq	$1, %r13
	call	apply
	andl	$16777215, %eax
	movq	%rax, %rsi
	cmpq	$201, %r13
	jne	.L44
	leaq	.LC10(%rip), %rdi
	movq	%rax, 8(%rsp)
	leaq	.LC11(%rip), %r14
	xorl	%ebx, %ebx
	call	out_str@PLT
	movq	8(%rsp), %rdi
	call	out_num@PLT
	movq	%r14, %rdi
	call	out_str@PLT
	xorl	%eax, %eax
	leaq	.L17(%rip), %rcx
	.p2align 4,,10
	.p2align 3
.L26:
	movl	%eax, %edx
	movl	%eax, %esi
	andl	$15, %edx
	cmpl	$12, %edx
	ja	.L15
	movslq	(%rcx,%rdx,4), %rdx
	addq	%rcx, %rdx
	jmp	*%rdx
	.section	.rodata
	.align 4
	.align 4
.L17:
	.long	.L21-.L17
	.long	.L25-.L17
	.long	.L24-.L17
	.long	.L23-.L17
	.long	.L21-.L17
	.long	.L22-.L17
	.long	.L22-.L17
	.long	.L22-.L17
	.long	.L21-.L17
	.long	.L20-.L17
	.long	.L19-.L17
	.long	.L18-.L17
	.long	.L16-.L17
	.section	.text.startup
	.p2align 4,,10
	.p2align 3
.L22:
	xorl	$85, %esi
	movslq	%esi, %rsi
	addq	%rsi, %rbx
	.p2align 4,,10
	.p2align 3
.L15:
	addq	$1, %rax
	cmpq	$1000, %rax
	jne	.L26
	leaq	.LC12(%rip), %rdi
	xorl	%ebp, %ebp
	movl	$1, %r15d
	call	out_str@PLT
	movq	%rbx, %rdi
	movl	$10, %ebx
	leaq	.LC13(%rip), %r13
	call	out_num@PLT
	movq	%r14, %rdi
	leaq	.L36(%rip), %r12
	call	out_str@PLT
	leaq	.LC9(%rip), %rdi
	call	out_str@PLT
	cmpl	$1, %ebx
	je	.L42
	.p2align 4,,10
	.p2align 3
.L45:
	movq	%r13, %rdi
	subl	$1, %ebx
	call	out_str@PLT
	leal	(%r15,%rbp), %ecx
	cmpl	$34, %r15d
	ja	.L34
	movl	%r15d, %edx
	movslq	(%r12,%rdx,4), %rdx
	addq	%r12, %rdx
	jmp	*%rdx
	.section	.rodata
	.align 4
	.align 4
.L36:
	.long	.L34-.L36
	.long	.L38-.L36
	.long	.L37-.L36
	.long	.L39-.L36
	.long	.L34-.L36
	.long	.L28-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L30-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L31-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L32-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L34-.L36
	.long	.L33-.L36
	.section	.text.startup
	.p2align 4,,10
	.p2align 3
.L21:
	addq	$1, %rbx
	jmp	.L15
	.p2align 4,,10
	.p2align 3
.L23:
	subq	%rax, %rbx
	jmp	.L15
	.p2align 4,,10
	.p2align 3
.L18:
	sarl	%esi
	movslq	%esi, %rsi
	addq	%rsi, %rbx
	jmp	.L15
	.p2align 4,,10
	.p2align 3
.L19:
	leaq	(%rbx,%rax,4), %rbx
	jmp	.L15
	.p2align 4,,10
	.p2align 3
.L20:
	addq	$99, %rbx
	jmp	.L15
	.p2align 4,,10
	.p2align 3
.L24:
	leaq	(%rax,%rax,2), %rdx
	addq	%rdx, %rbx
	jmp	.L15
	.p2align 4,,10
	.p2align 3
.L25:
	addq	$7, %rbx
	jmp	.L15
	.p2align 4,,10
	.p2align 3
.L16:
	addq	$12, %rbx
	jmp	.L15
	.p2align 4,,10
	.p2align 3
.L34:
	leaq	.LC0(%rip), %rdi
	.p2align 4,,10
	.p2align 3
.L29:
	movl	%r15d, %ebp
	movl	%ecx, %r15d
	call	out_str@PLT
	cmpl	$1, %ebx
	jne	.L45
.L42:
	movq	%r14, %rdi
	call	out_str@PLT
	addq	$24, %rsp
	.cfi_remember_state
	.cfi_def_cfa_offset 56
	xorl	%eax, %eax
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
.L32:
	.cfi_restore_state
	leaq	.LC7(%rip), %rdi
	jmp	.L29
.L31:
	leaq	.LC6(%rip), %rdi
	jmp	.L29
.L30:
	leaq	.LC5(%rip), %rdi
	jmp	.L29
.L28:
	leaq	.LC4(%rip), %rdi
	jmp	.L29
.L33:
	leaq	.LC8(%rip), %rdi
	jmp	.L29
.L39:
	leaq	.LC3(%rip), %rdi
	jmp	.L29
.L37:
	leaq	.LC2(%rip), %rdi
	jmp	.L29
.L38:
	leaq	.LC1(%rip), %rdi
	jmp	.L29
	.cfi_endproc
.LFE8:
	.size	main, .-main
	.section	.data.rel.ro.local,"aw"
	.align 32
	.type	ops, @object
	.size	ops, 40
ops:
	.quad	add
	.quad	sub
	.quad	mul
	.quad	mod
	.quad	mx
	.ident	"GCC: (Debian 12.2.0-14+deb12u1) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
