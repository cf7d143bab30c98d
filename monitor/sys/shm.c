/* /dev/shm: a per-cVM in-memory directory (docs/libos.md "The synthetic
 * /dev and /proc"), so that shm_open and POSIX named semaphores work inside
 * one cVM.  Flat (no subdirectories), at most SHM_NAMES names; every file's
 * pages are charged to the cVM's memory budget while it exists, so a cVM
 * cannot grow host memory beyond its budget through it.  Nobody else sees
 * it: it is gone with the cVM. */
#include "sys/sys.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include "core/cvm.h"
#include "fs/fs.h"

#define SHM_NAMES 64
#define SHM_FILE_MAX (1ull << 30)
#define PAGE_UP(x) (((x) + 4095) & ~4095ull)
#define CVM (iv_self->cvm)

struct shm_obj {
    uint64_t ino;
    mode_t mode;
    char *data;
    uint64_t size;     /* bytes; PAGE_UP(size) is charged */
    int links, opens;  /* names and open files: freed when both are 0 */
    time_t mtime;
};

struct shm_dir {
    pthread_mutex_t lock; /* everything here, and every object's data */
    struct iv_cvm *c;     /* whose budget is charged */
    int refs;             /* the cVM's, and one per open file (they may outlive sys/'s state) */
    struct {
        char name[NAME_MAX + 1];
        struct shm_obj *obj;
    } ent[SHM_NAMES];
    uint64_t next_ino;
};

/* One open file. */
struct shm_file {
    struct shm_obj *obj;
    struct shm_dir *dir;
    uint64_t pos;
    int opath, append;
};

struct shm_dir *shm_new(struct iv_cvm *c)
{
    struct shm_dir *d = calloc(1, sizeof *d);
    if (d) {
        pthread_mutex_init(&d->lock, NULL);
        d->c = c;
        d->refs = 1;
        d->next_ino = 1000;
    }
    return d;
}

static void obj_free(struct shm_obj *o)
{
    free(o->data);
    free(o);
}

static void obj_put(struct iv_cvm *c, struct shm_obj *o);

/* Drops a reference to d (under its lock, which it releases). */
static void dir_put(struct shm_dir *d)
{
    int last = --d->refs == 0;
    pthread_mutex_unlock(&d->lock);
    if (last) {
        pthread_mutex_destroy(&d->lock);
        free(d);
    }
}

void shm_free(struct shm_dir *d)
{
    if (!d)
        return;
    /* The cVM is ending: every name goes; files still open (fs/ closes
     * them later) go with their last descriptor. */
    pthread_mutex_lock(&d->lock);
    for (int i = 0; i < SHM_NAMES; i++)
        if (d->ent[i].obj) {
            d->ent[i].obj->links--;
            obj_put(d->c, d->ent[i].obj);
            d->ent[i].obj = NULL;
        }
    dir_put(d);
}

/* Charges (delta > 0) or gives back bytes of the cVM's budget. */
static int charge(struct iv_cvm *c, int64_t delta)
{
    struct iv_vmem *vm = &c->vm;
    int r = 0;
    pthread_rwlock_wrlock(&vm->lock);
    if (delta > 0 && vm->used + (uint64_t)delta > vm->budget)
        r = -ENOSPC; /* as a full tmpfs */
    else
        vm->used += (uint64_t)delta;
    if (vm->used > vm->peak)
        vm->peak = vm->used;
    pthread_rwlock_unlock(&vm->lock);
    return r;
}

/* New size of o; under the lock. */
static int resize(struct iv_cvm *c, struct shm_obj *o, uint64_t size)
{
    if (size > SHM_FILE_MAX)
        return -EFBIG;
    int64_t delta = (int64_t)PAGE_UP(size) - (int64_t)PAGE_UP(o->size);
    if (delta > 0) {
        int r = charge(c, delta);
        if (r)
            return r;
        char *p = realloc(o->data, PAGE_UP(size));
        if (!p) {
            charge(c, -delta);
            return -ENOMEM;
        }
        o->data = p;
    }
    if (size > o->size)
        memset(o->data + o->size, 0, size - o->size);
    if (delta < 0)
        charge(c, delta);
    o->size = size;
    o->mtime = time(NULL);
    return 0;
}

/* Drops one name or open of o; frees it (and its charge) at zero.  Under
 * the lock. */
static void obj_put(struct iv_cvm *c, struct shm_obj *o)
{
    if (o->links || o->opens)
        return;
    charge(c, -(int64_t)PAGE_UP(o->size));
    obj_free(o);
}

/* ---- operations on an open file ---------------------------------------- */

static struct shm_file *SF(struct iv_file *f) { return f->obj; }

static long rw_at(struct iv_file *f, uint64_t buf, uint64_t len, uint64_t off, int w, int move)
{
    struct shm_file *s = SF(f);
    if (s->opath || (w ? f->accmode == O_RDONLY : f->accmode == O_WRONLY))
        return -EBADF;
    struct shm_obj *o = s->obj;
    struct iv_cvm *c = CVM;
    pthread_mutex_lock(&s->dir->lock);
    if (move)
        off = w && s->append ? o->size : s->pos;
    long r = 0;
    if (w) {
        if (off + len < off || off + len > SHM_FILE_MAX)
            r = -EFBIG;
        else if (off + len > o->size)
            r = resize(c, o, off + len);
        if (!r)
            r = fs_copy_in(c, o->data + off, buf, len) ? -EFAULT : (long)len;
    } else if (off < o->size) {
        uint64_t n = len < o->size - off ? len : o->size - off;
        r = fs_copy_out(c, buf, o->data + off, n) ? -EFAULT : (long)n;
    }
    if (r > 0 && move)
        s->pos = off + (uint64_t)r;
    pthread_mutex_unlock(&s->dir->lock);
    return r;
}

static long shm_read(struct iv_file *f, uint64_t buf, uint64_t len) { return rw_at(f, buf, len, 0, 0, 1); }
static long shm_write(struct iv_file *f, uint64_t buf, uint64_t len) { return rw_at(f, buf, len, 0, 1, 1); }
static long shm_pread(struct iv_file *f, uint64_t buf, uint64_t len, uint64_t off)
{
    return (int64_t)off < 0 ? -EINVAL : rw_at(f, buf, len, off, 0, 0);
}

static long shm_lseek(struct iv_file *f, int64_t off, int whence)
{
    struct shm_file *s = SF(f);
    if (s->opath)
        return -EBADF;
    pthread_mutex_lock(&s->dir->lock);
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)s->pos
                 : whence == SEEK_END ? (int64_t)s->obj->size : -1;
    long r = base < 0 || base + off < 0 ? -EINVAL : base + off;
    if (r >= 0)
        s->pos = (uint64_t)r;
    pthread_mutex_unlock(&s->dir->lock);
    return r;
}

static long shm_truncate(struct iv_file *f, uint64_t len)
{
    struct shm_file *s = SF(f);
    if (s->opath || f->accmode == O_RDONLY)
        return -EINVAL; /* as Linux for a descriptor not open for writing */
    if ((int64_t)len < 0)
        return -EINVAL;
    pthread_mutex_lock(&s->dir->lock);
    long r = resize(CVM, s->obj, len);
    pthread_mutex_unlock(&s->dir->lock);
    return r;
}

static void shm_statfs(struct iv_file *f, struct statfs *sf)
{
    (void)f;
    sf->f_type = TMPFS_MAGIC;
    sf->f_flags = ST_NOSUID | ST_NODEV;
}

static void shm_stat(struct iv_file *f, struct stat *st)
{
    struct shm_file *s = SF(f);
    memset(st, 0, sizeof *st);
    pthread_mutex_lock(&s->dir->lock);
    st->st_dev = SYS_DEV_DEV;
    st->st_ino = s->obj->ino;
    st->st_mode = S_IFREG | (s->obj->mode & 07777);
    st->st_nlink = (nlink_t)s->obj->links;
    st->st_size = (off_t)s->obj->size;
    st->st_blksize = 4096;
    st->st_blocks = (blkcnt_t)(PAGE_UP(s->obj->size) / 512);
    st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec = s->obj->mtime;
    pthread_mutex_unlock(&s->dir->lock);
}

static void shm_release(struct iv_file *f)
{
    struct shm_file *s = SF(f);
    pthread_mutex_lock(&s->dir->lock);
    s->obj->opens--;
    obj_put(s->dir->c, s->obj);
    dir_put(s->dir);
    free(s);
}

static short shm_revents(struct iv_file *f, short events)
{
    (void)f;
    return events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
}
static void shm_poll_none(struct iv_file *f, struct iv_poller *p) { (void)f, (void)p; }

static const struct iv_file_ops shm_ops = {
    .read = shm_read,
    .write = shm_write,
    .release = shm_release,
    .revents = shm_revents,
    .poll_add = shm_poll_none,
    .poll_del = shm_poll_none,
    .stat = shm_stat,
    .statfs = shm_statfs,
    .pread = shm_pread,
    .lseek = shm_lseek,
    .truncate = shm_truncate,
};

/* ---- the directory ------------------------------------------------------- */

static int find(struct shm_dir *d, const char *name)
{
    for (int i = 0; i < SHM_NAMES; i++)
        if (d->ent[i].obj && !strcmp(d->ent[i].name, name))
            return i;
    return -1;
}

static int free_slot(struct shm_dir *d)
{
    for (int i = 0; i < SHM_NAMES; i++)
        if (!d->ent[i].obj)
            return i;
    return -1;
}

static int name_ok(const char *name)
{
    if (!*name || strchr(name, '/'))
        return -ENOENT; /* no subdirectories */
    return strlen(name) > NAME_MAX ? -ENAMETOOLONG : 0;
}

struct iv_file *shm_open_name(struct iv_cvm *c, struct shm_dir *d, const char *name, int flags, int *err)
{
    if ((*err = name_ok(name)))
        return NULL;
    char path[IV_PATH_MAX];
    snprintf(path, sizeof path, "/dev/shm/%s", name);
    struct shm_file *s = calloc(1, sizeof *s);
    struct iv_file *f = fs_file_new(-1);
    char *p = strdup(path);
    if (!s || !f || !p) {
        free(s), free(f), free(p);
        *err = -ENOMEM;
        return NULL;
    }
    int acc = flags & O_ACCMODE;
    pthread_mutex_lock(&d->lock);
    int i = find(d, name);
    struct shm_obj *o = i >= 0 ? d->ent[i].obj : NULL;
    if (o && flags & O_CREAT && flags & O_EXCL)
        *err = -EEXIST;
    else if (o && flags & O_DIRECTORY)
        *err = -ENOTDIR;
    else if (!o && (!(flags & O_CREAT) || flags & O_PATH))
        *err = -ENOENT;
    else if (!o && (i = free_slot(d)) < 0)
        *err = -ENOSPC;
    else if (!o && !(o = calloc(1, sizeof *o)))
        *err = -ENOMEM;
    else if (!d->ent[i].obj) { /* created */
        o->ino = d->next_ino++;
        o->mode = 0600; /* the mode argument is not passed to trees; shm_open uses 0600 or so */
        o->links = 1;
        o->mtime = time(NULL);
        strcpy(d->ent[i].name, name);
        d->ent[i].obj = o;
    }
    if (!*err && flags & O_TRUNC && acc != O_RDONLY && !(flags & O_PATH))
        *err = resize(c, o, 0);
    if (!*err) {
        o->opens++;
        d->refs++;
        s->obj = o;
        s->dir = d;
        s->opath = !!(flags & O_PATH);
        s->append = !!(flags & O_APPEND);
    }
    pthread_mutex_unlock(&d->lock);
    if (*err) {
        free(s), free(f), free(p);
        return NULL;
    }
    f->ops = &shm_ops;
    f->obj = s;
    f->accmode = flags & O_PATH ? O_RDONLY : acc;
    f->fl = flags & O_NONBLOCK;
    f->path = p;
    return f;
}

int shm_fill(struct shm_dir *d, struct vf *v)
{
    int r = 0;
    pthread_mutex_lock(&d->lock);
    for (int i = 0; !r && i < SHM_NAMES; i++)
        if (d->ent[i].obj)
            r = vf_dir_add(v, d->ent[i].name, DT_REG);
    pthread_mutex_unlock(&d->lock);
    return r;
}

long shm_change(struct iv_cvm *c, struct shm_dir *d, int op, const char *name, const char *name2, int flags)
{
    long r = name_ok(name);
    if (!r && name2)
        r = name_ok(name2);
    if (r)
        return r;
    pthread_mutex_lock(&d->lock);
    int i = find(d, name), j = name2 ? find(d, name2) : -1;
    if (i < 0) {
        r = -ENOENT;
    } else if (op == IV_FS_UNLINK) {
        struct shm_obj *o = d->ent[i].obj;
        if (flags & AT_REMOVEDIR) {
            r = -ENOTDIR;
        } else {
            d->ent[i].obj = NULL;
            o->links--;
            obj_put(c, o);
        }
    } else if (op == IV_FS_LINK) {
        int k = j >= 0 ? -1 : free_slot(d);
        if (j >= 0)
            r = -EEXIST;
        else if (k < 0)
            r = -ENOSPC;
        else {
            strcpy(d->ent[k].name, name2);
            d->ent[k].obj = d->ent[i].obj;
            d->ent[k].obj->links++;
        }
    } else { /* rename */
        if (flags & ~RENAME_NOREPLACE)
            r = -EINVAL; /* RENAME_EXCHANGE: not here */
        else if (j >= 0 && flags & RENAME_NOREPLACE)
            r = -EEXIST;
        else if (i != j) {
            if (j >= 0) { /* replaces name2 */
                struct shm_obj *old = d->ent[j].obj;
                d->ent[j].obj = NULL;
                old->links--;
                obj_put(c, old);
            }
            strcpy(d->ent[i].name, name2);
        }
    }
    pthread_mutex_unlock(&d->lock);
    return r;
}
