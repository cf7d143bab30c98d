/* A read-only root (no --rw): every call that would change the tree or a
 * file answers EROFS; reading works.  argv[1]: prefix; argv[2]: "ro" or
 * "noroot" (no --root: every path is ENOENT). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "t.h"

static int noroot(void)
{
    struct stat st;
    char buf[64];
    T("open-enoent", ERR(open("/in.txt", O_RDONLY), ENOENT));
    T("stat-enoent", ERR(stat("/", &st), ENOENT));
    T("opendir-enoent", opendir("/") == NULL && errno == ENOENT);
    T("mkdir-enoent", ERR(mkdir("/d", 0755), ENOENT));
    T("getcwd-fails", getcwd(buf, sizeof buf) == NULL);
    T("fopen-enoent", fopen("/x", "w") == NULL && errno == ENOENT);
    int p[2];
    T("pipe-without-root", pipe(p) == 0 && write(p[1], "x", 1) == 1 && read(p[0], buf, 1) == 1);
    T("stdout-fstat", fstat(1, &st) == 0);
    return t_fails;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 99;
    t_prefix = argv[1];
    if (!strcmp(argv[2], "noroot"))
        return noroot();
    char buf[64];
    struct stat st;
    int fd = open("/in.txt", O_RDONLY);
    T("read-works", fd >= 0 && read(fd, buf, 6) == 6 && !memcmp(buf, "INSIDE", 6));
    T("stat-works", stat("/in.txt", &st) == 0 && st.st_size >= 6);
    T("opendir-works", opendir("/") != NULL);
    T("open-wronly", ERR(open("/in.txt", O_WRONLY), EROFS));
    T("open-rdwr", ERR(open("/in.txt", O_RDWR), EROFS));
    T("open-creat", ERR(open("/new", O_CREAT | O_RDONLY, 0644), EROFS));
    T("open-trunc", ERR(open("/in.txt", O_RDONLY | O_TRUNC), EROFS));
    T("creat", ERR(creat("/new", 0644), EROFS));
    T("fopen-w", fopen("/new", "w") == NULL && errno == EROFS);
    T("fopen-a", fopen("/in.txt", "a") == NULL && errno == EROFS);
    T("mkdir", ERR(mkdir("/d", 0755), EROFS));
    T("rmdir", ERR(rmdir("/sub"), EROFS));
    T("unlink", ERR(unlink("/in.txt"), EROFS));
    T("rename", ERR(rename("/in.txt", "/moved"), EROFS));
    T("symlink", ERR(symlink("in.txt", "/l"), EROFS));
    T("link", ERR(link("/in.txt", "/l"), EROFS));
    T("truncate", ERR(truncate("/in.txt", 0), EROFS));
    T("ftruncate", ERR(ftruncate(fd, 0), EROFS));
    T("write-readonly-fd", ERR(write(fd, "x", 1), EBADF));
    T("utimensat", ERR(utimensat(AT_FDCWD, "/in.txt", NULL, 0), EROFS));
    T("futimens", ERR(futimens(fd, NULL), EROFS));
    T("chmod", ERR(chmod("/in.txt", 0600), EROFS));
    T("fchmod", ERR(fchmod(fd, 0600), EROFS));
    T("access-w", ERR(access("/in.txt", W_OK), EROFS));
    T("access-r", access("/in.txt", R_OK) == 0);
    T("pipes-still-work", ({ int p[2]; pipe(p) == 0 && write(p[1], "y", 1) == 1; }));
    close(fd);
    /* a private file mapping is charged to the budget (--mem 16M here) */
    fd = open("/big", O_RDONLY);
    void *m = mmap(0, 64 << 20, PROT_READ, MAP_PRIVATE, fd, 0);
    T("mmap-file-enomem-budget", m == MAP_FAILED && errno == ENOMEM);
    m = mmap(0, 1 << 20, PROT_READ, MAP_PRIVATE, fd, 0);
    T("mmap-file-within-budget", m != MAP_FAILED && ((char *)m)[4095] == 0);
    char *big = malloc(32 << 20);
    T("malloc-enomem-budget", big == NULL && errno == ENOMEM);
    return t_fails;
}
