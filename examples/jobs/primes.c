/* Demo job (examples/demo.yaml): counts the primes below N with T threads,
 * each sieving its own segment against the small primes.  Ordinary C with
 * pthreads; ivcc makes it a cVM.   usage: primes N T */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long n, *small, nsmall;

struct seg {
    long lo, hi, count;
};

static void *sieve(void *arg)
{
    struct seg *s = arg;
    long len = s->hi - s->lo;
    char *comp = calloc((size_t)len, 1);
    if (!comp)
        return NULL;
    for (long i = 0; i < nsmall; i++) {
        long p = small[i], start = (s->lo + p - 1) / p * p;
        if (start < p * p)
            start = p * p;
        for (long m = start; m < s->hi; m += p)
            comp[m - s->lo] = 1;
    }
    for (long k = 0; k < len; k++)
        s->count += !comp[k] && s->lo + k >= 2;
    free(comp);
    return NULL;
}

int main(int argc, char **argv)
{
    n = argc > 1 ? atol(argv[1]) : 1000000;
    int t = argc > 2 ? atoi(argv[2]) : 4;
    if (n < 2 || t < 1 || t > 64)
        return 2;
    long r = (long)sqrt((double)n) + 1;
    char *c = calloc((size_t)r + 1, 1);
    small = malloc(sizeof *small * (size_t)(r + 1));
    for (long i = 2; i <= r; i++)
        if (!c[i]) {
            small[nsmall++] = i;
            for (long m = i * i; m <= r; m += i)
                c[m] = 1;
        }
    pthread_t th[64];
    struct seg sg[64];
    long step = (n + t - 1) / t;
    for (int i = 0; i < t; i++) {
        sg[i] = (struct seg){i * step, (i + 1) * step < n ? (i + 1) * step : n, 0};
        if (pthread_create(&th[i], NULL, sieve, &sg[i])) {
            fprintf(stderr, "primes: cannot start thread %d\n", i);
            return 1;
        }
    }
    long total = 0;
    for (int i = 0; i < t; i++) {
        pthread_join(th[i], NULL);
        total += sg[i].count;
    }
    printf("primes: %ld primes below %ld (%d threads)\n", total, n, t);
    return 0;
}
