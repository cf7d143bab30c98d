/* perf's map of JIT code (/tmp/perf-PID.map) for cVM images.  With
 * IV_PERF_MAP=1 in the monitor's environment, every cVM's function symbols
 * are appended with their addresses in its region, so `perf report` names
 * the functions inside cVMs instead of "[JIT] tid N".  A developer's tool,
 * off by default.  The image is untrusted input: every offset, size and
 * name is checked against the file, and a bad symbol table adds nothing. */
#include "core/perfmap.h"
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int map_fd = -1;

void iv_perfmap_init(void)
{
    const char *e = getenv("IV_PERF_MAP");
    if (!e || strcmp(e, "1") || map_fd >= 0)
        return;
    char path[64];
    snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
    map_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (map_fd < 0)
        fprintf(stderr, "intravisor: IV_PERF_MAP: cannot open %s\n", path);
}

void iv_perfmap_use_fd(int fd) { map_fd = fd; }

/* [off, off + len) lies inside a file of `size` bytes. */
static int inside(uint64_t off, uint64_t len, uint64_t size) { return off <= size && len <= size - off; }

static void flush(char *buf, size_t *n)
{
    for (size_t done = 0; done < *n;) {
        ssize_t w = write(map_fd, buf + done, *n - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    *n = 0;
}

void iv_perfmap_add(const struct iv_image *img, uint64_t load)
{
    if (map_fd < 0 || img->size < sizeof(Elf64_Ehdr))
        return;
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img->data;
    if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
        !inside(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), img->size) || eh->e_shoff % 8)
        return;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(img->data + eh->e_shoff);
    char buf[8192];
    size_t n = 0;
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        const Elf64_Shdr *s = &sh[i];
        if (s->sh_type != SHT_SYMTAB || s->sh_entsize != sizeof(Elf64_Sym) || s->sh_link >= eh->e_shnum ||
            !inside(s->sh_offset, s->sh_size, img->size) || s->sh_offset % 8)
            continue;
        const Elf64_Shdr *st = &sh[s->sh_link];
        if (!inside(st->sh_offset, st->sh_size, img->size))
            continue;
        const Elf64_Sym *sym = (const Elf64_Sym *)(img->data + s->sh_offset);
        const char *str = (const char *)img->data + st->sh_offset;
        for (uint64_t k = 0; k < s->sh_size / sizeof(Elf64_Sym); k++) {
            if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC || !sym[k].st_size || sym[k].st_name >= st->sh_size)
                continue;
            const char *name = str + sym[k].st_name;
            size_t len = strnlen(name, st->sh_size - sym[k].st_name);
            if (len == st->sh_size - sym[k].st_name || len > 200)
                continue; /* not terminated inside the table, or absurd */
            if (n + len + 48 > sizeof buf)
                flush(buf, &n);
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%llx %llx %.*s\n",
                                  (unsigned long long)(load + sym[k].st_value),
                                  (unsigned long long)sym[k].st_size, (int)len, name);
        }
    }
    flush(buf, &n);
}
