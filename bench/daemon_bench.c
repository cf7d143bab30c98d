/* One more cVM into a running daemon, end to end over the control API:
 * deploy (validated, verified (cache hit), created, started: the reply),
 * then wait (until it has exited), then remove.  One connection.
 *   daemon_bench SOCKET DIR N    (DIR/d0.yaml ... each names cVM b<i>)
 * Prints medians of deploy and of deploy + exit, in microseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static char buf[1 << 16];
static size_t have;

/* Sends req, reads one reply line; 0 if it says "ok":true. */
static int call(int fd, const char *req)
{
    if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
        return -1;
    for (;;) {
        char *nl = memchr(buf, '\n', have);
        if (nl) {
            *nl = 0;
            int ok = strstr(buf, "\"ok\":true") != NULL;
            if (!ok)
                fprintf(stderr, "daemon_bench: %s\n", buf);
            size_t used = (size_t)(nl - buf) + 1;
            memmove(buf, nl + 1, have - used);
            have -= used;
            return ok ? 0 : -1;
        }
        ssize_t r = read(fd, buf + have, sizeof buf - have);
        if (r <= 0)
            return -1;
        have += (size_t)r;
    }
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    int n = atoi(argv[3]);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", argv[1]);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&a, sizeof a))
        return 1;
    double *dep = calloc((size_t)n, sizeof *dep), *end = calloc((size_t)n, sizeof *end);
    for (int i = 0; i < n; i++) {
        char req[1024];
        double t0 = now_us();
        snprintf(req, sizeof req, "{\"op\":\"deploy\",\"file\":\"%s/d%d.yaml\"}\n", argv[2], i);
        if (call(fd, req))
            return 1;
        dep[i] = now_us() - t0;
        snprintf(req, sizeof req, "{\"op\":\"wait\",\"name\":\"b%d\"}\n", i);
        if (call(fd, req))
            return 1;
        end[i] = now_us() - t0;
        snprintf(req, sizeof req, "{\"op\":\"remove\",\"name\":\"b%d\"}\n", i);
        if (call(fd, req))
            return 1;
    }
    qsort(dep, (size_t)n, sizeof *dep, cmp);
    qsort(end, (size_t)n, sizeof *end, cmp);
    printf("daemon_bench n=%d deploy_median_us=%.1f deploy_min_us=%.1f deploy_to_exit_median_us=%.1f\n", n, dep[n / 2],
           dep[0], end[n / 2]);
    return 0;
}
