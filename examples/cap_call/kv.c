/* CAP Calls example (docs/ipc.md): a key-value service cVM and its clients.
 *   kv serve              export put/get/count, serve until every client
 *                         (every cVM the YAML lets call us) has ended
 *   kv client ID N        store N keys through CAP calls, read them back
 * Keys and values travel through the capfile "kvbuf": client ID owns the
 * 8 KiB window at ID * 8 KiB and passes offsets into it; the call itself
 * carries only integers.  The calling thread runs put/get inside the
 * service, so the table is locked against concurrent clients. */
#include <errno.h>
#include <intravisor.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 8192
#define MAX_KEY 128
#define MAX_VAL 1024
#define BUCKETS 4096

static unsigned char *buf; /* the service's mapping of kvbuf */
static uint64_t buf_size;

struct entry {
    struct entry *next;
    size_t klen, vlen;
    char *key, *val;
};
static struct entry *table[BUCKETS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long n_entries, n_put, n_get;

static unsigned hash(const char *k, size_t n)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 16777619u;
    return h % BUCKETS;
}

/* Copies [off, off+len) of the capfile out before use: the client can
 * change the shared bytes at any time, so they are read exactly once. */
static int fetch(long off, long len, long max, char *out)
{
    if (off < 0 || len < 0 || len > max || (uint64_t)off > buf_size || (uint64_t)len > buf_size - (uint64_t)off)
        return -EINVAL;
    memcpy(out, buf + off, (size_t)len);
    return 0;
}

static struct entry *find(const char *k, size_t klen)
{
    for (struct entry *e = table[hash(k, klen)]; e; e = e->next)
        if (e->klen == klen && !memcmp(e->key, k, klen))
            return e;
    return NULL;
}

static long put(long koff, long klen, long voff, long vlen, long u1, long u2)
{
    (void)u1, (void)u2;
    char k[MAX_KEY], v[MAX_VAL];
    if (fetch(koff, klen, MAX_KEY, k) || fetch(voff, vlen, MAX_VAL, v))
        return -EINVAL;
    char *nv = malloc((size_t)vlen + 1);
    if (!nv)
        return -ENOMEM;
    memcpy(nv, v, (size_t)vlen);
    pthread_mutex_lock(&lock);
    n_put++;
    struct entry *e = find(k, (size_t)klen);
    if (!e && (e = calloc(1, sizeof *e)) && (e->key = malloc((size_t)klen))) {
        memcpy(e->key, k, (size_t)klen);
        e->klen = (size_t)klen;
        unsigned h = hash(k, (size_t)klen);
        e->next = table[h];
        table[h] = e;
        n_entries++;
    } else if (e && !e->key) {
        free(e);
        e = NULL;
    }
    if (e) {
        free(e->val);
        e->val = nv;
        e->vlen = (size_t)vlen;
    }
    pthread_mutex_unlock(&lock);
    if (!e) {
        free(nv);
        return -ENOMEM;
    }
    return 0;
}

/* Writes the value at [out, out + cap) of the capfile; returns its length. */
static long get(long koff, long klen, long out, long cap, long u1, long u2)
{
    (void)u1, (void)u2;
    char k[MAX_KEY];
    if (fetch(koff, klen, MAX_KEY, k) || out < 0 || cap < 0 || (uint64_t)out > buf_size ||
        (uint64_t)cap > buf_size - (uint64_t)out)
        return -EINVAL;
    pthread_mutex_lock(&lock);
    n_get++;
    struct entry *e = find(k, (size_t)klen);
    long r = !e ? -ENOENT : (long)e->vlen > cap ? -ERANGE : (long)e->vlen;
    if (r >= 0)
        memcpy(buf + out, e->val, e->vlen);
    pthread_mutex_unlock(&lock);
    return r;
}

static long count(long u0, long u1, long u2, long u3, long u4, long u5)
{
    (void)u0, (void)u1, (void)u2, (void)u3, (void)u4, (void)u5;
    pthread_mutex_lock(&lock);
    long n = n_entries;
    pthread_mutex_unlock(&lock);
    return n;
}

static int serve(void)
{
    long a = iv_cap_file_map("kvbuf", &buf_size, IV_PROT_READ | IV_PROT_WRITE);
    if (IV_IS_ERR(a)) {
        fprintf(stderr, "kv: cannot map kvbuf: %s\n", strerror((int)-a));
        return 1;
    }
    buf = (unsigned char *)a;
    if (iv_cap_export("put", put) || iv_cap_export("get", get) || iv_cap_export("count", count)) {
        fprintf(stderr, "kv: cannot export\n");
        return 1;
    }
    printf("kv: serving put/get/count\n");
    fflush(stdout);
    iv_cap_serve(); /* returns when every client has ended */
    printf("kv: clients gone after %ld puts and %ld gets; %ld keys stored\n", n_put, n_get, n_entries);
    return 0;
}

static long must_import(const char *fn)
{
    long h = iv_cap_import("kv", fn, 10000000000ll); /* waits up to 10 s for the export */
    if (h < 0) {
        fprintf(stderr, "client: import kv.%s: %s\n", fn, strerror((int)-h));
        exit(1);
    }
    return h;
}

static int client(long id, long n)
{
    uint64_t size;
    long a = iv_cap_file_map("kvbuf", &size, IV_PROT_READ | IV_PROT_WRITE);
    if (IV_IS_ERR(a) || (uint64_t)(id + 1) * WINDOW > size) {
        fprintf(stderr, "client %ld: no window in kvbuf\n", id);
        return 1;
    }
    char *win = (char *)a + id * WINDOW; /* [key 256 | value 1K | reply 1K] */
    long koff = id * WINDOW, voff = koff + 256, roff = voff + MAX_VAL;
    long h_put = must_import("put"), h_get = must_import("get"), h_count = must_import("count");
    long stored = 0, correct = 0;
    for (long i = 0; i < n; i++) {
        int kl = snprintf(win, 256, "client%ld/key%ld", id, i);
        int vl = snprintf(win + 256, MAX_VAL, "value %ld squared is %ld", i, i * i);
        stored += iv_cap_call(h_put, koff, kl, voff, vl, 0, 0) == 0;
    }
    for (long i = 0; i < n; i++) {
        int kl = snprintf(win, 256, "client%ld/key%ld", id, i);
        char want[MAX_VAL];
        int wl = snprintf(want, sizeof want, "value %ld squared is %ld", i, i * i);
        long r = iv_cap_call(h_get, koff, kl, roff, MAX_VAL, 0, 0);
        correct += r == wl && !memcmp(win + (roff - koff), want, (size_t)wl);
    }
    int kl = snprintf(win, 256, "client%ld/missing", id);
    long missing = iv_cap_call(h_get, koff, kl, roff, MAX_VAL, 0, 0);
    printf("client %ld: stored %ld keys, read back %ld correct, missing key: %s\n", id, stored, correct,
           missing == -ENOENT ? "ENOENT" : "unexpected");
    printf("client %ld: the service holds at least %ld keys\n", id, iv_cap_call(h_count, 0, 0, 0, 0, 0, 0) >= n ? n : -1L);
    return stored == n && correct == n && missing == -ENOENT ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "serve"))
        return serve();
    if (argc >= 4 && !strcmp(argv[1], "client"))
        return client(atol(argv[2]), atol(argv[3]));
    fprintf(stderr, "usage: kv serve | kv client ID N\n");
    return 2;
}
