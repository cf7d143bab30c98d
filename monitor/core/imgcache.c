/* Warm start: verifying is the dominant cost of deploying a small image, and
 * the result only depends on the bytes, so it is cached by their hash.  The
 * cache owns the bytes it hashed and verified, and a sealed template made
 * from them that every region maps (core/loader.c), so swapping the file
 * after verification changes nothing.
 *
 * Each image is read and hashed once per monitor, however many cVMs use
 * it: a file whose identity and times (device, inode, size, modification
 * and change time) match a cached entry is not read again.  Any write to
 * the file changes its change time (which no program can set), so a
 * changed file is always read, hashed and, if new, verified again. */
#include "core/imgcache.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A file the cache has read, and the entry its bytes are. */
struct seen {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
    struct entry *e;
    struct seen *next;
};

struct entry {
    struct iv_image img;
    struct entry *next;
};
static struct entry *cache;
static struct seen *seen;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int same_file(const struct seen *s, const struct stat *st)
{
    return s->dev == st->st_dev && s->ino == st->st_ino && s->size == st->st_size &&
           s->mtime.tv_sec == st->st_mtim.tv_sec && s->mtime.tv_nsec == st->st_mtim.tv_nsec &&
           s->ctime.tv_sec == st->st_ctim.tv_sec && s->ctime.tv_nsec == st->st_ctim.tv_nsec;
}

/* Under lock. */
static void remember(const struct stat *st, struct entry *e)
{
    struct seen *s = malloc(sizeof *s);
    if (!s)
        return; /* only the fast path is lost */
    *s = (struct seen){st->st_dev, st->st_ino, st->st_size, st->st_mtim, st->st_ctim, e, seen};
    seen = s;
}

static const struct iv_image *get(const char *path, int fast)
{
    struct stat st;
    int have_st = stat(path, &st) == 0;
    pthread_mutex_lock(&lock);
    for (struct seen *s = seen; fast && have_st && s; s = s->next)
        if (same_file(s, &st)) {
            pthread_mutex_unlock(&lock);
            return &s->e->img;
        }
    pthread_mutex_unlock(&lock);
    struct iv_image tmp;
    if (iv_image_read(path, &tmp))
        return NULL;
    pthread_mutex_lock(&lock);
    for (struct entry *e = cache; e; e = e->next)
        if (!memcmp(e->img.hash, tmp.hash, 32)) {
            if (have_st)
                remember(&st, e);
            pthread_mutex_unlock(&lock);
            iv_image_free(&tmp);
            return &e->img;
        }
    pthread_mutex_unlock(&lock);
    if (iv_image_verify(&tmp)) {
        iv_image_free(&tmp);
        return NULL;
    }
    iv_image_make_template(&tmp); /* if it fails, each region gets a copy */
    iv_image_trim(&tmp);
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
    if (have_st)
        remember(&st, e);
    pthread_mutex_unlock(&lock);
    return &e->img;
}

const struct iv_image *iv_imgcache_get(const char *path) { return get(path, 1); }
const struct iv_image *iv_imgcache_get_reread(const char *path) { return get(path, 0); }
