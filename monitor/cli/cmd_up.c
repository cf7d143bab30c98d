/* `intravisor up [--stats FILE] [--check] FILE.yaml` (also `run -y FILE`):
 * validate a deployment file completely, then deploy it (deploy.c). */
#include <stdio.h>
#include <string.h>
#include "cli/commands.h"
#include "deploy/config.h"
#include "deploy/deploy.h"

#define UP_USAGE "usage: intravisor up [--stats FILE] [--check] FILE.yaml\n"

int cmd_up(int argc, char **argv)
{
    struct deploy_opts o = {0};
    const char *file = NULL;
    int check = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--stats") && i + 1 < argc) {
            o.stats_path = argv[++i];
        } else if (!strcmp(argv[i], "--check")) {
            check = 1;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(UP_USAGE, stdout);
            return 0;
        } else if (argv[i][0] == '-' || file) {
            fprintf(stderr, "intravisor up: unexpected argument '%s'\n" UP_USAGE, argv[i]);
            return 2;
        } else {
            file = argv[i];
        }
    }
    if (!file) {
        fputs(UP_USAGE, stderr);
        return 2;
    }
    struct cfg cfg;
    int errors = cfg_load(file, &cfg);
    if (errors) {
        fprintf(stderr, "%s: %d problem%s; nothing was started\n", file, errors, errors == 1 ? "" : "s");
        cfg_free(&cfg);
        return 2;
    }
    int rc = 0;
    if (check) {
        printf("%s: valid: %d cVM%s, %d capfile%s\n", file, cfg.ncvms, cfg.ncvms == 1 ? "" : "s", cfg.ncapfiles,
               cfg.ncapfiles == 1 ? "" : "s");
    } else {
        rc = deploy_run(&cfg, &o);
    }
    cfg_free(&cfg);
    return rc;
}
