/* Internal interface of the verifier (the trusted core).  See docs/sfi.md
 * for the rules and docs/verifier.md for how they are checked. */
#ifndef VERIFIER_INTERNAL_H
#define VERIFIER_INTERNAL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <Zydis/Zydis.h>
#include "intravisor/sfi.h"
#include "intravisor/verifier.h"

/* One executable segment (ET_DYN PT_LOAD) or section (ET_REL) to verify. */
struct iv_seg {
    const uint8_t *code;   /* its bytes in the file */
    size_t size;           /* bytes present in the file (p_filesz / sh_size) */
    uint64_t vaddr;        /* address of code[0]; bundle aligned */
    uint64_t span_lo;      /* RIP-relative targets must lie in [span_lo, span_hi) */
    uint64_t span_hi;
    uint64_t file_off;     /* added to error offsets (file offset of code[0]) */
    /* ET_REL only (else NULL): one bit per byte, set where a relocation's
     * r_offset points.  A branch displacement or RIP-relative displacement
     * starting at such a byte is patched at link time, so its target is not
     * checked here (the linked image is verified again before it runs). */
    const uint64_t *reloc;
    /* Optional output (NULL: not wanted): one bit per byte, set where an
     * accepted masked jump through %r11 (`jmp *%r11`) starts -- the last
     * instruction of a masked return, which the monitor may turn into
     * `push %r11; ret` (loader.c, fast returns). */
    uint64_t *jumps;
};

/* Verification options (for tests and the benchmark; 0 = production). */
enum {
    IV_OPT_NO_FASTPATH = 1, /* decode everything with Zydis */
    IV_OPT_CROSSCHECK = 2,  /* re-check every fast-path verdict with Zydis; mismatch = error */
    IV_OPT_ONE_THREAD = 4,  /* no worker threads */
};

int iv_verify_seg(const struct iv_seg *seg, int opts, struct iv_verify_error *err);
int iv_verify_code_opts(const uint8_t *code, size_t size, uint64_t vaddr,
                        uint64_t span_lo, uint64_t span_hi, int opts,
                        struct iv_verify_error *err);
int iv_verify_elf_opts(const uint8_t *data, size_t size, int opts,
                       struct iv_verify_error *err);
int iv_verify_elf_sites_opts(const uint8_t *data, size_t size, int opts, struct iv_verify_error *err,
                             void (*site)(void *arg, uint64_t vaddr), void *arg);

/* allowlist.c: NULL if the instruction (class) is allowed, else the reason. */
const char *iv_insn_denied(const ZydisDecodedInstruction *insn);

/* code.c: the length of the canonical padding nop at p (n bytes), or 0. */
int iv_padding_nop(const uint8_t *p, size_t n);

/* Fills err (offset, reason; insn left empty). Always returns -1. */
int iv_fail(struct iv_verify_error *err, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Pseudo-instruction parts, as tracked within a bundle (code.c). */
enum iv_kind {
    IV_K_OTHER,
    IV_K_MASK,   /* andl $-32, R32            (reg = R) */
    IV_K_ADDB,   /* addq %r14, R64 right after the mask of R */
    IV_K_ESPW,   /* writes esp; needs the re-base next */
    /* andl $15 / $31 / $63, R32 (reg = R): R now holds a bit offset inside
     * a word, dword or qword, so the bt/bts/btr/btc right after it may take
     * R as its bit offset on memory (sfi.md §3) */
    IV_K_BIT15,
    IV_K_BIT31,
    IV_K_BIT63,
};

/* fastpath.c: a small hand-written decoder for the commonest instruction
 * forms.  Returns the length (>0) of an instruction starting at p (n bytes
 * available) that it recognises *and* knows to break no rule of
 * docs/sfi.md by itself; what depends on context it reports in *fp for
 * the caller to check (branch targets, call placement, RIP-relative spans,
 * pseudo-instruction parts).  Returns 0 if it does not know: the caller then
 * uses Zydis.  Cross-checked against Zydis in tests/groups/10-verifier-fastpath.sh. */
enum {
    IV_FP_BRANCH = 1,   /* direct branch: rel is the displacement, at disp_off */
    IV_FP_CALL = 2,     /* a call: must end at a bundle end */
    IV_FP_RIP = 4,      /* RIP-relative access: rel is disp32, at disp_off */
    IV_FP_INDIRECT = 8, /* jmp/call *R64 (reg = R): needs the mask and add just before */
};
struct iv_fp {
    int flags;
    int64_t rel;
    int disp_off;
    enum iv_kind kind;
    int reg;            /* register number 0-15 for IV_K_MASK, IV_K_ADDB, IV_K_BIT15..63, IV_FP_INDIRECT */
};
void iv_fastpath_init(void);
int iv_fastpath(const uint8_t *p, size_t n, struct iv_fp *fp);

#endif
