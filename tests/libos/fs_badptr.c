/* Every pointer argument of the file hostcalls, called raw (<intravisor.h>),
 * with bad pointers: NULL, the low guard, the read-only runtime table (for
 * buffers the monitor writes), a monitor trampoline address, a kernel
 * address, a path running into an unmapped page, an unterminated 8 KiB
 * path.  Each must answer -EFAULT / -ENAMETOOLONG, never crash the
 * monitor.  Needs a writable root with a file /f and a symlink /l. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <intravisor.h>
#include "t.h"

int main(int argc, char **argv)
{
    if (argc > 1)
        t_prefix = argv[1];
    uintptr_t base = (uintptr_t)&t_fails & ~(((uintptr_t)1 << 32) - 1);
    uintptr_t mon = *(volatile uintptr_t *)(base + 0x10000); /* a trampoline, outside the region */
    /* a page followed by an unmapped one: a path that runs off its end */
    char *big = malloc(8192); /* first: it must not land in pg's hole */
    memset(big, 'b', 8192);
    char *pg = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(pg + 4096, 4096);
    memset(pg, 'a', 4096);
    const struct { const char *n; uintptr_t p; int w; } bad[] = {
        {"null", 0, 0}, {"guard", base + 8, 0}, {"rt-table", base + 0x10000, 1},
        {"monitor", mon, 0}, {"kernel", 0xffffffff81000000ull, 0},
        /* a region offset is not an address, except in the low region
         * (base 0, monitor/core/arena.c): there, the next region's */
        {"offset-only", base ? 0x200000 : ((uintptr_t)1 << 32) + 0x200000, 0},
    };
    char name[64];
    struct stat st;
    char buf[64];
    int fd = open("/f", O_RDWR);
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        void *p = (void *)bad[i].p;
#define B(what, call, want)                                   \
    do {                                                      \
        snprintf(name, sizeof name, "%s-%s", what, bad[i].n); \
        T(name, (call) == (want));                            \
    } while (0)
        /* The runtime table is readable: as a path it is just odd bytes
         * (resolved inside the root like any), so only output buffers are
         * tried there.  A NULL path means "dirfd itself" for fstatat and
         * chdir: EBADF with AT_FDCWD. */
        if (!bad[i].w) {
            B("openat-path", iv_openat(AT_FDCWD, p, O_RDONLY, 0), -EFAULT);
            B("fstatat-path", iv_fstatat(AT_FDCWD, p, &st, 0), p ? -EFAULT : -EBADF);
            B("mkdirat-path", iv_mkdirat(AT_FDCWD, p, 0755), -EFAULT);
            B("unlinkat-path", iv_unlinkat(AT_FDCWD, p, 0), -EFAULT);
            B("renameat-old", iv_renameat(AT_FDCWD, p, AT_FDCWD, "/x", 0), -EFAULT);
            B("renameat-new", iv_renameat(AT_FDCWD, "/f", AT_FDCWD, p, 0), -EFAULT);
            B("symlinkat-target", iv_symlinkat(p, AT_FDCWD, "/s"), -EFAULT);
            B("utimensat-times", iv_utimensat(AT_FDCWD, "/f", p, 0), p ? -EFAULT : 0);
            B("chdir-path", iv_chdir(AT_FDCWD, p), p ? -EFAULT : -EBADF);
            B("faccessat-path", iv_faccessat(AT_FDCWD, p, R_OK, 0), -EFAULT);
            B("linkat-new", iv_linkat(AT_FDCWD, "/f", AT_FDCWD, p, 0), -EFAULT);
        }
        B("fstatat-buf", iv_fstatat(AT_FDCWD, "/f", p, 0), -EFAULT);
        B("fstat-buf", iv_fstatat(fd, 0, p, 0), -EFAULT);
        B("pread-buf", iv_pread(fd, p, 4, 0), -EFAULT);
        B("getdents-buf", iv_getdents(open("/", O_RDONLY | O_DIRECTORY), p, 4096), -EFAULT);
        B("readlinkat-buf", iv_readlinkat(AT_FDCWD, "/l", p, 64), -EFAULT);
        B("pipe-fds", iv_pipe(p, 0), -EFAULT);
        B("poll-fds", iv_poll(p, 1, 0), -EFAULT);
        B("getcwd-buf", iv_getcwd(p, 64), -EFAULT);
        if (bad[i].w) /* readable but not writable: fine for input buffers */
            B("pwrite-readonly-ok", iv_pwrite(fd, p, 4, 0), 4);
        else
            B("pwrite-buf", iv_pwrite(fd, p, 4, 0), -EFAULT);
    }
    T("path-runs-into-unmapped", iv_openat(AT_FDCWD, pg + 100, O_RDONLY, 0) == -EFAULT);
    T("path-4096-bytes-no-nul", iv_openat(AT_FDCWD, pg, O_RDONLY, 0) == -ENAMETOOLONG);
    T("path-unterminated-8k", iv_openat(AT_FDCWD, big, O_RDONLY, 0) == -ENAMETOOLONG);
    big[4095] = 0;
    T("path-4096-with-nul", iv_openat(AT_FDCWD, big, O_RDONLY, 0) == -ENAMETOOLONG);
    T("path-4095-with-nul-ok-length", iv_openat(AT_FDCWD, big + 1, O_RDONLY, 0) == -ENAMETOOLONG ||
                                      iv_openat(AT_FDCWD, big + 1, O_RDONLY, 0) == -ENOENT);
    T("bad-open-flags", iv_openat(AT_FDCWD, "/f", 0x40000000, 0) == -EINVAL);
    T("bad-fd-huge", iv_pread(1 << 30, buf, 1, 0) == -EBADF && iv_close(-1) == -EBADF);
    T("poll-too-many", iv_poll((struct pollfd *)buf, 100000, 0) == -EINVAL);
    T("dup-bad-flags", iv_dup(fd, 5, 0x1234) == -EINVAL);
    T("fcntl-unknown", iv_fcntl(fd, 12345, 0) == -EINVAL);
    T("lseek-bad-whence", iv_lseek(fd, 0, 99) == -EINVAL);
    T("readlinkat-zero-len", iv_readlinkat(AT_FDCWD, "/l", buf, 0) == -EINVAL);
    T("unlinkat-bad-flags", iv_unlinkat(AT_FDCWD, "/f", 0x4000) == -EINVAL);
    return t_fails;
}
