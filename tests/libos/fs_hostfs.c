/* Host kernel file systems and devices behind symlinks.  Run with a root
 * that holds the host's own /proc, /sys and /dev (`--root / --rw`, as
 * `run --root /` or binfmt's `./prog` started in `/` give): the synthetic
 * trees are chosen by a path's text, so a symlink a cVM makes to the real
 * ones must still lead nowhere (fs/fs.c host_kernel_file).  argv[1]:
 * prefix; argv[2]: a writable directory (a host path, here also the cVM's);
 * or with argv[3], only: open argv[3], a device node in the root (argv[4]:
 * the root is mounted nodev).
 * Before 2026-12-06 these opened the monitor's own /proc/self/mem. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "t.h"

static char p[4096];

static const char *at(const char *dir, const char *name)
{
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 99;
    t_prefix = argv[1];
    if (argc > 3 && !strcmp(argv[3], "semantics")) { /* open(2)'s answers in argv[2], a directory */
        const char *d = argv[2];
        char dir[512], file[512], path[600], link[512], tgt[512];
        snprintf(dir, sizeof dir, "%s/sdir", d);
        snprintf(file, sizeof file, "%s/sfile", d);
        snprintf(link, sizeof link, "%s/dangling", d);
        snprintf(tgt, sizeof tgt, "%s/target", d);
        T("sem-mkdir", mkdir(dir, 0755) == 0);
        int f = open(file, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        T("sem-create", f >= 0 && write(f, "abc", 3) == 3 && close(f) == 0);
        T("sem-creat-dir-eisdir", ERR(open(dir, O_RDONLY | O_CREAT, 0644), EISDIR));
        snprintf(path, sizeof path, "%s/", dir);
        T("sem-creat-dir-slash-eisdir", ERR(open(path, O_RDONLY | O_CREAT, 0644), EISDIR));
        snprintf(path, sizeof path, "%s/", file);
        T("sem-creat-file-slash-eisdir", ERR(open(path, O_RDONLY | O_CREAT, 0644), EISDIR));
        snprintf(path, sizeof path, "%s/missing/.", d);
        T("sem-creat-missing-dot-enoent", ERR(open(path, O_RDONLY | O_CREAT, 0644), ENOENT));
        T("sem-excl-eexist", ERR(open(file, O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST));
        f = open(file, O_RDWR | O_TRUNC);
        struct stat fst;
        T("sem-trunc", f >= 0 && fstat(f, &fst) == 0 && fst.st_size == 0 && close(f) == 0);
        T("sem-dangling-link", symlink("target", link) == 0);
        f = open(link, O_WRONLY | O_CREAT, 0600);
        T("sem-creat-through-dangling", f >= 0 && close(f) == 0 && stat(tgt, &fst) == 0 && S_ISREG(fst.st_mode));
        T("sem-nofollow-eloop", ERR(open(link, O_RDONLY | O_NOFOLLOW), ELOOP));
        f = open(d, O_TMPFILE | O_RDWR, 0600);
        T("sem-tmpfile", f >= 0 && write(f, "x", 1) == 1 && close(f) == 0);
        return t_fails;
    }
    if (argc > 3) { /* a device node in the root: refused, opened or not */
        T("device-node-refused", ERR(open(argv[3], O_RDWR | O_TRUNC), EACCES));
        struct stat ds;
        if (argc > 4) /* a nodev root: the kernel refuses the open; its metadata is the root's */
            T("device-node-stat-on-nodev", stat(argv[3], &ds) == 0 && S_ISCHR(ds.st_mode));
        else
            T("device-node-stat-refused", ERR(stat(argv[3], &ds), EACCES));
        return t_fails;
    }
    const char *d = argv[2];
    char pl[512], sl[512], dl[512], ml[512];
    snprintf(pl, sizeof pl, "%s/plink", d);
    snprintf(sl, sizeof sl, "%s/slink", d);
    snprintf(dl, sizeof dl, "%s/dlink", d);
    snprintf(ml, sizeof ml, "%s/memlink", d);
    T("symlink-proc", symlink("/proc", pl) == 0);
    T("symlink-sys", symlink("/sys", sl) == 0);
    T("symlink-dev", symlink("/dev", dl) == 0);
    T("symlink-self-mem", symlink("/proc/self/mem", ml) == 0);
    T("proc-self-mem-refused", ERR(open(at(pl, "self/mem"), O_RDWR), EACCES));
    T("proc-self-maps-refused", ERR(open(at(pl, "self/maps"), O_RDONLY), EACCES));
    T("proc-keys-refused", ERR(open(at(pl, "keys"), O_RDONLY), EACCES));
    T("proc-dir-refused", opendir(pl) == NULL && errno == EACCES);
    T("mem-link-refused", ERR(open(ml, O_RDONLY), EACCES));
    T("sys-refused", ERR(open(at(sl, "kernel/uevent_seqnum"), O_RDONLY), EACCES));
    T("host-dev-null-refused", ERR(open(at(dl, "null"), O_RDWR), EACCES));
    T("host-dev-pts-refused", opendir(at(dl, "pts")) == NULL && errno == EACCES);
    struct stat st;
    T("proc-stat-refused", ERR(stat(at(pl, "self/mem"), &st), EACCES));
    /* What the path's text names is still the synthetic tree. */
    int fd = open("/proc/self/maps", O_RDONLY);
    T("synthetic-proc-works", fd >= 0);
    if (fd >= 0)
        close(fd);
    fd = open("/dev/null", O_RDWR);
    T("synthetic-dev-null-works", fd >= 0 && write(fd, "x", 1) == 1);
    if (fd >= 0)
        close(fd);
    /* Ordinary files through a symlink still work. */
    char plain[512], plainlink[512];
    snprintf(plain, sizeof plain, "%s/plain", d);
    snprintf(plainlink, sizeof plainlink, "%s/plainlink", d);
    int w = open(plain, O_CREAT | O_WRONLY, 0600);
    T("plain-file-works", w >= 0 && write(w, "ok", 2) == 2 && close(w) == 0 && symlink(plain, plainlink) == 0);
    fd = open(plainlink, O_RDONLY);
    char b[4] = "";
    T("plain-through-symlink-works", fd >= 0 && read(fd, b, 2) == 2 && b[0] == 'o');
    return t_fails;
}
