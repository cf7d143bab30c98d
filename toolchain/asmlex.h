/* Lexing of GNU AT&T assembly text into statements and operands. */
#ifndef IVCC_ASMLEX_H
#define IVCC_ASMLEX_H
#include <stddef.h>
#include "regs.h"

enum stmt_kind {
    ST_TEXT,     /* a label/directive/instruction statement (text may be "") */
    ST_LINEMARK, /* gcc's "# LINE "FILE" FLAGS" marker around inline asm */
    ST_APP,      /* "#APP": start of inline asm (compiler output) */
    ST_NOAPP,    /* "#NO_APP" */
};

struct stmt {
    enum stmt_kind kind;
    int line;     /* 1-based line in the assembly file */
    char *text;   /* comment-free, trimmed; owned */
    int mark_line;        /* ST_LINEMARK: source line */
    char *mark_file;      /* ST_LINEMARK: source file (owned, may be "") */
};

struct stmts {
    struct stmt *v;
    size_t n, cap;
};

/* Splits the whole assembly text BUF into statements: strips '#' and C
 * comments (outside strings), splits on ';' and newlines. */
void lex_statements(const char *buf, struct stmts *out);
void stmts_free(struct stmts *s);

/* Splits an operand list at top-level commas (not inside (), {} or
 * strings).  Writes up to MAX pointers into OPS, each a trimmed copy;
 * returns the count, or -1 if there are more than MAX. */
int split_operands(const char *s, char **ops, int max);

/* A parsed explicit memory operand:  [*][%seg:]disp[(base[,index[,scale]])][{...}] */
struct memop {
    int star;          /* leading '*' (indirect branch) */
    char seg[4];       /* "" or "fs", "gs", ... */
    char *disp;        /* owned, may be "" */
    int has_parens;
    struct reg base, index; /* fam R_NONE if absent */
    int scale;         /* 1 if absent */
    char vindex[8];    /* VSIB index ("xmm3"), else "" */
    char *tail;        /* owned: AVX-512 "{%k1}" etc., may be "" */
};

/* Returns 1 if operand OP (already trimmed, without any leading '*') is a
 * memory operand, 0 for registers and immediates. */
int is_memory_operand(const char *op);
/* Parses OP as a memory operand; returns 0 or -1 (unparseable). */
int parse_memop(const char *op, struct memop *m);
void memop_free(struct memop *m);
/* 1 if the displacement is a plain number/arithmetic (no symbols). */
int disp_is_numeric(const char *d);
/* Evaluates a numeric displacement; returns 0 on success. */
int disp_value(const char *d, long long *v);
/* Parses "%name" as a GPR: returns 0 and fills R, else -1. */
int parse_reg_operand(const char *op, struct reg *r);

/* Appends a symbol-like token scan: calls CB for each identifier in S that
 * is not a register (preceded by '%') and not a relocation specifier
 * (after '@'). */
void scan_symbols(const char *s, void (*cb)(const char *name, size_t len, void *ctx), void *ctx);

char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xrealloc(void *p, size_t n);


/* If S starts with a label definition ("name:"), returns the length of the
 * name and sets *rest to the text after the colon; else returns 0. */
size_t lex_label(const char *s, const char **rest);
/* Splits an instruction statement into its first word (lower-cased into
 * WORD, at most WMAX-1 chars) and the remaining text. */
const char *lex_word(const char *s, char *word, size_t wmax);
#endif
