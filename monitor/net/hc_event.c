/* eventfd, timerfd and sendfile (docs/net.md "Design").  eventfds and
 * timerfds are host objects in the cVM's table (kinds IV_FK_EVENTFD /
 * IV_FK_TIMERFD); read/write/poll go through fs/. */
#include "core/nocancel.h"
#include "net/net_int.h"
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/timerfd.h>
#include "core/cvm.h"
#include "fs/fs.h"

#define CVM (iv_self->cvm)
#define FS (iv_fs_of(iv_self->cvm))
#define MAX_IO (1ull << 30)

long net_install(struct iv_file *f, int cloexec)
{
    int fd = fs_install(FS, f, 0, cloexec);
    if (fd < 0)
        iv_fs_put(FS, f);
    return fd;
}

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
    return net_install(f, cloexec);
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
        r = IV_NCR(SYS_sendfile, o->host, i->host, offp ? (off_t *)&off : NULL, count, 0, 0);
        if (r > 0 && o->kind == IV_FK_SOCKET)
            iv_cvm_count(CVM, &FS->sock_tx, (uint64_t)r);
        if (r >= 0 && offp && fs_copy_out(CVM, offp, &off, sizeof off))
            r = -EFAULT;
    }
    if (o)
        iv_fs_put(FS, o);
    if (i)
        iv_fs_put(FS, i);
    return r;
}
