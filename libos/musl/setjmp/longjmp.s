# longjmp for cVMs: restores rbx rbp r12 r13 r15 rsp (not r14, the region
# base, which cVM code may not write) and jumps to the saved pc.
# The rsp write and the jump are sandboxed by ivcc (32-bit write + re-base,
# masked indirect jump), so a corrupted jmp_buf cannot leave the region.
	.text
	.global _longjmp
	.global longjmp
	.type _longjmp,@function
	.type longjmp,@function
_longjmp:
longjmp:
	xor %eax,%eax
	cmp $1,%esi             # CF = (val == 0)
	adc %esi,%eax           # eax = val ? val : 1
	mov (%rdi),%rbx
	mov 8(%rdi),%rbp
	mov 16(%rdi),%r12
	mov 24(%rdi),%r13
	mov 40(%rdi),%r15
	mov 48(%rdi),%rsp
	jmp *56(%rdi)
