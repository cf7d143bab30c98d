/* CAP Streams (docs/ipc.md "CAP Streams").
 *
 * A stream A -> B is a ring of RING_SIZE bytes in monitor memory (never in
 * a cVM region: neither cVM can touch the bytes or the indices), created
 * before any cVM starts.  `head` counts the bytes ever written, `tail` the
 * bytes ever read; both only grow, so head - tail is the fill level.  The
 * read and write hostcalls on a stream end (hostcall.c) come here and copy
 * directly between the cVM's checked buffer and the ring: one memcpy per
 * side, under the caller's vm.lock held for reading (as capfile.c's copy
 * calls), so the cVM cannot unmap the buffer under the copy.
 *
 * Ordering: the writer copies, then publishes head (release); the reader
 * reads head (acquire), copies out, then publishes tail (release); the
 * writer reads tail (acquire) before reusing those bytes.  Each side's
 * transfers are serialised by the side's `io` mutex (several threads or
 * dups of one end), which is held only for a copy, never while waiting.
 *
 * Blocking: a side that must wait (reader: ring empty; writer: not enough
 * room) spins briefly (ipc/spin.h), then announces itself in side.waiters, re-checks, and sleeps on the
 * futex side.seq.  The other side, after publishing, checks `waiters` and
 * only then bumps seq and wakes: while neither side waits no system call
 * is made.  Both sides put a seq_cst fence between their store and their
 * load, so either the waiter sees the progress or the other side sees the
 * waiter.  A waiting writer needs room for its whole write if it is at
 * most PIPE_BUF (atomic writes), else for one byte.
 *
 * Kill: IV_SIG_KILL interrupts the futex wait (EINTR); if the cVM is dying
 * the hostcall returns -EINTR (or the count done so far) and the
 * trampoline sees the flag.  The flag is also checked before each wait;
 * the monitor re-sends the signal every 10 ms (cvm.c), so a signal landing
 * between the check and the wait only delays the end.
 *
 * poll: hc_poll registers an eventfd of its own on each stream end it
 * polls (side.polls); the other side writes to every registered eventfd
 * when it makes progress.  Readiness itself is always computed from the
 * ring (stream_revents), the eventfd only ends the host poll().
 *
 * Ends: each is handed out once per deployment (a second open is EBUSY).
 * The end is closed when its file's last reference goes (iv_fs_put), or,
 * never opened, when its cVM ends (iv_capstream_forget); the peer then
 * sees EOF or EPIPE.  The ring's buffer is freed when both ends are
 * closed: no transfer can be running on either then. */
#include "ipc/capstream.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <intravisor/hostcall.h>
#include "core/cvm.h"
#include "fs/fs.h"
#include "ipc/spin.h"

#define RING_SIZE ((uint64_t)1 << 20) /* a power of two */
#define RING_MASK (RING_SIZE - 1)
#define ATOMIC_MAX 4096 /* PIPE_BUF: writes up to this size are never split */

/* One side of a ring: [0] the reader's, [1] the writer's. */
struct side {
    pthread_mutex_t io;    /* serialises this side's transfers */
    _Atomic uint32_t seq;  /* futex word: bumped when the other side makes progress */
    _Atomic int waiters;   /* threads of this side in wait_for */
    _Atomic int npolls;    /* entries in polls */
    _Atomic int closed;    /* this end is gone: EOF / EPIPE for the other */
    uint32_t spin;         /* adaptive spin budget before a sleep (ipc/spin.h) */
    struct iv_poller *polls; /* under iv_ring.plock */
};

struct iv_ring {
    _Alignas(64) _Atomic uint64_t head; /* bytes ever written */
    _Alignas(64) _Atomic uint64_t tail; /* bytes ever read */
    _Alignas(64) struct side side[2];
    pthread_mutex_t plock; /* both sides' polls lists */
    _Atomic int nclosed;
    unsigned long ino;     /* for fstat */
    unsigned char *buf;    /* RING_SIZE bytes, freed when both ends are closed */
};

struct stream {
    char from[IV_CAP_NAME_MAX], to[IV_CAP_NAME_MAX];
    struct iv_ring *ring;
    int taken[2]; /* the end was opened (or its cVM ended): never again */
};

static pthread_mutex_t reg = PTHREAD_MUTEX_INITIALIZER;
static struct stream *streams; /* under reg; grows as cVMs are declared */
static int nstreams, cap_streams;
static char (*cvms)[IV_CAP_NAME_MAX]; /* every cVM name: ENOENT vs EACCES */
static int ncvms, cap_cvms;

static struct iv_ring *ring_new(unsigned long ino)
{
    struct iv_ring *r = aligned_alloc(64, sizeof *r);
    if (!r)
        return NULL;
    memset(r, 0, sizeof *r);
    r->buf = malloc(RING_SIZE);
    if (!r->buf) {
        free(r);
        return NULL;
    }
    for (int e = 0; e < 2; e++) {
        pthread_mutex_init(&r->side[e].io, NULL);
        r->side[e].spin = iv_spin_max();
    }
    pthread_mutex_init(&r->plock, NULL);
    r->ino = ino;
    return r;
}

/* Under reg: arr (n elements, capacity *cap) with room for one more, or
 * NULL (arr unchanged) when memory ran out. */
static void *grow(void *arr, int n, int *cap, size_t elem)
{
    if (n < *cap)
        return arr;
    int c = *cap ? 2 * *cap : 16;
    void *p = realloc(arr, (size_t)c * elem);
    if (p)
        *cap = c;
    return p;
}

/* Rings no stream names any more (a daemon's redeploys), kept until both
 * ends are closed and the last closer is done with them; under reg. */
static struct iv_ring **retired;
static int nretired, cap_retired;

/* ring_close's last write is buf = NULL by the second closer, and the
 * first one touches nothing after its count: then no thread uses r. */
static int ring_done(struct iv_ring *r)
{
    return atomic_load(&r->nclosed) == 2 && !__atomic_load_n(&r->buf, __ATOMIC_ACQUIRE);
}

static void ring_free(struct iv_ring *r)
{
    for (int e = 0; e < 2; e++)
        pthread_mutex_destroy(&r->side[e].io);
    pthread_mutex_destroy(&r->plock);
    free(r);
}

/* Under reg. */
static void retire(struct iv_ring *r)
{
    int k = 0;
    for (int i = 0; i < nretired; i++)
        if (ring_done(retired[i]))
            ring_free(retired[i]);
        else
            retired[k++] = retired[i];
    nretired = k;
    if (!r)
        return;
    if (ring_done(r)) {
        ring_free(r);
        return;
    }
    void *p = grow(retired, nretired, &cap_retired, sizeof *retired);
    if (p) { /* else it stays allocated: memory, never a dangling use */
        retired = p;
        retired[nretired++] = r;
    }
}

/* Under reg: cVM `name` is declared again (a daemon removed the old one
 * and deploys a new one of that name).  The streams the old one declared
 * (from it) are forgotten: the new one has exactly those its own
 * declaration lists.  A stream to it that is over — both ends closed —
 * starts afresh with a new ring, as in a new deployment; one whose writer
 * still holds its end stays as it is.  Old rings are retired. */
static void renew(const char *name)
{
    int k = 0;
    for (int j = 0; j < nstreams; j++) {
        struct stream *s = &streams[j];
        if (!strcmp(s->from, name)) {
            retire(s->ring);
            continue;
        }
        if (!strcmp(s->to, name) && atomic_load(&s->ring->nclosed) == 2) {
            struct iv_ring *r = ring_new(s->ring->ino);
            if (r) {
                retire(s->ring);
                s->ring = r;
                s->taken[0] = s->taken[1] = 0;
            }
        }
        streams[k++] = *s;
    }
    nstreams = k;
}

int iv_capstream_declare(const char *name, int nto, char *const *to, int again)
{
    int rc = 0;
    pthread_mutex_lock(&reg);
    int known = again; /* the name is in cvms already */
    if (known)
        renew(name);
    void *p = known ? cvms : grow(cvms, ncvms, &cap_cvms, sizeof *cvms);
    if (p && !known) {
        cvms = p;
        snprintf(cvms[ncvms++], IV_CAP_NAME_MAX, "%s", name);
    }
    for (int k = 0; p && k < nto; k++) {
        int dup = 0;
        for (int j = 0; j < nstreams; j++)
            dup |= !strcmp(streams[j].from, name) && !strcmp(streams[j].to, to[k]);
        if (dup)
            continue; /* `streams: [b, b]` is one stream */
        p = grow(streams, nstreams, &cap_streams, sizeof *streams);
        if (!p)
            break;
        streams = p;
        struct stream *s = &streams[nstreams];
        memset(s, 0, sizeof *s);
        snprintf(s->from, sizeof s->from, "%s", name);
        snprintf(s->to, sizeof s->to, "%s", to[k]);
        if (!(s->ring = ring_new((unsigned long)nstreams + 1)))
            p = NULL;
        else
            nstreams++;
    }
    if (!p) {
        fprintf(stderr, "intravisor: cvm %s: streams: out of memory\n", name);
        rc = -1;
    }
    pthread_mutex_unlock(&reg);
    return rc;
}

/* ---- the ring ------------------------------------------------------------ */

static long futex(_Atomic uint32_t *w, int op, uint32_t val)
{
    return syscall(SYS_futex, (uint32_t *)w, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

/* Side e may go on: the reader has data (or EOF), the writer has `need`
 * bytes of room (or EPIPE). */
static int ready(struct iv_ring *r, int e, uint64_t need)
{
    if (atomic_load(&r->side[!e].closed))
        return 1;
    uint64_t fill = atomic_load(&r->head) - atomic_load(&r->tail);
    return e ? RING_SIZE - fill >= need : fill > 0;
}

/* The other side made progress (or closed): wake side e's waiters and
 * pollers, if it has any. */
static void wake(struct iv_ring *r, int e)
{
    struct side *s = &r->side[e];
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&s->waiters, memory_order_relaxed)) {
        atomic_fetch_add(&s->seq, 1);
        futex(&s->seq, FUTEX_WAKE, INT_MAX);
    }
    if (atomic_load_explicit(&s->npolls, memory_order_relaxed)) {
        uint64_t one = 1;
        pthread_mutex_lock(&r->plock);
        for (struct iv_poller *p = s->polls; p; p = p->next) {
            __atomic_add_fetch(&p->seq, 1, __ATOMIC_RELEASE);
            if (write(p->efd, &one, sizeof one) < 0) {
                /* EAGAIN: the counter is full, so the poller is awake anyway */
            }
        }
        pthread_mutex_unlock(&r->plock);
    }
}

struct readiness {
    struct iv_ring *r;
    int e;
    uint64_t need;
};
static int ready_or_dying(void *arg)
{
    struct readiness *x = arg;
    return ready(x->r, x->e, x->need) || iv_self->cvm->dying;
}

/* Waits until side e may go on: a short spin first (a small-message
 * ping-pong then needs no system call on either side, docs/ipc.md), then
 * a sleep.  0, or -EINTR when the cVM is dying. */
static int wait_for(struct iv_ring *r, int e, uint64_t need)
{
    struct side *s = &r->side[e];
    struct readiness x = {r, e, need};
    if (iv_spin_until(ready_or_dying, &x, &s->spin))
        return iv_self->cvm->dying ? -EINTR : 0;
    int rc = 0;
    uint32_t seq = atomic_load(&s->seq);
    atomic_fetch_add(&s->waiters, 1);
    atomic_thread_fence(memory_order_seq_cst);
    if (iv_self->cvm->dying)
        rc = -EINTR;
    else if (!ready(r, e, need) && futex(&s->seq, FUTEX_WAIT, seq) && errno == EINTR && iv_self->cvm->dying)
        rc = -EINTR;
    atomic_fetch_sub(&s->waiters, 1);
    return rc;
}

/* Copies n bytes between the ring at position pos and the cVM buffer
 * addr (out: ring -> cVM).  0 or -EFAULT. */
static int copy(struct iv_ring *r, uint64_t pos, uint64_t addr, uint64_t n, int out)
{
    struct iv_cvm *c = iv_self->cvm;
    pthread_rwlock_rdlock(&c->vm.lock);
    unsigned char *p = vmem_check(&c->vm, addr, n, out ? IV_P_R | IV_P_W : IV_P_R);
    if (p) {
        uint64_t o = pos & RING_MASK, k = RING_SIZE - o < n ? RING_SIZE - o : n;
        if (out) {
            memcpy(p, r->buf + o, k);
            memcpy(p + k, r->buf, n - k);
        } else {
            memcpy(r->buf + o, p, k);
            memcpy(r->buf, p + k, n - k);
        }
    }
    pthread_rwlock_unlock(&c->vm.lock);
    return p ? 0 : -EFAULT;
}

static int buf_ok(uint64_t addr, uint64_t len, int prot)
{
    struct iv_cvm *c = iv_self->cvm;
    pthread_rwlock_rdlock(&c->vm.lock);
    void *p = vmem_check(&c->vm, addr, len, prot);
    pthread_rwlock_unlock(&c->vm.lock);
    return p != NULL;
}

#define RING(f) ((struct iv_ring *)(f)->obj)

static int nonblock(struct iv_file *f) { return __atomic_load_n(&f->fl, __ATOMIC_RELAXED) & O_NONBLOCK; }

static long stream_read(struct iv_file *f, uint64_t buf, uint64_t len)
{
    struct iv_ring *r = RING(f);
    if (f->end != 0)
        return -EBADF;
    if (!len)
        return 0;
    for (int checked = 0;;) {
        struct side *s = &r->side[0];
        pthread_mutex_lock(&s->io);
        int eof = atomic_load_explicit(&r->side[1].closed, memory_order_acquire);
        uint64_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
        uint64_t n = atomic_load_explicit(&r->head, memory_order_acquire) - t;
        if (n) {
            n = n < len ? n : len;
            int e = copy(r, t, buf, n, 1);
            if (!e)
                atomic_store_explicit(&r->tail, t + n, memory_order_release);
            pthread_mutex_unlock(&s->io);
            if (e)
                return e;
            wake(r, 1);
            return (long)n;
        }
        pthread_mutex_unlock(&s->io);
        if (eof)
            return 0;
        if (nonblock(f))
            return -EAGAIN;
        /* about to sleep: a bad buffer is EFAULT now, not when data comes */
        if (!checked && !(checked = buf_ok(buf, len, IV_P_R | IV_P_W)))
            return -EFAULT;
        int e = wait_for(r, 0, 1);
        if (e)
            return e;
    }
}

static long stream_write(struct iv_file *f, uint64_t buf, uint64_t len)
{
    struct iv_ring *r = RING(f);
    if (f->end != 1)
        return -EBADF;
    if (!len)
        return 0;
    uint64_t done = 0, need = len <= ATOMIC_MAX ? len : 1;
    for (int checked = 0;;) {
        struct side *s = &r->side[1];
        pthread_mutex_lock(&s->io);
        if (atomic_load_explicit(&r->side[0].closed, memory_order_acquire)) {
            pthread_mutex_unlock(&s->io);
            return done ? (long)done : -EPIPE;
        }
        uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
        uint64_t room = RING_SIZE - (h - atomic_load_explicit(&r->tail, memory_order_acquire));
        if (room >= need) {
            uint64_t n = len - done < room ? len - done : room;
            int e = copy(r, h, buf + done, n, 0);
            if (!e)
                atomic_store_explicit(&r->head, h + n, memory_order_release);
            pthread_mutex_unlock(&s->io);
            if (e)
                return done ? (long)done : e;
            wake(r, 0);
            done += n;
            need = 1;
            if (done == len || nonblock(f))
                return (long)done;
            continue;
        }
        pthread_mutex_unlock(&s->io);
        if (nonblock(f))
            return done ? (long)done : -EAGAIN;
        if (!checked && !(checked = buf_ok(buf + done, len - done, IV_P_R)))
            return done ? (long)done : -EFAULT;
        int e = wait_for(r, 1, need);
        if (e)
            return done ? (long)done : e;
    }
}

static void ring_close(struct iv_ring *r, int e)
{
    atomic_store_explicit(&r->side[e].closed, 1, memory_order_release);
    wake(r, !e);
    if (atomic_fetch_add(&r->nclosed, 1) == 1) {
        free(r->buf); /* both ends gone: nothing can copy any more */
        __atomic_store_n(&r->buf, NULL, __ATOMIC_RELEASE); /* last use of r (retire) */
    }
}

static short stream_revents(struct iv_file *f, short events)
{
    struct iv_ring *r = RING(f);
    uint64_t fill = atomic_load(&r->head) - atomic_load(&r->tail);
    short m;
    if (f->end == 0)
        m = (fill ? POLLIN | POLLRDNORM : 0) | (atomic_load(&r->side[1].closed) ? POLLHUP : 0);
    else
        m = (RING_SIZE - fill >= ATOMIC_MAX ? POLLOUT | POLLWRNORM : 0) |
            (atomic_load(&r->side[0].closed) ? POLLERR : 0);
    return m & (events | POLLHUP | POLLERR);
}

static void stream_poll_add(struct iv_file *f, struct iv_poller *p)
{
    struct iv_ring *r = RING(f);
    struct side *s = &r->side[f->end];
    pthread_mutex_lock(&r->plock);
    p->next = s->polls;
    s->polls = p;
    atomic_fetch_add(&s->npolls, 1);
    pthread_mutex_unlock(&r->plock);
    atomic_thread_fence(memory_order_seq_cst); /* before the caller's readiness check */
}

static void stream_poll_del(struct iv_file *f, struct iv_poller *p)
{
    struct iv_ring *r = RING(f);
    struct side *s = &r->side[f->end];
    pthread_mutex_lock(&r->plock);
    for (struct iv_poller **q = &s->polls; *q; q = &(*q)->next)
        if (*q == p) {
            *q = p->next;
            atomic_fetch_sub(&s->npolls, 1);
            break;
        }
    pthread_mutex_unlock(&r->plock);
}

/* A stream is a pipe to its reader. */
static void stream_statfs(struct iv_file *f, struct statfs *sf)
{
    (void)f;
    sf->f_type = PIPEFS_MAGIC;
}

static void stream_stat(struct iv_file *f, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_mode = S_IFIFO | S_IRUSR | S_IWUSR; /* as a pipe */
    st->st_nlink = 1;
    st->st_ino = RING(f)->ino;
    st->st_uid = getuid();
    st->st_gid = getgid();
    st->st_blksize = ATOMIC_MAX;
}

static void stream_release(struct iv_file *f) { ring_close(RING(f), f->end); }

static const struct iv_file_ops stream_ops = {
    .read = stream_read,
    .write = stream_write,
    .release = stream_release,
    .revents = stream_revents,
    .poll_add = stream_poll_add,
    .poll_del = stream_poll_del,
    .stat = stream_stat,
    .statfs = stream_statfs,
};

/* ---- the registry: names, permissions, handing ends out ------------------ */

static void drop_end(struct stream *s, int e)
{
    if (!s->taken[e])
        ring_close(s->ring, e); /* never opened: its peer must not wait for it */
    s->taken[e] = 1;
}

void iv_capstream_forget(const char *name)
{
    pthread_mutex_lock(&reg);
    for (int i = 0; i < nstreams; i++) {
        if (!strcmp(streams[i].to, name))
            drop_end(&streams[i], 0);
        if (!strcmp(streams[i].from, name))
            drop_end(&streams[i], 1);
    }
    pthread_mutex_unlock(&reg);
}

/* Flags a program's open() may carry that mean nothing for a stream
 * (a shell's "> /cap/x" adds O_CREAT|O_TRUNC): ignored.  0100000 is
 * O_LARGEFILE as musl passes it (glibc defines it as 0 on x86-64). */
#define IGNORED (O_CREAT | O_TRUNC | O_NOCTTY | 0100000 | O_APPEND | O_EXCL)

long hc_stream_open(uint64_t name, uint64_t flags)
{
    char n[IV_PATH_MAX];
    int r = fs_path_in(iv_self->cvm, name, n);
    return r ? r : iv_stream_open_name(n, (int)(uint32_t)flags);
}

long iv_stream_open_name(const char *n, int fl)
{
    struct iv_cvm *c = iv_self->cvm;
    if (!*n)
        return -ENOENT;
    if (strlen(n) >= IV_CAP_NAME_MAX)
        return -ENAMETOOLONG;
    int acc = fl & O_ACCMODE;
    if ((fl & ~(O_ACCMODE | O_NONBLOCK | O_CLOEXEC | IGNORED)) || acc == O_RDWR || acc == O_ACCMODE)
        return -EINVAL; /* one-way: an end is read or written, never both */
    int e = acc == O_WRONLY; /* the end wanted: 1 write (me -> n), 0 read (n -> me) */
    const char *from = e ? c->name : n, *to = e ? n : c->name;
    struct iv_file *f = fs_file_new(-1);
    if (!f)
        return -ENOMEM;
    pthread_mutex_lock(&reg);
    long res = -ENOENT;
    for (int i = 0; i < ncvms; i++)
        if (!strcmp(cvms[i], n))
            res = -EACCES; /* a cVM of the deployment, but maybe no stream */
    struct stream *s = NULL;
    for (int i = 0; i < nstreams && !s; i++)
        if (!strcmp(streams[i].from, from) && !strcmp(streams[i].to, to))
            s = &streams[i];
    if (s && s->taken[e])
        res = -EBUSY;
    else if (s) {
        s->taken[e] = 1;
        f->ops = &stream_ops;
        f->obj = s->ring;
        f->end = e;
        f->accmode = e ? O_WRONLY : O_RDONLY;
        f->fl = fl & O_NONBLOCK;
    }
    pthread_mutex_unlock(&reg);
    if (!f->ops) {
        free(f);
        return res;
    }
    int r = fs_install(iv_fs_of(c), f, 0, fl & O_CLOEXEC);
    if (r < 0)
        iv_fs_put(iv_fs_of(c), f); /* closes the end: the peer sees EOF / EPIPE */
    return r;
}

/* The cVM `c` is gone: its unopened ends give EOF / EPIPE to their peers. */
static void capstream_destroy(struct iv_cvm *c) { iv_capstream_forget(c->name); }

void iv_capstream_register(void)
{
    static const struct iv_cvm_hooks hooks = {.name = "capstream", .destroy = capstream_destroy};
    iv_cvm_hooks_register(&hooks);
    iv_hostcall_register(IV_HC_STREAM_OPEN, IV_HC_FN(hc_stream_open));
    iv_fs_add_prefix("/cap/", iv_stream_open_name); /* whatever the root holds (docs/ipc.md) */
}
