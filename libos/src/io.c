/* Descriptor I/O.  Without a file system (issue 4 adds --root), a cVM has
 * exactly the descriptors the monitor grants: 0, 1 and 2. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <intravisor.h>
#include "syscall.h"
#include "libos.h"

static int std_fd(long fd)
{
	return fd >= 0 && fd <= 2;
}

static long vector_io(int writing, long fd, const struct iovec *iov, long cnt)
{
	long total = 0;
	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	for (long i = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		long r = writing ? iv_write(fd, iov[i].iov_base, iov[i].iov_len)
		                 : iv_read(fd, iov[i].iov_base, iov[i].iov_len);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break; /* short transfer: report what was done */
	}
	return total;
}

void libos_log(const char *msg)
{
	iv_write(2, msg, strlen(msg));
}

long libos_io(long n, LIBOS_ARGS, int *handled)
{
	(void)a5; (void)a6;
	*handled = 1;
	switch (n) {
	case SYS_read:
		return iv_read(a1, (void *)a2, a3);
	case SYS_write:
		return iv_write(a1, (const void *)a2, a3);
	case SYS_readv:
		return vector_io(0, a1, (const struct iovec *)a2, a3);
	case SYS_writev:
		return vector_io(1, a1, (const struct iovec *)a2, a3);
	case SYS_pread64:
	case SYS_pwrite64:
	case SYS_lseek:
		return std_fd(a1) ? -ESPIPE : -EBADF;
	case SYS_close:
		return std_fd(a1) ? 0 : -EBADF;
	case SYS_ioctl:
		/* The monitor does not (yet) say whether a descriptor is a
		 * terminal, so stdio treats every stream as a file. */
		return std_fd(a1) ? -ENOTTY : -EBADF;
	case SYS_fcntl:
		if (!std_fd(a1))
			return -EBADF;
		switch (a2) {
		case F_GETFD: case F_SETFD: return 0;
		case F_GETFL: return a1 == 0 ? O_RDONLY : O_WRONLY;
		case F_SETFL: return 0;
		default: return -EINVAL;
		}
	case SYS_fstat:
		if (!std_fd(a1))
			return -EBADF;
		memset((void *)a2, 0, sizeof(struct stat));
		((struct stat *)a2)->st_mode = S_IFIFO | 0600;
		((struct stat *)a2)->st_blksize = 4096;
		return 0;
	case SYS_open:
	case SYS_openat:
	case SYS_stat:
	case SYS_lstat:
	case SYS_access:
	case SYS_faccessat:
	case SYS_newfstatat:
	case SYS_statx:
	case SYS_readlink:
	case SYS_readlinkat:
		return -ENOENT; /* no file system in this cVM */
	case SYS_dup:
	case SYS_dup2:
	case SYS_dup3:
	case SYS_pipe:
	case SYS_pipe2:
		return -EMFILE;
	case SYS_fsync:
	case SYS_fdatasync:
		return std_fd(a1) ? -EINVAL : -EBADF;
	default:
		(void)a4;
		*handled = 0;
		return 0;
	}
}
