/* The assembly rewriter: turns compiler (or hand-written) AT&T assembly
 * into the sandboxed form of docs/sfi.md.  See docs/ivcc.md. */
#ifndef IVCC_REWRITE_H
#define IVCC_REWRITE_H
#include <stdio.h>

struct rw_opts {
    const char *asm_name;  /* file name used in messages */
    int strip_debug;       /* drop .loc/.file N and .debug_* sections */
    int rename_reserved;   /* clang back end: move r14 out of the way */
    int verbose;           /* notes on stderr */
    int compiler_output;   /* the text is a compiler's (outside #APP): ivcc may
                            * rely on what compilers emit (bit tests, below) */
};

enum {
    RW_OK = 0,
    RW_ERROR = 1,     /* errors were printed to stderr */
    RW_NO_RENAME = 3, /* clang allocated r14 and no free register was found */
};

/* Rewrites the assembly text BUF to OUT.  Returns an RW_* code. */
int rw_rewrite(const char *buf, FILE *out, const struct rw_opts *o);

#endif
