/* Parsing of `run` options shared by the run-style sub-commands. */
#ifndef MONITOR_RUN_OPTS_H
#define MONITOR_RUN_OPTS_H
#include "core/cvm.h"
#include "net/net.h"
struct run_opts {
    struct iv_cvm_opts cvm;
    double timeout;
    const char *image;
    struct iv_net_policy net; /* --listen/--connect/--publish (docs/net.md) */
};
/* Parses [options] IMAGE [ARGS...] from argv[i..argc) up to an argument
 * equal to `stop` (if non-NULL).  Returns the index after the consumed
 * arguments, or -1 with a message. */
int run_opts_parse(int argc, char **argv, int i, const char *stop, struct run_opts *o);
#endif
