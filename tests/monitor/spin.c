/* spin [THREADS]: spins forever in cVM code; with THREADS, also starts that
 * many spinning threads and then blocks the main thread in a futex wait,
 * so ending it has to reach threads in cVM code and in a hostcall. */
#include "util.h"

static int never;

static void spinner(void *arg)
{
    (void)arg;
    for (volatile unsigned long i = 0;; i++)
        ;
}

int main(int argc, char **argv)
{
    int n = 0;
    if (argc > 1)
        for (const char *p = argv[1]; *p; p++)
            n = n * 10 + (*p - '0');
    for (int i = 0; i < n; i++) {
        long st = iv_mmap(0, 65536, IV_PROT_READ | IV_PROT_WRITE, 0);
        if (IV_IS_ERR(st) || iv_thread_create(spinner, 0, (char *)st + 65536, 0, 0) < 0)
            return 1;
    }
    t_puts("spinning\n");
    if (n)
        for (;;)
            iv_futex_wait(&never, 0, -1, 0);
    for (volatile unsigned long i = 0;; i++)
        ;
}
