/* The generated files of /proc, in Linux's formats, from the cVM's own
 * numbers only: its memory budget and use (vmem), its CPU allowance and
 * CPU time, its threads, its mappings, its limits (docs/libos.md has the
 * table of sources). */
#include "sys/sys.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include "core/cvm.h"
#include "fs/fs.h"

#define HZ 100 /* USER_HZ: the unit of /proc's clock ticks */
#define KB(x) ((unsigned long long)((x) >> 10))
#define PAGE 4096

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t uptime_ns(struct iv_cvm *c) { return now_ns() - sys_of(c)->start_ns; }

static int live_threads(struct iv_cvm *c)
{
    pthread_mutex_lock(&c->lock);
    int n = c->nlive;
    pthread_mutex_unlock(&c->lock);
    return n;
}

static void mem(struct iv_cvm *c, uint64_t *budget, uint64_t *used, uint64_t *peak)
{
    pthread_rwlock_rdlock(&c->vm.lock);
    *budget = c->vm.budget;
    *used = c->vm.used;
    *peak = c->vm.peak;
    pthread_rwlock_unlock(&c->vm.lock);
}

void proc_meminfo(struct iv_cvm *c, struct sbuf *b)
{
    uint64_t total, used, peak;
    mem(c, &total, &used, &peak);
    uint64_t free_ = used < total ? total - used : 0;
    sb_printf(b, "MemTotal:       %8llu kB\nMemFree:        %8llu kB\nMemAvailable:   %8llu kB\n", KB(total),
              KB(free_), KB(free_));
    static const char *const zero[] = {"Buffers", "Cached", "SwapCached"};
    for (size_t i = 0; i < 3; i++)
        sb_printf(b, "%s:%*s%8d kB\n", zero[i], (int)(15 - strlen(zero[i])), "", 0);
    sb_printf(b, "Active:         %8llu kB\nInactive:       %8d kB\n", KB(used), 0);
    sb_printf(b, "SwapTotal:      %8d kB\nSwapFree:       %8d kB\nDirty:          %8d kB\n", 0, 0, 0);
    sb_printf(b, "AnonPages:      %8llu kB\nMapped:         %8d kB\nShmem:          %8d kB\n", KB(used), 0, 0);
    /* Every mapping is charged when made: strict accounting against the budget. */
    sb_printf(b, "CommitLimit:    %8llu kB\nCommitted_AS:   %8llu kB\n", KB(total), KB(used));
    sb_printf(b, "HugePages_Total:       0\nHugePages_Free:        0\nHugepagesize:       2048 kB\n");
}

void proc_cpuinfo(struct iv_cvm *c, struct sbuf *b)
{
    /* Not the host's processor: a generic x86-64 one per CPU of the
     * allowance, with the base instruction set ivcc emits (docs/sfi.md). */
    int n = sys_of(c)->cpus;
    for (int i = 0; i < n; i++)
        sb_printf(b,
                  "processor\t: %d\nvendor_id\t: intravisor\ncpu family\t: 6\nmodel\t\t: 0\n"
                  "model name\t: intravisor virtual CPU\nphysical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\n"
                  "cpu cores\t: %d\napicid\t\t: %d\nfpu\t\t: yes\nwp\t\t: yes\n"
                  "flags\t\t: fpu tsc cx8 cmov pat clflush mmx fxsr sse sse2 syscall nx lm\n"
                  "clflush size\t: 64\ncache_alignment\t: 64\naddress sizes\t: 48 bits physical, 48 bits virtual\n\n",
                  i, n, i, n, i);
}

void proc_stat(struct iv_cvm *c, struct sbuf *b)
{
    int n = sys_of(c)->cpus;
    uint64_t up = uptime_ns(c), busy = iv_cvm_cpu_ns(c);
    unsigned long long user = busy / (1000000000 / HZ), all = (uint64_t)n * (up / (1000000000 / HZ));
    unsigned long long idle = all > user ? all - user : 0;
    sb_printf(b, "cpu  %llu 0 0 %llu 0 0 0 0 0 0\n", user, idle);
    for (int i = 0; i < n; i++) /* spread evenly: the monitor does not pin threads */
        sb_printf(b, "cpu%d %llu 0 0 %llu 0 0 0 0 0 0\n", i, user / (unsigned)n, idle / (unsigned)n);
    sb_printf(b, "intr 0\nctxt 0\nbtime %lld\nprocesses 1\nprocs_running %d\nprocs_blocked 0\nsoftirq 0\n",
              (long long)sys_of(c)->start_real, live_threads(c));
}

void proc_uptime(struct iv_cvm *c, struct sbuf *b)
{
    uint64_t up = uptime_ns(c), busy = iv_cvm_cpu_ns(c), all = up * (uint64_t)sys_of(c)->cpus;
    uint64_t idle = all > busy ? all - busy : 0;
    sb_printf(b, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(up / 1000000000),
              (unsigned long long)(up / 10000000 % 100), (unsigned long long)(idle / 1000000000),
              (unsigned long long)(idle / 10000000 % 100));
}

void proc_loadavg(struct iv_cvm *c, struct sbuf *b)
{
    /* No averages are kept: the runnable count is the cVM's own threads. */
    int n = live_threads(c);
    sb_printf(b, "0.00 0.00 0.00 %d/%d %d\n", n, n, IV_CVM_PID);
}

void proc_version(struct iv_cvm *c, struct sbuf *b)
{
    (void)c; /* the same as uname (LibOS), not the host's kernel */
    sb_printf(b, "Linux version 6.1.0-intravisor (intravisor) #1 intravisor cVM\n");
}

/* The name /proc/mounts gives a file system of this statfs type. */
static const char *fs_type_name(unsigned long type)
{
    static const struct {
        unsigned long magic;
        const char *name;
    } names[] = {
        {EXT4_SUPER_MAGIC, "ext4"}, {XFS_SUPER_MAGIC, "xfs"},       {BTRFS_SUPER_MAGIC, "btrfs"},
        {TMPFS_MAGIC, "tmpfs"},     {OVERLAYFS_SUPER_MAGIC, "overlay"}, {SQUASHFS_MAGIC, "squashfs"},
        {NFS_SUPER_MAGIC, "nfs"},   {V9FS_MAGIC, "9p"},             {F2FS_SUPER_MAGIC, "f2fs"},
        {0x65735546, "fuse"},       {0x2fc12fc1, "zfs"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].magic == type)
            return names[i].name;
    return "rootfs";
}

/* What is mounted where, as the cVM sees it: its root (the host file
 * system's type; read-only unless --rw) and the monitor's trees, with the
 * flags statfs reports for them (fs/hc_fs.c, vfile.c, shm.c). */
void proc_mounts(struct iv_cvm *c, struct sbuf *b)
{
    struct iv_fs *fs = iv_fs_of(c);
    struct statfs sf;
    if (fs && fs->root >= 0)
        sb_printf(b, "root / %s %s 0 0\n", fstatfs(fs->root, &sf) ? "rootfs" : fs_type_name((unsigned long)sf.f_type),
                  fs->rw ? "rw" : "ro");
    sb_printf(b, "dev /dev tmpfs rw,nosuid,noexec 0 0\n"
                 "shm /dev/shm tmpfs rw,nosuid,nodev 0 0\n"
                 "proc /proc proc ro,nosuid,nodev,noexec 0 0\n");
}

void proc_pid_stat(struct iv_cvm *c, struct sbuf *b)
{
    uint64_t total, used, peak;
    mem(c, &total, &used, &peak);
    unsigned long long ticks = iv_cvm_cpu_ns(c) / (1000000000 / HZ);
    /* pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
     * majflt cmajflt utime stime cutime cstime priority nice num_threads
     * itrealvalue starttime vsize rss rsslim, then the rest as zeros. */
    sb_printf(b, "%d (%.15s) R 0 %d %d 0 -1 4194560 0 0 0 0 %llu 0 0 0 20 0 %d 0 0 %llu %llu %llu", IV_CVM_PID,
              c->name, IV_CVM_PID, IV_CVM_PID, ticks, live_threads(c), (unsigned long long)used,
              (unsigned long long)(used / PAGE), (unsigned long long)total);
    for (int i = 26; i <= 52; i++)
        sb_add(b, " 0", 2);
    sb_add(b, "\n", 1);
}

void proc_pid_statm(struct iv_cvm *c, struct sbuf *b)
{
    uint64_t total, used, peak;
    mem(c, &total, &used, &peak);
    sb_printf(b, "%llu %llu 0 0 0 %llu 0\n", (unsigned long long)(used / PAGE), (unsigned long long)(used / PAGE),
              (unsigned long long)(used / PAGE));
}

void proc_pid_status(struct iv_cvm *c, struct sbuf *b)
{
    uint64_t total, used, peak;
    mem(c, &total, &used, &peak);
    int n = sys_of(c)->cpus;
    sb_printf(b, "Name:\t%.15s\nUmask:\t0022\nState:\tR (running)\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t0\n"
                 "TracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\nGroups:\t\n",
              c->name, IV_CVM_PID, IV_CVM_PID, IV_MAX_FDS);
    sb_printf(b, "VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\nVmHWM:\t%8llu kB\nVmRSS:\t%8llu kB\nVmData:\t%8llu kB\n",
              KB(peak), KB(used), KB(peak), KB(used), KB(used));
    sb_printf(b, "Threads:\t%d\nSigQ:\t0/0\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n",
              live_threads(c));
    /* Cpus_allowed: a hex mask in 32-bit groups, highest first. */
    sb_add(b, "Cpus_allowed:\t", 14);
    for (int g = (n - 1) / 32; g >= 0; g--) {
        int bits = n - g * 32 > 32 ? 32 : n - g * 32;
        sb_printf(b, "%08x%s", bits == 32 ? 0xffffffffu : (1u << bits) - 1, g ? "," : "\n");
    }
    if (n > 1)
        sb_printf(b, "Cpus_allowed_list:\t0-%d\n", n - 1);
    else
        sb_printf(b, "Cpus_allowed_list:\t0\n");
    sb_printf(b, "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
}

void proc_pid_maps(struct iv_cvm *c, struct sbuf *b)
{
    /* The cVM's own region, at the addresses it uses. */
    static const char *const names[] = {
        [IV_MK_RT] = "[intravisor]", [IV_MK_CODE] = "", [IV_MK_IMAGE] = "",
        [IV_MK_STACK] = "[stack]",   [IV_MK_ANON] = "", [IV_MK_CAPFILE] = "/dev/capfile",
    };
    struct iv_sys *s = sys_of(c);
    pthread_rwlock_rdlock(&c->vm.lock);
    for (size_t i = 0; i < c->vm.n; i++) {
        const struct iv_map *m = &c->vm.m[i];
        if (!m->kind)
            continue;
        const char *name = m->kind < sizeof names / sizeof names[0] ? names[m->kind] : "";
        if (m->kind == IV_MK_CODE || m->kind == IV_MK_IMAGE)
            name = s->exe;
        sb_printf(b, "%012llx-%012llx %c%c%c%c 00000000 00:00 0", (unsigned long long)(c->vm.base + m->lo),
                  (unsigned long long)(c->vm.base + m->hi), m->prot & IV_P_R ? 'r' : '-', m->prot & IV_P_W ? 'w' : '-',
                  m->prot & IV_P_X ? 'x' : '-', m->kind == IV_MK_CAPFILE ? 's' : 'p');
        sb_printf(b, "%s%s\n", *name ? "                          " : "", name);
    }
    pthread_rwlock_unlock(&c->vm.lock);
}

static void limit(struct sbuf *b, const char *name, unsigned long long soft, unsigned long long hard, const char *unit)
{
    char s[32] = "unlimited", h[32] = "unlimited";
    if (soft != ~0ull)
        snprintf(s, sizeof s, "%llu", soft);
    if (hard != ~0ull)
        snprintf(h, sizeof h, "%llu", hard);
    sb_printf(b, "%-26s%-21s%-21s%-10s\n", name, s, h, unit);
}

void proc_pid_limits(struct iv_cvm *c, struct sbuf *b)
{
    /* The values getrlimit answers in the cVM (LibOS, from IV_HC_SYSINFO). */
    const unsigned long long inf = ~0ull;
    unsigned long long cpu = c->cpu_limit_ns ? (c->cpu_limit_ns + 999999999) / 1000000000 : inf;
    unsigned long long thr = c->max_threads ? (unsigned long long)c->max_threads : IV_MAX_THREADS;
    sb_printf(b, "%-26s%-21s%-21s%-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
    limit(b, "Max cpu time", cpu, cpu, "seconds");
    limit(b, "Max file size", inf, inf, "bytes");
    limit(b, "Max data size", inf, inf, "bytes");
    limit(b, "Max stack size", 8 << 20, 8 << 20, "bytes");
    limit(b, "Max core file size", 0, 0, "bytes");
    limit(b, "Max resident set", inf, inf, "bytes");
    limit(b, "Max processes", thr, thr, "processes");
    limit(b, "Max open files", IV_MAX_FDS, IV_MAX_FDS, "files");
    limit(b, "Max locked memory", inf, inf, "bytes");
    limit(b, "Max address space", c->vm.budget, c->vm.budget, "bytes");
    limit(b, "Max file locks", inf, inf, "locks");
    limit(b, "Max pending signals", 0, 0, "signals");
    limit(b, "Max msgqueue size", 0, 0, "bytes");
    limit(b, "Max nice priority", 0, 0, "");
    limit(b, "Max realtime priority", 0, 0, "");
    limit(b, "Max realtime timeout", inf, inf, "us");
}

/* ---- /proc/sys ------------------------------------------------------------ */

enum sysval { SV_STR, SV_HOSTNAME, SV_THREADS, SV_FDS };
static const struct {
    const char *path;
    enum sysval kind;
    const char *value;
} sysvals[] = {
    {"fs/file-max", SV_FDS, NULL},
    {"fs/nr_open", SV_FDS, NULL},
    {"kernel/hostname", SV_HOSTNAME, NULL},
    {"kernel/ngroups_max", SV_STR, "65536"},
    {"kernel/osrelease", SV_STR, "6.1.0-intravisor"},
    {"kernel/ostype", SV_STR, "Linux"},
    {"kernel/pid_max", SV_STR, "32768"},
    {"kernel/threads-max", SV_THREADS, NULL},
    {"net/core/somaxconn", SV_STR, "4096"},
    {"net/ipv4/ip_local_port_range", SV_STR, "32768\t60999"},
    {"net/ipv4/tcp_max_syn_backlog", SV_STR, "4096"},
    /* 2: strict accounting, which is what the memory budget does. */
    {"vm/overcommit_memory", SV_STR, "2"},
    {"vm/max_map_count", SV_STR, "65530"},
    {"vm/swappiness", SV_STR, "0"},
};
#define NSYS (sizeof sysvals / sizeof sysvals[0])

int proc_sys_value(struct iv_cvm *c, const char *rest, struct sbuf *b)
{
    for (size_t i = 0; i < NSYS; i++)
        if (!strcmp(rest, sysvals[i].path)) {
            switch (sysvals[i].kind) {
            case SV_STR:
                sb_printf(b, "%s\n", sysvals[i].value);
                break;
            case SV_HOSTNAME:
                sb_printf(b, "%s\n", sys_of(c)->hostname);
                break;
            case SV_THREADS:
                sb_printf(b, "%d\n", c->max_threads ? c->max_threads : IV_MAX_THREADS);
                break;
            case SV_FDS:
                sb_printf(b, "%d\n", IV_MAX_FDS);
                break;
            }
            return 0;
        }
    return -ENOENT;
}

int proc_sys_dir(const char *rest, struct vf *v)
{
    size_t n = strlen(rest);
    int found = 0;
    char last[32] = "";
    for (size_t i = 0; i < NSYS; i++) {
        const char *p = sysvals[i].path;
        if (n && (strncmp(p, rest, n) || p[n] != '/'))
            continue;
        found = 1;
        if (!v)
            break;
        const char *name = p + n + (n > 0), *slash = strchr(name, '/');
        char comp[32];
        size_t k = slash ? (size_t)(slash - name) : strlen(name);
        if (k >= sizeof comp)
            continue;
        memcpy(comp, name, k);
        comp[k] = 0;
        if (!strcmp(comp, last)) /* the table is sorted: a directory's names are together */
            continue;
        strcpy(last, comp);
        int r = vf_dir_add(v, comp, slash ? DT_DIR : DT_REG);
        if (r)
            return r;
    }
    return v ? 0 : found;
}
