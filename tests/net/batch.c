/* sendmmsg/recvmmsg and epoll sets inside epoll sets and poll, run natively
 * and in a cVM: the two outputs must be identical (tests/groups/70-net.sh).
 * Every line is "name result".  Loopback only; PORT (argv[1]) + 1 must be
 * free and, in the cVM, granted for udp (listen and connect, 127.0.0.1).
 * Run with the working directory writable. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>

static const char *ename(int e)
{
    static char b[32];
    switch (e) {
#define E(x) case x: return #x
    E(EBADF); E(ENOTSOCK); E(EINVAL); E(EAGAIN); E(EMSGSIZE); E(ECONNREFUSED); E(ELOOP); E(EEXIST);
    E(ENOENT); E(EPERM); E(EFAULT); E(EACCES);
#undef E
    }
    snprintf(b, sizeof b, "errno%d", e);
    return b;
}

static long show(const char *name, long r)
{
    if (r < 0)
        printf("%s %s\n", name, ename(errno));
    else
        printf("%s %ld\n", name, r);
    fflush(stdout);
    return r;
}
#define S(name, call) show(name, (long)(call))

static long raw_sendmmsg(int fd, struct mmsghdr *m, unsigned n, int fl)
{
    return syscall(SYS_sendmmsg, fd, m, n, fl); /* musl's sendmmsg loops over sendmsg itself */
}

static char bufs[8][16];
static struct iovec iovs[8];
static struct mmsghdr msgs[8];

/* n messages of 1, 2, 3... bytes ("a", "bb", "ccc"...), or receive room. */
static struct mmsghdr *prep(int n, int room)
{
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < n; i++) {
        memset(bufs[i], 'a' + i, sizeof bufs[i]);
        iovs[i] = (struct iovec){bufs[i], room ? sizeof bufs[i] : (size_t)i + 1};
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    return msgs;
}

static long lens(int n)
{
    long v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + msgs[i].msg_len;
    return v;
}

static void mmsg(int port)
{
    int sv[2], p[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    pipe(p);
    S("sendmmsg-3", raw_sendmmsg(sv[0], prep(3, 0), 3, 0));
    S("sendmmsg-3-lens", lens(3));
    S("sendmmsg-libc-2", sendmmsg(sv[0], prep(2, 0), 2, 0));
    S("sendmmsg-zero", raw_sendmmsg(sv[0], prep(1, 0), 0, 0));
    S("sendmmsg-zero-badf", raw_sendmmsg(999, prep(1, 0), 0, 0));
    S("sendmmsg-zero-notsock", raw_sendmmsg(p[0], prep(1, 0), 0, 0));
    S("sendmmsg-badf", raw_sendmmsg(999, prep(1, 0), 1, 0));
    prep(2, 0);
    msgs[1].msg_hdr.msg_iovlen = 2000; /* EMSGSIZE */
    S("sendmmsg-error-after-one", raw_sendmmsg(sv[0], msgs, 2, 0));
    S("sendmmsg-error-first", raw_sendmmsg(sv[0], msgs + 1, 1, 0));
    /* 6 queued: 1 2 3 1 2 1 */
    S("recvmmsg-dontwait-4", recvmmsg(sv[1], prep(4, 1), 4, MSG_DONTWAIT, NULL));
    S("recvmmsg-dontwait-4-lens", lens(4));
    S("recvmmsg-waitforone", recvmmsg(sv[1], prep(5, 1), 5, MSG_WAITFORONE, NULL));
    S("recvmmsg-waitforone-lens", lens(2));
    S("recvmmsg-empty", recvmmsg(sv[1], prep(5, 1), 5, MSG_DONTWAIT, NULL));
    S("recvmmsg-zero", recvmmsg(sv[1], prep(1, 1), 0, 0, NULL));
    S("recvmmsg-badf", recvmmsg(999, prep(1, 1), 1, 0, NULL));
    S("recvmmsg-notsock", recvmmsg(p[0], prep(1, 1), 1, 0, NULL));
    struct timespec ts = {0, 1000000000};
    S("recvmmsg-timeout-bad-nsec", recvmmsg(sv[1], prep(1, 1), 1, 0, &ts));
    ts = (struct timespec){-1, 0};
    S("recvmmsg-timeout-negative", recvmmsg(sv[1], prep(1, 1), 1, 0, &ts));
    /* the timeout is checked after each message: 1 ns ends the call after one */
    raw_sendmmsg(sv[0], prep(3, 0), 3, 0);
    ts = (struct timespec){0, 1};
    S("recvmmsg-timeout-expired", recvmmsg(sv[1], prep(5, 1), 5, 0, &ts));
    S("recvmmsg-timeout-left-zero", ts.tv_sec == 0 && ts.tv_nsec == 0);
    ts = (struct timespec){10, 0};
    S("recvmmsg-timeout-2", recvmmsg(sv[1], prep(2, 1), 2, 0, &ts));
    S("recvmmsg-timeout-left", ts.tv_sec == 9);
    raw_sendmmsg(sv[0], prep(1, 0), 1, 0);
    ts = (struct timespec){0x7fffffffffffffffl, 0}; /* for ever, without overflow */
    S("recvmmsg-timeout-huge", recvmmsg(sv[1], prep(1, 1), 1, 0, &ts));
    ts = (struct timespec){5, 0};
    S("recvmmsg-timeout-empty-nonblock", recvmmsg(sv[1], prep(2, 1), 2, MSG_DONTWAIT, &ts));
    S("recvmmsg-timeout-untouched", ts.tv_sec == 5);
    close(sv[0]);
    close(sv[1]);

    /* a stream socket's buffer fills: the partly sent message is the last */
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
    static char big[8 << 20];
    prep(3, 0);
    iovs[1] = (struct iovec){big, sizeof big};
    S("sendmmsg-stream-partial", raw_sendmmsg(sv[0], msgs, 3, 0));
    long sent1 = msgs[1].msg_len, total = 0, k;
    S("sendmmsg-stream-partial-len", sent1 > 0 && sent1 < (long)sizeof big);
    while ((k = read(sv[1], big, sizeof big)) > 0)
        total += k;
    S("sendmmsg-stream-third-unsent", total == 1 + sent1);
    close(sv[0]);
    close(sv[1]);

    /* UDP: destinations per message, sender addresses back, a pending error */
    int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)}, from[2];
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    S("udp-bind", bind(rx, (struct sockaddr *)&to, sizeof to));
    prep(2, 0);
    for (int i = 0; i < 2; i++)
        msgs[i].msg_hdr.msg_name = &to, msgs[i].msg_hdr.msg_namelen = sizeof to;
    S("sendmmsg-udp-to", raw_sendmmsg(tx, msgs, 2, 0));
    struct sockaddr_in me;
    socklen_t ml = sizeof me;
    getsockname(tx, (struct sockaddr *)&me, &ml);
    prep(2, 1);
    for (int i = 0; i < 2; i++)
        msgs[i].msg_hdr.msg_name = &from[i], msgs[i].msg_hdr.msg_namelen = sizeof from[i];
    S("recvmmsg-udp", recvmmsg(rx, msgs, 2, 0, NULL));
    S("recvmmsg-udp-senders", from[0].sin_port == me.sin_port && from[1].sin_port == me.sin_port &&
                                  msgs[1].msg_hdr.msg_namelen == sizeof from[1]);
    close(rx);
    /* rx is gone: the next datagram is refused, the error is pending */
    S("udp-connect", connect(tx, (struct sockaddr *)&to, sizeof to));
    S("udp-send", send(tx, "x", 1, 0));
    usleep(50000);
    S("recvmmsg-pending-error", recvmmsg(tx, prep(1, 1), 1, MSG_DONTWAIT, NULL));
    S("recvmmsg-error-cleared", recvmmsg(tx, prep(1, 1), 1, MSG_DONTWAIT, NULL));
    close(tx);
    close(p[0]);
    close(p[1]);

    /* an AF_UNIX address longer than sockaddr_un (found by hcfuzz) */
    int u = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_storage ss;
    memset(&ss, 'z', sizeof ss);
    ss.ss_family = AF_UNIX;
    S("unix-bind-too-long", bind(u, (struct sockaddr *)&ss, sizeof ss));
    S("unix-connect-too-long", connect(u, (struct sockaddr *)&ss, sizeof ss));
    close(u);
}

/* ---- epoll sets in sets and in poll -------------------------------------- */

static int late_fd;
static void *write_late(void *arg)
{
    (void)arg;
    usleep(100000);
    write(late_fd, "w", 1);
    return NULL;
}

static pthread_t later(int fd)
{
    pthread_t t;
    late_fd = fd;
    pthread_create(&t, NULL, write_late, NULL);
    return t;
}

static long wait1(int ep, int ms, struct epoll_event *out)
{
    int n = epoll_wait(ep, out, 4, ms);
    return n == 1 ? (long)out[0].data.u64 : n;
}

static void nesting(void)
{
    int p[2];
    char c;
    pipe(p);
    int in = epoll_create1(0), out = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 5}, o[4];
    S("nest-inner-add-pipe", epoll_ctl(in, EPOLL_CTL_ADD, p[0], &ev));
    ev.data.u64 = 7;
    S("nest-add", epoll_ctl(out, EPOLL_CTL_ADD, in, &ev));
    S("nest-add-again", epoll_ctl(out, EPOLL_CTL_ADD, in, &ev));
    S("nest-quiet", wait1(out, 0, o));
    write(p[1], "x", 1);
    S("nest-ready", wait1(out, 0, o));
    S("nest-ready-events", o[0].events);
    S("nest-level-again", wait1(out, 0, o));
    S("nest-inner", wait1(in, 0, o));
    S("nest-loop", epoll_ctl(in, EPOLL_CTL_ADD, out, &ev));
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;
    int x = epoll_create1(0);
    S("nest-exclusive", epoll_ctl(x, EPOLL_CTL_ADD, in, &ev));
    ev.events = EPOLLIN | EPOLLET;
    S("nest-mod-et", epoll_ctl(out, EPOLL_CTL_MOD, in, &ev));
    S("nest-et-1", wait1(out, 0, o));
    S("nest-et-2", wait1(out, 0, o));
    write(p[1], "y", 1);
    S("nest-et-new", wait1(out, 0, o));
    read(p[0], &c, 1);
    read(p[0], &c, 1);
    ev.events = EPOLLIN;
    S("nest-mod-level", epoll_ctl(out, EPOLL_CTL_MOD, in, &ev));
    S("nest-drained", wait1(out, 0, o));
    /* a blocking wait on the outer set wakes when the inner one's pipe is written */
    pthread_t t = later(p[1]);
    S("nest-blocking-wait", wait1(out, 3000, o));
    pthread_join(t, NULL);
    read(p[0], &c, 1);
    /* poll on a set blocks until it is ready */
    struct pollfd pf = {out, POLLIN, 0};
    S("poll-set-quiet", poll(&pf, 1, 0));
    t = later(p[1]);
    S("poll-set-blocking", poll(&pf, 1, 3000));
    S("poll-set-revents", pf.revents);
    pthread_join(t, NULL);
    read(p[0], &c, 1);
    pf.fd = in;
    t = later(p[1]);
    S("poll-inner-blocking", poll(&pf, 1, 3000));
    pthread_join(t, NULL);
    read(p[0], &c, 1);
    /* a chain of sets: Linux's depth limit (ELOOP) */
    int chain[8];
    for (int i = 0; i < 8; i++)
        chain[i] = epoll_create1(0);
    ev.events = EPOLLIN;
    char name[32];
    for (int i = 0; i < 7; i++) {
        snprintf(name, sizeof name, "nest-chain-%d", i);
        S(name, epoll_ctl(chain[i], EPOLL_CTL_ADD, chain[i + 1], &ev));
    }
    for (int i = 0; i < 8; i++)
        close(chain[i]);
    /* an inner set closed leaves the outer one */
    write(p[1], "z", 1);
    close(in);
    S("nest-inner-closed", wait1(out, 0, o));
    close(x);
    close(out);
    close(p[0]);
    close(p[1]);
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 0;
    mmsg(port);
    nesting();
    return 0;
}
