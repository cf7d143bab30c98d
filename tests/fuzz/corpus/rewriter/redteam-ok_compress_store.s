# Red-team case: ok_compress_store.  AVX-512 compress store (at most 64 bytes from a GS+addr32 start).
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	vpcompressd %zmm0, %gs:(%eax) {%k1}
	int3
