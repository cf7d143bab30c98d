/* Assembler macros for hand-written sandboxed code (docs/sfi.md).  Every
 * file using them starts with `.bundle_align_mode 5`. */
#ifndef RUNTIME_SFI_ASM_H
#define RUNTIME_SFI_ASM_H

/* A function entry: bundle aligned, so a masked indirect call can reach it. */
#define FUNC(name) .globl name; .type name, @function; .p2align 5; name:
#define END(name) .size name, .-name

/* Runtime call to hostcall slot n: `addr32 call *%gs:DISP32` in the exact
 * encoding of the contract (65 67 ff 14 25 disp32), ending on a bundle
 * end so the return address is a bundle start. */
#define HOSTCALL(n) \
    .bundle_lock align_to_end; \
    gs addr32 call *IV_HC_SLOT(n); \
    .bundle_unlock

/* Direct call ending on a bundle end. */
#define CALL(f) .bundle_lock align_to_end; call f; .bundle_unlock

/* Return: pop, mask to a bundle start, rebase on r14, jump. */
#define RET \
    popq %r11; \
    .bundle_lock; andl $-32, %r11d; addq %r14, %r11; jmpq *%r11; .bundle_unlock

/* rsp := region base + (32-bit value written to esp) */
#define SET_ESP(...) .bundle_lock; __VA_ARGS__; leaq (%rsp,%r14,1), %rsp; .bundle_unlock
#endif
