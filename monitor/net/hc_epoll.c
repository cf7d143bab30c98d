/* epoll (docs/net.md "Design").
 *
 * An epoll set is a virtual file (struct iv_file_ops) holding a host
 * epoll `ep`, an eventfd `efd` and a list of the virtual files it watches
 * (CAP Stream ends):
 *  - a host descriptor the cVM adds is one of its own table's (the only
 *    way to name one), registered in ep with the cVM's own 64-bit data,
 *    which is all the kernel hands back: no host descriptor number ever
 *    reaches the cVM.  Closing its last cVM descriptor closes the host one,
 *    which leaves the set, as in Linux;
 *  - another set is registered the same way: its ep in this ep.  So the
 *    kernel propagates readiness between nested sets and applies Linux's
 *    own rules to them (EPOLLET, EPOLLONESHOT, loops and depth: ELOOP);
 *  - a virtual file is kept with a reference and a poller on efd; its
 *    readiness comes from its maker (revents), and EPOLLET reports it once
 *    per change the maker signals (the poller's seq).  One no longer in
 *    the cVM's table leaves the set at the next epoll_wait.
 * A set that has virtual files, or is watched by poll or by another set,
 * is "marked": efd sits in its own ep under a random 64-bit data `mark`
 * that epoll_wait filters out, so ep alone turns readable when anything
 * in the set may be ready.  efd is a hint, made exact whenever the set is
 * looked at (its epoll_wait, poll on it, or a wait on a set it is in,
 * which refreshes the sets inside it first): set iff a virtual file is
 * reportable, written only when that changes (a needless write would be
 * an edge for a parent's EPOLLET).  An unmarked set (only host
 * descriptors: the common case) waits with one host epoll_wait writing
 * straight into the cVM's checked buffer. */
#include "net/net_int.h"
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include "core/cvm.h"
#include "core/nocancel.h"
#include "fs/fs.h"

#define CVM (iv_self->cvm)
#define FS (iv_fs_of(iv_self->cvm))
#define EPOLL_MAX_EVENTS 1024 /* per epoll_wait; fewer is always a valid answer */

struct vreg {
    struct iv_file *f;
    int fd;
    uint32_t events;
    uint64_t data;
    int armed;         /* EPOLLONESHOT: off once reported, until EPOLL_CTL_MOD */
    unsigned last_seq; /* EPOLLET: poller.seq when last looked at */
    struct iv_poller poller;
    struct vreg *next;
};

struct net_epoll {
    int ep, efd;
    struct iv_cvm *c; /* whose descriptor share holds ep and efd */
    struct iv_fs *fs; /* the owner's table (pruning closed virtual files) */
    pthread_mutex_t lock;
    struct vreg *v;
    int marked;    /* efd is in ep (atomic; never undone) */
    int vdirty;    /* under lock: efd may have been written since it was last drained with no virtual file */
    uint64_t mark; /* its data there */
    struct kid *kids; /* the sets registered in this one (under lock) */
    int nkids;        /* atomic: whether to look at kids */
};

/* A set registered in another (its ep in the other's ep), remembered by
 * cVM descriptor number and file without a reference: only compared with
 * what the table maps, and used only through a reference taken then. */
struct kid {
    int fd;
    const struct iv_file *f;
    struct kid *next;
};
#define NEST_GUARD 8 /* deeper than the kernel's nesting: only stale entries could recurse */

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
    while (e->kids) {
        struct kid *k = e->kids;
        e->kids = k->next;
        free(k);
    }
    close(e->ep);
    close(e->efd);
    fs_uncharge(e->c, 1); /* the other one is the file's (f->share) */
    pthread_mutex_destroy(&e->lock);
    free(e);
}

static void efd_signal(struct net_epoll *e)
{
    uint64_t one = 1;
    if (write(e->efd, &one, sizeof one) < 0) {
        /* EAGAIN: the counter is full, the set is signalled anyway */
    }
}

static void efd_drain(struct net_epoll *e)
{
    uint64_t n;
    if (read(e->efd, &n, sizeof n) < 0) {
        /* EAGAIN: nothing to drain */
    }
}

/* Puts efd into ep (once).  0 or -errno. */
static long ep_mark(struct net_epoll *e)
{
    long r = 0;
    pthread_mutex_lock(&e->lock);
    if (!e->marked) {
        if (getrandom(&e->mark, sizeof e->mark, 0) != sizeof e->mark) {
            r = -EAGAIN;
        } else {
            struct epoll_event ev = {.events = EPOLLIN, .data.u64 = e->mark};
            r = epoll_ctl(e->ep, EPOLL_CTL_ADD, e->efd, &ev) ? -errno : 0;
        }
        if (!r)
            __atomic_store_n(&e->marked, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&e->lock);
    return r;
}

/* Reportable events of a virtual registration, under e->lock: none if
 * disarmed (EPOLLONESHOT) or, with EPOLLET, if its file signalled no
 * change since it was last looked at.  `taking`: it is being reported
 * (an edge is used up); an edge with nothing ready is used up either way,
 * as in Linux. */
static uint32_t vreg_check(struct vreg *r, int taking)
{
    if (!r->armed)
        return 0;
    unsigned seq = __atomic_load_n(&r->poller.seq, __ATOMIC_ACQUIRE);
    int et = (r->events & EPOLLET) != 0;
    if (et && seq == r->last_seq)
        return 0;
    short want = (short)(r->events & (EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLRDHUP));
    uint32_t rev = (uint32_t)(unsigned short)r->f->ops->revents(r->f, want) & (r->events | EPOLLERR | EPOLLHUP);
    if (et && (taking || !rev))
        r->last_seq = seq;
    return rev;
}

static int in_table(struct iv_fs *fs, struct iv_file *f)
{
    int found = 0;
    int locked = iv_fs_lock(fs);
    for (int i = 0; i < fs->cap && !found; i++) /* slots >= cap are free */
        found = fs->fd[i] == f;
    iv_fs_unlock(fs, locked);
    return found;
}

/* Under e->lock: whether a virtual registration is reportable; drops the
 * ones whose file the cVM has closed. */
static int vany(struct net_epoll *e)
{
    for (struct vreg **p = &e->v; *p;) {
        struct vreg *v = *p;
        if (!in_table(e->fs, v->f)) {
            *p = v->next;
            vreg_free(e, v);
            continue;
        }
        if (vreg_check(v, 0))
            return 1;
        p = &v->next;
    }
    return 0;
}

/* Under e->lock, `any`: whether something may still be reportable.  Makes
 * efd say so, touching it only when it is wrong: a needless write would
 * be a new edge for a set watching this one with EPOLLET.  A change that
 * lands between the look and the drain is seen by the second look.
 * Unlocks.  */
static void efd_settle(struct net_epoll *e, int any)
{
    if (!e->v) { /* no virtual file: nothing but vctl writes efd (saves a poll) */
        if (e->vdirty)
            efd_drain(e);
        e->vdirty = 0;
        pthread_mutex_unlock(&e->lock);
        return;
    }
    struct pollfd p = {e->efd, POLLIN, 0};
    int set = poll(&p, 1, 0) > 0;
    if (set && !any) {
        efd_drain(e);
        set = 0;
        any = vany(e);
    }
    pthread_mutex_unlock(&e->lock);
    if (any && !set)
        efd_signal(e);
}

/* Collects reportable virtual registrations into out (at most max) and
 * settles efd (a level-triggered one stays reportable).  Drops the ones
 * whose file the cVM has closed.  Returns how many were collected. */
static int vcollect(struct net_epoll *e, struct epoll_event *out, int max)
{
    int k = 0, again = 0;
    pthread_mutex_lock(&e->lock);
    for (struct vreg **p = &e->v; *p;) {
        struct vreg *v = *p;
        if (!in_table(e->fs, v->f)) {
            *p = v->next;
            vreg_free(e, v);
            continue;
        }
        p = &v->next;
        if (k == max) {
            again = 1; /* more may be ready: the next wait looks again */
            break;
        }
        uint32_t rev = vreg_check(v, 1);
        if (!rev)
            continue;
        out[k].events = rev;
        out[k].data.u64 = v->data;
        k++;
        if (v->events & EPOLLONESHOT)
            v->armed = 0;
        else if (!(v->events & EPOLLET))
            again = 1;
    }
    efd_settle(e, again);
    return k;
}

static void ep_refresh(struct net_epoll *e, int depth);
static const struct iv_file_ops epoll_ops;

/* Refreshes the sets inside e (their efd hints), so that the kernel's view
 * of them is exact when e is looked at: a stream's data read since they
 * were last looked at would leave them looking ready.  Forgets the ones
 * the cVM closed (or whose number now names something else). */
static void kids_refresh(struct net_epoll *e, int depth)
{
    if (!__atomic_load_n(&e->nkids, __ATOMIC_ACQUIRE) || depth > NEST_GUARD)
        return;
    pthread_mutex_lock(&e->lock);
    int n = 0;
    for (struct kid *k = e->kids; k; k = k->next)
        n++;
    struct kid small[16], *snap = n <= 16 ? small : malloc((size_t)n * sizeof *snap);
    n = 0;
    for (struct kid *k = e->kids; k && snap; k = k->next)
        snap[n++] = *k;
    pthread_mutex_unlock(&e->lock);
    for (int i = 0; i < n; i++) {
        struct iv_file *f = iv_fs_get(e->fs, (uint64_t)snap[i].fd);
        int live = f && f == snap[i].f && f->ops == &epoll_ops;
        if (live)
            ep_refresh(f->obj, depth + 1);
        if (f)
            iv_fs_put(e->fs, f);
        snap[i].f = live ? NULL : snap[i].f; /* NULL: keep */
    }
    pthread_mutex_lock(&e->lock);
    for (int i = 0; i < n; i++)
        for (struct kid **p = &e->kids; snap[i].f && *p; p = &(*p)->next)
            if ((*p)->fd == snap[i].fd && (*p)->f == snap[i].f) {
                struct kid *dead = *p;
                *p = dead->next;
                free(dead);
                __atomic_sub_fetch(&e->nkids, 1, __ATOMIC_RELEASE);
                break;
            }
    pthread_mutex_unlock(&e->lock);
    if (snap != small)
        free(snap);
}

/* Makes e's efd exact for whoever watches e (a parent set, poll). */
static void ep_refresh(struct net_epoll *e, int depth)
{
    kids_refresh(e, depth);
    if (!__atomic_load_n(&e->marked, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&e->lock);
    efd_settle(e, vany(e));
}

static short ep_revents(struct iv_file *f, short events)
{
    ep_refresh(f->obj, 0);
    struct pollfd p = {((struct net_epoll *)f->obj)->ep, POLLIN, 0};
    return poll(&p, 1, 0) > 0 ? (short)(events & POLLIN) : 0;
}

/* poll() on a set waits on its (marked) ep; the kernel wakes it. */
static int ep_poll_host(struct iv_file *f)
{
    struct net_epoll *e = f->obj;
    return ep_mark(e) ? -1 : e->ep;
}
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
    .poll_add = ep_poll_add, .poll_del = ep_poll_del, .stat = ep_stat, .poll_host = ep_poll_host,
};

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
    return net_install(f, (uint32_t)flags & EPOLL_CLOEXEC);
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
    long r = op == EPOLL_CTL_ADD ? ep_mark(e) : 0;
    pthread_mutex_lock(&e->lock);
    struct vreg **p = vreg_find(e, tf);
    if (r) {
        /* efd could not join ep */
    } else if (op == EPOLL_CTL_ADD) {
        struct vreg *v = *p ? NULL : calloc(1, sizeof *v);
        if (*p)
            r = -EEXIST;
        else if (!v)
            r = -ENOMEM;
        else {
            *v = (struct vreg){.f = tf, .fd = fd, .events = ev->events, .data = ev->data.u64, .armed = 1};
            v->poller.efd = e->efd;
            v->last_seq = v->poller.seq - 1; /* looked at once, like Linux at insertion */
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
        (*p)->last_seq = __atomic_load_n(&(*p)->poller.seq, __ATOMIC_ACQUIRE) - 1;
    } else {
        struct vreg *v = *p;
        *p = v->next;
        vreg_free(e, v);
    }
    if (!r && op != EPOLL_CTL_DEL)
        e->vdirty = 1;
    pthread_mutex_unlock(&e->lock);
    if (!r && op != EPOLL_CTL_DEL)
        efd_signal(e); /* waiters look at the new registration */
    if (tf)
        iv_fs_put(FS, tf);
    return r;
}

/* Remembers (ADD) or forgets (DEL) set file f registered in e as fd;
 * forgets the ones closed meanwhile first, so the list never holds more
 * than the sets the table has. */
static long kids_change(struct net_epoll *e, int op, int fd, const struct iv_file *f)
{
    struct kid *k = op == EPOLL_CTL_ADD ? malloc(sizeof *k) : NULL;
    if (op == EPOLL_CTL_ADD && !k)
        return -ENOMEM;
    pthread_mutex_lock(&e->lock);
    for (struct kid **p = &e->kids; *p;) {
        struct kid *d = *p;
        int gone;
        int locked = iv_fs_lock(e->fs);
        gone = d->fd >= e->fs->cap || e->fs->fd[d->fd] != d->f || (d->fd == fd && d->f == f);
        iv_fs_unlock(e->fs, locked);
        if (gone) {
            *p = d->next;
            free(d);
            __atomic_sub_fetch(&e->nkids, 1, __ATOMIC_RELEASE);
        } else {
            p = &d->next;
        }
    }
    if (k) {
        *k = (struct kid){.fd = fd, .f = f, .next = e->kids};
        e->kids = k;
        __atomic_add_fetch(&e->nkids, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&e->lock);
    return 0;
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
    int host = -1;
    if (!tf)
        r = -EBADF;
    else if (ef->ops != &epoll_ops || tf == ef)
        r = -EINVAL;
    else if (ev.events & ~(uint32_t)EV_OK)
        r = -EINVAL;
    else if (tf->ops == &epoll_ops) /* a set in a set: its ep, marked so its virtual files count */
        host = o == EPOLL_CTL_ADD && (r = ep_mark(tf->obj)) ? -1 : ((struct net_epoll *)tf->obj)->ep;
    else if (!tf->ops)
        host = tf->host;
    ev.events &= ~(uint32_t)EPOLLWAKEUP; /* a power-management hint */
    if (!r && host < 0) {
        r = vctl(ef->obj, o, tf, (int)fd, &ev);
        tf = NULL; /* vctl took or dropped the reference */
    } else if (!r) {
        struct net_epoll *e = ef->obj;
        r = epoll_ctl(e->ep, o, host, &ev) ? -errno : 0; /* ELOOP for loops and depth, as Linux */
        if (!r && tf->ops == &epoll_ops && o != EPOLL_CTL_MOD && kids_change(e, o, (int)fd, tf)) {
            epoll_ctl(e->ep, EPOLL_CTL_DEL, host, NULL); /* no memory to remember it: undone */
            r = -ENOMEM;
        }
    }
    if (tf)
        iv_fs_put(FS, tf);
    iv_fs_put(FS, ef);
    return r;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Removes the set's own efd events (data == mark) from ev[0..n). */
static int unmark(const struct net_epoll *e, struct epoll_event *ev, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (ev[i].data.u64 != e->mark)
            ev[k++] = ev[i];
    return k;
}

/* A marked set: virtual files first, then the host ones; a wake-up that
 * was only efd (nothing reportable after all) waits again. */
static long wait_marked(struct net_epoll *e, uint64_t evs, int max, int ms)
{
    struct epoll_event small[64], *buf = max <= 64 ? small : malloc((size_t)max * sizeof *buf);
    if (!buf)
        return -ENOMEM;
    uint64_t deadline = now_ms() + (uint64_t)(ms > 0 ? ms : 0);
    long r;
    for (;;) {
        kids_refresh(e, 0);
        int k = vcollect(e, buf, max), left = ms;
        if (ms > 0) {
            uint64_t t = now_ms();
            left = t >= deadline ? 0 : (int)(deadline - t);
        }
        int got = k < max ? iv_epoll_wait(e->ep, buf + k, max - k, k ? 0 : left) : 0;
        if (got < 0) {
            r = -errno;
            break;
        }
        got = unmark(e, buf + k, got);
        if (k + got || !left) {
            r = k + got;
            if (r && fs_copy_out(CVM, evs, buf, (uint64_t)r * sizeof *buf))
                r = -EFAULT;
            break;
        }
    }
    if (buf != small)
        free(buf);
    return r;
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
    int vm_locked = iv_vm_read_begin(CVM);
    struct epoll_event *p = vmem_check(&CVM->vm, evs, bytes, IV_P_R | IV_P_W);
    iv_vm_read_end(CVM, vm_locked);
    long r;
    if (!p) {
        r = -EFAULT;
    } else if (!__atomic_load_n(&e->marked, __ATOMIC_ACQUIRE)) {
        /* Only host descriptors (and sets, refreshed first): the kernel
         * waits and copies (EFAULT if the buffer is unmapped meanwhile). */
        kids_refresh(e, 0);
        r = iv_epoll_wait(e->ep, p, max, ms);
        r = r < 0 ? -errno : r;
        if (r > 0 && __atomic_load_n(&e->marked, __ATOMIC_ACQUIRE)) {
            /* marked meanwhile: efd's events may be among them */
            struct epoll_event *buf = malloc((size_t)r * sizeof *buf);
            if (!buf)
                r = -ENOMEM;
            else if (fs_copy_in(CVM, buf, evs, (uint64_t)r * sizeof *buf))
                r = -EFAULT;
            else if ((r = unmark(e, buf, (int)r)) && fs_copy_out(CVM, evs, buf, (uint64_t)r * sizeof *buf))
                r = -EFAULT;
            free(buf);
            if (!r) /* it was only efd: wait as a marked set (a race: at most the timeout again) */
                r = wait_marked(e, evs, max, ms);
        }
    } else {
        r = wait_marked(e, evs, max, ms);
    }
    iv_fs_put(FS, ef);
    return r;
}
