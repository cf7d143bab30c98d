/* hccanary INDEX SECONDS: a canary cVM beside the hostcall fuzzer (libc).
 * For SECONDS it repeats a round of ordinary work and checks each result:
 * allocate and fill memory and read it back, create and join a thread, write
 * a file in its root and read it back, write its slot of capfile "cz"
 * (offset INDEX * 8 KiB) and read it back.  A block filled at start (heap),
 * its data segment and its capfile slot are re-checked at the end.  Prints
 * "canary ok rounds=N" or "FAILED canary: WHAT" (exit 1).  Canary 0 exports
 * "add" for the fuzzer's CAP calls and serves until the fuzzer has ended. */
#include <fcntl.h>
#include <intravisor.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BIG (1 << 20)
#define SLOT 8192
static unsigned long data_pattern[1024];

static void die(const char *what, long n)
{
    printf("FAILED canary: %s (round %ld)\n", what, n);
    fflush(stdout);
    exit(1);
}

static long add(long a, long b, long c, long d, long e, long f)
{
    return a + b + c + d + e + f;
}

static void *sum_thread(void *arg)
{
    unsigned long *v = arg, s = 0;
    for (int i = 0; i < 1000; i++)
        s += (unsigned long)i * v[0];
    v[1] = s;
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    int idx = atoi(argv[1]);
    double secs = atof(argv[2]);
    if (idx == 0 && iv_cap_export("add", add))
        die("cap export", 0);
    unsigned char *big = malloc(BIG);
    if (!big)
        die("malloc big", 0);
    for (long i = 0; i < BIG; i++)
        big[i] = (unsigned char)(i * 131 + idx);
    for (int i = 0; i < 1024; i++)
        data_pattern[i] = (unsigned long)i * 0x9e3779b97f4a7c15ul ^ (unsigned long)idx;
    unsigned char slot[SLOT], back[SLOT];
    long rounds = 0;
    /* canary 1 feeds the fuzzer's stream (its epoll sets watch it);
     * never waits: the fuzzer may read, close or ignore it */
    int feed = idx == 1 ? open("/cap/hcfuzz", O_WRONLY | O_NONBLOCK) : -1;
    double end = now() + secs;
    while (now() < end) {
        size_t n = 65536 + (size_t)(rounds % 4096);
        unsigned char *b = malloc(n);
        if (!b)
            die("malloc", rounds);
        memset(b, (int)(rounds & 0xff), n);
        for (size_t i = 0; i < n; i++)
            if (b[i] != (unsigned char)(rounds & 0xff))
                die("heap block changed", rounds);
        free(b);
        unsigned long v[2] = {(unsigned long)rounds + 1, 0};
        pthread_t t;
        if (pthread_create(&t, NULL, sum_thread, v) || pthread_join(t, NULL))
            die("thread create/join", rounds);
        if (v[1] != v[0] * 499500ul)
            die("thread result", rounds);
        char name[32], line[64], got[64];
        snprintf(name, sizeof name, "c%ld.txt", rounds % 8);
        snprintf(line, sizeof line, "canary %d round %ld\n", idx, rounds);
        FILE *f = fopen(name, "w+");
        if (!f)
            die("fopen", rounds);
        if (fputs(line, f) < 0 || fflush(f) || fseek(f, 0, SEEK_SET) || !fgets(got, sizeof got, f) ||
            strcmp(got, line))
            die("file write/read back", rounds);
        fclose(f);
        for (int i = 0; i < SLOT; i++)
            slot[i] = (unsigned char)(i ^ rounds ^ idx);
        if (iv_cap_file_write("cz", (uint64_t)idx * SLOT, slot, SLOT) != SLOT ||
            iv_cap_file_read("cz", (uint64_t)idx * SLOT, back, SLOT) != SLOT || memcmp(slot, back, SLOT))
            die("capfile write/read back", rounds);
        if (feed >= 0 && write(feed, line, strlen(line)) < 0) {
            /* EAGAIN (full), EPIPE (the fuzzer closed it): fine */
        }
        rounds++;
    }
    for (long i = 0; i < BIG; i++)
        if (big[i] != (unsigned char)(i * 131 + idx))
            die("heap pattern changed", rounds);
    for (int i = 0; i < 1024; i++)
        if (data_pattern[i] != ((unsigned long)i * 0x9e3779b97f4a7c15ul ^ (unsigned long)idx))
            die("data segment changed", rounds);
    if (iv_cap_file_read("cz", (uint64_t)idx * SLOT, back, SLOT) != SLOT || (rounds && memcmp(slot, back, SLOT)))
        die("capfile slot changed", rounds);
    printf("canary ok rounds=%ld\n", rounds);
    fflush(stdout);
    if (idx == 0 && iv_cap_serve())
        die("cap serve", rounds);
    return 0;
}
