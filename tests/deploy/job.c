/* A cVM for the deployment tests (tests/groups/55-deploy.sh):
 *   job echo ARGS...     print argv and the environment, exit 0
 *   job exit N [MS]      sleep MS milliseconds, then exit N
 *   job fault            write to address 8 (SIGSEGV)
 *   job spin             burn CPU forever
 *   job mem MB           allocate MB MiB in 1 MiB steps; report ENOMEM
 *   job threads N        start N threads that wait; report how many failed
 *   job sleep MS         sleep MS milliseconds, exit 0
 *   job err TEXT         write TEXT to stderr and "out" to stdout
 *   job cat PATH         print a file (needs `root`)
 *   job put PATH TEXT    create a file (needs `root` and `rw`)
 *   job term             wait for SIGTERM (a handler), print "terminated", exit 0 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static volatile sig_atomic_t terminated;
static void on_term(int sig) { terminated = sig; }

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int go;

static void *waiter(void *a)
{
    pthread_mutex_lock(&mu);
    while (!go)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    return a;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "echo";
    if (!strcmp(mode, "echo")) {
        for (int i = 0; i < argc; i++)
            printf("argv[%d]=%s\n", i, argv[i]);
        for (char **e = environ; *e; e++)
            printf("env %s\n", *e);
        return 0;
    }
    if (!strcmp(mode, "exit")) {
        if (argc > 3)
            sleep_ms(atol(argv[3]));
        printf("exiting %s\n", argv[2]);
        return atoi(argv[2]);
    }
    if (!strcmp(mode, "term")) {
        signal(SIGTERM, on_term);
        while (!terminated)
            pause();
        printf("terminated\n");
        return 0;
    }
    if (!strcmp(mode, "sleep")) {
        sleep_ms(atol(argv[2]));
        return 0;
    }
    if (!strcmp(mode, "fault")) {
        sleep_ms(50);
        *(volatile int *)8 = 1;
        return 0;
    }
    if (!strcmp(mode, "spin")) {
        volatile unsigned long x = 0;
        for (;;)
            x++;
    }
    if (!strcmp(mode, "mem")) {
        long want = atol(argv[2]), got = 0;
        for (; got < want; got++) {
            char *p = malloc(1 << 20);
            if (!p) {
                printf("mem: ENOMEM after %ld MiB (errno %s)\n", got, errno == ENOMEM ? "ENOMEM" : "other");
                return 3;
            }
            memset(p, 1, 1 << 20);
        }
        printf("mem: got %ld MiB\n", got);
        return 0;
    }
    if (!strcmp(mode, "threads")) {
        int n = atoi(argv[2]), ok = 0, eagain = 0;
        pthread_t *t = calloc((size_t)n, sizeof *t);
        for (int i = 0; i < n; i++) {
            int e = pthread_create(&t[i], NULL, waiter, NULL);
            if (!e)
                t[ok++] = t[i];
            else if (e == EAGAIN)
                eagain++;
        }
        pthread_mutex_lock(&mu);
        go = 1;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
        for (int i = 0; i < ok; i++)
            pthread_join(t[i], NULL);
        printf("threads: %d started, %d EAGAIN\n", ok, eagain);
        return 0;
    }
    if (!strcmp(mode, "err")) {
        fprintf(stderr, "%s\n", argv[2]);
        printf("out\n");
        return 0;
    }
    if (!strcmp(mode, "cat") || !strcmp(mode, "put")) {
        int put = mode[0] == 'p';
        FILE *f = fopen(argv[2], put ? "w" : "r");
        if (!f) {
            printf("%s %s: %s\n", mode, argv[2], strerror(errno));
            return 4;
        }
        char buf[256];
        if (put)
            fputs(argv[3], f);
        else
            while (fgets(buf, sizeof buf, f))
                printf("cat: %s", buf);
        return fclose(f) ? 5 : 0;
    }
    return 99;
}
