/* The stack protector in a cVM: ivcc has the canary read from musl's
 * __stack_chk_guard (-mstack-protector-guard=global; %fs:0x28 is the
 * monitor's own), so an overflow past a local buffer must still end the
 * program in __stack_chk_fail.  Argument: how many bytes to copy into a
 * 16-byte buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static int smash(const char *s, size_t n)
{
    char buf[16];
    memcpy(buf, s, n); /* beyond 16 it runs over the canary */
    return buf[0] + buf[15];
}

int main(int argc, char **argv)
{
    char big[64];
    memset(big, 'x', sizeof big);
    size_t n = argc > 1 ? (size_t)atoi(argv[1]) : 8;
    if (n > sizeof big)
        n = sizeof big;
    printf("smash(%zu) = %d\n", n, smash(big, n));
    fflush(stdout);
    return 0;
}
