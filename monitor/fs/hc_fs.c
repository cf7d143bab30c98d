/* File-system hostcalls that name paths (docs/hostcalls.md "Files").  Every
 * path is copied out of the cVM (bounded, checked), then resolved inside the
 * cVM's root by fs.c; a read-only root answers EROFS to everything that
 * would change it. */
#include "fs/fs.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <intravisor/hostcall.h>
#include "core/cvm.h"

/* glibc's __O_TMPFILE includes O_DIRECTORY; this is the bit alone. */
#define TMPFILE_BIT (O_TMPFILE & ~O_DIRECTORY)

#define CVM (iv_self->cvm)
#define FS (iv_fs_of(iv_self->cvm))

/* Open flags a cVM may pass; the rest are refused (EINVAL) rather than
 * guessed at. */
#define OPEN_OK (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC | \
                 O_SYNC | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_PATH | O_LARGEFILE | O_NOATIME |      \
                 __O_TMPFILE | O_DIRECT | KERNEL_O_LARGEFILE)
/* glibc defines O_LARGEFILE as 0 on x86-64; musl passes the kernel's bit. */
#define KERNEL_O_LARGEFILE 0100000

static int writes(int flags)
{
    return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | TMPFILE_BIT));
}

long hc_openat(uint64_t dirfd, uint64_t path, uint64_t flags, uint64_t mode)
{
    char p[IV_PATH_MAX];
    int r = fs_path_in(CVM, path, p);
    if (r)
        return r;
    int fl = (int)flags;
    long served;
    if (fs_prefix_open(p, fl, &served)) /* e.g. /cap/ (CAP Streams), whatever the root holds */
        return served;
    if (fl & ~OPEN_OK || (fl & O_ACCMODE) == O_ACCMODE)
        return -EINVAL;
    if (FS->root < 0)
        return -ENOENT;
    if (!(fl & O_PATH) && writes(fl) && !FS->rw)
        return -EROFS;
    if ((r = fs_charge(CVM, 1)))
        return r;
    /* No setuid/setgid bits: a cVM must not plant them in its root for a
     * host user to run (the monitor may run as root). */
    int h = fs_open(FS, dirfd, p, fl & ~O_CLOEXEC, (int)(mode & 01777));
    if (h < 0) {
        fs_uncharge(CVM, 1);
        return h;
    }
    struct iv_file *f = fs_file_charged(CVM, h);
    if (!f) {
        close(h);
        fs_uncharge(CVM, 1);
        return -ENOMEM;
    }
    int fd = fs_install(FS, f, 0, fl & O_CLOEXEC);
    if (fd < 0)
        iv_fs_put(FS, f);
    return fd;
}

/* Host fd for an AT_EMPTY_PATH-style call on dirfd itself (ref in *fp).
 * A virtual file has none: NO_HOST, which the callers check for (f->ops)
 * and never pass to the host. */
#define NO_HOST INT_MAX
static int self_fd(uint64_t dirfd, struct iv_file **fp)
{
    *fp = iv_fs_get(FS, dirfd);
    return !*fp ? -EBADF : (*fp)->ops ? NO_HOST : (*fp)->host;
}

/* Opens the object (dirfd, path) names as an O_PATH fd: what stat,
 * readlink, access, utimens and chmod then act on with AT_EMPTY_PATH. */
static int open_object(uint64_t dirfd, uint64_t path, int nofollow)
{
    char p[IV_PATH_MAX];
    int r = fs_path_in(CVM, path, p);
    return r ? r : fs_open(FS, dirfd, p, O_PATH | (nofollow ? O_NOFOLLOW : 0), 0);
}

long hc_fstatat(uint64_t dirfd, uint64_t path, uint64_t st, uint64_t flags)
{
    if (flags & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    struct stat sb;
    struct iv_file *f = NULL;
    int h = path ? open_object(dirfd, path, flags & AT_SYMLINK_NOFOLLOW) : self_fd(dirfd, &f);
    if (h == -ENOENT && path && flags & AT_EMPTY_PATH) {
        char c;
        if (fs_copy_in(CVM, &c, path, 1) == 0 && !c)
            h = self_fd(dirfd, &f); /* fstatat(fd, "", AT_EMPTY_PATH) */
    }
    if (h < 0)
        return h;
    int r = 0;
    if (f && f->ops)
        f->ops->stat(f, &sb);
    else
        r = fstat(h, &sb) ? -errno : 0;
    if (f)
        iv_fs_put(FS, f);
    else
        close(h);
    /* struct stat: the x86-64 Linux layout, which glibc and musl share. */
    return r ? r : fs_copy_out(CVM, st, &sb, sizeof sb);
}

long hc_readlinkat(uint64_t dirfd, uint64_t path, uint64_t buf, uint64_t len)
{
    if ((int64_t)len <= 0)
        return -EINVAL;
    if (len > IV_PATH_MAX)
        len = IV_PATH_MAX;
    int h = open_object(dirfd, path, 1);
    if (h < 0)
        return h;
    char tmp[IV_PATH_MAX];
    ssize_t n = readlinkat(h, "", tmp, len);
    int e = errno;
    close(h);
    if (n < 0)
        return e == ENOENT ? -EINVAL : -e; /* not a symlink */
    int r = fs_copy_out(CVM, buf, tmp, (uint64_t)n);
    return r ? r : n;
}

/* Parent directory of path for a call that changes the tree. */
static int parent_of(uint64_t dirfd, uint64_t path, char *name)
{
    char p[IV_PATH_MAX];
    int r = fs_path_in(CVM, path, p);
    if (r)
        return r;
    if (FS->root < 0)
        return -ENOENT;
    if (!FS->rw)
        return -EROFS;
    return fs_parent(FS, dirfd, p, name);
}

long hc_mkdirat(uint64_t dirfd, uint64_t path, uint64_t mode)
{
    char name[NAME_MAX + 1];
    int d = parent_of(dirfd, path, name);
    if (d < 0)
        return d == -EBUSY || d == -EINVAL ? -EEXIST : d;
    int r = mkdirat(d, name, (mode_t)(mode & 01777)) ? -errno : 0;
    close(d);
    return r;
}

long hc_unlinkat(uint64_t dirfd, uint64_t path, uint64_t flags)
{
    if (flags & ~(uint64_t)AT_REMOVEDIR)
        return -EINVAL;
    char name[NAME_MAX + 1];
    int d = parent_of(dirfd, path, name);
    if (d < 0)
        return d;
    int r = unlinkat(d, name, (int)flags) ? -errno : 0;
    close(d);
    return r;
}

long hc_renameat(uint64_t odirfd, uint64_t oldp, uint64_t ndirfd, uint64_t newp, uint64_t flags)
{
    if (flags & ~(uint64_t)(RENAME_NOREPLACE | RENAME_EXCHANGE))
        return -EINVAL;
    char on[NAME_MAX + 1], nn[NAME_MAX + 1];
    int od = parent_of(odirfd, oldp, on);
    if (od < 0)
        return od;
    int nd = parent_of(ndirfd, newp, nn);
    if (nd < 0) {
        close(od);
        return nd;
    }
    int r = syscall(SYS_renameat2, od, on, nd, nn, (unsigned)flags) ? -errno : 0;
    close(od);
    close(nd);
    return r;
}

long hc_symlinkat(uint64_t target, uint64_t dirfd, uint64_t path)
{
    /* The target is just bytes: whatever it says is resolved inside the
     * root when followed. */
    char t[IV_PATH_MAX], name[NAME_MAX + 1];
    int r = fs_path_in(CVM, target, t);
    if (r)
        return r;
    int d = parent_of(dirfd, path, name);
    if (d < 0)
        return d == -EBUSY || d == -EINVAL ? -EEXIST : d;
    r = symlinkat(t, d, name) ? -errno : 0;
    close(d);
    return r;
}

long hc_linkat(uint64_t odirfd, uint64_t oldp, uint64_t ndirfd, uint64_t newp, uint64_t flags)
{
    if (flags & ~(uint64_t)AT_SYMLINK_FOLLOW)
        return -EINVAL;
    char nn[NAME_MAX + 1], on[NAME_MAX + 1], proc[40];
    int od, nd;
    if (flags & AT_SYMLINK_FOLLOW) {
        /* Resolve (and follow) inside the root, then link the inode the
         * monitor holds through its own /proc magic link. */
        if (!FS->rw)
            return FS->root < 0 ? -ENOENT : -EROFS;
        od = open_object(odirfd, oldp, 0);
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", od);
    } else {
        od = parent_of(odirfd, oldp, on);
    }
    if (od < 0)
        return od;
    nd = parent_of(ndirfd, newp, nn);
    int r = nd;
    if (nd >= 0) {
        if (flags & AT_SYMLINK_FOLLOW)
            r = linkat(AT_FDCWD, proc, nd, nn, AT_SYMLINK_FOLLOW) ? -errno : 0;
        else
            r = linkat(od, on, nd, nn, 0) ? -errno : 0;
        close(nd);
    }
    close(od);
    return r;
}

long hc_faccessat(uint64_t dirfd, uint64_t path, uint64_t mode, uint64_t flags)
{
    if (mode & ~(uint64_t)(R_OK | W_OK | X_OK) || flags & ~(uint64_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    int h = open_object(dirfd, path, flags & AT_SYMLINK_NOFOLLOW);
    if (h < 0)
        return h;
    int r = syscall(SYS_faccessat2, h, "", (int)mode, AT_EMPTY_PATH | (int)(flags & AT_EACCESS)) ? -errno : 0;
    close(h);
    if (!r && mode & W_OK && !FS->rw)
        r = -EROFS;
    return r;
}

long hc_utimensat(uint64_t dirfd, uint64_t path, uint64_t times, uint64_t flags)
{
    if (flags & ~(uint64_t)AT_SYMLINK_NOFOLLOW)
        return -EINVAL;
    struct timespec ts[2];
    if (times && fs_copy_in(CVM, ts, times, sizeof ts))
        return -EFAULT;
    struct iv_file *f = NULL;
    int h = path ? open_object(dirfd, path, flags & AT_SYMLINK_NOFOLLOW) : self_fd(dirfd, &f);
    if (h < 0)
        return h;
    int r = !FS->rw ? -EROFS : 0;
    if (!r && f && f->ops) {
        /* a virtual file has no times to set */
    } else if (!r && f && f->noclose) {
        r = -EPERM; /* shared stdio or log file: not the cVM's (hc_fd.c) */
    } else if (!r && f) {
        r = futimens(h, times ? ts : NULL) ? -errno : 0;
    } else if (!r) {
        r = utimensat(h, "", times ? ts : NULL, AT_EMPTY_PATH) ? -errno : 0;
    }
    if (f)
        iv_fs_put(FS, f);
    else
        close(h);
    return r;
}

long hc_fchmodat(uint64_t dirfd, uint64_t path, uint64_t mode)
{
    struct iv_file *f = NULL;
    int h = path ? open_object(dirfd, path, 0) : self_fd(dirfd, &f);
    if (h < 0)
        return h;
    int r = !FS->rw ? -EROFS : 0;
    if (!r && f && f->ops) {
        /* a virtual file has no mode to change */
    } else if (!r && f && f->noclose) {
        r = -EPERM; /* shared stdio or log file: not the cVM's (hc_fd.c) */
    } else if (!r && f) {
        r = fchmod(h, (mode_t)(mode & 01777)) ? -errno : 0;
    } else if (!r) {
        /* O_PATH fds cannot be fchmod'ed; the monitor's own magic link to
         * the inode it resolved inside the root can. */
        char proc[40];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", h);
        r = fchmodat(AT_FDCWD, proc, (mode_t)(mode & 01777), 0) ? -errno : 0;
    }
    if (f)
        iv_fs_put(FS, f);
    else
        close(h);
    return r;
}

long hc_chdir(uint64_t dirfd, uint64_t path)
{
    int h;
    if (path) {
        h = open_object(dirfd, path, 0);
    } else {
        struct iv_file *f = iv_fs_get(FS, dirfd);
        if (!f)
            return -EBADF;
        h = f->ops ? -ENOTDIR : fcntl(f->host, F_DUPFD_CLOEXEC, 3);
        h = h == -1 ? -errno : h;
        iv_fs_put(FS, f);
        if (h >= 0 && FS->root < 0) {
            close(h);
            return -ENOENT;
        }
    }
    if (h < 0)
        return h;
    struct stat sb;
    if (fstat(h, &sb) || !S_ISDIR(sb.st_mode)) {
        close(h);
        return -ENOTDIR;
    }
    pthread_mutex_lock(&FS->lock);
    int old = FS->cwd;
    FS->cwd = h;
    pthread_mutex_unlock(&FS->lock);
    close(old);
    return 0;
}
