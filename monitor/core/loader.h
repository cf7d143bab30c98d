/* Loading a verified image into a region and building the initial stack. */
#ifndef MONITOR_LOADER_H
#define MONITOR_LOADER_H
#include <stddef.h>
#include <stdint.h>

struct iv_cvm;
struct iv_cvm_opts;

/* An image file's bytes, read into memory once: what is verified is what is
 * mapped, so a file changing on disk after verification cannot matter. */
struct iv_image {
    uint8_t *data;
    size_t size;
    size_t data_map; /* data is an mmap of this many bytes, or 0: malloc */
    uint8_t hash[32]; /* SHA-256 of data (iv_image_read) */
    const char *path;
    /* The verified image laid out as in memory, in a sealed memfd that
     * every region maps from (shared read-only pages), or -1: copied. */
    int tmpl_fd;
    uint64_t tmpl_span;
    /* Fast returns (docs/monitor.md): the image vaddrs of the masked
     * returns' `jmp *%r11` the verifier accepted, ascending, and the
     * template with each one made `push %r11; ret` (or -1). */
    uint32_t *rets;
    size_t nrets, rets_cap;
    int rets_lost; /* out of memory while collecting: no fast returns */
    int fast_fd;
};

/* Reads a file.  0 or -1 with a message on stderr. */
int iv_image_read(const char *path, struct iv_image *img);
/* Runs the verifier, unless this monitor build accepted the same bytes
 * before (core/vcache.c).  0, or -1 with "IMAGE: 0xOFF: insn: reason" on
 * stderr. */
int iv_image_verify(struct iv_image *img);
void iv_image_free(struct iv_image *img);
/* Gives back the memory past the image's bytes (for images kept long). */
void iv_image_trim(struct iv_image *img);
/* Makes img's sealed template (after it is verified).  0 or -1. */
int iv_image_make_template(struct iv_image *img);
/* Maps img into c's region (code R-X, data RW/R), applies relocations, maps
 * the runtime-call table and the main stack, builds argv/envp/auxv. */
int iv_image_load(struct iv_cvm *c, const struct iv_image *img, const struct iv_cvm_opts *o);
/* Fast returns: a cVM's code is loaded with `push %r11; ret` for its masked
 * returns, which the return-stack buffer predicts, while nothing but its one
 * thread can write its memory (a second writer could change the return
 * address between the push and the ret).  Called by that thread before it
 * lets a second writer in (a thread, CAP Call visitors, a shared mapping;
 * the watchdog leaves signal posts to the thread itself, sigpost.c): turns c's code back to masked returns for good.  0, or
 * -1 (out of memory: the caller must refuse what it was about to allow). */
int iv_image_code_safe(struct iv_cvm *c);

/* Region layout beyond docs/sfi.md (see docs/monitor.md). */
/* Main-thread stack: Linux's default 8 MiB unless the cVM asks otherwise
 * (`run --stack`, YAML `stack`).  Mapped lazily: only pages the cVM
 * touches take host memory. */
#define IV_MAIN_STACK_DEFAULT (8ull << 20)
#define IV_MAIN_STACK_MIN (64ull << 10)
#define IV_MAIN_STACK_EAGER (1ull << 20) /* charged at load; the rest when touched */
#define IV_MAIN_STACK_MAX (1ull << 30)
#define IV_MAIN_STACK(o) ((o)->stack ? (o)->stack : IV_MAIN_STACK_DEFAULT)
/* The random gap below the argument strings: < 8 KiB as on Linux, less on
 * a small stack. */
#define IV_STACK_GAP_MAX(size) ((size) / 16 < 8192 ? (size) / 16 : 8192)
#define IV_STACK_TOP (IV_REGION_SIZE - IV_GUARD_SIZE)
#define IV_HEAP_GAP (1ull << 20) /* kept unmapped below the main stack */
#endif
