# Red-team case: ok_pushfq.  pushfq (popfq is denied).
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	pushfq
	int3
