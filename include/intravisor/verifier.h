/* The load-time verifier: the executable form of docs/sfi.md. */
#ifndef INTRAVISOR_VERIFIER_H
#define INTRAVISOR_VERIFIER_H
#include <stddef.h>
#include <stdint.h>

struct iv_verify_error {
    uint64_t offset;   /* file offset of the offending byte/header (code: the instruction) */
    char insn[96];     /* the instruction in AT&T syntax, or "" for ELF-level errors */
    char reason[192];  /* which rule it breaks, in words */
};

/* Verify a whole ELF64 x86-64 file (ET_DYN image or ET_REL object) held in
 * memory.  Returns 0 if it satisfies the contract, -1 otherwise with *err set. */
int iv_verify_elf(const uint8_t *data, size_t size, struct iv_verify_error *err);

/* iv_verify_elf, and once an ET_DYN image is accepted: site(arg, vaddr)
 * for every masked indirect jump through %r11 in it (`jmp *%r11`, ending
 * `andl $-32,%r11d; addq %r14,%r11` in its bundle), by ascending vaddr. */
int iv_verify_elf_sites(const uint8_t *data, size_t size, struct iv_verify_error *err,
                        void (*site)(void *arg, uint64_t vaddr), void *arg);

/* Verify raw code bytes that will execute at virtual address `vaddr`
 * (bundle aligned).  RIP-relative operands must target [span_lo, span_hi).
 * err->offset is relative to `code`.  Returns 0 or -1. */
int iv_verify_code(const uint8_t *code, size_t size, uint64_t vaddr,
                   uint64_t span_lo, uint64_t span_hi, struct iv_verify_error *err);

#endif
