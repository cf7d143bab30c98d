/* Blocks forever in the monitor: argv[1] = "poll", "read" or "select" on
 * an empty pipe, from a second thread too.  --timeout must still end it. */
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

static int p[2];

static void block(const char *how)
{
    char c;
    if (!strcmp(how, "poll")) {
        struct pollfd pf = {p[0], POLLIN, 0};
        poll(&pf, 1, -1);
    } else if (!strcmp(how, "select")) {
        fd_set rs;
        FD_ZERO(&rs);
        FD_SET(p[0], &rs);
        select(p[0] + 1, &rs, NULL, NULL, NULL);
    } else {
        read(p[0], &c, 1);
    }
}

static void *thread(void *arg)
{
    block(arg);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2 || pipe(p))
        return 99;
    pthread_t t;
    pthread_create(&t, NULL, thread, argv[1]);
    block(argv[1]);
    return 0;
}
