/* The kinds of synthetic file /dev and /proc are made of: generated text
 * (a snapshot taken at open, read with offsets like a regular file),
 * directories (entries made when read), symbolic links, and the devices
 * null, zero, full, random/urandom.  They are fs/ virtual files: no host
 * descriptor is ever opened for them. */
#include "sys/sys.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include "core/cvm.h"
#include "fs/fs.h"

#define CVM (iv_self->cvm)
#define DEV_IO_MAX (16u << 20) /* one read of zero/random at most: a short read, as allowed */

struct vf {
    enum vf_kind kind;
    struct vf_attr a;
    uint64_t ino;
    int opath;                /* O_PATH: no I/O */
    char *data;               /* text, or a link's target */
    size_t len;
    struct vf_dirent *ents;   /* a directory's entries, once filled */
    int nents, cap, filled;
    vf_fill_fn fill;
    pthread_mutex_t lock;     /* pos, ents */
    uint64_t pos;             /* byte offset (text) or entry index (directory) */
};

/* Stable inode numbers from the path (FNV-1a), so stat answers the same
 * for the same name, as on Linux. */
static uint64_t ino_of(const char *path)
{
    uint64_t h = 1469598103934665603ull;
    for (; *path; path++)
        h = (h ^ (unsigned char)*path) * 1099511628211ull;
    return (h >> 1) | 1;
}

/* ---- text buffers ------------------------------------------------------- */

void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        sb_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ---- operations ------------------------------------------------------------ */

static struct vf *V(struct iv_file *f) { return f->obj; }

/* Fills [buf, buf+len) of the cVM with zeros or random bytes, in place. */
static long dev_fill(uint64_t buf, uint64_t len, int random)
{
    if (len > DEV_IO_MAX)
        len = DEV_IO_MAX;
    struct iv_cvm *c = CVM;
    pthread_rwlock_rdlock(&c->vm.lock);
    char *p = vmem_check(&c->vm, buf, len, IV_P_R | IV_P_W);
    long r = p ? (long)len : -EFAULT;
    if (p && !random)
        memset(p, 0, len);
    for (uint64_t done = 0; p && random && done < len;) {
        ssize_t k = getrandom(p + done, len - done, 0); /* the kernel's pool: no device opened */
        if (k < 0) {
            r = done ? (long)done : -errno;
            break;
        }
        done += (uint64_t)k;
    }
    pthread_rwlock_unlock(&c->vm.lock);
    return r;
}

static long text_pread(struct vf *v, uint64_t buf, uint64_t len, uint64_t off)
{
    if (off >= v->len)
        return 0;
    if (len > v->len - off)
        len = v->len - off;
    return fs_copy_out(CVM, buf, v->data + off, len) ? -EFAULT : (long)len;
}

static long vf_read(struct iv_file *f, uint64_t buf, uint64_t len)
{
    struct vf *v = V(f);
    if (v->opath)
        return -EBADF;
    switch (v->kind) {
    case VF_NULL:
        return 0;
    case VF_ZERO:
    case VF_FULL:
        return dev_fill(buf, len, 0);
    case VF_RANDOM:
        return dev_fill(buf, len, 1);
    case VF_DIR:
        return -EISDIR;
    case VF_LINK:
        return -EBADF;
    case VF_TEXT:
        break;
    }
    pthread_mutex_lock(&v->lock);
    long r = text_pread(v, buf, len, v->pos);
    if (r > 0)
        v->pos += (uint64_t)r;
    pthread_mutex_unlock(&v->lock);
    return r;
}

static long vf_write(struct iv_file *f, uint64_t buf, uint64_t len)
{
    (void)buf;
    struct vf *v = V(f);
    if (v->opath || f->accmode == O_RDONLY)
        return -EBADF;
    switch (v->kind) {
    case VF_NULL:
    case VF_ZERO:
    case VF_RANDOM: /* Linux mixes it into the pool; here it is dropped */
        return (long)len; /* Linux does not look at the bytes either */
    case VF_FULL:
        return -ENOSPC;
    default:
        return -EBADF;
    }
}

static long vf_pread(struct iv_file *f, uint64_t buf, uint64_t len, uint64_t off)
{
    struct vf *v = V(f);
    if (v->opath)
        return -EBADF;
    if ((int64_t)off < 0)
        return -EINVAL;
    if (v->kind != VF_TEXT)
        return vf_read(f, buf, len); /* devices have no offsets */
    return text_pread(v, buf, len, off);
}

static long vf_lseek(struct iv_file *f, int64_t off, int whence)
{
    struct vf *v = V(f);
    if (v->opath)
        return -EBADF;
    if (v->kind != VF_TEXT && v->kind != VF_DIR)
        return 0; /* Linux: null, zero, random accept any seek and stay at 0 */
    pthread_mutex_lock(&v->lock);
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)v->pos
                 : whence == SEEK_END && v->kind == VF_TEXT ? (int64_t)v->len : -1;
    long r = base < 0 || base + off < 0 ? -EINVAL : base + off;
    if (r >= 0) {
        v->pos = (uint64_t)r;
        if (v->kind == VF_DIR && r == 0)
            v->filled = 0; /* rewinddir: entries made anew, as Linux */
    }
    pthread_mutex_unlock(&v->lock);
    return r;
}

int vf_dir_add(struct vf *v, const char *name, unsigned char type)
{
    if (strlen(name) >= sizeof v->ents[0].name)
        return -ENAMETOOLONG;
    if (v->nents == v->cap) {
        int cap = v->cap ? v->cap * 2 : 32;
        struct vf_dirent *e = realloc(v->ents, (size_t)cap * sizeof *e);
        if (!e)
            return -ENOMEM;
        v->ents = e;
        v->cap = cap;
    }
    struct vf_dirent *e = &v->ents[v->nents++];
    strcpy(e->name, name);
    e->type = type;
    return 0;
}

/* struct linux_dirent64 */
struct dirent64_hdr {
    uint64_t ino;
    int64_t off;
    uint16_t reclen;
    uint8_t type;
} __attribute__((packed));

static long vf_getdents(struct iv_file *f, uint64_t buf, uint64_t len)
{
    struct vf *v = V(f);
    if (v->opath)
        return -EBADF;
    if (v->kind != VF_DIR)
        return -ENOTDIR;
    pthread_mutex_lock(&v->lock);
    long r = 0;
    if (!v->filled) {
        v->nents = 0;
        r = vf_dir_add(v, ".", DT_DIR);
        r = r ? r : vf_dir_add(v, "..", DT_DIR);
        r = r ? r : v->fill(v, CVM, f->path);
        v->filled = !r;
    }
    char out[4096];
    size_t n = 0;
    if (len > sizeof out)
        len = sizeof out; /* a short answer; the caller asks again */
    const char *path = f->path;
    uint64_t was = v->pos;
    while (!r && v->pos < (uint64_t)v->nents) {
        struct vf_dirent *e = &v->ents[v->pos];
        size_t nl = strlen(e->name), rl = (sizeof(struct dirent64_hdr) + nl + 1 + 7) & ~(size_t)7;
        if (n + rl > len) {
            if (!n)
                r = -EINVAL; /* buffer too small for one entry */
            break;
        }
        char full[IV_PATH_MAX];
        snprintf(full, sizeof full, "%s/%s", path, e->name);
        struct dirent64_hdr h = {ino_of(full), (int64_t)v->pos + 1, (uint16_t)rl, e->type};
        memset(out + n, 0, rl);
        memcpy(out + n, &h, sizeof h);
        memcpy(out + n + sizeof h, e->name, nl);
        n += rl;
        v->pos++;
    }
    if (!r && n && fs_copy_out(CVM, buf, out, n)) {
        r = -EFAULT;
        v->pos = was; /* nothing was read */
    }
    pthread_mutex_unlock(&v->lock);
    return r ? r : (long)n;
}

static long vf_readlink(struct iv_file *f, char *out)
{
    struct vf *v = V(f);
    if (v->kind != VF_LINK)
        return -EINVAL;
    memcpy(out, v->data, v->len);
    return (long)v->len;
}

static void vf_release(struct iv_file *f)
{
    struct vf *v = V(f);
    pthread_mutex_destroy(&v->lock);
    free(v->data);
    free(v->ents);
    free(v);
}

static short vf_revents(struct iv_file *f, short events)
{
    (void)f;
    return events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM); /* never blocks */
}

static void vf_poll_none(struct iv_file *f, struct iv_poller *p) { (void)f, (void)p; }

static void vf_stat(struct iv_file *f, struct stat *st)
{
    struct vf *v = V(f);
    memset(st, 0, sizeof *st);
    st->st_dev = v->a.dev;
    st->st_ino = v->ino;
    st->st_mode = v->a.mode;
    st->st_nlink = S_ISDIR(v->a.mode) ? 2 : 1;
    st->st_rdev = v->a.rdev;
    st->st_size = v->kind == VF_LINK && v->a.dev == SYS_DEV_DEV ? (off_t)v->len : 0; /* procfs: 0 */
    st->st_blksize = v->a.dev == SYS_DEV_DEV ? 4096 : 1024;
    struct iv_sys *s = sys_of(CVM);
    st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec = s ? s->start_real : 0;
}

/* As Linux: /proc is procfs (read-only here), /dev a tmpfs. */
static void vf_statfs(struct iv_file *f, struct statfs *sf)
{
    int proc = V(f)->a.dev == SYS_PROC_DEV;
    sf->f_type = proc ? PROC_SUPER_MAGIC : TMPFS_MAGIC;
    sf->f_flags = ST_NOSUID | (proc ? ST_RDONLY | ST_NODEV | ST_NOEXEC : ST_NOEXEC);
}

static const struct iv_file_ops vf_ops = {
    .read = vf_read,
    .write = vf_write,
    .release = vf_release,
    .revents = vf_revents,
    .poll_add = vf_poll_none,
    .poll_del = vf_poll_none,
    .stat = vf_stat,
    .statfs = vf_statfs,
    .pread = vf_pread,
    .lseek = vf_lseek,
    .getdents = vf_getdents,
    .readlink = vf_readlink,
};

/* ---- making them -------------------------------------------------------- */

static struct iv_file *make(const char *path, const struct vf_attr *a, enum vf_kind kind, int flags, int *err)
{
    int acc = flags & O_ACCMODE, writes = acc != O_RDONLY || flags & O_TRUNC;
    *err = 0;
    if (flags & O_PATH)
        writes = 0;
    else if (kind == VF_LINK)
        *err = -ELOOP; /* O_NOFOLLOW on a symbolic link */
    else if (flags & O_CREAT && flags & O_EXCL)
        *err = -EEXIST;
    if (!*err && flags & O_DIRECTORY && kind != VF_DIR && !(kind == VF_LINK && flags & O_PATH))
        *err = -ENOTDIR;
    else if (!*err && writes && kind == VF_DIR)
        *err = -EISDIR;
    else if (!*err && writes && kind == VF_TEXT)
        *err = -a->write_err;
    if (*err)
        return NULL;
    struct iv_file *f = fs_file_new(-1);
    struct vf *v = calloc(1, sizeof *v);
    char *p = strdup(path);
    if (!f || !v || !p) {
        free(f), free(v), free(p);
        *err = -ENOMEM;
        return NULL;
    }
    v->kind = kind;
    v->a = *a;
    v->ino = ino_of(path);
    v->opath = !!(flags & O_PATH);
    pthread_mutex_init(&v->lock, NULL);
    f->ops = &vf_ops;
    f->obj = v;
    f->accmode = flags & O_PATH ? O_RDONLY : acc;
    f->fl = flags & O_NONBLOCK;
    f->path = p;
    return f;
}

struct iv_file *vf_text(const char *path, const struct vf_attr *a, char *text, size_t len, int flags, int *err)
{
    struct iv_file *f = make(path, a, VF_TEXT, flags, err);
    if (!f) {
        free(text);
        return NULL;
    }
    V(f)->data = text;
    V(f)->len = len;
    return f;
}

struct iv_file *vf_dir(const char *path, const struct vf_attr *a, vf_fill_fn fill, int flags, int *err)
{
    struct iv_file *f = make(path, a, VF_DIR, flags, err);
    if (f)
        V(f)->fill = fill;
    return f;
}

struct iv_file *vf_link(const char *path, const struct vf_attr *a, const char *target, int flags, int *err)
{
    char *t = strdup(target);
    struct iv_file *f = t ? make(path, a, VF_LINK, flags, err) : NULL;
    if (!f) {
        if (!t)
            *err = -ENOMEM;
        free(t);
        return NULL;
    }
    V(f)->data = t;
    V(f)->len = strlen(t);
    return f;
}

struct iv_file *vf_dev(const char *path, const struct vf_attr *a, enum vf_kind kind, int flags, int *err)
{
    return make(path, a, kind, flags, err);
}
