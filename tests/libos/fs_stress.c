/* Threads opening, reading, duplicating and closing descriptors while
 * another closes numbers at random: no crash, no use after free in the
 * monitor (run under ASan by 45-libos-fs.sh), and every read returns
 * either the file's bytes or EBADF. */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include "t.h"

static volatile int stop, bad;

static void *worker(void *arg)
{
    (void)arg;
    char b[8];
    for (int i = 0; i < 3000; i++) {
        int fd = open("/f", O_RDONLY);
        if (fd < 0)
            continue;
        int d = dup(fd);
        ssize_t r = pread(fd, b, 4, 0);
        if (r >= 0 && (r != 4 || memcmp(b, "data", 4)))
            bad++;
        if (r < 0 && errno != EBADF)
            bad++;
        close(fd);
        if (d >= 0)
            close(d);
    }
    return NULL;
}

static void *closer(void *arg)
{
    (void)arg;
    unsigned s = 1;
    while (!stop)
        close(3 + (int)((s = s * 1103515245 + 12345) >> 16) % 20);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        t_prefix = argv[1];
    pthread_t w[4], c;
    pthread_create(&c, NULL, closer, NULL);
    for (int i = 0; i < 4; i++)
        pthread_create(&w[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(w[i], NULL);
    stop = 1;
    pthread_join(c, NULL);
    T("concurrent-open-read-close", bad == 0);
    return t_fails;
}
