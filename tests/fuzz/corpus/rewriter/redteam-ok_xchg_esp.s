# Red-team case: ok_xchg_esp.  xchg into esp (always writes, zero-extends) + re-base.
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	xchgl %eax, %esp
	leaq (%rsp,%r14,1), %rsp
	int3
