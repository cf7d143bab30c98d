/* The network policy and the hostcall checks, from inside a cVM
 * (tests/groups/70-net.sh).  policy MODE PORT: MODE is
 *   none    no grant at all
 *   grant   run with --listen tcp:127.0.0.1:PORT --connect tcp:127.0.0.1:PORT
 *           --connect udp:127.0.0.1:PORT+1 --listen udp:127.0.0.1:PORT+1
 *   ro      no grant, read-only root
 * Prints PASS/FAIL lines (tests/libos/t.h); exits with the failures. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <intravisor.h>
#include "../libos/t.h"

static struct sockaddr_in a4(const char *ip, int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, ip, &a.sin_addr);
    return a;
}
#define SA(x) ((struct sockaddr *)&(x))

static struct sockaddr_un un(const char *p)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, p, sizeof a.sun_path - 1);
    return a;
}

static void refused_kinds(void)
{
    T("raw-eperm", ERR(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), EPERM));
    T("raw6-eperm", ERR(socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6), EPERM));
    T("packet-eperm", ERR(socket(AF_PACKET, SOCK_RAW, 0), EPERM));
    T("netlink-eafnosupport", ERR(socket(AF_NETLINK, SOCK_RAW, 0), EAFNOSUPPORT));
    T("bluetooth-eafnosupport", ERR(socket(31, SOCK_STREAM, 0), EAFNOSUPPORT));
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int v = 1;
    T("bindtodevice-enoprotoopt", ERR(setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3), ENOPROTOOPT));
    T("so_mark-enoprotoopt", ERR(setsockopt(s, SOL_SOCKET, SO_MARK, &v, sizeof v), ENOPROTOOPT));
    T("ip_hdrincl-enoprotoopt", ERR(setsockopt(s, IPPROTO_IP, IP_HDRINCL, &v, sizeof v), ENOPROTOOPT));
    close(s);
    /* the abstract namespace is the host's: refused */
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    memcpy(a.sun_path, "\0abstract", 9);
    T("unix-abstract-bind-eacces", ERR(bind(s, SA(a), offsetof(struct sockaddr_un, sun_path) + 9), EACCES));
    T("unix-abstract-connect-eacces", ERR(connect(s, SA(a), offsetof(struct sockaddr_un, sun_path) + 9), EACCES));
    T("unix-autobind-eacces", ERR(bind(s, SA(a), sizeof(sa_family_t)), EACCES));
    close(s);
}

static void none(int port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = a4("127.0.0.1", port);
    T("none-bind-eacces", ERR(bind(s, SA(a), sizeof a), EACCES));
    T("none-bind0-eacces", ERR(bind(s, SA((struct sockaddr_in){.sin_family = AF_INET}), sizeof a), EACCES));
    T("none-listen-unbound-eacces", ERR(listen(s, 1), EACCES));
    T("none-connect-eacces", ERR(connect(s, SA(a), sizeof a), EACCES));
    close(s);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    T("none-sendto-eacces", ERR(sendto(u, "x", 1, 0, SA(a), sizeof a), EACCES));
    T("none-udp-connect-eacces", ERR(connect(u, SA(a), sizeof a), EACCES));
    struct sockaddr_in6 b = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    int s6 = socket(AF_INET6, SOCK_STREAM, 0);
    T("none-connect6-eacces", ERR(connect(s6, SA(b), sizeof b), EACCES));
    close(s6);
    close(u);
    /* unix sockets are governed by the file system, not the net policy */
    int l = socket(AF_UNIX, SOCK_STREAM, 0), c = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un p = un("/sub/../../../../l.sock");
    T("unix-bind-dotdot-stays-inside", bind(l, SA(p), sizeof p) == 0);
    struct stat st;
    T("unix-bind-dotdot-landed-at-root", stat("/l.sock", &st) == 0 && S_ISSOCK(st.st_mode));
    struct sockaddr_un g;
    socklen_t gl = sizeof g;
    T("unix-sockname-is-inside-path", getsockname(l, SA(g), &gl) == 0 && !strcmp(g.sun_path, "/sub/../../../../l.sock"));
    listen(l, 1);
    struct sockaddr_un q = un("/link-in");
    T("unix-connect-symlink-in-root", connect(c, SA(q), sizeof q) == 0);
    int s2 = accept(l, NULL, NULL);
    gl = sizeof g;
    T("unix-peername-hides-host-path", getpeername(c, SA(g), &gl) == 0 && gl == sizeof(sa_family_t));
    close(s2);
    close(c);
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un o = un("/link-out");
    T("unix-connect-symlink-out-enoent", ERR(connect(c, SA(o), sizeof o), ENOENT));
    struct sockaddr_un o2 = un("/../../../../../../OUTSIDE/host.sock");
    T("unix-connect-dotdot-out-enoent", ERR(connect(c, SA(o2), sizeof o2), ENOENT));
    close(c);
    close(l);
}

static void grant(int port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in ok = a4("127.0.0.1", port), other = a4("127.0.0.1", port + 5);
    T("grant-bind-other-port-eacces", ERR(bind(s, SA(other), sizeof other), EACCES));
    struct sockaddr_in any = a4("0.0.0.0", port);
    T("grant-bind-other-addr-eacces", ERR(bind(s, SA(any), sizeof any), EACCES));
    T("grant-bind", bind(s, SA(ok), sizeof ok) == 0);
    T("grant-listen", listen(s, 4) == 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in bad = a4("127.0.0.2", port), badport = a4("127.0.0.1", port + 2);
    T("grant-connect-other-addr-eacces", ERR(connect(c, SA(bad), sizeof bad), EACCES));
    T("grant-connect-other-port-eacces", ERR(connect(c, SA(badport), sizeof badport), EACCES));
    struct sockaddr_in6 m = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)(port + 2))};
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &m.sin6_addr);
    int c6 = socket(AF_INET6, SOCK_STREAM, 0);
    T("grant-connect-v4mapped-other-port-eacces", ERR(connect(c6, SA(m), sizeof m), EACCES));
    m.sin6_port = htons((uint16_t)port);
    T("grant-connect-v4mapped-granted", connect(c6, SA(m), sizeof m) == 0);
    close(c6);
    T("grant-connect", connect(c, SA(ok), sizeof ok) == 0);
    close(c);
    /* bind(0) is a client's ephemeral port; listening on it is not granted */
    int e = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in zero = a4("127.0.0.1", 0);
    T("grant-bind0-client", bind(e, SA(zero), sizeof zero) == 0);
    T("grant-listen-ephemeral-eacces", ERR(listen(e, 1), EACCES));
    close(e);
    e = socket(AF_INET, SOCK_STREAM, 0);
    T("grant-listen-unbound-eacces", ERR(listen(e, 1), EACCES));
    close(e);
    close(s);
    /* UDP around the policy */
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in uok = a4("127.0.0.1", port + 1), uother = a4("127.0.0.1", port + 3);
    T("udp-sendto-granted", sendto(u, "x", 1, 0, SA(uok), sizeof uok) == 1);
    T("udp-sendto-other-eacces", ERR(sendto(u, "x", 1, 0, SA(uother), sizeof uother), EACCES));
    T("udp-connect-granted", connect(u, SA(uok), sizeof uok) == 0);
    T("udp-connected-sendto-other-eacces", ERR(sendto(u, "x", 1, 0, SA(uother), sizeof uother), EACCES));
    struct iovec iov = {"y", 1};
    struct msghdr mh = {.msg_name = &uother, .msg_namelen = sizeof uother, .msg_iov = &iov, .msg_iovlen = 1};
    T("udp-sendmsg-other-eacces", ERR(sendmsg(u, &mh, 0), EACCES));
    char cbuf[64] = {0};
    mh.msg_name = &uok;
    mh.msg_control = cbuf;
    mh.msg_controllen = sizeof cbuf;
    T("sendmsg-control-einval", ERR(sendmsg(u, &mh, 0), EINVAL));
    T("udp-connect-unspec", connect(u, SA((struct sockaddr){.sa_family = AF_UNSPEC}), sizeof(struct sockaddr)) == 0);
    T("udp-tcp-rule-is-not-udp-eacces", ERR(sendto(u, "x", 1, 0, SA(ok), sizeof ok), EACCES));
    close(u);
    /* TCP fast open is a connect: checked like one */
    int f = socket(AF_INET, SOCK_STREAM, 0);
    mh = (struct msghdr){.msg_name = &badport, .msg_namelen = sizeof badport, .msg_iov = &iov, .msg_iovlen = 1};
    T("fastopen-other-eacces", ERR(sendmsg(f, &mh, MSG_FASTOPEN), EACCES));
    close(f);
}

/* Every new hostcall with a pointer outside the cVM's memory: EFAULT. */
static void badptr(int port)
{
    static volatile uintptr_t badv = 8, farv = 0x7fff00000000;
    void *bad = (void *)badv; /* the low guard */
    void *far = (void *)farv; /* not in the region */
    int s = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
    unsigned len = 16;
    T("efault-bind", iv_bind(s, bad, 16) == -EFAULT && iv_bind(s, far, 16) == -EFAULT);
    T("efault-connect", iv_connect(s, bad, 16) == -EFAULT);
    T("efault-socketpair", iv_socketpair(AF_UNIX, SOCK_STREAM, 0, bad) == -EFAULT);
    T("efault-sockname-addr", iv_sockname(s, bad, &len, 0) == -EFAULT);
    T("efault-sockname-len", iv_sockname(s, bad, bad, 0) == -EFAULT);
    T("efault-accept-len", iv_accept(s, bad, bad, 0) == -EFAULT);
    T("efault-sendmsg-hdr", iv_sendmsg(u, bad, 0) == -EFAULT);
    T("efault-recvmsg-hdr", iv_recvmsg(u, far, MSG_DONTWAIT) == -EFAULT);
    struct iovec iov = {bad, 4};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    struct sockaddr_in to = a4("127.0.0.1", port + 1);
    m.msg_name = &to;
    m.msg_namelen = sizeof to;
    T("efault-sendmsg-iov-base", iv_sendmsg(u, &m, 0) == -EFAULT);
    m.msg_iov = bad;
    T("efault-sendmsg-iov-array", iv_sendmsg(u, &m, 0) == -EFAULT);
    m.msg_iov = &iov;
    iov.iov_base = "abcd";
    m.msg_name = bad;
    T("efault-sendmsg-name", iv_sendmsg(u, &m, 0) == -EFAULT);
    T("efault-setsockopt", iv_setsockopt(s, SOL_SOCKET, SO_REUSEADDR, bad, 4) == -EFAULT);
    T("efault-getsockopt-len", iv_getsockopt(s, SOL_SOCKET, SO_TYPE, bad, bad) == -EFAULT);
    len = 4;
    T("efault-getsockopt-val", iv_getsockopt(s, SOL_SOCKET, SO_TYPE, far, &len) == -EFAULT);
    int ep = epoll_create1(0);
    T("efault-epoll-ctl", iv_epoll_ctl(ep, EPOLL_CTL_ADD, s, bad) == -EFAULT);
    T("efault-epoll-wait", iv_epoll_wait(ep, bad, 4, 0) == -EFAULT);
    T("efault-epoll-wait-huge", iv_epoll_wait(ep, (void *)&len, 1000, 0) == -EFAULT);
    int t = timerfd_create(CLOCK_MONOTONIC, 0);
    T("efault-timerfd-settime", iv_timerfd_settime(t, 0, bad, NULL) == -EFAULT);
    T("efault-timerfd-gettime", iv_timerfd_gettime(t, far) == -EFAULT);
    int fd = open("/", O_RDONLY);
    T("efault-sendfile-off", iv_sendfile(s, fd, bad, 1) == -EFAULT);
    T("efault-read-socket", iv_read(u, bad, 4) == -EFAULT);
    T("efault-send", iv_send(u, bad, 4, 0) == -EFAULT && iv_send(u, far, 4, 0) == -EFAULT);
    T("efault-recv", iv_recv(u, bad, 4, MSG_DONTWAIT) == -EFAULT && iv_recv(u, far, 4, MSG_DONTWAIT) == -EFAULT);
    T("efault-recv-past-region", iv_recv(u, (char *)&len, 1ul << 31, MSG_DONTWAIT) == -EFAULT);
    T("send-fastopen-eopnotsupp", iv_send(s, "x", 1, MSG_FASTOPEN) == -EOPNOTSUPP);
    T("recv-errqueue-eopnotsupp", iv_recv(u, &len, 4, MSG_ERRQUEUE) == -EOPNOTSUPP);
    T("recv-file-enotsock", iv_recv(fd, &len, 4, MSG_DONTWAIT) == -ENOTSOCK);
    /* and the wrong kind of descriptor */
    T("enotsock-file", ERR(listen(fd, 1), ENOTSOCK));
    T("enotsock-stdio", ERR(connect(1, SA(to), sizeof to), ENOTSOCK));
    T("enotsock-epoll", ERR(getsockname(ep, SA(to), &len), ENOTSOCK));
    T("timerfd-on-socket-einval", ERR(timerfd_gettime(s, &(struct itimerspec){{0, 0}, {0, 0}}), EINVAL));
    close(fd);
    close(t);
    close(ep);
    close(s);
    close(u);
}

/* Sockets are descriptors: a cVM runs out like with files (EMFILE), and
 * gets them back when it closes them. */
static void exhaust(void)
{
    static int fds[1100];
    int n = 0;
    while (n < 1100 && (fds[n] = socket(AF_INET, SOCK_STREAM, 0)) >= 0)
        n++;
    T("sockets-run-out-emfile", n < 1100 && errno == EMFILE);
    int ep = epoll_create1(0);
    T("epoll-counts-too", ep < 0 && errno == EMFILE);
    for (int i = 0; i < n; i++)
        close(fds[i]);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    T("sockets-back-after-close", s >= 0);
    close(s);
}

static void ro(void)
{
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un p = un("/ro.sock");
    T("unix-bind-ro-root-erofs", ERR(bind(l, SA(p), sizeof p), EROFS));
    close(l);
}

int main(int argc, char **argv)
{
    t_prefix = "net-policy";
    const char *mode = argc > 1 ? argv[1] : "none";
    int port = argc > 2 ? atoi(argv[2]) : 0;
    if (!strcmp(mode, "none")) {
        refused_kinds();
        none(port);
        badptr(port);
        exhaust();
    } else if (!strcmp(mode, "grant")) {
        grant(port);
    } else {
        ro();
    }
    return t_fails;
}
