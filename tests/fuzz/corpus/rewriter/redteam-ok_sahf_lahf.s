# Red-team case: ok_sahf_lahf.  sahf/lahf touch only the arithmetic flags.
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	lahf
	sahf
	int3
