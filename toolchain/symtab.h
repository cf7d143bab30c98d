/* A small string -> flags hash table for the rewriter's symbol facts. */
#ifndef IVCC_SYMTAB_H
#define IVCC_SYMTAB_H
#include <stddef.h>

enum {
    SYM_CODE = 1,   /* defined in an executable section */
    SYM_DATA = 2,   /* defined elsewhere */
    SYM_ADDR = 4,   /* used other than as a direct branch target */
    SYM_FUNC = 8,   /* .type X,@function */
    SYM_GLOBAL = 16,
};

struct symtab {
    struct symtab_ent { char *name; unsigned flags; } *v;
    size_t n, cap; /* cap is a power of two */
};

void symtab_init(struct symtab *t);
void symtab_free(struct symtab *t);
void symtab_or(struct symtab *t, const char *name, size_t len, unsigned flags);
unsigned symtab_get(const struct symtab *t, const char *name, size_t len);
#endif
