/* Socket hostcalls (docs/net.md, docs/hostcalls.md "Sockets").  A socket
 * is a host socket in the cVM's descriptor table (kind IV_FK_SOCKET, side
 * data struct net_sock), so read/write/poll/close/fstat work through fs/.
 * Every address the cVM names is checked against its policy first;
 * AF_UNIX paths are resolved inside its root as files are; nothing the
 * kernel returns names a host descriptor or a host path. */
#include "net/net_int.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <intravisor/hostcall.h>
#include "core/cvm.h"
#include "core/nocancel.h"
#include "fs/fs.h"

#define CVM (iv_self->cvm)
#define FS (iv_fs_of(iv_self->cvm))
#define MAX_IO (1ull << 30)
#define MAX_IOV 1024 /* UIO_MAXIOV */

/* The cVM socket fd: its file (a reference: iv_fs_put) or NULL with *err. */
static struct iv_file *sock_get(uint64_t fd, long *err)
{
    struct iv_file *f = iv_fs_get(FS, fd);
    if (!f) {
        *err = -EBADF;
        return NULL;
    }
    if (f->ops || f->kind != IV_FK_SOCKET) {
        iv_fs_put(FS, f);
        *err = -ENOTSOCK;
        return NULL;
    }
    return f;
}

#define SOCK(f, s, fd)                       \
    long err_;                               \
    struct iv_file *f = sock_get(fd, &err_); \
    if (!f)                                  \
        return err_;                         \
    struct net_sock *s = f->obj

/* Installs host socket h (owned, already charged to the cVM's descriptor
 * share with fs_charge) with side data s (copied).  fd or -errno. */
static long sock_install(int h, const struct net_sock *s, int cloexec)
{
    struct iv_file *f = fs_file_charged(CVM, h);
    struct net_sock *side = malloc(sizeof *side);
    if (!f || !side) {
        free(f);
        free(side);
        close(h);
        fs_uncharge(CVM, 1);
        return -ENOMEM;
    }
    *side = *s;
    f->kind = IV_FK_SOCKET;
    f->obj = side;
    int fd = fs_install(FS, f, 0, cloexec);
    if (fd < 0)
        iv_fs_put(FS, f); /* closes h, frees side, gives the charge back */
    return fd;
}

/* Takes slot fd back (a failed call that installed it). */
static void fd_drop(int fd) { hc_close((uint64_t)fd); }

/* What socket(2) may make: Internet TCP/UDP and local sockets.  Raw,
 * packet, netlink and every other family are refused: never a host
 * socket of those kinds. */
static long sock_kind(int family, int type, int proto, int *netproto)
{
    *netproto = 0;
    if (family == AF_UNIX) {
        if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
            return -ESOCKTNOSUPPORT;
        return proto ? -EPROTONOSUPPORT : 0;
    }
    if (family != AF_INET && family != AF_INET6)
        return family == AF_PACKET ? -EPERM : -EAFNOSUPPORT;
    if (type == SOCK_RAW)
        return -EPERM; /* as for an unprivileged process */
    if (type == SOCK_STREAM && (!proto || proto == IPPROTO_TCP))
        *netproto = IV_NET_TCP;
    else if (type == SOCK_DGRAM && (!proto || proto == IPPROTO_UDP))
        *netproto = IV_NET_UDP;
    else if (type == SOCK_STREAM || type == SOCK_DGRAM)
        return -EPROTONOSUPPORT;
    else
        return -ESOCKTNOSUPPORT;
    return 0;
}

long hc_socket(uint64_t family, uint64_t type, uint64_t proto)
{
    int ty = (int)type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), np;
    long r = sock_kind((int)family, ty, (int)proto, &np);
    if (r) {
        if (r == -EPERM || (int)family == AF_NETLINK) {
            char what[80];
            snprintf(what, sizeof what, "socket family %d type %d", (int)family, ty);
            net_refuse(CVM, what);
        }
        return r;
    }
    if ((r = fs_charge(CVM, 1)))
        return r; /* every socket is a descriptor of the cVM's share */
    int h = socket((int)family, ty | SOCK_CLOEXEC | ((int)type & SOCK_NONBLOCK), (int)proto);
    if (h < 0) {
        r = -errno;
        fs_uncharge(CVM, 1);
        return r;
    }
    struct net_sock s = {.family = (int)family, .type = ty, .proto = np};
    return sock_install(h, &s, (int)type & SOCK_CLOEXEC);
}

long hc_socketpair(uint64_t family, uint64_t type, uint64_t proto, uint64_t sv)
{
    int ty = (int)type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), np;
    if ((int)family != AF_UNIX) {
        long r = sock_kind((int)family, ty, (int)proto, &np);
        return r ? r : -EOPNOTSUPP;
    }
    long r = sock_kind(AF_UNIX, ty, (int)proto, &np);
    if (r)
        return r;
    int out[2] = {-1, -1}, one;
    if (fs_copy_in(CVM, &one, sv, sizeof one) || fs_copy_out(CVM, sv, out, sizeof out))
        return -EFAULT; /* checked before anything exists */
    int h[2];
    if ((r = fs_charge(CVM, 2)))
        return r;
    if (socketpair(AF_UNIX, ty | SOCK_CLOEXEC | ((int)type & SOCK_NONBLOCK), 0, h)) {
        r = -errno;
        fs_uncharge(CVM, 2);
        return r;
    }
    struct net_sock s = {.family = AF_UNIX, .type = ty};
    for (int i = 0; i < 2; i++) {
        out[i] = (int)sock_install(h[i], &s, (int)type & SOCK_CLOEXEC);
        if (out[i] < 0) {
            r = out[i];
            if (!i) {
                close(h[1]);
                fs_uncharge(CVM, 1);
            }
            break;
        }
    }
    if (!r && fs_copy_out(CVM, sv, out, sizeof out))
        r = -EFAULT;
    if (r)
        for (int i = 0; i < 2; i++)
            if (out[i] >= 0)
                fd_drop(out[i]);
    return r;
}

/* ---- addresses ----------------------------------------------------------- */

/* Copies a sockaddr from the cVM.  0 or -errno. */
static long addr_in(uint64_t addr, uint64_t len, struct sockaddr_storage *ss)
{
    if ((uint32_t)len > sizeof *ss)
        return -EINVAL;
    memset(ss, 0, sizeof *ss);
    if ((uint32_t)len < sizeof(sa_family_t))
        return -EINVAL;
    return fs_copy_in(CVM, ss, addr, (uint32_t)len) ? -EFAULT : 0;
}

static const char *proto_name(int p) { return p == IV_NET_UDP ? "udp" : "tcp"; }

static void describe(char *out, size_t n, const char *op, int proto, const struct net_addr *a)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    inet_ntop(a->family, a->addr, ip, sizeof ip);
    snprintf(out, n, a->family == AF_INET6 ? "%s %s [%s]:%u" : "%s %s %s:%u", op, proto_name(proto), ip,
             a->port);
}

/* Resolves an AF_UNIX address inside the root into a host one that the
 * kernel can use with no further path walk out of it: for bind, the
 * parent directory opened inside the root + the final name; otherwise
 * the socket file itself opened (O_PATH) inside the root.  *hold is the
 * O_PATH descriptor to close after the call. */
static long unix_host_addr(struct sockaddr_storage *ss, socklen_t *len, int for_bind, int *hold,
                           struct net_sock *keep)
{
    struct sockaddr_un *u = (void *)ss;
    *hold = -1;
    if (*len > sizeof *u)
        return -EINVAL; /* as Linux; a sockaddr_storage is longer (found by hcfuzz) */
    size_t max = *len - offsetof(struct sockaddr_un, sun_path);
    if (*len <= offsetof(struct sockaddr_un, sun_path) || u->sun_path[0] == 0)
        return net_refuse(CVM, "unix socket in the abstract namespace"); /* shared with the host */
    char path[sizeof u->sun_path + 1];
    memcpy(path, u->sun_path, max);
    path[max] = 0;
    struct iv_fs *fs = FS;
    if (fs->root < 0)
        return -ENOENT; /* no file system */
    char host[sizeof u->sun_path];
    int n;
    if (for_bind) {
        if (!fs->rw)
            return -EROFS;
        char name[256];
        int dir = fs_parent(fs, IV_AT_FDCWD, path, name);
        if (dir < 0)
            return dir;
        *hold = dir;
        n = snprintf(host, sizeof host, "/proc/self/fd/%d/%s", dir, name);
        if (keep) {
            keep->upath_len = (socklen_t)strlen(path);
            memcpy(keep->upath, path, keep->upath_len);
        }
    } else {
        int h = fs_open(fs, IV_AT_FDCWD, path, O_PATH, 0);
        if (h < 0)
            return h;
        *hold = h;
        n = snprintf(host, sizeof host, "/proc/self/fd/%d", h);
    }
    if (n < 0 || (size_t)n >= sizeof host)
        return -ENAMETOOLONG;
    memset(u->sun_path, 0, sizeof u->sun_path);
    memcpy(u->sun_path, host, (size_t)n);
    *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)n + 1);
    return 0;
}

/* Checks (and for AF_UNIX rewrites) a destination.  *hold as above. */
static long dest_check(struct net_sock *s, struct sockaddr_storage *ss, socklen_t *len, const char *op,
                       int *hold)
{
    *hold = -1;
    if (ss->ss_family == AF_UNSPEC)
        return 0; /* connect(AF_UNSPEC): dissolve the association */
    if (s->family == AF_UNIX)
        return ss->ss_family == AF_UNIX ? unix_host_addr(ss, len, 0, hold, NULL) : -EINVAL;
    struct net_addr a;
    if (net_addr_from(ss, *len, &a))
        return ss->ss_family != s->family ? -EAFNOSUPPORT : -EINVAL;
    if (!net_policy_match(&net_of(CVM)->pol, IV_NET_CONNECT, s->proto, &a)) {
        char what[128];
        describe(what, sizeof what, op, s->proto, &a);
        return net_refuse(CVM, what);
    }
    return 0;
}

static void set_port(struct sockaddr_storage *ss, uint16_t port)
{
    if (ss->ss_family == AF_INET)
        ((struct sockaddr_in *)ss)->sin_port = htons(port);
    else if (ss->ss_family == AF_INET6)
        ((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
}

/* An address the kernel gave, as the cVM may see it: its own published
 * port as the inside port; AF_UNIX peers unnamed (their host path would
 * name a monitor descriptor or a host directory). */
static void addr_for_cvm(const struct net_sock *s, struct sockaddr_storage *ss, socklen_t *len, int own)
{
    if (ss->ss_family == AF_UNIX) {
        if (own && s->upath_len) {
            struct sockaddr_un *u = (void *)ss;
            memset(u->sun_path, 0, sizeof u->sun_path);
            memcpy(u->sun_path, s->upath, s->upath_len);
            *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + s->upath_len + 1);
        } else {
            *len = sizeof(sa_family_t);
        }
        return;
    }
    struct net_addr a;
    if (own && s->pub_host && !net_addr_from(ss, *len, &a) && a.port == s->pub_host)
        set_port(ss, s->pub_inside);
}

/* Copies an address out like the kernel: truncated to *lenp, the full
 * length stored.  0 or -EFAULT. */
static long addr_out(uint64_t addr, uint64_t lenp, const struct sockaddr_storage *ss, socklen_t len)
{
    uint32_t room;
    if (fs_copy_in(CVM, &room, lenp, sizeof room))
        return -EFAULT;
    if ((int)room < 0)
        return -EINVAL;
    uint32_t n = room < len ? room : len;
    if (n && fs_copy_out(CVM, addr, ss, n))
        return -EFAULT;
    return fs_copy_out(CVM, lenp, &len, sizeof len) ? -EFAULT : 0;
}

/* ---- calls -------------------------------------------------------------- */

long hc_bind(uint64_t fd, uint64_t addr, uint64_t len)
{
    SOCK(f, s, fd);
    struct sockaddr_storage ss;
    socklen_t sl = (socklen_t)(uint32_t)len;
    long r = addr_in(addr, len, &ss);
    int hold = -1;
    struct net_sock side = *s;
    uint16_t pub_inside = 0, pub_host = 0;
    int listen_ok = 0;
    if (r)
        goto out;
    if (s->family == AF_UNIX) {
        r = ss.ss_family == AF_UNIX ? unix_host_addr(&ss, &sl, 1, &hold, &side) : -EINVAL;
    } else {
        struct net_addr a;
        if (net_addr_from(&ss, sl, &a)) {
            r = ss.ss_family != s->family ? -EAFNOSUPPORT : -EINVAL;
            goto out;
        }
        const struct iv_net_policy *p = &net_of(CVM)->pol;
        const struct iv_net_rule *rule = net_policy_match(p, IV_NET_LISTEN, s->proto, &a);
        if (rule && rule->kind == IV_NET_PUBLISH) {
            pub_inside = rule->lo;
            pub_host = rule->host_port;
            set_port(&ss, pub_host);
        }
        listen_ok = rule != NULL;
        /* Port 0 (an ephemeral port) is what clients bind: allowed to a
         * cVM that may reach somewhere, but not listenable unless granted. */
        if (!rule && !(a.port == 0 && net_policy_has(p, IV_NET_CONNECT, s->proto))) {
            char what[128];
            describe(what, sizeof what, "bind", s->proto, &a);
            r = net_refuse(CVM, what);
        }
    }
    if (!r)
        r = bind(f->host, (struct sockaddr *)&ss, sl) ? -errno : 0;
    if (!r) {
        /* One bind per socket (the kernel refuses a second): no race on s. */
        s->listen_ok = listen_ok;
        s->pub_inside = pub_inside;
        s->pub_host = pub_host;
        memcpy(s->upath, side.upath, sizeof s->upath);
        s->upath_len = side.upath_len;
    }
out:
    if (hold >= 0)
        close(hold);
    iv_fs_put(FS, f);
    return r;
}

long hc_listen(uint64_t fd, uint64_t backlog)
{
    SOCK(f, s, fd);
    long r = 0;
    if (s->family != AF_UNIX && !s->listen_ok) {
        /* Unbound or bound to a port no rule grants: listening would take
         * an ephemeral port or one the policy gave for connecting only. */
        r = net_refuse(CVM, s->proto == IV_NET_UDP ? "listen udp (unbound)" : "listen tcp on a port not granted");
    }
    int b = (int)backlog;
    if (!r)
        r = listen(f->host, b < 0 ? 0 : b > 65535 ? 65535 : b) ? -errno : 0;
    iv_fs_put(FS, f);
    return r;
}

long hc_accept(uint64_t fd, uint64_t addr, uint64_t lenp, uint64_t flags)
{
    if ((uint32_t)flags & ~(uint32_t)(SOCK_NONBLOCK | SOCK_CLOEXEC))
        return -EINVAL;
    SOCK(f, s, fd);
    long r = 0;
    uint32_t room = 0;
    if (addr && fs_copy_in(CVM, &room, lenp, sizeof room))
        r = -EFAULT;
    else if (addr && (int)room < 0)
        r = -EINVAL;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    int h = -1;
    if (!r)
        r = fs_charge(CVM, 1);
    if (!r) {
        h = iv_accept4(f->host, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC | ((int)flags & SOCK_NONBLOCK));
        if (h < 0) {
            r = -errno;
            fs_uncharge(CVM, 1);
        }
    }
    if (h >= 0) {
        struct net_sock side = *s;
        side.listen_ok = 0;
        side.upath_len = 0;
        r = sock_install(h, &side, (int)flags & SOCK_CLOEXEC);
        if (r >= 0) {
            net_count(CVM, &net_of(CVM)->st.conns_in, 1);
            addr_for_cvm(s, &ss, &sl, 0);
            if (addr && addr_out(addr, lenp, &ss, sl)) {
                /* Checked above: only a concurrent unmap lands here. */
                fd_drop((int)r);
                r = -EFAULT;
            }
        }
    }
    iv_fs_put(FS, f);
    return r;
}

long hc_connect(uint64_t fd, uint64_t addr, uint64_t len)
{
    SOCK(f, s, fd);
    struct sockaddr_storage ss;
    socklen_t sl = (socklen_t)(uint32_t)len;
    int hold = -1;
    long r = addr_in(addr, len, &ss);
    if (!r)
        r = dest_check(s, &ss, &sl, "connect", &hold);
    if (!r) {
        r = iv_connect(f->host, (struct sockaddr *)&ss, sl) ? -errno : 0;
        if ((!r || r == -EINPROGRESS) && ss.ss_family != AF_UNSPEC)
            net_count(CVM, &net_of(CVM)->st.conns_out, 1);
    }
    if (hold >= 0)
        close(hold);
    iv_fs_put(FS, f);
    return r;
}

/* The cVM's msghdr with its iovecs checked and turned into host pointers.
 * The kernel does the copies (EFAULT if a buffer is unmapped meanwhile, as
 * for read). */
#define SMALL_IOV 8 /* most messages: no allocation per call */
struct msg_in {
    struct msghdr m;    /* the cVM's, as copied */
    struct iovec *iov;  /* host pointers: small[] or allocated */
    struct iovec small[SMALL_IOV];
    struct sockaddr_storage name;
};

static void msg_done(struct msg_in *mi)
{
    if (mi->iov != mi->small)
        free(mi->iov);
}

static long msg_prepare(uint64_t msg, struct msg_in *mi, int writing_to_cvm)
{
    mi->iov = mi->small; /* msg_done frees nothing else */
    if (fs_copy_in(CVM, &mi->m, msg, sizeof mi->m))
        return -EFAULT;
    if (mi->m.msg_iovlen > MAX_IOV)
        return -EMSGSIZE;
    size_t n = mi->m.msg_iovlen;
    mi->iov = n <= SMALL_IOV ? mi->small : calloc(n, sizeof *mi->iov);
    if (!mi->iov)
        return -ENOMEM;
    if (n && fs_copy_in(CVM, mi->iov, (uint64_t)(uintptr_t)mi->m.msg_iov, n * sizeof *mi->iov))
        return -EFAULT;
    uint64_t total = 0;
    long r = 0;
    int vm_locked = iv_vm_read_begin(CVM);
    for (size_t i = 0; i < n && !r; i++) {
        uint64_t l = mi->iov[i].iov_len;
        if (l > MAX_IO - total)
            l = MAX_IO - total;
        total += l;
        void *p = l ? vmem_check(&CVM->vm, (uint64_t)(uintptr_t)mi->iov[i].iov_base, l,
                                 writing_to_cvm ? IV_P_R | IV_P_W : IV_P_R)
                    : NULL;
        if (l && !p)
            r = -EFAULT;
        mi->iov[i].iov_base = p;
        mi->iov[i].iov_len = l;
    }
    iv_vm_read_end(CVM, vm_locked);
    return r;
}

#define SEND_FLAGS \
    (MSG_DONTWAIT | MSG_MORE | MSG_OOB | MSG_EOR | MSG_CONFIRM | MSG_NOSIGNAL | MSG_DONTROUTE | MSG_FASTOPEN)
#define RECV_FLAGS (MSG_DONTWAIT | MSG_PEEK | MSG_WAITALL | MSG_TRUNC | MSG_OOB | MSG_CMSG_CLOEXEC)

long hc_sendmsg(uint64_t fd, uint64_t msg, uint64_t flags)
{
    if ((uint32_t)flags & ~(uint32_t)SEND_FLAGS)
        return -EOPNOTSUPP; /* MSG_ZEROCOPY (needs the error queue), ... */
    SOCK(f, s, fd);
    struct msg_in mi; /* ~330 bytes: filled by msg_prepare, not zeroed per call */
    int hold = -1;
    long r = msg_prepare(msg, &mi, 0);
    socklen_t sl = mi.m.msg_namelen;
    if (!r && mi.m.msg_controllen)
        r = -EINVAL; /* no ancillary data: descriptors never cross */
    if (!r && mi.m.msg_name) {
        r = addr_in((uint64_t)(uintptr_t)mi.m.msg_name, sl, &mi.name);
        if (!r && s->type == SOCK_STREAM && s->family != AF_UNIX && !(flags & MSG_FASTOPEN))
            sl = 0; /* TCP ignores a destination, unless MSG_FASTOPEN makes it a connect */
        else if (!r)
            r = dest_check(s, &mi.name, &sl, "sendto", &hold);
    }
    if (!r) {
        struct msghdr h = {.msg_name = sl && mi.m.msg_name ? &mi.name : NULL,
                           .msg_namelen = mi.m.msg_name ? sl : 0,
                           .msg_iov = mi.iov,
                           .msg_iovlen = mi.m.msg_iovlen};
        ssize_t k = iv_sendmsg(f->host, &h, (int)flags | MSG_NOSIGNAL);
        r = k < 0 ? -errno : k;
        if (k > 0)
            net_count(CVM, &FS->sock_tx, (uint64_t)k);
    }
    if (hold >= 0)
        close(hold);
    msg_done(&mi);
    iv_fs_put(FS, f);
    return r;
}

long hc_recvmsg(uint64_t fd, uint64_t msg, uint64_t flags)
{
    if ((uint32_t)flags & ~(uint32_t)RECV_FLAGS)
        return -EOPNOTSUPP; /* MSG_ERRQUEUE, ... */
    SOCK(f, s, fd);
    struct msg_in mi; /* ~330 bytes: filled by msg_prepare, not zeroed per call */
    long r = msg_prepare(msg, &mi, 1);
    uint32_t room = mi.m.msg_namelen;
    if (!r && mi.m.msg_name && (int)room < 0)
        r = -EINVAL;
    if (!r) {
        struct msghdr h = {.msg_name = mi.m.msg_name ? &mi.name : NULL,
                           .msg_namelen = mi.m.msg_name ? sizeof mi.name : 0,
                           .msg_iov = mi.iov,
                           .msg_iovlen = mi.m.msg_iovlen};
        ssize_t k = iv_recvmsg(f->host, &h, (int)flags & ~MSG_CMSG_CLOEXEC);
        r = k < 0 ? -errno : k;
        if (k > 0)
            net_count(CVM, &FS->sock_rx, (uint64_t)k);
        if (k >= 0) {
            /* Write back what recvmsg updates: name, namelen, flags,
             * controllen (always 0: no ancillary data is passed on). */
            socklen_t nl = h.msg_namelen;
            if (mi.m.msg_name && nl) {
                addr_for_cvm(s, &mi.name, &nl, 0);
                uint32_t c = room < nl ? room : nl;
                if (c && fs_copy_out(CVM, (uint64_t)(uintptr_t)mi.m.msg_name, &mi.name, c))
                    r = -EFAULT;
            }
            mi.m.msg_namelen = mi.m.msg_name ? nl : 0;
            mi.m.msg_flags = h.msg_flags;
            mi.m.msg_controllen = 0;
            if (fs_copy_out(CVM, msg, &mi.m, sizeof mi.m))
                r = -EFAULT;
        }
    }
    msg_done(&mi);
    iv_fs_put(FS, f);
    return r;
}

/* send and recv without an address: one buffer, no message header to copy
 * in and out, and recvfrom/sendto rather than recvmsg/sendmsg on the host
 * (the kernel's message-header import is ~50 ns of a 1 KiB request). */
static long one_buffer(uint64_t fd, uint64_t buf, uint64_t len, int flags, int sending)
{
    SOCK(f, s, fd);
    (void)s;
    if (len > MAX_IO)
        len = MAX_IO;
    int vm_locked = iv_vm_read_begin(CVM);
    void *p = len ? vmem_check(&CVM->vm, buf, len, sending ? IV_P_R : IV_P_R | IV_P_W) : NULL;
    iv_vm_read_end(CVM, vm_locked);
    long r = len && !p ? -EFAULT : IV_NCR(sending ? SYS_sendto : SYS_recvfrom, f->host, p, len, flags, 0, 0);
    if (r > 0)
        net_count(CVM, sending ? &FS->sock_tx : &FS->sock_rx, (uint64_t)r);
    iv_fs_put(FS, f);
    return r;
}

long hc_send(uint64_t fd, uint64_t buf, uint64_t len, uint64_t flags)
{
    if ((uint32_t)flags & ~(uint32_t)SEND_FLAGS || (uint32_t)flags & MSG_FASTOPEN)
        return -EOPNOTSUPP; /* MSG_FASTOPEN connects: sendmsg with an address */
    return one_buffer(fd, buf, len, (int)flags | MSG_NOSIGNAL, 1);
}

long hc_recv(uint64_t fd, uint64_t buf, uint64_t len, uint64_t flags)
{
    if ((uint32_t)flags & ~(uint32_t)RECV_FLAGS)
        return -EOPNOTSUPP;
    return one_buffer(fd, buf, len, (int)flags & ~MSG_CMSG_CLOEXEC, 0);
}

long hc_shutdown(uint64_t fd, uint64_t how)
{
    SOCK(f, s, fd);
    (void)s;
    long r = (uint32_t)how > SHUT_RDWR ? -EINVAL : shutdown(f->host, (int)how) ? -errno : 0;
    iv_fs_put(FS, f);
    return r;
}

long hc_sockname(uint64_t fd, uint64_t addr, uint64_t lenp, uint64_t peer)
{
    SOCK(f, s, fd);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    memset(&ss, 0, sizeof ss);
    long r = (peer ? getpeername(f->host, (struct sockaddr *)&ss, &sl) : getsockname(f->host, (struct sockaddr *)&ss, &sl)) ? -errno : 0;
    if (!r) {
        addr_for_cvm(s, &ss, &sl, !peer);
        r = addr_out(addr, lenp, &ss, sl);
    }
    iv_fs_put(FS, f);
    return r;
}

/* ---- options ------------------------------------------------------------- */

/* Options servers and clients set; everything else is ENOPROTOOPT.
 * get: also readable (SO_ERROR, SO_TYPE, ...).  Values pass through the
 * monitor's own buffer. */
static int opt_ok(int level, int name, int get)
{
    switch (level) {
    case SOL_SOCKET:
        switch (name) {
        case SO_REUSEADDR: case SO_REUSEPORT: case SO_KEEPALIVE: case SO_RCVBUF: case SO_SNDBUF:
        case SO_LINGER: case SO_RCVLOWAT: case SO_SNDLOWAT: case SO_OOBINLINE: case SO_BROADCAST:
        case SO_RCVTIMEO_OLD: case SO_SNDTIMEO_OLD: case SO_RCVTIMEO_NEW: case SO_SNDTIMEO_NEW:
        case SO_PRIORITY:
            return 1;
        case SO_ERROR: case SO_TYPE: case SO_DOMAIN: case SO_PROTOCOL: case SO_ACCEPTCONN:
            return get;
        }
        return 0;
    case IPPROTO_TCP:
        switch (name) {
        case TCP_NODELAY: case TCP_KEEPIDLE: case TCP_KEEPINTVL: case TCP_KEEPCNT: case TCP_CORK:
        case TCP_DEFER_ACCEPT: case TCP_USER_TIMEOUT: case TCP_QUICKACK: case TCP_MAXSEG:
        case TCP_FASTOPEN: case TCP_LINGER2: case TCP_NOTSENT_LOWAT:
            return 1;
        case TCP_INFO:
            return get;
        }
        return 0;
    case IPPROTO_IPV6:
        return name == IPV6_V6ONLY || name == IPV6_UNICAST_HOPS || name == IPV6_TCLASS;
    case IPPROTO_IP:
        return name == IP_TOS || name == IP_TTL;
    }
    return 0;
}

#define OPT_MAX 256

long hc_setsockopt(uint64_t fd, uint64_t level, uint64_t name, uint64_t val, uint64_t len)
{
    SOCK(f, s, fd);
    (void)s;
    char buf[OPT_MAX];
    uint32_t n = (uint32_t)len;
    long r = 0;
    if (!opt_ok((int)level, (int)name, 0))
        r = -ENOPROTOOPT;
    else if ((int)n < 0)
        r = -EINVAL;
    else if (n > OPT_MAX)
        n = OPT_MAX; /* every option we pass is smaller */
    if (!r && n && fs_copy_in(CVM, buf, val, n))
        r = -EFAULT;
    if (!r)
        r = IV_NCR(SYS_setsockopt, f->host, (int)level, (int)name, buf, n, 0);
    iv_fs_put(FS, f);
    return r;
}

long hc_getsockopt(uint64_t fd, uint64_t level, uint64_t name, uint64_t val, uint64_t lenp)
{
    SOCK(f, s, fd);
    (void)s;
    char buf[OPT_MAX];
    uint32_t room;
    long r = 0;
    if (fs_copy_in(CVM, &room, lenp, sizeof room))
        r = -EFAULT;
    else if (!opt_ok((int)level, (int)name, 1))
        r = -ENOPROTOOPT;
    else if ((int)room < 0)
        r = -EINVAL;
    socklen_t n = room > OPT_MAX ? OPT_MAX : room;
    if (!r)
        r = IV_NCR(SYS_getsockopt, f->host, (int)level, (int)name, buf, &n, 0);
    if (!r && ((n && fs_copy_out(CVM, val, buf, n)) || fs_copy_out(CVM, lenp, &n, sizeof n)))
        r = -EFAULT;
    iv_fs_put(FS, f);
    return r;
}
