/* maprand: random mmap/munmap/mprotect/madvise over one reservation of
 * PAGES pages, every accessible page touched (so the kernel keeps pieces
 * apart), run with a small YAML `mappings` limit.  Whatever is refused,
 * the kernel's mappings inside the reservation must stay within what the
 * limit pays for; the test counts them in /proc/PID/maps while this
 * holds: it prints its /proc/self/maps, "range LO HI" (hex) and "ready",
 * then sleeps 2 s.
 *   maprand SEED */
#include "util.h"

#define PG 4096l
#define PAGES 256l
#define STEPS 20000

static unsigned long rng;
static unsigned long next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void puthex(unsigned long v)
{
    char b[17];
    for (int i = 15; i >= 0; i--, v >>= 4)
        b[i] = "0123456789abcdef"[v & 15];
    b[16] = 0;
    t_puts(b);
}

int main(int argc, char **argv)
{
    rng = 88172645463325252ul;
    for (const char *s = argc > 1 ? argv[1] : ""; *s; s++)
        rng = rng * 31 + (unsigned long)*s;
    char *res = (char *)iv_mmap(0, PAGES * PG, 0, 0);
    expect("reserve", IV_IS_ERR((long)res), 0);
    if (IV_IS_ERR((long)res))
        return 1;
    static unsigned char prot[PAGES]; /* what this program believes */
    long refused = 0;
    for (int s = 0; s < STEPS; s++) {
        /* Mostly single pages, so that pieces multiply. */
        long at = (long)(next() % PAGES), n = next() % 8 ? 1 : 1 + (long)(next() % 8);
        if (at + n > PAGES)
            n = PAGES - at;
        char *p = res + at * PG;
        int k = (int)(next() % 20), pr = (int)(next() % 3); /* none, R, RW */
        int op = k < 8 ? 0 : k < 14 ? 2 : k < 17 ? 1 : 3;
        long r;
        if (op == 0)
            r = iv_mmap(p, (size_t)(n * PG), pr == 2 ? IV_PROT_READ | IV_PROT_WRITE : pr, IV_MAP_FIXED);
        else if (op == 1)
            r = iv_munmap(p, (size_t)(n * PG));
        else if (op == 2)
            r = iv_mprotect(p, (size_t)(n * PG), pr == 2 ? IV_PROT_READ | IV_PROT_WRITE : pr);
        else
            r = iv_madvise(p, (size_t)(n * PG), 14 + (int)(next() % 2));
        if (IV_IS_ERR(r)) {
            refused++;
            continue;
        }
        for (long i = at; i < at + n; i++) {
            if (op == 0 || op == 2)
                prot[i] = (unsigned char)pr;
            else if (op == 1)
                prot[i] = 0;
            if (prot[i] == 2)
                res[i * PG] = (char)s; /* its own anon_vma: kept apart */
        }
    }
    /* The pages this program may write are still writable and keep it. */
    long bad = 0;
    for (long i = 0; i < PAGES; i++)
        if (prot[i] == 2) {
            res[i * PG + 1] = 7;
            bad += res[i * PG + 1] != 7;
        }
    expect("writable pages", bad, 0);
    t_puts("refused ");
    t_putnum(refused);
    /* The monitor's entries as the cVM sees them (/proc/self/maps), for
     * the test to compare with the kernel's. */
    static char maps[1 << 16];
    long fd = iv_openat(IV_AT_FDCWD, "/proc/self/maps", 0, 0), got = 0, r;
    while (fd >= 0 && got < (long)sizeof maps - 1 && (r = iv_read((int)fd, maps + got, sizeof maps - 1 - got)) > 0)
        got += r;
    maps[got > 0 ? got : 0] = 0;
    t_puts("\n");
    t_puts(maps);
    t_puts("range ");
    puthex((unsigned long)res);
    t_puts(" ");
    puthex((unsigned long)res + PAGES * PG);
    t_puts("\nready\n");
    iv_nanosleep(2000000000l);
    return t_fails;
}
