/* CAP Files: named shared buffers (docs/ipc.md).
 *
 * A capfile is a memfd the monitor owns, with a monitor-side MAP_SHARED view
 * (for the copy calls) and an access table {cVM name -> IV_CAP_*}.  Mapping
 * it into a cVM maps the same memfd MAP_SHARED|MAP_FIXED into a free range
 * of the caller's heap zone, never executable.  Capfiles live as long as the
 * monitor, so the monitor view and the memfd are never freed under a copy.
 *
 * Revocation replaces every mapping the cVM has of the capfile with an
 * anonymous PROT_NONE mapping, recorded as a mapping without permission:
 * the cVM's next access faults (contained, like any fault in its region),
 * the address range stays reserved until cap_file_unmap, and the cVM never
 * sees freed or reused memory.
 *
 * Locks: `reg` (the registry, access tables and mapping records) is taken
 * before any cVM's vm.lock, never after, so a revoke from one cVM and a map
 * in another cannot deadlock. */
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
    uint64_t size, psize;          /* bytes; rounded up to pages */
    int fd;
    unsigned char *view;           /* monitor's shared view */
    struct acc *acc;
    int nacc;
    struct cmap *maps;
    int nmaps;
};

/* Run-time creation is refused (-ENOSPC) beyond this many capfiles: the
 * registry is searched linearly. */
#define IV_CAP_FILES_MAX 4096

static pthread_mutex_t reg = PTHREAD_MUTEX_INITIALIZER;
static struct capfile **files;
static int nfiles;

#define CVM (iv_self->cvm)
#define PAGE_UP(x) (((x) + IV_PAGE_SIZE - 1) & ~(uint64_t)(IV_PAGE_SIZE - 1))

static struct capfile *find(const char *name)
{
    for (int i = 0; i < nfiles; i++)
        if (!strcmp(files[i]->name, name))
            return files[i];
    return NULL;
}

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

long iv_capfile_new(const char *name, uint64_t size, const void *data, uint64_t len,
                    const char *creator)
{
    if (!valid_name(name) || !size || size > IV_CAP_FILE_MAX || len > size)
        return -EINVAL;
    struct capfile *f = calloc(1, sizeof *f);
    if (!f)
        return -ENOMEM;
    strcpy(f->name, name);
    if (creator)
        snprintf(f->creator, sizeof f->creator, "%s", creator);
    f->size = size;
    f->psize = PAGE_UP(size);
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
    pthread_mutex_lock(&reg);
    struct capfile **nf = find(name) ? NULL : realloc(files, (size_t)(nfiles + 1) * sizeof *nf);
    if (nf) {
        files = nf;
        files[nfiles++] = f;
    }
    r = nf ? 0 : find(name) ? -EEXIST : -ENOMEM;
    pthread_mutex_unlock(&reg);
    if (!r)
        return 0;
fail:
    if (f->view)
        munmap(f->view, f->psize);
    if (f->fd >= 0)
        close(f->fd);
    free(f);
    return r;
}

/* Under reg. */
static long set_mode(struct capfile *f, const char *cvm, int mode)
{
    struct acc *a = acc_of(f, cvm);
    if (!a) {
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

long iv_capfile_set_access(const char *name, const char *cvm, int mode)
{
    pthread_mutex_lock(&reg);
    struct capfile *f = find(name);
    long r = f ? set_mode(f, cvm, mode) : -ENOENT;
    pthread_mutex_unlock(&reg);
    return r;
}

static void capfile_destroy(struct iv_cvm *c)
{
    pthread_mutex_lock(&reg);
    for (int i = 0; i < nfiles; i++) {
        struct capfile *f = files[i];
        int k = 0;
        for (int j = 0; j < f->nmaps; j++)
            if (f->maps[j].c != c)
                f->maps[k++] = f->maps[j];
        f->nmaps = k;
    }
    pthread_mutex_unlock(&reg);
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

/* Lowers c's existing mappings of f to `mode`: none -> an inaccessible
 * placeholder, ro -> read-only.  Under reg. */
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
        /* Cannot happen for a range we mapped; if it did, the cVM would
         * keep access it no longer has: end it instead. */
        if (!ok)
            iv_cvm_end(m->c, 128 + 11);
    }
}

long hc_cap_file_create(uint64_t name, uint64_t size)
{
    char n[IV_CAP_NAME_MAX];
    long r = iv_cap_name_in(CVM, name, n);
    if (r)
        return r;
    if (!size || size > IV_CAP_FILE_MAX)
        return -EINVAL;
    /* The memory is charged to the creator's budget for the creator's
     * lifetime (capfiles outlive it), so a cVM cannot exhaust the host by
     * creating capfiles; and their number is bounded. */
    struct iv_vmem *vm = &CVM->vm;
    uint64_t psize = PAGE_UP(size);
    pthread_mutex_lock(&reg);
    int full = nfiles >= IV_CAP_FILES_MAX;
    pthread_mutex_unlock(&reg);
    if (full)
        return -ENOSPC;
    pthread_rwlock_wrlock(&vm->lock);
    r = vmem_over_budget(vm, 0, psize) ? -ENOMEM : 0;
    if (!r)
        vm->used += psize;
    pthread_rwlock_unlock(&vm->lock);
    if (r)
        return r;
    r = iv_capfile_new(n, size, NULL, 0, CVM->name);
    if (!r)
        r = iv_capfile_set_access(n, CVM->name, IV_CAP_RW);
    pthread_rwlock_wrlock(&vm->lock);
    if (r)
        vm->used -= psize;
    else if (vm->used > vm->peak)
        vm->peak = vm->used;
    pthread_rwlock_unlock(&vm->lock);
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
    pthread_mutex_lock(&reg);
    struct capfile *f = find(n);
    if (!f)
        r = -ENOENT;
    else if (strcmp(f->creator, CVM->name) && mode_of(f, CVM->name) != IV_CAP_RW)
        r = mode_of(f, CVM->name) == IV_CAP_NONE ? -EACCES : -EPERM;
    else if (!strcmp(f->creator, who) && mode != IV_CAP_RW)
        r = -EPERM;
    else
        r = set_mode(f, who, mode);
    if (!r)
        restrict_maps(f, who, mode);
    pthread_mutex_unlock(&reg);
    return r;
}

long hc_cap_file_grant(uint64_t name, uint64_t cvm, uint64_t mode)
{
    if (mode != IV_CAP_RO && mode != IV_CAP_RW)
        return -EINVAL;
    return change(name, cvm, (int)mode);
}

long hc_cap_file_revoke(uint64_t name, uint64_t cvm) { return change(name, cvm, IV_CAP_NONE); }

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
    pthread_mutex_lock(&reg);
    struct capfile *f = find(n);
    int mode = f ? mode_of(f, c->name) : IV_CAP_NONE;
    struct cmap *nm = NULL;
    if (!f) {
        r = -ENOENT;
        goto out;
    }
    if (mode == IV_CAP_NONE || (prot & IV_PROT_WRITE && mode != IV_CAP_RW)) {
        r = -EACCES;
        goto out;
    }
    nm = realloc(f->maps, (size_t)(f->nmaps + 1) * sizeof *nm);
    if (!nm) {
        r = -ENOMEM;
        goto out;
    }
    f->maps = nm;
    pthread_rwlock_wrlock(&vm->lock);
    uint64_t *lp = len_out ? vmem_check(vm, len_out, 8, IV_P_R | IV_P_W) : NULL;
    uint64_t lo = vmem_find_free(vm, f->psize);
    if (len_out && (!lp || len_out % 8))
        r = -EFAULT;
    else if (!lo || vmem_over_budget(vm, 0, f->psize))
        r = -ENOMEM; /* charged to the mapper's budget like its own pages */
    else if (mmap((void *)(uintptr_t)(vm->base + lo), f->psize,
                  PROT_READ | (prot & IV_PROT_WRITE ? PROT_WRITE : 0), MAP_SHARED | MAP_FIXED, f->fd,
                  0) == MAP_FAILED)
        r = -ENOMEM;
    else {
        int vp = IV_P_R | (prot & IV_PROT_WRITE ? IV_P_W : 0);
        vmem_set(vm, lo, lo + f->psize, vp, IV_MK_CAPFILE);
        f->maps[f->nmaps++] = (struct cmap){c, lo, lo + f->psize, vp};
        if (lp)
            *lp = f->size;
        r = (long)(vm->base + lo);
    }
    pthread_rwlock_unlock(&vm->lock);
out:
    pthread_mutex_unlock(&reg);
    return r;
}

long hc_cap_file_unmap(uint64_t addr)
{
    struct iv_cvm *c = CVM;
    struct iv_vmem *vm = &c->vm;
    long r = -EINVAL;
    pthread_mutex_lock(&reg);
    for (int i = 0; i < nfiles && r; i++) {
        struct capfile *f = files[i];
        for (int j = 0; j < f->nmaps; j++) {
            struct cmap *m = &f->maps[j];
            if (m->c != c || vm->base + m->lo != addr)
                continue;
            pthread_rwlock_wrlock(&vm->lock);
            /* Back to reserved, like munmap: the range is free again. */
            if (mmap((void *)(uintptr_t)addr, m->hi - m->lo, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED) {
                r = -ENOMEM;
            } else {
                vmem_set(vm, m->lo, m->hi, 0, 0);
                f->maps[j] = f->maps[--f->nmaps];
                r = 0;
            }
            pthread_rwlock_unlock(&vm->lock);
            break;
        }
    }
    pthread_mutex_unlock(&reg);
    return r;
}

/* The copy calls: bounds-checked against the capfile's size and the
 * caller's mappings.  The capfile is never freed, so its view may be used
 * after reg is released; the caller's buffer is held by its vm read lock. */
static long copy(uint64_t name, uint64_t off, uint64_t buf, uint64_t len, int write)
{
    struct iv_cvm *c = CVM;
    char n[IV_CAP_NAME_MAX];
    long r = iv_cap_name_in(c, name, n);
    if (r)
        return r;
    pthread_mutex_lock(&reg);
    struct capfile *f = find(n);
    int mode = f ? mode_of(f, c->name) : IV_CAP_NONE;
    pthread_mutex_unlock(&reg);
    if (!f)
        return -ENOENT;
    if (mode == IV_CAP_NONE || (write && mode != IV_CAP_RW))
        return -EACCES;
    if (off > f->size || len > f->size - off) /* no overflow: off <= size */
        return -EINVAL;
    pthread_rwlock_rdlock(&c->vm.lock);
    void *p = vmem_check(&c->vm, buf, len, write ? IV_P_R : IV_P_R | IV_P_W);
    /* memmove: the buffer may be a mapping of the same capfile. */
    if (p && write)
        memmove(f->view + off, p, len);
    else if (p)
        memmove(p, f->view + off, len);
    pthread_rwlock_unlock(&c->vm.lock);
    return p ? (long)len : -EFAULT;
}

long hc_cap_file_read(uint64_t name, uint64_t off, uint64_t buf, uint64_t len)
{
    return copy(name, off, buf, len, 0);
}

long hc_cap_file_write(uint64_t name, uint64_t off, uint64_t buf, uint64_t len)
{
    return copy(name, off, buf, len, 1);
}

void iv_capfile_register(void)
{
    /* Only a destroy hook: the records of c's mappings go before its region. */
    static const struct iv_cvm_hooks hooks = {.name = "capfile", .destroy = capfile_destroy};
    iv_cvm_hooks_register(&hooks);
    iv_hostcall_register(IV_HC_CAP_FILE_MAP, IV_HC_FN(hc_cap_file_map));
    iv_hostcall_register(IV_HC_CAP_FILE_UNMAP, IV_HC_FN(hc_cap_file_unmap));
    iv_hostcall_register(IV_HC_CAP_FILE_READ, IV_HC_FN(hc_cap_file_read));
    iv_hostcall_register(IV_HC_CAP_FILE_WRITE, IV_HC_FN(hc_cap_file_write));
    iv_hostcall_register(IV_HC_CAP_FILE_CREATE, IV_HC_FN(hc_cap_file_create));
    iv_hostcall_register(IV_HC_CAP_FILE_GRANT, IV_HC_FN(hc_cap_file_grant));
    iv_hostcall_register(IV_HC_CAP_FILE_REVOKE, IV_HC_FN(hc_cap_file_revoke));
}
