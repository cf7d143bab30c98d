/* The synthetic /dev (docs/libos.md "The synthetic /dev and /proc"): the
 * devices every program assumes, served by the monitor with no host device
 * opened; tty when the cVM's stdio is a terminal; stdin/stdout/stderr and
 * fd naming the cVM's own descriptors (through /proc/self/fd). */
#include "sys/sys.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "core/cvm.h"
#include "fs/fs.h"

#define DEVNODE(minor) {S_IFCHR | 0666, SYS_DEV_DEV, (1 << 8) | (minor), 0} /* makedev(1, minor) */
static const struct {
    const char *name;
    enum vf_kind kind;
    struct vf_attr a;
} devices[] = {
    {"full", VF_FULL, DEVNODE(7)},     {"null", VF_NULL, DEVNODE(3)},    {"random", VF_RANDOM, DEVNODE(8)},
    {"urandom", VF_RANDOM, DEVNODE(9)}, {"zero", VF_ZERO, DEVNODE(5)},
};
static const struct {
    const char *name, *target;
} links[] = {
    {"fd", "/proc/self/fd"},
    {"stderr", "/proc/self/fd/2"},
    {"stdin", "/proc/self/fd/0"},
    {"stdout", "/proc/self/fd/1"},
};
static const struct vf_attr A_DIR = {S_IFDIR | 0755, SYS_DEV_DEV, 0, 0};
static const struct vf_attr A_LINK = {S_IFLNK | 0777, SYS_DEV_DEV, 0, 0};
#define N(a) (sizeof a / sizeof a[0])

/* Whether one of the cVM's fds 0-2 is a terminal; with dup, a new host
 * descriptor for it (charged to the cVM: fs_charge), or -errno. */
static int stdio_tty(struct iv_cvm *c, int dup)
{
    struct iv_fs *fs = iv_fs_of(c);
    int h = -ENXIO; /* no controlling terminal, as Linux */
    for (int i = 0; i < 3 && h == -ENXIO; i++) {
        struct iv_file *f = iv_fs_get(fs, (uint64_t)i);
        if (f && !f->ops && isatty(f->host)) {
            h = !dup ? 1 : fs_charge(c, 1) ? -EMFILE : fcntl(f->host, F_DUPFD_CLOEXEC, 3);
            if (h == -1) {
                h = -errno;
                fs_uncharge(c, 1);
            }
        }
        if (f)
            iv_fs_put(fs, f);
    }
    return h;
}

static int fill_dev(struct vf *v, struct iv_cvm *c, const char *path)
{
    (void)path;
    int r = 0;
    for (size_t i = 0; !r && i < N(devices); i++)
        r = vf_dir_add(v, devices[i].name, DT_CHR);
    for (size_t i = 0; !r && i < N(links); i++)
        r = vf_dir_add(v, links[i].name, DT_LNK);
    r = r ? r : vf_dir_add(v, "shm", DT_DIR);
    if (!r && stdio_tty(c, 0) > 0)
        r = vf_dir_add(v, "tty", DT_CHR);
    return r;
}

static int fill_shm(struct vf *v, struct iv_cvm *c, const char *path)
{
    (void)path;
    return shm_fill(sys_of(c)->shm, v);
}

/* Only /dev/shm changes. */
static long dev_change(struct iv_cvm *c, int op, const char *rest, const char *rest2, int flags)
{
    if (strncmp(rest, "shm/", 4) || (rest2 && strncmp(rest2, "shm/", 4)))
        return rest2 && (!strncmp(rest, "shm/", 4) || !strncmp(rest2, "shm/", 4)) ? -EXDEV : -EROFS;
    return shm_change(c, sys_of(c)->shm, op, rest + 4, rest2 ? rest2 + 4 : NULL, flags);
}

static struct iv_file *tty_open(int flags, int *err)
{
    struct iv_cvm *c = iv_self->cvm;
    int h = stdio_tty(c, 1);
    if (h < 0) {
        *err = h;
        return NULL;
    }
    /* The terminal the cVM already holds as stdio: a host descriptor like
     * them (isatty and the window size work), read-only tree or not. */
    (void)flags;
    struct iv_file *f = fs_file_charged(c, h);
    char *path = f ? strdup("/dev/tty") : NULL;
    if (!path) {
        if (f) {
            iv_fs_put(iv_fs_of(c), f); /* closes h, gives the charge back */
        } else {
            close(h);
            fs_uncharge(c, 1);
        }
        *err = -ENOMEM;
        return NULL;
    }
    f->path = path;
    return f;
}

static struct iv_file *dev_open(struct iv_cvm *c, const char *rest, int flags, int *err)
{
    char comp[64], path[IV_PATH_MAX];
    if (!*rest)
        return vf_dir("/dev", &A_DIR, fill_dev, flags, err);
    const char *slash = strchrnul(rest, '/');
    size_t n = (size_t)(slash - rest);
    if (n >= sizeof comp) {
        *err = -ENOENT;
        return NULL;
    }
    memcpy(comp, rest, n);
    comp[n] = 0;
    const char *more = *slash ? slash + 1 : slash;
    snprintf(path, sizeof path, "/dev/%s", comp);
    for (size_t i = 0; i < N(links); i++)
        if (!strcmp(comp, links[i].name)) {
            if (!*more && flags & O_NOFOLLOW)
                return vf_link(path, &A_LINK, links[i].target, flags, err);
            char target[IV_PATH_MAX];
            snprintf(target, sizeof target, "%s%s%s", links[i].target + strlen("/proc/"), *more ? "/" : "", more);
            return sys_proc_open(c, target, flags, err);
        }
    if (!strcmp(comp, "shm")) {
        if (*more)
            return shm_open_name(c, sys_of(c)->shm, more, flags, err);
        return vf_dir(path, &(struct vf_attr){S_IFDIR | 01777, SYS_DEV_DEV, 0, 0}, fill_shm, flags, err);
    }
    if (*more) {
        *err = -ENOTDIR;
        return NULL;
    }
    if (!strcmp(comp, "tty"))
        return tty_open(flags, err);
    for (size_t i = 0; i < N(devices); i++)
        if (!strcmp(comp, devices[i].name))
            return vf_dev(path, &devices[i].a, devices[i].kind, flags, err);
    *err = flags & O_CREAT ? -EROFS : -ENOENT;
    return NULL;
}

const struct iv_fs_tree_ops sys_dev_tree = {.open = dev_open, .change = dev_change};
