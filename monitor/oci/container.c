/* The container process: the child `create` forks, which becomes the
 * monitor running the cVM once `start` opens the fifo.  Everything that
 * can fail is done before it reports "ok" to `create`, so a container
 * that `create` reports is one `start` can run. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <grp.h>
#include <unistd.h>
#include "deploy/deploy.h"
#include "oci/oci.h"

static char failure[512];

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(failure, sizeof failure, fmt, ap);
    va_end(ap);
    return -1;
}

static int in_root(int rootfd, const char *path, int flags, int mode)
{
    struct open_how how = {.flags = (uint64_t)flags | O_CLOEXEC, .mode = (uint64_t)mode,
                           .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
    return (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
}

/* Creates the mount point `dest` inside the root (directories, and a file
 * at the end when the source is one), every step resolved inside the root
 * so a symlink in the image cannot send it elsewhere.  O_PATH fd or -1. */
static int mount_point(int rootfd, const char *dest, int is_dir)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dest);
    for (char *p = buf + 1;; p++) {
        int end = !*p;
        if (*p != '/' && !end)
            continue;
        *p = 0;
        int fd = in_root(rootfd, buf, O_PATH, 0);
        if (fd < 0 && errno == ENOENT) {
            char *slash = strrchr(buf, '/');
            *slash = 0;
            int parent = in_root(rootfd, *buf ? buf : "/", O_PATH | O_DIRECTORY, 0);
            *slash = '/';
            if (parent < 0)
                return -1;
            int r = end && !is_dir ? openat(parent, slash + 1, O_CREAT | O_WRONLY | O_CLOEXEC, 0644)
                                   : mkdirat(parent, slash + 1, 0755);
            if (r > 0 && end && !is_dir)
                close(r);
            close(parent);
            if (r < 0 && errno != EEXIST)
                return -1;
            fd = in_root(rootfd, buf, O_PATH, 0);
        }
        if (end)
            return fd;
        if (fd < 0)
            return -1;
        close(fd);
        *p = '/';
    }
}

/* Bind mounts of host paths appear inside the cVM's root: in a mount
 * namespace of this process only, so nothing is left on the host. */
static int bind_mounts(struct oci_spec *s)
{
    if (!s->nmounts)
        return 0;
    if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
        return fail("bind mounts need a mount namespace: %s", strerror(errno));
    int rootfd = open(s->root_abs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return fail("root %s: %s", s->root_abs, strerror(errno));
    for (int i = 0; i < s->nmounts; i++) {
        struct oci_mount *m = &s->mounts[i];
        struct stat st;
        if (stat(m->source, &st))
            return fail("mount %s: source %s: %s", m->dest, m->source, strerror(errno));
        int fd = mount_point(rootfd, m->dest, S_ISDIR(st.st_mode));
        char at[64];
        snprintf(at, sizeof at, "/proc/self/fd/%d", fd);
        if (fd < 0 || mount(m->source, at, NULL, MS_BIND | MS_REC, NULL))
            return fail("mount %s on %s: %s", m->source, m->dest, strerror(errno));
        close(fd);
        if (m->ro) { /* the bind mount is what the path names now */
            fd = in_root(rootfd, m->dest, O_PATH, 0);
            snprintf(at, sizeof at, "/proc/self/fd/%d", fd);
            if (fd < 0 || mount(NULL, at, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_REC, NULL))
                return fail("mount %s read-only: %s", m->dest, strerror(errno));
            close(fd);
        }
    }
    close(rootfd);
    return 0;
}

/* process.terminal: a new pty whose master goes to the engine through the
 * console socket (SCM_RIGHTS); the slave is the cVM's stdio. */
static int terminal(const char *sock)
{
    if (!sock)
        return fail("process.terminal needs --console-socket");
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) || unlockpt(master))
        return fail("cannot allocate a pty: %s", strerror(errno));
    char *name = ptsname(master);
    int slave = name ? open(name, O_RDWR | O_NOCTTY) : -1;
    if (slave < 0)
        return fail("cannot open the pty: %s", strerror(errno));
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", sock);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a))
        return fail("console socket %s: %s", sock, strerror(errno));
    char byte = 0, ctl[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {&byte, 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &master, sizeof master);
    if (sendmsg(s, &msg, 0) != 1)
        return fail("console socket %s: %s", sock, strerror(errno));
    close(s);
    close(master);
    setsid();
    ioctl(slave, TIOCSCTTY, 0);
    for (int i = 0; i < 3; i++)
        dup2(slave, i);
    if (slave > 2)
        close(slave);
    return 0;
}

/* process.rlimits: applied where this process may; a limit it cannot
 * raise (no CAP_SYS_RESOURCE) is kept as it is and reported. */
static void rlimits(struct oci_spec *s)
{
    for (int i = 0; i < s->nrlimits; i++) {
        struct oci_rlimit *r = &s->rlimits[i];
        struct rlimit want = {r->soft, r->hard}, have;
        if (!setrlimit(r->resource, &want))
            continue;
        int e = errno;
        getrlimit(r->resource, &have);
        /* At least lower what may be lowered. */
        struct rlimit lower = {want.rlim_cur < have.rlim_max ? want.rlim_cur : have.rlim_max,
                               want.rlim_max < have.rlim_max ? want.rlim_max : have.rlim_max};
        if (lower.rlim_cur > lower.rlim_max)
            lower.rlim_cur = lower.rlim_max;
        setrlimit(r->resource, &lower);
        oci_warn("%s %llu:%llu: %s; kept %llu:%llu", r->name, (unsigned long long)r->soft,
                 (unsigned long long)r->hard, strerror(e), (unsigned long long)lower.rlim_cur,
                 (unsigned long long)lower.rlim_max);
    }
}

/* process.user, after everything that needs privileges.  0 or -1. */
static int take_user(struct oci_spec *s)
{
    if (s->umask >= 0)
        umask((mode_t)s->umask);
    if (s->uid == getuid() && s->gid == getgid() && !s->ngroups)
        return 0;
    if (setgroups((size_t)s->ngroups, (const gid_t *)s->groups) || setgid(s->gid) || setuid(s->uid)) {
        fprintf(stderr, "intravisor-oci: process.user %u:%u: %s\n", s->uid, s->gid, strerror(errno));
        return -1;
    }
    return 0;
}

_Noreturn void oci_container_main(struct oci_create *c)
{
    int rc = 0;
    if (c->spec->terminal)
        rc = terminal(c->console_socket);
    if (!rc)
        rc = bind_mounts(c->spec);
    if (!rc)
        rlimits(c->spec);
    char fifo[4096];
    snprintf(fifo, sizeof fifo, "%s/exec.fifo", c->state_dir);
    const char *msg = rc ? failure : "ok";
    if (write(c->ready, msg, strlen(msg)) < 0 || rc)
        _exit(1);
    close(c->ready);
    /* Blocks until `start` opens the fifo for reading. */
    int fd = open(fifo, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "0", 1) != 1)
        _exit(127);
    close(fd);
    if (take_user(c->spec))
        _exit(127);
    struct dp_opts o = {.max_cvms = 1, .quiet = 1};
    if (dp_init(&o) || dp_add(c->cfg, stderr) < 0 || dp_lockdown(0, NULL, 0))
        _exit(127);
    dp_begin();
    for (;;) {
        long ms = dp_tick();
        if (!dp_active())
            break;
        struct pollfd p = {.fd = dp_event_fd(), .events = POLLIN};
        poll(&p, 1, (int)ms);
    }
    struct dp_cvm *d = dp_next(NULL);
    struct dp_info i;
    dp_info(d, &i);
    _exit(i.state == DP_ENDED ? i.status : 127);
}
