# Red-team case: ok_rtcall_order.  The runtime call with its two prefixes in either order.
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	xorl %edi, %edi
	.p2align 5
	.fill 23, 1, 0x90
	.byte 0x67, 0x65, 0xff, 0x14, 0x25, 0x00, 0x00, 0x01, 0x00
	int3
