/* budget: maps 1 MiB chunks until the monitor says no; prints how many
 * fit (the test runs it with a small --mem), then checks that freeing one
 * makes room again. */
#include "util.h"

int main(void)
{
    long n = 0, last = 0;
    for (;;) {
        long p = iv_mmap(0, 1 << 20, IV_PROT_READ | IV_PROT_WRITE, 0);
        if (IV_IS_ERR(p)) {
            if (p != -12)
                return 2;
            break;
        }
        ((char *)p)[0] = 1;
        last = p;
        if (++n > 100000)
            return 3;
    }
    t_puts("chunks ");
    t_putnum(n);
    t_puts("\n");
    if (!last || iv_munmap((void *)last, 1 << 20))
        return 4;
    if (IV_IS_ERR(iv_mmap(0, 1 << 20, IV_PROT_READ | IV_PROT_WRITE, 0)))
        return 5;
    return 0;
}
