/* The daemon's entry points for cli/ (main and the client commands). */
#ifndef MONITOR_DAEMON_CMD_H
#define MONITOR_DAEMON_CMD_H
#include <stddef.h>
/* `intravisor daemon ...` */
int cmd_daemon(int argc, char **argv);
/* The socket path when --socket is not given: $INTRAVISOR_SOCKET, else
 * $XDG_RUNTIME_DIR/intravisor.sock, else /tmp/intravisor-UID.sock. */
const char *daemon_default_socket(char *buf, size_t n);
#endif
