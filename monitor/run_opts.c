#include "run_opts.h"
#include "loader.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return -1;
    switch (*end) {
    case 'K': case 'k': v <<= 10; end++; break;
    case 'M': case 'm': v <<= 20; end++; break;
    case 'G': case 'g': v <<= 30; end++; break;
    }
    if (*end || v == 0 || v > (3ull << 30))
        return -1;
    *out = v;
    return 0;
}

int run_opts_parse(int argc, char **argv, int i, const char *stop, struct run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->cvm.mem = 256ull << 20;
    o->cvm.env = calloc((size_t)argc, sizeof(char *));
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !strcmp(a, "--"))
            break;
        if (!strcmp(a, "--rw")) { /* the only option without a value */
            o->cvm.rw = 1;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "intravisor run: %s needs a value\n", a);
            return -1;
        }
        const char *v = argv[++i];
        if (!strcmp(a, "--mem")) {
            if (parse_size(v, &o->cvm.mem)) {
                fprintf(stderr, "intravisor run: bad --mem '%s'\n", v);
                return -1;
            }
        } else if (!strcmp(a, "--stack")) {
            if (parse_size(v, &o->cvm.stack) || o->cvm.stack < IV_MAIN_STACK_MIN || o->cvm.stack > IV_MAIN_STACK_MAX) {
                fprintf(stderr, "intravisor run: bad --stack '%s' (64K to 1G)\n", v);
                return -1;
            }
        } else if (!strcmp(a, "--root")) {
            o->cvm.root = v;
        } else if (!strcmp(a, "--name")) {
            o->cvm.name = v;
        } else if (!strcmp(a, "--env")) {
            if (!strchr(v, '=')) {
                fprintf(stderr, "intravisor run: --env wants K=V, got '%s'\n", v);
                return -1;
            }
            o->cvm.env[o->cvm.nenv++] = (char *)v;
        } else if (!strcmp(a, "--timeout")) {
            char *end;
            o->timeout = strtod(v, &end);
            if (*end || o->timeout <= 0) {
                fprintf(stderr, "intravisor run: bad --timeout '%s'\n", v);
                return -1;
            }
        } else {
            fprintf(stderr, "intravisor run: unknown option '%s'\n", a);
            return -1;
        }
    }
    if (i < argc && !strcmp(argv[i], "--"))
        i++;
    if (i >= argc || (stop && !strcmp(argv[i], stop))) {
        fprintf(stderr, "intravisor run: no IMAGE\n");
        return -1;
    }
    o->image = argv[i];
    o->cvm.argv = argv + i;
    int j = i;
    while (j < argc && !(stop && !strcmp(argv[j], stop)))
        j++;
    o->cvm.argc = j - i;
    if (!o->cvm.name) {
        const char *b = strrchr(o->image, '/');
        o->cvm.name = b ? b + 1 : o->image;
    }
    return j;
}
