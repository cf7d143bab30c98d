/* `intravisor daemon [--socket PATH] [--max-cvms N]`: the event loop.
 *
 * One thread (the process's main one) does everything the control plane
 * does: it accepts clients, reads their request lines, drives the
 * deployer (dp_tick) and copies captured cVM output to followers, all
 * from one poll().  Sockets are non-blocking and every reply is queued,
 * so a slow, silent or vanished client never holds anything up; a request
 * line has a size limit, and garbage gets an error reply. */
#include "daemon/daemon.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>
#include "daemon/cmd.h"
#include "deploy/deploy.h"

#define MAX_CONNS 64
#define MAX_LINE (64 << 10)  /* a request line longer than this is refused */
#define MAX_OUT (16u << 20)  /* a client this far behind is dropped */

static struct conn *conns;
static int nconns;

struct conn *daemon_conns(void) { return conns; }

void conn_send(struct conn *c, const char *s, size_t n)
{
    if (c->closing == 2)
        return;
    if (c->out_len + n > MAX_OUT) {
        c->closing = 2; /* not reading: drop it */
        return;
    }
    if (c->out_len + n > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 4096;
        while (cap < c->out_len + n)
            cap *= 2;
        char *p = realloc(c->out, cap);
        if (!p) {
            c->closing = 2;
            return;
        }
        c->out = p;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, s, n);
    c->out_len += n;
}

void conn_send_json(struct conn *c, json_object *o)
{
    size_t n;
    const char *s = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
    conn_send(c, s, n);
    conn_send(c, "\n", 1);
    json_object_put(o);
}

void conn_send_error(struct conn *c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    json_object *o = json_object_new_object();
    json_object_object_add(o, "ok", json_object_new_boolean(0));
    json_object_object_add(o, "error", json_object_new_string(buf));
    conn_send_json(c, o);
}

static void conn_free(struct conn *c)
{
    close(c->fd);
    free(c->in);
    free(c->out);
    free(c);
    nconns--;
}

/* Only the socket's owner may talk to the daemon: the file mode keeps
 * others from connecting, this check keeps them out if the mode changes. */
static void accept_one(int lfd)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
        return;
    struct ucred cr;
    socklen_t len = sizeof cr;
    const char *refuse = NULL;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) || len != sizeof cr)
        refuse = "cannot read the client's credentials";
    else if (cr.uid != geteuid())
        refuse = "permission denied: only the daemon's owner may connect";
    else if (nconns >= MAX_CONNS)
        refuse = "too many clients";
    if (refuse) {
        char msg[160];
        int n = snprintf(msg, sizeof msg, "{\"ok\":false,\"error\":\"%s\"}\n", refuse);
        if (write(fd, msg, (size_t)n) < 0) {
        }
        /* Closing with unread input resets the connection, and the client
         * may lose the reason: take what it sent already. */
        char sink[4096];
        while (read(fd, sink, sizeof sink) > 0) {
        }
        if (cr.uid != geteuid())
            fprintf(stderr, "intravisor daemon: refused a client of uid %u\n", (unsigned)cr.uid);
        close(fd);
        return;
    }
    struct conn *c = calloc(1, sizeof *c);
    if (!c) {
        close(fd);
        return;
    }
    c->fd = fd;
    c->next = conns;
    conns = c;
    nconns++;
}

/* Reads what c sent; runs each complete line.  -1: close c. */
static int conn_read(struct conn *c)
{
    char buf[8192];
    ssize_t n = read(c->fd, buf, sizeof buf);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        return -1; /* gone, maybe mid-request: its half line is dropped */
    if (n < 0)
        return 0;
    if (c->waiting) /* a waiting request owns the connection: input is ignored */
        return 0;
    char *p = realloc(c->in, c->in_len + (size_t)n + 1);
    if (!p)
        return -1;
    c->in = p;
    memcpy(c->in + c->in_len, buf, (size_t)n);
    c->in_len += (size_t)n;
    for (;;) {
        char *nl = memchr(c->in, '\n', c->in_len);
        if (!nl) {
            if (c->in_len > MAX_LINE) {
                conn_send_error(c, "request longer than %d bytes", MAX_LINE);
                c->closing = 1;
                c->in_len = 0;
            }
            return 0;
        }
        size_t len = (size_t)(nl - c->in);
        *nl = 0;
        api_request(c, c->in, len);
        memmove(c->in, nl + 1, c->in_len - len - 1);
        c->in_len -= len + 1;
        if (c->waiting || c->closing)
            return 0;
    }
}

/* -1: close c. */
static int conn_write(struct conn *c)
{
    while (c->out_len) {
        ssize_t n = write(c->fd, c->out, c->out_len);
        if (n < 0)
            return errno == EAGAIN || errno == EINTR ? 0 : -1;
        memmove(c->out, c->out + n, c->out_len - (size_t)n);
        c->out_len -= (size_t)n;
    }
    return c->closing ? -1 : 0;
}

/* A socket file at path that nobody listens on is left over from a daemon
 * that died: replace it.  One that answers belongs to a running daemon. */
static int listen_on(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof a.sun_path) {
        fprintf(stderr, "intravisor daemon: socket path too long: %s\n", path);
        return -1;
    }
    strcpy(a.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (probe >= 0 && !connect(probe, (struct sockaddr *)&a, sizeof a)) {
        fprintf(stderr, "intravisor daemon: %s: a daemon is already listening there\n", path);
        close(probe);
        close(fd);
        return -1;
    }
    if (probe >= 0)
        close(probe);
    struct stat st;
    if (!lstat(path, &st) && S_ISSOCK(st.st_mode))
        unlink(path);
    mode_t old = umask(0177); /* created 0600: no window with another mode */
    int r = bind(fd, (struct sockaddr *)&a, sizeof a);
    umask(old);
    if (r || chmod(path, 0600) || listen(fd, 64)) {
        fprintf(stderr, "intravisor daemon: %s: %s\n", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

#define DAEMON_USAGE "usage: intravisor daemon [--socket PATH] [--max-cvms N]\n"

int cmd_daemon(int argc, char **argv)
{
    const char *path = NULL;
    long max = 1024; /* regions reserved: address space only, 4 GiB each */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--socket") && i + 1 < argc) {
            path = argv[++i];
        } else if (!strcmp(argv[i], "--max-cvms") && i + 1 < argc) {
            char *end;
            max = strtol(argv[++i], &end, 10);
            if (*end || max < 1 || max > CFG_MAX_CVMS) {
                fprintf(stderr, "intravisor daemon: --max-cvms: expected 1..%d\n", CFG_MAX_CVMS);
                return 2;
            }
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(DAEMON_USAGE, stdout);
            return 0;
        } else {
            fprintf(stderr, "intravisor daemon: unexpected argument '%s'\n" DAEMON_USAGE, argv[i]);
            return 2;
        }
    }
    char defpath[256];
    if (!path)
        path = daemon_default_socket(defpath, sizeof defpath);
    struct dp_opts o = {.max_cvms = (unsigned)max, .capture = 1};
    /* Captured output is two pipes per cVM: take all the descriptors the
     * hard limit allows. */
    struct rlimit rl;
    if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    int lfd = listen_on(path);
    if (lfd < 0)
        return 1;
    if (dp_init(&o)) {
        close(lfd);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN); /* a client gone mid-reply is EPIPE, not death */
    /* Beyond the monitor's own list: taking clients and checking who they
     * are; and what loading a YAML file needs (access(2) and readlink(2)
     * from the validator's realpath). */
    static const int extra[] = {SYS_accept4, SYS_getsockopt, SYS_access, SYS_readlink};
    if (dp_lockdown(1, extra, (int)(sizeof extra / sizeof extra[0]))) {
        close(lfd);
        return 1;
    }
    fprintf(stderr, "intravisor daemon: listening on %s\n", path);
    struct pollfd *pf = NULL;
    struct dp_cvm **owner = NULL;
    int *stream = NULL, cap = 0;
    for (;;) {
        long ms = dp_tick();
        api_wake_waiters(conns);
        if (dp_stop_signal() && !dp_active())
            break;
        int ncvms = 0;
        for (struct dp_cvm *d = dp_next(NULL); d; d = dp_next(d))
            ncvms++;
        int want = 2 + nconns + 2 * ncvms;
        if (want > cap) {
            cap = want * 2;
            struct pollfd *p1 = realloc(pf, (size_t)cap * sizeof *pf);
            pf = p1 ? p1 : pf;
            struct dp_cvm **p2 = realloc(owner, (size_t)cap * sizeof *owner);
            owner = p2 ? p2 : owner;
            int *p3 = realloc(stream, (size_t)cap * sizeof *stream);
            stream = p3 ? p3 : stream;
            if (!p1 || !p2 || !p3) {
                fprintf(stderr, "intravisor daemon: out of memory\n");
                break;
            }
        }
        int n = 0;
        pf[n++] = (struct pollfd){.fd = lfd, .events = POLLIN};
        pf[n++] = (struct pollfd){.fd = dp_event_fd(), .events = POLLIN};
        int nlog0 = n;
        logs_poll_fds(pf, cap - nconns, &n, owner, stream);
        int nconn0 = n;
        for (struct conn *c = conns; c; c = c->next)
            pf[n++] = (struct pollfd){.fd = c->fd, .events = (short)(POLLIN | (c->out_len ? POLLOUT : 0))};
        /* SIGINT/SIGTERM go to the watchdog, which wakes no one when no
         * cVM runs: look at the flag at least every 250 ms. */
        if (ms < 0 || ms > 250)
            ms = 250;
        if (poll(pf, (nfds_t)n, (int)ms) < 0 && errno != EINTR)
            break;
        if (pf[0].revents & POLLIN)
            accept_one(lfd);
        for (int i = nlog0; i < nconn0; i++)
            if (pf[i].revents)
                logs_read(owner[i], stream[i], conns);
        int k = nconn0;
        for (struct conn **cp = &conns; *cp;) {
            struct conn *c = *cp;
            short re = k < n && pf[k].fd == c->fd ? pf[k].revents : 0;
            k += k < n && pf[k].fd == c->fd;
            int drop = c->closing == 2;
            if (!drop && (re & (POLLIN | POLLHUP | POLLERR)))
                drop = conn_read(c) < 0;
            if (!drop && (c->out_len || c->closing))
                drop = conn_write(c) < 0;
            if (drop) {
                *cp = c->next;
                conn_free(c);
            } else {
                cp = &c->next;
            }
        }
    }
    free(pf);
    free(owner);
    free(stream);
    while (conns) {
        struct conn *c = conns;
        conns = c->next;
        conn_free(c);
    }
    close(lfd);
    unlinkat(AT_FDCWD, path, 0);
    fprintf(stderr, "intravisor daemon: stopped by %s\n", dp_stop_signal() == SIGINT ? "SIGINT" : "SIGTERM");
    return 0;
}
