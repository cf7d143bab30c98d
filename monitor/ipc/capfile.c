/* CAP Files: named shared buffers (docs/ipc.md).
 *
 * A capfile is a memfd the monitor owns, with a monitor-side MAP_SHARED view
 * (for the copy calls) and an access table {cVM name -> IV_CAP_*}.  Mapping
 * it into a cVM maps the same memfd MAP_SHARED|MAP_FIXED into a free range
 * of the caller's heap zone, never executable.
 *
 * Lifetime: a capfile is reference counted (the registry, each mapping,
 * each call in progress).  A YAML capfile stays registered for the
 * monitor's lifetime; a run-time one leaves the registry when its creator's
 * run ends (its name is free again, and its memory and descriptor charges
 * go with the creator), but its memory lives on while another cVM still
 * has it mapped.
 *
 * Revocation replaces every mapping the cVM has of the capfile with an
 * anonymous PROT_NONE mapping, recorded as a mapping without permission:
 * the cVM's next access faults (contained), the range stays reserved until
 * cap_file_unmap, and the cVM never sees freed or reused memory.  It is a
 * barrier for copies too: a copy runs in chunks, each under the capfile's
 * gate (read) with the access checked again, and revoke takes the gate
 * for writing, so once revoke returns no copy of the revoked cVM is in
 * progress and none will start.
 *
 * Locks, in order: a capfile's gate (writer-preferring) -> a cVM's vm.lock.
 * `reg` (the registry and reference counts) and a cVM's `mlock` (its list
 * of mappings) are leaves: nothing is waited for while holding them.  No
 * monitor-wide lock is ever held while waiting for a cVM's lock. */
#include "ipc/capfile.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <intravisor/hostcall.h>
#include <intravisor/sfi.h>
#include "core/cvm.h"
#include "core/loader.h"

struct acc {
    char cvm[IV_CAP_NAME_MAX];
    int mode;
};

struct cmap { /* one mapping of a capfile in a cVM's region */
    struct iv_cvm *c;
    uint64_t lo, hi; /* region offsets */
    int prot;        /* IV_P_* now in force (0 after revocation) */
};

struct capfile {
    char name[IV_CAP_NAME_MAX];
    char creator[IV_CAP_NAME_MAX]; /* "" for YAML capfiles */
    struct iv_cvm *owner;          /* the creating cVM (run-time), or NULL */
    uint64_t size, psize;          /* bytes; rounded up to pages */
    int fd;
    unsigned char *view;           /* monitor's shared view */
    int refs;                      /* under reg */
    struct capfile *next;          /* hash chain, under reg, while registered */
    pthread_rwlock_t gate;         /* guards acc and maps; see top */
    struct acc *acc;
    int nacc;
    struct cmap *maps;
    int nmaps;
};

/* A cVM's side (its state slot): the capfiles it has mapped, and how many
 * it has created in this run. */
struct mapping {
    struct capfile *f;
    uint64_t lo;
};
struct cf_state {
    pthread_mutex_t mlock; /* leaf */
    struct mapping *maps;
    int nmaps, cap;
    int created;
};

/* Bounds on what one cVM can make the monitor keep (docs/monitor.md
 * "Resource isolation"): capfiles it creates per run, entries in one
 * capfile's access table (grants to any names). */
#define IV_CAP_CREATE_MAX 64
#define IV_CAP_ACCESS_MAX 256
#define COPY_CHUNK (1ull << 20) /* revoke waits for at most one chunk */
#define NBUCKETS 1024

static pthread_mutex_t reg = PTHREAD_MUTEX_INITIALIZER;
static struct capfile *buckets[NBUCKETS];
static int cf_slot = -1;

#define CVM (iv_self->cvm)
#define ST(c) ((struct cf_state *)iv_cvm_state((c), cf_slot))
#define PAGE_UP(x) (((x) + IV_PAGE_SIZE - 1) & ~(uint64_t)(IV_PAGE_SIZE - 1))

static unsigned bucket_of(const char *s)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % NBUCKETS;
}

/* Under reg. */
static struct capfile *find(const char *name)
{
    for (struct capfile *f = buckets[bucket_of(name)]; f; f = f->next)
        if (!strcmp(f->name, name))
            return f;
    return NULL;
}

/* A reference to the registered capfile `name`, or NULL. */
static struct capfile *get(const char *name)
{
    pthread_mutex_lock(&reg);
    struct capfile *f = find(name);
    if (f)
        f->refs++;
    pthread_mutex_unlock(&reg);
    return f;
}

static void destroy(struct capfile *f)
{
    if (f->view)
        munmap(f->view, f->psize);
    if (f->fd >= 0)
        close(f->fd);
    pthread_rwlock_destroy(&f->gate);
    free(f->acc);
    free(f->maps);
    free(f);
}

static void put(struct capfile *f)
{
    pthread_mutex_lock(&reg);
    int last = --f->refs == 0;
    pthread_mutex_unlock(&reg);
    if (last)
        destroy(f);
}

/* Under the gate. */
static struct acc *acc_of(struct capfile *f, const char *cvm)
{
    for (int i = 0; i < f->nacc; i++)
        if (!strcmp(f->acc[i].cvm, cvm))
            return &f->acc[i];
    return NULL;
}

static int mode_of(struct capfile *f, const char *cvm)
{
    struct acc *a = acc_of(f, cvm);
    return a ? a->mode : IV_CAP_NONE;
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n < IV_CAP_NAME_MAX;
}

/* A new capfile with one reference (the registry's), registered unless a
 * capfile of that name exists. */
static long create(const char *name, uint64_t size, const void *data, uint64_t len, struct iv_cvm *owner)
{
    if (!valid_name(name) || !size || size > IV_CAP_FILE_MAX || len > size)
        return -EINVAL;
    struct capfile *f = calloc(1, sizeof *f);
    if (!f)
        return -ENOMEM;
    strcpy(f->name, name);
    if (owner)
        snprintf(f->creator, sizeof f->creator, "%s", owner->name);
    f->owner = owner;
    f->size = size;
    f->psize = PAGE_UP(size);
    f->refs = 1;
    pthread_rwlockattr_t at;
    pthread_rwlockattr_init(&at);
    pthread_rwlockattr_setkind_np(&at, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&f->gate, &at);
    pthread_rwlockattr_destroy(&at);
    f->fd = memfd_create(name, MFD_CLOEXEC);
    long r = -ENOMEM;
    if (f->fd < 0 || ftruncate(f->fd, (off_t)f->psize))
        goto fail;
    f->view = mmap(NULL, f->psize, PROT_READ | PROT_WRITE, MAP_SHARED, f->fd, 0);
    if (f->view == MAP_FAILED) {
        f->view = NULL;
        goto fail;
    }
    if (len)
        memcpy(f->view, data, len);
    if (owner) { /* the creator has rw */
        f->acc = calloc(1, sizeof *f->acc);
        if (!f->acc)
            goto fail;
        snprintf(f->acc[0].cvm, sizeof f->acc[0].cvm, "%s", owner->name);
        f->acc[0].mode = IV_CAP_RW;
        f->nacc = 1;
    }
    pthread_mutex_lock(&reg);
    r = find(name) ? -EEXIST : 0;
    if (!r) {
        unsigned b = bucket_of(name);
        f->next = buckets[b];
        buckets[b] = f;
    }
    pthread_mutex_unlock(&reg);
    if (!r)
        return 0;
fail:
    destroy(f);
    return r;
}

long iv_capfile_new(const char *name, uint64_t size, const void *data, uint64_t len, const char *creator)
{
    (void)creator; /* deployments create capfiles that no cVM owns */
    return create(name, size, data, len, NULL);
}

/* Under the gate (write). */
static long set_mode(struct capfile *f, const char *cvm, int mode)
{
    struct acc *a = acc_of(f, cvm);
    if (!a) {
        if (mode == IV_CAP_NONE)
            return 0; /* nothing to record */
        if (f->nacc >= IV_CAP_ACCESS_MAX)
            return -ENOSPC;
        struct acc *na = realloc(f->acc, (size_t)(f->nacc + 1) * sizeof *na);
        if (!na)
            return -ENOMEM;
        f->acc = na;
        a = &f->acc[f->nacc++];
        snprintf(a->cvm, sizeof a->cvm, "%s", cvm);
    }
    a->mode = mode;
    return 0;
}

int iv_capfile_exists(const char *name)
{
    pthread_mutex_lock(&reg);
    int r = find(name) != NULL;
    pthread_mutex_unlock(&reg);
    return r;
}

long iv_capfile_set_access(const char *name, const char *cvm, int mode)
{
    struct capfile *f = get(name);
    if (!f)
        return -ENOENT;
    pthread_rwlock_wrlock(&f->gate);
    long r = set_mode(f, cvm, mode);
    pthread_rwlock_unlock(&f->gate);
    put(f);
    return r;
}

void iv_capfile_forget_cvm(const char *cvm)
{
    /* References first, then each gate alone: never reg and a gate at once. */
    pthread_mutex_lock(&reg);
    int n = 0;
    for (int b = 0; b < NBUCKETS; b++)
        for (struct capfile *f = buckets[b]; f; f = f->next)
            n++;
    struct capfile **all = malloc((size_t)(n ? n : 1) * sizeof *all);
    n = 0;
    for (int b = 0; all && b < NBUCKETS; b++)
        for (struct capfile *f = buckets[b]; f; f = f->next) {
            f->refs++;
            all[n++] = f;
        }
    pthread_mutex_unlock(&reg);
    for (int i = 0; i < n; i++) {
        pthread_rwlock_wrlock(&all[i]->gate);
        set_mode(all[i], cvm, IV_CAP_NONE);
        pthread_rwlock_unlock(&all[i]->gate);
        put(all[i]);
    }
    free(all);
}

/* Copies the NUL-terminated name at cVM address `addr` into out.  Each page
 * it touches is checked before a byte of it is read. */
long iv_cap_name_in(struct iv_cvm *c, uint64_t addr, char out[IV_CAP_NAME_MAX])
{
    long r = -ENAMETOOLONG;
    pthread_rwlock_rdlock(&c->vm.lock);
    for (uint64_t i = 0; i < IV_CAP_NAME_MAX; i++) {
        const char *p = vmem_check(&c->vm, addr + i, 1, IV_P_R);
        if (!p) {
            r = -EFAULT;
            break;
        }
        out[i] = *p;
        if (!*p) {
            r = i ? 0 : -EINVAL;
            break;
        }
    }
    pthread_rwlock_unlock(&c->vm.lock);
    return r;
}

/* Lowers the mappings cVM `cvm` has of f to `mode`: none -> an inaccessible
 * placeholder, ro -> read-only.  Under the gate (write). */
static void restrict_maps(struct capfile *f, const char *cvm, int mode)
{
    for (int j = 0; j < f->nmaps; j++) {
        struct cmap *m = &f->maps[j];
        if (strcmp(m->c->name, cvm) || mode == IV_CAP_RW)
            continue;
        if (mode == IV_CAP_RO && !(m->prot & IV_P_W))
            continue;
        struct iv_vmem *vm = &m->c->vm;
        void *at = (void *)(uintptr_t)(vm->base + m->lo);
        pthread_rwlock_wrlock(&vm->lock);
        int ok;
        /* Exactly one recorded mapping is replaced: no entry is added. */
        if (mode == IV_CAP_NONE)
            ok = mmap(at, m->hi - m->lo, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) != MAP_FAILED;
        else
            ok = !mprotect(at, m->hi - m->lo, PROT_READ);
        if (ok) {
            m->prot = mode == IV_CAP_NONE ? 0 : IV_P_R;
            vmem_set(vm, m->lo, m->hi, m->prot, IV_MK_CAPFILE);
        }
        pthread_rwlock_unlock(&vm->lock);
        /* Cannot happen for a range we mapped (the monitor keeps a reserve
         * of mappings); if it did, the cVM would keep access it no longer
         * has: end it instead. */
        if (!ok)
            iv_cvm_end(m->c, 128 + 11);
    }
}

long hc_cap_file_create(uint64_t name, uint64_t size)
{
    struct iv_cvm *c = CVM;
    struct cf_state *st = ST(c);
    char n[IV_CAP_NAME_MAX];
    long r = iv_cap_name_in(c, name, n);
    if (r)
        return r;
    if (!size || size > IV_CAP_FILE_MAX)
        return -EINVAL;
    /* Its memory is charged to the creator's budget, its memfd and view to
     * the creator's shares, and their number is bounded, until the
     * creator's run ends (capfile_destroy). */
    struct iv_vmem *vm = &c->vm;
    uint64_t psize = PAGE_UP(size);
    pthread_mutex_lock(&st->mlock);
    r = st->created >= IV_CAP_CREATE_MAX ? -ENOSPC : 0;
    if (!r)
        st->created++;
    pthread_mutex_unlock(&st->mlock);
    if (r)
        return r;
    if (iv_charge(&c->share, IV_RES_FD, 1))
        r = -EMFILE;
    else if (iv_charge(&c->share, IV_RES_VMA, 1)) {
        iv_uncharge(&c->share, IV_RES_FD, 1);
        r = -ENOMEM;
    }
    if (!r) {
        pthread_rwlock_wrlock(&vm->lock);
        r = vmem_over_budget(vm, 0, psize) ? -ENOMEM : 0;
        if (!r)
            vm->used += psize;
        pthread_rwlock_unlock(&vm->lock);
        if (r) {
            iv_uncharge(&c->share, IV_RES_FD, 1);
            iv_uncharge(&c->share, IV_RES_VMA, 1);
        }
    }
    if (!r) {
        r = create(n, size, NULL, 0, c);
        if (r) {
            pthread_rwlock_wrlock(&vm->lock);
            vm->used -= psize;
            pthread_rwlock_unlock(&vm->lock);
            iv_uncharge(&c->share, IV_RES_FD, 1);
            iv_uncharge(&c->share, IV_RES_VMA, 1);
        } else {
            pthread_rwlock_wrlock(&vm->lock);
            if (vm->used > vm->peak)
                vm->peak = vm->used;
            pthread_rwlock_unlock(&vm->lock);
        }
    }
    if (r) {
        pthread_mutex_lock(&st->mlock);
        st->created--;
        pthread_mutex_unlock(&st->mlock);
    }
    return r;
}

/* grant and revoke: allowed to the creator and to cVMs with rw access.
 * The creator's own access cannot be lowered (it owns the capfile). */
static long change(uint64_t name, uint64_t cvm, int mode)
{
    char n[IV_CAP_NAME_MAX], who[IV_CAP_NAME_MAX];
    long r = iv_cap_name_in(CVM, name, n);
    if (!r)
        r = iv_cap_name_in(CVM, cvm, who);
    if (r)
        return r;
    struct capfile *f = get(n);
    if (!f)
        return -ENOENT;
    pthread_rwlock_wrlock(&f->gate);
    if (strcmp(f->creator, CVM->name) && mode_of(f, CVM->name) != IV_CAP_RW)
        r = mode_of(f, CVM->name) == IV_CAP_NONE ? -EACCES : -EPERM;
    else if (!strcmp(f->creator, who) && mode != IV_CAP_RW)
        r = -EPERM;
    else
        r = set_mode(f, who, mode);
    if (!r)
        restrict_maps(f, who, mode);
    pthread_rwlock_unlock(&f->gate);
    put(f);
    return r;
}

long hc_cap_file_grant(uint64_t name, uint64_t cvm, uint64_t mode)
{
    if (mode != IV_CAP_RO && mode != IV_CAP_RW)
        return -EINVAL;
    return change(name, cvm, (int)mode);
}

long hc_cap_file_revoke(uint64_t name, uint64_t cvm) { return change(name, cvm, IV_CAP_NONE); }

/* Records a mapping of f at lo in c's list (taking a reference).  0 or
 * -ENOMEM. */
static int remember(struct iv_cvm *c, struct capfile *f, uint64_t lo)
{
    struct cf_state *st = ST(c);
    int r = 0;
    pthread_mutex_lock(&st->mlock);
    if (st->nmaps == st->cap) {
        int cap = st->cap ? 2 * st->cap : 8;
        struct mapping *m = realloc(st->maps, (size_t)cap * sizeof *m);
        if (m) {
            st->maps = m;
            st->cap = cap;
        } else {
            r = -ENOMEM;
        }
    }
    if (!r)
        st->maps[st->nmaps++] = (struct mapping){f, lo};
    pthread_mutex_unlock(&st->mlock);
    if (!r) {
        pthread_mutex_lock(&reg);
        f->refs++;
        pthread_mutex_unlock(&reg);
    }
    return r;
}

long hc_cap_file_map(uint64_t name, uint64_t len_out, uint64_t prot)
{
    struct iv_cvm *c = CVM;
    struct iv_vmem *vm = &c->vm;
    char n[IV_CAP_NAME_MAX];
    if (prot != IV_PROT_READ && prot != (IV_PROT_READ | IV_PROT_WRITE))
        return -EINVAL; /* never executable; write-only does not exist on x86 */
    long r = iv_cap_name_in(c, name, n);
    if (r)
        return r;
    struct capfile *f = get(n);
    if (!f)
        return -ENOENT;
    pthread_rwlock_wrlock(&f->gate);
    int mode = mode_of(f, c->name);
    struct cmap *nm = NULL;
    if (mode == IV_CAP_NONE || (prot & IV_PROT_WRITE && mode != IV_CAP_RW)) {
        r = -EACCES;
        goto out;
    }
    /* Other cVMs write these pages: masked returns from now on. */
    if (iv_image_code_safe(c)) {
        r = -ENOMEM;
        goto out;
    }
    nm = realloc(f->maps, (size_t)(f->nmaps + 1) * sizeof *nm);
    if (!nm) {
        r = -ENOMEM;
        goto out;
    }
    f->maps = nm;
    pthread_rwlock_wrlock(&vm->lock);
    /* Its revoke will rewrite this map from the creator's thread. */
    __atomic_store_n(&vm->foreign, 1, __ATOMIC_RELEASE);
    uint64_t *lp = len_out ? vmem_check(vm, len_out, 8, IV_P_R | IV_P_W) : NULL;
    uint64_t lo = vmem_find_free(vm, f->psize);
    if (len_out && (!lp || len_out % 8))
        r = -EFAULT;
    else if (!lo || vmem_over_budget(vm, 0, f->psize) || vmem_room(vm, lo, lo + f->psize, VMEM_NEW))
        r = -ENOMEM; /* charged to the mapper's budget and share like its own pages */
    else if (mmap((void *)(uintptr_t)(vm->base + lo), f->psize,
                  PROT_READ | (prot & IV_PROT_WRITE ? PROT_WRITE : 0), MAP_SHARED | MAP_FIXED, f->fd,
                  0) == MAP_FAILED) {
        vmem_set(vm, 0, 0, 0, 0); /* gives the room back */
        r = -ENOMEM;
    } else if (remember(c, f, lo)) {
        mmap((void *)(uintptr_t)(vm->base + lo), f->psize, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
        vmem_set(vm, 0, 0, 0, 0);
        r = -ENOMEM;
    } else {
        int vp = IV_P_R | (prot & IV_PROT_WRITE ? IV_P_W : 0);
        vmem_set(vm, lo, lo + f->psize, vp, IV_MK_CAPFILE);
        f->maps[f->nmaps++] = (struct cmap){c, lo, lo + f->psize, vp};
        if (lp)
            *lp = f->size;
        r = (long)(vm->base + lo);
    }
    pthread_rwlock_unlock(&vm->lock);
out:
    pthread_rwlock_unlock(&f->gate);
    put(f);
    return r;
}

/* Under f's gate (write): drops f's record of c's mapping at lo. */
static void forget_map(struct capfile *f, struct iv_cvm *c, uint64_t lo)
{
    for (int j = 0; j < f->nmaps; j++)
        if (f->maps[j].c == c && f->maps[j].lo == lo) {
            f->maps[j] = f->maps[--f->nmaps];
            return;
        }
}

long hc_cap_file_unmap(uint64_t addr)
{
    struct iv_cvm *c = CVM;
    struct iv_vmem *vm = &c->vm;
    struct cf_state *st = ST(c);
    struct capfile *f = NULL;
    uint64_t lo = addr - vm->base;
    pthread_mutex_lock(&st->mlock);
    int i;
    for (i = 0; i < st->nmaps; i++)
        if (st->maps[i].lo == lo) {
            f = st->maps[i].f;
            st->maps[i] = st->maps[--st->nmaps]; /* ours now: no other unmap can take it */
            break;
        }
    pthread_mutex_unlock(&st->mlock);
    if (!f || addr < vm->base)
        return -EINVAL;
    pthread_rwlock_wrlock(&f->gate);
    pthread_rwlock_wrlock(&vm->lock);
    /* Back to reserved, like munmap: the range is free again.  Exactly one
     * recorded mapping is replaced. */
    if (mmap((void *)(uintptr_t)addr, f->psize, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
             -1, 0) == MAP_FAILED)
        iv_cvm_end(c, 128 + 11); /* cannot happen (see restrict_maps); never leave it mapped unrecorded */
    vmem_set(vm, lo, lo + f->psize, 0, 0);
    pthread_rwlock_unlock(&vm->lock);
    forget_map(f, c, lo);
    pthread_rwlock_unlock(&f->gate);
    put(f);
    return 0;
}

/* The copy calls: bounds-checked against the capfile's size and the
 * caller's mappings, in chunks, each under the gate with the access
 * checked again (so revoke is a barrier, see top) and under the caller's
 * vm read lock (its buffer cannot go away under the copy).  A copy that a
 * revoke overtakes returns what it copied before it, or EACCES. */
static long copy(uint64_t name, uint64_t off, uint64_t buf, uint64_t len, int write)
{
    struct iv_cvm *c = CVM;
    char n[IV_CAP_NAME_MAX];
    long r = iv_cap_name_in(c, name, n);
    if (r)
        return r;
    struct capfile *f = get(n);
    if (!f)
        return -ENOENT;
    if (off > f->size || len > f->size - off) { /* no overflow: off <= size */
        pthread_rwlock_rdlock(&f->gate);
        int mode = mode_of(f, c->name);
        pthread_rwlock_unlock(&f->gate);
        put(f);
        return mode == IV_CAP_NONE || (write && mode != IV_CAP_RW) ? -EACCES : -EINVAL;
    }
    uint64_t done = 0;
    do {
        uint64_t k = len - done < COPY_CHUNK ? len - done : COPY_CHUNK;
        pthread_rwlock_rdlock(&f->gate);
        int mode = mode_of(f, c->name);
        if (mode == IV_CAP_NONE || (write && mode != IV_CAP_RW)) {
            r = -EACCES;
        } else {
            pthread_rwlock_rdlock(&c->vm.lock);
            void *p = vmem_check(&c->vm, buf + done, k, write ? IV_P_R : IV_P_R | IV_P_W);
            /* memmove: the buffer may be a mapping of the same capfile. */
            if (p && write)
                memmove(f->view + off + done, p, k);
            else if (p)
                memmove(p, f->view + off + done, k);
            pthread_rwlock_unlock(&c->vm.lock);
            r = p ? 0 : -EFAULT;
        }
        pthread_rwlock_unlock(&f->gate);
        if (!r)
            done += k;
    } while (!r && done < len);
    put(f);
    return done || !r ? (long)done : r;
}

long hc_cap_file_read(uint64_t name, uint64_t off, uint64_t buf, uint64_t len)
{
    return copy(name, off, buf, len, 0);
}

long hc_cap_file_write(uint64_t name, uint64_t off, uint64_t buf, uint64_t len)
{
    return copy(name, off, buf, len, 1);
}

static int capfile_create(struct iv_cvm *c, const struct iv_cvm_opts *o)
{
    (void)o;
    struct cf_state *st = calloc(1, sizeof *st);
    if (!st) {
        fprintf(stderr, "intravisor: cvm %s: out of memory\n", c->name);
        return -1;
    }
    pthread_mutex_init(&st->mlock, NULL);
    iv_cvm_state_set(c, cf_slot, st);
    return 0;
}

/* c's run is over and its region is about to go (no thread of it or of a
 * caller runs in it): drop the records of its mappings, and unregister the
 * capfiles it created (their memory stays while others have it mapped). */
static void capfile_destroy(struct iv_cvm *c)
{
    struct cf_state *st = ST(c);
    for (int i = 0; i < st->nmaps; i++) {
        struct capfile *f = st->maps[i].f;
        pthread_rwlock_wrlock(&f->gate);
        forget_map(f, c, st->maps[i].lo);
        pthread_rwlock_unlock(&f->gate);
        put(f);
    }
    struct capfile *gone = NULL;
    pthread_mutex_lock(&reg);
    for (int b = 0; b < NBUCKETS; b++)
        for (struct capfile **p = &buckets[b]; *p;) {
            struct capfile *f = *p;
            if (f->owner == c) {
                *p = f->next;
                f->next = gone;
                gone = f;
            } else {
                p = &f->next;
            }
        }
    pthread_mutex_unlock(&reg);
    while (gone) {
        struct capfile *f = gone;
        gone = f->next;
        f->owner = NULL;
        put(f); /* the registry's reference */
    }
    free(st->maps);
    pthread_mutex_destroy(&st->mlock);
    free(st);
    iv_cvm_state_set(c, cf_slot, NULL);
}

void iv_capfile_register(void)
{
    static const struct iv_cvm_hooks hooks = {.name = "capfile", .create = capfile_create, .destroy = capfile_destroy};
    cf_slot = iv_cvm_hooks_register(&hooks);
    iv_hostcall_register(IV_HC_CAP_FILE_MAP, IV_HC_FN(hc_cap_file_map));
    iv_hostcall_register(IV_HC_CAP_FILE_UNMAP, IV_HC_FN(hc_cap_file_unmap));
    iv_hostcall_register(IV_HC_CAP_FILE_READ, IV_HC_FN(hc_cap_file_read));
    iv_hostcall_register(IV_HC_CAP_FILE_WRITE, IV_HC_FN(hc_cap_file_write));
    iv_hostcall_register(IV_HC_CAP_FILE_CREATE, IV_HC_FN(hc_cap_file_create));
    iv_hostcall_register(IV_HC_CAP_FILE_GRANT, IV_HC_FN(hc_cap_file_grant));
    iv_hostcall_register(IV_HC_CAP_FILE_REVOKE, IV_HC_FN(hc_cap_file_revoke));
}
