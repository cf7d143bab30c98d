# setjmp for cVMs. jmp_buf: rbx rbp r12 r13 r14 r15 rsp pc (musl's layout).
# r14 (the region base) is saved only to keep the layout: longjmp never
# restores it, since cVM code may not write it. r15 is an ordinary
# callee-saved register (docs/sfi.md section 7). ivcc sandboxes this file
# like any other.
	.text
	.global __setjmp
	.global _setjmp
	.global setjmp
	.type __setjmp,@function
	.type _setjmp,@function
	.type setjmp,@function
__setjmp:
_setjmp:
setjmp:
	mov %rbx,(%rdi)
	mov %rbp,8(%rdi)
	mov %r12,16(%rdi)
	mov %r13,24(%rdi)
	mov %r14,32(%rdi)
	mov %r15,40(%rdi)
	lea 8(%rsp),%rdx        # the caller's rsp after we return
	mov %rdx,48(%rdi)
	mov (%rsp),%rdx         # our return address: a bundle start
	mov %rdx,56(%rdi)
	xor %eax,%eax
	ret
