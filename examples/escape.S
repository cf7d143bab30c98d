/* A hostile image: hand-written assembly that tries to make a Linux system
 * call directly, assembled with plain clang (an attacker brings their own
 * bytes, not ivcc's): only the verifier stands in the way, and it refuses. */
	.bundle_align_mode 5
	.text
	.globl _start
	.p2align 5
_start:
	movl $60, %eax      /* exit_group */
	xorl %edi, %edi
	syscall
