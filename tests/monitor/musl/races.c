/* Hostcalls racing with changes to what they use (suite.sh, "races").
 * A cVM alone in its monitor reads its descriptor table and region map
 * without their locks while it has one thread (monitor/core/cvm.h): this
 * program first works that way, then starts threads that, for a bounded
 * time, make the monitor copy into a page another thread keeps unmapping
 * and mapping again, and use a descriptor another thread keeps replacing.
 * Each call must succeed or fail cleanly (EFAULT, EBADF, EAGAIN); the
 * monitor must stay up.  Prints "races ok" and exits 0. */
#include <errno.h>
#include <fcntl.h>
#include <intravisor.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 200000
static double deadline; /* each loop also ends after 1.5 s */
static char *volatile page;
static double now(void);
static int pa[2], pb[2], target;
static long bad;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* fstat into a page that comes and goes: the monitor writes into it (the
 * raw hostcall: musl's fstat would touch the buffer itself). */
static void *stat_into_page(void *a)
{
    for (long i = 0; i < ROUNDS && (i % 256 || now() < deadline); i++) {
        struct stat *st = (struct stat *)page;
        long r = iv_fstatat(0, NULL, st, 0);
        if (r && r != -EFAULT)
            __atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
    }
    return a;
}

static void *remap_page(void *a)
{
    for (long i = 0; i < ROUNDS / 4 && (i % 64 || now() < deadline); i++) {
        munmap(page, 4096);
        sched_yield();
        if (mmap(page, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
            __atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
    }
    return a;
}

/* write/read through a descriptor number that keeps changing files. */
static void *use_fd(void *a)
{
    char c = 'x';
    for (long i = 0; i < ROUNDS && (i % 256 || now() < deadline); i++) {
        if (write(target, &c, 1) < 0 && errno != EBADF && errno != EAGAIN)
            __atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
        if (read(target, &c, 1) < 0 && errno != EBADF && errno != EAGAIN)
            __atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
    }
    return a;
}

static void *swap_fd(void *a)
{
    for (long i = 0; i < ROUNDS / 4 && (i % 64 || now() < deadline); i++) {
        dup2(i & 1 ? pa[0] : pb[1], target);
        if (i % 16 == 0)
            close(target);
    }
    return a;
}

int main(void)
{
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED || pipe2(pa, O_NONBLOCK) || pipe2(pb, O_NONBLOCK))
        return 2;
    target = dup(pa[1]);
    /* One thread: the lock-free paths. */
    char c = 'y';
    struct stat st;
    for (int i = 0; i < 1000; i++)
        if (write(target, &c, 1) != 1 || read(pa[0], &c, 1) != 1 || c != 'y' || fstat(pa[0], &st))
            return 3;
    if (iv_fstatat(0, NULL, (struct stat *)(page + 4096 - 8), 0) != -EFAULT)
        return 4; /* runs past the page into nothing */
    pthread_t t[4];
    void *(*fn[4])(void *) = {stat_into_page, remap_page, use_fd, swap_fd};
    deadline = now() + 1.5;
    for (int i = 0; i < 4; i++)
        if (pthread_create(&t[i], NULL, fn[i], NULL))
            return 5;
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    if (bad) {
        printf("races: %ld calls failed otherwise than cleanly\n", bad);
        return 1;
    }
    printf("races ok\n");
    return 0;
}
