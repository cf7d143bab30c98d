/* The net/ subsystem: registration, per-cVM policy and counters. */
#include "net/net.h"
#include "net/net_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <intravisor/hostcall.h>
#include "core/cvm.h"
#include "fs/fs.h"

/* Policies declared by name before their cVM exists (run flags, YAML). */
struct declared {
    char name[64];
    struct iv_net_policy pol;
    struct declared *next;
};
static struct declared *declared;
static pthread_mutex_t declared_lock = PTHREAD_MUTEX_INITIALIZER;

int iv_net_declare(const char *name, const struct iv_net_policy *p)
{
    struct declared *d = calloc(1, sizeof *d);
    if (!d)
        return -1;
    snprintf(d->name, sizeof d->name, "%s", name);
    d->pol = *p;
    pthread_mutex_lock(&declared_lock);
    d->next = declared;
    declared = d;
    pthread_mutex_unlock(&declared_lock);
    return 0;
}

static int net_slot = -1;

struct net_cvm *net_of(const struct iv_cvm *c) { return iv_cvm_state(c, net_slot); }

static int net_create(struct iv_cvm *c, const struct iv_cvm_opts *o)
{
    (void)o;
    struct net_cvm *n = calloc(1, sizeof *n);
    if (!n) {
        fprintf(stderr, "intravisor: cvm %s: out of memory\n", c->name);
        return -1;
    }
    pthread_mutex_init(&n->lock, NULL);
    pthread_mutex_lock(&declared_lock);
    for (struct declared *d = declared; d; d = d->next)
        if (!strcmp(d->name, c->name)) {
            n->pol = d->pol; /* the newest declaration wins */
            break;
        }
    pthread_mutex_unlock(&declared_lock);
    iv_cvm_state_set(c, net_slot, n);
    return 0;
}

static void net_destroy(struct iv_cvm *c)
{
    struct net_cvm *n = net_of(c);
    pthread_mutex_destroy(&n->lock);
    free(n);
    iv_cvm_state_set(c, net_slot, NULL);
}

int net_refuse(struct iv_cvm *c, const char *what)
{
    struct net_cvm *n = net_of(c);
    pthread_mutex_lock(&n->lock);
    n->st.refused++;
    if (n->st.nfirst < IV_NET_FIRST_REFUSALS)
        snprintf(n->st.first[n->st.nfirst++], sizeof n->st.first[0], "%s", what);
    pthread_mutex_unlock(&n->lock);
    return -13; /* -EACCES */
}

void net_count(struct iv_cvm *c, uint64_t *field, uint64_t k) { iv_cvm_count(c, field, k); }

void iv_net_stats_of(struct iv_cvm *c, struct iv_net_stats *s)
{
    struct net_cvm *n = net_of(c);
    memset(s, 0, sizeof *s);
    if (!n)
        return;
    pthread_mutex_lock(&n->lock);
    *s = n->st;
    pthread_mutex_unlock(&n->lock);
    s->conns_in = __atomic_load_n(&n->st.conns_in, __ATOMIC_RELAXED);
    s->conns_out = __atomic_load_n(&n->st.conns_out, __ATOMIC_RELAXED);
    struct iv_fs *fs = iv_fs_of(c);
    if (fs) {
        s->bytes_in = __atomic_load_n(&fs->sock_rx, __ATOMIC_RELAXED);
        s->bytes_out = __atomic_load_n(&fs->sock_tx, __ATOMIC_RELAXED);
    }
}

void iv_net_register(void)
{
    static const struct iv_cvm_hooks hooks = {.name = "net", .create = net_create, .destroy = net_destroy};
    net_slot = iv_cvm_hooks_register(&hooks);
    static const struct {
        int slot;
        iv_hc_fn fn;
    } calls[] = {
        {IV_HC_SOCKET, IV_HC_FN(hc_socket)},
        {IV_HC_SOCKETPAIR, IV_HC_FN(hc_socketpair)},
        {IV_HC_BIND, IV_HC_FN(hc_bind)},
        {IV_HC_LISTEN, IV_HC_FN(hc_listen)},
        {IV_HC_ACCEPT, IV_HC_FN(hc_accept)},
        {IV_HC_CONNECT, IV_HC_FN(hc_connect)},
        {IV_HC_SENDMSG, IV_HC_FN(hc_sendmsg)},
        {IV_HC_RECVMSG, IV_HC_FN(hc_recvmsg)},
        {IV_HC_SHUTDOWN, IV_HC_FN(hc_shutdown)},
        {IV_HC_SOCKNAME, IV_HC_FN(hc_sockname)},
        {IV_HC_SETSOCKOPT, IV_HC_FN(hc_setsockopt)},
        {IV_HC_GETSOCKOPT, IV_HC_FN(hc_getsockopt)},
        {IV_HC_EPOLL_CREATE, IV_HC_FN(hc_epoll_create)},
        {IV_HC_EPOLL_CTL, IV_HC_FN(hc_epoll_ctl)},
        {IV_HC_EPOLL_WAIT, IV_HC_FN(hc_epoll_wait)},
        {IV_HC_EVENTFD, IV_HC_FN(hc_eventfd)},
        {IV_HC_TIMERFD_CREATE, IV_HC_FN(hc_timerfd_create)},
        {IV_HC_TIMERFD_SETTIME, IV_HC_FN(hc_timerfd_settime)},
        {IV_HC_TIMERFD_GETTIME, IV_HC_FN(hc_timerfd_gettime)},
        {IV_HC_SENDFILE, IV_HC_FN(hc_sendfile)},
        {IV_HC_SEND, IV_HC_FN(hc_send)},
        {IV_HC_RECV, IV_HC_FN(hc_recv)},
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        iv_hostcall_register(calls[i].slot, calls[i].fn);
}
