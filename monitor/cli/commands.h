/* Sub-command entry points: argv[0] is the sub-command name. Return the exit status. */
#ifndef MONITOR_COMMANDS_H
#define MONITOR_COMMANDS_H
int cmd_verify(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_up(int argc, char **argv); /* also `run -y FILE` */
/* the daemon's client (cmd_client.c): argv[0] is ps, deploy, start, ... */
int cmd_client(int argc, char **argv);
/* hidden: for tests and benchmarks */
int cmd_run_multi(int argc, char **argv);
int cmd_bench_start(int argc, char **argv);
#endif
