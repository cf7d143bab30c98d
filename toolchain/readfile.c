#include "readfile.h"
#include "asmlex.h"
#include <stdio.h>

char *read_file(const char *path)
{
    FILE *f = path ? fopen(path, "rb") : stdin;
    if (!f)
        return NULL;
    size_t n = 0, cap = 65536;
    char *b = xrealloc(NULL, cap);
    size_t k;
    while ((k = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n < 2)
            b = xrealloc(b, cap *= 2);
    }
    b[n] = 0;
    if (path)
        fclose(f);
    return b;
}
