/* CAP Streams (docs/ipc.md "CAP Streams").
 *
 * A stream A -> B is a host pipe owned by the monitor, created before any
 * cVM starts, with its buffer raised to 1 MiB.  Opening an end moves that
 * pipe end into the opener's descriptor table (an ordinary struct
 * iv_file), so read/write/poll/fcntl/close and the kill mechanism behave
 * exactly as for hc_pipe: a blocked read or write is interrupted by
 * IV_SIG_KILL (no SA_RESTART), EOF and EPIPE come from the kernel when the
 * other end's last reference is closed (also when its cVM ends and its
 * table is torn down), O_NONBLOCK gives EAGAIN, and poll mixes stream ends
 * with any other descriptor.  The monitor ignores SIGPIPE (signals.c), so
 * a writer whose reader is gone gets EPIPE and nothing else.
 *
 * Why a pipe and not a shared ring: the kernel already provides blocking,
 * wake-ups, interruption and readiness for poll; a monitor ring would need
 * all of those rebuilt and integrated with hc_poll's host poll().  The
 * cost is two copies through the kernel per byte (see docs/ipc.md, Cost).
 *
 * Each end is handed out once per deployment: the registry gives up its
 * host fd on open, so a second opener (or a reopen) is EBUSY. */
#include "capstream.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <intravisor/hostcall.h>
#include "config.h"
#include "cvm.h"
#include "hc_fs.h"

#define STREAM_BUF (1 << 20)

struct stream {
    char from[IV_CAP_NAME_MAX], to[IV_CAP_NAME_MAX];
    int fd[2];    /* [0] read end (to's), [1] write end (from's); -1 once handed out */
    int taken[2]; /* the end was opened (or its cVM ended): never again */
};

static pthread_mutex_t reg = PTHREAD_MUTEX_INITIALIZER;
static struct stream *streams;
static int nstreams;
static char (*cvms)[IV_CAP_NAME_MAX]; /* every cVM name: ENOENT vs EACCES */
static int ncvms;

int iv_capstream_setup(const struct cfg *c)
{
    int total = 0;
    for (int i = 0; i < c->ncvms; i++)
        total += c->cvms[i].nstreams;
    cvms = calloc((size_t)c->ncvms + 1, sizeof *cvms);
    streams = calloc((size_t)total + 1, sizeof *streams);
    if (!cvms || !streams)
        return -1;
    for (int i = 0; i < c->ncvms; i++) {
        const struct cfg_cvm *v = &c->cvms[i];
        snprintf(cvms[ncvms++], IV_CAP_NAME_MAX, "%s", v->name);
        for (int k = 0; k < v->nstreams; k++) {
            struct stream *s = &streams[nstreams];
            snprintf(s->from, sizeof s->from, "%s", v->name);
            snprintf(s->to, sizeof s->to, "%s", v->streams[k]);
            int dup = 0;
            for (int j = 0; j < nstreams; j++)
                dup |= !strcmp(streams[j].from, s->from) && !strcmp(streams[j].to, s->to);
            if (dup)
                continue; /* `streams: [b, b]` is one stream */
            if (pipe2(s->fd, O_CLOEXEC)) {
                fprintf(stderr, "intravisor: stream %s -> %s: %s\n", s->from, s->to, strerror(errno));
                return -1;
            }
            /* Best effort: fewer wake-ups per byte; the default (64 KiB)
             * still works if the host's limits refuse. */
            (void)fcntl(s->fd[1], F_SETPIPE_SZ, STREAM_BUF);
            nstreams++;
        }
    }
    return 0;
}

static void drop_end(struct stream *s, int e)
{
    if (s->fd[e] >= 0)
        close(s->fd[e]);
    s->fd[e] = -1;
    s->taken[e] = 1;
}

void iv_capstream_forget(const char *name)
{
    pthread_mutex_lock(&reg);
    for (int i = 0; i < nstreams; i++) {
        if (!strcmp(streams[i].to, name))
            drop_end(&streams[i], 0);
        if (!strcmp(streams[i].from, name))
            drop_end(&streams[i], 1);
    }
    pthread_mutex_unlock(&reg);
}

/* Flags a program's open() may carry that mean nothing for a stream
 * (a shell's "> /cap/x" adds O_CREAT|O_TRUNC): ignored.  0100000 is
 * O_LARGEFILE as musl passes it (glibc defines it as 0 on x86-64). */
#define IGNORED (O_CREAT | O_TRUNC | O_NOCTTY | 0100000 | O_APPEND | O_EXCL)

long hc_stream_open(uint64_t name, uint64_t flags)
{
    char n[IV_PATH_MAX];
    int r = fs_path_in(iv_self->cvm, name, n);
    return r ? r : iv_stream_open_name(n, (int)(uint32_t)flags);
}

long iv_stream_open_name(const char *n, int fl)
{
    struct iv_cvm *c = iv_self->cvm;
    int r;
    if (!*n)
        return -ENOENT;
    if (strlen(n) >= IV_CAP_NAME_MAX)
        return -ENAMETOOLONG;
    int acc = fl & O_ACCMODE;
    if ((fl & ~(O_ACCMODE | O_NONBLOCK | O_CLOEXEC | IGNORED)) || acc == O_RDWR || acc == O_ACCMODE)
        return -EINVAL; /* one-way: an end is read or written, never both */
    int e = acc == O_WRONLY; /* the end wanted: 1 write (me -> n), 0 read (n -> me) */
    const char *from = e ? c->name : n, *to = e ? n : c->name;
    pthread_mutex_lock(&reg);
    long res = -ENOENT;
    for (int i = 0; i < ncvms; i++)
        if (!strcmp(cvms[i], n))
            res = -EACCES; /* a cVM of the deployment, but maybe no stream */
    struct stream *s = NULL;
    for (int i = 0; i < nstreams && !s; i++)
        if (!strcmp(streams[i].from, from) && !strcmp(streams[i].to, to))
            s = &streams[i];
    int h = -1;
    if (s && s->taken[e])
        res = -EBUSY;
    else if (s) {
        h = s->fd[e];
        s->fd[e] = -1;
        s->taken[e] = 1;
    }
    pthread_mutex_unlock(&reg);
    if (h < 0)
        return res;
    if (fl & O_NONBLOCK)
        (void)fcntl(h, F_SETFL, O_NONBLOCK);
    struct iv_file *f = fs_file_new(h);
    if (!f) {
        close(h); /* the end is gone: the peer sees EOF / EPIPE */
        return -ENOMEM;
    }
    r = fs_install(&c->fs, f, 0, fl & O_CLOEXEC);
    if (r < 0)
        iv_fs_put(&c->fs, f); /* closes it: as above */
    return r;
}
