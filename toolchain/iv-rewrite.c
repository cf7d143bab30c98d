/* iv-rewrite: the rewriter on its own, for tests and for debugging ivcc.
 *   iv-rewrite [--strip-debug] [--rename-r14] [-o OUT] IN.s
 * Exit status: 0 ok, 1 errors, 3 r14 could not be renamed. */
#include "rewrite.h"
#include "readfile.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    struct rw_opts o = {0};
    const char *in = NULL, *outp = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--strip-debug"))
            o.strip_debug = 1;
        else if (!strcmp(argv[i], "--rename-r14"))
            o.rename_reserved = 1;
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            outp = argv[++i];
        else if (!in)
            in = argv[i];
        else {
            fprintf(stderr, "usage: iv-rewrite [--strip-debug] [--rename-r14] [-o OUT] IN.s\n");
            return 2;
        }
    }
    if (!in) {
        fprintf(stderr, "usage: iv-rewrite [--strip-debug] [--rename-r14] [-o OUT] IN.s\n");
        return 2;
    }
    char *buf = read_file(strcmp(in, "-") ? in : NULL);
    if (!buf) {
        perror(in);
        return 2;
    }
    o.asm_name = in;
    o.verbose = 1;
    FILE *f = outp ? fopen(outp, "w") : stdout;
    if (!f) {
        perror(outp);
        return 2;
    }
    int rc = rw_rewrite(buf, f, &o);
    if (outp && fclose(f) != 0)
        rc = 2;
    free(buf);
    if (rc != 0 && outp)
        remove(outp);
    return rc;
}
