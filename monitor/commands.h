/* Sub-command entry points: argv[0] is the sub-command name. Return the exit status. */
#ifndef MONITOR_COMMANDS_H
#define MONITOR_COMMANDS_H
int cmd_verify(int argc, char **argv);
#endif
