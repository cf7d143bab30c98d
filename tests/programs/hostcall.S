/* Hostcall stubs for the test programs, written directly in sandboxed form
 * and assembled with `ivcc -fsfi-sandboxed-asm` (no rewriting; the
 * verifier still checks them).  Arguments are already in SysV registers,
 * which is the hostcall ABI (include/intravisor/hostcall.h). */
#include <intravisor/hostcall.h>

#define RETURN \
    .bundle_lock; popq %r11; andl $-32, %r11d; addq %r14, %r11; jmp *%r11; .bundle_unlock

    .text
    .globl hc_write
    .type hc_write, @function
    .p2align 5
hc_write:
    .bundle_lock align_to_end
    gs; addr32 call *IV_HC_SLOT(IV_HC_WRITE)
    .bundle_unlock
    RETURN
    .size hc_write, .-hc_write

    .globl hc_set_tp
    .type hc_set_tp, @function
    .p2align 5
hc_set_tp:
    .bundle_lock align_to_end
    gs; addr32 call *IV_HC_SLOT(IV_HC_SET_TP)
    .bundle_unlock
    RETURN
    .size hc_set_tp, .-hc_set_tp

    .globl hc_exit
    .type hc_exit, @function
    .p2align 5
hc_exit:
    .bundle_lock align_to_end
    gs; addr32 call *IV_HC_SLOT(IV_HC_EXIT)
    .bundle_unlock
    ud2
    .size hc_exit, .-hc_exit
    .section .note.GNU-stack,"",@progbits
