# Red-team case: run_x87_pending.  An unmasked x87 exception left pending across a hostcall: the trampoline's fldcw raises #MF; contained as a cVM fault, not a monitor fault.
# RUN-EXIT: 136
# RUN-MSG: SIGFPE
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
	pushq $0x0040
	fldcw %gs:(%esp)
	fld1
	fldz
	fdivrp %st, %st(1)
	movl $3, %edi
	HC 3
	movl $7, %edi
	HC 0
