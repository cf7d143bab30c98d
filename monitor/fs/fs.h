/* fs/: a cVM's descriptors and file system (docs/hostcalls.md "Files").
 * The monitor owns every host descriptor a cVM uses; the cVM sees only its
 * own small numbers, mapped through a per-cVM table.  Descriptors that are
 * not host files (CAP Stream ends, ...) are "virtual files": the subsystem
 * that makes them supplies their operations (struct iv_file_ops), so this
 * subsystem never names it.  Depends on core/ only. */
#ifndef MONITOR_FS_FS_H
#define MONITOR_FS_FS_H
#include <pthread.h>
#include <stdint.h>
#include "core/cvm.h"

struct iv_cvm;
struct iv_file;
struct stat;
struct statfs;
/* statfs f_type of files of no file system (epoll, eventfd...): Linux's
 * ANON_INODE_FS_MAGIC. */
#define IV_ANON_INODE_FS_MAGIC 0x09041934

/* A poll in progress on virtual files: while added, every change of state
 * that may make the file ready increments seq (atomically: edge-triggered
 * epoll reports once per change) and then writes to the eventfd efd. */
struct iv_poller {
    int efd;
    unsigned seq;
    struct iv_poller *next;
};

/* Operations of a virtual file.  The first seven are required; the rest
 * may be NULL (then pread/lseek answer ESPIPE, getdents ENOTDIR, readlink
 * EINVAL, as for a pipe). */
struct iv_file_ops {
    /* read/write like a pipe's: bytes, or -errno (EAGAIN, EPIPE, EFAULT,
     * EBADF on a wrong-direction descriptor, EINTR when the cVM is dying). */
    long (*read)(struct iv_file *f, uint64_t buf, uint64_t len);
    long (*write)(struct iv_file *f, uint64_t buf, uint64_t len);
    /* The last reference is gone. */
    void (*release)(struct iv_file *f);
    /* poll: the revents for `events`; add the poller before computing them. */
    short (*revents)(struct iv_file *f, short events);
    void (*poll_add)(struct iv_file *f, struct iv_poller *p);
    void (*poll_del)(struct iv_file *f, struct iv_poller *p);
    void (*stat)(struct iv_file *f, struct stat *st);
    /* Optional: statfs fields of the file system it stands for (f_type
     * at least); given one filled as an anonymous inode's. */
    void (*statfs)(struct iv_file *f, struct statfs *sf);
    /* Optional: files with offsets (generated text, directories). */
    long (*pread)(struct iv_file *f, uint64_t buf, uint64_t len, uint64_t off);
    long (*lseek)(struct iv_file *f, int64_t off, int whence);
    /* Optional: a directory (linux_dirent64 records, copied by the maker). */
    long (*getdents)(struct iv_file *f, uint64_t buf, uint64_t len);
    /* Optional: a symbolic link opened with O_PATH | O_NOFOLLOW: its target
     * in out (IV_PATH_MAX), length or -errno. */
    long (*readlink)(struct iv_file *f, char *out);
    /* Optional: a file with a size (ftruncate); NULL: EINVAL. */
    long (*truncate)(struct iv_file *f, uint64_t len);
    /* Optional: a host descriptor that turns readable (POLLIN) whenever the
     * file may have become ready, for files whose readiness comes from the
     * kernel (an epoll set): poll waits on it too.  Owned by the file. */
    int (*poll_host)(struct iv_file *f);
};

/* A tree of names a subsystem serves instead of the root (e.g. /dev),
 * whatever the root holds.  `rest` is the path below the tree's prefix,
 * normalised ("" for the top, "a/b" below it; never ".", ".." or "//").
 * open: a new file (one reference) or NULL with -errno in *err; `flags`
 * are the open flags: O_PATH (with O_NOFOLLOW for a final symbolic link)
 * asks for an object to stat, access or readlink.  Every other call that
 * would change the tree (mkdir, symlink, chmod...) is EROFS. */
struct iv_fs_tree_ops {
    struct iv_file *(*open)(struct iv_cvm *c, const char *rest, int flags, int *err);
    /* Optional (NULL: EROFS): unlink (rest2 NULL), link or rename (rest2:
     * the new name, in the same tree) for a tree with writable parts. */
    long (*change)(struct iv_cvm *c, int op, const char *rest, const char *rest2, int flags);
};
enum { IV_FS_UNLINK, IV_FS_LINK, IV_FS_RENAME };

#define IV_MAX_FDS 1024 /* per cVM; one more open is EMFILE */

/* One open file description.  Referenced by table slots (dup shares it)
 * and, for the duration of a hostcall, by the thread using it, so another
 * thread's close cannot let the host fd number be reused (possibly by
 * another cVM) under a read in flight. */
struct iv_file {
    int host;    /* host fd; -1 for a virtual file */
    int refs;    /* atomic; taken only under iv_fs.lock (fs.c iv_fs_put) */
    int noclose; /* the monitor's stdio: never closed on the host */
    /* The share (core/quota.h) its host fd is charged to, given back when
     * the last reference goes; NULL: not charged (shared stdio). */
    struct iv_share *share;
    /* A virtual file: its operations, the object they act on, which end
     * of it (the maker's meaning), its access mode (O_RDONLY...) and
     * O_NONBLOCK (atomic: F_SETFL). */
    const struct iv_file_ops *ops;
    void *obj;
    int end;
    int accmode;
    int fl;
    /* A virtual file opened by name through a tree: its normalised path
     * (owned), against which *at calls relative to it resolve. */
    char *path;
    /* What a host descriptor is (IV_FK_*), set by its maker: calls that
     * act on one kind (socket calls, timerfd_settime, ...) check it, so a
     * cVM cannot use them on a host fd of another kind (the monitor's
     * stdio may be a socket).  For a host file, obj is malloc'd side data
     * of its maker (or NULL), freed with the file. */
    int kind;
    /* Where this host directory is inside the root, as of its table's layout_gen ==
     * place_gen (owned; short places only), or NULL (fs.c dir_place). */
    char *place;
    uint64_t place_gen;
};
#define IV_FK_FILE 0    /* files, directories, pipes, stdio */
#define IV_FK_SOCKET 1  /* made by net/ */
#define IV_FK_EVENTFD 2 /* made by net/ */
#define IV_FK_TIMERFD 3 /* made by net/ */

struct iv_fs {
    pthread_mutex_t lock; /* the table; references are taken under it */
    struct iv_cvm *owner; /* whose table: its only thread reads without the lock (iv_cvm.solo) */
    int root;             /* O_PATH fd of --root, or -1: no file system */
    int rw;               /* --rw */
    /* The root's own mount, checked once (fs.c host_kernel_file): 1 if it
     * is a refused file system (every open refused), 2 if it is mounted
     * nodev (no device of it can be opened), 0 otherwise. */
    int root_mount;
    int cwd;              /* O_PATH fd of the working directory (inside root), or -1 */
    /* Where cwd is inside the root ("" for the root), as of layout_gen ==
     * cwd_gen, or NULL: the readlink that finds it costs more than the
     * openat2 a relative path then needs (fs.c, cwd_place).  layout_gen
     * counts this cVM's renames and removals of directories (atomic). */
    char *cwd_place;
    uint64_t cwd_gen, layout_gen;
    char *root_real;      /* canonical host path of root ("/proc/self/fd" form) */
    int host_paths;       /* absolute paths under root_real name the same files */
    /* The table grows (doubling, up to IV_MAX_FDS) as slots are used, so an
     * idle cVM costs a few bytes, not 9 KiB; slots >= cap are free. */
    struct iv_file **fd;
    unsigned char *cloexec;
    int cap;
    /* Every slot below it is in use: where the search for the lowest free
     * one starts (a server with 1,000 connections opens a file per
     * request; fs.c fs_install).  Lowered when a slot is freed. */
    int low_free;
    /* Bytes read from / written to sockets with read/write (atomic; the
     * socket calls of net/ count theirs there too). */
    uint64_t sock_rx, sock_tx;
};

/* Registers the subsystem with the core: its per-cVM hook (fds 0-2 are the
 * monitor's stdio; the file system is rooted at the cVM's `root`) and its
 * hostcalls.  Once, at start-up. */
void iv_fs_register(void);
/* The descriptors and file system of c (inline: every descriptor hostcall
 * asks, several times). */
extern int iv_fs_slot;
static inline struct iv_fs *iv_fs_of(const struct iv_cvm *c) { return (struct iv_fs *)iv_cvm_state(c, iv_fs_slot); }
/* Paths under `prefix` (e.g. "/cap/") are served by `open`, whatever the
 * root holds: it gets the rest of the path and the open flags and returns
 * a cVM fd or -errno.  At start-up. */
void iv_fs_add_prefix(const char *prefix, long (*open)(const char *rest, int flags));
/* The tree `ops` serves `prefix` (e.g. "/dev": "/dev" and below) for every
 * cVM, whatever its root holds.  At start-up. */
void iv_fs_add_tree(const char *prefix, const struct iv_fs_tree_ops *ops);
/* The lowest open descriptor of fs >= from, or -1. */
int iv_fs_next_fd(struct iv_fs *fs, int from);
/* What cVM fd names as the cVM sees it (out: IV_PATH_MAX): its path inside
 * the root, a virtual file's path, or an anonymous "pipe:[N]"-style name
 * for what is outside the root (never a host path).  0 or -EBADF. */
int iv_fs_fd_name(struct iv_fs *fs, int fd, char *out);
/* Points c's descriptor n (0-2) at host fd h, which c then owns
 * (deployments' stdout:/stderr: files).  No-op if n is closed. */
void iv_fs_set_stdio(struct iv_cvm *c, int n, int h);
/* Reference to the file behind cVM fd, or NULL (EBADF).  Release with
 * iv_fs_put. */
struct iv_file *iv_fs_get(struct iv_fs *fs, uint64_t fd);
/* The table's lock, except for the only thread of a solo cVM (fs.c,
 * fs_solo), which races no one: returns what to pass to iv_fs_unlock. */
int iv_fs_lock(struct iv_fs *fs);
void iv_fs_unlock(struct iv_fs *fs, int locked);
void iv_fs_put(struct iv_fs *fs, struct iv_file *f);

/* Hostcall handlers (registered by iv_fs_register). */
long hc_read(uint64_t fd, uint64_t buf, uint64_t len);
long hc_write(uint64_t fd, uint64_t buf, uint64_t len);
long hc_openat(uint64_t dirfd, uint64_t path, uint64_t flags, uint64_t mode);
long hc_close(uint64_t fd);
long hc_pread(uint64_t fd, uint64_t buf, uint64_t len, uint64_t off);
long hc_pwrite(uint64_t fd, uint64_t buf, uint64_t len, uint64_t off);
long hc_lseek(uint64_t fd, uint64_t off, uint64_t whence);
long hc_fstatat(uint64_t dirfd, uint64_t path, uint64_t st, uint64_t flags);
long hc_statfs(uint64_t dirfd, uint64_t path, uint64_t out);
long hc_getdents(uint64_t fd, uint64_t buf, uint64_t len);
long hc_readlinkat(uint64_t dirfd, uint64_t path, uint64_t buf, uint64_t len);
long hc_mkdirat(uint64_t dirfd, uint64_t path, uint64_t mode);
long hc_unlinkat(uint64_t dirfd, uint64_t path, uint64_t flags);
long hc_renameat(uint64_t odirfd, uint64_t oldp, uint64_t ndirfd, uint64_t newp, uint64_t flags);
long hc_ftruncate(uint64_t fd, uint64_t len);
long hc_fsync(uint64_t fd, uint64_t datasync);
long hc_fcntl(uint64_t fd, uint64_t cmd, uint64_t arg);
long hc_dup(uint64_t oldfd, uint64_t newfd, uint64_t flags);
long hc_faccessat(uint64_t dirfd, uint64_t path, uint64_t mode, uint64_t flags);
long hc_utimensat(uint64_t dirfd, uint64_t path, uint64_t times, uint64_t flags);
long hc_pipe(uint64_t fds, uint64_t flags);
long hc_poll(uint64_t pfds, uint64_t n, uint64_t timeout_ms);
long hc_isatty(uint64_t fd, uint64_t ws);
long hc_chdir(uint64_t dirfd, uint64_t path);
long hc_getcwd(uint64_t buf, uint64_t len);
long hc_symlinkat(uint64_t target, uint64_t dirfd, uint64_t path);
long hc_linkat(uint64_t odirfd, uint64_t oldp, uint64_t ndirfd, uint64_t newp, uint64_t flags);
long hc_fchmodat(uint64_t dirfd, uint64_t path, uint64_t mode);

/* --- shared by fs.c, hc_fs.c, hc_fd.c (and virtual-file makers) --- */
/* Copies the NUL-terminated path at cVM address `addr` into out
 * (IV_PATH_MAX bytes).  0, -EFAULT or -ENAMETOOLONG. */
int fs_path_in(struct iv_cvm *c, uint64_t addr, char *out);
/* Copies len bytes to / from checked cVM memory.  0 or -EFAULT. */
int fs_copy_out(struct iv_cvm *c, uint64_t addr, const void *src, uint64_t len);
int fs_copy_in(struct iv_cvm *c, void *dst, uint64_t addr, uint64_t len);
/* Opens (dirfd, path) inside the root with openat2(RESOLVE_IN_ROOT |
 * RESOLVE_NO_MAGICLINKS).  Returns a host fd or -errno. */
int fs_open(struct iv_fs *fs, uint64_t dirfd, const char *path, int flags, int mode);
/* The same for a path fs_tree_find has made absolute inside the root
 * already (it must not be resolved against the root's host name again). */
int fs_open_abs(struct iv_fs *fs, const char *abs, int flags, int mode);
/* Opens the parent directory of (dirfd, path) inside the root (O_PATH) and
 * puts the final component in name (NAME_MAX + 1 bytes): never "", "." or
 * "..", never containing '/'.  Returns a host fd or -errno. */
int fs_parent(struct iv_fs *fs, uint64_t dirfd, const char *path, char *name);
/* The same for a path fs_tree_find has made absolute inside the root. */
int fs_parent_abs(struct iv_fs *fs, const char *abs, char *name);
/* Puts f into the lowest free slot >= min.  Returns the fd or -EMFILE
 * (f's reference is then the caller's). */
int fs_install(struct iv_fs *fs, struct iv_file *f, int min, int cloexec);
struct iv_file *fs_file_new(int host);
/* Host descriptors a cVM is about to hold (open, pipe, socket...): charged
 * to its share first, so that no cVM can take the descriptors its
 * neighbours or the monitor need.  0, or -EMFILE (over its limit, or the
 * pool beyond every reserve is empty).  fs_file_charged then makes a file
 * that gives one back when it is released; fs_uncharge gives back what an
 * open that failed did not use. */
int fs_charge(struct iv_cvm *c, int n);
void fs_uncharge(struct iv_cvm *c, int n);
struct iv_file *fs_file_charged(struct iv_cvm *c, int host);
/* The working directory as a path inside the root (IV_PATH_MAX). */
int fs_getcwd(struct iv_fs *fs, char *out);
/* A directory may have moved or gone (a rename, a removed directory):
 * every cached working-directory place is looked up again. */
void fs_layout_changed(struct iv_fs *fs);
/* The working directory changed (under fs->lock). */
void fs_cwd_changed(struct iv_fs *fs);
/* If a prefix registered with iv_fs_add_prefix matches path: 1 and its
 * opener's result in *result; else 0. */
int fs_prefix_open(const char *path, int flags, long *result);
/* Where (dirfd, path) leads: if a tree serves it, 1 with its operations
 * in *tree and the rest of the normalised path in *rest (pointing into
 * norm, IV_PATH_MAX); else 0, and abs (IV_PATH_MAX) is the same name as an
 * absolute path, for fs_open_abs / fs_parent_abs (so the directory's place is read
 * once).  -errno if it cannot be told. */
int fs_tree_find(struct iv_fs *fs, uint64_t dirfd, const char *path, char *abs, char *norm,
                 const struct iv_fs_tree_ops **tree, const char **rest);
/* Under fs->lock: makes slot i (< IV_MAX_FDS) exist.  0 or -ENOMEM. */
int fs_slot_make(struct iv_fs *fs, int i);
/* Closes every host descriptor of the cVM (its end). */
void fs_fini(struct iv_fs *fs);
#endif
