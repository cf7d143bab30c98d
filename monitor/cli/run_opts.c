/* `run` options (getopt_long), shared by the run-style sub-commands. */
#include "cli/run_opts.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <intravisor/hostcall.h>
#include "deploy/config.h"
#include "core/loader.h"

#define RUN_MAX_MEMORY (3ull << 30) /* as a YAML cVM's `memory` (CFG_MAX_MEMORY) */

int run_opts_parse(int argc, char **argv, int i, const char *stop, struct run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->cvm.mem = CFG_DEFAULT_MEMORY;
    o->cvm.env = calloc((size_t)argc, sizeof(char *));
    /* getopt sees argv[i-1..end of this spec]: argv[i-1] stands in for the
     * program name; "+" stops at the image, whose own arguments are its. */
    int end = i;
    while (end < argc && !(stop && !strcmp(argv[end], stop)))
        end++;
    static const struct option longs[] = {
        {"mem", required_argument, NULL, 'm'},  {"root", required_argument, NULL, 'r'},
        {"rw", no_argument, NULL, 'w'},         {"name", required_argument, NULL, 'n'},
        {"env", required_argument, NULL, 'e'},  {"timeout", required_argument, NULL, 't'},
        {"stack", required_argument, NULL, 's'},
        {"cpus", required_argument, NULL, 'c'}, {"hostname", required_argument, NULL, 'h'},
        {"listen", required_argument, NULL, 'L'}, {"connect", required_argument, NULL, 'C'},
        {"publish", required_argument, NULL, 'P'}, {"huge-pages", required_argument, NULL, 'H'},
        {NULL, 0, NULL, 0},
    };
    optind = 0; /* glibc: a full reset, as run-multi parses several specs */
    opterr = 0;
    int c, n = end - i + 1;
    char **av = argv + i - 1;
    while ((c = getopt_long(n, av, "+:", longs, NULL)) != -1) {
        const char *v = optarg;
        switch (c) {
        case 'm':
            if (cfg_parse_size(v, &o->cvm.mem) || !o->cvm.mem || o->cvm.mem > RUN_MAX_MEMORY) {
                fprintf(stderr, "intravisor run: bad --mem '%s'\n", v);
                return -1;
            }
            break;
        case 'r':
            o->cvm.root = v;
            break;
        case 'w':
            o->cvm.rw = 1;
            break;
        case 's':
            if (cfg_parse_size(v, &o->cvm.stack) || o->cvm.stack < IV_MAIN_STACK_MIN ||
                o->cvm.stack > IV_MAIN_STACK_MAX) {
                fprintf(stderr, "intravisor run: bad --stack '%s' (64K to 1G)\n", v);
                return -1;
            }
            break;
        case 'n':
            o->cvm.name = v;
            break;
        case 'e':
            if (!strchr(v, '=')) {
                fprintf(stderr, "intravisor run: --env wants K=V, got '%s'\n", v);
                return -1;
            }
            o->cvm.env[o->cvm.nenv++] = (char *)v;
            break;
        case 't': {
            char *e;
            o->timeout = strtod(v, &e);
            if (*e || o->timeout <= 0) {
                fprintf(stderr, "intravisor run: bad --timeout '%s'\n", v);
                return -1;
            }
            break;
        }
        case 'c': {
            char *e;
            long n = strtol(v, &e, 10);
            if (*e || n < 1 || n > CFG_MAX_CPUS) {
                fprintf(stderr, "intravisor run: bad --cpus '%s' (1..%d)\n", v, CFG_MAX_CPUS);
                return -1;
            }
            o->cvm.cpus = (int)n;
            break;
        }
        case 'H':
            if (strcmp(v, "on") && strcmp(v, "off")) {
                fprintf(stderr, "intravisor run: bad --huge-pages '%s' (on or off)\n", v);
                return -1;
            }
            o->cvm.small_pages = !strcmp(v, "off");
            break;
        case 'h':
            if (!cfg_hostname_ok(v)) {
                fprintf(stderr, "intravisor run: bad --hostname '%s' (1..%d of a-z A-Z 0-9 . -)\n", v, IV_HOSTNAME_MAX);
                return -1;
            }
            o->cvm.hostname = v;
            break;
        case 'L':
        case 'C':
        case 'P': {
            const char *why;
            int kind = c == 'L' ? IV_NET_LISTEN : c == 'C' ? IV_NET_CONNECT : IV_NET_PUBLISH;
            if (iv_net_rule_add(&o->net, kind, v, &why)) {
                fprintf(stderr, "intravisor run: bad --%s '%s': %s\n",
                        c == 'L' ? "listen" : c == 'C' ? "connect" : "publish", v, why);
                return -1;
            }
            break;
        }
        case ':':
            fprintf(stderr, "intravisor run: %s needs a value\n", av[optind - 1]);
            return -1;
        default:
            fprintf(stderr, "intravisor run: unknown option '%s'\n", av[optind - 1]);
            return -1;
        }
    }
    i += optind - 1;
    if (i >= end) {
        fprintf(stderr, "intravisor run: no IMAGE\n");
        return -1;
    }
    o->image = argv[i];
    o->cvm.argv = argv + i;
    o->cvm.argc = end - i;
    if (!o->cvm.name) {
        const char *b = strrchr(o->image, '/');
        o->cvm.name = b ? b + 1 : o->image;
    }
    return end;
}
