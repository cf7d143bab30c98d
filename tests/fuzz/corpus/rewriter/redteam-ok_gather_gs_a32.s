# Red-team case: ok_gather_gs_a32.  AVX2 gather with GS+addr32: every element address is truncated to 32 bits (see run_gather_wrap).
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	vpgatherqq %ymm2, %gs:(%eax,%ymm1,8), %ymm0
	int3
