/* canary MS: fills a heap block and a stack block with canaries, sleeps MS
 * milliseconds in small steps (while a neighbour cVM misbehaves), then
 * checks every canary and the data segment, and prints "canary ok". */
#include "util.h"

#define N (256 * 1024)
static unsigned long data_canary[512] = {1};

int main(int argc, char **argv)
{
    long ms = 300;
    if (argc > 1) {
        ms = 0;
        for (const char *p = argv[1]; *p; p++)
            ms = ms * 10 + (*p - '0');
    }
    long heap = iv_mmap(0, N, IV_PROT_READ | IV_PROT_WRITE, 0);
    if (IV_IS_ERR(heap))
        return 1;
    unsigned long *h = (unsigned long *)heap;
    volatile unsigned long stack[256];
    for (unsigned long i = 0; i < N / 8; i++)
        h[i] = i * 0x9e3779b97f4a7c15ul;
    for (unsigned long i = 0; i < 256; i++)
        stack[i] = ~i;
    for (unsigned long i = 0; i < 512; i++)
        data_canary[i] = i ^ 0x5555;
    for (long t = 0; t < ms; t += 10)
        iv_nanosleep(10 * 1000 * 1000);
    for (unsigned long i = 0; i < N / 8; i++)
        if (h[i] != i * 0x9e3779b97f4a7c15ul)
            return 3;
    for (unsigned long i = 0; i < 256; i++)
        if (stack[i] != ~i)
            return 4;
    for (unsigned long i = 0; i < 512; i++)
        if (data_canary[i] != (i ^ 0x5555))
            return 5;
    t_puts("canary ok\n");
    return 0;
}
