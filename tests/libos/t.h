/* Tiny test protocol for cVM test programs: T(name, cond) prints
 * "PASS PREFIX-name" or "FAIL PREFIX-name: cond (errno N)" (tests/lib.sh);
 * main returns the number of failures. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
static const char *t_prefix = "libos";
static int t_fails;
#define T(name, cond)                                                                          \
    do {                                                                                       \
        int ok_ = (cond);                                                                      \
        int e_ = errno;                                                                        \
        if (ok_)                                                                               \
            printf("PASS %s-%s\n", t_prefix, name);                                            \
        else                                                                                   \
            printf("FAIL %s-%s: %s (errno %d %s)\n", t_prefix, name, #cond, e_, strerror(e_)); \
        t_fails += !ok_;                                                                       \
        fflush(stdout);                                                                        \
    } while (0)
/* call fails with errno e */
#define ERR(call, e) ((call) == -1 && errno == (e))
