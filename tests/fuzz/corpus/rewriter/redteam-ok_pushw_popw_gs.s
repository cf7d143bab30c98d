# Red-team case: ok_pushw_popw_gs.  16-bit push/pop of GS+addr32 memory (rsp moves by 2).
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	pushw %gs:(%eax)
	popw %gs:(%eax)
	int3
