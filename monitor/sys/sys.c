/* sys/: per-cVM machine view (CPU allowance, host name, what /proc/self
 * shows of its command line), the IV_HC_SYSINFO hostcall, and the
 * registration of the /dev and /proc trees with fs/. */
#include "sys/sys.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <intravisor.h>
#include "core/cvm.h"
#include "fs/fs.h"

#define MAX_CPUS 1024 /* what a cVM's sched_getaffinity mask can hold */

static int sys_slot = -1;

struct iv_sys *sys_of(const struct iv_cvm *c) { return iv_cvm_state(c, sys_slot); }

/* "a\0b\0" from a list of strings. */
static char *join(int n, char **v, size_t *len)
{
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += strlen(v[i]) + 1;
    char *p = malloc(total + 1), *q = p;
    for (int i = 0; p && i < n; i++) {
        size_t k = strlen(v[i]) + 1;
        memcpy(q, v[i], k);
        q += k;
    }
    *len = total;
    return p;
}

static void sys_free(struct iv_sys *s)
{
    free(s->cmdline);
    free(s->environ);
    shm_free(s->shm);
    free(s);
}

static int sys_create(struct iv_cvm *c, const struct iv_cvm_opts *o)
{
    struct iv_sys *s = calloc(1, sizeof *s);
    if (s) {
        s->cmdline = join(o->argc, o->argv, &s->cmdline_len);
        s->environ = join(o->nenv, o->env, &s->environ_len);
        s->shm = shm_new(c);
    }
    if (!s || !s->cmdline || !s->environ || !s->shm) {
        fprintf(stderr, "intravisor: cvm %s: out of memory\n", c->name);
        if (s)
            sys_free(s);
        return -1;
    }
    snprintf(s->hostname, sizeof s->hostname, "%s", o->hostname ? o->hostname : c->name);
    long host = sysconf(_SC_NPROCESSORS_ONLN);
    s->cpus = o->cpus > 0 ? o->cpus : host > 0 ? (int)host : 1;
    if (s->cpus > MAX_CPUS)
        s->cpus = MAX_CPUS;
    /* The image is a host file: only its name is shown (no host path). */
    const char *img = o->argc > 0 && o->argv[0] ? o->argv[0] : c->name, *base = strrchr(img, '/');
    snprintf(s->exe, sizeof s->exe, "/%s", base ? base + 1 : img);
    struct timespec mono, real;
    clock_gettime(CLOCK_MONOTONIC, &mono);
    clock_gettime(CLOCK_REALTIME, &real);
    s->start_ns = (uint64_t)mono.tv_sec * 1000000000u + (uint64_t)mono.tv_nsec;
    s->start_real = real.tv_sec;
    iv_cvm_state_set(c, sys_slot, s);
    return 0;
}

static void sys_destroy(struct iv_cvm *c)
{
    sys_free(sys_of(c));
    iv_cvm_state_set(c, sys_slot, NULL);
}

/* IV_HC_SYSINFO: the cVM's machine, as its uname, sysinfo, sysconf and
 * sched_getaffinity report it. */
static long hc_sysinfo(uint64_t out, uint64_t len)
{
    struct iv_cvm *c = iv_self->cvm;
    struct iv_sys *s = sys_of(c);
    struct iv_sysinfo si;
    memset(&si, 0, sizeof si);
    si.cpus = (uint32_t)s->cpus;
    si.max_threads = (uint32_t)(c->max_threads ? c->max_threads : IV_MAX_THREADS);
    pthread_rwlock_rdlock(&c->vm.lock);
    si.mem_total = c->vm.budget;
    si.mem_used = c->vm.used;
    si.mem_peak = c->vm.peak;
    pthread_rwlock_unlock(&c->vm.lock);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    si.uptime_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec - s->start_ns;
    si.cpu_limit_ns = c->cpu_limit_ns;
    pthread_mutex_lock(&c->lock);
    si.threads = (uint32_t)c->nlive;
    pthread_mutex_unlock(&c->lock);
    memcpy(si.hostname, s->hostname, sizeof si.hostname);
    if (len > sizeof si)
        len = sizeof si;
    return fs_copy_out(c, out, &si, len) ? -EFAULT : (long)len;
}

void iv_sys_register(void)
{
    static const struct iv_cvm_hooks hooks = {.name = "sys", .create = sys_create, .destroy = sys_destroy};
    sys_slot = iv_cvm_hooks_register(&hooks);
    iv_hostcall_register(IV_HC_SYSINFO, IV_HC_FN(hc_sysinfo));
    iv_fs_add_tree("/dev", &sys_dev_tree);
    iv_fs_add_tree("/proc", &sys_proc_tree);
}
