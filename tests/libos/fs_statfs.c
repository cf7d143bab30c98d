/* statfs, statvfs and /proc/mounts in a cVM (IV_HC_STATFS, docs/hostcalls.md
 * "Files"): the root reports the host file system's numbers (read-only
 * unless --rw), /proc is procfs, /dev and /dev/shm tmpfs, and every mount
 * /proc/mounts lists answers statvfs, as df needs.  argv: prefix, "ro",
 * "rw" or "noroot", and (not noroot) the root's total blocks on the host. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mntent.h>
#include <stdlib.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "t.h"

#define PROC_SUPER_MAGIC 0x9fa0
#define TMPFS_MAGIC 0x01021994
#define PIPEFS_MAGIC 0x50495045

/* Every mount of /proc/mounts (or /proc/self/mounts): its count, whether
 * statvfs works on each, and what "/" and /proc say. */
static int mounts(const char *file, int *all_ok, char *root_opts, size_t n, int *proc_ok)
{
    FILE *f = setmntent(file, "r");
    if (!f)
        return -1;
    int count = 0;
    struct mntent *m;
    *all_ok = 1, *proc_ok = 0, root_opts[0] = 0;
    while ((m = getmntent(f))) {
        struct statvfs v;
        count++;
        *all_ok &= statvfs(m->mnt_dir, &v) == 0;
        if (!strcmp(m->mnt_dir, "/"))
            snprintf(root_opts, n, "%s", m->mnt_opts);
        if (!strcmp(m->mnt_dir, "/proc"))
            *proc_ok = !strcmp(m->mnt_type, "proc");
    }
    endmntent(f);
    return count;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 99;
    t_prefix = argv[1];
    const char *mode = argv[2];
    struct statfs s, p;
    struct statvfs v;
    char opts[128];
    int all_ok, proc_ok;
    if (!strcmp(mode, "noroot")) {
        T("noroot-statfs-enoent", ERR(statfs("/", &s), ENOENT));
        T("noroot-proc", statfs("/proc", &s) == 0 && s.f_type == PROC_SUPER_MAGIC);
        int n = mounts("/proc/mounts", &all_ok, opts, sizeof opts, &proc_ok);
        T("noroot-mounts-without-root", n == 3 && all_ok && proc_ok && !opts[0]);
        return t_fails;
    }
    int ro = !strcmp(mode, "ro");
    unsigned long host_blocks = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
    T("root-statfs", statfs("/", &s) == 0 && s.f_bsize > 0 && s.f_blocks > 0 && s.f_bavail <= s.f_blocks);
    T("root-blocks-as-host", (unsigned long)s.f_blocks == host_blocks);
    T("root-statvfs", statvfs("/", &v) == 0 && v.f_blocks == (fsblkcnt_t)s.f_blocks && v.f_namemax > 0);
    T(ro ? "root-statvfs-rdonly" : "root-statvfs-writable", !!(v.f_flag & ST_RDONLY) == ro);
    int fd = open("/in.txt", O_RDONLY);
    T("fstatfs-root-file", fd >= 0 && fstatfs(fd, &p) == 0 && p.f_type == s.f_type &&
                               !memcmp(&p.f_fsid, &s.f_fsid, sizeof p.f_fsid));
    T("fstatvfs-root-file", fstatvfs(fd, &v) == 0 && !!(v.f_flag & ST_RDONLY) == ro);
    close(fd);
    int dfd = open("/", O_RDONLY | O_DIRECTORY);
    T("statfs-relative-to-dirfd", dfd >= 0 && fstatfs(dfd, &p) == 0 && p.f_type == s.f_type);
    close(dfd);
    T("proc-is-procfs", statfs("/proc/self/status", &p) == 0 && p.f_type == PROC_SUPER_MAGIC &&
                            (p.f_flags & ST_RDONLY));
    T("dev-shm-is-tmpfs", statfs("/dev/shm", &p) == 0 && p.f_type == TMPFS_MAGIC);
    T("dev-is-tmpfs", statfs("/dev/null", &p) == 0 && p.f_type == TMPFS_MAGIC);
    int pp[2];
    T("pipe-is-pipefs", pipe(pp) == 0 && fstatfs(pp[0], &p) == 0 && p.f_type == PIPEFS_MAGIC);
    T("missing-enoent", ERR(statfs("/no/such", &p), ENOENT));
    T("null-path-efault", ERR(statfs(NULL, &p), EFAULT));
    /* (musl's statfs clears the buffer itself first: the raw call) */
    T("bad-buffer-efault", ERR(syscall(SYS_statfs, "/", 16), EFAULT));
    T("bad-fd-ebadf", ERR(fstatfs(999, &p), EBADF));
    int n = mounts("/proc/mounts", &all_ok, opts, sizeof opts, &proc_ok);
    T("mounts-listed", n == 4 && proc_ok);
    T("mounts-all-statvfs", all_ok);
    T(ro ? "mounts-root-ro" : "mounts-root-rw", !strcmp(opts, ro ? "ro" : "rw"));
    T("self-mounts-same", mounts("/proc/self/mounts", &all_ok, opts, sizeof opts, &proc_ok) == n);
    return t_fails;
}
