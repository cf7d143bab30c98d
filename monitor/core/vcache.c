/* The verification cache.  Verifying is most of what starting a cVM costs
 * (docs/benchmarks.md "Monitor"), and its verdict depends only on the
 * image's bytes and on the code that verified them.  So an accepted image
 * leaves a file named by SHA-256(this monitor's code, the image's SHA-256)
 * holding the fast-return sites the verifier reported; the next start of
 * the same bytes by the same build reads them instead (NaCl's validation
 * cache is the same idea, keyed the same way).
 *
 * What it trusts: nothing on disk.  Files a cVM creates through its
 * hostcalls are the monitor user's files, so a cVM whose root holds the
 * cache directory could write one; an entry is therefore believed only
 * with an HMAC-SHA-256 under a secret kept in the user's kernel keyring,
 * which no cVM can reach (it makes no system calls) and which every
 * monitor of the user shares.  No keyring (some container sandboxes
 * refuse keyctl): no cache.  The ownership checks on the directory and
 * the entry are a second line.  Refused images never leave an entry.
 * "This monitor's code" is the build ID of every object loaded into the
 * process when the cache is first used (the monitor and the libraries it
 * verifies with, Zydis among them): a rebuilt or updated verifier never
 * meets its predecessor's verdicts.  Without build IDs there is no cache.
 *
 * The secret is read before the seccomp filter is on (first use, or
 * iv_vcache_init); afterwards only calls the filter allows are made
 * (openat where it is allowed, fstat, newfstatat, mkdirat, renameat2,
 * unlinkat, getdents64, fcntl, lseek); any failure is a miss. */
#include "core/vcache.h"
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <linux/keyctl.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Entries are regenerated on demand; past this many the directory is
 * emptied (a store counts them, which it does only after verifying). */
#define VC_MAX_ENTRIES 4096
#define VC_NAME_LEN 64 /* hex SHA-256 */
/* Larger entries are not kept (an image with a million masked returns). */
#define VC_MAX_BYTES ((size_t)4 << 20)
#define VC_SECRET_NAME "intravisor:verification-cache"
/* keyutils.h's permission bits (not installed with the kernel headers). */
#define VC_KEY_POS_ALL 0x3f000000u
#define VC_KEY_USR_VIEW_READ_SEARCH 0x000b0000u

static const char vc_magic[8] = {'I', 'V', 'V', 'C', 1, 0, 0, 0};
struct vc_head {
    char magic[8];
    uint8_t key[32];
    uint32_t nrets, zero;
}; /* then uint32_t rets[nrets], then HMAC-SHA-256 of all that */

static struct sha256_ctx salt; /* the domain and every build ID, hashed */
static char *dir_path;         /* NULL: no cache */
/* The default place is the base (XDG_CACHE_HOME or HOME, resolved as it
 * is) and below it `below`, walked without following any symlink: a cVM
 * whose root holds HOME could otherwise make .cache a link elsewhere. */
static char *base_path;
static const char *below = "";
static uint8_t secret[32];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static void setup(void);
static int warned;

struct ids {
    struct sha256_ctx *ctx;
    int missing;
};

/* The GNU build ID in one object's notes, or NULL. */
static const uint8_t *build_id(const struct dl_phdr_info *info, uint32_t *len)
{
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const Elf64_Phdr *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        const uint8_t *p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
        while ((size_t)(end - p) >= sizeof(Elf64_Nhdr)) {
            const Elf64_Nhdr *n = (const Elf64_Nhdr *)p;
            size_t name = (n->n_namesz + 3u) & ~3u, desc = (n->n_descsz + 3u) & ~3u;
            if (name + desc > (size_t)(end - p) - sizeof *n)
                break;
            const uint8_t *nm = p + sizeof *n;
            if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && !memcmp(nm, "GNU", 4)) {
                *len = n->n_descsz;
                return nm + name;
            }
            p += sizeof *n + name + desc;
        }
    }
    return NULL;
}

static int mix_object(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    struct ids *ids = arg;
    uint32_t len = 0;
    const uint8_t *id = build_id(info, &len);
    if (!id) {
        ids->missing = 1;
        return 1;
    }
    sha256_update(ids->ctx, sizeof len, (const uint8_t *)&len);
    sha256_update(ids->ctx, len, id);
    return 0;
}

/* The user's secret from the kernel keyring, made on first use: 0 or -1. */
static int get_secret(void)
{
    long id = syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_USER_KEYRING, "user", VC_SECRET_NAME, 0);
    if (id < 0) {
        uint8_t k[32];
        if (getrandom(k, sizeof k, 0) != (ssize_t)sizeof k)
            return -1;
        /* Made in this thread's keyring, which it possesses, so that it
         * may set the permissions (every process of the user may find and
         * read the key, not only those whose session keyring links the
         * user keyring); then linked into the user keyring, replacing any
         * key of that name. */
        id = syscall(SYS_add_key, "user", VC_SECRET_NAME, k, sizeof k, KEY_SPEC_THREAD_KEYRING);
        if (id < 0 || syscall(SYS_keyctl, KEYCTL_SETPERM, id, VC_KEY_POS_ALL | VC_KEY_USR_VIEW_READ_SEARCH) ||
            syscall(SYS_keyctl, KEYCTL_LINK, id, KEY_SPEC_USER_KEYRING))
            return -1;
    }
    return syscall(SYS_keyctl, KEYCTL_READ, id, secret, sizeof secret) == (long)sizeof secret ? 0 : -1;
}

void iv_vcache_init(void) { pthread_once(&once, setup); }

static void setup(void)
{
    static const char domain[] = "intravisor verification cache 1";
    sha256_init(&salt);
    sha256_update(&salt, sizeof domain, (const uint8_t *)domain);
    struct ids ids = {&salt, 0};
    dl_iterate_phdr(mix_object, &ids);
    if (ids.missing)
        return;
    const char *e = getenv("IV_VERIFY_CACHE"), *base;
    if (e && (!*e || !strcmp(e, "off") || *e != '/'))
        return; /* off; a relative path would follow the current directory */
    if (get_secret())
        return;
    if (e) {
        dir_path = strdup(e);
        return;
    }
    const char *suffix = "/intravisor/verified";
    if ((base = getenv("XDG_CACHE_HOME")) && *base == '/')
        ;
    else if ((base = getenv("HOME")) && *base == '/')
        suffix = "/.cache/intravisor/verified";
    else
        return;
    if (asprintf(&dir_path, "%s%s", base, suffix) < 0 || !(base_path = strdup(base))) {
        free(dir_path);
        dir_path = NULL;
    }
    below = suffix + 1;
}

static int trusted(const struct stat *st)
{
    return st->st_uid == geteuid() && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

/* `mkdir -p`, each new directory private, and only inside a directory of
 * the monitor's own user (root with another user's HOME makes nothing in
 * it). */
static void make_dirs(const char *path)
{
    char *p = strdup(path);
    size_t n = p ? strlen(p) : 0;
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i])
            continue;
        char c = p[i];
        p[i] = 0;
        struct stat st;
        if (stat(p, &st)) { /* missing: made if its parent is ours */
            char *up = strrchr(p, '/');
            *up = 0;
            int mine = !stat(*p ? p : "/", &st) && st.st_uid == geteuid();
            *up = '/';
            if (!mine || mkdirat(AT_FDCWD, p, 0700)) {
                p[i] = c;
                break;
            }
        }
        p[i] = c;
    }
    free(p);
}

/* The cache directory, if it is there (made if `create`) and trusted. */
static int open_dir(int create)
{
    pthread_once(&once, setup);
    if (!dir_path)
        return -1;
    struct stat st;
    int fd;
    if (!base_path) { /* IV_VERIFY_CACHE: the operator's path, as it resolves */
        fd = open(dir_path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT && create) {
            make_dirs(dir_path);
            fd = open(dir_path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
    } else {
        fd = open(base_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        char part[64];
        for (const char *c = below; fd >= 0 && *c;) {
            size_t n = strcspn(c, "/");
            snprintf(part, sizeof part, "%.*s", (int)n, c);
            c += n + (c[n] == '/');
            int next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            /* A missing one is made only inside a directory of this user. */
            if (next < 0 && errno == ENOENT && create && !fstat(fd, &st) && st.st_uid == geteuid() &&
                !mkdirat(fd, part, 0700))
                next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            close(fd);
            fd = next;
        }
    }
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) || !trusted(&st)) {
        if (!__atomic_exchange_n(&warned, 1, __ATOMIC_RELAXED))
            fprintf(stderr, "intravisor: verification cache %s: not owned by this user or writable by others: not used\n",
                    dir_path);
        close(fd);
        return -1;
    }
    return fd;
}

static void name_of(const uint8_t image_hash[32], uint8_t key[32], char name[VC_NAME_LEN + 1])
{
    struct sha256_ctx c = salt;
    sha256_update(&c, 32, image_hash);
    sha256_digest(&c, 32, key);
    for (int i = 0; i < 32; i++)
        snprintf(name + 2 * i, 3, "%02x", key[i]);
}

static void mac(const uint8_t *p, size_t n, uint8_t out[32])
{
    struct hmac_sha256_ctx c;
    hmac_sha256_set_key(&c, sizeof secret, secret);
    hmac_sha256_update(&c, n, p);
    hmac_sha256_digest(&c, 32, out);
}

/* Checks an entry's bytes; its sites into img.  1 or 0. */
static int take(struct iv_image *img, const uint8_t *buf, size_t size, const uint8_t key[32])
{
    struct vc_head h;
    uint8_t s[32];
    if (size < sizeof h + 32)
        return 0;
    memcpy(&h, buf, sizeof h);
    mac(buf, size - 32, s);
    if (!memeql_sec(s, buf + size - 32, 32) || /* constant time: tells a forger nothing */ memcmp(h.magic, vc_magic, sizeof vc_magic) || memcmp(h.key, key, 32) ||
        h.zero || (size - sizeof h - 32) / 4 != h.nrets || (size - sizeof h - 32) % 4)
        return 0;
    uint32_t *r = NULL;
    if (h.nrets) {
        if (!(r = malloc((size_t)h.nrets * 4)))
            return 0;
        memcpy(r, buf + sizeof h, (size_t)h.nrets * 4);
    }
    for (uint32_t i = 1; i < h.nrets; i++)
        if (r[i] <= r[i - 1]) {
            free(r);
            return 0;
        }
    free(img->rets);
    img->rets = r;
    img->nrets = img->rets_cap = h.nrets;
    img->rets_lost = 0;
    return 1;
}

int iv_vcache_find(struct iv_image *img)
{
    int dfd = open_dir(0);
    if (dfd < 0)
        return 0;
    uint8_t key[32];
    char name[VC_NAME_LEN + 1];
    name_of(img->hash, key, name);
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC); /* (a FIFO never blocks) */
    close(dfd);
    if (fd < 0)
        return 0;
    struct stat st;
    /* A masked return is at least 3 bytes of the image. */
    size_t most = sizeof(struct vc_head) + 32 + 4 * (img->size / 3 + 1);
    most = most < VC_MAX_BYTES ? most : VC_MAX_BYTES;
    int hit = 0;
    if (!fstat(fd, &st) && S_ISREG(st.st_mode) && trusted(&st) && (uint64_t)st.st_size <= most) {
        size_t n = (size_t)st.st_size, got = 0;
        uint8_t *buf = malloc(n ? n : 1);
        while (buf && got < n) {
            ssize_t r = read(fd, buf + got, n - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        hit = buf && got == n && take(img, buf, n, key);
        free(buf);
    }
    close(fd);
    return hit;
}

/* Empties the directory once it holds VC_MAX_ENTRIES names of ours. */
static void prune(int dfd)
{
    int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    for (int pass = 0, n = 0; pass < 2; pass++, rewinddir(d)) {
        struct dirent *de;
        while ((de = readdir(d))) {
            int ours = strlen(de->d_name) == VC_NAME_LEN || !strncmp(de->d_name, ".tmp-", 5);
            if (ours && pass == 0)
                n++;
            else if (ours)
                unlinkat(dfd, de->d_name, 0);
        }
        if (pass == 0 && n < VC_MAX_ENTRIES)
            break;
    }
    closedir(d);
}

void iv_vcache_store(const struct iv_image *img)
{
    if (img->rets_lost || img->nrets > (VC_MAX_BYTES - sizeof(struct vc_head) - 32) / 4)
        return;
    int dfd = open_dir(1);
    if (dfd < 0)
        return;
    struct vc_head h;
    memcpy(h.magic, vc_magic, sizeof h.magic);
    char name[VC_NAME_LEN + 1], tmp[64];
    name_of(img->hash, h.key, name);
    h.nrets = (uint32_t)img->nrets;
    h.zero = 0;
    size_t n = sizeof h + 4 * img->nrets + 32;
    uint8_t *buf = malloc(n);
    if (!buf) {
        close(dfd);
        return;
    }
    memcpy(buf, &h, sizeof h);
    if (img->nrets)
        memcpy(buf + sizeof h, img->rets, 4 * img->nrets);
    mac(buf, n - 32, buf + n - 32);
    prune(dfd);
    static unsigned seq;
    snprintf(tmp, sizeof tmp, ".tmp-%d-%d-%u", (int)getpid(), (int)gettid(),
             __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED));
    int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        size_t put = 0;
        while (put < n) {
            ssize_t w = write(fd, buf + put, n - put);
            if (w <= 0)
                break;
            put += (size_t)w;
        }
        int ok = !close(fd) && put == n;
        /* The system call itself: glibc's renameat2 makes flags 0 a
         * renameat, which the filter does not list. */
        if (!ok || syscall(SYS_renameat2, dfd, tmp, dfd, name, 0))
            unlinkat(dfd, tmp, 0);
    }
    free(buf);
    close(dfd);
}
