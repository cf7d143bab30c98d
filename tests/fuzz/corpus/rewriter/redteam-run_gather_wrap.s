# Red-team case: run_gather_wrap.  AVX2 gather with GS+addr32 whose element addresses wrap past 4 GiB: each address is truncated to 32 bits, so it reads the runtime table (region offset 0x10000), not B+4GiB+0x10000.
# RUN-EXIT: 0

	.text
	.bundle_align_mode 5
	.globl _start
.macro HC slot
	.p2align 5
	.fill 23, 1, 0x90
	addr32 call *%gs:(0x10000 + 8 * \slot)
.endm
	.p2align 5
_start:
	movl $0x11000, %eax
	vmovd %eax, %xmm1
	vpbroadcastd %xmm1, %ymm1
	vpcmpeqd %ymm2, %ymm2, %ymm2
	vpxor %ymm0, %ymm0, %ymm0
	movl $0xfffff000, %ecx
	vpgatherdd %ymm2, %gs:(%ecx,%ymm1,1), %ymm0
	vmovd %xmm0, %eax
	addr32 movl %gs:0x10000, %edx
	movl $5, %edi
	cmpl %eax, %edx
	jne 1f
	xorl %edi, %edi
1:
	vzeroupper
	HC 0
