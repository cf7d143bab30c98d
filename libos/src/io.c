/* Descriptor I/O: every cVM fd (stdio, files, pipes) is a monitor-owned
 * descriptor reached through the fd hostcalls (docs/hostcalls.md "Files");
 * path-based calls are in fs.c, poll/select in poll.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <intravisor.h>
#include "syscall.h"
#include "libos.h"

/* readv/writev (off < 0) and preadv/pwritev as a loop of single
 * transfers: not atomic like the kernel's, which only matters to writers
 * racing on one descriptor. */
/* A small gathered write goes out as one write, as writev does on Linux:
 * musl's stdio writes a line as two pieces (buffer + new data), and cVMs
 * sharing a stdout must not see their lines interleaved mid-line.  (The
 * copy is made in the cVM, so a bad iov_base here ends the cVM with a fault
 * where Linux would answer EFAULT.) */
#define GATHER_MAX 4096

static long gathered_write(long fd, const struct iovec *iov, long cnt, long off)
{
	char buf[GATHER_MAX];
	size_t len = 0;
	for (long i = 0; i < cnt; i++) {
		memcpy(buf + len, iov[i].iov_base, iov[i].iov_len);
		len += iov[i].iov_len;
	}
	return off < 0 ? iv_write(fd, buf, len) : iv_pwrite(fd, buf, len, off);
}

static long vector_io(int writing, long fd, const struct iovec *iov, long cnt, long off)
{
	long total = 0;
	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	if (writing && cnt > 1) {
		size_t sum = 0;
		long i;
		for (i = 0; i < cnt && iov[i].iov_len <= GATHER_MAX - sum; i++)
			sum += iov[i].iov_len;
		if (i == cnt)
			return gathered_write(fd, iov, cnt, off);
	}
	for (long i = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		void *b = iov[i].iov_base;
		size_t n = iov[i].iov_len;
		long r = off < 0 ? (writing ? iv_write(fd, b, n) : iv_read(fd, b, n))
		                 : (writing ? iv_pwrite(fd, b, n, off + total) : iv_pread(fd, b, n, off + total));
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

static long valid_fd(long fd)
{
	long r = iv_fcntl(fd, F_GETFD, 0);
	return r < 0 ? r : 0;
}

static long do_fcntl(long fd, long cmd, long arg)
{
	long r;
	switch (cmd) {
	case F_DUPFD:
		return iv_dup(fd, arg, IV_DUP_MIN);
	case F_DUPFD_CLOEXEC:
		return iv_dup(fd, arg, IV_DUP_MIN | IV_DUP_CLOEXEC);
	case F_GETFD: case F_SETFD: case F_GETFL: case F_SETFL:
		return iv_fcntl(fd, cmd, arg);
	/* A cVM is one process, and POSIX record locks never conflict
	 * within one process: granting every lock is Linux's own answer
	 * (SQLite's unix VFS needs these). */
	case F_GETLK:
		if ((r = valid_fd(fd)))
			return r;
		((struct flock *)arg)->l_type = F_UNLCK;
		return 0;
	case F_SETLK: case F_SETLKW:
		return valid_fd(fd);
	default:
		return (r = valid_fd(fd)) ? r : -EINVAL;
	}
}

/* Terminal queries: the monitor says whether the host fd is a terminal;
 * nothing else of a terminal is modelled (settings are accepted, ignored). */
static long do_ioctl(long fd, long req, long arg)
{
	long r;
	switch (req) {
	case TIOCGWINSZ:
		r = iv_isatty(fd, (struct winsize *)arg);
		return r < 0 ? r : r ? 0 : -ENOTTY;
	case TCGETS: {
		r = iv_isatty(fd, 0);
		if (r <= 0)
			return r < 0 ? r : -ENOTTY;
		struct termios *t = (struct termios *)arg;
		memset(t, 0, sizeof *t);
		t->c_iflag = ICRNL | IXON;
		t->c_oflag = OPOST | ONLCR;
		t->c_cflag = CS8 | CREAD | B38400;
		t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | IEXTEN;
		t->c_cc[VMIN] = 1;
		return 0;
	}
	case TCSETS: case TCSETSW: case TCSETSF:
		r = iv_isatty(fd, 0);
		return r < 0 ? r : r ? 0 : -ENOTTY;
	case FIONBIO: {
		long fl = iv_fcntl(fd, F_GETFL, 0);
		if (fl < 0)
			return fl;
		fl = *(int *)arg ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
		return iv_fcntl(fd, F_SETFL, fl);
	}
	default:
		return (r = valid_fd(fd)) ? r : -ENOTTY;
	}
}

long libos_io(long n, LIBOS_ARGS, int *handled)
{
	(void)a6;
	*handled = 1;
	switch (n) {
	case SYS_read:
		return iv_read(a1, (void *)a2, a3);
	case SYS_write:
		return iv_write(a1, (const void *)a2, a3);
	case SYS_readv:
		return vector_io(0, a1, (const struct iovec *)a2, a3, -1);
	case SYS_writev:
		return vector_io(1, a1, (const struct iovec *)a2, a3, -1);
	case SYS_preadv:
	case SYS_pwritev:
		if (a4 < 0)
			return -EINVAL;
		return vector_io(n == SYS_pwritev, a1, (const struct iovec *)a2, a3, a4);
	case SYS_pread64:
		return iv_pread(a1, (void *)a2, a3, a4);
	case SYS_pwrite64:
		return iv_pwrite(a1, (const void *)a2, a3, a4);
	case SYS_lseek:
		return iv_lseek(a1, a2, a3);
	case SYS_close:
		return iv_close(a1);
	case SYS_ioctl:
		return do_ioctl(a1, a2, a3);
	case SYS_fcntl:
		return do_fcntl(a1, a2, a3);
	case SYS_dup:
		return iv_dup(a1, -1, 0);
	case SYS_dup2:
		if (a1 == a2) {
			long r = valid_fd(a1);
			return r ? r : a1;
		}
		return iv_dup(a1, a2, 0);
	case SYS_dup3:
		if (a1 == a2 || (a3 & ~O_CLOEXEC))
			return -EINVAL;
		return iv_dup(a1, a2, (a3 & O_CLOEXEC) ? IV_DUP_CLOEXEC : 0);
	case SYS_pipe:
		return iv_pipe((int *)a1, 0);
	case SYS_pipe2:
		return iv_pipe((int *)a1, a2);
	case SYS_fsync:
		return iv_fsync(a1, 0);
	case SYS_fdatasync:
		return iv_fsync(a1, 1);
	case SYS_ftruncate:
		return iv_ftruncate(a1, a2);
	case SYS_fadvise64:
	case SYS_flock:
		return valid_fd(a1); /* advice; one process holds every lock */
	case SYS_fallocate:
		return -EOPNOTSUPP;
	default:
		(void)a5;
		*handled = 0;
		return 0;
	}
}
