/* Captured cVM output: what a cVM writes to a stream its YAML leaves to
 * the monitor (`inherit`) arrives on a pipe (deployer, dp_opts.capture);
 * it is kept here, the most recent LOG_MAX bytes per cVM, in records that
 * remember the stream, and copied to clients following it. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "daemon/daemon.h"
#include "deploy/deploy.h"

#define LOG_MAX (1u << 20)

struct rec {
    int stream;
    size_t n;
    struct rec *next;
    char data[];
};

struct log {
    struct dp_cvm *d;
    struct rec *head, *tail;
    size_t bytes;
    struct log *next;
};

static struct log *logs;

static struct log *log_of(struct dp_cvm *d, int create)
{
    for (struct log *l = logs; l; l = l->next)
        if (l->d == d)
            return l;
    if (!create)
        return NULL;
    struct log *l = calloc(1, sizeof *l);
    if (l) {
        l->d = d;
        l->next = logs;
        logs = l;
    }
    return l;
}

void logs_poll_fds(struct pollfd *p, int max, int *n, struct dp_cvm **owner, int *stream)
{
    for (struct dp_cvm *d = dp_next(NULL); d; d = dp_next(d))
        for (int s = 1; s <= 2; s++) {
            int fd = dp_output_fd(d, s);
            if (fd < 0 || *n >= max)
                continue;
            p[*n] = (struct pollfd){.fd = fd, .events = POLLIN};
            owner[*n] = d;
            stream[*n] = s;
            ++*n;
        }
}

static void send_rec(struct conn *c, int stream, const char *data, size_t n)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "stream", json_object_new_string(stream == 2 ? "stderr" : "stdout"));
    json_object_object_add(o, "data", json_object_new_string_len(data, (int)n));
    conn_send_json(c, o);
}

void logs_read(struct dp_cvm *d, int stream, struct conn *conns)
{
    int fd = dp_output_fd(d, stream);
    if (fd < 0)
        return;
    struct dp_info i;
    dp_info(d, &i);
    for (int round = 0; round < 16; round++) { /* bounded: others get their turn */
        char buf[16384];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            return;
        struct log *l = log_of(d, 1);
        struct rec *r = l ? malloc(sizeof *r + (size_t)n) : NULL;
        if (r) {
            r->stream = stream;
            r->n = (size_t)n;
            r->next = NULL;
            memcpy(r->data, buf, (size_t)n);
            if (l->tail)
                l->tail->next = r;
            else
                l->head = r;
            l->tail = r;
            l->bytes += (size_t)n;
            while (l->bytes > LOG_MAX && l->head != l->tail) {
                struct rec *old = l->head;
                l->head = old->next;
                l->bytes -= old->n;
                free(old);
            }
        }
        for (struct conn *c = conns; c; c = c->next)
            if (c->waiting == W_FOLLOW && !strcmp(c->name, i.name))
                send_rec(c, stream, buf, (size_t)n);
    }
}

void logs_replay(struct dp_cvm *d, struct conn *c)
{
    logs_read(d, 1, daemon_conns()); /* what is still in the pipes comes first */
    logs_read(d, 2, daemon_conns());
    struct log *l = log_of(d, 0);
    for (struct rec *r = l ? l->head : NULL; r; r = r->next)
        send_rec(c, r->stream, r->data, r->n);
}

void logs_forget(struct dp_cvm *d)
{
    for (struct log **p = &logs; *p; p = &(*p)->next)
        if ((*p)->d == d) {
            struct log *l = *p;
            *p = l->next;
            for (struct rec *r = l->head, *nx; r; r = nx) {
                nx = r->next;
                free(r);
            }
            free(l);
            return;
        }
}
