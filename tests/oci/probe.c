/* A cVM for the OCI tests (tests/groups/71-oci.sh, 72-podman.sh):
 *   probe [MODE ARGS...]  with MODE one of
 *     show            print argv, FOO and the working directory
 *     cat FILE        print FILE (relative to the working directory)
 *     put FILE        create FILE: "write ok" or "write refused: ..."
 *     exit N          exit with status N
 *     sleep           sleep until ended
 *     term            sleep until SIGTERM, then say "graceful" and exit 0
 *     threads N       start N threads: how many started / EAGAIN */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t term;
static void on_term(int sig) { term = sig; }

static void *idle(void *a)
{
    sleep(2);
    return a;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "show";
    if (!strcmp(mode, "show")) {
        for (int i = 0; i < argc; i++)
            printf("argv[%d]=%s\n", i, argv[i]);
        char cwd[256];
        printf("FOO=%s\ncwd=%s\n", getenv("FOO") ? getenv("FOO") : "(unset)", getcwd(cwd, sizeof cwd) ? cwd : "?");
        return 0;
    }
    if (!strcmp(mode, "cat") && argc > 2) {
        FILE *f = fopen(argv[2], "r");
        char b[256];
        if (!f) {
            printf("cat %s: %s\n", argv[2], strerror(errno));
            return 3;
        }
        while (fgets(b, sizeof b, f))
            fputs(b, stdout);
        return 0;
    }
    if (!strcmp(mode, "put") && argc > 2) {
        FILE *f = fopen(argv[2], "w");
        printf(f ? "write ok\n" : "write refused: %s\n", strerror(errno));
        return f ? 0 : 4;
    }
    if (!strcmp(mode, "exit") && argc > 2)
        return atoi(argv[2]);
    if (!strcmp(mode, "sleep")) {
        printf("sleeping\n");
        fflush(stdout);
        for (;;)
            sleep(1);
    }
    if (!strcmp(mode, "term")) {
        signal(SIGTERM, on_term);
        printf("sleeping\n");
        fflush(stdout);
        while (!term)
            sleep(1);
        printf("graceful\n");
        return 0;
    }
    if (!strcmp(mode, "threads") && argc > 2) {
        int n = atoi(argv[2]), ok = 0, eagain = 0;
        pthread_t t[64];
        for (int i = 0; i < n && i < 64; i++) {
            int e = pthread_create(&t[ok], NULL, idle, NULL);
            ok += !e;
            eagain += e == EAGAIN;
        }
        printf("threads: %d started, %d EAGAIN\n", ok, eagain);
        return 0;
    }
    return 2;
}
