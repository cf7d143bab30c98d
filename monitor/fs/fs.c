/* A cVM's descriptor table and path resolution (docs/hostcalls.md "Files").
 *
 * Confinement: every path a cVM names is turned into an absolute path
 * inside its root and opened with openat2(root_fd, path,
 * RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): the kernel then treats the root
 * as "/" for "..", absolute symlinks and relative symlinks alike, atomically
 * (no check-then-use race with a cVM renaming things), and refuses
 * /proc/self/root-style magic links.  Operations on a final name (mkdir,
 * unlink, rename, ...) open the parent that way and use the *at call on a
 * single component that is never "." or "..", so nothing is followed
 * outside the kernel's confined walk.
 *
 * Relative paths: RESOLVE_IN_ROOT would make the starting directory the
 * root (so ".." could never leave it), so a relative path is made absolute
 * first: the directory's place inside the root is read back from
 * /proc/self/fd (the kernel's own name for the open directory, so a
 * directory renamed after chdir is still followed).  The working directory
 * is an O_PATH fd kept here. */
#include "fs/fs.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h> /* ST_NODEV, as statfs f_flags reports it */
#include <sys/syscall.h>
#include <intravisor/hostcall.h>
#include <intravisor/sfi.h>
#include "core/cvm.h"
#include "core/nocancel.h"

static int host_kernel_file(int h);

/* glibc's __O_TMPFILE includes O_DIRECTORY; this is the bit alone. */
#define TMPFILE_BIT (O_TMPFILE & ~O_DIRECTORY)

struct iv_file *fs_file_new(int host)
{
    /* malloc and a compound literal, not calloc: glibc's calloc bypasses
     * the per-thread cache, and a server opens and closes a file per
     * request. */
    struct iv_file *f = malloc(sizeof *f);
    if (f)
        *f = (struct iv_file){.host = host, .refs = 1};
    return f;
}

int fs_charge(struct iv_cvm *c, int n)
{
    return iv_charge_upto(&c->share, IV_RES_FD, n, c->share.kept_fds) ? -EMFILE : 0;
}
void fs_uncharge(struct iv_cvm *c, int n) { iv_uncharge(&c->share, IV_RES_FD, n); }

struct iv_file *fs_file_charged(struct iv_cvm *c, int host)
{
    struct iv_file *f = fs_file_new(host);
    if (f)
        f->share = &c->share;
    return f;
}

static int host_readlink_fd(int h, char *out, size_t cap)
{
    char link[40];
    snprintf(link, sizeof link, "/proc/self/fd/%d", h);
    ssize_t n = readlinkat(AT_FDCWD, link, out, cap - 1);
    if (n < 0)
        return -errno;
    if ((size_t)n >= cap - 1)
        return -ENAMETOOLONG;
    out[n] = 0;
    return (int)n;
}

/* If the monitor was started with 0, 1 or 2 closed, the first file a cVM
 * opens would get that host number and every cVM's "stdin" would be that
 * file.  So, once, a closed one is pointed at /dev/null, or (if even that
 * fails) never granted. */
static int std_ok[3];
static void check_stdio(void)
{
    for (int i = 0; i < 3; i++) {
        std_ok[i] = fcntl(i, F_GETFD) >= 0;
        if (!std_ok[i])
            std_ok[i] = open("/dev/null", O_RDWR) == i; /* lowest free number */
    }
}

/* Sets up fds 0-2 (the monitor's stdio) and, if root is non-NULL, the file
 * system rooted there.  Prints a message and returns -1 on failure. */
static int fs_init(struct iv_fs *fs, const char *root, int rw, const char *cwd)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, check_stdio);
    memset(fs, 0, sizeof *fs);
    pthread_mutex_init(&fs->lock, NULL);
    fs->root = fs->cwd = -1;
    fs->rw = rw;
    if (fs_slot_make(fs, 7)) /* stdio and a few more */
        return -1;
    for (int i = 0; i < 3; i++) {
        if (!std_ok[i])
            continue;
        fs->fd[i] = fs_file_new(i);
        if (!fs->fd[i])
            return -1;
        fs->fd[i]->noclose = 1; /* the monitor's stdio, shared by every cVM */
    }
    if (!root)
        return 0;
    fs->root = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    char real[IV_PATH_MAX + 64];
    if (fs->root < 0 || host_readlink_fd(fs->root, real, sizeof real) < 0 || real[0] != '/') {
        fprintf(stderr, "intravisor: --root %s: %s\n", root, strerror(errno ? errno : ENOTDIR));
        return -1;
    }
    fs->root_real = strdup(real);
    struct statfs sfs;
    fs->root_mount = host_kernel_file(fs->root) ? 1 : !fstatfs(fs->root, &sfs) && sfs.f_flags & ST_NODEV ? 2 : 0;
    fs->cwd = fcntl(fs->root, F_DUPFD_CLOEXEC, 3);
    if (!fs->root_real || fs->cwd < 0)
        return -1;
    if (cwd && strcmp(cwd, "/")) { /* resolved inside the root like any cVM path */
        int h = fs_open(fs, (uint64_t)IV_AT_FDCWD, cwd, O_PATH | O_DIRECTORY, 0);
        if (h < 0) {
            fprintf(stderr, "intravisor: working directory %s: %s\n", cwd, strerror(-h));
            return -1;
        }
        close(fs->cwd);
        fs->cwd = h;
        fs_cwd_changed(fs);
    }
    return 0;
}

void fs_fini(struct iv_fs *fs)
{
    for (int i = 0; i < fs->cap; i++)
        if (fs->fd[i]) {
            iv_fs_put(fs, fs->fd[i]);
            fs->fd[i] = NULL;
        }
    if (fs->root >= 0)
        close(fs->root);
    if (fs->cwd >= 0)
        close(fs->cwd);
    free(fs->cwd_place);
    fs->cwd_place = NULL;
    free(fs->root_real);
    free(fs->fd);
    free(fs->cloexec);
    fs->fd = NULL;
    fs->cloexec = NULL;
    fs->cap = 0;
    pthread_mutex_destroy(&fs->lock);
}

/* ---- the subsystem's hook ----------------------------------------------- */

int iv_fs_slot = -1;

static int fs_create(struct iv_cvm *c, const struct iv_cvm_opts *o)
{
    struct iv_fs *fs = malloc(sizeof *fs);
    if (!fs) {
        fprintf(stderr, "intravisor: cvm %s: out of memory\n", c->name);
        return -1;
    }
    /* Its root and working directory are two host descriptors. */
    if (o->root && fs_charge(c, 2)) {
        fprintf(stderr, "intravisor: cvm %s: no descriptors left for its root\n", c->name);
        free(fs);
        return -1;
    }
    if (fs_init(fs, o->root, o->rw, o->cwd)) {
        fs_fini(fs);
        free(fs);
        if (o->root)
            fs_uncharge(c, 2);
        return -1;
    }
    /* binfmt runs: the root is also reachable by its host name (abs_path). */
    fs->host_paths = o->host_paths && fs->root >= 0 && strcmp(fs->root_real, "/");
    fs->owner = c;
    iv_cvm_state_set(c, iv_fs_slot, fs);
    return 0;
}

static void fs_destroy(struct iv_cvm *c)
{
    struct iv_fs *fs = iv_fs_of(c);
    if (fs->root >= 0)
        fs_uncharge(c, 2); /* its root and working directory */
    fs_fini(fs);
    free(fs);
    iv_cvm_state_set(c, iv_fs_slot, NULL);
}

void iv_fs_set_stdio(struct iv_cvm *c, int n, int h)
{
    struct iv_fs *fs = iv_fs_of(c);
    if (n >= 0 && n < 3 && n < fs->cap && fs->fd[n])
        fs->fd[n]->host = h;
}

/* Path hostcalls hold up to two host descriptors while they run (the
 * parents of a rename or link, an O_PATH object): charged to the cVM for
 * the call's duration, so no number of threads can take the process's. */
#define TRANSIENT_FDS 2
#define CHARGED(fn, ...)                                                          \
    {                                                                             \
        struct iv_cvm *c = iv_self->cvm;                                          \
        if (iv_charge(&c->share, IV_RES_FD, TRANSIENT_FDS))                       \
            return -EMFILE;                                                       \
        long r = fn(__VA_ARGS__);                                                 \
        fs_uncharge(c, TRANSIENT_FDS);                                            \
        return r;                                                                 \
    }
typedef uint64_t u64;
static long c_fstatat_path(u64 a, u64 b, u64 c_, u64 d) CHARGED(hc_fstatat, a, b, c_, d)
/* fstat (no path) opens nothing: no transient charge. */
static long c_fstatat(u64 a, u64 b, u64 c_, u64 d) { return b ? c_fstatat_path(a, b, c_, d) : hc_fstatat(a, b, c_, d); }
static long c_statfs_path(u64 a, u64 b, u64 c_) CHARGED(hc_statfs, a, b, c_)
static long c_statfs(u64 a, u64 b, u64 c_) { return b ? c_statfs_path(a, b, c_) : hc_statfs(a, b, c_); }
static long c_readlinkat(u64 a, u64 b, u64 c_, u64 d) CHARGED(hc_readlinkat, a, b, c_, d)
static long c_mkdirat(u64 a, u64 b, u64 c_) CHARGED(hc_mkdirat, a, b, c_)
static long c_unlinkat(u64 a, u64 b, u64 c_) CHARGED(hc_unlinkat, a, b, c_)
static long c_renameat(u64 a, u64 b, u64 c_, u64 d, u64 e) CHARGED(hc_renameat, a, b, c_, d, e)
static long c_faccessat(u64 a, u64 b, u64 c_, u64 d) CHARGED(hc_faccessat, a, b, c_, d)
static long c_utimensat(u64 a, u64 b, u64 c_, u64 d) CHARGED(hc_utimensat, a, b, c_, d)
static long c_chdir(u64 a, u64 b) CHARGED(hc_chdir, a, b)
static long c_symlinkat(u64 a, u64 b, u64 c_) CHARGED(hc_symlinkat, a, b, c_)
static long c_linkat(u64 a, u64 b, u64 c_, u64 d, u64 e) CHARGED(hc_linkat, a, b, c_, d, e)
static long c_fchmodat(u64 a, u64 b, u64 c_) CHARGED(hc_fchmodat, a, b, c_)

void iv_fs_register(void)
{
    static const struct iv_cvm_hooks hooks = {.name = "fs", .create = fs_create, .destroy = fs_destroy};
    iv_fs_slot = iv_cvm_hooks_register(&hooks);
    static const struct {
        int slot;
        iv_hc_fn fn;
    } calls[] = {
        {IV_HC_READ, IV_HC_FN(hc_read)},
        {IV_HC_WRITE, IV_HC_FN(hc_write)},
        {IV_HC_OPENAT, IV_HC_FN(hc_openat)},
        {IV_HC_CLOSE, IV_HC_FN(hc_close)},
        {IV_HC_PREAD, IV_HC_FN(hc_pread)},
        {IV_HC_PWRITE, IV_HC_FN(hc_pwrite)},
        {IV_HC_LSEEK, IV_HC_FN(hc_lseek)},
        {IV_HC_FSTATAT, IV_HC_FN(c_fstatat)},
        {IV_HC_STATFS, IV_HC_FN(c_statfs)},
        {IV_HC_GETDENTS, IV_HC_FN(hc_getdents)},
        {IV_HC_READLINKAT, IV_HC_FN(c_readlinkat)},
        {IV_HC_MKDIRAT, IV_HC_FN(c_mkdirat)},
        {IV_HC_UNLINKAT, IV_HC_FN(c_unlinkat)},
        {IV_HC_RENAMEAT, IV_HC_FN(c_renameat)},
        {IV_HC_FTRUNCATE, IV_HC_FN(hc_ftruncate)},
        {IV_HC_FSYNC, IV_HC_FN(hc_fsync)},
        {IV_HC_FCNTL, IV_HC_FN(hc_fcntl)},
        {IV_HC_DUP, IV_HC_FN(hc_dup)},
        {IV_HC_FACCESSAT, IV_HC_FN(c_faccessat)},
        {IV_HC_UTIMENSAT, IV_HC_FN(c_utimensat)},
        {IV_HC_PIPE, IV_HC_FN(hc_pipe)},
        {IV_HC_POLL, IV_HC_FN(hc_poll)},
        {IV_HC_ISATTY, IV_HC_FN(hc_isatty)},
        {IV_HC_CHDIR, IV_HC_FN(c_chdir)},
        {IV_HC_GETCWD, IV_HC_FN(hc_getcwd)},
        {IV_HC_SYMLINKAT, IV_HC_FN(c_symlinkat)},
        {IV_HC_LINKAT, IV_HC_FN(c_linkat)},
        {IV_HC_FCHMODAT, IV_HC_FN(c_fchmodat)},
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        iv_hostcall_register(calls[i].slot, calls[i].fn);
}

/* ---- names served by other subsystems ------------------------------------ */

/* Whether s starts with the n bytes of prefix (no NUL among them); inline
 * because every path call asks it of each prefix and tree. */
static inline int starts_with(const char *s, const char *prefix, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != prefix[i])
            return 0; /* also at s's NUL */
    return 1;
}

#define MAX_PREFIXES 8
static struct {
    const char *prefix;
    size_t len; /* every path call compares: no strlen each time */
    long (*open)(const char *rest, int flags);
} prefixes[MAX_PREFIXES];
static int nprefixes;

void iv_fs_add_prefix(const char *prefix, long (*open)(const char *rest, int flags))
{
    if (nprefixes < MAX_PREFIXES)
        prefixes[nprefixes++] = (typeof(prefixes[0])){prefix, strlen(prefix), open};
}

int fs_prefix_open(const char *path, int flags, long *result)
{
    for (int i = 0; i < nprefixes; i++) {
        size_t n = prefixes[i].len;
        if (starts_with(path, prefixes[i].prefix, n)) {
            *result = prefixes[i].open(path + n, flags);
            return 1;
        }
    }
    return 0;
}

/* ---- trees of names served by other subsystems (/dev, /proc) ------------- */

#define MAX_TREES 4
static struct {
    const char *prefix;
    size_t len;
    const struct iv_fs_tree_ops *ops;
} trees[MAX_TREES];
static int ntrees;

void iv_fs_add_tree(const char *prefix, const struct iv_fs_tree_ops *ops)
{
    if (ntrees < MAX_TREES)
        trees[ntrees++] = (typeof(trees[0])){prefix, strlen(prefix), ops};
}

/* Lexical normalisation of an absolute path, in place: "//" and "." go,
 * ".." removes the previous component (never above "/"); no trailing '/'.
 * Only used to decide whether a tree serves a path: paths of the root are
 * resolved by the kernel, symbolic links and all. */
static void normalise(char *p)
{
    char *out = p, *in = p;
    while (*in) {
        while (*in == '/')
            in++;
        char *end = strchrnul(in, '/');
        size_t n = (size_t)(end - in);
        if (n == 1 && in[0] == '.') {
            /* nothing */
        } else if (n == 2 && in[0] == '.' && in[1] == '.') {
            while (out > p && *--out != '/')
                ;
        } else if (n) {
            *out++ = '/';
            memmove(out, in, n);
            out += n;
        }
        in = end;
    }
    if (out == p)
        *out++ = '/';
    *out = 0;
}

/* Whether normalise(p) would leave absolute path p as it is: no empty,
 * "." or ".." component and no trailing '/' (but "/" itself).  Most paths
 * programs pass are like that; one pass over them costs less than the
 * copy and the component-by-component rewrite. */
static int is_normal(const char *p)
{
    if (p[0] != '/')
        return 0;
    if (!p[1])
        return 1;
    for (const char *c = p + 1;; c++) { /* c: the start of a component */
        if (*c == '/' || !*c)
            return 0; /* empty: "//" or a trailing '/' */
        if (c[0] == '.' && (c[1] == '/' || !c[1] || (c[1] == '.' && (c[2] == '/' || !c[2]))))
            return 0;
        while (*c && *c != '/') /* names are short: a loop beats strchrnul's set-up */
            c++;
        if (!*c)
            return 1;
    }
}

/* Forward: (dirfd, path) made absolute, see below. */
static int abs_any(struct iv_fs *fs, uint64_t dirfd, const char *path, char *out);

int fs_tree_find(struct iv_fs *fs, uint64_t dirfd, const char *path, char *abs, char *norm,
                 const struct iv_fs_tree_ops **tree, const char **rest)
{
    int r = abs_any(fs, dirfd, path, abs);
    if (r)
        return r;
    /* nm: the normalised path -- abs itself when it is normal already
     * (then a relative path's directory of a tree changes nothing). */
    const char *nm = abs;
    if (!is_normal(abs)) {
        strcpy(norm, abs);
        normalise(norm);
        nm = norm;
        if (abs[0] == '/' && path[0] != '/' && (int)dirfd != IV_AT_FDCWD) {
            /* Relative to a directory of a tree: that directory has no place
             * in the root, so what leaves the tree means its lexical path. */
            struct iv_file *f = iv_fs_get(fs, (uint32_t)dirfd);
            if (f && f->path)
                strcpy(abs, norm);
            if (f)
                iv_fs_put(fs, f);
        }
    }
    for (int i = 0; i < ntrees; i++) {
        size_t n = trees[i].len;
        if (starts_with(nm, trees[i].prefix, n) && (!nm[n] || nm[n] == '/')) {
            if (nm == abs)
                strcpy(norm, abs); /* *rest lives in norm: a caller reuses abs (rename) */
            *tree = trees[i].ops;
            *rest = norm + n + (norm[n] == '/');
            return 1;
        }
    }
    return 0;
}

/* ---- descriptors ---------------------------------------------------------- */

int iv_fs_next_fd(struct iv_fs *fs, int from)
{
    int r = -1;
    pthread_mutex_lock(&fs->lock);
    for (int i = from < 0 ? 0 : from; i < fs->cap && r < 0; i++) /* slots >= cap are free */
        if (fs->fd[i])
            r = i;
    pthread_mutex_unlock(&fs->lock);
    return r;
}

static int place_in_root(struct iv_fs *fs, int h, char *out);

int iv_fs_fd_name(struct iv_fs *fs, int fd, char *out)
{
    struct iv_file *f = iv_fs_get(fs, (uint64_t)fd);
    if (!f)
        return -EBADF;
    struct stat sb;
    if (f->path) {
        snprintf(out, IV_PATH_MAX, "%s", f->path);
    } else if (f->ops) {
        snprintf(out, IV_PATH_MAX, "anon_inode:[intravisor]"); /* CAP Stream ends, ... */
    } else if (fs->root >= 0 && !f->noclose && place_in_root(fs, f->host, out) == 0) {
        if (!out[0])
            strcpy(out, "/");
    } else if (fstat(f->host, &sb) == 0 && (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode))) {
        snprintf(out, IV_PATH_MAX, "%s:[%d]", S_ISFIFO(sb.st_mode) ? "pipe" : "socket", fd);
    } else {
        /* The monitor's stdio or a deployment's log file: no host name. */
        snprintf(out, IV_PATH_MAX, isatty(f->host) ? "/dev/tty" : "anon_inode:[intravisor]");
    }
    iv_fs_put(fs, f);
    return 0;
}

/* A cVM with one thread changes its table, and takes and drops references
 * to its files, only from that thread (struct iv_cvm.solo; every reference
 * is taken by iv_fs_get and dropped by iv_fs_put).  That thread then races
 * no one: it needs neither the table lock nor atomic reference counts.
 * Saves four locked instructions per descriptor hostcall, the first of
 * which, right after a system call, waits for the kernel's stores. */
static int fs_solo(const struct iv_fs *fs) { return iv_cvm_solo_self(fs->owner); }

int iv_fs_lock(struct iv_fs *fs)
{
    if (fs_solo(fs))
        return 0;
    pthread_mutex_lock(&fs->lock);
    return 1;
}

void iv_fs_unlock(struct iv_fs *fs, int locked)
{
    if (locked)
        pthread_mutex_unlock(&fs->lock);
}

struct iv_file *iv_fs_get(struct iv_fs *fs, uint64_t fd)
{
    struct iv_file *f = NULL;
    fd = (uint32_t)fd; /* an int in the cVM: the upper half of the register is undefined */
    if (fd >= IV_MAX_FDS)
        return NULL;
    if (fs_solo(fs)) {
        f = (int)fd < fs->cap ? fs->fd[fd] : NULL;
        if (f)
            __atomic_store_n(&f->refs, __atomic_load_n(&f->refs, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
        return f;
    }
    pthread_mutex_lock(&fs->lock);
    f = (int)fd < fs->cap ? fs->fd[fd] : NULL;
    if (f)
        __atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&fs->lock);
    return f;
}

/* Without the table lock: a reference is only ever taken under it, from a
 * slot that still holds the file (the slot's own reference), so the count
 * cannot reach zero and rise again; dropping one is an atomic decrement
 * (or a plain one, fs_solo). */
void iv_fs_put(struct iv_fs *fs, struct iv_file *f)
{
    int last;
    if (fs_solo(fs)) {
        int n = __atomic_load_n(&f->refs, __ATOMIC_RELAXED) - 1;
        __atomic_store_n(&f->refs, n, __ATOMIC_RELAXED);
        last = n == 0;
    } else {
        last = __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) == 0;
    }
    if (last) {
        if (f->ops)
            f->ops->release(f); /* e.g. a stream's peer sees EOF / EPIPE */
        else if (!f->noclose)
            iv_close(f->host);
        if (!f->ops)
            free(f->obj); /* a host file's side data (fs.h) */
        free(f->path);
        free(f->place);
        if (f->share)
            iv_uncharge(f->share, IV_RES_FD, 1);
        free(f);
    }
}

int fs_slot_make(struct iv_fs *fs, int i)
{
    if (i < fs->cap)
        return 0;
    int cap = fs->cap ? fs->cap : 8;
    while (cap <= i)
        cap *= 2;
    if (cap > IV_MAX_FDS)
        cap = IV_MAX_FDS;
    struct iv_file **fd = realloc(fs->fd, (size_t)cap * sizeof *fd);
    if (fd)
        fs->fd = fd;
    unsigned char *ce = fd ? realloc(fs->cloexec, (size_t)cap) : NULL;
    if (!ce)
        return -ENOMEM;
    fs->cloexec = ce;
    memset(fs->fd + fs->cap, 0, (size_t)(cap - fs->cap) * sizeof *fd);
    memset(fs->cloexec + fs->cap, 0, (size_t)(cap - fs->cap));
    fs->cap = cap;
    return 0;
}

int fs_install(struct iv_fs *fs, struct iv_file *f, int min, int cloexec)
{
    if (min < 0 || min >= IV_MAX_FDS)
        return -EINVAL;
    int r = -EMFILE;
    int locked = iv_fs_lock(fs);
    int from = min > fs->low_free ? min : fs->low_free; /* [min, low_free) are in use */
    for (int i = from; i < IV_MAX_FDS; i++)
        if (i >= fs->cap ? !fs_slot_make(fs, i) : !fs->fd[i]) {
            fs->fd[i] = f;
            fs->cloexec[i] = !!cloexec;
            r = i;
            if (from == fs->low_free)
                fs->low_free = i + 1; /* [from, i] are in use now */
            break;
        }
    iv_fs_unlock(fs, locked);
    return r;
}

int fs_path_in(struct iv_cvm *c, uint64_t addr, char *out)
{
    int r = -ENAMETOOLONG;
    int vm_locked = iv_vm_read_begin(c);
    for (uint64_t n = 0; n < IV_PATH_MAX;) {
        uint64_t a = addr + n, chunk = IV_PAGE_SIZE - a % IV_PAGE_SIZE;
        if (chunk > IV_PATH_MAX - n)
            chunk = IV_PATH_MAX - n;
        const char *p = vmem_check(&c->vm, a, chunk, IV_P_R);
        if (!p) {
            r = -EFAULT;
            break;
        }
        const char *z = memchr(p, 0, chunk);
        memcpy(out + n, p, z ? (uint64_t)(z - p) + 1 : chunk);
        if (z) {
            r = 0;
            break;
        }
        n += chunk;
    }
    iv_vm_read_end(c, vm_locked);
    return r;
}

int fs_copy_out(struct iv_cvm *c, uint64_t addr, const void *src, uint64_t len)
{
    int vm_locked = iv_vm_read_begin(c);
    void *p = vmem_check(&c->vm, addr, len, IV_P_R | IV_P_W);
    if (p)
        memcpy(p, src, len);
    iv_vm_read_end(c, vm_locked);
    return p ? 0 : -EFAULT;
}

int fs_copy_in(struct iv_cvm *c, void *dst, uint64_t addr, uint64_t len)
{
    int vm_locked = iv_vm_read_begin(c);
    void *p = vmem_check(&c->vm, addr, len, IV_P_R);
    if (p)
        memcpy(dst, p, len);
    iv_vm_read_end(c, vm_locked);
    return p ? 0 : -EFAULT;
}

/* Where host directory fd h is inside the root: "" for the root itself,
 * "/a/b" below it. */
static int place_in_root(struct iv_fs *fs, int h, char *out)
{
    char real[IV_PATH_MAX + 64];
    int n = host_readlink_fd(h, real, sizeof real);
    if (n < 0)
        return n;
    if (real[0] != '/')
        return -ENOTDIR; /* pipe:[...] and the like */
    size_t rl = strlen(fs->root_real);
    if (rl == 1)
        rl = 0; /* the root is the host's "/" */
    if (strncmp(real, fs->root_real, rl) || (real[rl] && real[rl] != '/'))
        return -ENOENT; /* moved out of the root by the host: gone for the cVM */
    if (strlen(real + rl) >= IV_PATH_MAX)
        return -ENAMETOOLONG;
    strcpy(out, real + rl);
    return 0;
}

/* The cVM renamed or removed a directory: a working directory or directory
 * descriptor may have moved, so every remembered place is stale.  Per cVM,
 * so that no cVM's renames make its neighbours' relative paths slower; a
 * neighbour sharing the root (or the host) that moves a directory is seen
 * at this cVM's next chdir, rename or rmdir (until then the old name is
 * used, resolved inside the root). */
void fs_layout_changed(struct iv_fs *fs) { __atomic_add_fetch(&fs->layout_gen, 1, __ATOMIC_RELEASE); }

void fs_cwd_changed(struct iv_fs *fs)
{
    free(fs->cwd_place);
    fs->cwd_place = NULL;
}

/* place_in_root of host directory `host` (the working directory, or a
 * directory descriptor's), remembered in *kept (if shorter than max) until
 * it or the cVM's layout_gen changes; under fs->lock, or solo.  A relative
 * path would
 * otherwise cost a readlink of /proc/self/fd/N (≈ 1.5 µs, more than the
 * open itself).  A directory moved behind the cVM's back (by the host, or
 * another cVM given the same root) is noticed at this cVM's next chdir,
 * rename or rmdir; until then its old name is used, which is still
 * resolved inside the root. */
static int place_kept(struct iv_fs *fs, int host, char **kept, uint64_t *kept_gen, size_t max, char *out)
{
    uint64_t gen = __atomic_load_n(&fs->layout_gen, __ATOMIC_ACQUIRE);
    if (*kept && *kept_gen == gen) {
        strcpy(out, *kept); /* both below IV_PATH_MAX */
        return 0;
    }
    int r = place_in_root(fs, host, out);
    char *copy = r || strlen(out) >= max ? NULL : strdup(out);
    if (copy) { /* without it, the next call looks again */
        free(*kept);
        *kept = copy;
        *kept_gen = gen;
    }
    return r;
}

static int cwd_place(struct iv_fs *fs, char *out)
{
    return place_kept(fs, fs->cwd, &fs->cwd_place, &fs->cwd_gen, IV_PATH_MAX, out);
}

/* place_in_root of the directory f (a host file), remembered in f like the
 * working directory's: `openat(dirfd, ...)` walks (fts: rm -r, find, tar)
 * would otherwise pay a readlink per call.  Only places shorter than
 * PLACE_KEPT bytes are kept, so what a cVM's descriptors make the monitor
 * hold stays small. */
#define PLACE_KEPT 256
static int dir_place(struct iv_fs *fs, struct iv_file *f, char *out)
{
    int locked = iv_fs_lock(fs);
    int r = place_kept(fs, f->host, &f->place, &f->place_gen, PLACE_KEPT, out);
    iv_fs_unlock(fs, locked);
    return r;
}

/* (dirfd, path) as an absolute path, in out (IV_PATH_MAX): inside the root
 * or a tree (a cVM without a root is at "/"; a virtual file opened through
 * a tree is at its path). */
static int abs_any(struct iv_fs *fs, uint64_t dirfd, const char *path, char *out)
{
    if (!path[0])
        return -ENOENT;
    if (path[0] == '/') {
        size_t rl = fs->host_paths ? strlen(fs->root_real) : 0; /* host_paths: there is a root */
        if (rl && !strncmp(path, fs->root_real, rl) && (!path[rl] || path[rl] == '/'))
            path += rl; /* the root by its host name: the rest is inside it */
        strcpy(out, path[0] ? path : "/"); /* both IV_PATH_MAX */
        return 0;
    }
    char dir[IV_PATH_MAX];
    int r;
    if ((int)dirfd == IV_AT_FDCWD && fs->root < 0) {
        dir[0] = 0; /* no root: "/" */
        r = 0;
    } else if ((int)dirfd == IV_AT_FDCWD) {
        /* Under the lock: chdir closes the old cwd fd. */
        int locked = iv_fs_lock(fs);
        r = cwd_place(fs, dir);
        iv_fs_unlock(fs, locked);
    } else {
        struct iv_file *f = iv_fs_get(fs, (uint32_t)dirfd);
        if (!f)
            return -EBADF;
        if (f->path)
            r = snprintf(dir, sizeof dir, "%s", f->path) < (int)sizeof dir ? 0 : -ENAMETOOLONG;
        else
            r = f->ops || fs->root < 0 ? -ENOTDIR : dir_place(fs, f, dir);
        iv_fs_put(fs, f);
    }
    if (r)
        return r;
    size_t dl = strlen(dir), pl = strlen(path);
    if (dl + 1 + pl + 1 > IV_PATH_MAX)
        return -ENAMETOOLONG;
    memcpy(out, dir, dl);
    out[dl] = '/';
    memcpy(out + dl + 1, path, pl + 1);
    return 0;
}

/* (dirfd, path) as an absolute path inside the root, in out (IV_PATH_MAX). */
static int abs_path(struct iv_fs *fs, uint64_t dirfd, const char *path, char *out)
{
    if (fs->root < 0)
        return -ENOENT; /* no file system in this cVM */
    return abs_any(fs, dirfd, path, out);
}

/* What a descriptor opened inside a root may not be: a file of the host
 * kernel's own file systems, or a host device.  The synthetic /dev and
 * /proc are chosen by the path's text (sys/), but a root that holds the
 * host's /proc -- `run --root /`, binfmt's `./prog` started in `/`, a bind
 * mount -- is reachable through any symlink a cVM makes to it, and
 * RESOLVE_NO_MAGICLINKS stops neither /proc/self (a plain symlink) nor
 * /proc/self/mem (a plain file): the monitor's own memory.  So the
 * kernel's answer about the opened file decides, whatever path led to it. */
static int host_kernel_file(int h)
{
    static const unsigned long refused[] = {
        PROC_SUPER_MAGIC, SYSFS_MAGIC, DEBUGFS_MAGIC, TRACEFS_MAGIC, SECURITYFS_MAGIC, BPF_FS_MAGIC,
        CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC, EFIVARFS_MAGIC, PSTOREFS_MAGIC, SELINUX_MAGIC,
        SMACK_MAGIC, DEVPTS_SUPER_MAGIC, BINFMTFS_MAGIC, NSFS_MAGIC, USBDEVICE_SUPER_MAGIC,
        0x62656570 /* configfs */, 0x65735543 /* fusectl */, 0x19800202 /* mqueue */,
        0x07655821 /* resctrl */, 0x6e667364 /* nfsd */, 0x67596969 /* rpc_pipefs */,
        0xabba1974 /* xenfs */, 0x0a647361 /* functionfs */, 0xaee71ee7 /* gadgetfs */};
    struct statfs sfs;
    struct stat st;
    if (IV_NCR(SYS_fstatfs, h, &sfs, 0, 0, 0, 0) || IV_NCR(SYS_fstat, h, &st, 0, 0, 0, 0))
        return 1; /* cannot tell: refused */
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if ((unsigned long)sfs.f_type == refused[i])
            return 1;
    return S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode);
}

static long openat2_retry(int dir, const char *path, int flags, int mode, uint64_t resolve)
{
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)(unsigned)flags;
    how.mode = flags & (O_CREAT | TMPFILE_BIT) ? (uint64_t)(mode & 01777) : 0;
    how.resolve = resolve;
    long h;
    int tries = resolve ? 64 : 1; /* scoped walks: a concurrent rename inside the root */
    do
        h = IV_NCR(SYS_openat2, dir, path, &how, sizeof how, 0, 0);
    while (h == -EAGAIN && --tries > 0); /* (a lease's EAGAIN then comes through) */
    return h;
}

/* An O_PATH descriptor of abs inside the root that is allowed (above), or
 * -errno.  O_PATH opens run no driver, truncate nothing, wait for no FIFO. */
static long path_in_root(struct iv_fs *fs, const char *abs, int flags)
{
    long h = openat2_retry(fs->root, abs, O_PATH | O_CLOEXEC | (flags & (O_NOFOLLOW | O_DIRECTORY)), 0,
                           RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
    if (h >= 0 && host_kernel_file((int)h)) {
        IV_NCR(SYS_close, h, 0, 0, 0, 0, 0);
        return -EACCES;
    }
    return h;
}

static int is_device(long h)
{
    struct stat st;
    return IV_NCR(SYS_fstat, h, &st, 0, 0, 0, 0) || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode);
}

/* The common case in one walk that never leaves the root's own mount
 * (RESOLVE_NO_XDEV), whose file system was checked once.  On a nodev
 * mount the kernel itself refuses to open a device.  On another, a device
 * node that already lies on the root's own mount (a cVM cannot make one)
 * is refused after the open, its driver's open having run: looking first
 * costs two more system calls on every open (docs/libos.md).  -EXDEV: the
 * walk would cross a mount; the caller then checks before opening. */
static long open_same_mount(struct iv_fs *fs, const char *abs, int flags, int mode)
{
    if (fs->root_mount == 1)
        return -EACCES;
    long h = openat2_retry(fs->root, abs, flags, mode, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV);
    if (h >= 0 && fs->root_mount != 2 && is_device(h)) {
        IV_NCR(SYS_close, h, 0, 0, 0, 0, 0);
        return -EACCES;
    }
    return h;
}

/* The target of the symlink `name` in the checked directory dir (whose
 * place in the root is abs's parent), as an absolute path inside the root,
 * in out (IV_PATH_MAX): 0, or -1 if it is no symlink (any more).  Read
 * through dir, never by walking abs again (which a concurrent rename could
 * send into a refused file system). */
static int symlink_target(int dir, const char *name, const char *abs, char *out)
{
    char t[IV_PATH_MAX];
    long n = IV_NCR(SYS_readlinkat, dir, name, t, sizeof t - 1, 0, 0);
    if (n <= 0 || n >= (long)sizeof t - 1)
        return -1;
    t[n] = 0;
    if (t[0] == '/')
        return snprintf(out, IV_PATH_MAX, "%s", t) < IV_PATH_MAX ? 0 : -1;
    const char *slash = strrchr(abs, '/'); /* abs is absolute */
    return snprintf(out, IV_PATH_MAX, "%.*s/%s", (int)(slash - abs), abs, t) < IV_PATH_MAX ? 0 : -1;
}

static int open_in_root(struct iv_fs *fs, const char *abs, int flags, int mode)
{
    long fast = open_same_mount(fs, abs, flags, mode);
    if (fast != -EXDEV)
        return (int)fast;
    if (flags & O_PATH)
        return (int)path_in_root(fs, abs, flags);
    char buf[2][IV_PATH_MAX];
    for (int tries = 0; tries < 40; tries++) { /* 40: Linux's limit on symlinks in one walk */
        long p = path_in_root(fs, abs, flags);
        if (p >= 0) {
            struct stat st;
            long h;
            if (flags & O_CREAT && flags & O_EXCL)
                h = -EEXIST;
            else if (IV_NCR(SYS_fstat, p, &st, 0, 0, 0, 0))
                h = -EACCES;
            else if (S_ISLNK(st.st_mode)) /* only with O_NOFOLLOW */
                h = -ELOOP;
            else if (flags & O_CREAT && S_ISDIR(st.st_mode))
                h = -EISDIR; /* as open(2): O_CREAT never opens a directory */
            else {
                char link[40];
                snprintf(link, sizeof link, "/proc/self/fd/%ld", p);
                h = openat2_retry(AT_FDCWD, link, flags & ~(O_CREAT | O_EXCL | O_NOFOLLOW), mode, 0);
            }
            IV_NCR(SYS_close, p, 0, 0, 0, 0, 0);
            return (int)h;
        }
        size_t n = strlen(abs);
        int slash_end = n && abs[n - 1] == '/';
        if (flags & O_CREAT && slash_end && (p == -ENOENT || p == -ENOTDIR))
            return -EISDIR; /* open("x/", O_CREAT), as Linux answers */
        if (p != -ENOENT || !(flags & O_CREAT))
            return (int)p;
        char name[NAME_MAX + 1];
        int dir = fs_parent_abs(fs, abs, name);
        if (dir == -EINVAL)
            return -ENOENT; /* "missing/." or "missing/..": its parent is missing */
        if (dir < 0)
            return dir;
        long h = openat2_retry(dir, name, flags | O_EXCL, mode, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
        /* A dangling symlink (O_CREAT follows it, O_EXCL does not): create
         * its target, the same way.  Else made meanwhile: open it as is. */
        char *next = abs == buf[0] ? buf[1] : buf[0];
        int follow = h == -EEXIST && !(flags & O_EXCL) && !(flags & O_NOFOLLOW) &&
                     !symlink_target(dir, name, abs, next);
        IV_NCR(SYS_close, dir, 0, 0, 0, 0, 0);
        if (h != -EEXIST || flags & O_EXCL)
            return (int)h;
        if (follow)
            abs = next;
    }
    return -ELOOP;
}

int fs_open_abs(struct iv_fs *fs, const char *abs, int flags, int mode)
{
    if (fs->root < 0)
        return -ENOENT; /* no file system in this cVM */
    /* openat2 is strict: O_PATH admits only these flags (EINVAL otherwise). */
    if (flags & O_PATH)
        flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW;
    else
        flags |= O_NOCTTY;
    return open_in_root(fs, abs, flags | O_CLOEXEC, mode);
}

int fs_open(struct iv_fs *fs, uint64_t dirfd, const char *path, int flags, int mode)
{
    char abs[IV_PATH_MAX];
    int r = abs_path(fs, dirfd, path, abs);
    return r ? r : fs_open_abs(fs, abs, flags, mode);
}

int fs_parent(struct iv_fs *fs, uint64_t dirfd, const char *path, char *name)
{
    char abs[IV_PATH_MAX];
    int r = abs_path(fs, dirfd, path, abs);
    return r ? r : fs_parent_abs(fs, abs, name);
}

int fs_parent_abs(struct iv_fs *fs, const char *path, char *name)
{
    if (fs->root < 0)
        return -ENOENT;
    char abs[IV_PATH_MAX];
    if (strlen(path) >= sizeof abs)
        return -ENAMETOOLONG;
    strcpy(abs, path);
    size_t n = strlen(abs);
    while (n > 1 && abs[n - 1] == '/')
        abs[--n] = 0; /* "dir/" names dir */
    char *slash = strrchr(abs, '/'); /* abs starts with '/' */
    const char *last = slash + 1;
    if (!*last)
        return -EBUSY; /* the root itself */
    if (!strcmp(last, ".") || !strcmp(last, ".."))
        return -EINVAL;
    if (strlen(last) > NAME_MAX)
        return -ENAMETOOLONG;
    strcpy(name, last);
    if (slash == abs)
        slash[1] = 0; /* parent is "/" */
    else
        *slash = 0;
    return open_in_root(fs, abs, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
}

int fs_getcwd(struct iv_fs *fs, char *out)
{
    if (fs->root < 0)
        return -ENOENT;
    int locked = iv_fs_lock(fs);
    int r = cwd_place(fs, out);
    iv_fs_unlock(fs, locked);
    if (!r && fs->host_paths) {
        size_t rl = strlen(fs->root_real), n = strlen(out);
        if (rl + n >= IV_PATH_MAX)
            return -ENAMETOOLONG;
        memmove(out + rl, out, n + 1);
        memcpy(out, fs->root_real, rl);
    }
    if (!r && !out[0])
        strcpy(out, "/");
    return r;
}
