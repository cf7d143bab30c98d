/* Socket and event calls, run natively and in a cVM: the two outputs must
 * be identical (tests/groups/70-net.sh).  Every line is "name result",
 * the result a value or an errno name.  Loopback only; PORT (argv[1]) and
 * PORT+1 must be free and, in the cVM, granted (listen and connect, tcp
 * and udp on 127.0.0.1).  Run with the working directory writable (AF_UNIX
 * paths are relative). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>

static const char *ename(int e)
{
    static char b[32];
    switch (e) {
#define E(x) case x: return #x
    E(EACCES); E(EPERM); E(EAFNOSUPPORT); E(EPROTONOSUPPORT); E(ESOCKTNOSUPPORT); E(EINVAL);
    E(EBADF); E(ENOTSOCK); E(ENOPROTOOPT); E(EAGAIN); E(EINPROGRESS); E(EISCONN); E(ENOTCONN);
    E(EPIPE); E(ECONNREFUSED); E(EADDRINUSE); E(EEXIST); E(ENOENT); E(EOPNOTSUPP); E(EFAULT);
    E(EDESTADDRREQ); E(ESPIPE); E(ENOTDIR); E(EROFS); E(EMSGSIZE);
#undef E
    }
    snprintf(b, sizeof b, "errno%d", e);
    return b;
}

/* prints "name N" for r >= 0, "name ERRNO" otherwise; returns r */
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

static struct sockaddr_in lo4(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static int port_of(int fd, int peer)
{
    struct sockaddr_in a;
    socklen_t l = sizeof a;
    if ((peer ? getpeername : getsockname)(fd, (struct sockaddr *)&a, &l))
        return -1;
    return ntohs(a.sin_port);
}

static void kinds(void)
{
    S("socket-seqpacket-inet", socket(AF_INET, SOCK_SEQPACKET, 0));
    S("socket-tcp-udpproto", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
    S("socket-bad-family", socket(12345, SOCK_STREAM, 0));
    S("socketpair-inet", socketpair(AF_INET, SOCK_STREAM, 0, (int[2]){0}));
    S("bind-notsock", bind(0, (struct sockaddr *)&(struct sockaddr_in){0}, sizeof(struct sockaddr_in)));
    S("listen-badf", listen(999, 1));
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    S("socket-flags-nonblock", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    S("socket-flags-cloexec", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    struct stat st;
    S("fstat-sock", fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode));
    S("lseek-sock", lseek(fd, 0, SEEK_SET));
    S("ftruncate-sock", ftruncate(fd, 0));
    S("accept-unbound-tcp", accept(fd, NULL, NULL));
    S("recv-notconn", recv(fd, (char[4]){0}, 4, 0));
    S("send-notconn", send(fd, "x", 1, MSG_NOSIGNAL));
    S("getpeername-notconn", getpeername(fd, (struct sockaddr *)&st, (socklen_t[]){sizeof st}));
    close(fd);
}

static void options(int fd)
{
    int v = 1, g = 0;
    socklen_t l = sizeof g;
    S("so_reuseaddr-set", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    S("so_reuseaddr-get", getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &g, &l) ? -1 : g);
    S("so_reuseport-set", setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &v, sizeof v));
    S("so_keepalive-set", setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v));
    l = sizeof g;
    S("so_keepalive-get", getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &g, &l) ? -1 : g);
    S("tcp_nodelay-set", setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v));
    l = sizeof g;
    S("tcp_nodelay-get", getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &g, &l) ? -1 : g);
    int idle = 77;
    S("tcp_keepidle-set", setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle));
    l = sizeof g;
    S("tcp_keepidle-get", getsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &g, &l) ? -1 : g);
    S("tcp_keepintvl-set", setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &idle, sizeof idle));
    S("tcp_keepcnt-set", setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof v));
    int buf = 65536;
    S("so_rcvbuf-set", setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf));
    l = sizeof g;
    S("so_rcvbuf-get", getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &g, &l) ? -1 : g);
    S("so_sndbuf-set", setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf));
    struct linger lg = {1, 5}, lg2 = {0, 0};
    S("so_linger-set", setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    l = sizeof lg2;
    S("so_linger-get", getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg2, &l) ? -1 : lg2.l_onoff * 100 + lg2.l_linger);
    l = sizeof g;
    S("so_type-get", getsockopt(fd, SOL_SOCKET, SO_TYPE, &g, &l) ? -1 : g);
    l = sizeof g;
    S("so_error-get", getsockopt(fd, SOL_SOCKET, SO_ERROR, &g, &l) ? -1 : g);
    S("so_type-set", setsockopt(fd, SOL_SOCKET, SO_TYPE, &v, sizeof v));
    S("level-bogus", setsockopt(fd, 999, 1, &v, sizeof v) == 0 ? 0 : errno == ENOPROTOOPT ? -2 : -3);
    l = 1;
    S("getsockopt-short", getsockopt(fd, SOL_SOCKET, SO_TYPE, &g, &l) ? -1 : (long)l);
}

static void tcp(int port)
{
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    options(ls);
    struct sockaddr_in a = lo4(port);
    S("tcp-bind", bind(ls, (struct sockaddr *)&a, sizeof a));
    S("tcp-bind-again", bind(ls, (struct sockaddr *)&a, sizeof a));
    S("tcp-sockname-port", port_of(ls, 0) == port);
    S("tcp-listen", listen(ls, 16));
    int v6 = socket(AF_INET6, SOCK_STREAM, 0), one = 1, g = 0;
    socklen_t gl = sizeof g;
    S("ipv6_v6only-set", setsockopt(v6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
    S("ipv6_v6only-get", getsockopt(v6, IPPROTO_IPV6, IPV6_V6ONLY, &g, &gl) ? -1 : g);
    close(v6);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    S("tcp-connect", connect(c, (struct sockaddr *)&a, sizeof a));
    S("tcp-connect-again", connect(c, (struct sockaddr *)&a, sizeof a));
    struct sockaddr_in pa;
    socklen_t pl = sizeof pa;
    int s = accept4(ls, (struct sockaddr *)&pa, &pl, SOCK_CLOEXEC);
    S("tcp-accept4", s >= 0);
    S("tcp-accept4-cloexec", fcntl(s, F_GETFD) & FD_CLOEXEC);
    S("tcp-accept-addrlen", pl);
    S("tcp-accept-peer-is-client", ntohs(pa.sin_port) == port_of(c, 0));
    S("tcp-peername", port_of(c, 1) == port);
    S("tcp-send", send(c, "hello", 5, 0));
    S("tcp-send-fastopen-connected", send(c, "x", 1, MSG_FASTOPEN)); /* EISCONN, as sendmsg */
    char b[64] = {0};
    S("tcp-recv", recv(s, b, sizeof b, 0));
    S("tcp-recv-data", !strcmp(b, "hello"));
    S("tcp-write", write(s, "abc", 3));
    S("tcp-peek", recv(c, b, 2, MSG_PEEK));
    S("tcp-read", read(c, b, sizeof b));
    struct iovec iov[3] = {{"one-", 4}, {"two-", 4}, {"three", 5}};
    struct msghdr m = {.msg_iov = iov, .msg_iovlen = 3};
    S("tcp-sendmsg", sendmsg(c, &m, 0));
    char r1[6] = {0}, r2[16] = {0};
    struct iovec riov[2] = {{r1, 5}, {r2, 8}};
    struct msghdr rm = {.msg_iov = riov, .msg_iovlen = 2};
    S("tcp-recvmsg", recvmsg(s, &rm, MSG_WAITALL));
    S("tcp-recvmsg-data", !strcmp(r1, "one-t") && !strcmp(r2, "wo-three"));
    S("tcp-recvmsg-flags", rm.msg_flags);
    S("tcp-writev", writev(c, iov, 3));
    S("tcp-readv-total", read(s, b, 13));
    S("tcp-recv-dontwait-empty", recv(s, b, 1, MSG_DONTWAIT));
    S("tcp-sendmsg-fastopen", sendmsg(c, &m, 0x20000000) < 0 ? -1 : 0);
    S("tcp-shutdown-bad", shutdown(c, 7));
    S("tcp-shutdown-wr", shutdown(c, SHUT_WR));
    S("tcp-recv-eof", recv(s, b, 1, 0));
    S("tcp-send-after-shut", send(c, "x", 1, MSG_NOSIGNAL));
    close(s);
    close(c);
    /* non-blocking connect + accept4(SOCK_NONBLOCK) */
    c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int rc = connect(c, (struct sockaddr *)&a, sizeof a);
    S("nb-connect", rc == 0 || errno == EINPROGRESS ? 0 : -1);
    struct pollfd p = {c, POLLOUT, 0};
    S("nb-connect-poll", poll(&p, 1, 5000));
    int err = -1;
    socklen_t el = sizeof err;
    S("nb-connect-so_error", getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &el) ? -1 : err);
    s = accept4(ls, NULL, NULL, SOCK_NONBLOCK);
    S("nb-accept4", s >= 0);
    S("nb-accept4-nonblock", (fcntl(s, F_GETFL) & O_NONBLOCK) != 0);
    S("nb-read-empty", read(s, b, 1));
    S("fcntl-setfl-nonblock", fcntl(ls, F_SETFL, O_NONBLOCK));
    S("nb-accept-empty", accept(ls, NULL, NULL));
    close(s);
    close(c);
    close(ls);
    /* connection refused */
    c = socket(AF_INET, SOCK_STREAM, 0);
    S("tcp-connect-refused", connect(c, (struct sockaddr *)&a, sizeof a));
    close(c);
}

static void udp(int port)
{
    int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = lo4(port);
    S("udp-bind", bind(u, (struct sockaddr *)&a, sizeof a));
    S("udp-send-noaddr", send(v, "x", 1, 0));
    S("udp-sendto", sendto(v, "dgram", 5, 0, (struct sockaddr *)&a, sizeof a));
    char b[16] = {0};
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    S("udp-recvfrom", recvfrom(u, b, sizeof b, 0, (struct sockaddr *)&from, &fl));
    S("udp-recvfrom-from", fl == sizeof from && ntohs(from.sin_port) == port_of(v, 0));
    S("udp-sendto-2", sendto(v, "0123456789", 10, 0, (struct sockaddr *)&a, sizeof a));
    S("udp-recv-trunc", recv(u, b, 4, MSG_TRUNC));
    S("udp-connect", connect(v, (struct sockaddr *)&a, sizeof a));
    S("udp-send-connected", send(v, "c", 1, 0));
    struct iovec iov = {b, sizeof b};
    struct msghdr m = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1};
    S("udp-recvmsg", recvmsg(u, &m, 0));
    S("udp-recvmsg-namelen", m.msg_namelen);
    close(u);
    close(v);
}

static void unix_socks(void)
{
    unlink("u.sock");
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strcpy(a.sun_path, "u.sock");
    socklen_t al = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a.sun_path) + 1);
    S("unix-bind", bind(l, (struct sockaddr *)&a, al));
    struct stat st;
    S("unix-bind-made-socket-file", stat("u.sock", &st) == 0 && S_ISSOCK(st.st_mode));
    struct sockaddr_un got;
    socklen_t gl = sizeof got;
    S("unix-sockname", getsockname(l, (struct sockaddr *)&got, &gl) == 0 && !strcmp(got.sun_path, "u.sock"));
    S("unix-listen", listen(l, 4));
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    S("unix-connect", connect(c, (struct sockaddr *)&a, al));
    int s = accept(l, NULL, NULL);
    S("unix-accept", s >= 0);
    S("unix-send", send(c, "unix", 4, 0));
    char b[8] = {0};
    S("unix-recv", recv(s, b, sizeof b, 0));
    int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
    S("unix-bind-inuse", bind(l2, (struct sockaddr *)&a, al));
    strcpy(a.sun_path, "missing.sock");
    S("unix-connect-missing", connect(l2, (struct sockaddr *)&a, sizeof a));
    close(l2);
    close(s);
    close(c);
    close(l);
    unlink("u.sock");
    /* datagrams */
    unlink("d1.sock");
    int d1 = socket(AF_UNIX, SOCK_DGRAM, 0), d2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    strcpy(a.sun_path, "d1.sock");
    S("unix-dgram-bind", bind(d1, (struct sockaddr *)&a, sizeof a));
    S("unix-dgram-sendto", sendto(d2, "dg", 2, 0, (struct sockaddr *)&a, sizeof a));
    S("unix-dgram-recv", recv(d1, b, sizeof b, 0));
    close(d1);
    close(d2);
    unlink("d1.sock");
    int sv[2];
    S("socketpair", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    S("socketpair-write", write(sv[0], "pair", 4));
    S("socketpair-read", read(sv[1], b, sizeof b));
    close(sv[0]);
    S("socketpair-eof", read(sv[1], b, sizeof b));
    S("socketpair-epipe", send(sv[1], "x", 1, MSG_NOSIGNAL));
    close(sv[1]);
    S("socketpair-dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    S("socketpair-dgram-send", send(sv[0], "abc", 3, 0));
    S("socketpair-dgram-recv", recv(sv[1], b, 1, 0));
    S("socketpair-dgram-next-empty", recv(sv[1], b, 1, MSG_DONTWAIT));
    close(sv[0]);
    close(sv[1]);
}

static int ep_wait(int ep, int ms, struct epoll_event *ev)
{
    return epoll_wait(ep, ev, 8, ms);
}

static void events(void)
{
    S("epoll_create1-bad", epoll_create1(12345));
    int ep = epoll_create1(EPOLL_CLOEXEC);
    S("epoll_create1", ep >= 0);
    S("epoll-cloexec", fcntl(ep, F_GETFD) & FD_CLOEXEC);
    int p[2];
    pipe(p);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull}, out[8];
    S("epoll-add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
    S("epoll-add-again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
    S("epoll-add-self", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
    S("epoll-mod-missing", epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev));
    S("epoll-del-missing", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], &ev));
    S("epoll-ctl-badop", epoll_ctl(ep, 99, p[0], &ev));
    S("epoll-ctl-notepoll", epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &ev));
    S("epoll-wait-empty", ep_wait(ep, 0, out));
    S("epoll-wait-badmax", epoll_wait(ep, out, 0, 0));
    S("epoll-wait-timeout", ep_wait(ep, 20, out));
    write(p[1], "ab", 2);
    S("epoll-level-1", ep_wait(ep, 0, out));
    S("epoll-level-data", out[0].data.u64 == 0x1122334455667788ull && out[0].events == EPOLLIN);
    S("epoll-level-2", ep_wait(ep, 0, out));
    ev.events = EPOLLIN | EPOLLET;
    S("epoll-mod-et", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
    S("epoll-edge-1", ep_wait(ep, 0, out));
    S("epoll-edge-2", ep_wait(ep, 0, out));
    write(p[1], "c", 1);
    S("epoll-edge-new-data", ep_wait(ep, 0, out));
    ev.events = EPOLLIN | EPOLLONESHOT;
    S("epoll-mod-oneshot", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
    S("epoll-oneshot-1", ep_wait(ep, 0, out));
    S("epoll-oneshot-2", ep_wait(ep, 0, out));
    S("epoll-oneshot-rearm", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
    S("epoll-oneshot-3", ep_wait(ep, 0, out));
    S("epoll-del", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
    S("epoll-after-del", ep_wait(ep, 0, out));
    /* a descriptor closed while registered leaves the set */
    ev.events = EPOLLIN;
    S("epoll-add-2", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
    close(p[0]);
    S("epoll-closed-gone", ep_wait(ep, 0, out));
    close(p[1]);
    /* RDHUP on a socket pair */
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = sv[0];
    S("epoll-add-sock", epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev));
    S("epoll-sock-quiet", ep_wait(ep, 0, out));
    shutdown(sv[1], SHUT_WR);
    S("epoll-rdhup", ep_wait(ep, 0, out) == 1 ? (long)out[0].events : -1);
    close(sv[0]);
    close(sv[1]);
    /* eventfd */
    S("eventfd-badflags", eventfd(0, 0x1234));
    int e = eventfd(3, EFD_NONBLOCK);
    uint64_t val = 0;
    S("eventfd-read", read(e, &val, 8) == 8 ? (long)val : -1);
    S("eventfd-read-empty", read(e, &val, 8));
    val = 5;
    S("eventfd-write", write(e, &val, 8));
    S("eventfd-write-short", write(e, &val, 4));
    ev.events = EPOLLIN;
    ev.data.u32 = 42;
    S("epoll-add-eventfd", epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev));
    S("epoll-eventfd", ep_wait(ep, 0, out) == 1 ? (long)out[0].data.u32 : -1);
    int es = eventfd(2, EFD_SEMAPHORE);
    S("eventfd-sem", read(es, &val, 8) == 8 ? (long)val : -1);
    close(es);
    /* timerfd */
    S("timerfd-badclock", timerfd_create(99, 0));
    int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec its = {.it_value = {0, 20 * 1000000}}, cur;
    S("timerfd-settime", timerfd_settime(t, 0, &its, NULL));
    S("timerfd-gettime", timerfd_gettime(t, &cur) == 0 && cur.it_value.tv_nsec > 0);
    S("timerfd-settime-notimer", timerfd_settime(e, 0, &its, NULL));
    ev.data.u32 = 43;
    S("epoll-add-timerfd", epoll_ctl(ep, EPOLL_CTL_ADD, t, &ev));
    S("epoll-eventfd-and-timer", ep_wait(ep, 2000, out) >= 1);
    usleep(50000);
    S("epoll-both-ready", ep_wait(ep, 0, out));
    S("timerfd-read", read(t, &val, 8) == 8 ? (long)val : -1);
    close(t);
    close(e);
    close(ep);
    S("epoll-wait-closed", epoll_wait(ep, out, 1, 0));
}

static void file_to_socket(void)
{
    int f = open("sf.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char data[3000];
    for (int i = 0; i < (int)sizeof data; i++)
        data[i] = (char)('a' + i % 26);
    write(f, data, sizeof data);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    off_t off = 100;
    S("sendfile-off", sendfile(sv[0], f, &off, 1000));
    S("sendfile-off-updated", (long)off);
    lseek(f, 2500, SEEK_SET);
    S("sendfile-nooff", sendfile(sv[0], f, NULL, 1000));
    S("sendfile-pos", (long)lseek(f, 0, SEEK_CUR));
    char got[1500];
    long n = 0, k;
    while (n < 1500 && (k = read(sv[1], got + n, sizeof got - n)) > 0)
        n += k;
    S("sendfile-data", n == 1500 && !memcmp(got, data + 100, 1000) && !memcmp(got + 1000, data + 2500, 500));
    S("sendfile-badf", sendfile(sv[0], 999, NULL, 1));
    close(sv[0]);
    close(sv[1]);
    close(f);
    unlink("sf.txt");
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 0;
    kinds();
    tcp(port);
    udp(port + 1);
    unix_socks();
    events();
    file_to_socket();
    return 0;
}
