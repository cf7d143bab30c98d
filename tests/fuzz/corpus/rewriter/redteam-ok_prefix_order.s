# Red-team case: ok_prefix_order.  GS and addr32 in both orders, repeated, and a REX before them (ignored by Zydis and the CPU alike).
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	.byte 0x67, 0x65, 0x8b, 0x00
	.byte 0x65, 0x67, 0x67, 0x8b, 0x00
	.byte 0x48, 0x65, 0x67, 0x8b, 0x00
	int3
