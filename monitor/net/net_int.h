/* Shared by the files of net/ only. */
#ifndef MONITOR_NET_INT_H
#define MONITOR_NET_INT_H
#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>
#include "net/net.h"

struct iv_cvm;
struct iv_file;

/* An Internet address, IPv4-mapped IPv6 folded to IPv4. */
struct net_addr {
    int family;
    uint8_t addr[16];
    uint16_t port;
};
int net_addr_from(const struct sockaddr_storage *ss, socklen_t len, struct net_addr *a);
/* The first rule of `kind` granting (proto, a), or NULL.  For LISTEN, a
 * PUBLISH rule for the port grants it too. */
const struct iv_net_rule *net_policy_match(const struct iv_net_policy *p, int kind, int proto,
                                           const struct net_addr *a);
int net_policy_has(const struct iv_net_policy *p, int kind, int proto);

/* Per-cVM state. */
struct net_cvm {
    struct iv_net_policy pol;
    pthread_mutex_t lock; /* the counters and first[] */
    struct iv_net_stats st;
};
struct net_cvm *net_of(const struct iv_cvm *c);
/* Counts a policy refusal and remembers the first few.  Returns -EACCES. */
int net_refuse(struct iv_cvm *c, const char *what);
void net_count(struct iv_cvm *c, uint64_t *field, uint64_t n);

/* A socket's side data (iv_file.obj of an IV_FK_SOCKET file). */
struct net_sock {
    int family, type, proto; /* proto: IV_NET_TCP / IV_NET_UDP / 0 (AF_UNIX) */
    int listen_ok;           /* bound to an address a LISTEN rule grants */
    uint16_t pub_inside, pub_host; /* a published port: what the cVM sees / the host's */
    char upath[108];         /* AF_UNIX: the path the cVM bound, as it gave it */
    socklen_t upath_len;
};

/* Puts f into the lowest free slot of the caller's table; on failure
 * drops f.  The fd or -EMFILE. */
long net_install(struct iv_file *f, int cloexec);

/* Hostcalls (hc_sock.c, hc_epoll.c, hc_event.c). */
long hc_socket(uint64_t family, uint64_t type, uint64_t proto);
long hc_socketpair(uint64_t family, uint64_t type, uint64_t proto, uint64_t sv);
long hc_bind(uint64_t fd, uint64_t addr, uint64_t len);
long hc_listen(uint64_t fd, uint64_t backlog);
long hc_accept(uint64_t fd, uint64_t addr, uint64_t lenp, uint64_t flags);
long hc_connect(uint64_t fd, uint64_t addr, uint64_t len);
long hc_sendmsg(uint64_t fd, uint64_t msg, uint64_t flags);
long hc_recvmsg(uint64_t fd, uint64_t msg, uint64_t flags);
long hc_send(uint64_t fd, uint64_t buf, uint64_t len, uint64_t flags);
long hc_recv(uint64_t fd, uint64_t buf, uint64_t len, uint64_t flags);
long hc_shutdown(uint64_t fd, uint64_t how);
long hc_sockname(uint64_t fd, uint64_t addr, uint64_t lenp, uint64_t peer);
long hc_setsockopt(uint64_t fd, uint64_t level, uint64_t name, uint64_t val, uint64_t len);
long hc_getsockopt(uint64_t fd, uint64_t level, uint64_t name, uint64_t val, uint64_t lenp);
long hc_epoll_create(uint64_t flags);
long hc_epoll_ctl(uint64_t ep, uint64_t op, uint64_t fd, uint64_t ev);
long hc_epoll_wait(uint64_t ep, uint64_t evs, uint64_t max, uint64_t timeout_ms);
long hc_eventfd(uint64_t init, uint64_t flags);
long hc_timerfd_create(uint64_t clock, uint64_t flags);
long hc_timerfd_settime(uint64_t fd, uint64_t flags, uint64_t nv, uint64_t old);
long hc_timerfd_gettime(uint64_t fd, uint64_t cur);
long hc_sendfile(uint64_t out, uint64_t in, uint64_t offp, uint64_t count);
#endif
