/* churn N: exports a CAP Call, waits until a caller has called it once (with
 * IV_CAPCALL=handoff that starts worker threads, charged to this cVM's
 * thread allowance like its own threads), then creates and joins N threads
 * one after another: every create must succeed however many ended before
 * (the monitor reaps ended threads when the allowance runs out, not only
 * when its table is full: core/cvm.c).
 * churn call NAME: imports NAME's "add" and calls it once. */
#include <intravisor.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int called;

static long add(long a, long b, long c, long d, long e, long f)
{
    (void)c, (void)d, (void)e, (void)f;
    called = 1;
    return a + b;
}

static void *one(void *arg) { return arg; }

int main(int argc, char **argv)
{
    if (argc > 2 && !strcmp(argv[1], "call")) {
        long h = iv_cap_import(argv[2], "add", 10000000000ll);
        long r = h < 0 ? h : iv_cap_call(h, 2, 3, 0, 0, 0, 0);
        printf("call %ld\n", r);
        return r == 5 ? 0 : 1;
    }
    int n = argc > 1 ? atoi(argv[1]) : 1500;
    if (iv_cap_export("add", add)) {
        puts("export failed");
        return 1;
    }
    for (int i = 0; i < 10000 && !called; i++)
        usleep(1000);
    for (int i = 0; i < n; i++) {
        pthread_t t;
        void *r;
        int e = pthread_create(&t, NULL, one, (void *)(long)(i + 1));
        if (e || pthread_join(t, &r) || r != (void *)(long)(i + 1)) {
            printf("thread %d: create %d\n", i, e);
            return 1;
        }
    }
    printf("churn %d ok (called %d)\n", n, called);
    return 0;
}
