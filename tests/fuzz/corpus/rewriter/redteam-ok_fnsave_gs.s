# Red-team case: ok_fnsave_gs.  fnsave: 108 bytes from a GS+addr32 start, the widest allowed access.
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	fnsave %gs:(%eax)
	int3
