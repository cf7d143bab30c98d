/* crt0 for cVMs without a libc: _start(argc, argv, envp) -> main -> iv_exit.
 * Entered like Linux _start: rsp -> argc, argv[], NULL, envp[], NULL, auxv. */
#include <intravisor/hostcall.h>
#include "sfi_asm.h"
    .bundle_align_mode 5
    .text
FUNC(_start)
    movq %rsp, %rbx
    movl %gs:(%ebx), %edi          /* argc */
    leaq 8(%rsp), %rsi             /* argv (full addresses: rsp is B + x) */
    leaq 16(%rsp,%rdi,8), %rdx     /* envp = argv + argc + 1 */
    SET_ESP(andl $-16, %esp)       /* 16-aligned before the call */
    CALL(main)
    movl %eax, %edi
    CALL(iv_exit)
    ud2
END(_start)
    .section .note.GNU-stack,"",@progbits
