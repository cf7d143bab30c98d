/* ELF loader.  The verifier already proved the image; this code still
 * bounds-checks everything it reads, because it runs on untrusted bytes
 * and a loader bug would be a monitor bug. */
#include "core/loader.h"
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <nettle/sha2.h>
#include <intravisor/sfi.h>
#include <intravisor/verifier.h>
#include <intravisor/clock.h>
#include "core/clock.h"
#include "core/cvm.h"
#include "core/vcache.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels: EINVAL, ignored */
#endif

#define PG ((uint64_t)IV_PAGE_SIZE)
#define PG_DOWN(x) ((x) & ~(PG - 1))
#define PG_UP(x) (((x) + PG - 1) & ~(PG - 1))

/* The bytes of an image are read into memory that is touched once, page by
 * page; where a page fault is dear (≈ 10 µs in a paravirtualised guest:
 * docs/benchmarks.md "Monitor"), a transparent huge page takes the
 * whole image in one fault.  Large images only; a cached image, which
 * keeps its bytes for the monitor's life, gives the unused tail back
 * (iv_image_trim). */
#define HUGE ((size_t)2 << 20)
#define HUGE_FROM ((size_t)256 << 10)
static uint8_t *image_buf(size_t size, size_t *map_len)
{
    *map_len = 0;
    if (size < HUGE_FROM)
        return malloc(size ? size : 1);
    size_t len = (size + HUGE - 1) & ~(HUGE - 1);
    uint8_t *m = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    uint8_t *a = (uint8_t *)(((uintptr_t)m + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
    if (a > m)
        munmap(m, (size_t)(a - m));
    if (a + len < m + len + HUGE)
        munmap(a + len, (size_t)(m + len + HUGE - (a + len)));
    madvise(a, len, MADV_HUGEPAGE); /* advice: without THP, plain pages */
    *map_len = len;
    return a;
}

static void image_buf_free(struct iv_image *img)
{
    if (img->data_map)
        munmap(img->data, img->data_map);
    else
        free(img->data);
    img->data = NULL;
    img->data_map = 0;
}

void iv_image_trim(struct iv_image *img)
{
    size_t keep = PG_UP(img->size);
    if (img->data_map > keep && keep) {
        munmap(img->data + keep, img->data_map - keep);
        img->data_map = keep;
    }
}

int iv_image_read(const char *path, struct iv_image *img)
{
    memset(img, 0, sizeof *img);
    img->path = path;
    img->tmpl_fd = -1;
    img->fast_fd = -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "intravisor: %s: %s\n", path, fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    img->size = (size_t)st.st_size;
    img->data = image_buf(img->size, &img->data_map);
    size_t got = 0;
    while (img->data && got < img->size) {
        ssize_t r = read(fd, img->data + got, img->size - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (!img->data || got != img->size) {
        fprintf(stderr, "intravisor: %s: cannot read\n", path);
        image_buf_free(img);
        return -1;
    }
    /* The image's identity for both caches (imgcache.c, vcache.c): nettle's
     * SHA-NI code where the CPU has it, 1.3 GB/s here.  Not libcrypto:
     * OpenSSL 3 loads its provider on the first digest (~1 ms of CPU) and
     * is 4.5 MB to link at every start of the monitor. */
    struct sha256_ctx h;
    sha256_init(&h);
    sha256_update(&h, img->size, img->data);
    sha256_digest(&h, SHA256_DIGEST_SIZE, img->hash);
    return 0;
}

void iv_image_free(struct iv_image *img)
{
    image_buf_free(img);
    if (img->tmpl_fd >= 0)
        close(img->tmpl_fd);
    img->tmpl_fd = -1;
    if (img->fast_fd >= 0)
        close(img->fast_fd);
    img->fast_fd = -1;
    free(img->rets);
    img->rets = NULL;
    img->nrets = 0;
}

/* The verifier's masked jumps through %r11, collected for fast returns. */
static void add_ret(void *arg, uint64_t vaddr)
{
    struct iv_image *img = arg;
    if (img->rets_lost || vaddr > UINT32_MAX)
        return;
    if (img->nrets == img->rets_cap) {
        size_t cap = img->rets_cap ? 2 * img->rets_cap : 1024;
        uint32_t *r = realloc(img->rets, cap * sizeof *r);
        if (!r) {
            img->rets_lost = 1; /* then no fast returns: always safe */
            return;
        }
        img->rets = r;
        img->rets_cap = cap;
    }
    img->rets[img->nrets++] = (uint32_t)vaddr;
}

/* IV_START_REPORT=1: one line on stderr per image saying where its
 * verdict came from and what it cost (tests, start-up diagnosis). */
static void report(const struct iv_image *img, const char *how, const struct timespec *t0)
{
    const char *e = getenv("IV_START_REPORT");
    if (!e || strcmp(e, "1"))
        return;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
    fprintf(stderr, "intravisor: %s: %s in %.2f ms, %zu return sites\n", img->path, how, ms, img->nrets);
}

int iv_image_verify(struct iv_image *img)
{
    struct iv_verify_error e;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(&e, 0, sizeof e);
    img->nrets = 0;
    img->rets_lost = 0;
    if (iv_vcache_find(img)) {
        report(img, "verdict from the verification cache", &t0);
        return 0;
    }
    if (iv_verify_elf_sites(img->data, img->size, &e, add_ret, img) == 0) {
        if (img->rets_lost)
            img->nrets = 0;
        else
            iv_vcache_store(img);
        report(img, "verified", &t0);
        return 0;
    }
    img->nrets = 0;
    if (e.insn[0])
        fprintf(stderr, "%s: 0x%llx: %s: %s\n", img->path, (unsigned long long)e.offset, e.insn, e.reason);
    else /* ELF-level error: no instruction to show */
        fprintf(stderr, "%s: 0x%llx: %s\n", img->path, (unsigned long long)e.offset, e.reason);
    return -1;
}

static int fail(const struct iv_image *img, const char *why)
{
    fprintf(stderr, "intravisor: %s: cannot load: %s\n", img->path, why);
    return -1;
}

static int map_fixed(uint64_t addr, uint64_t len, int prot)
{
    void *p = mmap((void *)(uintptr_t)addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    return p == MAP_FAILED ? -1 : 0;
}

/* Translates an image vaddr range to a file offset inside one PT_LOAD. */
static const uint8_t *vaddr_bytes(const struct iv_image *img, const Elf64_Phdr *ph, int phnum,
                                  uint64_t va, uint64_t len)
{
    for (int i = 0; i < phnum; i++) {
        if (ph[i].p_type != PT_LOAD)
            continue;
        if (va >= ph[i].p_vaddr && len <= ph[i].p_filesz && va - ph[i].p_vaddr <= ph[i].p_filesz - len)
            return img->data + ph[i].p_offset + (va - ph[i].p_vaddr);
    }
    return NULL;
}

static int apply_relocs(const struct iv_image *img, const Elf64_Phdr *ph, int phnum, uint64_t span,
                        uint64_t image, const uint8_t *exec_page)
{
    const Elf64_Phdr *dyn = NULL;
    for (int i = 0; i < phnum; i++)
        if (ph[i].p_type == PT_DYNAMIC)
            dyn = &ph[i];
    if (!dyn)
        return 0;
    if (dyn->p_offset > img->size || dyn->p_filesz > img->size - dyn->p_offset)
        return fail(img, "PT_DYNAMIC outside the file");
    const Elf64_Dyn *d = (const Elf64_Dyn *)(img->data + dyn->p_offset);
    size_t nd = dyn->p_filesz / sizeof *d;
    uint64_t tab[2] = {0, 0}, sz[2] = {0, 0};
    for (size_t i = 0; i < nd && d[i].d_tag != DT_NULL; i++) {
        switch (d[i].d_tag) {
        case DT_RELA: tab[0] = d[i].d_un.d_ptr; break;
        case DT_RELASZ: sz[0] = d[i].d_un.d_val; break;
        case DT_JMPREL: tab[1] = d[i].d_un.d_ptr; break;
        case DT_PLTRELSZ: sz[1] = d[i].d_un.d_val; break;
        case DT_REL: case DT_RELR: case DT_TEXTREL: case DT_NEEDED:
            return fail(img, "unsupported dynamic entry");
        }
    }
    for (int t = 0; t < 2; t++) {
        if (!sz[t])
            continue;
        const Elf64_Rela *r = (const Elf64_Rela *)vaddr_bytes(img, ph, phnum, tab[t], sz[t]);
        if (!r || tab[t] % 8)
            return fail(img, "relocation table outside the file");
        for (size_t i = 0; i < sz[t] / sizeof *r; i++) {
            uint32_t type = ELF64_R_TYPE(r[i].r_info);
            if (type == R_X86_64_NONE)
                continue;
            if (type != R_X86_64_RELATIVE)
                return fail(img, "relocation other than R_X86_64_RELATIVE");
            uint64_t off = r[i].r_offset;
            if (off > span || span - off < 8)
                return fail(img, "relocation outside the image");
            if (exec_page[off / PG] || exec_page[(off + 7) / PG])
                return fail(img, "relocation in code");
            uint64_t v = image + (uint64_t)r[i].r_addend;
            memcpy((void *)(uintptr_t)(image + off), &v, 8);
        }
    }
    return 0;
}

/* What the PT_LOAD headers ask for, checked: the span, and per page its
 * protection and whether it is code. */
struct plan {
    const Elf64_Ehdr *eh;
    const Elf64_Phdr *ph;
    int phnum;
    uint64_t span, npages;
    uint8_t *prot, *exec;
};

static void plan_free(struct plan *pl)
{
    free(pl->prot);
    free(pl->exec);
}

static int plan_image(const struct iv_image *img, struct plan *pl)
{
    memset(pl, 0, sizeof *pl);
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img->data;
    if (img->size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_machine != EM_X86_64 || eh->e_type != ET_DYN || eh->e_phentsize != sizeof(Elf64_Phdr))
        return fail(img, "not an x86-64 static-PIE ELF");
    if (memcmp(eh->e_ident + IV_IMAGE_MARK_OFFSET, IV_IMAGE_MARK, IV_IMAGE_MARK_LEN))
        return fail(img, "no cVM image mark (not linked by ivcc)");
    if (eh->e_phoff > img->size || (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > img->size - eh->e_phoff)
        return fail(img, "program headers outside the file");
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(img->data + eh->e_phoff);
    int phnum = eh->e_phnum;
    uint64_t span = 0;
    for (int i = 0; i < phnum; i++) {
        /* ivcc's PT_INTERP (a message without NUL, verifier/elf.c) is
         * never used: nothing to do. */
        if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
            continue;
        const Elf64_Phdr *p = &ph[i];
        if (p->p_filesz > p->p_memsz || p->p_offset > img->size || p->p_filesz > img->size - p->p_offset ||
            p->p_vaddr >= IV_IMAGE_MAX_SPAN || p->p_memsz > IV_IMAGE_MAX_SPAN - p->p_vaddr)
            return fail(img, "bad PT_LOAD");
        if ((p->p_flags & PF_X) && (p->p_flags & PF_W))
            return fail(img, "writable and executable segment");
        if ((p->p_flags & PF_X) && p->p_vaddr % PG)
            return fail(img, "code segment not page aligned");
        if (PG_UP(p->p_vaddr + p->p_memsz) > span)
            span = PG_UP(p->p_vaddr + p->p_memsz);
    }
    if (!span)
        return fail(img, "no PT_LOAD");
    /* Per page: which protection the segments ask for.  A code page must
     * hold only code bytes (anything else there would run unverified). */
    uint64_t npages = span / PG;
    uint8_t *prot = calloc(npages, 1), *exec = calloc(npages, 1);
    *pl = (struct plan){eh, ph, phnum, span, npages, prot, exec};
    if (!prot || !exec) {
        plan_free(pl);
        return fail(img, "out of memory");
    }
    for (int i = 0; i < phnum; i++) {
        if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
            continue;
        uint64_t a = PG_DOWN(ph[i].p_vaddr) / PG, b = PG_UP(ph[i].p_vaddr + ph[i].p_memsz) / PG;
        for (uint64_t pg = a; pg < b; pg++) {
            if (exec[pg] || (prot[pg] && (ph[i].p_flags & PF_X))) {
                plan_free(pl);
                return fail(img, "code shares a page with another segment");
            }
            prot[pg] |= (ph[i].p_flags & PF_R ? IV_P_R : 0) | (ph[i].p_flags & PF_W ? IV_P_W : 0) |
                        (ph[i].p_flags & PF_X ? IV_P_X | IV_P_R : 0);
            exec[pg] = !!(ph[i].p_flags & PF_X);
        }
    }
    return 0;
}

/* Writes the image as it is laid out in memory into dst (span bytes,
 * zeroed): each segment's file bytes at its vaddr, and int3 in the rest of
 * the last page of code, so a code page holds nothing but verified code. */
static void lay_out(const struct iv_image *img, const struct plan *pl, uint8_t *dst)
{
    for (int i = 0; i < pl->phnum; i++) {
        const Elf64_Phdr *p = &pl->ph[i];
        if (p->p_type != PT_LOAD || !p->p_memsz)
            continue;
        /* One call maps every page about to be written, instead of a fault
         * per page (dear in some guests, see image_buf); not the zero-fill
         * past the file bytes, which is touched only when used. */
        uint64_t end = p->p_flags & PF_X ? p->p_vaddr + p->p_memsz : p->p_vaddr + p->p_filesz;
        madvise(dst + PG_DOWN(p->p_vaddr), PG_UP(end) - PG_DOWN(p->p_vaddr), MADV_POPULATE_WRITE);
        memcpy(dst + p->p_vaddr, img->data + p->p_offset, p->p_filesz);
        if (p->p_flags & PF_X)
            memset(dst + p->p_vaddr + p->p_filesz, 0xcc, PG_UP(p->p_vaddr + p->p_memsz) - p->p_vaddr - p->p_filesz);
    }
}

/* --- Fast returns (docs/monitor.md "Fast returns") ---
 * ivcc ends a function with the masked return `popq %r11; andl $-32,%r11d;
 * addq %r14,%r11; jmpq *%r11`, which every CPU predicts through its
 * indirect-branch predictor; where returns are frequent that costs up to a
 * third of the time on some (AMD Zen 5: docs/benchmarks.md).  While a cVM
 * has one thread and no memory anyone else writes, its last three bytes can
 * be `pushq %r11; retq` instead: the same length, the same masked target,
 * now predicted by the return-stack buffer.  Nothing else can write the
 * slot between the push and the ret then; once something could, the code
 * goes back to the jump (iv_image_code_safe).  Only at jumps the verifier
 * accepted (so the 3 bytes are one instruction, which no branch may
 * target), and only where the 12 bytes are the whole sequence, so a masked
 * jump that is not a return stays a jump. */
static const uint8_t masked_ret[12] = {0x41, 0x5b, 0x41, 0x83, 0xe3, 0xe0,
                                       0x4d, 0x01, 0xf3, 0x41, 0xff, 0xe3};
static const uint8_t push_ret[3] = {0x41, 0x53, 0xc3};
#define RET_JMP_AT 9 /* offset of the jump in masked_ret */

static int fast_returns_on(void)
{
    const char *e = getenv("IV_FAST_RETURNS"); /* "off": measuring, tests */
    return !(e && !strcmp(e, "off"));
}

/* Makes img's masked returns fast in dst (img laid out, span bytes).  Sets
 * done[k] (if not NULL) to the image offset of each one changed; returns
 * how many. */
static size_t make_fast(const struct iv_image *img, uint8_t *dst, uint64_t span, uint32_t *done)
{
    size_t n = 0;
    for (size_t i = 0; i < img->nrets; i++) {
        uint64_t x = img->rets[i];
        if (x < RET_JMP_AT || x + 3 > span || memcmp(dst + x - RET_JMP_AT, masked_ret, sizeof masked_ret))
            continue;
        memcpy(dst + x, push_ret, sizeof push_ret);
        if (done)
            done[n] = (uint32_t)x;
        n++;
    }
    return n;
}

/* A second sealed template, with fast returns (shared like the first). */
/* A sealed memfd holding img laid out as in memory (from the verified
 * bytes), with fast returns if `fast` (0 then if none could be made), or
 * -1.  Sealed: nothing can change the bytes every region maps from it. */
static int sealed_template(const struct iv_image *img, const struct plan *pl, int fast)
{
    int fd = memfd_create(fast ? "iv-image-fast" : "iv-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    uint8_t *m = MAP_FAILED;
    if (fd >= 0 && !ftruncate(fd, (off_t)pl->span))
        m = mmap(NULL, pl->span, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int ok = m != MAP_FAILED;
    if (ok) {
        lay_out(img, pl, m);
        ok = !fast || make_fast(img, m, pl->span, NULL) > 0;
        munmap(m, pl->span);
    }
    if (!ok || fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* Code pages whose protection or mapping could not be set: never leave
 * them writable, nor run what the cVM could write there meanwhile, nor a
 * hole the monitor could map something else into: no access at all, and
 * the cVM ends. */
static int code_lost(struct iv_cvm *c, void *p, size_t len)
{
    if (mprotect(p, len, PROT_NONE))
        mmap(p, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    iv_cvm_end(c, 128 + SIGKILL);
    return -1;
}

/* Writes the 3 bytes `bytes` at every fast-return site of c's privately
 * patched code, a run of pages at a time.  Only with c's one thread in the
 * monitor (no cVM code runs while its pages are writable).  0 or -1. */
static int patch_sites(struct iv_cvm *c, const uint8_t *bytes)
{
    for (size_t i = 0; i < c->nfast_sites;) {
        uint64_t lo = PG_DOWN((uint64_t)c->fast_sites[i]), hi = lo + PG;
        size_t j = i;
        while (j < c->nfast_sites && PG_DOWN((uint64_t)c->fast_sites[j]) <= hi)
            hi = PG_DOWN((uint64_t)c->fast_sites[j++]) + PG;
        void *p = (void *)(uintptr_t)(c->image + lo);
        /* (A failed mprotect may have changed part of the range.) */
        if (mprotect(p, hi - lo, PROT_READ | PROT_WRITE))
            return code_lost(c, p, hi - lo);
        for (; i < j; i++)
            memcpy((void *)(uintptr_t)(c->image + c->fast_sites[i]), bytes, 3);
        if (mprotect(p, hi - lo, PROT_READ | PROT_EXEC))
            return code_lost(c, p, hi - lo);
    }
    return 0;
}

/* Maps c's code pages from template fd again (code pages carry no
 * relocations, so they are the template's bytes).  0 or -1. */
static int remap_code(struct iv_cvm *c, int fd)
{
    struct plan pl;
    if (plan_image(c->fast_img, &pl))
        return -1;
    int rc = 0;
    for (uint64_t pg = 0; pg < pl.npages && !rc;) {
        uint64_t end = pg + 1;
        while (end < pl.npages && pl.exec[end] == pl.exec[pg])
            end++;
        void *p = (void *)(uintptr_t)(c->image + pg * PG);
        if (pl.exec[pg] && mmap(p, (end - pg) * PG, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd,
                                (off_t)(pg * PG)) == MAP_FAILED)
            rc = code_lost(c, p, (end - pg) * PG); /* the old pages may be gone */
        pg = end;
    }
    plan_free(&pl);
    return rc;
}

static int to_masked(struct iv_cvm *c)
{
    return c->fast_img ? remap_code(c, c->fast_img->tmpl_fd) : patch_sites(c, masked_ret + RET_JMP_AT);
}

static int to_fast(struct iv_cvm *c)
{
    return c->fast_img ? remap_code(c, c->fast_img->fast_fd) : patch_sites(c, push_ret);
}

int iv_image_code_safe(struct iv_cvm *c)
{
    int st = __atomic_load_n(&c->fast_ret, __ATOMIC_ACQUIRE);
    if (st == IV_FASTRET_NEVER)
        return 0;
    if (st == IV_FASTRET_ON && to_masked(c))
        return -1;
    free(c->fast_sites);
    c->fast_sites = NULL;
    c->nfast_sites = 0;
    __atomic_store_n(&c->fast_ret, IV_FASTRET_NEVER, __ATOMIC_RELEASE);
    return 0;
}

/* A program that makes hostcalls at a high rate loses more than fast
 * returns give it where the system calls behind them leave the CPU's
 * return-stack buffer useless (on some virtual machines every one does):
 * each return up its call stack then mispredicts, where a masked return,
 * predicted by the branch target buffer, would not (docs/benchmarks.md).
 * So a cVM that keeps above IV_FASTRET_RATE hostcalls per second of its
 * CPU time for IV_FASTRET_BUSY windows in a row goes back to masked
 * returns for now (a start-up burst is shorter than that), and to fast
 * ones when it keeps below half that rate for as long (in CPU time) as
 * IV_FASTRET_BUSY windows of IV_FASTRET_CALM_WINDOW would take at it:
 * the same single-writer condition holds throughout, since anything that
 * would break it ends fast returns for good (IV_FASTRET_NEVER).  The
 * pause needs no lock (the code is masked before the watchdog may write);
 * the resumption takes the region's map lock (below). */
#define IV_FASTRET_RATE 100000
#define IV_FASTRET_BUSY 4
#define IV_FASTRET_CALM_WINDOW 32
/* Each switch remaps or re-protects the code (the process's map lock, TLB
 * shoot-downs felt by every cVM): a cVM that keeps switching stops. */
#define IV_FASTRET_MAX_PAUSES 8

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts))
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* On: every IV_FASTRET_WINDOW hostcalls, their rate per second of the
 * thread's CPU time (a system call here, rare enough). */
static void look_on(struct iv_cvm *c)
{
    c->fast_left = IV_FASTRET_WINDOW;
    uint64_t now = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    if (!now)
        return;
    uint64_t spent = now - c->fast_cpu_ns;
    c->fast_cpu_ns = now;
    /* (Divisions, not products: no overflow however long the window.) */
    if (spent >= (uint64_t)IV_FASTRET_WINDOW * (1000000000ull / IV_FASTRET_RATE)) {
        c->fast_busy = 0;
        return;
    }
    if (++c->fast_busy < IV_FASTRET_BUSY)
        return;
    c->fast_busy = 0;
    if (++c->fast_pauses > IV_FASTRET_MAX_PAUSES) {
        iv_image_code_safe(c); /* if it fails, it stays fast: still safe */
        return;
    }
    if (to_masked(c))
        return; /* it stays fast: still safe */
    c->fast_left = c->fast_calm_window = IV_FASTRET_CALM_WINDOW;
    c->fast_calm_ns = 0;
    c->fast_cpu_ns = 0; /* the next CPU-clock look only takes the CPU time */
    c->fast_wall_ns = clock_ns(CLOCK_MONOTONIC);
    __atomic_store_n(&c->fast_ret, IV_FASTRET_PAUSED, __ATOMIC_RELEASE);
}

/* Paused: every fast_calm_window hostcalls.  The wall clock first
 * (the vDSO: no system call): a thread's CPU time never runs faster, so a
 * window that is busy by it is busy, and a paused cVM that stays busy (a
 * server under load) costs no system call here. */
static void look_paused(struct iv_cvm *c)
{
    /* The window just ended, and the next: it doubles while the CPU clock
     * finds it busy (up to IV_FASTRET_WINDOW), so a busy server that
     * blocks in hostcalls, where the wall clock proves nothing, pays few
     * CPU-clock system calls. */
    /* The CPU time the window's hostcalls take at half the rate. */
    const uint64_t at_half = (uint64_t)c->fast_calm_window * (2000000000ull / IV_FASTRET_RATE);
    int busy = 1, measured = 0;
    uint64_t wall = clock_ns(CLOCK_MONOTONIC), wspent = wall - c->fast_wall_ns;
    c->fast_wall_ns = wall;
    if (wall && wspent > at_half) {
        uint64_t now = clock_ns(CLOCK_THREAD_CPUTIME_ID), had = c->fast_cpu_ns;
        c->fast_cpu_ns = now;
        measured = now && had;
        busy = !measured || now - had <= at_half;
        if (!busy)
            c->fast_calm_ns += now - had;
    } else {
        c->fast_cpu_ns = 0; /* the next CPU-clock look only takes it */
    }
    if (busy) {
        c->fast_calm_ns = 0;
        if (measured && c->fast_calm_window < IV_FASTRET_WINDOW)
            c->fast_calm_window *= 2;
        c->fast_left = c->fast_calm_window;
        return;
    }
    c->fast_left = c->fast_calm_window;
    /* Calm windows in a row until they add up to the CPU time that
     * IV_FASTRET_BUSY short windows take at half the rate (2.56 ms; with
     * hostcalls rarer than that, one window can do). */
    if (c->fast_calm_ns < (uint64_t)IV_FASTRET_BUSY * IV_FASTRET_CALM_WINDOW * (2000000000ull / IV_FASTRET_RATE))
        return;
    c->fast_calm_ns = 0;
    /* On: from the store on, the watchdog writes no signal post
     * (sigpost.c); its read lock makes it finish one it began. */
    if (pthread_rwlock_wrlock(&c->vm.lock))
        return; /* stays paused */
    c->fast_left = IV_FASTRET_WINDOW;
    __atomic_store_n(&c->fast_ret, IV_FASTRET_ON, __ATOMIC_RELEASE);
    to_fast(c); /* if it fails in part, still safe: ON with a jump left */
    pthread_rwlock_unlock(&c->vm.lock);
    c->fast_busy = 0;
    c->fast_cpu_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID); /* the switch is no hostcall time */
}

void iv_fastret_look(struct iv_cvm *c)
{
    int st = __atomic_load_n(&c->fast_ret, __ATOMIC_ACQUIRE);
    if (st == IV_FASTRET_ON)
        look_on(c);
    else if (st == IV_FASTRET_PAUSED)
        look_paused(c);
}

int iv_image_make_template(struct iv_image *img)
{
    struct plan pl;
    img->tmpl_fd = -1;
    if (plan_image(img, &pl))
        return -1;
    int fd = sealed_template(img, &pl, 0);
    if (fd < 0) {
        plan_free(&pl);
        return -1; /* the image is then copied into each region instead */
    }
    img->tmpl_fd = fd;
    img->tmpl_span = pl.span;
    /* A second one with fast returns, shared like the first. */
    img->fast_fd = img->nrets && fast_returns_on() ? sealed_template(img, &pl, 1) : -1;
    plan_free(&pl);
    return 0;
}

static int load_segments(struct iv_cvm *c, const struct iv_image *img, uint64_t *phdr_addr)
{
    struct plan pl;
    if (plan_image(img, &pl))
        return -1;
    const Elf64_Ehdr *eh = pl.eh;
    const Elf64_Phdr *ph = pl.ph;
    int phnum = pl.phnum;
    uint64_t span = pl.span, npages = pl.npages;
    uint8_t *prot = pl.prot, *exec = pl.exec;
    int rc = -1;
    int shared = img->tmpl_fd >= 0 && img->tmpl_span == span;
    /* Fast returns for a cVM not yet running: it has no thread and no
     * shared memory yet (iv_image_code_safe ends them when it gets one). */
    int fast = img->nrets && fast_returns_on() && (!shared || img->fast_fd >= 0);
    int from_fd = shared ? (fast ? img->fast_fd : img->tmpl_fd) : -1;
    if (span > c->vm.budget) {
        fail(img, "image larger than the memory budget");
        goto out;
    }
    uint64_t image = c->image;
    /* Everything writable first, filled, relocated; then final protections.
     * From the sealed template: private mappings of its pages, so pages no
     * cVM writes (code, read-only data) are one copy for every instance,
     * and a page one instance writes (relocations, data) becomes its own.
     * A copy of a large image is filled through one mapping of the span
     * rounded up to 2 MiB (the image offset is 2 MiB-aligned), advised to be
     * a transparent huge page: in some guests the first touch of each fresh
     * 4 KiB page costs ≈ 4 µs even when populated ahead (docs/benchmarks.md
     * "Monitor"); the final protections split it, and what the image leaves
     * unused goes back to the reserved state below (its memory stays with
     * the huge page until the kernel splits it, under memory pressure at the
     * latest: hence only from HUGE_FROM, where it pays). */
    uint64_t filled = !shared && span >= HUGE_FROM ? (span + HUGE - 1) & ~(uint64_t)(HUGE - 1) : 0;
    if (filled) {
        if (map_fixed(image, filled, PROT_READ | PROT_WRITE)) {
            fail(img, strerror(errno));
            goto out;
        }
        madvise((void *)(uintptr_t)image, filled, MADV_HUGEPAGE); /* advice: without THP, plain pages */
    }
    for (uint64_t pg = 0; !filled && pg < npages;) { /* one mmap per run of used pages */
        uint64_t end = pg + 1;
        while (end < npages && !!prot[end] == !!prot[pg])
            end++;
        uint64_t at = image + pg * PG, len = (end - pg) * PG;
        int bad = !prot[pg] ? 0
                  : shared  ? mmap((void *)(uintptr_t)at, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED,
                                   from_fd, (off_t)(pg * PG)) == MAP_FAILED
                            : map_fixed(at, len, PROT_READ | PROT_WRITE);
        if (bad) {
            fail(img, strerror(errno));
            goto out;
        }
        pg = end;
    }
    if (!shared)
        lay_out(img, &pl, (uint8_t *)(uintptr_t)image);
    if (fast && !shared) {
        c->fast_sites = malloc(img->nrets * sizeof *c->fast_sites);
        c->nfast_sites = c->fast_sites ? make_fast(img, (uint8_t *)(uintptr_t)image, span, c->fast_sites) : 0;
        fast = c->nfast_sites > 0;
    }
    c->fast_img = fast && shared ? img : NULL;
    c->fast_ret = fast ? IV_FASTRET_ON : IV_FASTRET_NEVER;
    c->fast_left = IV_FASTRET_WINDOW;
    if (apply_relocs(img, ph, phnum, span, image, exec))
        goto out;
    for (uint64_t pg = 0; pg < npages;) {
        uint64_t end = pg + 1;
        while (end < npages && prot[end] == prot[pg])
            end++;
        if (prot[pg]) {
            int hp = (prot[pg] & IV_P_R ? PROT_READ : 0) | (prot[pg] & IV_P_W ? PROT_WRITE : 0) |
                     (prot[pg] & IV_P_X ? PROT_EXEC : 0);
            if (mprotect((void *)(uintptr_t)(image + pg * PG), (end - pg) * PG, hp)) {
                fail(img, strerror(errno));
                goto out;
            }
            vmem_set(&c->vm, IV_IMAGE_OFFSET + pg * PG, IV_IMAGE_OFFSET + end * PG, prot[pg],
                     exec[pg] ? IV_MK_CODE : IV_MK_IMAGE);
        }
        pg = end;
    }
    /* The copy's pages the image does not use: reserved again, as the rest
     * of the region (nothing the cVM could reach outside its accounting). */
#define USED(pg) ((pg) < npages && prot[pg])
    for (uint64_t pg = 0; pg < filled / PG;) {
        uint64_t end = pg + 1;
        while (end < filled / PG && USED(end) == USED(pg))
            end++;
        if (!USED(pg) && mmap((void *)(uintptr_t)(image + pg * PG), (end - pg) * PG, PROT_NONE,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED) {
            fail(img, strerror(errno));
            goto out;
        }
        pg = end;
    }
#undef USED
    if (eh->e_entry >= span || !exec[eh->e_entry / PG] || eh->e_entry % IV_BUNDLE_SIZE) {
        fail(img, "entry point not a bundle start in code");
        goto out;
    }
    c->entry = image + eh->e_entry;
    c->image_span = span;
    /* AT_PHDR: where the program headers are in memory, if loaded. */
    *phdr_addr = 0;
    for (int i = 0; i < phnum; i++)
        if (ph[i].p_type == PT_LOAD && eh->e_phoff >= ph[i].p_offset &&
            eh->e_phoff - ph[i].p_offset < ph[i].p_filesz)
            *phdr_addr = image + ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
    rc = 0;
out:
    plan_free(&pl);
    return rc;
}

/* Copies `s` below *sp on the new stack; returns its cVM address. */
static uint64_t push_str(uint64_t *sp, const char *s)
{
    size_t n = strlen(s) + 1;
    *sp -= n;
    memcpy((void *)(uintptr_t)*sp, s, n);
    return *sp;
}

static int build_stack(struct iv_cvm *c, const struct iv_image *img, const struct iv_cvm_opts *o,
                       uint64_t phdr)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img->data;
    uint64_t size = IV_MAIN_STACK(o), top = c->base + IV_STACK_TOP, lo = top - size;
    if (map_fixed(lo, size, PROT_READ | PROT_WRITE))
        return fail(img, "cannot map the stack");
    vmem_set(&c->vm, lo - c->base, top - c->base, IV_P_R | IV_P_W, IV_MK_STACK);
    if (size > IV_MAIN_STACK_EAGER) {
        /* The top IV_MAIN_STACK_EAGER is charged as mapped (as every stack
         * was before the 8 MiB default); the rest only once touched. */
        c->vm.lazy_lo = lo - c->base;
        c->vm.lazy_hi = top - IV_MAIN_STACK_EAGER - c->base;
        c->vm.used -= c->vm.lazy_hi - c->vm.lazy_lo;
    }
    uint64_t sp = top;
    size_t strbytes = 0;
    for (int i = 0; i < o->argc; i++)
        strbytes += strlen(o->argv[i]) + 1;
    for (int i = 0; i < o->nenv; i++)
        strbytes += strlen(o->env[i]) + 1;
    if (strbytes > size / 4 || o->argc + o->nenv > 16384)
        return fail(img, "arguments too large");
    uint64_t *argv = calloc((size_t)o->argc + (size_t)o->nenv + 2, 8);
    if (!argv)
        return fail(img, "out of memory");
    uint64_t *envp = argv + o->argc + 1;
    for (int i = 0; i < o->argc; i++)
        argv[i] = push_str(&sp, o->argv[i]);
    for (int i = 0; i < o->nenv; i++)
        envp[i] = push_str(&sp, o->env[i]);
    uint8_t rnd[16 + 2];
    if (getrandom(rnd, sizeof rnd, 0) != sizeof rnd)
        memset(rnd, 0x5a, sizeof rnd);
    /* A random gap below the strings, as Linux leaves (arch_align_stack):
     * where the hot stack frames fall within a page then changes from run
     * to run as natively, instead of one fixed draw for the cVM's whole
     * life (one draw made Lua fib 10 % slower through 4 KiB aliasing with
     * its heap: docs/benchmarks.md). */
    sp -= (uint64_t)(rnd[16] | rnd[17] << 8) % IV_STACK_GAP_MAX(size);
    sp -= 16;
    memcpy((void *)(uintptr_t)sp, rnd, 16);
    uint64_t at_random = sp;
    uint64_t auxv[] = {AT_PHDR, phdr, AT_PHENT, sizeof(Elf64_Phdr), AT_PHNUM, eh->e_phnum,
                       AT_PAGESZ, IV_PAGE_SIZE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, c->entry,
                       AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0, AT_SECURE, 0,
                       AT_RANDOM, at_random, AT_NULL, 0};
    size_t words = 1 + (size_t)o->argc + 1 + (size_t)o->nenv + 1 + sizeof auxv / 8;
    sp = (sp - words * 8) & ~15ull; /* rsp 16-aligned at _start, like Linux */
    if (top - sp > size / 2) { /* leave the program at least half its stack */
        free(argv);
        return fail(img, "arguments too large");
    }
    uint64_t *w = (uint64_t *)(uintptr_t)sp;
    *w++ = (uint64_t)o->argc;
    memcpy(w, argv, ((size_t)o->argc + 1) * 8);
    w += o->argc + 1;
    memcpy(w, envp, ((size_t)o->nenv + 1) * 8);
    w += o->nenv + 1;
    memcpy(w, auxv, sizeof auxv);
    free(argv);
    c->sp = sp;
    return 0;
}

static int map_rt_table(struct iv_cvm *c)
{
    uint64_t t = c->base + IV_RTCALL_TABLE_OFFSET;
    if (map_fixed(t, IV_RTCALL_TABLE_SIZE, PROT_READ | PROT_WRITE))
        return -1;
    uint64_t *slot = (uint64_t *)(uintptr_t)t;
    for (unsigned i = 0; i < IV_RTCALL_SLOTS; i++)
        slot[i] = (uint64_t)(uintptr_t)(iv_hc_stubs + 16 * i);
    if (mprotect((void *)(uintptr_t)t, IV_RTCALL_TABLE_SIZE, PROT_READ))
        return -1;
    if (vmem_set(&c->vm, IV_RTCALL_TABLE_OFFSET, IV_RTCALL_TABLE_OFFSET + IV_RTCALL_TABLE_SIZE,
                 IV_P_R, IV_MK_RT))
        return -1;
    /* The clock page, shared read-only by every region (core/clock.c). */
    if (iv_clock_map(c->base))
        return -1;
    return vmem_set(&c->vm, IV_CLOCK_PAGE_OFFSET, IV_CLOCK_PAGE_OFFSET + IV_PAGE_SIZE, IV_P_R, IV_MK_RT);
}

int iv_image_load(struct iv_cvm *c, const struct iv_image *img, const struct iv_cvm_opts *o)
{
    uint64_t phdr = 0;
    if (map_rt_table(c))
        return fail(img, "cannot map the runtime-call table");
    if (load_segments(c, img, &phdr))
        return -1;
    if (build_stack(c, img, o, phdr))
        return -1;
    c->vm.heap_lo = PG_UP(IV_IMAGE_OFFSET + c->image_span + IV_HEAP_GAP);
    c->vm.heap_hi = IV_STACK_TOP - IV_MAIN_STACK(o) - IV_HEAP_GAP;
    c->vm.used -= IV_RTCALL_TABLE_SIZE + IV_PAGE_SIZE; /* the table and clock page are the monitor's */
    if (c->vm.used > c->vm.budget)
        return fail(img, "image and stack exceed the memory budget");
    return 0;
}
