/* Monitor <-> cVM transitions.  See docs/monitor.md.
 *
 * The monitor never trusts a cVM register: the trampoline finds its own
 * context through FS (which cVM code cannot touch), runs C on the monitor
 * stack saved by iv_enter, and returns to the cVM through a return address
 * it pops from the cVM stack and masks to a bundle start inside the region. */
#include "core/ctx.h"
#include <intravisor/hostcall.h>
#include <intravisor/sfi.h>

    .text

/* Zero the vector registers (and AVX-512 masks) the monitor's C code may
 * have left its data in (glibc's string functions use them): every one is
 * call-clobbered in the SysV ABI, so a cVM cannot expect them kept, and
 * without this a hostcall handed it monitor pointers and stack canaries.
 * Uses ecx.  iv_vec_level (hostcall.c): 0 SSE, 1 AVX, 2 AVX-512. */
.macro SCRUB_VECTORS
    movzbl iv_vec_level(%rip), %ecx
    testl %ecx, %ecx
    jz 1f
    /* ymm0-15 (zmm0-15 whole on AVX-512): vzeroupper clears the upper
     * bits and the "dirty upper" state, then a VEX.128 zeroing idiom per
     * register clears the rest.  The same end state as vzeroall, which is
     * microcoded: 4.7 ns against 1.3 here. */
    vzeroupper
    .irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    vpxor %xmm\r, %xmm\r, %xmm\r
    .endr
    cmpl $2, %ecx
    jb 2f
    .irp r, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    vpxord %zmm\r, %zmm\r, %zmm\r
    .endr
    .irp r, 0, 1, 2, 3, 4, 5, 6, 7
    kxorw %k\r, %k\r, %k\r
    .endr
    jmp 2f
1:
    .irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    pxor %xmm\r, %xmm\r
    .endr
2:
.endm

/* Empties the x87 register stack with every data register zeroed (fnsave,
 * which cVMs may use, stores the contents of empty registers too), so a
 * CAP call passes nothing of one cVM's long-double work to another.
 * Leaves the default control word (0x37f). */
.macro SCRUB_X87
    fninit
    .rept 8
    fldz
    .endr
    fninit
.endm

/* The whole x87 state to its initial configuration: registers zeroed,
 * stack empty, FIP/FDP/FOP, status and control word (0x37f) reset -- or
 * nothing, where XINUSE says it is in that configuration already
 * (iv_x87_scrub, hostcall.c).  The transitions load the x87 control word
 * only when it differs (FCW_TO): loading even the same value marks the
 * state in use, and every CAP call would pay for the XRSTOR.
 * Uses eax, ecx, edx. */
.macro SCRUB_X87_FAST
    movzbl iv_x87_scrub(%rip), %eax
    testl %eax, %eax
    jz 83f
    cmpl $2, %eax
    jb 82f
    movl $1, %ecx
    xgetbv
    testl $1, %eax                  /* XINUSE[0]: x87 not in its initial configuration */
    jz 84f
82:
    movl $1, %eax
    xorl %edx, %edx
    xrstor iv_xinit_area(%rip)
    jmp 84f
83:
    SCRUB_X87
84:
.endm

/* fldcw SRC if the control word in memory at SRC differs from the one at
 * CUR (which the x87 holds now); scratch: a 32-bit register and its 16-bit
 * half.  fnstcw and a compare cost ~1.5 ns against ~5 for the loads. */
.macro FCW_TO src, cur, r32, r16
    movzwl \src, \r32
    cmpw \cur, \r16
    je 85f
    fldcw \src
85:
.endm

/* void iv_scrub_x87(void): SCRUB_X87_FAST for C (capcall.c, after a call),
 * keeping the control word. */
    .globl iv_scrub_x87
    .type iv_scrub_x87, @function
iv_scrub_x87:
    fnstcw -8(%rsp)                 /* kept: the scrub resets it to 0x37f */
    SCRUB_X87_FAST
    fnstcw -16(%rsp)
    FCW_TO -8(%rsp), -16(%rsp), %eax, %ax
    ret
    .size iv_scrub_x87, .-iv_scrub_x87

/* Saves the monitor's callee-saved registers, rsp (as CTX_MON_RSP: where
 * iv_leave and the hostcall trampoline find the monitor stack), MXCSR and
 * the x87 control word; the cVM starts with the monitor's FP control state.
 * rdi = t. */
.macro ENTER_SAVE
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp                   /* 16-aligned: hostcalls call C from here */
    movq %rsp, CTX_MON_RSP(%rdi)
    stmxcsr CTX_MON_MXCSR(%rdi)
    fnstcw CTX_MON_FCW(%rdi)
    movl CTX_MON_MXCSR(%rdi), %eax
    movl %eax, CTX_CVM_MXCSR(%rdi)
    movw CTX_MON_FCW(%rdi), %ax
    movw %ax, CTX_CVM_FCW(%rdi)
    movq CTX_BASE(%rdi), %r14
.endm

/* long iv_enter(struct iv_thread *t, uint64_t pc, uint64_t rsp, uint64_t tp,
 *               uint64_t arg0)
 * Enters cVM code at pc with rsp, r14 = t->base, rdi = arg0, the thread
 * pointer tp in this thread's TCB word %fs:IV_TP_SLOT (docs/sfi.md section
 * 7) and every other register zeroed (no monitor pointer leaks in).  GS
 * base must already be the region base.  "Returns" when iv_leave runs on this thread. */
    .globl iv_enter
    .type iv_enter, @function
iv_enter:
    ENTER_SAVE
    movq %rcx, %fs:IV_TP_SLOT
    movq %rsi, %r11
    movq %rdx, %rsp
    movq %r8, %rdi
    cld
    SCRUB_VECTORS                   /* before xorl %ecx: it uses ecx */
    xorl %eax, %eax
    xorl %ebx, %ebx
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %esi, %esi
    xorl %ebp, %ebp
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r12d, %r12d
    xorl %r13d, %r13d
    xorl %r15d, %r15d
    jmp *%r11
    .size iv_enter, .-iv_enter

/* long iv_enter_call(struct iv_thread *t, const struct iv_call_regs *r)
 * iv_enter for a CAP call (capcall.c): a nested entry on the same host
 * thread, into the region t->base now names, at r->pc with rsp = r->sp,
 * the thread pointer r->tp, rax = r->rax and rdi..r9 = r->arg[0..5]; every
 * other register zeroed.  The caller (capcall.c) puts the calling cVM's
 * thread pointer back afterwards.  Whatever the caller cVM had in its
 * registers is saved on the monitor stack by ENTER_SAVE (as monitor values)
 * or already scrubbed: the callee sees none of it. */
    .globl iv_enter_call
    .type iv_enter_call, @function
iv_enter_call:
    ENTER_SAVE
    cld
    SCRUB_VECTORS                   /* uses ecx: before rcx is loaded */
    SCRUB_X87_FAST                  /* uses eax, ecx, edx: likewise */
    fnstcw (%rsp)                   /* 0x37f if just scrubbed; the callee gets the monitor's */
    FCW_TO CTX_MON_FCW(%rdi), (%rsp), %eax, %ax
    movq CALLREGS_TP(%rsi), %r11
    movq %r11, %fs:IV_TP_SLOT
    movq CALLREGS_PC(%rsi), %r11
    movq CALLREGS_RAX(%rsi), %rax
    movq CALLREGS_ARG+16(%rsi), %rdx
    movq CALLREGS_ARG+24(%rsi), %rcx
    movq CALLREGS_ARG+32(%rsi), %r8
    movq CALLREGS_ARG+40(%rsi), %r9
    movq CALLREGS_ARG(%rsi), %rdi
    movq CALLREGS_SP(%rsi), %rsp
    movq CALLREGS_ARG+8(%rsi), %rsi
    xorl %ebx, %ebx
    xorl %ebp, %ebp
    xorl %r10d, %r10d
    xorl %r12d, %r12d
    xorl %r13d, %r13d
    xorl %r15d, %r15d
    jmp *%r11
    .size iv_enter_call, .-iv_enter_call

/* _Noreturn void iv_leave(struct iv_thread *t, long why)
 * Makes the iv_enter of this thread return `why`, discarding everything
 * pushed since (cVM state and any hostcall frames).  Also the target of a
 * signal handler that rewrites the interrupted context (faults, kills). */
    .globl iv_leave
    .type iv_leave, @function
iv_leave:
    movq CTX_MON_RSP(%rdi), %rsp
    ldmxcsr CTX_MON_MXCSR(%rdi)
    fnstcw (%rsp)                   /* the alignment slot ENTER_SAVE left */
    FCW_TO CTX_MON_FCW(%rdi), (%rsp), %eax, %ax
    cld
    movq %rsi, %rax
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size iv_leave, .-iv_leave

/* Monitor values out of the scratch registers on the way back to a cVM
 * (rax is the result, rcx the return address, the rest the cVM's). */
.macro SCRUB_SCRATCH
    xorl %edx, %edx
    xorl %esi, %esi
    xorl %edi, %edi
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r11d, %r11d
.endm

/* Everything from here to iv_tramp_end runs on behalf of a cVM thread with
 * no monitor lock held: the signal code may abandon it at any point. */
    .p2align 6
    .globl iv_tramp_start
iv_tramp_start:
/* From cVM code to the monitor stack: r11 = this thread's context, the
 * cVM's rsp saved, its MXCSR and x87 control word saved and the monitor's
 * loaded.  Hygiene: DF clear for C; AC cannot be set by cVM code (popf is
 * denied, stac is privileged).  The loads are unconditional: reading back
 * what stmxcsr just stored to compare it stalls (no store forwarding from
 * it), which cost more than the ldmxcsr/fldcw pair (bench/monitor_bench.sh). */
.macro TO_MONITOR
    movq %fs:iv_self@tpoff, %r11
    movq %rsp, CTX_CVM_RSP(%r11)
    movq CTX_MON_RSP(%r11), %rsp
    cld
    stmxcsr CTX_CVM_MXCSR(%r11)
    fnstcw CTX_CVM_FCW(%r11)
    ldmxcsr CTX_MON_MXCSR(%r11)
    FCW_TO CTX_MON_FCW(%r11), CTX_CVM_FCW(%r11), %r10d, %r10w /* r10: no argument */
.endm

iv_hostcall_common:
    /* eax = slot (set by the stub); rsp = cVM stack, [rsp] = return address */
    TO_MONITOR
    incq CTX_HC_COUNT(%r11,%rax,8)  /* statistics; eax < IV_HC_MAX (stub) */
    leaq iv_hostcall_table(%rip), %r10
    call *(%r10,%rax,8)             /* C handler: cVM's rdi..r9 are its args */
iv_hostcall_return:                 /* rax = result, rsp = the thread's monitor stack */
    movq %fs:iv_self@tpoff, %r11
9:  movq CTX_CVM(%r11), %rcx
    cmpl $0, CVM_DYING(%rcx)
    jne 7f
    cmpl $0, CVM_POST_DUE(%rcx)
    jne 8f
    cmpl $0, CVM_FAST_RET(%rcx)
    je 4f
    decl CVM_FAST_LEFT(%rcx)        /* fast returns (on or paused): a look */
    jnz 4f                          /* at the hostcall rate now and then */
    pushq %rax
    pushq %rax
    movq %rcx, %rdi
    call iv_fastret_look
    popq %rax
    popq %rax
    movq %fs:iv_self@tpoff, %r11
    jmp 9b
4:
    SCRUB_VECTORS                   /* rax (the result) and r11 untouched */
    ldmxcsr CTX_CVM_MXCSR(%r11)
    FCW_TO CTX_CVM_FCW(%r11), CTX_MON_FCW(%r11), %ecx, %cx
    movq CTX_CVM_RSP(%r11), %rsp
    movq CTX_BASE(%r11), %r14       /* never rely on the value left in r14 */
    popq %rcx                       /* untrusted return address ... */
    andl $-32, %ecx                 /* ... masked to a bundle start */
    addq %r14, %rcx                 /* ... inside this cVM's region */
    movq CTX_CVM(%r11), %rdx
    cmpl $1, CVM_FAST_RET(%rdx)     /* IV_FASTRET_ON (not PAUSED) */
    je 6f
    SCRUB_SCRATCH
    jmp *%rcx
    /* Fast returns: the cVM's one thread is this one, so nothing else can
     * write the slot between the push and the ret, and a ret keeps the
     * return-stack buffer in step with the cVM's call of the stub (its
     * own returns are rets now: a jump here would make each of them up
     * the call stack mispredict). */
6:  pushq %rcx
    SCRUB_SCRATCH
    ret
7:  movq %r11, %rdi                 /* the cVM is dying: do not go back */
    movl $IV_LEAVE_KILLED, %esi
    jmp iv_leave
8:  pushq %rax                      /* a signal post to write (sigpost.c); */
    pushq %rax                      /* rsp stays 16-aligned for C */
    movq %rcx, %rdi
    call iv_sigpost_deliver
    popq %rax
    popq %rax
    movq %fs:iv_self@tpoff, %r11
    jmp 9b                          /* it may be dying now: look again */

/* The CAP call slot: like iv_hostcall_common, but rax is the import handle,
 * passed to the slot's handler (ipc/capcall.c's hc_cap_call, registered in
 * the table like any other) as its 7th (stack) argument. */
iv_cap_call_entry:
    TO_MONITOR
    incq CTX_HC_COUNT+8*IV_HC_CAP_CALL(%r11)
    subq $8, %rsp                   /* keep the call 16-aligned */
    pushq %rax
    call *iv_hostcall_table+8*IV_HC_CAP_CALL(%rip)
    addq $16, %rsp
    jmp iv_hostcall_return

/* One 16-byte stub per runtime-call slot: the table entry for slot N is
 * iv_hc_stubs + 16 * N. */
    .p2align 4
    .globl iv_hc_stubs
iv_hc_stubs:
    .set slot, 0
    .rept IV_HC_MAX
    .p2align 4
    .if slot == IV_HC_CAP_CALL
    jmp iv_cap_call_entry           /* eax holds the handle */
    .else
    movl $slot, %eax
    jmp iv_hostcall_common
    .endif
    .set slot, slot + 1
    .endr
    .globl iv_tramp_end
iv_tramp_end:
    .section .note.GNU-stack,"",@progbits
