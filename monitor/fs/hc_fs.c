/* File-system hostcalls that name paths (docs/hostcalls.md "Files").  Every
 * path is copied out of the cVM (bounded, checked), then resolved inside the
 * cVM's root by fs.c; a read-only root answers EROFS to everything that
 * would change it. */
#include "core/nocancel.h"
#include "fs/fs.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h> /* ST_RDONLY, as statfs f_flags reports it */
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

/* Opens `rest` of a tree and installs it. */
static long tree_open(const struct iv_fs_tree_ops *tree, const char *rest, int fl)
{
    int err = -ENOENT;
    struct iv_file *f = tree->open(CVM, rest, fl & ~O_CLOEXEC, &err);
    if (!f)
        return err;
    int fd = fs_install(FS, f, 0, fl & O_CLOEXEC);
    if (fd < 0)
        iv_fs_put(FS, f);
    return fd;
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
    char abs[IV_PATH_MAX], norm[IV_PATH_MAX];
    const struct iv_fs_tree_ops *tree;
    const char *rest;
    r = fs_tree_find(FS, dirfd, p, abs, norm, &tree, &rest);
    if (r < 0)
        return FS->root < 0 ? -ENOENT : r;
    if (r) /* e.g. /dev, /proc: whatever the root holds */
        return tree_open(tree, rest, fl);
    if (FS->root < 0)
        return -ENOENT;
    if (!(fl & O_PATH) && writes(fl) && !FS->rw)
        return -EROFS;
    if ((r = fs_charge(CVM, 1)))
        return r;
    /* No setuid/setgid bits: a cVM must not plant them in its root for a
     * host user to run (the monitor may run as root). */
    int h = fs_open_abs(FS, abs, fl & ~O_CLOEXEC, (int)(mode & 01777));
    if (h < 0) {
        fs_uncharge(CVM, 1);
        return h;
    }
    struct iv_file *f = fs_file_charged(CVM, h);
    if (!f) {
        iv_close(h);
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
 * readlink, access, utimens and chmod then act on with AT_EMPTY_PATH.  An
 * object of a tree (/dev, /proc) comes as a file (one reference) in *vf,
 * which the caller puts (not closing the result): NO_HOST for a virtual
 * file, else its host fd (/dev/tty, /proc/self/fd/N of a root file). */
static int open_object(uint64_t dirfd, uint64_t path, int nofollow, struct iv_file **vf)
{
    char p[IV_PATH_MAX], abs[IV_PATH_MAX], norm[IV_PATH_MAX];
    *vf = NULL;
    int r = fs_path_in(CVM, path, p);
    if (r)
        return r;
    const struct iv_fs_tree_ops *tree;
    const char *rest;
    r = fs_tree_find(FS, dirfd, p, abs, norm, &tree, &rest);
    if (r < 0)
        return FS->root < 0 ? -ENOENT : r;
    if (r) {
        int err = -ENOENT;
        *vf = tree->open(CVM, rest, O_PATH | (nofollow ? O_NOFOLLOW : 0), &err);
        return !*vf ? err : (*vf)->ops ? NO_HOST : (*vf)->host; /* as self_fd */
    }
    return fs_open_abs(FS, abs, O_PATH | (nofollow ? O_NOFOLLOW : 0), 0);
}

/* stat of what open_object or self_fd gave. */
static int object_stat(int h, struct iv_file *f, struct stat *sb)
{
    if (f && f->ops) {
        f->ops->stat(f, sb);
        return 0;
    }
    return IV_NCR(SYS_fstat, f ? f->host : h, sb, 0, 0, 0, 0);
}

/* Ends the use of what open_object or self_fd gave. */
static void object_done(int h, struct iv_file *f)
{
    if (f)
        iv_fs_put(FS, f);
    else
        iv_close(h);
}

long hc_fstatat(uint64_t dirfd, uint64_t path, uint64_t st, uint64_t flags)
{
    if (flags & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    struct stat sb;
    struct iv_file *f = NULL;
    int h = path ? open_object(dirfd, path, flags & AT_SYMLINK_NOFOLLOW, &f) : self_fd(dirfd, &f);
    if (h == -ENOENT && path && flags & AT_EMPTY_PATH) {
        char c;
        if (fs_copy_in(CVM, &c, path, 1) == 0 && !c)
            h = self_fd(dirfd, &f); /* fstatat(fd, "", AT_EMPTY_PATH) */
    }
    if (h < 0)
        return h;
    int r = object_stat(h, f, &sb);
    object_done(h, f);
    /* struct stat: the x86-64 Linux layout, which glibc and musl share. */
    return r ? r : fs_copy_out(CVM, st, &sb, sizeof sb);
}

/* statfs of what open_object or self_fd gave.  A host file: its file
 * system's, as the host sees it (sizes and free space, as in a container),
 * read-only where it is the cVM's root and that is; a virtual file: what
 * its maker says (f->ops->statfs), by default an anonymous inode's, as
 * Linux has for epoll and the like. */
static int object_statfs(int h, struct iv_file *f, struct statfs *sf)
{
    memset(sf, 0, sizeof *sf);
    if (f && f->ops) {
        sf->f_type = IV_ANON_INODE_FS_MAGIC;
        sf->f_bsize = sf->f_frsize = 4096;
        sf->f_namelen = 255;
        if (f->ops->statfs)
            f->ops->statfs(f, sf);
        return 0;
    }
    int fd = f ? f->host : h;
    int r = IV_NCR(SYS_fstatfs, fd, sf, 0, 0, 0, 0);
    struct stat obj, root;
    if (!r && !FS->rw && FS->root >= 0 && !IV_NCR(SYS_fstat, fd, &obj, 0, 0, 0, 0) &&
        !IV_NCR(SYS_fstat, FS->root, &root, 0, 0, 0, 0) && obj.st_dev == root.st_dev)
        sf->f_flags |= ST_RDONLY; /* the monitor refuses every write there */
    return r;
}

long hc_statfs(uint64_t dirfd, uint64_t path, uint64_t out)
{
    struct statfs sf;
    struct iv_file *f = NULL;
    int h = path ? open_object(dirfd, path, 0, &f) : self_fd(dirfd, &f);
    if (h < 0)
        return h;
    int r = object_statfs(h, f, &sf);
    object_done(h, f);
    /* struct statfs: the x86-64 Linux layout, which glibc and musl share. */
    return r ? r : fs_copy_out(CVM, out, &sf, sizeof sf);
}

long hc_readlinkat(uint64_t dirfd, uint64_t path, uint64_t buf, uint64_t len)
{
    if ((int64_t)len <= 0)
        return -EINVAL;
    if (len > IV_PATH_MAX)
        len = IV_PATH_MAX;
    struct iv_file *f;
    int h = open_object(dirfd, path, 1, &f);
    if (h < 0)
        return h;
    char tmp[IV_PATH_MAX];
    ssize_t n;
    int e = EINVAL;
    if (f) { /* a tree's object */
        n = f->ops && f->ops->readlink ? f->ops->readlink(f, tmp) : -EINVAL;
        if (n > (ssize_t)len)
            n = (ssize_t)len; /* truncated, as readlink does */
        e = n < 0 ? (int)-n : 0;
        n = n < 0 ? -1 : n;
    } else {
        n = readlinkat(h, "", tmp, len);
        e = errno;
    }
    object_done(h, f);
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
    char abs[IV_PATH_MAX], norm[IV_PATH_MAX];
    const struct iv_fs_tree_ops *tree;
    const char *rest;
    r = fs_tree_find(FS, dirfd, p, abs, norm, &tree, &rest);
    if (FS->root < 0 && r <= 0)
        return -ENOENT;
    if (r)
        return r < 0 ? r : -EROFS; /* the trees (/dev, /proc) are read-only */
    if (!FS->rw)
        return -EROFS;
    return fs_parent_abs(FS, abs, name);
}

/* unlink, link, rename when a path is in a tree (/dev/shm...): the tree
 * answers, EROFS if it has no changes, EXDEV between a tree and anything
 * else.  1 with the answer in *res, 0 when no tree is involved. */
static int tree_change(int op, uint64_t odirfd, uint64_t oldp, uint64_t ndirfd, uint64_t newp, int flags, long *res)
{
    char p[IV_PATH_MAX], abs[IV_PATH_MAX], norm[IV_PATH_MAX], norm2[IV_PATH_MAX];
    const struct iv_fs_tree_ops *t1 = NULL, *t2 = NULL;
    const char *r1, *r2 = NULL;
    long r = fs_path_in(CVM, oldp, p);
    int in1 = r ? (int)r : fs_tree_find(FS, odirfd, p, abs, norm, &t1, &r1), in2 = 0;
    if (in1 >= 0 && op != IV_FS_UNLINK) {
        r = fs_path_in(CVM, newp, p);
        in2 = r ? (int)r : fs_tree_find(FS, ndirfd, p, abs, norm2, &t2, &r2);
    }
    if (in1 < 0 || in2 < 0)
        return 0; /* the calls on the root find the same problem and say it */
    if (!in1 && !in2)
        return 0;
    if (op != IV_FS_UNLINK && (!in1 || !in2 || t1 != t2))
        *res = -EXDEV;
    else if (!(in1 ? t1 : t2)->change)
        *res = -EROFS;
    else
        *res = t1->change(CVM, op, r1, r2, flags);
    return 1;
}

long hc_mkdirat(uint64_t dirfd, uint64_t path, uint64_t mode)
{
    char name[NAME_MAX + 1];
    int d = parent_of(dirfd, path, name);
    if (d < 0)
        return d == -EBUSY || d == -EINVAL ? -EEXIST : d;
    int r = mkdirat(d, name, (mode_t)(mode & 01777)) ? -errno : 0;
    iv_close(d);
    return r;
}

long hc_unlinkat(uint64_t dirfd, uint64_t path, uint64_t flags)
{
    if (flags & ~(uint64_t)AT_REMOVEDIR)
        return -EINVAL;
    long tr;
    if (tree_change(IV_FS_UNLINK, dirfd, path, 0, 0, (int)flags, &tr))
        return tr;
    char name[NAME_MAX + 1];
    int d = parent_of(dirfd, path, name);
    if (d < 0)
        return d;
    int r = unlinkat(d, name, (int)flags) ? -errno : 0;
    iv_close(d);
    if (!r && flags & AT_REMOVEDIR)
        fs_layout_changed(FS); /* it may have been a working directory */
    return r;
}

/* Whether `name` in directory d is a directory, or cannot be told (another
 * thread changed it meanwhile): one component, not followed. */
static int maybe_dir(int d, const char *name)
{
    struct stat sb;
    return fstatat(d, name, &sb, AT_SYMLINK_NOFOLLOW) || S_ISDIR(sb.st_mode);
}

long hc_renameat(uint64_t odirfd, uint64_t oldp, uint64_t ndirfd, uint64_t newp, uint64_t flags)
{
    if (flags & ~(uint64_t)(RENAME_NOREPLACE | RENAME_EXCHANGE))
        return -EINVAL;
    long tr;
    if (tree_change(IV_FS_RENAME, odirfd, oldp, ndirfd, newp, (int)flags, &tr))
        return tr;
    char on[NAME_MAX + 1], nn[NAME_MAX + 1];
    int od = parent_of(odirfd, oldp, on);
    if (od < 0)
        return od;
    int nd = parent_of(ndirfd, newp, nn);
    if (nd < 0) {
        iv_close(od);
        return nd;
    }
    int r = syscall(SYS_renameat2, od, on, nd, nn, (unsigned)flags) ? -errno : 0;
    /* Only a directory that moved can move a working directory or a
     * directory descriptor (one name is enough to look at, both for an
     * exchange); a rename of a file keeps every remembered place. */
    if (!r && (maybe_dir(nd, nn) || (flags & RENAME_EXCHANGE && maybe_dir(od, on))))
        fs_layout_changed(FS);
    iv_close(od);
    iv_close(nd);
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
    iv_close(d);
    return r;
}

long hc_linkat(uint64_t odirfd, uint64_t oldp, uint64_t ndirfd, uint64_t newp, uint64_t flags)
{
    if (flags & ~(uint64_t)AT_SYMLINK_FOLLOW)
        return -EINVAL;
    long tr;
    if (tree_change(IV_FS_LINK, odirfd, oldp, ndirfd, newp, (int)flags, &tr))
        return tr;
    char nn[NAME_MAX + 1], on[NAME_MAX + 1], proc[40];
    int od, nd;
    if (flags & AT_SYMLINK_FOLLOW) {
        /* Resolve (and follow) inside the root, then link the inode the
         * monitor holds through its own /proc magic link. */
        if (!FS->rw)
            return FS->root < 0 ? -ENOENT : -EROFS;
        struct iv_file *vf;
        od = open_object(odirfd, oldp, 0, &vf);
        if (vf) { /* a file of a tree (/dev, /proc) cannot be linked elsewhere */
            iv_fs_put(FS, vf);
            return -EXDEV;
        }
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
        iv_close(nd);
    }
    iv_close(od);
    return r;
}

long hc_faccessat(uint64_t dirfd, uint64_t path, uint64_t mode, uint64_t flags)
{
    if (mode & ~(uint64_t)(R_OK | W_OK | X_OK) || flags & ~(uint64_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    struct iv_file *f;
    int h = open_object(dirfd, path, flags & AT_SYMLINK_NOFOLLOW, &f);
    if (h < 0)
        return h;
    int r;
    if (f) { /* a tree's object: its mode bits say (the cVM is root, as on Linux) */
        struct stat sb;
        r = object_stat(h, f, &sb);
        r = r ? r : (mode & W_OK && !(sb.st_mode & 0222)) || (mode & X_OK && !(sb.st_mode & 0111)) ? -EACCES : 0;
        if (r && mode & W_OK && S_ISREG(sb.st_mode))
            r = -EROFS;
        iv_fs_put(FS, f);
        return r;
    }
    r = syscall(SYS_faccessat2, h, "", (int)mode, AT_EMPTY_PATH | (int)(flags & AT_EACCESS)) ? -errno : 0;
    iv_close(h);
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
    int h = path ? open_object(dirfd, path, flags & AT_SYMLINK_NOFOLLOW, &f) : self_fd(dirfd, &f);
    if (h < 0)
        return h;
    int r = !FS->rw || (f && f->path) ? -EROFS : 0; /* f->path: a tree's (read-only) */
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
        iv_close(h);
    return r;
}

long hc_fchmodat(uint64_t dirfd, uint64_t path, uint64_t mode)
{
    struct iv_file *f = NULL;
    int h = path ? open_object(dirfd, path, 0, &f) : self_fd(dirfd, &f);
    if (h < 0)
        return h;
    int r = !FS->rw || (f && f->path) ? -EROFS : 0; /* f->path: a tree's (read-only) */
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
        iv_close(h);
    return r;
}

long hc_chdir(uint64_t dirfd, uint64_t path)
{
    int h;
    if (path) {
        struct iv_file *vf;
        h = open_object(dirfd, path, 0, &vf);
        if (vf) { /* the working directory is a host directory of the root */
            iv_fs_put(FS, vf);
            return -ENOTDIR;
        }
    } else {
        struct iv_file *f = iv_fs_get(FS, dirfd);
        if (!f)
            return -EBADF;
        h = f->ops ? -ENOTDIR : fcntl(f->host, F_DUPFD_CLOEXEC, 3);
        h = h == -1 ? -errno : h;
        iv_fs_put(FS, f);
        if (h >= 0 && FS->root < 0) {
            iv_close(h);
            return -ENOENT;
        }
    }
    if (h < 0)
        return h;
    struct stat sb;
    if (fstat(h, &sb) || !S_ISDIR(sb.st_mode)) {
        iv_close(h);
        return -ENOTDIR;
    }
    pthread_mutex_lock(&FS->lock);
    int old = FS->cwd;
    FS->cwd = h;
    fs_cwd_changed(FS);
    pthread_mutex_unlock(&FS->lock);
    iv_close(old);
    return 0;
}
