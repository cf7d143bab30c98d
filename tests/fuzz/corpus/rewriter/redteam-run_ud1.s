# Red-team case: run_ud1.  ud1 (allowed, traps).
# RUN-EXIT: 132
# RUN-MSG: SIGILL
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
	ud1 %gs:(%eax), %eax
