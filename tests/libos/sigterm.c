/* A program stopped from outside (group 46): SIGTERM to the monitor is
 * passed on to a cVM that handles it.  Modes: "read" (a handler, read
 * fails with EINTR), "restart" (SA_RESTART: the read goes on and returns
 * what comes later), "spin" (a handler, but no system call: ended after
 * the grace), "ignore" (SIG_IGN: goes on reading), "default" (no handler:
 * ended at once, 143), "sigwait" (blocked, default action, taken by
 * sigwait). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_term(int sig) { got = sig; }

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "read";
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = !strcmp(mode, "ignore") ? SIG_IGN : on_term;
    sa.sa_flags = !strcmp(mode, "restart") ? SA_RESTART : 0;
    if (!strcmp(mode, "sigwait")) {
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGTERM);
        sigprocmask(SIG_BLOCK, &s, NULL);
        printf("ready\n");
        fflush(stdout);
        int sig = 0;
        sigwait(&s, &sig);
        printf("sigwait %d\n", sig);
        return 0;
    }
    if (strcmp(mode, "default"))
        sigaction(SIGTERM, &sa, NULL);
    printf("ready\n");
    fflush(stdout);
    if (!strcmp(mode, "spin"))
        for (;;)
            __asm__ volatile("" ::: "memory");
    char b[64];
    ssize_t n = read(0, b, sizeof b);
    printf("read %zd errno %d signal %d\n", n, n < 0 ? errno : 0, (int)got);
    return 0;
}
