/* The synthetic /proc (docs/libos.md "The synthetic /dev and /proc"): the
 * cVM's own process (IV_CVM_PID, also "self"), its machine view (meminfo,
 * cpuinfo, stat, uptime, loadavg, version) and the /proc/sys values servers
 * read.  Read-only: opening for writing is EACCES (EROFS under /proc/sys,
 * mounted read-only as in a container).  No other pid exists. */
#include "sys/sys.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/cvm.h"
#include "fs/fs.h"

static const struct vf_attr A_DIR = {S_IFDIR | 0555, SYS_PROC_DEV, 0, 0};
static const struct vf_attr A_FILE = {S_IFREG | 0444, SYS_PROC_DEV, 0, EACCES};
static const struct vf_attr A_PRIV = {S_IFREG | 0400, SYS_PROC_DEV, 0, EACCES}; /* environ */
static const struct vf_attr A_SYS = {S_IFREG | 0444, SYS_PROC_DEV, 0, EROFS};
static const struct vf_attr A_LINK = {S_IFLNK | 0777, SYS_PROC_DEV, 0, 0};
static const struct vf_attr A_FDLINK = {S_IFLNK | 0700, SYS_PROC_DEV, 0, 0};

typedef void (*gen_fn)(struct iv_cvm *c, struct sbuf *b);

static const struct {
    const char *name;
    gen_fn gen;
} top_files[] = {
    {"cpuinfo", proc_cpuinfo}, {"loadavg", proc_loadavg}, {"meminfo", proc_meminfo},
    {"mounts", proc_mounts},   {"stat", proc_stat},       {"uptime", proc_uptime},
    {"version", proc_version},
};

static const struct {
    const char *name;
    gen_fn gen; /* NULL: special (below) */
    unsigned char type;
} pid_entries[] = {
    {"cmdline", NULL, DT_REG}, {"comm", NULL, DT_REG},  {"cwd", NULL, DT_LNK},
    {"environ", NULL, DT_REG}, {"exe", NULL, DT_LNK},   {"fd", NULL, DT_DIR},
    {"limits", proc_pid_limits, DT_REG}, {"maps", proc_pid_maps, DT_REG},
    {"mounts", proc_mounts, DT_REG},
    {"stat", proc_pid_stat, DT_REG},     {"statm", proc_pid_statm, DT_REG},
    {"status", proc_pid_status, DT_REG},
};

#define N(a) (sizeof a / sizeof a[0])

static int fill_top(struct vf *v, struct iv_cvm *c, const char *path)
{
    (void)c, (void)path;
    char pid[16];
    snprintf(pid, sizeof pid, "%d", IV_CVM_PID);
    int r = vf_dir_add(v, pid, DT_DIR);
    r = r ? r : vf_dir_add(v, "self", DT_LNK);
    r = r ? r : vf_dir_add(v, "sys", DT_DIR);
    for (size_t i = 0; !r && i < N(top_files); i++)
        r = vf_dir_add(v, top_files[i].name, DT_REG);
    return r;
}

static int fill_pid(struct vf *v, struct iv_cvm *c, const char *path)
{
    (void)c, (void)path;
    int r = 0;
    for (size_t i = 0; !r && i < N(pid_entries); i++)
        r = vf_dir_add(v, pid_entries[i].name, pid_entries[i].type);
    return r;
}

/* /proc/self/fd: exactly the cVM's descriptors, when read. */
static int fill_fd(struct vf *v, struct iv_cvm *c, const char *path)
{
    (void)path;
    struct iv_fs *fs = iv_fs_of(c);
    int r = 0;
    for (int fd = iv_fs_next_fd(fs, 0); !r && fd >= 0; fd = iv_fs_next_fd(fs, fd + 1)) {
        char n[16];
        snprintf(n, sizeof n, "%d", fd);
        r = vf_dir_add(v, n, DT_LNK);
    }
    return r;
}

static int fill_sys(struct vf *v, struct iv_cvm *c, const char *path)
{
    (void)c;
    path += strlen("/proc/sys");
    return proc_sys_dir(path + (*path == '/'), v);
}

static struct iv_file *text(const char *path, const struct vf_attr *a, struct iv_cvm *c, gen_fn gen, int flags,
                            int *err)
{
    struct sbuf b = {0};
    if (!(flags & O_PATH)) /* stat and access need no contents */
        gen(c, &b);
    if (b.oom) {
        free(b.p);
        *err = -ENOMEM;
        return NULL;
    }
    return vf_text(path, a, b.p, b.len, flags, err);
}

static struct iv_file *copy(const char *path, const struct vf_attr *a, const char *data, size_t len, int flags,
                            int *err)
{
    char *p = malloc(len + 1);
    if (!p) {
        *err = -ENOMEM;
        return NULL;
    }
    memcpy(p, data, len);
    return vf_text(path, a, p, len, flags, err);
}

/* /proc/<pid>/fd/N: the link, or (followed) the descriptor's own file. */
static struct iv_file *fd_entry(struct iv_cvm *c, const char *path, const char *n, const char *more, int flags,
                                int *err)
{
    char *end;
    long fd = strtol(n, &end, 10);
    struct iv_fs *fs = iv_fs_of(c);
    char target[IV_PATH_MAX];
    if (*end || !*n || (n[0] == '0' && n[1]) || fd < 0 || fd >= IV_MAX_FDS || iv_fs_fd_name(fs, (int)fd, target)) {
        *err = -ENOENT;
        return NULL;
    }
    if (*more) {
        *err = -ENOTDIR; /* the descriptors of a cVM are not looked into */
        return NULL;
    }
    if (flags & O_NOFOLLOW)
        return vf_link(path, &A_FDLINK, target, flags, err);
    /* Followed: the same open file (Linux reopens it; sharing is what a
     * pipe or a terminal gives there anyway). */
    struct iv_file *f = iv_fs_get(fs, (uint64_t)fd);
    if (!f)
        *err = -ENOENT;
    return f;
}

/* Splits the first component off *rest into comp (NAME_MAX+1); *rest then
 * points after it ("" at the end). */
static int next(const char **rest, char *comp, size_t cap)
{
    const char *s = *rest, *e = strchrnul(s, '/');
    if ((size_t)(e - s) >= cap)
        return -ENAMETOOLONG;
    memcpy(comp, s, (size_t)(e - s));
    comp[e - s] = 0;
    *rest = *e ? e + 1 : e;
    return 0;
}

static struct iv_file *pid_open(struct iv_cvm *c, const char *dir, const char *rest, int flags, int *err)
{
    char comp[64], path[IV_PATH_MAX];
    if (!*rest)
        return vf_dir(dir, &A_DIR, fill_pid, flags, err);
    if ((*err = next(&rest, comp, sizeof comp)))
        return NULL;
    snprintf(path, sizeof path, "%s/%s", dir, comp);
    int last = !*rest, nofollow = last && flags & O_NOFOLLOW;
    struct iv_sys *s = sys_of(c);
    if (!strcmp(comp, "fd")) {
        if (last)
            return vf_dir(path, &A_DIR, fill_fd, flags, err);
        char n[16];
        if ((*err = next(&rest, n, sizeof n)))
            return NULL;
        char fpath[IV_PATH_MAX];
        if (snprintf(fpath, sizeof fpath, "%s/%s", path, n) >= (int)sizeof fpath) {
            *err = -ENAMETOOLONG;
            return NULL;
        }
        return fd_entry(c, fpath, n, rest, *rest ? flags & ~O_NOFOLLOW : flags, err);
    }
    if (!strcmp(comp, "exe") || !strcmp(comp, "cwd")) {
        char cwd[IV_PATH_MAX];
        const char *t = comp[0] == 'e' ? s->exe : cwd;
        if (comp[0] == 'c' && fs_getcwd(iv_fs_of(c), cwd))
            strcpy(cwd, "/");
        if (nofollow || (flags & O_PATH && last && comp[0] == 'e'))
            return vf_link(path, &A_LINK, t, flags, err);
        /* Following exe or cwd: an image is not a file of the root, and the
         * working directory is opened through the root, not here. */
        *err = comp[0] == 'e' ? -ENOENT : -ENOTDIR;
        return NULL;
    }
    int known = !strcmp(comp, "cmdline") || !strcmp(comp, "environ") || !strcmp(comp, "comm");
    for (size_t i = 0; i < N(pid_entries); i++)
        known |= pid_entries[i].gen && !strcmp(comp, pid_entries[i].name);
    if (!known || !last) { /* what Linux has and a cVM has not (root, mem, ...) is missing */
        *err = known ? -ENOTDIR : -ENOENT;
        return NULL;
    }
    if (!strcmp(comp, "cmdline"))
        return copy(path, &A_FILE, s->cmdline, s->cmdline_len, flags, err);
    if (!strcmp(comp, "environ"))
        return copy(path, &A_PRIV, s->environ, s->environ_len, flags, err);
    if (!strcmp(comp, "comm")) {
        char line[80];
        int n = snprintf(line, sizeof line, "%.15s\n", c->name);
        return copy(path, &A_FILE, line, (size_t)n, flags, err);
    }
    for (size_t i = 0; i < N(pid_entries); i++)
        if (pid_entries[i].gen && !strcmp(comp, pid_entries[i].name))
            return text(path, &A_FILE, c, pid_entries[i].gen, flags, err);
    *err = -ENOENT;
    return NULL;
}

static struct iv_file *sys_open(struct iv_cvm *c, const char *rest, int flags, int *err)
{
    char path[IV_PATH_MAX];
    snprintf(path, sizeof path, "/proc/sys%s%s", *rest ? "/" : "", rest);
    if (proc_sys_dir(rest, NULL))
        return vf_dir(path, &A_DIR, fill_sys, flags, err);
    struct sbuf b = {0};
    int r = proc_sys_value(c, rest, &b);
    if (r || b.oom) {
        free(b.p);
        *err = r ? r : -ENOMEM;
        return NULL;
    }
    return vf_text(path, &A_SYS, b.p, b.len, flags, err);
}

struct iv_file *sys_proc_open(struct iv_cvm *c, const char *rest, int flags, int *err)
{
    char comp[64], path[IV_PATH_MAX], pid[16];
    snprintf(pid, sizeof pid, "%d", IV_CVM_PID);
    if (!*rest)
        return vf_dir("/proc", &A_DIR, fill_top, flags, err);
    if ((*err = next(&rest, comp, sizeof comp)))
        return NULL;
    snprintf(path, sizeof path, "/proc/%s", comp);
    if (!strcmp(comp, "self")) {
        if (!*rest && flags & O_NOFOLLOW)
            return vf_link(path, &A_LINK, pid, flags, err);
        snprintf(path, sizeof path, "/proc/%s", pid); /* followed */
        return pid_open(c, path, rest, flags, err);
    }
    if (!strcmp(comp, pid))
        return pid_open(c, path, rest, flags, err);
    if (!strcmp(comp, "sys"))
        return sys_open(c, rest, flags, err);
    for (size_t i = 0; i < N(top_files); i++)
        if (!strcmp(comp, top_files[i].name)) {
            if (*rest) {
                *err = -ENOTDIR;
                return NULL;
            }
            return text(path, &A_FILE, c, top_files[i].gen, flags, err);
        }
    *err = -ENOENT; /* every other pid, and what Linux has that a cVM has not */
    return NULL;
}

const struct iv_fs_tree_ops sys_proc_tree = {.open = sys_proc_open};
