/* An ordinary C program (musl + LibOS): stdio, env, malloc, 8 pthreads on a
 * mutex, clock.  Run by the monitor suite when the cVM sysroot is built. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *work(void *a)
{
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&m);
        counter++;
        pthread_mutex_unlock(&m);
    }
    return a;
}

int main(int argc, char **argv)
{
    printf("musl argc=%d X=%s\n", argc, getenv("X") ? getenv("X") : "(none)");
    char *p = malloc(1 << 20);
    memset(p, 1, 1 << 20);
    free(p);
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        if (pthread_create(&t[i], 0, work, 0))
            return 1;
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], 0);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("counter=%ld\n", counter);
    return counter == 80000 ? (argc > 1 ? atoi(argv[1]) : 0) : 1;
}
