/* daemon/: `intravisor daemon`, a monitor that stays up with no cVMs and
 * serves the control API (docs/api.md) on a UNIX socket: one JSON object
 * per line each way.  Uses only the deployer library (deploy/deploy.h). */
#ifndef MONITOR_DAEMON_DAEMON_H
#define MONITOR_DAEMON_DAEMON_H
#include <poll.h>
#include <stddef.h>
#include <json-c/json.h>

struct dp_cvm;

/* One client connection. */
struct conn {
    int fd;
    char *in;            /* bytes of the request line read so far */
    size_t in_len;
    char *out;           /* reply bytes not yet written */
    size_t out_len, out_cap;
    int closing;         /* close once `out` is written */
    /* A request that waits: wait (until the cVM's run ends) or logs -f. */
    enum { W_NONE, W_WAIT, W_FOLLOW } waiting;
    char name[64];
    int gen;             /* the cVM's generation when the wait began */
    struct conn *next;
};

/* Per-cVM captured output (logs.c). */
struct log;

/* api.c: handles one request line of c; the reply is queued on c. */
void api_request(struct conn *c, const char *line, size_t len);
/* api.c: requests waiting on cVMs that ended or were removed complete. */
void api_wake_waiters(struct conn *conns);

/* daemon.c: every client connection. */
struct conn *daemon_conns(void);
/* daemon.c: queues bytes / a JSON object (plus newline) on c. */
void conn_send(struct conn *c, const char *s, size_t n);
void conn_send_json(struct conn *c, json_object *o);
void conn_send_error(struct conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* logs.c: the captured output of every cVM the deployer captures. */
void logs_poll_fds(struct pollfd *p, int max, int *n, struct dp_cvm **owner, int *stream);
/* Reads what is waiting on cVM d's stream n and sends it to followers. */
void logs_read(struct dp_cvm *d, int n, struct conn *conns);
/* Queues the captured output of d on c as {"stream":..,"data":..} lines. */
void logs_replay(struct dp_cvm *d, struct conn *c);
void logs_forget(struct dp_cvm *d);
#endif
