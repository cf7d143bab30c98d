/* File-system unit tests in a writable root (intravisor run --root R --rw):
 * descriptors, paths, directories, stdio, error paths.  argv[1]: prefix for
 * the PASS/FAIL names. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "t.h"

#define BAD ((void *)8) /* below the region's low guard end: never mapped */

static int has_entry(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)))
        found |= !strcmp(e->d_name, name);
    closedir(d);
    return found;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        t_prefix = argv[1];
    char buf[256];
    struct stat st;

    /* --- descriptors --- */
    int fd = open("/f1", O_CREAT | O_RDWR | O_TRUNC, 0644);
    T("open-create", fd >= 3);
    T("write", write(fd, "hello world\n", 12) == 12);
    T("lseek-set", lseek(fd, 0, SEEK_SET) == 0);
    T("read-back", read(fd, buf, sizeof buf) == 12 && !memcmp(buf, "hello world\n", 12));
    T("read-eof", read(fd, buf, sizeof buf) == 0);
    T("lseek-end", lseek(fd, 0, SEEK_END) == 12);
    T("pwrite", pwrite(fd, "HELLO", 5, 0) == 5);
    T("pread", pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "HELLO", 5));
    T("pread-keeps-offset", lseek(fd, 0, SEEK_CUR) == 12);
    struct iovec iov[2] = {{"ab", 2}, {"cd", 2}};
    T("writev", writev(fd, iov, 2) == 4);
    char v1[2], v2[3];
    struct iovec riov[2] = {{v1, 2}, {v2, 3}};
    T("preadv", preadv(fd, riov, 2, 6) == 5 && !memcmp(v1, "wo", 2) && !memcmp(v2, "rld", 3));
    T("pwritev", pwritev(fd, iov, 2, 100) == 4 && pread(fd, v2, 3, 101) == 3 && !memcmp(v2, "bcd", 3) &&
                     ftruncate(fd, 16) == 0);
    T("fstat-size", fstat(fd, &st) == 0 && st.st_size == 16 && S_ISREG(st.st_mode));
    T("ftruncate", ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3);
    T("fsync", fsync(fd) == 0 && fdatasync(fd) == 0);
    T("read-efault", ERR(read(fd, BAD, 4), EFAULT) || (lseek(fd, 0, SEEK_SET) == 0 && ERR(read(fd, BAD, 4), EFAULT)));
    T("write-efault", ERR(write(fd, BAD, 4), EFAULT));
    T("pread-efault", ERR(pread(fd, BAD, 3, 0), EFAULT));
    /* musl copies struct stat itself: the raw call reaches the monitor */
    T("fstat-efault", ERR(syscall(SYS_fstat, fd, BAD), EFAULT));
    T("stat-efault", ERR(syscall(SYS_stat, "/f1", BAD), EFAULT));
    T("open-path-efault", ERR(open(BAD, O_RDONLY), EFAULT));
    T("close", close(fd) == 0);
    T("read-ebadf", ERR(read(fd, buf, 1), EBADF));
    T("close-ebadf", ERR(close(fd), EBADF));
    T("fstat-ebadf", ERR(fstat(999, &st), EBADF));
    /* A new descriptor is the lowest free one (POSIX), whatever was
     * opened, closed or dup2'd before. */
    int fds[8];
    for (int i = 0; i < 8; i++)
        fds[i] = open("/f1", O_RDONLY);
    close(fds[5]);
    close(fds[2]);
    int a = open("/f1", O_RDONLY), b = open("/f1", O_RDONLY), c = open("/f1", O_RDONLY);
    T("lowest-fd-refills-holes", a == fds[2] && b == fds[5] && c == fds[7] + 1);
    T("lowest-fd-dup2-above", dup2(a, c + 3) == c + 3 && close(b) == 0 && open("/f1", O_RDONLY) == b &&
                                  open("/f1", O_RDONLY) == c + 1 && open("/f1", O_RDONLY) == c + 2 &&
                                  open("/f1", O_RDONLY) == c + 4);
    T("lowest-fd-fdupfd-min", fcntl(a, F_DUPFD, fds[1]) == c + 5 && close(fds[0]) == 0 &&
                                  fcntl(a, F_DUPFD, 0) == fds[0] && fcntl(a, F_DUPFD, fds[3]) == c + 6);
    for (int i = 0; i <= c + 6; i++)
        if (i > 2)
            close(i);
    T("lowest-fd-after-closing", open("/f1", O_RDONLY) == 3 && close(3) == 0);
    /* fstatat(fd, "", AT_EMPTY_PATH) as a raw call (what statx users make):
     * the file itself, or the working directory for AT_FDCWD. */
    struct stat st2;
    fd = open("/f1", O_RDONLY);
    T("fstatat-empty-path", syscall(SYS_newfstatat, fd, "", &st2, AT_EMPTY_PATH) == 0 && fstat(fd, &st) == 0 &&
                                st2.st_ino == st.st_ino && st2.st_size == st.st_size);
    T("fstatat-empty-path-cwd", syscall(SYS_newfstatat, AT_FDCWD, "", &st2, AT_EMPTY_PATH) == 0 && S_ISDIR(st2.st_mode));
    T("fstatat-empty-path-ebadf", ERR(syscall(SYS_newfstatat, 999, "", &st2, AT_EMPTY_PATH), EBADF));
    T("fstatat-empty-no-flag-enoent", ERR(syscall(SYS_newfstatat, fd, "", &st2, 0), ENOENT));
    close(fd);
    T("read-ebadf-huge", ERR(read(1 << 20, buf, 1), EBADF));

    /* --- paths and errors --- */
    T("open-enoent", ERR(open("/nope", O_RDONLY), ENOENT));
    T("stat-enoent", ERR(stat("/nope/deeper", &st), ENOENT));
    T("open-excl-eexist", ERR(open("/f1", O_CREAT | O_EXCL | O_WRONLY, 0600), EEXIST));
    T("open-dir-write-eisdir", ERR(open("/", O_WRONLY), EISDIR));
    T("open-notdir", ERR(open("/f1/x", O_RDONLY), ENOTDIR));
    char *longp = malloc(5000);
    memset(longp, 'a', 4999);
    longp[0] = '/';
    longp[4999] = 0;
    T("open-enametoolong", ERR(open(longp, O_RDONLY), ENAMETOOLONG));
    T("stat-enametoolong", ERR(stat(longp, &st), ENAMETOOLONG));
    free(longp);
    T("stat-file", stat("/f1", &st) == 0 && st.st_size == 3);
    T("access-ok", access("/f1", R_OK | W_OK) == 0);
    T("access-enoent", ERR(access("/nope", F_OK), ENOENT));
    mode_t old = umask(077);
    fd = open("/f2", O_CREAT | O_WRONLY, 0666);
    T("umask-applies", fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600);
    close(fd);
    T("umask-returns-old", umask(old) == 077);

    /* --- directories --- */
    T("mkdir", mkdir("/d", 0755) == 0);
    T("mkdir-eexist", ERR(mkdir("/d", 0755), EEXIST));
    T("mkdir-enoent", ERR(mkdir("/nope/d", 0755), ENOENT));
    T("stat-dir", stat("/d", &st) == 0 && S_ISDIR(st.st_mode));
    fd = open("/d/in", O_CREAT | O_WRONLY, 0644);
    close(fd);
    T("readdir-lists", has_entry("/d", "in") == 1 && has_entry("/d", ".") == 1 && has_entry("/", "d") == 1);
    T("rmdir-enotempty", ERR(rmdir("/d"), ENOTEMPTY));
    T("rename", rename("/d/in", "/d/out") == 0 && has_entry("/d", "out") == 1 && has_entry("/d", "in") == 0);
    T("rename-enoent", ERR(rename("/d/in", "/d/x"), ENOENT));
    T("unlink", unlink("/d/out") == 0 && has_entry("/d", "out") == 0);
    T("unlink-enoent", ERR(unlink("/d/out"), ENOENT));
    T("unlink-dir-eisdir", ERR(unlink("/d"), EISDIR));
    T("rmdir", rmdir("/d") == 0 && ERR(stat("/d", &st), ENOENT));
    T("rmdir-root-busy", rmdir("/") == -1);
    T("remove-file", remove("/f2") == 0);

    /* --- working directory --- */
    T("getcwd-root", getcwd(buf, sizeof buf) && !strcmp(buf, "/"));
    T("getcwd-erange", !getcwd(buf, 1) && errno == ERANGE);
    mkdir("/w", 0755);
    mkdir("/w/x", 0755);
    T("chdir", chdir("/w") == 0 && getcwd(buf, sizeof buf) && !strcmp(buf, "/w"));
    fd = open("rel", O_CREAT | O_WRONLY, 0644);
    T("relative-create", fd >= 0 && stat("/w/rel", &st) == 0);
    close(fd);
    T("chdir-relative", chdir("x") == 0 && getcwd(buf, sizeof buf) && !strcmp(buf, "/w/x"));
    T("dotdot-relative", stat("../rel", &st) == 0);
    T("chdir-enotdir", ERR(chdir("/f1"), ENOTDIR));
    int dfd = open("/w", O_RDONLY | O_DIRECTORY);
    T("openat-dirfd", dfd >= 0 && faccessat(dfd, "rel", F_OK, 0) == 0 && fstatat(dfd, "x", &st, 0) == 0);
    T("openat-dirfd-ebadf", ERR(openat(777, "rel", O_RDONLY), EBADF));
    T("fchdir", fchdir(dfd) == 0 && getcwd(buf, sizeof buf) && !strcmp(buf, "/w"));
    T("mkdirat-unlinkat", mkdirat(dfd, "y", 0700) == 0 && unlinkat(dfd, "y", AT_REMOVEDIR) == 0);
    close(dfd);
    /* The monitor remembers where the working directory is: a rename of
     * it (or of a parent) and its removal must be seen, as Linux sees them. */
    chdir("/w");
    stat("rel", &st); /* a relative path: the place is now remembered */
    T("rename-cwd-follows", rename("/w", "/w2") == 0 && getcwd(buf, sizeof buf) && !strcmp(buf, "/w2") &&
                                stat("rel", &st) == 0 && stat("x", &st) == 0);
    T("rename-cwd-parent-follows", chdir("x") == 0 && stat(".", &st) == 0 && rename("/w2", "/w3") == 0 && getcwd(buf, sizeof buf) &&
                                       !strcmp(buf, "/w3/x") && stat("../rel", &st) == 0);
    T("rename-cwd-back", rename("/w3", "/w") == 0 && stat("../rel", &st) == 0 && chdir("/w") == 0);
    mkdir("/z", 0755);
    chdir("/z");
    stat(".", &st);
    rmdir("/z");
    mkdir("/z", 0755); /* a new directory of the same name is not the working directory */
    T("rmdir-cwd-gone", ERR(open("q", O_CREAT | O_WRONLY, 0644), ENOENT) && ERR(stat("/z/q", &st), ENOENT));
    /* The same for a directory descriptor (the monitor remembers its place
     * too): renamed, it is followed; removed, nothing appears in a new
     * directory of its old name. */
    dfd = open("/w", O_RDONLY | O_DIRECTORY);
    T("dirfd-rename-follows", dfd >= 0 && faccessat(dfd, "rel", F_OK, 0) == 0 && rename("/w", "/w4") == 0 &&
                                  faccessat(dfd, "rel", F_OK, 0) == 0 && rename("/w4", "/w") == 0 &&
                                  faccessat(dfd, "x", F_OK, 0) == 0);
    close(dfd);
    mkdir("/z2", 0755);
    dfd = open("/z2", O_RDONLY | O_DIRECTORY);
    fstatat(dfd, ".", &st, 0);
    rmdir("/z2");
    mkdir("/z2", 0755);
    T("dirfd-rmdir-gone", dfd >= 0 && ERR(openat(dfd, "q", O_CREAT | O_WRONLY, 0644), ENOENT) &&
                              ERR(stat("/z2/q", &st), ENOENT));
    close(dfd);
    rmdir("/z2");
    chdir("/");
    T("chdir-after-rmdir", getcwd(buf, sizeof buf) && !strcmp(buf, "/") && stat("w/rel", &st) == 0);
    rmdir("/z");

    /* --- links --- */
    T("symlink", symlink("f1", "/l1") == 0);
    ssize_t n = readlink("/l1", buf, sizeof buf);
    T("readlink", n == 2 && !memcmp(buf, "f1", 2));
    T("readlink-notlink", ERR(readlink("/f1", buf, sizeof buf), EINVAL));
    T("stat-follows", stat("/l1", &st) == 0 && S_ISREG(st.st_mode));
    T("lstat-nofollow", lstat("/l1", &st) == 0 && S_ISLNK(st.st_mode));
    T("link", link("/f1", "/h1") == 0 && stat("/h1", &st) == 0 && st.st_nlink == 2);
    T("open-nofollow-eloop", ERR(open("/l1", O_RDONLY | O_NOFOLLOW), ELOOP));
    struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}};
    T("utimensat", utimensat(AT_FDCWD, "/f1", ts, 0) == 0 && stat("/f1", &st) == 0 && st.st_mtime == 1000000000);
    T("chmod", chmod("/f1", 0640) == 0 && stat("/f1", &st) == 0 && (st.st_mode & 0777) == 0640);
    T("truncate", truncate("/h1", 1) == 0 && stat("/f1", &st) == 0 && st.st_size == 1);
    unsigned char sx[256]; /* struct statx: mode u16 at 28, size u64 at 40 (musl 1.2.3 has no statx()) */
    unsigned short sxmode;
    unsigned long long sxsize;
    long sr = syscall(SYS_statx, AT_FDCWD, "/f1", 0, 0x7ff, sx);
    memcpy(&sxmode, sx + 28, 2), memcpy(&sxsize, sx + 40, 8);
    T("statx", sr == 0 && sxsize == 1 && S_ISREG(sxmode));

    /* --- dup, fcntl --- */
    fd = open("/f1", O_RDWR);
    int d2 = dup(fd);
    T("dup", d2 > fd && lseek(fd, 1, SEEK_SET) == 1 && lseek(d2, 0, SEEK_CUR) == 1);
    T("dup2", dup2(fd, 50) == 50 && fcntl(50, F_GETFD) == 0);
    T("dup2-same", dup2(fd, fd) == fd);
    T("dup3-cloexec", dup3(fd, 51, O_CLOEXEC) == 51 && fcntl(51, F_GETFD) == FD_CLOEXEC);
    T("f-dupfd", fcntl(fd, F_DUPFD, 100) == 100);
    T("f-getfl", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    T("f-setfl-append", fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(fd, F_GETFL) & O_APPEND));
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    T("f-setlk", fcntl(fd, F_SETLK, &fl) == 0);
    T("f-getlk", fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK);
    T("dup-ebadf", ERR(dup(888), EBADF));
    close(50), close(51), close(100), close(d2);
    T("isatty-file", !isatty(fd) && errno == ENOTTY);
    close(fd);

    /* --- stdio --- */
    FILE *f = fopen("/s.txt", "w+");
    T("fopen", f != NULL);
    T("fprintf", fprintf(f, "line %d\nsecond\n", 1) == 14);
    T("fseek-rewind", fseek(f, 0, SEEK_SET) == 0);
    T("fgets", fgets(buf, sizeof buf, f) && !strcmp(buf, "line 1\n"));
    T("ftell", ftell(f) == 7);
    T("fgets-2", fgets(buf, sizeof buf, f) && !strcmp(buf, "second\n") && !fgets(buf, sizeof buf, f) && feof(f));
    T("fclose", fclose(f) == 0);
    f = fopen("/s.txt", "a");
    fputs("third\n", f);
    fclose(f);
    f = fopen("/s.txt", "r");
    int lines = 0;
    while (fgets(buf, sizeof buf, f))
        lines++;
    fclose(f);
    T("fopen-append", lines == 3);
    T("fopen-enoent", fopen("/none/x", "r") == NULL && errno == ENOENT);

    /* --- file mappings --- */
    fd = open("/s.txt", O_RDONLY);
    char *m = mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
    T("mmap-private-read", m != MAP_FAILED && !memcmp(m, "line 1\n", 7) && m[21] == 0);
    munmap(m, 4096);
    m = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    T("mmap-private-write", m != MAP_FAILED && (m[0] = 'X') == 'X' && pread(fd, buf, 1, 0) == 1 && buf[0] == 'l');
    T("mmap-shared-enodev", mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED && errno == ENODEV);
    T("mmap-exec-refused", mmap(0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0) == MAP_FAILED);
    T("mmap-ebadf", mmap(0, 4096, PROT_READ, MAP_PRIVATE, 999, 0) == MAP_FAILED && errno == EBADF);
    close(fd);

    /* --- fd limit --- */
    int last = -1, count = 0, e = 0;
    for (;;) {
        int k = open("/f1", O_RDONLY);
        e = errno;
        if (k < 0)
            break;
        last = k;
        count++;
    }
    T("emfile", e == EMFILE && last == 1023 && count > 1000);
    for (int k = 3; k <= last; k++)
        close(k);
    T("fd-reuse-after-close", (fd = open("/f1", O_RDONLY)) == 3);
    close(fd);
    return t_fails;
}
