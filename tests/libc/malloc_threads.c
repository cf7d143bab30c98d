/* malloc_threads N: N threads allocate, fill, check and free blocks of
 * many sizes, and free each other's blocks through a shared ring (the
 * cross-thread free path); prints "malloc-threads N ok" or what broke. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 20000
#define RING 64
static void *ring[RING];
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static int bad;

static void *worker(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg * 2654435761u + 1;
    for (int i = 0; i < ROUNDS; i++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = 1 + (seed >> 8) % (i % 97 == 0 ? 200000 : 2000);
        unsigned char *p = malloc(n);
        if (!p) {
            __atomic_fetch_add(&bad, 1, __ATOMIC_RELAXED);
            continue;
        }
        memset(p, (int)(n & 0xff), n);
        if (p[0] != (n & 0xff) || p[n - 1] != (n & 0xff))
            __atomic_fetch_add(&bad, 1, __ATOMIC_RELAXED);
        if (i % 3 == 0) { /* hand it to whichever thread takes the slot next */
            pthread_mutex_lock(&ring_lock);
            void *old = ring[seed % RING];
            ring[seed % RING] = p;
            pthread_mutex_unlock(&ring_lock);
            free(old);
        } else {
            p = realloc(p, n * 2);
            if (!p || p[n - 1] != (n & 0xff))
                __atomic_fetch_add(&bad, 1, __ATOMIC_RELAXED);
            free(p);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 4;
    pthread_t t[64];
    for (int i = 0; i < n && i < 64; i++)
        pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)(i + 1));
    for (int i = 0; i < n && i < 64; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < RING; i++)
        free(ring[i]);
    if (bad)
        printf("malloc-threads %d: %d bad blocks\n", n, bad);
    else
        printf("malloc-threads %d ok\n", n);
    return bad != 0;
}
