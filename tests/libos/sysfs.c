/* The synthetic /dev and /proc and the machine view (tests/groups/47-sysfs.sh).
 *   sysfs native PREFIX            the checks that must hold on Linux too
 *                                  (built with gcc, run on the host)
 *   sysfs cvm PREFIX MEM_KB CPUS HOSTNAME [hold|peer]
 *                                  everything, in a cVM whose root holds its
 *                                  own dev/ and proc/ (fake files); `hold`:
 *                                  keep 20 more descriptors open for a while,
 *                                  `peer`: look meanwhile (a neighbour that
 *                                  must see none of them)
 *   sysfs noroot PREFIX            a cVM without a root still has them */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "t.h"

static char buf[1 << 16];
static void *volatile bad = (void *)8; /* never mapped */

/* Whole contents of a file into buf; length or -1. */
static long slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    long n = 0, k;
    while ((k = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
        n += k;
    close(fd);
    buf[n] = 0;
    return k < 0 ? -1 : n;
}

/* The number after "KEY:" in buf (a /proc text), or -1. */
static long field(const char *key)
{
    char *p = strstr(buf, key);
    return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static int is_chr(const char *path, int maj, int min)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == (unsigned)maj &&
           minor(st.st_rdev) == (unsigned)min && (st.st_mode & 0777) == 0666;
}

/* The names in a directory, space-separated, into out. */
static int list(const char *path, char *out, size_t cap)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    out[0] = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strlen(out) + strlen(e->d_name) + 2 < cap) {
            strcat(out, " ");
            strcat(out, e->d_name);
        }
    closedir(d);
    strcat(out, " ");
    return 0;
}

/* Everything that behaves the same on Linux. */
static void common(void)
{
    char b[64];
    int fd = open("/dev/null", O_RDWR);
    T("null-open", fd >= 0);
    T("null-write-swallows", write(fd, "abc", 3) == 3);
    T("null-read-eof", read(fd, b, sizeof b) == 0);
    T("null-lseek", lseek(fd, 100, SEEK_SET) == 0);
    struct pollfd p = {fd, POLLIN | POLLOUT, 0};
    T("null-poll", poll(&p, 1, 0) == 1 && p.revents == (POLLIN | POLLOUT));
    struct termios tio;
    T("null-ioctl-notty", ioctl(fd, TCGETS, &tio) == -1 && errno == ENOTTY && !isatty(fd));
    close(fd);
    T("null-stat", is_chr("/dev/null", 1, 3));
    T("zero-stat", is_chr("/dev/zero", 1, 5));
    T("full-stat", is_chr("/dev/full", 1, 7));
    T("random-stat", is_chr("/dev/random", 1, 8));
    T("urandom-stat", is_chr("/dev/urandom", 1, 9));

    fd = open("/dev/zero", O_RDONLY);
    memset(b, 1, sizeof b);
    long n = read(fd, b, sizeof b);
    int zeros = 1;
    for (int i = 0; i < (int)sizeof b; i++)
        zeros &= b[i] == 0;
    T("zero-reads-zeros", n == (long)sizeof b && zeros);
    close(fd);

    fd = open("/dev/full", O_RDWR);
    T("full-write-enospc", ERR(write(fd, "x", 1), ENOSPC));
    memset(b, 1, sizeof b);
    T("full-reads-zeros", read(fd, b, 8) == 8 && b[0] == 0 && b[7] == 0);
    close(fd);

    char r1[32], r2[32];
    fd = open("/dev/urandom", O_RDONLY);
    T("urandom-not-constant", read(fd, r1, 32) == 32 && read(fd, r2, 32) == 32 && memcmp(r1, r2, 32));
    close(fd);
    fd = open("/dev/random", O_RDONLY);
    T("random-reads", read(fd, r1, 16) == 16);
    close(fd);

    /* Names as a program writes them. */
    T("path-dotdot", (fd = open("/dev/../dev/null", O_WRONLY)) >= 0 && write(fd, "x", 1) == 1 && !close(fd));
    T("path-slashes", (fd = open("//dev//./zero", O_RDONLY)) >= 0 && !close(fd));
    T("path-proc-slashes", (fd = open("//proc/self/status", O_RDONLY)) >= 0 && !close(fd));
    /* Names that are normal already (the monitor then skips rewriting
     * them) next to ones that only look so. */
    T("path-trailing-slash", (fd = open("/dev/", O_RDONLY | O_DIRECTORY)) >= 0 && !close(fd));
    T("path-dot-last", (fd = open("/dev/.", O_RDONLY | O_DIRECTORY)) >= 0 && !close(fd));
    T("path-dotdot-last", (fd = open("/proc/self/..", O_RDONLY | O_DIRECTORY)) >= 0 && !close(fd));
    T("path-dotdot-between", (fd = open("/dev/..//proc/self/status", O_RDONLY)) >= 0 && !close(fd));
    T("path-dot-name", ERR(open("/dev/.null", O_RDONLY), ENOENT) && ERR(open("/dev/..null", O_RDONLY), ENOENT));
    T("path-tree-name-prefix", ERR(open("/devnull", O_RDONLY), ENOENT) && ERR(open("/dev.", O_RDONLY), ENOENT));
    T("enoent", ERR(open("/dev/no-such-device", O_RDONLY), ENOENT));
    T("enotdir", ERR(open("/dev/null/x", O_RDONLY), ENOTDIR));

    /* /dev/stdin... and /dev/fd name the program's own descriptors. */
    char l[256];
    n = readlink("/dev/stdin", l, sizeof l);
    T("dev-stdin-link", n == 15 && !memcmp(l, "/proc/self/fd/0", 15));
    n = readlink("/dev/fd", l, sizeof l);
    T("dev-fd-link", n == 13 && !memcmp(l, "/proc/self/fd", 13));
    struct stat a, c;
    T("dev-stdout-is-fd1", stat("/dev/stdout", &a) == 0 && fstat(1, &c) == 0 && a.st_mode == c.st_mode);
    struct stat ls;
    T("lstat-link", lstat("/dev/stdin", &ls) == 0 && S_ISLNK(ls.st_mode));
    T("stat-dir", stat("/proc", &a) == 0 && S_ISDIR(a.st_mode) && stat("/dev", &c) == 0 && S_ISDIR(c.st_mode));
    T("access-null-rw", access("/dev/null", R_OK | W_OK) == 0);

    /* /proc/self/fd: exactly the descriptors open. */
    int x = open("/dev/null", O_RDONLY), y = dup(x);
    char names[4096], want[4096] = "";
    DIR *d = opendir("/proc/self/fd");
    for (int i = 0; i < 1024; i++) /* what the descriptor table says is open */
        if (fcntl(i, F_GETFD) != -1)
            snprintf(want + strlen(want), sizeof want - strlen(want), " %d", i);
    T("proc-self-fd-has-dup", strstr(want, " 0 1 2 ") && d && x >= 0 && y > x);
    names[0] = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            strcat(names, " ");
            strcat(names, e->d_name);
        }
    if (d)
        closedir(d);
    T("proc-self-fd-exact", !strcmp(names, want));
    n = readlink("/proc/self/fd/99", l, sizeof l);
    T("proc-self-fd-closed-enoent", n == -1 && errno == ENOENT);
    snprintf(l, sizeof l, "/proc/self/fd/%d", y);
    T("proc-self-fd-follow", stat(l, &a) == 0 && S_ISCHR(a.st_mode) && major(a.st_rdev) == 1 && minor(a.st_rdev) == 3);
    /* *at calls relative to a /proc directory */
    int pd = open("/proc/self", O_RDONLY | O_DIRECTORY);
    T("openat-in-proc-dir", pd >= 0 && (fd = openat(pd, "status", O_RDONLY)) >= 0 && !close(fd));
    T("fstatat-in-proc-dir", fstatat(pd, "fd", &a, 0) == 0 && S_ISDIR(a.st_mode));
    close(pd);
    close(x);
    close(y);

    T("proc-self-status", slurp("/proc/self/status") > 0 && field("Threads:") >= 1 && strstr(buf, "Name:"));
    T("proc-meminfo", slurp("/proc/meminfo") > 0 && field("MemTotal:") > 0 && field("MemAvailable:") >= 0);
    T("proc-self-stat", slurp("/proc/self/stat") > 0 && strtol(buf, NULL, 10) == getpid());
    T("proc-cpuinfo", slurp("/proc/cpuinfo") > 0 && strstr(buf, "processor\t: 0"));
    T("proc-uptime", slurp("/proc/uptime") > 0 && strchr(buf, '.'));
    T("proc-version", slurp("/proc/version") > 0 && !strncmp(buf, "Linux version ", 14));
    T("proc-somaxconn", slurp("/proc/sys/net/core/somaxconn") > 0 && atoi(buf) > 0);
    T("proc-overcommit", slurp("/proc/sys/vm/overcommit_memory") > 0 && buf[0] >= '0' && buf[0] <= '2');
    T("proc-file-max", slurp("/proc/sys/fs/file-max") > 0 && atol(buf) > 0);
    T("proc-self-maps", slurp("/proc/self/maps") > 0 && strstr(buf, "[stack]"));
    n = slurp("/proc/self/cmdline"); /* argv, each with its NUL */
    T("proc-self-cmdline", n > 0 && memmem(buf, n, t_prefix, strlen(t_prefix) + 1) && buf[n - 1] == 0);
    T("proc-self-limits", slurp("/proc/self/limits") > 0 && strstr(buf, "Max open files"));
    n = slurp("/proc/self/environ"); /* every run sets SYSFS_ENV=yes (47-sysfs.sh) */
    T("proc-self-environ", n > 0 && memmem(buf, n, "SYSFS_ENV=yes", 14) && getenv("SYSFS_ENV"));
    float l1, l5, l15;
    int run, all, last;
    T("proc-loadavg", slurp("/proc/loadavg") > 0 &&
                          sscanf(buf, "%f %f %f %d/%d %d", &l1, &l5, &l15, &run, &all, &last) == 6 && run >= 1);
    n = readlink("/proc/self", l, sizeof l);
    l[n > 0 ? n : 0] = 0;
    T("proc-self-link", n > 0 && atoi(l) == getpid());
    snprintf(l, sizeof l, "/proc/%d/status", getpid());
    T("proc-pid-dir", slurp(l) > 0);
    n = readlink("/proc/self/exe", l, sizeof l);
    T("proc-self-exe", n > 0 && l[0] == '/');
    struct utsname u;
    char hn[80];
    T("hostname-agrees", uname(&u) == 0 && gethostname(hn, sizeof hn) == 0 && !strcmp(hn, u.nodename) &&
                             slurp("/proc/sys/kernel/hostname") > 0 && !strncmp(buf, hn, strlen(hn)));
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    cpu_set_t set;
    T("cpus-agree", cpus >= 1 && get_nprocs() == cpus && sched_getaffinity(0, sizeof set, &set) == 0 &&
                        CPU_COUNT(&set) == cpus);
}

/* /dev/shm: shm_open, shared mappings, named semaphores (as on Linux). */
static void shm(void)
{
    char name[64], sname[64], names[4096];
    snprintf(name, sizeof name, "/ivtest-%d-%ld", getpid(), (long)time(NULL));
    snprintf(sname, sizeof sname, "/ivsem-%d-%ld", getpid(), (long)time(NULL));
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    T("shm-open-create", fd >= 0);
    T("shm-open-excl", ERR(shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600), EEXIST));
    T("shm-ftruncate", ftruncate(fd, 8192) == 0);
    struct stat st;
    T("shm-fstat-size", fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 8192);
    char *a = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *b = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    T("shm-mmap-shared", a != MAP_FAILED && b != MAP_FAILED);
    if (a != MAP_FAILED && b != MAP_FAILED) {
        strcpy(a + 4096, "through a");
        T("shm-mappings-alias", !strcmp(b + 4096, "through a") && b[0] == 0);
        T("shm-munmap", munmap(a, 8192) == 0 && !strcmp(b + 4096, "through a") && munmap(b, 8192) == 0);
    }
    T("shm-listed", list("/dev/shm", names, sizeof names) == 0 && strstr(names, name + 1));
    char longname[256] = "/";
    memset(longname + 1, 'L', 200);
    snprintf(longname + 201, sizeof longname - 201, "-%d", getpid());
    int lfd = shm_open(longname, O_CREAT | O_RDWR, 0600);
    T("shm-long-name-listed", lfd >= 0 && list("/dev/shm", names, sizeof names) == 0 && strstr(names, longname + 1) &&
                                  !close(lfd) && !shm_unlink(longname));
    int fd2 = shm_open(name, O_RDWR, 0);
    T("shm-reopen", fd2 >= 0 && write(fd2, "hello", 5) == 5 && pread(fd, names, 5, 0) == 5 && !memcmp(names, "hello", 5));
    T("shm-unlink", shm_unlink(name) == 0 && ERR(shm_open(name, O_RDWR, 0), ENOENT));
    T("shm-open-after-unlink", fstat(fd2, &st) == 0 && st.st_nlink == 0 && st.st_size == 8192);
    close(fd);
    close(fd2);
    sem_t *s = sem_open(sname, O_CREAT | O_EXCL, 0600, 1);
    int v = -1;
    T("sem-open", s != SEM_FAILED);
    T("sem-wait-trywait", s != SEM_FAILED && sem_wait(s) == 0 && sem_trywait(s) == -1 && errno == EAGAIN);
    T("sem-post-value", s != SEM_FAILED && sem_post(s) == 0 && sem_getvalue(s, &v) == 0 && v == 1);
    sem_t *s2 = sem_open(sname, 0);
    T("sem-open-again", s2 != SEM_FAILED && sem_wait(s2) == 0 && sem_getvalue(s, &v) == 0 && v == 0 && sem_post(s2) == 0);
    T("sem-close-unlink", s != SEM_FAILED && sem_close(s) == 0 && sem_unlink(sname) == 0 &&
                              sem_open(sname, 0) == SEM_FAILED && errno == ENOENT);
}

static volatile int stop;
static void *idle(void *a)
{
    (void)a;
    while (!stop)
        usleep(1000);
    return NULL;
}

static int count_lines(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)); p++)
        n++;
    return n;
}

/* Only in a cVM: its own budget, allowance and name; read-only; EFAULT;
 * nothing of the monitor or a neighbour. */
static void cvm(long mem_kb, long cpus, const char *host, int hold)
{
    T("meminfo-budget", slurp("/proc/meminfo") > 0 && field("MemTotal:") == mem_kb &&
                            field("MemFree:") > 0 && field("MemFree:") < mem_kb);
    long free1 = field("MemFree:");
    void *big = malloc(8 << 20);
    memset(big, 1, 8 << 20);
    T("meminfo-follows-use", slurp("/proc/meminfo") > 0 && field("MemFree:") <= free1 - 8 * 1024);
    free(big);
    struct sysinfo si;
    T("sysinfo-budget", sysinfo(&si) == 0 && si.totalram * si.mem_unit == (unsigned long)mem_kb * 1024);
    struct rlimit rl;
    char want[64];
    snprintf(want, sizeof want, "Max address space         %-21ld", mem_kb * 1024);
    T("limits-budget", getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur == (rlim_t)mem_kb * 1024 &&
                           slurp("/proc/self/limits") > 0 && strstr(buf, want));
    T("status-threads-1", slurp("/proc/self/status") > 0 && field("Threads:") == 1);
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], NULL, idle, NULL);
    T("status-threads-4", slurp("/proc/self/status") > 0 && field("Threads:") == 4);
    stop = 1;
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    T("cpus-allowance", sysconf(_SC_NPROCESSORS_ONLN) == cpus && sysconf(_SC_NPROCESSORS_CONF) == cpus &&
                            get_nprocs() == cpus);
    T("cpuinfo-allowance", slurp("/proc/cpuinfo") > 0 && count_lines(buf, "processor\t:") == cpus);
    T("proc-stat-allowance", slurp("/proc/stat") > 0 && count_lines(buf, "\ncpu") == cpus);
    struct utsname u;
    T("hostname", uname(&u) == 0 && !strcmp(u.nodename, host));
    T("sethostname-eperm", ERR(sethostname("x", 1), EPERM));

    /* Only its own pid; nothing else in /proc. */
    char names[4096];
    T("proc-top-only-self", list("/proc", names, sizeof names) == 0 && strstr(names, " 1 ") && strstr(names, " self ") &&
                                !strstr(names, " 2 "));
    T("proc-other-pid-enoent", ERR(open("/proc/2/status", O_RDONLY), ENOENT) && ERR(open("/proc/0/maps", O_RDONLY), ENOENT));
    /* Its maps: all inside its own region (4 GiB aligned, docs/sfi.md). */
    slurp("/proc/self/maps");
    uintptr_t base = (uintptr_t)&buf & ~((1ull << 32) - 1);
    int inside = 1, lines = 0;
    for (char *p = buf; *p; p = strchr(p, '\n') + 1) {
        unsigned long lo = strtoul(p, NULL, 16), hi = strtoul(strchr(p, '-') + 1, NULL, 16);
        inside &= lo >= base && hi <= base + (1ull << 32);
        lines++;
        if (!strchr(p, '\n'))
            break;
    }
    T("maps-only-own-region", lines >= 3 && inside);
    /* hold: 20 more descriptors (from main) a neighbour must not see;
     * otherwise exactly stdio and the directory being read. */
    T("proc-fd-only-own", list("/proc/self/fd", names, sizeof names) == 0 &&
                              (hold ? !!strstr(names, " 22 ") : !strcmp(names, " 0 1 2 3 ")));

    /* /dev/shm is charged to the budget, and is this cVM's own. */
    int sfd = open("/dev/shm/budget", O_CREAT | O_RDWR, 0600);
    slurp("/proc/meminfo");
    long before = field("MemFree:");
    T("shm-charged", sfd >= 0 && ftruncate(sfd, 8 << 20) == 0 && slurp("/proc/meminfo") > 0 &&
                         field("MemFree:") <= before - 8 * 1024);
    T("shm-over-budget-enospc", ERR(ftruncate(sfd, (off_t)mem_kb * 1024), ENOSPC));
    T("shm-uncharged", ftruncate(sfd, 0) == 0 && slurp("/proc/meminfo") > 0 && field("MemFree:") >= before);
    close(sfd);
    unlink("/dev/shm/budget");
    if (hold)
        close(open("/dev/shm/held", O_CREAT | O_RDWR, 0600));
    T("shm-own", hold ? access("/dev/shm/held", F_OK) == 0 : ERR(access("/dev/shm/held", F_OK), ENOENT));
    T("shm-no-subdir", ERR(mkdir("/dev/shm/d", 0700), EROFS) && ERR(open("/dev/shm/a/b", O_CREAT | O_RDWR, 0600), ENOENT));
    T("shm-rename-out-exdev", (sfd = open("/dev/shm/x", O_CREAT | O_RDWR, 0600)) >= 0 &&
                                  ERR(rename("/dev/shm/x", "/tmpx"), EXDEV) && !close(sfd) && !unlink("/dev/shm/x"));

    /* Writes refused. */
    T("write-proc-eacces", ERR(open("/proc/meminfo", O_WRONLY), EACCES));
    T("write-proc-sys-erofs", ERR(open("/proc/sys/net/core/somaxconn", O_WRONLY), EROFS));
    T("unlink-dev-erofs", ERR(unlink("/dev/null"), EROFS));
    T("mkdir-proc-erofs", ERR(mkdir("/proc/x", 0755), EROFS));
    T("create-dev-erofs", ERR(open("/dev/newfile", O_CREAT | O_WRONLY, 0644), EROFS));
    T("rename-dev-erofs", ERR(rename("/dev/zero", "/dev/zero2"), EROFS));
    T("chmod-dev-erofs", ERR(chmod("/dev/null", 0600), EROFS));
    T("chmod-stdout-via-proc-refused", chmod("/proc/self/fd/1", 0600) == -1 && (errno == EROFS || errno == EPERM));
    T("symlink-into-proc-erofs", ERR(symlink("/x", "/proc/lnk"), EROFS));
    int fd = open("/proc/self/status", O_RDONLY);
    T("write-proc-fd-ebadf", ERR(write(fd, "x", 1), EBADF));

    /* Bad pointers. */
    T("efault-read-proc", ERR(read(fd, bad, 16), EFAULT));
    close(fd);
    fd = open("/dev/zero", O_RDONLY);
    T("efault-read-zero", ERR(read(fd, bad, 16), EFAULT));
    close(fd);
    fd = open("/dev/urandom", O_RDONLY);
    T("efault-read-urandom", ERR(read(fd, bad, 16), EFAULT));
    close(fd);
    T("efault-open-path", ERR(syscall(SYS_open, (char *)bad, O_RDONLY), EFAULT));
    T("efault-stat", ERR(syscall(SYS_stat, "/dev/null", bad), EFAULT));
    T("efault-readlink", ERR(syscall(SYS_readlink, "/proc/self", bad, 16), EFAULT));
    fd = open("/proc", O_RDONLY | O_DIRECTORY);
    T("efault-getdents", ERR(syscall(SYS_getdents64, fd, bad, 4096), EFAULT));
    T("getdents-small-einval", ERR(syscall(SYS_getdents64, fd, buf, 8), EINVAL));
    close(fd);

    /* The root's own dev/ and proc/ do not shadow these. */
    T("root-dev-not-shadowing", slurp("/dev/null") == 0);
    T("root-proc-not-shadowing", slurp("/proc/meminfo") > 0 && !strstr(buf, "FAKE"));
    T("root-still-visible", slurp("/etc/passwd") > 0 && strstr(buf, "root:"));
    chdir("/");
    T("relative-from-root", (fd = open("dev/null", O_RDONLY)) >= 0 && !close(fd));
    chdir("/etc");
    T("relative-dotdot", (fd = open("../proc/self/status", O_RDONLY)) >= 0 && !close(fd));
    int pd = open("/proc/self", O_RDONLY | O_DIRECTORY);
    T("openat-from-proc-to-root", pd >= 0 && (fd = openat(pd, "../../etc/passwd", O_RDONLY)) >= 0 && !close(fd));
    close(pd);
    /* Identity from the root, through musl. */
    struct passwd *pw = getpwuid(0);
    struct group *gr = getgrgid(0);
    T("getpwuid-from-root", pw && !strcmp(pw->pw_name, "root") && !strcmp(pw->pw_dir, "/root"));
    T("getgrgid-from-root", gr && !strcmp(gr->gr_name, "root"));
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    t_prefix = argv[2];
    int hold = argc > 6 && !strcmp(argv[6], "hold"), peer = argc > 6 && !strcmp(argv[6], "peer");
    for (int i = 0; hold && i < 20; i++) /* fds 3..22, while the peer looks */
        open("/dev/null", O_RDONLY);
    if (peer)
        usleep(200000); /* the holder is holding */
    common();
    shm();
    if (!strcmp(argv[1], "cvm") && argc >= 6)
        cvm(atol(argv[3]), atol(argv[4]), argv[5], hold);
    if (hold)
        usleep(600000);
    return t_fails;
}
