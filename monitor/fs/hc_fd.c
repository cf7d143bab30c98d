/* Descriptor hostcalls (docs/hostcalls.md "Files"): everything that acts on
 * an open cVM fd, plus pipes and poll.  Each call takes a reference to the
 * file for its duration (iv_fs_get/put), so a concurrent close in another
 * cVM thread cannot make the host fd number refer to something else. */
#include "fs/fs.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <intravisor/hostcall.h>
#include "core/cvm.h"
#include "core/nocancel.h"

#define CVM (iv_self->cvm)
#define FS (iv_fs_of(iv_self->cvm))
#define MAX_IO (1ull << 30)

#define GET(f, fd)                          \
    struct iv_file *f = iv_fs_get(FS, fd);  \
    if (!f)                                 \
        return -EBADF

/* Checks a buffer the kernel will fill (w) or read; the kernel does the
 * copy, failing with EFAULT if the cVM unmaps it meanwhile (as hc_read). */
static void *buf_check(uint64_t buf, uint64_t len, int w)
{
    int vm_locked = iv_vm_read_begin(CVM);
    void *p = vmem_check(&CVM->vm, buf, len, w ? IV_P_R | IV_P_W : IV_P_R);
    iv_vm_read_end(CVM, vm_locked);
    return p;
}

static long io_result(long r) { return r < 0 ? -errno : r; }

static long fd_release(struct iv_fs *fs, uint64_t fd)
{
    fd = (uint32_t)fd;
    if (fd >= IV_MAX_FDS)
        return -EBADF;
    int locked = iv_fs_lock(fs);
    struct iv_file *f = (int)fd < fs->cap ? fs->fd[fd] : NULL;
    if (f) {
        fs->fd[fd] = NULL;
        if ((int)fd < fs->low_free)
            fs->low_free = (int)fd;
    }
    iv_fs_unlock(fs, locked);
    if (!f)
        return -EBADF;
    iv_fs_put(fs, f);
    return 0;
}

long hc_close(uint64_t fd) { return fd_release(FS, fd); }

/* read/write let the kernel copy: if the cVM unmaps the buffer
 * after our check, the kernel answers EFAULT; nothing in the monitor
 * touches the bytes, so no lock is needed. */
long hc_write(uint64_t fd, uint64_t buf, uint64_t len)
{
    /* A reference for the duration: a close in another thread cannot let
     * the host fd number be reused under this call (hc_fs.h). */
    struct iv_file *f = iv_fs_get(FS, fd);
    if (!f)
        return -EBADF;
    if (len > MAX_IO)
        len = MAX_IO;
    if (f->ops) { /* a virtual file: its maker copies */
        long n = f->ops->write(f, buf, len);
        iv_fs_put(FS, f);
        return n;
    }
    int vm_locked = iv_vm_read_begin(CVM);
    void *p = vmem_check(&CVM->vm, buf, len, IV_P_R);
    iv_vm_read_end(CVM, vm_locked);
    long r = p ? IV_NCR(SYS_write, f->host, p, len, 0, 0, 0) : -EFAULT;
    if (r > 0 && f->kind == IV_FK_SOCKET)
        iv_cvm_count(CVM, &FS->sock_tx, (uint64_t)r);
    iv_fs_put(FS, f);
    return r;
}

long hc_read(uint64_t fd, uint64_t buf, uint64_t len)
{
    /* A reference for the duration: a close in another thread cannot let
     * the host fd number be reused under this call (hc_fs.h). */
    struct iv_file *f = iv_fs_get(FS, fd);
    if (!f)
        return -EBADF;
    if (len > MAX_IO)
        len = MAX_IO;
    if (f->ops) { /* a virtual file: its maker copies */
        long n = f->ops->read(f, buf, len);
        iv_fs_put(FS, f);
        return n;
    }
    int vm_locked = iv_vm_read_begin(CVM);
    void *p = vmem_check(&CVM->vm, buf, len, IV_P_R | IV_P_W);
    iv_vm_read_end(CVM, vm_locked);
    long r = p ? IV_NCR(SYS_read, f->host, p, len, 0, 0, 0) : -EFAULT;
    if (r > 0 && f->kind == IV_FK_SOCKET)
        iv_cvm_count(CVM, &FS->sock_rx, (uint64_t)r);
    iv_fs_put(FS, f);
    return r;
}

/* The monitor's stdio and a deployment's log files (noclose) are shared
 * with the monitor and other cVMs: a cVM may append to them and read them
 * in order, but not overwrite, truncate, re-time, re-mode them, nor move
 * an output's shared offset (so no cVM overwrites another's output).  They
 * answer as a pipe would (ESPIPE) or EPERM. */
static int shared_output(struct iv_file *f)
{
    if (!f->noclose)
        return 0;
    int fl = fcntl(f->host, F_GETFL);
    return fl < 0 || (fl & O_ACCMODE) != O_RDONLY;
}

static long pio(uint64_t fd, uint64_t buf, uint64_t len, uint64_t off, int w)
{
    GET(f, fd);
    if (len > MAX_IO)
        len = MAX_IO;
    if (f->ops && f->ops->pread && !w) { /* a virtual file with offsets: its maker copies */
        long r = f->ops->pread(f, buf, len, off);
        iv_fs_put(FS, f);
        return r;
    }
    int refuse = f->ops || (w && f->noclose);
    void *p = refuse ? NULL : buf_check(buf, len, !w);
    long r = refuse ? -ESPIPE : !p ? -EFAULT : io_result(w ? iv_pwrite(f->host, p, len, (off_t)off) : iv_pread(f->host, p, len, (off_t)off));
    iv_fs_put(FS, f);
    return r;
}

long hc_pread(uint64_t fd, uint64_t buf, uint64_t len, uint64_t off) { return pio(fd, buf, len, off, 0); }
long hc_pwrite(uint64_t fd, uint64_t buf, uint64_t len, uint64_t off) { return pio(fd, buf, len, off, 1); }

long hc_lseek(uint64_t fd, uint64_t off, uint64_t whence)
{
    GET(f, fd);
    long r = f->ops && f->ops->lseek ? f->ops->lseek(f, (int64_t)off, (int)whence)
           : f->ops || shared_output(f) ? -ESPIPE
           : (uint32_t)whence > SEEK_HOLE ? -EINVAL : io_result(lseek(f->host, (off_t)off, (int)whence));
    iv_fs_put(FS, f);
    return r;
}

long hc_getdents(uint64_t fd, uint64_t buf, uint64_t len)
{
    GET(f, fd);
    if (len > MAX_IO)
        len = MAX_IO;
    if (f->ops && f->ops->getdents) { /* a virtual directory: its maker copies */
        long r = f->ops->getdents(f, buf, len);
        iv_fs_put(FS, f);
        return r;
    }
    void *p = f->ops ? NULL : buf_check(buf, len, 1);
    long r = f->ops ? -ENOTDIR : !p ? -EFAULT : io_result(syscall(SYS_getdents64, f->host, p, len));
    iv_fs_put(FS, f);
    return r;
}

long hc_ftruncate(uint64_t fd, uint64_t len)
{
    GET(f, fd);
    long r = f->ops && f->ops->truncate ? f->ops->truncate(f, len) : f->ops ? -EINVAL : f->noclose ? -EPERM : !FS->rw ? -EROFS : io_result(ftruncate(f->host, (off_t)len));
    if (r == -EROFS && FS->root < 0)
        r = -EINVAL; /* stdio or a pipe: not a file */
    iv_fs_put(FS, f);
    return r;
}

long hc_fsync(uint64_t fd, uint64_t datasync)
{
    GET(f, fd);
    long r = f->ops ? -EINVAL : io_result(datasync ? fdatasync(f->host) : fsync(f->host)); /* as a pipe */
    iv_fs_put(FS, f);
    return r;
}

long hc_fcntl(uint64_t fd, uint64_t cmd, uint64_t arg)
{
    GET(f, fd);
    long r = 0;
    switch ((uint32_t)cmd) {
    case F_GETFD: { /* musl's open(O_CLOEXEC) sets it again: every such open makes this call */
        int locked = iv_fs_lock(FS);
        r = FS->cloexec[(uint32_t)fd] ? FD_CLOEXEC : 0;
        iv_fs_unlock(FS, locked);
        break;
    }
    case F_SETFD: {
        int locked = iv_fs_lock(FS);
        FS->cloexec[(uint32_t)fd] = (arg & FD_CLOEXEC) != 0; /* recorded; nothing is ever exec'ed */
        iv_fs_unlock(FS, locked);
        break;
    }
    case F_GETFL:
        if (f->ops) {
            r = f->accmode | __atomic_load_n(&f->fl, __ATOMIC_RELAXED);
            break;
        }
        r = io_result(fcntl(f->host, F_GETFL)) & ~(long)O_CLOEXEC;
        break;
    case F_SETFL: {
        /* The monitor's stdio is shared with every cVM (and the shell):
         * making it non-blocking for one would change it for all. */
        if (f->noclose)
            break;
        if (f->ops) {
            __atomic_store_n(&f->fl, (int)arg & O_NONBLOCK, __ATOMIC_RELAXED); /* O_APPEND: nothing to do */
            break;
        }
        const int ch = O_NONBLOCK | O_APPEND;
        int old = fcntl(f->host, F_GETFL);
        r = old < 0 ? -errno : io_result(fcntl(f->host, F_SETFL, (old & ~ch) | ((int)arg & ch)));
        break;
    }
    default:
        r = -EINVAL;
    }
    iv_fs_put(FS, f);
    return r;
}

long hc_dup(uint64_t oldfd, uint64_t newfd, uint64_t flags)
{
    flags = (uint32_t)flags;
    if (flags & ~(uint64_t)(IV_DUP_MIN | IV_DUP_CLOEXEC))
        return -EINVAL;
    int cloexec = (flags & IV_DUP_CLOEXEC) != 0;
    GET(f, oldfd); /* this reference becomes the new slot's */
    /* ints in the cVM: only the low halves of the registers are defined */
    int64_t nfd = (int)newfd;
    oldfd = (uint32_t)oldfd;
    long r;
    if (flags & IV_DUP_MIN || nfd < 0) {
        /* F_DUPFD with a minimum out of [0, IV_MAX_FDS) is EINVAL, as Linux */
        r = fs_install(FS, f, flags & IV_DUP_MIN ? (int)(nfd > IV_MAX_FDS ? IV_MAX_FDS : nfd) : 0, cloexec);
    } else if (nfd >= IV_MAX_FDS) {
        r = -EBADF;
    } else if ((uint64_t)nfd == oldfd) {
        r = -EINVAL; /* dup3; the LibOS answers dup2(fd, fd) itself */
    } else {
        int locked = iv_fs_lock(FS);
        struct iv_file *was = NULL;
        r = fs_slot_make(FS, (int)nfd);
        if (!r) {
            was = FS->fd[nfd];
            FS->fd[nfd] = f;
            FS->cloexec[nfd] = (unsigned char)cloexec;
        }
        iv_fs_unlock(FS, locked);
        if (was)
            iv_fs_put(FS, was);
        if (!r)
            return (long)nfd;
    }
    if (r < 0)
        iv_fs_put(FS, f);
    return r;
}

long hc_pipe(uint64_t fds, uint64_t flags)
{
    if (flags & ~(uint64_t)(O_NONBLOCK | O_CLOEXEC))
        return -EINVAL;
    int h[2];
    long r = fs_charge(CVM, 2);
    if (r)
        return r;
    if (pipe2(h, O_CLOEXEC | (int)(flags & O_NONBLOCK))) {
        fs_uncharge(CVM, 2);
        return -errno;
    }
    int out[2] = {-1, -1};
    for (int i = 0; i < 2; i++) {
        struct iv_file *f = fs_file_charged(CVM, h[i]);
        if (!f) {
            close(h[i]);
            fs_uncharge(CVM, 1);
            r = -ENOMEM;
            continue;
        }
        out[i] = fs_install(FS, f, 0, flags & O_CLOEXEC);
        if (out[i] < 0) {
            r = out[i];
            iv_fs_put(FS, f);
        }
    }
    if (!r)
        r = fs_copy_out(CVM, fds, out, sizeof out);
    if (r)
        for (int i = 0; i < 2; i++)
            if (out[i] >= 0)
                fd_release(FS, (uint64_t)out[i]);
    return r;
}

#define POLL_ON_STACK 8
static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Host poll on the mapped fds.  Blocking here is fine (each cVM thread is
 * its own host thread); ending the cVM interrupts it like a blocked read:
 * IV_SIG_KILL has no SA_RESTART, so poll fails with EINTR and the
 * trampoline sees the dying flag.
 *
 * Virtual files (CAP Stream ends, ...) have no host fd: their readiness
 * comes from their maker (ops->revents).  When there are some, one eventfd
 * is registered on each of them and polled as entry n; their maker signals it
 * when it makes progress or closes.  A wake-up that made nothing ready
 * (another thread took the data) polls again for the time left. */
long hc_poll(uint64_t pfds, uint64_t n, uint64_t timeout_ms)
{
    if (n > IV_MAX_FDS)
        return -EINVAL;
    /* Most polls watch a few descriptors: their arrays live on the stack
     * (four allocations per call were a third of its cost). */
    struct pollfd su[POLL_ON_STACK + 1], sh[POLL_ON_STACK + 1];
    struct iv_file *sfl[POLL_ON_STACK + 1];
    struct iv_poller spl[POLL_ON_STACK + 1];
    int on_stack = n <= POLL_ON_STACK;
    struct pollfd *u = on_stack ? su : calloc(n + 1, sizeof *u), *h = on_stack ? sh : calloc(n + 1, sizeof *h);
    struct iv_file **fl = on_stack ? sfl : calloc(n + 1, sizeof *fl);
    struct iv_poller *pl = on_stack ? spl : calloc(n + 1, sizeof *pl);
    if (on_stack) {
        memset(sfl, 0, sizeof sfl);
        memset(spl, 0, sizeof spl);
    }
    /* poll(NULL, 0, ms) is a plain sleep: no array to check */
    long r = !u || !h || !fl || !pl ? -ENOMEM : n ? fs_copy_in(CVM, u, pfds, n * sizeof *u) : 0;
    int nval = 0, nvirt = 0, efd = -1;
    for (uint64_t i = 0; !r && i < n; i++) {
        h[i].fd = -1; /* negative fds are ignored, as in Linux */
        h[i].events = u[i].events;
        u[i].revents = 0;
        if (u[i].fd < 0)
            continue;
        fl[i] = iv_fs_get(FS, (uint64_t)u[i].fd);
        if (!fl[i])
            u[i].revents = POLLNVAL, nval++;
        else if (fl[i]->ops) {
            nvirt++;
            if (fl[i]->ops->poll_host) { /* woken by the kernel; readiness still from revents */
                h[i].fd = fl[i]->ops->poll_host(fl[i]);
                h[i].events = POLLIN;
            }
        } else
            h[i].fd = fl[i]->host;
    }
    if (!r && nvirt && (int)timeout_ms) { /* poll(..., 0) never waits: no eventfd */
        /* A descriptor held while the poll waits: charged to the cVM. */
        if (!(r = iv_charge(&CVM->share, IV_RES_FD, 1) ? -ENOMEM : 0)) { /* held only while it waits */
            efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
            if (efd < 0) {
                fs_uncharge(CVM, 1);
                r = -ENOMEM;
            }
        }
        h[n] = (struct pollfd){efd, POLLIN, 0};
        for (uint64_t i = 0; !r && i < n; i++)
            if (fl[i] && fl[i]->ops) {
                pl[i].efd = efd;
                fl[i]->ops->poll_add(fl[i], &pl[i]);
            }
    }
    int ms = (int)timeout_ms;
    uint64_t deadline = now_ms() + (uint64_t)(ms > 0 ? ms : 0);
    while (!r) {
        int ready = nval;
        for (uint64_t i = 0; i < n; i++)
            if (fl[i] && fl[i]->ops)
                ready += (u[i].revents = fl[i]->ops->revents(fl[i], u[i].events)) != 0;
        long k = IV_NC(SYS_poll, h, n + (efd >= 0), ready ? 0 : ms, 0, 0, 0);
        if (k < 0) {
            r = -errno;
            break;
        }
        ready = nval;
        for (uint64_t i = 0; i < n; i++)
            if (fl[i] && fl[i]->ops)
                u[i].revents = fl[i]->ops->revents(fl[i], u[i].events);
            else if (fl[i])
                u[i].revents = h[i].revents;
        for (uint64_t i = 0; i < n; i++)
            ready += fl[i] && u[i].revents;
        uint64_t t = now_ms();
        if (ready || !ms || (ms > 0 && t >= deadline)) {
            r = ready;
            break;
        }
        uint64_t drain;
        if (read(efd, &drain, sizeof drain) < 0) {
            /* nothing to drain */
        }
        if (ms > 0)
            ms = (int)(deadline - t);
    }
    if (r >= 0 && n && fs_copy_out(CVM, pfds, u, n * sizeof *u))
        r = -EFAULT;
    for (uint64_t i = 0; fl && i < n; i++)
        if (fl[i]) {
            if (efd >= 0 && fl[i]->ops)
                fl[i]->ops->poll_del(fl[i], &pl[i]);
            iv_fs_put(FS, fl[i]);
        }
    if (efd >= 0) {
        close(efd);
        fs_uncharge(CVM, 1);
    }
    if (!on_stack) {
        free(u);
        free(h);
        free(fl);
        free(pl);
    }
    return r;
}

long hc_isatty(uint64_t fd, uint64_t ws)
{
    GET(f, fd);
    struct termios t;
    struct winsize w;
    long r = f->ops || ioctl(f->host, TCGETS, &t) ? 0 : 1;
    if (r && ws) {
        if (ioctl(f->host, TIOCGWINSZ, &w))
            memset(&w, 0, sizeof w);
        r = fs_copy_out(CVM, ws, &w, sizeof w) ? -EFAULT : 1;
    }
    iv_fs_put(FS, f);
    return r;
}

long hc_getcwd(uint64_t buf, uint64_t len)
{
    char p[IV_PATH_MAX];
    int r = fs_getcwd(FS, p);
    if (r)
        return r;
    uint64_t n = strlen(p) + 1;
    if (len < n)
        return -ERANGE;
    return fs_copy_out(CVM, buf, p, n) ? -EFAULT : (long)n;
}
