/* net/: sockets, epoll, eventfd, timerfd and sendfile for cVMs, under a
 * per-cVM network policy (docs/net.md).  Sockets, eventfds and timerfds are
 * host descriptors in the cVM's descriptor table (fs/'s struct iv_file,
 * marked with their kind); an epoll set is a virtual file holding a host
 * epoll plus the virtual files it watches.  Depends on core/ and fs/. */
#ifndef MONITOR_NET_NET_H
#define MONITOR_NET_NET_H
#include <stdint.h>

struct iv_cvm;

#define IV_NET_RULES_MAX 64
#define IV_NET_SPEC_MAX 96 /* longest rule text */
enum { IV_NET_LISTEN = 1, IV_NET_CONNECT, IV_NET_PUBLISH };
enum { IV_NET_TCP = 1, IV_NET_UDP };

/* One grant.  LISTEN: the cVM may bind (and listen on) a local address in
 * addr/prefix (family 0: any) and a port in [lo, hi].  CONNECT: it may
 * connect/send to a destination in addr/prefix and [lo, hi].  PUBLISH: a
 * bind to inside port lo is made on host port host_port (and is granted). */
struct iv_net_rule {
    uint8_t kind, proto, family, prefix;
    uint8_t addr[16]; /* network byte order; 4 bytes used for AF_INET */
    uint16_t lo, hi, host_port;
};

struct iv_net_policy {
    int n;
    struct iv_net_rule r[IV_NET_RULES_MAX];
};

/* Parses one rule of `kind` ("tcp:80", "tcp:8000-8100",
 * "udp:127.0.0.1:53", "tcp:127.0.0.0/8:1-65535", "tcp:[::1]:80", and for
 * PUBLISH "8080:80" or "8080:80/udp") and appends it to p.  0, or -1 with
 * a reason in why (static string). */
int iv_net_rule_add(struct iv_net_policy *p, int kind, const char *spec, const char **why);

/* Registers the subsystem (hooks, hostcalls).  Once, at start-up, after
 * iv_fs_register. */
void iv_net_register(void);
/* The policy of the cVM called `name` from now on (copied); a cVM with
 * none declared has no grant: every bind/connect/sendto of an Internet
 * socket is refused.  Before the cVM is created. */
int iv_net_declare(const char *name, const struct iv_net_policy *p);

#define IV_NET_FIRST_REFUSALS 4
struct iv_net_stats {
    uint64_t refused;        /* bind/listen/connect/sendto/socket refused by policy */
    uint64_t conns_in, conns_out;
    uint64_t bytes_in, bytes_out;
    int nfirst;
    char first[IV_NET_FIRST_REFUSALS][128]; /* the first refusals, described */
};
/* c's counters so far.  Safe while c exists. */
void iv_net_stats_of(struct iv_cvm *c, struct iv_net_stats *s);
#endif
