/* Paths: open, stat, directories, links, the working directory, umask.
 * The monitor resolves every path inside the cVM's root (intravisor run
 * --root) and keeps the working directory; this file only maps Linux calls
 * onto the file hostcalls (docs/libos.md).  Without a root every path is
 * ENOENT. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <intravisor.h>
#include "syscall.h"
#include "libos.h"

static volatile int cur_umask = 022;

static long mode_of(long flags, long mode)
{
	return (flags & (O_CREAT | (O_TMPFILE & ~O_DIRECTORY))) ? (mode & ~cur_umask & 07777) : 0;
}

/* Linux struct statx (musl 1.2.3 does not declare it). */
struct kstatx_ts { int64_t tv_sec; uint32_t tv_nsec; int32_t pad; };
struct kstatx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad1;
	uint64_t ino, size, blocks, attributes_mask;
	struct kstatx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

static uint32_t dev_major(uint64_t d) { return ((d >> 32) & 0xfffff000) | ((d >> 8) & 0xfff); }
static uint32_t dev_minor(uint64_t d) { return ((d >> 12) & 0xffffff00) | (d & 0xff); }

/* fstatat; (fd, "", AT_EMPTY_PATH) is fstat(fd), which the monitor
 * answers without looking at a path (Rust's File::metadata is a statx of
 * that form). */
static long do_fstatat(long dirfd, const char *path, struct stat *st, long flags)
{
	if (flags & AT_EMPTY_PATH && path && !path[0]) {
		if ((int)dirfd == AT_FDCWD) /* the working directory itself (an int: the upper half is undefined) */
			return iv_fstatat(AT_FDCWD, ".", st, 0);
		return iv_fstatat(dirfd, 0, st, 0);
	}
	return iv_fstatat(dirfd, path, st, flags);
}

/* statx from the fstatat answer: the basic fields, no birth time. */
static long do_statx(long dirfd, const char *path, long flags, struct kstatx *x)
{
	struct stat st;
	long r = do_fstatat(dirfd, path, &st, flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
	if (r)
		return r;
	memset(x, 0, sizeof *x);
	x->mask = 0x7ff; /* STATX_BASIC_STATS */
	x->blksize = st.st_blksize;
	x->nlink = st.st_nlink;
	x->uid = st.st_uid;
	x->gid = st.st_gid;
	x->mode = st.st_mode;
	x->ino = st.st_ino;
	x->size = st.st_size;
	x->blocks = st.st_blocks;
	x->atime = (struct kstatx_ts){st.st_atim.tv_sec, st.st_atim.tv_nsec, 0};
	x->mtime = (struct kstatx_ts){st.st_mtim.tv_sec, st.st_mtim.tv_nsec, 0};
	x->ctime = (struct kstatx_ts){st.st_ctim.tv_sec, st.st_ctim.tv_nsec, 0};
	x->rdev_major = dev_major(st.st_rdev);
	x->rdev_minor = dev_minor(st.st_rdev);
	x->dev_major = dev_major(st.st_dev);
	x->dev_minor = dev_minor(st.st_dev);
	return 0;
}

static long do_truncate(const char *path, long len)
{
	long fd = iv_openat(AT_FDCWD, path, O_WRONLY, 0);
	if (fd < 0)
		return fd;
	long r = iv_ftruncate(fd, len);
	iv_close(fd);
	return r;
}

#define P(x) ((const char *)(x))
long libos_fs(long n, LIBOS_ARGS, int *handled)
{
	*handled = 1;
	switch (n) {
	case SYS_open:
		return iv_openat(AT_FDCWD, P(a1), a2, mode_of(a2, a3));
	case SYS_openat:
		return iv_openat(a1, P(a2), a3, mode_of(a3, a4));
	case SYS_creat:
		return iv_openat(AT_FDCWD, P(a1), O_CREAT | O_WRONLY | O_TRUNC, mode_of(O_CREAT, a2));
	case SYS_stat:
		return iv_fstatat(AT_FDCWD, P(a1), (struct stat *)a2, 0);
	case SYS_lstat:
		return iv_fstatat(AT_FDCWD, P(a1), (struct stat *)a2, AT_SYMLINK_NOFOLLOW);
	case SYS_fstat:
		return iv_fstatat(a1, 0, (struct stat *)a2, 0);
	case SYS_newfstatat:
		return do_fstatat(a1, P(a2), (struct stat *)a3, a4);
	case SYS_statx:
		return do_statx(a1, P(a2), a3, (struct kstatx *)a5);
	case SYS_statfs:
		/* a NULL path means "dirfd itself" to the hostcall */
		return a1 ? iv_statfs(AT_FDCWD, P(a1), (struct statfs *)a2) : -EFAULT;
	case SYS_fstatfs:
		return iv_statfs(a1, 0, (struct statfs *)a2);
	case SYS_getdents64:
		return iv_getdents(a1, (void *)a2, a3);
	case SYS_access:
		return iv_faccessat(AT_FDCWD, P(a1), a2, 0);
	case SYS_faccessat:
		return iv_faccessat(a1, P(a2), a3, 0);
	case SYS_faccessat2:
		return iv_faccessat(a1, P(a2), a3, a4);
	case SYS_readlink:
		return iv_readlinkat(AT_FDCWD, P(a1), (char *)a2, a3);
	case SYS_readlinkat:
		return iv_readlinkat(a1, P(a2), (char *)a3, a4);
	case SYS_mkdir:
		return iv_mkdirat(AT_FDCWD, P(a1), a2 & ~cur_umask & 07777);
	case SYS_mkdirat:
		return iv_mkdirat(a1, P(a2), a3 & ~cur_umask & 07777);
	case SYS_rmdir:
		return iv_unlinkat(AT_FDCWD, P(a1), AT_REMOVEDIR);
	case SYS_unlink:
		return iv_unlinkat(AT_FDCWD, P(a1), 0);
	case SYS_unlinkat:
		return iv_unlinkat(a1, P(a2), a3);
	case SYS_rename:
		return iv_renameat(AT_FDCWD, P(a1), AT_FDCWD, P(a2), 0);
	case SYS_renameat:
		return iv_renameat(a1, P(a2), a3, P(a4), 0);
	case SYS_renameat2:
		return iv_renameat(a1, P(a2), a3, P(a4), a5);
	case SYS_symlink:
		return iv_symlinkat(P(a1), AT_FDCWD, P(a2));
	case SYS_symlinkat:
		return iv_symlinkat(P(a1), a2, P(a3));
	case SYS_link:
		return iv_linkat(AT_FDCWD, P(a1), AT_FDCWD, P(a2), 0);
	case SYS_linkat:
		return iv_linkat(a1, P(a2), a3, P(a4), a5);
	case SYS_chmod:
		return iv_fchmodat(AT_FDCWD, P(a1), a2);
	case SYS_fchmodat:
		return iv_fchmodat(a1, P(a2), a3);
	case SYS_fchmod:
		return iv_fchmodat(a1, 0, a2);
	case SYS_utimensat:
		return iv_utimensat(a1, P(a2), (const struct timespec *)a3, a4);
	case SYS_truncate:
		return do_truncate(P(a1), a2);
	case SYS_chdir:
		return iv_chdir(AT_FDCWD, P(a1));
	case SYS_fchdir:
		return iv_chdir(a1, 0);
	case SYS_getcwd:
		return iv_getcwd((char *)a1, a2);
	case SYS_umask: {
		int old = cur_umask;
		cur_umask = a1 & 0777;
		return old;
	}
	case SYS_sync:
		return 0;
	case SYS_syncfs:
		return iv_fsync(a1, 0);
	default:
		(void)a6;
		*handled = 0;
		return 0;
	}
}
