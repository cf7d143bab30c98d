/* The OCI runtime's entry point for cli/main.c. */
#ifndef MONITOR_OCI_CMD_H
#define MONITOR_OCI_CMD_H
/* `intravisor oci ARGS` or `intravisor-oci ARGS` (argv[0] is either). */
int cmd_oci(int argc, char **argv);
#endif
