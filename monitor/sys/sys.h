/* sys/: the synthetic file systems and machine view of a cVM (docs/libos.md
 * "The synthetic /dev and /proc"): /dev and /proc, served through fs/'s
 * trees whatever the cVM's root holds, and the IV_HC_SYSINFO hostcall (CPU
 * allowance, memory, host name).  Everything shown is the cVM's own: its
 * budget, its threads, its descriptors, its mappings; nothing of the host
 * or of another cVM.  Depends on core/ and fs/. */
#ifndef MONITOR_SYS_SYS_H
#define MONITOR_SYS_SYS_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <intravisor/hostcall.h>

struct iv_cvm;
struct iv_file;

/* Registers the subsystem (per-cVM state, trees, hostcall).  Once, at
 * start-up, after iv_fs_register. */
void iv_sys_register(void);

/* What the subsystem keeps per cVM, fixed at its creation. */
struct iv_sys {
    char hostname[IV_HOSTNAME_MAX + 1];
    int cpus;            /* CPU allowance */
    uint64_t start_ns;   /* CLOCK_MONOTONIC at creation */
    int64_t start_real;  /* CLOCK_REALTIME seconds at creation (btime) */
    char *cmdline, *environ; /* NUL-separated, as /proc/self/cmdline shows */
    size_t cmdline_len, environ_len;
    char exe[IV_PATH_MAX];   /* "/" + the image's file name */
    struct shm_dir *shm;     /* /dev/shm */
};
struct iv_sys *sys_of(const struct iv_cvm *c);

/* --- vfile.c: the kinds of synthetic file ------------------------------- */
enum vf_kind { VF_TEXT, VF_DIR, VF_LINK, VF_NULL, VF_ZERO, VF_FULL, VF_RANDOM };

/* One directory entry. */
struct vf_dirent {
    char name[256]; /* NAME_MAX + 1: /dev/shm names */
    unsigned char type; /* DT_* */
};

/* How a synthetic file looks to stat. */
struct vf_attr {
    mode_t mode;  /* type and permissions */
    dev_t dev;    /* the tree's device number */
    dev_t rdev;   /* device nodes */
    int write_err; /* what opening it for writing answers (text files), e.g. EACCES */
};

/* A directory whose entries are made when it is read (and again after a
 * rewind): fill adds them with vf_dir_add (path: the directory's).  0 or
 * -errno. */
struct vf;
typedef int (*vf_fill_fn)(struct vf *v, struct iv_cvm *c, const char *path);
int vf_dir_add(struct vf *v, const char *name, unsigned char type);

/* Each returns a new file (one reference), its path set to `path`, or NULL
 * with -errno in *err.  `flags`: the open flags (access mode, O_PATH,
 * O_DIRECTORY, O_NOFOLLOW are checked here). */
struct iv_file *vf_text(const char *path, const struct vf_attr *a, char *text, size_t len, int flags,
                        int *err); /* takes text (malloc'ed) */
struct iv_file *vf_dir(const char *path, const struct vf_attr *a, vf_fill_fn fill, int flags, int *err);
struct iv_file *vf_link(const char *path, const struct vf_attr *a, const char *target, int flags, int *err);
struct iv_file *vf_dev(const char *path, const struct vf_attr *a, enum vf_kind kind, int flags, int *err);
/* The file names open with O_NOFOLLOW on a final symbolic link answers
 * (without O_PATH): ELOOP, as Linux. */

/* --- a growing text buffer for generated files -------------------------- */
struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
};
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_add(struct sbuf *b, const char *s, size_t n);

/* --- shm.c: /dev/shm ------------------------------------------------------ */
struct shm_dir;
struct shm_dir *shm_new(struct iv_cvm *c);
/* At the cVM's end: its names go; open files keep what they need. */
void shm_free(struct shm_dir *d);
/* Opens (O_CREAT: creates) /dev/shm/<name>. */
struct iv_file *shm_open_name(struct iv_cvm *c, struct shm_dir *d, const char *name, int flags, int *err);
/* Adds the names to a directory listing. */
int shm_fill(struct shm_dir *d, struct vf *v);
/* unlink, link, rename (IV_FS_*) inside /dev/shm. */
long shm_change(struct iv_cvm *c, struct shm_dir *d, int op, const char *name, const char *name2, int flags);

/* --- dev.c / proc.c ------------------------------------------------------ */
extern const struct iv_fs_tree_ops sys_dev_tree, sys_proc_tree;
/* Opens `rest` below /proc for c (shared with /dev/fd, /dev/stdin...). */
struct iv_file *sys_proc_open(struct iv_cvm *c, const char *rest, int flags, int *err);
/* proc_text.c: the generated files of /proc.  Each fills b. */
void proc_meminfo(struct iv_cvm *c, struct sbuf *b);
void proc_cpuinfo(struct iv_cvm *c, struct sbuf *b);
void proc_stat(struct iv_cvm *c, struct sbuf *b);
void proc_uptime(struct iv_cvm *c, struct sbuf *b);
void proc_loadavg(struct iv_cvm *c, struct sbuf *b);
void proc_version(struct iv_cvm *c, struct sbuf *b);
void proc_mounts(struct iv_cvm *c, struct sbuf *b);
void proc_pid_stat(struct iv_cvm *c, struct sbuf *b);
void proc_pid_statm(struct iv_cvm *c, struct sbuf *b);
void proc_pid_status(struct iv_cvm *c, struct sbuf *b);
void proc_pid_maps(struct iv_cvm *c, struct sbuf *b);
void proc_pid_limits(struct iv_cvm *c, struct sbuf *b);
/* The value of /proc/sys/<rest> (one line), or -ENOENT; directories list
 * their entries through proc_sys_dir. */
int proc_sys_value(struct iv_cvm *c, const char *rest, struct sbuf *b);
/* 1 if rest names a /proc/sys directory ("" is /proc/sys); fills v's
 * entries when v is non-NULL. */
int proc_sys_dir(const char *rest, struct vf *v);

/* Device numbers of the trees (as Linux's devtmpfs and procfs show). */
#define SYS_DEV_DEV IV_DEV_DEVNO /* makedev(0, 5) */
#define SYS_PROC_DEV 0x16 /* makedev(0, 22) */
#endif
