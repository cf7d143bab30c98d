	.file	"strops.c"
	.text
	.p2align 4
	.type	diff.constprop.0, @function
diff.constprop.0:
.LFB4:
	.cfi_startproc
	leaq	3+src.2(%rip), %rax
	leaq	1+dst.1(%rip), %rdx
	leaq	250(%rax), %rcx
	jmp	.L2
	.p2align 4,,10
	.p2align 3
.L4:
	addq	$1, %rax
	addq	$1, %rdx
	cmpq	%rcx, %rax
	je	.L6
.L2:
	movzbl	(%rdx), %esi
	cmpb	%sil, (%rax)
	je	.L4
	leaq	251+dst.1(%rip), %rcx
	cmpq	%rdx, %rcx
	je	.L6
	movzbl	(%rax), %eax
	movzbl	%sil, %edx
	subl	%edx, %eax
	ret
.L6:
	xorl	%eax, %eax
	ret
	.cfi_endproc
.LFE4:
	.size	diff.constprop.0, .-diff.constprop.0
	.p2align 4
	.type	fill.constprop.0, @function
fill.constprop.0:
.LFB5:
	.cfi_startproc
	movd	%edi, %xmm1
	leaq	w.0(%rip), %rax
	pshuflw	$0, %xmm1, %xmm0
	leaq	100(%rax), %rdx
	.p2align 4,,10
	.p2align 3
.L9:
	movd	%xmm0, (%rax)
	addq	$4, %rax
	cmpq	%rax, %rdx
	jne	.L9
	ret
	.cfi_endproc
.LFE5:
	.size	fill.constprop.0, .-fill.constprop.0
	.p2align 4
	.type	copy_head.constprop.0.isra.0, @function
copy_head.constprop.0.isra.0:
.LFB7:
	.cfi_startproc
	movzbl	3+src.2(%rip), %eax
	leaq	4+src.2(%rip), %rsi
	leaq	2+dst.1(%rip), %rdi
	movb	%al, 1+dst.1(%rip)
	leaq	249(%rsi), %rax
	.p2align 4,,10
	.p2align 3
.L12:
	movsb
	cmpq	%rax, %rsi
	jne	.L12
	ret
	.cfi_endproc
.LFE7:
	.size	copy_head.constprop.0.isra.0, .-copy_head.constprop.0.isra.0
	.section	.rodata.str1.1,"aMS",@progbits,1
.LC0:
	.string	"strops "
.LC1:
	.string	" "
.LC2:
	.string	"\n"
	.section	.text.startup,"ax",@progbits
	.p2align 4
	.globl	main
	.type	main, @function
main:
.LFB3:
	.cfi_startproc
	pushq	%rbx
	.cfi_def_cfa_offset 16
	.cfi_offset 3, -16
	leaq	src.2(%rip), %rax
	movl	%edi, %r8d
	movl	%edi, %edx
	leaq	300(%rax), %rcx
	.p2align 4,,10
	.p2align 3
.L15:
	movb	%dl, (%rax)
	addq	$1, %rax
	addl	$7, %edx
	cmpq	%rcx, %rax
	jne	.L15
	call	copy_head.constprop.0.isra.0
	movl	$1, %edx
	xorl	%ebx, %ebx
	leaq	-1+dst.1(%rip), %rcx
	.p2align 4,,10
	.p2align 3
.L16:
	movzbl	(%rcx,%rdx), %eax
	imull	%edx, %eax
	addq	$1, %rdx
	cltq
	addq	%rax, %rbx
	cmpq	$301, %rdx
	jne	.L16
	leal	1000(%r8), %edi
	movzwl	%di, %edi
	call	fill.constprop.0
	leaq	w.0(%rip), %rax
	leaq	100(%rax), %rcx
	.p2align 4,,10
	.p2align 3
.L17:
	movzwl	(%rax), %edx
	addq	$2, %rax
	addq	%rdx, %rbx
	cmpq	%rax, %rcx
	jne	.L17
	leaq	.LC0(%rip), %rdi
	call	out_str@PLT
	movq	%rbx, %rdi
	leaq	.LC1(%rip), %rbx
	call	out_num@PLT
	movq	%rbx, %rdi
	call	out_str@PLT
	call	diff.constprop.0
	movslq	%eax, %rdi
	call	out_num@PLT
	movq	%rbx, %rdi
	call	out_str@PLT
	xorb	$1, 100+src.2(%rip)
	call	diff.constprop.0
	movslq	%eax, %rdi
	call	out_num@PLT
	leaq	.LC2(%rip), %rdi
	call	out_str@PLT
	xorl	%eax, %eax
	popq	%rbx
	.cfi_def_cfa_offset 8
	ret
	.cfi_endproc
.LFE3:
	.size	main, .-main
	.local	w.0
	.comm	w.0,100,32
	.local	dst.1
	.comm	dst.1,300,32
	.local	src.2
	.comm	src.2,300,32
	.ident	"GCC: (Debian 12.2.0-14+deb12u1) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
