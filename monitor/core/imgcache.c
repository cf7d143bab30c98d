/* Warm start: verifying is the dominant cost of deploying a small image, and
 * the result only depends on the bytes, so it is cached by their hash.  The
 * cache owns the bytes it hashed and verified, and the loader maps from
 * those, so swapping the file after verification changes nothing. */
#include "core/imgcache.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

/* SHA-256 from libcrypto (SHA-NI / AVX2 code paths, ~10x a portable C
 * loop).  The digest is fetched once, before the seccomp filter is
 * installed (iv_imgcache_init), so no later hash loads configuration. */
static EVP_MD *sha256;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
static void sha256_fetch(void) { sha256 = EVP_MD_fetch(NULL, "SHA256", NULL); }

void iv_imgcache_init(void) { pthread_once(&sha256_once, sha256_fetch); }

static int hash(const void *data, size_t size, uint8_t out[32])
{
    iv_imgcache_init();
    unsigned len = 0;
    return sha256 && EVP_Digest(data, size, out, &len, sha256, NULL) == 1 && len == 32 ? 0 : -1;
}

struct entry {
    struct iv_image img;
    struct entry *next;
};
static struct entry *cache;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

const struct iv_image *iv_imgcache_get(const char *path)
{
    struct iv_image tmp;
    if (iv_image_read(path, &tmp))
        return NULL;
    if (hash(tmp.data, tmp.size, tmp.hash)) {
        fprintf(stderr, "intravisor: %s: cannot hash the image (libcrypto)\n", path);
        iv_image_free(&tmp);
        return NULL;
    }
    pthread_mutex_lock(&lock);
    for (struct entry *e = cache; e; e = e->next)
        if (!memcmp(e->img.hash, tmp.hash, 32)) {
            pthread_mutex_unlock(&lock);
            iv_image_free(&tmp);
            return &e->img;
        }
    pthread_mutex_unlock(&lock);
    if (iv_image_verify(&tmp)) {
        iv_image_free(&tmp);
        return NULL;
    }
    struct entry *e = malloc(sizeof *e);
    if (!e) {
        iv_image_free(&tmp);
        return NULL;
    }
    e->img = tmp;
    e->img.path = strdup(path);
    pthread_mutex_lock(&lock);
    e->next = cache;
    cache = e;
    pthread_mutex_unlock(&lock);
    return &e->img;
}
