/* Sub-command entry points: argv[0] is the sub-command name. Return the exit status. */
#ifndef MONITOR_COMMANDS_H
#define MONITOR_COMMANDS_H
int cmd_verify(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_up(int argc, char **argv); /* also `run -y FILE` */
int cmd_binfmt(int argc, char **argv);
/* The binfmt_misc handler: argv = {handler, IMAGE, argv0, args...}. */
int binfmt_exec(int argc, char **argv);
struct iv_cvm_opts;
/* Reads, verifies and runs one image to completion (`run`, binfmt). */
int run_image(const char *path, const struct iv_cvm_opts *o, double timeout);
/* the daemon's client (cmd_client.c): argv[0] is ps, deploy, start, ... */
int cmd_client(int argc, char **argv);
/* hidden: for tests and benchmarks */
int cmd_run_multi(int argc, char **argv);
int cmd_bench_start(int argc, char **argv);
#endif
