/* Path-escape attempts from inside a writable root.  argv[1]: prefix;
 * argv[2]: the host directory that holds the root and a file "secret"
 * outside it (tests/groups/45-libos-fs.sh sets up the symlinks used here).
 * Every attempt must fail with ENOENT or land inside the root. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "t.h"

static char p[4096];
static const char *host;

static const char *H(const char *pre, const char *post)
{
    snprintf(p, sizeof p, "%s%s%s", pre, host, post);
    return p;
}

static int listed(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    if (!d)
        return 0;
    while ((e = readdir(d)))
        found |= !strcmp(e->d_name, name);
    closedir(d);
    return found;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 99;
    t_prefix = argv[1];
    host = argv[2];
    char buf[256];
    struct stat a, b;
    T("dotdot-etc-passwd", ERR(open("../../etc/passwd", O_RDONLY), ENOENT));
    T("abs-dotdot-etc-passwd", ERR(open("/../../../../etc/passwd", O_RDONLY), ENOENT));
    T("abs-etc-passwd", ERR(open("/etc/passwd", O_RDONLY), ENOENT));
    T("host-path-secret", ERR(open(H("", "/secret"), O_RDONLY), ENOENT));
    T("dotdot-secret", ERR(open("/../secret", O_RDONLY), ENOENT));
    T("abs-symlink-to-slash", ERR(open(H("/abs", "/secret"), O_RDONLY), ENOENT));
    T("abs-symlink-lists-root", listed("/abs", "in.txt") && listed("/abs/", "sub"));
    T("abs-symlink-to-etc", ERR(open("/abs_etc/passwd", O_RDONLY), ENOENT));
    T("rel-symlink-climbing", ERR(open("/rel/etc/passwd", O_RDONLY), ENOENT) &&
                                  ERR(open(H("/rel", "/secret"), O_RDONLY), ENOENT));
    T("rel-symlink-in-subdir", ERR(open("/sub/up/secret", O_RDONLY), ENOENT) && listed("/sub/up", "in.txt"));
    T("proc-self-root", ERR(open("/proc/self/root/etc/passwd", O_RDONLY), ENOENT));
    T("symlink-to-proc-self-root", ERR(open("/procroot/etc/passwd", O_RDONLY), ENOENT));
    T("stat-dotdot-is-root", stat("/..", &a) == 0 && stat("/", &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    T("chdir-up-stays", chdir("/sub") == 0 && chdir("../../..") == 0 && getcwd(buf, sizeof buf) && !strcmp(buf, "/"));
    T("relative-after-chdir-up", ERR(open("etc/passwd", O_RDONLY), ENOENT) && open("in.txt", O_RDONLY) >= 0);
    int d = open("/sub", O_RDONLY | O_DIRECTORY);
    T("dirfd-dotdot", d >= 0 && ERR(openat(d, "../../secret", O_RDONLY), ENOENT) && faccessat(d, "../in.txt", R_OK, 0) == 0);
    T("own-symlink-absolute", symlink("/etc/passwd", "/mine") == 0 && ERR(open("/mine", O_RDONLY), ENOENT));
    T("own-symlink-relative", symlink(H("../../../../../../../../..", "/secret"), "/mine2") == 0 &&
                                  ERR(open("/mine2", O_RDONLY), ENOENT));
    T("own-symlink-create-through", ERR(open("/mine", O_CREAT | O_WRONLY, 0644), ENOENT));
    T("link-from-outside", ERR(link(H("", "/secret"), "/stolen"), ENOENT) && ERR(link("/../secret", "/stolen"), ENOENT));
    T("link-follow-symlink-stays", linkat(AT_FDCWD, "/abs/in.txt", AT_FDCWD, "/hl", AT_SYMLINK_FOLLOW) == 0 &&
                                       stat("/hl", &a) == 0 && stat("/in.txt", &b) == 0 && a.st_ino == b.st_ino);
    int fd = open("/in.txt", O_WRONLY | O_APPEND);
    T("write-through-hardlinked-file", fd >= 0 && write(fd, "X", 1) == 1);
    close(fd);
    /* creations that name ".." land inside the root (the script checks the host) */
    fd = open("/../../written", O_CREAT | O_WRONLY, 0644);
    T("create-dotdot-lands-inside", fd >= 0 && stat("/written", &a) == 0);
    close(fd);
    T("mkdir-dotdot-lands-inside", mkdir("../../mkd", 0755) == 0 && stat("/mkd", &a) == 0);
    T("rename-dotdot-lands-inside", rename("/written", "/../../escaped") == 0 && stat("/escaped", &a) == 0);
    T("rename-through-abs-symlink", rename("/escaped", H("/abs", "/escaped2")) == -1);
    T("unlink-outside", ERR(unlink(H("", "/secret")), ENOENT) && ERR(unlink("/../secret"), ENOENT));
    T("readlink-is-just-text", readlink("/abs", buf, sizeof buf) == 1 && buf[0] == '/');
    T("rmdir-dotdot", rmdir("/..") == -1 && rmdir("..") == -1);
    return t_fails;
}
