/* 64 threads each add 1000 to a counter protected by a futex lock; the
 * main thread joins half of them with iv_thread_join and the other half by
 * waiting on the child-tid word (the way pthread_join will), then checks
 * the total.  Threads count: argv[1] (default 64). */
#include "util.h"

#define MAXT 256
#define ITERS 1000
#define STACK (64 * 1024)

static int lock_word;
static long counter;
static int ctid[MAXT];

static void lock(void)
{
    /* 0 free, 1 locked, 2 locked with waiters (Drepper's mutex) */
    int c = __sync_val_compare_and_swap(&lock_word, 0, 1);
    if (c == 0)
        return;
    if (c != 2)
        c = __atomic_exchange_n(&lock_word, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        iv_futex_wait(&lock_word, 2, -1, 0);
        c = __atomic_exchange_n(&lock_word, 2, __ATOMIC_ACQUIRE);
    }
}

static void unlock(void)
{
    if (__atomic_exchange_n(&lock_word, 0, __ATOMIC_RELEASE) == 2)
        iv_futex_wake(&lock_word, 1, 0);
}

static void worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITERS; i++) {
        lock();
        long v = counter;
        if (i % 64 == 0)
            iv_nanosleep(0); /* widen the window: a broken lock loses counts */
        counter = v + 1;
        unlock();
    }
    iv_thread_exit();
}

int main(int argc, char **argv)
{
    int n = 64;
    if (argc > 1) {
        n = 0;
        for (const char *p = argv[1]; *p; p++)
            n = n * 10 + (*p - '0');
    }
    if (n > MAXT)
        n = MAXT;
    long tids[MAXT];
    for (int i = 0; i < n; i++) {
        long st = iv_mmap(0, STACK, IV_PROT_READ | IV_PROT_WRITE, 0);
        if (IV_IS_ERR(st)) {
            t_puts("mmap failed\n");
            return 1;
        }
        ctid[i] = -1;
        tids[i] = iv_thread_create(worker, 0, (char *)st + STACK, 0, &ctid[i]);
        if (tids[i] < 0) {
            t_puts("thread_create failed: ");
            t_putnum(tids[i]);
            t_puts("\n");
            return 1;
        }
    }
    for (int i = 0; i < n; i++) {
        if (i % 2) {
            long r = iv_thread_join((int)tids[i]);
            if (r) {
                t_puts("join failed\n");
                return 1;
            }
        } else {
            int v;
            while ((v = __atomic_load_n(&ctid[i], __ATOMIC_ACQUIRE)) != 0)
                iv_futex_wait(&ctid[i], v, -1, 0);
        }
    }
    t_putline("counter", counter);
    return counter == (long)n * ITERS ? 0 : 1;
}
