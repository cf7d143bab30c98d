/* What the system calls ordinary programs make cost natively and from a
 * cVM (every one a hostcall there, or served by the LibOS): clocks, file
 * I/O, paths, memory, polling, scheduling, threads.  Each call in a loop,
 * best of 5 rounds; run in a directory holding nothing but what it makes
 * (bench/syscall_costs.sh: natively in a scratch directory, in a cVM with
 * that directory as its root).  Output: "NAME ns" per line.  A survey to
 * find the calls whose cost stands out, not a record of any one of them. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

#define BENCH(name, n, ...)                                \
    do {                                                   \
        double best = 1e18;                                \
        for (int r = 0; r < 5; r++) {                      \
            double t0 = now_ns();                          \
            for (int i = 0; i < (n); i++) {                \
                __VA_ARGS__;                               \
            }                                              \
            double d = (now_ns() - t0) / (n);              \
            best = d < best ? d : best;                    \
        }                                                  \
        printf("%s %.0f\n", name, best);                   \
        fflush(stdout);                                    \
    } while (0)

static void *thread_main(void *a) { return a; }

int main(void)
{
    static char buf[4096];
    struct stat st;
    struct timespec ts;
    struct timeval tv;
    struct utsname un;
    struct rusage ru;
    int p[2], q[2];
    int f = open("costs.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (f < 0 || write(f, buf, sizeof buf) != sizeof buf || pipe(p) || mkdir("dir", 0755))
        return 1;
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "dir/e%d", i);
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    char *mp = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    BENCH("getpid", 200000, getpid());
    BENCH("clock_gettime", 1000000, clock_gettime(CLOCK_MONOTONIC, &ts));
    BENCH("gettimeofday", 1000000, gettimeofday(&tv, 0));
    BENCH("time", 1000000, (void)time(0));
    BENCH("pread-4KiB", 100000, (void)pread(f, buf, sizeof buf, 0));
    BENCH("pwrite-4KiB", 100000, (void)pwrite(f, buf, sizeof buf, 0));
    BENCH("lseek", 200000, lseek(f, 0, SEEK_SET));
    BENCH("read-empty-pipe", 100000, (void)read(p[0], buf, 1));
    BENCH("fcntl-getfl", 200000, fcntl(f, F_GETFL));
    BENCH("dup+close", 100000, close(dup(f)));
    BENCH("fstat", 200000, fstat(f, &st));
    BENCH("stat-absolute", 100000, stat("/costs.dat", &st));
    BENCH("stat-relative", 100000, stat("costs.dat", &st));
    BENCH("lstat-relative", 100000, lstat("costs.dat", &st));
    BENCH("access", 100000, access("costs.dat", R_OK));
    BENCH("stat-enoent", 100000, stat("none/x", &st));
    BENCH("open+close-relative", 100000, close(open("costs.dat", O_RDONLY)));
    int dfd = open("dir", O_RDONLY | O_DIRECTORY);
    BENCH("openat-dirfd+close", 100000, close(openat(dfd, "e1", O_RDONLY)));
    BENCH("fstatat-dirfd", 100000, fstatat(dfd, "e1", &st, 0));
    close(dfd);
    BENCH("opendir+readdir-20+closedir", 20000, {
        DIR *d = opendir("dir");
        while (d && readdir(d))
            ;
        if (d)
            closedir(d);
    });
    BENCH("create+unlink", 4000, {
        close(open("tmp.f", O_CREAT | O_WRONLY, 0644));
        unlink("tmp.f");
    });
    BENCH("rename-twice", 5000, {
        rename("costs.dat", "costs2.dat");
        rename("costs2.dat", "costs.dat");
    });
    BENCH("getcwd", 100000, (void)getcwd(buf, sizeof buf));
    BENCH("mmap+munmap-4KiB", 50000,
          munmap(mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 4096));
    BENCH("mprotect", 50000, mprotect(mp, 4096, (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE));
    BENCH("epoll_wait-0", 100000, epoll_wait(ep, &ev, 1, 0));
    BENCH("poll-0", 100000, {
        struct pollfd pf = {p[0], POLLIN, 0};
        poll(&pf, 1, 0);
    });
    BENCH("select-0", 100000, {
        fd_set rs;
        FD_ZERO(&rs);
        FD_SET(p[0], &rs);
        struct timeval z = {0, 0};
        select(p[0] + 1, &rs, 0, 0, &z);
    });
    BENCH("sched_yield", 100000, sched_yield());
    BENCH("getrandom-16", 100000, (void)getrandom(buf, 16, 0));
    BENCH("uname", 100000, uname(&un));
    BENCH("getrusage", 100000, getrusage(RUSAGE_SELF, &ru));
    BENCH("socket+close", 50000, close(socket(AF_INET, SOCK_STREAM, 0)));
    BENCH("pipe+close", 50000, {
        if (!pipe(q)) {
            close(q[0]);
            close(q[1]);
        }
    });
    BENCH("pthread_create+join", 2000, {
        pthread_t t;
        if (!pthread_create(&t, 0, thread_main, 0))
            pthread_join(t, 0);
    });
    unlink("costs.dat");
    return 0;
}
