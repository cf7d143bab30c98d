/* epoll, eventfd, timerfd and sendfile (docs/net.md "Events").
 *
 * eventfds and timerfds are host objects in the cVM's table (kinds
 * IV_FK_EVENTFD / IV_FK_TIMERFD); read/write/poll go through fs/.
 *
 * An epoll set is a virtual file (struct iv_file_ops) holding a host
 * epoll and a list of the virtual files it watches (CAP Stream ends):
 *  - a host descriptor the cVM adds is one of its own table's (the only
 *    way to name one), registered in the host epoll with the cVM's own
 *    64-bit data, which is all the kernel hands back: no host descriptor
 *    number ever reaches the cVM.  Closing its last cVM descriptor closes
 *    the host one, which leaves the set, as in Linux;
 *  - a virtual file is kept with a reference and a poller on the set's
 *    eventfd; epoll_wait checks their readiness (level-triggered; EPOLLET
 *    on one is treated as level) and waits on the host epoll and the
 *    eventfd together.  One no longer in the cVM's table leaves the set
 *    at the next epoll_wait. */
#include "net/net_int.h"
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include "core/cvm.h"
#include "fs/fs.h"

#define CVM (iv_self->cvm)
#define FS (iv_fs_of(iv_self->cvm))
#define MAX_IO (1ull << 30)
#define EPOLL_MAX_EVENTS 1024 /* per epoll_wait; fewer is always a valid answer */

struct vreg {
    struct iv_file *f;
    int fd;
    uint32_t events;
    uint64_t data;
    int armed; /* EPOLLONESHOT: off once reported, until EPOLL_CTL_MOD */
    struct iv_poller poller;
    struct vreg *next;
};

struct net_epoll {
    int ep, efd;
    struct iv_cvm *c; /* whose descriptor share holds ep and efd */
    struct iv_fs *fs; /* the owner's table (pruning closed virtual files) */
    pthread_mutex_t lock;
    struct vreg *v;
};

static long ep_rw(struct iv_file *f, uint64_t buf, uint64_t len)
{
    (void)f, (void)buf, (void)len;
    return -EINVAL;
}

static void vreg_free(struct net_epoll *e, struct vreg *r)
{
    r->f->ops->poll_del(r->f, &r->poller);
    iv_fs_put(e->fs, r->f);
    free(r);
}

static void ep_release(struct iv_file *f)
{
    struct net_epoll *e = f->obj;
    while (e->v) {
        struct vreg *r = e->v;
        e->v = r->next;
        vreg_free(e, r);
    }
    close(e->ep);
    close(e->efd);
    fs_uncharge(e->c, 1); /* the other one is the file's (f->share) */
    pthread_mutex_destroy(&e->lock);
    free(e);
}

/* Ready events of a virtual registration (0 if none or disarmed). */
static uint32_t vreg_ready(struct vreg *r)
{
    if (!r->armed)
        return 0;
    short want = (short)(r->events & (EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLRDHUP));
    return (uint32_t)(unsigned short)r->f->ops->revents(r->f, want) & (r->events | EPOLLERR | EPOLLHUP);
}

static short ep_revents(struct iv_file *f, short events)
{
    struct net_epoll *e = f->obj;
    struct pollfd p = {e->ep, POLLIN, 0};
    int ready = poll(&p, 1, 0) > 0;
    pthread_mutex_lock(&e->lock);
    for (struct vreg *r = e->v; r && !ready; r = r->next)
        ready = vreg_ready(r) != 0;
    pthread_mutex_unlock(&e->lock);
    return ready ? (short)(events & POLLIN) : 0;
}

/* poll() on an epoll descriptor reports its readiness when called, but a
 * blocking poll is not woken by it (docs/net.md "Not supported"). */
static void ep_poll_add(struct iv_file *f, struct iv_poller *p) { (void)f, (void)p; }
static void ep_poll_del(struct iv_file *f, struct iv_poller *p) { (void)f, (void)p; }

static void ep_stat(struct iv_file *f, struct stat *st)
{
    (void)f;
    memset(st, 0, sizeof *st);
    st->st_mode = 0600; /* an anonymous inode, as Linux's */
    st->st_nlink = 1;
    st->st_blksize = 4096;
}

static const struct iv_file_ops epoll_ops = {
    .read = ep_rw, .write = ep_rw, .release = ep_release, .revents = ep_revents,
    .poll_add = ep_poll_add, .poll_del = ep_poll_del, .stat = ep_stat,
};

static long install(struct iv_file *f, int cloexec)
{
    int fd = fs_install(FS, f, 0, cloexec);
    if (fd < 0)
        iv_fs_put(FS, f);
    return fd;
}

long hc_epoll_create(uint64_t flags)
{
    if ((uint32_t)flags & ~(uint32_t)EPOLL_CLOEXEC)
        return -EINVAL;
    long r = fs_charge(CVM, 2); /* the host epoll and its eventfd */
    if (r)
        return r;
    struct net_epoll *e = calloc(1, sizeof *e);
    struct iv_file *f = fs_file_new(-1);
    if (!e || !f) {
        free(e);
        free(f);
        fs_uncharge(CVM, 2);
        return -ENOMEM;
    }
    e->ep = epoll_create1(EPOLL_CLOEXEC);
    e->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (e->ep < 0 || e->efd < 0) {
        r = -errno;
        if (e->ep >= 0)
            close(e->ep);
        if (e->efd >= 0)
            close(e->efd);
        free(e);
        free(f);
        fs_uncharge(CVM, 2);
        return r;
    }
    pthread_mutex_init(&e->lock, NULL);
    e->fs = FS;
    e->c = CVM;
    f->share = &CVM->share;
    f->ops = &epoll_ops;
    f->obj = e;
    f->accmode = 2; /* O_RDWR */
    return install(f, (uint32_t)flags & EPOLL_CLOEXEC);
}

#define EV_OK (EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDNORM | EPOLLRDBAND | EPOLLWRNORM | EPOLLWRBAND | \
               EPOLLMSG | EPOLLERR | EPOLLHUP | EPOLLRDHUP | EPOLLEXCLUSIVE | EPOLLWAKEUP | EPOLLONESHOT | EPOLLET)

static struct vreg **vreg_find(struct net_epoll *e, struct iv_file *f)
{
    struct vreg **p = &e->v;
    while (*p && (*p)->f != f)
        p = &(*p)->next;
    return p;
}

static long vctl(struct net_epoll *e, int op, struct iv_file *tf, int fd, const struct epoll_event *ev)
{
    pthread_mutex_lock(&e->lock);
    struct vreg **p = vreg_find(e, tf);
    long r = 0;
    if (op == EPOLL_CTL_ADD) {
        struct vreg *v = *p ? NULL : calloc(1, sizeof *v);
        if (*p)
            r = -EEXIST;
        else if (!v)
            r = -ENOMEM;
        else {
            *v = (struct vreg){.f = tf, .fd = fd, .events = ev->events, .data = ev->data.u64, .armed = 1};
            v->poller.efd = e->efd;
            tf->ops->poll_add(tf, &v->poller);
            v->next = e->v;
            e->v = v;
            tf = NULL; /* the reference is the set's now */
        }
    } else if (!*p) {
        r = -ENOENT;
    } else if (op == EPOLL_CTL_MOD) {
        (*p)->events = ev->events;
        (*p)->data = ev->data.u64;
        (*p)->armed = 1;
    } else {
        struct vreg *v = *p;
        *p = v->next;
        vreg_free(e, v);
    }
    pthread_mutex_unlock(&e->lock);
    if (tf)
        iv_fs_put(FS, tf);
    return r;
}

long hc_epoll_ctl(uint64_t epfd, uint64_t op, uint64_t fd, uint64_t evp)
{
    int o = (int)op;
    if (o != EPOLL_CTL_ADD && o != EPOLL_CTL_MOD && o != EPOLL_CTL_DEL)
        return -EINVAL;
    struct epoll_event ev = {0};
    if (o != EPOLL_CTL_DEL && fs_copy_in(CVM, &ev, evp, sizeof ev))
        return -EFAULT;
    struct iv_file *ef = iv_fs_get(FS, epfd);
    if (!ef)
        return -EBADF;
    struct iv_file *tf = iv_fs_get(FS, fd);
    long r = 0;
    if (!tf)
        r = -EBADF;
    else if (ef->ops != &epoll_ops || tf == ef)
        r = -EINVAL;
    else if (tf->ops == &epoll_ops)
        r = -EINVAL; /* nested sets are not supported (docs/net.md) */
    else if (ev.events & ~(uint32_t)EV_OK)
        r = -EINVAL;
    ev.events &= ~(uint32_t)EPOLLWAKEUP; /* a power-management hint */
    if (!r && tf->ops) {
        r = vctl(ef->obj, o, tf, (int)fd, &ev);
        tf = NULL; /* vctl took or dropped the reference */
    } else if (!r) {
        struct net_epoll *e = ef->obj;
        r = epoll_ctl(e->ep, o, tf->host, &ev) ? -errno : 0;
    }
    if (tf)
        iv_fs_put(FS, tf);
    iv_fs_put(FS, ef);
    return r;
}

static int in_table(struct iv_fs *fs, struct iv_file *f)
{
    int found = 0;
    pthread_mutex_lock(&fs->lock);
    for (int i = 0; i < fs->cap && !found; i++) /* slots >= cap are free */
        found = fs->fd[i] == f;
    pthread_mutex_unlock(&fs->lock);
    return found;
}

/* Collects ready virtual registrations into out (at most max); drops the
 * ones whose file the cVM has closed. */
static int vcollect(struct net_epoll *e, struct epoll_event *out, int max)
{
    int k = 0;
    pthread_mutex_lock(&e->lock);
    for (struct vreg **p = &e->v; *p;) {
        struct vreg *v = *p;
        if (!in_table(e->fs, v->f)) {
            *p = v->next;
            vreg_free(e, v);
            continue;
        }
        uint32_t rev = k < max ? vreg_ready(v) : 0;
        if (rev) {
            out[k].events = rev;
            out[k].data.u64 = v->data;
            k++;
            if (v->events & EPOLLONESHOT)
                v->armed = 0;
        }
        p = &v->next;
    }
    pthread_mutex_unlock(&e->lock);
    return k;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

long hc_epoll_wait(uint64_t epfd, uint64_t evs, uint64_t maxev, uint64_t timeout_ms)
{
    int max = (int)maxev, ms = (int)timeout_ms;
    if (max <= 0)
        return -EINVAL;
    if (max > EPOLL_MAX_EVENTS)
        max = EPOLL_MAX_EVENTS;
    struct iv_file *ef = iv_fs_get(FS, epfd);
    if (!ef)
        return -EBADF;
    if (ef->ops != &epoll_ops) {
        iv_fs_put(FS, ef);
        return -EINVAL;
    }
    struct net_epoll *e = ef->obj;
    uint64_t bytes = (uint64_t)max * sizeof(struct epoll_event);
    pthread_rwlock_rdlock(&CVM->vm.lock);
    struct epoll_event *p = vmem_check(&CVM->vm, evs, bytes, IV_P_R | IV_P_W);
    pthread_rwlock_unlock(&CVM->vm.lock);
    long r;
    if (!p) {
        r = -EFAULT;
    } else if (!__atomic_load_n(&e->v, __ATOMIC_ACQUIRE)) {
        /* Only host descriptors: the kernel waits and copies (EFAULT if
         * the buffer is unmapped meanwhile). */
        r = epoll_wait(e->ep, p, max, ms);
        r = r < 0 ? -errno : r;
    } else {
        struct epoll_event vbuf[64];
        uint64_t deadline = now_ms() + (uint64_t)(ms > 0 ? ms : 0);
        for (;;) {
            int k = vcollect(e, vbuf, max < 64 ? max : 64);
            long got = k < max ? epoll_wait(e->ep, p + k, max - k, 0) : 0;
            if (got < 0) {
                r = -errno;
                break;
            }
            if (k && fs_copy_out(CVM, evs, vbuf, (uint64_t)k * sizeof *vbuf)) {
                r = -EFAULT;
                break;
            }
            uint64_t t = now_ms();
            if (k + got || !ms || (ms > 0 && t >= deadline)) {
                r = k + got;
                break;
            }
            struct pollfd pf[2] = {{e->ep, POLLIN, 0}, {e->efd, POLLIN, 0}};
            if (poll(pf, 2, ms < 0 ? -1 : (int)(deadline - t)) < 0) {
                r = -errno;
                break;
            }
            uint64_t drain;
            if (read(e->efd, &drain, sizeof drain) < 0) {
                /* nothing to drain */
            }
        }
    }
    iv_fs_put(FS, ef);
    return r;
}

/* ---- eventfd, timerfd, sendfile ------------------------------------------- */

/* h: a host descriptor just made after fs_charge(CVM, 1), or -1 (errno). */
static long install_host(int h, int kind, int cloexec)
{
    if (h < 0) {
        long r = -errno;
        fs_uncharge(CVM, 1);
        return r;
    }
    struct iv_file *f = fs_file_charged(CVM, h);
    if (!f) {
        close(h);
        fs_uncharge(CVM, 1);
        return -ENOMEM;
    }
    f->kind = kind;
    return install(f, cloexec);
}

long hc_eventfd(uint64_t init, uint64_t flags)
{
    int fl = (int)flags;
    if (fl & ~(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
        return -EINVAL;
    if (fs_charge(CVM, 1))
        return -EMFILE;
    return install_host(eventfd((unsigned)init, EFD_CLOEXEC | (fl & (EFD_NONBLOCK | EFD_SEMAPHORE))),
                        IV_FK_EVENTFD, fl & EFD_CLOEXEC);
}

long hc_timerfd_create(uint64_t clock, uint64_t flags)
{
    int fl = (int)flags, clk = (int)clock;
    if (fl & ~(TFD_CLOEXEC | TFD_NONBLOCK))
        return -EINVAL;
    if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != CLOCK_BOOTTIME)
        return -EINVAL;
    if (fs_charge(CVM, 1))
        return -EMFILE;
    return install_host(timerfd_create(clk, TFD_CLOEXEC | (fl & TFD_NONBLOCK)), IV_FK_TIMERFD, fl & TFD_CLOEXEC);
}

static struct iv_file *timer_get(uint64_t fd, long *err)
{
    struct iv_file *f = iv_fs_get(FS, fd);
    *err = -EBADF;
    if (f && (f->ops || f->kind != IV_FK_TIMERFD)) {
        iv_fs_put(FS, f);
        f = NULL;
        *err = -EINVAL; /* not a timerfd, as Linux */
    }
    return f;
}

long hc_timerfd_settime(uint64_t fd, uint64_t flags, uint64_t nv, uint64_t old)
{
    long r;
    struct itimerspec n, o;
    if ((int)flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
        return -EINVAL;
    if (fs_copy_in(CVM, &n, nv, sizeof n))
        return -EFAULT;
    struct iv_file *f = timer_get(fd, &r);
    if (!f)
        return r;
    r = timerfd_settime(f->host, (int)flags, &n, &o) ? -errno : 0;
    if (!r && old && fs_copy_out(CVM, old, &o, sizeof o))
        r = -EFAULT;
    iv_fs_put(FS, f);
    return r;
}

long hc_timerfd_gettime(uint64_t fd, uint64_t cur)
{
    long r;
    struct itimerspec c;
    struct iv_file *f = timer_get(fd, &r);
    if (!f)
        return r;
    r = timerfd_gettime(f->host, &c) ? -errno : 0;
    if (!r && fs_copy_out(CVM, cur, &c, sizeof c))
        r = -EFAULT;
    iv_fs_put(FS, f);
    return r;
}

long hc_sendfile(uint64_t out, uint64_t in, uint64_t offp, uint64_t count)
{
    int64_t off = 0;
    if (offp && fs_copy_in(CVM, &off, offp, sizeof off))
        return -EFAULT;
    struct iv_file *o = iv_fs_get(FS, out), *i = iv_fs_get(FS, in);
    long r = 0;
    if (!o || !i)
        r = -EBADF;
    else if (o->ops || i->ops)
        r = -EINVAL; /* a virtual file has no host descriptor to splice */
    if (!r) {
        if (count > MAX_IO)
            count = MAX_IO;
        ssize_t k = sendfile(o->host, i->host, offp ? (off_t *)&off : NULL, count);
        r = k < 0 ? -errno : k;
        if (k > 0 && o->kind == IV_FK_SOCKET)
            __atomic_add_fetch(&FS->sock_tx, (uint64_t)k, __ATOMIC_RELAXED);
        if (k >= 0 && offp && fs_copy_out(CVM, offp, &off, sizeof off))
            r = -EFAULT;
    }
    if (o)
        iv_fs_put(FS, o);
    if (i)
        iv_fs_put(FS, i);
    return r;
}
