/* Pipes inside one cVM, poll/ppoll/select with timeouts, isatty.  Needs no
 * root.  argv[1]: prefix; argv[2]: "tty" if stdout is a terminal. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "t.h"

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void *writer(void *arg)
{
    int fd = *(int *)arg;
    struct timespec d = {0, 50 * 1000000};
    nanosleep(&d, NULL);
    write(fd, "late", 4);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        t_prefix = argv[1];
    int tty = argc > 2 && !strcmp(argv[2], "tty");
    int p[2];
    char buf[64];
    struct timespec t0;
    struct stat st;
    T("pipe", pipe(p) == 0 && p[0] >= 3 && p[1] > p[0]);
    T("pipe-fstat-fifo", fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
    struct pollfd pf = {p[0], POLLIN, 0};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = poll(&pf, 1, 100);
    long el = ms_since(&t0);
    T("poll-timeout", r == 0 && el >= 95 && el < 2000);
    T("pipe-write", write(p[1], "hello", 5) == 5);
    T("poll-readable", poll(&pf, 1, 1000) == 1 && (pf.revents & POLLIN));
    T("pipe-read", read(p[0], buf, sizeof buf) == 5 && !memcmp(buf, "hello", 5));
    struct pollfd wf = {p[1], POLLOUT, 0};
    T("poll-writable", poll(&wf, 1, 0) == 1 && (wf.revents & POLLOUT));
    struct pollfd bad[2] = {{999, POLLIN, 0}, {-1, POLLIN, 0}};
    T("poll-nval", poll(bad, 2, 1000) == 1 && bad[0].revents == POLLNVAL && bad[1].revents == 0);
    struct timespec ts = {0, 30 * 1000000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    T("ppoll-timeout", ppoll(&pf, 1, &ts, NULL) == 0 && ms_since(&t0) >= 28);
    T("poll-efault", ERR(poll((struct pollfd *)8, 1, 0), EFAULT));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    T("poll-null-sleeps", poll(NULL, 0, 20) == 0 && ms_since(&t0) >= 19);

    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = {0, 50000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    T("select-timeout", select(p[0] + 1, &rs, NULL, NULL, &tv) == 0 && !FD_ISSET(p[0], &rs) && ms_since(&t0) >= 45);
    write(p[1], "x", 1);
    FD_SET(p[0], &rs);
    fd_set ws;
    FD_ZERO(&ws);
    FD_SET(p[1], &ws);
    tv = (struct timeval){1, 0};
    T("select-ready", select(p[1] + 1, &rs, &ws, NULL, &tv) == 2 && FD_ISSET(p[0], &rs) && FD_ISSET(p[1], &ws));
    read(p[0], buf, 1);
    FD_ZERO(&rs);
    FD_SET(200, &rs);
    tv = (struct timeval){0, 0};
    T("select-ebadf", ERR(select(201, &rs, NULL, NULL, &tv), EBADF));

    /* a blocking read in the host, woken by another cVM thread */
    pthread_t th;
    pthread_create(&th, NULL, writer, &p[1]);
    T("blocking-read-across-threads", read(p[0], buf, sizeof buf) == 4 && !memcmp(buf, "late", 4));
    pthread_join(th, NULL);

    int q[2];
    T("pipe2-nonblock", pipe2(q, O_NONBLOCK | O_CLOEXEC) == 0 && ERR(read(q[0], buf, 1), EAGAIN) &&
                            fcntl(q[0], F_GETFD) == FD_CLOEXEC);
    T("setfl-nonblock", fcntl(p[0], F_SETFL, O_NONBLOCK) == 0 && ERR(read(p[0], buf, 1), EAGAIN));
    T("hup-on-close", close(q[1]) == 0 && poll(&(struct pollfd){q[0], POLLIN, 0}, 1, 0) == 1 && read(q[0], buf, 1) == 0);
    T("epipe", close(q[0]) == 0 && pipe(q) == 0 && close(q[0]) == 0 && ERR(write(q[1], "x", 1), EPIPE));

    FILE *in = fdopen(p[0], "r"), *out = fdopen(p[1], "w");
    fcntl(p[0], F_SETFL, 0);
    fprintf(out, "through stdio %d\n", 7);
    fflush(out);
    T("stdio-over-pipe", fgets(buf, sizeof buf, in) && !strcmp(buf, "through stdio 7\n"));
    T("isatty-pipe", !isatty(p[0]) && errno == ENOTTY);
    T("isatty-stdout", isatty(1) == tty);
    struct winsize wsz;
    T("tiocgwinsz-stdout", (ioctl(1, TIOCGWINSZ, &wsz) == 0) == tty);
    T("isatty-ebadf", !isatty(500) && errno == EBADF);
    return t_fails;
}
