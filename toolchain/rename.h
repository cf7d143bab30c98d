/* clang (14) cannot reserve r14 (-ffixed-r14 is not supported on x86),
 * so ivcc renames it after the fact.  See rename.c. */
#ifndef IVCC_RENAME_H
#define IVCC_RENAME_H
#include "asmlex.h"

/* Renames r14 in every function of S that the compiler allocated it
 * in.  Returns 0, or -1 if some function has no free callee-saved
 * register to use instead (the name of the first such function is stored
 * in *bad, owned by the caller). */
int rename_reserved(struct stmts *s, char **bad);

#endif
