/* maplimit: a cVM at its mapping limit (YAML `mappings`).  What would
 * split a mapping (a hole punched by munmap, a page re-protected or
 * advised in the middle) fails with ENOMEM and changes nothing, as Linux
 * at vm.max_map_count; what does not split one (unmapping or re-protecting
 * a whole mapping) still works, so a cVM at its limit can give mappings
 * back and go on.  Prints "maplimit ok". */
#include "util.h"

#define PG 4096l
#define RW (IV_PROT_READ | IV_PROT_WRITE)
#define SLOTS 4096l

static char pattern(long i) { return (char)(i * 7 + 3); }

int main(void)
{
    /* One reservation; m: a 4-page mapping with known contents at its
     * start, then one-page mappings with gaps until the limit. */
    char *base = (char *)iv_mmap(0, (SLOTS + 8) * 2 * PG, 0, 0);
    expect("reserve", IV_IS_ERR((long)base), 0);
    if (IV_IS_ERR((long)base))
        return 1;
    char *m = base;
    expect("map m", iv_mmap(m, 4 * PG, RW, IV_MAP_FIXED), (long)m);
    for (long i = 0; i < 4 * PG; i++)
        m[i] = pattern(i);
    char *slot = base + 6 * PG;
    long n = 0, r = 0;
    for (; n < SLOTS; n++) {
        r = iv_mmap(slot + n * 2 * PG, PG, RW, IV_MAP_FIXED);
        if (IV_IS_ERR(r))
            break;
        slot[n * 2 * PG] = 1;
    }
    expect("stopped at the limit", r, -12);
    if (n == SLOTS)
        return 1;
    /* Splits refused, nothing changed. */
    expect("hole in m", iv_munmap(m + PG, PG), -12);
    expect("reprotect inside m", iv_mprotect(m + PG, PG, IV_PROT_READ), -12);
    expect("advise inside m", iv_madvise(m + PG, PG, 14), -12);
    long bad = 0;
    for (long i = 0; i < 4 * PG; i++)
        bad += m[i] != pattern(i);
    expect("m kept", bad, 0);
    m[PG] = 9; /* still writable: the refused mprotect changed nothing */
    expect("m writable", m[PG], 9);
    /* No split: a whole mapping unmapped, a whole mapping re-protected. */
    expect("reprotect a whole slot", iv_mprotect(slot, PG, IV_PROT_READ), 0);
    expect("unmap a whole slot", iv_munmap(slot + 2 * PG, PG), 0);
    expect("unmap m", iv_munmap(m, 4 * PG), 0);
    /* The entries given back are usable again. */
    expect("map again", iv_mmap(m, PG, RW, IV_MAP_FIXED), (long)m);
    m[0] = 5;
    expect("new page", m[0], 5);
    if (!t_fails)
        t_puts("maplimit ok\n");
    return t_fails;
}
