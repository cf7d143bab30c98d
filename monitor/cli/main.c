/* intravisor: the monitor binary.  Dispatches sub-commands. */
#include <stdio.h>
#include <string.h>
#include "cli/commands.h"
#include "daemon/cmd.h"
#include "oci/cmd.h"
#include <libgen.h>
#include "fs/fs.h"
#include "ipc/ipc.h"
#include "sys/sys.h"
#include "net/net.h"

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help; /* NULL: hidden (tests, benchmarks) */
} commands[] = {
    {"verify", cmd_verify, "verify IMAGE...   check images against the sandbox contract"},
    {"run", cmd_run, "run [--mem SIZE] [--stack SIZE] [--name NAME] [--env K=V]... [--timeout S]\n"
                     "                    [--root DIR [--rw]] [--cpus N] [--hostname NAME] [--huge-pages on|off]\n"
                     "                    [--listen RULE]... [--connect RULE]... [--publish HOSTPORT:PORT]...\n"
                     "                    IMAGE [ARGS...]\n"
                     "                    run one cVM to completion; exits with its status"},
    {"up", cmd_up, "up [--stats FILE] [--check] FILE.yaml\n"
                   "                    deploy every cVM of a YAML file (docs/config.md); also run -y FILE"},
    {"binfmt", cmd_binfmt, "binfmt install|uninstall|status\n"
                           "                    run cVM images as programs (./prog) through binfmt_misc"},
    {"daemon", cmd_daemon, "daemon [--socket PATH] [--max-cvms N]\n"
                           "                    keep a monitor running and serve the control API (docs/api.md)"},
    {"deploy", cmd_client, "deploy FILE.yaml    add a YAML file's cVMs to the running daemon"},
    {"ps", cmd_client, "ps                list the daemon's cVMs"},
    {"start", cmd_client, "start|stop [-t S]|kill [-s SIG]|restart|rm|wait NAME\n"
                          "                    control one of the daemon's cVMs (all take --socket PATH)"},
    {"stop", cmd_client, NULL},
    {"kill", cmd_client, NULL},
    {"restart", cmd_client, NULL},
    {"rm", cmd_client, NULL},
    {"wait", cmd_client, NULL},
    {"logs", cmd_client, "logs [-f] NAME     a cVM's captured stdout/stderr"},
    {"stats", cmd_client, "stats [NAME]      the --stats JSON of the daemon's cVMs, live"},
    {"oci", cmd_oci, "oci [--root DIR] create|start|state|kill|delete|features ...\n"
                     "                    the OCI runtime (docs/oci.md); also as the program intravisor-oci"},
    {"run-multi", cmd_run_multi, NULL},
    {"bench-start", cmd_bench_start, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: intravisor COMMAND [ARGS...]\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].help)
            fprintf(out, "  %s\n", commands[i].help);
}

int main(int argc, char **argv)
{
    /* The subsystems on top of the core, in dependency order (their create
     * hooks run in this order, their destroy hooks in reverse). */
    iv_fs_register();
    iv_sys_register();
    iv_net_register();
    iv_ipc_register();
    /* Engines run the runtime by path: a link named intravisor-oci. */
    if (!strcmp(basename(argv[0]), "intravisor-oci"))
        return cmd_oci(argc, argv);
    if (!strcmp(basename(argv[0]), "intravisor-binfmt"))
        return binfmt_exec(argc, argv); /* the kernel runs an image: cmd_binfmt.c */
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "intravisor: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
